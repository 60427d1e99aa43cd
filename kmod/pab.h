/* SPDX-License-Identifier: GPL-2.0 */
/* pageattr-bench: declarations shared by the module's files. */
#ifndef PAB_H
#define PAB_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include "pab_compat.h"
#include "pageattr_bench_uapi.h"

#define PAB_ERRMSG_LEN	160

/* Per open file: its regions and the reason for its last failure. */
struct pab_ctx {
	struct mutex lock;
	struct list_head regions;
	u32 next_id;
	int last_err;
	char last_msg[PAB_ERRMSG_LEN];
};

/* Record a one-line reason for userspace (PAB_IOC_LAST_ERROR), return err. */
__printf(3, 4) int pab_fail(struct pab_ctx *ctx, int err, const char *fmt, ...);

/* --- pab_syms.c: kernel internals resolved through kallsyms --- */
struct pab_kernel_syms {
	struct mm_struct *init_mm;
	pab_walk_kernel_fn walk_kernel;
	pab_walk_kernel_fn walk_kernel_lockless;
	pab_walk_novma_fn walk_novma;
	int (*set_memory_ro)(unsigned long addr, int numpages);
	int (*set_memory_rw)(unsigned long addr, int numpages);
	void (*flush_tlb_kernel_range)(unsigned long start, unsigned long end);
};
extern struct pab_kernel_syms pab_sym;

int pab_syms_resolve(void);
unsigned int pab_syms_count(void);
int pab_syms_describe(unsigned int index, struct pab_symbol *out);
const char *pab_walker_symbol(void);

/* --- pab_region.c: the memory whose permissions get changed --- */
struct pab_region {
	struct list_head node;
	u32 id;
	u32 kind;
	bool touched;			/* a change ran: restore before freeing */
	unsigned long start;
	u64 bytes;
	void *vaddr;
	u64 leaves[PAB_LVL_NR];		/* read back after mapping */
};

int pab_region_create(struct pab_ctx *ctx, struct pab_region_create *req);
int pab_region_destroy(struct pab_ctx *ctx, u32 id);
struct pab_region *pab_region_find(struct pab_ctx *ctx, u32 id);
void pab_regions_free_all(struct pab_ctx *ctx);

/* --- pab_methods.c: the update paths under test --- */
bool pab_method_available(unsigned int method, const char **name, const char **reason);
int pab_change(struct pab_ctx *ctx, struct pab_region *r, struct pab_change *req);
void pab_tlb_flush(unsigned long start, unsigned long end);

/* --- pab_verify.c: reading the page tables back --- */
/* Permission bits as set_memory_ro/rw change them on this arch. */
void pab_prot_masks(u32 prot, u64 *set, u64 *clear);
struct pab_scan {
	u64 leaves[PAB_LVL_NR];
	u64 holes;
	u64 mismatched;
	u64 first_bad_offset;
};
/* prot 0: only count leaves. */
void pab_scan_range(unsigned long start, unsigned long end, u32 prot, struct pab_scan *out);

#endif /* PAB_H */
