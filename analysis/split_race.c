// SPDX-License-Identifier: GPL-2.0
/*
 * The split race's place in the cpa_lock answer. Worded by what was
 * measured: the command's own verdict for each kernel, and where the control
 * was not run, that the split lock itself was not tested.
 */
#include "split_race.h"
#include "vocab.h"

void pab_split_lines(FILE *f, const struct pab_split_record *real,
		     const struct pab_split_record *control, bool brief)
{
	if (real) {
		int c = pab_vocab_parse(&pab_split_callers, real->caller);
		const struct pab_word *w = c < 0 ? NULL : pab_vocab_word(&pab_split_callers, c);

		if (brief)
			fprintf(f, "\nSplit race (owners of alternate pages of fresh blocks, %s, at once): %s.\n",
				real->caller, real->verdict);
		else
			fprintf(f, "\nSplit race, the case a cpa_lock exists for (threads own alternate pages "
				   "of fresh blocks and change them at once: %s): %s.\n",
				w ? w->what : real->caller, real->verdict);
	}
	if (control)
		fprintf(f, brief ? "- Control: %.0s%s.\n"
				 : "- The positive control, the same without pgtable_split_lock (%s): %s.\n",
			control->release, control->verdict);
	else if (real && real->splits)
		fprintf(f, "- pgtable_split_lock itself was not tested in this run: no control kernel "
			   "(./run_all.sh --split-control runs the split race on one without it).\n");
}

/*
 * The split race's plot (plots/split_race.gp): a group of bars per kernel
 * measured, the real one and the control without pgtable_split_lock: the
 * leaves split, the rounds where a split overlapped another thread's walk,
 * and the inconsistencies found. Rows: 0 without a split race.
 */
int pab_split_plot_rows(FILE *f, const struct pab_split_record *real,
			const struct pab_split_record *control)
{
	const struct pab_split_record *k[2] = { real, control };
	int rows = 0;

	fprintf(f, "kernel\tsplits\toverlapping rounds\tinconsistencies\n");
	for (int i = 0; i < 2; i++) {
		if (!k[i])
			continue;
		fprintf(f, "\"%s%s\"\t%llu\t%llu\t%llu\n", k[i]->release,
			k[i]->expect_race ? " (no split lock)" : "",
			(unsigned long long)k[i]->splits, (unsigned long long)k[i]->overlap_rounds,
			(unsigned long long)k[i]->inconsistencies);
		rows++;
	}
	return rows;
}
