// SPDX-License-Identifier: GPL-2.0
/*
 * Reading 'pageattr-bench concurrent -o FILE' back into conc_record (for the
 * report): the header is a schema-1 result file's, each record is
 * {"type": "concurrent", "config": {...}, "result": {...}}. Problems are one
 * line naming the file and the record.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "conc_layout.h"
#include "conc_reader.h"
#include "pab_dev.h"

static const char *str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static double num(json_t *o, const char *k, bool *ok)
{
	json_t *v = json_object_get(o, k);

	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_null(v))
		return 0;	/* the writer turns NaN into null */
	*ok = false;
	return 0;
}

/* Static strings for the skip reason: a record keeps a pointer to one. */
static const char skipped_reason[] = "skipped";

static int read_record(json_t *r, struct conc_record *rec)
{
	json_t *cfg = json_object_get(r, "config"), *res = json_object_get(r, "result");
	const char *layout = str(cfg, "layout"), *method = str(cfg, "method");
	const char *lazy = str(cfg, "lazy"), *lock = str(cfg, "lock");
	const char *status = str(r, "status"), *error = str(r, "error");
	bool ok = true;
	int l, m;

	if (!json_is_object(cfg) || !json_is_object(res) || !layout || !method || !lazy || !lock ||
	    !status)
		return -1;
	l = conc_layout_parse(layout);
	m = pab_method_parse(method);
	if (l < 0 || m < 0)
		return -1;
	memset(rec, 0, sizeof(*rec));
	rec->layout = (unsigned int)l;
	rec->method = (unsigned int)m;
	rec->lazy = strcmp(lazy, "on") ? PAB_LAZY_OFF : PAB_LAZY_ON;
	rec->lock = strcmp(lock, "mutex") ? PAB_CONC_LOCK_NONE : PAB_CONC_LOCK_MUTEX;
	rec->threads = (uint32_t)num(cfg, "threads", &ok);
	rec->entries = (uint32_t)num(cfg, "entries", &ok);
	rec->iterations = (uint32_t)num(cfg, "iterations", &ok);
	rec->warmup = (uint32_t)num(cfg, "warmup", &ok);
	if (!strcmp(status, "skipped"))
		rec->skip = skipped_reason;
	else if (strcmp(status, "ok") && strcmp(status, "corrupt"))
		rec->err = !strcmp(status, "refused") ? -EINVAL : -EIO;
	snprintf(rec->error, sizeof(rec->error), "%s", error ? error : "");
	rec->res.nr_threads = rec->threads;
	rec->res.wall_ns = (uint64_t)num(res, "wall_ns", &ok);
	rec->res.calls = (uint64_t)num(res, "calls", &ok);
	rec->res.leaves = (uint64_t)num(res, "entries_changed", &ok);
	rec->res.mismatched = (uint64_t)num(res, "lost_updates", &ok);
	rec->res.level_changes = (uint64_t)num(res, "level_changes", &ok);
	rec->res.final_checked = (uint64_t)num(res, "final_checked", &ok);
	rec->res.final_mismatched = (uint64_t)num(res, "final_mismatched", &ok);
	rec->res.final_level_changes = (uint64_t)num(res, "final_level_changes", &ok);
	rec->calls_per_s = num(res, "calls_per_s", &ok);
	rec->entries_per_s = num(res, "entries_per_s", &ok);
	rec->speedup = num(res, "speedup", &ok);
	rec->lock_wait_share = num(res, "lock_wait_share", &ok);
	return ok && rec->threads >= 1 && rec->threads <= PAB_MAX_THREADS ? 0 : -1;
}

int conc_results_load(const char *path, struct conc_record **out, size_t *n, char *err,
		      size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr), *results;
	struct conc_record *recs;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!root) {
		snprintf(err, errlen, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
		return -1;
	}
	results = json_object_get(root, "results");
	if (!json_is_array(results)) {
		snprintf(err, errlen, "%s: no \"results\" array: not a pageattr-bench concurrent file",
			 path);
		json_decref(root);
		return -1;
	}
	recs = calloc(json_array_size(results) + 1, sizeof(*recs));
	if (!recs) {
		snprintf(err, errlen, "%s: out of memory", path);
		json_decref(root);
		return -1;
	}
	for (i = 0; i < json_array_size(results); i++) {
		json_t *r = json_array_get(results, i);
		const char *type = str(r, "type");

		if (!type || strcmp(type, "concurrent") || read_record(r, &recs[i])) {
			snprintf(err, errlen, "%s: record %zu is not a valid concurrent record", path, i);
			free(recs);
			json_decref(root);
			return -1;
		}
	}
	json_decref(root);
	*out = recs;
	*n = i;
	return 0;
}
