#include "table.h"

#include <assert.h>
#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "codes.h"
#include "infile.h"
#include "prefs.h"
#include "table_int.h"
#include "value.h"
#include "xalloc.h"
#include "xlsx.h"

/* Bytes, from the first non-ASCII byte on, that the encoding is guessed
 * from (less when the file is shorter). */
#define SAMPLE_BYTES (16 * 1024)
/* A record longer than this has lost a closing quote. */
#define RECORD_MAX (1024 * 1024)
/* Bytes fed at a time, read from a file or from memory alike: every
 * check (the line-length cap, NUL bytes) sees the same pieces, so check,
 * --dump-layout and a render to PDF find the same faults. */
#define BLOCK (64 * 1024)

const char *
table_field(const struct reader *r, size_t i)
{
	return r->fields.data + r->off[i];
}

static const char *
field(const struct reader *r, size_t i)
{
	return table_field(r, i);
}

struct loc
table_loc(const struct reader *r, unsigned line, int i)
{
	struct loc loc = {r->t.name, line, i >= 0 ? (unsigned)i + 1 : 0,
			  r->t.sheet};

	return loc;
}

static struct loc
loc_at(const struct reader *r, unsigned line, int i)
{
	return table_loc(r, line, i);
}

const char *
table_field_name(const struct reader *r, size_t i, struct buf *b)
{
	char col[4];

	buf_clear(b);
	if (r->t.sheet != NULL) {
		msg_column_letters((unsigned)i + 1, col);
		buf_printf(b, "column %s", col);
	} else {
		buf_printf(b, "field %zu", i + 1);
	}
	return b->data;
}

static const char *
col_name(const struct reader *r, size_t i)
{
	return r->t.schema->cols[i].headers[0];
}

void
table_error(struct reader *r, const struct loc *loc, const char *fmt, ...)
{
	char text[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	msg_file_error(&r->mf, loc, "%s", text);
	r->ok = false;
}

/* A warning; with --strict it is an error and fails the file. */
void
table_warn(struct reader *r, const struct loc *loc, const char *fmt, ...)
{
	char text[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	msg_file_warn(&r->mf, loc, "%s", text);
	if (r->mf.failed)
		r->ok = false;
}

/* --- fields ----------------------------------------------------------- */

/* Records the field r->fields.data[start..end), which is NUL-ended,
 * trimmed. */
static void
add_field(struct reader *r, size_t start, size_t end)
{
	char *d = r->fields.data;

	if (r->nfields == r->capfields) {
		r->capfields = r->capfields ? 2 * r->capfields : 16;
		r->off = xreallocarray(r->off, r->capfields, sizeof *r->off);
	}
	r->off[r->nfields++] =
		(size_t)(value_trim_end(d + start, d + end) - d);
}

void
table_add_field(struct reader *r, const char *s, size_t n)
{
	size_t start = r->fields.len;

	buf_add(&r->fields, s, n);
	buf_addc(&r->fields, '\0');
	add_field(r, start, r->fields.len - 1);
}

static void
field_cb(void *s, size_t len, void *data)
{
	table_add_field(data, s ? s : "", s ? len : 0);
}

/*
 * Splits a line without quotes into fields, as libcsv would: at every
 * comma, each field trimmed (libcsv trims spaces and tabs; value_trim
 * trims those and more, so the results agree).  A blank line gives one
 * empty field, which record_cb skips as libcsv skips the line.
 */
static void
split_fields(struct reader *r, const char *p, size_t n)
{
	size_t start = 0, end;
	char *d, *comma;

	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	buf_clear(&r->fields);
	d = buf_space(&r->fields, n + 1);
	memcpy(d, p, n);
	d[n] = '\0';
	r->fields.len = n;
	for (;;) {
		comma = memchr(d + start, ',', n - start);
		end = comma != NULL ? (size_t)(comma - d) : n;
		d[end] = '\0';
		add_field(r, start, end);
		if (comma == NULL)
			break;
		start = end + 1;
	}
}

/* --- the header ------------------------------------------------------- */

/* Appends "a", "b", "c" (or "a" or "b" when alternatives). */
static void
list_names(struct buf *b, const char *const *names, size_t n,
	   bool alternatives)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s\"%s\"",
			   i == 0 ? "" : alternatives ? " or " : ", ", names[i]);
}

/* --- cells ------------------------------------------------------------ */

static bool
convert_choice(struct reader *r, size_t i, struct cell *c)
{
	const struct colspec *cs = &r->t.schema->cols[i];
	struct loc loc;
	const char *norm;
	struct buf allowed = {0};
	size_t k;

	for (k = 0; k < cs->nvalues; k++)
		if (strcmp(c->text, cs->values[k]) == 0) {
			c->choice = (int)k;
			return true;
		}
	norm = value_normalize(c->text, true, &r->scratch);
	for (k = 0; k < cs->nvalues; k++)
		if (strcmp(norm, r->cols[i].values[k]) == 0) {
			c->choice = (int)k;
			return true;
		}
	list_names(&allowed, cs->values, cs->nvalues, false);
	loc = loc_at(r, r->rec_line, r->t.field[i]);
	table_error(r, &loc, "column \"%s\": unknown value \"%s\" (allowed: %s)",
		    cs->headers[0], c->text, allowed.data);
	buf_free(&allowed);
	return false;
}

static bool
convert_pref(struct reader *r, size_t i, struct cell *c)
{
	struct loc loc;
	int code;

	if (r->last_pref.data != NULL && strcmp(c->text, r->last_pref.data) == 0)
		code = r->last_pref_code;
	else {
		code = prefs_find(r->src->prefs,
				  value_normalize(c->text, true, &r->scratch));
		if (code < 0) /* 宮﨑県 */
			code = prefs_find(r->src->prefs,
					  value_name_key(c->text, &r->scratch));
		buf_clear(&r->last_pref);
		buf_adds(&r->last_pref, c->text);
		r->last_pref_code = code;
	}
	if (code < 0 && value_is_total(c->text)) {
		/* A row of totals: codes tells of it. */
		c->code = 0;
		return true;
	}
	if (code < 0) {
		loc = loc_at(r, r->rec_line, r->t.field[i]);
		table_error(r, &loc, "column \"%s\": unknown prefecture \"%s\"",
			    col_name(r, i), c->text);
		return false;
	}
	c->code = (uint32_t)code;
	return true;
}

static bool
convert(struct reader *r, size_t i, struct cell *c)
{
	const struct colspec *cs = &r->t.schema->cols[i];
	struct loc loc;
	bool ok;

	switch (cs->type) {
	case COL_TEXT:
		return true;
	case COL_NUMBER:
		ok = value_number(c->text, &c->num);
		if (ok && fabs(c->num) < VALUE_MAX)
			return true;
		loc = loc_at(r, r->rec_line, r->t.field[i]);
		if (ok)
			table_error(r, &loc,
				    "column \"%s\": \"%s\" is too large to be "
				    "added up exactly (2^53 or more)",
				    cs->headers[0], c->text);
		else
			table_error(r, &loc,
				    "column \"%s\": not a number: \"%s\"",
				    cs->headers[0], c->text);
		return false;
	case COL_CHOICE:
		return convert_choice(r, i, c);
	case COL_LGCODE:
		return true; /* codes checks it with the row */
	case COL_PREF:
		return convert_pref(r, i, c);
	}
	return false;
}

/* --- codes ----------------------------------------------------------- */

/* The fields of the current row that say which municipality it is. */
static struct codes_row
code_fields(const struct reader *r, bool pref_ok)
{
	const struct cell *c = &r->cells[r->code_col];
	const struct cell *p = r->pref_col >= 0 ? &r->cells[r->pref_col] : NULL;
	struct codes_row f = {c->text, c->missing,
			      loc_at(r, r->rec_line, r->t.field[r->code_col]),
			      0, "", {NULL, 0, 0}, NULL, {NULL, 0, 0}, NULL};

	if (!c->missing && value_is_total(c->text))
		f.total = c->text;
	if (p != NULL && pref_ok && !p->missing) {
		f.pref = (int)p->code;
		f.pref_text = p->text;
		f.pref_loc = loc_at(r, r->rec_line, r->t.field[r->pref_col]);
		if (f.total == NULL && f.pref == 0 && value_is_total(p->text))
			f.total = p->text;
	}
	if (r->name_col >= 0 && !r->cells[r->name_col].missing) {
		f.name = r->cells[r->name_col].text;
		f.name_loc = loc_at(r, r->rec_line, r->t.field[r->name_col]);
		if (f.total == NULL && value_is_total(f.name))
			f.total = f.name;
	}
	return f;
}

/* Keeps the current row until the file has decided its code. */
static void
keep_later(struct reader *r, const struct row *row,
	   const struct codes_row *f)
{
	size_t n = r->t.schema->ncols, i;
	struct later *l;

	r->later = xreallocarray(r->later, r->nlater + 1, sizeof *r->later);
	l = &r->later[r->nlater++];
	l->row.loc = row->loc;
	l->row.cells = arena_alloc(&r->later_arena,
				   (n ? n : 1) * sizeof *l->row.cells);
	for (i = 0; i < n; i++) {
		l->row.cells[i] = row->cells[i];
		l->row.cells[i].text =
			arena_strdup(&r->later_arena, row->cells[i].text);
	}
	l->code = *f;
	l->code.code = l->row.cells[r->code_col].text;
	l->code.total = NULL; /* a row with a code */
	if (f->pref > 0)
		l->code.pref_text = l->row.cells[r->pref_col].text;
	if (f->name != NULL)
		l->code.name = l->row.cells[r->name_col].text;
}

/* Hands a row whose code is decided on, or counts it out. */
static void
pass_row(struct reader *r, struct row *row, enum codes_verdict v,
	 uint32_t code)
{
	if (r->mf.failed)
		r->ok = false;
	switch (v) {
	case CODES_OK:
		break;
	case CODES_LEFT_OUT:
		r->t.left_out++;
		return;
	case CODES_BAD:
		r->ok = false;
		return;
	case CODES_LATER:
		return;
	}
	if (r->code_col >= 0)
		row->cells[r->code_col].code = code;
	r->nrows++;
	if (!r->fn(&r->t, row, r->ctx))
		r->stop = true;
}

/* Decides the rows kept for the end of the file. */
static void
resolve_later(struct reader *r)
{
	enum codes_verdict v;
	size_t i;
	uint32_t code = 0;

	if (r->codes == NULL)
		return;
	codes_decide(r->codes);
	for (i = 0; i < r->nlater && !r->stop; i++) {
		struct later *l = &r->later[i];

		l->row.loc.file = r->t.name;
		l->row.loc.sheet = r->t.sheet;
		v = codes_resolve(r->codes, &l->code, &code);
		pass_row(r, &l->row, v, code);
	}
	codes_free(r->codes);
	r->codes = NULL;
	if (r->mf.failed)
		r->ok = false;
}

/* --- rows ------------------------------------------------------------- */

/*
 * A value in one of Excel's forms of text: the text formula ="011002",
 * which tools write so that Excel keeps a leading zero, in any field; the
 * text prefix '011002, as hand-made files hold it (Excel keeps the
 * apostrophe out of the value; a text editor does not), in the code
 * column only, where an apostrophe is never part of the value.  Read as
 * the text Excel shows, in place, and said once per file for each form.
 */
static const char *
excel_text(struct reader *r, size_t i, char *s)
{
	bool prefix = s[0] == '\'';
	size_t n = strlen(s), skip = prefix ? 1 : 2;
	bool *told = prefix ? &r->prefix_told : &r->formula_told;
	struct loc loc;

	if (prefix ? (int)i != r->code_col
		   : n < 3 || s[n - 1] != '"' ||
			     memchr(s + 2, '"', n - 3) != NULL)
		return s;
	n -= prefix ? 1 : 3; /* the text's length */
	if (!*told) {
		loc = loc_at(r, r->rec_line, r->t.field[i]);
		*told = true;
		table_warn(r, &loc,
			   prefix ? "column \"%s\": %s starts with Excel's text "
				    "prefix ('): it is read as the text after "
				    "it, %.*s, here and in every field like it"
				  : "column \"%s\": %s is Excel's text formula: "
				    "it is read as the text it shows, %.*s, here "
				    "and in every field like it",
			   col_name(r, i), s, (int)n, s + skip);
	}
	s[skip + n] = '\0';
	return s + skip;
}

/* Kangxi radicals (U+2F00-U+2FDF) and CJK radicals (U+2E80-U+2EFF),
 * which text copied out of PDFs holds for the ideographs they look like
 * (⾧ for 長), are read as those ideographs, in place, with a warning. */
static void
fold_radicals(struct reader *r, size_t i, char *s)
{
	struct loc loc;
	char *before;
	uint32_t from, to;
	size_t n;

	if ((before = strstr(s, "\xe2")) == NULL ||
	    !value_has_radical(before))
		return;
	before = xstrdup(s);
	if ((n = value_fold_radicals(s, &from, &to)) > 0) {
		loc = loc_at(r, r->rec_line, r->t.field[i]);
		table_warn(r, &loc,
			   "column \"%s\": \"%s\" holds %zu radical%s in place "
			   "of ideographs (the first U+%04X for U+%04X), as text "
			   "copied out of a PDF does: read as \"%s\"",
			   col_name(r, i), before, n, n == 1 ? "" : "s",
			   (unsigned)from, (unsigned)to, s);
	}
	free(before);
}

/* Warns about a row shorter than the columns read need, or longer than
 * the header with something in the extra fields; a short last line is a
 * truncated file. */
static void
check_width(struct reader *r)
{
	struct loc loc = loc_at(r, r->rec_line, -1);
	size_t j;

	if (r->nfields < r->need_fields) {
		if (r->at_eof)
			table_error(r, &loc,
				    "the last row has %zu of the header's %zu "
				    "fields: the file is cut short",
				    r->nfields, r->header_fields);
		else
			table_warn(r, &loc,
				   "the row has %zu fields, the header %zu; "
				   "the missing ones are read as missing values",
				   r->nfields, r->header_fields);
		return;
	}
	for (j = r->header_fields; j < r->nfields; j++)
		if (field(r, j)[0] != '\0' && r->t.sheet != NULL) {
			char last[4];

			loc = loc_at(r, r->rec_line,
				     r->rec_wide > 0 ? (int)r->rec_wide - 1
						     : (int)j);
			msg_column_letters((unsigned)r->header_fields, last);
			table_warn(r, &loc,
				   "the cell is right of the header, which ends "
				   "at column %s: it is not read",
				   last);
			return;
		} else if (field(r, j)[0] != '\0') {
			table_warn(r, &loc,
				   "the row has %zu fields, the header %zu; "
				   "field %zu and later are ignored",
				   r->nfields, r->header_fields,
				   r->header_fields + 1);
			return;
		}
}

void
table_row(struct reader *r)
{
	const struct schema *s = r->t.schema;
	struct row row = {{r->t.name, r->rec_line, 0, r->t.sheet}, r->cells};
	bool ok = true, pref_ok = true;
	size_t i;

	if (r->rec_bad) {
		/* Reported already; its values cannot be trusted. */
		r->ok = false;
		return;
	}
	check_width(r);
	for (i = 0; i < s->ncols; i++) {
		struct cell *c = &r->cells[i];
		int f = r->t.field[i];

		memset(c, 0, sizeof *c);
		c->text = f >= 0 && (size_t)f < r->nfields ? field(r, (size_t)f)
							   : "";
		if ((c->text[0] == '=' && c->text[1] == '"') ||
		    c->text[0] == '\'')
			c->text = excel_text(r, i, (char *)c->text);
		c->missing = value_is_missing(c->text);
		if (c->missing)
			continue;
		if (s->cols[i].type == COL_TEXT)
			fold_radicals(r, i, (char *)c->text);
		if (!convert(r, i, c)) {
			ok = false;
			if ((int)i == r->pref_col)
				pref_ok = false;
		}
	}
	if (r->codes != NULL) {
		struct codes_row f = code_fields(r, pref_ok);
		uint32_t code = 0;
		enum codes_verdict v = codes_check(r->codes, &f, &code);

		if (v == CODES_LATER && ok)
			keep_later(r, &row, &f);
		if (!ok)
			v = v == CODES_OK || v == CODES_LATER ? CODES_BAD : v;
		pass_row(r, &row, v, code);
		return;
	}
	pass_row(r, &row, ok ? CODES_OK : CODES_BAD, 0);
}

static void
record_cb(int c, void *data)
{
	struct reader *r = data;
	size_t i;
	bool blank = true;

	(void)c;
	for (i = 0; i < r->nfields && blank; i++)
		blank = field(r, i)[0] == '\0';
	if (blank || r->stop) {
		;
	} else if (r->have_header) {
		table_row(r);
	} else if (r->rec_bad && r->held.line == 0) {
		/* Names that cannot be read cannot be matched. */
		r->stop = true;
	} else {
		table_header_record(r);
		if (r->search_over && r->t.sheet == NULL) {
			table_header_missing(r);
			r->stop = true;
		}
	}
	r->nfields = 0;
	buf_clear(&r->fields);
}

void
table_end_record(struct reader *r, unsigned line)
{
	r->rec_line = line;
	record_cb(0, r);
}

/* --- lines ------------------------------------------------------------ */

/* The field (0-based) that holds byte at of the raw line p, counting
 * commas outside quotes from the parser's state at the line's start. */
static int
field_of_byte(const struct reader *r, const char *p, size_t at)
{
	bool quoted = r->csv->pstate == 2 && r->csv->quoted;
	size_t i, n = r->nfields;

	for (i = 0; i < at; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (p[i] == ',' && !quoted)
			n++;
	}
	return (int)n;
}

/* "column "NAME": " when field f (0-based) is read for a column. */
static const char *
column_prefix(const struct reader *r, int f, struct buf *b)
{
	size_t i;

	buf_clear(b);
	buf_adds(b, "");
	for (i = 0; (r->have_header || r->held.line > 0) &&
		    i < r->t.schema->ncols;
	     i++)
		if (r->t.field[i] == f) {
			buf_printf(b, "column \"%s\": ", col_name(r, i));
			break;
		}
	return b->data;
}

static void
report_decode(struct reader *r, const char *p, const struct decode_result *d)
{
	int f = field_of_byte(r, p, d->bad);
	struct loc loc = loc_at(r, r->line, f);
	unsigned b = (unsigned char)p[d->bad];
	const char *enc = decode_name(r->t.encoding == ENC_AUTO
					      ? ENC_UTF8
					      : r->t.encoding);
	const char *why = "";
	struct buf col = {0};

	if (r->told)
		why = "";
	else if (r->t.detected)
		why = r->guess.any_fits
			      ? "; the encoding was detected from the start "
				"of the file"
			      : "; the file reads as none of UTF-8, "
				"Shift_JIS (CP932) and EUC-JP";
	else if (r->src->encoding != ENC_AUTO)
		why = "; the encoding was given, not detected";
	r->told = true;
	r->rec_bad = true;
	column_prefix(r, f, &col);
	if (b == 0)
		table_error(r, &loc, "%sNUL byte (byte %zu of the line): not text",
			    col.data, d->bad + 1);
	else if (d->cut && r->at_eof)
		table_error(r, &loc,
			    "%sthe file ends inside a %s character (byte 0x%02X, "
			    "byte %zu of the line): it is cut short",
			    col.data, enc, b, d->bad + 1);
	else
		table_error(r, &loc,
			    "%snot valid %s: byte 0x%02X (byte %zu of the "
			    "line)%s",
			    col.data, enc, b, d->bad + 1, why);
	buf_free(&col);
}

static void
reset_parser(struct reader *r)
{
	csv_free(r->csv);
	csv_init(r->csv, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_blk_size(r->csv, 1024);
	r->nfields = 0;
	buf_clear(&r->fields);
}

/*
 * The closing quote of a field written as Excel's text formula,
 * ="011002", whose opening quote is at q: the next quote, with no comma
 * before it and the end of the field after it; NULL when it is no such
 * field.
 */
static const char *
formula_end(const char *q, const char *end)
{
	const char *close = memchr(q + 1, '"', (size_t)(end - q - 1));

	if (close == NULL || memchr(q + 1, ',', (size_t)(close - q - 1)))
		return NULL;
	if (close + 1 < end && close[1] != ',' && close[1] != '\r' &&
	    close[1] != '\n')
		return NULL;
	return close;
}

/*
 * Are the only quotes of the line those of fields written as Excel's text
 * formula?  Such a line splits at its commas like one without quotes; the
 * fields keep the formula for the row to read.  (libcsv refuses a quote
 * inside an unquoted field.)
 */
static bool
formulas_only(const char *p, size_t n)
{
	const char *q = memchr(p, '"', n), *end = p + n, *close;

	for (; q != NULL; q = memchr(close + 1, '"', (size_t)(end - close - 1))) {
		if (q - p < 1 || q[-1] != '=' || (q - p >= 2 && q[-2] != ','))
			return false;
		if ((close = formula_end(q, end)) == NULL)
			return false;
	}
	return true;
}

/*
 * A line with text formulas beside quoted fields ("1,749,859", as tools
 * quote a field with a comma): each formula is written into out as the
 * quoted field libcsv reads as the formula's text, "=""011002""", so the
 * row reads it as on a line of formulas alone.  False, and out unused,
 * when the line holds no formula outside a quoted field.
 */
static bool
quote_formulas(const char *p, size_t n, struct buf *out)
{
	const char *end = p + n, *q, *close;
	bool quoted = false, start = true, any = false;

	for (q = memchr(p, '=', n); q != NULL && (q + 1 == end || q[1] != '"');
	     q = memchr(q + 1, '=', (size_t)(end - q - 1)))
		;
	if (q == NULL)
		return false; /* no formula: the common case */
	buf_clear(out);
	for (q = p; q < end; q++) {
		if (start && *q == '=' && q + 1 < end && q[1] == '"' &&
		    (close = formula_end(q + 1, end)) != NULL) {
			buf_adds(out, "\"=\"\"");
			buf_add(out, q + 2, (size_t)(close - q - 2));
			buf_adds(out, "\"\"\"");
			q = close;
			start = false;
			any = true;
			continue;
		}
		if (*q == '"')
			quoted = !quoted;
		start = !quoted && *q == ',';
		buf_addc(out, *q);
	}
	return any;
}

/* Parses one decoded line (terminator included). */
static void
parse_line(struct reader *r, const char *p, size_t n)
{
	struct loc loc;
	bool quotes = memchr(p, '"', n) != NULL;

	if (r->csv->pstate == 0 &&
	    (quotes ? formulas_only(p, n)
		    : !(r->src->flags & SOURCE_NO_FAST_PATH))) {
		split_fields(r, p, n);
		record_cb(0, r);
		return;
	}
	if (r->csv->pstate == 0 && quotes &&
	    quote_formulas(p, n, &r->requoted)) {
		p = r->requoted.data;
		n = r->requoted.len;
	}
	if (r->rec_bytes > RECORD_MAX) {
		loc = loc_at(r, r->rec_line, (int)r->nfields);
		table_error(r, &loc, "quoted field not closed: it runs on for "
				     "more than 1 MB from this line; the rest of "
				     "the file is not read");
		r->stop = true;
		return;
	}
	if (csv_parse(r->csv, p, n, field_cb, record_cb, r) == n)
		return;
	loc = loc_at(r, r->line, (int)r->nfields);
	if (r->rec_bad)
		; /* an undecodable byte is reported; quotes are moot */
	else if (r->csv->quoted)
		table_error(r, &loc, "text after the closing quote of a field; "
				     "a quote inside a quoted field is written "
				     "twice (\"\")");
	else
		table_error(r, &loc, "a quote (\") inside an unquoted field; "
				     "quote the whole field and write the quote "
				     "twice");
	reset_parser(r);
}

/* Decodes one physical line, terminator included, and parses it. */
static void
feed_line(struct reader *r, const char *p, size_t n)
{
	struct decode_result d;
	bool astral = false;
	size_t bad;

	if (r->csv->pstate == 0) {
		r->rec_line = r->line;
		r->rec_bytes = 0;
		r->rec_bad = false;
	}
	r->rec_bytes += n;
	if ((r->t.encoding == ENC_UTF8 || r->t.encoding == ENC_AUTO) &&
	    (bad = decode_check_utf8(p, n, &astral)) == n) {
		parse_line(r, p, n);
	} else {
		d = decode_line(r->dec, p, n, &r->text, &astral);
		if (d.errors > 0)
			report_decode(r, p, &d);
		parse_line(r, r->text.data, r->text.len);
	}
	r->line++;
}

/* Keeps the start of a line until its end comes; a line longer than
 * RECORD_MAX is reported and skipped. */
static void
keep(struct reader *r, const char *p, size_t n)
{
	struct loc loc = loc_at(r, r->line, -1);

	if (r->skipping)
		return;
	if (r->partial.len + n <= RECORD_MAX) {
		buf_add(&r->partial, p, n);
		return;
	}
	table_error(r, &loc, "the line is longer than 1 MB: not a survey file, "
			     "or a line break is missing; the line is skipped");
	buf_free(&r->partial);
	r->skipping = true;
}

/* Ends the line kept in r->partial (or the skipped line). */
static void
end_line(struct reader *r)
{
	if (r->skipping) {
		r->skipping = false;
		r->line++;
		reset_parser(r);
		return;
	}
	feed_line(r, r->partial.data, r->partial.len);
	buf_clear(&r->partial);
}

/* Splits data into physical lines (LF, CRLF or CR) and feeds them;
 * an unterminated tail is kept in r->partial unless last is set. */
static void
split_lines(struct reader *r, const char *data, size_t len, bool last)
{
	const char *p = data, *end = data + len;

	if (r->cr_pending && (p < end || last)) {
		/* The kept line ended in CR: it is complete, with the LF
		 * if this block starts with one. */
		r->cr_pending = false;
		if (p < end && *p == '\n')
			keep(r, p++, 1);
		end_line(r);
	}
	while (p < end && !r->stop) {
		const char *lf = memchr(p, '\n', (size_t)(end - p));
		const char *cr = memchr(p, '\r', (size_t)((lf ? lf : end) - p));
		const char *e = cr != NULL ? cr : lf;

		if (e == NULL || (*e == '\r' && e + 1 == end && !last)) {
			/* No line end yet; a CR at the end of a block may be
			 * half of a CRLF. */
			keep(r, p, (size_t)(end - p));
			r->cr_pending = e != NULL;
			break;
		}
		e += (*e == '\r' && e + 1 < end && e[1] == '\n') ? 2 : 1;
		if (r->skipping || r->partial.len > 0) {
			keep(r, p, (size_t)(e - p));
			end_line(r);
		} else {
			feed_line(r, p, (size_t)(e - p));
		}
		p = e;
	}
	if (last && r->partial.len > 0 && !r->stop) {
		/* Move the tail out first: feed_line may not see partial. */
		struct buf tail = r->partial;

		r->partial = (struct buf){0};
		r->at_eof = true;
		feed_line(r, tail.data, tail.len);
		buf_free(&tail);
	}
}

/* --- the start of the file and the encoding --------------------------- */

/* The line (from 1) and byte in its line of offset at. */
static void
line_of(const char *s, size_t at, unsigned *line, size_t *byte)
{
	size_t i, start = 0;

	*line = 1;
	for (i = 0; i < at; i++)
		if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n')) {
			(*line)++;
			start = i + 1;
		}
	*byte = at - start + 1;
}

/* Looks at the first block: refuses binary files, strips
 * a UTF-8 byte order mark.  Returns false when the file is unusable. */
static bool
start(struct reader *r, const char **data, size_t *len)
{
	struct loc loc = {r->t.name, 0, 0};
	const char *nul;
	unsigned line;
	size_t byte;

	r->started = true;
	if (*len == 0)
		return true;
	switch (decode_sniff(*data, *len)) {
	case FILE_TEXT:
		break;
	case FILE_XLSX:
	case FILE_XLS:
		/* Read as workbooks before anything is fed (workbook). */
		assert(!"a workbook fed as text");
		return false;
	case FILE_PDF:
		table_error(r, &loc, "this is a PDF file, not a CSV file");
		return false;
	case FILE_UTF16:
		table_error(r, &loc, "the file is UTF-16 text (Excel's \"Unicode "
				     "text\"); save it as \"CSV UTF-8\" instead");
		return false;
	case FILE_BINARY:
		nul = memchr(*data, '\0', *len);
		line_of(*data, (size_t)(nul - *data), &line, &byte);
		loc.line = line;
		table_error(r, &loc, "not a text file: NUL byte (byte %zu of the "
				     "line)",
			    byte);
		return false;
	}
	if (*len >= 3 && memcmp(*data, "\xef\xbb\xbf", 3) == 0 &&
	    (r->t.encoding == ENC_AUTO || r->t.encoding == ENC_UTF8)) {
		*data += 3;
		*len -= 3;
		r->t.encoding = ENC_UTF8;
		r->decided = true;
	}
	return true;
}

/* Guesses the encoding from the first SAMPLE_BYTES of r->sample. */
static void
decide(struct reader *r, bool last)
{
	size_t n = r->sample.len < SAMPLE_BYTES ? r->sample.len : SAMPLE_BYTES;

	r->guess = decode_detect(r->sample.data, n, last && n == r->sample.len);
	r->t.encoding = r->guess.encoding;
	r->t.detected = true;
	r->decided = true;
	if (r->t.encoding != ENC_UTF8) {
		decode_free(r->dec);
		r->dec = decode_new(r->t.encoding);
	}
}

/*
 * Feeds a block of the file.  Until the encoding is known, ASCII lines go
 * through as they are (they read the same in every encoding) and the
 * bytes from the first non-ASCII one are held back until there are
 * SAMPLE_BYTES of them, or the file ends, to guess from.
 */
static void
feed(struct reader *r, const char *data, size_t len, bool last)
{
	const char *hi;

	if (data == NULL)
		data = ""; /* the end of the file: no bytes */
	if (!r->started && (len > 0 || last) && !start(r, &data, &len)) {
		r->stop = true;
		return;
	}
	if (r->decided) {
		split_lines(r, data, len, last);
		return;
	}
	if (r->sample.len == 0) {
		if ((hi = decode_first_high(data, len)) == NULL) {
			split_lines(r, data, len, last);
			return;
		}
		split_lines(r, data, (size_t)(hi - data), false);
		len -= (size_t)(hi - data);
		data = hi;
	}
	buf_add(&r->sample, data, len);
	if (r->sample.len < SAMPLE_BYTES && !last)
		return;
	decide(r, last);
	split_lines(r, r->sample.data, r->sample.len, last);
	buf_free(&r->sample);
}

/* --- passes ----------------------------------------------------------- */

static void
reader_init(struct reader *r, const struct source *src, table_row_fn fn,
	    void *ctx)
{
	const struct schema *s = src->schema;
	size_t i, k;

	memset(r, 0, sizeof *r);
	r->src = src;
	r->t.name = xstrdup(src->name);
	r->t.schema = s;
	r->t.field = xcalloc(s->ncols ? s->ncols : 1, sizeof *r->t.field);
	r->t.encoding = src->encoding;
	r->decided = src->encoding != ENC_AUTO;
	r->dec = decode_new(src->encoding);
	r->cells = xcalloc(s->ncols ? s->ncols : 1, sizeof *r->cells);
	r->cols = arena_alloc(&r->arena, (s->ncols + 1) * sizeof *r->cols);
	r->code_col = r->pref_col = -1;
	for (i = 0; i < s->ncols; i++) {
		const struct colspec *c = &s->cols[i];
		struct column *rc = &r->cols[i];

		r->t.field[i] = -1;
		rc->keys = arena_alloc(&r->arena,
				       (c->nheaders + 1) * sizeof *rc->keys);
		for (k = 0; k < c->nheaders; k++)
			rc->keys[k] = arena_strdup(
				&r->arena,
				value_normalize(c->headers[k], true,
						&r->scratch));
		rc->groups = arena_alloc(&r->arena,
					 (c->nheaders + 1) * sizeof *rc->groups);
		for (k = 0; k < c->nheaders; k++)
			rc->groups[k] =
				c->groups == NULL || c->groups[k] == NULL
					? NULL
					: arena_strdup(&r->arena,
						       value_normalize(
							       c->groups[k],
							       true,
							       &r->scratch));
		rc->values = arena_alloc(&r->arena,
					 (c->nvalues + 1) * sizeof *rc->values);
		for (k = 0; k < c->nvalues; k++)
			rc->values[k] = arena_strdup(
				&r->arena,
				value_normalize(c->values[k], true,
						&r->scratch));
		if (c->type == COL_LGCODE && r->code_col < 0)
			r->code_col = (int)i;
		if (c->type == COL_PREF && r->pref_col < 0)
			r->pref_col = (int)i;
	}
	r->name_col = src->rules != NULL ? src->rules->name_col : -1;
	r->mf.name = r->t.name;
	if (r->code_col >= 0) {
		const struct survey_rules *sr = src->rules;
		struct codes_setup cs = {
			&r->mf,
			s->cols[r->code_col].headers[0],
			r->pref_col >= 0 ? s->cols[r->pref_col].headers[0]
					 : NULL,
			r->name_col >= 0 ? s->cols[r->name_col].headers[0]
					 : NULL,
			src->prefs,
			sr != NULL ? sr->roster : NULL,
			sr != NULL ? sr->as_of : NULL,
			sr != NULL ? sr->as_of_loc : NULL,
			sr != NULL && sr->leave_out};

		r->codes = codes_new(&cs);
	}
	r->fn = fn;
	r->ctx = ctx;
	r->line = 1;
	r->ok = true;
	r->csv = xmalloc(sizeof *r->csv);
	csv_init(r->csv, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_blk_size(r->csv, 1024);
}

/* Ends the pass; returns true if no error was reported. */
static bool
reader_finish(struct reader *r)
{
	if (!r->workbook)
		feed(r, NULL, 0, true);
	if (!r->stop && !r->workbook &&
	    csv_fini(r->csv, field_cb, record_cb, r) != 0) {
		struct loc loc = loc_at(r, r->rec_line, (int)r->nfields);

		table_error(r, &loc, "quoted field not closed before the end of "
				     "the file");
	}
	if (!r->stop && !r->workbook) {
		table_header_end(r);
		if (!r->have_header)
			table_header_missing(r);
	}
	resolve_later(r);
	if (!r->have_header && r->ok) {
		struct loc loc = {r->t.name, 0, 0};

		table_error(r, &loc, "no header row: the file is empty");
	} else if (r->ok && r->nrows == 0 && !r->stop) {
		struct loc loc = {r->t.name, 0, 0};

		table_warn(r, &loc, "no data rows after the header");
	}
	msg_file_end(&r->mf);
	if (r->mf.failed)
		r->ok = false;
	if (!r->decided)
		r->t.encoding = ENC_UTF8; /* ASCII, or nothing */
	csv_free(r->csv);
	free(r->csv);
	table_header_free(r);
	buf_free(&r->fields);
	buf_free(&r->partial);
	buf_free(&r->sample);
	buf_free(&r->text);
	buf_free(&r->scratch);
	buf_free(&r->last_pref);
	buf_free(&r->requoted);
	free(r->off);
	free(r->cells);
	codes_free(r->codes);
	r->codes = NULL;
	free(r->later);
	arena_free(&r->later_arena);
	decode_free(r->dec);
	arena_free(&r->arena);
	r->off = NULL;
	r->cells = NULL;
	r->dec = NULL;
	return r->ok;
}

static void
reader_free(struct reader *r)
{
	free((char *)r->t.name);
	free((char *)r->t.sheet);
	free(r->t.field);
}

/* Feeds the len bytes at data, BLOCK bytes at a time, as a file is read. */
static void
feed_blocks(struct reader *r, const char *data, size_t len)
{
	size_t n;

	for (; len > 0 && !r->stop; data += n, len -= n) {
		n = len < BLOCK ? len : BLOCK;
		feed(r, data, n, false);
	}
}

/* --- workbooks --------------------------------------------------------- */

/* Is the UTF-16 name of an OLE2 stream (little-endian, as the compound
 * file's directory holds it) among the len bytes at f? */
static bool
has_stream(struct infile *f, const char *name)
{
	char want[64], block[BLOCK + 64];
	size_t n = 0, i, keep = 0;
	uint64_t off = 0;
	ssize_t k;

	for (i = 0; name[i] != '\0' && n + 2 <= sizeof want; i++) {
		want[n++] = name[i];
		want[n++] = '\0';
	}
	/* Blocks overlap by the name's length, so that none is missed. */
	while ((k = infile_pread(f, block + keep, BLOCK, off)) > 0) {
		size_t have = keep + (size_t)k;

		for (i = 0; i + n <= have; i++)
			if (block[i] == want[0] &&
			    memcmp(block + i, want, n) == 0)
				return true;
		off += (uint64_t)k;
		keep = have < n ? have : n;
		memmove(block, block + have - keep, keep);
	}
	return false;
}

/* Says what an OLE2 compound file is, none of which is read: a workbook
 * with a password to open it (Office keeps an encrypted .xlsx as an
 * EncryptedPackage stream, MS-OFFCRYPTO 2.3.4), a Word or PowerPoint
 * file, or else an Excel 97-2003 workbook (.xls: BIFF8, MS-XLS). */
static void
refuse_ole2(struct reader *r, struct infile *f)
{
	struct loc loc = {r->t.name, 0, 0};

	if (has_stream(f, "EncryptedPackage"))
		table_error(r, &loc,
			    "the workbook is encrypted: it has a password to "
			    "open it; save a copy without the password (in "
			    "Excel: File, Info, Protect Workbook, Encrypt "
			    "with Password, and clear it)");
	else if (has_stream(f, "WordDocument") ||
		 has_stream(f, "PowerPoint Document"))
		table_error(r, &loc, "this is a Word or PowerPoint 97-2003 "
				     "file, not a workbook or a CSV file");
	else
		table_error(r, &loc,
			    "this is an Excel 97-2003 workbook (.xls), which "
			    "briefgen does not read: in Excel, save it as "
			    "\"Excel Workbook (.xlsx)\" or as \"CSV UTF-8\"; "
			    "or convert it with libreoffice --headless "
			    "--convert-to xlsx");
}

/*
 * Reads the file f, whose first n bytes are at head, as a workbook, or
 * says why an OLE2 file is not read.  Returns false when it is neither,
 * for the CSV reader.
 */
static bool
workbook(struct reader *r, struct infile *f, const char *head, size_t n)
{
	struct xlsx *wb;

	switch (decode_sniff(head, n)) {
	case FILE_XLSX:
		r->workbook = true;
		r->t.encoding = ENC_UTF8;
		r->t.detected = false;
		if ((wb = xlsx_open_file(r->t.name, f)) == NULL)
			r->ok = false;
		else if (!table_sheet_scan(r, wb))
			r->ok = false;
		xlsx_free(wb);
		return true;
	case FILE_XLS:
		r->workbook = true;
		refuse_ole2(r, f);
		return true;
	case FILE_TEXT:
	case FILE_PDF:
	case FILE_UTF16:
	case FILE_BINARY:
		break;
	}
	return false;
}

/* Reads the len bytes at data: a workbook, or a CSV file fed as a file
 * is read. */
static void
scan_mem(struct reader *r, const char *data, size_t len)
{
	struct infile f = {r->t.name, -1, data, len, 0, INFILE_INPUT};

	if (!workbook(r, &f, data, len))
		feed_blocks(r, data, len);
}

bool
table_scan(const struct source *src, const char *data, size_t len,
	   table_row_fn fn, void *ctx, size_t *left_out)
{
	struct reader r;
	bool ok;

	reader_init(&r, src, fn, ctx);
	scan_mem(&r, data, len);
	ok = reader_finish(&r);
	if (left_out != NULL)
		*left_out = r.t.left_out;
	reader_free(&r);
	return ok;
}

/* Runs a pass over the file at src->name; the reader is left for the
 * caller to take its header mapping from. */
static bool
scan_file(struct reader *r)
{
	char *block;
	struct infile f;
	ssize_t n = 0;

	if (!infile_open(&f, r->src->name, INFILE_INPUT, NULL)) {
		r->ok = false;
		r->stop = true;
		reader_finish(r);
		return false;
	}
	block = xmalloc(BLOCK);
	if ((n = infile_read(&f, block, BLOCK)) > 0 &&
	    !workbook(r, &f, block, (size_t)n)) {
		feed(r, block, (size_t)n, false);
		while (!r->stop && (n = infile_read(&f, block, BLOCK)) > 0)
			feed(r, block, (size_t)n, false);
	}
	if (n < 0)
		r->ok = false;
	infile_close(&f);
	free(block);
	return reader_finish(r) && r->ok;
}

bool
table_scan_file(const struct source *src, table_row_fn fn, void *ctx,
		size_t *left_out)
{
	struct reader r;
	bool ok;

	reader_init(&r, src, fn, ctx);
	ok = scan_file(&r);
	if (left_out != NULL)
		*left_out = r.t.left_out;
	reader_free(&r);
	return ok;
}

/* Collects rows into the table passed as ctx. */
static bool
keep_row(const struct table *src, const struct row *row, void *ctx)
{
	struct table *t = ctx;
	size_t n = src->schema->ncols, i;
	struct row *dst;

	if (t->nrows == t->rows_cap) {
		t->rows_cap = t->rows_cap ? 2 * t->rows_cap : 256;
		t->rows = xreallocarray(t->rows, t->rows_cap, sizeof *t->rows);
	}
	dst = &t->rows[t->nrows++];
	if (src->sheet != NULL && t->sheet == NULL)
		t->sheet = xstrdup(src->sheet);
	dst->loc = row->loc;
	dst->loc.file = t->name;
	dst->loc.sheet = t->sheet;
	dst->cells = arena_alloc(&t->arena, (n ? n : 1) * sizeof *dst->cells);
	for (i = 0; i < n; i++) {
		dst->cells[i] = row->cells[i];
		dst->cells[i].text = row->cells[i].missing
					     ? ""
					     : arena_strdup(&t->arena,
							    row->cells[i].text);
	}
	return true;
}

static int
cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return x->loc.line < y->loc.line ? -1 : x->loc.line > y->loc.line;
}

/* Finishes a table from a completed reader pass: rows in file order,
 * those decided at its end too. */
static struct table *
collected(struct reader *r, struct table *t, bool ok)
{
	if (t->nrows > 1)
		qsort(t->rows, t->nrows, sizeof *t->rows, cmp_row);
	t->left_out = r->t.left_out;
	t->field = r->t.field;
	t->encoding = r->t.encoding;
	t->detected = r->t.detected;
	r->t.field = NULL;
	reader_free(r);
	if (!ok) {
		table_free(t);
		return NULL;
	}
	return t;
}

struct table *
table_read(const struct source *src)
{
	struct table *t = xcalloc(1, sizeof *t);
	struct reader r;

	t->name = xstrdup(src->name);
	t->schema = src->schema;
	reader_init(&r, src, keep_row, t);
	return collected(&r, t, scan_file(&r));
}

struct table *
table_parse(const struct source *src, const char *data, size_t len)
{
	struct table *t = xcalloc(1, sizeof *t);
	struct reader r;

	t->name = xstrdup(src->name);
	t->schema = src->schema;
	reader_init(&r, src, keep_row, t);
	scan_mem(&r, data, len);
	return collected(&r, t, reader_finish(&r));
}

void
table_free(struct table *t)
{
	if (t == NULL)
		return;
	arena_free(&t->arena);
	free(t->rows);
	free(t->field);
	free((char *)t->name);
	free((char *)t->sheet);
	free(t);
}

int
schema_find(const struct schema *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->ncols; i++)
		if (strcmp(s->cols[i].id, id) == 0)
			return (int)i;
	return -1;
}

struct loc
table_cell_loc(const struct table *t, const struct row *r, size_t col)
{
	struct loc loc = r->loc;

	loc.col = t->field[col] >= 0 ? (unsigned)t->field[col] + 1 : 0;
	return loc;
}
