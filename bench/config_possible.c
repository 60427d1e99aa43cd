// SPDX-License-Identifier: GPL-2.0
#include "config_possible.h"
#include "vocab.h"

static const char *const texts[] = {
#define PAB_IMPOSSIBLE_TEXT(id, what) what,
	PAB_IMPOSSIBLE_REASONS(PAB_IMPOSSIBLE_TEXT)
#undef PAB_IMPOSSIBLE_TEXT
};

const char *pab_impossible_text(enum pab_impossible why)
{
	return why >= 0 && why < PAB_IMPOSSIBLE_NR ? texts[why] : "possible";
}

/*
 * A level's mapping size in vmalloc space, 0 where the kernel has none: the
 * module's pab_level_size() told through info (cont PMDs exist only in the
 * linear map, so vmap never makes them).
 */
static uint64_t level_size(unsigned int level, const struct pab_info *info)
{
	switch (level) {
	case PAB_LVL_PTE:
		return 1ULL << info->page_shift;
	case PAB_LVL_CONT_PTE:
		return info->cont_pte_shift ? 1ULL << info->cont_pte_shift : 0;
	case PAB_LVL_PMD:
		return info->caps & PAB_CAP_PMD_BLOCK ? 1ULL << info->pmd_shift : 0;
	case PAB_LVL_PUD:
		return info->caps & PAB_CAP_PUD_BLOCK ? 1ULL << info->pud_shift : 0;
	default:
		return 0;
	}
}

enum pab_impossible pab_config_impossible(const struct pab_config *cfg, const struct pab_info *info)
{
	unsigned int flags = pab_method_flags(cfg->run.method);
	uint32_t ppm[PAB_LVL_NR];
	uint64_t unit = 0;
	bool blocks = false;

	/* info.methods: the module's own answer, bit per usable method. */
	if (cfg->run.method >= 64 || !(info->methods & (1ULL << cfg->run.method)))
		return PAB_IMPOSSIBLE_METHOD;
	/* The module's pab_set_memory_check(): arm64 only. */
	if (flags & PAB_MF_KERNEL && info->arch == PAB_ARCH_ARM64 &&
	    cfg->rc.kind != PAB_REGION_VMALLOC)
		return PAB_IMPOSSIBLE_VMALLOC;
	if (cfg->rc.kind != PAB_REGION_MIXED)
		return PAB_POSSIBLE;	/* the kernel maps it: nothing to know in advance */
	pab_config_mix(cfg, ppm);
	for (unsigned int l = 0; l < PAB_LVL_NR; l++) {
		uint64_t size;

		if (!ppm[l])
			continue;
		size = level_size(l, info);
		if (!size)
			return PAB_IMPOSSIBLE_LEVEL;
		if (size > unit)
			unit = size;
		blocks |= (pab_vocab_flags(&pab_levels, l) & PAB_LF_BLOCK) != 0;
	}
	/* pab_mix_plan(): the region is whole units of its largest block. */
	if (!cfg->rc.bytes || !unit || cfg->rc.bytes % unit)
		return PAB_IMPOSSIBLE_UNIT;
	/* apply_to_page_range() WARNs and fails on a block (pab_apply_check()). */
	if (blocks && !(flags & PAB_MF_BLOCKS))
		return PAB_IMPOSSIBLE_BLOCKS;
	/* The module's pab_cont_inplace_check(): the architecture's rule. */
	if ((ppm[PAB_LVL_CONT_PTE] || ppm[PAB_LVL_CONT_PMD]) &&
	    !(flags & (PAB_MF_BASELINE | PAB_MF_NO_CHANGE | PAB_MF_KERNEL)) &&
	    !(info->caps & PAB_CAP_CONT_INPLACE))
		return PAB_IMPOSSIBLE_CONT_BBM;
	return PAB_POSSIBLE;
}
