// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench run: one configuration, timed in kernel, verified after
 * every call, summarised like hyperfine (median, p5/p95, mean ± sd, per
 * leaf entry).
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "canon.h"
#include "commands.h"
#include "compare.h"
#include "pab_dev.h"
#include "info.h"
#include "parse.h"
#include "pmu.h"
#include "results.h"
#include "run_exec.h"

struct run_opts {
	struct pab_config cfg;
	bool raw;
	const char *out_json, *out_csv;
};

static void usage(FILE *f)
{
	char regions[96], methods[200], lazy[96], tlb[96], toggles[40], dr[40], dl[40], dt[40], dm[120], dy[120], irqs[96] = "";
	uint32_t half[PAB_LVL_NR] = { [PAB_LVL_PTE] = PAB_PPM / 2, [PAB_LVL_PMD] = PAB_PPM / 2 };
	char mixed[64], pat[64];
	const uint8_t pattern[] = { PAB_LVL_PMD, PAB_LVL_PTE, PAB_LVL_PTE };
	struct pab_config d;
	size_t off = 0;

	/* The defaults as pab_config_init sets them; IRQs off: the methods that never sleep. */
	pab_config_init(&d);
	snprintf(dr, sizeof(dr), "[%s]", pab_vocab_name(&pab_region_kinds, d.rc.kind));
	snprintf(dl, sizeof(dl), "[%s]", d.lazy_text);
	snprintf(dt, sizeof(dt), "[%s]", d.tlb_text);
	snprintf(dm, sizeof(dm), "e.g. %s | %s | %s", pab_level_name(PAB_LVL_PTE),
		 pab_level_name(PAB_LVL_PMD), pab_format_mix(half, mixed, sizeof(mixed)));
	snprintf(dy, sizeof(dy), "%s | %s | a pattern like %s",
		 pab_vocab_name(&pab_layouts, PAB_LAYOUT_RUNS), pab_vocab_name(&pab_layouts, PAB_LAYOUT_INTERLEAVE),
		 pab_format_layout(PAB_LAYOUT_PATTERN, pattern, 3, pat, sizeof(pat)));
	for (unsigned int m = 0; m < PAB_METHOD_NR; m++)
		if (!(pab_method_flags((m + 1) % PAB_METHOD_NR) & PAB_MF_SLEEPS) && off < sizeof(irqs))
			off += (size_t)snprintf(irqs + off, sizeof(irqs) - off, "%s%s", off ? ", " : "",
						pab_method_name((m + 1) % PAB_METHOD_NR));

	pab_vocab_join(&pab_region_kinds, " | ", " | ", regions, sizeof(regions));
	pab_method_join(" | ", " | ", methods, sizeof(methods));
	pab_vocab_join(&pab_lazy_modes, " | ", " | ", lazy, sizeof(lazy));
	pab_vocab_join(&pab_tlb_modes, " | ", " | ", tlb, sizeof(tlb));
	pab_vocab_join(&pab_toggles, " | ", " | ", toggles, sizeof(toggles));
	fprintf(f,
		"usage: pageattr-bench run [options]\n"
		"Time one update path on one region, in kernel, verifying every call.\n\n"
		"Region:\n"
		"  -s, --size SIZE          region size (bytes, K, M, G, T)          [2M]\n"
		"      --region KIND        %-42s%s\n"
		"      --mix MIX            levels and shares, %s  [%s]\n"
		"      --layout LAYOUT      %s  [%s]\n"
		"      --offset SIZE        change only from this offset               [0]\n"
		"      --length SIZE        ... for this many bytes                     [to the end]\n"
		"Call:\n"
		"  -m, --method METHOD      %s\n"
		"                           [%s, or %s where the kernel lacks it]\n"
		"      --lazy MODE          %-42s%s\n"
		"      --tlb MODE           %-43s%s\n"
		"                           (whole kernel paths, pageattr-* and set-memory-nx/-prologue:\n"
		"                           their own lazy MMU handling and flush, so native and none)\n"
		"      --toggle WHAT        %-43s[rw]\n"
		"                           permission the calls flip (set-memory-nx: exec)\n"
		"  -n, --iterations N       timed calls                                [100]\n"
		"  -w, --warmup N           untimed calls first                        [10]\n"
		"  -c, --cpu N              run on CPU N                               [current]\n"
		"      --irqs-off           IRQs off around each call (%s;\n"
		"                           x86: not with --tlb included, its flush is an IPI)\n"
		"      --verify WHEN        every | end                                [every]\n"
		"      --cold               before each call, outside the window: evict the caches\n"
		"                           (read the module's cold_evict_mb) and flush the TLB\n"
		"  -e, --events LIST        PMU events per call, kernel mode (libpfm4 names, cycles,\n"
		"                           instructions, rHEX, or 'default'); the null method's\n"
		"                           counts are measured too and subtracted\n"
		"      --keep-irq-samples   keep the calls an interrupt hit in the statistics\n"
		"                           [excluded]\n"
		"      --raw                also print every sample (ns, ticks, null, irq, counts)\n"
		"  -o, --output FILE        write the result file (JSON, see README)\n"
		"      --csv FILE           write the one-row CSV table\n", regions, dr, dm, d.mix_text, dy, d.layout_text, methods,
		pab_method_name(d.run.method), pab_method_name(PAB_METHOD_WALK), lazy, dl, tlb, dt, toggles, irqs);
}

static int parse_args(int argc, char **argv, struct run_opts *o)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "region", required_argument, NULL, 'R' },
		{ "mix", required_argument, NULL, 'X' },
		{ "layout", required_argument, NULL, 'L' },
		{ "offset", required_argument, NULL, 'O' },
		{ "length", required_argument, NULL, 'l' },
		{ "method", required_argument, NULL, 'm' },
		{ "lazy", required_argument, NULL, 'z' },
		{ "tlb", required_argument, NULL, 't' },
		{ "toggle", required_argument, NULL, 'T' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "irqs-off", no_argument, NULL, 'I' },
		{ "verify", required_argument, NULL, 'V' },
		{ "cold", no_argument, NULL, 'Q' },
		{ "raw", no_argument, NULL, 'r' },
		{ "keep-irq-samples", no_argument, NULL, 'K' },
		{ "events", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
		{ "csv", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char err[PAB_ERRLEN], choices[160];
	uint64_t v;
	int c, m;

	memset(o, 0, sizeof(*o));
	pab_config_init(&o->cfg);
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:m:n:w:c:e:o:h", opts, NULL)) != -1) {
		err[0] = '\0';
		switch (c) {
		case 's':
			if (pab_parse_size(optarg, &v, err)) goto bad;
			o->cfg.rc.bytes = v;
			break;
		case 'R':
			if (pab_parse_region_kind(optarg, &o->cfg.rc.kind, err)) goto bad;
			break;
		case 'X':
			if (pab_parse_mix(optarg, o->cfg.rc.mix_ppm, err)) goto bad;
			break;
		case 'L':
			if (pab_parse_layout(optarg, &o->cfg.rc.layout, o->cfg.rc.pattern, &o->cfg.rc.pattern_len, err))
				goto bad;
			break;
		case 'O':
			if (!strcmp(optarg, "0")) { o->cfg.run.offset = 0; break; }
			if (pab_parse_size(optarg, &v, err)) goto bad;
			o->cfg.run.offset = v;
			break;
		case 'l':
			if (pab_parse_size(optarg, &v, err)) goto bad;
			o->cfg.run.length = v;
			break;
		case 'm':
			m = pab_method_parse(optarg);
			if (m < 0) {
				snprintf(err, sizeof(err), "method '%s': use %s", optarg,
					 pab_method_choices(choices, sizeof(choices)));
				goto bad;
			}
			o->cfg.run.method = (uint32_t)m;
			o->cfg.method_given = true;
			break;
		case 'z':
			if (pab_parse_lazy(optarg, &o->cfg.run.lazy, &o->cfg.run.batch, err)) goto bad;
			o->cfg.lazy_given = true;
			break;
		case 't':
			if (pab_parse_tlb(optarg, &o->cfg.run.tlb, err)) goto bad;
			o->cfg.tlb_given = true;
			break;
		case 'T':
			if (pab_parse_toggle(optarg, &o->cfg.run.toggle, err)) goto bad;
			o->cfg.toggle_given = true;
			break;
		case 'n':
			if (pab_parse_uint(optarg, "iterations", 1, PAB_MAX_ITERATIONS, &v, err)) goto bad;
			o->cfg.run.iterations = (uint32_t)v;
			break;
		case 'w':
			if (pab_parse_uint(optarg, "warmup", 0, PAB_MAX_WARMUP, &v, err)) goto bad;
			o->cfg.run.warmup = (uint32_t)v;
			break;
		case 'c':
			if (pab_parse_uint(optarg, "cpu", 0, 65535, &v, err)) goto bad;
			o->cfg.run.cpu = (uint32_t)v;
			break;
		case 'I':
			o->cfg.run.flags |= PAB_RUN_IRQS_OFF;
			break;
		case 'V':
			if (pab_parse_verify(optarg, &o->cfg.run.flags, err)) goto bad;
			break;
		case 'Q':
			o->cfg.run.flags |= PAB_RUN_COLD;
			break;
		case 'r':
			o->raw = true;
			break;
		case 'K':
			o->cfg.keep_irq = true;
			break;
		case 'e':
			if (pab_pmu_encode(optarg, &o->cfg.ev, err, sizeof(err))) goto bad;
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
	/* The module cannot tell "rw" from no toggle: the kernel's entry points bring their own. */
	if (o->cfg.toggle_given && pab_method_flags(o->cfg.run.method) & PAB_MF_KERNEL &&
	    !(pab_method_flags(o->cfg.run.method) & PAB_MF_EXEC) != (o->cfg.run.toggle == PAB_TOGGLE_RW)) {
		bool exec = pab_method_flags(o->cfg.run.method) & PAB_MF_EXEC;

		snprintf(err, sizeof(err), "%s toggles %s permission only: --toggle %s",
			 pab_method_name(o->cfg.run.method), exec ? "execute" : "write",
			 exec ? "exec" : "rw");
		goto bad;
	}
	if (o->cfg.rc.layout == PAB_LAYOUT_PATTERN)
		memset(o->cfg.rc.mix_ppm, 0, sizeof(o->cfg.rc.mix_ppm));
	pab_config_canon(&o->cfg);
#if defined(__x86_64__)
	/* The module refuses it too (pab_request_check): said here before a region is made. */
	if (o->cfg.run.flags & PAB_RUN_IRQS_OFF && o->cfg.run.tlb == PAB_TLB_INCLUDED) {
		snprintf(err, sizeof(err), "--irqs-off with --tlb included: x86 flushes kernel TLBs by IPI, which must not run with IRQs off; use --tlb separate or none");
		goto bad;
	}
#endif
	return 0;
bad:
	fprintf(stderr, "pageattr-bench run: %s\n", err);
	return -1;
}

/* info: what pab_info_gather gave, NULL when it failed (dev->err says why). */
static int write_outputs(const struct run_opts *o, struct pab_dev *dev, int argc, char **argv,
			 const struct pab_result *res, const struct pab_info_all *info)
{
	char err[512], *cmd = NULL, *rec = NULL;
	int ret = -1;
	FILE *f;

	if (o->out_csv) {
		f = fopen(o->out_csv, "w");
		if (!f) {
			fprintf(stderr, "pageattr-bench run: cannot write %s: %s\n", o->out_csv, strerror(errno));
			return -1;
		}
		pab_csv_header(f, &o->cfg);
		pab_csv_row(f, &o->cfg, res);
		if (ferror(f) | fclose(f)) {
			fprintf(stderr, "pageattr-bench run: writing %s failed: %s\n", o->out_csv, strerror(errno));
			return -1;
		}
	}
	if (!o->out_json)
		return 0;
	if (!info) {
		fprintf(stderr, "pageattr-bench run: %s\n", dev->err);
		return -1;
	}
	cmd = pab_command_line(argc, argv);
	rec = pab_record_line(&o->cfg, res);
	if (!cmd || !rec) {
		fprintf(stderr, "pageattr-bench run: cannot format the record for %s: out of memory\n", o->out_json);
		goto out;
	}
	if (pab_results_save(o->out_json, cmd, info, &rec, 1, true, err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench run: %s\n", err);
		goto out;
	}
	ret = 0;
out:
	free(cmd);
	free(rec);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct pab_info_all info = { 0 };
	struct pab_result res;
	struct run_opts o;
	struct pab_dev dev;
	int ret = parse_args(argc, argv, &o), status = PAB_EXIT_OK;
	bool have_info;

	if (ret)
		return ret > 0 ? PAB_EXIT_OK : PAB_EXIT_USAGE;
	if (pab_dev_open(&dev)) {
		fprintf(stderr, "pageattr-bench: %s\n", dev.err);
		return PAB_EXIT_ENV;
	}
	if (pab_exec(&dev, &o.cfg, &res)) {
		fprintf(stderr, "pageattr-bench run: %s\n", res.errmsg);
		status = PAB_EXIT_FAIL;
	}
	/* After the timed calls: the machine (result file, emulated-CPU notice). */
	have_info = !pab_info_gather(&dev, &info);
	if (res.region_made && res.run.completed) {
		pab_print_summary(stdout, &o.cfg, &res);
		if (have_info && info.emulated)
			printf("  %-10s%s\n", "note:", PAB_EMULATED_NOTE);
	}
	if (o.raw)
		for (uint32_t i = 0; i < res.run.completed; i++) {
			printf("sample %u %llu ns %llu ticks %llu null_ns %llu irq", i,
			       (unsigned long long)res.ns[i], (unsigned long long)res.ticks[i],
			       (unsigned long long)res.null_ns[i], (unsigned long long)res.irq[i]);
			for (unsigned int e = 0; e < o.cfg.ev.n; e++)
				printf(" %s=%llu", o.cfg.ev.name[e],
				       (unsigned long long)res.counts[(size_t)i * o.cfg.ev.n + e]);
			putchar('\n');
		}
	if (write_outputs(&o, &dev, argc + 1, argv - 1, &res, have_info ? &info : NULL))
		status = PAB_EXIT_FAIL;
	pab_info_free(&info);
	pab_result_free(&res);
	pab_dev_close(&dev);
	return status;
}
