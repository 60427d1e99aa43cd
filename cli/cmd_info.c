// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench info [--json]: what the kernel and module offer here.
 * Kernel facts come from the module (it sees the real page-table geometry);
 * PMU devices from sysfs, as perf finds them.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include "commands.h"
#include "info.h"

int cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct pab_info_all all = { 0 };
	struct pab_dev dev;
	bool json = false;
	int c, ret;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'h':
			printf("usage: pageattr-bench info [--json]\n"
			       "Show the kernel, page-table geometry, CPU, module, walker, lazy MMU\n"
			       "API, available methods and PMUs.\n");
			return PAB_EXIT_OK;
		default:
			return PAB_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pageattr-bench info: unexpected argument '%s'\n", argv[optind]);
		return PAB_EXIT_USAGE;
	}
	if (pab_dev_open(&dev)) {
		fprintf(stderr, "pageattr-bench: %s\n", dev.err);
		return PAB_EXIT_ENV;
	}
	ret = pab_info_gather(&dev, &all);
	if (!ret)
		pab_info_gather_linear_map(&dev, &all);
	pab_dev_close(&dev);
	if (ret) {
		fprintf(stderr, "pageattr-bench: %s\n", dev.err);
		pab_info_free(&all);
		return PAB_EXIT_FAIL;
	}
	if (json) {
		struct jw w;

		jw_init(&w, stdout);
		pab_info_write_json(&w, NULL, &all);
		jw_finish(&w);
	} else {
		pab_info_print(stdout, &all);
	}
	pab_info_free(&all);
	return PAB_EXIT_OK;
}
