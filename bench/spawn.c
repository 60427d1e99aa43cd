// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "commands.h"
#include "spawn.h"

int pab_spawn_wait(char *const argv[], const char *who, const char *package)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: cannot run %s: %s (apt-get install %s)\n", who, argv[0],
			strerror(errno), package);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "%s: cannot start %s: %s\n", who, argv[0], strerror(errno));
		return PAB_EXIT_ENV;
	}
	if (!WIFEXITED(status))
		return PAB_EXIT_FAIL;
	return WEXITSTATUS(status) == 127 ? PAB_EXIT_ENV : WEXITSTATUS(status);
}

int pab_self_path(char *buf, unsigned long len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}
