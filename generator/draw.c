#include "draw.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "msg.h"
#include "xalloc.h"

struct item *
draw_add(struct drawlist *l, enum item_kind kind)
{
	struct item *it;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	it = &l->v[l->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->fill = it->stroke = NO_COLOR;
	it->opacity = 1;
	return it;
}

void
draw_text(struct drawlist *l, double x, double y, int font, double size_pt,
	  uint32_t color, const char *text, double w)
{
	struct item *it = draw_add(l, ITEM_TEXT);

	it->x = x;
	it->y = y;
	it->w = w;
	it->font = font;
	it->size_pt = size_pt;
	it->fill = color;
	it->text = text;
}

void
draw_turn(struct drawlist *l, double angle_deg)
{
	assert(l->n > 0 && l->v[l->n - 1].kind == ITEM_TEXT);
	l->v[l->n - 1].angle_deg = angle_deg;
}

void
draw_rect(struct drawlist *l, double x, double y, double w, double h,
	  uint32_t fill, uint32_t stroke, double line_pt)
{
	struct item *it = draw_add(l, ITEM_RECT);

	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	it->fill = fill;
	it->stroke = stroke;
	it->line_pt = line_pt;
}

void
draw_line(struct drawlist *l, double x0, double y0, double x1, double y1,
	  uint32_t color, double line_pt, unsigned dash)
{
	struct item *it = draw_add(l, ITEM_LINE);

	it->x = x0;
	it->y = y0;
	it->w = x1 - x0;
	it->h = y1 - y0;
	it->stroke = color;
	it->line_pt = line_pt;
	it->dash = dash;
}

void
draw_image(struct drawlist *l, double x, double y, double w, double h,
	   const char *path)
{
	struct item *it = draw_add(l, ITEM_IMAGE);

	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	it->text = path;
}

struct item *
draw_copy(struct arena *a, const struct item *v, size_t n, double dx,
	  double dy)
{
	struct item *c = arena_alloc(a, (n ? n : 1) * sizeof *c);
	size_t i;

	for (i = 0; i < n; i++) {
		c[i] = v[i];
		c[i].x += dx;
		c[i].y += dy;
	}
	return c;
}

void
draw_free(struct drawlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

const char *
draw_kind_name(enum slice_kind k)
{
	switch (k) {
	case SLICE_BLOCK:
		return "block";
	case SLICE_HEADING:
		return "heading";
	case SLICE_LINE:
		return "line";
	case SLICE_HEAD:
		return "head";
	case SLICE_ROW:
		return "row";
	case SLICE_TOTAL:
		return "total";
	case SLICE_NOTE:
		return "note";
	case SLICE_ENTRY:
		return "entry";
	case SLICE_MASTER:
		return "master";
	}
	return "?";
}

/* Is v finite and within [lo, hi]? */
static bool
in_range(double v, double lo, double hi)
{
	return isfinite(v) && v >= lo && v <= hi;
}

bool
draw_check(const struct item *v, size_t n, double width_pt,
	   double height_pt, size_t page)
{
	static const char *const kinds[] = {"a text run", "a line",
					    "a rectangle", "an image"};
	const double m = DRAW_MAX_PT;
	size_t i;

	if (!in_range(width_pt, 1, m) || !in_range(height_pt, 1, m)) {
		msg_error(NULL, "page %zu: its size, %g by %g pt, is not "
				"from 1 to %g pt",
			  page, width_pt, height_pt, m);
		return false;
	}
	for (i = 0; i < n; i++) {
		const struct item *it = &v[i];
		const struct {
			const char *name;
			double v, lo, hi;
		} f[] = {
			{"x", it->x, -m, width_pt + m},
			{"y", it->y, -m, height_pt + m},
			{"width", it->w, -m - width_pt, width_pt + m},
			{"height", it->h, -m - height_pt, height_pt + m},
			{"line width", it->line_pt, 0, m},
			{"font size", it->size_pt, 0, m},
			{"character spacing", it->char_sp, -m, m},
			{"angle", it->angle_deg, -360, 360},
			{"opacity", it->opacity, 0, 1},
		};
		size_t k;

		for (k = 0; k < sizeof f / sizeof *f; k++)
			if (!in_range(f[k].v, f[k].lo, f[k].hi)) {
				msg_error(NULL, "page %zu: %s has %s %g, out "
						"of the range a page allows "
						"(%g to %g); no PDF is written",
					  page, kinds[it->kind], f[k].name,
					  f[k].v, f[k].lo, f[k].hi);
				return false;
			}
	}
	return true;
}
