// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench series report DIR | series value --metric M DIR: the
 * reading side of a patch series (vm/series.sh, ./run_all.sh --series and
 * --bisect). report writes DIR's table (series.md, and on stdout),
 * lkml.txt, series.json and series.png; value prints one prefix's metric,
 * which the bisection's search compares with the threshold.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "series.h"

#ifndef PAB_PLOTS_DIR
#define PAB_PLOTS_DIR "plots"
#endif

static const char usage_text[] =
	"usage: pageattr-bench series report DIR\n"
	"       pageattr-bench series value --metric 'FIELD METHOD SIZE [WORD]' PREFIX_DIR\n"
	"  report  DIR as vm/series.sh left it (series.tsv, a directory per prefix): writes\n"
	"          series.md, lkml.txt, series.json and series.png there, the table on stdout\n"
	"  value   one prefix's metric: FIELD insns, dsb, dsb_ishst, dsb_ish, dmb, isb or tlbi\n"
	"          per call (FIELD/entry: per leaf entry), METHOD and SIZE of a configuration\n"
	"          the spec ran, WORD a word of its name when several match;\n"
	"          e.g. --metric 'dsb_ishst set-memory-nx 16M'\n"
	"  --plots DIR  the gnuplot scripts (default: the source tree's plots/)\n";

static int report(const char *dir, const char *plots)
{
	struct pab_series s;
	char err[1024];
	int rc;

	if (pab_series_load(dir, &s, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench series: %s\n", err);
		return PAB_EXIT_USAGE;
	}
	rc = pab_series_report(&s, dir, plots, stdout, err, sizeof(err));
	if (rc)
		fprintf(stderr, "pageattr-bench series: %s\n", err);
	pab_series_free(&s);
	return rc ? PAB_EXIT_FAIL : PAB_EXIT_OK;
}

/*
 * A prefix's directory alone (results.json and barriers.json): the value
 * on stdout, then the configuration and its PTE tables, tab-separated.
 */
static int value(const char *dir, const char *metric)
{
	struct pab_series_step st;
	const struct pab_series_cfg *c;
	struct pab_metric m;
	char err[1024];
	double v;
	int rc = PAB_EXIT_USAGE;

	if (pab_metric_parse(metric, &m, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench series: %s\n", err);
		return PAB_EXIT_USAGE;
	}
	/* The same loader as report's, on one prefix. */
	if (pab_series_load_step(dir, &st, err, sizeof(err)) ||
	    pab_metric_value(&st, &m, &v, &c, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench series: %s\n", err);
		goto out;
	}
	printf("%.10g\t%s\t%llu\n", v, c->name, (unsigned long long)c->pte_tables);
	rc = PAB_EXIT_OK;
out:
	pab_series_free_step(&st);
	return rc;
}

int cmd_series(int argc, char **argv)
{
	static const struct option opts[] = { { "metric", required_argument, NULL, 'm' },
					      { "plots", required_argument, NULL, 'p' },
					      { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	const char *metric = NULL, *plots = PAB_PLOTS_DIR, *mode;
	int ch;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_text, stdout);
		return PAB_EXIT_OK;
	}
	if (argc < 2 || (strcmp(argv[1], "report") && strcmp(argv[1], "value"))) {
		fprintf(stderr, "pageattr-bench series: %s (report or value)\n",
			argc < 2 ? "no mode given" : "unknown mode");
		return PAB_EXIT_USAGE;
	}
	mode = argv[1];
	optind = 2;
	while ((ch = getopt_long(argc, argv, "m:p:h", opts, NULL)) != -1) {
		if (ch == 'h') {
			fputs(usage_text, stdout);
			return PAB_EXIT_OK;
		}
		if (ch == 'm')
			metric = optarg;
		else if (ch == 'p')
			plots = optarg;
		else
			return PAB_EXIT_USAGE;
	}
	if (argc - optind != 1) {
		fprintf(stderr, "pageattr-bench series %s: %s\n", mode,
			optind >= argc ? "no directory given" : "more than one directory given");
		return PAB_EXIT_USAGE;
	}
	if (!strcmp(mode, "report"))
		return metric ? (fprintf(stderr, "pageattr-bench series report: --metric goes with 'series value'\n"),
				 PAB_EXIT_USAGE)
			      : report(argv[optind], plots);
	if (!metric) {
		fprintf(stderr, "pageattr-bench series value: no --metric given (e.g. 'dsb_ishst set-memory-nx 16M')\n");
		return PAB_EXIT_USAGE;
	}
	return value(argv[optind], metric);
}
