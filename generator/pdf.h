/*
 * The PDF writer: draws the pages' display list with libharu.  Each font
 * is subset to the code points the document uses and embedded as a CID
 * TrueType font with a compact encoding and a ToUnicode map, so text
 * extracts and the file stays small.  The only user of libharu.  Used by
 * main and batch.
 */
#ifndef BRIEFGEN_PDF_H
#define BRIEFGEN_PDF_H

#include <stdbool.h>

struct buf;
struct fonts;
struct pages;

struct pdf_meta {
	const char *title;   /* UTF-8; NULL for none */
	const char *subject; /* UTF-8; NULL for none */
	const char *creator; /* program and version */
	long long created;   /* creation time, seconds since the epoch;
			      * negative for none */
};

/* Renders pages into out (appending).  Returns false after reporting an
 * error. */
bool pdf_render(const struct pages *pages, const struct fonts *fonts,
		const struct pdf_meta *meta, struct buf *out);

#endif
