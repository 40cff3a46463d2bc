#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "draw.h"
#include "fonts.h"
#include "msg.h"
#include "paginate.h"
#include "pdf.h"
#include "pdf_int.h"
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

/*
 * A character with a variation selector after it that the font has a
 * variant glyph for (葛󠄀, U+845B U+E0100) is drawn as that glyph: it has a
 * code of its own, whose key in pdffont.cps sorts after every code point
 * and holds the base character and the selector.  The CIDToGIDMap sends
 * the code to the variant glyph, the ToUnicode map to the base character.
 * A selector the font has no variant for is dropped: the base is drawn.
 */
#define VARIANT 0x80000000u
#define NOTHING 0xffffffffu /* the text ends in selectors only */

static uint32_t
variant_key(uint32_t base, uint32_t vs)
{
	return VARIANT | base << 8 |
	       (vs >= 0xe0100 ? vs - 0xe0100 + 16 : vs - 0xfe00);
}

static uint32_t
key_base(uint32_t key)
{
	return key & VARIANT ? (key & ~VARIANT) >> 8 : key;
}

static uint32_t
key_vs(uint32_t key)
{
	uint32_t k = key & 0xff;

	return k < 16 ? 0xfe00 + k : 0xe0100 + k - 16;
}

/* The key of what is drawn next from *p, which it advances: a BMP code
 * point, a variant, or 〓 for what the fonts cannot show. */
static uint32_t
next_key(const struct writer *w, int font, const char **p, const char *end)
{
	int32_t cp, vs;
	const char *q;

	do {
		if (*p >= end)
			return NOTHING;
		cp = utf8_next(p, end);
	} while (utf8_is_vs(cp));
	q = *p;
	if (q < end && utf8_is_vs(vs = utf8_next(&q, end))) {
		*p = q;
		if (cp >= 0 && cp <= 0xffff &&
		    fonts_has_variant(w->fonts, font, (uint32_t)cp,
				      (uint32_t)vs))
			return variant_key((uint32_t)cp, (uint32_t)vs);
	}
	return cp < 0 || cp > 0xffff ? REPLACEMENT : (uint32_t)cp;
}

static int
cmp_cp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Adds the variant key to the sorted set v of *n (at most a few: names
 * that ask for a variant are rare). */
static void
add_variant(uint32_t **v, size_t *n, uint32_t key)
{
	size_t i;

	for (i = 0; i < *n && (*v)[i] < key; i++)
		;
	if (i < *n && (*v)[i] == key)
		return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	memmove(*v + i + 1, *v + i, (*n - i) * sizeof **v);
	(*v)[i] = key;
	(*n)++;
}

/* Collects the sorted keys each font draws. */
void
pdf_font_collect(struct writer *w, const struct pages *pages)
{
	enum { WORDS = 0x10000 / 64 };
	size_t nf = fonts_count(w->fonts), i, k, f;
	uint64_t *seen = xcalloc(nf * WORDS, sizeof *seen);
	uint32_t **variants = xcalloc(nf, sizeof *variants);
	size_t *nvariants = xcalloc(nf, sizeof *nvariants);

	for (i = 0; i < pages->n; i++)
		for (k = 0; k < pages->v[i].nitems; k++) {
			const struct item *it = &pages->v[i].items[k];
			uint64_t *bits = seen + (size_t)it->font * WORDS;
			const char *p, *end;
			uint32_t key;

			if (it->kind != ITEM_TEXT)
				continue;
			p = it->text;
			end = p + strlen(p);
			while ((key = next_key(w, it->font, &p, end)) != NOTHING)
				if (key & VARIANT)
					add_variant(&variants[it->font],
						    &nvariants[it->font], key);
				else
					bits[key >> 6] |= (uint64_t)1
							  << (key & 63);
		}
	for (f = 0; f < nf; f++) {
		struct pdffont *pf = &w->pf[f];
		const uint64_t *bits = seen + f * WORDS;
		size_t n = nvariants[f];

		for (i = 0; i < WORDS; i++)
			n += (size_t)__builtin_popcountll(bits[i]);
		pf->cps = xreallocarray(NULL, n ? n : 1, sizeof *pf->cps);
		for (i = 0; i < WORDS; i++) {
			uint64_t word = bits[i];

			while (word != 0) {
				pf->cps[pf->n++] =
					(uint32_t)(i * 64 + (size_t)__builtin_ctzll(word));
				word &= word - 1;
			}
		}
		for (i = 0; i < nvariants[f]; i++)
			pf->cps[pf->n++] = variants[f][i];
		free(variants[f]);
	}
	free(variants);
	free(nvariants);
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
		map[i].unicode =
			(HPDF_UNICODE)key_base(pf->cps[i < pf->n ? i : 0]);
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
				 code_of(k), (unsigned)key_base(pf->cps[k]));
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
/*
 * Loads a TrueType font held in memory: what HPDF_LoadTTFontFromFile does
 * after opening its file (libharu has no public call for memory), tag
 * included, so the font is embedded as "HPDFAA+Name".  Returns the base
 * font name, or NULL.
 */
static const char *
load_ttf(struct writer *w, const struct buf *font)
{
	HPDF_Doc doc = w->doc;
	HPDF_Stream s = HPDF_MemStream_New(doc->mmgr, (HPDF_UINT)font->len);
	HPDF_FontDef def;
	int i;

	if (s == NULL || HPDF_Stream_Write(s, (const HPDF_BYTE *)font->data,
					   (HPDF_UINT)font->len) != HPDF_OK) {
		HPDF_Stream_Free(s);
		return NULL;
	}
	if ((def = HPDF_TTFontDef_Load(doc->mmgr, s, HPDF_TRUE)) == NULL)
		return NULL;
	if (HPDF_Doc_FindFontDef(doc, def->base_font) != NULL ||
	    HPDF_List_Add(doc->fontdef_list, def) != HPDF_OK) {
		HPDF_FontDef_Free(def);
		return NULL;
	}
	if (doc->ttfont_tag[0] == 0) {
		memcpy(doc->ttfont_tag, "HPDFAA", 6);
	} else {
		for (i = 5; i >= 0; i--) {
			if (++doc->ttfont_tag[i] <= 'Z')
				break;
			doc->ttfont_tag[i] = 'A';
		}
	}
	HPDF_TTFontDef_SetTagName(def, (char *)doc->ttfont_tag);
	return def->base_font;
}

/*
 * The embedded font program is, for most packs of a batch, the same
 * subset, and compressing its 40 KB is a third of the time a pack takes:
 * the last few are kept compressed, and libharu copies them.
 */
#define FONT_FILES 4

static struct fontfile {
	struct buf raw; /* what libharu writes as FontFile2 */
	struct buf z;   /* the same, compressed */
} fontfiles[FONT_FILES];
static size_t next_fontfile;
static HPDF_Dict_BeforeWriteFunc font_before_write; /* libharu's own */

static const struct buf *
compressed_font(const struct buf *raw)
{
	struct fontfile *ff;
	size_t i;

	for (i = 0; i < FONT_FILES; i++)
		if (fontfiles[i].raw.len == raw->len &&
		    memcmp(fontfiles[i].raw.data, raw->data, raw->len) == 0)
			return &fontfiles[i].z;
	ff = &fontfiles[next_fontfile++ % FONT_FILES];
	buf_clear(&ff->raw);
	buf_clear(&ff->z);
	buf_add(&ff->raw, raw->data, raw->len);
	pdf_deflate(raw->data, raw->len, &ff->z);
	return &ff->z;
}

/* libharu makes the FontFile2 stream as it starts writing the font: then
 * its data is replaced with the compressed font program. */
static HPDF_STATUS
before_write_font(HPDF_Dict d)
{
	HPDF_FontAttr fa = d->attr;
	HPDF_STATUS st = font_before_write(d);
	struct buf raw = {0};
	const struct buf *z;
	HPDF_UINT len;
	HPDF_Dict ff;

	if (st != HPDF_OK || fa->fontdef->descriptor == NULL)
		return st;
	ff = HPDF_Dict_GetItem(fa->fontdef->descriptor, "FontFile2",
			       HPDF_OCLASS_DICT);
	if (ff == NULL || ff->write_fn == pdf_flate_filter ||
	    ff->filter != HPDF_STREAM_FILTER_FLATE_DECODE)
		return HPDF_OK;
	len = HPDF_Stream_Size(ff->stream);
	raw.data = buf_space(&raw, len);
	if (HPDF_Stream_Seek(ff->stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
	    HPDF_Stream_Read(ff->stream, (HPDF_BYTE *)raw.data, &len) !=
		    HPDF_OK) {
		buf_free(&raw);
		return HPDF_OK; /* left for libharu to compress */
	}
	raw.len = len;
	z = compressed_font(&raw);
	buf_free(&raw);
	HPDF_MemStream_FreeData(ff->stream);
	HPDF_Stream_Write(ff->stream, (const HPDF_BYTE *)z->data,
			  (HPDF_UINT)z->len);
	ff->filter = HPDF_STREAM_FILTER_NONE;
	ff->write_fn = pdf_flate_filter;
	return HPDF_OK;
}

/*
 * libharu empties, when it writes a font, every glyph that no text it
 * measured used.  Text is shown without it measuring: the glyphs of the
 * document's code points are marked here instead.  (The subset also has
 * a few glyphs no code point reaches; they stay empty.)
 */
static void
keep_glyph(const struct pdffont *pf, unsigned gid)
{
	HPDF_FontAttr fa = pf->font->attr;
	HPDF_TTFontDefAttr ta = fa->fontdef->attr;

	if (gid < ta->num_glyphs)
		ta->glyph_tbl.flgs[gid] = 1;
}

static void
keep_glyphs(const struct pdffont *pf)
{
	HPDF_FontAttr fa = pf->font->attr;
	size_t i;

	for (i = 0; i < pf->n; i++)
		keep_glyph(pf, HPDF_TTFontDef_GetGlyphid(
				       fa->fontdef,
				       (HPDF_UINT16)key_base(pf->cps[i])));
}

/*
 * libharu maps every code to the glyph of its base character: the codes
 * of variants are sent to the variant glyphs of the subset ttf instead,
 * in the CIDToGIDMap (two bytes per CID from 0), and their glyphs kept.
 */
static void
map_variants(const struct pdffont *pf, const struct buf *ttf)
{
	HPDF_FontAttr fa = pf->font->attr;
	HPDF_Stream s = fa->map_stream->stream;
	struct buf map = {0};
	HPDF_UINT len = HPDF_Stream_Size(s);
	size_t i, cid;
	unsigned gid;

	if (pf->n == 0 || !(pf->cps[pf->n - 1] & VARIANT))
		return;
	map.data = buf_space(&map, len);
	if (HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK ||
	    HPDF_Stream_Read(s, (HPDF_BYTE *)map.data, &len) != HPDF_OK) {
		buf_free(&map);
		return; /* the base characters are drawn */
	}
	for (i = 0; i < pf->n; i++) {
		if (!(pf->cps[i] & VARIANT))
			continue;
		cid = code_of(i);
		gid = fonts_ttf_variant(ttf->data, ttf->len,
					key_base(pf->cps[i]),
					key_vs(pf->cps[i]));
		if (gid == 0 || 2 * cid + 1 >= len)
			continue;
		map.data[2 * cid] = (char)(gid >> 8);
		map.data[2 * cid + 1] = (char)(gid & 0xff);
		keep_glyph(pf, gid);
	}
	HPDF_MemStream_FreeData(s);
	HPDF_Stream_Write(s, (const HPDF_BYTE *)map.data, len);
	buf_free(&map);
}

/* The code points a subset for pf needs: those drawn, and the base and
 * the selector of each variant; sorted, each once.  Sets *n. */
static uint32_t *
subset_cps(const struct pdffont *pf, size_t *n)
{
	uint32_t *v = xreallocarray(NULL, 2 * pf->n + 1, sizeof *v);
	size_t i, k = 0;

	for (i = 0; i < pf->n && !(pf->cps[i] & VARIANT); i++)
		v[k++] = pf->cps[i];
	for (; i < pf->n; i++) {
		add_variant(&v, &k, key_base(pf->cps[i]));
		add_variant(&v, &k, key_vs(pf->cps[i]));
	}
	*n = k;
	return v;
}

bool
pdf_font_load(struct writer *w, int f)
{
	struct pdffont *pf = &w->pf[f];
	struct buf sub = {0};
	const char *name;
	uint32_t *cps;
	size_t n;
	bool ok;

	if (pf->n == 0)
		return true;
	cps = subset_cps(pf, &n);
	ok = fonts_subset(w->fonts, f, cps, n, &sub);
	free(cps);
	if (!ok)
		return false;
	name = load_ttf(w, &sub);
	if (name != NULL && register_encoder(w, pf, f))
		pf->font = HPDF_GetFont(w->doc, name, pf->encoder);
	if (pf->font == NULL) {
		buf_free(&sub);
		return false;
	}
	fix_font_dicts(pf);
	keep_glyphs(pf);
	map_variants(pf, &sub);
	buf_free(&sub);
	if (pf->font->before_write_fn != before_write_font) {
		font_before_write = pf->font->before_write_fn;
		pf->font->before_write_fn = before_write_font;
	}
	return true;
}

/* Encodes UTF-8 text as the font's two-byte codes into w->text. */
const char *
pdf_font_encode(struct writer *w, const struct pdffont *pf, const char *s)
{
	const char *p = s, *end = s + strlen(s);

	buf_clear(&w->text);
	while (p < end) {
		uint32_t key = next_key(w, (int)(pf - w->pf), &p, end);
		const uint32_t *at;
		uint16_t code;

		if (key == NOTHING)
			break;
		at = bsearch(&key, pf->cps, pf->n, sizeof key, cmp_cp);
		code = code_of((size_t)(at - pf->cps));

		buf_addc(&w->text, (char)(code >> 8));
		buf_addc(&w->text, (char)(code & 0xff));
	}
	if (w->text.data == NULL)
		buf_adds(&w->text, "");
	return w->text.data;
}

