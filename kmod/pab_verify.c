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
	/* arch/arm64/mm/pageattr.c: set_memory_ro/rw/nx/x */
	switch (prot) {
	case PAB_PROT_RO:
		*set = PTE_RDONLY;
		*clear = PTE_WRITE;
		break;
	case PAB_PROT_NX:
		*set = PTE_PXN;
		*clear = PTE_MAYBE_GP;
		break;
	case PAB_PROT_X:
		*set = PTE_MAYBE_GP;
		*clear = PTE_PXN;
		break;
	default:
		*set = PTE_WRITE;
		*clear = PTE_RDONLY;
	}
#else
	/*
	 * arch/x86/mm/pat/set_memory.c: set_memory_ro clears Dirty with RW
	 * (Write=0,Dirty=1 means shadow stack to CET), set_memory_rw sets RW
	 * only; set_memory_nx/x set/clear NX.
	 */
	switch (prot) {
	case PAB_PROT_RO:
		*set = 0;
		*clear = _PAGE_RW | _PAGE_DIRTY;
		break;
	case PAB_PROT_NX:
		*set = _PAGE_NX;
		*clear = 0;
		break;
	case PAB_PROT_X:
		*set = 0;
		*clear = _PAGE_NX;
		break;
	default:
		*set = _PAGE_RW;
		*clear = 0;
	}
#endif
}

u64 pab_sw_bit(void)
{
#ifdef CONFIG_ARM64
	/*
	 * Bit 58: software-defined, PTE_UFFD_WP in user tables, nothing for
	 * kernel mappings (55 is PTE_DIRTY, 56 PTE_SPECIAL, 57 was
	 * PTE_DEVMAP): the walker, the MMU and the fault path ignore it.
	 */
	return BIT_ULL(58);
#else
	return _PAGE_SOFTW1;	/* _PAGE_CPA_TEST: what CPA's own self-test toggles */
#endif
}

/*
 * Toggling execute permission leaves a writable region executable between
 * calls. arm64 allows that (the region is the module's, never executed); x86
 * CPA WARNs on every W^X violation, so there it is refused.
 */
bool pab_exec_toggle_ok(const char **reason)
{
	if (IS_ENABLED(CONFIG_ARM64))
		return true;
	*reason = "toggling execute permission on writable memory: x86 CPA WARNs on W^X violations";
	return false;
}

/* The protections a run's two phases apply, by toggle: odd calls first, even second. */
void pab_toggle_prots(u32 toggle, u32 *first, u32 *second)
{
	*first = toggle == PAB_TOGGLE_EXEC ? PAB_PROT_X : PAB_PROT_RO;
	*second = toggle == PAB_TOGGLE_EXEC ? PAB_PROT_NX : PAB_PROT_RW;
}

u64 pab_prot_bits(void)
{
	u64 bits = 0, set, clear;

	const char *why;
	u32 last = pab_exec_toggle_ok(&why) ? PAB_PROT_X : PAB_PROT_RW;

	/* Execute bits only where they may be toggled (pab_exec_toggle_ok). */
	for (u32 prot = PAB_PROT_RO; prot <= last; prot++) {
		pab_prot_masks(prot, &set, &clear);
		bits |= set | clear;
	}
	return bits;
}

struct pab_leaf {
	int level;		/* enum pab_level, or -1 for a hole */
	unsigned long size;	/* bytes this leaf (or hole) covers */
	unsigned long span;	/* a hole: bytes of the empty table entry (skip them whole) */
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
	leaf->span = PGDIR_SIZE;
	if (pgd_none(READ_ONCE(*pgdp)))
		return;
	p4dp = p4d_offset(pgdp, addr);
	leaf->span = P4D_SIZE;
	if (p4d_none(READ_ONCE(*p4dp)))
		return;
	pudp = pud_offset(p4dp, addr);
	pud = READ_ONCE(*pudp);
	leaf->span = PUD_SIZE;
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
	leaf->span = PMD_SIZE;
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
	leaf->span = PAGE_SIZE;
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

int pab_leaf_val(unsigned long addr, unsigned long *size, u64 *val)
{
	struct pab_leaf leaf;

	pab_lookup(addr, &leaf);
	*size = leaf.size;
	*val = leaf.level < 0 ? 0 : leaf.val;
	return leaf.level;
}

unsigned long pab_leaf_pfn(u64 val, int level)
{
	switch (level) {
	case PAB_LVL_PUD:
		return pud_pfn(__pud(val));
	case PAB_LVL_PMD:
	case PAB_LVL_CONT_PMD:
		return pmd_pfn(__pmd(val));
	default:
		return pte_pfn(__pte(val));
	}
}

int pab_leaf_span(unsigned long addr, unsigned long *span)
{
	struct pab_leaf leaf;

	pab_lookup(addr, &leaf);
	*span = leaf.level < 0 ? leaf.span : leaf.size;
	return leaf.level;
}

static u64 pab_fnv1a(u64 h, u64 v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		h = (h ^ (v & 0xff)) * 0x100000001b3ULL;
	return h;
}

/* The digest over a range: every (offset, level, entry) in address order. */
static u64 pab_digest_leaf(u64 h, u64 offset, const struct pab_leaf *leaf, u64 val)
{
	h = pab_fnv1a(h, offset);
	h = pab_fnv1a(h, (u64)(s64)leaf->level);
	return leaf->level >= 0 ? pab_fnv1a(h, val) : h;
}

#define PAB_DIGEST_SEED	0xcbf29ce484222325ULL

/* The same bit positions hold the permission in PTEs and PMD/PUD blocks. */
void pab_scan_range(unsigned long start, unsigned long end, u64 want_set, u64 want_clear,
		    struct pab_scan *out)
{
	unsigned long addr = start, table = 0;
	struct pab_leaf leaf;

	memset(out, 0, sizeof(*out));
	out->first_bad_offset = ~0ULL;
	out->digest = PAB_DIGEST_SEED;
	while (addr < end) {
		pab_lookup(addr, &leaf);
		out->digest = pab_digest_leaf(out->digest, addr - start, &leaf, leaf.val);
		if (leaf.level < 0) {
			out->holes++;
		} else {
			out->leaves[leaf.level]++;
			/* A PTE table maps one PMD's span: a new span, a new table. */
			if ((leaf.level == PAB_LVL_PTE || leaf.level == PAB_LVL_CONT_PTE) &&
			    (!out->pte_tables || addr >> PMD_SHIFT != table)) {
				out->pte_tables++;
				table = addr >> PMD_SHIFT;
			}
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
 * What the digest of [start, end) must be after one more call with masks a,
 * and after one more with b on top: every entry equal to its value now with
 * the masks applied, every other bit unchanged (a PFN, an attribute index, a
 * software bit the call must not touch). In the same walk, leaves (if not
 * NULL) gets the leaves per level as they are now.
 */
void pab_scan_expect(unsigned long start, unsigned long end, const u64 a[2], const u64 b[2],
		     u64 *after_a, u64 *after_b, u64 leaves[PAB_LVL_NR])
{
	unsigned long addr = start;
	struct pab_leaf leaf;

	*after_a = *after_b = PAB_DIGEST_SEED;
	if (leaves)
		memset(leaves, 0, PAB_LVL_NR * sizeof(u64));
	while (addr < end) {
		u64 va;

		pab_lookup(addr, &leaf);
		if (leaves && leaf.level >= 0)
			leaves[leaf.level]++;
		va = (leaf.val & ~a[1]) | a[0];
		*after_a = pab_digest_leaf(*after_a, addr - start, &leaf, va);
		*after_b = pab_digest_leaf(*after_b, addr - start, &leaf, (va & ~b[1]) | b[0]);
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
