/*
 * Arena allocation for the many small, same-lifetime pieces of a stage
 * result (cell strings, spec nodes, display-list items).  Freeing the
 * arena frees them all.  Any module may include this.
 */
#ifndef BRIEFGEN_ARENA_H
#define BRIEFGEN_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* newest chunk first; NULL when empty */
};

/* Returns size bytes aligned for any type, zero-filled, owned by a. */
void *arena_alloc(struct arena *a, size_t size);
/* Copies n bytes of s and a terminating NUL into a. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Frees every allocation; a is empty and reusable afterwards. */
void arena_free(struct arena *a);

#endif
