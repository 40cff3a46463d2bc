/*
 * Lays out and draws a plot: category labels, bars (side by side and
 * stacked), the value axis with round ticks, reference lines, value
 * labels kept clear of those lines, a legend, axis titles and a note.
 * Horizontal plots put one category per row and size the rows so that
 * 47 prefectures fill one page; vertical plots put one per column.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_int.h"
#include "fonts.h"
#include "text.h"
#include "utf8.h"
#include "xalloc.h"

#define GAP 5.0             /* between label columns and the plot */
#define TICK_GAP 3.0        /* between tick labels and the plot */
#define VALUE_GAP 2.5       /* between a bar's end and its value label */
#define LINE_CLEAR 1.5      /* a value label keeps this far from a line */
#define MAX_PITCH 16.0      /* horizontal: the tallest row */
#define MIN_PITCH 8.5       /* horizontal: below this, labels touch */
#define ALT_STEPS 4         /* smaller versions down to the least height */
#define MAX_BAND 42.0       /* the widest bar group */
#define BAND_TINT 0xfbeaeaU /* behind a focus row */
#define SECOND_R 0.88       /* second-language size, relative */
#define LABEL_GAP 1.5       /* lines stop this far short of a label */
#define SWATCH 7.0          /* legend square */

/* --- text helpers ------------------------------------------------------ */

static double
tw(const struct plot *p, const char *s, double pt)
{
	return s != NULL ? compose_width(p->c, s, pt) : 0;
}

static double
put(struct drawlist *l, const struct plot *p, double x, double y, double pt,
    uint32_t color, const char *s)
{
	double w = tw(p, s, pt);

	draw_text(l, x, y, p->c->font, pt, color, s, w);
	return w;
}

/* Size of the second language beside text of size pt. */
static double
second(double pt)
{
	return fmax(MIN_PT, pt * SECOND_R);
}

/* Width of a label in both languages on one line. */
static double
pair_width(const struct plot *p, const char *const *label, double pt)
{
	double w = tw(p, label[0], pt);

	if (label[1] != NULL)
		w += 3 + tw(p, label[1], second(pt));
	return w;
}

/* Draws label[0] in color, then label[1] smaller in the soft ink. */
static void
pair_draw(struct drawlist *l, const struct plot *p, double x, double y,
          double pt, uint32_t color, const char *const *label)
{
	x += put(l, p, x, y, pt, color, label[0]);
	if (label[1] != NULL)
		put(l, p, x + 3, y, second(pt), color == INK ? INK_SOFT : color,
		    label[1]);
}

/*
 * Breaks s into lines no wider than width where Japanese and English
 * typesetting allow (text_wrap: UAX #14 with kinsoku, so a number is never
 * split); draws them from baseline y when l is not NULL.  Returns the
 * number of lines.
 */
static size_t
wrap(struct drawlist *l, const struct plot *p, double y, const char *s,
     double pt, double width)
{
	struct text_style st = {p->c->fonts, p->c->font, pt, width,
	                        p->c->names};
	struct text_line *lines;
	size_t n = text_wrap(&st, s, &lines), i;

	for (i = 0; i < n && l != NULL; i++)
		if (lines[i].len > 0)
			put(l, p, 0, y + (double)i * pt * 1.4, pt, INK_SOFT,
			    arena_strndup(&p->c->out->arena,
					  s + lines[i].start, lines[i].len));
	free(lines);
	return n;
}

/* Height of the note, or draws it from top y. */
static double
note(struct drawlist *l, const struct plot *p, double y)
{
	const char *label[2];
	double h = 0;
	size_t i;

	chart_labels(p->c, &p->ch->note, label);
	for (i = 0; i < 2; i++) {
		double pt = i == 0 ? p->small_pt : second(p->small_pt);

		if (label[i] == NULL)
			continue;
		h += wrap(l, p, y + h + pt, label[i], pt, p->width) * pt * 1.4;
	}
	return h > 0 ? h + 4 : 0;
}

/* --- the value axis ---------------------------------------------------- */

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

/* An axis over lo..hi with about five round ticks; a forced end (the
 * layout's min or max) is kept as it is. */
static struct axis
make_axis(const struct plot *p, double lo, double hi)
{
	const struct chart *ch = p->ch;
	const struct format *f = &ch->fmt;
	struct axis a;

	if (p->fixed_lo)
		lo = ch->min;
	if (p->fixed_hi)
		hi = ch->max;
	if (hi <= lo)
		hi = lo + (f->kind == FMT_PERCENT ? 0.1 : 1);
	a.step = nice(nice(hi - lo, false) / 4, true);
	if (f->kind == FMT_INTEGER && a.step < 1)
		a.step = 1;
	a.lo = p->fixed_lo ? lo : floor(lo / a.step + 1e-9) * a.step;
	a.hi = p->fixed_hi ? hi : ceil(hi / a.step - 1e-9) * a.step;
	a.fmt = *f;
	/* Tick labels need only the decimals the step has. */
	if (f->kind != FMT_INTEGER) {
		double unit = f->kind == FMT_PERCENT ? a.step * 100 : a.step;

		a.fmt.decimals = unit >= 1 ? 0 : unit >= 0.1 ? 1 : 2;
	}
	return a;
}

/* The first tick and the number of ticks. */
static size_t
ticks(const struct axis *a, double *first)
{
	double k = ceil(a->lo / a->step - 1e-9);

	*first = k;
	return (size_t)(floor(a->hi / a->step + 1e-9) - k) + 1;
}

static double
tick_value(const struct axis *a, double first, size_t i)
{
	double v = (first + (double)i) * a->step;

	return fabs(v) < a->step * 1e-9 ? 0 : v;
}

static const char *
tick_text(const struct plot *p, double v)
{
	return chart_number(p->c, v, &p->ax.fmt, compose_first(p->c));
}

double
plot_at(const struct plot *p, double v)
{
	double t = (v - p->ax.lo) / (p->ax.hi - p->ax.lo);

	return p->vertical ? p->y0 + p->ph - t * p->ph : p->x0 + t * p->pw;
}

double
plot_slot(const struct plot *p, size_t i)
{
	return (p->vertical ? p->x0 : p->y0) + ((double)i + 0.5) * p->pitch;
}

/* The value range of the bars and lines. */
static void
value_range(const struct plot *p, double *lo, double *hi)
{
	size_t i, g, s;

	*lo = *hi = 0;
	for (i = 0; i < p->ncat; i++)
		for (g = 0; g < p->ngroups; g++) {
			const struct bar *b = &p->cat[i].bar[g];
			double pos = 0, neg = 0;

			for (s = 0; s < p->nsegs; s++)
				if (b->ok[s] && b->v[s] > 0)
					pos += b->v[s];
				else if (b->ok[s])
					neg += b->v[s];
			*hi = pos > *hi ? pos : *hi;
			*lo = neg < *lo ? neg : *lo;
		}
	for (i = 0; i < p->nref; i++) {
		*hi = p->ref[i].value > *hi ? p->ref[i].value : *hi;
		*lo = p->ref[i].value < *lo ? p->ref[i].value : *lo;
	}
	if (p->has_reach) {
		*hi = p->reach > *hi ? p->reach : *hi;
		*lo = p->reach < *lo ? p->reach : *lo;
	}
}

/* Where a bar's value label goes: the end of its positive stack, or of
 * its negative one when it has no positive part. */
static double
bar_end(const struct plot *p, const struct bar *b)
{
	double pos = 0, neg = 0;
	size_t s;

	for (s = 0; s < p->nsegs; s++)
		if (b->ok[s] && b->v[s] > 0)
			pos += b->v[s];
		else if (b->ok[s])
			neg += b->v[s];
	return pos > 0 || neg == 0 ? pos : neg;
}

/* --- layout ------------------------------------------------------------ */

/* Sizes of category and value labels. */
static void
measure_labels(struct plot *p)
{
	size_t i, g, j;

	p->w_label[0] = p->w_label[1] = p->w_value = 0;
	for (i = 0; i < p->ncat; i++) {
		struct cat *k = &p->cat[i];
		double w;

		for (j = 0; j < 2; j++) {
			double pt = j == 0 ? p->label_pt : p->small_pt;

			if ((w = tw(p, k->label[j], pt)) > p->w_label[j])
				p->w_label[j] = w;
		}
		for (g = 0; g < p->ngroups; g++) {
			struct bar *b = &k->bar[g];

			if (!b->any)
				continue;
			b->text = chart_number(p->c, b->total, &p->ch->fmt,
			                       compose_first(p->c));
			if ((w = tw(p, b->text, p->small_pt)) > p->w_value)
				p->w_value = w;
		}
	}
	if (p->ch->values == VALUES_NONE)
		p->w_value = 0;
}

/* Width of a legend entry's mark. */
static double
mark_width(const struct legend_entry *e)
{
	if (e->kind == LEGEND_LINE)
		return 14;
	return e->focus != NO_COLOR ? 2 * SWATCH + 1 : SWATCH;
}

/* Height of the legend at the chart's width. */
static double
legend_height(const struct plot *p)
{
	double x = 0, pt = p->small_pt + 0.5, row = pt * 1.9;
	size_t i, rows = 1;

	if (p->nlegend == 0)
		return 0;
	for (i = 0; i < p->nlegend; i++) {
		const struct legend_entry *e = &p->legend[i];
		double w = mark_width(e) + 3 + pair_width(p, e->label, pt);

		if (x > 0 && x + w > p->width)
			rows++, x = 0;
		x += w + 12;
	}
	return (double)rows * row + 3;
}

/* Height of the title above the chart (drawn by compose), which must
 * fit on the page with it. */
static double
title_height(const struct plot *p)
{
	const struct text *t = &p->node->text;
	double h = 0;
	int lang;

	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		double pt = lang == (int)compose_first(p->c) ? 10.5 : 8.4;
		const char *s;

		if (!(p->c->lang & (unsigned)lang) ||
		    (s = compose_pick(p->c, t, (enum lang)lang)) == NULL)
			continue;
		h += ceil(tw(p, s, pt) / p->c->width + 1e-9) * pt * 1.45;
	}
	return h > 0 ? h + 2 : 0;
}

/* Horizontal: the reference labels above the plot, in rows so that none
 * overlaps another; returns the rows' height. */
static double
place_ref_labels_h(struct plot *p)
{
	double right[3] = {-1e9, -1e9, -1e9}, row = p->small_pt + 3.5;
	size_t i, r, rows = 0;

	for (i = 0; i < p->nref; i++) {
		struct refline *rl = &p->ref[i];
		const char *words[2] = {rl->label[0], rl->label[1]};
		double w = pair_width(p, words, p->small_pt) + 3 +
		           tw(p, rl->text, p->small_pt);
		double x = plot_at(p, rl->value) - w / 2;

		if (x + w > p->width)
			x = p->width - w;
		if (x < p->x0 - GAP)
			x = p->x0 - GAP;
		for (r = 0; r < 2 && x < right[r] + 6; r++)
			;
		right[r] = x + w;
		rl->lx = x;
		rl->row = r;
		rows = r + 1 > rows ? r + 1 : rows;
	}
	return (double)rows * row;
}

static void
layout_horizontal(struct plot *p)
{
	struct composer *c = p->c;
	double avail, first, w, wt = 0, right, ref_h, fixed;
	double max_pitch = MAX_PITCH * (1 + 0.4 * (double)(p->ngroups - 1));
	size_t n, i;

	/* Sizes first from the widest row, then from the row pitch. */
	for (i = 0; i < 2; i++) {
		double pitch = i == 0 ? MAX_PITCH : fmin(MAX_PITCH, p->pitch);

		p->label_pt = fmin(8.5, fmax(MIN_PT, pitch * 0.58));
		p->small_pt = fmax(MIN_PT, p->label_pt * 0.84);
		measure_labels(p);
		p->x0 = p->w_label[0] +
		        (p->w_label[1] > 0 ? GAP + p->w_label[1] : 0) +
		        GAP * 1.4;
		value_range(p, &p->ax.lo, &p->ax.hi);
		if (p->ax.lo < 0)
			p->x0 += p->w_value + VALUE_GAP + 2;
		p->ax = make_axis(p, p->ax.lo, p->ax.hi);
		n = ticks(&p->ax, &first);
		wt = tw(p, tick_text(p, tick_value(&p->ax, first, n - 1)),
		        p->small_pt);
		right = fmax(p->w_value > 0 ? p->w_value + VALUE_GAP + 2 : 0,
		             wt / 2 + 1);
		p->pw = p->width - p->x0 - right;
		p->legend_h = legend_height(p);
		ref_h = place_ref_labels_h(p);
		if (ref_h == 0 && (p->ch->category_axis.ja != NULL ||
		                   p->ch->category_axis.en != NULL))
			ref_h = p->small_pt + 3.5;
		p->top_h = p->legend_h + ref_h +
		           (p->ncat > 20 ? p->small_pt + 4 : 2);
		p->bottom_h = p->small_pt + 6 + note(NULL, p, 0);
		if (p->ch->value_axis.ja != NULL ||
		    p->ch->value_axis.en != NULL)
			p->bottom_h += p->small_pt * 1.8;
		fixed = p->top_h + p->bottom_h + title_height(p) + 8;
		avail = p->plot_h > 0 ? p->plot_h : c->height - fixed;
		p->pitch = fmin(max_pitch, avail / (double)p->ncat);
		if (p->pitch < MIN_PITCH)
			p->pitch = MIN_PITCH;
	}
	if (avail / (double)p->ncat < MIN_PITCH && p->plot_h > 0)
		msg_warn(&p->node->loc,
		         "%zu rows are too many for a plot %.0f mm high: "
		         "the chart is taller",
		         p->ncat, p->plot_h * 25.4 / 72);
	else if (avail / (double)p->ncat < MIN_PITCH)
		msg_warn(&p->node->loc,
		         "%zu rows are too many for one page: "
		         "the chart will not fit",
		         p->ncat);
	w = p->pitch;
	p->y0 = p->top_h;
	p->ph = w * (double)p->ncat;
	p->height = p->y0 + p->ph + p->bottom_h;
}

/* Is every character of s one that stands upright in vertical text? */
static bool
upright(const char *s)
{
	const char *end = s + strlen(s);

	while (s < end)
		if (utf8_next(&s, end) < 0x2e80)
			return false;
	return true;
}

static size_t
nchars(const char *s)
{
	const char *end = s + strlen(s);
	size_t n = 0;

	while (s < end) {
		utf8_next(&s, end);
		n++;
	}
	return n;
}

/* Vertical: how category labels go under the columns, and their height. */
static double
category_labels_v(struct plot *p)
{
	double h = 4, stack = 0;
	size_t i;

	if (fmax(p->w_label[0], p->w_label[1]) <= p->pitch - 2) {
		p->stack_ja = false;
		h += p->label_pt * 1.2;
		if (p->w_label[1] > 0)
			h += p->small_pt * 1.3;
		return h + 2;
	}
	p->stack_ja = true;
	for (i = 0; i < p->ncat; i++) {
		if (!upright(p->cat[i].label[0]))
			p->stack_ja = false;
		stack = fmax(stack, (double)nchars(p->cat[i].label[0]));
	}
	if (!p->stack_ja)
		return h + p->w_label[0] + 2;
	h += stack * p->label_pt * 1.02;
	if (p->w_label[1] > 0)
		h += 3 + p->w_label[1];
	return h + 2;
}

/* Vertical: the reference labels right of the plot, in two lines each,
 * moved apart where lines lie close; returns their width. */
static double
place_ref_labels_v(struct plot *p)
{
	double w = 0, block = p->small_pt * 2.2, last = -1e9;
	size_t i, j, order[MAX_REFS];

	for (i = 0; i < p->nref; i++) {
		const struct refline *r = &p->ref[i];
		double first = r->label[0] != NULL
		                       ? tw(p, r->label[0], p->small_pt) + 3
		                       : 0;

		w = fmax(w, first + tw(p, r->text, p->small_pt));
		w = fmax(w, tw(p, r->label[1], second(p->small_pt)));
		order[i] = i;
	}
	/* By value, highest first: top to bottom. */
	for (i = 1; i < p->nref; i++)
		for (j = i; j > 0 &&
		            p->ref[order[j]].value > p->ref[order[j - 1]].value;
		     j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; i < p->nref; i++) {
		struct refline *rl = &p->ref[order[i]];
		double top = plot_at(p, rl->value) - block / 2;

		if (top < last)
			top = last;
		rl->lx = p->x0 + p->pw + 4;
		rl->ly = top;
		last = top + block;
	}
	return p->nref > 0 ? w + 6 : 2;
}

static void
layout_vertical(struct plot *p)
{
	double first, wt = 0, pt;
	size_t n, i;
	bool has_title =
	        p->ch->value_axis.ja != NULL || p->ch->value_axis.en != NULL;

	p->label_pt = 7.5;
	p->small_pt = MIN_PT;
	for (i = 0; i < 2; i++) {
		measure_labels(p);
		value_range(p, &p->ax.lo, &p->ax.hi);
		p->ax = make_axis(p, p->ax.lo, p->ax.hi);
		wt = 0;
		for (n = ticks(&p->ax, &first); n > 0; n--)
			wt = fmax(wt, tw(p,
			                 tick_text(p, tick_value(&p->ax, first,
			                                         n - 1)),
			                 p->small_pt));
		p->x0 = wt + TICK_GAP + 2;
		p->ref_w = 0;
		p->pw = p->width - p->x0 - 2;
		if (p->nref > 0) {
			p->ph = 100;
			p->y0 = 0;
			p->ref_w = place_ref_labels_v(p);
		}
		p->pw = p->width - p->x0 - p->ref_w;
		p->pitch = p->pw / (double)p->ncat;
		if (i == 0 && p->pitch < 6)
			msg_warn(&p->node->loc,
			         "%zu columns are too many for the page's "
			         "width",
			         p->ncat);
		pt = fmin(8.5, fmax(MIN_PT, p->pitch * 0.8));
		p->label_pt = pt;
		p->small_pt = fmax(MIN_PT, pt * 0.86);
	}
	measure_labels(p);
	p->turn_values =
	        p->w_value > p->pitch * p->band / (double)p->ngroups + 4;
	p->legend_h = legend_height(p);
	p->top_h = p->legend_h + (has_title ? p->small_pt * 2 : 0) +
	           (p->w_value == 0  ? 4
	            : p->turn_values ? p->w_value + VALUE_GAP + 2
	                             : p->small_pt + VALUE_GAP + 2);
	p->y0 = p->top_h;
	p->ph = p->plot_h;
	p->cat_h = category_labels_v(p);
	p->bottom_h = p->cat_h + note(NULL, p, 0);
	if (p->ch->category_axis.ja != NULL || p->ch->category_axis.en != NULL)
		p->bottom_h += p->small_pt * 1.9;
	p->height = p->y0 + p->ph + p->bottom_h;
	place_ref_labels_v(p);
}

/* Keeps the layout's axis range where the values fit in it. */
static void
fixed_range(struct plot *p)
{
	const struct chart *ch = p->ch;
	double lo, hi;

	value_range(p, &lo, &hi);
	p->fixed_lo = ch->has_min && lo >= ch->min;
	p->fixed_hi = ch->has_max && hi <= ch->max;
	if (p->fixed_lo != ch->has_min || p->fixed_hi != ch->has_max)
		msg_warn(&p->node->loc, "values lie outside <value-axis> "
		                        "min..max; the axis covers them");
}

static void
plot_layout(struct plot *p)
{
	p->width = p->c->width;
	fixed_range(p);
	if (p->vertical)
		layout_vertical(p);
	else
		layout_horizontal(p);
}

/* --- drawing ----------------------------------------------------------- */

/* Where bar g of category i lies across the category axis: from *a,
 * *t thick. */
static void
bar_span(const struct plot *p, size_t i, size_t g, double *a, double *t)
{
	double band = fmin(p->pitch * p->band, MAX_BAND);
	double t0 = band / (double)p->ngroups;
	double start = plot_slot(p, i) - band / 2 + (double)g * t0;

	*a = p->ngroups > 1 ? start + t0 * 0.06 : start;
	*t = p->ngroups > 1 ? t0 * 0.88 : t0;
}

/* A rectangle from value v0 to v1 along the value axis. */
static void
span_rect(struct drawlist *l, const struct plot *p, double a, double t,
          double v0, double v1, uint32_t color)
{
	double p0 = plot_at(p, v0), p1 = plot_at(p, v1);

	if (p->vertical)
		draw_rect(l, a, fmin(p0, p1), t, fabs(p1 - p0), color, NO_COLOR,
		          0);
	else
		draw_rect(l, fmin(p0, p1), a, fabs(p1 - p0), t, color, NO_COLOR,
		          0);
}

static void
bands(const struct plot *p, struct drawlist *l)
{
	size_t i;

	for (i = 0; i < p->ncat; i++) {
		double s = plot_slot(p, i) - p->pitch / 2;

		if (!p->cat[i].focus)
			continue;
		if (p->vertical)
			draw_rect(l, s, p->y0, p->pitch, p->ph + p->cat_h,
			          BAND_TINT, NO_COLOR, 0);
		else
			draw_rect(l, 0, s, p->width, p->pitch, BAND_TINT,
			          NO_COLOR, 0);
	}
}

static void
grid(const struct plot *p, struct drawlist *l)
{
	double first, at;
	size_t n = ticks(&p->ax, &first), i;

	for (i = 0; i < n; i++) {
		double v = tick_value(&p->ax, first, i);

		if (v == 0)
			continue;
		at = plot_at(p, v);
		if (p->vertical)
			draw_line(l, p->x0, at, p->x0 + p->pw, at, RULE, 0.4,
			          0);
		else
			draw_line(l, at, p->y0, at, p->y0 + p->ph, RULE, 0.4,
			          0);
	}
}

static void
baseline(const struct plot *p, struct drawlist *l)
{
	double at;

	if (p->ax.lo > 0 || p->ax.hi < 0)
		return;
	at = plot_at(p, 0);
	if (p->vertical)
		draw_line(l, p->x0, at, p->x0 + p->pw, at, INK_SOFT, 0.6, 0);
	else
		draw_line(l, at, p->y0, at, p->y0 + p->ph, INK_SOFT, 0.6, 0);
}

static void
tick_labels(const struct plot *p, struct drawlist *l)
{
	double first, pt = p->small_pt;
	size_t n = ticks(&p->ax, &first), i;

	for (i = 0; i < n; i++) {
		double v = tick_value(&p->ax, first, i), at = plot_at(p, v);
		const char *s = tick_text(p, v);
		double w = tw(p, s, pt);

		if (p->vertical) {
			put(l, p, p->x0 - TICK_GAP - w, at + pt * 0.35, pt,
			    INK_SOFT, s);
			continue;
		}
		put(l, p, at - w / 2, p->y0 + p->ph + pt + 3, pt, INK_SOFT, s);
		if (p->ncat > 20)
			put(l, p, at - w / 2, p->y0 - 3, pt, INK_SOFT, s);
	}
}

/* A bar without a value: no bar at all, but a mark that says so. */
static void
missing(const struct plot *p, struct drawlist *l, double a, double t)
{
	const char *s =
	        compose_first(p->c) == LANG_JA ? "— データなし" : "— no data";
	uint32_t color = INK_SOFT;
	double pt = p->small_pt, w, z = plot_at(p, 0);

	if (!p->vertical) {
		put(l, p, z + VALUE_GAP, a + t / 2 + pt * 0.35, pt, color, s);
		return;
	}
	if ((w = tw(p, s, pt)) > p->pitch)
		w = tw(p, s = "—", pt);
	put(l, p, a + t / 2 - w / 2, z - VALUE_GAP, pt, color, s);
}

/* A bar whose value is zero: a hairline at zero, so that it reads as a
 * bar of nothing and not as a missing value. */
static void
zero(const struct plot *p, struct drawlist *l, const struct cat *k, double a,
     double t)
{
	uint32_t color = k->focus ? FOCUS : INK_SOFT;
	double z = plot_at(p, 0);

	if (p->vertical)
		draw_rect(l, a, z - 1.6, t, 1.6, color, NO_COLOR, 0);
	else
		draw_rect(l, z, a, 1.6, t, color, NO_COLOR, 0);
}

static void
bars(const struct plot *p, struct drawlist *l)
{
	size_t i, g, s;

	for (i = 0; i < p->ncat; i++) {
		const struct cat *k = &p->cat[i];

		if (k->gap)
			continue;
		for (g = 0; g < p->ngroups; g++) {
			const struct bar *b = &k->bar[g];
			double pos = 0, neg = 0, a, t;

			bar_span(p, i, g, &a, &t);
			if (!b->any) {
				missing(p, l, a, t);
				continue;
			}
			for (s = 0; s < p->nsegs; s++) {
				double v = b->v[s];

				if (!b->ok[s])
					continue;
				if (v >= 0)
					span_rect(l, p, a, t, pos, pos + v,
					          b->color[s]);
				else
					span_rect(l, p, a, t, neg + v, neg,
					          b->color[s]);
				if (v >= 0)
					pos += v;
				else
					neg += v;
			}
			if (pos == 0 && neg == 0)
				zero(p, l, k, a, t);
		}
	}
}

static void
ref_lines(const struct plot *p, struct drawlist *l)
{
	size_t i;

	for (i = 0; i < p->nref; i++) {
		const struct refline *r = &p->ref[i];
		double at = plot_at(p, r->value);

		if (p->vertical)
			draw_line(l, p->x0, at, p->x0 + p->pw + 2, at, r->color,
			          r->line_pt, r->dash);
		else
			draw_line(l, at, p->y0 - 2, at, p->y0 + p->ph, r->color,
			          r->line_pt, r->dash);
	}
}

/*
 * Moves a value label that would sit on a reference line past it, in
 * the direction the bar grows (forward).  The label spans from..from+w
 * along the value axis in page coordinates (downwards for vertical).
 */
static double
clear_lines(const struct plot *p, double from, double w, bool forward)
{
	bool moved = true;
	size_t i, rounds = 0;

	while (moved && rounds++ <= p->nref) {
		moved = false;
		for (i = 0; i < p->nref; i++) {
			double at = plot_at(p, p->ref[i].value);

			if (at <= from - LINE_CLEAR ||
			    at >= from + w + LINE_CLEAR)
				continue;
			from = forward ? at + LINE_CLEAR + 0.5
			               : at - LINE_CLEAR - 0.5 - w;
			moved = true;
		}
	}
	return from;
}

/* Size of value labels beside bars t thick: side by side bars of a
 * horizontal chart get labels no taller than the bar. */
static double
value_pt(const struct plot *p, double t)
{
	if (p->vertical || p->ngroups == 1 || t * 1.25 >= p->small_pt)
		return p->small_pt;
	return fmax(MIN_PT, t * 1.25);
}

/* The label of bar b at its end, outside the bar. */
static void
end_label(const struct plot *p, struct drawlist *l, const struct bar *b,
          double a, double t)
{
	double pt = value_pt(p, t), end = bar_end(p, b), at = plot_at(p, end);
	double w = tw(p, b->text, pt), from, ext;
	uint32_t color = INK;

	if (!p->vertical) {
		from = end < 0 ? at - VALUE_GAP - w : at + VALUE_GAP;
		from = clear_lines(p, from, w, end >= 0);
		put(l, p, from, a + t / 2 + pt * 0.35, pt, color, b->text);
		return;
	}
	/* Vertical: "from" is the label's top edge, growing down. */
	ext = p->turn_values ? w : pt * 0.75;
	from = end < 0 ? at + VALUE_GAP : at - VALUE_GAP - ext;
	from = clear_lines(p, from, ext, end < 0);
	if (p->turn_values) {
		put(l, p, a + t / 2 + pt * 0.35, from + ext, pt, color,
		    b->text);
		draw_turn(l, 90);
	} else {
		put(l, p, a + t / 2 - w / 2, from + ext, pt, color, b->text);
	}
}

/* Light fills take dark text, dark fills white. */
static uint32_t
ink_on(uint32_t fill)
{
	unsigned r = fill >> 16 & 0xff, g = fill >> 8 & 0xff, b = fill & 0xff;

	return 299 * r + 587 * g + 114 * b < 140000 ? WHITE : INK;
}

/* Values of the segments of a stack, inside them where they fit. */
static void
segment_labels(const struct plot *p, struct drawlist *l, const struct bar *b,
               double a, double t)
{
	double pt = p->small_pt, pos = 0, neg = 0;
	size_t s;

	for (s = 0; s < p->nsegs; s++) {
		double v = b->v[s], v0 = v >= 0 ? pos : neg + v;
		double p0 = plot_at(p, v0), p1 = plot_at(p, v0 + fabs(v));
		const char *text;
		double w, len = fabs(p1 - p0), mid = (p0 + p1) / 2;
		double ext, lo, hi, from;

		if (!b->ok[s] || v == 0)
			continue;
		if (v >= 0)
			pos += v;
		else
			neg += v;
		text = chart_number(p->c, v, &p->ch->fmt, compose_first(p->c));
		w = tw(p, text, pt);
		if (p->vertical ? w + 2 > t || pt + 2 > len
		                : w + 4 > len || pt + 1 > t)
			continue;
		/* Inside the segment and off every reference line. */
		ext = p->vertical ? pt * 0.75 : w;
		lo = fmin(p0, p1) + 1;
		hi = fmax(p0, p1) - 1;
		from = clear_lines(p, mid - ext / 2, ext, true);
		if (from + ext > hi)
			from = clear_lines(p, mid - ext / 2, ext, false);
		if (from < lo || from + ext > hi)
			continue;
		if (p->vertical)
			put(l, p, a + t / 2 - w / 2, from + ext, pt,
			    ink_on(b->color[s]), text);
		else
			put(l, p, from, a + t / 2 + pt * 0.35, pt,
			    ink_on(b->color[s]), text);
	}
}

static void
value_labels(const struct plot *p, struct drawlist *l)
{
	size_t i, g;

	if (p->ch->values == VALUES_NONE)
		return;
	for (i = 0; i < p->ncat; i++)
		for (g = 0; g < p->ngroups; g++) {
			const struct bar *b = &p->cat[i].bar[g];
			double a, t;

			if (!b->any || p->cat[i].gap)
				continue;
			bar_span(p, i, g, &a, &t);
			end_label(p, l, b, a, t);
			if (p->ch->values == VALUES_ALL && p->nsegs > 1)
				segment_labels(p, l, b, a, t);
		}
}

static void
ref_labels(const struct plot *p, struct drawlist *l)
{
	double pt = p->small_pt, row = pt + 3.5;
	double top_ticks = p->ncat > 20 ? pt + 4 : 2;
	size_t i;

	for (i = 0; i < p->nref; i++) {
		const struct refline *r = &p->ref[i];
		double x = r->lx, y;

		if (p->vertical) {
			y = r->ly + pt;
			if (r->label[0] != NULL)
				x += put(l, p, x, y, pt, r->color,
				         r->label[0]) +
				     3;
			put(l, p, x, y, pt, r->color, r->text);
			if (r->label[1] != NULL)
				put(l, p, r->lx, y + pt * 1.1, second(pt),
				    r->color, r->label[1]);
			continue;
		}
		y = p->y0 - top_ticks - (double)r->row * row - 2;
		if (r->label[0] != NULL)
			x += put(l, p, x, y, pt, r->color, r->label[0]) + 3;
		if (r->label[1] != NULL)
			x += put(l, p, x, y, second(pt), r->color,
			         r->label[1]) +
			     3;
		put(l, p, x, y, pt, r->color, r->text);
	}
}

/* A Japanese label under a narrow column, one character under another. */
static void
upright_label(const struct plot *p, struct drawlist *l, double at, double y,
              const char *s, uint32_t color)
{
	const char *end = s + strlen(s), *q;
	double pt = p->label_pt, w;

	while (s < end) {
		q = s;
		utf8_next(&q, end);
		w = fonts_width(p->c->fonts, p->c->font, s, (size_t)(q - s),
		                pt);
		y += pt * 1.02;
		put(l, p, at - w / 2, y - pt * 0.12, pt, color,
		    arena_strndup(&p->c->out->arena, s, (size_t)(q - s)));
		s = q;
	}
}

/* Sets the text runs of l from from on in bold. */
static void
embolden(struct drawlist *l, size_t from)
{
	for (; from < l->n; from++)
		l->v[from].bold = true;
}

/* The labels of column i: across it when they fit, else set upright
 * (Japanese) or turned to read upwards (English); the first language in
 * bold when bold. */
static void
column_label(const struct plot *p, struct drawlist *l, size_t i, uint32_t c0,
             uint32_t c1, bool bold)
{
	const struct cat *k = &p->cat[i];
	double pt = p->label_pt, sp = p->small_pt, y = p->y0 + p->ph + 4;
	double at = plot_slot(p, i), w, top;
	size_t from = l->n;

	if (fmax(p->w_label[0], p->w_label[1]) <= p->pitch - 2) {
		w = tw(p, k->label[0], pt);
		put(l, p, at - w / 2, y + pt, pt, c0, k->label[0]);
		if (bold)
			embolden(l, from);
		if (k->label[1] != NULL) {
			w = tw(p, k->label[1], sp);
			put(l, p, at - w / 2, y + pt * 1.2 + sp * 1.1, sp, c1,
			    k->label[1]);
		}
		return;
	}
	if (!p->stack_ja) {
		w = tw(p, k->label[0], pt);
		put(l, p, at + pt * 0.35, y + w, pt, c0, k->label[0]);
		draw_turn(l, 90);
		if (bold)
			embolden(l, from);
		return;
	}
	upright_label(p, l, at, y, k->label[0], c0);
	if (bold)
		embolden(l, from);
	if (k->label[1] == NULL)
		return;
	/* The English names hang from one line under the longest stack. */
	top = p->y0 + p->ph + p->cat_h - 2 - p->w_label[1];
	w = tw(p, k->label[1], sp);
	put(l, p, at + sp * 0.35, top + w, sp, c1, k->label[1]);
	draw_turn(l, 90);
}

/* Category labels: beside the rows, or under the columns.  A focus
 * category's name is set in bold, a marked one (a target year) in the
 * focus colour. */
static void
category_labels(const struct plot *p, struct drawlist *l)
{
	double pt = p->label_pt, sp = p->small_pt;
	size_t i;

	for (i = 0; i < p->ncat; i++) {
		const struct cat *k = &p->cat[i];
		uint32_t c0 = k->mark ? FOCUS : INK;
		uint32_t c1 = k->mark ? FOCUS : INK_SOFT;
		double at = plot_slot(p, i);

		if (p->vertical) {
			column_label(p, l, i, c0, c1, k->focus);
			continue;
		}
		put(l, p, 0, at + pt * 0.35, pt, c0, k->label[0]);
		if (k->focus)
			embolden(l, l->n - 1);
		if (k->label[1] != NULL)
			put(l, p, p->w_label[0] + GAP, at + sp * 0.35, sp, c1,
			    k->label[1]);
	}
}

static void
legend(const struct plot *p, struct drawlist *l)
{
	double x = 0, pt = p->small_pt + 0.5, row = pt * 1.9, y = pt * 1.2;
	size_t i;

	for (i = 0; i < p->nlegend; i++) {
		const struct legend_entry *e = &p->legend[i];
		double mark = mark_width(e);
		double w = mark + 3 + pair_width(p, e->label, pt);

		if (x > 0 && x + w > p->width) {
			x = 0;
			y += row;
		}
		if (e->kind == LEGEND_SWATCH)
			draw_rect(l, x, y - pt * 0.85, SWATCH, SWATCH, e->color,
			          NO_COLOR, 0);
		if (e->kind == LEGEND_SWATCH && e->focus != NO_COLOR)
			draw_rect(l, x + SWATCH + 1, y - pt * 0.85, SWATCH,
			          SWATCH, e->focus, NO_COLOR, 0);
		else
			draw_line(l, x, y - pt * 0.35, x + mark, y - pt * 0.35,
			          e->color, 1.2, e->dash);
		pair_draw(l, p, x + mark + 3, y, pt, INK, e->label);
		x += w + 12;
	}
}

/* Axis titles and the note; returns the height used below the plot. */
static void
titles(const struct plot *p, struct drawlist *l)
{
	const char *v[2], *k[2];
	double pt = p->small_pt + 0.5, y;

	chart_labels(p->c, &p->ch->value_axis, v);
	chart_labels(p->c, &p->ch->category_axis, k);
	if (!p->vertical) {
		y = p->y0 + p->ph + p->small_pt + 6;
		if (v[0] != NULL) {
			pair_draw(l, p,
			          p->x0 + p->pw / 2 - pair_width(p, v, pt) / 2,
			          y + pt * 1.1, pt, INK, v);
			y += p->small_pt * 1.8;
		}
		if (k[0] != NULL)
			pair_draw(l, p, 0,
			          p->y0 - (p->ncat > 20 ? p->small_pt + 4 : 2) -
			                  2,
			          pt, INK, k);
	} else {
		if (v[0] != NULL)
			pair_draw(l, p, 0, p->legend_h + pt * 1.2, pt, INK, v);
		y = p->y0 + p->ph + p->cat_h;
		if (k[0] != NULL) {
			pair_draw(l, p,
			          p->x0 + p->pw / 2 - pair_width(p, k, pt) / 2,
			          y + pt * 1.2, pt, INK, k);
			y += p->small_pt * 1.9;
		}
	}
	note(l, p, y + 2);
}

/* The box [0..4) (x0, y0, x1, y1) of a text run's glyphs, gap wider on
 * every side. */
static void
glyph_box(const struct item *t, double gap, double *b)
{
	if (t->angle_deg == 90) {
		b[0] = t->x - 0.88 * t->size_pt;
		b[2] = t->x + 0.12 * t->size_pt;
		b[1] = t->y - t->w;
		b[3] = t->y;
	} else {
		b[0] = t->x;
		b[2] = t->x + t->w;
		b[1] = t->y - 0.88 * t->size_pt;
		b[3] = t->y + 0.12 * t->size_pt;
	}
	b[0] -= gap;
	b[1] -= gap;
	b[2] += gap;
	b[3] += gap;
}

/* Where the line from (x0, y0) by (dx, dy) runs inside box b: the part
 * [*t0, *t1] of its length (Liang-Barsky); false when it misses. */
static bool
inside(double x0, double y0, double dx, double dy, const double *b,
       double *t0, double *t1)
{
	double pp[4] = {-dx, dx, -dy, dy};
	double q[4] = {x0 - b[0], b[2] - x0, y0 - b[1], b[3] - y0};
	int i;

	*t0 = 0;
	*t1 = 1;
	for (i = 0; i < 4; i++) {
		if (pp[i] == 0) {
			if (q[i] < 0)
				return false;
		} else if (pp[i] < 0) {
			*t0 = fmax(*t0, q[i] / pp[i]);
		} else {
			*t1 = fmin(*t1, q[i] / pp[i]);
		}
	}
	return *t0 < *t1;
}

static int
by_start(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/*
 * Adds the line ln to out with the parts that would cross a text run of
 * labels cut out, so that no line is drawn through a value label: it
 * stops LABEL_GAP short of it and goes on past it.
 */
static void
clip_line(struct drawlist *out, const struct item *ln,
          const struct drawlist *labels)
{
	double (*cut)[2] = xcalloc(labels->n + 1, sizeof *cut), b[4], t0, t1;
	double at = 0, len = hypot(ln->w, ln->h);
	size_t i, n = 0;
	struct item *it;

	for (i = 0; i < labels->n; i++) {
		if (labels->v[i].kind != ITEM_TEXT)
			continue;
		glyph_box(&labels->v[i], LABEL_GAP, b);
		if (inside(ln->x, ln->y, ln->w, ln->h, b, &t0, &t1)) {
			cut[n][0] = t0;
			cut[n++][1] = t1;
		}
	}
	qsort(cut, n, sizeof *cut, by_start);
	cut[n][0] = cut[n][1] = 1;
	for (i = 0; i <= n; i++) {
		/* The part before this cut, if it is long enough to see. */
		if ((cut[i][0] - at) * len > 0.5) {
			it = draw_add(out, ITEM_LINE);
			*it = *ln;
			it->x = ln->x + ln->w * at;
			it->y = ln->y + ln->h * at;
			it->w = ln->w * (cut[i][0] - at);
			it->h = ln->h * (cut[i][0] - at);
		}
		at = fmax(at, cut[i][1]);
	}
	free(cut);
}

/* Lays the plot out and draws it into out. */
static void
plot_draw(struct plot *p, struct drawlist *out)
{
	struct drawlist l = {0}, labels = {0};
	size_t i;

	plot_layout(p);
	bands(p, &l);
	grid(p, &l);
	bars(p, &l);
	if (p->extra != NULL)
		p->extra(p, &l, &labels);
	baseline(p, &l);
	ref_lines(p, &l);
	value_labels(p, &labels);
	/* Lines under the labels stop short of them. */
	for (i = 0; i < l.n; i++)
		if (l.v[i].kind == ITEM_LINE)
			clip_line(out, &l.v[i], &labels);
		else
			*draw_add(out, l.v[i].kind) = l.v[i];
	for (i = 0; i < labels.n; i++)
		*draw_add(out, labels.v[i].kind) = labels.v[i];
	category_labels(p, out);
	tick_labels(p, out);
	ref_labels(p, out);
	legend(p, out);
	titles(p, out);
	draw_free(&l);
	draw_free(&labels);
}

void
plot_compose(struct plot *p)
{
	struct drawlist out = {0};
	double full = p->plot_h, least = p->ch->min_plot_mm * 72 / 25.4;
	struct box *b = compose_box(p->c, BOX_FLOW, &p->node->loc);
	int k;

	b->space_before_pt = 4;
	b->keep_together = true;
	plot_draw(p, &out);
	compose_slice(p->c, b, false, &out, p->height);
	for (k = 1; least > 0 && least < full && k <= ALT_STEPS; k++) {
		out.n = 0;
		p->plot_h = full - (full - least) * k / ALT_STEPS;
		plot_draw(p, &out);
		compose_alt(p->c, b, &out, p->height);
	}
	p->plot_h = full;
	draw_free(&out);
}
