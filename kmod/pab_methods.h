/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the method blocks share, private to the module's method files:
 * pab_methods.c (the component methods), pab_paths.c (the whole production
 * paths) and pab_window.c (the ops table and the timed window). Each block
 * ends in PAB_METHOD_OPS(ID, call, ...), which names and flags it from its
 * PAB_METHODS line; the table in pab_window.c takes every pab_method_ops_ID,
 * so a PAB_METHODS line without its block does not link.
 */
#ifndef PAB_METHODS_H
#define PAB_METHODS_H

#include <linux/pagewalk.h>
#include "pab.h"

/* Per method: its name and flags, as constants the ops blocks can use. */
#define PAB_METHOD_CONSTS(id, v, n, f, w)			\
	static const char pab_method_name_##id[] __maybe_unused = n; \
	enum { pab_method_flags_##id = (f) };

/* Ends a method's block: its ops, named and flagged by its PAB_METHODS line. */
#define PAB_METHOD_OPS(id, call_fn, ...)				\
	const struct pab_method_ops pab_method_ops_##id = {	\
		.name = pab_method_name_##id,				\
		.flags = pab_method_flags_##id,				\
		.call = call_fn,					\
		__VA_ARGS__						\
	}

#define PAB_METHOD_EXTERN(id, v, n, f, w)	extern const struct pab_method_ops pab_method_ops_##id;
PAB_METHODS(PAB_METHOD_EXTERN)

static inline u64 pab_apply_masks(u64 val, const struct pab_call *c)
{
	return (val & ~c->clear) | c->set;
}

/* The component methods' pieces the production paths are built from (pab_methods.c). */
int pab_apply_pte(pte_t *ptep, unsigned long addr, void *data);
int pab_apply_check(struct pab_ctx *ctx, struct pab_region *r, u64 offset, u64 length);
extern const struct mm_walk_ops pab_walk_ops;
bool pab_walk_lockless_available(const char **reason);
/* Does this call apply exactly the masks of prot (the kernel entry points: which one to call)? */
bool pab_call_is_prot(const struct pab_call *c, u32 prot);
int pab_set_memory_check(struct pab_ctx *ctx, struct pab_region *r, u64 offset, u64 length);

#endif /* PAB_METHODS_H */
