// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench split-race (also 'concurrent --split-race'): the case x86's
 * cpa_lock exists for, through the kernel's own entry points. K kernel
 * threads own alternate pages of a fresh block per round and change them
 * at once; with BBML2 each change splits the linear map's block or group
 * first (PAB_IOC_SPLIT_RACE). Prints the counts and a verdict that says what
 * was shown; -o writes them as a result file (a "split_race" record).
 *
 * The verdict never says "safe": no split means the race was not exercised,
 * no measured overlap means it was not provoked. --expect-race marks the
 * positive control (a kernel without pgtable_split_lock): there 0
 * inconsistencies means the experiment is too weak, and the exit is 1.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "info.h"
#include "json_writer.h"
#include "parse.h"
#include "results.h"

struct sr_opts {
	struct pab_split_race req;
	const char *out;
	bool expect_race, json;
};

static const char *caller_name(unsigned int c)
{
	const char *n = pab_vocab_name(&pab_split_callers, c);

	return n ? n : "?";
}

static uint64_t inconsistencies(const struct pab_split_race *r)
{
	return r->wrong_valid + r->wrong_pfn + r->wrong_perm + r->cont_broken;
}

/*
 * The one-line verdict, worded by what the counts show: a race shown, a
 * race not exercised (no split), not provoked (no overlap), or the
 * experiment's claim (splits overlapping walks, nothing inconsistent).
 */
static int verdict(const struct sr_opts *o, const struct pab_info_all *info, char *buf, size_t len)
{
	const struct pab_split_race *r = &o->req;
	const char *kernel = info->info.release;
	uint64_t bad = inconsistencies(r);

	if (bad) {
		snprintf(buf, len, "RACE SHOWN on %s%s: %llu inconsistencies (%llu pages with a lost validity change, %llu wrong frames, %llu wrong permissions, %llu half-split contiguous groups) in %llu rounds, the first in round %llu; %llu splits, %llu rounds with a split overlapping another thread's walk",
			 kernel, o->expect_race ? " (the control, without pgtable_split_lock)" : "",
			 (unsigned long long)bad, (unsigned long long)r->wrong_valid,
			 (unsigned long long)r->wrong_pfn, (unsigned long long)r->wrong_perm,
			 (unsigned long long)r->cont_broken, (unsigned long long)r->rounds_done,
			 (unsigned long long)r->first_bad_round, (unsigned long long)r->splits,
			 (unsigned long long)r->overlap_rounds);
		return o->expect_race ? PAB_EXIT_OK : PAB_EXIT_FAIL;
	}
	if (!r->splits) {
		snprintf(buf, len, "race not exercised on %s: no split in %llu rounds (BBML2 %s; the linear map is page-mapped without it), so nothing about a split lock was shown",
			 kernel, (unsigned long long)r->rounds_done,
			 info->info.bbml == PAB_STATE_ON ? "on" : "off or absent");
		return o->expect_race ? PAB_EXIT_FAIL : PAB_EXIT_OK;
	}
	if (o->expect_race) {
		snprintf(buf, len, "the race was not provoked on %s (the control, without pgtable_split_lock): 0 inconsistencies in %llu rounds with %llu splits and %llu overlapping rounds; the experiment is too weak to say anything about the lock",
			 kernel, (unsigned long long)r->rounds_done, (unsigned long long)r->splits,
			 (unsigned long long)r->overlap_rounds);
		return PAB_EXIT_FAIL;
	}
	if (!r->overlap_rounds) {
		snprintf(buf, len, "race not provoked on %s: %llu splits but no split overlapped another thread's walk (%s), 0 inconsistencies",
			 kernel, (unsigned long long)r->splits,
			 r->probes ? "measured" : "the probes could not be armed");
		return PAB_EXIT_OK;
	}
	snprintf(buf, len, "%s, BBML2 on, %u threads: %llu splits, %llu of %llu rounds with a split overlapping another thread's walk in the same block, 0 inconsistencies: callers that own their pages need no global lock for the permission change; the splits are serialised by pgtable_split_lock (the control without it is the test of that lock)",
		 kernel, r->nr_threads, (unsigned long long)r->splits,
		 (unsigned long long)r->overlap_rounds, (unsigned long long)r->rounds_done);
	return PAB_EXIT_OK;
}

static char *record_line(const struct sr_opts *o, const char *verdict_text, int status)
{
	const struct pab_split_race *r = &o->req;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jw w;

	if (!f)
		return NULL;
	jw_init_compact(&w, f);
	jw_object_begin(&w, NULL);
	jw_string(&w, "type", "split_race");
	jw_string(&w, "name", caller_name(r->caller));
	jw_string(&w, "status", inconsistencies(r) ? "raced" : "ok");
	jw_object_begin(&w, "config");
	jw_string(&w, "caller", caller_name(r->caller));
	jw_uint(&w, "threads", r->nr_threads);
	jw_uint(&w, "rounds", r->rounds);
	jw_uint(&w, "slots", r->slots);
	jw_bool(&w, "expect_race", o->expect_race);
	jw_object_end(&w);
	jw_object_begin(&w, "result");
	jw_uint(&w, "block_bytes", r->block_bytes);
	jw_uint(&w, "rounds_done", r->rounds_done);
	jw_uint(&w, "calls", r->calls);
	jw_uint(&w, "call_errors", r->call_errors);
	jw_uint(&w, "splits", r->splits);
	jw_uint(&w, "split_rounds", r->split_rounds);
	jw_bool(&w, "probes", r->probes);
	jw_uint(&w, "overlap_rounds", r->overlap_rounds);
	jw_uint(&w, "overlaps", r->overlaps);
	jw_uint(&w, "wrong_valid", r->wrong_valid);
	jw_uint(&w, "wrong_pfn", r->wrong_pfn);
	jw_uint(&w, "wrong_perm", r->wrong_perm);
	jw_uint(&w, "cont_broken", r->cont_broken);
	jw_uint(&w, "inconsistencies", inconsistencies(r));
	if (r->first_bad_round != ~0ULL)
		jw_uint(&w, "first_bad_round", r->first_bad_round);
	jw_uint(&w, "leaked_pages", r->leaked_pages);
	jw_uint(&w, "stale_blocks", r->stale_blocks);
	jw_object_end(&w);
	jw_string(&w, "verdict", verdict_text);
	jw_bool(&w, "verdict_ok", status == PAB_EXIT_OK);
	jw_object_end(&w);
	fclose(f);
	return buf;
}

static void usage(FILE *f)
{
	char callers[128];

	pab_vocab_join(&pab_split_callers, ", ", " or ", callers, sizeof(callers));
	fprintf(f, "usage: pageattr-bench split-race [-t THREADS] [-r ROUNDS] [--caller KIND]\n"
		   "                                 [--slots N] [--expect-race] [-o FILE] [--json]\n"
		   "K kernel threads own alternate pages of a fresh %s block per round and\n"
		   "change them at once through the kernel's entry points; with BBML2 each change\n"
		   "splits the linear map first. Counts splits, splits overlapping another\n"
		   "thread's walk, and inconsistencies found by reading every entry.\n"
		   "  -t, --threads N   threads, one per CPU (default: every online CPU, 2..%d)\n"
		   "  -r, --rounds N    rounds, a fresh block each, held to the end (default 200, max %d)\n"
		   "      --caller K    %s (default direct-map)\n"
		   "      --slots N     pages per thread per round, spread over the block (default 8, max %d)\n"
		   "      --expect-race the kernel is the positive control (no pgtable_split_lock):\n"
		   "                    0 inconsistencies there is a failure (exit 1)\n"
		   "  -o FILE           write a result file (machine header, one split_race record)\n"
		   "      --json        print the record as JSON instead of text\n",
		   "PMD-sized", PAB_MAX_THREADS, PAB_MAX_SPLIT_ROUNDS, callers, PAB_MAX_SPLIT_SLOTS);
}

static int parse(int argc, char **argv, struct sr_opts *o)
{
	static const struct option opts[] = {
		{ "threads", required_argument, NULL, 't' }, { "rounds", required_argument, NULL, 'r' },
		{ "caller", required_argument, NULL, 'c' }, { "slots", required_argument, NULL, 's' },
		{ "expect-race", no_argument, NULL, 'x' }, { "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	char err[PAB_ERRLEN];
	uint64_t v;
	int c, k;

	o->req.rounds = 200;
	while ((c = getopt_long(argc, argv, "t:r:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
		case 'r':
		case 's':
			if (pab_parse_uint(optarg, c == 't' ? "threads" : c == 'r' ? "rounds" : "slots",
					   c == 't' ? 2 : 1,
					   c == 't' ? PAB_MAX_THREADS : c == 'r' ? PAB_MAX_SPLIT_ROUNDS :
					   PAB_MAX_SPLIT_SLOTS, &v, err)) {
				fprintf(stderr, "pageattr-bench split-race: %s\n", err);
				return PAB_EXIT_USAGE;
			}
			*(c == 't' ? &o->req.nr_threads : c == 'r' ? &o->req.rounds : &o->req.slots) = v;
			break;
		case 'c':
			k = pab_vocab_parse(&pab_split_callers, optarg);
			if (k < 0) {
				fprintf(stderr, "pageattr-bench split-race: unknown caller kind '%s' (see --help)\n",
					optarg);
				return PAB_EXIT_USAGE;
			}
			o->req.caller = k;
			break;
		case 'x': o->expect_race = true; break;
		case 'j': o->json = true; break;
		case 'o': o->out = optarg; break;
		case 'h': usage(stdout); return -1;
		default: return PAB_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pageattr-bench split-race: unexpected argument '%s'\n", argv[optind]);
		return PAB_EXIT_USAGE;
	}
	return PAB_EXIT_OK;
}

static void print_text(const struct sr_opts *o, const char *text)
{
	const struct pab_split_race *r = &o->req;

	printf("split race: %u threads, caller %s, %llu of %u rounds (%llu KiB blocks, %u pages a thread a round)\n",
	       r->nr_threads, caller_name(r->caller), (unsigned long long)r->rounds_done, r->rounds,
	       (unsigned long long)(r->block_bytes >> 10), r->slots);
	printf("  calls:          %llu (%llu errors)\n", (unsigned long long)r->calls,
	       (unsigned long long)r->call_errors);
	printf("  splits:         %llu linear-map leaves, in %llu rounds\n",
	       (unsigned long long)r->splits, (unsigned long long)r->split_rounds);
	printf("  overlaps:       %llu rounds, %llu (split, other thread's walk) pairs%s\n",
	       (unsigned long long)r->overlap_rounds, (unsigned long long)r->overlaps,
	       r->probes ? "" : " (probes not armed: not measured)");
	printf("  inconsistent:   %llu (validity %llu, frame %llu, permissions %llu, contiguous groups %llu)\n",
	       (unsigned long long)inconsistencies(r), (unsigned long long)r->wrong_valid,
	       (unsigned long long)r->wrong_pfn, (unsigned long long)r->wrong_perm,
	       (unsigned long long)r->cont_broken);
	if (r->stale_blocks)
		printf("  passed over:    %llu blocks split already (an earlier run's), never measured\n",
		       (unsigned long long)r->stale_blocks);
	if (r->leaked_pages)
		printf("  kept:           %llu pages still invalid after the restore, never freed\n",
		       (unsigned long long)r->leaked_pages);
	printf("split-race verdict: %s\n", text);
}

int cmd_split_race(int argc, char **argv)
{
	struct sr_opts o = { 0 };
	struct pab_info_all info = { 0 };
	struct pab_dev dev;
	char text[768], err[512], *line = NULL, *cmd = NULL;
	int status = parse(argc, argv, &o), ret;

	if (status)
		return status < 0 ? PAB_EXIT_OK : status;
	if (pab_dev_open(&dev)) {
		fprintf(stderr, "pageattr-bench: %s\n", dev.err);
		return PAB_EXIT_ENV;
	}
	if (pab_info_gather(&dev, &info)) {
		fprintf(stderr, "pageattr-bench split-race: %s\n", dev.err);
		status = PAB_EXIT_FAIL;
		goto out;
	}
	if (!o.req.nr_threads)
		o.req.nr_threads = info.info.nr_cpus_online;
	ret = pab_dev_ioctl(&dev, PAB_IOC_SPLIT_RACE, &o.req, sizeof(o.req), "split race");
	if (ret) {
		fprintf(stderr, "pageattr-bench split-race: %s\n", dev.err);
		status = PAB_EXIT_FAIL;
		goto out;
	}
	status = verdict(&o, &info, text, sizeof(text));
	line = record_line(&o, text, status);
	if (o.json && line)
		printf("%s\n", line);
	else
		print_text(&o, text);
	if (o.out) {
		cmd = pab_command_line(argc, argv);
		if (!line || !cmd ||
		    pab_results_save(o.out, cmd, &info, &line, 1, true, err, sizeof(err))) {
			fprintf(stderr, "pageattr-bench split-race: %s\n", line && cmd ? err : "out of memory");
			status = PAB_EXIT_FAIL;
		}
	}
out:
	free(line);
	free(cmd);
	pab_info_free(&info);
	pab_dev_close(&dev);
	return status;
}
