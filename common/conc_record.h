/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Results of 'pageattr-bench concurrent': one record per configuration and
 * its status. 'concurrent' fills them as it runs, the reader
 * (analysis/results_reader.h) from the JSON, so the status is worded in one
 * place; bench/export.c writes them as table, CSV and JSON, analysis/conc.h
 * gives the cpa_lock verdict.
 */
#ifndef PAB_CONC_RECORD_H
#define PAB_CONC_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "vocab.h"

struct conc_record {
	/* configuration */
	unsigned int layout, method, lazy, lock;
	uint32_t threads, entries, iterations, warmup;
	/* outcome */
	const char *skip;		/* why it did not run (static string), or NULL */
	int err;			/* 0 or -errno */
	char error[256];
	struct pab_concurrent res;
	struct pab_thread th[PAB_MAX_THREADS];
	double calls_per_s, entries_per_s;
	double speedup;			/* calls/s over the same configuration's 1-thread run; 0 if none */
	double lock_wait_share;		/* lock wait / (lock wait + call time) */
};

void conc_record_fill(struct conc_record *rec, const struct pab_concurrent *res,
		      const struct pab_thread *th);
/* Fill recs[n-1]'s speedup from the 1-thread record of its configuration. */
void conc_record_scale(struct conc_record *recs, size_t n);
/*
 * "ok", "skipped", "refused" (expected, straddle), "failed", "corrupt", or
 * "raced": callers sharing entries without a lock lost updates (the finding).
 */
const char *conc_record_status(const struct conc_record *rec);
bool conc_record_failed(const struct conc_record *rec);
/* It ran to its checks: "ok", "raced" or "corrupt" (it has numbers to show). */
bool conc_record_ran(const struct conc_record *rec);
/* Lost updates (the threads' read-backs plus the final check), and per million entry updates. */
uint64_t conc_record_lost(const struct conc_record *rec);
double conc_record_lost_ppm(const struct conc_record *rec);
const char *conc_lock_name(unsigned int lock);
const char *conc_lazy_name(unsigned int lazy);
/* "layout/method/lazy=X/lock=Y/threads=K": the record's stable name. */
void conc_record_name(const struct conc_record *rec, char *buf, size_t len);

#endif /* PAB_CONC_RECORD_H */
