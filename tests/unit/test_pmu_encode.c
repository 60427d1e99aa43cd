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

	if (!pab_pmu_available()) {
		printf("built without libpfm4\n0 passed, 0 failed, 1 skipped\n");
		return 0;
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
	CHECK(pab_pmu_list(fopen("/dev/null", "w")) > 0);
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
