// SPDX-License-Identifier: GPL-2.0
/*
 * The document scan behind the one reader of result files: the file read
 * (mapped where it can be), its sample arrays parsed straight into integers
 * in parallel, the rest handed to jansson (rd_parse). The records are
 * decoded by results_reader.c and its reader_*.c.
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

/* in[i] == '[': its first ']' if the array is long enough to take out of the text, else NULL. */
static const char *bulk_close(const char *in, size_t len, size_t i)
{
	const char *close = memchr(in + i, ']', len - i);

	return close && (size_t)(close + 1 - (in + i)) >= BULK_MIN_TEXT ? close : NULL;
}

/*
 * The digits at p (p[0] is one) as an integer, *x; the byte after them, or
 * NULL when they are not a plain JSON integer that surely fits (a leading
 * zero, more than 18 digits). Up to 8 digits at once where 8 bytes can be
 * read (SWAR, little-endian): a result file is mostly 4- and 5-digit
 * numbers, and a digit at a time was 7 ns apiece.
 */
static inline const char *read_uint(const char *p, const char *lim, uint64_t *x)
{
	const char *first = p;
	uint64_t v;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (lim - p >= 8) {
		uint64_t w, nd;
		unsigned int k;

		memcpy(&w, p, 8);
		w ^= 0x3030303030303030ULL;	/* digits to 0..9 */
		/* the top bit of each byte that is not 0..9 (no carry between bytes) */
		nd = (((w & 0x7f7f7f7f7f7f7f7fULL) + 0x7676767676767676ULL) | w) & 0x8080808080808080ULL;
		if (nd) {
			k = (unsigned int)__builtin_ctzll(nd) / 8;	/* digits before it: 1..7 */
			if (k > 1 && (w & 0xff) == 0)
				return NULL;
			w <<= 8 * (8 - k);	/* the digits at the top: leading zeros */
			w = (w * 10 + (w >> 8)) & 0x00ff00ff00ff00ffULL;
			w = (w * 100 + (w >> 16)) & 0x0000ffff0000ffffULL;
			*x = (w * 10000 + (w >> 32)) & 0xffffffffULL;
			return p + k;
		}
	}
#endif
	v = (uint64_t)(*p++ - '0');
	if (v)
		while ((unsigned char)(*p - '0') < 10)
			v = v * 10 + (uint64_t)(*p++ - '0');	/* wraps past 19 digits: refused below */
	if (p - first > 18 || (unsigned char)(*p - '0') < 10)
		return NULL;
	*x = v;
	return p;
}

/* The commas in [p, end): 8 bytes at a time (a byte loop was a third of the parse). */
static size_t count_commas(const char *p, const char *end)
{
	const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7f7f7f7f7f7f7f7fULL;
	size_t n = 0;

	for (; end - p >= 8; p += 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		w ^= ones * ',';	/* commas to zero bytes */
		/* the top bit of each zero byte (no carry between bytes), counted by a multiply */
		w = ~(((w & low7) + low7) | w) & ~low7;
		n += (size_t)(((w >> 7) * ones) >> 56);
	}
	for (; p < end; p++)
		n += *p == ',';
	return n;
}

/*
 * The form the writer emits, "1,22,333" up to close (no white space), into
 * v[0..cap): false if it is anything else. Parsed by four cursors, each
 * over a quarter (cut at commas, its count from its commas, so each knows
 * where its values go), one number from each in turn: a number's end
 * decides where the next starts, and four such chains run side by side
 * where one left the core waiting on each (twice as fast).
 */
static bool parse_dense(const char *p, const char *close, const char *lim, uint64_t *v, size_t cap)
{
	enum { W = 4 };
	const char *cur[W], *end[W], *s = p;
	uint64_t *out[W];
	size_t left[W], base = 0;
	bool any = true;

	for (int j = 0; j < W; j++) {
		const char *t = p + (size_t)(close - p) * (size_t)(j + 1) / W, *e = close;

		if (j < W - 1 && s < close) {
			t = t < s ? s : t;
			e = memchr(t, ',', (size_t)(close - t));
			e = e ? e : close;
		}
		if (e == s && s != close)
			return false;	/* ",,": a value missing */
		cur[j] = s;
		end[j] = e;
		left[j] = e > s ? count_commas(s, e) + 1 : 0;
		out[j] = v + base;
		base += left[j];
		s = e < close ? e + 1 : close;
	}
	if (base != cap)
		return false;
	while (any) {
		any = false;
		for (int j = 0; j < W; j++) {
			const char *q = cur[j];

			if (!left[j])
				continue;
			any = true;
			if ((unsigned char)(*q - '0') > 9 || !(q = read_uint(q, lim, out[j]++)))
				return false;
			if (--left[j]) {
				if (*q++ != ',')
					return false;
			} else if (q != end[j]) {
				return false;
			}
			cur[j] = q;
		}
	}
	return true;
}

/*
 * [p, close) as the indices of its nonzero values into out->hit: runs of
 * "0,0,0,0," (that word as a little-endian integer) skipped 8 bytes a
 * step, anything else read one value at a time. false if it is not the
 * dense form of plain integers.
 */
static bool hit_indices(const char *p, const char *close, const char *lim, struct rd_bulk *out)
{
	const uint64_t zeros = 0x2c302c302c302c30ULL;
	size_t idx = 0, cap = 0;

	out->hit = NULL;
	out->nhit = 0;
	while (p < close) {
		uint64_t w = 0, x;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		if (close - p > 8)
			memcpy(&w, p, 8);
		if (w == zeros) {
			p += 8;
			idx += 4;
			continue;
		}
#endif
		if ((unsigned char)(*p - '0') > 9 || !(p = read_uint(p, lim, &x)))
			break;
		if (x) {
			if (out->nhit == cap) {
				size_t *nh = realloc(out->hit, (cap = cap ? 2 * cap : 64) * sizeof(*nh));

				if (!nh)
					break;
				out->hit = nh;
			}
			out->hit[out->nhit++] = idx;
		}
		idx++;
		if (p == close) {
			out->n = idx;
			return true;
		}
		if (*p++ != ',')
			break;
	}
	free(out->hit);
	out->hit = NULL;
	out->nhit = 0;
	return false;
}

/*
 * in[i] == '[' and close its first ']': a plain array of integers >= 0?
 * Then out holds them.
 */
static bool bulk_array(const char *in, size_t len, size_t i, const char *close, struct rd_bulk *out)
{
	/*
	 * Nothing before the first ']' can close the array, and ']' is neither
	 * a digit nor white space: every scan stops there without a bound check.
	 */
	const char *p = in + i + 1, *lim = in + len;
	size_t n = 0, cap;
	uint64_t *v;

	if (out->flags) {
		if (hit_indices(p, close, lim, out))
			return true;
		out->flags = false;	/* white space, say: read as values */
	}

	/*
	 * Room for every value: one more than the commas, so the allocation is
	 * the array's size: small ones from the heap, not an mmap, mremap and
	 * munmap each (a tenth of compare's time on 1000 records, and the two
	 * threads' mmap_lock contended).
	 */
	cap = 1 + count_commas(p, close);
	v = malloc(cap * sizeof(*v));
	if (!v)
		return false;
	if (parse_dense(p, close, lim, v, cap)) {
		out->v = v;
		out->n = cap;
		return true;
	}
	/* With white space (or not plain integers, to be found out): one value at a time. */
	while (is_ws(*p))
		p++;
	while (p < close && n < cap) {
		/* Not a plain integer that surely fits: jansson reads (or refuses) it. */
		if ((unsigned char)(*p - '0') > 9 || !(p = read_uint(p, lim, &v[n])))
			break;
		n++;
		if (*p == ',') {
			p++;
			if (is_ws(*p))
				while (is_ws(*p))
					p++;
			continue;
		}
		while (is_ws(*p))
			p++;
		if (p == close) {
			out->v = v;
			out->n = n;
			return true;
		}
		if (*p != ',')
			break;	/* a fraction, an exponent, anything else */
		p++;
		while (is_ws(*p))
			p++;
	}
	free(v);
	return false;
}

/*
 * The text jansson parses (malloc'd, NUL-terminated, *olen bytes), the arrays
 * in c->bulk. With defer, each array is only found (its span in c->bulk)
 * and parsed later (bulk_parse_all), else parsed here.
 */
static char *bulk_rewrite(struct ctx *c, const char *in, size_t len, size_t *olen, bool defer)
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

			const char *close = bulk_close(in, len, i);

			if (close && c->nbulk == c->bulk_cap) {
				struct rd_bulk *nb = realloc(c->bulk, (c->bulk_cap = c->bulk_cap ? 2 * c->bulk_cap : 16) *
								      sizeof(*nb));

				if (!nb) {
					free(out);
					return NULL;
				}
				c->bulk = nb;
			}
			memset(&b, 0, sizeof(b));
			b.flags = str && slen == 3 && !memcmp(str, "irq", 3);
			if (close && (defer || bulk_array(in, len, i, close, &b))) {
				b.at = i;
				b.close = (size_t)(close - in);
				c->bulk[c->nbulk] = b;
				/* the tag's first byte, \001, escaped as JSON wants it */
				o += (size_t)snprintf(out + o, len + 1 - o, "\"\\u0001%s%zu\"", c->bulk_tag + 1, c->nbulk);
				c->nbulk++;
				i = b.close + 1;
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

bool rd_bulk_hits(struct ctx *c, json_t *samples, const char *field, size_t *n, size_t **hit,
		  size_t *nhit)
{
	long k = rd_bulk_index(c, json_object_get(samples, field));

	if (k < 0 || !c->bulk[k].flags)
		return false;
	*n = c->bulk[k].n;
	*hit = c->bulk[k].hit;
	*nhit = c->bulk[k].nhit;
	c->bulk[k].hit = NULL;
	return true;
}

void rd_bulk_free(struct ctx *c)
{
	for (size_t i = 0; i < c->nbulk; i++) {
		free(c->bulk[i].v);
		free(c->bulk[i].hit);
	}
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

/* One thread's share of the arrays: those with owner[k] == me. */
struct bulk_part {
	struct ctx *c;
	const char *in;
	size_t len;
	const unsigned char *owner;
	unsigned char me;
	bool ok;
};

static void *bulk_parse_part(void *arg)
{
	struct bulk_part *p = arg;

	p->ok = true;
	for (size_t k = 0; k < p->c->nbulk && p->ok; k++) {
		struct rd_bulk *b = &p->c->bulk[k];

		if (p->owner[k] == p->me)
			p->ok = bulk_array(p->in, p->len, b->at, p->in + b->close, b);
	}
	return NULL;
}

/*
 * The arrays bulk_rewrite found, parsed on two threads (each array whole,
 * to the thread with fewer bytes so far: a result file's arrays come in
 * threes of similar size), or on this one when c->serial or no thread can
 * start. false when one is not plain integers.
 */
static bool bulk_parse_all(struct ctx *c, const char *in, size_t len)
{
	unsigned char *owner = calloc(c->nbulk ? c->nbulk : 1, 1);
	struct bulk_part part[2];
	size_t load[2] = { 0, 0 };
	pthread_t t;
	bool threaded;

	if (!owner)
		return false;
	for (size_t k = 0; k < c->nbulk && !c->serial; k++) {
		owner[k] = load[1] < load[0];
		load[owner[k]] += c->bulk[k].close - c->bulk[k].at;
	}
	for (int i = 0; i < 2; i++)
		part[i] = (struct bulk_part){ .c = c, .in = in, .len = len, .owner = owner,
					      .me = (unsigned char)i };
	threaded = load[1] && !pthread_create(&t, NULL, bulk_parse_part, &part[1]);
	if (!threaded)
		memset(owner, 0, c->nbulk);
	bulk_parse_part(&part[0]);
	if (threaded)
		pthread_join(t, NULL);
	free(owner);
	return part[0].ok && (!threaded || part[1].ok);
}

/* The document: samples arrays into c->bulk, the rest through jansson. */
json_t *rd_parse(struct ctx *c, const char *path, json_error_t *jerr)
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
	rw = bulk_rewrite(c, text, len, &rlen, true);
	if (rw && !bulk_parse_all(c, text, len)) {
		/* An array that is not plain integers: the text keeps it, jansson says what it is. */
		free(rw);
		rd_bulk_free(c);
		rw = bulk_rewrite(c, text, len, &rlen, false);
	}
	if (rw)
		root = json_loadb(rw, rlen, 0, jerr);
	free(rw);
	if (!root) {
		/* The message and line:column from the text as written. */
		rd_bulk_free(c);
		root = json_loadb(text, len, 0, jerr);
	}
	if (mapped)
		munmap(mapped, len);
	else
		free(text);
	return root;
}

/* results[i] by its type: run records (no type, or "run") and concurrent ones. */
