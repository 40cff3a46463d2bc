/*
 * Line breaking for Japanese and English text: the break opportunities of
 * UAX #14 (libunibreak), narrowed by the kinsoku rules of JIS X 4051 (no
 * line starts with closing brackets, 、。, the prolonged sound mark or a
 * small kana; none ends with an opening bracket), and never inside a
 * date (平成28年10月21日, 21 October 2016), a number with its unit or
 * sign (1,741団体, 17.3%, ▲24%, ¥50 million) or a name the caller lists
 * (会津若松市, Aizuwakamatsu-shi).  A run with no break opportunity wider
 * than the line (a URL) is broken between characters as a last resort.  Also lays out the lines with left, centre, right or
 * justified alignment.  The only user of libunibreak.  Used by compose,
 * chart and the unit tests.
 */
#ifndef BRIEFGEN_TEXT_H
#define BRIEFGEN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct drawlist;
struct fonts;

enum align {
	ALIGN_LEFT,
	ALIGN_CENTER,
	ALIGN_RIGHT,
	ALIGN_JUSTIFY /* lines but the last of a paragraph fill the width */
};

struct text_line {
	size_t start; /* byte offset in the text */
	size_t len;   /* bytes, trailing spaces excluded */
	double w;     /* natural width, pt */
	bool last;    /* ends the paragraph or at a forced break */
};

/* Names no line break may split (places: 会津若松市, Tohoku region),
 * matched exactly, with two characters or more. */
struct text_names;

/* An empty set of names; the caller frees it with text_names_free. */
struct text_names *text_names_new(void);
/* Adds a copy of the UTF-8 name (shorter ones are ignored). */
void text_names_add(struct text_names *n, const char *name);
void text_names_free(struct text_names *n);

/* A run of text to break: the font, its size and the line width. */
struct text_style {
	const struct fonts *fonts;
	int font;
	double size_pt;
	double width_pt; /* available width; lines never exceed it unless a
	                  * single character is wider */
	const struct text_names *names; /* kept whole, or NULL */
	bool no_runt; /* a last line under a quarter of the width takes the
	               * last word of the line before it, where a space
	               * allows (Public Service Innovation Platform / in
	               * 東北, not ... Platform in / 東北) */
};

/*
 * Breaks s into lines.  Returns the number of lines (at least one) and
 * stores them in *out, which the caller frees with free().
 */
size_t text_wrap(const struct text_style *st, const char *s,
                 struct text_line **out);

/* Does a line break before cp / after cp break the kinsoku rules? */
bool text_no_start(uint32_t cp);
bool text_no_end(uint32_t cp);

/* Where and how text_draw puts lines. */
struct text_place {
	double x, y0;
	double baseline_pt; /* from the top of a line to its baseline */
	double leading_pt;  /* from one baseline to the next */
	uint32_t ink;
	enum align align;
};

/*
 * Adds the lines of s (from text_wrap) to l as text items: line i has its
 * baseline at y0 + baseline_pt + i * leading_pt, in colour ink, aligned in
 * [x, x + st->width_pt).  Strings are copied into a.  A justified line
 * with Japanese characters spreads the spare width between characters;
 * one without spreads it between words.
 */
void text_draw(struct drawlist *l, struct arena *a, const struct text_style *st,
               const struct text_place *pl, const char *s,
               const struct text_line *lines, size_t n);

#endif
