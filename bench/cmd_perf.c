// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench stat|record [PERF-OPTIONS] -- [RUN-OPTIONS]: run one
 * configuration under 'perf stat' or 'perf record -g', so users get perf's
 * own output and a perf.data to browse with perf report.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "commands.h"

static int perf_wrap(const char *what, int argc, char **argv)
{
	char self[4096], *pargv[512];
	int pargc = 0, i, status, dashes = -1;
	ssize_t len;
	pid_t pid;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			dashes = i;
			break;
		}
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: pageattr-bench %s [PERF-%s-OPTIONS] -- [RUN-OPTIONS]\n"
		       "Run 'pageattr-bench run RUN-OPTIONS' under 'perf %s%s'.\n", what, what,
		       what, strcmp(what, "record") ? "" : " -g");
		return PAB_EXIT_OK;
	}
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0) {
		fprintf(stderr, "pageattr-bench %s: cannot find my own path: %s\n", what, strerror(errno));
		return PAB_EXIT_ENV;
	}
	self[len] = '\0';
	pargv[pargc++] = "perf";
	pargv[pargc++] = (char *)what;
	if (!strcmp(what, "record"))
		pargv[pargc++] = "-g";
	for (i = 1; i < (dashes < 0 ? argc : dashes) && pargc < 500; i++)
		pargv[pargc++] = argv[i];
	pargv[pargc++] = "--";
	pargv[pargc++] = self;
	pargv[pargc++] = "run";
	for (i = dashes < 0 ? argc : dashes + 1; i < argc && pargc < 510; i++)
		pargv[pargc++] = argv[i];
	pargv[pargc] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execvp("perf", pargv);
		fprintf(stderr, "pageattr-bench %s: cannot run perf: %s (apt-get install linux-perf)\n",
			what, strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "pageattr-bench %s: cannot start perf: %s\n", what, strerror(errno));
		return PAB_EXIT_ENV;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 127 ? PAB_EXIT_ENV : WEXITSTATUS(status);
	return PAB_EXIT_FAIL;
}

int cmd_stat(int argc, char **argv)
{
	return perf_wrap("stat", argc, argv);
}

int cmd_record(int argc, char **argv)
{
	return perf_wrap("record", argc, argv);
}
