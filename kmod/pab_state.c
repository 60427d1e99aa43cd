// SPDX-License-Identifier: GPL-2.0
/*
 * The machine state the kernel's paths depend on, read beside them and never
 * on a timed path:
 * - rodata_full: whether set_memory_ro/rw also change every page's linear
 *   alias (7.2 pageattr.c change_memory_common(), one __change_memory_common
 *   per page);
 * - BBML2_NOABORT (7.3: BBML3), decided by MIDR: with it the linear map keeps
 *   its blocks under rodata_full and split_kernel_leaf_mapping() splits them
 *   on demand, and a contiguous group may be rewritten in place;
 * - the linear map's leaves, and the splits a run caused behind its pages.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include "pab.h"

u32 pab_rodata_full(void)
{
#ifdef CONFIG_ARM64
	/* Not exported, so read through kallsyms; every arm64 kernel has it. */
	if (pab_sym.rodata_full)
		return READ_ONCE(*pab_sym.rodata_full) ? PAB_STATE_ON : PAB_STATE_OFF;
#endif
	return PAB_STATE_NA;
}

/*
 * The capability is a system-wide cpucap, final before modules load. Its
 * name changed with 7.3; before 6.16 it does not exist, and such a kernel
 * never keeps blocks in the linear map under rodata_full (nor may anything
 * rewrite a contiguous group in place).
 */
u32 pab_bbml(const char **name)
{
#if defined(CONFIG_ARM64) && defined(ARM64_HAS_BBML3)
	*name = "BBML3";
	return system_supports_bbml3() ? PAB_STATE_ON : PAB_STATE_OFF;
#elif defined(CONFIG_ARM64) && defined(ARM64_HAS_BBML2_NOABORT)
	*name = "BBML2_NOABORT";
	return system_supports_bbml2_noabort() ? PAB_STATE_ON : PAB_STATE_OFF;
#else
	*name = "";
	return PAB_STATE_NA;
#endif
}

/*
 * The group a leaf belongs to: a contiguous-hint group (arm64 cont-PTE,
 * cont-PMD) is written as one, so a range may not cut it any more than it may
 * cut a block.
 */
unsigned long pab_group_size(int level, unsigned long leaf_size)
{
#ifdef CONFIG_ARM64
	if (level == PAB_LVL_CONT_PTE)
		return CONT_PTE_SIZE;
	if (level == PAB_LVL_CONT_PMD)
		return CONT_PMD_SIZE;
#endif
	return leaf_size;
}

/*
 * The module's own paths rewrite a contiguous group one entry at a time, as
 * the walker's callbacks do. While the group is half rewritten its entries
 * disagree, which the architecture permits only with BBML2_NOABORT; without
 * it a TLB that caches the group may take a TLB conflict abort, the
 * reason the kernel never changes a group in place there (it refuses
 * VM_ALLOW_HUGE_VMAP areas in change_memory_common(), and keeps the linear
 * map page-mapped under rodata_full). Such a range is refused, not rewritten
 * with break-before-make: that would measure a sequence no kernel path runs.
 */
int pab_cont_inplace_check(struct pab_ctx *ctx, unsigned long start, unsigned long end)
{
	const char *name;
	struct pab_scan scan;
	u64 groups;

	if (pab_bbml(&name) == PAB_STATE_ON)
		return 0;
	pab_scan_range(start, end, 0, 0, &scan);
	groups = scan.leaves[PAB_LVL_CONT_PTE] + scan.leaves[PAB_LVL_CONT_PMD];
	if (!groups)
		return 0;
	return pab_fail(ctx, -EOPNOTSUPP, "%llu contiguous-hint entries in the range: changing them in place needs %s, which %s (the kernel never does it)",
			groups, *name ? name : "BBML2_NOABORT",
			*name ? "this CPU lacks" : "this kernel predates");
}

/*
 * Every leaf of the linear map, from the start of RAM to high_memory,
 * skipping empty table entries whole. Holes (between RAM banks, or below
 * the first on x86) are counted, not walked page by page.
 */
void pab_linear_map_scan(struct pab_linear_map *out)
{
	unsigned long addr = PAGE_OFFSET, end = (unsigned long)high_memory, span;
	u64 bytes[PAB_LVL_NR] = { };

	out->start = addr;
	out->end = end;
	out->hole_bytes = 0;
	while (addr < end) {
		int level = pab_leaf_span(addr, &span);
		unsigned long next = (addr & ~(span - 1)) + span;

		if (next > end || next <= addr)
			next = end;
		if (level < 0)
			out->hole_bytes += next - addr;
		else
			bytes[level] += next - addr;
		addr = next;
		if (need_resched())
			cond_resched();
	}
	pab_levels_out(out->bytes, bytes);
}

/* A leaf level that maps more than one page: a split can only break these. */
static bool pab_level_large(int level)
{
	return level == PAB_LVL_CONT_PTE || level == PAB_LVL_PMD || level == PAB_LVL_CONT_PMD ||
	       level == PAB_LVL_PUD;
}

static int pab_alias_level(unsigned long addr, unsigned long *lm)
{
	struct page *page = vmalloc_to_page((void *)addr);
	unsigned long size;

	if (!page)
		return -1;
	*lm = (unsigned long)page_address(page);
	return pab_leaf_level(*lm, &size);
}

void pab_alias_levels_take(struct pab_alias_levels *al, unsigned long start, unsigned long end)
{
	unsigned long lm;

	memset(al, 0, sizeof(*al));
	al->start = start;
	al->npages = (end - start) >> PAGE_SHIFT;
	al->level = kvmalloc(al->npages, GFP_KERNEL);
	al->bases = kvmalloc_array(al->npages, sizeof(*al->bases), GFP_KERNEL);
	if (!al->level || !al->bases) {
		pab_alias_levels_free(al);	/* not counted: alias_splits_counted stays 0 */
		return;
	}
	for (unsigned long i = 0; i < al->npages; i++) {
		al->level[i] = (u8)pab_alias_level(start + (i << PAGE_SHIFT), &lm);
		if (need_resched())
			cond_resched();
	}
}

static int pab_cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/*
 * A split leaf shows as its pages found at another level than before. Each
 * old leaf counts once however many of its pages changed: the bases of the
 * old leaves are collected and the distinct ones counted (a vmalloc area's
 * pages are in no particular physical order, so neighbours do not tell).
 */
u64 pab_alias_splits(struct pab_alias_levels *al)
{
	unsigned long lm, size, *bases = al->bases;
	u64 n = 0, splits = 0;

	if (!al->level)
		return 0;
	for (unsigned long i = 0; i < al->npages; i++) {
		int was = (s8)al->level[i], now = pab_alias_level(al->start + (i << PAGE_SHIFT), &lm);

		if (pab_level_large(was) && now != was) {
			size = was == PAB_LVL_PUD ? PUD_SIZE : was == PAB_LVL_CONT_PTE ? PAGE_SIZE :
			       PMD_SIZE;
			bases[n++] = lm & ~(pab_group_size(was, size) - 1);
		}
		al->level[i] = (u8)now;
		if (need_resched())
			cond_resched();
	}
	sort(bases, n, sizeof(*bases), pab_cmp_ulong, NULL);
	for (u64 i = 0; i < n; i++)
		splits += !i || bases[i] != bases[i - 1];
	return splits;
}

void pab_alias_levels_free(struct pab_alias_levels *al)
{
	kvfree(al->level);
	kvfree(al->bases);
	al->level = NULL;
	al->bases = NULL;
}
