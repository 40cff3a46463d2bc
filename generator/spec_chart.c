/*
 * Chart elements of a layout: <bar-chart> and <kpi-chart>, their series,
 * axes, reference lines and note, read into a struct chart.  The schema
 * has checked the attribute values; this checks what it cannot.
 */
#include "spec.h"

#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "spec_int.h"
#include "value.h"

bool
spec_chart_is(xmlNodePtr n)
{
	return spec_is(n, "bar-chart") || spec_is(n, "kpi-chart");
}

/* Is the attribute present and equal to value? */
static bool
attr_is(struct reader *r, xmlNodePtr n, const char *name, const char *value)
{
	const char *v = spec_attr(r, n, name);

	return v != NULL && strcmp(v, value) == 0;
}

/* A decimal attribute (the schema checked its form) into *v; reports one
 * of 2^53 or more in magnitude, where xsd:decimal has no bound. */
static bool
attr_number(struct reader *r, xmlNodePtr n, const char *name, double *v)
{
	const char *s = spec_attr(r, n, name);

	if (s == NULL)
		return false;
	*v = strtod(s, NULL);
	if (!(fabs(*v) < VALUE_MAX)) {
		spec_error(r, n, "%s: too large (2^53 or more): \"%s\"", name,
			   s);
		*v = 0;
		return false;
	}
	return true;
}

/* The bilingual text of n, or NULLs when n holds no <ja> or <en>. */
static struct text
optional_text(struct reader *r, xmlNodePtr n)
{
	if (spec_has_text(n))
		return spec_bilingual(r, n);
	return (struct text){NULL, NULL};
}

static void
add_series(struct reader *r, const struct spec *s, xmlNodePtr n,
           struct chart *ch, int dataset)
{
	struct chart_series *se;

	if (ch->nseries == MAX_SERIES) {
		spec_error(r, n, "a chart has at most %d series", MAX_SERIES);
		return;
	}
	se = &ch->series[ch->nseries++];
	se->loc = spec_loc(r, n);
	se->measure = spec_measure_ref(r, s, n, "measure");
	se->dataset = spec_dataset_ref(r, s, n, dataset);
	if (ch->kind == CHART_KPI && spec_attr(r, n, "dataset") != NULL)
		spec_error(r, n,
		           "a <kpi-chart> shows every dataset: its "
		           "<series> take no \"dataset\"");
	if (spec_is(n, "series"))
		se->name = spec_bilingual(r, n);
}

static void
add_ref(struct reader *r, xmlNodePtr n, struct chart *ch, bool nation)
{
	struct chart_ref *ref =
	        spec_push((void **)&ch->refs, &ch->nrefs, sizeof *ref);

	ref->loc = spec_loc(r, n);
	ref->nation = nation;
	if (!nation) {
		attr_number(r, n, "value", &ref->value);
		ref->label = optional_text(r, n);
	} else if (spec_is(n, "reference")) {
		ref->label = optional_text(r, n);
	}
}

/* The references live in the arena like the rest of the chart. */
static void
own_refs(struct reader *r, struct chart *ch)
{
	struct chart_ref *v;

	if (ch->nrefs == 0)
		return;
	v = arena_alloc(r->arena, ch->nrefs * sizeof *v);
	memcpy(v, ch->refs, ch->nrefs * sizeof *v);
	free(ch->refs);
	ch->refs = v;
}

static void
elem_reference(struct reader *r, xmlNodePtr n, struct chart *ch)
{
	bool nation = attr_is(r, n, "at", "nation");

	if (nation && ch->kind == CHART_KPI)
		spec_error(r, n,
		           "<reference at=\"nation\"> is for bar charts; "
		           "a <kpi-chart> shows the nation's values");
	add_ref(r, n, ch, nation);
}

static void
elem_value_axis(struct reader *r, xmlNodePtr n, struct chart *ch)
{
	ch->has_min = attr_number(r, n, "min", &ch->min);
	ch->has_max = attr_number(r, n, "max", &ch->max);
	if (ch->has_min && ch->has_max && ch->min >= ch->max)
		spec_error(r, n, "<value-axis> min must be less than max");
	ch->value_axis = optional_text(r, n);
}

/* Child elements, common to every chart. */
static void
chart_children(struct reader *r, const struct spec *s, xmlNodePtr n,
               struct chart *ch, struct node *nd, int dataset)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next) {
		if (spec_is(c, "title"))
			nd->text = spec_bilingual(r, c);
		else if (spec_is(c, "series"))
			add_series(r, s, c, ch, dataset);
		else if (spec_is(c, "value-axis"))
			elem_value_axis(r, c, ch);
		else if (spec_is(c, "category-axis"))
			ch->category_axis = spec_bilingual(r, c);
		else if (spec_is(c, "reference"))
			elem_reference(r, c, ch);
		else if (spec_is(c, "note"))
			ch->note = spec_bilingual(r, c);
	}
}

/* Fiscal years (April to March) shown by a KPI chart: at most this many. */
#define MAX_YEARS 30

static void
kpi_attrs(struct reader *r, const struct spec *s, xmlNodePtr n,
          struct chart *ch)
{
	int first, last;
	size_t d;

	attr_number(r, n, "target", &ch->target);
	ch->target_about = spec_bool(r, n, "target-approximate", false);
	ch->target_year = atoi(spec_attr(r, n, "target-year"));
	ch->has_baseline = attr_number(r, n, "baseline", &ch->baseline);
	if (ch->has_baseline)
		ch->baseline_year = atoi(spec_attr(r, n, "baseline-year"));
	ch->path = spec_bool(r, n, "path", ch->has_baseline);
	if (ch->path && !ch->has_baseline)
		spec_error(r, n,
		           "path=\"true\" needs a baseline and a "
		           "baseline-year");
	if (ch->has_baseline && ch->baseline_year >= ch->target_year)
		spec_error(r, n, "baseline-year must come before target-year");
	first = last = ch->target_year;
	if (ch->has_baseline && ch->baseline_year < first)
		first = ch->baseline_year;
	for (d = 0; d < s->ndatasets; d++) {
		const struct date *a = &s->datasets[d].as_of;
		int y = a->month >= 4 ? a->year : a->year - 1;

		first = y < first ? y : first;
		last = y > last ? y : last;
	}
	if (last - first >= MAX_YEARS)
		spec_error(r, n,
		           "a <kpi-chart> spans at most %d fiscal years, "
		           "not %d (FY%d to FY%d)",
		           MAX_YEARS, last - first + 1, first, last);
}

static void
bar_attrs(struct reader *r, xmlNodePtr n, struct chart *ch)
{
	static const char *const sorts[] = {"rows", "code", "value",
	                                    "value-ascending"};
	const char *sort = spec_attr(r, n, "sort");
	size_t i;

	ch->vertical = attr_is(r, n, "orientation", "vertical");
	ch->stacked = attr_is(r, n, "mode", "stacked");
	for (i = 0; sort != NULL && i < sizeof sorts / sizeof sorts[0]; i++)
		if (strcmp(sort, sorts[i]) == 0)
			ch->sort = (enum chart_sort)i;
	ch->highlight_focus = attr_is(r, n, "highlight", "focus");
	if (attr_is(r, n, "reference", "nation"))
		add_ref(r, n, ch, true);
}

struct chart *
spec_chart(struct reader *r, const struct spec *s, xmlNodePtr n,
           struct node *nd)
{
	struct chart *ch = arena_alloc(r->arena, sizeof *ch);
	int dataset = spec_dataset_ref(r, s, n, (int)s->ndatasets - 1);
	const char *values = spec_attr(r, n, "values");
	double mm;

	ch->kind = spec_is(n, "kpi-chart") ? CHART_KPI : CHART_BAR;
	ch->series = arena_alloc(r->arena, MAX_SERIES * sizeof *ch->series);
	if (spec_attr(r, n, "measure") != NULL)
		add_series(r, s, n, ch, dataset);
	if (spec_attr(r, n, "rows") != NULL)
		spec_rows(r, n, nd);
	else
		nd->rows[nd->nrows++] = ROWS_NATION;
	if (ch->kind == CHART_KPI) {
		ch->vertical = true;
		ch->stacked = true;
		kpi_attrs(r, s, n, ch);
	} else {
		bar_attrs(r, n, ch);
	}
	ch->values = values == NULL                ? VALUES_END
	             : strcmp(values, "all") == 0  ? VALUES_ALL
	             : strcmp(values, "none") == 0 ? VALUES_NONE
	                                           : VALUES_END;
	if (attr_number(r, n, "plot-height-mm", &mm)) {
		if (mm < 20 || mm > 400)
			spec_error(r, n, "plot-height-mm must be 20 to 400");
		ch->plot_mm = mm;
	}
	if (attr_number(r, n, "min-plot-height-mm", &mm)) {
		if (mm < 20 || mm > 400)
			spec_error(r, n, "min-plot-height-mm must be 20 to 400");
		else if (ch->plot_mm == 0)
			spec_error(r, n,
			           "min-plot-height-mm needs a plot-height-mm");
		else if (mm > ch->plot_mm)
			spec_error(r, n,
			           "min-plot-height-mm must not exceed "
			           "plot-height-mm");
		else
			ch->min_plot_mm = mm;
	}
	chart_children(r, s, n, ch, nd, dataset);
	own_refs(r, ch);
	if (ch->nseries == 0)
		spec_error(r, n,
		           "<%s> needs a \"measure\" attribute or "
		           "<series> elements",
		           n->name);
	else if (spec_attr(r, n, "measure") != NULL && ch->nseries > 1)
		spec_error(r, n,
		           "<%s> has a \"measure\" attribute and "
		           "<series>: use one or the other",
		           n->name);
	ch->legend = spec_bool(r, n, "legend", true);
	ch->fmt = spec_format_ref(r, s, n,
	                          ch->nseries ? ch->series[0].measure : -1);
	return ch;
}
