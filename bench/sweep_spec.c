// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"
#include "sweep_spec.h"

void pab_spec_init(struct pab_spec *s)
{
	memset(s, 0, sizeof(*s));
}

static void list_free(struct pab_spec_list *l)
{
	for (unsigned int i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

void pab_spec_free(struct pab_spec *s)
{
	list_free(&s->sizes);
	list_free(&s->mixes);
	list_free(&s->layouts);
	list_free(&s->regions);
	list_free(&s->methods);
	list_free(&s->lazy);
	list_free(&s->tlb);
	list_free(&s->toggles);
	free(s->iterations);
	free(s->warmup);
	free(s->cpu);
	free(s->events);
	free(s->verify);
	free(s->cold);
	memset(s, 0, sizeof(*s));
}

static char *trim(char *p)
{
	char *e;

	while (isspace((unsigned char)*p))
		p++;
	e = p + strlen(p);
	while (e > p && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return p;
}

static int list_add(struct pab_spec_list *l, char *values, const char *where, const char *key,
		    bool commas, char *err, size_t errlen)
{
	const char *sep = commas ? " \t;," : " \t;";
	char *save = NULL;

	for (char *t = strtok_r(values, sep, &save); t; t = strtok_r(NULL, sep, &save)) {
		if (l->n == PAB_SPEC_MAX_VALUES) {
			snprintf(err, errlen, "%s: more than %d values for '%s'", where,
				 PAB_SPEC_MAX_VALUES, key);
			return -1;
		}
		l->v[l->n++] = strdup(t);
	}
	return 0;
}

int pab_spec_line(struct pab_spec *s, const char *line, const char *where, char *err, size_t errlen)
{
	char *copy = strdup(line), *p, *eq, *key, *val;
	int ret = -1;
	struct { const char *name; struct pab_spec_list *list; bool commas; } lists[] = {
		{ "sizes", &s->sizes, true }, { "mixes", &s->mixes, false },
		{ "layouts", &s->layouts, false }, { "regions", &s->regions, true },
		{ "methods", &s->methods, true }, { "lazy", &s->lazy, true },
		{ "tlb", &s->tlb, true }, { "toggles", &s->toggles, true },
	};
	struct { const char *name; char **slot; } scalars[] = {
		{ "iterations", &s->iterations }, { "warmup", &s->warmup }, { "cpu", &s->cpu },
		{ "events", &s->events }, { "verify", &s->verify }, { "cold", &s->cold },
	};

	if (!copy)
		return -1;
	p = copy;
	p[strcspn(p, "#")] = '\0';
	p = trim(p);
	if (!*p) {
		ret = 0;
		goto out;
	}
	eq = strchr(p, '=');
	if (!eq) {
		snprintf(err, errlen, "%s: expected 'key = values', got '%s'", where, p);
		goto out;
	}
	*eq = '\0';
	key = trim(p);
	val = trim(eq + 1);
	if (!*val) {
		snprintf(err, errlen, "%s: '%s' has no value", where, key);
		goto out;
	}
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (!strcmp(key, lists[i].name)) {
			ret = list_add(lists[i].list, val, where, key, lists[i].commas, err, errlen);
			goto out;
		}
	for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++)
		if (!strcmp(key, scalars[i].name)) {
			free(*scalars[i].slot);
			*scalars[i].slot = strdup(val);
			ret = 0;
			goto out;
		}
	snprintf(err, errlen, "%s: unknown key '%s' (sizes, mixes, layouts, regions, methods, lazy, tlb, toggles, iterations, warmup, cpu, events, verify, cold)",
		 where, key);
out:
	free(copy);
	return ret;
}

int pab_spec_file(struct pab_spec *s, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, where[512];
	size_t cap = 0;
	int lineno = 0, ret = 0;

	if (!f) {
		snprintf(err, errlen, "cannot read spec %s: %s", path, strerror(errno));
		return -1;
	}
	/* Whole lines, however long (a fixed buffer split them into more lines). */
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%d", path, lineno);
		if (pab_spec_line(s, line, where, err, errlen)) {
			ret = -1;
			break;
		}
	}
	free(line);
	fclose(f);
	return ret;
}

int pab_spec_sizes(const char *v, uint64_t *out, size_t max, size_t *n, char *err, size_t errlen)
{
	char first[64], last[64];
	const char *dots = strstr(v, ".."), *star;
	uint64_t a, b, factor = 2;

	if (!dots) {
		if (*n == max) {
			snprintf(err, errlen, "size '%s': more than %zu sizes", v, max);
			return -1;
		}
		if (pab_parse_size(v, &out[*n], err))
			return -1;
		(*n)++;
		return 0;
	}
	star = strchr(dots, '*');
	if ((size_t)(dots - v) >= sizeof(first) || !star || (size_t)(star - dots - 2) >= sizeof(last)) {
		snprintf(err, errlen, "size range '%s': use FROM..TO*FACTOR, e.g. 4K..1G*4", v);
		return -1;
	}
	snprintf(first, sizeof(first), "%.*s", (int)(dots - v), v);
	snprintf(last, sizeof(last), "%.*s", (int)(star - dots - 2), dots + 2);
	if (pab_parse_size(first, &a, err) || pab_parse_size(last, &b, err) ||
	    pab_parse_uint(star + 1, "size range factor", 2, 1024, &factor, err))
		return -1;
	if (a > b) {
		snprintf(err, errlen, "size range '%s' runs backwards", v);
		return -1;
	}
	for (uint64_t x = a; x <= b; x *= factor) {
		if (*n == max) {
			snprintf(err, errlen, "size range '%s' has more than %zu sizes", v, max);
			return -1;
		}
		out[(*n)++] = x;
		if (x > UINT64_MAX / factor)
			break;
	}
	return 0;
}

#define PAB_SPEC_MAX_CONFIGS 100000

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/*
 * One configuration once: names are canonical, so two spellings of one
 * value ("pte; pte=100%") or mixes under a pattern layout (the pattern
 * decides) give the same name. Keeps the first, in order; returns the count.
 */
static size_t dedupe(struct pab_config *cfgs, size_t n)
{
	size_t slots = 2 * n + 1, kept = 0;
	size_t *table = calloc(slots, sizeof(*table));	/* index + 1 of a kept config */
	uint64_t *hash = calloc(n + 1, sizeof(*hash));	/* of each kept config's name */
	char name[256], other[256];

	if (!table || !hash) {
		free(table);
		free(hash);
		return n;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t hv;
		size_t h;
		bool dup = false;

		pab_config_name(&cfgs[i], name, sizeof(name));
		hv = fnv1a(name);
		for (h = hv % slots; table[h]; h = (h + 1) % slots) {
			if (hash[table[h] - 1] != hv)
				continue;
			pab_config_name(&cfgs[table[h] - 1], other, sizeof(other));
			if (!strcmp(name, other)) {
				dup = true;
				break;
			}
		}
		if (dup)
			continue;
		hash[kept] = hv;
		cfgs[kept] = cfgs[i];
		table[h] = ++kept;
	}
	free(table);
	free(hash);
	return kept;
}

/* cold = no | yes | both: the PAB_RUN_COLD values each configuration runs with, hot first. */
static int parse_cold(const char *v, bool cold[2], unsigned int *n, char *err, size_t errlen)
{
	*n = 0;
	if (!v || !strcmp(v, "no") || !strcmp(v, "both"))
		cold[(*n)++] = false;
	if (v && (!strcmp(v, "yes") || !strcmp(v, "both")))
		cold[(*n)++] = true;
	if (!*n)
		snprintf(err, errlen, "cold '%s': use no, yes or both", v);
	return *n ? 0 : -1;
}

#define DEFAULT(list, value) ((list)->n ? (list) : &(struct pab_spec_list){ 1, { (char *)(value) } })

int pab_spec_expand(const struct pab_spec *s, struct pab_config **out, size_t *n, char *err,
		    size_t errlen)
{
	struct pab_config base, *cfgs;
	/* The defaults are run's (pab_config_init), spelled by their canonical names. */
	const struct pab_spec_list *mixes = (pab_config_init(&base), DEFAULT(&s->mixes, base.mix_text)),
		*layouts = DEFAULT(&s->layouts, base.layout_text),
		*regions = DEFAULT(&s->regions, pab_vocab_name(&pab_region_kinds, base.rc.kind)),
		*methods = DEFAULT(&s->methods, pab_method_name(base.run.method)),
		*lazy = DEFAULT(&s->lazy, base.lazy_text), *tlb = DEFAULT(&s->tlb, base.tlb_text),
		*toggles = DEFAULT(&s->toggles, base.toggle_text);
	uint64_t sizes[256], v;
	size_t nsizes = 0, total, k = 0;
	unsigned int ncold;
	bool cold[2];

	for (unsigned int i = 0; i < s->sizes.n; i++)
		if (pab_spec_sizes(s->sizes.v[i], sizes, 256, &nsizes, err, errlen))
			return -1;
	if (!nsizes)
		sizes[nsizes++] = base.rc.bytes;
	if (s->iterations) {
		if (pab_parse_uint(s->iterations, "iterations", 1, PAB_MAX_ITERATIONS, &v, err))
			return -1;
		base.run.iterations = (uint32_t)v;
	}
	if (s->warmup) {
		if (pab_parse_uint(s->warmup, "warmup", 0, PAB_MAX_WARMUP, &v, err))
			return -1;
		base.run.warmup = (uint32_t)v;
	}
	if (s->cpu) {
		if (pab_parse_uint(s->cpu, "cpu", 0, 65535, &v, err))
			return -1;
		base.run.cpu = (uint32_t)v;
	}
	if (s->verify && pab_parse_verify(s->verify, &base.run.flags, err))
		return -1;
	if (s->events && pab_pmu_encode(s->events, &base.ev, err, errlen))
		return -1;
	if (parse_cold(s->cold, cold, &ncold, err, errlen))
		return -1;

	/* At most 256 x 64^7 x 2, no overflow; far more than any sweep could run. */
	total = nsizes * mixes->n * layouts->n * regions->n * methods->n * lazy->n * tlb->n *
		toggles->n * ncold;
	if (total > PAB_SPEC_MAX_CONFIGS) {
		snprintf(err, errlen, "the spec expands to %zu configurations, more than %d: split it into smaller sweeps",
			 total, PAB_SPEC_MAX_CONFIGS);
		return -1;
	}
	cfgs = calloc(total, sizeof(*cfgs));
	if (!cfgs) {
		snprintf(err, errlen, "no memory for %zu configurations", total);
		return -1;
	}
	for (size_t a = 0; a < nsizes; a++)
	for (unsigned int b = 0; b < regions->n; b++)
	for (unsigned int c = 0; c < mixes->n; c++)
	for (unsigned int d = 0; d < layouts->n; d++)
	for (unsigned int e = 0; e < methods->n; e++)
	for (unsigned int f = 0; f < lazy->n; f++)
	for (unsigned int g = 0; g < tlb->n; g++)
	for (unsigned int h = 0; h < toggles->n; h++)
	for (unsigned int q = 0; q < ncold; q++) {
		struct pab_config *cfg = &cfgs[k++];
		int m;

		*cfg = base;
		cfg->rc.bytes = sizes[a];
		if (cold[q])
			cfg->run.flags |= PAB_RUN_COLD;
		if (pab_parse_region_kind(regions->v[b], &cfg->rc.kind, err))
			goto bad;
		/* Mixes and layouts only shape mixed regions: one config per other kind. */
		if (cfg->rc.kind != PAB_REGION_MIXED && (c || d)) {
			k--;
			continue;
		}
		if (pab_parse_mix(mixes->v[c], cfg->rc.mix_ppm, err) ||
		    pab_parse_layout(layouts->v[d], &cfg->rc.layout, cfg->rc.pattern,
				     &cfg->rc.pattern_len, err) ||
		    pab_parse_lazy(lazy->v[f], &cfg->run.lazy, &cfg->run.batch, err) ||
		    pab_parse_tlb(tlb->v[g], &cfg->run.tlb, err) ||
		    pab_parse_toggle(toggles->v[h], &cfg->run.toggle, err))
			goto bad;
		m = pab_method_parse(methods->v[e]);
		if (m < 0) {
			char choices[160];

			snprintf(err, errlen, "method '%s': use %s", methods->v[e],
				 pab_method_choices(choices, sizeof(choices)));
			goto bad;
		}
		cfg->run.method = (uint32_t)m;
		cfg->method_given = true;
		/* Whole paths: their own lazy, TLB and (kernel entry points) toggle; dedupe merges. */
		cfg->lazy_given = cfg->tlb_given = !(pab_method_flags(cfg->run.method) & PAB_MF_PATH);
		cfg->toggle_given = !(pab_method_flags(cfg->run.method) & PAB_MF_KERNEL);
		if (cfg->rc.layout == PAB_LAYOUT_PATTERN)
			memset(cfg->rc.mix_ppm, 0, sizeof(cfg->rc.mix_ppm));
		pab_config_canon(cfg);
	}
	*out = cfgs;
	*n = dedupe(cfgs, k);
	return 0;
bad:
	free(cfgs);
	return -1;
}
