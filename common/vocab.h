/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver's view of the UAPI vocabularies (methods, levels, lazy modes,
 * ...): name tables expanded from the X-macros in pageattr_bench_uapi.h, so
 * no name is spelled twice, and the lookups every command uses.
 */
#ifndef PAB_VOCAB_H
#define PAB_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include "pageattr_bench_uapi.h"

struct pab_word {
	unsigned int value;
	const char *name;	/* as the CLI, the result files and the module spell it */
	unsigned int flags;	/* PAB_MF_* / PAB_LF_* / PAB_ZF_* by vocabulary */
	const char *what;	/* one-line description */
};

struct pab_vocab {
	const char *noun;	/* "method", "level", ...: for messages */
	const struct pab_word *words;
	unsigned int n;
	unsigned int arg_flag;	/* the flag of words spelled "name=N" (lazy modes' PAB_ZF_ARG) */
};

/*
 * Thread layouts of 'pageattr-bench concurrent' (driver side only: the module
 * sees regions and ranges): X(ID, value, "name", flags, "what").
 */
/* The layout's threads share their entries (in pairs, different bits: PAB_CONC_BITS). */
#define CONC_F_SHARED	(1U << 0)

#define PAB_CONC_LAYOUTS(X)								\
	X(SHARE_NOTHING, 0, "share-nothing", 0, "PTE ranges a PUD apart: own PTE and PMD tables") \
	X(PMD_TABLE,     1, "pmd-table",     0, "PTE ranges a PMD block apart: one PMD table") \
	X(PTE_TABLE,     2, "pte-table",     0, "adjacent PTE ranges inside one PTE table") \
	X(BLOCKS,        3, "blocks",        0, "own PMD blocks, all in one PMD table")	\
	X(VMALLOC,       4, "vmalloc",       0, "own vmalloc() area (set-memory works here)") \
	X(STRADDLE,      5, "straddle",      0, "ranges ending inside a shared PMD block: must be refused") \
	X(SAME_RANGE,    6, "same-range",    CONC_F_SHARED, "threads in pairs on one PTE range, each toggling its own bit: every entry two writers") \
	X(SAME_BLOCK,    7, "same-block",    CONC_F_SHARED, "threads in pairs on the same PMD blocks, each toggling its own bit") \
	X(CONT_GROUP,    8, "cont-group",    CONC_F_SHARED, "threads in pairs on the same contiguous-PTE groups (whole: a group is one unit to the arch code), each its own bit")

#define PAB_CONC_LAYOUT_ENUM(id, v, n, f, w)	CONC_##id = v,
enum conc_layout {
	PAB_CONC_LAYOUTS(PAB_CONC_LAYOUT_ENUM)
	CONC_NR
};

extern const struct pab_vocab pab_conc_layouts;
const char *conc_layout_name(unsigned int layout);
int conc_layout_parse(const char *name);	/* -1 if unknown */
bool conc_layout_shared(unsigned int layout);	/* its threads share entries (CONC_F_SHARED) */

/*
 * How a result's times were taken (driver and analysis only: the module
 * times what it is given): X(ID, value, "name", flags, "what"). 'info'
 * prints it, every result file carries it as machine.clock, and
 * analysis/basis.h turns it into what the analysis may say. Values are
 * written as names: append, never renumber.
 */
/* A real CPU's times: statistics, p-values and faster/slower verdicts. */
#define PAB_CLKF_VERDICT	(1U << 0)
/* Deterministic counts (one instruction = 1 ns): differences, no p-value, no verdict. */
#define PAB_CLKF_EXACT		(1U << 1)

#define PAB_CLOCKS(X)									\
	X(HOST,     0, "host",     PAB_CLKF_VERDICT, "a real CPU: times, PMU counts and verdicts") \
	X(ICOUNT,   1, "icount",   PAB_CLKF_EXACT,   "QEMU TCG guest under -icount shift=0: one instruction = 1 ns, deterministic, read in the guest's counter ticks (arm64: 16 ns); differences, no p-value or verdict") \
	X(EMULATED, 2, "emulated", 0,                "QEMU TCG guest without -icount: the emulator's times, never a verdict")

#define PAB_CLOCK_ENUM(id, v, n, f, w)	PAB_CLOCK_##id = v,
enum pab_clock {
	PAB_CLOCKS(PAB_CLOCK_ENUM)
	PAB_CLOCK_NR
};

/*
 * The guest kernel command-line word that names the clock where the guest
 * cannot see it (vm/guest.sh --icount appends "pab.clock=icount"; a dotted
 * word is a module parameter to the kernel, ignored and not passed to init).
 */
#define PAB_CLOCK_CMDLINE	"pab.clock="

extern const struct pab_vocab pab_methods, pab_levels, pab_region_kinds, pab_layouts,
	pab_lazy_modes, pab_tlb_modes, pab_toggles, pab_conc_locks, pab_conc_bits, pab_lazy_apis,
	pab_walker_apis, pab_arches, pab_clocks, pab_states, pab_split_callers;

/* The word with this value; NULL if none. */
const struct pab_word *pab_vocab_word(const struct pab_vocab *v, unsigned int value);
/* Its name; NULL if no word has this value. */
const char *pab_vocab_name(const struct pab_vocab *v, unsigned int value);
/* The value of the word spelled exactly NAME (LEN bytes of it), or -1. */
int pab_vocab_parse_n(const struct pab_vocab *v, const char *name, size_t len);
int pab_vocab_parse(const struct pab_vocab *v, const char *name);
/* Flags of the word with this value (0 if none). */
unsigned int pab_vocab_flags(const struct pab_vocab *v, unsigned int value);
/*
 * "a, b or c" (words spelled with an argument get "=N"), for the
 * parsers' one-line errors; written into buf, which is returned.
 */
const char *pab_vocab_choices(const struct pab_vocab *v, char *buf, size_t len);
/* The same with other separators, e.g. "a | b | c" for usage texts. */
const char *pab_vocab_join(const struct pab_vocab *v, const char *between, const char *last,
			   char *buf, size_t len);

/*
 * The pair every comparison defaults to: the old path and the production
 * one (cross-check, concurrent): declared once, here.
 */
#define PAB_METHOD_PAIR { PAB_METHOD_APPLY, PAB_METHOD_WALK_LOCKLESS }
/* The pair as "apply,walk-lockless". */
const char *pab_method_pair(char *buf, size_t len);

/* Shorthands; NULL for out-of-range values, -1 for unknown names. */
const char *pab_method_name(unsigned int method);
int pab_method_parse(const char *name);
unsigned int pab_method_flags(unsigned int method);
/* "apply, walk, walk-lockless, set-memory or null": the update paths, the baseline last. */
const char *pab_method_choices(char *buf, size_t len);
const char *pab_method_join(const char *between, const char *last, char *buf, size_t len);
const char *pab_level_name(unsigned int level);
const char *pab_lazy_api_name(unsigned int api);
const char *pab_walker_api_name(unsigned int api);
const char *pab_arch_name(unsigned int arch);	/* "unknown" for out-of-range values */
const char *pab_clock_name(unsigned int clock);	/* NULL for out-of-range values */

#endif /* PAB_VOCAB_H */
