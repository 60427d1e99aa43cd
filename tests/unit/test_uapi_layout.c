// SPDX-License-Identifier: GPL-2.0
/*
 * The UAPI is a binary contract between a module and tools built at other
 * times, for other arches: every struct must have the same layout on every
 * 64-bit arch (no implicit padding, size fields first, 8-byte multiples).
 * Changing a layout here is a uapi version bump, not a test update.
 *
 * Version 2: arrays per level and per event have fixed room (PAB_LVL_SLOTS,
 * PAB_EVENT_SLOTS), so a new level or more events only use slots that are
 * already there and never move a field.
 */
#include <stddef.h>
#include <stdio.h>
#include "pageattr_bench_uapi.h"

static int failures, checks;

#define FIELD_SIZE(type, field)	sizeof(((type *)0)->field)

#define EXPECT(expr, want) do { checks++; if ((size_t)(expr) != (size_t)(want)) { failures++; \
	printf("FAIL %s = %zu, want %zu\n", #expr, (size_t)(expr), (size_t)(want)); } } while (0)

int main(void)
{
	/* UAPI 6 appended the machine state. */
	EXPECT(sizeof(struct pab_info), 304);
	EXPECT(offsetof(struct pab_info, rodata_full), 280);
	EXPECT(offsetof(struct pab_info, bbml_name), 288);
	EXPECT(sizeof(struct pab_linear_map), 96);
	EXPECT(offsetof(struct pab_linear_map, bytes), 24);
	EXPECT(offsetof(struct pab_info, arch), 156);
	EXPECT(offsetof(struct pab_info, methods), 200);
	EXPECT(sizeof(struct pab_symbol), 144);
	EXPECT(sizeof(struct pab_method_info), 296);
	EXPECT(offsetof(struct pab_method_info, here), 136);
	EXPECT(sizeof(struct pab_error), 168);
	EXPECT(PAB_UAPI_VERSION, 6);
	/* UAPI 5 appended pte_tables: a UAPI 4 caller's struct is the first 240 bytes. */
	EXPECT(sizeof(struct pab_region_create), 248);
	EXPECT(offsetof(struct pab_region_create, pte_tables), 240);
	EXPECT(offsetof(struct pab_region_create, mix_ppm), 16);
	EXPECT(offsetof(struct pab_region_create, layout), 48);
	EXPECT(offsetof(struct pab_region_create, pattern), 56);
	EXPECT(offsetof(struct pab_region_create, id), 88);
	EXPECT(offsetof(struct pab_region_create, pad), 92);
	EXPECT(offsetof(struct pab_region_create, unit_bytes), 96);
	EXPECT(offsetof(struct pab_region_create, requested), 104);
	EXPECT(offsetof(struct pab_region_create, leaves), 168);
	EXPECT(offsetof(struct pab_region_create, pt_bytes), 232);
	EXPECT(sizeof(struct pab_region_ref), 8);
	EXPECT(sizeof(struct pab_change), 112);
	EXPECT(offsetof(struct pab_change, ns), 40);
	EXPECT(offsetof(struct pab_change, leaves), 48);
	EXPECT(sizeof(struct pab_verify), 112);
	EXPECT(offsetof(struct pab_verify, leaves), 16);
	EXPECT(offsetof(struct pab_verify, holes), 80);
	EXPECT(offsetof(struct pab_verify, digest), 104);
	EXPECT(sizeof(struct pab_run), 1128);
	EXPECT(offsetof(struct pab_run, alias_splits_counted), 1096);
	EXPECT(offsetof(struct pab_run, alias_splits_timed), 1112);
	EXPECT(offsetof(struct pab_run, cold_evict_bytes), 1120);
	EXPECT(PAB_RUN_COLD, 1U << 2);
	/* UAPI 3 appended its fields: a UAPI 2 caller's struct is the first 1056 bytes. */
	EXPECT(offsetof(struct pab_run, toggle), 1056);
	EXPECT(offsetof(struct pab_run, null_ns_ptr), 1064);
	EXPECT(offsetof(struct pab_run, pmu_in_window), 1088);
	EXPECT(offsetof(struct pab_run, run_seq), 1092);
	EXPECT(sizeof(struct pab_event_attr), 32);
	EXPECT(offsetof(struct pab_run, clock_read_ns), 168);
	EXPECT(offsetof(struct pab_run, nr_events), 212);
	EXPECT(offsetof(struct pab_run, events), 216);
	EXPECT(offsetof(struct pab_run, counts_ptr), 728);
	EXPECT(offsetof(struct pab_run, time_enabled), 736);
	EXPECT(offsetof(struct pab_run, time_running), 864);
	EXPECT(offsetof(struct pab_run, event_error), 992);
	EXPECT(offsetof(struct pab_run, offset), 32);
	EXPECT(sizeof(struct pab_thread), 96);
	EXPECT(offsetof(struct pab_thread, bit), 88);
	EXPECT(offsetof(struct pab_thread, calls), 24);
	EXPECT(offsetof(struct pab_thread, run_cpu), 80);
	EXPECT(sizeof(struct pab_concurrent), 120);
	EXPECT(offsetof(struct pab_concurrent, wall_ns), 48);
	EXPECT(offsetof(struct pab_concurrent, interrupted), 112);
	EXPECT(offsetof(struct pab_run, ns_ptr), 72);
	EXPECT(offsetof(struct pab_run, completed), 96);
	EXPECT(offsetof(struct pab_run, leaves), 104);
	EXPECT(offsetof(struct pab_run, run_cpu), 208);
	/* The reserved room: slots, not today's counts, size the arrays. */
	EXPECT(PAB_LVL_SLOTS, 8);
	EXPECT(PAB_EVENT_SLOTS, 16);
	EXPECT(PAB_LVL_NR <= PAB_LVL_SLOTS, 1);
	EXPECT(PAB_MAX_EVENTS <= PAB_EVENT_SLOTS, 1);
	EXPECT(FIELD_SIZE(struct pab_region_create, mix_ppm), 4 * PAB_LVL_SLOTS);
	EXPECT(FIELD_SIZE(struct pab_region_create, requested), 8 * PAB_LVL_SLOTS);
	EXPECT(FIELD_SIZE(struct pab_region_create, leaves), 8 * PAB_LVL_SLOTS);
	EXPECT(FIELD_SIZE(struct pab_change, leaves), 8 * PAB_LVL_SLOTS);
	EXPECT(FIELD_SIZE(struct pab_verify, leaves), 8 * PAB_LVL_SLOTS);
	EXPECT(FIELD_SIZE(struct pab_run, leaves), 8 * PAB_LVL_SLOTS);
	EXPECT(FIELD_SIZE(struct pab_run, events), 32 * PAB_EVENT_SLOTS);
	EXPECT(FIELD_SIZE(struct pab_run, time_enabled), 8 * PAB_EVENT_SLOTS);
	EXPECT(FIELD_SIZE(struct pab_run, time_running), 8 * PAB_EVENT_SLOTS);
	EXPECT(FIELD_SIZE(struct pab_run, event_error), 4 * PAB_EVENT_SLOTS);
	/* Every struct starts with its size. */
	EXPECT(offsetof(struct pab_info, size), 0);
	EXPECT(offsetof(struct pab_change, size), 0);
	EXPECT(offsetof(struct pab_verify, size), 0);
	EXPECT(offsetof(struct pab_run, size), 0);
	EXPECT(offsetof(struct pab_region_create, size), 0);
	EXPECT(PAB_LVL_NR, 5);
	EXPECT(PAB_MAX_EVENTS, 8);
	EXPECT(PAB_METHOD_NR, 9);
	EXPECT(PAB_TOGGLE_NR, 2);
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
