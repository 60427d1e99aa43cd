// SPDX-License-Identifier: GPL-2.0
/*
 * Order statistics by counting (counted.h). One algorithm, three kinds of
 * key, each its own instantiation of count_ranks() (always inlined with a
 * constant kind, so the per-sample loops have no branch on it):
 *  - DOUBLE2: 2 (v[i] - lo) of doubles that are (half-)integers;
 *  - U64:     x[i] - lo of integers;
 *  - DEV2:    |2 x[i] - c2|, twice an integer's distance to c2 / 2.
 */
#include <math.h>
#include <stdlib.h>
#include "counted.h"

enum kind { DOUBLE2, U64, DEV2 };

struct keys {
	const double *d;
	const uint64_t *x;
	size_t n;
	double dlo;	/* DOUBLE2 */
	uint64_t base;	/* U64: lo; DEV2: c2 */
	uint64_t range;	/* the largest key */
};

static inline __attribute__((always_inline)) uint64_t key_at(const struct keys *k, enum kind kind, size_t i)
{
	switch (kind) {
	case DOUBLE2:
		return (uint64_t)(2 * (k->d[i] - k->dlo));
	case U64:
		return k->x[i] - k->base;
	default: {
		uint64_t y = 2 * k->x[i];

		return y > k->base ? y - k->base : k->base - y;
	}
	}
}

/*
 * The keys of ranks ks[0..m) into out: the top 16 bits of each key counted
 * (one pass), then the low bits only within the buckets that hold a rank
 * (a second pass; none when the range fits 16 bits). Many ranks (a plot's
 * quantiles) are fine while their buckets' low counts stay within
 * PAB_COUNTED_LOW_MAX.
 */
static inline __attribute__((always_inline)) bool count_ranks(const struct keys *k, enum kind kind,
							       const size_t *ks, size_t m, uint64_t *out)
{
	uint64_t *hist = NULL, *low = NULL;
	unsigned int shift = 0;
	size_t nb, *slot_of = NULL, *bucket = NULL, *base = NULL;
	size_t nslots = 0;
	bool ok = false;

	if (k->range >> 32)
		return false;
	if (!m)
		return true;
	while (k->range >> shift >= 65536)
		shift++;
	nb = (size_t)(k->range >> shift) + 1;
	hist = calloc(nb, sizeof(*hist));
	slot_of = malloc(nb * sizeof(*slot_of));
	bucket = malloc((m ? m : 1) * sizeof(*bucket));
	base = malloc((m ? m : 1) * sizeof(*base));
	if (!hist || !slot_of || !bucket || !base)
		goto out;
	for (size_t i = 0; i < k->n; i++)
		hist[key_at(k, kind, i) >> shift]++;
	for (size_t b = 0; b < nb; b++)
		slot_of[b] = SIZE_MAX;
	/* Each rank's bucket and the count below it. */
	{
		size_t b = 0, below = 0;

		for (size_t r = 0; r < m; r++) {
			while (below + hist[b] <= ks[r])
				below += hist[b++];
			if (slot_of[b] == SIZE_MAX) {
				slot_of[b] = nslots;
				bucket[nslots] = b;
				base[nslots++] = below;
			}
			if (!shift)
				out[r] = b;
		}
	}
	if (shift) {
		size_t w = (size_t)1 << shift, sl = 0, j = 0, below = base[0];

		if (nslots > PAB_COUNTED_LOW_MAX / w)
			goto out;	/* too many buckets to count within: selection */
		low = calloc(nslots * w, sizeof(*low));
		if (!low)
			goto out;
		for (size_t i = 0; i < k->n; i++) {
			uint64_t key = key_at(k, kind, i);
			size_t s = slot_of[key >> shift];

			if (s != SIZE_MAX)
				low[s * w + (key & (w - 1))]++;
		}
		/* Ranks ascending, so slots and positions within them only move on. */
		for (size_t r = 0; r < m; r++) {
			while (ks[r] >= base[sl] + hist[bucket[sl]]) {
				sl++;
				j = 0;
				below = base[sl];
			}
			while (below + low[sl * w + j] <= ks[r])
				below += low[sl * w + j++];
			out[r] = ((uint64_t)bucket[sl] << shift) + j;
		}
	}
	ok = true;
out:
	free(hist);
	free(slot_of);
	free(bucket);
	free(base);
	free(low);
	return ok;
}

/* ks ascending and below n: what every caller passes. */
static bool ranks_fit(size_t n, const size_t *ks, size_t m)
{
	return n >= PAB_COUNTED_MIN_N && (!m || ks[m - 1] < n);
}

bool pab_counted_ranks(const double *v, size_t n, const size_t *ks, size_t m, double *out)
{
	struct keys k = { .d = v, .n = n };
	uint64_t *got;
	double lo, hi;
	bool ok;

	if (!ranks_fit(n, ks, m))
		return false;
	lo = hi = v[0];
	for (size_t i = 0; i < n; i++) {
		double y = 2 * v[i];

		if (!(fabs(y) < 4503599627370496.0) || y != (double)(int64_t)y)
			return false;
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	k.dlo = lo;
	k.range = (uint64_t)(2 * (hi - lo));
	got = malloc((m ? m : 1) * sizeof(*got));
	ok = got && count_ranks(&k, DOUBLE2, ks, m, got);
	for (size_t r = 0; ok && r < m; r++)
		out[r] = lo + (double)got[r] / 2;
	free(got);
	return ok;
}

bool pab_counted_ranks_u64(const uint64_t *x, size_t n, uint64_t lo, uint64_t hi, const size_t *ks,
			   size_t m, double *out)
{
	struct keys k = { .x = x, .n = n, .base = lo, .range = hi - lo };
	uint64_t *got;
	bool ok;

	if (!ranks_fit(n, ks, m) || hi < lo)
		return false;
	got = malloc((m ? m : 1) * sizeof(*got));
	ok = got && count_ranks(&k, U64, ks, m, got);
	for (size_t r = 0; ok && r < m; r++)
		out[r] = (double)(lo + got[r]);
	free(got);
	return ok;
}

bool pab_counted_dev_u64(const uint64_t *x, size_t n, uint64_t lo, uint64_t hi, uint64_t c2,
			 const size_t *ks, size_t m, double *out)
{
	struct keys k = { .x = x, .n = n, .base = c2 };
	uint64_t *got, below, above;
	bool ok;

	/* 2 x must not wrap, and c2 lie within [2 lo, 2 hi] for the range. */
	if (!ranks_fit(n, ks, m) || hi >> 62 || hi < lo || c2 < 2 * lo || c2 > 2 * hi)
		return false;
	below = c2 - 2 * lo;
	above = 2 * hi - c2;
	k.range = below > above ? below : above;
	got = malloc((m ? m : 1) * sizeof(*got));
	ok = got && count_ranks(&k, DEV2, ks, m, got);
	for (size_t r = 0; ok && r < m; r++)
		out[r] = (double)got[r] / 2;
	free(got);
	return ok;
}
