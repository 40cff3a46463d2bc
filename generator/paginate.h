/*
 * Pagination: stacks the composed boxes onto pages, breaking between
 * slices, repeating table header rows on continuation pages, keeping
 * headings with what follows, and adds the footer (pack title, page n / N).
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
struct page_setup;

struct page {
	double width_pt;
	double height_pt;
	struct item *items; /* in pages.arena, drawing order */
	size_t nitems;
	bool cover;         /* a cover page: no footer */
};

struct pages {
	struct page *v;
	size_t n;
	struct arena arena; /* items and footer strings */
};

/* Lays out boxes on pages of the given setup.  Never fails; a slice
 * taller than a page is placed alone and reported as a warning.  The
 * caller frees the result with pages_free. */
struct pages *paginate(const struct boxes *b, const struct page_setup *ps,
		       const struct fonts *fonts);
void pages_free(struct pages *p);

#endif
