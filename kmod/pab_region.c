// SPDX-License-Identifier: GPL-2.0
/*
 * Regions: kernel virtual ranges whose permissions the methods change.
 * Each belongs to the file descriptor that created it and is restored to
 * read-write and freed on destroy, on close and on unload.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "pab.h"

/* Above this a plain vmalloc() region would eat a small guest's memory. */
#define PAB_VMALLOC_MAX_BYTES	(1ULL << 30)

struct pab_region *pab_region_find(struct pab_ctx *ctx, u32 id)
{
	struct pab_region *r;

	list_for_each_entry(r, &ctx->regions, node)
		if (r->id == id)
			return r;
	return NULL;
}

int pab_region_create(struct pab_ctx *ctx, struct pab_region_create *req)
{
	struct pab_region *r;
	struct pab_scan scan;

	if (req->kind != PAB_REGION_VMALLOC)
		return pab_fail(ctx, -EINVAL, "unknown region kind %u", req->kind);
	if (!req->bytes || !PAGE_ALIGNED(req->bytes))
		return pab_fail(ctx, -EINVAL, "region size %llu is not a non-zero multiple of the page size (%lu)",
				req->bytes, PAGE_SIZE);
	if (req->bytes > PAB_VMALLOC_MAX_BYTES)
		return pab_fail(ctx, -E2BIG, "vmalloc region of %llu bytes exceeds the %llu-byte limit",
				req->bytes, PAB_VMALLOC_MAX_BYTES);

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return pab_fail(ctx, -ENOMEM, "out of memory for the region descriptor");
	r->vaddr = vmalloc(req->bytes);
	if (!r->vaddr) {
		kfree(r);
		return pab_fail(ctx, -ENOMEM, "vmalloc(%llu) failed", req->bytes);
	}
	r->kind = req->kind;
	r->bytes = req->bytes;
	r->start = (unsigned long)r->vaddr;
	r->id = ++ctx->next_id;

	/* Report what the kernel really mapped, never what we asked for. */
	pab_scan_range(r->start, r->start + r->bytes, 0, &scan);
	memcpy(r->leaves, scan.leaves, sizeof(r->leaves));
	memcpy(req->leaves, scan.leaves, sizeof(req->leaves));
	req->id = r->id;
	list_add_tail(&r->node, &ctx->regions);
	return 0;
}

/* Put the region back to read-write before vfree(), whatever left it RO. */
static void pab_region_free(struct pab_region *r)
{
	struct pab_change restore = {
		.method = PAB_METHOD_APPLY,
		.prot = PAB_PROT_RW,
		.lazy = PAB_LAZY_NATIVE,
		.flags = PAB_CHANGE_FLUSH_TLB,
	};

	if (r->touched)
		pab_change(NULL, r, &restore);
	list_del(&r->node);
	vfree(r->vaddr);
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
