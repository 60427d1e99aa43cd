// SPDX-License-Identifier: GPL-2.0
/*
 * The figures against range size: time and time per entry, the lazy MMU
 * gain, PMU counts and barriers per entry, the walker-vs-apply heatmap and
 * the distributions at the largest size (writers: report_writers.h).
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

static bool is_batch(const struct pab_rec *r)
{
	return r->lazy_id >= 0 && (pab_vocab_flags(&pab_lazy_modes, (unsigned int)r->lazy_id) & PAB_ZF_ARG);
}

static bool is_path(const struct pab_rec *r)
{
	return pab_rec_method_flags(r) & PAB_MF_PATH;
}

/* The production-paths plot: before and after the conversion, and the kernel's own entry point. */
static bool in_plot(const struct pab_rec *r, int arg)
{
	return !(arg & VS_PATHS) || pab_report_production(r);
}

/*
 * Per series (method, lazy mode) in a panel per mix, the median per call
 * (µs) or per leaf entry (ns) vs size: net of the null window (compare.h's
 * t), raw for records of older files. Lazy off, on and native: the batch
 * sizes have their own plot.
 */
int pab_report_vs_size(struct pab_report *rp, FILE *t, char *extra, size_t len, int arg)
{
	bool per_entry = arg & VS_PER_ENTRY, exact;
	struct fig fg = { 0 };
	char panel[160];
	size_t off;
	int n;

	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_row *w = &rp->rows[i];
		double e = (double)w->r->entries, k = per_entry ? e : 1000.0;

		if (!in_plot(w->r, arg) || is_batch(w->r) || (per_entry && !w->r->entries))
			continue;
		fig_panel_name(w->r, panel, sizeof(panel));
		if (!fig_add(&fg, w->r->method_id, w->r->lazy_id, NULL, panel, is_path(w->r), w->r->bytes,
			     w->s.t / k, w->s.t_lo / k, w->s.t_hi / k))
			break;
	}
	n = fig_emit(&fg, t, extra, len);
	fig_free(&fg);
	off = strlen(extra);
	/* Under icount a guest ns is an instruction: say so on the axis. */
	exact = pab_basis_of(rp->f) == PAB_BASIS_EXACT_COUNTS;
	snprintf(extra + off, len - off, "; ylabel_text='%s'",
		 per_entry ? (exact ? "instructions per entry (net)" : "ns per leaf entry (net median)") :
			     (exact ? "10^3 instructions per call (net)" : "µs per call (net median)"));
	return n;
}

/*
 * median(lazy off) / median(lazy on) vs size, per method in a panel per mix:
 * compare.h's B/A with A = on, B = off (net medians, 95 % CI).
 */
int pab_report_lazy_gain(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	struct fig fg = { 0 };
	char panel[160];
	size_t off;
	int n;

	(void)arg;
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_rec *ro = rp->rows[i].r;
		char koff[512], kon[512];

		if (ro->lazy_id != PAB_LAZY_OFF)
			continue;
		pab_rec_group_key(ro, koff, sizeof(koff));
		for (size_t j = 0; j < rp->nrows; j++) {
			const struct pab_rec *on = rp->rows[j].r;
			struct pab_cmp c;

			if (on->lazy_id != PAB_LAZY_ON)
				continue;
			pab_rec_group_key(on, kon, sizeof(kon));
			if (strcmp(kon, koff) || pab_compare_recs(on, ro, &c))
				continue;
			fig_panel_name(ro, panel, sizeof(panel));
			fig_add(&fg, ro->method_id, -1, NULL, panel, is_path(ro), ro->bytes, c.ratio, c.lo, c.hi);
		}
	}
	n = fig_emit(&fg, f, extra, len);
	fig_free(&fg);
	off = strlen(extra);
	snprintf(extra + off, len - off, "; ylabel_text='lazy off / lazy on (%s)'; reflabel='above 1: lazy off %s'",
		 pab_report_measure(rp), pab_report_above_one(rp));
	return n;
}

/*
 * PMU counts per leaf entry (net of null) vs size: a panel per counted event
 * and mix. Events no record counted are left out and named in the title.
 */
int pab_report_pmu(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	const char *names[PAB_READER_MAX_EVENTS * 4];
	bool counted[PAB_READER_MAX_EVENTS * 4] = { 0 };
	size_t nn = 0, off;
	struct fig fg = { 0 };
	char panel[160], mix[96], missing[160] = "";
	int n, ncounted = 0;

	(void)arg;
	for (size_t i = 0; i < rp->nrows; i++)
		for (unsigned int e = 0; e < rp->rows[i].r->nevents; e++) {
			const struct pab_rec_event *ev = &rp->rows[i].r->events[e];
			size_t k;

			for (k = 0; k < nn && strcmp(names[k], ev->name); k++)
				;
			if (k == nn && nn < sizeof(names) / sizeof(names[0]))
				names[nn++] = ev->name;
			if (k < nn && ev->counted)
				counted[k] = true;
		}
	for (size_t k = 0; k < nn; k++) {
		if (!counted[k]) {
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%s%s",
				 missing[0] ? ", " : "", names[k]);
			continue;
		}
		ncounted++;
		for (size_t i = 0; i < rp->nrows; i++) {
			const struct pab_rec *r = rp->rows[i].r;

			if (is_batch(r))
				continue;
			for (unsigned int e = 0; e < r->nevents; e++) {
				const struct pab_rec_event *ev = &r->events[e];

				if (strcmp(ev->name, names[k]) || !ev->counted || !(ev->per_entry > 0))
					continue;
				fig_panel_name(r, mix, sizeof(mix));
				snprintf(panel, sizeof(panel), "%s, %s", names[k], mix);
				fig_quote(panel);
				fig_add(&fg, r->method_id, r->lazy_id, NULL, panel, is_path(r), r->bytes,
					ev->per_entry, ev->per_entry, ev->per_entry);
			}
		}
	}
	if (missing[0]) {
		fig_quote(missing);
		snprintf(rp->title, sizeof(rp->title), "PMU counts per leaf entry, kernel mode, net of null (not counted: %s)",
			 missing);
	}
	n = ncounted ? fig_emit(&fg, f, extra, len) : 0;
	fig_free(&fg);
	off = strlen(extra);
	snprintf(extra + off, len - off, "; ylabel_text='count per leaf entry (net)'");
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

/*
 * The box plots' data: every sample up to DIST_POINTS per configuration;
 * above that, DIST_POINTS evenly spaced order statistics of them (counted,
 * or selection: O(n log DIST_POINTS)): quartiles and whiskers as of all samples, without
 * gnuplot reading ten million points.
 */
#define DIST_POINTS 2000

static int dist_quantiles(const struct pab_row *const *pick, size_t n, size_t rows, FILE *f)
{
	static size_t ks[DIST_POINTS];
	double *q[8] = { NULL };
	size_t m = rows < DIST_POINTS ? rows : DIST_POINTS;
	int ret = -1;

	for (size_t c = 0; c < n; c++) {
		const struct pab_rec *r = pick[c]->r;
		const struct pab_stats *st = &pick[c]->s.st;
		size_t k = r->nsamples < DIST_POINTS ? r->nsamples : DIST_POINTS;

		q[c] = calloc(k ? k : 1, sizeof(double));
		if (!q[c])
			goto out;
		for (size_t i = 0; i < k; i++)
			ks[i] = k > 1 ? i * (r->nsamples - 1) / (k - 1) : 0;
		if (pab_order_stats_u64(r->samples_ns, r->nsamples, (uint64_t)st->min, (uint64_t)st->max,
					ks, k, q[c]))
			goto out;
	}
	for (size_t i = 0; i < m; i++) {
		for (size_t c = 0; c < n; c++) {
			size_t k = pick[c]->r->nsamples < DIST_POINTS ? pick[c]->r->nsamples : DIST_POINTS;

			if (i < k)
				fprintf(f, "%s%.0f", c ? "\t" : "", q[c][i]);
			else
				fprintf(f, "%sNaN", c ? "\t" : "");
		}
		fputc('\n', f);
	}
	ret = 0;
out:
	for (size_t c = 0; c < n; c++)
		free(q[c]);
	return ret;
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
	if (dist_quantiles(pick, n, rows, f))
		return 0;
	for (size_t c = 0; c < n; c++) {
		const struct pab_rec *r = pick[c]->r;
		bool mixed = r->region && !strcmp(r->region, "mixed");
		char l[160], *o = l;

		/*
		 * In a reader's words, quoted for word(): "apply, lazy off, pte",
		 * "set-memory-nx, vmalloc" (a whole path's lazy mode is its own).
		 */
		snprintf(l, sizeof(l), "\"%s%s%s, %s\"", r->method, r->lazy_id == PAB_LAZY_NATIVE ? "" : ", lazy ",
			 r->lazy_id == PAB_LAZY_NATIVE ? "" : r->lazy,
			 mixed ? pab_report_mix(r, mix, sizeof(mix)) : r->region ? r->region : "?");
		/* gnuplot reads '%' in tic labels as a format: "pmd=50,pte=50". */
		for (const char *p = l; *p; p++)
			if (*p != '%')
				*o++ = *p;
		*o = '\0';
		if (strlen(labels) + strlen(l) + 2 < sizeof(labels))
			strcat(strcat(labels, c ? " " : ""), l);
	}
	snprintf(extra, len, "ncols=%zu; labels='%s'", n, labels);
	return (int)n;
}

/*
 * DSB per leaf entry vs size, per method and lazy mode, a panel per mix: the
 * exact counts of DIR/barriers.json, joined to the records by name (each ISB
 * pairs with a DSB ISHST; ISB and TLBI counts are in the table: a panel per
 * count would split past the figure's panels). Log y: 1.0 is a pair per PTE,
 * lazy MMU falls as 1 / entries.
 */
int pab_report_barriers(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	struct fig fg = { 0 };
	char panel[160];
	size_t off;
	int n;

	(void)arg;
	for (size_t i = 0; i < rp->nbarriers; i++) {
		const struct pab_barrier_row *b = &rp->barriers[i];
		const struct pab_rec *r = pab_report_barrier_rec(rp, b);
		double y;

		if (!r || !r->entries || !b->c.dsb || is_batch(r))
			continue;
		y = (double)b->c.dsb / (double)r->entries;
		fig_panel_name(r, panel, sizeof(panel));
		fig_add(&fg, r->method_id, r->lazy_id, NULL, panel, is_path(r), r->bytes, y, y, y);
	}
	n = fig_emit(&fg, f, extra, len);
	fig_free(&fg);
	off = strlen(extra);
	snprintf(extra + off, len - off, "; ylabel_text='DSB per leaf entry (exact)'");
	return n;
}
