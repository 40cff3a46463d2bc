#include "compose.h"

#include <linebreak.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose_int.h"
#include "cube.h"
#include "fonts.h"
#include "prefs.h"
#include "spec.h"
#include "utf8.h"
#include "xalloc.h"

#define NO_DATA "—" /* shown for a value that does not exist */

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
	return b;
}

void
compose_slice(struct composer *c, struct box *b, bool head,
	      const struct drawlist *l, double height)
{
	struct slice **v = head ? &b->head : &b->body;
	size_t *n = head ? &b->nhead : &b->nbody;
	struct slice *s;

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	s = &(*v)[(*n)++];
	s->height_pt = height;
	s->items = draw_copy(&c->out->arena, l->v, l->n, 0, 0);
	s->nitems = l->n;
}

const char *
compose_pick(const struct text *t, enum lang lang)
{
	if (lang == LANG_JA)
		return t->ja ? t->ja : t->en;
	return t->en ? t->en : t->ja;
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

struct line {
	const char *s; /* start, inside the wrapped string */
	size_t len;    /* bytes */
	double w;      /* width, pt */
};

/* Appends the line [start, end) without trailing spaces to *v. */
static void
add_line(struct line **v, size_t *n, const char *start, const char *end,
	 double w)
{
	while (end > start && end[-1] == ' ')
		end--;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = (struct line){start, (size_t)(end - start), w};
}

/*
 * Breaks s into lines no wider than width at the break opportunities of
 * UAX #14; a word wider than a line is broken between characters.
 * Returns the number of lines stored in *out (arena-allocated).
 */
static size_t
wrap(struct composer *c, const char *s, double size, double width,
     struct line **out)
{
	size_t n = strlen(s), nlines = 0;
	char *brk = xmalloc(n + 1);
	struct line *lines = NULL;
	const char *p = s, *end = s + n, *start = s, *fit = NULL;
	double w = 0, w_fit = 0;

	set_linebreaks_utf8((const utf8_t *)s, n, "ja", brk);
	while (p < end) {
		const char *q = p;
		int32_t cp = utf8_next(&q, end);
		double adv = fonts_advance(c->fonts, c->font,
					   cp < 0 ? 0xfffd : (uint32_t)cp, size);

		if (cp != ' ' && w + adv > width && p > start) {
			/* p does not fit: end the line at the last break
			 * opportunity, else just before p. */
			const char *cut = fit ? fit : p;

			add_line(&lines, &nlines, start, cut, fit ? w_fit : w);
			for (start = cut; start < p && *start == ' '; start++)
				;
			w = fonts_width(c->fonts, c->font, start,
					(size_t)(p - start), size);
			fit = NULL;
			continue;
		}
		w += adv;
		p = q;
		if (brk[q - s - 1] == LINEBREAK_ALLOWBREAK) {
			fit = q;
			w_fit = cp == ' ' ? w - adv : w;
		}
	}
	if (end > start || nlines == 0)
		add_line(&lines, &nlines, start, end, w);
	free(brk);
	*out = arena_alloc(&c->out->arena, nlines * sizeof **out);
	memcpy(*out, lines, nlines * sizeof **out);
	free(lines);
	return nlines;
}

/* Copies a line's bytes into the arena as a string of its own. */
static const char *
line_str(struct composer *c, const struct line *l)
{
	return arena_strndup(&c->out->arena, l->s, l->len);
}

enum align { LEFT, CENTER, RIGHT };

/*
 * Adds the wrapped text as one slice per line to box b (or to l when l is
 * not NULL, at *y, advancing it).  Returns the number of lines.
 */
static size_t
text_lines(struct composer *c, struct box *b, struct drawlist *l, double *y,
	   const char *s, double size, uint32_t color, enum align align,
	   double width)
{
	struct line *lines;
	size_t n = wrap(c, s, size, width, &lines), i;
	double lh = size * LEADING;
	struct drawlist own = {0};

	for (i = 0; i < n; i++) {
		struct drawlist *dl = l ? l : &own;
		double x = align == LEFT     ? 0
			   : align == CENTER ? (width - lines[i].w) / 2
					     : width - lines[i].w;
		double top = l ? *y : 0;

		draw_text(dl, x, top + size * 1.1, c->font, size, color,
			  line_str(c, &lines[i]), lines[i].w);
		if (l != NULL) {
			*y += lh;
		} else {
			compose_slice(c, b, false, &own, lh);
			own.n = 0;
		}
	}
	draw_free(&own);
	return n;
}

/* Sizes and colours of the first and second language. */
static void
bilingual_style(const struct composer *c, enum lang lang, double size,
		double *sz, uint32_t *color)
{
	bool second = lang != compose_first(c);

	*sz = second ? size * SECOND : size;
	*color = second ? INK_SOFT : INK;
}

/* --- blocks ------------------------------------------------------------ */

static void
compose_heading(struct composer *c, const struct node *n)
{
	struct box *b = compose_box(c, BOX_FLOW, &n->loc);
	struct drawlist l = {0};
	double y = 0;
	enum lang lang;

	b->space_before_pt = 16;
	b->keep_with_next = true;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size = lang == compose_first(c) ? 14 : 10;
		uint32_t color = lang == compose_first(c) ? ACCENT : INK_SOFT;

		if (!(c->lang & lang))
			continue;
		text_lines(c, b, &l, &y, compose_pick(&n->text, lang), size,
			   color, LEFT, c->width);
	}
	draw_line(&l, 0, y + 2, c->width, y + 2, ACCENT, 1.2, 0);
	compose_slice(c, b, false, &l, y + 8);
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

		if (!(c->lang & lang))
			continue;
		bilingual_style(c, lang, BODY_PT + 1, &size, &color);
		text_lines(c, b, NULL, NULL, compose_pick(&n->text, lang),
			   size, color, LEFT, c->width);
	}
}

static void
compose_cover(struct composer *c, const struct node *n)
{
	const struct pack *p = c->pack;
	const struct dataset *d = &c->spec->datasets[c->spec->ndatasets - 1];
	struct box *b = compose_box(c, BOX_COVER, &n->loc);
	struct drawlist l = {0};
	double y = c->height * 0.22, w = c->width;
	char date[64], asof[64];
	enum lang lang;
	size_t i;

	draw_rect(&l, 0, y - 24, w, 5, ACCENT, NO_COLOR, 0);
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		bool first = lang == compose_first(c);

		if (!(c->lang & lang))
			continue;
		text_lines(c, b, &l, &y, compose_pick(&p->title, lang),
			   first ? 22 : 14, first ? INK : INK_SOFT, CENTER, w);
		y += 6;
	}
	y += 28;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size;
		uint32_t color;

		if (!(c->lang & lang))
			continue;
		bilingual_style(c, lang, 15, &size, &color);
		format_date(&p->date, lang, date, sizeof date);
		text_lines(c, b, &l, &y, arena_strdup(&c->out->arena, date),
			   size, color, CENTER, w);
	}
	y += 10;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size;
		uint32_t color;

		if (!(c->lang & lang) || (p->venue.ja == NULL &&
					  p->venue.en == NULL))
			continue;
		bilingual_style(c, lang, 13, &size, &color);
		text_lines(c, b, &l, &y, compose_pick(&p->venue, lang), size,
			   color, CENTER, w);
	}
	y = c->height * 0.78;
	draw_line(&l, w * 0.2, y - 14, w * 0.8, y - 14, RULE, 0.6, 0);
	for (i = 0; i < n->nlines; i++)
		for (lang = LANG_JA; lang <= LANG_EN; lang++) {
			double size;
			uint32_t color;

			if (!(c->lang & lang))
				continue;
			bilingual_style(c, lang, 13, &size, &color);
			text_lines(c, b, &l, &y,
				   compose_pick(&n->lines[i], lang), size,
				   color, CENTER, w);
		}
	y += 8;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size;
		uint32_t color;
		const char *s;

		if (!(c->lang & lang))
			continue;
		bilingual_style(c, lang, BODY_PT, &size, &color);
		format_date(&d->as_of, lang, asof, sizeof asof);
		if (lang == LANG_JA)
			s = arena_printf(&c->out->arena,
					 "データ：%s（%s現在）",
					 compose_pick(&d->label, lang), asof);
		else
			s = arena_printf(&c->out->arena,
					 "Data: %s, as of %s",
					 compose_pick(&d->label, lang), asof);
		text_lines(c, b, &l, &y, s, size, color, CENTER, w);
	}
	compose_slice(c, b, false, &l, c->height);
	draw_free(&l);
}

size_t
compose_rows(const struct composer *c, const struct node *n, size_t *geo)
{
	const struct pack *p = c->pack;
	size_t k = 0, i, j, r;
	int code;

	for (i = 0; i < n->nrows; i++) {
		switch (n->rows[i]) {
		case ROWS_FOCUS:
			for (j = 0; j < p->nfocus; j++)
				geo[k++] = cube_pref(p->focus[j]);
			break;
		case ROWS_REGION:
			for (j = 0; j < p->nfocus; j++) {
				size_t g = cube_region(
					c->prefs->pref[p->focus[j]].region);

				for (r = 0; r < k && geo[r] != g; r++)
					;
				if (r == k)
					geo[k++] = g;
			}
			break;
		case ROWS_NATION:
			geo[k++] = cube_nation(c->cube);
			break;
		case ROWS_ALL:
			for (code = 1; code <= NPREFS; code++)
				geo[k++] = cube_pref(code);
			break;
		}
	}
	return k;
}

/* --- tables ------------------------------------------------------------ */

#define CELL_PAD 5.0
#define HEAD_PT 8.0

/* Text of a cell in lang. */
static const char *
cell_text(struct composer *c, const struct node *n, const struct tcol *t,
	  size_t geo, enum lang lang)
{
	switch (t->kind) {
	case TCOL_NAME:
		return compose_geo_name(c, geo, lang);
	case TCOL_CODE:
		return geo < NPREFS
			       ? arena_printf(&c->out->arena, "%02zu", geo + 1)
			       : "";
	case TCOL_MEASURE:
		return compose_value(c, (size_t)t->dataset, (size_t)t->measure,
				     geo, &t->fmt, lang);
	}
	(void)n;
	return "";
}

/* Column widths: content width first; spare width goes to the measure
 * columns, a shortfall is taken from headers, which then wrap. */
static void
column_widths(struct composer *c, const struct node *n, const size_t *geo,
	      size_t ngeo, double *width)
{
	double need[64], nat[64], sum_need = 0, sum_nat = 0, spare;
	size_t i, r, nmeasure = 0;
	enum lang lang;

	for (i = 0; i < n->ncols; i++) {
		const struct tcol *t = &n->cols[i];

		need[i] = 0;
		nat[i] = 0;
		for (lang = LANG_JA; lang <= LANG_EN; lang++) {
			double size = lang == compose_first(c)
					      ? BODY_PT
					      : BODY_PT * SECOND;
			double hsize = lang == compose_first(c)
					       ? HEAD_PT
					       : HEAD_PT * SECOND;
			double hw;

			if (!(c->lang & lang))
				continue;
			for (r = 0; r < ngeo; r++) {
				double w = compose_width(
					c, cell_text(c, n, t, geo[r], lang),
					size);

				if (w > need[i])
					need[i] = w;
			}
			hw = compose_width(c, compose_pick(&t->head, lang),
					   hsize);
			if (hw > nat[i])
				nat[i] = hw;
		}
		need[i] += 2 * CELL_PAD;
		nat[i] = (nat[i] > need[i] - 2 * CELL_PAD ? nat[i]
							  : need[i] - 2 * CELL_PAD) +
			 2 * CELL_PAD;
		sum_need += need[i];
		sum_nat += nat[i];
		nmeasure += t->kind == TCOL_MEASURE;
	}
	if (sum_nat <= c->width) {
		spare = c->width - sum_nat;
		for (i = 0; i < n->ncols; i++)
			width[i] = nat[i] + (n->cols[i].kind == TCOL_MEASURE
						     ? spare / nmeasure
						     : 0);
		if (nmeasure == 0)
			width[0] += spare;
		return;
	}
	spare = c->width - sum_need;
	for (i = 0; i < n->ncols; i++)
		width[i] = need[i] + (spare > 0 ? spare * (nat[i] - need[i]) /
							  (sum_nat - sum_need)
						: 0);
	if (spare < 0) {
		msg_warn(&n->loc, "the table is %.0f pt wider than the page",
			 -spare);
	}
}

static double
compose_table_head(struct composer *c, const struct node *n, struct box *b,
		   const double *width)
{
	struct drawlist l = {0};
	double x = 0, height = 0, y;
	size_t i;
	enum lang lang;

	/* The background goes first, under the text; its height is known
	 * once every header cell is laid out. */
	draw_rect(&l, 0, 0, 0, 0, ACCENT, NO_COLOR, 0);
	for (i = 0; i < n->ncols; i++) {
		y = 4;
		for (lang = LANG_JA; lang <= LANG_EN; lang++) {
			double size = lang == compose_first(c)
					      ? HEAD_PT
					      : HEAD_PT * SECOND;
			enum align a = n->cols[i].kind == TCOL_MEASURE ? RIGHT
								       : LEFT;
			size_t first = l.n, k;

			if (!(c->lang & lang))
				continue;
			text_lines(c, b, &l, &y,
				   compose_pick(&n->cols[i].head, lang), size,
				   WHITE, a, width[i] - 2 * CELL_PAD);
			for (k = first; k < l.n; k++)
				l.v[k].x += x + CELL_PAD;
		}
		if (y + 3 > height)
			height = y + 3;
		x += width[i];
	}
	l.v[0].w = x;
	l.v[0].h = height;
	compose_slice(c, b, true, &l, height);
	draw_free(&l);
	return height;
}

static void
compose_table_row(struct composer *c, const struct node *n, struct box *b,
		  const double *width, size_t geo)
{
	struct drawlist l = {0};
	bool two = c->lang == (LANG_JA | LANG_EN);
	double height = two ? 26 : 17, x = 0;
	uint32_t bg = geo == cube_nation(c->cube) ? TINT_DARK
		      : geo >= NPREFS             ? TINT
						  : NO_COLOR;
	size_t i;

	if (bg != NO_COLOR)
		draw_rect(&l, 0, 0, c->width, height, bg, NO_COLOR, 0);
	for (i = 0; i < n->ncols; i++) {
		const struct tcol *t = &n->cols[i];
		enum lang first = compose_first(c);
		const char *s = cell_text(c, n, t, geo, first);
		double w = compose_width(c, s, BODY_PT);
		bool right = t->kind == TCOL_MEASURE;
		double base = two && t->kind == TCOL_NAME ? 12.5
							  : height / 2 + 3.2;
		double tx = right ? x + width[i] - CELL_PAD - w : x + CELL_PAD;

		draw_text(&l, tx, base, c->font, BODY_PT, INK, s, w);
		if (two && t->kind == TCOL_NAME) {
			s = cell_text(c, n, t, geo, LANG_EN);
			w = compose_width(c, s, BODY_PT * SECOND);
			draw_text(&l, x + CELL_PAD, 22.5, c->font,
				  BODY_PT * SECOND, INK_SOFT, s, w);
		}
		x += width[i];
	}
	draw_line(&l, 0, height, x, height, RULE, 0.5, 0);
	compose_slice(c, b, false, &l, height);
	draw_free(&l);
}

static void
compose_title(struct composer *c, const struct node *n)
{
	struct box *b;
	struct drawlist l = {0};
	double y = 0;
	enum lang lang;

	if (n->text.ja == NULL && n->text.en == NULL)
		return;
	b = compose_box(c, BOX_FLOW, &n->loc);
	b->space_before_pt = 12;
	b->keep_with_next = true;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size;
		uint32_t color;

		if (!(c->lang & lang))
			continue;
		bilingual_style(c, lang, 10.5, &size, &color);
		text_lines(c, b, &l, &y, compose_pick(&n->text, lang), size,
			   color, LEFT, c->width);
	}
	compose_slice(c, b, false, &l, y + 2);
	draw_free(&l);
}

static void
compose_table(struct composer *c, const struct node *n)
{
	size_t geo[MAX_ROWS], ngeo = compose_rows(c, n, geo), r;
	double width[64];
	struct box *b;

	if (n->ncols > 64) {
		msg_error(&n->loc, "a table has at most 64 columns");
		c->ok = false;
		return;
	}
	compose_title(c, n);
	b = compose_box(c, BOX_FLOW, &n->loc);
	b->space_before_pt = 4;
	column_widths(c, n, geo, ngeo, width);
	compose_table_head(c, n, b, width);
	for (r = 0; r < ngeo; r++)
		compose_table_row(c, n, b, width, geo[r]);
}

/* --- the document -------------------------------------------------------- */

static void
compose_node(struct composer *c, const struct node *n)
{
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
		compose_box(c, BOX_PAGE_BREAK, &n->loc);
		break;
	case NODE_TABLE:
		compose_table(c, n);
		break;
	case NODE_CHART:
		compose_title(c, n);
		compose_chart(c, n);
		break;
	}
}

static const char *
footer_text(struct composer *c)
{
	const struct text *t = &c->pack->title;

	if (c->lang == (LANG_JA | LANG_EN) && t->ja && t->en)
		return arena_printf(&c->out->arena, "%s / %s", t->ja, t->en);
	return compose_pick(t, compose_first(c));
}

struct boxes *
compose_build(const struct spec *spec, const struct cube *cube,
	      const struct prefs *prefs, const struct pack *pack,
	      const struct fonts *fonts, unsigned lang)
{
	static bool initialized;
	struct composer c = {spec, cube, prefs, pack, fonts, lang};
	size_t i;

	if (!initialized) {
		init_linebreak();
		initialized = true;
	}
	c.out = xcalloc(1, sizeof *c.out);
	c.ok = true;
	c.font = fonts_find(fonts, "gothic");
	c.serif = fonts_find(fonts, "mincho");
	if (c.font < 0) {
		msg_error(&(struct loc){spec->fonts_path, 0, 0},
			  "no font named \"gothic\"");
		boxes_free(c.out);
		return NULL;
	}
	if (c.serif < 0)
		c.serif = c.font;
	c.width = spec->page.width_pt - 2 * spec->page.margin_pt;
	c.height = spec->page.height_pt - 2 * spec->page.margin_pt;
	c.out->content_w_pt = c.width;
	c.out->footer = footer_text(&c);
	for (i = 0; i < spec->nnodes; i++)
		compose_node(&c, &spec->nodes[i]);
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
	}
	free(b->v);
	arena_free(&b->arena);
	free(b);
}
