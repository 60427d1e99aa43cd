// SPDX-License-Identifier: GPL-2.0
/*
 * The report's data writers for the batch, concurrency and comparison plots
 * (report_writers.h), and what the report's text and plots share about its
 * records: the production paths and whether a kernel A/B is shown (the
 * measure's words and lkml.txt's wrapping: report_words.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "basis.h"
#include "report.h"
#include "report_fig.h"
#include "report_writers.h"
#include "tune.h"

/*
 * A tune group's key (method/bytes/mix/layout/tlb) in a reader's words,
 * quoted for gnuplot's word(): "apply, 1G, pte" (layout and TLB mode only
 * where they are not the defaults).
 */
static void batch_label(const char *key, char *buf, size_t len)
{
	char k[512], *part[5] = { 0 }, *save = NULL, size[16];
	int n = 0;

	snprintf(k, sizeof(k), "%s", key);
	for (char *t = strtok_r(k, "/", &save); t && n < 5; t = strtok_r(NULL, "/", &save))
		part[n++] = t;
	if (n < 5) {
		snprintf(buf, len, "\"%s\"", key);
		return;
	}
	pab_report_size(strtoull(part[1], NULL, 10), size, sizeof(size));
	snprintf(buf, len, "\"%s, %s, %s%s%s%s%s\"", part[0], size, part[2],
		 strcmp(part[3], "runs") ? ", " : "", strcmp(part[3], "runs") ? part[3] : "",
		 strcmp(part[4], "none") ? ", tlb " : "", strcmp(part[4], "none") ? part[4] : "");
}

/* Median vs lazy MMU batch size per group, recommendation marked. */
int pab_report_batch(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	static struct pab_tune_group all[64];
	char series[2048] = "";
	size_t total = pab_tune_groups(rp->f, all, 64), n = total < 8 ? total : 8;
	/* The last groups of a sweep are its largest sizes: plot those. */
	struct pab_tune_group *g = all + (total - n);

	(void)arg;
	for (size_t i = 0; i < n; i++) {
		char name[160];

		batch_label(g[i].key, name, sizeof(name));
		if (i)
			fputs("\n\n", f);
		/* Relative to the group's fastest, so groups of any size share one axis. */
		for (size_t k = 0; k < g[i].n; k++) {
			double best = g[i].med[g[i].best];

			/* No recommendation from an emulator's times (basis.h). */
			fprintf(f, "%lu\t%.4f\t%.4f\t%.4f\t%s\n", g[i].batch[k], g[i].med[k] / best,
				g[i].lo[k] / best, g[i].hi[k] / best,
				k == g[i].pick && pab_basis_of(rp->f) != PAB_BASIS_EMULATED_TIMES ? "1" : "0");
		}
		if (strlen(series) + strlen(name) + 2 < sizeof(series))
			strcat(strcat(series, i ? " " : ""), name);
	}
	snprintf(extra, len, "nseries=%zu; series='%s'", n, series);
	return (int)n;
}

/* One layout's TSV: threads, then calls/s per (method, lock) series at that lazy mode. */
static int conc_layout_tsv(struct pab_report *rp, unsigned int l, char *style, size_t slen)
{
	unsigned int lazy = PAB_LAZY_OFF;
	uint32_t ks[PAB_MAX_THREADS + 1] = { 0 };
	struct { unsigned int method, lock; } series[16];
	int nseries = 0, sl = 0;
	char path[4200];
	FILE *f;

	for (size_t i = 0; i < rp->nconc; i++)
		if (rp->conc[i].layout == l && rp->conc[i].calls_per_s > 0 && rp->conc[i].lazy == PAB_LAZY_ON)
			lazy = PAB_LAZY_ON;
	for (size_t i = 0; i < rp->nconc; i++) {
		const struct conc_record *c = &rp->conc[i];
		int s;

		if (c->layout != l || c->lazy != lazy || c->calls_per_s <= 0)
			continue;
		ks[c->threads]++;
		for (s = 0; s < nseries; s++)
			if (series[s].method == c->method && series[s].lock == c->lock)
				break;
		if (s == nseries && nseries < 16) {
			series[nseries].method = c->method;
			series[nseries++].lock = c->lock;
		}
	}
	if (!nseries)
		return 0;
	snprintf(path, sizeof(path), "%s/conc_%s.tsv", rp->plotdir, conc_layout_name(l));
	if (!(f = fopen(path, "w")))
		return 0;
	fprintf(f, "threads");
	style[0] = '\0';
	for (int s = 0; s < nseries; s++) {
		fprintf(f, "\t%s %s%s lazy %s", pab_method_name(series[s].method),
			series[s].lock ? "+ " : "no lock", series[s].lock ? conc_lock_name(series[s].lock) : "",
			conc_lazy_name(lazy));
		/* dash by lock: none solid, mutex dashed, spinlock dotted (the lock's value + 1) */
		sl += snprintf(style + sl, slen - (size_t)sl, "%s%d:%d", s ? " " : "",
			       1 + (int)series[s].method % 8, 1 + (int)series[s].lock);
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
	return nseries;
}

/*
 * The concurrency plot: per layout (up to 9 panels), calls/s against threads
 * for each method and lock, lazy MMU on (off where only off ran).
 */
int pab_report_concurrency(struct pab_report *rp, FILE *unused, char *extra, size_t len, int arg)
{
	char layouts[256] = "", style[512], methods[256] = "", colours[64] = "";
	int npanel = 0, off;
	uint64_t seen = 0;

	(void)unused, (void)arg;
	/* The legend's methods: every one that ran, coloured as in the panels. */
	for (size_t i = 0; i < rp->nconc; i++) {
		unsigned int m = rp->conc[i].method;

		if (rp->conc[i].calls_per_s <= 0 || m >= 64 || seen & (1ULL << m))
			continue;
		seen |= 1ULL << m;
		snprintf(methods + strlen(methods), sizeof(methods) - strlen(methods), "%s%s",
			 methods[0] ? " " : "", pab_method_name(m));
		snprintf(colours + strlen(colours), sizeof(colours) - strlen(colours), "%s%u",
			 colours[0] ? " " : "", 1 + m % 8);
	}
	off = snprintf(extra, len, "datadir='%s'; keymethods='%s'; keycolours='%s'; keytitle='%s'; ",
		       rp->plotdir, methods, colours,
		       pab_basis_allows_verdict(pab_basis_of_clock(rp->conc_clock)) ? "series" : "calls/s of an emulator");
	for (unsigned int l = 0; l < CONC_NR && npanel < 9; l++) {
		if (!conc_layout_tsv(rp, l, style, sizeof(style)))
			continue;
		npanel++;
		snprintf(layouts + strlen(layouts), sizeof(layouts) - strlen(layouts), "%s%s",
			 npanel > 1 ? " " : "", conc_layout_name(l));
		off += snprintf(extra + off, len - (size_t)off, "style%d='%s'; ", npanel, style);
	}
	snprintf(extra + off, len - (size_t)off, "layouts='%s'", layouts);
	return npanel;
}

/* Drops the parts of a name that hold the defaults: "/tlb=none", "mixed:", "/runs". */
void pab_report_short_label(const char *name, char *label, size_t len)
{
	char parts[4][48];
	bool again = true;

	snprintf(parts[0], sizeof(parts[0]), "/tlb=%s", pab_vocab_name(&pab_tlb_modes, PAB_TLB_NONE));
	snprintf(parts[1], sizeof(parts[1]), "%s:", pab_vocab_name(&pab_region_kinds, PAB_REGION_MIXED));
	snprintf(parts[2], sizeof(parts[2]), "/%s", pab_vocab_name(&pab_layouts, PAB_LAYOUT_RUNS));
	/* vmalloc regions: "vmalloc:as the kernel maps it/-" says no more than "vmalloc". */
	snprintf(parts[3], sizeof(parts[3]), ":%s/%s", PAB_MIX_AS_MAPPED, PAB_LAYOUT_AS_MAPPED);
	snprintf(label, len, "%s", name);
	while (again) {
		again = false;
		for (int i = 0; i < 4; i++) {
			char *cut = strstr(label, parts[i]);
			size_t n = strlen(parts[i]);

			if (cut) {
				memmove(cut, cut + n, strlen(cut + n) + 1);
				again = true;
			}
		}
	}
}

bool pab_report_kernel_ab(const struct pab_report *rp)
{
	return rp->old && rp->old->kernel_release && rp->f->kernel_release &&
	       strcmp(rp->old->kernel_release, rp->f->kernel_release);
}

/*
 * A kernel A/B as a plot: B/A of the net medians vs size with its 95 % CI,
 * for the whole kernel paths (pageattr-apply, pageattr-walk and the kernel's
 * own set-memory-nx), a panel per mix; nothing (and no line) otherwise.
 */
/*
 * Across boots (rp->boots): each production path's B/A from the per-boot
 * medians (boots.h), the interval where the basis allows one (exact counts:
 * the ratio alone).
 */
static void ab_ratio_boots(const struct pab_boots *bt, struct fig *fg)
{
	char panel[160];

	for (size_t i = 0; i < bt->nrows; i++) {
		const struct pab_boot_row *w = &bt->rows[i];
		bool ci = pab_basis_allows_p(bt->basis);

		if (!w->comparable || w->b->cold || !(pab_rec_method_flags(w->b) & PAB_MF_PATH))
			continue;
		fig_panel_name(w->b, panel, sizeof(panel));
		fig_add(fg, w->b->method_id, w->b->lazy_id, NULL, panel, true, w->b->bytes, w->c.ratio,
			ci ? w->c.lo : w->c.ratio, ci ? w->c.hi : w->c.ratio);
	}
}

int pab_report_ab_ratio(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	struct fig fg = { 0 };
	char panel[160];
	size_t off;
	int n;

	(void)arg;
	if (rp->boots)
		ab_ratio_boots(rp->boots, &fg);
	for (size_t i = 0; !rp->boots && pab_report_kernel_ab(rp) && i < rp->old->n; i++) {
		const struct pab_rec *a = &rp->old->recs[i], *b = pab_match(rp->f, a);
		struct pab_cmp c;

		if (!b || b->cold || !(pab_rec_method_flags(b) & PAB_MF_PATH) ||
		    pab_compare_recs(a, b, &c))
			continue;
		fig_panel_name(b, panel, sizeof(panel));
		fig_add(&fg, b->method_id, b->lazy_id, NULL, panel, true, b->bytes, c.ratio, c.lo, c.hi);
	}
	if (!fg.n)
		return 0;
	if (rp->boots)
		snprintf(rp->title, sizeof(rp->title),
			 "A/B across boots (%zu A, %zu B): %.40s / %.40s, per-boot medians, 95%% CI",
			 rp->boots->na, rp->boots->nb, rp->f->kernel_release, rp->old->kernel_release);
	else
		snprintf(rp->title, sizeof(rp->title), "A/B: kernel %.60s / kernel %.60s, net time vs range size, 95%% CI band",
			 rp->f->kernel_release, rp->old->kernel_release);
	n = fig_emit(&fg, f, extra, len);
	fig_free(&fg);
	off = strlen(extra);
	snprintf(extra + off, len - off,
		 "; logy=0; ylabel_text='B / A (%s)'; reflabel='above 1: kernel B %s'",
		 pab_report_measure(rp), pab_report_above_one(rp));
	return n;
}

/* B/A per configuration in both files, with the CI compare.h gives. */
/* One row of compare.tsv: its number, the configuration's short label, B/A and its interval. */
static void compare_row(FILE *f, const char *name, double ratio, double lo, double hi, int *n,
			size_t *widest)
{
	char label[256];

	pab_report_short_label(name, label, sizeof(label));
	if (strlen(label) > *widest)
		*widest = strlen(label);
	fprintf(f, "%d\t%s\t%.4f\t%.4f\t%.4f\n", ++*n, label, ratio, lo, hi);
}

int pab_report_compare(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	int n = 0;
	size_t widest = 0;

	(void)arg;
	/* Across boots: each configuration's B/A from the per-boot medians (boots.h). */
	for (size_t i = 0; rp->boots && i < rp->boots->nrows; i++) {
		const struct pab_boot_row *w = &rp->boots->rows[i];
		bool ci = pab_basis_allows_p(rp->boots->basis);

		if (w->comparable)
			compare_row(f, w->a->name, w->c.ratio, ci ? w->c.lo : w->c.ratio,
				    ci ? w->c.hi : w->c.ratio, &n, &widest);
	}
	for (size_t i = 0; !rp->boots && rp->old && i < rp->old->n; i++) {
		const struct pab_rec *a = &rp->old->recs[i], *b = pab_match(rp->f, a);
		struct pab_cmp c;

		if (b && !pab_compare_recs(a, b, &c))
			compare_row(f, a->name, c.ratio, c.lo, c.hi, &n, &widest);
	}
	/* The left margin fits the longest label (characters, as gnuplot counts margins). */
	snprintf(extra, len, "nrows=%d; lchars=%zu", n, widest);
	if (rp->boots) {
		size_t off = strlen(extra);

		snprintf(rp->title, sizeof(rp->title), "B/A across boots (%zu A, %zu B): geometric mean of per-boot medians, 95%% CI",
			 rp->boots->na, rp->boots->nb);
		snprintf(extra + off, len - off, "; xlabel_text='geomean over boots of median(B) / of median(A)'");
	}
	return n;
}

/* The first ok record of method m (at bytes, or at any size for 0). */
static const struct pab_row *row_of(const struct pab_report *rp, int m, uint64_t bytes)
{
	for (size_t i = 0; i < rp->nrows; i++)
		if (rp->rows[i].r->method_id == m && (!bytes || rp->rows[i].r->bytes == bytes))
			return &rp->rows[i];
	return NULL;
}

/* One configuration but the method: the canonical keys past their method part. */
static bool same_config(const struct pab_rec *a, const struct pab_rec *b)
{
	const char *ka = a->key ? strchr(a->key, '/') : NULL, *kb = b->key ? strchr(b->key, '/') : NULL;

	return ka && kb && !strcmp(ka, kb);
}

/* Without pairs, the one line saying why: which method is missing, or that they never met. */
static void paths_missing(struct pab_report *rp)
{
	const char *apply = pab_method_name(PAB_METHOD_PAGEATTR_APPLY);
	const char *walk = pab_method_name(PAB_METHOD_PAGEATTR_WALK);
	bool has_a = row_of(rp, PAB_METHOD_PAGEATTR_APPLY, 0), has_w = row_of(rp, PAB_METHOD_PAGEATTR_WALK, 0);

	if (has_a && has_w)
		snprintf(rp->paths_missing, sizeof(rp->paths_missing),
			 "No before/after pair: %s and %s were never measured on the same configuration (size, region, mix, layout, toggle).",
			 apply, walk);
	else
		snprintf(rp->paths_missing, sizeof(rp->paths_missing),
			 "No before/after pair: the results have no ok %s%s%s record.",
			 has_a ? "" : apply, has_a || has_w ? "" : " and no ", has_w ? "" : walk);
}

/*
 * The report's first answer: per configuration measured with both
 * pageattr-apply and pageattr-walk, walk against apply (compare.h's net
 * ratio and verdict), with set_memory_x/nx and its prologue at that size
 * (they run on vmalloc regions, so by size only).
 */
void pab_report_paths(struct pab_report *rp)
{
	rp->paths = calloc(rp->nrows + 1, sizeof(*rp->paths));
	for (size_t i = 0; rp->paths && i < rp->nrows; i++) {
		const struct pab_row *a = &rp->rows[i];

		if (a->r->method_id != PAB_METHOD_PAGEATTR_APPLY)
			continue;
		for (size_t j = 0; j < rp->nrows; j++) {
			const struct pab_row *w = &rp->rows[j];
			struct pab_path_row *p = &rp->paths[rp->npaths];

			if (w->r->method_id != PAB_METHOD_PAGEATTR_WALK || !same_config(a->r, w->r) ||
			    pab_compare_recs(a->r, w->r, &p->c))
				continue;
			p->apply = a;
			p->walk = w;
			p->nx = row_of(rp, PAB_METHOD_SET_MEMORY_NX, a->r->bytes);
			p->prologue = row_of(rp, PAB_METHOD_SET_MEMORY_PROLOGUE, a->r->bytes);
			rp->npaths++;
			break;
		}
	}
	if (!rp->npaths)
		paths_missing(rp);
}

/*
 * The before/after answer as a plot: per mix, new/old net-time ratio vs size
 * with its 95 % CI (compare.h, as in the paths table):
 * pageattr-walk / pageattr-apply; without such pairs walk-lockless / apply,
 * lazy on, said so in the title; without either, a line saying why.
 */
int pab_report_ratio(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	const char *apply = pab_method_name(PAB_METHOD_APPLY), *wl = pab_method_name(PAB_METHOD_WALK_LOCKLESS);
	double lo = INFINITY, hi = 0;
	struct fig fg = { 0 };
	char mix[96];
	size_t off;
	int n;

	(void)arg;
	for (size_t i = 0; i < rp->npaths; i++) {
		const struct pab_path_row *p = &rp->paths[i];

		fig_add(&fg, -1, -1, pab_report_mix(p->apply->r, mix, sizeof(mix)), "", true,
			p->apply->r->bytes, p->c.ratio, p->c.lo, p->c.hi);
	}
	for (size_t i = 0; !rp->npaths && i < rp->nrows; i++) {
		const struct pab_rec *a = rp->rows[i].r;

		if (a->method_id != PAB_METHOD_APPLY || a->lazy_id != PAB_LAZY_ON)
			continue;
		for (size_t j = 0; j < rp->nrows; j++) {
			const struct pab_rec *b = rp->rows[j].r;
			struct pab_cmp c;

			if (b->method_id != PAB_METHOD_WALK_LOCKLESS || b->lazy_id != PAB_LAZY_ON ||
			    !same_config(a, b) || pab_compare_recs(a, b, &c))
				continue;
			fig_add(&fg, -1, -1, pab_report_mix(a, mix, sizeof(mix)), "", false, a->bytes, c.ratio,
				c.lo, c.hi);
			break;
		}
	}
	if (!fg.n) {
		snprintf(rp->title, sizeof(rp->title),
			 "Before/after ratio plot skipped: no %s/%s pair and no %s/%s pair (lazy on) on one configuration.",
			 pab_method_name(PAB_METHOD_PAGEATTR_WALK), pab_method_name(PAB_METHOD_PAGEATTR_APPLY),
			 wl, apply);
		return 0;
	}
	if (!rp->npaths)
		snprintf(rp->title, sizeof(rp->title),
			 "Before/after stand-in (no pageattr pair in the data): %s / %s, lazy on, net time ratio vs range size, 95%% CI band",
			 wl, apply);
	for (size_t i = 0; i < fg.n; i++)
		for (size_t k = 0; k < fg.s[i].n; k++) {
			lo = fmin(lo, fg.s[i].pts[k].lo > 0 ? fg.s[i].pts[k].lo : fg.s[i].pts[k].y);
			hi = fmax(hi, fg.s[i].pts[k].hi);
		}
	n = fig_emit(&fg, f, extra, len);
	fig_free(&fg);
	off = strlen(extra);
	/* A log axis once the ratios span more than 4x (the walker on PMD blocks). */
	snprintf(extra + off, len - off,
		 "; logy=%d; ylabel_text='%s / %s (%s)'; reflabel='above 1: %s %s'",
		 hi > 4 * lo || hi / lo > 4 ? 1 : 0, rp->npaths ? pab_method_name(PAB_METHOD_PAGEATTR_WALK) : wl,
		 rp->npaths ? pab_method_name(PAB_METHOD_PAGEATTR_APPLY) : apply, pab_report_measure(rp),
		 rp->npaths ? pab_method_name(PAB_METHOD_PAGEATTR_WALK) : wl, pab_report_above_one(rp));
	return n;
}

/*
 * Lost updates per million entry updates, per sharing layout (rows) and
 * lock (columns), at each layout's most threads, lazy MMU on where it ran:
 * what the race costs without a lock and what each lock leaves (0).
 */
int pab_report_lost(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg)
{
	int rows = 0;

	(void)arg;
	fprintf(f, "layout");
	for (unsigned int k = 0; k < PAB_CONC_LOCK_NR; k++)
		fprintf(f, "\t%s", conc_lock_name(k));
	fputc('\n', f);
	for (unsigned int l = 0; l < CONC_NR; l++) {
		const struct conc_record *pick[PAB_CONC_LOCK_NR] = { NULL };
		bool any = false;

		if (!conc_layout_shared(l))
			continue;
		for (size_t i = 0; i < rp->nconc; i++) {
			const struct conc_record *c = &rp->conc[i], **p;

			if (c->layout != l || c->lock >= PAB_CONC_LOCK_NR || c->threads < 2 || !c->res.leaves)
				continue;
			p = &pick[c->lock];
			if (!*p || c->threads > (*p)->threads ||
			    (c->threads == (*p)->threads && c->lazy == PAB_LAZY_ON))
				*p = c;
			any = true;
		}
		if (!any)
			continue;
		fprintf(f, "%s", conc_layout_name(l));
		for (unsigned int k = 0; k < PAB_CONC_LOCK_NR; k++)
			fprintf(f, pick[k] ? "\t%.2f" : "\tNaN", pick[k] ? conc_record_lost_ppm(pick[k]) : 0);
		fputc('\n', f);
		rows++;
	}
	snprintf(extra, len, "nlocks=%d", PAB_CONC_LOCK_NR);
	return rows;
}

/* The record a barrier run measured (by name), NULL for a null baseline or a run of no record. */
const struct pab_rec *pab_report_barrier_rec(const struct pab_report *rp, const struct pab_barrier_row *b)
{
	for (size_t i = 0; !b->null_baseline && b->name[0] && i < rp->nrows; i++)
		if (!strcmp(rp->rows[i].r->name, b->name))
			return rp->rows[i].r;
	return NULL;
}
