/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The statistics every command and the report print for a record, and the
 * A/B comparison of two records: one function each, so 'analyze', 'compare',
 * 'tune' and 'report' give the same median, the same interval (the same
 * bootstrap, resamples and seed) and the same verdict for the same data.
 */
#ifndef PAB_COMPARE_H
#define PAB_COMPARE_H

#include <stdbool.h>
#include <stdio.h>
#include "basis.h"
#include "results_reader.h"
#include "robust.h"

/*
 * One record: median with its 95 % CI (order statistics, robust.h), outliers;
 * the median net of the null windows (robust.h pab_net) where the file has
 * them; and the time every command shows, t: the net median where known,
 * else the raw one. per_entry is t per leaf entry. st, mad and m come from
 * the same passes (analyze prints them; compare takes B/A from m).
 */
struct pab_summary {
	double median, lo, hi, per_entry;
	size_t outliers;
	bool have_net;
	double net, net_lo, net_hi, null_median;	/* NaN without null windows */
	double t, t_lo, t_hi;
	struct pab_stats st;
	double mad;
	struct pab_net m;
};
/* 0, or -1 when the record is not ok or has fewer than 2 samples (or no memory). */
int pab_rec_summary(const struct pab_rec *r, struct pab_summary *s);

enum pab_verdict { PAB_NO_DIFFERENCE, PAB_B_FASTER, PAB_B_SLOWER };

/*
 * B against A: medians, B/A with its 95 % CI (robust.h pab_ratio_ci: closed
 * form from PAB_CLOSED_MIN_N calls a side, else a bootstrap), Mann-Whitney
 * p and its direction, verdict. When both records have null windows (net),
 * ma and mb are the net medians (so mb - ma is the raw medians' difference
 * minus the null windows'), the interval is of the ratio of net medians and
 * the test runs on each call's time net of its own null window; else all of
 * it is on the raw times.
 */
struct pab_cmp {
	double ma, mb, ratio, lo, hi, p;
	bool net;
	double null_a, null_b;		/* the null windows' medians (net only) */
	enum pab_verdict verdict;	/* pab_verdict_of */
	unsigned int boot_reps;		/* 0: closed-form interval; else the bootstrap's resamples */
	/*
	 * The rank test's direction: P(B > A) + P(B = A) / 2 over every pair
	 * of calls (U / (na nb), each call net of its null window); 0.5: none.
	 */
	double pb;
};
int pab_compare_recs(const struct pab_rec *a, const struct pab_rec *b, struct pab_cmp *c);
/* The same from summaries already computed (pab_rec_summary of a and b). */
int pab_compare_summaries(const struct pab_rec *a, const struct pab_summary *sa,
			  const struct pab_rec *b, const struct pab_summary *sb, struct pab_cmp *c);
/*
 * The one verdict, ministat's rule on the ratio: B differs from A only when
 * the 95 % interval of B/A excludes 1, the Mann-Whitney p < 0.05, and the
 * test points the same way (pb, pab_cmp's: below 0.5 for "B faster", above
 * for "B slower"); a NaN interval proves nothing.
 */
enum pab_verdict pab_verdict_of(double ratio, double lo, double hi, double p, double pb);
/* Whether two 95 % intervals overlap (tune: "as fast within the evidence"). */
bool pab_ci_overlap(double lo1, double hi1, double lo2, double hi2);
/* "no difference proven", "B faster", "B slower". */
const char *pab_verdict_word(enum pab_verdict v);
/*
 * "no difference proven" or "B faster by x% ± y%" (y: half the CI's width;
 * "<0.1%" where it rounds to 0.0, never a precision the data lack).
 */
const char *pab_cmp_text(const struct pab_cmp *c, char *buf, size_t len);
/*
 * A comparison's verdict text by basis (basis.h): host times, pab_cmp_text ("B faster
 * by x% ± y%"); exact counts, the difference ("B - A = +96 ns, +0.19/entry");
 * emulated times, pab_basis_no_verdict. Written into buf, which is returned.
 */
const char *pab_basis_cmp_text(enum pab_basis basis, const struct pab_cmp *c,
			       const struct pab_rec *a, const struct pab_rec *b, char *buf, size_t len);

/*
 * Times from a QEMU TCG guest are the emulator's (bench/info.c
 * pab_cpu_emulated decides, result files carry machine.cpu.emulated): the
 * notice every command and the report print wherever such times are shown.
 */
#define PAB_EMULATED_NOTE \
	"QEMU TCG guest: times are the emulator's, not a CPU's; instruction counts under --icount are exact"
/*
 * The notice for file a (and b, NULL for one file) into buf, naming which
 * of two (an, bn: "A", "B") when only one is emulated; false (buf "") when
 * neither is.
 */
bool pab_emulated_text(const struct pab_results_file *a, const char *an,
		       const struct pab_results_file *b, const char *bn, char *buf, size_t len);

/* The record of b with a's key; NULL if none. */
const struct pab_rec *pab_match(const struct pab_results_file *b, const struct pab_rec *a);

/* 'compare': every configuration of A matched in B, then the ones on one side. */
void pab_compare_print(FILE *f, const struct pab_results_file *a, const struct pab_results_file *b);
/*
 * 'compare --methods A,B' within one file: A's records against B's, paired
 * by key with the method part taken as A's. Returns -1 on no memory.
 */
int pab_compare_methods_print(FILE *f, const struct pab_results_file *in, const char *ma,
			      const char *mb);
/*
 * The two sides of that: a gets in's records of method ma, b those of mb
 * keyed with ma, both with in's machine (clock, release: borrowed). Free
 * with pab_methods_split_free, never pab_results_free. -1 on no memory.
 */
int pab_methods_split(const struct pab_results_file *in, const char *ma, const char *mb,
		      struct pab_results_file *a, struct pab_results_file *b);
void pab_methods_split_free(struct pab_results_file *a, struct pab_results_file *b);
/* 'analyze': the statistics table with outlier and drift warnings. */
void pab_analyze_print(FILE *f, const char *path, const struct pab_results_file *rf);

#endif /* PAB_COMPARE_H */
