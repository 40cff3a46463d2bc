/* Layout files: <layout> and everything in it. */
#include "spec.h"

#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "infile.h"
#include "pngread.h"
#include "spec_int.h"
#include "value.h"
#include "xalloc.h"

/* --- layout elements ------------------------------------------------ */

/* --- master pages ----------------------------------------------------- */

/* A part of a header or footer: <ja>/<en>, or plain text used in both
 * languages (tokens only, say). */
static struct text
band_part(struct reader *r, xmlNodePtr n)
{
	if (spec_has_text(n))
		return spec_bilingual(r, n);
	{
		const char *t = spec_text(r, n);
		struct text both = {t, t};
		struct loc at = spec_loc(r, n);

		spec_note_string(r, t, &at);
		return both;
	}
}

static void
elem_band(struct reader *r, xmlNodePtr n, struct band *b)
{
	xmlNodePtr c;

	memset(b, 0, sizeof *b);
	b->on = true;
	for (c = n->children; c != NULL; c = c->next) {
		if (spec_is(c, "left"))
			b->left = band_part(r, c);
		else if (spec_is(c, "center"))
			b->center = band_part(r, c);
		else if (spec_is(c, "right"))
			b->right = band_part(r, c);
	}
}

/* Millimetres from attribute name of n, or fallback (pt) when absent. */
static double
margin_attr(struct reader *r, xmlNodePtr n, const char *name,
	    double fallback)
{
	const char *v = spec_attr(r, n, name);
	double mm;

	if (v == NULL)
		return fallback;
	mm = strtod(v, NULL);
	if (!(mm >= 5 && mm <= 60)) {
		spec_error(r, n, "%s must be 5 to 60, not \"%s\"", name, v);
		return fallback;
	}
	return mm * 72 / 25.4;
}

/* <page> (the first master) and <master>. */
static void
elem_page(struct reader *r, struct spec *s, xmlNodePtr n)
{
	struct page_setup *p = spec_push((void **)&s->masters, &s->nmasters,
					 sizeof *p);
	const char *size = spec_attr(r, n, "size");
	const char *orient = spec_attr(r, n, "orientation");
	double w = 595.276, h = 841.89, t;
	xmlNodePtr c;
	bool footer = false;

	p->id = spec_attr(r, n, "id");
	if (p->id == NULL)
		p->id = "default";
	p->loc = spec_loc(r, n);
	if (size != NULL && strcmp(size, "A3") == 0)
		w = 841.89, h = 1190.55;
	if (orient != NULL && strcmp(orient, "landscape") == 0)
		t = w, w = h, h = t;
	p->width_pt = w;
	p->height_pt = h;
	p->margin_pt = margin_attr(r, n, "margin-mm", 18 * 72 / 25.4);
	p->top_pt = margin_attr(r, n, "margin-top-mm", p->margin_pt);
	p->bottom_pt = margin_attr(r, n, "margin-bottom-mm", p->margin_pt);
	for (c = n->children; c != NULL; c = c->next) {
		if (spec_is(c, "header")) {
			elem_band(r, c, &p->header);
		} else if (spec_is(c, "footer")) {
			elem_band(r, c, &p->footer);
			footer = true;
		} else if (spec_is(c, "watermark")) {
			p->watermark = spec_bilingual(r, c);
		}
	}
	if (!footer) {
		/* The house footer: the pack title, and the page number. */
		p->footer.on = true;
		p->footer.left.ja = p->footer.left.en = "{title}";
		p->footer.right.ja = p->footer.right.en = "{page} / {pages}";
	}
	if (spec_master(s, p->id) != (int)s->nmasters - 1)
		spec_error(r, n, "master page \"%s\" is defined twice", p->id);
}

static const char *const *
strings(struct reader *r, xmlNodePtr n, const char *name, size_t *count)
{
	const char **v;
	xmlNodePtr c;
	size_t k = 0;

	for (c = n->children; c != NULL; c = c->next)
		k += spec_is(c, name);
	v = arena_alloc(r->arena, (k ? k : 1) * sizeof *v);
	*count = 0;
	for (c = n->children; c != NULL; c = c->next)
		if (spec_is(c, name))
			v[(*count)++] = spec_text(r, c);
	return v;
}

/* The group attributes of n's <header>s, in order; NULL when none has
 * one. */
static const char *const *
header_groups(struct reader *r, xmlNodePtr n, size_t count)
{
	const char **v = arena_alloc(r->arena, (count + 1) * sizeof *v);
	bool any = false;
	xmlNodePtr c;
	size_t k = 0;

	for (c = n->children; c != NULL && k < count; c = c->next)
		if (spec_is(c, "header")) {
			v[k] = spec_attr(r, c, "group");
			any |= v[k++] != NULL;
		}
	return any ? v : NULL;
}

static void
elem_column(struct reader *r, struct spec *s, xmlNodePtr n,
	    struct colspec *cols, size_t *ncols)
{
	static const char *const types[] = {"text", "number", "choice",
					    "lgcode", "prefecture"};
	struct colspec *c = &cols[(*ncols)++];
	const char *type = spec_attr(r, n, "type");
	size_t i;

	c->id = spec_attr(r, n, "id");
	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(type, types[i]) == 0)
			c->type = (enum col_type)i;
	c->optional = spec_bool(r, n, "optional", false);
	c->headers = strings(r, n, "header", &c->nheaders);
	c->groups = header_groups(r, n, c->nheaders);
	c->values = strings(r, n, "value", &c->nvalues);
	for (i = 0; i + 1 < *ncols; i++)
		if (strcmp(cols[i].id, c->id) == 0)
			spec_error(r, n, "column \"%s\" is defined twice", c->id);
	if (c->type == COL_CHOICE && c->nvalues == 0)
		spec_error(r, n, "column \"%s\" of type choice needs <value>s",
			 c->id);
	if (c->type != COL_CHOICE && c->nvalues > 0)
		spec_error(r, n, "column \"%s\": only a choice column has "
			       "<value>s",
			 c->id);
	if (c->type == COL_LGCODE) {
		if (s->code_column >= 0)
			spec_error(r, n, "column \"%s\": a survey has one lgcode "
				       "column",
				 c->id);
		s->code_column = (int)(c - cols);
	}
	if (c->type == COL_PREF) {
		if (s->pref_column >= 0)
			spec_error(r, n, "column \"%s\": a survey has at most "
				       "one prefecture column",
				 c->id);
		s->pref_column = (int)(c - cols);
	}
}

/* <sources>: every document the layout cites, whether or not it was
 * published by the date the layout is read as of. */
static void
elem_sources(struct reader *r, struct spec *s, xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next) {
		struct publication *src;
		const char *pub, *by;

		if (!spec_is(c, "source"))
			continue;
		src = spec_push((void **)&s->sources, &s->nsources,
				sizeof *src);
		src->id = spec_attr(r, c, "id");
		src->loc = spec_loc(r, c);
		src->text = spec_bilingual(r, c);
		pub = spec_attr(r, c, "published");
		by = spec_attr(r, c, "public-by");
		src->exact = pub != NULL;
		if (!date_parse(pub ? pub : by, &src->published))
			spec_error(r, c, "%s: not a date: \"%s\"",
				   pub ? "published" : "public-by",
				   pub ? pub : by);
		if (spec_source(s, src->id) != (int)s->nsources - 1)
			spec_error(r, c, "source \"%s\" is defined twice",
				   src->id);
	}
}

/* Was source i published after the date the layout is read as of? */
static bool
later_source(const struct reader *r, const struct spec *s, int i)
{
	return r->until != NULL &&
	       date_cmp(&s->sources[i].published, r->until) > 0;
}

/* The source id names, or -1 after reporting an unknown one at n. */
static int
source_ref(struct reader *r, const struct spec *s, xmlNodePtr n,
	   const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < s->nsources; i++)
		if (strlen(s->sources[i].id) == len &&
		    strncmp(s->sources[i].id, id, len) == 0)
			return (int)i;
	spec_error(r, n, "source: unknown source \"%.*s\" (sources are "
			 "declared in <sources>)",
		   (int)len, id);
	return -1;
}

/* Does the layout read any sample dataset? */
static bool
any_sample(const struct spec *s)
{
	size_t i;

	for (i = 0; i < s->ndatasets; i++)
		if (s->datasets[i].sample)
			return true;
	return false;
}

/*
 * The sources block c cites (its source attribute) into nd.  Returns
 * false when one of them was published after the date the layout is read
 * as of, or when c is a remark on sample data (sample="true") and no
 * dataset is sample: the block is left out.
 */
static bool
elem_cites(struct reader *r, const struct spec *s, xmlNodePtr c,
	   struct node *nd)
{
	const char *v = spec_attr(r, c, "source"), *p;
	int *ids;
	size_t len;
	bool known = !spec_bool(r, c, "sample", false) || any_sample(s);
	int k;

	if (v == NULL)
		return known;
	ids = arena_alloc(r->arena, (strlen(v) / 2 + 1) * sizeof *ids);
	for (p = v; *(p += strspn(p, " \t\n")) != '\0'; p += len) {
		len = strcspn(p, " \t\n");
		if ((k = source_ref(r, s, c, p, len)) < 0)
			continue;
		known = known && !later_source(r, s, k);
		ids[nd->nsources++] = k;
	}
	nd->sources = ids;
	return known;
}

/* When dataset d became known: its source's publication date, or,
 * without a source, its as-of date. */
static const struct date *
known_from(const struct spec *s, const struct dataset *d)
{
	return d->source >= 0 ? &s->sources[d->source].published : &d->as_of;
}

static void
elem_dataset(struct reader *r, struct spec *s, xmlNodePtr n)
{
	struct dataset *d = spec_push((void **)&s->datasets, &s->ndatasets,
				 sizeof *d);
	const char *asof = spec_attr(r, n, "as-of");
	const char *enc = spec_attr(r, n, "encoding");
	const char *src = spec_attr(r, n, "source");
	const char *other = spec_attr(r, n, "non-municipalities");
	const char *row = spec_attr(r, n, "header-row");

	d->id = spec_attr(r, n, "id");
	d->path = spec_resolve_at(r, n, spec_attr(r, n, "file"));
	d->loc = spec_loc(r, n);
	d->label = spec_bilingual(r, n);
	if (enc != NULL && !decode_parse_name(enc, &d->encoding))
		spec_error(r, n, "unknown encoding \"%s\" (known: utf-8, "
			       "cp932 or shift_jis, euc-jp, auto)",
			 enc);
	d->leave_out = other != NULL && strcmp(other, "leave-out") == 0;
	d->sheet = spec_attr(r, n, "sheet");
	d->header_row = row != NULL ? (unsigned)strtoul(row, NULL, 10) : 0;
	if (!date_parse(asof, &d->as_of))
		spec_error(r, n, "as-of: not a date from 1970-01-01 to "
				 "9999-12-31: \"%s\"",
			   asof);
	if (spec_dataset(s, d->id) != (int)s->ndatasets - 1)
		spec_error(r, n, "dataset \"%s\" is defined twice", d->id);
	d->sample = spec_bool(r, n, "sample", false);
	d->source = src ? source_ref(r, s, n, src, strlen(src)) : -1;
	if (d->source >= 0 && s->sources[d->source].exact &&
	    date_cmp(&s->sources[d->source].published, &d->as_of) < 0)
		spec_error(r, n, "dataset \"%s\" is as of %s, after its "
				 "source \"%s\" was published",
			   d->id, asof, src);
	if (r->until != NULL && date_cmp(known_from(s, d), r->until) > 0) {
		/* Published after the pack's date: as if the layout did
		 * not list it. */
		*(const char **)spec_push((void **)&r->later, &r->nlater,
					  sizeof *r->later) = d->id;
		s->ndatasets--;
	}
}

static void
elem_survey(struct reader *r, struct spec *s, xmlNodePtr n)
{
	struct colspec *cols;
	size_t ncols = 0, k = 0;
	const char *name;
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next)
		k += spec_is(c, "column");
	cols = arena_alloc(r->arena, k * sizeof *cols);
	for (c = n->children; c != NULL; c = c->next) {
		if (spec_is(c, "column"))
			elem_column(r, s, c, cols, &ncols);
		else if (spec_is(c, "dataset"))
			elem_dataset(r, s, c);
	}
	s->schema.cols = cols;
	s->schema.ncols = ncols;
	if (s->ndatasets == 0 && r->nlater > 0)
		spec_error(r, n, "no dataset was published by %04d-%02d-%02d",
			   r->until->year, r->until->month, r->until->day);
	if (s->code_column < 0)
		spec_error(r, n, "<survey> needs a column of type lgcode");
	name = spec_attr(r, n, "name-column");
	s->name_column = schema_find(&s->schema, name ? name : "name");
	if (name != NULL && s->name_column < 0)
		spec_error(r, n, "name-column: unknown column \"%s\"", name);
	else if (s->name_column >= 0 &&
		 cols[s->name_column].type != COL_TEXT) {
		if (name != NULL)
			spec_error(r, n, "name-column: column \"%s\" is not a "
					 "text column",
				   name);
		s->name_column = -1;
	}
}

/* Resolves the id in attribute name to an earlier measure, or reports. */
int
spec_measure_ref(struct reader *r, const struct spec *s, xmlNodePtr n,
	    const char *name)
{
	const char *id = spec_attr(r, n, name);
	int m = spec_measure(s, id);

	if (m < 0)
		spec_error(r, n, "unknown measure \"%s\" (measures must be "
			       "defined before they are used)",
			 id);
	return m;
}

static int
column_ref(struct reader *r, const struct spec *s, xmlNodePtr n,
	   const char *name)
{
	const char *id = spec_attr(r, n, name);
	int c = schema_find(&s->schema, id);

	if (c < 0)
		spec_error(r, n, "unknown column \"%s\"", id);
	return c;
}

/* The parts of a <total>: earlier measures that add up (not ratios). */
static void
total_parts(struct reader *r, const struct spec *s, xmlNodePtr n,
	    struct measure *m)
{
	const char *of = spec_attr(r, n, "of"), *p;
	int *parts = arena_alloc(r->arena, (strlen(of) / 2 + 1) *
						   sizeof *parts);
	size_t len;
	int k;

	for (p = of; *(p += strspn(p, " \t\n")) != '\0'; p += len) {
		len = strcspn(p, " \t\n");
		for (k = 0; k < (int)s->nmeasures; k++)
			if (strlen(s->measures[k].id) == len &&
			    strncmp(s->measures[k].id, p, len) == 0)
				break;
		if (k == (int)s->nmeasures)
			spec_error(r, n, "unknown measure \"%.*s\" (measures "
					 "must be defined before they are "
					 "used)",
				   (int)len, p);
		else if (s->measures[k].kind == MEASURE_RATIO)
			spec_error(r, n, "a total adds counts and sums, not "
					 "the ratio \"%s\"",
				   s->measures[k].id);
		else
			parts[m->nparts++] = k;
	}
	m->parts = parts;
}

/* The column a measure counts or sums the answers of: its own, or the
 * one all the parts of a total read; -1 for none. */
static int
answer_column(const struct spec *s, int k)
{
	const struct measure *m = &s->measures[k];
	int col = -1;
	size_t i;

	switch (m->kind) {
	case MEASURE_COUNT:
	case MEASURE_SUM:
		return m->column;
	case MEASURE_TOTAL:
		for (i = 0; i < m->nparts; i++) {
			int c = answer_column(s, m->parts[i]);

			if (c < 0 || (col >= 0 && c != col))
				return -1;
			col = c;
		}
		return col;
	case MEASURE_RATIO:
		return -1;
	}
	return -1;
}

/* What a ratio divides by: denominator="…", of="roster" or
 * of="answered". */
static void
ratio_of(struct reader *r, const struct spec *s, xmlNodePtr n,
	 struct measure *m)
{
	const char *of = spec_attr(r, n, "of");

	if (of == NULL) {
		m->denominator = spec_measure_ref(r, s, n, "denominator");
		return;
	}
	m->of = strcmp(of, "answered") == 0 ? RATIO_ANSWERED : RATIO_ROSTER;
	if (m->of == RATIO_ANSWERED && m->numerator >= 0 &&
	    (m->answers = answer_column(s, m->numerator)) < 0)
		spec_error(r, n, "of=\"answered\" needs a numerator that "
			       "counts or sums one column, so that its "
			       "answers can be counted; \"%s\" does not",
			 s->measures[m->numerator].id);
}

static void
elem_measure(struct reader *r, struct spec *s, xmlNodePtr n)
{
	struct measure m = {spec_attr(r, n, "id"), MEASURE_COUNT, -1, -1, -1, -1,
			    RATIO_MEASURE, -1, NULL, 0, spec_loc(r, n)};
	const char *equals;
	size_t i;

	if (spec_is(n, "count") && (equals = spec_attr(r, n, "equals")) != NULL) {
		const struct colspec *c;

		if ((m.column = column_ref(r, s, n, "column")) >= 0) {
			c = &s->schema.cols[m.column];
			for (i = 0; i < c->nvalues; i++)
				if (strcmp(c->values[i], equals) == 0)
					m.equals = (int)i;
			if (m.equals < 0)
				spec_error(r, n, "\"%s\" is not a value of "
					       "column \"%s\"",
					 equals, c->id);
		}
	} else if (spec_is(n, "sum")) {
		m.kind = MEASURE_SUM;
		m.column = column_ref(r, s, n, "column");
		if (m.column >= 0 &&
		    s->schema.cols[m.column].type != COL_NUMBER)
			spec_error(r, n, "sum of \"%s\", which is not a number "
				       "column",
				 s->schema.cols[m.column].id);
	} else if (spec_is(n, "ratio")) {
		m.kind = MEASURE_RATIO;
		m.numerator = spec_measure_ref(r, s, n, "numerator");
		ratio_of(r, s, n, &m);
	} else if (spec_is(n, "total")) {
		m.kind = MEASURE_TOTAL;
		total_parts(r, s, n, &m);
	}
	if (spec_measure(s, m.id) >= 0)
		spec_error(r, n, "measure \"%s\" is defined twice", m.id);
	*(struct measure *)spec_push((void **)&s->measures, &s->nmeasures,
				sizeof m) = m;
}

void
spec_rows(struct reader *r, xmlNodePtr n, struct node *nd)
{
	static const char *const names[] = {"focus",   "region",
					    "nation",  "all",
					    "members", "municipalities"};
	const size_t nnames = sizeof names / sizeof names[0];
	const char *p = spec_attr(r, n, "rows");
	size_t i, len;

	while (*p != '\0') {
		p += strspn(p, " \t\n");
		len = strcspn(p, " \t\n");
		if (len == 0)
			break;
		for (i = 0; i < nnames; i++)
			if (strlen(names[i]) == len &&
			    strncmp(p, names[i], len) == 0)
				break;
		if (nd->nrows == MAX_ROWSEL)
			spec_error(r, n, "rows: at most 8 selections");
		else if (i < nnames)
			nd->rows[nd->nrows++] = (enum rowsel)i;
		p += len;
	}
}

/* The dataset named by n's "dataset" attribute, or fallback. */
/* The dataset id names in attribute what of n; reports an unknown one, or
 * one --as-of left out, and returns -1.  Messages name the attribute
 * unless it is "dataset". */
static int
dataset_id(struct reader *r, const struct spec *s, xmlNodePtr n,
	   const char *what, const char *id)
{
	const char *prefix = strcmp(what, "dataset") == 0 ? "" : what;
	size_t i;
	int d;

	if ((d = spec_dataset(s, id)) >= 0)
		return d;
	for (i = 0; i < r->nlater; i++)
		if (strcmp(r->later[i], id) == 0) {
			spec_error(r, n, "%s%sdataset \"%s\" was published "
					 "after %04d-%02d-%02d, the date the "
					 "pack is made as of",
				   prefix, *prefix ? ": " : "", id,
				   r->until->year, r->until->month,
				   r->until->day);
			return -1;
		}
	spec_error(r, n, "%s%sunknown dataset \"%s\"", prefix,
		   *prefix ? ": " : "", id);
	return -1;
}

/* The latest dataset as of a date before dataset d's, or -1. */
static int
previous_dataset(const struct spec *s, int d)
{
	int prev = -1;
	size_t i;

	for (i = 0; d >= 0 && i < s->ndatasets; i++)
		if (date_cmp(&s->datasets[i].as_of, &s->datasets[d].as_of) < 0 &&
		    (prev < 0 || date_cmp(&s->datasets[i].as_of,
					  &s->datasets[prev].as_of) > 0))
			prev = (int)i;
	return prev;
}

int
spec_dataset_ref(struct reader *r, const struct spec *s, xmlNodePtr n,
	    int fallback)
{
	const char *id = spec_attr(r, n, "dataset");

	return id == NULL ? fallback : dataset_id(r, s, n, "dataset", id);
}

/* The format in n's "format" attribute, else what suits measure m. */
struct format
spec_format_ref(struct reader *r, const struct spec *s, xmlNodePtr n, int m)
{
	const char *name = spec_attr(r, n, "format");
	struct format f = {FMT_INTEGER, 0};

	if (name != NULL) {
		if (!format_parse(name, &f))
			spec_error(r, n, "unknown format \"%s\"; formats are "
				   FORMAT_NAMES,
				   name);
	} else if (m >= 0 && s->measures[m].kind == MEASURE_RATIO) {
		f.kind = FMT_PERCENT;
		f.decimals = 1;
	}
	return f;
}

/* --- tables ----------------------------------------------------------- */

/* The widest a column may be: an A3 page's long side, 420 mm. */
#define MAX_COLUMN_MM 420.0
/* The largest share of a table's spare width a column may take ("100*"). */
#define MAX_FRACTION 100.0

/* The column's width attribute: "auto", "30mm", "40pt" or "2*". */
static void
col_width(struct reader *r, xmlNodePtr n, struct tcol *t)
{
	const char *v = spec_attr(r, n, "width");
	char *end;
	double x;

	t->width_kind = CWIDTH_AUTO;
	if (v == NULL || strcmp(v, "auto") == 0)
		return;
	x = strtod(v, &end);
	if (strcmp(end, "mm") == 0) {
		t->width_kind = CWIDTH_FIXED;
		t->width = x * 72 / 25.4;
	} else if (strcmp(end, "pt") == 0) {
		t->width_kind = CWIDTH_FIXED;
		t->width = x;
	} else if (strcmp(end, "*") == 0) {
		t->width_kind = CWIDTH_FRACTION;
		t->width = x;
	}
	if (end == v || !(x > 0) || t->width_kind == CWIDTH_AUTO) {
		spec_error(r, n, "width: not a width (auto, 30mm, 40pt or "
				 "2*): \"%s\"",
			   v);
		t->width_kind = CWIDTH_AUTO;
	} else if (t->width_kind == CWIDTH_FIXED &&
		   !(t->width <= MAX_COLUMN_MM * 72 / 25.4)) {
		spec_error(r, n, "width: at most %g mm (%g pt), not \"%s\"",
			   MAX_COLUMN_MM, round(MAX_COLUMN_MM * 72 / 25.4), v);
		t->width_kind = CWIDTH_AUTO;
	} else if (t->width_kind == CWIDTH_FRACTION &&
		   !(t->width <= MAX_FRACTION)) {
		spec_error(r, n, "width: a share of at most %g*, not \"%s\"",
			   MAX_FRACTION, v);
		t->width_kind = CWIDTH_AUTO;
	}
}

/* Index of the name in v[n], or -1. */
static int
name_index(const char *const *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(v[i], name) == 0)
			return (int)i;
	return -1;
}

/* A field column: a survey column, perhaps shown as a mark. */
static void
field_column(struct reader *r, const struct spec *s, xmlNodePtr c,
	     struct tcol *t)
{
	const char *mark = spec_attr(r, c, "mark");
	const struct colspec *cs;

	t->kind = TCOL_FIELD;
	t->field = column_ref(r, s, c, "field");
	if (t->field < 0)
		return;
	cs = &s->schema.cols[t->field];
	if (mark != NULL) {
		if (cs->type != COL_CHOICE)
			spec_error(r, c, "mark: column \"%s\" is not a choice "
					 "column",
				   cs->id);
		else if ((t->mark = name_index(cs->values, cs->nvalues,
					       mark)) < 0)
			spec_error(r, c, "\"%s\" is not a value of column "
					 "\"%s\"",
				   mark, cs->id);
	}
	if (spec_attr(r, c, "format") != NULL && cs->type != COL_NUMBER)
		spec_error(r, c, "format: column \"%s\" is not a number "
				 "column",
			   cs->id);
}

/* A measure column: its value, its change since an earlier dataset
 * (since="…"), or the rank of a prefecture by it (rank="…"). */
static void
measure_column(struct reader *r, const struct spec *s, xmlNodePtr c,
	       const struct node *nd, struct tcol *t)
{
	const char *since = spec_attr(r, c, "since");
	const char *rank = spec_attr(r, c, "rank");

	t->kind = TCOL_MEASURE;
	t->measure = spec_measure_ref(r, s, c, "measure");
	t->dataset = spec_dataset_ref(r, s, c, nd->dataset);
	t->fmt = spec_format_ref(r, s, c, t->measure);
	if (since != NULL) {
		t->kind = TCOL_CHANGE;
		/* "previous" is the survey before the column's: -1 when there
		 * is none (as with --as-of of the first survey's month), and
		 * the change then has no value. */
		if (strcmp(since, "previous") == 0)
			t->since = previous_dataset(s, t->dataset);
		else if ((t->since = dataset_id(r, s, c, "since", since)) < 0)
			t->since = -2;
		if (t->measure >= 0 && spec_attr(r, c, "format") == NULL &&
		    s->measures[t->measure].kind == MEASURE_RATIO)
			t->fmt.kind = FMT_POINTS;
	} else if (rank != NULL) {
		t->kind = TCOL_RANK;
		t->ascending = strcmp(rank, "ascending") == 0;
		if (spec_attr(r, c, "format") != NULL)
			spec_error(r, c, "format: a rank is a whole number "
					 "and takes no format");
	}
}

static void
elem_tcol(struct reader *r, const struct spec *s, xmlNodePtr c,
	  struct node *nd, int group)
{
	static const char *const aligns[] = {"auto", "left", "center",
					     "right"};
	struct tcol *t = &nd->cols[nd->ncols++];
	const char *key = spec_attr(r, c, "key"), *english;
	int a;

	t->loc = spec_loc(r, c);
	t->head = spec_bilingual(r, c);
	t->id = spec_attr(r, c, "id");
	t->measure = t->field = t->mark = -1;
	t->group = group;
	t->dataset = nd->dataset;
	a = name_index(aligns, 4, spec_attr(r, c, "align"));
	t->align = a < 0 ? CALIGN_AUTO : (enum col_align)a;
	t->wrap = spec_bool(r, c, "wrap", true);
	col_width(r, c, t);
	english = spec_attr(r, c, "english");
	t->english = english == NULL                  ? ENGLISH_AUTO
		     : strcmp(english, "beside") == 0 ? ENGLISH_BESIDE
						      : ENGLISH_BELOW;
	if (english != NULL && (key == NULL || strcmp(key, "name") != 0))
		spec_error(r, c, "english: only a column of names "
				 "(key=\"name\") has an English beside "
				 "its Japanese");
	if (key != NULL) {
		t->kind = strcmp(key, "code") == 0 ? TCOL_CODE : TCOL_NAME;
	} else if (spec_attr(r, c, "field") != NULL) {
		field_column(r, s, c, t);
		t->fmt = spec_format_ref(r, s, c, -1);
	} else {
		measure_column(r, s, c, nd, t);
	}
	if (t->id != NULL) {
		size_t i;

		for (i = 0; i + 1 < nd->ncols; i++)
			if (nd->cols[i].id != NULL &&
			    strcmp(nd->cols[i].id, t->id) == 0)
				spec_error(r, c, "column \"%s\" is defined "
						 "twice",
					   t->id);
	}
}

/* Counts the columns of a table, inside groups too. */
static size_t
count_columns(xmlNodePtr n)
{
	xmlNodePtr c, g;
	size_t k = 0;

	for (c = n->children; c != NULL; c = c->next) {
		k += spec_is(c, "column");
		if (spec_is(c, "column-group"))
			for (g = c->children; g != NULL; g = g->next)
				k += spec_is(g, "column");
	}
	return k;
}

static bool number_attr(struct reader *r, xmlNodePtr n, const char *name,
			double *v);

/* The table's attributes other than rows and dataset. */
static void
table_options(struct reader *r, const struct spec *s, xmlNodePtr n,
	      struct node *nd)
{
	struct tableopt *o = nd->table;
	const char *sort = spec_attr(r, n, "sort");
	const char *order = spec_attr(r, n, "order");
	const char *pref = spec_attr(r, n, "prefecture");
	size_t i;

	(void)s;
	o->sort = -1;
	if (sort != NULL) {
		for (i = 0; i < nd->ncols; i++)
			if (nd->cols[i].id != NULL &&
			    strcmp(nd->cols[i].id, sort) == 0)
				o->sort = (int)i;
		if (o->sort < 0)
			spec_error(r, n, "sort: the table has no column with "
					 "id \"%s\"",
				   sort);
	}
	o->descending = order != NULL && strcmp(order, "descending") == 0;
	o->zebra = spec_bool(r, n, "zebra", false);
	o->subtotals = spec_bool(r, n, "subtotals", false);
	o->highlight_focus = spec_attr(r, n, "highlight") != NULL;
	/* No text under 7 pt: legible in print. */
	if (number_attr(r, n, "size-pt", &o->size_pt) &&
	    (o->size_pt < 7 || o->size_pt > 12))
		spec_error(r, n, "size-pt must be 7 to 12");
	o->region = spec_attr(r, n, "region");
	if (pref != NULL) {
		o->prefecture = atoi(pref);
		if (o->prefecture < 1 || o->prefecture > NPREFS)
			spec_error(r, n, "prefecture: no prefecture \"%s\"",
				   pref);
	}
	for (i = 0; i < nd->nrows; i++)
		if (nd->rows[i] == ROWS_MUNICIPALITIES)
			break;
	if (i < nd->nrows && s->name_column < 0)
		for (i = 0; i < nd->ncols; i++)
			if (nd->cols[i].kind == TCOL_NAME)
				spec_error(r, n, "municipality rows need a "
						 "name column: give <survey "
						 "name-column=\"ID\">");
}

static void
elem_table(struct reader *r, const struct spec *s, xmlNodePtr n,
	   struct node *nd)
{
	struct tableopt *o = arena_alloc(r->arena, sizeof *o);
	size_t k = count_columns(n), ng = 0;
	xmlNodePtr c, g;

	nd->table = o;
	nd->dataset = spec_dataset_ref(r, s, n, (int)s->ndatasets - 1);
	spec_rows(r, n, nd);
	nd->cols = arena_alloc(r->arena, (k ? k : 1) * sizeof *nd->cols);
	for (c = n->children; c != NULL; c = c->next)
		ng += spec_is(c, "column-group");
	o->groups = arena_alloc(r->arena, (ng ? ng : 1) * sizeof *o->groups);
	for (c = n->children; c != NULL; c = c->next) {
		if (spec_is(c, "title")) {
			nd->text = spec_bilingual(r, c);
		} else if (spec_is(c, "note")) {
			o->note = spec_bilingual(r, c);
		} else if (spec_is(c, "column")) {
			elem_tcol(r, s, c, nd, -1);
		} else if (spec_is(c, "column-group")) {
			struct tgroup *tg = &o->groups[o->ngroups];

			tg->head = spec_bilingual(r, c);
			tg->first = nd->ncols;
			for (g = c->children; g != NULL; g = g->next)
				if (spec_is(g, "column"))
					elem_tcol(r, s, g, nd,
						  (int)o->ngroups);
			tg->n = nd->ncols - tg->first;
			o->ngroups++;
		}
	}
	table_options(r, s, n, nd);
}

/* --- blocks ------------------------------------------------------------ */

static enum text_align align_attr(struct reader *r, xmlNodePtr n,
				  enum text_align fallback);

static void
elem_cover(struct reader *r, xmlNodePtr n, struct node *nd)
{
	xmlNodePtr c;
	size_t k = 0, np = 0;

	for (c = n->children; c != NULL; c = c->next) {
		k += spec_is(c, "line");
		np += spec_is(c, "paragraph");
	}
	nd->lines = arena_alloc(r->arena, (k ? k : 1) * sizeof *nd->lines);
	nd->paragraphs =
		arena_alloc(r->arena, (np ? np : 1) * sizeof *nd->paragraphs);
	for (c = n->children; c != NULL; c = c->next)
		if (spec_is(c, "line")) {
			nd->lines[nd->nlines++] = spec_bilingual(r, c);
		} else if (spec_is(c, "paragraph")) {
			struct cover_paragraph *p =
				&nd->paragraphs[nd->nparagraphs++];

			p->text = spec_bilingual(r, c);
			p->align = align_attr(r, c, TALIGN_JUSTIFY);
		} else if (spec_is(c, "note")) {
			nd->text = spec_bilingual(r, c);
		}
}

/* A number attribute; reports one that is not a number, or not below
 * 2^53 in magnitude (VALUE_MAX), where the schema's xsd:decimal has no
 * bound. */
static bool
number_attr(struct reader *r, xmlNodePtr n, const char *name, double *v)
{
	const char *s = spec_attr(r, n, name);
	char *end;

	if (s == NULL)
		return false;
	*v = strtod(s, &end);
	if (end == s || *end != '\0') {
		spec_error(r, n, "%s: not a number: \"%s\"", name, s);
		return false;
	}
	if (!(fabs(*v) < VALUE_MAX)) {
		spec_error(r, n, "%s: too large (2^53 or more): \"%s\"", name,
			   s);
		return false;
	}
	return true;
}

/* <figure> or <effect>: a literal value or a measure of a place. */
static void
elem_figure(struct reader *r, const struct spec *s, xmlNodePtr n,
	    struct figure *f)
{
	static const char *const ofs[] = {"value", "nation", "region",
					  "focus", "area"};
	const char *of = spec_attr(r, n, "of");
	int k;

	f->loc = spec_loc(r, n);
	f->caption = spec_bilingual(r, n);
	f->measure = -1;
	f->dataset = spec_dataset_ref(r, s, n, (int)s->ndatasets - 1);
	f->has_change = number_attr(r, n, "change", &f->change);
	if (spec_attr(r, n, "value") != NULL) {
		number_attr(r, n, "value", &f->value); /* reports */
		f->of = FIG_VALUE;
		f->fmt = spec_format_ref(r, s, n, -1);
		return;
	}
	f->measure = spec_measure_ref(r, s, n, "measure");
	f->fmt = spec_format_ref(r, s, n, f->measure);
	k = name_index(ofs, 5, of);
	f->of = k > 0 ? (enum figure_of)k : FIG_NATION;
	if (of != NULL && k < 0) {
		f->of = FIG_PREF;
		f->pref = atoi(of);
		if (f->pref < 1 || f->pref > NPREFS)
			spec_error(r, n, "of: not nation, region, focus, area "
					 "or a prefecture code: \"%s\"",
				   of);
	}
}

static void
elem_key_figures(struct reader *r, const struct spec *s, xmlNodePtr n,
		 struct node *nd)
{
	xmlNodePtr c;
	size_t k = 0;

	for (c = n->children; c != NULL; c = c->next)
		k += spec_is(c, "figure");
	nd->figures = arena_alloc(r->arena, (k ? k : 1) * sizeof *nd->figures);
	for (c = n->children; c != NULL; c = c->next)
		if (spec_is(c, "figure"))
			elem_figure(r, s, c, &nd->figures[nd->nfigures++]);
}

static void
elem_case_study(struct reader *r, const struct spec *s, xmlNodePtr n,
		struct node *nd)
{
	struct casestudy *cs = arena_alloc(r->arena, sizeof *cs);
	xmlNodePtr c;
	size_t k = 0;

	nd->cs = cs;
	cs->cited = -1;
	for (c = n->children; c != NULL; c = c->next)
		k += spec_is(c, "effect");
	cs->effects = arena_alloc(r->arena, (k ? k : 1) * sizeof *cs->effects);
	for (c = n->children; c != NULL; c = c->next) {
		if (spec_is(c, "title"))
			nd->text = cs->title = spec_bilingual(r, c);
		else if (spec_is(c, "municipality"))
			cs->municipality = spec_bilingual(r, c);
		else if (spec_is(c, "measures"))
			cs->measures = spec_bilingual(r, c);
		else if (spec_is(c, "effect"))
			elem_figure(r, s, c, &cs->effects[cs->neffects++]);
	}
}

static enum text_align
align_attr(struct reader *r, xmlNodePtr n, enum text_align fallback)
{
	static const char *const names[] = {"left", "center", "right",
					    "justify"};
	int k = name_index(names, 4, spec_attr(r, n, "align"));

	return k < 0 ? fallback : (enum text_align)k;
}

static void
elem_image(struct reader *r, xmlNodePtr n, struct node *nd)
{
	const char *file = spec_attr(r, n, "file");
	bool has_w = spec_attr(r, n, "width-mm") != NULL;
	bool has_h = spec_attr(r, n, "height-mm") != NULL;
	double w_mm = 30, h_mm = 0;
	unsigned pw, ph;
	char why[160];
	struct loc loc = spec_loc(r, n);
	int png;

	nd->image = spec_resolve_at(r, n, file);
	nd->align = align_attr(r, n, TALIGN_LEFT);
	if (!spec_readable(nd->image))
		return;
	if ((png = spec_png_size(nd->image, &loc, &pw, &ph)) <= 0) {
		if (png == 0)
			spec_error(r, n, "\"%s\" is not a PNG file", file);
		r->ok = false;
		return;
	}
	/* The sizes the PDF writer reads, told by check too. */
	if (!pngread_size_ok(pw, ph, why, sizeof why)) {
		spec_error(r, n, "\"%s\": %s", file, why);
		return;
	}
	if ((has_w && !number_attr(r, n, "width-mm", &w_mm)) ||
	    (has_h && !number_attr(r, n, "height-mm", &h_mm)))
		return;
	/* A side not given follows from the other and the picture's
	 * shape. */
	if (!has_h)
		h_mm = w_mm * ph / pw;
	else if (!has_w)
		w_mm = h_mm * pw / ph;
	if (!(w_mm > 0 && w_mm <= 500 && h_mm > 0 && h_mm <= 500)) {
		spec_error(r, n, "the image would be %.4g by %.4g mm: each "
				 "side must be above 0 and at most 500",
			   w_mm, h_mm);
		return;
	}
	nd->image_w_pt = w_mm * 72 / 25.4;
	nd->image_h_pt = h_mm * 72 / 25.4;
}

/* <contents>: its title (目次 / Contents unless given) and the deepest
 * heading level it lists. */
static void
elem_contents(struct reader *r, xmlNodePtr n, struct node *nd)
{
	const char *levels = spec_attr(r, n, "levels");
	xmlNodePtr c;

	nd->level = levels != NULL && strcmp(levels, "1") == 0 ? 1 : 2;
	nd->text.ja = "目次";
	nd->text.en = "Contents";
	for (c = n->children; c != NULL; c = c->next)
		if (spec_is(c, "title"))
			nd->text = spec_bilingual(r, c);
}

/* The element's node kind; false for an element that is not a block. */
static bool
block_kind(xmlNodePtr c, enum node_kind *k)
{
	static const struct {
		const char *name;
		enum node_kind kind;
	} v[] = {
		{"cover", NODE_COVER},
		{"heading", NODE_HEADING},
		{"paragraph", NODE_PARAGRAPH},
		{"page-break", NODE_PAGE_BREAK},
		{"table", NODE_TABLE},
		{"key-figures", NODE_KEY_FIGURES},
		{"case-study", NODE_CASE_STUDY},
		{"case-studies", NODE_CASE_STUDIES},
		{"image", NODE_IMAGE},
		{"keep-together", NODE_KEEP},
		{"contents", NODE_CONTENTS},
		{"each", NODE_EACH},
	};
	size_t i;

	if (spec_chart_is(c)) {
		*k = NODE_CHART;
		return true;
	}
	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if (spec_is(c, v[i].name)) {
			*k = v[i].kind;
			return true;
		}
	return false;
}

static void
elem_block(struct reader *r, struct spec *s, xmlNodePtr c, struct node *nd,
	   enum node_kind kind)
{
	const char *level, *master;
	size_t i;

	nd->kind = kind;
	nd->loc = spec_loc(r, c);
	nd->dataset = -1;
	nd->master = -1;
	nd->level = 1;
	switch (kind) {
	case NODE_COVER:
		elem_cover(r, c, nd);
		break;
	case NODE_HEADING:
		nd->text = spec_bilingual(r, c);
		level = spec_attr(r, c, "level");
		nd->level = level != NULL && strcmp(level, "2") == 0 ? 2 : 1;
		break;
	case NODE_PARAGRAPH:
		nd->text = spec_bilingual(r, c);
		nd->align = align_attr(r, c, TALIGN_LEFT);
		break;
	case NODE_PAGE_BREAK:
		if ((master = spec_attr(r, c, "master")) != NULL &&
		    (nd->master = spec_master(s, master)) < 0)
			spec_error(r, c, "unknown master page \"%s\"", master);
		break;
	case NODE_TABLE:
		elem_table(r, s, c, nd);
		break;
	case NODE_CHART:
		nd->chart = spec_chart(r, s, c, nd);
		for (i = 0; i < nd->nrows; i++)
			if (nd->rows[i] == ROWS_MUNICIPALITIES) {
				spec_error(r, c, "rows: municipalities are "
						 "for tables, not charts");
				break;
			}
		break;
	case NODE_KEY_FIGURES:
		elem_key_figures(r, s, c, nd);
		break;
	case NODE_CASE_STUDY:
		elem_case_study(r, s, c, nd);
		break;
	case NODE_CASE_STUDIES:
		spec_case_studies(r, s, c, nd);
		break;
	case NODE_IMAGE:
		elem_image(r, c, nd);
		break;
	case NODE_KEEP:
	case NODE_EACH:
		break;
	case NODE_CONTENTS:
		elem_contents(r, c, nd);
		break;
	}
}

/* Counts the blocks of n, those in keep-together groups too. */
static size_t
count_blocks(xmlNodePtr n)
{
	enum node_kind k;
	xmlNodePtr c;
	size_t total = 0;

	for (c = n->children; c != NULL; c = c->next)
		if (block_kind(c, &k))
			total += 1 + (k == NODE_KEEP || k == NODE_EACH
					      ? count_blocks(c)
					      : 0);
	return total;
}

/* The blocks of n into s->nodes.  <each> holds blocks and keep-together
 * groups, keep-together holds blocks (the schema says so), so this
 * recurses at most twice. */
static void
add_blocks(struct reader *r, struct spec *s, xmlNodePtr n)
{
	enum node_kind k;
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next) {
		struct node *nd;
		size_t first;

		if (!block_kind(c, &k))
			continue;
		nd = &s->nodes[s->nnodes++];
		memset(nd, 0, sizeof *nd);
		if (!elem_cites(r, s, c, nd)) {
			/* Published after the pack's date. */
			s->nnodes--;
			continue;
		}
		elem_block(r, s, c, nd, k);
		if (k != NODE_KEEP && k != NODE_EACH)
			continue;
		first = s->nnodes;
		add_blocks(r, s, c);
		s->nodes[first - 1].nchildren = s->nnodes - first;
	}
}

static void
elem_document(struct reader *r, struct spec *s, xmlNodePtr n)
{
	size_t k = count_blocks(n);

	s->nodes = arena_alloc(r->arena, (k ? k : 1) * sizeof *s->nodes);
	add_blocks(r, s, n);
}

/* <roster file="..."/>, or <roster check="form"/> for codes that are
 * not held to a roster (synthetic data). */
static void
elem_roster(struct reader *r, struct spec *s, xmlNodePtr n)
{
	const char *file = spec_attr(r, n, "file");
	const char *check = spec_attr(r, n, "check");

	if (check != NULL && strcmp(check, "form") == 0) {
		if (file != NULL)
			spec_error(r, n, "a roster with check=\"form\" takes "
				       "no file");
		s->no_roster = true;
		return;
	}
	if (file == NULL) {
		spec_error(r, n, "<roster> needs a file, or check=\"form\"");
		return;
	}
	s->roster_path = spec_resolve_at(r, n, file);
}

static void
elem_layout(struct reader *r, struct spec *s, xmlNodePtr root)
{
	xmlNodePtr c;

	for (c = root->children; c != NULL; c = c->next) {
		if (spec_is(c, "fonts"))
			s->fonts_path =
				spec_resolve_at(r, c, spec_attr(r, c, "file"));
		else if (spec_is(c, "prefectures"))
			s->prefs_path =
				spec_resolve_at(r, c, spec_attr(r, c, "file"));
		else if (spec_is(c, "roster"))
			elem_roster(r, s, c);
		else if (spec_is(c, "sources"))
			elem_sources(r, s, c);
		else if (spec_is(c, "survey"))
			elem_survey(r, s, c);
		else if (spec_is(c, "measures")) {
			xmlNodePtr m;

			for (m = c->children; m != NULL; m = m->next)
				if (m->type == XML_ELEMENT_NODE)
					elem_measure(r, s, m);
		} else if (spec_is(c, "document"))
			elem_document(r, s, c);
	}
	if (s->fonts_path == NULL)
		s->fonts_path = spec_resolve(r, "../fonts/fonts.conf");
	if (s->roster_path == NULL && !s->no_roster && s->prefs_path != NULL) {
		/* roster.csv beside the prefecture table. */
		const char *slash = strrchr(s->prefs_path, '/');

		s->roster_path = arena_printf(
			r->arena, "%.*sroster.csv",
			slash ? (int)(slash - s->prefs_path + 1) : 0,
			s->prefs_path);
	}
}

/* Without <page>, the first master is A4 portrait with 18 mm margins and
 * the house footer. */
static void
default_master(struct spec *s)
{
	struct page_setup *p = spec_push((void **)&s->masters, &s->nmasters,
					 sizeof *p);

	p->id = "default";
	p->width_pt = 595.276;
	p->height_pt = 841.89;
	p->margin_pt = p->top_pt = p->bottom_pt = 18 * 72 / 25.4;
	p->footer.on = true;
	p->footer.left.ja = p->footer.left.en = "{title}";
	p->footer.right.ja = p->footer.right.en = "{page} / {pages}";
}

struct spec *
spec_parse(const char *data, size_t len, const char *name)
{
	return spec_parse_until(data, len, name, NULL);
}

struct spec *
spec_parse_until(const char *data, size_t len, const char *name,
		 const struct date *until)
{
	struct spec *s = xcalloc(1, sizeof *s);
	struct reader r = {NULL, &s->arena, NULL, true};
	xmlDocPtr doc;

	r.until = until;
	s->path = arena_strdup(&s->arena, name);
	r.name = s->path;
	r.dir = spec_dir(&s->arena, name);
	s->code_column = -1;
	s->name_column = -1;
	s->pref_column = -1;
	if ((doc = spec_load(&r, data, len, &layout_schema)) != NULL) {
		xmlNodePtr root = xmlDocGetRootElement(doc);

		/* Masters first: page breaks refer to them. */
		for (xmlNodePtr c = root->children; c != NULL; c = c->next)
			if (spec_is(c, "page") || spec_is(c, "master"))
				elem_page(&r, s, c);
		if (s->nmasters == 0)
			default_master(s);
		s->page = s->masters[0];
		elem_layout(&r, s, root);
		spec_unload(&r, doc);
	}
	s->includes = r.includes;
	s->nincludes = r.nincludes;
	s->strings = r.strings;
	s->nstrings = r.nstrings;
	if (r.nlater > 0) {
		const char **v = arena_alloc(&s->arena,
					     r.nlater * sizeof *v);

		memcpy(v, r.later, r.nlater * sizeof *v);
		s->later = v;
		s->nlater = r.nlater;
	}
	free(r.later);
	if (!r.ok) {
		spec_free(s);
		return NULL;
	}
	return s;
}

struct spec *
spec_read(const char *path)
{
	struct buf b = {0};
	struct spec *s = NULL;

	if (infile_load(path, INFILE_INPUT, &b))
		s = spec_parse(b.data, b.len, path);
	buf_free(&b);
	return s;
}

void
spec_free(struct spec *s)
{
	if (s == NULL)
		return;
	free(s->sources);
	free(s->datasets);
	free(s->measures);
	free(s->masters);
	free(s->strings);
	arena_free(&s->arena);
	free(s);
}

int
spec_dataset(const struct spec *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->ndatasets; i++)
		if (strcmp(s->datasets[i].id, id) == 0)
			return (int)i;
	return -1;
}

int
spec_source(const struct spec *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nsources; i++)
		if (strcmp(s->sources[i].id, id) == 0)
			return (int)i;
	return -1;
}

struct date
spec_latest(const struct spec *s, const struct date *until)
{
	struct date d = *until;
	bool any = false;
	size_t i;

	for (i = 0; i < s->ndatasets + s->nsources; i++) {
		const struct date *p =
			i < s->ndatasets ? known_from(s, &s->datasets[i])
					 : &s->sources[i - s->ndatasets].published;

		if (date_cmp(p, until) <= 0 && (!any || date_cmp(p, &d) > 0)) {
			d = *p;
			any = true;
		}
	}
	return d;
}

int
spec_measure(const struct spec *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nmeasures; i++)
		if (strcmp(s->measures[i].id, id) == 0)
			return (int)i;
	return -1;
}


int
spec_master(const struct spec *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nmasters; i++)
		if (strcmp(s->masters[i].id, id) == 0)
			return (int)i;
	return -1;
}
