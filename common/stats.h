/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Descriptive statistics of timing samples. Percentiles interpolate linearly
 * between order statistics (numpy's default, R type 7), so values can be
 * checked against any standard tool. Everything is O(n): order statistics
 * come from selection (introselect: quickselect with a three-way partition,
 * so the many ties of integer nanoseconds cost nothing, and a sort of the
 * remaining range after 2 log2(n) rounds, so the worst case stays
 * O(n log n)), never from a sort of the whole sample.
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
/* Fills st from samples (never reordered). Returns -1 if n == 0 or no memory. */
int pab_stats_compute(const uint64_t *samples, size_t n, struct pab_stats *st);
/* The same, and the order statistics extra[0..m) (m <= 54) into extra_out, in the same passes. */
int pab_stats_u64(const uint64_t *x, size_t n, struct pab_stats *st, const size_t *extra, size_t m,
		  double *extra_out);
/* The same on doubles, reordering v in place (its values stay). */
int pab_stats_of(double *v, size_t n, struct pab_stats *st);
/* The same, and the order statistics extra[0..m) (m <= 54) into extra_out, in the same passes. */
int pab_stats_ranks(double *v, size_t n, struct pab_stats *st, const size_t *extra, size_t m,
		    double *extra_out);

/*
 * Selection: afterwards v[k] holds the (k+1)-th smallest value, everything
 * before it is <= and everything after it >= (C++'s nth_element). ks[0..m)
 * ascending (repeats allowed): the same for every k in one call, the ranges
 * between them split recursively (O(n log m)).
 */
void pab_select(double *v, size_t n, size_t k);
void pab_select_ranks(double *v, size_t n, const size_t *ks, size_t m);
/*
 * The order statistics ks[0..m) (ascending) of v[0..n) into out: by
 * counting where the samples are (half-)integers over a range below 2^31
 * (timing samples: three passes, exact; counted.h), else by selection (v
 * reordered).
 */
void pab_order_stats(double *v, size_t n, const size_t *ks, size_t m, double *out);
/* Median of v[0..n) (reordered), NaN for n == 0. */
double pab_median_inplace(double *v, size_t n);
/*
 * The same on integers within [lo, hi], x untouched: by counting (counted.h),
 * else selected on a copy in scratch slot 0. -1 on no memory.
 */
int pab_order_stats_u64(const uint64_t *x, size_t n, uint64_t lo, uint64_t hi, const size_t *ks,
			size_t m, double *out);
/* Median of x[0..n) (as pab_order_stats_u64), NaN for n == 0 or no memory. */
double pab_median_u64(const uint64_t *x, size_t n);

/*
 * Scratch arrays of n doubles, slots 0 and 1, kept from call to call: a
 * 10M-sample array freed and allocated again is 80 MB of pages faulted in
 * again (a third of analyze's time). Valid until the slot's next use in the
 * same thread (each thread has its own). NULL on no memory.
 */
double *pab_scratch(int slot, size_t n);
/* This thread's scratch arrays freed (a worker thread before it ends). */
void pab_scratch_release(void);

/*
 * Distribution-free confidence interval of the median from order statistics
 * (Conover, Practical Nonparametric Statistics, 3rd ed., 1999, section 3.2;
 * Hollander & Wolfe, Nonparametric Statistical Methods, section 3.6; what R's
 * DescTools::MedianCI(method = "exact") gives): with B ~ Binomial(n, 1/2) the
 * number of samples below the median, [x_(l), x_(n-l+1)] (1-based) covers it
 * with probability 1 - 2 P(B <= l - 1) >= conf, l the largest rank for which
 * that holds. Exact binomial up to n = 1000, beyond that the binomial's normal
 * approximation with continuity correction (it gives the same l at n = 1000:
 * 469). For n < 6 no interval reaches 95 %: [min, max]. Returns 0-based ranks.
 */
void pab_median_ci_ranks(size_t n, double conf, size_t *lo, size_t *hi);
/* The standard normal quantile (pab_norm_quantile(0.975) = 1.959964). */
double pab_norm_quantile(double p);

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
/* The same in place, the hit calls given as their indices hit[0..nhit) (ascending, distinct, < n). */
void pab_drop_hit_calls(uint64_t *ns, uint64_t *null_ns, size_t n, const size_t *hit, size_t nhit,
			bool keep, struct pab_irq_split *s);

#endif /* PAB_STATS_H */
