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
	size_t best, pick;
};

size_t pab_tune_groups(const struct pab_results_file *f, struct pab_tune_group *out, size_t max);
/* 'tune': the groups with their recommendation; returns how many. */
size_t pab_tune_print(FILE *out, const struct pab_results_file *f);
/*
 * Where the walker pays off: per size, apply on the all-PTE region (lazy on)
 * against each walker on each PMD share; returns the sizes printed.
 */
size_t pab_walker_threshold_print(FILE *out, const struct pab_results_file *f);

#endif /* PAB_TUNE_H */
