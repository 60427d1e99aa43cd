// SPDX-License-Identifier: GPL-2.0
/*
 * What each method executes on the running kernel, in words (PAB_IOC_METHOD's
 * "here"): a replica is named by what it is where it runs, not by the
 * version it was modelled on. Built from what the module knows of this
 * kernel: its lazy MMU API (how apply_to_page_range() opens its sections),
 * its TLB flush (range TLBI or one per page), BBML2 and rodata_full.
 * Read against 6.12.117, 7.2.13 and 7.3.4; kernels in between are said to
 * be unread where their code decides.
 */
#include <linux/kernel.h>
#include <linux/version.h>
#include "pab.h"

/* apply_to_page_range()'s lazy MMU sections on this kernel (mm/memory.c). */
static const char *pab_apply_lazy(void)
{
	switch (PAB_LAZY_API) {
	case PAB_LAZY_API_GENERIC:	/* 7.0+: nested, a nested disable flushes */
		return "a lazy section per PTE table, one barrier pair per table even inside an outer section";
	case PAB_LAZY_API_ARCH:		/* 6.16-6.19: its leave ends any outer section */
		return "a lazy section per PTE table that ends any outer one";
	default:			/* arm64 up to 6.15: __set_pte() barriers each entry */
		return "no lazy MMU: dsb(ishst)+isb per PTE";
	}
}

/* flush_tlb_kernel_range() on this kernel (asm/tlbflush.h). */
static const char *pab_flush_words(void)
{
#ifdef CONFIG_ARM64
	if (LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0))
		return "one TLBI per page, flush_tlb_all() above 512 pages";
	if (LINUX_VERSION_CODE < KERNEL_VERSION(7, 0, 0))
		return "this kernel's flush_tlb_kernel_range() (not read for this version)";
	/* 7.x: __flush_s1_tlb_range_op(); range ops only with the cap (and CONFIG_ARM64_TLB_RANGE). */
	return system_supports_tlb_range() ? "range TLBI" :
	       "one TLBI per page (no TLB range ops), flush_tlb_all() from 512 pages";
#else
	return "flush_tlb_kernel_range(): an IPI to every CPU";
#endif
}

void pab_method_here(unsigned int method, char *buf, size_t len)
{
	const char *bbml_name;
	u32 bbml = pab_bbml(&bbml_name), ro = pab_rodata_full();

	switch (method) {
	case PAB_METHOD_NULL:
		snprintf(buf, len, "nothing: the harness's window");
		break;
	case PAB_METHOD_APPLY:
		snprintf(buf, len, "this kernel's apply_to_page_range(): %s", pab_apply_lazy());
		break;
	case PAB_METHOD_WALK:
	case PAB_METHOD_WALK_LOCKLESS:
		snprintf(buf, len, "%s with arm64's pageattr callbacks, blocks changed whole",
			 method == PAB_METHOD_WALK ? pab_walker_symbol() :
			 "walk_kernel_page_table_range_lockless()");
		break;
	case PAB_METHOD_PAGEATTR_APPLY:
		snprintf(buf, len, "6.17's __change_memory_common on this kernel: apply_to_page_range() (%s), then the flush (%s)",
			 pab_apply_lazy(), pab_flush_words());
		break;
	case PAB_METHOD_PAGEATTR_WALK:
		snprintf(buf, len, "split check (%s), a lazy section, the lockless walk, the flush (%s)",
			 bbml == PAB_STATE_ON ? "BBML2: splits under pgtable_split_lock" :
						"no BBML2: returns at once",
			 pab_flush_words());
		break;
	case PAB_METHOD_SET_MEMORY:
		snprintf(buf, len, "the kernel's set_memory_ro/rw: %s",
			 ro == PAB_STATE_ON ? "the alias loop (one __change_memory_common per page), then the area" :
			 ro == PAB_STATE_OFF ? "the area only (rodata_full off: no alias loop)" :
					       "the area (the arch's own set_memory_ro/rw)");
		break;
	case PAB_METHOD_SET_MEMORY_NX:
		snprintf(buf, len, "the kernel's set_memory_x/nx: checks, vm_unmap_aliases(), the area (flush: %s)",
			 pab_flush_words());
		break;
	case PAB_METHOD_SET_MEMORY_PROLOGUE:
		snprintf(buf, len, "change_memory_common() before __change_memory_common: checks, vm_unmap_aliases()");
		break;
	default:
		snprintf(buf, len, "?");
	}
}
