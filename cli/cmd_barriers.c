// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench barriers INSNS.tsv [RESULTS.json] [-o FILE.json]: the exact
 * instruction, DSB, ISB and TLBI counts per timed call that the QEMU plugin
 * recorded (vm/guest.sh --count-insns), one line per run. With the result
 * file of the same guest run, each run is the next record that ran (same
 * number of calls, checked), so the counts get the configuration's name and
 * are also given per leaf entry.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "insn_counts.h"
#include "json_writer.h"
#include "results_reader.h"

static const char usage_text[] =
	"usage: pageattr-bench barriers INSNS.tsv [RESULTS.json] [-o FILE.json]\n"
	"  INSNS.tsv     the plugin's counts (vm/guest.sh --count-insns leaves it in --out DIR)\n"
	"  RESULTS.json  the run's or sweep's result file: names the runs, gives per-entry counts\n"
	"  -o FILE.json  write the counts per run as JSON\n";

/*
 * Runs to records. Since UAPI 4 a record carries its run's number
 * (run_seq), the count of run markers the plugin saw: joined by it, runs of
 * anything else (a selftest, a cross-check) stay unnamed. A record with PMU
 * events was followed by its null baseline, a run of the null method with as
 * many calls (bench/run_exec.c): run_seq + 1, marked null[i]. Older files:
 * the k-th run is the next record that ran (status ok), in file order.
 */
/* The record's run was followed by its null baseline's (it counted PMU events). */
static bool has_null_baseline(const struct pab_rec *r)
{
	return r->nevents && r->method && strcmp(r->method, "null");
}

static const struct pab_rec *by_seq(const struct pab_results_file *rf, uint64_t run, bool *null)
{
	for (size_t j = 0; j < rf->n; j++) {
		const struct pab_rec *r = &rf->recs[j];
		bool baseline = has_null_baseline(r);

		if (!r->ok || !r->run_seq)
			continue;
		if (r->run_seq == run || (baseline && r->run_seq + 1 == run)) {
			*null = r->run_seq != run;
			return r;
		}
	}
	return NULL;
}

static int join(const struct pab_icount_run *runs, size_t n, const struct pab_results_file *rf,
		const struct pab_rec **rec, bool *null, char *err, size_t len)
{
	bool seqs = false;
	size_t j = 0;

	for (size_t k = 0; k < rf->n; k++)
		seqs |= rf->recs[k].ok && rf->recs[k].run_seq;
	for (size_t i = 0; i < n; i++) {
		bool baseline;

		if (seqs) {
			rec[i] = by_seq(rf, runs[i].run, &null[i]);
			if (rec[i] && rec[i]->completed != runs[i].ncalls) {
				snprintf(err, len, "run %llu has %zu counted calls, its record %s %llu: not the same runs",
					 (unsigned long long)runs[i].run, runs[i].ncalls, rec[i]->name,
					 (unsigned long long)rec[i]->completed);
				return -1;
			}
			continue;
		}
		while (j < rf->n && !rf->recs[j].ok)
			j++;
		if (j == rf->n) {
			snprintf(err, len, "run %zu of the counts has no record left in the result file: not the same runs", i + 1);
			return -1;
		}
		if (rf->recs[j].completed != runs[i].ncalls) {
			snprintf(err, len, "run %zu has %zu counted calls, record %s %llu: not the same runs", i + 1,
				 runs[i].ncalls, rf->recs[j].name, (unsigned long long)rf->recs[j].completed);
			return -1;
		}
		rec[i] = &rf->recs[j];
		baseline = has_null_baseline(&rf->recs[j]);
		if (baseline && i + 1 < n) {
			rec[i + 1] = &rf->recs[j];
			null[++i] = true;
		}
		j++;
	}
	return 0;
}

static void print_ops(FILE *f, const struct pab_icount *c)
{
	for (unsigned int k = 0; k < c->nops; k++)
		fprintf(f, "%s%s %llu", k ? ", " : "", c->op_name[k], (unsigned long long)c->op_n[k]);
	if (!c->nops)
		fprintf(f, "-");
}

static void write_json(FILE *out, const struct pab_icount_run *runs, size_t n, const struct pab_rec **rec,
		       const bool *null)
{
	struct jw w;

	jw_init(&w, out);
	jw_object_begin(&w, NULL);
	jw_string(&w, "source", "QEMU TCG plugin (vm/plugin/insn_count.c): exact counts per timed call");
	jw_array_begin(&w, "runs");
	for (size_t i = 0; i < n; i++) {
		const struct pab_icount *m = &runs[i].undisturbed;

		jw_object_begin(&w, NULL);
		jw_uint(&w, "run", runs[i].run);
		if (rec[i])
			jw_string(&w, "name", rec[i]->name);
		jw_bool(&w, "null_baseline", null[i]);
		jw_uint(&w, "vcpu", runs[i].vcpu);
		jw_uint(&w, "calls", runs[i].ncalls);
		jw_uint(&w, "undisturbed_calls", runs[i].nundisturbed);
		jw_bool(&w, "exact", runs[i].exact);
		jw_object_begin(&w, "per_call");
#define PAB_ICOUNT_JSON(f, label)	jw_uint(&w, #f, m->f);
		PAB_ICOUNT_FIELDS(PAB_ICOUNT_JSON)
		jw_object_begin(&w, "tlbi_ops");
		for (unsigned int k = 0; k < m->nops; k++)
			jw_uint(&w, m->op_name[k], m->op_n[k]);
		jw_object_end(&w);
		jw_object_end(&w);
		if (rec[i] && rec[i]->entries && !null[i]) {
			jw_object_begin(&w, "per_entry");
#define PAB_ICOUNT_JSON_PE(f, label)	jw_double(&w, #f, (double)m->f / (double)rec[i]->entries);
			PAB_ICOUNT_FIELDS(PAB_ICOUNT_JSON_PE)
			jw_object_end(&w);
		}
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	fputc('\n', out);
}

/* "39 undisturbed (the fewest instructions)": what per call shows when calls differ. */
static const char *undisturbed_text(size_t n, char *buf, size_t len)
{
	snprintf(buf, len, "%zu undisturbed (the fewest instructions)", n);
	return buf;
}

int cmd_barriers(int argc, char **argv)
{
	static const struct option opts[] = { { "output", required_argument, NULL, 'o' },
					      { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *json = NULL;
	struct pab_icount_run *runs;
	struct pab_results_file rf = { 0 };
	const struct pab_rec **rec;
	bool *null;
	size_t n;
	char err[1024];
	int ch, status = PAB_EXIT_OK;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (ch == 'h') {
			fputs(usage_text, stdout);
			return PAB_EXIT_OK;
		}
		if (ch != 'o') {
			fputs(usage_text, stderr);
			return PAB_EXIT_USAGE;
		}
		json = optarg;
	}
	if (optind >= argc || argc - optind > 2) {
		fprintf(stderr, "pageattr-bench barriers: %s\n",
			optind >= argc ? "no counts file given" : "more than a counts file and a result file given");
		return PAB_EXIT_USAGE;
	}
	if (pab_icounts_load(argv[optind], &runs, &n, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench barriers: %s\n", err);
		return PAB_EXIT_USAGE;
	}
	rec = calloc(n ? n : 1, sizeof(*rec));
	null = calloc(n ? n : 1, sizeof(*null));
	if (!rec || !null) {
		free(rec);
		free(null);
		pab_icounts_free(runs, n);
		return PAB_EXIT_FAIL;
	}
	if (argc - optind == 2 && (pab_results_load(argv[optind + 1], &rf, err, sizeof(err)) ||
				   join(runs, n, &rf, rec, null, err, sizeof(err)))) {
		fprintf(stderr, "pageattr-bench barriers: %s\n", err);
		status = PAB_EXIT_USAGE;
		goto out;
	}
	if (!n)
		printf("no counted calls (was the module loaded with count_markers=1, under --count-insns?)\n");
	for (size_t i = 0; i < n; i++) {
		const struct pab_icount *m = &runs[i].undisturbed;
		char nbuf[64];

		printf("barriers: run %llu%s%s%s: %zu calls%s%s; per call %llu instructions, %llu DSB (%llu ishst, %llu ish), %llu ISB, %llu DMB, %llu TLBI (",
		       (unsigned long long)runs[i].run, rec[i] ? " " : "", rec[i] ? rec[i]->name : "",
		       null[i] ? " (its null baseline)" : "", runs[i].ncalls, runs[i].exact ? ", all equal" : ", ",
		       runs[i].exact ? "" : undisturbed_text(runs[i].nundisturbed, nbuf, sizeof(nbuf)),
		       (unsigned long long)m->insns, (unsigned long long)m->dsb,
		       (unsigned long long)m->dsb_ishst, (unsigned long long)m->dsb_ish,
		       (unsigned long long)m->isb, (unsigned long long)m->dmb, (unsigned long long)m->tlbi);
		print_ops(stdout, m);
		printf(")");
		if (rec[i] && rec[i]->entries && !null[i])
			printf("; per entry %.3g DSB, %.3g ISB, %.3g TLBI (%llu entries)",
			       (double)m->dsb / (double)rec[i]->entries, (double)m->isb / (double)rec[i]->entries,
			       (double)m->tlbi / (double)rec[i]->entries, (unsigned long long)rec[i]->entries);
		printf("\n");
	}
	if (json) {
		FILE *f = fopen(json, "w");

		if (!f) {
			fprintf(stderr, "pageattr-bench barriers: cannot write %s: %s\n", json, strerror(errno));
			status = PAB_EXIT_FAIL;
		} else {
			write_json(f, runs, n, rec, null);
			if (ferror(f) | fclose(f)) {
				fprintf(stderr, "pageattr-bench barriers: writing %s failed: %s\n", json, strerror(errno));
				status = PAB_EXIT_FAIL;
			}
		}
	}
out:
	free(rec);
	free(null);
	pab_results_free(&rf);
	pab_icounts_free(runs, n);
	return status;
}
