/*
 * Tables: rows of places or survey rows, columns of names, codes,
 * measures and survey fields; widths, header rows with column groups,
 * sorting, subtotals, highlighting and notes.  Part of compose.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compose_int.h"
#include "cube.h"
#include "fonts.h"
#include "lgcode.h"
#include "msg.h"
#include "roster.h"
#include "table.h"
#include "xalloc.h"

/* --- tables ------------------------------------------------------------ */

#define HEAD_PT 8.0 /* header text, or the cells' size when smaller */
#define MARK "●" /* a municipality has adopted the value */
#define MAX_COLS 64
#define RULE_PT 0.5 /* a row's rule */

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
	double pt;             /* text size of the cells */
	bool inline_names;     /* a table of municipalities: by default a
	                        * name's two languages on one line where
	                        * they fit */
	double width[MAX_COLS];
};

/* The size of the header's text: HEAD_PT, or the cells' when they are
 * smaller. */
static double
head_pt(const struct tbl *tb)
{
	return tb->pt < HEAD_PT ? tb->pt : HEAD_PT;
}

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

/* The change of t's measure at geo from dataset t->since to t->dataset;
 * false when either value is missing. */
static bool
change_of(const struct composer *c, const struct tcol *t, size_t geo,
	  double *v)
{
	const struct cube_value *a, *b;

	if (t->since < 0)
		return false;
	a = cube_get(c->cube, (size_t)t->since, (size_t)t->measure, geo);
	b = cube_get(c->cube, (size_t)t->dataset, (size_t)t->measure, geo);
	if (a->state != CUBE_OK || b->state != CUBE_OK)
		return false;
	*v = b->value - a->value;
	return true;
}

/* The rank of prefecture geo among the prefectures with a value of t's
 * measure: 1 for the highest (the lowest when ascending), ties sharing
 * a rank; *tied tells whether another prefecture shares it.  0 when geo
 * is not a prefecture or has no value. */
static int
rank_of(const struct composer *c, const struct tcol *t, size_t geo,
	bool *tied)
{
	const struct cube_value *v, *x;
	int rank = 1, code;

	*tied = false;
	if (geo >= NPREFS)
		return 0;
	v = cube_get(c->cube, (size_t)t->dataset, (size_t)t->measure, geo);
	if (v->state != CUBE_OK)
		return 0;
	for (code = 1; code <= NPREFS; code++) {
		x = cube_get(c->cube, (size_t)t->dataset, (size_t)t->measure,
			     cube_pref(code));
		if (x->state != CUBE_OK)
			continue;
		if (t->ascending ? x->value < v->value : x->value > v->value)
			rank++;
		else if (x->value == v->value && cube_pref(code) != geo)
			*tied = true;
	}
	return rank;
}

/* A municipality's name in lang: the survey's, or in English the
 * roster's on the as-of date of the table's dataset, where it has one
 * (codes tells of one that has none). */
static const char *
muni_name(const struct composer *c, const struct tbl *tb,
	  const struct row *row, enum lang lang)
{
	const struct roster_span *s;

	if (lang == LANG_EN && c->roster != NULL &&
	    (s = roster_on(c->roster, row->cells[c->spec->code_column].code,
			   &c->spec->datasets[tb->n->dataset].as_of)) !=
		    NULL &&
	    s->name_en[0] != '\0')
		return s->name_en;
	return row->cells[c->spec->name_column].text;
}

/* On a prefecture's row of a table of municipalities, a mark column
 * shows how many of its municipalities have the mark. */
static const char *
marked(struct composer *c, const struct tbl *tb, const struct tcol *t,
       size_t geo)
{
	int col = c->spec->code_column;
	unsigned n = 0;
	size_t i;

	for (i = 0; i < tb->t->nrows; i++) {
		const struct row *row = &tb->t->rows[i];

		if (!row->cells[col].missing &&
		    cube_pref(lgcode_pref(row->cells[col].code)) == geo &&
		    !row->cells[t->field].missing &&
		    row->cells[t->field].choice == t->mark)
			n++;
	}
	return arena_printf(&c->out->arena, "%u", n);
}

/* Text of a cell in lang. */
static const char *
cell_text(struct composer *c, const struct tbl *tb, const struct tcol *t,
	  const struct trow *r, enum lang lang)
{
	const struct cell *cell;
	char num[64];
	double d;
	bool tied;
	int k;

	switch (t->kind) {
	case TCOL_NAME:
		if (r->row != NULL)
			return muni_name(c, tb, r->row, lang);
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
	case TCOL_CHANGE:
		if (r->row != NULL)
			return "";
		if (!change_of(c, t, r->geo, &d))
			return NO_DATA;
		format_change(d, &t->fmt, lang, num, sizeof num);
		return arena_strdup(&c->out->arena, num);
	case TCOL_RANK:
		if (r->row != NULL || r->geo >= NPREFS)
			return "";
		if ((k = rank_of(c, t, r->geo, &tied)) == 0)
			return NO_DATA;
		/* A shared rank says so: 同率8, =8. */
		return arena_printf(&c->out->arena, "%s%d",
				    !tied ? "" : lang == LANG_JA ? "同率" : "=",
				    k);
	case TCOL_FIELD:
		if (r->row == NULL)
			return r->geo < NPREFS && t->mark >= 0
				       ? marked(c, tb, t, r->geo)
				       : "";
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
	double d;
	bool tied;
	int k;

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
		case TCOL_CHANGE:
			if (r->row == NULL && change_of(c, t, r->geo, &d))
				r->key = sign * d;
			break;
		case TCOL_RANK:
			if (r->row == NULL &&
			    (k = rank_of(c, t, r->geo, &tied)) > 0)
				r->key = sign * k;
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

/* The municipalities of one prefecture on a date that a survey lacks. */
struct lacking {
	struct composer *c;
	struct tbl *tb;
	int pref;
	const bool *have;   /* by municipality number (code / 10 % 1000) */
	size_t added;
};

/* Adds a municipality the survey lacks as a row of its own whose values
 * are all missing: it shows as no data, never as zero. */
static void
add_lacking(const struct roster_span *m, void *ctx)
{
	struct lacking *k = ctx;
	const struct spec *s = k->c->spec;
	size_t n = s->schema.ncols, i;
	struct row *row;

	if (m->pref != k->pref || k->have[m->code / 10 % 1000])
		return;
	row = arena_alloc(&k->c->out->arena, sizeof *row);
	row->cells = arena_alloc(&k->c->out->arena,
				 (n ? n : 1) * sizeof *row->cells);
	for (i = 0; i < n; i++)
		row->cells[i] = (struct cell){"", 0, 0, -1, true};
	row->cells[s->code_column] = (struct cell){
		arena_printf(&k->c->out->arena, "%06u", (unsigned)m->code), 0,
		m->code, -1, false};
	if (s->name_column >= 0)
		row->cells[s->name_column] =
			(struct cell){m->name_ja, 0, 0, -1, false};
	add_row(k->tb, cube_pref(k->pref), row, STYLE_PLAIN);
	k->added++;
}

/* Orders rows by their key: here, code, then the order they came in. */
static int
cmp_key(const void *a, const void *b)
{
	const struct trow *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/* Adds the survey rows of prefecture code, in file order, and those of
 * the roster's municipalities the survey lacks, all then in code order;
 * sorted; and the prefecture's row after them when the table has
 * subtotals. */
static void
add_municipalities(struct composer *c, struct tbl *tb, int code)
{
	size_t i, from = tb->nrows;
	int col = c->spec->code_column;
	bool have[1000] = {false};
	struct lacking k = {c, tb, code, have, 0};

	for (i = 0; i < tb->t->nrows; i++) {
		const struct row *row = &tb->t->rows[i];

		if (!row->cells[col].missing &&
		    lgcode_pref(row->cells[col].code) == code) {
			add_row(tb, cube_pref(code), row, STYLE_PLAIN);
			have[row->cells[col].code / 10 % 1000] = true;
		}
	}
	if (c->roster != NULL)
		roster_each(c->roster,
			    &c->spec->datasets[tb->n->dataset].as_of,
			    add_lacking, &k);
	if (k.added > 0) {
		for (i = from; i < tb->nrows; i++)
			tb->rows[i].key =
				tb->rows[i].row->cells[col].code * 1e6 +
				(double)tb->rows[i].index;
		qsort(tb->rows + from, tb->nrows - from, sizeof *tb->rows,
		      cmp_key);
		for (i = from; i < tb->nrows; i++)
			tb->rows[i].index = i;
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
			tb->inline_names = true;
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
			    (tb->rows[r].row == NULL || c->roster != NULL))
				cell[1] = cell_text(c, tb, t, &tb->rows[r],
						    LANG_EN);
			if (cell[1] != NULL && strcmp(cell[1], cell[0]) == 0)
				cell[1] = NULL;
		}
}

/* Does the column show a number of the place: a value, change or
 * rank? */
static bool
is_value(const struct tcol *t)
{
	return t->kind == TCOL_MEASURE || t->kind == TCOL_CHANGE ||
	       t->kind == TCOL_RANK;
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

#define INLINE_GAP 5.0 /* between a name's two languages, pt */

/* Does column t set a name's English beside its Japanese, where the
 * cell holds both: as the layout says, else for municipalities? */
static bool
beside(const struct tbl *tb, const struct tcol *t)
{
	switch (t->english) {
	case ENGLISH_AUTO:
		return tb->inline_names;
	case ENGLISH_BESIDE:
		return true;
	case ENGLISH_BELOW:
		break;
	}
	return false;
}

/* Width of a cell's two languages on one line. */
static double
inline_width(const struct composer *c, const struct tbl *tb,
	     const char *const *cell)
{
	return compose_width(c, cell[0], tb->pt) + INLINE_GAP +
	       compose_width(c, cell[1], compose_second(tb->pt));
}

/* Natural width of the column's cells (nat), the least it can take
 * (need) and of its header (head), padding included. */
static void
column_needs(struct composer *c, const struct tbl *tb, size_t i,
	     double *nat, double *need, double *head)
{
	const struct node *n = tb->n;
	const struct tcol *t = &n->cols[i];
	double size2 = compose_second(tb->pt), w, m;
	enum lang lang;
	size_t r, k;

	*nat = *need = *head = 0;
	for (r = 0; r < tb->nrows; r++) {
		const char **cell = &tb->cells[(r * n->ncols + i) * 2];

		for (k = 0; k < 2; k++) {
			if (cell[k] == NULL)
				continue;
			w = compose_width(c, cell[k], k ? size2 : tb->pt);
			m = t->wrap ? widest_word(c, cell[k],
						  k ? size2 : tb->pt)
				    : w;
			*nat = w > *nat ? w : *nat;
			*need = m > *need ? m : *need;
		}
		/* A name's two languages like one line. */
		if (beside(tb, t) && cell[1] != NULL) {
			w = inline_width(c, tb, cell);
			*nat = w > *nat ? w : *nat;
		}
	}
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		w = compose_width(c, compose_pick(c, &t->head, lang),
				  lang == compose_first(c)
					  ? head_pt(tb)
					  : compose_second(head_pt(tb)));
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
			nvalue += is_value(t);
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
				if (shares == 0 && nvalue > 0 && is_value(t))
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
	if (is_value(t))
		return ALIGN_RIGHT;
	if (t->kind == TCOL_FIELD)
		return t->mark >= 0 ? ALIGN_CENTER : ALIGN_LEFT;
	return ALIGN_LEFT;
}

/* Adds a header cell's text in the output languages to l at *y. */
static void
head_text(struct composer *c, const struct tbl *tb, struct drawlist *l,
	  const struct text *t, double x, double *y, double w, enum align a)
{
	enum lang lang;
	size_t first, k;

	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size = lang == compose_first(c)
				      ? head_pt(tb)
				      : compose_second(head_pt(tb));

		if (!(c->lang & lang))
			continue;
		first = l->n;
		compose_text(c, NULL, l, y, compose_pick(c, t, lang), size, WHITE,
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
		head_text(c, tb, &l, &tg->head, gx[tg->first], &y,
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
		head_text(c, tb, &l, &t->head, x, &y, tb->width[i],
			  col_align(t));
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
		/* A tint and a bold name: figures stay black, as red ones
		 * read as deficits. */
		*bg = FOCUS_TINT;
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
 * the table's header and continued caption, as several, cut between
 * lines of text.
 */
static void
row_slices(struct composer *c, struct box *b, const struct drawlist *l,
	   double height, uint32_t bg, enum slice_kind kind)
{
	double limit = c->height - 4, start = 0, end, w = c->width;
	struct drawlist part = {0};
	size_t i;

	for (i = 0; i < b->nhead; i++)
		limit -= b->head[i].height_pt;
	if (b->cont != NULL)
		limit -= b->cont->height_pt;
	if (height <= limit || limit < 40) {
		compose_slice(c, b, false, l, height)->kind = kind;
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
		compose_slice(c, b, false, &part, end - start)->kind = kind;
		start = end;
	}
	draw_free(&part);
}

static void
table_row(struct composer *c, const struct tbl *tb, struct box *b, size_t r)
{
	const struct node *n = tb->n;
	struct drawlist l = {0};
	double x = 0, height = 0, size2 = compose_second(tb->pt), pt = tb->pt;
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
			compose_text(c, NULL, &l, &y, cell[0], pt, ink, a,
				     w);
		else {
			double cw = compose_width(c, cell[0], pt);

			draw_text(&l,
				  a == ALIGN_RIGHT    ? w - cw
				  : a == ALIGN_CENTER ? (w - cw) / 2
						      : 0,
				  y + pt * 1.1, c->font, pt, ink,
				  cell[0], cw);
			y += pt * LEADING;
		}
		if (t->kind == TCOL_NAME && tb->rows[r].style == STYLE_FOCUS)
			for (k = first; k < l.n; k++)
				l.v[k].bold = true;
		if (cell[1] != NULL && beside(tb, t) && a == ALIGN_LEFT &&
		    inline_width(c, tb, cell) <= w)
			/* A name's two languages fit on one line: the
			 * second after the first. */
			draw_text(&l, compose_width(c, cell[0], pt) +
					      INLINE_GAP,
				  3 + pt * 1.1, c->font, size2,
				  ink == INK ? INK_SOFT : ink, cell[1],
				  compose_width(c, cell[1], size2));
		else if (cell[1] != NULL)
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
	/* The rule inside the row's own height: the next row's fill,
	 * drawn after it, would cover the half of it below. */
	draw_line(&l, 0, height - RULE_PT / 2, x, height - RULE_PT / 2, RULE,
		  RULE_PT, 0);
	if (bg == NO_COLOR) {
		/* No background: drop the placeholder rectangle. */
		memmove(l.v, l.v + 1, (l.n - 1) * sizeof *l.v);
		l.n--;
	}
	row_slices(c, b, &l, height, bg == NO_COLOR ? NO_COLOR : bg,
		   tb->rows[r].style == STYLE_SUBTOTAL ||
				   tb->rows[r].style == STYLE_TOTAL
			   ? SLICE_TOTAL
			   : SLICE_ROW);
	draw_free(&l);
}

/*
 * Appends to out, in lang, what the table's rates divide by: all the
 * municipalities of the roster on the as-of date, those without an
 * answer included (of="roster"), or those that answered (of="answered").
 * A reader cannot tell a rate apart from its denominator otherwise.
 */
static void
rates_basis(const struct composer *c, const struct node *n, enum lang lang,
	    struct buf *out)
{
	bool roster = false, many = false, answered = false, ja = lang == LANG_JA;
	int dataset = -1;
	char date[64];
	size_t i;

	for (i = 0; i < n->ncols; i++) {
		const struct tcol *t = &n->cols[i];
		const struct measure *ms;

		if (t->kind != TCOL_MEASURE && t->kind != TCOL_CHANGE &&
		    t->kind != TCOL_RANK)
			continue;
		ms = &c->spec->measures[t->measure];
		if (ms->kind != MEASURE_RATIO)
			continue;
		if (ms->of == RATIO_ANSWERED)
			answered = true;
		if (ms->of != RATIO_ROSTER)
			continue;
		many = many || (roster && dataset != t->dataset) ||
		       t->kind == TCOL_CHANGE;
		roster = true;
		dataset = t->dataset;
	}
	if (roster && !many)
		format_date(&c->spec->datasets[dataset].as_of, lang, date,
			    sizeof date);
	if (roster && many)
		buf_adds(out, ja ? "率の分母は各調査時点の全市区町村（回答のない団体を"
				   "含む）。"
				 : "Rates divide by all municipalities as of "
				   "each survey's date, those without an answer "
				   "included. ");
	else if (roster)
		buf_printf(out,
			   ja ? "率の分母は%s現在の全市区町村（回答のない団体を含む）"
				"。"
			      : "Rates divide by all municipalities as of %s, "
				"those without an answer included. ",
			   date);
	if (answered)
		buf_adds(out, ja ? "率の分母は回答した市区町村（回答のない団体を除く）。"
				 : "Rates divide by the municipalities that "
				   "answered, those without an answer left "
				   "out.");
}

/* The note under a table, and what its rates divide by, as the table's
 * last slice. */
static void
table_note(struct composer *c, const struct node *n, struct box *b)
{
	const struct text *t = &n->table->note;
	struct drawlist l = {0};
	double y = 3;
	enum lang lang;
	struct buf basis = {0};

	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double size;
		uint32_t color;

		if (!(c->lang & lang))
			continue;
		buf_clear(&basis);
		rates_basis(c, n, lang, &basis);
		if ((t->ja == NULL && t->en == NULL) && basis.len == 0)
			continue;
		compose_style(c, lang, BODY_PT - 1, &size, &color);
		if (t->ja != NULL || t->en != NULL)
			compose_text(c, NULL, &l, &y, compose_pick(c, t, lang),
				     size, INK_SOFT, ALIGN_LEFT, c->width);
		while (basis.len > 0 && basis.data[basis.len - 1] == ' ')
			basis.data[--basis.len] = '\0';
		if (basis.len > 0)
			compose_text(c, NULL, &l, &y, basis.data, size,
				     INK_SOFT, ALIGN_LEFT, c->width);
		(void)color;
	}
	buf_free(&basis);
	if (l.n == 0) {
		draw_free(&l);
		return;
	}
	compose_slice(c, b, false, &l, y)->kind = SLICE_NOTE;
	draw_free(&l);
}

void
compose_table(struct composer *c, const struct node *n)
{
	struct tbl tb = {n, c->tables[n->dataset]};
	struct box *b;
	size_t r;
	int regions[NREGIONS];

	tb.pt = n->table->size_pt > 0 ? n->table->size_pt : BODY_PT;
	if (n->ncols > MAX_COLS) {
		msg_error(&n->loc, "a table has at most %d columns", MAX_COLS);
		c->ok = false;
		return;
	}
	/* An unknown region is reported once, here. */
	if (n->table->region != NULL && compose_regions(c, n, regions) == 0)
		return;
	table_rows(c, &tb);
	table_cells(c, &tb);
	compose_title(c, n);
	b = compose_box(c, BOX_FLOW, &n->loc);
	b->space_before_pt = 4;
	compose_continued(c, n, b);
	column_widths(c, &tb);
	table_head(c, &tb, b);
	for (r = 0; r < tb.nrows; r++)
		table_row(c, &tb, b, r);
	table_note(c, n, b);
	free(tb.rows);
}

