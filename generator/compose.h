/*
 * Composition: turns the layout's document, the cube and a pack into
 * boxes of measured, positioned content (paragraph lines, table rows,
 * charts) in one or both languages.  Boxes are split into slices, the
 * units pagination may break between.  The only user of libunibreak.
 * Used by main, batch, paginate and dump.
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
struct prefs;
struct spec;

/* A piece of a box that is never split: a line of text, a table row, a
 * chart.  Items are relative to the slice's top left corner, which sits
 * at the left edge of the page's content area. */
struct slice {
	double height_pt;
	struct item *items; /* in the boxes' arena */
	size_t nitems;
};

enum box_kind {
	BOX_FLOW,      /* stacked with the other boxes */
	BOX_COVER,     /* a page of its own, without header or footer */
	BOX_PAGE_BREAK /* the next box starts a new page */
};

struct box {
	enum box_kind kind;
	struct loc loc;         /* layout element it came from */
	double space_before_pt; /* gap above it unless it starts a page */
	struct slice *head;     /* repeated atop every page it continues on */
	size_t nhead;
	struct slice *body;
	size_t nbody;
	bool keep_with_next;    /* never the last thing on a page */
	bool keep_together;     /* move to a new page rather than split */
};

struct boxes {
	struct box *v;
	size_t n;
	double content_w_pt;   /* width of the content area */
	const char *footer;    /* left part of each page footer */
	struct arena arena;    /* owns slices, items and strings */
};

/*
 * Composes the document of spec for pack in the languages lang (a mask of
 * LANG_JA and LANG_EN).  Returns NULL after reporting errors (a missing
 * font, say).  The caller frees the result with boxes_free.
 */
struct boxes *compose_build(const struct spec *spec, const struct cube *cube,
			    const struct prefs *prefs, const struct pack *pack,
			    const struct fonts *fonts, unsigned lang);
void boxes_free(struct boxes *b);

#endif
