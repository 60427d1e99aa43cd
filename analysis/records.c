// SPDX-License-Identifier: GPL-2.0
/* What the analysis asks of a record read back (results_reader.h); no jansson. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "results_reader.h"

double *pab_rec_samples(const struct pab_rec *r)
{
	double *v = malloc((r->nsamples ? r->nsamples : 1) * sizeof(*v));

	for (size_t i = 0; v && i < r->nsamples; i++)
		v[i] = (double)r->samples_ns[i];
	return v;
}

unsigned int pab_rec_method_flags(const struct pab_rec *r)
{
	return r->method_id >= 0 ? pab_method_flags((unsigned int)r->method_id) : 0;
}

int pab_rec_pmd_percent(const struct pab_rec *r)
{
	return r->have_mix ? pab_mix_pmd_percent(r->mix_ppm) : -1;
}

bool pab_rec_is_old_path(const struct pab_rec *r)
{
	/* apply: the one method that neither walks nor is a baseline or the kernel's own */
	return r->method_id == PAB_METHOD_APPLY && r->have_mix && r->mix_ppm[PAB_LVL_PTE] == PAB_PPM &&
	       r->lazy_id == PAB_LAZY_ON;
}

const char *pab_rec_method_name(const struct pab_rec *r)
{
	const char *n = r->method_id >= 0 ? pab_method_name((unsigned int)r->method_id) : NULL;

	return n ? n : r->method;
}

void pab_rec_group_key(const struct pab_rec *r, char *buf, size_t len)
{
	const char *tlb = r->tlb_id >= 0 ? pab_vocab_name(&pab_tlb_modes, (unsigned int)r->tlb_id) : r->tlb;
	char mix[96];

	/* Hot and cold calls never group together (tune, the lazy plots). */
	snprintf(buf, len, "%s/%llu/%s/%s/%s%s", pab_rec_method_name(r), (unsigned long long)r->bytes,
		 r->have_mix ? pab_format_mix(r->mix_ppm, mix, sizeof(mix)) : r->mix,
		 r->layout_key ? r->layout_key : r->layout, tlb, r->cold ? PAB_NAME_COLD : "");
}
