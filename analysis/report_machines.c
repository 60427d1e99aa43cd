// SPDX-License-Identifier: GPL-2.0
/*
 * One report across machines (pageattr-bench report --machines): the same
 * before/after question (pageattr-walk against pageattr-apply, net medians,
 * 95 % CI of the ratio, compare.h's verdict) answered per machine, side by
 * side, as reviewers publish it (Apple M2 next to Ampere Altra, Graviton2/3/4
 * next to AmpereOne): report.md with a column group per machine, lkml.txt in
 * 72 columns, and the ratio against size with a line per machine.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "report.h"
#include "report_fig.h"

/* At most this many machines side by side in lkml.txt (72 columns); more go in blocks. */
#define LKML_COLS 6

static void machine_label(const struct pab_report *rp, char *buf, size_t len)
{
	snprintf(buf, len, "%s, kernel %s, %s", rp->f->cpu_name ? rp->f->cpu_name : "unknown CPU",
		 rp->f->kernel_release, rp->dir);
}

/* The (size, mix) pairs any machine measured both paths at, in first-seen order. */
struct key {
	uint64_t bytes;
	char mix[96];
};

static size_t collect_keys(const struct pab_report *rps, size_t n, struct key **out)
{
	struct key *k = NULL;
	size_t nk = 0, cap = 0;

	for (size_t m = 0; m < n; m++)
		for (size_t i = 0; i < rps[m].npaths; i++) {
			const struct pab_rec *r = rps[m].paths[i].apply->r;
			char mix[96];
			size_t j;

			pab_report_mix(r, mix, sizeof(mix));
			for (j = 0; j < nk && (k[j].bytes != r->bytes || strcmp(k[j].mix, mix)); j++)
				;
			if (j < nk)
				continue;
			if (nk == cap) {
				struct key *g = realloc(k, (cap = cap ? 2 * cap : 16) * sizeof(*k));

				if (!g)
					break;
				k = g;
			}
			k[nk].bytes = r->bytes;
			snprintf(k[nk].mix, sizeof(k[nk].mix), "%s", mix);
			nk++;
		}
	*out = k;
	return nk;
}

/* Machine m's pair at key k, or NULL. */
static const struct pab_path_row *path_at(const struct pab_report *rp, const struct key *k)
{
	for (size_t i = 0; i < rp->npaths; i++) {
		char mix[96];

		if (rp->paths[i].apply->r->bytes == k->bytes &&
		    !strcmp(pab_report_mix(rp->paths[i].apply->r, mix, sizeof(mix)), k->mix))
			return &rp->paths[i];
	}
	return NULL;
}

static const char *mark(enum pab_verdict v)
{
	return v == PAB_B_SLOWER ? "+" : v == PAB_B_FASTER ? "-" : "";
}

static void write_md(const char *dir, const struct pab_report *rps, size_t n, const struct key *k,
		     size_t nk, bool plotted)
{
	char path[4200], label[512];
	FILE *md;
	bool emulated = false;

	snprintf(path, sizeof(path), "%s/report.md", dir);
	if (!(md = fopen(path, "w")))
		return;
	fprintf(md, "# pageattr-bench: %zu machines\n\n", n);
	for (size_t m = 0; m < n; m++)
		emulated |= rps[m].f->emulated;
	if (emulated)
		fprintf(md, "> **note:** machines marked emulated are QEMU TCG guests: their times are the emulator's, not a CPU's.\n\n");
	fprintf(md, "| | CPU | kernel | arch, page size | results |\n|---|---|---|---|---|\n");
	for (size_t m = 0; m < n; m++)
		fprintf(md, "| M%zu | %s%s | `%s` | %s, %llu | `%s` |\n", m + 1,
			rps[m].f->cpu_name ? rps[m].f->cpu_name : "unknown CPU",
			rps[m].f->emulated ? " (emulated)" : "", rps[m].f->kernel_release, rps[m].f->arch,
			(unsigned long long)rps[m].f->page_size, rps[m].dir);
	fprintf(md, "\n## Before vs after the pagewalk conversion, per machine\n\n"
		    "`pageattr-apply` (arm64 `__change_memory_common()` up to 6.17) against `pageattr-walk` (6.18+): "
		    "net medians in µs (the null window taken out), walk/apply with its 95 %% CI; "
		    "**+**: walk slower, **-**: walk faster (the CI excludes 1 and Mann-Whitney p < 0.05), "
		    "\"-\" alone: not measured there.\n\n| size | mix |");
	for (size_t m = 0; m < n; m++)
		fprintf(md, " M%zu apply | M%zu walk | M%zu walk/apply |", m + 1, m + 1, m + 1);
	fprintf(md, "\n|---|---|");
	for (size_t m = 0; m < n; m++)
		fprintf(md, "---|---|---|");
	fputc('\n', md);
	for (size_t i = 0; i < nk; i++) {
		char size[16];

		pab_report_size(k[i].bytes, size, sizeof(size));
		fprintf(md, "| %s | %s |", size, k[i].mix);
		for (size_t m = 0; m < n; m++) {
			const struct pab_path_row *p = path_at(&rps[m], &k[i]);

			if (p)
				fprintf(md, " %.2f | %.2f | %.3f%s [%.3f, %.3f] |", p->c.ma / 1e3, p->c.mb / 1e3,
					p->c.ratio, mark(p->c.verdict), p->c.lo, p->c.hi);
			else
				fprintf(md, " - | - | - |");
		}
		fputc('\n', md);
	}
	for (size_t m = 0; m < n; m++)
		if (!rps[m].npaths) {
			machine_label(&rps[m], label, sizeof(label));
			fprintf(md, "\n- M%zu (%s): %s\n", m + 1, label, rps[m].paths_missing);
		}
	if (pab_machines_ab_have(rps, n))
		pab_machines_ab_md(md, rps, n);
	if (plotted)
		fprintf(md, "\n## Plots\n\n![walk/apply per machine](plots/machines_ratio.png)\n");
	fprintf(md, "\nEach machine's own report (every configuration, lazy MMU, the cpa_lock verdict) is in its results directory.\n");
	fclose(md);
}

/* lkml.txt: the machines named, then walk/apply per size, LKML_COLS machines a block. */
static void write_lkml(const char *dir, const struct pab_report *rps, size_t n, const struct key *k,
		       size_t nk)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/lkml.txt", dir);
	if (!(f = fopen(path, "w")))
		return;
	fprintf(f, "pageattr-bench: pageattr-walk / pageattr-apply on %zu machines\n\n", n);
	for (size_t m = 0; m < n; m++)
		fprintf(f, "M%zu: %.40s%s, %.40s\n", m + 1,
			rps[m].f->cpu_name ? rps[m].f->cpu_name : "unknown CPU",
			rps[m].f->emulated ? " (emulated)" : "", rps[m].f->kernel_release);
	fprintf(f, "\nwalk/apply, net medians; +: walk slower, -: walk faster\n"
		   "(95%% CI excludes 1 and p < 0.05); no mark: no difference shown\n");
	for (size_t b = 0; b < n; b += LKML_COLS) {
		size_t e = b + LKML_COLS < n ? b + LKML_COLS : n;

		fprintf(f, "\n%5s %-10s", "size", "mix");
		for (size_t m = b; m < e; m++) {
			char h[24];

			snprintf(h, sizeof(h), "M%zu", m + 1);
			fprintf(f, " %8s", h);
		}
		fputc('\n', f);
		for (size_t i = 0; i < nk; i++) {
			char size[16];

			pab_report_size(k[i].bytes, size, sizeof(size));
			fprintf(f, "%5s %-10.10s", size, k[i].mix);
			for (size_t m = b; m < e; m++) {
				const struct pab_path_row *p = path_at(&rps[m], &k[i]);
				char v[16] = "-";

				if (p)
					snprintf(v, sizeof(v), "%.2f%s", p->c.ratio, mark(p->c.verdict));
				fprintf(f, " %8s", v);
			}
			fputc('\n', f);
		}
	}
	if (pab_machines_ab_have(rps, n))
		pab_machines_ab_lkml(f, rps, n);
	fclose(f);
}

/* walk/apply vs size, a line per machine (by name), a panel per mix. */
static bool draw(const char *dir, const struct pab_report *rps, size_t n, const char *plots,
		 int (*run)(char *const argv[], char *msg, size_t len), char *err, size_t errlen)
{
	struct pab_report out = { 0 };
	char path[4200], extra[8192], name[64];
	struct fig fg = { 0 };
	FILE *t;
	int rows;

	out.dir = dir;
	out.plots = plots;
	out.run = run;
	snprintf(out.plotdir, sizeof(out.plotdir), "%s/plots", dir);
	if (mkdir(out.plotdir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", out.plotdir, strerror(errno));
		return false;
	}
	for (size_t m = 0; m < n; m++)
		for (size_t i = 0; i < rps[m].npaths; i++) {
			const struct pab_path_row *p = &rps[m].paths[i];
			char mix[96], panel[128];

			snprintf(name, sizeof(name), "M%zu %.40s", m + 1,
				 rps[m].f->cpu_name ? rps[m].f->cpu_name : "unknown CPU");
			snprintf(panel, sizeof(panel), "mix %s", pab_report_mix(p->apply->r, mix, sizeof(mix)));
			fig_add(&fg, -1, -1, name, panel, true, p->apply->r->bytes, p->c.ratio, p->c.lo, p->c.hi);
		}
	snprintf(path, sizeof(path), "%s/machines_ratio.tsv", out.plotdir);
	if (!fg.n || !(t = fopen(path, "w"))) {
		if (fg.n)
			snprintf(err, errlen, "plot machines_ratio.png not drawn: cannot write its data %s: %s", path,
				 strerror(errno));
		fig_free(&fg);
		return false;
	}
	rows = fig_emit(&fg, t, extra, sizeof(extra));
	fig_free(&fg);
	if (ferror(t) | fclose(t)) {
		snprintf(err, errlen, "plot machines_ratio.png not drawn: writing its data %s failed: %s", path,
			 strerror(errno));
		return false;
	}
	snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
		 "; logy=0; ylabel_text='pageattr-walk / pageattr-apply (net time)'; reflabel='ratio 1: above it (> 1) the new path (pageattr-walk) is slower'");
	rows = rows > 0 && !pab_report_draw(&out, "ratio.gp", "machines_ratio.tsv", "machines_ratio.png",
					    "Before/after per machine: pageattr-walk / pageattr-apply, net time vs range size, 95% CI band",
					    extra);
	if (out.nfailed)
		snprintf(err, errlen, "%s", out.plot_err);
	free(out.done);
	return rows;
}

int pab_report_machines(const char *dir, struct pab_report *rps, size_t n, const char *plots,
			int (*run)(char *const argv[], char *msg, size_t len), char *err, size_t errlen)
{
	struct key *k = NULL;
	size_t nk;
	bool plotted;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	nk = collect_keys(rps, n, &k);
	err[0] = '\0';
	plotted = nk && draw(dir, rps, n, plots, run, err, errlen);
	write_md(dir, rps, n, k, nk, plotted);
	write_lkml(dir, rps, n, k, nk);
	free(k);
	/* A plot that failed: the texts are written without it, and the command fails. */
	return err[0] ? -1 : 0;
}
