// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include "tap.h"

void tap_begin(struct tap *t, int planned)
{
	*t = (struct tap){ .planned = planned };
	printf("TAP version 13\n1..%d\n", planned);
	fflush(stdout);
}

bool tap_ok(struct tap *t, bool ok, const char *fmt, ...)
{
	va_list ap;

	t->n++;
	if (ok)
		t->pass++;
	else
		t->fail++;
	printf("%sok %d ", ok ? "" : "not ", t->n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return ok;
}

void tap_skip(struct tap *t, const char *reason, const char *fmt, ...)
{
	va_list ap;

	t->n++;
	t->skip++;
	printf("ok %d ", t->n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", reason);
	fflush(stdout);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int tap_end(struct tap *t)
{
	if (t->n != t->planned) {
		tap_diag("planned %d tests but ran %d", t->planned, t->n);
		t->fail += t->n < t->planned ? t->planned - t->n : 0;
	}
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
	       t->pass, t->fail, t->skip);
	fflush(stdout);
	return t->fail || t->n != t->planned ? 1 : 0;
}
