/*
 * Survey input, CSV files and workbooks.  Detects a CSV file's encoding
 * and converts it to UTF-8 (decode), parses it one physical line at a
 * time (libcsv, or a fast path for lines without quotes that gives the
 * same fields); reads a workbook's sheet row by row (xlsx).  Finds the
 * header row below any title rows (a two-row header's lower row, under
 * its group headings), maps header names to the columns a schema asks
 * for and converts every field to a typed cell (value), reading Excel's
 * text formula ="011002" in any field, and its text prefix '011002 in
 * the code column, as the text they show (one warning each per file;
 * a formula among quoted fields is quoted for libcsv).  Checks each
 * row: local government codes, the prefecture column against the code,
 * the same municipality twice, and, for a survey, each code against the
 * roster of its as-of date (codes).  Each row keeps its file and line (a
 * sheet's row); a column in a message is the field's number in the CSV
 * record, from 1, or the sheet's column.  Rows are streamed to a
 * callback (table_scan) or collected (table_read).  Used by main, batch,
 * spec (for struct colspec), prefs and cube.
 */
#ifndef BRIEFGEN_TABLE_H
#define BRIEFGEN_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "decode.h"
#include "msg.h"

struct date;
struct prefs;
struct roster;

enum col_type {
	COL_TEXT,   /* any text, trimmed */
	COL_NUMBER, /* a number as surveys write it (see value.h) */
	COL_CHOICE, /* one of colspec.values, after NFKC */
	COL_LGCODE, /* local government code, 5 or 6 digits */
	COL_PREF    /* prefecture: a name (青森県, 青森, Aomori) or a code
	             * (02, 2); checked against the lgcode column */
};

/* One column a reader of the file needs. */
struct colspec {
	const char *id;              /* name used by the layout */
	enum col_type type;
	const char *const *headers;  /* accepted header names, first preferred */
	size_t nheaders;
	const char *const *values;   /* COL_CHOICE: allowed values */
	size_t nvalues;
	bool optional;               /* a file may lack this column */
	const char *const *groups;   /* per header: the group heading over
	                              * it in a two-row header (the header
	                              * is read under that heading only),
	                              * or NULL; NULL: none has one */
};

struct schema {
	const struct colspec *cols;
	size_t ncols;
};

struct cell {
	const char *text; /* field as read, trimmed; "" when absent */
	double num;       /* COL_NUMBER value */
	uint32_t code;    /* COL_LGCODE: six-digit code; COL_PREF: 1..47, or
	                   * 0 when it could not be checked (no prefs) */
	int choice;       /* COL_CHOICE: index into colspec.values */
	bool missing;     /* empty, a missing-value marker ("-", "…"), or
	                   * the column is absent from the file */
};

struct row {
	struct loc loc;     /* file and line where the record starts */
	struct cell *cells; /* one per schema column, in schema order */
};

struct table {
	const char *name;           /* display name of the file; owned */
	const char *sheet;          /* the sheet read, in a workbook; owned;
	                             * NULL for a CSV file */
	const struct schema *schema; /* borrowed from the caller */
	int *field;                 /* per schema column: 0-based field in the
	                             * file, or -1 when absent */
	enum encoding encoding;     /* what the file was read as; ENC_UTF8
	                             * for plain ASCII */
	bool detected;              /* the encoding was detected, not given */
	size_t left_out;            /* rows left out: not municipalities on
	                             * the as-of date (survey_rules) */
	struct row *rows;           /* in file order */
	size_t nrows;
	size_t rows_cap;            /* rows allocated */
	struct arena arena;         /* strings, cells */
};

/* What the rows of a survey are held to beyond their form (codes.h). */
struct survey_rules {
	const struct roster *roster; /* NULL: codes are checked for form,
	                              * prefecture and repeats only */
	const struct date *as_of;    /* the dataset's as-of date */
	bool leave_out;              /* rows that are not municipalities on
	                              * as_of: warnings, left out */
	int name_col;                /* schema column of municipality names,
	                              * or -1 */
	const struct loc *as_of_loc; /* where the layout gives as_of, for
	                              * messages; or NULL */
};

/* What to read and how. */
struct source {
	const char *name;            /* the file's path (table_scan_file,
	                              * table_read) or a display name */
	const struct schema *schema; /* columns to read; borrowed */
	enum encoding encoding;      /* ENC_AUTO: detect */
	const struct prefs *prefs;   /* names for COL_PREF; with NULL only
	                              * codes are checked */
	unsigned flags;
#define SOURCE_NO_FAST_PATH 1 /* parse every line with libcsv (tests) */
	const struct survey_rules *rules; /* NULL for reference tables */
	const char *sheet;           /* in a workbook: the sheet to read, by
	                              * name or else as a number from 1;
	                              * NULL: the first whose header has the
	                              * columns */
	unsigned header_row;         /* the line (a sheet's row) of the
	                              * header, or 0: the first of the
	                              * first HEADER_SEARCH non-blank ones
	                              * that has the columns */
};

/* Called for every good data row; row is valid only during the call.
 * Return false to stop reading. */
typedef bool (*table_row_fn)(const struct table *t, const struct row *row,
			     void *ctx);

/*
 * Parses the CSV file held in data[0..len), calling fn for every data
 * row that has no error (rows whose code the file as a whole decides
 * come last).  Reports each problem (file:line:field) with msg_error or
 * msg_warn and keeps going; returns false if any error was reported.
 * The table passed to fn has no rows; it describes the header mapping
 * and the encoding.  Sets *left_out, unless NULL, to the rows left out
 * as not municipalities (survey_rules.leave_out).
 */
bool table_scan(const struct source *src, const char *data, size_t len,
		table_row_fn fn, void *ctx, size_t *left_out);

/* As table_scan, streaming the file at src->name in blocks. */
bool table_scan_file(const struct source *src, table_row_fn fn, void *ctx,
		     size_t *left_out);

/* Reads the whole file src->name into a table.  Returns NULL after
 * reporting errors.  The caller frees the result with table_free. */
struct table *table_read(const struct source *src);
/* As table_read, from a buffer. */
struct table *table_parse(const struct source *src, const char *data,
			  size_t len);
void table_free(struct table *t);

/* Index of the schema column with the given id, or -1. */
int schema_find(const struct schema *s, const char *id);
/* The location of a cell, for messages: the row's line and the field's
 * 1-based column. */
struct loc table_cell_loc(const struct table *t, const struct row *r,
			  size_t col);

#endif
