#include "spec.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xinclude.h>
#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "infile.h"
#include "spec_int.h"
#include "xalloc.h"

/* The schemas, from layouts/layout.rng and packs.rng at build time. */
static const char layout_rng[] =
#include "layout_rng.inc"
	;
static const char packs_rng[] =
#include "packs_rng.inc"
	;

struct rng layout_schema = {layout_rng, sizeof layout_rng - 1, NULL};
struct rng packs_schema = {packs_rng, sizeof packs_rng - 1, NULL};

/* Reports a libxml2 error at the line (and column) it gives. */
/* The origin of n: the included file it or an ancestor came from. */
static const struct origin *
origin_of(const struct reader *r, xmlNodePtr n)
{
	size_t i;

	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
		for (i = 0; i < r->norigins; i++)
			if (r->origins[i].node == n)
				return &r->origins[i];
	return NULL;
}

static void
xml_error(void *data, xmlErrorPtr e)
{
	struct reader *r = data;
	struct loc loc = {r->name, e->line > 0 ? (unsigned)e->line : 0, 0};
	xmlNodePtr node = e->node;

	if (node != NULL && node->type == XML_ELEMENT_NODE &&
	    e->domain != XML_FROM_PARSER) {
		const struct origin *o = origin_of(r, node);

		loc.file = o ? o->file : r->name;
		loc.line = (unsigned)xmlGetLineNo(node);
	} else if (e->file != NULL && strcmp(e->file, r->name) != 0) {
		/* An error inside an included file. */
		loc.file = arena_strdup(r->arena, e->file);
	}
	char text[512];
	size_t n;

	if (e->domain == XML_FROM_PARSER && e->int2 > 0)
		loc.col = (unsigned)e->int2;
	if (node != NULL && loc.line == 0)
		loc.line = (unsigned)xmlGetLineNo(node);
	snprintf(text, sizeof text, "%s", e->message ? e->message : "?");
	n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	/* A missing included file is also reported as an XInclude error,
	 * with its line. */
	if (e->domain == XML_FROM_IO && e->level == XML_ERR_WARNING)
		return;
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

/* The node after n in document order, into n's children if down; no
 * stack, so the depth of the input does not matter. */
static xmlNodePtr
next_node(xmlNodePtr n, bool down)
{
	if (down && n->children != NULL && n->type == XML_ELEMENT_NODE)
		return n->children;
	for (; n != NULL; n = n->parent) {
		if (n->next != NULL)
			return n->next;
		if (n->parent == NULL || n->parent->type != XML_ELEMENT_NODE)
			return NULL;
	}
	return NULL;
}

#define MAX_INCLUDE_DEPTH 64

/* The file an xi:include element names, resolved against dir. */
static const char *
included_file(struct reader *r, xmlNodePtr n, const char *dir)
{
	xmlChar *href = NULL;
	xmlAttrPtr a;
	const char *f;

	/* The marker is no longer an element, so xmlGetProp ignores it. */
	for (a = n->properties; a != NULL && href == NULL; a = a->next)
		if (strcmp((const char *)a->name, "href") == 0)
			href = xmlNodeListGetString(n->doc, a->children, 1);
	if (href == NULL || href[0] == '\0')
		f = dir == r->dir ? r->name : dir; /* the file itself */
	else if (href[0] == '/' || dir[0] == '\0')
		f = arena_strdup(r->arena, (const char *)href);
	else
		f = arena_printf(r->arena, "%s/%s", dir, (const char *)href);
	xmlFree(href);
	return f;
}

void
spec_note_file(struct reader *r, const char *file)
{
	const char **v;
	size_t i;

	for (i = 0; i < r->nincludes; i++)
		if (strcmp(r->includes[i], file) == 0)
			return;
	v = arena_alloc(r->arena, (r->nincludes + 1) * sizeof *v);
	if (r->nincludes > 0)
		memcpy(v, r->includes, r->nincludes * sizeof *v);
	v[r->nincludes++] = file;
	r->includes = v;
}

/*
 * XInclude leaves markers around what it included (XINCLUDE_START, the
 * include element itself, and XINCLUDE_END).  Records the file of each
 * element so included, then removes the markers, and xml:base and xml:id,
 * which are not part of the layout language, before validation.
 */
static void
record_origins(struct reader *r, xmlDocPtr doc)
{
	static const xmlChar xml_ns[] = "http://www.w3.org/XML/1998/namespace";
	struct {
		const char *file, *dir;
		xmlNodePtr parent;
	} stack[MAX_INCLUDE_DEPTH];
	struct origin *v = NULL;
	size_t depth = 0, n_v = 0;
	xmlNodePtr n = xmlDocGetRootElement(doc), next;

	while (n != NULL) {
		xmlAttrPtr a;

		next = next_node(n, true);
		if (n->type == XML_XINCLUDE_START) {
			next = next_node(n, false);
			if (depth < MAX_INCLUDE_DEPTH) {
				const char *dir = depth ? stack[depth - 1].dir
							: r->dir;

				stack[depth].file = included_file(r, n, dir);
				spec_note_file(r, stack[depth].file);
				stack[depth].dir =
					spec_dir(r->arena, stack[depth].file);
				stack[depth].parent = n->parent;
			}
			depth++;
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		} else if (n->type == XML_XINCLUDE_END) {
			depth -= depth > 0;
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		} else if (n->type == XML_ELEMENT_NODE) {
			if (depth > 0 && depth <= MAX_INCLUDE_DEPTH &&
			    n->parent == stack[depth - 1].parent) {
				struct origin *o = spec_push(
					(void **)&v, &n_v, sizeof *v);

				o->node = n;
				o->file = stack[depth - 1].file;
				o->dir = stack[depth - 1].dir;
			}
			if ((a = xmlHasNsProp(n, (const xmlChar *)"base",
					      xml_ns)))
				xmlRemoveProp(a);
			if ((a = xmlHasNsProp(n, (const xmlChar *)"id",
					      xml_ns)))
				xmlRemoveProp(a);
		}
		n = next;
	}
	if (n_v > 0) {
		r->origins = arena_alloc(r->arena, n_v * sizeof *v);
		memcpy(r->origins, v, n_v * sizeof *v);
		r->norigins = n_v;
	}
	free(v);
}

void
spec_unload(struct reader *r, xmlDocPtr doc)
{
	xmlFreeDoc(doc);
	r->origins = NULL;
	r->norigins = 0;
}

/* The reader whose includes are being processed, for note_loaded. */
static struct reader *including;
static xmlExternalEntityLoader default_loader;

/*
 * Notes every file XInclude loads, those whose elements the xpointer then
 * leaves out too: they are read all the same, and a missing one fails
 * the layout, so a PDF must carry them.
 */
static xmlParserInputPtr
note_loaded(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	if (including != NULL && url != NULL) {
		const char *path = strncmp(url, "file://", 7) == 0 ? url + 7
								   : url;

		spec_note_file(including, arena_strdup(including->arena, path));
	}
	return default_loader(url, id, ctxt);
}

/* Runs XInclude on doc, noting the files it reads. */
static bool
include(struct reader *r, xmlDocPtr doc)
{
	int n;

	if (default_loader == NULL)
		default_loader = xmlGetExternalEntityLoader();
	including = r;
	xmlSetExternalEntityLoader(note_loaded);
	n = xmlXIncludeProcessFlags(doc, XML_PARSE_NONET | XML_PARSE_NOBASEFIX);
	xmlSetExternalEntityLoader(default_loader);
	including = NULL;
	return n >= 0;
}

/* Parses and validates; returns the document or NULL after errors. */
xmlDocPtr
spec_load(struct reader *r, const char *data, size_t len, struct rng *g)
{
	xmlParserCtxtPtr ctxt;
	xmlRelaxNGValidCtxtPtr v;
	xmlDocPtr doc;

	xmlSetStructuredErrorFunc(r, xml_error);
	ctxt = xmlNewParserCtxt();
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, r->name, NULL,
				XML_PARSE_NONET);
	xmlFreeParserCtxt(ctxt);
	if (doc != NULL && r->ok && !include(r, doc))
		r->ok = false;
	if (doc != NULL && r->ok)
		record_origins(r, doc);
	if (doc == NULL || !r->ok) {
		if (r->ok) {
			struct loc loc = {r->name, 0, 0};

			msg_error(&loc, "not an XML document");
		}
		r->ok = false;
		spec_unload(r, doc);
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
		spec_unload(r, doc);
		return NULL;
	}
	return doc;
}

struct loc
spec_loc(const struct reader *r, xmlNodePtr n)
{
	const struct origin *o = origin_of(r, n);
	struct loc loc = {o ? o->file : r->name, (unsigned)xmlGetLineNo(n),
			  0};

	return loc;
}

bool
spec_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The attribute's value copied into the arena, or NULL. */
const char *
spec_attr(const struct reader *r, xmlNodePtr n, const char *name)
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
const char *
spec_text(const struct reader *r, xmlNodePtr n)
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
struct text
spec_bilingual(struct reader *r, xmlNodePtr n)
{
	struct text t = {NULL, NULL};
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next) {
		if (spec_is(c, "ja"))
			t.ja = spec_text(r, c);
		else if (spec_is(c, "en"))
			t.en = spec_text(r, c);
	}
	if (t.ja == NULL && t.en == NULL) {
		struct loc loc = spec_loc(r, n);

		msg_error(&loc, "<%s> needs a <ja> or <en> text", n->name);
		r->ok = false;
	} else if (t.ja == NULL || t.en == NULL) {
		struct loc loc = spec_loc(r, n);

		msg_warn(&loc, "<%s> has no %s text; the %s text is used",
			 n->name, t.ja ? "English" : "Japanese",
			 t.ja ? "Japanese" : "English");
	}
	return t;
}

/* Resolves a path from the file against the file's directory. */
const char *
spec_resolve(const struct reader *r, const char *path)
{
	if (path[0] == '/' || r->dir[0] == '\0')
		return path;
	return arena_printf(r->arena, "%s/%s", r->dir, path);
}

const char *
spec_resolve_at(const struct reader *r, xmlNodePtr n, const char *path)
{
	const struct origin *o = origin_of(r, n);

	if (o == NULL || path[0] == '/' || o->dir[0] == '\0')
		return spec_resolve(r, path);
	return arena_printf(r->arena, "%s/%s", o->dir, path);
}

const char *
spec_dir(struct arena *a, const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? arena_strndup(a, name, (size_t)(slash - name)) : "";
}

bool
spec_bool(const struct reader *r, xmlNodePtr n, const char *name, bool dflt)
{
	const char *s = spec_attr(r, n, name);

	if (s == NULL)
		return dflt;
	return strcmp(s, "true") == 0 || strcmp(s, "1") == 0;
}

bool
spec_has_text(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next)
		if (spec_is(c, "ja") || spec_is(c, "en"))
			return true;
	return false;
}

void
spec_error(struct reader *r, xmlNodePtr n, const char *fmt, ...)
{
	struct loc loc = spec_loc(r, n);
	va_list ap;

	va_start(ap, fmt);
	msg_verror(&loc, fmt, ap);
	va_end(ap);
	r->ok = false;
}

/* Grows an arena-less array by one element and returns it zeroed. */
void *
spec_push(void **v, size_t *n, size_t size)
{
	char *p;

	*v = xreallocarray(*v, *n + 1, size);
	p = (char *)*v + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

const char *
spec_version(void)
{
	static char v[32];
	int n = atoi(xmlParserVersion);

	/* xmlParserVersion is "20914" for 2.9.14: the library loaded, not
	 * the headers compiled against. */
	if (v[0] == '\0')
		snprintf(v, sizeof v, "libxml2 %d.%d.%d", n / 10000,
			 n / 100 % 100, n % 100);
	return v;
}

void
spec_cleanup(void)
{
	xmlRelaxNGFree(layout_schema.schema);
	xmlRelaxNGFree(packs_schema.schema);
	layout_schema.schema = packs_schema.schema = NULL;
	xmlCleanupParser();
}

int
spec_png_size(const char *path, const struct loc *ref, unsigned *w,
	      unsigned *h)
{
	static const unsigned char magic[8] = {0x89, 'P', 'N', 'G',
					       '\r', '\n', 0x1a, '\n'};
	unsigned char head[24];
	struct infile f;
	ssize_t n;

	if (!infile_open(&f, path, INFILE_INPUT, ref))
		return -1;
	n = infile_read(&f, head, sizeof head);
	infile_close(&f);
	/* The signature, then the IHDR chunk: length, type, width, height. */
	if (n < (ssize_t)sizeof head || memcmp(head, magic, 8) != 0 ||
	    memcmp(head + 12, "IHDR", 4) != 0)
		return 0;
	*w = (unsigned)head[16] << 24 | (unsigned)head[17] << 16 |
	     (unsigned)head[18] << 8 | head[19];
	*h = (unsigned)head[20] << 24 | (unsigned)head[21] << 16 |
	     (unsigned)head[22] << 8 | head[23];
	return *w > 0 && *h > 0 && *w < 100000 && *h < 100000;
}
