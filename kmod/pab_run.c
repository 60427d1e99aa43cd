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
 */
#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "pab.h"

DEFINE_MUTEX(pab_run_lock);

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
	const char *name, *reason;
	u64 bits = pab_prot_bits();

	if (req->method >= PAB_METHOD_NR)
		return pab_fail(ctx, -EINVAL, "unknown method %u", req->method);
	pab_method_available(req->method, &name, &reason);
	if (req->lazy > PAB_LAZY_BATCH)
		return pab_fail(ctx, -EINVAL, "unknown lazy MMU mode %u", req->lazy);
	if (req->lazy == PAB_LAZY_BATCH && !req->batch)
		return pab_fail(ctx, -EINVAL, "lazy batch size must be at least 1 leaf entry");
	if (req->lazy != PAB_LAZY_BATCH && req->batch)
		return pab_fail(ctx, -EINVAL, "a batch size needs lazy mode batch");
	if (req->tlb > PAB_TLB_SEPARATE)
		return pab_fail(ctx, -EINVAL, "unknown TLB mode %u", req->tlb);
	if (req->flags & ~(PAB_RUN_IRQS_OFF | PAB_RUN_VERIFY_END))
		return pab_fail(ctx, -EINVAL, "unknown run flags %#x", req->flags);
	if (req->flags & PAB_RUN_IRQS_OFF && pab_method_may_sleep(req->method))
		return pab_fail(ctx, -EINVAL, "irqs-off needs a method that cannot sleep (apply, walk-lockless, null), not %s",
				name);
	if (req->cpu != PAB_CPU_ANY && (req->cpu >= nr_cpu_ids || !cpu_online(req->cpu)))
		return pab_fail(ctx, -EINVAL, "CPU %u is not online", req->cpu);
	if (!req->iterations || req->iterations > PAB_MAX_ITERATIONS)
		return pab_fail(ctx, -EINVAL, "iterations %u not in 1..%u", req->iterations,
				PAB_MAX_ITERATIONS);
	if (req->warmup > PAB_MAX_WARMUP)
		return pab_fail(ctx, -EINVAL, "warmup %u exceeds %u", req->warmup, PAB_MAX_WARMUP);
	if (!req->ns_ptr)
		return pab_fail(ctx, -EINVAL, "no sample buffer (ns_ptr)");
	if (req->nr_events > PAB_MAX_EVENTS)
		return pab_fail(ctx, -EINVAL, "%u events requested, at most %u", req->nr_events,
				PAB_MAX_EVENTS);
	if (req->nr_events && !req->counts_ptr)
		return pab_fail(ctx, -EINVAL, "events requested without a counts buffer (counts_ptr)");
	if (req->tlb_ns_ptr && req->tlb != PAB_TLB_SEPARATE)
		return pab_fail(ctx, -EINVAL, "tlb_ns_ptr needs TLB mode separate");
	if (req->set_mask || req->clear_mask) {
		if ((req->set_mask | req->clear_mask) & ~bits)
			return pab_fail(ctx, -EINVAL, "masks %#llx/%#llx touch bits outside the permission bits %#llx",
					req->set_mask, req->clear_mask, bits);
		if (req->set_mask & req->clear_mask)
			return pab_fail(ctx, -EINVAL, "set and clear masks overlap (%#llx)",
					req->set_mask & req->clear_mask);
		if (req->method == PAB_METHOD_SET_MEMORY)
			return pab_fail(ctx, -EINVAL, "set-memory has its own masks");
	}
	return pab_method_check(ctx, r, req->method, req->offset, &req->length);
}

int pab_check_restored(struct pab_ctx *ctx, struct pab_region *r)
{
	struct pab_scan scan;
	u64 set, clear, alias;

	pab_prot_masks(PAB_PROT_RW, &set, &clear);
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

struct pab_run_state {
	u64 *ns, *cycles, *tlb_ns, *counts;
	struct pab_pmu pmu;
	cpumask_var_t saved_mask;
	bool pinned;
};

static int pab_run_setup(struct pab_ctx *ctx, struct pab_run *req, struct pab_run_state *st)
{
	st->ns = kvmalloc_array(req->iterations, sizeof(u64), GFP_KERNEL);
	st->cycles = kvmalloc_array(req->iterations, sizeof(u64), GFP_KERNEL);
	st->tlb_ns = kvcalloc(req->iterations, sizeof(u64), GFP_KERNEL);
	if (req->nr_events)
		st->counts = kvcalloc((size_t)req->iterations * req->nr_events, sizeof(u64),
				      GFP_KERNEL);
	if (!st->ns || !st->cycles || !st->tlb_ns || (req->nr_events && !st->counts))
		return pab_fail(ctx, -ENOMEM, "cannot allocate sample buffers for %u iterations",
				req->iterations);
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
	kvfree(st->counts);
}

int pab_run(struct pab_ctx *ctx, struct pab_region *r, struct pab_run *req)
{
	struct pab_run_state st = { };
	struct pab_call c = {
		.method = req->method, .lazy = req->lazy, .batch = req->batch,
		.tlb_included = req->tlb == PAB_TLB_INCLUDED,
		.irqs_off = req->flags & PAB_RUN_IRQS_OFF,
	};
	unsigned long start, end;
	u64 set_a, clear_a, set_b, clear_b, baseline[PAB_LVL_NR];
	struct pab_scan scan;
	u32 total, i, k = 0;
	bool phase = false, setup_done = false;
	int ret;

	/* Out fields start from zero whatever the caller left in them (counts add up). */
	req->completed = req->interrupted = req->run_cpu = 0;
	req->clock_read_ns = req->counter_hz = 0;
	req->verified_calls = req->mismatched = req->level_changes = 0;
	memset(req->leaves, 0, sizeof(req->leaves));
	memset(req->time_enabled, 0, sizeof(req->time_enabled));
	memset(req->time_running, 0, sizeof(req->time_running));
	memset(req->event_error, 0, sizeof(req->event_error));
	ret = pab_run_validate(ctx, r, req);
	if (ret)
		return ret;
	if (!mutex_trylock(&pab_run_lock))
		return pab_fail(ctx, -EBUSY, "another run is in progress on this device");

	start = r->start + req->offset;
	end = start + req->length;
	/* Phase A (even calls) and B: custom masks swap; defaults are the arch's ro/rw. */
	if (req->set_mask || req->clear_mask) {
		set_a = clear_b = req->set_mask;
		clear_a = set_b = req->clear_mask;
	} else {
		pab_prot_masks(PAB_PROT_RO, &set_a, &clear_a);
		pab_prot_masks(PAB_PROT_RW, &set_b, &clear_b);
	}
	ret = pab_run_setup(ctx, req, &st);
	if (ret)
		goto out;
	setup_done = true;
	req->run_cpu = raw_smp_processor_id();
	req->counter_hz = pab_counter_hz();
	req->clock_read_ns = pab_clock_read_cost();
	pab_scan_range(start, end, 0, 0, &scan);
	memcpy(baseline, scan.leaves, sizeof(baseline));

	if (req->nr_events)
		c.pmu = &st.pmu;
	r->touched = true;
	/* Even a failed set_memory_ro() may have changed the linear alias: undo with set_memory_rw(). */
	if (req->method == PAB_METHOD_SET_MEMORY)
		r->set_memory_used = true;
	total = req->warmup + req->iterations;
	for (i = 0; i < total; i++) {
		bool timed = i >= req->warmup, last = i + 1 == total;

		if (fatal_signal_pending(current)) {
			req->interrupted = 1;
			break;
		}
		phase = !phase;
		c.set = phase ? set_a : set_b;
		c.clear = phase ? clear_a : clear_b;
		ret = pab_call(&c, start, end);
		if (ret) {
			if (req->method == PAB_METHOD_SET_MEMORY)
				pab_fail(ctx, ret, "the kernel's set_memory_%s refused this region (%d)%s",
					 phase ? "ro" : "rw", ret,
					 r->kind == PAB_REGION_VMALLOC ? "" :
					 ": arm64 accepts only plain vmalloc areas (region kind vmalloc)");
			else
				pab_fail(ctx, ret, "call %u of method %u failed with %d", i,
					 req->method, ret);
			break;
		}
		if (req->tlb == PAB_TLB_SEPARATE && req->method != PAB_METHOD_NULL) {
			u64 t0 = ktime_get_ns();

			pab_tlb_flush(start, end);
			if (timed)
				st.tlb_ns[k] = ktime_get_ns() - t0;
		}
		if (timed) {
			st.ns[k] = c.ns;
			st.cycles[k] = c.cycles;
			if (req->nr_events)
				memcpy(&st.counts[(size_t)k * req->nr_events], c.counts,
				       req->nr_events * sizeof(u64));
			k++;
		}
		if (req->method != PAB_METHOD_NULL && (last || !(req->flags & PAB_RUN_VERIFY_END))) {
			pab_scan_range(start, end, c.set, c.clear, &scan);
			req->verified_calls++;
			req->mismatched += scan.mismatched;
			req->level_changes += pab_level_changes(scan.leaves, baseline);
		}
		cond_resched();
	}
	req->completed = k;
	pab_levels_out(req->leaves, c.leaves);

	/* Back to read-write whatever happened, and check it. */
	if (pab_restore(r) && !ret)
		ret = pab_fail(ctx, -EIO, "restoring the region to read-write failed");
	if (!ret)
		ret = pab_check_restored(ctx, r);
	if (!ret && (req->mismatched || req->level_changes))
		ret = pab_fail(ctx, -EIO, "verification failed: %llu leaves with the wrong permission, %llu at another level than mapped",
			       req->mismatched, req->level_changes);
	if (!ret && req->interrupted)
		ret = pab_fail(ctx, -EINTR, "interrupted after %u of %u timed calls", k,
			       req->iterations);
	for (i = 0; i < req->nr_events; i++) {
		req->time_enabled[i] = st.pmu.enabled[i];
		req->time_running[i] = st.pmu.running[i];
	}
	if (pab_copy_samples(req->ns_ptr, st.ns, k) || pab_copy_samples(req->cycles_ptr, st.cycles, k) ||
	    pab_copy_samples(req->tlb_ns_ptr, st.tlb_ns, k) ||
	    pab_copy_samples(req->counts_ptr, st.counts, k * req->nr_events))
		ret = ret ?: pab_fail(ctx, -EFAULT, "cannot write samples to the user buffers");
out:
	pab_run_teardown(&st, setup_done);
	mutex_unlock(&pab_run_lock);
	return ret;
}
