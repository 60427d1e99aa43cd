/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PMU event names -> the module's pab_event_attr, through libpfm4
 * (pfm_get_os_event_encoding with PFM_OS_PERF_EVENT_EXT): its own names for
 * the detected core (arm_n1::L1D_TLB_REFILL, ...), the generic perf names
 * (cycles, instructions) and raw codes (r7d) all work.
 */
#ifndef PAB_PMU_H
#define PAB_PMU_H

#include <stdio.h>
#include "pageattr_bench_uapi.h"

#define PAB_EVENT_NAME_LEN 96

struct pab_events {
	unsigned int n;
	struct pab_event_attr attr[PAB_MAX_EVENTS];
	char name[PAB_MAX_EVENTS][PAB_EVENT_NAME_LEN];
};

/* Whether this build has libpfm4. */
int pab_pmu_available(void);
/*
 * Encode a comma-separated list; "default" picks the page-table set for this
 * CPU (see pab_pmu_default_list). Returns 0, or -1 with a one-line reason.
 */
int pab_pmu_encode(const char *list, struct pab_events *ev, char *err, size_t errlen);
/* The default list for the detected core, best first; names libpfm4 cannot encode are dropped. */
const char *pab_pmu_default_list(void);
/* Print every event of every PMU libpfm4 detects here. Returns the number listed. */
int pab_pmu_list(FILE *f);

#endif /* PAB_PMU_H */
