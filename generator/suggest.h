/*
 * "Did you mean": the known name nearest to a misspelt one.  Used by main
 * for commands, options and pack ids.
 */
#ifndef BRIEFGEN_SUGGEST_H
#define BRIEFGEN_SUGGEST_H

#include <stddef.h>

/*
 * The name among the n names nearest to word by the optimal string
 * alignment distance (a byte inserted, deleted, changed, or two
 * neighbours swapped, each counting 1), when word is near enough to be a
 * misspelling of it: at most 2 edits, and at most a third of the longer
 * of the two.  Of names equally near, the first.  Returns NULL when none
 * is; the result is one of names, borrowed.
 */
const char *suggest_nearest(const char *word, const char *const *names,
                            size_t n);

#endif
