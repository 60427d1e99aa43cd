// SPDX-License-Identifier: GPL-2.0
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "parse.h"
#include "results_reader.h"

struct ctx {
	const char *path;
	char *err;
	size_t errlen;
	int failed;
};

static void fail(struct ctx *c, const char *where, const char *field, const char *what)
{
	if (c->failed++)
		return;
	snprintf(c->err, c->errlen, "%s: %s: field '%s' %s", c->path, where, field, what);
}

static char *get_str(struct ctx *c, json_t *o, const char *where, const char *field, bool required)
{
	json_t *v = json_object_get(o, field);

	if (!v) {
		if (required)
			fail(c, where, field, "is missing");
		return NULL;
	}
	if (!json_is_string(v)) {
		fail(c, where, field, "is not a string");
		return NULL;
	}
	return strdup(json_string_value(v));
}

static double get_num(struct ctx *c, json_t *o, const char *where, const char *field, bool required)
{
	json_t *v = json_object_get(o, field);

	if (!v || json_is_null(v)) {
		if (required)
			fail(c, where, field, "is missing");
		return 0;
	}
	if (!json_is_number(v)) {
		fail(c, where, field, "is not a number");
		return 0;
	}
	return json_number_value(v);
}

/*
 * A count or a size: a number from 0 to 2^64 (converting anything else,
 * e.g. -1 or 1e300, to uint64_t is undefined).
 */
static uint64_t get_uint(struct ctx *c, json_t *o, const char *where, const char *field, bool required)
{
	double v = get_num(c, o, where, field, required);

	if (!(v >= 0 && v < 18446744073709551616.0)) {
		fail(c, where, field, "is not a count (a number from 0 to 2^64)");
		return 0;
	}
	return (uint64_t)v;
}

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
		rec->batch = (uint32_t)get_uint(c, cfg, where, "batch", false);
	rec->layout_id = rec->layout && !pab_parse_layout(rec->layout, &layout, pattern, &plen, perr)
			 ? (int)layout : -1;
	if (json_is_object(ppm)) {
		for (unsigned int l = 0; l < PAB_LVL_NR; l++) {
			char field[32];
			uint64_t v = get_uint(c, ppm, where, pab_level_name(l), false);

			snprintf(field, sizeof(field), "mix_ppm.%s", pab_level_name(l));
			if (v > PAB_PPM)
				fail(c, where, field, "is more than 1000000 ppm");
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
	rec->ok = rec->status && !strcmp(rec->status, "ok");
}

static void load_record(struct ctx *c, json_t *r, size_t i, struct pab_rec *rec)
{
	char where[64];
	json_t *cfg, *run, *ns, *ev, *samples;

	snprintf(where, sizeof(where), "results[%zu]", i);
	if (!json_is_object(r)) {
		fail(c, where, "(record)", "is not an object");
		return;
	}
	rec->name = get_str(c, r, where, "name", true);
	rec->status = get_str(c, r, where, "status", true);
	rec->error = get_str(c, r, where, "error", false);
	cfg = json_object_get(r, "config");
	if (!json_is_object(cfg)) {
		fail(c, where, "config", "is missing or not an object");
		return;
	}
	rec->method = get_str(c, cfg, where, "method", true);
	rec->region = get_str(c, cfg, where, "region", true);
	rec->mix = get_str(c, cfg, where, "mix", true);
	rec->layout = get_str(c, cfg, where, "layout", true);
	rec->lazy = get_str(c, cfg, where, "lazy", true);
	rec->tlb = get_str(c, cfg, where, "tlb", true);
	rec->bytes = get_uint(c, cfg, where, "bytes", true);
	rec->iterations = get_uint(c, cfg, where, "iterations", true);
	parse_config(c, cfg, where, rec);
	run = json_object_get(r, "run");
	if (!json_is_object(run)) {
		fail(c, where, "run", "is missing or not an object");
		return;
	}
	rec->completed = get_uint(c, run, where, "completed", true);
	rec->entries = get_uint(c, run, where, "entries_per_call", true);
	ns = json_object_get(r, "ns");
	if (rec->status && !strcmp(rec->status, "ok") && !json_is_object(ns)) {
		fail(c, where, "ns", "is missing on an ok record");
		return;
	}
	if (json_is_object(ns)) {
		rec->median_ns = get_num(c, ns, where, "median", true);
		rec->p5_ns = get_num(c, ns, where, "p5", true);
		rec->p95_ns = get_num(c, ns, where, "p95", true);
		rec->mean_ns = get_num(c, ns, where, "mean", true);
		rec->stddev_ns = get_num(c, ns, where, "stddev", true);
		rec->ns_per_entry = get_num(c, r, where, "ns_per_entry", false);
	}
	ev = json_object_get(r, "events");
	if (ev && !json_is_array(ev))
		fail(c, where, "events", "is not an array");
	for (size_t e = 0; json_is_array(ev) && e < json_array_size(ev) && e < PAB_READER_MAX_EVENTS; e++) {
		json_t *x = json_array_get(ev, e);
		struct pab_rec_event *re = &rec->events[rec->nevents++];

		re->name = get_str(c, x, where, "name", true);
		re->counted = !json_object_get(x, "error");
		if (re->counted) {
			re->median = get_num(c, x, where, "median", true);
			re->net = get_num(c, x, where, "net", true);
			re->per_entry = get_num(c, x, where, "per_entry", false);
		}
	}
	samples = json_object_get(json_object_get(r, "samples"), "ns");
	if (json_is_array(samples)) {
		rec->nsamples = json_array_size(samples);
		rec->samples_ns = calloc(rec->nsamples ? rec->nsamples : 1, sizeof(uint64_t));
		for (size_t s = 0; rec->samples_ns && s < rec->nsamples; s++) {
			json_t *v = json_array_get(samples, s);

			if (!json_is_integer(v) || json_integer_value(v) < 0) {
				fail(c, where, "samples.ns", "holds a value that is not an integer >= 0");
				break;
			}
			rec->samples_ns[s] = (uint64_t)json_integer_value(v);
		}
	}
}

/*
 * jansson quotes the text near a syntax error, raw: a newline or another
 * control byte of the file would break the one-line message. Escape them.
 */
static const char *printable(const char *text, char *buf, size_t len)
{
	size_t o = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p && o + 5 < len; p++) {
		if (*p == '\n')
			o += (size_t)snprintf(buf + o, len - o, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", *p);
		else
			buf[o++] = (char)*p;
	}
	buf[o] = '\0';
	return buf;
}

int pab_results_load(const char *path, struct pab_results_file *out, char *err, size_t errlen)
{
	struct ctx c = { .path = path, .err = err, .errlen = errlen };
	json_error_t jerr;
	json_t *root, *machine, *kernel, *results;
	char text[4 * JSON_ERROR_TEXT_LENGTH];
	double schema;

	memset(out, 0, sizeof(*out));
	root = json_load_file(path, 0, &jerr);
	if (!root) {
		const char *why = strrchr(jerr.text, ':');

		/* jansson's "unable to open PATH: REASON" would name the file twice. */
		if (json_error_code(&jerr) == json_error_cannot_open_file && why)
			snprintf(err, errlen, "cannot read %s%s", path, why);
		else if (jerr.line > 0)
			snprintf(err, errlen, "%s:%d:%d: not valid JSON: %s", path, jerr.line,
				 jerr.column, printable(jerr.text, text, sizeof(text)));
		else
			snprintf(err, errlen, "%s: %s", path, printable(jerr.text, text, sizeof(text)));
		return -1;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s: not a pageattr-bench result file (top level is not an object)", path);
		json_decref(root);
		return -1;
	}
	/* Compared as a double: casting e.g. 1e300 to int first is undefined. */
	schema = get_num(&c, root, "header", "schema_version", true);
	if (!c.failed && schema != 1) {
		snprintf(err, errlen, "%s: schema_version %g; this reader knows 1", path, schema);
		json_decref(root);
		return -1;
	}
	out->schema_version = 1;
	out->command = get_str(&c, root, "header", "command", true);
	machine = json_object_get(root, "machine");
	kernel = json_object_get(machine, "kernel");
	if (!json_is_object(kernel))
		fail(&c, "header", "machine.kernel", "is missing");
	else {
		out->kernel_release = get_str(&c, kernel, "machine.kernel", "release", true);
		out->arch = get_str(&c, kernel, "machine.kernel", "arch", true);
		out->page_size = get_uint(&c, kernel, "machine.kernel", "page_size", true);
	}
	results = json_object_get(root, "results");
	if (!json_is_array(results)) {
		fail(&c, "header", "results", "is missing or not an array");
	} else {
		out->n = json_array_size(results);
		out->recs = calloc(out->n ? out->n : 1, sizeof(*out->recs));
		for (size_t i = 0; out->recs && i < out->n; i++)
			load_record(&c, json_array_get(results, i), i, &out->recs[i]);
	}
	json_decref(root);
	if (c.failed) {
		pab_results_free(out);
		return -1;
	}
	return 0;
}

void pab_results_free(struct pab_results_file *f)
{
	for (size_t i = 0; f->recs && i < f->n; i++) {
		struct pab_rec *r = &f->recs[i];

		free(r->name); free(r->status); free(r->error); free(r->method); free(r->region);
		free(r->mix); free(r->layout); free(r->lazy); free(r->tlb); free(r->samples_ns);
		free(r->key);
		for (unsigned int e = 0; e < r->nevents; e++)
			free(r->events[e].name);
	}
	free(f->recs);
	free(f->command);
	free(f->kernel_release);
	free(f->arch);
	memset(f, 0, sizeof(*f));
}

double *pab_rec_samples(const struct pab_rec *r)
{
	double *v = malloc((r->nsamples ? r->nsamples : 1) * sizeof(*v));

	for (size_t i = 0; v && i < r->nsamples; i++)
		v[i] = (double)r->samples_ns[i];
	return v;
}

unsigned int pab_rec_method_flags(const struct pab_rec *r)
{
	return r->method_id >= 0 ? pab_method_flags((unsigned int)r->method_id) : 0;
}

int pab_rec_pmd_percent(const struct pab_rec *r)
{
	return r->have_mix ? pab_mix_pmd_percent(r->mix_ppm) : -1;
}

bool pab_rec_is_old_path(const struct pab_rec *r)
{
	/* apply: the one method that neither walks nor is a baseline or the kernel's own */
	return r->method_id == PAB_METHOD_APPLY && r->have_mix && r->mix_ppm[PAB_LVL_PTE] == PAB_PPM &&
	       r->lazy_id == PAB_LAZY_ON;
}

bool pab_rec_same_mix(const struct pab_rec *a, const struct pab_rec *b)
{
	if (a->have_mix && b->have_mix)
		return !memcmp(a->mix_ppm, b->mix_ppm, sizeof(a->mix_ppm));
	return !strcmp(a->mix, b->mix);
}
