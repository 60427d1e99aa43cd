// SPDX-License-Identifier: GPL-2.0
/* pageattr-bench list-events: the PMU events libpfm4 knows on this machine. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "pmu.h"

int cmd_list_events(int argc, char **argv)
{
	int n;

	if (argc > 1) {
		if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
			printf("usage: pageattr-bench list-events\n"
			       "List the PMU events libpfm4 detects here (PMU::EVENT), usable with\n"
			       "'run --events'. Also accepted there: generic perf names (cycles,\n"
			       "instructions), raw codes (r7d) and 'default' (%s).\n",
			       pab_pmu_default_list());
			return PAB_EXIT_OK;
		}
		fprintf(stderr, "pageattr-bench list-events: unexpected argument '%s'\n", argv[1]);
		return PAB_EXIT_USAGE;
	}
	n = pab_pmu_list(stdout);
	if (n < 0)
		return PAB_EXIT_ENV;
	if (!n)
		printf("no PMU events detected here (no hardware PMU, or one libpfm4 does not know)\n");
	return PAB_EXIT_OK;
}
