/*
 * Stable text dumps of stage results, for --dump-layout and the golden
 * tests.  Coordinates are printed in points with two decimals, colours as
 * #rrggbb, text quoted with C escapes for '"' and '\'.  Used by main,
 * batch and the tests.
 */
#ifndef BRIEFGEN_DUMP_H
#define BRIEFGEN_DUMP_H

#include <stdio.h>

struct fonts;
struct pages;

/* Writes the display list of every page to out. */
void dump_pages(FILE *out, const struct pages *p, const struct fonts *fonts);

#endif
