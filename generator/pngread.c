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
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "xalloc.h"

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
	static const unsigned char magic[8] = {0x89, 'P', 'N', 'G',
					       '\r', '\n', 0x1a, '\n'};
	struct loc at = {.file = path};
	size_t pos = sizeof magic;
	uint32_t n;

	if (len < sizeof magic || memcmp(data, magic, sizeof magic) != 0)
		return true;
	for (; len - pos >= 8; pos += 12 + (size_t)n) {
		n = (uint32_t)data[pos] << 24 | (uint32_t)data[pos + 1] << 16 |
		    (uint32_t)data[pos + 2] << 8 | data[pos + 3];
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
	size_t n, i;
	int c;
	bool has_alpha, opaque = true;

	memset(img, 0, sizeof *img);
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (!chunks_inside(path, data, len))
		return false;
	if (!png_image_begin_read_from_memory(&im, data, len)) {
		report(path, "not a PNG image that can be read", &im);
		png_image_free(&im);
		return false;
	}
	if ((uint64_t)im.width * im.height > PNGREAD_MAX_PIXELS) {
		msg_error(&at, PNGREAD_TOO_MANY_PIXELS, im.width, im.height,
			  PNGREAD_MAX_PIXELS);
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
