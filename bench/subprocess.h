/* SPDX-License-Identifier: GPL-2.0 */
/* Running the field's own tools (hyperfine, perf) as children. */
#ifndef PAB_SUBPROCESS_H
#define PAB_SUBPROCESS_H

/*
 * Run argv[0] from PATH and wait. Returns its exit status; PAB_EXIT_ENV
 * (after one line naming the package to install) when it cannot be run;
 * PAB_EXIT_FAIL when it died of a signal. who prefixes messages.
 */
int pab_spawn_wait(char *const argv[], const char *who, const char *package);
/* This program's own path (for children that run it again). 0 or -1. */
int pab_self_path(char *buf, unsigned long len);

#endif /* PAB_SUBPROCESS_H */
