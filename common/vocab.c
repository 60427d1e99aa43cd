// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "vocab.h"

#define PAB_WORD(id, value, name, flags, what)	{ value, name, flags, what },
#define PAB_VOCAB(var, noun, list, arg_flag)					\
	static const struct pab_word var##_words[] = { list(PAB_WORD) };	\
	const struct pab_vocab var = { noun, var##_words,			\
				       sizeof(var##_words) / sizeof(var##_words[0]), arg_flag }

PAB_VOCAB(pab_methods, "method", PAB_METHODS, 0);
PAB_VOCAB(pab_levels, "level", PAB_LEVELS, 0);
PAB_VOCAB(pab_region_kinds, "region kind", PAB_REGION_KINDS, 0);
PAB_VOCAB(pab_layouts, "layout", PAB_LAYOUTS, 0);
PAB_VOCAB(pab_lazy_modes, "lazy mode", PAB_LAZY_MODES, PAB_ZF_ARG);
PAB_VOCAB(pab_tlb_modes, "TLB mode", PAB_TLB_MODES, 0);
PAB_VOCAB(pab_toggles, "toggle", PAB_TOGGLES, 0);
PAB_VOCAB(pab_conc_locks, "lock", PAB_CONC_LOCKS, 0);
PAB_VOCAB(pab_conc_bits, "bit", PAB_CONC_BITS, 0);
PAB_VOCAB(pab_lazy_apis, "lazy MMU API", PAB_LAZY_APIS, 0);
PAB_VOCAB(pab_walker_apis, "walker API", PAB_WALKER_APIS, 0);
PAB_VOCAB(pab_arches, "arch", PAB_ARCHES, 0);
PAB_VOCAB(pab_conc_layouts, "layout", PAB_CONC_LAYOUTS, 0);
PAB_VOCAB(pab_clocks, "clock", PAB_CLOCKS, 0);
PAB_VOCAB(pab_states, "state", PAB_STATES, 0);
PAB_VOCAB(pab_split_callers, "caller kind", PAB_SPLIT_CALLERS, 0);

const char *conc_layout_name(unsigned int layout) { return pab_vocab_name(&pab_conc_layouts, layout); }
int conc_layout_parse(const char *name) { return pab_vocab_parse(&pab_conc_layouts, name); }
bool conc_layout_shared(unsigned int layout) { return pab_vocab_flags(&pab_conc_layouts, layout) & CONC_F_SHARED; }

const struct pab_word *pab_vocab_word(const struct pab_vocab *v, unsigned int value)
{
	for (unsigned int i = 0; i < v->n; i++)
		if (v->words[i].value == value)
			return &v->words[i];
	return NULL;
}

const char *pab_vocab_name(const struct pab_vocab *v, unsigned int value)
{
	const struct pab_word *w = pab_vocab_word(v, value);

	return w ? w->name : NULL;
}

int pab_vocab_parse_n(const struct pab_vocab *v, const char *name, size_t len)
{
	for (unsigned int i = 0; i < v->n; i++)
		if (strlen(v->words[i].name) == len && !memcmp(v->words[i].name, name, len))
			return (int)v->words[i].value;
	return -1;
}

int pab_vocab_parse(const struct pab_vocab *v, const char *name)
{
	return pab_vocab_parse_n(v, name, strlen(name));
}

unsigned int pab_vocab_flags(const struct pab_vocab *v, unsigned int value)
{
	const struct pab_word *w = pab_vocab_word(v, value);

	return w ? w->flags : 0;
}

const char *pab_vocab_choices(const struct pab_vocab *v, char *buf, size_t len)
{
	return pab_vocab_join(v, ", ", " or ", buf, len);
}

const char *pab_vocab_join(const struct pab_vocab *v, const char *between, const char *last,
			   char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < v->n && off < len; i++) {
		const char *sep = !i ? "" : i + 1 == v->n ? last : between;
		int k = snprintf(buf + off, len - off, "%s%s%s", sep, v->words[i].name,
				 v->words[i].flags & v->arg_flag ? "=N" : "");

		if (k < 0)
			break;
		off += (size_t)k;
	}
	return buf;
}

const char *pab_method_choices(char *buf, size_t len)
{
	return pab_method_join(", ", " or ", buf, len);
}

const char *pab_method_join(const char *between, const char *last, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int k = 0;

	buf[0] = '\0';
	/* The update paths first, the baseline last (as the usage texts list them). */
	for (unsigned int pass = 0; pass < 2; pass++)
		for (unsigned int i = 0; i < pab_methods.n && off < len; i++) {
			const struct pab_word *w = &pab_methods.words[i];
			int n;

			if (!(w->flags & PAB_MF_BASELINE) != !pass)
				continue;
			k++;
			n = snprintf(buf + off, len - off, "%s%s", k == 1 ? "" : k == pab_methods.n ? last : between,
				     w->name);
			if (n < 0)
				break;
			off += (size_t)n;
		}
	return buf;
}

const char *pab_method_pair(char *buf, size_t len)
{
	static const unsigned int pair[] = PAB_METHOD_PAIR;

	snprintf(buf, len, "%s,%s", pab_method_name(pair[0]), pab_method_name(pair[1]));
	return buf;
}

const char *pab_method_name(unsigned int method) { return pab_vocab_name(&pab_methods, method); }
int pab_method_parse(const char *name) { return pab_vocab_parse(&pab_methods, name); }
unsigned int pab_method_flags(unsigned int method) { return pab_vocab_flags(&pab_methods, method); }
const char *pab_level_name(unsigned int level) { return pab_vocab_name(&pab_levels, level); }
const char *pab_lazy_api_name(unsigned int api) { return pab_vocab_name(&pab_lazy_apis, api); }
const char *pab_walker_api_name(unsigned int api) { return pab_vocab_name(&pab_walker_apis, api); }
const char *pab_clock_name(unsigned int clock) { return pab_vocab_name(&pab_clocks, clock); }

const char *pab_arch_name(unsigned int arch)
{
	const char *n = pab_vocab_name(&pab_arches, arch);

	return n ? n : "unknown";
}
