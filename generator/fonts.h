/*
 * Fonts, named in a small configuration file (fonts/fonts.conf: "name
 * file" per line).  Gives layout the advance widths from the full font,
 * and the PDF writer a subset of each font holding just the code points a
 * document uses (HarfBuzz hb-subset).  The only user of HarfBuzz.  Used by
 * main, batch, compose, paginate and pdf.
 */
#ifndef BRIEFGEN_FONTS_H
#define BRIEFGEN_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct fonts;

/* Reads the configuration at path and opens every font in it.  Returns
 * NULL after reporting errors (file:line).  Free with fonts_free. */
struct fonts *fonts_load(const char *path);
/* As fonts_load, opening no font: only fonts_count, fonts_name,
 * fonts_file and fonts_free may be given the result. */
struct fonts *fonts_read_conf(const char *path);
void fonts_free(struct fonts *f);

/* Index of the font with the given name, or -1. */
int fonts_find(const struct fonts *f, const char *name);
size_t fonts_count(const struct fonts *f);
const char *fonts_name(const struct fonts *f, int font);
/* The font file's path as the configuration gives it. */
const char *fonts_file(const struct fonts *f, int font);
/* The file read for the font: fonts_file, or, when reading is confined
 * to a PDF's sources, where fonts_locate found it. */
const char *fonts_source(const struct fonts *f, int font);

/*
 * A font file of this machine for the file a PDF's fonts configuration
 * or manifest names: that path if it lies in one of the font directories
 * (/usr/share/fonts, /usr/local/share/fonts, $XDG_DATA_HOME/fonts or
 * ~/.local/share/fonts, ~/.fonts) and is a regular file, else the first
 * regular file of the same name in them, in name order.  Never a path a
 * PDF dictates outside them.  NULL when there is none; the caller frees
 * the result.
 */
char *fonts_locate(const char *file);

/* Advance width of cp in points at size_pt; .notdef's when missing, 0
 * for a variation selector (a variant has its base's width). */
double fonts_advance(const struct fonts *f, int font, uint32_t cp,
		     double size_pt);
/* Width of the UTF-8 text s[0..len) in points at size_pt. */
double fonts_width(const struct fonts *f, int font, const char *s,
		   size_t len, double size_pt);
/* Does the font have a glyph for cp? */
bool fonts_has(const struct fonts *f, int font, uint32_t cp);
/* Does the font have a variant glyph for cp followed by the variation
 * selector vs (its cmap subtable of format 14)? */
bool fonts_has_variant(const struct fonts *f, int font, uint32_t cp,
		       uint32_t vs);
/* Ascent and descent (positive, below the baseline) per point of size. */
double fonts_ascent(const struct fonts *f, int font);
double fonts_descent(const struct fonts *f, int font);

/* The version of the library that subsets fonts, as "harfbuzz 6.0.0";
 * static. */
const char *fonts_version(void);

/* The glyph of cp in the font, 0 (.notdef) when it has none. */
uint32_t fonts_glyph(const struct fonts *f, int font, uint32_t cp);
/*
 * The first character of the UTF-8 text s that the font has no glyph for,
 * which the PDF writer draws as 〓: its byte offset in s, with *cp set to
 * it; -1 when there is none.  Line breaks and variation selectors are not
 * drawn, so never count; nor does what is not UTF-8.
 */
long fonts_lacks(const struct fonts *f, int font, const char *s,
		 uint32_t *cp);
/* The glyph of cp followed by the variation selector vs, 0 when the font
 * has no such variant. */
uint32_t fonts_variant_glyph(const struct fonts *f, int font, uint32_t cp,
			     uint32_t vs);
/* Advance width of glyph gid in thousandths of the em, rounded. */
int fonts_glyph_width(const struct fonts *f, int font, uint32_t gid);

/* What a PDF font descriptor says of a font (ISO 32000-1, 9.8.1), in
 * thousandths of the em. */
struct font_info {
	char name[64];       /* PostScript name, letters, digits and "-_." */
	int bbox[4];         /* xMin yMin xMax yMax of all glyphs ('head') */
	int ascent, descent; /* descent negative */
	int cap_height;
	int italic_angle;    /* degrees, counterclockwise from vertical */
};
void fonts_info(const struct fonts *f, int font, struct font_info *out);

/* The glyphs of a subset: the nominal glyphs of the ncps code points cps
 * and the ngids glyphs gids (variants), sorted and distinct each. */
struct subset_glyphs {
	const uint32_t *cps;
	size_t ncps;
	const uint32_t *gids;
	size_t ngids;
};

/*
 * Writes to out a TrueType subset of the font holding the glyphs of g and
 * .notdef, and no other glyph but the parts of composite ones, with the
 * tables a PDF's CIDFontType2 program needs (ISO 32000-1, 9.9: no
 * 'cmap', 'name', 'post', layout or hinting tables).  Sets new_gid[k] to
 * the number in the subset of the glyph old[k], for the n glyphs of old,
 * which are those of g.  Returns the number of glyphs of the subset, or
 * 0 after reporting an error.
 */
size_t fonts_subset(const struct fonts *f, int font,
		    const struct subset_glyphs *g, const uint32_t *old,
		    size_t n, struct buf *out, uint32_t *new_gid);

#endif
