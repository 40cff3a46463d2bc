/*
 * Unit tests of the pure helpers: check digits, numbers, eras, the CSV
 * reader's line accounting and the aggregation.  Prints one line per
 * failure and "unit: N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cube.h"
#include "fonts.h"
#include "format.h"
#include "lgcode.h"
#include "msg.h"
#include "prefs.h"
#include "spec.h"
#include "table.h"
#include "text.h"
#include "utf8.h"

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

	OK(table_parse_number("1234", &v) && v == 1234);
	OK(table_parse_number("1,234", &v) && v == 1234);
	OK(table_parse_number("1,234,567.5", &v) && v == 1234567.5);
	OK(table_parse_number("-12", &v) && v == -12);
	OK(table_parse_number("0.25", &v) && v == 0.25);
	OK(!table_parse_number("12,x", &v));
	OK(!table_parse_number("1,23", &v));
	OK(!table_parse_number("1234,567", &v));
	OK(!table_parse_number(",123", &v));
	OK(!table_parse_number("12.", &v));
	OK(!table_parse_number("-", &v));
	OK(!table_parse_number("", &v));
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
	return table_parse(text, strlen(text), name, &schema);
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
	t = table_parse(data, sizeof data - 1, "t.csv", &schema);
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
	t = table_parse(data, sizeof data - 1, "d.csv", &s->schema);
	OK(t != NULL);
	tables[0] = t;
	c = cube_build(s, tables, &prefs);
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

/* Breaks s at width (in characters of 10 pt, 10 pt each for Japanese)
 * and returns the lines joined with '|'. */
static const char *
wrapped(const char *s, double width_pt)
{
	static char out[1024];
	struct text_style st = {fonts, fonts_find(fonts, "gothic"), 10,
				width_pt};
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

int
main(void)
{
	test_check_digit();
	test_numbers();
	test_dates();
	test_format_number();
	test_format_change();
	test_csv();
	test_cube();
	test_money();
	test_wrap();
	spec_cleanup();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
