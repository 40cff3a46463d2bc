#include "compose.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compose_int.h"
#include "cube.h"
#include "fonts.h"
#include "prefs.h"
#include "roster.h"
#include "spec.h"
#include "table.h"
#include "xalloc.h"

struct box *
compose_box(struct composer *c, enum box_kind kind, const struct loc *loc)
{
	struct boxes *o = c->out;
	struct box *b;

	if (o->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		o->v = xreallocarray(o->v, c->cap, sizeof *o->v);
	}
	b = &o->v[o->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->loc = *loc;
	b->master = -1;
	return b;
}

/* Appends the items of l to the slices *v (*n of them) as a new slice
 * of kind k. */
static struct slice *
add_slice(struct composer *c, struct slice **v, size_t *n,
	  const struct drawlist *l, double height, enum slice_kind k)
{
	struct slice *s;

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	s = &(*v)[(*n)++];
	s->height_pt = height;
	s->items = draw_copy(&c->out->arena, l->v, l->n, 0, 0);
	s->nitems = l->n;
	s->kind = k;
	s->lang = 0;
	return s;
}

struct slice *
compose_slice(struct composer *c, struct box *b, bool head,
	      const struct drawlist *l, double height)
{
	if (head)
		return add_slice(c, &b->head, &b->nhead, l, height, SLICE_HEAD);
	return add_slice(c, &b->body, &b->nbody, l, height, SLICE_BLOCK);
}

void
compose_alt(struct composer *c, struct box *b, const struct drawlist *l,
	    double height)
{
	add_slice(c, &b->alt, &b->nalt, l, height, SLICE_BLOCK);
}

/* The region whose prefectures are exactly the pack's focus, or -1. */
static int
focus_region(const struct composer *c)
{
	const struct pack *p = c->pack;
	int r, code;
	size_t n = 0;

	if (p->nfocus == 0)
		return -1;
	r = c->prefs->pref[p->focus[0]].region;
	for (code = 1; code <= NPREFS; code++)
		if (c->prefs->pref[code].region == r) {
			if (!compose_is_focus(c, cube_pref(code)))
				return -1;
			n++;
		}
	return n == p->nfocus ? r : -1;
}

/* The name of the pack's focus as one place, in lang: 鳥取県 / Tottori,
 * 東北地方 / Tohoku region, 青森県・岩手県 / Aomori and Iwate. */
static const char *
area_name(struct composer *c, enum lang lang)
{
	const struct pack *p = c->pack;
	struct buf b = {0};
	const char *r;
	size_t i;
	int region;

	if (p->nfocus == 1)
		return compose_geo_name(c, cube_pref(p->focus[0]), lang);
	if ((region = focus_region(c)) >= 0)
		return compose_geo_name(c, cube_region(region), lang);
	for (i = 0; i < p->nfocus; i++) {
		if (i > 0)
			buf_adds(&b, lang == LANG_JA	   ? "・"
				     : i + 1 < p->nfocus ? ", "
				     : p->nfocus > 2	   ? ", and "
							   : " and ");
		buf_adds(&b, compose_geo_name(c, cube_pref(p->focus[i]),
					      lang));
	}
	r = arena_strdup(&c->out->arena, b.data ? b.data : "");
	buf_free(&b);
	return r;
}

const char *
compose_pick(struct composer *c, const struct text *t, enum lang lang)
{
	const char *s = lang == LANG_JA ? (t->ja ? t->ja : t->en)
					: (t->en ? t->en : t->ja);
	struct buf b = {0};
	const char *p;

	if (s == NULL || strchr(s, '{') == NULL)
		return s;
	for (p = s; *p != '\0';) {
		size_t n;

		if ((n = compose_token(c, p, lang, &b)) > 0) {
			p += n;
		} else if (strncmp(p, "{area}", 6) == 0) {
			buf_adds(&b, area_name(c, lang));
			p += 6;
		} else if (strncmp(p, "{prefecture}", 12) == 0) {
			if (c->pack->nfocus > 0)
				buf_adds(&b, compose_geo_name(
						     c, cube_pref(c->pack->focus[0]),
						     lang));
			p += 12;
		} else {
			buf_addc(&b, *p++);
		}
	}
	s = arena_strdup(&c->out->arena, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

const char *
compose_fact(struct composer *c, const struct fact *f, enum lang lang)
{
	const char *s = compose_pick(c, &f->text, lang);

	if (s == NULL || !f->placeholder)
		return s;
	return arena_printf(&c->out->arena, lang == LANG_JA ? "〔%s〕" : "[%s]",
			    s);
}

enum lang
compose_first(const struct composer *c)
{
	return c->lang & LANG_JA ? LANG_JA : LANG_EN;
}

double
compose_width(const struct composer *c, const char *s, double size_pt)
{
	return fonts_width(c->fonts, c->font, s, strlen(s), size_pt);
}

const char *
compose_value(struct composer *c, size_t d, size_t m, size_t g,
	      const struct format *f, enum lang lang)
{
	const struct cube_value *v = cube_get(c->cube, d, m, g);
	char text[64];

	if (v->state != CUBE_OK)
		return NO_DATA;
	format_number(v->value, f, lang, text, sizeof text);
	return arena_strdup(&c->out->arena, text);
}

const char *
compose_geo_name(const struct composer *c, size_t geo, enum lang lang)
{
	struct arena *a = &c->out->arena;

	if (geo < NPREFS) {
		const struct pref *p = &c->prefs->pref[geo + 1];

		return lang == LANG_JA ? p->name_ja : p->name_en;
	}
	if (geo == cube_nation(c->cube))
		return lang == LANG_JA ? "全国" : "Japan";
	if (lang == LANG_JA)
		return arena_printf(a, "%s地方",
				    c->prefs->regions[geo - NPREFS].name_ja);
	return arena_printf(a, "%s region",
			    c->prefs->regions[geo - NPREFS].name_en);
}

/* --- text ------------------------------------------------------------ */

size_t
compose_text(struct composer *c, struct box *b, struct drawlist *l,
	     double *y, const char *s, double size, uint32_t color,
	     enum align align, double width)
{
	struct text_style st = {c->fonts, c->font, size, width, c->names,
				align == ALIGN_CENTER};
	struct text_place pl = {0, 0, size * 1.1, size * LEADING, color,
				align};
	struct text_line *lines;
	size_t n = text_wrap(&st, s, &lines), i;
	struct drawlist own = {0};

	if (l != NULL) {
		pl.y0 = *y;
		text_draw(l, &c->out->arena, &st, &pl, s, lines, n);
		*y += (double)n * pl.leading_pt;
	} else {
		for (i = 0; i < n; i++) {
			own.n = 0;
			text_draw(&own, &c->out->arena, &st, &pl, s, &lines[i],
				  1);
			compose_slice(c, b, false, &own, pl.leading_pt)
				->kind = SLICE_LINE;
		}
	}
	free(lines);
	draw_free(&own);
	return n;
}

/* Sizes and colours of the first and second language. */
void
compose_style(const struct composer *c, enum lang lang, double size,
		double *sz, uint32_t *color)
{
	bool second = lang != compose_first(c);

	*sz = second ? compose_second(size) : size;
	*color = second ? INK_SOFT : INK;
}

double
compose_second(double pt)
{
	return pt * SECOND > MIN_PT ? pt * SECOND : MIN_PT;
}

/* --- the cover ---------------------------------------------------------- */

/* Adds the fact f of the pack to l at *y, in each output language,
 * the first at size, centred across w. */
static void
cover_fact(struct composer *c, struct drawlist *l, double *y,
	   const struct fact *f, double size, double w)
{
	enum lang lang;
	double sz;
	uint32_t color;

	if (f->text.ja == NULL && f->text.en == NULL)
		return;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		compose_style(c, lang, size, &sz, &color);
		compose_text(c, NULL, l, y, compose_fact(c, f, lang), sz, color,
			     ALIGN_CENTER, w);
	}
}

/* The data line: the current survey and its as-of date; for sample
 * data, the statement that the figures are sample data.  It says no more:
 * which national totals a sample matches is the dataset's to say, in the
 * layout's notes (those of input/ match some published totals, and invent
 * others). */
static void
cover_data(struct composer *c, struct drawlist *l, double *y, double w)
{
	const struct dataset *d = &c->spec->datasets[c->spec->ndatasets - 1];
	bool sample = compose_sample(c);
	char asof[64];
	enum lang lang;
	double size;
	uint32_t color;
	const char *s;
	size_t from, k;

	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		bool ja = lang == LANG_JA;

		if (!(c->lang & lang))
			continue;
		compose_style(c, lang, BODY_PT, &size, &color);
		format_date(&d->as_of, lang, asof, sizeof asof);
		s = arena_printf(&c->out->arena,
				 ja ? "データ：%s（%s現在）" : "Data: %s, as of %s",
				 d->source >= 0 && !d->sample
					 ? compose_citation(c, (size_t)d->source,
							    lang)
					 : compose_pick(c, &d->label, lang),
				 asof);
		compose_text(c, NULL, l, y, s, size, color, ALIGN_CENTER, w);
	}
	if (!sample)
		return;
	*y += 6;
	from = l->n;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		compose_style(c, lang, BODY_PT + 1, &size, &color);
		compose_text(c, NULL, l, y,
			     lang == LANG_JA
				     ? "本資料の都道府県別・市区町村別の数値は、"
				       "試作用に作成した見本データであり、\n"
				       "調査の結果ではありません。"
				     : "The prefecture and municipality figures "
				       "in this pack are sample data, made for "
				       "trial use;\nthey are not survey results.",
			     size, lang == compose_first(c) ? FOCUS : color,
			     ALIGN_CENTER, w * 0.85);
	}
	for (k = from; k < l->n; k++)
		l->v[k].x += w * 0.075;
}

static enum align
to_align(enum text_align a)
{
	switch (a) {
	case TALIGN_LEFT:
		return ALIGN_LEFT;
	case TALIGN_CENTER:
		return ALIGN_CENTER;
	case TALIGN_RIGHT:
		return ALIGN_RIGHT;
	case TALIGN_JUSTIFY:
		return ALIGN_JUSTIFY;
	}
	return ALIGN_LEFT;
}

#define COVER_LEAD 36.0 /* above the cover's paragraphs, pt */
#define COVER_PT (BODY_PT + 1) /* the cover's paragraphs, pt */
#define COVER_STEP 0.5  /* each smaller size tried, pt less */

/* The cover's paragraphs at *y, in the width w, the first language at
 * size pt: set as the document's paragraphs are, the first language
 * over the second. */
static void
cover_paragraphs(struct composer *c, const struct node *n,
		 struct drawlist *l, double *y, double w, double pt)
{
	enum lang lang;
	double size;
	uint32_t color;
	size_t i;

	if (n->nparagraphs > 0)
		*y += COVER_LEAD;
	for (i = 0; i < n->nparagraphs; i++) {
		if (i > 0)
			*y += BODY_PT;
		for (lang = LANG_JA; lang <= LANG_EN; lang++) {
			if (!(c->lang & lang))
				continue;
			if (lang != compose_first(c))
				*y += 3;
			compose_style(c, lang, pt, &size, &color);
			compose_text(c, NULL, l, y,
				     compose_pick(c, &n->paragraphs[i].text,
						  lang),
				     size, color,
				     to_align(n->paragraphs[i].align), w);
		}
	}
}

/* The cover's paragraphs as cover_paragraphs sets them, at COVER_PT or,
 * when that runs past foot (where the cover's foot begins), at the
 * largest size down to MIN_PT that does not, as a caption too long for
 * its box is set smaller.  Reports an error when they run past foot even
 * at MIN_PT. */
static void
cover_lead(struct composer *c, const struct node *n, struct drawlist *l,
	   double *y, double w, double foot)
{
	size_t from = l->n;
	double top = *y, pt;

	for (pt = COVER_PT;; pt -= COVER_STEP) {
		l->n = from;
		*y = top;
		cover_paragraphs(c, n, l, y, w, fmax(pt, MIN_PT));
		if (*y <= foot || pt <= MIN_PT)
			break;
	}
	if (*y > foot) {
		msg_error(&n->loc,
			  "the cover's paragraphs run %.0f pt into its foot, "
			  "even set at %.0f pt: shorten them",
			  *y - foot, MIN_PT);
		c->ok = false;
	}
}

/* The cover's middle at *y: the layout's own lines, the data line and,
 * for sample data, the statement saying so, and the cover's small
 * print. */
static void
cover_middle(struct composer *c, const struct node *n, struct drawlist *l,
	     double *y, double w)
{
	enum lang lang;
	double size;
	uint32_t color;
	size_t i;

	for (i = 0; i < n->nlines; i++)
		for (lang = LANG_JA; lang <= LANG_EN; lang++) {
			if (!(c->lang & lang))
				continue;
			compose_style(c, lang, 13, &size, &color);
			compose_text(c, NULL, l, y,
				     compose_pick(c, &n->lines[i], lang), size,
				     color, ALIGN_CENTER, w);
		}
	*y += 8;
	cover_data(c, l, y, w);
	if (n->text.ja != NULL || n->text.en != NULL)
		*y += 6;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		size_t from = l->n, k;

		if (!(c->lang & lang) || (n->text.ja == NULL &&
					  n->text.en == NULL))
			continue;
		compose_style(c, lang, BODY_PT - 1, &size, &color);
		compose_text(c, NULL, l, y, compose_pick(c, &n->text, lang),
			     size, INK_SOFT, ALIGN_CENTER, w * 0.8);
		/* On the cover's axis, as every other line. */
		for (k = from; k < l->n; k++)
			l->v[k].x += w * 0.1;
	}
}

/* Where the cover's middle starts when nothing pushes it down, and the
 * least room kept above the secretariat's rule, as shares of the page's
 * height and in pt. */
#define COVER_MIDDLE 0.62
#define COVER_FOOT 0.86
#define COVER_GAP 20.0

/*
 * The cover: the meeting's name, date and venue; its paragraphs; the
 * middle (cover_middle); the secretariat (office and contact) at the
 * foot.  All but the paragraphs and the middle come from the packs file;
 * the document number is the master page's (paginate).  The middle
 * starts at COVER_MIDDLE of the page, or lower when the paragraphs need
 * the room, down to where it ends COVER_GAP above the foot: the
 * paragraphs are set smaller only when that room is not enough.
 */
static void
compose_cover(struct composer *c, const struct node *n)
{
	const struct pack *p = c->pack;
	struct box *b = compose_box(c, BOX_COVER, &n->loc);
	struct drawlist l = {0}, middle = {0};
	double y = c->height * 0.22, w = c->width, size, height = 0, lowest;
	char date[64];
	enum lang lang;
	uint32_t color;
	size_t k;

	/* The middle is set once, from 0, and moved to its place. */
	cover_middle(c, n, &middle, &height, w);
	lowest = fmax(c->height * COVER_MIDDLE,
		      c->height * COVER_FOOT - 14 - COVER_GAP - height);
	draw_rect(&l, 0, y - 24, w, 5, ACCENT, NO_COLOR, 0);
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		bool first = lang == compose_first(c);

		if (!(c->lang & lang))
			continue;
		compose_text(c, b, &l, &y, compose_pick(c, &p->title, lang),
			   first ? 22 : 14, first ? INK : INK_SOFT,
			   ALIGN_CENTER, w);
		y += 6;
	}
	y += 28;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		compose_style(c, lang, 15, &size, &color);
		format_date(&p->date, lang, date, sizeof date);
		compose_text(c, b, &l, &y, arena_strdup(&c->out->arena, date),
			   size, color, ALIGN_CENTER, w);
	}
	y += 10;
	cover_fact(c, &l, &y, &p->venue, 13, w);
	cover_lead(c, n, &l, &y, w, lowest - COVER_GAP);
	y = fmax(c->height * COVER_MIDDLE, y + COVER_GAP);
	for (k = 0; k < middle.n; k++) {
		struct item *it = draw_add(&l, middle.v[k].kind);

		*it = middle.v[k];
		it->y += y;
	}
	draw_free(&middle);
	/* The secretariat, at the foot of the cover, under a rule; neither
	 * where the packs file names none. */
	y = c->height * COVER_FOOT;
	if (p->office.text.ja != NULL || p->office.text.en != NULL ||
	    p->contact.text.ja != NULL || p->contact.text.en != NULL)
		draw_line(&l, w * 0.2, y - 14, w * 0.8, y - 14, RULE, 0.6, 0);
	cover_fact(c, &l, &y, &p->office, 12, w);
	y += 2;
	cover_fact(c, &l, &y, &p->contact, BODY_PT, w);
	compose_slice(c, b, false, &l, c->height);
	draw_free(&l);
}

/*
 * The regions a node's "region" and "members" rows mean: the named region
 * (a table's region attribute), else those holding the focus prefectures,
 * in order of first appearance.  Returns how many, at most NREGIONS.
 */
size_t
compose_regions(struct composer *c, const struct node *n, int *v)
{
	const struct prefs *pf = c->prefs;
	const char *name = n->table ? n->table->region : NULL;
	size_t k = 0, i, j;

	if (name != NULL) {
		for (i = 0; i < pf->nregions; i++)
			if (strcmp(pf->regions[i].name_ja, name) == 0 ||
			    strcmp(pf->regions[i].name_en, name) == 0) {
				v[0] = (int)i;
				return 1;
			}
		msg_error(&n->loc, "region: no region \"%s\" in %s", name,
			  c->spec->prefs_path);
		c->ok = false;
		return 0;
	}
	for (i = 0; i < c->pack->nfocus && k < NREGIONS; i++) {
		int r = pf->pref[c->pack->focus[i]].region;

		for (j = 0; j < k && v[j] != r; j++)
			;
		if (j == k)
			v[k++] = r;
	}
	return k;
}

size_t
compose_rows(struct composer *c, const struct node *n, size_t *geo)
{
	const struct pack *p = c->pack;
	int regions[NREGIONS];
	size_t k = 0, i, j, nr;
	int code;

	nr = compose_regions(c, n, regions);
	for (i = 0; i < n->nrows; i++) {
		switch (n->rows[i]) {
		case ROWS_FOCUS:
			for (j = 0; j < p->nfocus; j++)
				geo[k++] = cube_pref(p->focus[j]);
			break;
		case ROWS_REGION:
			for (j = 0; j < nr; j++)
				geo[k++] = cube_region(regions[j]);
			break;
		case ROWS_NATION:
			geo[k++] = cube_nation(c->cube);
			break;
		case ROWS_ALL:
			for (code = 1; code <= NPREFS; code++)
				geo[k++] = cube_pref(code);
			break;
		case ROWS_MEMBERS:
			for (code = 1; code <= NPREFS; code++)
				for (j = 0; j < nr; j++)
					if (c->prefs->pref[code].region ==
					    regions[j])
						geo[k++] = cube_pref(code);
			break;
		case ROWS_MUNICIPALITIES:
			break;
		}
	}
	return k;
}

bool
compose_is_focus(const struct composer *c, size_t geo)
{
	size_t i;

	for (i = 0; i < c->pack->nfocus; i++)
		if (cube_pref(c->pack->focus[i]) == geo)
			return true;
	return false;
}

/* The marks of a caption repeated atop a page its table continues on,
 * after the caption's text in each language, as Japanese and English
 * documents set them. */
#define CONTINUED_JA "（続き）"
#define CONTINUED_EN " (continued)"

/* The text of caption t in lang, with the continued mark when cont. */
static const char *
caption_text(struct composer *c, const struct text *t, enum lang lang,
	     bool cont)
{
	const char *s = compose_pick(c, t, lang);

	if (!cont)
		return s;
	return arena_printf(&c->out->arena, "%s%s", s,
			    lang == LANG_JA ? CONTINUED_JA : CONTINUED_EN);
}

/* Adds to l the lines of the title of a table or chart, in the output
 * languages, with the continued mark when cont; returns its height, pt. */
static double
title_items(struct composer *c, const struct text *t, bool cont,
	    struct drawlist *l)
{
	double y = 0;
	enum lang lang;

	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size;
		uint32_t color;

		if (!(c->lang & lang))
			continue;
		compose_style(c, lang, 10.5, &size, &color);
		compose_text(c, NULL, l, &y, caption_text(c, t, lang, cont),
			     size, color, ALIGN_LEFT, c->width);
	}
	return y + 2;
}

void
compose_title(struct composer *c, const struct node *n)
{
	struct box *b;
	struct drawlist l = {0};
	double h;

	if (n->text.ja == NULL && n->text.en == NULL)
		return;
	b = compose_box(c, BOX_FLOW, &n->loc);
	b->space_before_pt = 12;
	b->keep_with_next = true;
	h = title_items(c, &n->text, false, &l);
	compose_slice(c, b, false, &l, h)->kind = SLICE_HEADING;
	draw_free(&l);
}

/* --- blocks ------------------------------------------------------------ */

/* A text in the output languages on one line: "ja / en" for both. */
static const char *
joined(struct composer *c, const struct text *t)
{
	if (c->lang == (LANG_JA | LANG_EN) && t->ja && t->en &&
	    strcmp(t->ja, t->en) != 0)
		return arena_printf(&c->out->arena, "%s / %s",
				    compose_pick(c, t, LANG_JA),
				    compose_pick(c, t, LANG_EN));
	return compose_pick(c, t, compose_first(c));
}

/* Notes a heading for the contents. */
static void
add_toc(struct composer *c, const struct node *n)
{
	struct toc_entry *e;
	enum lang first = compose_first(c);

	c->toc = xreallocarray(c->toc, c->ntoc + 1, sizeof *c->toc);
	e = &c->toc[c->ntoc++];
	e->text[1] = NULL;
	e->level = n->level;
	e->text[0] = compose_pick(c, &n->text, first);
	if (c->lang == (LANG_JA | LANG_EN))
		e->text[1] = compose_pick(c, &n->text, LANG_EN);
}

/* The title of a contents block, as a heading that is not itself a
 * bookmark; the entries come once every heading is known. */
static void
compose_contents(struct composer *c, const struct node *n)
{
	struct box *b = compose_box(c, BOX_FLOW, &n->loc);
	struct toc_block *t;
	struct drawlist l = {0};
	double y = 0;
	enum lang lang;

	b->space_before_pt = 16;
	b->keep_with_next = true;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		bool first = lang == compose_first(c);

		if (!(c->lang & lang))
			continue;
		compose_text(c, b, &l, &y, compose_pick(c, &n->text, lang),
			     first ? 14 : 10, first ? ACCENT : INK_SOFT,
			     ALIGN_LEFT, c->width);
	}
	draw_line(&l, 0, y + 2, c->width, y + 2, ACCENT, 1.2, 0);
	compose_slice(c, b, false, &l, y + 14)->kind = SLICE_HEADING;
	draw_free(&l);
	b = compose_box(c, BOX_FLOW, &n->loc);
	c->tocs = xreallocarray(c->tocs, c->ntocs + 1, sizeof *c->tocs);
	t = &c->tocs[c->ntocs++];
	t->box = c->out->n - 1;
	t->levels = n->level;
}

#define TOC_NUMBER_W 24.0 /* room for a page number, pt */
#define TOC_INDENT 14.0   /* of a level-2 entry, pt */

/* One line of the contents: the heading in the output languages, a dotted
 * leader and the page number, which paginate fills in. */
static void
toc_line(struct composer *c, struct box *b, size_t heading)
{
	const struct toc_entry *e = &c->toc[heading];
	bool sub = e->level == 2;
	double x = sub ? TOC_INDENT : 0, size = sub ? 9.5 : 10.5;
	/* An entry in one language takes the room of two, centred in it,
	 * so that the contents keep one rhythm in every language. */
	double half = e->text[1] == NULL ? compose_second(size) * LEADING / 2
					 : 0;
	double w = c->width - x - TOC_NUMBER_W, y = (sub ? 2 : 5) + half, tw;
	double base = y + size * 1.1;
	struct drawlist l = {0};
	struct page_ref *ref;
	size_t k, lines;

	tw = compose_width(c, e->text[0], size);
	lines = compose_text(c, NULL, &l, &y, e->text[0], size,
			     sub ? INK : ACCENT, ALIGN_LEFT, w);
	if (e->text[1] != NULL)
		compose_text(c, NULL, &l, &y, e->text[1], compose_second(size),
			     INK_SOFT, ALIGN_LEFT, w);
	for (k = 0; k < l.n; k++)
		l.v[k].x += x;
	if (lines == 1 && x + tw + 8 < c->width - TOC_NUMBER_W)
		draw_line(&l, x + tw + 4, base, c->width - TOC_NUMBER_W + 4,
			  base, RULE, 0.8, 1);
	draw_text(&l, c->width, base, c->font, size, sub ? INK : ACCENT, "",
		  0);
	b->refs = xreallocarray(b->refs, b->nrefs + 1, sizeof *b->refs);
	ref = &b->refs[b->nrefs++];
	ref->slice = b->nbody;
	ref->item = l.n - 1;
	ref->heading = heading;
	ref->right_pt = c->width;
	compose_slice(c, b, false, &l, y + 3 + half)->kind = SLICE_ENTRY;
	draw_free(&l);
}

/* Fills every contents block with the headings of the document. */
static void
fill_contents(struct composer *c)
{
	size_t i, k;

	for (i = 0; i < c->ntocs; i++)
		for (k = 0; k < c->ntoc; k++)
			if (c->toc[k].level <= c->tocs[i].levels)
				toc_line(c, &c->out->v[c->tocs[i].box], k);
}

/* Adds to l the lines of heading n, in the output languages, and its
 * rule, with the continued mark when cont; returns its height, pt. */
static double
heading_items(struct composer *c, const struct node *n, bool cont,
	      struct drawlist *l)
{
	bool sub = n->level == 2;
	double y = 0;
	enum lang lang;

	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		bool first = lang == compose_first(c);
		double size = first ? (sub ? 11.5 : 14) : (sub ? 8.5 : 10);
		uint32_t color = first ? ACCENT : INK_SOFT;

		if (!(c->lang & lang))
			continue;
		compose_text(c, NULL, l, &y,
			     caption_text(c, &n->text, lang, cont), size,
			     color, ALIGN_LEFT, c->width);
	}
	if (sub)
		draw_line(l, 0, y + 1, c->width, y + 1, RULE, 0.6, 0);
	else
		draw_line(l, 0, y + 2, c->width, y + 2, ACCENT, 1.2, 0);
	return y + (sub ? 5 : 8);
}

static void
compose_heading(struct composer *c, const struct node *n)
{
	struct box *b = compose_box(c, BOX_FLOW, &n->loc);
	struct drawlist l = {0};
	double h;

	b->space_before_pt = n->level == 2 ? 10 : 16;
	b->keep_with_next = true;
	b->outline = joined(c, &n->text);
	b->outline_level = n->level;
	add_toc(c, n);
	h = heading_items(c, n, false, &l);
	compose_slice(c, b, false, &l, h)->kind = SLICE_HEADING;
	draw_free(&l);
	c->heading = n;
	c->heading_box = c->out->n - 1;
}

void
compose_continued(struct composer *c, const struct node *n, struct box *b)
{
	struct drawlist l = {0};
	double h;

	if (n->text.ja != NULL || n->text.en != NULL)
		h = title_items(c, &n->text, true, &l);
	else if (c->heading != NULL &&
		 c->heading_box + 1 == (size_t)(b - c->out->v))
		h = heading_items(c, c->heading, true, &l);
	else
		return;
	b->cont = arena_alloc(&c->out->arena, sizeof *b->cont);
	b->cont->height_pt = h + b->space_before_pt;
	b->cont->items = draw_copy(&c->out->arena, l.v, l.n, 0, 0);
	b->cont->nitems = l.n;
	b->cont->kind = SLICE_HEADING;
	b->cont->lang = 0;
	draw_free(&l);
}

static void
compose_paragraph(struct composer *c, const struct node *n)
{
	struct box *b = compose_box(c, BOX_FLOW, &n->loc);
	enum lang lang;

	b->space_before_pt = 6;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size;
		uint32_t color;
		size_t from = b->nbody;

		if (!(c->lang & lang))
			continue;
		compose_style(c, lang, BODY_PT + 1, &size, &color);
		compose_text(c, b, NULL, NULL, compose_pick(c, &n->text, lang),
			     size, color, to_align(n->align), c->width);
		for (; from < b->nbody; from++)
			b->body[from].lang = lang;
	}
}

/*
 * The value of measure m in dataset d for the focus prefectures taken
 * together, from their own values, as the cube computes a region's:
 * counts and sums add up, a ratio is that of the totals.  Measures refer
 * only to earlier ones, so one pass in order computes them all.  False
 * when the value does not exist.
 */
static bool
area_value(const struct composer *c, size_t d, size_t m, double *out)
{
	const struct spec *s = c->spec;
	double *v = xcalloc(m + 1, sizeof *v);
	bool *ok = xcalloc(m + 1, sizeof *ok), r;
	double base;
	size_t k, i;

	for (k = 0; k <= m; k++) {
		const struct measure *ms = &s->measures[k];
		size_t num = (size_t)ms->numerator, den = (size_t)ms->denominator;

		switch (ms->kind) {
		case MEASURE_RATIO:
			if (ms->of == RATIO_MEASURE) {
				ok[k] = ok[num] && ok[den] && v[den] != 0;
				v[k] = ok[k] ? v[num] / v[den] : 0;
				break;
			}
			/* The roster's municipalities, or the rows that
			 * answered, of the focus prefectures together. */
			for (i = 0, base = 0; i < c->pack->nfocus; i++)
				base += cube_get(c->cube, d, k,
						 cube_pref(c->pack->focus[i]))
						->base;
			ok[k] = ok[num] && base != 0;
			v[k] = ok[k] ? v[num] / base : 0;
			break;
		case MEASURE_TOTAL:
			ok[k] = true;
			for (i = 0; i < ms->nparts; i++) {
				ok[k] = ok[k] && ok[ms->parts[i]];
				v[k] += v[ms->parts[i]];
			}
			break;
		case MEASURE_COUNT:
		case MEASURE_SUM:
			for (i = 0; i < c->pack->nfocus; i++) {
				const struct cube_value *cv = cube_get(
					c->cube, d, k,
					cube_pref(c->pack->focus[i]));

				if (cv->state == CUBE_OK) {
					v[k] += cv->value;
					ok[k] = true;
				}
			}
			break;
		}
	}
	*out = v[m];
	r = ok[m];
	free(v);
	free(ok);
	return r;
}

/* The value of a key figure or effect in lang, with its change. */
static const char *
figure_value(struct composer *c, const struct figure *f, enum lang lang,
	     const char **change)
{
	const struct pack *p = c->pack;
	struct format pct = {FMT_PERCENT, 0};
	char v[64], ch[64];
	size_t geo = cube_nation(c->cube);
	int region;
	double x;

	*change = NULL;
	if (f->has_change) {
		format_number(f->change, &pct, lang, ch, sizeof ch);
		*change = arena_printf(&c->out->arena,
				       lang == LANG_JA ? "（%s%s）" : " (%s%s)",
				       f->change > 0 ? "+" : "", ch);
	}
	switch (f->of) {
	case FIG_VALUE:
		format_number(f->value, &f->fmt, lang, v, sizeof v);
		return arena_strdup(&c->out->arena, v);
	case FIG_NATION:
		break;
	case FIG_REGION:
		if (p->nfocus > 0)
			geo = cube_region(c->prefs->pref[p->focus[0]].region);
		break;
	case FIG_FOCUS:
		if (p->nfocus > 0)
			geo = cube_pref(p->focus[0]);
		break;
	case FIG_PREF:
		geo = cube_pref(f->pref);
		break;
	case FIG_AREA:
		if (p->nfocus == 1) {
			geo = cube_pref(p->focus[0]);
		} else if ((region = focus_region(c)) >= 0) {
			geo = cube_region(region);
		} else {
			if (!area_value(c, (size_t)f->dataset,
					(size_t)f->measure, &x))
				return NO_DATA;
			format_number(x, &f->fmt, lang, v, sizeof v);
			return arena_strdup(&c->out->arena, v);
		}
		break;
	}
	return compose_value(c, (size_t)f->dataset, (size_t)f->measure, geo,
			     &f->fmt, lang);
}

#define FIGURE_PT 20.0
#define FIGURES_PER_ROW 4

/* The size, pt, of key figure f's caption in lang in a cell w wide: the
 * body size, or a little less for a caption a little too long for its
 * box, which is set smaller rather than broken (実施団体数（九州・沖縄地方）). */
static double
caption_pt(struct composer *c, const struct figure *f, enum lang lang,
	   double w)
{
	const char *cap = compose_pick(c, &f->caption, lang);
	double size, tw;
	uint32_t color;

	compose_style(c, lang, BODY_PT, &size, &color);
	tw = compose_width(c, cap, size);
	if (tw > w - 2 * CELL_PAD && tw * 0.85 <= w - 2 * CELL_PAD &&
	    size * (w - 2 * CELL_PAD) / tw * 0.99 >= MIN_PT)
		size *= (w - 2 * CELL_PAD) / tw * 0.99;
	return size;
}

/* One key figure in the cell [x, x + w) from y: value, change, caption,
 * its caption in cap_pt[0] (Japanese) and cap_pt[1] (English) pt.
 * Returns the height used. */
static double
key_figure(struct composer *c, struct drawlist *l, const struct figure *f,
	   double x, double w, const double *cap_pt)
{
	enum lang first = compose_first(c), lang;
	const char *change, *v = figure_value(c, f, first, &change);
	double vw = compose_width(c, v, FIGURE_PT), cw = 0, y = 8, size;
	size_t k, from;
	uint32_t color;

	if (change != NULL)
		cw = compose_width(c, change, FIGURE_PT * 0.5);
	draw_text(l, x + (w - vw - cw) / 2, y + FIGURE_PT, c->font, FIGURE_PT,
		  ACCENT, v, vw);
	if (change != NULL)
		draw_text(l, x + (w - vw - cw) / 2 + vw, y + FIGURE_PT, c->font,
			  FIGURE_PT * 0.5, ACCENT, change, cw);
	y += FIGURE_PT * 1.4;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		const char *cap;

		if (!(c->lang & lang))
			continue;
		cap = compose_pick(c, &f->caption, lang);
		compose_style(c, lang, BODY_PT, &size, &color);
		size = cap_pt[lang == LANG_EN];
		from = l->n;
		compose_text(c, NULL, l, &y, cap, size, color, ALIGN_CENTER,
			     w - 2 * CELL_PAD);
		for (k = from; k < l->n; k++)
			l->v[k].x += x + CELL_PAD;
	}
	return y + 6;
}

static void
compose_key_figures(struct composer *c, const struct node *n)
{
	size_t i, row, per = n->nfigures < FIGURES_PER_ROW ? n->nfigures
							   : FIGURES_PER_ROW;
	struct box *b = compose_box(c, BOX_FLOW, &n->loc);
	double gap = 6, w = (c->width - gap * (double)(per - 1)) / (double)per;

	b->space_before_pt = 8;
	for (row = 0; row < n->nfigures; row += per) {
		struct drawlist l = {0};
		double h = 0, cap_pt[2] = {BODY_PT, BODY_PT};
		size_t rects = 0;
		enum lang lang;

		/* The captions of a row share one size: the least any of
		 * them needs. */
		for (lang = LANG_JA; lang <= LANG_EN; lang++)
			for (i = row; i < n->nfigures && i < row + per; i++)
				if (c->lang & lang) {
					double pt = caption_pt(
					        c, &n->figures[i], lang, w);

					if (i == row ||
					    pt < cap_pt[lang == LANG_EN])
						cap_pt[lang == LANG_EN] = pt;
				}

		for (i = row; i < n->nfigures && i < row + per; i++)
			draw_rect(&l, (double)(i - row) * (w + gap), 0, w, 0,
				  TINT, NO_COLOR, 0), rects++;
		for (i = row; i < n->nfigures && i < row + per; i++) {
			double x = (double)(i - row) * (w + gap);
			double fh = key_figure(c, &l, &n->figures[i], x, w,
						cap_pt);

			h = fh > h ? fh : h;
		}
		for (i = 0; i < rects; i++)
			l.v[i].h = h;
		compose_slice(c, b, false, &l, h + gap);
		draw_free(&l);
	}
}

#define CASE_LABEL_W 78.0
#define BULLET_W 10.0 /* a bullet and its gap, pt */

/*
 * Adds the text s at *y, width w, to l: as it is, or, when it has several
 * lines, as a list with a bullet before each line and the wrapped lines
 * of an item indented under its first (・ in Japanese, • in English).
 */
static void
case_text(struct composer *c, struct drawlist *l, double *y, const char *s,
	  enum lang lang, double w)
{
	double size;
	uint32_t color;
	const char *p, *nl;
	size_t k, from;

	compose_style(c, lang, BODY_PT, &size, &color);
	if (strchr(s, '\n') == NULL) {
		compose_text(c, NULL, l, y, s, size, color,
			     lang == LANG_JA ? ALIGN_JUSTIFY : ALIGN_LEFT, w);
		return;
	}
	for (p = s; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		if (nl == p)
			continue;
		draw_text(l, 0, *y + size * 1.1, c->font, size, color,
			  lang == LANG_JA ? "・" : "•",
			  compose_width(c, lang == LANG_JA ? "・" : "•",
					size));
		from = l->n;
		compose_text(c, NULL, l, y,
			     arena_strndup(&c->out->arena, p,
					   (size_t)(nl - p)),
			     size, color,
			     lang == LANG_JA ? ALIGN_JUSTIFY : ALIGN_LEFT,
			     w - BULLET_W);
		for (k = from; k < l->n; k++)
			l->v[k].x += BULLET_W;
	}
}

/* A labelled row of a case study: the label on the left, the text in the
 * output languages on the right. */
static void
case_row(struct composer *c, struct drawlist *l, double *y,
	 const char *label_ja, const char *label_en, const struct text *t)
{
	double w = c->width - CASE_LABEL_W - 2 * CELL_PAD, ly = *y, size;
	enum lang lang;
	uint32_t color;
	size_t k, from;

	if (t->ja == NULL && t->en == NULL)
		return;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		compose_style(c, lang, BODY_PT - 1, &size, &color);
		compose_text(c, NULL, l, &ly,
			     lang == LANG_JA ? label_ja : label_en, size,
			     ACCENT, ALIGN_LEFT, CASE_LABEL_W);
	}
	from = l->n;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		if (lang != compose_first(c))
			*y += 1;
		case_text(c, l, y, compose_pick(c, t, lang), lang, w);
	}
	for (k = from; k < l->n; k++)
		l->v[k].x += CASE_LABEL_W;
	*y = (ly > *y ? ly : *y) + 5;
}

/* The effects given as figures, one row each. */
static void
case_figures(struct composer *c, struct drawlist *l, double *y,
	     const struct casestudy *cs)
{
	size_t i;
	enum lang lang;

	for (i = 0; i < cs->neffects; i++) {
		const struct figure *f = &cs->effects[i];
		struct text t = {NULL, NULL};
		const char *v, *ch;

		for (lang = LANG_JA; lang <= LANG_EN; lang++) {
			const char *cap = compose_pick(c, &f->caption, lang);
			const char *s;

			v = figure_value(c, f, lang, &ch);
			s = arena_printf(&c->out->arena, "%s%s%s%s", cap,
					 *cap ? (lang == LANG_JA ? "：" : ": ")
					      : "",
					 v, ch ? ch : "");
			if (lang == LANG_JA)
				t.ja = s;
			else
				t.en = s;
		}
		case_row(c, l, y, i == 0 ? "効果" : "",
			 i == 0 ? "Effect" : "", &t);
	}
}

/* The source of a case, small, at the foot of its box. */
static void
case_source(struct composer *c, struct drawlist *l, double *y,
	    const struct text *t)
{
	enum lang lang;
	double size;
	uint32_t color;

	if (t->ja == NULL && t->en == NULL)
		return;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		compose_style(c, lang, BODY_PT - 1.5, &size, &color);
		compose_text(c, NULL, l, y,
			     arena_printf(&c->out->arena, "%s%s",
					  lang == LANG_JA ? "出典：" : "Source: ",
					  compose_pick(c, t, lang)),
			     size, INK_SOFT, ALIGN_LEFT,
			     c->width - 2 * CELL_PAD);
	}
	*y += 2;
}

/* A case study as a box of its own, kept on one page. */
static void
compose_case(struct composer *c, const struct loc *loc,
	     const struct casestudy *cs)
{
	struct box *b = compose_box(c, BOX_FLOW, loc);
	struct drawlist l = {0};
	double y = 6, size;
	enum lang lang;
	uint32_t color;
	size_t k, from;

	b->space_before_pt = 10;
	b->keep_together = true;
	draw_rect(&l, 0, 0, c->width, 0, TINT, NO_COLOR, 0);
	from = l.n;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		compose_style(c, lang, 11, &size, &color);
		compose_text(c, NULL, &l, &y, compose_pick(c, &cs->title, lang),
			     size, lang == compose_first(c) ? ACCENT : color,
			     ALIGN_LEFT, c->width - 2 * CELL_PAD);
	}
	for (k = from; k < l.n; k++)
		l.v[k].x += CELL_PAD;
	l.v[0].h = y + 3;
	y += 9;
	from = l.n;
	case_row(c, &l, &y, "団体", "Municipality", &cs->municipality);
	case_row(c, &l, &y, "取組", "Measures", &cs->measures);
	case_figures(c, &l, &y, cs);
	case_row(c, &l, &y, "効果", "Effects", &cs->effect);
	if (cs->cited >= 0) {
		struct text t = {compose_citation(c, (size_t)cs->cited, LANG_JA),
				 compose_citation(c, (size_t)cs->cited,
						  LANG_EN)};

		case_source(c, &l, &y, &t);
	} else {
		case_source(c, &l, &y, &cs->source);
	}
	for (k = from; k < l.n; k++)
		l.v[k].x += CELL_PAD;
	draw_rect(&l, 0, 0, c->width, y + 2, NO_COLOR, ACCENT, 0.8);
	compose_slice(c, b, false, &l, y + 2);
	draw_free(&l);
}

static void
compose_case_study(struct composer *c, const struct node *n)
{
	size_t i;

	if (n->kind == NODE_CASE_STUDY) {
		compose_case(c, &n->loc, n->cs);
		return;
	}
	for (i = 0; i < n->ncases; i++)
		compose_case(c, &n->loc, &n->cs[i]);
}

static void
compose_image(struct composer *c, const struct node *n)
{
	struct box *b = compose_box(c, BOX_FLOW, &n->loc);
	struct drawlist l = {0};
	double w = n->image_w_pt, h = n->image_h_pt, x = 0;

	if (w > c->width) {
		h *= c->width / w;
		w = c->width;
	}
	if (n->align == TALIGN_CENTER)
		x = (c->width - w) / 2;
	else if (n->align == TALIGN_RIGHT)
		x = c->width - w;
	b->space_before_pt = 6;
	draw_image(&l, x, 0, w, h, n->image);
	compose_slice(c, b, false, &l, h);
	draw_free(&l);
}

/* Sets the master in force and the content area it gives. */
static void
use_master(struct composer *c, int m)
{
	const struct page_setup *ps = &c->spec->masters[m];

	c->master = m;
	c->width = ps->width_pt - 2 * ps->margin_pt;
	c->height = ps->height_pt - ps->top_pt - ps->bottom_pt;
}

/* --- the document -------------------------------------------------------- */

/* Composes node n; next is the node after it in the same group, or
 * NULL. */
static void
compose_node(struct composer *c, const struct node *n,
	     const struct node *next)
{
	struct box *b;
	size_t first = c->out->n;

	switch (n->kind) {
	case NODE_COVER:
		compose_cover(c, n);
		break;
	case NODE_HEADING:
		compose_heading(c, n);
		break;
	case NODE_PARAGRAPH:
		compose_paragraph(c, n);
		break;
	case NODE_PAGE_BREAK:
		b = compose_box(c, BOX_PAGE_BREAK, &n->loc);
		b->master = n->master;
		if (n->master >= 0)
			use_master(c, n->master);
		break;
	case NODE_TABLE:
		compose_table(c, n);
		compose_source_line(c, n, first);
		break;
	case NODE_CHART:
		compose_title(c, n);
		compose_chart(c, n);
		compose_source_line(c, n, first);
		break;
	case NODE_KEY_FIGURES:
		compose_key_figures(c, n);
		/* Kept on one page with the next node (see
		 * compose_nodes), whose source line is theirs too. */
		if (next != NULL && compose_shares_source(c, n, next) &&
		    c->out->n > first)
			c->keep_next = (ptrdiff_t)first;
		else
			compose_source_line(c, n, first);
		break;
	case NODE_CASE_STUDY:
	case NODE_CASE_STUDIES:
		compose_case_study(c, n);
		break;
	case NODE_IMAGE:
		compose_image(c, n);
		break;
	case NODE_CONTENTS:
		compose_contents(c, n);
		break;
	case NODE_KEEP:
	case NODE_EACH:
		break;
	}
}

static void compose_each(struct composer *c, size_t i);

/* Composes the nodes [from, to) of the document, with their
 * keep-together groups. */
static void
compose_nodes(struct composer *c, size_t from, size_t to)
{
	size_t i = from, group_end = 0, group_box = 0;
	ptrdiff_t keep;

	while (i < to) {
		const struct node *n = &c->spec->nodes[i];

		if (n->kind == NODE_EACH) {
			compose_each(c, i);
			i += 1 + n->nchildren;
			continue;
		}
		if (n->kind == NODE_KEEP) {
			group_end = i + 1 + n->nchildren;
			group_box = c->out->n;
			i++;
			continue;
		}
		keep = c->keep_next;
		c->keep_next = -1;
		compose_node(c, n, i + 1 < to ? &c->spec->nodes[i + 1] : NULL);
		if (keep >= 0 && c->out->v[keep].keep_n == 0)
			c->out->v[keep].keep_n = c->out->n - (size_t)keep - 1;
		if (i + 1 == group_end && c->out->n > group_box)
			c->out->v[group_box].keep_n = c->out->n - group_box - 1;
		i++;
	}
}

/* <each prefecture="focus">: its nodes once for every focus prefecture,
 * as if that prefecture were the pack's only one.  <each> does not nest,
 * so this recurses once. */
static void
compose_each(struct composer *c, size_t i)
{
	const struct node *n = &c->spec->nodes[i];
	const struct pack *whole = c->pack;
	struct pack one = *whole;
	size_t k;

	c->pack = &one;
	for (k = 0; k < whole->nfocus; k++) {
		one.focus[0] = whole->focus[k];
		one.nfocus = 1;
		compose_nodes(c, i + 1, i + 1 + n->nchildren);
	}
	c->pack = whole;
}

/* Replaces {title} and {date} in s for lang (both: "ja / en"). */
static const char *
expand(struct composer *c, const char *s, unsigned lang)
{
	struct buf b = {0};
	const char *p = s, *r;
	char date[64];

	while (*p != '\0') {
		if (strncmp(p, "{title}", 7) == 0) {
			struct composer one = *c;

			one.lang = lang;
			buf_adds(&b, joined(&one, &c->pack->title));
			p += 7;
		} else if (strncmp(p, "{date}", 6) == 0) {
			if (lang & LANG_JA) {
				format_date(&c->pack->date, LANG_JA, date,
					    sizeof date);
				buf_adds(&b, date);
			}
			if (lang == (LANG_JA | LANG_EN))
				buf_adds(&b, " / ");
			if (lang & LANG_EN) {
				format_date(&c->pack->date, LANG_EN, date,
					    sizeof date);
				buf_adds(&b, date);
			}
			p += 6;
		} else {
			buf_addc(&b, *p++);
		}
	}
	r = arena_strdup(&c->out->arena, b.data ? b.data : "");
	buf_free(&b);
	return r;
}

/* A header or footer part in the output languages. */
static const char *
band_part(struct composer *c, const struct text *t)
{
	if (t->ja == NULL && t->en == NULL)
		return NULL;
	if (c->lang == (LANG_JA | LANG_EN) && t->ja && t->en &&
	    strcmp(t->ja, t->en) != 0)
		return arena_printf(&c->out->arena, "%s / %s",
				    expand(c, t->ja, LANG_JA),
				    expand(c, t->en, LANG_EN));
	return expand(c, compose_pick(c, t, compose_first(c)),
		      t->ja && t->en && strcmp(t->ja, t->en) == 0
			      ? c->lang
			      : (unsigned)compose_first(c));
}

/* The pack's document number in the output languages ("ja / en"), or
 * NULL when the packs file gives none. */
static const char *
compose_number(struct composer *c)
{
	const struct fact *nb = &c->pack->number;
	struct text t;

	if (nb->text.ja == NULL && nb->text.en == NULL)
		return NULL;
	t.ja = compose_fact(c, nb, LANG_JA);
	t.en = compose_fact(c, nb, LANG_EN);
	return joined(c, &t);
}

static void
compose_masters(struct composer *c)
{
	const struct spec *s = c->spec;
	struct boxes *o = c->out;
	size_t i;
	enum lang lang;

	const char *number = compose_number(c);

	o->masters = arena_alloc(&o->arena, s->nmasters * sizeof *o->masters);
	o->nmasters = s->nmasters;
	for (i = 0; i < s->nmasters; i++) {
		const struct page_setup *ps = &s->masters[i];
		struct master *m = &o->masters[i];
		const struct band *bands[2] = {&ps->header, &ps->footer};
		struct band_text *out[2] = {&m->header, &m->footer};
		size_t k;

		m->ps = ps;
		for (k = 0; k < 2; k++) {
			out[k]->on = bands[k]->on;
			out[k]->part[0] = band_part(c, &bands[k]->left);
			out[k]->part[1] = band_part(c, &bands[k]->center);
			out[k]->part[2] = band_part(c, &bands[k]->right);
		}
		/* Without a header of the layout's, the running header
		 * carries the document number at the right. */
		if (!ps->header.on && number != NULL) {
			m->header.on = true;
			m->header.part[2] = number;
		}
		if (ps->watermark.ja == NULL && ps->watermark.en == NULL)
			continue;
		for (lang = LANG_JA; lang <= LANG_EN; lang++)
			if (c->lang & lang)
				m->watermark[m->nwatermark++] =
					compose_pick(c, &ps->watermark, lang);
	}
}

/* The names of places that no line break may split: the prefectures
 * and regions, and the municipalities of the surveys read, in both
 * languages. */
static struct text_names *
place_names(const struct composer *c)
{
	struct text_names *t = text_names_new();
	const struct spec *s = c->spec;
	size_t i, d;
	int code;

	for (code = 1; code <= NPREFS; code++) {
		text_names_add(t, c->prefs->pref[code].name_ja);
		text_names_add(t, c->prefs->pref[code].name_en);
	}
	for (i = 0; i < c->prefs->nregions; i++) {
		char ja[128], en[128];

		text_names_add(t, c->prefs->regions[i].name_ja);
		text_names_add(t, c->prefs->regions[i].name_en);
		snprintf(ja, sizeof ja, "%s地方", c->prefs->regions[i].name_ja);
		snprintf(en, sizeof en, "%s region",
			 c->prefs->regions[i].name_en);
		text_names_add(t, ja);
		text_names_add(t, en);
	}
	for (d = 0; d < s->ndatasets && s->name_column >= 0; d++)
		for (i = 0; c->tables[d] != NULL && i < c->tables[d]->nrows;
		     i++) {
			const struct row *row = &c->tables[d]->rows[i];
			const struct roster_span *m =
				c->roster == NULL
					? NULL
					: roster_on(c->roster,
						    row->cells[s->code_column].code,
						    &s->datasets[d].as_of);

			if (!row->cells[s->name_column].missing)
				text_names_add(t,
					       row->cells[s->name_column].text);
			if (m != NULL && m->name_en[0] != '\0')
				text_names_add(t, m->name_en);
		}
	return t;
}

struct boxes *
compose_build(const struct compose_in *in)
{
	struct composer c = {in->spec, in->cube, in->prefs, in->roster, in->pack,
			     in->fonts, in->lang, in->tables};
	const struct spec *spec = in->spec;

	c.out = xcalloc(1, sizeof *c.out);
	c.ok = true;
	c.font = fonts_find(in->fonts, "gothic");
	c.serif = fonts_find(in->fonts, "mincho");
	if (c.font < 0) {
		msg_error(&(struct loc){spec->fonts_path, 0, 0},
			  "no font named \"gothic\"");
		boxes_free(c.out);
		return NULL;
	}
	if (c.serif < 0)
		c.serif = c.font;
	c.out->font = c.font;
	c.keep_next = -1;
	c.names = place_names(&c);
	use_master(&c, 0);
	compose_masters(&c);
	compose_stamp(&c);
	c.out->number = compose_number(&c);
	compose_nodes(&c, 0, spec->nnodes);
	fill_contents(&c);
	free(c.toc);
	free(c.tocs);
	text_names_free(c.names);
	if (!c.ok) {
		boxes_free(c.out);
		return NULL;
	}
	return c.out;
}

void
boxes_free(struct boxes *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		free(b->v[i].head);
		free(b->v[i].body);
		free(b->v[i].foot);
		free(b->v[i].alt);
		free(b->v[i].refs);
	}
	free(b->v);
	arena_free(&b->arena);
	free(b);
}
