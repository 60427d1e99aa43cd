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

static const char *const method_names[PAB_METHOD_NR] = {
	[PAB_METHOD_NULL] = "null",
	[PAB_METHOD_APPLY] = "apply",
	[PAB_METHOD_WALK] = "walk",
	[PAB_METHOD_WALK_LOCKLESS] = "walk-lockless",
	[PAB_METHOD_SET_MEMORY] = "set-memory",
};

const char *pab_method_name(unsigned int method)
{
	return method < PAB_METHOD_NR ? method_names[method] : NULL;
}

int pab_method_parse(const char *name)
{
	for (unsigned int i = 0; i < PAB_METHOD_NR; i++)
		if (!strcmp(name, method_names[i]))
			return (int)i;
	return -1;
}

const char *pab_level_name(unsigned int level)
{
	static const char *const names[PAB_LVL_NR] = { "pte", "cont_pte", "pmd", "cont_pmd", "pud" };

	return level < PAB_LVL_NR ? names[level] : NULL;
}

const char *pab_lazy_api_name(unsigned int api)
{
	switch (api) {
	case PAB_LAZY_API_NONE: return "none";
	case PAB_LAZY_API_ARCH: return "arch_enter_lazy_mmu_mode";
	case PAB_LAZY_API_GENERIC: return "lazy_mmu_mode_enable";
	}
	return NULL;
}

const char *pab_walker_api_name(unsigned int api)
{
	switch (api) {
	case PAB_WALKER_NONE: return "none";
	case PAB_WALKER_NOVMA: return "walk_page_range_novma";
	case PAB_WALKER_KERNEL: return "walk_kernel_page_table_range";
	}
	return NULL;
}

const char *pab_arch_name(unsigned int arch)
{
	switch (arch) {
	case PAB_ARCH_ARM64: return "arm64";
	case PAB_ARCH_X86_64: return "x86_64";
	}
	return "unknown";
}
