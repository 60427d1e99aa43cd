// SPDX-License-Identifier: GPL-2.0
/*
 * Event names through libpfm4 into what the module opens: generic perf
 * names, libpfm4's own PMU::EVENT syntax, raw codes, the default set, and a
 * one-line error naming the bad event.
 */
#include <stdio.h>
#include <string.h>
#include "pmu.h"

#ifndef PERF_TYPE_HARDWARE
#define PERF_TYPE_HARDWARE 0
#define PERF_TYPE_RAW 4
#endif

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
	printf("FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, err); } } while (0)

int main(void)
{
	struct pab_events ev;
	char err[256] = "";

	/* Skipped (ctest: SKIP_RETURN_CODE 77), never passed, without libpfm4. */
	if (!pab_pmu_available()) {
		printf("SKIP: built without libpfm4 (apt-get install libpfm4-dev; ./run_all.sh deps installs it)\n");
		return 77;
	}
	CHECK(!pab_pmu_encode("cycles,instructions", &ev, err, sizeof(err)) && ev.n == 2);
	/* PERF_COUNT_HW_CPU_CYCLES = 0, PERF_COUNT_HW_INSTRUCTIONS = 1 */
	CHECK(ev.attr[0].type == PERF_TYPE_HARDWARE && ev.attr[0].config == 0);
	CHECK(ev.attr[1].type == PERF_TYPE_HARDWARE && ev.attr[1].config == 1);
	CHECK(!strcmp(ev.name[1], "instructions"));
	CHECK(!pab_pmu_encode("perf::PERF_COUNT_HW_INSTRUCTIONS", &ev, err, sizeof(err)) &&
	      ev.n == 1 && ev.attr[0].config == 1);
	CHECK(!pab_pmu_encode("r7d,r1b", &ev, err, sizeof(err)) && ev.n == 2 &&
	      ev.attr[0].type == PERF_TYPE_RAW && ev.attr[0].config == 0x7d && ev.attr[1].config == 0x1b);
	CHECK(!pab_pmu_encode("default", &ev, err, sizeof(err)) && ev.n >= 2 &&
	      !strcmp(ev.name[0], "cycles"));
	CHECK(pab_pmu_encode("cycles,no_such_event", &ev, err, sizeof(err)) &&
	      strstr(err, "event 'no_such_event'") && strstr(err, "list-events"));
	CHECK(pab_pmu_encode("r,cycles", &ev, err, sizeof(err)) && strstr(err, "event 'r'"));
	CHECK(pab_pmu_encode("cycles,cycles,cycles,cycles,cycles,cycles,cycles,cycles,cycles", &ev, err,
			     sizeof(err)) && strstr(err, "more than 8 events"));
	CHECK(pab_pmu_encode(",", &ev, err, sizeof(err)) && strstr(err, "no events"));
	/* Found by fuzzing (tests/fuzz): a raw code past 64 bits saturated to all ones. */
	CHECK(pab_pmu_encode("cycles,r0510000000000000000", &ev, err, sizeof(err)) &&
	      strstr(err, "event 'r0510000000000000000': raw code wider than 64 bits"));
	CHECK(!pab_pmu_encode("r00000000000000000000ff", &ev, err, sizeof(err)) && ev.attr[0].config == 0xff);
	/* Our raw codes are hex digits only (strtoull also took a sign and blanks); libpfm4 has the rest. */
	CHECK(pab_pmu_encode("r-1", &ev, err, sizeof(err)) && strstr(err, "event 'r-1'"));
	CHECK(pab_pmu_encode("r 5", &ev, err, sizeof(err)) && strstr(err, "event 'r 5'"));
	CHECK(!pab_pmu_encode("r0x7d", &ev, err, sizeof(err)) && ev.attr[0].type == PERF_TYPE_RAW &&
	      ev.attr[0].config == 0x7d);
	CHECK(pab_pmu_list(fopen("/dev/null", "w")) > 0);
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
