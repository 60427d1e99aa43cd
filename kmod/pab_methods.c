// SPDX-License-Identifier: GPL-2.0
/*
 * The component methods: each applies the same set/clear masks to every leaf
 * of a range, writing entries with the primitives the arch's own pageattr
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
 *
 * The whole production paths are in pab_paths.c, the ops table and the
 * timed window in pab_window.c. Adding a method is one line in PAB_METHODS
 * and one block ending in PAB_METHOD_OPS (pab_methods.h).
 */
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/pagewalk.h>
#include <linux/set_memory.h>
#include <linux/vmalloc.h>
#include "pab_methods.h"

PAB_METHODS(PAB_METHOD_CONSTS)

/*
 * The callbacks below do exactly what the kernel's do, nothing more: no leaf
 * counting, no mode tests. Leaf counts come from the verification scan, after
 * the call. Only lazy batch=N needs per-leaf work (end the section every N
 * leaves): it has its own instances of the same callbacks, generated from one
 * body with "batch" a compile-time constant, so the others carry none of it.
 */
static __always_inline void pab_batch_tick(struct pab_call *c, bool batch)
{
	if (batch && ++c->in_batch >= c->batch) {
		pab_lazy_leave();
		pab_lazy_enter();
		c->in_batch = 0;
	}
}

/* ======== null: nothing, the harness around the call ======== */

/* Never called (PAB_MF_BASELINE keeps the timed section empty); there for completeness. */
static int pab_null_call(struct pab_call *c, unsigned long start, unsigned long end)
{
	return 0;
}

PAB_METHOD_OPS(NULL, pab_null_call);

/* ======== apply: the pre-pagewalk arm64 change_page_range() ======== */
/* 6.17 arch/arm64/mm/pageattr.c change_page_range(): clear, then set, raw accessors. */
static __always_inline int __pab_apply_pte(pte_t *ptep, void *data, bool batch)
{
	struct pab_call *c = data;
	pte_t pte = pab_ptep_get(ptep);

	pab_set_pte(ptep, __pte(pab_apply_masks(pte_val(pte), c)));
	pab_batch_tick(c, batch);
	return 0;
}

int pab_apply_pte(pte_t *ptep, unsigned long addr, void *data)
{
	return __pab_apply_pte(ptep, data, false);
}

static int pab_apply_pte_batch(pte_t *ptep, unsigned long addr, void *data)
{
	return __pab_apply_pte(ptep, data, true);
}

static int pab_apply_call(struct pab_call *c, unsigned long start, unsigned long end)
{
	return apply_to_page_range(pab_sym.init_mm, start, end - start,
				   c->lazy == PAB_LAZY_BATCH ? pab_apply_pte_batch : pab_apply_pte, c);
}

int pab_apply_check(struct pab_ctx *ctx, struct pab_region *r, u64 offset, u64 length)
{
	struct pab_scan scan;

	/* Only the range matters: apply can change the PTE part of a mixed region. */
	pab_scan_range(r->start + offset, r->start + offset + length, 0, 0, &scan);
	if (scan.leaves[PAB_LVL_PMD] + scan.leaves[PAB_LVL_CONT_PMD] + scan.leaves[PAB_LVL_PUD])
		return pab_fail(ctx, -EINVAL, "apply_to_page_range cannot change block mappings (the range has %llu PMD, %llu PUD blocks; it would WARN and fail): use walk",
				scan.leaves[PAB_LVL_PMD] + scan.leaves[PAB_LVL_CONT_PMD],
				scan.leaves[PAB_LVL_PUD]);
	return 0;
}

PAB_METHOD_OPS(APPLY, pab_apply_call, .check = pab_apply_check);

/* ======== walk and walk-lockless share arm64's pageattr_ops (7.2 pageattr.c) ======== */
static __always_inline int __pab_walk_pud(pud_t *pudp, unsigned long addr, unsigned long next,
					  struct mm_walk *walk, bool batch)
{
	struct pab_call *c = walk->private;
	pud_t pud = READ_ONCE(*pudp);

	if (pud_leaf(pud)) {
		/* A block only partly inside the range cannot be changed whole (refused up front). */
		if (next - addr != PUD_SIZE)
			return -EINVAL;
#if PAB_HAVE_SET_PUD
		set_pud(pudp, __pud(pab_apply_masks(pud_val(pud), c)));
#else
		return -EOPNOTSUPP;
#endif
		pab_batch_tick(c, batch);
		walk->action = ACTION_CONTINUE;
	}
	return 0;
}

static __always_inline int __pab_walk_pmd(pmd_t *pmdp, unsigned long addr, unsigned long next,
					  struct mm_walk *walk, bool batch)
{
	struct pab_call *c = walk->private;
	pmd_t pmd = READ_ONCE(*pmdp);

	if (pmd_leaf(pmd)) {
		if (next - addr != PMD_SIZE)
			return -EINVAL;
		set_pmd(pmdp, __pmd(pab_apply_masks(pmd_val(pmd), c)));
		pab_batch_tick(c, batch);
		walk->action = ACTION_CONTINUE;
	}
	return 0;
}

static __always_inline int __pab_walk_pte(pte_t *ptep, struct mm_walk *walk, bool batch)
{
	return __pab_apply_pte(ptep, walk->private, batch);
}

/* storage: "static", or nothing for the ops the production paths share (pab_methods.h). */
#define PAB_WALK_OPS(storage, name, batch)						\
	static int name##_pud(pud_t *p, unsigned long a, unsigned long n, struct mm_walk *w) \
	{ return __pab_walk_pud(p, a, n, w, batch); }					\
	static int name##_pmd(pmd_t *p, unsigned long a, unsigned long n, struct mm_walk *w) \
	{ return __pab_walk_pmd(p, a, n, w, batch); }					\
	static int name##_pte(pte_t *p, unsigned long a, unsigned long n, struct mm_walk *w) \
	{ return __pab_walk_pte(p, w, batch); }						\
	storage const struct mm_walk_ops name = {					\
		.pud_entry = name##_pud, .pmd_entry = name##_pmd, .pte_entry = name##_pte, \
	}

PAB_WALK_OPS(, pab_walk_ops, false);
PAB_WALK_OPS(static, pab_walk_batch_ops, true);

static const struct mm_walk_ops *pab_walk_ops_for(const struct pab_call *c)
{
	return c->lazy == PAB_LAZY_BATCH ? &pab_walk_batch_ops : &pab_walk_ops;
}

/* ======== walk: walk_kernel_page_table_range() under the init_mm mmap lock ======== */
static bool pab_walk_available(const char **reason)
{
	if (pab_sym.walk_kernel || pab_sym.walk_novma)
		return true;
	*reason = pab_sym_missing(&pab_sym.walk_kernel, "no kernel page-table walker symbol");
	return false;
}

/* The lock is taken before the timed section: the walk is timed, not the lock. */
static void pab_walk_prepare(struct pab_call *c)
{
	(pab_sym.walk_kernel ? mmap_read_lock : mmap_write_lock)(pab_sym.init_mm);
}

static void pab_walk_finish(struct pab_call *c)
{
	(pab_sym.walk_kernel ? mmap_read_unlock : mmap_write_unlock)(pab_sym.init_mm);
}

static int pab_walk_call(struct pab_call *c, unsigned long start, unsigned long end)
{
	if (pab_sym.walk_kernel)
		return pab_sym.walk_kernel(start, end, pab_walk_ops_for(c), NULL, c);
	return pab_sym.walk_novma(pab_sym.init_mm, start, end, pab_walk_ops_for(c), NULL, c);
}

PAB_METHOD_OPS(WALK, pab_walk_call, .available = pab_walk_available,
	       .prepare = pab_walk_prepare, .finish = pab_walk_finish);

/* ======== walk-lockless: walk_kernel_page_table_range_lockless() ======== */
bool pab_walk_lockless_available(const char **reason)
{
	if (pab_sym.walk_kernel_lockless)
		return true;
	*reason = pab_sym_missing(&pab_sym.walk_kernel_lockless,
				  "kernel has no walk_kernel_page_table_range_lockless (added in 6.18)");
	return false;
}

static int pab_walk_lockless_call(struct pab_call *c, unsigned long start, unsigned long end)
{
	return pab_sym.walk_kernel_lockless(start, end, pab_walk_ops_for(c), NULL, c);
}

PAB_METHOD_OPS(WALK_LOCKLESS, pab_walk_lockless_call, .available = pab_walk_lockless_available);

/* ======== set-memory: the kernel's own set_memory_ro()/set_memory_rw() ======== */
static bool pab_set_memory_available(const char **reason)
{
	if (pab_sym.set_memory_ro && pab_sym.set_memory_rw)
		return true;
	*reason = pab_sym_missing(&pab_sym.set_memory_ro,
				  pab_sym_missing(&pab_sym.set_memory_rw,
						  "set_memory_ro/rw not found in kallsyms"));
	return false;
}

bool pab_call_is_prot(const struct pab_call *c, u32 prot)
{
	u64 set, clear;

	pab_prot_masks(prot, &set, &clear);
	return c->set == set && c->clear == clear;
}

/*
 * arm64 set_memory_*() support plain vmalloc areas only. 7.x refuses others
 * cleanly, but 6.12 takes a huge vmalloc area, makes its pages' linear alias
 * read-only, then WARNs in apply_to_page_range on the first block and fails
 * half done: never hand it one. (Whole regions only: PAB_MF_WHOLE.)
 */
int pab_set_memory_check(struct pab_ctx *ctx, struct pab_region *r, u64 offset,
				u64 length)
{
	if (IS_ENABLED(CONFIG_ARM64) && r->kind != PAB_REGION_VMALLOC)
		return pab_fail(ctx, -EINVAL, "set-memory: arm64 set_memory_ro/rw take plain vmalloc areas only (region kind vmalloc)");
	return 0;
}

static int pab_set_memory_call(struct pab_call *c, unsigned long start, unsigned long end)
{
	int numpages = (end - start) >> PAGE_SHIFT;

	return pab_call_is_prot(c, PAB_PROT_RO) ? pab_sym.set_memory_ro(start, numpages) :
					 pab_sym.set_memory_rw(start, numpages);
}

static int pab_set_memory_explain(struct pab_ctx *ctx, const struct pab_region *r,
				  const struct pab_call *c, int err)
{
	return pab_fail(ctx, err, "the kernel's set_memory_%s refused this region (%d)%s",
			pab_call_is_prot(c, PAB_PROT_RO) ? "ro" : "rw", err,
			r->kind == PAB_REGION_VMALLOC ? "" :
			": arm64 accepts only plain vmalloc areas (region kind vmalloc)");
}

PAB_METHOD_OPS(SET_MEMORY, pab_set_memory_call, .available = pab_set_memory_available,
	       .check = pab_set_memory_check, .explain = pab_set_memory_explain);

