/*
 * UTF-8 decoding and encoding of single code points.  Any module may
 * include this.
 */
#ifndef BRIEFGEN_UTF8_H
#define BRIEFGEN_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at *p (before end) and advances *p past it.
 * Returns -1 and advances one byte on a malformed sequence. */
int32_t utf8_next(const char **p, const char *end);
/* Writes cp as UTF-8 into out (at least 4 bytes); returns the length. */
size_t utf8_put(uint32_t cp, char *out);
/* Returns the offset of the first malformed byte in s, or n if none. */
size_t utf8_check(const char *s, size_t n);

/* Is cp a variation selector (U+FE00-U+FE0F, or U+E0100-U+E01EF of the
 * Ideographic Variation Database)?  It asks for a variant glyph of the
 * character before it and is never drawn by itself (Unicode 15.0,
 * section 23.4). */
static inline bool
utf8_is_vs(int32_t cp)
{
	return (cp >= 0xfe00 && cp <= 0xfe0f) ||
	       (cp >= 0xe0100 && cp <= 0xe01ef);
}

#endif
