/* SPDX-License-Identifier: GPL-2.0 */
/* TAP 13 output in the kselftest style (plan, ok/not ok, # SKIP, totals). */
#ifndef PAB_TAP_H
#define PAB_TAP_H

#include <stdbool.h>

struct tap {
	int planned;
	int n;
	int pass;
	int fail;
	int skip;
};

void tap_begin(struct tap *t, int planned);
/* Returns ok, so callers can chain on it. */
bool tap_ok(struct tap *t, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tap_skip(struct tap *t, const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print totals; 0 if every planned test ran and none failed, else 1. */
int tap_end(struct tap *t);

#endif /* PAB_TAP_H */
