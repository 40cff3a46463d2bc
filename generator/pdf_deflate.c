/*
 * Compression of everything a PDF holds compressed (content streams, the
 * font program, embedded files) with libdeflate at level 6: the same or
 * smaller output than zlib's level 6, two to three times as fast.  One
 * compressor serves a thread for all its streams, so its memory (some
 * 300 KB, costly to touch fresh on these machines) is touched once.
 */
#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "msg.h"
#include "pdf.h"
#include "xalloc.h"

#define LEVEL 6

int
pdf_inflate(const void *z, size_t len, size_t cap, struct buf *out)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	/* libdeflate wants room for the whole output: a guess, doubled
	 * until the stream fits or the room passes the cap. */
	size_t room = len < cap / 8 ? 8 * len + 4096 : cap + 1, got = 0;
	enum libdeflate_result r = LIBDEFLATE_BAD_DATA;
	int rc = -1;

	if (d == NULL)
		msg_fatal("out of memory");
	for (;;) {
		r = libdeflate_zlib_decompress(d, z, len, buf_space(out, room),
					       room, &got);
		if (r != LIBDEFLATE_INSUFFICIENT_SPACE || room > cap)
			break;
		room = room > cap / 2 ? cap + 1 : 2 * room;
	}
	if (r == LIBDEFLATE_INSUFFICIENT_SPACE || (r == LIBDEFLATE_SUCCESS &&
						   got > cap))
		rc = -2;
	else if (r == LIBDEFLATE_SUCCESS) {
		out->len += got;
		rc = 0;
	}
	out->data[out->len] = '\0';
	libdeflate_free_decompressor(d);
	return rc;
}

struct pdf_deflater {
	struct libdeflate_compressor *c;
};

struct pdf_deflater *
pdf_deflater_new(void)
{
	struct pdf_deflater *d = xcalloc(1, sizeof *d);

	if ((d->c = libdeflate_alloc_compressor(LEVEL)) == NULL)
		msg_fatal("out of memory");
	return d;
}

void
pdf_deflater_run(struct pdf_deflater *d, const void *data, size_t len,
		 struct buf *out)
{
	size_t bound = libdeflate_zlib_compress_bound(d->c, len), n;
	char *p = buf_space(out, bound);

	n = libdeflate_zlib_compress(d->c, data, len, p, bound);
	if (n == 0)
		msg_fatal("cannot compress %zu bytes", len);
	out->len += n;
	out->data[out->len] = '\0';
}

void
pdf_deflater_free(struct pdf_deflater *d)
{
	if (d == NULL)
		return;
	libdeflate_free_compressor(d->c);
	free(d);
}

/* The compressor of pdf_deflate, made on first use and kept: any thread
 * may call it, one at a time. */
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
