/*
 * Composition: turns the layout's document, the cube and a pack into
 * boxes of measured, positioned content (paragraph lines, table rows,
 * charts) in one or both languages.  Boxes are split into slices, the
 * units pagination may break between.  Also resolves the master pages'
 * headers and footers but for the page numbers, and the outline entries
 * of headings.  Used by main, batch, paginate and dump.
 */
#ifndef BRIEFGEN_COMPOSE_H
#define BRIEFGEN_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "draw.h"
#include "msg.h"

struct cube;
struct fonts;
struct pack;
struct page_setup;
struct prefs;
struct roster;
struct spec;
struct table;

/* A piece of a box that is never split: a line of text, a table row, a
 * chart.  Items are relative to the slice's top left corner, which sits
 * at the left edge of the page's content area. */
struct slice {
	double height_pt;
	struct item *items; /* in the boxes' arena */
	size_t nitems;
	enum slice_kind kind;
	unsigned lang;      /* SLICE_LINE: LANG_JA or LANG_EN, else 0 */
};

enum box_kind {
	BOX_FLOW,      /* stacked with the other boxes */
	BOX_COVER,     /* a page of its own, without header or footer */
	BOX_PAGE_BREAK /* the next box starts a new page */
};

/* A page number paginate writes into a slice once the pages are known:
 * the number of the page the heading-th heading of the document (counting
 * the boxes with an outline entry, from 0) lands on, set flush right
 * against right_pt, in the text run item of body slice slice. */
struct page_ref {
	size_t slice;
	size_t item;
	size_t heading;
	double right_pt;
};

struct box {
	enum box_kind kind;
	struct loc loc;         /* layout element it came from */
	int master;             /* BOX_PAGE_BREAK: index into boxes.masters
	                         * for the pages that follow, or -1 */
	const char *outline;    /* a heading's bookmark title, or NULL */
	int outline_level;      /* 1 or 2 */
	size_t keep_n;          /* this and the next keep_n boxes go on one
	                         * page if they fit on one */
	double space_before_pt; /* gap above it unless it starts a page */
	struct slice *cont;     /* NULL, or a table's caption with the
	                         * continued mark: atop the head on every
	                         * page it continues on but its first */
	struct slice *head;     /* repeated atop every page it continues on */
	size_t nhead;
	struct slice *body;
	size_t nbody;
	struct slice *alt;      /* smaller versions of body[0] for a box of
	                         * one slice (a chart), tallest first:
	                         * pagination takes the first that fits the
	                         * room left rather than start a new page */
	size_t nalt;
	bool keep_with_next;    /* never the last thing on a page: what
	                         * follows it starts on its page, past an
	                         * introduction of a few lines */
	bool keep_together;     /* move to a new page rather than split */
	struct slice *foot;     /* after the last body slice, and at the
	                         * bottom of every page the box breaks from
	                         * (a source line) */
	size_t nfoot;
	struct page_ref *refs;  /* page numbers to fill in, by slice */
	size_t nrefs;
};

/* A header or footer with {title} and {date} replaced: left, centre and
 * right part (NULL for none); paginate replaces {page} and {pages}. */
struct band_text {
	const char *part[3];
	bool on;
};

/* A master page as composed for the pack. */
struct master {
	const struct page_setup *ps;
	struct band_text header;
	struct band_text footer;
	const char *watermark[2]; /* lines, in the output languages */
	size_t nwatermark;
};

struct boxes {
	struct box *v;
	size_t n;
	struct master *masters; /* as in the layout; the first is used first */
	size_t nmasters;
	int font;               /* for headers, footers and watermarks */
	const char *number;     /* the document number (資料番号), framed at
	                         * the top right of the cover; NULL for
	                         * none */
	const char *stamp;      /* the mark of sample data (見本 SAMPLE) at
	                         * the top left of every page, the cover
	                         * too; NULL for none */
	struct arena arena;     /* owns slices, items and strings */
};

/* What composition reads; everything is borrowed. */
struct compose_in {
	const struct spec *spec;
	const struct cube *cube;
	const struct prefs *prefs;
	const struct roster *roster;        /* names by date, or NULL */
	const struct table *const *tables; /* one per dataset of spec */
	const struct pack *pack;
	const struct fonts *fonts;
	unsigned lang;                      /* LANG_JA | LANG_EN */
};

/*
 * Composes the document of in->spec for in->pack in the languages
 * in->lang.  Returns NULL after reporting errors (a missing font, an
 * unknown region).  The caller frees the result with boxes_free.
 */
struct boxes *compose_build(const struct compose_in *in);
void boxes_free(struct boxes *b);

#endif
