// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench: a misc device (/dev/pageattr_bench, root only) through which
 * userspace builds regions in vmalloc space and times the kernel's
 * page-permission update paths on them. See pageattr_bench_uapi.h.
 *
 * Modelled on lib/test_vmalloc.c, but results go back through ioctls instead
 * of dmesg, and the module stays loaded between runs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#ifdef CONFIG_ARM64
#include <asm/arch_timer.h>
#include <asm/cputype.h>
#endif
#ifdef CONFIG_X86
#include <asm/processor.h>
#include <asm/tsc.h>
#if __has_include(<asm/cpuid/api.h>)
#include <asm/cpuid/api.h>	/* 7.x moved cpuid_eax() here */
#endif
#endif
#include "pab.h"

static int pab_open(struct inode *inode, struct file *file)
{
	struct pab_ctx *ctx;

	/* Rewriting kernel page tables is for root only, whatever the file mode. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	mutex_init(&ctx->lock);
	INIT_LIST_HEAD(&ctx->regions);
	file->private_data = ctx;
	return 0;
}

static int pab_release(struct inode *inode, struct file *file)
{
	struct pab_ctx *ctx = file->private_data;

	pab_regions_free_all(ctx);
	mutex_destroy(&ctx->lock);
	kfree(ctx);
	return 0;
}

static void pab_fill_info(struct pab_info *info)
{
	const char *bbml_name;

	info->uapi_version = PAB_UAPI_VERSION;
	strscpy(info->module_version, PAB_MODULE_VERSION, sizeof(info->module_version));
	strscpy(info->release, utsname()->release, sizeof(info->release));
	strscpy(info->machine, utsname()->machine, sizeof(info->machine));
	info->arch = PAB_ARCH;
	info->page_shift = PAGE_SHIFT;
	info->pmd_shift = PMD_SHIFT;
	info->pud_shift = PUD_SHIFT;
	info->lazy_api = PAB_LAZY_API;
	info->walker_api = pab_sym.walk_kernel ? PAB_WALKER_KERNEL :
			   pab_sym.walk_novma ? PAB_WALKER_NOVMA : PAB_WALKER_NONE;
	strscpy(info->walker_symbol, pab_walker_symbol(), sizeof(info->walker_symbol));
	info->nr_symbols = pab_syms_count();
	info->nr_cpus_online = num_online_cpus();
	if (PAB_HAVE_LAZY_PAUSE)
		info->caps |= PAB_CAP_LAZY_PAUSE;
	/* What a mixed region can hold here, as pab_mix.c decides it. */
	if (pab_level_size(PAB_LVL_PMD, NULL))
		info->caps |= PAB_CAP_PMD_BLOCK;
	if (pab_level_size(PAB_LVL_PUD, NULL))
		info->caps |= PAB_CAP_PUD_BLOCK;
	if (pab_level_size(PAB_LVL_CONT_PMD, NULL))
		info->caps |= PAB_CAP_CONT_PMD;
	info->counter_hz = pab_counter_hz();
#ifdef CONFIG_ARM64
	info->cont_pte_shift = CONT_PTE_SHIFT;
	info->cont_pmd_shift = CONT_PMD_SHIFT;
	info->caps |= PAB_CAP_CONT_PTE | PAB_CAP_COUNTER;
	info->cpu_id = read_cpuid_id();
#endif
#ifdef CONFIG_X86
	info->cpu_id = cpuid_eax(1);
	if (boot_cpu_has(X86_FEATURE_TSC))
		info->caps |= PAB_CAP_COUNTER;
#endif
	for (unsigned int m = 0; m < PAB_METHOD_NR; m++) {
		const char *name, *reason;

		if (pab_method_available(m, &name, &reason))
			info->methods |= 1ULL << m;
	}
	info->rodata_full = pab_rodata_full();
	info->bbml = pab_bbml(&bbml_name);
	strscpy(info->bbml_name, bbml_name, sizeof(info->bbml_name));
	if (info->bbml == PAB_STATE_ON)
		info->caps |= PAB_CAP_CONT_INPLACE;
}

/*
 * Extensible-struct copy-in (clone3/openat2 style): the caller's struct may be
 * older (shorter) or newer (longer) than ours; unknown tail bytes must be 0.
 */
static int pab_copy_in(struct pab_ctx *ctx, void *karg, size_t ksize, void __user *uarg,
		       u32 *usize)
{
	u32 size;
	int ret;

	if (get_user(size, (u32 __user *)uarg))
		return -EFAULT;
	if (size < sizeof(u32) * 2 || size > PAGE_SIZE)
		return pab_fail(ctx, -EINVAL, "argument size %u out of range", size);
	ret = copy_struct_from_user(karg, ksize, uarg, size);
	if (ret == -E2BIG)
		return pab_fail(ctx, ret, "argument has %u bytes, non-zero beyond the %zu this module knows",
				size, ksize);
	if (ret)
		return ret;
	*usize = size;
	return 0;
}

static int pab_copy_out(void __user *uarg, void *karg, size_t ksize, u32 usize)
{
	*(u32 *)karg = min_t(u32, usize, ksize);
	return copy_to_user(uarg, karg, min_t(size_t, usize, ksize)) ? -EFAULT : 0;
}

union pab_args {
	struct pab_info info;
	struct pab_symbol sym;
	struct pab_method_info method;
	struct pab_error error;
	struct pab_region_create create;
	struct pab_region_ref ref;
	struct pab_change change;
	struct pab_verify verify;
	struct pab_run run;
	struct pab_concurrent conc;
	struct pab_linear_map linear;
	struct pab_split_race split;
};

static size_t pab_arg_size(unsigned int nr)
{
	switch (nr) {
	case _IOC_NR(PAB_IOC_INFO):		return sizeof(struct pab_info);
	case _IOC_NR(PAB_IOC_SYMBOL):		return sizeof(struct pab_symbol);
	case _IOC_NR(PAB_IOC_METHOD):		return sizeof(struct pab_method_info);
	case _IOC_NR(PAB_IOC_LAST_ERROR):	return sizeof(struct pab_error);
	case _IOC_NR(PAB_IOC_LINEAR_MAP):	return sizeof(struct pab_linear_map);
	case _IOC_NR(PAB_IOC_REGION_CREATE):	return sizeof(struct pab_region_create);
	case _IOC_NR(PAB_IOC_REGION_DESTROY):	return sizeof(struct pab_region_ref);
	case _IOC_NR(PAB_IOC_CHANGE):		return sizeof(struct pab_change);
	case _IOC_NR(PAB_IOC_VERIFY):		return sizeof(struct pab_verify);
	case _IOC_NR(PAB_IOC_RUN):		return sizeof(struct pab_run);
	case _IOC_NR(PAB_IOC_CONCURRENT):	return sizeof(struct pab_concurrent);
	case _IOC_NR(PAB_IOC_SPLIT_RACE):	return sizeof(struct pab_split_race);
	}
	return 0;
}

static int pab_dispatch(struct pab_ctx *ctx, unsigned int nr, union pab_args *a)
{
	struct pab_region *r;
	struct pab_scan scan;
	const char *name, *reason;
	u64 set, clear;

	switch (nr) {
	case _IOC_NR(PAB_IOC_INFO):
		pab_fill_info(&a->info);
		return 0;
	case _IOC_NR(PAB_IOC_SYMBOL):
		if (pab_syms_describe(a->sym.index, &a->sym))
			return pab_fail(ctx, -ENOENT, "symbol index %u past the table (%u rows)",
					a->sym.index, pab_syms_count());
		return 0;
	case _IOC_NR(PAB_IOC_METHOD):
		if (!pab_method(a->method.method))
			return pab_fail(ctx, -ENOENT, "unknown method %u", a->method.method);
		a->method.available = pab_method_available(a->method.method, &name, &reason);
		strscpy(a->method.name, name, sizeof(a->method.name));
		strscpy(a->method.reason, reason, sizeof(a->method.reason));
		pab_method_here(a->method.method, a->method.here, sizeof(a->method.here));
		return 0;
	case _IOC_NR(PAB_IOC_LAST_ERROR):
		a->error.error = ctx->last_err;
		strscpy(a->error.msg, ctx->last_msg, sizeof(a->error.msg));
		return 0;
	case _IOC_NR(PAB_IOC_LINEAR_MAP):
		pab_linear_map_scan(&a->linear);
		return 0;
	case _IOC_NR(PAB_IOC_REGION_CREATE):
		return pab_region_create(ctx, &a->create);
	case _IOC_NR(PAB_IOC_REGION_DESTROY):
		return pab_region_destroy(ctx, a->ref.id);
	case _IOC_NR(PAB_IOC_CHANGE):
		r = pab_region_find(ctx, a->change.region);
		if (!r)
			return pab_fail(ctx, -ENOENT, "no region with id %u", a->change.region);
		return pab_change(ctx, r, &a->change);
	case _IOC_NR(PAB_IOC_VERIFY):
		r = pab_region_find(ctx, a->verify.region);
		if (!r)
			return pab_fail(ctx, -ENOENT, "no region with id %u", a->verify.region);
		if (a->verify.prot < PAB_PROT_RO || a->verify.prot > PAB_PROT_X)
			return pab_fail(ctx, -EINVAL, "unknown protection %u", a->verify.prot);
		pab_prot_masks(a->verify.prot, &set, &clear);
		pab_scan_range(r->start, r->start + r->bytes, set, clear, &scan);
		pab_levels_out(a->verify.leaves, scan.leaves);
		a->verify.holes = scan.holes;
		a->verify.mismatched = scan.mismatched;
		a->verify.first_bad_offset = scan.first_bad_offset;
		a->verify.digest = scan.digest;
		return 0;
	case _IOC_NR(PAB_IOC_RUN):
		r = pab_region_find(ctx, a->run.region);
		if (!r)
			return pab_fail(ctx, -ENOENT, "no region with id %u", a->run.region);
		return pab_run(ctx, r, &a->run);
	case _IOC_NR(PAB_IOC_CONCURRENT):
		return pab_concurrent(ctx, &a->conc);
	case _IOC_NR(PAB_IOC_SPLIT_RACE):
		return pab_split_race(ctx, &a->split);
	}
	return -ENOTTY;
}

static long pab_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pab_ctx *ctx = file->private_data;
	void __user *uarg = (void __user *)arg;
	/*
	 * Commands are matched on type and number only: the size encoded in
	 * cmd changes when a struct grows, the size field inside does not.
	 */
	unsigned int nr = _IOC_NR(cmd);
	size_t ksize = pab_arg_size(nr);
	union pab_args *a;
	u32 usize = 0;	/* unknown until the copy-in succeeds: then nothing is copied out */
	int ret;

	if (_IOC_TYPE(cmd) != PAB_IOC_MAGIC || !ksize)
		return -ENOTTY;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	/* Killable: a second thread of the same fd waits here, but not in D state. */
	if (mutex_lock_killable(&ctx->lock)) {
		kfree(a);
		return -EINTR;
	}
	ret = pab_copy_in(ctx, a, ksize, uarg, &usize);
	if (!ret)
		ret = pab_dispatch(ctx, nr, a);
	/* Out-fields are useful on failure too (e.g. a change's partial counts). */
	if (ret != -EFAULT && usize && pab_copy_out(uarg, a, ksize, usize))
		ret = -EFAULT;
	mutex_unlock(&ctx->lock);
	kfree(a);
	return ret;
}

static const struct file_operations pab_fops = {
	.owner = THIS_MODULE,
	.open = pab_open,
	.release = pab_release,
	.unlocked_ioctl = pab_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice pab_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = PAB_DEVICE_NAME,
	.fops = &pab_fops,
	.mode = 0600,
};

static int __init pab_init(void)
{
	int ret = pab_syms_resolve();

	if (ret)
		return ret;
	ret = pab_markers_init();
	if (ret)
		return ret;
	ret = misc_register(&pab_misc);
	if (ret)
		return ret;
	pr_info("%s loaded, walker %s, lazy MMU api %d\n",
		PAB_MODULE_VERSION, pab_walker_symbol(), PAB_LAZY_API);
	return 0;
}

static void __exit pab_exit(void)
{
	/* Regions belong to open files, and an open file pins the module. */
	misc_deregister(&pab_misc);
}

module_init(pab_init);
module_exit(pab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pageattr-bench: time and verify kernel page-permission update paths");
MODULE_VERSION(PAB_MODULE_VERSION);
