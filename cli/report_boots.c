// SPDX-License-Identifier: GPL-2.0
/*
 * 'report' across boots: B's directories first, each kernel's boots after
 * it, as perf diff and hyperfine take their inputs: positional for the run
 * being reported, '--compare' for the baseline (repeatable, or followed by
 * several directories). One boot a side is the report it always was.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json_writer.h"
#include "report_boots.h"

static const char usage[] =
	"usage: pageattr-bench report DIR [DIR...] [--compare OLD_DIR [OLD_DIR...]]... [-o OUT] | --machines OUT DIR DIR...\n";

static int add(const char **list, size_t *n, const char *dir)
{
	if (*n == PAB_MAX_BOOTS) {
		fprintf(stderr, "pageattr-bench report: at most %d results directories a side (%s is one more)\n",
			PAB_MAX_BOOTS, dir);
		return -1;
	}
	list[(*n)++] = dir;
	return 0;
}

int report_parse_args(int argc, char **argv, struct report_args *ra)
{
	bool in_a = false;

	memset(ra, 0, sizeof(*ra));
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (!strcmp(w, "--help") || !strcmp(w, "-h")) {
			fputs(usage, stdout);
			return 1;
		} else if (!strcmp(w, "--compare")) {
			if (i + 1 == argc || argv[i + 1][0] == '-') {
				fprintf(stderr, "pageattr-bench report: --compare needs a results directory\n");
				return -1;
			}
			in_a = true;
		} else if (!strcmp(w, "-o") || !strcmp(w, "--output")) {
			if (i + 1 == argc || ra->out) {
				fprintf(stderr, "pageattr-bench report: %s needs one output directory\n", w);
				return -1;
			}
			ra->out = argv[++i];
			in_a = false;
		} else if (w[0] == '-') {
			fprintf(stderr, "pageattr-bench report: unknown option %s; %s", w, usage);
			return -1;
		} else if (in_a ? add(ra->a, &ra->na, w) : add(ra->b, &ra->nb, w)) {
			return -1;
		}
	}
	if (!ra->nb) {
		fputs(usage, stderr);
		return -1;
	}
	/* One pair of boots would be read as the kernels' A/B: across boots, several a side. */
	if ((ra->nb > 1 || ra->na > 1) && (ra->na < 2 || ra->nb < 2)) {
		fprintf(stderr, "pageattr-bench report: the A/B across boots needs 2 or more results directories a side (B %zu, A %zu): one boot cannot tell a kernel from its boot\n",
			ra->nb, ra->na);
		return -1;
	}
	return 0;
}

static int load_side(const char *const *dirs, size_t n, struct pab_results_file *files,
		     const struct pab_results_file **p, const char *side, char *err, size_t errlen)
{
	char path[4200], e[900];

	for (size_t i = 1; i < n; i++) {
		snprintf(path, sizeof(path), "%s/results.json", dirs[i]);
		if (pab_results_load(path, &files[i], e, sizeof(e))) {
			snprintf(err, errlen, "%s", e);
			return -1;
		}
		p[i] = &files[i];
		/* A side is one kernel: a boot of another would be averaged into it. */
		if (strcmp(p[i]->kernel_release ? p[i]->kernel_release : "",
			   p[0]->kernel_release ? p[0]->kernel_release : "")) {
			snprintf(err, errlen, "%s's boots are of different kernels: %s in %s, %s in %s", side,
				 p[0]->kernel_release, dirs[0], p[i]->kernel_release, dirs[i]);
			return -1;
		}
	}
	return 0;
}

int report_boots_load(const struct report_args *ra, const struct pab_results_file *old,
		      const struct pab_results_file *f, struct report_boots *rb, char *err, size_t errlen)
{
	memset(rb, 0, sizeof(*rb));
	rb->fa = calloc(ra->na, sizeof(*rb->fa));
	rb->fb = calloc(ra->nb, sizeof(*rb->fb));
	if (!rb->fa || !rb->fb) {
		snprintf(err, errlen, "no memory for %zu boots", ra->na + ra->nb);
		return -1;
	}
	rb->pa[0] = old;
	rb->pb[0] = f;
	if (load_side(ra->a, ra->na, rb->fa, rb->pa, "A", err, errlen) ||
	    load_side(ra->b, ra->nb, rb->fb, rb->pb, "B", err, errlen))
		return -1;
	return pab_boots_compare(rb->pa, ra->na, rb->pb, ra->nb, &rb->bt, err, errlen);
}

void report_boots_free(struct report_boots *rb, const struct report_args *ra)
{
	for (size_t i = 1; rb->fa && i < ra->na; i++)
		pab_results_free(&rb->fa[i]);
	for (size_t i = 1; rb->fb && i < ra->nb; i++)
		pab_results_free(&rb->fb[i]);
	free(rb->fa);
	free(rb->fb);
	pab_boots_free(&rb->bt);
}

static void json_side(struct jw *w, const char *key, const char *const *dirs,
		      const struct pab_results_file *const *f, size_t n)
{
	jw_array_begin(w, key);
	for (size_t i = 0; i < n; i++) {
		jw_object_begin(w, NULL);
		jw_string(w, "dir", dirs[i]);
		jw_string(w, "kernel_release", f[i]->kernel_release);
		jw_object_end(w);
	}
	jw_array_end(w);
}

static void json_medians(struct jw *w, const char *key, const double *m, size_t n)
{
	jw_array_begin(w, key);
	for (size_t i = 0; i < n; i++)
		jw_double(w, NULL, m[i]);
	jw_array_end(w);
}

static void json_row(struct jw *w, const struct pab_boots *bt, const struct pab_boot_row *r)
{
	char text[128];

	jw_object_begin(w, NULL);
	jw_string(w, "key", r->a->key);
	jw_string(w, "name", r->a->name);
	jw_bool(w, "comparable", r->comparable);
	jw_bool(w, "net", r->net);
	json_medians(w, "a_boot_medians_ns", r->ma, r->na);
	json_medians(w, "b_boot_medians_ns", r->mb, r->nb);
	jw_double(w, "ratio", r->comparable ? r->c.ratio : NAN);
	jw_array_begin(w, "ratio_interval");
	jw_double(w, NULL, r->comparable && pab_basis_allows_p(bt->basis) ? r->c.lo : NAN);
	jw_double(w, NULL, r->comparable && pab_basis_allows_p(bt->basis) ? r->c.hi : NAN);
	jw_array_end(w);
	jw_double(w, "df", r->comparable ? r->c.df : NAN);
	jw_double(w, "p", r->comparable && pab_basis_allows_p(bt->basis) ? r->c.p : NAN);
	if (r->comparable && pab_basis_allows_verdict(bt->basis))
		jw_string(w, "verdict", r->verdict == PAB_B_FASTER ? "b-faster" :
			  r->verdict == PAB_B_SLOWER ? "b-slower" : "no-difference-shown");
	else
		jw_null(w, "verdict");
	jw_string(w, "verdict_text", pab_boot_row_text(bt, r, text, sizeof(text)));
	jw_double(w, "within_boot_rel_iqr_a", r->within_a);
	jw_double(w, "within_boot_rel_iqr_b", r->within_b);
	jw_double(w, "between_boot_spread_a", r->comparable ? r->between_a : NAN);
	jw_double(w, "between_boot_spread_b", r->comparable ? r->between_b : NAN);
	jw_bool(w, "between_exceeds_difference", r->warn);
	jw_object_end(w);
}

int report_boots_json(const char *dir, const struct pab_report *rp)
{
	const struct pab_boots *bt = rp->boots;
	char path[4200];
	struct jw w;
	FILE *f;

	snprintf(path, sizeof(path), "%s/ab_boots.json", dir);
	if (!(f = fopen(path, "w")))
		return -1;
	jw_init(&w, f);
	jw_object_begin(&w, NULL);
	jw_string(&w, "schema", "pageattr-bench/ab-boots");
	jw_uint(&w, "version", 1);
	jw_string(&w, "basis", pab_basis_name(bt->basis));
	jw_string(&w, "interval", "welch-t-log-per-boot-medians-95");
	json_side(&w, "a", rp->dirs_a, bt->a, bt->na);
	json_side(&w, "b", rp->dirs_b, bt->b, bt->nb);
	jw_uint(&w, "warnings", bt->nwarn);
	jw_array_begin(&w, "rows");
	for (size_t i = 0; i < bt->nrows; i++)
		json_row(&w, bt, &bt->rows[i]);
	jw_array_end(&w);
	jw_object_end(&w);
	jw_finish(&w);
	return fclose(f);
}

/* One side's directories from ab_boots.json into list (strdup'd into mb->dirs). */
static int json_dirs(json_t *root, const char *side, struct report_machine_boots *mb, const char **list,
		     size_t *n, const char *path, char *err, size_t errlen)
{
	json_t *arr = json_object_get(root, side), *e;
	size_t i;

	if (!json_is_array(arr) || !json_array_size(arr) || json_array_size(arr) > PAB_MAX_BOOTS) {
		snprintf(err, errlen, "%s: \"%s\" is not a list of 1 to %d boots", path, side, PAB_MAX_BOOTS);
		return -1;
	}
	json_array_foreach(arr, i, e) {
		const char *d = json_string_value(json_object_get(e, "dir"));

		if (!d || !(mb->dirs[mb->ndirs] = strdup(d))) {
			snprintf(err, errlen, "%s: %s boot %zu has no \"dir\"", path, side, i + 1);
			return -1;
		}
		list[(*n)++] = mb->dirs[mb->ndirs++];
	}
	return 0;
}

int report_machine_boots_load(const char *dir, struct report_machine_boots *mb, struct pab_results_file *f,
			      struct pab_report *rp, char *err, size_t errlen)
{
	char path[4200], pa[4200], pb[4200];
	json_error_t je;
	json_t *root;
	int ret;

	snprintf(path, sizeof(path), "%s/ab_boots.json", dir);
	if (!(root = json_load_file(path, 0, &je))) {
		snprintf(err, errlen, "%s: %s", path, je.text);
		return -1;
	}
	ret = json_dirs(root, "a", mb, mb->ra.a, &mb->ra.na, path, err, errlen) ||
	      json_dirs(root, "b", mb, mb->ra.b, &mb->ra.nb, path, err, errlen) ? -1 : 0;
	json_decref(root);
	if (ret)
		return -1;
	if (mb->ra.na < 2 || mb->ra.nb < 2) {
		snprintf(err, errlen, "%s: %zu boots of A and %zu of B, 2 a side needed", path, mb->ra.na, mb->ra.nb);
		return -1;
	}
	snprintf(pb, sizeof(pb), "%s/results.json", mb->ra.b[0]);
	snprintf(pa, sizeof(pa), "%s/results.json", mb->ra.a[0]);
	if (pab_results_load_two(pb, f, pa, &mb->old, err, errlen) ||
	    report_boots_load(&mb->ra, &mb->old, f, &mb->rb, err, errlen))
		return -1;
	rp->old = &mb->old;
	rp->boots = &mb->rb.bt;
	rp->dirs_a = mb->ra.a;
	rp->dirs_b = mb->ra.b;
	return 0;
}

void report_machine_boots_free(struct report_machine_boots *mb)
{
	report_boots_free(&mb->rb, &mb->ra);
	pab_results_free(&mb->old);
	for (size_t i = 0; i < mb->ndirs; i++)
		free(mb->dirs[i]);
	memset(mb, 0, sizeof(*mb));
}
