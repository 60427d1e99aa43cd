// SPDX-License-Identifier: GPL-2.0
/* Small multiples vs range size: series into panels, the data and plots/panels.gp's variables. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "report_fig.h"

static struct fig_series *series_of(struct fig *f, int method, int lazy, const char *name,
				    const char *panel, bool path)
{
	struct fig_series *s;
	char key[sizeof(s->name)];

	/* Names are kept as gnuplot words (blanks and quotes to '_'): compare them so. */
	snprintf(key, sizeof(key), "%s", name);
	for (char *c = key; *c; c++)
		if (*c == ' ' || *c == '\'')
			*c = '_';
	for (size_t i = 0; i < f->n; i++)
		if (f->s[i].method == method && f->s[i].lazy == lazy && !strcmp(f->s[i].panel, panel) &&
		    !strcmp(f->s[i].name, key))
			return &f->s[i];
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 16;

		s = realloc(f->s, cap * sizeof(*s));
		if (!s)
			return NULL;
		f->s = s;
		f->cap = cap;
	}
	s = &f->s[f->n++];
	memset(s, 0, sizeof(*s));
	s->method = method;
	s->lazy = lazy;
	s->path = path;
	snprintf(s->name, sizeof(s->name), "%s", key);
	snprintf(s->panel, sizeof(s->panel), "%s", panel);
	return s;
}

bool fig_add(struct fig *f, int method, int lazy, const char *name, const char *panel, bool path,
	     uint64_t x, double y, double lo, double hi)
{
	struct fig_series *s = series_of(f, method, lazy, name ? name : "", panel, path);

	if (!s)
		return false;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;
		struct fig_point *p = realloc(s->pts, cap * sizeof(*p));

		if (!p)
			return false;
		s->pts = p;
		s->cap = cap;
	}
	s->pts[s->n++] = (struct fig_point){ x, y, lo, hi };
	return true;
}

void fig_free(struct fig *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->s[i].pts);
	free(f->s);
	memset(f, 0, sizeof(*f));
}

void fig_quote(char *s)
{
	for (; *s; s++)
		if (*s == '\'' || *s == '"' || *s == '\\')
			*s = ' ';
}

void fig_panel_name(const struct pab_rec *r, char *buf, size_t len)
{
	char mix[96];
	bool tlb = r->tlb_id != PAB_TLB_NONE;

	if (r->region_id >= 0 && r->region_id != PAB_REGION_MIXED)
		snprintf(buf, len, "%s: %s", pab_vocab_name(&pab_region_kinds, (unsigned int)r->region_id),
			 pab_report_mix(r, mix, sizeof(mix)));
	else
		snprintf(buf, len, "mix %s", pab_report_mix(r, mix, sizeof(mix)));
	if (tlb)
		snprintf(buf + strlen(buf), len - strlen(buf), ", TLB flush %s",
			 r->tlb_id >= 0 ? pab_vocab_name(&pab_tlb_modes, (unsigned int)r->tlb_id) : r->tlb);
	fig_quote(buf);
}

static const struct fig *sorting;

/* Panel order (first seen), kernel paths first, then method and lazy mode by value. */
static int by_look(const void *a, const void *b)
{
	const struct fig_series *x = &sorting->s[*(const size_t *)a], *y = &sorting->s[*(const size_t *)b];

	if (x->sub != y->sub)
		return x->sub - y->sub;
	if (x->path != y->path)
		return y->path - x->path;
	if (x->method != y->method)
		return x->method - y->method;
	if (x->lazy != y->lazy)
		return x->lazy - y->lazy;
	return strcmp(x->name, y->name);
}

static int by_x(const void *a, const void *b)
{
	const struct fig_point *x = a, *y = b;

	return x->x < y->x ? -1 : x->x > y->x;
}

#define CAT(...) (off += (size_t)snprintf(extra + off, off < len ? len - off : 0, __VA_ARGS__))

/*
 * Splits the panels of more than PAB_FIG_PANEL_LINES series: kernel paths
 * apart from the rest, each cut between methods. Titles into titles[].
 */
static int split_panels(struct fig *f, size_t *order, char titles[][200])
{
	int np = 0;

	/* First, one panel per name, numbered as first seen. */
	for (size_t i = 0; i < f->n; i++) {
		f->s[i].sub = -1;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(f->s[j].panel, f->s[i].panel))
				f->s[i].sub = f->s[j].sub;
		if (f->s[i].sub < 0)
			f->s[i].sub = np++;
	}
	for (size_t i = 0; i < f->n; i++)
		order[i] = i;
	sorting = f;
	qsort(order, f->n, sizeof(*order), by_look);
	/* Then walk the sorted series, starting a panel where one would grow too big. */
	int out = -1, cur = -1, lines = 0;
	bool split = false, path = false, cont = false;

	for (size_t k = 0; k < f->n; k++) {
		struct fig_series *s = &f->s[order[k]];
		size_t same = 0, total = 0;

		for (size_t j = 0; j < f->n; j++) {
			total += f->s[j].sub == s->sub;
			same += f->s[j].sub == s->sub && f->s[j].method == s->method && f->s[j].path == s->path &&
				s->method >= 0;
		}
		if (s->sub != cur) {
			cur = s->sub;
			split = total > PAB_FIG_PANEL_LINES;
			path = s->path;
			lines = 0;
			out++;
			cont = false;
		} else if (split && (s->path != path ||
				     (k && f->s[order[k - 1]].method != s->method &&
				      lines + (int)same > PAB_FIG_PANEL_LINES))) {
			/* Cut between methods of one kind: the next panel says it continues. */
			cont = s->path == path;
			path = s->path;
			lines = 0;
			out++;
		}
		if (out >= PAB_FIG_MAX_PANELS)
			return -1;
		if (!lines)
			snprintf(titles[out], 200, "%s%s%s", s->panel,
				 !split ? "" : path ? ": kernel paths" : ": update primitives", cont ? " (continued)" : "");
		lines++;
		s->sub = 1000 + out;
	}
	for (size_t i = 0; i < f->n; i++)
		f->s[i].sub -= 1000;
	return out + 1;
}

int fig_emit(struct fig *f, FILE *t, char *extra, size_t len)
{
	static char titles[PAB_FIG_MAX_PANELS][200];
	size_t *order = calloc(f->n + 1, sizeof(*order)), off = 0;
	uint64_t sizes[64];
	size_t nsizes = 0;
	double ymin = INFINITY, ymax = 0;
	bool mseen[PAB_METHOD_NR] = { 0 }, lseen[PAB_LAZY_NR] = { 0 };
	int np;

	if (!order || !f->n || (np = split_panels(f, order, titles)) <= 0) {
		free(order);
		return 0;
	}
	CAT("npanels=%d; nseries=%zu; smethod='", np, f->n);
	for (size_t k = 0; k < f->n; k++)
		CAT("%s%d", k ? " " : "", f->s[order[k]].method);
	CAT("'; slazy='");
	for (size_t k = 0; k < f->n; k++)
		CAT("%s%d", k ? " " : "", f->s[order[k]].lazy);
	CAT("'; sname='");
	for (size_t k = 0; k < f->n; k++)
		CAT("%s%s", k ? " " : "", f->s[order[k]].name[0] ? f->s[order[k]].name : "-");
	CAT("'; ");
	for (size_t k = 0; k < f->n; k++) {
		struct fig_series *s = &f->s[order[k]];

		if (!k || f->s[order[k - 1]].sub != s->sub)
			CAT("pfirst%d=%zu; ptitle%d='%s'; ", s->sub + 1, k, s->sub + 1, titles[s->sub]);
		CAT("plast%d=%zu; ", s->sub + 1, k);
		if (s->method >= 0 && s->method < PAB_METHOD_NR)
			mseen[s->method] = true;
		if (s->lazy >= 0 && s->lazy < PAB_LAZY_NR)
			lseen[s->lazy] = true;
		qsort(s->pts, s->n, sizeof(*s->pts), by_x);
		if (k)
			fputs("\n\n", t);
		for (size_t i = 0; i < s->n; i++) {
			const struct fig_point *p = &s->pts[i];
			size_t z;

			fprintf(t, "%llu\t%.6g\t%.6g\t%.6g\n", (unsigned long long)p->x, p->y, p->lo, p->hi);
			for (z = 0; z < nsizes && sizes[z] != p->x; z++)
				;
			if (z == nsizes && nsizes < 64)
				sizes[nsizes++] = p->x;
			/* The range over the values a log axis can show. */
			if (p->y > 0) {
				ymin = fmin(ymin, p->lo > 0 && p->lo < p->y ? p->lo : p->y);
				ymax = fmax(ymax, isfinite(p->hi) && p->hi > p->y ? p->hi : p->y);
			}
		}
	}
	/* Legend: the methods drawn, then the lazy modes (by dash). */
	CAT("lmethods='");
	for (int m = 0, w = 0; m < PAB_METHOD_NR; m++)
		if (mseen[m])
			CAT("%s%d", w++ ? " " : "", m);
	CAT("'; lmnames='");
	for (int m = 0, w = 0; m < PAB_METHOD_NR; m++)
		if (mseen[m])
			CAT("%s%s", w++ ? " " : "", pab_method_name((unsigned int)m));
	/* The lazy modes by dash: on and native (the kernel paths') are both solid, one entry. */
	CAT("'; ");
	{
		static const char *const lab[PAB_LAZY_NR] = { "lazy off", "lazy on", "native (the path as it runs)",
							       "lazy batch" };
		int w = 0, kinds = lseen[PAB_LAZY_OFF] + (lseen[PAB_LAZY_ON] || lseen[PAB_LAZY_NATIVE]) +
				      lseen[PAB_LAZY_BATCH];

		/* One kind of dash says nothing: no entry. */
		for (int l = 0; kinds > 1 && l < PAB_LAZY_NR; l++) {
			if (!lseen[l] || (l == PAB_LAZY_NATIVE && lseen[PAB_LAZY_ON]))
				continue;
			w++;
			CAT("ldash%d=%d; llab%d='%s%s'; ", w, l == PAB_LAZY_OFF ? 2 : l == PAB_LAZY_BATCH ? 3 : 1,
			    w, l == PAB_LAZY_ON && lseen[PAB_LAZY_NATIVE] ? "lazy on; kernel paths: native" : lab[l],
			    "");
		}
		CAT("nldash=%d", w);
	}
	/* x tics at the sizes measured (at most 8, every other one beyond), "4K 64K 2M 1G". */
	for (size_t i = 1; i < nsizes; i++)
		for (size_t j = i; j > 0 && sizes[j - 1] > sizes[j]; j--) {
			uint64_t v = sizes[j];

			sizes[j] = sizes[j - 1];
			sizes[j - 1] = v;
		}
	CAT("; xticscmd='set xtics (");
	for (size_t i = 0, step = (nsizes + 7) / 8, w = 0; i < nsizes; i += step ? step : 1) {
		char l[16];

		pab_report_size(sizes[i], l, sizeof(l));
		CAT("%s\"%s\" %llu", w++ ? ", " : "", l, (unsigned long long)sizes[i]);
	}
	CAT(")'; xmin=%g; xmax=%g; ", nsizes ? (double)sizes[0] / 1.6 : 1.0,
	    nsizes ? (double)sizes[nsizes - 1] * 1.6 : 2.0);
	if (ymax > 0)
		CAT("ymin=%g; ymax=%g; ", ymin, ymax);
	CAT("height=%d", 90 + 330 * ((np + (np > 4 ? 2 : np > 1 ? 1 : 0)) / (np > 4 ? 3 : np > 1 ? 2 : 1)));
	free(order);
	return (int)f->n;
}

void pab_report_size(uint64_t b, char *buf, size_t len)
{
	if (b >= 1ULL << 30) snprintf(buf, len, "%lluG", (unsigned long long)(b >> 30));
	else if (b >= 1ULL << 20) snprintf(buf, len, "%lluM", (unsigned long long)(b >> 20));
	else snprintf(buf, len, "%lluK", (unsigned long long)(b >> 10));
}

const char *pab_report_mix(const struct pab_rec *r, char *buf, size_t len)
{
	return r->have_mix ? pab_format_mix(r->mix_ppm, buf, len) : r->mix;
}

const char *pab_report_mix_short(const struct pab_rec *r, char *buf, size_t len, bool *legend)
{
	/* 1-99 after rounding: PMD and PTE both present. */
	int pmd = r->have_mix ? pab_mix_pmd_percent(r->mix_ppm) : -1;

	if (pmd <= 0 || pmd >= 100)
		return pab_report_mix(r, buf, len);
	snprintf(buf, len, "pmd%d", pmd);
	*legend = true;
	return buf;
}

const char *pab_report_where_short(const struct pab_rec *r, char *buf, size_t len, bool *legend)
{
	return r->region && strcmp(r->region, "mixed") ? r->region : pab_report_mix_short(r, buf, len, legend);
}
