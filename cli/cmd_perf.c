// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench stat|record [PERF-OPTIONS] -- [RUN-OPTIONS]: run one
 * configuration under 'perf stat' or 'perf record -g', so users get perf's
 * own output and a perf.data to browse with perf report.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "subprocess.h"

static int perf_wrap(const char *what, int argc, char **argv)
{
	char self[4096], who[64], *pargv[512];
	int pargc = 0, i, dashes = -1;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			dashes = i;
			break;
		}
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: pageattr-bench %s [PERF-%s-OPTIONS] -- [RUN-OPTIONS]\n"
		       "Run 'pageattr-bench run RUN-OPTIONS' under 'perf %s%s'.\n", what, what,
		       what, strcmp(what, "record") ? "" : " -g");
		return PAB_EXIT_OK;
	}
	if (pab_self_path(self, sizeof(self))) {
		fprintf(stderr, "pageattr-bench %s: cannot find my own path: %s\n", what, strerror(errno));
		return PAB_EXIT_ENV;
	}
	pargv[pargc++] = "perf";
	pargv[pargc++] = (char *)what;
	if (!strcmp(what, "record"))
		pargv[pargc++] = "-g";
	for (i = 1; i < (dashes < 0 ? argc : dashes) && pargc < 500; i++)
		pargv[pargc++] = argv[i];
	pargv[pargc++] = "--";
	pargv[pargc++] = self;
	pargv[pargc++] = "run";
	for (i = dashes < 0 ? argc : dashes + 1; i < argc && pargc < 510; i++)
		pargv[pargc++] = argv[i];
	pargv[pargc] = NULL;
	snprintf(who, sizeof(who), "pageattr-bench %s", what);
	return pab_spawn_wait(pargv, who, "linux-perf");
}

int cmd_stat(int argc, char **argv)
{
	return perf_wrap("stat", argc, argv);
}

int cmd_record(int argc, char **argv)
{
	return perf_wrap("record", argc, argv);
}
