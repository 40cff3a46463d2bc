/*
 * The files a document carries, as associated files (ISO 19005-3, 6.8;
 * ISO 32000-2, 14.13): each an embedded file stream with its media type,
 * size and date, in a file specification that says what it is to the
 * document, listed in the catalog's /AF and in its /EmbeddedFiles name
 * tree; and the trailer's /ID.  Each file comes compressed already
 * (pdf_deflate), so that many documents embed it without compressing it
 * again, and carries the relative name it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "pdf.h"
#include "pdf_int.h"
#include "pdf_objects.h"
#include "xalloc.h"

/* The embedded file stream: /Type /EmbeddedFile, its media type, and its
 * size and modification date in /Params. */
static struct pdfobj *
file_stream(struct pdfdoc *d, const struct pdf_file *f, const char *date)
{
	struct pdfobj *s = pdfobj_stream(d, f->z, f->zlen, true);
	struct pdfobj *params = pdfobj_dict(d, false);

	pdfobj_put(s, "Type", pdfobj_name(d, "EmbeddedFile"));
	pdfobj_put(s, "Subtype", pdfobj_name(d, f->mime));
	pdfobj_put(params, "Size", pdfobj_int(d, (long)f->size));
	if (date != NULL)
		pdfobj_put(params, "ModDate", pdfobj_string(d, date));
	pdfobj_put(s, "Params", params);
	return s;
}

/* The file specification: /Type /Filespec, the name as a byte string
 * (/F) and as text (/UF), the stream (/EF) and /AFRelationship. */
static struct pdfobj *
file_spec(struct pdfdoc *d, const struct pdf_file *f, const char *date)
{
	struct pdfobj *spec = pdfobj_dict(d, true), *ef = pdfobj_dict(d, false);

	pdfobj_put(spec, "Type", pdfobj_name(d, "Filespec"));
	pdfobj_put(spec, "F", pdfobj_string(d, f->name));
	pdfobj_put(spec, "UF", pdfobj_text(d, f->name));
	pdfobj_put(ef, "F", file_stream(d, f, date));
	pdfobj_put(spec, "EF", ef);
	pdfobj_put(spec, "AFRelationship", pdfobj_name(d, f->relationship));
	return spec;
}

/* A file and its name as the name tree keys it. */
struct keyed {
	const struct pdf_file *f;
	struct buf key; /* the text string's bytes (pdfobj_text_bytes) */
};

static int
by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	size_t n = x->key.len < y->key.len ? x->key.len : y->key.len;
	int c = n > 0 ? memcmp(x->key.data, y->key.data, n) : 0;

	return c != 0 ? c : (x->key.len > y->key.len) - (x->key.len < y->key.len);
}

/* The catalog's /AF array and /Names /EmbeddedFiles tree: one node of
 * names and file specifications.  A name is a text string, so that a
 * reader reads 調査票.xlsx as it is (a byte string reads as
 * PDFDocEncoding), and the keys go in their byte order, as PDF requires
 * (ISO 32000-1, 7.9.6): a name in UTF-16BE after all ASCII ones. */
static void
attach_files(struct writer *w, const struct pdf_meta *m)
{
	struct pdfdoc *d = w->doc;
	struct keyed *v = xcalloc(m->nfiles, sizeof *v);
	struct pdfobj *af = pdfobj_array(d), *names = pdfobj_array(d);
	struct pdfobj *tree = pdfobj_dict(d, true), *nd = pdfobj_dict(d, false);
	char date[24];
	size_t i;

	if (m->created >= 0)
		pdf_date(m->created, date);
	for (i = 0; i < m->nfiles; i++) {
		v[i].f = m->files[i];
		pdfobj_text_bytes(&v[i].key, m->files[i]->name);
	}
	qsort(v, m->nfiles, sizeof *v, by_key);
	for (i = 0; i < m->nfiles; i++) {
		struct pdfobj *spec =
			file_spec(d, v[i].f, m->created >= 0 ? date : NULL);

		pdfobj_push(names, pdfobj_text(d, v[i].f->name));
		pdfobj_push(names, spec);
		pdfobj_push(af, spec);
		buf_free(&v[i].key);
	}
	pdfobj_put(tree, "Names", names);
	pdfobj_put(nd, "EmbeddedFiles", tree);
	pdfobj_put(pdfdoc_catalog(d), "Names", nd);
	pdfobj_put(pdfdoc_catalog(d), "AF", af);
	free(v);
}

void
pdf_attach(struct writer *w, const struct pdf_meta *m)
{
	struct pdfdoc *d = w->doc;

	if (m->nfiles > 0)
		attach_files(w, m);
	if (m->id != NULL) {
		struct pdfobj *id = pdfobj_array(d);

		pdfobj_push(id, pdfobj_binary(d, m->id, PDF_ID_LEN));
		pdfobj_push(id, pdfobj_binary(d, m->id, PDF_ID_LEN));
		pdfobj_put(pdfdoc_trailer(d), "ID", id);
	}
}
