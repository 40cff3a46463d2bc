/*
 * Runs of the pipeline.  A run loads each layout, font set, reference table
 * and survey file once, however many packs use it, then composes,
 * paginates and writes one PDF per pack.  Used by main.
 */
#ifndef BRIEFGEN_BATCH_H
#define BRIEFGEN_BATCH_H

#include <stdbool.h>
#include <stddef.h>

struct pack;
struct packs;

struct options {
	unsigned lang;            /* LANG_JA | LANG_EN */
	const char *const *data;  /* NAME=PATH: replace a dataset's file */
	size_t ndata;
	const char *const *encodings; /* NAME=ENC: a dataset's encoding */
	size_t nencodings;
	bool dump;                /* print the display list, write no PDF */
};

/* What rendering one pack gave. */
struct result {
	size_t pages;
	size_t bytes;
	double ms;    /* wall time */
	bool ok;
};

struct run;

/* Starts a run; free it with run_free. */
struct run *run_new(const struct options *opt);
void run_free(struct run *r);

/*
 * Renders the layout at layout_path for pack into out (a PDF path; with
 * opt->dump the display list goes to stdout instead).  Errors are reported
 * as they are found; res->ok tells whether the PDF was written.
 */
void run_render(struct run *r, const char *layout_path,
		const struct pack *pack, const char *out, struct result *res);

/* Loads the layout at path and everything it names, checking it all, as a
 * render would, without rendering; survey files are streamed, however
 * large.  On success prints one line per dataset: file, rows, encoding,
 * missing values.  Returns false after reporting. */
bool run_check(struct run *r, const char *path);

/* Renders every pack of ps into dir, printing one line per pack
 * ("id pages bytes ms" or "id FAILED") and a summary.  Returns the exit
 * status: 0 when every pack was written. */
int run_batch(struct run *r, const struct packs *ps, const char *dir);

#endif
