#include "watch.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "infile.h"
#include "msg.h"
#include "spec.h"
#include "xalloc.h"

/* What inotify reports of a directory: a file in it written and closed,
 * moved in or out, created, removed, or its mode changed. */
#define EVENTS                                                                 \
	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |            \
	 IN_DELETE | IN_ATTRIB)
/* Changes this close together give one render (ms), and a stream of
 * changes delays a render by at most this long (ms). */
#define SETTLE_MS 100
#define SETTLE_MAX_MS 1000

/* A file watched: inotify watches its directory, which sees the file
 * however an editor saves it (in place, or a new file renamed over it). */
struct watched {
	int wd;     /* of its directory */
	char *name; /* its name in the directory */
	char *path; /* as the run named it */
};

struct watcher {
	int fd; /* inotify */
	struct watched *v;
	size_t n;
};

/* Watches the file at path, once.  A directory that cannot be watched
 * (it does not exist) is reported and left out. */
static void
watch_file(struct watcher *wr, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir =
	        slash ? xstrndup(path, (size_t)(slash - path + (slash == path)))
	              : xstrdup(".");
	const char *name = slash ? slash + 1 : path;
	int wd = inotify_add_watch(wr->fd, dir, EVENTS | IN_ONLYDIR);
	size_t i;

	if (wd < 0) {
		msg_syserr(dir, "cannot watch");
		free(dir);
		return;
	}
	free(dir);
	for (i = 0; i < wr->n; i++)
		if (wr->v[i].wd == wd && strcmp(wr->v[i].name, name) == 0)
			return;
	wr->v = xreallocarray(wr->v, wr->n + 1, sizeof *wr->v);
	wr->v[wr->n].wd = wd;
	wr->v[wr->n].path = xstrdup(path);
	wr->v[wr->n++].name = xstrdup(name);
}

/* Is the file of the event one of those watched?  Notes which, with
 * --verbose. */
static bool
concerns(const struct watcher *wr, const struct inotify_event *e)
{
	size_t i;

	for (i = 0; e->len > 0 && i < wr->n; i++)
		if (wr->v[i].wd == e->wd &&
		    strcmp(wr->v[i].name, e->name) == 0) {
			msg_note(&(struct loc){wr->v[i].path, 0, 0},
			         "changed (inotify event 0x%x)",
			         (unsigned)e->mask);
			return true;
		}
	return false;
}

/* Reads the events waiting, or waits up to timeout_ms (-1: for ever)
 * for some; returns 1 when one concerns a watched file, 0 when none
 * does, -1 after reporting a failure. */
static int
read_events(const struct watcher *wr, int timeout_ms)
{
	char events[8192]
	        __attribute__((aligned(__alignof__(struct inotify_event))));
	struct pollfd pfd = {wr->fd, POLLIN, 0};
	const struct inotify_event *e;
	ssize_t n;
	int hit = 0, k;

	while ((k = poll(&pfd, 1, timeout_ms)) < 0 && errno == EINTR)
		continue;
	if (k == 0)
		return 0;
	while ((n = read(wr->fd, events, sizeof events)) < 0 && errno == EINTR)
		continue;
	if (k < 0 || n <= 0) {
		msg_syserr(NULL, "cannot read the changes of files (inotify)");
		return -1;
	}
	for (char *p = events; p < events + n; p += sizeof *e + e->len) {
		e = (const struct inotify_event *)p;
		hit |= concerns(wr, e);
	}
	return hit;
}

/* Waits until a watched file changes and the changes settle.  Returns
 * false after reporting a failure. */
static bool
wait_change(const struct watcher *wr)
{
	double first;
	int k;

	while ((k = read_events(wr, -1)) == 0)
		continue;
	if (k < 0)
		return false;
	first = run_now_ms();
	while ((k = read_events(wr, SETTLE_MS)) != 0 &&
	       run_now_ms() - first < SETTLE_MAX_MS)
		if (k < 0)
			return false;
	return true;
}

/* Prints "[HH:MM:SS] " for the line of a render. */
static void
print_time(void)
{
	char when[16];
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof when, "%H:%M:%S", &tm) == 0)
		snprintf(when, sizeof when, "--:--:--");
	printf("[%s] ", when);
}

/* Renders w once with every file read afresh, then watches every file
 * the render read.  Prints the line of the render. */
static void
render_once(const struct watch *w, struct watcher *wr)
{
	double start = run_now_ms();
	struct run *r = run_new(w->opt);
	const struct pack *pack = NULL;
	struct packs *ps = NULL;
	struct buf pdf = {0};
	struct result res = {0};
	const char *const *inputs;
	char *out = NULL;
	size_t n, i;
	bool ok;

	msg_reset();
	infile_forget();
	ok = run_open(r, w->layout) && (ps = packs_read(w->packs)) != NULL &&
	     (pack = run_pick_pack(ps, w->layout, w->pack)) != NULL;
	/* Without a pack to render, the layout's errors are still told. */
	if (ok)
		ok = run_render(r, w->layout, pack, &pdf, &res);
	else
		run_load(r, w->layout);
	if (ok) {
		out = w->out ? xstrdup(w->out) : run_output(r, pack, "output");
		ok = run_make_parent(out) &&
		     run_write(&pdf, out, &res.unchanged);
	}
	/* Watch before saying so: a change made on seeing the line is
	 * seen in turn. */
	watch_file(wr, w->packs);
	inputs = run_inputs(r, &n);
	for (i = 0; i < n; i++)
		watch_file(wr, inputs[i]);
	if (ok && msg_verbosity() >= MSG_NORMAL) {
		res.ms = run_now_ms() - start;
		print_time();
		run_print_result(stdout, pack->id, &res, out);
	} else if (!ok) {
		print_time();
		printf("%s FAILED: %u error%s\n", pack ? pack->id : w->layout,
		       msg_errors(), msg_errors() == 1 ? "" : "s");
		fflush(stdout);
	}
	free(out);
	buf_free(&pdf);
	packs_free(ps);
	run_free(r);
}

int
watch_run(const struct watch *w)
{
	struct watcher wr = {inotify_init1(IN_CLOEXEC), NULL, 0};
	size_t i;

	if (wr.fd < 0) {
		msg_syserr(NULL, "cannot watch files (inotify)");
		return EXIT_SYSTEM;
	}
	do
		render_once(w, &wr);
	while (wait_change(&wr));
	for (i = 0; i < wr.n; i++) {
		free(wr.v[i].name);
		free(wr.v[i].path);
	}
	free(wr.v);
	close(wr.fd);
	return EXIT_SYSTEM;
}
