/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Order statistics of integer samples by counting: exact, two passes
 * whatever the ranks, no copy and no reordering. Timing samples are integer
 * nanoseconds over a range far narrower than their count, so a histogram of
 * each key's top 16 bits finds the bucket of every rank asked, and a second
 * pass counts the low bits inside those buckets only.
 *
 * ks[0..m) ascending, below n; out[r] the value of rank ks[r] (0-based).
 * false: not done (fewer than PAB_COUNTED_MIN_N samples, a range of 2^32
 * keys or more, ranks in so many buckets that counting within them would
 * take more than PAB_COUNTED_LOW_MAX counters, no memory, or for doubles a
 * value that is not a half-integer): the caller selects instead.
 */
#ifndef PAB_COUNTED_H
#define PAB_COUNTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAB_COUNTED_MIN_N	4096	/* below this, selection on a copy is as fast */
#define PAB_COUNTED_MAX_RANKS	64	/* what callers keep on their stacks */
#define PAB_COUNTED_LOW_MAX	(1u << 22)	/* 32 MiB of low-bit counters */

/* Doubles that are all (half-)integers (|x - median| of integers is). */
bool pab_counted_ranks(const double *v, size_t n, const size_t *ks, size_t m, double *out);
/* Integers, all within [lo, hi] (the caller's min and max). */
bool pab_counted_ranks_u64(const uint64_t *x, size_t n, uint64_t lo, uint64_t hi, const size_t *ks,
			   size_t m, double *out);
/*
 * |x[i] - c2 / 2| of integers within [lo, hi] (c2: twice a centre, so a
 * median halfway between two integers is exact): the MAD's order statistics.
 */
bool pab_counted_dev_u64(const uint64_t *x, size_t n, uint64_t lo, uint64_t hi, uint64_t c2,
			 const size_t *ks, size_t m, double *out);

#endif /* PAB_COUNTED_H */
