#include "compose.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compose_int.h"
#include "cube.h"
#include "fonts.h"
#include "lgcode.h"
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
	b->master = -1;
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

size_t
compose_text(struct composer *c, struct box *b, struct drawlist *l,
	     double *y, const char *s, double size, uint32_t color,
	     enum align align, double width)
{
	struct text_style st = {c->fonts, c->font, size, width};
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
			compose_slice(c, b, false, &own, pl.leading_pt);
		}
	}
	free(lines);
	draw_free(&own);
	return n;
}

/* The old name, kept short for the many calls below. */
#define text_lines compose_text

/* Sizes and colours of the first and second language. */
static void
bilingual_style(const struct composer *c, enum lang lang, double size,
		double *sz, uint32_t *color)
{
	bool second = lang != compose_first(c);

	*sz = second ? size * SECOND : size;
	*color = second ? INK_SOFT : INK;
}

/* --- the cover ---------------------------------------------------------- */

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
			   first ? 22 : 14, first ? INK : INK_SOFT,
			   ALIGN_CENTER, w);
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
			   size, color, ALIGN_CENTER, w);
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
			   color, ALIGN_CENTER, w);
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
				   color, ALIGN_CENTER, w);
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
		text_lines(c, b, &l, &y, s, size, color, ALIGN_CENTER, w);
	}
	compose_slice(c, b, false, &l, c->height);
	draw_free(&l);
}

/*
 * The regions a node's "region" and "members" rows mean: the named region
 * (a table's region attribute), else those holding the focus prefectures,
 * in order of first appearance.  Returns how many, at most NREGIONS.
 */
#define NREGIONS 16

static size_t
node_regions(struct composer *c, const struct node *n, int *v)
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

	nr = node_regions(c, n, regions);
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

/* --- tables ------------------------------------------------------------ */

#define CELL_PAD 5.0
#define HEAD_PT 8.0
#define MARK "●" /* a municipality has adopted the value */
#define MAX_COLS 64

enum row_style {
	STYLE_PLAIN,
	STYLE_FOCUS,    /* a focus prefecture, highlighted */
	STYLE_SUBTOTAL, /* a region, or a prefecture under its
	                 * municipalities */
	STYLE_TOTAL     /* the nation */
};

/* A table row: a place of the cube, or a survey row. */
struct trow {
	size_t geo;            /* the place; for a survey row, its
	                        * prefecture */
	const struct row *row; /* a survey row, or NULL */
	enum row_style style;
	size_t index;          /* order before sorting */
	double key;            /* sort key when numeric */
	const char *skey;      /* sort key when text, else NULL */
};

/* The table being composed. */
struct tbl {
	const struct node *n;
	const struct table *t; /* the dataset's survey rows */
	struct trow *rows;
	size_t nrows, cap;
	const char **cells;    /* [row][col][2]: first, second language */
	double width[MAX_COLS];
};

static void
add_row(struct tbl *tb, size_t geo, const struct row *row,
	enum row_style style)
{
	struct trow *r;

	if (tb->nrows == tb->cap) {
		tb->cap = tb->cap ? 2 * tb->cap : 64;
		tb->rows = xreallocarray(tb->rows, tb->cap, sizeof *tb->rows);
	}
	r = &tb->rows[tb->nrows];
	memset(r, 0, sizeof *r);
	r->geo = geo;
	r->row = row;
	r->style = style;
	r->index = tb->nrows++;
}

/* Text of a cell in lang. */
static const char *
cell_text(struct composer *c, const struct tbl *tb, const struct tcol *t,
	  const struct trow *r, enum lang lang)
{
	const struct cell *cell;
	char num[64];

	switch (t->kind) {
	case TCOL_NAME:
		if (r->row != NULL)
			return r->row->cells[c->spec->name_column].text;
		return compose_geo_name(c, r->geo, lang);
	case TCOL_CODE:
		if (r->row != NULL)
			return arena_printf(
				&c->out->arena, "%06u",
				(unsigned)r->row->cells[c->spec->code_column]
					.code);
		return r->geo < NPREFS ? arena_printf(&c->out->arena, "%02zu",
						      r->geo + 1)
				       : "";
	case TCOL_MEASURE:
		if (r->row != NULL)
			return "";
		return compose_value(c, (size_t)t->dataset, (size_t)t->measure,
				     r->geo, &t->fmt, lang);
	case TCOL_FIELD:
		if (r->row == NULL)
			return "";
		cell = &r->row->cells[t->field];
		if (cell->missing)
			return NO_DATA;
		if (t->mark >= 0)
			return cell->choice == t->mark ? MARK : "";
		if (c->spec->schema.cols[t->field].type == COL_NUMBER) {
			format_number(cell->num, &t->fmt, lang, num,
				      sizeof num);
			return arena_strdup(&c->out->arena, num);
		}
		return cell->text;
	}
	(void)tb;
	return "";
}

static int
cmp_rows(const void *a, const void *b)
{
	const struct trow *x = a, *y = b;
	int d;

	if (x->skey != NULL && y->skey != NULL) {
		if ((d = strcmp(x->skey, y->skey)) != 0)
			return d;
	} else if (x->key != y->key) {
		return x->key < y->key ? -1 : 1;
	}
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Sorts rows [from, to) by the table's sort column; rows without a value
 * go last. */
static void
sort_rows(struct composer *c, struct tbl *tb, size_t from, size_t to)
{
	const struct tableopt *o = tb->n->table;
	const struct tcol *t;
	size_t i;

	if (o->sort < 0 || to - from < 2)
		return;
	t = &tb->n->cols[o->sort];
	for (i = from; i < to; i++) {
		struct trow *r = &tb->rows[i];
		const struct cube_value *v;
		double sign = o->descending ? -1 : 1;

		r->skey = NULL;
		r->key = HUGE_VAL;
		switch (t->kind) {
		case TCOL_NAME:
		case TCOL_CODE:
			r->skey = cell_text(c, tb, t, r, compose_first(c));
			break;
		case TCOL_MEASURE:
			v = cube_get(c->cube, (size_t)t->dataset,
				     (size_t)t->measure, r->geo);
			if (r->row == NULL && v->state == CUBE_OK)
				r->key = sign * v->value;
			break;
		case TCOL_FIELD:
			if (r->row == NULL || r->row->cells[t->field].missing)
				break;
			if (t->mark >= 0)
				r->key = sign * (r->row->cells[t->field]
							 .choice == t->mark
							 ? 0
							 : 1);
			else if (c->spec->schema.cols[t->field].type ==
				 COL_NUMBER)
				r->key = sign * r->row->cells[t->field].num;
			else
				r->skey = r->row->cells[t->field].text;
			break;
		}
	}
	qsort(tb->rows + from, to - from, sizeof *tb->rows, cmp_rows);
	if (o->descending && tb->rows[from].skey != NULL)
		for (i = 0; i < (to - from) / 2; i++) {
			struct trow tmp = tb->rows[from + i];

			tb->rows[from + i] = tb->rows[to - 1 - i];
			tb->rows[to - 1 - i] = tmp;
		}
}

/* Adds the survey rows of prefecture code, in file order, sorted, and
 * the prefecture's row after them when the table has subtotals. */
static void
add_municipalities(struct composer *c, struct tbl *tb, int code)
{
	size_t i, from = tb->nrows;
	int col = c->spec->code_column;

	for (i = 0; i < tb->t->nrows; i++) {
		const struct row *row = &tb->t->rows[i];

		if (!row->cells[col].missing &&
		    lgcode_pref(row->cells[col].code) == code)
			add_row(tb, cube_pref(code), row, STYLE_PLAIN);
	}
	sort_rows(c, tb, from, tb->nrows);
	if (tb->n->table->subtotals)
		add_row(tb, cube_pref(code), NULL, STYLE_SUBTOTAL);
}

/* Adds prefecture rows geo[0..n) sorted, and with subtotals grouped by
 * region, each region's row after its prefectures. */
static void
add_prefectures(struct composer *c, struct tbl *tb, const size_t *geo,
		size_t n)
{
	const struct tableopt *o = tb->n->table;
	size_t i, r, from;

	if (!o->subtotals) {
		from = tb->nrows;
		for (i = 0; i < n; i++)
			add_row(tb, geo[i], NULL, STYLE_PLAIN);
		sort_rows(c, tb, from, tb->nrows);
		return;
	}
	for (r = 0; r < c->prefs->nregions; r++) {
		from = tb->nrows;
		for (i = 0; i < n; i++)
			if (c->prefs->pref[geo[i] + 1].region == (int)r)
				add_row(tb, geo[i], NULL, STYLE_PLAIN);
		if (tb->nrows == from)
			continue;
		sort_rows(c, tb, from, tb->nrows);
		add_row(tb, cube_region((int)r), NULL, STYLE_SUBTOTAL);
	}
}

/* Expands the row selections of a table into tb->rows. */
static void
table_rows(struct composer *c, struct tbl *tb)
{
	const struct node *n = tb->n;
	const struct tableopt *o = n->table;
	size_t geo[MAX_ROWS], i, j, k;
	struct node one = *n;

	for (i = 0; i < n->nrows; i++) {
		one.rows[0] = n->rows[i];
		one.nrows = 1;
		switch (n->rows[i]) {
		case ROWS_FOCUS:
		case ROWS_ALL:
		case ROWS_MEMBERS:
			k = compose_rows(c, &one, geo);
			add_prefectures(c, tb, geo, k);
			break;
		case ROWS_REGION:
			k = compose_rows(c, &one, geo);
			for (j = 0; j < k; j++)
				add_row(tb, geo[j], NULL, STYLE_SUBTOTAL);
			break;
		case ROWS_NATION:
			add_row(tb, cube_nation(c->cube), NULL, STYLE_TOTAL);
			break;
		case ROWS_MUNICIPALITIES:
			if (o->prefecture > 0)
				add_municipalities(c, tb, o->prefecture);
			else
				for (j = 0; j < c->pack->nfocus; j++)
					add_municipalities(c, tb,
							   c->pack->focus[j]);
			break;
		}
	}
	if (o->highlight_focus)
		for (i = 0; i < tb->nrows; i++)
			if (tb->rows[i].row == NULL &&
			    tb->rows[i].style == STYLE_PLAIN &&
			    compose_is_focus(c, tb->rows[i].geo))
				tb->rows[i].style = STYLE_FOCUS;
}

/* Fills tb->cells with the text of every cell in both languages (the
 * second only where the name column shows it). */
static void
table_cells(struct composer *c, struct tbl *tb)
{
	const struct node *n = tb->n;
	enum lang first = compose_first(c);
	bool two = c->lang == (LANG_JA | LANG_EN);
	size_t r, i;

	tb->cells = arena_alloc(&c->out->arena,
				(tb->nrows * n->ncols * 2 + 1) *
					sizeof *tb->cells);
	for (r = 0; r < tb->nrows; r++)
		for (i = 0; i < n->ncols; i++) {
			const struct tcol *t = &n->cols[i];
			const char **cell = &tb->cells[(r * n->ncols + i) * 2];

			cell[0] = cell_text(c, tb, t, &tb->rows[r], first);
			cell[1] = NULL;
			if (two && t->kind == TCOL_NAME &&
			    tb->rows[r].row == NULL)
				cell[1] = cell_text(c, tb, t, &tb->rows[r],
						    LANG_EN);
		}
}

/* Widest word (between spaces) of s at size: what a wrapping cell needs
 * at least. */
static double
widest_word(const struct composer *c, const char *s, double size)
{
	double best = 0, w;
	const char *p = s, *q;

	while (*p != '\0') {
		q = p + strcspn(p, " ");
		w = fonts_width(c->fonts, c->font, p, (size_t)(q - p), size);
		best = w > best ? w : best;
		p = *q ? q + 1 : q;
	}
	return best;
}

/* Natural width of the column's cells (nat), the least it can take
 * (need) and of its header (head), padding included. */
static void
column_needs(struct composer *c, const struct tbl *tb, size_t i,
	     double *nat, double *need, double *head)
{
	const struct node *n = tb->n;
	const struct tcol *t = &n->cols[i];
	double size2 = BODY_PT * SECOND, w, m;
	enum lang lang;
	size_t r, k;

	*nat = *need = *head = 0;
	for (r = 0; r < tb->nrows; r++)
		for (k = 0; k < 2; k++) {
			const char *s = tb->cells[(r * n->ncols + i) * 2 + k];

			if (s == NULL)
				continue;
			w = compose_width(c, s, k ? size2 : BODY_PT);
			m = t->wrap ? widest_word(c, s, k ? size2 : BODY_PT)
				    : w;
			*nat = w > *nat ? w : *nat;
			*need = m > *need ? m : *need;
		}
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		w = compose_width(c, compose_pick(&t->head, lang),
				  lang == compose_first(c) ? HEAD_PT
							   : HEAD_PT * SECOND);
		*head = w > *head ? w : *head;
	}
	*nat += 2 * CELL_PAD;
	*need += 2 * CELL_PAD;
	*head = (*head > *nat - 2 * CELL_PAD ? *head : *nat - 2 * CELL_PAD) +
		2 * CELL_PAD;
}

/*
 * Column widths.  Fixed columns take their width; automatic ones their
 * content and header; fraction columns share what is left.  Without
 * fraction columns the spare width goes to the value columns.  When the
 * table is too wide, headers wrap first, then wrapping cells.
 */
static void
column_widths(struct composer *c, struct tbl *tb)
{
	const struct node *n = tb->n;
	double nat[MAX_COLS], need[MAX_COLS], head[MAX_COLS];
	double fixed = 0, want = 0, least = 0, shares = 0, spare;
	size_t i, nvalue = 0;
	double *width = tb->width;

	for (i = 0; i < n->ncols; i++) {
		const struct tcol *t = &n->cols[i];

		column_needs(c, tb, i, &nat[i], &need[i], &head[i]);
		switch (t->width_kind) {
		case CWIDTH_FIXED:
			fixed += t->width;
			break;
		case CWIDTH_FRACTION:
			shares += t->width;
			least += need[i];
			break;
		case CWIDTH_AUTO:
			want += head[i];
			least += need[i];
			nvalue += t->kind == TCOL_MEASURE;
			break;
		}
	}
	spare = c->width - fixed - want;
	for (i = 0; i < n->ncols; i++) {
		const struct tcol *t = &n->cols[i];

		switch (t->width_kind) {
		case CWIDTH_FIXED:
			width[i] = t->width;
			break;
		case CWIDTH_FRACTION:
			width[i] = spare > 0 ? spare * t->width / shares : 0;
			width[i] = width[i] > need[i] ? width[i] : need[i];
			break;
		case CWIDTH_AUTO:
			if (spare >= 0) {
				width[i] = head[i];
				if (shares == 0 && nvalue > 0 &&
				    t->kind == TCOL_MEASURE)
					width[i] += spare / (double)nvalue;
			} else if (c->width - fixed > least) {
				/* Shrink from head towards need. */
				double room = c->width - fixed - least;

				width[i] = need[i] +
					   (head[i] - need[i]) * room /
						   (want - least);
			} else {
				width[i] = need[i];
			}
			break;
		}
	}
	if (spare > 0 && shares == 0 && nvalue == 0 && n->ncols > 0 &&
	    n->cols[0].width_kind == CWIDTH_AUTO)
		width[0] += spare;
	if (c->width - fixed < least - 0.01)
		msg_warn(&n->loc, "the table is %.0f pt wider than the page",
			 least + fixed - c->width);
}

/* The alignment of column t. */
static enum align
col_align(const struct tcol *t)
{
	switch (t->align) {
	case CALIGN_LEFT:
		return ALIGN_LEFT;
	case CALIGN_CENTER:
		return ALIGN_CENTER;
	case CALIGN_RIGHT:
		return ALIGN_RIGHT;
	case CALIGN_AUTO:
		break;
	}
	if (t->kind == TCOL_MEASURE)
		return ALIGN_RIGHT;
	if (t->kind == TCOL_FIELD)
		return t->mark >= 0 ? ALIGN_CENTER : ALIGN_LEFT;
	return ALIGN_LEFT;
}

/* Adds a header cell's text in the output languages to l at *y. */
static void
head_text(struct composer *c, struct drawlist *l, const struct text *t,
	  double x, double *y, double w, enum align a)
{
	enum lang lang;
	size_t first, k;

	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size = lang == compose_first(c) ? HEAD_PT
						       : HEAD_PT * SECOND;

		if (!(c->lang & lang))
			continue;
		first = l->n;
		compose_text(c, NULL, l, y, compose_pick(t, lang), size, WHITE,
			     a, w - 2 * CELL_PAD);
		for (k = first; k < l->n; k++)
			l->v[k].x += x + CELL_PAD;
	}
}

/* The header rows: column groups above their columns, then the columns;
 * a column outside any group fills both rows. */
static void
table_head(struct composer *c, const struct tbl *tb, struct box *b)
{
	const struct node *n = tb->n;
	const struct tableopt *o = n->table;
	struct drawlist l = {0};
	double x, y, top = 0, height = 0, gx[MAX_COLS + 1];
	size_t i, g;

	draw_rect(&l, 0, 0, 0, 0, ACCENT, NO_COLOR, 0);
	gx[0] = 0;
	for (i = 0; i < n->ncols; i++)
		gx[i + 1] = gx[i] + tb->width[i];
	for (g = 0; g < o->ngroups; g++) {
		const struct tgroup *tg = &o->groups[g];

		if (tg->n == 0)
			continue;
		y = 4;
		head_text(c, &l, &tg->head, gx[tg->first], &y,
			  gx[tg->first + tg->n] - gx[tg->first], ALIGN_CENTER);
		top = y + 1 > top ? y + 1 : top;
	}
	for (g = 0; g < o->ngroups; g++) {
		const struct tgroup *tg = &o->groups[g];

		if (tg->n > 0)
			draw_line(&l, gx[tg->first] + CELL_PAD, top,
				  gx[tg->first + tg->n] - CELL_PAD, top, WHITE,
				  0.5, 0);
	}
	for (i = 0, x = 0; i < n->ncols; i++) {
		const struct tcol *t = &n->cols[i];

		y = t->group >= 0 ? top + 3 : 4;
		head_text(c, &l, &t->head, x, &y, tb->width[i], col_align(t));
		height = y + 3 > height ? y + 3 : height;
		x += tb->width[i];
	}
	l.v[0].w = x;
	l.v[0].h = height;
	compose_slice(c, b, true, &l, height);
	draw_free(&l);
}

/* Background and ink of a row. */
static void
row_colors(struct composer *c, const struct tbl *tb, size_t r, uint32_t *bg,
	   uint32_t *ink)
{
	const struct trow *row = &tb->rows[r];

	*ink = INK;
	*bg = NO_COLOR;
	switch (row->style) {
	case STYLE_PLAIN:
		if (tb->n->table->zebra && r % 2 == 1)
			*bg = ZEBRA;
		break;
	case STYLE_FOCUS:
		*bg = FOCUS_TINT;
		*ink = FOCUS;
		break;
	case STYLE_SUBTOTAL:
		*bg = row->geo == cube_nation(c->cube) ? TINT_DARK : TINT;
		break;
	case STYLE_TOTAL:
		*bg = TINT_DARK;
		break;
	}
}

/*
 * Adds a row as one slice, or, when it alone is taller than a page under
 * the table's header, as several, cut between lines of text.
 */
static void
row_slices(struct composer *c, struct box *b, const struct drawlist *l,
	   double height, uint32_t bg)
{
	double limit = c->height - 4, start = 0, end, w = c->width;
	struct drawlist part = {0};
	size_t i;

	for (i = 0; i < b->nhead; i++)
		limit -= b->head[i].height_pt;
	if (height <= limit || limit < 40) {
		compose_slice(c, b, false, l, height);
		return;
	}
	while (start < height) {
		end = start + limit < height ? start + limit : height;
		/* A line of text crossing the cut goes to the next part. */
		for (i = 0; i < l->n && end < height; i++) {
			const struct item *it = &l->v[i];
			double top = it->y - it->size_pt * 1.1;

			if (it->kind == ITEM_TEXT && top > start && top < end &&
			    top + it->size_pt * LEADING > end)
				end = top;
		}
		part.n = 0;
		if (bg != NO_COLOR)
			draw_rect(&part, 0, 0, w, end - start, bg, NO_COLOR, 0);
		for (i = 0; i < l->n; i++) {
			const struct item *it = &l->v[i];
			double top = it->kind == ITEM_TEXT
					     ? it->y - it->size_pt * 1.1
					     : it->y;

			if (it->kind == ITEM_RECT && it->fill == bg && it->y == 0)
				continue; /* the background, redrawn above */
			if (top >= start && (top < end || end >= height)) {
				struct item *p = draw_add(&part, it->kind);

				*p = *it;
				p->y -= start;
			}
		}
		compose_slice(c, b, false, &part, end - start);
		start = end;
	}
	draw_free(&part);
}

static void
table_row(struct composer *c, const struct tbl *tb, struct box *b, size_t r)
{
	const struct node *n = tb->n;
	struct drawlist l = {0};
	double x = 0, height = 0, size2 = BODY_PT * SECOND;
	uint32_t bg, ink;
	size_t i;

	row_colors(c, tb, r, &bg, &ink);
	draw_rect(&l, 0, 0, 0, 0, bg, NO_COLOR, 0);
	for (i = 0; i < n->ncols; i++) {
		const struct tcol *t = &n->cols[i];
		const char **cell = &tb->cells[(r * n->ncols + i) * 2];
		double w = tb->width[i] - 2 * CELL_PAD, y = 3;
		enum align a = col_align(t);
		size_t first = l.n, k;

		if (t->wrap)
			compose_text(c, NULL, &l, &y, cell[0], BODY_PT, ink, a,
				     w);
		else {
			double cw = compose_width(c, cell[0], BODY_PT);

			draw_text(&l,
				  a == ALIGN_RIGHT    ? w - cw
				  : a == ALIGN_CENTER ? (w - cw) / 2
						      : 0,
				  y + BODY_PT * 1.1, c->font, BODY_PT, ink,
				  cell[0], cw);
			y += BODY_PT * LEADING;
		}
		if (cell[1] != NULL)
			compose_text(c, NULL, &l, &y, cell[1], size2,
				     ink == INK ? INK_SOFT : ink, a, w);
		for (k = first; k < l.n; k++)
			l.v[k].x += x + CELL_PAD;
		height = y + 2 > height ? y + 2 : height;
		x += tb->width[i];
	}
	if (bg == NO_COLOR)
		l.v[0].fill = NO_COLOR;
	l.v[0].w = x;
	l.v[0].h = height;
	draw_line(&l, 0, height, x, height, RULE, 0.5, 0);
	if (bg == NO_COLOR) {
		/* No background: drop the placeholder rectangle. */
		memmove(l.v, l.v + 1, (l.n - 1) * sizeof *l.v);
		l.n--;
	}
	row_slices(c, b, &l, height, bg == NO_COLOR ? NO_COLOR : bg);
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
		compose_text(c, b, &l, &y, compose_pick(&n->text, lang), size,
			     color, ALIGN_LEFT, c->width);
	}
	compose_slice(c, b, false, &l, y + 2);
	draw_free(&l);
}

/* The note under a table, as the table's last slice. */
static void
table_note(struct composer *c, const struct node *n, struct box *b)
{
	const struct text *t = &n->table->note;
	struct drawlist l = {0};
	double y = 3;
	enum lang lang;

	if (t->ja == NULL && t->en == NULL)
		return;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size;
		uint32_t color;

		if (!(c->lang & lang))
			continue;
		bilingual_style(c, lang, BODY_PT - 1, &size, &color);
		compose_text(c, NULL, &l, &y, compose_pick(t, lang), size,
			     INK_SOFT, ALIGN_LEFT, c->width);
		(void)color;
	}
	compose_slice(c, b, false, &l, y);
	draw_free(&l);
}

static void
compose_table(struct composer *c, const struct node *n)
{
	struct tbl tb = {n, c->tables[n->dataset]};
	struct box *b;
	size_t r;

	int regions[NREGIONS];

	if (n->ncols > MAX_COLS) {
		msg_error(&n->loc, "a table has at most %d columns", MAX_COLS);
		c->ok = false;
		return;
	}
	/* An unknown region is reported once, here. */
	if (n->table->region != NULL && node_regions(c, n, regions) == 0)
		return;
	table_rows(c, &tb);
	table_cells(c, &tb);
	compose_title(c, n);
	b = compose_box(c, BOX_FLOW, &n->loc);
	b->space_before_pt = 4;
	column_widths(c, &tb);
	table_head(c, &tb, b);
	for (r = 0; r < tb.nrows; r++)
		table_row(c, &tb, b, r);
	table_note(c, n, b);
	free(tb.rows);
}

/* --- blocks ------------------------------------------------------------ */

/* A text in the output languages on one line: "ja / en" for both. */
static const char *
joined(struct composer *c, const struct text *t)
{
	if (c->lang == (LANG_JA | LANG_EN) && t->ja && t->en &&
	    strcmp(t->ja, t->en) != 0)
		return arena_printf(&c->out->arena, "%s / %s", t->ja, t->en);
	return compose_pick(t, compose_first(c));
}

static void
compose_heading(struct composer *c, const struct node *n)
{
	struct box *b = compose_box(c, BOX_FLOW, &n->loc);
	struct drawlist l = {0};
	bool sub = n->level == 2;
	double y = 0;
	enum lang lang;

	b->space_before_pt = sub ? 10 : 16;
	b->keep_with_next = true;
	b->outline = joined(c, &n->text);
	b->outline_level = n->level;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		bool first = lang == compose_first(c);
		double size = first ? (sub ? 11.5 : 14) : (sub ? 8.5 : 10);
		uint32_t color = first ? ACCENT : INK_SOFT;

		if (!(c->lang & lang))
			continue;
		compose_text(c, b, &l, &y, compose_pick(&n->text, lang), size,
			     color, ALIGN_LEFT, c->width);
	}
	if (sub)
		draw_line(&l, 0, y + 1, c->width, y + 1, RULE, 0.6, 0);
	else
		draw_line(&l, 0, y + 2, c->width, y + 2, ACCENT, 1.2, 0);
	compose_slice(c, b, false, &l, y + (sub ? 5 : 8));
	draw_free(&l);
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
		compose_text(c, b, NULL, NULL, compose_pick(&n->text, lang),
			     size, color, to_align(n->align), c->width);
	}
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
	}
	return compose_value(c, (size_t)f->dataset, (size_t)f->measure, geo,
			     &f->fmt, lang);
}

#define FIGURE_PT 20.0
#define FIGURES_PER_ROW 4

/* One key figure in the cell [x, x + w) from y: value, change, caption.
 * Returns the height used. */
static double
key_figure(struct composer *c, struct drawlist *l, const struct figure *f,
	   double x, double w)
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
		if (!(c->lang & lang))
			continue;
		bilingual_style(c, lang, BODY_PT, &size, &color);
		from = l->n;
		compose_text(c, NULL, l, &y, compose_pick(&f->caption, lang),
			     size, color, ALIGN_CENTER, w - 2 * CELL_PAD);
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
		double h = 0;
		size_t rects = 0;

		for (i = row; i < n->nfigures && i < row + per; i++)
			draw_rect(&l, (double)(i - row) * (w + gap), 0, w, 0,
				  TINT, NO_COLOR, 0), rects++;
		for (i = row; i < n->nfigures && i < row + per; i++) {
			double x = (double)(i - row) * (w + gap);
			double fh = key_figure(c, &l, &n->figures[i], x, w);

			h = fh > h ? fh : h;
		}
		for (i = 0; i < rects; i++)
			l.v[i].h = h;
		compose_slice(c, b, false, &l, h + gap);
		draw_free(&l);
	}
}

#define CASE_LABEL_W 78.0

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
		bilingual_style(c, lang, BODY_PT - 1, &size, &color);
		compose_text(c, NULL, l, &ly,
			     lang == LANG_JA ? label_ja : label_en, size,
			     ACCENT, ALIGN_LEFT, CASE_LABEL_W);
	}
	for (k = 0; k < l->n; k++)
		;
	from = l->n;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		bilingual_style(c, lang, BODY_PT, &size, &color);
		compose_text(c, NULL, l, y, compose_pick(t, lang), size, color,
			     lang == LANG_JA ? ALIGN_JUSTIFY : ALIGN_LEFT, w);
	}
	for (k = from; k < l->n; k++)
		l->v[k].x += CASE_LABEL_W;
	*y = (ly > *y ? ly : *y) + 4;
}

static void
compose_case_study(struct composer *c, const struct node *n)
{
	const struct casestudy *cs = n->cs;
	struct box *b = compose_box(c, BOX_FLOW, &n->loc);
	struct drawlist l = {0};
	double y = 6, size;
	enum lang lang;
	uint32_t color;
	size_t i, k, from;

	b->space_before_pt = 10;
	b->keep_together = true;
	draw_rect(&l, 0, 0, c->width, 0, TINT, NO_COLOR, 0);
	from = l.n;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		bilingual_style(c, lang, 11, &size, &color);
		compose_text(c, NULL, &l, &y, compose_pick(&n->text, lang),
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
	for (i = 0; i < cs->neffects; i++) {
		const struct figure *f = &cs->effects[i];
		struct text t = {NULL, NULL};
		const char *v, *ch;

		for (lang = LANG_JA; lang <= LANG_EN; lang++) {
			const char *cap = compose_pick(&f->caption, lang);
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
		case_row(c, &l, &y, i == 0 ? "効果" : "",
			 i == 0 ? "Effect" : "", &t);
	}
	for (k = from; k < l.n; k++)
		l.v[k].x += CELL_PAD;
	draw_rect(&l, 0, 0, c->width, y + 2, NO_COLOR, ACCENT, 0.8);
	compose_slice(c, b, false, &l, y + 2);
	draw_free(&l);
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

static void
compose_node(struct composer *c, const struct node *n)
{
	struct box *b;

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
		break;
	case NODE_BAR_CHART:
		compose_title(c, n);
		compose_bar_chart(c, n);
		break;
	case NODE_KEY_FIGURES:
		compose_key_figures(c, n);
		break;
	case NODE_CASE_STUDY:
		compose_case_study(c, n);
		break;
	case NODE_IMAGE:
		compose_image(c, n);
		break;
	case NODE_KEEP:
		break;
	}
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
	return expand(c, compose_pick(t, compose_first(c)),
		      t->ja && t->en && strcmp(t->ja, t->en) == 0
			      ? c->lang
			      : (unsigned)compose_first(c));
}

static void
compose_masters(struct composer *c)
{
	const struct spec *s = c->spec;
	struct boxes *o = c->out;
	size_t i;
	enum lang lang;

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
		if (ps->watermark.ja == NULL && ps->watermark.en == NULL)
			continue;
		for (lang = LANG_JA; lang <= LANG_EN; lang++)
			if (c->lang & lang)
				m->watermark[m->nwatermark++] =
					compose_pick(&ps->watermark, lang);
	}
}

struct boxes *
compose_build(const struct compose_in *in)
{
	struct composer c = {in->spec, in->cube, in->prefs, in->pack,
			     in->fonts, in->lang, in->tables};
	const struct spec *spec = in->spec;
	size_t i, group_end = 0, group_box = 0;

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
	use_master(&c, 0);
	compose_masters(&c);
	for (i = 0; i < spec->nnodes; i++) {
		const struct node *n = &spec->nodes[i];

		if (n->kind == NODE_KEEP) {
			group_end = i + 1 + n->nchildren;
			group_box = c.out->n;
			continue;
		}
		compose_node(&c, n);
		if (i + 1 == group_end && c.out->n > group_box)
			c.out->v[group_box].keep_n = c.out->n - group_box - 1;
	}
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
