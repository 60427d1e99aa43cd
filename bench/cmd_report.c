// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench report DIR [--compare OLD_DIR]: from DIR/results.json (and
 * OLD_DIR/results.json) write the plots (gnuplot scripts in plots/, PNG via
 * pngcairo), report.md, a self-contained report.html and lkml.txt, a plain
 * table no wider than 72 columns for review mail.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "commands.h"
#include "conc.h"
#include "results_reader.h"
#include "robust.h"
#include "spawn.h"
#include "stats.h"
#include "tune.h"

#define MAXREC 4096

struct row {
	const struct pab_rec *r;
	double median, lo, hi, per_entry;
	size_t outliers;
};

struct report {
	const char *dir, *plots;
	char plotdir[4000];
	struct pab_results_file f, old;
	bool have_old;
	struct pab_results_file cf;	/* DIR/concurrency.json, if the run has one */
	struct conc_record *conc;
	size_t nconc;
	struct row rows[MAXREC];
	size_t nrows;
	char pngs[12][64];
	char captions[12][160];
	int npng;
};

static void analyse_rows(struct report *rp)
{
	for (size_t i = 0; i < rp->f.n && rp->nrows < MAXREC; i++) {
		const struct pab_rec *r = &rp->f.recs[i];
		struct row *w;
		double *v;
		struct pab_stats st;

		if (strcmp(r->status, "ok") || r->nsamples < 2)
			continue;
		v = pab_rec_samples(r);
		if (!v)
			continue;
		w = &rp->rows[rp->nrows++];
		pab_stats_compute(r->samples_ns, r->nsamples, &st);
		w->r = r;
		w->median = st.median;
		pab_bootstrap_median(v, r->nsamples, 1000, 0x5eed, &w->lo, &w->hi);
		w->outliers = pab_outliers(v, r->nsamples);
		w->per_entry = r->entries ? st.median / (double)r->entries : NAN;
		free(v);
	}
}

static void fmt_size(uint64_t b, char *buf, size_t len)
{
	if (b >= 1ULL << 30) snprintf(buf, len, "%lluG", (unsigned long long)(b >> 30));
	else if (b >= 1ULL << 20) snprintf(buf, len, "%lluM", (unsigned long long)(b >> 20));
	else snprintf(buf, len, "%lluK", (unsigned long long)(b >> 10));
}

static void series_name(const struct pab_rec *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s_lazy=%s_%s%s%s", r->method, r->lazy, r->mix,
		 strcmp(r->tlb, "none") ? "_tlb=" : "", strcmp(r->tlb, "none") ? r->tlb : "");
	for (char *p = buf; *p; p++)
		if (*p == ' ' || *p == ',')
			*p = '+';
}

static int gnuplot(struct report *rp, const char *script, const char *data, const char *png,
		   const char *title, const char *extra)
{
	char setup[16384], path[4200], out[8300];
	char *argv[] = { "gnuplot", "-e", setup, path, NULL };

	snprintf(path, sizeof(path), "%s/%s", rp->plots, script);
	snprintf(out, sizeof(out), "%s/%s", rp->plotdir, png);
	snprintf(setup, sizeof(setup),
		 "plotsdir='%s'; datafile='%s/%s'; outfile='%s'; title_text='%s (%s)'; %s", rp->plots,
		 rp->plotdir, data, out, title, rp->f.kernel_release, extra ? extra : "");
	if (pab_spawn_wait(argv, "pageattr-bench report", "gnuplot-nox"))
		return -1;
	/* The same figure as SVG, for papers and zooming. */
	snprintf(out, sizeof(out), "%s/%.*s.svg", rp->plotdir, (int)strlen(png) - 4, png);
	snprintf(setup, sizeof(setup),
		 "fmt='svg'; plotsdir='%s'; datafile='%s/%s'; outfile='%s'; title_text='%s (%s)'; %s",
		 rp->plots, rp->plotdir, data, out, title, rp->f.kernel_release, extra ? extra : "");
	if (pab_spawn_wait(argv, "pageattr-bench report", "gnuplot-nox"))
		return -1;
	if (rp->npng < 12) {
		snprintf(rp->pngs[rp->npng], sizeof(rp->pngs[0]), "%s", png);
		snprintf(rp->captions[rp->npng++], sizeof(rp->captions[0]), "%s", title);
	}
	return 0;
}

/* Plots 1 and 2: per series (method, lazy, mix, tlb), median and ns/entry vs size. */
static void plot_vs_size(struct report *rp)
{
	char series[8192] = "", name[256], path[4096], extra[9000];
	FILE *t = NULL, *e = NULL;
	bool used[MAXREC] = { false };
	int n = 0;

	snprintf(path, sizeof(path), "%s/time_vs_size.tsv", rp->plotdir);
	t = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/ns_per_entry_vs_size.tsv", rp->plotdir);
	e = fopen(path, "w");
	if (!t || !e)
		goto out;
	for (size_t i = 0; i < rp->nrows; i++) {
		char key[256];

		if (used[i])
			continue;
		series_name(rp->rows[i].r, name, sizeof(name));
		if (n)
			fputs("\n\n", t), fputs("\n\n", e);
		/* Rows come size-ordered from a sweep (sizes outermost); keep that order. */
		for (size_t j = i; j < rp->nrows; j++) {
			const struct row *w = &rp->rows[j];

			series_name(w->r, key, sizeof(key));
			if (used[j] || strcmp(key, name))
				continue;
			used[j] = true;
			fprintf(t, "%llu\t%s\t%.1f\t%.1f\t%.1f\n", (unsigned long long)w->r->bytes, name,
				w->median, w->lo, w->hi);
			if (w->r->entries)
				fprintf(e, "%llu\t%s\t%.3f\t%.3f\t%.3f\n",
					(unsigned long long)w->r->bytes, name, w->per_entry,
					w->lo / (double)w->r->entries, w->hi / (double)w->r->entries);
		}
		if (strlen(series) + strlen(name) + 2 < sizeof(series))
			strcat(strcat(series, n ? " " : ""), name);
		n++;
	}
	fclose(t);
	fclose(e);
	t = e = NULL;
	if (!n)
		goto out;
	snprintf(extra, sizeof(extra), "nseries=%d; series='%s'; ylabel_text='median time per call (ns)'",
		 n, series);
	gnuplot(rp, "time_vs_size.gp", "time_vs_size.tsv", "time_vs_size.png",
		"Time per call vs range size", extra);
	snprintf(extra, sizeof(extra), "nseries=%d; series='%s'; ylabel_text='ns per leaf entry'", n,
		 series);
	gnuplot(rp, "time_vs_size.gp", "ns_per_entry_vs_size.tsv", "ns_per_entry_vs_size.png",
		"ns per leaf entry vs range size", extra);
out:
	if (t)
		fclose(t);
	if (e)
		fclose(e);
}

/* Plot 4: median(lazy off) / median(lazy on) for every configuration measured both ways. */
static void plot_lazy_gain(struct report *rp)
{
	char path[4096];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/lazy_gain.tsv", rp->plotdir);
	f = fopen(path, "w");
	if (!f)
		return;
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_rec *off = rp->rows[i].r;

		if (off->lazy_id != PAB_LAZY_OFF)
			continue;
		for (size_t j = 0; j < rp->nrows; j++) {
			const struct pab_rec *on = rp->rows[j].r;

			if (on->lazy_id != PAB_LAZY_ON || strcmp(on->method, off->method) ||
			    on->bytes != off->bytes || !pab_rec_same_mix(on, off) ||
			    strcmp(on->layout, off->layout) || on->tlb_id != off->tlb_id)
				continue;
			char size[16];

			fmt_size(off->bytes, size, sizeof(size));
			fprintf(f, "%s %s %s\t%.3f\n", off->method, size, off->mix,
				rp->rows[i].median / rp->rows[j].median);
			n++;
		}
	}
	fclose(f);
	if (n)
		gnuplot(rp, "lazy_gain.gp", "lazy_gain.tsv", "lazy_gain.png",
			"Lazy MMU gain: median(lazy off) / median(lazy on)", NULL);
}

/* Plot 7: distributions of up to 8 configurations at the largest size. */
static void plot_distributions(struct report *rp)
{
	const struct row *pick[8];
	char path[4096], labels[2048] = "", extra[2300];
	uint64_t largest = 0;
	size_t n = 0, rows = 0;
	FILE *f;

	for (size_t i = 0; i < rp->nrows; i++)
		if (rp->rows[i].r->bytes > largest)
			largest = rp->rows[i].r->bytes;
	for (size_t i = 0; i < rp->nrows && n < 8; i++)
		if (rp->rows[i].r->bytes == largest) {
			pick[n++] = &rp->rows[i];
			if (rp->rows[i].r->nsamples > rows)
				rows = rp->rows[i].r->nsamples;
		}
	if (!n)
		return;
	snprintf(path, sizeof(path), "%s/distributions.tsv", rp->plotdir);
	f = fopen(path, "w");
	if (!f)
		return;
	for (size_t k = 0; k < rows; k++) {
		for (size_t c = 0; c < n; c++) {
			if (k < pick[c]->r->nsamples)
				fprintf(f, "%s%llu", c ? "\t" : "",
					(unsigned long long)pick[c]->r->samples_ns[k]);
			else
				fprintf(f, "%sNaN", c ? "\t" : "");
		}
		fputc('\n', f);
	}
	fclose(f);
	for (size_t c = 0; c < n; c++) {
		char l[96];

		snprintf(l, sizeof(l), "%s/%s/%s", pick[c]->r->method, pick[c]->r->lazy, pick[c]->r->mix);
		/* gnuplot reads '%' in tic labels as a format: spell it out. */
		for (char *p = l; *p; p++)
			if (*p == ' ' || *p == ',')
				*p = '+';
			else if (*p == '%')
				*p = 'p';
		strcat(strcat(labels, c ? " " : ""), l);
	}
	snprintf(extra, sizeof(extra), "ncols=%zu; labels='%s'", n, labels);
	gnuplot(rp, "distributions.gp", "distributions.tsv", "distributions.png",
		"Per-call time distributions at the largest size", extra);
}

/* Whether the file measured walk-lockless too (then the heatmap uses it, not walk). */
static bool has_lockless(const struct report *rp, const struct pab_rec *like)
{
	for (size_t i = 0; i < rp->nrows; i++)
		if ((pab_rec_method_flags(rp->rows[i].r) & PAB_MF_WALKER) &&
		    !(pab_rec_method_flags(rp->rows[i].r) & PAB_MF_SLEEPS) && rp->rows[i].r->bytes == like->bytes)
			return true;
	return false;
}

/* Plot 3: apply on all PTEs vs the walker on each PMD share, per size. */
static void plot_heatmap(struct report *rp)
{
	char path[4096];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/heatmap.tsv", rp->plotdir);
	f = fopen(path, "w");
	if (!f)
		return;
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_rec *ap = rp->rows[i].r;

		if (!pab_rec_is_old_path(ap))
			continue;
		for (size_t j = 0; j < rp->nrows; j++) {
			const struct pab_rec *wk = rp->rows[j].r;
			int pct = pab_rec_pmd_percent(wk);

			if (!(pab_rec_method_flags(wk) & PAB_MF_WALKER) || wk->bytes != ap->bytes || pct < 0 ||
			    wk->lazy_id != PAB_LAZY_ON || wk->tlb_id != ap->tlb_id ||
			    ((pab_rec_method_flags(wk) & PAB_MF_SLEEPS) && has_lockless(rp, wk)))
				continue;
			char size[16];

			fmt_size(ap->bytes, size, sizeof(size));
			fprintf(f, "%llu\t%d\t%.3f\t%s\n", (unsigned long long)ap->bytes, pct,
				rp->rows[i].median / rp->rows[j].median, size);
			n++;
		}
	}
	fclose(f);
	if (n)
		gnuplot(rp, "heatmap.gp", "heatmap.tsv", "walker_speedup_heatmap.png",
			"Walker speedup over apply on the all-PTE region, by size and PMD share (lazy on)",
			NULL);
}

/* Plot 6: per-entry PMU counts (net) per configuration, for the largest size with events. */
static void plot_pmu(struct report *rp)
{
	char path[4096], extra[32];
	const struct row *first = NULL;
	uint64_t largest = 0;
	unsigned int cols = 0;
	FILE *f;
	int n = 0;

	for (size_t i = 0; i < rp->nrows; i++)
		if (rp->rows[i].r->nevents && rp->rows[i].r->bytes > largest) {
			largest = rp->rows[i].r->bytes;
			first = &rp->rows[i];
		}
	if (!first)
		return;
	snprintf(path, sizeof(path), "%s/pmu.tsv", rp->plotdir);
	f = fopen(path, "w");
	if (!f)
		return;
	/* Only the events this kernel counted: a column of nothing stops gnuplot. */
	fputs("config", f);
	for (unsigned int e = 0; e < first->r->nevents; e++)
		if (first->r->events[e].counted) {
			fprintf(f, "\t%s", first->r->events[e].name);
			cols++;
		}
	fputc('\n', f);
	for (size_t i = 0; i < rp->nrows && cols; i++) {
		const struct pab_rec *r = rp->rows[i].r;

		/* Lazy off and on only: the batch sweep has its own plot. */
		if (r->bytes != largest || r->nevents != first->r->nevents ||
		    (r->lazy_id >= 0 && (pab_vocab_flags(&pab_lazy_modes, (unsigned int)r->lazy_id) & PAB_ZF_ARG)))
			continue;
		fprintf(f, "%s/%s/%s", r->method, r->lazy, r->mix);
		for (unsigned int e = 0; e < r->nevents; e++)
			if (first->r->events[e].counted)
				fprintf(f, "\t%.3f", r->events[e].counted ? r->events[e].per_entry : 0);
		fputc('\n', f);
		n++;
	}
	fclose(f);
	snprintf(extra, sizeof(extra), "ncols=%u", cols + 1);
	if (n)
		gnuplot(rp, "pmu.gp", "pmu.tsv", "pmu_per_entry.png",
			"PMU counts per leaf entry, kernel mode, net of null (largest size, lazy off and on)",
			extra);
}

/* Plot 5: median vs lazy MMU batch size per group, recommendation marked. */
static void plot_batch(struct report *rp)
{
	static struct pab_tune_group all[64];
	char path[4096], series[2048] = "", extra[2200];
	size_t total = pab_tune_groups(&rp->f, all, 64), n = total < 8 ? total : 8;
	/* The last groups of a sweep are its largest sizes: plot those. */
	struct pab_tune_group *g = all + (total - n);
	FILE *f;

	if (!n)
		return;
	snprintf(path, sizeof(path), "%s/batch_tuning.tsv", rp->plotdir);
	f = fopen(path, "w");
	if (!f)
		return;
	for (size_t i = 0; i < n; i++) {
		char name[128];

		snprintf(name, sizeof(name), "%.127s", g[i].key);
		for (char *c = name; *c; c++)
			if (*c == ' ' || *c == ',')
				*c = '+';
		if (i)
			fputs("\n\n", f);
		/* Relative to the group's fastest, so groups of any size share one axis. */
		for (size_t k = 0; k < g[i].n; k++) {
			double best = g[i].med[g[i].best];

			fprintf(f, "%lu\t%.4f\t%.4f\t%.4f\t%s\n", g[i].batch[k], g[i].med[k] / best,
				g[i].lo[k] / best, g[i].hi[k] / best, k == g[i].pick ? "1" : "0");
		}
		if (strlen(series) + strlen(name) + 2 < sizeof(series))
			strcat(strcat(series, i ? " " : ""), name);
	}
	fclose(f);
	snprintf(extra, sizeof(extra), "nseries=%zu; series='%s'", n, series);
	gnuplot(rp, "batch_tuning.gp", "batch_tuning.tsv", "batch_tuning.png",
		"Lazy MMU batch size: median per call relative to the fastest batch of its group, recommendation circled",
		extra);
}

/*
 * The concurrency plot: per layout, calls/s against threads for each method
 * and lock, lazy MMU on (off where only off ran). One TSV per layout.
 */
static void plot_concurrency(struct report *rp)
{
	char layouts[256] = "", extra[2048], style[512], path[4200];
	int npanel = 0, len;

	len = snprintf(extra, sizeof(extra), "datadir='%s'; ", rp->plotdir);
	for (unsigned int l = 0; l < CONC_NR; l++) {
		unsigned int lazy = PAB_LAZY_OFF;
		uint32_t ks[PAB_MAX_THREADS + 1] = { 0 }, nk = 0;
		int nseries = 0, sl = 0;
		struct { unsigned int method, lock; } series[16];
		FILE *f;

		for (size_t i = 0; i < rp->nconc; i++)
			if (rp->conc[i].layout == l && rp->conc[i].calls_per_s > 0 &&
			    rp->conc[i].lazy == PAB_LAZY_ON)
				lazy = PAB_LAZY_ON;
		for (size_t i = 0; i < rp->nconc; i++) {
			const struct conc_record *c = &rp->conc[i];
			int s;

			if (c->layout != l || c->lazy != lazy || c->calls_per_s <= 0)
				continue;
			if (!ks[c->threads]++)
				nk++;
			for (s = 0; s < nseries; s++)
				if (series[s].method == c->method && series[s].lock == c->lock)
					break;
			if (s == nseries && nseries < 16) {
				series[nseries].method = c->method;
				series[nseries++].lock = c->lock;
			}
		}
		if (!nseries || npanel == 6)
			continue;
		snprintf(path, sizeof(path), "%s/conc_%s.tsv", rp->plotdir, conc_layout_name(l));
		f = fopen(path, "w");
		if (!f)
			continue;
		fprintf(f, "threads");
		for (int s = 0; s < nseries; s++) {
			fprintf(f, "\t%s %s lazy %s", pab_method_name(series[s].method),
				series[s].lock ? "+ mutex" : "no lock", conc_lazy_name(lazy));
			sl += snprintf(style + sl, sizeof(style) - sl, "%s%d:%d", s ? " " : "",
				       1 + (int)series[s].method % 8, series[s].lock ? 2 : 1);
		}
		fputc('\n', f);
		for (uint32_t k = 1; k <= PAB_MAX_THREADS; k++) {
			if (!ks[k])
				continue;
			fprintf(f, "%u", k);
			for (int s = 0; s < nseries; s++) {
				double v = NAN;

				for (size_t i = 0; i < rp->nconc; i++) {
					const struct conc_record *c = &rp->conc[i];

					if (c->layout == l && c->lazy == lazy && c->threads == k &&
					    c->method == series[s].method && c->lock == series[s].lock &&
					    c->calls_per_s > 0)
						v = c->calls_per_s;
				}
				fprintf(f, isnan(v) ? "\tNaN" : "\t%.1f", v);
			}
			fputc('\n', f);
		}
		fclose(f);
		npanel++;
		snprintf(layouts + strlen(layouts), sizeof(layouts) - strlen(layouts), "%s%s",
			 npanel > 1 ? " " : "", conc_layout_name(l));
		len += snprintf(extra + len, sizeof(extra) - len, "style%d='%s'; ", npanel, style);
	}
	if (!npanel)
		return;
	snprintf(extra + len, sizeof(extra) - len, "layouts='%s'", layouts);
	gnuplot(rp, "concurrency.gp", "conc_share-nothing.tsv", "concurrency.png",
		"Concurrent callers: calls/s vs threads (dashed: global mutex)", extra);
}

/* The report's answer to the cpa_lock question, with the runs behind it. */
static void write_concurrency(struct report *rp, FILE *md)
{
	fprintf(md, "\n## Concurrent callers: is a cpa_lock needed?\n");
	conc_verdict(md, rp->conc, rp->nconc);
	fprintf(md, "\n| layout | method | lazy | lock | threads | calls/s | scaling | lock wait | lost | split | status |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rp->nconc; i++) {
		const struct conc_record *c = &rp->conc[i];

		if (c->skip)
			continue;
		fprintf(md, "| %s | %s | %s | %s | %u | %.0f | %.2f | %.1f %% | %llu | %llu | %s |\n",
			conc_layout_name(c->layout), pab_method_name(c->method),
			conc_lazy_name(c->lazy), conc_lock_name(c->lock), c->threads, c->calls_per_s,
			c->speedup, 100 * c->lock_wait_share,
			(unsigned long long)(c->res.mismatched + c->res.final_mismatched),
			(unsigned long long)(c->res.level_changes + c->res.final_level_changes),
			conc_record_status(c));
	}
}

/* Plot 8 and the verdict table: B/A per configuration in both files. */
static void compare_old(struct report *rp, FILE *md)
{
	char path[4096];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/compare.tsv", rp->plotdir);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(md, "\n## Comparison with %s (%s)\n\n", rp->old.command ? "the older run" : "A",
		rp->old.kernel_release);
	fprintf(md, "| configuration | A median ns | B median ns | B/A | 95%% CI | p (MWU) | verdict |\n|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rp->old.n; i++) {
		const struct pab_rec *a = &rp->old.recs[i], *b = NULL;
		double *va, *vb, lo, hi, u, p;
		struct pab_stats sa, sb;

		for (size_t j = 0; j < rp->f.n && !b; j++)
			if (!strcmp(rp->f.recs[j].key, a->key))
				b = &rp->f.recs[j];
		if (!b || strcmp(a->status, "ok") || strcmp(b->status, "ok") || a->nsamples < 2 ||
		    b->nsamples < 2)
			continue;
		va = pab_rec_samples(a);
		vb = pab_rec_samples(b);
		if (!va || !vb) {
			free(va);
			free(vb);
			continue;
		}
		pab_stats_compute(a->samples_ns, a->nsamples, &sa);
		pab_stats_compute(b->samples_ns, b->nsamples, &sb);
		pab_bootstrap_ratio(va, a->nsamples, vb, b->nsamples, 1000, 0x5eed, &lo, &hi);
		p = pab_mann_whitney(va, a->nsamples, vb, b->nsamples, &u);
		{
			/* Short labels: the default parts say nothing. */
			char label[256], *cut;

			snprintf(label, sizeof(label), "%s", a->name);
			while ((cut = strstr(label, "/tlb=none")) || (cut = strstr(label, "mixed:")) ||
			       (cut = strstr(label, "/runs")))
				memmove(cut, cut + (cut[1] == 't' ? 9 : cut[0] == 'm' ? 6 : 5),
					strlen(cut + (cut[1] == 't' ? 9 : cut[0] == 'm' ? 6 : 5)) + 1);
			fprintf(f, "%d\t%s\t%.4f\t%.4f\t%.4f\n", ++n, label, sb.median / sa.median,
				lo, hi);
		}
		fprintf(md, "| %s | %.0f | %.0f | %.3f | [%.3f, %.3f] | %.2g | %s |\n", a->name,
			sa.median, sb.median, sb.median / sa.median, lo, hi, p,
			p >= 0.05 || (lo <= 1 && hi >= 1) ? "no difference proven" :
			sb.median < sa.median ? "B faster" : "B slower");
		free(va);
		free(vb);
	}
	fclose(f);
	if (n) {
		char extra[32];

		snprintf(extra, sizeof(extra), "nrows=%d", n);
		gnuplot(rp, "compare.gp", "compare.tsv", "compare.png",
			"B/A: ratio of medians with 95% CI", extra);
	}
}

/* lkml.txt: fixed-width, 72 columns at most. */
/* The cpa_lock verdict for the mail, words wrapped at 72 columns. */
static void write_lkml_verdict(struct report *rp, FILE *out)
{
	char *buf = NULL, *save = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int col = 0;

	if (!m)
		return;
	conc_verdict(m, rp->conc, rp->nconc);
	fclose(m);
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *wsave = NULL;

		fputc('\n', out);
		col = 0;
		for (char *w = strtok_r(line, " ", &wsave); w; w = strtok_r(NULL, " ", &wsave)) {
			int n = (int)strlen(w);

			if (col && col + 1 + n > 72) {
				fputs("\n  ", out);
				col = 2;
			} else if (col) {
				fputc(' ', out);
				col++;
			}
			fputs(w, out);
			col += n;
		}
	}
	fputc('\n', out);
	free(buf);
}

static void write_lkml(struct report *rp)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/lkml.txt", rp->dir);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "pageattr-bench, kernel %.50s\n", rp->f.kernel_release);
	fprintf(f, "median of per-call kernel time, 95%% bootstrap CI\n\n");
	fprintf(f, "%-13s %5s %-14s %-7s %10s %8s %8s\n", "method", "size", "mix", "lazy",
		"median us", "+/- us", "ns/entry");
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct row *w = &rp->rows[i];
		char size[16];

		fmt_size(w->r->bytes, size, sizeof(size));
		fprintf(f, "%-13.13s %5s %-14.14s %-7.7s %10.2f %8.2f %8.1f\n", w->r->method, size,
			w->r->mix, w->r->lazy, w->median / 1e3, (w->hi - w->lo) / 2e3, w->per_entry);
	}
	if (rp->nconc)
		write_lkml_verdict(rp, f);
	fclose(f);
}

static void base64_file(FILE *out, const char *path)
{
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char in[3];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return;
	while ((n = fread(in, 1, 3, f)) > 0) {
		unsigned int v = in[0] << 16 | (n > 1 ? in[1] << 8 : 0) | (n > 2 ? in[2] : 0);

		fputc(tbl[v >> 18 & 63], out);
		fputc(tbl[v >> 12 & 63], out);
		fputc(n > 1 ? tbl[v >> 6 & 63] : '=', out);
		fputc(n > 2 ? tbl[v & 63] : '=', out);
	}
	fclose(f);
}

static void write_md_html(struct report *rp)
{
	char path[4096], png[4096];
	FILE *md, *html;

	snprintf(path, sizeof(path), "%s/report.md", rp->dir);
	md = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/report.html", rp->dir);
	html = fopen(path, "w");
	if (!md || !html) {
		if (md) fclose(md);
		if (html) fclose(html);
		return;
	}
	fprintf(md, "# pageattr-bench report\n\n- kernel: `%s` (%s, %llu-byte pages)\n- command: `%s`\n- configurations: %zu (%zu ok)\n\n",
		rp->f.kernel_release, rp->f.arch, (unsigned long long)rp->f.page_size, rp->f.command,
		rp->f.n, rp->nrows);
	fprintf(md, "## Configurations\n\n| configuration | n | median ns | 95%% CI | ns/entry | outliers |\n|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct row *w = &rp->rows[i];

		fprintf(md, "| %s | %zu | %.0f | [%.0f, %.0f] | %.2f | %zu |\n", w->r->name,
			w->r->nsamples, w->median, w->lo, w->hi, w->per_entry, w->outliers);
	}
	for (size_t i = 0; i < rp->f.n; i++)
		if (strcmp(rp->f.recs[i].status, "ok"))
			fprintf(md, "%s- %s: %s\n", i ? "" : "\n", rp->f.recs[i].name,
				rp->f.recs[i].error ? rp->f.recs[i].error : rp->f.recs[i].status);
	if (rp->have_old)
		compare_old(rp, md);
	if (rp->nconc)
		write_concurrency(rp, md);
	fprintf(md, "\n## Plots\n\n");
	fprintf(html, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>pageattr-bench report</title>"
		      "<style>body{font-family:sans-serif;max-width:1150px;margin:auto}table{border-collapse:collapse;font-size:90%%}"
		      "td,th{border:1px solid #ccc;padding:2px 6px}</style></head><body>\n<pre>\n");
	for (int i = 0; i < rp->npng; i++)
		fprintf(md, "### %s\n\n![%s](plots/%s)\n\n", rp->captions[i], rp->captions[i], rp->pngs[i]);
	fclose(md);
	/* The HTML carries the markdown as text and the plots inline: one file to mail or attach. */
	snprintf(path, sizeof(path), "%s/report.md", rp->dir);
	md = fopen(path, "r");
	for (int c; md && (c = fgetc(md)) != EOF;)
		fputs(c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : (char[]){ (char)c, 0 }, html);
	if (md)
		fclose(md);
	fprintf(html, "</pre>\n");
	for (int i = 0; i < rp->npng; i++) {
		snprintf(png, sizeof(png), "%s/%s", rp->plotdir, rp->pngs[i]);
		fprintf(html, "<h3>%s</h3><img alt=\"%s\" src=\"data:image/png;base64,", rp->captions[i],
			rp->captions[i]);
		base64_file(html, png);
		fprintf(html, "\">\n");
	}
	fprintf(html, "</body></html>\n");
	fclose(html);
}

int cmd_report(int argc, char **argv)
{
	static struct report rp;
	char path[4096], err[1024];
	const char *old = NULL, *env = getenv("PAB_PLOTS_DIR");

	memset(&rp, 0, sizeof(rp));
	if (argc == 4 && !strcmp(argv[2], "--compare"))
		old = argv[3];
	else if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: pageattr-bench report DIR [--compare OLD_DIR]\n");
		return argc == 2 && !strcmp(argv[1], "--help") ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	}
	rp.dir = argv[1];
	rp.plots = env && *env ? env : PAB_PLOTS_DIR;
	snprintf(path, sizeof(path), "%s/results.json", rp.dir);
	if (pab_results_load(path, &rp.f, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench report: %s\n", err);
		return PAB_EXIT_USAGE;
	}
	if (old) {
		snprintf(path, sizeof(path), "%s/results.json", old);
		if (pab_results_load(path, &rp.old, err, sizeof(err))) {
			fprintf(stderr, "pageattr-bench report: %s\n", err);
			pab_results_free(&rp.f);
			return PAB_EXIT_USAGE;
		}
		rp.have_old = true;
	}
	snprintf(rp.plotdir, sizeof(rp.plotdir), "%s/plots", rp.dir);
	if (mkdir(rp.plotdir, 0755) && errno != EEXIST) {
		fprintf(stderr, "pageattr-bench report: cannot create %s: %s\n", rp.plotdir, strerror(errno));
		return PAB_EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/concurrency.json", rp.dir);
	if (access(path, F_OK) == 0 && pab_results_load_conc(path, &rp.cf, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench report: %s\n", err);
		pab_results_free(&rp.f);
		if (rp.have_old)
			pab_results_free(&rp.old);
		return PAB_EXIT_USAGE;
	}
	rp.conc = rp.cf.conc;
	rp.nconc = rp.cf.nconc;
	analyse_rows(&rp);
	plot_vs_size(&rp);
	plot_lazy_gain(&rp);
	plot_heatmap(&rp);
	plot_distributions(&rp);
	plot_batch(&rp);
	plot_pmu(&rp);
	plot_concurrency(&rp);
	write_md_html(&rp);
	write_lkml(&rp);
	printf("report: %s/report.md, %s/report.html, %s/lkml.txt (%d plots in %s)\n", rp.dir, rp.dir,
	       rp.dir, rp.npng, rp.plotdir);
	pab_results_free(&rp.f);
	if (rp.have_old)
		pab_results_free(&rp.old);
	pab_results_free(&rp.cf);
	return PAB_EXIT_OK;
}
