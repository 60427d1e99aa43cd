// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vocab.h"
#include "parse.h"

int pab_parse_uint(const char *s, const char *what, uint64_t min, uint64_t max, uint64_t *out,
		   char *err)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (!s || !isdigit((unsigned char)*s) || (v = strtoull(s, &end, 10), errno) || *end) {
		snprintf(err, PAB_ERRLEN, "%s '%s' is not a number", what, s ? s : "");
		return -1;
	}
	if (v < min || v > max) {
		snprintf(err, PAB_ERRLEN, "%s %llu is out of range %llu..%llu", what, v,
			 (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int pab_parse_size(const char *s, uint64_t *out, char *err)
{
	char *end;
	unsigned long long v;
	unsigned int shift = 0;

	errno = 0;
	if (!s || !isdigit((unsigned char)*s))
		goto bad;
	v = strtoull(s, &end, 10);
	if (errno)
		goto bad;
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': shift = 10; break;
	case 'M': shift = 20; break;
	case 'G': shift = 30; break;
	case 'T': shift = 40; break;
	default: goto bad;
	}
	if (shift) {
		end++;
		/* Accept 4K, 4KB, 4KiB. */
		if (!strcasecmp(end, "iB") || !strcasecmp(end, "B"))
			end += strlen(end);
	}
	if (*end)
		goto bad;
	if (v && (v << shift) >> shift != v) {
		snprintf(err, PAB_ERRLEN, "size '%s' is too large", s);
		return -1;
	}
	if (!v) {
		snprintf(err, PAB_ERRLEN, "size '%s' is zero", s);
		return -1;
	}
	*out = v << shift;
	return 0;
bad:
	snprintf(err, PAB_ERRLEN, "size '%s' is not a size: use bytes or K/M/G/T, e.g. 4K, 2M, 64G",
		 s ? s : "");
	return -1;
}

int pab_parse_level(const char *s, size_t len, unsigned int *level)
{
	char name[16];

	if (len == 0 || len >= sizeof(name))
		return -1;
	memcpy(name, s, len);
	name[len] = '\0';
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	for (unsigned int l = 0; l < PAB_LVL_NR; l++)
		if (!strcmp(name, pab_level_name(l))) {
			*level = l;
			return 0;
		}
	return -1;
}

/* "50%", "0.5", "1" -> ppm. */
static int parse_fraction(const char *s, size_t len, uint32_t *ppm)
{
	char buf[32], *end;
	double v;

	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtod(buf, &end);
	if (end == buf)
		return -1;
	if (*end == '%') {
		v /= 100;
		end++;
	}
	/* Written so that NaN ("nan", "nan%") fails too: it compares false. */
	if (*end || !(v >= 0 && v <= 1))
		return -1;
	*ppm = (uint32_t)(v * PAB_PPM + 0.5);
	return 0;
}

int pab_parse_mix(const char *s, uint32_t ppm[PAB_LVL_NR], char *err)
{
	const char *p = s;
	uint32_t sum = 0;
	unsigned int seen = 0, largest = 0;

	memset(ppm, 0, sizeof(uint32_t) * PAB_LVL_NR);
	if (!s || !*s)
		goto bad;
	while (*p) {
		size_t n = strcspn(p, ","), k = strcspn(p, "=");
		unsigned int level;
		uint32_t v = PAB_PPM;

		if (k > n)
			k = n;
		if (pab_parse_level(p, k, &level)) {
			snprintf(err, PAB_ERRLEN, "mix '%s': unknown level '%.*s' (pte, cont_pte, pmd, cont_pmd, pud)",
				 s, (int)k, p);
			return -1;
		}
		if (k < n && parse_fraction(p + k + 1, n - k - 1, &v)) {
			snprintf(err, PAB_ERRLEN, "mix '%s': bad fraction '%.*s' (use 25%% or 0.25)",
				 s, (int)(n - k - 1), p + k + 1);
			return -1;
		}
		if (seen & (1u << level)) {
			snprintf(err, PAB_ERRLEN, "mix '%s': level %s given twice", s,
				 pab_level_name(level));
			return -1;
		}
		seen |= 1u << level;
		ppm[level] = v;
		sum += v;
		p += n;
		if (*p == ',')
			p++;
	}
	/* Round-off of thirds and the like: within 0.1 % counts as exact. */
	if (sum + 1000 < PAB_PPM || sum > PAB_PPM + 1000) {
		snprintf(err, PAB_ERRLEN, "mix '%s': fractions add up to %.1f%%, not 100%%", s,
			 sum / 1e4);
		return -1;
	}
	/*
	 * The round-off goes to the largest share: it is at least a fifth, so
	 * it cannot go below zero (a tiny share taking it wrapped around).
	 */
	for (unsigned int l = 1; l < PAB_LVL_NR; l++)
		if (ppm[l] > ppm[largest])
			largest = l;
	ppm[largest] = ppm[largest] + PAB_PPM - sum;
	return 0;
bad:
	snprintf(err, PAB_ERRLEN, "mix is empty: e.g. pte, pmd=50%%,pte=50%%");
	return -1;
}

int pab_parse_layout(const char *s, uint32_t *layout, uint8_t pattern[PAB_PATTERN_MAX],
		     uint32_t *pattern_len, char *err)
{
	const char *p = s;

	int w = pab_vocab_parse(&pab_layouts, s);

	*pattern_len = 0;
	/* A named layout; "pattern" itself is spelled as its levels. */
	if (w >= 0 && w != PAB_LAYOUT_PATTERN) {
		*layout = (uint32_t)w;
		return 0;
	}
	*layout = PAB_LAYOUT_PATTERN;
	while (*p) {
		size_t n = strcspn(p, ",");
		unsigned int level;

		if (pab_parse_level(p, n, &level)) {
			snprintf(err, PAB_ERRLEN, "layout '%s': not runs, interleave or a pattern of levels like pmd,pte,pte ('%.*s')",
				 s, (int)n, p);
			return -1;
		}
		if (*pattern_len == PAB_PATTERN_MAX) {
			snprintf(err, PAB_ERRLEN, "layout '%s': pattern longer than %d entries", s,
				 PAB_PATTERN_MAX);
			return -1;
		}
		pattern[(*pattern_len)++] = (uint8_t)level;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!*pattern_len) {
		snprintf(err, PAB_ERRLEN, "layout is empty: runs, interleave or e.g. pmd,pte,pte");
		return -1;
	}
	return 0;
}

/* A word of vocabulary V, or the one-line "NOUN 'S': use a, b or c". */
static int parse_word(const struct pab_vocab *v, const char *s, uint32_t *out, char *err)
{
	char choices[160];
	int w = pab_vocab_parse(v, s);

	if (w >= 0 && !(pab_vocab_flags(v, (unsigned int)w) & v->arg_flag)) {
		*out = (uint32_t)w;
		return 0;
	}
	snprintf(err, PAB_ERRLEN, "%s '%s': use %s", v->noun, s,
		 pab_vocab_choices(v, choices, sizeof(choices)));
	return -1;
}

int pab_parse_lazy(const char *s, uint32_t *lazy, uint32_t *batch, char *err)
{
	const char *eq = strchr(s, '=');
	uint64_t n;
	int w;

	*batch = 0;
	if (!eq)
		return parse_word(&pab_lazy_modes, s, lazy, err);
	/* "batch=N": a word that takes an argument, then the argument. */
	w = pab_vocab_parse_n(&pab_lazy_modes, s, (size_t)(eq - s));
	if (w < 0 || !(pab_vocab_flags(&pab_lazy_modes, (unsigned int)w) & PAB_ZF_ARG))
		return parse_word(&pab_lazy_modes, s, lazy, err);
	if (pab_parse_uint(eq + 1, "lazy batch size", 1, UINT32_MAX, &n, err))
		return -1;
	*lazy = (uint32_t)w;
	*batch = (uint32_t)n;
	return 0;
}

int pab_parse_tlb(const char *s, uint32_t *tlb, char *err)
{
	return parse_word(&pab_tlb_modes, s, tlb, err);
}

int pab_parse_toggle(const char *s, uint32_t *toggle, char *err)
{
	return parse_word(&pab_toggles, s, toggle, err);
}

int pab_parse_region_kind(const char *s, uint32_t *kind, char *err)
{
	return parse_word(&pab_region_kinds, s, kind, err);
}

const char *pab_format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;
	double v = (double)bytes;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (v == (uint64_t)v)
		snprintf(buf, len, "%llu %s", (unsigned long long)v, units[u]);
	else
		snprintf(buf, len, "%.1f %s", v, units[u]);
	return buf;
}

int pab_parse_verify(const char *s, uint32_t *flags, char *err)
{
	if (!strcmp(s, "end")) {
		*flags |= PAB_RUN_VERIFY_END;
		return 0;
	}
	if (!strcmp(s, "every"))
		return 0;
	snprintf(err, PAB_ERRLEN, "verify '%s': use every or end", s);
	return -1;
}

int pab_parse_no_operands(int argc, char **argv, int optind, char *err)
{
	if (optind >= argc)
		return 0;
	snprintf(err, PAB_ERRLEN, "unexpected argument '%s'", argv[optind]);
	return -1;
}
