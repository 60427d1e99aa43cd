// SPDX-License-Identifier: GPL-2.0
/*
 * report.html: report.md rendered, with the plots inline, so the report is
 * one file to mail or attach that any browser shows as a document. The
 * markdown is the report's own (report_text.c writes it), so the renderer
 * covers exactly what that uses: headings, paragraphs, "- " lists, "> "
 * notes, pipe tables, images, `code` and **bold**.
 */
#include <stdlib.h>
#include <string.h>
#include "report.h"

static void base64_file(FILE *out, const char *path)
{
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char in[3];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return;
	while ((n = fread(in, 1, 3, f)) > 0) {
		unsigned int v = in[0] << 16 | (n > 1 ? in[1] << 8 : 0) | (n > 2 ? in[2] : 0);

		fputc(tbl[v >> 18 & 63], out);
		fputc(tbl[v >> 12 & 63], out);
		fputc(n > 1 ? tbl[v >> 6 & 63] : '=', out);
		fputc(n > 2 ? tbl[v & 63] : '=', out);
	}
	fclose(f);
}

/* Text with HTML escaped, `code` and **bold** marked up. */
static void inline_text(FILE *out, const char *s, size_t n)
{
	bool code = false, bold = false;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '`') {
			fputs(code ? "</code>" : "<code>", out);
			code = !code;
		} else if (!code && s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
			fputs(bold ? "</strong>" : "<strong>", out);
			bold = !bold;
			i++;
		} else if (s[i] == '<') {
			fputs("&lt;", out);
		} else if (s[i] == '>') {
			fputs("&gt;", out);
		} else if (s[i] == '&') {
			fputs("&amp;", out);
		} else {
			fputc(s[i], out);
		}
	}
	if (code)
		fputs("</code>", out);
	if (bold)
		fputs("</strong>", out);
}

/* One table row: cells between pipes, th for the header. */
static void table_row(FILE *out, const char *line, bool head)
{
	const char *p = line + 1;

	fputs("<tr>", out);
	while (*p && *p != '\n') {
		const char *e = strchr(p, '|');

		if (!e)
			break;
		while (*p == ' ')
			p++;
		fputs(head ? "<th>" : "<td>", out);
		inline_text(out, p, (size_t)(e - p) > 0 && e[-1] == ' ' ? (size_t)(e - p - 1) : (size_t)(e - p));
		fputs(head ? "</th>" : "</td>", out);
		p = e + 1;
	}
	fputs("</tr>\n", out);
}

/* ![alt](plots/NAME.png): the PNG from the plot directory, inline. */
static void image(FILE *out, const struct pab_report *rp, const char *line)
{
	const char *alt = line + 2, *alt_end = strstr(alt, "]("), *src, *src_end;
	char path[8300];

	if (!alt_end)
		return;
	src = alt_end + 2;
	src_end = strchr(src, ')');
	if (!src_end || strncmp(src, "plots/", 6))
		return;
	snprintf(path, sizeof(path), "%s/%.*s", rp->plotdir, (int)(src_end - src - 6), src + 6);
	fputs("<p><img alt=\"", out);
	inline_text(out, alt, (size_t)(alt_end - alt));
	fputs("\" src=\"data:image/png;base64,", out);
	base64_file(out, path);
	fputs("\"></p>\n", out);
}

enum block { NONE, PARA, LIST, QUOTE, TABLE };

static enum block close_block(FILE *out, enum block b)
{
	static const char *const end[] = { "", "</p>\n", "</ul>\n", "</blockquote>\n", "</table>\n" };

	fputs(end[b], out);
	return NONE;
}

void pab_report_html(struct pab_report *rp)
{
	char path[4200], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	enum block b = NONE;
	bool head = false;
	FILE *html, *md;

	snprintf(path, sizeof(path), "%s/report.html", rp->dir);
	html = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/report.md", rp->dir);
	md = fopen(path, "r");
	if (!html || !md) {
		if (html)
			fclose(html);
		if (md)
			fclose(md);
		return;
	}
	fputs("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>pageattr-bench report</title>"
	      "<style>body{font-family:sans-serif;max-width:1150px;margin:auto;padding:0 1em}"
	      "table{border-collapse:collapse;font-size:90%;margin:0.5em 0}"
	      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}th{background:#eee}"
	      "blockquote{border-left:4px solid #c90;margin:0.5em 0;padding:0.2em 1em;background:#fff8e0}"
	      "img{max-width:100%}code{font-size:90%}</style></head><body>\n", html);
	while ((len = getline(&line, &cap, md)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len) {
			b = close_block(html, b);
			continue;
		}
		if (line[0] == '#') {
			int level = (int)strspn(line, "#");

			b = close_block(html, b);
			fprintf(html, "<h%d>", level);
			inline_text(html, line + level + 1, strlen(line + level + 1));
			fprintf(html, "</h%d>\n", level);
		} else if (!strncmp(line, "![", 2)) {
			b = close_block(html, b);
			image(html, rp, line);
		} else if (line[0] == '|') {
			if (b != TABLE) {
				b = close_block(html, b);
				fputs("<table>\n", html);
				b = TABLE;
				head = true;
			}
			if (!strncmp(line, "|---", 4))
				continue;
			table_row(html, line, head);
			head = false;
		} else if (!strncmp(line, "- ", 2)) {
			if (b != LIST) {
				b = close_block(html, b);
				fputs("<ul>\n", html);
				b = LIST;
			}
			fputs("<li>", html);
			inline_text(html, line + 2, strlen(line + 2));
			fputs("</li>\n", html);
		} else if (!strncmp(line, "> ", 2)) {
			if (b != QUOTE) {
				b = close_block(html, b);
				fputs("<blockquote>", html);
				b = QUOTE;
			}
			inline_text(html, line + 2, strlen(line + 2));
			fputc('\n', html);
		} else {
			if (b != PARA) {
				b = close_block(html, b);
				fputs("<p>", html);
				b = PARA;
			}
			inline_text(html, line, strlen(line));
			fputc('\n', html);
		}
	}
	close_block(html, b);
	fputs("</body></html>\n", html);
	free(line);
	fclose(md);
	fclose(html);
}
