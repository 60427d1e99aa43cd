/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the kernels pageattr-bench supports
 * (6.12 LTS, 7.2, 7.3; arm64 and x86_64), hidden behind pab_* names so the
 * rest of the module reads like one kernel.
 */
#ifndef PAB_COMPAT_H
#define PAB_COMPAT_H

#include <linux/version.h>
#include <linux/pgtable.h>
#include <linux/pagewalk.h>
#include "pageattr_bench_uapi.h"

/*
 * Lazy MMU mode. 7.0 made it generic and nestable with pause/resume, so "off"
 * can be enforced even around apply_to_page_range(), which enters the mode
 * itself per PTE table. Before 7.0 only arch_enter/leave exist (and are empty
 * on arm64 up to 6.15), and apply_to_page_range's inner leave ends any outer
 * section, so "off" there means "as the path does it".
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
#define PAB_LAZY_API		PAB_LAZY_API_GENERIC
#define pab_lazy_enter()	lazy_mmu_mode_enable()
#define pab_lazy_leave()	lazy_mmu_mode_disable()
#define pab_lazy_pause()	lazy_mmu_mode_pause()
#define pab_lazy_resume()	lazy_mmu_mode_resume()
#define PAB_HAVE_LAZY_PAUSE	1
#else
#ifdef __HAVE_ARCH_ENTER_LAZY_MMU_MODE
#define PAB_LAZY_API		PAB_LAZY_API_ARCH
#else
#define PAB_LAZY_API		PAB_LAZY_API_NONE
#endif
#define pab_lazy_enter()	arch_enter_lazy_mmu_mode()
#define pab_lazy_leave()	arch_leave_lazy_mmu_mode()
#define pab_lazy_pause()	do { } while (0)
#define pab_lazy_resume()	do { } while (0)
#define PAB_HAVE_LAZY_PAUSE	0
#endif

/*
 * Kernel page-table walkers. 6.17 (and the 6.12.117 backport) replaced
 * walk_page_range_novma(mm, ...) by walk_kernel_page_table_range(start, ...),
 * which asserts the init_mm mmap lock (read is enough); the _lockless variant
 * (6.18+) asserts nothing. The older novma walker asserts the write lock.
 * None is exported: they are resolved through kallsyms (pab_syms.c).
 */
typedef int (*pab_walk_kernel_fn)(unsigned long start, unsigned long end,
				  const struct mm_walk_ops *ops, pgd_t *pgd,
				  void *private);
typedef int (*pab_walk_novma_fn)(struct mm_struct *mm, unsigned long start,
				 unsigned long end, const struct mm_walk_ops *ops,
				 pgd_t *pgd, void *private);

/*
 * Mapping a range at a chosen page size (mixed regions). 7.2 and 7.3 declare
 * vmap_pages_range(addr, end, prot, pages, page_shift) in linux/vmalloc.h;
 * 6.12 has it static (not in kallsyms), and there the module uses
 * vmap_pages_range_noflush() with the same five arguments (minus
 * flush_cache_vmap(), a no-op on arm64 and x86). That one took a sixth,
 * gfp_mask, with the vmalloc no-block series (7.2 and 7.3 have it), so it
 * is only ever resolved before 6.13, where five is certain: a kernel in
 * between whose vmap_pages_range is static gets no mixed regions (refused
 * with the reason) rather than a call with the wrong arguments.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
#define PAB_HAVE_VMAP_NOFLUSH5	1
#else
#define PAB_HAVE_VMAP_NOFLUSH5	0
#endif

/* Raw PTE access as the arch's own pageattr code does it. */
#ifdef CONFIG_ARM64
/* __ptep_get/__set_pte bypass the contpte layer, exactly like arm64 pageattr.c. */
#define pab_ptep_get(ptep)	__ptep_get(ptep)
#define pab_set_pte(ptep, pte)	__set_pte(ptep, pte)
#define PAB_ARCH		PAB_ARCH_ARM64
#else
#define pab_ptep_get(ptep)	ptep_get(ptep)
#define pab_set_pte(ptep, pte)	set_pte(ptep, pte)
#define PAB_ARCH		PAB_ARCH_X86_64
#endif

/*
 * arm64 only has PUD blocks with 4K pages; with 16K/64K pages set_pud() may
 * reach set_swapper_pgd(), which modules cannot link against, and no PUD leaf
 * can exist to call it on anyway.
 */
#if defined(CONFIG_ARM64) && !defined(CONFIG_ARM64_4K_PAGES)
#define PAB_HAVE_SET_PUD	0
#else
#define PAB_HAVE_SET_PUD	1
#endif

#endif /* PAB_COMPAT_H */
