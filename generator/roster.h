/*
 * The roster of local government codes by date (input/roster.csv, made by
 * input/derive-roster.py from e-Stat's record of municipal changes): for
 * each code, what it named, of what kind, from when until when, and the
 * changes that began and ended it.  Answers "is code C a municipality on
 * date D, and if not, what is it?".  It is data, read at run time.  Used
 * by batch, codes (the survey rows), cube and compose.
 */
#ifndef BRIEFGEN_ROSTER_H
#define BRIEFGEN_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format.h"

struct buf;
struct table;

/* Kinds of code; the first five are municipalities (市町村 and Tokyo's
 * special wards, 特別区), the 1,741 of 2016. */
enum roster_kind {
	ROSTER_CITY,                 /* 市 */
	ROSTER_TOWN,                 /* 町 */
	ROSTER_VILLAGE,              /* 村 */
	ROSTER_SPECIAL_WARD,         /* 特別区: one of Tokyo's 23 wards */
	ROSTER_DESIGNATED_CITY,      /* 政令指定都市 */
	ROSTER_WARD,                 /* a ward of a designated city */
	ROSTER_DISTRICT,             /* 郡 */
	ROSTER_SUBPREFECTURE,        /* 支庁, 振興局 */
	ROSTER_PREFECTURE,           /* the prefecture's own code, PP000C */
	ROSTER_NORTHERN_TERRITORIES, /* a village of the Northern
	                              * Territories: a code, no government */
	ROSTER_SPECIAL_WARDS_AREA    /* 特別区部: the 23 wards as one area
	                              * of statistics */
};

/* One code under one name and kind for a span of dates. */
struct roster_span {
	uint32_t code; /* six digits, check digit included */
	enum roster_kind kind;
	int pref;              /* 1..47 */
	uint32_t parent;       /* a ward's designated city, else 0 */
	const char *name_ja;   /* 札幌市中央区 */
	const char *name_kana; /* "" when not known */
	const char *name_en;   /* Sapporo-shi Chuo-ku; "" when not known */
	struct date from;      /* first day; year 0: before the record */
	struct date until;     /* the day it stopped, not included; year 0:
	                        * still in force */
	const char *began;     /* the change that began it: its type as
	                        * e-Stat names it and the codes of the other
	                        * bodies ("市制施行 403059"); "" for none */
	const char *ended;     /* the change that ended it, the same way */
	unsigned line;         /* its line in the roster file */
};

struct roster {
	const char *path;      /* the file, as named; owned */
	struct roster_span *v; /* sorted by code, then by date */
	size_t n;
	struct date end;       /* where the record of changes ends: the
	                        * latest valid_from or valid_until of the
	                        * file (2024-01-01 for input/roster.csv,
	                        * the last change of e-Stat's record); year
	                        * 0 when it has none.  Later changes are not
	                        * known: on a later date the roster answers
	                        * as on this one */
	struct table *table; /* owns the strings */
};

/*
 * Reads the roster at path: a CSV file with the columns code, kind,
 * name_ja, and optionally pref, parent, name_kana, name_en, valid_from,
 * valid_until (YYYY-MM-DD), began and ended; input/README.md describes
 * them.  Reports every bad row (file:line:column) and spans of one code
 * that overlap.  Sets end from the dates of the spans.  Returns NULL after reporting errors; the caller frees
 * the result with roster_free.
 */
struct roster *roster_read(const char *path);
void roster_free(struct roster *r);

/* Is kind a municipality (市, 町, 村, 特別区, 政令指定都市)? */
bool roster_kind_municipal(enum roster_kind kind);

/* The span of code in force on d, or NULL. */
const struct roster_span *roster_on(const struct roster *r, uint32_t code,
                                    const struct date *d);
/* Is code a municipality on d? */
bool roster_municipality(const struct roster *r, uint32_t code,
                         const struct date *d);
/* Does the roster hold code on any date? */
bool roster_knows(const struct roster *r, uint32_t code);
/* The spans of code, in date order: *n of them, none when the roster does
 * not hold it.  Borrowed from r. */
const struct roster_span *roster_spans(const struct roster *r, uint32_t code,
                                       size_t *n);

/*
 * Appends to out, for a code that is not a municipality on d, what it is
 * and why, as a message says it after the code:
 *   "青森県 is not a municipality: it is the prefecture's own code"
 *   "富谷市 is not a municipality on 2016-04-01: it is one from
 *    2016-10-10, when 富谷町 044237 became a city (市制施行)"
 * Nothing for a municipality.  Returns false when the roster does not
 * know the code at all (out then says so).
 */
bool roster_explain(const struct roster *r, uint32_t code, const struct date *d,
                    struct buf *out);

/* Calls fn for each municipality in force on d, by code. */
void roster_each(const struct roster *r, const struct date *d,
                 void (*fn)(const struct roster_span *s, void *ctx), void *ctx);

#endif
