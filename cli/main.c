// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench: time and verify the kernel's page-permission update paths.
 * Command dispatch in the style of perf: pageattr-bench COMMAND [OPTIONS].
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "pageattr_bench_uapi.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "info", cmd_info, "Show kernel, page-table geometry, module, methods and PMUs" },
	{ "run", cmd_run, "Time one update path on one region (in kernel, verified)" },
	{ "sweep", cmd_sweep, "Run the cross product of a spec; JSON, CSV, resume" },
	{ "concurrent", cmd_concurrent, "K kernel threads at once: scaling, lock cost, corruption" },
	{ "split-race", cmd_split_race, "Owners of one block's pages change them at once: splits vs walks" },
	{ "cross-check", cmd_cross_check, "Time whole runs of the compared methods with hyperfine" },
	{ "stat", cmd_stat, "Run one configuration under perf stat" },
	{ "record", cmd_record, "Run one configuration under perf record -g" },
#ifdef PAB_HAVE_READER
	{ "analyze", cmd_analyze, "Robust statistics of a result file, with warnings" },
	{ "compare", cmd_compare, "A/B: ratio of medians with CI, Mann-Whitney U, verdict" },
	{ "tune", cmd_tune, "Recommend a lazy MMU batch size from a batch sweep" },
	{ "report", cmd_report, "Plots, report.md/html and lkml.txt from a results dir" },
	{ "barriers", cmd_barriers, "Exact instruction, DSB, ISB, TLBI counts per call (QEMU plugin)" },
	{ "series", cmd_series, "A patch series' cost after each patch (vm/series.sh's directory)" },
#endif
	{ "list-events", cmd_list_events, "List the PMU events libpfm4 knows here" },
	{ "selftest", cmd_selftest, "Check the module and every update path (TAP)" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: pageattr-bench [--version] [--help] COMMAND [ARGS]\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nSee 'pageattr-bench help COMMAND' (or 'COMMAND --help') for one command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "pageattr-bench: error: no command given; see 'pageattr-bench --help' for the commands\n");
		return PAB_EXIT_USAGE;
	}
	/* perf's 'help COMMAND': the command's own --help. */
	if (!strcmp(argv[1], "help") && argc > 2) {
		char help[] = "--help";

		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (!strcmp(argv[2], commands[i].name)) {
				char *hargv[] = { argv[2], help, NULL };

				return commands[i].fn(2, hargv);
			}
		fprintf(stderr, "pageattr-bench help: '%s' is not a command; see 'pageattr-bench --help'\n",
			argv[2]);
		return PAB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return PAB_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("pageattr-bench %s (uapi %d)\n", PAB_VERSION, PAB_UAPI_VERSION);
		return PAB_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "pageattr-bench: '%s' is not a command; see 'pageattr-bench --help'\n",
		argv[1]);
	return PAB_EXIT_USAGE;
}
