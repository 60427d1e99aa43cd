// SPDX-License-Identifier: GPL-2.0
/*
 * The split race (PAB_IOC_SPLIT_RACE): does arm64 need a cpa_lock where
 * splits happen? See the UAPI header for the experiment. Each round:
 *
 *   coordinator                      threads (one per CPU)
 *   fresh block, its leaves read
 *   phase 2r+1  ------------------>  own pages -> invalid (the entry point)
 *   check every entry  <-----------  done
 *   phase 2r+2  ------------------>  own pages -> valid again
 *   check every entry  <-----------  done
 *   count the leaves split
 *
 * The block is held to the end, so every round's is fresh: the buddy
 * allocator would otherwise hand the same (already split) block back. The
 * threads own disjoint pages, as the lockless walker's contract requires;
 * pages of different threads share the block and, with slots spread over
 * it, each contiguous-PTE group a slot falls in. What the kernel does to
 * the page tables is judged by reading them, not by trusting its returns.
 */
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include <linux/wait_bit.h>
#include "pab.h"

/* A (split or walk) call's interval, as the kretprobes saw it. */
struct pab_span {
	u64 start, end;
};

#define PAB_SPANS	(2 * PAB_MAX_SPLIT_SLOTS)
/* Already-split blocks held aside at most (512 MiB of 2 MiB blocks): then one is used as it is. */
#define PAB_SR_STALE_MAX	256

struct pab_sr_worker {
	struct pab_sr_job *job;
	u32 index;
	struct task_struct *task;
	struct completion done;
	/* This phase's calls; the kretprobe handlers run in this thread only. */
	struct pab_span split[PAB_SPANS], walk[PAB_SPANS];
	u32 nsplit, nwalk;
	u64 calls, errors;
	bool last_ok[PAB_MAX_SPLIT_SLOTS];	/* the slot's call of this phase succeeded */
	/* set-memory: this round's VM_ALLOC area over the thread's pages, the alias loop's pages */
	struct vm_struct *area;
	struct page *pages[PAB_MAX_SPLIT_SLOTS];
};

struct pab_sr_job {
	struct pab_split_race *req;
	struct pab_sr_worker *w;
	u32 nr, slots;
	unsigned int order;
	struct page *block;		/* this round's */
	atomic_t phase;			/* 2r+1: invalid, 2r+2: valid; -1 stop */
	atomic_t done;			/* threads done with their phases so far */
};

/* The kretprobes need the running job; one split race at a time (pab_sr_lock). */
static DEFINE_MUTEX(pab_sr_lock);
static struct pab_sr_job *pab_sr_current;

static struct pab_sr_worker *pab_sr_me(void)
{
	struct pab_sr_job *job = READ_ONCE(pab_sr_current);

	for (u32 i = 0; job && i < job->nr; i++)
		if (job->w[i].task == current)
			return &job->w[i];
	return NULL;
}

static int pab_sr_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(u64 *)ri->data = ktime_get_ns();
	return pab_sr_me() ? 0 : 1;	/* 1: not one of ours, no return handler */
}

static void pab_sr_record(struct kretprobe_instance *ri, bool split)
{
	struct pab_sr_worker *w = pab_sr_me();
	struct pab_span *s;
	u32 *n;

	if (!w)
		return;
	s = split ? w->split : w->walk;
	n = split ? &w->nsplit : &w->nwalk;
	if (*n < PAB_SPANS)
		s[(*n)++] = (struct pab_span){ *(u64 *)ri->data, ktime_get_ns() };
}

static int pab_sr_split_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	pab_sr_record(ri, true);
	return 0;
}

static int pab_sr_walk_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	pab_sr_record(ri, false);
	return 0;
}

static struct kretprobe pab_sr_probes[] = {
	{ .kp.symbol_name = "split_kernel_leaf_mapping", .entry_handler = pab_sr_entry,
	  .handler = pab_sr_split_ret, .data_size = sizeof(u64), .maxactive = PAB_MAX_THREADS },
	{ .kp.symbol_name = "walk_kernel_page_table_range_lockless", .entry_handler = pab_sr_entry,
	  .handler = pab_sr_walk_ret, .data_size = sizeof(u64), .maxactive = PAB_MAX_THREADS },
};

/* Thread t's page in slot s: slots spread over the block, the threads side by side. */
static struct page *pab_sr_page(const struct pab_sr_job *job, u32 t, u32 s)
{
	unsigned long pages = 1UL << job->order, stride = pages / job->slots;

	return job->block + s * stride + t;
}

static int pab_sr_call(const struct pab_sr_job *job, struct page *page, bool invalid)
{
	return invalid ? pab_sym.set_direct_map_invalid_noflush(page) :
			 pab_sym.set_direct_map_default_noflush(page);
}

/*
 * set-memory: the thread's pages of this round behind a VM_ALLOC area whose
 * pages[] are them, as vmalloc() leaves one, so change_memory_common()
 * accepts it and its alias loop changes each page's linear alias.
 */
static int pab_sr_area_map(const struct pab_sr_job *job, struct pab_sr_worker *w)
{
	unsigned long size = (unsigned long)job->slots << PAGE_SHIFT, addr;
	pab_vmap_pages_fn vmap = pab_sym.vmap_pages_range ?: pab_sym.vmap_pages_range_noflush;
	int ret;

	for (u32 s = 0; s < job->slots; s++)
		w->pages[s] = pab_sr_page(job, w->index, s);
	w->area = pab_sym.get_vm_area_caller(size, VM_ALLOC, VMALLOC_START, VMALLOC_END,
					     __builtin_return_address(0));
	if (!w->area)
		return -ENOMEM;
	addr = (unsigned long)w->area->addr;
	ret = vmap(addr, addr + size, PAGE_KERNEL, w->pages, PAGE_SHIFT);
	if (ret) {
		free_vm_area(w->area);
		w->area = NULL;
		return ret;
	}
	w->area->pages = w->pages;
	w->area->nr_pages = job->slots;
	return 0;
}

static void pab_sr_area_free(struct pab_sr_worker *w)
{
	if (!w->area)
		return;
	/* Ours, not vmalloc's: free_vm_area() must not see pages to free. */
	w->area->pages = NULL;
	w->area->nr_pages = 0;
	free_vm_area(w->area);
	w->area = NULL;
}

/* One phase of one thread: its pages one call each, or its area in one call. */
static void pab_sr_phase(struct pab_sr_job *job, struct pab_sr_worker *w, bool first)
{
	int ret = 0;

	if (job->req->caller == PAB_SPLIT_CALLER_DIRECT_MAP) {
		for (u32 s = 0; s < job->slots; s++) {
			ret = pab_sr_call(job, pab_sr_page(job, w->index, s), first);
			w->calls++;
			w->errors += ret != 0;
			w->last_ok[s] = !ret;
		}
		return;
	}
	if (first)
		ret = pab_sr_area_map(job, w);
	if (!ret && w->area) {
		unsigned long addr = (unsigned long)w->area->addr;

		ret = first ? pab_sym.set_memory_ro(addr, job->slots) :
			      pab_sym.set_memory_rw(addr, job->slots);
		w->calls++;
	}
	w->errors += ret != 0;
	for (u32 s = 0; s < job->slots; s++)
		w->last_ok[s] = !ret;
	if (!first)
		pab_sr_area_free(w);
}

static bool pab_sr_wait(struct pab_sr_job *job, int want)
{
	/* Interruptible: a kthread gets no signals, and it is no hung task while it waits. */
	wait_var_event_interruptible(&job->phase, atomic_read(&job->phase) >= want ||
				     atomic_read(&job->phase) < 0 || kthread_should_stop());
	return atomic_read(&job->phase) == want;
}

static int pab_sr_worker_fn(void *data)
{
	struct pab_sr_worker *w = data;
	struct pab_sr_job *job = w->job;

	for (int phase = 1; pab_sr_wait(job, phase); phase++) {
		pab_sr_phase(job, w, phase & 1);
		atomic_inc(&job->done);
		wake_up_var(&job->done);
	}
	while (!kthread_should_stop()) {
		set_current_state(TASK_IDLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

/* Pairs (split of one thread, walk of another) that overlapped in time. */
static u64 pab_sr_overlaps(struct pab_sr_job *job)
{
	u64 n = 0;

	for (u32 i = 0; i < job->nr; i++)
		for (u32 j = 0; j < job->nr; j++)
			for (u32 a = 0; i != j && a < job->w[i].nsplit; a++)
				for (u32 b = 0; b < job->w[j].nwalk; b++)
					n += job->w[i].split[a].start < job->w[j].walk[b].end &&
					     job->w[j].walk[b].start < job->w[i].split[a].end;
	for (u32 i = 0; i < job->nr; i++)
		job->w[i].nsplit = job->w[i].nwalk = 0;
	return n;
}

/* The permission bits set_memory_ro() leaves on an entry that had perm (arm64). */
static u64 pab_ro_perm(u64 perm)
{
#ifdef CONFIG_ARM64
	return (perm & ~PTE_WRITE) | PTE_RDONLY;
#else
	return perm & ~_PAGE_RW;
#endif
}

/* Thread and slot owning page i of the block, or false if nobody owns it. */
static bool pab_sr_owner(const struct pab_sr_job *job, unsigned long i, u32 *t, u32 *s)
{
	unsigned long stride = (1UL << job->order) / job->slots;

	*s = i / stride;
	*t = i % stride;
	return *s < job->slots && *t < job->nr;
}

/*
 * Every entry of the block after a phase: valid unless its owner's last call
 * made it invalid (and succeeded), its own frame, the block's permissions,
 * and each contiguous-PTE group all hinted or none. Returns the count.
 */
static u64 pab_sr_check(struct pab_sr_job *job, bool invalid_phase, u64 perm_bits,
			u64 perm_want)
{
	struct pab_split_race *req = job->req;
	unsigned long va = (unsigned long)page_address(job->block), pages = 1UL << job->order;
	unsigned long pfn0 = page_to_pfn(job->block), size;
	u64 bad = 0, val;
	u32 t, s;

	for (unsigned long i = 0; i < pages; i++) {
		unsigned long addr = va + (i << PAGE_SHIFT);
		int level = pab_leaf_val(addr, &size, &val);
		/* Changed by its owner's last call: direct-map invalid, set-memory read-only. */
		bool changed = invalid_phase && pab_sr_owner(job, i, &t, &s) && job->w[t].last_ok[s];
		bool ro = job->req->caller == PAB_SPLIT_CALLER_SET_MEMORY;
		bool want_valid = !(changed && !ro);
		u64 want_perm = changed && ro ? pab_ro_perm(perm_want) : perm_want;
		unsigned long pfn;

		if (level < 0) {
			req->wrong_pfn++;	/* no entry at all: a lost table */
			bad++;
			continue;
		}
		pfn = pab_leaf_pfn(val, level) + ((addr & (size - 1)) >> PAGE_SHIFT);
		if (pfn != pfn0 + i) {
			req->wrong_pfn++;
			bad++;
		}
		if (!!(val & PAB_PTE_VALID) != want_valid) {
			req->wrong_valid++;
			bad++;
		}
		if ((val & perm_bits) != want_perm) {
			req->wrong_perm++;
			bad++;
		}
	}
#ifdef CONFIG_ARM64
	for (unsigned long g = 0; g < pages; g += CONT_PTES) {
		unsigned int hinted = 0;

		for (unsigned long i = g; i < g + CONT_PTES; i++)
			hinted += pab_leaf_level(va + (i << PAGE_SHIFT), &size) == PAB_LVL_CONT_PTE;
		if (hinted && hinted != CONT_PTES) {
			req->cont_broken++;
			bad++;
		}
	}
#endif
	return bad;
}

/*
 * The block's leaves larger than a page, their bases and levels noted in
 * bases[]/levels[]; returns how many.
 */
static u64 pab_sr_large(struct pab_sr_job *job, unsigned long *bases, u8 *levels)
{
	unsigned long va = (unsigned long)page_address(job->block), size, base, last = ~0UL;
	u64 n = 0;

	for (unsigned long i = 0; i < (1UL << job->order); i++) {
		unsigned long addr = va + (i << PAGE_SHIFT);
		int level = pab_leaf_level(addr, &size);

		if (level < 0 || level == PAB_LVL_PTE)
			continue;
		base = addr & ~(pab_group_size(level, size) - 1);
		if (base == last)
			continue;
		last = base;
		bases[n] = base;
		levels[n++] = level;
	}
	return n;
}

/* Of the n leaves noted before the round, those split since: no longer at their level. */
static u64 pab_sr_split(const unsigned long *bases, const u8 *levels, u64 n)
{
	unsigned long size;
	u64 split = 0;

	for (u64 k = 0; k < n; k++)
		split += pab_leaf_level(bases[k], &size) != levels[k];
	return split;
}

static int pab_sr_validate(struct pab_ctx *ctx, struct pab_split_race *req)
{
	const char *why;

	if (!IS_ENABLED(CONFIG_ARM64))
		return pab_fail(ctx, -EOPNOTSUPP, "the split race tests arm64's split_kernel_leaf_mapping(); x86 serialises its splits with cpa_lock");

	if (req->caller >= PAB_SPLIT_CALLER_NR)
		return pab_fail(ctx, -EINVAL, "unknown caller kind %u", req->caller);
	if (req->nr_threads < 2 || req->nr_threads > PAB_MAX_THREADS ||
	    req->nr_threads > num_online_cpus())
		return pab_fail(ctx, -EINVAL, "threads %u not in 2..%u (one per online CPU)",
				req->nr_threads, min_t(u32, PAB_MAX_THREADS, num_online_cpus()));
	if (!req->rounds || req->rounds > PAB_MAX_SPLIT_ROUNDS)
		return pab_fail(ctx, -EINVAL, "rounds %u not in 1..%u", req->rounds,
				PAB_MAX_SPLIT_ROUNDS);
	if (!req->slots)
		req->slots = 8;
	if (req->slots > PAB_MAX_SPLIT_SLOTS)
		return pab_fail(ctx, -EINVAL, "slots %u exceed %u", req->slots, PAB_MAX_SPLIT_SLOTS);
	if (req->caller == PAB_SPLIT_CALLER_SET_MEMORY &&
	    (!pab_sym.set_memory_ro || !pab_sym.set_memory_rw || !pab_sym.find_vm_area ||
	     !pab_sym.get_vm_area_caller || !(pab_sym.vmap_pages_range || pab_sym.vmap_pages_range_noflush)))
		return pab_fail(ctx, -EOPNOTSUPP, "the set-memory caller needs set_memory_ro/rw, __get_vm_area_caller and vmap_pages_range (see 'pageattr-bench info')");
	if (req->caller == PAB_SPLIT_CALLER_SET_MEMORY && pab_rodata_full() != PAB_STATE_ON)
		return pab_fail(ctx, -EOPNOTSUPP, "the set-memory caller changes the linear alias only under rodata_full, which is off here");
	if (req->caller == PAB_SPLIT_CALLER_DIRECT_MAP &&
	    (!pab_sym.set_direct_map_invalid_noflush || !pab_sym.set_direct_map_default_noflush)) {
		why = pab_sym_missing(&pab_sym.set_direct_map_invalid_noflush,
				      pab_sym_missing(&pab_sym.set_direct_map_default_noflush,
						      "not found"));
		return pab_fail(ctx, -EOPNOTSUPP, "the direct-map caller needs set_direct_map_invalid_noflush/default_noflush: %s",
				why);
	}
	return 0;
}

static unsigned int pab_sr_order(void)
{
	return min_t(unsigned int, PMD_SHIFT - PAGE_SHIFT, MAX_PAGE_ORDER);
}

static int pab_sr_spawn(struct pab_ctx *ctx, struct pab_sr_job *job)
{
	u32 i, cpu = cpumask_first(cpu_online_mask);

	for (i = 0; i < job->nr; i++, cpu = cpumask_next(cpu, cpu_online_mask)) {
		job->w[i] = (struct pab_sr_worker){ .job = job, .index = i };
		job->w[i].task = kthread_create(pab_sr_worker_fn, &job->w[i], "pab_split/%u", i);
		if (IS_ERR(job->w[i].task)) {
			int err = PTR_ERR(job->w[i].task);

			while (i--)
				kthread_stop(job->w[i].task);
			return pab_fail(ctx, err, "cannot create kernel thread (%d)", err);
		}
		kthread_bind(job->w[i].task, cpu);
	}
	for (i = 0; i < job->nr; i++)
		wake_up_process(job->w[i].task);
	return 0;
}

/* Every owned page valid again, flushed, freed; a page still invalid is kept (never freed unmapped). */
static void pab_sr_release(struct pab_sr_job *job, struct page **blocks, u64 n)
{
	unsigned long pages = 1UL << job->order, size;
	u64 val;

	for (u64 r = 0; r < n; r++) {
		unsigned long va = (unsigned long)page_address(blocks[r]);
		bool whole = true;

		for (unsigned long i = 0; i < pages; i++)
			pab_sym.set_direct_map_default_noflush(blocks[r] + i);
		pab_tlb_flush(va, va + (pages << PAGE_SHIFT));
		for (unsigned long i = 0; i < pages; i++)
			if (pab_leaf_val(va + (i << PAGE_SHIFT), &size, &val) < 0 ||
			    !(val & PAB_PTE_VALID))
				whole = false;
		if (whole)
			__free_pages(blocks[r], job->order);
		else
			job->req->leaked_pages += pages;
	}
}

/*
 * A fresh block for round r: one whose linear alias still has a block or a
 * group to split. The buddy allocator hands back the blocks an earlier run
 * freed (split by then) first, so those are held aside in stale, never
 * measured, and freed at the end. No retry, no warning: running out of
 * blocks ends the run (NULL).
 */
static struct page *pab_sr_fresh_block(struct pab_sr_job *job, struct page **stale, u32 *nstale,
				       bool bbml, unsigned long *bases, u8 *levels)
{
	struct page *b;

	for (;;) {
		b = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, job->order);
		if (!b)
			/* Memory full of split blocks: measure the last one passed over. */
			return *nstale ? stale[--*nstale] : NULL;
		job->block = b;
		/* Without BBML2 no block is fresh (nothing can split): no hunt. */
		if (!bbml || pab_sr_large(job, bases, levels) || *nstale == PAB_SR_STALE_MAX)
			return b;
		stale[(*nstale)++] = b;
	}
}

/*
 * One round on job->block: the owners' two phases (the first splits, the
 * second finds the pages split already), the overlaps measured in the
 * first, the pages checked after each, the leaves split counted.
 */
static void pab_sr_round(struct pab_sr_job *job, struct pab_split_race *req, u64 r,
			 unsigned long *bases, u8 *levels)
{
	u64 perm_bits = PAB_PTE_PERM_BITS, perm_want, val, before, o, bad = 0;
	unsigned long size;

	before = pab_sr_large(job, bases, levels);
	pab_leaf_val((unsigned long)page_address(job->block), &size, &val);
	perm_want = val & perm_bits;
	for (int ph = 1; ph <= 2; ph++) {
		atomic_set(&job->phase, 2 * r + ph);
		wake_up_var(&job->phase);
		wait_var_event(&job->done, atomic_read(&job->done) == (2 * r + ph) * job->nr);
		o = pab_sr_overlaps(job);
		if (ph == 1) {
			req->overlaps += o;
			req->overlap_rounds += o != 0;
		}
		bad += pab_sr_check(job, ph == 1, perm_bits, perm_want);
	}
	o = pab_sr_split(bases, levels, before);
	req->splits += o;
	req->split_rounds += o != 0;
	if (bad && req->first_bad_round == ~0ULL)
		req->first_bad_round = r;
}

/* The owners stopped, their calls counted, an area a stop left read-only restored and freed. */
static void pab_sr_stop(struct pab_sr_job *job, struct pab_split_race *req)
{
	atomic_set(&job->phase, -1);
	wake_up_var(&job->phase);
	for (u32 i = 0; i < job->nr; i++) {
		kthread_stop(job->w[i].task);
		req->calls += job->w[i].calls;
		req->call_errors += job->w[i].errors;
		/* A run stopped between the phases leaves an area read-only. */
		if (job->w[i].area) {
			pab_sym.set_memory_rw((unsigned long)job->w[i].area->addr, job->slots);
			pab_sr_area_free(&job->w[i]);
		}
	}
}

int pab_split_race(struct pab_ctx *ctx, struct pab_split_race *req)
{
	struct pab_sr_job job = { .req = req };
	struct page **blocks = NULL, **stale = NULL;
	u32 nstale = 0;
	const char *bbml_name;
	bool bbml = pab_bbml(&bbml_name) == PAB_STATE_ON;
	unsigned long *bases = NULL;
	u8 *levels = NULL;
	u64 r;
	bool registered[ARRAY_SIZE(pab_sr_probes)] = { };
	int armed = 0, ret;

	/* Out fields start from zero whatever the caller left in them. */
	*req = (struct pab_split_race){ .size = req->size, .nr_threads = req->nr_threads,
					.rounds = req->rounds, .caller = req->caller,
					.slots = req->slots, .first_bad_round = ~0ULL };
	ret = pab_sr_validate(ctx, req);
	if (ret)
		return ret;
	if (!mutex_trylock(&pab_sr_lock))
		return pab_fail(ctx, -EBUSY, "another split race is running");
	job.nr = req->nr_threads;
	job.slots = req->slots;
	job.order = pab_sr_order();
	req->block_bytes = PAGE_SIZE << job.order;
	if (job.slots * job.nr > (1U << job.order)) {
		ret = pab_fail(ctx, -EINVAL, "%u slots of %u threads do not fit a %u-page block",
			       job.slots, job.nr, 1U << job.order);
		goto out_unlock;
	}
	job.w = kcalloc(job.nr, sizeof(*job.w), GFP_KERNEL);
	blocks = kvcalloc(req->rounds, sizeof(*blocks), GFP_KERNEL);
	stale = kvcalloc(PAB_SR_STALE_MAX, sizeof(*stale), GFP_KERNEL);
	bases = kvcalloc(1UL << job.order, sizeof(*bases), GFP_KERNEL);
	levels = kvcalloc(1UL << job.order, sizeof(*levels), GFP_KERNEL);
	if (!job.w || !blocks || !bases || !levels || !stale) {
		ret = pab_fail(ctx, -ENOMEM, "out of memory for the split race's state");
		goto out_free;
	}
	atomic_set(&job.phase, 0);
	atomic_set(&job.done, 0);
	WRITE_ONCE(pab_sr_current, &job);
	ret = pab_sr_spawn(ctx, &job);
	if (ret)
		goto out_free;
	for (int p = 0; p < ARRAY_SIZE(pab_sr_probes); p++) {
		/* A kretprobe is registered afresh each run: no address left from the last. */
		pab_sr_probes[p].kp.addr = NULL;
		pab_sr_probes[p].kp.flags = 0;
		registered[p] = !register_kretprobe(&pab_sr_probes[p]);
		armed += registered[p];
	}
	req->probes = armed == ARRAY_SIZE(pab_sr_probes);

	for (r = 0; r < req->rounds; r++) {
		if (fatal_signal_pending(current)) {
			ret = pab_fail(ctx, -EINTR, "interrupted after %llu rounds", r);
			break;
		}
		blocks[r] = pab_sr_fresh_block(&job, stale, &nstale, bbml, bases, levels);
		if (!blocks[r])
			break;
		job.block = blocks[r];
		pab_sr_round(&job, req, r, bases, levels);
		cond_resched();
	}
	req->rounds_done = r;
	pab_sr_stop(&job, req);
	for (int p = 0; p < ARRAY_SIZE(pab_sr_probes); p++)
		if (registered[p])
			unregister_kretprobe(&pab_sr_probes[p]);
	pab_sr_release(&job, blocks, req->rounds_done);
	req->stale_blocks = nstale;
	while (nstale)
		__free_pages(stale[--nstale], job.order);
	if (!ret && !req->rounds_done)
		ret = pab_fail(ctx, -ENOMEM, "no free %llu KiB block for the first round",
			       req->block_bytes >> 10);
out_free:
	WRITE_ONCE(pab_sr_current, NULL);
	kvfree(stale);
	kvfree(levels);
	kvfree(bases);
	kvfree(blocks);
	kfree(job.w);
out_unlock:
	mutex_unlock(&pab_sr_lock);
	return ret;
}
