// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reader_util.h"

void rd_fail(struct ctx *c, const char *where, const char *field, const char *what)
{
	if (c->failed++)
		return;
	snprintf(c->err, c->errlen, "%s: %s: field '%s' %s", c->path, where, field, what);
}

char *rd_str(struct ctx *c, json_t *o, const char *where, const char *field, bool required)
{
	json_t *v = json_object_get(o, field);

	if (!v) {
		if (required)
			rd_fail(c, where, field, "is missing");
		return NULL;
	}
	if (!json_is_string(v)) {
		rd_fail(c, where, field, "is not a string");
		return NULL;
	}
	return strdup(json_string_value(v));
}

double rd_num(struct ctx *c, json_t *o, const char *where, const char *field, bool required)
{
	json_t *v = json_object_get(o, field);

	if (!v || json_is_null(v)) {
		if (required)
			rd_fail(c, where, field, "is missing");
		return 0;
	}
	if (!json_is_number(v)) {
		rd_fail(c, where, field, "is not a number");
		return 0;
	}
	return json_number_value(v);
}

/*
 * A count or a size: a number from 0 to 2^64 (converting anything else,
 * e.g. -1 or 1e300, to uint64_t is undefined).
 */
uint64_t rd_uint(struct ctx *c, json_t *o, const char *where, const char *field, bool required)
{
	double v = rd_num(c, o, where, field, required);

	if (!(v >= 0 && v < 18446744073709551616.0)) {
		rd_fail(c, where, field, "is not a count (a number from 0 to 2^64)");
		return 0;
	}
	return (uint64_t)v;
}

double rd_num_or_null(struct ctx *c, json_t *o, const char *where, const char *field)
{
	json_t *v = json_object_get(o, field);

	if (json_is_null(v))
		return 0;
	return rd_num(c, o, where, field, true);
}

/*
 * jansson quotes the text near a syntax error, raw: a newline or another
 * control byte of the file would break the one-line message. Escape them.
 */
const char *rd_printable(const char *text, char *buf, size_t len)
{
	size_t o = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p && o + 5 < len; p++) {
		if (*p == '\n')
			o += (size_t)snprintf(buf + o, len - o, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", *p);
		else
			buf[o++] = (char)*p;
	}
	buf[o] = '\0';
	return buf;
}
