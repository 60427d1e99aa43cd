/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cpa_lock verdict of 'pageattr-bench concurrent', from its records
 * (common/conc_record.h): 'concurrent' prints it as it ends, the report from
 * the records the reader read, so it is worded in one place.
 */
#ifndef PAB_CONC_H
#define PAB_CONC_H

#include <stdio.h>
#include "conc_record.h"

/* The answer to the cpa_lock question, from all records; markdown-safe text. */
void conc_verdict(FILE *f, const struct conc_record *recs, size_t n);

#endif /* PAB_CONC_H */
