// SPDX-License-Identifier: GPL-2.0
/*
 * What a kernel A/B measures, said where it opens. Two kernels of one
 * release (a base and its patched variant, as --ab BASE --patch FILE and
 * --conversion build them) differ by the patch; two releases (Debian 6.12
 * against Debian 7.2) differ by everything that changed between them, and
 * the report says so: the upstream versions at the head of each file's
 * machine.kernel.release, the differences the files record (walker and lazy
 * MMU API, the methods each kernel lacks), and where the conversion alone is
 * measured. Nothing here knows a kernel: it compares what the files say.
 * And for any kernel A/B, the configurations one side measured and the
 * other did not (a method the older kernel lacks): named, never paired.
 */
#include <string.h>
#include "report.h"

/* The upstream version at the head of a release: "6.12.117" of "6.12.117+deb13-arm64". */
static const char *version_of(const char *rel, char *buf, size_t len)
{
	size_t n = rel ? strspn(rel, "0123456789.") : 0;

	while (n && rel[n - 1] == '.')
		n--;
	if (n >= len)
		n = len - 1;
	memcpy(buf, rel ? rel : "", n);
	buf[n] = '\0';
	return buf;
}

bool pab_report_release_ab(const struct pab_report *rp, char *va, char *vb, size_t len)
{
	if (!pab_report_kernel_ab(rp))
		return false;
	version_of(rp->old->kernel_release, va, len);
	version_of(rp->f->kernel_release, vb, len);
	return *va && *vb && strcmp(va, vb);
}

const char *pab_report_ab_title(const struct pab_report *rp, bool ascii, char *buf, size_t len)
{
	char va[32], vb[32];

	if (!pab_report_release_ab(rp, va, vb, sizeof(va)))
		snprintf(buf, len, "Kernel A/B");
	else
		snprintf(buf, len, "Whole-kernel A/B, release %s %s %s,", va, ascii ? "->" : "→", vb);
	return buf;
}

/* Append to buf at *off, as snprintf (cut at len, never past it). */
#define ADD(...) (*off += (size_t)snprintf(buf + (*off < len ? *off : len), *off < len ? len - *off : 0, __VA_ARGS__))

static bool same_reason(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* x's missing method k is one y has. */
static bool lacks_alone(const struct pab_results_file *x, const struct pab_results_file *y, size_t k)
{
	bool in_y;

	pab_results_missing_reason(y, x->missing[k].name, &in_y);
	return !in_y;
}

/* The methods side x lacks and side y has, grouped by the reason x gives. */
static void add_missing(const struct pab_results_file *x, const struct pab_results_file *y, const char *who,
			bool md, char *buf, size_t len, size_t *off)
{
	const char *q = md ? "`" : "";

	for (size_t i = 0; i < x->nmissing; i++) {
		const char *why = x->missing[i].reason;
		bool done = !lacks_alone(x, y, i);

		for (size_t k = 0; k < i && !done; k++)
			done = lacks_alone(x, y, k) && same_reason(x->missing[k].reason, why);
		if (done)
			continue;
		ADD("; %s lacks %s%s%s", who, q, x->missing[i].name, q);
		for (size_t k = i + 1; k < x->nmissing; k++)
			if (lacks_alone(x, y, k) && same_reason(x->missing[k].reason, why))
				ADD(", %s%s%s", q, x->missing[k].name, q);
		if (why)
			ADD(": %s", why);
	}
}

/* What the two files record differently of their kernels, "; "-separated after a "; ". */
static void differences(const struct pab_report *rp, bool md, char *buf, size_t len)
{
	const struct pab_results_file *a = rp->old, *b = rp->f;
	const char *to = md ? "→" : "->";
	size_t o = 0, *off = &o;

	buf[0] = '\0';
	if (a->lazy_mmu_api && b->lazy_mmu_api && strcmp(a->lazy_mmu_api, b->lazy_mmu_api))
		ADD("; lazy MMU API %s %s %s", a->lazy_mmu_api, to, b->lazy_mmu_api);
	if (a->lazy_mmu_pause >= 0 && b->lazy_mmu_pause >= 0 && a->lazy_mmu_pause != b->lazy_mmu_pause)
		ADD("; lazy MMU pause %s %s %s", a->lazy_mmu_pause ? "yes" : "no", to, b->lazy_mmu_pause ? "yes" : "no");
	if (a->walker_api && b->walker_api && strcmp(a->walker_api, b->walker_api))
		ADD("; walker %s %s %s", a->walker_api, to, b->walker_api);
	add_missing(a, b, "A", md, buf, len, off);
	add_missing(b, a, "B", md, buf, len, off);
}

void pab_report_ab_lead(const struct pab_report *rp, FILE *f, bool md)
{
	char va[32], vb[32], diff[1024], text[2400];

	if (!pab_report_release_ab(rp, va, vb, sizeof(va)))
		return;
	differences(rp, md, diff, sizeof(diff));
	if (md) {
		fprintf(f, "**A whole-kernel comparison, not the conversion alone.** A and B are different kernel releases (%s and %s, from each file's `machine.kernel.release`: %s, %s), not a base and its patched variant. B - A is therefore everything that changed between release %s and release %s on these paths: lazy MMU mode and its nesting, TLB flushing, the pagewalk conversion, the prologue (`vm_unmap_aliases()`), the configuration and the compiler. The pagewalk conversion alone is `./run_all.sh --conversion`: one kernel before and after it.\n\n",
			va, vb, rp->old->kernel_release, rp->f->kernel_release, va, vb);
		if (diff[0])
			fprintf(f, "What the two files record differently (`machine.kernel`, `machine.methods`): %s.\n\n", diff + 2);
		return;
	}
	snprintf(text, sizeof(text), "A whole-kernel comparison: B - A is everything that changed between release %s and release %s (lazy MMU nesting, TLB flushing, the pagewalk conversion, the prologue, config, compiler), not the conversion alone: ./run_all.sh --conversion measures that.%s%s",
		 va, vb, diff[0] ? " Recorded: " : "", diff[0] ? diff + 2 : "");
	pab_report_wrap(f, text);
	fputc('\n', f);
}

/* The ok configurations of x that y did not measure (or not ok), by method into side text. */
static size_t one_side(const struct pab_results_file *x, const struct pab_results_file *y, bool md,
		       char *buf, size_t len, size_t *off)
{
	size_t total = 0;

	for (size_t i = 0; i < x->n; i++) {
		const struct pab_rec *r = &x->recs[i], *m = pab_match(y, r);
		size_t count = 0;
		bool seen = false;

		if (!r->ok || (m && m->ok))
			continue;
		for (size_t k = 0; k < i && !seen; k++) {
			const struct pab_rec *q = &x->recs[k], *qm = pab_match(y, q);

			seen = q->ok && !(qm && qm->ok) && !strcmp(q->method, r->method);
		}
		if (seen)
			continue;
		for (size_t k = i; k < x->n; k++) {
			const struct pab_rec *q = &x->recs[k], *qm = pab_match(y, q);

			count += q->ok && !(qm && qm->ok) && !strcmp(q->method, r->method);
		}
		ADD("%s%s%s%s %zu", total ? ", " : "", md ? "`" : "", r->method, md ? "`" : "", count);
		total += count;
	}
	return total;
}

void pab_report_ab_one_side(const struct pab_report *rp, FILE *f, bool md)
{
	char a[600], b[600], text[1400];
	size_t oa = 0, ob = 0, na, nb;

	if (!pab_report_kernel_ab(rp))
		return;
	a[0] = b[0] = '\0';
	na = one_side(rp->old, rp->f, md, a, sizeof(a), &oa);
	nb = one_side(rp->f, rp->old, md, b, sizeof(b), &ob);
	if (!na && !nb)
		return;
	snprintf(text, sizeof(text), "Measured on one side only, so not compared (configurations per method): A only: %s; B only: %s.",
		 na ? a : "none", nb ? b : "none");
	if (md)
		fprintf(f, "%s\n\n", text);
	else
		pab_report_wrap(f, text);
}
