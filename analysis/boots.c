// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel A/B across boots (boots.h): per configuration, one median per boot
 * (pab_rec_summary's, net of the null window where every boot has them),
 * then B/A from those medians (common/boot_ci.c: Welch's t on their logs),
 * the verdict by compare.h's rule, and the two spreads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "boots.h"

/* A boot's summary of the configuration a's key: 0, or -1 where it has none usable. */
static int boot_summary(const struct pab_results_file *f, const struct pab_rec *a,
			const struct pab_rec **r, struct pab_summary *s)
{
	*r = pab_match(f, a);
	return *r && (*r)->cold == a->cold ? pab_rec_summary(*r, s) : -1;
}

/* The IQR of a boot's calls over their median: how the calls of one boot scatter. */
static double rel_iqr(const struct pab_summary *s)
{
	return s->st.median > 0 ? (s->st.p75 - s->st.p25) / s->st.median : NAN;
}

static double median_of(double *v, size_t n)
{
	return n ? pab_median_inplace(v, n) : NAN;
}

/*
 * One side's per-boot medians of configuration key into m (raw or net as
 * net says; *net cleared when a boot lacks null windows), their relative
 * IQRs' median into *within, the least variance of their logs (a tick's
 * rounding) into *floor. Returns the boots that measured it.
 */
static size_t one_side(const struct pab_results_file *const *f, size_t n, const struct pab_rec *key,
		       bool want_net, double *m, bool *net, double *within, double *floor,
		       const struct pab_rec **first)
{
	struct pab_summary s[PAB_MAX_BOOTS];
	double iqr[PAB_MAX_BOOTS], tick = 0, sum = 0;
	size_t k = 0;

	*first = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct pab_rec *r;

		if (boot_summary(f[i], key, &r, &s[k]))
			continue;
		if (!*first)
			*first = r;
		*net = *net && s[k].have_net;
		k++;
	}
	for (size_t i = 0; i < k; i++) {
		m[i] = want_net && *net ? s[i].net : s[i].median;
		iqr[i] = rel_iqr(&s[i]);
		tick = fmax(tick, s[i].m.tick);
		sum += m[i];
	}
	*within = median_of(iqr, k);
	*floor = k && sum > 0 ? pow(tick / (sum / (double)k), 2) / 12 : 0;
	return k;
}

static void compare_row(const struct pab_boots *bt, const struct pab_rec *key, struct pab_boot_row *w)
{
	double fa, fb;
	bool net_a = true, net_b = true;

	memset(w, 0, sizeof(*w));
	/* Net only when every boot of both sides has null windows: first learn whether they do. */
	one_side(bt->a, bt->na, key, true, w->ma, &net_a, &w->within_a, &fa, &w->a);
	one_side(bt->b, bt->nb, key, true, w->mb, &net_b, &w->within_b, &fb, &w->b);
	w->net = net_a && net_b;
	w->na = one_side(bt->a, bt->na, key, w->net, w->ma, &net_a, &w->within_a, &fa, &w->a);
	w->nb = one_side(bt->b, bt->nb, key, w->net, w->mb, &net_b, &w->within_b, &fb, &w->b);
	if (w->na < 2 || w->nb < 2) {
		w->why = "fewer than 2 boots a side measured it";
		return;
	}
	if (pab_boot_ratio_ci(w->ma, w->na, w->mb, w->nb, fa, fb, &w->c)) {
		w->why = "a boot's median is not above 0 (net of its null window)";
		return;
	}
	w->comparable = true;
	w->between_a = expm1(w->c.sd_a);
	w->between_b = expm1(w->c.sd_b);
	/* The house's rule: interval excludes 1, p < 0.05, and the boots point the same way. */
	w->verdict = pab_basis_allows_verdict(bt->basis) ?
		     pab_verdict_of(w->c.ratio, w->c.lo, w->c.hi, w->c.p, w->c.pb) : PAB_NO_DIFFERENCE;
	w->warn = fmax(w->between_a, w->between_b) > fabs(w->c.ratio - 1);
}

/*
 * The same run given twice on one side (one directory named twice, or a copy:
 * every call's time equal) is one boot, not two: its "between-boot" spread
 * would be nil and its interval a point. Timed calls of two boots never agree
 * to the nanosecond across a whole record; exact counts (icount) of two boots
 * may, so those are not compared.
 */
static int same_run(const struct pab_results_file *x, const struct pab_results_file *y)
{
	if (x == y)
		return 1;
	if (x->n != y->n || !x->n || x->clock == PAB_CLOCK_ICOUNT || y->clock == PAB_CLOCK_ICOUNT)
		return 0;
	for (size_t i = 0; i < x->n; i++) {
		const struct pab_rec *p = &x->recs[i], *q = &y->recs[i];

		if (p->nsamples != q->nsamples || !p->nsamples ||
		    memcmp(p->samples_ns, q->samples_ns, p->nsamples * sizeof(*p->samples_ns)))
			return 0;
	}
	return 1;
}

static int repeated_run(const char *side, const struct pab_results_file *const *f, size_t n,
			char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (same_run(f[i], f[j])) {
				snprintf(err, errlen,
					 "%s's directories %zu and %zu hold the same run (every call's time equal): one boot given twice is not two boots",
					 side, i + 1, j + 1);
				return -1;
			}
	return 0;
}

int pab_boots_compare(const struct pab_results_file *const *a, size_t na,
		      const struct pab_results_file *const *b, size_t nb, struct pab_boots *out,
		      char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (!na || !nb || na > PAB_MAX_BOOTS || nb > PAB_MAX_BOOTS) {
		snprintf(err, errlen, "the boot A/B takes 1 to %d results directories a side (A %zu, B %zu)",
			 PAB_MAX_BOOTS, na, nb);
		return -1;
	}
	if (repeated_run("A", a, na, err, errlen) || repeated_run("B", b, nb, err, errlen))
		return -1;
	out->a = a;
	out->b = b;
	out->na = na;
	out->nb = nb;
	out->basis = pab_basis_of(a[0]);
	for (size_t i = 0; i < na; i++)
		out->basis = pab_basis_weaker(out->basis, pab_basis_of(a[i]));
	for (size_t i = 0; i < nb; i++)
		out->basis = pab_basis_weaker(out->basis, pab_basis_of(b[i]));
	out->rows = calloc(a[0]->n + 1, sizeof(*out->rows));
	if (!out->rows) {
		snprintf(err, errlen, "no memory for %zu configurations", a[0]->n);
		return -1;
	}
	/* A's first boot names the configurations; one B never measured is not a row. */
	for (size_t i = 0; i < a[0]->n; i++) {
		const struct pab_rec *key = &a[0]->recs[i];
		struct pab_boot_row *w = &out->rows[out->nrows];

		if (!key->ok)
			continue;
		compare_row(out, key, w);
		if (!w->a || !w->b)
			continue;
		out->nwarn += w->warn;
		out->nrows++;
	}
	return 0;
}

void pab_boots_free(struct pab_boots *bt)
{
	free(bt->rows);
	memset(bt, 0, sizeof(*bt));
}

const char *pab_boot_row_word(const struct pab_boots *bt, const struct pab_boot_row *r)
{
	if (!r->comparable)
		return "n/a";
	if (!pab_basis_allows_verdict(bt->basis))
		return "none";
	return r->verdict == PAB_B_SLOWER ? "slower" : r->verdict == PAB_B_FASTER ? "faster" : "-";
}

const char *pab_boot_row_text(const struct pab_boots *bt, const struct pab_boot_row *r, char *buf,
			      size_t len)
{
	double mean_a = 0, mean_b = 0;

	if (!r->comparable) {
		snprintf(buf, len, "not compared: %s", r->why);
		return buf;
	}
	if (pab_basis_exact(bt->basis)) {
		for (size_t i = 0; i < r->na; i++)
			mean_a += r->ma[i] / (double)r->na;
		for (size_t i = 0; i < r->nb; i++)
			mean_b += r->mb[i] / (double)r->nb;
		snprintf(buf, len, "B - A = %+.0f ns (instructions)", mean_b - mean_a);
	} else if (!pab_basis_allows_verdict(bt->basis)) {
		snprintf(buf, len, "%s", pab_basis_no_verdict(bt->basis));
	} else if (r->verdict == PAB_NO_DIFFERENCE) {
		snprintf(buf, len, "no difference shown");
	} else {
		snprintf(buf, len, "%s by %.1f%%", pab_verdict_word(r->verdict), 100 * fabs(r->c.ratio - 1));
	}
	return buf;
}
