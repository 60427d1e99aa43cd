// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench analyze RESULT.json: per configuration, robust statistics of
 * the per-call samples, with a hyperfine-style warning when outliers or drift
 * are large. pageattr-bench compare A.json B.json: for each configuration in
 * both, the ratio of medians (B/A) with a bootstrap 95 % interval, a
 * Mann-Whitney U test, and a verdict in the spirit of ministat.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "results_reader.h"
#include "vocab.h"
#include "robust.h"
#include "stats.h"
#include "tune.h"

#define BOOT_REPS 2000
#define BOOT_SEED 0x9e3779b97f4a7c15ULL

static int load(const char *path, struct pab_results_file *f)
{
	char err[1024];

	if (pab_results_load(path, f, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench: %s\n", err);
		return -1;
	}
	return 0;
}

int cmd_analyze(int argc, char **argv)
{
	struct pab_results_file f;
	size_t warned = 0;

	if (argc != 2 || argv[1][0] == '-') {
		if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
			printf("usage: pageattr-bench analyze RESULT.json\n");
			return PAB_EXIT_OK;
		}
		fprintf(stderr, "usage: pageattr-bench analyze RESULT.json\n");
		return PAB_EXIT_USAGE;
	}
	if (load(argv[1], &f))
		return PAB_EXIT_USAGE;
	printf("%s: %s, %zu configurations\n", argv[1], f.kernel_release, f.n);
	printf("%-58s %5s %11s %23s %11s %10s %10s %10s %10s %10s %8s %5s %9s\n", "configuration", "n",
	       "median ns", "95% CI of median", "mean ns", "stddev", "p5", "p25", "p75", "p95", "MAD",
	       "outl", "ns/entry");
	for (size_t i = 0; i < f.n; i++) {
		const struct pab_rec *r = &f.recs[i];
		struct pab_stats st;
		double *v, lo, hi, mad, half1, half2;
		size_t outl;

		if (strcmp(r->status, "ok") || r->nsamples < 2) {
			printf("%-58.58s %s: %s\n", r->name, r->status, r->error ? r->error : "no samples");
			continue;
		}
		v = pab_rec_samples(r);
		pab_stats_compute(r->samples_ns, r->nsamples, &st);
		pab_bootstrap_median(v, r->nsamples, BOOT_REPS, BOOT_SEED, &lo, &hi);
		mad = pab_mad(v, r->nsamples);
		outl = pab_outliers(v, r->nsamples);
		printf("%-58.58s %5zu %11.0f [%10.0f, %10.0f] %11.0f %10.0f %10.0f %10.0f %10.0f %10.0f %8.0f %5zu %9.2f\n",
		       r->name, r->nsamples, st.median, lo, hi, st.mean, st.stddev, st.p5, st.p25,
		       st.p75, st.p95, mad, outl, r->entries ? st.median / (double)r->entries : NAN);
		for (unsigned int e = 0; e < r->nevents; e++)
			if (r->events[e].counted)
				printf("    %-22s net %12.0f per call, %10.2f per entry\n", r->events[e].name,
				       r->events[e].net, r->events[e].per_entry);
		/* Drift: the two halves' medians differ by more than 10 %. */
		pab_stats_compute(r->samples_ns, r->nsamples / 2, &st);
		half1 = st.median;
		pab_stats_compute(r->samples_ns + r->nsamples / 2, r->nsamples - r->nsamples / 2, &st);
		half2 = st.median;
		if (outl * 20 > r->nsamples) {
			printf("  Warning: %zu statistical outliers (modified z-score > 3.5) in %s: consider more iterations, a quiet machine, or --cpu\n",
			       outl, r->name);
			warned++;
		}
		if (half1 > 0 && fabs(half2 - half1) / half1 > 0.10) {
			printf("  Warning: drift in %s: the second half's median is %+.1f%% off the first's\n",
			       r->name, 100 * (half2 - half1) / half1);
			warned++;
		}
		free(v);
	}
	pab_results_free(&f);
	return PAB_EXIT_OK;
}

static int compare_methods(const char *path, const char *pair);
static int compare_files(struct pab_results_file *a_in, struct pab_results_file *b_in);

int cmd_compare(int argc, char **argv)
{
	struct pab_results_file a, b;
	int ret;

	if (argc == 4 && !strcmp(argv[2], "--methods"))
		return compare_methods(argv[1], argv[3]);
	if (argc != 3) {
		fprintf(stderr, "usage: pageattr-bench compare BASELINE.json NEW.json | RESULT.json --methods A,B\n");
		return PAB_EXIT_USAGE;
	}
	if (load(argv[1], &a))
		return PAB_EXIT_USAGE;
	if (load(argv[2], &b)) {
		pab_results_free(&a);
		return PAB_EXIT_USAGE;
	}
	printf("A: %s (%s)\nB: %s (%s)\n", argv[1], a.kernel_release, argv[2], b.kernel_release);
	ret = compare_files(&a, &b);
	pab_results_free(&a);
	pab_results_free(&b);
	return ret;
}

static bool rec_is_method(const struct pab_rec *r, const char *name)
{
	int m = pab_method_parse(name);

	return m >= 0 ? r->method_id == m : !strcmp(r->method, name);
}

/*
 * Method vs method within one file: A is every record of the first method,
 * B the second's, renamed to A's method so the same matching applies.
 */
static int compare_methods(const char *path, const char *pair)
{
	struct pab_results_file f, a = { 0 }, b = { 0 };
	char ma[32], mb[32];
	const char *comma = strchr(pair, ',');
	int ret;

	if (!comma || comma == pair || !comma[1] || (size_t)(comma - pair) >= sizeof(ma) ||
	    strlen(comma + 1) >= sizeof(mb)) {
		fprintf(stderr, "pageattr-bench compare: --methods takes two methods, e.g. apply,walk-lockless\n");
		return PAB_EXIT_USAGE;
	}
	snprintf(ma, sizeof(ma), "%.*s", (int)(comma - pair), pair);
	snprintf(mb, sizeof(mb), "%s", comma + 1);
	if (load(path, &f))
		return PAB_EXIT_USAGE;
	a.recs = calloc(f.n + 1, sizeof(*a.recs));
	b.recs = calloc(f.n + 1, sizeof(*b.recs));
	for (size_t i = 0; a.recs && b.recs && i < f.n; i++) {
		struct pab_rec r = f.recs[i];
		const char *rest = strchr(r.key, '/');

		if (rec_is_method(&r, ma)) {
			a.recs[a.n++] = r;
		} else if (rec_is_method(&r, mb) && rest) {
			/* The key with A's method, so configurations pair up. */
			char *key = malloc(strlen(ma) + strlen(rest) + 1);

			if (!key)
				continue;
			strcat(strcpy(key, ma), rest);
			r.key = key;
			b.recs[b.n++] = r;
		}
	}
	printf("A: %s in %s\nB: %s in the same file (%s)\n", ma, path, mb, f.kernel_release);
	ret = compare_files(&a, &b);
	for (size_t i = 0; i < b.n; i++)
		free(b.recs[i].key);
	free(a.recs);
	free(b.recs);
	pab_results_free(&f);
	return ret;
}

static int compare_files(struct pab_results_file *a_in, struct pab_results_file *b_in)
{
	struct pab_results_file a = *a_in, b = *b_in;
	size_t matched = 0;

	printf("%-58s %11s %11s %8s %19s %9s  %s\n", "configuration", "A median", "B median", "B/A",
	       "95% CI of B/A", "p (MWU)", "verdict at 95%");
	for (size_t i = 0; i < a.n; i++) {
		const struct pab_rec *ra = &a.recs[i], *rb = NULL;
		double *va, *vb, lo, hi, u, p, ma, mb;
		struct pab_stats sa, sb;
		char verdict[96];

		for (size_t j = 0; j < b.n && !rb; j++)
			if (!strcmp(b.recs[j].key, ra->key))
				rb = &b.recs[j];
		if (!rb)
			continue;
		matched++;
		if (strcmp(ra->status, "ok") || strcmp(rb->status, "ok") || ra->nsamples < 2 ||
		    rb->nsamples < 2) {
			printf("%-58.58s not comparable (A %s, B %s)\n", ra->name, ra->status, rb->status);
			continue;
		}
		va = pab_rec_samples(ra);
		vb = pab_rec_samples(rb);
		pab_stats_compute(ra->samples_ns, ra->nsamples, &sa);
		pab_stats_compute(rb->samples_ns, rb->nsamples, &sb);
		ma = sa.median;
		mb = sb.median;
		pab_bootstrap_ratio(va, ra->nsamples, vb, rb->nsamples, BOOT_REPS, BOOT_SEED, &lo, &hi);
		p = pab_mann_whitney(va, ra->nsamples, vb, rb->nsamples, &u);
		if (p >= 0.05 || (lo <= 1 && hi >= 1))
			snprintf(verdict, sizeof(verdict), "no difference proven");
		else if (mb < ma)
			snprintf(verdict, sizeof(verdict), "B faster by %.1f%% ± %.1f%%",
				 100 * (1 - mb / ma), 50 * (hi - lo));
		else
			snprintf(verdict, sizeof(verdict), "B slower by %.1f%% ± %.1f%%",
				 100 * (mb / ma - 1), 50 * (hi - lo));
		printf("%-58.58s %11.0f %11.0f %8.3f [%8.3f, %8.3f] %9.2g  %s\n", ra->name, ma, mb,
		       mb / ma, lo, hi, p, verdict);
		free(va);
		free(vb);
	}
	for (size_t i = 0; i < a.n; i++) {
		bool found = false;

		for (size_t j = 0; j < b.n && !found; j++)
			found = !strcmp(b.recs[j].key, a.recs[i].key);
		if (!found)
			printf("only in A: %s\n", a.recs[i].key);
	}
	for (size_t j = 0; j < b.n; j++) {
		bool found = false;

		for (size_t i = 0; i < a.n && !found; i++)
			found = !strcmp(b.recs[j].key, a.recs[i].key);
		if (!found)
			printf("only in B: %s\n", b.recs[j].key);
	}
	printf("%zu configurations in both; test: Mann-Whitney U (two-sided, normal approximation), interval: percentile bootstrap of the ratio of medians (%d resamples)\n",
	       matched, BOOT_REPS);
	return PAB_EXIT_OK;
}

/*
 * Where the walker stops (or starts) paying off: per size, the old path
 * (apply on the all-PTE region, lazy on) against the walker on each PMD share
 * measured; the smallest share from which the walker's median is lower.
 */
static size_t walker_threshold(const struct pab_results_file *f)
{
	size_t sizes = 0;

	for (size_t i = 0; i < f->n; i++) {
		const struct pab_rec *ap = &f->recs[i];
		int from = -1, shares = 0;
		struct pab_stats sa;

		if (!pab_rec_is_old_path(ap) || !ap->ok || ap->nsamples < 2)
			continue;
		pab_stats_compute(ap->samples_ns, ap->nsamples, &sa);
		if (!sizes++)
			printf("walker (lazy on) vs apply on the all-PTE region, by PMD share:\n");
		printf("  %llu bytes:", (unsigned long long)ap->bytes);
		for (int share = 0; share <= 100; share++)
			for (size_t j = 0; j < f->n; j++) {
				const struct pab_rec *w = &f->recs[j];
				struct pab_stats sw;

				if (!(pab_rec_method_flags(w) & PAB_MF_WALKER) || w->bytes != ap->bytes ||
				    pab_rec_pmd_percent(w) != share || w->lazy_id != PAB_LAZY_ON ||
				    !w->ok || w->nsamples < 2)
					continue;
				pab_stats_compute(w->samples_ns, w->nsamples, &sw);
				printf(" %s@%d%%=%.2fx", w->method, share, sa.median / sw.median);
				if (sw.median < sa.median && from < 0)
					from = share;
				shares++;
			}
		if (!shares)
			printf(" no walker runs at this size");
		else if (from < 0)
			printf("; the walker is slower at every share measured");
		else
			printf("; the walker pays off from %d%% PMD blocks", from);
		printf("\n");
	}
	if (sizes)
		printf("\n");
	return sizes;
}

int cmd_tune(int argc, char **argv)
{
	static struct pab_tune_group g[64];
	struct pab_results_file f;
	size_t groups, thresholds;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: pageattr-bench tune RESULT.json   (a sweep with lazy = batch=N values, and/or apply vs walker on PMD shares)\n");
		return argc == 2 && !strcmp(argv[1], "--help") ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	}
	if (load(argv[1], &f))
		return PAB_EXIT_USAGE;
	groups = pab_tune_groups(&f, g, 64);
	thresholds = walker_threshold(&f);
	for (size_t i = 0; i < groups; i++) {
		printf("%s\n  %-10s %12s %25s\n", g[i].key, "batch", "median ns", "95% CI");
		for (size_t k = 0; k < g[i].n; k++)
			printf("  %-10lu %12.0f [%10.0f, %10.0f]%s%s\n", g[i].batch[k], g[i].med[k],
			       g[i].lo[k], g[i].hi[k], k == g[i].best ? "  fastest" : "",
			       k == g[i].pick ? "  <- recommended" : "");
		printf("  recommended lazy MMU batch: %lu leaf entries (the smallest batch whose CI overlaps the fastest's)",
		       g[i].batch[g[i].pick]);
		if (!isnan(g[i].off)) {
			double gain = 100 * (1 - g[i].med[g[i].pick] / g[i].off);

			printf("; %.1f%% %s than lazy off", fabs(gain), gain >= 0 ? "faster" : "slower");
		}
		printf("\n\n");
	}
	pab_results_free(&f);
	if (!groups && !thresholds) {
		fprintf(stderr, "pageattr-bench tune: %s has no batch-size sweep (lazy = batch=N values) and no apply vs walker pairs\n",
			argv[1]);
		return PAB_EXIT_FAIL;
	}
	return PAB_EXIT_OK;
}
