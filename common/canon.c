// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "parse.h"

const char *pab_format_mix(const uint32_t ppm[PAB_LVL_NR], char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	if (pab_mix_single_level(ppm)) {
		for (unsigned int l = 0; l < PAB_LVL_NR; l++)
			if (ppm[l])
				snprintf(buf, len, "%s", pab_level_name(l));
		return buf;
	}
	for (unsigned int l = PAB_LVL_NR; l-- > 0 && off < len;) {
		char pct[32];
		int k;

		if (!ppm[l])
			continue;
		if (ppm[l] % 10000 == 0) {
			snprintf(pct, sizeof(pct), "%u", ppm[l] / 10000);
		} else {
			char *e;

			snprintf(pct, sizeof(pct), "%.4f", ppm[l] / 1e4);
			for (e = pct + strlen(pct) - 1; *e == '0'; e--)
				*e = '\0';
		}
		k = snprintf(buf + off, len - off, "%s%s=%s%%", off ? "," : "", pab_level_name(l), pct);
		if (k < 0)
			break;
		off += (size_t)k;
	}
	return buf;
}

const char *pab_format_layout(uint32_t layout, const uint8_t *pattern, uint32_t n, char *buf,
			      size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	if (layout != PAB_LAYOUT_PATTERN) {
		const char *w = pab_vocab_name(&pab_layouts, layout);

		snprintf(buf, len, "%s", w ? w : "?");
		return buf;
	}
	for (uint32_t i = 0; i < n && off < len; i++) {
		const char *w = pab_level_name(pattern[i]);
		int k = snprintf(buf + off, len - off, "%s%s", i ? "," : "", w ? w : "?");

		if (k < 0)
			break;
		off += (size_t)k;
	}
	return buf;
}

const char *pab_format_lazy(uint32_t lazy, uint32_t batch, char *buf, size_t len)
{
	const char *w = pab_vocab_name(&pab_lazy_modes, lazy);

	if (pab_vocab_flags(&pab_lazy_modes, lazy) & PAB_ZF_ARG)
		snprintf(buf, len, "%s=%u", w, batch);
	else
		snprintf(buf, len, "%s", w ? w : "?");
	return buf;
}

const char *pab_format_size_tight(uint64_t bytes, char *buf, size_t len)
{
	char *sp;

	pab_format_size(bytes, buf, len);
	sp = strchr(buf, ' ');
	if (sp)
		memmove(sp, sp + 1, strlen(sp + 1) + 1);
	return buf;
}

void pab_pattern_mix(const uint8_t *pattern, uint32_t n, uint32_t ppm[PAB_LVL_NR])
{
	uint32_t count[PAB_LVL_NR] = { 0 }, sum = 0;
	unsigned int largest = 0;

	memset(ppm, 0, sizeof(uint32_t) * PAB_LVL_NR);
	for (uint32_t i = 0; i < n; i++)
		if (pattern[i] < PAB_LVL_NR)
			count[pattern[i]]++;
	for (unsigned int l = 0; l < PAB_LVL_NR; l++) {
		if (!n)
			break;
		ppm[l] = (uint32_t)(((uint64_t)count[l] * PAB_PPM + n / 2) / n);
		sum += ppm[l];
		if (ppm[l] > ppm[largest])
			largest = l;
	}
	if (sum)
		ppm[largest] += PAB_PPM - sum;
}

int pab_mix_pmd_percent(const uint32_t ppm[PAB_LVL_NR])
{
	for (unsigned int l = 0; l < PAB_LVL_NR; l++)
		if (ppm[l] && l != PAB_LVL_PTE && l != PAB_LVL_PMD)
			return -1;
	return (int)((ppm[PAB_LVL_PMD] + 5000) / 10000);
}

int pab_mix_single_level(const uint32_t ppm[PAB_LVL_NR])
{
	unsigned int levels = 0;

	for (unsigned int l = 0; l < PAB_LVL_NR; l++)
		levels += ppm[l] != 0;
	return levels == 1;
}

void pab_key_name(const struct pab_key *k, char *buf, size_t len)
{
	char sz[32], mix[96], layout[96], lazy[32];
	const char *method = k->method >= 0 ? pab_method_name((unsigned int)k->method) : NULL;
	const char *region = pab_vocab_name(&pab_region_kinds, k->region);
	const char *tlb = pab_vocab_name(&pab_tlb_modes, k->tlb);

	if (k->region == PAB_REGION_MIXED) {
		pab_format_mix(k->mix_ppm, mix, sizeof(mix));
		pab_format_layout(k->layout, k->pattern, k->pattern_len, layout, sizeof(layout));
	} else {
		snprintf(mix, sizeof(mix), "%s", PAB_MIX_AS_MAPPED);
		snprintf(layout, sizeof(layout), "%s", PAB_LAYOUT_AS_MAPPED);
	}
	/*
	 * "/toggle=exec" only where it is not rw, "/cold" only for cold calls:
	 * names from before them stay the same, and hot and cold never share one.
	 */
	snprintf(buf, len, "%s/%s/%s:%s/%s/lazy=%s/tlb=%s%s%s%s",
		 method ? method : k->method_text ? k->method_text : "?",
		 pab_format_size_tight(k->bytes, sz, sizeof(sz)), region ? region : "?", mix, layout,
		 pab_format_lazy(k->lazy, k->batch, lazy, sizeof(lazy)), tlb ? tlb : "?",
		 k->toggle ? "/toggle=" : "", k->toggle ? pab_vocab_name(&pab_toggles, k->toggle) : "",
		 k->cold ? PAB_NAME_COLD : "");
}

/* The next part of a name up to SEP, copied into part; the rest after it. */
static const char *part(const char *s, int sep, char *out, size_t len)
{
	const char *e = strchr(s, sep);

	if (!e || (size_t)(e - s) >= len)
		return NULL;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return e + 1;
}

int pab_key_parse(const char *name, struct pab_key *k)
{
	char method[32], size[32], region[32], mix[128], layout[128], lazy[48], tlb[32],
		tail[64], err[PAB_ERRLEN];
	const char *p = name, *toggle;
	size_t n, cold = strlen(PAB_NAME_COLD);
	int m, t = 0;

	memset(k, 0, sizeof(*k));
	if (!(p = part(p, '/', method, sizeof(method))) || !(p = part(p, '/', size, sizeof(size))) ||
	    !(p = part(p, ':', region, sizeof(region))) || !(p = part(p, '/', mix, sizeof(mix))) ||
	    !(p = part(p, '/', layout, sizeof(layout))) || !(p = part(p, '/', lazy, sizeof(lazy))) ||
	    strncmp(lazy, "lazy=", 5) || strncmp(p, "tlb=", 4))
		return -1;
	/* The rest, "tlb=TLB[/toggle=T][/cold]": "/cold" last, then the toggle. */
	n = strlen(p);
	if (n >= sizeof(tail))
		return -1;
	k->cold = n > cold && !strcmp(p + n - cold, PAB_NAME_COLD);
	snprintf(tail, sizeof(tail), "%.*s", (int)(k->cold ? n - cold : n), p);
	p = tail;
	toggle = strstr(p, "/toggle=");
	if (toggle && (t = pab_vocab_parse(&pab_toggles, toggle + 8)) < 0)
		return -1;
	snprintf(tlb, sizeof(tlb), "%.*s", toggle ? (int)(toggle - p - 4) : (int)strlen(p + 4), p + 4);
	m = pab_method_parse(method);
	if (m < 0 || pab_parse_size(size, &k->bytes, err) ||
	    pab_parse_region_kind(region, &k->region, err) ||
	    pab_parse_lazy(lazy + 5, &k->lazy, &k->batch, err) || pab_parse_tlb(tlb, &k->tlb, err))
		return -1;
	k->method = m;
	k->toggle = (uint32_t)t;
	if (k->region != PAB_REGION_MIXED)
		return strcmp(mix, PAB_MIX_AS_MAPPED) || strcmp(layout, PAB_LAYOUT_AS_MAPPED) ? -1 : 0;
	if (pab_parse_layout(layout, &k->layout, k->pattern, &k->pattern_len, err))
		return -1;
	if (k->layout == PAB_LAYOUT_PATTERN) {
		/* Older names gave a pattern's mix as "pte" (or as spelled): the pattern decides. */
		pab_pattern_mix(k->pattern, k->pattern_len, k->mix_ppm);
		return 0;
	}
	return pab_parse_mix(mix, k->mix_ppm, err);
}

const char *pab_name_canonical(const char *name, char *buf, size_t len)
{
	struct pab_key k;

	if (pab_key_parse(name, &k))
		snprintf(buf, len, "%s", name);
	else
		pab_key_name(&k, buf, len);
	return buf;
}
