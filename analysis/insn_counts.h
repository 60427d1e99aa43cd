/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exact instruction and barrier counts per timed call, as the QEMU plugin
 * (vm/plugin/insn_count.c, vm/guest.sh --count-insns) writes them: one line
 * per call window, "run vcpu call insns dsb dsb_ishst dsb_ish dmb isb tlbi
 * [OP=N...]". Read here into runs (one per PAB_MARK_RUN: each run of `run`,
 * each record of a sweep), summarised per call.
 */
#ifndef PAB_INSN_COUNTS_H
#define PAB_INSN_COUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAB_ICOUNT_FIELDS(X)					\
	X(insns, "instructions")				\
	X(dsb, "DSB")						\
	X(dsb_ishst, "DSB ISHST")				\
	X(dsb_ish, "DSB ISH")					\
	X(dmb, "DMB")						\
	X(isb, "ISB")						\
	X(tlbi, "TLBI")

#define PAB_ICOUNT_MAX_OPS 8

struct pab_icount {
#define PAB_ICOUNT_MEMBER(f, label)	uint64_t f;
	PAB_ICOUNT_FIELDS(PAB_ICOUNT_MEMBER)
	char op_name[PAB_ICOUNT_MAX_OPS][16];	/* TLBI operations seen ("VAALE1IS", ...) */
	uint64_t op_n[PAB_ICOUNT_MAX_OPS];
	unsigned int nops;
};

struct pab_icount_run {
	uint64_t run;
	unsigned int vcpu;
	size_t ncalls;
	struct pab_icount *calls;
	struct pab_icount undisturbed;	/* the call with the fewest instructions: the path's own */
	size_t nundisturbed;		/* calls with exactly its counts */
	bool exact;			/* every call gave the same counts */
};

/* A run of DIR/barriers.json ('pageattr-bench barriers -o'), for the report. */
struct pab_barrier_row {
	char name[256];			/* the record's, "" when the run had none */
	bool null_baseline;		/* the record's null baseline, not its own run */
	bool exact;
	uint64_t calls, undisturbed_calls;	/* calls; those with c's counts (0: an older file) */
	struct pab_icount c;		/* per call: the undisturbed call's */
};
/* In pab_reader (jansson): -1 with a one-line reason in err. */
int pab_barriers_load(const char *path, struct pab_barrier_row **rows, size_t *nrows, char *err,
		      size_t errlen);

/* The runs of a plugin file, in order; -1 with a one-line reason in err. */
int pab_icounts_load(const char *path, struct pab_icount_run **runs, size_t *nruns, char *err,
		     size_t errlen);
void pab_icounts_free(struct pab_icount_run *runs, size_t nruns);

#endif /* PAB_INSN_COUNTS_H */
