// SPDX-License-Identifier: GPL-2.0
/*
 * The whole production paths (PAB_MF_PATH: their own lazy MMU handling and
 * TLB flush, so a run's lazy mode is "native" and its TLB mode "none"):
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
 * The replicas are built from the component methods' pieces (pab_methods.c);
 * what each executes on the running kernel is said by pab_describe.c.
 */
#include <linux/mm.h>
#include <linux/pagewalk.h>
#include <linux/set_memory.h>
#include <linux/vmalloc.h>
#include <asm/tlbflush.h>
#include "pab_methods.h"

PAB_METHODS(PAB_METHOD_CONSTS)

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
