/*
 * Allocation wrappers.  On exhaustion they print one line and exit with
 * status 3, so callers never test for NULL.  Any module may include this.
 */
#ifndef BRIEFGEN_XALLOC_H
#define BRIEFGEN_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* Resizes p to n * size bytes, exiting on overflow as on exhaustion. */
void *xreallocarray(void *p, size_t n, size_t size);
/*
 * Makes room for one more element in p, an array of n elements of size
 * bytes that only xgrow has sized (NULL when n is 0), and returns it.
 * The room doubles (8, 16, 32... elements), so that adding elements one
 * at a time copies each a bounded number of times, even where realloc
 * never grows a block in place (AddressSanitizer's).
 */
void *xgrow(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
