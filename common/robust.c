// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "counted.h"
#include "robust.h"
#include "stats.h"

/*
 * The modified z-score's test, |0.6745 (x - m) / s| > 3.5, with s the MAD
 * (outlier_scale).
 */
static inline bool is_outlier(double dev, double s)
{
	return 0.6745 * dev > 3.5 * s;
}

/*
 * The scale the outlier test divides by: the MAD; when the MAD is 0 (more
 * than half the calls took the same time: common with a clock of 16 ns
 * ticks, and the rule under icount, whose counts repeat exactly), the mean
 * absolute deviation about the median, as IBM SPSS does for the modified
 * z-score (M = (x - m) / (1.253314 MeanAD); both MAD / 0.6745 and
 * 1.253314 MeanAD estimate sigma for normal data), turned into the MAD it
 * stands for. Not "every value but the median": a call one tick from the
 * others is no outlier. MeanAD is 0 only when every sample is the median
 * (then none is an outlier); a lone far value raises it by its own share
 * only, so it stands out: 100 among nine values of 9-11 scores 7.7, the
 * 9s and 11s 0.09 (one value away from n - 1 equal ones scores n / 1.25:
 * flagged from 5 samples on).
 */
static inline double outlier_scale(double mad, double dev_sum, size_t n)
{
	return mad > 0 ? mad : 0.6745 * 1.253314 * dev_sum / (double)n;
}

/* MAD of v[0..n) with median m, and the outliers against it; t: scratch of n. */
static double mad_of(const double *v, size_t n, double m, double *t, size_t *outliers)
{
	double mad, sum = 0, s;
	size_t out = 0;

	for (size_t i = 0; i < n; i++)
		sum += t[i] = fabs(v[i] - m);
	mad = pab_median_inplace(t, n);
	s = outlier_scale(mad, sum, n);
	/* pab_median_inplace reordered t: the deviations, in another order. */
	for (size_t i = 0; i < n && s > 0; i++)
		out += is_outlier(t[i], s);
	if (outliers)
		*outliers = out;
	return mad;
}

double pab_mad(const double *v, size_t n)
{
	double *t = malloc((n ? n : 1) * sizeof(*t)), m, r;

	if (!n || !t) {
		free(t);
		return NAN;
	}
	memcpy(t, v, n * sizeof(*t));
	m = pab_median_inplace(t, n);
	r = mad_of(v, n, m, t, NULL);
	free(t);
	return r;
}

size_t pab_outliers(const double *v, size_t n)
{
	double *t = malloc((n ? n : 1) * sizeof(*t)), m;
	size_t out = 0;

	if (!n || !t) {
		free(t);
		return 0;
	}
	memcpy(t, v, n * sizeof(*t));
	m = pab_median_inplace(t, n);
	mad_of(v, n, m, t, &out);
	free(t);
	return out;
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * One resample of v (and of its null windows, the same calls, when given):
 * the median of v's, minus the median of the null windows', by selection.
 */
static double resampled_net(const double *v, const double *null, size_t n, double *buf,
			    double *nbuf, uint64_t *s)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = xorshift(s) % n;

		buf[i] = v[k];
		if (null)
			nbuf[i] = null[k];
	}
	return pab_median_inplace(buf, n) - (null ? pab_median_inplace(nbuf, n) : 0);
}

/* The 2.5 % and 97.5 % percentiles of stat[0..reps) (reordered). */
static void interval(double *stat, unsigned int reps, double *lo, double *hi)
{
	double pos[2] = { 0.025 * (reps - 1), 0.975 * (reps - 1) }, *out[2] = { lo, hi };
	size_t ks[4];

	for (int e = 0; e < 2; e++) {
		ks[2 * e] = (size_t)pos[e];
		ks[2 * e + 1] = ks[2 * e] + 1 < reps ? ks[2 * e] + 1 : ks[2 * e];
	}
	pab_select_ranks(stat, reps, ks, 4);
	for (int e = 0; e < 2; e++)
		*out[e] = stat[ks[2 * e]] + (pos[e] - (double)ks[2 * e]) * (stat[ks[2 * e + 1]] - stat[ks[2 * e]]);
}

void pab_bootstrap_median(const double *v, size_t n, unsigned int reps, uint64_t seed,
			  double *lo, double *hi)
{
	double *buf = malloc((n ? n : 1) * sizeof(*buf)), *stat = malloc((reps ? reps : 1) * sizeof(*stat));
	uint64_t s = seed | 1;

	*lo = *hi = NAN;
	if (n && reps && buf && stat) {
		for (unsigned int r = 0; r < reps; r++)
			stat[r] = resampled_net(v, NULL, n, buf, NULL, &s);
		interval(stat, reps, lo, hi);
	}
	free(buf);
	free(stat);
}

void pab_bootstrap_net_ratio(const double *a, const double *a_null, size_t na, const double *b,
			     const double *b_null, size_t nb, unsigned int reps, uint64_t seed,
			     double *lo, double *hi)
{
	double *ba = malloc((na ? na : 1) * sizeof(*ba)), *bb = malloc((nb ? nb : 1) * sizeof(*bb));
	double *na_buf = malloc((na ? na : 1) * sizeof(*na_buf)), *nb_buf = malloc((nb ? nb : 1) * sizeof(*nb_buf));
	double *stat = malloc((reps ? reps : 1) * sizeof(*stat));
	uint64_t s = seed | 1;

	*lo = *hi = NAN;
	if (na && nb && reps && ba && bb && na_buf && nb_buf && stat) {
		unsigned int r;

		for (r = 0; r < reps; r++) {
			double ma = resampled_net(a, a_null, na, ba, na_buf, &s);

			stat[r] = ma ? resampled_net(b, b_null, nb, bb, nb_buf, &s) / ma : NAN;
			if (isnan(stat[r]))
				break;
		}
		/* A net median of 0 in a resample: the ratio has no interval. */
		if (r == reps)
			interval(stat, reps, lo, hi);
	}
	free(ba);
	free(bb);
	free(na_buf);
	free(nb_buf);
	free(stat);
}

void pab_bootstrap_ratio(const double *a, size_t na, const double *b, size_t nb,
			 unsigned int reps, uint64_t seed, double *lo, double *hi)
{
	pab_bootstrap_net_ratio(a, NULL, na, b, NULL, nb, reps, seed, lo, hi);
}

/* Rank sets for one sample: a median's two middle ranks and its intervals' ends. */
struct med_ranks {
	size_t k[8];
	size_t l95, u95, l975, u975;
};

static void med_ranks(size_t n, struct med_ranks *r)
{
	pab_median_ci_ranks(n, 0.95, &r->l95, &r->u95);
	pab_median_ci_ranks(n, 0.975, &r->l975, &r->u975);
	r->k[0] = r->l975;
	r->k[1] = r->l95;
	r->k[2] = n ? (n - 1) / 2 : 0;
	r->k[3] = n / 2;
	r->k[4] = r->u95;
	r->k[5] = r->u975;
}

/* The 95 % and 97.5 % intervals' ends and the median from o[6] (med_ranks' order). */
static void median_ci_from(const double *o, double *m, double *lo, double *hi, double *lo2, double *hi2,
			   double *se)
{
	*m = o[2] + 0.5 * (o[3] - o[2]);
	*lo = o[1];
	*hi = o[4];
	*lo2 = o[0];
	*hi2 = o[5];
	/* McKean & Schrader (1984): the interval's width over 2 z. */
	*se = (*hi - *lo) / (2 * pab_norm_quantile(0.975));
}

/*
 * MAD of x[0..n) (integers within [lo, hi]) about median m, and the
 * outliers against it: by counting |2 x - 2 m|, else |x - m| selected on
 * scratch slot 1.
 */
static int mad_u64(const uint64_t *x, size_t n, uint64_t lo, uint64_t hi, double m, double *mad,
		   size_t *outliers)
{
	size_t ks[2] = { (n - 1) / 2, n / 2 }, out = 0;
	double o[2], s;
	uint64_t c2 = (uint64_t)(2 * m);	/* a median of integers is a half-integer: exact */

	if (pab_counted_dev_u64(x, n, lo, hi, c2, ks, 2, o)) {
		*mad = o[0] + 0.5 * (o[1] - o[0]);
	} else {
		double *t = pab_scratch(1, n);

		if (!t)
			return -1;
		for (size_t i = 0; i < n; i++)
			t[i] = fabs((double)x[i] - m);
		*mad = pab_median_inplace(t, n);
	}
	s = *mad;
	if (s == 0 && outliers) {
		/* outlier_scale's fallback: the mean absolute deviation, one pass. */
		double sum = 0;

		for (size_t i = 0; i < n; i++)
			sum += fabs((double)x[i] - m);
		s = outlier_scale(0, sum, n);
	}
	if (s > 0 && outliers) {
		/*
		 * The test is monotonic in |x - m|: the integers nearest m that
		 * pass it on each side, xl below and xh above (found with the test
		 * itself, so the count is the one testing every sample gives),
		 * then integer compares.
		 */
		double t = 3.5 * s / 0.6745, xh = ceil(m + t), xl = floor(m - t);
		uint64_t uh, ul;
		bool low;

		while (xh - 1 > m && is_outlier(xh - 1 - m, s))
			xh--;
		while (!is_outlier(xh - m, s))
			xh++;
		while (xl + 1 < m && is_outlier(m - (xl + 1), s))
			xl++;
		while (!is_outlier(m - xl, s))
			xl--;
		low = xl >= 0;
		ul = low ? (uint64_t)xl : 0;
		uh = xh < 18446744073709551615.0 ? (uint64_t)xh : UINT64_MAX;
		for (size_t i = 0; i < n; i++)
			out += (x[i] >= uh) | (low & (x[i] <= ul));
	}
	if (outliers)
		*outliers = out;
	return 0;
}

/* Median, its 95 % interval (97.5 %: lo2/hi2) and standard error of x[0..n), and its range. */
static int median_ci_u64(const uint64_t *x, size_t n, struct pab_stats *st, double *m, double *lo,
			 double *hi, double *lo2, double *hi2, double *se)
{
	struct med_ranks r;
	double o[6];

	med_ranks(n, &r);
	if (pab_stats_u64(x, n, st, r.k, 6, o))
		return -1;
	median_ci_from(o, m, lo, hi, lo2, hi2, se);
	return 0;
}

int pab_net_stats(const uint64_t *ns, const uint64_t *null_ns, size_t n, struct pab_net *out,
		  struct pab_stats *st, double *mad, size_t *outliers)
{
	struct pab_stats own, nst;
	double lo2, hi2, nlo2, nhi2, d;

	memset(out, 0, sizeof(*out));
	out->median = out->lo = out->hi = out->se = NAN;
	out->null_median = out->null_lo = out->null_hi = out->null_se = NAN;
	out->net = out->net_lo = out->net_hi = out->net_se = out->rho = NAN;
	out->n = n;
	if (!st)
		st = &own;
	if (!n || median_ci_u64(ns, n, st, &out->median, &out->lo, &out->hi, &lo2, &hi2, &out->se))
		return -1;
	if ((mad || outliers) &&
	    mad_u64(ns, n, (uint64_t)st->min, (uint64_t)st->max, out->median, mad ? mad : &d, outliers))
		return -1;
	out->have_null = null_ns != NULL;
	if (!out->have_null) {
		out->tick = (double)pab_clock_tick(ns, NULL, n, (uint64_t)st->min, (uint64_t)st->max);
		pab_net_widths(out);
		return 0;
	}
	if (median_ci_u64(null_ns, n, &nst, &out->null_median, &out->null_lo, &out->null_hi, &nlo2, &nhi2,
			  &out->null_se))
		return -1;
	out->net = out->median - out->null_median;
	/*
	 * The difference of two medians of the same calls: each median's
	 * 97.5 % interval, the call's low end against the null window's high
	 * end and vice versa, covers it with at least 95 % whatever the two
	 * medians' dependence (Bonferroni).
	 */
	out->net_lo = lo2 - nhi2;
	out->net_hi = hi2 - nlo2;
	/*
	 * Its standard error: var(m_x - m_y) = se_x^2 + se_y^2 - 2 rho se_x
	 * se_y, rho the two medians' correlation (tie-correct, ratio_ci.c).
	 */
	{
		double var;

		out->rho = pab_median_rho(ns, out->median, null_ns, out->null_median, n);
		var = out->se * out->se + out->null_se * out->null_se -
		      2 * out->rho * out->se * out->null_se;
		out->net_se = sqrt(var > 0 ? var : 0);
	}
	out->tick = (double)pab_clock_tick(ns, null_ns, n, (uint64_t)fmin(st->min, nst.min),
					   (uint64_t)fmax(st->max, nst.max));
	pab_net_widths(out);
	return 0;
}

void pab_net_median(const uint64_t *ns, const uint64_t *null_ns, size_t n, unsigned int reps,
		    uint64_t seed, struct pab_net *out)
{
	(void)reps;
	(void)seed;
	pab_net_stats(ns, n ? null_ns : NULL, n, out, NULL, NULL, NULL);
	if (!n)
		out->have_null = false;
}

/* Order-preserving map of a double to 64 bits (NaN last), and back. */
static inline uint64_t key_of(double d)
{
	uint64_t b;

	memcpy(&b, &d, sizeof(b));
	return b >> 63 ? ~b : b | 1ULL << 63;
}

/* LSD radix sort of k[0..n) by bytes, skipping the bytes all keys share. */
static int radix_sort(uint64_t *k, size_t n)
{
	uint64_t *tmp = malloc((n ? n : 1) * sizeof(*tmp)), *src = k, *dst = tmp;
	size_t (*count)[256] = calloc(8, sizeof(*count));

	if (!tmp || !count) {
		free(tmp);
		free(count);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 8; b++)
			count[b][(k[i] >> (8 * b)) & 0xff]++;
	for (int b = 0; b < 8; b++) {
		size_t pos = 0;

		if (count[b][(src[0] >> (8 * b)) & 0xff] == n)
			continue;	/* one value for this byte: already in order */
		for (int d = 0; d < 256; d++) {
			size_t c = count[b][d];

			count[b][d] = pos;
			pos += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[b][(src[i] >> (8 * b)) & 0xff]++] = src[i];
		{
			uint64_t *x = src;

			src = dst;
			dst = x;
		}
	}
	if (src != k)
		memcpy(k, src, n * sizeof(*k));
	free(tmp);
	free(count);
	return 0;
}

/*
 * The two samples of a Mann-Whitney test: doubles (d), or integers x net of
 * their null windows xn (xn NULL: x itself).
 */
struct mw_side {
	const double *d;
	const uint64_t *x, *xn;
	size_t n;
};

static inline __attribute__((always_inline)) double mw_value(const struct mw_side *s, bool ints, size_t i)
{
	if (!ints)
		return s->d[i];
	return s->xn ? (double)((int64_t)s->x[i] - (int64_t)s->xn[i]) : (double)s->x[i];
}

/*
 * Integer values over a range narrower than 2^22 (nanoseconds, net of the
 * null window): the ranks from two histograms, no sort. false: not such
 * data (or no memory).
 */
static inline __attribute__((always_inline)) bool counted_ranksum(const struct mw_side *sd, bool ints,
								  double *ranksum, double *ties)
{
	double lo = mw_value(&sd[0], ints, 0), hi = lo;
	uint32_t *h[2];
	size_t range, below = 0;

	if (sd[0].n + sd[1].n < 4096 || sd[0].n > UINT32_MAX || sd[1].n > UINT32_MAX)
		return false;
	for (int side = 0; side < 2; side++) {
		for (size_t i = 0; i < sd[side].n; i++) {
			double v = mw_value(&sd[side], ints, i);

			if (!ints && (!(fabs(v) < 4503599627370496.0) || v != (double)(int64_t)v))
				return false;
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
	}
	if (hi - lo >= 4194304)
		return false;
	range = (size_t)(hi - lo) + 1;
	h[0] = calloc(range, sizeof(*h[0]));
	h[1] = calloc(range, sizeof(*h[1]));
	if (!h[0] || !h[1]) {
		free(h[0]);
		free(h[1]);
		return false;
	}
	for (int side = 0; side < 2; side++)
		for (size_t i = 0; i < sd[side].n; i++)
			h[side][(size_t)(mw_value(&sd[side], ints, i) - lo)]++;
	*ranksum = *ties = 0;
	for (size_t x = 0; x < range; x++) {
		double t = (double)h[0][x] + (double)h[1][x];

		*ranksum += (double)h[0][x] * ((double)below + (t + 1) / 2);
		*ties += t * t * t - t;
		below += (size_t)h[0][x] + h[1][x];
	}
	free(h[0]);
	free(h[1]);
	return true;
}

/* p (two-sided, normal approximation, tie and continuity corrected) and U of a's rank sum. */
static double mw_p(double ranksum, double ties, size_t na, size_t nb, double *u)
{
	double n = (double)na + (double)nb, mu, sigma, z;

	*u = ranksum - (double)na * (double)(na + 1) / 2;
	mu = (double)na * (double)nb / 2;
	sigma = sqrt((double)na * (double)nb / 12 * ((n + 1) - ties / (n * (n - 1))));
	if (sigma == 0)
		return 1;
	z = (fabs(*u - mu) - 0.5) / sigma;
	if (z < 0)
		z = 0;
	return erfc(z / sqrt(2));
}

/* The test by one radix sort of each sample and a merge (values of any range; na, nb > 0). */
static double mw_sorted(const double *a, size_t na, const double *b, size_t nb, double *u)
{
	size_t i = 0, j = 0;
	uint64_t *ka, *kb;
	double ranksum = 0, ties = 0;

	ka = malloc(na * sizeof(*ka));
	kb = malloc(nb * sizeof(*kb));
	if (!ka || !kb) {
		free(ka);
		free(kb);
		return NAN;
	}
	for (size_t k = 0; k < na; k++)
		ka[k] = key_of(a[k]);
	for (size_t k = 0; k < nb; k++)
		kb[k] = key_of(b[k]);
	if (radix_sort(ka, na) || radix_sort(kb, nb)) {
		free(ka);
		free(kb);
		return NAN;
	}
	/* Merge: each run of equal values takes the mean of its ranks. */
	while (i < na || j < nb) {
		uint64_t v = j >= nb || (i < na && ka[i] <= kb[j]) ? ka[i] : kb[j];
		size_t ca = 0, cb = 0, below = i + j;
		double t;

		while (i < na && ka[i] == v)
			i++, ca++;
		while (j < nb && kb[j] == v)
			j++, cb++;
		t = (double)(ca + cb);
		ranksum += (double)ca * ((double)below + (t + 1) / 2);
		ties += t * t * t - t;
	}
	free(ka);
	free(kb);
	return mw_p(ranksum, ties, na, nb, u);
}

double pab_mann_whitney_u64(const uint64_t *a, const uint64_t *a_null, size_t na, const uint64_t *b,
			    const uint64_t *b_null, size_t nb, double *u)
{
	struct mw_side sd[2] = { { .x = a, .xn = a_null, .n = na }, { .x = b, .xn = b_null, .n = nb } };
	double ranksum, ties, p, *v[2] = { NULL, NULL };

	*u = NAN;
	if (!na || !nb)
		return NAN;
	if (counted_ranksum(sd, true, &ranksum, &ties))
		return mw_p(ranksum, ties, na, nb, u);
	for (int side = 0; side < 2; side++) {
		v[side] = malloc(sd[side].n * sizeof(double));
		for (size_t i = 0; v[side] && i < sd[side].n; i++)
			v[side][i] = mw_value(&sd[side], true, i);
	}
	/* Not countable (range or size): sorted, without counting's check pass again. */
	p = v[0] && v[1] ? mw_sorted(v[0], na, v[1], nb, u) : NAN;
	free(v[0]);
	free(v[1]);
	return p;
}

double pab_mann_whitney(const double *a, size_t na, const double *b, size_t nb, double *u)
{
	struct mw_side sd[2] = { { .d = a, .n = na }, { .d = b, .n = nb } };
	double ranksum, ties;

	*u = NAN;
	if (!na || !nb)
		return NAN;
	if (counted_ranksum(sd, false, &ranksum, &ties))
		return mw_p(ranksum, ties, na, nb, u);
	return mw_sorted(a, na, b, nb, u);
}
