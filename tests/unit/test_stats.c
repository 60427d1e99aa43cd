// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptive statistics against values computed independently (numpy and
 * Python's statistics module agree on these):
 * numpy.percentile (linear, the default) and numpy.std(ddof=1) on the same
 * data, recorded here as literals.
 */
#include <math.h>
#include <stdio.h>
#include "stats.h"

static int failures, checks;

static void near(const char *what, double got, double want)
{
	checks++;
	if (fabs(got - want) > 1e-9 * fmax(1, fabs(want))) {
		failures++;
		printf("FAIL %s = %.12g, want %.12g\n", what, got, want);
	}
}

int main(void)
{
	/* numpy: a = [15, 20, 35, 40, 50]; np.percentile(a, [5, 25, 50, 75, 95]) */
	const uint64_t a[] = { 40, 15, 50, 35, 20 };
	/* numpy: b = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9] */
	const uint64_t b[] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9 };
	const uint64_t one[] = { 42 };
	struct pab_stats st;

	pab_stats_compute(a, 5, &st);
	near("a.p5", st.p5, 16.0);
	near("a.p25", st.p25, 20.0);
	near("a.median", st.median, 35.0);
	near("a.p75", st.p75, 40.0);
	near("a.p95", st.p95, 48.0);
	near("a.mean", st.mean, 32.0);
	near("a.stddev", st.stddev, 14.404860290887934);
	near("a.min", st.min, 15);
	near("a.max", st.max, 50);

	pab_stats_compute(b, 15, &st);
	near("b.median", st.median, 5.0);
	near("b.p5", st.p5, 1.0);
	near("b.p25", st.p25, 3.0);
	near("b.p75", st.p75, 7.5);
	near("b.p95", st.p95, 9.0);
	near("b.mean", st.mean, 5.133333333333334);
	near("b.stddev", st.stddev, 2.8250579429371676);

	pab_stats_compute(one, 1, &st);
	near("one.median", st.median, 42);
	near("one.stddev", st.stddev, 0);
	checks++;
	if (pab_stats_compute(one, 0, &st) != -1) {
		failures++;
		printf("FAIL empty sample set accepted\n");
	}
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
