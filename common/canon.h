/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Canonical spellings of a configuration, formatted from parsed values and
 * never from the user's text: "--mix pte=100%" and "--mix pte" are one
 * configuration, with one name, one resume key and one compare key.
 *
 *   name: METHOD/SIZE/REGION:MIX/LAYOUT/lazy=LAZY/tlb=TLB[/toggle=exec][/cold]
 *   mix:  levels from the largest block down, "pmd=50%,pte=50%"; a level
 *         alone is its name ("pte"); pattern layouts give their pattern's shares
 */
#ifndef PAB_CANON_H
#define PAB_CANON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vocab.h"

/* What a region kind other than mixed records as its mix and layout. */
#define PAB_MIX_AS_MAPPED	"as the kernel maps it"
#define PAB_LAYOUT_AS_MAPPED	"-"
/* The suffix of a cold configuration's name (PAB_RUN_COLD): hot names have none. */
#define PAB_NAME_COLD		"/cold"

/* A configuration as its name spells it (the parts the name holds). */
struct pab_key {
	int method;			/* PAB_METHOD_*, or -1: then method_text */
	const char *method_text;
	uint32_t region;		/* PAB_REGION_* */
	uint64_t bytes;
	uint32_t mix_ppm[PAB_LVL_NR];	/* the shares, pattern layouts too */
	uint32_t layout;		/* PAB_LAYOUT_* */
	uint8_t pattern[PAB_PATTERN_MAX];
	uint32_t pattern_len;
	uint32_t lazy, batch, tlb;
	uint32_t toggle;		/* PAB_TOGGLE_*: named only when not rw */
	bool cold;			/* PAB_RUN_COLD: "/cold", named only when set */
};

/* "pte", "pmd=50%,pte=50%", "pmd=33.3333%,pte=66.6667%". */
const char *pab_format_mix(const uint32_t ppm[PAB_LVL_NR], char *buf, size_t len);
/* "runs", "interleave", "pmd,pte,pte". */
const char *pab_format_layout(uint32_t layout, const uint8_t *pattern, uint32_t n, char *buf,
			      size_t len);
/* "off", "on", "native", "batch=16". */
const char *pab_format_lazy(uint32_t lazy, uint32_t batch, char *buf, size_t len);
/* "2MiB", "64GiB" (pab_format_size without the blank). */
const char *pab_format_size_tight(uint64_t bytes, char *buf, size_t len);
/* The shares of a repeating pattern, in ppm (round-off to the largest). */
void pab_pattern_mix(const uint8_t *pattern, uint32_t n, uint32_t ppm[PAB_LVL_NR]);
/* The PMD-block share in percent; -1 when the mix holds other blocks (pud, cont_*). */
int pab_mix_pmd_percent(const uint32_t ppm[PAB_LVL_NR]);
/* Whether the mix is one level only. */
int pab_mix_single_level(const uint32_t ppm[PAB_LVL_NR]);

/* The name of a configuration. */
void pab_key_name(const struct pab_key *k, char *buf, size_t len);
/* Parse a name as pab_key_name writes it (any accepted spelling of its parts); 0 or -1. */
int pab_key_parse(const char *name, struct pab_key *k);
/*
 * The canonical form of a name (older files and journals spelled parts as
 * the user did): a name that does not parse is copied as it is.
 */
const char *pab_name_canonical(const char *name, char *buf, size_t len);

#endif /* PAB_CANON_H */
