/*
 * The objects of a PDF being made: what the PDF writer (pdf.c,
 * pdf_font.c, pdf_attach.c, and only they include this) needs of libharu
 * 2.3.0 beyond its public API, hpdf.h.  pdf_objects.c is the one file
 * that includes libharu's private headers; the build stops on another
 * libharu version.  What it adds, and the limit of hpdf.h that needs it:
 *
 * - dictionaries, arrays, names, numbers and strings of one's own, put
 *   where one likes: hpdf.h makes only the objects libharu knows, so it
 *   cannot write a font it did not parse itself, /AF, /OutputIntents,
 *   /Metadata, /Lang or a file specification with /AFRelationship;
 * - text strings in UTF-16BE: HPDF_SetInfoAttr and HPDF_CreateOutline
 *   store the bytes they are given as they are, which readers take for
 *   PDFDocEncoding, so UTF-8 titles come out garbled;
 * - streams whose bytes are compressed already, a page's content stream
 *   among them: hpdf.h has no call that writes operators given as bytes,
 *   and libharu compresses each stream itself as it saves, through zlib
 *   with a fresh 256 KB state per stream;
 * - saving into a struct buf with a PDF 1.7 header: libharu 2.3.0 writes
 *   the version its features need (1.3 here), and HPDF_SaveToStream with
 *   HPDF_ReadFromStream copy the file one byte at a time (HPDF_MemCpy).
 *
 * Every object belongs to its document and is freed with it; a value put
 * into a dictionary or array is owned by it from then on.  libharu's
 * errors (out of memory, a limit of the format) are recorded with the
 * document and reported by pdfdoc_save, which then fails.
 */
#ifndef BRIEFGEN_PDF_OBJECTS_H
#define BRIEFGEN_PDF_OBJECTS_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

struct buf;
struct pdfdoc;
struct pdfobj;

/* A new, empty document.  Reports and returns NULL when the libharu
 * loaded is not the version this was built for.  Free with pdfdoc_free. */
struct pdfdoc *pdfdoc_new(void);
void pdfdoc_free(struct pdfdoc *d);
/* The document as libharu's handle, for the calls of hpdf.h: pages,
 * outlines, PNG images, translucent graphics states. */
HPDF_Doc pdfdoc_hpdf(const struct pdfdoc *d);

/* Objects of d.  A direct object is written where it is put; an indirect
 * one once, and referred to wherever it is put. */
struct pdfobj *pdfobj_dict(struct pdfdoc *d, bool indirect);
struct pdfobj *pdfobj_array(struct pdfdoc *d);
struct pdfobj *pdfobj_name(struct pdfdoc *d, const char *name);
/* An integer, |v| < 2^31 (ISO 32000-1, C.2). */
struct pdfobj *pdfobj_int(struct pdfdoc *d, long v);
/* A real number, written with at most five decimals. */
struct pdfobj *pdfobj_real(struct pdfdoc *d, double v);
/* A byte string of the NUL-terminated s, written as a literal. */
struct pdfobj *pdfobj_string(struct pdfdoc *d, const char *s);
/* A text string (ISO 32000-1, 7.9.2.2): printable ASCII as it is, any
 * other UTF-8 as UTF-16BE with a byte order mark. */
struct pdfobj *pdfobj_text(struct pdfdoc *d, const char *utf8);
/* Appends to b the bytes of that text string, as a name tree orders
 * its keys by them. */
void pdfobj_text_bytes(struct buf *b, const char *utf8);
/* A byte string of the n bytes at p, written in hexadecimal. */
struct pdfobj *pdfobj_binary(struct pdfdoc *d, const void *p, size_t n);
/*
 * An indirect stream of the n bytes at data, which the document borrows
 * until pdfdoc_save: they must stay unchanged until then.  With deflated,
 * the bytes are a zlib stream already and the dictionary says
 * /Filter /FlateDecode; /Length is written by libharu.
 */
struct pdfobj *pdfobj_stream(struct pdfdoc *d, const void *data, size_t n,
			     bool deflated);

/* Puts value into dict under key (replacing what was there), or appends
 * it to array.  A NULL value records an error. */
void pdfobj_put(struct pdfobj *dict, const char *key, struct pdfobj *value);
void pdfobj_push(struct pdfobj *array, struct pdfobj *value);

/* The document's catalog, information dictionary and trailer. */
struct pdfobj *pdfdoc_catalog(struct pdfdoc *d);
struct pdfobj *pdfdoc_info(struct pdfdoc *d);
struct pdfobj *pdfdoc_trailer(struct pdfdoc *d);
/* The dictionary behind a page, outline, image or graphics state that
 * hpdf.h made. */
struct pdfobj *pdfobj_of(void *h);

/* Makes the n bytes at data (borrowed as by pdfobj_stream) the content
 * stream of page, which must not be drawn on with hpdf.h. */
void pdfdoc_page_contents(struct pdfdoc *d, HPDF_Page page, const void *data,
			  size_t n, bool deflated);

/*
 * Appends the document to out as a PDF 1.7 file (ISO 32000-1, 7.5): the
 * header and a comment of four bytes above 127, the objects, the
 * cross-reference table and the trailer with /Root and /Info.  Returns
 * false if any libharu call on d failed; *error and *detail are then
 * libharu's codes of the first failure.
 */
bool pdfdoc_save(struct pdfdoc *d, struct buf *out, unsigned *error,
		 unsigned *detail);

#endif
