/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the analysis may conclude from a file's times, by how they were
 * taken (machine.clock: common/vocab.h PAB_CLOCKS). The one rule 'analyze',
 * 'compare', 'tune' and the report follow:
 *
 *   host times      a real CPU: intervals, p-values, faster/slower verdicts,
 *                   recommendations
 *   exact counts    a QEMU TCG guest under -icount shift=0: a time is an
 *                   instruction count (1 ns = 1 instruction, deterministic,
 *                   read in the guest's counter ticks, 16 ns on arm64);
 *                   differences are stated (B - A in ns = instructions, and
 *                   per entry), with no p-value and no verdict word
 *   emulated times  a QEMU TCG guest without -icount: the emulator's times;
 *                   numbers are shown, never a verdict
 *
 * The values run from the strongest to the weakest: of two files compared,
 * the weaker basis wins.
 */
#ifndef PAB_BASIS_H
#define PAB_BASIS_H

#include <stdbool.h>
#include <stddef.h>
#include "results_reader.h"

enum pab_basis { PAB_BASIS_HOST_TIMES, PAB_BASIS_EXACT_COUNTS, PAB_BASIS_EMULATED_TIMES };

struct pab_cmp;

/* From the clock's flags (PAB_CLKF_*): unknown clocks are emulated times. */
enum pab_basis pab_basis_of_clock(enum pab_clock clock);
enum pab_basis pab_basis_of(const struct pab_results_file *f);
/* The weaker of two (an enum order). */
enum pab_basis pab_basis_weaker(enum pab_basis a, enum pab_basis b);
/* Two files (b NULL: a alone): the weaker basis of the two. */
enum pab_basis pab_basis_of_two(const struct pab_results_file *a, const struct pab_results_file *b);

/* Whether faster/slower, gains, hurts, recommendations may be said: host times only. */
bool pab_basis_allows_verdict(enum pab_basis b);
/* Whether a p-value means anything: host times only. */
bool pab_basis_allows_p(enum pab_basis b);
/* Whether differences are stated as exact instruction counts: exact counts. */
bool pab_basis_exact(enum pab_basis b);

/* "host-times", "exact-counts", "emulated-times": the word the JSON writes. */
const char *pab_basis_name(enum pab_basis b);
/*
 * Why a command gives no verdict: the one line it prints once, at the top
 * (after "note: "); NULL for host times, which need none.
 */
const char *pab_basis_why(enum pab_basis b);
/*
 * The same for one file (b NULL) or two (an, bn: "A", "B"), naming each
 * side's clock when they differ; false (buf "") for host times.
 */
bool pab_basis_why_text(const struct pab_results_file *a, const char *an,
			const struct pab_results_file *b, const char *bn, char *buf, size_t len);
/*
 * What stands in a verdict column where the basis allows none:
 * "no verdict (emulator times)", "difference only (exact counts)"; NULL
 * for host times.
 */
const char *pab_basis_no_verdict(enum pab_basis b);

/* B - A of a comparison per leaf entry (each side by its own entries); NaN without entries. */
double pab_cmp_diff_per_entry(const struct pab_cmp *c, const struct pab_rec *a,
			      const struct pab_rec *b);

#endif /* PAB_BASIS_H */
