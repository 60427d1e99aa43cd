// SPDX-License-Identifier: GPL-2.0
/*
 * pab-gen-results: a schema-1 result file of synthetic calls, for the
 * statistics benchmark (tests/bench/stats_scale.sh) and tests that need more
 * samples than tests/lib.sh writes in shell.
 *
 *   pab-gen-results OUT.json CONFIGS SAMPLES [SCALE [SEED [TEXT]]]
 *
 * CONFIGS records ("walk-lockless/SIZE/mixed:pte/runs/lazy=batch=N/tlb=none",
 * ten batch sizes N = 1, 2, 4 .. 512 per SIZE = 4 KiB, 8 KiB, ..., so 'tune'
 * groups them by ten), each with SAMPLES calls: ns around
 * 10000 * SCALE plus a skewed noise of a few hundred ns, the null window
 * around 1000, one call in 1000 hit by an interrupt (3x as long). Same
 * arguments, same file. With TEXT, every ns sample (undisturbed calls, all
 * records) is also written one per line, as ministat reads them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void array(FILE *f, const char *key, const uint64_t *v, size_t n, int comma)
{
	fprintf(f, "\"%s\": [", key);
	for (size_t i = 0; i < n; i++)
		fprintf(f, i ? ",%llu" : "%llu", (unsigned long long)v[i]);
	fprintf(f, "]%s", comma ? ", " : "");
}

int main(int argc, char **argv)
{
	FILE *f, *txt = NULL;
	size_t configs, n;
	double scale;
	uint64_t seed, *ns, *null, *irq;

	if (argc < 4 || argc > 7) {
		fprintf(stderr, "usage: pab-gen-results OUT.json CONFIGS SAMPLES [SCALE [SEED [TEXT]]]\n");
		return 2;
	}
	configs = strtoull(argv[2], NULL, 0);
	n = strtoull(argv[3], NULL, 0);
	scale = argc > 4 ? strtod(argv[4], NULL) : 1.0;
	seed = (argc > 5 ? strtoull(argv[5], NULL, 0) : 1) * 0x9e3779b97f4a7c15ULL | 1;
	f = fopen(argv[1], "w");
	if (argc > 6)
		txt = fopen(argv[6], "w");
	ns = malloc(n * sizeof(*ns));
	null = malloc(n * sizeof(*null));
	irq = malloc(n * sizeof(*irq));
	if (!f || (argc > 6 && !txt) || !ns || !null || !irq || !configs || !n) {
		fprintf(stderr, "pab-gen-results: cannot write %s (or bad CONFIGS/SAMPLES)\n", argv[1]);
		return 1;
	}
	fprintf(f, "{\"pageattr-bench version\": \"gen\", \"schema_version\": 1, \"command\": \"pab-gen-results\", \"machine\": {\"kernel\": {\"release\": \"synthetic\", \"arch\": \"arm64\", \"page_size\": 4096}}, \"results\": [\n");
	for (size_t c = 0; c < configs; c++) {
		uint64_t hits = 0;
		size_t batch = (size_t)1 << (c % 10);	/* ten batch sizes per range size */

		for (size_t i = 0; i < n; i++) {
			uint64_t r = rng(&seed);
			/* noise: the minimum of two uniforms times 600, plus a rare tail */
			uint64_t u1 = r & 0xffff, u2 = (r >> 16) & 0xffff, tail = (r >> 32) % 100 == 0;
			double noise = (double)(u1 < u2 ? u1 : u2) / 65536.0 * 600 + (double)tail * 2000;

			ns[i] = (uint64_t)(10000 * scale + noise);
			null[i] = 1000 + (r >> 40) % 50;
			irq[i] = (r >> 48) % 1000 == 0;
			if (irq[i]) {
				ns[i] *= 3;
				hits++;
			} else if (txt) {
				fprintf(txt, "%llu\n", (unsigned long long)ns[i]);
			}
		}
		fprintf(f, "%s{\"name\": \"walk-lockless/%zuKiB/mixed:pte/runs/lazy=batch=%zu/tlb=none\", \"status\": \"ok\", \"config\": {\"method\": \"walk-lockless\", \"region\": \"mixed\", \"mix\": \"pte\", \"layout\": \"runs\", \"lazy\": \"batch=%zu\", \"batch\": %zu, \"tlb\": \"none\", \"bytes\": %zu, \"iterations\": %zu}, \"run\": {\"completed\": %zu, \"entries_per_call\": %zu, \"irq_hit_calls\": %llu}, \"ns\": {\"median\": 0, \"p5\": 0, \"p95\": 0, \"mean\": 0, \"stddev\": 0}, \"keep_irq_samples\": false, \"samples\": {",
			c ? ",\n" : "", 4 * (c / 10 + 1), batch, batch, batch, 4096 * (c / 10 + 1), n, n, c / 10 + 1,
			(unsigned long long)hits);
		array(f, "ns", ns, n, 1);
		array(f, "null_ns", null, n, 1);
		array(f, "irq", irq, n, 0);
		fprintf(f, "}}");
	}
	fprintf(f, "\n]}\n");
	free(ns);
	free(null);
	free(irq);
	if ((txt && fclose(txt)) || fclose(f)) {
		fprintf(stderr, "pab-gen-results: write error\n");
		return 1;
	}
	return 0;
}
