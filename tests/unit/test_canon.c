// SPDX-License-Identifier: GPL-2.0
/*
 * Canonical configurations: the name, JSON texts, resume and compare keys
 * come from parsed values, so equal configurations spelled differently give
 * the same name; older names canonicalise to the same key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "parse.h"
#include "run_exec.h"
#include "sweep_spec.h"

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static const char *name_of(const char *mix, const char *layout, const char *lazy, char *buf, size_t len)
{
	struct pab_config cfg;
	char err[PAB_ERRLEN];

	pab_config_init(&cfg);
	if ((mix && pab_parse_mix(mix, cfg.rc.mix_ppm, err)) ||
	    (layout && pab_parse_layout(layout, &cfg.rc.layout, cfg.rc.pattern, &cfg.rc.pattern_len, err)) ||
	    (lazy && pab_parse_lazy(lazy, &cfg.run.lazy, &cfg.run.batch, err)))
		return "parse error";
	if (cfg.rc.layout == PAB_LAYOUT_PATTERN)
		memset(cfg.rc.mix_ppm, 0, sizeof(cfg.rc.mix_ppm));
	pab_config_canon(&cfg);
	pab_config_name(&cfg, buf, len);
	return buf;
}

static void same_name(const char *mix_a, const char *mix_b)
{
	char a[256], b[256];

	name_of(mix_a, NULL, NULL, a, sizeof(a));
	name_of(mix_b, NULL, NULL, b, sizeof(b));
	checks++;
	if (strcmp(a, b)) {
		failures++;
		printf("FAIL --mix %s and --mix %s: '%s' vs '%s'\n", mix_a, mix_b, a, b);
	}
}

int main(void)
{
	char buf[256], buf2[256], err[PAB_ERRLEN];
	uint32_t ppm[PAB_LVL_NR], back[PAB_LVL_NR];
	uint8_t pattern[] = { PAB_LVL_PMD, PAB_LVL_PTE, PAB_LVL_PTE };

	/* Spellings of one mix. */
	same_name("pte", "pte=100%");
	same_name("pte", "pte=1");
	same_name("pte", "cont-pte=0%,pte=1.0");
	same_name("pmd=50%,pte=50%", "pte=0.5,pmd=0.5");
	same_name("pud=0.25,pmd=0.75", "pmd=75%,pud=25%");
	CHECK(!strcmp(name_of("pte=100%", NULL, NULL, buf, sizeof(buf)),
		      "walk-lockless/2MiB/mixed:pte/runs/lazy=on/tlb=none"));
	CHECK(!strcmp(name_of("pte=0.5,pmd=0.5", NULL, NULL, buf, sizeof(buf)),
		      "walk-lockless/2MiB/mixed:pmd=50%,pte=50%/runs/lazy=on/tlb=none"));
	/* Lazy batch sizes and layouts from their values. */
	CHECK(!strcmp(name_of(NULL, NULL, "batch=016", buf, sizeof(buf)),
		      "walk-lockless/2MiB/mixed:pte/runs/lazy=batch=16/tlb=none"));
	CHECK(!strcmp(name_of(NULL, "pmd,cont-pte", NULL, buf, sizeof(buf)),
		      "walk-lockless/2MiB/mixed:pmd=50%,cont_pte=50%/pmd,cont_pte/lazy=on/tlb=none"));
	/* A pattern's mix is its pattern's shares, not "pte". */
	pab_pattern_mix(pattern, 3, ppm);
	CHECK(ppm[PAB_LVL_PMD] + ppm[PAB_LVL_PTE] == PAB_PPM && pab_mix_pmd_percent(ppm) == 33);
	CHECK(!strcmp(pab_format_mix(ppm, buf, sizeof(buf)), "pmd=33.3333%,pte=66.6667%"));
	CHECK(!strcmp(name_of(NULL, "pmd,pte,pte", NULL, buf, sizeof(buf)),
		      "walk-lockless/2MiB/mixed:pmd=33.3333%,pte=66.6667%/pmd,pte,pte/lazy=on/tlb=none"));
	/* The canonical mix parses back to the same ppm. */
	CHECK(!pab_parse_mix("pmd=33.3333%,pte=66.6667%", back, err) && !memcmp(back, ppm, sizeof(ppm)));
	CHECK(!pab_parse_mix("pud=1%,pmd=99%", ppm, err) && pab_mix_pmd_percent(ppm) == -1);
	CHECK(!pab_parse_mix("pmd", ppm, err) && pab_mix_pmd_percent(ppm) == 100);
	/* Older names (journals, result files) canonicalise; other names stay as they are. */
	CHECK(!strcmp(pab_name_canonical("walk/2MiB/mixed:pte=100%/runs/lazy=on/tlb=none", buf, sizeof(buf)),
		      "walk/2MiB/mixed:pte/runs/lazy=on/tlb=none"));
	CHECK(!strcmp(pab_name_canonical("apply/2MiB/mixed:pte=0.5,pmd=0.5/interleave/lazy=batch=08/tlb=none",
					 buf, sizeof(buf)),
		      "apply/2MiB/mixed:pmd=50%,pte=50%/interleave/lazy=batch=8/tlb=none"));
	CHECK(!strcmp(pab_name_canonical("walk/2MiB/mixed:pte/pmd,pte,pte/lazy=on/tlb=none", buf, sizeof(buf)),
		      "walk/2MiB/mixed:pmd=33.3333%,pte=66.6667%/pmd,pte,pte/lazy=on/tlb=none"));
	CHECK(!strcmp(pab_name_canonical("set-memory/4MiB/vmalloc:as the kernel maps it/-/lazy=off/tlb=none",
					 buf, sizeof(buf)),
		      "set-memory/4MiB/vmalloc:as the kernel maps it/-/lazy=off/tlb=none"));
	CHECK(!strcmp(pab_name_canonical("shifted", buf, sizeof(buf)), "shifted"));
	CHECK(!strcmp(pab_name_canonical("frob/2MiB/mixed:pte/runs/lazy=on/tlb=none", buf, sizeof(buf)),
		      "frob/2MiB/mixed:pte/runs/lazy=on/tlb=none"));
	/* A canonical name is its own canonical form. */
	name_of("pte=0.25,pmd=0.75", "interleave", "batch=64", buf, sizeof(buf));
	CHECK(!strcmp(pab_name_canonical(buf, buf2, sizeof(buf2)), buf));
	/*
	 * A sweep: two spellings of one mix or batch are one configuration (one
	 * name, what --resume keys on), run once; so are mixes under a pattern.
	 */
	{
		struct pab_spec s;
		struct pab_config *cfgs = NULL;
		size_t n = 0;

		pab_spec_init(&s);
		CHECK(!pab_spec_line(&s, "mixes = pte; pte=100%; pmd", "t", err, sizeof(err)));
		CHECK(!pab_spec_line(&s, "lazy = batch=8 batch=008", "t", err, sizeof(err)));
		CHECK(!pab_spec_expand(&s, &cfgs, &n, err, sizeof(err)) && n == 2);
		if (n == 2) {
			CHECK(!strcmp(cfgs[0].mix_text, "pte") && !strcmp(cfgs[0].lazy_text, "batch=8"));
			CHECK(!strcmp(cfgs[1].mix_text, "pmd") && !strcmp(cfgs[1].lazy_text, "batch=8"));
		}
		free(cfgs);
		pab_spec_free(&s);
		pab_spec_init(&s);
		CHECK(!pab_spec_line(&s, "mixes = pte; pmd=50%,pte=50%", "t", err, sizeof(err)));
		CHECK(!pab_spec_line(&s, "layouts = pmd,pte,pte runs", "t", err, sizeof(err)));
		CHECK(!pab_spec_expand(&s, &cfgs, &n, err, sizeof(err)) && n == 3);
		free(cfgs);
		pab_spec_free(&s);
	}
	/*
	 * Cold calls (PAB_RUN_COLD) are another configuration: "/cold" ends
	 * the name, only when set, so hot names are the same as before; the
	 * suffix parses back, after a toggle too.
	 */
	{
		struct pab_config cfg;
		struct pab_key k;

		pab_config_init(&cfg);
		pab_config_name(&cfg, buf, sizeof(buf));
		CHECK(!strcmp(buf, "walk-lockless/2MiB/mixed:pte/runs/lazy=on/tlb=none"));
		cfg.run.flags |= PAB_RUN_COLD;
		pab_config_name(&cfg, buf, sizeof(buf));
		CHECK(!strcmp(buf, "walk-lockless/2MiB/mixed:pte/runs/lazy=on/tlb=none/cold"));
		CHECK(!pab_key_parse(buf, &k) && k.cold && k.tlb == PAB_TLB_NONE && !k.toggle);
		CHECK(!pab_key_parse("walk-lockless/2MiB/mixed:pte/runs/lazy=on/tlb=none", &k) && !k.cold);
		CHECK(!strcmp(pab_name_canonical("walk/2MiB/mixed:pte=100%/runs/lazy=batch=08/tlb=separate/cold",
						 buf, sizeof(buf)),
			      "walk/2MiB/mixed:pte/runs/lazy=batch=8/tlb=separate/cold"));
		CHECK(!pab_key_parse("set-memory-nx/2MiB/vmalloc:as the kernel maps it/-/lazy=native/tlb=none/toggle=exec/cold",
				     &k) && k.cold && k.toggle == PAB_TOGGLE_EXEC && k.tlb == PAB_TLB_NONE);
		pab_key_name(&k, buf, sizeof(buf));
		CHECK(!strcmp(buf, "set-memory-nx/2MiB/vmalloc:as the kernel maps it/-/lazy=native/tlb=none/toggle=exec/cold"));
		/* Not a suffix: no part is named "cold" but the last, and a toggle is not "exec/cold". */
		CHECK(pab_key_parse("walk/2MiB/mixed:pte/runs/lazy=on/tlb=none/cold/toggle=exec", &k));
		CHECK(pab_key_parse("walk/2MiB/mixed:pte/runs/lazy=on/tlb=cold", &k));
	}
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
