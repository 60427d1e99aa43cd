/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether a configuration can exist on this kernel, decided in userspace
 * from the module's geometry and the methods' flags, before anything runs.
 * A sweep's cross product asks for every combination; the ones that cannot
 * exist (a method the kernel lacks, such as the lockless walker before
 * 6.18; blocks in a region smaller than a block, apply_to_page_range on
 * block mappings, arm64 set_memory_* on anything but a plain vmalloc area)
 * are left out of the sweep, named in one line per reason, and never become
 * error records. The module's own checks stay the judge for 'run': the same
 * combination given alone is refused there in one line.
 */
#ifndef PAB_CONFIG_POSSIBLE_H
#define PAB_CONFIG_POSSIBLE_H

#include <stdbool.h>
#include <stddef.h>
#include "run_exec.h"

/* The reasons, in the order a sweep reports them. */
#define PAB_IMPOSSIBLE_REASONS(X)                                                              \
	X(METHOD, "a method this kernel does not have")                                        \
	X(LEVEL, "a level this kernel cannot map in vmalloc space")                             \
	X(UNIT, "a region size that is not a multiple of its largest block")                   \
	X(BLOCKS, "a method that changes PTE mappings only, on a region with blocks")          \
	X(VMALLOC, "arm64 set_memory_*, which take plain vmalloc areas only, on another region") \
	X(CONT_BBM, "contiguous-PTE groups rewritten in place on a CPU without BBML2_NOABORT (break-before-make required)")

enum pab_impossible {
	PAB_POSSIBLE = -1,
#define PAB_IMPOSSIBLE_ENUM(id, what) PAB_IMPOSSIBLE_##id,
	PAB_IMPOSSIBLE_REASONS(PAB_IMPOSSIBLE_ENUM)
#undef PAB_IMPOSSIBLE_ENUM
	PAB_IMPOSSIBLE_NR
};

/* PAB_POSSIBLE, or the first reason cfg cannot exist on the kernel info describes. */
enum pab_impossible pab_config_impossible(const struct pab_config *cfg, const struct pab_info *info);
const char *pab_impossible_text(enum pab_impossible why);

#endif /* PAB_CONFIG_POSSIBLE_H */
