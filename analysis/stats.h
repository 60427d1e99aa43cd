/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Descriptive statistics of timing samples. Percentiles interpolate linearly
 * between order statistics (numpy's default, R type 7), so values can be
 * checked against any standard tool.
 */
#ifndef PAB_STATS_H
#define PAB_STATS_H

#include <stddef.h>
#include <stdint.h>

struct pab_stats {
	size_t n;
	double min, max, mean, stddev;	/* stddev: sample (n - 1) */
	double median, p5, p25, p75, p95;
};

/* Percentile p (0..100) of sorted[0..n). */
double pab_percentile(const double *sorted, size_t n, double p);
/* Fills st from samples (copied and sorted internally). Returns -1 if n == 0 or no memory. */
int pab_stats_compute(const uint64_t *samples, size_t n, struct pab_stats *st);

#endif /* PAB_STATS_H */
