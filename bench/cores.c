// SPDX-License-Identifier: GPL-2.0
/*
 * Which arm64 core this is, and what to count on it by default.
 *
 * MIDR values: Linux arch/arm64/include/asm/cputype.h (ARM_CPU_IMP_ARM 0x41,
 * ARM_CPU_PART_NEOVERSE_N1 0xD0C, _V1 0xD40, _N2 0xD49, _V2 0xD4F;
 * ARM_CPU_IMP_AMPERE 0xC0, AMPERE_CPU_PART_AMPERE1 0xAC3, _AMPERE1A 0xAC4),
 * the same as the Neoverse N1/V1/N2/V2 Technical Reference Manuals' MIDR_EL1
 * reset values and perf's tools/perf/pmu-events/arch/arm64/mapfile.csv
 * (0x410fd0c0 neoverse-n1, 0x410fd400 neoverse-v1, 0x410fd490 and 0x410fd4f0
 * neoverse-n2-v2, 0xc00fac30 ampereone, 0xc00fac40 ampereonex). Ampere Altra
 * is a Neoverse N1, Graviton2 N1, Graviton3 V1, Graviton4 V2.
 *
 * Events: cycles and instructions (cost, IPC); L1D_TLB_REFILL (0x05) and
 * DTLB_WALK (0x34), what a changed kernel mapping costs later; STALL_BACKEND
 * (0x24), waiting on the barriers; DSB_SPEC (0x7d) and ISB_SPEC (0x7c), the
 * barriers themselves, what lazy MMU batching removes. Every one is an Arm
 * common event that each of these cores implements (perf's JSON for each
 * core lists all seven). Where libpfm4 (Debian's 4.13) has the core's table,
 * arm_n1, arm_v1, arm_n2 and arm_v2, the events are named in it, so an event
 * a core lacks is refused by name rather than counted as noise; AmpereOne
 * has no libpfm4 table: raw codes.
 */
#include <stdio.h>
#include "cores.h"

#define PFM_EVENTS(pmu) \
	"cycles,instructions," pmu "::L1D_TLB_REFILL," pmu "::DTLB_WALK," pmu "::STALL_BACKEND," \
	pmu "::DSB_SPEC," pmu "::ISB_SPEC"
#define RAW_EVENTS	"cycles,instructions,r05,r34,r24,r7d,r7c"

const struct pab_core pab_cores[] = {
	{ 0x41, 0xd0c, "Arm Neoverse N1", "arm_n1", PFM_EVENTS("arm_n1"),
	  "Neoverse N1 (Graviton2, Ampere Altra): libpfm4 arm_n1" },
	{ 0x41, 0xd40, "Arm Neoverse V1", "arm_v1", PFM_EVENTS("arm_v1"),
	  "Neoverse V1 (Graviton3): libpfm4 arm_v1" },
	{ 0x41, 0xd49, "Arm Neoverse N2", "arm_n2", PFM_EVENTS("arm_n2"),
	  "Neoverse N2: libpfm4 arm_n2" },
	{ 0x41, 0xd4f, "Arm Neoverse V2", "arm_v2", PFM_EVENTS("arm_v2"),
	  "Neoverse V2 (Graviton4): libpfm4 arm_v2" },
	/* On the kernel's BBML2_NOABORT allow-list from r0p2 (the guest's --midr 0x410fd842). */
	{ 0x41, 0xd84, "Arm Neoverse V3", NULL, RAW_EVENTS,
	  "Neoverse V3: no libpfm4 4.13 table, raw common-event codes" },
	{ 0xc0, 0xac3, "AmpereOne", NULL, RAW_EVENTS,
	  "AmpereOne: no libpfm4 table, raw common-event codes" },
	{ 0xc0, 0xac4, "AmpereOne AC04", NULL, RAW_EVENTS,
	  "AmpereOne AC04 (AmpereOneX): no libpfm4 table, raw common-event codes" },
	{ 0x00, 0x051, "QEMU max", NULL, RAW_EVENTS,
	  "QEMU -cpu max (emulated): generic PMUv3, raw common-event codes" },
};
const unsigned int pab_cores_nr = sizeof(pab_cores) / sizeof(pab_cores[0]);

static const struct pab_core generic = {
	0, 0, "unknown core", NULL, RAW_EVENTS,
	"no row for this core: generic PMUv3, raw common-event codes"
};

const struct pab_core *pab_core_generic(void)
{
	return &generic;
}

const struct pab_core *pab_core_find(uint64_t midr)
{
	unsigned int impl = (midr >> 24) & 0xff, part = (midr >> 4) & 0xfff;

	for (unsigned int i = 0; i < pab_cores_nr; i++)
		if (pab_cores[i].impl == impl && pab_cores[i].part == part)
			return &pab_cores[i];
	return &generic;
}

uint64_t pab_core_read_midr(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/cpu0/regs/identification/midr_el1", "r");
	unsigned long long v = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%llx", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}
