#include "value.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <unistr.h>

#include "buf.h"
#include "utf8.h"

#define IDEOGRAPHIC_SPACE "\xe3\x80\x80"

/* Length of the white space character at s, or 0. */
static size_t
space_at(const char *s)
{
	switch ((unsigned char)*s) {
	case ' ':
	case '\t':
		return 1;
	case 0xe3:
		return (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80
			       ? 3
			       : 0;
	case 0xc2:
		return (unsigned char)s[1] == 0xa0 ? 2 : 0;
	default:
		return 0;
	}
}

/* Length of the white space character ending at e (after s), or 0. */
static size_t
space_before(const char *s, const char *e)
{
	if (e == s)
		return 0;
	switch ((unsigned char)e[-1]) {
	case ' ':
	case '\t':
		return 1;
	case 0x80:
		return e - s >= 3 && memcmp(e - 3, IDEOGRAPHIC_SPACE, 3) == 0
			       ? 3
			       : 0;
	case 0xa0:
		return e - s >= 2 && (unsigned char)e[-2] == 0xc2 ? 2 : 0;
	default:
		return 0;
	}
}

char *
value_trim_end(char *s, char *e)
{
	size_t k;

	while ((k = space_at(s)) > 0)
		s += k;
	if (s >= e)
		return e;
	while ((k = space_before(s, e)) > 0)
		e -= k;
	*e = '\0';
	return s;
}

char *
value_trim(char *s)
{
	return value_trim_end(s, s + strlen(s));
}

static bool
ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

const char *
value_normalize(const char *s, bool fold, struct buf *out)
{
	uint8_t *norm = NULL;
	size_t n = strlen(s), len = 0;
	char *p;

	buf_clear(out);
	if (!ascii(s))
		norm = u8_normalize(UNINORM_NFKC, (const uint8_t *)s, n, NULL,
				    &len);
	if (norm != NULL) {
		buf_add(out, norm, len);
		free(norm);
	} else {
		buf_add(out, s, n);
	}
	p = value_trim(out->data);
	if (p != out->data) {
		out->len = strlen(p);
		memmove(out->data, p, out->len + 1);
	} else {
		out->len = strlen(p);
	}
	if (fold)
		for (p = out->data; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	return out->data;
}

bool
value_is_total(const char *s)
{
	static const char *const ends[] = {"計", "計）", "計)"};
	size_t n = strlen(s), i, k;

	if (strcmp(s, "全国") == 0)
		return true;
	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		k = strlen(ends[i]);
		if (n >= k && strcmp(s + n - k, ends[i]) == 0)
			return true;
	}
	return false;
}

bool
value_is_missing(const char *s)
{
	static const char *const markers[] = {
		"－", "―", "—", "–", "‐", "−", "ー", "ｰ", "…", "‥", "...",
	};
	size_t i;

	if (s[0] == '\0' || (s[0] == '-' && s[1] == '\0'))
		return true;
	/* Every other marker is three bytes long. */
	if (s[1] == '\0' || s[2] == '\0' || s[3] != '\0' ||
	    ((unsigned char)s[0] < 0x80 && s[0] != '.'))
		return false;
	for (i = 0; i < sizeof markers / sizeof markers[0]; i++)
		if (strcmp(s, markers[i]) == 0)
			return true;
	return false;
}

/* Reads plain digits of up to 15 figures, with at most one decimal
 * point, as strtod would: both the integer and the power of ten are
 * exact, so their quotient is rounded once, correctly.  Returns false
 * for anything else. */
static bool
quick_digits(const char *p, double *out)
{
	static const double tens[] = {1,   1e1, 1e2,  1e3,  1e4,  1e5,
				       1e6, 1e7, 1e8,  1e9,  1e10, 1e11,
				       1e12, 1e13, 1e14, 1e15};
	unsigned long long v = 0;
	int figures = 0, decimals = -1;

	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			v = v * 10 + (unsigned)(*p - '0');
			figures++;
			if (decimals >= 0)
				decimals++;
		} else if (*p == '.' && decimals < 0 && figures > 0) {
			decimals = 0;
		} else {
			return false;
		}
	}
	if (figures == 0 || figures > 15 || decimals == 0)
		return false;
	*out = decimals > 0 ? (double)v / tens[decimals] : (double)v;
	return true;
}

/* Parses ASCII digits with optional comma grouping and decimal point. */
static bool
parse_digits(const char *p, double *out)
{
	char digits[64], *end;
	size_t n = 0, group = 0;
	bool comma = false, dot = false, any = false;

	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			any = true;
			group++;
		} else if (*p == ',' && !dot && any &&
			   (comma ? group == 3 : group <= 3)) {
			comma = true;
			group = 0;
			continue;
		} else if (*p == '.' && !dot && any) {
			if (comma && group != 3)
				return false;
			dot = true;
			comma = false;
		} else {
			return false;
		}
		if (n + 1 >= sizeof digits)
			return false;
		digits[n++] = *p;
	}
	if (!any || (comma && group != 3) || digits[n - 1] == '.')
		return false;
	digits[n] = '\0';
	errno = 0;
	*out = strtod(digits, &end);
	return errno == 0 && *end == '\0';
}

/* Parses s, which holds only ASCII apart from the sign markers. */
static bool
parse_number(const char *s, double *out)
{
	static const char *const minus[] = {"▲", "△", "−"};
	char body[64];
	const char *p = s;
	size_t i, n;
	bool neg = false, percent = false;

	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	} else if ((unsigned char)*p == 0xe2) {
		for (i = 0; i < sizeof minus / sizeof minus[0]; i++)
			if (strncmp(p, minus[i], strlen(minus[i])) == 0) {
				neg = true;
				p += strlen(minus[i]);
				break;
			}
	}
	while (*p == ' ')
		p++;
	n = strlen(p);
	if (n > 0 && p[n - 1] == '%') {
		percent = true;
		n--;
		while (n > 0 && p[n - 1] == ' ')
			n--;
	}
	if (n == 0 || n >= sizeof body)
		return false;
	memcpy(body, p, n);
	body[n] = '\0';
	if (!quick_digits(body, out) && !parse_digits(body, out))
		return false;
	if (percent)
		*out /= 100;
	if (neg)
		*out = -*out;
	return true;
}

bool
value_number(const char *s, double *out)
{
	char small[128];
	uint8_t *norm;
	size_t len = sizeof small - 1;
	bool ok;

	if (ascii(s))
		return parse_number(s, out);
	if (strlen(s) > 96)
		return false;
	norm = u8_normalize(UNINORM_NFKC, (const uint8_t *)s, strlen(s),
			    (uint8_t *)small, &len);
	if (norm == NULL)
		return false;
	if (norm == (uint8_t *)small) {
		small[len] = '\0';
		return parse_number(value_trim(small), out);
	}
	{
		char *big = realloc(norm, len + 1);

		if (big == NULL) {
			free(norm);
			return false;
		}
		big[len] = '\0';
		ok = parse_number(value_trim(big), out);
		free(big);
	}
	return ok;
}

/*
 * The unified ideographs that the CJK radicals supplement (U+2E80-U+2EF3)
 * stand for, from EquivalentUnifiedIdeograph.txt of Unicode 15.0: only
 * two of them have a compatibility decomposition.  0 where there is none,
 * or where the ideograph lies above U+FFFF (14 of them, such as U+2E87
 * for U+20628), which is not drawn either: those are left as they are.
 */
static const uint16_t cjk_radicals[] = {
	0x0000, 0x5382, 0x4e5b, 0x4e5a, 0x4e59, 0x4ebb, 0x5182, 0x0000, /* 2E80 */
	0x5200, 0x5202, 0x535c, 0x353e, 0x5c0f, 0x5c0f, 0x5140, 0x5c23, /* 2E88 */
	0x5c22, 0x0000, 0x5df3, 0x5e7a, 0x5f51, 0x0000, 0x5fc4, 0x5fc3, /* 2E90 */
	0x624c, 0x6535, 0x0000, 0x65e1, 0x65e5, 0x6708, 0x6b7a, 0x6bcd, /* 2E98 */
	0x6c11, 0x6c35, 0x6c3a, 0x706c, 0x722b, 0x722b, 0x4e2c, 0x725b, /* 2EA0 */
	0x72ad, 0x738b, 0x0000, 0x76ee, 0x793a, 0x793b, 0x0000, 0x7cf9, /* 2EA8 */
	0x7e9f, 0x7f53, 0x7f52, 0x34c1, 0x5197, 0x0000, 0x7f8a, 0x0000, /* 2EB0 */
	0x0000, 0x8002, 0x8080, 0x807f, 0x8089, 0x0000, 0x8279, 0x8279, /* 2EB8 */
	0x8279, 0x864e, 0x8864, 0x8980, 0x897f, 0x89c1, 0x89d2, 0x0000, /* 2EC0 */
	0x8ba0, 0x8d1d, 0x0000, 0x8f66, 0x8fb6, 0x8fb6, 0x8fb6, 0x9091, /* 2EC8 */
	0x9485, 0x9577, 0x9578, 0x957f, 0x95e8, 0x0000, 0x961d, 0x96e8, /* 2ED0 */
	0x9752, 0x97e6, 0x9875, 0x98ce, 0x98de, 0x98df, 0x0000, 0x98e0, /* 2ED8 */
	0x9963, 0x0000, 0x9a6c, 0x9aa8, 0x9b3c, 0x9c7c, 0x9e1f, 0x5364, /* 2EE0 */
	0x9ea6, 0x9ec4, 0x9efe, 0x6589, 0x9f50, 0x6b6f, 0x9f7f, 0x7adc, /* 2EE8 */
	0x9f99, 0x9f9c, 0x4e80, 0x9f9f, /* 2EF0 */
};

/* The ideograph the radical cp stands for, in the BMP, or 0: a CJK
 * radical's by the table, a Kangxi radical's (U+2F00-U+2FDF) by its
 * compatibility decomposition, which is the same as the table's. */
static ucs4_t
radical_ideograph(ucs4_t cp)
{
	ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
	int tag;

	if (cp >= 0x2e80 &&
	    cp - 0x2e80 < sizeof cjk_radicals / sizeof cjk_radicals[0])
		return cjk_radicals[cp - 0x2e80];
	if (cp >= 0x2f00 && cp <= 0x2fdf && uc_decomposition(cp, &tag, d) == 1 &&
	    d[0] >= 0x800 && d[0] <= 0xffff)
		return d[0];
	return 0;
}

/*
 * Variant forms (異体字) that survey files write in place names for the
 * form the roster has, or the other way round: the roster's names are
 * e-Stat's and the MIC code list's, which write 檜枝岐村 and 龍ケ崎市, and
 * 梼原町 where the other writes 檮原町.  A name key holds the second of
 * each pair.  All are three bytes in UTF-8, so a key is folded in place.
 */
static const struct {
	ucs4_t variant, form;
} variants[] = {
        {0x30f6, 0x30b1}, /* ヶ ケ: 鎌ケ谷市, 茅ヶ崎市 */
        {0x5d5c, 0x5d0e}, /* 嵜 崎 */
        {0xfa11, 0x5d0e}, /* 﨑 崎 */
        {0x9ad9, 0x9ad8}, /* 髙 高 */
        {0x6aae, 0x68bc}, /* 檮 梼 */
        {0x6867, 0x6a9c}, /* 桧 檜 */
        {0x9f8d, 0x7adc}, /* 龍 竜 */
        {0x8218, 0x9928}, /* 舘 館 */
        {0x908a, 0x8fba}, /* 邊 辺 */
        {0x9089, 0x8fba}, /* 邉 辺 */
        {0x6ff1, 0x6d5c}, /* 濱 浜 */
        {0x6ff5, 0x6d5c}, /* 濵 浜 */
        {0x5d8b, 0x5cf6}, /* 嶋 島 */
        {0x5d8c, 0x5cf6}, /* 嶌 島 */
        {0x51a8, 0x5bcc}, /* 冨 富 */
        {0x6fa4, 0x6ca2}, /* 澤 沢 */
        {0x66fe, 0x66fd}, /* 曾 曽 */
        {0x5fb7, 0x5fb3}, /* 德 徳 */
        {0x69c7, 0x69d9}, /* 槇 槙 */
        {0x7028, 0x702c}, /* 瀨 瀬 */
};

static ucs4_t
common_form(ucs4_t cp)
{
	size_t i;

	/* NFKC has read the Kangxi radicals, but not the others. */
	if (cp >= 0x2e80 && cp <= 0x2eff && radical_ideograph(cp) != 0)
		cp = radical_ideograph(cp);

	for (i = 0; cp >= 0x3000 && i < sizeof variants / sizeof variants[0];
	     i++)
		if (variants[i].variant == cp)
			return variants[i].form;
	return cp;
}

const char *
value_name_key(const char *s, struct buf *out)
{
	char *p, *q, *end;
	ucs4_t cp;
	int k;

	value_normalize(s, false, out);
	p = q = out->data;
	end = p + out->len;
	while (p < end) {
		k = u8_mbtoucr(&cp, (const uint8_t *)p, (size_t)(end - p));
		if (k < 0)
			k = 1, cp = 0xfffd;
		if (cp == ' ' || cp == '\t' || utf8_is_vs((int32_t)cp))
			;
		else if (common_form(cp) != cp)
			q += u8_uctomb((uint8_t *)q, common_form(cp), 3);
		else {
			memmove(q, p, (size_t)k);
			q += k;
		}
		p += k;
	}
	*q = '\0';
	out->len = (size_t)(q - out->data);
	return out->data;
}

/* Is the character at p (3 bytes from 0xe2) a radical? */
static bool
radical_at(const unsigned char *p)
{
	return p[0] == 0xe2 && p[1] >= 0xba && p[1] <= 0xbf &&
	       !(p[1] == 0xbf && p[2] >= 0xa0);
}

bool
value_has_radical(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; (p = (const unsigned char *)strchr((const char *)p, 0xe2)) !=
	       NULL;
	     p++)
		if (p[1] != 0 && radical_at(p))
			return true;
	return false;
}

size_t
value_fold_radicals(char *s, uint32_t *from, uint32_t *to)
{
	unsigned char *p = (unsigned char *)s;
	ucs4_t cp, ideograph;
	size_t n = 0;

	for (; (p = (unsigned char *)strchr((char *)p, 0xe2)) != NULL; p++) {
		if (p[1] == 0 || !radical_at(p) ||
		    u8_mbtoucr(&cp, p, 3) != 3 ||
		    (ideograph = radical_ideograph(cp)) == 0)
			continue;
		if (n++ == 0) {
			*from = cp;
			*to = ideograph;
		}
		u8_uctomb(p, ideograph, 3);
		p += 2;
	}
	return n;
}

long
value_find_variant(const char *s, uint32_t *base, uint32_t *vs)
{
	const char *p = s, *end, *prev = NULL;
	ucs4_t cp, before = 0;
	int k;

	/* Selectors are EF B8 8x and F3 A0 8x xx in UTF-8. */
	while (*p != '\0' && !((unsigned char)*p == 0xef && p[1] == '\xb8') &&
	       !((unsigned char)*p == 0xf3 && p[1] == '\xa0'))
		p++;
	if (*p == '\0')
		return -1;
	end = p + strlen(p);
	for (p = s; p < end; p += k) {
		k = u8_mbtoucr(&cp, (const uint8_t *)p, (size_t)(end - p));
		if (k < 0) {
			k = 1;
			continue;
		}
		if (utf8_is_vs((int32_t)cp) && prev != NULL) {
			*base = before;
			*vs = cp;
			return (long)(prev - s);
		}
		prev = p;
		before = cp;
	}
	return -1;
}
