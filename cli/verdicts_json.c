// SPDX-License-Identifier: GPL-2.0
/*
 * The verdicts schema (verdicts_json.h; README, "Verdicts as JSON"). What a
 * row may say comes from analysis/basis.h: p and verdict are null wherever
 * the basis allows none, and verdict_text then says why in a few words.
 */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "basis.h"
#include "compare.h"
#include "json_writer.h"
#include "tune.h"
#include "verdicts_json.h"

static const char *str_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

static void interval(struct jw *w, const char *key, double lo, double hi)
{
	jw_array_begin(w, key);
	jw_double(w, NULL, lo);
	jw_double(w, NULL, hi);
	jw_array_end(w);
}

/* The document's head: schema, version, command. */
static void head(struct jw *w, FILE *f, const char *command)
{
	jw_init(w, f);
	jw_object_begin(w, NULL);
	jw_string(w, "schema", PAB_VERDICTS_SCHEMA);
	jw_uint(w, "version", PAB_VERDICTS_VERSION);
	jw_string(w, "tool_version", PAB_VERSION);
	jw_string(w, "command", command);
}

static void file_entry(struct jw *w, const char *role, const char *path,
		       const struct pab_results_file *rf)
{
	jw_object_begin(w, NULL);
	jw_string(w, "role", role);
	jw_string(w, "path", path);
	jw_string(w, "kernel_release", str_or(rf->kernel_release, ""));
	jw_string(w, "clock", str_or(pab_clock_name(rf->clock), "unknown"));
	jw_string(w, "basis", pab_basis_name(pab_basis_of(rf)));
	jw_object_end(w);
}

/* The basis of the whole document, and why it allows no verdict (null where it does). */
static void basis_fields(struct jw *w, const struct pab_results_file *a, const struct pab_results_file *b)
{
	enum pab_basis basis = pab_basis_of_two(a, b);
	char why[512];

	jw_string(w, "basis", pab_basis_name(basis));
	jw_bool(w, "verdicts", pab_basis_allows_verdict(basis));
	if (pab_basis_why_text(a, "A", b, "B", why, sizeof(why)))
		jw_string(w, "why", why);
	else
		jw_null(w, "why");
}

/* A record's estimate: the time every command shows (net median where known), per entry. */
static void estimate_fields(struct jw *w, const struct pab_summary *s)
{
	jw_string(w, "estimate", s->have_net ? "net-median" : "median");
	jw_double(w, "estimate_ns", s->t);
	interval(w, "interval_ns", s->t_lo, s->t_hi);
	jw_double(w, "per_entry_ns", s->per_entry);
}

static void no_estimate(struct jw *w)
{
	jw_null(w, "estimate");
	jw_null(w, "estimate_ns");
	jw_null(w, "interval_ns");
	jw_null(w, "per_entry_ns");
}

/* "B faster" -> "b-faster", "no difference proven" -> "no-difference-proven". */
static const char *verdict_id(enum pab_verdict v, char *buf, size_t len)
{
	size_t i = 0;

	for (const char *p = pab_verdict_word(v); *p && i + 1 < len; p++)
		buf[i++] = *p == ' ' ? '-' : (char)tolower((unsigned char)*p);
	buf[i] = '\0';
	return buf;
}

static void analyze_row(struct jw *w, const struct pab_rec *r, enum pab_basis basis)
{
	struct pab_summary s;
	bool ok = !pab_rec_summary(r, &s);

	jw_object_begin(w, NULL);
	jw_string(w, "key", str_or(r->key, ""));
	jw_string(w, "name", str_or(r->name, ""));
	jw_string(w, "status", str_or(r->status, ""));
	if (!ok)
		jw_string(w, "error", str_or(r->error, "no samples"));
	jw_uint(w, "n", ok ? r->nsamples : 0);
	if (ok) {
		estimate_fields(w, &s);
		jw_double(w, "median_ns", s.median);
		interval(w, "median_interval_ns", s.lo, s.hi);
		jw_double(w, "net_median_ns", s.have_net ? s.net : NAN);
		jw_double(w, "null_median_ns", s.have_net ? s.null_median : NAN);
		jw_uint(w, "outliers", s.outliers);
	} else {
		no_estimate(w);
	}
	/* One file: nothing is compared, so no test and no verdict. */
	jw_null(w, "p");
	jw_null(w, "verdict");
	jw_string(w, "basis", pab_basis_name(basis));
	jw_object_end(w);
}

void pab_analyze_json(FILE *f, const char *path, const struct pab_results_file *rf)
{
	enum pab_basis basis = pab_basis_of(rf);
	struct jw w;

	head(&w, f, "analyze");
	jw_array_begin(&w, "files");
	file_entry(&w, "input", path, rf);
	jw_array_end(&w);
	basis_fields(&w, rf, NULL);
	jw_array_begin(&w, "rows");
	for (size_t i = 0; i < rf->n; i++)
		analyze_row(&w, &rf->recs[i], basis);
	jw_array_end(&w);
	jw_object_end(&w);
	jw_finish(&w);
}

static void side(struct jw *w, const char *key, const struct pab_rec *r)
{
	struct pab_summary s;

	jw_object_begin(w, key);
	jw_string(w, "name", str_or(r->name, ""));
	jw_string(w, "status", str_or(r->status, ""));
	if (pab_rec_summary(r, &s)) {
		no_estimate(w);
	} else {
		jw_uint(w, "n", r->nsamples);
		estimate_fields(w, &s);
		jw_double(w, "null_median_ns", s.have_net ? s.null_median : NAN);
	}
	jw_object_end(w);
}

static void compare_row(struct jw *w, const struct pab_rec *ra, const struct pab_rec *rb,
			enum pab_basis basis)
{
	struct pab_cmp c;
	bool ok = !pab_compare_recs(ra, rb, &c);
	char text[128], id[64];

	jw_object_begin(w, NULL);
	jw_string(w, "key", str_or(ra->key, ""));
	jw_bool(w, "comparable", ok);
	side(w, "a", ra);
	side(w, "b", rb);
	if (!ok) {
		jw_null(w, "p");
		jw_null(w, "verdict");
		jw_string(w, "verdict_text", "not comparable");
		jw_string(w, "basis", pab_basis_name(basis));
		jw_object_end(w);
		return;
	}
	/* The estimate the verdict rests on: B/A of the (net) medians, and B - A. */
	jw_string(w, "estimate", c.net ? "net-median" : "median");
	jw_double(w, "ratio", c.ratio);
	interval(w, "ratio_interval", c.lo, c.hi);
	jw_uint(w, "bootstrap_resamples", c.boot_reps);
	jw_double(w, "difference_ns", c.mb - c.ma);
	jw_double(w, "difference_per_entry_ns", pab_cmp_diff_per_entry(&c, ra, rb));
	if (pab_basis_allows_p(basis))
		jw_double(w, "p", c.p);
	else
		jw_null(w, "p");
	if (pab_basis_allows_verdict(basis))
		jw_string(w, "verdict", verdict_id(c.verdict, id, sizeof(id)));
	else
		jw_null(w, "verdict");
	jw_string(w, "verdict_text", pab_basis_cmp_text(basis, &c, ra, rb, text, sizeof(text)));
	jw_string(w, "basis", pab_basis_name(basis));
	jw_object_end(w);
}

void pab_compare_json(FILE *f, const char *path_a, const struct pab_results_file *a,
		      const char *path_b, const struct pab_results_file *b, const char *methods)
{
	enum pab_basis basis = pab_basis_of_two(a, b);
	struct jw w;

	head(&w, f, "compare");
	jw_array_begin(&w, "files");
	file_entry(&w, "A", path_a, a);
	if (path_b)
		file_entry(&w, "B", path_b, b);
	jw_array_end(&w);
	if (methods) {
		/* --methods A,B (checked by the caller): both sides from one file. */
		const char *comma = strchr(methods, ',');
		char ma[64];

		snprintf(ma, sizeof(ma), "%.*s", comma ? (int)(comma - methods) : 0, methods);
		jw_object_begin(&w, "methods");
		jw_string(&w, "A", ma);
		jw_string(&w, "B", comma ? comma + 1 : "");
		jw_object_end(&w);
	}
	basis_fields(&w, a, path_b ? b : NULL);
	jw_array_begin(&w, "rows");
	for (size_t i = 0; i < a->n; i++) {
		const struct pab_rec *rb = pab_match(b, &a->recs[i]);

		if (rb)
			compare_row(&w, &a->recs[i], rb, basis);
	}
	jw_array_end(&w);
	jw_array_begin(&w, "only_in_a");
	for (size_t i = 0; i < a->n; i++)
		if (!pab_match(b, &a->recs[i]))
			jw_string(&w, NULL, str_or(a->recs[i].key, ""));
	jw_array_end(&w);
	jw_array_begin(&w, "only_in_b");
	for (size_t j = 0; j < b->n; j++)
		if (!pab_match(a, &b->recs[j]))
			jw_string(&w, NULL, str_or(b->recs[j].key, ""));
	jw_array_end(&w);
	jw_object_end(&w);
	jw_finish(&w);
}

/* A batch's word where the basis allows one: tune's rule (pab_ci_overlap with the fastest). */
static const char *batch_verdict(const struct pab_tune_group *g, size_t k)
{
	if (k == g->best)
		return "fastest";
	return pab_ci_overlap(g->lo[k], g->hi[k], g->lo[g->best], g->hi[g->best]) ?
	       "as-fast-as-fastest" : "slower-than-fastest";
}

static void batch_row(struct jw *w, const struct pab_tune_group *g, size_t k, enum pab_basis basis)
{
	const struct pab_rec *r = g->rec[k], *off = g->off_rec;
	struct pab_summary s;
	bool verdict = pab_basis_allows_verdict(basis);

	jw_object_begin(w, NULL);
	jw_string(w, "key", str_or(r->key, ""));
	jw_string(w, "kind", "lazy-batch");
	jw_string(w, "group", g->key);
	jw_uint(w, "batch", g->batch[k]);
	if (pab_rec_summary(r, &s))
		no_estimate(w);
	else
		estimate_fields(w, &s);
	/* Against lazy off, the group's baseline (null where it was not measured). */
	if (off)
		jw_string(w, "baseline_key", str_or(off->key, ""));
	else
		jw_null(w, "baseline_key");
	jw_double(w, "difference_ns", off ? g->med[k] - g->off : NAN);
	jw_double(w, "difference_per_entry_ns", off && r->entries && off->entries ?
		  g->med[k] / (double)r->entries - g->off / (double)off->entries : NAN);
	jw_null(w, "p");
	if (verdict) {
		jw_string(w, "verdict", batch_verdict(g, k));
		jw_bool(w, "recommended", k == g->pick);
	} else {
		jw_null(w, "verdict");
		jw_null(w, "recommended");
	}
	jw_string(w, "verdict_text", verdict ? (k == g->pick ? "recommended" : batch_verdict(g, k)) :
		  pab_basis_no_verdict(basis));
	jw_string(w, "basis", pab_basis_name(basis));
	jw_object_end(w);
}

static void share_row(struct jw *w, const struct pab_rec *ap, double ta,
		      const struct pab_walker_share *ws, enum pab_basis basis)
{
	const struct pab_rec *r = ws->walker;
	struct pab_summary s;
	char group[64];

	snprintf(group, sizeof(group), "%llu bytes", (unsigned long long)ap->bytes);
	jw_object_begin(w, NULL);
	jw_string(w, "key", str_or(r->key, ""));
	jw_string(w, "kind", "walker-share");
	jw_string(w, "group", group);
	jw_int(w, "pmd_percent", ws->share);
	if (pab_rec_summary(r, &s))
		no_estimate(w);
	else
		estimate_fields(w, &s);
	jw_string(w, "baseline_key", str_or(ap->key, ""));
	jw_double(w, "baseline_ns", ta);
	jw_double(w, "ratio", ws->t / ta);
	jw_double(w, "difference_ns", ws->t - ta);
	jw_double(w, "difference_per_entry_ns", r->entries && ap->entries ?
		  ws->t / (double)r->entries - ta / (double)ap->entries : NAN);
	/* The text's threshold is a conclusion over the shares: the group's verdict, not a row's. */
	jw_null(w, "p");
	jw_null(w, "verdict");
	jw_string(w, "basis", pab_basis_name(basis));
	jw_object_end(w);
}

size_t pab_tune_json(FILE *f, const char *path, const struct pab_results_file *rf)
{
	static struct pab_tune_group g[64];
	enum pab_basis basis = pab_basis_of(rf);
	bool verdict = pab_basis_allows_verdict(basis);
	size_t groups = pab_tune_groups(rf, g, 64), sizes = 0;
	struct pab_walker_share *ws = calloc(rf->n + 1, sizeof(*ws));
	struct jw w;

	if (!ws)
		return 0;
	head(&w, f, "tune");
	jw_array_begin(&w, "files");
	file_entry(&w, "input", path, rf);
	jw_array_end(&w);
	basis_fields(&w, rf, NULL);
	jw_array_begin(&w, "rows");
	for (size_t i = 0; i < groups; i++)
		for (size_t k = 0; k < g[i].n; k++)
			batch_row(&w, &g[i], k, basis);
	for (size_t i = 0; i < rf->n; i++) {
		const struct pab_rec *ap = &rf->recs[i];
		struct pab_summary sa;
		size_t n;

		if (!pab_rec_is_old_path(ap) || pab_rec_summary(ap, &sa))
			continue;
		n = pab_walker_shares(rf, ap, ws);
		for (size_t k = 0; k < n; k++)
			share_row(&w, ap, sa.t, &ws[k], basis);
	}
	jw_array_end(&w);
	/* Per group, the conclusion the text draws (null where the basis allows none). */
	jw_array_begin(&w, "groups");
	for (size_t i = 0; i < groups; i++) {
		char text[160];

		jw_object_begin(&w, NULL);
		jw_string(&w, "kind", "lazy-batch");
		jw_string(&w, "group", g[i].key);
		jw_double(&w, "lazy_off_ns", g[i].off);
		if (verdict) {
			jw_uint(&w, "recommended_batch", g[i].batch[g[i].pick]);
			jw_uint(&w, "fastest_batch", g[i].batch[g[i].best]);
			jw_string(&w, "verdict", "recommended");
			snprintf(text, sizeof(text), "recommended lazy MMU batch: %lu leaf entries",
				 g[i].batch[g[i].pick]);
		} else {
			jw_null(&w, "recommended_batch");
			jw_null(&w, "fastest_batch");
			jw_null(&w, "verdict");
			snprintf(text, sizeof(text), "%s", pab_basis_no_verdict(basis));
		}
		jw_string(&w, "verdict_text", text);
		jw_string(&w, "basis", pab_basis_name(basis));
		jw_object_end(&w);
	}
	for (size_t i = 0; i < rf->n; i++) {
		const struct pab_rec *ap = &rf->recs[i];
		struct pab_summary sa;
		char group[64], text[96];
		int from = -1;
		size_t n;

		if (!pab_rec_is_old_path(ap) || pab_rec_summary(ap, &sa))
			continue;
		sizes++;
		n = pab_walker_shares(rf, ap, ws);
		for (size_t k = 0; k < n && from < 0; k++)
			if (ws[k].t < sa.t)
				from = ws[k].share;
		snprintf(group, sizeof(group), "%llu bytes", (unsigned long long)ap->bytes);
		jw_object_begin(&w, NULL);
		jw_string(&w, "kind", "walker-share");
		jw_string(&w, "group", group);
		jw_string(&w, "baseline_key", str_or(ap->key, ""));
		if (verdict && n && from >= 0) {
			jw_int(&w, "pays_off_from_pmd_percent", from);
			jw_string(&w, "verdict", "pays-off");
		} else {
			jw_null(&w, "pays_off_from_pmd_percent");
			if (verdict && n)
				jw_string(&w, "verdict", "never-pays-off");
			else
				jw_null(&w, "verdict");
		}
		if (!n)
			snprintf(text, sizeof(text), "no walker runs at this size");
		else if (!verdict)
			snprintf(text, sizeof(text), "%s", pab_basis_no_verdict(basis));
		else if (from < 0)
			snprintf(text, sizeof(text), "the walker does not pay off at any share measured");
		else
			snprintf(text, sizeof(text), "the walker pays off from %d%% PMD blocks", from);
		jw_string(&w, "verdict_text", text);
		jw_string(&w, "basis", pab_basis_name(basis));
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_object_end(&w);
	jw_finish(&w);
	free(ws);
	return groups + sizes;
}
