// SPDX-License-Identifier: GPL-2.0
/*
 * The report's words, shared by its text and its plots: whether verdicts
 * may be given, what a "time" is (an instruction count under icount), which
 * way above 1 points, the subtitle, how apply is named on this kernel,
 * which points a plot keeps, the production paths, lkml.txt's wrapping.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "basis.h"
#include "report.h"

bool pab_report_verdicts(const struct pab_report *rp)
{
	return pab_basis_allows_verdict(pab_basis_of_two(rp->f, rp->old));
}

const char *pab_report_measure(const struct pab_report *rp)
{
	switch (pab_basis_of_two(rp->f, rp->old)) {
	case PAB_BASIS_HOST_TIMES: return "net time";
	case PAB_BASIS_EXACT_COUNTS: return "net instructions";
	default: return "net emulated time";
	}
}

const char *pab_report_above_one(const struct pab_report *rp)
{
	switch (pab_basis_of_two(rp->f, rp->old)) {
	case PAB_BASIS_HOST_TIMES: return "slower";
	case PAB_BASIS_EXACT_COUNTS: return "runs more instructions";
	default: return "longer (emulator)";
	}
}

void pab_report_subtitle(const struct pab_report *rp, enum pab_clock clock, char *buf, size_t len)
{
	static const char *const what[] = {
		[PAB_BASIS_HOST_TIMES] = "",
		[PAB_BASIS_EXACT_COUNTS] = ", QEMU TCG guest under icount: 1 ns = 1 instruction",
		[PAB_BASIS_EMULATED_TIMES] = ", QEMU TCG guest: the emulator's times, no verdict",
	};

	snprintf(buf, len, "kernel %s%s", rp->f->kernel_release, what[pab_basis_of_clock(clock)]);
}

const char *pab_report_apply_words(const struct pab_report *rp, bool brief, char *buf, size_t len)
{
	const char *rel = rp->f->kernel_release ? rp->f->kernel_release : "";
	unsigned int major = 0, minor = 0;

	sscanf(rel, "%u.%u", &major, &minor);
	/* Before 6.18, or 7.x with __change_memory_common() put back (vm/patches/). */
	if (major * 100 + minor < 618 || strstr(rel, "+pre-conversion")) {
		snprintf(buf, len, "%s", brief ? "as up to 6.17" :
			 "`__change_memory_common()` as up to 6.17 (`apply_to_page_range`, then the flush): the path this kernel runs");
	} else if (brief) {
		snprintf(buf, len, "on %u.%u's helpers, not 6.17's", major, minor);
	} else if (rp->f->method_here[PAB_METHOD_PAGEATTR_APPLY]) {
		/* The module's own account of this kernel (info's "here"). */
		snprintf(buf, len, "`__change_memory_common()` before the conversion, rebuilt on %u.%u's helpers (%s), so it is not 6.17's path (`./run_all.sh --conversion` measures a kernel with the old function)",
			 major, minor, rp->f->method_here[PAB_METHOD_PAGEATTR_APPLY]);
	} else {
		snprintf(buf, len, "`__change_memory_common()` before the conversion, rebuilt on %u.%u's helpers: `apply_to_page_range()` there opens a lazy section per PTE table and the flush uses range TLBI, so it is not 6.17's path (`./run_all.sh --conversion` measures a kernel with the old function)",
			 major, minor);
	}
	return buf;
}

const int pab_report_lazy_methods[PAB_REPORT_NR_LAZY_METHODS] = {
	PAB_METHOD_APPLY, PAB_METHOD_WALK_LOCKLESS, PAB_METHOD_WALK
};

bool pab_report_keep_point(size_t i, size_t n, size_t max)
{
	size_t step = (n + max - 1) / max;

	return i + 1 == n || i % step == 0;
}

bool pab_report_production(const struct pab_rec *r)
{
	/* Hot calls only: the cold ones have their own table (report_cold.c). */
	return !r->cold &&
	       (r->method_id == PAB_METHOD_PAGEATTR_APPLY || r->method_id == PAB_METHOD_PAGEATTR_WALK ||
		r->method_id == PAB_METHOD_SET_MEMORY_NX);
}

/* Text for the mail: each line's words wrapped at 72 columns, continuations indented. */
void pab_report_wrap(FILE *out, const char *text)
{
	char *buf = strdup(text), *save = NULL;

	for (char *line = buf ? strtok_r(buf, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char *wsave = NULL;
		int col = 0;

		for (char *w = strtok_r(line, " ", &wsave); w; w = strtok_r(NULL, " ", &wsave)) {
			int n = (int)strlen(w);

			if (col && col + 1 + n > 72) {
				fputs("\n  ", out);
				col = 2;
			} else if (col) {
				fputc(' ', out);
				col++;
			}
			fputs(w, out);
			col += n;
		}
		fputc('\n', out);
	}
	free(buf);
}
