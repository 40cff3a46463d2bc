/*
 * Writing the files briefgen writes (PDFs) so that nothing is lost or
 * destroyed.  A file is written whole to a temporary file beside it, made
 * with O_TMPFILE (or mkstemp where the file system has none) and locked
 * while it lives, flushed to the disk (fsync), renamed over the target,
 * and the directory flushed in turn: a reader sees the old file or the
 * new one, never part of one, and of two writers the last complete file
 * wins.  A temporary file is removed on every failure, on INT, TERM and
 * HUP, by a batch's parent when a worker dies, and, when a process was
 * killed outright, by the next write of the same file.  Used by main and
 * batch.
 */
#ifndef BRIEFGEN_OUTFILE_H
#define BRIEFGEN_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes the len bytes at data to path; "-" is standard output.  A path
 * naming a symbolic link writes the file the link points to, replacing
 * that file.  A FIFO, a device, a socket or a directory is an error, and
 * so is a file the run has read (infile): both are reported before
 * anything is written.  A file replaced keeps its permissions; a new one
 * gets 0666 less the umask.  With unchanged not NULL, a file that holds
 * these very bytes already is left alone (its mtime too) and *unchanged
 * set.  Returns false after reporting ("path: error: ...").
 */
bool outfile_write(const char *path, const void *data, size_t len,
                   bool *unchanged);

/*
 * Files written together, as a batch's worker writes its packs.  Each is
 * checked and written at once, as outfile_write does, to an unnamed
 * temporary file (O_TMPFILE) beside its target, and left there: a crash
 * leaves nothing of it.  outfile_commit then makes them all durable with
 * one barrier (syncfs on each file system they are on), renames each over
 * its target and flushes each directory once: two flushes to the disk for
 * the lot where outfile_write makes two per file.  The rule stays that a
 * file is renamed only once it is whole on the disk.
 */
struct outfile_group;
struct outfile_group *outfile_group_new(void);
/*
 * As outfile_write, but the file is left to outfile_commit: *deferred is
 * then set.  Where a file cannot wait (standard output, a file system
 * without O_TMPFILE) it is written at once, as by outfile_write, and
 * *deferred is false.  Returns false after reporting.
 */
bool outfile_defer(struct outfile_group *g, const char *path,
                   const void *data, size_t len, bool *unchanged,
                   bool *deferred);
/* The files deferred and not yet committed. */
size_t outfile_group_count(const struct outfile_group *g);
/*
 * Commits the files deferred since the last commit, in the order they
 * were deferred: ok[i] (of outfile_group_count entries) says whether the
 * i-th is in place, durable; each failure is reported ("target: error:
 * ...").  Afterwards the group is empty.
 */
void outfile_commit(struct outfile_group *g, bool *ok);
/* Frees g; files not committed are dropped, never put in place. */
void outfile_group_free(struct outfile_group *g);

/*
 * Catches SIGINT, SIGTERM and SIGHUP: the temporary file being written,
 * if any, is removed, then the process dies of the signal as it would
 * have.  Call once, early.
 */
void outfile_catch_signals(void);
/* Sets a function the handler calls first, with the signal (only
 * async-signal-safe calls there: a batch's parent passes the signal on
 * to its workers and waits for them).  NULL for none. */
void outfile_on_signal(void (*fn)(int sig));

/*
 * Where a process records the name of the temporary file it is writing,
 * in memory it shares with its parent, so that a batch's parent can
 * remove the file of a worker that died.  The parent makes one per worker
 * before fork (outfile_slot_new) and cleans it once the worker is dead
 * (outfile_slot_clean, async-signal-safe); the worker records its names
 * there (outfile_slot_use).
 */
struct outfile_slot;
struct outfile_slot *outfile_slot_new(void);
void outfile_slot_use(struct outfile_slot *s);
void outfile_slot_clean(struct outfile_slot *s);
void outfile_slot_free(struct outfile_slot *s);

#endif
