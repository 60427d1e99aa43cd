// SPDX-License-Identifier: GPL-2.0
/*
 * The one reader of result files: the header, then each record by its type
 * (reader_run.c, reader_conc.c). Every problem is one line.
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

/*
 * Samples without a json_t per number. A result file is mostly its
 * samples.* arrays (10 million calls: 30 million integers), and jansson
 * builds a node for each (150 ns and 50 bytes apiece). So before jansson
 * sees the text, every array that is a member of a "samples" object and
 * holds only integers >= 0 (JSON integers of up to 18 digits) is parsed
 * here straight into a uint64_t array, and replaced in the text by a string
 * naming it: "\u0001pab<nonce>:<index>". Everything else (the header, the
 * records, any array that is not plain integers: a negative or a fraction,
 * which the reader then refuses by name) goes through jansson as before.
 * Replacing a valid array by a valid string keeps a valid document valid
 * and an invalid one invalid (the rest of the text is copied unchanged, and
 * strings are told apart as JSON's lexer does), and when jansson fails, the
 * original text is parsed again for its message, so errors keep their
 * line:column.
 */
#define BULK_MIN_TEXT 48	/* shorter arrays stay in the text: the placeholder must not be longer */

static bool is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* in[i] == '[': a plain array of integers >= 0 up to its ']'? Then *end is after it. */
static bool bulk_array(const char *in, size_t len, size_t i, size_t *end, struct rd_bulk *out)
{
	/*
	 * Nothing before the first ']' can close the array, and ']' is neither
	 * a digit nor white space: every scan stops there without a bound check.
	 */
	const char *close = memchr(in + i, ']', len - i), *p = in + i + 1;
	size_t n = 0, cap;
	uint64_t *v;

	if (!close || (size_t)(close + 1 - (in + i)) < BULK_MIN_TEXT)
		return false;
	/*
	 * Room for every value (each takes 2 bytes at least): one allocation,
	 * its untouched pages never used; shrunk after.
	 */
	cap = (size_t)(close - p) / 2 + 1;
	v = malloc(cap * sizeof(*v));
	if (!v)
		return false;
	while (is_ws(*p))
		p++;
	while (p < close && n < cap) {
		const char *first = p;
		uint64_t x = (uint64_t)(*p - '0');

		/* Not a plain integer that surely fits: jansson reads (or refuses) it. */
		if (x > 9)
			break;
		p++;
		if (x)
			while ((unsigned char)(*p - '0') < 10)
				x = x * 10 + (uint64_t)(*p++ - '0');	/* wraps past 19 digits: refused below */
		if (p - first > 18 || (unsigned char)(*p - '0') < 10 || *p == '.' || *p == 'e' || *p == 'E')
			break;
		v[n++] = x;
		while (is_ws(*p))
			p++;
		if (p == close) {
			uint64_t *shrunk = realloc(v, n * sizeof(*v));

			*end = (size_t)(close + 1 - in);
			out->v = shrunk ? shrunk : v;
			out->n = n;
			return true;
		}
		if (*p != ',')
			break;
		p++;
		while (is_ws(*p))
			p++;
	}
	free(v);
	return false;
}

/* The text jansson parses (malloc'd, NUL-terminated, *olen bytes), the arrays in c->bulk. */
static char *bulk_rewrite(struct ctx *c, const char *in, size_t len, size_t *olen)
{
	enum { MAXD = 64 };
	bool samples_obj[MAXD + 1] = { false }, value_next = false, key_samples = false;
	const char *str = NULL;
	size_t o = 0, i = 0, slen = 0, depth = 0;
	char *out = malloc(len + 1);

	if (!out)
		return NULL;
	while (i < len) {
		char ch = in[i];

		if (ch == '"') {
			size_t j = i + 1;

			while (j < len && in[j] != '"')
				j += in[j] == '\\' ? 2 : 1;
			if (j >= len)
				j = len - 1;	/* unterminated: copied, jansson says where */
			memcpy(out + o, in + i, j + 1 - i);
			o += j + 1 - i;
			str = in + i + 1;
			slen = j - i - 1;
			i = j + 1;
			value_next = false;
			continue;
		}
		if (ch == '[' && value_next && key_samples == false && depth && depth <= MAXD &&
		    samples_obj[depth]) {
			struct rd_bulk b;
			size_t end;

			if (c->nbulk == c->bulk_cap) {
				struct rd_bulk *nb = realloc(c->bulk, (c->bulk_cap = c->bulk_cap ? 2 * c->bulk_cap : 16) *
								      sizeof(*nb));

				if (!nb) {
					free(out);
					return NULL;
				}
				c->bulk = nb;
			}
			if (bulk_array(in, len, i, &end, &b)) {
				c->bulk[c->nbulk] = b;
				/* the tag's first byte, \001, escaped as JSON wants it */
				o += (size_t)snprintf(out + o, len + 1 - o, "\"\\u0001%s%zu\"", c->bulk_tag + 1, c->nbulk);
				c->nbulk++;
				i = end;
				value_next = false;
				continue;
			}
		}
		switch (ch) {
		case ':':
			value_next = true;
			key_samples = str && slen == 7 && !memcmp(str, "samples", 7);
			break;
		case '{':
		case '[':
			depth++;
			if (depth <= MAXD)
				samples_obj[depth] = ch == '{' && value_next && key_samples;
			value_next = key_samples = false;
			break;
		case '}':
		case ']':
			if (depth)
				depth--;
			value_next = key_samples = false;
			break;
		case ',':
			value_next = key_samples = false;
			break;
		default:
			if (!is_ws(ch))
				value_next = key_samples = false;
		}
		out[o++] = ch;
		i++;
	}
	out[o] = '\0';
	*olen = o;
	return out;
}

long rd_bulk_index(const struct ctx *c, json_t *v)
{
	size_t taglen = strlen(c->bulk_tag);
	const char *s;
	char *endp;
	unsigned long idx;

	if (!c->nbulk || !json_is_string(v))
		return -1;
	s = json_string_value(v);
	if (strncmp(s, c->bulk_tag, taglen))
		return -1;
	errno = 0;
	idx = strtoul(s + taglen, &endp, 10);
	if (errno || *endp || endp == s + taglen || idx >= c->nbulk)
		return -1;
	return (long)idx;
}

static void bulk_free(struct ctx *c)
{
	for (size_t i = 0; i < c->nbulk; i++)
		free(c->bulk[i].v);
	free(c->bulk);
	c->bulk = NULL;
	c->nbulk = c->bulk_cap = 0;
}

/* The whole file (NUL-terminated), or NULL with errno. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 20, n = 0;
	char *buf = NULL;
	struct stat st;

	if (!f)
		return NULL;
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 2;	/* one read, no regrowth */
	for (;;) {
		char *nb = !buf ? malloc(cap) : n + 1 >= cap ? realloc(buf, cap *= 2) : buf;
		size_t got;

		if (!nb) {
			free(buf);
			fclose(f);
			errno = ENOMEM;
			return NULL;
		}
		buf = nb;
		got = fread(buf + n, 1, cap - 1 - n, f);
		n += got;
		if (got == 0) {
			int e = ferror(f) ? errno : 0;

			fclose(f);
			if (e) {
				free(buf);
				errno = e;
				return NULL;
			}
			buf[n] = '\0';
			*len = n;
			return buf;
		}
	}
}

/* A regular file mapped (read-only, pages read ahead), else NULL. */
static char *map_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *p = MAP_FAILED;

	if (fd < 0)
		return NULL;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return p;
}

/* The document: samples arrays into c->bulk, the rest through jansson. */
static json_t *parse(struct ctx *c, const char *path, json_error_t *jerr)
{
	size_t len = 0, rlen;
	char *mapped = map_file(path, &len), *text = mapped ? mapped : read_file(path, &len), *rw;
	json_t *root = NULL;

	if (!text) {
		memset(jerr, 0, sizeof(*jerr));
		snprintf(jerr->text, sizeof(jerr->text), "unable to open %s: %s", path, strerror(errno));
		jerr->text[JSON_ERROR_TEXT_LENGTH - 1] = (char)json_error_cannot_open_file;
		return NULL;
	}
	snprintf(c->bulk_tag, sizeof(c->bulk_tag), "\001pab%llx:",
		 (unsigned long long)((uintptr_t)text ^ (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL));
	rw = bulk_rewrite(c, text, len, &rlen);
	if (rw)
		root = json_loadb(rw, rlen, 0, jerr);
	free(rw);
	if (!root) {
		/* The message and line:column from the text as written. */
		bulk_free(c);
		root = json_loadb(text, len, 0, jerr);
	}
	if (mapped)
		munmap(mapped, len);
	else
		free(text);
	return root;
}

/* results[i] by its type: run records (no type, or "run") and concurrent ones. */
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

static int load(const char *path, bool conc_only, struct pab_results_file *out, char *err,
		size_t errlen)
{
	struct ctx c = { .path = path, .err = err, .errlen = errlen };
	json_error_t jerr;
	json_t *root, *machine, *kernel, *results;
	char text[4 * JSON_ERROR_TEXT_LENGTH];
	double schema;

	memset(out, 0, sizeof(*out));
	root = parse(&c, path, &jerr);
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
		bulk_free(&c);
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
		bulk_free(&c);
		pab_results_free(out);
		return -1;
	}
	if (schema != 1) {
		snprintf(err, errlen, "%s: schema_version %g; this reader knows 1", path, schema);
		json_decref(root);
		bulk_free(&c);
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
	if (!json_is_array(results))
		rd_fail(&c, "header", "results", "is missing or not an array");
	else if (!conc_only)
		load_records(&c, results, false, out);
	json_decref(root);
	bulk_free(&c);
	if (c.failed) {
		pab_results_free(out);
		return -1;
	}
	return 0;
}

int pab_results_load(const char *path, struct pab_results_file *out, char *err, size_t errlen)
{
	return load(path, false, out, err, errlen);
}

int pab_results_load_conc(const char *path, struct pab_results_file *out, char *err, size_t errlen)
{
	return load(path, true, out, err, errlen);
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

	j->ret = pab_results_load(j->path, j->out, j->err, sizeof(j->err));
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
