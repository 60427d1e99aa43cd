// SPDX-License-Identifier: GPL-2.0
/*
 * Reads a split race's result file (pageattr-bench split-race -o): the
 * machine header's release and BBML2 state, and its one "split_race"
 * record. A file that is not one is refused with the reason.
 */
#include <jansson.h>
#include <string.h>
#include "split_race.h"

static uint64_t num(json_t *o, const char *key, bool *ok)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		*ok = false;
		return 0;
	}
	return (uint64_t)json_integer_value(v);
}

static void str(char *dst, size_t len, json_t *v)
{
	snprintf(dst, len, "%s", json_is_string(v) ? json_string_value(v) : "");
}

int pab_split_load(const char *path, struct pab_split_record *out, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je), *machine, *rec, *cfg, *res;
	bool ok = true;

	memset(out, 0, sizeof(*out));
	if (!root) {
		snprintf(err, errlen, "%s: %s (line %d)", path, je.text, je.line);
		return -1;
	}
	machine = json_object_get(root, "machine");
	rec = json_array_get(json_object_get(root, "results"), 0);
	cfg = json_object_get(rec, "config");
	res = json_object_get(rec, "result");
	if (!json_is_object(rec) || !json_is_string(json_object_get(rec, "type")) ||
	    strcmp(json_string_value(json_object_get(rec, "type")), "split_race") ||
	    !json_is_object(cfg) || !json_is_object(res)) {
		snprintf(err, errlen, "%s: no split_race record (results[0] with config and result)", path);
		json_decref(root);
		return -1;
	}
	str(out->release, sizeof(out->release),
	    json_object_get(json_object_get(machine, "kernel"), "release"));
	str(out->bbml2, sizeof(out->bbml2), json_object_get(json_object_get(machine, "state"), "bbml2"));
	str(out->caller, sizeof(out->caller), json_object_get(cfg, "caller"));
	str(out->verdict, sizeof(out->verdict), json_object_get(rec, "verdict"));
	out->expect_race = json_is_true(json_object_get(cfg, "expect_race"));
	out->probes = json_is_true(json_object_get(res, "probes"));
	out->threads = num(cfg, "threads", &ok);
	out->rounds_done = num(res, "rounds_done", &ok);
	out->calls = num(res, "calls", &ok);
	out->splits = num(res, "splits", &ok);
	out->split_rounds = num(res, "split_rounds", &ok);
	out->overlap_rounds = num(res, "overlap_rounds", &ok);
	out->overlaps = num(res, "overlaps", &ok);
	out->inconsistencies = num(res, "inconsistencies", &ok);
	out->wrong_valid = num(res, "wrong_valid", &ok);
	out->wrong_pfn = num(res, "wrong_pfn", &ok);
	out->wrong_perm = num(res, "wrong_perm", &ok);
	out->cont_broken = num(res, "cont_broken", &ok);
	json_decref(root);
	if (!ok || !out->verdict[0]) {
		snprintf(err, errlen, "%s: the split_race record lacks a count or its verdict", path);
		return -1;
	}
	return 0;
}
