/*
 * Fonts of the PDF: each font the pages draw with is embedded as a
 * subset holding just the glyphs they use, as a composite font (ISO
 * 32000-1, 9.7): a Type0 font with the Identity-H encoding over a
 * CIDFontType2 whose CIDs are the glyph numbers of the subset
 * (/CIDToGIDMap /Identity), so a character is shown by its glyph's
 * number, two bytes.  A ToUnicode map takes each CID back to its
 * character, so text extracts; /W gives each glyph's width from the font.
 *
 * The subset, compressed, and its maps are kept for the next documents
 * of the run that draw the same characters with the same font: in a
 * batch most packs do, and subsetting and compressing cost more than
 * the rest of the font.
 */
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
#include "pdf_objects.h"
#include "utf8.h"
#include "xalloc.h"

#define REPLACEMENT 0x3013 /* 〓 GETA MARK, Japanese for "glyph missing" */

/*
 * What is drawn is named by a key: a code point the font has a glyph
 * for, or, for a character with a variation selector after it that the
 * font has a variant glyph for (葛󠄀, U+845B U+E0100), a key holding the
 * base character and the selector, which sorts after every code point.
 * The variant is drawn as its own glyph, which the ToUnicode map takes
 * back to the base character.  A selector the font has no variant for
 * is dropped: the base is drawn.  A character the font has no glyph for
 * is drawn as 〓 (layout and data warn of it: fonts_lacks).
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

/* The glyph of key in font f, 0 if none. */
static uint32_t
key_glyph(const struct fonts *fonts, int f, uint32_t key)
{
	return key & VARIANT ? fonts_variant_glyph(fonts, f, key_base(key),
						   key_vs(key))
			     : fonts_glyph(fonts, f, key);
}

/* The key of what is drawn next from *p, which it advances: a code
 * point, a variant, or 〓 for a character the font has no glyph for
 * above U+FFFF (those below are left to keep_drawable, once each). */
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
	if (cp < 0)
		return REPLACEMENT;
	q = *p;
	if (q < end && utf8_is_vs(vs = utf8_next(&q, end))) {
		*p = q;
		if (fonts_has_variant(w->fonts, font, (uint32_t)cp,
				      (uint32_t)vs))
			return variant_key((uint32_t)cp, (uint32_t)vs);
	}
	/* Keeps the set of keys above U+FFFF to the font's few glyphs
	 * there, whatever the text holds. */
	if (cp > 0xffff && fonts_glyph(w->fonts, font, (uint32_t)cp) == 0)
		return REPLACEMENT;
	return (uint32_t)cp;
}

/* A font program and its maps, made for one set of code points. */
struct embedded {
	char *file;         /* the font file */
	uint32_t *cps;      /* the keys drawn, sorted */
	size_t n;
	uint16_t *codes;    /* CID of each key */
	size_t ncids;       /* CIDs 0 .. ncids - 1 */
	int *widths;        /* width of each CID, thousandths of the em;
			     * -1 for a CID no character is drawn with */
	uint16_t *cid_gid;  /* glyph of each CID when some share one, or
			     * NULL: CID is glyph */
	struct buf program; /* the subset, compressed */
	size_t program_len; /* its bytes before compression */
	struct buf tounicode; /* the ToUnicode CMap, compressed */
	struct buf cidmap;  /* the CIDToGIDMap stream, compressed, if any */
	struct font_info info;
	char tag[7];        /* the subset's six letters */
	unsigned long used; /* the document that last used it */
};

#define CACHED 8
static struct embedded *cache[CACHED];
static unsigned long documents; /* documents made, for cache[i]->used */

static int
cmp_cp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Leaves in pf the keys font f has a glyph for, and 〓 in place of those
 * it has none for. */
static void
keep_drawable(const struct writer *w, int f, struct pdffont *pf)
{
	size_t i, k = 0;
	bool missing = false, repl = false;

	for (i = 0; i < pf->n; i++) {
		if (key_glyph(w->fonts, f, pf->cps[i]) == 0) {
			missing = true;
			continue;
		}
		repl = repl || pf->cps[i] == REPLACEMENT;
		pf->cps[k++] = pf->cps[i];
	}
	if (missing && !repl && fonts_glyph(w->fonts, f, REPLACEMENT) != 0) {
		pf->cps[k++] = REPLACEMENT;
		qsort(pf->cps, k, sizeof *pf->cps, cmp_cp);
	}
	pf->n = k;
}

/* Adds key, above U+FFFF (a character of the supplementary planes or a
 * variant), to the sorted set v of *n.  Such keys are rare, and never
 * more than the font has glyphs for there (next_key): 308 in IPAex. */
static void
add_rare(uint32_t **v, size_t *n, uint32_t key)
{
	size_t i;

	for (i = 0; i < *n && (*v)[i] < key; i++)
		continue;
	if (i < *n && (*v)[i] == key)
		return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	memmove(*v + i + 1, *v + i, (*n - i) * sizeof **v);
	(*v)[i] = key;
	(*n)++;
}

void
pdf_font_collect(struct writer *w, const struct pages *pages)
{
	enum { WORDS = 0x10000 / 64 };
	size_t nf = fonts_count(w->fonts), i, k, f;
	uint64_t *seen = xcalloc(nf * WORDS, sizeof *seen);
	uint32_t **rare = xcalloc(nf, sizeof *rare);
	size_t *nrare = xcalloc(nf, sizeof *nrare);

	documents++;
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
				if (key > 0xffff)
					add_rare(&rare[it->font],
						 &nrare[it->font], key);
				else
					bits[key >> 6] |= (uint64_t)1
							  << (key & 63);
		}
	for (f = 0; f < nf; f++) {
		struct pdffont *pf = &w->pf[f];
		uint64_t *bits = seen + f * WORDS;
		size_t n = nrare[f];

		for (i = 0; i < WORDS; i++)
			n += (size_t)__builtin_popcountll(bits[i]);
		pf->cps = xreallocarray(NULL, n + 1, sizeof *pf->cps);
		for (i = 0; i < WORDS; i++) {
			uint64_t word = bits[i];

			while (word != 0) {
				pf->cps[pf->n++] = (uint32_t)(
					i * 64 + (size_t)__builtin_ctzll(word));
				word &= word - 1;
			}
		}
		/* After the BMP's, as keys sort. */
		for (i = 0; i < nrare[f]; i++)
			pf->cps[pf->n++] = rare[f][i];
		free(rare[f]);
		keep_drawable(w, (int)f, pf);
	}
	free(rare);
	free(nrare);
	free(seen);
}

/* --- the font program and its maps ------------------------------------- */

/* Six capital letters for the subset's name (ISO 32000-1, 9.6.4), from
 * its code points: the same characters, the same name. */
static void
subset_tag(const struct embedded *e, char tag[7])
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < e->n; i++)
		h = (h ^ e->cps[i]) * 1099511628211ULL;
	for (i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '\0';
}

/* The lines of one kind of a ToUnicode CMap, in blocks of at most 100
 * (the CMap format's limit: Adobe Technical Note #5014). */
struct cmap_block {
	const char *op;  /* "bfchar" or "bfrange" */
	struct buf lines;
	size_t n;
};

static void
flush_block(struct cmap_block *b, struct buf *out)
{
	if (b->n == 0)
		return;
	buf_printf(out, "%zu begin%s\n%send%s\n", b->n, b->op, b->lines.data,
		   b->op);
	buf_clear(&b->lines);
	b->n = 0;
}

/* Appends cp to b in UTF-16BE as a CMap's hexadecimal string holds it:
 * a surrogate pair above U+FFFF (ISO 32000-1, 9.10.3). */
static void
utf16_hex(struct buf *b, uint32_t cp)
{
	if (cp > 0xffff)
		buf_printf(b, "<%04X%04X>", 0xd800 | (cp - 0x10000) >> 10,
			   0xdc00 | (cp & 0x3ff));
	else
		buf_printf(b, "<%04X>", cp);
}

/*
 * The ToUnicode CMap (ISO 32000-1, 9.10.3) of e: each CID to its
 * character, runs of consecutive CIDs and BMP characters as one bfrange,
 * a CID alone as a bfchar (two numbers where a range takes three).  A
 * range's character may only grow in its last byte (9.10.3: that byte
 * plus the range's length stays at most 255).
 */
static void
write_tounicode(const struct embedded *e, struct buf *out)
{
	uint32_t *cp_of = xcalloc(e->ncids, sizeof *cp_of);
	struct cmap_block chars = {"bfchar", {0}, 0};
	struct cmap_block ranges = {"bfrange", {0}, 0};
	size_t i, k;

	for (i = 0; i < e->n; i++)
		cp_of[e->codes[i]] = key_base(e->cps[i]);
	buf_adds(out, "/CIDInit /ProcSet findresource begin\n"
		      "12 dict begin\nbegincmap\n"
		      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
		      "/Supplement 0 >> def\n"
		      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		      "1 begincodespacerange\n<0000> <FFFF>\n"
		      "endcodespacerange\n");
	for (i = 1; i < e->ncids; i = k) {
		struct cmap_block *b;

		/* A range keeps the first byte of its codes and of its
		 * character's last: neither may pass a multiple of 256. */
		for (k = i + 1; k < e->ncids && cp_of[k] == cp_of[k - 1] + 1 &&
				cp_of[k] <= 0xffff && (k & 0xff) != 0 &&
				(cp_of[k] & 0xff) != 0;
		     k++)
			continue;
		if (cp_of[i] == 0)
			continue;
		b = k - i == 1 ? &chars : &ranges;
		if (b == &chars)
			buf_printf(&b->lines, "<%04zX> ", i);
		else
			buf_printf(&b->lines, "<%04zX> <%04zX> ", i, k - 1);
		utf16_hex(&b->lines, cp_of[i]);
		buf_addc(&b->lines, '\n');
		if (++b->n == 100)
			flush_block(b, out);
	}
	flush_block(&chars, out);
	flush_block(&ranges, out);
	buf_adds(out, "endcmap\nCMapName currentdict /CMap defineresource "
		      "pop\nend\nend\n");
	buf_free(&chars.lines);
	buf_free(&ranges.lines);
	free(cp_of);
}

/*
 * Gives each code point of e its CID: the number of its glyph in the
 * subset, or, for a second character of a glyph, a CID past the glyphs
 * with a CIDToGIDMap.  Returns false after reporting an error.
 */
static bool
make_program(struct embedded *e, const struct fonts *fonts, int f)
{
	uint32_t *gid = xcalloc(e->n + 1, sizeof *gid);
	uint32_t *sorted = xcalloc(e->n + 1, sizeof *sorted);
	uint32_t *fresh = xcalloc(e->n + 1, sizeof *fresh);
	uint32_t *variants = xcalloc(e->n + 1, sizeof *variants);
	struct subset_glyphs want = {e->cps, 0, variants, 0};
	struct buf raw = {0};
	size_t i, k = 0, extra = 0, nglyphs;
	bool ok;

	for (i = 0; i < e->n; i++) {
		sorted[i] = gid[i] = key_glyph(fonts, f, e->cps[i]);
		/* Code points first, then variants (keys sort so). */
		if (e->cps[i] & VARIANT)
			variants[want.ngids++] = gid[i];
		else
			want.ncps++;
	}
	qsort(sorted, e->n, sizeof *sorted, cmp_cp);
	for (i = 0; i < e->n; i++)
		if (k == 0 || sorted[k - 1] != sorted[i])
			sorted[k++] = sorted[i];
	qsort(variants, want.ngids, sizeof *variants, cmp_cp);
	nglyphs = fonts_subset(fonts, f, &want, sorted, k, &raw, fresh);
	ok = nglyphs > k;
	if (ok) {
		e->codes = xcalloc(e->n + 1, sizeof *e->codes);
		e->cid_gid = xcalloc(nglyphs + e->n, sizeof *e->cid_gid);
		for (i = 0; i < nglyphs + e->n; i++)
			e->cid_gid[i] = (uint16_t)i;
		for (i = 0; i < e->n; i++) {
			uint32_t *at = bsearch(&gid[i], sorted, k,
					       sizeof *sorted, cmp_cp);
			uint32_t g = fresh[at - sorted];
			size_t j;

			/* A glyph's first character gets the glyph's CID. */
			for (j = 0; j < i && gid[j] != gid[i]; j++)
				continue;
			e->codes[i] = (uint16_t)(j < i ? nglyphs + extra : g);
			if (j < i)
				e->cid_gid[nglyphs + extra++] = (uint16_t)g;
		}
		e->ncids = nglyphs + extra;
		e->widths = xreallocarray(NULL, e->ncids, sizeof *e->widths);
		for (i = 0; i < e->ncids; i++)
			e->widths[i] = -1; /* no character drawn with it */
		for (i = 0; i < e->n; i++)
			e->widths[e->codes[i]] =
				fonts_glyph_width(fonts, f, gid[i]);
		e->program_len = raw.len;
		pdf_deflate(raw.data, raw.len, &e->program);
		if (extra > 0) {
			struct buf map = {0};

			for (i = 0; i < e->ncids; i++) {
				buf_addc(&map, (char)(e->cid_gid[i] >> 8));
				buf_addc(&map, (char)(e->cid_gid[i] & 0xff));
			}
			pdf_deflate(map.data, map.len, &e->cidmap);
			buf_free(&map);
		}
		free(e->cid_gid);
		e->cid_gid = NULL;
	}
	buf_free(&raw);
	free(gid);
	free(sorted);
	free(fresh);
	free(variants);
	return ok;
}

static void
embedded_free(struct embedded *e)
{
	if (e == NULL)
		return;
	free(e->file);
	free(e->cps);
	free(e->codes);
	free(e->widths);
	buf_free(&e->program);
	buf_free(&e->tounicode);
	buf_free(&e->cidmap);
	free(e);
}

/* The font program of font f for the code points of pf, from the cache
 * or made now; NULL after reporting an error. */
static struct embedded *
embedded(const struct writer *w, int f, const struct pdffont *pf)
{
	const char *file = fonts_file(w->fonts, f);
	struct embedded *e;
	struct buf cmap = {0};
	size_t i, slot = CACHED;

	for (i = 0; i < CACHED; i++) {
		e = cache[i];
		if (e != NULL && e->n == pf->n && strcmp(e->file, file) == 0 &&
		    memcmp(e->cps, pf->cps, pf->n * sizeof *pf->cps) == 0) {
			e->used = documents;
			return e;
		}
		/* The least recently used slot not used by this document. */
		if (e == NULL || e->used != documents)
			if (slot == CACHED || cache[slot] == NULL ||
			    (e != NULL && e->used < cache[slot]->used))
				slot = i;
	}
	e = xcalloc(1, sizeof *e);
	e->file = xstrdup(file);
	e->n = pf->n;
	e->cps = xreallocarray(NULL, pf->n + 1, sizeof *e->cps);
	memcpy(e->cps, pf->cps, pf->n * sizeof *pf->cps);
	e->used = documents;
	if (!make_program(e, w->fonts, f)) {
		embedded_free(e);
		return NULL;
	}
	fonts_info(w->fonts, f, &e->info);
	subset_tag(e, e->tag);
	write_tounicode(e, &cmap);
	pdf_deflate(cmap.data, cmap.len, &e->tounicode);
	buf_free(&cmap);
	if (slot == CACHED) /* every slot is this document's */
		msg_fatal("more than %d fonts in one document", CACHED);
	embedded_free(cache[slot]);
	cache[slot] = e;
	return e;
}

/* /W (ISO 32000-1, 9.7.4.3): the widths other than /DW 1000, a run of
 * RUN or more CIDs of one width as "first last width", the others of
 * consecutive CIDs as "first [widths]".  CIDs no character is drawn with
 * (parts of composite glyphs) are left to /DW. */
#define RUN 4
static struct pdfobj *
widths(struct pdfdoc *d, const struct embedded *e)
{
	struct pdfobj *w = pdfobj_array(d), *run = NULL;
	size_t cid, k;

	for (cid = 1; cid < e->ncids; cid = k) {
		int width = e->widths[cid];

		for (k = cid + 1; k < e->ncids && e->widths[k] == width; k++)
			continue;
		if (width == 1000 || width < 0) {
			run = NULL;
			continue;
		}
		if (k - cid >= RUN) {
			pdfobj_push(w, pdfobj_int(d, (long)cid));
			pdfobj_push(w, pdfobj_int(d, (long)(k - 1)));
			pdfobj_push(w, pdfobj_int(d, width));
			run = NULL;
			continue;
		}
		if (run == NULL) {
			pdfobj_push(w, pdfobj_int(d, (long)cid));
			run = pdfobj_array(d);
			pdfobj_push(w, run);
		}
		for (; cid < k; cid++)
			pdfobj_push(run, pdfobj_int(d, width));
	}
	return w;
}

static struct pdfobj *
descriptor(struct pdfdoc *d, const struct embedded *e, const char *name)
{
	struct pdfobj *fd = pdfobj_dict(d, true), *bbox = pdfobj_array(d);
	struct pdfobj *file = pdfobj_stream(d, e->program.data, e->program.len,
					    true);
	size_t i;

	pdfobj_put(file, "Length1", pdfobj_int(d, (long)e->program_len));
	pdfobj_put(fd, "Type", pdfobj_name(d, "FontDescriptor"));
	pdfobj_put(fd, "FontName", pdfobj_name(d, name));
	/* Symbolic: glyphs outside the standard Latin set. */
	pdfobj_put(fd, "Flags", pdfobj_int(d, 4));
	for (i = 0; i < 4; i++)
		pdfobj_push(bbox, pdfobj_int(d, e->info.bbox[i]));
	pdfobj_put(fd, "FontBBox", bbox);
	pdfobj_put(fd, "ItalicAngle", pdfobj_int(d, e->info.italic_angle));
	pdfobj_put(fd, "Ascent", pdfobj_int(d, e->info.ascent));
	pdfobj_put(fd, "Descent", pdfobj_int(d, e->info.descent));
	pdfobj_put(fd, "CapHeight", pdfobj_int(d, e->info.cap_height));
	/* Not in a TrueType font; 0 is what readers take for unknown. */
	pdfobj_put(fd, "StemV", pdfobj_int(d, 0));
	pdfobj_put(fd, "FontFile2", file);
	return fd;
}

bool
pdf_font_load(struct writer *w, int f)
{
	struct pdffont *pf = &w->pf[f];
	struct pdfdoc *d = w->doc;
	const struct embedded *e;
	struct pdfobj *cid, *info, *kids;
	char name[80], res[16];

	if (pf->n == 0)
		return true;
	if ((e = embedded(w, f, pf)) == NULL)
		return false;
	pf->codes = e->codes;
	snprintf(name, sizeof name, "%s+%s", e->tag, e->info.name);
	cid = pdfobj_dict(d, true);
	pdfobj_put(cid, "Type", pdfobj_name(d, "Font"));
	pdfobj_put(cid, "Subtype", pdfobj_name(d, "CIDFontType2"));
	pdfobj_put(cid, "BaseFont", pdfobj_name(d, name));
	info = pdfobj_dict(d, false);
	pdfobj_put(info, "Registry", pdfobj_string(d, "Adobe"));
	pdfobj_put(info, "Ordering", pdfobj_string(d, "Identity"));
	pdfobj_put(info, "Supplement", pdfobj_int(d, 0));
	pdfobj_put(cid, "CIDSystemInfo", info);
	pdfobj_put(cid, "FontDescriptor", descriptor(d, e, name));
	pdfobj_put(cid, "W", widths(d, e));
	if (e->cidmap.len > 0)
		pdfobj_put(cid, "CIDToGIDMap",
			   pdfobj_stream(d, e->cidmap.data, e->cidmap.len,
					 true));
	else
		pdfobj_put(cid, "CIDToGIDMap", pdfobj_name(d, "Identity"));
	pf->font = pdfobj_dict(d, true);
	pdfobj_put(pf->font, "Type", pdfobj_name(d, "Font"));
	pdfobj_put(pf->font, "Subtype", pdfobj_name(d, "Type0"));
	pdfobj_put(pf->font, "BaseFont", pdfobj_name(d, name));
	pdfobj_put(pf->font, "Encoding", pdfobj_name(d, "Identity-H"));
	kids = pdfobj_array(d);
	pdfobj_push(kids, cid);
	pdfobj_put(pf->font, "DescendantFonts", kids);
	pdfobj_put(pf->font, "ToUnicode",
		   pdfobj_stream(d, e->tounicode.data, e->tounicode.len,
				 true));
	snprintf(res, sizeof res, "F%d", f);
	pdfobj_put(w->fontres, res, pf->font);
	return true;
}

/* Appends byte c of a literal string to o, escaped as ISO 32000-1,
 * 7.3.4.2 asks: the delimiters and the backslash take a backslash, and a
 * carriage return is written \r, as a reader would take a bare one for
 * the end of a line and read it as a line feed.  Returns the next place
 * in o. */
static char *
put_literal_byte(char *o, unsigned c)
{
	if (c == '(' || c == ')' || c == '\\')
		*o++ = '\\';
	else if (c == '\r') {
		*o++ = '\\';
		c = 'r';
	}
	*o++ = (char)c;
	return o;
}

void
pdf_font_show(const struct writer *w, int f, const char *s, struct buf *out)
{
	const struct pdffont *pf = &w->pf[f];
	const uint32_t repl = REPLACEMENT;
	const uint32_t *none =
		bsearch(&repl, pf->cps, pf->n, sizeof repl, cmp_cp);
	const char *p = s, *end = s + strlen(s);
	/* Each key comes from one byte of s or more; its two bytes take
	 * four at most, escaped. */
	char *o = buf_space(out, 2 + 4 * (size_t)(end - s)), *start = o;
	uint32_t key;

	*o++ = '(';
	while ((key = next_key(w, f, &p, end)) != NOTHING) {
		const uint32_t *at =
			bsearch(&key, pf->cps, pf->n, sizeof key, cmp_cp);
		unsigned code;

		if (at == NULL && (at = none) == NULL)
			continue; /* not even 〓 in this font */
		code = pf->codes[at - pf->cps];
		o = put_literal_byte(o, code >> 8);
		o = put_literal_byte(o, code & 0xff);
	}
	*o++ = ')';
	out->len += (size_t)(o - start);
	out->data[out->len] = '\0';
}
