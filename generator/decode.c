#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

#include "buf.h"
#include "msg.h"
#include "utf8.h"
#include "xalloc.h"

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

struct decoder {
	enum encoding enc;
	iconv_t cd; /* (iconv_t)-1 for UTF-8, which needs no conversion */
};

static const struct {
	const char *name;
	enum encoding enc;
} names[] = {
	{"auto", ENC_AUTO},         {"utf-8", ENC_UTF8},
	{"utf8", ENC_UTF8},         {"cp932", ENC_CP932},
	{"shift_jis", ENC_CP932},   {"shift-jis", ENC_CP932},
	{"sjis", ENC_CP932},        {"windows-31j", ENC_CP932},
	{"ms932", ENC_CP932},       {"euc-jp", ENC_EUCJP},
	{"eucjp", ENC_EUCJP},       {"euc-jp-ms", ENC_EUCJP},
	{"eucjp-ms", ENC_EUCJP},
};

bool
decode_parse_name(const char *name, enum encoding *out)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].enc;
			return true;
		}
	return false;
}

const char *
decode_name(enum encoding e)
{
	switch (e) {
	case ENC_AUTO:
		return "auto";
	case ENC_UTF8:
		return "UTF-8";
	case ENC_CP932:
		return "Shift_JIS (CP932)";
	case ENC_EUCJP:
		return "EUC-JP";
	}
	return "?";
}

enum file_kind
decode_sniff(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
		return FILE_XLSX;
	if (n >= 8 && memcmp(s, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return FILE_XLS;
	if (n >= 5 && memcmp(s, "%PDF-", 5) == 0)
		return FILE_PDF;
	if (n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
		       (u[0] == 0xfe && u[1] == 0xff)))
		return FILE_UTF16;
	/* UTF-16 without a byte order mark: ASCII with every other byte
	 * NUL. */
	if (n >= 4 && ((u[0] != 0 && u[1] == 0 && u[2] != 0 && u[3] == 0) ||
		       (u[0] == 0 && u[1] != 0 && u[2] == 0 && u[3] != 0)))
		return FILE_UTF16;
	if (memchr(s, '\0', n) != NULL)
		return FILE_BINARY;
	return FILE_TEXT;
}

/* --- UTF-8 -------------------------------------------------------- */

/* UTF-8 is decoded and checked by libunistring (utf8.c): one decoder for
 * the whole program. */

bool
decode_utf8_cut(const char *s, size_t n)
{
	ucs4_t cp;

	return n > 0 && u8_mbtoucr(&cp, (const uint8_t *)s, n) == -2;
}

size_t
decode_check_utf8(const char *s, size_t n, bool *astral)
{
	size_t ok = utf8_check(s, n), i;
	const char *nul = memchr(s, '\0', ok);

	if (nul != NULL)
		ok = (size_t)(nul - s);
	/* In valid UTF-8 only the lead byte of a character above U+FFFF is
	 * 0xF0 or more: a byte whose top four bits are set, looked for
	 * eight at a time. */
	for (i = 0; i + 8 <= ok; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		if (w & w << 1 & w << 2 & w << 3 & 0x8080808080808080u) {
			*astral = true;
			return ok;
		}
	}
	for (; i < ok; i++)
		if ((unsigned char)s[i] >= 0xf0) {
			*astral = true;
			break;
		}
	return ok;
}

/* Copies UTF-8 text, replacing each invalid byte with U+FFFD. */
static void
repair(const char *in, size_t n, struct buf *out, struct decode_result *res,
       bool *astral)
{
	size_t i = 0, ok;

	while (i < n) {
		ok = decode_check_utf8(in + i, n - i, astral);
		buf_add(out, in + i, ok);
		i += ok;
		if (i == n)
			break;
		if (res->errors++ == 0) {
			res->bad = i;
			res->cut = decode_utf8_cut(in + i, n - i);
		}
		buf_add(out, REPLACEMENT, 3);
		i++;
	}
}

/* --- iconv -------------------------------------------------------- */

/* Records the invalid byte at offset at and writes U+FFFD. */
static void
bad_byte(struct decode_result *res, size_t at, bool cut, struct buf *out)
{
	if (res->errors++ == 0) {
		res->bad = at;
		res->cut = cut;
	}
	buf_add(out, REPLACEMENT, 3);
}

/* Converts with iconv; NUL bytes are errors, as they are in UTF-8. */
static void
convert(struct decoder *d, const char *in, size_t n, struct buf *out,
	struct decode_result *res)
{
	char *ip = (char *)in; /* iconv does not write through it */
	size_t il = n;

	while (il > 0) {
		const char *nul;
		size_t seg, left, room, r;
		char *op, *start;

		if (*ip == '\0') {
			bad_byte(res, (size_t)(ip - in), false, out);
			ip++, il--;
			continue;
		}
		nul = memchr(ip, '\0', il);
		seg = nul != NULL ? (size_t)(nul - ip) : il;
		left = seg;
		/* A byte gives at most three bytes of UTF-8 (half-width
		 * katakana). */
		room = 3 * seg + 16;
		start = op = buf_space(out, room);
		r = iconv(d->cd, &ip, &left, &op, &room);
		out->len += (size_t)(op - start);
		out->data[out->len] = '\0';
		il -= seg - left;
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		bad_byte(res, (size_t)(ip - in),
			 errno == EINVAL && nul == NULL, out);
		ip++, il--;
		iconv(d->cd, NULL, NULL, NULL, NULL);
	}
}

struct decoder *
decode_new(enum encoding e)
{
	struct decoder *d = xcalloc(1, sizeof *d);

	d->enc = e;
	d->cd = (iconv_t)-1;
	switch (e) {
	case ENC_AUTO:
	case ENC_UTF8:
		d->enc = ENC_UTF8;
		break;
	case ENC_CP932:
		d->cd = iconv_open("UTF-8", "CP932");
		break;
	case ENC_EUCJP:
		d->cd = iconv_open("UTF-8", "EUC-JP-MS");
		break;
	}
	if (d->enc != ENC_UTF8 && d->cd == (iconv_t)-1)
		msg_fatal("iconv cannot convert from %s: %s", decode_name(e),
			  strerror(errno));
	return d;
}

void
decode_free(struct decoder *d)
{
	if (d == NULL)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	free(d);
}

struct decode_result
decode_line(struct decoder *d, const char *in, size_t n, struct buf *out,
	    bool *astral)
{
	struct decode_result res = {n, 0, false};

	buf_clear(out);
	buf_space(out, n + 1);
	out->data[0] = '\0';
	if (d->enc == ENC_UTF8)
		repair(in, n, out, &res, astral);
	else
		convert(d, in, n, out, &res);
	return res;
}

/* --- detection ---------------------------------------------------- */

const char *
decode_first_high(const char *p, size_t n)
{
	const char *end = p + n;

	for (; p < end; p++)
		if ((unsigned char)*p >= 0x80)
			return p;
	return NULL;
}

/* How plausible a character is in a Japanese survey file. */
static int
weight(int32_t c)
{
	if (c < 0x80)
		return 0;
	if (c == 0xfffd)
		return -10; /* an invalid byte */
	if (c >= 0x3041 && c <= 0x30ff)
		return 2; /* hiragana, katakana */
	if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xff01 && c <= 0xff5e) || (c >= 0x2460 && c <= 0x24ff) ||
	    (c >= 0x3200 && c <= 0x33ff) || (c >= 0x2010 && c <= 0x2312) ||
	    (c >= 0x25a0 && c <= 0x25ff))
		return 1; /* kanji, punctuation, full-width forms, ①, ㈱,
		           * ▲ */
	if (c >= 0xff61 && c <= 0xff9f)
		return 0; /* half-width katakana: real, but also what EUC-JP
		           * looks like read as CP932 */
	return -1;
}

/* Sums the weights of the characters of UTF-8 text. */
static long
score_text(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	long sc = 0;

	while (p < end)
		sc += weight(utf8_next(&p, end));
	return sc;
}

/* How one encoding reads one line of the sample. */
struct reading {
	bool valid;
	long score;
};

/* Reads line[0..n) as each of the three encodings. */
static void
read_line(struct decoder *const dec[3], const char *line, size_t n,
	  bool cut_ok, struct buf *out, struct reading rd[3])
{
	struct decode_result res;
	bool astral = false;
	int i;

	for (i = 0; i < 3; i++) {
		res = decode_line(dec[i], line, n, out, &astral);
		rd[i].valid = res.errors == 0 ||
			      (cut_ok && res.errors == 1 && res.cut);
		rd[i].score = score_text(out->data, out->len);
	}
}

/*
 * Each line of the sample that has non-ASCII bytes votes for the
 * encoding that reads it best: UTF-8 when it is valid UTF-8 that looks
 * Japanese (text in the other two is hardly ever valid UTF-8), else the
 * valid reading with the most plausible characters.  The encoding with
 * the most votes wins; a line no encoding reads has no vote.  Voting by
 * line keeps a few foreign lines from deciding for a whole file.
 */
struct guess
decode_detect(const char *s, size_t n, bool complete)
{
	static const enum encoding order[3] = {ENC_UTF8, ENC_CP932,
					       ENC_EUCJP};
	struct guess g = {ENC_UTF8, true, true};
	struct decoder *dec[3];
	struct reading rd[3];
	struct buf out = {0};
	unsigned votes[3] = {0}, invalid[3] = {0};
	long total[3] = {0};
	const char *p = s, *end = s + n, *e;
	bool astral = false;
	size_t bad = decode_check_utf8(s, n, &astral);
	int i, best;

	if (bad == n || (!complete && decode_utf8_cut(s + bad, n - bad)))
		return g;
	for (i = 0; i < 3; i++)
		dec[i] = decode_new(order[i]);
	for (; p < end; p = e) {
		for (e = p; e < end && *e != '\n' && *e != '\r'; e++)
			;
		if (e < end)
			e++;
		if (decode_first_high(p, (size_t)(e - p)) == NULL)
			continue;
		read_line(dec, p, (size_t)(e - p), !complete && e == end, &out,
			  rd);
		best = -1;
		if (rd[0].valid && rd[0].score >= 0)
			best = 0;
		for (i = 0; i < 3 && best != 0; i++)
			if (rd[i].valid && (best < 0 || rd[i].score > rd[best].score))
				best = i;
		for (i = 0; i < 3; i++) {
			total[i] += rd[i].score;
			invalid[i] += !rd[i].valid;
		}
		if (best >= 0)
			votes[best]++;
	}
	best = 0;
	for (i = 1; i < 3; i++)
		if (votes[i] > votes[best] ||
		    (votes[i] == votes[best] && total[i] > total[best]))
			best = i;
	g.encoding = order[best];
	g.fits = invalid[best] == 0;
	g.any_fits = invalid[0] == 0 || invalid[1] == 0 || invalid[2] == 0;
	for (i = 0; i < 3; i++)
		decode_free(dec[i]);
	buf_free(&out);
	return g;
}
