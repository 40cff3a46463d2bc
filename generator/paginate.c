#include "paginate.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compose.h"
#include "fonts.h"
#include "msg.h"
#include "spec.h"
#include "xalloc.h"

#define BAND_PT 7.0
#define BAND_INK 0x6b6b6bU
#define BAND_RULE 0xc8c8c8U
#define WATERMARK_INK 0xb4b4b4U
#define STAMP_PT 8.0          /* the mark of sample data */
#define STAMP_INK 0xc0504dU
#define NUMBER_PT 11.0        /* the cover's document number */
#define WATERMARK_OPACITY 0.35

/* Where pages may break: the house rules. */
#define MIN_ROWS 3     /* table rows on each page a table spans */
#define MIN_LINES 2    /* lines of a paragraph's language on each page */
#define INTRO_LINES 4  /* a paragraph of fewer lines after a heading
                        * keeps with what it introduces */
#define TIGHT 0.85     /* table rows close up to this share of their
                        * height to keep a table on one page */
#define MIN_FILL (1 / 3.0) /* the least share of a page a table's last
                            * rows fill when the page ends with them */

/* A page number to fill in, and where its text run went. */
struct placed_ref {
	const struct page_ref *ref;
	size_t page;            /* index into pages.v */
	size_t item;            /* index into that page's items */
};

/* State of the page being filled. */
struct pager {
	const struct boxes *boxes;
	const struct fonts *fonts;
	int font;
	struct pages *out;
	size_t cap;             /* pages allocated */
	size_t outline_cap;
	int master;             /* master of the page being filled */
	int *page_master;       /* per finished page */
	struct drawlist items;  /* of the current page */
	struct placed *slices;  /* of the current page */
	size_t nslices, slices_cap;
	struct placed_ref *refs; /* page numbers to fill in */
	size_t nrefs;
	double y;               /* next free y on the current page, pt */
	double reserve;         /* pt kept free at the foot of the page for
	                         * the foot of the box being placed */
	bool open;              /* a page is being filled */
	bool empty;             /* nothing placed on it yet */
	bool forced;            /* the page was begun by a break of the
	                         * layout */
};

static const struct page_setup *
setup(const struct pager *pg)
{
	return pg->boxes->masters[pg->master].ps;
}

static double
bottom(const struct pager *pg)
{
	return setup(pg)->height_pt - setup(pg)->bottom_pt - pg->reserve;
}

/* Notes that the items from item on are those of a slice of kind k of
 * box box (SIZE_MAX for none), at y, h high. */
static void
note_slice(struct pager *pg, enum slice_kind k, unsigned lang, size_t box,
	   double y, double h, size_t item)
{
	struct placed *p;

	if (pg->nslices == pg->slices_cap) {
		pg->slices_cap = pg->slices_cap ? 2 * pg->slices_cap : 64;
		pg->slices = xreallocarray(pg->slices, pg->slices_cap,
					   sizeof *pg->slices);
	}
	p = &pg->slices[pg->nslices++];
	p->kind = k;
	p->lang = lang;
	p->box = box;
	p->y_pt = y;
	p->height_pt = h;
	p->item = item;
	p->nitems = pg->items.n - item;
}

static void
finish_page(struct pager *pg, bool cover)
{
	struct pages *o = pg->out;
	const struct page_setup *ps = setup(pg);
	struct page *p;

	if (!pg->open)
		return;
	pg->open = false;
	if (pg->empty) {
		pg->nslices = 0;
		pg->items.n = 0;
		return;
	}
	if (o->n == pg->cap) {
		pg->cap = pg->cap ? 2 * pg->cap : 8;
		o->v = xreallocarray(o->v, pg->cap, sizeof *o->v);
		pg->page_master = xreallocarray(pg->page_master, pg->cap,
						sizeof *pg->page_master);
	}
	pg->page_master[o->n] = pg->master;
	p = &o->v[o->n++];
	p->width_pt = setup(pg)->width_pt;
	p->height_pt = setup(pg)->height_pt;
	p->left_pt = ps->margin_pt;
	p->right_pt = ps->width_pt - ps->margin_pt;
	p->top_pt = ps->top_pt;
	p->bottom_pt = ps->height_pt - ps->bottom_pt;
	p->items = draw_copy(&o->arena, pg->items.v, pg->items.n, 0, 0);
	p->nitems = pg->items.n;
	p->slices = arena_alloc(&o->arena, pg->nslices * sizeof *p->slices);
	memcpy(p->slices, pg->slices, pg->nslices * sizeof *p->slices);
	p->nslices = pg->nslices;
	p->cover = cover;
	p->forced = pg->forced;
	pg->items.n = 0;
	pg->nslices = 0;
	pg->forced = false;
}

/* The master's watermark, under everything else on the page: large,
 * light, translucent and turned. */
static void
watermark(struct pager *pg)
{
	const struct master *m = &pg->boxes->masters[pg->master];
	const struct page_setup *ps = m->ps;
	double size = ps->width_pt / 5, cx = ps->width_pt / 2,
	       cy = ps->height_pt / 2;
	size_t i, from = pg->items.n;

	for (i = 0; i < m->nwatermark; i++) {
		double sz = i == 0 ? size : size * 0.45;
		double w = fonts_width(pg->fonts, pg->font, m->watermark[i],
				       strlen(m->watermark[i]), sz);
		/* Lines stacked along the turned baseline's normal. */
		double off = i == 0 ? 0 : size * 0.9;
		struct item *it;

		/* 30 degrees: cos 0.866, sin 0.5. */
		draw_text(&pg->items,
			  cx - 0.866 * w / 2 + 0.5 * off,
			  cy + 0.5 * w / 2 + 0.866 * off, pg->font, sz,
			  WATERMARK_INK, m->watermark[i], w);
		it = &pg->items.v[pg->items.n - 1];
		it->angle_deg = 30;
		it->opacity = WATERMARK_OPACITY;
	}
	if (pg->items.n > from)
		note_slice(pg, SLICE_MASTER, 0, SIZE_MAX, 0, ps->height_pt,
			   from);
}

static void
new_page(struct pager *pg)
{
	finish_page(pg, false);
	pg->open = true;
	pg->empty = true;
	pg->y = setup(pg)->top_pt;
	watermark(pg);
}

/* Places slice s of box box at the current y, its height closed up to
 * scale (table rows; 1 for anything else). */
static void
place(struct pager *pg, const struct slice *s, size_t box, double scale)
{
	size_t i, from = pg->items.n;

	for (i = 0; i < s->nitems; i++) {
		struct item *it = draw_add(&pg->items, s->items[i].kind);

		*it = s->items[i];
		it->x += setup(pg)->margin_pt;
		it->y = pg->y + it->y * scale;
		if (it->kind == ITEM_RECT || it->kind == ITEM_LINE)
			it->h *= scale;
	}
	note_slice(pg, s->kind, s->lang, box, pg->y, s->height_pt * scale,
		   from);
	pg->y += s->height_pt * scale;
	pg->empty = false;
}

static double
slices_height(const struct slice *s, size_t n)
{
	double h = 0;
	size_t i;

	for (i = 0; i < n; i++)
		h += s[i].height_pt;
	return h;
}

static double
box_height(const struct box *b)
{
	return slices_height(b->head, b->nhead) +
	       slices_height(b->body, b->nbody) +
	       slices_height(b->foot, b->nfoot);
}

/* The number of table rows (SLICE_ROW) before each body slice of b:
 * rows[k] for slice k, rows[nbody] in all.  The caller frees it. */
static size_t *
row_counts(const struct box *b)
{
	size_t *rows = xcalloc(b->nbody + 1, sizeof *rows), k;

	for (k = 0; k < b->nbody; k++)
		rows[k + 1] = rows[k] + (b->body[k].kind == SLICE_ROW);
	return rows;
}

/*
 * May a page break fall before body slice j of box b, whose part on the
 * page began with slice from?  Never inside a keep-together box, nor
 * between the two languages of a paragraph; never where it leaves fewer
 * than MIN_ROWS rows of a table, or MIN_LINES lines of a paragraph's
 * language, on either side, so that total rows and notes stay with rows
 * of their table.  rows is from row_counts.
 */
static bool
may_break(const struct box *b, const size_t *rows, size_t from, size_t j)
{
	const struct slice *s = b->body;
	size_t k, before = 0, after = 0;

	if (b->keep_together || j <= from || j >= b->nbody)
		return false;
	switch (s[j].kind) {
	case SLICE_ROW:
	case SLICE_TOTAL:
	case SLICE_NOTE:
		return rows[j] - rows[from] >= MIN_ROWS &&
		       rows[b->nbody] - rows[j] >= MIN_ROWS;
	case SLICE_LINE:
		if (s[j - 1].kind != SLICE_LINE || s[j - 1].lang != s[j].lang)
			return false;
		for (k = j; k > from && s[k - 1].lang == s[j].lang; k--)
			before++;
		for (k = j; k < b->nbody && s[k].lang == s[j].lang; k++)
			after++;
		return before >= MIN_LINES && after >= MIN_LINES;
	case SLICE_BLOCK:
	case SLICE_HEADING:
	case SLICE_HEAD:
	case SLICE_ENTRY:
	case SLICE_MASTER:
		break;
	}
	return true;
}

/* The height box b needs on a page to start there from body slice from:
 * its head and its slices up to the first break allowed after at least
 * least slices, or all of them; the smallest version of a box that has
 * several. */
static double
lead(const struct box *b, size_t from, size_t least)
{
	double h = slices_height(b->head, b->nhead) +
		   slices_height(b->foot, b->nfoot);
	size_t *rows, j;

	if (b->nalt > 0)
		return h + b->alt[b->nalt - 1].height_pt;
	rows = row_counts(b);
	for (j = from; j < b->nbody; j++) {
		if (j >= from + least && may_break(b, rows, from, j))
			break;
		h += b->body[j].height_pt;
	}
	free(rows);
	return h;
}

/* Is b a paragraph of fewer than INTRO_LINES lines? */
static bool
is_intro(const struct box *b)
{
	return b->nbody > 0 && b->nbody < INTRO_LINES &&
	       b->body[0].kind == SLICE_LINE;
}

/*
 * The height box i needs on the page it starts on: its lead, and when it
 * keeps with the next (a heading, a title), the lead of that one too (at
 * least INTRO_LINES lines of a paragraph), past a short introduction, to
 * the first thing that may not be split from it: a table's header and
 * first rows, a chart, a case.
 */
static double group_height(const struct box *v);

static double
chain_need(const struct boxes *bs, size_t i)
{
	const struct box *b = &bs->v[i];
	double h = lead(b, 0, 1);
	bool keep = b->keep_with_next;

	while (keep && i + 1 < bs->n && bs->v[i + 1].kind == BOX_FLOW) {
		b = &bs->v[++i];
		/* A group kept on one page comes whole. */
		if (b->keep_n > 0)
			return h + b->space_before_pt + group_height(b);
		/* At least INTRO_LINES lines of a paragraph come along. */
		h += b->space_before_pt +
		     lead(b, 0, b->nbody > 0 && b->body[0].kind == SLICE_LINE
					? INTRO_LINES
					: 1);
		keep = b->keep_with_next || is_intro(b);
	}
	return h;
}

/* Height of the keep-together group that starts with box v[0]. */
static double
group_height(const struct box *v)
{
	double h = box_height(&v[0]);
	size_t i;

	for (i = 1; i <= v[0].keep_n; i++)
		h += v[i].space_before_pt + box_height(&v[i]);
	return h;
}

static void
add_outline(struct pager *pg, const struct box *b)
{
	struct pages *o = pg->out;
	struct outline_entry *e;

	if (o->noutline == pg->outline_cap) {
		pg->outline_cap = pg->outline_cap ? 2 * pg->outline_cap : 8;
		o->outline = xreallocarray(o->outline, pg->outline_cap,
					   sizeof *o->outline);
	}
	e = &o->outline[o->noutline++];
	e->title = b->outline;
	e->level = b->outline_level;
	e->page = o->n; /* the page being filled */
	e->y_pt = pg->y;
}

/* Notes where the text run of ref goes: the page being filled, after
 * the items already on it. */
static void
note_ref(struct pager *pg, const struct page_ref *ref)
{
	struct placed_ref *p;

	pg->refs = xreallocarray(pg->refs, pg->nrefs + 1, sizeof *pg->refs);
	p = &pg->refs[pg->nrefs++];
	p->ref = ref;
	p->page = pg->out->n;
	p->item = pg->items.n + ref->item;
}

/* What the pager had placed before a slice, to take the slice back. */
struct mark {
	size_t items, slices, refs;
	double y;
};

static struct mark
mark(const struct pager *pg)
{
	return (struct mark){pg->items.n, pg->nslices, pg->nrefs, pg->y};
}

static void
undo(struct pager *pg, const struct mark *m)
{
	pg->items.n = m->items;
	pg->nslices = m->slices;
	pg->nrefs = m->refs;
	pg->y = m->y;
}

static bool
is_row(const struct slice *s)
{
	return s->kind == SLICE_ROW || s->kind == SLICE_TOTAL;
}

/*
 * The scale to close up the rows of a table so that all of it from body
 * slice from fits on the page: 1 when it fits as it is, or when it would
 * need closing up beyond TIGHT and so breaks.
 */
static double
tighten(const struct pager *pg, const struct box *b, size_t from)
{
	double rows = 0, other = 0, room = bottom(pg) - pg->y, s;
	size_t k;

	for (k = from; k < b->nbody; k++)
		if (is_row(&b->body[k]))
			rows += b->body[k].height_pt;
		else
			other += b->body[k].height_pt;
	if (rows == 0 || rows + other <= room + 0.01)
		return 1;
	s = (room - other) / rows;
	return s >= TIGHT ? s : 1;
}

/*
 * Where the part of a table from body slice from ends when the table
 * then ends a page (the layout breaks the page after it, or the
 * document ends): at the break that shares the rows evenly between this
 * page and the next when the next would hold less than MIN_FILL of a
 * page; else b->nbody (no limit).
 */
static size_t
balance(const struct pager *pg, const struct box *b, const size_t *rows,
	size_t from, bool ends_page)
{
	double head = slices_height(b->head, b->nhead) +
		      (b->cont != NULL ? b->cont->height_pt : 0);
	double before = 0, last_h = 0;
	double all = slices_height(b->body + from, b->nbody - from);
	double page = bottom(pg) - setup(pg)->top_pt, best = 1e9, d;
	size_t k, last = from, pick = b->nbody;

	if (!ends_page || rows[b->nbody] == 0)
		return b->nbody;
	/* The last break on this page, and what would follow it. */
	for (k = from; k < b->nbody; k++) {
		if (pg->y + before + b->body[k].height_pt > bottom(pg) + 0.01)
			break;
		before += b->body[k].height_pt;
		if (may_break(b, rows, from, k + 1)) {
			last = k + 1;
			last_h = before;
		}
	}
	if (k == b->nbody || last == from ||
	    head + all - last_h >= MIN_FILL * page)
		return b->nbody;
	/* The break that leaves the two pages filled most alike. */
	for (k = from, before = 0; k < last; k++) {
		before += b->body[k].height_pt;
		if (!may_break(b, rows, from, k + 1))
			continue;
		d = fabs(before - (head + all - before));
		if (d < best) {
			best = d;
			pick = k + 1;
		}
	}
	return pick;
}

/* The foot of box b (its source line) where the page's part of it
 * ends. */
static void
place_foot(struct pager *pg, const struct box *b, size_t box)
{
	size_t k;

	for (k = 0; k < b->nfoot; k++)
		place(pg, &b->foot[k], box, 1);
}

/* A box with smaller versions: the first that fits the room left, the
 * smallest when none does. */
static void
place_alt(struct pager *pg, const struct box *b, size_t box)
{
	const struct slice *s = &b->body[0];
	size_t k;

	for (k = 0; k < b->nalt && pg->y + s->height_pt > bottom(pg) + 0.01;
	     k++)
		s = &b->alt[k];
	place(pg, s, box, 1);
}

/*
 * Places the body of box b (index box) from the current y: its head atop
 * every page it spans, under its continued caption on every page but the
 * first, and a page break before a slice that does not fit moved back to
 * where a break may fall.  ends_page: the layout breaks
 * the page after the box, or the document ends there.
 */
static void
place_body(struct pager *pg, const struct box *b, size_t box, bool ends_page)
{
	size_t *rows = row_counts(b), from = 0, k, j, r, stop;
	struct mark *marks = xcalloc(b->nbody + 1, sizeof *marks);
	double scale, h;

	/* Room for the foot at the end of every page the box is on. */
	pg->reserve = slices_height(b->foot, b->nfoot);
	for (;;) {
		/* On the pages it continues on, the caption says so. */
		if (from > 0 && b->cont != NULL)
			place(pg, b->cont, box, 1);
		for (k = 0; k < b->nhead; k++)
			place(pg, &b->head[k], box, 1);
		scale = tighten(pg, b, from);
		stop = scale < 1 ? b->nbody
				 : balance(pg, b, rows, from, ends_page);
		for (k = from; k < b->nbody; k++) {
			h = b->body[k].height_pt *
			    (is_row(&b->body[k]) ? scale : 1);
			if (k > from &&
			    (k == stop || pg->y + h > bottom(pg) + 0.01))
				break;
			/* A slice taller than the page less the foot: the
			 * foot goes only under the box's end. */
			if (pg->y + h > bottom(pg) + 0.01)
				pg->reserve = 0;
			if (pg->y + h > bottom(pg) + 0.01)
				msg_warn(&b->loc,
					 "content %.0f pt taller than the page",
					 pg->y + h - bottom(pg));
			marks[k] = mark(pg);
			for (r = 0; r < b->nrefs; r++)
				if (b->refs[r].slice == k)
					note_ref(pg, &b->refs[r]);
			place(pg, &b->body[k], box,
			      is_row(&b->body[k]) ? scale : 1);
		}
		if (k == b->nbody)
			break;
		/* Back to the last place a break may fall; where there is
		 * none on this page, the break falls where the page ends. */
		for (j = k; j > from && !may_break(b, rows, from, j); j--)
			;
		if (j > from && j < k)
			undo(pg, &marks[j]);
		else
			j = k;
		place_foot(pg, b, box);
		new_page(pg);
		from = j;
	}
	pg->reserve = 0;
	place_foot(pg, b, box);
	free(marks);
	free(rows);
}

static void
place_box(struct pager *pg, size_t i)
{
	const struct boxes *bs = pg->boxes;
	const struct box *b = &bs->v[i];
	double need = chain_need(bs, i), gap, room;
	bool ends_page = i + 1 == bs->n || bs->v[i + 1].kind != BOX_FLOW;

	if (!pg->open)
		new_page(pg);
	gap = pg->empty ? 0 : b->space_before_pt;
	room = bottom(pg) - setup(pg)->top_pt;
	if (b->keep_n > 0 && group_height(b) <= room)
		need = group_height(b);
	if (!pg->empty && pg->y + gap + need > bottom(pg) + 0.01) {
		new_page(pg);
		gap = 0;
	}
	pg->y += gap;
	if (b->outline != NULL)
		add_outline(pg, b);
	if (b->nalt > 0) {
		/* The version that fits with the foot under it. */
		pg->reserve = slices_height(b->foot, b->nfoot);
		place_alt(pg, b, i);
		pg->reserve = 0;
		place_foot(pg, b, i);
	} else
		place_body(pg, b, i, ends_page);
}

/* Writes the page numbers of the contents, now that every heading has
 * its page. */
static void
fill_refs(struct pager *pg)
{
	struct pages *o = pg->out;
	size_t i;

	for (i = 0; i < pg->nrefs; i++) {
		const struct placed_ref *p = &pg->refs[i];
		struct item *it = &o->v[p->page].items[p->item];
		const char *s;

		assert(p->ref->heading < o->noutline);
		s = arena_printf(&o->arena, "%zu",
				 o->outline[p->ref->heading].page + 1);
		it->w = fonts_width(pg->fonts, it->font, s, strlen(s),
				    it->size_pt);
		it->x -= it->w;
		it->text = s;
	}
}

/* s with {page} and {pages} replaced, in the pages' arena. */
static const char *
numbered(struct pager *pg, const char *s, size_t page, size_t pages)
{
	struct buf b = {0};
	const char *r;

	if (strchr(s, '{') == NULL)
		return s;
	while (*s != '\0') {
		if (strncmp(s, "{pages}", 7) == 0) {
			buf_printf(&b, "%zu", pages);
			s += 7;
		} else if (strncmp(s, "{page}", 6) == 0) {
			buf_printf(&b, "%zu", page);
			s += 6;
		} else {
			buf_addc(&b, *s++);
		}
	}
	r = arena_strdup(&pg->out->arena, b.data ? b.data : "");
	buf_free(&b);
	return r;
}

/* Adds a header or footer with its baseline at y and a rule at rule_y. */
static void
band(struct pager *pg, const struct band_text *bt, const struct page *p,
     size_t i, double y, double rule_y)
{
	const struct page_setup *ps =
		pg->boxes->masters[pg->page_master[i]].ps;
	double left = ps->margin_pt, right = p->width_pt - ps->margin_pt;
	size_t k;

	if (!bt->on ||
	    (bt->part[0] == NULL && bt->part[1] == NULL && bt->part[2] == NULL))
		return;
	draw_line(&pg->items, left, rule_y, right, rule_y, BAND_RULE, 0.5, 0);
	for (k = 0; k < 3; k++) {
		const char *s;
		double w, x;

		if (bt->part[k] == NULL)
			continue;
		s = numbered(pg, bt->part[k], i + 1, pg->out->n);
		w = fonts_width(pg->fonts, pg->font, s, strlen(s), BAND_PT);
		x = k == 0 ? left : k == 1 ? (left + right - w) / 2 : right - w;
		draw_text(&pg->items, x, y, pg->font, BAND_PT, BAND_INK, s, w);
	}
}

/* The mark of sample data at the top left of page i, in the top
 * margin: white on red, so that no copy is mistaken for real figures. */
static void
stamp(struct pager *pg, size_t i)
{
	const struct page_setup *ps =
		pg->boxes->masters[pg->page_master[i]].ps;
	const char *s = pg->boxes->stamp;
	double w = fonts_width(pg->fonts, pg->font, s, strlen(s), STAMP_PT);
	double top = ps->top_pt / 2 - STAMP_PT * 0.9;

	draw_rect(&pg->items, ps->margin_pt, top, w + 8, STAMP_PT * 1.6,
		  STAMP_INK, NO_COLOR, 0);
	draw_text(&pg->items, ps->margin_pt + 4, top + STAMP_PT * 1.18,
		  pg->font, STAMP_PT, 0xffffffU, s, w);
}

/* The document number at the top right of the cover, framed, where the
 * running header has it on the other pages. */
static void
cover_number(struct pager *pg, const struct page *p, size_t i)
{
	const struct page_setup *ps =
		pg->boxes->masters[pg->page_master[i]].ps;
	const char *s = pg->boxes->number;
	double w = fonts_width(pg->fonts, pg->font, s, strlen(s), NUMBER_PT);
	double right = p->width_pt - ps->margin_pt, mid = ps->top_pt / 2;

	draw_rect(&pg->items, right - w - 12, mid - 9.5, w + 12, 19, NO_COLOR,
		  0x1a1a1aU, 0.8);
	draw_text(&pg->items, right - w - 6, mid + 4, pg->font, NUMBER_PT,
		  0x1a1a1aU, s, w);
}

/* Headers and footers, the mark of sample data and the cover's document
 * number go on once the page count is known. */
static void
bands(struct pager *pg)
{
	struct pages *o = pg->out;
	size_t i, k;

	for (i = 0; i < o->n; i++) {
		struct page *p = &o->v[i];
		const struct master *m =
			&pg->boxes->masters[pg->page_master[i]];
		double top = m->ps->top_pt, bot = m->ps->bottom_pt;
		double fy = p->height_pt - bot / 2;
		struct item *v;
		struct placed *sl;

		pg->items.n = 0;
		if (pg->boxes->stamp != NULL)
			stamp(pg, i);
		if (!p->cover) {
			band(pg, &m->header, p, i, top / 2 + 2, top / 2 + 6);
			band(pg, &m->footer, p, i, fy, fy - 10);
		} else if (pg->boxes->number != NULL) {
			cover_number(pg, p, i);
		}
		if (pg->items.n == 0)
			continue;
		v = arena_alloc(&o->arena,
				(p->nitems + pg->items.n) * sizeof *v);
		memcpy(v, p->items, p->nitems * sizeof *v);
		for (k = 0; k < pg->items.n; k++)
			v[p->nitems + k] = pg->items.v[k];
		sl = arena_alloc(&o->arena, (p->nslices + 1) * sizeof *sl);
		memcpy(sl, p->slices, p->nslices * sizeof *sl);
		sl[p->nslices] = (struct placed){SLICE_MASTER, 0, SIZE_MAX, 0,
						 p->height_pt, p->nitems,
						 pg->items.n};
		p->slices = sl;
		p->nslices++;
		p->items = v;
		p->nitems += pg->items.n;
	}
}

struct pages *
paginate(const struct boxes *b, const struct fonts *fonts)
{
	struct pager pg = {b, fonts, b->font};
	struct outline_entry *ol;
	size_t i;

	pg.out = xcalloc(1, sizeof *pg.out);
	pg.forced = true;
	for (i = 0; i < b->n; i++) {
		const struct box *bx = &b->v[i];

		switch (bx->kind) {
		case BOX_COVER:
			finish_page(&pg, false);
			new_page(&pg);
			place(&pg, &bx->body[0], i, 1);
			finish_page(&pg, true);
			pg.forced = true;
			break;
		case BOX_PAGE_BREAK:
			finish_page(&pg, false);
			pg.forced = true;
			if (bx->master >= 0)
				pg.master = bx->master;
			break;
		case BOX_FLOW:
			place_box(&pg, i);
			break;
		}
	}
	finish_page(&pg, false);
	fill_refs(&pg);
	free(pg.refs);
	bands(&pg);
	/* Move the outline into the arena, so pages_free stays simple. */
	ol = arena_alloc(&pg.out->arena,
			 (pg.out->noutline + 1) * sizeof *ol);
	if (pg.out->noutline > 0)
		memcpy(ol, pg.out->outline,
		       pg.out->noutline * sizeof *ol);
	free(pg.out->outline);
	pg.out->outline = ol;
	draw_free(&pg.items);
	free(pg.slices);
	free(pg.page_master);
	return pg.out;
}

void
pages_free(struct pages *p)
{
	if (p == NULL)
		return;
	free(p->v);
	arena_free(&p->arena);
	free(p);
}
