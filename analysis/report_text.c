// SPDX-License-Identifier: GPL-2.0
/* The report's text: report.md, report.html (the markdown and the plots inline), lkml.txt. */
#include <stdlib.h>
#include <string.h>
#include "basis.h"
#include "report.h"

static FILE *open_out(const struct pab_report *rp, const char *name, const char *mode)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", rp->dir, name);
	return fopen(path, mode);
}

/* The comparison table: B/A per configuration in both files, with compare.h's verdict. */
static void md_compare(const struct pab_report *rp, FILE *md)
{
	/* Where the exact A/B opened the report, it said what the A/B measures. */
	bool first = !pab_exact_ab_have(rp);
	char title[96], va[32], vb[32];

	if (pab_report_release_ab(rp, va, vb, sizeof(va)))
		fprintf(md, "## %s kernel B %s against kernel A %s\n\n", pab_report_ab_title(rp, false, title, sizeof(title)),
			rp->f->kernel_release, rp->old->kernel_release);
	else if (pab_report_kernel_ab(rp))
		fprintf(md, "## A/B: kernel B %s against kernel A %s\n\n", rp->f->kernel_release, rp->old->kernel_release);
	if (first)
		pab_report_ab_lead(rp, md, true);
	if (pab_report_kernel_ab(rp))
		fprintf(md, "Every configuration both runs measured, paired by its canonical name; ns per entry: B's net median per leaf entry (under `--icount` one instruction is one ns: instructions per entry).\n\n");
	else
		fprintf(md, "\n## Comparison with %s (%s)\n\n", rp->old->command ? "the older run" : "A",
			rp->old->kernel_release);
	fprintf(md, "Medians net of the null window (an empty timed window after each call, same run, same CPU; the A/B null medians in the last column), raw where a file has none.\n\n");
	if (!pab_report_verdicts(rp))
		fprintf(md, "No verdict: a run's times are an emulator's (QEMU TCG); under icount B - A is a difference in instructions, stated as it is.\n\n");
	fprintf(md, "| configuration | A net ns | B net ns | B/A | 95%% CI | p (MWU) | verdict | change | null ns A/B | A/B ns per entry |\n|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rp->old->n; i++) {
		const struct pab_rec *a = &rp->old->recs[i], *b = pab_match(rp->f, a);
		struct pab_cmp c;
		char text[96];

		if (!b || pab_compare_recs(a, b, &c))
			continue;
		if (!pab_report_verdicts(rp)) {
			enum pab_basis basis = pab_basis_of_two(rp->old, rp->f);

			fprintf(md, "| %s | %.0f | %.0f | %.3f | - | - | %s | %s | ", a->name, c.ma, c.mb,
				c.ratio, pab_basis_no_verdict(basis),
				pab_basis_cmp_text(basis, &c, a, b, text, sizeof(text)));
		} else
			fprintf(md, "| %s | %.0f | %.0f | %.3f | [%.3f, %.3f] | %.2g | %s | %s | ", a->name,
				c.ma, c.mb, c.ratio, c.lo, c.hi, c.p, pab_verdict_word(c.verdict),
				c.verdict == PAB_NO_DIFFERENCE ? "-" : pab_cmp_text(&c, text, sizeof(text)));
		if (c.net)
			fprintf(md, "%.0f/%.0f | ", c.null_a, c.null_b);
		else
			fprintf(md, "raw (no null window) | ");
		if (a->entries && b->entries)
			fprintf(md, "%.1f/%.1f |\n", c.ma / a->entries, c.mb / b->entries);
		else
			fprintf(md, "- |\n");
	}
	fputc('\n', md);
	if (first)
		pab_report_ab_one_side(rp, md, true);
}

/* Said under the cpa_lock verdict when its runs had an emulator's clock. */
static const char conc_emulated_note[] =
	"Calls/s and throughput changes are an emulator's (two vCPUs on two host threads, multi-threaded TCG), not a CPU's: only the lost updates and the splits, read back from the page tables, speak about the kernel.";

/* The report's answer to the cpa_lock question (the runs behind it come after the plots). */
static void md_cpa_verdict(const struct pab_report *rp, FILE *md)
{
	fprintf(md, "## Concurrent callers: is a cpa_lock needed?\n");
	/* The case x86's cpa_lock exists for leads: concurrent splits. */
	pab_split_lines(md, rp->split, rp->split_control, false);
	conc_verdict(md, rp->conc, rp->nconc);
	if (!pab_basis_allows_verdict(pab_basis_of_clock(rp->conc_clock)))
		fprintf(md, "- %s\n", conc_emulated_note);
	fputc('\n', md);
}

static void md_concurrency(const struct pab_report *rp, FILE *md)
{
	fprintf(md, "\n## Concurrent runs\n");
	/* The lost updates and splits are read back from the page tables; the rates are timed. */
	if (!pab_basis_allows_verdict(pab_basis_of_clock(rp->conc_clock)))
		fprintf(md, "\nTwo vCPUs on two host threads (multi-threaded TCG), so calls really overlap; calls/s, scaling and lock wait are the emulator's (a spinning vCPU costs what TCG makes it cost), not a CPU's: only the lost updates and splits say anything about the kernel.\n");
	fprintf(md, "\n| layout | method | lazy | lock | threads | calls/s | scaling | lock wait | lost | split | status |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rp->nconc; i++) {
		const struct conc_record *c = &rp->conc[i];

		if (c->skip)
			continue;
		fprintf(md, "| %s | %s | %s | %s | %u | %.0f | %.2f | %.1f %% | %llu | %llu | %s |\n",
			conc_layout_name(c->layout), pab_method_name(c->method),
			conc_lazy_name(c->lazy), conc_lock_name(c->lock), c->threads, c->calls_per_s,
			c->speedup, 100 * c->lock_wait_share,
			(unsigned long long)(c->res.mismatched + c->res.final_mismatched),
			(unsigned long long)(c->res.level_changes + c->res.final_level_changes),
			conc_record_status(c));
	}
}

/* Exact barrier and TLBI counts per call and per entry (DIR/barriers.json). */
static void md_barriers(const struct pab_report *rp, FILE *md)
{
	fprintf(md, "## Barriers and TLB invalidations per call (exact: QEMU plugin)\n\n");
	fprintf(md, "Counted by the QEMU TCG plugin between the module's markers around each timed call "
		    "(vm/guest.sh --count-insns): what the path executes, not speculative PMU counts; "
		    "\"exact\": every call gave the same.\n\n");
	fprintf(md, "| configuration | calls | instructions | DSB (ishst/ish) | ISB | TLBI | DSB/entry | ISB/entry | exact |\n|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rp->nbarriers; i++) {
		const struct pab_barrier_row *b = &rp->barriers[i];
		const struct pab_rec *r = pab_report_barrier_rec(rp, b);
		double e = r && r->entries ? (double)r->entries : 0;
		char ops[160] = "";

		if (!r)
			continue;
		for (unsigned int k = 0; k < b->c.nops; k++)
			snprintf(ops + strlen(ops), sizeof(ops) - strlen(ops), "%s%s %llu", k ? ", " : " (",
				 b->c.op_name[k], (unsigned long long)b->c.op_n[k]);
		if (b->c.nops)
			strncat(ops, ")", sizeof(ops) - strlen(ops) - 1);
		fprintf(md, "| %s | %llu | %llu | %llu (%llu/%llu) | %llu | %llu%s |", b->name,
			(unsigned long long)b->calls, (unsigned long long)b->c.insns,
			(unsigned long long)b->c.dsb, (unsigned long long)b->c.dsb_ishst,
			(unsigned long long)b->c.dsb_ish, (unsigned long long)b->c.isb,
			(unsigned long long)b->c.tlbi, ops);
		if (e > 0)
			fprintf(md, " %.3f | %.3f |", (double)b->c.dsb / e, (double)b->c.isb / e);
		else
			fprintf(md, " - | - |");
		fprintf(md, " %s |\n", b->exact ? "yes" : "medians");
	}
	fputc('\n', md);
}

/* Which way the ratio points: said next to the table in every writer. */
static const char *paths_sign(const struct pab_report *rp, char *buf, size_t len)
{
	enum pab_basis b = pab_basis_of_two(rp->f, rp->old);

	snprintf(buf, len, "walk/apply > 1: the new path (pageattr-walk, 6.18+) %s",
		 b == PAB_BASIS_HOST_TIMES ? "is slower" :
		 b == PAB_BASIS_EXACT_COUNTS ? "runs more instructions" : "took longer in the emulator");
	return buf;
}

static const char *path_verdict(enum pab_verdict v)
{
	return v == PAB_B_SLOWER ? "walk slower" : v == PAB_B_FASTER ? "walk faster" : "no difference proven";
}

/* A row's net median in units of unit ns with prec decimals, or "-" where that method was not measured. */
static const char *time_or_dash(const struct pab_row *w, double unit, int prec, char *buf, size_t len)
{
	if (w)
		snprintf(buf, len, "%.*f", prec, w->s.t / unit);
	else
		snprintf(buf, len, "-");
	return buf;
}

/* The answer first: the production path before and after the pagewalk conversion. */
static void md_paths(const struct pab_report *rp, FILE *md)
{
	char sign[160], words[400];

	fprintf(md, "## Production paths: before vs after the pagewalk conversion\n\n");
	if (!rp->npaths) {
		fprintf(md, "%s\n\n", rp->paths_missing);
		return;
	}
	fprintf(md, "`pageattr-apply`: %s; `pageattr-walk`: the same since 6.18 (split, lazy section, lockless walk, flush). `set-memory-nx`: the kernel's own `set_memory_x/nx` at that size, the ground truth; `set-memory-prologue`: what it does before `__change_memory_common()` (checks, `vm_unmap_aliases`). Medians in ns net of the null window; walk/apply with the 95 %% CI of the ratio of net medians (`compare`'s: closed form from 50 calls a side, bootstrap below); a verdict only where the CI excludes 1, Mann-Whitney p < 0.05 and the rank test points the same way, as `compare` decides.\n\n**Sign: %s.**\n\n", pab_report_apply_words(rp, false, words, sizeof(words)),
		paths_sign(rp, sign, sizeof(sign)));
	if (!pab_report_verdicts(rp))
		fprintf(md, "**No verdict:** these times are an emulator's (QEMU TCG): they depend on translation, host load and timer interrupts, not on the paths. Run on an arm64 machine for times, or in the default exact guest for counts.\n\n");
	fprintf(md, "| size | mix | pageattr-apply ns | pageattr-walk ns | walk/apply | 95%% CI | verdict | set-memory-nx ns | set-memory-prologue ns |\n|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rp->npaths; i++) {
		const struct pab_path_row *p = &rp->paths[i];
		char size[16], mix[96], nx[32], pro[32];

		pab_report_size(p->apply->r->bytes, size, sizeof(size));
		/* The comparison's medians: net on both sides or raw on both, as its ratio. */
		fprintf(md, "| %s | %s | %.0f | %.0f | %.3f | [%.3f, %.3f] | %s | %s | %s |\n", size,
			pab_report_mix(p->apply->r, mix, sizeof(mix)), p->c.ma, p->c.mb,
			p->c.ratio, p->c.lo, p->c.hi,
			pab_report_verdicts(rp) ? path_verdict(p->c.verdict) : "none (emulator)",
			time_or_dash(p->nx, 1, 0, nx, sizeof(nx)),
			time_or_dash(p->prologue, 1, 0, pro, sizeof(pro)));
	}
	fputc('\n', md);
}

/* What this run's clock (and the older one's with --compare) lets the report say. */
static bool report_note(const struct pab_report *rp, char *buf, size_t len)
{
	if (rp->old)
		return pab_basis_why_text(rp->old, "the older run", rp->f, "this run", buf, len);
	return pab_basis_why_text(rp->f, NULL, NULL, NULL, buf, len);
}

/* One configuration: net time (raw, said so, for older files), interrupt hits. */
static void md_row(FILE *md, const struct pab_row *w)
{
	const struct pab_rec *r = w->r;

	fprintf(md, "| %s | %zu | %.0f | [%.0f, %.0f] | ", r->name, r->nsamples, w->s.t, w->s.t_lo,
		w->s.t_hi);
	if (w->s.have_net)
		fprintf(md, "%.0f | %.0f | ", w->s.null_median, w->s.median);
	else
		fprintf(md, "- (raw: no null window) | %.0f | ", w->s.median);
	if (r->irq_hit_calls)
		fprintf(md, "%llu of %zu, %s | ", (unsigned long long)r->irq_hit_calls, r->ncalls,
			r->irq_excluded ? "excluded" : "kept");
	else
		fprintf(md, "0 | ");
	fprintf(md, "%.2f | %zu |\n", w->s.per_entry, w->s.outliers);
}

void pab_report_markdown(struct pab_report *rp)
{
	const struct pab_results_file *f = rp->f;
	FILE *md = open_out(rp, "report.md", "w");
	char note[512];

	if (!md)
		return;
	/* First screen: the answers. Then the plots, then every configuration. */
	fprintf(md, "# pageattr-bench report\n\n");
	pab_summary_machine(rp, md, true);
	fprintf(md, "- command: `%s`\n- configurations: %zu (%zu ok)\n\n", f->command, f->n,
		rp->nrows + rp->ncold);
	if (report_note(rp, note, sizeof(note)))
		fprintf(md, "> **note:** %s\n\n", note);
	/*
	 * Several boots a side: the A/B across them leads (one pair of boots
	 * is no A/B of kernels); exact counts, which no boot changes, follow.
	 * A kernel A/B of exact runs leads in counts; its timed comparison comes last.
	 */
	if (rp->boots) {
		pab_boots_md(rp, md);
		if (pab_report_kernel_ab(rp) && pab_exact_ab_have(rp))
			pab_exact_ab_md(rp, md);
	} else if (pab_report_kernel_ab(rp) && pab_exact_ab_have(rp)) {
		pab_exact_ab_md(rp, md);
	} else if (pab_report_kernel_ab(rp)) {
		md_compare(rp, md);
	}
	if (pab_exact_have(rp)) {
		/* Counted, not timed: the answers in instructions and barriers. */
		pab_exact_paths_md(rp, md);
		pab_report_cold_md(rp, md);
		pab_exact_lazy_md(rp, md);
		pab_exact_mixes_md(rp, md);
	} else {
		md_paths(rp, md);
		pab_report_cold_md(rp, md);
		pab_summary_lazy_md(rp, md);
		pab_summary_entry(rp, md, true);
	}
	if (rp->nconc)
		md_cpa_verdict(rp, md);
	if (rp->nbarriers)
		md_barriers(rp, md);
	fprintf(md, "## Plots\n\n");
	for (size_t i = 0; i < rp->ndone; i++)
		if (!rp->done[i].png[0])	/* skipped: the line why */
			fprintf(md, "- %s\n\n", rp->done[i].caption);
		else
			fprintf(md, "### %s\n\n![%s](plots/%s)\n\n", rp->done[i].caption,
				rp->done[i].caption, rp->done[i].png);
	fprintf(md, "## Configurations\n\nTimes net of the null window: the median per call minus the median of the empty timed window measured after each call (same run, same CPU; its median in \"null ns\"), 95 %% CI [lo - null hi, hi - null lo]; raw where the file has no null windows (older files). Calls hit by an interrupt are left out unless the run kept them.\n\n");
	fprintf(md, "| configuration | n | net ns | 95%% CI | null ns | raw median ns | irq hits | ns/entry | outliers |\n|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rp->nrows; i++)
		md_row(md, &rp->rows[i]);
	/* Every configuration is listed: the cold ones after, their names ending "/cold". */
	for (size_t i = 0; i < rp->ncold; i++)
		md_row(md, &rp->cold[i]);
	for (size_t i = 0; i < f->n; i++)
		if (!f->recs[i].ok)
			fprintf(md, "%s- %s: %s\n", i ? "" : "\n", f->recs[i].name,
				f->recs[i].error ? f->recs[i].error : f->recs[i].status);
	/* Across boots, a table of one boot's calls against another's would be the confound itself. */
	if (rp->old && !rp->boots && (!pab_report_kernel_ab(rp) || pab_exact_ab_have(rp)))
		md_compare(rp, md);
	if (rp->nconc)
		md_concurrency(rp, md);
	fclose(md);
}

/* The cpa_lock verdict for the mail, after a blank line. */
static void lkml_verdict(const struct pab_report *rp, FILE *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	pab_split_lines(m, rp->split, rp->split_control, true);
	conc_verdict(m, rp->conc, rp->nconc);
	if (!pab_basis_allows_verdict(pab_basis_of_clock(rp->conc_clock)))
		fprintf(m, "- %s\n", conc_emulated_note);
	fclose(m);
	fputc('\n', out);
	pab_report_wrap(out, buf);
	free(buf);
}

#define LKML_PATH_ROWS 8

/* The production paths first, in 72 columns: the table's legend above it. */
static void lkml_paths(const struct pab_report *rp, FILE *f)
{
	char sign[160], words[64];
	bool mix_legend = false;

	fprintf(f, "Production paths: before vs after the pagewalk conversion\n");
	if (!rp->npaths) {
		pab_report_wrap(f, rp->paths_missing);
		fputc('\n', f);
		return;
	}
	fprintf(f, "apply: pageattr-apply (%s),\nwalk: pageattr-walk (6.18+),\n"
		   "nx: set-memory-nx (set_memory_x/nx), pro: set-memory-prologue;\n"
		   "medians in us net of the null window, 95%% CI of walk/apply\n",
		pab_report_apply_words(rp, true, words, sizeof(words)));
	pab_report_wrap(f, paths_sign(rp, sign, sizeof(sign)));
	fputc('\n', f);
	fprintf(f, "%5s %-8s %8s %8s %5s %-10s %-6s %7s %7s\n", "size", "mix", "apply us",
		"walk us", "w/a", "95% CI", "result", "nx us", "pro us");
	for (size_t i = 0; i < rp->npaths; i++) {
		const struct pab_path_row *p = &rp->paths[i];
		char size[16], mix[96], ci[32], nx[16], pro[16];
		const char *label;

		/* At most LKML_PATH_ROWS sizes, the largest always: the mail stays near 60 lines. */
		if (!pab_report_keep_point(i, rp->npaths, LKML_PATH_ROWS))
			continue;

		pab_report_size(p->apply->r->bytes, size, sizeof(size));
		/* Ratios of the whole paths stay near 1 (apply refuses blocks): two decimals fit. */
		snprintf(ci, sizeof(ci), "%.2f-%.2f", p->c.lo, p->c.hi);
		label = pab_report_mix_short(p->apply->r, mix, sizeof(mix), &mix_legend);
		fprintf(f, "%5s %-8.8s %8.1f %8.1f %5.2f %-10.10s %-6s %7.7s %7.7s\n", size,
			label, p->c.ma / 1e3, p->c.mb / 1e3,
			p->c.ratio, ci, !pab_report_verdicts(rp) ? "none" : p->c.verdict == PAB_B_SLOWER ? "slower" :
			p->c.verdict == PAB_B_FASTER ? "faster" : "-",
			time_or_dash(p->nx, 1e3, 1, nx, sizeof(nx)),
			time_or_dash(p->prologue, 1e3, 1, pro, sizeof(pro)));
	}
	fprintf(f, pab_report_verdicts(rp) ? "result: walk slower/faster (CI excludes 1, p < 0.05), -: none%s\n" :
		   "result: none: an emulator's times give no verdict%s\n",
		rp->npaths > LKML_PATH_ROWS ? "\nsome sizes left out: see report.md" : "");
	fprintf(f, "%s\n", mix_legend ? PAB_REPORT_MIX_LEGEND "\n" : "");
}

/* The header both mail files start with: kernel, machine, the emulator notice. */
static void lkml_head(const struct pab_report *rp, FILE *f)
{
	char note[512], line[600];

	fprintf(f, "pageattr-bench, kernel %.50s\n", rp->f->kernel_release);
	pab_summary_machine(rp, f, false);
	fputc('\n', f);
	if (report_note(rp, note, sizeof(note))) {
		snprintf(line, sizeof(line), "note: %s", note);
		pab_report_wrap(f, line);
		fputc('\n', f);
	}
}

/* A row's group in lkml-full.txt: everything but method, size and lazy mode. */
static void lkml_group(const struct pab_row *w, char *buf, size_t len)
{
	const char *toggle = w->r->key ? strstr(w->r->key, "/toggle=") : NULL;
	char mix[96];

	snprintf(buf, len, "%s region, mix %s, layout %s, tlb %s%s%s", w->r->region,
		 pab_report_mix(w->r, mix, sizeof(mix)), w->r->layout, w->r->tlb,
		 toggle ? ", toggle " : "", toggle ? toggle + 8 : "");
}

/*
 * lkml-full.txt: every configuration, grouped by what the columns do not
 * show, so no label is cut: method, size and lazy mode fit whole (the
 * longest method name is 19 characters), 72 columns at most.
 */
static void lkml_full(struct pab_report *rp)
{
	FILE *f = open_out(rp, "lkml-full.txt", "w");
	char group[256], other[256];
	bool raw = false;

	if (!f)
		return;
	lkml_head(rp, f);
	fprintf(f, "All configurations, net of the null window: the median per call\n"
		   "minus that of an empty timed window after each call (same CPU)\n");
	for (size_t i = 0; i < rp->nrows; i++) {
		bool first = true;

		lkml_group(&rp->rows[i], group, sizeof(group));
		for (size_t k = 0; k < i && first; k++) {
			lkml_group(&rp->rows[k], other, sizeof(other));
			first = strcmp(group, other) != 0;
		}
		if (!first)
			continue;
		fputc('\n', f);
		pab_report_wrap(f, group);
		fprintf(f, "%-19s %5s %-9s %9s %7s %8s %5s\n", "method", "size", "lazy", "net us",
			"+/- us", "ns/entry", "null");
		for (size_t j = i; j < rp->nrows; j++) {
			const struct pab_row *w = &rp->rows[j];
			char size[16], null[16] = "raw*";

			lkml_group(w, other, sizeof(other));
			if (strcmp(group, other))
				continue;
			raw |= !w->s.have_net;
			if (w->s.have_net)
				snprintf(null, sizeof(null), "%.0f", w->s.null_median);
			pab_report_size(w->r->bytes, size, sizeof(size));
			fprintf(f, "%-19s %5s %-9s %9.2f %7.2f %8.1f %5s\n", w->r->method, size, w->r->lazy,
				w->s.t / 1e3, (w->s.t_hi - w->s.t_lo) / 2e3, w->s.per_entry, null);
		}
	}
	fprintf(f, "\nnull: the null window's median in ns%s\n",
		raw ? "; raw*: raw time (no null window)" : "");
	fclose(f);
}

/*
 * The A/B in 72 columns, first in lkml.txt: the production paths' and the
 * kernel's own set_memory_x/nx's configurations (at most 16 lines; every
 * configuration is in report.md).
 */
static void lkml_ab(const struct pab_report *rp, FILE *f)
{
	unsigned int shown = 0, more = 0;
	bool mix_legend = false;
	char title[96], va[32], vb[32];

	/* Between releases, the title on a line of its own (without its closing comma). */
	if (pab_report_release_ab(rp, va, vb, sizeof(va)))
		fprintf(f, "%.*s\n", (int)strlen(pab_report_ab_title(rp, true, title, sizeof(title))) - 1, title);
	fprintf(f, "A/B: kernel B %.50s\n  against kernel A %.50s\n", rp->f->kernel_release,
		rp->old->kernel_release);
	pab_report_ab_lead(rp, f, false);
	fprintf(f, "net medians in us, B/A with its 95%% CI (per entry: report.md)\n\n");
	/* Whole kernel paths only: their lazy mode is always native, no column for it. */
	fprintf(f, "%-14s %5s %-7s %7s %7s %5s %-11s %s\n", "method", "size", "mix",
		"A us", "B us", "B/A", "95% CI", "result");
	for (size_t i = 0; i < rp->old->n; i++) {
		const struct pab_rec *a = &rp->old->recs[i], *b = pab_match(rp->f, a);
		struct pab_cmp c;
		char size[16], ci[32], mix[96];
		const char *label;

		if (!b || !pab_report_production(a))
			continue;
		if (pab_compare_recs(a, b, &c))
			continue;
		if (shown == 16) {
			more++;
			continue;
		}
		shown++;
		pab_report_size(b->bytes, size, sizeof(size));
		snprintf(ci, sizeof(ci), "%.3f-%.3f", c.lo, c.hi);
		label = pab_report_where_short(b, mix, sizeof(mix), &mix_legend);
		fprintf(f, "%-14.14s %5s %-7.7s %7.1f %7.1f %5.2f %-11.11s %s\n", a->method,
			size, label, c.ma / 1e3, c.mb / 1e3, c.ratio, ci,
			!pab_report_verdicts(rp) ? "none" :
			c.verdict == PAB_B_SLOWER ? "slower" : c.verdict == PAB_B_FASTER ? "faster" : "-");
	}
	if (!shown)
		fprintf(f, "(no production-path configuration in both runs: see report.md)\n");
	if (more)
		fprintf(f, "(%u more in report.md)\n", more);
	fprintf(f, pab_report_verdicts(rp) ? "result: B slower/faster (CI excludes 1, p < 0.05), -: none\n" :
		   "result: none: an emulator's times give no verdict\n");
	if (mix_legend)
		fprintf(f, "%s\n", PAB_REPORT_MIX_LEGEND);
	pab_report_ab_one_side(rp, f, false);
	fputc('\n', f);
}

/* lkml.txt: the summary to paste, 72 columns, about 60 lines; the rest in lkml-full.txt. */
void pab_report_lkml(struct pab_report *rp)
{
	FILE *f = open_out(rp, "lkml.txt", "w");

	if (!f)
		return;
	lkml_head(rp, f);
	if (rp->boots)
		pab_boots_lkml(rp, f);
	if (pab_report_kernel_ab(rp) && pab_exact_ab_have(rp))
		pab_exact_ab_lkml(rp, f);
	else if (pab_report_kernel_ab(rp) && !rp->boots)
		lkml_ab(rp, f);
	if (pab_exact_have(rp)) {
		pab_exact_lkml(rp, f, 10);
	} else {
		/* The cost per entry is in report.md: the mail keeps the two answers. */
		lkml_paths(rp, f);
		pab_summary_lazy_lkml(rp, f);
	}
	if (rp->nconc)
		lkml_verdict(rp, f);
	fprintf(f, "Every configuration: lkml-full.txt\n");
	fclose(f);
	lkml_full(rp);
}
