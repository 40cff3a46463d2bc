#include "spec.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

/* The schemas, from layouts/layout.rng and packs.rng at build time. */
static const char layout_rng[] =
#include "layout_rng.inc"
	;
static const char packs_rng[] =
#include "packs_rng.inc"
	;

/* A schema compiled on first use and kept for the life of the process. */
struct rng {
	const char *text;
	size_t len;
	xmlRelaxNGPtr schema;
};

static struct rng layout_schema = {layout_rng, sizeof layout_rng - 1, NULL};
static struct rng packs_schema = {packs_rng, sizeof packs_rng - 1, NULL};

/* State while reading one file. */
struct reader {
	const char *name;    /* display name of the file */
	struct arena *arena; /* of the result */
	const char *dir;     /* directory relative paths resolve against */
	bool ok;
};

/* Reports a libxml2 error at the line (and column) it gives. */
static void
xml_error(void *data, xmlErrorPtr e)
{
	struct reader *r = data;
	struct loc loc = {r->name, e->line > 0 ? (unsigned)e->line : 0, 0};
	char text[512];
	size_t n;

	if (e->domain == XML_FROM_PARSER && e->int2 > 0)
		loc.col = (unsigned)e->int2;
	if (e->node != NULL && loc.line == 0)
		loc.line = (unsigned)xmlGetLineNo((xmlNodePtr)e->node);
	snprintf(text, sizeof text, "%s", e->message ? e->message : "?");
	n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	if (e->level == XML_ERR_WARNING) {
		msg_warn(&loc, "%s", text);
		return;
	}
	msg_error(&loc, "%s", text);
	r->ok = false;
}

static void
silent(void *data, xmlErrorPtr e)
{
	(void)data;
	(void)e;
}

static xmlRelaxNGPtr
compiled(struct rng *g)
{
	xmlRelaxNGParserCtxtPtr p;

	if (g->schema != NULL)
		return g->schema;
	p = xmlRelaxNGNewMemParserCtxt(g->text, (int)g->len);
	g->schema = xmlRelaxNGParse(p);
	xmlRelaxNGFreeParserCtxt(p);
	if (g->schema == NULL)
		msg_fatal("the built-in schema does not compile");
	return g->schema;
}

/* Parses and validates; returns the document or NULL after errors. */
static xmlDocPtr
load(struct reader *r, const char *data, size_t len, struct rng *g)
{
	xmlParserCtxtPtr ctxt;
	xmlRelaxNGValidCtxtPtr v;
	xmlDocPtr doc;

	xmlSetStructuredErrorFunc(r, xml_error);
	ctxt = xmlNewParserCtxt();
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, r->name, NULL,
				XML_PARSE_NONET);
	xmlFreeParserCtxt(ctxt);
	if (doc == NULL || !r->ok) {
		if (r->ok) {
			struct loc loc = {r->name, 0, 0};

			msg_error(&loc, "not an XML document");
		}
		r->ok = false;
		xmlFreeDoc(doc);
		xmlSetStructuredErrorFunc(NULL, silent);
		return NULL;
	}
	v = xmlRelaxNGNewValidCtxt(compiled(g));
	xmlRelaxNGSetValidStructuredErrors(v, xml_error, r);
	if (xmlRelaxNGValidateDoc(v, doc) != 0)
		r->ok = false;
	xmlRelaxNGFreeValidCtxt(v);
	xmlSetStructuredErrorFunc(NULL, silent);
	if (!r->ok) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

static struct loc
loc_of(const struct reader *r, xmlNodePtr n)
{
	struct loc loc = {r->name, (unsigned)xmlGetLineNo(n), 0};

	return loc;
}

static bool
is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The attribute's value copied into the arena, or NULL. */
static const char *
attr(const struct reader *r, xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	const char *s;

	if (v == NULL)
		return NULL;
	s = arena_strdup(r->arena, (const char *)v);
	xmlFree(v);
	return s;
}

/* Is the UTF-8 sequence starting with byte c outside ASCII? */
static bool
wide(unsigned char c)
{
	return c >= 0x80;
}

/*
 * The element's text with XML indentation removed: runs of white space
 * become one space, or nothing when they hold a line break between two
 * non-ASCII (Japanese) characters; both ends are trimmed.
 */
static const char *
text_of(const struct reader *r, xmlNodePtr n)
{
	xmlChar *raw = xmlNodeGetContent(n);
	const unsigned char *p = raw;
	struct buf b = {0};
	const char *s;

	while (*p != '\0') {
		const unsigned char *q = p;
		bool newline = false;

		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			newline |= *q++ == '\n';
		if (q == p) {
			buf_addc(&b, (char)*p++);
			continue;
		}
		if (b.len > 0 && *q != '\0' &&
		    !(newline && wide((unsigned char)b.data[b.len - 1]) &&
		      wide(*q)))
			buf_addc(&b, ' ');
		p = q;
	}
	s = arena_strndup(r->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	xmlFree(raw);
	return s;
}

/* Reads the <ja> and <en> children of n.  A missing language is a
 * warning: the other language stands in for it. */
static struct text
bilingual(struct reader *r, xmlNodePtr n)
{
	struct text t = {NULL, NULL};
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next) {
		if (is(c, "ja"))
			t.ja = text_of(r, c);
		else if (is(c, "en"))
			t.en = text_of(r, c);
	}
	if (t.ja == NULL && t.en == NULL) {
		struct loc loc = loc_of(r, n);

		msg_error(&loc, "<%s> needs a <ja> or <en> text", n->name);
		r->ok = false;
	} else if (t.ja == NULL || t.en == NULL) {
		struct loc loc = loc_of(r, n);

		msg_warn(&loc, "<%s> has no %s text; the %s text is used",
			 n->name, t.ja ? "English" : "Japanese",
			 t.ja ? "Japanese" : "English");
	}
	return t;
}

/* Resolves a path from the file against the file's directory. */
static const char *
resolve(const struct reader *r, const char *path)
{
	if (path[0] == '/' || r->dir[0] == '\0')
		return path;
	return arena_printf(r->arena, "%s/%s", r->dir, path);
}

static const char *
dir_of(struct arena *a, const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? arena_strndup(a, name, (size_t)(slash - name)) : "";
}

static void error_at(struct reader *r, xmlNodePtr n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
error_at(struct reader *r, xmlNodePtr n, const char *fmt, ...)
{
	struct loc loc = loc_of(r, n);
	va_list ap;

	va_start(ap, fmt);
	msg_verror(&loc, fmt, ap);
	va_end(ap);
	r->ok = false;
}

/* Grows an arena-less array by one element and returns it zeroed. */
static void *
push(void **v, size_t *n, size_t size)
{
	char *p;

	*v = xreallocarray(*v, *n + 1, size);
	p = (char *)*v + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

/* --- layout elements ------------------------------------------------ */

static void
elem_page(struct reader *r, struct spec *s, xmlNodePtr n)
{
	const char *size = attr(r, n, "size");
	const char *orient = attr(r, n, "orientation");
	const char *margin = attr(r, n, "margin-mm");
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
			error_at(r, n, "margin-mm must be 5 to 60, not \"%s\"",
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
		k += is(c, name);
	v = arena_alloc(r->arena, (k ? k : 1) * sizeof *v);
	*count = 0;
	for (c = n->children; c != NULL; c = c->next)
		if (is(c, name))
			v[(*count)++] = text_of(r, c);
	return v;
}

static void
elem_column(struct reader *r, struct spec *s, xmlNodePtr n,
	    struct colspec *cols, size_t *ncols)
{
	static const char *const types[] = {"text", "number", "choice",
					    "lgcode"};
	struct colspec *c = &cols[(*ncols)++];
	const char *type = attr(r, n, "type");
	const char *opt = attr(r, n, "optional");
	size_t i;

	c->id = attr(r, n, "id");
	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(type, types[i]) == 0)
			c->type = (enum col_type)i;
	c->optional = opt != NULL && (strcmp(opt, "true") == 0 ||
				      strcmp(opt, "1") == 0);
	c->headers = strings(r, n, "header", &c->nheaders);
	c->values = strings(r, n, "value", &c->nvalues);
	for (i = 0; i + 1 < *ncols; i++)
		if (strcmp(cols[i].id, c->id) == 0)
			error_at(r, n, "column \"%s\" is defined twice", c->id);
	if (c->type == COL_CHOICE && c->nvalues == 0)
		error_at(r, n, "column \"%s\" of type choice needs <value>s",
			 c->id);
	if (c->type != COL_CHOICE && c->nvalues > 0)
		error_at(r, n, "column \"%s\": only a choice column has "
			       "<value>s",
			 c->id);
	if (c->type == COL_LGCODE) {
		if (s->code_column >= 0)
			error_at(r, n, "column \"%s\": a survey has one lgcode "
				       "column",
				 c->id);
		s->code_column = (int)(c - cols);
	}
}

static void
elem_dataset(struct reader *r, struct spec *s, xmlNodePtr n)
{
	struct dataset *d = push((void **)&s->datasets, &s->ndatasets,
				 sizeof *d);
	const char *asof = attr(r, n, "as-of");

	d->id = attr(r, n, "id");
	d->path = resolve(r, attr(r, n, "file"));
	d->loc = loc_of(r, n);
	d->label = bilingual(r, n);
	if (!date_parse(asof, &d->as_of))
		error_at(r, n, "as-of: not a date: \"%s\"", asof);
	if (spec_dataset(s, d->id) != (int)s->ndatasets - 1)
		error_at(r, n, "dataset \"%s\" is defined twice", d->id);
}

static void
elem_survey(struct reader *r, struct spec *s, xmlNodePtr n)
{
	struct colspec *cols;
	size_t ncols = 0, k = 0;
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next)
		k += is(c, "column");
	cols = arena_alloc(r->arena, k * sizeof *cols);
	for (c = n->children; c != NULL; c = c->next) {
		if (is(c, "column"))
			elem_column(r, s, c, cols, &ncols);
		else if (is(c, "dataset"))
			elem_dataset(r, s, c);
	}
	s->schema.cols = cols;
	s->schema.ncols = ncols;
	if (s->code_column < 0)
		error_at(r, n, "<survey> needs a column of type lgcode");
}

/* Resolves the id in attribute name to an earlier measure, or reports. */
static int
measure_ref(struct reader *r, const struct spec *s, xmlNodePtr n,
	    const char *name)
{
	const char *id = attr(r, n, name);
	int m = spec_measure(s, id);

	if (m < 0)
		error_at(r, n, "unknown measure \"%s\" (measures must be "
			       "defined before they are used)",
			 id);
	return m;
}

static int
column_ref(struct reader *r, const struct spec *s, xmlNodePtr n)
{
	const char *id = attr(r, n, "column");
	int c = schema_find(&s->schema, id);

	if (c < 0)
		error_at(r, n, "unknown column \"%s\"", id);
	return c;
}

static void
elem_measure(struct reader *r, struct spec *s, xmlNodePtr n)
{
	struct measure m = {attr(r, n, "id"), MEASURE_COUNT, -1, -1, -1, -1,
			    loc_of(r, n)};
	const char *equals;
	size_t i;

	if (is(n, "count") && (equals = attr(r, n, "equals")) != NULL) {
		const struct colspec *c;

		if ((m.column = column_ref(r, s, n)) >= 0) {
			c = &s->schema.cols[m.column];
			for (i = 0; i < c->nvalues; i++)
				if (strcmp(c->values[i], equals) == 0)
					m.equals = (int)i;
			if (m.equals < 0)
				error_at(r, n, "\"%s\" is not a value of "
					       "column \"%s\"",
					 equals, c->id);
		}
	} else if (is(n, "sum")) {
		m.kind = MEASURE_SUM;
		m.column = column_ref(r, s, n);
		if (m.column >= 0 &&
		    s->schema.cols[m.column].type != COL_NUMBER)
			error_at(r, n, "sum of \"%s\", which is not a number "
				       "column",
				 s->schema.cols[m.column].id);
	} else if (is(n, "ratio")) {
		m.kind = MEASURE_RATIO;
		m.numerator = measure_ref(r, s, n, "numerator");
		m.denominator = measure_ref(r, s, n, "denominator");
	}
	if (spec_measure(s, m.id) >= 0)
		error_at(r, n, "measure \"%s\" is defined twice", m.id);
	*(struct measure *)push((void **)&s->measures, &s->nmeasures,
				sizeof m) = m;
}

static void
parse_rows(struct reader *r, xmlNodePtr n, struct node *nd)
{
	static const char *const names[] = {"focus", "region", "nation",
					    "all"};
	const char *p = attr(r, n, "rows");
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
			error_at(r, n, "rows: at most 8 selections");
		else if (i < 4)
			nd->rows[nd->nrows++] = (enum rowsel)i;
		p += len;
	}
}

/* The dataset named by n's "dataset" attribute, or fallback. */
static int
dataset_ref(struct reader *r, const struct spec *s, xmlNodePtr n,
	    int fallback)
{
	const char *id = attr(r, n, "dataset");
	int d;

	if (id == NULL)
		return fallback;
	if ((d = spec_dataset(s, id)) < 0)
		error_at(r, n, "unknown dataset \"%s\"", id);
	return d;
}

/* The format in n's "format" attribute, else what suits measure m. */
static struct format
format_ref(struct reader *r, const struct spec *s, xmlNodePtr n, int m)
{
	const char *name = attr(r, n, "format");
	struct format f = {FMT_INTEGER, 0};

	if (name != NULL) {
		if (!format_parse(name, &f))
			error_at(r, n, "unknown format \"%s\"", name);
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

	nd->dataset = dataset_ref(r, s, n, (int)s->ndatasets - 1);
	parse_rows(r, n, nd);
	for (c = n->children; c != NULL; c = c->next)
		k += is(c, "column");
	nd->cols = arena_alloc(r->arena, k * sizeof *nd->cols);
	for (c = n->children; c != NULL; c = c->next) {
		struct tcol *t;
		const char *key;

		if (is(c, "title")) {
			nd->text = bilingual(r, c);
			continue;
		}
		if (!is(c, "column"))
			continue;
		t = &nd->cols[nd->ncols++];
		t->loc = loc_of(r, c);
		t->head = bilingual(r, c);
		t->measure = -1;
		if ((key = attr(r, c, "key")) != NULL) {
			t->kind = strcmp(key, "code") == 0 ? TCOL_CODE
							   : TCOL_NAME;
			continue;
		}
		t->kind = TCOL_MEASURE;
		t->measure = measure_ref(r, s, c, "measure");
		t->dataset = dataset_ref(r, s, c, nd->dataset);
		t->fmt = format_ref(r, s, c, t->measure);
	}
}

static void
elem_bar_chart(struct reader *r, const struct spec *s, xmlNodePtr n,
	       struct node *nd)
{
	xmlNodePtr c;

	nd->dataset = dataset_ref(r, s, n, (int)s->ndatasets - 1);
	nd->measure = measure_ref(r, s, n, "measure");
	nd->fmt = format_ref(r, s, n, nd->measure);
	parse_rows(r, n, nd);
	nd->highlight_focus = attr(r, n, "highlight") != NULL;
	nd->reference_nation = attr(r, n, "reference") != NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (is(c, "title"))
			nd->text = bilingual(r, c);
}

static void
elem_cover(struct reader *r, xmlNodePtr n, struct node *nd)
{
	xmlNodePtr c;
	size_t k = 0;

	for (c = n->children; c != NULL; c = c->next)
		k += is(c, "line");
	nd->lines = arena_alloc(r->arena, (k ? k : 1) * sizeof *nd->lines);
	for (c = n->children; c != NULL; c = c->next)
		if (is(c, "line"))
			nd->lines[nd->nlines++] = bilingual(r, c);
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
		nd->loc = loc_of(r, c);
		nd->dataset = -1;
		nd->measure = -1;
		if (is(c, "cover")) {
			nd->kind = NODE_COVER;
			elem_cover(r, c, nd);
		} else if (is(c, "heading")) {
			nd->kind = NODE_HEADING;
			nd->text = bilingual(r, c);
		} else if (is(c, "paragraph")) {
			nd->kind = NODE_PARAGRAPH;
			nd->text = bilingual(r, c);
		} else if (is(c, "page-break")) {
			nd->kind = NODE_PAGE_BREAK;
		} else if (is(c, "table")) {
			nd->kind = NODE_TABLE;
			elem_table(r, s, c, nd);
		} else if (is(c, "bar-chart")) {
			nd->kind = NODE_BAR_CHART;
			elem_bar_chart(r, s, c, nd);
		}
	}
}

static void
elem_layout(struct reader *r, struct spec *s, xmlNodePtr root)
{
	xmlNodePtr c;

	for (c = root->children; c != NULL; c = c->next) {
		if (is(c, "page"))
			elem_page(r, s, c);
		else if (is(c, "fonts"))
			s->fonts_path = resolve(r, attr(r, c, "file"));
		else if (is(c, "prefectures"))
			s->prefs_path = resolve(r, attr(r, c, "file"));
		else if (is(c, "survey"))
			elem_survey(r, s, c);
		else if (is(c, "measures")) {
			xmlNodePtr m;

			for (m = c->children; m != NULL; m = m->next)
				if (m->type == XML_ELEMENT_NODE)
					elem_measure(r, s, m);
		} else if (is(c, "document"))
			elem_document(r, s, c);
	}
	if (s->fonts_path == NULL)
		s->fonts_path = resolve(r, "../fonts/fonts.conf");
}

struct spec *
spec_parse(const char *data, size_t len, const char *name)
{
	struct spec *s = xcalloc(1, sizeof *s);
	struct reader r = {NULL, &s->arena, NULL, true};
	xmlDocPtr doc;

	s->path = arena_strdup(&s->arena, name);
	r.name = s->path;
	r.dir = dir_of(&s->arena, name);
	s->code_column = -1;
	s->page.width_pt = 595.276;
	s->page.height_pt = 841.89;
	s->page.margin_pt = 18 * 72 / 25.4;
	if ((doc = load(&r, data, len, &layout_schema)) != NULL) {
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

/* --- packs ------------------------------------------------------------ */

static void
elem_pack(struct reader *r, struct packs *ps, xmlNodePtr n)
{
	struct pack *p = push((void **)&ps->v, &ps->n, sizeof *p);
	const char *date = attr(r, n, "date");
	const char *f = attr(r, n, "focus");
	xmlNodePtr c;
	size_t i;

	p->id = attr(r, n, "id");
	p->layout = resolve(r, attr(r, n, "layout"));
	p->loc = loc_of(r, n);
	if (!date_parse(date, &p->date))
		error_at(r, n, "date: not a date: \"%s\"", date);
	for (c = n->children; c != NULL; c = c->next) {
		if (is(c, "title"))
			p->title = bilingual(r, c);
		else if (is(c, "venue"))
			p->venue = bilingual(r, c);
	}
	while (*f != '\0') {
		int code;

		f += strspn(f, " \t\n");
		if (*f == '\0')
			break;
		code = atoi(f);
		f += strcspn(f, " \t\n");
		if (code < 1 || code > NPREFS) {
			error_at(r, n, "focus: no prefecture %02d", code);
			continue;
		}
		for (i = 0; i < p->nfocus; i++)
			if (p->focus[i] == code)
				break;
		if (i < p->nfocus)
			continue;
		p->focus[p->nfocus++] = code;
	}
	for (i = 0; i + 1 < ps->n; i++)
		if (strcmp(ps->v[i].id, p->id) == 0)
			error_at(r, n, "pack \"%s\" is defined twice", p->id);
}

struct packs *
packs_parse(const char *data, size_t len, const char *name)
{
	struct packs *ps = xcalloc(1, sizeof *ps);
	struct reader r = {NULL, &ps->arena, NULL, true};
	xmlDocPtr doc;
	xmlNodePtr c;

	ps->path = arena_strdup(&ps->arena, name);
	r.name = ps->path;
	r.dir = dir_of(&ps->arena, name);
	if ((doc = load(&r, data, len, &packs_schema)) != NULL) {
		for (c = xmlDocGetRootElement(doc)->children; c != NULL;
		     c = c->next)
			if (is(c, "pack"))
				elem_pack(&r, ps, c);
		xmlFreeDoc(doc);
	}
	if (!r.ok) {
		packs_free(ps);
		return NULL;
	}
	return ps;
}

struct packs *
packs_read(const char *path)
{
	struct buf b = {0};
	struct packs *p = NULL;

	if (buf_read_file(&b, path))
		p = packs_parse(b.data, b.len, path);
	buf_free(&b);
	return p;
}

void
packs_free(struct packs *p)
{
	if (p == NULL)
		return;
	free(p->v);
	arena_free(&p->arena);
	free(p);
}

const struct pack *
packs_find(const struct packs *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].id, id) == 0)
			return &p->v[i];
	return NULL;
}

void
spec_cleanup(void)
{
	xmlRelaxNGFree(layout_schema.schema);
	xmlRelaxNGFree(packs_schema.schema);
	layout_schema.schema = packs_schema.schema = NULL;
	xmlCleanupParser();
}
