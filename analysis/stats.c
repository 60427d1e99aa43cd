// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
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

int pab_stats_compute(const uint64_t *samples, size_t n, struct pab_stats *st)
{
	double *v, sum = 0, sq = 0;

	if (!n)
		return -1;
	v = malloc(n * sizeof(*v));
	if (!v)
		return -1;
	for (size_t i = 0; i < n; i++) {
		v[i] = (double)samples[i];
		sum += v[i];
	}
	qsort(v, n, sizeof(*v), cmp_double);
	st->n = n;
	st->mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += (v[i] - st->mean) * (v[i] - st->mean);
	st->stddev = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
	st->min = v[0];
	st->max = v[n - 1];
	st->median = pab_percentile(v, n, 50);
	st->p5 = pab_percentile(v, n, 5);
	st->p25 = pab_percentile(v, n, 25);
	st->p75 = pab_percentile(v, n, 75);
	st->p95 = pab_percentile(v, n, 95);
	free(v);
	return 0;
}

void pab_drop_irq_hits(const uint64_t *ns, const uint64_t *null_ns, const uint64_t *irq, size_t n,
		       bool keep, uint64_t *out_ns, uint64_t *out_null, struct pab_irq_split *s)
{
	s->hits = 0;
	for (size_t i = 0; irq && i < n; i++)
		s->hits += irq[i] != 0;
	s->excluded = s->hits && s->hits < n && !keep;
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
