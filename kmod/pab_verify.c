// SPDX-License-Identifier: GPL-2.0
/*
 * Read the kernel page tables back, independently of the update paths under
 * test: a plain descent from the kernel pgd to the leaf, one lookup per leaf.
 * This is what "verified" means everywhere in pageattr-bench.
 */
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/vmalloc.h>
#include "pab.h"

void pab_prot_masks(u32 prot, u64 *set, u64 *clear)
{
#ifdef CONFIG_ARM64
	/* arch/arm64/mm/pageattr.c: set_memory_ro/rw */
	if (prot == PAB_PROT_RO) {
		*set = PTE_RDONLY;
		*clear = PTE_WRITE;
	} else {
		*set = PTE_WRITE;
		*clear = PTE_RDONLY;
	}
#else
	/*
	 * arch/x86/mm/pat/set_memory.c: set_memory_ro clears Dirty with RW
	 * (Write=0,Dirty=1 means shadow stack to CET), set_memory_rw sets RW only.
	 */
	if (prot == PAB_PROT_RO) {
		*set = 0;
		*clear = _PAGE_RW | _PAGE_DIRTY;
	} else {
		*set = _PAGE_RW;
		*clear = 0;
	}
#endif
}

u64 pab_prot_bits(void)
{
	u64 ro_set, ro_clear, rw_set, rw_clear;

	pab_prot_masks(PAB_PROT_RO, &ro_set, &ro_clear);
	pab_prot_masks(PAB_PROT_RW, &rw_set, &rw_clear);
	return ro_set | ro_clear | rw_set | rw_clear;
}

struct pab_leaf {
	int level;		/* enum pab_level, or -1 for a hole */
	unsigned long size;	/* bytes this leaf (or hole) covers */
	u64 val;
};

static void pab_lookup(unsigned long addr, struct pab_leaf *leaf)
{
	/* pgd_offset_k() would reference the unexported init_mm. */
	pgd_t *pgdp = pgd_offset(pab_sym.init_mm, addr);
	p4d_t *p4dp;
	pud_t *pudp, pud;
	pmd_t *pmdp, pmd;
	pte_t *ptep, pte;

	leaf->level = -1;
	leaf->size = PAGE_SIZE;
	if (pgd_none(READ_ONCE(*pgdp)))
		return;
	p4dp = p4d_offset(pgdp, addr);
	if (p4d_none(READ_ONCE(*p4dp)))
		return;
	pudp = pud_offset(p4dp, addr);
	pud = READ_ONCE(*pudp);
	if (pud_none(pud))
		return;
	if (pud_leaf(pud)) {
		leaf->level = PAB_LVL_PUD;
		leaf->size = PUD_SIZE;
		leaf->val = pud_val(pud);
		return;
	}
	pmdp = pmd_offset(pudp, addr);
	pmd = READ_ONCE(*pmdp);
	if (pmd_none(pmd))
		return;
	if (pmd_leaf(pmd)) {
		leaf->size = PMD_SIZE;
		leaf->val = pmd_val(pmd);
		leaf->level = PAB_LVL_PMD;
#ifdef CONFIG_ARM64
		if (pte_cont(pmd_pte(pmd)))
			leaf->level = PAB_LVL_CONT_PMD;
#endif
		return;
	}
	ptep = pte_offset_kernel(pmdp, addr);
	pte = pab_ptep_get(ptep);
	if (pte_none(pte))
		return;
	leaf->val = pte_val(pte);
	leaf->level = PAB_LVL_PTE;
#ifdef CONFIG_ARM64
	if (pte_cont(pte))
		leaf->level = PAB_LVL_CONT_PTE;
#endif
}

int pab_leaf_level(unsigned long addr, unsigned long *size)
{
	struct pab_leaf leaf;

	pab_lookup(addr, &leaf);
	*size = leaf.size;
	return leaf.level;
}

static u64 pab_fnv1a(u64 h, u64 v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		h = (h ^ (v & 0xff)) * 0x100000001b3ULL;
	return h;
}

/* The same bit positions hold the permission in PTEs and PMD/PUD blocks. */
void pab_scan_range(unsigned long start, unsigned long end, u64 want_set, u64 want_clear,
		    struct pab_scan *out)
{
	unsigned long addr = start;
	struct pab_leaf leaf;

	memset(out, 0, sizeof(*out));
	out->first_bad_offset = ~0ULL;
	out->digest = 0xcbf29ce484222325ULL;
	while (addr < end) {
		pab_lookup(addr, &leaf);
		out->digest = pab_fnv1a(out->digest, addr - start);
		out->digest = pab_fnv1a(out->digest, (u64)(s64)leaf.level);
		if (leaf.level >= 0)
			out->digest = pab_fnv1a(out->digest, leaf.val);
		if (leaf.level < 0) {
			out->holes++;
		} else {
			out->leaves[leaf.level]++;
			if ((leaf.val & want_set) != want_set || (leaf.val & want_clear)) {
				if (!out->mismatched)
					out->first_bad_offset = addr - start;
				out->mismatched++;
			}
		}
		/* Step to the next leaf boundary (blocks are naturally aligned). */
		addr = (addr & ~(leaf.size - 1)) + leaf.size;
		if (need_resched())
			cond_resched();
	}
}

/*
 * For vmalloc regions: how many backing pages have a linear-map alias that is
 * not read-write. set_memory_ro() on arm64 (rodata_full) also changes that
 * alias; a page freed with it read-only faults its next user.
 */
u64 pab_level_changes(const u64 now[PAB_LVL_NR], const u64 before[PAB_LVL_NR])
{
	u64 changes = 0;

	for (int l = 0; l < PAB_LVL_NR; l++)
		changes += abs((s64)now[l] - (s64)before[l]);
	return changes;
}

u64 pab_scan_linear_alias(unsigned long start, unsigned long end)
{
	u64 set, clear, bad = 0;
	struct pab_leaf leaf;

	pab_prot_masks(PAB_PROT_RW, &set, &clear);
	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
		struct page *page = vmalloc_to_page((void *)addr);

		if (!page)
			continue;
		pab_lookup((unsigned long)page_address(page), &leaf);
		if (leaf.level >= 0 && ((leaf.val & set) != set || (leaf.val & clear)))
			bad++;
	}
	return bad;
}
