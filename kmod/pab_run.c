// SPDX-License-Identifier: GPL-2.0
/*
 * Timed runs (PAB_IOC_RUN): warmup + iterations calls of one method over a
 * range, alternating between two permission states so every call changes
 * bits, each call checked by reading the page tables back outside the timed
 * section, the region restored and checked at the end.
 *
 * The calling thread does the work, pinned to the chosen CPU with migration
 * disabled; preemption is off around each timed call for the methods that
 * cannot sleep, and cond_resched() runs between calls. A fatal signal stops
 * the run between calls; what completed is reported and the region restored.
 * With PAB_RUN_COLD every call starts with cold caches and an empty TLB.
 */
#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/tlbflush.h>
#include "pab.h"

DEFINE_MUTEX(pab_run_lock);

/*
 * Cold calls (PAB_RUN_COLD). A hot loop repeats one range with its page
 * tables, the path's data and its translations cached; a production caller
 * (set_memory_ro() on fresh module text, a BPF program) changes a range
 * once, long after anything touched it. So before every call, warm-up and
 * timed, outside the window, the run reads an eviction buffer larger than
 * any last-level cache, then flushes the whole TLB (in that order, so the
 * buffer's own translations go too).
 *
 * Reading, not set/way maintenance: the architecture deprecates DC CISW
 * for this (it acts on one CPU's view, is not broadcast and races with
 * the caches' other agents), the kernel gives a module no set/way helper
 * on arm64, and a cleaned cache is not what a later caller meets: it
 * meets caches full of other work's lines, which is what a read leaves.
 */
#define PAB_COLD_MAX_MB		4096

static unsigned int cold_evict_mb = 64;
module_param(cold_evict_mb, uint, 0644);
MODULE_PARM_DESC(cold_evict_mb, "Cold runs: MiB read before each call to evict the caches, more than any last-level cache (default 64)");

/* Where the loads go: the compiler may not drop them, nor the sum. */
static u64 pab_cold_sink;

static int pab_cold_alloc(struct pab_ctx *ctx, u8 **buf, size_t *bytes)
{
	unsigned int mb = READ_ONCE(cold_evict_mb);

	if (!mb || mb > PAB_COLD_MAX_MB)
		return pab_fail(ctx, -EINVAL, "cold run: cold_evict_mb is %u, not 1..%u", mb,
				PAB_COLD_MAX_MB);
	/* Zeroed: its lines are then real memory, written once, not untouched pages. */
	*buf = vzalloc((size_t)mb << 20);
	if (!*buf)
		return pab_fail(ctx, -ENOMEM, "cold run: cannot allocate the %u MiB eviction buffer",
				mb);
	*bytes = (size_t)mb << 20;
	return 0;
}

/* Every CPU's whole TLB, global (kernel) entries too. */
static void pab_cold_flush_tlb(void)
{
#ifdef CONFIG_X86
	/*
	 * x86 declares flush_tlb_all() to the kernel only and does not export
	 * it; flush_tlb_kernel_range() (resolved) over everything is the same
	 * flush: past its ceiling it flushes all on every CPU.
	 */
	pab_tlb_flush(0, ULONG_MAX);
#else
	flush_tlb_all();	/* arm64: inline, TLBI VMALLE1IS between DSBs */
#endif
}

/*
 * Before a call, never inside its window: one load per cache line (a
 * stride of the smallest line the kernel aligns to touches every line
 * of any larger size), then the whole TLB, every CPU's.
 */
static void pab_cold_prepare(const u8 *buf, size_t bytes)
{
	u64 sum = 0;

	for (size_t off = 0; off < bytes; off += L1_CACHE_BYTES)
		sum += READ_ONCE(*(const u64 *)(buf + off));
	WRITE_ONCE(pab_cold_sink, sum);
	pab_cold_flush_tlb();
}

/* Cost of one ktime_get_ns(): the minimum over back-to-back pairs. */
static u64 pab_clock_read_cost(void)
{
	u64 best = U64_MAX;

	preempt_disable();
	for (int i = 0; i < 256; i++) {
		u64 t0 = ktime_get_ns(), t1 = ktime_get_ns();

		best = min(best, t1 - t0);
	}
	preempt_enable();
	return best;
}

static int pab_run_validate(struct pab_ctx *ctx, struct pab_region *r, struct pab_run *req)
{
	struct pab_request q = {
		.what = "run", .method = req->method, .lazy = req->lazy, .batch = req->batch,
		.tlb = req->tlb, .flags = req->flags,
		.known_flags = PAB_RUN_IRQS_OFF | PAB_RUN_VERIFY_END | PAB_RUN_COLD,
		.iterations = req->iterations, .warmup = req->warmup,
		.has_batch = true, .has_counts = true, .irqs_off = req->flags & PAB_RUN_IRQS_OFF,
	};
	u64 bits = pab_prot_bits();
	const char *why;
	int ret;

	ret = pab_request_check(ctx, &q);
	if (ret)
		return ret;
	if (req->cpu != PAB_CPU_ANY && (req->cpu >= nr_cpu_ids || !cpu_online(req->cpu)))
		return pab_fail(ctx, -EINVAL, "CPU %u is not online", req->cpu);
	if (!req->ns_ptr)
		return pab_fail(ctx, -EINVAL, "no sample buffer (ns_ptr)");
	if (req->nr_events > PAB_MAX_EVENTS)
		return pab_fail(ctx, -EINVAL, "%u events requested, at most %u", req->nr_events,
				PAB_MAX_EVENTS);
	if (req->nr_events && !req->counts_ptr)
		return pab_fail(ctx, -EINVAL, "events requested without a counts buffer (counts_ptr)");
	if (req->tlb_ns_ptr && req->tlb != PAB_TLB_SEPARATE)
		return pab_fail(ctx, -EINVAL, "tlb_ns_ptr needs TLB mode separate");
	if (req->toggle >= PAB_TOGGLE_NR)
		return pab_fail(ctx, -EINVAL, "unknown toggle %u (0 = rw, 1 = exec)", req->toggle);
	if (req->toggle == PAB_TOGGLE_EXEC && !pab_exec_toggle_ok(&why))
		return pab_fail(ctx, -EINVAL, "toggle exec refused: %s", why);
	/* The kernel's own entry points bring their masks, hence their toggle. */
	if (pab_method(req->method)->flags & PAB_MF_KERNEL &&
	    req->toggle != pab_own_toggle(pab_method(req->method)->flags))
		return pab_fail(ctx, -EINVAL, "%s toggles %s permission only: toggle %s",
				pab_method(req->method)->name,
				req->toggle == PAB_TOGGLE_RW ? "execute" : "write",
				req->toggle == PAB_TOGGLE_RW ? "exec" : "rw");
	if (req->set_mask || req->clear_mask) {
		if ((req->set_mask | req->clear_mask) & ~bits)
			return pab_fail(ctx, -EINVAL, "masks %#llx/%#llx touch bits outside the permission bits %#llx",
					req->set_mask, req->clear_mask, bits);
		if (req->set_mask & req->clear_mask)
			return pab_fail(ctx, -EINVAL, "set and clear masks overlap (%#llx)",
					req->set_mask & req->clear_mask);
		/* The kernel's own entry point brings its own masks (set_memory_ro/rw). */
		if (pab_method(req->method)->flags & PAB_MF_KERNEL)
			return pab_fail(ctx, -EINVAL, "%s has its own masks",
					pab_method(req->method)->name);
	}
	return pab_method_check(ctx, r, req->method, req->offset, &req->length);
}

int pab_check_restored(struct pab_ctx *ctx, struct pab_region *r)
{
	struct pab_scan scan;
	u64 set, clear, alias;

	pab_prot_masks(PAB_PROT_RW, &set, &clear);
	if (r->sw_toggled)
		clear |= pab_sw_bit();
	pab_scan_range(r->start, r->start + r->bytes, set, clear, &scan);
	if (scan.mismatched)
		return pab_fail(ctx, -EIO, "%llu leaves not read-write after the run", scan.mismatched);
	alias = r->vaddr ? pab_scan_linear_alias(r->start, r->start + r->bytes) : 0;
	if (alias)
		return pab_fail(ctx, -EIO, "%llu pages' linear-map alias left read-only after the run",
				alias);
	return 0;
}

static int pab_copy_samples(u64 uptr, const u64 *buf, u32 n)
{
	if (!uptr || !n)
		return 0;
	return copy_to_user(u64_to_user_ptr(uptr), buf, (size_t)n * sizeof(u64)) ? -EFAULT : 0;
}

/*
 * A run's buffers and counters: on the heap (pab_run() allocates it), as the
 * PMU state alone (16 events' arrays) took the frame of pab_run() past the
 * debug kernel's 2048-byte -Wframe-larger-than.
 */
struct pab_run_state {
	u64 *ns, *cycles, *tlb_ns, *counts, *null_ns, *irqs;
	struct pab_pmu pmu;
	struct pab_alias_levels alias;	/* linear-map leaves behind the pages: splits */
	u8 *evict;			/* PAB_RUN_COLD: the eviction buffer, else NULL */
	size_t evict_bytes;
	cpumask_var_t saved_mask;
	bool pinned;
	/* The two phases' masks and the entries each leaves (pab_scan_expect). */
	u64 a[2], b[2], after_a, after_b, baseline[PAB_LVL_NR];
	struct pab_tally tally;
	u32 k;				/* timed calls done */
};

static int pab_run_setup(struct pab_ctx *ctx, struct pab_run *req, struct pab_run_state *st)
{
	st->ns = kvmalloc_array(req->iterations, sizeof(u64), GFP_KERNEL);
	st->cycles = kvmalloc_array(req->iterations, sizeof(u64), GFP_KERNEL);
	st->tlb_ns = kvcalloc(req->iterations, sizeof(u64), GFP_KERNEL);
	st->null_ns = kvcalloc(req->iterations, sizeof(u64), GFP_KERNEL);
	st->irqs = kvcalloc(req->iterations, sizeof(u64), GFP_KERNEL);
	if (req->nr_events)
		st->counts = kvcalloc((size_t)req->iterations * req->nr_events, sizeof(u64),
				      GFP_KERNEL);
	if (!st->ns || !st->cycles || !st->tlb_ns || !st->null_ns || !st->irqs ||
	    (req->nr_events && !st->counts))
		return pab_fail(ctx, -ENOMEM, "cannot allocate sample buffers for %u iterations",
				req->iterations);
	/* Once per run: a per-call allocation would itself warm what it touched. */
	if (req->flags & PAB_RUN_COLD) {
		int ret = pab_cold_alloc(ctx, &st->evict, &st->evict_bytes);

		if (ret)
			return ret;
	}
	if (req->cpu != PAB_CPU_ANY) {
		if (!alloc_cpumask_var(&st->saved_mask, GFP_KERNEL))
			return pab_fail(ctx, -ENOMEM, "out of memory for a cpumask");
		cpumask_copy(st->saved_mask, current->cpus_ptr);
		st->pinned = true;
		if (set_cpus_allowed_ptr(current, cpumask_of(req->cpu)))
			return pab_fail(ctx, -EINVAL, "cannot move to CPU %u", req->cpu);
	}
	migrate_disable();
	/* Counters follow this thread; open them once it sits on its CPU. */
	pab_pmu_open(&st->pmu, req);
	return 0;
}

static void pab_run_teardown(struct pab_run_state *st, bool migrate_disabled)
{
	pab_pmu_close(&st->pmu);
	if (migrate_disabled)
		migrate_enable();
	if (st->pinned) {
		set_cpus_allowed_ptr(current, st->saved_mask);
		free_cpumask_var(st->saved_mask);
	}
	kvfree(st->ns);
	kvfree(st->cycles);
	kvfree(st->tlb_ns);
	kvfree(st->null_ns);
	kvfree(st->irqs);
	kvfree(st->counts);
	vfree(st->evict);
	pab_alias_levels_free(&st->alias);
	kfree(st);
}

/*
 * An empty window right after a call, on the same CPU in the same state:
 * the per-call fixed cost (clock and counter reads) that net times take out.
 * Its counter reads must not count as time the run's events were enabled.
 */
static u64 pab_null_window(const struct pab_call *call)
{
	struct pab_call c = { .method = PAB_METHOD_NULL, .lazy = PAB_LAZY_NATIVE,
			      .irqs_off = call->irqs_off, .pmu = call->pmu };
	u64 en[PAB_MAX_EVENTS], run[PAB_MAX_EVENTS];

	if (c.pmu) {
		memcpy(en, c.pmu->enabled, sizeof(en));
		memcpy(run, c.pmu->running, sizeof(run));
	}
	pab_call(&c, 0, 0);
	if (c.pmu) {
		memcpy(c.pmu->enabled, en, sizeof(en));
		memcpy(c.pmu->running, run, sizeof(run));
	}
	return c.ns;
}

/* The odd and even calls' masks: the caller's, swapped, or the toggle's protections. */
static void pab_run_masks(const struct pab_run *req, u64 a[2], u64 b[2])
{
	u32 first, second;

	if (req->set_mask || req->clear_mask) {
		a[0] = b[1] = req->set_mask;
		a[1] = b[0] = req->clear_mask;
		return;
	}
	pab_toggle_prots(req->toggle, &first, &second);
	pab_prot_masks(first, &a[0], &a[1]);
	pab_prot_masks(second, &b[0], &b[1]);
}

/* Out fields start from zero whatever the caller left in them (counts add up). */
static void pab_run_reset(struct pab_run *req)
{
	req->completed = req->interrupted = req->run_cpu = 0;
	req->clock_read_ns = req->counter_hz = 0;
	req->verified_calls = req->mismatched = req->level_changes = 0;
	req->irq_hit_calls = req->pmu_in_window = req->run_seq = 0;
	req->entry_mismatches = 0;
	req->alias_splits_counted = 0;
	req->alias_splits_warmup = req->alias_splits_timed = 0;
	req->cold_evict_bytes = 0;
	if (req->method < PAB_METHOD_NR && pab_method(req->method)->flags & PAB_MF_KERNEL &&
	    !req->toggle)
		req->toggle = pab_own_toggle(pab_method(req->method)->flags);
	memset(req->leaves, 0, sizeof(req->leaves));
	memset(req->time_enabled, 0, sizeof(req->time_enabled));
	memset(req->time_running, 0, sizeof(req->time_running));
	memset(req->event_error, 0, sizeof(req->event_error));
}

/*
 * The warm-up and timed calls, alternating the two phases' masks, each
 * verified; the timed ones' samples into st. 0, or the failing call's error
 * (ctx says why); req->interrupted on a fatal signal.
 */
static int pab_run_calls(struct pab_ctx *ctx, struct pab_region *r, struct pab_run *req,
			 struct pab_run_state *st, struct pab_call *c, unsigned long start,
			 unsigned long end)
{
	const struct pab_method_ops *ops = pab_method(req->method);
	u32 total = req->warmup + req->iterations, i, k = 0;
	bool phase = false;
	int ret = 0;

	for (i = 0; i < total; i++) {
		bool timed = i >= req->warmup, last = i + 1 == total;

		if (i == req->warmup)
			req->alias_splits_warmup = pab_alias_splits(&st->alias);

		if (fatal_signal_pending(current)) {
			req->interrupted = 1;
			break;
		}
		phase = !phase;
		c->set = phase ? st->a[0] : st->b[0];
		c->clear = phase ? st->a[1] : st->b[1];
		c->expect_digest = phase ? st->after_a : st->after_b;
		c->mark = timed;
		/*
		 * Cold: after the previous call's check (which read the range's
		 * tables back) and before this call's window opens.
		 */
		if (st->evict)
			pab_cold_prepare(st->evict, st->evict_bytes);
		ret = pab_call_verified(c, start, end, last || !(req->flags & PAB_RUN_VERIFY_END),
					st->baseline, &st->tally);
		if (ret) {
			if (ops->explain)
				ops->explain(ctx, r, c, ret);
			else
				pab_fail(ctx, ret, "call %u of method %u failed with %d", i,
					 req->method, ret);
			break;
		}
		if (timed) {
			st->tlb_ns[k] = c->tlb_ns;
			st->ns[k] = c->ns;
			st->cycles[k] = c->cycles;
			st->irqs[k] = c->irqs;
			req->irq_hit_calls += c->irqs != 0;
			st->null_ns[k] = pab_null_window(c);
			if (req->nr_events)
				memcpy(&st->counts[(size_t)k * req->nr_events], c->counts,
				       req->nr_events * sizeof(u64));
			k++;
		}
		cond_resched();
	}
	st->k = k;
	req->completed = k;
	if (k)
		req->alias_splits_timed = pab_alias_splits(&st->alias);
	else
		req->alias_splits_warmup += pab_alias_splits(&st->alias);
	req->verified_calls = st->tally.verified_calls;
	req->mismatched = st->tally.mismatched;
	req->level_changes = st->tally.level_changes;
	req->entry_mismatches = st->tally.entry_mismatches;
	pab_levels_out(req->leaves, c->leaves);
	return ret;
}

/*
 * Back to read-write whatever happened, and the run's checks: the restore,
 * the calls' verification, the entries as they were. ret: the calls' error,
 * kept when there is one.
 */
static int pab_run_checks(struct pab_ctx *ctx, struct pab_region *r, struct pab_run *req,
			  unsigned long start, unsigned long end, int ret)
{
	u64 rw[2], nx[2] = { 0, 0 }, restored, unused;
	struct pab_scan scan;

	/*
	 * The restore may change nothing but its masks' bits: read-write, and
	 * not executable if execute permission was toggled. Expected from the
	 * entries as the last call left them (not as before the run: x86's
	 * set_memory_ro clears Dirty and set_memory_rw does not set it again).
	 */
	pab_prot_masks(PAB_PROT_RW, &rw[0], &rw[1]);
	if (r->exec_toggled)
		pab_prot_masks(PAB_PROT_NX, &nx[0], &nx[1]);
	pab_scan_expect(start, end, rw, nx, &unused, &restored, NULL);
	if (pab_restore(r) && !ret)
		ret = pab_fail(ctx, -EIO, "restoring the region to read-write failed");
	if (!ret)
		ret = pab_check_restored(ctx, r);
	if (!ret && (req->mismatched || req->level_changes))
		ret = pab_fail(ctx, -EIO, "verification failed: %llu leaves with the wrong permission, %llu at another level than mapped",
			       req->mismatched, req->level_changes);
	if (!ret && req->entry_mismatches)
		ret = pab_fail(ctx, -EIO, "verification failed: after %llu calls an entry differed from its value before the call with the masks applied (bits outside the masks changed)",
			       req->entry_mismatches);
	if (!ret) {
		pab_scan_range(start, end, 0, 0, &scan);
		if (scan.digest != restored)
			ret = pab_fail(ctx, -EIO, "restoring the range did not give back its entries (as before the run, read-write%s)",
				       r->exec_toggled ? ", not executable" : "");
	}
	if (!ret && req->interrupted)
		ret = pab_fail(ctx, -EINTR, "interrupted after %u of %u timed calls", req->completed,
			       req->iterations);
	return ret;
}

/* The PMU's times and errors, and the samples to the caller's buffers. */
static int pab_run_copy_out(struct pab_ctx *ctx, struct pab_run *req, struct pab_run_state *st,
			    int ret)
{
	u32 k = st->k;

	for (u32 i = 0; i < req->nr_events; i++) {
		req->time_enabled[i] = st->pmu.enabled[i];
		req->time_running[i] = st->pmu.running[i];
		if (!req->event_error[i])
			req->event_error[i] = st->pmu.read_err[i];
	}
	if (pab_copy_samples(req->ns_ptr, st->ns, k) || pab_copy_samples(req->cycles_ptr, st->cycles, k) ||
	    pab_copy_samples(req->tlb_ns_ptr, st->tlb_ns, k) ||
	    pab_copy_samples(req->null_ns_ptr, st->null_ns, k) ||
	    pab_copy_samples(req->irq_ptr, st->irqs, k) ||
	    pab_copy_samples(req->counts_ptr, st->counts, k * req->nr_events))
		ret = ret ?: pab_fail(ctx, -EFAULT, "cannot write samples to the user buffers");
	return ret;
}

int pab_run(struct pab_ctx *ctx, struct pab_region *r, struct pab_run *req)
{
	struct pab_run_state *st;
	struct pab_call c = {
		.method = req->method, .lazy = req->lazy, .batch = req->batch,
		.tlb_included = req->tlb == PAB_TLB_INCLUDED,
		.tlb_separate = req->tlb == PAB_TLB_SEPARATE,
		.irqs_off = req->flags & PAB_RUN_IRQS_OFF,
	};
	const struct pab_method_ops *ops;
	unsigned long start, end;
	u64 xset, xclear;
	int ret;

	pab_run_reset(req);
	ret = pab_run_validate(ctx, r, req);
	if (ret)
		return ret;
	ops = pab_method(req->method);
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return pab_fail(ctx, -ENOMEM, "out of memory for the run's state");
	if (!mutex_trylock(&pab_run_lock)) {
		kfree(st);
		return pab_fail(ctx, -EBUSY, "another run is in progress on this device");
	}

	start = r->start + req->offset;
	end = start + req->length;
	pab_run_masks(req, st->a, st->b);
	pab_prot_masks(PAB_PROT_X, &xset, &xclear);
	ret = pab_run_setup(ctx, req, st);
	if (ret) {
		pab_run_teardown(st, false);
		goto out;
	}
	req->run_cpu = raw_smp_processor_id();
	req->cold_evict_bytes = st->evict_bytes;
	req->counter_hz = pab_counter_hz();
	req->clock_read_ns = pab_clock_read_cost();
	/*
	 * Full-entry check: after each call, the entries before it with its
	 * masks applied; the same walk gives the leaves per level (no split).
	 */
	pab_scan_expect(start, end, st->a, st->b, &st->after_a, &st->after_b, st->baseline);
	c.expect = !(ops->flags & (PAB_MF_BASELINE | PAB_MF_NO_CHANGE));

	if (req->nr_events)
		c.pmu = &st->pmu;
	req->pmu_in_window = req->nr_events && st->pmu.in_window;
	pab_method_touch(r, req->method);
	r->exec_toggled |= !!((st->a[0] | st->a[1]) & (xset | xclear));
	/*
	 * The kernel's entry points may split the linear map behind the
	 * region's pages (rodata_full with BBML2: the alias loop). Those
	 * leaves are read before, between and after the phases, never inside
	 * a window; only arm64 has the alias loop.
	 */
	if (IS_ENABLED(CONFIG_ARM64) && ops->flags & PAB_MF_KERNEL && r->vaddr)
		pab_alias_levels_take(&st->alias, start, end);
	req->alias_splits_counted = st->alias.level != NULL;
	req->run_seq = pab_mark_run();
	ret = pab_run_calls(ctx, r, req, st, &c, start, end);
	ret = pab_run_checks(ctx, r, req, start, end, ret);
	ret = pab_run_copy_out(ctx, req, st, ret);
	pab_run_teardown(st, true);
out:
	mutex_unlock(&pab_run_lock);
	return ret;
}
