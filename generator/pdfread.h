/*
 * Reading PDFs back: the files a PDF carries (its embedded files) and its
 * /ID, for regenerating and verifying.  A PDF is untrusted: it is read
 * through infile under the pdf cap, the files it carries are listed
 * without being decoded, and each is decoded only when asked for, under
 * the attachment cap and, with those decoded before it, the sources cap.
 * Cross-reference and object streams, which briefgen never writes and
 * which qpdf would inflate without a bound, are not read.
 * The only user of qpdf, which is loaded when first needed (dlopen), so
 * that rendering does not pay for starting it.  Used by batch.
 */
#ifndef BRIEFGEN_PDFREAD_H
#define BRIEFGEN_PDFREAD_H

#include <stddef.h>

struct buf;
struct pdfread;

/*
 * Reads the PDF at path and lists the files it carries.  Returns NULL
 * after reporting (path: error: ...) when it cannot be read, is not a PDF
 * qpdf can read, or its tree of embedded files is damaged or deeper than
 * 32 levels or 10,000 nodes.  The caller frees the result with
 * pdfread_free.
 */
struct pdfread *pdfread_read(const char *path);
/* As pdfread_read, from the len bytes at data (which must outlive the
 * result), called name in messages. */
struct pdfread *pdfread_parse(const char *data, size_t len,
			      const char *name);
void pdfread_free(struct pdfread *p);

/* The bytes of the PDF, as read. */
const char *pdfread_bytes(const struct pdfread *p, size_t *len);
/* The first string of the trailer's /ID, *len bytes; NULL if none. */
const unsigned char *pdfread_id(const struct pdfread *p, size_t *len);
/* How many files the PDF carries, and the name of the i-th (UTF-8), in
 * the order of its name tree. */
size_t pdfread_count(const struct pdfread *p);
const char *pdfread_name(const struct pdfread *p, size_t i);
/*
 * Decodes the file called name into out (appending).  Returns 1; 0 when
 * the PDF carries no file of that name; -1 after reporting a file that
 * cannot be decoded (a filter other than /FlateDecode, a damaged stream)
 * or is beyond a cap.
 */
int pdfread_file(struct pdfread *p, const char *name, struct buf *out);

#endif
