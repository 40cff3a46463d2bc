#define _GNU_SOURCE /* memfd_create */
#include "pdf.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "draw.h"
#include "fonts.h"
#include "msg.h"
#include "paginate.h"
#include "utf8.h"
#include "xalloc.h"

/*
 * libharu's own "UTF-8" encoding maps every BMP code point to a CID, so
 * loading a font costs 65,536 cmap look-ups and writes a 128 KB
 * CIDToGIDMap, whatever the document holds.  Instead each font gets an
 * encoding of its own: the n code points the document uses, sorted, are
 * given the two-byte codes 0x0101, 0x0102, ... (no byte is ever 0, which
 * libharu's C strings need).  With Identity-H the code is the CID, and a
 * ToUnicode map takes each code back to its code point.
 */
#define REPLACEMENT 0x3013 /* 〓 GETA MARK, Japanese for "glyph missing" */

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
	HPDF_STATUS error;    /* first libharu error, 0 if none */
	HPDF_STATUS detail;
	/* Graphics state last set on the current page. */
	uint32_t fill, stroke;
	double line_pt;
	unsigned dash;
	int font;
	double size_pt;
	bool in_text;
};

static void
on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct writer *w = data;

	if (w->error == 0) {
		w->error = error;
		w->detail = detail;
	}
}

static uint32_t
drawable(int32_t cp)
{
	return cp < 0 || cp > 0xffff ? REPLACEMENT : (uint32_t)cp;
}

static int
cmp_cp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Collects the sorted code points each font draws. */
static void
collect(struct writer *w, const struct pages *pages)
{
	size_t nf = fonts_count(w->fonts), i, k, f;
	uint8_t *seen = xcalloc(nf, 0x10000 / 8);

	for (i = 0; i < pages->n; i++)
		for (k = 0; k < pages->v[i].nitems; k++) {
			const struct item *it = &pages->v[i].items[k];
			const char *p = it->text, *end;
			uint8_t *bits = seen + (size_t)it->font * (0x10000 / 8);

			if (it->kind != ITEM_TEXT)
				continue;
			end = p + strlen(p);
			while (p < end) {
				uint32_t cp = drawable(utf8_next(&p, end));

				bits[cp >> 3] |= (uint8_t)(1 << (cp & 7));
			}
		}
	for (f = 0; f < nf; f++) {
		struct pdffont *pf = &w->pf[f];
		const uint8_t *bits = seen + f * (0x10000 / 8);
		uint32_t cp;

		for (cp = 0; cp < 0x10000; cp++)
			if (bits[cp >> 3] & (1 << (cp & 7))) {
				if ((pf->n & (pf->n - 1)) == 0)
					pf->cps = xreallocarray(
						pf->cps, pf->n ? 2 * pf->n : 1,
						sizeof *pf->cps);
				pf->cps[pf->n++] = cp;
			}
	}
	free(seen);
}

static uint16_t
code_of(size_t index)
{
	return (uint16_t)((1 + index / 255) << 8 | (1 + index % 255));
}

static HPDF_BOOL
every_byte(HPDF_Encoder e, HPDF_BYTE b)
{
	(void)e;
	(void)b;
	return HPDF_TRUE;
}

static HPDF_STATUS
no_init(HPDF_Encoder e)
{
	(void)e;
	return HPDF_OK;
}

/* Registers the compact two-byte encoding of pf with the document. */
static bool
register_encoder(struct writer *w, struct pdffont *pf, int f)
{
	HPDF_CidRange_Rec *ranges = xcalloc(pf->n + 2, sizeof *ranges);
	HPDF_UnicodeMap_Rec *map = xcalloc(pf->n + 2, sizeof *map);
	HPDF_CidRange_Rec space = {0x0101, 0xffff, 0};
	HPDF_CMapEncoderAttr attr;
	HPDF_Encoder e;
	size_t i;

	snprintf(pf->encoder, sizeof pf->encoder, "BriefgenF%d", f);
	e = HPDF_CMapEncoder_New(w->doc->mmgr, pf->encoder, no_init);
	if (e == NULL || HPDF_CMapEncoder_InitAttr(e) != HPDF_OK)
		return false;
	attr = e->attr;
	attr->is_lead_byte_fn = every_byte;
	attr->is_trial_byte_fn = every_byte;
	attr->writing_mode = HPDF_WMODE_HORIZONTAL;
	/* "Identity-H" as the ordering makes libharu name Identity-H as the
	 * font's encoding and give it a ToUnicode stream (rewritten later). */
	snprintf(attr->registry, sizeof attr->registry, "Adobe");
	snprintf(attr->ordering, sizeof attr->ordering, "Identity-H");
	/* libharu writes the widths and the CIDToGIDMap of CIDs below the
	 * highest only, so one unused code follows the last real one. */
	for (i = 0; i <= pf->n; i++) {
		ranges[i].from = ranges[i].to = ranges[i].cid = code_of(i);
		map[i].code = code_of(i);
		map[i].unicode = (HPDF_UNICODE)pf->cps[i < pf->n ? i : 0];
	}
	ranges[pf->n + 1] = (HPDF_CidRange_Rec){0xffff, 0xffff, 0};
	map[pf->n + 1] = (HPDF_UnicodeMap_Rec){0xffff, 0xffff};
	HPDF_CMapEncoder_SetUnicodeArray(e, map);
	HPDF_CMapEncoder_AddCMap(e, ranges);
	HPDF_CMapEncoder_AddCodeSpaceRange(e, space);
	e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
	free(ranges);
	free(map);
	return HPDF_Doc_RegisterEncoder(w->doc, e) == HPDF_OK;
}

/*
 * Replaces libharu's ToUnicode stream (a code-to-CID range, which readers
 * reject) with a proper bfchar map, and names the CID ordering Identity.
 */
static void
fix_font_dicts(struct pdffont *pf)
{
	HPDF_FontAttr fa = pf->font->attr;
	HPDF_Stream s = fa->cmap_stream->stream;
	HPDF_Dict info;
	char line[64];
	size_t i, k;

	HPDF_MemStream_FreeData(s);
	HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n"
				"12 dict begin\nbegincmap\n"
				"/CIDSystemInfo << /Registry (Adobe) "
				"/Ordering (UCS) /Supplement 0 >> def\n"
				"/CMapName /Adobe-Identity-UCS def\n"
				"/CMapType 2 def\n"
				"1 begincodespacerange\n<0000> <FFFF>\n"
				"endcodespacerange\n");
	for (i = 0; i < pf->n; i += 100) {
		size_t end = i + 100 < pf->n ? i + 100 : pf->n;

		snprintf(line, sizeof line, "%zu beginbfchar\n", end - i);
		HPDF_Stream_WriteStr(s, line);
		for (k = i; k < end; k++) {
			snprintf(line, sizeof line, "<%04X> <%04X>\n",
				 code_of(k), (unsigned)pf->cps[k]);
			HPDF_Stream_WriteStr(s, line);
		}
		HPDF_Stream_WriteStr(s, "endbfchar\n");
	}
	HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap "
				"defineresource pop\nend\nend\n");
	info = HPDF_Dict_GetItem(fa->descendant_font, "CIDSystemInfo",
				 HPDF_OCLASS_DICT);
	if (info != NULL)
		HPDF_Dict_Add(info, "Ordering",
			      HPDF_String_New(pf->font->mmgr, "Identity",
					      NULL));
}

/* Subsets font f and makes it a libharu font with its own encoding. */
static bool
load_font(struct writer *w, int f)
{
	struct pdffont *pf = &w->pf[f];
	struct buf sub = {0};
	char path[64];
	const char *name;
	bool ok = false;
	int fd;

	if (pf->n == 0)
		return true;
	if (!fonts_subset(w->fonts, f, pf->cps, pf->n, &sub))
		return false;
	/* libharu reads fonts from files only: hand it an in-memory one. */
	fd = memfd_create("briefgen-font", MFD_CLOEXEC);
	if (fd < 0 || write(fd, sub.data, sub.len) != (ssize_t)sub.len) {
		msg_syserr(NULL, "cannot hold a font in memory");
		goto out;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	name = HPDF_LoadTTFontFromFile(w->doc, path, HPDF_TRUE);
	if (name != NULL && register_encoder(w, pf, f))
		pf->font = HPDF_GetFont(w->doc, name, pf->encoder);
	if (pf->font != NULL) {
		fix_font_dicts(pf);
		ok = true;
	}
out:
	if (fd >= 0)
		close(fd);
	buf_free(&sub);
	return ok;
}

/* Encodes UTF-8 text as the font's two-byte codes into w->text. */
static const char *
encode(struct writer *w, const struct pdffont *pf, const char *s)
{
	const char *p = s, *end = s + strlen(s);

	buf_clear(&w->text);
	while (p < end) {
		uint32_t cp = drawable(utf8_next(&p, end));
		const uint32_t *at =
			bsearch(&cp, pf->cps, pf->n, sizeof cp, cmp_cp);
		uint16_t code = code_of((size_t)(at - pf->cps));

		buf_addc(&w->text, (char)(code >> 8));
		buf_addc(&w->text, (char)(code & 0xff));
	}
	if (w->text.data == NULL)
		buf_adds(&w->text, "");
	return w->text.data;
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
	HPDF_Page_SetRGBFill(page, (HPDF_REAL)r, (HPDF_REAL)g, (HPDF_REAL)b);
	w->fill = c;
}

static void
set_stroke(struct writer *w, HPDF_Page page, uint32_t c, double line_pt,
	   unsigned dash)
{
	double r, g, b;

	if (c != w->stroke) {
		rgb(c, &r, &g, &b);
		HPDF_Page_SetRGBStroke(page, (HPDF_REAL)r, (HPDF_REAL)g,
				       (HPDF_REAL)b);
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

static void
draw_item(struct writer *w, HPDF_Page page, const struct item *it,
	  double height)
{
	if (it->kind != ITEM_TEXT && w->in_text) {
		HPDF_Page_EndText(page);
		w->in_text = false;
	}
	switch (it->kind) {
	case ITEM_TEXT:
		if (!w->in_text) {
			HPDF_Page_BeginText(page);
			w->in_text = true;
		}
		if (it->font != w->font || it->size_pt != w->size_pt) {
			HPDF_Page_SetFontAndSize(page, w->pf[it->font].font,
						 (HPDF_REAL)it->size_pt);
			w->font = it->font;
			w->size_pt = it->size_pt;
		}
		set_fill(w, page, it->fill);
		HPDF_Page_TextOut(page, (HPDF_REAL)it->x,
				  (HPDF_REAL)(height - it->y),
				  encode(w, &w->pf[it->font], it->text));
		break;
	case ITEM_LINE:
		set_stroke(w, page, it->stroke, it->line_pt, it->dash);
		HPDF_Page_MoveTo(page, (HPDF_REAL)it->x,
				 (HPDF_REAL)(height - it->y));
		HPDF_Page_LineTo(page, (HPDF_REAL)(it->x + it->w),
				 (HPDF_REAL)(height - it->y - it->h));
		HPDF_Page_Stroke(page);
		break;
	case ITEM_RECT:
		if (it->fill != NO_COLOR)
			set_fill(w, page, it->fill);
		if (it->stroke != NO_COLOR)
			set_stroke(w, page, it->stroke, it->line_pt, 0);
		HPDF_Page_Rectangle(page, (HPDF_REAL)it->x,
				    (HPDF_REAL)(height - it->y - it->h),
				    (HPDF_REAL)it->w, (HPDF_REAL)it->h);
		if (it->fill != NO_COLOR && it->stroke != NO_COLOR)
			HPDF_Page_FillStroke(page);
		else if (it->fill != NO_COLOR)
			HPDF_Page_Fill(page);
		else
			HPDF_Page_Stroke(page);
		break;
	}
}

static void
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
	w->in_text = false;
	for (i = 0; i < p->nitems; i++)
		draw_item(w, page, &p->items[i], p->height_pt);
	if (w->in_text)
		HPDF_Page_EndText(page);
}

/*
 * Sets a text entry of the document information as UTF-16BE with a byte
 * order mark, which is how PDF stores text outside PDFDocEncoding;
 * libharu's own setter would store the UTF-8 bytes as they are.
 */
static void
set_text_info(struct writer *w, HPDF_InfoType type, const char *key,
	      const char *utf8)
{
	const char *p = utf8, *end = utf8 + strlen(utf8);
	struct buf b = {0};

	buf_add(&b, "\xfe\xff", 2);
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
		buf_add(&b, unit, n);
	}
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

	w.fonts = fonts;
	w.pf = xcalloc(nf, sizeof *w.pf);
	w.doc = HPDF_New(on_error, &w);
	if (w.doc == NULL)
		msg_fatal("out of memory");
	HPDF_SetCompressionMode(w.doc, HPDF_COMP_ALL);
	collect(&w, pages);
	for (i = 0; i < nf && ok; i++)
		ok = load_font(&w, (int)i) && w.error == 0;
	if (ok) {
		set_info(&w, meta);
		for (i = 0; i < pages->n; i++)
			draw_page(&w, &pages->v[i]);
		ok = w.error == 0 && save(&w, out);
	}
	if (w.error != 0)
		msg_error(NULL, "libharu error 0x%04X (detail %u)",
			  (unsigned)w.error, (unsigned)w.detail);
	HPDF_Free(w.doc);
	for (i = 0; i < nf; i++)
		free(w.pf[i].cps);
	free(w.pf);
	buf_free(&w.text);
	return ok && w.error == 0;
}
