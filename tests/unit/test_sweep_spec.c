// SPDX-License-Identifier: GPL-2.0
/* Sweep specs: lines, ranges, expansion, and an error naming the line or field for bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int main(void)
{
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
