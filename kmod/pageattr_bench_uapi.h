/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pageattr-bench: the one contract between the kernel module and userspace.
 *
 * Every ioctl argument starts with "__u32 size", the caller's sizeof() of the
 * struct. The module accepts any size >= the first (v1) layout, copies
 * min(size, its own), and rejects non-zero bytes it does not understand
 * (-E2BIG), in the style of clone3()/openat2(). New fields are only ever
 * appended, so old binaries keep working against new modules and vice versa.
 * Arrays indexed by level or event have fixed room (PAB_LVL_SLOTS,
 * PAB_EVENT_SLOTS) beyond the numbers in use (PAB_LVL_NR, PAB_MAX_EVENTS),
 * so a new level or more events never move the fields after them. Version 2
 * introduced that room (version 1 sized those arrays by the numbers in use).
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
/*
 * 5: pab_region_create.pte_tables. 6: the machine state (pab_info.rodata_full,
 * bbml, PAB_CAP_CONT_INPLACE, PAB_IOC_LINEAR_MAP, pab_run.alias_splits_*),
 * the split race (PAB_IOC_SPLIT_RACE).
 */
#define PAB_UAPI_VERSION	6
#define PAB_IOC_MAGIC		0xB7

/*
 * Instruction-count markers (arm64, module parameter count_markers=1 only):
 * HINT #imm instructions the module executes at the start of each run and
 * around each timed call, for the QEMU plugin (vm/plugin) to count between.
 * The Arm ARM makes every unallocated HINT a NOP, and so does QEMU's
 * translator (handle_hint: "default specified as NOP equivalent"); these
 * immediates are unallocated (allocated ones stop at 0x28, CHKFEAT). Without
 * the parameter the module emits none: a static key leaves one NOP each.
 */
#define PAB_MARK_RUN		0x7a	/* a run starts: the next windows are its calls */
#define PAB_MARK_START		0x7b	/* a timed call's window opens (after the clock read) */
#define PAB_MARK_END		0x7c	/* ... and closes (before the clock read) */
#define PAB_HINT_INSN(imm)	(0xd503201fU | ((unsigned int)(imm) << 5))

/*
 * Vocabularies. Every list of names the module and the tools share is
 * defined once, here, as an X-macro: X(ID, value, "name", flags, "what").
 * The enums below, the module's and the driver's name tables, the parsers'
 * "use a, b or c" messages and the selftest lists are all expanded from these
 * lists, and properties the tools need (does a method walk? may it sleep?)
 * are flags of the entry, never string tests. Adding a method is one line
 * here and one ops block in the module (kmod/pab_methods.c).
 *
 * Values are ABI: append, never renumber. (Each list's enum macro pastes the
 * ID itself: passed on to another macro, an ID like NULL would be expanded.)
 */
/* Method flags (pab_method_flags()). */
#define PAB_MF_BASELINE	(1U << 0) /* changes nothing: the harness's own cost */
#define PAB_MF_WALKER	(1U << 1) /* generic page-table walker: blocks changed whole */
#define PAB_MF_SLEEPS	(1U << 2) /* may sleep (locks): runs preemptible, IRQs on */
#define PAB_MF_BLOCKS	(1U << 3) /* can change PMD/PUD block mappings */
#define PAB_MF_WHOLE	(1U << 4) /* changes whole regions only (set_memory_*) */
#define PAB_MF_KERNEL	(1U << 5) /* the kernel's own entry point (or its prologue): its own masks */
#define PAB_MF_PATH	(1U << 6) /* a whole kernel path: its own lazy MMU and TLB flush */
#define PAB_MF_NO_CHANGE (1U << 7) /* runs kernel code that changes no entry: nothing to verify */
#define PAB_MF_EXEC	(1U << 8) /* with PAB_MF_KERNEL: its masks toggle execute permission */

/* Update paths ("methods"); bit N of pab_info.methods says method N exists. */
#define PAB_METHODS(X)									\
	X(NULL,          0, "null",          PAB_MF_BASELINE | PAB_MF_BLOCKS,		\
	  "nothing: the cost of the harness around the call")				\
	X(APPLY,         1, "apply",         0,						\
	  "apply_to_page_range(), one callback per PTE")				\
	X(WALK,          2, "walk",          PAB_MF_WALKER | PAB_MF_SLEEPS | PAB_MF_BLOCKS, \
	  "walk_kernel_page_table_range() under the init_mm mmap lock")		\
	X(WALK_LOCKLESS, 3, "walk-lockless", PAB_MF_WALKER | PAB_MF_BLOCKS,		\
	  "walk_kernel_page_table_range_lockless()")					\
	X(SET_MEMORY,    4, "set-memory",    PAB_MF_SLEEPS | PAB_MF_WHOLE | PAB_MF_KERNEL | PAB_MF_PATH, \
	  "the kernel's own set_memory_ro()/set_memory_rw()")			\
	X(PAGEATTR_APPLY, 5, "pageattr-apply", PAB_MF_SLEEPS | PAB_MF_PATH,		\
	  "__change_memory_common() before the pagewalk conversion (<= 6.17)")	\
	X(PAGEATTR_WALK, 6, "pageattr-walk", PAB_MF_WALKER | PAB_MF_SLEEPS | PAB_MF_BLOCKS | PAB_MF_PATH, \
	  "__change_memory_common() since the conversion (6.18+)")		\
	X(SET_MEMORY_NX, 7, "set-memory-nx", PAB_MF_SLEEPS | PAB_MF_WHOLE | PAB_MF_KERNEL | PAB_MF_PATH | PAB_MF_EXEC, \
	  "the kernel's own set_memory_x()/set_memory_nx(): the ground truth")	\
	X(SET_MEMORY_PROLOGUE, 8, "set-memory-prologue", PAB_MF_SLEEPS | PAB_MF_WHOLE | PAB_MF_KERNEL | PAB_MF_PATH | PAB_MF_NO_CHANGE | PAB_MF_EXEC, \
	  "change_memory_common() before __change_memory_common: checks, vm_unmap_aliases()")

#define PAB_METHOD_ENUM(id, v, n, f, w)	PAB_METHOD_##id = v,
enum pab_method {
	PAB_METHODS(PAB_METHOD_ENUM)
	PAB_METHOD_NR
};

/* Which lazy MMU API the running kernel has (pab_info.lazy_api). */
#define PAB_LAZY_APIS(X)							\
	X(NONE,    0, "none",                     0, "arch has no lazy MMU mode: barriers per entry") \
	X(ARCH,    1, "arch_enter_lazy_mmu_mode", 0, "arch_enter/leave_lazy_mmu_mode() (<= 6.19)") \
	X(GENERIC, 2, "lazy_mmu_mode_enable",     0, "lazy_mmu_mode_enable/disable/pause() (7.0+)")

#define PAB_LAZY_API_ENUM(id, v, n, f, w)	PAB_LAZY_API_##id = v,
enum pab_lazy_api {
	PAB_LAZY_APIS(PAB_LAZY_API_ENUM)
};

/* Which kernel page-table walker the module resolved (pab_info.walker_api). */
#define PAB_WALKER_APIS(X)							\
	X(NONE,   0, "none",                         0, "no walker") \
	X(NOVMA,  1, "walk_page_range_novma",        0, "walk_page_range_novma(mm, ..., pgd, private)") \
	X(KERNEL, 2, "walk_kernel_page_table_range", 0, "walk_kernel_page_table_range(start, ..., pgd, private)")

#define PAB_WALKER_API_ENUM(id, v, n, f, w)	PAB_WALKER_##id = v,
enum pab_walker_api {
	PAB_WALKER_APIS(PAB_WALKER_API_ENUM)
};

#define PAB_ARCHES(X)								\
	X(UNKNOWN, 0, "unknown", 0, "") \
	X(ARM64,   1, "arm64",   0, "") \
	X(X86_64,  2, "x86_64",  0, "")

#define PAB_ARCH_ENUM(id, v, n, f, w)	PAB_ARCH_##id = v,
enum pab_arch {
	PAB_ARCHES(PAB_ARCH_ENUM)
};

/* pab_info.caps */
#define PAB_CAP_LAZY_PAUSE	(1ULL << 0) /* lazy MMU can be paused: "off" is truly unbatched */
#define PAB_CAP_CONT_PTE	(1ULL << 1) /* arm64 contiguous-PTE hint exists */
#define PAB_CAP_CONT_PMD	(1ULL << 2)
#define PAB_CAP_PMD_BLOCK	(1ULL << 3) /* vmalloc space can hold PMD blocks */
#define PAB_CAP_PUD_BLOCK	(1ULL << 4)
#define PAB_CAP_COUNTER		(1ULL << 5) /* arch counter (cntvct_el0 / TSC) readable */
/*
 * Contiguous-hint groups may be rewritten in place, one entry at a time: the
 * CPU has BBML2_NOABORT (7.3: BBML3). Without it the architecture requires
 * break-before-make for such a change (a TLB conflict abort is allowed
 * otherwise), the kernel never does it, and the module refuses ranges that
 * hold contiguous groups.
 */
#define PAB_CAP_CONT_INPLACE	(1ULL << 6)

/* A piece of machine state the paths depend on (pab_info.rodata_full, .bbml). */
#define PAB_STATES(X)								\
	X(NA,  0, "n/a", 0, "does not exist on this kernel or architecture")	\
	X(OFF, 1, "off", 0, "off")						\
	X(ON,  2, "on",  0, "on")

#define PAB_STATE_ENUM(id, v, n, f, w)	PAB_STATE_##id = v,
enum pab_state {
	PAB_STATES(PAB_STATE_ENUM)
};

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
	/* Since UAPI 6: the machine state the kernel's paths depend on. */
	__u32 rodata_full;	/* enum pab_state: arm64 rodata_full (set_memory_ro/rw's alias loop) */
	__u32 bbml;		/* enum pab_state: BBML2_NOABORT as the kernel decided it (by MIDR);
				 * on: the linear map may hold blocks that set_memory_* split */
	char  bbml_name[16];	/* the capability's name on this kernel ("BBML2_NOABORT",
				 * 7.3 "BBML3"), "" where the kernel predates it */
};


/* pab_symbol.flags */
#define PAB_SYM_REQUIRED	(1U << 0)
#define PAB_SYM_RESOLVED	(1U << 1)
/*
 * A function found without an IBT/BTI landing pad (x86: its endbr64 sealed):
 * refused (not RESOLVED) where the CPU enforces pads, used where it does not.
 */
#define PAB_SYM_NO_PAD		(1U << 2)

/* One row of the module's kernel-symbol table (found by name through kprobes). */
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
	/*
	 * Since UAPI 6: what the method executes on the running kernel, in
	 * words (its lazy MMU sections, its TLB flush, the alias loop), so a
	 * method is named by what it is where it runs, not by a version.
	 */
	char  here[160];
};

struct pab_error {
	__u32 size;
	__s32 error;		/* negative errno of the last failed ioctl on this fd */
	char  msg[160];		/* one line, no newline */
};

/* Level flags (pab_level_flags()). */
#define PAB_LF_BLOCK	(1U << 0) /* a block mapping above PTE level */
#define PAB_LF_CONT	(1U << 1) /* carries the arm64 contiguous hint */

/* Leaf entries per level, as read back from the page tables. */
#define PAB_LEVELS(X)								\
	X(PTE,      0, "pte",      0,                           "PAGE_SIZE PTE without the contiguous hint") \
	X(CONT_PTE, 1, "cont_pte", PAB_LF_CONT,                 "PTE carrying the contiguous hint (arm64)") \
	X(PMD,      2, "pmd",      PAB_LF_BLOCK,                "PMD block")	\
	X(CONT_PMD, 3, "cont_pmd", PAB_LF_BLOCK | PAB_LF_CONT,  "PMD block carrying the contiguous hint (arm64)") \
	X(PUD,      4, "pud",      PAB_LF_BLOCK,                "PUD block")

#define PAB_LEVEL_ENUM(id, v, n, f, w)	PAB_LVL_##id = v,
enum pab_level {
	PAB_LEVELS(PAB_LEVEL_ENUM)
	PAB_LVL_NR
};
/* Room per level in the structs: entries past PAB_LVL_NR are 0 (in) or left 0 (out). */
#define PAB_LVL_SLOTS		8

/*
 * The linear map as it is now (PAB_IOC_LINEAR_MAP): bytes mapped at each leaf
 * level between the start of RAM and high_memory. Walks every leaf (a second
 * or so for 4 GiB of PTEs in the emulator), so 'info' and the sweep's result
 * header ask for it, not every run.
 */
struct pab_linear_map {
	__u32 size;
	__u32 pad;
	__u64 start;		/* out: the virtual span walked */
	__u64 end;
	__u64 bytes[PAB_LVL_SLOTS]; /* out: bytes mapped per enum pab_level */
	__u64 hole_bytes;	/* out: bytes with no mapping in the span */
};

#define PAB_REGION_KINDS(X)							\
	X(VMALLOC,      1, "vmalloc",      0, "vmalloc(): PAGE_SIZE PTEs (what set_memory_* accepts)") \
	X(VMALLOC_HUGE, 2, "vmalloc-huge", 0, "vmalloc_huge(): whatever the kernel chooses") \
	X(MIXED,        3, "mixed",        0, "built by the module: the mix below")

#define PAB_REGION_ENUM(id, v, n, f, w)	PAB_REGION_##id = v,
enum pab_region_kind {
	PAB_REGION_KINDS(PAB_REGION_ENUM)
};

/* How a mixed region's units are ordered. */
#define PAB_LAYOUTS(X)								\
	X(RUNS,       0, "runs",       0, "all units of one level, then the next (pte first)") \
	X(INTERLEAVE, 1, "interleave", 0, "spread evenly (smooth weighted round robin)") \
	X(PATTERN,    2, "pattern",    0, "pattern[0..pattern_len) repeated")

#define PAB_LAYOUT_ENUM(id, v, n, f, w)	PAB_LAYOUT_##id = v,
enum pab_layout {
	PAB_LAYOUTS(PAB_LAYOUT_ENUM)
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
	__u32 mix_ppm[PAB_LVL_SLOTS]; /* in (RUNS, INTERLEAVE): share of units per level, sum PAB_PPM */
	__u32 layout;		/* in: enum pab_layout */
	__u32 pattern_len;	/* in (PATTERN): 1..PAB_PATTERN_MAX */
	__u8  pattern[PAB_PATTERN_MAX]; /* in (PATTERN): enum pab_level per unit */
	__u32 id;		/* out: handle for the other ioctls */
	__u32 pad;
	__u64 unit_bytes;	/* out: the unit (largest block in the mix) */
	__u64 requested[PAB_LVL_SLOTS]; /* out: leaves planned per level */
	__u64 leaves[PAB_LVL_SLOTS]; /* out: leaves the kernel really mapped (read back) */
	__u64 pt_bytes;		/* out: estimated page-table memory for the region */
	/*
	 * out (UAPI 5): PTE tables holding the region's PTE-level leaves, as
	 * mapped: what a path that works per table (apply_to_pte_range()'s lazy
	 * section) does once per table. A vmalloc area's start is only page
	 * aligned, so N PTEs span ceil(N / PTRS_PER_PTE) tables or one more.
	 */
	__u64 pte_tables;
};

struct pab_region_ref {
	__u32 size;
	__u32 id;
};

/* The permission a change applies; masks mimic set_memory_ro/rw/nx/x per arch. */
enum pab_prot {
	PAB_PROT_RO = 1,
	PAB_PROT_RW = 2,
	PAB_PROT_NX = 3,
	PAB_PROT_X = 4,
};

/*
 * The permission a run toggles: its odd calls apply the first protection, its
 * even calls the second (the region's state before the run).
 */
#define PAB_TOGGLES(X)								\
	X(RW,   0, "rw",   0, "read-only, then read-write: set_memory_ro()/rw() masks") \
	X(EXEC, 1, "exec", 0, "executable, then not: set_memory_x()/nx() masks")

#define PAB_TOGGLE_ENUM(id, v, n, f, w)	PAB_TOGGLE_##id = v,
enum pab_toggle {
	PAB_TOGGLES(PAB_TOGGLE_ENUM)
	PAB_TOGGLE_NR
};

/* Lazy mode flags (pab_lazy_flags()). */
#define PAB_ZF_SECTION	(1U << 0) /* the harness opens lazy MMU sections */
#define PAB_ZF_ARG	(1U << 1) /* spelled "name=N" (N: pab_run.batch) */

#define PAB_LAZY_MODES(X)							\
	X(OFF,    0, "off",    0,                         "paused where the kernel can: no batching at all") \
	X(ON,     1, "on",     PAB_ZF_SECTION,            "one lazy MMU section around the whole call (the patch)") \
	X(NATIVE, 2, "native", 0,                         "untouched: the path batches (or not) by itself") \
	X(BATCH,  3, "batch",  PAB_ZF_SECTION | PAB_ZF_ARG, "sections of pab_run.batch leaf entries each")

#define PAB_LAZY_ENUM(id, v, n, f, w)	PAB_LAZY_##id = v,
enum pab_lazy_mode {
	PAB_LAZY_MODES(PAB_LAZY_ENUM)
	PAB_LAZY_NR
};

#define PAB_TLB_MODES(X)							\
	X(NONE,     0, "none",     0, "no flush (the run still flushes once at the end)") \
	X(INCLUDED, 1, "included", 0, "flush_tlb_kernel_range() inside the timed section") \
	X(SEPARATE, 2, "separate", 0, "flushed after each call, timed on its own")

#define PAB_TLB_ENUM(id, v, n, f, w)	PAB_TLB_##id = v,
enum pab_tlb_mode {
	PAB_TLB_MODES(PAB_TLB_ENUM)
	PAB_TLB_NR
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
	__u64 leaves[PAB_LVL_SLOTS]; /* out: leaf entries the callbacks changed */
};

/* Read the region's page tables back and check every leaf's permission. */
struct pab_verify {
	__u32 size;
	__u32 region;		/* in */
	__u32 prot;		/* in: expected enum pab_prot */
	__u32 pad;
	__u64 leaves[PAB_LVL_SLOTS]; /* out: leaves found per level */
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
#define PAB_EVENT_SLOTS		16	/* room per event in pab_run: entries past nr_events unused */
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
#define PAB_RUN_COLD		(1U << 2) /* evict caches, flush the TLB before each call (UAPI 6) */

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
	__u64 leaves[PAB_LVL_SLOTS]; /* out: leaf entries one call changed, per level */
	__u64 clock_read_ns;	/* out: cost of one clock read (min of back-to-back pairs) */
	__u64 counter_hz;	/* out: arch counter frequency (cntvct_el0 / TSC) */
	__u64 verified_calls;	/* out: calls followed by a full read-back */
	__u64 mismatched;	/* out: leaves with the wrong permission, over all checks */
	__u64 level_changes;	/* out: leaves found at another level than mapped (splits) */
	__u32 run_cpu;		/* out: the CPU the calls ran on */
	__u32 nr_events;	/* in: PMU events to count per call, 0..PAB_MAX_EVENTS */
	struct pab_event_attr events[PAB_EVENT_SLOTS]; /* in: perf_event_attr essentials */
	__u64 counts_ptr;	/* in: user buffer __u64[iterations][nr_events] */
	__u64 time_enabled[PAB_EVENT_SLOTS]; /* out: per event, summed over calls (ns) */
	__u64 time_running[PAB_EVENT_SLOTS]; /*      running < enabled: multiplexed */
	__s32 event_error[PAB_EVENT_SLOTS]; /* out: 0, or -errno if it could not be opened */
	/* Since UAPI 3. */
	__u32 toggle;		/* in: enum pab_toggle; out: the one used (set-memory* bring theirs) */
	__u32 irq_hit_calls;	/* out: timed calls an interrupt or a context switch landed in */
	__u64 null_ns_ptr;	/* in, optional: __u64[iterations], an empty window after each call */
	__u64 irq_ptr;		/* in, optional: __u64[iterations], interrupts + switches per call */
	__u64 entry_mismatches;	/* out: checks whose entries differ from before with the masks applied */
	__u32 pmu_in_window;	/* out: 1 if the counters were read inside the timed window */
	__u32 run_seq;		/* out: this run's number since the module loaded (1, 2, ...): the
				 * count of PAB_MARK_RUN markers the plugin sees, so its counts
				 * join the run's record (UAPI 4) */
	/*
	 * Since UAPI 6 (arm64, the kernel's set_memory_* methods): linear-map
	 * block and contiguous leaves behind the region's pages that were split
	 * (by split_kernel_leaf_mapping(), BBML2 only) during the warm-up and
	 * during the timed calls. Counted by reading the linear map before and
	 * after each phase, outside every window: no work on the timed path.
	 */
	__u32 alias_splits_counted; /* out: 1 if the two counts below were taken */
	__u32 pad6;
	__u64 alias_splits_warmup;
	__u64 alias_splits_timed;
	/*
	 * Since UAPI 6, with PAB_RUN_COLD: the bytes read before every call
	 * (warm-up and timed, outside the window) to evict the caches, the
	 * module's cold_evict_mb; 0 without the flag.
	 */
	__u64 cold_evict_bytes;	/* out */
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

#define PAB_CONC_LOCKS(X)							\
	X(NONE,     0, "none",     0, "callers race freely (arm64's pageattr today)") \
	X(MUTEX,    1, "mutex",    0, "one global mutex around each call")	\
	X(SPINLOCK, 2, "spinlock", 0, "one global spinlock around each call, as x86 holds cpa_lock (not for methods that sleep)")

#define PAB_CONC_LOCK_ENUM(id, v, n, f, w)	PAB_CONC_LOCK_##id = v,
enum pab_conc_lock {
	PAB_CONC_LOCKS(PAB_CONC_LOCK_ENUM)
	PAB_CONC_LOCK_NR
};

/*
 * The bit a thread toggles. Threads may share a range (the same region,
 * offset and length) only with different bits: then each entry has two
 * writers, and a read-modify-write of one can undo the other's (a lost
 * update), which is what a cpa_lock would prevent. Never one that makes a
 * mapping writable and executable: the second bit changes no permission.
 */
#define PAB_CONC_BITS(X)							\
	X(RDONLY, 0, "rdonly", 0, "read-only / read-write, as set_memory_ro()/rw()") \
	X(SW,     1, "sw",     0, "a software bit nothing reads (arm64 bit 58, x86 _PAGE_SOFTW1 as CPA's self-test uses)")

#define PAB_CONC_BIT_ENUM(id, v, n, f, w)	PAB_CONC_BIT_##id = v,
enum pab_conc_bit {
	PAB_CONC_BITS(PAB_CONC_BIT_ENUM)
	PAB_CONC_BIT_NR
};

/* One thread of a concurrent run: its range in, what it did out. */
struct pab_thread {
	__u32 region;		/* in: id */
	__u32 cpu;		/* in: CPU to bind to, or PAB_CPU_ANY (thread i -> i-th online CPU) */
	__u64 offset;		/* in: page aligned; threads' ranges are disjoint or the same (see PAB_CONC_BITS) */
	__u64 length;		/* in: 0 = to the end of the region */
	__u64 calls;		/* out: timed calls completed */
	__u64 ns;		/* out: sum of the timed calls' durations (lock wait excluded) */
	__u64 ns_max;		/* out: slowest timed call */
	__u64 lock_wait_ns;	/* out: time spent waiting for the global lock */
	__u64 leaves;		/* out: leaf entries one call changed */
	__u64 mismatched;	/* out: own leaves with the wrong permission right after own calls */
	__u64 level_changes;	/* out: own leaves found at another level than mapped */
	__u32 run_cpu;		/* out */
	__s32 error;		/* out: 0, or the failing call's -errno */
	__u32 bit;		/* in: enum pab_conc_bit */
	__u32 pad;
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
	/*
	 * With threads sharing a range, lost updates are the experiment's
	 * result, not a failure: the run succeeds and reports them (a level
	 * change still fails it). Disjoint threads cannot lose an update, so
	 * there one is corruption.
	 */
	__u64 level_changes;	/* out: sum of the threads' own checks (split or merged blocks) */
	__u64 final_checked;	/* out: leaves checked after all threads ended */
	__u64 final_mismatched;	/* out: of those, with another permission than expected */
	__u64 final_level_changes; /* out: leaf count change per level, whole regions */
	__u32 interrupted;	/* out: 1 if a fatal signal stopped the threads early */
	__u32 shared;		/* out: threads that share their range with another */
};

/*
 * The split race (PAB_IOC_SPLIT_RACE): the case x86's cpa_lock exists for,
 * "no CPU changes attributes in parallel to another splitting a large page".
 * nr_threads kernel threads, one per CPU, own alternate pages of a fresh,
 * naturally aligned block (a PMD's worth) per round, so their pages share
 * the linear map's blocks and contiguous groups, and change them through
 * the kernel's own entry points at the same time, each owning its pages as
 * the walker's contract requires: first to invalid, then back to valid.
 * With BBML2 the linear map holds blocks, and each change splits what its
 * page is in under pgtable_split_lock before its lockless walk. After every
 * phase the module reads every entry of the block: each page valid or not
 * as its owner last set, mapping its own frame, with unchanged permissions,
 * and no contiguous group half split. Kretprobes on split_kernel_leaf_mapping()
 * and walk_kernel_page_table_range_lockless() time each thread's splits and
 * walks, so a split overlapping another thread's walk is measured, not assumed.
 */
#define PAB_MAX_SPLIT_ROUNDS	4096
#define PAB_MAX_SPLIT_SLOTS	16

#define PAB_SPLIT_CALLERS(X)							\
	X(DIRECT_MAP, 0, "direct-map", 0, "set_direct_map_invalid_noflush(), then set_direct_map_default_noflush(), one page a call") \
	X(SET_MEMORY, 1, "set-memory", 0, "set_memory_ro(), then set_memory_rw(), on a VM_ALLOC area of the thread's pages: the alias loop changes each page's linear alias")

#define PAB_SPLIT_CALLER_ENUM(id, v, n, f, w)	PAB_SPLIT_CALLER_##id = v,
enum pab_split_caller {
	PAB_SPLIT_CALLERS(PAB_SPLIT_CALLER_ENUM)
	PAB_SPLIT_CALLER_NR
};

struct pab_split_race {
	__u32 size;
	__u32 nr_threads;	/* in: 2..PAB_MAX_THREADS, at most the online CPUs */
	__u32 rounds;		/* in: 1..PAB_MAX_SPLIT_ROUNDS, a fresh block each (held to the end) */
	__u32 caller;		/* in: enum pab_split_caller */
	__u32 slots;		/* in: pages per thread per round, 0 (8) .. PAB_MAX_SPLIT_SLOTS */
	__u32 probes;		/* out: 1 if the overlap probes were armed */
	__u64 block_bytes;	/* out: one round's block */
	__u64 rounds_done;	/* out: fewer than rounds when fresh blocks ran out */
	__u64 calls;		/* out: entry-point calls */
	__u64 call_errors;	/* out: calls that returned an error */
	__u64 splits;		/* out: linear-map leaves (blocks, contiguous groups) split */
	__u64 split_rounds;	/* out: rounds with at least one split */
	__u64 overlap_rounds;	/* out: rounds where a split of one thread overlapped another's walk */
	__u64 overlaps;		/* out: such (split, walk) pairs */
	__u64 wrong_valid;	/* out: pages not valid/invalid as their owner last set */
	__u64 wrong_pfn;	/* out: pages mapped to another frame (a lost or corrupt table) */
	__u64 wrong_perm;	/* out: pages whose permission bits changed (no call changes them) */
	__u64 cont_broken;	/* out: contiguous groups whose entries disagree on the hint */
	__u64 first_bad_round;	/* out: the first round with an inconsistency, ~0 if none */
	__u64 leaked_pages;	/* out: pages not freed: still invalid after the restore */
	__u64 stale_blocks;	/* out: blocks passed over, split already (an earlier run's) */
};

#define PAB_IOC_INFO		_IOWR(PAB_IOC_MAGIC, 0x00, struct pab_info)
#define PAB_IOC_SYMBOL		_IOWR(PAB_IOC_MAGIC, 0x01, struct pab_symbol)
#define PAB_IOC_METHOD		_IOWR(PAB_IOC_MAGIC, 0x02, struct pab_method_info)
#define PAB_IOC_LAST_ERROR	_IOWR(PAB_IOC_MAGIC, 0x03, struct pab_error)
#define PAB_IOC_LINEAR_MAP	_IOWR(PAB_IOC_MAGIC, 0x04, struct pab_linear_map)
#define PAB_IOC_REGION_CREATE	_IOWR(PAB_IOC_MAGIC, 0x10, struct pab_region_create)
#define PAB_IOC_REGION_DESTROY	_IOW(PAB_IOC_MAGIC, 0x11, struct pab_region_ref)
#define PAB_IOC_CHANGE		_IOWR(PAB_IOC_MAGIC, 0x20, struct pab_change)
#define PAB_IOC_VERIFY		_IOWR(PAB_IOC_MAGIC, 0x21, struct pab_verify)
#define PAB_IOC_RUN		_IOWR(PAB_IOC_MAGIC, 0x22, struct pab_run)
#define PAB_IOC_CONCURRENT	_IOWR(PAB_IOC_MAGIC, 0x23, struct pab_concurrent)
#define PAB_IOC_SPLIT_RACE	_IOWR(PAB_IOC_MAGIC, 0x24, struct pab_split_race)

#endif /* PAGEATTR_BENCH_UAPI_H */
