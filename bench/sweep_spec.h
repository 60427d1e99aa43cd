/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sweep specs: "key = values" lines (or -D key=values on the command line),
 * '#' comments. List keys take several values, separated by blanks or ';'
 * (commas belong to a value: mixes and patterns have them), and may repeat:
 *
 *   sizes      = 4K 64K 2M  or a geometric range 4K..1G*4   (x4 per step)
 *   mixes      = pte; pmd=50%,pte=50%
 *   layouts    = runs interleave pmd,pte,pte
 *   regions    = mixed vmalloc vmalloc-huge
 *   methods    = apply walk walk-lockless set-memory null
 *   lazy       = off on native batch=16
 *   tlb        = none included separate
 *   toggles    = rw exec
 * Scalars: iterations, warmup, cpu, events, verify (every|end), cold (no|yes|both:
 * cold calls, PAB_RUN_COLD; both runs every configuration hot, then cold).
 * The sweep is the cross product, sizes outermost. Lazy and TLB modes shape
 * the component methods only: a whole kernel path (pageattr-*, set-memory-nx/-prologue)
 * runs once per other value, lazy native and TLB none, and the kernel's own
 * entry points with their own toggle.
 */
#ifndef PAB_SWEEP_SPEC_H
#define PAB_SWEEP_SPEC_H

#include <stddef.h>
#include "run_exec.h"

#define PAB_SPEC_MAX_VALUES 64

struct pab_spec_list {
	unsigned int n;
	char *v[PAB_SPEC_MAX_VALUES];
};

struct pab_spec {
	struct pab_spec_list sizes, mixes, layouts, regions, methods, lazy, tlb, toggles;
	char *iterations, *warmup, *cpu, *events, *verify, *cold;
};

void pab_spec_init(struct pab_spec *s);
void pab_spec_free(struct pab_spec *s);
/* One "key = values" line; where names the source for errors ("spec.txt:3", "-D"). */
int pab_spec_line(struct pab_spec *s, const char *line, const char *where, char *err, size_t errlen);
/* A whole file. */
int pab_spec_file(struct pab_spec *s, const char *path, char *err, size_t errlen);
/* Expand into configurations (malloc'd array); validates every value. */
int pab_spec_expand(const struct pab_spec *s, struct pab_config **out, size_t *n, char *err,
		    size_t errlen);
/* "4K..1G*4" -> 4K 16K 64K ...; plain sizes pass through. */
int pab_spec_sizes(const char *v, uint64_t *out, size_t max, size_t *n, char *err, size_t errlen);

#endif /* PAB_SWEEP_SPEC_H */
