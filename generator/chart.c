/*
 * Bar charts: one bar per row (prefectures, regions, the nation), an axis
 * with round ticks, value labels, the focus rows highlighted and the
 * national value as a reference line.
 */
#include <math.h>

#include "compose_int.h"
#include "cube.h"
#include "fonts.h"
#include "prefs.h"
#include "spec.h"

#define LABEL_PT 7.5 /* row labels */
#define SMALL_PT 6.5 /* ticks, values, the English label */
#define GAP 5.0      /* between label, plot and value columns */
#define AXIS_H 16.0  /* below the plot: tick labels */
#define TOP_H 14.0   /* above the plot: the reference label */
#define MAX_PITCH 16.0

/* A "nice" number near x: 1, 2 or 5 times a power of ten (Heckbert). */
static double
nice(double x, bool round_it)
{
	double e = floor(log10(x)), f = x / pow(10, e), n;

	if (round_it)
		n = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
	else
		n = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	return n * pow(10, e);
}

struct axis {
	double lo, hi; /* axis range, in values */
	double step;   /* between ticks */
	struct format fmt;
};

/* Chooses a range from lo..hi with about five round ticks. */
static struct axis
make_axis(double lo, double hi, const struct format *f)
{
	struct axis a;
	double range;

	if (hi <= lo)
		hi = lo + (f->kind == FMT_PERCENT ? 0.1 : 1);
	range = nice(hi - lo, false);
	a.step = nice(range / 4, true);
	a.lo = floor(lo / a.step) * a.step;
	a.hi = ceil(hi / a.step - 1e-9) * a.step;
	a.fmt = *f;
	/* Tick labels need only the decimals the step has. */
	if (f->kind != FMT_INTEGER) {
		double unit = f->kind == FMT_PERCENT ? a.step * 100 : a.step;

		a.fmt.decimals = unit >= 1 ? 0 : unit >= 0.1 ? 1 : 2;
	}
	return a;
}

static double
x_of(const struct axis *a, double v, double x0, double w)
{
	return x0 + (v - a->lo) / (a->hi - a->lo) * w;
}

static bool
is_focus(const struct composer *c, size_t geo)
{
	size_t i;

	for (i = 0; i < c->pack->nfocus; i++)
		if (cube_pref(c->pack->focus[i]) == geo)
			return true;
	return false;
}

void
compose_chart(struct composer *c, const struct node *n)
{
	size_t geo[MAX_ROWS], ngeo = compose_rows(c, n, geo), i;
	const struct chart *ch = n->chart;
	size_t d = (size_t)ch->dataset, m = (size_t)ch->measure;
	const struct cube_value *ref =
		cube_get(c->cube, d, m, cube_nation(c->cube));
	bool two = c->lang == (LANG_JA | LANG_EN);
	enum lang first = compose_first(c);
	double w_ja = 0, w_en = 0, w_val = 0, lo = 0, hi = 0, x0, pw, pitch;
	double top = TOP_H, height;
	struct drawlist l = {0};
	struct axis ax;
	struct box *b;
	double v;

	/* Column widths and the value range. */
	for (i = 0; i < ngeo; i++) {
		const struct cube_value *cv = cube_get(c->cube, d, m, geo[i]);
		const char *s = compose_geo_name(c, geo[i], first);
		double w = compose_width(c, s, LABEL_PT);

		if (w > w_ja)
			w_ja = w;
		if (two) {
			w = compose_width(c, compose_geo_name(c, geo[i], LANG_EN),
					  SMALL_PT);
			if (w > w_en)
				w_en = w;
		}
		s = compose_value(c, d, m, geo[i], &ch->fmt, first);
		if ((w = compose_width(c, s, SMALL_PT)) > w_val)
			w_val = w;
		if (cv->state == CUBE_OK) {
			lo = cv->value < lo ? cv->value : lo;
			hi = cv->value > hi ? cv->value : hi;
		}
	}
	if (ch->reference_nation && ref->state == CUBE_OK && ref->value > hi)
		hi = ref->value;
	ax = make_axis(lo, hi, &ch->fmt);
	x0 = w_ja + (two ? GAP + w_en : 0) + GAP;
	pw = c->width - x0 - GAP - w_val;
	pitch = (c->height - 110 - top - AXIS_H) / (double)ngeo;
	if (pitch > MAX_PITCH)
		pitch = MAX_PITCH;
	height = top + ngeo * pitch + AXIS_H;

	/* Grid and tick labels. */
	for (v = ax.lo; v <= ax.hi + ax.step / 2; v += ax.step) {
		double x = x_of(&ax, v, x0, pw);
		char t[32];
		double w;

		draw_line(&l, x, top, x, top + ngeo * pitch, RULE, 0.4, 0);
		format_number(v, &ax.fmt, first, t, sizeof t);
		w = compose_width(c, t, SMALL_PT);
		draw_text(&l, x - w / 2, top + ngeo * pitch + 9, c->font,
			  SMALL_PT, INK_SOFT,
			  arena_strdup(&c->out->arena, t), w);
	}

	/* Bars, labels and values. */
	for (i = 0; i < ngeo; i++) {
		const struct cube_value *cv = cube_get(c->cube, d, m, geo[i]);
		bool focus = ch->highlight_focus && is_focus(c, geo[i]);
		double y = top + i * pitch, base = y + pitch / 2 + 2.6;
		uint32_t ink = focus ? FOCUS : INK;
		const char *s = compose_geo_name(c, geo[i], first);
		double w = compose_width(c, s, LABEL_PT);

		if (focus)
			draw_rect(&l, 0, y, c->width, pitch, 0xfbeaea,
				  NO_COLOR, 0);
		draw_text(&l, 0, base, c->font, LABEL_PT, ink, s, w);
		if (two) {
			s = compose_geo_name(c, geo[i], LANG_EN);
			draw_text(&l, w_ja + GAP, base, c->font, SMALL_PT,
				  focus ? FOCUS : INK_SOFT, s,
				  compose_width(c, s, SMALL_PT));
		}
		s = compose_value(c, d, m, geo[i], &ch->fmt, first);
		w = compose_width(c, s, SMALL_PT);
		if (cv->state != CUBE_OK) {
			/* No bar at all: missing is not zero. */
			draw_text(&l, x0 + 2, base, c->font, SMALL_PT, ink, s,
				  w);
			continue;
		}
		{
			double xa = x_of(&ax, 0, x0, pw);
			double xb = x_of(&ax, cv->value, x0, pw);
			double bx = xa < xb ? xa : xb;

			draw_rect(&l, bx, y + pitch * 0.18, fabs(xb - xa),
				  pitch * 0.64, focus ? FOCUS : BAR, NO_COLOR,
				  0);
			draw_text(&l, (xa < xb ? xb : xa) + 2, base, c->font,
				  SMALL_PT, ink, s, w);
		}
	}
	draw_line(&l, x_of(&ax, 0, x0, pw), top, x_of(&ax, 0, x0, pw),
		  top + ngeo * pitch, INK_SOFT, 0.6, 0);

	/* The national value as a reference line, labelled above. */
	if (ch->reference_nation && ref->state == CUBE_OK) {
		double x = x_of(&ax, ref->value, x0, pw);
		char val[32];
		const char *s;
		double w;

		format_number(ref->value, &ch->fmt, first, val, sizeof val);
		draw_line(&l, x, top - 2, x, top + ngeo * pitch, ACCENT, 0.9,
			  3);
		if (c->lang & LANG_JA && c->lang & LANG_EN)
			s = arena_printf(&c->out->arena, "全国 National %s",
					 val);
		else
			s = arena_printf(&c->out->arena, "%s %s",
					 first == LANG_JA ? "全国"
							  : "National",
					 val);
		w = compose_width(c, s, SMALL_PT);
		if (x + w / 2 > c->width)
			x = c->width - w / 2;
		draw_text(&l, x - w / 2, top - 5, c->font, SMALL_PT, ACCENT, s,
			  w);
	}

	b = compose_box(c, BOX_FLOW, &n->loc);
	b->space_before_pt = 4;
	b->keep_together = true;
	compose_slice(c, b, false, &l, height);
	draw_free(&l);
}
