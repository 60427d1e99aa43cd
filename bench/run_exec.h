/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One configuration end to end: create its region, run it in the kernel,
 * measure the null baseline for its events, free the region; then print it
 * for people (export.h writes the record). Shared by 'run' and 'sweep'.
 */
#ifndef PAB_RUN_EXEC_H
#define PAB_RUN_EXEC_H

#include <stdbool.h>
#include <stdio.h>
#include "pab_dev.h"
#include "pmu.h"
#include "robust.h"
#include "stats.h"

struct pab_config {
	struct pab_region_create rc;	/* in fields: kind, bytes, mix, layout */
	struct pab_run run;		/* in fields: method, lazy, tlb, iterations, ... */
	struct pab_events ev;
	char mix_text[96], layout_text[96], lazy_text[32], tlb_text[16], toggle_text[16];
	bool method_given;		/* else: walk-lockless, or walk where missing */
	/*
	 * Else a whole kernel path (PAB_MF_PATH) gets lazy native and TLB none,
	 * and the kernel's own entry points (PAB_MF_KERNEL) their own toggle.
	 */
	bool lazy_given, tlb_given, toggle_given;
	bool keep_irq;			/* --keep-irq-samples: interrupt-hit calls count too */
};

struct pab_result {
	struct pab_region_create rc;	/* as the module answered */
	struct pab_run run;
	uint64_t *ns, *ticks, *tlb_ns, *counts, *null_counts;
	uint64_t *null_ns, *irq;	/* per call: its empty window; interrupts + switches */
	uint64_t *kept_ns, *kept_null;	/* the calls the statistics use (stats.h) */
	struct pab_irq_split irq_split;
	struct pab_net net;		/* median net of the null windows, over the kept calls */
	double ev_median[PAB_MAX_EVENTS], ev_null[PAB_MAX_EVENTS];
	bool have_null;
	uint64_t entries;		/* leaf entries one call changed */
	struct pab_stats st, tlb_st;
	bool have_stats, have_tlb;
	bool region_made;
	int err;			/* 0, or -errno of the failure */
	char errmsg[256];
};

/* Defaults: 2 MiB mixed pte region, walk-lockless, lazy on, tlb none, 100 x 10. */
void pab_config_init(struct pab_config *cfg);
/*
 * mix_text, layout_text, lazy_text, tlb_text, toggle_text formatted from the
 * parsed values (canon.h): every spelling of a configuration gives the same
 * texts. First the method's own lazy mode, TLB mode and toggle where none
 * was given (see pab_config.lazy_given).
 */
void pab_config_canon(struct pab_config *cfg);
/* The shares per level the region has (a pattern layout's from its pattern). */
void pab_config_mix(const struct pab_config *cfg, uint32_t ppm[PAB_LVL_NR]);
struct pab_key;
void pab_config_key(const struct pab_config *cfg, struct pab_key *k);
/* A stable name: method/size/region:mix/layout/lazy/tlb (the sweep's resume key). */
void pab_config_name(const struct pab_config *cfg, char *buf, size_t len);
/* Returns 0 when the run completed and verified; res->errmsg says why not. */
int pab_exec(struct pab_dev *dev, const struct pab_config *cfg, struct pab_result *res);
void pab_result_free(struct pab_result *res);
void pab_print_summary(FILE *f, const struct pab_config *cfg, const struct pab_result *res);
/* An event's median count per call net of the null method's. */
double pab_event_net(const struct pab_result *res, unsigned int e);
/* Writing results as JSON and CSV: export.h. */

#endif /* PAB_RUN_EXEC_H */
