/* Layout files: <layout> and everything in it. */
#include "spec.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "spec_int.h"
#include "xalloc.h"

/* --- layout elements ------------------------------------------------ */

static void
elem_page(struct reader *r, struct spec *s, xmlNodePtr n)
{
	const char *size = spec_attr(r, n, "size");
	const char *orient = spec_attr(r, n, "orientation");
	const char *margin = spec_attr(r, n, "margin-mm");
	double w = 595.276, h = 841.89, t;

	if (size != NULL && strcmp(size, "A3") == 0)
		w = 841.89, h = 1190.55;
	if (orient != NULL && strcmp(orient, "landscape") == 0)
		t = w, w = h, h = t;
	s->page.width_pt = w;
	s->page.height_pt = h;
	if (margin != NULL) {
		double mm = strtod(margin, NULL);

		if (mm < 5 || mm > 60)
			spec_error(r, n, "margin-mm must be 5 to 60, not \"%s\"",
				 margin);
		s->page.margin_pt = mm * 72 / 25.4;
	}
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

static void
elem_column(struct reader *r, struct spec *s, xmlNodePtr n,
	    struct colspec *cols, size_t *ncols)
{
	static const char *const types[] = {"text", "number", "choice",
					    "lgcode", "prefecture"};
	struct colspec *c = &cols[(*ncols)++];
	const char *type = spec_attr(r, n, "type");
	const char *opt = spec_attr(r, n, "optional");
	size_t i;

	c->id = spec_attr(r, n, "id");
	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(type, types[i]) == 0)
			c->type = (enum col_type)i;
	c->optional = opt != NULL && (strcmp(opt, "true") == 0 ||
				      strcmp(opt, "1") == 0);
	c->headers = strings(r, n, "header", &c->nheaders);
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

static void
elem_dataset(struct reader *r, struct spec *s, xmlNodePtr n)
{
	struct dataset *d = spec_push((void **)&s->datasets, &s->ndatasets,
				 sizeof *d);
	const char *asof = spec_attr(r, n, "as-of");
	const char *enc = spec_attr(r, n, "encoding");

	d->id = spec_attr(r, n, "id");
	d->path = spec_resolve(r, spec_attr(r, n, "file"));
	d->loc = spec_loc(r, n);
	d->label = spec_bilingual(r, n);
	if (enc != NULL && !decode_parse_name(enc, &d->encoding))
		spec_error(r, n, "unknown encoding \"%s\" (known: utf-8, "
			       "cp932 or shift_jis, euc-jp, auto)",
			 enc);
	if (!date_parse(asof, &d->as_of))
		spec_error(r, n, "as-of: not a date: \"%s\"", asof);
	if (spec_dataset(s, d->id) != (int)s->ndatasets - 1)
		spec_error(r, n, "dataset \"%s\" is defined twice", d->id);
}

static void
elem_survey(struct reader *r, struct spec *s, xmlNodePtr n)
{
	struct colspec *cols;
	size_t ncols = 0, k = 0;
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
	if (s->code_column < 0)
		spec_error(r, n, "<survey> needs a column of type lgcode");
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
column_ref(struct reader *r, const struct spec *s, xmlNodePtr n)
{
	const char *id = spec_attr(r, n, "column");
	int c = schema_find(&s->schema, id);

	if (c < 0)
		spec_error(r, n, "unknown column \"%s\"", id);
	return c;
}

static void
elem_measure(struct reader *r, struct spec *s, xmlNodePtr n)
{
	struct measure m = {spec_attr(r, n, "id"), MEASURE_COUNT, -1, -1, -1, -1,
			    spec_loc(r, n)};
	const char *equals;
	size_t i;

	if (spec_is(n, "count") && (equals = spec_attr(r, n, "equals")) != NULL) {
		const struct colspec *c;

		if ((m.column = column_ref(r, s, n)) >= 0) {
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
		m.column = column_ref(r, s, n);
		if (m.column >= 0 &&
		    s->schema.cols[m.column].type != COL_NUMBER)
			spec_error(r, n, "sum of \"%s\", which is not a number "
				       "column",
				 s->schema.cols[m.column].id);
	} else if (spec_is(n, "ratio")) {
		m.kind = MEASURE_RATIO;
		m.numerator = spec_measure_ref(r, s, n, "numerator");
		m.denominator = spec_measure_ref(r, s, n, "denominator");
	}
	if (spec_measure(s, m.id) >= 0)
		spec_error(r, n, "measure \"%s\" is defined twice", m.id);
	*(struct measure *)spec_push((void **)&s->measures, &s->nmeasures,
				sizeof m) = m;
}

void
spec_rows(struct reader *r, xmlNodePtr n, struct node *nd)
{
	static const char *const names[] = {"focus", "region", "nation",
					    "all"};
	const char *p = spec_attr(r, n, "rows");
	size_t i, len;

	while (*p != '\0') {
		p += strspn(p, " \t\n");
		len = strcspn(p, " \t\n");
		if (len == 0)
			break;
		for (i = 0; i < 4; i++)
			if (strlen(names[i]) == len &&
			    strncmp(p, names[i], len) == 0)
				break;
		if (nd->nrows == MAX_ROWSEL)
			spec_error(r, n, "rows: at most 8 selections");
		else if (i < 4)
			nd->rows[nd->nrows++] = (enum rowsel)i;
		p += len;
	}
}

/* The dataset named by n's "dataset" attribute, or fallback. */
int
spec_dataset_ref(struct reader *r, const struct spec *s, xmlNodePtr n,
	    int fallback)
{
	const char *id = spec_attr(r, n, "dataset");
	int d;

	if (id == NULL)
		return fallback;
	if ((d = spec_dataset(s, id)) < 0)
		spec_error(r, n, "unknown dataset \"%s\"", id);
	return d;
}

/* The format in n's "format" attribute, else what suits measure m. */
struct format
spec_format_ref(struct reader *r, const struct spec *s, xmlNodePtr n, int m)
{
	const char *name = spec_attr(r, n, "format");
	struct format f = {FMT_INTEGER, 0};

	if (name != NULL) {
		if (!format_parse(name, &f))
			spec_error(r, n, "unknown format \"%s\"", name);
	} else if (m >= 0 && s->measures[m].kind == MEASURE_RATIO) {
		f.kind = FMT_PERCENT;
		f.decimals = 1;
	}
	return f;
}

static void
elem_table(struct reader *r, const struct spec *s, xmlNodePtr n,
	   struct node *nd)
{
	xmlNodePtr c;
	size_t k = 0;

	nd->dataset = spec_dataset_ref(r, s, n, (int)s->ndatasets - 1);
	spec_rows(r, n, nd);
	for (c = n->children; c != NULL; c = c->next)
		k += spec_is(c, "column");
	nd->cols = arena_alloc(r->arena, k * sizeof *nd->cols);
	for (c = n->children; c != NULL; c = c->next) {
		struct tcol *t;
		const char *key;

		if (spec_is(c, "title")) {
			nd->text = spec_bilingual(r, c);
			continue;
		}
		if (!spec_is(c, "column"))
			continue;
		t = &nd->cols[nd->ncols++];
		t->loc = spec_loc(r, c);
		t->head = spec_bilingual(r, c);
		t->measure = -1;
		if ((key = spec_attr(r, c, "key")) != NULL) {
			t->kind = strcmp(key, "code") == 0 ? TCOL_CODE
							   : TCOL_NAME;
			continue;
		}
		t->kind = TCOL_MEASURE;
		t->measure = spec_measure_ref(r, s, c, "measure");
		t->dataset = spec_dataset_ref(r, s, c, nd->dataset);
		t->fmt = spec_format_ref(r, s, c, t->measure);
	}
}

static void
elem_cover(struct reader *r, xmlNodePtr n, struct node *nd)
{
	xmlNodePtr c;
	size_t k = 0;

	for (c = n->children; c != NULL; c = c->next)
		k += spec_is(c, "line");
	nd->lines = arena_alloc(r->arena, (k ? k : 1) * sizeof *nd->lines);
	for (c = n->children; c != NULL; c = c->next)
		if (spec_is(c, "line"))
			nd->lines[nd->nlines++] = spec_bilingual(r, c);
}

static void
elem_document(struct reader *r, struct spec *s, xmlNodePtr n)
{
	xmlNodePtr c;
	size_t k = 0;

	for (c = n->children; c != NULL; c = c->next)
		k += c->type == XML_ELEMENT_NODE;
	s->nodes = arena_alloc(r->arena, k * sizeof *s->nodes);
	for (c = n->children; c != NULL; c = c->next) {
		struct node *nd;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		nd = &s->nodes[s->nnodes++];
		nd->loc = spec_loc(r, c);
		nd->dataset = -1;
		if (spec_is(c, "cover")) {
			nd->kind = NODE_COVER;
			elem_cover(r, c, nd);
		} else if (spec_is(c, "heading")) {
			nd->kind = NODE_HEADING;
			nd->text = spec_bilingual(r, c);
		} else if (spec_is(c, "paragraph")) {
			nd->kind = NODE_PARAGRAPH;
			nd->text = spec_bilingual(r, c);
		} else if (spec_is(c, "page-break")) {
			nd->kind = NODE_PAGE_BREAK;
		} else if (spec_is(c, "table")) {
			nd->kind = NODE_TABLE;
			elem_table(r, s, c, nd);
		} else if (spec_is(c, "bar-chart")) {
			nd->kind = NODE_BAR_CHART;
			nd->chart = spec_chart(r, s, c, nd);
		}
	}
}

static void
elem_layout(struct reader *r, struct spec *s, xmlNodePtr root)
{
	xmlNodePtr c;

	for (c = root->children; c != NULL; c = c->next) {
		if (spec_is(c, "page"))
			elem_page(r, s, c);
		else if (spec_is(c, "fonts"))
			s->fonts_path = spec_resolve(r, spec_attr(r, c, "file"));
		else if (spec_is(c, "prefectures"))
			s->prefs_path = spec_resolve(r, spec_attr(r, c, "file"));
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
}

struct spec *
spec_parse(const char *data, size_t len, const char *name)
{
	struct spec *s = xcalloc(1, sizeof *s);
	struct reader r = {NULL, &s->arena, NULL, true};
	xmlDocPtr doc;

	s->path = arena_strdup(&s->arena, name);
	r.name = s->path;
	r.dir = spec_dir(&s->arena, name);
	s->code_column = -1;
	s->pref_column = -1;
	s->page.width_pt = 595.276;
	s->page.height_pt = 841.89;
	s->page.margin_pt = 18 * 72 / 25.4;
	if ((doc = spec_load(&r, data, len, &layout_schema)) != NULL) {
		elem_layout(&r, s, xmlDocGetRootElement(doc));
		xmlFreeDoc(doc);
	}
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

	if (buf_read_file(&b, path))
		s = spec_parse(b.data, b.len, path);
	buf_free(&b);
	return s;
}

void
spec_free(struct spec *s)
{
	if (s == NULL)
		return;
	free(s->datasets);
	free(s->measures);
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
spec_measure(const struct spec *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nmeasures; i++)
		if (strcmp(s->measures[i].id, id) == 0)
			return (int)i;
	return -1;
}

