/*
 * libFuzzer target for the value and encoding helpers: trimming, NFKC,
 * missing markers, numbers, codes, prefecture codes, UTF-8 validation,
 * encoding detection and line conversion.  Checks what must always hold:
 * the validator agrees with utf8_next, every conversion and
 * normalization gives valid UTF-8, short plain numbers read as strtod
 * reads them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decode.h"
#include "lgcode.h"
#include "prefs.h"
#include "utf8.h"
#include "value.h"

/* The first byte that utf8_next refuses, or NUL, or n. */
static size_t
reference_check(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *at;

	while (p < end) {
		at = p;
		if (*p == '\0' || utf8_next(&p, end) < 0)
			return (size_t)(at - s);
	}
	return n;
}

static void
must_be_utf8(const char *s, size_t n)
{
	bool astral = false;

	if (decode_check_utf8(s, n, &astral) != n)
		abort();
}

/* Plain digits of up to 15 figures with at most one point. */
static bool
plain(const char *s)
{
	size_t n = strspn(s, "0123456789"), m = 0;

	if (n == 0 || n > 15)
		return false;
	if (s[n] == '.') {
		m = strspn(s + n + 1, "0123456789");
		if (m == 0 || n + m > 15 || s[n + 1 + m] != '\0')
			return false;
		return true;
	}
	return s[n] == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum encoding encodings[3] = {ENC_UTF8, ENC_CP932,
						   ENC_EUCJP};
	const char *in = (const char *)data;
	char *s = malloc(size + 1), *t;
	struct buf out = {0};
	struct decode_result res;
	struct decoder *d;
	uint32_t code;
	bool astral = false;
	double v;
	size_t i;

	memcpy(s, data, size);
	s[size] = '\0';
	if (decode_check_utf8(in, size, &astral) != reference_check(in, size))
		abort();
	decode_utf8_cut(in, size);
	decode_sniff(in, size);
	decode_detect(in, size, size % 2 == 0);
	for (i = 0; i < 3; i++) {
		d = decode_new(encodings[i]);
		res = decode_line(d, in, size, &out, &astral);
		must_be_utf8(out.data, out.len);
		if (res.errors > 0 && res.bad >= size)
			abort();
		decode_free(d);
	}
	if (reference_check(s, strlen(s)) == strlen(s)) {
		/* The value helpers take decoded text. */
		t = value_trim(s);
		value_normalize(t, true, &out);
		must_be_utf8(out.data, out.len);
		value_normalize(t, false, &out);
		must_be_utf8(out.data, out.len);
		value_is_missing(t);
		if (value_number(t, &v) && plain(t) && v != strtod(t, NULL))
			abort();
		lgcode_parse(t, &code);
		prefs_find(NULL, t);
	}
	buf_free(&out);
	free(s);
	return 0;
}
