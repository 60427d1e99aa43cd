// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/klog.h>
#include <string.h>
#include "cores.h"
#include "info.h"

#define PMU_DIR "/sys/bus/event_source/devices"

/* Hardware PMUs: everything perf lists except its software-only sources. */
static int list_pmus(char pmus[][64], int max)
{
	static const char *const soft[] = { "breakpoint", "kprobe", "software", "tracepoint",
					    "uprobe", "power", NULL };
	DIR *d = opendir(PMU_DIR);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		bool skip = e->d_name[0] == '.';

		for (int i = 0; !skip && soft[i]; i++)
			skip = !strcmp(e->d_name, soft[i]);
		if (!skip)
			snprintf(pmus[n++], 64, "%.63s", e->d_name);
	}
	closedir(d);
	return n;
}

/* arm64 MIDR_EL1: implementer and part number. */
static unsigned int midr_impl(uint64_t midr) { return (midr >> 24) & 0xff; }
static unsigned int midr_part(uint64_t midr) { return (midr >> 4) & 0xfff; }

void pab_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, (int)len, f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
}

/*
 * A KVM guest's kernel logs KVM's SMCCC vendor services at boot
 * (drivers/firmware/smccc/kvm_guest.c); QEMU's TCG offers none. An
 * unreadable log counts as no KVM: the emulator's note then errs on the
 * side of saying so.
 */
static bool kvm_guest_logged(void)
{
	int len = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	bool found = false;
	char *buf;

	if (len <= 0 || !(buf = malloc((size_t)len + 1)))
		return false;
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, len);
	if (len > 0) {
		buf[len] = '\0';
		found = strstr(buf, "smccc: KVM: hypervisor services detected");
	}
	free(buf);
	return found;
}

void pab_read_vm_signs(struct pab_vm_signs *v)
{
	/* The device tree's compatible is NUL-terminated: its first string. */
	pab_read_line("/proc/device-tree/compatible", v->dt_compatible, sizeof(v->dt_compatible));
	pab_read_line("/sys/class/dmi/id/sys_vendor", v->dmi_vendor, sizeof(v->dmi_vendor));
	pab_read_line("/sys/class/dmi/id/product_name", v->dmi_product, sizeof(v->dmi_product));
	v->kvm_logged = kvm_guest_logged();
}

/*
 * QEMU's arm64 virt board without KVM. Booted with a device tree it says
 * "linux,dummy-virt"; booted by UEFI firmware (ACPI, no device tree) its
 * SMBIOS says vendor "QEMU" and product "QEMU Virtual Machine", which QEMU
 * makes "KVM Virtual Machine" under KVM (hw/arm/virt.c, virt_build_smbios).
 * Cloud and lab machines boot by ACPI with their own vendor's SMBIOS.
 */
bool pab_cpu_emulated_by(const struct pab_info *info, const char *model_name,
			 const struct pab_vm_signs *v)
{
	bool virt_board;

	if (info->arch != PAB_ARCH_ARM64)
		return model_name && strstr(model_name, "QEMU");
	/* QEMU's -cpu max: its own MIDR, whatever the accelerator. */
	if (midr_impl(info->cpu_id) == 0x00 && midr_part(info->cpu_id) == 0x051)
		return true;
	virt_board = !strcmp(v->dt_compatible, "linux,dummy-virt") ||
		     (!strcmp(v->dmi_vendor, "QEMU") && !strcmp(v->dmi_product, "QEMU Virtual Machine"));
	return virt_board && !v->kvm_logged;
}

bool pab_cpu_emulated(const struct pab_info *info, const char *model_name)
{
	struct pab_vm_signs v;

	pab_read_vm_signs(&v);
	return pab_cpu_emulated_by(info, model_name, &v);
}

enum pab_clock pab_clock_of(const char *cmdline, bool emulated)
{
	size_t klen = strlen(PAB_CLOCK_CMDLINE);

	/* Word by word: "xpab.clock=icount" or "pab.clock=icountx" is not it. */
	for (const char *p = cmdline; p && *p; ) {
		size_t len;

		p += strspn(p, " \t\n");
		len = strcspn(p, " \t\n");
		if (len > klen && !strncmp(p, PAB_CLOCK_CMDLINE, klen) &&
		    pab_vocab_parse_n(&pab_clocks, p + klen, len - klen) == PAB_CLOCK_ICOUNT)
			return PAB_CLOCK_ICOUNT;
		p += len;
	}
	return emulated ? PAB_CLOCK_EMULATED : PAB_CLOCK_HOST;
}

/* This machine's clock: /proc/cmdline (unreadable: no word) and the emulated-CPU rule. */
static enum pab_clock clock_here(bool emulated)
{
	char line[4096];

	pab_read_line("/proc/cmdline", line, sizeof(line));
	return pab_clock_of(line, emulated);
}

static const char *cpu_name(const struct pab_info_all *a)
{
	if (a->info.arch != PAB_ARCH_ARM64)
		return a->model_name;
	return pab_core_find(a->info.cpu_id)->name;
}

/* The first "model name" of /proc/cpuinfo (x86 has one; arm64 names its cores by MIDR). */
void pab_read_model_name(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	buf[0] = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !colon)
			continue;
		snprintf(buf, len, "%s", colon + 1 + (colon[1] == ' '));
		buf[strcspn(buf, "\n")] = '\0';
		break;
	}
	if (f)
		fclose(f);
}

static void size_str(char *buf, size_t len, unsigned int shift)
{
	unsigned long long v = 1ULL << shift;
	const char *unit = "";

	if (!shift) {
		snprintf(buf, len, "-");
		return;
	}
	if (v >= 1ULL << 30) { v >>= 30; unit = "G"; }
	else if (v >= 1ULL << 20) { v >>= 20; unit = "M"; }
	else if (v >= 1ULL << 10) { v >>= 10; unit = "K"; }
	snprintf(buf, len, "%llu%s", v, unit);
}

/*
 * How the kernel was built, when the rig built it (vm/guest.sh passes a
 * source-built profile's base version, Kconfig fragment and patches).
 */
static const char *kernel_build(void)
{
	const char *b = getenv("PAB_KERNEL_BUILD");

	return b && *b ? b : NULL;
}

static const char *state_name(__u32 state)
{
	const char *n = pab_vocab_name(&pab_states, state);

	return n ? n : "?";
}

static void bytes_str(char *buf, size_t len, unsigned long long v)
{
	static const char *const units[] = { "", "K", "M", "G", "T" };
	unsigned int u = 0;

	while (v >= 1024 && !(v % 1024) && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu%s", v, units[u]);
}

/*
 * What decides the paths' work here: the alias loop (rodata_full), whether
 * the linear map holds blocks that set_memory_* split (BBML2), and whether
 * contiguous groups may be rewritten in place.
 */
static void print_state(FILE *f, const struct pab_info_all *a)
{
	const struct pab_info *i = &a->info;
	char buf[24];

	if (i->arch == PAB_ARCH_ARM64) {
		fprintf(f, "rodata_full:   %s%s\n", state_name(i->rodata_full),
			i->rodata_full == PAB_STATE_ON ? " (set_memory_ro/rw also change each page's linear alias)" :
			i->rodata_full == PAB_STATE_OFF ? " (set_memory_ro/rw leave the linear alias alone)" : "");
		fprintf(f, "bbml2:         %s%s%s%s\n", i->bbml_name[0] ? i->bbml_name : "",
			i->bbml_name[0] ? " " : "", state_name(i->bbml),
			i->bbml == PAB_STATE_ON ? " (linear map may keep blocks; set_memory_* split them)" :
			i->bbml == PAB_STATE_OFF ? " (not on the kernel's MIDR allow-list: no splits)" :
			" (this kernel predates BBML2: no splits)");
		fprintf(f, "cont groups:   %s\n", i->caps & PAB_CAP_CONT_INPLACE ?
			"rewritten in place (BBML2)" :
			"refused: rewriting in place needs BBML2_NOABORT (else break-before-make)");
	}
	if (a->have_linear) {
		bool first = true;

		fprintf(f, "linear map:    largest leaf ");
		bytes_str(buf, sizeof(buf), pab_linear_map_largest(a));
		fprintf(f, "%s (", buf);
		for (unsigned int l = PAB_LVL_NR; l-- > 0;) {
			if (!a->linear.bytes[l])
				continue;
			bytes_str(buf, sizeof(buf), a->linear.bytes[l]);
			fprintf(f, "%s%s %s", first ? "" : ", ", pab_level_name(l), buf);
			first = false;
		}
		fprintf(f, ")\n");
	}
}

void pab_info_print(FILE *f, const struct pab_info_all *a)
{
	const struct pab_info *i = &a->info;
	char pmd[16], pud[16], cpte[16], cpmd[16];

	size_str(pmd, sizeof(pmd), i->pmd_shift);
	size_str(pud, sizeof(pud), i->pud_shift);
	size_str(cpte, sizeof(cpte), i->cont_pte_shift);
	size_str(cpmd, sizeof(cpmd), i->cont_pmd_shift);
	fprintf(f, "kernel:        %s (%s)\n", i->release, i->machine);
	if (kernel_build())
		fprintf(f, "kernel build:  %s\n", kernel_build());
	fprintf(f, "page size:     %u (PMD block %s, PUD block %s%s, cont-PTE %s, cont-PMD %s)\n",
	       1U << i->page_shift, pmd, pud,
	       i->caps & PAB_CAP_PUD_BLOCK ? "" : " unsupported", cpte, cpmd);
	if (i->arch == PAB_ARCH_ARM64)
		fprintf(f, "cpu:           MIDR_EL1 %#010llx (%s)", (unsigned long long)i->cpu_id,
		       cpu_name(a));
	else
		fprintf(f, "cpu:           CPUID.1 %#010llx (%s)", (unsigned long long)i->cpu_id,
			a->model_name[0] ? a->model_name : "no model name");
	fprintf(f, "%s\n", !a->emulated ? "" : a->clock == PAB_CLOCK_ICOUNT ? ", emulated (QEMU TCG, -icount)" :
		", emulated (QEMU TCG): times are the emulator's");
	fprintf(f, "clock:         %s (%s)\n", pab_clock_name(a->clock),
		pab_vocab_word(&pab_clocks, a->clock)->what);
	if (i->arch == PAB_ARCH_ARM64) {
		const struct pab_core *c = pab_core_find(i->cpu_id);

		fprintf(f, "core table:    %s\n", c->row);
		fprintf(f, "default events: %s\n", c->events);
	}
	print_state(f, a);
	fprintf(f, "cpus online:   %u\n", i->nr_cpus_online);
	fprintf(f, "counter:       %llu Hz\n", (unsigned long long)i->counter_hz);
	fprintf(f, "module:        %s (uapi %u)\n", i->module_version, i->uapi_version);
	fprintf(f, "walker:        %s\n", i->walker_symbol[0] ? i->walker_symbol : "none");
	fprintf(f, "lazy MMU api:  %s%s\n", pab_lazy_api_name(i->lazy_api),
	       i->caps & PAB_CAP_LAZY_PAUSE ? " (pause/resume: lazy off is unbatched)" : "");
	fprintf(f, "methods:\n");
	for (int m = 0; m < PAB_METHOD_NR; m++) {
		fprintf(f, "  %-14s %s%s\n", a->methods[m].name,
		       a->methods[m].available ? "available" : "unavailable: ",
		       a->methods[m].reason);
		/* What it executes here (UAPI 6): the replicas named by what they are on this kernel. */
		if (a->methods[m].available && a->methods[m].here[0])
			fprintf(f, "  %-14s   %s\n", "", a->methods[m].here);
	}
	fprintf(f, "kernel symbols:\n");
	for (unsigned int s = 0; s < i->nr_symbols; s++)
		fprintf(f, "  %-40s %-10s %s%s\n", a->syms[s].name,
		       a->syms[s].flags & PAB_SYM_RESOLVED ? "resolved" :
		       a->syms[s].flags & PAB_SYM_NO_PAD ? "refused" : "missing",
		       a->syms[s].flags & PAB_SYM_REQUIRED ? "(required) " : "",
		       !(a->syms[s].flags & PAB_SYM_NO_PAD) ? "" :
		       a->syms[s].flags & PAB_SYM_RESOLVED ?
				"no IBT/BTI landing pad: used, this CPU does not enforce them" :
				"no IBT/BTI landing pad: an indirect call would fault");
	fprintf(f, "PMUs:          ");
	for (int p = 0; p < a->nr_pmus; p++)
		fprintf(f, "%s%s", p ? " " : "", a->pmus[p]);
	fprintf(f, "%s\n", a->nr_pmus ? "" : "none");
}

void pab_info_write_json(struct jw *w, const char *key, const struct pab_info_all *a)
{
	const struct pab_info *i = &a->info;

	jw_object_begin(w, key);
	jw_string(w, "tool_version", PAB_VERSION);
	jw_string(w, "module_version", i->module_version);
	jw_uint(w, "uapi_version", i->uapi_version);
	/* How the times were taken: host, icount or emulated (README "Result files"). */
	jw_string(w, "clock", pab_clock_name(a->clock));
	jw_object_begin(w, "kernel");
	jw_string(w, "release", i->release);
	jw_string(w, "machine", i->machine);
	if (kernel_build())
		jw_string(w, "build", kernel_build());
	jw_string(w, "arch", pab_arch_name(i->arch));
	jw_uint(w, "page_size", 1ULL << i->page_shift);
	jw_uint(w, "pmd_size", 1ULL << i->pmd_shift);
	jw_uint(w, "pud_size", 1ULL << i->pud_shift);
	jw_uint(w, "cont_pte_size", i->cont_pte_shift ? 1ULL << i->cont_pte_shift : 0);
	jw_uint(w, "cont_pmd_size", i->cont_pmd_shift ? 1ULL << i->cont_pmd_shift : 0);
	jw_bool(w, "pmd_block", i->caps & PAB_CAP_PMD_BLOCK);
	jw_bool(w, "pud_block", i->caps & PAB_CAP_PUD_BLOCK);
	jw_string(w, "walker", i->walker_symbol);
	jw_string(w, "walker_api", pab_walker_api_name(i->walker_api));
	jw_string(w, "lazy_mmu_api", pab_lazy_api_name(i->lazy_api));
	jw_bool(w, "lazy_mmu_pause", i->caps & PAB_CAP_LAZY_PAUSE);
	jw_object_end(w);
	/* README "Result files": what decides the paths' work on this machine. */
	jw_object_begin(w, "state");
	jw_string(w, "rodata_full", state_name(i->rodata_full));
	jw_string(w, "bbml2", state_name(i->bbml));
	jw_string(w, "bbml2_name", i->bbml_name);
	jw_bool(w, "cont_inplace", i->caps & PAB_CAP_CONT_INPLACE);
	if (a->have_linear) {
		jw_object_begin(w, "linear_map");
		jw_uint(w, "largest_leaf", pab_linear_map_largest(a));
		jw_object_begin(w, "bytes_by_level");
		for (unsigned int l = 0; l < PAB_LVL_NR; l++)
			jw_uint(w, pab_level_name(l), a->linear.bytes[l]);
		jw_object_end(w);
		jw_uint(w, "hole_bytes", a->linear.hole_bytes);
		jw_object_end(w);
	}
	jw_object_end(w);
	jw_object_begin(w, "cpu");
	jw_uint(w, "id", i->cpu_id);
	jw_string(w, "id_register", i->arch == PAB_ARCH_ARM64 ? "MIDR_EL1" : "CPUID.1.EAX");
	jw_string(w, "name", cpu_name(a));
	if (i->arch == PAB_ARCH_ARM64) {
		const struct pab_core *c = pab_core_find(i->cpu_id);

		jw_string(w, "core_table_row", c->row);
		jw_string(w, "pfm_pmu", c->pfm_pmu ? c->pfm_pmu : "");
		jw_string(w, "default_events", c->events);
	}
	jw_bool(w, "emulated", a->emulated);
	jw_uint(w, "online", i->nr_cpus_online);
	jw_uint(w, "counter_hz", i->counter_hz);
	jw_object_end(w);
	jw_array_begin(w, "methods");
	for (int m = 0; m < PAB_METHOD_NR; m++) {
		jw_object_begin(w, NULL);
		jw_string(w, "name", a->methods[m].name);
		jw_bool(w, "available", a->methods[m].available);
		if (!a->methods[m].available)
			jw_string(w, "reason", a->methods[m].reason);
		if (a->methods[m].here[0])
			jw_string(w, "here", a->methods[m].here);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_array_begin(w, "symbols");
	for (unsigned int s = 0; s < i->nr_symbols; s++) {
		jw_object_begin(w, NULL);
		jw_string(w, "name", a->syms[s].name);
		jw_bool(w, "required", a->syms[s].flags & PAB_SYM_REQUIRED);
		jw_bool(w, "resolved", a->syms[s].flags & PAB_SYM_RESOLVED);
		jw_bool(w, "no_landing_pad", a->syms[s].flags & PAB_SYM_NO_PAD);
		jw_string(w, "use", a->syms[s].use);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_array_begin(w, "pmus");
	for (int p = 0; p < a->nr_pmus; p++)
		jw_string(w, NULL, a->pmus[p]);
	jw_array_end(w);
	jw_object_end(w);
}

int pab_info_gather(struct pab_dev *dev, struct pab_info_all *a)
{
	int ret = pab_dev_ioctl(dev, PAB_IOC_INFO, &a->info, sizeof(a->info), "info");

	if (ret)
		return ret;
	for (unsigned int m = 0; m < PAB_METHOD_NR; m++) {
		a->methods[m] = (struct pab_method_info){ .method = m };
		ret = pab_dev_ioctl(dev, PAB_IOC_METHOD, &a->methods[m], sizeof(a->methods[m]),
				    "method info");
		if (ret)
			return ret;
	}
	a->syms = calloc(a->info.nr_symbols + 1, sizeof(*a->syms));
	if (!a->syms)
		return -12;
	for (unsigned int s = 0; s < a->info.nr_symbols; s++) {
		a->syms[s].index = s;
		ret = pab_dev_ioctl(dev, PAB_IOC_SYMBOL, &a->syms[s], sizeof(a->syms[s]),
				    "symbol info");
		if (ret)
			return ret;
	}
	a->nr_pmus = list_pmus(a->pmus, 16);
	pab_read_model_name(a->model_name, sizeof(a->model_name));
	a->emulated = pab_cpu_emulated(&a->info, a->model_name);
	a->clock = clock_here(a->emulated);
	return 0;
}

void pab_info_gather_linear_map(struct pab_dev *dev, struct pab_info_all *a)
{
	a->linear = (struct pab_linear_map){ 0 };
	a->have_linear = a->info.uapi_version >= 6 &&
			 !pab_dev_ioctl(dev, PAB_IOC_LINEAR_MAP, &a->linear, sizeof(a->linear),
					"linear map");
}

/* Bytes one leaf of a level maps on this kernel. */
static unsigned long long level_bytes(const struct pab_info *i, unsigned int level)
{
	switch (level) {
	case PAB_LVL_PTE: return 1ULL << i->page_shift;
	case PAB_LVL_CONT_PTE: return i->cont_pte_shift ? 1ULL << i->cont_pte_shift : 0;
	case PAB_LVL_PMD: return 1ULL << i->pmd_shift;
	case PAB_LVL_CONT_PMD: return i->cont_pmd_shift ? 1ULL << i->cont_pmd_shift : 0;
	case PAB_LVL_PUD: return 1ULL << i->pud_shift;
	}
	return 0;
}

unsigned long long pab_linear_map_largest(const struct pab_info_all *a)
{
	unsigned long long best = 0;

	if (!a->have_linear)
		return 0;
	for (unsigned int l = 0; l < PAB_LVL_NR; l++)
		if (a->linear.bytes[l] && level_bytes(&a->info, l) > best)
			best = level_bytes(&a->info, l);
	return best;
}

void pab_info_free(struct pab_info_all *a)
{
	free(a->syms);
	a->syms = NULL;
}
