// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "report.h"

int pab_report_prepare(struct pab_report *rp, char *err, size_t errlen)
{
	rp->rows = calloc(rp->f->n + 1, sizeof(*rp->rows));
	rp->cold = calloc(rp->f->n + 1, sizeof(*rp->cold));
	if (!rp->rows || !rp->cold) {
		snprintf(err, errlen, "no memory for %zu configurations", rp->f->n);
		return -1;
	}
	/* Hot and cold apart: every table and plot picks from the hot rows (report_cold.c). */
	for (size_t i = 0; i < rp->f->n; i++) {
		bool cold = rp->f->recs[i].cold;
		struct pab_row *w = cold ? &rp->cold[rp->ncold] : &rp->rows[rp->nrows];

		w->r = &rp->f->recs[i];
		if (!pab_rec_summary(w->r, &w->s))
			cold ? rp->ncold++ : rp->nrows++;
	}
	pab_report_paths(rp);
	return 0;
}

int pab_report_write(struct pab_report *rp, char *err, size_t errlen)
{
	snprintf(rp->plotdir, sizeof(rp->plotdir), "%s/plots", rp->dir);
	if (mkdir(rp->plotdir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", rp->plotdir, strerror(errno));
		return -1;
	}
	if (pab_report_prepare(rp, err, errlen))
		return -1;
	pab_report_plots(rp);
	pab_report_markdown(rp);
	pab_report_html(rp);
	pab_report_lkml(rp);
	/* The texts are written (report.md names the failed plots); the report is not whole. */
	if (rp->nfailed) {
		if (rp->nfailed > 1)
			snprintf(err, errlen, "%s (and %zu more plots not drawn: see report.md)", rp->plot_err,
				 rp->nfailed - 1);
		else
			snprintf(err, errlen, "%s", rp->plot_err);
		return -1;
	}
	return 0;
}

void pab_report_free(struct pab_report *rp)
{
	free(rp->rows);
	free(rp->cold);
	free(rp->done);
	free(rp->paths);
	rp->paths = NULL;
	rp->npaths = 0;
	rp->rows = rp->cold = NULL;
	rp->done = NULL;
	rp->nrows = rp->ncold = rp->ndone = 0;
}
