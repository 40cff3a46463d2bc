/*
 * libFuzzer target for decoding a PNG (pngread.c, libpng's simplified
 * API), as a render decodes one a layout names or a PDF carries.  Checks
 * what must always hold: a refused file leaves the image empty; a decoded
 * one is within the pixel cap, grey or RGB, and every sample of its
 * colour and alpha can be read; an alpha is given only when some pixel
 * is not opaque.  Its mutator keeps every chunk's CRC right, so that
 * mutations reach the decoder rather than stop at libpng's CRC check.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "msg.h"
#include "pngread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);

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

/*
 * libFuzzer's own mutation of the size bytes at data (at most max_size),
 * then every chunk's CRC-32 computed again over its type and data
 * (ISO/IEC 15948, 5.3), from the first chunk after the 8-byte signature
 * up to one that runs past the end.  Without it nearly every mutated file
 * fails libpng's CRC check, and the decoder behind it is barely reached.
 * Returns the new size.
 */
size_t
LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			unsigned int seed)
{
	size_t pos, n;
	uLong crc;

	(void)seed; /* LLVMFuzzerMutate draws from libFuzzer's own */
	size = LLVMFuzzerMutate(data, size, max_size);
	for (pos = 8; pos <= size && size - pos >= 12; pos += 12 + n) {
		n = (size_t)data[pos] << 24 | (size_t)data[pos + 1] << 16 |
		    (size_t)data[pos + 2] << 8 | data[pos + 3];
		if (n > size - pos - 12)
			break;
		crc = crc32(0, data + pos + 4, (uInt)(n + 4));
		data[pos + 8 + n] = (uint8_t)(crc >> 24);
		data[pos + 9 + n] = (uint8_t)(crc >> 16);
		data[pos + 10 + n] = (uint8_t)(crc >> 8);
		data[pos + 11 + n] = (uint8_t)crc;
	}
	return size;
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
