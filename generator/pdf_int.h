/*
 * Private to the PDF writer (pdf.c, pdf_font.c, pdf_attach.c): the
 * writer's state.
 */
#ifndef BRIEFGEN_PDF_INT_H
#define BRIEFGEN_PDF_INT_H

#include <hpdf.h>
#include <hpdf_objects.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct fonts;
struct pages;
struct pdf_meta;

struct pdffont {
	uint32_t *cps;    /* code points used, sorted */
	size_t n;
	HPDF_Font font;
	char encoder[16]; /* name registered with libharu */
};

struct writer {
	HPDF_Doc doc;
	const struct fonts *fonts;
	struct pdffont *pf;   /* one per font in fonts */
	struct buf text;      /* an encoded string */
	struct buf ops;       /* content operators being written */
	HPDF_STATUS error;    /* first libharu error, 0 if none */
	HPDF_STATUS detail;
	/* Graphics state last set on the current page. */
	uint32_t fill, stroke;
	double line_pt;
	unsigned dash;
	int font;
	double size_pt;
	double char_sp;
	bool in_text;
	double tx, ty;        /* start of the text line (Td), pt */
	/* Images and translucent states, made once per document. */
	struct pdfimage {
		const char *path;
		HPDF_Image image;
	} *images;
	size_t nimages;
	struct pdfalpha {
		double opacity;
		HPDF_ExtGState state;
	} alphas[4];
	size_t nalphas;
};

/* Collects the sorted code points each font draws into w->pf. */
void pdf_font_collect(struct writer *w, const struct pages *pages);
/* Subsets font f and makes it a libharu font with its own encoding. */
bool pdf_font_load(struct writer *w, int f);
/* Encodes UTF-8 text as the font's two-byte codes; the result lives in
 * w->text until the next call. */
const char *pdf_font_encode(struct writer *w, const struct pdffont *pf,
			    const char *s);

/* The write_fn of a stream dictionary whose data is a zlib stream already
 * (its filter NONE): writes the /Filter entry libharu would. */
HPDF_STATUS pdf_flate_filter(HPDF_Dict d, HPDF_Stream s);
/* A text string (UTF-16BE with a byte order mark) holding utf8. */
HPDF_Binary pdf_text_string(struct writer *w, const char *utf8);
/* Embeds meta's files and sets the trailer's /ID. */
void pdf_attach(struct writer *w, const struct pdf_meta *meta);

#endif
