/* SPDX-License-Identifier: GPL-2.0 */
/* Talking to /dev/pageattr_bench: open, ioctl, and the module's error reason. */
#ifndef PAB_DEV_H
#define PAB_DEV_H

#include <stddef.h>
#include <stdint.h>
#include "pageattr_bench_uapi.h"
#include "vocab.h"

struct pab_dev {
	int fd;
	char err[256];	/* last failure, one line: what failed and why */
};

/* Open the device; on failure err says what to do (load the module, be root). */
int pab_dev_open(struct pab_dev *dev);
void pab_dev_close(struct pab_dev *dev);

/*
 * Issue an ioctl whose argument starts with "__u32 size" (set here). On
 * failure returns -errno and fills dev->err with "what: reason" where the
 * reason is the module's own one-line explanation when it gave one.
 */
int pab_dev_ioctl(struct pab_dev *dev, unsigned long cmd, void *arg, size_t size,
		  const char *what);

#endif /* PAB_DEV_H */
