#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

void
date_end_of_month(struct date *d)
{
	d->day = days_in(d->year, d->month);
}

bool
date_parse(const char *s, struct date *d)
{
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (sscanf(s, "%4d-%2d-%2d%c", &d->year, &d->month, &d->day,
		   &tail) != 3)
		return false;
	return d->year >= DATE_MIN_YEAR && d->year <= DATE_MAX_YEAR &&
	       d->month >= 1 && d->month <= 12 &&
	       d->day >= 1 && d->day <= days_in(d->year, d->month);
}

bool
format_parse(const char *s, struct format *f)
{
	static const struct {
		const char *name;
		enum fmt_kind kind;
		int decimals;
	} names[] = {
		{"integer", FMT_INTEGER, 0},
		{"decimal", FMT_DECIMAL, 1},
		{"percent", FMT_PERCENT, 1},
		{"oku-yen", FMT_OKU_YEN, 1},
		{"man-yen", FMT_MAN_YEN, 0},
		{"points", FMT_POINTS, 1},
	};
	const char *colon = strchr(s, ':');
	size_t len = colon ? (size_t)(colon - s) : strlen(s), i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i].name) != len ||
		    strncmp(names[i].name, s, len) != 0)
			continue;
		f->kind = names[i].kind;
		f->decimals = names[i].decimals;
		if (colon == NULL)
			return true;
		if (names[i].kind == FMT_INTEGER || colon[1] < '0' ||
		    colon[1] > '6' || colon[2] != '\0')
			return false;
		f->decimals = colon[1] - '0';
		return true;
	}
	return false;
}

/* Eras by first day; a date belongs to the last era starting on or
 * before it. */
static const struct era {
	const char *name;
	struct date start;
} eras[] = {
	{"明治", {1868, 1, 25}}, {"大正", {1912, 7, 30}},
	{"昭和", {1926, 12, 25}}, {"平成", {1989, 1, 8}},
	{"令和", {2019, 5, 1}},
};

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	return a->day < b->day ? -1 : a->day > b->day;
}

bool
format_date(const struct date *d, enum lang lang, char *out, size_t n)
{
	static const char *const months[12] = {
		"January", "February", "March",     "April",
		"May",     "June",     "July",      "August",
		"September", "October", "November", "December"};
	const struct era *e = NULL;
	size_t i;
	int year;

	if (lang == LANG_EN) {
		snprintf(out, n, "%d %s %d", d->day, months[d->month - 1],
			 d->year);
		return true;
	}
	for (i = 0; i < sizeof eras / sizeof eras[0]; i++)
		if (date_cmp(d, &eras[i].start) >= 0)
			e = &eras[i];
	if (e == NULL)
		return false;
	year = d->year - e->start.year + 1;
	if (year == 1)
		snprintf(out, n, "%s元年%d月%d日", e->name, d->month, d->day);
	else
		snprintf(out, n, "%s%d年%d月%d日", e->name, year, d->month,
			 d->day);
	return true;
}

/* Inserts thousands separators into the digits of s (which may have a
 * fraction) and writes the result to out. */
static void
group(const char *s, char *out, size_t n)
{
	const char *dot = strchr(s, '.');
	size_t ilen = dot ? (size_t)(dot - s) : strlen(s), i, o = 0;

	for (i = 0; i < ilen && o + 2 < n; i++) {
		out[o++] = s[i];
		if ((ilen - i - 1) % 3 == 0 && i + 1 < ilen)
			out[o++] = ',';
	}
	if (dot != NULL)
		snprintf(out + o, n - o, "%s", dot);
	else
		out[o] = '\0';
}

/* The scale, decimals and affixes of f in lang: what v is divided by. */
static double
scale(const struct format *f, enum lang lang, int *decimals,
      const char **prefix, const char **suffix)
{
	*decimals = f->decimals;
	*prefix = *suffix = "";
	switch (f->kind) {
	case FMT_INTEGER:
		*decimals = 0;
		return 1;
	case FMT_DECIMAL:
		return 1;
	case FMT_PERCENT:
		*suffix = "%";
		return 0.01;
	case FMT_POINTS:
		*suffix = lang == LANG_JA ? "pt" : " pp";
		return 0.01;
	case FMT_OKU_YEN:
		if (lang == LANG_JA) {
			*suffix = "億円";
			return 1e8;
		}
		/* 1億 is 100 million: two digits fewer after the point. */
		*decimals = f->decimals > 2 ? f->decimals - 2 : 0;
		*prefix = "¥";
		*suffix = " million";
		return 1e6;
	case FMT_MAN_YEN:
		if (lang == LANG_JA) {
			*suffix = "万円";
			return 1e4;
		}
		*decimals = f->decimals + 2;
		*prefix = "¥";
		*suffix = " million";
		return 1e6;
	}
	return 1;
}

void
format_number(double v, const struct format *f, enum lang lang, char *out,
	      size_t n)
{
	char digits[64], grouped[80];
	const char *sign = "", *prefix, *suffix;
	int decimals;
	double d = scale(f, lang, &decimals, &prefix, &suffix);
	/* A percentage multiplies, so 0.1225 gives exactly 12.25. */
	double x = f->kind == FMT_PERCENT || f->kind == FMT_POINTS ? v * 100
								   : v / d;

	/* Round half away from zero, so 12.25 -> 12.3 however the binary
	 * value falls, and never print "-0". */
	x = round(fabs(x) * pow(10, decimals)) / pow(10, decimals) *
	    (x < 0 ? -1 : 1);
	if (x < 0)
		sign = lang == LANG_JA ? "▲" : "−";
	snprintf(digits, sizeof digits, "%.*f", decimals, fabs(x));
	group(digits, grouped, sizeof grouped);
	snprintf(out, n, "%s%s%s%s", sign, prefix, grouped, suffix);
}

void
format_change(double v, const struct format *f, enum lang lang, char *out,
	      size_t n)
{
	char s[80];
	const char *p;

	format_number(v, f, lang, s, sizeof s);
	for (p = s; *p != '\0' && (*p < '1' || *p > '9'); p++)
		;
	if (*p == '\0')
		/* Every digit is zero: no change at this precision. */
		snprintf(out, n, "%s%s", lang == LANG_JA ? "±" : "", s);
	else
		snprintf(out, n, "%s%s", v > 0 ? "+" : "", s);
}
