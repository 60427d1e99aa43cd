// SPDX-License-Identifier: GPL-2.0
/*
 * PMU counters per call: kernel counters (perf_event_create_kernel_counter)
 * on the calling thread, kernel mode only, read right before and right after
 * each call. The reads sleep, so they sit outside the atomic section; what
 * they add (lock, preemption, lazy MMU entry, clock reads) is the same for
 * every method and cancels against the null method's counts.
 */
#include <linux/err.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include "pab.h"

int pab_pmu_open(struct pab_pmu *pmu, struct pab_run *req)
{
	memset(pmu, 0, sizeof(*pmu));
	pmu->n = req->nr_events;
	for (unsigned int i = 0; i < pmu->n; i++) {
		struct perf_event_attr attr = {
			.type = req->events[i].type,
			.size = sizeof(attr),
			.config = req->events[i].config,
			.config1 = req->events[i].config1,
			.config2 = req->events[i].config2,
			.exclude_user = 1,
			.exclude_hv = 1,
			.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING,
		};
		struct perf_event *ev = perf_event_create_kernel_counter(&attr, -1, current, NULL, NULL);

		if (IS_ERR(ev)) {
			req->event_error[i] = PTR_ERR(ev);
			continue;
		}
		pmu->ev[i] = ev;
	}
	return 0;
}

void pab_pmu_close(struct pab_pmu *pmu)
{
	for (unsigned int i = 0; i < pmu->n; i++)
		if (pmu->ev[i])
			perf_event_release_kernel(pmu->ev[i]);
	pmu->n = 0;
}

/* Remember the counters' values; pab_pmu_delta() then gives what one call added. */
void pab_pmu_start(struct pab_pmu *pmu)
{
	for (unsigned int i = 0; i < pmu->n; i++)
		if (pmu->ev[i])
			pmu->before[i] = perf_event_read_value(pmu->ev[i], &pmu->en0[i], &pmu->run0[i]);
}

void pab_pmu_delta(struct pab_pmu *pmu, u64 *counts)
{
	for (unsigned int i = 0; i < pmu->n; i++) {
		u64 en, run, v;

		if (!pmu->ev[i]) {
			counts[i] = 0;
			continue;
		}
		v = perf_event_read_value(pmu->ev[i], &en, &run);
		counts[i] = v - pmu->before[i];
		pmu->enabled[i] += en - pmu->en0[i];
		pmu->running[i] += run - pmu->run0[i];
	}
}
