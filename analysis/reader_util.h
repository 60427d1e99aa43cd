/* SPDX-License-Identifier: GPL-2.0 */
/* Inside the result-file reader: field access with one-line errors. */
#ifndef PAB_READER_UTIL_H
#define PAB_READER_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "results_reader.h"

/*
 * The samples arrays read without jansson (results_reader.c): each replaced
 * in the text jansson parses by a string "TAG<index>", TAG unique per load.
 */
struct rd_bulk {
	uint64_t *v;
	size_t n;
	size_t at, close;	/* its '[' and ']' in the text */
	/*
	 * samples.irq (flags set): only which calls were hit matters, and
	 * few are: read as the hit calls' indices (hit[0..nhit), ascending;
	 * v stays NULL), the runs of "0," compared 8 bytes at a time. No 80 MB
	 * array for 10M calls, no pass over it.
	 */
	bool flags;
	size_t *hit, nhit;
};

struct ctx {
	const char *path;
	char *err;
	size_t errlen;
	int failed;
	bool serial;		/* parse on this thread only (compare loads two files at once) */
	char bulk_tag[40];
	struct rd_bulk *bulk;
	size_t nbulk, bulk_cap;
};

/*
 * samples.FIELD held as a bulk array: its index, else -1 (a real JSON
 * value, read through jansson).
 */
long rd_bulk_index(const struct ctx *c, json_t *v);
/*
 * samples.FIELD read as hit indices (rd_bulk.flags): its length in *n and
 * the indices (the caller owns them now), else false.
 */
bool rd_bulk_hits(struct ctx *c, json_t *samples, const char *field, size_t *n, size_t **hit,
		  size_t *nhit);

/* The first failure wins: "PATH: WHERE: field 'FIELD' WHAT". */
/* reader_scan.c: the file's JSON, its sample arrays held in c's bulk arrays (freed by rd_bulk_free). */
json_t *rd_parse(struct ctx *c, const char *path, json_error_t *jerr);
void rd_bulk_free(struct ctx *c);
void rd_fail(struct ctx *c, const char *where, const char *field, const char *what);
char *rd_str(struct ctx *c, json_t *o, const char *where, const char *field, bool required);
double rd_num(struct ctx *c, json_t *o, const char *where, const char *field, bool required);
/* A number where null stands for NaN (the writer's): 0. */
double rd_num_or_null(struct ctx *c, json_t *o, const char *where, const char *field);
uint64_t rd_uint(struct ctx *c, json_t *o, const char *where, const char *field, bool required);

/* Text of the file quoted in a message, control bytes escaped (messages are one line). */
const char *rd_printable(const char *text, char *buf, size_t len);

/* One record of each type, results[i]. */
void rd_run_record(struct ctx *c, json_t *r, const char *where, struct pab_rec *rec);
void rd_conc_record(struct ctx *c, json_t *r, const char *where, struct conc_record *rec);

/* machine.kernel's build and APIs, machine.methods' missing ones (reader_machine.c). */
void rd_machine_kernel(struct ctx *c, json_t *machine, struct pab_results_file *out);
void rd_machine_free(struct pab_results_file *f);

#endif /* PAB_READER_UTIL_H */
