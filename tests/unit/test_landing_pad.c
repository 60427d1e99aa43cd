// SPDX-License-Identifier: GPL-2.0
/*
 * The module's landing-pad checks (kmod/pab_pad.h), on the bytes real
 * kernels start their functions with. The module calls every function it
 * resolves through a pointer; where the CPU enforces landing pads (x86 IBT,
 * arm64 BTI) a function without one must be refused, never called: the call
 * would trap (#CP, a BTI exception), a BUG() in the kernel. CI's QEMU guests
 * have no IBT (the amd64 guest checks the same code on the kernel's real
 * sealed functions with inject_pads_enforced, guest.engine.amd64-7.2), so
 * the decision itself is checked here.
 */
#include <stdio.h>
#include "pab_pad.h"

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

/* x86: the first 4 bytes of a function, then whatever follows. */
static const unsigned char endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa, 0xe8, 0, 0, 0, 0 };
static const unsigned char endbr32[] = { 0xf3, 0x0f, 0x1e, 0xfb };
static const unsigned char sealed7[] = { 0x0f, 0x1f, 0x40, 0xd6 };	/* 7.x: nopl -42(%rax) */
static const unsigned char sealed6[] = { 0x66, 0x0f, 0x1f, 0x00 };	/* 6.x: osp nopl (%rax) */
static const unsigned char x86_plain[] = { 0x55, 0x48, 0x89, 0xe5 };	/* push %rbp; mov %rsp,%rbp */
static const unsigned char int3s[] = { 0xcc, 0xcc, 0xcc, 0xcc };

/* arm64: one instruction, little endian. */
#define A64(insn) { (insn) & 0xff, (insn) >> 8 & 0xff, (insn) >> 16 & 0xff, (insn) >> 24 & 0xff }
static const unsigned char bti_c[] = A64(0xd503245fU);
static const unsigned char bti_jc[] = A64(0xd50324dfU);
static const unsigned char bti_j[] = A64(0xd503249fU);	/* a jump pad, not a call pad */
static const unsigned char paciasp[] = A64(0xd503233fU);
static const unsigned char pacibsp[] = A64(0xd503237fU);
static const unsigned char a64_nop[] = A64(0xd503201fU);
static const unsigned char a64_stp[] = A64(0xa9bf7bfdU);	/* stp x29, x30, [sp, #-16]! */

int main(void)
{
	/* x86 IBT, enforced: only endbr64 may be called. */
	CHECK(pab_indirect_call_ok(PAB_PADS_X86_IBT, true, endbr64));
	CHECK(!pab_indirect_call_ok(PAB_PADS_X86_IBT, true, sealed7));
	CHECK(!pab_indirect_call_ok(PAB_PADS_X86_IBT, true, sealed6));
	CHECK(!pab_indirect_call_ok(PAB_PADS_X86_IBT, true, endbr32));
	CHECK(!pab_indirect_call_ok(PAB_PADS_X86_IBT, true, x86_plain));
	CHECK(!pab_indirect_call_ok(PAB_PADS_X86_IBT, true, int3s));
	/* Not enforced (QEMU's TCG, a CPU without IBT, ibt=off): a sealed function is callable. */
	CHECK(pab_indirect_call_ok(PAB_PADS_X86_IBT, false, sealed7));
	CHECK(pab_indirect_call_ok(PAB_PADS_X86_IBT, false, x86_plain));
	/* ... but still has no pad (what info reports). */
	CHECK(!pab_has_landing_pad_kind(PAB_PADS_X86_IBT, sealed7));
	CHECK(pab_x86_sealed(sealed7) && pab_x86_sealed(sealed6) && !pab_x86_sealed(endbr64));

	/* arm64 BTI, enforced: BTI C, BTI JC, PACIASP, PACIBSP. */
	CHECK(pab_indirect_call_ok(PAB_PADS_ARM64_BTI, true, bti_c));
	CHECK(pab_indirect_call_ok(PAB_PADS_ARM64_BTI, true, bti_jc));
	CHECK(pab_indirect_call_ok(PAB_PADS_ARM64_BTI, true, paciasp));
	CHECK(pab_indirect_call_ok(PAB_PADS_ARM64_BTI, true, pacibsp));
	CHECK(!pab_indirect_call_ok(PAB_PADS_ARM64_BTI, true, bti_j));
	CHECK(!pab_indirect_call_ok(PAB_PADS_ARM64_BTI, true, a64_nop));
	CHECK(!pab_indirect_call_ok(PAB_PADS_ARM64_BTI, true, a64_stp));
	CHECK(pab_indirect_call_ok(PAB_PADS_ARM64_BTI, false, a64_stp));
	/* The other arch's pads are nothing here. */
	CHECK(!pab_indirect_call_ok(PAB_PADS_ARM64_BTI, true, endbr64));
	CHECK(!pab_indirect_call_ok(PAB_PADS_X86_IBT, true, bti_c));

	/* A kernel built without pads: everything lands. */
	CHECK(pab_indirect_call_ok(PAB_PADS_NONE, true, x86_plain));
	CHECK(pab_indirect_call_ok(PAB_PADS_NONE, true, a64_stp));

	/* Where a kprobe on a name sits: the start, or (x86 IBT) past endbr64 or its seal. */
	CHECK(pab_probe_offset_ok(0, false, a64_stp));
	CHECK(pab_probe_offset_ok(0, true, endbr64));
	CHECK(pab_probe_offset_ok(4, true, endbr64));
	CHECK(pab_probe_offset_ok(4, true, sealed7));
	CHECK(pab_probe_offset_ok(4, true, sealed6));
	CHECK(!pab_probe_offset_ok(4, true, x86_plain));
	CHECK(!pab_probe_offset_ok(4, false, endbr64));
	CHECK(!pab_probe_offset_ok(8, true, endbr64));
	CHECK(!pab_probe_offset_ok(1, true, endbr64));

	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
