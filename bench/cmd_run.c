// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench run: one configuration, timed in kernel, verified after
 * every call, summarised like hyperfine (median, p5/p95, mean ± sd, per
 * leaf entry).
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "pab_dev.h"
#include "parse.h"
#include "pmu.h"
#include "stats.h"

struct run_opts {
	struct pab_region_create rc;
	struct pab_run run;
	char mix_text[96], layout_text[96], lazy_text[32], tlb_text[16];
	bool raw;
	bool method_given;
	struct pab_events ev;
};

/* Per-call counter samples of one run: counts[iteration * n + event]. */
struct counted {
	uint64_t *counts;
	double median[PAB_MAX_EVENTS];
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pageattr-bench run [options]\n"
		"Time one update path on one region, in kernel, verifying every call.\n\n"
		"Region:\n"
		"  -s, --size SIZE          region size (bytes, K, M, G, T)          [2M]\n"
		"      --region KIND        mixed | vmalloc | vmalloc-huge            [mixed]\n"
		"      --mix MIX            levels and shares, e.g. pte | pmd | pmd=50%%,pte=50%%  [pte]\n"
		"      --layout LAYOUT      runs | interleave | a pattern like pmd,pte,pte  [runs]\n"
		"      --offset SIZE        change only from this offset               [0]\n"
		"      --length SIZE        ... for this many bytes                     [to the end]\n"
		"Call:\n"
		"  -m, --method METHOD      apply | walk | walk-lockless | set-memory | null\n"
		"                           [walk-lockless, or walk where the kernel lacks it]\n"
		"      --lazy MODE          off | on | native | batch=N               [on]\n"
		"      --tlb MODE           none | included | separate                 [none]\n"
		"  -n, --iterations N       timed calls                                [100]\n"
		"  -w, --warmup N           untimed calls first                        [10]\n"
		"  -c, --cpu N              run on CPU N                               [current]\n"
		"      --irqs-off           IRQs off around each call (apply, walk-lockless, null)\n"
		"      --verify WHEN        every | end                                [every]\n"
		"  -e, --events LIST        PMU events per call, kernel mode (libpfm4 names, cycles,\n"
		"                           instructions, rHEX, or 'default'); the null method's\n"
		"                           counts are measured too and subtracted\n"
		"      --raw                also print every sample (ns, ticks, counts)\n");
}

static int parse_args(int argc, char **argv, struct run_opts *o)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "region", required_argument, NULL, 'R' },
		{ "mix", required_argument, NULL, 'X' },
		{ "layout", required_argument, NULL, 'L' },
		{ "offset", required_argument, NULL, 'O' },
		{ "length", required_argument, NULL, 'l' },
		{ "method", required_argument, NULL, 'm' },
		{ "lazy", required_argument, NULL, 'z' },
		{ "tlb", required_argument, NULL, 't' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "irqs-off", no_argument, NULL, 'I' },
		{ "verify", required_argument, NULL, 'V' },
		{ "raw", no_argument, NULL, 'r' },
		{ "events", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PAB_ERRLEN];
	uint64_t v;
	int c, m;

	memset(o, 0, sizeof(*o));
	o->rc = (struct pab_region_create){ .kind = PAB_REGION_MIXED, .bytes = 2ULL << 20,
					    .layout = PAB_LAYOUT_RUNS };
	o->rc.mix_ppm[PAB_LVL_PTE] = PAB_PPM;
	o->run = (struct pab_run){ .method = PAB_METHOD_WALK_LOCKLESS, .lazy = PAB_LAZY_ON,
				   .tlb = PAB_TLB_NONE, .iterations = 100, .warmup = 10,
				   .cpu = PAB_CPU_ANY };
	strcpy(o->mix_text, "pte");
	strcpy(o->layout_text, "runs");
	strcpy(o->lazy_text, "on");
	strcpy(o->tlb_text, "none");
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:m:n:w:c:e:h", opts, NULL)) != -1) {
		err[0] = '\0';
		switch (c) {
		case 's':
			if (pab_parse_size(optarg, &v, err)) goto bad;
			o->rc.bytes = v;
			break;
		case 'R':
			if (pab_parse_region_kind(optarg, &o->rc.kind, err)) goto bad;
			break;
		case 'X':
			if (pab_parse_mix(optarg, o->rc.mix_ppm, err)) goto bad;
			snprintf(o->mix_text, sizeof(o->mix_text), "%s", optarg);
			break;
		case 'L':
			if (pab_parse_layout(optarg, &o->rc.layout, o->rc.pattern, &o->rc.pattern_len, err))
				goto bad;
			snprintf(o->layout_text, sizeof(o->layout_text), "%s", optarg);
			break;
		case 'O':
			if (!strcmp(optarg, "0")) { o->run.offset = 0; break; }
			if (pab_parse_size(optarg, &v, err)) goto bad;
			o->run.offset = v;
			break;
		case 'l':
			if (pab_parse_size(optarg, &v, err)) goto bad;
			o->run.length = v;
			break;
		case 'm':
			m = pab_method_parse(optarg);
			if (m < 0) {
				snprintf(err, sizeof(err), "method '%s': use apply, walk, walk-lockless, set-memory or null", optarg);
				goto bad;
			}
			o->run.method = (uint32_t)m;
			o->method_given = true;
			break;
		case 'z':
			if (pab_parse_lazy(optarg, &o->run.lazy, &o->run.batch, err)) goto bad;
			snprintf(o->lazy_text, sizeof(o->lazy_text), "%s", optarg);
			break;
		case 't':
			if (pab_parse_tlb(optarg, &o->run.tlb, err)) goto bad;
			snprintf(o->tlb_text, sizeof(o->tlb_text), "%s", optarg);
			break;
		case 'n':
			if (pab_parse_uint(optarg, "iterations", 1, PAB_MAX_ITERATIONS, &v, err)) goto bad;
			o->run.iterations = (uint32_t)v;
			break;
		case 'w':
			if (pab_parse_uint(optarg, "warmup", 0, PAB_MAX_WARMUP, &v, err)) goto bad;
			o->run.warmup = (uint32_t)v;
			break;
		case 'c':
			if (pab_parse_uint(optarg, "cpu", 0, 65535, &v, err)) goto bad;
			o->run.cpu = (uint32_t)v;
			break;
		case 'I':
			o->run.flags |= PAB_RUN_IRQS_OFF;
			break;
		case 'V':
			if (!strcmp(optarg, "end")) o->run.flags |= PAB_RUN_VERIFY_END;
			else if (strcmp(optarg, "every")) {
				snprintf(err, sizeof(err), "verify '%s': use every or end", optarg);
				goto bad;
			}
			break;
		case 'r':
			o->raw = true;
			break;
		case 'e':
			if (pab_pmu_encode(optarg, &o->ev, err, sizeof(err))) goto bad;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, sizeof(err), "unexpected argument '%s'", argv[optind]);
		goto bad;
	}
	if (o->rc.layout == PAB_LAYOUT_PATTERN)
		memset(o->rc.mix_ppm, 0, sizeof(o->rc.mix_ppm));
	if (o->run.method == PAB_METHOD_SET_MEMORY && o->rc.kind == PAB_REGION_MIXED &&
	    !strcmp(o->mix_text, "pte"))
		o->rc.kind = PAB_REGION_VMALLOC; /* the only kind arm64 set_memory_* accepts */
	if (o->rc.kind != PAB_REGION_MIXED) {
		strcpy(o->mix_text, "as the kernel maps it");
		strcpy(o->layout_text, "-");
	}
	return 0;
bad:
	fprintf(stderr, "pageattr-bench run: %s\n", err);
	return -1;
}

static void print_leaves(const char *label, const __u64 *leaves)
{
	bool any = false;

	printf("  %-10s", label);
	for (unsigned int l = 0; l < PAB_LVL_NR; l++)
		if (leaves[l]) {
			printf("%s%llu %s", any ? ", " : "", (unsigned long long)leaves[l],
			       pab_level_name(l));
			any = true;
		}
	printf("%s\n", any ? "" : "none");
}

static const char *fmt_ns(double ns, char *buf, size_t len)
{
	if (ns >= 1e9) snprintf(buf, len, "%.3f s", ns / 1e9);
	else if (ns >= 1e6) snprintf(buf, len, "%.3f ms", ns / 1e6);
	else if (ns >= 1e3) snprintf(buf, len, "%.2f us", ns / 1e3);
	else snprintf(buf, len, "%.0f ns", ns);
	return buf;
}

static const struct counted *g_meas, *g_null;

static void column_median(const uint64_t *counts, unsigned int n, unsigned int e, uint32_t calls,
			  double *out)
{
	uint64_t *col = calloc(calls ? calls : 1, sizeof(*col));
	struct pab_stats st;

	*out = 0;
	if (!col)
		return;
	for (uint32_t i = 0; i < calls; i++)
		col[i] = counts[(size_t)i * n + e];
	if (!pab_stats_compute(col, calls, &st))
		*out = st.median;
	free(col);
}

static int event_index(const struct run_opts *o, const char *name)
{
	for (unsigned int e = 0; e < o->ev.n; e++)
		if (!strcmp(o->ev.name[e], name))
			return (int)e;
	return -1;
}

/* Median counts per call, the null method's, their difference, per leaf entry. */
static void report_events(const struct run_opts *o, const struct pab_run *run, uint64_t entries)
{
	int cyc = event_index(o, "cycles"), ins = event_index(o, "instructions");

	if (!o->ev.n || !g_meas)
		return;
	printf("  %-10s%-22s %14s %14s %14s %12s\n", "events:", "(kernel, median/call)", "method",
	       "null", "net", "per entry");
	for (unsigned int e = 0; e < o->ev.n; e++) {
		double net;

		if (run->event_error[e]) {
			printf("  %-10s%-22s not counted here: %s\n", "", o->ev.name[e],
			       strerror(-run->event_error[e]));
			continue;
		}
		net = g_meas->median[e] - (g_null ? g_null->median[e] : 0);
		printf("  %-10s%-22s %14.0f %14.0f %14.0f %12.2f%s\n", "", o->ev.name[e],
		       g_meas->median[e], g_null ? g_null->median[e] : 0, net,
		       entries ? net / (double)entries : 0,
		       run->time_running[e] < run->time_enabled[e] ? "  (multiplexed)" : "");
	}
	if (cyc >= 0 && ins >= 0 && !run->event_error[cyc] && !run->event_error[ins] &&
	    g_meas->median[cyc] > 0)
		printf("  %-10sIPC %.2f\n", "", g_meas->median[ins] / g_meas->median[cyc]);
}

static void report(const struct run_opts *o, const struct pab_region_create *rc,
		   const struct pab_run *run, const uint64_t *ns, const uint64_t *tlb_ns)
{
	struct pab_stats st, tst;
	char a[32], b[32], c[32], d[32], e[32], sz[32];
	uint64_t entries = 0;
	bool degraded = memcmp(rc->requested, rc->leaves, sizeof(rc->leaves)) != 0;

	for (unsigned int l = 0; l < PAB_LVL_NR; l++)
		entries += run->leaves[l];
	printf("%s: %s %s region (%s, %s), lazy %s, tlb %s, cpu %u\n",
	       pab_method_name(run->method), pab_format_size(rc->bytes, sz, sizeof(sz)),
	       o->rc.kind == PAB_REGION_MIXED ? "mixed" :
	       o->rc.kind == PAB_REGION_VMALLOC ? "vmalloc" : "vmalloc-huge",
	       o->mix_text, o->layout_text, o->lazy_text, o->tlb_text, run->run_cpu);
	print_leaves("mapped:", rc->leaves);
	if (degraded)
		print_leaves("requested:", rc->requested);
	printf("  %-10s%u timed after %u warmup; %llu verified (%llu mismatches, %llu level changes)\n",
	       "calls:", run->completed, o->run.warmup, (unsigned long long)run->verified_calls,
	       (unsigned long long)run->mismatched, (unsigned long long)run->level_changes);
	if (pab_stats_compute(ns, run->completed, &st))
		return;
	printf("  %-10smedian %s  [p5 %s, p95 %s]  mean %s ± %s\n", "time:",
	       fmt_ns(st.median, a, sizeof(a)), fmt_ns(st.p5, b, sizeof(b)),
	       fmt_ns(st.p95, c, sizeof(c)), fmt_ns(st.mean, d, sizeof(d)),
	       fmt_ns(st.stddev, e, sizeof(e)));
	printf("  %-10s%s … %s\n", "range:", fmt_ns(st.min, a, sizeof(a)), fmt_ns(st.max, b, sizeof(b)));
	if (entries)
		printf("  %-10s%.2f ns per leaf entry (%llu entries per call)\n", "per leaf:",
		       st.median / (double)entries, (unsigned long long)entries);
	if (o->run.tlb == PAB_TLB_SEPARATE && !pab_stats_compute(tlb_ns, run->completed, &tst))
		printf("  %-10smedian %s  [p5 %s, p95 %s]\n", "tlb flush:", fmt_ns(tst.median, a, sizeof(a)),
		       fmt_ns(tst.p5, b, sizeof(b)), fmt_ns(tst.p95, c, sizeof(c)));
	report_events(o, run, entries);
	printf("  %-10sone clock read costs %llu ns; counter %.2f MHz\n", "clock:",
	       (unsigned long long)run->clock_read_ns, run->counter_hz / 1e6);
	if (degraded)
		printf("  note: the kernel did not map every block asked for; the numbers are for what it mapped\n");
}

/*
 * The harness's own share of the counts (the ioctl path around the call, the
 * counter reads, lazy MMU entry/exit): the null method, same region, events
 * and iteration count.
 */
static int null_baseline(struct pab_dev *dev, const struct run_opts *o, struct counted *null)
{
	struct pab_run r = o->run;
	uint64_t *ns = calloc(o->run.iterations, sizeof(*ns));
	int ret = -1;

	null->counts = calloc((size_t)o->run.iterations * o->ev.n, sizeof(uint64_t));
	if (!ns || !null->counts)
		goto out;
	r.method = PAB_METHOD_NULL;
	r.ns_ptr = (uintptr_t)ns;
	r.cycles_ptr = 0;
	r.tlb_ns_ptr = 0;
	r.counts_ptr = (uintptr_t)null->counts;
	if (pab_dev_ioctl(dev, PAB_IOC_RUN, &r, sizeof(r), "the null baseline")) {
		fprintf(stderr, "pageattr-bench run: %s\n", dev->err);
		goto out;
	}
	for (unsigned int e = 0; e < o->ev.n; e++)
		column_median(null->counts, o->ev.n, e, r.completed, &null->median[e]);
	ret = 0;
out:
	free(ns);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct counted meas = { 0 }, null = { 0 };
	struct run_opts o;
	struct pab_dev dev;
	uint64_t *ns = NULL, *cycles = NULL, *tlb_ns = NULL;
	int ret = parse_args(argc, argv, &o), status = PAB_EXIT_FAIL;

	if (ret)
		return ret > 0 ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	if (pab_dev_open(&dev)) {
		fprintf(stderr, "pageattr-bench: %s\n", dev.err);
		return PAB_EXIT_ENV;
	}
	if (!o.method_given) {
		/* Default to the production path; before 6.18 that is the locked walker. */
		struct pab_method_info mi = { .method = PAB_METHOD_WALK_LOCKLESS };

		if (!pab_dev_ioctl(&dev, PAB_IOC_METHOD, &mi, sizeof(mi), "method") && !mi.available)
			o.run.method = PAB_METHOD_WALK;
	}
	if (pab_dev_ioctl(&dev, PAB_IOC_REGION_CREATE, &o.rc, sizeof(o.rc), "creating the region")) {
		fprintf(stderr, "pageattr-bench run: %s\n", dev.err);
		goto out;
	}
	ns = calloc(o.run.iterations, sizeof(*ns));
	cycles = calloc(o.run.iterations, sizeof(*cycles));
	tlb_ns = calloc(o.run.iterations, sizeof(*tlb_ns));
	if (!ns || !cycles || !tlb_ns) {
		fprintf(stderr, "pageattr-bench run: out of memory for %u samples\n", o.run.iterations);
		goto out;
	}
	o.run.nr_events = o.ev.n;
	memcpy(o.run.events, o.ev.attr, sizeof(o.ev.attr));
	if (o.ev.n) {
		meas.counts = calloc((size_t)o.run.iterations * o.ev.n, sizeof(uint64_t));
		if (!meas.counts) {
			fprintf(stderr, "pageattr-bench run: out of memory for counter samples\n");
			goto out;
		}
		o.run.counts_ptr = (uintptr_t)meas.counts;
	}
	o.run.region = o.rc.id;
	o.run.ns_ptr = (uintptr_t)ns;
	o.run.cycles_ptr = (uintptr_t)cycles;
	o.run.tlb_ns_ptr = o.run.tlb == PAB_TLB_SEPARATE ? (uintptr_t)tlb_ns : 0;
	if (pab_dev_ioctl(&dev, PAB_IOC_RUN, &o.run, sizeof(o.run), "the run")) {
		fprintf(stderr, "pageattr-bench run: %s\n", dev.err);
		if (o.run.completed)
			report(&o, &o.rc, &o.run, ns, tlb_ns);
		goto out;
	}
	if (o.ev.n) {
		for (unsigned int e = 0; e < o.ev.n; e++)
			column_median(meas.counts, o.ev.n, e, o.run.completed, &meas.median[e]);
		g_meas = &meas;
		if (o.run.method != PAB_METHOD_NULL && !null_baseline(&dev, &o, &null))
			g_null = &null;
	}
	report(&o, &o.rc, &o.run, ns, tlb_ns);
	if (o.raw)
		for (uint32_t i = 0; i < o.run.completed; i++)
		{
			printf("sample %u %llu ns %llu ticks", i, (unsigned long long)ns[i],
			       (unsigned long long)cycles[i]);
			for (unsigned int e = 0; e < o.ev.n; e++)
				printf(" %s=%llu", o.ev.name[e],
				       (unsigned long long)meas.counts[(size_t)i * o.ev.n + e]);
			putchar('\n');
		}
	status = PAB_EXIT_OK;
out:
	free(ns);
	free(cycles);
	free(tlb_ns);
	free(meas.counts);
	free(null.counts);
	pab_dev_close(&dev);
	return status;
}
