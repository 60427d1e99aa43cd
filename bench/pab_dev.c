// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "pab_dev.h"

int pab_dev_open(struct pab_dev *dev)
{
	dev->err[0] = '\0';
	dev->fd = open(PAB_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (dev->fd >= 0)
		return 0;
	int e = errno;

	if (e == ENOENT)
		snprintf(dev->err, sizeof(dev->err),
			 "%s not found: load the module first (insmod pageattr_bench.ko)",
			 PAB_DEVICE_PATH);
	else if (e == EACCES || e == EPERM)
		snprintf(dev->err, sizeof(dev->err), "%s: permission denied: run as root",
			 PAB_DEVICE_PATH);
	else
		snprintf(dev->err, sizeof(dev->err), "%s: %s", PAB_DEVICE_PATH, strerror(e));
	return -e;
}

void pab_dev_close(struct pab_dev *dev)
{
	if (dev->fd >= 0)
		close(dev->fd);
	dev->fd = -1;
}

int pab_dev_ioctl(struct pab_dev *dev, unsigned long cmd, void *arg, size_t size,
		  const char *what)
{
	struct pab_error perr = { .size = sizeof(perr) };

	*(uint32_t *)arg = (uint32_t)size;
	if (ioctl(dev->fd, cmd, arg) == 0)
		return 0;
	int e = errno;

	if (ioctl(dev->fd, PAB_IOC_LAST_ERROR, &perr) == 0 && perr.error == -e && perr.msg[0])
		snprintf(dev->err, sizeof(dev->err), "%s: %s (%s)", what, perr.msg, strerror(e));
	else
		snprintf(dev->err, sizeof(dev->err), "%s: %s", what, strerror(e));
	return -e;
}
