// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <math.h>
#include "json_writer.h"

void jw_init(struct jw *w, FILE *f)
{
	w->f = f;
	w->depth = 0;
	w->compact = false;
	w->need_comma[0] = false;
}

void jw_init_compact(struct jw *w, FILE *f)
{
	jw_init(w, f);
	w->compact = true;
}

static void jw_newline(struct jw *w)
{
	if (w->compact)
		return;
	fputc('\n', w->f);
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

void jw_write_escaped(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* Comma, newline and indent before a value; then its key, if any. */
static void jw_prefix(struct jw *w, const char *key)
{
	if (w->need_comma[w->depth])
		fputc(',', w->f);
	if (w->depth > 0)
		jw_newline(w);
	w->need_comma[w->depth] = true;
	if (key) {
		jw_write_escaped(w->f, key);
		fputs(w->compact ? ":" : ": ", w->f);
	}
}

void jw_raw(struct jw *w, const char *key, const char *json)
{
	jw_prefix(w, key);
	fputs(json, w->f);
}

static void jw_open(struct jw *w, const char *key, char c)
{
	jw_prefix(w, key);
	fputc(c, w->f);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void jw_close(struct jw *w, char c)
{
	bool had_items = w->need_comma[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (had_items)
		jw_newline(w);
	fputc(c, w->f);
}

void jw_object_begin(struct jw *w, const char *key) { jw_open(w, key, '{'); }
void jw_object_end(struct jw *w) { jw_close(w, '}'); }
void jw_array_begin(struct jw *w, const char *key) { jw_open(w, key, '['); }
void jw_array_end(struct jw *w) { jw_close(w, ']'); }

void jw_string(struct jw *w, const char *key, const char *val)
{
	jw_prefix(w, key);
	if (val)
		jw_write_escaped(w->f, val);
	else
		fputs("null", w->f);
}

void jw_int(struct jw *w, const char *key, int64_t val)
{
	jw_prefix(w, key);
	fprintf(w->f, "%" PRId64, val);
}

void jw_uint(struct jw *w, const char *key, uint64_t val)
{
	jw_prefix(w, key);
	fprintf(w->f, "%" PRIu64, val);
}

void jw_double(struct jw *w, const char *key, double val)
{
	jw_prefix(w, key);
	if (isfinite(val))
		fprintf(w->f, "%.17g", val);
	else
		fputs("null", w->f);
}

void jw_bool(struct jw *w, const char *key, bool val)
{
	jw_prefix(w, key);
	fputs(val ? "true" : "false", w->f);
}

void jw_null(struct jw *w, const char *key)
{
	jw_prefix(w, key);
	fputs("null", w->f);
}

void jw_finish(struct jw *w)
{
	if (!w->compact)
		fputc('\n', w->f);
	fflush(w->f);
}
