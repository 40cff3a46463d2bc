/*
 * Pagination: stacks the composed boxes onto pages of their master
 * pages, breaking between slices, repeating table header rows on
 * continuation pages under the table's caption marked continued, keeping
 * headings with what follows and keep-together groups on one page, and
 * adds each master's header, footer (pack title, page n / N) and
 * watermark.  Records where each heading landed for the PDF outline.
 * The result is a plain display list; its text strings are borrowed from
 * the boxes, which must outlive it.  Used by main, batch, dump and pdf.
 */
#ifndef BRIEFGEN_PAGINATE_H
#define BRIEFGEN_PAGINATE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "draw.h"

struct boxes;
struct fonts;

/* A slice as placed on a page: what it is, where, and its items. */
struct placed {
	enum slice_kind kind;
	unsigned lang;     /* SLICE_LINE: LANG_JA or LANG_EN, else 0 */
	size_t box;        /* index into boxes.v (SIZE_MAX for SLICE_MASTER):
	                    * the slices of one box share it */
	double y_pt;       /* top, from the top of the page */
	double height_pt;
	size_t item;       /* its items: page.items[item .. item + nitems) */
	size_t nitems;
};

struct page {
	double width_pt;
	double height_pt;
	double left_pt, top_pt, right_pt, bottom_pt; /* the type area, from
	                                              * the top left */
	struct item *items;     /* in pages.arena, drawing order */
	size_t nitems;
	struct placed *slices;  /* in pages.arena, in the order of their
	                         * items, which they cover */
	size_t nslices;
	bool cover;             /* a cover page: no header or footer */
	bool forced;            /* begun by a page break of the layout or
	                         * after a cover, not by a full page */
};

/* A bookmark: a heading and where it is. */
struct outline_entry {
	const char *title; /* UTF-8, in the output languages */
	int level;         /* 1 or 2 */
	size_t page;       /* index into pages.v */
	double y_pt;       /* top of the heading, from the top of the page */
};

struct pages {
	struct page *v;
	size_t n;
	struct outline_entry *outline; /* in document order */
	size_t noutline;
	struct arena arena; /* items, outline and header/footer strings */
};

/* Lays out boxes on pages of their masters.  Never fails; a slice taller
 * than a page is placed alone and reported as a warning.  The caller
 * frees the result with pages_free. */
struct pages *paginate(const struct boxes *b, const struct fonts *fonts);
void pages_free(struct pages *p);

#endif
