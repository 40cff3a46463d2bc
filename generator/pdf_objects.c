/*
 * The objects of a PDF being made, on libharu's object model; see
 * pdf_objects.h for what this adds to hpdf.h and why.  The private
 * headers and structures of libharu are used here and nowhere else.
 */
/* The private structures, which the rest of the program sees as opaque
 * handles (the Makefile defines HPDF_SHARED). */
#undef HPDF_SHARED
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_error.h>
#include <hpdf_mmgr.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "pdf_objects.h"
#include "utf8.h"
#include "xalloc.h"

/*
 * The structures used below (HPDF_Doc_Rec, HPDF_Dict_Rec, HPDF_Stream_Rec,
 * HPDF_PageAttr_Rec) and the functions declared outside hpdf.h are those
 * of libharu 2.3.0; another version may lay them out otherwise.
 */
#if HPDF_VERSION_ID != 20300
#error "generator/pdf_objects.c uses the private structures of libharu 2.3.0 (HPDF_VERSION_ID 20300); check it against this libharu's hpdf_objects.h, hpdf_doc.h, hpdf_pages.h and hpdf_streams.h, then change the version it expects"
#endif

struct pdfdoc {
	HPDF_Doc doc;
	HPDF_STATUS error;  /* libharu's first error, 0 if none */
	HPDF_STATUS detail;
};

static void
on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct pdfdoc *d = data;

	if (d->error == 0) {
		d->error = error;
		d->detail = detail;
	}
}

struct pdfdoc *
pdfdoc_new(void)
{
	struct pdfdoc *d;

	/* The shared library is named after its version, but say so
	 * rather than write a broken file if that ever changes. */
	if (strcmp(HPDF_GetVersion(), HPDF_VERSION_TEXT) != 0) {
		msg_error(NULL, "libharu %s is loaded; briefgen was built "
				"for %s",
			  HPDF_GetVersion(), HPDF_VERSION_TEXT);
		return NULL;
	}
	d = xcalloc(1, sizeof *d);
	d->doc = HPDF_New(on_error, d);
	if (d->doc == NULL)
		msg_fatal("out of memory");
	return d;
}

void
pdfdoc_free(struct pdfdoc *d)
{
	if (d == NULL)
		return;
	HPDF_Free(d->doc);
	free(d);
}

HPDF_Doc
pdfdoc_hpdf(const struct pdfdoc *d)
{
	return d->doc;
}

static HPDF_MMgr
mmgr(const struct pdfdoc *d)
{
	return d->doc->mmgr;
}

struct pdfobj *
pdfobj_dict(struct pdfdoc *d, bool indirect)
{
	HPDF_Dict o = HPDF_Dict_New(mmgr(d));

	if (o != NULL && indirect && HPDF_Xref_Add(d->doc->xref, o) != HPDF_OK)
		return NULL;
	return (struct pdfobj *)(void *)o;
}

struct pdfobj *
pdfobj_array(struct pdfdoc *d)
{
	return (struct pdfobj *)(void *)HPDF_Array_New(mmgr(d));
}

struct pdfobj *
pdfobj_name(struct pdfdoc *d, const char *name)
{
	return (struct pdfobj *)(void *)HPDF_Name_New(mmgr(d), name);
}

struct pdfobj *
pdfobj_int(struct pdfdoc *d, long v)
{
	if (v < -2147483647L || v > 2147483647L) {
		HPDF_RaiseError(&d->doc->error, HPDF_INVALID_PARAMETER, 0);
		return NULL;
	}
	return (struct pdfobj *)(void *)HPDF_Number_New(mmgr(d),
							(HPDF_INT32)v);
}

struct pdfobj *
pdfobj_real(struct pdfdoc *d, double v)
{
	return (struct pdfobj *)(void *)HPDF_Real_New(mmgr(d), (HPDF_REAL)v);
}

struct pdfobj *
pdfobj_string(struct pdfdoc *d, const char *s)
{
	return (struct pdfobj *)(void *)HPDF_String_New(mmgr(d), s, NULL);
}

struct pdfobj *
pdfobj_binary(struct pdfdoc *d, const void *p, size_t n)
{
	return (struct pdfobj *)(void *)HPDF_Binary_New(
		mmgr(d), (HPDF_BYTE *)(uintptr_t)p, (HPDF_UINT)n);
}

/* Appends utf8 to b as UTF-16BE with a byte order mark. */
static void
utf16be(struct buf *b, const char *utf8)
{
	const char *p = utf8, *end = utf8 + strlen(utf8);

	buf_add(b, "\xfe\xff", 2);
	while (p < end) {
		int32_t cp = utf8_next(&p, end);
		uint32_t u = cp < 0 ? 0xfffd : (uint32_t)cp;
		unsigned char unit[4];
		size_t n = 2;

		if (u > 0xffff) {
			uint32_t v = u - 0x10000, hi = 0xd800 | v >> 10,
				 lo = 0xdc00 | (v & 0x3ff);

			unit[0] = (unsigned char)(hi >> 8);
			unit[1] = (unsigned char)hi;
			unit[2] = (unsigned char)(lo >> 8);
			unit[3] = (unsigned char)lo;
			n = 4;
		} else {
			unit[0] = (unsigned char)(u >> 8);
			unit[1] = (unsigned char)u;
		}
		buf_add(b, unit, n);
	}
}

/* Is utf8 printable ASCII alone? */
static bool
printable(const char *utf8)
{
	const unsigned char *p;

	for (p = (const unsigned char *)utf8; *p >= 0x20 && *p < 0x7f; p++)
		continue;
	return *p == '\0';
}

void
pdfobj_text_bytes(struct buf *b, const char *utf8)
{
	if (printable(utf8))
		buf_adds(b, utf8);
	else
		utf16be(b, utf8);
}

struct pdfobj *
pdfobj_text(struct pdfdoc *d, const char *utf8)
{
	struct pdfobj *o;
	struct buf b = {0};

	if (printable(utf8))
		return pdfobj_string(d, utf8);
	utf16be(&b, utf8);
	o = pdfobj_binary(d, b.data, b.len);
	buf_free(&b);
	return o;
}

/* --- streams of borrowed bytes ----------------------------------------- */

/* The bytes a stream reads, with libharu's callback reader. */
struct borrowed {
	const HPDF_BYTE *p;
	HPDF_UINT n, pos;
};

static HPDF_STATUS
borrowed_read(HPDF_Stream s, HPDF_BYTE *out, HPDF_UINT *size)
{
	struct borrowed *b = s->attr;
	HPDF_UINT left = b->n - b->pos, k = *size < left ? *size : left;

	if (k > 0)
		memcpy(out, b->p + b->pos, k);
	b->pos += k;
	*size = k;
	return b->pos == b->n ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS
borrowed_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct borrowed *b = s->attr;
	long at = pos;

	if (mode == HPDF_SEEK_CUR)
		at += b->pos;
	else if (mode == HPDF_SEEK_END)
		at = (long)b->n - pos;
	if (at < 0 || at > (long)b->n)
		return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
	b->pos = (HPDF_UINT)at;
	return HPDF_OK;
}

static HPDF_INT32
borrowed_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct borrowed *)s->attr)->pos;
}

static HPDF_UINT32
borrowed_size(HPDF_Stream s)
{
	return ((struct borrowed *)s->attr)->n;
}

static void
borrowed_free(HPDF_Stream s)
{
	HPDF_FreeMem(s->mmgr, s->attr);
	s->attr = NULL;
}

/* A libharu stream that reads the n bytes at p, or NULL. */
static HPDF_Stream
borrow(struct pdfdoc *d, const void *p, size_t n)
{
	struct borrowed *b;
	HPDF_Stream s;

	if (n > INT32_MAX) {
		HPDF_RaiseError(&d->doc->error, HPDF_INVALID_PARAMETER, 0);
		return NULL;
	}
	if ((b = HPDF_GetMem(mmgr(d), sizeof *b)) == NULL)
		return NULL;
	b->p = p;
	b->n = (HPDF_UINT)n;
	b->pos = 0;
	s = HPDF_CallbackReader_New(mmgr(d), borrowed_read, borrowed_seek,
				    borrowed_tell, borrowed_size, b);
	if (s == NULL) {
		HPDF_FreeMem(mmgr(d), b);
		return NULL;
	}
	s->free_fn = borrowed_free;
	return s;
}

/* The write_fn of a stream whose bytes are a zlib stream already: libharu
 * applies no filter of its own, so the dictionary names it here. */
static HPDF_STATUS
flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Makes the stream dictionary s read its bytes from p. */
static void
set_data(struct pdfdoc *d, HPDF_Dict s, const void *p, size_t n,
	 bool deflated)
{
	HPDF_Stream data = borrow(d, p, n);

	if (data == NULL)
		return;
	HPDF_Stream_Free(s->stream);
	s->stream = data;
	s->filter = HPDF_STREAM_FILTER_NONE;
	s->write_fn = deflated ? flate_filter : NULL;
}

struct pdfobj *
pdfobj_stream(struct pdfdoc *d, const void *data, size_t n, bool deflated)
{
	HPDF_Dict s = HPDF_DictStream_New(mmgr(d), d->doc->xref);

	if (s == NULL)
		return NULL;
	set_data(d, s, data, n, deflated);
	return (struct pdfobj *)(void *)s;
}

void
pdfdoc_page_contents(struct pdfdoc *d, HPDF_Page page, const void *data,
		     size_t n, bool deflated)
{
	HPDF_PageAttr attr = ((HPDF_Dict)page)->attr;

	set_data(d, attr->contents, data, n, deflated);
	/* What hpdf.h would draw on the page now fails, not vanishes. */
	attr->stream = attr->contents->stream;
}

/* --- putting objects together ------------------------------------------ */

/* A NULL container or value is an object libharu failed to make, which
 * it has recorded as the document's error already. */
void
pdfobj_put(struct pdfobj *dict, const char *key, struct pdfobj *value)
{
	if (dict != NULL)
		HPDF_Dict_Add((HPDF_Dict)(void *)dict, key, value);
}

void
pdfobj_push(struct pdfobj *array, struct pdfobj *value)
{
	HPDF_Array a = (HPDF_Array)(void *)array;

	if (a == NULL)
		return;
	if (value == NULL)
		HPDF_SetError(a->error, HPDF_INVALID_OBJECT, 0);
	else
		HPDF_Array_Add(a, value);
}

struct pdfobj *
pdfdoc_catalog(struct pdfdoc *d)
{
	return (struct pdfobj *)(void *)d->doc->catalog;
}

struct pdfobj *
pdfdoc_info(struct pdfdoc *d)
{
	/* The public setter makes the dictionary on first use. */
	if (d->doc->info == NULL)
		HPDF_SetInfoAttr(d->doc, HPDF_INFO_PRODUCER, "");
	return (struct pdfobj *)(void *)d->doc->info;
}

struct pdfobj *
pdfdoc_trailer(struct pdfdoc *d)
{
	return (struct pdfobj *)(void *)d->doc->trailer;
}

struct pdfobj *
pdfobj_of(void *h)
{
	return h;
}

/* --- saving ------------------------------------------------------------ */

static HPDF_STATUS
append(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
	buf_add(s->attr, p, n);
	return HPDF_OK;
}

bool
pdfdoc_save(struct pdfdoc *d, struct buf *out, unsigned *error,
	    unsigned *detail)
{
	HPDF_Doc doc = d->doc;
	HPDF_Stream s;
	size_t start = out->len;

	if (d->error == 0 &&
	    (s = HPDF_CallbackWriter_New(doc->mmgr, append, out)) != NULL) {
		/* What HPDF_SaveToStream does, written to out directly. */
		HPDF_Stream_WriteStr(s, "%PDF-1.7\012%\267\276\255\252\012");
		HPDF_Dict_Add(doc->trailer, "Root", doc->catalog);
		if (doc->info != NULL)
			HPDF_Dict_Add(doc->trailer, "Info", doc->info);
		HPDF_Xref_WriteToStream(doc->xref, s, NULL);
		HPDF_Stream_Free(s);
	}
	*error = d->error;
	*detail = d->detail;
	if (d->error != 0) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		return false;
	}
	return true;
}
