#include "paginate.h"

#include <assert.h>
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
#define WATERMARK_OPACITY 0.35

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
	struct placed_ref *refs; /* page numbers to fill in */
	size_t nrefs;
	double y;               /* next free y on the current page, pt */
	bool open;              /* a page is being filled */
	bool empty;             /* nothing placed on it yet */
};

static const struct page_setup *
setup(const struct pager *pg)
{
	return pg->boxes->masters[pg->master].ps;
}

static double
bottom(const struct pager *pg)
{
	return setup(pg)->height_pt - setup(pg)->bottom_pt;
}

static void
finish_page(struct pager *pg, bool cover)
{
	struct pages *o = pg->out;
	struct page *p;

	if (!pg->open)
		return;
	pg->open = false;
	if (pg->empty)
		return;
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
	p->items = draw_copy(&o->arena, pg->items.v, pg->items.n, 0, 0);
	p->nitems = pg->items.n;
	p->cover = cover;
	pg->items.n = 0;
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
	size_t i;

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

static void
place(struct pager *pg, const struct slice *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++) {
		struct item *it = draw_add(&pg->items, s->items[i].kind);

		*it = s->items[i];
		it->x += setup(pg)->margin_pt;
		it->y += pg->y;
	}
	pg->y += s->height_pt;
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

/* Height a box needs before its first break point: its foot comes
 * before the break. */
static double
first_part(const struct box *b)
{
	if (b->keep_together)
		return box_height(b);
	return slices_height(b->head, b->nhead) +
	       (b->nbody ? b->body[0].height_pt : 0) +
	       slices_height(b->foot, b->nfoot);
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

static void
place_box(struct pager *pg, const struct box *b, const struct box *next)
{
	double need = first_part(b), gap, room, foot;
	size_t i, k, r = 0;

	if (!pg->open)
		new_page(pg);
	gap = pg->empty ? 0 : b->space_before_pt;
	room = bottom(pg) - setup(pg)->top_pt;
	if (b->keep_n > 0 && group_height(b) <= room)
		need = group_height(b);
	else if (b->keep_with_next && next != NULL && next->kind == BOX_FLOW)
		/* A heading goes with what follows it, a whole group when
		 * that group fits on a page. */
		need += next->space_before_pt +
			(next->keep_n > 0 && group_height(next) <= room
				 ? group_height(next)
				 : first_part(next));
	if (!pg->empty && pg->y + gap + need > bottom(pg)) {
		new_page(pg);
		gap = 0;
	}
	pg->y += gap;
	if (b->outline != NULL)
		add_outline(pg, b);
	for (i = 0; i < b->nhead; i++)
		place(pg, &b->head[i]);
	foot = slices_height(b->foot, b->nfoot);
	for (i = 0; i < b->nbody; i++) {
		const struct slice *s = &b->body[i];

		if (pg->y + s->height_pt + foot > bottom(pg) + 0.01 && i > 0) {
			for (k = 0; k < b->nfoot; k++)
				place(pg, &b->foot[k]);
			new_page(pg);
			for (k = 0; k < b->nhead; k++)
				place(pg, &b->head[k]);
		}
		if (pg->y + s->height_pt > bottom(pg) + 0.01)
			msg_warn(&b->loc, "content %.0f pt taller than the "
					  "page",
				 pg->y + s->height_pt - bottom(pg));
		for (; r < b->nrefs && b->refs[r].slice == i; r++)
			note_ref(pg, &b->refs[r]);
		place(pg, s);
	}
	for (k = 0; k < b->nfoot; k++)
		place(pg, &b->foot[k]);
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

/* The mark of sample data at the top left of the page, in the top
 * margin: white on red, so that no copy is mistaken for real figures. */
static void
stamp(struct pager *pg, const struct page *p, size_t i)
{
	const struct page_setup *ps =
		pg->boxes->masters[pg->page_master[i]].ps;
	const char *s = pg->boxes->stamp;
	double w = fonts_width(pg->fonts, pg->font, s, strlen(s), STAMP_PT);
	double top = ps->top_pt / 2 - STAMP_PT * 0.9;

	(void)p;
	draw_rect(&pg->items, ps->margin_pt, top, w + 8, STAMP_PT * 1.6,
		  STAMP_INK, NO_COLOR, 0);
	draw_text(&pg->items, ps->margin_pt + 4, top + STAMP_PT * 1.18,
		  pg->font, STAMP_PT, 0xffffffU, s, w);
}

/* Headers and footers go on once the page count is known. */
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

		pg->items.n = 0;
		if (pg->boxes->stamp != NULL)
			stamp(pg, p, i);
		if (!p->cover) {
			band(pg, &m->header, p, i, top / 2 + 2, top / 2 + 6);
			band(pg, &m->footer, p, i, fy, fy - 10);
		}
		v = arena_alloc(&o->arena,
				(p->nitems + pg->items.n) * sizeof *v);
		memcpy(v, p->items, p->nitems * sizeof *v);
		for (k = 0; k < pg->items.n; k++)
			v[p->nitems + k] = pg->items.v[k];
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
	for (i = 0; i < b->n; i++) {
		const struct box *bx = &b->v[i];

		switch (bx->kind) {
		case BOX_COVER:
			finish_page(&pg, false);
			new_page(&pg);
			place(&pg, &bx->body[0]);
			finish_page(&pg, true);
			break;
		case BOX_PAGE_BREAK:
			finish_page(&pg, false);
			if (bx->master >= 0)
				pg.master = bx->master;
			break;
		case BOX_FLOW:
			place_box(&pg, bx, i + 1 < b->n ? &b->v[i + 1] : NULL);
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
