// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"
#include "canon.h"
#include "run_exec.h"

void pab_config_init(struct pab_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->rc = (struct pab_region_create){ .kind = PAB_REGION_MIXED, .bytes = 2ULL << 20,
					      .layout = PAB_LAYOUT_RUNS };
	cfg->rc.mix_ppm[PAB_LVL_PTE] = PAB_PPM;
	cfg->run = (struct pab_run){ .method = PAB_METHOD_WALK_LOCKLESS, .lazy = PAB_LAZY_ON,
				     .tlb = PAB_TLB_NONE, .iterations = 100, .warmup = 10,
				     .cpu = PAB_CPU_ANY };
	pab_config_canon(cfg);
}

void pab_config_mix(const struct pab_config *cfg, uint32_t ppm[PAB_LVL_NR])
{
	if (cfg->rc.layout == PAB_LAYOUT_PATTERN)
		pab_pattern_mix(cfg->rc.pattern, cfg->rc.pattern_len, ppm);
	else
		memcpy(ppm, cfg->rc.mix_ppm, PAB_LVL_NR * sizeof(ppm[0]));
}

void pab_config_key(const struct pab_config *cfg, struct pab_key *k)
{
	memset(k, 0, sizeof(*k));
	k->method = (int)cfg->run.method;
	k->region = cfg->rc.kind;
	k->bytes = cfg->rc.bytes;
	pab_config_mix(cfg, k->mix_ppm);
	k->layout = cfg->rc.layout;
	memcpy(k->pattern, cfg->rc.pattern, sizeof(k->pattern));
	k->pattern_len = cfg->rc.pattern_len;
	k->lazy = cfg->run.lazy;
	k->batch = cfg->run.batch;
	k->tlb = cfg->run.tlb;
	k->toggle = cfg->run.toggle;
	k->cold = cfg->run.flags & PAB_RUN_COLD;
}

void pab_config_canon(struct pab_config *cfg)
{
	unsigned int flags = pab_method_flags(cfg->run.method);
	uint32_t ppm[PAB_LVL_NR];

	/* A whole path has its own lazy MMU handling and flush; the module refuses others. */
	if (flags & PAB_MF_PATH && !cfg->lazy_given) {
		cfg->run.lazy = PAB_LAZY_NATIVE;
		cfg->run.batch = 0;
	}
	if (flags & PAB_MF_PATH && !cfg->tlb_given)
		cfg->run.tlb = PAB_TLB_NONE;
	if (flags & PAB_MF_KERNEL && !cfg->toggle_given)
		cfg->run.toggle = flags & PAB_MF_EXEC ? PAB_TOGGLE_EXEC : PAB_TOGGLE_RW;
	/*
	 * The only kind arm64 set_memory_* accepts, when the mix (by value, any
	 * spelling) asks for PTEs only; a layout does not count.
	 */
	if (flags & PAB_MF_WHOLE && cfg->rc.kind == PAB_REGION_MIXED &&
	    cfg->rc.layout != PAB_LAYOUT_PATTERN && cfg->rc.mix_ppm[PAB_LVL_PTE] == PAB_PPM)
		cfg->rc.kind = PAB_REGION_VMALLOC;

	pab_config_mix(cfg, ppm);
	if (cfg->rc.kind == PAB_REGION_MIXED) {
		pab_format_mix(ppm, cfg->mix_text, sizeof(cfg->mix_text));
		pab_format_layout(cfg->rc.layout, cfg->rc.pattern, cfg->rc.pattern_len,
				  cfg->layout_text, sizeof(cfg->layout_text));
	} else {
		snprintf(cfg->mix_text, sizeof(cfg->mix_text), "%s", PAB_MIX_AS_MAPPED);
		snprintf(cfg->layout_text, sizeof(cfg->layout_text), "%s", PAB_LAYOUT_AS_MAPPED);
	}
	pab_format_lazy(cfg->run.lazy, cfg->run.batch, cfg->lazy_text, sizeof(cfg->lazy_text));
	snprintf(cfg->tlb_text, sizeof(cfg->tlb_text), "%s",
		 pab_vocab_name(&pab_tlb_modes, cfg->run.tlb));
	snprintf(cfg->toggle_text, sizeof(cfg->toggle_text), "%s",
		 pab_vocab_name(&pab_toggles, cfg->run.toggle));
}

void pab_config_name(const struct pab_config *cfg, char *buf, size_t len)
{
	struct pab_key k;

	pab_config_key(cfg, &k);
	pab_key_name(&k, buf, len);
}

/*
 * Event e's median count per call, over the calls the time statistics use
 * too (the interrupt-hit ones left out unless kept: stats.h); irq may be NULL.
 */
static void column_median(const uint64_t *counts, unsigned int n, unsigned int e, uint32_t calls,
			  const uint64_t *irq, bool keep, double *out)
{
	uint64_t *col = calloc(calls ? calls : 1, sizeof(*col));
	struct pab_irq_split split;
	struct pab_stats st;

	*out = 0;
	if (!col)
		return;
	for (uint32_t i = 0; i < calls; i++)
		col[i] = counts[(size_t)i * n + e];
	pab_drop_irq_hits(col, NULL, irq, calls, keep, col, NULL, &split);
	if (!pab_stats_compute(col, split.kept, &st))
		*out = st.median;
	free(col);
}

/*
 * The harness's own share of the counts (the path around the call, the
 * counter reads, lazy MMU entry/exit): the null method, same region, events
 * and iteration count.
 */
static int null_baseline(struct pab_dev *dev, const struct pab_config *cfg, struct pab_result *res)
{
	struct pab_run r = res->run;
	uint64_t *ns = calloc(cfg->run.iterations, sizeof(*ns));
	uint64_t *irq = calloc(cfg->run.iterations, sizeof(*irq));
	int ret = -1;

	res->null_counts = calloc((size_t)cfg->run.iterations * cfg->ev.n, sizeof(uint64_t));
	if (!ns || !irq || !res->null_counts)
		goto out;
	r = cfg->run;
	r.region = res->rc.id;
	r.method = PAB_METHOD_NULL;
	r.nr_events = cfg->ev.n;
	memcpy(r.events, cfg->ev.attr, sizeof(cfg->ev.attr));
	r.ns_ptr = (uintptr_t)ns;
	r.counts_ptr = (uintptr_t)res->null_counts;
	r.irq_ptr = (uintptr_t)irq;
	if (pab_dev_ioctl(dev, PAB_IOC_RUN, &r, sizeof(r), "the null baseline"))
		goto out;
	for (unsigned int e = 0; e < cfg->ev.n; e++)
		column_median(res->null_counts, cfg->ev.n, e, r.completed, irq, cfg->keep_irq,
			      &res->ev_null[e]);
	res->have_null = true;
	ret = 0;
out:
	free(ns);
	free(irq);
	return ret;
}

/*
 * The time statistics over the calls no interrupt hit (all of them with
 * --keep-irq-samples, or when every call was hit), and their median net of
 * the null windows of the same calls.
 */
static void summarise_times(const struct pab_config *cfg, struct pab_result *res)
{
	uint32_t done = res->run.completed;

	pab_drop_irq_hits(res->ns, res->null_ns, res->irq, done, cfg->keep_irq, res->kept_ns,
			  res->kept_null, &res->irq_split);
	res->have_stats = !pab_stats_compute(res->kept_ns, res->irq_split.kept, &res->st);
	pab_net_median(res->kept_ns, res->kept_null, res->irq_split.kept, PAB_BOOT_REPS,
		       PAB_BOOT_SEED, &res->net);
}

int pab_exec(struct pab_dev *dev, const struct pab_config *cfg, struct pab_result *res)
{
	struct pab_region_ref ref = { 0 };
	uint32_t n = cfg->run.iterations;

	memset(res, 0, sizeof(*res));
	res->rc = cfg->rc;
	res->run = cfg->run;
	if (!cfg->method_given) {
		/* Default to the production path; before 6.18 that is the locked walker. */
		struct pab_method_info mi = { .method = PAB_METHOD_WALK_LOCKLESS };

		if (!pab_dev_ioctl(dev, PAB_IOC_METHOD, &mi, sizeof(mi), "method") && !mi.available)
			res->run.method = PAB_METHOD_WALK;
	}
	res->ns = calloc(n, sizeof(uint64_t));
	res->ticks = calloc(n, sizeof(uint64_t));
	res->tlb_ns = calloc(n, sizeof(uint64_t));
	res->counts = calloc((size_t)n * (cfg->ev.n ? cfg->ev.n : 1), sizeof(uint64_t));
	res->null_ns = calloc(n, sizeof(uint64_t));
	res->irq = calloc(n, sizeof(uint64_t));
	res->kept_ns = calloc(n, sizeof(uint64_t));
	res->kept_null = calloc(n, sizeof(uint64_t));
	if (!res->ns || !res->ticks || !res->tlb_ns || !res->counts || !res->null_ns || !res->irq ||
	    !res->kept_ns || !res->kept_null) {
		res->err = -ENOMEM;
		snprintf(res->errmsg, sizeof(res->errmsg), "out of memory for %u samples", n);
		return res->err;
	}
	res->err = pab_dev_ioctl(dev, PAB_IOC_REGION_CREATE, &res->rc, sizeof(res->rc),
				 "creating the region");
	if (res->err) {
		snprintf(res->errmsg, sizeof(res->errmsg), "%s", dev->err);
		return res->err;
	}
	res->region_made = true;
	res->run.region = res->rc.id;
	res->run.nr_events = cfg->ev.n;
	memcpy(res->run.events, cfg->ev.attr, sizeof(cfg->ev.attr));
	res->run.ns_ptr = (uintptr_t)res->ns;
	res->run.cycles_ptr = (uintptr_t)res->ticks;
	res->run.tlb_ns_ptr = cfg->run.tlb == PAB_TLB_SEPARATE ? (uintptr_t)res->tlb_ns : 0;
	res->run.counts_ptr = cfg->ev.n ? (uintptr_t)res->counts : 0;
	/* A module before UAPI 3 refuses these (non-zero tail), so an ok run filled them. */
	res->run.null_ns_ptr = (uintptr_t)res->null_ns;
	res->run.irq_ptr = (uintptr_t)res->irq;
	res->err = pab_dev_ioctl(dev, PAB_IOC_RUN, &res->run, sizeof(res->run), "the run");
	if (res->err)
		snprintf(res->errmsg, sizeof(res->errmsg), "%s", dev->err);
	for (unsigned int l = 0; l < PAB_LVL_NR; l++)
		res->entries += res->run.leaves[l];
	summarise_times(cfg, res);
	res->have_tlb = cfg->run.tlb == PAB_TLB_SEPARATE &&
			!pab_stats_compute(res->tlb_ns, res->run.completed, &res->tlb_st);
	for (unsigned int e = 0; e < cfg->ev.n; e++)
		column_median(res->counts, cfg->ev.n, e, res->run.completed, res->irq, cfg->keep_irq,
			      &res->ev_median[e]);
	if (!res->err && cfg->ev.n && res->run.method != PAB_METHOD_NULL &&
	    null_baseline(dev, cfg, res)) {
		res->err = -EIO;
		snprintf(res->errmsg, sizeof(res->errmsg), "%s", dev->err);
	}
	ref.id = res->rc.id;
	pab_dev_ioctl(dev, PAB_IOC_REGION_DESTROY, &ref, sizeof(ref), "freeing the region");
	return res->err;
}

void pab_result_free(struct pab_result *res)
{
	free(res->ns);
	free(res->ticks);
	free(res->tlb_ns);
	free(res->counts);
	free(res->null_counts);
	free(res->null_ns);
	free(res->irq);
	free(res->kept_ns);
	free(res->kept_null);
	memset(res, 0, sizeof(*res));
}

static void print_leaves(FILE *f, const char *label, const __u64 *leaves)
{
	bool any = false;

	fprintf(f, "  %-10s", label);
	for (unsigned int l = 0; l < PAB_LVL_NR; l++)
		if (leaves[l]) {
			fprintf(f, "%s%llu %s", any ? ", " : "", (unsigned long long)leaves[l],
				pab_level_name(l));
			any = true;
		}
	fprintf(f, "%s\n", any ? "" : "none");
}

static const char *fmt_ns(double ns, char *buf, size_t len)
{
	if (ns >= 1e9) snprintf(buf, len, "%.3f s", ns / 1e9);
	else if (ns >= 1e6) snprintf(buf, len, "%.3f ms", ns / 1e6);
	else if (ns >= 1e3) snprintf(buf, len, "%.2f us", ns / 1e3);
	else snprintf(buf, len, "%.0f ns", ns);
	return buf;
}

static int event_index(const struct pab_config *cfg, const char *name)
{
	for (unsigned int e = 0; e < cfg->ev.n; e++)
		if (!strcmp(cfg->ev.name[e], name))
			return (int)e;
	return -1;
}

double pab_event_net(const struct pab_result *res, unsigned int e)
{
	return res->ev_median[e] - (res->have_null ? res->ev_null[e] : 0);
}

/* Median counts per call, the null method's, their difference, per leaf entry. */
static void print_events(FILE *f, const struct pab_config *cfg, const struct pab_result *res)
{
	int cyc = event_index(cfg, "cycles"), ins = event_index(cfg, "instructions");
	const struct pab_run *run = &res->run;

	if (!cfg->ev.n)
		return;
	fprintf(f, "  %-10s%-22s %14s %14s %14s %12s\n", "events:", "(kernel, median/call)",
		"method", "null", "net", "per entry");
	for (unsigned int e = 0; e < cfg->ev.n; e++) {
		if (run->event_error[e]) {
			fprintf(f, "  %-10s%-22s not counted here: %s\n", "", cfg->ev.name[e],
				strerror(-run->event_error[e]));
			continue;
		}
		fprintf(f, "  %-10s%-22s %14.0f %14.0f %14.0f %12.2f%s\n", "", cfg->ev.name[e],
			res->ev_median[e], res->have_null ? res->ev_null[e] : 0, pab_event_net(res, e),
			res->entries ? pab_event_net(res, e) / (double)res->entries : 0,
			run->time_running[e] < run->time_enabled[e] ? "  (multiplexed)" : "");
	}
	if (cyc >= 0 && ins >= 0 && !run->event_error[cyc] && !run->event_error[ins] &&
	    res->ev_median[cyc] > 0)
		fprintf(f, "  %-10sIPC %.2f\n", "", res->ev_median[ins] / res->ev_median[cyc]);
}

/* The median without the window's fixed cost: what the path itself takes. */
static void print_net(FILE *f, const struct pab_result *res)
{
	const struct pab_net *n = &res->net;
	char a[32], b[32], c[32], d[32];

	if (!n->have_null) {
		fprintf(f, "  %-10sunavailable (no null windows from the module)\n", "net:");
		return;
	}
	fprintf(f, "  %-10smedian %s  [95%% CI %s, %s]  net of the null window, %s\n", "net:",
		fmt_ns(n->net, a, sizeof(a)), fmt_ns(n->net_lo, b, sizeof(b)),
		fmt_ns(n->net_hi, c, sizeof(c)), fmt_ns(n->null_median, d, sizeof(d)));
}

/* "3 of 100 calls hit by an interrupt: excluded (--keep-irq-samples keeps them)" */
static void print_irq_hits(FILE *f, const struct pab_result *res)
{
	const struct pab_irq_split *s = &res->irq_split;
	size_t n = res->run.completed;

	if (!s->hits)
		return;
	fprintf(f, "  %-10s%zu of %zu calls hit by an interrupt: %s\n", "irq:", s->hits, n,
		s->excluded ? "excluded (--keep-irq-samples keeps them)" :
		s->hits == n ? "all of them, so all kept (no undisturbed call to use)" :
			       "kept (--keep-irq-samples)");
}

void pab_print_summary(FILE *f, const struct pab_config *cfg, const struct pab_result *res)
{
	const struct pab_region_create *rc = &res->rc;
	const struct pab_run *run = &res->run;
	const struct pab_stats *st = &res->st;
	char a[32], b[32], c[32], d[32], e[32], sz[32];
	bool degraded = memcmp(rc->requested, rc->leaves, sizeof(rc->leaves)) != 0;

	fprintf(f, "%s: %s %s region (%s, %s), lazy %s, tlb %s, cpu %u\n",
		pab_method_name(run->method), pab_format_size(rc->bytes, sz, sizeof(sz)),
		pab_vocab_name(&pab_region_kinds, rc->kind), cfg->mix_text, cfg->layout_text, cfg->lazy_text,
		cfg->tlb_text, run->run_cpu);
	if (!res->region_made)
		return;
	print_leaves(f, "mapped:", rc->leaves);
	if (degraded)
		print_leaves(f, "requested:", rc->requested);
	fprintf(f, "  %-10s%u timed after %u warmup; %llu verified (%llu mismatches, %llu level changes)\n",
		"calls:", run->completed, cfg->run.warmup, (unsigned long long)run->verified_calls,
		(unsigned long long)run->mismatched, (unsigned long long)run->level_changes);
	if (cfg->run.flags & PAB_RUN_COLD)
		fprintf(f, "  %-10scaches evicted (%s read) and TLB flushed before each call, outside the window\n",
			"cold:", pab_format_size(run->cold_evict_bytes, sz, sizeof(sz)));
	if (run->alias_splits_counted)
		fprintf(f, "  %-10s%llu linear-map leaves behind the region split in the warm-up, %llu in the timed calls\n",
			"splits:", (unsigned long long)run->alias_splits_warmup,
			(unsigned long long)run->alias_splits_timed);
	if (!res->have_stats)
		return;
	fprintf(f, "  %-10smedian %s  [p5 %s, p95 %s]  mean %s ± %s\n", "time:",
		fmt_ns(st->median, a, sizeof(a)), fmt_ns(st->p5, b, sizeof(b)),
		fmt_ns(st->p95, c, sizeof(c)), fmt_ns(st->mean, d, sizeof(d)),
		fmt_ns(st->stddev, e, sizeof(e)));
	fprintf(f, "  %-10s%s … %s\n", "range:", fmt_ns(st->min, a, sizeof(a)),
		fmt_ns(st->max, b, sizeof(b)));
	print_net(f, res);
	print_irq_hits(f, res);
	if (res->entries)
		fprintf(f, "  %-10s%.2f ns per leaf entry (%llu entries per call)\n", "per leaf:",
			st->median / (double)res->entries, (unsigned long long)res->entries);
	if (res->have_tlb)
		fprintf(f, "  %-10smedian %s  [p5 %s, p95 %s]\n", "tlb flush:",
			fmt_ns(res->tlb_st.median, a, sizeof(a)), fmt_ns(res->tlb_st.p5, b, sizeof(b)),
			fmt_ns(res->tlb_st.p95, c, sizeof(c)));
	print_events(f, cfg, res);
	fprintf(f, "  %-10sone clock read costs %llu ns; counter %.2f MHz\n", "clock:",
		(unsigned long long)run->clock_read_ns, run->counter_hz / 1e6);
	if (degraded)
		fprintf(f, "  note: the kernel did not map every block asked for; the numbers are for what it mapped\n");
}
