/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Thread layouts of 'pageattr-bench concurrent': which page-table pages the
 * threads' ranges share, and the regions that realise it on this kernel's
 * page-table geometry.
 */
#ifndef PAB_CONC_LAYOUT_H
#define PAB_CONC_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>
#include "pab_dev.h"

/* enum conc_layout and its names: vocab.h (PAB_CONC_LAYOUTS). */

struct conc_geometry {
	uint64_t page, pmd, pud;	/* bytes one leaf maps per level */
};

/*
 * Why method cannot run on layout with lock on a kernel with caps
 * (pab_info.caps; NULL if it can): shown instead of a result.
 */
const char *conc_layout_skip(unsigned int layout, unsigned int method, unsigned int lock,
			     uint64_t caps);


/* The regions of one layout for up to max_threads threads of entries leaves each. */
struct conc_regions {
	unsigned int layout;
	uint32_t n;
	uint32_t id[PAB_MAX_THREADS];
};
int conc_regions_make(struct pab_dev *dev, unsigned int layout, const struct conc_geometry *g,
		      uint32_t max_threads, uint32_t entries, struct conc_regions *out, char *err,
		      size_t errlen);
void conc_regions_free(struct pab_dev *dev, struct conc_regions *regs);
/* Thread i's range: region id, offset and length. */
void conc_thread_range(const struct conc_regions *regs, const struct conc_geometry *g,
		       uint32_t i, uint32_t entries, struct pab_thread *t);

#endif /* PAB_CONC_LAYOUT_H */
