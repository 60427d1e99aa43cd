// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "counted.h"
#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double pab_percentile(const double *sorted, size_t n, double p)
{
	double pos, frac;
	size_t lo;

	if (!n)
		return NAN;
	pos = p / 100.0 * (double)(n - 1);
	lo = (size_t)pos;
	if (lo + 1 >= n)
		return sorted[n - 1];
	frac = pos - (double)lo;
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

static inline void swap(double *v, size_t i, size_t j)
{
	double t = v[i];

	v[i] = v[j];
	v[j] = t;
}

/* Introselect on v[lo, hi): v[k] in place, smaller before, larger after. */
static void select_range(double *v, size_t lo, size_t hi, size_t k)
{
	uint64_t s = 0x9e3779b97f4a7c15ULL ^ (hi - lo);	/* pivots: deterministic */
	unsigned int rounds = 8;

	for (size_t m = hi - lo; m > 1; m >>= 1)
		rounds += 2;
	while (hi - lo > 24) {
		size_t len = hi - lo, lt = lo, i = lo, gt = hi;
		double a, b, c, p;

		if (!rounds--) {
			qsort(v + lo, len, sizeof(*v), cmp_double);
			return;
		}
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		a = v[lo + s % len];
		b = v[lo + (s >> 21) % len];
		c = v[lo + (s >> 42) % len];
		p = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		/* Three-way (Dijkstra): [lo, lt) < p, [lt, gt) == p, [gt, hi) > p. */
		while (i < gt) {
			if (v[i] < p)
				swap(v, lt++, i++);
			else if (v[i] > p)
				swap(v, i, --gt);
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return;
	}
	for (size_t i = lo + 1; i < hi; i++)
		for (size_t j = i; j > lo && v[j - 1] > v[j]; j--)
			swap(v, j - 1, j);
}

void pab_select(double *v, size_t n, size_t k)
{
	if (k < n)
		select_range(v, 0, n, k);
}

static void ranks_range(double *v, size_t lo, size_t hi, const size_t *ks, size_t m)
{
	size_t mid, k, l, r;

	if (!m || hi - lo < 2)
		return;
	mid = m / 2;
	k = ks[mid];
	select_range(v, lo, hi, k);
	for (l = mid; l > 0 && ks[l - 1] == k; l--)
		;
	for (r = mid + 1; r < m && ks[r] == k; r++)
		;
	ranks_range(v, lo, k, ks, l);
	ranks_range(v, k + 1, hi, ks + r, m - r);
}

void pab_select_ranks(double *v, size_t n, const size_t *ks, size_t m)
{
	while (m && ks[m - 1] >= n)
		m--;
	ranks_range(v, 0, n, ks, m);
}

void pab_order_stats(double *v, size_t n, const size_t *ks, size_t m, double *out)
{
	while (m && ks[m - 1] >= n)
		m--;
	if (pab_counted_ranks(v, n, ks, m, out))
		return;
	pab_select_ranks(v, n, ks, m);
	for (size_t r = 0; r < m; r++)
		out[r] = v[ks[r]];
}

double pab_median_inplace(double *v, size_t n)
{
	double lower;

	size_t ks[2] = { (n - 1) / 2, n / 2 };
	double o[2];

	if (!n)
		return NAN;
	if (n >= 4096) {
		pab_order_stats(v, n, ks, 2, o);
		return o[0] + 0.5 * (o[1] - o[0]);
	}
	pab_select(v, n, n / 2);
	if (n % 2)
		return v[n / 2];
	/* The lower middle one: the largest of the half before. */
	lower = v[0];
	for (size_t i = 1; i < n / 2; i++)
		if (v[i] > lower)
			lower = v[i];
	return lower + 0.5 * (v[n / 2] - lower);
}

/* Per thread: compare and report summarise their two files on two threads. */
static _Thread_local double *buf[2];
static _Thread_local size_t cap[2];

void pab_scratch_release(void)
{
	for (int i = 0; i < 2; i++) {
		free(buf[i]);
		buf[i] = NULL;
		cap[i] = 0;
	}
}

double *pab_scratch(int slot, size_t n)
{

	if (slot < 0 || slot > 1)
		return NULL;
	if (n > cap[slot] || !buf[slot]) {
		free(buf[slot]);
		buf[slot] = malloc((n ? n : 1) * sizeof(double));
		cap[slot] = buf[slot] ? n : 0;
	}
	return buf[slot];
}

/* Min and max of x[0..n), n > 0. */
static void min_max_u64(const uint64_t *x, size_t n, uint64_t *lo, uint64_t *hi)
{
	uint64_t a = x[0], b = x[0];

	for (size_t i = 0; i < n; i++) {
		a = x[i] < a ? x[i] : a;
		b = x[i] > b ? x[i] : b;
	}
	*lo = a;
	*hi = b;
}

int pab_order_stats_u64(const uint64_t *x, size_t n, uint64_t lo, uint64_t hi, const size_t *ks,
			size_t m, double *out)
{
	double *v;

	while (m && ks[m - 1] >= n)
		m--;
	if (pab_counted_ranks_u64(x, n, lo, hi, ks, m, out))
		return 0;
	v = pab_scratch(0, n);
	if (!v)
		return -1;
	for (size_t i = 0; i < n; i++)
		v[i] = (double)x[i];
	pab_order_stats(v, n, ks, m, out);
	return 0;
}

double pab_median_u64(const uint64_t *x, size_t n)
{
	size_t ks[2] = { (n - 1) / 2, n / 2 };
	uint64_t lo, hi;
	double o[2];

	if (!n)
		return NAN;
	min_max_u64(x, n, &lo, &hi);
	if (pab_order_stats_u64(x, n, lo, hi, ks, 2, o))
		return NAN;
	return o[0] + 0.5 * (o[1] - o[0]);
}

/*
 * The standard normal quantile: Acklam's rational approximation (relative
 * error below 1.2e-9), refined by one Newton step on erfc.
 */
double pab_norm_quantile(double p)
{
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
				    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
				    6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
				    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
				    3.754408661907416e+00 };
	double q, r, x;

	if (!(p > 0 && p < 1))
		return p == 0 ? -INFINITY : p == 1 ? INFINITY : NAN;
	if (p < 0.02425 || p > 1 - 0.02425) {
		q = sqrt(-2 * log(p < 0.5 ? p : 1 - p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
		if (p > 0.5)
			x = -x;
	} else {
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	r = 0.5 * erfc(-x / sqrt(2)) - p;
	return x - r * sqrt(2 * M_PI) * exp(x * x / 2);
}

void pab_median_ci_ranks(size_t n, double conf, size_t *lo, size_t *hi)
{
	double tail = (1 - conf) / 2;
	size_t l = 0;	/* 0-based: x_(l + 1) */

	if (n > 1000) {
		/*
		 * P(B <= l - 1) ~ Phi((l - 1/2 - n/2) / (sqrt(n)/2)) <= tail:
		 * l = floor(n/2 + 1/2 - z sqrt(n)/2), 1-based.
		 */
		double z = -pab_norm_quantile(tail);
		double l1 = floor((double)n / 2 + 0.5 - z * sqrt((double)n) / 2);

		l = l1 >= 1 ? (size_t)l1 - 1 : 0;
	} else if (n) {
		double pmf = ldexp(1, -(int)n), cdf = 0;

		/* l (1-based) = 1 + the largest k with P(B <= k) <= tail: l0 = k. */
		for (size_t k = 0; k < n; k++) {
			cdf += pmf;
			if (cdf > tail * (1 + 1e-12))
				break;
			l = k;
			pmf = pmf * (double)(n - k) / (double)(k + 1);
		}
	}
	if (n && l > (n - 1) / 2)
		l = (n - 1) / 2;
	*lo = l;
	*hi = n ? n - 1 - l : 0;
}

int pab_stats_of(double *v, size_t n, struct pab_stats *st)
{
	return pab_stats_ranks(v, n, st, NULL, 0, NULL);
}

static const double pct[5] = { 5, 25, 50, 75, 95 };

/*
 * The ranks of the five percentiles (each its two neighbouring order
 * statistics) and the caller's, ascending, in all[0..*total), from[j]
 * saying which each is (below 10: a percentile's).
 */
static void merged_ranks(size_t n, const size_t *extra, size_t m, size_t *all, size_t *from,
			 size_t *total)
{
	*total = 0;
	for (size_t i = 0; i < 10 + m && i < PAB_COUNTED_MAX_RANKS; i++) {
		size_t lo = i < 10 ? (size_t)(pct[i / 2] / 100.0 * (double)(n - 1)) : 0;
		size_t k = i >= 10 ? extra[i - 10] : i % 2 && lo + 1 < n ? lo + 1 : lo;
		size_t j = (*total)++;

		for (; j > 0 && all[j - 1] > k; j--) {
			all[j] = all[j - 1];
			from[j] = from[j - 1];
		}
		all[j] = k;
		from[j] = i;
	}
}

/* The percentiles interpolated, and the caller's ranks, from the merged ranks' values. */
static void spread_ranks(size_t n, const size_t *from, size_t total, const double *got,
			 struct pab_stats *st, double *extra_out)
{
	double o[10], *out[5] = { &st->p5, &st->p25, &st->median, &st->p75, &st->p95 };

	for (size_t j = 0; j < total; j++) {
		if (from[j] < 10)
			o[from[j]] = got[j];
		else
			extra_out[from[j] - 10] = got[j];
	}
	for (int p = 0; p < 5; p++) {
		double pos = pct[p] / 100.0 * (double)(n - 1);
		size_t lo = (size_t)pos;

		*out[p] = lo + 1 >= n ? st->max : o[2 * p] + (pos - (double)lo) * (o[2 * p + 1] - o[2 * p]);
	}
}

int pab_stats_ranks(double *v, size_t n, struct pab_stats *st, const size_t *extra, size_t m,
		    double *extra_out)
{
	double sum = 0, sq = 0, got[PAB_COUNTED_MAX_RANKS];
	size_t all[PAB_COUNTED_MAX_RANKS], from[PAB_COUNTED_MAX_RANKS], total;

	if (!n)
		return -1;
	st->n = n;
	st->min = st->max = v[0];
	for (size_t i = 0; i < n; i++) {
		sum += v[i];
		if (v[i] < st->min)
			st->min = v[i];
		if (v[i] > st->max)
			st->max = v[i];
	}
	st->mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (v[i] - st->mean) * (v[i] - st->mean);
	st->stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
	merged_ranks(n, extra, m, all, from, &total);
	pab_order_stats(v, n, all, total, got);
	spread_ranks(n, from, total, got, st, extra_out);
	return 0;
}

int pab_stats_u64(const uint64_t *x, size_t n, struct pab_stats *st, const size_t *extra, size_t m,
		  double *extra_out)
{
	double sum = 0, sq = 0, got[PAB_COUNTED_MAX_RANKS], d;
	size_t all[PAB_COUNTED_MAX_RANKS], from[PAB_COUNTED_MAX_RANKS], total;
	uint64_t lo, hi, x0;

	if (!n)
		return -1;
	/*
	 * One pass: min, max, and the sums of x - x[0] and its square (shifted,
	 * so the variance keeps its digits when the spread is small against
	 * the values).
	 */
	lo = hi = x0 = x[0];
	for (size_t i = 0; i < n; i++) {
		lo = x[i] < lo ? x[i] : lo;
		hi = x[i] > hi ? x[i] : hi;
		d = (double)x[i] - (double)x0;
		sum += d;
		sq += d * d;
	}
	st->n = n;
	st->min = (double)lo;
	st->max = (double)hi;
	st->mean = (double)x0 + sum / (double)n;
	d = n > 1 ? (sq - sum * sum / (double)n) / (double)(n - 1) : 0;
	st->stddev = d > 0 ? sqrt(d) : 0;
	merged_ranks(n, extra, m, all, from, &total);
	if (pab_order_stats_u64(x, n, lo, hi, all, total, got))
		return -1;
	spread_ranks(n, from, total, got, st, extra_out);
	return 0;
}

int pab_stats_compute(const uint64_t *samples, size_t n, struct pab_stats *st)
{
	return pab_stats_u64(samples, n, st, NULL, 0, NULL);
}

/* Left out only when some calls, not all, were hit, and the run did not keep them. */
static bool hits_excluded(size_t hits, size_t n, bool keep)
{
	return hits && hits < n && !keep;
}

void pab_drop_hit_calls(uint64_t *ns, uint64_t *null_ns, size_t n, const size_t *hit, size_t nhit,
			bool keep, struct pab_irq_split *s)
{
	size_t from = 0;

	s->hits = nhit;
	s->excluded = hits_excluded(nhit, n, keep);
	s->kept = n;
	if (!s->excluded)
		return;
	s->kept = 0;
	/* The runs between hits moved down, in order. */
	for (size_t h = 0; h <= nhit; h++) {
		size_t to = h < nhit ? hit[h] : n;

		if (to > from) {
			memmove(ns + s->kept, ns + from, (to - from) * sizeof(*ns));
			if (null_ns)
				memmove(null_ns + s->kept, null_ns + from, (to - from) * sizeof(*null_ns));
			s->kept += to - from;
		}
		from = to + 1;
	}
}

void pab_drop_irq_hits(const uint64_t *ns, const uint64_t *null_ns, const uint64_t *irq, size_t n,
		       bool keep, uint64_t *out_ns, uint64_t *out_null, struct pab_irq_split *s)
{
	s->hits = 0;
	for (size_t i = 0; irq && i < n; i++)
		s->hits += irq[i] != 0;
	s->excluded = hits_excluded(s->hits, n, keep);
	s->kept = 0;
	/* Forward copy: out[kept] with kept <= i, so out may alias the input. */
	for (size_t i = 0; i < n; i++) {
		if (s->excluded && irq[i])
			continue;
		out_ns[s->kept] = ns[i];
		if (null_ns && out_null)
			out_null[s->kept] = null_ns[i];
		s->kept++;
	}
}
