// SPDX-License-Identifier: GPL-2.0
/* Sweep specs: lines, ranges, expansion, and an error naming the line or field for bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_possible.h"
#include "sweep_spec.h"

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static size_t expand(const char *const *lines, size_t n, char *err)
{
	struct pab_spec s;
	struct pab_config *cfgs = NULL;
	size_t count = 0;

	pab_spec_init(&s);
	for (size_t i = 0; i < n; i++)
		if (pab_spec_line(&s, lines[i], "t", err, 512)) {
			pab_spec_free(&s);
			return (size_t)-1;
		}
	if (pab_spec_expand(&s, &cfgs, &count, err, 512))
		count = (size_t)-1;
	free(cfgs);
	pab_spec_free(&s);
	return count;
}

/*
 * The default spec on an arm64 4K kernel (PMD blocks in vmalloc space, cont
 * PTEs, no PUD): how many of its combinations can exist, by reason. Derived
 * from bench/specs/default.spec: sizes 4K..1G*4 (10), mixes pte, pmd=50%,pte=50%
 * and pmd; per size and mix the 4 whole paths once (lazy native) and 3
 * components x 5 lazy modes: 19 configurations.
 * - pte: all 19 at every size, set-memory* as vmalloc regions: 190.
 * - pmd mixes below 2M (4K..1M: 5 sizes x 2 mixes): set-memory-nx and its
 *   prologue (vmalloc only, checked first) 2, the other 17 need a 2M unit.
 * - pmd mixes at 4M..1G (5 sizes x 2 mixes): set-memory* 2; pageattr-apply
 *   and apply x 5 lazy modes cannot change blocks: 6; 11 run.
 * So 190 + 110 = 300 run; not run: vmalloc 40, unit 170, blocks 60.
 */
static void check_default_spec(void)
{
	static const char *const lines[] = {
		"sizes = 4K..1G*4", "mixes = pte; pmd=50%,pte=50%; pmd",
		"methods = pageattr-apply pageattr-walk set-memory-nx set-memory-prologue apply walk walk-lockless",
		"lazy = off on batch=8 batch=64 batch=512",
	};
	struct pab_info info = {
		.arch = PAB_ARCH_ARM64, .page_shift = 12, .pmd_shift = 21, .pud_shift = 30,
		.cont_pte_shift = 16, .cont_pmd_shift = 25, .caps = PAB_CAP_PMD_BLOCK | PAB_CAP_CONT_PTE,
		.methods = ~0ULL,
	};
	struct pab_spec s;
	struct pab_config *cfgs = NULL;
	size_t n = 0, by[PAB_IMPOSSIBLE_NR] = { 0 }, ok = 0;
	char err[512];

	pab_spec_init(&s);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		CHECK(!pab_spec_line(&s, lines[i], "t", err, sizeof(err)));
	CHECK(!pab_spec_expand(&s, &cfgs, &n, err, sizeof(err)) && n == 570);
	for (size_t i = 0; i < n; i++) {
		enum pab_impossible w = pab_config_impossible(&cfgs[i], &info);

		if (w == PAB_POSSIBLE)
			ok++;
		else
			by[w]++;
	}
	CHECK(ok == 300);
	CHECK(by[PAB_IMPOSSIBLE_VMALLOC] == 40);
	CHECK(by[PAB_IMPOSSIBLE_UNIT] == 170);
	CHECK(by[PAB_IMPOSSIBLE_BLOCKS] == 60);
	CHECK(by[PAB_IMPOSSIBLE_LEVEL] == 0 && by[PAB_IMPOSSIBLE_METHOD] == 0);
	/*
	 * 6.12: no lockless walker, so no walk-lockless and no pageattr-walk:
	 * of the 300, per size 5 (walk-lockless x 5 lazy) + 1 on pte, and on
	 * the pmd mixes from 4M 6 each (5 sizes x 2 mixes): 60 + 60 = 120 gone.
	 */
	info.methods = ~0ULL & ~(1ULL << PAB_METHOD_WALK_LOCKLESS) & ~(1ULL << PAB_METHOD_PAGEATTR_WALK);
	ok = 0;
	for (size_t i = 0; i < n; i++)
		ok += pab_config_impossible(&cfgs[i], &info) == PAB_POSSIBLE;
	CHECK(ok == 180);
	info.methods = ~0ULL;
	/* x86: set_memory_* take any region there; no cont PTEs. */
	info.arch = PAB_ARCH_X86_64;
	info.cont_pte_shift = 0;
	ok = 0;
	for (size_t i = 0; i < n; i++)
		ok += pab_config_impossible(&cfgs[i], &info) == PAB_POSSIBLE;
	/* The 40 set-memory* on pmd mixes: 20 below 2M need the unit, 20 from 4M cannot take blocks. */
	CHECK(ok == 300);
	free(cfgs);
	pab_spec_free(&s);
	/* x86 has no contiguous PTEs: a cont_pte mix cannot exist there. */
	pab_spec_init(&s);
	CHECK(!pab_spec_line(&s, "mixes = cont_pte", "t", err, sizeof(err)) &&
	      !pab_spec_line(&s, "sizes = 64K", "t", err, sizeof(err)) &&
	      !pab_spec_line(&s, "methods = walk", "t", err, sizeof(err)) &&
	      !pab_spec_expand(&s, &cfgs, &n, err, sizeof(err)) && n == 1 &&
	      pab_config_impossible(&cfgs[0], &info) == PAB_IMPOSSIBLE_LEVEL);
	free(cfgs);
	pab_spec_free(&s);
}

int main(void)
{
	check_default_spec();
	char err[512];
	uint64_t sizes[64];
	size_t n = 0;

	CHECK(!pab_spec_sizes("4K..1G*4", sizes, 64, &n, err, sizeof(err)) && n == 10 &&
	      sizes[0] == 4096 && sizes[9] == 1ULL << 30);
	n = 0;
	CHECK(!pab_spec_sizes("2M", sizes, 64, &n, err, sizeof(err)) && n == 1 && sizes[0] == 2 << 20);
	n = 0;
	CHECK(pab_spec_sizes("1G..4K*2", sizes, 64, &n, err, sizeof(err)) && strstr(err, "backwards"));
	n = 0;
	CHECK(pab_spec_sizes("4K..1G", sizes, 64, &n, err, sizeof(err)) && strstr(err, "FROM..TO*FACTOR"));
	n = 0;
	CHECK(pab_spec_sizes("4K..1G*1", sizes, 64, &n, err, sizeof(err)) && strstr(err, "factor"));

	{
		const char *l[] = { "sizes = 4K..64K*4  # comment", "mixes = pte; pmd=50%,pte=50%",
				    "methods = apply, walk", "lazy = off on batch=8", "", "# only a comment" };
		/* 3 sizes x 2 mixes x 2 methods x 3 lazy */
		CHECK(expand(l, 6, err) == 36);
	}
	{
		/* Mixes and layouts do not multiply non-mixed regions. */
		const char *l[] = { "regions = mixed vmalloc", "mixes = pte; pmd", "layouts = runs interleave" };
		CHECK(expand(l, 3, err) == 4 + 1);
	}
	{
		const char *l[] = { "sizes = 4K", "methods = frob" };
		CHECK(expand(l, 2, err) == (size_t)-1 && strstr(err, "method 'frob'"));
	}
	{
		const char *l[] = { "mixes = pte=40%,pmd=40%" };
		CHECK(expand(l, 1, err) == (size_t)-1 && strstr(err, "add up to 80.0%"));
	}
	{
		const char *l[] = { "iterations = 0" };
		CHECK(expand(l, 1, err) == (size_t)-1 && strstr(err, "iterations 0 is out of range"));
	}
	{
		/* cold = no | yes | both: both runs each configuration hot, then cold. */
		const char *no[] = { "methods = apply walk", "cold = no" };
		const char *yes[] = { "methods = apply walk", "cold = yes" };
		const char *both[] = { "methods = apply walk", "lazy = off on", "cold = both" };
		const char *bad[] = { "cold = maybe" };
		struct pab_spec s;
		struct pab_config *cfgs = NULL;
		size_t count = 0;
		char name[256];

		CHECK(expand(no, 1, err) == 2 && expand(no, 2, err) == 2);
		CHECK(expand(yes, 2, err) == 2);
		CHECK(expand(both, 3, err) == 8);
		CHECK(expand(bad, 1, err) == (size_t)-1 && strstr(err, "cold 'maybe': use no, yes or both"));
		pab_spec_init(&s);
		for (size_t i = 0; i < 3; i++)
			CHECK(!pab_spec_line(&s, both[i], "t", err, sizeof(err)));
		CHECK(!pab_spec_expand(&s, &cfgs, &count, err, sizeof(err)) && count == 8);
		for (size_t i = 0; i < count; i++) {
			bool cold = cfgs[i].run.flags & PAB_RUN_COLD;

			pab_config_name(&cfgs[i], name, sizeof(name));
			/* Hot first, its cold twin next; only the cold one's name says so. */
			CHECK(cold == (i % 2 == 1));
			CHECK(!!strstr(name, "/cold") == cold);
		}
		if (count == 8) {
			pab_config_name(&cfgs[0], name, sizeof(name));
			CHECK(!strcmp(name, "apply/2MiB/mixed:pte/runs/lazy=off/tlb=none"));
			pab_config_name(&cfgs[1], name, sizeof(name));
			CHECK(!strcmp(name, "apply/2MiB/mixed:pte/runs/lazy=off/tlb=none/cold"));
		}
		free(cfgs);
		pab_spec_free(&s);
		/* The key is named in the list of keys an unknown one gets. */
		CHECK(expand((const char *[]){ "cool = yes" }, 1, err) == (size_t)-1 &&
		      strstr(err, "verify, cold)"));
	}
	{
		const char *l[] = { "colour = blue" };
		CHECK(expand(l, 1, err) == (size_t)-1 && strstr(err, "t: unknown key 'colour'"));
	}
	{
		const char *l[] = { "sizes =" };
		CHECK(expand(l, 1, err) == (size_t)-1 && strstr(err, "'sizes' has no value"));
	}
	{
		/* Found by fuzzing (tests/fuzz): a 257th plain size failed without a message. */
		const char *l[] = { "sizes = 1..1T*2 1..1T*2 1..1T*2 1..1T*2 1..1T*2 1..1T*2",
				    "sizes = 1 2 3 4 5 6 7 8 9 10 11" };
		err[0] = '\0';
		CHECK(expand(l, 2, err) == (size_t)-1 && strstr(err, "size '11': more than 256 sizes"));
	}
	{
		/* Found by fuzzing: 6.4e7 configurations, a 133 GB calloc, failed without a message. */
		const char *l[] = { "sizes = 1..1T*2 1..1T*2 1..1T*2 1..1T*2 1..1T*2 1..1T*2",
				    "lazy = off on batch=1 batch=2 batch=3 batch=4 batch=5 batch=6",
				    "methods = apply walk walk-lockless null apply walk walk-lockless null",
				    "tlb = none included separate none included separate none included" };
		err[0] = '\0';
		CHECK(expand(l, 4, err) == (size_t)-1 &&
		      strstr(err, "the spec expands to 125952 configurations, more than 100000"));
	}
	{
		struct pab_spec s;
		struct pab_config *cfgs = NULL;
		size_t count = 0;
		FILE *f = fopen("test_spec.tmp", "w");

		/* A line longer than 1 KiB was split: the comment's tail became line 2. */
		fputs("iterations = 5 # ", f);
		for (int i = 0; i < 1100; i++)
			fputc('x', f);
		fputs(" iterations = 7\nsizes = 4K\nbogus\n", f);
		fclose(f);
		pab_spec_init(&s);
		CHECK(pab_spec_file(&s, "test_spec.tmp", err, sizeof(err)) &&
		      strstr(err, "test_spec.tmp:3: expected 'key = values', got 'bogus'"));
		CHECK(s.iterations && !strcmp(s.iterations, "5"));
		CHECK(!pab_spec_expand(&s, &cfgs, &count, err, sizeof(err)) && count == 1 &&
		      cfgs[0].run.iterations == 5);
		free(cfgs);
		pab_spec_free(&s);
		remove("test_spec.tmp");
	}
	{
		struct pab_spec s;
		FILE *f = fopen("test_spec.tmp", "w");

		fputs("sizes = 4K\n\nthis is not a spec line\n", f);
		fclose(f);
		pab_spec_init(&s);
		CHECK(pab_spec_file(&s, "test_spec.tmp", err, sizeof(err)) &&
		      strstr(err, "test_spec.tmp:3: expected 'key = values'"));
		pab_spec_free(&s);
		remove("test_spec.tmp");
		CHECK(pab_spec_file(&s, "/nonexistent/spec", err, sizeof(err)) &&
		      strstr(err, "cannot read spec /nonexistent/spec"));
	}
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
