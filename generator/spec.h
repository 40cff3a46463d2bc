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
#include <stdint.h>

#include "arena.h"
#include "format.h"
#include "msg.h"
#include "prefs.h"
#include "table.h"

struct buf;

/* A text in both languages; either may be NULL when the layout omits it. */
struct text {
	const char *ja;
	const char *en;
};

/* A text the pages may draw, and where the layout gives it. */
struct spec_string {
	const char *text;
	struct loc loc;       /* the <ja> or <en> element, or the row of a
	                       * file of case studies */
};

/* A document the pack cites (<source>). */
struct publication {
	const char *id;
	struct text text;     /* publisher and title as a source line
	                       * names them: 総務省「…調査等」 */
	struct date published; /* its publication date (公表日), or when
	                       * !exact the latest date by which it is known
	                       * to have been public */
	bool exact;           /* published is the publication date */
	struct loc loc;
};

struct dataset {
	const char *id;
	const char *path;   /* file to read, resolved against the layout */
	enum encoding encoding; /* ENC_AUTO unless the layout names one */
	struct date as_of;  /* survey reference date (調査基準日) */
	struct text label;  /* 平成28年度調査 / FY2016 survey */
	int source;         /* index into spec.sources of the document that
	                     * published it, or -1: then it counts as known
	                     * from its as-of date */
	bool sample;        /* sample data standing in for that document:
	                     * every page says so, and no figure of it is
	                     * credited to the publisher */
	bool leave_out;     /* rows that are not municipalities on as_of
	                     * are warnings and left out, not errors
	                     * (non-municipalities="leave-out") */
	const char *sheet;  /* a workbook's sheet to read, by name or
	                     * number (sheet=), or NULL */
	unsigned header_row; /* the line or row of the header
	                      * (header-row=), or 0: found */
	struct loc loc;
};

enum measure_kind {
	MEASURE_COUNT, /* rows, or rows whose column equals a value */
	MEASURE_SUM,   /* sum of a number column; missing values skipped */
	MEASURE_RATIO, /* numerator / denominator, after aggregation */
	MEASURE_TOTAL  /* the sum of earlier counts, sums or totals */
};

struct measure {
	const char *id;
	enum measure_kind kind;
	int column;      /* COUNT (with equals) and SUM: schema column, or -1 */
	int equals;      /* COUNT: choice index counted, or -1 for every row */
	int numerator;   /* RATIO: index of an earlier measure */
	int denominator; /* RATIO with RATIO_MEASURE: index of an earlier
	                  * measure, else -1 */
	enum ratio_of {
		RATIO_MEASURE, /* denominator */
		RATIO_ROSTER,  /* every municipality of the roster on the
		                * as-of date (of="roster"): a row without an
		                * answer, or no row, counts in it */
		RATIO_ANSWERED /* the rows that answered the numerator's
		                * column (of="answered") */
	} of;
	int answers;     /* RATIO_ANSWERED: the schema column whose
	                  * answers are counted */
	const int *parts; /* TOTAL: indices of earlier measures */
	size_t nparts;
	struct loc loc;
};

/* Rows a table or chart shows. */
enum rowsel {
	ROWS_FOCUS,   /* the pack's focus prefectures, by code */
	ROWS_REGION,  /* the regions holding the focus prefectures */
	ROWS_NATION,  /* the national total */
	ROWS_ALL,     /* all 47 prefectures, by code */
	ROWS_MEMBERS, /* the prefectures of those regions, by code */
	ROWS_MUNICIPALITIES /* tables: the survey rows of the focus
	                     * prefectures, in file order */
};

#define MAX_ROWSEL 8

enum tcol_kind {
	TCOL_NAME,    /* the row's name in the output languages */
	TCOL_CODE,    /* the prefecture or local government code */
	TCOL_MEASURE, /* a measure's value */
	TCOL_CHANGE,  /* a measure's change from dataset since to dataset */
	TCOL_RANK,    /* a prefecture's rank among the 47 by a measure */
	TCOL_FIELD    /* a survey column of a municipality row */
};

enum col_align {
	CALIGN_AUTO,  /* numbers right, marks centred, text left */
	CALIGN_LEFT,
	CALIGN_CENTER,
	CALIGN_RIGHT
};

enum col_width {
	CWIDTH_AUTO,     /* from the content */
	CWIDTH_FIXED,    /* width pt */
	CWIDTH_FRACTION  /* a share (width) of the width left over */
};

/* Where the English of a name goes beside the Japanese. */
enum col_english {
	ENGLISH_AUTO,   /* beside it for municipalities, below for places */
	ENGLISH_BESIDE, /* on the same line, where the cell holds both */
	ENGLISH_BELOW   /* on a line of its own */
};

struct tcol {
	enum tcol_kind kind;
	const char *id;    /* for sort="ID"; NULL when not given */
	int measure;       /* TCOL_MEASURE, _CHANGE, _RANK: index into
	                    * spec.measures */
	int dataset;       /* TCOL_MEASURE, _CHANGE, _RANK: index into
	                    * spec.datasets */
	int since;         /* TCOL_CHANGE: the earlier dataset; -1 for none
	                    * (the change has no value) */
	bool ascending;    /* TCOL_RANK: the lowest value ranks first */
	int field;         /* TCOL_FIELD: schema column */
	int mark;          /* TCOL_FIELD of a choice column: the value shown
	                    * as a mark (●), or -1 for the value itself */
	struct format fmt; /* TCOL_MEASURE, _CHANGE, TCOL_FIELD of a number
	                    * column */
	struct text head;  /* column header */
	enum col_align align;
	enum col_width width_kind;
	double width;      /* CWIDTH_FIXED: pt; CWIDTH_FRACTION: share */
	bool wrap;         /* text may wrap inside the cell */
	enum col_english english; /* TCOL_NAME: where a name's English goes
	                           * when both languages are shown */
	int group;         /* index into tableopt.groups, or -1 */
	struct loc loc;
};

/* A header cell spanning the columns [first, first + n) above their own
 * headers. */
struct tgroup {
	struct text head;
	size_t first;
	size_t n;
};

/* Table options. */
struct tableopt {
	int sort;              /* column index to sort by, or -1 */
	bool descending;
	bool subtotals;        /* a region (or prefecture) row after each
	                        * group of rows */
	bool highlight_focus;  /* focus prefecture rows stand out */
	bool zebra;            /* every other row tinted */
	double size_pt;        /* text size of the cells, or 0 for the
	                        * body size */
	const char *region;    /* region name (Japanese or English) for
	                        * "region" and "members", or NULL for the
	                        * focus prefectures' regions */
	int prefecture;        /* municipalities of this prefecture code
	                        * instead of the focus ones, or 0 */
	struct text note;      /* under the table; both NULL for none */
	struct tgroup *groups;
	size_t ngroups;
};

enum node_kind {
	NODE_COVER,
	NODE_HEADING,
	NODE_PARAGRAPH,
	NODE_PAGE_BREAK,
	NODE_TABLE,
	NODE_CHART,       /* any chart element: see struct chart */
	NODE_KEY_FIGURES,
	NODE_CASE_STUDY,
	NODE_CASE_STUDIES, /* case studies read from CSV files */
	NODE_IMAGE,
	NODE_KEEP,        /* keep-together: the next nchildren nodes */
	NODE_EACH,        /* the next nchildren nodes once per focus
	                   * prefecture */
	NODE_CONTENTS     /* the headings with their page numbers */
};

/* Alignment of a paragraph or image. */
enum text_align {
	TALIGN_LEFT,
	TALIGN_CENTER,
	TALIGN_RIGHT,
	TALIGN_JUSTIFY
};

/* Where a key figure or case-study value comes from. */
enum figure_of {
	FIG_VALUE,  /* the literal value */
	FIG_NATION,
	FIG_REGION, /* the region of the first focus prefecture */
	FIG_FOCUS,  /* the first focus prefecture */
	FIG_AREA,   /* the focus prefectures together */
	FIG_PREF    /* the prefecture with code pref */
};

/* A key figure, or the effect of a case study. */
struct figure {
	enum figure_of of;
	int pref;          /* FIG_PREF: code */
	double value;      /* FIG_VALUE */
	int measure;       /* otherwise: index into spec.measures */
	int dataset;
	struct format fmt;
	bool has_change;   /* change is given */
	double change;     /* relative change shown after the value: -0.24
	                    * is (▲24%) */
	struct text caption;
	struct loc loc;
};

/* A case-study box. */
struct casestudy {
	struct text title;
	struct text municipality;
	struct text measures;  /* what was done; lines are items */
	struct figure *effects;
	size_t neffects;
	struct text effect;    /* effects as text, one per line; both NULL
	                        * for none */
	struct text source;    /* where the case is reported, as text;
	                        * NULLs for none */
	int cited;             /* the <source> that reports it (index into
	                        * spec.sources), or -1 */
};

/* Chart elements: <bar-chart> and <kpi-chart> (layouts/charts.md). */
enum chart_kind {
	CHART_BAR, /* one bar per row, or per row and series */
	CHART_KPI  /* one column per survey year against a target */
};

enum chart_sort {
	SORT_ROWS,      /* in the order the rows are selected */
	SORT_CODE,      /* prefectures by code, then regions, the nation */
	SORT_VALUE,     /* largest first; rows without a value last */
	SORT_VALUE_ASC  /* smallest first; rows without a value last */
};

enum chart_values {
	VALUES_END,  /* a label at the end of each bar (stacked: the total) */
	VALUES_ALL,  /* also each segment of a stack, where it fits */
	VALUES_NONE  /* no value labels */
};

#define MAX_SERIES 8

/* One measure shown as bars: a series of a grouped or stacked chart. */
struct chart_series {
	int dataset;       /* index into spec.datasets */
	int measure;       /* index into spec.measures */
	struct text name;  /* legend text; both NULL for a lone series */
	struct loc loc;
};

/* A reference line across the plot, labelled at its end. */
struct chart_ref {
	bool nation;       /* at the national value of the chart, else at
	                    * value */
	double value;      /* in the measure's units (a ratio, not %) */
	struct text label; /* both NULL: "全国 National" for nation, else no
	                    * words, only the value */
	struct loc loc;
};

struct chart {
	enum chart_kind kind;
	struct chart_series *series; /* at least one */
	size_t nseries;              /* at most MAX_SERIES */
	bool stacked;                /* series stacked, else side by side */
	bool vertical;               /* bars grow upwards (CHART_KPI: always) */
	enum chart_sort sort;
	enum chart_values values;
	bool legend;                 /* a legend of the named series and
	                              * rows; false for none */
	struct format fmt;           /* value labels and ticks */
	bool highlight_focus;        /* the pack's prefectures stand out */
	struct chart_ref *refs;
	size_t nrefs;
	bool has_min, has_max;       /* the value axis is forced to cover */
	double min, max;             /* min..max, in the measure's units */
	struct text value_axis;      /* axis titles; NULLs for none */
	struct text category_axis;
	struct text note;            /* below the chart: source, remarks */
	double plot_mm;              /* plot height (of a horizontal chart:
	                              * of its bars); 0: the default */
	double min_plot_mm;          /* the least it may shrink to, to fit
	                              * the room left on a page; 0: none */
	/* CHART_KPI */
	double target;               /* the target value */
	bool target_about;           /* approximate: 約1,000, about 1,000 */
	int target_year;             /* fiscal year of the target */
	bool has_baseline;
	double baseline;             /* the value the target started from */
	int baseline_year;           /* its fiscal year */
	bool path;                   /* a line from baseline to target */
};

/* A paragraph of a cover. */
struct cover_paragraph {
	struct text text;
	enum text_align align;
};

struct node {
	enum node_kind kind;
	struct loc loc;
	struct text text;            /* heading, paragraph, case study; table
	                              * and chart title; cover note */
	struct text *lines;          /* cover: extra lines */
	size_t nlines;
	struct cover_paragraph *paragraphs; /* cover: lead paragraphs */
	size_t nparagraphs;
	enum rowsel rows[MAX_ROWSEL]; /* table, chart */
	size_t nrows;
	struct tcol *cols;           /* table */
	size_t ncols;
	int dataset;                 /* table: default dataset */
	struct tableopt *table;      /* NODE_TABLE */
	struct chart *chart;         /* NODE_CHART */
	int level;                   /* heading: 1 or 2; contents: the
	                              * deepest level listed */
	enum text_align align;       /* paragraph, image */
	int master;                  /* page break: master of the next page,
	                              * or -1 to keep the current one */
	struct figure *figures;      /* key figures */
	size_t nfigures;
	struct casestudy *cs;        /* NODE_CASE_STUDY: one;
	                              * NODE_CASE_STUDIES: ncases */
	size_t ncases;
	const char *image;           /* NODE_IMAGE: PNG path, resolved */
	double image_w_pt;           /* NODE_IMAGE: size on the page */
	double image_h_pt;
	size_t nchildren;            /* NODE_KEEP, NODE_EACH: the nodes
	                              * that follow it, nested ones too */
	const int *sources;          /* the sources the block cites (its
	                              * source attribute), indices into
	                              * spec.sources */
	size_t nsources;
};

/* A header or footer: three parts, each a text with the tokens {page},
 * {pages}, {title} and {date}. */
struct band {
	struct text left;
	struct text center;
	struct text right;
	bool on;            /* the band is shown */
};

/* A master page: size, margins, header, footer and watermark. */
struct page_setup {
	const char *id;
	double width_pt;
	double height_pt;
	double margin_pt;    /* left and right */
	double top_pt;       /* top margin */
	double bottom_pt;    /* bottom margin */
	struct band header;
	struct band footer;
	struct text watermark; /* both NULL for none */
	struct loc loc;
};

struct spec {
	const char *path;          /* the layout file as named */
	struct page_setup page;    /* the first master */
	struct page_setup *masters; /* every master, page's copy first */
	size_t nmasters;
	int name_column;           /* survey column of municipality names,
	                            * or -1 */
	const char *fonts_path;    /* resolved */
	const char *prefs_path;    /* resolved */
	const char *roster_path;   /* the roster of codes by date, resolved:
	                            * <roster file>, else roster.csv beside
	                            * the prefecture table; NULL when
	                            * no_roster */
	bool no_roster;            /* <roster check="form">: codes are held
	                            * to no roster */
	const char *const *includes; /* the other files the layout read:
	                              * XInclude, data of its blocks */
	size_t nincludes;
	struct schema schema;      /* survey columns */
	int code_column;           /* the COL_LGCODE column */
	int pref_column;           /* the COL_PREF column, or -1 */
	struct publication *sources; /* every <source>, those published after
	                            * the date too */
	size_t nsources;
	struct dataset *datasets;  /* in layout order, those published by
	                            * the date the layout was read as of; the
	                            * last is current */
	size_t ndatasets;
	const char *const *later;  /* ids of the datasets left out, published
	                            * after the date */
	size_t nlater;
	struct measure *measures;
	size_t nmeasures;
	struct node *nodes;
	size_t nnodes;
	struct spec_string *strings; /* every text of the layout the pages
	                            * may draw (titles, notes, headers and
	                            * footers, case studies), in the order
	                            * read: for checks against the fonts */
	size_t nstrings;
	struct arena arena;        /* owns everything above */
};

/* A fact about a meeting from the packs file: its text, and whether it
 * is a placeholder for a value nobody has given yet. */
struct fact {
	struct text text;          /* both NULL when not given */
	bool placeholder;          /* printed as a placeholder: 〔…〕 */
};

struct pack {
	const char *id;
	const char *layout;        /* resolved against the packs file */
	struct text title;         /* the meeting's official name */
	struct fact venue;         /* 鳥取県倉吉市 */
	struct fact number;        /* the document number: 資料1 */
	struct fact office;        /* the secretariat: 内閣府… */
	struct fact contact;       /* whom to ask, a line */
	struct date date;          /* of the meeting: the pack is made as of
	                            * it (see spec_parse_until) */
	bool dated;                /* date was given; else the pack is made
	                            * as of the day it is rendered (the
	                            * monthly packs), and dated then */
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
/*
 * As spec_parse, for a pack made as of the date until: what was published
 * after it is left out, as if the layout did not list it.  A dataset is
 * published on its source's date (published, or public-by), or, without a
 * source, counts as known from its as-of date; the last dataset left is
 * the current one, and a table or chart that names a left-out dataset is
 * an error.  A block citing a source published after until is left out,
 * and so is a case of <case-studies> whose source was.  until NULL
 * leaves out nothing.
 */
struct spec *spec_parse_until(const char *data, size_t len,
			      const char *name, const struct date *until);
void spec_free(struct spec *s);

/* The date of the latest document s knows as of until: the latest
 * publication date (or as-of date, for a dataset without a source) of
 * its datasets and sources on or before until; until when there is none.
 * An undated pack rendered as of until is dated so. */
struct date spec_latest(const struct spec *s, const struct date *until);
/* Index of the dataset, measure, source with the given id, or -1. */
int spec_dataset(const struct spec *s, const char *id);
int spec_source(const struct spec *s, const char *id);
int spec_measure(const struct spec *s, const char *id);

/* Reads and validates a packs file; NULL after reporting errors.  The
 * caller frees the result with packs_free. */
struct packs *packs_read(const char *path);
struct packs *packs_parse(const char *data, size_t len, const char *name);
void packs_free(struct packs *p);
/* The pack with the given id, or NULL. */
const struct pack *packs_find(const struct packs *p, const char *id);
/* Appends to out a packs file holding pack p alone, its layout named
 * layout (relative to where the file will be).  Reading it back gives the
 * same pack, however p was defined. */
void packs_write(const struct pack *p, const char *layout, struct buf *out);

/* Index of the master page with the given id, or -1. */
int spec_master(const struct spec *s, const char *id);

/* The version of the XML library that reads layouts, as "libxml2
 * 2.9.14"; static. */
const char *spec_version(void);

/* Frees the compiled schemas and libxml2's global state; call once at
 * exit. */
void spec_cleanup(void);

/* Names the file (path copied; NULL for none) where the digests of the
 * documents that validated are remembered between runs, so that a
 * document seen valid before is not validated, nor the schemas compiled,
 * again (spec_valid.c says why validation stays complete).  Errors with
 * the file are ignored: it only saves time. */
void spec_valid_cache(const char *path);

#endif
