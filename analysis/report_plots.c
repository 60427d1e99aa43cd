// SPDX-License-Identifier: GPL-2.0
/*
 * The report's plots: one table of { script, data, output, title, writer };
 * a writer fills the data file (kept next to the plot) and the variables its
 * script takes, and says how many rows it wrote (no rows: no plot).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "report.h"
#include "tune.h"

#define EXTRA 16384

struct plot {
	const char *script, *data, *output, *title;
	/* rows written to tsv (NULL if the writer writes its own files); extra: script variables */
	int (*write)(struct pab_report *rp, FILE *tsv, char *extra, size_t len, int arg);
	int arg;
};

/* pab_report_vs_size's arg: bits. */
#define VS_PER_ENTRY	1	/* ns per leaf entry, not per call */
#define VS_PATHS	2	/* the production paths only */

int pab_report_vs_size(struct pab_report *rp, FILE *t, char *extra, size_t len, int arg);
int pab_report_lazy_gain(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_heatmap(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_distributions(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_batch(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_pmu(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_concurrency(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_compare(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);

static const struct plot plots[] = {
	{ "time_vs_size.gp", "paths_vs_size.tsv", "paths_vs_size.png",
	  "Production paths: pageattr-apply vs pageattr-walk vs set-memory-nx", pab_report_vs_size,
	  VS_PATHS },
	{ "time_vs_size.gp", "time_vs_size.tsv", "time_vs_size.png",
	  "Time per call vs range size", pab_report_vs_size, 0 },
	{ "time_vs_size.gp", "ns_per_entry_vs_size.tsv", "ns_per_entry_vs_size.png",
	  "ns per leaf entry vs range size", pab_report_vs_size, VS_PER_ENTRY },
	{ "lazy_gain.gp", "lazy_gain.tsv", "lazy_gain.png",
	  "Lazy MMU gain: median(lazy off) / median(lazy on)", pab_report_lazy_gain, 0 },
	{ "heatmap.gp", "heatmap.tsv", "walker_speedup_heatmap.png",
	  "Walker speedup over apply on the all-PTE region, by size and PMD share (lazy on)",
	  pab_report_heatmap, 0 },
	{ "distributions.gp", "distributions.tsv", "distributions.png",
	  "Per-call time distributions at the largest size", pab_report_distributions, 0 },
	{ "batch_tuning.gp", "batch_tuning.tsv", "batch_tuning.png",
	  "Lazy MMU batch size: median per call relative to the fastest batch of its group, recommendation circled",
	  pab_report_batch, 0 },
	{ "pmu.gp", "pmu.tsv", "pmu_per_entry.png",
	  "PMU counts per leaf entry, kernel mode, net of null (largest size, lazy off and on)",
	  pab_report_pmu, 0 },
	{ "concurrency.gp", NULL, "concurrency.png",
	  "Concurrent callers: calls/s vs threads (dashed: global mutex)", pab_report_concurrency, 0 },
	{ "compare.gp", "compare.tsv", "compare.png", "B/A: ratio of medians with 95% CI",
	  pab_report_compare, 0 },
};

static int gnuplot(struct pab_report *rp, const struct plot *p, const char *extra)
{
	char setup[EXTRA + 8192], path[4200], out[8300];
	char *argv[] = { "gnuplot", "-e", setup, path, NULL };
	struct pab_plot_done *d;
	char data[128];

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
		/* The emulated-CPU notice without an apostrophe: title_text is single-quoted. */
		snprintf(setup, sizeof(setup),
			 "%splotsdir='%s'; datafile='%s/%s'; outfile='%s'; title_text='%s (%s%s)'; %s",
			 svg ? "fmt='svg'; " : "", rp->plots, rp->plotdir, data, out, p->title,
			 rp->f->kernel_release, rp->f->emulated ? ", QEMU TCG guest: emulator times" : "",
			 extra);
		if (rp->run(argv))
			return -1;
	}
	d = realloc(rp->done, (rp->ndone + 1) * sizeof(*d));
	if (!d)
		return -1;
	rp->done = d;
	d = &rp->done[rp->ndone++];
	snprintf(d->png, sizeof(d->png), "%s", p->output);
	snprintf(d->caption, sizeof(d->caption), "%s", p->title);
	return 0;
}

void pab_report_plots(struct pab_report *rp)
{
	static char extra[EXTRA];

	for (size_t i = 0; i < sizeof(plots) / sizeof(plots[0]); i++) {
		const struct plot *p = &plots[i];
		char path[4200];
		FILE *f = NULL;
		int n;

		extra[0] = '\0';
		if (p->data) {
			snprintf(path, sizeof(path), "%s/%s", rp->plotdir, p->data);
			if (!(f = fopen(path, "w")))
				continue;
		}
		n = p->write(rp, f, extra, sizeof(extra), p->arg);
		if (f)
			fclose(f);
		if (n > 0)
			gnuplot(rp, p, extra);
	}
}

void pab_report_size(uint64_t b, char *buf, size_t len)
{
	if (b >= 1ULL << 30) snprintf(buf, len, "%lluG", (unsigned long long)(b >> 30));
	else if (b >= 1ULL << 20) snprintf(buf, len, "%lluM", (unsigned long long)(b >> 20));
	else snprintf(buf, len, "%lluK", (unsigned long long)(b >> 10));
}

const char *pab_report_mix(const struct pab_rec *r, char *buf, size_t len)
{
	return r->have_mix ? pab_format_mix(r->mix_ppm, buf, len) : r->mix;
}

static void series_name(const struct pab_rec *r, char *buf, size_t len)
{
	char mix[96], lazy[32];
	bool tlb = r->tlb_id != PAB_TLB_NONE;

	if (r->lazy_id >= 0)
		pab_format_lazy((uint32_t)r->lazy_id, r->batch, lazy, sizeof(lazy));
	snprintf(buf, len, "%s_lazy=%s_%s%s%s", pab_rec_method_name(r), r->lazy_id >= 0 ? lazy : r->lazy,
		 pab_report_mix(r, mix, sizeof(mix)), tlb ? "_tlb=" : "",
		 tlb && r->tlb_id >= 0 ? pab_vocab_name(&pab_tlb_modes, (unsigned int)r->tlb_id) : tlb ? r->tlb : "");
	for (char *p = buf; *p; p++)
		if (*p == ' ' || *p == ',')
			*p = '+';
}

/* A series' look, by values: colour by method index, dashed for lazy off, a point type per mix. */
static void series_style(const struct pab_rec *r, char *buf, size_t len)
{
	static const unsigned int palette[] = { 0x7f7f7f, 0x1f77b4, 0xff7f0e, 0x2ca02c, 0x9467bd,
						0x8c564b, 0xe377c2, 0xbcbd22, 0x17becf };
	unsigned int n = sizeof(palette) / sizeof(palette[0]);
	unsigned int colour = r->method_id >= 0 ? palette[(unsigned int)r->method_id % n] : palette[1];
	int point = 7;

	if (r->have_mix)
		point = r->mix_ppm[PAB_LVL_PUD] ? 9 : r->mix_ppm[PAB_LVL_PMD] ? 5 :
			r->mix_ppm[PAB_LVL_CONT_PTE] || r->mix_ppm[PAB_LVL_CONT_PMD] ? 13 : 7;
	snprintf(buf, len, "%u %d %d", colour, r->lazy_id == PAB_LAZY_OFF ? 2 : 1, point);
}

/* The production-paths plot: before and after the conversion, and the kernel's own entry point. */
static bool in_plot(const struct pab_rec *r, int arg)
{
	return !(arg & VS_PATHS) || r->method_id == PAB_METHOD_PAGEATTR_APPLY ||
	       r->method_id == PAB_METHOD_PAGEATTR_WALK || r->method_id == PAB_METHOD_SET_MEMORY_NX;
}

/*
 * Per series (method, lazy, mix, tlb), median or ns/entry vs size: net of
 * the null window (compare.h's t), raw for records of older files.
 */
int pab_report_vs_size(struct pab_report *rp, FILE *t, char *extra, size_t len, int arg)
{
	bool per_entry = arg & VS_PER_ENTRY;
	static char series[8192], colours[4096], dashes[2048], points[2048];
	char name[256], key[256], style[64];
	bool *used = calloc(rp->nrows + 1, sizeof(*used));
	int n = 0;

	series[0] = colours[0] = dashes[0] = points[0] = '\0';
	for (size_t i = 0; used && i < rp->nrows; i++) {
		unsigned int c;
		int d, p;

		if (used[i] || !in_plot(rp->rows[i].r, arg))
			continue;
		series_name(rp->rows[i].r, name, sizeof(name));
		if (n)
			fputs("\n\n", t);
		/* Rows come size-ordered from a sweep (sizes outermost); keep that order. */
		for (size_t j = i; j < rp->nrows; j++) {
			const struct pab_row *w = &rp->rows[j];
			double e = (double)w->r->entries;

			series_name(w->r, key, sizeof(key));
			if (used[j] || strcmp(key, name))
				continue;
			used[j] = true;
			if (!per_entry)
				fprintf(t, "%llu\t%s\t%.1f\t%.1f\t%.1f\n", (unsigned long long)w->r->bytes,
					name, w->s.t, w->s.t_lo, w->s.t_hi);
			else if (w->r->entries)
				fprintf(t, "%llu\t%s\t%.3f\t%.3f\t%.3f\n", (unsigned long long)w->r->bytes,
					name, w->s.per_entry, w->s.t_lo / e, w->s.t_hi / e);
		}
		series_style(rp->rows[i].r, style, sizeof(style));
		sscanf(style, "%u %d %d", &c, &d, &p);
		if (strlen(series) + strlen(name) + 2 < sizeof(series) &&
		    strlen(colours) + 12 < sizeof(colours)) {
			snprintf(series + strlen(series), sizeof(series) - strlen(series), "%s%s", n ? " " : "", name);
			snprintf(colours + strlen(colours), sizeof(colours) - strlen(colours), "%s%u", n ? " " : "", c);
			snprintf(dashes + strlen(dashes), sizeof(dashes) - strlen(dashes), "%s%d", n ? " " : "", d);
			snprintf(points + strlen(points), sizeof(points) - strlen(points), "%s%d", n ? " " : "", p);
		}
		n++;
	}
	free(used);
	snprintf(extra, len, "nseries=%d; series='%s'; colours='%s'; dashes='%s'; points='%s'; ylabel_text='%s'%s",
		 n, series, colours, dashes, points,
		 per_entry ? "ns per leaf entry (net of the null window)" :
			     "median time per call (ns), net of the null window",
		 arg & VS_PATHS ? "; key_inside=1" : "");
	return n;
}

/* median(lazy off) / median(lazy on) for every configuration measured both ways. */
int pab_report_lazy_gain(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	char mix[96];
	int n = 0;

	(void)extra, (void)len, (void)arg;
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_rec *off = rp->rows[i].r;
		char koff[512], kon[512];

		if (off->lazy_id != PAB_LAZY_OFF)
			continue;
		pab_rec_group_key(off, koff, sizeof(koff));
		for (size_t j = 0; j < rp->nrows; j++) {
			const struct pab_rec *on = rp->rows[j].r;
			char size[16];

			if (on->lazy_id != PAB_LAZY_ON)
				continue;
			pab_rec_group_key(on, kon, sizeof(kon));
			if (strcmp(kon, koff))
				continue;
			pab_report_size(off->bytes, size, sizeof(size));
			fprintf(f, "%s %s %s\t%.3f\n", off->method, size, pab_report_mix(off, mix, sizeof(mix)),
				rp->rows[i].s.t / rp->rows[j].s.t);
			n++;
		}
	}
	return n;
}

/* Whether the file measured a walker that takes no lock at this size (then it, not the locked one). */
static bool has_lockless(const struct pab_report *rp, const struct pab_rec *like)
{
	for (size_t i = 0; i < rp->nrows; i++)
		if ((pab_rec_method_flags(rp->rows[i].r) & (PAB_MF_WALKER | PAB_MF_SLEEPS)) == PAB_MF_WALKER &&
		    rp->rows[i].r->bytes == like->bytes)
			return true;
	return false;
}

/* apply on all PTEs vs the walker on each PMD share, per size. */
int pab_report_heatmap(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	int n = 0;

	(void)extra, (void)len, (void)arg;
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_rec *ap = rp->rows[i].r;

		if (!pab_rec_is_old_path(ap))
			continue;
		for (size_t j = 0; j < rp->nrows; j++) {
			const struct pab_rec *wk = rp->rows[j].r;
			unsigned int mf = pab_rec_method_flags(wk);
			int pct = pab_rec_pmd_percent(wk);
			char size[16];

			if (!(mf & PAB_MF_WALKER) || wk->bytes != ap->bytes || pct < 0 ||
			    wk->lazy_id != PAB_LAZY_ON || wk->tlb_id != ap->tlb_id ||
			    ((mf & PAB_MF_SLEEPS) && has_lockless(rp, wk)))
				continue;
			pab_report_size(ap->bytes, size, sizeof(size));
			fprintf(f, "%llu\t%d\t%.3f\t%s\n", (unsigned long long)ap->bytes, pct,
				rp->rows[i].s.t / rp->rows[j].s.t, size);
			n++;
		}
	}
	return n;
}

/* Distributions of up to 8 configurations at the largest size. */
int pab_report_distributions(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	const struct pab_row *pick[8];
	char labels[2048] = "", mix[96];
	uint64_t largest = 0;
	size_t n = 0, rows = 0;

	(void)arg;
	for (size_t i = 0; i < rp->nrows; i++)
		if (rp->rows[i].r->bytes > largest)
			largest = rp->rows[i].r->bytes;
	for (size_t i = 0; i < rp->nrows && n < 8; i++)
		if (rp->rows[i].r->bytes == largest) {
			pick[n++] = &rp->rows[i];
			if (rp->rows[i].r->nsamples > rows)
				rows = rp->rows[i].r->nsamples;
		}
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
	for (size_t c = 0; c < n; c++) {
		char l[96];

		snprintf(l, sizeof(l), "%s/%s/%s", pick[c]->r->method, pick[c]->r->lazy,
			 pab_report_mix(pick[c]->r, mix, sizeof(mix)));
		/* gnuplot reads '%' in tic labels as a format: spell it out. */
		for (char *p = l; *p; p++)
			if (*p == ' ' || *p == ',')
				*p = '+';
			else if (*p == '%')
				*p = 'p';
		strcat(strcat(labels, c ? " " : ""), l);
	}
	snprintf(extra, len, "ncols=%zu; labels='%s'", n, labels);
	return (int)n;
}
