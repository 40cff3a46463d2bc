/*
 * A sheet of a workbook read as a survey file: each row is a record
 * whose fields are its cells by column (A is the first field), a blank
 * cell an empty field, so that a sheet reads as the CSV file Excel saves
 * from it and goes through the same header search, values and checks.
 * The sheet is the one the layout names, by name or by number, or else
 * the first visible worksheet whose header has the layout's columns:
 * a notes or cover sheet before the data is passed over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table_int.h"
#include "value.h"
#include "xalloc.h"
#include "xlsx.h"

/* The schema column field f (0-based) is read for, or -1. */
static int
column_of(const struct reader *r, size_t f)
{
	size_t i;

	for (i = 0; i < r->t.schema->ncols; i++)
		if (r->t.field[i] == (int)f)
			return (int)i;
	return -1;
}

/* A formula without its value in a column that is read: the row cannot
 * be read.  LibreOffice calculates a formula saved without a value as
 * it opens the workbook, but keeps what a workbook that asks for its
 * formulas to be calculated again saved for them, unless told. */
static void
uncached(struct reader *r, unsigned row, const struct xlsx_cell *c, int col)
{
	struct loc loc = table_loc(r, row, (int)c->col - 1);

	table_error(r, &loc,
	            "column \"%s\": the formula %s%s has no %s: open "
	            "the workbook in Excel %s and save it again",
	            r->t.schema->cols[col].headers[0],
	            c->formula[0] != '\0' ? "=" : "in the cell",
	            c->formula[0] != '\0' ? c->formula : "",
	            c->kind == XLSX_RECALC
	                    ? "value to read (the program that wrote the "
	                      "workbook left its formulas for Excel to "
	                      "calculate as it opens it)"
	                    : "saved value (the program that wrote the "
	                      "workbook did not calculate it)",
	            c->kind == XLSX_RECALC
	                    ? "(or in LibreOffice, with Data > Calculate > "
	                      "Recalculate Hard)"
	                    : "or LibreOffice");
	r->rec_bad = true;
}

/* Feeds a row of the sheet as the current record. */
static void
feed_row(struct reader *r, const struct xlsx_row *row)
{
	size_t i, f = 0;
	int col;

	r->rec_bad = false;
	r->rec_wide = 0;
	for (i = 0; i < row->ncells; i++) {
		const struct xlsx_cell *c = &row->cells[i];

		for (; f + 1 < c->col && !(r->have_header &&
		                           f >= r->header_fields);
		     f++)
			table_add_field(r, "", 0);
		if (r->have_header && f >= r->header_fields) {
			/* Right of the header, only the first cell with
			 * something in it matters, to be warned about: it is
			 * the field after the header's, whatever its column,
			 * so that a row reaching column XFD is not 16,384
			 * fields. */
			table_add_field(r, c->text, strlen(c->text));
			if (table_field(r, f)[0] != '\0') {
				r->rec_wide = c->col;
				break;
			}
			r->nfields--;
			continue;
		}
		/* Before the header is known, a header held (a row with the
		 * columns) maps them. */
		if ((c->kind == XLSX_UNCACHED || c->kind == XLSX_RECALC) &&
		    (r->have_header || r->held.line > 0) &&
		    (col = column_of(r, f)) >= 0)
			uncached(r, row->row, c, col);
		table_add_field(r, c->text, strlen(c->text));
		f++;
	}
	/* Blank cells at the end of the row are fields all the same, as in
	 * the CSV file Excel saves. */
	for (; r->have_header && f < r->header_fields; f++)
		table_add_field(r, "", 0);
	table_end_record(r, row->row);
}

/*
 * Reads sheet i: finds its header and, once it has one, its rows.
 * Returns false when the sheet has no header (searching: within its
 * first HEADER_SEARCH non-blank rows) or cannot be read.
 */
static bool
read_sheet(struct reader *r, struct xlsx *wb, size_t i, bool searching)
{
	struct xlsx_sheet *s;
	struct xlsx_row row;

	free((char *)r->t.sheet);
	r->t.sheet = r->mf.sheet = xstrdup(xlsx_sheet_name(wb, i));
	if ((s = xlsx_sheet_open(wb, i)) == NULL) {
		r->ok = false;
		r->stop = true;
		return false;
	}
	while (!r->stop && xlsx_sheet_row(s, &row)) {
		feed_row(r, &row);
		if (searching && !r->have_header && r->search_over)
			break;
	}
	if (xlsx_sheet_failed(s)) {
		r->ok = false;
		r->stop = true;
	}
	xlsx_sheet_close(s);
	if (!r->stop && !r->have_header)
		table_header_end(r);
	return r->have_header;
}

/* The sheet the layout names: by its name, or failing that by its
 * number, from 1.  Returns -1 after reporting. */
static long
named(struct reader *r, struct xlsx *wb, const char *want)
{
	struct loc loc = {r->t.name, 0, 0};
	size_t n = xlsx_nsheets(wb), i;
	struct buf key = {0}, all = {0};
	char *end;
	long k;

	for (i = 0; i < n; i++)
		if (strcmp(xlsx_sheet_name(wb, i), want) == 0)
			return (long)i;
	buf_adds(&key, value_normalize(want, true, &r->scratch));
	for (i = 0; i < n; i++)
		if (strcmp(value_normalize(xlsx_sheet_name(wb, i), true,
		                           &r->scratch),
		           key.data) == 0)
			break;
	buf_free(&key);
	if (i < n)
		return (long)i;
	k = strtol(want, &end, 10);
	if (*end == '\0' && end != want && k >= 1 && (size_t)k <= n)
		return k - 1;
	for (i = 0; i < n; i++)
		buf_printf(&all, "%s\"%s\"", i ? ", " : "",
		           xlsx_sheet_name(wb, i));
	table_error(r, &loc,
	            "the workbook has no sheet \"%s\"; its sheets are %s", want,
	            all.data);
	buf_free(&all);
	return -1;
}

/* Reports that no sheet has a header with the layout's columns. */
static void
no_sheet(struct reader *r, struct xlsx *wb)
{
	const struct schema *sc = r->t.schema;
	struct loc loc = {r->t.name, 0, 0};
	struct buf want = {0}, all = {0};
	size_t i;

	if (r->best_found > 0) {
		/* Say what the closest header lacks. */
		table_header_missing(r);
		return;
	}
	for (i = 0; i < sc->ncols; i++)
		if (!sc->cols[i].optional)
			buf_printf(&want, "%s\"%s\"", want.len ? ", " : "",
			           sc->cols[i].headers[0]);
	for (i = 0; i < xlsx_nsheets(wb); i++)
		buf_printf(&all, "%s\"%s\"", i ? ", " : "",
		           xlsx_sheet_name(wb, i));
	table_error(r, &loc,
	            "no sheet has a header row with the layout's columns (%s) "
	            "in its first %d rows; the sheets are %s: name the sheet "
	            "in the layout (<dataset sheet=\"...\">)",
	            want.data ? want.data : "", HEADER_SEARCH, all.data);
	buf_free(&want);
	buf_free(&all);
}

bool
table_sheet_scan(struct reader *r, struct xlsx *wb)
{
	size_t i, n = xlsx_nsheets(wb);
	long k;

	if (r->src->sheet != NULL) {
		if ((k = named(r, wb, r->src->sheet)) < 0)
			return false;
		if (!read_sheet(r, wb, (size_t)k, false) && !r->stop) {
			table_header_missing(r);
			return false;
		}
		return r->ok;
	}
	for (i = 0; i < n && !r->stop; i++) {
		if (xlsx_sheet_hidden(wb, i) || xlsx_sheet_is_chart(wb, i))
			continue;
		/* With the header's row given, the first sheet is read. */
		if (read_sheet(r, wb, i, r->src->header_row == 0) ||
		    r->src->header_row > 0)
			return r->ok;
		table_header_restart(r);
	}
	if (!r->stop)
		no_sheet(r, wb);
	return false;
}
