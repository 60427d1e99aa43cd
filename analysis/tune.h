/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lazy MMU batch tuning from a sweep with lazy = batch=N values: per group of
 * configurations that differ only in the batch size, the medians with their
 * bootstrap CIs, the fastest, and the recommendation: the smallest batch
 * whose interval overlaps the fastest's (as fast within the evidence, and the
 * shortest time with barriers deferred). Shared by 'tune' and 'report'.
 */
#ifndef PAB_TUNE_H
#define PAB_TUNE_H

#include <stddef.h>
#include <stdio.h>
#include "results_reader.h"

#define PAB_TUNE_MAX_BATCHES 64

struct pab_tune_group {
	char key[512];		/* method/bytes/mix/layout/tlb */
	size_t n;
	unsigned long batch[PAB_TUNE_MAX_BATCHES];
	double med[PAB_TUNE_MAX_BATCHES], lo[PAB_TUNE_MAX_BATCHES], hi[PAB_TUNE_MAX_BATCHES];
	double off;		/* median with lazy off, NaN if not measured */
	size_t best, pick;	/* fastest, recommended: only where the basis allows a verdict (basis.h) */
	const struct pab_rec *rec[PAB_TUNE_MAX_BATCHES];	/* each batch's record */
	const struct pab_rec *off_rec;	/* lazy off's, NULL if not measured */
};

size_t pab_tune_groups(const struct pab_results_file *f, struct pab_tune_group *out, size_t max);
/* 'tune': the groups with their recommendation; returns how many. */
size_t pab_tune_print(FILE *out, const struct pab_results_file *f);
/*
 * Where the walker pays off: per size, apply on the all-PTE region (lazy on)
 * against each walker on each PMD share; returns the sizes printed.
 */
size_t pab_walker_threshold_print(FILE *out, const struct pab_results_file *f);

/* A walker's record (lazy on) on one PMD share, and its time (net where known). */
struct pab_walker_share {
	const struct pab_rec *walker;
	int share;		/* PMD blocks, percent */
	double t;
};
/*
 * The walkers against ap (pab_rec_is_old_path) at its size, by PMD share
 * from 0 to 100 %, into out (room for f->n); returns how many.
 */
size_t pab_walker_shares(const struct pab_results_file *f, const struct pab_rec *ap,
			 struct pab_walker_share *out);

#endif /* PAB_TUNE_H */
