#define _DEFAULT_SOURCE /* realpath */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "msg.h"
#include "xalloc.h"

#define MIB (UINT64_C(1) << 20)

static struct {
	const char *name;
	uint64_t bytes;
} caps[INFILE_NCAPS] = {
        [INFILE_INPUT] = {"input", 256 * MIB},
        [INFILE_PDF] = {"pdf", 256 * MIB},
        [INFILE_ATTACHMENT] = {"attachment", 256 * MIB},
        [INFILE_SOURCES] = {"sources", 512 * MIB},
        [INFILE_SHEET] = {"sheet", 1024 * MIB},
        [INFILE_LAYOUT] = {"layout", 16 * MIB},
};

/* The files read so far, by device and inode. */
struct seen {
	dev_t dev;
	ino_t ino;
	char *path;
};

static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct seen *seen;
static size_t nseen;

/* Standard input, read whole on first use. */
static struct buf stdin_data;
static bool stdin_done, stdin_ok;

/* The sources reading is confined to, when nsources > 0, sorted by
 * name. */
static const struct infile_source **sources;
static size_t nsources;

/* --- caps ------------------------------------------------------------ */

bool
infile_set_limit(const char *arg)
{
	const char *eq = strchr(arg, '=');
	unsigned long long v;
	char *end;
	size_t i;

	if (eq == NULL || eq[1] < '0' || eq[1] > '9')
		return false;
	errno = 0;
	v = strtoull(eq + 1, &end, 10);
	if (errno != 0 || v == 0)
		return false;
	if (*end != '\0') {
		const char *units = "KMG";
		const char *u = strchr(units, *end);

		if (u == NULL || *end == '\0' || end[1] != '\0' ||
		    v > (UINT64_MAX >> (10 * (u - units + 1))))
			return false;
		v <<= 10 * (u - units + 1);
	}
	for (i = 0; i < INFILE_NCAPS; i++)
		if (strlen(caps[i].name) == (size_t)(eq - arg) &&
		    strncmp(caps[i].name, arg, (size_t)(eq - arg)) == 0) {
			caps[i].bytes = v;
			return true;
		}
	return false;
}

uint64_t
infile_limit(enum infile_cap cap)
{
	return caps[cap].bytes;
}

char *
infile_too_big_text(enum infile_cap cap)
{
	uint64_t b = caps[cap].bytes;
	unsigned long long v = b;
	const char *unit = "bytes";

	if (b >= (UINT64_C(1) << 30) && b % (UINT64_C(1) << 30) == 0)
		v = b >> 30, unit = "GiB";
	else if (b >= MIB && b % MIB == 0)
		v = b >> 20, unit = "MiB";
	else if (b >= 1024 && b % 1024 == 0)
		v = b >> 10, unit = "KiB";
	return xasprintf("larger than the %s limit, %llu %s (raise it with "
			 "--limit %s=SIZE)",
			 caps[cap].name, v, unit, caps[cap].name);
}

void
infile_too_big(const char *what, enum infile_cap cap)
{
	char *text = infile_too_big_text(cap);

	msg_error(&(struct loc){what, 0, 0}, "%s", text);
	free(text);
}

/* --- the files read ---------------------------------------------------- */

static void
remember(const struct stat *st, const char *path)
{
	size_t i;

	pthread_mutex_lock(&seen_lock);
	for (i = 0; i < nseen; i++)
		if (seen[i].dev == st->st_dev && seen[i].ino == st->st_ino)
			break;
	if (i == nseen) {
		seen = xgrow(seen, nseen, sizeof *seen);
		seen[nseen++] =
		        (struct seen){st->st_dev, st->st_ino, xstrdup(path)};
	}
	pthread_mutex_unlock(&seen_lock);
}

void
infile_forget(void)
{
	size_t i;

	pthread_mutex_lock(&seen_lock);
	for (i = 0; i < nseen; i++)
		free(seen[i].path);
	nseen = 0;
	pthread_mutex_unlock(&seen_lock);
}

const char *
infile_input_named(const struct stat *st)
{
	const char *path = NULL;
	struct stat now;
	size_t i;

	pthread_mutex_lock(&seen_lock);
	for (i = 0; i < nseen && path == NULL; i++)
		/* A file read earlier in a long run (watch) may be gone and
		 * its inode given to another: only a path that still names
		 * the file counts. */
		if (seen[i].dev == st->st_dev && seen[i].ino == st->st_ino &&
		    (strcmp(seen[i].path, "-") == 0
			     ? fstat(STDIN_FILENO, &now)
			     : stat(seen[i].path, &now)) == 0 &&
		    now.st_dev == st->st_dev && now.st_ino == st->st_ino)
			path = seen[i].path;
	pthread_mutex_unlock(&seen_lock);
	return path;
}

const char *
infile_kind(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return "a directory";
	if (S_ISFIFO(st->st_mode))
		return "a FIFO";
	if (S_ISCHR(st->st_mode))
		return "a character device";
	if (S_ISBLK(st->st_mode))
		return "a block device";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	return "not a regular file";
}

/*
 * Opens the regular file at path without blocking: stat first, so that a
 * device is never opened at all, then fstat what was opened, in case it
 * was replaced in between.  Returns the descriptor, or -1 with errno set
 * (EINVAL: not a regular file, *st says what; EFBIG: beyond the cap).
 */
static int
open_regular(const char *path, uint64_t cap, struct stat *st)
{
	int fd;

	if (stat(path, st) != 0)
		return -1;
	if (!S_ISREG(st->st_mode)) {
		errno = EINVAL;
		return -1;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) ||
	    (uint64_t)st->st_size > cap) {
		int e = errno;

		if (!S_ISREG(st->st_mode))
			e = EINVAL;
		else if ((uint64_t)st->st_size > cap)
			e = EFBIG;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int
infile_fd(const char *path)
{
	struct stat st;
	int fd = open_regular(path, caps[INFILE_INPUT].bytes, &st);

	if (fd >= 0)
		remember(&st, path);
	return fd;
}

/* Reports why open_regular failed on path, at ref if not NULL. */
static void
open_failed(const char *path, enum infile_cap cap, const struct stat *st,
            const struct loc *ref)
{
	struct loc loc = {path, 0, 0};
	char *what = ref ? xasprintf("\"%s\": ", path) : xstrdup("");

	if (errno == EINVAL)
		msg_error(ref ? ref : &loc,
		          "%s%s, not a regular file: briefgen reads only "
		          "regular files",
		          what, infile_kind(st));
	else if (errno == EFBIG)
		infile_too_big(path, cap);
	else
		msg_syserr_at(ref ? ref : &loc, "%scannot open", what);
	free(what);
}

/* Reads standard input whole, once; false after reporting. */
static bool
load_stdin(void)
{
	struct stat st;
	ssize_t n;

	if (stdin_done)
		return stdin_ok;
	stdin_done = true;
	if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode))
		remember(&st, "-");
	for (;;) {
		char *p = buf_space(&stdin_data, 65536);

		n = read(STDIN_FILENO, p, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		stdin_data.len += (size_t)n;
		stdin_data.data[stdin_data.len] = '\0';
		if (stdin_data.len > caps[INFILE_INPUT].bytes) {
			infile_too_big("-", INFILE_INPUT);
			return false;
		}
	}
	if (n < 0) {
		msg_syserr("-", "cannot read standard input");
		return false;
	}
	stdin_ok = true;
	return true;
}

/* --- confinement ------------------------------------------------------- */

static int
by_name(const void *a, const void *b)
{
	const struct infile_source *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

void
infile_confine(const struct infile_source *v, size_t n)
{
	size_t i;

	free(sources);
	sources = n > 0 ? xreallocarray(NULL, n, sizeof *sources) : NULL;
	for (i = 0; i < n; i++)
		sources[i] = &v[i];
	if (n > 0)
		qsort(sources, n, sizeof *sources, by_name);
	nsources = n;
}

/* The source called name (a path made inside them), or NULL. */
static const struct infile_source *
find_source(const char *name)
{
	const struct infile_source key = {name, NULL, 0}, *k = &key;
	const struct infile_source **s;

	if (name == NULL)
		return NULL;
	s = bsearch(&k, sources, nsources, sizeof *sources, by_name);
	return s != NULL ? *s : NULL;
}

bool
infile_confined(void)
{
	return nsources > 0;
}

char *
infile_inside(const char *path)
{
	struct buf b = {0};
	const char *p = path;

	if (*p == '/')
		return NULL;
	while (*p != '\0') {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (b.len == 0) {
				buf_free(&b);
				return NULL;
			}
			while (b.len > 0 && b.data[--b.len] != '/')
				continue;
			b.data[b.len] = '\0';
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (b.len > 0)
				buf_addc(&b, '/');
			buf_add(&b, p, n);
		}
		p += n + (p[n] == '/');
	}
	return b.data; /* NULL when nothing is left */
}

/* The source path names; NULL after reporting (at ref if not NULL). */
static const struct infile_source *
source(const char *path, const struct loc *ref)
{
	char *name = infile_inside(path);
	const struct infile_source *s = find_source(name);

	if (s == NULL)
		msg_error(ref ? ref : &(struct loc){path, 0, 0},
		          "%s%s%snot a file among the PDF's sources%s",
		          ref ? "\"" : "", ref ? path : "", ref ? "\": " : "",
		          name == NULL ? ": an absolute path, or one that "
		                         "leaves them"
		                       : "");
	free(name);
	return s;
}

int
infile_probe(const char *path, enum infile_cap cap, char **why)
{
	struct stat st;
	char *name;
	int found;

	*why = NULL;
	if (nsources > 0) {
		if ((name = infile_inside(path)) == NULL) {
			*why = xstrdup("not a file among the PDF's sources: "
				       "an absolute path, or one that leaves "
				       "them");
			return -1;
		}
		found = find_source(name) != NULL;
		free(name);
		return found;
	}
	if (strcmp(path, "-") == 0)
		return 1;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		*why = xasprintf("cannot open: %s", strerror(errno));
	} else if (!S_ISREG(st.st_mode))
		*why = xasprintf("%s, not a regular file: briefgen reads only "
				 "regular files",
				 infile_kind(&st));
	else if ((uint64_t)st.st_size > caps[cap].bytes)
		*why = infile_too_big_text(cap);
	return *why == NULL ? 1 : -1;
}

/* --- reading ------------------------------------------------------------ */

bool
infile_open(struct infile *f, const char *path, enum infile_cap cap,
            const struct loc *ref)
{
	const struct infile_source *s;
	struct stat st;

	memset(f, 0, sizeof *f);
	f->path = path;
	f->fd = -1;
	f->cap = cap;
	if (nsources > 0) {
		if ((s = source(path, ref)) == NULL)
			return false;
		f->mem = s->data;
		f->len = s->len;
	} else if (strcmp(path, "-") == 0) {
		if (!load_stdin())
			return false;
		f->mem = stdin_data.data ? stdin_data.data : "";
		f->len = stdin_data.len;
	} else {
		if ((f->fd = open_regular(path, caps[cap].bytes, &st)) < 0) {
			open_failed(path, cap, &st, ref);
			return false;
		}
		remember(&st, path);
		return true;
	}
	if (f->len > caps[cap].bytes) {
		infile_too_big(path, cap);
		return false;
	}
	return true;
}

ssize_t
infile_read(struct infile *f, void *p, size_t n)
{
	ssize_t k;

	if (f->fd < 0) {
		k = (ssize_t)(n < f->len - f->pos ? n : f->len - f->pos);
		memcpy(p, f->mem + f->pos, (size_t)k);
		f->pos += (uint64_t)k;
		return k;
	}
	while ((k = read(f->fd, p, n)) < 0 && errno == EINTR)
		continue;
	if (k < 0) {
		msg_syserr(f->path, "cannot read");
		return -1;
	}
	f->pos += (uint64_t)k;
	if (f->pos > caps[f->cap].bytes) {
		infile_too_big(f->path, f->cap);
		return -1;
	}
	return k;
}

ssize_t
infile_pread(struct infile *f, void *p, size_t n, uint64_t off)
{
	ssize_t k;

	if (f->fd < 0) {
		if (off >= f->len)
			return 0;
		k = (ssize_t)(n < f->len - off ? n : f->len - off);
		memcpy(p, f->mem + off, (size_t)k);
		return k;
	}
	while ((k = pread(f->fd, p, n, (off_t)off)) < 0 && errno == EINTR)
		continue;
	if (k < 0)
		msg_syserr(f->path, "cannot read");
	return k;
}

int64_t
infile_size(struct infile *f)
{
	struct stat st;

	if (f->fd < 0)
		return (int64_t)f->len;
	if (fstat(f->fd, &st) != 0) {
		msg_syserr(f->path, "cannot read");
		return -1;
	}
	if ((uint64_t)st.st_size > caps[f->cap].bytes) {
		infile_too_big(f->path, f->cap);
		return -1;
	}
	return (int64_t)st.st_size;
}

void
infile_close(struct infile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

bool
infile_load(const char *path, enum infile_cap cap, struct buf *b)
{
	struct infile f;
	struct stat st;
	size_t want = 65536;
	ssize_t n;

	if (!infile_open(&f, path, cap, NULL))
		return false;
	if (f.fd >= 0 && fstat(f.fd, &st) == 0)
		want = (size_t)st.st_size + 1; /* one read, and one to end */
	else if (f.fd < 0)
		want = f.len + 1;
	do {
		char *p = buf_space(b, want);

		if ((n = infile_read(&f, p, want)) > 0) {
			b->len += (size_t)n;
			b->data[b->len] = '\0';
		}
		/* Short of what was asked, this is the end: one byte more
		 * proves it, where 64 KiB of room would stay in every
		 * buffer held (thousands, for a layout's parts).  A file
		 * still growing is read on in blocks. */
		want = n > 0 && (size_t)n == want ? 65536 : 1;
	} while (n > 0);
	if (b->data == NULL)
		buf_space(b, 1)[0] = '\0';
	infile_close(&f);
	return n == 0;
}

bool
infile_map(const char *path, const void **p, size_t *len)
{
	struct stat st;
	int fd = open_regular(path, caps[INFILE_INPUT].bytes, &st);
	void *m;

	if (fd < 0)
		return false;
	remember(&st, path);
	*len = (size_t)st.st_size;
	m = *len > 0 ? mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0)
	             : MAP_FAILED;
	if (*len == 0)
		errno = ENODATA;
	close(fd);
	if (m == MAP_FAILED)
		return false;
	*p = m;
	return true;
}

void
infile_unmap(const void *p, size_t len)
{
	if (p != NULL)
		munmap((void *)p, len);
}

char *
infile_key(const char *path)
{
	char *k;

	if (nsources > 0)
		return (k = infile_inside(path)) ? k : xstrdup(path);
	if (strcmp(path, "-") == 0)
		return xstrdup("-");
	return (k = realpath(path, NULL)) ? k : xstrdup(path);
}
