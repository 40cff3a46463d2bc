#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	int fd = open(path, O_RDONLY | O_CLOEXEC), saved;

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
