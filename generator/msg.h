/*
 * Diagnostics.  The only module that writes to stderr.  Messages have the
 * form "file:line:col: error: text" (line and col omitted when 0), or,
 * in a sheet of a workbook, "file:sheet!E12: error: text" with the cell
 * as Excel shows it, or "briefgen: error: text" when no file is known.
 * Any module may include it.
 */
#ifndef BRIEFGEN_MSG_H
#define BRIEFGEN_MSG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A place in an input file.  line and col count from 1; 0 means unknown. */
struct loc {
	const char *file;  /* display name, borrowed; NULL if none */
	unsigned line;     /* in a sheet: the row */
	unsigned col;      /* in a sheet: the column, A = 1 */
	const char *sheet; /* the sheet of a workbook, borrowed, or NULL:
	                    * shown as 調査票!E12, a row as 調査票!12:12 */
};

/* The letters of column col (from 1) as Excel writes them: A, Z, AA,
 * XFD; "" for 0.  out holds up to three letters and a NUL. */
void msg_column_letters(unsigned col, char out[4]);

/* Exit statuses. */
#define EXIT_INPUT 1  /* bad input */
#define EXIT_USAGE 2  /* bad command line */
#define EXIT_SYSTEM 3 /* system or I/O error */

/* At most this many errors are printed, then one "too many errors" line. */
#define MSG_MAX_ERRORS 50

void msg_error(const struct loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* As msg_error, with a va_list. */
void msg_verror(const struct loc *loc, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void msg_warn(const struct loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An error about a system call on path; appends strerror(errno). */
void msg_syserr(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* As msg_syserr, at loc. */
void msg_syserr_at(const struct loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the message and exits with EXIT_SYSTEM. */
void msg_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));

/* Shows a status line on stderr when it is a terminal; the next message
 * or msg_progress_end erases it. */
void msg_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_progress_end(void);
/* Passes on, as they are, the messages another process reported. */
void msg_relay(const char *text, size_t len);
/* Prints to f as fprintf does, but writes each control character (C0,
 * DEL, C1, bidirectional controls) and each byte that is not UTF-8 in
 * the text as \xHH or \uHHHH, as messages are: for output that quotes
 * names and values from files that may come from anyone.  A line feed
 * that ends the text is kept.  Returns false when the write failed. */
bool msg_fprint(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The messages about one input file that a reader reports as it goes:
 * an error marks the file failed; at most MSG_FILE_WARNINGS warnings are
 * shown and msg_file_end counts the rest in one line; with --strict a
 * warning is an error and fails the file.  Shared by the readers of
 * survey files and the checks of their rows (codes).
 */
#define MSG_FILE_WARNINGS 20
struct msg_file {
	const char *name;   /* the file's display name, borrowed */
	const char *sheet;  /* the sheet of a workbook read, borrowed, or
	                     * NULL: its records are rows, not lines */
	unsigned warnings;  /* warnings reported so far */
	bool failed;        /* an error was reported */
};

void msg_file_error(struct msg_file *f, const struct loc *loc,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void msg_file_warn(struct msg_file *f, const struct loc *loc,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Says how many warnings about the file were not shown, if any. */
void msg_file_end(struct msg_file *f);

/* Errors (and, when strict, warnings) reported since the last reset. */
unsigned msg_errors(void);
/* Worst exit status implied by what was reported: 0, EXIT_INPUT or
 * EXIT_SYSTEM. */
int msg_status(void);
void msg_reset(void);
/* When set, warnings count as errors. */
void msg_set_strict(bool strict);
/* When set, nothing is printed (used by the fuzzers). */
void msg_set_quiet(bool quiet);

/* How much is printed besides errors: --quiet prints errors only,
 * --verbose adds notes on what was read and how long each stage took. */
enum msg_verbosity {
	MSG_QUIET = -1, /* errors only: no warnings, no notes */
	MSG_NORMAL,     /* errors and warnings */
	MSG_VERBOSE     /* errors, warnings and notes */
};
void msg_set_verbosity(enum msg_verbosity v);
enum msg_verbosity msg_verbosity(void);
/* A note, "file: note: text" or "briefgen: note: text", printed only
 * when verbose. */
void msg_note(const struct loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A line as it is, such as the usage line after a usage error; printed
 * unless nothing is (msg_set_quiet). */
void msg_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
