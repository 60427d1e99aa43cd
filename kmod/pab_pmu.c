// SPDX-License-Identifier: GPL-2.0
/*
 * PMU counters per call: kernel counters (perf_event_create_kernel_counter)
 * on the calling thread, kernel mode only. Where perf_event_read_local() can
 * be resolved (it never sleeps: IRQs off for a few instructions, the event is
 * this thread's) they are read inside the timed window, right after its first
 * clock read and right before its last, so time and counts bracket the same
 * work. Otherwise perf_event_read_value() (it takes a mutex) reads them outside
 * the window, and the counts also hold lock, preemption and IRQ state changes;
 * either way the null method's counts give the fixed part.
 */
#include <linux/err.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include "pab.h"

int pab_pmu_open(struct pab_pmu *pmu, struct pab_run *req)
{
	memset(pmu, 0, sizeof(*pmu));
	pmu->n = req->nr_events;
	pmu->in_window = pab_sym.perf_event_read_local;
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

static u64 pab_pmu_read(struct pab_pmu *pmu, unsigned int i, u64 *en, u64 *run)
{
	u64 v = 0;
	int err;

	if (!pmu->in_window)
		return perf_event_read_value(pmu->ev[i], en, run);
	err = pab_sym.perf_event_read_local(pmu->ev[i], &v, en, run);
	if (err && !pmu->read_err[i])
		pmu->read_err[i] = err;
	return v;
}

/* Remember the counters' values; pab_pmu_delta() then gives what one call added. */
void pab_pmu_start(struct pab_pmu *pmu)
{
	for (unsigned int i = 0; i < pmu->n; i++)
		if (pmu->ev[i])
			pmu->before[i] = pab_pmu_read(pmu, i, &pmu->en0[i], &pmu->run0[i]);
}

void pab_pmu_delta(struct pab_pmu *pmu, u64 *counts)
{
	for (unsigned int i = 0; i < pmu->n; i++) {
		u64 en, run, v;

		if (!pmu->ev[i]) {
			counts[i] = 0;
			continue;
		}
		v = pab_pmu_read(pmu, i, &en, &run);
		counts[i] = v - pmu->before[i];
		pmu->enabled[i] += en - pmu->en0[i];
		pmu->running[i] += run - pmu->run0[i];
	}
}
