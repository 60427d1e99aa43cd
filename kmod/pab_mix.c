// SPDX-License-Identifier: GPL-2.0
/*
 * Mixed regions: which levels this kernel can map in vmalloc space, how a
 * region is cut into units, in which order the units' levels come, and what
 * the page tables will cost.
 */
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include "pab.h"

/*
 * Whether vmap maps blocks at these levels: arm64's answers are inline;
 * x86's live in ioremap.c, unexported, so ask the CPU features they test.
 */
#ifdef CONFIG_X86
#define pab_vmap_pmd_ok()	boot_cpu_has(X86_FEATURE_PSE)
#define pab_vmap_pud_ok()	boot_cpu_has(X86_FEATURE_GBPAGES)
#else
#define pab_vmap_pmd_ok()	arch_vmap_pmd_supported(PAGE_KERNEL)
#define pab_vmap_pud_ok()	arch_vmap_pud_supported(PAGE_KERNEL)
#endif

#define PAB_LEVEL_NAME(id, v, n, f, w)	[PAB_LVL_##id] = n,
static const char *const pab_level_names[PAB_LVL_NR] = { PAB_LEVELS(PAB_LEVEL_NAME) };

/* ", 0 runs, 1 interleave, 2 pattern": the layouts with their numbers, for messages. */
#define PAB_LAYOUT_HINT(id, v, n, f, w)	", " #v " " n

unsigned int pab_level_shift(unsigned int level)
{
	switch (level) {
	case PAB_LVL_PTE: return PAGE_SHIFT;
#ifdef CONFIG_ARM64
	case PAB_LVL_CONT_PTE: return CONT_PTE_SHIFT;
	case PAB_LVL_CONT_PMD: return CONT_PMD_SHIFT;
#endif
	case PAB_LVL_PMD: return PMD_SHIFT;
	case PAB_LVL_PUD: return PUD_SHIFT;
	}
	return 0;
}

u64 pab_level_size(unsigned int level, const char **why_not)
{
	const char *dummy;

	if (!why_not)
		why_not = &dummy;
	*why_not = "";
	switch (level) {
	case PAB_LVL_PTE:
		return PAGE_SIZE;
	case PAB_LVL_CONT_PTE:
#ifdef CONFIG_ARM64
		return CONT_PTE_SIZE;
#else
		*why_not = "contiguous PTEs are an arm64 feature";
		return 0;
#endif
	case PAB_LVL_PMD:
#ifdef CONFIG_HAVE_ARCH_HUGE_VMAP
		if (pab_vmap_pmd_ok())
			return PMD_SIZE;
#endif
		*why_not = "this kernel cannot map PMD blocks in vmalloc space";
		return 0;
	case PAB_LVL_CONT_PMD:
		*why_not = "the kernel's vmap never maps contiguous PMDs (only the linear map has them)";
		return 0;
	case PAB_LVL_PUD:
#ifdef CONFIG_HAVE_ARCH_HUGE_VMAP
		if (pab_vmap_pud_ok())
			return PUD_SIZE;
#endif
		*why_not = "this kernel cannot map PUD blocks here (arm64: 4K pages only)";
		return 0;
	}
	*why_not = "unknown level";
	return 0;
}

/* Bytes one page-table entry at this level maps. */
static u64 pab_entry_size(unsigned int level)
{
	switch (level) {
	case PAB_LVL_PTE:
	case PAB_LVL_CONT_PTE:
		return PAGE_SIZE;
	case PAB_LVL_PMD:
	case PAB_LVL_CONT_PMD:
		return PMD_SIZE;
	}
	return PUD_SIZE;
}

/* Tables needed to map n spans of span bytes, each in its own table of the parent size. */
static u64 pab_tables(u64 units, u64 unit, u64 bytes, u64 parent)
{
	if (!units)
		return 0;
	if (unit >= parent)
		return units * div64_u64(unit, parent);
	return div64_u64(bytes + parent - 1, parent) + 1;
}

int pab_plan_make(struct pab_ctx *ctx, const struct pab_region_create *req, struct pab_plan *p)
{
	u64 rem[PAB_LVL_NR] = { 0 }, assigned = 0, pteish, non_pud;
	u32 sum = 0;
	unsigned int l, i;
	const char *why;

	memset(p, 0, sizeof(*p));
	p->bytes = req->bytes;
	p->layout = req->layout;
	if (req->layout > PAB_LAYOUT_PATTERN)
		return pab_fail(ctx, -EINVAL, "unknown layout %u (%s)", req->layout,
				PAB_LAYOUTS(PAB_LAYOUT_HINT) + 2);

	/* Which levels take part, and the unit: the largest block among them. */
	if (req->layout == PAB_LAYOUT_PATTERN) {
		if (!req->pattern_len || req->pattern_len > PAB_PATTERN_MAX)
			return pab_fail(ctx, -EINVAL, "pattern length %u not in 1..%u",
					req->pattern_len, PAB_PATTERN_MAX);
		for (l = 0; l < PAB_LVL_SLOTS; l++)
			if (req->mix_ppm[l])
				return pab_fail(ctx, -EINVAL, "a pattern layout takes no mix fractions");
		p->pattern_len = req->pattern_len;
		for (i = 0; i < req->pattern_len; i++) {
			if (req->pattern[i] >= PAB_LVL_NR)
				return pab_fail(ctx, -EINVAL, "pattern entry %u: unknown level %u",
						i, req->pattern[i]);
			p->pattern[i] = req->pattern[i];
		}
	} else {
		for (l = 0; l < PAB_LVL_NR; l++) {
			if (req->mix_ppm[l] > PAB_PPM)
				return pab_fail(ctx, -EINVAL, "%s fraction %u ppm exceeds %u",
						pab_level_names[l], req->mix_ppm[l], PAB_PPM);
			sum += req->mix_ppm[l];
		}
		/* Room for levels this module does not know: it must stay empty. */
		for (; l < PAB_LVL_SLOTS; l++)
			if (req->mix_ppm[l])
				return pab_fail(ctx, -EINVAL, "mix fraction for level %u, which does not exist (%u levels)",
						l, PAB_LVL_NR);
		if (sum != PAB_PPM)
			return pab_fail(ctx, -EINVAL, "mix fractions add up to %u ppm, not %u",
					sum, PAB_PPM);
	}
	for (l = 0; l < PAB_LVL_NR; l++) {
		bool used = req->layout == PAB_LAYOUT_PATTERN ?
			    memchr(p->pattern, l, p->pattern_len) != NULL : req->mix_ppm[l] != 0;
		u64 size;

		if (!used)
			continue;
		size = pab_level_size(l, &why);
		if (!size)
			return pab_fail(ctx, -EOPNOTSUPP, "%s: %s", pab_level_names[l], why);
		p->unit = max(p->unit, size);
	}
	if (!req->bytes || req->bytes % p->unit)
		return pab_fail(ctx, -EINVAL, "region size %llu is not a non-zero multiple of the unit, the largest block in the mix (%llu bytes)",
				req->bytes, p->unit);
	p->nunits = div64_u64(req->bytes, p->unit);

	/* Units per level: exact for patterns, largest remainder for fractions. */
	if (req->layout == PAB_LAYOUT_PATTERN) {
		u64 full = div64_u64(p->nunits, p->pattern_len);
		u64 tail = p->nunits - full * p->pattern_len;

		for (i = 0; i < p->pattern_len; i++)
			p->units[p->pattern[i]] += full + (i < tail ? 1 : 0);
	} else {
		for (l = 0; l < PAB_LVL_NR; l++) {
			p->units[l] = div64_u64_rem(p->nunits * req->mix_ppm[l], PAB_PPM, &rem[l]);
			assigned += p->units[l];
		}
		while (assigned < p->nunits) {
			unsigned int best = 0;

			for (l = 1; l < PAB_LVL_NR; l++)
				if (rem[l] > rem[best])
					best = l;
			p->units[best]++;
			rem[best] = 0;
			assigned++;
		}
	}
	/* Leaf entries: a contiguous run is still one entry per PTE/PMD it spans. */
	for (l = 0; l < PAB_LVL_NR; l++)
		if (p->units[l])
			p->requested[l] = p->units[l] * div64_u64(p->unit, pab_entry_size(l));

	/* Page tables: PTE tables under every PTE-mapped span, PMD tables under non-PUD ones. */
	pteish = p->units[PAB_LVL_PTE] + p->units[PAB_LVL_CONT_PTE];
	non_pud = p->nunits - p->units[PAB_LVL_PUD];
	p->pt_bytes = PAGE_SIZE * (pab_tables(pteish, p->unit, req->bytes, PMD_SIZE) +
				   pab_tables(non_pud, p->unit, req->bytes, PUD_SIZE) +
				   div64_u64(req->bytes + PGDIR_SIZE - 1, PGDIR_SIZE) + 1);
	return 0;
}

void pab_mix_iter_init(struct pab_mix_iter *it, const struct pab_plan *plan)
{
	memset(it, 0, sizeof(*it));
	it->plan = plan;
}

/*
 * RUNS: levels in enum order. PATTERN: the pattern, repeated. INTERLEAVE:
 * smooth weighted round robin (each level earns its unit count per step, the
 * richest is picked and pays the total), which spreads the levels as evenly
 * as integers allow and yields exactly units[l] of each.
 */
unsigned int pab_mix_next(struct pab_mix_iter *it)
{
	const struct pab_plan *p = it->plan;
	u64 i = it->next++, acc = 0;
	unsigned int l, best = PAB_LVL_NR;

	switch (p->layout) {
	case PAB_LAYOUT_PATTERN:
		return p->pattern[do_div(i, p->pattern_len)];
	case PAB_LAYOUT_RUNS:
		for (l = 0; l < PAB_LVL_NR; l++) {
			acc += p->units[l];
			if (i < acc)
				return l;
		}
		return PAB_LVL_PTE;
	}
	for (l = 0; l < PAB_LVL_NR; l++) {
		if (!p->units[l])
			continue;
		it->credit[l] += p->units[l];
		if (best == PAB_LVL_NR || it->credit[l] > it->credit[best])
			best = l;
	}
	it->credit[best] -= p->nunits;
	return best;
}
