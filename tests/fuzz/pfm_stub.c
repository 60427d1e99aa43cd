// SPDX-License-Identifier: GPL-2.0
/*
 * libpfm4's encoder, replaced (ld --wrap) in the fuzz targets that reach it:
 * libpfm4 itself is not under test, our splitting and checking of event
 * lists is. Like libpfm4 it knows a few names (cycles, instructions and
 * perf::NAME with NAME of letters, digits, '-' and '_') and answers
 * PFM_ERR_NOTFOUND for anything else.
 */
#ifdef PAB_HAVE_PFM
#include <ctype.h>
#include <string.h>
#include <perfmon/pfmlib_perf_event.h>

int __wrap_pfm_get_os_event_encoding(const char *str, int dfl_plm, pfm_os_t os, void *args);

int __wrap_pfm_get_os_event_encoding(const char *str, int dfl_plm, pfm_os_t os, void *args)
{
	pfm_perf_encode_arg_t *arg = args;
	const char *p;

	(void)dfl_plm;
	if (os != PFM_OS_PERF_EVENT_EXT || !arg || !arg->attr)
		return PFM_ERR_INVAL;
	if (!strcmp(str, "cycles") || !strcmp(str, "instructions")) {
		arg->attr->type = PERF_TYPE_HARDWARE;
		arg->attr->config = str[0] == 'i';
		return PFM_SUCCESS;
	}
	if (strncmp(str, "perf::", 6) || !str[6])
		return PFM_ERR_NOTFOUND;
	for (p = str + 6; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return PFM_ERR_NOTFOUND;
	arg->attr->type = PERF_TYPE_HW_CACHE;
	arg->attr->config = strlen(str);
	return PFM_SUCCESS;
}
#endif
