// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "robust.h"
#include "stats.h"

/* MAD of v[0..n) with median m, and the outliers against it; t: scratch of n. */
static double mad_of(const double *v, size_t n, double m, double *t, size_t *outliers)
{
	double mad;
	size_t out = 0;

	for (size_t i = 0; i < n; i++)
		t[i] = fabs(v[i] - m);
	mad = pab_median_inplace(t, n);
	/* |0.6745 (x - m) / MAD| > 3.5 */
	for (size_t i = 0; i < n && mad > 0; i++)
		if (0.6745 * t[i] > 3.5 * mad)
			out++;
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

/*
 * Median, 95 % interval and standard error of v[0..n) (reordered: the
 * selected ranks in place). lo2/hi2: the 97.5 % interval.
 */
static void median_ci_of(double *v, size_t n, double *m, double *lo, double *hi, double *lo2,
			 double *hi2, double *se, struct pab_stats *st)
{
	struct med_ranks r;
	double o[6];

	med_ranks(n, &r);
	if (st)
		pab_stats_ranks(v, n, st, r.k, 6, o);	/* both in one set of passes */
	else
		pab_order_stats(v, n, r.k, 6, o);
	*m = o[2] + 0.5 * (o[3] - o[2]);
	*lo = o[1];
	*hi = o[4];
	*lo2 = o[0];
	*hi2 = o[5];
	/* McKean & Schrader (1984): the interval's width over 2 z. */
	*se = (*hi - *lo) / (2 * pab_norm_quantile(0.975));
}

int pab_net_stats(const uint64_t *ns, const uint64_t *null_ns, size_t n, struct pab_net *out,
		  struct pab_stats *st, double *mad, size_t *outliers)
{
	double *v = pab_scratch(0, n), *t = NULL, lo2, hi2, nlo2, nhi2;

	memset(out, 0, sizeof(*out));
	out->median = out->lo = out->hi = out->se = NAN;
	out->null_median = out->null_lo = out->null_hi = out->null_se = NAN;
	out->net = out->net_lo = out->net_hi = out->net_se = out->rho = NAN;
	out->n = n;
	if (!v || !n)
		return -1;
	for (size_t i = 0; i < n; i++)
		v[i] = (double)ns[i];
	median_ci_of(v, n, &out->median, &out->lo, &out->hi, &lo2, &hi2, &out->se, st);
	if (mad || outliers || null_ns) {
		t = pab_scratch(1, n);
		if (!t)
			return -1;
	}
	if (mad || outliers) {
		double d = mad_of(v, n, out->median, t, outliers);

		if (mad)
			*mad = d;
	}
	out->have_null = null_ns != NULL;
	if (!out->have_null)
		return 0;
	for (size_t i = 0; i < n; i++)
		t[i] = (double)null_ns[i];
	median_ci_of(t, n, &out->null_median, &out->null_lo, &out->null_hi, &nlo2, &nhi2, &out->null_se, NULL);
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
	 * Its standard error (for B/A): var(m_x - m_y) = se_x^2 + se_y^2 -
	 * 2 rho se_x se_y, rho = 4 P(x <= m_x, y <= m_y) - 1 (Blomqvist's
	 * quadrant correlation: the asymptotic correlation of the two sample
	 * medians, from Bahadur's representation).
	 */
	{
		size_t both = 0;
		double var;

		for (size_t i = 0; i < n; i++)
			both += (double)ns[i] <= out->median && (double)null_ns[i] <= out->null_median;
		out->rho = 4.0 * (double)both / (double)n - 1;
		if (out->rho > 1)
			out->rho = 1;
		var = out->se * out->se + out->null_se * out->null_se -
		      2 * out->rho * out->se * out->null_se;
		out->net_se = sqrt(var > 0 ? var : 0);
	}
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

void pab_ratio_ci(const struct pab_net *a, const struct pab_net *b, bool net, const double *va,
		  const double *va_null, const double *vb, const double *vb_null,
		  struct pab_ratio *out)
{
	double ma = net ? a->net : a->median, mb = net ? b->net : b->median;
	double sa = net ? a->net_se : a->se, sb = net ? b->net_se : b->se, z, sl;

	out->ratio = mb / ma;
	out->lo = out->hi = NAN;
	out->boot_reps = 0;
	if (a->n < PAB_CLOSED_MIN_N || b->n < PAB_CLOSED_MIN_N) {
		out->boot_reps = PAB_BOOT_REPS;
		if (va && vb)
			pab_bootstrap_net_ratio(va, net ? va_null : NULL, a->n, vb, net ? vb_null : NULL,
						b->n, PAB_BOOT_REPS, PAB_BOOT_SEED, &out->lo, &out->hi);
		return;
	}
	/* log(mb / ma) +- z sqrt((sa / ma)^2 + (sb / mb)^2): A and B are independent runs. */
	if (!(ma > 0 && mb > 0))
		return;	/* a net median <= 0: no ratio to speak of, no interval */
	z = pab_norm_quantile(0.975);
	sl = sqrt(sa / ma * (sa / ma) + sb / mb * (sb / mb));
	out->lo = out->ratio * exp(-z * sl);
	out->hi = out->ratio * exp(z * sl);
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
 * Integer samples over a range narrower than 2^22 (nanoseconds, net of
 * the null window): the ranks from two histograms, no sort.
 */
static bool counted_ranksum(const double *a, size_t na, const double *b, size_t nb, double *ranksum,
			    double *ties)
{
	double lo = a[0], hi = a[0];
	uint32_t *ha, *hb;
	size_t range, below = 0;

	if (na + nb < 4096)
		return false;
	for (int side = 0; side < 2; side++) {
		const double *v = side ? b : a;
		size_t n = side ? nb : na;

		for (size_t i = 0; i < n; i++) {
			if (!(fabs(v[i]) < 4503599627370496.0) || v[i] != (double)(int64_t)v[i])
				return false;
			lo = v[i] < lo ? v[i] : lo;
			hi = v[i] > hi ? v[i] : hi;
		}
	}
	if (hi - lo >= 4194304 || na > UINT32_MAX || nb > UINT32_MAX)
		return false;
	range = (size_t)(hi - lo) + 1;
	ha = calloc(range, sizeof(*ha));
	hb = calloc(range, sizeof(*hb));
	if (!ha || !hb) {
		free(ha);
		free(hb);
		return false;
	}
	for (size_t i = 0; i < na; i++)
		ha[(size_t)(a[i] - lo)]++;
	for (size_t i = 0; i < nb; i++)
		hb[(size_t)(b[i] - lo)]++;
	*ranksum = *ties = 0;
	for (size_t x = 0; x < range; x++) {
		double t = (double)ha[x] + (double)hb[x];

		*ranksum += (double)ha[x] * ((double)below + (t + 1) / 2);
		*ties += t * t * t - t;
		below += (size_t)ha[x] + hb[x];
	}
	free(ha);
	free(hb);
	return true;
}

double pab_mann_whitney(const double *a, size_t na, const double *b, size_t nb, double *u)
{
	size_t n = na + nb, i = 0, j = 0;
	uint64_t *ka = malloc((na ? na : 1) * sizeof(*ka)), *kb = malloc((nb ? nb : 1) * sizeof(*kb));
	double ranksum = 0, ties = 0, mu, sigma, z;

	*u = NAN;
	if (!na || !nb || !ka || !kb) {
		free(ka);
		free(kb);
		return NAN;
	}
	if (counted_ranksum(a, na, b, nb, &ranksum, &ties))
		goto test;
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
test:
	free(ka);
	free(kb);
	*u = ranksum - (double)na * (double)(na + 1) / 2;
	mu = (double)na * (double)nb / 2;
	sigma = sqrt((double)na * (double)nb / 12 *
		     ((double)(n + 1) - ties / ((double)n * (double)(n - 1))));
	if (sigma == 0)
		return 1;
	z = (fabs(*u - mu) - 0.5) / sigma;
	if (z < 0)
		z = 0;
	return erfc(z / sqrt(2));
}
