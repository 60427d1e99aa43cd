/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report (pageattr-bench report DIR [--compare OLD_DIR]): from the loaded
 * result files, the plots (a table of { script, data writer, output, title },
 * drawn by gnuplot with the scripts in plots/), report.md, a self-contained
 * report.html and lkml.txt. Every number comes from compare.h, so the report
 * and 'analyze'/'compare' agree.
 */
#ifndef PAB_REPORT_H
#define PAB_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "boots.h"
#include "compare.h"
#include "insn_counts.h"
#include "results_reader.h"
#include "split_race.h"

struct pab_row {
	const struct pab_rec *r;
	struct pab_summary s;
};

/*
 * The production paths at one configuration: pageattr-apply (arm64
 * __change_memory_common() before the pagewalk conversion) and pageattr-walk
 * (after it), c their comparison (A = apply, B = walk: walk/apply, its CI,
 * the verdict), and at the same size the kernel's own set_memory_x/nx and
 * its prologue where measured (else NULL).
 */
struct pab_path_row {
	const struct pab_row *apply, *walk, *nx, *prologue;
	struct pab_cmp c;
};

/* A plot drawn (png, caption), or one skipped: png "" and caption the one-line note why. */
struct pab_plot_done {
	char png[64], caption[720];
};

struct pab_report {
	/* set by the caller */
	const char *dir, *plots;		/* output directory, gnuplot scripts */
	const struct pab_results_file *f;	/* DIR/results.json */
	const struct pab_results_file *old;	/* --compare: OLD_DIR/results.json, or NULL */
	const struct conc_record *conc;		/* DIR/concurrency.json's records */
	size_t nconc;
	enum pab_clock conc_clock;		/* how concurrency.json's times were taken */
	/* DIR/split_race.json and DIR/split_race_control.json, NULL where absent */
	const struct pab_split_record *split, *split_control;
	const struct pab_barrier_row *barriers;	/* DIR/barriers.json's runs (QEMU plugin) */
	size_t nbarriers;
	const struct pab_barrier_row *old_barriers; /* OLD_DIR/barriers.json's (--compare), or NULL */
	size_t nold_barriers;
	/*
	 * Several boots a side ('report B1 B2 ... --compare A1 A2 ...'): the
	 * A/B across them (boots.h), dirs_a/dirs_b naming each boot's
	 * directory; f and old are the first boot of each. NULL otherwise.
	 */
	const struct pab_boots *boots;
	const char *const *dirs_a, *const *dirs_b;
	/*
	 * runs gnuplot: argv as for execvp; 0 on success, else its status
	 * (PAB_EXIT_ENV: no gnuplot) with msg one line saying why
	 */
	int (*run)(char *const argv[], char *msg, size_t len);
	/* filled by pab_report_write */
	char plotdir[4000];
	struct pab_row *rows;			/* every ok hot record with 2+ samples */
	size_t nrows;
	struct pab_row *cold;			/* the same of the cold records (PAB_RUN_COLD) */
	size_t ncold;
	struct pab_path_row *paths;		/* apply/walk pairs, in the rows' order */
	size_t npaths;
	char paths_missing[200];		/* without pairs: what the results lack */
	struct pab_plot_done *done;		/* the plots drawn (or skipped), in order */
	char title[200];			/* set by a plot's writer: its title, when not the table's */
	size_t ndone;
	/*
	 * Plots that failed (gnuplot's error, a data file not written): the
	 * first one's line naming the plot, how many, and the runner's status
	 * (PAB_EXIT_ENV without gnuplot). The report's texts are still written
	 * (report.md names each failed plot), then pab_report_write fails.
	 */
	char plot_err[700];
	size_t nfailed;
	int plot_status;
};

/*
 * A kernel-vs-kernel A/B (./run_all.sh --ab, or --compare with a run on
 * another kernel): the two files name different kernel releases.
 */
bool pab_report_kernel_ab(const struct pab_report *rp);
/*
 * report_release.c. A kernel A/B between two releases: the upstream versions
 * at the head of the files' kernel releases differ ("6.12.117" and "7.2.13";
 * a base and its patched variant share theirs); va and vb get them.
 */
bool pab_report_release_ab(const struct pab_report *rp, char *va, char *vb, size_t len);
/* The A/B's title: "Kernel A/B", or "Whole-kernel A/B, release X → Y," between releases. */
const char *pab_report_ab_title(const struct pab_report *rp, bool ascii, char *buf, size_t len);
/*
 * Between releases, what the A/B measures (everything that changed between
 * them, not the conversion alone: --conversion) and what the files record
 * differently of the two kernels; nothing otherwise. md: report.md, else lkml.txt.
 */
void pab_report_ab_lead(const struct pab_report *rp, FILE *f, bool md);
/* A kernel A/B's configurations measured on one side only, by method; nothing if none. */
void pab_report_ab_one_side(const struct pab_report *rp, FILE *f, bool md);
/* Text for the mail: each line's words wrapped at 72 columns, continuations indented. */
void pab_report_wrap(FILE *out, const char *text);
/*
 * report_boots.c: the A/B across boots (rp->boots), first in report.md and
 * lkml.txt (72 columns: the production paths), in place of one boot's A/B.
 */
void pab_boots_md(const struct pab_report *rp, FILE *md);
void pab_boots_lkml(const struct pab_report *rp, FILE *f);
/*
 * report_machines_ab.c: in the report across machines, the machines given
 * as A/Bs across boots (rps[m].boots set): their B/A on the production
 * paths, a column group per machine (report.md), a block each (lkml.txt).
 */
bool pab_machines_ab_have(const struct pab_report *rps, size_t n);
void pab_machines_ab_md(FILE *md, const struct pab_report *rps, size_t n);
void pab_machines_ab_lkml(FILE *f, const struct pab_report *rps, size_t n);

/* rp->rows (every summarised record) and rp->paths, without writing anything. */
int pab_report_prepare(struct pab_report *rp, char *err, size_t errlen);
/*
 * The cross-machine report into dir: report.md (the before/after per
 * machine, a column group each), lkml.txt, machines.json and the plot of
 * walk/apply per machine; rps[i] prepared, one per machine. 0, or -1 with err.
 */
int pab_report_machines(const char *dir, struct pab_report *rps, size_t n, const char *plots,
			int (*run)(char *const argv[], char *msg, size_t len), char *err, size_t errlen);
/* One plot of the table's kind drawn from a writer's data (the machines report). */
int pab_report_draw(struct pab_report *rp, const char *script, const char *data, const char *output,
		    const char *title, const char *extra);

/*
 * Plots, report.md, report.html, lkml.txt. 0, or -1 with a one-line err (a
 * plot that failed: the texts are written, rp->plot_status says how it failed).
 */
int pab_report_write(struct pab_report *rp, char *err, size_t errlen);
void pab_report_free(struct pab_report *rp);

/* Inside the report: report_plots.c, report_text.c. */
/* The record a barrier run measured (by name), NULL for a null baseline or a run of no record. */
const struct pab_rec *pab_report_barrier_rec(const struct pab_report *rp, const struct pab_barrier_row *b);
void pab_report_plots(struct pab_report *rp);
void pab_report_markdown(struct pab_report *rp);
void pab_report_html(struct pab_report *rp);
void pab_report_lkml(struct pab_report *rp);
/* report_summary.c: the first screen's parts beside rp->paths (md: report.md, else lkml.txt). */
void pab_summary_lazy_md(const struct pab_report *rp, FILE *md);
void pab_summary_lazy_lkml(const struct pab_report *rp, FILE *f);
void pab_summary_entry(const struct pab_report *rp, FILE *f, bool md);
void pab_summary_machine(const struct pab_report *rp, FILE *f, bool md);
/*
 * Whether the report may say faster or slower: only from a real CPU's
 * times. An emulator's times (QEMU TCG, icount or not) say nothing about
 * the paths: their tables give values and differences, never a verdict.
 */
bool pab_report_verdicts(const struct pab_report *rp);
/*
 * What a time is in this report's words, by clock: "net time" (host),
 * "net instructions" (icount), "net emulated time"; and what a ratio above
 * 1 means: "slower", "runs more instructions", "longer (emulator)": legend words, short.
 */
const char *pab_report_measure(const struct pab_report *rp);
const char *pab_report_above_one(const struct pab_report *rp);
/*
 * What pageattr-apply is on this report's kernel, in words: "the 6.17 path"
 * only where it is (a kernel before 6.18, or the conversion A/B's
 * pre-conversion variant), else "apply_to_page_range on 7.2" with what that
 * kernel's helpers do (a lazy section per PTE table, range TLBI). short:
 * the lkml form.
 */
const char *pab_report_apply_words(const struct pab_report *rp, bool brief, char *buf, size_t len);
/* The plots' second title line: the kernel and, in a guest, what its times are. */
void pab_report_subtitle(const struct pab_report *rp, enum pab_clock clock, char *buf, size_t len);
/* report_exact.c: an exact run's first tables (the plugin's counts, DIR/barriers.json). */
bool pab_exact_have(const struct pab_report *rp);
void pab_exact_paths_md(const struct pab_report *rp, FILE *md);
void pab_exact_lazy_md(const struct pab_report *rp, FILE *md);
void pab_exact_mixes_md(const struct pab_report *rp, FILE *md);
/*
 * A kernel A/B of two exact runs (both barriers.json): the kernel's own paths
 * in counts, A, B and B - A per call and per page; false (nothing written)
 * without counts on both sides.
 */
bool pab_exact_ab_have(const struct pab_report *rp);
void pab_exact_ab_md(const struct pab_report *rp, FILE *md);
void pab_exact_ab_lkml(const struct pab_report *rp, FILE *f);
/* lkml.txt's: production paths in at most rows lines, lazy on - off; returns lines written. */
int pab_exact_lkml(const struct pab_report *rp, FILE *f, size_t rows);
/*
 * report_cold.c: hot and cold kept apart. rp->rows holds hot records only,
 * so every table and plot is of hot calls; report.md's "Cold calls" sets
 * each cold configuration beside its hot twin, or under an exact clock
 * (pab_report_cold_exact) says in one line that cold changes no count.
 */
bool pab_report_cold_exact(const struct pab_report *rp);
void pab_report_cold_md(const struct pab_report *rp, FILE *md);
/* report_data.c: rp->paths from rp->rows, or rp->paths_missing. */
void pab_report_paths(struct pab_report *rp);
/* The component methods whose lazy modes a sweep varies (the whole paths bring their own). */
extern const int pab_report_lazy_methods[];
#define PAB_REPORT_NR_LAZY_METHODS 3
/* A table of at most max of n rows keeps row i: every k-th, and always the last (the largest). */
bool pab_report_keep_point(size_t i, size_t n, size_t max);
/* "2M", "64G": sizes in labels. */
void pab_report_size(uint64_t bytes, char *buf, size_t len);
/* The mix as the analysis sees it: canonical from ppm when known. */
const char *pab_report_mix(const struct pab_rec *r, char *buf, size_t len);
/*
 * The mix for lkml.txt's narrow columns: "pte", "pmd", or "pmdN" for N % PMD
 * blocks, the rest PTEs (the full form, "pmd=50%,pte=50%", cut to a column
 * read "pmd=5"); other mixes in full. Sets *legend when it wrote a pmdN, so
 * the table ends with PAB_REPORT_MIX_LEGEND.
 */
const char *pab_report_mix_short(const struct pab_rec *r, char *buf, size_t len, bool *legend);
/* A row's place in lkml.txt: its region where not a mixed one, else pab_report_mix_short. */
const char *pab_report_where_short(const struct pab_rec *r, char *buf, size_t len, bool *legend);
#define PAB_REPORT_MIX_LEGEND "mix pmdN: N% of the range in PMD blocks, the rest in PTEs"
/* The production paths: pageattr-apply, pageattr-walk and the kernel's own set-memory-nx. */
bool pab_report_production(const struct pab_rec *r);
/* Short labels for the comparison plot (the default parts say nothing). */
void pab_report_short_label(const char *name, char *buf, size_t len);

#endif /* PAB_REPORT_H */
