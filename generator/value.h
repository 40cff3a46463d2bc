/*
 * Survey values as offices write them.  Trims white space (the
 * ideographic space U+3000 too), normalizes text to Unicode NFKC so that
 * full-width and half-width forms compare equal, knows the markers of a
 * missing value and parses numbers in Japanese notation (１，２３４, ▲12,
 * △12, －12, 12.5%); compares names and reads radicals as ideographs.
 * Pure functions over UTF-8 text, with libunistring (NFKC, decoding, as
 * utf8.c).  Used by table, codes, batch and the tests.
 */
#ifndef BRIEFGEN_VALUE_H
#define BRIEFGEN_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* Removes white space from both ends of s in place (ASCII space and tab,
 * U+00A0 NO-BREAK SPACE, U+3000 IDEOGRAPHIC SPACE) and returns the start
 * of what remains. */
char *value_trim(char *s);
/* As value_trim, for the string s..e (*e is its NUL). */
char *value_trim_end(char *s, char *e);

/*
 * Writes s normalized to NFKC and trimmed into out (emptied first) and
 * returns out->data.  With fold, ASCII letters become lower case too (for
 * column names).  ASCII text is only trimmed; text that is not valid
 * UTF-8 is kept as it is.
 */
const char *value_normalize(const char *s, bool fold, struct buf *out);

/* Does the trimmed text s name a total rather than a place, as the rows
 * at the foot of a spreadsheet's table do: 合計, 総計, 小計, 北海道計,
 * (計), 全国? */
bool value_is_total(const char *s);

/* Does the trimmed text s say that the value is missing?  Empty, "-",
 * "－", "―", "—", "−", "ー", "…", "‥" and "..." do; missing is not zero. */
bool value_is_missing(const char *s);

/*
 * 2^53: the magnitude from which a double no longer holds every integer,
 * so that a sum would gain digits no survey gave.  A survey value, a sum
 * and a number in a layout must stay below it.
 */
#define VALUE_MAX 9007199254740992.0

/*
 * Parses the trimmed text s as a number: digits, optionally grouped by
 * commas in threes ("1,234"), optionally with a decimal point; in
 * full-width or half-width forms; negative with a leading "-", "－", "−",
 * "▲" or "△"; a trailing "%" divides by 100.  Returns false if s is not
 * a number.
 */
bool value_number(const char *s, double *out);

/* Writes into out (emptied first) the form of the name s that names are
 * compared in: NFKC (which also reads Kangxi radicals as ideographs),
 * without variation selectors and white space, with CJK radicals (⻑)
 * read as their ideographs as Kangxi radicals are, and with the variant
 * forms place names are written in folded (髙 as 高, 﨑 as 崎, ヶ as ケ):
 * they write the same name.  Returns out->data. */
const char *value_name_key(const char *s, struct buf *out);

/* The offset in s of the first character followed by a variation
 * selector, or -1; sets *base and *vs. */
long value_find_variant(const char *s, uint32_t *base, uint32_t *vs);

/* Does s hold a Kangxi radical (U+2F00-U+2FDF) or a CJK radical
 * (U+2E80-U+2EFF)? */
bool value_has_radical(const char *s);
/* Replaces, in place, each radical of s that stands for a unified
 * ideograph of the BMP (EquivalentUnifiedIdeograph.txt of Unicode 15.0,
 * which for Kangxi radicals is their compatibility decomposition) with
 * that ideograph, which takes as many bytes.  Returns how many were
 * replaced; sets *from and *to to the first. */
size_t value_fold_radicals(char *s, uint32_t *from, uint32_t *to);

#endif
