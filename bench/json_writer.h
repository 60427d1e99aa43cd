/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer: keeps track of nesting and commas so callers
 * only say what to write. Output is pretty-printed (two-space indent), valid
 * JSON; strings are escaped per RFC 8259.
 */
#ifndef PAB_JSON_WRITER_H
#define PAB_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JW_MAX_DEPTH 32

struct jw {
	FILE *f;
	int depth;
	bool compact;		/* one line, no indentation (JSON Lines) */
	bool need_comma[JW_MAX_DEPTH];
};

void jw_init(struct jw *w, FILE *f);
void jw_init_compact(struct jw *w, FILE *f);
/* key is NULL inside arrays and for the top-level value. */
void jw_object_begin(struct jw *w, const char *key);
void jw_object_end(struct jw *w);
void jw_array_begin(struct jw *w, const char *key);
void jw_array_end(struct jw *w);
void jw_string(struct jw *w, const char *key, const char *val);
void jw_int(struct jw *w, const char *key, int64_t val);
void jw_uint(struct jw *w, const char *key, uint64_t val);
void jw_double(struct jw *w, const char *key, double val);	/* NaN/inf -> null */
void jw_bool(struct jw *w, const char *key, bool val);
void jw_null(struct jw *w, const char *key);
/*
 * A value serialised already (valid JSON on one line, e.g. a record written
 * earlier by a compact writer), placed as it is with the comma and indent
 * this writer owns.
 */
void jw_raw(struct jw *w, const char *key, const char *json);
/* Finish the document with a newline. */
void jw_finish(struct jw *w);

/* Write s as a quoted, escaped JSON string. */
void jw_write_escaped(FILE *f, const char *s);

#endif /* PAB_JSON_WRITER_H */
