// SPDX-License-Identifier: GPL-2.0
/*
 * The report across machines, where machines come as kernel A/Bs across
 * boots (the fleet's fleet/ab.yml: 'report --machines OUT HOST_AB_DIR...'):
 * each machine's B against A on the production paths, a column group per
 * machine in report.md and a block per machine in lkml.txt. The numbers are
 * boots.c's, as in each machine's own report across boots.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

bool pab_machines_ab_have(const struct pab_report *rps, size_t n)
{
	for (size_t m = 0; m < n; m++)
		if (rps[m].boots)
			return true;
	return false;
}

/* Machine rp's row of configuration key, or NULL. */
static const struct pab_boot_row *row_of(const struct pab_report *rp, const char *key)
{
	for (size_t i = 0; rp->boots && i < rp->boots->nrows; i++)
		if (!strcmp(rp->boots->rows[i].a->key, key))
			return &rp->boots->rows[i];
	return NULL;
}

/* Whether a row's key came first on machine m's row i (no machine before has it, nor m before i). */
static bool first_seen(const struct pab_report *rps, size_t m, size_t i)
{
	const char *key = rps[m].boots->rows[i].a->key;

	for (size_t k = 0; k < m; k++)
		if (row_of(&rps[k], key))
			return false;
	for (size_t j = 0; j < i; j++)
		if (!strcmp(rps[m].boots->rows[j].a->key, key))
			return false;
	return true;
}

void pab_machines_ab_md(FILE *md, const struct pab_report *rps, size_t n)
{
	fprintf(md, "\n## Kernel A/B across boots, per machine\n\n"
		    "Each machine's kernel B against its kernel A on the production paths, from the medians of its boots (the boot is the unit of replication: Welch's t on the logs of the per-boot medians, as in each machine's own report across boots): B/A with its 95 %% CI and the verdict (\"slower\"/\"faster\" only where the CI excludes 1 and p < 0.05; \"-\": no difference shown; \"(!)\": that machine's boots scatter more than its kernels differ). Each machine's own report across boots has the spreads and every configuration.\n\n"
		    "| | kernel A | kernel B | boots A/B |\n|---|---|---|---|\n");
	for (size_t m = 0; m < n; m++)
		if (rps[m].boots)
			fprintf(md, "| M%zu | `%s` | `%s` | %zu/%zu |\n", m + 1, rps[m].old->kernel_release,
				rps[m].f->kernel_release, rps[m].boots->na, rps[m].boots->nb);
	fprintf(md, "\n| configuration |");
	for (size_t m = 0; m < n; m++)
		if (rps[m].boots)
			fprintf(md, " M%zu B/A | M%zu 95%% CI | M%zu verdict |", m + 1, m + 1, m + 1);
	fprintf(md, "\n|---|");
	for (size_t m = 0; m < n; m++)
		if (rps[m].boots)
			fprintf(md, "---|---|---|");
	fputc('\n', md);
	for (size_t m = 0; m < n; m++)
		for (size_t i = 0; rps[m].boots && i < rps[m].boots->nrows; i++) {
			const struct pab_rec *r = rps[m].boots->rows[i].a;

			if (!pab_report_production(r) || !first_seen(rps, m, i))
				continue;
			fprintf(md, "| %s |", r->name);
			for (size_t k = 0; k < n; k++) {
				const struct pab_boot_row *w = rps[k].boots ? row_of(&rps[k], r->key) : NULL;

				if (!rps[k].boots)
					continue;
				if (!w || !w->comparable)
					fprintf(md, " - | - | %s |", w ? "n/a" : "-");
				else if (pab_basis_allows_p(rps[k].boots->basis))
					fprintf(md, " %.3f | [%.3f, %.3f] | %s%s |", w->c.ratio, w->c.lo, w->c.hi,
						pab_boot_row_word(rps[k].boots, w), w->warn ? " (!)" : "");
				else
					fprintf(md, " %.3f | - | %s |", w->c.ratio, pab_boot_row_word(rps[k].boots, w));
			}
			fputc('\n', md);
		}
}

void pab_machines_ab_lkml(FILE *f, const struct pab_report *rps, size_t n)
{
	fprintf(f, "\nKernel A/B across boots per machine (a median per boot,\nWelch t on logs); !: boots scatter more than the kernels differ\n");
	for (size_t m = 0; m < n; m++) {
		const struct pab_boots *bt = rps[m].boots;
		unsigned int shown = 0;

		if (!bt)
			continue;
		fprintf(f, "\nM%zu: B %.30s against A %.30s, %zu/%zu boots\n", m + 1, rps[m].f->kernel_release,
			rps[m].old->kernel_release, bt->nb, bt->na);
		fprintf(f, "%-14s %4s %-5s %5s %-11s %s\n", "method", "size", "mix", "B/A", "95% CI", "result");
		for (size_t i = 0; i < bt->nrows && shown < 16; i++) {
			const struct pab_boot_row *w = &bt->rows[i];
			char size[16], ci[32] = "-", mix[96];

			if (!pab_report_production(w->a))
				continue;
			shown++;
			pab_report_size(w->a->bytes, size, sizeof(size));
			if (w->comparable && pab_basis_allows_p(bt->basis))
				snprintf(ci, sizeof(ci), "%.2f-%.2f", w->c.lo, w->c.hi);
			fprintf(f, "%-14.14s %4.4s %-5.5s %5.2f %-11.11s %s%s\n", w->a->method, size,
				w->a->region && strcmp(w->a->region, "mixed") ? w->a->region :
				pab_report_mix(w->a, mix, sizeof(mix)), w->comparable ? w->c.ratio : NAN, ci,
				pab_boot_row_word(bt, w), w->warn ? " !" : "");
		}
		if (!shown)
			fprintf(f, "(no production-path configuration in both kernels' boots)\n");
	}
}
