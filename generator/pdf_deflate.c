/*
 * Compression of everything a PDF holds compressed (content streams, the
 * font program, embedded files) with libdeflate at level 6: the same or
 * smaller output than zlib's level 6, two to three times as fast.  One
 * compressor serves a thread for all its streams, so its memory (some
 * 300 KB, costly to touch fresh on these machines) is touched once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "msg.h"
#include "pdf.h"
#include "xalloc.h"

#define LEVEL 6

int
pdf_inflate(const void *z, size_t len, size_t cap, struct buf *out)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	/* libdeflate wants room for the whole output: a guess, doubled
	 * until the stream fits or the room passes the cap. */
	size_t room = len < cap / 8 ? 8 * len + 4096 : cap + 1, got = 0;
	enum libdeflate_result r = LIBDEFLATE_BAD_DATA;
	int rc = -1;

	if (d == NULL)
		msg_fatal("out of memory");
	for (;;) {
		r = libdeflate_zlib_decompress(d, z, len, buf_space(out, room),
					       room, &got);
		if (r != LIBDEFLATE_INSUFFICIENT_SPACE || room > cap)
			break;
		room = room > cap / 2 ? cap + 1 : 2 * room;
	}
	if (r == LIBDEFLATE_INSUFFICIENT_SPACE || (r == LIBDEFLATE_SUCCESS &&
						   got > cap))
		rc = -2;
	else if (r == LIBDEFLATE_SUCCESS) {
		out->len += got;
		rc = 0;
	}
	out->data[out->len] = '\0';
	libdeflate_free_decompressor(d);
	return rc;
}

struct pdf_deflater {
	struct libdeflate_compressor *c;
};

struct pdf_deflater *
pdf_deflater_new(void)
{
	struct pdf_deflater *d = xcalloc(1, sizeof *d);

	if ((d->c = libdeflate_alloc_compressor(LEVEL)) == NULL)
		msg_fatal("out of memory");
	return d;
}

void
pdf_deflater_run(struct pdf_deflater *d, const void *data, size_t len,
		 struct buf *out)
{
	size_t bound = libdeflate_zlib_compress_bound(d->c, len), n;
	char *p = buf_space(out, bound);

	n = libdeflate_zlib_compress(d->c, data, len, p, bound);
	if (n == 0)
		msg_fatal("cannot compress %zu bytes", len);
	out->len += n;
	out->data[out->len] = '\0';
}

void
pdf_deflater_free(struct pdf_deflater *d)
{
	if (d == NULL)
		return;
	libdeflate_free_compressor(d->c);
	free(d);
}

/* The compressor of pdf_deflate, made on first use and kept: any thread
 * may call it, one at a time. */
static struct pdf_deflater *shared;
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

void
pdf_deflate(const void *data, size_t len, struct buf *out)
{
	pthread_mutex_lock(&shared_lock);
	if (shared == NULL)
		shared = pdf_deflater_new();
	pdf_deflater_run(shared, data, len, out);
	pthread_mutex_unlock(&shared_lock);
}

/* --- what was compressed, kept between runs --------------------------- */

char *
pdf_deflate_cache_dir(const char *base)
{
	char *dir = xasprintf("%s/deflate-%s-%d", base,
			      LIBDEFLATE_VERSION_STRING, LEVEL);

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		free(dir);
		return NULL;
	}
	return dir;
}

/* The entry of dir named name, read into out; false if there is none. */
static bool
read_entry(const char *dir, const char *name, size_t cap, struct buf *out)
{
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	bool ok = false;
	ssize_t n = 1;
	size_t got = 0;
	char *p;

	free(path);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (size_t)st.st_size <= cap) {
		p = buf_space(out, (size_t)st.st_size);
		while (got < (size_t)st.st_size && n > 0)
			if ((n = read(fd, p + got, (size_t)st.st_size - got)) > 0)
				got += (size_t)n;
			else if (n < 0 && errno == EINTR)
				n = 1;
		ok = got == (size_t)st.st_size;
		out->len += got;
		out->data[out->len] = '\0';
		/* Used now: the last to be dropped. */
		if (ok)
			futimens(fd, NULL);
	}
	close(fd);
	return ok;
}

/* Keeps the DEFLATE_CACHED entries of dir used last, dropping the rest. */
static void
prune(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct entry {
		char *path;
		struct timespec used;
	} *v = NULL;
	size_t n = 0, i, k;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n].path = path;
		v[n++].used = st.st_mtim;
	}
	closedir(d);
	/* Drop the oldest while there are too many. */
	while (n > DEFLATE_CACHED) {
		for (i = 0, k = 1; k < n; k++)
			if (v[k].used.tv_sec < v[i].used.tv_sec ||
			    (v[k].used.tv_sec == v[i].used.tv_sec &&
			     v[k].used.tv_nsec < v[i].used.tv_nsec))
				i = k;
		unlink(v[i].path);
		free(v[i].path);
		v[i] = v[--n];
	}
	for (i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

/* Writes the n bytes at p as the entry name of dir: whole or not at all
 * (a temporary file renamed), not flushed (a torn entry is caught when
 * read back, and compressed anew). */
static void
write_entry(const char *dir, const char *name, const char *p, size_t n)
{
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, name);
	char *path = xasprintf("%s/%s", dir, name);
	int fd = mkstemp(tmp);
	bool ok = fd >= 0 && fchmod(fd, 0644) == 0;
	ssize_t w;

	while (ok && n > 0)
		if ((w = write(fd, p, n)) > 0) {
			p += w;
			n -= (size_t)w;
		} else
			ok = w < 0 && errno == EINTR;
	if (fd >= 0)
		close(fd);
	if (ok && rename(tmp, path) == 0)
		prune(dir);
	else if (fd >= 0)
		unlink(tmp);
	free(tmp);
	free(path);
}

void
pdf_deflate_cached(struct pdf_deflater **d, const char *dir, const char *key,
		   const void *data, size_t len, struct buf *out)
{
	struct buf z = {0}, check = {0};
	char *name;

	if (dir == NULL) {
		if (*d == NULL)
			*d = pdf_deflater_new();
		pdf_deflater_run(*d, data, len, out);
		return;
	}
	name = xasprintf("%s.z", key);
	/* A zlib stream is never much larger than what it holds. */
	if (read_entry(dir, name, len + len / 8 + 1024, &z) &&
	    pdf_inflate(z.data, z.len, len, &check) == 0 &&
	    check.len == len && memcmp(check.data, data, len) == 0) {
		buf_add(out, z.data, z.len);
	} else {
		size_t start = out->len;

		if (*d == NULL)
			*d = pdf_deflater_new();
		pdf_deflater_run(*d, data, len, out);
		write_entry(dir, name, out->data + start, out->len - start);
	}
	free(name);
	buf_free(&z);
	buf_free(&check);
}
