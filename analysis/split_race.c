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
