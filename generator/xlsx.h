/*
 * Office Open XML workbooks (.xlsx; ECMA-376 Part 1, 5th edition, 2016,
 * §18 SpreadsheetML, transitional and strict), read one sheet at a time
 * as rows of cells given as text, as Excel shows them.  The zip archive
 * is read with libzip and every part with libxml2's streaming reader
 * (xmlTextReader): a sheet is streamed, never held; the workbook's shared
 * strings and cell formats are held, as any row may use them.  Reports
 * its errors itself (msg), naming the workbook and the sheet.  Used by
 * table (table_sheet.c) and the fuzzer.
 */
#ifndef BRIEFGEN_XLSX_H
#define BRIEFGEN_XLSX_H

#include <stdbool.h>
#include <stddef.h>

struct infile;
struct xlsx;       /* an open workbook */
struct xlsx_sheet; /* a sheet being read */

/* What a cell holds (§18.3.1.4 c, §18.18.11 ST_CellType). */
enum xlsx_kind {
	XLSX_TEXT,    /* a shared or inline string, rich-text runs joined,
	               * phonetic guides (rPh) left out; or a formula's
	               * string result */
	XLSX_NUMBER,  /* a number: an integer as digits (1100), with the
	               * zeros in front that a format of zeros shows
	               * ("000000": 012203); else to Excel's 15 significant
	               * digits, written out (0.000015) */
	XLSX_BOOL,    /* "TRUE" or "FALSE" */
	XLSX_DATE,    /* a number in a date or time format, in ISO 8601:
	               * 2016-04-01, 2016-04-01T09:30:00 or 09:30:00, from
	               * the 1900 or the 1904 date system of the workbook */
	XLSX_ERROR,   /* an error value: "#N/A", "#DIV/0!", ... */
	XLSX_UNCACHED, /* a formula saved without its value: text is "" */
	XLSX_RECALC    /* a formula in a workbook that asks for its
	                * formulas to be calculated again as it is opened
	                * (calcPr fullCalcOnLoad): what is saved in their
	                * place is no value (xlsxwriter saves 0 for each,
	                * which LibreOffice keeps); text is "" */
};

struct xlsx_cell {
	unsigned col; /* from 1 (A) to 16384 (XFD) */
	enum xlsx_kind kind;
	const char *text;    /* the value as text, UTF-8; "" never stands
	                      * for an empty cell, which is not listed */
	const char *formula; /* the formula without "=", or "" (a shared
	                      * formula's other cells) when kind is
	                      * XLSX_UNCACHED or XLSX_RECALC; else NULL */
};

/* A row with at least one cell.  Valid until the next xlsx_sheet_row or
 * xlsx_sheet_close. */
struct xlsx_row {
	unsigned row;                  /* from 1 to 1048576 */
	const struct xlsx_cell *cells; /* by column, left to right */
	size_t ncells;
};

/*
 * Opens the workbook whose len bytes are at data (borrowed: they must
 * outlive the workbook); name is the display name for messages.
 * Reads its list of sheets, its shared strings and its cell formats.
 * A file that is not a workbook (a damaged or cut-short zip archive, an
 * OpenDocument spreadsheet, an Excel binary workbook, another kind of
 * zip), encrypted entries, or a part that inflates past the sheet limit
 * (infile.h) are reported; then NULL is returned.  Free with xlsx_free.
 */
struct xlsx *xlsx_open_mem(const char *name, const char *data, size_t len);
/* As xlsx_open_mem, reading the open file f (borrowed: it must stay open
 * until xlsx_free) at the offsets the archive needs, never whole. */
struct xlsx *xlsx_open_file(const char *name, struct infile *f);
void xlsx_free(struct xlsx *wb);

/* The sheets, in the order of their tabs. */
size_t xlsx_nsheets(const struct xlsx *wb);
/* The name of sheet i (from 0), as on its tab; owned by wb. */
const char *xlsx_sheet_name(const struct xlsx *wb, size_t i);
/* Is sheet i hidden, or not a worksheet (a chart sheet)? */
bool xlsx_sheet_hidden(const struct xlsx *wb, size_t i);
bool xlsx_sheet_is_chart(const struct xlsx *wb, size_t i);

/* Starts reading sheet i.  Returns NULL after reporting (a part that is
 * missing, or a chart sheet).  One sheet of a workbook is read at a
 * time; close it with xlsx_sheet_close. */
struct xlsx_sheet *xlsx_sheet_open(struct xlsx *wb, size_t i);
/*
 * Reads the next row that has a cell, in the order of the file (rows go
 * down the sheet).  Returns false at the end of the sheet's data and
 * after reporting a fault: damaged XML, a damaged or cut-short archive,
 * inflating past the sheet limit, rows or cells out of order, a shared
 * string that does not exist, a row with more than 1 MB of text.
 */
bool xlsx_sheet_row(struct xlsx_sheet *s, struct xlsx_row *row);
/* Did the sheet end with a reported fault? */
bool xlsx_sheet_failed(const struct xlsx_sheet *s);
/* Bytes of the sheet's XML inflated so far. */
unsigned long long xlsx_sheet_bytes(const struct xlsx_sheet *s);
void xlsx_sheet_close(struct xlsx_sheet *s);

/* The ISO 8601 date (YYYY-MM-DD) of day serial of Excel's 1900 date
 * system (1 is 1900-01-01; 60 is the 1900-02-29 Excel counts, kept as
 * Excel shows it) or, with d1904, its 1904 system (0 is 1904-01-01),
 * into out (at least 11 bytes).  False when the serial is out of Excel's
 * range (before its first day, after 9999-12-31). */
bool xlsx_date(long serial, bool d1904, char *out);

#endif
