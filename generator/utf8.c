#include "utf8.h"

int32_t
utf8_next(const char **pp, const char *end)
{
	const unsigned char *p = (const unsigned char *)*pp;
	const unsigned char *e = (const unsigned char *)end;
	uint32_t cp, min;
	int n, i;

	if (p[0] < 0x80) {
		*pp += 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 1, cp = p[0] & 0x1f, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 2, cp = p[0] & 0x0f, min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 3, cp = p[0] & 0x07, min = 0x10000;
	} else {
		*pp += 1;
		return -1;
	}
	if (e - p <= n) {
		*pp += 1;
		return -1;
	}
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*pp += 1;
			return -1;
		}
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		*pp += 1;
		return -1;
	}
	*pp += n + 1;
	return (int32_t)cp;
}

size_t
utf8_put(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t
utf8_check(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *at = p;

		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		if (utf8_next(&p, end) < 0)
			return (size_t)(at - s);
	}
	return n;
}
