// SPDX-License-Identifier: GPL-2.0
/* The reader's run records: config (parsed to values once), run, ns, events, samples. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "parse.h"
#include "reader_util.h"
#include "stats.h"

static int word(const struct pab_vocab *v, const char *s)
{
	return s ? pab_vocab_parse(v, s) : -1;
}

/* The config's words as values, the mix in ppm, the batch size, the canonical key. */
static void parse_config(struct ctx *c, json_t *cfg, const char *where, struct pab_rec *rec)
{
	json_t *ppm = json_object_get(cfg, "mix_ppm");
	char perr[PAB_ERRLEN], key[512];
	uint8_t pattern[PAB_PATTERN_MAX];
	uint32_t layout = 0, plen = 0, lazy, batch = 0;

	rec->method_id = word(&pab_methods, rec->method);
	rec->region_id = word(&pab_region_kinds, rec->region);
	rec->tlb_id = word(&pab_tlb_modes, rec->tlb);
	rec->lazy_id = rec->lazy && !pab_parse_lazy(rec->lazy, &lazy, &batch, perr) ? (int)lazy : -1;
	rec->batch = batch;
	if (json_object_get(cfg, "batch"))
		rec->batch = (uint32_t)rd_uint(c, cfg, where, "batch", false);
	rec->layout_id = rec->layout && !pab_parse_layout(rec->layout, &layout, pattern, &plen, perr)
			 ? (int)layout : -1;
	if (json_is_object(ppm)) {
		for (unsigned int l = 0; l < PAB_LVL_NR; l++) {
			char field[32];
			uint64_t v = rd_uint(c, ppm, where, pab_level_name(l), false);

			snprintf(field, sizeof(field), "mix_ppm.%s", pab_level_name(l));
			if (v > PAB_PPM)
				rd_fail(c, where, field, "is more than 1000000 ppm");
			rec->mix_ppm[l] = (uint32_t)v;
		}
		rec->have_mix = true;
	} else if (layout == PAB_LAYOUT_PATTERN && rec->layout_id >= 0) {
		/* Older files gave a pattern's mix as "pte": the pattern says what it is. */
		pab_pattern_mix(pattern, plen, rec->mix_ppm);
		rec->have_mix = true;
	} else if (rec->mix) {
		rec->have_mix = !pab_parse_mix(rec->mix, rec->mix_ppm, perr);
	}
	if (rec->name)
		rec->key = strdup(pab_name_canonical(rec->name, key, sizeof(key)));
	if (rec->layout_id >= 0)
		rec->layout_key = strdup(pab_format_layout(layout, pattern, plen, key, sizeof(key)));
	else if (rec->layout)
		rec->layout_key = strdup(rec->layout);
	rec->ok = rec->status && !strcmp(rec->status, "ok");
}

/*
 * samples.FIELD: integers >= 0 (malloc'd, at least one element), NULL when
 * absent; with want, it must hold as many values as samples.ns.
 */
static uint64_t *rd_samples(struct ctx *c, json_t *samples, const char *where, const char *field,
			    const size_t *want, size_t *n)
{
	json_t *a = json_object_get(samples, field);
	char name[64], what[96];
	uint64_t *v;

	snprintf(name, sizeof(name), "samples.%s", field);
	*n = json_array_size(a);
	if (!a)
		return NULL;
	if (rd_bulk_index(c, a) >= 0) {
		/* Read from the text already (results_reader.c): integers >= 0. */
		struct rd_bulk *b = &c->bulk[rd_bulk_index(c, a)];

		*n = b->n;
		if (want && *n != *want) {
			snprintf(what, sizeof(what), "holds %zu values, samples.ns %zu", *n, *want);
			rd_fail(c, where, name, what);
			return NULL;
		}
		if (!b->v) {
			rd_fail(c, where, name, "is not an array");
			return NULL;
		}
		v = b->v;
		b->v = NULL;	/* the record owns it now */
		return v;
	}
	if (!json_is_array(a)) {
		rd_fail(c, where, name, "is not an array");
		return NULL;
	}
	if (want && *n != *want) {
		snprintf(what, sizeof(what), "holds %zu values, samples.ns %zu", *n, *want);
		rd_fail(c, where, name, what);
		return NULL;
	}
	v = calloc(*n ? *n : 1, sizeof(*v));
	for (size_t s = 0; v && s < *n; s++) {
		json_t *x = json_array_get(a, s);

		if (!json_is_integer(x) || json_integer_value(x) < 0) {
			rd_fail(c, where, name, "holds a value that is not an integer >= 0");
			break;
		}
		v[s] = (uint64_t)json_integer_value(x);
	}
	return v;
}

/* A summary number as written, NaN when absent or null (older files, no null windows). */
static double rd_opt(struct ctx *c, json_t *r, const char *where, const char *field)
{
	json_t *v = json_object_get(r, field);

	return v && !json_is_null(v) ? rd_num(c, r, where, field, true) : NAN;
}

/* The calls the statistics use, as the split decided. */
static void rd_split(struct pab_rec *rec, const struct pab_irq_split *split)
{
	rec->nsamples = split->kept;
	rec->irq_hit_calls = split->hits;
	rec->irq_excluded = split->excluded ? split->hits : 0;
}

/*
 * Since UAPI 3: the null window after each call, the interrupts in each
 * call, and the summary. The interrupt-hit calls leave samples_ns (and
 * samples_null) as the run decided, so every statistic of every command
 * is over the same calls as the run's own.
 */
static void rd_net(struct ctx *c, json_t *r, json_t *samples, const char *where, struct pab_rec *rec)
{
	size_t n = rec->nsamples, m, *hit, nhit;
	uint64_t *irq;
	struct pab_irq_split split;

	rec->ncalls = n;
	rec->keep_irq_samples = json_is_true(json_object_get(r, "keep_irq_samples"));
	rec->irq_hit_calls = rd_uint(c, r, where, "irq_hit_calls", false);
	rec->irq_excluded = rd_uint(c, r, where, "irq_excluded", false);
	rec->null_median_ns = rd_opt(c, r, where, "null_median_ns");
	rec->net_median_ns = rd_opt(c, r, where, "net_median_ns");
	rec->net_ci_lo_ns = rd_opt(c, r, where, "net_ci_lo_ns");
	rec->net_ci_hi_ns = rd_opt(c, r, where, "net_ci_hi_ns");
	if (!rec->samples_ns)
		return;
	rec->samples_null = rd_samples(c, samples, where, "null_ns", &n, &m);
	if (rd_bulk_hits(c, samples, "irq", &m, &hit, &nhit)) {
		if (m != n) {
			char what[96];

			snprintf(what, sizeof(what), "holds %zu values, samples.ns %zu", m, n);
			rd_fail(c, where, "samples.irq", what);
		} else {
			pab_drop_hit_calls(rec->samples_ns, rec->samples_null, n, hit, nhit,
					   rec->keep_irq_samples, &split);
			rd_split(rec, &split);
		}
		free(hit);
		return;
	}
	irq = rd_samples(c, samples, where, "irq", &n, &m);
	if (!irq)
		return;
	pab_drop_irq_hits(rec->samples_ns, rec->samples_null, irq, n, rec->keep_irq_samples,
			  rec->samples_ns, rec->samples_null, &split);
	rd_split(rec, &split);
	free(irq);
}

void rd_run_record(struct ctx *c, json_t *r, const char *where, struct pab_rec *rec)
{
	json_t *cfg, *run, *ns, *ev, *samples;

	rec->name = rd_str(c, r, where, "name", true);
	rec->status = rd_str(c, r, where, "status", true);
	rec->error = rd_str(c, r, where, "error", false);
	cfg = json_object_get(r, "config");
	if (!json_is_object(cfg)) {
		rd_fail(c, where, "config", "is missing or not an object");
		return;
	}
	rec->method = rd_str(c, cfg, where, "method", true);
	rec->region = rd_str(c, cfg, where, "region", true);
	rec->mix = rd_str(c, cfg, where, "mix", true);
	rec->layout = rd_str(c, cfg, where, "layout", true);
	rec->lazy = rd_str(c, cfg, where, "lazy", true);
	rec->tlb = rd_str(c, cfg, where, "tlb", true);
	rec->bytes = rd_uint(c, cfg, where, "bytes", true);
	rec->iterations = rd_uint(c, cfg, where, "iterations", true);
	/* Cold calls (PAB_RUN_COLD): absent in older files, which measured hot calls only. */
	if (json_object_get(cfg, "cold") && !json_is_boolean(json_object_get(cfg, "cold")))
		rd_fail(c, where, "config.cold", "is not true or false");
	rec->cold = json_is_true(json_object_get(cfg, "cold"));
	parse_config(c, cfg, where, rec);
	run = json_object_get(r, "run");
	if (!json_is_object(run)) {
		rd_fail(c, where, "run", "is missing or not an object");
		return;
	}
	rec->completed = rd_uint(c, run, where, "completed", true);
	rec->run_seq = rd_uint(c, run, where, "run_seq", false);
	rec->entries = rd_uint(c, run, where, "entries_per_call", true);
	/* UAPI 5: the PTE tables the region's PTEs are in (0: an older file). */
	rec->pte_tables = rd_uint(c, r, where, "pte_tables", false);
	/* UAPI 6, set_memory_* on arm64 only: absent means not counted. */
	rec->alias_splits_timed = json_is_integer(json_object_get(run, "alias_splits_timed")) ?
		(int64_t)rd_uint(c, run, where, "alias_splits_timed", true) : -1;
	rec->alias_splits_warmup = json_is_integer(json_object_get(run, "alias_splits_warmup")) ?
		(int64_t)rd_uint(c, run, where, "alias_splits_warmup", true) : -1;
	ns = json_object_get(r, "ns");
	if (rec->status && !strcmp(rec->status, "ok") && !json_is_object(ns)) {
		rd_fail(c, where, "ns", "is missing on an ok record");
		return;
	}
	if (json_is_object(ns)) {
		rec->median_ns = rd_num(c, ns, where, "median", true);
		rec->p5_ns = rd_num(c, ns, where, "p5", true);
		rec->p95_ns = rd_num(c, ns, where, "p95", true);
		rec->mean_ns = rd_num(c, ns, where, "mean", true);
		rec->stddev_ns = rd_num(c, ns, where, "stddev", true);
		rec->ns_per_entry = rd_num(c, r, where, "ns_per_entry", false);
	}
	ev = json_object_get(r, "events");
	if (ev && !json_is_array(ev))
		rd_fail(c, where, "events", "is not an array");
	for (size_t e = 0; json_is_array(ev) && e < json_array_size(ev) && e < PAB_READER_MAX_EVENTS; e++) {
		json_t *x = json_array_get(ev, e);
		struct pab_rec_event *re = &rec->events[rec->nevents++];

		re->name = rd_str(c, x, where, "name", true);
		re->counted = !json_object_get(x, "error");
		if (re->counted) {
			re->median = rd_num(c, x, where, "median", true);
			re->net = rd_num(c, x, where, "net", true);
			re->per_entry = rd_num(c, x, where, "per_entry", false);
		}
	}
	samples = json_object_get(r, "samples");
	rec->samples_ns = rd_samples(c, samples, where, "ns", NULL, &rec->nsamples);
	rd_net(c, r, samples, where, rec);
}
