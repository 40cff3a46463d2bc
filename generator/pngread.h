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

/* The words for a PNG beyond that cap, given its width, its height (both
 * unsigned, pixels) and PNGREAD_MAX_PIXELS: one text wherever the cap is
 * held. */
#define PNGREAD_TOO_MANY_PIXELS                                           \
	"the image is %u x %u pixels: briefgen reads at most %lu pixels " \
	"(4096 x 4096) of a PNG"

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
 * cut short, or has more than PNGREAD_MAX_PIXELS pixels; img is then
 * empty.  Free with pngread_free.
 */
bool pngread_decode(const char *path, const void *data, size_t len,
		    struct pngread_image *img);
void pngread_free(struct pngread_image *img);

#endif
