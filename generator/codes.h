/*
 * The local government codes of one survey file and the rules its rows
 * are held to.  A code field is read as the file writes its codes: six
 * digits (全国地方公共団体コード), e-Stat's five (標準地域コード), or
 * either with the leading zero Excel drops from a number; which, for a
 * five-digit value that could be both, is decided once for the whole
 * file from all its codes.  Then the code must lie in the prefecture the
 * row names, be listed once, and be a municipality on the as-of date of
 * the file's dataset by the roster (or the row is left out, where the
 * layout says so; a date after the roster's record ends is held to its
 * last day, with a warning); the row's name must be the roster's.  Takes a field's
 * text and its place, so every reader of survey files (CSV, workbooks)
 * holds rows to the same rules.  Used by table.
 */
#ifndef BRIEFGEN_CODES_H
#define BRIEFGEN_CODES_H

#include <stdbool.h>
#include <stdint.h>

#include "msg.h"

struct date;
struct prefs;
struct roster;

/* What the rows of a file are held to; everything is borrowed. */
struct codes_setup {
	struct msg_file *mf;         /* the file's messages */
	const char *column;          /* the code column's header */
	const char *pref_column;     /* the prefecture column's, or NULL */
	const char *name_column;     /* the name column's, or NULL */
	const struct prefs *prefs;   /* prefecture names, or NULL */
	const struct roster *roster; /* NULL: codes are checked for form,
	                              * prefecture and repeats only */
	const struct date *as_of;    /* with roster: the dataset's date */
	const struct loc *as_of_loc; /* where the layout gives it, or NULL */
	bool leave_out;              /* a row that is not a municipality
	                              * on as_of is a warning and is left
	                              * out, not an error */
};

/* The fields of one row that say which municipality it is. */
struct codes_row {
	const char *code;      /* the code field, trimmed */
	bool missing;          /* the code field is empty */
	struct loc loc;        /* of the code field */
	int pref;              /* 1..47 named by the prefecture field; 0
	                        * when it is blank or there is none */
	const char *pref_text; /* the prefecture field as written */
	struct loc pref_loc;
	const char *name; /* the name field, or NULL */
	struct loc name_loc;
	const char *total; /* the code, prefecture or name field (that
	                    * very pointer: a message names its field)
	                    * when it names a total (合計, 北海道計), else
	                    * NULL */
};

enum codes_verdict {
	CODES_OK,       /* the row is the municipality *code */
	CODES_LATER,    /* the file decides: keep the row and pass it to
	                 * codes_resolve after codes_decide */
	CODES_LEFT_OUT, /* not a municipality on the date: warned about,
	                 * left out of every figure */
	CODES_BAD       /* an error was reported */
};

struct codes;

/* Starts the checks of one file; warns, once, when as_of is after the
 * end of the roster's record of changes.  Free with codes_free. */
struct codes *codes_new(const struct codes_setup *setup);

/* Checks a row in file order; sets *code (six digits) for CODES_OK. */
enum codes_verdict codes_check(struct codes *cs, const struct codes_row *row,
                               uint32_t *code);

/* After the last row: decides, from all the file's codes, how it writes
 * codes of five digits. */
void codes_decide(struct codes *cs);

/* Checks a row codes_check left for later, now that the file has
 * decided; never returns CODES_LATER. */
enum codes_verdict codes_resolve(struct codes *cs, const struct codes_row *row,
                                 uint32_t *code);

/* Reports what the file as a whole was read as (which rows were read
 * which way), then frees cs.  NULL is a no-op. */
void codes_free(struct codes *cs);

#endif
