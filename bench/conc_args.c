// SPDX-License-Identifier: GPL-2.0
/* The command line of 'pageattr-bench concurrent': lists of layouts, methods, lazy modes, locks, threads. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "conc_args.h"
#include "parse.h"


/* "a,b,c" of names through parse_one, or numbers with ranges "1..8". */
static int parse_list(const char *s, const char *what, const char *accepted,
		      int (*parse_one)(const char *), uint32_t *out, uint32_t *n, char *err)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", s);
	*n = 0;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int v = parse_one(t);

		if (v < 0) {
			snprintf(err, PAB_ERRLEN, "%s '%s': use %s", what, t, accepted);
			return -1;
		}
		if (*n == MAXV) {
			snprintf(err, PAB_ERRLEN, "at most %d %s values", MAXV, what);
			return -1;
		}
		out[(*n)++] = (uint32_t)v;
	}
	if (!*n) {
		snprintf(err, PAB_ERRLEN, "empty %s list", what);
		return -1;
	}
	return 0;
}

/* Lazy MMU off or one section around the call: the modes whose runs race. */
static const uint32_t conc_lazies[] = { PAB_LAZY_OFF, PAB_LAZY_ON };
static const uint32_t conc_methods[] = PAB_METHOD_PAIR;

static int parse_lazy_one(const char *s)
{
	int v = pab_vocab_parse(&pab_lazy_modes, s);

	for (size_t i = 0; i < sizeof(conc_lazies) / sizeof(conc_lazies[0]); i++)
		if (v == (int)conc_lazies[i])
			return v;
	return -1;
}

static int parse_lock_one(const char *s)
{
	return pab_vocab_parse(&pab_conc_locks, s);
}

/* The accepted words for each list, from the vocabularies. */
struct choices {
	char layouts[160], methods[160], lazies[64], locks[64];
};

static void fill_choices(struct choices *c)
{
	pab_vocab_choices(&pab_conc_layouts, c->layouts, sizeof(c->layouts));
	pab_method_choices(c->methods, sizeof(c->methods));
	snprintf(c->lazies, sizeof(c->lazies), "%s or %s", pab_vocab_name(&pab_lazy_modes, conc_lazies[0]),
		 pab_vocab_name(&pab_lazy_modes, conc_lazies[1]));
	pab_vocab_choices(&pab_conc_locks, c->locks, sizeof(c->locks));
}

/* Defaults: every layout but vmalloc (set-memory's, not in the default pair), the pair, both lazies, every lock. */
static void set_defaults(struct conc_opts *o)
{
	for (unsigned int l = 0; l < CONC_NR; l++)
		if (l != CONC_VMALLOC)
			o->layouts[o->nlayouts++] = l;
	for (size_t i = 0; i < sizeof(conc_methods) / sizeof(conc_methods[0]); i++)
		o->methods[o->nmethods++] = conc_methods[i];
	for (size_t i = 0; i < sizeof(conc_lazies) / sizeof(conc_lazies[0]); i++)
		o->lazies[o->nlazies++] = conc_lazies[i];
	for (unsigned int k = 0; k < pab_conc_locks.n; k++)
		o->locks[o->nlocks++] = pab_conc_locks.words[k].value;
}

static int parse_threads(const char *s, struct conc_opts *o, char *err)
{
	char buf[256], *save = NULL, *dots;
	uint64_t a, b;

	snprintf(buf, sizeof(buf), "%s", s);
	o->nthreads = 0;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		dots = strstr(t, "..");
		if (dots)
			*dots = '\0';
		if (pab_parse_uint(t, "threads", 1, PAB_MAX_THREADS, &a, err))
			return -1;
		b = a;
		if (dots && pab_parse_uint(dots + 2, "threads", a, PAB_MAX_THREADS, &b, err))
			return -1;
		for (uint64_t k = a; k <= b; k++) {
			if (o->nthreads == MAXV) {
				snprintf(err, PAB_ERRLEN, "at most %d thread counts", MAXV);
				return -1;
			}
			o->threads[o->nthreads++] = (uint32_t)k;
		}
	}
	if (!o->nthreads) {
		snprintf(err, PAB_ERRLEN, "empty thread list");
		return -1;
	}
	return 0;
}

/* "a,b" of values in vocabulary V. */
static const char *join_sep(const struct pab_vocab *v, const uint32_t *vals, uint32_t n,
			    const char *sep, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? sep : "", pab_vocab_name(v, vals[i]));
	return buf;
}
#define join(v, vals, n, buf, len) join_sep(v, vals, n, ",", buf, len)

static void usage(FILE *f)
{
	char layouts[160], dlay[160], methods[96], dmeth[64], lazies[32], dlazy[32], locks[32], dlock[32];
	struct conc_opts d = { 0 };

	set_defaults(&d);
	pab_vocab_join(&pab_conc_layouts, ", ", ", ", layouts, sizeof(layouts));
	pab_method_join(", ", ", ", methods, sizeof(methods));
	pab_vocab_join(&pab_conc_locks, ", ", ", ", locks, sizeof(locks));
	join_sep(&pab_lazy_modes, d.lazies, d.nlazies, ", ", lazies, sizeof(lazies));
	fprintf(f,
		"usage: pageattr-bench concurrent [options]\n"
		"K kernel threads change permissions at once, each on its own range: throughput\n"
		"scaling, cost of a global cpa_lock-style mutex, and every entry verified.\n\n"
		"  -t, --threads LIST    thread counts: 1,2,4 or 1..8              [1..online CPUs]\n"
		"      --layout LIST     %s\n"
		"                        (%s must be refused)  [%s]\n"
		"  -m, --method LIST     %s  [%s]\n"
		"      --lazy LIST       %-42s [%s]\n"
		"      --lock LIST       %-42s [%s]\n"
		"      --entries N       leaf entries per thread (PMD blocks in blocks) [64]\n"
		"  -n, --iterations N    timed calls per thread                     [200]\n"
		"  -w, --warmup N        untimed calls per thread first             [10]\n"
		"      --verify WHEN     every | end                                [every]\n"
		"  -o, --output FILE     write the results (JSON, see README)\n"
		"      --csv FILE        write the table as CSV\n", layouts, conc_layout_name(CONC_STRADDLE),
		join(&pab_conc_layouts, d.layouts, d.nlayouts, dlay, sizeof(dlay)), methods,
		join(&pab_methods, d.methods, d.nmethods, dmeth, sizeof(dmeth)), lazies,
		join(&pab_lazy_modes, d.lazies, d.nlazies, dlazy, sizeof(dlazy)), locks,
		join(&pab_conc_locks, d.locks, d.nlocks, dlock, sizeof(dlock)));
}

int conc_parse_args(int argc, char **argv, struct conc_opts *o)
{
	static const struct option opts[] = {
		{ "threads", required_argument, NULL, 't' },
		{ "layout", required_argument, NULL, 'L' },
		{ "method", required_argument, NULL, 'm' },
		{ "lazy", required_argument, NULL, 'z' },
		{ "lock", required_argument, NULL, 'k' },
		{ "entries", required_argument, NULL, 'E' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "verify", required_argument, NULL, 'V' },
		{ "output", required_argument, NULL, 'o' },
		{ "csv", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PAB_ERRLEN] = "";
	struct choices ch;
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->entries = 64;
	o->iterations = 200;
	o->warmup = 10;
	set_defaults(o);
	fill_choices(&ch);
	optind = 1;
	while ((c = getopt_long(argc, argv, "t:m:n:w:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (parse_threads(optarg, o, err)) goto bad;
			break;
		case 'L':
			if (parse_list(optarg, "layout", ch.layouts, conc_layout_parse, o->layouts, &o->nlayouts, err))
				goto bad;
			break;
		case 'm':
			if (parse_list(optarg, "method", ch.methods, pab_method_parse, o->methods, &o->nmethods, err))
				goto bad;
			o->methods_given = true;
			break;
		case 'z':
			if (parse_list(optarg, "lazy mode", ch.lazies, parse_lazy_one, o->lazies,
				       &o->nlazies, err))
				goto bad;
			break;
		case 'k':
			if (parse_list(optarg, "lock", ch.locks, parse_lock_one, o->locks, &o->nlocks, err))
				goto bad;
			break;
		case 'E':
			if (pab_parse_uint(optarg, "entries", 1, 1 << 20, &v, err)) goto bad;
			o->entries = (uint32_t)v;
			break;
		case 'n':
			if (pab_parse_uint(optarg, "iterations", 1, PAB_MAX_ITERATIONS, &v, err)) goto bad;
			o->iterations = (uint32_t)v;
			break;
		case 'w':
			if (pab_parse_uint(optarg, "warmup", 0, PAB_MAX_WARMUP, &v, err)) goto bad;
			o->warmup = (uint32_t)v;
			break;
		case 'V':
			if (pab_parse_verify(optarg, &o->flags, err)) goto bad;
			break;
		case 'o':
			o->out_json = optarg;
			break;
		case 'C':
			o->out_csv = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			return -1;
		}
	}
	if (pab_parse_no_operands(argc, argv, optind, err))
		goto bad;
	return 0;
bad:
	fprintf(stderr, "pageattr-bench concurrent: %s\n", err);
	return -1;
}
