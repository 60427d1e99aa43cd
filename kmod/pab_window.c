// SPDX-License-Identifier: GPL-2.0
/*
 * The ops table of every method (one entry per PAB_METHODS line, the blocks
 * in pab_methods.c and pab_paths.c) and what every call goes through: the
 * request and range checks, the timed window (clock reads, lazy MMU
 * section, the flush, the interrupt count, the plugin's markers), the
 * verified call, the restore and the single change (PAB_IOC_CHANGE).
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
#include "pab_methods.h"

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
