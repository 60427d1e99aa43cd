// SPDX-License-Identifier: GPL-2.0
/*
 * What a (net) median's interval is built from, for the summary
 * (robust.c) and for B/A's interval (ratio_ci.c) alike: the clock's tick,
 * the correlation of a call's median with its null window's, and each
 * median's two half-widths. Why two half-widths and not a standard error:
 * ratio_ci.c.
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
