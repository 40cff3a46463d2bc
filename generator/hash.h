/*
 * SHA-256 digests of buffers and files (nettle), and their hexadecimal
 * form.  The only user of nettle.  Used by batch, for the manifest of the
 * sources a PDF carries and for its /ID.
 */
#ifndef BRIEFGEN_HASH_H
#define BRIEFGEN_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HASH_LEN 32           /* bytes of a SHA-256 digest */
#define HASH_HEX (2 * HASH_LEN + 1) /* its hexadecimal form with a NUL */

struct hash {
	uint8_t v[HASH_LEN];
};

/* The digest of the n bytes at p. */
struct hash hash_data(const void *p, size_t n);
/* The digest of the file at path.  Returns false, errno set, when the
 * file cannot be read or is not a regular file (infile_fd); reports
 * nothing, so threads may call it. */
bool hash_file(const char *path, struct hash *out);
/*
 * As hash_file, remembering digests in the file cache (lines of digest,
 * device, inode, size, modification time and path): a file that matches
 * a line is not read again.  With cache NULL, or when the cache cannot be
 * read or written, the file is simply hashed.
 */
bool hash_file_cached(const char *path, const char *cache, struct hash *out);
/* The digest the file cache remembers for the file at path as it is now
 * (same device, inode, size and modification time); false when it
 * remembers none.  Reads the file at path not at all. */
bool hash_cache_find(const char *path, const char *cache, struct hash *out);
/* Writes h as 64 lower-case hexadecimal digits and a NUL into hex. */
void hash_hex(const struct hash *h, char hex[HASH_HEX]);
/* Parses 64 hexadecimal digits; returns false if s is not one. */
bool hash_parse(const char *s, struct hash *out);
bool hash_equal(const struct hash *a, const struct hash *b);

#endif
