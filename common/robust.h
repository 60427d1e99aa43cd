/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Robust statistics and the A/B test behind 'analyze', 'compare', 'tune' and
 * 'report', all O(n) but the Mann-Whitney test's one sort (README
 * "Statistics"):
 *  - MAD, outliers (modified z-score, Iglewicz & Hoaglin: |0.6745 (x -
 *    median) / MAD| > 3.5; when the MAD is 0, |x - median| / (1.253314
 *    MeanAD) > 3.5 with the mean absolute deviation about the median, as
 *    IBM SPSS does: robust.c outlier_scale);
 *  - the median's 95 % interval from order statistics (exact binomial ranks,
 *    stats.h pab_median_ci_ranks) and its standard error from that interval
 *    (McKean & Schrader 1984: (x_(u) - x_(l)) / (2 z_0.975));
 *  - the median net of the null windows: median(ns) - median(null_ns), its
 *    interval from the two medians' 97.5 % intervals ([lo - null hi, hi -
 *    null lo]: at least 95 % whatever their dependence, Bonferroni), its
 *    standard error with the two medians' correlation estimated on
 *    mid-distribution scores (ties count half: ratio_ci.c pab_median_rho);
 *  - the clock's tick, the gcd of the samples (ratio_ci.c): no median is
 *    known better than to a tick;
 *  - B/A of two (net) medians: a closed form where both sides have at least
 *    PAB_CLOSED_MIN_N samples, each median's own two half-widths (its
 *    order-statistic interval, at least a tick; a net median's by MOVER
 *    with that correlation) combined side by side on log(mb / ma) (MOVER,
 *    Zou & Donner 2008; with symmetric half-widths the delta method of
 *    Price & Bonett 2002, J. Stat. Comput. Simul. 72:119-124); below that a
 *    percentile bootstrap of PAB_BOOT_REPS resamples (each resample's
 *    medians by selection), fixed seed: the same file always gives the
 *    same interval, at least a tick wide;
 *  - the Mann-Whitney U test (normal approximation with tie and continuity
 *    corrections, as R's wilcox.test(exact = FALSE)) on one radix sort of
 *    each sample and a merge: O(n).
 */
#ifndef PAB_ROBUST_H
#define PAB_ROBUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "stats.h"

/*
 * The bootstrap's resample count, chosen for its precision: an interval
 * endpoint is the 2.5 % quantile of R resampled ratios; its tail probability
 * has the Monte Carlo standard error sqrt(p (1 - p) / R), p = 0.025. Asking
 * the endpoint to be the 2.5 % +- 0.5 % quantile with 95 % Monte Carlo
 * confidence, R = 1.96^2 p (1 - p) / 0.005^2 = 3745.6: 3746 resamples. Used
 * only below PAB_CLOSED_MIN_N samples, where they are cheap.
 */
#define PAB_BOOT_REPS	3746
#define PAB_BOOT_SEED	0x9e3779b97f4a7c15ULL
/* From this many samples on each side B/A's interval is the closed form. */
#define PAB_CLOSED_MIN_N 50

/* Median absolute deviation (unscaled) of v[0..n). */
double pab_mad(const double *v, size_t n);
size_t pab_outliers(const double *v, size_t n);
/* 95 % percentile-bootstrap interval of the median (each resample by selection). */
void pab_bootstrap_median(const double *v, size_t n, unsigned int reps, uint64_t seed,
			  double *lo, double *hi);
/* 95 % percentile-bootstrap interval of median(b) / median(a). */
void pab_bootstrap_ratio(const double *a, size_t na, const double *b, size_t nb,
			 unsigned int reps, uint64_t seed, double *lo, double *hi);
/*
 * 95 % percentile-bootstrap interval of net(b) / net(a), where net(x) =
 * median(x) - median(x_null) over the same resampled calls (a call and its
 * null window stay together). x_null may be NULL: net(x) = median(x), which
 * is pab_bootstrap_ratio.
 */
void pab_bootstrap_net_ratio(const double *a, const double *a_null, size_t na, const double *b,
			     const double *b_null, size_t nb, unsigned int reps, uint64_t seed,
			     double *lo, double *hi);

/*
 * The median of a run's calls net of its null windows (the empty timed
 * window measured right after each call, same CPU, same state): the call's
 * own cost without the window's fixed overhead.
 */
struct pab_net {
	double median, lo, hi;			/* of ns, with its 95 % CI (order statistics) */
	double null_median, null_lo, null_hi;	/* of null_ns, the same */
	double net, net_lo, net_hi;		/* median - null_median, and its interval */
	bool have_null;				/* null_ns given; else net is NaN */
	size_t n;
	double se, null_se, net_se;		/* standard errors of median, null median, net */
	double rho;				/* the two medians' correlation (pab_median_rho) */
	double tick;				/* the clock's resolution, ns (pab_clock_tick) */
	/*
	 * The 95 % interval's half-widths below and above each median (each at
	 * least a tick; the net's by MOVER from the other two and rho): what
	 * B/A's closed form combines (pab_net_widths).
	 */
	double dlo, dhi, null_dlo, null_dhi, net_dlo, net_dhi;
};
/*
 * reps and seed are no longer used (the intervals are order statistics);
 * they stay so callers keep building.
 */
void pab_net_median(const uint64_t *ns, const uint64_t *null_ns, size_t n, unsigned int reps,
		    uint64_t seed, struct pab_net *out);
/*
 * The same, and in the same passes over the samples (no copy sorted): the
 * descriptive statistics of ns, its MAD and outliers (any may be NULL).
 * 0, or -1 for n == 0 or no memory.
 */
int pab_net_stats(const uint64_t *ns, const uint64_t *null_ns, size_t n, struct pab_net *out,
		  struct pab_stats *st, double *mad, size_t *outliers);

/*
 * The clock's resolution: the gcd of every sample (ns, and null_ns when
 * given), lo and hi the smallest and largest of them; 1 when they are all
 * one value.
 */
uint64_t pab_clock_tick(const uint64_t *ns, const uint64_t *null_ns, size_t n, uint64_t lo,
			uint64_t hi);
/* The correlation of the medians of x and y (same calls), tie-correct; 0 when it cannot be told. */
double pab_median_rho(const uint64_t *x, double mx, const uint64_t *y, double my, size_t n);
/* m's half-widths (dlo .. net_dhi) from its medians, intervals, rho and tick. */
void pab_net_widths(struct pab_net *m);

/*
 * B/A of two records' medians (net ones with net set: both have null
 * windows) with its 95 % interval: the closed form from the summaries when
 * both have PAB_CLOSED_MIN_N samples, else the bootstrap over the samples
 * (va/vb and their null windows, doubles; the nulls only with net).
 */
struct pab_ratio {
	double ratio, lo, hi;
	unsigned int boot_reps;		/* 0: closed form; else the bootstrap's resamples */
};
void pab_ratio_ci(const struct pab_net *a, const struct pab_net *b, bool net, const double *va,
		  const double *va_null, const double *vb, const double *vb_null,
		  struct pab_ratio *out);

/* Two-sided Mann-Whitney U test; returns p, U (for a) in *u. O(n), no comparison sort. */
double pab_mann_whitney(const double *a, size_t na, const double *b, size_t nb, double *u);
/* The same on integer samples net of their null windows (a_null/b_null NULL: raw), no copy when counted. */
double pab_mann_whitney_u64(const uint64_t *a, const uint64_t *a_null, size_t na, const uint64_t *b,
			    const uint64_t *b_null, size_t nb, double *u);

#endif /* PAB_ROBUST_H */
