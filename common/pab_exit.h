/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit statuses of pageattr-bench's commands (cli/commands.h), here so
 * bench/ (subprocess.c: a child's status) speaks them too.
 */
#ifndef PAB_EXIT_H
#define PAB_EXIT_H

/* Exit statuses shared by all commands (perf/hyperfine style: 0 ok, 1 failed). */
enum {
	PAB_EXIT_OK = 0,
	PAB_EXIT_FAIL = 1,	/* the run or a check failed */
	PAB_EXIT_USAGE = 2,	/* bad command line */
	PAB_EXIT_ENV = 3,	/* environment: no module, not root, ... */
};

#endif /* PAB_EXIT_H */
