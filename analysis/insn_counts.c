// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "insn_counts.h"
#include "stats.h"

/* One window line into *c; false if it is not one. */
static bool parse_line(char *line, uint64_t *run, unsigned int *vcpu, struct pab_icount *c)
{
	char *tok, *save = NULL;
	int n;

	memset(c, 0, sizeof(*c));
	if (sscanf(line, "%" SCNu64 " %u %*u %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
		   " %" SCNu64 " %" SCNu64 "%n", run, vcpu, &c->insns, &c->dsb, &c->dsb_ishst, &c->dsb_ish,
		   &c->dmb, &c->isb, &c->tlbi, &n) != 9)
		return false;
	for (tok = strtok_r(line + n, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq || c->nops == PAB_ICOUNT_MAX_OPS || (size_t)(eq - tok) >= sizeof(c->op_name[0]))
			return false;
		memcpy(c->op_name[c->nops], tok, (size_t)(eq - tok));
		c->op_name[c->nops][eq - tok] = '\0';
		c->op_n[c->nops++] = strtoull(eq + 1, NULL, 10);
	}
	return true;
}

static bool same(const struct pab_icount *a, const struct pab_icount *b)
{
#define PAB_ICOUNT_SAME(f, label)	a->f == b->f &&
	if (!(PAB_ICOUNT_FIELDS(PAB_ICOUNT_SAME) a->nops == b->nops))
		return false;
	for (unsigned int k = 0; k < a->nops; k++)
		if (strcmp(a->op_name[k], b->op_name[k]) || a->op_n[k] != b->op_n[k])
			return false;
	return true;
}

/*
 * The undisturbed call: the one with the fewest instructions. Repeated calls
 * on one region execute one path; an interrupt landing in a window only adds
 * (its handler's instructions, barriers and TLBIs), so the fewest is the
 * path's own, and all of its counts come from that one call (per-field
 * medians mixed calls: a 16 MiB set_memory_ro/rw, long enough for most calls
 * to meet the tick, showed 8194 DSB ISHST but 8199 ISB).
 */
static int summarise(struct pab_icount_run *r)
{
	size_t best = 0;

	for (size_t i = 1; i < r->ncalls; i++)
		if (r->calls[i].insns < r->calls[best].insns)
			best = i;
	r->undisturbed = r->calls[best];
	r->nundisturbed = 0;
	for (size_t i = 0; i < r->ncalls; i++)
		r->nundisturbed += same(&r->calls[best], &r->calls[i]);
	r->exact = r->nundisturbed == r->ncalls;
	return 0;
}

int pab_icounts_load(const char *path, struct pab_icount_run **runs, size_t *nruns, char *err,
		     size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t lineno = 0, cap = 0;
	struct pab_icount_run *rs = NULL;
	size_t n = 0;

	*runs = NULL;
	*nruns = 0;
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct pab_icount c;
		uint64_t run;
		unsigned int vcpu;
		struct pab_icount_run *r;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!parse_line(line, &run, &vcpu, &c)) {
			snprintf(err, errlen, "%s:%zu: not a plugin line (run vcpu call insns dsb dsb_ishst dsb_ish dmb isb tlbi [OP=N...])",
				 path, lineno);
			goto fail;
		}
		if (!n || rs[n - 1].run != run || rs[n - 1].vcpu != vcpu) {
			if (n == cap) {
				struct pab_icount_run *nr = realloc(rs, (cap = cap ? 2 * cap : 16) * sizeof(*nr));

				if (!nr)
					goto nomem;
				rs = nr;
			}
			rs[n++] = (struct pab_icount_run){ .run = run, .vcpu = vcpu };
		}
		r = &rs[n - 1];
		if (!(r->ncalls & (r->ncalls + 1)) || !r->calls) {
			/* capacity doubles at 1, 2, 4, ...: ncalls + 1 a power of two */
			struct pab_icount *nc = realloc(r->calls, (2 * r->ncalls + 1) * sizeof(*nc));

			if (!nc)
				goto nomem;
			r->calls = nc;
		}
		r->calls[r->ncalls++] = c;
	}
	fclose(f);
	for (size_t i = 0; i < n; i++)
		if (summarise(&rs[i])) {
			pab_icounts_free(rs, n);
			snprintf(err, errlen, "%s: out of memory", path);
			return -1;
		}
	*runs = rs;
	*nruns = n;
	return 0;
nomem:
	snprintf(err, errlen, "%s: out of memory", path);
fail:
	fclose(f);
	pab_icounts_free(rs, n);
	return -1;
}

void pab_icounts_free(struct pab_icount_run *runs, size_t nruns)
{
	for (size_t i = 0; i < nruns; i++)
		free(runs[i].calls);
	free(runs);
}
