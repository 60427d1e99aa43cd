// SPDX-License-Identifier: GPL-2.0
/*
 * Failure reasons for userspace (PAB_IOC_LAST_ERROR). On its own so every
 * file can record one without depending on the ioctl code in pab_main.c.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include "pab.h"

int pab_fail(struct pab_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	if (!ctx)
		return err;
	ctx->last_err = err;
	va_start(ap, fmt);
	vsnprintf(ctx->last_msg, sizeof(ctx->last_msg), fmt, ap);
	va_end(ap);
	return err;
}

const char *pab_choices(char *buf, size_t len, const char *const *names,
			const unsigned int *flags, unsigned int n, unsigned int skip)
{
	unsigned int i, left = 0;
	size_t pos = 0;

	for (i = 0; i < n; i++)
		left += names[i] && !(flags[i] & skip);
	buf[0] = '\0';
	for (i = 0; i < n && pos < len; i++) {
		if (!names[i] || flags[i] & skip)
			continue;
		left--;
		pos += scnprintf(buf + pos, len - pos, "%s%s", names[i],
				 !left ? "" : left == 1 ? " or " : ", ");
	}
	return buf;
}
