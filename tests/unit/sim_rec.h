/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A record of n calls as the reader makes it, for tests that drive the
 * statistics through pab_compare_recs() (unit.robust, tests/bench/coverage.c);
 * null NULL: an older file, raw times.
 */
#ifndef PAB_SIM_REC_H
#define PAB_SIM_REC_H

#include <stdint.h>
#include "results_reader.h"

static inline struct pab_rec pab_sim_rec(uint64_t *ns, uint64_t *null, size_t n)
{
	struct pab_rec r = { 0 };

	r.name = r.key = "sim";
	r.status = "ok";
	r.ok = true;
	r.method = r.lazy = r.mix = r.layout = r.tlb = "";
	r.nsamples = r.ncalls = n;
	r.samples_ns = ns;
	r.samples_null = null;
	return r;
}

#endif /* PAB_SIM_REC_H */
