// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU TCG plugin: exact instruction and barrier counts of each timed call
 * of pageattr-bench, per vCPU, between the markers the module executes
 * around it when loaded with count_markers=1 (PAB_MARK_* in the UAPI
 * header). Per window it writes one line to outfile:
 *
 *   run vcpu call insns dsb dsb_ishst dsb_ish dmb isb tlbi TLBI-OP=N...
 *
 * "run" counts PAB_MARK_RUN markers (one per run: each record of a sweep),
 * "call" the windows since that run's marker.
 *
 * How: at translation, every barrier, TLBI and marker gets an execution
 * callback (they are rare); every translation block gets one that adds its
 * instruction count to the vCPU's running total, and a marker corrects the
 * total for where in its block it sits, so "insns" is exact for blocks that
 * run to their end (a kernel path between two markers takes no exception;
 * an interrupt in the window is flagged by the module and its call left out).
 * The API is version 1 (QEMU 7.2): no register reads, no per-vCPU inline
 * counters, hence callbacks with the vCPU index.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>
#include "a64_class.h"
#include "pageattr_bench_uapi.h"

#if QEMU_PLUGIN_VERSION != 1
#error "written against the QEMU 7.2 plugin API (version 1): check the API before building against another"
#endif

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS 64

struct counts {
	uint64_t insns, dsb, dsb_ishst, dsb_ish, dmb, isb, tlbi, tlbi_op[A64_TLBI_NR];
};

struct vcpu {
	uint64_t total;		/* instructions of every block entered */
	uint64_t start_total;
	struct counts c;	/* the open window's barriers */
	int open;
	uint64_t run, call;
};

static struct vcpu vcpus[MAX_VCPUS];
static FILE *out;
static uint64_t runs;	/* PAB_MARK_RUN seen, all vCPUs */

/* What a callback needs to know of its instruction: class, sub, place in the block. */
struct insn_info {
	uint16_t cls, sub;
	uint16_t idx, n;	/* index in its block, the block's length */
};

static void tb_exec(unsigned int vcpu, void *udata)
{
	if (vcpu < MAX_VCPUS)
		vcpus[vcpu].total += (uintptr_t)udata;
}

static void window_close(unsigned int i, struct vcpu *v, uint64_t total)
{
	v->c.insns = total - v->start_total;
	fprintf(out, "%" PRIu64 " %u %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		" %" PRIu64 " %" PRIu64 " %" PRIu64, v->run, i, v->call, v->c.insns, v->c.dsb,
		v->c.dsb_ishst, v->c.dsb_ish, v->c.dmb, v->c.isb, v->c.tlbi);
	for (unsigned int op = 0; op < A64_TLBI_NR; op++)
		if (v->c.tlbi_op[op])
			fprintf(out, " %s=%" PRIu64, a64_tlbi_name(op), v->c.tlbi_op[op]);
	fputc('\n', out);
	v->call++;
	v->open = 0;
}

static void insn_exec(unsigned int i, void *udata)
{
	const struct insn_info *in = udata;
	struct vcpu *v;

	if (i >= MAX_VCPUS)
		return;
	v = &vcpus[i];
	switch (in->cls) {
	case A64_MARK:
		if (in->sub == PAB_MARK_RUN) {
			v->run = ++runs;
			v->call = 0;
		} else if (in->sub == PAB_MARK_START) {
			memset(&v->c, 0, sizeof(v->c));
			/* The block's total went in at its start: what follows the marker counts. */
			v->start_total = v->total - (in->n - in->idx - 1);
			v->open = 1;
		} else if (in->sub == PAB_MARK_END && v->open) {
			/* ... and of this block, only what precedes the marker. */
			window_close(i, v, v->total - (in->n - in->idx));
		}
		return;
	case A64_DSB:
		v->c.dsb += v->open;
		v->c.dsb_ishst += v->open && in->sub == 0xa;
		v->c.dsb_ish += v->open && in->sub == 0xb;
		return;
	case A64_DMB:
		v->c.dmb += v->open;
		return;
	case A64_ISB:
		v->c.isb += v->open;
		return;
	case A64_TLBI:
		v->c.tlbi += v->open;
		v->c.tlbi_op[in->sub] += v->open;
		return;
	}
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)n);
	for (size_t k = 0; k < n; k++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, k);
		uint32_t word;
		unsigned int sub;
		enum a64_class cls;
		struct insn_info *in;

		if (qemu_plugin_insn_size(insn) != 4)
			continue;
		memcpy(&word, qemu_plugin_insn_data(insn), 4);	/* A64: little-endian words */
		cls = a64_classify(word, &sub);
		if (cls == A64_OTHER)
			continue;
		/* One per translation, kept: blocks are retranslated rarely, and a freed one may still run. */
		in = malloc(sizeof(*in));
		if (!in)
			continue;
		*in = (struct insn_info){ .cls = (uint16_t)cls, .sub = (uint16_t)sub, .idx = (uint16_t)k,
					  .n = (uint16_t)n };
		qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec, QEMU_PLUGIN_CB_NO_REGS, in);
	}
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
	(void)id, (void)p;
	if (out)
		fclose(out);
	out = NULL;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
					   char **argv)
{
	const char *path = NULL;

	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "outfile=", 8))
			path = argv[i] + 8;
	if (!path || strcmp(info->target_name, "aarch64")) {
		fprintf(stderr, "pab insn_count: needs outfile=PATH and an aarch64 guest (target %s)\n",
			info->target_name);
		return -1;
	}
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		return -1;
	}
	setvbuf(out, NULL, _IOFBF, 1 << 20);
	fprintf(out, "# run vcpu call insns dsb dsb_ishst dsb_ish dmb isb tlbi [OP=count...]\n");
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
