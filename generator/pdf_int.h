/*
 * Private to the PDF writer (pdf.c, pdf_font.c, pdf_attach.c,
 * pdf_pdfa.c): the writer's state.
 */
#ifndef BRIEFGEN_PDF_INT_H
#define BRIEFGEN_PDF_INT_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct fonts;
struct pages;
struct pdf_meta;
struct pdfdoc;
struct pdfobj;

/* A font of the document: what it draws and the codes it draws it by. */
struct pdffont {
	uint32_t *cps;     /* the keys drawn (pdf_font.c: code points, and
			    * variants above them), sorted, distinct;
			    * xalloc, freed by the writer */
	size_t n;
	const uint16_t *codes; /* the two-byte code (the CID) of each cps[i],
				* owned by the font cache */
	struct pdfobj *font;   /* its Type0 font, NULL if unused */
};

struct writer {
	struct pdfdoc *doc;
	const struct fonts *fonts;
	struct pdffont *pf;   /* one per font in fonts, named /F0, /F1, ... */
	struct pdfobj *res;   /* the resources every page shares */
	struct pdfobj *fontres, *gsres, *xres; /* its /Font, /ExtGState and
						* /XObject dictionaries */
	struct buf ops;       /* content of the page being drawn */
	struct buf xmp;       /* the XMP metadata, compressed, lent to the
			       * document */
	struct buf *z;        /* each page's content compressed, lent to the
			       * document until it is saved */
	size_t nz;
	/* Graphics state last set on the current page. */
	uint32_t fill, stroke;
	double line_pt;
	unsigned dash;
	int font;
	double size_pt;
	double char_sp;
	bool in_text;
	double tx, ty;        /* start of the text line (Td), pt */
	/* Images (/I0, ...) and translucent states (/G0, ...), made once
	 * per document. */
	struct pdfimage {
		const char *path;
		struct buf color, alpha; /* its samples and soft mask,
					  * compressed, lent to the document
					  * until it is saved */
	} *images;
	size_t nimages;
	struct pdfalpha {
		double opacity;
	} alphas[8];
	size_t nalphas;
};

/* Collects what each font draws into w->pf: the keys of the characters of
 * the pages' text it has glyphs for, and 〓 in place of the others. */
void pdf_font_collect(struct writer *w, const struct pages *pages);
/* Embeds font f as a subset holding its code points, and names it in the
 * resources.  Returns false after reporting an error. */
bool pdf_font_load(struct writer *w, int f);
/* Appends the two-byte codes of the UTF-8 text s in font f to out, as a
 * literal string "(...)" of those bytes: half the size of a hexadecimal
 * string, and smaller compressed.  A character the font has no glyph for
 * takes 〓's code, or none when the font has not even 〓. */
void pdf_font_show(const struct writer *w, int f, const char *s,
		   struct buf *out);

/* Embeds meta's files as associated files (/AF), with the trailer's /ID. */
void pdf_attach(struct writer *w, const struct pdf_meta *meta);
/* Makes the document PDF/A-3b: XMP metadata matching the document
 * information, an sRGB output intent and the language. */
void pdf_pdfa(struct writer *w, const struct pdf_meta *meta);
/* What the document information and XMP name as the producer:
 * "libharu 2.3.0"; static. */
const char *pdf_producer(void);

/* "D:YYYYMMDDHHmmSSZ" (ISO 32000-1, 7.9.4) of t, seconds since the epoch,
 * into out. */
void pdf_date(long long t, char out[24]);

#endif
