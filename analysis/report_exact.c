// SPDX-License-Identifier: GPL-2.0
/*
 * The report's first tables in an exact run (a QEMU guest under -icount with
 * the counting plugin: DIR/barriers.json): what each path executes per call,
 * counted, not timed. Every call of a configuration gives the same counts
 * (the plugin says "exact" when they did), so a value is shown as it is,
 * without an interval, and two paths differ by a difference, not a verdict:
 * "+2.0 instructions/entry, +4095 DSB per call". Three tables, as a reviewer
 * asks: the production paths before and after the conversion, what lazy MMU
 * batching changes, and the production path over page/block mixes.
 */
#include <math.h>
#include <string.h>
#include "report.h"

/* The plugin's counts for record r among rows: its own run, or its null baseline's. */
static const struct pab_barrier_row *counts_in(const struct pab_barrier_row *rows, size_t n,
					       const struct pab_rec *r, bool null)
{
	for (size_t i = 0; r && i < n; i++)
		if (rows[i].null_baseline == null && !strcmp(rows[i].name, r->name))
			return &rows[i];
	return NULL;
}

static const struct pab_barrier_row *counts_of(const struct pab_report *rp, const struct pab_rec *r,
					       bool null)
{
	return counts_in(rp->barriers, rp->nbarriers, r, null);
}

/*
 * Counts per call; instructions less the null window's (the harness's own
 * around an empty call) where the run measured one, else with the harness's
 * fixed 17-31 instructions of dispatch in them (guest.reference).
 */
struct exact {
	double insns, dsb, dsb_ishst, dsb_ish, isb, tlbi, entries;
	bool exact;
};

static bool exact_from(const struct pab_barrier_row *b, const struct pab_barrier_row *n,
		       const struct pab_rec *r, struct exact *x);

static bool exact_of(const struct pab_report *rp, const struct pab_rec *r, struct exact *x)
{
	return exact_from(counts_of(rp, r, false), counts_of(rp, r, true), r, x);
}

static bool exact_from(const struct pab_barrier_row *b, const struct pab_barrier_row *n,
		       const struct pab_rec *r, struct exact *x)
{
	if (!b || !r->entries)
		return false;
	*x = (struct exact){
		.insns = (double)b->c.insns - (n ? (double)n->c.insns : 0),
		.dsb = (double)b->c.dsb, .dsb_ishst = (double)b->c.dsb_ishst,
		.dsb_ish = (double)b->c.dsb_ish, .isb = (double)b->c.isb, .tlbi = (double)b->c.tlbi,
		.entries = (double)r->entries, .exact = b->exact,
	};
	return true;
}

bool pab_exact_have(const struct pab_report *rp)
{
	return rp->nbarriers > 0;
}

/* "+2.0 insns/entry, +4095 DSB, +0 ISB, +0 TLBI per call": b - a, said as a difference. */
static const char *diff_text(const struct exact *a, const struct exact *b, char *buf, size_t len)
{
	snprintf(buf, len, "%+.0f insns (%+.2f/entry), DSB %+.0f, ISB %+.0f, TLBI %+.0f",
		 b->insns - a->insns, b->insns / b->entries - a->insns / a->entries, b->dsb - a->dsb,
		 b->isb - a->isb, b->tlbi - a->tlbi);
	return buf;
}

static void md_cells(FILE *md, const struct exact *x)
{
	fprintf(md, " %.0f | %.2f | %.0f (%.0f/%.0f) | %.0f | %.0f |", x->insns, x->insns / x->entries,
		x->dsb, x->dsb_ishst, x->dsb_ish, x->isb, x->tlbi);
}

static const char exact_legend[] =
	"Counted by the QEMU plugin between the module's markers around every timed call (icount guest: one instruction = 1 ns): what the path executes, the same from boot to boot. Instructions include the harness's fixed dispatch (17-31 per call, the same for every method). Every call of a configuration gave the same counts, except where marked *: a timer interrupt landed in some calls, and the undisturbed call's counts are shown (the one with the fewest instructions: an interrupt only adds). Values are exact, so two paths differ by a difference, never a verdict.";

/* bytes into the ascending set out[0..*n) of at most max sizes, once. */
static void add_size(uint64_t *out, size_t *n, size_t max, uint64_t bytes)
{
	size_t k;

	for (k = 0; k < *n && out[k] != bytes; k++)
		;
	if (k < *n || *n == max)
		return;
	for (k = (*n)++; k > 0 && out[k - 1] > bytes; k--)
		out[k] = out[k - 1];
	out[k] = bytes;
}

/* The production paths, by method: the old path's shape, the new one, the kernel's own. */
static const int path_methods[] = { PAB_METHOD_PAGEATTR_APPLY, PAB_METHOD_PAGEATTR_WALK,
				    PAB_METHOD_SET_MEMORY_NX, PAB_METHOD_SET_MEMORY };
#define NR_PATHS (sizeof(path_methods) / sizeof(path_methods[0]))

/* A page-only record: mix pte on a mixed region, or a plain vmalloc area. */
static bool page_only(const struct pab_rec *r)
{
	char mix[96];

	if (r->region && !strcmp(r->region, "vmalloc"))
		return true;
	return r->region && !strcmp(r->region, "mixed") &&
	       !strcmp(pab_report_mix(r, mix, sizeof(mix)), "pte");
}

/* Production path m on page-only memory at bytes, with its counts; NULL if not measured. */
static const struct pab_rec *path_rec(const struct pab_report *rp, int m, uint64_t bytes,
				      struct exact *x)
{
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_rec *r = rp->rows[i].r;

		if (r->method_id == m && r->bytes == bytes && page_only(r) && exact_of(rp, r, x))
			return r;
	}
	return NULL;
}

/* The sizes some production path measured on page-only memory, ascending. */
static size_t path_sizes(const struct pab_report *rp, uint64_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_rec *r = rp->rows[i].r;
		bool ours = false;

		for (size_t j = 0; j < NR_PATHS; j++)
			ours |= r->method_id == path_methods[j];
		if (!ours || !page_only(r))
			continue;
		add_size(out, &n, max, r->bytes);
	}
	return n;
}

void pab_exact_paths_md(const struct pab_report *rp, FILE *md)
{
	uint64_t sizes[64];
	size_t ns = path_sizes(rp, sizes, 64);

	fprintf(md, "## Production paths: before vs after the pagewalk conversion (exact counts per call)\n\n%s\n\n",
		exact_legend);
	char words[400];

	fprintf(md, "`pageattr-apply`: %s; `pageattr-walk`: the same through the lockless walker in a lazy section (6.18+; absent before); `set-memory-nx`: the kernel's own `set_memory_x/nx`, prologue (`vm_unmap_aliases`) included; `set-memory`: its `set_memory_ro/rw`, which under rodata_full also change each page's linear alias, one `__change_memory_common()` per page (a TLBI each). Page-only memory.\n\n",
		pab_report_apply_words(rp, false, words, sizeof(words)));
	if (!ns) {
		fprintf(md, "No production path (pageattr-apply, pageattr-walk, set-memory-nx, set-memory) was counted on page-only memory.\n\n");
		return;
	}
	fprintf(md, "| size | entries | path | insns/call | insns/entry | DSB (ishst/ish) | ISB | TLBI | walk - apply |\n|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < ns; i++) {
		struct exact x[NR_PATHS];
		const struct pab_rec *r[NR_PATHS];
		bool first = true;
		char size[16], diff[160];

		pab_report_size(sizes[i], size, sizeof(size));
		for (size_t k = 0; k < NR_PATHS; k++)
			r[k] = path_rec(rp, path_methods[k], sizes[i], &x[k]);
		for (size_t k = 0; k < NR_PATHS; k++) {
			if (!r[k])
				continue;
			fprintf(md, "| %s | %llu | `%s`%s |", first ? size : "",
				(unsigned long long)r[k]->entries, r[k]->method, x[k].exact ? "" : "*");
			md_cells(md, &x[k]);
			fprintf(md, " %s |\n", k == 1 && r[0] ? diff_text(&x[0], &x[1], diff, sizeof(diff)) : "");
			first = false;
		}
	}
	fputc('\n', md);
}


/* The row of method m at bytes, page-only mix, lazy mode `lazy` (batch: size too). */
static const struct pab_row *lazy_row(const struct pab_report *rp, int m, uint64_t bytes, int lazy,
				      uint32_t batch)
{
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_rec *r = rp->rows[i].r;
		char mix[96];

		if (r->method_id == m && r->bytes == bytes && r->lazy_id == lazy &&
		    (lazy != PAB_LAZY_BATCH || r->batch == batch) && r->tlb_id == PAB_TLB_NONE &&
		    !strcmp(pab_report_mix(r, mix, sizeof(mix)), "pte"))
			return &rp->rows[i];
	}
	return NULL;
}

/* The batch sizes measured, ascending (at most max). */
static size_t batch_sizes(const struct pab_report *rp, uint32_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < rp->nrows; i++) {
		uint32_t b = rp->rows[i].r->batch;
		size_t k;

		if (rp->rows[i].r->lazy_id != PAB_LAZY_BATCH || !b)
			continue;
		for (k = 0; k < n && out[k] != b; k++)
			;
		if (k < n || n == max)
			continue;
		for (k = n++; k > 0 && out[k - 1] > b; k--)
			out[k] = out[k - 1];
		out[k] = b;
	}
	return n;
}

/* Page-only sizes some component method measured lazy off, ascending. */
static size_t lazy_sizes(const struct pab_report *rp, uint64_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_rec *r = rp->rows[i].r;

		if (r->lazy_id != PAB_LAZY_OFF || !lazy_row(rp, r->method_id, r->bytes, PAB_LAZY_OFF, 0))
			continue;
		add_size(out, &n, max, r->bytes);
	}
	return n;
}

void pab_exact_lazy_md(const struct pab_report *rp, FILE *md)
{
	uint64_t sizes[64];
	uint32_t batch[8];
	size_t ns = lazy_sizes(rp, sizes, 64), nb = batch_sizes(rp, batch, 8);

	fprintf(md, "## What lazy MMU batching changes (exact counts per call)\n\n");
	if (!ns) {
		fprintf(md, "No component method (apply, walk-lockless, walk) was measured with lazy off.\n\n");
		return;
	}
	fprintf(md, "Page-only regions, components with the flush outside the window. Each cell: instructions per entry / DSB per call; `on`: one lazy section around the call (on 7.x `apply_to_pte_range()` opens its own per PTE table, and a nested exit flushes, so `apply` keeps one barrier pair per table); `batch=N`: a section per N entries.\n\n");
	fprintf(md, "| method | size | off | on |");
	for (size_t b = 0; b < nb; b++)
		fprintf(md, " batch=%u |", batch[b]);
	fprintf(md, " on - off |\n|---|---|---|---|");
	for (size_t b = 0; b < nb; b++)
		fprintf(md, "---|");
	fprintf(md, "---|\n");
	for (size_t j = 0; j < PAB_REPORT_NR_LAZY_METHODS; j++)
		for (size_t i = 0; i < ns; i++) {
			const struct pab_row *off = lazy_row(rp, pab_report_lazy_methods[j], sizes[i], PAB_LAZY_OFF, 0);
			const struct pab_row *on = lazy_row(rp, pab_report_lazy_methods[j], sizes[i], PAB_LAZY_ON, 0);
			struct exact xo, xn, xb;
			bool ho = off && exact_of(rp, off->r, &xo), hn = on && exact_of(rp, on->r, &xn);
			char size[16], diff[160];

			if (!ho)
				continue;
			pab_report_size(sizes[i], size, sizeof(size));
			fprintf(md, "| `%s` | %s | %.2f / %.0f |", pab_method_name((unsigned int)pab_report_lazy_methods[j]),
				size, xo.insns / xo.entries, xo.dsb);
			if (hn)
				fprintf(md, " %.2f / %.0f |", xn.insns / xn.entries, xn.dsb);
			else
				fprintf(md, " - |");
			for (size_t b = 0; b < nb; b++) {
				const struct pab_row *w = lazy_row(rp, pab_report_lazy_methods[j], sizes[i], PAB_LAZY_BATCH,
								   batch[b]);

				if (w && exact_of(rp, w->r, &xb))
					fprintf(md, " %.2f / %.0f |", xb.insns / xb.entries, xb.dsb);
				else
					fprintf(md, " - |");
			}
			fprintf(md, " %s |\n", hn ? diff_text(&xo, &xn, diff, sizeof(diff)) : "-");
		}
	fputc('\n', md);
}

/* The production path over mixes: pageattr-walk (the only one that takes blocks). */
static bool mix_row(const struct pab_rec *r)
{
	return r->method_id == PAB_METHOD_PAGEATTR_WALK && r->region && !strcmp(r->region, "mixed");
}

void pab_exact_mixes_md(const struct pab_report *rp, FILE *md)
{
	size_t shown = 0;

	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_rec *r = rp->rows[i].r;
		struct exact x;
		char size[16], mix[96];

		if (!mix_row(r) || !exact_of(rp, r, &x))
			continue;
		if (!shown++)
			fprintf(md, "## Page and block mixes: `pageattr-walk` (exact counts per call)\n\nThe production path over regions of PTEs and PMD blocks (apply_to_page_range cannot change blocks, so no before/after here). Entries: leaf entries one call changes.\n\n| size | mix | entries | insns/call | insns/entry | DSB (ishst/ish) | ISB | TLBI |\n|---|---|---|---|---|---|---|---|\n");
		pab_report_size(r->bytes, size, sizeof(size));
		fprintf(md, "| %s | %s | %llu |", size, pab_report_mix(r, mix, sizeof(mix)),
			(unsigned long long)r->entries);
		md_cells(md, &x);
		fputc('\n', md);
	}
	if (shown)
		fputc('\n', md);
}

/*
 * lkml.txt's exact tables, 72 columns: the production paths (every size the
 * sweep ran, at most rows lines), lazy on - off per method at a few sizes.
 * Returns the lines written.
 */
int pab_exact_lkml(const struct pab_report *rp, FILE *f, size_t rows)
{
	uint64_t sizes[64], psizes[64];
	size_t ns = lazy_sizes(rp, sizes, 64), np;
	int lines = 0;

	char words[64];
	bool any = false;

	/* No pageattr pair measured (e.g. the conversion's spec): no empty table. */
	np = path_sizes(rp, psizes, 64);
	for (size_t i = 0; i < np; i++) {
		struct exact unused;

		any |= path_rec(rp, PAB_METHOD_PAGEATTR_APPLY, psizes[i], &unused) ||
		       path_rec(rp, PAB_METHOD_PAGEATTR_WALK, psizes[i], &unused);
	}
	if (!any)
		goto lazy;
	fprintf(f, "Exact counts per call (QEMU plugin, icount guest): instructions\n"
		   "per call and per leaf entry; DSB, ISB, TLBI. apply: pageattr-apply\n"
		   "(apply_to_page_range %s),\nwalk: pageattr-walk (lockless walker, 6.18+)\n\n",
		pab_report_apply_words(rp, true, words, sizeof(words)));
	fprintf(f, "%5s %6s %9s %6s %9s %6s %5s %5s %4s %4s\n", "size", "PTEs", "apply", "/PTE",
		"walk", "/PTE", "dDSB", "dISB", "TLBa", "TLBw");
	lines += 5;
	for (size_t i = 0; i < np; i++) {
		struct exact a = { 0 }, w = { 0 };
		bool ha, hw;
		char size[16], cells[4][16], tlb[2][16];

		if (!pab_report_keep_point(i, np, rows))
			continue;
		ha = path_rec(rp, PAB_METHOD_PAGEATTR_APPLY, psizes[i], &a) != NULL;
		hw = path_rec(rp, PAB_METHOD_PAGEATTR_WALK, psizes[i], &w) != NULL;
		if (!ha && !hw)
			continue;
		pab_report_size(psizes[i], size, sizeof(size));
		/* A path the kernel lacks (the walker before 6.18) is "-". */
		snprintf(cells[0], 16, ha ? "%.0f" : "-", a.insns);
		snprintf(cells[1], 16, ha ? "%.2f" : "-", ha ? a.insns / a.entries : 0);
		snprintf(cells[2], 16, hw ? "%.0f" : "-", w.insns);
		snprintf(cells[3], 16, hw ? "%.2f" : "-", hw ? w.insns / w.entries : 0);
		snprintf(tlb[0], 16, ha ? "%.0f" : "-", a.tlbi);
		snprintf(tlb[1], 16, hw ? "%.0f" : "-", w.tlbi);
		fprintf(f, "%5s %6.0f %9s %6s %9s %6s", size, ha ? a.entries : w.entries, cells[0], cells[1],
			cells[2], cells[3]);
		if (ha && hw)
			fprintf(f, " %+5.0f %+5.0f %4s %4s\n", w.dsb - a.dsb, w.isb - a.isb, tlb[0], tlb[1]);
		else
			fprintf(f, " %5s %5s %4s %4s\n", "-", "-", tlb[0], tlb[1]);
		lines++;
	}
	fprintf(f, "dDSB, dISB: walk - apply per call\n\n");
	lines += 2;
lazy:
	if (!ns)
		return lines;
	fprintf(f, "Lazy MMU on - off, page-only, per call (insns/PTE, DSB)\n");
	fprintf(f, "%5s %-20s %-20s %-20s\n", "size", "apply", "walk-lockless", "walk");
	lines += 2;
	for (size_t i = 0; i < ns; i++) {
		char size[16];

		if (!pab_report_keep_point(i, ns, 4))
			continue;
		pab_report_size(sizes[i], size, sizeof(size));
		fprintf(f, "%5s", size);
		for (size_t j = 0; j < PAB_REPORT_NR_LAZY_METHODS; j++) {
			const struct pab_row *off = lazy_row(rp, pab_report_lazy_methods[j], sizes[i], PAB_LAZY_OFF, 0);
			const struct pab_row *on = lazy_row(rp, pab_report_lazy_methods[j], sizes[i], PAB_LAZY_ON, 0);
			struct exact xo, xn;
			char cell[32] = "-";

			if (off && on && exact_of(rp, off->r, &xo) && exact_of(rp, on->r, &xn))
				snprintf(cell, sizeof(cell), "%+.2f, %+.0f", xn.insns / xn.entries -
					 xo.insns / xo.entries, xn.dsb - xo.dsb);
			fprintf(f, " %-20s", cell);
		}
		fputc('\n', f);
		lines++;
	}
	fputc('\n', f);
	return lines + 1;
}

/*
 * Kernel A/B in counts: every record of B that is a whole kernel path (the
 * kernel's own set_memory_*, its prologue, the replicas), matched in A by its
 * canonical name, with both sides' plugin counts.
 */
static bool ab_pair(const struct pab_report *rp, size_t i, const struct pab_rec **a,
		    const struct pab_rec **b, struct exact *xa, struct exact *xb)
{
	*a = &rp->old->recs[i];
	*b = pab_match(rp->f, *a);
	/* Hot calls: a cold one counts the same (report_cold.c). */
	if (!*b || !(*a)->ok || !(*b)->ok || (*b)->cold ||
	    !(pab_rec_method_flags(*b) & (PAB_MF_KERNEL | PAB_MF_PATH)))
		return false;
	return exact_from(counts_in(rp->old_barriers, rp->nold_barriers, *a, false),
			  counts_in(rp->old_barriers, rp->nold_barriers, *a, true), *a, xa) &&
	       exact_of(rp, *b, xb);
}

bool pab_exact_ab_have(const struct pab_report *rp)
{
	const struct pab_rec *a, *b;
	struct exact xa, xb;

	for (size_t i = 0; rp->old && rp->old_barriers && rp->barriers && i < rp->old->n; i++)
		if (ab_pair(rp, i, &a, &b, &xa, &xb))
			return true;
	return false;
}

/* The toggle a kernel path flips, in the kernel's names. */
static const char *kernel_calls(const struct pab_rec *r)
{
	switch (r->method_id) {
	case PAB_METHOD_SET_MEMORY: return "set_memory_ro/rw";
	case PAB_METHOD_SET_MEMORY_NX: return "set_memory_x/nx";
	case PAB_METHOD_SET_MEMORY_PROLOGUE: return "their prologue";
	default: return r->method;
	}
}

void pab_exact_ab_md(const struct pab_report *rp, FILE *md)
{
	const struct pab_rec *a, *b;
	struct exact xa, xb;
	char title[96];

	fprintf(md, "## %s in exact counts per call: B %s against A %s\n\n", pab_report_ab_title(rp, false, title, sizeof(title)),
		rp->f->kernel_release, rp->old->kernel_release);
	pab_report_ab_lead(rp, md, true);
	fprintf(md, "The kernel's own paths on both kernels, counted by the QEMU plugin (icount guests): instructions per call and per page (leaf entry), DSB ISHST/ISH, ISB and TLBI per call, A → B. Values are exact: B - A is a difference, not an estimate. `set_memory_ro/rw` includes the linear-alias loop where rodata_full is on (one `__change_memory_common()` per page: one TLBI each); `set_memory_x/nx` has none. T: the PTE tables the area's PTEs are in (a per-table path pays per table).\n\n");
	fprintf(md, "| path | size | pages | T | A insns | B insns | B - A | per page | DSB ISHST | DSB ISH | ISB | TLBI |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < rp->old->n; i++) {
		char size[16];

		if (!ab_pair(rp, i, &a, &b, &xa, &xb))
			continue;
		pab_report_size(b->bytes, size, sizeof(size));
		fprintf(md, "| `%s` (%s)%s | %s | %.0f | %llu | %.0f | %.0f | %+.0f | %+.2f | %.0f → %.0f | %.0f → %.0f | %.0f → %.0f | %.0f → %.0f |\n",
			b->method, kernel_calls(b), xa.exact && xb.exact ? "" : "*", size, xb.entries,
			(unsigned long long)b->pte_tables, xa.insns, xb.insns, xb.insns - xa.insns,
			(xb.insns - xa.insns) / xb.entries, xa.dsb_ishst, xb.dsb_ishst, xa.dsb_ish, xb.dsb_ish,
			xa.isb, xb.isb, xa.tlbi, xb.tlbi);
	}
	fprintf(md, "\n*: a timer interrupt reached some calls of a side; the undisturbed call's counts (the fewest instructions: an interrupt only adds).\n\n");
	pab_report_ab_one_side(rp, md, true);
}

void pab_exact_ab_lkml(const struct pab_report *rp, FILE *f)
{
	const struct pab_rec *a, *b;
	struct exact xa, xb;
	char title[96], line[160];
	bool ro = false;	/* a set-memory row: its legend */

	/* "Kernel A/B, exact counts ...", or between releases "Whole-kernel A/B, release X -> Y, ...". */
	pab_report_ab_title(rp, true, title, sizeof(title));
	snprintf(line, sizeof(line), "%s%s exact counts per call (QEMU plugin, icount guests)", title,
		 title[strlen(title) - 1] == ',' ? "" : ",");
	pab_report_wrap(f, line);
	fprintf(f, "  B %.60s\n  A %.60s\n", rp->f->kernel_release, rp->old->kernel_release);
	pab_report_ab_lead(rp, f, false);
	fprintf(f, "insns per call; d/pg: B - A per page; DSB ISHST and TLBI A>B\n\n");
	fprintf(f, "%-13s %4s %5s %8s %8s %7s %10s %10s\n", "path", "size", "pages", "A insns", "B insns",
		"d/pg", "DSB", "TLBI");
	for (size_t i = 0; i < rp->old->n; i++) {
		char size[16], dsb[24], tlbi[24];

		if (!ab_pair(rp, i, &a, &b, &xa, &xb) || b->method_id == PAB_METHOD_SET_MEMORY_PROLOGUE)
			continue;
		ro |= b->method_id == PAB_METHOD_SET_MEMORY;
		pab_report_size(b->bytes, size, sizeof(size));
		snprintf(dsb, sizeof(dsb), "%.0f>%.0f", xa.dsb_ishst, xb.dsb_ishst);
		snprintf(tlbi, sizeof(tlbi), "%.0f>%.0f", xa.tlbi, xb.tlbi);
		/* 72 columns: 8 digits of instructions, "12289>8194", a per-page +1160.0 in 7. */
		fprintf(f, "%-13.13s %4s %5.0f %8.0f %8.0f %+7.*f %10s %10s\n", b->method, size, xb.entries,
			xa.insns, xb.insns, fabs(xb.insns - xa.insns) >= 1000 * xb.entries ? 1 : 2,
			(xb.insns - xa.insns) / xb.entries, dsb, tlbi);
	}
	if (ro)
		fprintf(f, "set-memory: set_memory_ro/rw (linear-alias loop under rodata_full)\n");
	pab_report_ab_one_side(rp, f, false);
	fputc('\n', f);
}
