// SPDX-License-Identifier: GPL-2.0
/*
 * The command line's value parsers (common/parse.c) and the sweep's size
 * ranges (pab_spec_sizes): the first byte picks the parser, the rest is the
 * value. Besides the sanitizers, what each accepts must make sense (a mix
 * sums to exactly PAB_PPM with no share above it, a size is not zero, a
 * pattern has 1..PAB_PATTERN_MAX known levels, a range grows) and what each
 * rejects must come with a one-line reason.
 */
#include "fuzz_util.h"
#include "parse.h"
#include "sweep_spec.h"

enum { P_SIZE, P_MIX, P_LAYOUT, P_LAZY, P_TLB, P_REGION, P_UINT, P_RANGE, P_LEVEL, P_NR };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[PAB_ERRLEN], buf[64], *s;
	uint8_t pattern[PAB_PATTERN_MAX];
	uint32_t ppm[PAB_LVL_NR], a, b, n32;
	uint64_t v, sizes[256], sum = 0;
	unsigned int level;
	size_t n = 0, len;
	int ret = 0;

	if (!size)
		return 0;
	s = fuzz_cstr(data + 1, size - 1);
	len = strlen(s);
	err[0] = '\0';
	switch (data[0] % P_NR) {
	case P_SIZE:
		ret = pab_parse_size(s, &v, err);
		if (!ret) {
			FUZZ_CHECK(v > 0, "size '%s' parsed as 0", s);
			pab_format_size(v, buf, sizeof(buf));
		}
		break;
	case P_MIX:
		ret = pab_parse_mix(s, ppm, err);
		if (!ret) {
			for (unsigned int l = 0; l < PAB_LVL_NR; l++) {
				FUZZ_CHECK(ppm[l] <= PAB_PPM, "mix '%s': level %u has %u ppm", s, l, ppm[l]);
				sum += ppm[l];
			}
			FUZZ_CHECK(sum == PAB_PPM, "mix '%s' sums to %llu ppm", s,
				   (unsigned long long)sum);
		}
		break;
	case P_LAYOUT:
		ret = pab_parse_layout(s, &a, pattern, &n32, err);
		if (!ret && a == PAB_LAYOUT_PATTERN) {
			FUZZ_CHECK(n32 >= 1 && n32 <= PAB_PATTERN_MAX, "layout '%s': %u entries", s, n32);
			for (uint32_t i = 0; i < n32; i++)
				FUZZ_CHECK(pattern[i] < PAB_LVL_NR, "layout '%s': level %u", s, pattern[i]);
		}
		break;
	case P_LAZY:
		ret = pab_parse_lazy(s, &a, &b, err);
		if (!ret)
			FUZZ_CHECK(a != PAB_LAZY_BATCH || b >= 1, "lazy '%s': batch 0", s);
		break;
	case P_TLB:
		ret = pab_parse_tlb(s, &a, err);
		break;
	case P_REGION:
		ret = pab_parse_region_kind(s, &a, err);
		break;
	case P_UINT:
		ret = pab_parse_uint(s, "iterations", 1, 1000000, &v, err);
		if (!ret)
			FUZZ_CHECK(v >= 1 && v <= 1000000, "uint '%s' -> %llu", s, (unsigned long long)v);
		break;
	case P_RANGE:
		ret = pab_spec_sizes(s, sizes, 256, &n, err, sizeof(err));
		if (!ret) {
			FUZZ_CHECK(n >= 1 && n <= 256, "range '%s': %zu sizes", s, n);
			for (size_t i = 0; i < n; i++)
				FUZZ_CHECK(sizes[i] > 0 && (!i || sizes[i] > sizes[i - 1]),
					   "range '%s': size %zu is %llu", s, i,
					   (unsigned long long)sizes[i]);
		}
		break;
	case P_LEVEL:
		/* Returns -1 without a message: the callers word the error. */
		if (!pab_parse_level(s, len, &level))
			FUZZ_CHECK(level < PAB_LVL_NR, "level '%s' -> %u", s, level);
		free(s);
		return 0;
	}
	if (ret)
		fuzz_check_error(err, s, len);
	free(s);
	return 0;
}
