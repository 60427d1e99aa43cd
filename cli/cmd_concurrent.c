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

#include "compare.h"
#include "conc_args.h"

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

	for (size_t i = 0; cmd && lines && i < n; i++)
		if (!(lines[i] = conc_record_line(&recs[i])))
			break;
	if (!cmd || !lines || (n && !lines[n - 1])) {
		fprintf(stderr, "pageattr-bench concurrent: cannot format the records for %s: out of memory\n",
			o->out_json);
		goto out;
	}
	if (pab_info_gather(dev, &info)) {
		fprintf(stderr, "pageattr-bench concurrent: %s\n", dev->err);
		goto out;
	}
	if (pab_results_save(o->out_json, cmd, &info, lines, n, true, err, sizeof(err))) {
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

/*
 * Every record of one layout, in the table's order: its regions made once
 * (when a record can run), each method x lazy mode x lock x thread count run
 * or skipped with the reason, a row printed as it ends. The exit status so
 * far: FAIL when a record failed or the regions could not be made.
 */
static int run_layout(struct pab_dev *dev, const struct conc_opts *o, const struct pab_info *kinfo,
		      const struct conc_geometry *g, uint32_t kmax, unsigned int layout,
		      struct conc_record *recs, size_t *n, FILE *csv)
{
	struct conc_regions regs;
	bool made = false;
	char err[PAB_ERRLEN];
	int status = PAB_EXIT_OK;

	for (uint32_t mi = 0; mi < o->nmethods; mi++)
		for (uint32_t zi = 0; zi < o->nlazies; zi++)
			for (uint32_t ki = 0; ki < o->nlocks; ki++)
				for (uint32_t ti = 0; ti < o->nthreads; ti++) {
					struct conc_record *rec;
					/*
					 * A whole kernel path (set_memory_*) runs with its
					 * own lazy MMU handling: one record, lazy native,
					 * whatever lazy modes were asked for the others.
					 */
					bool path = pab_method_flags(o->methods[mi]) & PAB_MF_PATH;

					if (path && zi)
						continue;
					rec = &recs[(*n)++];
					*rec = (struct conc_record){
						.layout = layout, .method = o->methods[mi],
						.lazy = path ? PAB_LAZY_NATIVE : o->lazies[zi],
						.lock = o->locks[ki],
						.threads = o->threads[ti], .entries = o->entries,
						.iterations = o->iterations, .warmup = o->warmup };
					rec->skip = conc_layout_skip(layout, rec->method, rec->lock, kinfo->caps);
					if (!(kinfo->methods & (1ULL << rec->method)))
						rec->skip = "method unavailable in this kernel (see 'pageattr-bench info')";
					if (!rec->skip && !made) {
						if (conc_regions_make(dev, layout, g, kmax, o->entries,
								      &regs, err, sizeof(err))) {
							fprintf(stderr, "pageattr-bench concurrent: layout %s: %s\n",
								conc_layout_name(layout), err);
							(*n)--;
							return PAB_EXIT_FAIL;
						}
						made = true;
					}
					if (!rec->skip)
						run_one(dev, o, &regs, g, rec);
					conc_record_scale(recs, *n);
					conc_table_row(stdout, rec);
					fflush(stdout);
					if (csv)
						conc_csv_row(csv, rec);
					if (conc_record_failed(rec))
						status = PAB_EXIT_FAIL;
				}
	if (made)
		conc_regions_free(dev, &regs);
	return status;
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
	int status = PAB_EXIT_OK, ret;
	FILE *csv = NULL;

	/* 'concurrent --split-race ...' is 'split-race ...': callers that own their pages. */
	if (argc > 1 && !strcmp(argv[1], "--split-race"))
		return cmd_split_race(argc - 1, argv + 1);
	ret = conc_parse_args(argc, argv, &o);
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
		fprintf(stderr, "pageattr-bench concurrent: out of memory for %zu records\n", cap);
		status = PAB_EXIT_FAIL;
		goto out;
	}
	if (csv)
		conc_csv_header(csv);
	conc_table_header(stdout);
	for (uint32_t li = 0; li < o.nlayouts; li++)
		if (run_layout(&dev, &o, &kinfo, &g, kmax, o.layouts[li], recs, &n, csv))
			status = PAB_EXIT_FAIL;
	conc_verdict(stdout, recs, n);
	{
		char model[256];

		pab_read_model_name(model, sizeof(model));
		if (pab_cpu_emulated(&kinfo, model))
			printf("note: %s\n", PAB_EMULATED_NOTE);
	}
	if (o.out_json && write_json(&o, &dev, argc + 1, argv - 1, recs, n))
		status = PAB_EXIT_FAIL;
out:
	if (csv && (ferror(csv) | fclose(csv))) {
		fprintf(stderr, "pageattr-bench concurrent: writing %s failed: %s\n", o.out_csv, strerror(errno));
		status = PAB_EXIT_FAIL;
	}
	free(recs);
	pab_dev_close(&dev);
	return status;
}
