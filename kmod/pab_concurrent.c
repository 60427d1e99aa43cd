// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrent callers (PAB_IOC_CONCURRENT): the cpa_lock question.
 *
 * x86 serialises its pageattr changes with cpa_lock; arm64's
 * __change_memory_common takes no lock around the page-table walk. This runs
 * nr_threads kernel threads, each bound to a CPU and owning one range, that
 * change permissions at the same time, optionally with one global mutex
 * around each call (what a cpa_lock would cost), and looks for what a missing
 * lock would break: after each of its calls a thread reads its own range back
 * (a lost update shows as a wrong permission, a split block as a level
 * change), and once all threads are done every entry of every region is
 * checked against what each thread's last call left (entries outside all
 * ranges must still be read-write).
 *
 * Ranges are validated up front like single runs (pab_method_check): a range
 * whose end falls inside a block mapping is refused, as are ranges that
 * overlap without being the same, so callers breaking the walker's contract
 * get an error, never a split or corrupted block. Threads may share a range
 * whole, each toggling its own bit (PAB_CONC_BITS): then an entry has two
 * writers, and the checks count the updates one's read-modify-write undid
 * of the other's (lost updates), the race a cpa_lock prevents. The threads never outlive the ioctl: it waits for
 * every one, also when the caller gets a fatal signal (they stop between
 * calls), so an open file keeps pinning the module for as long as they run.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>
#include "pab.h"

/*
 * The cpa_lock-style global locks: PAB_CONC_LOCK_MUTEX and _SPINLOCK, each
 * held around a whole call. x86's cpa_lock is a spinlock held around each
 * step of __change_page_attr_set_clr() and dropped around a split's
 * allocation; around the call is the coarser, costlier form of the same.
 */
static DEFINE_MUTEX(pab_cpa_lock);
static DEFINE_SPINLOCK(pab_cpa_spinlock);

/*
 * Test hook: the corruption checks must be able to fail. With this set, one
 * entry of thread 0's range is flipped back after the threads end, as a lost
 * update would leave it, before the final check.
 */
static bool inject_lost_update;
module_param(inject_lost_update, bool, 0444);
MODULE_PARM_DESC(inject_lost_update, "Test only, set at load: fake one lost update in each concurrent run");

struct pab_conc_job;

struct pab_worker {
	struct pab_conc_job *job;
	struct pab_thread t;		/* the caller's entry, filled in */
	struct pab_region *r;
	unsigned long start, end;
	u64 set[2], clear[2];		/* its bit's masks: [0] odd calls, [1] even calls */
	u64 baseline[PAB_LVL_NR];	/* leaves per level before the run */
	u64 total_calls;		/* warmup + timed calls made: their parity is the end state */
	u64 t_end;
	struct task_struct *task;
	struct completion done;
};

struct pab_conc_job {
	const struct pab_concurrent *req;
	u64 rest_set, rest_clear;	/* read-write: the entries no thread's range holds */
	atomic_t ready;
	atomic_t stop;
	struct completion all_ready;	/* every thread finished its warmup */
	struct completion go;		/* the common start */
};

static void pab_worker_arrive(struct pab_worker *w, bool *arrived)
{
	struct pab_conc_job *job = w->job;

	if (*arrived)
		return;
	*arrived = true;
	if (atomic_inc_return(&job->ready) == job->req->nr_threads)
		complete(&job->all_ready);
	/*
	 * TASK_IDLE: others may warm up for minutes on big ranges; an
	 * uninterruptible wait that long is a hung-task report.
	 */
	wait_for_completion_state(&job->go, TASK_IDLE);
}

static int pab_worker_fn(void *data)
{
	struct pab_worker *w = data;
	struct pab_conc_job *job = w->job;
	const struct pab_concurrent *req = job->req;
	struct pab_call c = {
		.method = req->method, .lazy = req->lazy, .batch = req->batch,
		.serialise = req->lock == PAB_CONC_LOCK_MUTEX ? &pab_cpa_lock : NULL,
		.serialise_spin = req->lock == PAB_CONC_LOCK_SPINLOCK ? &pab_cpa_spinlock : NULL,
	};
	u32 total = req->warmup + req->iterations;
	struct pab_tally tally = { };
	bool arrived = false;

	w->t.run_cpu = raw_smp_processor_id();
	for (u32 i = 0; i < total; i++) {
		bool timed = i >= req->warmup, last = i + 1 == total;
		int phase = i & 1;	/* the first call makes the range read-only */
		bool verify;
		int ret;

		if (timed)
			pab_worker_arrive(w, &arrived);
		if (atomic_read(&job->stop))
			break;
		c.set = w->set[phase];
		c.clear = w->clear[phase];
		verify = last || !(req->flags & PAB_RUN_VERIFY_END);
		ret = pab_call_verified(&c, w->start, w->end, verify, w->baseline, &tally);
		w->total_calls++;
		if (timed)
			w->t.lock_wait_ns += c.lock_wait_ns;
		if (ret) {
			w->t.error = ret;
			atomic_set(&job->stop, 1);
			break;
		}
		if (timed) {
			w->t.calls++;
			w->t.ns += c.ns;
			w->t.ns_max = max(w->t.ns_max, c.ns);
		}
		cond_resched();
	}
	w->t.mismatched = tally.mismatched;
	w->t.level_changes = tally.level_changes;
	for (int l = 0; l < PAB_LVL_NR; l++)
		w->t.leaves += c.leaves[l];
	w->t_end = ktime_get_ns();
	/* A thread that stopped early still has to let the others start. */
	pab_worker_arrive(w, &arrived);
	kthread_complete_and_exit(&w->done, 0);
}

static int pab_conc_validate(struct pab_ctx *ctx, const struct pab_concurrent *req)
{
	struct pab_request q = {
		.what = "concurrent", .method = req->method, .lazy = req->lazy,
		.batch = req->batch, .tlb = PAB_TLB_NONE, .flags = req->flags,
		.known_flags = PAB_RUN_VERIFY_END, .iterations = req->iterations,
		.warmup = req->warmup, .has_batch = true, .has_counts = true,
	};
	int ret;

	if (!req->nr_threads || req->nr_threads > PAB_MAX_THREADS)
		return pab_fail(ctx, -EINVAL, "%u threads not in 1..%u", req->nr_threads,
				PAB_MAX_THREADS);
	if (!req->threads_ptr)
		return pab_fail(ctx, -EINVAL, "no thread array (threads_ptr)");
	if (req->thread_size < sizeof(struct pab_thread) ||
	    req->thread_size > sizeof(struct pab_thread) * 4)
		return pab_fail(ctx, -EINVAL, "thread entry size %u: this module needs %zu..%zu",
				req->thread_size, sizeof(struct pab_thread),
				sizeof(struct pab_thread) * 4);
	ret = pab_request_check(ctx, &q);
	if (ret)
		return ret;
	if (req->lock >= PAB_CONC_LOCK_NR)
		return pab_fail(ctx, -EINVAL, "unknown lock mode %u", req->lock);
	if (req->lock == PAB_CONC_LOCK_SPINLOCK && pab_method(req->method)->flags & PAB_MF_SLEEPS)
		return pab_fail(ctx, -EINVAL, "%s may sleep: no spinlock can be held around it (use the mutex)",
				pab_method(req->method)->name);
	return 0;
}

/* Read the caller's entries in, check each thread's range, count the threads that share one. */
static int pab_conc_load(struct pab_ctx *ctx, const struct pab_concurrent *req,
			 struct pab_worker *w, u32 *shared)
{
	unsigned int next_cpu = cpumask_first(cpu_online_mask);

	for (u32 i = 0; i < req->nr_threads; i++) {
		void __user *u = u64_to_user_ptr(req->threads_ptr + (u64)i * req->thread_size);
		struct pab_thread *t = &w[i].t;
		int ret = copy_struct_from_user(t, sizeof(*t), u, req->thread_size);

		if (ret == -E2BIG)
			return pab_fail(ctx, ret, "thread %u: entry has fields this module does not know",
					i);
		if (ret)
			return ret;
		w[i].r = pab_region_find(ctx, t->region);
		if (!w[i].r)
			return pab_fail(ctx, -ENOENT, "thread %u: no region with id %u", i, t->region);
		ret = pab_method_check(ctx, w[i].r, req->method, t->offset, &t->length);
		if (ret) {
			char why[PAB_ERRMSG_LEN];

			strscpy(why, ctx->last_msg, sizeof(why));
			return pab_fail(ctx, ret, "thread %u: %s", i, why);
		}
		if (t->cpu == PAB_CPU_ANY) {
			t->cpu = next_cpu;
			next_cpu = cpumask_next(next_cpu, cpu_online_mask);
			if (next_cpu >= nr_cpu_ids)
				next_cpu = cpumask_first(cpu_online_mask);
		} else if (t->cpu >= nr_cpu_ids || !cpu_online(t->cpu)) {
			return pab_fail(ctx, -EINVAL, "thread %u: CPU %u is not online", i, t->cpu);
		}
		if (t->bit >= PAB_CONC_BIT_NR)
			return pab_fail(ctx, -EINVAL, "thread %u: unknown bit %u", i, t->bit);
		if (t->bit != PAB_CONC_BIT_RDONLY && pab_method(req->method)->flags & PAB_MF_KERNEL)
			return pab_fail(ctx, -EINVAL, "thread %u: %s changes permissions only (bit %s)", i,
					pab_method(req->method)->name, "rdonly");
		/* Outputs start from zero whatever the caller left in them. */
		*t = (struct pab_thread){ .region = t->region, .cpu = t->cpu, .offset = t->offset,
					  .length = t->length, .bit = t->bit };
		w[i].start = w[i].r->start + t->offset;
		w[i].end = w[i].start + t->length;
		if (t->bit == PAB_CONC_BIT_SW) {
			w[i].set[0] = w[i].clear[1] = pab_sw_bit();
			w[i].clear[0] = w[i].set[1] = 0;
		} else {
			pab_prot_masks(PAB_PROT_RO, &w[i].set[0], &w[i].clear[0]);
			pab_prot_masks(PAB_PROT_RW, &w[i].set[1], &w[i].clear[1]);
		}
	}
	/*
	 * Threads share a range only whole and with different bits: a partial
	 * overlap or one bit twice has no defined end state to check.
	 */
	*shared = 0;
	for (u32 i = 0; i < req->nr_threads; i++) {
		bool shares = false;

		for (u32 j = 0; j < req->nr_threads; j++) {
			if (j == i || w[i].r != w[j].r || w[i].start >= w[j].end || w[j].start >= w[i].end)
				continue;
			if (w[i].start != w[j].start || w[i].end != w[j].end)
				return pab_fail(ctx, -EINVAL, "threads %u and %u overlap at +%#lx: share a range whole or not at all",
						min(i, j), max(i, j), max(w[i].start, w[j].start) - w[i].r->start);
			if (w[i].t.bit == w[j].t.bit)
				return pab_fail(ctx, -EINVAL, "threads %u and %u share a range and bit %u: sharing threads toggle different bits",
						min(i, j), max(i, j), w[i].t.bit);
			shares = true;
		}
		*shared += shares;
	}
	return 0;
}

static int pab_range_cmp(const void *a, const void *b)
{
	const struct pab_worker *x = *(const struct pab_worker * const *)a;
	const struct pab_worker *y = *(const struct pab_worker * const *)b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * After all threads ended: every leaf of every region involved must carry
 * what its owner's last call set (read-only after an odd number of calls),
 * every leaf outside all ranges must still be read-write, and each region
 * must have as many leaves per level as when it was mapped.
 */
/* Check [start, end) carries set/clear; count its leaves per level into levels. */
static void pab_conc_check_span(unsigned long start, unsigned long end, u64 set, u64 clear,
				u64 levels[PAB_LVL_NR], struct pab_concurrent *req)
{
	struct pab_scan scan;

	if (start >= end)
		return;
	pab_scan_range(start, end, set, clear, &scan);
	for (int l = 0; l < PAB_LVL_NR; l++) {
		levels[l] += scan.leaves[l];
		req->final_checked += scan.leaves[l];
	}
	req->final_mismatched += scan.mismatched;
}

static void pab_conc_final_check(struct pab_conc_job *job, u32 n, struct pab_worker **order,
				 struct pab_concurrent *req)
{
	for (u32 i = 0; i < n; i++) {
		struct pab_region *r = order[i]->r;
		unsigned long pos = r->start;
		u64 levels[PAB_LVL_NR] = { };

		if (i && order[i - 1]->r == r)
			continue;	/* this region was done with its first range */
		for (u32 j = i; j < n && order[j]->r == r; j++) {
			struct pab_worker *o = order[j];
			u64 set = 0, clear = 0;

			if (j > i && order[j - 1]->start == o->start)
				continue;	/* a shared range: done with its first thread */
			/* Every sharing thread's last state of its own bit, at once. */
			for (u32 k = j; k < n && order[k]->r == r && order[k]->start == o->start; k++) {
				int ph = order[k]->total_calls & 1 ? 0 : 1;

				set |= order[k]->set[ph];
				clear |= order[k]->clear[ph];
			}
			pab_conc_check_span(pos, o->start, job->rest_set, job->rest_clear, levels, req);
			pab_conc_check_span(o->start, o->end, set, clear, levels, req);
			pos = o->end;
		}
		pab_conc_check_span(pos, r->start + r->bytes, job->rest_set, job->rest_clear, levels, req);
		req->final_level_changes += pab_level_changes(levels, r->leaves);
	}
}

/* Start the threads, all bound and parked until every one exists. */
static int pab_conc_spawn(struct pab_ctx *ctx, struct pab_worker *w, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		init_completion(&w[i].done);
		w[i].task = kthread_create(pab_worker_fn, &w[i], "pab_conc/%u", i);
		if (IS_ERR(w[i].task))
			break;
		kthread_bind(w[i].task, w[i].t.cpu);
	}
	if (i < n) {
		int err = PTR_ERR(w[i].task);
		u32 failed = i;

		/* Never woken: kthread_stop() ends them before pab_worker_fn runs. */
		while (i--)
			kthread_stop(w[i].task);
		return pab_fail(ctx, err, "cannot create kernel thread %u (%d)", failed, err);
	}
	for (i = 0; i < n; i++)
		wake_up_process(w[i].task);
	return 0;
}

/* Wait for completion c; on a fatal signal, tell the threads to stop and keep waiting. */
static void pab_conc_wait(struct pab_conc_job *job, struct completion *c,
			  struct pab_concurrent *req)
{
	if (wait_for_completion_killable(c)) {
		req->interrupted = 1;
		atomic_set(&job->stop, 1);
		complete_all(&job->go);
		/* The threads stop at their next call; not a hung task meanwhile. */
		wait_for_completion_state(c, TASK_IDLE);
	}
}

static int pab_conc_execute(struct pab_ctx *ctx, struct pab_conc_job *job, struct pab_worker *w,
			    struct pab_concurrent *req)
{
	u32 n = req->nr_threads;
	u64 t_start;
	int ret;

	for (u32 i = 0; i < n; i++) {
		struct pab_scan scan;

		/*
		 * Every region starts read-write: a leftover change would read as
		 * corruption. Once per region, however many threads share it.
		 */
		if (w[i].r->touched) {
			if (pab_restore(w[i].r))
				return pab_fail(ctx, -EIO, "thread %u: cannot restore its region first", i);
			w[i].r->touched = false;
		}
		pab_scan_range(w[i].start, w[i].end, 0, 0, &scan);
		memcpy(w[i].baseline, scan.leaves, sizeof(w[i].baseline));
	}
	ret = pab_conc_spawn(ctx, w, n);
	if (ret)
		return ret;
	for (u32 i = 0; i < n; i++) {
		pab_method_touch(w[i].r, req->method);
		w[i].r->sw_toggled |= w[i].t.bit == PAB_CONC_BIT_SW;
	}
	pab_conc_wait(job, &job->all_ready, req);
	t_start = ktime_get_ns();
	complete_all(&job->go);
	for (u32 i = 0; i < n; i++) {
		pab_conc_wait(job, &w[i].done, req);
		req->wall_ns = max(req->wall_ns, w[i].t_end - t_start);
	}
	return 0;
}

int pab_concurrent(struct pab_ctx *ctx, struct pab_concurrent *req)
{
	struct pab_conc_job job = { .req = req };
	struct pab_worker *w, **order;
	u32 n = req->nr_threads;
	int ret;

	ret = pab_conc_validate(ctx, req);
	if (ret)
		return ret;
	w = kvcalloc(n, sizeof(*w), GFP_KERNEL);
	order = kvcalloc(n, sizeof(*order), GFP_KERNEL);
	if (!w || !order) {
		ret = pab_fail(ctx, -ENOMEM, "out of memory for %u threads", n);
		goto out_free;
	}
	for (u32 i = 0; i < n; i++)
		w[i].job = &job;
	ret = pab_conc_load(ctx, req, w, &req->shared);
	if (ret)
		goto out_free;
	if (!mutex_trylock(&pab_run_lock)) {
		ret = pab_fail(ctx, -EBUSY, "another run is in progress on this device");
		goto out_free;
	}
	pab_prot_masks(PAB_PROT_RW, &job.rest_set, &job.rest_clear);
	/* Where a thread toggles the software bit, entries outside every range must not carry it. */
	for (u32 i = 0; i < n; i++)
		if (w[i].t.bit == PAB_CONC_BIT_SW)
			job.rest_clear |= pab_sw_bit();
	atomic_set(&job.ready, 0);
	atomic_set(&job.stop, 0);
	init_completion(&job.all_ready);
	init_completion(&job.go);
	req->wall_ns = req->calls = req->leaves = req->mismatched = req->level_changes = 0;
	req->final_checked = req->final_mismatched = req->final_level_changes = 0;
	req->interrupted = 0;

	ret = pab_conc_execute(ctx, &job, w, req);
	if (ret)
		goto out_unlock;
	for (u32 i = 0; i < n; i++) {
		req->calls += w[i].t.calls;
		req->leaves += w[i].t.leaves * w[i].t.calls;
		req->mismatched += w[i].t.mismatched;
		req->level_changes += w[i].t.level_changes;
		if (w[i].t.error && !ret)
			ret = pab_fail(ctx, w[i].t.error, "thread %u: call failed with %d", i,
				       w[i].t.error);
	}
	if (inject_lost_update && !(pab_method(req->method)->flags & PAB_MF_BASELINE)) {
		unsigned long size;
		int ph = w[0].total_calls & 1 ? 1 : 0;	/* the other state than expected */
		struct pab_call c = { .method = PAB_METHOD_WALK, .lazy = PAB_LAZY_NATIVE,
				      .set = w[0].set[ph], .clear = w[0].clear[ph] };

		if (pab_leaf_level(w[0].start, &size) >= 0)
			pab_call(&c, w[0].start, w[0].start + size);
	}
	/* Threads by address: each region's ranges next to each other, in order. */
	for (u32 i = 0; i < n; i++)
		order[i] = &w[i];
	sort(order, n, sizeof(*order), pab_range_cmp, NULL);
	if (!(pab_method(req->method)->flags & PAB_MF_BASELINE))
		pab_conc_final_check(&job, n, order, req);
	/* Back to read-write whatever happened, region by region, and check it. */
	for (u32 i = 0; i < n; i++) {
		struct pab_region *r = order[i]->r;

		if (i && order[i - 1]->r == r)
			continue;
		if (pab_restore(r) && !ret)
			ret = pab_fail(ctx, -EIO, "restoring region %u to read-write failed", r->id);
		if (!ret)
			ret = pab_check_restored(ctx, r);
	}
	/* Sharing threads can lose updates: that is what they measure. Nothing else can. */
	if (!ret && (((req->mismatched || req->final_mismatched) && !req->shared) ||
		     req->level_changes || req->final_level_changes))
		ret = pab_fail(ctx, -EIO, "corruption: %llu lost updates seen by the threads, %llu leaves wrong at the end, %llu+%llu leaves at another level",
			       req->mismatched, req->final_mismatched, req->level_changes,
			       req->final_level_changes);
	if (!ret && req->interrupted)
		ret = pab_fail(ctx, -EINTR, "interrupted after %llu timed calls", req->calls);
	for (u32 i = 0; i < n; i++) {
		void __user *u = u64_to_user_ptr(req->threads_ptr + (u64)i * req->thread_size);

		if (copy_to_user(u, &w[i].t, sizeof(w[i].t)))
			ret = ret ?: pab_fail(ctx, -EFAULT, "cannot write thread %u's results", i);
	}
out_unlock:
	mutex_unlock(&pab_run_lock);
out_free:
	kvfree(order);
	kvfree(w);
	return ret;
}
