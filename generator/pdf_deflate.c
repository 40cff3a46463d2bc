/*
 * Compression of everything a PDF holds compressed (content streams, the
 * font program, embedded files) with zlib at level 6.  One deflate stream
 * serves a thread for all its streams, so its 256 KB state (costly to
 * touch fresh on these machines) is touched once.
 */
#include <hpdf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "buf.h"
#include "msg.h"
#include "pdf.h"
#include "xalloc.h"

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
		msg_fatal("cannot compress %zu bytes", len);
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

/* The deflate stream of pdf_deflate, made on first use and kept: any
 * thread may call it, one at a time. */
static struct pdf_deflater *shared;
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

void
pdf_deflate(const void *data, size_t len, struct buf *out)
{
	pthread_mutex_lock(&shared_lock);
	if (shared == NULL)
		shared = pdf_deflater_new();
	pdf_deflater_run(shared, data, len, out);
	pthread_mutex_unlock(&shared_lock);
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
