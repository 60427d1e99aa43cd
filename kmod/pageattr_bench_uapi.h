/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pageattr-bench: the one contract between the kernel module and userspace.
 *
 * Every ioctl argument starts with "__u32 size", the caller's sizeof() of the
 * struct. The module accepts any size >= the first (v1) layout, copies
 * min(size, its own), and rejects non-zero bytes it does not understand
 * (-E2BIG), in the style of clone3()/openat2(). New fields are only ever
 * appended, so old binaries keep working against new modules and vice versa.
 *
 * On failure an ioctl returns -1 with errno set; PAB_IOC_LAST_ERROR then gives
 * the one-line reason the module recorded for that file descriptor.
 */
#ifndef PAGEATTR_BENCH_UAPI_H
#define PAGEATTR_BENCH_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define PAB_DEVICE_NAME		"pageattr_bench"
#define PAB_DEVICE_PATH		"/dev/" PAB_DEVICE_NAME
#define PAB_UAPI_VERSION	1
#define PAB_IOC_MAGIC		0xB7

/* Update paths ("methods"); bit N of pab_info.methods says method N exists. */
enum pab_method {
	PAB_METHOD_NULL		 = 0, /* empty range: harness overhead only */
	PAB_METHOD_APPLY	 = 1, /* apply_to_page_range(), per-PTE callback */
	PAB_METHOD_WALK		 = 2, /* walk_kernel_page_table_range() + lock */
	PAB_METHOD_WALK_LOCKLESS = 3, /* walk_kernel_page_table_range_lockless() */
	PAB_METHOD_SET_MEMORY	 = 4, /* the kernel's set_memory_ro()/rw() */
	PAB_METHOD_NR
};

/* Which lazy MMU API the running kernel has (pab_info.lazy_api). */
enum pab_lazy_api {
	PAB_LAZY_API_NONE    = 0, /* arch has no lazy MMU mode: barriers per entry */
	PAB_LAZY_API_ARCH    = 1, /* arch_enter/leave_lazy_mmu_mode() (<= 6.19) */
	PAB_LAZY_API_GENERIC = 2, /* lazy_mmu_mode_enable/disable/pause() (7.0+) */
};

/* Which kernel page-table walker the module resolved (pab_info.walker_api). */
enum pab_walker_api {
	PAB_WALKER_NONE	  = 0,
	PAB_WALKER_NOVMA  = 1, /* walk_page_range_novma(mm, ..., pgd, private) */
	PAB_WALKER_KERNEL = 2, /* walk_kernel_page_table_range(start, ..., pgd, private) */
};

enum pab_arch {
	PAB_ARCH_UNKNOWN = 0,
	PAB_ARCH_ARM64	 = 1,
	PAB_ARCH_X86_64	 = 2,
};

/* pab_info.caps */
#define PAB_CAP_LAZY_PAUSE	(1ULL << 0) /* lazy MMU can be paused: "off" is truly unbatched */
#define PAB_CAP_CONT_PTE	(1ULL << 1) /* arm64 contiguous-PTE hint exists */
#define PAB_CAP_CONT_PMD	(1ULL << 2)
#define PAB_CAP_PMD_BLOCK	(1ULL << 3) /* vmalloc space can hold PMD blocks */
#define PAB_CAP_PUD_BLOCK	(1ULL << 4)
#define PAB_CAP_COUNTER		(1ULL << 5) /* arch counter (cntvct_el0 / TSC) readable */

struct pab_info {
	__u32 size;
	__u32 uapi_version;
	char  module_version[16];
	char  release[65];	/* uname -r */
	char  machine[65];	/* uname -m */
	__u16 pad0;
	__u32 arch;		/* enum pab_arch */
	__u32 page_shift;
	__u32 pmd_shift;
	__u32 pud_shift;
	__u32 cont_pte_shift;	/* 0 if the arch has none */
	__u32 cont_pmd_shift;
	__u32 lazy_api;		/* enum pab_lazy_api */
	__u32 walker_api;	/* enum pab_walker_api */
	__u32 nr_symbols;	/* entries readable with PAB_IOC_SYMBOL */
	__u32 nr_cpus_online;
	__u32 pad1;
	__u64 methods;		/* bit (1 << enum pab_method) per usable method */
	__u64 caps;		/* PAB_CAP_* */
	__u64 cpu_id;		/* arm64 MIDR_EL1; x86 family<<16|model<<8|stepping */
	__u64 counter_hz;	/* arch counter frequency, 0 if unknown */
	char  walker_symbol[48];/* the symbol behind PAB_METHOD_WALK */
};

/* pab_symbol.flags */
#define PAB_SYM_REQUIRED	(1U << 0)
#define PAB_SYM_RESOLVED	(1U << 1)

/* One row of the module's kernel-symbol table (kallsyms, found via kprobe). */
struct pab_symbol {
	__u32 size;
	__u32 index;		/* in: 0 .. nr_symbols-1 */
	__u32 flags;		/* out: PAB_SYM_* */
	__u32 pad;
	char  name[64];		/* out */
	char  use[64];		/* out: what the module needs it for */
};

/* Per-method availability with the reason when a method is missing. */
struct pab_method_info {
	__u32 size;
	__u32 method;		/* in: enum pab_method */
	__u32 available;	/* out: 0 or 1 */
	__u32 pad;
	char  name[24];		/* out: "apply", "walk", ... as the CLI spells it */
	char  reason[96];	/* out: why unavailable (empty if available) */
};

struct pab_error {
	__u32 size;
	__s32 error;		/* negative errno of the last failed ioctl on this fd */
	char  msg[160];		/* one line, no newline */
};

/* Leaf entries per level, as read back from the page tables. */
enum pab_level {
	PAB_LVL_PTE	 = 0,	/* PAGE_SIZE PTE without the contiguous hint */
	PAB_LVL_CONT_PTE = 1,	/* PTE carrying the contiguous hint (arm64) */
	PAB_LVL_PMD	 = 2,	/* PMD block */
	PAB_LVL_CONT_PMD = 3,	/* PMD block carrying the contiguous hint (arm64) */
	PAB_LVL_PUD	 = 4,	/* PUD block */
	PAB_LVL_NR	 = 5
};

enum pab_region_kind {
	PAB_REGION_VMALLOC	= 1, /* vmalloc(): PAGE_SIZE PTEs (what set_memory_* accepts) */
	PAB_REGION_VMALLOC_HUGE	= 2, /* vmalloc_huge(): whatever the kernel chooses */
	PAB_REGION_MIXED	= 3, /* built by the module: the mix below */
};

/* How a mixed region's units are ordered. */
enum pab_layout {
	PAB_LAYOUT_RUNS		= 0, /* all units of one level, then the next (pte first) */
	PAB_LAYOUT_INTERLEAVE	= 1, /* spread evenly (smooth weighted round robin) */
	PAB_LAYOUT_PATTERN	= 2, /* pattern[0..pattern_len) repeated */
};

#define PAB_PPM			1000000U
#define PAB_PATTERN_MAX		32

/*
 * A mixed region is cut into equal units, each the size of the largest block
 * in the mix, and each unit is mapped entirely at one level. Physical backing
 * aliases one block per level (the same physical block at every VA), so VA
 * can far exceed RAM; only page-table memory grows, and it is capped (module
 * parameter pt_cap_mb).
 */
struct pab_region_create {
	__u32 size;
	__u32 kind;		/* in: enum pab_region_kind */
	__u64 bytes;		/* in: region size, a multiple of the unit */
	__u32 mix_ppm[PAB_LVL_NR]; /* in (RUNS, INTERLEAVE): share of units per level, sum PAB_PPM */
	__u32 layout;		/* in: enum pab_layout */
	__u32 pattern_len;	/* in (PATTERN): 1..PAB_PATTERN_MAX */
	__u8  pattern[PAB_PATTERN_MAX]; /* in (PATTERN): enum pab_level per unit */
	__u32 id;		/* out: handle for the other ioctls */
	__u64 unit_bytes;	/* out: the unit (largest block in the mix) */
	__u64 requested[PAB_LVL_NR]; /* out: leaves planned per level */
	__u64 leaves[PAB_LVL_NR]; /* out: leaves the kernel really mapped (read back) */
	__u64 pt_bytes;		/* out: estimated page-table memory for the region */
};

struct pab_region_ref {
	__u32 size;
	__u32 id;
};

/* The permission a change applies; masks mimic set_memory_ro/rw per arch. */
enum pab_prot {
	PAB_PROT_RO = 1,
	PAB_PROT_RW = 2,
};

enum pab_lazy_mode {
	PAB_LAZY_OFF	= 0, /* paused where the kernel can: no batching at all */
	PAB_LAZY_ON	= 1, /* one lazy MMU section around the whole call (the patch) */
	PAB_LAZY_NATIVE = 2, /* untouched: the path batches (or not) by itself */
	PAB_LAZY_BATCH	= 3, /* sections of pab_run.batch leaf entries each */
};

enum pab_tlb_mode {
	PAB_TLB_NONE	 = 0, /* no flush (the run still flushes once at the end) */
	PAB_TLB_INCLUDED = 1, /* flush_tlb_kernel_range() inside the timed section */
	PAB_TLB_SEPARATE = 2, /* flushed after each call, timed on its own */
};

/* pab_change.flags */
#define PAB_CHANGE_FLUSH_TLB	(1U << 0) /* flush_tlb_kernel_range() after, untimed */

/* Apply one permission change to [offset, offset + length) of a region. */
struct pab_change {
	__u32 size;
	__u32 region;		/* in: id */
	__u32 method;		/* in: enum pab_method */
	__u32 prot;		/* in: enum pab_prot */
	__u32 lazy;		/* in: enum pab_lazy_mode */
	__u32 flags;		/* in: PAB_CHANGE_* */
	__u64 offset;		/* in: page aligned */
	__u64 length;		/* in: page aligned; 0 = to the end of the region */
	__u64 ns;		/* out: duration of the update call */
	__u64 leaves[PAB_LVL_NR]; /* out: leaf entries the callbacks changed */
};

/* Read the region's page tables back and check every leaf's permission. */
struct pab_verify {
	__u32 size;
	__u32 region;		/* in */
	__u32 prot;		/* in: expected enum pab_prot */
	__u32 pad;
	__u64 leaves[PAB_LVL_NR]; /* out: leaves found per level */
	__u64 holes;		/* out: unmapped pages inside the region */
	__u64 mismatched;	/* out: leaves whose permission differs */
	__u64 first_bad_offset;	/* out: offset of the first mismatch, or ~0 */
	__u64 digest;		/* out: FNV-1a of every (offset, level, entry): equal digests, equal tables */
};

/*
 * A PMU event as perf_event_open() takes it (userspace encodes names with
 * libpfm4). The module counts it in kernel mode only (exclude_user,
 * exclude_hv), for the calling thread, read right before and after each call.
 */
#define PAB_MAX_EVENTS		8
struct pab_event_attr {
	__u32 type;		/* PERF_TYPE_* */
	__u32 pad;
	__u64 config;
	__u64 config1;
	__u64 config2;
};

/* pab_run.flags */
#define PAB_RUN_IRQS_OFF	(1U << 0) /* IRQs off around each timed call (not walk, set-memory) */
#define PAB_RUN_VERIFY_END	(1U << 1) /* verify after the last call only, not after each */

#define PAB_CPU_ANY		0xffffffffU
#define PAB_MAX_ITERATIONS	10000000U
#define PAB_MAX_WARMUP		1000000U

/*
 * A timed run: warmup + iterations calls of one method over a range of a
 * region, alternating between the two permission states (so every call
 * really changes bits), each call verified by reading the page tables back
 * (outside the timed section), the region restored at the end.
 */
struct pab_run {
	__u32 size;
	__u32 region;		/* in: id */
	__u32 method;		/* in: enum pab_method */
	__u32 lazy;		/* in: enum pab_lazy_mode */
	__u32 batch;		/* in (PAB_LAZY_BATCH): leaf entries per lazy section, >= 1 */
	__u32 tlb;		/* in: enum pab_tlb_mode */
	__u32 flags;		/* in: PAB_RUN_* */
	__u32 cpu;		/* in: CPU to run on, or PAB_CPU_ANY (stay, migration disabled) */
	__u64 offset;		/* in: page aligned */
	__u64 length;		/* in: 0 = to the end of the region */
	__u32 iterations;	/* in: timed calls, 1..PAB_MAX_ITERATIONS */
	__u32 warmup;		/* in: untimed calls first, 0..PAB_MAX_WARMUP */
	__u64 set_mask;		/* in: bits set by even calls, cleared by odd ones (and */
	__u64 clear_mask;	/* vice versa); 0 and 0: this arch's set_memory_ro()/rw() masks */
	__u64 ns_ptr;		/* in: user buffer, __u64[iterations]: ns per call */
	__u64 cycles_ptr;	/* in, optional: __u64[iterations] arch counter ticks */
	__u64 tlb_ns_ptr;	/* in, optional (PAB_TLB_SEPARATE): __u64[iterations] */
	__u32 completed;	/* out: timed calls done (fewer if interrupted) */
	__u32 interrupted;	/* out: 1 if a fatal signal stopped the run */
	__u64 leaves[PAB_LVL_NR]; /* out: leaf entries one call changed, per level */
	__u64 clock_read_ns;	/* out: cost of one clock read (min of back-to-back pairs) */
	__u64 counter_hz;	/* out: arch counter frequency (cntvct_el0 / TSC) */
	__u64 verified_calls;	/* out: calls followed by a full read-back */
	__u64 mismatched;	/* out: leaves with the wrong permission, over all checks */
	__u64 level_changes;	/* out: leaves found at another level than mapped (splits) */
	__u32 run_cpu;		/* out: the CPU the calls ran on */
	__u32 nr_events;	/* in: PMU events to count per call, 0..PAB_MAX_EVENTS */
	struct pab_event_attr events[PAB_MAX_EVENTS]; /* in: perf_event_attr essentials */
	__u64 counts_ptr;	/* in: user buffer __u64[iterations][nr_events] */
	__u64 time_enabled[PAB_MAX_EVENTS]; /* out: per event, summed over calls (ns) */
	__u64 time_running[PAB_MAX_EVENTS]; /*      running < enabled: multiplexed */
	__s32 event_error[PAB_MAX_EVENTS];  /* out: 0, or -errno if it could not be opened */
};

/*
 * Concurrent callers (PAB_IOC_CONCURRENT): does changing permissions need a
 * global lock like x86's cpa_lock? nr_threads kernel threads, each bound to
 * a CPU, change their own range at the same time (warmup calls first, then
 * all start together), each call verified by its thread; afterwards every
 * entry of every region involved is checked against what the threads' last
 * calls should have left, then the regions are restored to read-write.
 */
#define PAB_MAX_THREADS		64

enum pab_conc_lock {
	PAB_CONC_LOCK_NONE  = 0, /* callers race freely (arm64's pageattr today) */
	PAB_CONC_LOCK_MUTEX = 1, /* one global mutex around each call, like x86's cpa_lock */
};

/* One thread of a concurrent run: its range in, what it did out. */
struct pab_thread {
	__u32 region;		/* in: id */
	__u32 cpu;		/* in: CPU to bind to, or PAB_CPU_ANY (thread i -> i-th online CPU) */
	__u64 offset;		/* in: page aligned; ranges of different threads must not overlap */
	__u64 length;		/* in: 0 = to the end of the region */
	__u64 calls;		/* out: timed calls completed */
	__u64 ns;		/* out: sum of the timed calls' durations (lock wait excluded) */
	__u64 ns_max;		/* out: slowest timed call */
	__u64 lock_wait_ns;	/* out: time spent waiting for the global mutex */
	__u64 leaves;		/* out: leaf entries one call changed */
	__u64 mismatched;	/* out: own leaves with the wrong permission right after own calls */
	__u64 level_changes;	/* out: own leaves found at another level than mapped */
	__u32 run_cpu;		/* out */
	__s32 error;		/* out: 0, or the failing call's -errno */
};

struct pab_concurrent {
	__u32 size;
	__u32 nr_threads;	/* in: 1..PAB_MAX_THREADS */
	__u64 threads_ptr;	/* in/out: struct pab_thread[nr_threads] */
	__u32 thread_size;	/* in: sizeof(struct pab_thread) the caller knows */
	__u32 method;		/* in: enum pab_method */
	__u32 lazy;		/* in: enum pab_lazy_mode */
	__u32 batch;		/* in (PAB_LAZY_BATCH) */
	__u32 lock;		/* in: enum pab_conc_lock */
	__u32 flags;		/* in: PAB_RUN_VERIFY_END only */
	__u32 iterations;	/* in: timed calls per thread */
	__u32 warmup;		/* in: untimed calls per thread before the common start */
	__u64 wall_ns;		/* out: common start to the last thread's end */
	__u64 calls;		/* out: timed calls, all threads */
	__u64 leaves;		/* out: leaf entries changed by the timed calls, all threads */
	__u64 mismatched;	/* out: sum of the threads' own checks (lost updates) */
	__u64 level_changes;	/* out: sum of the threads' own checks (split or merged blocks) */
	__u64 final_checked;	/* out: leaves checked after all threads ended */
	__u64 final_mismatched;	/* out: of those, with another permission than expected */
	__u64 final_level_changes; /* out: leaf count change per level, whole regions */
	__u32 interrupted;	/* out: 1 if a fatal signal stopped the threads early */
	__u32 pad;
};

#define PAB_IOC_INFO		_IOWR(PAB_IOC_MAGIC, 0x00, struct pab_info)
#define PAB_IOC_SYMBOL		_IOWR(PAB_IOC_MAGIC, 0x01, struct pab_symbol)
#define PAB_IOC_METHOD		_IOWR(PAB_IOC_MAGIC, 0x02, struct pab_method_info)
#define PAB_IOC_LAST_ERROR	_IOWR(PAB_IOC_MAGIC, 0x03, struct pab_error)
#define PAB_IOC_REGION_CREATE	_IOWR(PAB_IOC_MAGIC, 0x10, struct pab_region_create)
#define PAB_IOC_REGION_DESTROY	_IOW(PAB_IOC_MAGIC, 0x11, struct pab_region_ref)
#define PAB_IOC_CHANGE		_IOWR(PAB_IOC_MAGIC, 0x20, struct pab_change)
#define PAB_IOC_VERIFY		_IOWR(PAB_IOC_MAGIC, 0x21, struct pab_verify)
#define PAB_IOC_RUN		_IOWR(PAB_IOC_MAGIC, 0x22, struct pab_run)
#define PAB_IOC_CONCURRENT	_IOWR(PAB_IOC_MAGIC, 0x23, struct pab_concurrent)

#endif /* PAGEATTR_BENCH_UAPI_H */
