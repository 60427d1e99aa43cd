/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The split race's result (pageattr-bench split-race -o: a result file with
 * one "split_race" record) as the report reads it, and the lines it adds to
 * the cpa_lock answer: callers that own their pages, splits included, on
 * the kernel measured, and without pgtable_split_lock on the control.
 */
#ifndef PAB_SPLIT_RACE_H
#define PAB_SPLIT_RACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct pab_split_record {
	char release[80];		/* machine.kernel.release */
	char bbml2[8];			/* machine.state.bbml2: on, off, n/a */
	char caller[24];
	bool expect_race;		/* the positive control (no pgtable_split_lock) */
	bool probes;			/* overlaps measured */
	uint64_t threads, rounds_done, calls, splits, split_rounds, overlap_rounds, overlaps;
	uint64_t inconsistencies, wrong_valid, wrong_pfn, wrong_perm, cont_broken;
	char verdict[1024];		/* the command's own verdict line */
};

/* Returns 0, or -1 with err naming the file and what is wrong. */
int pab_split_load(const char *path, struct pab_split_record *out, char *err, size_t errlen);
/*
 * The lines for the cpa_lock answer: the measured kernel (real, NULL: not
 * run) and the control (NULL: not run, said so, with how to run it);
 * brief: shorter, for lkml.txt's 60 lines.
 */
void pab_split_lines(FILE *f, const struct pab_split_record *real,
		     const struct pab_split_record *control, bool brief);

/* The plot's rows (kernel, splits, overlapping rounds, inconsistencies); returns how many. */
int pab_split_plot_rows(FILE *f, const struct pab_split_record *real,
			const struct pab_split_record *control);

#endif /* PAB_SPLIT_RACE_H */
