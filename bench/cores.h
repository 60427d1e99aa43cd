/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 cores by MIDR_EL1 (implementer, part number): their name, the
 * libpfm4 PMU table that knows their events, and the default event set that
 * 'run --events default' counts there. One table, bench/cores.c.
 */
#ifndef PAB_CORES_H
#define PAB_CORES_H
#include <stdint.h>

struct pab_core {
	unsigned int impl, part;	/* MIDR_EL1 [31:24] and [15:4] */
	const char *name;
	const char *pfm_pmu;		/* libpfm4 PMU name, NULL: none (raw codes) */
	const char *events;		/* the default event list, as for --events */
	const char *row;		/* how 'info' names the row that matched */
};

/* The row of midr's core; the generic PMUv3 row when no row has it. Never NULL. */
const struct pab_core *pab_core_find(uint64_t midr);
/* The generic row itself (cores no row names, QEMU's). */
const struct pab_core *pab_core_generic(void);
/* This machine's MIDR_EL1 from sysfs (cpu0); 0 when it has none (not arm64). */
uint64_t pab_core_read_midr(void);
/* The rows, for listing and tests. */
extern const struct pab_core pab_cores[];
extern const unsigned int pab_cores_nr;

#endif
