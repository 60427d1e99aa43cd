// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel A/B across boots in the report (boots.h): the answer first in
 * report.md (every configuration both kernels measured) and in lkml.txt
 * (the production paths, 72 columns), with both spreads and the warning
 * where the boots of a kernel scatter more than the kernels differ.
 */
#include <math.h>
#include <string.h>
#include "report.h"

/* The geometric mean of n per-boot medians: what B/A is the ratio of. */
static double geo_mean(const double *m, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += log(m[i]);
	return n ? exp(s / (double)n) : NAN;
}

static void range_of(const double *m, size_t n, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		*lo = fmin(*lo, m[i]);
		*hi = fmax(*hi, m[i]);
	}
}

static void md_row(const struct pab_boots *bt, const struct pab_boot_row *w, FILE *md)
{
	double alo, ahi, blo, bhi;
	char text[96];

	pab_boot_row_text(bt, w, text, sizeof(text));
	if (!w->comparable) {
		fprintf(md, "| %s | %zu/%zu | - | - | - | - | - | - | %s | - | - |\n", w->a->name, w->na, w->nb, text);
		return;
	}
	range_of(w->ma, w->na, &alo, &ahi);
	range_of(w->mb, w->nb, &blo, &bhi);
	fprintf(md, "| %s | %zu/%zu | %.0f (%.0f-%.0f) | %.0f (%.0f-%.0f) | %.3f | ", w->a->name, w->na, w->nb,
		geo_mean(w->ma, w->na), alo, ahi, geo_mean(w->mb, w->nb), blo, bhi, w->c.ratio);
	if (pab_basis_allows_p(bt->basis))
		fprintf(md, "[%.3f, %.3f] | %.1f | %.2g | ", w->c.lo, w->c.hi, w->c.df, w->c.p);
	else
		fprintf(md, "- | - | - | ");
	fprintf(md, "%s%s | %.1f/%.1f | %.1f/%.1f |\n", text, w->warn ? " (!)" : "", 100 * w->within_a,
		100 * w->within_b, 100 * w->between_a, 100 * w->between_b);
}

/* The configurations whose boots scatter more than the kernels differ: named (5 at most). */
static void md_warning(const struct pab_boots *bt, FILE *md)
{
	size_t shown = 0;

	if (!bt->nwarn)
		return;
	fprintf(md, "> **warning:** in %zu configuration%s the boots of one kernel differ among themselves more than the two kernels differ (between-boot spread > |B/A - 1|, marked (!)):",
		bt->nwarn, bt->nwarn == 1 ? "" : "s");
	for (size_t i = 0; i < bt->nrows && shown < 5; i++)
		if (bt->rows[i].warn)
			fprintf(md, "%s `%s`", shown++ ? "," : "", bt->rows[i].a->name);
	if (bt->nwarn > shown)
		fprintf(md, " and %zu more", bt->nwarn - shown);
	fprintf(md, ". A difference that small is not told apart from where a boot happens to place the pages: more rounds narrow the interval, a quieter machine or `isolcpus` narrows the spread.\n\n");
}

void pab_boots_md(const struct pab_report *rp, FILE *md)
{
	const struct pab_boots *bt = rp->boots;
	char title[96];

	fprintf(md, "## %s across boots: kernel B %s (%zu boots) against kernel A %s (%zu boots)\n\n",
		pab_report_ab_title(rp, false, title, sizeof(title)), rp->f->kernel_release, bt->nb, rp->old->kernel_release, bt->na);
	if (!pab_exact_ab_have(rp))
		pab_report_ab_lead(rp, md, true);
	fprintf(md, "Boots are the unit of replication: every boot places pages, lays out the kernel (KASLR) and colours caches anew, so its calls move together. Each boot gives one median per configuration (net of the null window where every boot has one); B/A is the ratio of the geometric means of the per-boot medians, its 95 %% interval Welch's t on their logs (df: Welch-Satterthwaite); a verdict only where the interval excludes 1, p < 0.05 and the boots point the same way, else \"no difference shown\". With 2 boots a side the interval is wide: that is what two boots can tell.\n\n");
	fprintf(md, "Spreads: *within* a boot, the median over a kernel's boots of each boot's IQR of calls / median (%%); *between* boots, the SD of the log per-boot medians (%%): when it exceeds |B/A - 1| the boots, not the kernels, decide what one pair of runs would show.\n\n");
	if (!pab_basis_allows_verdict(bt->basis))
		fprintf(md, "No verdict: %s.\n\n", pab_basis_why(bt->basis));
	for (size_t i = 0; i < bt->na; i++)
		fprintf(md, "- A boot %zu: `%s` (%s)\n", i + 1, rp->dirs_a[i], bt->a[i]->kernel_release);
	for (size_t i = 0; i < bt->nb; i++)
		fprintf(md, "- B boot %zu: `%s` (%s)\n", i + 1, rp->dirs_b[i], bt->b[i]->kernel_release);
	fprintf(md, "\n");
	md_warning(bt, md);
	fprintf(md, "| configuration | boots A/B | A ns (boots' range) | B ns (boots' range) | B/A | 95%% CI | df | p (Welch) | verdict | within A/B %% | between A/B %% |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < bt->nrows; i++)
		md_row(bt, &bt->rows[i], md);
	fputc('\n', md);
}

void pab_boots_lkml(const struct pab_report *rp, FILE *f)
{
	const struct pab_boots *bt = rp->boots;
	unsigned int shown = 0, more = 0, warned = 0;
	bool mix_legend = false;

	fprintf(f, "Kernel A/B across boots (a median per boot, Welch t on logs)\n");
	fprintf(f, "  B %.50s, %zu boots\n  A %.50s, %zu boots\n", rp->f->kernel_release, bt->nb,
		rp->old->kernel_release, bt->na);
	pab_report_ab_lead(rp, f, false);
	fprintf(f, "geometric means of per-boot net medians in us; btw: the larger\nbetween-boot spread (%%), ! where it exceeds |B/A - 1|\n\n");
	fprintf(f, "%-14s %4s %-5s %7s %7s %5s %-11s %5s %s\n", "method", "size", "mix", "A us", "B us",
		"B/A", "95% CI", "btw%", "result");
	for (size_t i = 0; i < bt->nrows; i++) {
		const struct pab_boot_row *w = &bt->rows[i];
		char size[16], ci[32], mix[96];
		const char *label;
		double btw;

		if (!pab_report_production(w->a))
			continue;
		if (shown == 16) {
			more++;
			continue;
		}
		shown++;
		warned += w->warn;
		label = pab_report_where_short(w->a, mix, sizeof(mix), &mix_legend);
		pab_report_size(w->a->bytes, size, sizeof(size));
		if (w->comparable && pab_basis_allows_p(bt->basis))
			snprintf(ci, sizeof(ci), "%.2f-%.2f", w->c.lo, w->c.hi);
		else
			snprintf(ci, sizeof(ci), "-");
		btw = 100 * fmax(w->between_a, w->between_b);
		/* 100 % and more in 4 columns too: whole percent. */
		fprintf(f, "%-14.14s %4.4s %-5.5s %7.1f %7.1f %5.2f %-11.11s %4.*f%c %s\n", w->a->method, size,
			label, geo_mean(w->ma, w->na) / 1e3, geo_mean(w->mb, w->nb) / 1e3, w->c.ratio, ci,
			btw < 99.95 ? 1 : 0, btw, w->warn ? '!' : ' ', pab_boot_row_word(bt, w));
	}
	if (!shown)
		fprintf(f, "(no production-path configuration in both kernels' boots: see report.md)\n");
	if (more)
		fprintf(f, "(%u more in report.md)\n", more);
	fprintf(f, pab_basis_allows_verdict(bt->basis) ?
		   "result: B slower/faster (CI excludes 1, p < 0.05),\n  -: no difference shown\n" :
		   "result: none: these times give no verdict\n");
	if (warned)
		pab_report_wrap(f, "!: the boots of one kernel differ more than the kernels do: more rounds, or a difference below what these boots can show.");
	if (mix_legend)
		fprintf(f, "%s\n", PAB_REPORT_MIX_LEGEND);
	fputc('\n', f);
}
