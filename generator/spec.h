/*
 * Layout and packs files.  Parses the XML with libxml2, validates it
 * against the RelaxNG schemas compiled into the program (layouts/layout.rng
 * and layouts/packs.rng), then checks what a schema cannot (references
 * between measures, columns and datasets) and builds a plain struct spec or
 * struct packs.  Every node keeps its file:line.  The only user of libxml2.
 * Used by main, batch, cube and compose.
 */
#ifndef BRIEFGEN_SPEC_H
#define BRIEFGEN_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "format.h"
#include "msg.h"
#include "prefs.h"
#include "table.h"

/* A text in both languages; either may be NULL when the layout omits it. */
struct text {
	const char *ja;
	const char *en;
};

struct dataset {
	const char *id;
	const char *path;   /* file to read, resolved against the layout */
	enum encoding encoding; /* ENC_AUTO unless the layout names one */
	struct date as_of;  /* survey reference date */
	struct text label;  /* 平成28年度調査 / FY2016 survey */
	struct loc loc;
};

enum measure_kind {
	MEASURE_COUNT, /* rows, or rows whose column equals a value */
	MEASURE_SUM,   /* sum of a number column; missing values skipped */
	MEASURE_RATIO  /* numerator / denominator, after aggregation */
};

struct measure {
	const char *id;
	enum measure_kind kind;
	int column;      /* COUNT (with equals) and SUM: schema column, or -1 */
	int equals;      /* COUNT: choice index counted, or -1 for every row */
	int numerator;   /* RATIO: index of an earlier measure */
	int denominator; /* RATIO: index of an earlier measure */
	struct loc loc;
};

/* Rows a table or chart shows. */
enum rowsel {
	ROWS_FOCUS,  /* the pack's focus prefectures, by code */
	ROWS_REGION, /* the regions holding the focus prefectures */
	ROWS_NATION, /* the national total */
	ROWS_ALL     /* all 47 prefectures, by code */
};

#define MAX_ROWSEL 8

enum tcol_kind {
	TCOL_NAME,   /* the row's name in the output languages */
	TCOL_CODE,   /* the prefecture code */
	TCOL_MEASURE /* a measure's value */
};

struct tcol {
	enum tcol_kind kind;
	int measure;       /* TCOL_MEASURE: index into spec.measures */
	int dataset;       /* TCOL_MEASURE: index into spec.datasets */
	struct format fmt; /* TCOL_MEASURE */
	struct text head;  /* column header */
	struct loc loc;
};

enum node_kind {
	NODE_COVER,
	NODE_HEADING,
	NODE_PARAGRAPH,
	NODE_PAGE_BREAK,
	NODE_TABLE,
	NODE_BAR_CHART
};

/* A chart's own settings. */
struct chart {
	int dataset;           /* index into spec.datasets */
	int measure;           /* index into spec.measures */
	struct format fmt;     /* value labels and ticks */
	bool highlight_focus;  /* the pack's prefectures stand out */
	bool reference_nation; /* the national value as a reference line */
};

struct node {
	enum node_kind kind;
	struct loc loc;
	struct text text;            /* heading, paragraph; table and chart
	                              * title */
	struct text *lines;          /* cover: extra lines */
	size_t nlines;
	enum rowsel rows[MAX_ROWSEL]; /* table, chart */
	size_t nrows;
	struct tcol *cols;           /* table */
	size_t ncols;
	int dataset;                 /* table: default dataset */
	struct chart *chart;         /* NODE_BAR_CHART */
};

struct page_setup {
	double width_pt;
	double height_pt;
	double margin_pt;
};

struct spec {
	const char *path;          /* the layout file as named */
	struct page_setup page;
	const char *fonts_path;    /* resolved */
	const char *prefs_path;    /* resolved */
	struct schema schema;      /* survey columns */
	int code_column;           /* the COL_LGCODE column */
	int pref_column;           /* the COL_PREF column, or -1 */
	struct dataset *datasets;  /* in layout order; the last is current */
	size_t ndatasets;
	struct measure *measures;
	size_t nmeasures;
	struct node *nodes;
	size_t nnodes;
	struct arena arena;        /* owns everything above */
};

struct pack {
	const char *id;
	const char *layout;        /* resolved against the packs file */
	struct text title;
	struct text venue;         /* both NULL when not given */
	struct date date;
	int focus[NPREFS];         /* prefecture codes, in the order given */
	size_t nfocus;
	struct loc loc;
};

struct packs {
	const char *path;
	struct pack *v;
	size_t n;
	struct arena arena;
};

/*
 * Reads and validates the layout at path.  Reports every schema and
 * semantic error as file:line: message.  Returns NULL on error; the caller
 * frees the result with spec_free.
 */
struct spec *spec_read(const char *path);
/* As spec_read, from a buffer; relative paths resolve against the
 * directory of name. */
struct spec *spec_parse(const char *data, size_t len, const char *name);
void spec_free(struct spec *s);

/* Index of the dataset, measure with the given id, or -1. */
int spec_dataset(const struct spec *s, const char *id);
int spec_measure(const struct spec *s, const char *id);

/* Reads and validates a packs file; NULL after reporting errors.  The
 * caller frees the result with packs_free. */
struct packs *packs_read(const char *path);
struct packs *packs_parse(const char *data, size_t len, const char *name);
void packs_free(struct packs *p);
/* The pack with the given id, or NULL. */
const struct pack *packs_find(const struct packs *p, const char *id);

/* Frees the compiled schemas and libxml2's global state; call once at
 * exit. */
void spec_cleanup(void);

#endif
