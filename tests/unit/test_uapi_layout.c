// SPDX-License-Identifier: GPL-2.0
/*
 * The UAPI is a binary contract between a module and tools built at other
 * times, for other arches: every struct must have the same layout on every
 * 64-bit arch (no implicit padding, size fields first, 8-byte multiples).
 * Changing a layout here is a uapi version bump, not a test update.
 */
#include <stddef.h>
#include <stdio.h>
#include "pageattr_bench_uapi.h"

static int failures, checks;

#define EXPECT(expr, want) do { checks++; if ((size_t)(expr) != (size_t)(want)) { failures++; \
	printf("FAIL %s = %zu, want %zu\n", #expr, (size_t)(expr), (size_t)(want)); } } while (0)

int main(void)
{
	EXPECT(sizeof(struct pab_info), 280);
	EXPECT(offsetof(struct pab_info, arch), 156);
	EXPECT(offsetof(struct pab_info, methods), 200);
	EXPECT(sizeof(struct pab_symbol), 144);
	EXPECT(sizeof(struct pab_method_info), 136);
	EXPECT(sizeof(struct pab_error), 168);
	EXPECT(sizeof(struct pab_region_create), 176);
	EXPECT(offsetof(struct pab_region_create, id), 76);
	EXPECT(offsetof(struct pab_region_create, unit_bytes), 80);
	EXPECT(offsetof(struct pab_region_create, leaves), 128);
	EXPECT(sizeof(struct pab_region_ref), 8);
	EXPECT(sizeof(struct pab_change), 88);
	EXPECT(offsetof(struct pab_change, ns), 40);
	EXPECT(sizeof(struct pab_verify), 88);
	EXPECT(offsetof(struct pab_verify, digest), 80);
	EXPECT(sizeof(struct pab_run), 616);
	EXPECT(sizeof(struct pab_event_attr), 32);
	EXPECT(offsetof(struct pab_run, nr_events), 188);
	EXPECT(offsetof(struct pab_run, events), 192);
	EXPECT(offsetof(struct pab_run, counts_ptr), 448);
	EXPECT(offsetof(struct pab_run, event_error), 584);
	EXPECT(offsetof(struct pab_run, offset), 32);
	EXPECT(sizeof(struct pab_thread), 88);
	EXPECT(offsetof(struct pab_thread, calls), 24);
	EXPECT(offsetof(struct pab_thread, run_cpu), 80);
	EXPECT(sizeof(struct pab_concurrent), 120);
	EXPECT(offsetof(struct pab_concurrent, wall_ns), 48);
	EXPECT(offsetof(struct pab_concurrent, interrupted), 112);
	EXPECT(offsetof(struct pab_run, ns_ptr), 72);
	EXPECT(offsetof(struct pab_run, completed), 96);
	EXPECT(offsetof(struct pab_run, leaves), 104);
	EXPECT(offsetof(struct pab_run, run_cpu), 184);
	/* Every struct starts with its size. */
	EXPECT(offsetof(struct pab_info, size), 0);
	EXPECT(offsetof(struct pab_change, size), 0);
	EXPECT(offsetof(struct pab_verify, size), 0);
	EXPECT(offsetof(struct pab_run, size), 0);
	EXPECT(offsetof(struct pab_region_create, size), 0);
	EXPECT(PAB_LVL_NR, 5);
	EXPECT(PAB_METHOD_NR, 5);
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
