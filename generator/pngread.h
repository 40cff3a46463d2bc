/*
 * Reading a PNG image (ISO/IEC 15948) for a PDF, through libpng's
 * simplified API: whatever the file's colour type, bit depth and
 * interlacing, 8-bit samples of grey or RGB, with their alpha apart, as
 * a PDF image and its soft mask take them.  Every PNG is untrusted: its
 * size in pixels is checked against a cap before anything is decoded,
 * and a damaged file is an error, never an abort.  Used by the PDF
 * writer; any module may include it.
 */
#ifndef BRIEFGEN_PNGREAD_H
#define BRIEFGEN_PNGREAD_H

#include <stdbool.h>
#include <stddef.h>

/* The most pixels a PNG may have: 16 Mi (4096 x 4096), beyond a logo
 * or a map filling an A4 page at 300 dpi (2480 x 3508).  A render
 * drawing an RGBA image of that size peaks at about 96 MB (measured:
 * 95.7 MB), each further one adding only its compressed bytes, and takes
 * under 1 s of CPU time. */
#define PNGREAD_MAX_PIXELS (16UL << 20)

/* The longest side, in pixels, libpng reads of a PNG: its default
 * PNG_USER_WIDTH_MAX and PNG_USER_HEIGHT_MAX (libpng 1.6, pnglibconf.h),
 * which its simplified API holds every file to.  A PNG itself may have
 * sides up to 2^31 - 1 (ISO/IEC 15948, 11.2.2). */
#define PNGREAD_MAX_SIDE 1000000UL

/* How many bytes from its start hold a PNG's width and height: the
 * signature, then the IHDR chunk's length, type, width and height. */
#define PNGREAD_HEAD_BYTES 24

/*
 * Reads the width and height (pixels) of a PNG from the first len bytes
 * of its file, at head, into *w and *h.  Returns false, leaving them
 * alone, when those bytes do not begin with PNGREAD_HEAD_BYTES of a
 * PNG's signature and IHDR chunk (ISO/IEC 15948, 5.2 and 11.2.2); the
 * sizes are not judged (see pngread_size_ok).
 */
bool pngread_size(const void *head, size_t len, unsigned *w, unsigned *h);

/*
 * Would briefgen read a PNG of w x h pixels?  Returns true if so; if not,
 * false after writing why into why (at most n bytes, NUL-terminated), in
 * the words of an error message: a side of 0 pixels, more than
 * PNGREAD_MAX_PIXELS pixels in all, or a side beyond PNGREAD_MAX_SIDE.
 * One judgement for a layout's check and for the decoder.
 */
bool pngread_size_ok(unsigned w, unsigned h, char *why, size_t n);

/* A decoded image: rows top to bottom, no padding between them. */
struct pngread_image {
	unsigned width, height; /* pixels */
	int channels;           /* of color: 1 (grey) or 3 (RGB) */
	unsigned char *color;   /* width * height * channels bytes, 8-bit
				 * sRGB (or grey) samples */
	unsigned char *alpha;   /* width * height bytes of 8-bit opacity,
				 * not premultiplied; NULL when every pixel
				 * is opaque */
};

/*
 * Decodes the len bytes at data, the PNG file path names, into img.
 * 16-bit samples are rounded to 8 bits, taken as sRGB when the file
 * says nothing of its gamma; a palette is expanded.  Returns false after
 * reporting ("path: error: ...") a file that is not a PNG, is damaged or
 * cut short, or has a size pngread_size_ok refuses; img is then empty.  Free with pngread_free.
 */
bool pngread_decode(const char *path, const void *data, size_t len,
		    struct pngread_image *img);
void pngread_free(struct pngread_image *img);

#endif
