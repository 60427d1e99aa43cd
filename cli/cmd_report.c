// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench report DIR [--compare OLD_DIR] [-o OUT]: loads DIR/results.json (and
 * OLD_DIR/results.json, DIR/concurrency.json and DIR/barriers.json when there
 * are) and hands
 * them to the report writers (analysis/report.h). Several directories a
 * side (one per boot: report B1 B2 --compare A1 A2) add the A/B across boots
 * (report_boots.c) and OUT/ab_boots.json.
 * pageattr-bench report --machines OUT DIR...: one report across machines
 * (a results directory each) into OUT, and OUT/machines.json.
 */
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "commands.h"
#include "report.h"
#include "insn_counts.h"
#include "json_writer.h"
#include "report_boots.h"
#include "results_reader.h"
#include "subprocess.h"

extern char **environ;

/*
 * gnuplot's error in one line, from what it wrote on stderr: its first line
 * '"SCRIPT" line N: MESSAGE' that is no warning (before it gnuplot echoes
 * the command with a caret under the column, and warnings such as a data
 * file it could not open may precede the error); else its first line that
 * is not blank.
 */
static void gnuplot_error(const char *text, char *msg, size_t len)
{
	const char *first = NULL;

	for (const char *l = text; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] == '\n')) {
		int n = (int)strcspn(l, "\n");
		const char *m = strstr(l, "\" line ");

		if (m && m < l + n && !memmem(l, (size_t)n, ": warning: ", 11)) {
			snprintf(msg, len, "%.*s", n, l);
			return;
		}
		if (!first && l[strspn(l, " \t")] != '\n' && l[strspn(l, " \t")])
			first = l;
	}
	if (first)
		snprintf(msg, len, "%.*s", (int)strcspn(first, "\n"), first);
	else
		snprintf(msg, len, "no message");
}

/*
 * The report's plot runner (analysis/report.h): gnuplot with its standard
 * error captured. Drawn: what it said (warnings) goes on to ours. Failed:
 * msg is one line (gnuplot's exit status and its error line) and nothing
 * else is printed. Without gnuplot, the same one line for every plot and
 * PAB_EXIT_ENV.
 */
static int run_gnuplot(char *const argv[], char *msg, size_t len)
{
	static int missing;
	posix_spawn_file_actions_t fa;
	char *text = NULL;
	size_t n = 0, cap = 0;
	int status, fd[2], err;
	pid_t pid;
	ssize_t got;

	if (missing) {
		snprintf(msg, len, "cannot run gnuplot: %s (apt-get install gnuplot-nox)", strerror(missing));
		return PAB_EXIT_ENV;
	}
	/*
	 * The scripts are UTF-8 ("set encoding utf8": µ, °, ×). Under a C or
	 * POSIX locale, as on a minimal server, gnuplot warns once per plot that
	 * iconv cannot convert them; under a locale with a decimal comma its
	 * tick labels would change. C.UTF-8 (built into glibc) gives every
	 * machine the same plots.
	 */
	setenv("LC_ALL", "C.UTF-8", 1);
	if (pipe2(fd, O_CLOEXEC)) {
		snprintf(msg, len, "cannot run gnuplot: %s", strerror(errno));
		return PAB_EXIT_ENV;
	}
	fflush(NULL);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], STDERR_FILENO);
	err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	if (err) {
		close(fd[0]);
		if (err == ENOENT || err == EACCES)
			missing = err;
		snprintf(msg, len, "cannot run gnuplot: %s (apt-get install gnuplot-nox)", strerror(err));
		return PAB_EXIT_ENV;
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *t = realloc(text, cap = cap ? cap * 2 : 8192);

			if (!t)
				break;
			text = t;
		}
		got = read(fd[0], text + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd[0]);
	if (text)
		text[n] = '\0';
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (n)
			fwrite(text, 1, n, stderr);
		free(text);
		return 0;
	}
	snprintf(msg, len, "gnuplot %s %d: ", WIFEXITED(status) ? "exited with status" : "killed by signal",
		 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	gnuplot_error(text ? text : "", msg + strlen(msg), len - strlen(msg));
	free(text);
	return PAB_EXIT_FAIL;
}

/* A machine's kernel A/B across boots in machines.json: its kernels, boots and rows. */
static void json_machine_ab(struct jw *w, const struct pab_report *rp)
{
	const struct pab_boots *bt = rp->boots;

	jw_object_begin(w, "ab");
	jw_string(w, "kernel_a", rp->old->kernel_release);
	jw_string(w, "kernel_b", rp->f->kernel_release);
	jw_uint(w, "boots_a", bt->na);
	jw_uint(w, "boots_b", bt->nb);
	jw_array_begin(w, "rows");
	for (size_t i = 0; i < bt->nrows; i++) {
		const struct pab_boot_row *r = &bt->rows[i];
		char text[128];

		jw_object_begin(w, NULL);
		jw_string(w, "key", r->a->key);
		jw_double(w, "ratio", r->comparable ? r->c.ratio : NAN);
		jw_double(w, "ci_lo", r->comparable && pab_basis_allows_p(bt->basis) ? r->c.lo : NAN);
		jw_double(w, "ci_hi", r->comparable && pab_basis_allows_p(bt->basis) ? r->c.hi : NAN);
		jw_string(w, "verdict_text", pab_boot_row_text(bt, r, text, sizeof(text)));
		jw_bool(w, "between_exceeds_difference", r->warn);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_end(w);
}

/* OUT/machines.json: each machine and its before/after rows, for scripts. */
static int write_machines_json(const char *out, const struct pab_report *rps, int n)
{
	char path[4200];
	struct jw w;
	FILE *f;

	snprintf(path, sizeof(path), "%s/machines.json", out);
	if (!(f = fopen(path, "w")))
		return -1;
	jw_init(&w, f);
	jw_object_begin(&w, NULL);
	jw_uint(&w, "schema_version", 1);
	jw_array_begin(&w, "machines");
	for (int m = 0; m < n; m++) {
		const struct pab_results_file *r = rps[m].f;

		jw_object_begin(&w, NULL);
		jw_string(&w, "label", rps[m].dir);
		jw_string(&w, "cpu", r->cpu_name ? r->cpu_name : "");
		jw_bool(&w, "emulated", r->emulated);
		jw_string(&w, "kernel_release", r->kernel_release);
		jw_string(&w, "arch", r->arch);
		jw_uint(&w, "page_size", r->page_size);
		jw_array_begin(&w, "paths");
		for (size_t i = 0; i < rps[m].npaths; i++) {
			const struct pab_path_row *p = &rps[m].paths[i];
			char mix[96];

			jw_object_begin(&w, NULL);
			jw_uint(&w, "bytes", p->apply->r->bytes);
			jw_string(&w, "mix", pab_report_mix(p->apply->r, mix, sizeof(mix)));
			jw_double(&w, "apply_ns", p->c.ma);
			jw_double(&w, "walk_ns", p->c.mb);
			jw_double(&w, "walk_over_apply", p->c.ratio);
			jw_double(&w, "ci_lo", p->c.lo);
			jw_double(&w, "ci_hi", p->c.hi);
			jw_string(&w, "verdict", pab_verdict_word(p->c.verdict));
			jw_object_end(&w);
		}
		jw_array_end(&w);
		if (rps[m].boots)
			json_machine_ab(&w, &rps[m]);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	jw_finish(&w);
	return fclose(f);
}

/* report --machines OUT DIR...: every DIR's results.json, one report across them. */
static int report_machines(int argc, char **argv)
{
	int n = argc - 3, status = PAB_EXIT_FAIL;
	struct pab_results_file *files = calloc((size_t)(n > 0 ? n : 1), sizeof(*files));
	struct pab_report *rps = calloc((size_t)(n > 0 ? n : 1), sizeof(*rps));
	struct report_machine_boots *mbs = calloc((size_t)(n > 0 ? n : 1), sizeof(*mbs));
	const char *env = getenv("PAB_PLOTS_DIR");
	char path[4200], err[1024] = "";

	if (n < 2) {
		fprintf(stderr, "pageattr-bench report: --machines needs an output directory and two results directories or more\n");
		status = PAB_EXIT_USAGE;
		goto out;
	}
	if (!files || !rps || !mbs)
		goto out;
	for (int m = 0; m < n; m++) {
		char ab[4200];

		snprintf(path, sizeof(path), "%s/results.json", argv[3 + m]);
		snprintf(ab, sizeof(ab), "%s/ab_boots.json", argv[3 + m]);
		/* A machine's kernel A/B across boots (report B1 B2 --compare A1 A2 -o DIR): its boots. */
		if (access(path, F_OK) && !access(ab, F_OK)) {
			if (report_machine_boots_load(argv[3 + m], &mbs[m], &files[m], &rps[m], err, sizeof(err)))
				goto bad;
		} else if (pab_results_load(path, &files[m], err, sizeof(err))) {
			goto bad;
		}
		rps[m].dir = argv[3 + m];
		rps[m].f = &files[m];
		if (pab_report_prepare(&rps[m], err, sizeof(err)))
			goto bad;
	}
	if (pab_report_machines(argv[2], rps, (size_t)n, env && *env ? env : PAB_PLOTS_DIR, run_gnuplot, err,
				sizeof(err)))
		goto bad;
	if (write_machines_json(argv[2], rps, n)) {
		snprintf(err, sizeof(err), "cannot write %s/machines.json", argv[2]);
		goto bad;
	}
	printf("report: %s/report.md, %s/lkml.txt, %s/machines.json (%d machines)\n", argv[2], argv[2], argv[2], n);
	status = PAB_EXIT_OK;
	goto out;
bad:
	fprintf(stderr, "pageattr-bench report: %s\n", err);
out:
	for (int m = 0; m < n && rps && files && mbs; m++) {
		pab_report_free(&rps[m]);
		report_machine_boots_free(&mbs[m]);
		pab_results_free(&files[m]);
	}
	free(rps);
	free(files);
	free(mbs);
	return status;
}

/* DIR's concurrency.json and split race files (with their control), where it has them. */
static struct pab_results_file conc;
static struct pab_split_record split, split_control;

static int load_siblings(const char *in, struct pab_report *rp, char *err, size_t errlen)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/concurrency.json", in);
	if (access(path, F_OK) == 0) {
		if (pab_results_load_conc(path, &conc, err, errlen))
			return -1;
		rp->conc = conc.conc;
		rp->nconc = conc.nconc;
		rp->conc_clock = conc.clock;
	}
	/* The split race and its control (run_all.sh: the concurrency boot, --split-control). */
	snprintf(path, sizeof(path), "%s/split_race.json", in);
	if (access(path, F_OK) == 0) {
		if (pab_split_load(path, &split, err, errlen))
			return -1;
		rp->split = &split;
	}
	snprintf(path, sizeof(path), "%s/split_race_control.json", in);
	if (access(path, F_OK) == 0) {
		if (pab_split_load(path, &split_control, err, errlen))
			return -1;
		rp->split_control = &split_control;
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static struct pab_results_file f, old;
	struct pab_report rp = { 0 };
	struct pab_barrier_row *barriers = NULL, *old_barriers = NULL;
	struct report_args ra;
	struct report_boots rb = { 0 };
	char path[4096], err[1024];
	const char *olddir = NULL, *in, *env = getenv("PAB_PLOTS_DIR");
	int status = PAB_EXIT_USAGE, r;

	if (argc >= 2 && !strcmp(argv[1], "--machines"))
		return report_machines(argc, argv);
	if ((r = report_parse_args(argc, argv, &ra)))
		return r > 0 ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	in = ra.b[0];
	olddir = ra.na ? ra.a[0] : NULL;
	/* The report goes into B's first directory, or -o's (made if need be). */
	rp.dir = ra.out ? ra.out : in;
	if (ra.out && mkdir(ra.out, 0755) && errno != EEXIST) {
		snprintf(err, sizeof(err), "cannot create %s: %s", ra.out, strerror(errno));
		goto bad;
	}
	rp.plots = env && *env ? env : PAB_PLOTS_DIR;
	rp.run = run_gnuplot;
	snprintf(path, sizeof(path), "%s/results.json", in);
	if (olddir) {
		char oldpath[4200];

		snprintf(oldpath, sizeof(oldpath), "%s/results.json", olddir);
		if (pab_results_load_two(path, &f, oldpath, &old, err, sizeof(err)))
			goto bad;
		rp.old = &old;
	} else if (pab_results_load(path, &f, err, sizeof(err))) {
		goto bad;
	}
	rp.f = &f;
	/* Several boots a side: the A/B across them (report_boots.c), before the report is written. */
	if (ra.na > 1) {
		if (report_boots_load(&ra, &old, &f, &rb, err, sizeof(err)))
			goto bad;
		rp.boots = &rb.bt;
		rp.dirs_a = ra.a;
		rp.dirs_b = ra.b;
	}
	snprintf(path, sizeof(path), "%s/barriers.json", in);
	if (access(path, F_OK) == 0) {
		if (pab_barriers_load(path, &barriers, &rp.nbarriers, err, sizeof(err)))
			goto bad;
		rp.barriers = barriers;
	}
	/* The older run's counts too: a kernel A/B of exact runs is stated in counts. */
	snprintf(path, sizeof(path), "%s/barriers.json", olddir ? olddir : "");
	if (olddir && access(path, F_OK) == 0) {
		if (pab_barriers_load(path, &old_barriers, &rp.nold_barriers, err, sizeof(err)))
			goto bad;
		rp.old_barriers = old_barriers;
	}
	if (load_siblings(in, &rp, err, sizeof(err)))
		goto bad;
	if (pab_report_write(&rp, err, sizeof(err))) {
		/* No gnuplot: the environment's (3); a plot that failed: 1. */
		status = rp.plot_status == PAB_EXIT_ENV ? PAB_EXIT_ENV : PAB_EXIT_FAIL;
		goto bad;
	}
	if (rp.boots && report_boots_json(rp.dir, &rp)) {
		status = PAB_EXIT_FAIL;
		snprintf(err, sizeof(err), "cannot write %s/ab_boots.json: %s", rp.dir, strerror(errno));
		goto bad;
	}
	printf("report: %s/report.md, %s/report.html, %s/lkml.txt%s%s%s (%zu plots in %s)\n", rp.dir,
	       rp.dir, rp.dir, rp.boots ? ", " : "", rp.boots ? rp.dir : "", rp.boots ? "/ab_boots.json" : "",
	       rp.ndone, rp.plotdir);
	status = PAB_EXIT_OK;
	goto out;
bad:
	fprintf(stderr, "pageattr-bench report: %s\n", err);
out:
	pab_report_free(&rp);
	pab_results_free(&f);
	pab_results_free(&old);
	pab_results_free(&conc);
	free(barriers);
	free(old_barriers);
	report_boots_free(&rb, &ra);
	return status;
}
