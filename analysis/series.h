/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A patch series, patch by patch (vm/series.sh, ./run_all.sh --series and
 * --bisect): the exact counts per call of every configuration after each
 * prefix of the series, read from the directory the script leaves (its
 * manifest series.tsv, one results.json and barriers.json per prefix), and
 * the report over them: the table, lkml.txt, series.json and the plot.
 * In pab_reader: the prefixes' files are read with the one reader.
 */
#ifndef PAB_SERIES_H
#define PAB_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "insn_counts.h"

/* One configuration of one prefix: its record and its undisturbed call's counts. */
struct pab_series_cfg {
	char name[256];			/* the record's canonical name */
	char method[32];
	int method_id;
	uint64_t bytes, entries, pte_tables;
	bool path;			/* a whole kernel path (PAB_MF_PATH): the table's rows */
	bool exact;			/* every call gave the same counts */
	struct pab_icount c;
};

/* Prefix k of the series (k = 0: the base), as the manifest's step line says. */
struct pab_series_step {
	int k;
	char profile[128], dir[256], status[16];
	char reason[512];		/* why it stopped: the line that failed */
	char release[128];		/* the kernel's release (results.json) */
	long build_s, measure_s, compiled;
	bool built;			/* compiled in this run (else cached) */
	bool measured;			/* status ok and its files read */
	size_t ncfg;
	struct pab_series_cfg *cfg;
};

struct pab_series_patch {
	char file[256], subject[256];
};

struct pab_series {
	char base[128], spec[512];
	int npatches;
	struct pab_series_patch *patch;	/* [1..npatches]; [0] unused */
	size_t nsteps;
	struct pab_series_step *step;	/* in the manifest's order (a bisection's is not k's) */
	bool bisect;			/* a bisection: the line below is set */
	char metric[128], verdict[512];
	double threshold;
	int first;			/* the first patch that moved the metric; 0: none */
	int kernels_needed, kernels_built;
};

/* The metric a bisection follows: 'FIELD[/entry] METHOD SIZE [WORD]'. */
struct pab_metric {
	char field[16];
	bool per_entry;
	char method[32];
	uint64_t bytes;
	char word[64];			/* "" or a word of the configuration's name */
};

/* DIR/series.tsv and every measured prefix's files; -1 with a one-line reason. */
int pab_series_load(const char *dir, struct pab_series *s, char *err, size_t errlen);
void pab_series_free(struct pab_series *s);
/* One prefix's directory alone (results.json, barriers.json), for 'series value'. */
int pab_series_load_step(const char *prefix_dir, struct pab_series_step *st, char *err, size_t errlen);
void pab_series_free_step(struct pab_series_step *st);
/* The step of prefix k, NULL when the series never reached it. */
const struct pab_series_step *pab_series_find(const struct pab_series *s, int k);
/* The measured steps in k order, into order (room for s->nsteps); their count. */
size_t pab_series_order(const struct pab_series *s, const struct pab_series_step **order);

int pab_metric_parse(const char *text, struct pab_metric *m, char *err, size_t errlen);
/* The metric on one step: its value and the configuration it read; -1 with err. */
int pab_metric_value(const struct pab_series_step *st, const struct pab_metric *m, double *v,
		     const struct pab_series_cfg **cfg, char *err, size_t errlen);
/* A count by its field name (insns, dsb_ishst, ...); -1 if there is no such field. */
int pab_icount_field(const struct pab_icount *c, const char *field, uint64_t *v);

/*
 * The report into dir: series.md, lkml.txt, series.json, and series.png
 * from plots_dir/series.gp (no gnuplot: said on stderr, no plot). The table
 * also on out. -1 with err when a file cannot be written.
 */
int pab_series_report(const struct pab_series *s, const char *dir, const char *plots_dir, FILE *out,
		      char *err, size_t errlen);

#endif /* PAB_SERIES_H */
