// SPDX-License-Identifier: GPL-2.0
/*
 * What a result file says of its kernel beyond the release: how a
 * source-built kernel was built (machine.kernel.build), which walker and
 * lazy MMU API it has, and which methods it lacks, with the reason
 * (machine.methods, "available": false). All optional: files from before
 * them, and the tests' short headers, have none. The report's kernel A/B
 * says from them how the two kernels differ.
 */
#include <stdlib.h>
#include <string.h>
#include "reader_util.h"

void rd_machine_kernel(struct ctx *c, json_t *machine, struct pab_results_file *out)
{
	json_t *kernel = json_object_get(machine, "kernel"), *methods = json_object_get(machine, "methods");
	json_t *state = json_object_get(machine, "state");
	json_t *m, *pause;
	size_t i;

	if (json_is_object(kernel)) {
		out->kernel_build = rd_str(c, kernel, "machine.kernel", "build", false);
		out->walker_api = rd_str(c, kernel, "machine.kernel", "walker_api", false);
		out->lazy_mmu_api = rd_str(c, kernel, "machine.kernel", "lazy_mmu_api", false);
		pause = json_object_get(kernel, "lazy_mmu_pause");
		out->lazy_mmu_pause = json_is_boolean(pause) ? json_is_true(pause) : -1;
	} else {
		out->lazy_mmu_pause = -1;
	}
	if (json_is_object(state)) {
		out->rodata_full = rd_str(c, state, "machine.state", "rodata_full", false);
		out->bbml2 = rd_str(c, state, "machine.state", "bbml2", false);
		out->bbml2_name = rd_str(c, state, "machine.state", "bbml2_name", false);
		if (json_is_object(json_object_get(state, "linear_map")))
			out->linear_largest_leaf = rd_uint(c, json_object_get(state, "linear_map"),
							   "machine.state.linear_map", "largest_leaf", false);
	}
	if (!json_is_array(methods) || !json_array_size(methods))
		return;
	out->missing = calloc(json_array_size(methods), sizeof(*out->missing));
	json_array_foreach(methods, i, m) {
		json_t *name = json_object_get(m, "name"), *reason = json_object_get(m, "reason");
		json_t *here = json_object_get(m, "here");
		int id = json_is_string(name) ? pab_method_parse(json_string_value(name)) : -1;

		if (id >= 0 && id < PAB_METHOD_NR && json_is_string(here) && !out->method_here[id])
			out->method_here[id] = strdup(json_string_value(here));

		if (!out->missing || !json_is_string(name) || !json_is_false(json_object_get(m, "available")))
			continue;
		out->missing[out->nmissing].name = strdup(json_string_value(name));
		out->missing[out->nmissing++].reason =
			json_is_string(reason) ? strdup(json_string_value(reason)) : NULL;
	}
}

void rd_machine_free(struct pab_results_file *f)
{
	for (size_t i = 0; i < f->nmissing; i++) {
		free(f->missing[i].name);
		free(f->missing[i].reason);
	}
	free(f->missing);
	for (size_t i = 0; i < PAB_METHOD_NR; i++)
		free(f->method_here[i]);
	free(f->kernel_build);
	free(f->walker_api);
	free(f->lazy_mmu_api);
	free(f->rodata_full);
	free(f->bbml2);
	free(f->bbml2_name);
}

const char *pab_results_missing_reason(const struct pab_results_file *f, const char *method, bool *missing)
{
	*missing = false;
	for (size_t i = 0; method && i < f->nmissing; i++)
		if (!strcmp(f->missing[i].name, method)) {
			*missing = true;
			return f->missing[i].reason;
		}
	return NULL;
}
