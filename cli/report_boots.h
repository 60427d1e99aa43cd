/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 'report' with several results directories a side (one per boot): its
 * command line, the boots' files, and ab_boots.json (cmd_report.c's helpers).
 */
#ifndef PAB_REPORT_BOOTS_CLI_H
#define PAB_REPORT_BOOTS_CLI_H

#include "report.h"

/*
 * report B1 [B2 ...] [--compare A1 [A2 ...]]... [-o OUT]: B's directories,
 * A's (every word after a --compare up to the next option; --compare may be
 * repeated), and where the report goes (B1 without -o).
 */
struct report_args {
	const char *b[PAB_MAX_BOOTS], *a[PAB_MAX_BOOTS], *out;
	size_t nb, na;
};
/* 0, 1 for --help (usage printed), or -1 with one line printed on stderr. */
int report_parse_args(int argc, char **argv, struct report_args *ra);

/* Every boot's results.json a side; a[0] and b[0] are the report's old and f. */
struct report_boots {
	struct pab_results_file *fa, *fb;
	const struct pab_results_file *pa[PAB_MAX_BOOTS], *pb[PAB_MAX_BOOTS];
	struct pab_boots bt;
};
/*
 * Loads A's and B's boots past the first (given: old and f), checks each
 * side is of one kernel, and compares them. 0, or -1 with err.
 */
int report_boots_load(const struct report_args *ra, const struct pab_results_file *old,
		      const struct pab_results_file *f, struct report_boots *rb, char *err, size_t errlen);
void report_boots_free(struct report_boots *rb, const struct report_args *ra);
/* DIR/ab_boots.json: the A/B across boots, every per-boot median, for scripts. */
int report_boots_json(const char *dir, const struct pab_report *rp);

/*
 * One machine of 'report --machines' given as a report across boots (a
 * directory with ab_boots.json and no results.json, as the fleet's kernel
 * A/B writes it): its boots' directories read from the file, their results
 * loaded and compared again (the numbers are this build's, never the file's).
 * f gets B's first boot (the machine's own walk/apply rows), rp its old,
 * boots and dirs. Free with report_machine_boots_free.
 */
struct report_machine_boots {
	struct report_args ra;
	struct report_boots rb;
	struct pab_results_file old;
	char *dirs[2 * PAB_MAX_BOOTS];
	size_t ndirs;
};
int report_machine_boots_load(const char *dir, struct report_machine_boots *mb, struct pab_results_file *f,
			      struct pab_report *rp, char *err, size_t errlen);
void report_machine_boots_free(struct report_machine_boots *mb);

#endif /* PAB_REPORT_BOOTS_CLI_H */
