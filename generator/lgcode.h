/*
 * Japanese local government codes (全国地方公共団体コード): five digits
 * (2 prefecture + 3 municipality) and a mod-11 check digit.  Pure
 * functions; used by table and by the unit tests.
 */
#ifndef BRIEFGEN_LGCODE_H
#define BRIEFGEN_LGCODE_H

#include <stdbool.h>
#include <stdint.h>

/* Returns the check digit for the five-digit code d5 (0..99999). */
int lgcode_check_digit(uint32_t d5);

enum lgcode_status {
	LGCODE_OK,         /* six digits with a correct check digit */
	LGCODE_COMPLETED,  /* five digits; the check digit was added */
	LGCODE_BAD_FORMAT, /* not five or six ASCII digits */
	LGCODE_BAD_CHECK,  /* six digits, wrong check digit */
	LGCODE_BAD_PREF    /* prefecture part not 01..47 */
};

/* Parses s (ASCII digits only, already trimmed) into a six-digit code.
 * *code is set for LGCODE_OK, LGCODE_COMPLETED and LGCODE_BAD_CHECK. */
enum lgcode_status lgcode_parse(const char *s, uint32_t *code);

/* The prefecture number (1..47) of a six-digit code. */
static inline int
lgcode_pref(uint32_t code)
{
	return (int)(code / 10000);
}

#endif
