// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel internals pageattr-bench needs but the kernel does not export
 * (page-table walkers, init_mm, arm64 set_memory_*), resolved through
 * kallsyms_lookup_name(), itself found by registering a kprobe on it.
 *
 * One table says what each symbol is for and whether the module can work
 * without it; a missing required symbol fails the load naming it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/string.h>
#include "pab.h"

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

struct pab_sym_row {
	const char *name;
	void **slot;
	bool required;
	const char *use;
	bool data;		/* an object, not a function: never called */
	bool no_pad;		/* found, but an indirect call to it would fault */
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
#endif
	{ "perf_event_read_local", (void **)&pab_sym.perf_event_read_local, false,
	  "PMU counts read inside the timed window" },
	{ "vmap_pages_range", (void **)&pab_sym.vmap_pages_range, false,
	  "mixed regions: map a range at a chosen page size (7.x)" },
	{ "vmap_pages_range_noflush", (void **)&pab_sym.vmap_pages_range_noflush, false,
	  "mixed regions, where vmap_pages_range is static (6.12)" },
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
		     (*row->slot ? PAB_SYM_RESOLVED : 0);
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

typedef unsigned long (*pab_kallsyms_fn)(const char *name);

/*
 * A kprobe's address is where the probe sits, not always the symbol: with x86
 * IBT it lands after the 4-byte endbr64 that starts the function, or after
 * the NOP the kernel seals unused endbr64s with at boot. Step
 * back over either so the pointer is the symbol itself.
 */
static unsigned long pab_kprobe_symbol_start(unsigned long addr)
{
#ifdef CONFIG_X86_KERNEL_IBT
	static const u8 endbr64[4] = { 0xf3, 0x0f, 0x1e, 0xfa };
	/* The seal changed over time: 7.x uses "nopl -42(%rax)", 6.x "osp nopl (%rax)". */
	static const u8 sealed[2][4] = { { 0x0f, 0x1f, 0x40, 0xd6 }, { 0x66, 0x0f, 0x1f, 0x00 } };
	const void *before = (const void *)(addr - 4);

	if (!memcmp(before, endbr64, 4) || !memcmp(before, sealed[0], 4) ||
	    !memcmp(before, sealed[1], 4))
		return addr - 4;
#endif
	return addr;
}

/*
 * The module calls kallsyms-resolved functions through pointers. With x86 IBT
 * an indirect call must land on endbr64; with arm64 BTI on a "bti c"/"bti jc"
 * or a PACIASP/PACIBSP (implicit landing pads). The kernel seals or omits the
 * pad of functions it never calls indirectly itself: calling such a function
 * would trap (#CP, or a BTI exception), so it is treated as missing instead.
 */
static bool pab_landing_pad_ok(const void *fn)
{
#if defined(CONFIG_X86_KERNEL_IBT)
	static const u8 endbr64[4] = { 0xf3, 0x0f, 0x1e, 0xfa };

	/* Sealed pads only trap where the CPU enforces IBT (QEMU's TCG does not). */
	if (!cpu_feature_enabled(X86_FEATURE_IBT))
		return true;
	return !memcmp(fn, endbr64, sizeof(endbr64));
#elif defined(CONFIG_ARM64_BTI_KERNEL)
	/* HINT #34 bti c, #38 bti jc, #25 paciasp, #27 pacibsp (Arm ARM C6.2). */
	u32 insn = le32_to_cpu(*(const __le32 *)fn);

	if (!system_supports_bti_kernel())
		return true;
	return insn == 0xd503245f || insn == 0xd50324df || insn == 0xd503233f ||
	       insn == 0xd503237f;
#else
	return true;
#endif
}

const char *pab_sym_missing(const void *slot, const char *otherwise)
{
	static char why[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pab_syms); i++)
		if (pab_syms[i].slot == slot && pab_syms[i].no_pad) {
			snprintf(why, sizeof(why), "%s has no IBT/BTI landing pad: an indirect call would fault",
				 pab_syms[i].name);
			return why;
		}
	return otherwise;
}

static pab_kallsyms_fn pab_find_kallsyms_lookup_name(void)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	pab_kallsyms_fn fn;
	unsigned long addr;

	unsigned long self;
	int ret = register_kprobe(&kp);

	if (ret < 0) {
		pr_err("kprobe on kallsyms_lookup_name failed: %d\n", ret);
		return NULL;
	}
	addr = pab_kprobe_symbol_start((unsigned long)kp.addr);
	unregister_kprobe(&kp);
	fn = (pab_kallsyms_fn)addr;
	/* Trust the pointer only if it finds itself. */
	self = fn("kallsyms_lookup_name");
	if (self != addr) {
		pr_err("kallsyms_lookup_name found at probe %px, %*ph before it, but it names itself %px\n",
		       kp.addr, 4, (void *)((unsigned long)kp.addr - 4), (void *)self);
		return NULL;
	}
	return fn;
}

int pab_syms_resolve(void)
{
	pab_kallsyms_fn lookup = pab_find_kallsyms_lookup_name();
	unsigned int i;

	if (!lookup) {
		pr_err("cannot resolve kallsyms_lookup_name through a kprobe\n");
		return -ENOENT;
	}
	for (i = 0; i < ARRAY_SIZE(pab_syms); i++) {
		struct pab_sym_row *row = &pab_syms[i];

		*row->slot = (void *)lookup(row->name);
		if (*row->slot && !row->data &&
		    (!pab_landing_pad_ok(*row->slot) ||
		     (inject_no_landing_pad && !strcmp(inject_no_landing_pad, row->name)))) {
			pr_warn("%s at %px starts with %*ph, no landing pad: not used (an indirect call would fault)\n",
				row->name, *row->slot, 4, *row->slot);
			row->no_pad = true;
			*row->slot = NULL;
		}
		if (!*pab_syms[i].slot && pab_syms[i].required) {
			pr_err("required kernel symbol %s not found (%s)\n",
			       pab_syms[i].name, pab_syms[i].use);
			return -ENOENT;
		}
	}
	if (require_extra && *require_extra && !lookup(require_extra)) {
		pr_err("required kernel symbol %s not found (require_extra)\n",
		       require_extra);
		return -ENOENT;
	}
	if (!pab_sym.walk_kernel && !pab_sym.walk_novma) {
		pr_err("required kernel symbol walk_kernel_page_table_range (or walk_page_range_novma) not found\n");
		return -ENOENT;
	}
	return 0;
}
