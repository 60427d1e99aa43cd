// SPDX-License-Identifier: GPL-2.0
/*
 * B/A across boots (boot_ci.h). Every boot places pages, randomises the
 * kernel's layout (KASLR) and colours caches anew, so a boot moves all of
 * its calls together: the calls of one boot are not independent draws of the
 * kernel's cost, and an interval over all calls of R boots pooled (or of one
 * boot a side) covers the kernel's ratio far less often than it claims
 * (tests/bench/coverage_boots.c measures it). As in any hierarchical design
 * the replicate is the boot: each boot is summarised by its median per
 * configuration (the within-boot noise is averaged there), and the A/B is a
 * two-sample problem on R_A and R_B per-boot medians.
 *
 * Why Welch's t on the logs, for 2 to 10 boots a side:
 *  - a boot's effect is multiplicative (a slower placement slows every
 *    call by a share), so the logs of the per-boot medians are what differ
 *    by a shift, and exp of the interval is B/A's interval;
 *  - a median of hundreds of calls is close to normal (its sampling
 *    distribution is asymptotically normal), and a boot effect made of many
 *    small causes (pages, colours, layout) as well: the t interval's premise
 *    holds about as well as it ever does, and it needs no large R;
 *  - the two kernels need not have the same boot-to-boot spread (a patch
 *    can change what placement does), so no pooled variance: Welch's
 *    degrees of freedom (Satterthwaite) carry the uncertainty of two
 *    estimated variances, which at R = 2 a side is about 1 to 2 df, a t
 *    quantile of 12.7 to 4.3: a wide interval, as two boots deserve;
 *  - the exact alternatives cannot decide at these R: a permutation test of
 *    2 boots against 2 has 6 arrangements, its smallest two-sided p is 1/3
 *    (3 against 3: 0.1; 4 against 4: 0.029), and Hodges-Lehmann's interval
 *    has the same granularity, so either would say "no difference shown"
 *    for any difference with R < 4 and step in coarse levels above. Welch
 *    keeps about 95 % (coverage_boots.c: 2, 3, 5 and 10 boots a side, with
 *    boot offsets, lognormal and bimodal calls).
 * The verdict then follows the house's rule (compare.h pab_verdict_of): the
 * interval excludes 1, p < 0.05, and the boots themselves point the same
 * way (pb over pairs of boots).
 */
#include <math.h>
#include <string.h>
#include "boot_ci.h"

/* The continued fraction of the incomplete beta function (Lentz's method). */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;

	d = 1 / (fabs(d) < tiny ? tiny : d);
	h = d;
	for (int m = 1; m <= 300; m++) {
		double aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)), del;

		d = 1 + aa * d;
		c = 1 + aa / c;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + aa * d;
		c = 1 + aa / c;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = fabs(c) < tiny ? tiny : c;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-15)
			break;
	}
	return h;
}

/* The regularised incomplete beta function I_x(a, b). */
static double inc_beta(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cf(a, b, x) / a;
	return 1 - front * beta_cf(b, a, 1 - x) / b;
}

double pab_t_cdf(double t, double df)
{
	double tail;

	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(t))
		return t > 0 ? 1 : 0;
	/* P(|T| > |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2). */
	tail = inc_beta(df / 2, 0.5, df / (df + t * t));
	return t > 0 ? 1 - tail / 2 : tail / 2;
}

double pab_t_quantile(double p, double df)
{
	double lo = 0, hi = 1, sign = p < 0.5 ? -1 : 1, q = p < 0.5 ? 1 - p : p;

	if (!(p > 0 && p < 1) || !(df > 0))
		return NAN;
	/* Bracket, then bisect: the cdf is monotone, and 200 halvings reach a double's precision. */
	while (pab_t_cdf(hi, df) < q && hi < 1e300)
		hi *= 2;
	for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
		double mid = (lo + hi) / 2;

		if (pab_t_cdf(mid, df) < q)
			lo = mid;
		else
			hi = mid;
	}
	return sign * (lo + hi) / 2;
}

/* Mean and (n - 1) variance of log v. */
static int log_moments(const double *v, size_t n, double *mean, double *var)
{
	double s = 0, ss = 0;

	for (size_t i = 0; i < n; i++) {
		if (!(v[i] > 0) || !isfinite(v[i]))
			return -1;
		s += log(v[i]);
	}
	*mean = s / (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (log(v[i]) - *mean) * (log(v[i]) - *mean);
	*var = ss / (double)(n - 1);
	return 0;
}

int pab_boot_ratio_ci(const double *ma, size_t na, const double *mb, size_t nb, double floor_a,
		      double floor_b, struct pab_boot_ratio *out)
{
	double mean_a, mean_b, var_a, var_b, va, vb, se, diff, t, pairs = 0;

	memset(out, 0, sizeof(*out));
	if (na < 2 || nb < 2 || na > PAB_MAX_BOOTS || nb > PAB_MAX_BOOTS ||
	    log_moments(ma, na, &mean_a, &var_a) || log_moments(mb, nb, &mean_b, &var_b))
		return -1;
	out->sd_a = sqrt(var_a);
	out->sd_b = sqrt(var_b);
	var_a = fmax(var_a, floor_a);
	var_b = fmax(var_b, floor_b);
	va = var_a / (double)na;
	vb = var_b / (double)nb;
	se = sqrt(va + vb);
	diff = mean_b - mean_a;
	out->ratio = exp(diff);
	if (!(se > 0)) {
		/* No spread and no floor: nothing to scale an interval by. */
		out->lo = out->hi = out->p = out->df = NAN;
	} else {
		/* Welch-Satterthwaite; each term's variance estimated from n - 1 df. */
		out->df = (va + vb) * (va + vb) / (va * va / (double)(na - 1) + vb * vb / (double)(nb - 1));
		t = pab_t_quantile(0.975, out->df);
		out->lo = exp(diff - t * se);
		out->hi = exp(diff + t * se);
		out->p = 2 * (1 - pab_t_cdf(fabs(diff) / se, out->df));
	}
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			pairs += mb[j] > ma[i] ? 1 : mb[j] == ma[i] ? 0.5 : 0;
	out->pb = pairs / ((double)na * (double)nb);
	return 0;
}
