/*
 * Display-list primitives: positioned text runs, lines and rectangles, in
 * points with the origin at the top left and y growing downwards.  Compose
 * builds them relative to a slice, paginate places them on pages, dump
 * prints them and pdf draws them.  Included by those modules.
 */
#ifndef BRIEFGEN_DRAW_H
#define BRIEFGEN_DRAW_H

#include <stdbool.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define NO_COLOR UINT32_MAX /* no fill or no stroke */

enum item_kind {
	ITEM_TEXT, /* text run starting at (x, y) on the baseline */
	ITEM_LINE, /* from (x, y) to (x + w, y + h) */
	ITEM_RECT, /* top left (x, y), size w by h */
	ITEM_IMAGE /* PNG file text, top left (x, y), size w by h */
};

struct item {
	enum item_kind kind;
	double x, y;       /* pt */
	double w, h;       /* pt; RECT size or LINE delta; TEXT: w = width */
	uint32_t fill;     /* 0xRRGGBB: TEXT colour, RECT fill, or NO_COLOR */
	uint32_t stroke;   /* 0xRRGGBB: LINE, RECT outline, or NO_COLOR */
	double line_pt;    /* stroke width */
	unsigned dash;     /* LINE: dash length in pt, 0 for solid */
	int font;          /* TEXT: index into fonts */
	double size_pt;    /* TEXT */
	const char *text;  /* TEXT: UTF-8; IMAGE: file path; borrowed from
	                    * the list's owner */
	double char_sp;    /* TEXT: extra space after each character, pt */
	double angle_deg;  /* TEXT: rotation about (x, y), anticlockwise */
	double opacity;    /* TEXT, RECT: fill opacity, 0 to 1 (1: opaque) */
	bool bold;         /* TEXT: set heavier; the fonts have no bold, so
	                    * it is filled and stroked in its colour */
};

/*
 * What a run of items is, as composition made it: pagination keeps some
 * kinds together, and the page-quality checks read them from the dump.
 */
enum slice_kind {
	SLICE_BLOCK,   /* never split: a chart, key figures, a case study, an
	                * image, the cover */
	SLICE_HEADING, /* a heading, or the title of a table, chart or
	                * contents */
	SLICE_LINE,    /* a line of a paragraph, in one language */
	SLICE_HEAD,    /* a table's header rows, repeated on every page */
	SLICE_ROW,     /* a table row of a place or a municipality */
	SLICE_TOTAL,   /* a table row of a region, a prefecture's own sum or
	                * the nation */
	SLICE_NOTE,    /* the note under a table */
	SLICE_ENTRY,   /* a line of the contents */
	SLICE_MASTER   /* what the master page adds: header, footer,
	                * watermark */
};

/* Name of a slice kind as the dump prints it ("row"). */
const char *draw_kind_name(enum slice_kind k);

/* A growable list of items. */
struct drawlist {
	struct item *v;
	size_t n;
	size_t cap;
};

struct item *draw_add(struct drawlist *l, enum item_kind kind);
void draw_text(struct drawlist *l, double x, double y, int font,
	       double size_pt, uint32_t color, const char *text, double w);
/* Turns the last item of l, a text run, by angle_deg counter-clockwise
 * about its origin (90: reads upwards). */
void draw_turn(struct drawlist *l, double angle_deg);
void draw_rect(struct drawlist *l, double x, double y, double w, double h,
	       uint32_t fill, uint32_t stroke, double line_pt);
void draw_line(struct drawlist *l, double x0, double y0, double x1,
	       double y1, uint32_t color, double line_pt, unsigned dash);
void draw_image(struct drawlist *l, double x, double y, double w, double h,
		const char *path);
/*
 * The largest side of a page, in pt: 14,400 units at the default user unit
 * (ISO 32000-1:2008, Annex C.2).  No position or size of an item may lie
 * further than this outside its page.
 */
#define DRAW_MAX_PT 14400.0

/*
 * Checks the page size and every number of the n items of page number
 * page (from 1): finite, positions and sizes within DRAW_MAX_PT of a page
 * of width_pt by height_pt, font sizes and line widths from 0 to
 * DRAW_MAX_PT, angles within a turn, opacities from 0 to 1.  The PDF
 * writer calls it on every page before writing anything, so that no
 * number beyond what its conversions hold ever reaches them.  Reports the
 * first bad number ("briefgen: error: page 3: ...") and returns false.
 */
bool draw_check(const struct item *v, size_t n, double width_pt,
		double height_pt, size_t page);
/* Copies the items into a, shifting them by (dx, dy); returns the copy. */
struct item *draw_copy(struct arena *a, const struct item *v, size_t n,
		       double dx, double dy);
void draw_free(struct drawlist *l);

#endif
