// SPDX-License-Identifier: GPL-2.0
/*
 * Thread layouts of 'pageattr-bench concurrent'. Mixed regions alias one
 * physical block per level, so a layout may span many GiB of VA for the cost
 * of its page tables. Regions that must start a new PTE table per thread use
 * a pattern of PTE and PMD units: units are PMD-sized and PMD-aligned, so
 * every PTE unit is exactly one PTE table of its own.
 */
#include <stdio.h>
#include <string.h>
#include "conc_layout.h"

const char *conc_layout_skip(unsigned int layout, unsigned int method, unsigned int lock,
			     uint64_t caps)
{
	static char whole[PAB_METHOD_NR][96];

	if ((pab_method_flags(method) & PAB_MF_WHOLE) && layout != CONC_VMALLOC && method < PAB_METHOD_NR) {
		/* A static string per method (records keep the pointer), worded from the names. */
		snprintf(whole[method], sizeof(whole[method]), "%s changes whole vmalloc areas: layout %s only",
			 pab_method_name(method), conc_layout_name(CONC_VMALLOC));
		return whole[method];
	}
	if (!(pab_method_flags(method) & PAB_MF_BLOCKS) &&
	    (layout == CONC_BLOCKS || layout == CONC_STRADDLE || layout == CONC_SAME_BLOCK))
		return "apply_to_page_range cannot change block mappings";
	if ((pab_method_flags(method) & PAB_MF_KERNEL) && conc_layout_shared(layout))
		return "the kernel's set_memory_*() change permissions only: no second bit to share with";
	/* The module's pab_cont_inplace_check(): the architecture's rule (README "Machine state"). */
	if (layout == CONC_CONT_GROUP && !(caps & PAB_CAP_CONT_INPLACE))
		return "rewriting contiguous-PTE groups in place needs BBML2_NOABORT, which this CPU lacks";
	if (lock == PAB_CONC_LOCK_SPINLOCK && (pab_method_flags(method) & PAB_MF_SLEEPS))
		return "the method may sleep: no spinlock can be held around it";
	return NULL;
}

/* Threads in pairs on shared ranges: the ranges needed for max_threads. */
static uint32_t conc_pairs(uint32_t max_threads)
{
	return (max_threads + 1) / 2;
}

static int make_one(struct pab_dev *dev, struct pab_region_create *rc, struct conc_regions *out,
		    char *err, size_t errlen)
{
	if (pab_dev_ioctl(dev, PAB_IOC_REGION_CREATE, rc, sizeof(*rc), "creating a region")) {
		snprintf(err, errlen, "%s", dev->err);
		return -1;
	}
	out->id[out->n++] = rc->id;
	return 0;
}

/* A mixed region of units whose pattern is one PTE unit then pmd_units PMD units. */
static void pattern_region(struct pab_region_create *rc, uint64_t bytes, unsigned int pmd_units)
{
	*rc = (struct pab_region_create){ .kind = PAB_REGION_MIXED, .bytes = bytes,
					  .layout = PAB_LAYOUT_PATTERN,
					  .pattern_len = 1 + pmd_units };
	rc->pattern[0] = PAB_LVL_PTE;
	for (unsigned int i = 1; i <= pmd_units; i++)
		rc->pattern[i] = PAB_LVL_PMD;
}

int conc_regions_make(struct pab_dev *dev, unsigned int layout, const struct conc_geometry *g,
		      uint32_t max_threads, uint32_t entries, struct conc_regions *out, char *err,
		      size_t errlen)
{
	struct pab_region_create rc;
	uint64_t per_table = g->pmd / g->page;

	memset(out, 0, sizeof(*out));
	out->layout = layout;
	if (max_threads > PAB_MAX_THREADS) {
		snprintf(err, errlen, "at most %d threads", PAB_MAX_THREADS);
		return -1;
	}
	if (layout != CONC_BLOCKS && layout != CONC_STRADDLE && layout != CONC_VMALLOC &&
	    layout != CONC_SAME_BLOCK && layout != CONC_CONT_GROUP && entries > per_table) {
		snprintf(err, errlen, "%u entries per thread do not fit one PTE table (%llu entries)",
			 entries, (unsigned long long)per_table);
		return -1;
	}
	switch (layout) {
	case CONC_SHARE_NOTHING:
		/* A PTE table every 32 PMD units: one at each PUD boundary (PUD/PMD is a multiple of 32). */
		pattern_region(&rc, max_threads * g->pud, 31);
		return make_one(dev, &rc, out, err, errlen);
	case CONC_PMD_TABLE:
		pattern_region(&rc, 2 * max_threads * g->pmd, 1);
		return make_one(dev, &rc, out, err, errlen);
	case CONC_PTE_TABLE:
		if ((uint64_t)max_threads * entries > per_table) {
			snprintf(err, errlen, "%s: %u threads x %u entries exceed one PTE table (%llu entries)",
				 conc_layout_name(CONC_PTE_TABLE),
				 max_threads, entries, (unsigned long long)per_table);
			return -1;
		}
		pattern_region(&rc, 2 * g->pmd, 1);
		return make_one(dev, &rc, out, err, errlen);
	case CONC_BLOCKS:
	case CONC_STRADDLE:
		rc = (struct pab_region_create){ .kind = PAB_REGION_MIXED,
						 .bytes = (uint64_t)max_threads * entries * g->pmd };
		rc.mix_ppm[PAB_LVL_PMD] = PAB_PPM;
		return make_one(dev, &rc, out, err, errlen);
	case CONC_SAME_RANGE:
		/* A pair per PTE range, the ranges a PMD block apart (pmd-table's spacing). */
		pattern_region(&rc, 2 * conc_pairs(max_threads) * g->pmd, 1);
		return make_one(dev, &rc, out, err, errlen);
	case CONC_SAME_BLOCK:
		rc = (struct pab_region_create){ .kind = PAB_REGION_MIXED,
						 .bytes = (uint64_t)conc_pairs(max_threads) * entries * g->pmd };
		rc.mix_ppm[PAB_LVL_PMD] = PAB_PPM;
		return make_one(dev, &rc, out, err, errlen);
	case CONC_CONT_GROUP:
		/* A PMD's worth of contiguous-PTE groups per pair (whole groups, whatever the page size). */
		rc = (struct pab_region_create){ .kind = PAB_REGION_MIXED,
						 .bytes = (uint64_t)conc_pairs(max_threads) * g->pmd };
		rc.mix_ppm[PAB_LVL_CONT_PTE] = PAB_PPM;
		return make_one(dev, &rc, out, err, errlen);
	case CONC_VMALLOC:
		for (uint32_t i = 0; i < max_threads; i++) {
			rc = (struct pab_region_create){ .kind = PAB_REGION_VMALLOC,
							 .bytes = entries * g->page };
			if (make_one(dev, &rc, out, err, errlen)) {
				conc_regions_free(dev, out);
				return -1;
			}
		}
		return 0;
	}
	snprintf(err, errlen, "unknown layout %u", layout);
	return -1;
}

void conc_regions_free(struct pab_dev *dev, struct conc_regions *regs)
{
	for (uint32_t i = 0; i < regs->n; i++) {
		struct pab_region_ref ref = { .id = regs->id[i] };

		pab_dev_ioctl(dev, PAB_IOC_REGION_DESTROY, &ref, sizeof(ref), "freeing a region");
	}
	regs->n = 0;
}

void conc_thread_range(const struct conc_regions *regs, const struct conc_geometry *g,
		       uint32_t i, uint32_t entries, struct pab_thread *t)
{
	*t = (struct pab_thread){ .region = regs->id[0], .cpu = PAB_CPU_ANY,
				  .length = entries * g->page };
	switch (regs->layout) {
	case CONC_SHARE_NOTHING:
		t->offset = i * g->pud;
		break;
	case CONC_PMD_TABLE:
		t->offset = 2 * i * g->pmd;
		break;
	case CONC_PTE_TABLE:
		t->offset = (uint64_t)i * entries * g->page;
		break;
	case CONC_BLOCKS:
		t->offset = (uint64_t)i * entries * g->pmd;
		t->length = entries * g->pmd;
		break;
	case CONC_STRADDLE:
		/* Half blocks: thread 0 ends, thread 1 starts, inside block 0. */
		t->offset = i * g->pmd / 2;
		t->length = g->pmd / 2;
		break;
	case CONC_VMALLOC:
		t->region = regs->id[i];
		t->length = 0;
		break;
	case CONC_SAME_RANGE:
		t->offset = 2 * (i / 2) * g->pmd;
		break;
	case CONC_SAME_BLOCK:
		t->offset = (uint64_t)(i / 2) * entries * g->pmd;
		t->length = entries * g->pmd;
		break;
	case CONC_CONT_GROUP:
		t->offset = (uint64_t)(i / 2) * g->pmd;
		t->length = g->pmd;
		break;
	}
	/* Pairs: the first thread read-only/read-write, its partner the software bit. */
	if (conc_layout_shared(regs->layout))
		t->bit = i % 2 ? PAB_CONC_BIT_SW : PAB_CONC_BIT_RDONLY;
}
