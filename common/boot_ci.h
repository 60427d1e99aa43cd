/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel A/B with boots as the unit of replication: B/A from the medians of
 * several boots of each kernel (one median per boot and configuration), its
 * 95 % interval and two-sided p from Welch's t on the logs of the per-boot
 * medians (boot_ci.c says why that test), and Student's t distribution it needs.
 */
#ifndef PAB_BOOT_CI_H
#define PAB_BOOT_CI_H

#include <stddef.h>

/* Most boots a side the A/B takes (a fleet's rounds: 2 to 10 in practice). */
#define PAB_MAX_BOOTS 64

/* P(T <= t) for Student's t with df > 0 degrees of freedom. */
double pab_t_cdf(double t, double df);
/* The t with P(T <= t) = p, 0 < p < 1. */
double pab_t_quantile(double p, double df);

struct pab_boot_ratio {
	double ratio;		/* exp(mean log B - mean log A): B/A of geometric means */
	double lo, hi;		/* its 95 % interval (Welch t on the logs) */
	double p;		/* two-sided Welch p of "same mean log" */
	double df;		/* Welch-Satterthwaite degrees of freedom */
	/*
	 * The direction in the boots themselves: P(B > A) + P(B = A) / 2 over
	 * every pair of one boot of A and one of B (0.5: none), as pab_cmp's
	 * pb is over pairs of calls: the verdict needs it to agree.
	 */
	double pb;
	/* Each side's between-boot spread: the SD of the log per-boot medians. */
	double sd_a, sd_b;
};

/*
 * ma[0..na), mb[0..nb): per-boot medians (> 0), 2 <= na, nb <= PAB_MAX_BOOTS.
 * floor_a, floor_b: the least variance each side's log medians are given
 * (a clock tick's rounding, (tick / median)^2 / 12): boots that agree to the
 * tick do not make a zero-width interval. 0, or -1 on bad input.
 */
int pab_boot_ratio_ci(const double *ma, size_t na, const double *mb, size_t nb, double floor_a,
		      double floor_b, struct pab_boot_ratio *out);

#endif /* PAB_BOOT_CI_H */
