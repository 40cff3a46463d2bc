/*
 * UTF-8 decoding and encoding of single code points.  Any module may
 * include this.
 */
#ifndef BRIEFGEN_UTF8_H
#define BRIEFGEN_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at *p (before end) and advances *p past it.
 * Returns -1 and advances one byte on a malformed sequence. */
int32_t utf8_next(const char **p, const char *end);
/* Writes cp as UTF-8 into out (at least 4 bytes); returns the length. */
size_t utf8_put(uint32_t cp, char *out);
/* Returns the offset of the first malformed byte in s, or n if none. */
size_t utf8_check(const char *s, size_t n);

#endif
