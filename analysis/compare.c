// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "basis.h"
#include "compare.h"
#include "robust.h"
#include "stats.h"

struct pab_rec_memo {
	const uint64_t *ns;		/* the samples it was computed from */
	size_t n;
	struct pab_summary s;
	const struct pab_rec *with;	/* the last pab_compare_recs(this, with) */
	const uint64_t *with_ns;
	struct pab_cmp cmp;
	int cmp_ret;
};

/* The record's memo, valid for its samples as they are (NULL on no memory). */
static struct pab_rec_memo *memo_of(const struct pab_rec *r)
{
	struct pab_rec *w = (struct pab_rec *)r;	/* a cache, not the record's data */

	if (w->memo && (w->memo->ns != r->samples_ns || w->memo->n != r->nsamples)) {
		free(w->memo);
		w->memo = NULL;
	}
	if (!w->memo && (w->memo = calloc(1, sizeof(*w->memo)))) {
		w->memo->ns = r->samples_ns;
		w->memo->n = r->nsamples;
		w->memo->s.st.n = SIZE_MAX;	/* not computed yet */
	}
	return w->memo;
}

static int summary_uncached(const struct pab_rec *r, struct pab_summary *s);

int pab_rec_summary(const struct pab_rec *r, struct pab_summary *s)
{
	struct pab_rec_memo *m;

	if (!r->ok || r->nsamples < 2) {
		memset(s, 0, sizeof(*s));
		return -1;
	}
	m = memo_of(r);
	if (!m)
		return summary_uncached(r, s);
	if (m->s.st.n == SIZE_MAX && summary_uncached(r, &m->s)) {
		m->s.st.n = SIZE_MAX;
		memset(s, 0, sizeof(*s));
		return -1;
	}
	*s = m->s;
	return 0;
}

static int summary_uncached(const struct pab_rec *r, struct pab_summary *s)
{
	struct pab_net *n = &s->m;

	memset(s, 0, sizeof(*s));
	if (pab_net_stats(r->samples_ns, r->samples_null, r->nsamples, n, &s->st, &s->mad, &s->outliers))
		return -1;
	s->median = n->median;
	s->lo = n->lo;
	s->hi = n->hi;
	s->have_net = n->have_null;
	s->net = n->net;
	s->net_lo = n->net_lo;
	s->net_hi = n->net_hi;
	s->null_median = n->null_median;
	s->t = s->have_net ? s->net : s->median;
	s->t_lo = s->have_net ? s->net_lo : s->lo;
	s->t_hi = s->have_net ? s->net_hi : s->hi;
	s->per_entry = r->entries ? s->t / (double)r->entries : NAN;
	return 0;
}

/* A record's samples as doubles (NULL without them or on no memory). */
static double *as_doubles(const uint64_t *x, size_t n)
{
	double *v = x ? malloc((n ? n : 1) * sizeof(*v)) : NULL;

	for (size_t i = 0; v && i < n; i++)
		v[i] = (double)x[i];
	return v;
}

enum pab_verdict pab_verdict_of(double ratio, double lo, double hi, double p, double pb)
{
	/* Written so a NaN interval (a net median of 0) or p proves nothing. */
	if (!(p < 0.05) || !(lo > 1 || hi < 1))
		return PAB_NO_DIFFERENCE;
	/*
	 * The medians and the rank test can disagree: calls with a slow path
	 * in about half of them put each median on whichever peak holds the
	 * middle call, so B's median can sit on the fast peak and A's on the
	 * slow one while B is slower in three pairs of calls out of four. p
	 * speaks for the direction pb says, never for the other one: a
	 * verdict needs both to point the same way.
	 */
	if (ratio < 1 && pb < 0.5)
		return PAB_B_FASTER;
	if (ratio > 1 && pb > 0.5)
		return PAB_B_SLOWER;
	return PAB_NO_DIFFERENCE;
}

bool pab_ci_overlap(double lo1, double hi1, double lo2, double hi2)
{
	return lo1 <= hi2 && lo2 <= hi1;
}

int pab_compare_summaries(const struct pab_rec *a, const struct pab_summary *sa,
			  const struct pab_rec *b, const struct pab_summary *sb, struct pab_cmp *c)
{
	double *va = NULL, *vb = NULL, *na = NULL, *nb = NULL, u;
	bool boot = a->nsamples < PAB_CLOSED_MIN_N || b->nsamples < PAB_CLOSED_MIN_N;
	struct pab_ratio q;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	/* Net only when both sides have it: a raw time against a net one says nothing. */
	c->net = sa->have_net && sb->have_net;
	if (boot) {
		/* Small samples: B/A's interval is the bootstrap over them. */
		va = as_doubles(a->samples_ns, a->nsamples);
		vb = as_doubles(b->samples_ns, b->nsamples);
		if (c->net) {
			na = as_doubles(a->samples_null, a->nsamples);
			nb = as_doubles(b->samples_null, b->nsamples);
		}
	}
	if (!boot || (va && vb && (!c->net || (na && nb)))) {
		c->ma = c->net ? sa->net : sa->median;
		c->mb = c->net ? sb->net : sb->median;
		c->null_a = c->net ? sa->null_median : NAN;
		c->null_b = c->net ? sb->null_median : NAN;
		pab_ratio_ci(&sa->m, &sb->m, c->net, va, na, vb, nb, &q);
		c->ratio = q.ratio;
		c->lo = q.lo;
		c->hi = q.hi;
		c->boot_reps = q.boot_reps;
		/* Each call net of its own null window: what the test compares. */
		c->p = pab_mann_whitney_u64(a->samples_ns, c->net ? a->samples_null : NULL, a->nsamples,
					    b->samples_ns, c->net ? b->samples_null : NULL, b->nsamples, &u);
		/* U counts the pairs where A's call is the longer (ties half). */
		c->pb = 1 - u / ((double)a->nsamples * (double)b->nsamples);
		c->verdict = pab_verdict_of(c->ratio, c->lo, c->hi, c->p, c->pb);
		ret = 0;
	}
	free(va);
	free(vb);
	free(na);
	free(nb);
	return ret;
}

int pab_compare_recs(const struct pab_rec *a, const struct pab_rec *b, struct pab_cmp *c)
{
	struct pab_summary sa, sb;
	struct pab_rec_memo *m;
	int ret;

	memset(c, 0, sizeof(*c));
	if (pab_rec_summary(a, &sa) || pab_rec_summary(b, &sb))
		return -1;
	m = memo_of(a);
	/* The report compares each pair twice (table and plot): once is enough. */
	if (m && m->with == b && m->with_ns == b->samples_ns) {
		*c = m->cmp;
		return m->cmp_ret;
	}
	ret = pab_compare_summaries(a, &sa, b, &sb, c);
	if (m) {
		m->with = b;
		m->with_ns = b->samples_ns;
		m->cmp = *c;
		m->cmp_ret = ret;
	}
	return ret;
}

const char *pab_verdict_word(enum pab_verdict v)
{
	return v == PAB_B_FASTER ? "B faster" : v == PAB_B_SLOWER ? "B slower" : "no difference proven";
}

/*
 * A percentage to one decimal, "<0.1%" below 0.05 %: a printed 0.0 % claims
 * a precision no interval has (it is at least a clock tick wide).
 */
static const char *pct_text(double v, char *buf, size_t len)
{
	if (!isfinite(v))
		snprintf(buf, len, "unbounded");
	else if (v < 0.05)
		snprintf(buf, len, "<0.1%%");
	else
		snprintf(buf, len, "%.1f%%", v);
	return buf;
}

const char *pab_cmp_text(const struct pab_cmp *c, char *buf, size_t len)
{
	char by[16], pm[16];

	if (c->verdict == PAB_NO_DIFFERENCE)
		snprintf(buf, len, "%s", pab_verdict_word(c->verdict));
	else
		snprintf(buf, len, "%s by %s ± %s", pab_verdict_word(c->verdict),
			 pct_text(100 * fabs(1 - c->mb / c->ma), by, sizeof(by)),
			 pct_text(50 * (c->hi - c->lo), pm, sizeof(pm)));
	return buf;
}

const char *pab_basis_cmp_text(enum pab_basis basis, const struct pab_cmp *c,
			       const struct pab_rec *a, const struct pab_rec *b, char *buf, size_t len)
{
	double d = c->mb - c->ma, pe = pab_cmp_diff_per_entry(c, a, b);

	if (pab_basis_allows_verdict(basis))
		return pab_cmp_text(c, buf, len);
	if (!pab_basis_exact(basis) || !isfinite(d))
		snprintf(buf, len, "%s", pab_basis_no_verdict(basis));
	else if (isfinite(pe))
		snprintf(buf, len, "B - A = %+.0f ns, %+.2f/entry", d, pe);
	else
		snprintf(buf, len, "B - A = %+.0f ns", d);
	return buf;
}

bool pab_emulated_text(const struct pab_results_file *a, const char *an,
		       const struct pab_results_file *b, const char *bn, char *buf, size_t len)
{
	bool ea = a->emulated, eb = b && b->emulated;
	const char *which = !b || (ea && eb) ? NULL : ea ? an : bn;

	snprintf(buf, len, "%s%s%s", which ? which : "", which ? ": " : "",
		 ea || eb ? PAB_EMULATED_NOTE : "");
	return ea || eb;
}

const struct pab_rec *pab_match(const struct pab_results_file *b, const struct pab_rec *a)
{
	for (size_t j = 0; j < b->n; j++)
		if (!strcmp(b->recs[j].key, a->key))
			return &b->recs[j];
	return NULL;
}

/* What a row's medians are: net of which null windows, or raw and why. */
static const char *cmp_basis(const struct pab_cmp *c, const struct pab_rec *a,
			     const struct pab_rec *b, char *buf, size_t len)
{
	if (c->net)
		snprintf(buf, len, "net of the null window, %.0f/%.0f ns", c->null_a, c->null_b);
	else
		snprintf(buf, len, "raw: no null window in %s", !a->samples_null && !b->samples_null ?
			 "A or B" : !a->samples_null ? "A" : "B");
	return buf;
}

void pab_compare_print(FILE *f, const struct pab_results_file *a, const struct pab_results_file *b)
{
	enum pab_basis basis = pab_basis_of_two(a, b);
	size_t matched = 0;
	char note[512];

	/* Times that allow no verdict: why, once, on top (basis.h). */
	if (pab_basis_why_text(a, "A", b, "B", note, sizeof(note)))
		fprintf(f, "note: %s\n", note);
	fprintf(f, "%-58s %11s %11s %8s %19s %9s  %-30s %s\n", "configuration", "A ns", "B ns",
		"B/A", "95% CI of B/A", "p (MWU)", pab_basis_allows_verdict(basis) ? "verdict at 95%" :
		pab_basis_exact(basis) ? "B - A (ns = instructions)" : "verdict", "times");
	for (size_t i = 0; i < a->n; i++) {
		const struct pab_rec *ra = &a->recs[i], *rb = pab_match(b, ra);
		struct pab_cmp c;
		char verdict[96], times[96];

		if (!rb)
			continue;
		matched++;
		if (pab_compare_recs(ra, rb, &c)) {
			fprintf(f, "%-58.58s not comparable (A %s, B %s)\n", ra->name, ra->status, rb->status);
			continue;
		}
		fprintf(f, "%-58.58s %11.0f %11.0f %8.3f [%8.3f, %8.3f] ", ra->name, c.ma, c.mb,
			c.ratio, c.lo, c.hi);
		if (pab_basis_allows_p(basis))
			fprintf(f, "%9.2g", c.p);
		else
			fprintf(f, "%9s", "-");
		fprintf(f, "  %-30s %s", pab_basis_cmp_text(basis, &c, ra, rb, verdict, sizeof(verdict)),
			cmp_basis(&c, ra, rb, times, sizeof(times)));
		if (c.boot_reps)
			fprintf(f, "; bootstrap: %u resamples", c.boot_reps);
		fprintf(f, "\n");
	}
	for (size_t i = 0; i < a->n; i++)
		if (!pab_match(b, &a->recs[i]))
			fprintf(f, "only in A: %s\n", a->recs[i].key);
	for (size_t j = 0; j < b->n; j++)
		if (!pab_match(a, &b->recs[j]))
			fprintf(f, "only in B: %s\n", b->recs[j].key);
	fprintf(f, "%zu configurations in both; times: medians net of the null window (an empty timed window after each call, same run, same CPU; the median of A's/B's is given), raw where a file has none; calls hit by an interrupt left out unless the run kept them; test: Mann-Whitney U (two-sided, normal approximation) on each call net of its null window, interval of B/A: closed form from %d samples a side (each median's two order-statistic half-widths, at least one clock tick, combined side by side on the log ratio: MOVER), below that a percentile bootstrap (%d resamples, fixed seed; the row says so); a verdict only where the interval excludes 1, p < 0.05 and the rank test points the same way\n",
		matched, PAB_CLOSED_MIN_N, PAB_BOOT_REPS);
}

static bool rec_is_method(const struct pab_rec *r, const char *name)
{
	int m = pab_method_parse(name);

	return m >= 0 ? r->method_id == m : !strcmp(r->method, name);
}

int pab_methods_split(const struct pab_results_file *in, const char *ma, const char *mb,
		      struct pab_results_file *a, struct pab_results_file *b)
{
	/* One file: its machine is both sides'. */
	*a = (struct pab_results_file){ .emulated = in->emulated, .clock = in->clock,
					.kernel_release = in->kernel_release };
	*b = *a;
	a->recs = calloc(in->n + 1, sizeof(*a->recs));
	b->recs = calloc(in->n + 1, sizeof(*b->recs));
	for (size_t i = 0; a->recs && b->recs && i < in->n; i++) {
		struct pab_rec r;
		const char *rest;

		/* The memo made on the file's record, so the copies share it (freed with the file). */
		memo_of(&in->recs[i]);
		r = in->recs[i];
		rest = strchr(r.key, '/');

		if (rec_is_method(&r, ma)) {
			a->recs[a->n++] = r;
		} else if (rec_is_method(&r, mb) && rest) {
			/* The key with A's method, so configurations pair up. */
			char *key = malloc(strlen(ma) + strlen(rest) + 1);

			if (!key)
				continue;
			strcat(strcpy(key, ma), rest);
			r.key = key;
			b->recs[b->n++] = r;
		}
	}
	if (a->recs && b->recs)
		return 0;
	pab_methods_split_free(a, b);
	return -1;
}

void pab_methods_split_free(struct pab_results_file *a, struct pab_results_file *b)
{
	for (size_t i = 0; b->recs && i < b->n; i++)
		free(b->recs[i].key);
	free(a->recs);
	free(b->recs);
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
}

int pab_compare_methods_print(FILE *f, const struct pab_results_file *in, const char *ma,
			      const char *mb)
{
	struct pab_results_file a, b;

	if (pab_methods_split(in, ma, mb, &a, &b))
		return -1;
	pab_compare_print(f, &a, &b);
	pab_methods_split_free(&a, &b);
	return 0;
}

/* Under a configuration: its interrupt hits, and what its times are. */
static void analyze_notes(FILE *f, const struct pab_rec *r, const struct pab_summary *s)
{
	if (r->irq_hit_calls)
		fprintf(f, "    %llu of %zu calls hit by an interrupt: %s\n",
			(unsigned long long)r->irq_hit_calls, r->ncalls,
			r->irq_excluded ? "excluded (--keep-irq-samples keeps them)" :
			r->irq_hit_calls == r->ncalls ? "all of them, so all kept" : "kept (--keep-irq-samples)");
	if (!s->have_net)
		fprintf(f, "    net time unavailable: no null windows in the file (older result file)\n");
}

void pab_analyze_print(FILE *f, const char *path, const struct pab_results_file *rf)
{
	char note[512];

	fprintf(f, "%s: %s, %zu configurations\n", path, rf->kernel_release, rf->n);
	if (pab_basis_why_text(rf, NULL, NULL, NULL, note, sizeof(note)))
		fprintf(f, "note: %s\n", note);
	fprintf(f, "%-58s %5s %11s %23s %11s %23s %9s %11s %10s %10s %10s %10s %10s %8s %5s %9s\n",
		"configuration", "n", "median ns", "95% CI of median", "net ns", "95% CI of net",
		"null ns", "mean ns", "stddev", "p5", "p25", "p75", "p95", "MAD", "outl", "ns/entry");
	for (size_t i = 0; i < rf->n; i++) {
		const struct pab_rec *r = &rf->recs[i];
		struct pab_summary s;
		const struct pab_stats *st = &s.st;
		double half1, half2;

		if (pab_rec_summary(r, &s)) {
			fprintf(f, "%-58.58s %s: %s\n", r->name, r->status, r->error ? r->error : "no samples");
			continue;
		}
		fprintf(f, "%-58.58s %5zu %11.0f [%10.0f, %10.0f] ", r->name, r->nsamples, s.median,
			s.lo, s.hi);
		if (s.have_net)
			fprintf(f, "%11.0f [%10.0f, %10.0f] %9.0f", s.net, s.net_lo, s.net_hi, s.null_median);
		else
			fprintf(f, "%11s %23s %9s", "-", "-", "-");
		fprintf(f, " %11.0f %10.0f %10.0f %10.0f %10.0f %10.0f %8.0f %5zu %9.2f\n", st->mean,
			st->stddev, st->p5, st->p25, st->p75, st->p95, s.mad, s.outliers, s.per_entry);
		analyze_notes(f, r, &s);
		for (unsigned int e = 0; e < r->nevents; e++)
			if (r->events[e].counted)
				fprintf(f, "    %-22s net %12.0f per call, %10.2f per entry\n",
					r->events[e].name, r->events[e].net, r->events[e].per_entry);
		/* Drift: the two halves' medians differ by more than 10 %. */
		half1 = pab_median_u64(r->samples_ns, r->nsamples / 2);
		half2 = pab_median_u64(r->samples_ns + r->nsamples / 2, r->nsamples - r->nsamples / 2);
		if (s.outliers * 20 > r->nsamples)
			fprintf(f, "  Warning: %zu statistical outliers (modified z-score > 3.5) in %s: consider more iterations, a quiet machine, or --cpu\n",
				s.outliers, r->name);
		if (half1 > 0 && fabs(half2 - half1) / half1 > 0.10)
			fprintf(f, "  Warning: drift in %s: the second half's median is %+.1f%% off the first's\n",
				r->name, 100 * (half2 - half1) / half1);
	}
	fprintf(f, "net: the median net of the null window (an empty timed window after each call, same run, same CPU), 95%% CI [lo - null hi, hi - null lo] of the two medians' 97.5%% intervals; intervals of medians: order statistics (exact binomial ranks, distribution-free); ns/entry is net where known; calls hit by an interrupt left out unless the run kept them\n");
}
