#include "spec.h"

#include <libxml/catalog.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xinclude.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "infile.h"
#include "pngread.h"
#include "spec_int.h"
#include "utf8.h"
#include "xalloc.h"
#include "xmltags.h"

/* The schemas, from layouts/layout.rng and packs.rng at build time. */
static const char layout_rng[] =
#include "layout_rng.inc"
	;
static const char packs_rng[] =
#include "packs_rng.inc"
	;

struct rng layout_schema = {layout_rng, sizeof layout_rng - 1, NULL};
struct rng packs_schema = {packs_rng, sizeof packs_rng - 1, NULL};

/* The origin of n: the included file it or an ancestor came from, which
 * record_origins notes in the element's _private field. */
static const struct origin *
origin_of(xmlNodePtr n)
{
	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (n->_private != NULL)
			return n->_private;
	return NULL;
}

/*
 * Has text been said already while loading?  Remembers it if not.  A
 * hash (libxml2's, as this is its module): a part that is not
 * well-formed can give an error a line, and a list searched from the
 * start for each would take time and memory in the square of them.
 */
static bool
said_before(struct reader *r, const char *text)
{
	if (r->said == NULL)
		r->said = xmlHashCreate(0);
	if (xmlHashLookup(r->said, (const xmlChar *)text) != NULL)
		return true;
	/* Any payload but NULL; on exhaustion the text is simply said. */
	xmlHashAddEntry(r->said, (const xmlChar *)text, r);
	return false;
}

/* Forgets what was said, at the end of a load. */
static void
forget_said(struct reader *r)
{
	xmlHashFree(r->said, NULL);
	r->said = NULL;
}

/*
 * Reports a libxml2 error at the line (and column) it gives, in the file
 * it comes from: an included one's errors at their own lines.  An include
 * that failed because of what was reported inside the included file, or
 * because the file was refused, is reported once: that error, or the
 * reason for the refusal at the include.
 */
static void
xml_error(void *data, xmlErrorPtr e)
{
	struct reader *r = data;
	struct loc loc = {r->name, e->line > 0 ? (unsigned)e->line : 0, 0};
	xmlNodePtr node = e->node;
	char text[512];
	size_t n;

	if (node != NULL && node->type == XML_ELEMENT_NODE &&
	    e->domain != XML_FROM_PARSER) {
		const struct origin *o = origin_of(node);

		/* Not yet recorded: an include in an included file. */
		loc.file = o ? o->file
		       : node->doc != NULL && node->doc->URL != NULL
			       ? arena_strdup(r->arena,
					      (const char *)node->doc->URL)
			       : r->name;
		loc.line = (unsigned)xmlGetLineNo(node);
	} else if (e->file != NULL && strcmp(e->file, r->name) != 0) {
		/* An error inside an included file. */
		loc.file = arena_strdup(r->arena, e->file);
		r->inner_error |= e->level >= XML_ERR_ERROR;
	}
	if (e->domain == XML_FROM_XINCLUDE &&
	    e->code == XML_XINCLUDE_NO_FALLBACK &&
	    (r->refused != NULL || r->inner_error)) {
		if (r->refused != NULL && *r->refused != '\0')
			msg_error(&loc, "%s", r->refused);
		r->refused = NULL;
		r->inner_error = false;
		r->ok = false;
		return;
	}

	if (e->domain == XML_FROM_PARSER && e->int2 > 0)
		loc.col = (unsigned)e->int2;
	if (node != NULL && loc.line == 0)
		loc.line = (unsigned)xmlGetLineNo(node);
	snprintf(text, sizeof text, "%s", e->message ? e->message : "?");
	n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	/* A file included twice (a meeting layout includes briefing.xml,
	 * with every part, and then the parts) is parsed twice: its errors
	 * are told once. */
	if (loc.file != r->name) {
		char *key = xasprintf("%s:%u:%u: %s", loc.file, loc.line,
				      loc.col, text);
		bool said = said_before(r, key);

		free(key);
		if (said)
			return;
	}
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

static const char *local_path(struct arena *a, const char *uri);

/* The file an xi:include element names, resolved against dir: where its
 * elements come from, for messages. */
static const char *
included_file(struct reader *r, xmlNodePtr n, const char *dir)
{
	xmlChar *href = NULL;
	xmlAttrPtr a;
	const char *f, *path;

	/* The marker is no longer an element, so xmlGetProp ignores it. */
	for (a = n->properties; a != NULL && href == NULL; a = a->next)
		if (strcmp((const char *)a->name, "href") == 0)
			href = xmlNodeListGetString(n->doc, a->children, 1);
	path = href ? local_path(r->arena, (const char *)href) : NULL;
	if (path == NULL || path[0] == '\0')
		f = dir == r->dir ? r->name : dir; /* the file itself */
	else if (path[0] == '/' || dir[0] == '\0')
		f = path;
	else
		f = arena_printf(r->arena, "%s/%s", dir, path);
	xmlFree(href);
	return f;
}

/* Appends s to the array *v of *n strings in a, which holds *room: the
 * array doubles when full, so that the arena holds at most twice what
 * it needs however many are added. */
static void
add_string(struct arena *a, const char ***v, size_t *n, size_t *room,
	   const char *s)
{
	if (*n == *room) {
		const char **w;

		*room = *room ? 2 * *room : 8;
		w = arena_alloc(a, *room * sizeof *w);
		if (*n > 0)
			memcpy(w, *v, *n * sizeof *w);
		*v = w;
	}
	(*v)[(*n)++] = s;
}

void
spec_note_file(struct reader *r, const char *file)
{
	size_t i;

	for (i = 0; i < r->nincludes; i++)
		if (strcmp(r->includes[i], file) == 0)
			return;
	add_string(r->arena, &r->includes, &r->nincludes, &r->includes_room,
		   file);
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
	size_t depth = 0, n_v = 0, i;
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
	for (i = 0; i < n_v; i++)
		r->origins[i].node->_private = &r->origins[i];
	free(v);
}

void
spec_unload(struct reader *r, xmlDocPtr doc)
{
	xmlFreeDoc(doc);
	r->origins = NULL;
	r->norigins = 0;
}

/* --- libxml2's reading --------------------------------------------------- */

/*
 * libxml2 reads every file it loads (XInclude's XML and text includes,
 * external entities) through the functions below, which are its only
 * input callbacks: local files only, read through infile, so that a FIFO,
 * a file beyond the cap or, while a PDF is regenerated, anything outside
 * its sources is refused as everywhere else; no URL is ever fetched,
 * whatever libxml2's flags (XML_PARSE_NONET does not reach the text
 * includes of libxml2 2.9).  Every file read is noted: a PDF carries it.
 */

/* The reader loading, for the callbacks. */
static struct reader *including;
/* The entity loader libxml2 had, and whether what it loads now is XML
 * (not a text include): see load_xml. */
static xmlExternalEntityLoader default_loader;
static bool loading_xml;

/* A file read for libxml2: loaded before XInclude ran (borrowed from
 * the reader's loaded files), or now. */
struct xml_input {
	struct buf own;
	const char *data;
	size_t len;
	size_t pos;
};

/* Refuses a load: the reason is reported at the include that asked for
 * it (xml_error), or at the end of the includes when a fallback took its
 * place (include). */
static void
refuse(const char *uri, const char *why)
{
	struct reader *r = including;
	const char *text;

	if (r == NULL)
		return;
	if (r->refused != NULL && *r->refused != '\0')
		msg_error(&(struct loc){r->name, 0, 0}, "%s", r->refused);
	text = arena_printf(r->arena, "\"%s\": %s", uri, why);
	/* libxml2 asks again for a file it included in an included file:
	 * the reason is given once. */
	r->refused = said_before(r, text) ? "" : text;
	r->ok = false;
}

/* Does the URI start with a scheme, "name:" (RFC 3986, 3.1)? */
static bool
has_scheme(const char *uri)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz"
				      "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t n;

	if (*uri == '\0' || strchr(letters, *uri) == NULL)
		return false;
	n = strspn(uri, letters);
	n += strspn(uri + n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
			     "VWXYZ0123456789+.-");
	return uri[n] == ':';
}

/* The local path a URI names, in a: a plain path, or a file: URI of a
 * local file; NULL for any other. */
static const char *
local_path(struct arena *a, const char *uri)
{
	const char *p = uri;
	char *unescaped, *why;
	const char *path;

	if (strncmp(p, "file://localhost/", 17) == 0)
		p += 16;
	else if (strncmp(p, "file:///", 8) == 0)
		p += 7;
	else if (strncmp(p, "file:", 5) == 0 && p[5] != '/')
		p += 5; /* relative */
	else if (strncmp(p, "file:/", 6) == 0 && p[6] != '/')
		p += 5;
	else if (has_scheme(p))
		return NULL; /* http:, ftp:, file://host/ ... */
	/* libxml2 escapes what a URI cannot hold ("%20" for a space); a
	 * file whose name holds "%" as it is comes first. */
	if (strchr(p, '%') != NULL) {
		int found = infile_probe(p, INFILE_INPUT, &why);

		free(why);
		if (found == 0) {
			unescaped = (char *)xmlURIUnescapeString(p, 0, NULL);
			path = arena_strdup(a, unescaped ? unescaped : p);
			xmlFree(unescaped);
			return path;
		}
	}
	return arena_strdup(a, p);
}

/* Is the text valid UTF-8 made of characters XML allows?  *line and
 * *col give the first that is not, from 1. */
static bool
xml_text(const char *s, size_t len, unsigned *line, unsigned *col)
{
	const char *p = s, *end = s + len;
	int32_t c;

	*line = *col = 1;
	while (p < end) {
		if ((c = utf8_next(&p, end)) < 0 ||
		    (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe ||
		    c == 0xffff)
			return false;
		if (c == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
	}
	return true;
}

/* A file loaded before XInclude runs, to measure what it would build
 * (see "what XInclude builds" below); XInclude is then given these very
 * bytes. */
struct loaded {
	struct buf data;
	bool failed;    /* could not be read, and was reported */
	bool measuring; /* its includes are being measured */
	bool measured;
	uint64_t size;  /* with what it includes; at most the cap + 1 */
};

/* The file path as loaded ahead, or NULL. */
static struct loaded *
loaded_file(const struct reader *r, const char *path)
{
	return r->loaded ? xmlHashLookup(r->loaded, (const xmlChar *)path)
			 : NULL;
}

/* Has the XML text of file, len bytes at data, no element with more
 * attributes than libxml2 reads in good time (see xmltags.h)?  Reports
 * the first that has. */
static bool
tags_bounded(const char *data, size_t len, const char *file)
{
	struct xmltags s = {0};

	if (xmltags_feed(&s, data, len))
		return true;
	msg_error(&(struct loc){file, s.line, 0},
		  "an element with more than %d attributes",
		  XMLTAGS_MAX_ATTRIBUTES);
	return false;
}

static int
io_match(const char *uri)
{
	(void)uri;
	return 1; /* every URI: there is no other callback */
}

static void *
io_open(const char *uri)
{
	struct reader *r = including;
	struct xml_input *in;
	struct loaded *l;
	const char *path;
	unsigned line, col;
	char *why = NULL;
	int found;

	if (r == NULL)
		return NULL;
	if ((path = local_path(r->arena, uri)) == NULL) {
		refuse(uri, "not a local file: briefgen reads local files "
			    "only, and never from the network");
		return NULL;
	}
	if ((found = infile_probe(path, INFILE_INPUT, &why)) <= 0) {
		if (found < 0)
			refuse(uri, why);
		free(why);
		return NULL; /* missing: an include's fallback, or error */
	}
	in = xcalloc(1, sizeof *in);
	if ((l = loaded_file(r, path)) != NULL && !l->failed) {
		in->data = l->data.data ? l->data.data : "";
		in->len = l->data.len;
	} else if (l != NULL || !infile_load(path, INFILE_INPUT, &in->own)) {
		buf_free(&in->own);
		free(in);
		r->inner_error = true;
		return NULL;
	} else {
		in->data = in->own.data;
		in->len = in->own.len;
	}
	if (loading_xml && !tags_bounded(in->data, in->len, path)) {
		r->inner_error = true;
		r->ok = false;
		buf_free(&in->own);
		free(in);
		return NULL;
	}
	/* libxml2 2.9 leaks a text include that holds a character XML
	 * does not allow: such a file never reaches it. */
	if (!loading_xml && !xml_text(in->data, in->len, &line, &col)) {
		msg_error(&(struct loc){path, line, col},
			  "not UTF-8 text, or a character XML does not "
			  "allow: a text include must be UTF-8 text");
		r->inner_error = true;
		r->ok = false;
		buf_free(&in->own);
		free(in);
		return NULL;
	}
	spec_note_file(r, path);
	return in;
}

static int
io_read(void *ctx, char *buf, int len)
{
	struct xml_input *in = ctx;
	size_t n = in->len - in->pos;

	if (len < 0)
		return -1;
	if (n > (size_t)len)
		n = (size_t)len;
	if (n > 0)
		memcpy(buf, in->data + in->pos, n);
	in->pos += n;
	return (int)n;
}

static int
io_close(void *ctx)
{
	struct xml_input *in = ctx;

	buf_free(&in->own);
	free(in);
	return 0;
}

/* Set while files are measured ahead of XInclude: nothing is reported
 * then, as XInclude reports what is wrong with them. */
static bool measuring;

/*
 * A DOCTYPE, as SAX sees it (internalSubset, for any DOCTYPE): refused,
 * and the parse stopped, in a layout, a packs file and every file they
 * include.  Layouts declare no entities and briefgen reads no DTD, so an
 * entity cannot be expanded into gigabytes (one of 50 KB referenced
 * 20,000 times in an attribute), nor a file outside the sources named.
 */
static void
refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
	       const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlParserInputPtr in = ctxt->input;
	struct reader *r = including;
	struct loc loc = {0};

	(void)name;
	(void)public_id;
	(void)system_id;
	if (r != NULL && !measuring) {
		loc.file = in != NULL && in->filename != NULL
				   ? arena_strdup(r->arena, in->filename)
				   : r->name;
		loc.line = in != NULL ? (unsigned)in->line : 0;
		msg_error(&loc, "a DOCTYPE: briefgen reads no DTD, and a layout "
				"declares no entities");
		r->ok = false;
		r->inner_error = true;
	}
	ctxt->wellFormed = 0; /* no document comes of it */
	xmlStopParser(ctxt);
}

/*
 * Tells io_open whether a file is loaded to be parsed as XML.  libxml2
 * 2.9 loads XML and text includes alike, through the entity loader, with
 * a new parser context; only an XML include's context asks for its DTD
 * (XML_PARSE_DTDLOAD), which is the one way to tell them apart.  Such a
 * context refuses a DOCTYPE, as the layout's own does.
 */
static xmlParserInputPtr
load_xml(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	xmlParserInputPtr in;

	loading_xml = ctxt != NULL && (ctxt->options & XML_PARSE_DTDLOAD);
	if (loading_xml && ctxt->sax != NULL)
		ctxt->sax->internalSubset = refuse_doctype;
	in = default_loader(url, id, ctxt);
	loading_xml = false;
	return in;
}

/* Makes the functions above libxml2's only way of reading a file. */
static void
own_io(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	/* No XML catalog either: XInclude would read /etc/xml/catalog. */
	xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
	xmlInitParser();
	xmlCleanupInputCallbacks();
	if (xmlRegisterInputCallbacks(io_match, io_open, io_read, io_close) <
	    0)
		msg_fatal("libxml2: cannot set input callbacks");
	default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(load_xml);
}

/* --- what XInclude builds --------------------------------------------- */

/*
 * libxml2 2.9 builds whatever the includes ask for: nine levels of parts
 * that each include the next ten times make 10^8 elements out of 5 KB,
 * and a part of 10,000 paragraphs that includes them 3,000 times from
 * itself makes gigabytes, in hours.  So before XInclude runs, every file
 * it would load is loaded here (once; io_open then gives libxml2 these
 * very bytes) and its includes measured: the bytes of a layout, plus for
 * each include those of the file it includes (with what that includes
 * in turn, counted as often as it is included; the file itself, for a
 * reference into the same file, which libxml2 copies unexpanded).  An
 * include's xpointer selects at most that once for each of its paths
 * (see "the XPointers briefgen takes" below), so this bounds what
 * XInclude builds, and the total is held to the layout cap.  So is the
 * number of includes, for libxml2 looks through all those loaded for
 * each.
 */
#define MAX_INCLUDES 10000

/* --- the XPointers briefgen takes ------------------------------------- */

/*
 * libxml2 evaluates whatever XPath an xpointer holds, and copies each
 * node it selects with all the node holds.  Some expressions take time
 * that grows as the square of the file or faster (a predicate that counts
 * the part's elements, for each of them; the preceding-sibling axis:
 * minutes for 20,000 elements; XPointer's string-range, hours), and some
 * select a node and again what it holds (//a, range(//a): a part of 100
 * KB copied 125 times over, 3 GB from 10 MB of includes).  So an xpointer
 * is xpointer(PATH | PATH ...), of at most MAX_XPOINTER bytes: each PATH
 * absolute, its steps along the child or self axis, each with predicates
 * that look at the element alone (self::NAME, @NAME, literals and numbers
 * compared, not(), position(), last(), and, or).  A path selects elements
 * at one depth, none inside another, in one pass over the file: an
 * include brings in its file at most once for each path.
 */
#define MAX_XPOINTER 512

static bool
name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

static bool
name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Skips white space, then a name at *p if there is one: its length. */
static size_t
scan_name(const char **p)
{
	const char *s;

	*p += strspn(*p, " \t\r\n");
	for (s = *p; name_start((unsigned char)*s) ||
		     (s > *p && name_char((unsigned char)*s));
	     s++)
		continue;
	return (size_t)(s - *p);
}

/* Is the name of n bytes at p the word w? */
static bool
word(const char *p, size_t n, const char *w)
{
	return n == strlen(w) && strncmp(p, w, n) == 0;
}

/* Reads the predicate after "[" at *p up to its "]": true when it looks
 * at the element alone. */
static bool
xpointer_predicate(const char **p)
{
	static const char *const fn[] = {"not", "position", "last"};
	int parens = 0;
	size_t n, i;
	const char *s = *p;

	for (;;) {
		if ((n = scan_name(&s)) > 0) {
			const char *w = s;

			s += n;
			s += strspn(s, " \t\r\n");
			if (word(w, n, "self") && strncmp(s, "::", 2) == 0) {
				s += 2;
				if (*(s += strspn(s, " \t\r\n")) == '*')
					s++;
				else if ((n = scan_name(&s)) == 0)
					return false;
				else
					s += n;
				continue;
			}
			for (i = 0; i < sizeof fn / sizeof *fn; i++)
				if (word(w, n, fn[i]) && *s == '(')
					break;
			if (i == sizeof fn / sizeof *fn && !word(w, n, "and") &&
			    !word(w, n, "or"))
				return false;
			continue;
		}
		switch (*s) {
		case '(':
			parens++;
			break;
		case ')':
			if (parens-- == 0)
				return false;
			break;
		case ']':
			*p = s + 1;
			return parens == 0;
		case '@':
			s++;
			if (*s == '*')
				break;
			if ((n = scan_name(&s)) == 0)
				return false;
			s += n - 1;
			break;
		case '\'':
		case '"':
			if ((s = strchr(s + 1, *s)) == NULL)
				return false;
			break;
		case '=':
		case '<':
		case '>':
			break;
		case '!':
			if (s[1] != '=')
				return false;
			break;
		default:
			if (*s < '0' || *s > '9')
				return false;
			s += strspn(s, "0123456789");
			if (*s == '.')
				s += 1 + strspn(s + 1, "0123456789");
			continue;
		}
		s++;
	}
}

/* The number of paths in the xpointer x, or 0 when briefgen does not
 * take it. */
static unsigned
xpointer_paths(const char *x)
{
	const char *p = x + strspn(x, " \t\r\n"), *end;
	unsigned paths = 0;
	size_t n;

	if (strlen(x) > MAX_XPOINTER || strncmp(p, "xpointer(", 9) != 0 ||
	    strchr(x, '^') != NULL)
		return 0;
	p += 9;
	for (end = x + strlen(x); end > p && strchr(" \t\r\n", end[-1]);)
		end--;
	if (end == p || end[-1] != ')')
		return 0;
	end--;
	for (;;) { /* a path */
		paths++;
		p += strspn(p, " \t\r\n");
		if (*p != '/')
			return 0;
		while (*p == '/') { /* a step */
			p++;
			if (*(p += strspn(p, " \t\r\n")) == '*')
				p++;
			else if ((n = scan_name(&p)) == 0)
				return 0;
			else if (p[n + strspn(p + n, " \t\r\n")] == ':') {
				if (!word(p, n, "child") && !word(p, n, "self"))
					return 0;
				p += n;
				p += strspn(p, " \t\r\n");
				if (strncmp(p, "::", 2) != 0)
					return 0;
				p += 2;
				if (*(p += strspn(p, " \t\r\n")) == '*')
					p++;
				else if ((n = scan_name(&p)) == 0)
					return 0;
				else
					p += n;
			} else
				p += n;
			p += strspn(p, " \t\r\n");
			while (*p == '[') {
				p++;
				if (!xpointer_predicate(&p) || p > end)
					return 0;
				p += strspn(p, " \t\r\n");
			}
		}
		if (p == end)
			return paths;
		if (*p != '|')
			return 0;
		p++;
	}
}

static const char *const xinclude_ns[] = {
	"http://www.w3.org/2001/XInclude", /* XInclude 1.0 */
	"http://www.w3.org/2003/XInclude", /* the draft libxml2 reads too */
};

/* What a layout's includes build, measured. */
struct growth {
	struct reader *r;
	uint64_t cap;    /* the layout cap */
	size_t includes; /* include elements met */
	bool over;       /* beyond a bound, reported: stop */
};

static void
free_loaded(void *p, const xmlChar *name)
{
	struct loaded *l = p;

	(void)name;
	buf_free(&l->data);
	free(l);
}

/* a + b, at most cap + 1. */
static uint64_t
add_size(uint64_t a, uint64_t b, uint64_t cap)
{
	return a > cap || b > cap || a + b > cap ? cap + 1 : a + b;
}

/* The file uri names, loaded once; NULL when XInclude could not read it
 * either (it will say why). */
static struct loaded *
load_ahead(struct reader *r, const char *uri)
{
	const char *path = local_path(r->arena, uri);
	struct loaded *l;
	char *why;
	int found;

	if (path == NULL)
		return NULL;
	if ((l = loaded_file(r, path)) != NULL)
		return l->failed ? NULL : l;
	found = infile_probe(path, INFILE_INPUT, &why);
	free(why);
	if (found <= 0)
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->failed = !infile_load(path, INFILE_INPUT, &l->data);
	if (r->loaded == NULL)
		r->loaded = xmlHashCreate(16);
	xmlHashAddEntry(r->loaded, (const xmlChar *)path, l);
	return l->failed ? NULL : l;
}

static uint64_t measure_file(struct growth *m, const char *uri, int depth);

/* The URI an include element names, as libxml2 resolves it against the
 * element's base; the caller frees it (xmlFree).  NULL for none. */
static xmlChar *
include_uri(xmlDocPtr doc, xmlNodePtr n, const xmlChar *href)
{
	xmlChar *base = xmlNodeGetBase(doc, n), *uri, *b, *h;

	uri = xmlBuildURI(href, base ? base : doc->URL);
	if (uri == NULL) {
		/* As libxml2 does: escaped, and again. */
		b = xmlURIEscape(base ? base : doc->URL);
		h = xmlURIEscape(href);
		uri = xmlBuildURI(h, b);
		xmlFree(b);
		xmlFree(h);
	}
	xmlFree(base);
	return uri;
}

/* Reports the include n of doc, whose xpointer x briefgen does not
 * take. */
static void
refuse_xpointer(struct growth *m, xmlDocPtr doc, xmlNodePtr n, const char *x)
{
	const char *url = (const char *)doc->URL, *file;
	int shown = (int)strlen(x);

	file = url ? local_path(m->r->arena, url) : NULL;
	if (shown > 80) /* the start of it, whole characters */
		for (shown = 80; ((unsigned char)x[shown] & 0xc0) == 0x80;)
			shown--;
	msg_error(&(struct loc){file ? file : url ? url : m->r->name,
				(unsigned)xmlGetLineNo(n), 0},
		  "xpointer \"%.*s%s\": briefgen takes xpointer(/a/b | /c/*), "
		  "steps along the child or self axis whose predicates look "
		  "at the element alone (its name, attributes, position)",
		  shown, x, x[shown] ? "..." : "");
	m->over = true;
}

/* The bytes include element n of doc (len bytes) brings in: those of the
 * file it names, once for each path of its xpointer. */
static uint64_t
measure_include(struct growth *m, xmlDocPtr doc, size_t len, xmlNodePtr n,
		 int depth)
{
	xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
	xmlChar *parse = xmlGetProp(n, (const xmlChar *)"parse");
	xmlChar *xptr = xmlGetProp(n, (const xmlChar *)"xpointer");
	xmlChar *uri = NULL;
	struct loaded *l;
	uint64_t size = len; /* a reference into doc itself */
	unsigned paths = xptr ? xpointer_paths((const char *)xptr) : 1;

	if (paths == 0) {
		refuse_xpointer(m, doc, n, (const char *)xptr);
		size = 0;
	} else if (href != NULL && href[0] != '\0' && href[0] != '#' &&
	    (uri = include_uri(doc, n, href)) != NULL &&
	    (doc->URL == NULL || !xmlStrEqual(uri, doc->URL))) {
		if (parse != NULL &&
		    xmlStrEqual(parse, (const xmlChar *)"text"))
			size = (l = load_ahead(m->r, (const char *)uri)) != NULL
				       ? l->data.len
				       : 0;
		else
			size = measure_file(m, (const char *)uri, depth + 1);
	}
	xmlFree(uri);
	xmlFree(href);
	xmlFree(parse);
	xmlFree(xptr);
	if (paths == 0)
		return 0;
	return size > m->cap / paths ? m->cap + 1 : size * paths;
}

/* Is n an XInclude include element? */
static bool
is_include(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       xmlStrEqual(n->name, (const xmlChar *)"include") &&
	       (xmlStrEqual(n->ns->href, (const xmlChar *)xinclude_ns[0]) ||
		xmlStrEqual(n->ns->href, (const xmlChar *)xinclude_ns[1]));
}

/* The bytes doc (len bytes) makes with what it includes, up to the cap
 * + 1. */
static uint64_t
measure_doc(struct growth *m, xmlDocPtr doc, size_t len, int depth)
{
	uint64_t size = len;
	xmlNodePtr n;

	for (n = xmlDocGetRootElement(doc); n != NULL && !m->over;
	     n = next_node(n, true)) {
		if (!is_include(n))
			continue;
		if (++m->includes > MAX_INCLUDES) {
			msg_error(&(struct loc){m->r->name, 0, 0},
				  "more than %d includes, in all the files it "
				  "includes",
				  MAX_INCLUDES);
			m->over = true;
		}
		size = add_size(size, measure_include(m, doc, len, n, depth),
				m->cap);
		if (size > m->cap && !m->over) {
			infile_too_big(m->r->name, INFILE_LAYOUT);
			m->over = true;
		}
	}
	return size;
}

/* The bytes the file at uri makes with what it includes; 0 for a file
 * XInclude will not load, or one that includes itself (XInclude reports
 * both). */
static uint64_t
measure_file(struct growth *m, const char *uri, int depth)
{
	struct loaded *l = load_ahead(m->r, uri);
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	if (l == NULL || l->measuring)
		return 0;
	if (l->measured)
		return l->size;
	if (depth > MAX_INCLUDE_DEPTH) {
		msg_error(&(struct loc){m->r->name, 0, 0},
			  "includes nested more than %d deep",
			  MAX_INCLUDE_DEPTH);
		m->over = true;
		return 0;
	}
	if (!tags_bounded(l->data.data ? l->data.data : "", l->data.len,
			  local_path(m->r->arena, uri))) {
		m->over = true;
		return 0;
	}
	l->measuring = true;
	ctxt = xmlNewParserCtxt();
	ctxt->sax->internalSubset = refuse_doctype;
	doc = xmlCtxtReadMemory(ctxt, l->data.data ? l->data.data : "",
				(int)l->data.len, uri, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR |
					XML_PARSE_NOWARNING);
	xmlFreeParserCtxt(ctxt);
	l->size = doc ? measure_doc(m, doc, l->data.len, depth) : l->data.len;
	xmlFreeDoc(doc);
	l->measuring = false;
	l->measured = true;
	return l->size;
}

/* Is what XInclude would build of doc, len bytes, within the bounds?
 * Reports and returns false when not. */
static bool
measured(struct reader *r, xmlDocPtr doc, size_t len)
{
	struct growth m = {r, infile_limit(INFILE_LAYOUT), 0, false};

	if (len > m.cap) {
		infile_too_big(r->name, INFILE_LAYOUT);
		return false;
	}
	measuring = true;
	xmlSetStructuredErrorFunc(NULL, silent);
	measure_doc(&m, doc, len, 0);
	xmlSetStructuredErrorFunc(r, xml_error);
	measuring = false;
	return !m.over;
}

/* Runs XInclude on doc. */
static bool
include(struct reader *r, xmlDocPtr doc)
{
	int n = xmlXIncludeProcessFlags(doc, XML_PARSE_NONET |
						     XML_PARSE_NOBASEFIX);

	if (r->refused != NULL) {
		/* A fallback took the place of a refused file. */
		if (*r->refused != '\0')
			msg_error(&(struct loc){r->name, 0, 0}, "%s",
				  r->refused);
		r->refused = NULL;
		r->ok = false;
	}
	return n >= 0;
}

/* Parses and validates; returns the document or NULL after errors. */
xmlDocPtr
spec_load(struct reader *r, const char *data, size_t len, struct rng *g)
{
	xmlParserCtxtPtr ctxt;
	xmlRelaxNGValidCtxtPtr v;
	xmlDocPtr doc;
	struct hash key;

	own_io();
	including = r;
	xmlSetStructuredErrorFunc(r, xml_error);
	ctxt = xmlNewParserCtxt();
	ctxt->sax->internalSubset = refuse_doctype;
	if (!tags_bounded(data, len, r->name)) {
		doc = NULL;
		r->ok = false;
	} else
		doc = xmlCtxtReadMemory(ctxt, data, (int)len, r->name, NULL,
					XML_PARSE_NONET);
	xmlFreeParserCtxt(ctxt);
	if (doc != NULL && r->ok && !measured(r, doc, len))
		r->ok = false;
	if (doc != NULL && r->ok && !include(r, doc))
		r->ok = false;
	xmlHashFree(r->loaded, free_loaded);
	r->loaded = NULL;
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
		including = NULL;
		forget_said(r);
		return NULL;
	}
	including = NULL;
	if (!spec_known_valid(g, doc, &key)) {
		v = xmlRelaxNGNewValidCtxt(compiled(g));
		xmlRelaxNGSetValidStructuredErrors(v, xml_error, r);
		if (xmlRelaxNGValidateDoc(v, doc) != 0)
			r->ok = false;
		xmlRelaxNGFreeValidCtxt(v);
		if (r->ok)
			spec_remember_valid(&key);
	}
	xmlSetStructuredErrorFunc(NULL, silent);
	forget_said(r);
	if (!r->ok) {
		spec_unload(r, doc);
		return NULL;
	}
	return doc;
}

struct loc
spec_loc(const struct reader *r, xmlNodePtr n)
{
	const struct origin *o = origin_of(n);
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
		const char **lang = spec_is(c, "ja")   ? &t.ja
				    : spec_is(c, "en") ? &t.en
						       : NULL;
		struct loc at;

		if (lang == NULL)
			continue;
		*lang = spec_text(r, c);
		at = spec_loc(r, c);
		spec_note_string(r, *lang, &at);
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

void
spec_note_string(struct reader *r, const char *text, const struct loc *loc)
{
	struct spec_string *s;

	if (text == NULL)
		return;
	s = spec_push((void **)&r->strings, &r->nstrings, sizeof *s);
	s->text = text;
	s->loc = *loc;
}

/*
 * While a PDF is regenerated, a path must name a file among its sources:
 * reports at loc one that cannot (absolute, or leaving them) and marks
 * the reader failed.  Returns path.
 */
static const char *
confined(struct reader *r, const struct loc *loc, const char *ref,
	 const char *path)
{
	if (!spec_readable(path)) {
		msg_error(loc, "\"%s\": not a file among the PDF's sources: "
			       "an absolute path, or one that leaves them",
			  ref);
		r->ok = false;
	}
	return path;
}

bool
spec_readable(const char *path)
{
	char *inside;

	if (!infile_confined())
		return true;
	inside = infile_inside(path);
	free(inside);
	return inside != NULL;
}

const char *
spec_resolve(struct reader *r, const char *path)
{
	struct loc loc = {r->name, 0, 0};

	if (path[0] == '/' || r->dir[0] == '\0')
		return confined(r, &loc, path, path);
	return confined(r, &loc, path,
			arena_printf(r->arena, "%s/%s", r->dir, path));
}

const char *
spec_resolve_at(struct reader *r, xmlNodePtr n, const char *path)
{
	const struct origin *o = origin_of(n);
	const char *dir = o != NULL ? o->dir : r->dir;
	struct loc loc = spec_loc(r, n);

	if (path[0] == '/' || dir[0] == '\0')
		return confined(r, &loc, path, path);
	return confined(r, &loc, path,
			arena_printf(r->arena, "%s/%s", dir, path));
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
	spec_valid_cleanup();
	xmlCleanupParser();
}

int
spec_png_size(const char *path, const struct loc *ref, unsigned *w,
	      unsigned *h)
{
	unsigned char head[PNGREAD_HEAD_BYTES];
	struct infile f;
	ssize_t n;

	if (!infile_open(&f, path, INFILE_INPUT, ref))
		return -1;
	n = infile_read(&f, head, sizeof head);
	infile_close(&f);
	if (n < 0)
		return -1;
	return pngread_size(head, (size_t)n, w, h);
}
