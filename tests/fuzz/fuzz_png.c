/*
 * libFuzzer target for decoding a PNG (pngread.c, libpng's simplified
 * API), as a render decodes one a layout names or a PDF carries.  Checks
 * what must always hold: a refused file leaves the image empty; a decoded
 * one is within the pixel cap, grey or RGB, and every sample of its
 * colour and alpha can be read; an alpha is given only when some pixel
 * is not opaque.  Its mutator changes mostly one chunk's data at a time,
 * sometimes the whole file, and makes every chunk's CRC right after, so
 * that mutations reach the decoder rather than stop at the checks of
 * chunks' lengths and CRCs.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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

/* The 4-byte big-endian number at p. */
static size_t
be32(const uint8_t *p)
{
	return (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 |
	       p[3];
}

/* Writes v at p as 4 big-endian bytes. */
static void
put_be32(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* How many whole chunks (length, type, data, CRC: ISO/IEC 15948, 5.3)
 * follow the 8-byte signature in the size bytes at data, up to one that
 * runs past the end; with at not NULL, *at is set to the start of
 * chunk number pick, if there is one. */
static size_t
chunks(const uint8_t *data, size_t size, size_t pick, size_t *at)
{
	size_t pos, n, k = 0;

	for (pos = 8; pos <= size && size - pos >= 12; pos += 12 + n, k++) {
		n = be32(data + pos);
		if (n > size - pos - 12)
			break;
		if (at != NULL && k == pick)
			*at = pos;
	}
	return k;
}

/* libFuzzer's own mutation of one chunk's data, its length set after:
 * a chunk's contents change, and the file keeps its shape.  Returns the
 * file's new size, or 0 when it has no whole chunk to mutate. */
static size_t
mutate_chunk(uint8_t *data, size_t size, size_t max_size, unsigned seed)
{
	size_t k = chunks(data, size, 0, NULL), at = 0, n, tail, m;
	uint8_t *rest;

	if (k == 0)
		return 0;
	chunks(data, size, seed % k, &at);
	n = be32(data + at);
	tail = size - at - 12 - n;
	if (max_size - size + n == 0)
		return 0;
	/* The mutation may write up to its room, over the CRC and the
	 * chunks after, which are put back behind it. */
	rest = malloc(tail ? tail : 1);
	if (rest == NULL)
		return 0;
	memcpy(rest, data + at + 12 + n, tail);
	m = LLVMFuzzerMutate(data + at + 8, n, max_size - size + n);
	memcpy(data + at + 12 + m, rest, tail);
	free(rest);
	put_be32(data + at, m);
	return size - n + m;
}

/*
 * libFuzzer's own mutation of the size bytes at data (at most max_size),
 * three times in four of one chunk's data, else of the whole file; then
 * every chunk's CRC-32 computed again over its type and data (ISO/IEC
 * 15948, 5.3), from the first after the signature up to one that runs
 * past the end.  Without it nearly every mutated file stops at libpng's CRC check
 * or, its lengths shifted, at pngread's check that chunks stay inside
 * the file, and the decoder behind them is barely reached.  Returns the
 * new size.
 */
size_t
LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			unsigned int seed)
{
	size_t pos, n, k, i;

	n = seed % 4 ? mutate_chunk(data, size, max_size, seed / 4) : 0;
	size = n ? n : LLVMFuzzerMutate(data, size, max_size);
	k = chunks(data, size, 0, NULL);
	for (pos = 8, i = 0; i < k; i++, pos += 12 + n) {
		n = be32(data + pos);
		put_be32(data + pos + 8 + n,
			 crc32(0, data + pos + 4, (uInt)(n + 4)));
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
