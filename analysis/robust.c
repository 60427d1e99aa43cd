// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "robust.h"
#include "stats.h"

static int cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static double median_of(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp);
	return pab_percentile(v, n, 50);
}

double pab_mad(const double *v, size_t n)
{
	double *t = malloc(n * sizeof(*t)), m, r;

	if (!n || !t) {
		free(t);
		return NAN;
	}
	memcpy(t, v, n * sizeof(*t));
	m = median_of(t, n);
	for (size_t i = 0; i < n; i++)
		t[i] = fabs(v[i] - m);
	r = median_of(t, n);
	free(t);
	return r;
}

size_t pab_outliers(const double *v, size_t n)
{
	double *t = malloc(n * sizeof(*t)), m, mad;
	size_t out = 0;

	if (!n || !t) {
		free(t);
		return 0;
	}
	memcpy(t, v, n * sizeof(*t));
	m = median_of(t, n);
	mad = pab_mad(v, n);
	for (size_t i = 0; i < n && mad > 0; i++)
		if (fabs(0.6745 * (v[i] - m) / mad) > 3.5)
			out++;
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
 * the median of v's, minus the median of the null windows'.
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
	return median_of(buf, n) - (null ? median_of(nbuf, n) : 0);
}

static double resampled_median(const double *v, size_t n, double *buf, uint64_t *s)
{
	return resampled_net(v, NULL, n, buf, NULL, s);
}

static void interval(double *stat, unsigned int reps, double *lo, double *hi)
{
	qsort(stat, reps, sizeof(*stat), cmp);
	*lo = pab_percentile(stat, reps, 2.5);
	*hi = pab_percentile(stat, reps, 97.5);
}

void pab_bootstrap_median(const double *v, size_t n, unsigned int reps, uint64_t seed,
			  double *lo, double *hi)
{
	double *buf = malloc(n * sizeof(*buf)), *stat = malloc(reps * sizeof(*stat));
	uint64_t s = seed | 1;

	*lo = *hi = NAN;
	if (n && reps && buf && stat) {
		for (unsigned int r = 0; r < reps; r++)
			stat[r] = resampled_median(v, n, buf, &s);
		interval(stat, reps, lo, hi);
	}
	free(buf);
	free(stat);
}

void pab_bootstrap_net_ratio(const double *a, const double *a_null, size_t na, const double *b,
			     const double *b_null, size_t nb, unsigned int reps, uint64_t seed,
			     double *lo, double *hi)
{
	double *ba = malloc(na * sizeof(*ba)), *bb = malloc(nb * sizeof(*bb));
	double *na_buf = malloc(na * sizeof(*na_buf)), *nb_buf = malloc(nb * sizeof(*nb_buf));
	double *stat = malloc(reps * sizeof(*stat));
	uint64_t s = seed | 1;

	*lo = *hi = NAN;
	if (na && nb && reps && ba && bb && na_buf && nb_buf && stat) {
		for (unsigned int r = 0; r < reps; r++) {
			double ma = resampled_net(a, a_null, na, ba, na_buf, &s);

			stat[r] = ma ? resampled_net(b, b_null, nb, bb, nb_buf, &s) / ma : NAN;
		}
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

/* Median and bootstrap interval of n samples (NaN for none or no memory). */
static void median_ci(const uint64_t *x, size_t n, unsigned int reps, uint64_t seed, double *m,
		      double *lo, double *hi)
{
	double *v = malloc((n ? n : 1) * sizeof(*v));

	*m = *lo = *hi = NAN;
	if (!v || !n) {
		free(v);
		return;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = (double)x[i];
	pab_bootstrap_median(v, n, reps, seed, lo, hi);
	*m = median_of(v, n);
	free(v);
}

void pab_net_median(const uint64_t *ns, const uint64_t *null_ns, size_t n, unsigned int reps,
		    uint64_t seed, struct pab_net *out)
{
	memset(out, 0, sizeof(*out));
	median_ci(ns, n, reps, seed, &out->median, &out->lo, &out->hi);
	out->null_median = out->null_lo = out->null_hi = NAN;
	out->net = out->net_lo = out->net_hi = NAN;
	out->have_null = null_ns && n;
	if (!out->have_null)
		return;
	median_ci(null_ns, n, reps, seed, &out->null_median, &out->null_lo, &out->null_hi);
	out->net = out->median - out->null_median;
	/*
	 * A conservative interval for the difference of the two medians: the
	 * call's low end against the null window's high end and vice versa. It
	 * holds at least 95 % whatever the two medians' dependence (it is wider
	 * than a bootstrap of the difference would be).
	 */
	out->net_lo = out->lo - out->null_hi;
	out->net_hi = out->hi - out->null_lo;
}

struct ranked {
	double v;
	int group;
};

static int cmp_ranked(const void *x, const void *y)
{
	return cmp(&((const struct ranked *)x)->v, &((const struct ranked *)y)->v);
}

double pab_mann_whitney(const double *a, size_t na, const double *b, size_t nb, double *u)
{
	size_t n = na + nb, i = 0;
	struct ranked *r = malloc(n * sizeof(*r));
	double ranksum = 0, ties = 0, mu, sigma, z;

	*u = NAN;
	if (!na || !nb || !r) {
		free(r);
		return NAN;
	}
	for (size_t k = 0; k < na; k++)
		r[k] = (struct ranked){ a[k], 0 };
	for (size_t k = 0; k < nb; k++)
		r[na + k] = (struct ranked){ b[k], 1 };
	qsort(r, n, sizeof(*r), cmp_ranked);
	while (i < n) {
		size_t j = i;
		double rank, t;

		while (j + 1 < n && r[j + 1].v == r[i].v)
			j++;
		rank = (double)(i + j + 2) / 2;	/* mean of ranks i+1 .. j+1 */
		for (size_t k = i; k <= j; k++)
			if (!r[k].group)
				ranksum += rank;
		t = (double)(j - i + 1);
		ties += t * t * t - t;
		i = j + 1;
	}
	free(r);
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
