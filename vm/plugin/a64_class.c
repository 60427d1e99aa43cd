// SPDX-License-Identifier: GPL-2.0
#include "a64_class.h"

/*
 * Barriers (Arm ARM C6.2.77 DSB, C6.2.75 DMB, C6.2.136 ISB):
 * 1101 0101 0000 0011 0011 CRm op2 11111, op2 = 100 DSB, 101 DMB, 110 ISB.
 * (DSB with CRm 0000 and 0100 are SSBB and PSSBB, speculation barriers:
 * counted as DSB with their CRm, so they stay told apart.)
 * System instructions (C6.2.369 SYS; TLBI is its alias with CRn = 1000):
 * 1101 0101 0000 1 op1 CRn CRm op2 Rt.
 * Hints (C6.2.126 HINT): 1101 0101 0000 0011 0010 CRm op2 11111, imm = CRm:op2.
 */
enum a64_class a64_classify(uint32_t insn, unsigned int *sub)
{
	unsigned int crm = (insn >> 8) & 0xf, op2 = (insn >> 5) & 7;

	*sub = 0;
	if ((insn & 0xfffff01f) == 0xd503301f) {
		*sub = crm;
		switch (op2) {
		case 4: return A64_DSB;
		case 5: return A64_DMB;
		case 6: return A64_ISB;
		}
		return A64_OTHER;
	}
	if ((insn & 0xfffff01f) == 0xd503201f) {
		*sub = (insn >> 5) & 0x7f;
		return *sub >= 0x78 ? A64_MARK : A64_OTHER;
	}
	if ((insn & 0xfff80000) == 0xd5080000 && ((insn >> 12) & 0xf) == 8) {
		unsigned int op1 = (insn >> 16) & 7;

		*sub = A64_TLBI_OTHER;
#define A64_TLBI_MATCH(name, c, o) \
		if (op1 == 0 && crm == (c) && op2 == (o)) *sub = A64_TLBI_##name; else
		A64_TLBIS(A64_TLBI_MATCH) {}
		return A64_TLBI;
	}
	return A64_OTHER;
}

const char *a64_tlbi_name(unsigned int op)
{
#define A64_TLBI_NAME(name, c, o)	#name,
	static const char *const names[] = { A64_TLBIS(A64_TLBI_NAME) "OTHER" };

	return op < A64_TLBI_NR ? names[op] : "?";
}
