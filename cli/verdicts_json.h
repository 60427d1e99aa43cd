/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 'analyze', 'compare' and 'tune' as JSON (--json, --export-json FILE): the
 * verdicts schema, "pageattr-bench/verdicts" version 1 (README, "Verdicts as
 * JSON"). Every row carries its configuration key, its estimate (median or
 * net median, per entry), interval, p, verdict and the basis the verdict
 * rests on (analysis/basis.h): the same numbers the text prints, from the
 * same functions (compare.h, tune.h). Here, in cli/, because the JSON writer
 * is the driver's (bench/json_writer.h) and analysis/ never includes bench/.
 */
#ifndef PAB_VERDICTS_JSON_H
#define PAB_VERDICTS_JSON_H

#include <stdio.h>
#include "results_reader.h"

#define PAB_VERDICTS_SCHEMA		"pageattr-bench/verdicts"
#define PAB_VERDICTS_VERSION		1

void pab_analyze_json(FILE *f, const char *path, const struct pab_results_file *rf);
/*
 * A against B; for 'compare FILE --methods A,B', a and b are the file's
 * split (compare.h pab_methods_split), path_b NULL and methods "A,B".
 */
void pab_compare_json(FILE *f, const char *path_a, const struct pab_results_file *a,
		      const char *path_b, const struct pab_results_file *b, const char *methods);
/* tune's batch groups and walker shares; returns how many groups (0: nothing to tune). */
size_t pab_tune_json(FILE *f, const char *path, const struct pab_results_file *rf);

#endif /* PAB_VERDICTS_JSON_H */
