// SPDX-License-Identifier: GPL-2.0
/*
 * pab_ref: the judge of pageattr-bench's methods. It holds nothing but the
 * kernel's own code for changing kernel permissions on arm64, copied from the
 * kernel sources, and times it the way the harness times its methods, so
 * that under QEMU's -icount (1 instruction = 1 ns) the two can be compared
 * instruction for instruction:
 *
 *   method=apply  apply_to_page_range(&init_mm, ..., change_page_range):
 *                 arm64 __change_memory_common before the pagewalk
 *                 conversion (6.17 arch/arm64/mm/pageattr.c)
 *   method=walk   walk_kernel_page_table_range_lockless(..., &pageattr_ops):
 *                 update_range_prot()'s walk since 6.18 (7.2 pageattr.c);
 *                 on kernels without the lockless walker, the locked one
 *                 under the init_mm mmap read lock (taken outside the window)
 *
 * lazy=on puts the call inside lazy_mmu_mode_enable()/disable(), lazy=off
 * inside lazy_mmu_mode_pause()/resume() (7.0+; older kernels have neither,
 * and then both are the bare call). The window is the harness's: clock read,
 * lazy entry, the call, lazy exit, clock read; IRQs off around it.
 *
 * In the style of lib/test_vmalloc.c: parameters in, results in dmesg, and
 * the load returns -EAGAIN so the module is gone after each run:
 *   insmod pab_ref.ko method=walk lazy=on pages=512 calls=8
 * (pages PAGE_SIZE PTEs of a vmalloc area, from a PMD boundary)
 *   -> "pab_ref: method=walk lazy=on pages=512 calls=8 min_ns=... max_ns=..."
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/irqflags.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/module.h>
#include <linux/pagewalk.h>
#include <linux/pgtable.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

static char *method = "walk";
module_param(method, charp, 0444);
MODULE_PARM_DESC(method, "apply or walk");
static char *lazy = "on";
module_param(lazy, charp, 0444);
MODULE_PARM_DESC(lazy, "on or off");
static unsigned int pages = 512;
module_param(pages, uint, 0444);
MODULE_PARM_DESC(pages, "PTEs changed per call (a vmalloc area of that many pages)");
static unsigned int calls = 8;
module_param(calls, uint, 0444);
MODULE_PARM_DESC(calls, "timed calls (alternately read-only and read-write)");

/* ---- The kernel's code, verbatim but for the names of its containers ---- */

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 18, 0)
typedef u64 ptval_t;	/* came with the pagewalk conversion */
#endif

struct page_change_data {
	pgprot_t set_mask;
	pgprot_t clear_mask;
};

/* 6.17 arch/arm64/mm/pageattr.c */
static int change_page_range(pte_t *ptep, unsigned long addr, void *data)
{
	struct page_change_data *cdata = data;
	pte_t pte = __ptep_get(ptep);

	pte = clear_pte_bit(pte, cdata->clear_mask);
	pte = set_pte_bit(pte, cdata->set_mask);

	__set_pte(ptep, pte);
	return 0;
}

/* 7.2 arch/arm64/mm/pageattr.c */
static ptval_t set_pageattr_masks(ptval_t val, struct mm_walk *walk)
{
	struct page_change_data *masks = walk->private;

	val &= ~(pgprot_val(masks->clear_mask));
	val |= (pgprot_val(masks->set_mask));

	return val;
}

static int pageattr_pud_entry(pud_t *pud, unsigned long addr,
			      unsigned long next, struct mm_walk *walk)
{
	pud_t val = pudp_get(pud);

	if (pud_leaf(val)) {
		if (WARN_ON_ONCE((next - addr) != PUD_SIZE))
			return -EINVAL;
		val = __pud(set_pageattr_masks(pud_val(val), walk));
		set_pud(pud, val);
		walk->action = ACTION_CONTINUE;
	}

	return 0;
}

static int pageattr_pmd_entry(pmd_t *pmd, unsigned long addr,
			      unsigned long next, struct mm_walk *walk)
{
	pmd_t val = pmdp_get(pmd);

	if (pmd_leaf(val)) {
		if (WARN_ON_ONCE((next - addr) != PMD_SIZE))
			return -EINVAL;
		val = __pmd(set_pageattr_masks(pmd_val(val), walk));
		set_pmd(pmd, val);
		walk->action = ACTION_CONTINUE;
	}

	return 0;
}

static int pageattr_pte_entry(pte_t *pte, unsigned long addr,
			      unsigned long next, struct mm_walk *walk)
{
	pte_t val = __ptep_get(pte);

	val = __pte(set_pageattr_masks(pte_val(val), walk));
	__set_pte(pte, val);

	return 0;
}

static const struct mm_walk_ops pageattr_ops = {
	.pud_entry	= pageattr_pud_entry,
	.pmd_entry	= pageattr_pmd_entry,
	.pte_entry	= pageattr_pte_entry,
};

/* ---- What the kernel does not export, found as the harness finds it ---- */

typedef int (*walk_fn)(unsigned long start, unsigned long end,
		       const struct mm_walk_ops *ops, pgd_t *pgd, void *private);
static walk_fn walk_lockless, walk_locked;
static struct mm_struct *ref_init_mm;

static int ref_resolve(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long (*lookup)(const char *name);
	int ret = register_kprobe(&kp);

	if (ret < 0)
		return ret;
	lookup = (void *)kp.addr;
	unregister_kprobe(&kp);
	ref_init_mm = (void *)lookup("init_mm");
	walk_lockless = (void *)lookup("walk_kernel_page_table_range_lockless");
	walk_locked = (void *)lookup("walk_kernel_page_table_range");
	return ref_init_mm ? 0 : -ENOENT;
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
#define ref_lazy_on()		lazy_mmu_mode_enable()
#define ref_lazy_on_end()	lazy_mmu_mode_disable()
#define ref_lazy_off()		lazy_mmu_mode_pause()
#define ref_lazy_off_end()	lazy_mmu_mode_resume()
#else
#define ref_lazy_on()		do { } while (0)
#define ref_lazy_on_end()	do { } while (0)
#define ref_lazy_off()		do { } while (0)
#define ref_lazy_off_end()	do { } while (0)
#endif

/* One timed call: the window the harness times (see the comment at the top). */
static u64 ref_call(bool walk, bool lazy_on, unsigned long start, unsigned long end,
		    struct page_change_data *data, int *ret)
{
	unsigned long flags;
	u64 t0, t1;

	local_irq_save(flags);
	t0 = ktime_get_ns();
	if (lazy_on)
		ref_lazy_on();
	else
		ref_lazy_off();
	if (!walk)
		*ret = apply_to_page_range(ref_init_mm, start, end - start, change_page_range, data);
	else if (walk_lockless)
		*ret = walk_lockless(start, end, &pageattr_ops, NULL, data);
	else
		*ret = walk_locked(start, end, &pageattr_ops, NULL, data);
	if (lazy_on)
		ref_lazy_on_end();
	else
		ref_lazy_off_end();
	t1 = ktime_get_ns();
	local_irq_restore(flags);
	return t1 - t0;
}

static int __init pab_ref_init(void)
{
	bool walk = !strcmp(method, "walk"), lazy_on = !strcmp(lazy, "on");
	struct page_change_data ro = { __pgprot(PTE_RDONLY), __pgprot(PTE_WRITE) };
	struct page_change_data rw = { __pgprot(PTE_WRITE), __pgprot(PTE_RDONLY) };
	u64 min_ns = U64_MAX, max_ns = 0;
	unsigned long start, end;
	unsigned int i;
	int ret, restored;
	void *area;

	if ((!walk && strcmp(method, "apply")) || (!lazy_on && strcmp(lazy, "off")) ||
	    !pages || !calls) {
		pr_err("method=apply|walk lazy=on|off pages>0 calls>0 (got %s %s %u %u)\n",
		       method, lazy, pages, calls);
		return -EINVAL;
	}
	ret = ref_resolve();
	if (ret || (walk && !walk_lockless && !walk_locked)) {
		pr_err("kernel symbols not found (%d)\n", ret);
		return -ENOENT;
	}
	/*
	 * The range starts at a PMD boundary, so it spans as few PTE tables as
	 * it can (each table is one more step of the walk and, for apply, one
	 * more lazy section): the harness's test ranges start at one too.
	 */
	area = vmalloc((unsigned long)pages * PAGE_SIZE + PMD_SIZE);
	if (!area)
		return -ENOMEM;
	start = ALIGN((unsigned long)area, PMD_SIZE);
	end = start + (unsigned long)pages * PAGE_SIZE;
	/* Two untimed calls first (caches, the walker's first-touch paths); even calls end RO. */
	for (i = 0; i < calls + 2; i++) {
		u64 ns;

		if (walk && !walk_lockless)
			mmap_read_lock(ref_init_mm);
		ns = ref_call(walk, lazy_on, start, end, i & 1 ? &rw : &ro, &ret);
		if (walk && !walk_lockless)
			mmap_read_unlock(ref_init_mm);
		if (ret)
			break;
		if (i >= 2) {
			min_ns = min(min_ns, ns);
			max_ns = max(max_ns, ns);
		}
	}
	/* Back to read-write whatever happened, then flush as the kernel would. */
	if (walk && !walk_lockless)
		mmap_read_lock(ref_init_mm);
	ref_call(walk, lazy_on, start, end, &rw, &restored);
	if (walk && !walk_lockless)
		mmap_read_unlock(ref_init_mm);
	flush_tlb_kernel_range(start, end);
	vfree(area);
	if (ret) {
		pr_err("method=%s failed: %d\n", method, ret);
		return ret;
	}
	pr_info("method=%s lazy=%s pages=%u calls=%u min_ns=%llu max_ns=%llu walker=%s\n",
		method, lazy, pages, calls, min_ns, max_ns,
		!walk ? "none" : walk_lockless ? "walk_kernel_page_table_range_lockless" :
		"walk_kernel_page_table_range");
	return -EAGAIN;
}
module_init(pab_ref_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pageattr-bench reference: the kernel's own permission-change code, timed");
