/*
 * Growable byte buffers, always NUL-terminated.
 * Any module may include this.
 */
#ifndef BRIEFGEN_BUF_H
#define BRIEFGEN_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data; /* NUL-terminated when non-NULL; owned */
	size_t len; /* bytes before the NUL */
	size_t cap; /* bytes allocated */
};

void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Makes room for n more bytes and returns where they go; the caller
 * writes them and then adds n to len. */
char *buf_space(struct buf *b, size_t n);
/* Empties b but keeps its storage. */
void buf_clear(struct buf *b);
/* Frees the storage; b is empty and reusable afterwards. */
void buf_free(struct buf *b);
#endif
