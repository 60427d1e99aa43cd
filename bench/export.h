/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing records as JSON and CSV (see README, "Result files" and
 * "Concurrency"): runs (pab_config + pab_result) and concurrent
 * configurations (conc_record). Records are one-line JSON strings so a
 * sweep can journal them and rebuild the document after every one.
 */
#ifndef PAB_EXPORT_H
#define PAB_EXPORT_H

#include <stdio.h>
#include "conc_record.h"
#include "json_writer.h"
#include "run_exec.h"

/* A CSV field, quoted ("" for a quote). */
void pab_csv_field(FILE *f, const char *s);

/* One record of the results array. */
void pab_write_record(struct jw *w, const struct pab_config *cfg, const struct pab_result *res);
/* The same as a single line of JSON (malloc'd, no newline). */
char *pab_record_line(const struct pab_config *cfg, const struct pab_result *res);
/* The CSV header and one row per record. */
void pab_csv_header(FILE *f, const struct pab_config *cfg);
void pab_csv_row(FILE *f, const struct pab_config *cfg, const struct pab_result *res);

/* A concurrent configuration: terminal table, CSV, one line of JSON (malloc'd). */
void conc_table_header(FILE *f);
void conc_table_row(FILE *f, const struct conc_record *rec);
void conc_csv_header(FILE *f);
void conc_csv_row(FILE *f, const struct conc_record *rec);
char *conc_record_line(const struct conc_record *rec);

#endif /* PAB_EXPORT_H */
