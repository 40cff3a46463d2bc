/*
 * KPI progress charts: one column per fiscal year from the baseline (or
 * the first survey) to the target year, the surveys' values as columns,
 * the target as a line and an outlined column in the target year, and
 * the straight path from the baseline to the target.  Several series
 * stack (joint and single cloud make cloud adoption); several rows stand
 * side by side (the nation, then a region or prefectures).
 */
#include <math.h>
#include <string.h>

#include "chart_int.h"
#include "cube.h"
#include "spec.h"

#define TARGET_TINT 0xfbeaeaU
#define PATH_INK 0x6b6b6bU

/* What the drawing hook needs beyond the plot. */
struct kpi {
	int first; /* fiscal year of the first column */
};

/* The fiscal year (April to March) holding date d. */
static int
fiscal_year(const struct date *d)
{
	return d->month >= 4 ? d->year : d->year - 1;
}

/* The last dataset of fiscal year y, or -1. */
static int
dataset_of(const struct spec *s, int y)
{
	int d, found = -1;

	for (d = 0; d < (int)s->ndatasets; d++)
		if (fiscal_year(&s->datasets[d].as_of) == y)
			found = d;
	return found;
}

static void
year_range(const struct composer *c, const struct chart *ch, int *first,
           int *last)
{
	const struct spec *s = c->spec;
	size_t d;

	*first = *last = ch->target_year;
	if (ch->has_baseline && ch->baseline_year < *first)
		*first = ch->baseline_year;
	for (d = 0; d < s->ndatasets; d++) {
		int y = fiscal_year(&s->datasets[d].as_of);

		*first = y < *first ? y : *first;
		*last = y > *last ? y : *last;
	}
}

/* Fills the column of fiscal year y. */
static void
fill_year(struct plot *p, struct cat *k, int y, const size_t *geo)
{
	struct composer *c = p->c;
	const struct chart *ch = p->ch;
	int d = dataset_of(c->spec, y);
	size_t g, s;

	k->label[0] = compose_first(c) == LANG_JA
	                      ? arena_printf(&c->out->arena, "%d年度", y)
	                      : arena_printf(&c->out->arena, "FY%d", y);
	if (c->lang == (LANG_JA | LANG_EN))
		k->label[1] = arena_printf(&c->out->arena, "FY%d", y);
	k->mark = y == ch->target_year;
	k->gap = d < 0;
	k->order = (size_t)y;
	for (g = 0; g < p->ngroups; g++) {
		struct bar *b = &k->bar[g];

		for (s = 0; s < p->nsegs; s++) {
			const struct chart_series *se = &ch->series[s];
			const struct cube_value *v;

			b->color[s] = chart_color(p->nsegs > 1 ? s : g,
			                          p->nsegs > 1 ? p->nsegs
			                                       : p->ngroups + 1,
			                          false, false);
			if (d < 0)
				continue;
			v = cube_get(c->cube, (size_t)d, (size_t)se->measure,
			             geo[g]);
			if (v->state != CUBE_OK)
				continue;
			b->ok[s] = b->any = true;
			b->v[s] = v->value;
			b->total += v->value;
		}
	}
}

/* The difference v to the target in language lang, in the arena, as its
 * two parts in reading order: *a "目標まで", *b "約213"; *a "about 213",
 * *b "to go". */
static void
to_go_parts(const struct plot *p, double v, enum lang lang, const char **a,
            const char **b)
{
	struct composer *c = p->c;
	const char *s = chart_number(c, v, &p->ch->fmt, lang);
	bool about = p->ch->target_about;

	/* From an approximate target, the distance is approximate too. */
	if (lang == LANG_JA) {
		*a = "目標まで";
		*b = arena_printf(&c->out->arena, "%s%s", about ? "約" : "",
		                  s);
	} else {
		*a = arena_printf(&c->out->arena, "%s%s", about ? "about " : "",
		                  s);
		*b = "to go";
	}
}

/* The latest column with a value, plus one (0: none). */
static size_t
latest(const struct plot *p)
{
	size_t i = p->ncat;

	while (i > 0 && !p->cat[i - 1].bar[0].any)
		i--;
	return i;
}

/*
 * The difference as a stack of lines centred in the target column, below
 * the target line and the path, where the space beside the latest column
 * is too narrow for it: part[k] in size[k], 4 lines in ja+en, else 2;
 * in ja+en a number alike in both languages is set once, between
 * 目標まで and "to go".
 */
static void
to_go_stacked(const struct plot *p, struct drawlist *l, const char **part,
              double *size, size_t nparts)
{
	const struct kpi *k = p->data;
	const struct chart *ch = p->ch;
	struct composer *c = p->c;
	double x = plot_slot(p, (size_t)(ch->target_year - k->first));
	double top = plot_at(p, ch->target), z = plot_at(p, 0);
	double low = plot_at(p, p->cat[latest(p) - 1].bar[0].total);
	double w = 0, h = 0, y, lead[4];
	size_t j;

	if (nparts == 4 && strcmp(part[1], part[2]) == 0) {
		part[2] = part[3];
		size[2] = size[3];
		nparts = 3;
	}
	for (j = 0; j < nparts; j++) {
		w = fmax(w, compose_width(c, part[j], size[j]));
		lead[j] = size[j] * 1.15;
		h += lead[j];
	}
	/* Below the target line, and below the path where it runs over
	 * the stack's left edge (it rises to the column's centre). */
	y = top + 3;
	if (ch->path) {
		double bx =
		        plot_slot(p, (size_t)(ch->baseline_year - k->first));
		double by = plot_at(p, ch->baseline), ex = x - w / 2;

		if (bx < ex && ex < x)
			y = fmax(y, top + (by - top) * (x - ex) / (x - bx) + 3);
		else if (ex <= bx)
			y = fmax(y, by + 3);
	}
	/* Midway between the target and the latest value, where it fits. */
	y = fmax(y, fmin((top + low - h) / 2, z - 2 - h));
	for (j = 0; j < nparts; j++) {
		double tw = compose_width(c, part[j], size[j]);

		y += lead[j];
		draw_text(l, x - tw / 2, y - size[j] * 0.25, c->font, size[j],
		          FOCUS, part[j], tw);
	}
}

/*
 * How far the latest survey is from the target: a bracket beside its
 * column from the column's top to the target line, and the difference,
 * where the space beside the column holds them; else the difference
 * stacked in the target column.
 */
static void
to_go(const struct plot *p, struct drawlist *l)
{
	const struct chart *ch = p->ch;
	struct composer *c = p->c;
	double band = fmin(p->pitch * p->band, 42), pt = p->small_pt;
	double pt2 = fmax(MIN_PT, pt * 0.88);
	double a, b, x, mid, v, w, room, size[4];
	const char *s[2] = {NULL, NULL}, *part[4];
	size_t i = latest(p), j, n;

	if (i == 0 || p->cat[i - 1].bar[0].total >= ch->target)
		return;
	v = ch->target - p->cat[i - 1].bar[0].total;
	to_go_parts(p, v, compose_first(c), &part[0], &part[1]);
	size[0] = size[1] = pt;
	n = 2;
	if (c->lang == (LANG_JA | LANG_EN)) {
		to_go_parts(p, v, LANG_EN, &part[2], &part[3]);
		size[2] = size[3] = pt2;
		n = 4;
	}
	for (j = 0; j < n; j += 2)
		s[j / 2] = arena_printf(
		        &c->out->arena, "%s%s%s", part[j],
		        j == 0 && compose_first(c) == LANG_JA ? "" : " ",
		        part[j + 1]);
	w = fmax(compose_width(c, s[0], pt),
	         s[1] ? compose_width(c, s[1], pt2) : 0);
	/* Up to the next column drawn, or the end of the plot. */
	for (j = i; j < p->ncat && p->cat[j].gap && !p->cat[j].mark; j++)
		;
	room = (j < p->ncat ? plot_slot(p, j) - band / 2 : p->x0 + p->pw) -
	       (plot_slot(p, i - 1) + band / 2);
	if (w + 9 > room) {
		to_go_stacked(p, l, part, size, n);
		return;
	}
	a = plot_at(p, ch->target) + 1.5;
	b = plot_at(p, p->cat[i - 1].bar[0].total) - 1;
	x = plot_slot(p, i - 1) + band / 2 + 4;
	draw_line(l, x, a, x, b, FOCUS, 0.6, 0);
	draw_line(l, x - 2, a, x, a, FOCUS, 0.6, 0);
	draw_line(l, x - 2, b, x, b, FOCUS, 0.6, 0);
	mid = (a + b) / 2 + (s[1] != NULL ? -0.5 : pt * 0.35);
	for (j = 0; j < 2 && s[j] != NULL; j++) {
		double size_j = j == 0 ? pt : pt2;

		draw_text(l, x + 3, mid + (double)j * (pt + 0.5), c->font,
		          size_j, FOCUS, s[j], compose_width(c, s[j], size_j));
	}
}

/* The target as an outlined column in its year, and the path to it. */
static void
kpi_extra(const struct plot *p, struct drawlist *l, struct drawlist *labels)
{
	const struct kpi *k = p->data;
	const struct chart *ch = p->ch;
	double band = p->pitch * p->band > 42 ? 42 : p->pitch * p->band;
	double x = plot_slot(p, (size_t)(ch->target_year - k->first));
	double top = plot_at(p, ch->target), z = plot_at(p, 0);
	double x0 = x - band / 2, x1 = x + band / 2;

	draw_rect(l, x0, top, band, z - top, TARGET_TINT, NO_COLOR, 0);
	draw_line(l, x0, z, x0, top, FOCUS, 0.8, 2);
	draw_line(l, x0, top, x1, top, FOCUS, 0.8, 2);
	draw_line(l, x1, top, x1, z, FOCUS, 0.8, 2);
	if (ch->path) {
		double bx =
		        plot_slot(p, (size_t)(ch->baseline_year - k->first));
		double by = plot_at(p, ch->baseline);

		draw_line(l, bx, by, x, top, PATH_INK, 0.8, 2);
	}
	to_go(p, labels);
}

static void
kpi_refs(struct plot *p)
{
	struct composer *c = p->c;
	const struct chart *ch = p->ch;
	struct refline *r = &p->ref[p->nref++];
	struct text t;

	t.ja = arena_printf(&c->out->arena, "目標（%d年度）", ch->target_year);
	t.en = arena_printf(&c->out->arena, "Target (FY%d)", ch->target_year);
	r->value = ch->target;
	chart_labels(c, &t, r->label);
	r->text = chart_number(c, ch->target, &ch->fmt, compose_first(c));
	if (ch->target_about)
		r->text = arena_printf(&c->out->arena, "%s%s",
				       compose_first(c) == LANG_JA ? "約"
								   : "about ",
				       r->text);
	r->color = FOCUS;
	r->dash = 3;
	r->line_pt = 0.9;
	chart_add_refs(p);
}

static void
kpi_legend(struct plot *p, const size_t *geo)
{
	/* Sample values are never called actual ones. */
	static const struct text actual = {"実績", "Actual"};
	static const struct text sample = {"見本データ", "Sample data"};
	struct composer *c = p->c;
	const struct chart *ch = p->ch;
	size_t i;

	if (p->nsegs > 1) {
		for (i = 0; i < p->nsegs; i++)
			chart_legend(p, LEGEND_SWATCH,
			             chart_color(i, p->nsegs, false, false), 0,
			             &ch->series[i].name);
	} else if (p->ngroups > 1) {
		for (i = 0; i < p->ngroups; i++) {
			struct text t = {compose_geo_name(c, geo[i], LANG_JA),
			                 compose_geo_name(c, geo[i], LANG_EN)};

			chart_legend(
			        p, LEGEND_SWATCH,
			        chart_color(i, p->ngroups + 1, false, false), 0,
			        &t);
		}
	} else {
		const struct text *t = &ch->series[0].name;

		chart_legend(p, LEGEND_SWATCH, chart_color(0, 2, false, false),
		             0,
		             t->ja != NULL || t->en != NULL ? t
		             : compose_sample(c)             ? &sample
		                                             : &actual);
	}
	if (ch->path) {
		char v[64];
		struct text t;

		format_number(ch->baseline, &ch->fmt, LANG_JA, v, sizeof v);
		t.ja = arena_printf(&c->out->arena,
		                    "基準値（%d年度 %s）から目標への道筋",
		                    ch->baseline_year, v);
		format_number(ch->baseline, &ch->fmt, LANG_EN, v, sizeof v);
		t.en = arena_printf(&c->out->arena,
		                    "Path from the baseline (%s, FY%d) to the "
		                    "target",
		                    v, ch->baseline_year);
		chart_legend(p, LEGEND_LINE, PATH_INK, 2, &t);
	}
}

void
chart_kpi(struct composer *c, const struct node *n)
{
	const struct chart *ch = n->chart;
	size_t geo[MAX_ROWS], ngeo = compose_rows(c, n, geo), i;
	struct plot p = {0};
	struct kpi k = {0};
	int last;

	if (ngeo > MAX_GROUPS) {
		msg_warn(&n->loc,
		         "a <kpi-chart> shows at most %d rows; the "
		         "first %d are shown",
		         MAX_GROUPS, MAX_GROUPS);
		ngeo = MAX_GROUPS;
	}
	p.c = c;
	p.ch = ch;
	p.node = n;
	p.vertical = true;
	p.ngroups = ngeo;
	p.nsegs = ch->nseries;
	p.band = ngeo > 1 ? 0.8 : 0.55;
	p.plot_h = ch->plot_mm > 0 ? ch->plot_mm * 72 / 25.4 : 150;
	year_range(c, ch, &k.first, &last);
	p.ncat = (size_t)(last - k.first + 1);
	p.cat = arena_alloc(&c->out->arena, p.ncat * sizeof *p.cat);
	for (i = 0; i < p.ncat; i++)
		fill_year(&p, &p.cat[i], k.first + (int)i, geo);
	kpi_refs(&p);
	kpi_legend(&p, geo);
	p.extra = kpi_extra;
	p.data = &k;
	p.has_reach = ch->path;
	p.reach = ch->baseline;
	plot_compose(&p);
}
