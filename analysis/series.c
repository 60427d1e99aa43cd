// SPDX-License-Identifier: GPL-2.0
/*
 * A patch series' results (vm/series.sh): the manifest, each prefix's exact
 * counts joined to its records, and the metric a bisection follows.
 *
 * The manifest DIR/series.tsv, tab-separated, a line per fact, written as
 * the script goes (so a series that stopped still says how far it got):
 *   pab-series 1
 *   base    PROFILE
 *   spec    FILE
 *   patch   K FILE SUBJECT
 *   step    K PROFILE SUBDIR STATUS BUILD_S BUILT COMPILED MEASURE_S REASON
 *   bisect  METRIC THRESHOLD FIRST NEEDED BUILT VERDICT
 * STATUS is ok (built and measured) or failed (REASON: the line that failed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"
#include "results_reader.h"
#include "series.h"
#include "vocab.h"

#define MAX_FIELDS 12

/* Split line at tabs in place (empty fields kept); the count. */
static int split(char *line, char **f)
{
	int n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < MAX_FIELDS) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

/*
 * A prefix's configurations: each run of its barriers.json that carries a
 * record's name (not a null baseline), with that record's geometry.
 */
static int load_step_files(const char *dir, struct pab_series_step *st, char *err, size_t errlen)
{
	char path[1024], e[512];
	struct pab_results_file rf = { 0 };
	struct pab_barrier_row *rows = NULL;
	size_t nrows = 0;

	snprintf(path, sizeof(path), "%s/%s/results.json", dir, st->dir);
	if (pab_results_load(path, &rf, e, sizeof(e))) {
		snprintf(err, errlen, "prefix %d: %s", st->k, e);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s/barriers.json", dir, st->dir);
	if (pab_barriers_load(path, &rows, &nrows, e, sizeof(e))) {
		snprintf(err, errlen, "prefix %d: %s", st->k, e);
		pab_results_free(&rf);
		return -1;
	}
	copy(st->release, sizeof(st->release), rf.kernel_release);
	st->cfg = calloc(nrows ? nrows : 1, sizeof(*st->cfg));
	for (size_t i = 0; st->cfg && i < nrows; i++) {
		const struct pab_rec *r = NULL;
		struct pab_series_cfg *c;

		if (rows[i].null_baseline || !rows[i].name[0])
			continue;
		for (size_t j = 0; j < rf.n && !r; j++)
			if (rf.recs[j].ok && !strcmp(rf.recs[j].name, rows[i].name))
				r = &rf.recs[j];
		if (!r)
			continue;
		c = &st->cfg[st->ncfg++];
		copy(c->name, sizeof(c->name), r->name);
		copy(c->method, sizeof(c->method), pab_rec_method_name(r));
		c->method_id = r->method_id;
		c->bytes = r->bytes;
		c->entries = r->entries;
		c->pte_tables = r->pte_tables;
		c->path = pab_rec_method_flags(r) & PAB_MF_PATH;
		c->exact = rows[i].exact;
		c->c = rows[i].c;
	}
	free(rows);
	pab_results_free(&rf);
	if (!st->cfg) {
		snprintf(err, errlen, "prefix %d: out of memory", st->k);
		return -1;
	}
	st->measured = true;
	return 0;
}

static int manifest_line(struct pab_series *s, char **f, int n, char *err, size_t errlen)
{
	if (!strcmp(f[0], "base") && n >= 2) {
		copy(s->base, sizeof(s->base), f[1]);
	} else if (!strcmp(f[0], "spec") && n >= 2) {
		copy(s->spec, sizeof(s->spec), f[1]);
	} else if (!strcmp(f[0], "patch") && n >= 4) {
		int k = atoi(f[1]);
		void *p;

		if (k != s->npatches + 1) {
			snprintf(err, errlen, "patch %s out of order (after %d)", f[1], s->npatches);
			return -1;
		}
		p = realloc(s->patch, (size_t)(k + 1) * sizeof(*s->patch));
		if (!p)
			return -1;
		s->patch = p;
		memset(&s->patch[k], 0, sizeof(s->patch[k]));
		if (k == 1)
			memset(&s->patch[0], 0, sizeof(s->patch[0]));
		copy(s->patch[k].file, sizeof(s->patch[k].file), f[2]);
		copy(s->patch[k].subject, sizeof(s->patch[k].subject), f[3]);
		s->npatches = k;
	} else if (!strcmp(f[0], "step") && n >= 9) {
		struct pab_series_step *st;
		void *p = realloc(s->step, (s->nsteps + 1) * sizeof(*s->step));

		if (!p)
			return -1;
		s->step = p;
		st = &s->step[s->nsteps++];
		memset(st, 0, sizeof(*st));
		st->k = atoi(f[1]);
		copy(st->profile, sizeof(st->profile), f[2]);
		copy(st->dir, sizeof(st->dir), f[3]);
		copy(st->status, sizeof(st->status), f[4]);
		st->build_s = atol(f[5]);
		st->built = atoi(f[6]);
		st->compiled = atol(f[7]);
		st->measure_s = atol(f[8]);
		copy(st->reason, sizeof(st->reason), n > 9 ? f[9] : "");
		if (st->k < 0 || st->k > s->npatches) {
			snprintf(err, errlen, "step %d: the series has %d patches", st->k, s->npatches);
			return -1;
		}
	} else if (!strcmp(f[0], "bisect") && n >= 7) {
		s->bisect = true;
		copy(s->metric, sizeof(s->metric), f[1]);
		s->threshold = atof(f[2]);
		s->first = atoi(f[3]);
		s->kernels_needed = atoi(f[4]);
		s->kernels_built = atoi(f[5]);
		copy(s->verdict, sizeof(s->verdict), f[6]);
	} else {
		snprintf(err, errlen, "a line of %d fields starting '%s' is not one of the manifest's", n, f[0]);
		return -1;
	}
	return 0;
}

int pab_series_load(const char *dir, struct pab_series *s, char *err, size_t errlen)
{
	char path[1024], line[4096], e[512];
	char *f[MAX_FIELDS];
	int n, lineno = 0;
	FILE *in;

	memset(s, 0, sizeof(*s));
	snprintf(path, sizeof(path), "%s/series.tsv", dir);
	in = fopen(path, "r");
	if (!in) {
		snprintf(err, errlen, "%s: cannot read it (not a directory vm/series.sh wrote?)", path);
		return -1;
	}
	while (fgets(line, sizeof(line), in)) {
		lineno++;
		n = split(line, f);
		if (lineno == 1) {
			if (strcmp(f[0], "pab-series") || n < 2 || atoi(f[1]) != 1) {
				snprintf(err, errlen, "%s:1: not a series manifest of version 1", path);
				goto fail;
			}
			continue;
		}
		if (!f[0][0])
			continue;
		e[0] = '\0';
		if (manifest_line(s, f, n, e, sizeof(e))) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, e[0] ? e : "out of memory");
			goto fail;
		}
	}
	fclose(in);
	in = NULL;
	if (!s->base[0] || !s->npatches) {
		snprintf(err, errlen, "%s: no base or no patches in it", path);
		goto fail;
	}
	for (size_t i = 0; i < s->nsteps; i++)
		if (!strcmp(s->step[i].status, "ok") && load_step_files(dir, &s->step[i], err, errlen))
			goto fail;
	return 0;
fail:
	if (in)
		fclose(in);
	pab_series_free(s);
	return -1;
}

int pab_series_load_step(const char *prefix_dir, struct pab_series_step *st, char *err, size_t errlen)
{
	const char *slash = strrchr(prefix_dir, '/');

	memset(st, 0, sizeof(*st));
	copy(st->dir, sizeof(st->dir), ".");
	copy(st->profile, sizeof(st->profile), slash && slash[1] ? slash + 1 : prefix_dir);
	copy(st->status, sizeof(st->status), "ok");
	return load_step_files(prefix_dir, st, err, errlen);
}

void pab_series_free_step(struct pab_series_step *st)
{
	free(st->cfg);
	memset(st, 0, sizeof(*st));
}

void pab_series_free(struct pab_series *s)
{
	for (size_t i = 0; i < s->nsteps; i++)
		free(s->step[i].cfg);
	free(s->step);
	free(s->patch);
	memset(s, 0, sizeof(*s));
}

const struct pab_series_step *pab_series_find(const struct pab_series *s, int k)
{
	for (size_t i = 0; i < s->nsteps; i++)
		if (s->step[i].k == k)
			return &s->step[i];
	return NULL;
}

size_t pab_series_order(const struct pab_series *s, const struct pab_series_step **order)
{
	size_t n = 0;

	for (int k = 0; k <= s->npatches; k++) {
		const struct pab_series_step *st = pab_series_find(s, k);

		if (st && st->measured)
			order[n++] = st;
	}
	return n;
}

int pab_icount_field(const struct pab_icount *c, const char *field, uint64_t *v)
{
#define PAB_ICOUNT_BY_NAME(f, label)		\
	if (!strcmp(field, #f)) {		\
		*v = c->f;			\
		return 0;			\
	}
	PAB_ICOUNT_FIELDS(PAB_ICOUNT_BY_NAME)
	return -1;
}

int pab_metric_parse(const char *text, struct pab_metric *m, char *err, size_t errlen)
{
	char buf[256], *w[5], *save = NULL, perr[PAB_ERRLEN];
	struct pab_icount probe = { 0 };
	uint64_t dummy;
	int n = 0;

	memset(m, 0, sizeof(*m));
	copy(buf, sizeof(buf), text);
	for (char *t = strtok_r(buf, " \t", &save); t && n < 5; t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	if (n < 3 || n > 4) {
		snprintf(err, errlen, "metric '%s': FIELD METHOD SIZE [WORD], e.g. 'dsb_ishst set-memory-nx 16M'", text);
		return -1;
	}
	if (strlen(w[0]) > 6 && !strcmp(w[0] + strlen(w[0]) - 6, "/entry")) {
		m->per_entry = true;
		w[0][strlen(w[0]) - 6] = '\0';
	}
	copy(m->field, sizeof(m->field), w[0]);
	if (pab_icount_field(&probe, m->field, &dummy)) {
		snprintf(err, errlen, "metric '%s': unknown field '%s' (insns, dsb, dsb_ishst, dsb_ish, dmb, isb, tlbi; FIELD/entry per entry)",
			 text, m->field);
		return -1;
	}
	copy(m->method, sizeof(m->method), w[1]);
	if (pab_parse_size(w[2], &m->bytes, perr)) {
		snprintf(err, errlen, "metric '%s': %s", text, perr);
		return -1;
	}
	if (n == 4)
		copy(m->word, sizeof(m->word), w[3]);
	return 0;
}

int pab_metric_value(const struct pab_series_step *st, const struct pab_metric *m, double *v,
		     const struct pab_series_cfg **cfg, char *err, size_t errlen)
{
	const struct pab_series_cfg *hit = NULL;
	size_t nhit = 0;
	uint64_t x;

	for (size_t i = 0; i < st->ncfg; i++) {
		const struct pab_series_cfg *c = &st->cfg[i];

		if (strcmp(c->method, m->method) || c->bytes != m->bytes || (m->word[0] && !strstr(c->name, m->word)))
			continue;
		if (!nhit++)
			hit = c;
	}
	if (!nhit) {
		snprintf(err, errlen, "%s: no configuration of %s at %llu bytes was measured (see the spec's methods and sizes)",
			 st->profile, m->method, (unsigned long long)m->bytes);
		return -1;
	}
	if (nhit > 1) {
		snprintf(err, errlen, "%s: %zu configurations of %s at %llu bytes were measured: add a word of the one meant (from its name, e.g. %s)",
			 st->profile, nhit, m->method, (unsigned long long)m->bytes, hit->name);
		return -1;
	}
	pab_icount_field(&hit->c, m->field, &x);
	*v = m->per_entry ? (hit->entries ? (double)x / (double)hit->entries : 0) : (double)x;
	if (cfg)
		*cfg = hit;
	return 0;
}
