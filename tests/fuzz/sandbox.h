/*
 * A sandbox for the fuzzers that read files: files of the repository,
 * read into memory once, and the input under a name of its own; reading
 * is confined to them (infile_confine), so that nothing else can be
 * opened, whatever an input names.  Run the fuzzers from the top of the
 * repository, as make fuzz does.
 */
#include <glob.h>
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "infile.h"
#include "msg.h"
#include "xalloc.h"

#define SANDBOX_MAX 64

static struct infile_source sandbox[SANDBOX_MAX];
static struct buf sandbox_data[SANDBOX_MAX];
static size_t nsandbox;

/* Adds the files that match pattern (glob(3)), under their paths. */
static inline void
sandbox_add(const char *pattern)
{
	glob_t g;
	size_t i;

	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc && nsandbox < SANDBOX_MAX - 1; i++) {
		struct buf *b = &sandbox_data[nsandbox];

		if (!infile_load(g.gl_pathv[i], INFILE_INPUT, b))
			continue;
		sandbox[nsandbox++] = (struct infile_source){
			xstrdup(g.gl_pathv[i]), b->data, b->len};
	}
	globfree(&g);
}

/* Confines reading to the files added and the size bytes at data, called
 * name. */
static inline void
sandbox_enter(const char *name, const uint8_t *data, size_t size)
{
	sandbox[nsandbox] =
		(struct infile_source){name, (const char *)data, size};
	infile_confine(sandbox, nsandbox + 1);
}
