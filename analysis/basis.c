// SPDX-License-Identifier: GPL-2.0
/* What the analysis may conclude, by how the times were taken: basis.h. */
#include <math.h>
#include <stdio.h>
#include "basis.h"
#include "compare.h"

enum pab_basis pab_basis_of_clock(enum pab_clock clock)
{
	unsigned int flags = pab_vocab_flags(&pab_clocks, clock);

	if (!pab_vocab_word(&pab_clocks, clock))
		return PAB_BASIS_EMULATED_TIMES;
	return flags & PAB_CLKF_VERDICT ? PAB_BASIS_HOST_TIMES :
	       flags & PAB_CLKF_EXACT ? PAB_BASIS_EXACT_COUNTS : PAB_BASIS_EMULATED_TIMES;
}

enum pab_basis pab_basis_of(const struct pab_results_file *f)
{
	return pab_basis_of_clock(f->clock);
}

enum pab_basis pab_basis_weaker(enum pab_basis a, enum pab_basis b)
{
	return a > b ? a : b;
}

enum pab_basis pab_basis_of_two(const struct pab_results_file *a, const struct pab_results_file *b)
{
	return b ? pab_basis_weaker(pab_basis_of(a), pab_basis_of(b)) : pab_basis_of(a);
}

bool pab_basis_allows_verdict(enum pab_basis b)
{
	return b == PAB_BASIS_HOST_TIMES;
}

bool pab_basis_allows_p(enum pab_basis b)
{
	return b == PAB_BASIS_HOST_TIMES;
}

bool pab_basis_exact(enum pab_basis b)
{
	return b == PAB_BASIS_EXACT_COUNTS;
}

const char *pab_basis_name(enum pab_basis b)
{
	return b == PAB_BASIS_HOST_TIMES ? "host-times" :
	       b == PAB_BASIS_EXACT_COUNTS ? "exact-counts" : "emulated-times";
}

const char *pab_basis_why(enum pab_basis b)
{
	if (b == PAB_BASIS_HOST_TIMES)
		return NULL;
	if (b == PAB_BASIS_EXACT_COUNTS)
		return "exact counts, no verdicts: under QEMU -icount shift=0 a time is an instruction count (1 ns = 1 instruction, deterministic, read in the guest's counter ticks, 16 ns on arm64); differences are stated as they are, with no p-value";
	return "no verdicts: these are QEMU TCG's times without -icount, the emulator's, not a CPU's; measure on a real CPU for verdicts, or under --icount for exact instruction counts";
}

bool pab_basis_why_text(const struct pab_results_file *a, const char *an,
			const struct pab_results_file *b, const char *bn, char *buf, size_t len)
{
	const char *why = pab_basis_why(pab_basis_of_two(a, b));

	buf[0] = '\0';
	if (!why)
		return false;
	if (b && a->clock != b->clock)
		snprintf(buf, len, "%s (clocks differ: %s %s, %s %s)", why, an, pab_clock_name(a->clock),
			 bn, pab_clock_name(b->clock));
	else
		snprintf(buf, len, "%s", why);
	return true;
}

const char *pab_basis_no_verdict(enum pab_basis b)
{
	return b == PAB_BASIS_HOST_TIMES ? NULL :
	       b == PAB_BASIS_EXACT_COUNTS ? "difference only (exact counts)" : "no verdict (emulator times)";
}

double pab_cmp_diff_per_entry(const struct pab_cmp *c, const struct pab_rec *a,
			      const struct pab_rec *b)
{
	if (!a->entries || !b->entries)
		return NAN;
	return c->mb / (double)b->entries - c->ma / (double)a->entries;
}
