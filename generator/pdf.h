/*
 * The PDF writer: the pages' display list as a PDF/A-3b file (ISO
 * 19005-3).  Each font is subset to the glyphs the document draws and
 * embedded as a CID TrueType font with a ToUnicode map, so text extracts
 * and the file stays small.  A document carries its sources as
 * associated files.  The only user of libharu and libdeflate.  Used by
 * main and batch.
 */
#ifndef BRIEFGEN_PDF_H
#define BRIEFGEN_PDF_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct fonts;
struct pages;

struct pdf_meta {
	const char *lang;    /* the language of its text (BCP 47): "ja" */
	const char *title;   /* UTF-8; NULL for none */
	const char *author;  /* UTF-8: who issues it; NULL for none */
	const char *subject; /* UTF-8; NULL for none */
	const char *creator; /* program and version */
	long long created;   /* creation time, seconds since the epoch;
			      * negative for none */
	const unsigned char *id; /* PDF_ID_LEN bytes for the trailer's /ID,
				  * or NULL for none */
	const struct pdf_file *const *files; /* associated files, any order;
					      * their date is created's */
	size_t nfiles;
};

#define PDF_ID_LEN 16

/*
 * A file a document carries, its bytes compressed beforehand (pdf_deflate)
 * so that many documents can embed them without compressing again.  The
 * name is what readers show and what regenerating extracts to: a relative
 * path, UTF-8.
 */
struct pdf_file {
	const char *name;
	const char *mime; /* media type: "text/csv" */
	/* What it is to the document (ISO 19005-3, 6.8; ISO 32000-2,
	 * 14.13.2): "Source", "Data" or "Supplement". */
	const char *relationship;
	size_t size;      /* bytes before compression */
	const char *z;    /* the bytes as a zlib stream */
	size_t zlen;
};

/* Appends the len bytes at data, compressed as a zlib stream, to out.
 * Any thread may call it. */
void pdf_deflate(const void *data, size_t len, struct buf *out);

/*
 * Appends to out what the zlib stream of len bytes at z holds, at most cap
 * bytes: how a reader of PDFs decodes a /FlateDecode stream without a
 * bomb (a few MB that inflate to GB) taking its memory.  Returns 0, -1
 * when z is not a whole zlib stream, or -2 when it holds more than cap
 * bytes; out then holds no more than cap bytes of it.  Reports nothing.
 */
int pdf_inflate(const void *z, size_t len, size_t cap, struct buf *out);

/* A compressor of a thread's own, for many pdf_deflate-like calls
 * without waiting for pdf_deflate's; the output is the same. */
struct pdf_deflater;
struct pdf_deflater *pdf_deflater_new(void);
void pdf_deflater_run(struct pdf_deflater *d, const void *data, size_t len,
		      struct buf *out);
void pdf_deflater_free(struct pdf_deflater *d);

/* The versions of what decides the bytes of a PDF besides briefgen and
 * the fonts, as "libharu 2.3.0 libdeflate 1.14 lcms2 2.14-2+deb12u1"
 * (lcms2 made the sRGB profile built in); static. */
const char *pdf_versions(void);

/* Renders pages into out (appending).  Returns false after reporting an
 * error. */
bool pdf_render(const struct pages *pages, const struct fonts *fonts,
		const struct pdf_meta *meta, struct buf *out);

#endif
