// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel internals pageattr-bench needs but the kernel does not export
 * (page-table walkers, init_mm, arm64 set_memory_*), resolved by name
 * through the kprobes API, never by calling kallsyms_lookup_name().
 *
 * One table says what each symbol is for and whether the module can work
 * without it; a missing required symbol fails the load naming it. Every
 * function found is checked for an IBT/BTI landing pad before anything
 * calls it: the module calls all of them through pointers.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/version.h>
#include "pab.h"
#include "pab_pad.h"

struct pab_kernel_syms pab_sym;

/*
 * Testing hook: one more symbol to require at load, so tests can check that a
 * missing required symbol fails the load with a message naming it.
 */
static char *require_extra;
module_param(require_extra, charp, 0444);
MODULE_PARM_DESC(require_extra, "Also require this kernel symbol at load (for testing the failure path)");

/*
 * Testing hook: treat this symbol as if its entry had no landing pad, so tests
 * see the method that needs it reported unavailable with the reason.
 */
static char *inject_no_landing_pad;
module_param(inject_no_landing_pad, charp, 0444);
MODULE_PARM_DESC(inject_no_landing_pad, "Treat this kernel function as lacking an IBT/BTI landing pad (for testing)");

/*
 * Testing hook: check landing pads as a CPU enforcing them would, on a kernel
 * built with them (x86 IBT, arm64 BTI), even where this CPU does not enforce
 * them (QEMU's TCG has no IBT): in an x86 guest the kernel's real sealed
 * functions are then refused as on IBT hardware.
 */
static bool inject_pads_enforced;
module_param(inject_pads_enforced, bool, 0444);
MODULE_PARM_DESC(inject_pads_enforced, "Refuse functions without an IBT/BTI landing pad even where the CPU does not enforce them (for testing)");

struct pab_sym_row {
	const char *name;
	void **slot;
	bool required;
	const char *use;
	bool data;		/* an object, not a function: never called */
	bool no_pad;		/* found without a landing pad */
	bool refused;		/* ... and pads are enforced: not used, *slot stays NULL */
	char why[112];		/* when refused: why (written at load, read-only after) */
};

static struct pab_sym_row pab_syms[] = {
	{ "init_mm", (void **)&pab_sym.init_mm, true,
	  "kernel mm: its mmap lock guards the walker", .data = true },
	{ "walk_kernel_page_table_range", (void **)&pab_sym.walk_kernel, false,
	  "method walk (6.17+, 6.12.117+)" },
	{ "walk_page_range_novma", (void **)&pab_sym.walk_novma, false,
	  "method walk (before 6.17)" },
	{ "walk_kernel_page_table_range_lockless", (void **)&pab_sym.walk_kernel_lockless, false,
	  "method walk-lockless (6.18+)" },
	{ "set_memory_ro", (void **)&pab_sym.set_memory_ro, false,
	  "method set-memory" },
	{ "set_memory_rw", (void **)&pab_sym.set_memory_rw, false,
	  "method set-memory" },
	{ "set_memory_nx", (void **)&pab_sym.set_memory_nx, false,
	  "method set-memory-nx" },
	{ "set_memory_x", (void **)&pab_sym.set_memory_x, false,
	  "method set-memory-nx" },
	{ "find_vm_area", (void **)&pab_sym.find_vm_area, false,
	  "method set-memory-prologue (change_memory_common's checks)" },
#ifdef CONFIG_ARM64
	{ "split_kernel_leaf_mapping", (void **)&pab_sym.split_kernel_leaf_mapping, false,
	  "method pageattr-walk (6.18+)" },
	{ "rodata_full", (void **)&pab_sym.rodata_full, false,
	  "machine state: set_memory_ro/rw change the linear alias", .data = true },
	{ "set_direct_map_invalid_noflush", (void **)&pab_sym.set_direct_map_invalid_noflush, false,
	  "the split race: its direct-map caller" },
	{ "set_direct_map_default_noflush", (void **)&pab_sym.set_direct_map_default_noflush, false,
	  "the split race: its direct-map caller" },
#endif
	{ "perf_event_read_local", (void **)&pab_sym.perf_event_read_local, false,
	  "PMU counts read inside the timed window" },
	{ "vmap_pages_range", (void **)&pab_sym.vmap_pages_range, false,
	  "mixed regions: map a range at a chosen page size (7.x)" },
#if PAB_HAVE_VMAP_NOFLUSH5
	{ "vmap_pages_range_noflush", (void **)&pab_sym.vmap_pages_range_noflush, false,
	  "mixed regions, where vmap_pages_range is static (6.12)" },
#endif
	{ "__get_vm_area_caller", (void **)&pab_sym.get_vm_area_caller, false,
	  "mixed regions: reserve vmalloc address space" },
	{ "alloc_contig_pages_noprof", (void **)&pab_sym.contig_alloc, false,
	  "backing blocks above the buddy allocator's max order (PUD)" },
	{ "free_contig_range", (void **)&pab_sym.free_contig_range, false,
	  "freeing those blocks" },
#ifdef CONFIG_X86
	/* arm64 has it inline; x86 does not export it. */
	{ "flush_tlb_kernel_range", (void **)&pab_sym.flush_tlb_kernel_range, true,
	  "TLB flush after each change" },
#endif
};

unsigned int pab_syms_count(void)
{
	return ARRAY_SIZE(pab_syms);
}

int pab_syms_describe(unsigned int index, struct pab_symbol *out)
{
	const struct pab_sym_row *row;

	if (index >= ARRAY_SIZE(pab_syms))
		return -ENOENT;
	row = &pab_syms[index];
	strscpy(out->name, row->name, sizeof(out->name));
	strscpy(out->use, row->use, sizeof(out->use));
	out->flags = (row->required ? PAB_SYM_REQUIRED : 0) |
		     (*row->slot ? PAB_SYM_RESOLVED : 0) |
		     (row->no_pad ? PAB_SYM_NO_PAD : 0);
	return 0;
}

const char *pab_walker_symbol(void)
{
	if (pab_sym.walk_kernel)
		return "walk_kernel_page_table_range";
	if (pab_sym.walk_novma)
		return "walk_page_range_novma";
	return "";
}

/* The landing pads this kernel was built with. */
#if defined(CONFIG_X86_KERNEL_IBT)
#define PAB_PADS	PAB_PADS_X86_IBT
#elif defined(CONFIG_ARM64_BTI_KERNEL)
#define PAB_PADS	PAB_PADS_ARM64_BTI
#else
#define PAB_PADS	PAB_PADS_NONE
#endif

/*
 * Whether a call without a landing pad would trap here: the kernel has pads
 * and the CPU enforces them (x86 IBT; QEMU's TCG has none), or the test hook
 * says to behave as if it did.
 */
static bool pab_pads_enforced(void)
{
#if defined(CONFIG_X86_KERNEL_IBT)
	return inject_pads_enforced || cpu_feature_enabled(X86_FEATURE_IBT);
#elif defined(CONFIG_ARM64_BTI_KERNEL)
	return inject_pads_enforced || system_supports_bti_kernel();
#else
	return false;
#endif
}

/*
 * The module calls every function it resolves through a pointer. With x86
 * IBT an indirect call must land on endbr64; with arm64 BTI on a "bti c"/
 * "bti jc" or a PACIASP/PACIBSP (implicit landing pads). The kernel seals or
 * omits the pad of functions it never calls indirectly itself: where the CPU
 * enforces pads, calling such a function traps (#CP, a BTI exception), so it
 * is refused instead (pab_pad.h, tested on the host by unit.landing_pad).
 */
static bool pab_has_landing_pad(const void *fn)
{
	return pab_has_landing_pad_kind(PAB_PADS, fn);
}

const char *pab_sym_missing(const void *slot, const char *otherwise)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pab_syms); i++)
		if (pab_syms[i].slot == slot && pab_syms[i].refused)
			return pab_syms[i].why;
	return otherwise;
}

/*
 * Where a kernel symbol starts, without calling kallsyms_lookup_name(): the
 * module could only call it through a pointer, and an x86 IBT kernel that
 * never takes its address (7.2) seals its endbr64, so that call itself would
 * trap on a CPU enforcing IBT, before any landing-pad check could run.
 * register_kprobe() looks the name up inside the kernel (direct calls) and
 * stores the address in kp.addr before it checks the address may be probed:
 * a function registers (disabled: nothing is patched) and is unregistered
 * again; data (init_mm) and functions kprobes refuse (noinstr, blacklisted)
 * fail that check with kp.addr already set. On x86 with IBT the probe of a
 * function sits 4 bytes in, past its endbr64 or the seal; the kernel's own
 * symbol lookup (sprint_symbol(): "name+0x4/0x...") gives that offset.
 */
struct pab_lookup {
	struct kprobe *kps;
	struct kprobe **registered;
	unsigned int nr, nr_registered;
	char *buf;			/* KSYM_SYMBOL_LEN */
};

static unsigned long pab_probe_symbol_start(struct pab_lookup *lk, const char *name,
					    unsigned long addr)
{
	unsigned long offset, size;
	const char *plus;

	if (!addr)
		return 0;
	sprint_symbol(lk->buf, addr);
	plus = strrchr(lk->buf, '+');
	if (!plus || sscanf(plus, "+%lx/%lx", &offset, &size) != 2 || offset > addr ||
	    !pab_probe_offset_ok(offset, IS_ENABLED(CONFIG_X86_KERNEL_IBT),
				 (const unsigned char *)(addr - offset))) {
		pr_err("%s: the kprobe at %px is %s, not the symbol's start or past its endbr64: not used\n",
		       name, (void *)addr, lk->buf);
		return 0;
	}
	return addr - offset;
}

/* The address of name (0: not found), through a kprobe left registered until pab_lookup_end(). */
static unsigned long pab_lookup(struct pab_lookup *lk, const char *name)
{
	struct kprobe *kp = &lk->kps[lk->nr++];

	kp->symbol_name = name;
	kp->flags = KPROBE_FLAG_DISABLED;
	if (!register_kprobe(kp))
		lk->registered[lk->nr_registered++] = kp;
	return pab_probe_symbol_start(lk, name, (unsigned long)kp->addr);
}

static int pab_lookup_begin(struct pab_lookup *lk, unsigned int max)
{
	lk->kps = kcalloc(max, sizeof(*lk->kps), GFP_KERNEL);
	lk->registered = kcalloc(max, sizeof(*lk->registered), GFP_KERNEL);
	lk->buf = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	lk->nr = lk->nr_registered = 0;
	return lk->kps && lk->registered && lk->buf ? 0 : -ENOMEM;
}

/* One RCU grace period for all the probes rather than one each. */
static void pab_lookup_end(struct pab_lookup *lk)
{
	if (lk->nr_registered)
		unregister_kprobes(lk->registered, lk->nr_registered);
	kfree(lk->kps);
	kfree(lk->registered);
	kfree(lk->buf);
}

/* Resolve one row: its address, then (functions) its landing pad. */
static void pab_resolve_row(struct pab_lookup *lk, struct pab_sym_row *row, bool enforced)
{
	void *addr = (void *)pab_lookup(lk, row->name);
	bool injected = inject_no_landing_pad && !strcmp(inject_no_landing_pad, row->name);

	*row->slot = NULL;
	if (!addr || row->data)
		goto out;
	row->no_pad = injected || !pab_has_landing_pad(addr);
	if (injected || !pab_indirect_call_ok(PAB_PADS, enforced, addr)) {
		row->refused = true;
		snprintf(row->why, sizeof(row->why),
			 "%s has no IBT/BTI landing pad: an indirect call would fault", row->name);
		pr_warn("%s at %px starts with %*ph, no landing pad: not used (an indirect call would fault)\n",
			row->name, addr, 4, addr);
		return;
	}
out:
	*row->slot = addr;
}

int pab_syms_resolve(void)
{
	bool enforced = pab_pads_enforced();
	struct pab_lookup lk;
	unsigned int i, unpadded = 0;
	int ret;

	if (inject_pads_enforced && !enforced)
		pr_info("inject_pads_enforced: this kernel has no landing pads to check\n");
	ret = pab_lookup_begin(&lk, ARRAY_SIZE(pab_syms) + 1);
	if (ret)
		goto out;
	for (i = 0; i < ARRAY_SIZE(pab_syms); i++) {
		pab_resolve_row(&lk, &pab_syms[i], enforced);
		unpadded += pab_syms[i].no_pad && !pab_syms[i].refused;
	}
	if (unpadded)
		pr_info("%u kernel functions have no landing pad (sealed): used, as this CPU does not enforce them; refused where it does ('pageattr-bench info' lists them)\n",
			unpadded);
	if (require_extra && *require_extra && !pab_lookup(&lk, require_extra)) {
		pr_err("required kernel symbol %s not found (require_extra)\n", require_extra);
		ret = -ENOENT;
	}
	for (i = 0; i < ARRAY_SIZE(pab_syms) && !ret; i++) {
		const struct pab_sym_row *row = &pab_syms[i];

		if (*row->slot || !row->required)
			continue;
		if (row->refused)
			pr_err("required kernel symbol %s unusable: %s (%s)%s\n", row->name, row->why,
			       row->use, IS_ENABLED(CONFIG_X86) ?
			       "; booting with ibt=off lifts IBT enforcement" : "");
		else
			pr_err("required kernel symbol %s not found (%s)\n", row->name, row->use);
		ret = -ENOENT;
	}
	if (!ret && !pab_sym.walk_kernel && !pab_sym.walk_novma) {
		pr_err("required kernel symbol walk_kernel_page_table_range (or walk_page_range_novma) not found or unusable: %s\n",
		       pab_sym_missing(&pab_sym.walk_kernel,
				       pab_sym_missing(&pab_sym.walk_novma, "neither is in kallsyms")));
		ret = -ENOENT;
	}
out:
	pab_lookup_end(&lk);
	return ret;
}
