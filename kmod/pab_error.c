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
