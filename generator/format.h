/*
 * Formatting of numbers and dates as Japanese public documents and their
 * English translations write them: 1,234; 12.5%; 平成29年7月7日 and
 * 7 July 2017; ▲ for negatives in Japanese.  Pure functions; used by spec
 * (parsing dates and format names), compose and the unit tests.
 */
#ifndef BRIEFGEN_FORMAT_H
#define BRIEFGEN_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

struct date {
	int year;  /* Gregorian */
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

enum lang {
	LANG_JA = 1,
	LANG_EN = 2
};

enum fmt_kind {
	FMT_INTEGER, /* 1,234 */
	FMT_DECIMAL, /* 1,234.5 with fmt.decimals digits */
	FMT_PERCENT, /* a ratio shown as 12.5% */
	FMT_OKU_YEN, /* yen: 0.5億円 / ¥50 million */
	FMT_MAN_YEN, /* yen: 1,234万円 / ¥12.34 million */
	FMT_POINTS   /* a difference of ratios in percentage points:
	              * 1.2pt / 1.2 pp */
};

struct format {
	enum fmt_kind kind;
	int decimals; /* digits after the point (FMT_DECIMAL, FMT_PERCENT) */
};

/* Negative, zero or positive as a is before, on or after b. */
int date_cmp(const struct date *a, const struct date *b);
/* Sets d's day to the last of its month (Gregorian). */
void date_end_of_month(struct date *d);
/* The years a date may have: a PDF's dates count seconds from 1970 and
 * have four digits of year (ISO 32000-1, 7.9.4). */
#define DATE_MIN_YEAR 1970
#define DATE_MAX_YEAR 9999
/* Parses "YYYY-MM-DD" into d; returns false unless it is a real date from
 * 1970-01-01 to 9999-12-31. */
bool date_parse(const char *s, struct date *d);
/* Parses a format name ("integer", "percent", "percent:1", "decimal:2",
 * "oku-yen:2", "man-yen").  Returns false if the name is unknown. */
bool format_parse(const char *s, struct format *f);

/* Writes d in lang into out (size n): 平成29年7月7日 / 7 July 2017.
 * Returns false if the date precedes the Meiji era. */
bool format_date(const struct date *d, enum lang lang, char *out, size_t n);
/* Writes v formatted by f in lang into out (size n).  Japanese writes
 * negatives with ▲, English with a minus sign.  Money (FMT_OKU_YEN,
 * FMT_MAN_YEN; v in yen) is scaled to 億円 or 万円 in Japanese with the
 * format's decimals, and to millions of yen in English with the decimals
 * that keep the same precision: 0.5億円 is ¥50 million. */
void format_number(double v, const struct format *f, enum lang lang,
		   char *out, size_t n);

/* Writes the change v formatted by f with its sign: +3 and ▲3 in
 * Japanese, +3 and −3 in English; a change that rounds to zero is ±0 in
 * Japanese and 0 in English. */
void format_change(double v, const struct format *f, enum lang lang,
		   char *out, size_t n);

/* The format names format_parse knows, for messages. */
#define FORMAT_NAMES \
	"integer, decimal, percent, points, oku-yen and man-yen, the last " \
	"five with an optional \":N\" of 0 to 6 decimals"

#endif
