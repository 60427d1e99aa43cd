// SPDX-License-Identifier: GPL-2.0
/*
 * pab-ioctl-fuzz: drive /dev/pageattr_bench with random and structurally
 * mutated requests, inside a guest. Every answer must be success or one of
 * the errnos the UAPI documents for bad input; the module's regions must be
 * gone once the device is closed (nothing left in /proc/vmallocinfo from
 * the module) and free memory back to where it was. Seeded and repeatable:
 * a failure prints the seed and input number to replay.
 *
 * usage: pab-ioctl-fuzz [-n INPUTS] [-s SEED] [-v]
 *        pab-ioctl-fuzz --close-mid-run     close the fd while a run is going
 *        pab-ioctl-fuzz --bad-size          a refused size leaves user memory alone
 *        pab-ioctl-fuzz --as-user UID CMD [ARGS...]   exec CMD as UID (no root)
 *        pab-ioctl-fuzz --fail-nth   fail each allocation of each request in turn
 */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "pageattr_bench_uapi.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: fast, seeded, the same sequence on every arch */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* Values that sit on the edges validation code has to get right. */
static uint64_t interesting(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 31, 32, 33, 63, 64, 255, 256, 4095, 4096, 4097, 16384, 65536,
		1 << 20, 2 << 20, (2 << 20) + 4096, 32 << 20, 1ULL << 30, 1ULL << 32, 64ULL << 30,
		1ULL << 40, 1ULL << 47, 1ULL << 52, 1ULL << 63, 0x7fffffff, 0x80000000, 0xffffffff,
		UINT64_MAX, UINT64_MAX - 4095, PAB_MAX_ITERATIONS, PAB_MAX_ITERATIONS + 1ULL,
		PAB_MAX_WARMUP + 1ULL, PAB_PPM, PAB_PPM + 1, PAB_CPU_ANY,
	};
	return v[below(sizeof(v) / sizeof(v[0]))];
}

struct stats {
	uint64_t inputs, ok, by_errno[160], unexpected;
};

static const int allowed[] = { 0, EINVAL, ENOENT, ENOTTY, EFAULT, E2BIG, EOPNOTSUPP, ENOMEM,
			       EBUSY, EINTR };

static bool errno_allowed(int e)
{
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (e == allowed[i])
			return true;
	return false;
}

static int fd;
static uint32_t live[8], nlive;
static uint64_t sample_buf[4 * 8 + 64];	/* ns/ticks/counts for at most 4 iterations */
static struct pab_thread threads[PAB_MAX_THREADS];

static uint32_t some_region(void)
{
	if (nlive && below(8))
		return live[below(nlive)];
	return (uint32_t)(below(4) ? below(16) : rnd());
}

/* A user pointer: mostly a good buffer, sometimes NULL, unmapped or kernel. */
static uint64_t some_ptr(void *good)
{
	switch (below(12)) {
	case 0: return 0;
	case 1: return 0xdead000;
	case 2: return UINT64_MAX - 7;
	case 3: return (uint64_t)(uintptr_t)good + 1;
	default: return (uint64_t)(uintptr_t)good;
	}
}

/* Keep every accepted request cheap: the point is the validation, not long runs. */
static uint64_t tame_bytes(uint64_t b)
{
	if (b > (64ULL << 20) && b <= (1ULL << 52))
		return (below(16) + 1) << 20;
	return b;
}

static void fill_create(struct pab_region_create *c)
{
	static const uint32_t kinds[] = { PAB_REGION_VMALLOC, PAB_REGION_VMALLOC_HUGE,
					  PAB_REGION_MIXED };

	c->kind = below(16) ? kinds[below(3)] : (uint32_t)interesting();
	c->bytes = below(4) ? (below(8) + 1) << (below(2) ? 12 : 21) : interesting();
	c->bytes = tame_bytes(c->bytes);
	if (below(4)) {
		c->mix_ppm[below(PAB_LVL_NR)] = PAB_PPM;
	} else {
		for (int l = 0; l < PAB_LVL_NR; l++)
			c->mix_ppm[l] = below(3) ? 0 : (uint32_t)(below(2) ? below(PAB_PPM + 2) : interesting());
	}
	c->layout = below(8) ? (uint32_t)below(3) : (uint32_t)interesting();
	c->pattern_len = below(4) ? (uint32_t)below(PAB_PATTERN_MAX + 2) : (uint32_t)interesting();
	for (int i = 0; i < PAB_PATTERN_MAX; i++)
		c->pattern[i] = (uint8_t)(below(8) ? below(PAB_LVL_NR) : rnd());
}

static void fill_run(struct pab_run *r)
{
	r->region = some_region();
	r->method = below(8) ? (uint32_t)below(PAB_METHOD_NR) : (uint32_t)interesting();
	r->lazy = below(8) ? (uint32_t)below(4) : (uint32_t)interesting();
	r->batch = r->lazy == PAB_LAZY_BATCH && below(4) ? (uint32_t)below(600) : (uint32_t)below(2);
	r->tlb = below(8) ? (uint32_t)below(3) : (uint32_t)interesting();
	r->flags = below(4) ? (uint32_t)below(4) : (uint32_t)rnd();
	r->cpu = below(4) ? PAB_CPU_ANY : (uint32_t)(below(2) ? below(4) : interesting());
	r->offset = below(4) ? 0 : (below(2) ? below(64) << 12 : interesting());
	r->length = below(4) ? 0 : (below(2) ? below(64) << 12 : interesting());
	/* (build() caps what is accepted but slow, after the mutations.) */
	r->iterations = below(16) ? (uint32_t)below(5) : (uint32_t)interesting();
	r->warmup = below(16) ? (uint32_t)below(3) : (uint32_t)interesting();
	if (!below(8)) {
		r->set_mask = interesting();
		r->clear_mask = interesting();
	}
	r->ns_ptr = some_ptr(sample_buf);
	r->cycles_ptr = below(2) ? some_ptr(sample_buf + 4) : 0;
	r->tlb_ns_ptr = below(4) ? 0 : some_ptr(sample_buf + 8);
	r->nr_events = below(4) ? 0 : (uint32_t)(below(2) ? below(PAB_MAX_EVENTS + 2) : interesting());
	for (int i = 0; i < PAB_MAX_EVENTS; i++) {
		r->events[i].type = (uint32_t)(below(4) ? below(2) : interesting());
		r->events[i].config = below(2) ? below(10) : interesting();
	}
	r->counts_ptr = some_ptr(sample_buf + 16);
}

static void fill_concurrent(struct pab_concurrent *c)
{
	c->nr_threads = below(8) ? (uint32_t)below(4) : (uint32_t)interesting();
	c->threads_ptr = some_ptr(threads);
	c->thread_size = below(8) ? sizeof(struct pab_thread) : (uint32_t)interesting();
	c->method = below(8) ? (uint32_t)below(PAB_METHOD_NR) : (uint32_t)interesting();
	c->lazy = below(8) ? (uint32_t)below(4) : (uint32_t)interesting();
	c->batch = c->lazy == PAB_LAZY_BATCH ? (uint32_t)below(100) : (uint32_t)below(2);
	c->lock = below(8) ? (uint32_t)below(2) : (uint32_t)interesting();
	c->flags = below(4) ? (uint32_t)below(2) * PAB_RUN_VERIFY_END : (uint32_t)rnd();
	c->iterations = below(16) ? (uint32_t)below(4) : (uint32_t)interesting();
	c->warmup = (uint32_t)below(2);
	for (int i = 0; i < 4; i++) {
		memset(&threads[i], 0, sizeof(threads[i]));
		threads[i].region = some_region();
		threads[i].cpu = below(4) ? PAB_CPU_ANY : (uint32_t)(below(2) ? below(4) : interesting());
		threads[i].offset = below(2) ? (uint64_t)i * (below(3) << 12) : interesting();
		threads[i].length = below(2) ? below(4) << 12 : interesting();
		if (!below(16))
			threads[i].ns = rnd();	/* an output field the caller must not be able to poison */
	}
}

/* The request, built or mutated, and which ioctl carries it. */
struct input {
	unsigned long cmd;
	uint8_t buf[8192];
	uint32_t size;
};

static const unsigned long cmds[] = {
	PAB_IOC_INFO, PAB_IOC_SYMBOL, PAB_IOC_METHOD, PAB_IOC_LAST_ERROR,
	PAB_IOC_REGION_CREATE, PAB_IOC_REGION_DESTROY, PAB_IOC_CHANGE, PAB_IOC_VERIFY,
	PAB_IOC_RUN, PAB_IOC_CONCURRENT,
};

static int only_cmd = -1;	/* -c N: only cmds[N] (and region create/destroy), to bisect */

/* An accepted value above cap (but within the module's limit) becomes cap: refusals stay. */
static void cap(uint32_t *v, uint32_t cap_to, uint32_t limit)
{
	if (*v > cap_to && *v <= limit)
		*v = cap_to;
}

static void build(struct input *in)
{
	unsigned int k = (unsigned int)below(sizeof(cmds) / sizeof(cmds[0]) + 1);

	if (only_cmd >= 0 && below(4))
		k = (unsigned int)only_cmd;
	uint8_t *b = in->buf;

	memset(in, 0, sizeof(*in));
	if (k == sizeof(cmds) / sizeof(cmds[0])) {
		/* An unknown command: another number, another magic, any direction and size. */
		/* (Only this driver's magic and a neighbour: the VFS answers some
		 * generic numbers itself, with errnos that are not ours to check.) */
		in->cmd = _IOC((unsigned int)below(4), below(4) ? PAB_IOC_MAGIC : PAB_IOC_MAGIC + 1,
			       (unsigned int)below(256), (unsigned int)below(1 << 13));
		for (size_t i = 0; i < 64; i++)
			b[i] = (uint8_t)rnd();
		in->size = 64;
		return;
	}
	in->cmd = cmds[k];
	in->size = (uint32_t)_IOC_SIZE(in->cmd);
	switch (in->cmd) {
	case PAB_IOC_SYMBOL:
		((struct pab_symbol *)b)->index = (uint32_t)(below(2) ? below(40) : interesting());
		break;
	case PAB_IOC_METHOD:
		((struct pab_method_info *)b)->method = (uint32_t)(below(2) ? below(8) : interesting());
		break;
	case PAB_IOC_REGION_CREATE:
		fill_create((struct pab_region_create *)b);
		break;
	case PAB_IOC_REGION_DESTROY:
		((struct pab_region_ref *)b)->id = some_region();
		break;
	case PAB_IOC_CHANGE: {
		struct pab_change *c = (struct pab_change *)b;

		c->region = some_region();
		c->method = (uint32_t)(below(8) ? below(PAB_METHOD_NR) : interesting());
		c->prot = (uint32_t)(below(8) ? below(3) + 1 : interesting());
		c->lazy = (uint32_t)(below(8) ? below(4) : interesting());
		c->flags = (uint32_t)(below(4) ? below(2) : rnd());
		c->offset = below(2) ? below(16) << 12 : interesting();
		c->length = below(2) ? below(16) << 12 : interesting();
		break;
	}
	case PAB_IOC_VERIFY:
		((struct pab_verify *)b)->region = some_region();
		((struct pab_verify *)b)->prot = (uint32_t)(below(8) ? below(3) + 1 : interesting());
		break;
	case PAB_IOC_RUN:
		fill_run((struct pab_run *)b);
		break;
	case PAB_IOC_CONCURRENT:
		fill_concurrent((struct pab_concurrent *)b);
		break;
	}
	/* Structural mutations on top: flipped bits, a random field, a wrong size. */
	switch (below(10)) {
	case 0:
		for (int i = 0, n = (int)below(4) + 1; i < n; i++)
			b[4 + below(in->size - 4)] ^= (uint8_t)(1u << below(8));
		break;
	case 1: {
		size_t off = 4 + 8 * below((in->size - 4) / 8);
		uint64_t v = interesting();

		memcpy(b + off, &v, off + 8 <= in->size ? 8 : in->size - off);
		break;
	}
	case 2:
		in->size = (uint32_t)(below(2) ? below(in->size + 64) : interesting());
		if (below(2) && in->size > _IOC_SIZE(in->cmd) && in->size <= sizeof(in->buf))
			b[_IOC_SIZE(in->cmd) + below(in->size - _IOC_SIZE(in->cmd))] = (uint8_t)(rnd() | 1);
		break;
	case 3:
		for (size_t i = 4; i < in->size; i++)
			b[i] = (uint8_t)rnd();
		break;
	}
	/* Whatever the mutation, keep accepted work small (see tame_bytes). */
	if (in->cmd == PAB_IOC_REGION_CREATE) {
		struct pab_region_create *c = (struct pab_region_create *)b;

		c->bytes = tame_bytes(c->bytes);
	}
	if (in->cmd == PAB_IOC_RUN) {
		struct pab_run *r = (struct pab_run *)b;

		cap(&r->iterations, 4, PAB_MAX_ITERATIONS);
		cap(&r->warmup, 2, PAB_MAX_WARMUP);
		cap(&r->nr_events, 4, PAB_MAX_EVENTS);
	}
	if (in->cmd == PAB_IOC_CONCURRENT) {
		struct pab_concurrent *c = (struct pab_concurrent *)b;

		cap(&c->nr_threads, 3, PAB_MAX_THREADS);
		cap(&c->iterations, 3, PAB_MAX_ITERATIONS);
		cap(&c->warmup, 2, PAB_MAX_WARMUP);
	}
}

/* The failing request, field by field where we know them, for the report. */
static void dump(const struct input *in)
{
	if (in->cmd == PAB_IOC_RUN) {
		const struct pab_run *r = (const void *)in->buf;

		printf("#   run: region %u method %u lazy %u batch %u tlb %u flags %#x cpu %#x offset %#llx length %#llx iterations %u warmup %u set %#llx clear %#llx events %u\n",
		       r->region, r->method, r->lazy, r->batch, r->tlb, r->flags, r->cpu,
		       (unsigned long long)r->offset, (unsigned long long)r->length, r->iterations,
		       r->warmup, (unsigned long long)r->set_mask, (unsigned long long)r->clear_mask,
		       r->nr_events);
		return;
	}
	printf("#   bytes:");
	for (uint32_t i = 0; i < in->size && i < 128; i++)
		printf(" %02x", in->buf[i]);
	printf("\n");
}

static int issue(struct input *in)
{
	uint32_t size = in->size;

	memcpy(in->buf, &size, sizeof(size));
	if (ioctl(fd, in->cmd, in->buf) == 0)
		return 0;
	return errno;
}

/* Lines of /proc/vmallocinfo that the module's code allocated. */
static long module_vmallocs(void)
{
	FILE *f = fopen("/proc/vmallocinfo", "r");
	char line[512];
	long n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, "[pageattr_bench]") != NULL;
	fclose(f);
	return n;
}

static long meminfo_kb(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			v = strtol(line + strlen(key) + 1, NULL, 10);
	fclose(f);
	return v;
}

/*
 * How much MemAvailable may drop without a leak: 32 MiB for page tables of
 * freed vmalloc ranges (the kernel never frees them), plus, under KASAN, its
 * quarantine of freed objects (up to 1/32 of RAM, drained only by reuse).
 */
static long slack_kb(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[256];
	bool kasan = false;

	while (f && !kasan && fgets(line, sizeof(line), f))
		kasan = strstr(line, " kasan_quarantine_put") != NULL;
	if (f)
		fclose(f);
	return 32768 + (kasan ? meminfo_kb("MemTotal") / 32 : 0);
}

static int open_dev(void)
{
	int f = open(PAB_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (f < 0) {
		fprintf(stderr, "pab-ioctl-fuzz: cannot open %s: %s\n", PAB_DEVICE_PATH, strerror(errno));
		exit(3);
	}
	return f;
}

static int fuzz(uint64_t n, uint64_t seed, bool verbose)
{
	struct stats st = { 0 };
	long vm0 = module_vmallocs(), free0 = meminfo_kb("MemAvailable"), vm1, free1, slack = slack_kb();
	time_t t0 = time(NULL);
	struct input in;

	rng_state = seed ? seed : 1;
	fd = open_dev();
	for (uint64_t i = 0; i < n; i++) {
		int e;

		build(&in);
		e = issue(&in);
		st.inputs++;
		if (!e)
			st.ok++;
		st.by_errno[e < 160 ? e : 0]++;
		if (verbose)
			printf("# %" PRIu64 " cmd %#lx size %u -> %d\n", i, in.cmd, in.size, e);
		if (!errno_allowed(e)) {
			st.unexpected++;
			struct pab_error perr = { .size = sizeof(perr) };

			ioctl(fd, PAB_IOC_LAST_ERROR, &perr);
			printf("not ok: input %" PRIu64 " (seed %" PRIu64 "): ioctl %#lx size %u answered %s (%d): %s\n",
			       i, seed, in.cmd, in.size, strerror(e), e, perr.msg);
			dump(&in);
		}
		if (in.cmd == PAB_IOC_REGION_CREATE && !e) {
			uint32_t id = ((struct pab_region_create *)in.buf)->id;

			if (nlive == 8) {	/* keep at most 8 alive: free one */
				struct pab_region_ref ref = { .size = sizeof(ref), .id = live[0] };

				ioctl(fd, PAB_IOC_REGION_DESTROY, &ref);
				live[0] = live[--nlive];
			}
			live[nlive++] = id;
		}
		if (in.cmd == PAB_IOC_REGION_DESTROY && !e)
			for (uint32_t j = 0; j < nlive; j++)
				if (live[j] == ((struct pab_region_ref *)in.buf)->id)
					live[j] = live[--nlive];
		if ((i + 1) % 10000 == 0) {
			printf("# %" PRIu64 " inputs, %" PRIu64 " accepted, %ld s\n", i + 1, st.ok,
			       (long)(time(NULL) - t0));
			fflush(stdout);
		}
	}
	/* Live regions must all be back to read-write or still as changed: verify reads only. */
	close(fd);
	vm1 = module_vmallocs();
	free1 = meminfo_kb("MemAvailable");
	printf("# errnos:");
	for (int e = 0; e < 160; e++)
		if (st.by_errno[e])
			printf(" %s=%" PRIu64, e ? strerrorname_np(e) : "ok", st.by_errno[e]);
	printf("\n# module vmalloc areas: %ld before, %ld after close\n", vm0, vm1);
	printf("# MemAvailable: %ld kB before, %ld kB after (%+ld kB)\n", free0, free1, free1 - free0);
	printf("inputs %" PRIu64 " accepted %" PRIu64 " unexpected %" PRIu64 " seconds %ld\n",
	       st.inputs, st.ok, st.unexpected, (long)(time(NULL) - t0));
	if (vm1 != vm0)
		printf("not ok: %ld module vmalloc areas left after close\n", vm1 - vm0);
	if (free1 < free0 - slack)
		printf("not ok: %ld kB of memory not returned (allowed: %ld kB)\n", free0 - free1,
		       slack);
	return st.unexpected || vm1 != vm0 || free1 < free0 - slack ? 1 : 0;
}

struct mid_run {
	int fd;
	int ret, err;
};

static void *run_thread(void *arg)
{
	struct mid_run *m = arg;
	static uint64_t ns[500];
	struct pab_region_create rc = { .size = sizeof(rc), .kind = PAB_REGION_MIXED,
					.bytes = 16ULL << 20 };
	struct pab_run run = { .size = sizeof(run), .method = PAB_METHOD_WALK_LOCKLESS,
			       .lazy = PAB_LAZY_ON, .cpu = PAB_CPU_ANY, .iterations = 500,
			       .ns_ptr = (uintptr_t)ns };

	rc.mix_ppm[PAB_LVL_PTE] = PAB_PPM;
	if (ioctl(m->fd, PAB_IOC_REGION_CREATE, &rc)) {
		m->ret = -1;
		m->err = errno;
		return NULL;
	}
	run.region = rc.id;
	m->ret = ioctl(m->fd, PAB_IOC_RUN, &run);
	m->err = m->ret ? errno : 0;
	return NULL;
}

/* Close the fd from another thread while a long run is inside the module. */
static int close_mid_run(void)
{
	struct mid_run m = { .fd = open_dev() };
	long vm0 = module_vmallocs(), vm1;
	pthread_t t;

	pthread_create(&t, NULL, run_thread, &m);
	/* Once the region exists the run follows at once; it lasts far longer than this. */
	while (module_vmallocs() == vm0)
		usleep(10 * 1000);
	usleep(200 * 1000);
	if (close(m.fd))
		printf("not ok: close: %s\n", strerror(errno));
	pthread_join(t, NULL);
	printf("# run after close: %s\n", m.ret ? strerror(m.err) : "completed");
	vm1 = module_vmallocs();
	printf("# module vmalloc areas: %ld while open, %ld after\n", vm0, vm1);
	if (vm1 != vm0) {
		printf("not ok: region not freed after the last reference went\n");
		return 1;
	}
	printf("ok: fd closed mid-run, run %s, region freed\n", m.ret ? "failed cleanly" : "completed");
	return 0;
}

/*
 * Systematic allocation failure (CONFIG_FAULT_INJECTION's fail-nth, as
 * syzkaller uses it): make the Nth fault point of one request fail, for N =
 * 1, 2, ... until a request passes all of its points. Every request must
 * then succeed or answer ENOMEM, and nothing may leak.
 */
static int fail_nth_write(int f, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	return pwrite(f, buf, (size_t)len, 0) == len ? 0 : -1;
}

static int fail_nth_left(int f)
{
	char buf[16] = "";

	if (pread(f, buf, sizeof(buf) - 1, 0) <= 0)
		return -1;
	return atoi(buf);
}

/* Touched before any fault is armed: a user page fault would be a fault point too. */
static uint64_t fn_ns[4];
static struct pab_thread fn_th[2];

static int fail_nth_op(int op, uint32_t region)
{
	uint64_t *ns = fn_ns;
	struct pab_thread *th = fn_th;
	struct pab_region_create rc = { .size = sizeof(rc), .kind = PAB_REGION_MIXED,
					.bytes = 4ULL << 20, .layout = PAB_LAYOUT_PATTERN,
					.pattern_len = 2, .pattern = { PAB_LVL_PTE, PAB_LVL_PMD } };
	struct pab_run run = { .size = sizeof(run), .region = region,
			       .method = PAB_METHOD_WALK_LOCKLESS, .lazy = PAB_LAZY_ON,
			       .cpu = PAB_CPU_ANY, .iterations = 2, .ns_ptr = (uintptr_t)ns };
	struct pab_concurrent cc = { .size = sizeof(cc), .nr_threads = 2,
				     .threads_ptr = (uintptr_t)th, .thread_size = sizeof(th[0]),
				     .method = PAB_METHOD_WALK_LOCKLESS, .lazy = PAB_LAZY_ON,
				     .iterations = 2 };
	int ret;

	switch (op) {
	case 0:
	case 1:
		if (op == 1) {
			memset(&rc, 0, sizeof(rc));
			rc = (struct pab_region_create){ .size = sizeof(rc), .kind = PAB_REGION_VMALLOC,
							 .bytes = 1 << 20 };
		}
		ret = ioctl(fd, PAB_IOC_REGION_CREATE, &rc);
		if (!ret) {
			struct pab_region_ref ref = { .size = sizeof(ref), .id = rc.id };

			ioctl(fd, PAB_IOC_REGION_DESTROY, &ref);
		}
		return ret ? errno : 0;
	case 2:
		return ioctl(fd, PAB_IOC_RUN, &run) ? errno : 0;
	default:
		for (int i = 0; i < 2; i++)
			th[i] = (struct pab_thread){ .region = region, .cpu = PAB_CPU_ANY,
						     .offset = (uint64_t)i << 16, .length = 1 << 16 };
		return ioctl(fd, PAB_IOC_CONCURRENT, &cc) ? errno : 0;
	}
}

/*
 * By default failslab and fail_page_alloc skip allocations that may sleep
 * (ignore-gfp-wait) and, for pages, order 0: such calls are not even counted
 * by fail-nth. Count and fail every one, quietly (no stack dump per fault).
 */
static void fault_knobs(void)
{
	static const char *const knobs[][2] = {
		{ "/sys/kernel/debug/failslab/ignore-gfp-wait", "N" },
		{ "/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N" },
		{ "/sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem", "N" },
		{ "/sys/kernel/debug/fail_page_alloc/min-order", "0" },
		{ "/sys/kernel/debug/failslab/verbose", "0" },
		{ "/sys/kernel/debug/fail_page_alloc/verbose", "0" },
	};

	for (size_t i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		FILE *f = fopen(knobs[i][0], "w");

		if (!f)
			continue;
		fputs(knobs[i][1], f);
		fclose(f);
	}
}

static int fail_nth(void)
{
	static const char *const ops[] = { "create mixed region", "create vmalloc region", "run",
					   "concurrent run" };
	struct pab_region_create rc = { .size = sizeof(rc), .kind = PAB_REGION_MIXED,
					.bytes = 2ULL << 20, .mix_ppm = { PAB_PPM } };
	long vm0 = module_vmallocs(), vm1;
	int f = open("/proc/thread-self/fail-nth", O_RDWR), bad = 0;

	if (f < 0) {
		printf("skip: no /proc/thread-self/fail-nth (kernel without CONFIG_FAULT_INJECTION)\n");
		return 0;
	}
	fault_knobs();
	memset(fn_ns, 0xff, sizeof(fn_ns));
	memset(fn_th, 0xff, sizeof(fn_th));
	fd = open_dev();
	if (ioctl(fd, PAB_IOC_REGION_CREATE, &rc)) {
		printf("not ok: cannot create the run's region: %s\n", strerror(errno));
		return 1;
	}
	for (int op = 0; op < 4; op++) {
		unsigned int n, injected = 0;
		int left = 0;

		for (n = 1; n < 10000; n++) {
			int e;

			fail_nth_write(f, n);
			e = fail_nth_op(op, rc.id);
			left = fail_nth_left(f);
			fail_nth_write(f, 0);
			if (left == 0)
				injected++;
			if (e && e != ENOMEM) {
				printf("not ok: %s with fault point %u failing answered %s\n", ops[op], n,
				       strerror(e));
				bad++;
			}
			if (left > 0)	/* fewer than n fault points: all of them were tried */
				break;
		}
		printf("# %s: %u fault points failed in turn, all answered cleanly\n", ops[op], injected);
	}
	close(fd);
	vm1 = module_vmallocs();
	if (vm1 != vm0) {
		printf("not ok: %ld module vmalloc areas left\n", vm1 - vm0);
		bad++;
	}
	printf("%s: allocation failures injected at every fault point\n", bad ? "not ok" : "ok");
	return bad ? 1 : 0;
}

static int as_user(char **argv)
{
	uid_t uid = (uid_t)strtoul(argv[0], NULL, 10);

	if (setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid)) {
		perror("pab-ioctl-fuzz: dropping root");
		return 125;
	}
	execvp(argv[1], argv + 1);
	perror("pab-ioctl-fuzz: exec");
	return 127;
}

/*
 * A refused argument size must leave the caller's memory alone. The module
 * once took its copy-out length from an uninitialised variable after a failed
 * copy-in (in practice the previous call's size, left on its stack), and so
 * wrote an answer over memory past a caller's short argument. Prime the stack
 * with a successful call, then send an oversized argument with a canary.
 */
static int bad_size(void)
{
	static uint8_t buf[4096];
	const uint32_t size = 0x10000000;	/* beyond any PAGE_SIZE: refused */
	int bad = 0;

	fd = open_dev();
	for (int round = 0; round < 100; round++) {
		struct pab_info info = { .size = sizeof(info) };
		size_t k = sizeof(size);
		int r, e;

		memset(buf, 0xa5, sizeof(buf));
		memcpy(buf, &size, sizeof(size));
		ioctl(fd, PAB_IOC_INFO, &info);
		r = ioctl(fd, PAB_IOC_INFO, buf);
		e = r ? errno : 0;
		while (k < sizeof(buf) && buf[k] == 0xa5)
			k++;
		if (e != EINVAL || k != sizeof(buf) || memcmp(buf, &size, sizeof(size))) {
			if (!bad++)
				printf("not ok: oversized argument answered %s, %zu bytes of the caller's buffer overwritten\n",
				       strerror(e), sizeof(buf) - k + (memcmp(buf, &size, sizeof(size)) ? 4 : 0));
		}
	}
	if (!bad)
		printf("ok: a refused argument size leaves the caller's memory untouched (100 tries)\n");
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	uint64_t n = 100000, seed = 1;
	bool verbose = false;

	if (argc > 1 && !strcmp(argv[1], "--close-mid-run"))
		return close_mid_run();
	if (argc > 1 && !strcmp(argv[1], "--fail-nth"))
		return fail_nth();
	if (argc > 1 && !strcmp(argv[1], "--bad-size"))
		return bad_size();
	if (argc > 3 && !strcmp(argv[1], "--as-user"))
		return as_user(argv + 2);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-c") && i + 1 < argc)
			only_cmd = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-v"))
			verbose = true;
		else {
			fprintf(stderr, "usage: pab-ioctl-fuzz [-n INPUTS] [-s SEED] [-v] | --close-mid-run | --fail-nth | --bad-size | --as-user UID CMD...\n");
			return 2;
		}
	}
	return fuzz(n, seed, verbose);
}
