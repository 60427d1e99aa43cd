/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading pageattr-bench result files (schema 1, see README "Result files"):
 * the one reader the analysis commands and the tests share, for run and
 * concurrent records alike (dispatched on the record's "type"). Every problem
 * is reported as one line naming the file and the line:column (malformed
 * JSON) or the record and field (missing or mistyped data).
 */
#ifndef PAB_RESULTS_READER_H
#define PAB_RESULTS_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "conc.h"

#define PAB_READER_MAX_EVENTS 8

struct pab_rec_event {
	char *name;
	bool counted;
	double median, net, per_entry;
};

struct pab_rec {
	char *name, *status, *error;
	char *method, *region, *mix, *layout, *lazy, *tlb;	/* as written */
	/*
	 * The same parsed once, here: compare these, never the strings. -1
	 * where the file holds a word this build does not know.
	 */
	int method_id, region_id, layout_id, lazy_id, tlb_id;
	uint32_t batch;			/* lazy batch=N: N (config.batch, else from the word) */
	uint32_t mix_ppm[PAB_LVL_NR];	/* config.mix_ppm, else parsed from mix (or the pattern) */
	bool have_mix;			/* mix_ppm is known */
	bool ok;			/* status "ok" */
	bool cold;			/* config.cold: cold calls (false when absent) */
	char *key;			/* the canonical name: what compare matches on */
	char *layout_key;		/* the layout's canonical spelling (a pattern's levels) */
	uint64_t bytes, iterations, completed, entries;
	uint64_t pte_tables;		/* PTE tables holding the region's PTEs (UAPI 5; 0 if absent) */
	/* Linear-map leaves split behind the region in the timed calls (UAPI 6; -1: not counted). */
	int64_t alias_splits_timed, alias_splits_warmup;
	uint64_t run_seq;		/* the module's run number (UAPI 4; 0: not written) */
	double median_ns, p5_ns, p95_ns, mean_ns, stddev_ns, ns_per_entry;
	/*
	 * samples_ns (and samples_null, the same calls) hold the calls the
	 * statistics use: the interrupt-hit ones are left out as the run
	 * decided (keep_irq_samples; stats.h pab_drop_irq_hits). ncalls counts
	 * every call in the file.
	 */
	size_t nsamples, ncalls;
	uint64_t *samples_ns;
	uint64_t *samples_null;		/* NULL in older files: net times unavailable */
	uint64_t irq_hit_calls, irq_excluded;
	bool keep_irq_samples;
	/* The summary as written (NaN when absent: older files, no null windows). */
	double null_median_ns, net_median_ns, net_ci_lo_ns, net_ci_hi_ns;
	unsigned int nevents;
	struct pab_rec_event events[PAB_READER_MAX_EVENTS];
	/*
	 * compare.c's memo of this record's summary and of its last comparison
	 * (analyze, tune and report ask for them again and again; 10M samples
	 * take a pass each). Freed with the file.
	 */
	struct pab_rec_memo *memo;
};

struct pab_results_file {
	int schema_version;
	char *command, *kernel_release, *arch;
	char *cpu_name;			/* machine.cpu.name ("Neoverse N1", "QEMU max"), NULL if absent */
	uint64_t page_size;
	bool emulated;			/* machine.cpu.emulated: a QEMU TCG guest (false when absent) */
	/*
	 * machine.clock: how the times were taken (basis.h says what that
	 * allows); files from before it: emulated when machine.cpu.emulated
	 * says so, else host.
	 */
	enum pab_clock clock;
	size_t n;
	struct pab_rec *recs;		/* run records */
	size_t nconc;
	struct conc_record *conc;	/* concurrent records ("type": "concurrent") */
	/*
	 * The kernel beyond its release (reader_machine.c; NULL, -1 or 0 where
	 * the file says nothing): machine.kernel.build (a source-built kernel:
	 * base, fragments, patches), walker_api, lazy_mmu_api, lazy_mmu_pause,
	 * and the methods machine.methods says the kernel lacks, with the reason.
	 */
	char *kernel_build, *walker_api, *lazy_mmu_api;
	int lazy_mmu_pause;
	/*
	 * machine.state (UAPI 6; NULL and 0 where the file says nothing):
	 * rodata_full and BBML2 as "on", "off" or "n/a", the capability's name
	 * on that kernel, and the linear map's largest leaf when the file began.
	 */
	char *rodata_full, *bbml2, *bbml2_name;
	uint64_t linear_largest_leaf;
	size_t nmissing;
	struct pab_missing_method {
		char *name, *reason;
	} *missing;
	/* machine.methods[].here (UAPI 6): what each method executes on that kernel, NULL if unsaid. */
	char *method_here[PAB_METHOD_NR];
};

/* A result file: header, run records, and any concurrent records. */
int pab_results_load(const char *path, struct pab_results_file *out, char *err, size_t errlen);
/*
 * A concurrency file ('concurrent -o'): every record must be a concurrent
 * one; the header is optional (older files had none).
 */
int pab_results_load_conc(const char *path, struct pab_results_file *out, char *err, size_t errlen);
void pab_results_free(struct pab_results_file *f);
/* Whether f's kernel lacks method (*missing), and the reason it gives (NULL if none). */
const char *pab_results_missing_reason(const struct pab_results_file *f, const char *method, bool *missing);
/* Both files, parsed in parallel; -1 with err (and neither loaded) if one fails. */
int pab_results_load_two(const char *path_a, struct pab_results_file *a, const char *path_b,
			 struct pab_results_file *b, char *err, size_t errlen);
/* A record's ns samples as doubles (malloc'd, at least one element; NULL on no memory). */
double *pab_rec_samples(const struct pab_rec *r);
/* The record's flags of its method (0 for unknown methods). */
unsigned int pab_rec_method_flags(const struct pab_rec *r);
/* The method's name from its value (as written when unknown). */
const char *pab_rec_method_name(const struct pab_rec *r);
/*
 * The configuration but the lazy mode, from values: "method/bytes/mix/layout/tlb[/cold]"
 * (records measured with different lazy modes of one configuration share it).
 */
void pab_rec_group_key(const struct pab_rec *r, char *buf, size_t len);
/* The old path at its best: apply on the all-PTE region, lazy on. */
bool pab_rec_is_old_path(const struct pab_rec *r);
/* PMD share of the record's mix in percent, -1 if unknown or other blocks take part. */
int pab_rec_pmd_percent(const struct pab_rec *r);

#endif /* PAB_RESULTS_READER_H */
