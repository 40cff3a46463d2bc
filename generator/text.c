#include "text.h"

#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "draw.h"
#include "fonts.h"
#include "utf8.h"
#include "xalloc.h"

/* One character of the text being broken. */
struct ch {
	size_t off; /* byte offset */
	uint32_t cp;
	double adv; /* pt */
	char brk;   /* after it: LINEBREAK_MUSTBREAK, _ALLOWBREAK, _NOBREAK */
};

/* Is cp in the sorted set v[0..n)? */
static bool
in_set(const uint32_t *v, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] == cp)
			return true;
		if (v[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* JIS X 4051 gyoto kinsoku: characters that never start a line.  Sorted:
 * closing brackets and punctuation, the prolonged sound mark, small kana
 * and iteration marks. */
bool
text_no_start(uint32_t cp)
{
	static const uint32_t set[] = {
	        0x0021, 0x0025, 0x0029, 0x002c, 0x002e, 0x003a, 0x003b, 0x003f,
	        0x005d, 0x007d, 0x2010, 0x2013, 0x2014, 0x2019, 0x201d, 0x2025,
	        0x2026, 0x3001, 0x3002, 0x3005, 0x3009, 0x300b, 0x300d, 0x300f,
	        0x3011, 0x3015, 0x3017, 0x3019, 0x301c, 0x3041, 0x3043, 0x3045,
	        0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308e, 0x3095,
	        0x3096, 0x309b, 0x309c, 0x309d, 0x309e, 0x30a0, 0x30a1, 0x30a3,
	        0x30a5, 0x30a7, 0x30a9, 0x30c3, 0x30e3, 0x30e5, 0x30e7, 0x30ee,
	        0x30f5, 0x30f6, 0x30fb, 0x30fc, 0x30fd, 0x30fe, 0x31f0, 0x31f1,
	        0x31f2, 0x31f3, 0x31f4, 0x31f5, 0x31f6, 0x31f7, 0x31f8, 0x31f9,
	        0x31fa, 0x31fb, 0x31fc, 0x31fd, 0x31fe, 0x31ff, 0xff01, 0xff09,
	        0xff0c, 0xff0e, 0xff1a, 0xff1b, 0xff1f, 0xff3d, 0xff5d,
	};

	return in_set(set, sizeof set / sizeof set[0], cp);
}

/* JIS X 4051 gyomatsu kinsoku: characters that never end a line. */
bool
text_no_end(uint32_t cp)
{
	static const uint32_t set[] = {
	        0x0024, 0x0028, 0x005b, 0x007b, 0x00a5, 0x2018,
	        0x201c, 0x3008, 0x300a, 0x300c, 0x300e, 0x3010,
	        0x3014, 0x3016, 0x3018, 0xff08, 0xff3b, 0xff5b,
	};

	return in_set(set, sizeof set / sizeof set[0], cp);
}

/* A space, the ideographic space U+3000 too: a line broken at one
 * neither ends nor begins with it, so a centred line's ink is centred
 * (a paragraph's own indent, after a forced break, stays). */
static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == 0x3000;
}

/* --- figures: dates, numbers and their units ---------------------------- */

static bool
is_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19);
}

/* Is cp a Japanese character (kana, kanji, full-width forms)? */
static bool
is_cjk(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x30ff) ||
	       (cp >= 0x3400 && cp <= 0x9fff) ||
	       (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xffef);
}

/* What may follow a number as its unit or counter: a kana or kanji
 * (団体, 年, 億円, か所), a per cent or per mille sign, degrees. */
static bool
is_unit(uint32_t cp)
{
	return (is_cjk(cp) && !text_no_start(cp) && !text_no_end(cp) &&
		cp != 0x3000) ||
	       cp == '%' || cp == 0xff05 || cp == 0x2030 || cp == 0x2103;
}

/* Signs and words that belong to the number after them: ▲ and △ (the
 * minus of Japanese accounts), −, +, ±, ¥, $, €, £, 約 (about), 第
 * (ordinal), 計 (total). */
static bool
is_prefix(uint32_t cp)
{
	static const uint32_t set[] = {0x0024, 0x002b, 0x00a3, 0x00a5, 0x00b1,
	                               0x20ac, 0x2212, 0x25b2, 0x25b3, 0x7b2c,
	                               0x7d04, 0x8a08};

	return in_set(set, sizeof set / sizeof set[0], cp);
}

/* The date and time counters that may stand between two numbers:
 * 年, 月, 日, 時, 分. */
static bool
is_date_counter(uint32_t cp)
{
	return cp == 0x5e74 || cp == 0x6708 || cp == 0x65e5 || cp == 0x6642 ||
	       cp == 0x5206;
}

/* Is the era name (平成, 令和, 昭和, 大正, 明治) written at c[i-1..i]? */
static bool
era_at(const struct ch *c, size_t i)
{
	static const uint32_t eras[][2] = {{0x5e73, 0x6210}, {0x4ee4, 0x548c},
	                                   {0x662d, 0x548c}, {0x5927, 0x6b63},
	                                   {0x660e, 0x6cbb}};
	size_t k;

	for (k = 0; i > 0 && k < sizeof eras / sizeof eras[0]; k++)
		if (c[i - 1].cp == eras[k][0] && c[i].cp == eras[k][1])
			return true;
	return false;
}

static bool
is_letter(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* Is the Latin word c[from..to) one of words (NULL-terminated)? */
static bool
word_is(const struct ch *c, size_t from, size_t to,
        const char *const *words)
{
	size_t i, k;

	for (k = 0; words[k] != NULL; k++) {
		if (strlen(words[k]) != to - from)
			continue;
		for (i = from;
		     i < to && c[i].cp == (uint32_t)words[k][i - from]; i++)
			;
		if (i == to)
			return true;
	}
	return false;
}

static const char *const months[] = {
        "January", "February", "March",     "April",   "May",
        "June",    "July",     "August",    "September", "October",
        "November", "December", NULL};
/* Words of English that are the unit or scale of the number before. */
static const char *const units[] = {
        "million", "billion", "trillion", "thousand", "yen", "per",
        "percent", "pt",      "mm",       "cm",       "km",  "kg", NULL};

/*
 * Between a Latin word and the next, at the space c[i]: is the break
 * inside a date (21 October 2016) or between a number and its unit
 * (¥50 million)?
 */
static bool
latin_figure(const struct ch *c, size_t n, size_t i)
{
	size_t a = i, b = i + 1, e = b;

	while (a > 0 && !is_space(c[a - 1].cp))
		a--;
	while (e < n && is_letter(c[e].cp))
		e++;
	if (a == i || b >= n)
		return false;
	if (is_digit(c[i - 1].cp))
		return word_is(c, b, e, months) || word_is(c, b, e, units);
	/* A month, then a year or a day: October 2016, May 1. */
	for (e = a; e < i && is_letter(c[e].cp); e++)
		;
	return is_digit(c[b].cp) && word_is(c, a, e, months);
}

/*
 * Takes back the break opportunities inside dates (平成28年10月21日,
 * 21 October 2016), numbers and their units and signs (1,741団体, 17.3%,
 * ▲24%), which UAX #14 allows between a number and an ideograph.
 */
static void
keep_figures(struct ch *c, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		uint32_t a = c[i].cp, b = c[i + 1].cp;
		bool keep = false;

		if (c[i].brk != LINEBREAK_ALLOWBREAK)
			continue;
		if (a == ' ')
			keep = latin_figure(c, n, i);
		else if (is_digit(a))
			keep = is_unit(b) || is_digit(b);
		else if (is_digit(b) || b == 0x5143 /* 元, the first year */)
			keep = is_prefix(a) || era_at(c, i) ||
			       (is_date_counter(a) && i > 0 &&
			        (is_digit(c[i - 1].cp) ||
			         c[i - 1].cp == 0x5143));
		else
			keep = era_at(c, i + 1);
		if (keep)
			c[i].brk = LINEBREAK_NOBREAK;
	}
}

/* --- names --------------------------------------------------------------- */

#define NAME_BUCKETS 4096

struct name {
	const char *s;
	size_t len; /* bytes */
	struct name *next;
};

struct text_names {
	struct name *bucket[NAME_BUCKETS];
	struct arena arena;
};

/* FNV-1a of n bytes. */
static unsigned
name_hash(const char *s, size_t n)
{
	unsigned h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h % NAME_BUCKETS;
}

/* Bytes of the first two characters of s (n bytes), or 0 if it has
 * fewer. */
static size_t
key_len(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	if (p < end)
		utf8_next(&p, end);
	if (p >= end)
		return 0;
	utf8_next(&p, end);
	return (size_t)(p - s);
}

struct text_names *
text_names_new(void)
{
	return xcalloc(1, sizeof(struct text_names));
}

void
text_names_add(struct text_names *t, const char *name)
{
	size_t n = strlen(name), k = key_len(name, n);
	struct name *e, **b;

	if (k == 0)
		return;
	b = &t->bucket[name_hash(name, k)];
	for (e = *b; e != NULL; e = e->next)
		if (e->len == n && memcmp(e->s, name, n) == 0)
			return;
	e = arena_alloc(&t->arena, sizeof *e);
	e->s = arena_strndup(&t->arena, name, n);
	e->len = n;
	e->next = *b;
	*b = e;
}

void
text_names_free(struct text_names *t)
{
	if (t == NULL)
		return;
	arena_free(&t->arena);
	free(t);
}

/* Takes back the breaks inside every name of t that s (n bytes, decoded
 * into the characters c[0..nc)) holds. */
static void
keep_names(const struct text_names *t, const char *s, size_t n,
           struct ch *c, size_t nc)
{
	size_t i, j, k;
	const struct name *e;

	if (t == NULL)
		return;
	/* c[nc].off is n: the key of a name is its first two characters. */
	for (i = 0; i + 2 <= nc; i++) {
		k = c[i + 2].off - c[i].off;
		for (e = t->bucket[name_hash(s + c[i].off, k)]; e != NULL;
		     e = e->next) {
			if (c[i].off + e->len > n ||
			    memcmp(s + c[i].off, e->s, e->len) != 0)
				continue;
			for (j = i;
			     j + 1 < nc && c[j + 1].off < c[i].off + e->len; j++)
				if (c[j].brk == LINEBREAK_ALLOWBREAK)
					c[j].brk = LINEBREAK_NOBREAK;
		}
	}
}

/* Decodes s into characters with their advances and the break allowed
 * after each; returns how many. */
static size_t
decode(const struct text_style *st, const char *s, size_t n, struct ch **out)
{
	static bool initialized;
	char *brk = xmalloc(n + 1);
	struct ch *v = xreallocarray(NULL, n + 1, sizeof *v);
	const char *p = s, *end = s + n;
	size_t k = 0, i;

	if (!initialized) {
		init_linebreak();
		initialized = true;
	}
	set_linebreaks_utf8((const utf8_t *)s, n, "ja", brk);
	while (p < end) {
		const char *q = p;
		int32_t cp = utf8_next(&q, end);

		v[k].off = (size_t)(p - s);
		v[k].cp = cp < 0 ? 0xfffd : (uint32_t)cp;
		v[k].adv = v[k].cp == '\n'
		                   ? 0
		                   : fonts_advance(st->fonts, st->font, v[k].cp,
		                                   st->size_pt);
		v[k].brk = brk[q - s - 1];
		k++;
		p = q;
	}
	/* Kinsoku on top of UAX #14: take back the breaks it forbids. */
	for (i = 0; i + 1 < k; i++)
		if (v[i].brk == LINEBREAK_ALLOWBREAK &&
		    (text_no_end(v[i].cp) || text_no_start(v[i + 1].cp)))
			v[i].brk = LINEBREAK_NOBREAK;
	v[k].off = n; /* a sentinel: where the text ends */
	keep_figures(v, k);
	keep_names(st->names, s, n, v, k);
	if (k > 0)
		v[k - 1].brk = LINEBREAK_MUSTBREAK;
	free(brk);
	*out = v;
	return k;
}

/* Appends the line of characters [a, b) to *v, without trailing
 * spaces.  c[b] exists: c has a sentinel after its last character. */
static void
add_line(struct text_line **v, size_t *n, size_t *cap, const struct ch *c,
         size_t a, size_t b, bool last)
{
	struct text_line *l;
	size_t e = b, i;

	while (e > a && is_space(c[e - 1].cp))
		e--;
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	l = &(*v)[(*n)++];
	l->start = c[a].off;
	l->len = c[e].off - c[a].off;
	l->w = 0;
	for (i = a; i < e; i++)
		l->w += c[i].adv;
	l->last = last;
}

/* Where to end a line that character i does not fit on, when no break
 * opportunity exists since start: between characters, keeping kinsoku
 * where the line allows it. */
static size_t
emergency_cut(const struct ch *c, size_t start, size_t i)
{
	size_t cut = i;

	while (cut > start + 1 &&
	       (text_no_start(c[cut].cp) || text_no_end(c[cut - 1].cp)))
		cut--;
	return cut;
}

/* The index of the character at byte offset off (c has n and a
 * sentinel). */
static size_t
char_at(const struct ch *c, size_t n, size_t off)
{
	size_t i = 0;

	while (i < n && c[i].off < off)
		i++;
	return i;
}

/* The width of the characters [a, b), trailing spaces excluded. */
static double
span_w(const struct ch *c, size_t a, size_t b)
{
	double w = 0;

	while (b > a && is_space(c[b - 1].cp))
		b--;
	for (; a < b; a++)
		w += c[a].adv;
	return w;
}

/* When the last line of a paragraph is a runt (under a quarter of the
 * width) and the line before it was broken to fit, moves that line's
 * words after its last space down, if they fit there and leave the line
 * before at least half the width. */
static void
mend_runt(const struct text_style *st, const struct ch *c, size_t n,
          struct text_line *lines, size_t nlines)
{
	struct text_line *a, *b;
	size_t from, to, end, k, e;

	if (nlines < 2)
		return;
	a = &lines[nlines - 2];
	b = &lines[nlines - 1];
	if (a->last || b->w >= st->width_pt / 4)
		return;
	from = char_at(c, n, a->start);
	to = char_at(c, n, b->start);
	end = char_at(c, n, b->start + b->len);
	/* k: after the last space of a where a break is allowed. */
	for (k = to - 1; k > from + 1; k--)
		if (is_space(c[k - 1].cp) && c[k - 1].brk == LINEBREAK_ALLOWBREAK)
			break;
	if (k <= from + 1 || span_w(c, k, end) > st->width_pt ||
	    span_w(c, from, k) < st->width_pt / 2)
		return;
	for (e = k; e > from && is_space(c[e - 1].cp); e--)
		;
	a->len = c[e].off - a->start;
	a->w = span_w(c, from, e);
	while (k < end && is_space(c[k].cp))
		k++;
	b->len = c[end].off - c[k].off;
	b->start = c[k].off;
	b->w = span_w(c, k, end);
}

size_t
text_wrap(const struct text_style *st, const char *s, struct text_line **out)
{
	size_t nbytes = strlen(s), n, i, start = 0, nlines = 0, cap = 0;
	struct text_line *lines = NULL;
	struct ch *c;
	double w = 0;
	size_t ok = 0; /* a break is allowed before character ok, if > start */

	n = decode(st, s, nbytes, &c);
	c[n].off = nbytes;
	i = 0;
	while (i < n) {
		if (!is_space(c[i].cp) && w + c[i].adv > st->width_pt &&
		    i > start) {
			size_t cut =
			        ok > start ? ok : emergency_cut(c, start, i);
			size_t k;

			add_line(&lines, &nlines, &cap, c, start, cut, false);
			for (start = cut; start < n && is_space(c[start].cp);
			     start++)
				;
			/* The characters carried over to the new line. */
			w = 0;
			for (k = start; k < i; k++)
				w += c[k].adv;
			ok = start;
			if (start > i)
				i = start;
			continue;
		}
		w += c[i].adv;
		if (c[i].brk == LINEBREAK_MUSTBREAK) {
			add_line(&lines, &nlines, &cap, c, start, i + 1, true);
			start = i + 1;
			ok = start;
			w = 0;
		} else if (c[i].brk == LINEBREAK_ALLOWBREAK) {
			ok = i + 1;
		}
		i++;
	}
	if (nlines == 0)
		add_line(&lines, &nlines, &cap, c, 0, 0, true);
	if (st->no_runt)
		mend_runt(st, c, n, lines, nlines);
	free(c);
	*out = lines;
	return nlines;
}

/*
 * How far justifying may stretch a line, in em of its size: the space
 * added between Japanese characters, and a word space of Latin text.  A
 * line that would need more (the line before a date or a title kept
 * whole) is set flush left instead, as JIS X 4051 allows a line before an
 * unbreakable run to be.
 */
#define MAX_LETTER_SPACE 0.05
#define MAX_WORD_SPACE 0.5

/* Adds a justified line of Latin text: one item per word, the spare
 * width shared by the spaces. */
static void
draw_words(struct drawlist *l, struct arena *a, const struct text_style *st,
           const struct text_place *pl, const char *s, size_t len, double y,
           double spare, size_t nspaces)
{
	const char *p = s, *end = s + len;
	double x = pl->x, extra = spare / (double)nspaces;

	while (p < end) {
		const char *q = p;
		double w;

		while (q < end && *q != ' ')
			q++;
		w = fonts_width(st->fonts, st->font, p, (size_t)(q - p),
		                st->size_pt);
		if (q > p)
			draw_text(l, x, y, st->font, st->size_pt, pl->ink,
			          arena_strndup(a, p, (size_t)(q - p)), w);
		x += w;
		while (q < end && *q == ' ') {
			x += fonts_advance(st->fonts, st->font, ' ',
			                   st->size_pt) +
			     extra;
			q++;
		}
		p = q;
	}
}

void
text_draw(struct drawlist *l, struct arena *a, const struct text_style *st,
          const struct text_place *pl, const char *s,
          const struct text_line *lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct text_line *ln = &lines[i];
		const char *p = s + ln->start, *end = p + ln->len;
		double y =
		        pl->y0 + pl->baseline_pt + (double)i * pl->leading_pt;
		double spare = st->width_pt - ln->w, x = pl->x;
		size_t nchars = 0, nspaces = 0;
		bool cjk = false;
		struct item *it;

		if (ln->len == 0)
			continue;
		if (pl->align == ALIGN_CENTER)
			x += spare / 2;
		else if (pl->align == ALIGN_RIGHT)
			x += spare;
		if (pl->align == ALIGN_JUSTIFY && !ln->last && spare > 0) {
			while (p < end) {
				int32_t cp = utf8_next(&p, end);

				nchars++;
				nspaces += cp == ' ';
				cjk |= cp >= 0 && is_cjk((uint32_t)cp);
			}
			if (!cjk && nspaces > 0) {
				double gap = fonts_advance(st->fonts, st->font,
				                           ' ', st->size_pt) +
				             spare / (double)nspaces;

				if (gap <= MAX_WORD_SPACE * st->size_pt) {
					draw_words(l, a, st, pl, s + ln->start,
					           ln->len, y, spare, nspaces);
					continue;
				}
				nchars = 0; /* set flush left */
			} else if (nchars > 1 &&
			           spare / (double)(nchars - 1) >
			                   MAX_LETTER_SPACE * st->size_pt) {
				nchars = 0; /* set flush left */
			}
		}
		it = draw_add(l, ITEM_TEXT);
		it->x = x;
		it->y = y;
		it->w = ln->w;
		it->font = st->font;
		it->size_pt = st->size_pt;
		it->fill = pl->ink;
		it->text = arena_strndup(a, s + ln->start, ln->len);
		if (nchars > 1) {
			/* Inter-character space, after every character but
			 * the last, fills the line. */
			it->char_sp = spare / (double)(nchars - 1);
			it->w = st->width_pt;
		}
	}
}
