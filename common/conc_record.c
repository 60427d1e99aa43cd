// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrent-caller records (what 'concurrent' measured, or the reader read
 * back): their names, status and scaling, worded once here for the driver
 * that writes them and the analysis that reads them (the cpa_lock verdict:
 * analysis/conc.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "conc_record.h"

const char *conc_lock_name(unsigned int lock)
{
	return pab_vocab_name(&pab_conc_locks, lock);
}

const char *conc_lazy_name(unsigned int lazy)
{
	return pab_vocab_name(&pab_lazy_modes, lazy);
}

void conc_record_name(const struct conc_record *rec, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/lazy=%s/lock=%s/threads=%u", conc_layout_name(rec->layout),
		 pab_method_name(rec->method), conc_lazy_name(rec->lazy), conc_lock_name(rec->lock),
		 rec->threads);
}

void conc_record_fill(struct conc_record *rec, const struct pab_concurrent *res,
		      const struct pab_thread *th)
{
	uint64_t wait = 0, busy = 0;

	rec->res = *res;
	memcpy(rec->th, th, res->nr_threads * sizeof(*th));
	for (uint32_t i = 0; i < res->nr_threads; i++) {
		wait += th[i].lock_wait_ns;
		busy += th[i].ns;
	}
	if (res->wall_ns && res->calls) {
		rec->calls_per_s = res->calls * 1e9 / res->wall_ns;
		rec->entries_per_s = res->leaves * 1e9 / res->wall_ns;
	}
	rec->lock_wait_share = wait + busy ? (double)wait / (wait + busy) : 0;
}

static bool same_config(const struct conc_record *a, const struct conc_record *b)
{
	return a->layout == b->layout && a->method == b->method && a->lazy == b->lazy &&
	       a->lock == b->lock;
}

void conc_record_scale(struct conc_record *recs, size_t n)
{
	struct conc_record *rec = &recs[n - 1];

	for (size_t i = 0; i < n; i++)
		if (same_config(&recs[i], rec) && recs[i].threads == 1 && recs[i].calls_per_s > 0 &&
		    rec->calls_per_s > 0)
			rec->speedup = rec->calls_per_s / recs[i].calls_per_s;
}

/* Updates the threads saw undone (their read-backs) and entries wrong at the end. */
uint64_t conc_record_lost(const struct conc_record *rec)
{
	return rec->res.mismatched + rec->res.final_mismatched;
}

double conc_record_lost_ppm(const struct conc_record *rec)
{
	return rec->res.leaves ? 1e6 * (double)conc_record_lost(rec) / (double)rec->res.leaves : 0;
}

/*
 * Broken page tables: a split or merged block anywhere; a lost update where
 * none can happen (disjoint ranges) or where the lock should prevent it.
 */
static bool corrupt(const struct conc_record *rec)
{
	const struct pab_concurrent *r = &rec->res;

	if (r->level_changes || r->final_level_changes)
		return true;
	return conc_record_lost(rec) && (!conc_layout_shared(rec->layout) || rec->lock != PAB_CONC_LOCK_NONE);
}

const char *conc_record_status(const struct conc_record *rec)
{
	if (rec->skip)
		return "skipped";
	if (corrupt(rec))
		return "corrupt";
	if (rec->layout == CONC_STRADDLE)
		return rec->err == -EINVAL && strstr(rec->error, "inside") ? "refused" : "failed";
	if (rec->err)
		return "failed";
	/* Sharing callers without a lock: the race the experiment looks for, found. */
	return conc_record_lost(rec) ? "raced" : "ok";
}

bool conc_record_ran(const struct conc_record *rec)
{
	const char *s = conc_record_status(rec);

	return !strcmp(s, "ok") || !strcmp(s, "raced") || !strcmp(s, "corrupt");
}

bool conc_record_failed(const struct conc_record *rec)
{
	const char *s = conc_record_status(rec);

	return !strcmp(s, "failed") || !strcmp(s, "corrupt");
}
