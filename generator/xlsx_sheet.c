/*
 * A sheet of a workbook, streamed row by row (§18.3.1.73 sheetData):
 * each cell's value as text, by its type and its number format, and
 * Excel's date serials as ISO 8601 dates.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "xalloc.h"
#include "xlsx_int.h"

/* Where a cell's text is while its row is read. */
struct cell_src {
	size_t text;    /* offset in text, or (shared) index into sst */
	size_t formula; /* offset in text, or SIZE_MAX */
	bool shared;
};

struct xlsx_sheet {
	struct part p;
	unsigned row; /* the current or last row */
	unsigned col; /* the last cell's column */
	struct xlsx_cell *cells;
	struct cell_src *src;
	size_t ncells, cap;
	struct buf text; /* the row's texts, each NUL-ended */
	size_t shared_len; /* bytes of the row's shared strings, which the
	                    * record the row becomes copies */
	/* The cell being read. */
	bool in_c, in_v, in_f, in_is, in_t, in_rph;
	bool has_v, has_f, has_is;
	enum celltype type;
	unsigned style;
	size_t v_off, f_off, is_off;
	bool done;
	bool failed;
};

/* --- dates -------------------------------------------------------------- */

/* The civil date of day z after 1970-01-01 (H. Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms", days_from_civil's inverse). */
static void
civil(long z, int *y, unsigned *m, unsigned *d)
{
	long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

bool
xlsx_date(long serial, bool d1904, char *out)
{
	/* Days from 1970-01-01 to 1899-12-31 and to 1904-01-01. */
	const long d1899 = -25568, d1904_0 = -24107;
	unsigned m, d;
	int y;

	if (d1904 ? serial < 0 || serial > 2957003
	          : serial < 1 || serial > 2958465)
		return false;
	if (!d1904 && serial == 60) {
		/* Excel's 1900 system counts a 29 February 1900 (to agree with
		 * Lotus 1-2-3); it is shown as it is. */
		memcpy(out, "1900-02-29", 11);
		return true;
	}
	if (d1904)
		civil(d1904_0 + serial, &y, &m, &d);
	else
		civil(d1899 + serial - (serial > 60), &y, &m, &d);
	snprintf(out, 11, "%04d-%02u-%02u", y, m % 100, d % 100);
	return true;
}

/* Appends what a number shown in a format of kind k is to b: an ISO
 * date, date and time, or time; false when v is no date of Excel's. */
static bool
put_date(struct buf *b, double v, enum numfmt k, bool d1904)
{
	double day = floor(v);
	long secs = lround((v - day) * 86400);
	char date[11];

	if (!isfinite(v) || v < 0 || v > 3e6)
		return false;
	if (secs == 86400) {
		day += 1;
		secs = 0;
	}
	if (k == NF_TIME) {
		/* An elapsed time ([h]:mm) may pass 24 hours. */
		secs += (long)day * 86400;
		buf_printf(b, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60,
		           secs % 60);
		return true;
	}
	if (!xlsx_date((long)day, d1904, date))
		return false;
	buf_adds(b, date);
	if (k == NF_DATETIME)
		buf_printf(b, "T%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60,
		           secs % 60);
	return true;
}

/* --- a sheet ------------------------------------------------------------ */

struct xlsx_sheet *
xlsx_sheet_open(struct xlsx *wb, size_t i)
{
	const struct sheet_entry *e = &wb->sheets[i];
	struct xlsx_sheet *s;

	if (wb->reading)
		msg_fatal("xlsx: a sheet of %s is read already", wb->name);
	if (e->part == NULL) {
		xlsx_error(wb, e->name, 0, 0, "%s: the sheet has no part; %s",
		           xlsx_damaged, xlsx_advice);
		return NULL;
	}
	if (e->chart) {
		xlsx_error(wb, e->name, 0, 0,
		           "a chart sheet has no cells to "
		           "read");
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	if (!xlsx_part_open(wb, &s->p, e->part, e->name, INFILE_SHEET)) {
		free(s);
		return NULL;
	}
	wb->reading = true;
	return s;
}

void
xlsx_sheet_close(struct xlsx_sheet *s)
{
	if (s == NULL)
		return;
	s->p.wb->reading = false;
	xlsx_part_close(&s->p);
	free(s->cells);
	free(s->src);
	buf_free(&s->text);
	free(s);
}

bool
xlsx_sheet_failed(const struct xlsx_sheet *s)
{
	return s->failed;
}

unsigned long long
xlsx_sheet_bytes(const struct xlsx_sheet *s)
{
	return s->p.bytes;
}

/* Reports a fault in the sheet at row and col (0: unknown) and ends
 * it. */
static void sheet_fault(struct xlsx_sheet *s, unsigned row, unsigned col,
                        const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void
sheet_fault(struct xlsx_sheet *s, unsigned row, unsigned col, const char *fmt,
            ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	xlsx_error(s->p.wb, s->p.sheet, row, col, "%s: %s; %s", xlsx_damaged,
	           text, xlsx_advice);
	s->p.failed = true;
	s->failed = true;
	s->done = true;
}

/* Reports a row with more text than a survey's and ends the sheet. */
static void
too_long(struct xlsx_sheet *s)
{
	xlsx_error(s->p.wb, s->p.sheet, s->row, 0,
	           "the row holds more than 1 MB of text: not a survey sheet; "
	           "the rest of the sheet is not read");
	s->p.failed = true;
	s->failed = true;
	s->done = true;
}

/* Reads a cell reference (E12) into *col and *row; false when it is
 * none or outside the sheet. */
static bool
parse_ref(const char *r, unsigned *col, unsigned *row)
{
	unsigned c = 0, w = 0;
	int n = 0;

	for (; *r >= 'A' && *r <= 'Z' && n < 4; r++, n++)
		c = c * 26 + (unsigned)(*r - 'A' + 1);
	if (n == 0 || n > 3 || c > MAX_COL || *r < '1' || *r > '9')
		return false;
	for (n = 0; *r >= '0' && *r <= '9' && n < 8; r++, n++)
		w = w * 10 + (unsigned)(*r - '0');
	if (*r != '\0' || w > MAX_ROW)
		return false;
	*col = c;
	*row = w;
	return true;
}

static void
start_row(struct xlsx_sheet *s)
{
	char *r = xlsx_attr(&s->p, "r");
	unsigned n = r != NULL ? xlsx_uint(r) : s->row + 1;

	if (r != NULL && (n == 0 || n > MAX_ROW))
		sheet_fault(s, 0, 0, "row number \"%s\"", r);
	else if (n <= s->row)
		sheet_fault(s, n, 0, "row %u comes after row %u", n, s->row);
	free(r);
	s->row = n;
	s->col = 0;
	s->ncells = 0;
	s->shared_len = 0;
	buf_clear(&s->text);
}

static enum celltype
cell_type(const char *t)
{
	static const struct {
		const char *name;
		enum celltype type;
	} types[] = {{"n", CT_NUMBER}, {"s", CT_SHARED},
	             {"str", CT_STR},  {"inlineStr", CT_INLINE},
	             {"b", CT_BOOL},   {"e", CT_ERROR},
	             {"d", CT_DATE}};
	size_t i;

	for (i = 0; t != NULL && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(t, types[i].name) == 0)
			return types[i].type;
	return CT_NUMBER;
}

static void
start_cell(struct xlsx_sheet *s)
{
	unsigned col = s->col + 1, row = s->row;
	const char *n, *v;

	s->type = CT_NUMBER;
	s->style = 0;
	while (xmlTextReaderMoveToNextAttribute(s->p.xr) == 1) {
		n = (const char *)xmlTextReaderConstLocalName(s->p.xr);
		v = (const char *)xmlTextReaderConstValue(s->p.xr);
		if (n == NULL || v == NULL || n[1] != '\0')
			continue;
		if (n[0] == 'r' && !parse_ref(v, &col, &row))
			sheet_fault(s, s->row, 0, "cell reference \"%s\"", v);
		else if (n[0] == 'r' && row != s->row)
			sheet_fault(s, s->row, col, "cell %s is in row %u", v,
			            s->row);
		else if (n[0] == 't')
			s->type = cell_type(v);
		else if (n[0] == 's')
			s->style = xlsx_uint(v);
	}
	xmlTextReaderMoveToElement(s->p.xr);
	if (!s->done && col <= s->col)
		sheet_fault(s, s->row, col,
		            "the cells of row %u are out of "
		            "order",
		            s->row);
	s->col = col;
	s->in_c = true;
	s->has_v = s->has_f = s->has_is = false;
}

/* Adds a cell of kind k whose text starts at offset text (or is shared
 * string text). */
static void
add_cell(struct xlsx_sheet *s, enum xlsx_kind k, size_t text, bool shared)
{
	if (s->ncells == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->cells = xreallocarray(s->cells, s->cap, sizeof *s->cells);
		s->src = xreallocarray(s->src, s->cap, sizeof *s->src);
	}
	s->cells[s->ncells] = (struct xlsx_cell){s->col, k, NULL, NULL};
	s->src[s->ncells++] = (struct cell_src){
	        text,
	        k == XLSX_UNCACHED || k == XLSX_RECALC ? s->f_off : SIZE_MAX,
	        shared};
}

/*
 * Appends d as Excel's General format shows a number its cell is wide
 * enough for: to 15 significant digits, without an exponent (0.000015,
 * not 1.5e-05, which is not a number to a survey's reader), unless it
 * is past 1E+20 or below 1E-20.  A whole number has at least digits
 * digits, zeros in front.
 */
static void
put_number(struct buf *b, double d, unsigned digits)
{
	char e[32], sig[16];
	const char *p = e;
	int exp, n = 0, i;

	if (d == floor(d) && fabs(d) < 1e15) {
		buf_printf(b, "%0*.0f", (int)digits + (d < 0), d == 0 ? 0 : d);
		return;
	}
	snprintf(e, sizeof e, "%.14e", d); /* -1.23456789012340e-05 */
	if (*p == '-')
		buf_addc(b, *p++);
	for (; *p != 'e'; p++)
		if (*p != '.')
			sig[n++] = *p;
	exp = atoi(p + 1);
	if (exp < -20 || exp > 20) {
		buf_printf(b, "%.15G", fabs(d));
		return;
	}
	while (n > 1 && sig[n - 1] == '0')
		n--;
	if (exp < 0) {
		buf_adds(b, "0.");
		for (i = -1; i > exp; i--)
			buf_addc(b, '0');
		buf_add(b, sig, (size_t)n);
		return;
	}
	for (i = 0; i < n || i <= exp; i++) {
		if (i == exp + 1)
			buf_addc(b, '.');
		buf_addc(b, i < n ? sig[i] : '0');
	}
}

/* Adds the text of a number cell: an ISO date in a date format, else
 * the number as Excel shows it in General, or with the zeros in front
 * that a format of zeros adds. */
static void
number_cell(struct xlsx_sheet *s)
{
	const struct xlsx *wb = s->p.wb;
	const char *v = s->text.data + s->v_off;
	struct cellfmt f = s->style < wb->nxf ? wb->xf[s->style]
	                                      : (struct cellfmt){NF_NUMBER, 0};
	size_t at = s->text.len, n, neg = v[0] == '-';
	char *end;
	double d;

	/* Most numbers are integers written as Excel shows them. */
	n = strspn(v + neg, "0123456789");
	if (f.kind == NF_NUMBER && v[neg + n] == '\0' && n > 0 && n < 16 &&
	    n >= f.digits && (v[neg] != '0' || n == 1)) {
		add_cell(s, XLSX_NUMBER, s->v_off, false);
		return;
	}
	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end != '\0' || errno != 0 || !isfinite(d)) {
		add_cell(s, XLSX_NUMBER, s->v_off, false); /* as written */
		return;
	}
	if (f.kind != NF_NUMBER &&
	    put_date(&s->text, d, (enum numfmt)f.kind, wb->d1904)) {
		buf_addc(&s->text, '\0');
		add_cell(s, XLSX_DATE, at, false);
		return;
	}
	put_number(&s->text, d, f.kind == NF_NUMBER ? f.digits : 0);
	buf_addc(&s->text, '\0');
	add_cell(s, XLSX_NUMBER, at, false);
}

/* The bytes of shared string idx, the NUL that ends it aside. */
static size_t
shared_len(const struct xlsx *wb, unsigned idx)
{
	size_t end = idx + 1 < wb->nsst ? wb->sst_off[idx + 1] : wb->sst.len;

	return end - wb->sst_off[idx] - 1;
}

/* Adds the cell that has ended, if it has a value or a formula. */
static void
end_cell(struct xlsx_sheet *s)
{
	const char *v = s->text.data ? s->text.data + s->v_off : "";
	unsigned idx;
	char *end;

	s->in_c = s->in_v = s->in_f = s->in_is = s->in_t = s->in_rph = false;
	if (s->done)
		return;
	if (s->type == CT_INLINE && s->has_is) {
		xlsx_decode_xstring(&s->text, s->is_off);
		buf_addc(&s->text, '\0');
		add_cell(s, XLSX_TEXT, s->is_off, false);
		return;
	}
	/* An empty number is none: openpyxl writes <v></v> for a formula
	 * it has not calculated.  (An empty string is a string.) */
	if (s->has_v && v[0] == '\0' && s->type != CT_STR &&
	    s->type != CT_INLINE)
		s->has_v = false;
	/* A workbook that asks for its formulas to be calculated again as
	 * it is opened saves what stands in for their values: xlsxwriter
	 * writes 0, openpyxl nothing. */
	if (s->has_f && s->p.wb->recalc) {
		add_cell(s, XLSX_RECALC, s->f_off, false);
		return;
	}
	if (!s->has_v) {
		if (s->has_f)
			add_cell(s, XLSX_UNCACHED, s->f_off, false);
		return;
	}
	switch (s->type) {
	case CT_SHARED:
		errno = 0;
		idx = (unsigned)strtoul(v, &end, 10);
		if (end == v || *end != '\0' || errno != 0 ||
		    idx >= s->p.wb->nsst) {
			sheet_fault(s, s->row, s->col,
			            "the cell names shared string \"%s\", "
			            "which the workbook lacks",
			            v);
			return;
		}
		/* Each cell is a copy of its string in the row read: a
		 * long string named in every cell of a row is many copies. */
		s->shared_len += shared_len(s->p.wb, idx);
		if (s->text.len + s->shared_len > ROW_TEXT_MAX) {
			too_long(s);
			return;
		}
		add_cell(s, XLSX_TEXT, idx, true);
		return;
	case CT_STR:
	case CT_INLINE:
		add_cell(s, XLSX_TEXT, s->v_off, false);
		return;
	case CT_BOOL:
		s->text.len = s->v_off;
		buf_adds(&s->text, strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
		buf_addc(&s->text, '\0');
		add_cell(s, XLSX_BOOL, s->v_off, false);
		return;
	case CT_ERROR:
		add_cell(s, XLSX_ERROR, s->v_off, false);
		return;
	case CT_DATE:
		/* ISO 8601 already: the date alone when it is midnight. */
		if (strlen(v) > 10 && strncmp(v + 10, "T00:00:00", 9) == 0)
			s->text.data[s->v_off + 10] = '\0';
		add_cell(s, XLSX_DATE, s->v_off, false);
		return;
	case CT_NUMBER:
		number_cell(s);
		return;
	}
}

/* Ends the text of a <v>, <f> or <is> at the end of s->text. */
static void
end_text(struct xlsx_sheet *s, size_t from, bool xstring)
{
	if (xstring)
		xlsx_decode_xstring(&s->text, from);
	buf_addc(&s->text, '\0');
}

/* The row that has ended, in *out; false when it has no cell. */
static bool
end_row(struct xlsx_sheet *s, struct xlsx_row *out)
{
	size_t i;

	if (s->done || s->ncells == 0)
		return false;
	for (i = 0; i < s->ncells; i++) {
		const struct cell_src *c = &s->src[i];

		if (s->cells[i].kind == XLSX_UNCACHED ||
		    s->cells[i].kind == XLSX_RECALC)
			s->cells[i].text = "";
		else if (c->shared)
			s->cells[i].text =
			        s->p.wb->sst.data + s->p.wb->sst_off[c->text];
		else
			s->cells[i].text = s->text.data + c->text;
		s->cells[i].formula = c->formula == SIZE_MAX
		                              ? NULL
		                              : s->text.data + c->formula;
	}
	out->row = s->row;
	out->cells = s->cells;
	out->ncells = s->ncells;
	return true;
}

/* The start of a cell's <v>, <f> or <is>: its text goes at the end of
 * s->text, from *off; *in while it lasts. */
static void
begin_text(struct xlsx_sheet *s, bool *has, size_t *off, bool *in,
	   bool empty)
{
	*has = true;
	*off = s->text.len;
	*in = !empty;
	if (empty)
		end_text(s, *off, false);
}

static void
element_start(struct xlsx_sheet *s, const char *e, bool empty)
{
	switch (e[0]) {
	case 'c':
		if (e[1] == '\0') {
			start_cell(s);
			if (empty)
				end_cell(s);
		}
		return;
	case 'v':
		if (e[1] == '\0' && s->in_c)
			begin_text(s, &s->has_v, &s->v_off, &s->in_v, empty);
		return;
	case 'f':
		if (e[1] == '\0' && s->in_c)
			begin_text(s, &s->has_f, &s->f_off, &s->in_f, empty);
		return;
	case 'i':
		if (strcmp(e, "is") == 0 && s->in_c)
			begin_text(s, &s->has_is, &s->is_off, &s->in_is, empty);
		return;
	case 't':
		if (e[1] == '\0' && s->in_is && !s->in_rph)
			s->in_t = !empty;
		return;
	case 'r':
		if (strcmp(e, "rPh") == 0 && s->in_is)
			s->in_rph = !empty;
		return;
	}
}

/* Handles the end of element e; true when a row with cells ended. */
static bool
element_end(struct xlsx_sheet *s, const char *e, struct xlsx_row *out)
{
	if (strcmp(e, "v") == 0 && s->in_v) {
		s->in_v = false;
		end_text(s, s->v_off, s->type == CT_STR);
	} else if (strcmp(e, "f") == 0 && s->in_f) {
		s->in_f = false;
		end_text(s, s->f_off, false);
	} else if (strcmp(e, "t") == 0) {
		s->in_t = false;
	} else if (strcmp(e, "rPh") == 0) {
		s->in_rph = false;
	} else if (strcmp(e, "is") == 0) {
		s->in_is = false;
	} else if (strcmp(e, "c") == 0 && s->in_c) {
		end_cell(s);
	} else if (strcmp(e, "row") == 0) {
		return end_row(s, out);
	} else if (strcmp(e, "sheetData") == 0) {
		/* The rest is not read, but must be whole. */
		s->done = true;
		if (!xlsx_part_drain(&s->p))
			s->failed = true;
	}
	return false;
}

bool
xlsx_sheet_row(struct xlsx_sheet *s, struct xlsx_row *out)
{
	xmlTextReaderPtr xr = s->p.xr;
	const char *e;
	int k, type;

	while (!s->done) {
		if ((k = xlsx_part_next(&s->p)) != 1) {
			s->failed = k < 0;
			s->done = true;
			break;
		}
		type = s->p.type;
		if (xlsx_is_text(type)) {
			if (s->in_v || s->in_f || (s->in_t && !s->in_rph))
				buf_adds(&s->text,
				         (const char *)xmlTextReaderConstValue(
				                 xr));
			if (s->text.len + s->shared_len > ROW_TEXT_MAX)
				too_long(s);
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT &&
		    type != XML_READER_TYPE_END_ELEMENT)
			continue;
		e = (const char *)xmlTextReaderConstLocalName(xr);
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (element_end(s, e, out))
				return true;
		} else if (strcmp(e, "row") == 0) {
			start_row(s);
			if (xmlTextReaderIsEmptyElement(xr) == 1 &&
			    end_row(s, out))
				return true;
		} else {
			element_start(s, e,
			              xmlTextReaderIsEmptyElement(xr) == 1);
		}
	}
	return false;
}
