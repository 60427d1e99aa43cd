// SPDX-License-Identifier: GPL-2.0
/*
 * PMU event lists as -e and 'events =' take them (pab_pmu_encode in
 * bench/pmu.c): the splitting on commas, the raw rHEX codes, the limit of
 * PAB_MAX_EVENTS and the names kept for the output. libpfm4's encoder is
 * stubbed (pfm_stub.c). An accepted list holds 1..PAB_MAX_EVENTS named
 * events; a rejected one says why in one line.
 */
#include <linux/perf_event.h>
#include "fuzz_util.h"
#include "pmu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A raw code must be all hex digits, at most 16 of them after leading zeros. */
static int is_raw_code(const char *hex)
{
	size_t len = strlen(hex);

	if (!len || strspn(hex, "0123456789abcdefABCDEF") != len)
		return 0;
	while (*hex == '0')
		hex++, len--;
	return len <= 16;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pab_events ev;
	char err[256], *s = fuzz_cstr(data, size);

	err[0] = '\0';
	if (pab_pmu_encode(s, &ev, err, sizeof(err))) {
		fuzz_check_error(err, s, strlen(s));
	} else {
		FUZZ_CHECK(ev.n >= 1 && ev.n <= PAB_MAX_EVENTS, "list '%s': %u events", s, ev.n);
		for (unsigned int i = 0; i < ev.n; i++) {
			FUZZ_CHECK(ev.name[i][0], "list '%s': event %u has no name", s, i);
			FUZZ_CHECK(!strchr(ev.name[i], ','), "list '%s': name '%s' has a comma", s,
				   ev.name[i]);
			FUZZ_CHECK(ev.attr[i].type != PERF_TYPE_RAW || is_raw_code(ev.name[i] + 1),
				   "list '%s': '%s' taken as a raw code", s, ev.name[i]);
		}
	}
	free(s);
	return 0;
}
