/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAB_CONC_ARGS_H
#define PAB_CONC_ARGS_H

#include <stdbool.h>
#include <stdint.h>
#include "vocab.h"

#define MAXV 16

struct conc_opts {
	uint32_t threads[MAXV], nthreads;
	uint32_t layouts[MAXV], nlayouts;
	uint32_t methods[MAXV], nmethods;
	uint32_t lazies[MAXV], nlazies;
	uint32_t locks[MAXV], nlocks;
	uint32_t entries, iterations, warmup, flags;
	bool methods_given;
	const char *out_json, *out_csv;
};

/* 0 to run, 1 after --help, -1 after one line on a bad option. */
int conc_parse_args(int argc, char **argv, struct conc_opts *o);

#endif /* PAB_CONC_ARGS_H */
