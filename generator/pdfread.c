#define _GNU_SOURCE /* memmem */
#include "pdfread.h"

#include <dlfcn.h>
#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "infile.h"
#include "msg.h"
#include "pdf.h"
#include "xalloc.h"

#ifndef QPDF_SONAME
#define QPDF_SONAME "libqpdf.so"
#endif

/* Bounds on a name tree an altered PDF could make endless. */
#define MAX_DEPTH 32
#define MAX_NODES 10000

/*
 * libqpdf brings the C++ runtime and GnuTLS with it: linked in, it would
 * add some 10 ms to the start of every run.  It is opened on first use,
 * and each function is checked against qpdf-c.h's prototype.
 */
#define QPDF_FUNCTIONS(X)                                                     \
	X(qpdf_init)                                                          \
	X(qpdf_cleanup)                                                       \
	X(qpdf_silence_errors)                                                \
	X(qpdf_set_suppress_warnings)                                         \
	X(qpdf_set_ignore_xref_streams)                                       \
	X(qpdf_read_memory)                                                   \
	X(qpdf_has_error)                                                     \
	X(qpdf_get_error)                                                     \
	X(qpdf_get_error_message_detail)                                      \
	X(qpdf_get_root)                                                      \
	X(qpdf_get_trailer)                                                   \
	X(qpdf_oh_get_key)                                                    \
	X(qpdf_oh_has_key)                                                    \
	X(qpdf_oh_is_array)                                                   \
	X(qpdf_oh_is_dictionary)                                              \
	X(qpdf_oh_is_stream)                                                  \
	X(qpdf_oh_is_string)                                                  \
	X(qpdf_oh_is_name)                                                    \
	X(qpdf_oh_is_null)                                                    \
	X(qpdf_oh_get_name)                                                   \
	X(qpdf_oh_get_dict)                                                   \
	X(qpdf_oh_get_array_n_items)                                          \
	X(qpdf_oh_get_array_item)                                             \
	X(qpdf_oh_get_binary_string_value)                                    \
	X(qpdf_oh_get_utf8_value)                                             \
	X(qpdf_oh_get_stream_data)                                            \
	X(qpdf_oh_release)                                                    \
	X(qpdf_oh_release_all)

static struct {
#define FIELD(f) __typeof__(f) *f;
	QPDF_FUNCTIONS(FIELD)
#undef FIELD
	void *lib;
} q;

static bool
load_qpdf(void)
{
	if (q.lib != NULL)
		return true;
	if ((q.lib = dlopen(QPDF_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		msg_error(NULL, "cannot load qpdf (%s; is libqpdf29 "
				"installed?)",
			  dlerror());
		return false;
	}
#define LOAD(f)                                                               \
	if ((*(void **)&q.f = dlsym(q.lib, #f)) == NULL) {                    \
		msg_error(NULL, "qpdf has no %s", #f);                       \
		dlclose(q.lib);                                               \
		q.lib = NULL;                                                 \
		return false;                                                 \
	}
	QPDF_FUNCTIONS(LOAD)
#undef LOAD
	return true;
}

/* A file the PDF carries, not yet decoded. */
struct carried {
	char *name;     /* UTF-8 */
	qpdf_oh stream; /* its embedded file stream */
};

struct pdfread {
	const char *name; /* for messages */
	struct buf file;  /* the PDF, when read from a path */
	const char *data;
	size_t len;
	qpdf_data d;
	struct carried *v; /* in the order of the name tree */
	size_t n;
	struct carried **by_name; /* the n of v, sorted by name */
	unsigned char *id;
	size_t id_len;
	size_t nodes;      /* name tree nodes walked */
	size_t decoded;    /* bytes of files decoded so far */
	bool ok;
};

static void
bad(struct pdfread *p, const char *what)
{
	struct loc loc = {p->name, 0, 0};

	if (p->ok)
		msg_error(&loc, "%s", what);
	p->ok = false;
}

/* Notes the file specification at item i + 1 of names as carried under
 * the name at item i.  Only the stream's handle is kept: qpdf holds each
 * handle until released, some 100 bytes for each of many. */
static void
add_file(struct pdfread *p, qpdf_oh names, int i)
{
	qpdf_oh key = q.qpdf_oh_get_array_item(p->d, names, i);
	qpdf_oh fs = q.qpdf_oh_get_array_item(p->d, names, i + 1);
	qpdf_oh ef = q.qpdf_oh_get_key(p->d, fs, "/EF");
	qpdf_oh s = q.qpdf_oh_get_key(p->d, ef, "/F");

	if (!q.qpdf_oh_is_string(p->d, key))
		bad(p, "an embedded file has no name");
	else if (!q.qpdf_oh_is_dictionary(p->d, fs) ||
		 !q.qpdf_oh_is_stream(p->d, s))
		bad(p, "an embedded file has no stream");
	else {
		p->v = xgrow(p->v, p->n, sizeof *p->v);
		p->v[p->n].name =
			xstrdup(q.qpdf_oh_get_utf8_value(p->d, key));
		p->v[p->n++].stream = s;
	}
	q.qpdf_oh_release(p->d, key);
	q.qpdf_oh_release(p->d, fs);
	q.qpdf_oh_release(p->d, ef);
}

/* Walks a name tree node: its /Names pairs, then its /Kids. */
static void
walk(struct pdfread *p, qpdf_oh node, int depth)
{
	qpdf_oh names = q.qpdf_oh_get_key(p->d, node, "/Names");
	qpdf_oh kids = q.qpdf_oh_get_key(p->d, node, "/Kids");
	int i, n;

	if (depth > MAX_DEPTH || ++p->nodes > MAX_NODES) {
		bad(p, "the tree of embedded files is too deep");
		return;
	}
	if (q.qpdf_oh_is_array(p->d, names)) {
		n = q.qpdf_oh_get_array_n_items(p->d, names);
		for (i = 0; i + 1 < n && p->ok; i += 2)
			add_file(p, names, i);
	}
	if (q.qpdf_oh_is_array(p->d, kids)) {
		n = q.qpdf_oh_get_array_n_items(p->d, kids);
		for (i = 0; i < n && p->ok; i++)
			walk(p, q.qpdf_oh_get_array_item(p->d, kids, i),
			     depth + 1);
	}
}

static int
by_name(const void *a, const void *b)
{
	const struct carried *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* Sorts the files by name, for finding them among many (a name tree
 * may give hundreds of thousands), and reports a name given twice. */
static void
sort_names(struct pdfread *p)
{
	struct loc loc = {p->name, 0, 0};
	size_t i;

	p->by_name = xreallocarray(NULL, p->n ? p->n : 1, sizeof *p->by_name);
	for (i = 0; i < p->n; i++)
		p->by_name[i] = &p->v[i];
	qsort(p->by_name, p->n, sizeof *p->by_name, by_name);
	for (i = 1; i < p->n && p->ok; i++)
		if (strcmp(p->by_name[i - 1]->name, p->by_name[i]->name) == 0) {
			msg_error(&loc, "carries two files called \"%s\"",
				  p->by_name[i]->name);
			p->ok = false;
		}
}

/* The file called name, or NULL. */
static const struct carried *
find(const struct pdfread *p, const char *name)
{
	const struct carried key = {(char *)name, 0}, *k = &key;
	struct carried **c =
		bsearch(&k, p->by_name, p->n, sizeof *p->by_name, by_name);

	return c != NULL ? *c : NULL;
}

static void
read_id(struct pdfread *p)
{
	qpdf_oh id = q.qpdf_oh_get_key(p->d, q.qpdf_get_trailer(p->d), "/ID");
	const char *v;
	size_t len = 0;

	if (!q.qpdf_oh_is_array(p->d, id) ||
	    !q.qpdf_oh_is_string(p->d, q.qpdf_oh_get_array_item(p->d, id, 0)))
		return;
	v = q.qpdf_oh_get_binary_string_value(
		p->d, q.qpdf_oh_get_array_item(p->d, id, 0), &len);
	p->id = xmalloc(len + 1);
	memcpy(p->id, v, len);
	p->id_len = len;
}

struct pdfread *
pdfread_parse(const char *data, size_t len, const char *name)
{
	struct pdfread *p;
	struct loc loc = {name, 0, 0};
	qpdf_oh tree;

	if (!load_qpdf())
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->name = name;
	p->data = data;
	p->len = len;
	p->ok = true;
	p->d = q.qpdf_init();
	q.qpdf_silence_errors(p->d);
	q.qpdf_set_suppress_warnings(p->d, QPDF_TRUE);
	/* briefgen writes cross-reference tables, never object streams,
	 * which qpdf would inflate whole, without a bound, to find an
	 * object in them. */
	q.qpdf_set_ignore_xref_streams(p->d, QPDF_TRUE);
	if (q.qpdf_read_memory(p->d, name, data, len, NULL) & QPDF_ERRORS) {
		/* Taken in every case: an error left unfetched makes
		 * qpdf_cleanup print a warning of its own. */
		qpdf_error e = q.qpdf_get_error(p->d);

		if (memmem(data, len, "/XRef", 5) != NULL ||
		    memmem(data, len, "/ObjStm", 7) != NULL)
			msg_error(&loc, "has cross-reference or object "
					"streams, which briefgen never writes "
					"(rewritten by another program?): not "
					"read");
		else
			msg_error(&loc, "not a PDF that can be read: %s",
				  q.qpdf_get_error_message_detail(p->d, e));
		pdfread_free(p);
		return NULL;
	}
	read_id(p);
	tree = q.qpdf_oh_get_key(
		p->d, q.qpdf_oh_get_key(p->d, q.qpdf_get_root(p->d), "/Names"),
		"/EmbeddedFiles");
	if (q.qpdf_oh_is_dictionary(p->d, tree))
		walk(p, tree, 0);
	sort_names(p);
	if (q.qpdf_has_error(p->d))
		bad(p, "damaged PDF");
	if (!p->ok) {
		pdfread_free(p);
		return NULL;
	}
	return p;
}

struct pdfread *
pdfread_read(const char *path)
{
	struct buf file = {0};
	struct pdfread *p;

	/* Read here, as every input is, rather than by qpdf from the path:
	 * a FIFO or a device must not block it. */
	if (!infile_load(path, INFILE_PDF, &file)) {
		buf_free(&file);
		return NULL;
	}
	if ((p = pdfread_parse(file.data, file.len, path)) == NULL)
		buf_free(&file);
	else
		p->file = file;
	return p;
}

void
pdfread_free(struct pdfread *p)
{
	size_t i;

	if (p == NULL)
		return;
	if (p->d != NULL) {
		q.qpdf_oh_release_all(p->d);
		q.qpdf_cleanup(&p->d);
	}
	for (i = 0; i < p->n; i++)
		free(p->v[i].name);
	free(p->v);
	free(p->by_name);
	free(p->id);
	buf_free(&p->file);
	free(p);
}

const char *
pdfread_bytes(const struct pdfread *p, size_t *len)
{
	*len = p->len;
	return p->data;
}

const unsigned char *
pdfread_id(const struct pdfread *p, size_t *len)
{
	*len = p->id_len;
	return p->id;
}

size_t
pdfread_count(const struct pdfread *p)
{
	return p->n;
}

const char *
pdfread_name(const struct pdfread *p, size_t i)
{
	return p->v[i].name;
}

/* Is the stream compressed with /FlateDecode alone (true), or not at all
 * (*plain)?  Anything else briefgen never writes. */
static bool
flate(struct pdfread *p, qpdf_oh stream, bool *plain)
{
	qpdf_oh dict = q.qpdf_oh_get_dict(p->d, stream);
	qpdf_oh f = q.qpdf_oh_get_key(p->d, dict, "/Filter");
	qpdf_oh parms = q.qpdf_oh_get_key(p->d, dict, "/DecodeParms");

	*plain = q.qpdf_oh_is_null(p->d, f);
	if (q.qpdf_oh_is_array(p->d, f) &&
	    q.qpdf_oh_get_array_n_items(p->d, f) == 1)
		f = q.qpdf_oh_get_array_item(p->d, f, 0);
	return q.qpdf_oh_is_null(p->d, parms) &&
	       (*plain || (q.qpdf_oh_is_name(p->d, f) &&
			   strcmp(q.qpdf_oh_get_name(p->d, f),
				  "/FlateDecode") == 0));
}

int
pdfread_file(struct pdfread *p, const char *name, struct buf *out)
{
	struct loc loc = {p->name, 0, 0};
	uint64_t cap = infile_limit(INFILE_ATTACHMENT);
	uint64_t left = infile_limit(INFILE_SOURCES);
	const struct carried *c = find(p, name);
	unsigned char *raw = NULL;
	size_t len = 0, start = out->len;
	QPDF_BOOL filtered = QPDF_FALSE;
	bool plain;
	int rc;

	if (c == NULL)
		return 0;
	if (!flate(p, c->stream, &plain)) {
		msg_error(&loc, "the file \"%s\" it carries is compressed "
				"otherwise than with /FlateDecode alone",
			  name);
		return -1;
	}
	left = p->decoded < left ? left - p->decoded : 0;
	if (left < cap)
		cap = left;
	/* QPDF_WARNINGS alone is a file qpdf repaired (a cross-reference
	 * table a few bytes off): its streams read as well. */
	if (q.qpdf_oh_get_stream_data(p->d, c->stream, qpdf_dl_none,
				      &filtered, &raw, &len) & QPDF_ERRORS) {
		free(raw);
		msg_error(&loc, "the file \"%s\" it carries cannot be read",
			  name);
		return -1;
	}
	if (plain) {
		rc = len > cap ? -2 : 0;
		if (rc == 0)
			buf_add(out, raw, len);
	} else
		rc = pdf_inflate(raw, len, (size_t)cap, out);
	free(raw);
	p->decoded += out->len - start;
	if (rc == -1)
		msg_error(&loc, "the file \"%s\" it carries cannot be "
				"decompressed",
			  name);
	else if (rc == -2) {
		char *what = xasprintf("%s: %s", p->name, name);

		infile_too_big(what,
			       cap == infile_limit(INFILE_ATTACHMENT) &&
					       left > cap
				       ? INFILE_ATTACHMENT
				       : INFILE_SOURCES);
		free(what);
	}
	return rc == 0 ? 1 : -1;
}
