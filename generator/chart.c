/*
 * Charts: turns a chart node into a plot and has chart_plot.c draw it.
 * Bar charts are made here: one category per selected row (prefectures,
 * regions, the nation), one bar per series side by side, or one stack of
 * the series; sorted, highlighted and with reference lines.
 */
#include <stdlib.h>

#include "chart_int.h"
#include "cube.h"
#include "fonts.h"
#include "prefs.h"
#include "spec.h"
#include "xalloc.h"

/* Series colours: the first pair is a dark and a light tone, so that a
 * stack of two reads as one quantity split in two. */
static const uint32_t palette[MAX_SERIES] = {
        0x1f4e79, 0x9db3cf, 0xd49a3a, 0x6a9a4f,
        0x8a6fa8, 0x4aa0a3, 0xa8765a, 0x9a9a9a,
};
static const uint32_t palette_focus[2] = {0xa8322d, 0xe7a29e};
static const uint32_t palette_aggregate[2] = {0x4a4a4a, 0xb4b4b4};

#define BAR_AGGREGATE 0x8c8c8cU /* a region or the nation, one series */

uint32_t
chart_color(size_t k, size_t n, bool focus, bool aggregate)
{
	if (n == 1)
		return focus ? FOCUS : aggregate ? BAR_AGGREGATE : BAR;
	if (k < 2 && focus)
		return palette_focus[k];
	if (k < 2 && aggregate)
		return palette_aggregate[k];
	return palette[k % MAX_SERIES];
}

const char *
chart_number(struct composer *c, double v, const struct format *f,
             enum lang lang)
{
	char buf[64];

	format_number(v, f, lang, buf, sizeof buf);
	return arena_strdup(&c->out->arena, buf);
}

void
chart_labels(struct composer *c, const struct text *t, const char **out)
{
	out[0] = out[1] = NULL;
	if (t->ja == NULL && t->en == NULL)
		return;
	out[0] = compose_pick(c, t, compose_first(c));
	if (c->lang == (LANG_JA | LANG_EN) && t->ja != NULL && t->en != NULL)
		out[1] = compose_pick(c, t, LANG_EN);
}

void
chart_legend(struct plot *p, enum legend_kind kind, uint32_t color,
             unsigned dash, const struct text *t)
{
	struct legend_entry *e;

	if (p->nlegend == MAX_LEGEND || !p->ch->legend)
		return;
	e = &p->legend[p->nlegend++];
	e->kind = kind;
	e->color = color;
	e->focus = NO_COLOR;
	e->dash = dash;
	chart_labels(p->c, t, e->label);
}

void
chart_add_refs(struct plot *p)
{
	static const struct text national = {"全国", "National"};
	const struct chart *ch = p->ch;
	size_t i;

	for (i = 0; i < ch->nrefs && p->nref < MAX_REFS; i++) {
		const struct chart_ref *r = &ch->refs[i];
		struct refline *rl = &p->ref[p->nref];
		const struct text *t = &r->label;

		if (r->nation && !p->nation_ok)
			continue;
		p->nref++;
		rl->value = r->nation ? p->nation_value : r->value;
		if (r->nation && t->ja == NULL && t->en == NULL)
			t = &national;
		chart_labels(p->c, t, rl->label);
		rl->text = chart_number(p->c, rl->value, &ch->fmt,
		                        compose_first(p->c));
		rl->color = ACCENT;
		rl->dash = 3;
		rl->line_pt = 0.9;
	}
}

/* Fills category k of a bar chart with the row geo. */
static void
fill_cat(struct plot *p, struct cat *k, size_t geo)
{
	struct composer *c = p->c;
	const struct chart *ch = p->ch;
	bool aggregate = geo >= NPREFS;
	size_t g, s;

	k->label[0] = compose_geo_name(c, geo, compose_first(c));
	if (c->lang == (LANG_JA | LANG_EN))
		k->label[1] = compose_geo_name(c, geo, LANG_EN);
	k->focus = ch->highlight_focus && compose_is_focus(c, geo);
	k->order = geo;
	for (g = 0; g < p->ngroups; g++) {
		struct bar *b = &k->bar[g];

		for (s = 0; s < p->nsegs; s++) {
			size_t i = ch->stacked ? s : g;
			const struct chart_series *se = &ch->series[i];
			const struct cube_value *v =
			        cube_get(c->cube, (size_t)se->dataset,
			                 (size_t)se->measure, geo);

			b->color[s] = chart_color(i, ch->nseries, k->focus,
			                          aggregate);
			if (v->state != CUBE_OK)
				continue;
			b->ok[s] = b->any = true;
			b->v[s] = v->value;
			b->total += v->value;
		}
	}
}

struct sortkey {
	double key; /* ascending */
	bool missing;
	size_t index;
};

static int
by_key(const void *a, const void *b)
{
	const struct sortkey *x = a, *y = b;

	if (x->missing != y->missing)
		return x->missing ? 1 : -1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Orders the categories as the chart's sort says; the first is drawn at
 * the top (horizontal) or the left (vertical). */
static void
sort_cats(struct plot *p)
{
	enum chart_sort sort = p->ch->sort;
	struct sortkey *k;
	struct cat *v;
	size_t i;

	if (sort == SORT_ROWS || p->ncat < 2)
		return;
	k = xcalloc(p->ncat, sizeof *k);
	v = arena_alloc(&p->c->out->arena, p->ncat * sizeof *v);
	for (i = 0; i < p->ncat; i++) {
		const struct bar *b = &p->cat[i].bar[0];

		k[i].index = i;
		switch (sort) {
		case SORT_ROWS:
		case SORT_CODE:
			k[i].key = (double)p->cat[i].order;
			break;
		case SORT_VALUE:
			k[i].key = -b->total;
			k[i].missing = !b->any;
			break;
		case SORT_VALUE_ASC:
			k[i].key = b->total;
			k[i].missing = !b->any;
			break;
		}
	}
	qsort(k, p->ncat, sizeof *k, by_key);
	for (i = 0; i < p->ncat; i++)
		v[i] = p->cat[k[i].index];
	p->cat = v;
	free(k);
}

static void
bar_legend(struct plot *p)
{
	const struct chart *ch = p->ch;
	bool focus = false;
	size_t i;

	for (i = 0; i < p->ncat; i++)
		focus = focus || p->cat[i].focus;
	for (i = 0; i < ch->nseries; i++) {
		if (ch->series[i].name.ja == NULL &&
		    ch->series[i].name.en == NULL)
			continue;
		chart_legend(p, LEGEND_SWATCH,
		             chart_color(i, ch->nseries, false, false), 0,
		             &ch->series[i].name);
		/* Focus rows draw the series in their own colours. */
		if (focus && p->nlegend > 0)
			p->legend[p->nlegend - 1].focus =
			        chart_color(i, ch->nseries, true, false);
	}
}

static void
bar_chart(struct composer *c, const struct node *n)
{
	const struct chart *ch = n->chart;
	size_t geo[MAX_ROWS], ngeo = compose_rows(c, n, geo), i;
	struct plot p = {0};
	struct cat nation = {0};

	if (ngeo == 0)
		return;
	p.c = c;
	p.ch = ch;
	p.node = n;
	p.vertical = ch->vertical;
	p.ngroups = ch->stacked ? 1 : ch->nseries;
	p.nsegs = ch->stacked ? ch->nseries : 1;
	p.band = p.ngroups > 1 ? 0.8 : 0.64;
	/* A horizontal chart without a height fills the page. */
	p.plot_h = ch->plot_mm > 0 ? ch->plot_mm * 72 / 25.4
	           : ch->vertical  ? 200
	                           : 0;
	p.ncat = ngeo;
	p.cat = arena_alloc(&c->out->arena, ngeo * sizeof *p.cat);
	for (i = 0; i < ngeo; i++)
		fill_cat(&p, &p.cat[i], geo[i]);
	sort_cats(&p);
	fill_cat(&p, &nation, cube_nation(c->cube));
	p.nation_ok = nation.bar[0].any;
	for (i = 0; i < p.nsegs; i++)
		p.nation_ok = p.nation_ok && nation.bar[0].ok[i];
	p.nation_value = nation.bar[0].total;
	chart_add_refs(&p);
	bar_legend(&p);
	plot_compose(&p);
}

void
compose_chart(struct composer *c, const struct node *n)
{
	switch (n->chart->kind) {
	case CHART_BAR:
		bar_chart(c, n);
		break;
	case CHART_KPI:
		chart_kpi(c, n);
		break;
	}
}
