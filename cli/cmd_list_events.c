// SPDX-License-Identifier: GPL-2.0
/* pageattr-bench list-events: the PMU events libpfm4 knows on this machine. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "cores.h"
#include "pmu.h"

/* --cores: the arm64 core table (bench/cores.c), the row this machine matches marked. */
static int list_cores(void)
{
	uint64_t midr = pab_core_read_midr();
	const struct pab_core *here = midr ? pab_core_find(midr) : NULL;

	printf("%-4s %-5s %-16s %-7s %s\n", "impl", "part", "core", "libpfm4", "default events");
	for (unsigned int i = 0; i < pab_cores_nr; i++) {
		const struct pab_core *c = &pab_cores[i];

		printf("0x%02x 0x%03x %-16s %-7s %s%s\n", c->impl, c->part, c->name,
		       c->pfm_pmu ? c->pfm_pmu : "-", c->events, c == here ? "  <- this machine" : "");
	}
	printf("%-4s %-5s %-16s %-7s %s%s\n", "*", "*", pab_core_generic()->name, "-",
	       pab_core_generic()->events, here == pab_core_generic() ? "  <- this machine" : "");
	return PAB_EXIT_OK;
}

/* --check LIST: encode LIST as 'run --events' would, say what it gives or why not. */
static int check_list(const char *list)
{
	struct pab_events ev;
	char err[256];

	if (pab_pmu_encode(list, &ev, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench list-events: %s\n", err);
		return PAB_EXIT_USAGE;
	}
	printf("ok: %u events encoded:", ev.n);
	for (unsigned int i = 0; i < ev.n; i++)
		printf(" %s", ev.name[i]);
	printf("\n");
	return PAB_EXIT_OK;
}

int cmd_list_events(int argc, char **argv)
{
	int n;

	if (argc > 1) {
		if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
			printf("usage: pageattr-bench list-events [--cores | --check LIST]\n"
			       "List the PMU events libpfm4 detects here (PMU::EVENT), usable with\n"
			       "'run --events'. Also accepted there: generic perf names (cycles,\n"
			       "instructions), raw codes (r7d) and 'default' (%s).\n"
			       "--cores: the arm64 cores by MIDR_EL1 with their libpfm4 table and\n"
			       "default events; --check LIST: encode LIST (LIBPFM_FORCE_PMU=arm_n1\n"
			       "checks a table on another machine).\n",
			       pab_pmu_default_list());
			return PAB_EXIT_OK;
		}
		if (argc == 2 && !strcmp(argv[1], "--cores"))
			return list_cores();
		if (!strcmp(argv[1], "--check")) {
			if (argc != 3) {
				fprintf(stderr, "pageattr-bench list-events: --check needs one event list, e.g. cycles,r7d\n");
				return PAB_EXIT_USAGE;
			}
			return check_list(argv[2]);
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
