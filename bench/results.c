// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "results.h"

char *pab_command_line(int argc, char **argv)
{
	size_t len = 1;
	char *s, *p;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) * 4 + 3;
	s = p = malloc(len);
	if (!s)
		return NULL;
	for (int i = 0; i < argc; i++) {
		bool plain = argv[i][0] && !strpbrk(argv[i], " \t\n'\"\\$`*?;&|<>()");

		if (i)
			*p++ = ' ';
		if (plain) {
			p = stpcpy(p, argv[i]);
			continue;
		}
		*p++ = '\'';
		for (const char *c = argv[i]; *c; c++) {
			if (*c == '\'')
				p = stpcpy(p, "'\\''");
			else
				*p++ = *c;
		}
		*p++ = '\'';
	}
	*p = '\0';
	return s;
}

/* The CPU feature list the kernel reports ("Features" on arm64, "flags" on x86). */
static void read_cpu_features(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[4096];

	buf[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (colon && (!strncmp(line, "Features", 8) || !strncmp(line, "flags", 5))) {
			colon++;
			while (*colon == ' ')
				colon++;
			colon[strcspn(colon, "\n")] = '\0';
			snprintf(buf, len, "%s", colon);
			break;
		}
	}
	fclose(f);
}

int pab_results_save(const char *path, const char *command, const struct pab_info_all *info,
		     char *const *records, size_t n, bool complete, char *err, size_t errlen)
{
	char tmp[4096], clocksource[64], when[64], features[4096];
	struct timespec res, now;
	struct jw w;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	clock_getres(CLOCK_MONOTONIC, &res);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now.tv_sec));
	pab_read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource", clocksource,
		  sizeof(clocksource));

	jw_init(&w, f);
	jw_object_begin(&w, NULL);
	jw_string(&w, "pageattr-bench version", PAB_VERSION);
	jw_uint(&w, "schema_version", PAB_SCHEMA_VERSION);
	jw_uint(&w, "timestamp", (uint64_t)now.tv_sec);
	jw_string(&w, "time", when);
	jw_string(&w, "command", command);
	/* On a line of its own at the top level: vm/lib.sh pab_sweep_complete reads it there. */
	jw_bool(&w, "complete", complete);
	jw_object_begin(&w, "clock");
	jw_string(&w, "source", clocksource);
	jw_uint(&w, "resolution_ns", (uint64_t)res.tv_nsec + (uint64_t)res.tv_sec * 1000000000ULL);
	jw_object_end(&w);
	read_cpu_features(features, sizeof(features));
	jw_string(&w, "cpu_features", features);
	pab_info_write_json(&w, "machine", info);
	jw_array_begin(&w, "results");
	/* Records are already JSON: place them as they are, one per line. */
	for (size_t i = 0; i < n; i++)
		jw_raw(&w, NULL, records[i]);
	jw_array_end(&w);
	jw_object_end(&w);
	jw_finish(&w);
	if (fflush(f) || ferror(f)) {
		snprintf(err, errlen, "writing %s failed: %s", tmp, strerror(errno));
		fclose(f);
		unlink(tmp);
		return -1;
	}
	if (fclose(f)) {
		snprintf(err, errlen, "writing %s failed: %s", tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path)) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
		return -1;
	}
	return 0;
}
