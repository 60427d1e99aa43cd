// SPDX-License-Identifier: GPL-2.0
/* DIR/barriers.json ('pageattr-bench barriers -o'), for the report. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "insn_counts.h"
#include "results_reader.h"

static uint64_t num(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_integer(v) && json_integer_value(v) >= 0 ? (uint64_t)json_integer_value(v) : 0;
}

int pab_barriers_load(const char *path, struct pab_barrier_row **rows, size_t *nrows, char *err,
		      size_t errlen)
{
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je), *runs = json_object_get(root, "runs");
	struct pab_barrier_row *out;
	size_t n = json_array_size(runs);

	*rows = NULL;
	*nrows = 0;
	if (!root) {
		snprintf(err, errlen, "%s:%d:%d: not valid JSON: %s", path, je.line, je.column, je.text);
		return -1;
	}
	if (!json_is_array(runs)) {
		snprintf(err, errlen, "%s: no \"runs\" array (not a 'pageattr-bench barriers -o' file)", path);
		json_decref(root);
		return -1;
	}
	out = calloc(n ? n : 1, sizeof(*out));
	if (!out) {
		json_decref(root);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(runs, i), *pc = json_object_get(r, "per_call"), *ops, *v;
		const char *name = json_string_value(json_object_get(r, "name")), *op;
		struct pab_barrier_row *b = &out[*nrows];

		if (!json_is_object(pc))
			continue;
		snprintf(b->name, sizeof(b->name), "%s", name ? name : "");
		b->null_baseline = json_is_true(json_object_get(r, "null_baseline"));
		b->exact = json_is_true(json_object_get(r, "exact"));
		b->calls = num(r, "calls");
		b->undisturbed_calls = num(r, "undisturbed_calls");
#define PAB_ICOUNT_READ(f, label)	b->c.f = num(pc, #f);
		PAB_ICOUNT_FIELDS(PAB_ICOUNT_READ)
		ops = json_object_get(pc, "tlbi_ops");
		json_object_foreach(ops, op, v) {
			if (b->c.nops == PAB_ICOUNT_MAX_OPS)
				break;
			snprintf(b->c.op_name[b->c.nops], sizeof(b->c.op_name[0]), "%s", op);
			b->c.op_n[b->c.nops++] = json_is_integer(v) ? (uint64_t)json_integer_value(v) : 0;
		}
		(*nrows)++;
	}
	json_decref(root);
	*rows = out;
	return 0;
}
