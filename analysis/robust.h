/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Robust statistics and the A/B test behind 'analyze' and 'compare':
 * MAD, outliers (modified z-score, Iglewicz & Hoaglin: |0.6745 (x - median)
 * / MAD| > 3.5), a percentile bootstrap of the median and of the ratio of two
 * medians (deterministic: seeded xorshift), and the Mann-Whitney U test
 * (normal approximation with tie and continuity corrections, as R's
 * wilcox.test(exact = FALSE)).
 */
#ifndef PAB_ROBUST_H
#define PAB_ROBUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The bootstrap every command uses: the same file always gives the same interval. */
#define PAB_BOOT_REPS	2000
#define PAB_BOOT_SEED	0x9e3779b97f4a7c15ULL

/* Median absolute deviation (unscaled) of v[0..n). */
double pab_mad(const double *v, size_t n);
size_t pab_outliers(const double *v, size_t n);
/* 95 % percentile-bootstrap interval of the median. */
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
	double median, lo, hi;			/* of ns, with its bootstrap 95 % CI */
	double null_median, null_lo, null_hi;	/* of null_ns, the same */
	double net, net_lo, net_hi;		/* median - null_median, and its interval */
	bool have_null;				/* null_ns given; else net is NaN */
};
void pab_net_median(const uint64_t *ns, const uint64_t *null_ns, size_t n, unsigned int reps,
		    uint64_t seed, struct pab_net *out);

/* Two-sided Mann-Whitney U test; returns p, U (for a) in *u. */
double pab_mann_whitney(const double *a, size_t na, const double *b, size_t nb, double *u);

#endif /* PAB_ROBUST_H */
