/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel A/B across boots: 'report B1 B2 ... --compare A1 A2 ...', a results
 * directory per boot (the fleet's rounds, A B A B ...). Within a boot the
 * calls give one median per configuration; across the boots of each kernel
 * the interval and verdict come from those medians (common/boot_ci.h), so
 * boot-to-boot variation is not taken for a kernel difference. Both spreads
 * are kept: within boots (how the calls of one boot scatter) and between
 * boots (how the boots' medians scatter).
 */
#ifndef PAB_BOOTS_H
#define PAB_BOOTS_H

#include <stdbool.h>
#include <stddef.h>
#include "basis.h"
#include "boot_ci.h"
#include "compare.h"
#include "results_reader.h"

/* One configuration compared across boots. */
struct pab_boot_row {
	const struct pab_rec *a, *b;	/* its record in A's and B's first boot that has it */
	size_t na, nb;			/* boots a side that measured it (ok, 2+ calls) */
	double ma[PAB_MAX_BOOTS], mb[PAB_MAX_BOOTS];	/* per-boot (net) medians, ns */
	bool net;			/* every boot had null windows: net medians */
	/*
	 * comparable: 2+ boots a side and every median > 0; else why names
	 * the reason and the statistics below are unset.
	 */
	bool comparable;
	const char *why;
	struct pab_boot_ratio c;	/* B/A across boots, its interval, p, direction */
	enum pab_verdict verdict;	/* pab_verdict_of on c; NO_DIFFERENCE where the basis allows none */
	/*
	 * Within boots: the median over a side's boots of each boot's IQR of
	 * calls over its median (relative, 0.05 = 5 %).
	 */
	double within_a, within_b;
	/* Between boots: c.sd_a, c.sd_b as a share (exp(sd) - 1). */
	double between_a, between_b;
	/*
	 * The boots of a kernel scatter more than the kernels differ: the
	 * larger between-boot spread exceeds |B/A - 1|.
	 */
	bool warn;
};

struct pab_boots {
	const struct pab_results_file *const *a, *const *b;
	size_t na, nb;
	enum pab_basis basis;		/* the weakest over every file */
	struct pab_boot_row *rows;	/* A's configurations in its first boot's order */
	size_t nrows;
	size_t nwarn;			/* rows with warn */
};

/*
 * The A/B of a[0..na) against b[0..nb) (each 1..PAB_MAX_BOOTS files, at
 * least 2 on one side to mean anything: the caller asks). 0, or -1 with err
 * (no memory, too many boots).
 */
int pab_boots_compare(const struct pab_results_file *const *a, size_t na,
		      const struct pab_results_file *const *b, size_t nb, struct pab_boots *out,
		      char *err, size_t errlen);
void pab_boots_free(struct pab_boots *bt);
/*
 * A row's verdict in one word, for the 72-column tables (lkml.txt, the
 * machines' table): "slower", "faster", "-" (none shown), "none" (the basis
 * allows no verdict), "n/a" (not compared).
 */
const char *pab_boot_row_word(const struct pab_boots *bt, const struct pab_boot_row *r);
/* "B slower by x% (95 % CI a% to b%)"-style words for a row, by basis, into buf. */
const char *pab_boot_row_text(const struct pab_boots *bt, const struct pab_boot_row *r, char *buf,
			      size_t len);

#endif /* PAB_BOOTS_H */
