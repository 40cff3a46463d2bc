/*
 * Documents known to be valid: compiling both RelaxNG schemas and
 * validating costs more than the rest of reading a layout, and a render
 * mostly reads the layouts of the run before.  A document that validated
 * is remembered by the SHA-256 of what validation looks at: the libxml2
 * version, the schema, and the tree after XInclude (element and attribute
 * names with their namespaces and values, text, entity references; not
 * comments, processing instructions or line numbers, which validation
 * ignores).  The same digest is the same tree, so validation would give
 * the same result: it is skipped, and stays complete.  Digests are kept,
 * one a line, in a file of the user's cache beside the font digests.
 */
#define _DEFAULT_SOURCE /* O_CLOEXEC with _POSIX_C_SOURCE */
#include <fcntl.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "hash.h"
#include "spec_int.h"
#include "xalloc.h"

/* Past this size the file starts again: it only speeds things up. */
#define CACHE_MAX (256 * 1024)

static char *cache_file;

void
spec_valid_cache(const char *path)
{
	free(cache_file);
	cache_file = path != NULL ? xstrdup(path) : NULL;
}

void
spec_valid_cleanup(void)
{
	spec_valid_cache(NULL);
}

/* Appends a tag, the length of s and s. */
static void
put(struct buf *b, char tag, const xmlChar *s)
{
	size_t n = s != NULL ? strlen((const char *)s) : 0;
	unsigned char len[4] = {(unsigned char)(n >> 24),
				(unsigned char)(n >> 16),
				(unsigned char)(n >> 8), (unsigned char)n};

	buf_addc(b, tag);
	buf_add(b, len, 4);
	buf_add(b, s != NULL ? (const char *)s : "", n);
}

static void
put_element(struct buf *b, xmlNodePtr n)
{
	xmlAttrPtr a;
	xmlNodePtr c;

	put(b, 'E', n->name);
	put(b, 'N', n->ns != NULL ? n->ns->href : NULL);
	for (a = n->properties; a != NULL; a = a->next) {
		put(b, 'A', a->name);
		put(b, 'N', a->ns != NULL ? a->ns->href : NULL);
		for (c = a->children; c != NULL; c = c->next)
			put(b, c->type == XML_ENTITY_REF_NODE ? 'R' : 'T',
			    c->type == XML_ENTITY_REF_NODE ? c->name
							   : c->content);
	}
}

/* The tree as validation sees it, walked without recursion. */
static void
serialize(struct buf *b, xmlDocPtr doc)
{
	xmlNodePtr n = doc->children;

	while (n != NULL) {
		switch (n->type) {
		case XML_ELEMENT_NODE:
			put_element(b, n);
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
			buf_addc(b, ')');
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			put(b, 'T', n->content);
			break;
		case XML_ENTITY_REF_NODE:
			put(b, 'R', n->name);
			break;
		default: /* comments, PIs, XInclude markers: ignored */
			break;
		}
		while (n != NULL && n->next == NULL) {
			n = n->parent;
			if (n == NULL || n->type != XML_ELEMENT_NODE)
				return;
			buf_addc(b, ')');
		}
		if (n != NULL)
			n = n->next;
	}
}

/* Is the line of hex in the cache file? */
static bool
cached(const char hex[HASH_HEX])
{
	int fd = open(cache_file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	struct buf b = {0};
	const char *p;
	bool found = false;
	ssize_t got;

	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size <= CACHE_MAX) {
		char *at = buf_space(&b, (size_t)st.st_size + 1);

		if ((got = read(fd, at, (size_t)st.st_size)) > 0) {
			b.len = (size_t)got;
			b.data[b.len] = '\0';
			for (p = b.data; !found && p != NULL;
			     p = strchr(p, '\n'), p = p ? p + 1 : NULL)
				found = strncmp(p, hex, HASH_HEX - 1) == 0 &&
					p[HASH_HEX - 1] == '\n';
		}
	}
	close(fd);
	buf_free(&b);
	return found;
}

bool
spec_known_valid(struct rng *g, xmlDocPtr doc, struct hash *key)
{
	struct buf b = {0};
	char hex[HASH_HEX];

	if (!g->summed) {
		g->sum = hash_data(g->text, g->len);
		g->summed = true;
	}
	buf_adds(&b, spec_version());
	buf_add(&b, g->sum.v, HASH_LEN);
	serialize(&b, doc);
	*key = hash_data(b.data, b.len);
	buf_free(&b);
	if (cache_file == NULL)
		return false;
	hash_hex(key, hex);
	return cached(hex);
}

void
spec_remember_valid(const struct hash *key)
{
	char line[HASH_HEX + 1];
	struct stat st;
	int fd;

	if (cache_file == NULL)
		return;
	if (stat(cache_file, &st) == 0 && st.st_size > CACHE_MAX)
		unlink(cache_file);
	hash_hex(key, line);
	line[HASH_HEX - 1] = '\n';
	/* One write of one line with O_APPEND: runs that add lines at the
	 * same time do not mix them. */
	fd = open(cache_file, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK |
				      O_CLOEXEC,
		  0666);
	if (fd >= 0) {
		if (write(fd, line, HASH_HEX) < 0) {
			/* the cache is only an aid */
		}
		close(fd);
	}
}
