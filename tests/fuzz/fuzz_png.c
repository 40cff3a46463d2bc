/*
 * libFuzzer target for decoding a PNG (pngread.c, libpng's simplified
 * API), as a render decodes one a layout names or a PDF carries.  Checks
 * what must always hold: a refused file leaves the image empty; a decoded
 * one is within the pixel cap, grey or RGB, and every sample of its
 * colour and alpha can be read; an alpha is given only when some pixel
 * is not opaque.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "msg.h"
#include "pngread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where the sums go, so that the reads are not left out. */
static volatile unsigned sink;

/* The sum of the n bytes at p: reads each of them, for AddressSanitizer
 * to see. */
static unsigned
sum(const unsigned char *p, size_t n)
{
	unsigned s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += p[i];
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pngread_image img;
	size_t n, i;

	msg_set_quiet(true);
	if (!pngread_decode("fuzz.png", data, size, &img)) {
		if (img.color != NULL || img.alpha != NULL || img.width != 0 ||
		    img.height != 0)
			abort();
		msg_reset();
		return 0;
	}
	n = (size_t)img.width * img.height;
	if (n == 0 || n > PNGREAD_MAX_PIXELS ||
	    (img.channels != 1 && img.channels != 3) || img.color == NULL)
		abort();
	sink += sum(img.color, n * (size_t)img.channels);
	if (img.alpha != NULL) {
		for (i = 0; i < n && img.alpha[i] == 255; i++)
			continue;
		if (i == n)
			abort();
		sink += sum(img.alpha, n);
	}
	pngread_free(&img);
	msg_reset();
	return 0;
}
