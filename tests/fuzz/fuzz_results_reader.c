// SPDX-License-Identifier: GPL-2.0
/*
 * Result files (analysis/results_reader.c): the input is a results.json,
 * loaded as analyze/compare/report load it, then its samples go through
 * what analyze computes from them; and loaded as report loads a
 * concurrency.json. A rejected file must say why in one line; an accepted
 * one must have every field the commands use, a canonical key, and
 * concurrent records the verdict can word.
 */
#include "canon.h"
#include "conc.h"
#include "fuzz_util.h"
#include "results_reader.h"
#include "robust.h"
#include "stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct pab_results_file f;
	struct pab_stats st;
	char err[1024];

	err[0] = '\0';
	if (pab_results_load_conc(path, &f, err, sizeof(err))) {
		FUZZ_CHECK(err[0], "concurrency file rejected without a message");
		FUZZ_CHECK(!strchr(err, '\n'), "error is more than one line: %s", err);
	} else {
		FILE *null = fopen("/dev/null", "w");

		FUZZ_CHECK(f.n == 0, "a concurrency file gave %zu run records", f.n);
		for (size_t i = 0; i < f.nconc; i++)
			FUZZ_CHECK(f.conc[i].threads >= 1 && f.conc[i].threads <= PAB_MAX_THREADS &&
				   conc_layout_name(f.conc[i].layout) && pab_method_name(f.conc[i].method),
				   "conc[%zu]: out of range", i);
		if (null) {
			conc_verdict(null, f.conc, f.nconc);
			fclose(null);
		}
		pab_results_free(&f);
	}
	err[0] = '\0';
	if (pab_results_load(path, &f, err, sizeof(err))) {
		FUZZ_CHECK(err[0], "file rejected without a message");
		FUZZ_CHECK(!strchr(err, '\n'), "error is more than one line: %s", err);
		return 0;
	}
	FUZZ_CHECK(f.schema_version == 1, "accepted schema_version %d", f.schema_version);
	FUZZ_CHECK(f.command && f.kernel_release && f.arch, "header string missing");
	for (size_t i = 0; i < f.n; i++) {
		const struct pab_rec *r = &f.recs[i];
		double *v;

		FUZZ_CHECK(r->name && r->status && r->method && r->region && r->mix && r->layout &&
			   r->lazy && r->tlb, "results[%zu]: a required string is missing", i);
		{
			char canon[512];

			FUZZ_CHECK(r->key, "results[%zu]: no key", i);
			FUZZ_CHECK(!strcmp(pab_name_canonical(r->key, canon, sizeof(canon)), r->key) ||
				   strlen(r->key) >= sizeof(canon) - 1,
				   "results[%zu]: key '%s' is not canonical ('%s')", i, r->key, canon);
		}
		FUZZ_CHECK(r->nevents <= PAB_READER_MAX_EVENTS, "results[%zu]: %u events", i, r->nevents);
		for (unsigned int e = 0; e < r->nevents; e++)
			FUZZ_CHECK(r->events[e].name, "results[%zu]: event %u has no name", i, e);
		FUZZ_CHECK(!r->nsamples || r->samples_ns, "results[%zu]: samples lost", i);
		v = pab_rec_samples(r);
		FUZZ_CHECK(v, "results[%zu]: no memory for %zu samples", i, r->nsamples);
		if (r->nsamples) {
			pab_stats_compute(r->samples_ns, r->nsamples, &st);
			pab_mad(v, r->nsamples);
			pab_outliers(v, r->nsamples);
		}
		FUZZ_CHECK(r->nsamples <= r->ncalls, "results[%zu]: %zu samples of %zu calls", i,
			   r->nsamples, r->ncalls);
		if (r->nsamples && r->nsamples <= 64) {
			struct pab_net n;

			/* The net summary every command prints: a few resamples suffice here. */
			pab_net_median(r->samples_ns, r->samples_null, r->nsamples, 16, 1, &n);
			FUZZ_CHECK(n.have_null == (r->samples_null != NULL), "results[%zu]: null windows lost", i);
		}
		free(v);
	}
	pab_results_free(&f);
	return 0;
}
