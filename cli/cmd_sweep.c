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
#include "canon.h"
#include "commands.h"
#include "compare.h"
#include "config_possible.h"
#include "results.h"
#include "run_exec.h"
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

/* The "name" of a journal line: records start {"name":"...". */
static char *journal_name(const char *line)
{
	const char *p = strstr(line, "\"name\":\"");
	const char *e;

	if (p != line + 1)
		return NULL;
	p += 8;
	for (e = p; *e && *e != '"'; e++)
		if (*e == '\\' && e[1])
			e++;
	if (!*e)
		return NULL;
	{
		/* Journals from before canonical names: the key of what they spelled. */
		char raw[512], canon[512];

		snprintf(raw, sizeof(raw), "%.*s", (int)(e - p), p);
		return strdup(pab_name_canonical(raw, canon, sizeof(canon)));
	}
}

struct sweep {
	char **records, **names;
	size_t n;
};

/*
 * The journal's records, for --resume. A last line without its newline was
 * being written when the sweep was killed (a record longer than stdio's
 * buffer goes out in several writes): it is dropped and cut from the file,
 * so its configuration runs again and is journaled once. Any other line
 * that is no record stops the sweep (err).
 */
static int load_journal(const char *path, struct sweep *sw, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	off_t good = 0;
	int lineno = 0;

	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot read the journal %.400s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		char *name;

		lineno++;
		if (line[len - 1] != '\n') {
			printf("journal %s: its last record was cut off (the sweep was killed while writing it): dropped, that configuration runs again\n",
			       path);
			break;
		}
		good += len;
		line[len - 1] = '\0';
		if (!*line)
			continue;
		name = journal_name(line);
		if (!name) {
			snprintf(err, errlen, "%.400s:%d: not a pageattr-bench record (truncated? delete the line to go on)",
				 path, lineno);
			free(line);
			fclose(f);
			return -1;
		}
		sw->records = realloc(sw->records, (sw->n + 1) * sizeof(char *));
		sw->names = realloc(sw->names, (sw->n + 1) * sizeof(char *));
		sw->records[sw->n] = strdup(line);
		sw->names[sw->n++] = name;
	}
	free(line);
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read the journal %.400s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	if (len > 0 && truncate(path, good)) {
		snprintf(err, errlen, "cannot cut the journal %.400s back to its whole records: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

static ssize_t journal_index(const struct sweep *sw, const char *name)
{
	for (size_t i = 0; i < sw->n; i++)
		if (!strcmp(sw->names[i], name))
			return (ssize_t)i;
	return -1;
}

static bool already_done(const struct sweep *sw, const char *name)
{
	return journal_index(sw, name) >= 0;
}

/*
 * --resume: the table (OUT.csv) cut back to the journal: its header, then
 * the first row of each journaled configuration (a row is written before
 * its journal line, so a sweep killed between the two left a row whose
 * configuration runs again). Rewritten via OUT.csv.tmp. Returns 1 when
 * there is no table (a new one gets the header), 0, or -1 with err.
 */
static int csv_keep_journaled(const char *path, const struct sweep *sw, char *err, size_t errlen)
{
	char tmp[4200], *line = NULL;
	bool *seen = calloc(sw->n + 1, sizeof(bool));
	FILE *in = fopen(path, "r"), *out = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = -1, lineno = 0;

	if (!in) {
		free(seen);
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "cannot read %.400s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!seen || !(out = fopen(tmp, "w"))) {
		snprintf(err, errlen, "cannot write %.400s: %s", tmp, strerror(errno));
		goto out;
	}
	while ((len = getline(&line, &cap, in)) > 0) {
		char field[512], canon[512];
		size_t k = 0;
		ssize_t j;

		if (line[len - 1] != '\n')	/* cut off by a kill */
			break;
		if (lineno++ == 0) {	/* the header */
			fputs(line, out);
			continue;
		}
		/* The first field: the configuration's name, quoted ("" for a quote). */
		if (line[0] != '"')
			continue;
		for (const char *c = line + 1; *c && k + 1 < sizeof(field); c++) {
			if (*c == '"' && c[1] != '"')
				break;
			if (*c == '"')
				c++;
			field[k++] = *c;
		}
		field[k] = '\0';
		j = journal_index(sw, pab_name_canonical(field, canon, sizeof(canon)));
		if (j < 0 || seen[j])
			continue;
		seen[j] = true;
		fputs(line, out);
	}
	if (ferror(in)) {
		snprintf(err, errlen, "cannot read %.400s: %s", path, strerror(errno));
		goto out;
	}
	if (fflush(out) || ferror(out) || fclose(out)) {
		out = NULL;
		snprintf(err, errlen, "writing %.400s failed: %s", tmp, strerror(errno));
		goto out;
	}
	out = NULL;
	if (rename(tmp, path)) {
		snprintf(err, errlen, "cannot rename %.400s to %.400s: %s", tmp, path, strerror(errno));
		goto out;
	}
	ret = lineno ? 0 : 1;	/* an empty table gets its header */
out:
	if (out)
		fclose(out);
	if (ret < 0)
		unlink(tmp);
	fclose(in);
	free(line);
	free(seen);
	return ret;
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

int cmd_sweep(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' }, { "resume", no_argument, NULL, 'r' },
		{ "progress", required_argument, NULL, 'p' }, { "dry-run", no_argument, NULL, 'n' },
		{ "keep-irq-samples", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	const char *out = NULL, *mode = "auto";
	char err[9000], jpath[4096], cpath[4096], name[256], what[400], *cmd = NULL;
	bool resume = false, dry = false, keep_irq = false, bar, complete;
	struct pab_info_all info = { 0 };
	struct pab_config *cfgs = NULL;
	struct sweep sw = { 0 };
	struct pab_spec spec;
	struct pab_dev dev = { .fd = -1 };
	size_t ncfg = 0, ok = 0, refused = 0, failed = 0, skipped = 0, ran = 0, i, ndefs = 0;
	const char *defs[64];
	FILE *journal = NULL, *csv = NULL;
	int c, status = PAB_EXIT_FAIL;
	double t0;

	pab_spec_init(&spec);
	optind = 1;
	while ((c = getopt_long(argc, argv, "D:o:nh", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			/* Applied after the spec file, so they override it. */
			if (ndefs == sizeof(defs) / sizeof(defs[0])) {
				snprintf(err, sizeof(err), "more than %zu -D options: put them in a spec file",
					 sizeof(defs) / sizeof(defs[0]));
				goto bad;
			}
			defs[ndefs++] = optarg;
			break;
		case 'o': out = optarg; break;
		case 'r': resume = true; break;
		case 'n': dry = true; break;
		case 'K': keep_irq = true; break;
		case 'p':
			mode = optarg;
			if (strcmp(mode, "auto") && strcmp(mode, "bar") && strcmp(mode, "plain") &&
			    strcmp(mode, "none")) {
				snprintf(err, sizeof(err), "progress '%s': use auto, bar, plain or none", mode);
				goto bad;
			}
			break;
		case 'h': usage(stdout); pab_spec_free(&spec); return PAB_EXIT_OK;
		default: pab_spec_free(&spec); return PAB_EXIT_USAGE;
		}
	}
	if (optind < argc && pab_spec_file(&spec, argv[optind++], err, sizeof(err)))
		goto bad;
	for (i = 0; i < ndefs; i++)
		if (pab_spec_line(&spec, defs[i], "-D", err, sizeof(err)))
			goto bad;
	if (optind < argc) {
		snprintf(err, sizeof(err), "unexpected argument '%s'", argv[optind]);
		goto bad;
	}
	if (pab_spec_expand(&spec, &cfgs, &ncfg, err, sizeof(err)))
		goto bad;
	/* Not part of a configuration's name: the same calls, another choice of which count. */
	for (i = 0; i < ncfg; i++)
		cfgs[i].keep_irq = keep_irq;
	if (dry) {
		/* With the module loaded, the list this kernel would run. */
		if (!pab_dev_open(&dev) && !pab_info_gather(&dev, &info))
			ncfg = keep_possible(cfgs, ncfg, &info.info, stdout);
		for (i = 0; i < ncfg; i++) {
			pab_config_name(&cfgs[i], name, sizeof(name));
			printf("%s\n", name);
		}
		printf("%zu configurations\n", ncfg);
		status = PAB_EXIT_OK;
		goto out;
	}
	if (!out) {
		snprintf(err, sizeof(err), "no result file: give -o OUT.json");
		goto bad;
	}
	snprintf(jpath, sizeof(jpath), "%s.jsonl", out);
	snprintf(cpath, sizeof(cpath), "%.*s.csv",
		 (int)(strlen(out) > 5 && !strcmp(out + strlen(out) - 5, ".json") ? strlen(out) - 5 : strlen(out)), out);
	if (resume && load_journal(jpath, &sw, err, sizeof(err)))
		goto bad;
	if (pab_dev_open(&dev)) {
		fprintf(stderr, "pageattr-bench: %s\n", dev.err);
		status = PAB_EXIT_ENV;
		goto out;
	}
	if (pab_info_gather(&dev, &info)) {
		fprintf(stderr, "pageattr-bench sweep: %s\n", dev.err);
		goto out;
	}
	/* The linear map as the sweep found it (its blocks before any split). */
	pab_info_gather_linear_map(&dev, &info);
	timed_progress = info.clock != PAB_CLOCK_ICOUNT;
	ncfg = keep_possible(cfgs, ncfg, &info.info, stdout);
	if (!ncfg) {
		snprintf(err, sizeof(err), "no configuration of this spec can exist on this kernel (see the lines above)");
		goto bad;
	}
	if (resume) {
		int kept = csv_keep_journaled(cpath, &sw, err, sizeof(err));

		if (kept < 0)
			goto fail;
		csv = fopen(cpath, kept ? "w" : "a");
		if (csv && kept)
			pab_csv_header(csv, &cfgs[0]);
	} else if ((csv = fopen(cpath, "w"))) {
		pab_csv_header(csv, &cfgs[0]);
	}
	if (!csv) {
		snprintf(err, sizeof(err), "cannot write %s: %s", cpath, strerror(errno));
		goto fail;
	}
	if (!(journal = fopen(jpath, resume ? "a" : "w"))) {
		snprintf(err, sizeof(err), "cannot write %s: %s", jpath, strerror(errno));
		goto fail;
	}
	cmd = pab_command_line(argc + 1, argv - 1);
	bar = !strcmp(mode, "bar") || (!strcmp(mode, "auto") && isatty(STDERR_FILENO));
	signal(SIGINT, on_sigint);
	t0 = now_s();
	for (i = 0; i < ncfg && !stop_requested; i++) {
		struct pab_result res;
		char *rec;

		pab_config_name(&cfgs[i], name, sizeof(name));
		if (already_done(&sw, name)) {
			skipped++;
			continue;
		}
		if (bar)
			progress(true, i, ncfg, t0, ran, name, "");
		pab_exec(&dev, &cfgs[i], &res);
		ran++;
		rec = pab_record_line(&cfgs[i], &res);
		if (!rec) {
			snprintf(err, sizeof(err), "cannot format the record of %s: %s", name, strerror(errno));
			pab_result_free(&res);
			goto fail;
		}
		/* The row, then the journal line (what --resume trusts), then the file. */
		pab_csv_row(csv, &cfgs[i], &res);
		if (fflush(csv) || ferror(csv)) {
			snprintf(err, sizeof(err), "writing %s failed: %s", cpath, strerror(errno));
			free(rec);
			pab_result_free(&res);
			goto fail;
		}
		if (fprintf(journal, "%s\n", rec) < 0 || fflush(journal) || fsync(fileno(journal))) {
			snprintf(err, sizeof(err), "writing the journal %s failed: %s", jpath, strerror(errno));
			free(rec);
			pab_result_free(&res);
			goto fail;
		}
		sw.records = realloc(sw.records, (sw.n + 1) * sizeof(char *));
		sw.names = realloc(sw.names, (sw.n + 1) * sizeof(char *));
		sw.records[sw.n] = rec;
		sw.names[sw.n++] = strdup(name);
		if (pab_results_save(out, cmd, &info, sw.records, sw.n, false, err, sizeof(err))) {
			pab_result_free(&res);
			goto fail_saved;
		}
		if (!strcmp(status_of(&res), "ok")) {
			ok++;
			snprintf(what, sizeof(what), "median %.0f ns, net %.0f ns, %.2f ns/entry, %zu irq-hit",
				 res.st.median, res.net.net, res.entries ? res.st.median / (double)res.entries : 0,
				 res.irq_split.hits);
		} else {
			if (!strcmp(status_of(&res), "refused"))
				refused++;
			else
				failed++;
			snprintf(what, sizeof(what), "%s: %s", status_of(&res), res.errmsg);
		}
		if (!bar && strcmp(mode, "none"))
			progress(false, i + 1, ncfg, t0, ran, name, what);
		pab_result_free(&res);
	}
	if (bar)
		fprintf(stderr, "\r\033[K");
	/*
	 * Every configuration has its record (journaled now or before): the
	 * file says so. Written also when nothing ran (a resumed sweep whose
	 * journal had them all).
	 */
	complete = skipped + ran == ncfg;
	if (pab_results_save(out, cmd, &info, sw.records, sw.n, complete, err, sizeof(err)))
		goto fail_saved;
	if (fclose(journal)) {
		journal = NULL;
		snprintf(err, sizeof(err), "writing the journal %s failed: %s", jpath, strerror(errno));
		goto fail;
	}
	journal = NULL;
	if (fclose(csv)) {
		csv = NULL;
		snprintf(err, sizeof(err), "writing %s failed: %s", cpath, strerror(errno));
		goto fail;
	}
	csv = NULL;
	printf("%zu configurations: %zu ok, %zu refused by the kernel, %zu failed, %zu already done; results in %s, %s\n",
	       ncfg, ok, refused, failed, skipped, out, cpath);
	if (info.emulated)
		printf("note: %s\n", PAB_EMULATED_NOTE);
	if (!complete) {
		printf("interrupted after %zu of %zu; run the same command with --resume to finish\n",
		       skipped + ran, ncfg);
		status = 130;
	} else {
		status = failed ? PAB_EXIT_FAIL : PAB_EXIT_OK;
	}
	goto out;
fail_saved:
	/* pab_results_save's err; the journal has every finished configuration. */
	snprintf(err + strlen(err), sizeof(err) - strlen(err),
		 "; the journal keeps %zu configurations: fix that, then run the same command with --resume", sw.n);
fail:
	fprintf(stderr, "pageattr-bench sweep: %s\n", err);
	status = PAB_EXIT_FAIL;
	goto out;
bad:
	fprintf(stderr, "pageattr-bench sweep: %s\n", err);
	status = PAB_EXIT_USAGE;
out:
	if (journal)
		fclose(journal);
	if (csv)
		fclose(csv);
	for (i = 0; i < sw.n; i++) {
		free(sw.records[i]);
		free(sw.names[i]);
	}
	free(sw.records);
	free(sw.names);
	free(cfgs);
	free(cmd);
	pab_info_free(&info);
	pab_spec_free(&spec);
	if (dev.fd >= 0)
		pab_dev_close(&dev);
	return status;
}
