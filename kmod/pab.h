/* SPDX-License-Identifier: GPL-2.0 */
/* pageattr-bench: declarations shared by the module's files. */
#ifndef PAB_H
#define PAB_H

#include <linux/build_bug.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock_types.h>
#include <linux/string.h>
#include <linux/types.h>
#include "pab_compat.h"
#include "pageattr_bench_uapi.h"

#define PAB_ERRMSG_LEN	160

struct perf_event;

/* The UAPI's arrays have room for more levels and events than exist today. */
static_assert(PAB_LVL_NR <= PAB_LVL_SLOTS);
static_assert(PAB_MAX_EVENTS <= PAB_EVENT_SLOTS);

/* An out-array of the UAPI: today's levels copied, the reserved slots zero. */
static inline void pab_levels_out(u64 dst[PAB_LVL_SLOTS], const u64 src[PAB_LVL_NR])
{
	memcpy(dst, src, PAB_LVL_NR * sizeof(u64));
	memset(dst + PAB_LVL_NR, 0, (PAB_LVL_SLOTS - PAB_LVL_NR) * sizeof(u64));
}

/* Per open file: its regions and the reason for its last failure. */
struct pab_ctx {
	struct mutex lock;
	struct list_head regions;
	u32 next_id;
	int last_err;
	char last_msg[PAB_ERRMSG_LEN];
};

/* --- pab_error.c --- */
/* Record a one-line reason for userspace (PAB_IOC_LAST_ERROR), return err. */
__printf(3, 4) int pab_fail(struct pab_ctx *ctx, int err, const char *fmt, ...);
/*
 * "a, b or c": the names[i] of a vocabulary whose flags[i] carry none of the
 * bits in skip, for messages that list the accepted words. Returns buf.
 */
const char *pab_choices(char *buf, size_t len, const char *const *names,
			const unsigned int *flags, unsigned int n, unsigned int skip);

/* --- pab_syms.c: kernel internals resolved by name (through kprobes) --- */
/* vmap_pages_range(), and before 6.13 vmap_pages_range_noflush() (pab_compat.h). */
typedef int (*pab_vmap_pages_fn)(unsigned long addr, unsigned long end, pgprot_t prot,
				 struct page **pages, unsigned int page_shift);
struct pab_kernel_syms {
	struct mm_struct *init_mm;
	pab_walk_kernel_fn walk_kernel;
	pab_walk_kernel_fn walk_kernel_lockless;
	pab_walk_novma_fn walk_novma;
	int (*set_memory_ro)(unsigned long addr, int numpages);
	int (*set_memory_rw)(unsigned long addr, int numpages);
	int (*set_memory_nx)(unsigned long addr, int numpages);
	int (*set_memory_x)(unsigned long addr, int numpages);
	struct vm_struct *(*find_vm_area)(const void *addr);
	int (*split_kernel_leaf_mapping)(unsigned long start, unsigned long end);
	int (*perf_event_read_local)(struct perf_event *event, u64 *value, u64 *enabled,
				     u64 *running);
	void (*flush_tlb_kernel_range)(unsigned long start, unsigned long end);
	pab_vmap_pages_fn vmap_pages_range;
	pab_vmap_pages_fn vmap_pages_range_noflush;	/* PAB_HAVE_VMAP_NOFLUSH5 only */
	struct vm_struct *(*get_vm_area_caller)(unsigned long size, unsigned long flags,
						unsigned long start, unsigned long end,
						const void *caller);
	struct page *(*contig_alloc)(unsigned long nr_pages, gfp_t gfp, int nid,
					   nodemask_t *nodemask);
	void (*free_contig_range)(unsigned long pfn, unsigned long nr_pages);
	bool *rodata_full;				/* arm64: read, never called */
	int (*set_direct_map_invalid_noflush)(struct page *page);
	int (*set_direct_map_default_noflush)(struct page *page);
};
extern struct pab_kernel_syms pab_sym;

int pab_syms_resolve(void);
unsigned int pab_syms_count(void);
int pab_syms_describe(unsigned int index, struct pab_symbol *out);
const char *pab_walker_symbol(void);
/* Why the symbol behind slot (&pab_sym.X) is unusable if it lacked a landing pad, else otherwise. */
const char *pab_sym_missing(const void *slot, const char *otherwise);

/* --- pab_mix.c: how a mixed region is cut into units and levels --- */
/* Bytes one leaf of a level maps here, or 0 if this kernel cannot map it in vmalloc space. */
u64 pab_level_size(unsigned int level, const char **why_not);
unsigned int pab_level_shift(unsigned int level);

struct pab_plan {
	u64 bytes;
	u64 unit;			/* bytes per unit: the largest block in the mix */
	u64 nunits;
	u64 units[PAB_LVL_NR];		/* units per level */
	u64 requested[PAB_LVL_NR];	/* leaves per level */
	u64 pt_bytes;			/* page-table memory estimate */
	u32 layout;
	u32 pattern_len;
	u8 pattern[PAB_PATTERN_MAX];
};
int pab_plan_make(struct pab_ctx *ctx, const struct pab_region_create *req, struct pab_plan *plan);

/* Yields the level of each unit in order; exact counts for every layout. */
struct pab_mix_iter {
	const struct pab_plan *plan;
	u64 next;
	s64 credit[PAB_LVL_NR];
};
void pab_mix_iter_init(struct pab_mix_iter *it, const struct pab_plan *plan);
unsigned int pab_mix_next(struct pab_mix_iter *it);

/* --- pab_region.c: the memory whose permissions get changed --- */
struct pab_region {
	struct list_head node;
	u32 id;
	u32 kind;
	bool touched;			/* a change ran: restore before freeing */
	bool set_memory_used;		/* set_memory_*() ran: restore with set_memory_rw() */
	bool exec_toggled;		/* execute permission changed: restore not-executable too */
	bool sw_toggled;		/* pab_sw_bit() set by a concurrent thread: restore clears it */
	unsigned long start;
	u64 bytes;
	void *vaddr;			/* VMALLOC, VMALLOC_HUGE */
	struct vm_struct *area;		/* MIXED */
	struct page *pool[PAB_LVL_NR];	/* MIXED: the physical block each level aliases */
	bool pool_contig[PAB_LVL_NR];	/* allocated by alloc_contig_pages() */
	u64 leaves[PAB_LVL_NR];		/* read back after mapping */
};

int pab_region_create(struct pab_ctx *ctx, struct pab_region_create *req);
int pab_region_destroy(struct pab_ctx *ctx, u32 id);
struct pab_region *pab_region_find(struct pab_ctx *ctx, u32 id);
void pab_regions_free_all(struct pab_ctx *ctx);

/* --- pab_methods.c: the update paths under test --- */
struct pab_call {
	unsigned int method;
	unsigned int lazy;		/* enum pab_lazy_mode */
	u32 batch;			/* PAB_LAZY_BATCH: leaves per lazy section */
	u32 in_batch;
	bool tlb_included;
	bool tlb_separate;		/* pab_call_verified(): flush after, timed on its own */
	bool irqs_off;
	bool mark;			/* a timed call: between markers when count_markers is set */
	u64 set;
	u64 clear;
	struct mutex *serialise;	/* pab_call_verified(): held around the call only */
	spinlock_t *serialise_spin;	/* the same as a spinlock (methods that do not sleep) */
	u64 leaves[PAB_LVL_NR];		/* out: leaves the callbacks changed */
	u64 ns;				/* out */
	u64 cycles;			/* out: arch counter ticks */
	u64 tlb_ns;			/* out, with tlb_separate */
	u64 lock_wait_ns;		/* out, with serialise */
	struct pab_pmu *pmu;		/* optional: PMU counts per call */
	u64 counts[PAB_MAX_EVENTS];	/* out, with pmu */
	u64 irqs;			/* out: interrupts + context switches in the window */
	bool expect;			/* pab_call_verified(): the digest must be expect_digest */
	u64 expect_digest;
	u64 digest;			/* out, when verified: of the range after the call */
};

/*
 * One update path, in the style of fio's ioengine_ops: pab_methods.c holds
 * one block per method and a table indexed by enum pab_method, whose names
 * and flags (PAB_MF_*) come from PAB_METHODS in the UAPI header.
 */
struct pab_method_ops {
	const char *name;
	unsigned int flags;		/* PAB_MF_* */
	/* Optional (NULL: always there); *reason says what this kernel lacks. */
	bool (*available)(const char **reason);
	/* Optional: the method's own refusals, after the common range checks. */
	int (*check)(struct pab_ctx *ctx, struct pab_region *r, u64 offset, u64 length);
	/* Optional: untimed, around the timed section (e.g. a lock the path needs held). */
	void (*prepare)(struct pab_call *c);
	void (*finish)(struct pab_call *c);
	/* The update of [start, end); never called for PAB_MF_BASELINE methods. */
	int (*call)(struct pab_call *c, unsigned long start, unsigned long end);
	/* Optional: a failed run's reason in the method's own words (else a generic one). */
	int (*explain)(struct pab_ctx *ctx, const struct pab_region *r, const struct pab_call *c,
		       int err);
};
/* The ops of a method; NULL if the number is not one. */
const struct pab_method_ops *pab_method(unsigned int method);
bool pab_method_available(unsigned int method, const char **name, const char **reason);
bool pab_method_may_sleep(unsigned int method);
/* arm64 only: execute permission may be toggled on writable memory; else why not. */
bool pab_exec_toggle_ok(const char **reason);
unsigned int pab_lazy_flags(unsigned int lazy);	/* PAB_ZF_* */

/* The request fields run, concurrent and change share, validated by pab_request_check(). */
struct pab_request {
	const char *what;		/* "run", "concurrent", "change": for messages */
	u32 method;
	u32 lazy;
	u32 batch;
	u32 tlb;			/* enum pab_tlb_mode (PAB_TLB_NONE where there is none) */
	u32 flags;
	u32 known_flags;		/* the flags this ioctl takes */
	u32 iterations, warmup;		/* checked when has_counts */
	bool has_batch;			/* the ioctl has a batch field: lazy batch allowed */
	bool has_counts;
	bool irqs_off;			/* refused with a method that sleeps */
};
int pab_request_check(struct pab_ctx *ctx, const struct pab_request *q);

/* One timed call over [start, end). */
int pab_call(struct pab_call *c, unsigned long start, unsigned long end);
/* What the verified calls of a run or a thread found. */
struct pab_tally {
	u64 verified_calls;
	u64 mismatched;			/* leaves with the wrong permission */
	u64 level_changes;		/* leaves at another level than before (splits) */
	u64 entry_mismatches;		/* checks whose digest was not c->expect_digest */
};
/*
 * One call of a run or a thread: under c->serialise if set, then the
 * separate TLB flush (c->tlb_separate), then, if verify, [start, end) read
 * back against c's masks and baseline (leaves per level before the run).
 */
int pab_call_verified(struct pab_call *c, unsigned long start, unsigned long end, bool verify,
		      const u64 baseline[PAB_LVL_NR], struct pab_tally *t);
int pab_change(struct pab_ctx *ctx, struct pab_region *r, struct pab_change *req);
/*
 * Can method change [offset, +*length) of r? Checks the method exists here,
 * the range (page aligned, inside r, not cutting a block; *length 0 becomes
 * the rest of r) and the method's own limits (apply: no blocks; set-memory:
 * whole regions). Fills the reason on refusal.
 */
int pab_method_check(struct pab_ctx *ctx, struct pab_region *r, unsigned int method, u64 offset,
		     u64 *length);
/* A method is about to change r: mark it for pab_restore(). */
void pab_method_touch(struct pab_region *r, unsigned int method);
/* Put the whole region back to read-write (as it was changed) and flush the TLB. */
int pab_restore(struct pab_region *r);
void pab_tlb_flush(unsigned long start, unsigned long end);
u64 pab_counter_read(void);
u64 pab_counter_hz(void);

/* --- pab_pmu.c: PMU counters per call --- */
struct pab_pmu {
	unsigned int n;
	struct perf_event *ev[PAB_MAX_EVENTS];	/* NULL where opening failed */
	u64 before[PAB_MAX_EVENTS];
	u64 en0[PAB_MAX_EVENTS], run0[PAB_MAX_EVENTS];
	u64 enabled[PAB_MAX_EVENTS], running[PAB_MAX_EVENTS]; /* summed over calls */
	bool in_window;			/* read with perf_event_read_local(), inside the window */
	int read_err[PAB_MAX_EVENTS];	/* the first failed in-window read, per event */
};
int pab_pmu_open(struct pab_pmu *pmu, struct pab_run *req);
void pab_pmu_close(struct pab_pmu *pmu);
void pab_pmu_start(struct pab_pmu *pmu);
void pab_pmu_delta(struct pab_pmu *pmu, u64 *counts);

/* --- pab_run.c: timed runs --- */
/* One run (single or concurrent) at a time per device: they compete for CPUs and the TLB. */
extern struct mutex pab_run_lock;
int pab_run(struct pab_ctx *ctx, struct pab_region *r, struct pab_run *req);
/* Check the whole of r is read-write (and its linear alias, for vmalloc regions). */
int pab_check_restored(struct pab_ctx *ctx, struct pab_region *r);

/* --- pab_concurrent.c: several kernel threads changing permissions at once --- */
int pab_concurrent(struct pab_ctx *ctx, struct pab_concurrent *req);

/* --- pab_verify.c: reading the page tables back --- */
/* Permission bits as set_memory_ro/rw change them on this arch. */
void pab_prot_masks(u32 prot, u64 *set, u64 *clear);
/* count_markers (pab_methods.c): switch the markers on at load; the run's own marker. */
int pab_markers_init(void);
u32 pab_mark_run(void);

/* The software bit concurrent threads toggle as a second writer (PAB_CONC_BIT_SW). */
u64 pab_sw_bit(void);
u64 pab_prot_bits(void);	/* every bit set_memory_ro/rw touch */
struct pab_scan {
	u64 leaves[PAB_LVL_NR];
	u64 pte_tables;		/* distinct PTE tables the PTE-level leaves are in */
	u64 holes;
	u64 mismatched;
	u64 first_bad_offset;
	u64 digest;
};
/* Count leaves; those lacking want_set bits or carrying want_clear bits mismatch. */
void pab_scan_range(unsigned long start, unsigned long end, u64 want_set, u64 want_clear,
		    struct pab_scan *out);
/* Digests [start, end) must have after one call with masks a ({set, clear}), then one with b; leaves now. */
void pab_scan_expect(unsigned long start, unsigned long end, const u64 a[2], const u64 b[2],
		     u64 *after_a, u64 *after_b, u64 leaves[PAB_LVL_NR]);
/* The toggle of a method with its own masks (PAB_MF_KERNEL): exec or rw. */
static inline u32 pab_own_toggle(unsigned int flags)
{
	return flags & PAB_MF_EXEC ? PAB_TOGGLE_EXEC : PAB_TOGGLE_RW;
}
/* The protections of a run's odd and even calls (enum pab_prot) by enum pab_toggle. */
void pab_toggle_prots(u32 toggle, u32 *first, u32 *second);
/* Leaves found at another level: sum over levels of |now - before| (splits, merges). */
u64 pab_level_changes(const u64 now[PAB_LVL_NR], const u64 before[PAB_LVL_NR]);
/* vmalloc regions: backing pages whose linear-map alias is not read-write. */
u64 pab_scan_linear_alias(unsigned long start, unsigned long end);
/* Level and size of the leaf mapping addr: -1 for a hole. */
int pab_leaf_level(unsigned long addr, unsigned long *size);
/*
 * The same, with span the bytes to the next thing worth looking at: the
 * leaf's size, or for a hole the size of the empty table entry above it.
 */
int pab_leaf_span(unsigned long addr, unsigned long *span);
/* The leaf at addr with its raw value (0 for a hole), and the frame a leaf value maps. */
int pab_leaf_val(unsigned long addr, unsigned long *size, u64 *val);
unsigned long pab_leaf_pfn(u64 val, int level);
/* An entry's valid bit, and the permission bits no caller of the split race changes. */
#ifdef CONFIG_ARM64
#define PAB_PTE_VALID		PTE_VALID
#define PAB_PTE_PERM_BITS	(PTE_RDONLY | PTE_WRITE | PTE_PXN | PTE_UXN)
#else
#define PAB_PTE_VALID		_PAGE_PRESENT
#define PAB_PTE_PERM_BITS	(_PAGE_RW | _PAGE_NX)
#endif

/* --- pab_describe.c: what a method executes on this kernel, in words --- */
void pab_method_here(unsigned int method, char *buf, size_t len);

/* --- pab_splitrace.c: the split race (PAB_IOC_SPLIT_RACE) --- */
int pab_split_race(struct pab_ctx *ctx, struct pab_split_race *req);

/* --- pab_state.c: the machine state the kernel's paths depend on --- */
u32 pab_rodata_full(void);			/* enum pab_state */
u32 pab_bbml(const char **name);		/* enum pab_state, the capability's name */
/* Bytes of a contiguous-hint group (arm64 cont-PTE, cont-PMD), else leaf_size. */
unsigned long pab_group_size(int level, unsigned long leaf_size);
/* Refuse (-EOPNOTSUPP, the reason recorded) a range with contiguous groups on a CPU without BBML2. */
int pab_cont_inplace_check(struct pab_ctx *ctx, unsigned long start, unsigned long end);
void pab_linear_map_scan(struct pab_linear_map *out);
/* Linear-map leaf levels behind a vmalloc range's pages, to count splits (pab_run.c). */
struct pab_alias_levels {
	unsigned long start;
	unsigned long npages;
	u8 *level;			/* per page; NULL: not counted */
	unsigned long *bases;		/* room for the split leaves' bases */
};
void pab_alias_levels_take(struct pab_alias_levels *al, unsigned long start, unsigned long end);
/* Leaves split since the last take/count; the levels become today's. */
u64 pab_alias_splits(struct pab_alias_levels *al);
void pab_alias_levels_free(struct pab_alias_levels *al);

#endif /* PAB_H */
