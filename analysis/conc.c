// SPDX-License-Identifier: GPL-2.0
/*
 * The cpa_lock verdict from concurrent-caller records (common/conc_record.c:
 * the records' names, status and scaling), worded once here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "conc.h"

/* The lock's price: the pair (none, mutex) at the most threads, preferring the patch's path. */
static void mutex_cost(FILE *f, const struct conc_record *recs, size_t n, uint32_t kmax)
{
	const struct conc_record *best_none = NULL, *best_mutex = NULL;
	int best_score = -1;

	for (size_t i = 0; i < n; i++) {
		const struct conc_record *a = &recs[i];
		int score;

		if (a->lock != PAB_CONC_LOCK_NONE || a->threads != kmax || a->calls_per_s <= 0)
			continue;
		for (size_t j = 0; j < n; j++) {
			const struct conc_record *b = &recs[j];

			if (b->lock != PAB_CONC_LOCK_MUTEX || b->threads != kmax ||
			    b->calls_per_s <= 0 || b->layout != a->layout || b->method != a->method ||
			    b->lazy != a->lazy)
				continue;
			score = 4 * ((pab_method_flags(a->method) & (PAB_MF_WALKER | PAB_MF_SLEEPS)) == PAB_MF_WALKER) +
				2 * (a->lazy == PAB_LAZY_ON) + (a->layout == CONC_SHARE_NOTHING);
			if (score > best_score) {
				best_score = score;
				best_none = a;
				best_mutex = b;
			}
		}
	}
	if (!best_none) {
		fprintf(f, "- The lock's cost was not measured (run --lock %s,%s).\n",
			conc_lock_name(PAB_CONC_LOCK_NONE), conc_lock_name(PAB_CONC_LOCK_MUTEX));
		return;
	}
	fprintf(f, "- A global cpa_lock-style mutex changes throughput at %u threads by %+.1f%% "
		   "(%s, %s, lazy %s: %.0f -> %.0f calls/s; %.1f%% of the threads' time waiting for it).\n",
		kmax, 100 * (best_mutex->calls_per_s / best_none->calls_per_s - 1),
		pab_method_name(best_none->method), conc_layout_name(best_none->layout),
		conc_lazy_name(best_none->lazy), best_none->calls_per_s, best_mutex->calls_per_s,
		100 * best_mutex->lock_wait_share);
}

/* The sharing layouts' runs with 2+ threads, per lock: lost updates, entry updates, throughput. */
struct sharing {
	uint64_t lost[PAB_CONC_LOCK_NR], updates[PAB_CONC_LOCK_NR];
	double rate[PAB_CONC_LOCK_NR];
	size_t ran[PAB_CONC_LOCK_NR], any;
	uint32_t kmax;
};

static void sharing_sum(const struct conc_record *recs, size_t n, struct sharing *sh)
{
	memset(sh, 0, sizeof(*sh));
	for (size_t i = 0; i < n; i++) {
		const struct conc_record *r = &recs[i];

		if (!conc_layout_shared(r->layout) || r->threads < 2 || r->lock >= PAB_CONC_LOCK_NR ||
		    !conc_record_ran(r))
			continue;
		sh->any++;
		sh->ran[r->lock]++;
		sh->lost[r->lock] += conc_record_lost(r);
		sh->updates[r->lock] += r->res.leaves;
		sh->rate[r->lock] += r->entries_per_s;
		sh->kmax = r->threads > sh->kmax ? r->threads : sh->kmax;
	}
}

/* "- Callers that share entries: ..." : what was shown, and what each lock did and cost. */
static void sharing_line(FILE *f, const struct sharing *sh)
{
	const unsigned int none = PAB_CONC_LOCK_NONE;
	double rate_none = sh->ran[none] ? sh->rate[none] / (double)sh->ran[none] : 0;

	fprintf(f, "- Callers that break the exclusive-access contract (two writers on one entry, which "
		   "mm/pagewalk.c forbids; the module's own callbacks, no kernel path; why the contract "
		   "matters): ");
	if (!sh->ran[none])
		fprintf(f, "not run without a lock (add --lock %s).", conc_lock_name(none));
	else if (sh->lost[none])
		fprintf(f, "without a lock %llu lost updates in %llu entry updates (%u threads, %.1f per million).",
			(unsigned long long)sh->lost[none], (unsigned long long)sh->updates[none], sh->kmax,
			1e6 * (double)sh->lost[none] / (double)sh->updates[none]);
	else
		fprintf(f, "the experiment could not provoke the race in this run: 0 lost updates in %llu "
			   "entry updates (%u threads); that is no proof of safety.",
			(unsigned long long)sh->updates[none], sh->kmax);
	for (unsigned int k = none + 1; k < PAB_CONC_LOCK_NR; k++) {
		if (!sh->ran[k])
			continue;
		fprintf(f, " With the %s: %llu", conc_lock_name(k), (unsigned long long)sh->lost[k]);
		if (rate_none > 0)
			fprintf(f, ", throughput %+.1f%%", 100 * (sh->rate[k] / (double)sh->ran[k] / rate_none - 1));
		fprintf(f, ".");
	}
	fprintf(f, "\n");
}

void conc_verdict(FILE *f, const struct conc_record *recs, size_t n)
{
	uint64_t calls = 0, checked = 0, lost = 0, split = 0;
	size_t ran = 0, bad = 0, failed = 0, refused = 0, straddle = 0;
	uint32_t kmax = 0, layouts = 0;
	struct sharing sh;
	bool owned;

	for (size_t i = 0; i < n; i++) {
		const struct conc_record *r = &recs[i];
		const char *s = conc_record_status(r);

		if (r->layout == CONC_STRADDLE && !r->skip) {
			straddle++;
			refused += !strcmp(s, "refused");
			continue;
		}
		if (!strcmp(s, "failed")) {
			failed++;
			continue;
		}
		if (!conc_record_ran(r))
			continue;
		bad += !strcmp(s, "corrupt");
		if (conc_layout_shared(r->layout))
			continue;
		ran++;
		calls += r->res.calls;
		checked += r->res.final_checked;
		lost += conc_record_lost(r);
		split += r->res.level_changes + r->res.final_level_changes;
		kmax = r->threads > kmax ? r->threads : kmax;
		layouts |= 1u << r->layout;
	}
	sharing_sum(recs, n, &sh);
	owned = ran && kmax >= 2;
	fprintf(f, "\ncpa_lock verdict: ");
	if (bad) {
		fprintf(f, "NEEDED. %zu of %zu configurations corrupted the page tables "
			   "(%llu lost updates where none can happen or a lock should prevent them, "
			   "%llu leaves at another level).\n",
			bad, ran + sh.any, (unsigned long long)lost, (unsigned long long)split);
	} else if (owned) {
		/*
		 * Callers that break the contract (two writers on one entry) get
		 * their own line below: a demonstration, not a verdict on the kernel.
		 */
		fprintf(f, "not needed for callers that own their ranges, as the walker's contract "
			   "requires: %llu calls by up to %u concurrent threads over %d layout%s left 0 lost "
			   "updates and 0 split blocks (every call read back by its thread, %llu leaves "
			   "checked at the end).\n",
			(unsigned long long)calls, kmax, __builtin_popcount(layouts),
			__builtin_popcount(layouts) == 1 ? "" : "s", (unsigned long long)checked);
	} else if (sh.any) {
		fprintf(f, "not shown: only callers that break the exclusive-access contract ran.\n");
	} else {
		fprintf(f, "inconclusive: no configuration ran with 2 or more threads.\n");
	}
	if (sh.any)
		sharing_line(f, &sh);
	if (straddle)
		fprintf(f, "- Ranges ending inside a block mapping (what callers must not do): "
			   "%zu of %zu configurations refused up front%s.\n",
			refused, straddle, refused == straddle ? ", none ran" : ": NOT ALL REFUSED");
	if (failed)
		fprintf(f, "- %zu configurations failed to run (see their errors).\n", failed);
	if (ran && kmax >= 2)
		mutex_cost(f, recs, n, kmax);
}
