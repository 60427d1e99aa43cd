// SPDX-License-Identifier: GPL-2.0
/* The JSON writer: exact output for nesting, commas, escaping and numbers. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json_writer.h"

static int failures;

static void expect_eq(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want)) {
		printf("FAIL %s\n--- got:\n%s\n--- want:\n%s\n", what, got, want);
		failures++;
	} else {
		printf("ok   %s\n", what);
	}
}

static char *render(void (*fn)(struct jw *w), bool compact)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jw w;

	if (compact)
		jw_init_compact(&w, f);
	else
		jw_init(&w, f);
	fn(&w);
	jw_finish(&w);
	fclose(f);
	return buf;
}

static void doc_nested(struct jw *w)
{
	jw_object_begin(w, NULL);
	jw_string(w, "name", "walk");
	jw_uint(w, "pages", 18446744073709551615ULL);
	jw_int(w, "delta", -5);
	jw_bool(w, "ok", true);
	jw_null(w, "none");
	jw_array_begin(w, "empty");
	jw_array_end(w);
	jw_array_begin(w, "list");
	jw_uint(w, NULL, 1);
	jw_object_begin(w, NULL);
	jw_double(w, "x", 0.5);
	jw_object_end(w);
	jw_array_end(w);
	jw_object_end(w);
}

static void doc_escapes(struct jw *w)
{
	jw_object_begin(w, NULL);
	jw_string(w, "q\"k", "a\"b\\c\nd\te\x01" "f/\xc3\xa9");
	jw_double(w, "nan", NAN);
	jw_double(w, "inf", INFINITY);
	jw_string(w, "null_string", NULL);
	jw_object_end(w);
}

/* Records written earlier, placed as they are (bench/results.c's "results"). */
static void doc_raw(struct jw *w)
{
	jw_object_begin(w, NULL);
	jw_array_begin(w, "results");
	jw_raw(w, NULL, "{\"a\":1}");
	jw_raw(w, NULL, "{\"b\":[2]}");
	jw_array_end(w);
	jw_array_begin(w, "none");
	jw_array_end(w);
	jw_raw(w, "kept", "[1,2]");
	jw_object_end(w);
}

int main(void)
{
	char *s = render(doc_nested, true);

	expect_eq("compact (JSON Lines) output", s,
		  "{\"name\":\"walk\",\"pages\":18446744073709551615,\"delta\":-5,\"ok\":true,"
		  "\"none\":null,\"empty\":[],\"list\":[1,{\"x\":0.5}]}");
	free(s);
	s = render(doc_nested, false);

	expect_eq("nesting, commas and number formats", s,
		  "{\n"
		  "  \"name\": \"walk\",\n"
		  "  \"pages\": 18446744073709551615,\n"
		  "  \"delta\": -5,\n"
		  "  \"ok\": true,\n"
		  "  \"none\": null,\n"
		  "  \"empty\": [],\n"
		  "  \"list\": [\n"
		  "    1,\n"
		  "    {\n"
		  "      \"x\": 0.5\n"
		  "    }\n"
		  "  ]\n"
		  "}\n");
	free(s);
	s = render(doc_escapes, false);
	expect_eq("escaping (RFC 8259) and non-finite numbers", s,
		  "{\n"
		  "  \"q\\\"k\": \"a\\\"b\\\\c\\nd\\te\\u0001f/\xc3\xa9\",\n"
		  "  \"nan\": null,\n"
		  "  \"inf\": null,\n"
		  "  \"null_string\": null\n"
		  "}\n");
	free(s);
	s = render(doc_raw, false);
	expect_eq("raw values: comma and indent from the writer, the value as given", s,
		  "{\n"
		  "  \"results\": [\n"
		  "    {\"a\":1},\n"
		  "    {\"b\":[2]}\n"
		  "  ],\n"
		  "  \"none\": [],\n"
		  "  \"kept\": [1,2]\n"
		  "}\n");
	free(s);
	printf("%d passed, %d failed\n", 4 - failures, failures);
	return failures ? 1 : 0;
}
