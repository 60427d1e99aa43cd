/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Result files, in the spirit of fio's JSON output: a header describing the
 * tool, the command and the machine, then one record per configuration
 * (config, what was mapped, statistics, counters, raw samples). Records are
 * kept as one-line JSON strings so a sweep can journal them (OUT.jsonl) and
 * rebuild the whole document after every configuration.
 */
#ifndef PAB_RESULTS_H
#define PAB_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include "info.h"
#include "export.h"

#define PAB_SCHEMA_VERSION 1

/* The exact command line, shell-quoted where needed. */
char *pab_command_line(int argc, char **argv);
/*
 * Write the whole document to path (via path.tmp + rename). complete: every
 * configuration the command was asked for has its record (a sweep writes
 * false after each configuration and true once all are in; ./run_all.sh
 * --resume goes on with a sweep whose file does not say true). Returns 0
 * or -1 with err.
 */
int pab_results_save(const char *path, const char *command, const struct pab_info_all *info,
		     char *const *records, size_t n, bool complete, char *err, size_t errlen);

#endif /* PAB_RESULTS_H */
