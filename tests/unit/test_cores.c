// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cores.c: every server core users run on finds its row by MIDR_EL1
 * (variant and revision ignored), with its libpfm4 table where Debian's
 * libpfm4 has one and the seven default events; anything else gets the
 * generic PMUv3 row.
 */
#include <stdio.h>
#include <string.h>
#include "../../bench/cores.h"

static int pass, fail;

static void check(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "FAIL", what);
	ok ? pass++ : fail++;
}

static void row(uint64_t midr, const char *name, const char *pmu, const char *what)
{
	const struct pab_core *c = pab_core_find(midr);
	char d[200];

	snprintf(d, sizeof(d), "%s: MIDR %#llx is %s (%s)", what, (unsigned long long)midr, name,
		 pmu ? pmu : "raw codes");
	check(!strcmp(c->name, name) && (pmu ? c->pfm_pmu && !strcmp(c->pfm_pmu, pmu) : !c->pfm_pmu), d);
}

/* Fields of list split at sep: one more than the separators. */
static int count(const char *list, char sep)
{
	int n = 1;

	for (; *list; list++)
		n += *list == sep;
	return n;
}

int main(void)
{
	/* MIDR_EL1 values of real parts (r#p# differ between steppings, ignored). */
	row(0x413fd0c1, "Arm Neoverse N1", "arm_n1", "Graviton2 / Ampere Altra (r3p1)");
	row(0x410fd0c0, "Arm Neoverse N1", "arm_n1", "Neoverse N1 r0p0");
	row(0x411fd401, "Arm Neoverse V1", "arm_v1", "Graviton3 (r1p1)");
	row(0x410fd490, "Arm Neoverse N2", "arm_n2", "Neoverse N2");
	row(0x410fd4f1, "Arm Neoverse V2", "arm_v2", "Graviton4 (r0p1)");
	row(0xc00fac30, "AmpereOne", NULL, "AmpereOne");
	row(0xc00fac41, "AmpereOne AC04", NULL, "AmpereOneX");
	row(0x000f0510, "QEMU max", NULL, "QEMU -cpu max");
	row(0x410fd080, "unknown core", NULL, "Cortex-A72: no row, generic");
	row(0, "unknown core", NULL, "no MIDR (not arm64)");
	check(pab_core_find(0x12345678) == pab_core_generic(), "an unknown MIDR gets the generic row");
	for (unsigned int i = 0; i < pab_cores_nr; i++) {
		const struct pab_core *c = &pab_cores[i];
		char d[200];

		snprintf(d, sizeof(d), "%s: 7 default events, cycles and instructions first, %s", c->name,
			 c->pfm_pmu ? "the rest named in its libpfm4 table" : "the rest raw codes");
		check(count(c->events, ',') == 7 && !strncmp(c->events, "cycles,instructions,", 20) &&
		      (c->pfm_pmu ? strstr(c->events, "::DSB_SPEC") && strstr(c->events, "::ISB_SPEC") &&
				    count(c->events, ':') == 11
				  : strstr(c->events, "r7d") && strstr(c->events, "r7c")), d);
	}
	printf("%d passed, %d failed\n", pass, fail);
	return fail != 0;
}
