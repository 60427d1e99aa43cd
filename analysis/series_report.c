// SPDX-License-Identifier: GPL-2.0
/*
 * A patch series' report (pageattr-bench series report DIR): per production
 * path and size, the exact counts per call and per entry after each patch
 * and the delta each patch made (series.md, and on stdout); lkml.txt, a line
 * per patch in 72 columns; series.json for scripts; series.png, each metric
 * against the patch number (plots/series.gp).
 *
 * A delta is against the previous prefix measured: every prefix in a series,
 * the ones a binary search needed in a bisection (its table says which).
 * Counts are the undisturbed call's (an interrupt only adds), so equal
 * counts mean the patch did not change what the path executes, given the
 * same layout: T (the PTE tables the area's PTEs are in) is shown, and a
 * change of T is named with the delta, since a per-table path pays per table.
 */
#include <errno.h>
#include <jansson.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "series.h"
#include "vocab.h"

extern char **environ;

/* The configurations a report has rows for: the production paths, else all. */
static bool shown(const struct pab_series_step *st, const struct pab_series_cfg *c)
{
	for (size_t i = 0; i < st->ncfg; i++)
		if (st->cfg[i].path)
			return c->path;
	return true;
}

static const struct pab_series_cfg *cfg_in(const struct pab_series_step *st, const char *name)
{
	for (size_t i = 0; st && i < st->ncfg; i++)
		if (!strcmp(st->cfg[i].name, name))
			return &st->cfg[i];
	return NULL;
}

/* The kernel's function for a path, as a reviewer says it. */
static const char *kernel_name(const struct pab_series_cfg *c)
{
	switch (c->method_id) {
	case PAB_METHOD_SET_MEMORY: return "set_memory_ro/rw";
	case PAB_METHOD_SET_MEMORY_NX: return "set_memory_nx";
	case PAB_METHOD_SET_MEMORY_PROLOGUE: return "set_memory prologue";
	default: return c->method;
	}
}

static bool same_counts(const struct pab_series_cfg *a, const struct pab_series_cfg *b)
{
	return a->c.insns == b->c.insns && a->c.dsb == b->c.dsb && a->c.dsb_ishst == b->c.dsb_ishst &&
	       a->c.dsb_ish == b->c.dsb_ish && a->c.dmb == b->c.dmb && a->c.isb == b->c.isb &&
	       a->c.tlbi == b->c.tlbi;
}

/*
 * What changed from a to b, in words: "-2.01 insns/PTE, DSB ISHST 2 -> 4097,
 * ISB 2 -> 4097" ("no change" when nothing did); the layout when T moved.
 */
static void delta_text(const struct pab_series_cfg *a, const struct pab_series_cfg *b, char *buf, size_t len)
{
	static const struct {
		const char *label;
		size_t off;
	} f[] = {
		{ "DSB ISHST", offsetof(struct pab_icount, dsb_ishst) },
		{ "DSB ISH", offsetof(struct pab_icount, dsb_ish) },
		{ "DMB", offsetof(struct pab_icount, dmb) },
		{ "ISB", offsetof(struct pab_icount, isb) },
		{ "TLBI", offsetof(struct pab_icount, tlbi) },
	};
	size_t n = 0;

	buf[0] = '\0';
	if (a->c.insns != b->c.insns && b->entries)
		n += snprintf(buf + n, len - n, "%+.2f insns/PTE (%+lld)",
			      ((double)b->c.insns - (double)a->c.insns) / (double)b->entries,
			      (long long)b->c.insns - (long long)a->c.insns);
	else if (a->c.insns != b->c.insns)
		n += snprintf(buf + n, len - n, "insns %+lld", (long long)b->c.insns - (long long)a->c.insns);
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]) && n < len; i++) {
		uint64_t x = *(const uint64_t *)((const char *)&a->c + f[i].off);
		uint64_t y = *(const uint64_t *)((const char *)&b->c + f[i].off);

		if (x != y)
			n += snprintf(buf + n, len - n, "%s%s %llu -> %llu", n ? ", " : "", f[i].label,
				      (unsigned long long)x, (unsigned long long)y);
	}
	if (n < len && a->pte_tables != b->pte_tables)
		n += snprintf(buf + n, len - n, "%sT %llu -> %llu (layout)", n ? ", " : "",
			      (unsigned long long)a->pte_tables, (unsigned long long)b->pte_tables);
	if (!n)
		snprintf(buf, len, "no change");
}

static void size_words(uint64_t bytes, char *buf, size_t len)
{
	if (bytes >= (1ULL << 20) && !(bytes % (1ULL << 20)))
		snprintf(buf, len, "%lluM", (unsigned long long)(bytes >> 20));
	else if (bytes >= 1024 && !(bytes % 1024))
		snprintf(buf, len, "%lluK", (unsigned long long)(bytes >> 10));
	else
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
}

static const char *patch_subject(const struct pab_series *s, int k)
{
	return k ? s->patch[k].subject : "(base)";
}

/* The table of one configuration, a row per measured prefix. */
static void table_cfg(const struct pab_series *s, const struct pab_series_step **o, size_t no, const char *name,
		      FILE *md, FILE *out)
{
	const struct pab_series_cfg *first = NULL, *prev = NULL;
	char size[24], d[256];

	for (size_t i = 0; i < no && !first; i++)
		first = cfg_in(o[i], name);
	size_words(first->bytes, size, sizeof(size));
	/* (The prologue changes no entry: its per-PTE columns are "-".) */
	fprintf(md, "### `%s` (%s) %s: %llu PTEs\n\n", first->method, kernel_name(first), size,
		(unsigned long long)first->entries);
	fprintf(md, "| k | patch | T | insns | insns/PTE | DSB ISHST | DSB ISH | ISB | TLBI | DSB/PTE | ISB/PTE | TLBI/PTE | delta of the patch |\n"
		    "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	fprintf(out, "%s (%s) %s, %llu PTEs changed\n  %-3s %3s %10s %9s %9s %7s %7s %6s  %s\n", first->method,
		kernel_name(first), size, (unsigned long long)first->entries, "k", "T", "insns", "insns/PTE",
		"DSB ISHST", "DSB ISH", "ISB", "TLBI", "delta");
	for (size_t i = 0; i < no; i++) {
		const struct pab_series_cfg *c = cfg_in(o[i], name);
		char pe[4][24];
		double e;

		if (!c)
			continue;
		e = (double)c->entries;
		/* Per PTE: instructions, DSB, ISB, TLBI; "-" where no entry changes. */
		for (int j = 0; j < 4; j++) {
			uint64_t x = j == 0 ? c->c.insns : j == 1 ? c->c.dsb : j == 2 ? c->c.isb : c->c.tlbi;

			if (e > 0)
				snprintf(pe[j], sizeof(pe[j]), j ? "%.4g" : "%.2f", (double)x / e);
			else
				snprintf(pe[j], sizeof(pe[j]), "-");
		}
		if (prev)
			delta_text(prev, c, d, sizeof(d));
		else
			snprintf(d, sizeof(d), "-");
		fprintf(md, "| %d%s | %.60s | %llu | %llu | %s | %llu | %llu | %llu | %llu | %s | %s | %s | %s |\n",
			o[i]->k, c->exact ? "" : "*", patch_subject(s, o[i]->k), (unsigned long long)c->pte_tables,
			(unsigned long long)c->c.insns, pe[0], (unsigned long long)c->c.dsb_ishst,
			(unsigned long long)c->c.dsb_ish, (unsigned long long)c->c.isb, (unsigned long long)c->c.tlbi,
			pe[1], pe[2], pe[3], d);
		fprintf(out, "  %-3d %3llu %10llu %9s %9llu %7llu %7llu %6llu  %s\n", o[i]->k,
			(unsigned long long)c->pte_tables, (unsigned long long)c->c.insns, pe[0],
			(unsigned long long)c->c.dsb_ishst, (unsigned long long)c->c.dsb_ish,
			(unsigned long long)c->c.isb, (unsigned long long)c->c.tlbi, d);
		prev = c;
	}
	fprintf(md, "\n");
	fprintf(out, "\n");
}

/* How far the series got: the prefix that stopped it and the line that failed. */
static const struct pab_series_step *stopped_at(const struct pab_series *s)
{
	for (size_t i = 0; i < s->nsteps; i++)
		if (strcmp(s->step[i].status, "ok"))
			return &s->step[i];
	return NULL;
}

static void write_md(const struct pab_series *s, const struct pab_series_step **o, size_t no, FILE *md, FILE *out)
{
	const struct pab_series_step *stop = stopped_at(s);

	fprintf(md, "# Patch series on %s: exact cost after each patch\n\n", s->base);
	fprintf(md, "%d patches; spec `%s`; one icount guest boot per kernel, counts by the QEMU plugin per call (the undisturbed call's: an interrupt only adds; `*`: the calls differed, as `set_memory_x` and `_nx` alternate). T: the PTE tables the area's PTEs are in. A delta is against the row above: the previous prefix measured.\n\n",
		s->npatches, s->spec);
	if (s->bisect)
		fprintf(md, "**Bisection** of `%s`, threshold %g against the base: %s. Kernels the search needed besides the base: %d (%d built in this run, the rest cached).\n\n",
			s->metric, s->threshold, s->verdict, s->kernels_needed, s->kernels_built);
	if (stop)
		fprintf(md, "**Stopped at patch %d/%d** (%s): %s\n\n", stop->k, s->npatches,
			patch_subject(s, stop->k), stop->reason);
	/* A kernel built before: the files its own build compiled, no time. */
	fprintf(md, "| k | patch | kernel | build s | files compiled | measure s |\n|---|---|---|---|---|---|\n");
	for (int k = 0; k <= s->npatches; k++) {
		const struct pab_series_step *st = pab_series_find(s, k);

		if (!st)
			continue;
		if (k && !st->built)
			fprintf(md, "| %d | %s | `%s` | cached | %ld | %ld |\n", k, patch_subject(s, k), st->profile,
				st->compiled, st->measure_s);
		else
			fprintf(md, "| %d | %s | `%s` | %ld | %ld | %ld |\n", k, patch_subject(s, k), st->profile,
				st->build_s, st->compiled, st->measure_s);
	}
	fprintf(md, "\n## Per path and size\n\n");
	if (stop)
		fprintf(out, "stopped at patch %d/%d: %s\n\n", stop->k, s->npatches, stop->reason);
	if (!no)
		return;
	for (size_t i = 0; i < o[0]->ncfg; i++)
		if (shown(o[0], &o[0]->cfg[i]))
			table_cfg(s, o, no, o[0]->cfg[i].name, md, out);
}

/* The line of a patch in lkml.txt, wrapped at 72 columns under a 4-space indent. */
static void lkml_wrap(FILE *f, const char *head, const char *text)
{
	size_t col, hl = strlen(head);
	const char *p = text;

	/* "k/n subject: change" when it fits, else the subject cut and the change under it. */
	if (hl && hl + 2 + strlen(text) <= 72) {
		fprintf(f, "%s: %s\n", head, text);
		return;
	}
	/* (No head: the text alone, wrapped, from column 0.) */
	if (hl)
		fprintf(f, "%.*s%s\n", hl > 72 ? 69 : (int)hl, head, hl > 72 ? "..." : "");
	col = 0;
	while (*p) {
		const char *sp = p + strcspn(p, " ");
		size_t w;

		/* "a -> b" is one unit: a line never ends or starts at the arrow. */
		while (!strncmp(sp, " -> ", 4))
			sp = sp + 4 + strcspn(sp + 4, " ");
		w = (size_t)(sp - p);
		if (col && col + 1 + w > 72) {
			fputc('\n', f);
			col = 0;
		}
		col += (size_t)fprintf(f, "%s%.*s", col ? " " : hl ? "    " : "", (int)w, p);
		p = *sp ? sp + 1 : sp;
	}
	fputc('\n', f);
}

/* What patch k changed, from the prefix measured before it: the widest change of the paths. */
static void lkml_patch(const struct pab_series_step *prev,
		       const struct pab_series_step *st, char *buf, size_t len)
{
	const struct pab_series_cfg *pick = NULL, *pick_a = NULL;
	size_t nchanged = 0, n;

	for (size_t i = 0; i < st->ncfg; i++) {
		const struct pab_series_cfg *b = &st->cfg[i], *a = cfg_in(prev, b->name);

		if (!a || !shown(st, b) || (same_counts(a, b) && a->pte_tables == b->pte_tables))
			continue;
		nchanged++;
		/* set_memory_nx first (the path every caller of set_memory_* shares), then the largest. */
		if (!pick || (b->method_id == PAB_METHOD_SET_MEMORY_NX && pick->method_id != PAB_METHOD_SET_MEMORY_NX) ||
		    ((b->method_id == PAB_METHOD_SET_MEMORY_NX) == (pick->method_id == PAB_METHOD_SET_MEMORY_NX) &&
		     b->entries > pick->entries))
			pick = b, pick_a = a;
	}
	n = prev->k + 1 < st->k ? (size_t)snprintf(buf, len, "with patches %d-%d: ", prev->k + 1, st->k) : 0;
	if (!pick) {
		snprintf(buf + n, len - n, "no change");
		return;
	}
	n += (size_t)snprintf(buf + n, len - n, "%s %llu PTEs ", kernel_name(pick), (unsigned long long)pick->entries);
	delta_text(pick_a, pick, buf + n, len - n);
	n = strlen(buf);
	if (nchanged > 1)
		snprintf(buf + n, len - n, "; %zu more path/size rows changed (series.md)", nchanged - 1);
}

static void write_lkml(const struct pab_series *s, FILE *f)
{
	const struct pab_series_step *prev = pab_series_find(s, 0);
	char head[320], text[1024];

	fprintf(f, "Patch series on %.40s, exact counts per call\n", s->base);
	fprintf(f, "(QEMU plugin, icount guest), each patch against the one before:\n\n");
	if (prev && !prev->measured) {
		fprintf(f, "the base was not measured: %.60s\n", prev->reason);
		return;
	}
	for (int k = 1; k <= s->npatches; k++) {
		const struct pab_series_step *st = pab_series_find(s, k);

		snprintf(head, sizeof(head), "%d/%d %s", k, s->npatches, s->patch[k].subject);
		if (!st) {
			lkml_wrap(f, head, s->bisect ? "not measured (the search did not need it)" : "not reached");
			continue;
		}
		if (!st->measured) {
			lkml_wrap(f, head, st->reason);
			continue;
		}
		lkml_patch(prev, st, text, sizeof(text));
		lkml_wrap(f, head, text);
		prev = st;
	}
	if (s->bisect) {
		snprintf(text, sizeof(text), "bisect %s (threshold %g): %s; %d kernels needed, %d built now", s->metric,
			 s->threshold, s->verdict, s->kernels_needed, s->kernels_built);
		fputc('\n', f);
		lkml_wrap(f, "", text);
	}
}

static json_t *counts_json(const struct pab_icount *c, double per)
{
	json_t *o = json_object();

#define PAB_ICOUNT_SERIES_JSON(fld, label)	\
	json_object_set_new(o, #fld, per > 0 ? json_real((double)c->fld / per) : json_integer((json_int_t)c->fld));
	PAB_ICOUNT_FIELDS(PAB_ICOUNT_SERIES_JSON)
	return o;
}

static json_t *step_json(const struct pab_series *s, const struct pab_series_step *st,
			 const struct pab_series_step *prev)
{
	json_t *o = json_object(), *cfgs = json_array();

	json_object_set_new(o, "k", json_integer(st->k));
	json_object_set_new(o, "subject", json_string(patch_subject(s, st->k)));
	json_object_set_new(o, "profile", json_string(st->profile));
	json_object_set_new(o, "status", json_string(st->status));
	json_object_set_new(o, "reason", st->reason[0] ? json_string(st->reason) : json_null());
	json_object_set_new(o, "kernel_release", st->release[0] ? json_string(st->release) : json_null());
	json_object_set_new(o, "build_s", json_integer(st->build_s));
	json_object_set_new(o, "built", json_boolean(st->built));
	json_object_set_new(o, "files_compiled", json_integer(st->compiled));
	json_object_set_new(o, "measure_s", json_integer(st->measure_s));
	json_object_set_new(o, "delta_from", prev ? json_integer(prev->k) : json_null());
	for (size_t i = 0; i < st->ncfg; i++) {
		const struct pab_series_cfg *c = &st->cfg[i], *a = prev ? cfg_in(prev, c->name) : NULL;
		json_t *j = json_object(), *d;

		json_object_set_new(j, "name", json_string(c->name));
		json_object_set_new(j, "method", json_string(c->method));
		json_object_set_new(j, "production_path", json_boolean(c->path));
		json_object_set_new(j, "bytes", json_integer((json_int_t)c->bytes));
		json_object_set_new(j, "entries", json_integer((json_int_t)c->entries));
		json_object_set_new(j, "pte_tables", json_integer((json_int_t)c->pte_tables));
		json_object_set_new(j, "exact", json_boolean(c->exact));
		json_object_set_new(j, "per_call", counts_json(&c->c, 0));
		json_object_set_new(j, "per_entry", counts_json(&c->c, (double)(c->entries ? c->entries : 1)));
		if (a) {
			d = json_object();
#define PAB_ICOUNT_SERIES_DELTA(fld, label)	\
	json_object_set_new(d, #fld, json_integer((json_int_t)c->c.fld - (json_int_t)a->c.fld));
			PAB_ICOUNT_FIELDS(PAB_ICOUNT_SERIES_DELTA)
			json_object_set_new(d, "pte_tables", json_integer((json_int_t)c->pte_tables - (json_int_t)a->pte_tables));
			json_object_set_new(j, "delta_per_call", d);
		} else {
			json_object_set_new(j, "delta_per_call", json_null());
		}
		json_array_append_new(cfgs, j);
	}
	json_object_set_new(o, "configs", cfgs);
	return o;
}

static int write_json(const struct pab_series *s, const char *path)
{
	json_t *root = json_object(), *patches = json_array(), *steps = json_array();
	const struct pab_series_step *prev = NULL, *stop = stopped_at(s);
	int rc;

	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(root, "base", json_string(s->base));
	json_object_set_new(root, "spec", json_string(s->spec));
	for (int k = 1; k <= s->npatches; k++) {
		json_t *p = json_object();

		json_object_set_new(p, "k", json_integer(k));
		json_object_set_new(p, "file", json_string(s->patch[k].file));
		json_object_set_new(p, "subject", json_string(s->patch[k].subject));
		json_array_append_new(patches, p);
	}
	json_object_set_new(root, "patches", patches);
	/* In k order; a delta against the prefix measured before it. */
	for (int k = 0; k <= s->npatches; k++) {
		const struct pab_series_step *st = pab_series_find(s, k);

		if (!st)
			continue;
		json_array_append_new(steps, step_json(s, st, st->measured ? prev : NULL));
		if (st->measured)
			prev = st;
	}
	json_object_set_new(root, "steps", steps);
	json_object_set_new(root, "stopped", stop ? json_pack("{s:i, s:s}", "k", stop->k, "reason", stop->reason) : json_null());
	if (s->bisect)
		json_object_set_new(root, "bisect",
				    json_pack("{s:s, s:f, s:i, s:s, s:i, s:i}", "metric", s->metric, "threshold",
					      s->threshold, "first", s->first, "verdict", s->verdict, "kernels_needed",
					      s->kernels_needed, "kernels_built", s->kernels_built));
	rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return rc;
}

/*
 * series_plot.tsv: a block per path and size (gnuplot's index), a row per
 * measured prefix: k, then per call instructions, DSB ISHST, DSB ISH, ISB,
 * TLBI, and instructions per PTE. The blocks' titles go to gnuplot as words.
 */
static int write_plot_data(const struct pab_series_step **o, size_t no, const char *path, char *titles,
			   size_t tlen, int *nblocks)
{
	FILE *f = fopen(path, "w");
	size_t tn = 0;

	if (!f)
		return -1;
	*nblocks = 0;
	titles[0] = '\0';
	for (size_t i = 0; no && i < o[0]->ncfg; i++) {
		const struct pab_series_cfg *c0 = &o[0]->cfg[i];
		char size[24];

		if (!shown(o[0], c0))
			continue;
		size_words(c0->bytes, size, sizeof(size));
		tn += (size_t)snprintf(titles + tn, tlen - tn, "%s%s/%s", tn ? " " : "", c0->method, size);
		if (tn >= tlen)
			tn = tlen - 1;
		fprintf(f, "%s# %s\n", (*nblocks)++ ? "\n\n" : "", c0->name);
		for (size_t j = 0; j < no; j++) {
			const struct pab_series_cfg *c = cfg_in(o[j], c0->name);

			if (!c)
				continue;
			/* Per PTE: NaN (not drawn) for a path that changes no entry. */
			fprintf(f, "%d\t%llu\t%llu\t%llu\t%llu\t%llu\t", o[j]->k, (unsigned long long)c->c.insns,
				(unsigned long long)c->c.dsb_ishst, (unsigned long long)c->c.dsb_ish,
				(unsigned long long)c->c.isb, (unsigned long long)c->c.tlbi);
			if (c->entries)
				fprintf(f, "%.4f\n", (double)c->c.insns / (double)c->entries);
			else
				fprintf(f, "NaN\n");
		}
	}
	return ferror(f) | fclose(f) ? -1 : 0;
}

/* gnuplot plots/series.gp; 1 (a notice, no plot) when gnuplot is not here. */
static int plot(const struct pab_series *s, const char *dir, const char *plots_dir, const char *titles, int nblocks)
{
	char setup[4096], script[1024];
	char *argv[] = { "gnuplot", "-e", setup, script, NULL };
	pid_t pid;
	int st;

	snprintf(script, sizeof(script), "%s/series.gp", plots_dir);
	snprintf(setup, sizeof(setup),
		 "plotsdir='%s'; outfile='%s/series.png'; data='%s/series_plot.tsv'; titles='%s'; nblocks=%d; npatches=%d; title_text='Patch series on %s: exact counts per call after each patch'",
		 plots_dir, dir, dir, titles, nblocks, s->npatches, s->base);
	if (posix_spawnp(&pid, "gnuplot", NULL, NULL, argv, environ)) {
		fprintf(stderr, "pageattr-bench series: no gnuplot here (apt-get install gnuplot-nox): no series.png\n");
		return 1;
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "pageattr-bench series: gnuplot %s failed: no series.png\n", script);
		return 1;
	}
	return 0;
}

int pab_series_report(const struct pab_series *s, const char *dir, const char *plots_dir, FILE *out,
		      char *err, size_t errlen)
{
	const struct pab_series_step **o = calloc(s->nsteps ? s->nsteps : 1, sizeof(*o));
	char path[1024], titles[2048];
	size_t no;
	int nblocks = 0, rc = -1;
	FILE *md = NULL, *lk = NULL;

	if (!o) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	no = pab_series_order(s, o);
	snprintf(path, sizeof(path), "%s/series.md", dir);
	md = fopen(path, "w");
	if (!md)
		goto fail;
	write_md(s, o, no, md, out);
	snprintf(path, sizeof(path), "%s/lkml.txt", dir);
	lk = fopen(path, "w");
	if (!lk)
		goto fail;
	write_lkml(s, lk);
	if (ferror(md) | fclose(md) | ferror(lk) | fclose(lk)) {
		md = lk = NULL;
		goto fail;
	}
	md = lk = NULL;
	snprintf(path, sizeof(path), "%s/series.json", dir);
	if (write_json(s, path))
		goto fail;
	snprintf(path, sizeof(path), "%s/series_plot.tsv", dir);
	if (write_plot_data(o, no, path, titles, sizeof(titles), &nblocks))
		goto fail;
	if (nblocks)
		plot(s, dir, plots_dir, titles, nblocks);
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	if (md)
		fclose(md);
	if (lk)
		fclose(lk);
out:
	free(o);
	return rc;
}
