/*
 * Embedded files and the document's /ID.  libharu's HPDF_AttachFile reads
 * a file by path, stores that path as the file's name, compresses it
 * again for every document and writes its file specification without
 * /Type /Filespec.  Here each file is compressed once (pdf_deflate),
 * carries the relative name it is given, and every object is complete.
 */
#include <hpdf.h>
#include <hpdf_catalog.h>
#include <hpdf_doc.h>
#include <hpdf_namedict.h>
#include <hpdf_objects.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"
#include "msg.h"
#include "pdf.h"
#include "pdf_int.h"
#include "xalloc.h"

void
pdf_deflate(const void *data, size_t len, struct buf *out)
{
	uLongf zlen = compressBound((uLong)len);
	char *p = buf_space(out, zlen);

	if (compress2((Bytef *)p, &zlen, data, (uLong)len,
		      Z_DEFAULT_COMPRESSION) != Z_OK)
		msg_fatal("out of memory");
	out->len += zlen;
	out->data[out->len] = '\0';
}

int
pdf_inflate(const void *z, size_t len, size_t cap, struct buf *out)
{
	enum { CHUNK = 1 << 16 };
	size_t start = out->len;
	z_stream zs = {0};
	int rc;

	if (len > UINT_MAX || inflateInit(&zs) != Z_OK)
		return -1;
	zs.next_in = (Bytef *)z;
	zs.avail_in = (uInt)len;
	do {
		zs.next_out = (Bytef *)buf_space(out, CHUNK);
		zs.avail_out = CHUNK;
		rc = inflate(&zs, Z_NO_FLUSH);
		out->len += CHUNK - zs.avail_out;
		out->data[out->len] = '\0';
		if (out->len - start > cap) {
			out->len = start + cap;
			out->data[out->len] = '\0';
			inflateEnd(&zs);
			return -2;
		}
	} while (rc == Z_OK);
	inflateEnd(&zs);
	return rc == Z_STREAM_END ? 0 : -1;
}

struct pdf_deflater {
	z_stream zs;
};

struct pdf_deflater *
pdf_deflater_new(void)
{
	struct pdf_deflater *d = xcalloc(1, sizeof *d);

	if (deflateInit(&d->zs, Z_DEFAULT_COMPRESSION) != Z_OK)
		msg_fatal("out of memory");
	return d;
}

void
pdf_deflater_run(struct pdf_deflater *d, const void *data, size_t len,
		 struct buf *out)
{
	uLong bound = deflateBound(&d->zs, (uLong)len);
	char *p = buf_space(out, bound);

	d->zs.next_in = (Bytef *)data;
	d->zs.avail_in = (uInt)len;
	d->zs.next_out = (Bytef *)p;
	d->zs.avail_out = (uInt)bound;
	if (deflate(&d->zs, Z_FINISH) != Z_STREAM_END)
		msg_fatal("cannot compress");
	out->len += bound - d->zs.avail_out;
	out->data[out->len] = '\0';
	deflateReset(&d->zs);
}

void
pdf_deflater_free(struct pdf_deflater *d)
{
	if (d == NULL)
		return;
	deflateEnd(&d->zs);
	free(d);
}

const char *
pdf_versions(void)
{
	static char v[64];

	if (v[0] == '\0')
		snprintf(v, sizeof v, "libharu %s zlib %s", HPDF_GetVersion(),
			 zlibVersion());
	return v;
}

/*
 * A stream whose data is compressed already: libharu must copy it as it
 * is (no filter of its own) while the dictionary still says how to read
 * it, so this writes the /Filter entry itself.
 */
HPDF_STATUS
pdf_flate_filter(HPDF_Dict d, HPDF_Stream s)
{
	(void)d;
	/* As libharu writes the filters it applies itself. */
	return HPDF_Stream_WriteStr(s, "/Filter [ /FlateDecode ]\012");
}

/* The embedded file stream: /Type /EmbeddedFile with its media type and
 * size. */
static HPDF_Dict
file_stream(struct writer *w, const struct pdf_file *f)
{
	HPDF_MMgr mm = w->doc->mmgr;
	HPDF_Dict s = HPDF_DictStream_New(mm, w->doc->xref);
	HPDF_Dict params;

	if (s == NULL || (params = HPDF_Dict_New(mm)) == NULL)
		return NULL;
	HPDF_Dict_AddName(s, "Type", "EmbeddedFile");
	HPDF_Dict_AddName(s, "Subtype", f->mime);
	HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)f->size);
	HPDF_Dict_Add(s, "Params", params);
	s->filter = HPDF_STREAM_FILTER_NONE;
	s->write_fn = pdf_flate_filter;
	HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)f->z,
			  (HPDF_UINT)f->zlen);
	return s;
}

/* The file specification: /Type /Filespec, the name as a byte string
 * (/F) and as text (/UF), and the stream (/EF). */
static HPDF_Dict
file_spec(struct writer *w, const struct pdf_file *f)
{
	HPDF_MMgr mm = w->doc->mmgr;
	HPDF_Dict spec = HPDF_Dict_New(mm), ef = HPDF_Dict_New(mm);
	HPDF_Dict stream = file_stream(w, f);

	if (spec == NULL || ef == NULL || stream == NULL ||
	    HPDF_Xref_Add(w->doc->xref, spec) != HPDF_OK)
		return NULL;
	HPDF_Dict_AddName(spec, "Type", "Filespec");
	HPDF_Dict_Add(spec, "F", HPDF_String_New(mm, f->name, NULL));
	HPDF_Dict_Add(spec, "UF", pdf_text_string(w, f->name));
	HPDF_Dict_Add(ef, "F", stream);
	HPDF_Dict_Add(spec, "EF", ef);
	return spec;
}

static int
by_name(const void *a, const void *b)
{
	const struct pdf_file *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* The catalog's /Names /EmbeddedFiles tree: one array of names and file
 * specifications, in the byte order of the names as PDF requires. */
static void
attach_files(struct writer *w, const struct pdf_meta *m)
{
	HPDF_MMgr mm = w->doc->mmgr;
	const struct pdf_file **v = xreallocarray(NULL, m->nfiles, sizeof *v);
	HPDF_NameDict names = HPDF_NameDict_New(mm, w->doc->xref);
	HPDF_NameTree tree = HPDF_NameTree_New(mm, w->doc->xref);
	HPDF_Array items;
	size_t i;

	memcpy(v, m->files, m->nfiles * sizeof *v);
	qsort(v, m->nfiles, sizeof *v, by_name);
	if (names != NULL && tree != NULL &&
	    (items = HPDF_Dict_GetItem(tree, "Names", HPDF_OCLASS_ARRAY))) {
		HPDF_NameDict_SetNameTree(names, HPDF_NAME_EMBEDDED_FILES,
					  tree);
		HPDF_Catalog_SetNames(w->doc->catalog, names);
		/* Appended in order: HPDF_NameTree_Add of libharu 2.3.0
		 * misplaces what it inserts. */
		for (i = 0; i < m->nfiles; i++) {
			HPDF_Dict spec = file_spec(w, v[i]);

			if (spec == NULL)
				break;
			HPDF_Array_Add(items,
				       HPDF_String_New(mm, v[i]->name, NULL));
			HPDF_Array_Add(items, spec);
		}
	}
	free(v);
}

void
pdf_attach(struct writer *w, const struct pdf_meta *m)
{
	HPDF_MMgr mm = w->doc->mmgr;

	if (m->nfiles > 0)
		attach_files(w, m);
	if (m->id != NULL) {
		HPDF_Array id = HPDF_Array_New(mm);

		HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)m->id,
						   PDF_ID_LEN));
		HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)m->id,
						   PDF_ID_LEN));
		HPDF_Dict_Add(w->doc->trailer, "ID", id);
	}
}
