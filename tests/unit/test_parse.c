// SPDX-License-Identifier: GPL-2.0
/* Command-line value parsers: accepted spellings and the error for each bad one. */
#include <stdio.h>
#include <string.h>
#include "parse.h"

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static void sizes(void)
{
	char err[PAB_ERRLEN];
	uint64_t v;

	CHECK(!pab_parse_size("4096", &v, err) && v == 4096);
	CHECK(!pab_parse_size("4K", &v, err) && v == 4096);
	CHECK(!pab_parse_size("4k", &v, err) && v == 4096);
	CHECK(!pab_parse_size("2MiB", &v, err) && v == 2ULL << 20);
	CHECK(!pab_parse_size("64G", &v, err) && v == 64ULL << 30);
	CHECK(!pab_parse_size("1TB", &v, err) && v == 1ULL << 40);
	CHECK(pab_parse_size("0", &v, err) && strstr(err, "zero"));
	CHECK(pab_parse_size("4X", &v, err) && strstr(err, "not a size"));
	CHECK(pab_parse_size("-1", &v, err) && strstr(err, "not a size"));
	CHECK(pab_parse_size("", &v, err) && strstr(err, "not a size"));
	CHECK(pab_parse_size("99999999999T", &v, err) && strstr(err, "too large"));
}

static void mixes(void)
{
	char err[PAB_ERRLEN];
	uint32_t ppm[PAB_LVL_NR];

	CHECK(!pab_parse_mix("pte", ppm, err) && ppm[PAB_LVL_PTE] == PAB_PPM);
	CHECK(!pab_parse_mix("pmd=50%,pte=50%", ppm, err) && ppm[PAB_LVL_PMD] == 500000 &&
	      ppm[PAB_LVL_PTE] == 500000);
	CHECK(!pab_parse_mix("pud=0.25,cont-pte=0.75", ppm, err) && ppm[PAB_LVL_PUD] == 250000 &&
	      ppm[PAB_LVL_CONT_PTE] == 750000);
	/* Thirds round to a sum of exactly one million. */
	CHECK(!pab_parse_mix("pte=0.3333333,pmd=0.3333333,pud=0.3333333", ppm, err) &&
	      ppm[0] + ppm[2] + ppm[4] == PAB_PPM);
	CHECK(pab_parse_mix("pte=40%,pmd=40%", ppm, err) && strstr(err, "add up to 80.0%"));
	CHECK(pab_parse_mix("ptx", ppm, err) && strstr(err, "unknown level 'ptx'"));
	CHECK(pab_parse_mix("pte=abc", ppm, err) && strstr(err, "bad fraction"));
	CHECK(pab_parse_mix("pte=150%", ppm, err) && strstr(err, "bad fraction"));
	CHECK(pab_parse_mix("pte=50%,pte=50%", ppm, err) && strstr(err, "given twice"));
	CHECK(pab_parse_mix("", ppm, err) && strstr(err, "empty"));
	/* Found by fuzzing (tests/fuzz): NaN passed the range check (undefined cast). */
	CHECK(pab_parse_mix("pud=nan,pte=100%", ppm, err) && strstr(err, "bad fraction 'nan'"));
	CHECK(pab_parse_mix("pte=nan%", ppm, err) && strstr(err, "bad fraction 'nan%'"));
	/* Found by fuzzing: the round-off went to the highest level, wrapping a tiny share around. */
	CHECK(!pab_parse_mix("pud=0.0001,pmd=0.0005,pte=1", ppm, err) && ppm[PAB_LVL_PUD] == 100 &&
	      ppm[PAB_LVL_PMD] == 500 && ppm[PAB_LVL_PTE] == PAB_PPM - 600);
	/* A level given twice is refused even when its first share is zero. */
	CHECK(pab_parse_mix("pmd=0,pmd=50%,pte=50%", ppm, err) && strstr(err, "given twice"));
}

static void layouts_and_modes(void)
{
	char err[PAB_ERRLEN];
	uint8_t pat[PAB_PATTERN_MAX];
	uint32_t layout, n, lazy, batch, tlb, kind;

	CHECK(!pab_parse_layout("runs", &layout, pat, &n, err) && layout == PAB_LAYOUT_RUNS);
	CHECK(!pab_parse_layout("interleave", &layout, pat, &n, err) && layout == PAB_LAYOUT_INTERLEAVE);
	CHECK(!pab_parse_layout("pmd,pte,pte", &layout, pat, &n, err) &&
	      layout == PAB_LAYOUT_PATTERN && n == 3 && pat[0] == PAB_LVL_PMD && pat[2] == PAB_LVL_PTE);
	CHECK(pab_parse_layout("pmd,zzz", &layout, pat, &n, err) && strstr(err, "'zzz'"));
	CHECK(pab_parse_layout("pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,"
			       "pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte,pte",
			       &layout, pat, &n, err) && strstr(err, "longer than 32"));
	CHECK(!pab_parse_lazy("batch=64", &lazy, &batch, err) && lazy == PAB_LAZY_BATCH && batch == 64);
	CHECK(!pab_parse_lazy("native", &lazy, &batch, err) && lazy == PAB_LAZY_NATIVE && !batch);
	CHECK(pab_parse_lazy("batch=0", &lazy, &batch, err) && strstr(err, "out of range"));
	CHECK(pab_parse_lazy("maybe", &lazy, &batch, err) && strstr(err, "off, on, native or batch=N"));
	CHECK(!pab_parse_tlb("separate", &tlb, err) && tlb == PAB_TLB_SEPARATE);
	CHECK(pab_parse_tlb("all", &tlb, err) && strstr(err, "none, included or separate"));
	CHECK(!pab_parse_region_kind("vmalloc-huge", &kind, err) && kind == PAB_REGION_VMALLOC_HUGE);
	CHECK(pab_parse_region_kind("huge", &kind, err) && strstr(err, "vmalloc, vmalloc-huge or mixed"));
}

static void numbers_and_format(void)
{
	char err[PAB_ERRLEN], buf[32];
	uint64_t v;

	CHECK(pab_parse_uint("100", "iterations", 1, 10, &v, err) && strstr(err, "out of range 1..10"));
	CHECK(!pab_parse_uint("7", "iterations", 1, 10, &v, err) && v == 7);
	CHECK(pab_parse_uint("1e3", "iterations", 1, 10000, &v, err) && strstr(err, "not a number"));
	CHECK(!strcmp(pab_format_size(64ULL << 30, buf, sizeof(buf)), "64 GiB"));
	CHECK(!strcmp(pab_format_size(1536ULL << 10, buf, sizeof(buf)), "1.5 MiB"));
	CHECK(!strcmp(pab_format_size(4096, buf, sizeof(buf)), "4 KiB"));
}

int main(void)
{
	sizes();
	mixes();
	layouts_and_modes();
	numbers_and_format();
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
