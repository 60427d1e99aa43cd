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

/* Interrupt-hit calls: out by default, in with keep, all in when every call was hit. */
static void irq_hits(void)
{
	const uint64_t ns[5] = { 100, 900, 101, 950, 102 }, null[5] = { 10, 11, 12, 13, 14 };
	const uint64_t irq[5] = { 0, 2, 0, 1, 0 }, all[5] = { 1, 1, 1, 1, 1 };
	uint64_t on[5], onull[5], inplace[5] = { 100, 900, 101, 950, 102 };
	struct pab_irq_split sp;
	struct pab_stats st;

	pab_drop_irq_hits(ns, null, irq, 5, false, on, onull, &sp);
	checks++;
	if (sp.hits != 2 || sp.kept != 3 || !sp.excluded || on[1] != 101 || onull[1] != 12 ||
	    on[2] != 102 || onull[2] != 14) {
		failures++;
		printf("FAIL irq: hits %zu kept %zu excluded %d\n", sp.hits, sp.kept, sp.excluded);
	}
	/* The raw median (102) is not the undisturbed calls' (101). */
	pab_stats_compute(on, sp.kept, &st);
	near("undisturbed median", st.median, 101);
	pab_drop_irq_hits(ns, null, irq, 5, true, on, onull, &sp);
	checks++;
	if (sp.hits != 2 || sp.kept != 5 || sp.excluded || on[3] != 950) {
		failures++;
		printf("FAIL irq kept: hits %zu kept %zu\n", sp.hits, sp.kept);
	}
	pab_drop_irq_hits(ns, NULL, all, 5, false, on, NULL, &sp);
	checks++;
	if (sp.hits != 5 || sp.kept != 5 || sp.excluded) {
		failures++;
		printf("FAIL irq all hit: kept %zu excluded %d (want every call kept)\n", sp.kept, sp.excluded);
	}
	pab_drop_irq_hits(inplace, NULL, irq, 5, false, inplace, NULL, &sp);
	checks++;
	if (sp.kept != 3 || inplace[0] != 100 || inplace[1] != 101 || inplace[2] != 102) {
		failures++;
		printf("FAIL irq in place\n");
	}
	pab_drop_irq_hits(ns, null, NULL, 5, false, on, onull, &sp);
	checks++;
	if (sp.hits || sp.kept != 5 || sp.excluded) {
		failures++;
		printf("FAIL irq unknown: every call counts\n");
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
	irq_hits();
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
