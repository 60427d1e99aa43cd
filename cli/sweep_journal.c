// SPDX-License-Identifier: GPL-2.0
/*
 * A sweep's journal (OUT.json.jsonl: one record a line, flushed and
 * fsync'ed after each configuration, what --resume trusts) and its table
 * cut back to it: the records kept for the result file, and which
 * configurations are done.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "canon.h"
#include "sweep_journal.h"

/* The "name" of a journal line: records start {"name":"...". */
static char *journal_name(const char *line)
{
	const char *p = strstr(line, "\"name\":\"");
	const char *e;

	if (p != line + 1)
		return NULL;
	p += 8;
	for (e = p; *e && *e != '"'; e++)
		if (*e == '\\' && e[1])
			e++;
	if (!*e)
		return NULL;
	{
		/* Journals from before canonical names: the key of what they spelled. */
		char raw[512], canon[512];

		snprintf(raw, sizeof(raw), "%.*s", (int)(e - p), p);
		return strdup(pab_name_canonical(raw, canon, sizeof(canon)));
	}
}

/*
 * The journal's records, for --resume. A last line without its newline was
 * being written when the sweep was killed (a record longer than stdio's
 * buffer goes out in several writes): it is dropped and cut from the file,
 * so its configuration runs again and is journaled once. Any other line
 * that is no record stops the sweep (err).
 */
int sweep_load_journal(const char *path, struct sweep *sw, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	off_t good = 0;
	int lineno = 0;

	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot read the journal %.400s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		char *name;

		lineno++;
		if (line[len - 1] != '\n') {
			printf("journal %s: its last record was cut off (the sweep was killed while writing it): dropped, that configuration runs again\n",
			       path);
			break;
		}
		good += len;
		line[len - 1] = '\0';
		if (!*line)
			continue;
		name = journal_name(line);
		if (!name) {
			snprintf(err, errlen, "%.400s:%d: not a pageattr-bench record (truncated? delete the line to go on)",
				 path, lineno);
			free(line);
			fclose(f);
			return -1;
		}
		sw->records = realloc(sw->records, (sw->n + 1) * sizeof(char *));
		sw->names = realloc(sw->names, (sw->n + 1) * sizeof(char *));
		sw->records[sw->n] = strdup(line);
		sw->names[sw->n++] = name;
	}
	free(line);
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read the journal %.400s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	if (len > 0 && truncate(path, good)) {
		snprintf(err, errlen, "cannot cut the journal %.400s back to its whole records: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

static ssize_t journal_index(const struct sweep *sw, const char *name)
{
	for (size_t i = 0; i < sw->n; i++)
		if (!strcmp(sw->names[i], name))
			return (ssize_t)i;
	return -1;
}

bool sweep_already_done(const struct sweep *sw, const char *name)
{
	return journal_index(sw, name) >= 0;
}

/*
 * --resume: the table (OUT.csv) cut back to the journal: its header, then
 * the first row of each journaled configuration (a row is written before
 * its journal line, so a sweep killed between the two left a row whose
 * configuration runs again). Rewritten via OUT.csv.tmp. Returns 1 when
 * there is no table (a new one gets the header), 0, or -1 with err.
 */
int sweep_csv_keep_journaled(const char *path, const struct sweep *sw, char *err, size_t errlen)
{
	char tmp[4200], *line = NULL;
	bool *seen = calloc(sw->n + 1, sizeof(bool));
	FILE *in = fopen(path, "r"), *out = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = -1, lineno = 0;

	if (!in) {
		free(seen);
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "cannot read %.400s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!seen || !(out = fopen(tmp, "w"))) {
		snprintf(err, errlen, "cannot write %.400s: %s", tmp, strerror(errno));
		goto out;
	}
	while ((len = getline(&line, &cap, in)) > 0) {
		char field[512], canon[512];
		size_t k = 0;
		ssize_t j;

		if (line[len - 1] != '\n')	/* cut off by a kill */
			break;
		if (lineno++ == 0) {	/* the header */
			fputs(line, out);
			continue;
		}
		/* The first field: the configuration's name, quoted ("" for a quote). */
		if (line[0] != '"')
			continue;
		for (const char *c = line + 1; *c && k + 1 < sizeof(field); c++) {
			if (*c == '"' && c[1] != '"')
				break;
			if (*c == '"')
				c++;
			field[k++] = *c;
		}
		field[k] = '\0';
		j = journal_index(sw, pab_name_canonical(field, canon, sizeof(canon)));
		if (j < 0 || seen[j])
			continue;
		seen[j] = true;
		fputs(line, out);
	}
	if (ferror(in)) {
		snprintf(err, errlen, "cannot read %.400s: %s", path, strerror(errno));
		goto out;
	}
	if (fflush(out) || ferror(out) || fclose(out)) {
		out = NULL;
		snprintf(err, errlen, "writing %.400s failed: %s", tmp, strerror(errno));
		goto out;
	}
	out = NULL;
	if (rename(tmp, path)) {
		snprintf(err, errlen, "cannot rename %.400s to %.400s: %s", tmp, path, strerror(errno));
		goto out;
	}
	ret = lineno ? 0 : 1;	/* an empty table gets its header */
out:
	if (out)
		fclose(out);
	if (ret < 0)
		unlink(tmp);
	fclose(in);
	free(line);
	free(seen);
	return ret;
}

int sweep_add(struct sweep *sw, char *rec, const char *name)
{
	char **r = realloc(sw->records, (sw->n + 1) * sizeof(char *)), **nm;

	if (!r)
		return -1;
	sw->records = r;
	nm = realloc(sw->names, (sw->n + 1) * sizeof(char *));
	if (!nm)
		return -1;
	sw->names = nm;
	sw->records[sw->n] = rec;
	sw->names[sw->n++] = strdup(name);
	return 0;
}

void sweep_free(struct sweep *sw)
{
	for (size_t i = 0; i < sw->n; i++) {
		free(sw->records[i]);
		free(sw->names[i]);
	}
	free(sw->records);
	free(sw->names);
}
