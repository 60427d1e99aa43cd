// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "basis.h"
#include "canon.h"
#include "compare.h"
#include "tune.h"

/* The group: everything but the lazy mode, as parsed values (any spelling groups alike). */
#define key_of pab_rec_group_key

static bool is_batch(const struct pab_rec *r)
{
	return r->lazy_id >= 0 && (pab_vocab_flags(&pab_lazy_modes, (unsigned int)r->lazy_id) & PAB_ZF_ARG);
}

static void sort_by_batch(struct pab_tune_group *g)
{
	for (size_t a = 1; a < g->n; a++)
		for (size_t b = a; b > 0 && g->batch[b - 1] > g->batch[b]; b--) {
			unsigned long tb = g->batch[b]; double tm = g->med[b], tl = g->lo[b], th = g->hi[b];
			const struct pab_rec *tr = g->rec[b];

			g->batch[b] = g->batch[b - 1]; g->med[b] = g->med[b - 1];
			g->lo[b] = g->lo[b - 1]; g->hi[b] = g->hi[b - 1]; g->rec[b] = g->rec[b - 1];
			g->batch[b - 1] = tb; g->med[b - 1] = tm; g->lo[b - 1] = tl; g->hi[b - 1] = th;
			g->rec[b - 1] = tr;
		}
}

size_t pab_tune_groups(const struct pab_results_file *f, struct pab_tune_group *out, size_t max)
{
	bool *done = calloc(f->n + 1, sizeof(*done));
	size_t groups = 0;

	for (size_t i = 0; done && i < f->n && groups < max; i++) {
		struct pab_tune_group *g = &out[groups];
		char other[512];

		if (done[i] || !is_batch(&f->recs[i]))
			continue;
		memset(g, 0, sizeof(*g));
		g->off = NAN;
		key_of(&f->recs[i], g->key, sizeof(g->key));
		for (size_t j = 0; j < f->n; j++) {
			const struct pab_rec *r = &f->recs[j];
			struct pab_summary s;

			key_of(r, other, sizeof(other));
			if (strcmp(g->key, other) || pab_rec_summary(r, &s))
				continue;
			/* Net of the null window, as analyze and compare: the window's cost is no batch's. */
			if (r->lazy_id == PAB_LAZY_OFF) {
				g->off = s.t;
				g->off_rec = r;
			}
			if (!is_batch(r) || g->n == PAB_TUNE_MAX_BATCHES)
				continue;
			done[j] = true;
			g->batch[g->n] = r->batch;
			g->rec[g->n] = r;
			g->med[g->n] = s.t;
			g->lo[g->n] = s.t_lo;
			g->hi[g->n] = s.t_hi;
			g->n++;
		}
		if (!g->n)
			continue;
		sort_by_batch(g);
		for (size_t k = 1; k < g->n; k++)
			if (g->med[k] < g->med[g->best])
				g->best = k;
		g->pick = g->best;
		for (size_t k = 0; k < g->n; k++)
			if (pab_ci_overlap(g->lo[k], g->hi[k], g->lo[g->best], g->hi[g->best]) &&
			    g->batch[k] < g->batch[g->pick])
				g->pick = k;
		groups++;
	}
	free(done);
	return groups;
}

/*
 * Where the walker stops (or starts) paying off: per size, the old path
 * (apply on the all-PTE region, lazy on) against the walker on each PMD share
 * measured; the smallest share from which the walker's median is lower.
 */
size_t pab_walker_shares(const struct pab_results_file *f, const struct pab_rec *ap,
			 struct pab_walker_share *out)
{
	size_t n = 0;

	for (int share = 0; share <= 100; share++)
		for (size_t j = 0; j < f->n; j++) {
			const struct pab_rec *w = &f->recs[j];
			struct pab_summary sw;

			if (!(pab_rec_method_flags(w) & PAB_MF_WALKER) || w->bytes != ap->bytes ||
			    pab_rec_pmd_percent(w) != share || w->lazy_id != PAB_LAZY_ON ||
			    pab_rec_summary(w, &sw))
				continue;
			out[n++] = (struct pab_walker_share){ .walker = w, .share = share, .t = sw.t };
		}
	return n;
}

/* Exact counts: walker - apply in ns (= instructions), and per entry where both have entries. */
static void print_share_diff(FILE *out, const struct pab_walker_share *w, const struct pab_rec *ap,
			     double ta)
{
	fprintf(out, " %s@%d%%=%+.0f ns", w->walker->method, w->share, w->t - ta);
	if (w->walker->entries && ap->entries)
		fprintf(out, " (%+.2f/entry)", w->t / (double)w->walker->entries - ta / (double)ap->entries);
}

size_t pab_walker_threshold_print(FILE *out, const struct pab_results_file *f)
{
	enum pab_basis basis = pab_basis_of(f);
	struct pab_walker_share *ws = calloc(f->n + 1, sizeof(*ws));
	size_t sizes = 0;

	for (size_t i = 0; ws && i < f->n; i++) {
		const struct pab_rec *ap = &f->recs[i];
		int from = -1;
		size_t shares;
		struct pab_summary sa;

		if (!pab_rec_is_old_path(ap) || pab_rec_summary(ap, &sa))
			continue;
		if (!sizes++)
			fprintf(out, "walker (lazy on) vs apply on the all-PTE region, by PMD share%s:\n",
				pab_basis_exact(basis) ? " (walker - apply, ns = instructions)" : "");
		fprintf(out, "  %llu bytes:", (unsigned long long)ap->bytes);
		shares = pab_walker_shares(f, ap, ws);
		for (size_t k = 0; k < shares; k++) {
			if (pab_basis_exact(basis))
				print_share_diff(out, &ws[k], ap, sa.t);
			else
				fprintf(out, " %s@%d%%=%.2fx", ws[k].walker->method, ws[k].share, sa.t / ws[k].t);
			if (ws[k].t < sa.t && from < 0)
				from = ws[k].share;
		}
		if (!shares)
			fprintf(out, " no walker runs at this size");
		else if (!pab_basis_allows_verdict(basis))
			fprintf(out, "; %s", pab_basis_no_verdict(basis));
		else if (from < 0)
			fprintf(out, "; the walker is slower at every share measured");
		else
			fprintf(out, "; the walker pays off from %d%% PMD blocks", from);
		fprintf(out, "\n");
	}
	free(ws);
	if (sizes)
		fprintf(out, "\n");
	return sizes;
}

/*
 * Exact counts: each batch's difference from lazy off (ns = instructions,
 * and per entry), no fastest, no recommendation; emulated times: the
 * numbers and no verdict (basis.h).
 */
static void tune_print_no_verdict(FILE *out, const struct pab_tune_group *g, enum pab_basis basis)
{
	bool diff = pab_basis_exact(basis) && g->off_rec;

	fprintf(out, "%s\n  %-10s %12s %25s%s\n", g->key, "batch", "net ns", "95% CI",
		diff ? "   batch - lazy off (ns = instructions)" : "");
	for (size_t k = 0; k < g->n; k++) {
		fprintf(out, "  %-10lu %12.0f [%10.0f, %10.0f]", g->batch[k], g->med[k], g->lo[k], g->hi[k]);
		if (diff)
			fprintf(out, "   %+.0f ns", g->med[k] - g->off);
		if (diff && g->rec[k]->entries && g->off_rec->entries)
			fprintf(out, " (%+.2f/entry)", g->med[k] / (double)g->rec[k]->entries -
				g->off / (double)g->off_rec->entries);
		fprintf(out, "\n");
	}
	if (diff)
		fprintf(out, "  lazy off: %.0f ns; %s\n\n", g->off, pab_basis_no_verdict(basis));
	else
		fprintf(out, "  lazy MMU batch: %s\n\n", pab_basis_no_verdict(basis));
}

size_t pab_tune_print(FILE *out, const struct pab_results_file *f)
{
	static struct pab_tune_group g[64];
	size_t groups = pab_tune_groups(f, g, 64);
	enum pab_basis basis = pab_basis_of(f);

	for (size_t i = 0; i < groups; i++) {
		if (!pab_basis_allows_verdict(basis)) {
			tune_print_no_verdict(out, &g[i], basis);
			continue;
		}
		fprintf(out, "%s\n  %-10s %12s %25s\n", g[i].key, "batch", "net ns", "95% CI");
		for (size_t k = 0; k < g[i].n; k++)
			fprintf(out, "  %-10lu %12.0f [%10.0f, %10.0f]%s%s\n", g[i].batch[k], g[i].med[k],
				g[i].lo[k], g[i].hi[k], k == g[i].best ? "  fastest" : "",
				k == g[i].pick ? "  <- recommended" : "");
		fprintf(out, "  recommended lazy MMU batch: %lu leaf entries (the smallest batch whose CI overlaps the fastest's)",
			g[i].batch[g[i].pick]);
		if (!isnan(g[i].off)) {
			double gain = 100 * (1 - g[i].med[g[i].pick] / g[i].off);

			fprintf(out, "; %.1f%% %s than lazy off", fabs(gain), gain >= 0 ? "faster" : "slower");
		}
		fprintf(out, "\n\n");
	}
	if (groups)
		fprintf(out, "net ns: the median net of the null window, 95%% CI [lo - null hi, hi - null lo] (raw where the file has no null windows)\n");
	return groups;
}
