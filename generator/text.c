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
	size_t off;  /* byte offset */
	uint32_t cp;
	double adv;  /* pt */
	char brk;    /* after it: LINEBREAK_MUSTBREAK, _ALLOWBREAK, _NOBREAK */
};

/* JIS X 4051 gyoto kinsoku: characters that never start a line. */
bool
text_no_start(uint32_t cp)
{
	static const char set[] =
		"、。，．・：；？！゛゜ー‐〜゠–—…‥"
		"）」』】〕］｝〉》〙〗’”"
		"ぁぃぅぇぉっゃゅょゎゕゖ"
		"ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
		"々ゝゞヽヾ"
		"),.:;?!]}%";
	const char *p = set, *end = set + sizeof set - 1;

	if (cp == ' ')
		return false;
	while (p < end)
		if ((uint32_t)utf8_next(&p, end) == cp)
			return true;
	return false;
}

/* JIS X 4051 gyomatsu kinsoku: characters that never end a line. */
bool
text_no_end(uint32_t cp)
{
	static const char set[] = "（「『【〔［｛〈《〘〖‘“([{¥$";
	const char *p = set, *end = set + sizeof set - 1;

	while (p < end)
		if ((uint32_t)utf8_next(&p, end) == cp)
			return true;
	return false;
}

static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n';
}

/* Decodes s into characters with their advances and the break allowed
 * after each; returns how many. */
static size_t
decode(const struct text_style *st, const char *s, size_t n,
       struct ch **out)
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
		v[k].adv = v[k].cp == '\n' ? 0
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
			size_t cut = ok > start ? ok : emergency_cut(c, start, i);
			size_t k;

			add_line(&lines, &nlines, &cap, c, start, cut,
				 false);
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
			add_line(&lines, &nlines, &cap, c, start, i + 1,
				 true);
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
	free(c);
	*out = lines;
	return nlines;
}

/* Is cp a Japanese character (kana, kanji, full-width forms)? */
static bool
is_cjk(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x9fff) ||
	       (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xffef);
}

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
		double y = pl->y0 + pl->baseline_pt + (double)i * pl->leading_pt;
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
				draw_words(l, a, st, pl, s + ln->start, ln->len,
					   y, spare, nspaces);
				continue;
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
