/*
 * Private to the chart module (chart.c, chart_plot.c, chart_kpi.c).  A
 * chart element becomes a struct plot: categories (prefectures, regions,
 * years), each holding side-by-side bars made of stacked segments, and
 * reference lines.  chart_plot.c lays a plot out and draws it, in
 * either orientation; the chart kinds only fill it in.
 */
#ifndef BRIEFGEN_CHART_INT_H
#define BRIEFGEN_CHART_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compose_int.h"

#define MAX_GROUPS MAX_SERIES /* bars side by side in one category */

/* One bar: a stack of segments from zero. */
struct bar {
	double v[MAX_SERIES]; /* segment values, valid where ok */
	bool ok[MAX_SERIES];
	bool any;                   /* at least one segment has a value */
	double total;               /* of the segments with values */
	uint32_t color[MAX_SERIES]; /* fill of each segment */
	const char *text; /* the total, formatted; set by plot_layout */
};

struct cat {
	const char *label[2]; /* first and second language; [1] may be
	                       * NULL */
	bool focus;           /* label, band and bars highlighted */
	bool mark;            /* label highlighted only (a target year) */
	bool gap;             /* no data expected: nothing drawn, no
	                       * "no data" mark */
	size_t order;         /* sort key for SORT_CODE */
	struct bar bar[MAX_GROUPS];
};

enum legend_kind {
	LEGEND_SWATCH, /* a filled square */
	LEGEND_LINE    /* a short line, maybe dashed */
};

struct legend_entry {
	enum legend_kind kind;
	uint32_t color;
	uint32_t focus; /* SWATCH: the focus colour beside it, or
	                 * NO_COLOR */
	unsigned dash;
	const char *label[2];
};

#define MAX_LEGEND 16

/* A reference line across the plot at value, labelled beside it. */
struct refline {
	double value;
	const char *label[2]; /* first and second language; either may be
	                       * NULL */
	const char *text;     /* the value, formatted */
	uint32_t color;
	unsigned dash; /* pt; 0 for solid */
	double line_pt;
	double lx, ly; /* label position; set by plot_layout */
	size_t row;    /* horizontal: label row, 0 nearest the plot */
};

#define MAX_REFS 16

/* The value axis: a round range and step. */
struct axis {
	double lo, hi; /* axis range, in values */
	double step;   /* between ticks */
	struct format fmt;
};

struct plot {
	struct composer *c;
	const struct chart *ch;
	const struct node *node;
	struct cat *cat; /* in the boxes' arena */
	size_t ncat;
	size_t ngroups; /* bars per category, 1..MAX_GROUPS */
	size_t nsegs;   /* segments per bar, 1..MAX_SERIES */
	bool vertical;
	struct refline ref[MAX_REFS];
	size_t nref;
	struct legend_entry legend[MAX_LEGEND];
	size_t nlegend;
	double plot_h;           /* plot height, pt (horizontal: of the
	                          * bars; 0: to fill the page) */
	bool fixed_lo, fixed_hi; /* the axis ends where the layout says */
	bool has_reach;          /* the axis takes in reach too */
	double reach;            /* a value drawn by extra: a KPI chart's
	                          * baseline, where its path starts */
	bool nation_ok;          /* nation_value is known */
	double nation_value;     /* what <reference at="nation"> marks */
	/* Draws what a chart kind adds over the bars to l, and its labels
	 * to labels, which every line of l stops short of. */
	void (*extra)(const struct plot *p, struct drawlist *l,
	              struct drawlist *labels);
	const void *data; /* for extra */
	double band;      /* share of a slot the bars fill, 0..1 */
	/* Set by plot_layout, pt, relative to the chart's top left. */
	struct axis ax;
	double x0, y0;        /* plot area top left */
	double pw, ph;        /* plot area size */
	double pitch;         /* category slot */
	double width, height; /* the whole chart */
	double label_pt;      /* category labels, first language */
	double small_pt;      /* second language, ticks, values */
	/* Private to chart_plot.c. */
	double w_label[2]; /* widest category label per language */
	double w_value;    /* widest value label */
	double legend_h, top_h, bottom_h, cat_h, ref_w;
	bool stack_ja;    /* vertical: Japanese labels set upright */
	bool turn_values; /* vertical: value labels turned */
};

/* Colours of bar k of several (groups or segments) for a plain, focus
 * or aggregate (region, nation) category. */
uint32_t chart_color(size_t k, size_t n, bool focus, bool aggregate);
/* v formatted with the chart's format in language lang, in the arena. */
const char *chart_number(struct composer *c, double v, const struct format *f,
                         enum lang lang);
/* The text t in the first and second output languages (second NULL when
 * only one language is shown or both are the same). */
void chart_labels(struct composer *c, const struct text *t, const char **out);
/* Adds the chart's <reference> lines to p. */
void chart_add_refs(struct plot *p);
/* Adds a legend entry with text t. */
void chart_legend(struct plot *p, enum legend_kind kind, uint32_t color,
                  unsigned dash, const struct text *t);

/* Lays the plot out for the page, draws it and appends it to the
 * composer's output as a box of one slice, kept on one page; with a
 * min-plot-height-mm, smaller versions of it down to that height, for
 * pagination to take one that fits the room left on a page. */
void plot_compose(struct plot *p);
/* Position of value v on the value axis (x when horizontal, y when
 * vertical), and of the centre of category i on the other axis. */
double plot_at(const struct plot *p, double v);
double plot_slot(const struct plot *p, size_t i);
/* Composes a <kpi-chart> (chart_kpi.c). */
void chart_kpi(struct composer *c, const struct node *n);

#endif
