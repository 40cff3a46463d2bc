#include "pdf.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_utils.h>
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
#include "utf8.h"
#include "xalloc.h"

static void
on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct writer *w = data;

	if (w->error == 0) {
		w->error = error;
		w->detail = detail;
	}
}

/*
 * A position on the page, rounded to a quarter point (0.09 mm, finer than
 * a printer's dot): libharu writes it with at most two decimals, where
 * the exact value takes five, and the content streams shrink by a sixth.
 */
static HPDF_REAL
q(double v)
{
	return (HPDF_REAL)(round(v * 4) / 4);
}

/*
 * libharu copies and fills memory one byte at a time in HPDF_MemCpy and
 * HPDF_MemSet: with the sources a PDF carries, they were a fifth of the
 * instructions of a batch.  libharu calls them through the PLT, so these
 * definitions, which mean the same (both return the end of what they
 * wrote), take their place in every call.
 */
HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n > 0)
		memmove(out, in, n);
	return out + n;
}

void *
HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n > 0)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

/* Writes v, a multiple of a quarter, the short way: 12, -3.5, 0.25. */
static char *
put_quarter(char *p, double v)
{
	long n = lround(v * 4);
	unsigned long a = (unsigned long)(n < 0 ? -n : n);
	static const char *const frac[4] = {"", ".25", ".5", ".75"};

	return p + sprintf(p, "%s%lu%s ", n < 0 ? "-" : "", a / 4,
			   frac[a % 4]);
}

/*
 * Shows a run of text at (x, y) in PDF coordinates.  The operators go to
 * the page's content stream directly: HPDF_Page_TextOut measures every
 * string through libharu's linear cmap search to track a text position
 * the writer never uses, which cost more than the rest of the page.
 */
static void
show_text(struct writer *w, HPDF_Page page, const struct item *it, double x,
	  double y)
{
	static const char hex[] = "0123456789ABCDEF";
	HPDF_PageAttr attr = page->attr;
	const char *codes = pdf_font_encode(w, &w->pf[it->font], it->text);
	size_t n = strlen(codes), i;
	char *out = buf_space(&w->ops, 2 * n + 64), *p = out;

	p = put_quarter(p, x - w->tx);
	p = put_quarter(p, y - w->ty);
	p += sprintf(p, "Td <");
	for (i = 0; i < n; i++) {
		*p++ = hex[(unsigned char)codes[i] >> 4];
		*p++ = hex[(unsigned char)codes[i] & 15];
	}
	p += sprintf(p, "> Tj\n");
	HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)out,
			  (HPDF_UINT)(p - out));
	w->tx = x;
	w->ty = y;
}

static void
rgb(uint32_t c, double *r, double *g, double *b)
{
	*r = ((c >> 16) & 0xff) / 255.0;
	*g = ((c >> 8) & 0xff) / 255.0;
	*b = (c & 0xff) / 255.0;
}

static void
set_fill(struct writer *w, HPDF_Page page, uint32_t c)
{
	double r, g, b;

	if (c == w->fill)
		return;
	rgb(c, &r, &g, &b);
	/* Greys as one number: "0.10196 g", not three. */
	if (r == g && g == b)
		HPDF_Page_SetGrayFill(page, (HPDF_REAL)r);
	else
		HPDF_Page_SetRGBFill(page, (HPDF_REAL)r, (HPDF_REAL)g,
				     (HPDF_REAL)b);
	w->fill = c;
}

static void
set_stroke(struct writer *w, HPDF_Page page, uint32_t c, double line_pt,
	   unsigned dash)
{
	double r, g, b;

	if (c != w->stroke) {
		rgb(c, &r, &g, &b);
		if (r == g && g == b)
			HPDF_Page_SetGrayStroke(page, (HPDF_REAL)r);
		else
			HPDF_Page_SetRGBStroke(page, (HPDF_REAL)r,
					       (HPDF_REAL)g, (HPDF_REAL)b);
		w->stroke = c;
	}
	if (line_pt != w->line_pt) {
		HPDF_Page_SetLineWidth(page, (HPDF_REAL)line_pt);
		w->line_pt = line_pt;
	}
	if (dash != w->dash) {
		HPDF_UINT16 pattern[1] = {(HPDF_UINT16)dash};

		HPDF_Page_SetDash(page, dash ? pattern : NULL, dash ? 1 : 0,
				  0);
		w->dash = dash;
	}
}

/* The graphics state that fills with the given opacity. */
static HPDF_ExtGState
alpha_state(struct writer *w, double opacity)
{
	size_t i;

	for (i = 0; i < w->nalphas; i++)
		if (w->alphas[i].opacity == opacity)
			return w->alphas[i].state;
	if (w->nalphas == sizeof w->alphas / sizeof w->alphas[0])
		i = w->nalphas - 1;
	else
		i = w->nalphas++;
	w->alphas[i].opacity = opacity;
	w->alphas[i].state = HPDF_CreateExtGState(w->doc);
	HPDF_ExtGState_SetAlphaFill(w->alphas[i].state, (HPDF_REAL)opacity);
	return w->alphas[i].state;
}

/* The image of the PNG file at path, loaded on first use. */
static HPDF_Image
image(struct writer *w, const char *path)
{
	struct buf png = {0};
	size_t i;

	for (i = 0; i < w->nimages; i++)
		if (strcmp(w->images[i].path, path) == 0)
			return w->images[i].image;
	w->images = xreallocarray(w->images, w->nimages + 1,
				  sizeof *w->images);
	w->images[w->nimages].path = path;
	/* Read as every input is, not by libharu from the path. */
	w->images[w->nimages].image =
		infile_load(path, INFILE_INPUT, &png) && png.len <= UINT32_MAX
			? HPDF_LoadPngImageFromMem(w->doc,
						   (const HPDF_BYTE *)png.data,
						   (HPDF_UINT)png.len)
			: NULL;
	buf_free(&png);
	return w->images[w->nimages++].image;
}

/* Text turned or translucent: drawn in a saved graphics state, so the
 * state the writer tracks is what it was before. */
static void
draw_special_text(struct writer *w, HPDF_Page page, const struct item *it,
		  double height)
{
	double a = it->angle_deg * 3.14159265358979 / 180;
	double r, g, b;

	HPDF_Page_GSave(page);
	if (it->opacity != 1)
		HPDF_Page_SetExtGState(page, alpha_state(w, it->opacity));
	rgb(it->fill, &r, &g, &b);
	HPDF_Page_SetRGBFill(page, (HPDF_REAL)r, (HPDF_REAL)g, (HPDF_REAL)b);
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, w->pf[it->font].font,
				 (HPDF_REAL)it->size_pt);
	HPDF_Page_SetTextMatrix(page, (HPDF_REAL)cos(a), (HPDF_REAL)sin(a),
				(HPDF_REAL)-sin(a), (HPDF_REAL)cos(a),
				q(it->x), q(height - it->y));
	HPDF_Page_ShowText(page,
			   pdf_font_encode(w, &w->pf[it->font], it->text));
	HPDF_Page_EndText(page);
	HPDF_Page_GRestore(page);
}

static void
draw_text_item(struct writer *w, HPDF_Page page, const struct item *it,
	       double height)
{
	if (!w->in_text) {
		HPDF_Page_BeginText(page);
		w->in_text = true;
		w->tx = w->ty = 0;
	}
	if (it->font != w->font || it->size_pt != w->size_pt) {
		HPDF_Page_SetFontAndSize(page, w->pf[it->font].font,
					 (HPDF_REAL)it->size_pt);
		w->font = it->font;
		w->size_pt = it->size_pt;
	}
	if (it->char_sp != w->char_sp) {
		HPDF_Page_SetCharSpace(page, (HPDF_REAL)it->char_sp);
		w->char_sp = it->char_sp;
	}
	set_fill(w, page, it->fill);
	show_text(w, page, it, q(it->x), q(height - it->y));
}

static void
draw_item(struct writer *w, HPDF_Page page, const struct item *it,
	  double height)
{
	bool special = it->kind == ITEM_TEXT &&
		       (it->angle_deg != 0 || it->opacity != 1);

	if ((it->kind != ITEM_TEXT || special) && w->in_text) {
		HPDF_Page_EndText(page);
		w->in_text = false;
	}
	switch (it->kind) {
	case ITEM_TEXT:
		if (special)
			draw_special_text(w, page, it, height);
		else
			draw_text_item(w, page, it, height);
		break;
	case ITEM_IMAGE:
		HPDF_Page_DrawImage(page, image(w, it->text), (HPDF_REAL)it->x,
				    (HPDF_REAL)(height - it->y - it->h),
				    (HPDF_REAL)it->w, (HPDF_REAL)it->h);
		break;
	case ITEM_LINE:
		set_stroke(w, page, it->stroke, it->line_pt, it->dash);
		HPDF_Page_MoveTo(page, q(it->x), q(height - it->y));
		HPDF_Page_LineTo(page, q(it->x + it->w),
				 q(height - it->y - it->h));
		HPDF_Page_Stroke(page);
		break;
	case ITEM_RECT:
		if (it->opacity != 1) {
			HPDF_Page_GSave(page);
			HPDF_Page_SetExtGState(page,
					       alpha_state(w, it->opacity));
		}
		if (it->fill != NO_COLOR)
			set_fill(w, page, it->fill);
		if (it->stroke != NO_COLOR)
			set_stroke(w, page, it->stroke, it->line_pt, 0);
		/* Corners rounded, not sizes, so that touching rectangles
		 * (stacked bars, table rows) still touch. */
		HPDF_Page_Rectangle(page, q(it->x), q(height - it->y - it->h),
				    q(it->x + it->w) - q(it->x),
				    q(height - it->y) -
					    q(height - it->y - it->h));
		if (it->fill != NO_COLOR && it->stroke != NO_COLOR)
			HPDF_Page_FillStroke(page);
		else if (it->fill != NO_COLOR)
			HPDF_Page_Fill(page);
		else
			HPDF_Page_Stroke(page);
		if (it->opacity != 1) {
			HPDF_Page_GRestore(page);
			w->fill = w->stroke = NO_COLOR - 1;
			w->line_pt = -1;
		}
		break;
	}
}

static HPDF_Page
draw_page(struct writer *w, const struct page *p)
{
	HPDF_Page page = HPDF_AddPage(w->doc);
	size_t i;

	HPDF_Page_SetWidth(page, (HPDF_REAL)p->width_pt);
	HPDF_Page_SetHeight(page, (HPDF_REAL)p->height_pt);
	/* A new page starts from the default graphics state. */
	w->fill = 0x000000;
	w->stroke = 0x000000;
	w->line_pt = 1;
	w->dash = 0;
	w->font = -1;
	w->size_pt = 0;
	w->char_sp = 0;
	w->in_text = false;
	for (i = 0; i < p->nitems; i++)
		draw_item(w, page, &p->items[i], p->height_pt);
	if (w->in_text)
		HPDF_Page_EndText(page);
	return page;
}

/*
 * Sets a text entry of the document information as UTF-16BE with a byte
 * order mark, which is how PDF stores text outside PDFDocEncoding;
 * libharu's own setter would store the UTF-8 bytes as they are.
 */
static void
utf16be(struct buf *b, const char *utf8)
{
	const char *p = utf8, *end = utf8 + strlen(utf8);

	buf_add(b, "\xfe\xff", 2);
	while (p < end) {
		int32_t cp = utf8_next(&p, end);
		uint32_t u = cp < 0 ? 0xfffd : (uint32_t)cp;
		unsigned char unit[4];
		size_t n = 2;

		if (u > 0xffff) {
			uint32_t v = u - 0x10000, hi = 0xd800 | v >> 10,
				 lo = 0xdc00 | (v & 0x3ff);

			unit[0] = (unsigned char)(hi >> 8);
			unit[1] = (unsigned char)hi;
			unit[2] = (unsigned char)(lo >> 8);
			unit[3] = (unsigned char)lo;
			n = 4;
		} else {
			unit[0] = (unsigned char)(u >> 8);
			unit[1] = (unsigned char)u;
		}
		buf_add(b, unit, n);
	}
}

HPDF_Binary
pdf_text_string(struct writer *w, const char *utf8)
{
	struct buf b = {0};
	HPDF_Binary s;

	utf16be(&b, utf8);
	s = HPDF_Binary_New(w->doc->mmgr, (HPDF_BYTE *)b.data,
			    (HPDF_UINT)b.len);
	buf_free(&b);
	return s;
}

static void
set_text_info(struct writer *w, HPDF_InfoType type, const char *key,
	      const char *utf8)
{
	struct buf b = {0};

	utf16be(&b, utf8);
	/* The public setter creates the information dictionary. */
	HPDF_SetInfoAttr(w->doc, type, "");
	HPDF_Dict_Add(w->doc->info, key,
		      HPDF_Binary_New(w->doc->mmgr, (HPDF_BYTE *)b.data,
				      (HPDF_UINT)b.len));
	buf_free(&b);
}

static void
set_info(struct writer *w, const struct pdf_meta *m)
{
	if (m->title != NULL)
		set_text_info(w, HPDF_INFO_TITLE, "Title", m->title);
	if (m->author != NULL)
		set_text_info(w, HPDF_INFO_AUTHOR, "Author", m->author);
	if (m->subject != NULL)
		set_text_info(w, HPDF_INFO_SUBJECT, "Subject", m->subject);
	if (m->creator != NULL)
		HPDF_SetInfoAttr(w->doc, HPDF_INFO_CREATOR, m->creator);
	if (m->created >= 0) {
		time_t t = (time_t)m->created;
		struct tm tm;
		HPDF_Date d = {0};

		gmtime_r(&t, &tm);
		d.year = tm.tm_year + 1900;
		d.month = tm.tm_mon + 1;
		d.day = tm.tm_mday;
		d.hour = tm.tm_hour;
		d.minutes = tm.tm_min;
		d.seconds = tm.tm_sec;
		d.ind = 'Z';
		HPDF_SetInfoDateAttr(w->doc, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(w->doc, HPDF_INFO_MOD_DATE, d);
	}
}

/*
 * The bookmarks: one per heading, level 2 under the level 1 before it,
 * each opening its page at the heading, fitted to the width.  Titles are
 * UTF-16BE, written over the string libharu stores, as for the document
 * information.
 */
static void
add_outline(struct writer *w, const struct pages *pages,
	    const HPDF_Page *pv)
{
	HPDF_Outline parent = NULL;
	struct buf b = {0};
	size_t i;

	if (pages->noutline == 0)
		return;
	for (i = 0; i < pages->noutline; i++) {
		const struct outline_entry *e = &pages->outline[i];
		HPDF_Outline o = HPDF_CreateOutline(
			w->doc, e->level == 2 ? parent : NULL, "", NULL);
		HPDF_Destination d = HPDF_Page_CreateDestination(pv[e->page]);
		double h = pages->v[e->page].height_pt;

		buf_clear(&b);
		utf16be(&b, e->title);
		HPDF_Dict_Add(o, "Title",
			      HPDF_Binary_New(w->doc->mmgr,
					      (HPDF_BYTE *)b.data,
					      (HPDF_UINT)b.len));
		HPDF_Destination_SetFitH(d, (HPDF_REAL)(h - e->y_pt + 4));
		HPDF_Outline_SetDestination(o, d);
		if (e->level == 1) {
			HPDF_Outline_SetOpened(o, HPDF_TRUE);
			parent = o;
		}
	}
	HPDF_SetPageMode(w->doc, HPDF_PAGE_MODE_USE_OUTLINE);
	buf_free(&b);
}

/* Copies the finished document out of libharu. */
static bool
save(struct writer *w, struct buf *out)
{
	HPDF_UINT32 size;
	char *p;

	if (HPDF_SaveToStream(w->doc) != HPDF_OK)
		return false;
	size = HPDF_GetStreamSize(w->doc);
	p = buf_space(out, size);
	if (HPDF_ReadFromStream(w->doc, (HPDF_BYTE *)p, &size) != HPDF_OK &&
	    w->error != 0)
		return false;
	out->len += size;
	out->data[out->len] = '\0';
	return true;
}

bool
pdf_render(const struct pages *pages, const struct fonts *fonts,
	   const struct pdf_meta *meta, struct buf *out)
{
	struct writer w = {0};
	bool ok = true;
	size_t i, nf = fonts_count(fonts);

	for (i = 0; i < pages->n; i++)
		if (!draw_check(pages->v[i].items, pages->v[i].nitems,
				pages->v[i].width_pt, pages->v[i].height_pt,
				i + 1))
			return false;
	w.fonts = fonts;
	w.pf = xcalloc(nf, sizeof *w.pf);
	w.doc = HPDF_New(on_error, &w);
	if (w.doc == NULL)
		msg_fatal("out of memory");
	HPDF_SetCompressionMode(w.doc, HPDF_COMP_ALL);
	pdf_font_collect(&w, pages);
	for (i = 0; i < nf && ok; i++)
		ok = pdf_font_load(&w, (int)i) && w.error == 0;
	if (ok) {
		HPDF_Page *pv = xcalloc(pages->n + 1, sizeof *pv);

		set_info(&w, meta);
		for (i = 0; i < pages->n; i++)
			pv[i] = draw_page(&w, &pages->v[i]);
		add_outline(&w, pages, pv);
		free(pv);
		pdf_attach(&w, meta);
		ok = w.error == 0 && save(&w, out);
	}
	if (w.error != 0)
		msg_error(NULL, "libharu error 0x%04X (detail %u)",
			  (unsigned)w.error, (unsigned)w.detail);
	HPDF_Free(w.doc);
	for (i = 0; i < nf; i++)
		free(w.pf[i].cps);
	free(w.pf);
	free(w.images);
	buf_free(&w.text);
	buf_free(&w.ops);
	return ok && w.error == 0;
}
