/*
 * Private to the batch module (batch.c, batch_pool.c, batch_verify.c):
 * the run's cache of inputs and layouts, and the manifest of the sources
 * a PDF carries.
 */
#ifndef BRIEFGEN_BATCH_INT_H
#define BRIEFGEN_BATCH_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "decode.h"
#include "format.h"
#include "hash.h"
#include "pdf.h"
#include "table.h"

struct cube;
struct date;
struct fonts;
struct pack;
struct prefs;
struct roster;
struct spec;
struct table;

/* Names of the files briefgen adds to the sources inside a PDF. */
#define SOURCES_MANIFEST "briefgen-manifest.txt"
#define SOURCES_PACK "briefgen-pack.xml"

/* An input file, read and digested once per run. */
struct input {
	char *path;           /* as named, resolved against its namer */
	char *real;           /* which file (infile_key) */
	char *abs;            /* absolute path as named, without "." and
			       * "..": what it is called in PDFs */
	struct buf data;      /* the bytes every stage reads */
	struct hash sha;
	struct buf z;         /* compressed for PDFs */
	bool ok;              /* read */
};

/* What reading one dataset gave. */
struct dataset_stats {
	const char *path;        /* the file read, borrowed */
	enum encoding encoding;  /* what it was read as */
	char *sheet;             /* the sheet of a workbook read, or NULL */
	size_t rows;
	size_t *missing;         /* per schema column: missing values */
	size_t unanswered;       /* rows missing every answer (every column
	                          * but code, prefecture and name) */
	size_t left_out;         /* rows that were not municipalities */
	unsigned char *seen;     /* bit per code / 10: the municipalities
	                          * the file has */
};

/* Everything one layout needs, loaded and checked, for packs made as of
 * one date. */
struct layout {
	char *path;
	struct date known;    /* what was published after it is left out */
	bool dated;           /* known holds a date; else nothing is left
			       * out (check without --as-of) */
	const struct spec *spec;
	const struct fonts *fonts;
	const struct prefs *prefs;
	const struct roster *roster; /* NULL with <roster check="form"> */
	struct dataset_stats *stats; /* one per dataset */
	struct table **tables;       /* per dataset: its rows, when a table
				      * lists them, else NULL; owned unless
				      * shared */
	bool shared;                 /* the tables belong to run.parsed */
	struct cube *cube;
	struct input **src;   /* layout, included files, fonts,
			       * prefectures, datasets, images */
	char **names;         /* of src inside PDFs: relative to their
			       * deepest common directory */
	size_t nsrc;
	bool ok;
	bool warm;            /* run_warm was done */
};

/*
 * The digests of the font files of one fonts configuration.  Hashing
 * megabytes of fonts takes a while, so a thread of its own does it while
 * the survey files load.
 */
struct fontsums {
	pthread_t thread;
	bool running;   /* the thread is yet to be joined */
	size_t n;
	char **paths;
	const char *cache; /* the run's digest cache, or NULL */
	struct hash *sha;
	int *err;       /* errno when a file could not be hashed, else 0 */
};

/* A survey file parsed for a PDF, kept for every layout that reads it
 * with the same columns: the meeting layouts include one survey. */
struct parsed {
	const struct input *in;
	const struct schema *schema; /* of the first layout, borrowed */
	enum encoding encoding;
	const struct prefs *prefs;
	struct survey_rules rules;   /* what its rows were held to */
	const char *sheet;           /* the sheet read, as the layout
	                              * names it, borrowed, or NULL */
	unsigned header_row;         /* as the layout gives it, or 0 */
	struct table *table;         /* NULL when it had errors */
};

/* A loaded object (spec, fonts, prefectures), keyed by kind and path. */
struct cached {
	char *key;
	void *obj; /* NULL when loading failed */
	void (*free_fn)(void *);
};

struct run {
	const struct options *opt;
	struct cached *objs;
	size_t nobjs;
	struct input **inputs;
	size_t ninputs;
	const char **paths;   /* of the inputs, for run_inputs */
	struct layout **layouts;
	size_t nlayouts;
	struct fontsums **sums;
	size_t nsums;
	struct parsed *parsed;
	size_t nparsed;
	char *digests;        /* file remembering font digests between runs,
	                       * or NULL */
	/* The compressor thread and its queue of inputs (zq[zdone..nzq)
	 * are yet to be compressed). */
	pthread_t zthread;
	bool zrunning;
	bool zclosed;         /* no more inputs: the thread ends */
	pthread_mutex_t zlock;
	pthread_cond_t zwake;
	struct input **zq;
	size_t nzq, zdone;
};

/* The loaded layout at path for packs made as of the date known (NULL:
 * leave out nothing), loading it on first use. */
const struct layout *run_layout(struct run *r, const char *path,
				const struct date *known);
/* The date pack p is made as of: its own, or --as-of when that is
 * earlier; for an undated pack, --as-of or else the day of the run. */
const struct date *run_known(const struct run *r, const struct pack *p);
/* Compresses l's sources for embedding, once. */
void run_compress(struct run *r, const struct layout *l);
/* The digest of the font file at path, once per run; false after
 * reporting. */
bool run_font_sum(struct run *r, const char *path, struct hash *out);
/* Does, for the layout at path, what every render of it would do first,
 * so that workers forked afterwards find it done. */
void run_warm(struct run *r, const char *path, const struct date *known);
/* Waits for the threads of the run: before fork, and before freeing. */
void run_join(struct run *r);
/* Appends a "version NAME VALUE" line for briefgen and for each library
 * that decides the bytes of a PDF. */
void run_versions(struct buf *m);
/* "YYYY-MM" of the current dataset of l into out. */
void run_month(const struct layout *l, char out[8]);

#endif
