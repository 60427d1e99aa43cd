// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench report DIR [--compare OLD_DIR]: loads DIR/results.json (and
 * OLD_DIR/results.json, DIR/concurrency.json and DIR/barriers.json when there
 * are) and hands
 * them to the report writers (analysis/report.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "report.h"
#include "insn_counts.h"
#include "results_reader.h"
#include "subprocess.h"

/* Without gnuplot, one line saying so, not one per plot. */
static int run_gnuplot(char *const argv[])
{
	static int missing;
	int status;

	if (missing)
		return missing;
	status = pab_spawn_wait(argv, "pageattr-bench report", "gnuplot-nox");
	if (status == PAB_EXIT_ENV)
		missing = status;
	return status;
}

int cmd_report(int argc, char **argv)
{
	static struct pab_results_file f, old, conc;
	struct pab_report rp = { 0 };
	struct pab_barrier_row *barriers = NULL;
	char path[4096], err[1024];
	const char *olddir = NULL, *env = getenv("PAB_PLOTS_DIR");
	int status = PAB_EXIT_USAGE;

	if (argc == 4 && !strcmp(argv[2], "--compare"))
		olddir = argv[3];
	else if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: pageattr-bench report DIR [--compare OLD_DIR]\n");
		return argc == 2 && !strcmp(argv[1], "--help") ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	}
	rp.dir = argv[1];
	rp.plots = env && *env ? env : PAB_PLOTS_DIR;
	rp.run = run_gnuplot;
	snprintf(path, sizeof(path), "%s/results.json", rp.dir);
	if (olddir) {
		char oldpath[4200];

		snprintf(oldpath, sizeof(oldpath), "%s/results.json", olddir);
		if (pab_results_load_two(path, &f, oldpath, &old, err, sizeof(err)))
			goto bad;
		rp.old = &old;
	} else if (pab_results_load(path, &f, err, sizeof(err))) {
		goto bad;
	}
	rp.f = &f;
	snprintf(path, sizeof(path), "%s/barriers.json", rp.dir);
	if (access(path, F_OK) == 0) {
		if (pab_barriers_load(path, &barriers, &rp.nbarriers, err, sizeof(err)))
			goto bad;
		rp.barriers = barriers;
	}
	snprintf(path, sizeof(path), "%s/concurrency.json", rp.dir);
	if (access(path, F_OK) == 0) {
		if (pab_results_load_conc(path, &conc, err, sizeof(err)))
			goto bad;
		rp.conc = conc.conc;
		rp.nconc = conc.nconc;
	}
	if (pab_report_write(&rp, err, sizeof(err))) {
		status = PAB_EXIT_FAIL;
		goto bad;
	}
	printf("report: %s/report.md, %s/report.html, %s/lkml.txt (%zu plots in %s)\n", rp.dir,
	       rp.dir, rp.dir, rp.ndone, rp.plotdir);
	status = PAB_EXIT_OK;
	goto out;
bad:
	fprintf(stderr, "pageattr-bench report: %s\n", err);
out:
	pab_report_free(&rp);
	pab_results_free(&f);
	pab_results_free(&old);
	pab_results_free(&conc);
	free(barriers);
	return status;
}
