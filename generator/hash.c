#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "infile.h"
#include "xalloc.h"

struct hash
hash_data(const void *p, size_t n)
{
	struct sha256_ctx ctx;
	struct hash h;

	sha256_init(&ctx);
	sha256_update(&ctx, n, p);
	sha256_digest(&ctx, HASH_LEN, h.v);
	return h;
}

bool
hash_file(const char *path, struct hash *out)
{
	/* Read, not mapped: a mapped font would count in the process's
	 * resident memory, all 6 MB of it. */
	enum { CHUNK = 1 << 18 };
	struct sha256_ctx ctx;
	char *chunk;
	ssize_t n;
	int fd = infile_fd(path), saved;

	if (fd < 0)
		return false;
	chunk = xmalloc(CHUNK);
	sha256_init(&ctx);
	while ((n = read(fd, chunk, CHUNK)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			sha256_update(&ctx, (size_t)n, (const uint8_t *)chunk);
	saved = errno;
	free(chunk);
	close(fd);
	if (n < 0) {
		errno = saved;
		return false;
	}
	sha256_digest(&ctx, HASH_LEN, out->v);
	return true;
}

/* The cache line key of a file: what changes when the file does. */
static char *
cache_key(const char *path, const struct stat *st)
{
	return xasprintf("%llu %llu %lld %lld.%09ld %s",
			 (unsigned long long)st->st_dev,
			 (unsigned long long)st->st_ino, (long long)st->st_size,
			 (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
			 path);
}

/* Looks key up in the cache file's lines "HEX KEY". */
static bool
cache_find(const char *cache, const char *key, struct hash *out)
{
	int fd = infile_fd(cache);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	char line[4096];
	bool found = false;

	if (f == NULL) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	while (!found && fgets(line, sizeof line, f) != NULL) {
		size_t n = strcspn(line, "\n");

		line[n] = '\0';
		if (n > HASH_HEX && line[HASH_HEX - 1] == ' ' &&
		    strcmp(line + HASH_HEX, key) == 0) {
			line[HASH_HEX - 1] = '\0';
			found = hash_parse(line, out);
		}
	}
	fclose(f);
	return found;
}

bool
hash_cache_find(const char *path, const char *cache, struct hash *out)
{
	struct stat st;
	char *key;
	bool found;

	if (cache == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	key = cache_key(path, &st);
	found = cache_find(cache, key, out);
	free(key);
	return found;
}

bool
hash_file_cached(const char *path, const char *cache, struct hash *out)
{
	struct stat st;
	char hex[HASH_HEX], *key, *line;
	bool ok;
	int fd;

	if (cache == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return hash_file(path, out);
	key = cache_key(path, &st);
	if (cache_find(cache, key, out)) {
		free(key);
		return true;
	}
	if ((ok = hash_file(path, out))) {
		/* One write of one line with O_APPEND: processes that add
		 * at the same time do not mix their lines. */
		hash_hex(out, hex);
		line = xasprintf("%s %s\n", hex, key);
		fd = open(cache, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK |
					 O_NOCTTY | O_CLOEXEC,
			  0666);
		if (fd >= 0) {
			if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
			    write(fd, line, strlen(line)) < 0)
				ok = true; /* the cache is only an aid */
			close(fd);
		}
		free(line);
	}
	free(key);
	return ok;
}

void
hash_hex(const struct hash *h, char hex[HASH_HEX])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < HASH_LEN; i++) {
		hex[2 * i] = digits[h->v[i] >> 4];
		hex[2 * i + 1] = digits[h->v[i] & 15];
	}
	hex[2 * HASH_LEN] = '\0';
}

static int
nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
hash_parse(const char *s, struct hash *out)
{
	size_t i;

	for (i = 0; i < HASH_LEN; i++) {
		int hi = nibble(s[2 * i]);
		int lo = hi < 0 ? -1 : nibble(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out->v[i] = (uint8_t)(hi << 4 | lo);
	}
	return nibble(s[2 * HASH_LEN]) < 0;
}

bool
hash_equal(const struct hash *a, const struct hash *b)
{
	return memcmp(a->v, b->v, HASH_LEN) == 0;
}
