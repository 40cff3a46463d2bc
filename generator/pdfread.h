/*
 * Reading PDFs back: the files a PDF carries (its embedded files) and its
 * /ID, for regenerating and verifying.  The only user of qpdf, which is
 * loaded when first needed (dlopen), so that rendering does not pay for
 * starting it.  Used by batch.
 */
#ifndef BRIEFGEN_PDFREAD_H
#define BRIEFGEN_PDFREAD_H

#include <stddef.h>

/* One embedded file. */
struct pdf_embedded {
	char *name;  /* as the PDF names it, UTF-8 */
	char *data;  /* decoded bytes, NUL-terminated */
	size_t len;
};

struct pdfread {
	struct pdf_embedded *v; /* in the order of the PDF's name tree */
	size_t n;
	unsigned char *id;      /* the first string of /ID; NULL if none */
	size_t id_len;
};

/*
 * Reads the PDF at path.  Returns NULL after reporting (path: error: ...)
 * when it is not a PDF qpdf can read, or when its embedded files cannot
 * be decoded.  The caller frees the result with pdfread_free.
 */
struct pdfread *pdfread_read(const char *path);
void pdfread_free(struct pdfread *p);

#endif
