/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Landing pads: what an indirect call may land on where the CPU enforces
 * control-flow integrity (x86 IBT, arm64 BTI). Pure functions of a
 * function's first bytes, with no kernel headers, so the host's unit tests
 * check them as well (tests/unit/test_landing_pad.c); pab_syms.c applies
 * them to every function it resolves before the first call through it.
 */
#ifndef PAB_PAD_H
#define PAB_PAD_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stdint.h>
#endif

/* x86 IBT: ENDBR64 (f3 0f 1e fa), the only instruction an indirect call may land on. */
static inline bool pab_x86_endbr64(const unsigned char *p)
{
	return p[0] == 0xf3 && p[1] == 0x0f && p[2] == 0x1e && p[3] == 0xfa;
}

/*
 * What the kernel writes over the ENDBR64 of a function whose address it
 * never takes (objtool lists them, apply_seal_endbr() seals them at boot):
 * 7.x "nopl -42(%rax)" (0f 1f 40 d6), 6.x "osp nopl (%rax)" (66 0f 1f 00).
 * An indirect call to it raises #CP where IBT is enforced (a BUG()).
 */
static inline bool pab_x86_sealed(const unsigned char *p)
{
	return (p[0] == 0x0f && p[1] == 0x1f && p[2] == 0x40 && p[3] == 0xd6) ||
	       (p[0] == 0x66 && p[1] == 0x0f && p[2] == 0x1f && p[3] == 0x00);
}

/*
 * arm64 BTI: the function's first instruction (as read from memory, little
 * endian) must be BTI C, BTI JC, or PACIASP/PACIBSP (implicit landing pads):
 * HINT #34, #38, #25, #27 (Arm ARM C6.2).
 */
static inline bool pab_arm64_bti_pad(const unsigned char *p)
{
	unsigned int insn = p[0] | p[1] << 8 | p[2] << 16 | (unsigned int)p[3] << 24;

	return insn == 0xd503245f || insn == 0xd50324df || insn == 0xd503233f ||
	       insn == 0xd503237f;
}

/* The kind of landing pads a kernel is built with. */
enum pab_pad_kind {
	PAB_PADS_NONE,		/* none: indirect calls land anywhere */
	PAB_PADS_X86_IBT,	/* CONFIG_X86_KERNEL_IBT */
	PAB_PADS_ARM64_BTI,	/* CONFIG_ARM64_BTI_KERNEL */
};

static inline bool pab_has_landing_pad_kind(enum pab_pad_kind kind, const unsigned char *fn)
{
	switch (kind) {
	case PAB_PADS_X86_IBT:
		return pab_x86_endbr64(fn);
	case PAB_PADS_ARM64_BTI:
		return pab_arm64_bti_pad(fn);
	default:
		return true;
	}
}

/*
 * May the module call the function starting with fn through a pointer? Not
 * when the CPU enforces landing pads (enforced) and the function has none:
 * that call traps (#CP, a BTI exception). Where they are not enforced a
 * sealed function is an ordinary one.
 */
static inline bool pab_indirect_call_ok(enum pab_pad_kind kind, bool enforced,
					const unsigned char *fn)
{
	return !enforced || pab_has_landing_pad_kind(kind, fn);
}

/*
 * How far past a symbol's start the kernel put a kprobe registered on its
 * name: 0, or on x86 with IBT 4, past an ENDBR64 or its seal (the kernel's
 * arch_adjust_kprobe_addr()). Given the offset the kernel reports and the 4
 * bytes at the symbol's start, whether that offset is one of those; any
 * other answer means the address is not understood and is not used.
 */
static inline bool pab_probe_offset_ok(unsigned long offset, bool x86_ibt,
				       const unsigned char *start)
{
	if (offset == 0)
		return true;
	return offset == 4 && x86_ibt && (pab_x86_endbr64(start) || pab_x86_sealed(start));
}

#endif /* PAB_PAD_H */
