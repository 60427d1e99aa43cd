// SPDX-License-Identifier: GPL-2.0
/*
 * B/A's 95 % interval and what it is built from (robust.h, README
 * "Statistics"): the clock's tick, the correlation of a call's median with
 * its null window's, each (net) median's two half-widths, and their
 * combination into the interval of the ratio.
 *
 * Why not a standard error and the delta method: a median's sampling
 * distribution is normal only where the density around it is smooth. On a
 * machine whose calls sometimes take a slow path the median sits in a
 * trough between two peaks, its order-statistic interval reaches into the
 * other peak on one side only, and a symmetric standard error made from
 * that width covered the true ratio in 71-87 % of repetitions
 * (tests/bench/coverage.c; a percentile bootstrap does no better there). So
 * each median keeps its two half-widths as the exact order-statistic
 * interval gives them, and the ratio's ends combine
 * the matching sides (MOVER, "method of variance estimates recovery": Zou &
 * Donner 2008, Stat. Med. 27:1693-1702; for correlated estimates Zou 2007,
 * Psychol. Methods 12:399-413), on the log scale. With symmetric half-widths
 * this is the delta method again, so well-behaved data get the interval they
 * had.
 */
#include <math.h>
#include "robust.h"

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * The gcd of g and every sample. Once g is a power of two the rest are
 * tested by a mask (16 ns ticks: one OR a sample, no division); g only
 * shrinks, so that happens at most 64 times.
 */
static uint64_t gcd_all(const uint64_t *x, size_t n, uint64_t g)
{
	uint64_t tried = 0;

	for (size_t i = 0; i < n && g != 1; i++) {
		if (g && !(g & (g - 1)) && g != tried) {
			uint64_t bits = 0;

			tried = g;
			for (size_t j = i; j < n; j++)
				bits |= x[j] & (g - 1);
			if (!bits)
				return g;
		}
		g = gcd(g, x[i]);
	}
	return g;
}

uint64_t pab_clock_tick(const uint64_t *ns, const uint64_t *null_ns, size_t n, uint64_t lo,
			uint64_t hi)
{
	uint64_t g;

	/*
	 * A window measured by a counter of t ns a tick is a whole number of
	 * ticks: every sample, call or null window, is a multiple of t. With
	 * one value only there is nothing to tell a tick from a time: 1 ns.
	 */
	if (!n || lo == hi)
		return 1;
	g = gcd_all(ns, n, 0);
	if (null_ns)
		g = gcd_all(null_ns, n, g);
	return g ? g : 1;
}

/*
 * The asymptotic correlation of two sample medians of the same calls is
 * the correlation of the indicators 1{x <= median x} and 1{y <= median y}
 * (Bahadur's representation); with half of each sample on each side that is
 * 4 P(both below) - 1, Blomqvist's quadrant count. Timing samples tie, and
 * null windows in whole ticks tie heavily (16 or 32 ns): then far from half
 * the calls lie at or below the median, and the quadrant count read
 * independent calls as correlated near 1, which cancelled the two medians'
 * errors and left net intervals a tick wide. So each sample is scored on
 * its mid-distribution (1 below the median, 1/2 at it, 0 above: what
 * mid-ranks do for rank correlations) and the scores' Pearson correlation
 * taken, which is 4 P - 1 again when nothing ties. A sample all at its
 * median says nothing about the correlation: 0, the covariance term
 * dropped, the conservative side.
 */
double pab_median_rho(const uint64_t *x, double mx, const uint64_t *y, double my, size_t n)
{
	/* Integer compares against twice the medians (a median of integers is a half-integer). */
	uint64_t mx2 = (uint64_t)(2 * mx), my2 = (uint64_t)(2 * my);
	static const double score[3] = { 1, 0.5, 0 };	/* below, at, above the median */
	size_t cell[9] = { 0 };
	double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, vx, vy, r, nn = (double)n;

	if (!n)
		return 0;
	/* The calls counted by (x's side, y's side): one pass, then nine cells. */
	for (size_t i = 0; i < n; i++) {
		uint64_t x2 = 2 * x[i], y2 = 2 * y[i];

		cell[3 * ((x2 >= mx2) + (x2 > mx2)) + (y2 >= my2) + (y2 > my2)]++;
	}
	for (int i = 0; i < 3; i++) {
		for (int j = 0; j < 3; j++) {
			double c = (double)cell[3 * i + j];

			sx += c * score[i];
			sy += c * score[j];
			sxx += c * score[i] * score[i];
			syy += c * score[j] * score[j];
			sxy += c * score[i] * score[j];
		}
	}
	vx = sxx / nn - (sx / nn) * (sx / nn);
	vy = syy / nn - (sy / nn) * (sy / nn);
	/* Every call scored alike (all at the median): no estimate. */
	if (!(vx > 1e-12 && vy > 1e-12))
		return 0;
	r = (sxy / nn - sx * sy / (nn * nn)) / sqrt(vx * vy);
	return r > 1 ? 1 : r < -1 ? -1 : r;
}

/* One side of a difference of two correlated estimates (MOVER): sqrt(a^2 + b^2 - 2 rho a b). */
static double mover(double a, double b, double rho)
{
	double v = a * a + b * b - 2 * rho * a * b;

	return sqrt(v > 0 ? v : 0);
}

void pab_net_widths(struct pab_net *m)
{
	double t = m->tick > 0 ? m->tick : 1;

	/*
	 * A median read off a clock of t ns a tick is known to a tick at
	 * best, however many calls agree on it: neither half-width is less.
	 */
	m->dlo = fmax(m->median - m->lo, t);
	m->dhi = fmax(m->hi - m->median, t);
	if (!m->have_null) {
		m->null_dlo = m->null_dhi = m->net_dlo = m->net_dhi = NAN;
		return;
	}
	m->null_dlo = fmax(m->null_median - m->null_lo, t);
	m->null_dhi = fmax(m->null_hi - m->null_median, t);
	/* The net's low end: the call's low side against the null window's high side. */
	m->net_dlo = fmax(mover(m->dlo, m->null_dhi, m->rho), t);
	m->net_dhi = fmax(mover(m->dhi, m->null_dlo, m->rho), t);
}

/* log(m) - log(m - d): how far down the log interval reaches (infinite at or below 0). */
static double log_down(double m, double d)
{
	return m - d > 0 ? log(m / (m - d)) : INFINITY;
}

static double log_up(double m, double d)
{
	return log1p(d / m);
}

/*
 * The bootstrap's interval kept at least a tick wide on each side, as the
 * closed form's: resampling a handful of tied values cannot see the tick.
 */
static void tick_floor(const struct pab_net *a, const struct pab_net *b, double ma, double mb,
		       struct pab_ratio *out)
{
	double ta = a->tick > 0 ? a->tick : 1, tb = b->tick > 0 ? b->tick : 1;
	double lo = out->ratio * exp(-hypot(log_down(mb, tb), log_up(ma, ta)));
	double hi = out->ratio * exp(hypot(log_up(mb, tb), log_down(ma, ta)));

	if (out->lo > lo)
		out->lo = lo;
	if (out->hi < hi)
		out->hi = hi;
}

void pab_ratio_ci(const struct pab_net *a, const struct pab_net *b, bool net, const double *va,
		  const double *va_null, const double *vb, const double *vb_null,
		  struct pab_ratio *out)
{
	double ma = net ? a->net : a->median, mb = net ? b->net : b->median;
	double la, ua, lb, ub;

	out->ratio = mb / ma;
	out->lo = out->hi = NAN;
	out->boot_reps = 0;
	if (a->n < PAB_CLOSED_MIN_N || b->n < PAB_CLOSED_MIN_N) {
		out->boot_reps = PAB_BOOT_REPS;
		if (va && vb)
			pab_bootstrap_net_ratio(va, net ? va_null : NULL, a->n, vb, net ? vb_null : NULL,
						b->n, PAB_BOOT_REPS, PAB_BOOT_SEED, &out->lo, &out->hi);
		if (ma > 0 && mb > 0 && !isnan(out->lo))
			tick_floor(a, b, ma, mb, out);
		return;
	}
	if (!(ma > 0 && mb > 0))
		return;	/* a net median <= 0: no ratio to speak of, no interval */
	la = log_down(ma, net ? a->net_dlo : a->dlo);
	ua = log_up(ma, net ? a->net_dhi : a->dhi);
	lb = log_down(mb, net ? b->net_dlo : b->dlo);
	ub = log_up(mb, net ? b->net_dhi : b->dhi);
	/*
	 * A and B are independent runs: B/A is low when B's median is low and
	 * A's high, so the low end takes B's lower and A's upper half-width.
	 * A (net) interval reaching 0 leaves that end of the ratio unbounded.
	 */
	out->lo = isfinite(lb) ? out->ratio * exp(-hypot(lb, ua)) : 0;
	out->hi = isfinite(la) ? out->ratio * exp(hypot(ub, la)) : INFINITY;
}
