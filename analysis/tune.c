// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

			g->batch[b] = g->batch[b - 1]; g->med[b] = g->med[b - 1];
			g->lo[b] = g->lo[b - 1]; g->hi[b] = g->hi[b - 1];
			g->batch[b - 1] = tb; g->med[b - 1] = tm; g->lo[b - 1] = tl; g->hi[b - 1] = th;
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
			if (r->lazy_id == PAB_LAZY_OFF)
				g->off = s.t;
			if (!is_batch(r) || g->n == PAB_TUNE_MAX_BATCHES)
				continue;
			done[j] = true;
			g->batch[g->n] = r->batch;
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
size_t pab_walker_threshold_print(FILE *out, const struct pab_results_file *f)
{
	size_t sizes = 0;

	for (size_t i = 0; i < f->n; i++) {
		const struct pab_rec *ap = &f->recs[i];
		int from = -1, shares = 0;
		struct pab_summary sa;

		if (!pab_rec_is_old_path(ap) || pab_rec_summary(ap, &sa))
			continue;
		if (!sizes++)
			fprintf(out, "walker (lazy on) vs apply on the all-PTE region, by PMD share:\n");
		fprintf(out, "  %llu bytes:", (unsigned long long)ap->bytes);
		for (int share = 0; share <= 100; share++)
			for (size_t j = 0; j < f->n; j++) {
				const struct pab_rec *w = &f->recs[j];
				struct pab_summary sw;

				if (!(pab_rec_method_flags(w) & PAB_MF_WALKER) || w->bytes != ap->bytes ||
				    pab_rec_pmd_percent(w) != share || w->lazy_id != PAB_LAZY_ON ||
				    pab_rec_summary(w, &sw))
					continue;
				fprintf(out, " %s@%d%%=%.2fx", w->method, share, sa.t / sw.t);
				if (sw.t < sa.t && from < 0)
					from = share;
				shares++;
			}
		if (!shares)
			fprintf(out, " no walker runs at this size");
		else if (from < 0)
			fprintf(out, "; the walker is slower at every share measured");
		else
			fprintf(out, "; the walker pays off from %d%% PMD blocks", from);
		fprintf(out, "\n");
	}
	if (sizes)
		fprintf(out, "\n");
	return sizes;
}

size_t pab_tune_print(FILE *out, const struct pab_results_file *f)
{
	static struct pab_tune_group g[64];
	size_t groups = pab_tune_groups(f, g, 64);

	for (size_t i = 0; i < groups; i++) {
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
