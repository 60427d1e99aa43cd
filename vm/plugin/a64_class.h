/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A64 instruction classes the barrier counter needs: DSB (by domain), DMB,
 * ISB, TLBI (by operation) and the module's markers. Encodings from the Arm
 * Architecture Reference Manual for A-profile (C6.2: DSB, DMB, ISB, SYS/TLBI
 * alias, HINT); tests/unit/test_a64_class checks them against what the cross
 * assembler emits for each mnemonic.
 */
#ifndef PAB_A64_CLASS_H
#define PAB_A64_CLASS_H

#include <stdint.h>

enum a64_class {
	A64_OTHER,
	A64_DSB,	/* sub: CRm, the domain and type (0xa ishst, 0xb ish, 0xf sy, ...) */
	A64_DMB,	/* sub: CRm */
	A64_ISB,
	A64_TLBI,	/* sub: enum a64_tlbi */
	A64_MARK,	/* sub: the HINT immediate (PAB_MARK_*) */
	A64_CLASS_NR
};

/* The EL1 TLBI operations (op1 = 0, CRn = 8), as named by the Arm ARM. */
#define A64_TLBIS(X)								\
	X(VMALLE1IS, 3, 0) X(VAE1IS, 3, 1) X(ASIDE1IS, 3, 2) X(VAAE1IS, 3, 3)	\
	X(VALE1IS, 3, 5) X(VAALE1IS, 3, 7)					\
	X(VMALLE1, 7, 0) X(VAE1, 7, 1) X(ASIDE1, 7, 2) X(VAAE1, 7, 3)		\
	X(VALE1, 7, 5) X(VAALE1, 7, 7)						\
	X(VMALLE1OS, 1, 0) X(VAE1OS, 1, 1) X(ASIDE1OS, 1, 2) X(VAAE1OS, 1, 3)	\
	X(VALE1OS, 1, 5) X(VAALE1OS, 1, 7)					\
	X(RVAE1IS, 2, 1) X(RVAAE1IS, 2, 3) X(RVALE1IS, 2, 5) X(RVAALE1IS, 2, 7)	\
	X(RVAE1OS, 5, 1) X(RVAAE1OS, 5, 3) X(RVALE1OS, 5, 5) X(RVAALE1OS, 5, 7)	\
	X(RVAE1, 6, 1) X(RVAAE1, 6, 3) X(RVALE1, 6, 5) X(RVAALE1, 6, 7)

#define A64_TLBI_ENUM(name, crm, op2)	A64_TLBI_##name,
enum a64_tlbi {
	A64_TLBIS(A64_TLBI_ENUM)
	A64_TLBI_OTHER,		/* another level's or a newer operation */
	A64_TLBI_NR
};

/* The class of insn; *sub as documented per class (0 for the others). */
enum a64_class a64_classify(uint32_t insn, unsigned int *sub);
/* "vae1is", ... ("other" for A64_TLBI_OTHER). */
const char *a64_tlbi_name(unsigned int op);

#endif /* PAB_A64_CLASS_H */
