#include "pdfread.h"

#include <dlfcn.h>
#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "infile.h"
#include "msg.h"
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
	X(qpdf_oh_get_array_n_items)                                          \
	X(qpdf_oh_get_array_item)                                             \
	X(qpdf_oh_get_binary_string_value)                                    \
	X(qpdf_oh_get_utf8_value)                                             \
	X(qpdf_oh_get_stream_data)                                            \
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

struct walker {
	qpdf_data d;
	const char *path;
	struct pdfread *out;
	size_t nodes;
	bool ok;
};

static void
bad(struct walker *r, const char *what)
{
	struct loc loc = {r->path, 0, 0};

	if (r->ok)
		msg_error(&loc, "%s", what);
	r->ok = false;
}

/* The decoded bytes of the file specification fs, added under name. */
static void
add_file(struct walker *r, const char *name, qpdf_oh fs)
{
	qpdf_oh ef = q.qpdf_oh_get_key(r->d, fs, "/EF"), s;
	struct pdf_embedded *e;
	unsigned char *data = NULL;
	size_t len = 0;
	QPDF_BOOL filtered = QPDF_FALSE;

	s = q.qpdf_oh_get_key(r->d, ef, "/F");
	if (!q.qpdf_oh_is_dictionary(r->d, fs) ||
	    !q.qpdf_oh_is_stream(r->d, s)) {
		bad(r, "an embedded file has no stream");
		return;
	}
	if (q.qpdf_oh_get_stream_data(r->d, s, qpdf_dl_generalized, &filtered,
				      &data, &len) != QPDF_SUCCESS ||
	    !filtered) {
		free(data);
		bad(r, "an embedded file cannot be decoded");
		return;
	}
	r->out->v = xreallocarray(r->out->v, r->out->n + 1, sizeof *r->out->v);
	e = &r->out->v[r->out->n++];
	e->name = xstrdup(name);
	e->data = xmalloc(len + 1);
	memcpy(e->data, data, len);
	e->data[len] = '\0';
	e->len = len;
	free(data);
}

/* Walks a name tree node: its /Names pairs, then its /Kids. */
static void
walk(struct walker *r, qpdf_oh node, int depth)
{
	qpdf_oh names = q.qpdf_oh_get_key(r->d, node, "/Names");
	qpdf_oh kids = q.qpdf_oh_get_key(r->d, node, "/Kids");
	int i, n;

	if (depth > MAX_DEPTH || ++r->nodes > MAX_NODES) {
		bad(r, "the tree of embedded files is too deep");
		return;
	}
	if (q.qpdf_oh_is_array(r->d, names)) {
		n = q.qpdf_oh_get_array_n_items(r->d, names);
		for (i = 0; i + 1 < n && r->ok; i += 2) {
			qpdf_oh key = q.qpdf_oh_get_array_item(r->d, names, i);
			char *name;

			if (!q.qpdf_oh_is_string(r->d, key)) {
				bad(r, "an embedded file has no name");
				return;
			}
			name = xstrdup(q.qpdf_oh_get_utf8_value(r->d, key));
			add_file(r, name,
				 q.qpdf_oh_get_array_item(r->d, names, i + 1));
			free(name);
		}
	}
	if (q.qpdf_oh_is_array(r->d, kids)) {
		n = q.qpdf_oh_get_array_n_items(r->d, kids);
		for (i = 0; i < n && r->ok; i++)
			walk(r, q.qpdf_oh_get_array_item(r->d, kids, i),
			     depth + 1);
	}
}

static void
read_id(struct walker *r)
{
	qpdf_oh id = q.qpdf_oh_get_key(r->d, q.qpdf_get_trailer(r->d), "/ID");
	const char *v;
	size_t len = 0;

	if (!q.qpdf_oh_is_array(r->d, id) ||
	    !q.qpdf_oh_is_string(r->d, q.qpdf_oh_get_array_item(r->d, id, 0)))
		return;
	v = q.qpdf_oh_get_binary_string_value(
		r->d, q.qpdf_oh_get_array_item(r->d, id, 0), &len);
	r->out->id = xmalloc(len + 1);
	memcpy(r->out->id, v, len);
	r->out->id_len = len;
}

struct pdfread *
pdfread_read(const char *path)
{
	struct walker r = {NULL, path, NULL, 0, true};
	struct loc loc = {path, 0, 0};
	struct buf file = {0};
	qpdf_oh tree;

	/* Read here, as every input is, rather than by qpdf from the path:
	 * a FIFO or a device must not block it. */
	if (!infile_load(path, INFILE_PDF, &file) || !load_qpdf()) {
		buf_free(&file);
		return NULL;
	}
	r.d = q.qpdf_init();
	q.qpdf_silence_errors(r.d);
	q.qpdf_set_suppress_warnings(r.d, QPDF_TRUE);
	if (q.qpdf_read_memory(r.d, path, file.data, file.len, NULL) &
	    QPDF_ERRORS) {
		msg_error(&loc, "not a PDF that can be read: %s",
			  q.qpdf_get_error_message_detail(
				  r.d, q.qpdf_get_error(r.d)));
		q.qpdf_cleanup(&r.d);
		buf_free(&file);
		return NULL;
	}
	r.out = xcalloc(1, sizeof *r.out);
	read_id(&r);
	tree = q.qpdf_oh_get_key(
		r.d, q.qpdf_oh_get_key(r.d, q.qpdf_get_root(r.d), "/Names"),
		"/EmbeddedFiles");
	if (q.qpdf_oh_is_dictionary(r.d, tree))
		walk(&r, tree, 0);
	if (q.qpdf_has_error(r.d))
		bad(&r, "damaged PDF");
	q.qpdf_oh_release_all(r.d);
	q.qpdf_cleanup(&r.d);
	buf_free(&file);
	if (!r.ok) {
		pdfread_free(r.out);
		return NULL;
	}
	return r.out;
}

void
pdfread_free(struct pdfread *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].data);
	}
	free(p->v);
	free(p->id);
	free(p);
}
