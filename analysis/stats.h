/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Descriptive statistics of timing samples. Percentiles interpolate linearly
 * between order statistics (numpy's default, R type 7), so values can be
 * checked against any standard tool.
 */
#ifndef PAB_STATS_H
#define PAB_STATS_H

#include <stdbool.h>
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

/*
 * Which calls the statistics use. An interrupt or a context switch inside a
 * call's window adds its handler to that call's time: such a call measures
 * the interrupt, not the path. So the calls with irq[i] != 0 are left out,
 * unless keep is set (--keep-irq-samples) or every call was hit (then all
 * are kept: never an empty statistic). The kept calls' ns and null_ns are
 * copied, in order, to out_ns and out_null (out may be the input itself;
 * null_ns/out_null and irq may be NULL: no null windows, no hits known).
 */
struct pab_irq_split {
	size_t hits;		/* calls with irq[i] != 0 */
	size_t kept;		/* calls copied out */
	bool excluded;		/* the hits were left out of the statistics */
};
void pab_drop_irq_hits(const uint64_t *ns, const uint64_t *null_ns, const uint64_t *irq, size_t n,
		       bool keep, uint64_t *out_ns, uint64_t *out_null, struct pab_irq_split *s);

#endif /* PAB_STATS_H */
