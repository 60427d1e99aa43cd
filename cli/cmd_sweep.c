// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench sweep: the cross product of a spec, one configuration after
 * another, with progress (a bar with ETA on a terminal, plain lines
 * otherwise). Every finished configuration gets its row in the table
 * (OUT.csv), then its line in the journal (OUT.json.jsonl, flushed and
 * fsync'ed: what --resume trusts), then the result file (OUT.json) is
 * rewritten with "complete": false; once every configuration has its record
 * it is written with "complete": true (./run_all.sh --resume goes on with a
 * sweep whose file does not say so). An interrupted sweep keeps what
 * finished and --resume skips it: a journal line cut off by a kill is
 * dropped (that configuration runs again) and the table is cut back to the
 * journal's configurations, so each is there once. Any write that fails
 * stops the sweep with one line and exit 1. Ctrl-C stops after the current
 * configuration; a second Ctrl-C aborts it (the module restores the region
 * either way).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "parse.h"
#include "canon.h"
#include "commands.h"
#include "compare.h"
#include "config_possible.h"
#include "results.h"
#include "run_exec.h"
#include "sweep_journal.h"
#include "sweep_spec.h"

static volatile sig_atomic_t stop_requested;

static void on_sigint(int sig)
{
	(void)sig;
	if (stop_requested) {
		signal(SIGINT, SIG_DFL);
		raise(SIGINT);
	}
	stop_requested = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pageattr-bench sweep [SPEC] [-D KEY=VALUES]... -o OUT.json [options]\n"
		"Run the cross product of a spec (see README, 'Sweeps').\n\n"
		"  -D KEY=VALUES          add or override a spec line, e.g. -D sizes=4K..1G*4\n"
		"  -o, --output FILE      result file; FILE.jsonl (journal) and FILE.csv beside it\n"
		"      --resume           keep the journal's finished configurations, run the rest\n"
		"      --keep-irq-samples keep the calls an interrupt hit in the statistics [excluded]\n"
		"      --progress MODE    auto | bar | plain | none                    [auto]\n"
		"  -n, --dry-run          list the configurations and stop\n");
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fmt_dur(double s, char *buf, size_t len)
{
	if (s >= 3600)
		snprintf(buf, len, "%dh%02dm", (int)(s / 3600), (int)(s / 60) % 60);
	else if (s >= 60)
		snprintf(buf, len, "%dm%02ds", (int)(s / 60), (int)s % 60);
	else
		snprintf(buf, len, "%.0fs", s);
}

/* A refusal means the configuration cannot exist here; anything else is a failure. */
static const char *status_of(const struct pab_result *res)
{
	if (!res->err)
		return "ok";
	if (!res->run.completed && (res->err == -EINVAL || res->err == -EOPNOTSUPP ||
				    res->err == -E2BIG || res->err == -ENOMEM))
		return "refused";
	return "failed";
}

/*
 * Elapsed time and ETA by the machine's clock; none under icount, whose
 * clock advances with the guest's instructions only (a sweep of minutes
 * reads as seconds there), so no wall-clock estimate can be made inside.
 */
static bool timed_progress = true;

static void progress(bool bar, size_t i, size_t total, double t0, size_t done_here,
		     const char *name, const char *what)
{
	char eta[32] = "?", el[32];
	double elapsed = now_s() - t0;

	if (!timed_progress) {
		if (bar)
			fprintf(stderr, "\r\033[K%zu/%zu  %.60s", i, total, name);
		else
			printf("[%zu/%zu] %s: %s\n", i, total, name, what);
		fflush(stdout);
		return;
	}

	if (done_here)
		fmt_dur(elapsed / (double)done_here * (double)(total - i), eta, sizeof(eta));
	fmt_dur(elapsed, el, sizeof(el));
	if (bar) {
		int width = 24, fill = total ? (int)(width * i / total) : width;

		fprintf(stderr, "\r\033[K[%.*s%*s] %zu/%zu %s elapsed, ETA %s  %.60s", fill,
			"########################", width - fill, "", i, total, el, eta, name);
	} else {
		printf("[%zu/%zu] %s: %s (elapsed %s, ETA %s)\n", i, total, name, what, el, eta);
		fflush(stdout);
	}
}

/*
 * The cross product less what cannot exist on this kernel (config_possible.h),
 * kept in order; one line per reason says what was left out and how much.
 * Returns the count kept.
 */
static size_t keep_possible(struct pab_config *cfgs, size_t n, const struct pab_info *info, FILE *f)
{
	size_t kept = 0, count[PAB_IMPOSSIBLE_NR] = { 0 };
	char first[PAB_IMPOSSIBLE_NR][256];

	for (size_t i = 0; i < n; i++) {
		enum pab_impossible why = pab_config_impossible(&cfgs[i], info);

		if (why == PAB_POSSIBLE) {
			cfgs[kept++] = cfgs[i];
			continue;
		}
		if (!count[why]++)
			pab_config_name(&cfgs[i], first[why], sizeof(first[why]));
	}
	for (int w = 0; w < PAB_IMPOSSIBLE_NR; w++)
		if (count[w])
			fprintf(f, "not run: %zu combination%s that cannot exist here: %s (first: %s)\n",
				count[w], count[w] == 1 ? "" : "s", pab_impossible_text(w), first[w]);
	return kept;
}

/* One sweep: its options, what it runs, its files and its counts. */
struct sweep_job {
	const char *out, *mode;
	bool resume, dry, keep_irq, bar;
	const char *defs[64];
	size_t ndefs;
	char err[9000], jpath[4096], cpath[4096], *cmd;
	struct pab_spec spec;
	struct pab_config *cfgs;
	size_t ncfg, ok, refused, failed, skipped, ran;
	struct pab_info_all info;
	struct pab_dev dev;
	struct sweep sw;
	FILE *journal, *csv;
};

/* How a step ended: go on, or the exit status and whether err says why. */
enum { SW_GO_ON = -1 };

/* The options and the spec (file, then -D lines). */
static int sweep_args(struct sweep_job *j, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' }, { "resume", no_argument, NULL, 'r' },
		{ "progress", required_argument, NULL, 'p' }, { "dry-run", no_argument, NULL, 'n' },
		{ "keep-irq-samples", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "D:o:nh", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			/* Applied after the spec file, so they override it. */
			if (j->ndefs == sizeof(j->defs) / sizeof(j->defs[0])) {
				snprintf(j->err, sizeof(j->err), "more than %zu -D options: put them in a spec file",
					 sizeof(j->defs) / sizeof(j->defs[0]));
				return PAB_EXIT_USAGE;
			}
			j->defs[j->ndefs++] = optarg;
			break;
		case 'o': j->out = optarg; break;
		case 'r': j->resume = true; break;
		case 'n': j->dry = true; break;
		case 'K': j->keep_irq = true; break;
		case 'p':
			j->mode = optarg;
			if (strcmp(j->mode, "auto") && strcmp(j->mode, "bar") && strcmp(j->mode, "plain") &&
			    strcmp(j->mode, "none")) {
				snprintf(j->err, sizeof(j->err), "progress '%s': use auto, bar, plain or none", j->mode);
				return PAB_EXIT_USAGE;
			}
			break;
		case 'h': usage(stdout); return PAB_EXIT_OK;
		default: j->err[0] = '\0'; return PAB_EXIT_USAGE;	/* getopt said why */
		}
	}
	if (optind < argc && pab_spec_file(&j->spec, argv[optind++], j->err, sizeof(j->err)))
		return PAB_EXIT_USAGE;
	for (size_t i = 0; i < j->ndefs; i++)
		if (pab_spec_line(&j->spec, j->defs[i], "-D", j->err, sizeof(j->err)))
			return PAB_EXIT_USAGE;
	if (pab_parse_no_operands(argc, argv, optind, j->err) ||
	    pab_spec_expand(&j->spec, &j->cfgs, &j->ncfg, j->err, sizeof(j->err)))
		return PAB_EXIT_USAGE;
	/* Not part of a configuration's name: the same calls, another choice of which count. */
	for (size_t i = 0; i < j->ncfg; i++)
		j->cfgs[i].keep_irq = j->keep_irq;
	return SW_GO_ON;
}

/* --dry-run: the names (with the module loaded, the list this kernel would run). */
static int sweep_dry(struct sweep_job *j)
{
	char name[256];

	if (!pab_dev_open(&j->dev) && !pab_info_gather(&j->dev, &j->info))
		j->ncfg = keep_possible(j->cfgs, j->ncfg, &j->info.info, stdout);
	for (size_t i = 0; i < j->ncfg; i++) {
		pab_config_name(&j->cfgs[i], name, sizeof(name));
		printf("%s\n", name);
	}
	printf("%zu configurations\n", j->ncfg);
	return PAB_EXIT_OK;
}

/* The module, the kernel's facts, what can run here, the journal (--resume). */
static int sweep_prepare(struct sweep_job *j)
{
	const char *out = j->out;

	if (!out) {
		snprintf(j->err, sizeof(j->err), "no result file: give -o OUT.json");
		return PAB_EXIT_USAGE;
	}
	snprintf(j->jpath, sizeof(j->jpath), "%s.jsonl", out);
	snprintf(j->cpath, sizeof(j->cpath), "%.*s.csv",
		 (int)(strlen(out) > 5 && !strcmp(out + strlen(out) - 5, ".json") ? strlen(out) - 5 : strlen(out)), out);
	if (j->resume && sweep_load_journal(j->jpath, &j->sw, j->err, sizeof(j->err)))
		return PAB_EXIT_USAGE;
	if (pab_dev_open(&j->dev)) {
		fprintf(stderr, "pageattr-bench: %s\n", j->dev.err);
		return PAB_EXIT_ENV;
	}
	if (pab_info_gather(&j->dev, &j->info)) {
		fprintf(stderr, "pageattr-bench sweep: %s\n", j->dev.err);
		return PAB_EXIT_FAIL;
	}
	/* The linear map as the sweep found it (its blocks before any split). */
	pab_info_gather_linear_map(&j->dev, &j->info);
	timed_progress = j->info.clock != PAB_CLOCK_ICOUNT;
	j->ncfg = keep_possible(j->cfgs, j->ncfg, &j->info.info, stdout);
	if (!j->ncfg) {
		snprintf(j->err, sizeof(j->err), "no configuration of this spec can exist on this kernel (see the lines above)");
		return PAB_EXIT_USAGE;
	}
	return SW_GO_ON;
}

/* The table (cut back to the journal on --resume) and the journal, open for appending. */
static int sweep_open(struct sweep_job *j)
{
	if (j->resume) {
		int kept = sweep_csv_keep_journaled(j->cpath, &j->sw, j->err, sizeof(j->err));

		if (kept < 0)
			return -1;
		j->csv = fopen(j->cpath, kept ? "w" : "a");
		if (j->csv && kept)
			pab_csv_header(j->csv, &j->cfgs[0]);
	} else if ((j->csv = fopen(j->cpath, "w"))) {
		pab_csv_header(j->csv, &j->cfgs[0]);
	}
	if (!j->csv) {
		snprintf(j->err, sizeof(j->err), "cannot write %s: %s", j->cpath, strerror(errno));
		return -1;
	}
	if (!(j->journal = fopen(j->jpath, j->resume ? "a" : "w"))) {
		snprintf(j->err, sizeof(j->err), "cannot write %s: %s", j->jpath, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * One configuration: run, then its row, its journal line (what --resume
 * trusts) and the result file, in that order. 0, -1 (err), or -2 when the
 * result file failed (err, the journal has it).
 */
static int sweep_one(struct sweep_job *j, size_t i, double t0)
{
	struct pab_result res;
	char name[256], what[400], *rec;
	int ret = -1;

	pab_config_name(&j->cfgs[i], name, sizeof(name));
	if (sweep_already_done(&j->sw, name)) {
		j->skipped++;
		return 0;
	}
	if (j->bar)
		progress(true, i, j->ncfg, t0, j->ran, name, "");
	pab_exec(&j->dev, &j->cfgs[i], &res);
	j->ran++;
	rec = pab_record_line(&j->cfgs[i], &res);
	if (!rec) {
		snprintf(j->err, sizeof(j->err), "cannot format the record of %s: %s", name, strerror(errno));
		goto out;
	}
	pab_csv_row(j->csv, &j->cfgs[i], &res);
	if (fflush(j->csv) || ferror(j->csv)) {
		snprintf(j->err, sizeof(j->err), "writing %s failed: %s", j->cpath, strerror(errno));
		goto out_rec;
	}
	if (fprintf(j->journal, "%s\n", rec) < 0 || fflush(j->journal) || fsync(fileno(j->journal))) {
		snprintf(j->err, sizeof(j->err), "writing the journal %s failed: %s", j->jpath, strerror(errno));
		goto out_rec;
	}
	if (sweep_add(&j->sw, rec, name)) {
		snprintf(j->err, sizeof(j->err), "out of memory after %s", name);
		goto out_rec;
	}
	if (pab_results_save(j->out, j->cmd, &j->info, j->sw.records, j->sw.n, false, j->err, sizeof(j->err))) {
		ret = -2;
		goto out;
	}
	if (!strcmp(status_of(&res), "ok")) {
		j->ok++;
		snprintf(what, sizeof(what), "median %.0f ns, net %.0f ns, %.2f ns/entry, %zu irq-hit",
			 res.st.median, res.net.net, res.entries ? res.st.median / (double)res.entries : 0,
			 res.irq_split.hits);
	} else {
		if (!strcmp(status_of(&res), "refused"))
			j->refused++;
		else
			j->failed++;
		snprintf(what, sizeof(what), "%s: %s", status_of(&res), res.errmsg);
	}
	if (!j->bar && strcmp(j->mode, "none"))
		progress(false, i + 1, j->ncfg, t0, j->ran, name, what);
	ret = 0;
	goto out;
out_rec:
	free(rec);
out:
	pab_result_free(&res);
	return ret;
}

/*
 * Every configuration has its record (journaled now or before): the file
 * says so. Written also when nothing ran (a resumed sweep whose journal had
 * them all). The exit status, or -1 / -2 as sweep_one.
 */
static int sweep_finish(struct sweep_job *j)
{
	bool complete = j->skipped + j->ran == j->ncfg;
	int fail;

	if (j->bar)
		fprintf(stderr, "\r\033[K");
	if (pab_results_save(j->out, j->cmd, &j->info, j->sw.records, j->sw.n, complete, j->err, sizeof(j->err)))
		return -2;
	fail = fclose(j->journal);
	j->journal = NULL;
	if (fail) {
		snprintf(j->err, sizeof(j->err), "writing the journal %s failed: %s", j->jpath, strerror(errno));
		return -1;
	}
	fail = fclose(j->csv);
	j->csv = NULL;
	if (fail) {
		snprintf(j->err, sizeof(j->err), "writing %s failed: %s", j->cpath, strerror(errno));
		return -1;
	}
	printf("%zu configurations: %zu ok, %zu refused by the kernel, %zu failed, %zu already done; results in %s, %s\n",
	       j->ncfg, j->ok, j->refused, j->failed, j->skipped, j->out, j->cpath);
	if (j->info.emulated)
		printf("note: %s\n", PAB_EMULATED_NOTE);
	if (!complete) {
		printf("interrupted after %zu of %zu; run the same command with --resume to finish\n",
		       j->skipped + j->ran, j->ncfg);
		return 130;
	}
	return j->failed ? PAB_EXIT_FAIL : PAB_EXIT_OK;
}

/* The configurations in order until done or Ctrl-C; the exit status. */
static int sweep_run(struct sweep_job *j, int argc, char **argv)
{
	double t0;
	int ret = 0;

	if (sweep_open(j))
		ret = -1;
	j->cmd = pab_command_line(argc + 1, argv - 1);
	j->bar = !strcmp(j->mode, "bar") || (!strcmp(j->mode, "auto") && isatty(STDERR_FILENO));
	signal(SIGINT, on_sigint);
	t0 = now_s();
	for (size_t i = 0; !ret && i < j->ncfg && !stop_requested; i++)
		ret = sweep_one(j, i, t0);
	if (!ret)
		ret = sweep_finish(j);
	if (ret == -2)
		/* pab_results_save's err; the journal has every finished configuration. */
		snprintf(j->err + strlen(j->err), sizeof(j->err) - strlen(j->err),
			 "; the journal keeps %zu configurations: fix that, then run the same command with --resume",
			 j->sw.n);
	if (ret < 0) {
		fprintf(stderr, "pageattr-bench sweep: %s\n", j->err);
		return PAB_EXIT_FAIL;
	}
	return ret;
}

int cmd_sweep(int argc, char **argv)
{
	struct sweep_job j = { .mode = "auto", .dev = { .fd = -1 } };
	int status;

	pab_spec_init(&j.spec);
	status = sweep_args(&j, argc, argv);
	if (status == SW_GO_ON)
		status = j.dry ? sweep_dry(&j) : sweep_prepare(&j);
	if (status == SW_GO_ON)
		status = sweep_run(&j, argc, argv);
	else if (status == PAB_EXIT_USAGE && j.err[0])
		fprintf(stderr, "pageattr-bench sweep: %s\n", j.err);
	if (j.journal)
		fclose(j.journal);
	if (j.csv)
		fclose(j.csv);
	sweep_free(&j.sw);
	free(j.cfgs);
	free(j.cmd);
	pab_info_free(&j.info);
	pab_spec_free(&j.spec);
	if (j.dev.fd >= 0)
		pab_dev_close(&j.dev);
	return status;
}
