// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
#include "pab_exit.h"
#include "subprocess.h"

/*
 * posix_spawnp, not fork: glibc's clones the address space instead of
 * copying it, and a report holding 700 MB of samples spent a sixth of its
 * time copying and tearing down page tables for each gnuplot it ran.
 * glibc returns the exec's own error (a missing program) from the call.
 */
int pab_spawn_wait(char *const argv[], const char *who, const char *package)
{
	int status, err;
	pid_t pid;

	fflush(NULL);
	err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (err == ENOENT || err == EACCES) {
		fprintf(stderr, "%s: cannot run %s: %s (apt-get install %s)\n", who, argv[0],
			strerror(err), package);
		return PAB_EXIT_ENV;
	}
	if (err || waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "%s: cannot start %s: %s\n", who, argv[0], strerror(err ? err : errno));
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
