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
#ifdef CONFIG_ARM64
#include <asm/arch_timer.h>
#endif
#ifdef CONFIG_X86
#include <asm/tsc.h>
#endif
#include "pab.h"

static inline u64 pab_apply_masks(u64 val, const struct pab_call *c)
{
	return (val & ~c->clear) | c->set;
}

/* After each leaf: count it, and end the lazy MMU section every c->batch leaves. */
static inline void pab_leaf_done(struct pab_call *c, unsigned int level)
{
	c->leaves[level]++;
	if (c->lazy == PAB_LAZY_BATCH && ++c->in_batch >= c->batch) {
		pab_lazy_leave();
		pab_lazy_enter();
		c->in_batch = 0;
	}
}

/* --- apply: the pre-pagewalk arm64 change_page_range() --- */
static int pab_apply_pte(pte_t *ptep, unsigned long addr, void *data)
{
	struct pab_call *c = data;
	pte_t pte = pab_ptep_get(ptep);

	pab_set_pte(ptep, __pte(pab_apply_masks(pte_val(pte), c)));
#ifdef CONFIG_ARM64
	if (pte_cont(pte)) {
		pab_leaf_done(c, PAB_LVL_CONT_PTE);
		return 0;
	}
#endif
	pab_leaf_done(c, PAB_LVL_PTE);
	return 0;
}

/* --- walk / walk-lockless: arm64 pageattr_ops (7.2 pageattr.c) --- */
static int pab_walk_pud(pud_t *pudp, unsigned long addr, unsigned long next,
			struct mm_walk *walk)
{
	struct pab_call *c = walk->private;
	pud_t pud = READ_ONCE(*pudp);

	if (pud_leaf(pud)) {
		/* A block only partly inside the range cannot be changed whole. */
		if (next - addr != PUD_SIZE)
			return -EINVAL;
#if PAB_HAVE_SET_PUD
		set_pud(pudp, __pud(pab_apply_masks(pud_val(pud), c)));
#else
		return -EOPNOTSUPP;
#endif
		pab_leaf_done(c, PAB_LVL_PUD);
		walk->action = ACTION_CONTINUE;
	}
	return 0;
}

static int pab_walk_pmd(pmd_t *pmdp, unsigned long addr, unsigned long next,
			struct mm_walk *walk)
{
	struct pab_call *c = walk->private;
	pmd_t pmd = READ_ONCE(*pmdp);
	unsigned int level = PAB_LVL_PMD;

	if (pmd_leaf(pmd)) {
		if (next - addr != PMD_SIZE)
			return -EINVAL;
		set_pmd(pmdp, __pmd(pab_apply_masks(pmd_val(pmd), c)));
#ifdef CONFIG_ARM64
		if (pte_cont(pmd_pte(pmd)))
			level = PAB_LVL_CONT_PMD;
#endif
		pab_leaf_done(c, level);
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

static int pab_walk_locked(unsigned long start, unsigned long end, struct pab_call *c)
{
	if (pab_sym.walk_kernel)
		return pab_sym.walk_kernel(start, end, &pab_walk_ops, NULL, c);
	return pab_sym.walk_novma(pab_sym.init_mm, start, end, &pab_walk_ops, NULL, c);
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

/*
 * walk takes the init_mm mmap lock (a sleeping lock); set_memory_*() take
 * mutexes (vm_unmap_aliases, arm64 split lock). Those run preemptible, with
 * migration disabled; the others run with preemption disabled.
 */
bool pab_method_may_sleep(unsigned int method)
{
	return method == PAB_METHOD_WALK || method == PAB_METHOD_SET_MEMORY;
}

void pab_tlb_flush(unsigned long start, unsigned long end)
{
#ifdef CONFIG_X86
	pab_sym.flush_tlb_kernel_range(start, end);
#else
	flush_tlb_kernel_range(start, end);
#endif
}

u64 pab_counter_read(void)
{
#ifdef CONFIG_ARM64
	isb();
	return read_sysreg(cntvct_el0);
#else
	return rdtsc_ordered();
#endif
}

u64 pab_counter_hz(void)
{
#ifdef CONFIG_ARM64
	return arch_timer_get_cntfrq();
#else
	return boot_cpu_has(X86_FEATURE_TSC) ? (u64)tsc_khz * 1000 : 0;
#endif
}

static int pab_dispatch_method(struct pab_call *c, unsigned long start, unsigned long end)
{
	int numpages = (end - start) >> PAGE_SHIFT;

	switch (c->method) {
	case PAB_METHOD_NULL:
		return 0;
	case PAB_METHOD_APPLY:
		return apply_to_page_range(pab_sym.init_mm, start, end - start, pab_apply_pte, c);
	case PAB_METHOD_WALK:
		return pab_walk_locked(start, end, c);
	case PAB_METHOD_WALK_LOCKLESS:
		return pab_sym.walk_kernel_lockless(start, end, &pab_walk_ops, NULL, c);
	case PAB_METHOD_SET_MEMORY: {
		u64 ro_set, ro_clear;

		pab_prot_masks(PAB_PROT_RO, &ro_set, &ro_clear);
		return c->set == ro_set ? pab_sym.set_memory_ro(start, numpages) :
					  pab_sym.set_memory_rw(start, numpages);
	}
	}
	return -EINVAL;
}

/*
 * One call, timed: the clock reads bracket exactly the update (plus the TLB
 * flush when it is "included"); lock, preemption and lazy MMU entry/exit sit
 * outside. The method is applied to [start, end); null applies to nothing.
 */
int pab_call(struct pab_call *c, unsigned long start, unsigned long end)
{
	bool atomic = !pab_method_may_sleep(c->method);
	unsigned long flags = 0;
	u64 t0, t1, c0, c1;
	int ret;

	memset(c->leaves, 0, sizeof(c->leaves));
	c->in_batch = 0;
	if (c->pmu)
		pab_pmu_start(c->pmu);
	if (c->method == PAB_METHOD_WALK)
		(pab_sym.walk_kernel ? mmap_read_lock : mmap_write_lock)(pab_sym.init_mm);
	if (atomic)
		preempt_disable();
	if (atomic && c->irqs_off)
		local_irq_save(flags);
	if (c->lazy == PAB_LAZY_ON || c->lazy == PAB_LAZY_BATCH)
		pab_lazy_enter();
	else if (c->lazy == PAB_LAZY_OFF)
		pab_lazy_pause();

	c0 = pab_counter_read();
	t0 = ktime_get_ns();
	ret = c->method == PAB_METHOD_NULL ? 0 : pab_dispatch_method(c, start, end);
	if (c->tlb_included && c->method != PAB_METHOD_NULL)
		pab_tlb_flush(start, end);
	t1 = ktime_get_ns();
	c1 = pab_counter_read();

	if (c->lazy == PAB_LAZY_ON || c->lazy == PAB_LAZY_BATCH)
		pab_lazy_leave();
	else if (c->lazy == PAB_LAZY_OFF)
		pab_lazy_resume();
	if (atomic && c->irqs_off)
		local_irq_restore(flags);
	if (atomic)
		preempt_enable();
	if (c->method == PAB_METHOD_WALK)
		(pab_sym.walk_kernel ? mmap_read_unlock : mmap_write_unlock)(pab_sym.init_mm);
	if (c->pmu)
		pab_pmu_delta(c->pmu, c->counts);
	c->ns = t1 - t0;
	c->cycles = c1 - c0;
	return ret;
}

/*
 * Back to read-write. After set_memory_ro() only set_memory_rw() will do:
 * with rodata_full, arm64 also made the pages' linear-map alias read-only,
 * and freeing them like that would fault the next user of those pages.
 */
int pab_restore(struct pab_region *r)
{
	struct pab_call c = { .method = PAB_METHOD_WALK, .lazy = PAB_LAZY_NATIVE };
	unsigned long end = r->start + r->bytes;
	int ret;

	if (r->set_memory_used)
		c.method = PAB_METHOD_SET_MEMORY;
	pab_prot_masks(PAB_PROT_RW, &c.set, &c.clear);
	ret = pab_call(&c, r->start, end);
	if (ret && c.method == PAB_METHOD_SET_MEMORY) {
		/* At least the region itself goes back to read-write; the caller reports ret. */
		c.method = PAB_METHOD_WALK;
		pab_call(&c, r->start, end);
	}
	pab_tlb_flush(r->start, end);
	return ret;
}

int pab_method_check(struct pab_ctx *ctx, struct pab_region *r, unsigned int method, u64 offset,
		     u64 *length)
{
	const char *name, *reason;
	struct pab_scan scan;
	int ret;

	if (method >= PAB_METHOD_NR)
		return pab_fail(ctx, -EINVAL, "unknown method %u", method);
	if (!pab_method_available(method, &name, &reason))
		return pab_fail(ctx, -EOPNOTSUPP, "method %s unavailable: %s", name, reason);
	if (method == PAB_METHOD_SET_MEMORY && (offset || (*length && *length != r->bytes)))
		return pab_fail(ctx, -EINVAL, "set-memory changes whole regions only");
	/*
	 * arm64 set_memory_*() support plain vmalloc areas only. 7.x refuses
	 * others cleanly, but 6.12 takes a huge vmalloc area, makes its pages'
	 * linear alias read-only, then WARNs in apply_to_page_range on the
	 * first block and fails half done: never hand it one.
	 */
	if (IS_ENABLED(CONFIG_ARM64) && method == PAB_METHOD_SET_MEMORY &&
	    r->kind != PAB_REGION_VMALLOC)
		return pab_fail(ctx, -EINVAL, "set-memory: arm64 set_memory_ro/rw take plain vmalloc areas only (region kind vmalloc)");
	ret = pab_range_check(ctx, r, offset, length);
	if (ret || method != PAB_METHOD_APPLY)
		return ret;
	/* Only the range matters: apply can change the PTE part of a mixed region. */
	pab_scan_range(r->start + offset, r->start + offset + *length, 0, 0, &scan);
	if (scan.leaves[PAB_LVL_PMD] + scan.leaves[PAB_LVL_CONT_PMD] + scan.leaves[PAB_LVL_PUD])
		return pab_fail(ctx, -EINVAL, "apply_to_page_range cannot change block mappings (the range has %llu PMD, %llu PUD blocks; it would WARN and fail): use walk",
				scan.leaves[PAB_LVL_PMD] + scan.leaves[PAB_LVL_CONT_PMD],
				scan.leaves[PAB_LVL_PUD]);
	return 0;
}

/* One untimed-loop change for PAB_IOC_CHANGE (the selftest's building block). */
int pab_change(struct pab_ctx *ctx, struct pab_region *r, struct pab_change *req)
{
	struct pab_call c = { .method = req->method, .lazy = req->lazy };
	const char *name, *reason;
	u64 length = req->length;
	unsigned long start;
	int ret;

	if (req->method >= PAB_METHOD_NR)
		return pab_fail(ctx, -EINVAL, "unknown method %u", req->method);
	if (!pab_method_available(req->method, &name, &reason))
		return pab_fail(ctx, -EOPNOTSUPP, "method %s unavailable: %s", name, reason);
	if (req->prot != PAB_PROT_RO && req->prot != PAB_PROT_RW)
		return pab_fail(ctx, -EINVAL, "unknown protection %u (1 = ro, 2 = rw)", req->prot);
	if (req->lazy > PAB_LAZY_NATIVE)
		return pab_fail(ctx, -EINVAL, "lazy mode %u is not off, on or native", req->lazy);
	if (req->flags & ~PAB_CHANGE_FLUSH_TLB)
		return pab_fail(ctx, -EINVAL, "unknown change flags %#x", req->flags);
	ret = pab_method_check(ctx, r, req->method, req->offset, &length);
	if (ret)
		return ret;

	start = r->start + req->offset;
	pab_prot_masks(req->prot, &c.set, &c.clear);
	r->touched = true;
	/* Even a failed set_memory_ro() may have changed the linear alias: undo with set_memory_rw(). */
	if (req->method == PAB_METHOD_SET_MEMORY)
		r->set_memory_used = true;
	ret = pab_call(&c, start, start + length);
	if (req->flags & PAB_CHANGE_FLUSH_TLB && req->method != PAB_METHOD_NULL)
		pab_tlb_flush(start, start + length);
	req->ns = c.ns;
	pab_levels_out(req->leaves, c.leaves);
	if (ret)
		return pab_fail(ctx, ret, "method %s failed with %d", name, ret);
	return 0;
}
