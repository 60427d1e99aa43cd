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
 *
 * and the whole production paths (PAB_MF_PATH: their own lazy MMU handling
 * and TLB flush, so the run's lazy mode is "native" and its TLB mode "none"):
 *
 *   pageattr-apply       arm64 __change_memory_common() up to 6.17
 *   pageattr-walk        arm64 __change_memory_common() since 6.18
 *   set-memory-nx        the kernel's set_memory_x()/nx(): the ground truth
 *                        the two replicas are judged by
 *   set-memory-prologue  what set_memory_x()/nx() do before reaching
 *                        __change_memory_common(): its checks and
 *                        vm_unmap_aliases(), so that the ground truth minus
 *                        this is like for like with the replicas
 *
 * Each method is one block below ending in PAB_METHOD_OPS(ID, call, ...),
 * which fills in the name and flags from PAB_METHODS. Everything else
 * (availability, may it sleep, the checks, the call, restore, runs, threads)
 * goes through the table built from the list at the end of the blocks, so
 * adding a method is one line in PAB_METHODS and one block here; a line
 * without its block does not build.
 */
#include <linux/jump_label.h>
#include <linux/kernel_stat.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mmap_lock.h>
#include <linux/pagewalk.h>
#include <linux/set_memory.h>
#include <linux/vmalloc.h>
#include <asm/tlbflush.h>
#ifdef CONFIG_ARM64
#include <asm/arch_timer.h>
#endif
#ifdef CONFIG_X86
#include <asm/tsc.h>
#endif
#include "pab.h"

/* Per method: its name and flags, as constants the ops blocks can use. */
#define PAB_METHOD_CONSTS(id, v, n, f, w)			\
	static const char pab_method_name_##id[] = n;		\
	enum { pab_method_flags_##id = (f) };
PAB_METHODS(PAB_METHOD_CONSTS)

/* Ends a method's block: its ops, named and flagged by its PAB_METHODS line. */
#define PAB_METHOD_OPS(id, call_fn, ...)				\
	static const struct pab_method_ops pab_method_ops_##id = {	\
		.name = pab_method_name_##id,				\
		.flags = pab_method_flags_##id,				\
		.call = call_fn,					\
		__VA_ARGS__						\
	}

static inline u64 pab_apply_masks(u64 val, const struct pab_call *c)
{
	return (val & ~c->clear) | c->set;
}

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

static int pab_apply_pte(pte_t *ptep, unsigned long addr, void *data)
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

static int pab_apply_check(struct pab_ctx *ctx, struct pab_region *r, u64 offset, u64 length)
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

#define PAB_WALK_OPS(name, batch)							\
	static int name##_pud(pud_t *p, unsigned long a, unsigned long n, struct mm_walk *w) \
	{ return __pab_walk_pud(p, a, n, w, batch); }					\
	static int name##_pmd(pmd_t *p, unsigned long a, unsigned long n, struct mm_walk *w) \
	{ return __pab_walk_pmd(p, a, n, w, batch); }					\
	static int name##_pte(pte_t *p, unsigned long a, unsigned long n, struct mm_walk *w) \
	{ return __pab_walk_pte(p, w, batch); }						\
	static const struct mm_walk_ops name = {					\
		.pud_entry = name##_pud, .pmd_entry = name##_pmd, .pte_entry = name##_pte, \
	}

PAB_WALK_OPS(pab_walk_ops, false);
PAB_WALK_OPS(pab_walk_batch_ops, true);

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
static bool pab_walk_lockless_available(const char **reason)
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

/* Does this call apply exactly the masks of prot (the kernel entry points: which one to call)? */
static bool pab_call_is_prot(const struct pab_call *c, u32 prot)
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
static int pab_set_memory_check(struct pab_ctx *ctx, struct pab_region *r, u64 offset,
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

/* ======== pageattr-apply: arm64 __change_memory_common() up to 6.17 ======== */
/*
 * 6.12 and 6.17 arch/arm64/mm/pageattr.c, line for line:
 *
 *	ret = apply_to_page_range(&init_mm, start, size, change_page_range, &data);
 *	flush_tlb_kernel_range(start, start + size);
 *	return ret;
 *
 * No lazy MMU section of its own: apply_to_page_range() opens one around each
 * PTE table (a no-op on arm64 before 6.16, where __set_pte() emits dsb; isb
 * for every entry). change_page_range() is pab_apply_pte() above.
 */
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

/* The replicas are arm64's code; x86 changes permissions through CPA, a different path. */
static bool pab_arm64_path(const char **reason)
{
	if (IS_ENABLED(CONFIG_ARM64))
		return true;
	*reason = "arm64's path (x86 changes kernel permissions through CPA)";
	return false;
}

static int pab_pageattr_apply_call(struct pab_call *c, unsigned long start, unsigned long end)
{
	int ret = apply_to_page_range(pab_sym.init_mm, start, end - start, pab_apply_pte, c);

	pab_tlb_flush(start, end);
	return ret;
}

PAB_METHOD_OPS(PAGEATTR_APPLY, pab_pageattr_apply_call, .available = pab_arm64_path,
	       .check = pab_apply_check);

/* ======== pageattr-walk: arm64 __change_memory_common() since 6.18 ======== */
static bool pab_pageattr_walk_available(const char **reason)
{
	if (!pab_arm64_path(reason) || !pab_walk_lockless_available(reason))
		return false;
	if (pab_sym.split_kernel_leaf_mapping)
		return true;
	*reason = pab_sym_missing(&pab_sym.split_kernel_leaf_mapping,
				  "kernel has no split_kernel_leaf_mapping (arm64, 6.18+)");
	return false;
}

/* 7.2 arch/arm64/mm/pageattr.c update_range_prot(), line for line. */
static int pab_update_range_prot(struct pab_call *c, unsigned long start, unsigned long end)
{
	int ret;

	/* Splits nothing without BBML2 (or at block-aligned ends); always called. */
	ret = pab_sym.split_kernel_leaf_mapping(start, end);
	if (WARN_ON_ONCE(ret))
		return ret;

	pab_lazy_enter();
	ret = pab_sym.walk_kernel_lockless(start, end, &pab_walk_ops, NULL, c);
	pab_lazy_leave();

	return ret;
}

/*
 * 7.2 __change_memory_common(): the update, then the flush, skipped only when
 * an entry goes from present-invalid to valid and nothing else (never here,
 * but the test is part of the path).
 */
static int pab_pageattr_walk_call(struct pab_call *c, unsigned long start, unsigned long end)
{
	int ret = pab_update_range_prot(c, start, end);

#ifdef PTE_PRESENT_VALID_KERNEL
	if (c->set != PTE_PRESENT_VALID_KERNEL || c->clear != PTE_PRESENT_INVALID)
#endif
		pab_tlb_flush(start, end);
	return ret;
}

PAB_METHOD_OPS(PAGEATTR_WALK, pab_pageattr_walk_call, .available = pab_pageattr_walk_available);

/* ======== set-memory-nx: the kernel's own set_memory_x()/set_memory_nx() ======== */
static bool pab_set_memory_nx_available(const char **reason)
{
	if (!pab_exec_toggle_ok(reason))
		return false;
	if (pab_sym.set_memory_nx && pab_sym.set_memory_x)
		return true;
	*reason = pab_sym_missing(&pab_sym.set_memory_nx,
				  pab_sym_missing(&pab_sym.set_memory_x,
						  "set_memory_nx/x not found in kallsyms"));
	return false;
}

/*
 * No linear-alias loop (that is for read-only changes): change_memory_common()'s
 * checks, vm_unmap_aliases(), then __change_memory_common() on the range.
 */
static int pab_set_memory_nx_call(struct pab_call *c, unsigned long start, unsigned long end)
{
	int numpages = (end - start) >> PAGE_SHIFT;

	return pab_call_is_prot(c, PAB_PROT_X) ? pab_sym.set_memory_x(start, numpages) :
						 pab_sym.set_memory_nx(start, numpages);
}

static int pab_set_memory_nx_explain(struct pab_ctx *ctx, const struct pab_region *r,
				     const struct pab_call *c, int err)
{
	return pab_fail(ctx, err, "the kernel's set_memory_%s refused this region (%d)",
			pab_call_is_prot(c, PAB_PROT_X) ? "x" : "nx", err);
}

PAB_METHOD_OPS(SET_MEMORY_NX, pab_set_memory_nx_call, .available = pab_set_memory_nx_available,
	       .check = pab_set_memory_check, .explain = pab_set_memory_nx_explain);

/* ======== set-memory-prologue: change_memory_common() up to __change_memory_common ======== */
static bool pab_set_memory_prologue_available(const char **reason)
{
	if (!pab_arm64_path(reason))
		return false;
	if (pab_sym.find_vm_area)
		return true;
	*reason = pab_sym_missing(&pab_sym.find_vm_area, "find_vm_area not found in kallsyms");
	return false;
}

/*
 * 6.12 and 7.2 arch/arm64/mm/pageattr.c change_memory_common() for nx/x,
 * everything before its final __change_memory_common(): the alignment test,
 * the vm area checks (7.x also refuses VM_ALLOW_HUGE_VMAP areas), the
 * numpages test, vm_unmap_aliases(). The rodata_full test that guards the
 * linear-alias loop (two compares, false for nx/x) is left out.
 */
static int pab_set_memory_prologue_call(struct pab_call *c, unsigned long addr, unsigned long e)
{
	int numpages = (e - addr) >> PAGE_SHIFT;
	unsigned long start = addr;
	unsigned long size = PAGE_SIZE * numpages;
	unsigned long end = start + size;
	struct vm_struct *area;

	if (!PAGE_ALIGNED(addr)) {
		start &= PAGE_MASK;
		end = start + size;
		WARN_ON_ONCE(1);
	}
	area = pab_sym.find_vm_area((void *)addr);
	if (!area ||
	    (unsigned long)kasan_reset_tag((void *)end) >
	    (unsigned long)kasan_reset_tag(area->addr) + area->size ||
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 18, 0)
	    ((area->flags & (VM_ALLOC | VM_ALLOW_HUGE_VMAP)) != VM_ALLOC))
#else
	    !(area->flags & VM_ALLOC))
#endif
		return -EINVAL;
	if (!numpages)
		return 0;
	vm_unmap_aliases();
	return 0;
}

PAB_METHOD_OPS(SET_MEMORY_PROLOGUE, pab_set_memory_prologue_call,
	       .available = pab_set_memory_prologue_available, .check = pab_set_memory_check);

/* ======== the table: one entry per PAB_METHODS line ======== */
#define PAB_METHOD_SLOT(id, v, n, f, w)	[PAB_METHOD_##id] = &pab_method_ops_##id,
static const struct pab_method_ops *const pab_methods[] = {
	PAB_METHODS(PAB_METHOD_SLOT)
};
#define PAB_COUNT_ONE(id, v, n, f, w)	+ 1
/* Values 0..PAB_METHOD_NR-1, each with its ops: no hole a method number could fall into. */
static_assert(ARRAY_SIZE(pab_methods) == PAB_METHOD_NR);
static_assert(0 PAB_METHODS(PAB_COUNT_ONE) == PAB_METHOD_NR);

const struct pab_method_ops *pab_method(unsigned int method)
{
	return method < PAB_METHOD_NR ? pab_methods[method] : NULL;
}

bool pab_method_available(unsigned int method, const char **name, const char **reason)
{
	const struct pab_method_ops *ops = pab_method(method);

	*reason = "";
	*name = ops ? ops->name : "?";
	if (!ops) {
		*reason = "unknown method";
		return false;
	}
	return !ops->available || ops->available(reason);
}

/*
 * walk takes the init_mm mmap lock (a sleeping lock); set_memory_*() take
 * mutexes (vm_unmap_aliases, arm64 split lock). Those (PAB_MF_SLEEPS) run
 * preemptible, with migration disabled; the others with preemption disabled.
 */
bool pab_method_may_sleep(unsigned int method)
{
	const struct pab_method_ops *ops = pab_method(method);

	return ops && ops->flags & PAB_MF_SLEEPS;
}

#define PAB_LAZY_FLAGS(id, v, n, f, w)	[PAB_LAZY_##id] = (f),
#define PAB_LAZY_NAMES(id, v, n, f, w)	[PAB_LAZY_##id] = n,
static const unsigned int pab_lazy_flag_table[PAB_LAZY_NR] = { PAB_LAZY_MODES(PAB_LAZY_FLAGS) };
static const char *const pab_lazy_names[PAB_LAZY_NR] = { PAB_LAZY_MODES(PAB_LAZY_NAMES) };

unsigned int pab_lazy_flags(unsigned int lazy)
{
	return lazy < PAB_LAZY_NR ? pab_lazy_flag_table[lazy] : 0;
}

/* Method names with their flags, for messages listing the methods that qualify. */
static const char *pab_method_choices(char *buf, size_t len, unsigned int skip)
{
	const char *names[PAB_METHOD_NR];
	unsigned int flags[PAB_METHOD_NR];

	for (unsigned int m = 0; m < PAB_METHOD_NR; m++) {
		names[m] = pab_methods[m]->name;
		flags[m] = pab_methods[m]->flags;
	}
	return pab_choices(buf, len, names, flags, PAB_METHOD_NR, skip);
}

int pab_request_check(struct pab_ctx *ctx, const struct pab_request *q)
{
	unsigned int lazy;
	char words[80];

	if (q->method >= PAB_METHOD_NR)
		return pab_fail(ctx, -EINVAL, "unknown method %u", q->method);
	if (q->lazy >= PAB_LAZY_NR)
		return pab_fail(ctx, -EINVAL, "unknown lazy MMU mode %u", q->lazy);
	lazy = pab_lazy_flag_table[q->lazy];
	if (!q->has_batch && lazy & PAB_ZF_ARG) {
		/* "off, on or native": the modes an ioctl without a batch field takes. */
		pab_choices(words, sizeof(words), pab_lazy_names, pab_lazy_flag_table, PAB_LAZY_NR,
			    PAB_ZF_ARG);
		return pab_fail(ctx, -EINVAL, "lazy mode %u is not %s", q->lazy, words);
	}
	if (lazy & PAB_ZF_ARG && !q->batch)
		return pab_fail(ctx, -EINVAL, "lazy batch size must be at least 1 leaf entry");
	if (!(lazy & PAB_ZF_ARG) && q->batch)
		return pab_fail(ctx, -EINVAL, "a batch size needs lazy mode batch");
	if (q->tlb >= PAB_TLB_NR)
		return pab_fail(ctx, -EINVAL, "unknown TLB mode %u", q->tlb);
	/* A whole kernel path is measured as it runs: no section or flush added around it. */
	if (pab_methods[q->method]->flags & PAB_MF_PATH && q->lazy != PAB_LAZY_NATIVE)
		return pab_fail(ctx, -EINVAL, "%s is a whole kernel path with its own lazy MMU handling: lazy mode native only",
				pab_methods[q->method]->name);
	if (pab_methods[q->method]->flags & PAB_MF_PATH && q->tlb != PAB_TLB_NONE)
		return pab_fail(ctx, -EINVAL, "%s flushes the TLB itself, as the kernel path does: TLB mode none only",
				pab_methods[q->method]->name);
	if (q->flags & ~q->known_flags)
		return pab_fail(ctx, -EINVAL, "unknown %s flags %#x", q->what, q->flags);
	if (q->irqs_off && pab_method_may_sleep(q->method))
		return pab_fail(ctx, -EINVAL, "irqs-off needs a method that cannot sleep (%s), not %s",
				pab_method_choices(words, sizeof(words), PAB_MF_SLEEPS),
				pab_methods[q->method]->name);
	/*
	 * x86's flush_tlb_kernel_range() is an IPI to every CPU through
	 * on_each_cpu(): with IRQs off it WARNs, and two CPUs flushing at once
	 * wait for each other forever. (arm64 broadcasts TLBI: no IPI.) The
	 * separate flush runs after the IRQs are back on.
	 */
	if (IS_ENABLED(CONFIG_X86) && q->irqs_off && q->tlb == PAB_TLB_INCLUDED)
		return pab_fail(ctx, -EINVAL, "irqs-off with TLB mode included: x86 flushes kernel TLBs by IPI (on_each_cpu), which must not run with IRQs off; use TLB mode separate or none");
	if (!q->has_counts)
		return 0;
	if (!q->iterations || q->iterations > PAB_MAX_ITERATIONS)
		return pab_fail(ctx, -EINVAL, "iterations %u not in 1..%u", q->iterations,
				PAB_MAX_ITERATIONS);
	if (q->warmup > PAB_MAX_WARMUP)
		return pab_fail(ctx, -EINVAL, "warmup %u exceeds %u", q->warmup, PAB_MAX_WARMUP);
	return 0;
}

static const char *pab_group_name(int level)
{
	return level == PAB_LVL_CONT_PTE || level == PAB_LVL_CONT_PMD ? "contiguous-hint group" :
									"block mapping";
}

/*
 * A range must be page aligned, inside the region, and must not cut a block
 * mapping or a contiguous group: the walker would refuse a block half way
 * (-EINVAL, as in the patch), leaving the range half changed, and the kernel
 * splits a contiguous group before changing part of it (the tool does not),
 * so refuse it before anything changes.
 */
static int pab_range_check(struct pab_ctx *ctx, struct pab_region *r, u64 offset, u64 *length)
{
	unsigned long size, group;
	u64 len = *length ? *length : r->bytes - min(offset, r->bytes);
	int level;

	if (!PAGE_ALIGNED(offset) || !PAGE_ALIGNED(len) || !len || offset >= r->bytes ||
	    len > r->bytes - offset)
		return pab_fail(ctx, -EINVAL, "range [%llu, +%llu) is not a page-aligned, non-empty part of the %llu-byte region",
				offset, len, r->bytes);
	level = pab_leaf_level(r->start + offset, &size);
	group = pab_group_size(level, size);
	if (level >= 0 && (r->start + offset) % group)
		return pab_fail(ctx, -EINVAL, "range start +%#llx falls inside a %lu KiB %s (the kernel would split it first)",
				offset, group >> 10, pab_group_name(level));
	level = pab_leaf_level(r->start + offset + len - 1, &size);
	group = pab_group_size(level, size);
	if (level >= 0 && (r->start + offset + len) % group)
		return pab_fail(ctx, -EINVAL, "range end +%#llx falls inside a %lu KiB %s (the kernel would split it first)",
				offset + len, group >> 10, pab_group_name(level));
	*length = len;
	return 0;
}

int pab_method_check(struct pab_ctx *ctx, struct pab_region *r, unsigned int method, u64 offset,
		     u64 *length)
{
	const struct pab_method_ops *ops = pab_method(method);
	const char *name, *reason;
	int ret;

	if (!ops)
		return pab_fail(ctx, -EINVAL, "unknown method %u", method);
	if (!pab_method_available(method, &name, &reason))
		return pab_fail(ctx, -EOPNOTSUPP, "method %s unavailable: %s", name, reason);
	if (ops->flags & PAB_MF_WHOLE && (offset || (*length && *length != r->bytes)))
		return pab_fail(ctx, -EINVAL, "%s changes whole regions only", name);
	ret = pab_range_check(ctx, r, offset, length);
	if (!ret && ops->check)
		ret = ops->check(ctx, r, offset, *length);
	/* The kernel's own entry points decide for themselves (and refuse such areas). */
	if (!ret && !(ops->flags & (PAB_MF_BASELINE | PAB_MF_NO_CHANGE | PAB_MF_KERNEL)))
		ret = pab_cont_inplace_check(ctx, r->start + offset, r->start + offset + *length);
	return ret;
}

void pab_method_touch(struct pab_region *r, unsigned int method)
{
	r->touched = true;
	/*
	 * The kernel's own entry point may change more than the region (arm64:
	 * the linear alias), even when it fails: undo with set_memory_rw().
	 */
	if (pab_methods[method]->flags & PAB_MF_KERNEL)
		r->set_memory_used = true;
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

/*
 * What can disturb a window: hard interrupts on this CPU (IPIs included on
 * arm64; x86 counts its local APIC timer elsewhere) and this thread's
 * context switches (a sleeping method preempted). A window whose count
 * moved is an interrupt-hit sample.
 */
static inline u64 pab_disturbances(void)
{
	return kstat_cpu_irqs_sum(raw_smp_processor_id()) + current->nvcsw + current->nivcsw;
}

/*
 * One call, timed. The window holds everything the path itself does, in the
 * kernel's order: lazy MMU entry (or pause, for "off"), the update, lazy MMU
 * exit (where a batched path emits its deferred barrier), then the TLB flush
 * when it is "included" (__change_memory_common flushes after
 * update_range_prot's section). PMU counters are read inside the same window
 * where the kernel lets them (pab_pmu.c). Locks, preemption and IRQ state sit
 * outside. The method is applied to [start, end); a baseline method (null)
 * runs nothing between the clock and counter reads: the window's fixed cost.
 */
/*
 * Instruction-count markers for the QEMU plugin (vm/plugin, PAB_MARK_* in
 * the UAPI header): with count_markers=1 at load, each run starts with a
 * marker and each timed call's path sits between two, inside the clock
 * reads, so the plugin counts exactly what the path executes. Off (the
 * default, and always on hardware) a static key leaves a NOP in their
 * place: the timed window holds two NOPs more than the path, which the null
 * window has too and net times take out.
 */
static bool count_markers;
module_param(count_markers, bool, 0444);
MODULE_PARM_DESC(count_markers, "arm64: execute the instruction-count markers (QEMU plugin) around timed calls");
static DEFINE_STATIC_KEY_FALSE(pab_mark_key);

#ifdef CONFIG_ARM64
#define pab_mark(imm)	asm volatile("hint %0" : : "i"(imm) : "memory")
#else
#define pab_mark(imm)	do { } while (0)
#endif

int pab_markers_init(void)
{
	if (!count_markers)
		return 0;
	if (!IS_ENABLED(CONFIG_ARM64)) {
		pr_err("count_markers: the markers are arm64 HINT instructions\n");
		return -EINVAL;
	}
	static_branch_enable(&pab_mark_key);
	return 0;
}

/* The run's number (pab_run.run_seq), and its marker: one count for both. */
u32 pab_mark_run(void)
{
	static atomic_t runs = ATOMIC_INIT(0);

	if (static_branch_unlikely(&pab_mark_key))
		pab_mark(PAB_MARK_RUN);
	return (u32)atomic_inc_return(&runs);
}

int pab_call(struct pab_call *c, unsigned long start, unsigned long end)
{
	const struct pab_method_ops *ops = pab_methods[c->method];
	bool atomic = !(ops->flags & PAB_MF_SLEEPS), baseline = ops->flags & PAB_MF_BASELINE;
	bool section = pab_lazy_flags(c->lazy) & PAB_ZF_SECTION;
	bool pmu_in = c->pmu && c->pmu->in_window;
	unsigned long flags = 0;
	u64 t0, t1, c0, c1, d0;
	int ret;

	c->in_batch = 0;
	if (c->pmu && !pmu_in)
		pab_pmu_start(c->pmu);
	if (ops->prepare)
		ops->prepare(c);
	if (atomic)
		preempt_disable();
	if (atomic && c->irqs_off)
		local_irq_save(flags);

	d0 = pab_disturbances();
	c0 = pab_counter_read();
	t0 = ktime_get_ns();
	if (pmu_in)
		pab_pmu_start(c->pmu);
	if (static_branch_unlikely(&pab_mark_key) && c->mark)
		pab_mark(PAB_MARK_START);
	if (!baseline) {
		if (section)
			pab_lazy_enter();
		else if (c->lazy == PAB_LAZY_OFF)
			pab_lazy_pause();
		ret = ops->call(c, start, end);
		if (section)
			pab_lazy_leave();
		else if (c->lazy == PAB_LAZY_OFF)
			pab_lazy_resume();
		if (c->tlb_included)
			pab_tlb_flush(start, end);
	} else {
		ret = 0;
	}
	if (static_branch_unlikely(&pab_mark_key) && c->mark)
		pab_mark(PAB_MARK_END);
	if (pmu_in)
		pab_pmu_delta(c->pmu, c->counts);
	t1 = ktime_get_ns();
	c1 = pab_counter_read();
	c->irqs = pab_disturbances() - d0;

	if (atomic && c->irqs_off)
		local_irq_restore(flags);
	if (atomic)
		preempt_enable();
	if (ops->finish)
		ops->finish(c);
	if (c->pmu && !pmu_in)
		pab_pmu_delta(c->pmu, c->counts);
	c->ns = t1 - t0;
	c->cycles = c1 - c0;
	return ret;
}

/*
 * Testing hook: after each call, set a bit the hardware ignores (arm64
 * PTE_SPECIAL, x86 _PAGE_SOFTW1: meaningless in kernel mappings) in the
 * range's first entry before it is checked, and clear it again after, so
 * tests see the full-entry check catch a change outside the masks.
 */
static bool inject_entry_flip;
module_param(inject_entry_flip, bool, 0444);
MODULE_PARM_DESC(inject_entry_flip, "Test only, set at load: change an ignored bit of the first entry before each check");

static void pab_flip_first_entry(unsigned long start, bool on)
{
#ifdef CONFIG_ARM64
	const u64 bit = PTE_SPECIAL;
#else
	const u64 bit = _PAGE_SOFTW1;
#endif
	struct pab_call f = { .method = PAB_METHOD_WALK, .lazy = PAB_LAZY_NATIVE,
			      .set = on ? bit : 0, .clear = on ? 0 : bit };

	pab_call(&f, start, start + PAGE_SIZE);
	pab_tlb_flush(start, start + PAGE_SIZE);
}

int pab_call_verified(struct pab_call *c, unsigned long start, unsigned long end, bool verify,
		      const u64 baseline[PAB_LVL_NR], struct pab_tally *t)
{
	bool nothing = pab_methods[c->method]->flags & (PAB_MF_BASELINE | PAB_MF_NO_CHANGE);
	struct pab_scan scan;
	int ret;

	c->tlb_ns = c->lock_wait_ns = 0;
	if (c->serialise || c->serialise_spin) {
		u64 t0 = ktime_get_ns();

		if (c->serialise)
			mutex_lock(c->serialise);
		else
			spin_lock(c->serialise_spin);
		c->lock_wait_ns = ktime_get_ns() - t0;
	}
	ret = pab_call(c, start, end);
	if (c->serialise)
		mutex_unlock(c->serialise);
	else if (c->serialise_spin)
		spin_unlock(c->serialise_spin);
	if (ret)
		return ret;
	if (c->tlb_separate && !nothing) {
		u64 t0 = ktime_get_ns();

		pab_tlb_flush(start, end);
		c->tlb_ns = ktime_get_ns() - t0;
	}
	/*
	 * Outside the timed section: every leaf carries the bits, none moved
	 * level. The scan also gives the leaves the call changed, per level.
	 */
	if (nothing)
		memset(c->leaves, 0, sizeof(c->leaves));
	if (verify && !nothing) {
		bool flip = READ_ONCE(inject_entry_flip);

		if (flip)
			pab_flip_first_entry(start, true);
		pab_scan_range(start, end, c->set, c->clear, &scan);
		if (flip)
			pab_flip_first_entry(start, false);
		memcpy(c->leaves, scan.leaves, sizeof(c->leaves));
		t->verified_calls++;
		t->mismatched += scan.mismatched;
		t->level_changes += pab_level_changes(scan.leaves, baseline);
		c->digest = scan.digest;
		if (c->expect && scan.digest != c->expect_digest)
			t->entry_mismatches++;
	}
	return 0;
}

/*
 * Back to read-write. After set_memory_ro() only set_memory_rw() will do:
 * with rodata_full, arm64 also made the pages' linear-map alias read-only,
 * and freeing them like that would fault the next user of those pages.
 */
/*
 * Testing hook: make the set_memory_rw() of a restore fail (without calling
 * it), as an allocation failure in a split would, so tests see what becomes
 * of pages whose linear alias stays read-only.
 */
static bool inject_restore_failure;
module_param(inject_restore_failure, bool, 0444);
MODULE_PARM_DESC(inject_restore_failure, "Test only, set at load: fail set_memory_rw() when restoring a region");

int pab_restore(struct pab_region *r)
{
	struct pab_call c = { .method = PAB_METHOD_WALK, .lazy = PAB_LAZY_NATIVE };
	unsigned long end = r->start + r->bytes;
	int ret;

	if (r->set_memory_used)
		c.method = PAB_METHOD_SET_MEMORY;
	pab_prot_masks(PAB_PROT_RW, &c.set, &c.clear);
	if (r->set_memory_used && READ_ONCE(inject_restore_failure))
		ret = -ENOMEM;
	else
		ret = pab_call(&c, r->start, end);
	if (ret && c.method == PAB_METHOD_SET_MEMORY) {
		/* At least the region itself goes back to read-write; the caller reports ret. */
		c.method = PAB_METHOD_WALK;
		pab_call(&c, r->start, end);
	}
	/* A concurrent thread's software bit cleared again (no permission, no alias). */
	if (r->sw_toggled) {
		c.method = PAB_METHOD_WALK;
		c.set = 0;
		c.clear = pab_sw_bit();
		pab_call(&c, r->start, end);
	}
	/* Not executable again, as every region is made (PAGE_KERNEL): no linear alias involved. */
	if (r->exec_toggled) {
		c.method = PAB_METHOD_WALK;
		pab_prot_masks(PAB_PROT_NX, &c.set, &c.clear);
		pab_call(&c, r->start, end);
	}
	pab_tlb_flush(r->start, end);
	return ret;
}

/* One untimed-loop change for PAB_IOC_CHANGE (the selftest's building block). */
int pab_change(struct pab_ctx *ctx, struct pab_region *r, struct pab_change *req)
{
	struct pab_request q = {
		.what = "change", .method = req->method, .lazy = req->lazy, .tlb = PAB_TLB_NONE,
		.flags = req->flags, .known_flags = PAB_CHANGE_FLUSH_TLB,
	};
	struct pab_call c = { .method = req->method, .lazy = req->lazy };
	const struct pab_method_ops *ops;
	u64 length = req->length;
	unsigned long start;
	const char *why;
	int ret;

	ret = pab_request_check(ctx, &q);
	if (ret)
		return ret;
	if (req->prot < PAB_PROT_RO || req->prot > PAB_PROT_X)
		return pab_fail(ctx, -EINVAL, "unknown protection %u (1 = ro, 2 = rw, 3 = nx, 4 = x)",
				req->prot);
	if (req->prot == PAB_PROT_X && !pab_exec_toggle_ok(&why))
		return pab_fail(ctx, -EINVAL, "protection x refused: %s", why);
	ops = pab_methods[req->method];
	if (ops->flags & PAB_MF_KERNEL &&
	    !!(ops->flags & PAB_MF_EXEC) != (req->prot >= PAB_PROT_NX))
		return pab_fail(ctx, -EINVAL, "%s changes %s only", ops->name,
				ops->flags & PAB_MF_EXEC ? "execute permission (nx, x)" :
							   "write permission (ro, rw)");
	ret = pab_method_check(ctx, r, req->method, req->offset, &length);
	if (ret)
		return ret;

	start = r->start + req->offset;
	pab_prot_masks(req->prot, &c.set, &c.clear);
	pab_method_touch(r, req->method);
	r->exec_toggled |= req->prot >= PAB_PROT_NX;
	ret = pab_call(&c, start, start + length);
	if (req->flags & PAB_CHANGE_FLUSH_TLB && !(ops->flags & PAB_MF_BASELINE))
		pab_tlb_flush(start, start + length);
	req->ns = c.ns;
	memset(req->leaves, 0, sizeof(req->leaves));
	/* The leaves the call changed: those of the range now carrying the bits. */
	if (!(ops->flags & (PAB_MF_BASELINE | PAB_MF_NO_CHANGE))) {
		struct pab_scan scan;

		pab_scan_range(start, start + length, c.set, c.clear, &scan);
		pab_levels_out(req->leaves, scan.leaves);
	}
	if (ret)
		return pab_fail(ctx, ret, "method %s failed with %d", ops->name, ret);
	return 0;
}
