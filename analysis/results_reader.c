// SPDX-License-Identifier: GPL-2.0
/*
 * The one reader of result files: the header, then each record by its type
 * (reader_run.c, reader_conc.c), the text scanned by reader_scan.c. Every
 * problem is one line.
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include "compare.h"
#include "stats.h"
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>
#include "reader_util.h"

static void load_records(struct ctx *c, json_t *results, bool conc_only, struct pab_results_file *out)
{
	size_t n = json_array_size(results);

	out->recs = calloc(n ? n : 1, sizeof(*out->recs));
	out->conc = calloc(n ? n : 1, sizeof(*out->conc));
	if (!out->recs || !out->conc) {
		rd_fail(c, "header", "results", "does not fit in memory");
		return;
	}
	for (size_t i = 0; i < n && !c->failed; i++) {
		json_t *r = json_array_get(results, i), *t = json_object_get(r, "type");
		const char *type = json_is_string(t) ? json_string_value(t) : NULL;
		char where[64], tbuf[64];

		snprintf(where, sizeof(where), "results[%zu]", i);
		if (!json_is_object(r)) {
			rd_fail(c, where, "(record)", "is not an object");
		} else if (type && !strcmp(type, "concurrent")) {
			rd_conc_record(c, r, where, &out->conc[out->nconc++]);
		} else if (conc_only) {
			if (!c->failed++)
				snprintf(c->err, c->errlen, "%s: record %zu is not a valid concurrent record (type '%s')",
					 c->path, i, rd_printable(type ? type : "run", tbuf, sizeof(tbuf)));
		} else {
			rd_run_record(c, r, where, &out->recs[out->n++]);
		}
	}
}

/*
 * machine.clock, a word of PAB_CLOCKS; optional: older files read as
 * emulated when machine.cpu.emulated says so, else host. A word this build
 * does not know is refused by name (it may allow less than any it knows).
 */
static void read_clock(struct ctx *c, json_t *machine, struct pab_results_file *out)
{
	json_t *v = json_object_get(machine, "clock");
	char choices[64], what[160], text[48];
	int clock;

	out->clock = out->emulated ? PAB_CLOCK_EMULATED : PAB_CLOCK_HOST;
	if (!v)
		return;
	clock = json_is_string(v) ? pab_vocab_parse(&pab_clocks, json_string_value(v)) : -1;
	if (clock >= 0) {
		out->clock = (enum pab_clock)clock;
		return;
	}
	pab_vocab_choices(&pab_clocks, choices, sizeof(choices));
	if (json_is_string(v))
		snprintf(what, sizeof(what), "is '%s', not %s",
			 rd_printable(json_string_value(v), text, sizeof(text)), choices);
	else
		snprintf(what, sizeof(what), "is not a string: %s", choices);
	rd_fail(c, "header", "machine.clock", what);
}

static int load(const char *path, bool conc_only, bool serial, struct pab_results_file *out, char *err,
		size_t errlen)
{
	struct ctx c = { .path = path, .err = err, .errlen = errlen, .serial = serial };
	json_error_t jerr;
	json_t *root, *machine, *kernel, *results;
	char text[4 * JSON_ERROR_TEXT_LENGTH];
	double schema;

	memset(out, 0, sizeof(*out));
	root = rd_parse(&c, path, &jerr);
	if (!root) {
		const char *why = strrchr(jerr.text, ':');

		/* jansson's "unable to open PATH: REASON" would name the file twice. */
		if (json_error_code(&jerr) == json_error_cannot_open_file && why)
			snprintf(err, errlen, "cannot read %s%s", path, why);
		else if (jerr.line > 0)
			snprintf(err, errlen, "%s:%d:%d: not valid JSON: %s", path, jerr.line,
				 jerr.column, rd_printable(jerr.text, text, sizeof(text)));
		else
			snprintf(err, errlen, "%s: %s", path, rd_printable(jerr.text, text, sizeof(text)));
		return -1;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s: not a pageattr-bench result file (top level is not an object)", path);
		json_decref(root);
		rd_bulk_free(&c);
		return -1;
	}
	results = json_object_get(root, "results");
	/* A concurrency file needs its records, not the header (older ones had none). */
	if (conc_only && json_is_array(results))
		load_records(&c, results, true, out);
	/* Compared as a double: casting e.g. 1e300 to int first is undefined. */
	schema = rd_num(&c, root, "header", "schema_version", !conc_only);
	if (conc_only && !json_object_get(root, "schema_version"))
		schema = 1;
	if (c.failed) {
		json_decref(root);
		rd_bulk_free(&c);
		pab_results_free(out);
		return -1;
	}
	if (schema != 1) {
		snprintf(err, errlen, "%s: schema_version %g; this reader knows 1", path, schema);
		json_decref(root);
		rd_bulk_free(&c);
		pab_results_free(out);
		return -1;
	}
	out->schema_version = 1;
	out->command = rd_str(&c, root, "header", "command", !conc_only);
	machine = json_object_get(root, "machine");
	kernel = json_object_get(machine, "kernel");
	if (!json_is_object(kernel)) {
		if (!conc_only)
			rd_fail(&c, "header", "machine.kernel", "is missing");
	} else {
		out->kernel_release = rd_str(&c, kernel, "machine.kernel", "release", true);
		out->arch = rd_str(&c, kernel, "machine.kernel", "arch", true);
		out->page_size = rd_uint(&c, kernel, "machine.kernel", "page_size", true);
	}
	/* Optional: files from before it say nothing, read as not emulated. */
	out->emulated = json_is_true(json_object_get(json_object_get(machine, "cpu"), "emulated"));
	if (json_is_object(json_object_get(machine, "cpu")))
		out->cpu_name = rd_str(&c, json_object_get(machine, "cpu"), "machine.cpu", "name", false);
	read_clock(&c, machine, out);
	rd_machine_kernel(&c, machine, out);
	if (!json_is_array(results))
		rd_fail(&c, "header", "results", "is missing or not an array");
	else if (!conc_only)
		load_records(&c, results, false, out);
	json_decref(root);
	rd_bulk_free(&c);
	if (c.failed) {
		pab_results_free(out);
		return -1;
	}
	return 0;
}

int pab_results_load(const char *path, struct pab_results_file *out, char *err, size_t errlen)
{
	return load(path, false, false, out, err, errlen);
}

int pab_results_load_conc(const char *path, struct pab_results_file *out, char *err, size_t errlen)
{
	return load(path, true, false, out, err, errlen);
}

void pab_results_free(struct pab_results_file *f)
{
	for (size_t i = 0; f->recs && i < f->n; i++) {
		struct pab_rec *r = &f->recs[i];

		free(r->name); free(r->status); free(r->error); free(r->method); free(r->region);
		free(r->mix); free(r->layout); free(r->lazy); free(r->tlb); free(r->samples_ns);
		free(r->samples_null);
		free(r->key);
		free(r->layout_key);
		free(r->memo);
		for (unsigned int e = 0; e < r->nevents; e++)
			free(r->events[e].name);
	}
	free(f->recs);
	free(f->conc);
	free(f->command);
	free(f->kernel_release);
	free(f->arch);
	free(f->cpu_name);
	rd_machine_free(f);
	memset(f, 0, sizeof(*f));
}

struct load_job {
	const char *path;
	struct pab_results_file *out;
	bool worker;			/* on its own thread: frees its scratch arrays at the end */
	char err[1024];
	int ret;
};

/*
 * Load, then summarise every record (its memo: compare.c), so that the
 * statistics of both files are made in parallel too.
 */
static void *load_thread(void *arg)
{
	struct load_job *j = arg;
	struct pab_summary s;

	/* Both cores already busy with a file each: no second thread per file. */
	j->ret = load(j->path, false, true, j->out, j->err, sizeof(j->err));
	for (size_t i = 0; !j->ret && i < j->out->n; i++)
		pab_rec_summary(&j->out->recs[i], &s);
	if (j->worker)
		pab_scratch_release();
	return NULL;
}

/*
 * Two files at once, one per core, each parsed and its records summarised
 * (parsing and the summaries are most of compare's time; the reader keeps no
 * state between files, jansson's is per document, the statistics' scratch
 * arrays are per thread). Without a thread, one after the other. On failure the file that loaded is freed and
 * err says why the other did not (a's reason when both failed).
 */
int pab_results_load_two(const char *path_a, struct pab_results_file *a, const char *path_b,
			 struct pab_results_file *b, char *err, size_t errlen)
{
	struct load_job jb = { .path = path_b, .out = b, .worker = true };
	pthread_t t;
	bool threaded = !pthread_create(&t, NULL, load_thread, &jb);
	int ra;
	struct load_job ja = { .path = path_a, .out = a };

	if (!threaded) {
		jb.worker = false;
		load_thread(&jb);
	}
	load_thread(&ja);
	ra = ja.ret;
	if (ra)
		snprintf(err, errlen, "%s", ja.err);
	if (threaded)
		pthread_join(t, NULL);
	if (!ra && !jb.ret)
		return 0;
	if (!ra)
		pab_results_free(a);
	if (!jb.ret)
		pab_results_free(b);
	if (ra)
		return -1;
	snprintf(err, errlen, "%s", jb.err);
	return -1;
}
