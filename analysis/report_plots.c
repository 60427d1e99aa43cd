// SPDX-License-Identifier: GPL-2.0
/*
 * The report's plots: one table of { script, data, output, title, writer }
 * and the gnuplot runner. A writer (report_writers.h: report_curves.c,
 * report_data.c) fills the data file (kept next to the plot) and the
 * variables its script takes, and says how many rows it wrote (no rows: no
 * plot).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "basis.h"
#include "canon.h"
#include "report.h"
#include "stats.h"
#include "report_fig.h"
#include "report_writers.h"
#include "tune.h"

#define EXTRA 16384

struct plot {
	const char *script, *data, *output, *title;
	/* rows written to tsv (NULL if the writer writes its own files); extra: script variables */
	int (*write)(struct pab_report *rp, FILE *tsv, char *extra, size_t len, int arg);
	int arg;
	bool conc;	/* drawn from concurrency.json (its own boot, its own clock) */
};

/* The split race's bars: the real kernel and the control, if measured. */
static int pab_report_split(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	(void)extra, (void)len, (void)arg;
	return pab_split_plot_rows(f, rp->split, rp->split_control);
}

/* In the report's order: a kernel A/B's answer, then the before/after answer. */
static const struct plot plots[] = {
	{ "ab_ratio.gp", "ab_ratio_vs_size.tsv", "ab_ratio_vs_size.png",
	  "A/B: kernel B / kernel A, net time vs range size, 95% CI band", pab_report_ab_ratio, 0, false },
	{ "ratio.gp", "ratio_vs_size.tsv", "ratio_vs_size.png",
	  "Before/after: pageattr-walk / pageattr-apply, net time vs range size, 95% CI band",
	  pab_report_ratio, 0, false },
	{ "time_vs_size.gp", "paths_vs_size.tsv", "paths_vs_size.png",
	  "Production paths: pageattr-apply vs pageattr-walk vs set-memory-nx", pab_report_vs_size,
	  VS_PATHS, false },
	{ "time_vs_size.gp", "time_vs_size.tsv", "time_vs_size.png",
	  "Time per call vs range size", pab_report_vs_size, 0, false },
	{ "time_vs_size.gp", "ns_per_entry_vs_size.tsv", "ns_per_entry_vs_size.png",
	  "ns per leaf entry vs range size", pab_report_vs_size, VS_PER_ENTRY, false },
	{ "lazy_gain.gp", "lazy_gain.tsv", "lazy_gain.png",
	  "Lazy MMU gain vs range size: time(lazy off) / time(lazy on), net, 95% CI", pab_report_lazy_gain, 0, false },
	{ "heatmap.gp", "heatmap.tsv", "walker_speedup_heatmap.png",
	  "Walker speedup over apply on all PTEs, by size and PMD share (lazy on)",
	  pab_report_heatmap, 0, false },
	{ "distributions.gp", "distributions.tsv", "distributions.png",
	  "Per-call time distributions at the largest size", pab_report_distributions, 0, false },
	{ "batch_tuning.gp", "batch_tuning.tsv", "batch_tuning.png",
	  "Lazy MMU batch size: median per call relative to the fastest batch of its group, recommendation circled",
	  pab_report_batch, 0, false },
	{ "pmu.gp", "pmu.tsv", "pmu_per_entry.png",
	  "PMU counts per leaf entry, kernel mode, net of null",
	  pab_report_pmu, 0, false },
	{ "barriers.gp", "barriers.tsv", "barriers_per_entry.png",
	  "DSB per leaf entry vs range size (exact, QEMU plugin; ISB pairs with each DSB ISHST)",
	  pab_report_barriers, 0, false },
	{ "split_race.gp", "split_race.tsv", "split_race.png",
	  "Split race: leaves split, rounds with a split overlapping another thread's walk, inconsistencies",
	  pab_report_split, 0, true },
	{ "concurrency.gp", NULL, "concurrency.png",
	  "Concurrent callers: calls/s vs threads (solid: no lock, dashed: global mutex, dotted: global spinlock)",
	  pab_report_concurrency, 0, true },
	{ "lost_updates.gp", "lost_updates.tsv", "lost_updates.png",
	  "Callers sharing entries: lost updates per million entry updates, by lock", pab_report_lost, 0, true },
	{ "compare.gp", "compare.tsv", "compare.png", "B/A: ratio of medians with 95% CI",
	  pab_report_compare, 0, false },
};

/* A plot drawn (png) or skipped (png "", caption: why), in the report's order. */
static int done(struct pab_report *rp, const char *png, const char *caption)
{
	struct pab_plot_done *d = realloc(rp->done, (rp->ndone + 1) * sizeof(*d));

	if (!d)
		return -1;
	rp->done = d;
	d = &rp->done[rp->ndone++];
	snprintf(d->png, sizeof(d->png), "%s", png);
	snprintf(d->caption, sizeof(d->caption), "%s", caption);
	return 0;
}

/*
 * A plot that could not be drawn: its line in report.md, and the first
 * failure's line (naming the plot) for the report's error. Returns -1.
 */
static int failed(struct pab_report *rp, const struct plot *p, int status, const char *why)
{
	char line[sizeof(rp->plot_err)];

	snprintf(line, sizeof(line), "plot %s (script %s) not drawn: %s", p->output, p->script, why);
	if (!rp->nfailed++) {
		snprintf(rp->plot_err, sizeof(rp->plot_err), "%s", line);
		rp->plot_status = status;
	}
	done(rp, "", line);
	return -1;
}

static int gnuplot(struct pab_report *rp, const struct plot *p, const char *extra)
{
	char setup[EXTRA + 8192], path[4200], out[8300], msg[600];
	char *argv[] = { "gnuplot", "-e", setup, path, NULL };
	const char *title = rp->title[0] ? rp->title : p->title;
	char data[128], sub[200];
	int status;

	/* A plot whose writer writes its own files names the first layout's. */
	if (p->data)
		snprintf(data, sizeof(data), "%s", p->data);
	else
		snprintf(data, sizeof(data), "conc_%s.tsv", conc_layout_name(0));
	snprintf(path, sizeof(path), "%s/%s", rp->plots, p->script);
	for (int svg = 0; svg < 2; svg++) {
		/* The PNG, then the same figure as SVG, for papers and zooming. */
		if (svg)
			snprintf(out, sizeof(out), "%s/%.*s.svg", rp->plotdir,
				 (int)strlen(p->output) - 4, p->output);
		else
			snprintf(out, sizeof(out), "%s/%s", rp->plotdir, p->output);
		/*
		 * Two lines, so no title is cut at 1100 px: what the plot shows, then
		 * the kernel and what its times are. Double-quoted for gnuplot's "\n";
		 * no title of the table or a writer holds a double quote or a backslash.
		 * (No file: a report over several, whose title says what they are.)
		 */
		if (rp->f)
			pab_report_subtitle(rp, p->conc ? rp->conc_clock : rp->f->clock, sub, sizeof(sub));
		snprintf(setup, sizeof(setup),
			 "%splotsdir='%s'; datafile='%s/%s'; outfile='%s'; title_text=\"%s%s%s\"; %s",
			 svg ? "fmt='svg'; " : "", rp->plots, rp->plotdir, data, out, title,
			 rp->f ? "\\n" : "", rp->f ? sub : "", extra);
		/* The variables of the PNG kept next to it: gnuplot -e "$(cat X.vars)" plots/SCRIPT redraws it. */
		if (!svg) {
			FILE *v;

			snprintf(out, sizeof(out), "%s/%.*s.vars", rp->plotdir, (int)strlen(p->output) - 4, p->output);
			v = fopen(out, "w");
			if (!v || fprintf(v, "%s\n", setup) < 0 || fflush(v) || ferror(v)) {
				snprintf(msg, sizeof(msg), "cannot write %.400s: %s", out, strerror(errno));
				if (v)
					fclose(v);
				return failed(rp, p, 1, msg);
			}
			fclose(v);
		}
		msg[0] = '\0';
		if ((status = rp->run(argv, msg, sizeof(msg))))
			return failed(rp, p, status, msg);
	}
	return done(rp, p->output, title);
}

int pab_report_draw(struct pab_report *rp, const char *script, const char *data, const char *output,
		    const char *title, const char *extra)
{
	const struct plot p = { script, data, output, title, NULL, 0, false };

	rp->title[0] = '\0';
	return gnuplot(rp, &p, extra);
}

void pab_report_plots(struct pab_report *rp)
{
	static char extra[EXTRA];
	char nodata[1024] = "", msg[600];

	for (size_t i = 0; i < sizeof(plots) / sizeof(plots[0]); i++) {
		const struct plot *p = &plots[i];
		char path[4200];
		FILE *f = NULL;
		int n;

		extra[0] = rp->title[0] = '\0';
		if (p->data) {
			snprintf(path, sizeof(path), "%s/%s", rp->plotdir, p->data);
			if (!(f = fopen(path, "w"))) {
				snprintf(msg, sizeof(msg), "cannot write its data %.400s: %s", path, strerror(errno));
				failed(rp, p, 1, msg);
				continue;
			}
		}
		n = p->write(rp, f, extra, sizeof(extra), p->arg);
		if (f && (ferror(f) | fclose(f))) {
			snprintf(msg, sizeof(msg), "writing its data %.400s failed: %s", path, strerror(errno));
			failed(rp, p, 1, msg);
			continue;
		}
		/*
		 * No rows: no plot, and the writer's one line why when it gave one;
		 * the others are named together on one line.
		 */
		if (n > 0)
			gnuplot(rp, p, extra);
		else if (rp->title[0])
			done(rp, "", rp->title);
		else
			snprintf(nodata + strlen(nodata), sizeof(nodata) - strlen(nodata), "%s%.*s",
				 nodata[0] ? ", " : "", (int)strlen(p->output) - 4, p->output);
	}
	if (nodata[0]) {
		snprintf(msg, sizeof(msg), "Not drawn, no data for them in these results: %s.", nodata);
		done(rp, "", msg);
	}
}
