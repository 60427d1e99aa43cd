/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the module and this machine say about themselves: kernel, page-table
 * geometry, CPU, walker, lazy MMU API, methods, symbols, PMUs. Shown by
 * 'info' and written at the head of every result file.
 */
#ifndef PAB_INFO_H
#define PAB_INFO_H

#include <stdbool.h>
#include <stdio.h>
#include "json_writer.h"
#include "pab_dev.h"

struct pab_info_all {
	struct pab_info info;
	struct pab_method_info methods[PAB_METHOD_NR];
	struct pab_symbol *syms;
	char pmus[16][64];
	int nr_pmus;
	char model_name[128];	/* /proc/cpuinfo "model name" (x86), else "" */
	bool emulated;		/* pab_cpu_emulated(): times are an emulator's */
	enum pab_clock clock;	/* pab_clock_of(): how times are taken (machine.clock) */
	/* The linear map's leaves (pab_info_gather_linear_map), when asked for. */
	struct pab_linear_map linear;
	bool have_linear;
};

/* A small procfs or sysfs file's first line without its newline ("" where unreadable). */
void pab_read_line(const char *path, char *buf, size_t len);
/* /proc/cpuinfo's "model name" (x86), "" where there is none. */
void pab_read_model_name(char *buf, size_t len);
/* What tells QEMU's virt board, and KVM under it, from a machine. */
struct pab_vm_signs {
	char dt_compatible[64];	/* /proc/device-tree/compatible's first string */
	char dmi_vendor[64];	/* /sys/class/dmi/id/sys_vendor */
	char dmi_product[64];	/* /sys/class/dmi/id/product_name */
	bool kvm_logged;	/* the kernel logged KVM's SMCCC services */
};
void pab_read_vm_signs(struct pab_vm_signs *v);
/*
 * Whether the CPU is QEMU's TCG emulation, whose times are the emulator's,
 * not a CPU's: arm64's MIDR_EL1 of QEMU's -cpu max (implementer 0x00, part
 * 0x051), or any CPU model on QEMU's virt board (by device tree or SMBIOS)
 * without KVM; on x86 a model name (/proc/cpuinfo) with "QEMU" in it. The
 * one rule: gather, info and every result file take it from here
 * (pab_cpu_emulated reads this machine's signs; _by is the rule alone).
 */
bool pab_cpu_emulated_by(const struct pab_info *info, const char *model_name,
			 const struct pab_vm_signs *v);
bool pab_cpu_emulated(const struct pab_info *info, const char *model_name);
/*
 * How this machine's times are taken, the one rule: icount when the kernel
 * command line (cmdline, NULL: none) has PAB_CLOCK_CMDLINE "icount" (the rig
 * boots its -icount guests so: vm/guest.sh --icount), else emulated when
 * the CPU is (pab_cpu_emulated), else host. Other words are not trusted:
 * a command line cannot make an emulator's times a CPU's.
 */
enum pab_clock pab_clock_of(const char *cmdline, bool emulated);
/* Returns 0, or -errno with dev->err saying what failed. */
int pab_info_gather(struct pab_dev *dev, struct pab_info_all *a);
/*
 * The linear map's leaves per level (PAB_IOC_LINEAR_MAP): a walk of the
 * whole map, so info and a sweep's result header ask, not every run. An
 * older module without the ioctl leaves have_linear false.
 */
void pab_info_gather_linear_map(struct pab_dev *dev, struct pab_info_all *a);
/* The largest leaf size the linear map holds now, 0 if unknown. */
unsigned long long pab_linear_map_largest(const struct pab_info_all *a);
void pab_info_free(struct pab_info_all *a);
void pab_info_print(FILE *f, const struct pab_info_all *a);
/* The machine description as one JSON object (key NULL at the top level). */
void pab_info_write_json(struct jw *w, const char *key, const struct pab_info_all *a);

#endif /* PAB_INFO_H */
