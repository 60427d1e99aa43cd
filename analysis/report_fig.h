/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small multiples for the report's plots against range size: a figure is
 * series of points (x: bytes), each of one method and lazy mode, in a panel
 * (a mix, region and TLB mode); a panel of more than PAB_FIG_PANEL_LINES
 * series is split (kernel paths apart, then by method). fig_emit writes the
 * data (one block per series, panels in order) and the variables
 * plots/panels.gp draws from: the look of a series is its method's colour
 * (plots/common.gp's palette, by method value) and its lazy mode's dash.
 */
#ifndef PAB_REPORT_FIG_H
#define PAB_REPORT_FIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "report.h"

#define PAB_FIG_PANEL_LINES 6
#define PAB_FIG_MAX_PANELS 12

struct fig_point {
	uint64_t x;
	double y, lo, hi;
};

struct fig_series {
	int method, lazy;		/* the look: colour, dash (-1: the default) */
	char name[64];			/* in the legend when not by method (e.g. a mix) */
	char panel[160];		/* which panel: its title */
	bool path;			/* a whole kernel path: apart when a panel is split */
	struct fig_point *pts;
	size_t n, cap;
	int sub;			/* set by fig_emit: the panel after splitting */
};

struct fig {
	struct fig_series *s;
	size_t n, cap;
};

/* A point of the series (method, lazy, panel); false on no memory. */
bool fig_add(struct fig *f, int method, int lazy, const char *name, const char *panel, bool path,
	     uint64_t x, double y, double lo, double hi);
/*
 * The data into t, the variables into extra (npanels, nseries, per series
 * smethod/slazy words, per panel pfirstI, plastI, ptitleI, the legend's
 * methods and lazy modes, shared x tics at the sizes, the y range, height).
 * Returns the number of series written.
 */
int fig_emit(struct fig *f, FILE *t, char *extra, size_t len);
void fig_free(struct fig *f);

/* The panel of a record: mix (region when not mixed) and TLB mode when one is set. */
void fig_panel_name(const struct pab_rec *r, char *buf, size_t len);
/* Text safe inside gnuplot's single quotes. */
void fig_quote(char *s);

#endif /* PAB_REPORT_FIG_H */
