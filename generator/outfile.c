#define _GNU_SOURCE /* O_TMPFILE, linkat with AT_SYMLINK_FOLLOW, syncfs,
                     * sync_file_range */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "infile.h"
#include "msg.h"
#include "xalloc.h"

/* Symbolic links followed from -o before giving up, as the kernel does
 * (ELOOP after 40). */
#define MAX_LINKS 40
/* A temporary file's name: ".NAME.briefgen-XXXXXX", its mark telling it
 * from the files of the user's and of other programs beside it (a backup,
 * rsync's ".NAME.XXXXXX"), which are never removed. */
#define MARK "briefgen-"
/* The random part of the name: SUFFIX letters and digits, as mkstemp's. */
#define SUFFIX 6
static const char suffix_set[] = "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

struct outfile_slot {
	volatile sig_atomic_t set; /* path names a temporary file */
	char path[PATH_MAX];
};

static struct outfile_slot own;          /* this process's */
static struct outfile_slot *slot = &own; /* where names are recorded */
static void (*volatile hook)(int);

/* --- signals ---------------------------------------------------------- */

void
outfile_slot_clean(struct outfile_slot *s)
{
	if (s->set) {
		unlink(s->path);
		s->set = 0;
	}
}

static void
caught(int sig)
{
	int saved = errno;
	void (*fn)(int) = hook;

	if (fn != NULL)
		fn(sig);
	outfile_slot_clean(slot);
	signal(sig, SIG_DFL);
	raise(sig);
	errno = saved;
}

void
outfile_catch_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = caught;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction old;

		/* A signal ignored when we started (nohup) stays so. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

void
outfile_on_signal(void (*fn)(int sig))
{
	hook = fn;
}

struct outfile_slot *
outfile_slot_new(void)
{
	void *p =
	        mmap(NULL, sizeof(struct outfile_slot), PROT_READ | PROT_WRITE,
	             MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		msg_fatal("out of memory");
	return p;
}

void
outfile_slot_use(struct outfile_slot *s)
{
	slot = s != NULL ? s : &own;
}

void
outfile_slot_free(struct outfile_slot *s)
{
	if (s != NULL)
		munmap(s, sizeof *s);
}

/* Records (or, with path NULL, forgets) the temporary file's name. */
static void
record(const char *path)
{
	sigset_t all, old;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if (path != NULL) {
		snprintf(slot->path, sizeof slot->path, "%s", path);
		slot->set = 1;
	} else
		slot->set = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* --- the target -------------------------------------------------------- */

/* The directory part of path ("." for none). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * The file path writes: path itself, or the end of the chain of symbolic
 * links it starts.  *exists says whether that file exists, and *st is
 * then its lstat.  NULL after reporting.
 */
static char *
target_of(const char *path, struct stat *st, bool *exists)
{
	char *p = xstrdup(path), *dir, *link;
	ssize_t n;
	int hops;

	for (hops = 0; hops <= MAX_LINKS; hops++) {
		if (lstat(p, st) != 0) {
			if (errno == ENOENT) {
				*exists = false;
				return p;
			}
			msg_syserr(path, "cannot write");
			free(p);
			return NULL;
		}
		if (!S_ISLNK(st->st_mode)) {
			*exists = true;
			return p;
		}
		link = xmalloc(PATH_MAX);
		if ((n = readlink(p, link, PATH_MAX - 1)) < 0) {
			msg_syserr(p, "cannot read the link");
			free(link);
			free(p);
			return NULL;
		}
		link[n] = '\0';
		dir = dir_of(p);
		free(p);
		p = link[0] == '/' ? xstrdup(link)
		                   : xasprintf("%s/%s", dir, link);
		free(dir);
		free(link);
	}
	errno = ELOOP;
	msg_syserr(path, "cannot write");
	free(p);
	return NULL;
}

/* Does the regular file at path, of size size, hold exactly the len
 * bytes at data? */
static bool
holds(const char *path, off_t size, const void *data, size_t len)
{
	int fd;
	char *old;
	struct stat st;
	size_t got = 0;
	ssize_t n = 1;
	bool same;

	if ((size_t)size != len ||
	    (fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len) {
		close(fd);
		return false;
	}
	old = xmalloc(len + 1);
	while (got <= len && n > 0)
		if ((n = read(fd, old + got, len + 1 - got)) > 0)
			got += (size_t)n;
		else if (n < 0 && errno == EINTR)
			n = 1;
	close(fd);
	same = n == 0 && got == len && memcmp(old, data, len) == 0;
	free(old);
	return same;
}

/* Can path be written over?  Reports and returns false when not. */
static bool
writable(const char *path, const char *target, const struct stat *st)
{
	struct loc loc = {path, 0, 0};
	const char *input;

	if (!S_ISREG(st->st_mode)) {
		msg_error(&loc,
		          "%s%s%s, not a regular file: briefgen writes "
		          "only regular files (standard output is -o -)",
		          strcmp(path, target) != 0 ? "names " : "",
		          strcmp(path, target) != 0 ? target : "", infile_kind(st));
		return false;
	}
	if ((input = infile_input_named(st)) != NULL) {
		msg_error(&loc,
		          "is %s, which this run reads; nothing was "
		          "written",
		          strcmp(input, path) == 0 ? "one of the inputs"
		                                   : input);
		return false;
	}
	return true;
}

/* --- temporary files ----------------------------------------------------- */

/* Six characters a file name may hold, as random as can be had. */
static void
random_suffix(char out[SUFFIX + 1])
{
	static unsigned long long counter;
	unsigned char r[SUFFIX];
	struct timespec t;
	size_t i;

	if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		unsigned long long x;

		clock_gettime(CLOCK_REALTIME, &t);
		x = (unsigned long long)t.tv_nsec ^
		    (unsigned long long)getpid() << 32 ^ ++counter;
		for (i = 0; i < SUFFIX; i++, x >>= 8)
			r[i] = (unsigned char)x;
	}
	for (i = 0; i < SUFFIX; i++)
		out[i] = suffix_set[r[i] % (sizeof suffix_set - 1)];
	out[SUFFIX] = '\0';
}

/* Is name a temporary file of the target called base? */
static bool
temporary_of(const char *name, const char *base)
{
	size_t n = strlen(base), m = sizeof MARK - 1;

	if (name[0] != '.' || strncmp(name + 1, base, n) != 0 ||
	    name[n + 1] != '.' || strncmp(name + n + 2, MARK, m) != 0)
		return false;
	name += n + 2 + m;
	return strlen(name) == SUFFIX && strspn(name, suffix_set) == SUFFIX;
}

/*
 * Removes the temporary files of base in dir that no process holds: a
 * writer locks its file from its creation to its rename, so an unlocked
 * one was left by a process killed outright.
 */
static void
remove_stale(const char *dir, const char *base)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *p;
		struct stat st;
		int fd;

		if (!temporary_of(e->d_name, base))
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		fd = open(p, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY |
		                     O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlink(p);
		if (fd >= 0)
			close(fd);
		free(p);
	}
	closedir(d);
}

/*
 * A new temporary file in dir for base, locked, its name recorded: an
 * unnamed file (O_TMPFILE), linked under its name once written, or a
 * named one (mkstemp).  Returns the descriptor, and in *name NULL for an
 * unnamed file; -1 after reporting.
 */
static int
create_temporary(const char *dir, const char *base, char **name)
{
	char *tmpl;
	struct stat st;
	int fd, tries;

	*name = NULL;
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	if (fd >= 0) {
		flock(fd, LOCK_EX); /* no one else can see it yet */
		return fd;
	}
	/* No O_TMPFILE here (EOPNOTSUPP, EISDIR, EINVAL): a named file.
	 * A stale-file sweep may catch it before it is locked; it is then
	 * unlinked, and made again. */
	for (tries = 0; tries < 100; tries++) {
		tmpl = xasprintf("%s/.%s." MARK "XXXXXX", dir, base);
		if ((fd = mkostemp(tmpl, O_CLOEXEC)) < 0) {
			msg_syserr(tmpl, "cannot create");
			free(tmpl);
			return -1;
		}
		record(tmpl);
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &st) == 0 &&
		    st.st_nlink > 0) {
			*name = tmpl;
			return fd;
		}
		close(fd);
		record(NULL);
		free(tmpl);
	}
	errno = EAGAIN;
	msg_syserr(dir, "cannot create a temporary file");
	return -1;
}

/* Links the unnamed file fd into dir under a new temporary name, recorded
 * before the link exists.  Returns the name, or NULL after reporting. */
static char *
link_temporary(int fd, const char *dir, const char *base)
{
	char proc[64], suffix[SUFFIX + 1];
	char *name;
	int tries;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	for (tries = 0; tries < 100; tries++) {
		random_suffix(suffix);
		name = xasprintf("%s/.%s." MARK "%s", dir, base, suffix);
		record(name);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) ==
		    0)
			return name;
		record(NULL);
		if (errno != EEXIST) {
			msg_syserr(name, "cannot create");
			free(name);
			return NULL;
		}
		free(name);
	}
	msg_syserr(dir, "cannot create a temporary file");
	return NULL;
}

/* Writes all len bytes at p to fd; false with errno set. */
static bool
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* 0666 less the umask: the mode fopen would give a new file. */
static mode_t
new_mode(void)
{
	static mode_t mode = 01000; /* not yet known */

	if (mode == 01000) {
		mode_t m = umask(022);

		umask(m);
		mode = 0666 & ~m;
	}
	return mode;
}

/* Flushes the directory, so that the rename survives a crash. */
static void
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The directory and the name of target. */
static void
split(const char *target, char **dir, const char **base)
{
	const char *slash = strrchr(target, '/');

	*dir = dir_of(target);
	*base = slash ? slash + 1 : target;
}

/*
 * Puts the temporary file fd, whole on the disk, in place of target: an
 * unnamed file is linked under a temporary name first (*name is then
 * that name).  Returns false after reporting.
 */
static bool
place(int fd, char **name, const char *dir, const char *base,
      const char *target)
{
	if (*name == NULL && (*name = link_temporary(fd, dir, base)) == NULL)
		return false;
	if (rename(*name, target) != 0) {
		msg_syserr(target, "cannot replace");
		return false;
	}
	free(*name);
	*name = NULL;
	record(NULL);
	return true;
}

/* Removes what is left of a temporary file that was not put in place. */
static void
discard(int fd, char *name)
{
	if (name != NULL) {
		unlink(name);
		record(NULL);
		free(name);
	}
	if (fd >= 0)
		close(fd);
}

/* The mode target gets: the one it had, or that of a new file. */
static mode_t
mode_for(const struct stat *st, bool exists)
{
	return exists ? st->st_mode & 07777 : new_mode();
}

/* Writes data to a temporary file beside target and renames it there. */
static bool
replace(const char *target, const struct stat *st, bool exists,
        const void *data, size_t len)
{
	char *dir, *name = NULL;
	const char *base;
	bool ok = false;
	int fd;

	split(target, &dir, &base);
	remove_stale(dir, base);
	if ((fd = create_temporary(dir, base, &name)) < 0)
		goto out;
	if (!write_all(fd, data, len) || fsync(fd) != 0) {
		msg_syserr(target, "cannot write");
		goto out;
	}
	if (fchmod(fd, mode_for(st, exists)) != 0 ||
	    !place(fd, &name, dir, base, target))
		goto out;
	sync_dir(dir);
	ok = true;
out:
	discard(fd, name);
	free(dir);
	return ok;
}

/* Writes to standard output, unless it is a file the run reads. */
static bool
to_stdout(const void *data, size_t len)
{
	struct stat st;
	const char *input;

	if (fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    (input = infile_input_named(&st)) != NULL) {
		msg_error(NULL, "standard output is %s, which this run reads",
		          input);
		return false;
	}
	if (!write_all(STDOUT_FILENO, data, len)) {
		msg_syserr("-", "cannot write to standard output");
		return false;
	}
	return true;
}

/*
 * What outfile_write and outfile_defer check before writing path: 1 to
 * write *target (st its lstat, *exists whether it exists), 0 when the
 * file holds these bytes already (*unchanged is set), -1 after
 * reporting.
 */
static int
prepare(const char *path, const void *data, size_t len, bool *unchanged,
        char **target, struct stat *st, bool *exists)
{
	*target = NULL;
	if (unchanged != NULL)
		*unchanged = false;
	/* What path names, links followed as the kernel follows them
	 * (/dev/stdout to a pipe too), must be a regular file, and not one
	 * the run reads. */
	if (stat(path, st) == 0 && !writable(path, path, st))
		return -1;
	if ((*target = target_of(path, st, exists)) == NULL)
		return -1;
	if (*exists && !writable(path, *target, st)) { /* replaced since */
		free(*target);
		*target = NULL;
		return -1;
	}
	if (*exists && unchanged != NULL &&
	    holds(*target, st->st_size, data, len)) {
		*unchanged = true;
		free(*target);
		*target = NULL;
		return 0;
	}
	return 1;
}

bool
outfile_write(const char *path, const void *data, size_t len, bool *unchanged)
{
	struct stat st;
	bool exists, ok;
	char *target;
	int go;

	if (strcmp(path, "-") == 0) {
		if (unchanged != NULL)
			*unchanged = false;
		return to_stdout(data, len);
	}
	if ((go = prepare(path, data, len, unchanged, &target, &st, &exists)) <= 0)
		return go == 0;
	ok = replace(target, &st, exists, data, len);
	free(target);
	return ok;
}

/* --- files written together -------------------------------------------- */

/* A file written, waiting for the commit. */
struct deferred {
	char *target;
	char *dir;
	int fd; /* the unnamed temporary file, written and locked */
	dev_t dev;
};

struct outfile_group {
	struct deferred *v;
	size_t n;
};

struct outfile_group *
outfile_group_new(void)
{
	return xcalloc(1, sizeof(struct outfile_group));
}

size_t
outfile_group_count(const struct outfile_group *g)
{
	return g->n;
}

bool
outfile_defer(struct outfile_group *g, const char *path, const void *data,
              size_t len, bool *unchanged, bool *deferred)
{
	struct stat st;
	struct deferred *d;
	char *target, *dir, *name;
	const char *base;
	bool exists;
	int go, fd;

	*deferred = false;
	if (strcmp(path, "-") == 0)
		return outfile_write(path, data, len, unchanged);
	if ((go = prepare(path, data, len, unchanged, &target, &st, &exists)) <= 0)
		return go == 0;
	split(target, &dir, &base);
	remove_stale(dir, base);
	if ((fd = create_temporary(dir, base, &name)) < 0) {
		free(dir);
		free(target);
		return false;
	}
	if (name != NULL) {
		/* A named file could outlive a crash: no waiting. */
		discard(fd, name);
		free(dir);
		go = replace(target, &st, exists, data, len);
		free(target);
		return go;
	}
	if (!write_all(fd, data, len) || fchmod(fd, mode_for(&st, exists)) != 0 ||
	    fstat(fd, &st) != 0) {
		msg_syserr(target, "cannot write");
		discard(fd, NULL);
		free(dir);
		free(target);
		return false;
	}
	/* The disk gets to work now, while the next file is made; the
	 * commit's barrier then has little left to wait for. */
	sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	g->v = xreallocarray(g->v, g->n + 1, sizeof *g->v);
	d = &g->v[g->n++];
	d->target = target;
	d->dir = dir;
	d->fd = fd;
	d->dev = st.st_dev;
	*deferred = true;
	return true;
}

void
outfile_commit(struct outfile_group *g, bool *ok)
{
	size_t i, k;

	/* One barrier per file system: syncfs writes back and flushes
	 * everything on it, these files with the rest. */
	for (i = 0; i < g->n; i++) {
		ok[i] = true;
		for (k = 0; k < i && g->v[k].dev != g->v[i].dev; k++)
			continue;
		if (k < i) {
			ok[i] = ok[k];
			continue;
		}
		if (syncfs(g->v[i].fd) != 0) {
			int e = errno;

			for (k = i; k < g->n; k++)
				if (g->v[k].dev == g->v[i].dev) {
					errno = e;
					msg_syserr(g->v[k].target, "cannot write");
				}
			ok[i] = false;
		}
	}
	for (i = 0; i < g->n; i++) {
		struct deferred *d = &g->v[i];
		const char *slash = strrchr(d->target, '/');
		char *name = NULL;

		if (ok[i])
			ok[i] = place(d->fd, &name, d->dir,
			              slash ? slash + 1 : d->target, d->target);
		discard(d->fd, name);
		d->fd = -1;
	}
	/* Each directory once, after its last rename. */
	for (i = 0; i < g->n; i++) {
		for (k = i + 1; k < g->n && strcmp(g->v[k].dir, g->v[i].dir) != 0;
		     k++)
			continue;
		if (k == g->n)
			sync_dir(g->v[i].dir);
	}
	for (i = 0; i < g->n; i++) {
		free(g->v[i].target);
		free(g->v[i].dir);
	}
	g->n = 0;
}

void
outfile_group_free(struct outfile_group *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->n; i++) {
		discard(g->v[i].fd, NULL);
		free(g->v[i].target);
		free(g->v[i].dir);
	}
	free(g->v);
	free(g);
}
