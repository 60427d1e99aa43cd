// SPDX-License-Identifier: GPL-2.0
/*
 * The barrier counter's classifier (vm/plugin/a64_class.c) against the cross
 * assembler: tests/unit/a64_class.sh assembles one instruction per line
 * and feeds "WORD EXPECTED" lines here (EXPECTED: dsb:CRm, dmb:CRm, isb,
 * tlbi:NAME, mark:IMM or other). Prints TAP-like lines, exits 1 on a miss.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "a64_class.h"

static void name_of(uint32_t w, char *buf, size_t len)
{
	unsigned int sub;

	switch (a64_classify(w, &sub)) {
	case A64_DSB: snprintf(buf, len, "dsb:%u", sub); break;
	case A64_DMB: snprintf(buf, len, "dmb:%u", sub); break;
	case A64_ISB: snprintf(buf, len, "isb"); break;
	case A64_TLBI: snprintf(buf, len, "tlbi:%s", a64_tlbi_name(sub)); break;
	case A64_MARK: snprintf(buf, len, "mark:%u", sub); break;
	default: snprintf(buf, len, "other");
	}
}

int main(void)
{
	char line[256], want[64], got[64];
	unsigned int w;
	int n = 0, bad = 0;

	while (fgets(line, sizeof(line), stdin)) {
		if (sscanf(line, "%x %63s", &w, want) != 2)
			continue;
		name_of(w, got, sizeof(got));
		n++;
		if (strcmp(got, want)) {
			bad++;
			printf("not ok %d - %08x: %s, want %s\n", n, w, got, want);
		} else {
			printf("ok %d - %08x %s\n", n, w, got);
		}
	}
	printf("%d passed, %d failed\n", n - bad, bad);
	return bad || !n;
}
