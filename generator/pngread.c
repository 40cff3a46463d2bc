/*
 * PNG images through libpng's simplified API (png_image_*), which
 * handles every colour type, bit depth and interlacing, and reports a
 * damaged file by returning 0 with a message: libharu's own PNG loader
 * neither expands 16-bit samples, nor reads interlaced files, nor
 * survives a truncated one.
 */
#include "pngread.h"

#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "xalloc.h"

/* A PNG's first 8 bytes (ISO/IEC 15948, 5.2). */
static const unsigned char magic[8] = {0x89, 'P', 'N', 'G',
				       '\r', '\n', 0x1a, '\n'};

/* The 4-byte big-endian number at p. */
static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

bool
pngread_size(const void *head, size_t len, unsigned *w, unsigned *h)
{
	const unsigned char *p = head;

	if (len < PNGREAD_HEAD_BYTES || memcmp(p, magic, sizeof magic) != 0 ||
	    memcmp(p + 12, "IHDR", 4) != 0)
		return false;
	*w = be32(p + 16);
	*h = be32(p + 20);
	return true;
}

bool
pngread_size_ok(unsigned w, unsigned h, char *why, size_t n)
{
	if (w == 0 || h == 0)
		snprintf(why, n, "the image is %u x %u pixels: a PNG's width "
				 "and height are at least 1", w, h);
	else if ((uint64_t)w * h > PNGREAD_MAX_PIXELS)
		snprintf(why, n, "the image is %u x %u pixels: briefgen reads "
				 "at most %lu pixels (4096 x 4096) of a PNG",
			 w, h, PNGREAD_MAX_PIXELS);
	else if (w > PNGREAD_MAX_SIDE || h > PNGREAD_MAX_SIDE)
		snprintf(why, n, "the image is %u x %u pixels: briefgen reads "
				 "a PNG of at most %lu pixels a side (libpng's "
				 "limit)", w, h, PNGREAD_MAX_SIDE);
	else
		return true;
	return false;
}

/* libpng's message, cut at its end: png_image's message array is
 * NUL-terminated by libpng, but no longer than it. */
static void
report(const char *path, const char *what, const png_image *im)
{
	struct loc at = {.file = path};

	msg_error(&at, "%s (libpng: %.*s)", what, (int)sizeof im->message,
		  im->message[0] != '\0' ? im->message : "no detail");
}

/*
 * Is every chunk of the PNG's len bytes at data, up to IEND, inside
 * them?  libpng 1.6.39 allocates and zeroes a chunk's declared length
 * before reading it, whatever its 8 MB cap on chunks says (an sPLT
 * chunk escapes it): a 100-byte file that declares a chunk of 1.9 GB
 * took 1.9 GB and 5 s.  Chunks held to the file's bytes cost no more
 * than the file.  Reports the first that is not (ISO/IEC 15948, 5.3: a
 * chunk is its length, type, data and CRC) and returns false; a file
 * that is not a PNG is left to libpng to report.
 */
static bool
chunks_inside(const char *path, const unsigned char *data, size_t len)
{
	struct loc at = {.file = path};
	size_t pos = sizeof magic;
	uint32_t n;

	if (len < sizeof magic || memcmp(data, magic, sizeof magic) != 0)
		return true;
	for (; len - pos >= 8; pos += 12 + (size_t)n) {
		n = be32(data + pos);
		if (n > len - pos - 8 || len - pos - 8 - n < 4) {
			msg_error(&at, "a damaged or incomplete PNG image "
				       "(the chunk at byte %zu declares %lu "
				       "bytes, which run past the file's end "
				       "at byte %zu)",
				  pos, (unsigned long)n, len);
			return false;
		}
		if (memcmp(data + pos + 4, "IEND", 4) == 0)
			break;
	}
	return true;
}

bool
pngread_decode(const char *path, const void *data, size_t len,
	       struct pngread_image *img)
{
	png_image im;
	struct loc at = {.file = path};
	unsigned char *px;
	unsigned w, h;
	char why[160];
	size_t n, i;
	int c;
	bool has_alpha, opaque = true;

	memset(img, 0, sizeof *img);
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (!chunks_inside(path, data, len))
		return false;
	/* Judged before libpng, which would say no more of a side beyond
	 * its limit than that the IHDR is bad; libpng reads the same IHDR,
	 * so what it decodes is within the cap. */
	if (pngread_size(data, len, &w, &h) &&
	    !pngread_size_ok(w, h, why, sizeof why)) {
		msg_error(&at, "%s", why);
		return false;
	}
	if (!png_image_begin_read_from_memory(&im, data, len)) {
		report(path, "not a PNG image that can be read", &im);
		png_image_free(&im);
		return false;
	}
	/* A 16-bit file that names no gamma is sRGB, as an 8-bit one is,
	 * not linear light as libpng would otherwise take it. */
	im.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
	c = im.format & PNG_FORMAT_FLAG_COLOR ? 3 : 1;
	has_alpha = (im.format & PNG_FORMAT_FLAG_ALPHA) != 0;
	im.format = (c == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY) |
		    (has_alpha ? PNG_FORMAT_FLAG_ALPHA : 0);
	n = (size_t)im.width * im.height;
	px = xmalloc(PNG_IMAGE_SIZE(im));
	if (!png_image_finish_read(&im, NULL, px, 0, NULL)) {
		report(path, "a damaged or incomplete PNG image", &im);
		png_image_free(&im);
		free(px);
		return false;
	}
	img->width = im.width;
	img->height = im.height;
	img->channels = c;
	if (has_alpha) {
		/* Each pixel's colour moves down over the alpha before it:
		 * the write never overtakes the read. */
		img->alpha = xmalloc(n);
		for (i = 0; i < n; i++) {
			memmove(px + i * c, px + i * (c + 1), (size_t)c);
			img->alpha[i] = px[i * (c + 1) + c];
			opaque &= img->alpha[i] == 255;
		}
		px = xreallocarray(px, n, (size_t)c);
		if (opaque) {
			free(img->alpha);
			img->alpha = NULL;
		}
	}
	img->color = px;
	return true;
}

void
pngread_free(struct pngread_image *img)
{
	free(img->color);
	free(img->alpha);
	memset(img, 0, sizeof *img);
}
