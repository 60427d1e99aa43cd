// SPDX-License-Identifier: GPL-2.0
/*
 * Sweep specs (bench/sweep_spec.c): the input is a spec file, read with
 * pab_spec_file and expanded with pab_spec_expand. A rejected spec must say
 * why in one line; an accepted one must expand into configurations the
 * module could be given (sizes above zero, mixes summing to PAB_PPM, known
 * methods), each with a name.
 */
#include "fuzz_util.h"
#include "sweep_spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * How many configurations the spec would expand to, as pab_spec_expand
 * counts them (0 when the sizes are bad: expansion then fails at once).
 */
static size_t configurations(const struct pab_spec *s)
{
	const struct pab_spec_list *l[] = { &s->mixes, &s->layouts, &s->regions, &s->methods,
					    &s->lazy, &s->tlb };
	uint64_t sizes[256];
	size_t n = 0, total;
	char err[512];

	for (unsigned int i = 0; i < s->sizes.n; i++)
		if (pab_spec_sizes(s->sizes.v[i], sizes, 256, &n, err, sizeof(err)))
			return 0;
	total = n ? n : 1;
	for (size_t i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		total *= l[i]->n ? l[i]->n : 1;
	return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct pab_config *cfgs = NULL;
	struct pab_spec spec;
	char err[9000], name[256];
	size_t n = 0;

	/* A line of a real spec is short; do not spend the time on megabyte lines. */
	if (size > 16384)
		return 0;
	pab_spec_init(&spec);
	err[0] = '\0';
	if (pab_spec_file(&spec, path, err, sizeof(err))) {
		FUZZ_CHECK(err[0], "spec rejected without a message");
		goto out;
	}
	/*
	 * Thousands of configurations are the same code as a few, only slower:
	 * skip them, but not the specs too large to expand (they must be refused).
	 */
	n = configurations(&spec);
	if (n > 2000 && n <= 100000)
		goto out;
	n = 0;
	err[0] = '\0';
	if (pab_spec_expand(&spec, &cfgs, &n, err, sizeof(err))) {
		/* The value is quoted in the message: only a newline in it may split it. */
		FUZZ_CHECK(err[0], "spec expansion failed without a message");
		FUZZ_CHECK(!strchr(err, '\n'), "error is more than one line: %s", err);
		goto out;
	}
	FUZZ_CHECK(n >= 1, "an accepted spec expanded to no configuration");
	for (size_t i = 0; i < n; i++) {
		const struct pab_config *c = &cfgs[i];
		uint64_t sum = 0;

		FUZZ_CHECK(c->rc.bytes > 0, "configuration %zu has 0 bytes", i);
		FUZZ_CHECK(pab_method_name(c->run.method), "configuration %zu: method %u", i,
			   c->run.method);
		if (c->rc.kind == PAB_REGION_MIXED && c->rc.layout != PAB_LAYOUT_PATTERN) {
			for (unsigned int l = 0; l < PAB_LVL_NR; l++) {
				FUZZ_CHECK(c->rc.mix_ppm[l] <= PAB_PPM, "configuration %zu: level %u has %u ppm",
					   i, l, c->rc.mix_ppm[l]);
				sum += c->rc.mix_ppm[l];
			}
			FUZZ_CHECK(sum == PAB_PPM, "configuration %zu: mix '%s' sums to %llu ppm", i,
				   c->mix_text, (unsigned long long)sum);
		}
		pab_config_name(c, name, sizeof(name));
	}
out:
	free(cfgs);
	pab_spec_free(&spec);
	return 0;
}
