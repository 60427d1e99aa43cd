// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench concurrent: does changing kernel permissions need a global
 * lock like x86's cpa_lock? For every layout x method x lazy mode x lock x
 * thread count, K kernel threads change their own ranges at once (in kernel,
 * PAB_IOC_CONCURRENT); the table gives throughput, its scaling against one
 * thread, the time spent waiting for the lock, and the corruption found
 * (lost updates, split blocks). A verdict closes the run.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "conc_layout.h"
#include "export.h"
#include "info.h"
#include "pab_dev.h"
#include "parse.h"
#include "results.h"

#define MAXV 16

struct conc_opts {
	uint32_t threads[MAXV], nthreads;
	uint32_t layouts[MAXV], nlayouts;
	uint32_t methods[MAXV], nmethods;
	uint32_t lazies[MAXV], nlazies;
	uint32_t locks[MAXV], nlocks;
	uint32_t entries, iterations, warmup, flags;
	bool methods_given;
	const char *out_json, *out_csv;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pageattr-bench concurrent [options]\n"
		"K kernel threads change permissions at once, each on its own range: throughput\n"
		"scaling, cost of a global cpa_lock-style mutex, and every entry verified.\n\n"
		"  -t, --threads LIST    thread counts: 1,2,4 or 1..8              [1..online CPUs]\n"
		"      --layout LIST     share-nothing, pmd-table, pte-table, blocks, vmalloc,\n"
		"                        straddle (must be refused)  [share-nothing,pmd-table,pte-table,blocks,straddle]\n"
		"  -m, --method LIST     apply, walk, walk-lockless, set-memory, null  [apply,walk-lockless]\n"
		"      --lazy LIST       off, on                                    [off,on]\n"
		"      --lock LIST       none, mutex                                [none,mutex]\n"
		"      --entries N       leaf entries per thread (PMD blocks in blocks) [64]\n"
		"  -n, --iterations N    timed calls per thread                     [200]\n"
		"  -w, --warmup N        untimed calls per thread first             [10]\n"
		"      --verify WHEN     every | end                                [every]\n"
		"  -o, --output FILE     write the results (JSON, see README)\n"
		"      --csv FILE        write the table as CSV\n");
}

/* "a,b,c" of names through parse_one, or numbers with ranges "1..8". */
static int parse_list(const char *s, const char *what, const char *accepted,
		      int (*parse_one)(const char *), uint32_t *out, uint32_t *n, char *err)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", s);
	*n = 0;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int v = parse_one(t);

		if (v < 0) {
			snprintf(err, PAB_ERRLEN, "%s '%s': use %s", what, t, accepted);
			return -1;
		}
		if (*n == MAXV) {
			snprintf(err, PAB_ERRLEN, "at most %d %s values", MAXV, what);
			return -1;
		}
		out[(*n)++] = (uint32_t)v;
	}
	if (!*n) {
		snprintf(err, PAB_ERRLEN, "empty %s list", what);
		return -1;
	}
	return 0;
}

/* Lazy MMU off or one section around the call: the modes whose runs race. */
static const uint32_t conc_lazies[] = { PAB_LAZY_OFF, PAB_LAZY_ON };
static const uint32_t conc_methods[] = PAB_METHOD_PAIR;

static int parse_lazy_one(const char *s)
{
	int v = pab_vocab_parse(&pab_lazy_modes, s);

	for (size_t i = 0; i < sizeof(conc_lazies) / sizeof(conc_lazies[0]); i++)
		if (v == (int)conc_lazies[i])
			return v;
	return -1;
}

static int parse_lock_one(const char *s)
{
	return pab_vocab_parse(&pab_conc_locks, s);
}

/* The accepted words for each list, from the vocabularies. */
struct choices {
	char layouts[160], methods[160], lazies[64], locks[64];
};

static void fill_choices(struct choices *c)
{
	pab_vocab_choices(&pab_conc_layouts, c->layouts, sizeof(c->layouts));
	pab_method_choices(c->methods, sizeof(c->methods));
	snprintf(c->lazies, sizeof(c->lazies), "%s or %s", pab_vocab_name(&pab_lazy_modes, conc_lazies[0]),
		 pab_vocab_name(&pab_lazy_modes, conc_lazies[1]));
	pab_vocab_choices(&pab_conc_locks, c->locks, sizeof(c->locks));
}

/* Defaults: every layout but vmalloc (set-memory's, not in the default pair), the pair, both lazies, every lock. */
static void set_defaults(struct conc_opts *o)
{
	for (unsigned int l = 0; l < CONC_NR; l++)
		if (l != CONC_VMALLOC)
			o->layouts[o->nlayouts++] = l;
	for (size_t i = 0; i < sizeof(conc_methods) / sizeof(conc_methods[0]); i++)
		o->methods[o->nmethods++] = conc_methods[i];
	for (size_t i = 0; i < sizeof(conc_lazies) / sizeof(conc_lazies[0]); i++)
		o->lazies[o->nlazies++] = conc_lazies[i];
	for (unsigned int k = 0; k < pab_conc_locks.n; k++)
		o->locks[o->nlocks++] = pab_conc_locks.words[k].value;
}

static int parse_threads(const char *s, struct conc_opts *o, char *err)
{
	char buf[256], *save = NULL, *dots;
	uint64_t a, b;

	snprintf(buf, sizeof(buf), "%s", s);
	o->nthreads = 0;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		dots = strstr(t, "..");
		if (dots)
			*dots = '\0';
		if (pab_parse_uint(t, "threads", 1, PAB_MAX_THREADS, &a, err))
			return -1;
		b = a;
		if (dots && pab_parse_uint(dots + 2, "threads", a, PAB_MAX_THREADS, &b, err))
			return -1;
		for (uint64_t k = a; k <= b; k++) {
			if (o->nthreads == MAXV) {
				snprintf(err, PAB_ERRLEN, "at most %d thread counts", MAXV);
				return -1;
			}
			o->threads[o->nthreads++] = (uint32_t)k;
		}
	}
	if (!o->nthreads) {
		snprintf(err, PAB_ERRLEN, "empty thread list");
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct conc_opts *o)
{
	static const struct option opts[] = {
		{ "threads", required_argument, NULL, 't' },
		{ "layout", required_argument, NULL, 'L' },
		{ "method", required_argument, NULL, 'm' },
		{ "lazy", required_argument, NULL, 'z' },
		{ "lock", required_argument, NULL, 'k' },
		{ "entries", required_argument, NULL, 'E' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "verify", required_argument, NULL, 'V' },
		{ "output", required_argument, NULL, 'o' },
		{ "csv", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PAB_ERRLEN] = "";
	struct choices ch;
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->entries = 64;
	o->iterations = 200;
	o->warmup = 10;
	set_defaults(o);
	fill_choices(&ch);
	optind = 1;
	while ((c = getopt_long(argc, argv, "t:m:n:w:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (parse_threads(optarg, o, err)) goto bad;
			break;
		case 'L':
			if (parse_list(optarg, "layout", ch.layouts, conc_layout_parse, o->layouts, &o->nlayouts, err))
				goto bad;
			break;
		case 'm':
			if (parse_list(optarg, "method", ch.methods, pab_method_parse, o->methods, &o->nmethods, err))
				goto bad;
			o->methods_given = true;
			break;
		case 'z':
			if (parse_list(optarg, "lazy mode", ch.lazies, parse_lazy_one, o->lazies,
				       &o->nlazies, err))
				goto bad;
			break;
		case 'k':
			if (parse_list(optarg, "lock", ch.locks, parse_lock_one, o->locks, &o->nlocks, err))
				goto bad;
			break;
		case 'E':
			if (pab_parse_uint(optarg, "entries", 1, 1 << 20, &v, err)) goto bad;
			o->entries = (uint32_t)v;
			break;
		case 'n':
			if (pab_parse_uint(optarg, "iterations", 1, PAB_MAX_ITERATIONS, &v, err)) goto bad;
			o->iterations = (uint32_t)v;
			break;
		case 'w':
			if (pab_parse_uint(optarg, "warmup", 0, PAB_MAX_WARMUP, &v, err)) goto bad;
			o->warmup = (uint32_t)v;
			break;
		case 'V':
			if (pab_parse_verify(optarg, &o->flags, err)) goto bad;
			break;
		case 'o':
			o->out_json = optarg;
			break;
		case 'C':
			o->out_csv = optarg;
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
	return 0;
bad:
	fprintf(stderr, "pageattr-bench concurrent: %s\n", err);
	return -1;
}

/* One configuration: K threads on the layout's regions, in kernel. */
static void run_one(struct pab_dev *dev, const struct conc_opts *o, const struct conc_regions *regs,
		    const struct conc_geometry *g, struct conc_record *rec)
{
	struct pab_thread th[PAB_MAX_THREADS];
	struct pab_concurrent req = {
		.nr_threads = rec->threads, .threads_ptr = (uintptr_t)th,
		.thread_size = sizeof(th[0]), .method = rec->method, .lazy = rec->lazy,
		.lock = rec->lock, .flags = o->flags, .iterations = o->iterations,
		.warmup = o->warmup,
	};

	for (uint32_t i = 0; i < rec->threads; i++)
		conc_thread_range(regs, g, i, o->entries, &th[i]);
	rec->err = pab_dev_ioctl(dev, PAB_IOC_CONCURRENT, &req, sizeof(req), "concurrent run");
	if (rec->err)
		snprintf(rec->error, sizeof(rec->error), "%s", dev->err);
	conc_record_fill(rec, &req, th);
}

static int write_json(const struct conc_opts *o, struct pab_dev *dev, int argc, char **argv,
		      struct conc_record *recs, size_t n)
{
	struct pab_info_all info = { 0 };
	char err[512], *cmd = pab_command_line(argc, argv), **lines = calloc(n + 1, sizeof(char *));
	int ret = -1;

	if (!cmd || !lines)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (!(lines[i] = conc_record_line(&recs[i])))
			goto out;
	if (pab_info_gather(dev, &info)) {
		fprintf(stderr, "pageattr-bench concurrent: %s\n", dev->err);
		goto out;
	}
	if (pab_results_save(o->out_json, cmd, &info, lines, n, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench concurrent: %s\n", err);
		goto out;
	}
	ret = 0;
out:
	pab_info_free(&info);
	for (size_t i = 0; lines && i < n; i++)
		free(lines[i]);
	free(lines);
	free(cmd);
	return ret;
}

int cmd_concurrent(int argc, char **argv)
{
	struct conc_record *recs = NULL;
	struct pab_info kinfo = { 0 };
	struct conc_geometry g;
	struct conc_opts o;
	struct pab_dev dev;
	size_t n = 0, cap;
	uint32_t kmax = 0;
	int status = PAB_EXIT_OK, ret = parse_args(argc, argv, &o);
	FILE *csv = NULL;
	char err[PAB_ERRLEN];

	if (ret)
		return ret > 0 ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	if (pab_dev_open(&dev)) {
		fprintf(stderr, "pageattr-bench: %s\n", dev.err);
		return PAB_EXIT_ENV;
	}
	if (pab_dev_ioctl(&dev, PAB_IOC_INFO, &kinfo, sizeof(kinfo), "reading module info")) {
		fprintf(stderr, "pageattr-bench concurrent: %s\n", dev.err);
		pab_dev_close(&dev);
		return PAB_EXIT_ENV;
	}
	/* The default walker is the lockless one, or the locked one where the kernel lacks it. */
	for (uint32_t i = 0; !o.methods_given && i < o.nmethods; i++)
		if (o.methods[i] == PAB_METHOD_WALK_LOCKLESS &&
		    !(kinfo.methods & (1ULL << PAB_METHOD_WALK_LOCKLESS)))
			o.methods[i] = PAB_METHOD_WALK;
	g = (struct conc_geometry){ .page = 1ULL << kinfo.page_shift, .pmd = 1ULL << kinfo.pmd_shift,
				    .pud = 1ULL << kinfo.pud_shift };
	if (!o.nthreads)	/* default: 1 .. online CPUs */
		for (uint32_t k = 1; k <= kinfo.nr_cpus_online && k <= MAXV; k++)
			o.threads[o.nthreads++] = k;
	for (uint32_t i = 0; i < o.nthreads; i++)
		kmax = o.threads[i] > kmax ? o.threads[i] : kmax;
	cap = (size_t)o.nlayouts * o.nmethods * o.nlazies * o.nlocks * o.nthreads;
	recs = calloc(cap, sizeof(*recs));
	if (o.out_csv && !(csv = fopen(o.out_csv, "w"))) {
		fprintf(stderr, "pageattr-bench concurrent: cannot write %s: %s\n", o.out_csv,
			strerror(errno));
		status = PAB_EXIT_FAIL;
		goto out;
	}
	if (!recs) {
		status = PAB_EXIT_FAIL;
		goto out;
	}
	if (csv)
		conc_csv_header(csv);
	conc_table_header(stdout);
	for (uint32_t li = 0; li < o.nlayouts; li++) {
		struct conc_regions regs;
		unsigned int layout = o.layouts[li];
		bool made = false;

		for (uint32_t mi = 0; mi < o.nmethods; mi++)
			for (uint32_t zi = 0; zi < o.nlazies; zi++)
				for (uint32_t ki = 0; ki < o.nlocks; ki++)
					for (uint32_t ti = 0; ti < o.nthreads; ti++) {
						struct conc_record *rec = &recs[n++];

						*rec = (struct conc_record){
							.layout = layout, .method = o.methods[mi],
							.lazy = o.lazies[zi], .lock = o.locks[ki],
							.threads = o.threads[ti], .entries = o.entries,
							.iterations = o.iterations, .warmup = o.warmup };
						rec->skip = conc_layout_skip(layout, rec->method);
						if (!(kinfo.methods & (1ULL << rec->method)))
							rec->skip = "method unavailable in this kernel (see 'pageattr-bench info')";
						if (!rec->skip && !made) {
							if (conc_regions_make(&dev, layout, &g, kmax, o.entries,
									      &regs, err, sizeof(err))) {
								fprintf(stderr, "pageattr-bench concurrent: layout %s: %s\n",
									conc_layout_name(layout), err);
								status = PAB_EXIT_FAIL;
								n--;
								goto next_layout;
							}
							made = true;
						}
						if (!rec->skip)
							run_one(&dev, &o, &regs, &g, rec);
						conc_record_scale(recs, n);
						conc_table_row(stdout, rec);
						fflush(stdout);
						if (csv)
							conc_csv_row(csv, rec);
						if (conc_record_failed(rec))
							status = PAB_EXIT_FAIL;
					}
next_layout:
		if (made)
			conc_regions_free(&dev, &regs);
	}
	conc_verdict(stdout, recs, n);
	if (o.out_json && write_json(&o, &dev, argc + 1, argv - 1, recs, n))
		status = PAB_EXIT_FAIL;
out:
	if (csv)
		fclose(csv);
	free(recs);
	pab_dev_close(&dev);
	return status;
}
