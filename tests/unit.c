/*
 * Unit tests of the pure helpers: check digits, numbers, eras, encodings,
 * values, the CSV reader's line accounting (its fast path against libcsv
 * on every CSV file of the tests), the aggregation, digests and the
 * packs file a PDF carries.  Prints one line per failure and "unit: N
 * passed, N failed".  Run from the top of the repository.
 */
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cpus.h"
#include "cube.h"
#include "decode.h"
#include "draw.h"
#include "fonts.h"
#include "format.h"
#include "hash.h"
#include "infile.h"
#include "lgcode.h"
#include "msg.h"
#include "prefs.h"
#include "roster.h"
#include "spec.h"
#include "suggest.h"
#include "table.h"
#include "text.h"
#include "utf8.h"
#include "value.h"
#include "xlsx.h"

static int passed, failed;

#define OK(cond)                                                       \
	do {                                                           \
		if (cond)                                              \
			passed++;                                      \
		else {                                                 \
			failed++;                                      \
			printf("%s:%d: not true: %s\n", __FILE__,      \
			       __LINE__, #cond);                       \
		}                                                      \
	} while (0)

#define EQ_STR(got, want)                                              \
	do {                                                           \
		const char *g_ = (got), *w_ = (want);                  \
		if (strcmp(g_, w_) == 0)                               \
			passed++;                                      \
		else {                                                 \
			failed++;                                      \
			printf("%s:%d: got \"%s\", want \"%s\"\n",     \
			       __FILE__, __LINE__, g_, w_);            \
		}                                                      \
	} while (0)

static void
test_check_digit(void)
{
	/* Codes from the roster: Sapporo, Aomori, Tottori, Ebina. */
	static const unsigned codes[] = {11002, 22012, 312011, 142158,
					 312037, 85421};
	uint32_t code;
	size_t i;

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++)
		OK(lgcode_check_digit(codes[i] / 10) == (int)(codes[i] % 10));
	OK(lgcode_parse("011002", &code) == LGCODE_OK && code == 11002);
	OK(lgcode_parse("01100", &code) == LGCODE_COMPLETED && code == 11002);
	OK(lgcode_parse("14215", &code) == LGCODE_COMPLETED &&
	   code == 142158);
	OK(lgcode_parse("011003", &code) == LGCODE_BAD_CHECK);
	OK(lgcode_parse("481001", &code) == LGCODE_BAD_PREF);
	OK(lgcode_parse("001007", &code) == LGCODE_BAD_PREF);
	OK(lgcode_parse("01100x", &code) == LGCODE_BAD_FORMAT);
	OK(lgcode_parse("0110021", &code) == LGCODE_BAD_FORMAT);
	OK(lgcode_parse("", &code) == LGCODE_BAD_FORMAT);
}

static void
test_numbers(void)
{
	double v;

	OK(value_number("1234", &v) && v == 1234);
	OK(value_number("1,234", &v) && v == 1234);
	OK(value_number("1,234,567.5", &v) && v == 1234567.5);
	OK(value_number("-12", &v) && v == -12);
	OK(value_number("0.25", &v) && v == 0.25);
	OK(!value_number("12,x", &v));
	OK(!value_number("1,23", &v));
	OK(!value_number("1234,567", &v));
	OK(!value_number(",123", &v));
	OK(!value_number("12.", &v));
	OK(!value_number("-", &v));
	OK(value_number("１２３４", &v) && v == 1234);
	OK(value_number("１，２３４", &v) && v == 1234);
	OK(value_number("▲12", &v) && v == -12);
	OK(value_number("△12", &v) && v == -12);
	OK(value_number("－12", &v) && v == -12);
	OK(value_number("−12", &v) && v == -12);
	OK(value_number("▲ 1,234.5", &v) && v == -1234.5);
	OK(value_number("12.5%", &v) && v == 0.125);
	OK(value_number("１２．５％", &v) && v == 0.125);
	OK(value_number("+3", &v) && v == 3);
	OK(!value_number("▲", &v));
	OK(!value_number("%", &v));
	OK(!value_number("12%%", &v));
	OK(!value_number("1 234", &v));
	OK(!value_number("--12", &v));
	OK(!value_number("▲▲12", &v));
	OK(!value_number("", &v));
}

static void
test_dates(void)
{
	struct date d;
	char s[64];

	OK(date_parse("2017-07-07", &d));
	OK(format_date(&d, LANG_JA, s, sizeof s));
	EQ_STR(s, "平成29年7月7日");
	format_date(&d, LANG_EN, s, sizeof s);
	EQ_STR(s, "7 July 2017");
	date_parse("2019-04-30", &d);
	format_date(&d, LANG_JA, s, sizeof s);
	EQ_STR(s, "平成31年4月30日");
	date_parse("2019-05-01", &d);
	format_date(&d, LANG_JA, s, sizeof s);
	EQ_STR(s, "令和元年5月1日");
	date_parse("2020-01-01", &d);
	format_date(&d, LANG_JA, s, sizeof s);
	EQ_STR(s, "令和2年1月1日");
	date_parse("1989-01-07", &d);
	format_date(&d, LANG_JA, s, sizeof s);
	EQ_STR(s, "昭和64年1月7日");
	date_parse("1989-01-08", &d);
	format_date(&d, LANG_JA, s, sizeof s);
	EQ_STR(s, "平成元年1月8日");
	OK(date_parse("2016-02-29", &d));
	OK(!date_parse("2017-02-29", &d));
	OK(!date_parse("2017-13-01", &d));
	OK(!date_parse("2017-7-7", &d));
	OK(!date_parse("2017-07-07x", &d));
}

static void
test_format_number(void)
{
	struct format f;
	char s[64];

	OK(format_parse("integer", &f) && f.kind == FMT_INTEGER);
	OK(format_parse("percent:2", &f) && f.decimals == 2);
	OK(!format_parse("integer:2", &f));
	OK(!format_parse("money", &f));
	format_parse("integer", &f);
	format_number(1741, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "1,741");
	format_number(-1234567, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "▲1,234,567");
	format_number(-1234567, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "−1,234,567");
	format_number(999, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "999");
	format_parse("percent", &f);
	format_number(0.17346, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "17.3%");
	format_number(0.1225, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "12.3%");
	format_number(-0.0001, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "0.0%");
	format_parse("decimal:2", &f);
	format_number(12345.678, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "12,345.68");
}


/* --- encodings -------------------------------------------------------- */

#define CP932_TEXT                                                       \
	"\x90\xc2\x90\x58\x8c\xa7\x2c\x82\xa0\x82\xa8\x82\xe0\x82\xe8\x2c" \
	"\x87\x40\x87\x8a\xfb\xfc\x81\x60\x0a"
#define EUCJP_TEXT                                                       \
	"\xc0\xc4\xbf\xb9\xb8\xa9\x2c\xa4\xa2\xa4\xaa\xa4\xe2\xa4\xea\x2c" \
	"\xad\xa1\xad\xea\x8f\xf4\xfb\xa1\xc1\x0a"
#define UTF8_TEXT "青森県,あおもり,①㈱髙～\n"

static size_t
check_utf8(const char *s, size_t n, bool *astral)
{
	*astral = false;
	return decode_check_utf8(s, n, astral);
}

static void
test_decode(void)
{
	static const struct {
		const char *s;
		size_t n, bad;
	} utf8[] = {
		{"abc", 3, 3},
		{"青森", 6, 6},
		{"a\xc0\x80", 3, 1},         /* overlong */
		{"\xe0\x80\x80", 3, 0},      /* overlong */
		{"\xed\xa0\x80", 3, 0},      /* surrogate */
		{"\xf4\x90\x80\x80", 4, 0},  /* above U+10FFFF */
		{"ab\0c", 4, 2},             /* NUL */
		{"\xe9\x9d", 2, 0},          /* cut */
		{"x\x80", 2, 1},             /* stray continuation */
		{"\xc3\xa9\xe3\x80\x80", 5, 5},
		{"\xef\xbb\xbf,", 4, 4},
	};
	enum encoding e;
	struct decoder *d;
	struct decode_result res;
	struct buf out = {0};
	struct guess g;
	bool astral;
	size_t i;

	for (i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
		OK(check_utf8(utf8[i].s, utf8[i].n, &astral) == utf8[i].bad);
	OK(check_utf8("𠮷", 4, &astral) == 4 && astral);
	OK(check_utf8("青", 3, &astral) == 3 && !astral);
	OK(decode_utf8_cut("\xe9\x9d", 2) && decode_utf8_cut("\xf0\xa0", 2));
	OK(!decode_utf8_cut("\xe9\x41", 2) && !decode_utf8_cut("a", 1));

	OK(decode_parse_name("Shift_JIS", &e) && e == ENC_CP932);
	OK(decode_parse_name("EUC-JP", &e) && e == ENC_EUCJP);
	OK(decode_parse_name("utf8", &e) && e == ENC_UTF8);
	OK(decode_parse_name("auto", &e) && e == ENC_AUTO);
	OK(!decode_parse_name("latin1", &e));

	OK(decode_sniff("PK\x03\x04xx", 6) == FILE_XLSX);
	OK(decode_sniff("\xff\xfe" "a\0", 4) == FILE_UTF16);
	OK(decode_sniff("a\0b\0", 4) == FILE_UTF16);
	OK(decode_sniff("ab\0cd", 5) == FILE_BINARY);
	OK(decode_sniff("a,b\n", 4) == FILE_TEXT);

	/* The same text in three encodings gives the same UTF-8. */
	d = decode_new(ENC_CP932);
	res = decode_line(d, CP932_TEXT, sizeof CP932_TEXT - 1, &out, &astral);
	OK(res.errors == 0);
	EQ_STR(out.data, UTF8_TEXT);
	/* An unassigned CP932 pair is replaced and located. */
	res = decode_line(d, "ab\x85\x40" "c", 5, &out, &astral);
	OK(res.errors == 1 && res.bad == 2 && !res.cut);
	EQ_STR(out.data, "ab\xef\xbf\xbd@c");
	res = decode_line(d, "ab\x82", 3, &out, &astral);
	OK(res.errors == 1 && res.bad == 2 && res.cut);
	res = decode_line(d, "a\0b", 3, &out, &astral);
	OK(res.errors == 1 && res.bad == 1);
	decode_free(d);
	d = decode_new(ENC_EUCJP);
	res = decode_line(d, EUCJP_TEXT, sizeof EUCJP_TEXT - 1, &out, &astral);
	OK(res.errors == 0);
	EQ_STR(out.data, UTF8_TEXT);
	decode_free(d);
	d = decode_new(ENC_UTF8);
	res = decode_line(d, "a\xff" "b\xe9", 4, &out, &astral);
	OK(res.errors == 2 && res.bad == 1);
	EQ_STR(out.data, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	decode_free(d);
	buf_free(&out);

	g = decode_detect(UTF8_TEXT, sizeof UTF8_TEXT - 1, true);
	OK(g.encoding == ENC_UTF8 && g.fits);
	g = decode_detect(CP932_TEXT, sizeof CP932_TEXT - 1, true);
	OK(g.encoding == ENC_CP932 && g.fits);
	g = decode_detect(EUCJP_TEXT, sizeof EUCJP_TEXT - 1, true);
	OK(g.encoding == ENC_EUCJP && g.fits);
	/* A sample cut inside a character is no error unless complete. */
	g = decode_detect(CP932_TEXT, 3, false);
	OK(g.encoding == ENC_CP932 && g.fits);
	/* Mostly UTF-8 with one CP932 line: UTF-8, which does not fit. */
	g = decode_detect(UTF8_TEXT UTF8_TEXT CP932_TEXT UTF8_TEXT,
			  3 * (sizeof UTF8_TEXT - 1) + sizeof CP932_TEXT - 1,
			  true);
	OK(g.encoding == ENC_UTF8 && !g.fits);
}

/* --- values ----------------------------------------------------------- */

static void
test_values(void)
{
	char s[64];
	struct buf b = {0};

	strcpy(s, "\xe3\x80\x80 a b\t\xc2\xa0");
	EQ_STR(value_trim(s), "a b");
	strcpy(s, "  ");
	EQ_STR(value_trim(s), "");
	EQ_STR(value_normalize("　ＣＯＤＥ ", true, &b), "code");
	EQ_STR(value_normalize("ｸﾗｳﾄﾞ", false, &b), "クラウド");
	EQ_STR(value_normalize("㈱①", false, &b), "(株)1");
	EQ_STR(value_normalize("Abc", false, &b), "Abc");
	OK(value_is_missing("") && value_is_missing("-") &&
	   value_is_missing("－") && value_is_missing("―") &&
	   value_is_missing("…") && value_is_missing("...") &&
	   value_is_missing("—"));
	OK(!value_is_missing("0") && !value_is_missing("--") &&
	   !value_is_missing("実施") && !value_is_missing("..") &&
	   !value_is_missing("-1"));
	OK(value_is_total("合計") && value_is_total("北海道計") &&
	   value_is_total("札幌市（計）") && value_is_total("全国"));
	OK(!value_is_total("計根別") && !value_is_total("全国市長会") &&
	   !value_is_total("北海道"));
	EQ_STR(value_name_key("髙﨑 市", &b), "高崎市");
	EQ_STR(value_name_key("鎌ヶ谷市", &b), "鎌ケ谷市");
	EQ_STR(value_name_key("⾧崎市", &b), "長崎市");
	buf_free(&b);
}

static void
test_prefs_find(void)
{
	struct prefs p = {0};

	p.pref[2] = (struct pref){2, "青森県", "Aomori", 0};
	p.pref[13] = (struct pref){13, "東京都", "Tokyo", 0};
	p.pref[1] = (struct pref){1, "北海道", "Hokkaido", 0};
	for (int i = 1; i <= NPREFS; i++)
		if (p.pref[i].code == 0)
			p.pref[i] = (struct pref){i, "", "", 0};
	OK(prefs_find(&p, "青森県") == 2);
	OK(prefs_find(&p, "青森") == 2);
	OK(prefs_find(&p, "東京") == 13);
	OK(prefs_find(&p, "北海") == -1);
	OK(prefs_find(&p, "aomori") == 2);
	OK(prefs_find(&p, "02") == 2 && prefs_find(&p, "2") == 2);
	OK(prefs_find(&p, "48") == -1 && prefs_find(&p, "0") == -1);
	OK(prefs_find(&p, "") == -1);
	OK(prefs_find(NULL, "13") == 13 && prefs_find(NULL, "東京都") == 0);
}

static void
test_format_change(void)
{
	struct format f;
	char s[64];

	format_parse("integer", &f);
	format_change(3, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "+3");
	format_change(-2, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "▲2");
	format_change(-2, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "−2");
	format_change(0, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "±0");
	format_change(0, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "0");
	format_change(1234, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "+1,234");
	OK(format_parse("points", &f) && f.kind == FMT_POINTS &&
	   f.decimals == 1);
	format_change(0.0123, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "+1.2pt");
	format_change(-0.0123, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "−1.2 pp");
	format_change(0.0004, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "±0.0pt");
	format_change(-0.0004, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "0.0 pp");
}

/* --- the CSV reader ------------------------------------------------- */

static const char *const h_code[] = {"code"};
static const char *const h_name[] = {"name"};
static const char *const h_pop[] = {"population", "人口"};
static const char *const h_win[] = {"window"};
static const char *const v_win[] = {"実施", "未実施"};
static const struct colspec cols[] = {
	{"code", COL_LGCODE, h_code, 1, NULL, 0, false},
	{"name", COL_TEXT, h_name, 1, NULL, 0, false},
	{"population", COL_NUMBER, h_pop, 2, NULL, 0, false},
	{"window", COL_CHOICE, h_win, 1, v_win, 2, false},
};
static const struct schema schema = {cols, 4};

static struct table *
parse(const char *text, const char *name)
{
	struct source src = {name, &schema, ENC_AUTO, NULL, 0};

	return table_parse(&src, text, strlen(text));
}

static void
test_csv(void)
{
	/* BOM, CRLF, a quoted field with a comma and a line break, a blank
	 * line, columns in another order and an extra column. */
	static const char data[] =
		"\xef\xbb\xbfname,extra,人口,code,window\r\n"
		"\"Sapporo, \"\"north\"\"\",x,\"1,952,356\",011002,実施\r\n"
		"\r\n"
		"\"Aomo\nri\",,287648,02201,未実施\r\n"
		"Tottori,,,312011,\r\n";
	struct table *t;

	msg_set_quiet(true);
	t = parse(data, "t.csv");
	OK(t != NULL);
	if (t == NULL)
		return;
	OK(t->nrows == 3);
	EQ_STR(t->rows[0].cells[1].text, "Sapporo, \"north\"");
	OK(t->rows[0].cells[2].num == 1952356);
	OK(t->rows[0].cells[3].choice == 0);
	OK(t->rows[0].loc.line == 2);
	/* The record after the blank line starts on line 4 and spans two
	 * physical lines; the next one starts on line 6. */
	OK(t->rows[1].loc.line == 4);
	OK(t->rows[1].cells[0].code == 22012);
	OK(t->rows[2].loc.line == 6);
	OK(t->rows[2].cells[2].missing && t->rows[2].cells[3].missing);
	OK(t->field[0] == 3 && t->field[2] == 2);
	table_free(t);

	/* Errors: a bad number, an unknown value, a wrong check digit, all
	 * reported (the table is not built). */
	msg_reset();
	t = parse("code,name,population,window\n"
		  "011002,a,12x,実施\n011003,b,1,いいえ\n",
		  "bad.csv");
	OK(t == NULL);
	OK(msg_errors() == 3);
	msg_reset();
	t = parse("code,name,window\n011002,a,実施\n", "m.csv");
	OK(t == NULL && msg_errors() == 1);
	msg_reset();
	t = parse("", "empty.csv");
	OK(t == NULL && msg_errors() == 1);
	msg_reset();
	t = parse("\xef\xbb\xbf", "bom.csv");
	OK(t == NULL && msg_errors() == 1);
	msg_reset();
	t = parse("code,name,population,window\n\"011002,a\n", "open.csv");
	OK(t == NULL && msg_errors() == 1);
	msg_reset();
	msg_set_quiet(false);
}


/* The survey columns of the sample layout, all optional, so that any
 * of the test files maps what it has. */
static const char *const a_code[] = {"団体コード", "code"};
static const char *const a_pref[] = {"都道府県名", "prefecture"};
static const char *const a_name[] = {"市区町村名", "municipality"};
static const char *const a_pop[] = {"人口", "population"};
static const char *const a_win[] = {"窓口業務の民間委託", "window_outsourcing"};
static const char *const a_cloud[] = {"クラウド導入", "cloud"};
static const char *const v_cloud[] = {"自治体クラウド", "単独クラウド", "未導入"};
static const char *const a_c[] = {"c1", "c2", "c3", "c4", "c5"};
static const struct colspec any_cols[] = {
	{"code", COL_LGCODE, a_code, 2, NULL, 0, true},
	{"pref", COL_PREF, a_pref, 2, NULL, 0, true},
	{"name", COL_TEXT, a_name, 2, NULL, 0, true},
	{"population", COL_NUMBER, a_pop, 2, NULL, 0, true},
	{"window", COL_CHOICE, a_win, 2, v_win, 2, true},
	{"cloud", COL_CHOICE, a_cloud, 2, v_cloud, 3, true},
	{"c1", COL_TEXT, a_c, 1, NULL, 0, true},
	{"c2", COL_TEXT, a_c + 1, 1, NULL, 0, true},
	{"c3", COL_TEXT, a_c + 2, 1, NULL, 0, true},
	{"c4", COL_TEXT, a_c + 3, 1, NULL, 0, true},
	{"c5", COL_NUMBER, a_c + 4, 1, NULL, 0, true},
};
static const struct schema any_schema = {any_cols, 11};

/* Do two tables hold the same rows? */
static bool
same_rows(const struct table *a, const struct table *b)
{
	size_t i, j;

	if ((a == NULL) != (b == NULL))
		return false;
	if (a == NULL)
		return true;
	if (a->nrows != b->nrows || a->encoding != b->encoding)
		return false;
	for (i = 0; i < a->nrows; i++) {
		if (a->rows[i].loc.line != b->rows[i].loc.line)
			return false;
		for (j = 0; j < a->schema->ncols; j++) {
			const struct cell *x = &a->rows[i].cells[j];
			const struct cell *y = &b->rows[i].cells[j];

			if (strcmp(x->text, y->text) != 0 ||
			    x->missing != y->missing || x->code != y->code ||
			    x->choice != y->choice ||
			    (x->num != y->num && !(isnan(x->num) && isnan(y->num))))
				return false;
		}
	}
	return true;
}

/* Parses data with and without the fast path for lines without quotes;
 * both must give the same rows and the same number of errors. */
static bool
both_paths(const char *data, size_t len, const char *name)
{
	struct source fast = {name, &any_schema, ENC_AUTO, NULL, 0};
	struct source slow = {name, &any_schema, ENC_AUTO, NULL,
			      SOURCE_NO_FAST_PATH};
	struct table *a, *b;
	unsigned ea, eb;
	bool same;

	msg_reset();
	a = table_parse(&fast, data, len);
	ea = msg_errors();
	msg_reset();
	b = table_parse(&slow, data, len);
	eb = msg_errors();
	msg_reset();
	same = ea == eb && same_rows(a, b);
	if (!same)
		printf("%s: the fast path differs from libcsv (%u, %u "
		       "errors)\n",
		       name, ea, eb);
	table_free(a);
	table_free(b);
	return same;
}

static void
test_fast_path(void)
{
	static const char *const tricky[] = {
		"c1,c2,c3,c4,c5\n a , b ,\tc\t, d ,1\n",
		"c1,c2,c3,c4,c5\n\n   \n,,,,\n\t\n x,,, ,\n",
		"c1,c2,c3,c4,c5\r\na,b,c,d,2\r\n\r\n,\r\n",
		"c1,c2,c3,c4,c5\ra,b\r\rc,d,e,f,3\r",
		"c1,c2,c3,c4,c5\na,\"b,c\",d, \"e\" ,4\n\"x\ny\",,,,5\n",
		"c1,c2,c3,c4,c5\na,b\"c,d,e,6\nf,g,h,i,7\n",
		"c1,c2,c3,c4,c5\n\"a\"b,c,d,e,8\nf,g,h,i,9\n",
		"c1,c2,c3,c4,c5\na,b,c,d,10,e,f,,\n,,,,\na,b",
		"c1,c2,c3,c4,c5\n\"unclosed,a,b\nc,d,e,f,11\n",
		"c1,c2,c3,c4,c5\n\xe3\x80\x80" "a\xe3\x80\x80,b\xc2\xa0,c,d,1,\n",
		"c1,c2,c3,c4,c5\na,b,c,d,1\xff\nx,y,z,w,2\n",
		"c1 , c2,c3,c4,c5\n,,,,\n",
	};
	glob_t g;
	size_t i;

	msg_set_quiet(true);
	for (i = 0; i < sizeof tricky / sizeof tricky[0]; i++)
		OK(both_paths(tricky[i], strlen(tricky[i]), "tricky.csv"));
	if (glob("tests/golden/*/*.csv", 0, NULL, &g) == 0) {
		glob("input/*.csv", GLOB_APPEND, NULL, &g);
		OK(g.gl_pathc > 40);
		for (i = 0; i < g.gl_pathc; i++) {
			struct buf b = {0};

			if (infile_load(g.gl_pathv[i], INFILE_INPUT, &b))
				OK(both_paths(b.data ? b.data : "", b.len,
					      g.gl_pathv[i]));
			buf_free(&b);
		}
		globfree(&g);
	} else {
		OK(!"tests/golden/*/*.csv found");
	}
	msg_set_quiet(false);
}

/* One dataset saved in four encodings gives the same cells. */
static void
test_same_in_every_encoding(void)
{
	static const char *const files[] = {
		"tests/golden/input/enc-utf8.csv",
		"tests/golden/input/enc-utf8-bom.csv",
		"tests/golden/input/enc-cp932.csv",
		"tests/golden/input/enc-eucjp.csv",
	};
	static const enum encoding want[] = {ENC_UTF8, ENC_UTF8, ENC_CP932,
					     ENC_EUCJP};
	struct table *t[4];
	size_t i, j, k;

	for (i = 0; i < 4; i++) {
		struct source src = {files[i], &any_schema, ENC_AUTO, NULL, 0};

		t[i] = table_read(&src);
		OK(t[i] != NULL && t[i]->encoding == want[i]);
		if (t[i] == NULL)
			return;
	}
	EQ_STR(t[2]->rows[2].cells[2].text, "八戸市①㈱髙～");
	for (i = 1; i < 4; i++) {
		OK(t[i]->nrows == t[0]->nrows);
		for (j = 0; j < t[0]->nrows && j < t[i]->nrows; j++)
			for (k = 0; k < any_schema.ncols; k++)
				EQ_STR(t[i]->rows[j].cells[k].text,
				       t[0]->rows[j].cells[k].text);
	}
	for (i = 0; i < 4; i++)
		table_free(t[i]);
}

/* --- aggregation ------------------------------------------------------ */

static void
test_cube(void)
{
	static const char layout[] =
		"<layout><prefectures file='p.csv'/><survey>"
		"<column id='code' type='lgcode'><header>code</header></column>"
		"<column id='name' type='text'><header>name</header></column>"
		"<column id='population' type='number'>"
		"<header>population</header></column>"
		"<column id='window' type='choice'><header>window</header>"
		"<value>実施</value><value>未実施</value></column>"
		"<dataset id='d' file='d.csv' as-of='2016-04-01'>"
		"<ja>調査</ja><en>survey</en></dataset></survey>"
		"<measures><count id='n'/><sum id='pop' column='population'/>"
		"<count id='w' column='window' equals='実施'/>"
		"<ratio id='r' numerator='w' denominator='n'/></measures>"
		"<document><page-break/></document></layout>";
	static const char data[] = "code,name,population,window\n"
				   "022012,Aomori,100,実施\n"
				   "022021,Hirosaki,50,未実施\n"
				   "022039,Hachinohe,,\n"
				   "312011,Tottori,30,実施\n";
	struct prefs prefs = {0};
	struct region regions[2] = {{"東北", "Tohoku"}, {"中国", "Chugoku"}};
	const struct table *tables[1];
	struct table *t;
	struct spec *s;
	struct cube *c;
	int code;

	for (code = 1; code <= NPREFS; code++) {
		prefs.pref[code].code = code;
		prefs.pref[code].region = code <= 7 ? 0 : 1;
	}
	prefs.regions = regions;
	prefs.nregions = 2;
	s = spec_parse(layout, sizeof layout - 1, "t.xml");
	OK(s != NULL);
	if (s == NULL)
		return;
	{
		struct source src = {"d.csv", &s->schema, ENC_AUTO, NULL, 0};

		t = table_parse(&src, data, sizeof data - 1);
	}
	OK(t != NULL);
	tables[0] = t;
	c = cube_build(s, tables, &prefs, NULL);
	OK(c != NULL && c->ngeo == NPREFS + 2 + 1);
	/* Aomori: 3 rows, 1 outsourcing, population 150 with one missing. */
	OK(cube_get(c, 0, 0, cube_pref(2))->value == 3);
	OK(cube_get(c, 0, 1, cube_pref(2))->value == 150);
	OK(cube_get(c, 0, 1, cube_pref(2))->missing == 1);
	OK(cube_get(c, 0, 2, cube_pref(2))->value == 1);
	OK(cube_get(c, 0, 2, cube_pref(2))->missing == 1);
	OK(fabs(cube_get(c, 0, 3, cube_pref(2))->value - 1.0 / 3) < 1e-12);
	/* Iwate has no rows: no data, not zero. */
	OK(cube_get(c, 0, 0, cube_pref(3))->state == CUBE_NO_DATA);
	OK(cube_get(c, 0, 3, cube_pref(3))->state == CUBE_NO_DATA);
	/* Regions and the nation add up; the ratio is of the sums. */
	OK(cube_get(c, 0, 0, cube_region(0))->value == 3);
	OK(cube_get(c, 0, 0, cube_region(1))->value == 1);
	OK(cube_get(c, 0, 0, cube_nation(c))->value == 4);
	OK(cube_get(c, 0, 3, cube_nation(c))->value == 0.5);
	cube_free(c);
	table_free(t);
	spec_free(s);
}

static void
test_hash(void)
{
	struct hash h = hash_data("abc", 3), back;
	char hex[HASH_HEX];

	/* FIPS 180-2, appendix B.1 */
	hash_hex(&h, hex);
	EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
		    "b00361a396177a9cb410ff61f20015ad");
	OK(hash_parse(hex, &back) && hash_equal(&h, &back));
	OK(!hash_parse("ba7816bf", &back));
	hex[5] = 'g';
	OK(!hash_parse(hex, &back));
}

/* A pack written back and read again is the same pack. */
static void
test_packs_write(void)
{
	static const char text[] =
		"<packs><pack id=\"t\" layout=\"x.xml\" date=\"2017-07-07\" "
		"focus=\"04 02\"><title><ja>東北 &amp; &lt;仙台&gt;</ja>"
		"<en>\"Tohoku\"</en></title><number placeholder=\"true\">"
		"<ja>資料番号</ja><en>No.</en></number><secretariat><office>"
		"<ja>内閣府</ja><en>Cabinet Office</en></office><contact "
		"placeholder=\"1\"><ja>連絡先</ja><en>Contact</en></contact></secretariat>"
		"</pack></packs>";
	struct packs *a = packs_parse(text, sizeof text - 1, "a.xml"), *b;
	struct buf out = {0};

	OK(a != NULL && a->n == 1);
	if (a == NULL)
		return;
	packs_write(&a->v[0], "layouts/x.xml", &out);
	b = packs_parse(out.data, out.len, "b.xml");
	OK(b != NULL && b->n == 1);
	if (b != NULL) {
		EQ_STR(b->v[0].id, "t");
		EQ_STR(b->v[0].layout, "layouts/x.xml");
		EQ_STR(b->v[0].title.ja, "東北 & <仙台>");
		EQ_STR(b->v[0].title.en, "\"Tohoku\"");
		OK(b->v[0].venue.text.ja == NULL &&
		   b->v[0].venue.text.en == NULL);
		EQ_STR(b->v[0].number.text.ja, "資料番号");
		OK(b->v[0].number.placeholder);
		EQ_STR(b->v[0].office.text.en, "Cabinet Office");
		OK(!b->v[0].office.placeholder);
		EQ_STR(b->v[0].contact.text.ja, "連絡先");
		OK(b->v[0].contact.placeholder);
		OK(b->v[0].nfocus == 2 && b->v[0].focus[0] == 4 &&
		   b->v[0].focus[1] == 2);
		OK(b->v[0].date.year == 2017 && b->v[0].date.day == 7);
	}
	packs_free(a);
	packs_free(b);
	buf_free(&out);
}

/* --- money formats ----------------------------------------------------- */

static void
test_money(void)
{
	struct format f;
	char s[64];

	OK(format_parse("oku-yen:1", &f) && f.kind == FMT_OKU_YEN);
	format_number(50000000, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "0.5億円");
	format_number(50000000, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "¥50 million");
	format_parse("oku-yen:2", &f);
	format_number(1097000000, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "10.97億円");
	format_number(1097000000, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "¥1,097 million");
	format_number(-19000000, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "▲0.19億円");
	format_number(-19000000, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "−¥19 million");
	OK(format_parse("man-yen", &f) && f.kind == FMT_MAN_YEN);
	format_number(12345678, &f, LANG_JA, s, sizeof s);
	EQ_STR(s, "1,235万円");
	format_number(12345678, &f, LANG_EN, s, sizeof s);
	EQ_STR(s, "¥12.35 million");
	OK(!format_parse("oku-yen:7", &f));
	OK(!format_parse("yen", &f));
}

/* --- line breaking ------------------------------------------------------ */

static struct fonts *fonts;

static struct text_names *names; /* kept whole by wrapped(), or NULL */
static bool no_runt;              /* wrapped() mends a runt last line */

/* Breaks s at width (in characters of 10 pt, 10 pt each for Japanese)
 * and returns the lines joined with '|'. */
static const char *
wrapped(const char *s, double width_pt)
{
	static char out[1024];
	struct text_style st = {fonts, fonts_find(fonts, "gothic"), 10,
				width_pt, names, no_runt};
	struct text_line *l;
	size_t n = text_wrap(&st, s, &l), i, k = 0;

	for (i = 0; i < n && k + l[i].len + 2 < sizeof out; i++) {
		if (i > 0)
			out[k++] = '|';
		memcpy(out + k, s + l[i].start, l[i].len);
		k += l[i].len;
	}
	out[k] = '\0';
	free(l);
	return out;
}

/* No line of the wrapped s starts or ends against the kinsoku rules, and
 * none is wider than width unless it is one character. */
static bool
kinsoku_holds(const char *s, double width_pt)
{
	struct text_style st = {fonts, fonts_find(fonts, "gothic"), 10,
				width_pt};
	struct text_line *l;
	size_t n = text_wrap(&st, s, &l), i;
	bool ok = true;

	for (i = 0; i < n; i++) {
		const char *p = s + l[i].start, *end = p + l[i].len, *q = p;
		int32_t first = utf8_next(&q, end), last = first;
		size_t chars = 1;

		while (q < end) {
			last = utf8_next(&q, end);
			chars++;
		}
		if (i > 0 && text_no_start((uint32_t)first))
			ok = false;
		if (i + 1 < n && text_no_end((uint32_t)last))
			ok = false;
		if (chars > 1 && l[i].w > width_pt + 0.01)
			ok = false;
	}
	free(l);
	return ok;
}

static void
test_wrap(void)
{
	static const char *const texts[] = {
		"窓口業務の民間委託を実施している市区町村の数と割合です。",
		"「自治体クラウド」の導入（共同利用）を進めています。",
		"ショッピングセンターのチョコレートケーキ、ミルクティー。",
		"改革工程表のKPIは、2014年度の208団体を2020年度に416団体とす"
		"ることです。",
	};
	size_t i;
	double w;

	fonts = fonts_load("fonts/fonts.conf");
	OK(fonts != NULL);
	if (fonts == NULL)
		return;
	/* Five characters fit: 。 may not start the second line, so お
	 * goes down with it. */
	EQ_STR(wrapped("あいうえお。かきくけこ", 50), "あいうえ|お。かきく|けこ");
	/* Nor may a small kana or the prolonged sound mark. */
	EQ_STR(wrapped("あいうえおっかきくけ", 50), "あいうえ|おっかきく|け");
	EQ_STR(wrapped("あいうえおーかきくけ", 50), "あいうえ|おーかきく|け");
	/* An opening bracket never ends a line. */
	EQ_STR(wrapped("あいうえ「かきくけこ」", 50), "あいうえ|「かきくけ|こ」");
	/* Latin words are not split. */
	EQ_STR(wrapped("internationalization of counters", 100),
	       "internationalization|of counters");
	/* A URL longer than the line breaks at its break opportunities,
	 * then between characters as a last resort. */
	OK(kinsoku_holds("https://www.example.jp/abcdefghijklmnopqrstuvwxyz",
			 60));
	EQ_STR(wrapped("", 50), "");
	/* From 4.5 characters on, every run that kinsoku keeps together
	 * (ティー。 is four) fits on a line, so no rule is ever broken. */
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		for (w = 45; w < 300; w += 7.5)
			OK(kinsoku_holds(texts[i], w));
	/* Narrower, such a run is broken as a last resort. */
	EQ_STR(wrapped("ミルクティー。", 25), "ミル|ク|テ|ィ|ー。");
	fonts_free(fonts);
}

static void
test_suggest(void)
{
	static const char *const commands[] = {"render", "batch", "check",
					       "watch", "packs", "fonts"};
	static const char *const options[] = {"--pack", "--packs", "--as-of",
					      "--only"};

	EQ_STR(suggest_nearest("rendr", commands, 6), "render");
	EQ_STR(suggest_nearest("bacth", commands, 6), "batch");
	EQ_STR(suggest_nearest("pakcs", commands, 6), "packs");
	EQ_STR(suggest_nearest("--pak", options, 4), "--pack");
	EQ_STR(suggest_nearest("--as_of", options, 4), "--as-of");
	EQ_STR(suggest_nearest("--asof", options, 4), "--as-of");
	OK(suggest_nearest("render", commands, 6) == NULL);
	OK(suggest_nearest("frobnicate", commands, 6) == NULL);
	OK(suggest_nearest("x", commands, 6) == NULL);
	OK(suggest_nearest("", commands, 6) == NULL);
}

/* Trees of tests/cpus/, each a /proc and /sys of its own. */
static void
test_cpus_quota(void)
{
	OK(cpus_quota("tests/cpus/v2") == 2);        /* 1.5 rounds up */
	OK(cpus_quota("tests/cpus/v2-parent") == 1); /* the slice's */
	OK(cpus_quota("tests/cpus/v1") == 3);        /* 2.5 rounds up */
	OK(cpus_quota("tests/cpus/none") == 0);
	OK(cpus_quota("tests/cpus/namespace") == 1);
	OK(cpus_quota("tests/cpus/bind") == 2);
	OK(cpus_quota("tests/cpus/no-such-tree") == 0);
}

/* No line break inside a date, a number with its unit or sign, or a
 * name: what UAX #14 alone allows is taken back. */
static void
test_wrap_figures(void)
{
	fonts = fonts_load("fonts/fonts.conf");
	OK(fonts != NULL);
	if (fonts == NULL)
		return;
	/* A date moves to the next line whole: not 「平成28年10月21 / 日」
	 * nor 「平 / 成」, 「平成 / 28年」, 「28年 / 10月」. */
	EQ_STR(wrapped("開催：平成28年10月21日", 100),
	       "開催：|平成28年10月21日");
	EQ_STR(wrapped("ああああああ平成28年", 80), "ああああああ|平成28年");
	EQ_STR(wrapped("ああ平成28年10月21日", 90), "ああ|平成28年10月21日");
	EQ_STR(wrapped("令和元年5月1日から", 80), "令和元年5月1日|から");
	EQ_STR(wrapped("公表：7月7日", 60), "公表：|7月7日");
	/* A number keeps its counter, unit and sign. */
	EQ_STR(wrapped("全国で1,741団体", 60), "全国で|1,741団体");
	EQ_STR(wrapped("全体の17.3%", 50), "全体の|17.3%");
	EQ_STR(wrapped("削減（▲24%）", 60), "削減|（▲24%）");
	EQ_STR(wrapped("いずれも約30%", 60), "いずれも|約30%");
	/* Between a counter and the next number a line may break: 年度 is
	 * no date between two numbers. */
	EQ_STR(wrapped("2014年度208団体", 60), "2014年度|208団体");
	/* English: a date, a number and its scale. */
	EQ_STR(wrapped("Held on 21 October 2016.", 100),
	       "Held on|21 October 2016.");
	EQ_STR(wrapped("Saved ¥50 million a year", 70),
	       "Saved|¥50 million a|year");
	EQ_STR(wrapped("In the year 2016 the counts", 70),
	       "In the year|2016 the|counts");
	/* Names of the caller: 会津若松市 is not split where UAX #14 would,
	 * nor Aizuwakamatsu-shi after its hyphen; 会津若松 is not the name. */
	names = text_names_new();
	text_names_add(names, "会津若松市");
	text_names_add(names, "Aizuwakamatsu-shi");
	text_names_add(names, "x");
	EQ_STR(wrapped("福島県会津若松市の例", 70), "福島県|会津若松市の例");
	EQ_STR(wrapped("in Aizuwakamatsu-shi.", 100),
	       "in|Aizuwakamatsu-shi.");
	EQ_STR(wrapped("ああ会津若松", 50), "ああ会津若|松");
	text_names_free(names);
	names = NULL;
	EQ_STR(wrapped("福島県会津若松市の例", 70), "福島県会津若松|市の例");
	fonts_free(fonts);
}

/* A runt last line takes the last words of the line before it, after
 * a space, when they fit; Japanese alone, without spaces, is left be. */
static void
test_wrap_runt(void)
{
	static const char *const title =
		"公共サービスイノベーション・プラットフォーム in 東北";

	fonts = fonts_load("fonts/fonts.conf");
	OK(fonts != NULL);
	if (fonts == NULL)
		return;
	EQ_STR(wrapped(title, 240),
	       "公共サービスイノベーション・プラットフォーム in|東北");
	no_runt = true;
	EQ_STR(wrapped(title, 240),
	       "公共サービスイノベーション・プラットフォーム|in 東北");
	/* Not a runt: a quarter of the width or more. */
	EQ_STR(wrapped("Public Service Innovation Platform", 120),
	       "Public Service Innovation|Platform");
	/* Words that would leave the line before under half the width
	 * stay, and a line before without a space. */
	EQ_STR(wrapped("ab cdefgh ij", 50), "ab cdefgh|ij");
	EQ_STR(wrapped("ab cdefghijklmnopqrstu vw", 110),
	       "ab|cdefghijklmnopqrstu|vw");
	EQ_STR(wrapped("あいうえおかきくけこさ", 100), "あいうえおかきくけこ|さ");
	no_runt = false;
	fonts_free(fonts);
}

/* The PDF writer's last guard: numbers beyond a page never reach it. */
static void
test_draw_check(void)
{
	struct item it = {ITEM_RECT, 10, 10, 100, 20, 0, NO_COLOR, 0.5, 0,
			  0, 0, NULL, 0, 0, 1};

	msg_set_quiet(true);
	OK(draw_check(&it, 1, 595, 842, 1));
	it.w = 2.8e20;
	OK(!draw_check(&it, 1, 595, 842, 1));
	it.w = NAN;
	OK(!draw_check(&it, 1, 595, 842, 1));
	it.w = 100;
	it.y = -INFINITY;
	OK(!draw_check(&it, 1, 595, 842, 1));
	it.y = 10;
	it.opacity = 2;
	OK(!draw_check(&it, 1, 595, 842, 1));
	it.opacity = 1;
	OK(!draw_check(&it, 1, 1e9, 842, 1));
	OK(draw_check(&it, 1, DRAW_MAX_PT, DRAW_MAX_PT, 1));
	msg_set_quiet(false);
	msg_reset();
}

/* Names compare after NFKC, without selectors and spaces; radicals are
 * read as ideographs in place. */
static void
test_names(void)
{
	struct buf b = {0};
	char s[64];
	uint32_t from = 0, to = 0, base = 0, vs = 0;

	OK(strcmp(value_name_key("葛\xf3\xa0\x84\x80飾区", &b), "葛飾区") == 0);
	OK(strcmp(value_name_key(" 青森　市 ", &b), "青森市") == 0);
	OK(strcmp(value_name_key("ｸﾗｳﾄﾞ町", &b), "クラウド町") == 0);
	OK(strcmp(value_name_key("\xe2\xbe\xa7崎市", &b), "長崎市") == 0);
	snprintf(s, sizeof s, "%s", "\xe2\xbe\xa7久\xe2\xbc\xbf市");
	OK(value_has_radical(s) && !value_has_radical("長久手市"));
	OK(value_fold_radicals(s, &from, &to) == 2 && from == 0x2fa7 &&
	   to == 0x9577 && strcmp(s, "長久手市") == 0);
	/* CJK radicals, which NFKC leaves (but for two), by Unicode's
	 * EquivalentUnifiedIdeograph.txt; U+2E87 stands for U+20628. */
	snprintf(s, sizeof s, "%s", "\xe2\xbb\x91崎市 \xe2\xbb\x84 \xe2\xba\x87");
	OK(value_has_radical(s) &&
	   value_fold_radicals(s, &from, &to) == 2 && from == 0x2ed1 &&
	   to == 0x9577 && strcmp(s, "長崎市 西 \xe2\xba\x87") == 0);
	OK(strcmp(value_name_key("\xe2\xbb\x98森市", &b), "青森市") == 0);
	OK(value_find_variant("葛\xf3\xa0\x84\x80飾区", &base, &vs) == 0 &&
	   base == 0x845b && vs == 0xe0100);
	OK(value_find_variant("葛飾区", &base, &vs) < 0);
	OK(utf8_is_vs(0xfe00) && utf8_is_vs(0xe01ef) && !utf8_is_vs(0x845b));
	buf_free(&b);
}

static void
count_span(const struct roster_span *m, void *ctx)
{
	(void)m;
	(*(unsigned *)ctx)++;
}

/* The roster answers by date: 富谷 and 岩舟 on either side of a change. */
static void
test_roster(void)
{
	struct roster *r = roster_read("input/roster.csv");
	struct date d14 = {2014, 4, 1}, d16 = {2016, 4, 1}, d17 = {2017, 4, 1};
	unsigned n14 = 0, n16 = 0;
	struct buf b = {0};

	OK(r != NULL);
	if (r == NULL)
		return;
	OK(roster_municipality(r, 44237, &d16) &&
	   !roster_municipality(r, 42161, &d16));
	OK(!roster_municipality(r, 44237, &d17) &&
	   roster_municipality(r, 42161, &d17));
	OK(roster_municipality(r, 93670, &d14) &&
	   !roster_municipality(r, 93670, &d16));
	OK(!roster_municipality(r, 11011, &d16) && roster_knows(r, 11011));
	OK(!roster_knows(r, 999998));
	roster_each(r, &d14, count_span, &n14);
	roster_each(r, &d16, count_span, &n16);
	OK(n14 == 1742 && n16 == 1741);
	roster_explain(r, 42161, &d16, &b);
	OK(strcmp(b.data, "富谷市 is not a municipality on 2016-04-01: it is "
			  "one from 2016-10-10, when 富谷町 044237 became a "
			  "city (市制施行)") == 0);
	buf_free(&b);
	roster_free(r);
}

/* Excel's date serials (ECMA-376 Part 1, §18.17.4.1) and its column
 * letters. */
static void
test_workbook_dates(void)
{
	static const struct {
		long serial;
		bool d1904;
		const char *want; /* NULL: out of range */
	} t[] = {
		{1, false, "1900-01-01"},	 {59, false, "1900-02-28"},
		{60, false, "1900-02-29"},	 {61, false, "1900-03-01"},
		{42461, false, "2016-04-01"},	 {43585, false, "2019-04-30"},
		{2958465, false, "9999-12-31"}, {0, false, NULL},
		{2958466, false, NULL},	 {0, true, "1904-01-01"},
		{40999, true, "2016-04-01"},	 {-1, true, NULL},
	};
	char out[11], col[4];
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		OK(xlsx_date(t[i].serial, t[i].d1904, out) == (t[i].want != NULL));
		if (t[i].want != NULL && xlsx_date(t[i].serial, t[i].d1904, out))
			EQ_STR(out, t[i].want);
	}
	msg_column_letters(1, col);
	EQ_STR(col, "A");
	msg_column_letters(26, col);
	EQ_STR(col, "Z");
	msg_column_letters(27, col);
	EQ_STR(col, "AA");
	msg_column_letters(702, col);
	EQ_STR(col, "ZZ");
	msg_column_letters(703, col);
	EQ_STR(col, "AAA");
	msg_column_letters(16384, col);
	EQ_STR(col, "XFD");
}

int
main(void)
{
	test_check_digit();
	test_names();
	test_roster();
	test_numbers();
	test_dates();
	test_format_number();
	test_decode();
	test_values();
	test_prefs_find();
	test_format_change();
	test_csv();
	test_fast_path();
	test_same_in_every_encoding();
	test_cube();
	test_money();
	test_wrap();
	test_wrap_figures();
	test_wrap_runt();
	test_hash();
	test_packs_write();
	test_suggest();
	test_cpus_quota();
	test_draw_check();
	test_workbook_dates();
	spec_cleanup();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
