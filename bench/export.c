// SPDX-License-Identifier: GPL-2.0
/*
 * Writing records: a run's result record (JSON) and CSV row, a concurrent
 * configuration's record (JSON), CSV row and table line. The one place the
 * result files' fields and columns are spelled (README, "Result files").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export.h"
#include "json_writer.h"

static void write_levels(struct jw *w, const char *key, const __u64 *leaves)
{
	jw_object_begin(w, key);
	for (unsigned int l = 0; l < PAB_LVL_NR; l++)
		jw_uint(w, pab_level_name(l), leaves[l]);
	jw_object_end(w);
}

static void write_stats(struct jw *w, const char *key, const struct pab_stats *st)
{
	jw_object_begin(w, key);
	jw_uint(w, "n", st->n);
	jw_double(w, "min", st->min);
	jw_double(w, "p5", st->p5);
	jw_double(w, "p25", st->p25);
	jw_double(w, "median", st->median);
	jw_double(w, "p75", st->p75);
	jw_double(w, "p95", st->p95);
	jw_double(w, "max", st->max);
	jw_double(w, "mean", st->mean);
	jw_double(w, "stddev", st->stddev);
	jw_object_end(w);
}

static void write_samples(struct jw *w, const char *key, const uint64_t *v, uint32_t n,
			  unsigned int stride, unsigned int off)
{
	jw_array_begin(w, key);
	for (uint32_t i = 0; i < n; i++)
		jw_uint(w, NULL, v[(size_t)i * stride + off]);
	jw_array_end(w);
}

/*
 * The summary a reader needs first, hyperfine style: the median of the
 * calls the statistics use, the same net of their null windows with its
 * 95 % interval, the null windows' median (null where the module gave none),
 * and which calls an interrupt hit and whether they count.
 */
static void write_net(struct jw *w, const struct pab_config *cfg, const struct pab_result *res)
{
	jw_double(w, "median_ns", res->st.median);
	jw_double(w, "null_median_ns", res->net.null_median);
	jw_double(w, "net_median_ns", res->net.net);
	jw_double(w, "net_ci_lo_ns", res->net.net_lo);
	jw_double(w, "net_ci_hi_ns", res->net.net_hi);
	jw_uint(w, "irq_hit_calls", res->irq_split.hits);
	jw_uint(w, "irq_excluded", res->irq_split.excluded ? res->irq_split.hits : 0);
	jw_bool(w, "keep_irq_samples", cfg->keep_irq);
}

void pab_write_record(struct jw *w, const struct pab_config *cfg, const struct pab_result *res)
{
	const struct pab_run *run = &res->run;
	char name[256];

	pab_config_name(cfg, name, sizeof(name));
	jw_object_begin(w, NULL);
	jw_string(w, "name", name);
	jw_string(w, "status", res->err ? "error" : "ok");
	if (res->err) {
		jw_int(w, "errno", -res->err);
		jw_string(w, "error", res->errmsg);
	}
	jw_object_begin(w, "config");
	jw_string(w, "method", pab_method_name(run->method));
	jw_string(w, "region", pab_vocab_name(&pab_region_kinds, cfg->rc.kind));
	jw_uint(w, "bytes", cfg->rc.bytes);
	jw_string(w, "mix", cfg->mix_text);
	if (cfg->rc.kind == PAB_REGION_MIXED) {
		uint32_t ppm[PAB_LVL_NR];

		pab_config_mix(cfg, ppm);
		jw_object_begin(w, "mix_ppm");
		for (unsigned int l = 0; l < PAB_LVL_NR; l++)
			jw_uint(w, pab_level_name(l), ppm[l]);
		jw_object_end(w);
	}
	jw_string(w, "layout", cfg->layout_text);
	jw_string(w, "lazy", cfg->lazy_text);
	jw_uint(w, "batch", cfg->run.batch);
	jw_string(w, "tlb", cfg->tlb_text);
	jw_string(w, "toggle", cfg->toggle_text);
	jw_uint(w, "iterations", cfg->run.iterations);
	jw_uint(w, "warmup", cfg->run.warmup);
	if (cfg->run.cpu == PAB_CPU_ANY)
		jw_null(w, "cpu");
	else
		jw_uint(w, "cpu", cfg->run.cpu);
	jw_bool(w, "irqs_off", cfg->run.flags & PAB_RUN_IRQS_OFF);
	jw_string(w, "verify", cfg->run.flags & PAB_RUN_VERIFY_END ? "end" : "every");
	/* Hot and cold are separate configurations (the name's "/cold"); absent reads as false. */
	jw_bool(w, "cold", cfg->run.flags & PAB_RUN_COLD);
	jw_uint(w, "offset", cfg->run.offset);
	jw_uint(w, "length", res->run.length);
	jw_object_end(w);
	if (res->region_made) {
		jw_uint(w, "unit_bytes", res->rc.unit_bytes);
		jw_uint(w, "page_table_bytes_estimate", res->rc.pt_bytes);
		write_levels(w, "requested", res->rc.requested);
		write_levels(w, "mapped", res->rc.leaves);
		jw_uint(w, "pte_tables", res->rc.pte_tables);
	}
	jw_object_begin(w, "run");
	jw_uint(w, "completed", run->completed);
	jw_bool(w, "interrupted", run->interrupted);
	jw_uint(w, "cpu", run->run_cpu);
	jw_uint(w, "clock_read_ns", run->clock_read_ns);
	jw_uint(w, "counter_hz", run->counter_hz);
	jw_uint(w, "verified_calls", run->verified_calls);
	jw_uint(w, "mismatched", run->mismatched);
	jw_uint(w, "level_changes", run->level_changes);
	jw_uint(w, "entry_mismatches", run->entry_mismatches);
	jw_uint(w, "irq_hit_calls", run->irq_hit_calls);
	jw_bool(w, "pmu_in_window", run->pmu_in_window);
	jw_uint(w, "run_seq", run->run_seq);
	if (cfg->run.flags & PAB_RUN_COLD)
		jw_uint(w, "cold_evict_bytes", run->cold_evict_bytes);
	/* Linear-map leaves split behind the region (set_memory_*, arm64; README). */
	if (run->alias_splits_counted) {
		jw_uint(w, "alias_splits_warmup", run->alias_splits_warmup);
		jw_uint(w, "alias_splits_timed", run->alias_splits_timed);
	}
	write_levels(w, "entries_per_call_by_level", run->leaves);
	jw_uint(w, "entries_per_call", res->entries);
	jw_object_end(w);
	if (res->have_stats) {
		write_stats(w, "ns", &res->st);
		jw_double(w, "ns_per_entry", res->entries ? res->st.median / (double)res->entries : NAN);
		write_net(w, cfg, res);
	}
	if (res->have_tlb)
		write_stats(w, "tlb_flush_ns", &res->tlb_st);
	jw_array_begin(w, "events");
	for (unsigned int e = 0; e < cfg->ev.n; e++) {
		jw_object_begin(w, NULL);
		jw_string(w, "name", cfg->ev.name[e]);
		jw_uint(w, "type", cfg->ev.attr[e].type);
		jw_uint(w, "config", cfg->ev.attr[e].config);
		if (run->event_error[e]) {
			jw_string(w, "error", strerror(-run->event_error[e]));
		} else {
			jw_double(w, "median", res->ev_median[e]);
			if (res->have_null)
				jw_double(w, "null_median", res->ev_null[e]);
			jw_double(w, "net", pab_event_net(res, e));
			jw_double(w, "per_entry", res->entries ? pab_event_net(res, e) / (double)res->entries : NAN);
			jw_bool(w, "multiplexed", run->time_running[e] < run->time_enabled[e]);
		}
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_begin(w, "samples");
	write_samples(w, "ns", res->ns, run->completed, 1, 0);
	write_samples(w, "ticks", res->ticks, run->completed, 1, 0);
	if (res->net.have_null) {
		write_samples(w, "null_ns", res->null_ns, run->completed, 1, 0);
		write_samples(w, "irq", res->irq, run->completed, 1, 0);
	}
	if (cfg->run.tlb == PAB_TLB_SEPARATE)
		write_samples(w, "tlb_ns", res->tlb_ns, run->completed, 1, 0);
	for (unsigned int e = 0; e < cfg->ev.n; e++)
		if (!run->event_error[e])
			write_samples(w, cfg->ev.name[e], res->counts, run->completed, cfg->ev.n, e);
	jw_object_end(w);
	jw_object_end(w);
}

void pab_csv_field(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void pab_csv_header(FILE *f, const struct pab_config *cfg)
{
	fputs("name,status,method,region,bytes,mix,layout,lazy,batch,tlb,iterations,completed,"
	      "entries_per_call,median_ns,p5_ns,p95_ns,mean_ns,stddev_ns,ns_per_entry,"
	      "null_median_ns,net_median_ns,net_ci_lo_ns,net_ci_hi_ns,irq_hit_calls,irq_excluded,"
	      "keep_irq_samples", f);
	for (unsigned int e = 0; e < cfg->ev.n; e++)
		fprintf(f, ",%s_net,%s_per_entry", cfg->ev.name[e], cfg->ev.name[e]);
	fputc('\n', f);
}

/* The net columns; empty (as for a failed run) where no null window was measured. */
static void csv_net(FILE *f, const struct pab_result *res)
{
	const struct pab_net *n = &res->net;

	if (res->have_stats && n->have_null)
		fprintf(f, ",%.1f,%.1f,%.1f,%.1f", n->null_median, n->net, n->net_lo, n->net_hi);
	else
		fputs(",,,,", f);
}

void pab_csv_row(FILE *f, const struct pab_config *cfg, const struct pab_result *res)
{
	char name[256];
	const struct pab_stats *st = &res->st;

	pab_config_name(cfg, name, sizeof(name));
	pab_csv_field(f, name);
	fprintf(f, ",%s,%s,%s,%llu,", res->err ? "error" : "ok", pab_method_name(res->run.method),
		pab_vocab_name(&pab_region_kinds, cfg->rc.kind), (unsigned long long)cfg->rc.bytes);
	pab_csv_field(f, cfg->mix_text);
	fputc(',', f);
	pab_csv_field(f, cfg->layout_text);
	fprintf(f, ",%s,%u,%s,%u,%u,%llu", cfg->lazy_text, cfg->run.batch, cfg->tlb_text,
		cfg->run.iterations, res->run.completed, (unsigned long long)res->entries);
	if (res->have_stats)
		fprintf(f, ",%.1f,%.1f,%.1f,%.1f,%.1f,%.3f", st->median, st->p5, st->p95, st->mean,
			st->stddev, res->entries ? st->median / (double)res->entries : 0);
	else
		fputs(",,,,,,", f);
	csv_net(f, res);
	fprintf(f, ",%zu,%zu,%d", res->irq_split.hits,
		res->irq_split.excluded ? res->irq_split.hits : 0, cfg->keep_irq);
	for (unsigned int e = 0; e < cfg->ev.n; e++) {
		if (res->run.event_error[e] || !res->have_stats)
			fputs(",,", f);
		else
			fprintf(f, ",%.1f,%.3f", pab_event_net(res, e),
				res->entries ? pab_event_net(res, e) / (double)res->entries : 0);
	}
	fputc('\n', f);
}

char *pab_record_line(const struct pab_config *cfg, const struct pab_result *res)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jw w;

	if (!f)
		return NULL;
	jw_init_compact(&w, f);
	pab_write_record(&w, cfg, res);
	/* A memory stream fails only for memory: then no record, never half of one. */
	if (ferror(f) | fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

void conc_table_header(FILE *f)
{
	fprintf(f, "%-13s %-13s %-4s %-8s %3s %12s %13s %7s %6s %6s %9s %6s  %s\n", "layout", "method",
		"lazy", "lock", "K", "calls/s", "entries/s", "scaling", "lockwt", "lost", "lost/M", "split",
		"status");
}

void conc_table_row(FILE *f, const struct conc_record *rec)
{
	const struct pab_concurrent *r = &rec->res;
	const char *status = conc_record_status(rec);

	fprintf(f, "%-13s %-13s %-4s %-8s %3u ", conc_layout_name(rec->layout),
		pab_method_name(rec->method), conc_lazy_name(rec->lazy), conc_lock_name(rec->lock),
		rec->threads);
	if (!conc_record_ran(rec)) {
		const char *why = rec->skip ? rec->skip : rec->error;

		fprintf(f, "%-12s %s: %s\n", "-", status, why);
		return;
	}
	fprintf(f, "%12.0f %13.0f ", rec->calls_per_s, rec->entries_per_s);
	if (rec->speedup > 0)
		fprintf(f, "%6.2fx ", rec->speedup);
	else
		fprintf(f, "%7s ", "-");
	fprintf(f, "%5.1f%% %6llu %9.1f %6llu  %s\n", 100 * rec->lock_wait_share,
		(unsigned long long)conc_record_lost(rec), conc_record_lost_ppm(rec),
		(unsigned long long)(r->level_changes + r->final_level_changes), status);
}

void conc_csv_header(FILE *f)
{
	fprintf(f, "layout,method,lazy,lock,threads,entries,iterations,status,wall_ns,calls,"
		   "calls_per_s,entries_per_s,speedup,lock_wait_share,lost_updates,final_mismatched,"
		   "lost_per_million,shared_threads,level_changes,final_level_changes,final_checked,error\n");
}

void conc_csv_row(FILE *f, const struct conc_record *rec)
{
	const struct pab_concurrent *r = &rec->res;
	const char *why = rec->skip ? rec->skip : rec->error;

	fprintf(f, "%s,%s,%s,%s,%u,%u,%u,%s,%llu,%llu,%.1f,%.1f,%.4f,%.4f,%llu,%llu,%.3f,%u,%llu,%llu,%llu,",
		conc_layout_name(rec->layout), pab_method_name(rec->method),
		conc_lazy_name(rec->lazy), conc_lock_name(rec->lock), rec->threads, rec->entries,
		rec->iterations, conc_record_status(rec), (unsigned long long)r->wall_ns,
		(unsigned long long)r->calls, rec->calls_per_s, rec->entries_per_s, rec->speedup,
		rec->lock_wait_share, (unsigned long long)r->mismatched,
		(unsigned long long)r->final_mismatched, conc_record_lost_ppm(rec), r->shared,
		(unsigned long long)r->level_changes, (unsigned long long)r->final_level_changes,
		(unsigned long long)r->final_checked);
	pab_csv_field(f, why);
	fputc('\n', f);
}

char *conc_record_line(const struct conc_record *rec)
{
	const struct pab_concurrent *r = &rec->res;
	char *buf = NULL, name[160];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jw w;

	if (!f)
		return NULL;
	conc_record_name(rec, name, sizeof(name));
	jw_init_compact(&w, f);
	jw_object_begin(&w, NULL);
	jw_string(&w, "type", "concurrent");
	jw_string(&w, "name", name);
	jw_string(&w, "status", conc_record_status(rec));
	if (rec->skip || rec->err)
		jw_string(&w, "error", rec->skip ? rec->skip : rec->error);
	jw_object_begin(&w, "config");
	jw_string(&w, "layout", conc_layout_name(rec->layout));
	jw_string(&w, "method", pab_method_name(rec->method));
	jw_string(&w, "lazy", conc_lazy_name(rec->lazy));
	jw_string(&w, "lock", conc_lock_name(rec->lock));
	jw_uint(&w, "threads", rec->threads);
	jw_uint(&w, "entries", rec->entries);
	jw_uint(&w, "iterations", rec->iterations);
	jw_uint(&w, "warmup", rec->warmup);
	jw_object_end(&w);
	jw_object_begin(&w, "result");
	jw_uint(&w, "wall_ns", r->wall_ns);
	jw_uint(&w, "calls", r->calls);
	jw_uint(&w, "entries_changed", r->leaves);
	jw_double(&w, "calls_per_s", rec->calls_per_s);
	jw_double(&w, "entries_per_s", rec->entries_per_s);
	jw_double(&w, "speedup", rec->speedup);
	jw_double(&w, "lock_wait_share", rec->lock_wait_share);
	jw_uint(&w, "lost_updates", r->mismatched);
	jw_uint(&w, "level_changes", r->level_changes);
	jw_uint(&w, "final_checked", r->final_checked);
	jw_uint(&w, "final_mismatched", r->final_mismatched);
	/* both kinds of lost update per million entry updates, and the threads sharing a range */
	jw_double(&w, "lost_per_million", conc_record_lost_ppm(rec));
	jw_uint(&w, "shared_threads", r->shared);
	jw_uint(&w, "final_level_changes", r->final_level_changes);
	jw_bool(&w, "interrupted", r->interrupted);
	jw_object_end(&w);
	jw_array_begin(&w, "threads");
	for (uint32_t i = 0; !rec->skip && i < r->nr_threads; i++) {
		const struct pab_thread *t = &rec->th[i];

		jw_object_begin(&w, NULL);
		jw_uint(&w, "cpu", t->run_cpu);
		jw_string(&w, "bit", pab_vocab_name(&pab_conc_bits, t->bit));
		jw_uint(&w, "calls", t->calls);
		jw_uint(&w, "ns", t->ns);
		jw_uint(&w, "ns_max", t->ns_max);
		jw_uint(&w, "lock_wait_ns", t->lock_wait_ns);
		jw_uint(&w, "entries", t->leaves);
		jw_uint(&w, "lost_updates", t->mismatched);
		jw_uint(&w, "level_changes", t->level_changes);
		jw_int(&w, "error", t->error);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	if (ferror(f) | fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

