// SPDX-License-Identifier: GPL-2.0
/*
 * B/A's 95 % interval (robust.h, docs/statistics.md): each (net) median's
 * two half-widths (net_median.c) combined into the interval of the ratio.
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
