/*
 * The PDF writer: the pages' display list as content streams of our own
 * operators, compressed (pdf_deflate.c); fonts, files and what PDF/A
 * asks for in pdf_font.c, pdf_attach.c and pdf_pdfa.c; libharu's object
 * model and file writer through pdf_objects.h.
 */
#include "pdf.h"

#include <hpdf.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "draw.h"
#include "fonts.h"
#include "infile.h"
#include "msg.h"
#include "paginate.h"
#include "pdf_int.h"
#include "pdf_objects.h"
#include "pngread.h"
#include "xalloc.h"

/* --- numbers in content streams ---------------------------------------- */

/*
 * Appends v with at most `decimals` decimals and a space, the short way:
 * "12 ", "-3.5 ", ".25 ".  Positions go to a quarter point (0.09 mm,
 * finer than a printer's dot), which takes two decimals where libharu
 * wrote five.
 */
static void
put_num(struct buf *b, double v, int decimals)
{
	static const long scale[] = {1, 10, 100, 1000, 10000};
	long long n = llround(v * scale[decimals]);
	unsigned long long a = (unsigned long long)(n < 0 ? -n : n);
	unsigned long long whole = a / (unsigned long long)scale[decimals];
	unsigned long long frac = a % (unsigned long long)scale[decimals];
	char tmp[48], *p = tmp + sizeof tmp;
	int d = decimals;
	bool has_frac = frac > 0;

	*--p = ' ';
	while (has_frac && frac % 10 == 0) {
		frac /= 10;
		d--;
	}
	if (has_frac) {
		for (; d > 0; d--, frac /= 10)
			*--p = (char)('0' + frac % 10);
		*--p = '.';
	}
	if (whole > 0 || !has_frac)
		do
			*--p = (char)('0' + whole % 10);
		while ((whole /= 10) > 0);
	if (n < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* A position, to a quarter point. */
static double
q(double v)
{
	return round(v * 4) / 4;
}

static void
put_pos(struct buf *b, double v)
{
	put_num(b, q(v), 2);
}

/* An 8-bit colour component in 0..1, to three decimals: enough to come
 * back to the same 8 bits. */
static void
put_component(struct buf *b, unsigned c)
{
	put_num(b, c / 255.0, 3);
}

static void
put_color(struct buf *b, uint32_t c, const char *gray, const char *rgb)
{
	unsigned r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, bl = c & 0xff;

	if (r == g && g == bl) {
		/* Greys as one number: "0.102 g", not three. */
		put_component(b, r);
		buf_adds(b, gray);
	} else {
		put_component(b, r);
		put_component(b, g);
		put_component(b, bl);
		buf_adds(b, rgb);
	}
}

/* --- drawing ----------------------------------------------------------- */

static void
set_fill(struct writer *w, uint32_t c)
{
	if (c == w->fill)
		return;
	put_color(&w->ops, c, "g\n", "rg\n");
	w->fill = c;
}

static void
set_stroke(struct writer *w, uint32_t c, double line_pt, unsigned dash)
{
	if (c != w->stroke) {
		put_color(&w->ops, c, "G\n", "RG\n");
		w->stroke = c;
	}
	if (line_pt != w->line_pt) {
		put_num(&w->ops, line_pt, 3);
		buf_adds(&w->ops, "w\n");
		w->line_pt = line_pt;
	}
	if (dash != w->dash) {
		if (dash != 0)
			buf_printf(&w->ops, "[%u] 0 d\n", dash);
		else
			buf_adds(&w->ops, "[] 0 d\n");
		w->dash = dash;
	}
}

/* Names the graphics state that fills with the given opacity (/G0, ...)
 * into name, made on first use. */
static void
alpha_state(struct writer *w, double opacity, char name[16])
{
	size_t i;

	for (i = 0; i < w->nalphas; i++)
		if (w->alphas[i].opacity == opacity)
			break;
	if (i == w->nalphas) {
		HPDF_ExtGState gs = HPDF_CreateExtGState(pdfdoc_hpdf(w->doc));

		if (i == sizeof w->alphas / sizeof w->alphas[0])
			msg_fatal("more than %zu opacities in one document", i);
		HPDF_ExtGState_SetAlphaFill(gs, (HPDF_REAL)opacity);
		w->alphas[w->nalphas++].opacity = opacity;
		snprintf(name, 16, "G%zu", i);
		if (w->gsres == NULL) {
			w->gsres = pdfobj_dict(w->doc, false);
			pdfobj_put(w->res, "ExtGState", w->gsres);
		}
		pdfobj_put(w->gsres, name, pdfobj_of(gs));
	}
	snprintf(name, 16, "G%zu", i);
}

/*
 * An image XObject (ISO 32000-1, 8.9.5) of the 8-bit samples at px,
 * width x height pixels of channels samples each (1: DeviceGray, 3:
 * DeviceRGB), compressed into z, which the document borrows until it is
 * saved.
 */
static struct pdfobj *
image_xobject(struct writer *w, const unsigned char *px, unsigned width,
	      unsigned height, int channels, struct buf *z)
{
	struct pdfobj *im;

	pdf_deflate(px, (size_t)width * height * (size_t)channels, z);
	im = pdfobj_stream(w->doc, z->data, z->len, true);
	pdfobj_put(im, "Type", pdfobj_name(w->doc, "XObject"));
	pdfobj_put(im, "Subtype", pdfobj_name(w->doc, "Image"));
	pdfobj_put(im, "Width", pdfobj_int(w->doc, (long)width));
	pdfobj_put(im, "Height", pdfobj_int(w->doc, (long)height));
	pdfobj_put(im, "ColorSpace",
		   pdfobj_name(w->doc,
			       channels == 3 ? "DeviceRGB" : "DeviceGray"));
	pdfobj_put(im, "BitsPerComponent", pdfobj_int(w->doc, 8));
	return im;
}

/*
 * Loads the PNG file at path as image i of the document, /Ii in the
 * resources: its pixels decoded here (pngread.h), not by libharu's PNG
 * loader, which aborts on a damaged file and writes 16-bit samples as
 * 8-bit ones; the alpha, if any, as its soft mask (ISO 32000-1, 11.6.5.3).
 * Each is compressed as it is made and its samples freed, so that a
 * document holds no image's pixels beyond the one being loaded: one PNG
 * at the pixel cap peaks at some 80 MB of samples, and a second costs
 * only its compressed bytes.  Returns false after reporting.
 */
static bool
load_image(struct writer *w, const char *path, size_t i)
{
	struct pdfimage *img = &w->images[i];
	struct buf png = {0};
	struct pngread_image px;
	struct pdfobj *image;
	char name[16];
	bool ok;

	/* Read as every input is, not by libharu from the path. */
	ok = infile_load(path, INFILE_INPUT, &png) &&
	     pngread_decode(path, png.data, png.len, &px);
	buf_free(&png);
	if (!ok)
		return false;
	memset(img, 0, sizeof *img);
	img->path = path;
	image = image_xobject(w, px.color, px.width, px.height, px.channels,
			      &img->color);
	free(px.color);
	px.color = NULL;
	if (px.alpha != NULL)
		pdfobj_put(image, "SMask",
			   image_xobject(w, px.alpha, px.width, px.height, 1,
					 &img->alpha));
	pngread_free(&px);
	snprintf(name, sizeof name, "I%u", (unsigned)i);
	if (w->xres == NULL) {
		w->xres = pdfobj_dict(w->doc, false);
		pdfobj_put(w->res, "XObject", w->xres);
	}
	pdfobj_put(w->xres, name, image);
	return true;
}

/* Loads every image the pages draw, once each, in the order they are
 * first drawn.  Returns false after reporting. */
static bool
load_images(struct writer *w, const struct pages *pages)
{
	size_t p, k, i;

	for (p = 0; p < pages->n; p++)
		for (k = 0; k < pages->v[p].nitems; k++) {
			const struct item *it = &pages->v[p].items[k];

			if (it->kind != ITEM_IMAGE)
				continue;
			for (i = 0; i < w->nimages; i++)
				if (strcmp(w->images[i].path, it->text) == 0)
					break;
			if (i < w->nimages)
				continue;
			w->images = xgrow(w->images, w->nimages,
					  sizeof *w->images);
			if (!load_image(w, it->text, i))
				return false;
			w->nimages++;
		}
	return true;
}

/* Names the image of the PNG file at path (/I0, ...), which load_images
 * loaded, into name. */
static void
image_name(const struct writer *w, const char *path, char name[16])
{
	size_t i;

	for (i = 0; i < w->nimages; i++)
		if (strcmp(w->images[i].path, path) == 0)
			break;
	snprintf(name, 16, "I%u", (unsigned)i);
}

static void
set_font(struct writer *w, int font, double size_pt)
{
	buf_printf(&w->ops, "/F%d ", font);
	put_num(&w->ops, size_pt, 3);
	buf_adds(&w->ops, "Tf\n");
}

/* The stroke that sets text in bold, as a share of its size: about what
 * the bold weight of a gothic face adds to its stems. */
#define BOLD_STROKE 0.03

/* Text turned, translucent or bold: drawn in a saved graphics state, so
 * the state the writer tracks is what it was before.  Bold text is
 * filled and stroked in its colour (rendering mode 2), the fonts having
 * no bold face. */
static void
draw_special_text(struct writer *w, const struct item *it, double height)
{
	double a = it->angle_deg * 3.14159265358979 / 180;
	char gs[16];

	buf_adds(&w->ops, "q\n");
	if (it->opacity != 1) {
		alpha_state(w, it->opacity, gs);
		buf_printf(&w->ops, "/%s gs\n", gs);
	}
	put_color(&w->ops, it->fill, "g\n", "rg\n");
	if (it->bold) {
		put_color(&w->ops, it->fill, "G\n", "RG\n");
		put_num(&w->ops, it->size_pt * BOLD_STROKE, 3);
		buf_adds(&w->ops, "w\n");
	}
	buf_adds(&w->ops, "BT\n");
	if (it->bold)
		buf_adds(&w->ops, "2 Tr\n");
	set_font(w, it->font, it->size_pt);
	put_num(&w->ops, cos(a), 4);
	put_num(&w->ops, sin(a), 4);
	put_num(&w->ops, -sin(a), 4);
	put_num(&w->ops, cos(a), 4);
	put_pos(&w->ops, it->x);
	put_pos(&w->ops, height - it->y);
	buf_adds(&w->ops, "Tm ");
	pdf_font_show(w, it->font, it->text, &w->ops);
	buf_adds(&w->ops, " Tj\nET\nQ\n");
}

static void
draw_text_item(struct writer *w, const struct item *it, double height)
{
	double x = q(it->x), y = q(height - it->y);

	if (!w->in_text) {
		buf_adds(&w->ops, "BT\n");
		w->in_text = true;
		w->tx = w->ty = 0;
	}
	if (it->font != w->font || it->size_pt != w->size_pt) {
		set_font(w, it->font, it->size_pt);
		w->font = it->font;
		w->size_pt = it->size_pt;
	}
	if (it->char_sp != w->char_sp) {
		put_num(&w->ops, it->char_sp, 3);
		buf_adds(&w->ops, "Tc\n");
		w->char_sp = it->char_sp;
	}
	set_fill(w, it->fill);
	/* Td moves from the start of the last line: relative numbers are
	 * short, and a column's repeat compresses well. */
	put_num(&w->ops, x - w->tx, 2);
	put_num(&w->ops, y - w->ty, 2);
	buf_adds(&w->ops, "Td ");
	pdf_font_show(w, it->font, it->text, &w->ops);
	buf_adds(&w->ops, " Tj\n");
	w->tx = x;
	w->ty = y;
}

static void
rect_item(struct writer *w, const struct item *it, double height)
{
	double x0 = q(it->x), x1 = q(it->x + it->w);
	double y0 = q(height - it->y - it->h), y1 = q(height - it->y);
	char gs[16];

	if (it->opacity != 1) {
		alpha_state(w, it->opacity, gs);
		buf_printf(&w->ops, "q\n/%s gs\n", gs);
	}
	if (it->fill != NO_COLOR)
		set_fill(w, it->fill);
	if (it->stroke != NO_COLOR)
		set_stroke(w, it->stroke, it->line_pt, 0);
	/* Corners rounded, not sizes, so that touching rectangles
	 * (stacked bars, table rows) still touch. */
	put_num(&w->ops, x0, 2);
	put_num(&w->ops, y0, 2);
	put_num(&w->ops, x1 - x0, 2);
	put_num(&w->ops, y1 - y0, 2);
	if (it->fill != NO_COLOR && it->stroke != NO_COLOR)
		buf_adds(&w->ops, "re\nB\n");
	else if (it->fill != NO_COLOR)
		buf_adds(&w->ops, "re\nf\n");
	else
		buf_adds(&w->ops, "re\nS\n");
	if (it->opacity != 1) {
		buf_adds(&w->ops, "Q\n");
		w->fill = w->stroke = NO_COLOR - 1;
		w->line_pt = -1;
		w->dash = 0;
	}
}

static void
draw_item(struct writer *w, const struct item *it, double height)
{
	bool special = it->kind == ITEM_TEXT &&
		       (it->angle_deg != 0 || it->opacity != 1 || it->bold);
	char name[16];

	if ((it->kind != ITEM_TEXT || special) && w->in_text) {
		buf_adds(&w->ops, "ET\n");
		w->in_text = false;
	}
	switch (it->kind) {
	case ITEM_TEXT:
		if (special)
			draw_special_text(w, it, height);
		else
			draw_text_item(w, it, height);
		break;
	case ITEM_IMAGE:
		image_name(w, it->text, name);
		buf_adds(&w->ops, "q\n");
		put_num(&w->ops, it->w, 2);
		buf_adds(&w->ops, "0 0 ");
		put_num(&w->ops, it->h, 2);
		put_num(&w->ops, it->x, 2);
		put_num(&w->ops, height - it->y - it->h, 2);
		buf_printf(&w->ops, "cm\n/%s Do\nQ\n", name);
		break;
	case ITEM_LINE:
		set_stroke(w, it->stroke, it->line_pt, it->dash);
		put_pos(&w->ops, it->x);
		put_pos(&w->ops, height - it->y);
		buf_adds(&w->ops, "m\n");
		put_pos(&w->ops, it->x + it->w);
		put_pos(&w->ops, height - it->y - it->h);
		buf_adds(&w->ops, "l\nS\n");
		break;
	case ITEM_RECT:
		rect_item(w, it, height);
		break;
	}
}

/* Draws page i into a new page of the document. */
static HPDF_Page
draw_page(struct writer *w, const struct page *p, size_t i)
{
	HPDF_Page page = HPDF_AddPage(pdfdoc_hpdf(w->doc));
	size_t k;

	HPDF_Page_SetWidth(page, (HPDF_REAL)p->width_pt);
	HPDF_Page_SetHeight(page, (HPDF_REAL)p->height_pt);
	pdfobj_put(pdfobj_of(page), "Resources", w->res);
	/* A page starts from the default graphics state. */
	w->fill = 0x000000;
	w->stroke = 0x000000;
	w->line_pt = 1;
	w->dash = 0;
	w->font = -1;
	w->size_pt = 0;
	w->char_sp = 0;
	w->in_text = false;
	buf_clear(&w->ops);
	for (k = 0; k < p->nitems; k++)
		draw_item(w, &p->items[k], p->height_pt);
	if (w->in_text)
		buf_adds(&w->ops, "ET\n");
	pdf_deflate(w->ops.data, w->ops.len, &w->z[i]);
	pdfdoc_page_contents(w->doc, page, w->z[i].data, w->z[i].len, true);
	return page;
}

/* --- the document ------------------------------------------------------ */

void
pdf_date(long long t, char out[24])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	snprintf(out, 24, "D:%04u%02u%02u%02u%02u%02uZ",
		 (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
		 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
		 (unsigned)tm.tm_sec % 100u);
}

/* The document information dictionary (ISO 32000-1, 14.3.3); pdf_pdfa
 * writes the same in XMP. */
static void
set_info(struct writer *w, const struct pdf_meta *m)
{
	struct pdfdoc *d = w->doc;
	struct pdfobj *info = pdfdoc_info(d);
	char date[24];

	if (m->title != NULL)
		pdfobj_put(info, "Title", pdfobj_text(d, m->title));
	if (m->author != NULL)
		pdfobj_put(info, "Author", pdfobj_text(d, m->author));
	if (m->subject != NULL)
		pdfobj_put(info, "Subject", pdfobj_text(d, m->subject));
	if (m->creator != NULL)
		pdfobj_put(info, "Creator", pdfobj_text(d, m->creator));
	pdfobj_put(info, "Producer", pdfobj_text(d, pdf_producer()));
	if (m->created >= 0) {
		pdf_date(m->created, date);
		pdfobj_put(info, "CreationDate", pdfobj_string(d, date));
		pdfobj_put(info, "ModDate", pdfobj_string(d, date));
	}
}

/*
 * The bookmarks: one per heading, level 2 under the level 1 before it,
 * each opening its page at the heading, fitted to the width.
 */
static void
add_outline(struct writer *w, const struct pages *pages,
	    const HPDF_Page *pv)
{
	struct pdfdoc *d = w->doc;
	HPDF_Outline parent = NULL;
	size_t i;

	if (pages->noutline == 0)
		return;
	for (i = 0; i < pages->noutline; i++) {
		const struct outline_entry *e = &pages->outline[i];
		HPDF_Outline o = HPDF_CreateOutline(
			pdfdoc_hpdf(d), e->level == 2 ? parent : NULL, "", NULL);
		struct pdfobj *dest = pdfobj_array(d);

		pdfobj_put(pdfobj_of(o), "Title", pdfobj_text(d, e->title));
		pdfobj_push(dest, pdfobj_of(pv[e->page]));
		pdfobj_push(dest, pdfobj_name(d, "FitH"));
		pdfobj_push(dest,
			    pdfobj_real(d, pages->v[e->page].height_pt -
						   e->y_pt + 4));
		pdfobj_put(pdfobj_of(o), "Dest", dest);
		if (e->level == 1) {
			HPDF_Outline_SetOpened(o, HPDF_TRUE);
			parent = o;
		}
	}
	HPDF_SetPageMode(pdfdoc_hpdf(d), HPDF_PAGE_MODE_USE_OUTLINE);
}

static void
writer_free(struct writer *w)
{
	size_t i, nf = fonts_count(w->fonts);

	for (i = 0; i < nf; i++)
		free(w->pf[i].cps);
	free(w->pf);
	for (i = 0; i < w->nimages; i++) {
		buf_free(&w->images[i].color);
		buf_free(&w->images[i].alpha);
	}
	free(w->images);
	for (i = 0; i < w->nz; i++)
		buf_free(&w->z[i]);
	free(w->z);
	buf_free(&w->ops);
	buf_free(&w->xmp);
	pdfdoc_free(w->doc);
}

bool
pdf_render(const struct pages *pages, const struct fonts *fonts,
	   const struct pdf_meta *meta, struct buf *out)
{
	struct writer w = {0};
	bool ok = true;
	size_t i, nf = fonts_count(fonts);
	unsigned error, detail;
	HPDF_Page *pv;

	for (i = 0; i < pages->n; i++)
		if (!draw_check(pages->v[i].items, pages->v[i].nitems,
				pages->v[i].width_pt, pages->v[i].height_pt,
				i + 1))
			return false;
	if ((w.doc = pdfdoc_new()) == NULL)
		return false;
	w.fonts = fonts;
	w.pf = xcalloc(nf, sizeof *w.pf);
	w.res = pdfobj_dict(w.doc, true);
	w.fontres = pdfobj_dict(w.doc, false);
	pdfobj_put(w.res, "Font", w.fontres);
	if (!load_images(&w, pages)) {
		writer_free(&w);
		return false;
	}
	pdf_font_collect(&w, pages);
	for (i = 0; i < nf && ok; i++)
		ok = pdf_font_load(&w, (int)i);
	if (!ok) {
		writer_free(&w);
		return false;
	}
	set_info(&w, meta);
	pv = xcalloc(pages->n + 1, sizeof *pv);
	w.z = xcalloc(pages->n + 1, sizeof *w.z);
	w.nz = pages->n;
	for (i = 0; i < pages->n; i++)
		pv[i] = draw_page(&w, &pages->v[i], i);
	add_outline(&w, pages, pv);
	free(pv);
	pdf_attach(&w, meta);
	pdf_pdfa(&w, meta);
	ok = pdfdoc_save(w.doc, out, &error, &detail);
	if (!ok)
		msg_error(NULL, "libharu error 0x%04X (detail %u)", error,
			  detail);
	writer_free(&w);
	return ok;
}
