// SPDX-License-Identifier: GPL-2.0
/*
 * Result files: what the writer (bench/results.c, export.c) writes, the
 * reader (analysis/results_reader.c) gets back, field for field; and each
 * malformed file gives one error naming the line:column or record and field.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "basis.h"
#include "results.h"
#include "results_reader.h"
#include "robust.h"

static int failures, checks;

#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
	printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

/* Whether a line of path is exactly line. */
static bool file_has_line(const char *path, const char *line)
{
	char buf[8192];
	bool found = false;
	FILE *f = fopen(path, "r");

	while (f && !found && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		found = !strcmp(buf, line);
	}
	if (f)
		fclose(f);
	return found;
}

static void round_trip(void)
{
	uint64_t ns[5] = { 900, 1000, 1100, 1000, 1000 }, ticks[5] = { 1, 2, 3, 4, 5 };
	uint64_t counts[10] = { 10, 20, 10, 20, 10, 20, 10, 20, 10, 20 };
	struct pab_info_all info = { 0 };
	struct pab_results_file rf;
	struct pab_config cfg;
	struct pab_result res;
	char err[512], *rec;

	strcpy(info.info.release, "7.2.13+deb14-arm64");
	info.info.arch = PAB_ARCH_ARM64;
	info.info.page_shift = 12;
	info.emulated = true;
	info.clock = PAB_CLOCK_ICOUNT;
	pab_config_init(&cfg);
	cfg.run.method = PAB_METHOD_WALK_LOCKLESS;
	cfg.run.iterations = 5;
	cfg.ev.n = 2;
	strcpy(cfg.ev.name[0], "cycles");
	strcpy(cfg.ev.name[1], "instructions");
	memset(&res, 0, sizeof(res));
	res.rc = cfg.rc;
	res.rc.leaves[PAB_LVL_PTE] = 512;
	res.region_made = true;
	res.run = cfg.run;
	res.run.completed = 5;
	res.run.leaves[PAB_LVL_PTE] = 512;
	res.entries = 512;
	res.ns = ns;
	res.ticks = ticks;
	res.counts = counts;
	res.run.event_error[1] = -2;
	res.ev_median[0] = 10;
	res.ev_null[0] = 4;
	res.have_null = true;
	res.have_stats = !pab_stats_compute(ns, 5, &res.st);

	rec = pab_record_line(&cfg, &res);
	CHECK(rec && !strchr(rec, '\n'));
	CHECK(!pab_results_save("rt.json", "pageattr-bench run -o rt.json", &info, &rec, 1, true, err, sizeof(err)));
	CHECK(!pab_results_load("rt.json", &rf, err, sizeof(err)));
	if (!rf.recs) {
		printf("FAIL load: %s\n", err);
		failures++;
		free(rec);
		return;
	}
	CHECK(rf.schema_version == 1 && rf.n == 1 && rf.page_size == 4096);
	CHECK(!strcmp(rf.kernel_release, "7.2.13+deb14-arm64") && !strcmp(rf.arch, "arm64"));
	CHECK(!strcmp(rf.command, "pageattr-bench run -o rt.json"));
	CHECK(rf.emulated);
	/*
	 * The completion marker on a line of its own at the top level (where
	 * vm/lib.sh pab_sweep_complete reads it): true here, false for a sweep
	 * still going (or interrupted), and the reader takes both.
	 */
	CHECK(file_has_line("rt.json", "  \"complete\": true,"));
	CHECK(!pab_results_save("part.json", "c", &info, &rec, 1, false, err, sizeof(err)));
	CHECK(file_has_line("part.json", "  \"complete\": false,") && !file_has_line("part.json", "  \"complete\": true,"));
	{
		struct pab_results_file part;

		CHECK(!pab_results_load("part.json", &part, err, sizeof(err)) && part.n == 1);
		pab_results_free(&part);
	}
	/* A file that cannot be written is an error, and no temporary is left. */
	CHECK(pab_results_save("no-such-dir/x.json", "c", &info, &rec, 1, true, err, sizeof(err)) &&
	      strstr(err, "no-such-dir/x.json.tmp"));
	/* machine.clock: written by name, read back; exact counts allow differences, no verdict. */
	CHECK(rf.clock == PAB_CLOCK_ICOUNT && pab_basis_of(&rf) == PAB_BASIS_EXACT_COUNTS);
	CHECK(!pab_basis_allows_verdict(pab_basis_of(&rf)) && pab_basis_exact(pab_basis_of(&rf)));
	CHECK(!strcmp(rf.recs[0].name, "walk-lockless/2MiB/mixed:pte/runs/lazy=on/tlb=none"));
	CHECK(!strcmp(rf.recs[0].status, "ok") && !strcmp(rf.recs[0].method, "walk-lockless"));
	CHECK(rf.recs[0].bytes == 2 << 20 && rf.recs[0].completed == 5 && rf.recs[0].entries == 512);
	CHECK(rf.recs[0].median_ns == 1000 && rf.recs[0].p5_ns == 920 && rf.recs[0].nsamples == 5 &&
	      rf.recs[0].samples_ns[4] == 1000);
	/* Parsed once in the reader: values, the mix in ppm, the batch size, the key. */
	CHECK(rf.recs[0].method_id == PAB_METHOD_WALK_LOCKLESS && rf.recs[0].lazy_id == PAB_LAZY_ON &&
	      rf.recs[0].tlb_id == PAB_TLB_NONE && rf.recs[0].region_id == PAB_REGION_MIXED && rf.recs[0].ok);
	CHECK(rf.recs[0].have_mix && rf.recs[0].mix_ppm[PAB_LVL_PTE] == PAB_PPM && rf.recs[0].batch == 0);
	CHECK(!strcmp(rf.recs[0].key, rf.recs[0].name) && pab_rec_pmd_percent(&rf.recs[0]) == 0);
	CHECK(rf.recs[0].nevents == 2 && rf.recs[0].events[0].counted && rf.recs[0].events[0].net == 6 &&
	      !rf.recs[0].events[1].counted);
	pab_results_free(&rf);
	free(rec);
	remove("rt.json");
}

/*
 * UAPI 3: null windows and interrupt counts per call. The writer's stats are
 * over the undisturbed calls, and so are the reader's samples; net = raw
 * median - null median, written and read back.
 */
static void net_round_trip(void)
{
	uint64_t ns[5] = { 1000, 5000, 1100, 1200, 6000 }, null[5] = { 100, 100, 110, 120, 130 };
	uint64_t irq[5] = { 0, 1, 0, 0, 3 }, kept_ns[5], kept_null[5], ticks[5] = { 0 };
	struct pab_info_all info = { 0 };
	struct pab_results_file rf;
	struct pab_config cfg;
	struct pab_result res;
	char err[512], *rec;

	strcpy(info.info.release, "r");
	info.info.arch = PAB_ARCH_ARM64;
	info.info.page_shift = 12;
	pab_config_init(&cfg);
	cfg.run.iterations = 5;
	memset(&res, 0, sizeof(res));
	res.rc = cfg.rc;
	res.run = cfg.run;
	res.run.completed = 5;
	res.run.irq_hit_calls = 2;
	res.ns = ns;
	res.ticks = ticks;
	res.null_ns = null;
	res.irq = irq;
	pab_drop_irq_hits(ns, null, irq, 5, false, kept_ns, kept_null, &res.irq_split);
	res.have_stats = !pab_stats_compute(kept_ns, res.irq_split.kept, &res.st);
	pab_net_median(kept_ns, kept_null, res.irq_split.kept, PAB_BOOT_REPS, PAB_BOOT_SEED, &res.net);
	/* Undisturbed: 1000 1100 1200 (median 1100; all five: 1200); null 110. */
	CHECK(res.st.median == 1100 && res.net.net == 990);
	rec = pab_record_line(&cfg, &res);
	CHECK(rec && strstr(rec, "\"net_median_ns\":990") && strstr(rec, "\"irq_excluded\":2") &&
	      strstr(rec, "\"null_ns\":[100,100,110,120,130]") && strstr(rec, "\"irq\":[0,1,0,0,3]"));
	CHECK(!pab_results_save("net.json", "c", &info, &rec, 1, true, err, sizeof(err)));
	CHECK(!pab_results_load("net.json", &rf, err, sizeof(err)));
	if (rf.n == 1) {
		const struct pab_rec *r = &rf.recs[0];

		CHECK(r->nsamples == 3 && r->ncalls == 5 && r->samples_ns[2] == 1200 &&
		      r->samples_null && r->samples_null[2] == 120);
		CHECK(r->irq_hit_calls == 2 && r->irq_excluded == 2 && !r->keep_irq_samples);
		CHECK(r->median_ns == 1100 && r->net_median_ns == 990 && r->null_median_ns == 110 &&
		      r->net_ci_lo_ns <= 990 && r->net_ci_hi_ns >= 990);
	}
	pab_results_free(&rf);
	free(rec);
	/* --keep-irq-samples: every call counts, here and in the reader. */
	cfg.keep_irq = true;
	pab_drop_irq_hits(ns, null, irq, 5, true, kept_ns, kept_null, &res.irq_split);
	rec = pab_record_line(&cfg, &res);
	CHECK(!pab_results_save("net.json", "c", &info, &rec, 1, true, err, sizeof(err)));
	CHECK(!pab_results_load("net.json", &rf, err, sizeof(err)) && rf.n == 1 &&
	      rf.recs[0].nsamples == 5 && rf.recs[0].keep_irq_samples && rf.recs[0].irq_excluded == 0);
	pab_results_free(&rf);
	free(rec);
	remove("net.json");
}

/* Files written before mix_ppm and canonical names: parsed from the words. */
static void older_file(void)
{
	struct pab_results_file rf;
	char err[512];

	write_file("old.json", "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"kernel\": {\"release\": \"r\","
		   " \"arch\": \"arm64\", \"page_size\": 4096}}, \"results\": [{\"name\": "
		   "\"walk/2MiB/mixed:pte/pmd,pte,pte/lazy=batch=08/tlb=none\", \"status\": \"ok\", \"config\": "
		   "{\"method\": \"walk\", \"region\": \"mixed\", \"mix\": \"pte\", \"layout\": \"pmd,pte,pte\", "
		   "\"lazy\": \"batch=08\", \"tlb\": \"none\", \"bytes\": 2097152, \"iterations\": 1}, "
		   "\"run\": {\"completed\": 0, \"entries_per_call\": 0}, \"ns\": {\"median\": 1, \"p5\": 1, "
		   "\"p95\": 1, \"mean\": 1, \"stddev\": 0}}, {\"name\": \"w/x\", \"status\": \"ok\", \"config\": "
		   "{\"method\": \"w\", \"region\": \"mixed\", \"mix\": \"pte=0.5,pmd=0.5\", \"layout\": \"runs\", "
		   "\"lazy\": \"on\", \"tlb\": \"none\", \"bytes\": 2097152, \"iterations\": 1}, "
		   "\"run\": {\"completed\": 0, \"entries_per_call\": 0}, \"ns\": {\"median\": 1, \"p5\": 1, "
		   "\"p95\": 1, \"mean\": 1, \"stddev\": 0}}]}");
	CHECK(!pab_results_load("old.json", &rf, err, sizeof(err)));
	if (rf.n == 2) {
		CHECK(pab_rec_pmd_percent(&rf.recs[0]) == 33 && rf.recs[0].batch == 8 &&
		      rf.recs[0].lazy_id == PAB_LAZY_BATCH && rf.recs[0].layout_id == PAB_LAYOUT_PATTERN);
		CHECK(!strcmp(rf.recs[0].key, "walk/2MiB/mixed:pmd=33.3333%,pte=66.6667%/pmd,pte,pte/lazy=batch=8/tlb=none"));
		CHECK(rf.recs[1].method_id == -1 && pab_rec_pmd_percent(&rf.recs[1]) == 50 &&
		      !strcmp(rf.recs[1].key, "w/x"));
		/* No machine.cpu.emulated: not said to be emulated; no machine.clock: host. */
		CHECK(!rf.emulated);
		CHECK(rf.clock == PAB_CLOCK_HOST && pab_basis_allows_verdict(pab_basis_of(&rf)));
		/* Before UAPI 3: no null windows, so net times are unavailable, never raw. */
		CHECK(!rf.recs[0].samples_null && isnan(rf.recs[0].net_median_ns) &&
		      isnan(rf.recs[0].null_median_ns) && rf.recs[0].irq_hit_calls == 0);
	}
	pab_results_free(&rf);
	/* Before machine.clock, an emulated CPU's file: emulated times, no verdict. */
	write_file("old.json", "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"kernel\": {\"release\": \"r\","
		   " \"arch\": \"arm64\", \"page_size\": 4096}, \"cpu\": {\"emulated\": true}}, \"results\": []}");
	CHECK(!pab_results_load("old.json", &rf, err, sizeof(err)));
	CHECK(rf.emulated && rf.clock == PAB_CLOCK_EMULATED && pab_basis_of(&rf) == PAB_BASIS_EMULATED_TIMES);
	CHECK(pab_basis_why(pab_basis_of(&rf)) && !pab_basis_allows_verdict(pab_basis_of(&rf)));
	pab_results_free(&rf);
	remove("old.json");
}

/* The clock rule: the guest's command-line word, else the emulated-CPU rule; of two files the weaker. */
static void clock_rule(void)
{
	struct pab_results_file host = { .clock = PAB_CLOCK_HOST }, ic = { .clock = PAB_CLOCK_ICOUNT };
	struct pab_results_file em = { .clock = PAB_CLOCK_EMULATED };
	char buf[512];

	CHECK(pab_clock_of("console=ttyAMA0 panic=-1 quiet nokaslr pab.clock=icount\n", true) == PAB_CLOCK_ICOUNT);
	CHECK(pab_clock_of("pab.clock=icount", false) == PAB_CLOCK_ICOUNT);
	CHECK(pab_clock_of("console=ttyAMA0 quiet", true) == PAB_CLOCK_EMULATED);
	CHECK(pab_clock_of("console=ttyAMA0 quiet", false) == PAB_CLOCK_HOST);
	CHECK(pab_clock_of(NULL, false) == PAB_CLOCK_HOST && pab_clock_of("", true) == PAB_CLOCK_EMULATED);
	/* Whole words only, and no word makes an emulator's times a CPU's. */
	CHECK(pab_clock_of("xpab.clock=icount pab.clock=icountx", true) == PAB_CLOCK_EMULATED);
	CHECK(pab_clock_of("pab.clock=host", true) == PAB_CLOCK_EMULATED);
	CHECK(!strcmp(pab_clock_name(PAB_CLOCK_ICOUNT), "icount") && pab_vocab_parse(&pab_clocks, "emulated") == PAB_CLOCK_EMULATED);
	CHECK(pab_basis_of_two(&host, &ic) == PAB_BASIS_EXACT_COUNTS && pab_basis_of_two(&ic, &em) == PAB_BASIS_EMULATED_TIMES);
	CHECK(pab_basis_of_two(&host, &host) == PAB_BASIS_HOST_TIMES && !pab_basis_why(PAB_BASIS_HOST_TIMES));
	CHECK(!pab_basis_why_text(&host, "A", &host, "B", buf, sizeof(buf)) && !buf[0]);
	CHECK(pab_basis_why_text(&host, "A", &em, "B", buf, sizeof(buf)) && strstr(buf, "A host, B emulated"));
	CHECK(!strcmp(pab_basis_no_verdict(PAB_BASIS_EMULATED_TIMES), "no verdict (emulator times)"));
	/* Never a faster/slower word where no verdict is allowed. */
	CHECK(!strstr(pab_basis_why(PAB_BASIS_EMULATED_TIMES), "faster") && !strstr(pab_basis_why(PAB_BASIS_EXACT_COUNTS), "slower"));
}

/*
 * The emulated-CPU rule: QEMU's arm64 -cpu max by MIDR; a real core's MIDR
 * on QEMU's virt board without KVM, the board told by its device tree or,
 * booted by UEFI (ACPI), by the SMBIOS QEMU writes (product "QEMU Virtual
 * Machine" under TCG, "KVM Virtual Machine" under KVM); an x86 model name
 * with QEMU.
 */
static void emulated_rule(void)
{
	struct pab_info arm = { .arch = PAB_ARCH_ARM64, .cpu_id = 0x000f0510 };
	struct pab_info x86 = { .arch = PAB_ARCH_X86_64 };
	const struct pab_vm_signs metal = { .dmi_vendor = "Ampere(R)", .dmi_product = "Mt.Jade" };
	const struct pab_vm_signs ec2 = { .dmi_vendor = "Amazon EC2", .dmi_product = "c7g.metal" };
	const struct pab_vm_signs dt_tcg = { .dt_compatible = "linux,dummy-virt" };
	const struct pab_vm_signs dt_kvm = { .dt_compatible = "linux,dummy-virt", .kvm_logged = true };
	const struct pab_vm_signs acpi_tcg = { .dmi_vendor = "QEMU", .dmi_product = "QEMU Virtual Machine" };
	/* No SMCCC line logged (an older KVM, a rotated log): SMBIOS still says KVM. */
	const struct pab_vm_signs acpi_kvm = { .dmi_vendor = "QEMU", .dmi_product = "KVM Virtual Machine" };

	CHECK(pab_cpu_emulated_by(&arm, NULL, &metal));
	arm.cpu_id = 0x413fd0c1;	/* Neoverse N1 */
	CHECK(!pab_cpu_emulated_by(&arm, NULL, &metal) && !pab_cpu_emulated_by(&arm, NULL, &ec2));
	CHECK(pab_cpu_emulated_by(&arm, NULL, &dt_tcg) && !pab_cpu_emulated_by(&arm, NULL, &dt_kvm));
	/* machine.fleet_ab's machine: UEFI, GRUB, -cpu neoverse-n1, TCG. */
	CHECK(pab_cpu_emulated_by(&arm, NULL, &acpi_tcg));
	CHECK(!pab_cpu_emulated_by(&arm, NULL, &acpi_kvm));
	CHECK(pab_cpu_emulated_by(&x86, "QEMU TCG CPU version 2.5+", &metal));
	CHECK(!pab_cpu_emulated_by(&x86, "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", &acpi_tcg));
	CHECK(!pab_cpu_emulated_by(&x86, "", &metal));
}

/* Concurrent records: what export.c writes, the same reader reads back (by type). */
static void conc_round_trip(void)
{
	struct pab_info_all info = { 0 };
	struct conc_record rec = { .layout = CONC_PTE_TABLE, .method = PAB_METHOD_WALK_LOCKLESS,
				   .lazy = PAB_LAZY_ON, .lock = PAB_CONC_LOCK_MUTEX, .threads = 2,
				   .entries = 64, .iterations = 200, .warmup = 10 };
	struct pab_results_file rf;
	char err[512], *line;

	strcpy(info.info.release, "r");
	info.info.arch = PAB_ARCH_ARM64;
	info.info.page_shift = 12;
	info.clock = PAB_CLOCK_EMULATED;	/* the concurrency file carries machine.clock too */
	rec.res.nr_threads = 2;
	rec.res.calls = 400;
	rec.res.wall_ns = 1000000;
	rec.res.final_checked = 128;
	rec.calls_per_s = 400000;
	line = conc_record_line(&rec);
	CHECK(line && !pab_results_save("conc.json", "c", &info, &line, 1, true, err, sizeof(err)));
	CHECK(!pab_results_load_conc("conc.json", &rf, err, sizeof(err)));
	CHECK(rf.nconc == 1 && rf.n == 0 && rf.clock == PAB_CLOCK_EMULATED);
	if (rf.nconc == 1) {
		const struct conc_record *c = &rf.conc[0];

		CHECK(c->layout == CONC_PTE_TABLE && c->method == PAB_METHOD_WALK_LOCKLESS &&
		      c->lazy == PAB_LAZY_ON && c->lock == PAB_CONC_LOCK_MUTEX && c->threads == 2);
		CHECK(c->res.calls == 400 && c->res.final_checked == 128 && c->calls_per_s == 400000);
		CHECK(!strcmp(conc_record_status(c), "ok"));
	}
	pab_results_free(&rf);
	/* A results file may hold concurrent records too: they go to conc, runs to recs. */
	CHECK(!pab_results_load("conc.json", &rf, err, sizeof(err)) && rf.nconc == 1 && rf.n == 0);
	pab_results_free(&rf);
	free(line);
	remove("conc.json");
	write_file("conc.json", "{\"results\": [{\"type\": \"concurrent\", \"config\": {\"layout\": \"x\"}, \"result\": {}}]}");
	CHECK(pab_results_load_conc("conc.json", &rf, err, sizeof(err)) &&
	      !strcmp(err, "conc.json: results[0]: field 'layout' is not a layout ('x')"));
	write_file("conc.json", "{\"results\": [{\"type\": \"run\"}]}");
	CHECK(pab_results_load_conc("conc.json", &rf, err, sizeof(err)) &&
	      strstr(err, "conc.json: record 0 is not a valid concurrent record") && !strchr(err, '\n'));
	remove("conc.json");
}

/* A file of one record with these samples (the texts of its arrays as written). */
static int load_samples(const char *ns, const char *null_ns, const char *irq, struct pab_results_file *rf,
			char *err, size_t len)
{
	char text[8192];

	snprintf(text, sizeof(text),
		 "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"kernel\": {\"release\": \"r\","
		 " \"arch\": \"arm64\", \"page_size\": 4096}}, \"results\": [{\"name\": \"n\", \"status\": "
		 "\"ok\", \"config\": {\"method\": \"apply\", \"region\": \"mixed\", \"mix\": \"pte\", "
		 "\"layout\": \"runs\", \"lazy\": \"on\", \"tlb\": \"none\", \"bytes\": 4096, "
		 "\"iterations\": 1}, \"run\": {\"completed\": 1, \"entries_per_call\": 1}, "
		 "\"ns\": {\"median\": 1, \"p5\": 1, \"p95\": 1, \"mean\": 1, \"stddev\": 0}, "
		 "\"samples\": {\"ns\": %s%s%s%s%s}}]}",
		 ns, null_ns ? ", \"null_ns\": " : "", null_ns ? null_ns : "", irq ? ", \"irq\": " : "",
		 irq ? irq : "");
	write_file("forms.json", text);
	return pab_results_load("forms.json", rf, err, len);
}

/*
 * The samples' fast paths (SWAR digits, four cursors, hit indices for irq;
 * arrays of 48 characters or more)
 * against the values as written, in every form a writer or an editor could
 * leave: dense, spaced, long numbers, zeros runs cut anywhere by a hit; and
 * what is not plain integers goes to jansson, which reads or refuses it.
 */
static void sample_forms(void)
{
	static const uint64_t some[] = { 7, 12345678, 123456789, 0, 999999999999999999ULL, 10, 5, 42, 100000 };
	enum { N = 40 };
	uint64_t want[N];
	char dense[2048], spaced[2048], irq[512], irq_sp[512], nohit[512], bad_irq[512];
	size_t o[6] = { 0 };
	struct pab_results_file rf;
	char err[512];

	/* ns: every digit count from 1 to 18; irq: hits at 0, 9, 15 and 39, multi-digit, zeros runs of every phase */
	for (size_t i = 0; i < N; i++) {
		bool hit = i == 0 || i == 9 || i == 15 || i == N - 1;

		want[i] = i < 9 ? some[i] : i * 7919;
		o[0] += (size_t)snprintf(dense + o[0], sizeof(dense) - o[0], "%s%llu", i ? "," : "[",
					 (unsigned long long)want[i]);
		o[1] += (size_t)snprintf(spaced + o[1], sizeof(spaced) - o[1], "%s%llu%s", i ? ",\n " : "[ ",
					 (unsigned long long)want[i], i % 3 ? "" : " ");
		o[2] += (size_t)snprintf(irq + o[2], sizeof(irq) - o[2], "%s%d", i ? "," : "[",
					 hit ? (int)(i % 5 == 0 ? 1 : i) : 0);
		o[3] += (size_t)snprintf(irq_sp + o[3], sizeof(irq_sp) - o[3], "%s%d", i ? ", " : "[",
					 hit ? 3 : 0);
		o[4] += (size_t)snprintf(nohit + o[4], sizeof(nohit) - o[4], "%s0", i ? "," : "[");
		o[5] += (size_t)snprintf(bad_irq + o[5], sizeof(bad_irq) - o[5], "%s%d", i ? "," : "[",
					 i == 20 ? -1 : 0);
	}
	strcat(dense, "]");
	strcat(spaced, " ]");
	strcat(irq, "]");
	strcat(irq_sp, "]");
	strcat(nohit, "]");
	strcat(bad_irq, "]");
	for (int form = 0; form < 2; form++) {
		CHECK(!load_samples(form ? spaced : dense, NULL, NULL, &rf, err, sizeof(err)) && rf.n == 1);
		if (rf.n == 1 && rf.recs[0].nsamples == N)
			for (size_t i = 0; i < N; i++)
				CHECK(rf.recs[0].samples_ns[i] == want[i]);
		else
			CHECK(!"40 samples read");
		pab_results_free(&rf);
		/* The hit calls left out, the rest in order. */
		CHECK(!load_samples(dense, dense, form ? irq_sp : irq, &rf, err, sizeof(err)) && rf.n == 1);
		if (rf.n == 1) {
			const struct pab_rec *r = &rf.recs[0];
			size_t k = 0;

			CHECK(r->nsamples == N - 4 && r->irq_hit_calls == 4 && r->irq_excluded == 4);
			for (size_t i = 0; i < N && r->nsamples == N - 4; i++)
				if (i != 0 && i != 9 && i != 15 && i != N - 1) {
					CHECK(r->samples_ns[k] == want[i] && r->samples_null[k] == want[i]);
					k++;
				}
		}
		pab_results_free(&rf);
	}
	CHECK(!load_samples(dense, NULL, nohit, &rf, err, sizeof(err)) && rf.n == 1 && rf.recs[0].nsamples == N &&
	      rf.recs[0].irq_hit_calls == 0 && rf.recs[0].samples_ns[N - 1] == want[N - 1]);
	pab_results_free(&rf);
	CHECK(load_samples(dense, NULL, bad_irq, &rf, err, sizeof(err)) &&
	      strstr(err, "samples.irq' holds a value that is not an integer >= 0"));
	CHECK(load_samples(dense, NULL, "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]", &rf, err,
			   sizeof(err)) && strstr(err, "samples.irq' holds 30 values, samples.ns 40"));
	/* 19 digits fit in jansson's integers: read there, the same value. */
	CHECK(!load_samples("[1000000000000000000,1,2,3,4,5,6,7,8,9,10,11,12,13]", NULL, NULL, &rf, err,
			    sizeof(err)) && rf.n == 1 && rf.recs[0].samples_ns[0] == 1000000000000000000ULL);
	pab_results_free(&rf);
	CHECK(load_samples("[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,]", NULL, NULL, &rf, err, sizeof(err)) &&
	      strstr(err, "not valid JSON"));
	CHECK(load_samples("[1,2,3,4,5,6,7,8,9,10,11,12,13,,14,15,16,17,18,19]", NULL, NULL, &rf, err, sizeof(err)) &&
	      strstr(err, "not valid JSON"));
	CHECK(load_samples("[1,2,3,4,5,6,7,8,9,10,11,12,13,014,15,16,17,18,19]", NULL, NULL, &rf, err, sizeof(err)) &&
	      strstr(err, "not valid JSON"));
	CHECK(load_samples("[1,2,3,4,5,6,7,8,9,10,11,12,13,1.5,15,16,17,18,19]", NULL, NULL, &rf, err, sizeof(err)) &&
	      strstr(err, "samples.ns' holds a value that is not an integer >= 0"));
	remove("forms.json");
}

static void expect_error(const char *what, const char *text, const char *want)
{
	struct pab_results_file rf;
	char err[512] = "";
	int ret;

	write_file("bad.json", text);
	ret = pab_results_load("bad.json", &rf, err, sizeof(err));
	checks++;
	if (ret == 0 || !strstr(err, want) || strchr(err, '\n')) {
		failures++;
		printf("FAIL %s: got '%s', want '%s'\n", what, err, want);
	}
	remove("bad.json");
}

int main(void)
{
	struct pab_results_file rf;
	char err[512];

	round_trip();
	net_round_trip();
	sample_forms();
	older_file();
	emulated_rule();
	clock_rule();
	conc_round_trip();
	expect_error("truncated", "{\n  \"schema_version\": 1,\n  \"results\": [\n",
		     "bad.json:4:0: not valid JSON");
	expect_error("not an object", "[1, 2]", "top level is not an object");
	expect_error("other schema", "{\"schema_version\": 2}", "schema_version 2; this reader knows 1");
	expect_error("unknown clock", "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"clock\": \"sundial\", \"kernel\": "
		     "{\"release\": \"r\", \"arch\": \"arm64\", \"page_size\": 4096}}, \"results\": []}",
		     "header: field 'machine.clock' is 'sundial', not host, icount or emulated");
	expect_error("mistyped clock", "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"clock\": 1, \"kernel\": "
		     "{\"release\": \"r\", \"arch\": \"arm64\", \"page_size\": 4096}}, \"results\": []}",
		     "header: field 'machine.clock' is not a string: host, icount or emulated");
	expect_error("no results", "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"kernel\": "
		     "{\"release\": \"r\", \"arch\": \"arm64\", \"page_size\": 4096}}}",
		     "header: field 'results' is missing");
	expect_error("record without method",
		     "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"kernel\": {\"release\": \"r\","
		     " \"arch\": \"arm64\", \"page_size\": 4096}}, \"results\": [{\"name\": \"n\", \"status\": "
		     "\"error\", \"config\": {\"region\": \"mixed\"}}]}",
		     "results[0]: field 'method' is missing");
	expect_error("mistyped bytes",
		     "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"kernel\": {\"release\": \"r\","
		     " \"arch\": \"arm64\", \"page_size\": 4096}}, \"results\": [{\"name\": \"n\", \"status\": "
		     "\"error\", \"config\": {\"method\": \"apply\", \"region\": \"mixed\", \"mix\": \"pte\", "
		     "\"layout\": \"runs\", \"lazy\": \"on\", \"tlb\": \"none\", \"bytes\": \"4K\", "
		     "\"iterations\": 1}, \"run\": {\"completed\": 0, \"entries_per_call\": 0}}]}",
		     "results[0]: field 'bytes' is not a number");
	/* Found by fuzzing (tests/fuzz): out-of-range numbers were cast to integers (undefined). */
	expect_error("negative bytes",
		     "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"kernel\": {\"release\": \"r\","
		     " \"arch\": \"arm64\", \"page_size\": 4096}}, \"results\": [{\"name\": \"n\", \"status\": "
		     "\"error\", \"config\": {\"method\": \"apply\", \"region\": \"mixed\", \"mix\": \"pte\", "
		     "\"layout\": \"runs\", \"lazy\": \"on\", \"tlb\": \"none\", \"bytes\": -1e300, "
		     "\"iterations\": 1}, \"run\": {\"completed\": 0, \"entries_per_call\": 0}}]}",
		     "results[0]: field 'bytes' is not a count");
	expect_error("huge page size", "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"kernel\": "
		     "{\"release\": \"r\", \"arch\": \"arm64\", \"page_size\": 1e300}}, \"results\": []}",
		     "machine.kernel: field 'page_size' is not a count");
	expect_error("huge schema", "{\"schema_version\": 1e300}", "schema_version 1e+300; this reader knows 1");
	expect_error("negative sample",
		     "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"kernel\": {\"release\": \"r\","
		     " \"arch\": \"arm64\", \"page_size\": 4096}}, \"results\": [{\"name\": \"n\", \"status\": "
		     "\"error\", \"config\": {\"method\": \"apply\", \"region\": \"mixed\", \"mix\": \"pte\", "
		     "\"layout\": \"runs\", \"lazy\": \"on\", \"tlb\": \"none\", \"bytes\": 4096, "
		     "\"iterations\": 1}, \"run\": {\"completed\": 1, \"entries_per_call\": 1}, "
		     "\"samples\": {\"ns\": [-5]}}]}",
		     "results[0]: field 'samples.ns' holds a value that is not an integer >= 0");
	expect_error("null windows not one per call",
		     "{\"schema_version\": 1, \"command\": \"x\", \"machine\": {\"kernel\": {\"release\": \"r\","
		     " \"arch\": \"arm64\", \"page_size\": 4096}}, \"results\": [{\"name\": \"n\", \"status\": "
		     "\"error\", \"config\": {\"method\": \"apply\", \"region\": \"mixed\", \"mix\": \"pte\", "
		     "\"layout\": \"runs\", \"lazy\": \"on\", \"tlb\": \"none\", \"bytes\": 4096, "
		     "\"iterations\": 2}, \"run\": {\"completed\": 2, \"entries_per_call\": 1}, "
		     "\"samples\": {\"ns\": [5, 6], \"null_ns\": [1]}}]}",
		     "results[0]: field 'samples.null_ns' holds 1 values, samples.ns 2");
	expect_error("empty file", "", "bad.json:1:0: not valid JSON");
	/* Found by fuzzing: jansson quotes the bytes near the error, a newline too. */
	expect_error("newline near the error", "{\"a\\\n\": 1}",
		     "bad.json:2:0: not valid JSON: invalid escape near '\"a\\\\n'");
	expect_error("control byte near the error", "{\"a\\\x1b\": 1}", "near '\"a\\\\x1b'");
	checks++;
	if (pab_results_load("/nonexistent/r.json", &rf, err, sizeof(err)) == 0 ||
	    strcmp(err, "cannot read /nonexistent/r.json: No such file or directory")) {
		failures++;
		printf("FAIL missing file: %s\n", err);
	}
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
