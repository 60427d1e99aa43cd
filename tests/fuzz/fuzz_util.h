/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared bits of the libFuzzer targets: the input as a C string or as a
 * file, and an invariant check that aborts (libFuzzer then saves the input).
 */
#ifndef PAB_FUZZ_UTIL_H
#define PAB_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define FUZZ_CHECK(cond, ...) do { if (!(cond)) { \
	fprintf(stderr, "fuzz invariant failed: %s (%s:%d): ", #cond, __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } } while (0)

/* The input as a NUL-terminated string (malloc'd; it ends at the first NUL byte). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * The input as a file: one memfd per process, rewritten for each input;
 * returns its /proc/self/fd path for readers that take a path.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];

	if (fd < 0) {
		fd = memfd_create("fuzz-input", 0);
		if (fd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || (size && pwrite(fd, data, size, 0) != (ssize_t)size)) {
		perror("memfd write");
		abort();
	}
	return path;
}

/*
 * An error for a bad input must be one line that says something: not empty,
 * and without a newline unless the input itself had one (it is quoted).
 */
static inline void fuzz_check_error(const char *err, const char *input, size_t input_len)
{
	FUZZ_CHECK(err[0] != '\0', "rejected without a message");
	if (!memchr(input, '\n', input_len))
		FUZZ_CHECK(!strchr(err, '\n'), "error is more than one line: %s", err);
}

#endif /* PAB_FUZZ_UTIL_H */
