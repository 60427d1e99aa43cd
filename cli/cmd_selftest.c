// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench selftest: TAP checks that the module loads and answers and
 * that each update path really changes every PTE of a 4 MiB vmalloc region
 * and restores it, verified by reading the page tables back (PAB_IOC_VERIFY
 * walks them independently of the path under test).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "pab_dev.h"
#include "tap.h"

#define LAZY_NAME(v) pab_vocab_name(&pab_lazy_modes, (v))

#define REGION_BYTES	(4ULL << 20)

static const unsigned int lazy_modes[] = { PAB_LAZY_OFF, PAB_LAZY_ON };
static const unsigned int methods[] = { PAB_METHOD_APPLY, PAB_METHOD_WALK,
					PAB_METHOD_WALK_LOCKLESS, PAB_METHOD_SET_MEMORY };
#define NR_METHODS (sizeof(methods) / sizeof(methods[0]))
#define NR_LAZY (sizeof(lazy_modes) / sizeof(lazy_modes[0]))

/*
 * The lazy modes a method is checked in: a whole kernel path (set-memory)
 * runs with its own lazy MMU handling, lazy native, once.
 */
static size_t nr_lazy(unsigned int method)
{
	return pab_method_flags(method) & PAB_MF_PATH ? 1 : NR_LAZY;
}

static unsigned int lazy_mode(unsigned int method, size_t l)
{
	return pab_method_flags(method) & PAB_MF_PATH ? PAB_LAZY_NATIVE : lazy_modes[l];
}

/* 4 setup checks, two per method and lazy mode, 7 closing checks */
static unsigned int plan(void)
{
	unsigned int n = 4 + 7;

	for (size_t i = 0; i < NR_METHODS; i++)
		n += 2 * nr_lazy(methods[i]);
	return n;
}

struct st {
	struct tap tap;
	struct pab_dev dev;
	struct pab_info info;
	uint32_t region;
	uint64_t pages;
	/* Page-table digests after each method's RO and RW change, lazy off. */
	uint64_t digest[NR_METHODS][2];
	bool have_digest[NR_METHODS];
};

static uint64_t leaves_total(const __u64 *leaves)
{
	uint64_t n = 0;

	for (int l = 0; l < PAB_LVL_NR; l++)
		n += leaves[l];
	return n;
}

static int change(struct st *s, unsigned int method, unsigned int prot, unsigned int lazy,
		  uint64_t offset, uint64_t length, struct pab_change *out)
{
	*out = (struct pab_change){ .region = s->region, .method = method, .prot = prot,
				    .lazy = lazy, .flags = PAB_CHANGE_FLUSH_TLB,
				    .offset = offset, .length = length };
	return pab_dev_ioctl(&s->dev, PAB_IOC_CHANGE, out, sizeof(*out), "change");
}

static int verify(struct st *s, unsigned int prot, struct pab_verify *out)
{
	*out = (struct pab_verify){ .region = s->region, .prot = prot };
	return pab_dev_ioctl(&s->dev, PAB_IOC_VERIFY, out, sizeof(*out), "verify");
}

/* Change the whole region to prot, then read it back. */
static bool change_and_check(struct st *s, unsigned int method, unsigned int prot,
			     unsigned int lazy, const char *what, uint64_t *digest)
{
	const char *m = pab_method_name(method);
	struct pab_change ch;
	struct pab_verify v;
	/* set_memory_*() cannot report what it visited: only the read-back counts. */
	bool counted = !(pab_method_flags(method) & PAB_MF_KERNEL);

	if (change(s, method, prot, lazy, 0, 0, &ch)) {
		tap_diag("%s", s->dev.err);
		return tap_ok(&s->tap, false, "%s lazy=%s: %s", m, LAZY_NAME(lazy), what);
	}
	if (verify(s, prot, &v)) {
		tap_diag("%s", s->dev.err);
		return tap_ok(&s->tap, false, "%s lazy=%s: %s", m, LAZY_NAME(lazy), what);
	}
	*digest = v.digest;
	bool ok = v.mismatched == 0 && v.holes == 0 && v.leaves[PAB_LVL_PTE] == s->pages &&
		  (!counted || ch.leaves[PAB_LVL_PTE] == s->pages);
	if (!ok)
		tap_diag("changed %llu PTEs; read back %llu PTEs, %llu mismatched (first at +%#llx), %llu holes",
			 (unsigned long long)ch.leaves[PAB_LVL_PTE],
			 (unsigned long long)v.leaves[PAB_LVL_PTE],
			 (unsigned long long)v.mismatched, (unsigned long long)v.first_bad_offset,
			 (unsigned long long)v.holes);
	return tap_ok(&s->tap, ok, "%s lazy=%s: %s (%llu PTEs, %llu ns)", m, LAZY_NAME(lazy),
		      what, (unsigned long long)s->pages, (unsigned long long)ch.ns);
}

static void test_methods(struct st *s)
{
	for (size_t i = 0; i < NR_METHODS; i++) {
		struct pab_method_info mi = { .method = methods[i] };
		bool avail = !pab_dev_ioctl(&s->dev, PAB_IOC_METHOD, &mi, sizeof(mi), "method") &&
			     mi.available;

		for (size_t l = 0; l < nr_lazy(methods[i]); l++) {
			unsigned int lazy = lazy_mode(methods[i], l);

			if (!avail) {
				tap_skip(&s->tap, mi.reason, "%s lazy=%s: every PTE read-only",
					 pab_method_name(methods[i]), LAZY_NAME(lazy));
				tap_skip(&s->tap, mi.reason, "%s lazy=%s: every PTE read-write again",
					 pab_method_name(methods[i]), LAZY_NAME(lazy));
				continue;
			}
			change_and_check(s, methods[i], PAB_PROT_RO, lazy,
					 "every PTE read-only", &s->digest[i][0]);
			change_and_check(s, methods[i], PAB_PROT_RW, lazy,
					 "every PTE read-write again", &s->digest[i][1]);
			s->have_digest[i] = true;
		}
	}
}

/* Every method must leave bit-identical page tables, read-only and read-write. */
static void test_identical_tables(struct st *s)
{
	size_t first = NR_METHODS, compared = 0;
	bool same = true;

	for (size_t i = 0; i < NR_METHODS; i++) {
		if (!s->have_digest[i])
			continue;
		if (first == NR_METHODS)
			first = i;
		for (int p = 0; p < 2; p++)
			if (s->digest[i][p] != s->digest[first][p]) {
				tap_diag("%s leaves %s tables %#llx, %s %#llx", pab_method_name(methods[i]),
					 p ? "read-write" : "read-only",
					 (unsigned long long)s->digest[i][p],
					 pab_method_name(methods[first]),
					 (unsigned long long)s->digest[first][p]);
				same = false;
			}
		compared++;
	}
	tap_ok(&s->tap, same && compared >= 2,
	       "all %zu available methods leave identical page tables (read-only and read-write)",
	       compared);
}

static void test_partial_and_null(struct st *s)
{
	uint64_t page = 1ULL << s->info.page_shift, off = 1ULL << 20, len = 1ULL << 20;
	struct pab_change ch;
	struct pab_verify v;
	bool ok;

	/* A sub-range: exactly its PTEs change, the first mismatch against RO is at 0. */
	ok = !change(s, PAB_METHOD_APPLY, PAB_PROT_RO, PAB_LAZY_NATIVE, off, len, &ch) &&
	     !verify(s, PAB_PROT_RO, &v) && ch.leaves[PAB_LVL_PTE] == len / page &&
	     v.mismatched == s->pages - len / page && v.first_bad_offset == 0 &&
	     !verify(s, PAB_PROT_RW, &v) && v.mismatched == len / page && v.first_bad_offset == off;
	tap_ok(&s->tap, ok, "apply on [1 MiB, 2 MiB) changes exactly its %llu PTEs",
	       (unsigned long long)(len / page));
	change(s, PAB_METHOD_APPLY, PAB_PROT_RW, PAB_LAZY_NATIVE, 0, 0, &ch);

	ok = !change(s, PAB_METHOD_NULL, PAB_PROT_RO, PAB_LAZY_NATIVE, 0, 0, &ch) &&
	     leaves_total(ch.leaves) == 0 && !verify(s, PAB_PROT_RW, &v) && v.mismatched == 0;
	tap_ok(&s->tap, ok, "null method visits nothing and leaves the region read-write");
}

static void test_bad_input(struct st *s)
{
	struct pab_change ch = { .region = s->region, .method = 99, .prot = PAB_PROT_RO };
	struct pab_region_create rc = { .kind = PAB_REGION_VMALLOC, .bytes = 4097 };
	int ret;

	ret = pab_dev_ioctl(&s->dev, PAB_IOC_CHANGE, &ch, sizeof(ch), "change");
	tap_ok(&s->tap, ret == -EINVAL && strstr(s->dev.err, "unknown method"),
	       "unknown method rejected with EINVAL and a reason (%s)", s->dev.err);
	ret = pab_dev_ioctl(&s->dev, PAB_IOC_REGION_CREATE, &rc, sizeof(rc), "create");
	tap_ok(&s->tap, ret == -EINVAL && strstr(s->dev.err, "multiple of the page size"),
	       "unaligned region size rejected with EINVAL and a reason (%s)", s->dev.err);
}

/*
 * IRQs off around a call whose window holds the TLB flush: x86 flushes by
 * IPI (on_each_cpu), which must not run with IRQs off, so the module refuses
 * it; arm64 broadcasts a TLBI and runs it.
 */
static void test_irqs_off_flush(struct st *s)
{
	__u64 ns[1];
	struct pab_run run = { .region = s->region, .method = PAB_METHOD_APPLY,
			       .lazy = PAB_LAZY_NATIVE, .tlb = PAB_TLB_INCLUDED,
			       .flags = PAB_RUN_IRQS_OFF, .cpu = PAB_CPU_ANY, .iterations = 1,
			       .ns_ptr = (uintptr_t)ns };
	int ret = pab_dev_ioctl(&s->dev, PAB_IOC_RUN, &run, sizeof(run), "run");

	if (s->info.arch == PAB_ARCH_X86_64)
		tap_ok(&s->tap, ret == -EINVAL && strstr(s->dev.err, "irqs-off with TLB mode included"),
		       "x86: IRQs off with the TLB flush in the window refused (%s)", s->dev.err);
	else
		tap_ok(&s->tap, ret == 0 && run.completed == 1,
		       "arm64: IRQs off with the TLB flush in the window runs (a broadcast TLBI)%s%s",
		       ret ? ": " : "", ret ? s->dev.err : "");
}

int cmd_selftest(int argc, char **argv)
{
	struct st s = { 0 };
	struct pab_region_create rc = { .kind = PAB_REGION_VMALLOC, .bytes = REGION_BYTES };
	struct pab_region_ref ref;

	if (argc > 1) {
		if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
			printf("usage: pageattr-bench selftest\n"
			       "TAP checks of the module and of every update path on a 4 MiB\n"
			       "vmalloc region, verified by reading the page tables back.\n");
			return PAB_EXIT_OK;
		}
		fprintf(stderr, "pageattr-bench selftest: unexpected argument '%s'\n", argv[1]);
		return PAB_EXIT_USAGE;
	}
	/* No module (or not root): one line and exit 3, as every command says it. */
	if (pab_dev_open(&s.dev)) {
		fprintf(stderr, "pageattr-bench: %s\n", s.dev.err);
		return PAB_EXIT_ENV;
	}
	tap_begin(&s.tap, plan());
	if (pab_dev_ioctl(&s.dev, PAB_IOC_INFO, &s.info, sizeof(s.info), "info")) {
		tap_diag("%s", s.dev.err);
		tap_ok(&s.tap, false, "module loaded and answering");
		return tap_end(&s.tap);
	}
	tap_ok(&s.tap, s.info.uapi_version == PAB_UAPI_VERSION,
	       "module loaded and answering (module %s, uapi %u, kernel %s)",
	       s.info.module_version, s.info.uapi_version, s.info.release);
	tap_ok(&s.tap, s.info.walker_api != PAB_WALKER_NONE && s.info.walker_symbol[0],
	       "page-table walker resolved (%s)", s.info.walker_symbol);

	if (pab_dev_ioctl(&s.dev, PAB_IOC_REGION_CREATE, &rc, sizeof(rc), "create region")) {
		tap_diag("%s", s.dev.err);
		tap_ok(&s.tap, false, "4 MiB vmalloc region created");
		return tap_end(&s.tap);
	}
	s.region = rc.id;
	s.pages = REGION_BYTES >> s.info.page_shift;
	tap_ok(&s.tap, true, "4 MiB vmalloc region created");
	tap_ok(&s.tap, rc.leaves[PAB_LVL_PTE] == s.pages && leaves_total(rc.leaves) == s.pages,
	       "region is mapped by %llu PTEs and nothing else (read back: %llu PTEs, %llu total)",
	       (unsigned long long)s.pages, (unsigned long long)rc.leaves[PAB_LVL_PTE],
	       (unsigned long long)leaves_total(rc.leaves));

	test_methods(&s);
	test_identical_tables(&s);
	test_partial_and_null(&s);
	test_bad_input(&s);
	test_irqs_off_flush(&s);

	ref = (struct pab_region_ref){ .id = s.region };
	tap_ok(&s.tap, !pab_dev_ioctl(&s.dev, PAB_IOC_REGION_DESTROY, &ref, sizeof(ref), "destroy"),
	       "region restored and freed");
	pab_dev_close(&s.dev);
	return tap_end(&s.tap);
}
