/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers for the command line's values. Each returns 0, or -1 with a
 * one-line reason in err (what was wrong and what is accepted).
 */
#ifndef PAB_PARSE_H
#define PAB_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include "pageattr_bench_uapi.h"

#define PAB_ERRLEN 200

/* "4096", "4K", "64k", "2M", "1G", "64G", "1T" (binary units). */
int pab_parse_size(const char *s, uint64_t *out, char *err);
/* "pte", "pmd=50%,pte=50%", "pmd=0.25,pte=0.75" -> ppm per level, summing to PAB_PPM. */
int pab_parse_mix(const char *s, uint32_t ppm[PAB_LVL_NR], char *err);
/* "runs", "interleave", or a pattern "pmd,pte,pte" -> layout (+ pattern). */
int pab_parse_layout(const char *s, uint32_t *layout, uint8_t pattern[PAB_PATTERN_MAX],
		     uint32_t *pattern_len, char *err);
/* "off", "on", "native", "batch=N". */
int pab_parse_lazy(const char *s, uint32_t *lazy, uint32_t *batch, char *err);
/* "none", "included", "separate". */
int pab_parse_tlb(const char *s, uint32_t *tlb, char *err);
/* rw | exec: the permission a run toggles. */
int pab_parse_toggle(const char *s, uint32_t *toggle, char *err);
/* "every" or "end" (PAB_RUN_VERIFY_END added to *flags). */
int pab_parse_verify(const char *s, uint32_t *flags, char *err);
/* "vmalloc", "vmalloc-huge", "mixed". */
int pab_parse_region_kind(const char *s, uint32_t *kind, char *err);
/* A level name: "pte", "cont_pte" (or "cont-pte"), "pmd", "cont_pmd", "pud". */
int pab_parse_level(const char *s, size_t len, unsigned int *level);
/* Unsigned decimal in [min, max]. */
int pab_parse_uint(const char *s, const char *what, uint64_t min, uint64_t max, uint64_t *out,
		   char *err);
/*
 * After getopt_long(): no operand may be left (argv[optind] on). -1 with
 * "unexpected argument 'x'" in err otherwise.
 */
int pab_parse_no_operands(int argc, char **argv, int optind, char *err);

/* "64 MiB", "4 KiB", "1.5 GiB" into buf. */
const char *pab_format_size(uint64_t bytes, char *buf, size_t len);

#endif /* PAB_PARSE_H */
