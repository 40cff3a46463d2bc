#include "table.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lgcode.h"
#include "utf8.h"
#include "xalloc.h"

/* State of one pass over a file. */
struct reader {
	struct table t;       /* header mapping; rows are not kept here */
	table_row_fn fn;
	void *ctx;
	struct csv_parser csv;
	unsigned line;        /* physical line being fed, from 1 */
	unsigned rec_line;    /* line where the current record started */
	struct buf fields;    /* bytes of the current record's fields */
	size_t *off;          /* start of each field in fields.data */
	size_t nfields;
	size_t capfields;
	struct cell *cells;   /* the row handed to fn, reused */
	struct buf partial;   /* an incomplete line between two feeds */
	size_t nrows;         /* data rows read */
	bool have_header;
	bool stop;            /* fn asked to stop, or the file is unusable */
	bool ok;              /* no error reported */
};

/* Trims ASCII white space and U+3000 IDEOGRAPHIC SPACE from both ends of
 * s in place and returns the start of what remains. */
static char *
trim(char *s)
{
	char *e = s + strlen(s);

	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	for (;;) {
		if (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		else if (e - s >= 3 && strncmp(e - 3, "\xe3\x80\x80", 3) == 0)
			e -= 3;
		else
			break;
	}
	*e = '\0';
	return s;
}

static void
field_cb(void *s, size_t len, void *data)
{
	struct reader *r = data;

	if (r->nfields == r->capfields) {
		r->capfields = r->capfields ? 2 * r->capfields : 16;
		r->off = xreallocarray(r->off, r->capfields, sizeof *r->off);
	}
	r->off[r->nfields] = r->fields.len;
	buf_add(&r->fields, s ? s : "", s ? len : 0);
	buf_addc(&r->fields, '\0');
	r->off[r->nfields] = (size_t)(trim(r->fields.data + r->off[r->nfields]) -
				      r->fields.data);
	r->nfields++;
}

static const char *
field(const struct reader *r, size_t i)
{
	return r->fields.data + r->off[i];
}

/* Appends "a", "b", "c" (or "a" (or "b") when alternatives). */
static void
list_names(struct buf *b, const char *const *names, size_t n,
	   bool alternatives)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s\"%s\"",
			   i == 0 ? "" : alternatives ? " or " : ", ", names[i]);
}

static void
read_header(struct reader *r)
{
	const struct schema *s = r->t.schema;
	struct loc loc = {r->t.name, r->rec_line, 0};
	size_t i, j, k;

	for (i = 0; i < s->ncols; i++) {
		const struct colspec *c = &s->cols[i];

		r->t.field[i] = -1;
		for (j = 0; j < r->nfields && r->t.field[i] < 0; j++)
			for (k = 0; k < c->nheaders; k++)
				if (strcmp(field(r, j), c->headers[k]) == 0) {
					r->t.field[i] = (int)j;
					break;
				}
		if (r->t.field[i] < 0 && !c->optional) {
			struct buf want = {0}, found = {0};

			list_names(&want, c->headers, c->nheaders, true);
			for (j = 0; j < r->nfields; j++)
				buf_printf(&found, "%s\"%s\"", j ? ", " : "",
					   field(r, j));
			msg_error(&loc,
				  "missing column %s; the header has %s",
				  want.data, found.data ? found.data : "none");
			buf_free(&want);
			buf_free(&found);
			r->ok = false;
			r->stop = true;
		}
	}
	r->have_header = true;
}

static bool
convert(struct reader *r, size_t i, struct cell *c)
{
	const struct colspec *cs = &r->t.schema->cols[i];
	struct loc loc = {r->t.name, r->rec_line, (unsigned)r->t.field[i] + 1};
	const char *name = cs->headers[0];
	size_t k;

	switch (cs->type) {
	case COL_TEXT:
		return true;
	case COL_NUMBER:
		if (table_parse_number(c->text, &c->num))
			return true;
		msg_error(&loc, "column \"%s\": not a number: \"%s\"", name,
			  c->text);
		return false;
	case COL_CHOICE:
		for (k = 0; k < cs->nvalues; k++)
			if (strcmp(c->text, cs->values[k]) == 0) {
				c->choice = (int)k;
				return true;
			}
		{
			struct buf allowed = {0};

			list_names(&allowed, cs->values, cs->nvalues, false);
			msg_error(&loc,
				  "column \"%s\": unknown value \"%s\" "
				  "(allowed: %s)",
				  name, c->text, allowed.data);
			buf_free(&allowed);
		}
		return false;
	case COL_LGCODE:
		switch (lgcode_parse(c->text, &c->code)) {
		case LGCODE_OK:
		case LGCODE_COMPLETED:
			return true;
		case LGCODE_BAD_FORMAT:
			msg_error(&loc,
				  "column \"%s\": not a local government "
				  "code (5 or 6 digits): \"%s\"",
				  name, c->text);
			return false;
		case LGCODE_BAD_CHECK:
			msg_error(&loc,
				  "column \"%s\": wrong check digit in "
				  "\"%s\" (expected %d)",
				  name, c->text,
				  lgcode_check_digit(c->code / 10));
			return false;
		case LGCODE_BAD_PREF:
			msg_error(&loc,
				  "column \"%s\": no prefecture %.2s in "
				  "\"%s\"",
				  name, c->text, c->text);
			return false;
		}
	}
	return false;
}

static void
read_row(struct reader *r)
{
	const struct schema *s = r->t.schema;
	struct row row = {{r->t.name, r->rec_line, 0}, r->cells};
	bool ok = true;
	size_t i;

	for (i = 0; i < s->ncols; i++) {
		struct cell *c = &r->cells[i];
		int f = r->t.field[i];

		memset(c, 0, sizeof *c);
		c->text = f >= 0 && (size_t)f < r->nfields ? field(r, (size_t)f)
							   : "";
		c->missing = c->text[0] == '\0';
		if (!c->missing && !convert(r, i, c))
			ok = false;
	}
	if (!ok) {
		r->ok = false;
		return;
	}
	r->nrows++;
	if (!r->fn(&r->t, &row, r->ctx))
		r->stop = true;
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
	if (!blank && !r->stop) {
		if (!r->have_header)
			read_header(r);
		else
			read_row(r);
	}
	r->nfields = 0;
	buf_clear(&r->fields);
}

/* Feeds one physical line, terminator included, to the CSV parser. */
static void
feed_line(struct reader *r, const char *p, size_t n)
{
	size_t bad;

	if (r->line == 1 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3, n -= 3;
	bad = utf8_check(p, n);
	if (bad < n) {
		struct loc loc = {r->t.name, r->line, (unsigned)bad + 1};

		msg_error(&loc, "not valid UTF-8: byte 0x%02X",
			  (unsigned char)p[bad]);
		r->ok = false;
		r->stop = true;
		return;
	}
	if (r->csv.pstate == 0)
		r->rec_line = r->line;
	if (csv_parse(&r->csv, p, n, field_cb, record_cb, r) != n) {
		struct loc loc = {r->t.name, r->line, 0};

		msg_error(&loc, "malformed quoted field");
		r->ok = false;
		/* Start afresh on the next line. */
		csv_free(&r->csv);
		csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI);
		r->nfields = 0;
		buf_clear(&r->fields);
	}
	r->line++;
}

/* Splits data into physical lines (LF, CRLF or CR) and feeds them;
 * an unterminated tail is kept in r->partial unless last is set. */
static void
feed(struct reader *r, const char *data, size_t len, bool last)
{
	const char *p = data, *end = data + len;

	while (p < end && !r->stop) {
		const char *e = p;

		while (e < end && *e != '\n' && *e != '\r')
			e++;
		if (e == end) {
			buf_add(&r->partial, p, (size_t)(end - p));
			break;
		}
		if (*e == '\r' && e + 1 == end && !last) {
			/* A CR at the end of a block may be half of CRLF. */
			buf_add(&r->partial, p, (size_t)(end - p));
			break;
		}
		e += (*e == '\r' && e + 1 < end && e[1] == '\n') ? 2 : 1;
		if (r->partial.len > 0) {
			buf_add(&r->partial, p, (size_t)(e - p));
			feed_line(r, r->partial.data, r->partial.len);
			buf_clear(&r->partial);
		} else {
			feed_line(r, p, (size_t)(e - p));
		}
		p = e;
	}
	if (last && r->partial.len > 0 && !r->stop) {
		/* Move the tail out first: feed_line may not see partial. */
		struct buf tail = r->partial;

		r->partial = (struct buf){0};
		feed_line(r, tail.data, tail.len);
		buf_free(&tail);
	}
}

static void
reader_init(struct reader *r, const char *name, const struct schema *schema,
	    table_row_fn fn, void *ctx)
{
	memset(r, 0, sizeof *r);
	r->t.name = xstrdup(name);
	r->t.schema = schema;
	r->t.field = xcalloc(schema->ncols, sizeof *r->t.field);
	r->cells = xcalloc(schema->ncols, sizeof *r->cells);
	r->fn = fn;
	r->ctx = ctx;
	r->line = 1;
	r->ok = true;
	csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI);
}

/* Ends the pass; returns true if no error was reported. */
static bool
reader_finish(struct reader *r)
{
	feed(r, NULL, 0, true);
	if (!r->stop && csv_fini(&r->csv, field_cb, record_cb, r) != 0) {
		struct loc loc = {r->t.name, r->rec_line, 0};

		msg_error(&loc, "quoted field not closed before the end of "
				"the file");
		r->ok = false;
	}
	if (!r->have_header && r->ok) {
		struct loc loc = {r->t.name, 0, 0};

		msg_error(&loc, "no header row: the file is empty");
		r->ok = false;
	} else if (r->ok && r->nrows == 0) {
		struct loc loc = {r->t.name, 0, 0};

		msg_warn(&loc, "no data rows after the header");
	}
	csv_free(&r->csv);
	buf_free(&r->fields);
	buf_free(&r->partial);
	free(r->off);
	free(r->cells);
	return r->ok;
}

static void
reader_free(struct reader *r)
{
	free((char *)r->t.name);
	free(r->t.field);
}

bool
table_scan(const char *data, size_t len, const char *name,
	   const struct schema *schema, table_row_fn fn, void *ctx)
{
	struct reader r;
	bool ok;

	reader_init(&r, name, schema, fn, ctx);
	feed(&r, data, len, false);
	ok = reader_finish(&r);
	reader_free(&r);
	return ok;
}

/* Runs a pass over the file at path; the reader is left for the caller
 * to take its header mapping from. */
static bool
scan_file(struct reader *r, const char *path)
{
	static char block[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;
	bool ok;

	if (f == NULL) {
		msg_syserr(path, "cannot open");
		r->ok = false;
		r->stop = true;
		reader_finish(r);
		return false;
	}
	while (!r->stop && (n = fread(block, 1, sizeof block, f)) > 0)
		feed(r, block, n, false);
	if (ferror(f)) {
		msg_syserr(path, "cannot read");
		r->ok = false;
	}
	fclose(f);
	ok = reader_finish(r);
	return ok;
}

bool
table_scan_file(const char *path, const struct schema *schema,
		table_row_fn fn, void *ctx)
{
	struct reader r;
	bool ok;

	reader_init(&r, path, schema, fn, ctx);
	ok = scan_file(&r, path);
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
	dst->loc = row->loc;
	dst->loc.file = t->name;
	dst->cells = arena_alloc(&t->arena, n * sizeof *dst->cells);
	for (i = 0; i < n; i++) {
		dst->cells[i] = row->cells[i];
		dst->cells[i].text = row->cells[i].missing
					     ? ""
					     : arena_strdup(&t->arena,
							    row->cells[i].text);
	}
	return true;
}

/* Finishes a table from a completed reader pass. */
static struct table *
collected(struct reader *r, struct table *t, bool ok)
{
	t->field = r->t.field;
	r->t.field = NULL;
	reader_free(r);
	if (!ok) {
		table_free(t);
		return NULL;
	}
	return t;
}

struct table *
table_read(const char *path, const struct schema *schema)
{
	struct table *t = xcalloc(1, sizeof *t);
	struct reader r;

	t->name = xstrdup(path);
	t->schema = schema;
	reader_init(&r, path, schema, keep_row, t);
	return collected(&r, t, scan_file(&r, path));
}

struct table *
table_parse(const char *data, size_t len, const char *name,
	    const struct schema *schema)
{
	struct table *t = xcalloc(1, sizeof *t);
	struct reader r;

	t->name = xstrdup(name);
	t->schema = schema;
	reader_init(&r, name, schema, keep_row, t);
	feed(&r, data, len, false);
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

bool
table_parse_number(const char *s, double *out)
{
	const char *p = s;
	char digits[64];
	size_t n = 0, group = 0;
	bool neg = false, comma = false, dot = false, any = false;
	char *end;

	if (*p == '-')
		neg = true, p++;
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			any = true;
			group++;
		} else if (*p == ',' && !dot && any &&
			   (comma ? group == 3 : group <= 3)) {
			comma = true;
			group = 0;
			continue;
		} else if (*p == '.' && !dot && any) {
			if (comma && group != 3)
				return false;
			dot = true;
			comma = false;
		} else {
			return false;
		}
		if (n + 1 >= sizeof digits)
			return false;
		digits[n++] = *p;
	}
	if (!any || (comma && group != 3) || digits[n - 1] == '.')
		return false;
	digits[n] = '\0';
	errno = 0;
	*out = strtod(digits, &end);
	if (errno != 0 || *end != '\0')
		return false;
	if (neg)
		*out = -*out;
	return true;
}
