// SPDX-License-Identifier: GPL-2.0
/*
 * Regions: kernel virtual ranges whose permissions the methods change.
 *
 *   VMALLOC       vmalloc(): PAGE_SIZE PTEs, the kind set_memory_*() accepts.
 *   VMALLOC_HUGE  vmalloc_huge(): whatever the kernel picks (read back).
 *   MIXED         VA reserved with __get_vm_area_caller(), aligned to the
 *                 unit, and mapped unit by unit with vmap_pages_range(...,
 *                 page_shift), so one range holds PTEs, contiguous PTEs, PMD
 *                 and PUD blocks. Every unit of a level aliases one physical
 *                 block, so VA can exceed RAM; nothing ever reads or writes
 *                 through these mappings.
 *
 * Each region belongs to the file descriptor that created it and is put back
 * to read-write and freed on destroy, on close and on unload. What the
 * kernel really mapped is read back and reported, never assumed.
 */
#include <linux/gfp.h>
#include <linux/kmsan.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "pab.h"

/* Above this a VMALLOC(_HUGE) region, real memory, would eat a small guest. */
#define PAB_VMALLOC_MAX_BYTES	(1ULL << 30)
/* Mixed regions: 1 TiB of VA is far beyond any benchmark (64 GiB is the aim). */
#define PAB_MIXED_MAX_BYTES	(1ULL << 40)
/* Pages per vmap call for PTE-level units: bounds the page-pointer array. */
#define PAB_VMAP_CHUNK_PAGES	512

/* ", 1 vmalloc, 2 vmalloc-huge, 3 mixed": the kinds with their numbers, for messages. */
#define PAB_REGION_HINT(id, v, n, f, w)	", " #v " " n

static unsigned int pt_cap_mb = 256;
module_param(pt_cap_mb, uint, 0644);
MODULE_PARM_DESC(pt_cap_mb, "Refuse mixed regions whose page tables would exceed this many MiB (default 256)");

struct pab_region *pab_region_find(struct pab_ctx *ctx, u32 id)
{
	struct pab_region *r;

	list_for_each_entry(r, &ctx->regions, node)
		if (r->id == id)
			return r;
	return NULL;
}

static void pab_pool_free(struct pab_region *r)
{
	for (unsigned int l = 0; l < PAB_LVL_NR; l++) {
		unsigned int order;

		if (!r->pool[l])
			continue;
		order = pab_level_shift(l) - PAGE_SHIFT;
		if (r->pool_contig[l])
			pab_sym.free_contig_range(page_to_pfn(r->pool[l]), 1UL << order);
		else
			__free_pages(r->pool[l], order);
		r->pool[l] = NULL;
	}
}

/* One naturally aligned physical block per level in use. */
static int pab_pool_alloc(struct pab_ctx *ctx, struct pab_region *r, const struct pab_plan *p)
{
	for (unsigned int l = 0; l < PAB_LVL_NR; l++) {
		unsigned int order = pab_level_shift(l) - PAGE_SHIFT;

		if (!p->units[l])
			continue;
		if (order <= MAX_PAGE_ORDER) {
			/* Compact if need be: large blocks are what mixed regions are about. */
			r->pool[l] = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_RETRY_MAYFAIL, order);
		} else if (pab_sym.contig_alloc && pab_sym.free_contig_range) {
			/* Migrating a 1 GiB range can fail on a transiently pinned page: retry. */
			for (int try = 0; try < 3 && !r->pool[l]; try++)
				r->pool[l] = pab_sym.contig_alloc(1UL << order,
								  GFP_KERNEL | __GFP_NOWARN,
								  numa_node_id(), NULL);
			r->pool_contig[l] = true;
		} else {
			return pab_fail(ctx, -EOPNOTSUPP, "a %lu KiB block to back level %u needs alloc_contig_pages_noprof and free_contig_range: %s",
					(PAGE_SIZE << order) >> 10, l,
					pab_sym_missing(&pab_sym.contig_alloc,
							pab_sym_missing(&pab_sym.free_contig_range,
									"not found in kallsyms")));
		}
		if (!r->pool[l])
			return pab_fail(ctx, -ENOMEM, "cannot allocate a physically contiguous %lu KiB block to back level %u (more guest memory?)",
					(PAGE_SIZE << order) >> 10, l);
	}
	return 0;
}

/*
 * The prototype the mapping functions are called with, checked against the
 * kernel's headers: vmap_pages_range() where linux/vmalloc.h declares it,
 * else the twin KMSAN keeps of vmap_pages_range_noflush()'s argument list
 * (mm/internal.h, not installed; both gained gfp_mask in the same change).
 */
#if PAB_HAVE_VMAP_NOFLUSH5
static_assert(__builtin_types_compatible_p(typeof(&kmsan_vmap_pages_range_noflush),
					   pab_vmap_pages_fn));
#else
static_assert(__builtin_types_compatible_p(typeof(&vmap_pages_range), pab_vmap_pages_fn));
#endif

static int pab_map_mixed(struct pab_ctx *ctx, struct pab_region *r, const struct pab_plan *p)
{
	pab_vmap_pages_fn vmap = pab_sym.vmap_pages_range ?: pab_sym.vmap_pages_range_noflush;
	struct page **pages;
	struct pab_mix_iter it;
	unsigned long addr = r->start;
	int ret = 0;

	pages = kmalloc_array(PAB_VMAP_CHUNK_PAGES, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return pab_fail(ctx, -ENOMEM, "out of memory for the page array");
	pab_mix_iter_init(&it, p);
	for (u64 u = 0; u < p->nunits && !ret; u++) {
		unsigned int l = pab_mix_next(&it);
		unsigned int shift = pab_level_shift(l);
		unsigned long end = addr + p->unit;
		/*
		 * PTE-level units go in chunks whose every page entry points at the
		 * pool block (vmap reads one entry per mapping of 1 << shift);
		 * blocks go one per call, reading entry 0.
		 */
		unsigned long step = shift >= PMD_SHIFT ? 1UL << shift :
				     PAB_VMAP_CHUNK_PAGES * PAGE_SIZE;

		for (unsigned int i = 0; i < PAB_VMAP_CHUNK_PAGES; i++)
			pages[i] = r->pool[l];
		for (; addr < end && !ret; addr += min(step, end - addr)) {
			ret = vmap(addr, addr + min(step, end - addr), PAGE_KERNEL, pages, shift);
			if (ret)
				pab_fail(ctx, ret, "vmap_pages_range at +%#lx (level %u) failed: %d",
					 addr - r->start, l, ret);
		}
		if (fatal_signal_pending(current) && !ret)
			ret = pab_fail(ctx, -EINTR, "interrupted while mapping the region");
		cond_resched();
	}
	kfree(pages);
	return ret;
}

static int pab_region_mixed(struct pab_ctx *ctx, struct pab_region *r,
			    struct pab_region_create *req)
{
	struct pab_plan plan;
	u64 cap = (u64)pt_cap_mb << 20, avail = (u64)si_mem_available() << PAGE_SHIFT;
	int ret;

	if (!(pab_sym.vmap_pages_range || pab_sym.vmap_pages_range_noflush) ||
	    !pab_sym.get_vm_area_caller)
		return pab_fail(ctx, -EOPNOTSUPP, "mixed regions need vmap_pages_range and __get_vm_area_caller: %s",
				pab_sym_missing(&pab_sym.vmap_pages_range,
						pab_sym_missing(&pab_sym.get_vm_area_caller,
								"not found in kallsyms")));
	if (req->bytes > PAB_MIXED_MAX_BYTES)
		return pab_fail(ctx, -E2BIG, "region of %llu bytes exceeds the %llu-byte limit",
				req->bytes, PAB_MIXED_MAX_BYTES);
	ret = pab_plan_make(ctx, req, &plan);
	if (ret)
		return ret;
	if (plan.pt_bytes > cap)
		return pab_fail(ctx, -E2BIG, "its page tables would take about %llu MiB, over the pt_cap_mb limit of %u MiB",
				plan.pt_bytes >> 20, pt_cap_mb);
	if (plan.pt_bytes > avail / 2)
		return pab_fail(ctx, -ENOMEM, "its page tables would take about %llu MiB, over half the %llu MiB available",
				plan.pt_bytes >> 20, avail >> 20);

	ret = pab_pool_alloc(ctx, r, &plan);
	if (ret)
		goto out_pool;
	/* Over-reserve by one unit so the start can be aligned to it. */
	r->area = pab_sym.get_vm_area_caller(req->bytes + plan.unit, VM_MAP, VMALLOC_START,
					     VMALLOC_END, __builtin_return_address(0));
	if (!r->area) {
		ret = pab_fail(ctx, -ENOMEM, "no %llu bytes of vmalloc address space left",
			       req->bytes + plan.unit);
		goto out_pool;
	}
	r->start = ALIGN((unsigned long)r->area->addr, plan.unit);
	ret = pab_map_mixed(ctx, r, &plan);
	if (ret)
		goto out_area;
	req->unit_bytes = plan.unit;
	pab_levels_out(req->requested, plan.requested);
	req->pt_bytes = plan.pt_bytes;
	return 0;

out_area:
	free_vm_area(r->area);
	vm_unmap_aliases();
	r->area = NULL;
out_pool:
	pab_pool_free(r);
	return ret;
}

int pab_region_create(struct pab_ctx *ctx, struct pab_region_create *req)
{
	struct pab_region *r;
	struct pab_scan scan;
	int ret = 0;

	if (req->kind < PAB_REGION_VMALLOC || req->kind > PAB_REGION_MIXED)
		return pab_fail(ctx, -EINVAL, "unknown region kind %u (%s)", req->kind,
				PAB_REGION_KINDS(PAB_REGION_HINT) + 2);
	if (!req->bytes || !PAGE_ALIGNED(req->bytes))
		return pab_fail(ctx, -EINVAL, "region size %llu is not a non-zero multiple of the page size (%lu)",
				req->bytes, PAGE_SIZE);
	if (req->kind != PAB_REGION_MIXED && req->bytes > PAB_VMALLOC_MAX_BYTES)
		return pab_fail(ctx, -E2BIG, "vmalloc region of %llu bytes exceeds the %llu-byte limit (use a mixed region: it aliases physical memory)",
				req->bytes, PAB_VMALLOC_MAX_BYTES);

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return pab_fail(ctx, -ENOMEM, "out of memory for the region descriptor");
	r->kind = req->kind;
	r->bytes = req->bytes;
	switch (req->kind) {
	case PAB_REGION_VMALLOC:
	case PAB_REGION_VMALLOC_HUGE:
		r->vaddr = req->kind == PAB_REGION_VMALLOC ? vmalloc(req->bytes) :
				vmalloc_huge(req->bytes, GFP_KERNEL);
		if (!r->vaddr)
			ret = pab_fail(ctx, -ENOMEM, "vmalloc of %llu bytes failed", req->bytes);
		r->start = (unsigned long)r->vaddr;
		req->unit_bytes = PAGE_SIZE;
		break;
	case PAB_REGION_MIXED:
		ret = pab_region_mixed(ctx, r, req);
		break;
	}
	if (ret) {
		kfree(r);
		return ret;
	}
	r->id = ++ctx->next_id;

	/* Report what the kernel really mapped, never what we asked for. */
	pab_scan_range(r->start, r->start + r->bytes, 0, 0, &scan);
	memcpy(r->leaves, scan.leaves, sizeof(r->leaves));
	pab_levels_out(req->leaves, scan.leaves);
	req->pte_tables = scan.pte_tables;
	if (req->kind != PAB_REGION_MIXED)
		pab_levels_out(req->requested, scan.leaves);
	req->id = r->id;
	list_add_tail(&r->node, &ctx->regions);
	return 0;
}

/*
 * Put the region back to read-write before freeing it, whatever left it RO.
 * If set_memory_rw() cannot undo a set_memory_ro() (arm64 rodata_full also
 * made the pages' linear alias read-only), the pages must never return to the
 * allocator: their next user would fault writing them. They are kept (a leak,
 * said in dmesg) rather than freed.
 */
static void pab_region_free(struct pab_region *r)
{
	int ret = r->touched ? pab_restore(r) : 0;
	bool keep = ret && r->set_memory_used;

	list_del(&r->node);
	if (keep)
		pr_warn("region %u: set_memory_rw() failed (%d) after set_memory_ro(): its %llu bytes of pages may keep a read-only linear alias, so they are kept, not freed\n",
			r->id, ret, r->bytes);
	if (r->area) {
		free_vm_area(r->area);
		/* Flush the lazily-freed alias before its physical blocks go back. */
		vm_unmap_aliases();
		if (!keep)
			pab_pool_free(r);
	} else if (!keep) {
		vfree(r->vaddr);
	}
	kfree(r);
}

int pab_region_destroy(struct pab_ctx *ctx, u32 id)
{
	struct pab_region *r = pab_region_find(ctx, id);

	if (!r)
		return pab_fail(ctx, -ENOENT, "no region with id %u on this file descriptor", id);
	pab_region_free(r);
	return 0;
}

void pab_regions_free_all(struct pab_ctx *ctx)
{
	struct pab_region *r, *tmp;

	list_for_each_entry_safe(r, tmp, &ctx->regions, node)
		pab_region_free(r);
}
