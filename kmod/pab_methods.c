// SPDX-License-Identifier: GPL-2.0
/*
 * The update paths under test. Each applies the same set/clear masks to every
 * leaf of a range, writing entries with the primitives the arch's own pageattr
 * code uses, so barrier and TLB behaviour is what production sees:
 *
 *   apply          apply_to_page_range(), one callback per PTE: arm64
 *                  __change_memory_common before the pagewalk conversion.
 *   walk           walk_kernel_page_table_range() under the init_mm mmap
 *                  lock, pageattr-style ops: PUD/PMD blocks changed whole.
 *   walk-lockless  walk_kernel_page_table_range_lockless(), as arm64
 *                  update_range_prot() does it since 6.18.
 *   set-memory     the kernel's own set_memory_ro()/set_memory_rw().
 *   null           nothing: the cost of the harness around the call.
 */
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/pagewalk.h>
#include <linux/set_memory.h>
#include <asm/tlbflush.h>
#include "pab.h"

struct pab_masks_priv {
	u64 set;
	u64 clear;
	u64 leaves[PAB_LVL_NR];
};

static inline u64 pab_apply_masks(u64 val, const struct pab_masks_priv *p)
{
	return (val & ~p->clear) | p->set;
}

static inline void pab_count_pte(struct pab_masks_priv *p, pte_t pte)
{
#ifdef CONFIG_ARM64
	if (pte_cont(pte)) {
		p->leaves[PAB_LVL_CONT_PTE]++;
		return;
	}
#endif
	p->leaves[PAB_LVL_PTE]++;
}

/* --- apply: the pre-pagewalk arm64 change_page_range() --- */
static int pab_apply_pte(pte_t *ptep, unsigned long addr, void *data)
{
	struct pab_masks_priv *p = data;
	pte_t pte = pab_ptep_get(ptep);

	pab_count_pte(p, pte);
	pab_set_pte(ptep, __pte(pab_apply_masks(pte_val(pte), p)));
	return 0;
}

/* --- walk / walk-lockless: arm64 pageattr_ops (7.2 pageattr.c) --- */
static int pab_walk_pud(pud_t *pudp, unsigned long addr, unsigned long next,
			struct mm_walk *walk)
{
	struct pab_masks_priv *p = walk->private;
	pud_t pud = READ_ONCE(*pudp);

	if (pud_leaf(pud)) {
		/* A block only partly inside the range cannot be changed whole. */
		if (next - addr != PUD_SIZE)
			return -EINVAL;
#if PAB_HAVE_SET_PUD
		set_pud(pudp, __pud(pab_apply_masks(pud_val(pud), p)));
#else
		return -EOPNOTSUPP;
#endif
		p->leaves[PAB_LVL_PUD]++;
		walk->action = ACTION_CONTINUE;
	}
	return 0;
}

static int pab_walk_pmd(pmd_t *pmdp, unsigned long addr, unsigned long next,
			struct mm_walk *walk)
{
	struct pab_masks_priv *p = walk->private;
	pmd_t pmd = READ_ONCE(*pmdp);

	if (pmd_leaf(pmd)) {
		if (next - addr != PMD_SIZE)
			return -EINVAL;
		set_pmd(pmdp, __pmd(pab_apply_masks(pmd_val(pmd), p)));
#ifdef CONFIG_ARM64
		if (pte_cont(pmd_pte(pmd)))
			p->leaves[PAB_LVL_CONT_PMD]++;
		else
#endif
			p->leaves[PAB_LVL_PMD]++;
		walk->action = ACTION_CONTINUE;
	}
	return 0;
}

static int pab_walk_pte(pte_t *ptep, unsigned long addr, unsigned long next,
			struct mm_walk *walk)
{
	return pab_apply_pte(ptep, addr, walk->private);
}

static const struct mm_walk_ops pab_walk_ops = {
	.pud_entry = pab_walk_pud,
	.pmd_entry = pab_walk_pmd,
	.pte_entry = pab_walk_pte,
};

static int pab_do_walk(unsigned long start, unsigned long end, struct pab_masks_priv *p)
{
	int ret;

	if (pab_sym.walk_kernel) {
		mmap_read_lock(pab_sym.init_mm);
		ret = pab_sym.walk_kernel(start, end, &pab_walk_ops, NULL, p);
		mmap_read_unlock(pab_sym.init_mm);
	} else {
		mmap_write_lock(pab_sym.init_mm);
		ret = pab_sym.walk_novma(pab_sym.init_mm, start, end, &pab_walk_ops, NULL, p);
		mmap_write_unlock(pab_sym.init_mm);
	}
	return ret;
}

static const char *const pab_method_names[PAB_METHOD_NR] = {
	[PAB_METHOD_NULL] = "null",
	[PAB_METHOD_APPLY] = "apply",
	[PAB_METHOD_WALK] = "walk",
	[PAB_METHOD_WALK_LOCKLESS] = "walk-lockless",
	[PAB_METHOD_SET_MEMORY] = "set-memory",
};

bool pab_method_available(unsigned int method, const char **name, const char **reason)
{
	*reason = "";
	*name = method < PAB_METHOD_NR ? pab_method_names[method] : "?";
	switch (method) {
	case PAB_METHOD_NULL:
	case PAB_METHOD_APPLY:
		return true;
	case PAB_METHOD_WALK:
		if (pab_sym.walk_kernel || pab_sym.walk_novma)
			return true;
		*reason = "no kernel page-table walker symbol";
		return false;
	case PAB_METHOD_WALK_LOCKLESS:
		if (pab_sym.walk_kernel_lockless)
			return true;
		*reason = "kernel has no walk_kernel_page_table_range_lockless (added in 6.18)";
		return false;
	case PAB_METHOD_SET_MEMORY:
		if (pab_sym.set_memory_ro && pab_sym.set_memory_rw)
			return true;
		*reason = "set_memory_ro/rw not found in kallsyms";
		return false;
	}
	*reason = "unknown method";
	return false;
}

void pab_tlb_flush(unsigned long start, unsigned long end)
{
#ifdef CONFIG_X86
	pab_sym.flush_tlb_kernel_range(start, end);
#else
	flush_tlb_kernel_range(start, end);
#endif
}

static int pab_call_method(unsigned int method, unsigned long start, unsigned long end,
			   u32 prot, struct pab_masks_priv *p)
{
	int numpages = (end - start) >> PAGE_SHIFT;

	switch (method) {
	case PAB_METHOD_NULL:
		return 0;
	case PAB_METHOD_APPLY:
		return apply_to_page_range(pab_sym.init_mm, start, end - start, pab_apply_pte, p);
	case PAB_METHOD_WALK:
		return pab_do_walk(start, end, p);
	case PAB_METHOD_WALK_LOCKLESS:
		return pab_sym.walk_kernel_lockless(start, end, &pab_walk_ops, NULL, p);
	case PAB_METHOD_SET_MEMORY:
		return prot == PAB_PROT_RO ? pab_sym.set_memory_ro(start, numpages) :
					     pab_sym.set_memory_rw(start, numpages);
	}
	return -EINVAL;
}

int pab_change(struct pab_ctx *ctx, struct pab_region *r, struct pab_change *req)
{
	struct pab_masks_priv p = { };
	const char *name, *reason;
	unsigned long start, end;
	u64 length, t0, t1;
	int ret;

	if (req->method >= PAB_METHOD_NR)
		return pab_fail(ctx, -EINVAL, "unknown method %u", req->method);
	if (!pab_method_available(req->method, &name, &reason))
		return pab_fail(ctx, -EOPNOTSUPP, "method %s unavailable: %s", name, reason);
	if (req->prot != PAB_PROT_RO && req->prot != PAB_PROT_RW)
		return pab_fail(ctx, -EINVAL, "unknown protection %u (1 = ro, 2 = rw)", req->prot);
	if (req->lazy > PAB_LAZY_NATIVE)
		return pab_fail(ctx, -EINVAL, "unknown lazy MMU mode %u", req->lazy);
	if (req->flags & ~PAB_CHANGE_FLUSH_TLB)
		return pab_fail(ctx, -EINVAL, "unknown change flags %#x", req->flags);
	length = req->length ? req->length : r->bytes - min(req->offset, r->bytes);
	if (!PAGE_ALIGNED(req->offset) || !PAGE_ALIGNED(length) || !length ||
	    req->offset >= r->bytes || length > r->bytes - req->offset)
		return pab_fail(ctx, -EINVAL, "range [%llu, +%llu) is not a page-aligned, non-empty part of the %llu-byte region",
				req->offset, length, r->bytes);
	if (req->method == PAB_METHOD_SET_MEMORY && (req->offset || length != r->bytes))
		return pab_fail(ctx, -EINVAL, "set-memory changes whole regions only");

	start = r->start + req->offset;
	end = start + length;
	if (req->method == PAB_METHOD_NULL)
		end = start;
	pab_prot_masks(req->prot, &p.set, &p.clear);

	if (req->lazy == PAB_LAZY_ON)
		pab_lazy_enter();
	else if (req->lazy == PAB_LAZY_OFF)
		pab_lazy_pause();
	r->touched = true;
	t0 = ktime_get_ns();
	ret = pab_call_method(req->method, start, end, req->prot, &p);
	t1 = ktime_get_ns();
	if (req->lazy == PAB_LAZY_ON)
		pab_lazy_leave();
	else if (req->lazy == PAB_LAZY_OFF)
		pab_lazy_resume();

	if (req->flags & PAB_CHANGE_FLUSH_TLB && end > start)
		pab_tlb_flush(start, end);
	req->ns = t1 - t0;
	memcpy(req->leaves, p.leaves, sizeof(req->leaves));
	if (ret)
		return pab_fail(ctx, ret, "method %s failed with %d", name, ret);
	return 0;
}
