#define _GNU_SOURCE /* vasprintf */
#include "msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistd.h>

#include "utf8.h"
#include "xalloc.h"

static unsigned nerrors;
static bool syserror;
static bool strict;
static bool quiet;
static enum msg_verbosity verbosity = MSG_NORMAL;
static int progress = -1; /* stderr is a terminal: -1 unknown, 0, 1 */
static bool progress_shown;

/* Writes all n bytes at p to stderr. */
static void
put(const char *p, size_t n)
{
	ssize_t k;

	while (n > 0 && (k = write(STDERR_FILENO, p, n)) > 0) {
		p += k;
		n -= (size_t)k;
	}
}

void
msg_progress_end(void)
{
	if (progress_shown)
		put("\r\033[K", 4);
	progress_shown = false;
}

/* Formats a line of at most 510 bytes and writes it in place of the
 * progress line with one write(2); with nl, ends it with a newline. */
static void
put_line(const char *fmt, va_list ap, bool nl)
{
	char line[512];
	int k = vsnprintf(line, sizeof line - 1, fmt, ap);
	size_t n;

	if (k < 0)
		return;
	n = (size_t)k < sizeof line - 2 ? (size_t)k : sizeof line - 2;
	if (nl)
		line[n++] = '\n';
	msg_progress_end();
	put(line, n);
}

void
msg_progress(const char *fmt, ...)
{
	va_list ap;

	if (progress < 0)
		progress = isatty(STDERR_FILENO);
	if (!progress || quiet)
		return;
	va_start(ap, fmt);
	put_line(fmt, ap, false);
	va_end(ap);
	progress_shown = true;
}

void
msg_relay(const char *text, size_t len)
{
	if (quiet)
		return;
	msg_progress_end();
	put(text, len);
}

void
msg_column_letters(unsigned col, char out[4])
{
	char tmp[4];
	size_t n = 0, i;

	/* Bijective base 26: A..Z, AA..ZZ, AAA..XFD. */
	for (; col > 0 && n < 3; col = (col - 1) / 26)
		tmp[n++] = (char)('A' + (col - 1) % 26);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Does the sheet name s read as a cell reference: A1 to XFD1048576, or
 * the start of an R1C1 one (R, C, RC, R1, C1, R2C3, C1_X)? */
static bool
reads_as_cell(const char *s)
{
	const char *p = s;
	unsigned long col = 0, row = 0;

	if ((*p | 0x20) == 'r' || (*p | 0x20) == 'c') {
		p += 1 + ((*p | 0x20) == 'r' && (p[1] | 0x20) == 'c');
		if (*p == '\0' || (*p >= '0' && *p <= '9'))
			return true;
	}
	for (p = s; p - s < 3 && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
	     p++)
		col = col * 26 + (unsigned long)((*p | 0x20) - 'a' + 1);
	if (p == s || *p < '1' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9' && row <= 1048576; p++)
		row = row * 10 + (unsigned long)(*p - '0');
	return *p == '\0' && col <= 16384 && row <= 1048576;
}

/* Must the sheet name be quoted in a reference?  Excel quotes a name
 * with anything but letters, digits (of any script), "_" and ".", one
 * starting with a digit, or one that reads as a cell reference (H28,
 * R1).  (Found by trying, as Excel does not say: J. McNamara, "Some
 * notes on worksheet name quoting", XlsxWriter, 2024.) */
static bool
needs_quotes(const char *s)
{
	const uc_general_category_t word = uc_general_category_or(
	        uc_general_category_or(UC_CATEGORY_L, UC_CATEGORY_N),
	        UC_CATEGORY_M);
	const char *p = s, *end = s + strlen(s);
	int32_t c;

	if ((*s >= '0' && *s <= '9') || reads_as_cell(s))
		return true;
	while (p < end) {
		c = utf8_next(&p, end);
		if (c < 0x80 ? !(c == '_' || c == '.' || (c >= '0' && c <= '9') ||
		                 ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
		             : !uc_is_general_category((ucs4_t)c, word))
			return true;
	}
	return false;
}

/* "file:sheet!E12:", "file:sheet!12:12:" (a row) or "file:sheet:" into
 * line; returns its length. */
static size_t
put_cell(char *line, size_t size, const struct loc *loc)
{
	bool quote = needs_quotes(loc->sheet);
	char col[4];
	size_t n = 0;
	const char *p;
	int k;

	k = snprintf(line, size, "%s:%s", loc->file, quote ? "'" : "");
	n += k > 0 ? (size_t)k : 0;
	/* A quote in a quoted name is written twice. */
	for (p = loc->sheet; *p != '\0' && n + 2 < size; p++) {
		line[n++] = *p;
		if (*p == '\'' && quote)
			line[n++] = '\'';
	}
	if (n + 1 < size && quote)
		line[n++] = '\'';
	msg_column_letters(loc->col, col);
	if (loc->line > 0 && loc->col > 0)
		k = snprintf(line + n, size - n, "!%s%u:", col, loc->line);
	else if (loc->line > 0)
		k = snprintf(line + n, size - n, "!%u:%u:", loc->line,
			     loc->line);
	else
		k = snprintf(line + n, size - n, ":");
	n += k > 0 ? (size_t)k : 0;
	return n < size ? n : size - 1;
}

/* Whether a terminal would obey code point cp rather than print it, or
 * show what follows in another order: the C0 and C1 controls and DEL,
 * and the bidirectional marks, embeddings, overrides and isolates and the
 * line and paragraph separators (Unicode 15.0, UAX #9, table 1). */
static bool
obeyed(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
	       cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* The most bytes printable writes for one byte it reads: \xHH for a
 * byte alone; \uHHHH stands for three, \xHH for a C1 control's two. */
#define ESCAPED_MAX 4

/*
 * Copies the n bytes at in to out, which has room for size, writing what
 * a terminal would obey instead of printing (obeyed) as \xHH, or \uHHHH
 * above U+00FF, and each byte that is not part of a UTF-8 character as
 * \xHH.  Messages and some lines of output quote names and values out of
 * files that may come from anyone, a PDF given to verify among them: an
 * escape sequence in one could rewrite the terminal, and a line feed
 * forge a line.  Returns the bytes written; characters that do not fit
 * are left out whole.
 */
static size_t
printable(const char *in, size_t n, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *p = in, *end = in + n;
	size_t o = 0;

	while (p < end) {
		const char *at = p;
		int32_t cp = utf8_next(&p, end);
		char e[8];
		size_t k = 0, len;

		if (cp < 0) { /* not UTF-8: the byte alone */
			p = at + 1;
			cp = (unsigned char)*at;
		} else if (!obeyed((uint32_t)cp)) {
			len = (size_t)(p - at);
			if (size - o < len)
				break;
			memcpy(out + o, at, len);
			o += len;
			continue;
		}
		e[k++] = '\\';
		if (cp > 0xff) {
			e[k++] = 'u';
			e[k++] = hex[cp >> 12 & 15];
			e[k++] = hex[cp >> 8 & 15];
		} else
			e[k++] = 'x';
		e[k++] = hex[cp >> 4 & 15];
		e[k++] = hex[cp & 15];
		if (size - o < k)
			break;
		memcpy(out + o, e, k);
		o += k;
	}
	return o;
}

bool
msg_fprint(FILE *f, const char *fmt, ...)
{
	va_list ap;
	char *text, *out;
	int k;
	size_t n, m;
	bool ok;

	va_start(ap, fmt);
	k = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (k < 0)
		msg_fatal("out of memory");
	/* A line's own end stays a line feed. */
	n = (size_t)k - (k > 0 && text[k - 1] == '\n');
	out = xmalloc(ESCAPED_MAX * n + 2);
	m = printable(text, n, out, ESCAPED_MAX * n);
	if (n < (size_t)k)
		out[m++] = '\n';
	ok = fwrite(out, 1, m, f) == m;
	free(out);
	free(text);
	return ok;
}

/*
 * Formats the whole message into one buffer and writes it with a single
 * write(2), so lines from parallel workers never interleave.
 */
static void
emit(const struct loc *loc, const char *level, const char *fmt, va_list ap,
     const char *suffix)
{
	char line[2048], out[ESCAPED_MAX * 2048];
	size_t n = 0;
	int k;

	if (quiet)
		return;
	if (loc != NULL && loc->file != NULL && loc->sheet != NULL) {
		n = put_cell(line, sizeof line, loc);
	} else if (loc != NULL && loc->file != NULL) {
		k = snprintf(line, sizeof line, "%s:", loc->file);
		n += k > 0 ? (size_t)k : 0;
		if (loc->line > 0) {
			k = snprintf(line + n, sizeof line - n, "%u:",
				     loc->line);
			n += k > 0 ? (size_t)k : 0;
			if (loc->col > 0) {
				k = snprintf(line + n, sizeof line - n, "%u:",
					     loc->col);
				n += k > 0 ? (size_t)k : 0;
			}
		}
	} else {
		k = snprintf(line, sizeof line, "briefgen:");
		n += k > 0 ? (size_t)k : 0;
	}
	if (n < sizeof line) {
		k = snprintf(line + n, sizeof line - n, " %s: ", level);
		n += k > 0 ? (size_t)k : 0;
	}
	if (n < sizeof line) {
		k = vsnprintf(line + n, sizeof line - n, fmt, ap);
		n += k > 0 ? (size_t)k : 0;
	}
	if (suffix != NULL && n < sizeof line) {
		k = snprintf(line + n, sizeof line - n, ": %s", suffix);
		n += k > 0 ? (size_t)k : 0;
	}
	if (n >= sizeof line - 1) { /* cut: at a character, marked */
		n = sizeof line - 1 - strlen("…");
		while (n > 0 && (line[n] & 0xc0) == 0x80)
			n--;
		memcpy(line + n, "…", strlen("…"));
		n += strlen("…");
	}
	n = printable(line, n, out, sizeof out - 1);
	out[n++] = '\n';
	msg_progress_end();
	put(out, n);
}

static void emitf(const struct loc *, const char *, const char *, ...)
	__attribute__((format(printf, 3, 4)));

static void
emitf(const struct loc *loc, const char *level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(loc, level, fmt, ap, NULL);
	va_end(ap);
}

/* Counts an error; returns false when it must not be printed. */
static bool
count_error(void)
{
	if (++nerrors <= MSG_MAX_ERRORS)
		return true;
	if (nerrors == MSG_MAX_ERRORS + 1)
		emitf(NULL, "error", "too many errors, the rest are not shown");
	return false;
}

void
msg_error(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	if (!count_error())
		return;
	va_start(ap, fmt);
	emit(loc, "error", fmt, ap, NULL);
	va_end(ap);
}

void
msg_verror(const struct loc *loc, const char *fmt, va_list ap)
{
	if (count_error())
		emit(loc, "error", fmt, ap, NULL);
}

/* A warning, or with --strict an error. */
static void
vwarn(const struct loc *loc, const char *fmt, va_list ap)
{
	if (strict) {
		if (!count_error())
			return;
	} else if (verbosity < MSG_NORMAL)
		return;
	emit(loc, strict ? "error" : "warning", fmt, ap, NULL);
}

void
msg_warn(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(loc, fmt, ap);
	va_end(ap);
}

void
msg_syserr(const char *path, const char *fmt, ...)
{
	struct loc loc = {path, 0, 0};
	const char *why = strerror(errno);
	va_list ap;

	syserror = true;
	if (!count_error())
		return;
	va_start(ap, fmt);
	emit(path ? &loc : NULL, "error", fmt, ap, why);
	va_end(ap);
}

void
msg_syserr_at(const struct loc *loc, const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	syserror = true;
	if (!count_error())
		return;
	va_start(ap, fmt);
	emit(loc, "error", fmt, ap, why);
	va_end(ap);
}

void
msg_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, "error", fmt, ap, NULL);
	va_end(ap);
	exit(EXIT_SYSTEM);
}

unsigned
msg_errors(void)
{
	return nerrors;
}

int
msg_status(void)
{
	if (syserror)
		return EXIT_SYSTEM;
	return nerrors > 0 ? EXIT_INPUT : 0;
}

void
msg_reset(void)
{
	nerrors = 0;
	syserror = false;
}

void
msg_set_strict(bool on)
{
	strict = on;
}

void
msg_set_quiet(bool on)
{
	quiet = on;
}

void
msg_set_verbosity(enum msg_verbosity v)
{
	verbosity = v;
}

enum msg_verbosity
msg_verbosity(void)
{
	return verbosity;
}

void
msg_note(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	if (verbosity < MSG_VERBOSE)
		return;
	va_start(ap, fmt);
	emit(loc, "note", fmt, ap, NULL);
	va_end(ap);
}

void
msg_hint(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	put_line(fmt, ap, true);
	va_end(ap);
}

void
msg_file_error(struct msg_file *f, const struct loc *loc, const char *fmt,
	       ...)
{
	va_list ap;

	f->failed = true;
	va_start(ap, fmt);
	msg_verror(loc, fmt, ap);
	va_end(ap);
}

void
msg_file_warn(struct msg_file *f, const struct loc *loc, const char *fmt,
	      ...)
{
	va_list ap;

	f->failed = f->failed || strict;
	if (++f->warnings > MSG_FILE_WARNINGS)
		return;
	va_start(ap, fmt);
	vwarn(loc, fmt, ap);
	va_end(ap);
}

void
msg_file_end(struct msg_file *f)
{
	struct loc loc = {f->name, 0, 0, f->sheet};
	unsigned more;

	if (f->warnings <= MSG_FILE_WARNINGS)
		return;
	more = f->warnings - MSG_FILE_WARNINGS;
	f->warnings = 0;
	msg_file_warn(f, &loc, "%u more warning%s about this file not shown",
		      more, more == 1 ? "" : "s");
}
