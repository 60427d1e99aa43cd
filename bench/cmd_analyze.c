// SPDX-License-Identifier: GPL-2.0
/*
 * Front ends of the analysis (analysis/compare.h, tune.h): pageattr-bench
 * analyze RESULT.json, compare A.json B.json | RESULT.json --methods A,B,
 * tune RESULT.json. They load the files and print what the analysis gives.
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "compare.h"
#include "results_reader.h"
#include "tune.h"
#include "vocab.h"

static int load(const char *path, struct pab_results_file *f)
{
	char err[1024];

	if (pab_results_load(path, f, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench: %s\n", err);
		return -1;
	}
	return 0;
}

int cmd_analyze(int argc, char **argv)
{
	struct pab_results_file f;

	if (argc != 2 || argv[1][0] == '-') {
		if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
			printf("usage: pageattr-bench analyze RESULT.json\n");
			return PAB_EXIT_OK;
		}
		fprintf(stderr, "usage: pageattr-bench analyze RESULT.json\n");
		return PAB_EXIT_USAGE;
	}
	if (load(argv[1], &f))
		return PAB_EXIT_USAGE;
	pab_analyze_print(stdout, argv[1], &f);
	pab_results_free(&f);
	return PAB_EXIT_OK;
}

/* Method vs method within one file. */
static int compare_methods(const char *path, const char *pair)
{
	struct pab_results_file f;
	char ma[32], mb[32];
	const char *comma = strchr(pair, ',');
	int ret;

	if (!comma || comma == pair || !comma[1] || (size_t)(comma - pair) >= sizeof(ma) ||
	    strlen(comma + 1) >= sizeof(mb)) {
		fprintf(stderr, "pageattr-bench compare: --methods takes two methods, e.g. %s\n",
			pab_method_pair(ma, sizeof(ma)));
		return PAB_EXIT_USAGE;
	}
	snprintf(ma, sizeof(ma), "%.*s", (int)(comma - pair), pair);
	snprintf(mb, sizeof(mb), "%s", comma + 1);
	if (load(path, &f))
		return PAB_EXIT_USAGE;
	printf("A: %s in %s\nB: %s in the same file (%s)\n", ma, path, mb, f.kernel_release);
	ret = pab_compare_methods_print(stdout, &f, ma, mb);
	pab_results_free(&f);
	return ret ? PAB_EXIT_FAIL : PAB_EXIT_OK;
}

int cmd_compare(int argc, char **argv)
{
	struct pab_results_file a, b;
	char err[1024];

	if (argc == 4 && !strcmp(argv[2], "--methods"))
		return compare_methods(argv[1], argv[3]);
	if (argc != 3) {
		fprintf(stderr, "usage: pageattr-bench compare BASELINE.json NEW.json | RESULT.json --methods A,B\n");
		return PAB_EXIT_USAGE;
	}
	if (pab_results_load_two(argv[1], &a, argv[2], &b, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench: %s\n", err);
		return PAB_EXIT_USAGE;
	}
	printf("A: %s (%s)\nB: %s (%s)\n", argv[1], a.kernel_release, argv[2], b.kernel_release);
	pab_compare_print(stdout, &a, &b);
	pab_results_free(&a);
	pab_results_free(&b);
	return PAB_EXIT_OK;
}

int cmd_tune(int argc, char **argv)
{
	struct pab_results_file f;
	size_t groups, thresholds;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: pageattr-bench tune RESULT.json   (a sweep with lazy = batch=N values, and/or apply vs walker on PMD shares)\n");
		return argc == 2 && !strcmp(argv[1], "--help") ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	}
	if (load(argv[1], &f))
		return PAB_EXIT_USAGE;
	thresholds = pab_walker_threshold_print(stdout, &f);
	groups = pab_tune_print(stdout, &f);
	pab_results_free(&f);
	if (!groups && !thresholds) {
		fprintf(stderr, "pageattr-bench tune: %s has no batch-size sweep (lazy = batch=N values) and no apply vs walker pairs\n",
			argv[1]);
		return PAB_EXIT_FAIL;
	}
	return PAB_EXIT_OK;
}
