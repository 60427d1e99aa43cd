// SPDX-License-Identifier: GPL-2.0
/*
 * Robust statistics against independent references: R's
 * wilcox.test(1:5, 6:10, exact = FALSE) gives W = 0, p = 0.01219; MAD and the
 * modified z-score by hand; bootstrap intervals checked for what they must
 * satisfy (contain the sample median, deterministic, ratio 1 for equal data).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include "robust.h"

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

/* Net of the null window: raw median - null median, conservative interval. */
static void net(void)
{
	uint64_t ns[100], null[100];
	double a[100], an[100], b[100], bn[100], lo, hi, lo2, hi2;
	struct pab_net n;

	for (int i = 0; i < 100; i++) {
		ns[i] = 10000 + (uint64_t)(i * 37 % 101);
		null[i] = 1000 + (uint64_t)(i * 13 % 11);
		a[i] = (double)ns[i];
		an[i] = (double)null[i];
		b[i] = a[i] + 2000;	/* B's calls and its null windows 2000 ns longer */
		bn[i] = an[i] + 2000;
	}
	pab_net_median(ns, null, 100, 2000, 42, &n);
	CHECK(n.have_null && n.net == n.median - n.null_median);
	/* From the 97.5 % intervals (Bonferroni): at least as wide as from the 95 % ones. */
	CHECK(n.net_lo <= n.lo - n.null_hi && n.net_hi >= n.hi - n.null_lo);
	CHECK(n.net_lo <= n.net && n.net <= n.net_hi);
	pab_net_median(ns, NULL, 100, 2000, 42, &n);
	CHECK(!n.have_null && isnan(n.net) && !isnan(n.median));
	/* Without null windows the net ratio is the raw one, resample for resample. */
	pab_bootstrap_net_ratio(a, NULL, 100, b, NULL, 100, 2000, 7, &lo, &hi);
	pab_bootstrap_ratio(a, 100, b, 100, 2000, 7, &lo2, &hi2);
	CHECK(lo == lo2 && hi == hi2 && lo > 1);
	/* All of B's extra time is in its null window: net, no difference. */
	pab_bootstrap_net_ratio(a, an, 100, b, bn, 100, 2000, 7, &lo, &hi);
	CHECK(lo <= 1 && hi >= 1);
}

int main(void)
{
	const double x[] = { 1, 2, 3, 4, 5 }, y[] = { 6, 7, 8, 9, 10 };
	const double a[] = { 15, 20, 35, 40, 50 };
	const double o[] = { 10, 10, 11, 10, 9, 10, 11, 10, 100, 10 };
	double u, p, lo, hi, lo2, hi2, same[200];

	p = pab_mann_whitney(x, 5, y, 5, &u);
	CHECK(u == 0 && fabs(p - 0.01219) < 5e-5);
	p = pab_mann_whitney(y, 5, x, 5, &u);
	CHECK(u == 25 && fabs(p - 0.01219) < 5e-5);
	p = pab_mann_whitney(x, 5, x, 5, &u);
	CHECK(u == 12.5 && p == 1);

	CHECK(pab_mad(a, 5) == 15);	/* |a - 35| = 20 15 0 5 15 */
	CHECK(pab_mad(o, 10) == 0 ? 1 : pab_outliers(o, 10) == 1);
	CHECK(pab_outliers(a, 5) == 0);

	pab_bootstrap_median(a, 5, 2000, 42, &lo, &hi);
	pab_bootstrap_median(a, 5, 2000, 42, &lo2, &hi2);
	CHECK(lo <= 35 && hi >= 35 && lo >= 15 && hi <= 50);
	CHECK(lo == lo2 && hi == hi2);
	for (int i = 0; i < 200; i++)
		same[i] = 1000 + (i % 7);
	pab_bootstrap_ratio(same, 200, same, 200, 2000, 7, &lo, &hi);
	CHECK(lo <= 1 && hi >= 1 && hi - lo < 0.01);
	pab_bootstrap_ratio(x, 5, y, 5, 2000, 7, &lo, &hi);
	CHECK(lo > 1);
	net();
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
