/* SPDX-License-Identifier: GPL-2.0 */
/* A sweep's journal and table on --resume (sweep_journal.c). */
#ifndef PAB_SWEEP_JOURNAL_H
#define PAB_SWEEP_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

/* The records so far, each with its configuration's canonical name. */
struct sweep {
	char **records, **names;
	size_t n;
};

/* The journal's whole records into sw (none: 0); -1 with err on a bad line. */
int sweep_load_journal(const char *path, struct sweep *sw, char *err, size_t errlen);
bool sweep_already_done(const struct sweep *sw, const char *name);
/* The table cut back to the journal: 1 when a new one needs its header, 0, or -1 with err. */
int sweep_csv_keep_journaled(const char *path, const struct sweep *sw, char *err, size_t errlen);
/* rec (taken over) and a copy of name appended; -1 when out of memory. */
int sweep_add(struct sweep *sw, char *rec, const char *name);
void sweep_free(struct sweep *sw);

#endif /* PAB_SWEEP_JOURNAL_H */
