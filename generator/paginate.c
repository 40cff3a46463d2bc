#include "paginate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "fonts.h"
#include "msg.h"
#include "spec.h"
#include "xalloc.h"

#define FOOTER_PT 7.0
#define FOOTER_INK 0x6b6b6bU

/* State of the page being filled. */
struct pager {
	const struct boxes *boxes;
	const struct page_setup *ps;
	const struct fonts *fonts;
	int font;
	struct pages *out;
	size_t cap;             /* pages allocated */
	struct drawlist items;  /* of the current page */
	double y;               /* next free y on the current page, pt */
	bool open;              /* a page is being filled */
	bool empty;             /* nothing placed on it yet */
};

static double
bottom(const struct pager *pg)
{
	return pg->ps->height_pt - pg->ps->margin_pt;
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
	}
	p = &o->v[o->n++];
	p->width_pt = pg->ps->width_pt;
	p->height_pt = pg->ps->height_pt;
	p->items = draw_copy(&o->arena, pg->items.v, pg->items.n, 0, 0);
	p->nitems = pg->items.n;
	p->cover = cover;
	pg->items.n = 0;
}

static void
new_page(struct pager *pg)
{
	finish_page(pg, false);
	pg->open = true;
	pg->empty = true;
	pg->y = pg->ps->margin_pt;
}

static void
place(struct pager *pg, const struct slice *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++) {
		struct item *it = draw_add(&pg->items, s->items[i].kind);

		*it = s->items[i];
		it->x += pg->ps->margin_pt;
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

/* Height a box needs before its first break point. */
static double
first_part(const struct box *b)
{
	if (b->keep_together)
		return slices_height(b->head, b->nhead) +
		       slices_height(b->body, b->nbody);
	return slices_height(b->head, b->nhead) +
	       (b->nbody ? b->body[0].height_pt : 0);
}

static void
place_box(struct pager *pg, const struct box *b, const struct box *next)
{
	double need = first_part(b), gap;
	size_t i, k;

	if (!pg->open)
		new_page(pg);
	gap = pg->empty ? 0 : b->space_before_pt;
	if (b->keep_with_next && next != NULL && next->kind == BOX_FLOW)
		need += next->space_before_pt + first_part(next);
	if (!pg->empty && pg->y + gap + need > bottom(pg)) {
		new_page(pg);
		gap = 0;
	}
	pg->y += gap;
	for (i = 0; i < b->nhead; i++)
		place(pg, &b->head[i]);
	for (i = 0; i < b->nbody; i++) {
		const struct slice *s = &b->body[i];

		if (pg->y + s->height_pt > bottom(pg) && i > 0) {
			new_page(pg);
			for (k = 0; k < b->nhead; k++)
				place(pg, &b->head[k]);
		}
		if (pg->y + s->height_pt > bottom(pg) + 0.01)
			msg_warn(&b->loc, "content %.0f pt taller than the "
					  "page",
				 pg->y + s->height_pt - bottom(pg));
		place(pg, s);
	}
}

static void
footers(struct pager *pg)
{
	struct pages *o = pg->out;
	size_t i, k;

	for (i = 0; i < o->n; i++) {
		struct page *p = &o->v[i];
		const char *num;
		double y = p->height_pt - pg->ps->margin_pt / 2, w;
		struct item *v;

		if (p->cover)
			continue;
		num = arena_printf(&o->arena, "%zu / %zu", i + 1, o->n);
		w = fonts_width(pg->fonts, pg->font, num, strlen(num),
				FOOTER_PT);
		pg->items.n = 0;
		draw_line(&pg->items, pg->ps->margin_pt, y - 10,
			  p->width_pt - pg->ps->margin_pt, y - 10, 0xc8c8c8,
			  0.5, 0);
		draw_text(&pg->items, pg->ps->margin_pt, y, pg->font,
			  FOOTER_PT, FOOTER_INK, pg->boxes->footer,
			  fonts_width(pg->fonts, pg->font, pg->boxes->footer,
				      strlen(pg->boxes->footer), FOOTER_PT));
		draw_text(&pg->items, p->width_pt - pg->ps->margin_pt - w, y,
			  pg->font, FOOTER_PT, FOOTER_INK, num, w);
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
paginate(const struct boxes *b, const struct page_setup *ps,
	 const struct fonts *fonts)
{
	struct pager pg = {b, ps, fonts, fonts_find(fonts, "gothic")};
	size_t i;

	pg.out = xcalloc(1, sizeof *pg.out);
	if (pg.font < 0)
		pg.font = 0;
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
			break;
		case BOX_FLOW:
			place_box(&pg, bx, i + 1 < b->n ? &b->v[i + 1] : NULL);
			break;
		}
	}
	finish_page(&pg, false);
	footers(&pg);
	draw_free(&pg.items);
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
