// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel A/B across boots (analysis/boots.c, common/boot_ci.c): Student's t
 * against published quantiles; per-boot medians built with a known boot
 * effect, several boots a side, through the records as the reader makes
 * them: the interval against Welch's by hand, the verdict, both spreads and
 * the warning; the same calls pooled over boots, which pab_compare_recs
 * calls a difference where there is none (the confound the boots remove);
 * two boots a side with a real 2 % change ("no difference shown": the
 * interval spans 1); exact counts (no verdict, the difference stated); a
 * configuration too few boots measured.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boots.h"
#include "sim_rec.h"

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define NEAR(x, want, tol) CHECK(fabs((x) - (want)) <= (tol))

#define CALLS 201	/* odd: the median is the middle call */
#define MAXB 4

/* One boot: CALLS calls spread +-2 % evenly around base (relative IQR 0.02), per configuration. */
struct boot {
	uint64_t ns[2][CALLS];
	struct pab_rec recs[2];
	struct pab_results_file f;
};

static const char *const keys[2] = { "pageattr-walk/2MiB/mixed:pte/runs/lazy=native/tlb=none",
				     "pageattr-apply/2MiB/mixed:pte/runs/lazy=native/tlb=none" };

/* base[k]: configuration k's median in this boot (0: not measured). */
static void make_boot(struct boot *b, const double *base, enum pab_clock clock, bool flat)
{
	memset(b, 0, sizeof(*b));
	for (int k = 0; k < 2; k++) {
		if (!base[k])
			continue;
		for (int i = 0; i < CALLS; i++)
			b->ns[k][i] = (uint64_t)llround(base[k] * (flat ? 1 : 1 + 0.02 * (i - 100) / 100.0));
		b->recs[b->f.n] = pab_sim_rec(b->ns[k], NULL, CALLS);
		b->recs[b->f.n].key = b->recs[b->f.n].name = (char *)keys[k];
		b->f.n++;
	}
	b->f.recs = b->recs;
	b->f.clock = clock;
	b->f.kernel_release = "7.2.13";
}

static void free_boot(struct boot *b)
{
	for (size_t i = 0; i < b->f.n; i++)
		free(b->recs[i].memo);
}

/* The A/B of na boots against nb (medians base * offset) of configuration 0; 1 too where base1. */
static void ab(const double *oa, size_t na, const double *ob, size_t nb, double base_a, double base_b,
	       enum pab_clock clock, struct boot *ba, struct boot *bb, struct pab_boots *bt)
{
	const struct pab_results_file *pa[MAXB], *pb[MAXB];
	char err[200];

	for (size_t i = 0; i < na; i++) {
		double base[2] = { base_a * oa[i], i < 1 ? base_a : 0 };

		make_boot(&ba[i], base, clock, clock == PAB_CLOCK_ICOUNT);
		pa[i] = &ba[i].f;
	}
	for (size_t i = 0; i < nb; i++) {
		double base[2] = { base_b * ob[i], base_b };

		make_boot(&bb[i], base, clock, clock == PAB_CLOCK_ICOUNT);
		pb[i] = &bb[i].f;
	}
	CHECK(pab_boots_compare(pa, na, pb, nb, bt, err, sizeof(err)) == 0);
}

static void t_quantiles(void)
{
	/* Student's t, two-sided 95 %: the textbook table. */
	NEAR(pab_t_quantile(0.975, 1), 12.7062, 1e-3);
	NEAR(pab_t_quantile(0.975, 2), 4.3027, 1e-3);
	NEAR(pab_t_quantile(0.975, 4), 2.7764, 1e-3);
	NEAR(pab_t_quantile(0.975, 30), 2.0423, 1e-3);
	NEAR(pab_t_quantile(0.025, 9), -2.2622, 1e-3);
	NEAR(pab_t_cdf(0, 3), 0.5, 1e-12);
	NEAR(pab_t_cdf(2.7764, 4), 0.975, 1e-4);
}

/* A real 20 % change, boots +-1 %: the interval is Welch's by hand, B slower, no warning. */
static void real_change(void)
{
	double d = 0.01, off[3] = { exp(-d), 1, exp(d) }, tq = 2.776445, se = d * sqrt(2.0 / 3);
	struct boot ba[3], bb[3];
	struct pab_boots bt;
	const struct pab_boot_row *r;
	char text[96];

	ab(off, 3, off, 3, 1e6, 1.2e6, PAB_CLOCK_HOST, ba, bb, &bt);
	CHECK(bt.nrows == 2 && bt.basis == PAB_BASIS_HOST_TIMES);
	r = &bt.rows[0];
	CHECK(r->comparable && r->na == 3 && r->nb == 3 && !r->net);
	NEAR(r->c.ratio, 1.2, 1e-4);
	/* Equal variances, 3 a side: Welch's df is 4. */
	NEAR(r->c.df, 4, 1e-6);
	NEAR(r->c.lo, 1.2 * exp(-tq * se), 1e-4);
	NEAR(r->c.hi, 1.2 * exp(tq * se), 1e-4);
	CHECK(r->c.p < 1e-4 && r->c.pb == 1);
	CHECK(r->verdict == PAB_B_SLOWER);
	CHECK(!strcmp(pab_boot_row_text(&bt, r, text, sizeof(text)), "B slower by 20.0%"));
	/* Within boots: each boot's IQR / median is 0.02; between: exp(sd) - 1, sd = d. */
	NEAR(r->within_a, 0.02, 2e-4);
	NEAR(r->within_b, 0.02, 2e-4);
	NEAR(r->between_a, expm1(d), 1e-5);
	NEAR(r->between_b, expm1(d), 1e-5);
	CHECK(!r->warn && bt.nwarn == 0);
	/* Configuration 1 is in A's first boot only: a row, not compared. */
	CHECK(!bt.rows[1].comparable && bt.rows[1].na == 1 && bt.rows[1].nb == 3 && bt.rows[1].why);
	CHECK(!strncmp(pab_boot_row_text(&bt, &bt.rows[1], text, sizeof(text)), "not compared: ", 14));
	pab_boots_free(&bt);
	for (int i = 0; i < 3; i++) {
		free_boot(&ba[i]);
		free_boot(&bb[i]);
	}
}

/*
 * One kernel on both sides, boots offset by up to 4 %: the calls pooled over
 * boots give a confident "B slower"; the boots' medians show no difference,
 * and warn that the boots scatter more than the sides differ.
 */
static void boot_effect(void)
{
	double oa[3] = { 0.96, 1.00, 1.04 }, ob[3] = { 1.03, 1.05, 0.99 };
	static uint64_t pool_a[3 * CALLS], pool_b[3 * CALLS];
	struct boot ba[3], bb[3];
	struct pab_boots bt;
	struct pab_rec ra, rb;
	struct pab_cmp c;
	const struct pab_boot_row *r;
	char text[96];

	ab(oa, 3, ob, 3, 1e5, 1e5, PAB_CLOCK_HOST, ba, bb, &bt);
	r = &bt.rows[0];
	CHECK(r->comparable);
	CHECK(r->c.lo < 1 && r->c.hi > 1 && r->verdict == PAB_NO_DIFFERENCE);
	CHECK(!strcmp(pab_boot_row_text(&bt, r, text, sizeof(text)), "no difference shown"));
	CHECK(r->warn && bt.nwarn == 1);
	CHECK(fmax(r->between_a, r->between_b) > fabs(r->c.ratio - 1));
	NEAR(r->between_a, expm1(sqrt((pow(log(0.96), 2) + pow(log(1.04), 2) -
				       pow(log(0.96) + log(1.04), 2) / 3) / 2)), 1e-4);
	for (int i = 0; i < 3; i++) {
		memcpy(pool_a + i * CALLS, ba[i].ns[0], sizeof(ba[i].ns[0]));
		memcpy(pool_b + i * CALLS, bb[i].ns[0], sizeof(bb[i].ns[0]));
	}
	ra = pab_sim_rec(pool_a, NULL, 3 * CALLS);
	rb = pab_sim_rec(pool_b, NULL, 3 * CALLS);
	CHECK(pab_compare_recs(&ra, &rb, &c) == 0);
	/* Pooled, the boot effect reads as the kernel's: the confound. */
	CHECK(c.verdict == PAB_B_SLOWER);
	free(ra.memo);
	free(rb.memo);
	pab_boots_free(&bt);
	for (int i = 0; i < 3; i++) {
		free_boot(&ba[i]);
		free_boot(&bb[i]);
	}
}

/* Two boots a side, a real 2 % change, boots +-1 %: the interval spans 1, "no difference shown". */
static void two_boots(void)
{
	double oa[2] = { 0.99, 1.01 }, ob[2] = { 1.01, 0.99 };
	struct boot ba[2], bb[2];
	struct pab_boots bt;
	const struct pab_boot_row *r;
	char text[96];

	ab(oa, 2, ob, 2, 1e5, 1.02e5, PAB_CLOCK_HOST, ba, bb, &bt);
	r = &bt.rows[0];
	CHECK(r->comparable && r->na == 2 && r->nb == 2);
	NEAR(r->c.ratio, 1.02, 1e-4);
	NEAR(r->c.df, 2, 1e-6);
	CHECK(r->c.lo < 1 && r->c.hi > 1);
	CHECK(r->verdict == PAB_NO_DIFFERENCE);
	CHECK(!strcmp(pab_boot_row_text(&bt, r, text, sizeof(text)), "no difference shown"));
	/* The boots scatter 1.4 %, less than the 2 % found: no warning. */
	CHECK(!r->warn);
	pab_boots_free(&bt);
	for (int i = 0; i < 2; i++) {
		free_boot(&ba[i]);
		free_boot(&bb[i]);
	}
}

/* Exact counts (icount): every boot the same count; the difference stated, no verdict. */
static void exact_counts(void)
{
	double one[3] = { 1, 1, 1 };
	struct boot ba[3], bb[3];
	struct pab_boots bt;
	const struct pab_boot_row *r;
	char text[96];

	ab(one, 3, one, 3, 16000, 16096, PAB_CLOCK_ICOUNT, ba, bb, &bt);
	r = &bt.rows[0];
	CHECK(bt.basis == PAB_BASIS_EXACT_COUNTS);
	CHECK(r->comparable && r->ma[0] == 16000 && r->mb[2] == 16096);
	NEAR(r->c.ratio, 16096.0 / 16000, 1e-9);
	CHECK(isfinite(r->c.lo) && isfinite(r->c.hi) && r->c.lo <= r->c.ratio && r->c.ratio <= r->c.hi);
	CHECK(r->verdict == PAB_NO_DIFFERENCE);
	CHECK(!strcmp(pab_boot_row_text(&bt, r, text, sizeof(text)), "B - A = +96 ns (instructions)"));
	CHECK(r->between_a == 0 && r->within_a == 0);
	pab_boots_free(&bt);
	for (int i = 0; i < 3; i++) {
		free_boot(&ba[i]);
		free_boot(&bb[i]);
	}
}

static void bad_input(void)
{
	double m[2] = { 1, 2 }, z[2] = { 0, 1 };
	struct pab_boot_ratio q;

	CHECK(pab_boot_ratio_ci(m, 1, m, 2, 0, 0, &q) == -1);
	CHECK(pab_boot_ratio_ci(z, 2, m, 2, 0, 0, &q) == -1);
	CHECK(pab_boot_ratio_ci(m, 2, m, 2, 0, 0, &q) == 0 && q.ratio == 1 && q.pb == 0.5);
}

int main(void)
{
	t_quantiles();
	real_change();
	boot_effect();
	two_boots();
	exact_counts();
	bad_input();
	printf("%d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
