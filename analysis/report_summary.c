// SPDX-License-Identifier: GPL-2.0
/*
 * The report's first screen, beside the production-path table (rp->paths):
 * what lazy MMU batching changes per method and size, what one entry costs,
 * the machine the numbers come from. The same selections feed report.md and
 * lkml.txt, each in its own format.
 */
#include <stdlib.h>
#include <string.h>
#include "report.h"


/* The row whose canonical key is key, or NULL. */
static const struct pab_row *row_by_key(const struct pab_report *rp, const char *key)
{
	for (size_t i = 0; i < rp->nrows; i++)
		if (rp->rows[i].r->key && !strcmp(rp->rows[i].r->key, key))
			return &rp->rows[i];
	return NULL;
}

/* Is this row method m with lazy off, at bytes and mix (any bytes for 0)? */
static bool lazy_off_row(const struct pab_row *w, int m, uint64_t bytes, const char *mix)
{
	char buf[96];

	return w->r->method_id == m && w->r->lazy_id == PAB_LAZY_OFF && w->r->key &&
	       (!bytes || (w->r->bytes == bytes && !strcmp(pab_report_mix(w->r, buf, sizeof(buf)), mix)));
}

/*
 * Lazy on against lazy off for method m at one size and mix: c's ratio is
 * off/on (A = on, B = off), the gain; "B slower" means batching helps. The
 * twin is the same canonical key with lazy=on.
 */
static bool lazy_gain(const struct pab_report *rp, int m, uint64_t bytes, const char *mix,
		      struct pab_cmp *c)
{
	for (size_t i = 0; i < rp->nrows; i++) {
		const struct pab_row *off = &rp->rows[i], *on;
		char key[512], *at;

		if (!lazy_off_row(off, m, bytes, mix))
			continue;
		snprintf(key, sizeof(key), "%s", off->r->key);
		at = strstr(key, "/lazy=off/");
		if (!at)
			continue;
		memmove(at + 9, at + 10, strlen(at + 10) + 1);
		memcpy(at, "/lazy=on/", 9);
		on = row_by_key(rp, key);
		if (on && !pab_compare_recs(on->r, off->r, c))
			return true;
	}
	return false;
}

/* The (size, mix) pairs measured lazy off by a component method, in the rows' order. */
static size_t lazy_points(const struct pab_report *rp, uint64_t *bytes, char (*mix)[96], size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < rp->nrows && n < max; i++) {
		const struct pab_row *w = &rp->rows[i];
		char m[96];
		size_t k;
		bool ours = false;

		for (size_t j = 0; j < PAB_REPORT_NR_LAZY_METHODS; j++)
			ours |= lazy_off_row(w, pab_report_lazy_methods[j], 0, NULL);
		if (!ours)
			continue;
		pab_report_mix(w->r, m, sizeof(m));
		for (k = 0; k < n && (bytes[k] != w->r->bytes || strcmp(mix[k], m)); k++)
			;
		if (k == n) {
			bytes[n] = w->r->bytes;
			snprintf(mix[n++], sizeof(mix[0]), "%s", m);
		}
	}
	return n;
}

/* Text of one gain cell: "1.23 helps", "0.98 hurts", "1.00", or "-". */
static const char *gain_cell(const struct pab_report *rp, int m, uint64_t bytes, const char *mix,
			     bool words, char *buf, size_t len)
{
	struct pab_cmp c;

	if (!lazy_gain(rp, m, bytes, mix, &c))
		snprintf(buf, len, "-");
	else if (!pab_report_verdicts(rp))	/* an emulator's times: the ratio, no word */
		snprintf(buf, len, "%.2f", c.ratio);
	else
		snprintf(buf, len, "%.2f%s", c.ratio,
			 c.verdict == PAB_B_SLOWER ? (words ? " helps" : "+") :
			 c.verdict == PAB_B_FASTER ? (words ? " hurts" : "-") : "");
	return buf;
}

/* Rows of the lazy table: report.md's fit a screen, lkml.txt's keep the mail near 60 lines. */
#define SUMMARY_ROWS 12
#define LKML_ROWS 10

void pab_summary_lazy_md(const struct pab_report *rp, FILE *md)
{
	uint64_t bytes[256];
	char mix[256][96];
	size_t n = lazy_points(rp, bytes, mix, 256);

	fprintf(md, "## What lazy MMU batching changes\n\n");
	if (!n) {
		fprintf(md, "No component method (apply, walk-lockless, walk) was measured with lazy off and on.\n\n");
		return;
	}
	fprintf(md, "Gain = net time with lazy MMU off / with one lazy section around the call (`on`), 95 %% CI in `compare`'s terms: **> 1: batching helps**; \"helps\"/\"hurts\" only where the interval excludes 1%s.%s\n\n",
		pab_report_verdicts(rp) ? "" : " and the times are a CPU's (none here: an emulator's times)",
		n > SUMMARY_ROWS ? " Some sizes left out here: all are in the configuration table." : "");
	fprintf(md, "| size | mix |");
	for (size_t j = 0; j < PAB_REPORT_NR_LAZY_METHODS; j++)
		fprintf(md, " %s |", pab_method_name((unsigned int)pab_report_lazy_methods[j]));
	fprintf(md, "\n|---|---|%s\n", "---|---|---|");
	for (size_t i = 0; i < n; i++) {
		char size[16], cell[32];

		if (!pab_report_keep_point(i, n, SUMMARY_ROWS))
			continue;
		pab_report_size(bytes[i], size, sizeof(size));
		fprintf(md, "| %s | %s |", size, mix[i]);
		for (size_t j = 0; j < PAB_REPORT_NR_LAZY_METHODS; j++)
			fprintf(md, " %s |", gain_cell(rp, pab_report_lazy_methods[j], bytes[i], mix[i], true, cell,
							sizeof(cell)));
		fputc('\n', md);
	}
	fputc('\n', md);
}

/* Short column heads for the mail: the methods' names fit, spelled whole. */
void pab_summary_lazy_lkml(const struct pab_report *rp, FILE *f)
{
	uint64_t bytes[256];
	char mix[256][96];
	size_t n = lazy_points(rp, bytes, mix, 256);

	fprintf(f, "What lazy MMU batching changes\n");
	if (!n) {
		fprintf(f, "no component method measured with lazy off and on\n\n");
		return;
	}
	fprintf(f, "gain = net time lazy off / lazy on; > 1: batching helps;\n"
		   "+: it helps, -: it hurts (the 95%% CI excludes 1)%s\n\n",
		n > LKML_ROWS ? "; some sizes\nleft out: see lkml-full.txt" : "");
	fprintf(f, "%5s %-20s", "size", "mix");
	for (size_t j = 0; j < PAB_REPORT_NR_LAZY_METHODS; j++)
		fprintf(f, " %13s", pab_method_name((unsigned int)pab_report_lazy_methods[j]));
	fputc('\n', f);
	for (size_t i = 0; i < n; i++) {
		char size[16], cell[32];

		if (!pab_report_keep_point(i, n, LKML_ROWS))
			continue;
		pab_report_size(bytes[i], size, sizeof(size));
		/* A mix longer than its column goes whole on a line of its own. */
		if (strlen(mix[i]) > 20)
			fprintf(f, "%5s %s\n%5s %-20s", size, mix[i], "", "");
		else
			fprintf(f, "%5s %-20s", size, mix[i]);
		for (size_t j = 0; j < PAB_REPORT_NR_LAZY_METHODS; j++)
			fprintf(f, " %13s", gain_cell(rp, pab_report_lazy_methods[j], bytes[i], mix[i], false, cell,
						      sizeof(cell)));
		fputc('\n', f);
	}
	fputc('\n', f);
}

/*
 * What one entry costs at the largest size measured, per mix: every method
 * in its own lazy mode (whole paths native, components on), net ns/entry.
 */
static size_t entry_costs(const struct pab_report *rp, const char *mix, uint64_t bytes,
			  const struct pab_row **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < rp->nrows && n < max; i++) {
		const struct pab_row *w = &rp->rows[i];
		char m[96];
		bool lazy = w->r->lazy_id == PAB_LAZY_ON || w->r->lazy_id == PAB_LAZY_NATIVE;

		if (w->r->bytes == bytes && lazy && w->r->tlb_id == PAB_TLB_NONE && w->s.per_entry > 0 &&
		    !strcmp(pab_report_mix(w->r, m, sizeof(m)), mix))
			out[n++] = w;
	}
	return n;
}

void pab_summary_entry(const struct pab_report *rp, FILE *f, bool md)
{
	uint64_t largest = 0;
	char mix[96] = "", size[16];
	const struct pab_row *w[32];
	size_t n;

	/* The largest size of the page-only mix (every method runs there), else of any. */
	for (int pass = 0; pass < 2 && !largest; pass++)
		for (size_t i = 0; i < rp->nrows; i++) {
			char m[96];

			pab_report_mix(rp->rows[i].r, m, sizeof(m));
			if (rp->rows[i].r->bytes > largest && (pass || !strcmp(m, "pte"))) {
				largest = rp->rows[i].r->bytes;
				snprintf(mix, sizeof(mix), "%s", m);
			}
		}
	n = largest ? entry_costs(rp, mix, largest, w, 32) : 0;
	if (!n)
		return;
	pab_report_size(largest, size, sizeof(size));
	fprintf(f, md ? "## Cost per entry\n\nNet ns per leaf entry at %s, mix %s (whole paths as the kernel runs them, components with lazy on):\n\n"
		      : "Cost per entry: net ns per leaf entry at %s, mix %s\n", size, mix);
	for (size_t i = 0; i < n; i++)
		fprintf(f, md ? "- `%s`: %.1f\n" : "  %-20s %8.1f\n", pab_rec_method_name(w[i]->r),
			w[i]->s.per_entry);
	fputc('\n', f);
}

/*
 * The machine state the paths' work depends on (README "Machine state"):
 * whether set_memory_ro/rw ran the alias loop, whether the linear map held
 * blocks to split, and how many leaves the timed calls split.
 */
static void pab_summary_state(const struct pab_report *rp, FILE *f, bool md)
{
	const struct pab_results_file *r = rp->f;
	int64_t timed = -1, warm = -1;
	char leaf[24];

	if (!r->rodata_full && !r->bbml2)
		return;
	for (size_t i = 0; i < r->n; i++) {
		if (r->recs[i].alias_splits_timed >= 0)
			timed = (timed < 0 ? 0 : timed) + r->recs[i].alias_splits_timed;
		if (r->recs[i].alias_splits_warmup >= 0)
			warm = (warm < 0 ? 0 : warm) + r->recs[i].alias_splits_warmup;
	}
	pab_report_size(r->linear_largest_leaf, leaf, sizeof(leaf));
	fprintf(f, md ? "- state: rodata_full %s%s; %s %s%s; linear map's largest leaf %s"
		      : "state: rodata_full %s%s; %s %s%s;\n  linear map's largest leaf %s",
		r->rodata_full ? r->rodata_full : "?",
		r->rodata_full && !strcmp(r->rodata_full, "off") ? " (set_memory_ro/rw ran no alias loop)" : "",
		r->bbml2_name && *r->bbml2_name ? r->bbml2_name : "BBML2", r->bbml2 ? r->bbml2 : "?",
		r->bbml2 && !strcmp(r->bbml2, "on") ? " (blocks split on demand)" : " (no splits)",
		r->linear_largest_leaf ? leaf : "unknown");
	if (timed >= 0)
		fprintf(f, md ? "; linear-map leaves split by set_memory_*: %lld in warm-ups, %lld in timed calls"
			      : ";\n  leaves split by set_memory_*: %lld in warm-ups, %lld timed",
			(long long)warm, (long long)timed);
	fputc('\n', f);
}

/* One line on where the numbers come from. */
void pab_summary_machine(const struct pab_report *rp, FILE *f, bool md)
{
	const struct pab_results_file *r = rp->f;

	fprintf(f, md ? "- machine: %s, kernel `%s` (%s, %llu-byte pages)%s\n"
		      : "machine: %s, kernel %s\n  (%s, %llu-byte pages)%s\n",
		r->cpu_name ? r->cpu_name : "unknown CPU", r->kernel_release, r->arch,
		(unsigned long long)r->page_size,
		r->emulated ? (md ? "; times are an emulator's (QEMU TCG)" : "; an emulator's times") : "");
	pab_summary_state(rp, f, md);
}
