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

/* Writes a TrueType subset of the font holding the n code points cps
 * (plus .notdef) to out.  With a variation selector among cps the subset
 * keeps the variants of the others for it.  Returns false after
 * reporting an error. */
bool fonts_subset(const struct fonts *f, int font, const uint32_t *cps,
		  size_t n, struct buf *out);
/* The glyph id that the TrueType font ttf[0..len) (a subset) gives cp
 * followed by the variation selector vs, or 0 when it has no such
 * variant. */
unsigned fonts_ttf_variant(const char *ttf, size_t len, uint32_t cp,
			   uint32_t vs);

#endif
