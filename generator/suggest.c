#include "suggest.h"

#include <string.h>

/* Names longer than this are never suggested, nor words compared. */
#define LONGEST 64

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* The optimal string alignment distance between a and b, both at most
 * LONGEST bytes: three rows of the dynamic programme suffice. */
static size_t
distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t rows[3][LONGEST + 1], *prev2 = rows[0], *prev = rows[1],
	                             *cur = rows[2], *t, i, j;

	for (j = 0; j <= nb; j++)
		prev[j] = j;
	for (i = 1; i <= na; i++) {
		cur[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t cost = a[i - 1] != b[j - 1];

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1,
			              prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[nb];
}

const char *
suggest_nearest(const char *word, const char *const *names, size_t n)
{
	size_t nw = strlen(word), best = (size_t)-1, i;
	const char *found = NULL;

	if (nw > LONGEST)
		return NULL;
	for (i = 0; i < n; i++) {
		size_t nn = strlen(names[i]), longer = nn > nw ? nn : nw, d;

		if (nn > LONGEST)
			continue;
		d = distance(word, nw, names[i], nn);
		if (d > 0 && d <= 2 && 3 * d <= longer && d < best) {
			best = d;
			found = names[i];
		}
	}
	return found;
}
