// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "robust.h"
#include "stats.h"
#include "tune.h"

/* The group: everything but the lazy mode, as parsed values (any spelling groups alike). */
static void key_of(const struct pab_rec *r, char *buf, size_t len)
{
	char mix[96];

	if (r->have_mix)
		pab_format_mix(r->mix_ppm, mix, sizeof(mix));
	snprintf(buf, len, "%s/%llu/%s/%s/%s", r->method, (unsigned long long)r->bytes,
		 r->have_mix ? mix : r->mix, r->layout, r->tlb);
}

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
			struct pab_stats st;
			double *v;

			key_of(r, other, sizeof(other));
			if (strcmp(g->key, other) || !r->ok || r->nsamples < 2)
				continue;
			pab_stats_compute(r->samples_ns, r->nsamples, &st);
			if (r->lazy_id == PAB_LAZY_OFF)
				g->off = st.median;
			if (!is_batch(r) || g->n == PAB_TUNE_MAX_BATCHES)
				continue;
			done[j] = true;
			v = pab_rec_samples(r);
			if (!v)
				continue;
			g->batch[g->n] = r->batch;
			g->med[g->n] = st.median;
			pab_bootstrap_median(v, r->nsamples, 2000, 0x9e3779b97f4a7c15ULL, &g->lo[g->n],
					     &g->hi[g->n]);
			free(v);
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
			if (g->lo[k] <= g->hi[g->best] && g->batch[k] < g->batch[g->pick])
				g->pick = k;
		groups++;
	}
	free(done);
	return groups;
}
