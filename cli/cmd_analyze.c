// SPDX-License-Identifier: GPL-2.0
/*
 * Front ends of the analysis (analysis/compare.h, tune.h): pageattr-bench
 * analyze RESULT.json, compare A.json B.json | RESULT.json --methods A,B,
 * tune RESULT.json. They load the files and print what the analysis gives,
 * as text or, with --json / --export-json FILE (hyperfine's spelling), as
 * the verdicts schema (verdicts_json.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "basis.h"
#include "commands.h"
#include "compare.h"
#include "results_reader.h"
#include "tune.h"
#include "verdicts_json.h"
#include "vocab.h"

#define USAGE_ANALYZE	"usage: pageattr-bench analyze RESULT.json [--json] [--export-json FILE]"
#define USAGE_COMPARE	"usage: pageattr-bench compare BASELINE.json NEW.json | RESULT.json --methods A,B [--json] [--export-json FILE]"
#define USAGE_TUNE	"usage: pageattr-bench tune RESULT.json [--json] [--export-json FILE]   (a sweep with lazy = batch=N values, and/or apply vs walker on PMD shares)"

/* What every command's help says about the clock and the JSON. */
#define HELP_BASIS								\
	"What a file's times allow follows its clock (machine.clock; 'info' shows it):\n" \
	"  host      a real CPU: intervals, p-values and verdicts\n"		\
	"  icount    QEMU TCG under -icount shift=0: a time is an instruction count\n" \
	"            (1 ns = 1 instruction, deterministic): differences, no p, no verdict\n" \
	"  emulated  QEMU TCG without -icount: the emulator's times, never a verdict\n" \
	"Files from before the clock was written: emulated if machine.cpu.emulated, else\n" \
	"host. Where no verdict is allowed, one 'note:' line on top says why; comparing\n" \
	"two files, the weaker of the two clocks decides.\n"
#define HELP_OUTPUT								\
	"  --json              the verdicts as JSON on standard output, no text\n" \
	"  --export-json FILE  the same JSON into FILE; the text as usual\n"	\
	"JSON: {\"schema\": \"" PAB_VERDICTS_SCHEMA "\", \"version\": 1, \"command\", \"files\",\n" \
	"\"basis\" (host-times | exact-counts | emulated-times), \"verdicts\" (bool), \"why\",\n" \
	"\"rows\": [{\"key\", \"estimate\", \"estimate_ns\", \"interval_ns\", \"per_entry_ns\", \"p\",\n" \
	"\"verdict\", \"basis\", ...}]}; p and verdict are null where the basis allows none.\n" \
	"See README, \"Verdicts as JSON\".\n"

static const char help_analyze[] =
	USAGE_ANALYZE "\n"
	"Per configuration: samples, median and its 95% interval (order statistics), the\n"
	"median net of the null window and its interval, mean, stddev, percentiles, MAD,\n"
	"outliers and ns per entry; warnings for outliers and drift. One file compares\n"
	"nothing: its rows' p and verdict are null.\n"
	HELP_OUTPUT HELP_BASIS;
static const char help_compare[] =
	USAGE_COMPARE "\n"
	"Configurations matched by name (--methods A,B: the two methods' configurations\n"
	"within one file): both (net) medians, B/A with its 95% interval, Mann-Whitney p,\n"
	"and the verdict: host times, \"B faster/slower by x% +- y%\" only where the interval\n"
	"excludes 1, else \"no difference proven\"; exact counts, B - A in ns (=\n"
	"instructions) and per entry; emulated times, \"no verdict (emulator times)\".\n"
	"JSON rows add \"a\", \"b\", \"ratio\", \"ratio_interval\", \"difference_ns\",\n"
	"\"difference_per_entry_ns\", \"verdict_text\"; verdict: b-faster | b-slower |\n"
	"no-difference-proven | null.\n"
	HELP_OUTPUT HELP_BASIS;
static const char help_tune[] =
	USAGE_TUNE "\n"
	"Per group of configurations differing only in the lazy MMU batch size: each\n"
	"batch's net median and 95% interval, the fastest and the recommendation (the\n"
	"smallest batch whose interval overlaps the fastest's); per size, the walker\n"
	"against apply on each PMD share. Exact counts: each batch's difference from lazy\n"
	"off instead; emulated times: the numbers and no verdict. JSON rows: kind\n"
	"lazy-batch (verdict fastest | as-fast-as-fastest | slower-than-fastest | null,\n"
	"recommended) or walker-share; \"groups\" holds each group's conclusion.\n"
	HELP_OUTPUT HELP_BASIS;

struct front_opts {
	bool json;			/* --json: JSON on stdout, no text */
	const char *export_json;	/* --export-json FILE */
	const char *methods;		/* compare --methods A,B */
	const char *files[2];
	int nfiles;
};

/*
 * The command line: options anywhere, up to two files. Returns 0, 1 for
 * --help (printed), -1 after one line on stderr.
 */
static int parse(const char *cmd, const char *usage, const char *help, bool methods_ok, int argc,
		 char **argv, struct front_opts *o)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "export-json", required_argument, NULL, 'E' },
		{ "methods", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = true; break;
		case 'E': o->export_json = optarg; break;
		case 'M':
			if (!methods_ok) {
				fprintf(stderr, "pageattr-bench %s: unknown option '--methods' (%s)\n", cmd, usage);
				return -1;
			}
			o->methods = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return 1;
		case ':':
			fprintf(stderr, "pageattr-bench %s: %s needs a value (%s)\n", cmd, argv[optind - 1], usage);
			return -1;
		default:
			fprintf(stderr, "pageattr-bench %s: unknown option '%s' (%s)\n", cmd, argv[optind - 1], usage);
			return -1;
		}
	}
	for (; optind < argc; optind++) {
		if (o->nfiles == 2) {
			fprintf(stderr, "pageattr-bench %s: unexpected argument '%s' (%s)\n", cmd, argv[optind], usage);
			return -1;
		}
		o->files[o->nfiles++] = argv[optind];
	}
	return 0;
}

static int load(const char *path, struct pab_results_file *f)
{
	char err[1024];

	if (pab_results_load(path, f, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench: %s\n", err);
		return -1;
	}
	return 0;
}

/* --export-json FILE, opened before anything is printed; NULL without it (or on error: *bad). */
static FILE *open_export(const char *cmd, const struct front_opts *o, bool *bad)
{
	FILE *f;

	*bad = false;
	if (!o->export_json)
		return NULL;
	f = fopen(o->export_json, "w");
	if (!f) {
		fprintf(stderr, "pageattr-bench %s: cannot write %s: %s\n", cmd, o->export_json, strerror(errno));
		*bad = true;
	}
	return f;
}

static int close_export(const char *cmd, const struct front_opts *o, FILE *f)
{
	if (!f)
		return PAB_EXIT_OK;
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "pageattr-bench %s: writing %s failed\n", cmd, o->export_json);
		return PAB_EXIT_FAIL;
	}
	return PAB_EXIT_OK;
}

int cmd_analyze(int argc, char **argv)
{
	struct pab_results_file f;
	struct front_opts o;
	FILE *ex;
	bool bad;
	int ret = parse("analyze", USAGE_ANALYZE, help_analyze, false, argc, argv, &o);

	if (ret)
		return ret > 0 ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	if (o.nfiles != 1) {
		fprintf(stderr, "%s\n", USAGE_ANALYZE);
		return PAB_EXIT_USAGE;
	}
	if (load(o.files[0], &f))
		return PAB_EXIT_USAGE;
	ex = open_export("analyze", &o, &bad);
	if (bad) {
		pab_results_free(&f);
		return PAB_EXIT_USAGE;
	}
	if (o.json)
		pab_analyze_json(stdout, o.files[0], &f);
	else
		pab_analyze_print(stdout, o.files[0], &f);
	if (ex)
		pab_analyze_json(ex, o.files[0], &f);
	pab_results_free(&f);
	return close_export("analyze", &o, ex);
}

/* Method vs method within one file. */
static int compare_methods(const struct front_opts *o)
{
	const char *path = o->files[0], *pair = o->methods, *comma = strchr(pair, ',');
	struct pab_results_file f, a, b;
	char ma[32], mb[32];
	FILE *ex;
	bool bad;
	int ret = PAB_EXIT_OK;

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
	ex = open_export("compare", o, &bad);
	if (bad) {
		pab_results_free(&f);
		return PAB_EXIT_USAGE;
	}
	if (pab_methods_split(&f, ma, mb, &a, &b)) {
		fprintf(stderr, "pageattr-bench compare: out of memory\n");
		ret = PAB_EXIT_FAIL;
	} else {
		if (o->json) {
			pab_compare_json(stdout, path, &a, NULL, &b, pair);
		} else {
			printf("A: %s in %s\nB: %s in the same file (%s)\n", ma, path, mb, f.kernel_release);
			pab_compare_print(stdout, &a, &b);
		}
		if (ex)
			pab_compare_json(ex, path, &a, NULL, &b, pair);
		pab_methods_split_free(&a, &b);
	}
	pab_results_free(&f);
	bad = close_export("compare", o, ex) != PAB_EXIT_OK;
	return ret ? ret : bad ? PAB_EXIT_FAIL : PAB_EXIT_OK;
}

int cmd_compare(int argc, char **argv)
{
	struct pab_results_file a, b;
	struct front_opts o;
	char err[1024];
	FILE *ex;
	bool bad;
	int ret = parse("compare", USAGE_COMPARE, help_compare, true, argc, argv, &o);

	if (ret)
		return ret > 0 ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	if (o.methods && o.nfiles == 1)
		return compare_methods(&o);
	if (o.methods || o.nfiles != 2) {
		fprintf(stderr, "%s\n", USAGE_COMPARE);
		return PAB_EXIT_USAGE;
	}
	if (pab_results_load_two(o.files[0], &a, o.files[1], &b, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench: %s\n", err);
		return PAB_EXIT_USAGE;
	}
	ex = open_export("compare", &o, &bad);
	if (!bad) {
		if (o.json) {
			pab_compare_json(stdout, o.files[0], &a, o.files[1], &b, NULL);
		} else {
			printf("A: %s (%s)\nB: %s (%s)\n", o.files[0], a.kernel_release, o.files[1],
			       b.kernel_release);
			pab_compare_print(stdout, &a, &b);
		}
		if (ex)
			pab_compare_json(ex, o.files[0], &a, o.files[1], &b, NULL);
	}
	pab_results_free(&a);
	pab_results_free(&b);
	return bad ? PAB_EXIT_USAGE : close_export("compare", &o, ex);
}

/* Whether tune has anything to say: a batch group, or apply on the all-PTE region. */
static bool tunable(const struct pab_results_file *f)
{
	static struct pab_tune_group g[64];
	struct pab_summary s;

	if (pab_tune_groups(f, g, 64))
		return true;
	for (size_t i = 0; i < f->n; i++)
		if (pab_rec_is_old_path(&f->recs[i]) && !pab_rec_summary(&f->recs[i], &s))
			return true;
	return false;
}

int cmd_tune(int argc, char **argv)
{
	struct pab_results_file f;
	struct front_opts o;
	char note[512];
	FILE *ex;
	bool bad;
	int ret = parse("tune", USAGE_TUNE, help_tune, false, argc, argv, &o);

	if (ret)
		return ret > 0 ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	if (o.nfiles != 1) {
		fprintf(stderr, "%s\n", USAGE_TUNE);
		return PAB_EXIT_USAGE;
	}
	if (load(o.files[0], &f))
		return PAB_EXIT_USAGE;
	if (!tunable(&f)) {
		fprintf(stderr, "pageattr-bench tune: %s has no batch-size sweep (lazy = batch=N values) and no apply vs walker pairs\n",
			o.files[0]);
		pab_results_free(&f);
		return PAB_EXIT_FAIL;
	}
	ex = open_export("tune", &o, &bad);
	if (bad) {
		pab_results_free(&f);
		return PAB_EXIT_USAGE;
	}
	if (o.json) {
		pab_tune_json(stdout, o.files[0], &f);
	} else {
		/* Times that allow no verdict: why, once, on top (basis.h). */
		if (pab_basis_why_text(&f, NULL, NULL, NULL, note, sizeof(note)))
			printf("note: %s\n", note);
		pab_walker_threshold_print(stdout, &f);
		pab_tune_print(stdout, &f);
	}
	if (ex)
		pab_tune_json(ex, o.files[0], &f);
	pab_results_free(&f);
	return close_export("tune", &o, ex);
}
