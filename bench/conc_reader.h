/* SPDX-License-Identifier: GPL-2.0 */
/* Reading a 'pageattr-bench concurrent' result file (host only: jansson). */
#ifndef PAB_CONC_READER_H
#define PAB_CONC_READER_H

#include <stddef.h>
#include "conc_result.h"

/* Returns 0 with *out (malloc'd, *n records), or -1 with a one-line err. */
int conc_results_load(const char *path, struct conc_record **out, size_t *n, char *err,
		      size_t errlen);

#endif /* PAB_CONC_READER_H */
