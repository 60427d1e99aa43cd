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

#include <stddef.h>
#include <stdint.h>

/* Median absolute deviation (unscaled) of v[0..n). */
double pab_mad(const double *v, size_t n);
size_t pab_outliers(const double *v, size_t n);
/* 95 % percentile-bootstrap interval of the median. */
void pab_bootstrap_median(const double *v, size_t n, unsigned int reps, uint64_t seed,
			  double *lo, double *hi);
/* 95 % percentile-bootstrap interval of median(b) / median(a). */
void pab_bootstrap_ratio(const double *a, size_t na, const double *b, size_t nb,
			 unsigned int reps, uint64_t seed, double *lo, double *hi);
/* Two-sided Mann-Whitney U test; returns p, U (for a) in *u. */
double pab_mann_whitney(const double *a, size_t na, const double *b, size_t nb, double *u);

#endif /* PAB_ROBUST_H */
