/*
 * The parts of table that share one pass over a survey file: table.c
 * (CSV lines, records, the rows' values and checks), table_header.c
 * (finding the header row and mapping its columns) and table_sheet.c
 * (the sheet of a workbook, fed as records).  A record is a row of
 * fields, from a CSV line or a sheet's row; from the record on, a CSV
 * file and a workbook go through the same code.  Only those three files
 * include this.
 */
#ifndef BRIEFGEN_TABLE_INT_H
#define BRIEFGEN_TABLE_INT_H

#include "buf.h"
#include "codes.h"
#include "table.h"

struct csv_parser;
struct xlsx;

/* The header is looked for among this many non-blank rows at the start
 * of a file (or of each sheet) unless the layout gives its row. */
#define HEADER_SEARCH 30

/* A schema column prepared for one pass. */
struct column {
	const char **keys;   /* accepted headers: NFKC, trimmed, lower case */
	const char **groups; /* per header: its group heading the same way,
	                      * or NULL */
	const char **values; /* COL_CHOICE: allowed values, the same way */
};

/* A record kept for later: a row above the header, or one that may be. */
struct record {
	struct buf text; /* the fields, each NUL-ended */
	size_t *off;     /* start of each field in text.data */
	size_t n;
	size_t cap;
	unsigned line; /* 0: no record */
	char *sheet;   /* the sheet it is in, or NULL */
};

/* State of one pass over a file. */
struct reader {
	struct table t; /* header mapping; rows are not kept here */
	const struct source *src;
	table_row_fn fn;
	void *ctx;
	struct column *cols; /* per schema column */
	struct arena arena;  /* cols and their strings */

	/* Decoding. */
	bool started;       /* the start of the file has been looked at */
	bool decided;       /* t.encoding is final */
	bool told;          /* a decoding error has been reported */
	struct guess guess; /* when the encoding was detected */
	struct decoder *dec;
	struct buf sample;  /* raw bytes held back while detecting */
	struct buf partial; /* a raw line not yet complete */
	struct buf text;    /* a line converted to UTF-8 */

	/* Lines and records. */
	struct csv_parser *csv;
	unsigned line;     /* physical line being fed, from 1 */
	unsigned rec_line; /* line (a sheet's row) where the current
	                    * record started */
	size_t rec_bytes;  /* bytes of the current record so far */
	bool rec_bad;      /* the record holds an undecodable byte, or
	                    * a cell that cannot be read (reported) */
	unsigned rec_wide; /* in a sheet: the column (A = 1) of the cell
	                    * fed as the field after the header's, which
	                    * may be further right; else 0 */
	bool at_eof;       /* the line is the file's unterminated last */
	bool skipping;     /* dropping the rest of an over-long line */
	bool cr_pending;   /* partial ends in a CR that may precede LF */
	struct buf fields; /* the current record's fields, each NUL-ended */
	size_t *off;       /* start of each field in fields.data */
	size_t nfields;
	size_t capfields;

	/* The header (table_header.c). */
	struct record prev;       /* the last non-blank record above it */
	struct record held;       /* a record that has the columns, held to see
	                           * whether the next is the lower row of a
	                           * two-row header */
	struct record held_upper; /* the record above held, if adjacent */
	struct record best;       /* the record with the most columns, for the
	                           * message when none has them all */
	struct record best_upper; /* the record above best, if adjacent */
	size_t best_found;        /* its columns found */
	unsigned searched;        /* non-blank records looked at */
	bool search_over;         /* HEADER_SEARCH records without the header,
	                           * or past the layout's header row */

	/* Rows. */
	struct cell *cells;   /* the row handed to fn, reused */
	struct buf scratch;   /* normalized text */
	size_t header_fields; /* fields in the header */
	size_t need_fields;   /* 1 + the last field a column is read from */
	int code_col;         /* schema column of type COL_LGCODE, or -1 */
	int pref_col;         /* schema column of type COL_PREF, or -1 */
	int name_col;         /* schema column of names, or -1 */
	struct codes *codes;  /* the rows' codes */
	struct later *later;  /* rows the file as a whole decides */
	size_t nlater;
	struct arena later_arena; /* their cells and texts */
	struct buf last_pref;     /* the last prefecture text read ... */
	int last_pref_code;       /* ... and what it named */
	bool formula_told;        /* Excel's text formulas are reported */
	bool prefix_told;         /* Excel's text prefix is reported */
	struct buf requoted;      /* a line with its text formulas quoted,
	                           * for libcsv */
	struct msg_file mf;       /* messages about the file */
	size_t nrows;             /* good data rows */
	bool have_header;
	bool workbook; /* the file is a workbook (table_sheet.c) or
	                * an OLE2 file, not CSV text */
	bool stop;     /* fn asked to stop, or the file is unusable */
	bool ok;       /* no error reported */
};

/* A row kept until the end of the file, when its code is decided. */
struct later {
	struct row row; /* cells and texts in later_arena */
	struct codes_row code;
};

/* --- table.c ------------------------------------------------------------ */

/* Field i of the current record. */
const char *table_field(const struct reader *r, size_t i);
/* The place of field i (0-based, or -1 for the whole record) on line:
 * file:line:field, or file:sheet!E12 in a sheet. */
struct loc table_loc(const struct reader *r, unsigned line, int i);
/* "field 3", or in a sheet "column C", for field i (0-based), in b. */
const char *table_field_name(const struct reader *r, size_t i, struct buf *b);
/* An error (the file fails) or a warning (an error with --strict) about
 * the file. */
void table_error(struct reader *r, const struct loc *loc, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void table_warn(struct reader *r, const struct loc *loc, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Appends a field of n bytes at s to the current record, trimmed. */
void table_add_field(struct reader *r, const char *s, size_t n);
/* The current record, which starts on line, is complete: it is read as
 * the header or as a row, then emptied. */
void table_end_record(struct reader *r, unsigned line);
/* Reads the current record as a data row. */
void table_row(struct reader *r);

/* --- table_header.c ----------------------------------------------------- */

/* Takes the current record, while the header is not known: a title row,
 * the header, or (after a header held) the first data row.  Sets
 * have_header once the header is known; search_over when it is not
 * among the records the search looks at. */
void table_header_record(struct reader *r);
/* At the end of the file or sheet: a header held is the header. */
void table_header_end(struct reader *r);
/* Reports that no record had every column the layout needs, at the one
 * that had most. */
void table_header_missing(struct reader *r);
/* Forgets the records of the search, to look at another sheet; keeps
 * the best one. */
void table_header_restart(struct reader *r);
void table_header_free(struct reader *r);

/* --- table_sheet.c ------------------------------------------------------ */

/* Reads the rows of the workbook wb: the sheet the source names, or the
 * first whose header has the layout's columns.  Returns false when no
 * sheet could be read (reported). */
bool table_sheet_scan(struct reader *r, struct xlsx *wb);

#endif
