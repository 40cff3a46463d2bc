/*
 * The parallel batch.  The parent loads every layout, table, cube and font
 * a batch needs once, then forks worker processes that inherit all of it
 * (copy-on-write) and render one pack at a time as the parent hands them
 * out over a pipe.  A worker's messages go to a memory file the parent
 * reads, so they come out whole and in the order of the packs, each
 * before the line of its pack.  A worker writes each PDF to a temporary
 * file and leaves it there; when it has no more packs to render, or
 * MAX_DEFERRED of them are waiting, the parent tells it to commit them,
 * and it makes them durable with one barrier and renames each into place
 * (outfile_commit): a pack's line says "written" only then.  A worker
 * that dies fails the pack it was rendering and those waiting for their
 * commit, and another takes its place; the parent removes the temporary
 * file it was putting in place, if any.  A signal that stops the parent
 * (INT, TERM, HUP) stops the workers first.
 */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "batch_int.h"
#include "buf.h"
#include "cpus.h"
#include "msg.h"
#include "outfile.h"
#include "spec.h"
#include "version.h"
#include "xalloc.h"

/* PDFs a worker keeps waiting for their commit, at most: a bound on the
 * descriptors it holds open and on the work a crash can undo. */
#define MAX_DEFERRED 64
/* The job number that tells a worker to commit what it wrote. */
#define COMMIT UINT32_MAX

/* What a worker sends back for each pack, once rendered and once
 * committed: small enough for one atomic pipe write. */
struct reply {
	uint32_t job;
	uint32_t pages;
	uint64_t bytes;
	double ms;
	uint8_t ok;
	uint8_t unchanged;
	uint8_t status;   /* exit status its messages imply */
	uint8_t deferred; /* rendered and written, waiting for the commit */
};

/* A pack to render and what became of it. */
struct job {
	const struct pack *pack;
	char *out;          /* the PDF's path; NULL if the layout failed */
	struct reply res;
	char *errors;       /* what its worker reported; NULL for none */
	char *why;          /* why it failed; NULL when it did not */
	bool done;
	long waits;         /* the worker that holds it for its commit, or
			     * -1 */
};

struct worker {
	pid_t pid;    /* 0 when not running */
	int to;       /* job numbers to the worker; -1 once closed */
	int from;     /* replies from the worker */
	int err;      /* the worker's stderr, a memory file */
	long job;     /* the job it renders, or -1 */
	struct outfile_slot *slot; /* the temporary file it writes */
	size_t deferred;   /* its jobs waiting for their commit */
	bool committing;   /* told to commit, not done yet */
	char *commit_text; /* what it reported while committing */
};

struct pool {
	struct run *r;
	struct job *jobs;
	size_t n;
	struct worker *w;
	size_t nw;
	size_t next;    /* the next job to hand out */
	size_t printed; /* jobs whose lines are out */
	size_t shown;   /* jobs done when progress was last shown */
	size_t ndone, nwaiting, nfailed, nwritten, nunchanged, pages, bytes;
	int status;
	double start;
};

/* --- which packs ------------------------------------------------------ */

/* Is id one of the comma-separated ids in list? */
static bool
listed(const char *list, const char *id)
{
	size_t n = strlen(id);
	const char *p;

	for (p = list; *p != '\0'; p += strcspn(p, ",")) {
		p += *p == ',';
		if (strncmp(p, id, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	}
	return false;
}

/* Every id in --only must name a pack. */
static bool
check_only(const struct packs *ps, const char *only)
{
	const char *p = only;
	bool ok = true;

	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		char *id = xstrndup(p, n);

		if (n > 0 && run_find_pack(ps, id, "--only") == NULL)
			ok = false;
		free(id);
		p += n + (p[n] == ',');
	}
	return ok;
}

/* The packs b selects, in the order of the packs file: those --only
 * names, then every nshards-th of them from the shard-th on. */
static bool
select_packs(struct pool *p, const struct packs *ps, const struct batch *b)
{
	size_t i, k = 0;

	if (b->only != NULL && !check_only(ps, b->only))
		return false;
	p->jobs = xcalloc(ps->n, sizeof *p->jobs);
	for (i = 0; i < ps->n; i++) {
		if (b->only != NULL && !listed(b->only, ps->v[i].id))
			continue;
		if (b->nshards == 0 || k++ % b->nshards == b->shard - 1) {
			p->jobs[p->n].waits = -1;
			p->jobs[p->n++].pack = &ps->v[i];
		}
	}
	return true;
}

/* --- rendering one pack ----------------------------------------------- */

static void
render_job(struct pool *p, size_t i, struct outfile_group *g,
	   struct reply *out)
{
	struct job *j = &p->jobs[i];
	const char *crash = getenv("BRIEFGEN_TEST_CRASH");
	double start = run_now_ms();
	struct buf pdf = {0};
	struct result res;
	bool deferred = false;

	/* The test suite's way of making a worker die mid-pack. */
	if (crash != NULL && strcmp(crash, j->pack->id) == 0)
		abort();
	msg_reset();
	if (run_render(p->r, j->pack->layout, j->pack, &pdf, &res))
		res.ok = outfile_defer(g, j->out, pdf.data, pdf.len,
				       &res.unchanged, &deferred);
	buf_free(&pdf);
	memset(out, 0, sizeof *out);
	out->job = (uint32_t)i;
	out->pages = (uint32_t)res.pages;
	out->bytes = res.bytes;
	out->ms = run_now_ms() - start;
	out->ok = res.ok;
	out->unchanged = res.unchanged;
	out->status = (uint8_t)(res.ok ? 0 : msg_status() ? msg_status()
							  : EXIT_INPUT);
	out->deferred = deferred;
}

/* Commits the n PDFs of g, whose replies are waiting in v, and sends
 * each reply again, final.  Returns false when the parent is gone. */
static bool
commit(struct outfile_group *g, struct reply *v, size_t n, int out)
{
	bool *ok = xcalloc(n + 1, sizeof *ok), sent = true;
	size_t i;

	msg_reset();
	outfile_commit(g, ok);
	for (i = 0; i < n && sent; i++) {
		v[i].deferred = 0;
		v[i].ok = ok[i];
		if (!ok[i])
			v[i].status = (uint8_t)(msg_status() ? msg_status()
							     : EXIT_SYSTEM);
		sent = write(out, &v[i], sizeof v[i]) == sizeof v[i];
	}
	free(ok);
	return sent;
}

static void
worker_main(struct pool *p, int in, int out)
{
	struct outfile_group *g = outfile_group_new();
	struct reply rep, *waiting = xcalloc(MAX_DEFERRED, sizeof *waiting);
	size_t n = 0;
	uint32_t i;

	while (read(in, &i, sizeof i) == sizeof i) {
		if (i == COMMIT) {
			if (!commit(g, waiting, n, out))
				break;
			n = 0;
			continue;
		}
		if (i >= p->n || n == MAX_DEFERRED)
			break;
		render_job(p, i, g, &rep);
		if (rep.deferred)
			waiting[n++] = rep;
		if (write(out, &rep, sizeof rep) != sizeof rep)
			break;
	}
	/* What was not committed vanishes with the process. */
	_exit(0);
}

/* --- workers ---------------------------------------------------------- */

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Starts worker k.  Returns false after reporting. */
static bool
spawn(struct pool *p, size_t k)
{
	struct worker *w = &p->w[k];
	int jobs[2], replies[2], err;
	size_t i;

	err = memfd_create("briefgen-worker-stderr", MFD_CLOEXEC);
	if (err < 0 || pipe2(jobs, O_CLOEXEC) != 0) {
		msg_syserr(NULL, "cannot start a worker");
		return false;
	}
	if (pipe2(replies, O_CLOEXEC) != 0) {
		msg_syserr(NULL, "cannot start a worker");
		close(jobs[0]);
		close(jobs[1]);
		return false;
	}
	fcntl(err, F_SETFL, O_APPEND);
	fflush(stdout);
	w->pid = fork();
	if (w->pid < 0) {
		msg_syserr(NULL, "cannot start a worker");
		w->pid = 0;
		close(jobs[0]);
		close(jobs[1]);
		close(replies[0]);
		close(replies[1]);
		return false;
	}
	if (w->pid == 0) {
		/* The other workers' pipes stay theirs: a copy held here
		 * would keep them from ever seeing the end of their jobs. */
		for (i = 0; i < p->nw; i++)
			if (i != k && p->w[i].pid != 0) {
				close_fd(&p->w[i].to);
				close_fd(&p->w[i].from);
				close_fd(&p->w[i].err);
			}
		close(jobs[1]);
		close(replies[0]);
		dup2(err, STDERR_FILENO);
		outfile_on_signal(NULL);
		outfile_slot_use(w->slot);
		worker_main(p, jobs[0], replies[1]);
	}
	close(jobs[0]);
	close(replies[1]);
	w->to = jobs[1];
	w->from = replies[0];
	w->err = err;
	w->job = -1;
	return true;
}

/* Hands worker k the next job; or, when there is none or it holds as
 * many PDFs as it may, tells it to commit them; or tells it there is
 * nothing more to do. */
static void
feed(struct pool *p, size_t k)
{
	struct worker *w = &p->w[k];
	uint32_t i;

	while (p->next < p->n && p->jobs[p->next].done)
		p->next++;
	if (w->deferred > 0 && (p->next == p->n ||
				w->deferred == MAX_DEFERRED))
		i = COMMIT;
	else if (p->next == p->n) {
		close_fd(&w->to);
		return;
	} else
		i = (uint32_t)p->next;
	if (ftruncate(w->err, 0) != 0 ||
	    write(w->to, &i, sizeof i) != sizeof i) {
		/* Dead, or as good as: the end of its replies says so. */
		kill(w->pid, SIGKILL);
		return;
	}
	if (i == COMMIT)
		w->committing = true;
	else
		w->job = (long)p->next++;
}

/* Everything worker k has reported, as a string; NULL for nothing. */
static char *
collect(const struct worker *w)
{
	struct stat st;
	char *text;
	ssize_t n;

	if (fstat(w->err, &st) != 0 || st.st_size == 0)
		return NULL;
	text = xmalloc((size_t)st.st_size + 1);
	n = pread(w->err, text, (size_t)st.st_size, 0);
	if (n <= 0) {
		free(text);
		return NULL;
	}
	text[n] = '\0';
	return text;
}

/* The first line of text, for a pack's line. */
static char *
first_line(const char *text)
{
	return xstrndup(text, strcspn(text, "\n"));
}

static void
finish(struct pool *p, size_t i, const struct reply *rep, char *errors)
{
	struct job *j = &p->jobs[i];

	j->res = *rep;
	j->errors = errors;
	j->done = true;
	p->ndone++;
	if (!rep->ok && j->why == NULL)
		j->why = errors ? first_line(errors) : xstrdup("failed");
}

/* Worker k's replies ended: it exited or died.  Fails its job, if any. */
static void
lost(struct pool *p, size_t k)
{
	struct worker *w = &p->w[k];
	struct reply rep = {0};
	int st = 0;
	size_t i;

	close_fd(&w->to);
	while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
		continue;
	outfile_slot_clean(w->slot);
	/* The pack it rendered, and those whose PDFs it held uncommitted,
	 * which vanished with it. */
	for (i = 0; i < p->n; i++) {
		struct job *j = &p->jobs[i];
		int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;

		if ((long)i != w->job && j->waits != (long)k)
			continue;
		free(j->why);
		if (sig != 0)
			j->why = xasprintf("worker killed by signal %d (%s)%s",
					   sig, strsignal(sig),
					   (long)i == w->job
						   ? ""
						   : " before the PDF was "
						     "in place");
		else
			j->why = xasprintf("worker exited with status %d",
					   WEXITSTATUS(st));
		rep.job = (uint32_t)i;
		rep.status = EXIT_SYSTEM;
		if ((long)i == w->job)
			finish(p, i, &rep, collect(w));
		else {
			j->waits = -1;
			p->nwaiting--;
			finish(p, i, &rep, j->errors);
		}
	}
	w->deferred = 0;
	w->committing = false;
	free(w->commit_text);
	w->commit_text = NULL;
	close_fd(&w->from);
	close_fd(&w->err);
	w->pid = 0;
	w->job = -1;
	/* Jobs are left: another worker takes this one's place. */
	if (p->next < p->n && spawn(p, k))
		feed(p, k);
}

/* The lines of text about path ("path: ..."), appended to *out. */
static void
lines_about(const char *text, const char *path, char **out)
{
	size_t n = strlen(path);
	const char *p;
	struct buf b = {0};

	if (*out != NULL)
		buf_adds(&b, *out);
	for (p = text; *p != '\0'; p += strcspn(p, "\n"), p += *p == '\n') {
		size_t len = strcspn(p, "\n");

		if (strncmp(p, path, n) == 0 && p[n] == ':') {
			buf_add(&b, p, len);
			buf_addc(&b, '\n');
		}
	}
	free(*out);
	*out = b.data;
}

/* Worker k's final reply for a job it held for its commit. */
static void
committed(struct pool *p, size_t k, const struct reply *rep)
{
	struct worker *w = &p->w[k];
	struct job *j = &p->jobs[rep->job];
	char *errors = j->errors;

	/* It reported all it had to before its first reply. */
	if (w->commit_text == NULL) {
		w->commit_text = collect(w);
		if (w->commit_text == NULL)
			w->commit_text = xstrdup("");
	}
	j->errors = NULL;
	j->waits = -1;
	p->nwaiting--;
	if (!rep->ok) {
		char *mine = NULL;

		lines_about(w->commit_text, j->out, &mine);
		if (mine != NULL) {
			j->why = first_line(mine);
			lines_about(w->commit_text, j->out, &errors);
			free(mine);
		} else
			j->why = xstrdup("not written");
	}
	finish(p, rep->job, rep, errors);
	if (--w->deferred == 0) {
		w->committing = false;
		free(w->commit_text);
		w->commit_text = NULL;
		feed(p, k);
	}
}

static void
receive(struct pool *p, size_t k)
{
	struct worker *w = &p->w[k];
	struct reply rep;
	ssize_t n = read(w->from, &rep, sizeof rep);

	if (n < 0 && errno == EINTR)
		return;
	if (n != sizeof rep) {
		lost(p, k);
		return;
	}
	if (w->committing && rep.job < p->n &&
	    p->jobs[rep.job].waits == (long)k && !rep.deferred) {
		committed(p, k, &rep);
		return;
	}
	if ((long)rep.job != w->job) {
		lost(p, k);
		return;
	}
	if (rep.deferred) {
		struct job *j = &p->jobs[rep.job];

		j->res = rep;
		j->errors = collect(w);
		j->waits = (long)k;
		w->deferred++;
		p->nwaiting++;
	} else
		finish(p, rep.job, &rep, collect(w));
	w->job = -1;
	feed(p, k);
}

/* --- what the batch prints ------------------------------------------- */

static void
print_job(struct pool *p, struct job *j)
{
	struct result res = {j->res.pages, j->res.bytes, j->res.ms, true,
			     j->res.unchanged};

	if (j->errors != NULL)
		msg_relay(j->errors, strlen(j->errors));
	if (j->why != NULL) {
		printf("%s FAILED: %s\n", j->pack->id, j->why);
		p->nfailed++;
		if (j->res.status > p->status)
			p->status = j->res.status;
		return;
	}
	if (msg_verbosity() >= MSG_NORMAL)
		run_print_result(stdout, j->pack->id, &res, j->out);
	p->pages += j->res.pages;
	p->bytes += j->res.bytes;
	if (j->res.unchanged)
		p->nunchanged++;
	else
		p->nwritten++;
}

/* Prints the lines of the jobs that ended, in the order of the packs. */
static void
print_ready(struct pool *p)
{
	bool any = false;

	while (p->printed < p->n && p->jobs[p->printed].done) {
		if (!any)
			msg_progress_end();
		any = true;
		print_job(p, &p->jobs[p->printed++]);
	}
	if (any)
		fflush(stdout);
	/* Packs waiting for their commit count as done here. */
	if (p->printed < p->n && p->ndone + p->nwaiting != p->shown)
		msg_progress("[%zu/%zu] %zu failed", p->ndone + p->nwaiting,
			     p->n, p->nfailed);
	p->shown = p->ndone + p->nwaiting;
}

/* The first line: when, which briefgen, what it runs and how. */
static void
print_header(const struct pool *p, const struct batch *b)
{
	char when[64];
	time_t now = time(NULL);
	struct tm tm;

	if (msg_verbosity() < MSG_NORMAL)
		return;
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %z", &tm) == 0)
		snprintf(when, sizeof when, "%lld", (long long)now);
	printf("%s briefgen %s batch %s%s%s: %zu pack%s into %s, -j %zu\n",
	       when, BRIEFGEN_VERSION, b->packs ? b->packs : "-",
	       b->chosen ? " " : "", b->chosen ? b->chosen : "", p->n,
	       p->n == 1 ? "" : "s", b->dir, p->nw);
	fflush(stdout);
}

/* The last line: what became of the packs, and the time it all took. */
static void
print_summary(struct pool *p)
{
	size_t i, k = 0;

	if (msg_verbosity() < MSG_NORMAL && p->nfailed == 0)
		return;
	printf("%zu pack%s, %zu failed", p->n, p->n == 1 ? "" : "s",
	       p->nfailed);
	for (i = 0; i < p->n; i++)
		if (p->jobs[i].why != NULL)
			printf("%s%s", k++ ? " " : " (", p->jobs[i].pack->id);
	printf("%s, %zu written, %zu unchanged, %zu pages, %zu bytes, "
	       "%.2f s\n",
	       k ? ")" : "", p->nwritten, p->nunchanged, p->pages, p->bytes,
	       (run_now_ms() - p->start) / 1000);
	fflush(stdout);
}

/* --- the batch -------------------------------------------------------- */

/* Loads, in the parent, what the workers will all need.  A pack whose
 * layout fails is failed now; its errors were reported once. */
static void
prepare(struct pool *p, const struct batch *b)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		struct job *j = &p->jobs[i];
		const struct date *known = run_known(p->r, j->pack);
		const struct layout *l = run_layout(p->r, j->pack->layout,
						    known);

		if (l->ok) {
			j->out = run_output(p->r, j->pack, b->dir);
			run_warm(p->r, j->pack->layout, known);
			continue;
		}
		j->why = xasprintf("the layout %s has errors",
				   j->pack->layout);
		j->res.status = (uint8_t)(msg_status() ? msg_status()
						       : EXIT_INPUT);
		j->done = true;
		p->ndone++;
	}
	/* Threads do not survive fork. */
	run_join(p->r);
}

/* The pool that is running, for the signal handler. */
static struct pool *running;

/* A signal stops the parent: stop the workers, wait for them, and remove
 * what they were writing.  In a signal handler. */
static void
stop_workers(int sig)
{
	struct pool *p = running;
	size_t k;

	if (p == NULL)
		return;
	for (k = 0; k < p->nw; k++)
		if (p->w[k].pid > 0)
			kill(p->w[k].pid, sig);
	for (k = 0; k < p->nw; k++)
		if (p->w[k].pid > 0) {
			while (waitpid(p->w[k].pid, NULL, 0) < 0 &&
			       errno == EINTR)
				continue;
			outfile_slot_clean(p->w[k].slot);
		}
}

static void
run_pool(struct pool *p)
{
	struct pollfd *fds = xcalloc(p->nw, sizeof *fds);
	size_t *who = xcalloc(p->nw, sizeof *who);
	size_t k, n;

	for (k = 0; k < p->nw; k++)
		if (spawn(p, k))
			feed(p, k);
	print_ready(p);
	for (;;) {
		for (k = n = 0; k < p->nw; k++)
			if (p->w[k].pid != 0) {
				fds[n].fd = p->w[k].from;
				fds[n].events = POLLIN;
				who[n++] = k;
			}
		if (n == 0)
			break;
		if (poll(fds, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			msg_syserr(NULL, "poll");
			break;
		}
		for (k = 0; k < n; k++)
			if (fds[k].revents != 0)
				receive(p, who[k]);
		print_ready(p);
	}
	free(fds);
	free(who);
}

int
run_batch(struct run *r, const struct packs *ps, const struct batch *b)
{
	struct pool p = {0};
	void (*old)(int);
	size_t i;

	p.r = r;
	p.start = run_now_ms();
	p.shown = (size_t)-1;
	if (!select_packs(&p, ps, b) || !run_make_dirs(b->dir)) {
		free(p.jobs);
		return msg_status();
	}
	p.nw = b->jobs ? b->jobs : cpus_usable();
	print_header(&p, b);
	prepare(&p, b);
	if (p.nw > p.n - p.ndone)
		p.nw = p.n - p.ndone;
	p.w = xcalloc(p.nw, sizeof *p.w);
	for (i = 0; i < p.nw; i++)
		p.w[i] = (struct worker){0, -1, -1, -1, -1, outfile_slot_new()};
	/* A worker that died takes its end of a pipe with it. */
	old = signal(SIGPIPE, SIG_IGN);
	running = &p;
	outfile_on_signal(stop_workers);
	run_pool(&p);
	outfile_on_signal(NULL);
	running = NULL;
	signal(SIGPIPE, old);
	for (i = 0; i < p.nw; i++)
		outfile_slot_free(p.w[i].slot);
	for (i = 0; i < p.n; i++)
		if (!p.jobs[i].done) {
			p.jobs[i].why = xstrdup("no worker could render it");
			p.jobs[i].res.status = EXIT_SYSTEM;
			p.jobs[i].done = true;
		}
	print_ready(&p);
	msg_progress_end();
	print_summary(&p);
	if (p.nfailed > 0 && p.status == 0)
		p.status = EXIT_INPUT;
	for (i = 0; i < p.n; i++) {
		free(p.jobs[i].out);
		free(p.jobs[i].errors);
		free(p.jobs[i].why);
	}
	free(p.jobs);
	free(p.w);
	return p.status;
}
