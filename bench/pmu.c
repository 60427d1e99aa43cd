// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "cores.h"
#include "pmu.h"

#ifdef PAB_HAVE_PFM
#include <perfmon/pfmlib_perf_event.h>

static int pfm_ready(char *err, size_t errlen)
{
	static int state;	/* 0 untried, 1 ok, -1 failed */
	int ret;

	if (!state) {
		ret = pfm_initialize();
		state = ret == PFM_SUCCESS ? 1 : -1;
		if (state < 0)
			snprintf(err, errlen, "libpfm4 initialisation failed: %s", pfm_strerror(ret));
	}
	return state > 0 ? 0 : -1;
}

int pab_pmu_available(void)
{
	return 1;
}

/*
 * rHEX: a raw event code for the core PMU (PERF_TYPE_RAW), as perf spells it:
 * hex digits only (strtoull alone would take "r-1", "r 5" and "r0x5") and at
 * most 64 bits (-2: it would saturate to all ones).
 */
static int encode_raw(const char *name, struct pab_event_attr *a)
{
	char *end;
	unsigned long long code;

	if (name[0] != 'r' || !name[1] || strspn(name + 1, "0123456789abcdefABCDEF") != strlen(name + 1))
		return -1;
	errno = 0;
	code = strtoull(name + 1, &end, 16);
	if (errno)
		return -2;
	if (*end)
		return -1;
	a->type = PERF_TYPE_RAW;
	a->config = code;
	return 0;
}

static int encode_one(const char *name, struct pab_event_attr *a, char *err, size_t errlen)
{
	struct perf_event_attr attr;
	pfm_perf_encode_arg_t arg;
	int ret;

	memset(a, 0, sizeof(*a));
	ret = encode_raw(name, a);
	if (!ret)
		return 0;
	if (ret == -2) {
		snprintf(err, errlen, "event '%s': raw code wider than 64 bits", name);
		return -1;
	}
	memset(&attr, 0, sizeof(attr));
	memset(&arg, 0, sizeof(arg));
	arg.attr = &attr;
	arg.size = sizeof(arg);
	ret = pfm_get_os_event_encoding(name, PFM_PLM0, PFM_OS_PERF_EVENT_EXT, &arg);
	if (ret != PFM_SUCCESS) {
		snprintf(err, errlen, "event '%s': %s (see 'pageattr-bench list-events')", name,
			 pfm_strerror(ret));
		return -1;
	}
	a->type = attr.type;
	a->config = attr.config;
	a->config1 = attr.config1;
	a->config2 = attr.config2;
	return 0;
}

const char *pab_pmu_default_list(void)
{
	struct utsname u;

	/*
	 * arm64: the core's row of bench/cores.c (its libpfm4 table's names, or
	 * raw Arm common-event codes). Raw codes mean other things on other
	 * architectures, so elsewhere the generic perf names only.
	 */
	if (!uname(&u) && !strcmp(u.machine, "aarch64"))
		return pab_core_find(pab_core_read_midr())->events;
	return "cycles,instructions,perf::DTLB-LOAD-MISSES,perf::ITLB-LOAD-MISSES";
}

int pab_pmu_encode(const char *list, struct pab_events *ev, char *err, size_t errlen)
{
	char *copy, *save = NULL, *tok;
	int defaults = !strcmp(list, "default");

	memset(ev, 0, sizeof(*ev));
	if (pfm_ready(err, errlen))
		return -1;
	copy = strdup(defaults ? pab_pmu_default_list() : list);
	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (ev->n == PAB_MAX_EVENTS) {
			snprintf(err, errlen, "more than %d events", PAB_MAX_EVENTS);
			free(copy);
			return -1;
		}
		if (encode_one(tok, &ev->attr[ev->n], err, errlen)) {
			if (defaults)
				continue;
			free(copy);
			return -1;
		}
		snprintf(ev->name[ev->n], PAB_EVENT_NAME_LEN, "%s", tok);
		ev->n++;
	}
	free(copy);
	if (!ev->n) {
		snprintf(err, errlen, "no events given");
		return -1;
	}
	return 0;
}

int pab_pmu_list(FILE *f)
{
	char err[160];
	int listed = 0, pmu;

	if (pfm_ready(err, sizeof(err))) {
		fprintf(stderr, "pageattr-bench: %s\n", err);
		return -1;
	}
	pfm_for_all_pmus(pmu) {
		pfm_pmu_info_t pinfo;

		memset(&pinfo, 0, sizeof(pinfo));
		pinfo.size = sizeof(pinfo);
		if (pfm_get_pmu_info(pmu, &pinfo) != PFM_SUCCESS || !pinfo.is_present)
			continue;
		fprintf(f, "%s: %s (%d events)\n", pinfo.name, pinfo.desc, pinfo.nevents);
		for (int i = pinfo.first_event; i != -1; i = pfm_get_event_next(i)) {
			pfm_event_info_t einfo;

			memset(&einfo, 0, sizeof(einfo));
			einfo.size = sizeof(einfo);
			if (pfm_get_event_info(i, PFM_OS_NONE, &einfo) != PFM_SUCCESS)
				continue;
			fprintf(f, "  %s::%s\n", pinfo.name, einfo.name);
			listed++;
		}
	}
	return listed;
}
#else
int pab_pmu_available(void)
{
	return 0;
}

const char *pab_pmu_default_list(void)
{
	return "";
}

int pab_pmu_encode(const char *list, struct pab_events *ev, char *err, size_t errlen)
{
	(void)list;
	memset(ev, 0, sizeof(*ev));
	snprintf(err, errlen, "this pageattr-bench was built without libpfm4: no --events");
	return -1;
}

int pab_pmu_list(FILE *f)
{
	(void)f;
	fprintf(stderr, "pageattr-bench: built without libpfm4: cannot list events\n");
	return -1;
}
#endif
