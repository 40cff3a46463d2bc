/*
 * Thin wrappers over libunistring, the program's one UTF-8 decoder and
 * validator (RFC 3629: no overlong forms, surrogates or code points above
 * U+10FFFF).
 */
#include "utf8.h"

#include <unistr.h>

int32_t
utf8_next(const char **pp, const char *end)
{
	ucs4_t cp;
	int n;

	if (*pp >= end)
		return -1;
	if ((unsigned char)**pp < 0x80)
		return (unsigned char)*(*pp)++;
	n = u8_mbtoucr(&cp, (const uint8_t *)*pp, (size_t)(end - *pp));
	if (n < 0) {
		*pp += 1;
		return -1;
	}
	*pp += n;
	return (int32_t)cp;
}

size_t
utf8_put(uint32_t cp, char *out)
{
	int n = u8_uctomb((uint8_t *)out, cp, 4);

	return n > 0 ? (size_t)n : 0;
}

size_t
utf8_check(const char *s, size_t n)
{
	const uint8_t *bad = u8_check((const uint8_t *)s, n);

	return bad != NULL ? (size_t)((const char *)bad - s) : n;
}
