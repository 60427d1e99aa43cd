/* SPDX-License-Identifier: GPL-2.0 */
/* Subcommands of pageattr-bench; each returns the process exit status. */
#ifndef PAB_COMMANDS_H
#define PAB_COMMANDS_H

#include "pab_exit.h"

int cmd_info(int argc, char **argv);
int cmd_selftest(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_list_events(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_cross_check(int argc, char **argv);
int cmd_stat(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_tune(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_concurrent(int argc, char **argv);
int cmd_split_race(int argc, char **argv);
int cmd_barriers(int argc, char **argv);
int cmd_series(int argc, char **argv);

#endif /* PAB_COMMANDS_H */
