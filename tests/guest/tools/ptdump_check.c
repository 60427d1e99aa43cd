// SPDX-License-Identifier: GPL-2.0
/*
 * pab-ptdump-check: check what the module changed with the kernel's own page
 * table dumper (CONFIG_PTDUMP_DEBUGFS, /sys/kernel/debug/kernel_page_tables),
 * independent of the module's read-back. A mixed region alternating PMD
 * blocks and PTE-mapped units is changed read-only, then back, through the
 * chosen method; after each change every ptdump line inside the region must
 * carry that permission at the level the unit was mapped with, and the lines
 * must cover the region without a gap.
 *
 * usage: pab-ptdump-check [METHOD]     METHOD: 2 walk, 3 walk-lockless (default)
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "pageattr_bench_uapi.h"

#define UNITS 8	/* pmd, pte, pmd, pte, ... */

static int fd, failures;

static void check(bool ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	failures += !ok;
}

/* The region's VA from /proc/vmallocinfo (raw addresses: kptr_restrict 1 and root). */
static uint64_t region_area(void)
{
	FILE *f = fopen("/proc/sys/kernel/kptr_restrict", "w");
	char line[512];
	uint64_t lo = 0;

	if (f) {
		fputs("1", f);
		fclose(f);
	}
	f = fopen("/proc/vmallocinfo", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "pab_region_create") && strstr(line, "[pageattr_bench]"))
			lo = strtoull(line, NULL, 16);
	if (f)
		fclose(f);
	return lo;
}

/*
 * Walk the dump: each line "0xLO-0xHI  SIZE LEVEL  flags". Count the bytes
 * of [start, end) covered by lines at the expected level with the expected
 * permission word ("ro" or "RW").
 */
static void check_dump(uint64_t start, uint64_t unit, const char *perm, const char *when)
{
	FILE *f = fopen("/sys/kernel/debug/kernel_page_tables", "r");
	uint64_t end = start + UNITS * unit, covered = 0, wrong = 0;
	char line[512], what[160];

	if (!f) {
		check(false, "open /sys/kernel/debug/kernel_page_tables (CONFIG_PTDUMP_DEBUGFS)");
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		uint64_t lo, hi;
		char size[16], level[8];
		int n;

		if (sscanf(line, "0x%" SCNx64 "-0x%" SCNx64 " %15s %7s%n", &lo, &hi, size, level, &n) < 4)
			continue;
		if (hi <= start || lo >= end)
			continue;
		for (uint64_t u = 0; u < UNITS; u++) {
			uint64_t ulo = start + u * unit, uhi = ulo + unit;
			uint64_t a = lo > ulo ? lo : ulo, b = hi < uhi ? hi : uhi;
			const char *want = u % 2 ? "PTE" : "PMD";

			if (a >= b)
				continue;
			if (strcmp(level, want) || !strstr(line + n, perm)) {
				wrong += b - a;
				if (wrong == b - a)	/* the first bad line, for the log */
					printf("# %s: unit %" PRIu64 " wants %s %s: %s", when, u, want,
					       perm, line);
			} else {
				covered += b - a;
			}
		}
	}
	fclose(f);
	snprintf(what, sizeof(what), "%s: ptdump shows all %d units %s at their level (%" PRIu64
		 " of %" PRIu64 " bytes, %" PRIu64 " wrong)", when, UNITS, perm, covered,
		 end - start, wrong);
	check(covered == end - start && !wrong, what);
}

static int change(uint32_t id, uint32_t method, uint32_t prot)
{
	struct pab_change c = { .size = sizeof(c), .region = id, .method = method, .prot = prot,
				.lazy = PAB_LAZY_ON, .flags = PAB_CHANGE_FLUSH_TLB };

	return ioctl(fd, PAB_IOC_CHANGE, &c) ? -errno : 0;
}

int main(int argc, char **argv)
{
	uint32_t method = argc > 1 ? (uint32_t)atoi(argv[1]) : PAB_METHOD_WALK_LOCKLESS;
	struct pab_info info = { .size = sizeof(info) };
	struct pab_region_create rc = { .size = sizeof(rc), .kind = PAB_REGION_MIXED,
					.layout = PAB_LAYOUT_PATTERN, .pattern_len = 2,
					.pattern = { PAB_LVL_PMD, PAB_LVL_PTE } };
	uint64_t unit, area, start;

	fd = open(PAB_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, PAB_IOC_INFO, &info)) {
		fprintf(stderr, "pab-ptdump-check: %s: %s\n", PAB_DEVICE_PATH, strerror(errno));
		return 3;
	}
	if (access("/sys/kernel/debug/kernel_page_tables", R_OK)) {
		printf("skip: no /sys/kernel/debug/kernel_page_tables (kernel without CONFIG_PTDUMP_DEBUGFS)\n");
		return 0;
	}
	unit = 1ULL << info.pmd_shift;
	rc.bytes = UNITS * unit;
	if (ioctl(fd, PAB_IOC_REGION_CREATE, &rc)) {
		fprintf(stderr, "pab-ptdump-check: creating the region: %s\n", strerror(errno));
		return 1;
	}
	check(rc.leaves[PAB_LVL_PMD] == UNITS / 2 &&
	      rc.leaves[PAB_LVL_PTE] == UNITS / 2 * (unit >> info.page_shift),
	      "the module mapped 4 PMD blocks and 4 PTE tables' worth of PTEs");
	area = region_area();
	check(area != 0, "the region's area is in /proc/vmallocinfo");
	/* The module over-reserves one unit and aligns the start to it (pab_region.c). */
	start = (area + unit - 1) & ~(unit - 1);
	printf("# region at %#" PRIx64 ", %d units of %" PRIu64 " KiB, method %u\n", start, UNITS,
	       unit >> 10, method);
	check_dump(start, unit, "RW", "as mapped");
	check(change(rc.id, method, PAB_PROT_RO) == 0, "change to read-only");
	check_dump(start, unit, "ro", "after read-only");
	check(change(rc.id, method, PAB_PROT_RW) == 0, "change back to read-write");
	check_dump(start, unit, "RW", "after read-write");
	close(fd);
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}
