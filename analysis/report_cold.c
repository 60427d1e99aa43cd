// SPDX-License-Identifier: GPL-2.0
/*
 * Cold calls (run --cold, a sweep's "cold = yes" or "both"): every call
 * after the caches were evicted and the TLB flushed, outside its window.
 * pab_report_prepare keeps the cold records apart (rp->cold), so every
 * other table and plot holds hot calls only; this table sets each cold
 * configuration beside its hot twin. Under an exact clock it is one line
 * instead: the eviction and the flush run outside the counted window, so
 * a cold call executes the same instructions, barriers and TLBIs.
 */
#include <string.h>
#include "basis.h"
#include "canon.h"
#include "report.h"

/* The hot record of a cold one's configuration: its name without "/cold". */
static const struct pab_row *hot_twin(const struct pab_report *rp, const struct pab_rec *cold)
{
	size_t n = cold->key ? strlen(cold->key) : 0, s = strlen(PAB_NAME_COLD);

	if (n <= s || strcmp(cold->key + n - s, PAB_NAME_COLD))
		return NULL;
	for (size_t i = 0; i < rp->nrows; i++) {
		const char *k = rp->rows[i].r->key;

		if (k && strlen(k) == n - s && !strncmp(k, cold->key, n - s))
			return &rp->rows[i];
	}
	return NULL;
}

bool pab_report_cold_exact(const struct pab_report *rp)
{
	return pab_exact_have(rp) || pab_basis_exact(pab_basis_of(rp->f));
}

void pab_report_cold_md(const struct pab_report *rp, FILE *md)
{
	if (!rp->ncold)
		return;
	fprintf(md, "## Cold calls\n\n");
	if (pab_report_cold_exact(rp)) {
		fprintf(md, "Cold changes no count: exact mode counts the instructions, barriers and TLBIs inside the window, and the eviction and TLB flush before each of the %zu cold configurations' calls run outside it; the tables above are the hot calls.\n\n",
			rp->ncold);
		return;
	}
	fprintf(md, "Before each cold call, outside its window, the module read a buffer larger than the last-level cache (`cold_evict_mb`) and flushed the whole TLB: a one-off call, as production makes it. Every other table and plot holds hot calls only. Medians in ns net of the null window (measured right after each call, so hot); cold/hot with the 95 %% CI of the ratio, as `compare` gives it.\n\n");
	if (!pab_report_verdicts(rp))
		fprintf(md, "**No verdict:** an emulator's times (QEMU TCG). It models no caches, so evicting them costs a call little, and the flush empties QEMU's own TLB: a cold call need not look slower here. Only a real CPU says what cold costs.\n\n");
	fprintf(md, "| method | size | mix | lazy | hot ns | cold ns | cold/hot | 95%% CI |\n|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rp->ncold; i++) {
		const struct pab_row *w = &rp->cold[i], *hot = hot_twin(rp, w->r);
		const struct pab_rec *r = w->r;
		char size[16], mix[96];
		struct pab_cmp c;

		pab_report_size(r->bytes, size, sizeof(size));
		fprintf(md, "| %s | %s | %s | %s | ", pab_rec_method_name(r), size,
			r->region && strcmp(r->region, "mixed") ? r->region :
			pab_report_mix(r, mix, sizeof(mix)), r->lazy);
		/* The comparison's medians: net on both sides or raw on both, as its ratio. */
		if (hot && !pab_compare_recs(hot->r, r, &c))
			fprintf(md, "%.0f | %.0f | %.3f | [%.3f, %.3f] |\n", c.ma, c.mb, c.ratio, c.lo,
				c.hi);
		else
			fprintf(md, "- | %.0f | - | - |\n", w->s.t);
	}
	fputc('\n', md);
}
