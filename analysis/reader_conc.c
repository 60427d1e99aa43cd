// SPDX-License-Identifier: GPL-2.0
/*
 * The reader's concurrent records ('pageattr-bench concurrent -o FILE'):
 * {"type": "concurrent", "config": {...}, "result": {...}} back into
 * conc_record, so the report words the verdict with the same code.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reader_util.h"

/* Static strings for the skip reason: a record keeps a pointer to one. */
static const char skipped_reason[] = "skipped";

static unsigned int word(struct ctx *c, json_t *o, const char *where, const char *field,
			 const struct pab_vocab *v)
{
	char *s = rd_str(c, o, where, field, true);
	int w = s ? pab_vocab_parse(v, s) : 0;

	if (w < 0) {
		char what[96], text[48];

		snprintf(what, sizeof(what), "is not a %s ('%s')", v->noun, rd_printable(s, text, sizeof(text)));
		rd_fail(c, where, field, what);
		w = 0;
	}
	free(s);
	return (unsigned int)w;
}

void rd_conc_record(struct ctx *c, json_t *r, const char *where, struct conc_record *rec)
{
	json_t *cfg = json_object_get(r, "config"), *res = json_object_get(r, "result");
	char *status, *error;

	memset(rec, 0, sizeof(*rec));
	if (!json_is_object(cfg) || !json_is_object(res)) {
		rd_fail(c, where, json_is_object(cfg) ? "result" : "config", "is missing or not an object");
		return;
	}
	rec->layout = word(c, cfg, where, "layout", &pab_conc_layouts);
	rec->method = word(c, cfg, where, "method", &pab_methods);
	rec->lazy = word(c, cfg, where, "lazy", &pab_lazy_modes);
	rec->lock = word(c, cfg, where, "lock", &pab_conc_locks);
	rec->threads = (uint32_t)rd_uint(c, cfg, where, "threads", true);
	rec->entries = (uint32_t)rd_uint(c, cfg, where, "entries", true);
	rec->iterations = (uint32_t)rd_uint(c, cfg, where, "iterations", true);
	rec->warmup = (uint32_t)rd_uint(c, cfg, where, "warmup", true);
	if (!c->failed && (rec->threads < 1 || rec->threads > PAB_MAX_THREADS))
		rd_fail(c, where, "threads", "is not a thread count from 1 to PAB_MAX_THREADS");
	status = rd_str(c, r, where, "status", true);
	error = rd_str(c, r, where, "error", false);
	if (status && !strcmp(status, "skipped"))
		rec->skip = skipped_reason;
	else if (status && strcmp(status, "ok") && strcmp(status, "corrupt") && strcmp(status, "raced"))
		rec->err = !strcmp(status, "refused") ? -EINVAL : -EIO;
	snprintf(rec->error, sizeof(rec->error), "%s", error ? error : "");
	free(status);
	free(error);
	rec->res.nr_threads = rec->threads;
	rec->res.wall_ns = rd_uint(c, res, where, "wall_ns", true);
	rec->res.calls = rd_uint(c, res, where, "calls", true);
	rec->res.leaves = rd_uint(c, res, where, "entries_changed", true);
	rec->res.mismatched = rd_uint(c, res, where, "lost_updates", true);
	rec->res.level_changes = rd_uint(c, res, where, "level_changes", true);
	rec->res.final_checked = rd_uint(c, res, where, "final_checked", true);
	rec->res.final_mismatched = rd_uint(c, res, where, "final_mismatched", true);
	rec->res.final_level_changes = rd_uint(c, res, where, "final_level_changes", true);
	rec->res.shared = (uint32_t)rd_uint(c, res, where, "shared_threads", false);	/* since UAPI 4 */
	rec->calls_per_s = rd_num_or_null(c, res, where, "calls_per_s");
	rec->entries_per_s = rd_num_or_null(c, res, where, "entries_per_s");
	rec->speedup = rd_num_or_null(c, res, where, "speedup");
	rec->lock_wait_share = rd_num_or_null(c, res, where, "lock_wait_share");
}
