/*
 * Survey CSV input.  Decodes a file to UTF-8, parses it with libcsv one
 * physical line at a time, maps header names to the columns a schema asks
 * for and converts every field to a typed cell.  Each row keeps its file
 * and line.  Rows can be streamed to a callback (table_scan) or collected
 * (table_read).  Used by main, batch, spec (for struct colspec), prefs and
 * cube.
 */
#ifndef BRIEFGEN_TABLE_H
#define BRIEFGEN_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "msg.h"

enum col_type {
	COL_TEXT,   /* any text, trimmed */
	COL_NUMBER, /* decimal number, "1,234" allowed */
	COL_CHOICE, /* one of colspec.values */
	COL_LGCODE  /* local government code, 5 or 6 digits */
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
};

struct schema {
	const struct colspec *cols;
	size_t ncols;
};

struct cell {
	const char *text; /* field as read, trimmed; "" when missing */
	double num;       /* COL_NUMBER value */
	uint32_t code;    /* COL_LGCODE: six-digit code */
	int choice;       /* COL_CHOICE: index into colspec.values */
	bool missing;     /* empty field, or column absent from the file */
};

struct row {
	struct loc loc;     /* file and line where the record starts */
	struct cell *cells; /* one per schema column, in schema order */
};

struct table {
	const char *name;           /* display name of the file; owned */
	const struct schema *schema; /* borrowed from the caller */
	int *field;                 /* per schema column: 0-based field in the
	                             * file, or -1 when absent */
	struct row *rows;           /* in file order */
	size_t nrows;
	size_t rows_cap;            /* rows allocated */
	struct arena arena;         /* strings, cells */
};

/* Called for every data row; row is valid only during the call.  Return
 * false to stop reading. */
typedef bool (*table_row_fn)(const struct table *t, const struct row *row,
			     void *ctx);

/*
 * Parses the CSV text data[0..len) named name against schema, calling fn
 * for every data row.  Reports each problem (file:line:col) with msg_error
 * and keeps going; returns false if any error was reported.  The table
 * passed to fn has no rows; it describes the header mapping.
 */
bool table_scan(const char *data, size_t len, const char *name,
		const struct schema *schema, table_row_fn fn, void *ctx);

/* As table_scan, but streams the file at path. */
bool table_scan_file(const char *path, const struct schema *schema,
		     table_row_fn fn, void *ctx);

/* Reads the whole file into a table.  Returns NULL after reporting errors.
 * The caller frees the result with table_free. */
struct table *table_read(const char *path, const struct schema *schema);
/* As table_read, from a buffer. */
struct table *table_parse(const char *data, size_t len, const char *name,
			  const struct schema *schema);
void table_free(struct table *t);

/* Index of the schema column with the given id, or -1. */
int schema_find(const struct schema *s, const char *id);
/* The location of a cell, for messages: the row's line and the field's
 * 1-based column. */
struct loc table_cell_loc(const struct table *t, const struct row *r,
			  size_t col);

/* Parses a number as surveys write it ("1,234", "-12", "12.5"); returns
 * false if text is not one.  Used for cells and by the unit tests. */
bool table_parse_number(const char *text, double *out);

#endif
