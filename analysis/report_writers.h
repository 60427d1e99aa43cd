/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plots' data writers, one per figure of report_plots.c's table: each
 * writes the figure's rows (tsv) and its script's variables (extra) and
 * returns the rows written (0: no plot, < 0: an error). The curves against
 * range size are in report_curves.c, the comparisons and the concurrency
 * figures in report_data.c.
 */
#ifndef PAB_REPORT_WRITERS_H
#define PAB_REPORT_WRITERS_H

#include <stdio.h>
#include "report.h"

/* pab_report_vs_size's arg: bits. */
#define VS_PER_ENTRY	1	/* ns per leaf entry, not per call */
#define VS_PATHS	2	/* the production paths only */

int pab_report_ab_ratio(struct pab_report *rp, FILE *t, char *extra, size_t len, int arg);
int pab_report_ratio(struct pab_report *rp, FILE *t, char *extra, size_t len, int arg);
int pab_report_vs_size(struct pab_report *rp, FILE *t, char *extra, size_t len, int arg);
int pab_report_lazy_gain(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_heatmap(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_distributions(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_batch(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_pmu(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_concurrency(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_lost(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_compare(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);
int pab_report_barriers(struct pab_report *rp, FILE *f, char *extra, size_t len, int arg);

#endif /* PAB_REPORT_WRITERS_H */
