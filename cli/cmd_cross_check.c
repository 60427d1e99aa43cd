// SPDX-License-Identifier: GPL-2.0
/*
 * pageattr-bench cross-check: time whole 'pageattr-bench run' invocations of
 * the compared methods with hyperfine, an independent end-to-end timer, so
 * the in-kernel numbers can be checked against it. hyperfine's JSON
 * (--export-json) goes beside the results.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "pab_dev.h"
#include "parse.h"
#include "results.h"
#include "subprocess.h"

/*
 * The default pair, old path and production one; on a kernel without the
 * lockless walker (before 6.18) its locked twin, said in one line, so the
 * cross-check runs on every kernel the tool supports.
 */
static const char *default_pair(char *buf, size_t len)
{
	struct pab_dev dev = { .fd = -1 };
	struct pab_method_info mi = { .size = sizeof(mi), .method = PAB_METHOD_WALK_LOCKLESS };

	pab_method_pair(buf, len);
	if (pab_dev_open(&dev))
		return buf;	/* 'run' says what is wrong with the device */
	if (!pab_dev_ioctl(&dev, PAB_IOC_METHOD, &mi, sizeof(mi), "method") && !mi.available) {
		snprintf(buf, len, "%s,%s", pab_method_name(PAB_METHOD_APPLY), pab_method_name(PAB_METHOD_WALK));
		printf("cross-check: %s unavailable (%s): comparing %s\n",
		       pab_method_name(PAB_METHOD_WALK_LOCKLESS), mi.reason, buf);
	}
	pab_dev_close(&dev);
	return buf;
}

static void usage(FILE *f)
{
	char pair[64];

	fprintf(f,
		"usage: pageattr-bench cross-check [-m METHODS] [--runs N] [--warmup N] -o FILE [-- RUN-OPTIONS]\n"
		"Time whole 'pageattr-bench run -m METHOD RUN-OPTIONS' invocations with hyperfine.\n\n"
		"  -m, --methods LIST     methods to compare                  [%s]\n"
		"      --runs N           hyperfine runs per command              [10]\n"
		"      --warmup N         hyperfine warmup runs                   [2]\n"
		"  -o, --export-json FILE hyperfine's JSON\n", pab_method_pair(pair, sizeof(pair)));
}

int cmd_cross_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "methods", required_argument, NULL, 'm' }, { "runs", required_argument, NULL, 'r' },
		{ "warmup", required_argument, NULL, 'w' }, { "export-json", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	const char *methods = NULL, *out = NULL, *runs = "10", *warmup = "2";
	char err[PAB_ERRLEN], pairbuf[64], self[4096], *list, *save = NULL, *hargv[64];
	int c, hargc = 0, status;
	uint64_t v;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+m:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': methods = optarg; break;
		case 'o': out = optarg; break;
		case 'r':
			if (pab_parse_uint(optarg, "runs", 2, 100000, &v, err)) goto bad;
			runs = optarg;
			break;
		case 'w':
			if (pab_parse_uint(optarg, "warmup", 0, 100000, &v, err)) goto bad;
			warmup = optarg;
			break;
		case 'h': usage(stdout); return PAB_EXIT_OK;
		default: return PAB_EXIT_USAGE;
		}
	}
	if (!out) {
		snprintf(err, sizeof(err), "no output: give -o FILE for hyperfine's JSON");
		goto bad;
	}
	if (pab_self_path(self, sizeof(self))) {
		snprintf(err, sizeof(err), "cannot find my own path: %s", strerror(errno));
		goto bad;
	}
	hargv[hargc++] = "hyperfine";
	hargv[hargc++] = "--warmup";
	hargv[hargc++] = (char *)warmup;
	hargv[hargc++] = "--runs";
	hargv[hargc++] = (char *)runs;
	hargv[hargc++] = "--export-json";
	hargv[hargc++] = (char *)out;
	hargv[hargc++] = "--style";
	hargv[hargc++] = "basic";
	if (!methods)
		methods = default_pair(pairbuf, sizeof(pairbuf));
	list = strdup(methods);
	for (char *m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
		char *cargv[256];
		int cargc = 0;

		if (pab_method_parse(m) < 0) {
			char choices[160];

			snprintf(err, sizeof(err), "method '%s': use %s", m,
				 pab_method_choices(choices, sizeof(choices)));
			free(list);
			goto bad;
		}
		cargv[cargc++] = self;
		cargv[cargc++] = "run";
		cargv[cargc++] = "-m";
		cargv[cargc++] = m;
		for (int i = optind; i < argc && cargc < 255; i++)
			cargv[cargc++] = argv[i];
		if (hargc < 62)
			hargv[hargc++] = pab_command_line(cargc, cargv);
	}
	hargv[hargc] = NULL;
	status = pab_spawn_wait(hargv, "pageattr-bench cross-check", "hyperfine");
	free(list);
	return status;
bad:
	fprintf(stderr, "pageattr-bench cross-check: %s\n", err);
	return PAB_EXIT_USAGE;
}
