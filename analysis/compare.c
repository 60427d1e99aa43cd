// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "compare.h"
#include "robust.h"
#include "stats.h"

int pab_rec_summary(const struct pab_rec *r, struct pab_summary *s)
{
	struct pab_stats st;
	double *v;

	memset(s, 0, sizeof(*s));
	if (!r->ok || r->nsamples < 2 || !(v = pab_rec_samples(r)))
		return -1;
	pab_stats_compute(r->samples_ns, r->nsamples, &st);
	s->median = st.median;
	pab_bootstrap_median(v, r->nsamples, PAB_BOOT_REPS, PAB_BOOT_SEED, &s->lo, &s->hi);
	s->outliers = pab_outliers(v, r->nsamples);
	s->per_entry = r->entries ? st.median / (double)r->entries : NAN;
	free(v);
	return 0;
}

int pab_compare_recs(const struct pab_rec *a, const struct pab_rec *b, struct pab_cmp *c)
{
	struct pab_stats sa, sb;
	double *va, *vb, u;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	if (!a->ok || !b->ok || a->nsamples < 2 || b->nsamples < 2)
		return -1;
	va = pab_rec_samples(a);
	vb = pab_rec_samples(b);
	if (va && vb) {
		pab_stats_compute(a->samples_ns, a->nsamples, &sa);
		pab_stats_compute(b->samples_ns, b->nsamples, &sb);
		c->ma = sa.median;
		c->mb = sb.median;
		c->ratio = c->mb / c->ma;
		pab_bootstrap_ratio(va, a->nsamples, vb, b->nsamples, PAB_BOOT_REPS, PAB_BOOT_SEED,
				    &c->lo, &c->hi);
		c->p = pab_mann_whitney(va, a->nsamples, vb, b->nsamples, &u);
		c->verdict = c->p >= 0.05 || (c->lo <= 1 && c->hi >= 1) ? PAB_NO_DIFFERENCE :
			     c->mb < c->ma ? PAB_B_FASTER : PAB_B_SLOWER;
		ret = 0;
	}
	free(va);
	free(vb);
	return ret;
}

const char *pab_verdict_word(enum pab_verdict v)
{
	return v == PAB_B_FASTER ? "B faster" : v == PAB_B_SLOWER ? "B slower" : "no difference proven";
}

const char *pab_cmp_text(const struct pab_cmp *c, char *buf, size_t len)
{
	if (c->verdict == PAB_NO_DIFFERENCE)
		snprintf(buf, len, "%s", pab_verdict_word(c->verdict));
	else
		snprintf(buf, len, "%s by %.1f%% ± %.1f%%", pab_verdict_word(c->verdict),
			 100 * fabs(1 - c->mb / c->ma), 50 * (c->hi - c->lo));
	return buf;
}

const struct pab_rec *pab_match(const struct pab_results_file *b, const struct pab_rec *a)
{
	for (size_t j = 0; j < b->n; j++)
		if (!strcmp(b->recs[j].key, a->key))
			return &b->recs[j];
	return NULL;
}

void pab_compare_print(FILE *f, const struct pab_results_file *a, const struct pab_results_file *b)
{
	size_t matched = 0;

	fprintf(f, "%-58s %11s %11s %8s %19s %9s  %s\n", "configuration", "A median", "B median", "B/A",
		"95% CI of B/A", "p (MWU)", "verdict at 95%");
	for (size_t i = 0; i < a->n; i++) {
		const struct pab_rec *ra = &a->recs[i], *rb = pab_match(b, ra);
		struct pab_cmp c;
		char verdict[96];

		if (!rb)
			continue;
		matched++;
		if (pab_compare_recs(ra, rb, &c)) {
			fprintf(f, "%-58.58s not comparable (A %s, B %s)\n", ra->name, ra->status, rb->status);
			continue;
		}
		fprintf(f, "%-58.58s %11.0f %11.0f %8.3f [%8.3f, %8.3f] %9.2g  %s\n", ra->name, c.ma,
			c.mb, c.ratio, c.lo, c.hi, c.p, pab_cmp_text(&c, verdict, sizeof(verdict)));
	}
	for (size_t i = 0; i < a->n; i++)
		if (!pab_match(b, &a->recs[i]))
			fprintf(f, "only in A: %s\n", a->recs[i].key);
	for (size_t j = 0; j < b->n; j++)
		if (!pab_match(a, &b->recs[j]))
			fprintf(f, "only in B: %s\n", b->recs[j].key);
	fprintf(f, "%zu configurations in both; test: Mann-Whitney U (two-sided, normal approximation), interval: percentile bootstrap of the ratio of medians (%d resamples)\n",
		matched, PAB_BOOT_REPS);
}

static bool rec_is_method(const struct pab_rec *r, const char *name)
{
	int m = pab_method_parse(name);

	return m >= 0 ? r->method_id == m : !strcmp(r->method, name);
}

int pab_compare_methods_print(FILE *f, const struct pab_results_file *in, const char *ma,
			      const char *mb)
{
	struct pab_results_file a = { 0 }, b = { 0 };
	int ret = -1;

	a.recs = calloc(in->n + 1, sizeof(*a.recs));
	b.recs = calloc(in->n + 1, sizeof(*b.recs));
	for (size_t i = 0; a.recs && b.recs && i < in->n; i++) {
		struct pab_rec r = in->recs[i];
		const char *rest = strchr(r.key, '/');

		if (rec_is_method(&r, ma)) {
			a.recs[a.n++] = r;
		} else if (rec_is_method(&r, mb) && rest) {
			/* The key with A's method, so configurations pair up. */
			char *key = malloc(strlen(ma) + strlen(rest) + 1);

			if (!key)
				continue;
			strcat(strcpy(key, ma), rest);
			r.key = key;
			b.recs[b.n++] = r;
		}
	}
	if (a.recs && b.recs) {
		pab_compare_print(f, &a, &b);
		ret = 0;
	}
	for (size_t i = 0; i < b.n; i++)
		free(b.recs[i].key);
	free(a.recs);
	free(b.recs);
	return ret;
}

void pab_analyze_print(FILE *f, const char *path, const struct pab_results_file *rf)
{
	fprintf(f, "%s: %s, %zu configurations\n", path, rf->kernel_release, rf->n);
	fprintf(f, "%-58s %5s %11s %23s %11s %10s %10s %10s %10s %10s %8s %5s %9s\n", "configuration",
		"n", "median ns", "95% CI of median", "mean ns", "stddev", "p5", "p25", "p75", "p95",
		"MAD", "outl", "ns/entry");
	for (size_t i = 0; i < rf->n; i++) {
		const struct pab_rec *r = &rf->recs[i];
		struct pab_summary s;
		struct pab_stats st;
		double *v, half1, half2;

		if (pab_rec_summary(r, &s) || !(v = pab_rec_samples(r))) {
			fprintf(f, "%-58.58s %s: %s\n", r->name, r->status, r->error ? r->error : "no samples");
			continue;
		}
		pab_stats_compute(r->samples_ns, r->nsamples, &st);
		fprintf(f, "%-58.58s %5zu %11.0f [%10.0f, %10.0f] %11.0f %10.0f %10.0f %10.0f %10.0f %10.0f %8.0f %5zu %9.2f\n",
			r->name, r->nsamples, s.median, s.lo, s.hi, st.mean, st.stddev, st.p5, st.p25,
			st.p75, st.p95, pab_mad(v, r->nsamples), s.outliers, s.per_entry);
		for (unsigned int e = 0; e < r->nevents; e++)
			if (r->events[e].counted)
				fprintf(f, "    %-22s net %12.0f per call, %10.2f per entry\n",
					r->events[e].name, r->events[e].net, r->events[e].per_entry);
		/* Drift: the two halves' medians differ by more than 10 %. */
		pab_stats_compute(r->samples_ns, r->nsamples / 2, &st);
		half1 = st.median;
		pab_stats_compute(r->samples_ns + r->nsamples / 2, r->nsamples - r->nsamples / 2, &st);
		half2 = st.median;
		if (s.outliers * 20 > r->nsamples)
			fprintf(f, "  Warning: %zu statistical outliers (modified z-score > 3.5) in %s: consider more iterations, a quiet machine, or --cpu\n",
				s.outliers, r->name);
		if (half1 > 0 && fabs(half2 - half1) / half1 > 0.10)
			fprintf(f, "  Warning: drift in %s: the second half's median is %+.1f%% off the first's\n",
				r->name, 100 * (half2 - half1) / half1);
		free(v);
	}
}
