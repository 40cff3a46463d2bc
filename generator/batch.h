/*
 * Runs of the pipeline.  A run loads each layout, font set, reference table
 * and survey file once, however many packs use it, then composes,
 * paginates and writes one PDF per pack.  Every PDF carries its sources:
 * the files it was made from, the pack, and a manifest of their SHA-256
 * digests, the fonts' digests, the versions and the options, so that it
 * can be regenerated and verified byte for byte.  A batch renders many
 * packs in parallel worker processes.  Used by main.
 */
#ifndef BRIEFGEN_BATCH_H
#define BRIEFGEN_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "format.h"

struct buf;
struct pack;
struct packs;

struct options {
	unsigned lang;            /* LANG_JA | LANG_EN */
	const char *const *data;  /* NAME=PATH: replace a dataset's file */
	size_t ndata;
	const char *const *encodings; /* NAME=ENC: a dataset's encoding */
	size_t nencodings;
	bool dump;                /* print the display list, write no PDF */
	const struct date *until; /* --as-of: make the packs as of this day
				   * (the end of its month), those of an
				   * earlier date as of their own; NULL
				   * for none */
	struct date today;        /* the day of the run: an undated pack
				   * is made as of it when until is NULL */
	long long epoch;          /* the documents' date, seconds since the
				   * epoch (SOURCE_DATE_EPOCH); negative for
				   * the current dataset's as-of date */
	bool pdf;                 /* PDFs will be written: digest the fonts
				   * and compress the sources while the
				   * inputs load, on other threads */
	bool many;                /* several layouts may read one survey:
				   * keep each survey parsed for them all */
};

/* What rendering one pack gave. */
struct result {
	size_t pages;
	size_t bytes;
	double ms;      /* wall time */
	bool ok;
	bool unchanged; /* the file held these bytes already */
};

struct run;

/* Milliseconds on a monotonic clock. */
double run_now_ms(void);

/* Starts a run; free it with run_free. */
struct run *run_new(const struct options *opt);
void run_free(struct run *r);

/* Reads the layout file at path, as a render of one pack does first, for
 * the layout is what the user named: its errors come before those of the
 * packs file that gives the pack.  run_render then loads the layout and
 * everything it names once, as of the pack's date.  Returns false after
 * reporting, naming path as given, that the file cannot be read. */
bool run_open(struct run *r, const char *path);

/* Loads the layout at path and everything it names as of --until, or of
 * no date, for its errors to be told when no pack can render it (the
 * packs file cannot be read, or gives no pack for it).  Returns false
 * after reporting errors. */
bool run_load(struct run *r, const char *path);

/* The files the run has read or tried to read so far (layouts, the files
 * they include, fonts configurations, reference tables, datasets,
 * images), as named, in the order first read; n of them.  Borrowed from
 * the run. */
const char *const *run_inputs(struct run *r, size_t *n);

/* The pack with the given id; NULL after reporting that ps has none, with
 * the nearest id when one is near enough to be a misspelling, after
 * "OPTION: " when option (such as "--only") is not NULL. */
const struct pack *run_find_pack(const struct packs *ps, const char *id,
				 const char *option);
/* The pack of ps with the given id or, when id is NULL, the first whose
 * layout is the file at layout; NULL after reporting. */
const struct pack *run_pick_pack(const struct packs *ps, const char *layout,
				 const char *id);

/*
 * Renders the layout at layout_path for pack and appends the PDF to pdf
 * (with opt->dump the display list goes to stdout instead).  Errors are
 * reported as they are found; returns res->ok.
 */
bool run_render(struct run *r, const char *layout_path,
		const struct pack *pack, struct buf *pdf, struct result *res);

/* Creates the directory path is in, and its parents, as needed.
 * Returns false after reporting. */
bool run_make_parent(const char *path);
/* Creates the directory dir and its parents as needed.  Returns false
 * after reporting. */
bool run_make_dirs(const char *dir);

/* Writes pdf to path ("-": standard output) with outfile_write, unless
 * path holds these very bytes already: then the file is left alone, mtime
 * and all, and *unchanged is set.  Returns false after reporting. */
bool run_write(const struct buf *pdf, const char *path, bool *unchanged);

/* The file a pack goes to in dir: dir/ID-YYYY-MM.pdf, after the as-of
 * month of the current dataset of its layout, or ID-YYYY-MM-ja.pdf and
 * -en.pdf in one language.  NULL after reporting when the layout does
 * not load.  The caller frees the result. */
char *run_output(struct run *r, const struct pack *pack, const char *dir);

/* Loads the layout at path and everything it names, checking it all, as a
 * render would, without rendering; survey files are streamed, however
 * large.  On success prints one line per dataset: file, rows, encoding,
 * missing values (nothing with --quiet).  Returns false after
 * reporting. */
bool run_check(struct run *r, const char *path);

/* Prints to f the line of a pack rendered into the file path:
 * "ID 16 pages 265221 bytes 44.3 ms written PATH", "unchanged" in place
 * of "written" when the file held these bytes already. */
void run_print_result(FILE *f, const char *id, const struct result *res,
		      const char *path);

/* Which packs a batch renders, and where. */
struct batch {
	const char *packs; /* the packs file, as named, for the first line */
	const char *chosen; /* the options choosing the packs and their data
	                     * ("--as-of 2015-06 --only tottori"), for the
	                     * first line; NULL for none */
	const char *dir;  /* output directory, created if missing */
	unsigned jobs;    /* packs rendered at once, each in a process */
	const char *only; /* comma-separated pack ids, or NULL for all */
	unsigned shard;   /* render the shard-th (from 1) of nshards */
	unsigned nshards; /* deterministic slices; 0 for no slicing */
};

/*
 * Renders the packs of ps that b selects into b->dir, b->jobs at a time
 * (0: as many as this process has CPUs, see cpus.h).  Prints on stdout a
 * first line with the local date and time and what it runs, one line
 * per pack in the order of the packs file, as soon as it and every pack
 * before it have ended, and a summary ending with the time taken; with
 * --quiet only the lines of failed packs, and the summary when any
 * failed.  Returns the exit status: 0 when every pack was written or
 * unchanged.
 */
int run_batch(struct run *r, const struct packs *ps, const struct batch *b);

/* Renders again, from the sources it carries, the PDF at path into out.
 * Returns the exit status. */
int run_regenerate(const char *path, const char *out);

/* Reads and checks, as verify does, the manifest text[0..len) of the PDF
 * called name, and the files it names; reports each bad line.  Returns
 * false after reporting.  For the fuzzers. */
bool run_check_manifest(const char *text, size_t len, const char *name);

/* Renders again the PDF at path from its sources and compares the bytes.
 * Prints "identical" (not with --quiet), or what differs (inputs, fonts,
 * versions, the first differing byte).  Returns 0 when identical, 1 when
 * it differs (a source or the manifest was altered, or the bytes
 * differ), 2 when it cannot tell: the file cannot be read, is not a PDF,
 * or carries no sources, or they cannot be rendered again. */
int run_verify(const char *path);

/* Prints every pack of ps, one a line: id, date, layout and its title in
 * the languages lang names (LANG_JA, LANG_EN), joined by " / ". */
void run_list_packs(const struct packs *ps, unsigned lang);

/* Prints the fonts of the fonts configuration at path (or of the layout
 * at path, when it ends in ".xml"), one a line: name, file, and whether
 * the file is present and has the digest the digest cache remembers.
 * Returns the exit status: 1 when a font is missing or differs from its
 * remembered digest. */
int run_list_fonts(const char *path, const struct options *opt);

/* Prints, one "NAME VERSION" a line, the versions that decide the bytes
 * of a PDF (briefgen, libharu, libdeflate, HarfBuzz) and libxml2's, then a
 * line "font NAME SHA-256 FILE" for each font of the fonts configuration
 * at conf (none when conf is NULL).  Returns the exit status. */
int run_print_versions(const char *conf);

#endif
