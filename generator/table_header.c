/*
 * Finding the header row of a survey file and mapping its columns, the
 * same for a CSV file and a sheet.  Title rows above the header are
 * skipped: the header is the first record, among the first
 * HEADER_SEARCH non-blank ones, that names every column the layout needs
 * (or the record on the line the layout gives).  A two-row header, as
 * the ministry's sheets have, is a row of group headings over a row of
 * column names; a heading over one column is merged down and its cell in
 * the lower row is blank.  Such a header is read by its lower row, each
 * column under the heading in the upper row to its left (as a merged
 * cell reads in a CSV file Excel saves, the heading in its first cell
 * only); a heading merged down names its column.  A layout header with a
 * group matches a column under that heading only.
 */
#include <stdlib.h>
#include <string.h>

#include "table_int.h"
#include "value.h"
#include "xalloc.h"

/* A candidate header: the lower row's fields and the upper row's, if
 * any, normalized as layout headers are. */
struct heads {
	size_t n;           /* fields */
	char **lower;       /* the record's own text */
	char **upper;       /* the upper row's, or "" */
	const char **own;   /* the column's name: lower, or the heading
	                     * merged down from the upper row where lower is
	                     * blank */
	const char **group; /* the group heading over it, or "" */
};

/* What matching a candidate found. */
struct found {
	int *field;      /* per schema column: field, or -1 */
	size_t required; /* required columns found */
	bool by_lower;   /* a column is named by the lower row's text */
	bool by_upper;   /* a column is named by the upper row (a heading
	                  * merged down, or a group) */
};

/* --- records ------------------------------------------------------------ */

static const char *
rec_field(const struct record *rec, size_t i)
{
	return rec->text.data + rec->off[i];
}

static void
set_sheet(struct record *rec, const char *sheet)
{
	if (rec->sheet != NULL && sheet != NULL &&
	    strcmp(rec->sheet, sheet) == 0)
		return;
	free(rec->sheet);
	rec->sheet = sheet != NULL ? xstrdup(sheet) : NULL;
}

/* Copies the current record of r into rec. */
static void
save(struct record *rec, const struct reader *r)
{
	size_t i;

	buf_clear(&rec->text);
	rec->n = 0;
	for (i = 0; i < r->nfields; i++) {
		if (rec->n == rec->cap) {
			rec->cap = rec->cap ? 2 * rec->cap : 16;
			rec->off = xreallocarray(rec->off, rec->cap,
			                         sizeof *rec->off);
		}
		rec->off[rec->n++] = rec->text.len;
		buf_adds(&rec->text, table_field(r, i));
		buf_addc(&rec->text, '\0');
	}
	rec->line = r->rec_line;
	set_sheet(rec, r->t.sheet);
}

static void
copy(struct record *dst, const struct record *src)
{
	buf_clear(&dst->text);
	if (src->text.len > 0)
		buf_add(&dst->text, src->text.data, src->text.len);
	if (dst->cap < src->n) {
		dst->cap = src->n;
		dst->off = xreallocarray(dst->off, dst->cap, sizeof *dst->off);
	}
	if (src->n > 0)
		memcpy(dst->off, src->off, src->n * sizeof *dst->off);
	dst->n = src->n;
	dst->line = src->line;
	set_sheet(dst, src->sheet);
}

static void
forget(struct record *rec)
{
	rec->n = 0;
	rec->line = 0;
}

static void
drop(struct record *rec)
{
	buf_free(&rec->text);
	free(rec->off);
	free(rec->sheet);
	memset(rec, 0, sizeof *rec);
}

/* Is upper the row right above lower, in the same sheet? */
static bool
above(const struct record *upper, const struct record *lower)
{
	return upper->line > 0 && upper->line + 1 == lower->line &&
	       (upper->sheet == NULL) == (lower->sheet == NULL) &&
	       (upper->sheet == NULL ||
	        strcmp(upper->sheet, lower->sheet) == 0);
}

/* --- matching ----------------------------------------------------------- */

static bool
latin(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Takes the line breaks out of a heading: one in a header cell is where
 * the cell is wrapped (Alt+Enter in Excel, as long Japanese headings
 * are, 窓口業務の / 民間委託), so it goes with the spaces around it, or
 * leaves one space between two words in Latin letters. */
static void
unwrap(char *s)
{
	char *w = s, *p = s;

	while (*p != '\0') {
		if (*p != '\n' && *p != '\r') {
			*w++ = *p++;
			continue;
		}
		while (w > s && (w[-1] == ' ' || w[-1] == '\t'))
			w--;
		while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
			p++;
		if (w > s && latin(w[-1]) && latin(*p))
			*w++ = ' ';
	}
	*w = '\0';
}

static char *
norm(struct reader *r, const struct record *rec, size_t i)
{
	char *s = xstrdup(i < rec->n ? value_normalize(rec_field(rec, i), true,
	                                               &r->scratch)
	                             : "");

	unwrap(s);
	return s;
}

/* The names of lower's fields, under upper's headings when upper is not
 * NULL. */
static void
heads_of(struct reader *r, const struct record *lower,
         const struct record *upper, struct heads *h)
{
	const char *open = ""; /* the heading over the fields so far */
	size_t j, n = lower->n;

	if (upper != NULL && upper->n > n)
		n = upper->n;
	h->n = n;
	h->lower = xcalloc(n + 1, sizeof *h->lower);
	h->upper = xcalloc(n + 1, sizeof *h->upper);
	h->own = xcalloc(n + 1, sizeof *h->own);
	h->group = xcalloc(n + 1, sizeof *h->group);
	for (j = 0; j < n; j++) {
		h->lower[j] = norm(r, lower, j);
		h->upper[j] = upper != NULL ? norm(r, upper, j) : xstrdup("");
		if (h->upper[j][0] != '\0' && h->lower[j][0] == '\0') {
			/* A heading merged down names its column. */
			h->own[j] = h->upper[j];
			h->group[j] = open = "";
			continue;
		}
		h->own[j] = h->lower[j];
		if (h->upper[j][0] != '\0')
			open = h->upper[j]; /* a group starts */
		else if (h->lower[j][0] == '\0')
			open = "";
		h->group[j] = h->lower[j][0] != '\0' ? open : "";
	}
}

static void
heads_free(struct heads *h)
{
	size_t j;

	for (j = 0; j < h->n; j++) {
		free(h->lower[j]);
		free(h->upper[j]);
	}
	free(h->lower);
	free(h->upper);
	free(h->own);
	free(h->group);
}

/* Does layout header k of schema column i name field j? */
static bool
names(const struct reader *r, size_t i, size_t k, const struct heads *h,
      size_t j)
{
	const struct column *c = &r->cols[i];

	if (c->groups[k] == NULL)
		return strcmp(h->own[j], c->keys[k]) == 0;
	return strcmp(h->group[j], c->groups[k]) == 0 &&
	       strcmp(h->lower[j], c->keys[k]) == 0;
}

/* The first field that schema column i names from j on, or -1; *k is
 * the header that does. */
static int
find(const struct reader *r, size_t i, const struct heads *h, size_t j,
     size_t *k)
{
	const struct colspec *cs = &r->t.schema->cols[i];

	for (; j < h->n; j++)
		for (*k = 0; *k < cs->nheaders; (*k)++)
			if (h->own[j][0] != '\0' && names(r, i, *k, h, j))
				return (int)j;
	return -1;
}

/* Maps the schema's columns to the fields of h. */
static void
match(const struct reader *r, const struct heads *h, struct found *f)
{
	const struct schema *s = r->t.schema;
	size_t i, k;
	int j;

	f->required = 0;
	f->by_lower = f->by_upper = false;
	for (i = 0; i < s->ncols; i++) {
		j = find(r, i, h, 0, &k);
		f->field[i] = j;
		if (j < 0)
			continue;
		f->required += !s->cols[i].optional;
		if (h->lower[j][0] != '\0')
			f->by_lower = true;
		if (h->lower[j][0] == '\0' || r->cols[i].groups[k] != NULL)
			f->by_upper = true;
	}
}

static size_t
required(const struct schema *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->ncols; i++)
		n += !s->cols[i].optional;
	return n;
}

/* Matches lower (under upper, or NULL) without reporting anything. */
static void
try(struct reader *r, const struct record *lower, const struct record *upper,
    struct found *f)
{
	struct heads h;

	heads_of(r, lower, upper, &h);
	f->field = xcalloc(r->t.schema->ncols + 1, sizeof *f->field);
	match(r, &h, f);
	heads_free(&h);
}

/* --- reporting ---------------------------------------------------------- */

/* Reports the columns the header lacks, in one message, at rec. */
static void
report_missing(struct reader *r, const struct record *rec, const int *field)
{
	const struct schema *s = r->t.schema;
	struct loc loc = {r->t.name, rec->line, 0, rec->sheet};
	struct buf want = {0}, found = {0};
	size_t i, k, n = 0, m = 0;
	double v;

	for (i = 0; i < s->ncols; i++)
		n += field[i] < 0 && !s->cols[i].optional;
	for (i = 0; i < s->ncols; i++) {
		const struct colspec *c = &s->cols[i];

		if (field[i] >= 0 || c->optional)
			continue;
		buf_printf(&want, "%s\"%s\"",
		           m == 0       ? ""
		           : m + 1 == n ? " and "
		                        : ", ",
		           c->headers[0]);
		if (c->groups != NULL && c->groups[0] != NULL)
			buf_printf(&want, " under \"%s\"", c->groups[0]);
		for (k = 1; k < c->nheaders; k++) {
			buf_printf(&want, "%s\"%s\"", k == 1 ? " (or " : ", ",
			           c->headers[k]);
			if (c->groups != NULL && c->groups[k] != NULL)
				buf_printf(&want, " under \"%s\"",
				           c->groups[k]);
			buf_adds(&want, k + 1 == c->nheaders ? ")" : "");
		}
		m++;
	}
	for (i = 0; i < rec->n; i++)
		buf_printf(&found, "%s\"%s\"", i ? ", " : "",
		           rec_field(rec, i));
	table_error(r, &loc, "missing column%s %s; the header has %s%s",
	            n > 1 ? "s" : "", want.data,
	            found.data ? found.data : "none",
	            rec->n > 0 && value_number(rec_field(rec, 0), &v)
	                    ? " (the first row must be the header)"
	                    : "");
	buf_free(&want);
	buf_free(&found);
}

/* A second field that schema column i names: the first is read; where
 * they stand under different headings, the header is ambiguous and the
 * layout must name the heading. */
static void
report_twice(struct reader *r, const struct heads *h, size_t i, int first,
             int again, unsigned line)
{
	struct loc loc = table_loc(r, line, again);
	const char *name = r->t.schema->cols[i].headers[0];
	char x[4], y[4];
	struct buf a = {0}, b = {0};

	if (strcmp(h->group[first], h->group[again]) != 0) {
		table_field_name(r, (size_t)first, &a);
		table_field_name(r, (size_t)again, &b);
		table_error(r, &loc,
		            "the layout's column \"%s\" reads \"%s\", which "
		            "the header has twice, under \"%s\" (%s) and "
		            "under \"%s\" (%s): name the heading in the "
		            "layout, as <header group=\"%s\">%s</header>",
		            r->t.schema->cols[i].id, h->lower[again],
		            h->group[first], a.data, h->group[again], b.data,
		            h->group[first], h->lower[again]);
		buf_free(&a);
		buf_free(&b);
		r->stop = true; /* which to read is unknown */
	} else if (r->t.sheet != NULL) {
		msg_column_letters((unsigned)first + 1, x);
		msg_column_letters((unsigned)again + 1, y);
		table_warn(r, &loc,
		           "column \"%s\" appears twice in the header "
		           "(columns %s and %s); column %s is read",
		           name, x, y, x);
	} else {
		table_warn(r, &loc,
		           "column \"%s\" appears twice in the header (fields "
		           "%d and %d); field %d is read",
		           name, first + 1, again + 1, first + 1);
	}
}

/*
 * Takes lower (under upper, or NULL) as the header: maps the columns,
 * reporting a column named twice and the columns it lacks.  A header
 * that lacks a column stops the file.
 */
static void
take(struct reader *r, const struct record *lower, const struct record *upper)
{
	const struct schema *s = r->t.schema;
	struct heads h;
	struct found f;
	size_t i, k;
	int again;

	heads_of(r, lower, upper, &h);
	f.field = r->t.field;
	match(r, &h, &f);
	r->have_header = true;
	r->header_fields = lower->n;
	if (upper != NULL && f.by_upper && upper->n > r->header_fields)
		r->header_fields = upper->n;
	for (i = 0; i < s->ncols; i++) {
		if (f.field[i] < 0)
			continue;
		if ((size_t)f.field[i] + 1 > r->need_fields)
			r->need_fields = (size_t)f.field[i] + 1;
		again = find(r, i, &h, (size_t)f.field[i] + 1, &k);
		for (; again >= 0;
		     again = find(r, i, &h, (size_t)again + 1, &k))
			report_twice(r, &h, i, f.field[i], again, lower->line);
	}
	heads_free(&h);
	if (f.required < required(s)) {
		report_missing(r, lower, f.field);
		r->stop = true;
	}
}

/* --- the search --------------------------------------------------------- */

/* The record at the line the layout gives, or a row before it. */
static void
given_row(struct reader *r, struct record *cur)
{
	unsigned want = r->src->header_row;
	struct loc loc = {r->t.name, want, 0, r->t.sheet};

	if (cur->line < want) {
		copy(&r->prev, cur);
		return;
	}
	if (cur->line == want) {
		take(r, cur, above(&r->prev, cur) ? &r->prev : NULL);
		return;
	}
	table_error(r, &loc, "the layout's header row, %u, is blank", want);
	r->search_over = true;
	r->stop = true;
}

void
table_header_record(struct reader *r)
{
	struct record cur = {0};
	struct found f = {0};
	const struct record *up;

	save(&cur, r);
	if (r->held.line > 0) {
		/* The held record has the columns: the current one is the
		 * lower row of a two-row header under it, or the first row of
		 * data. */
		if (!r->rec_bad)
			try(r, &cur, &r->held, &f);
		if (!r->rec_bad && f.required == required(r->t.schema) &&
		    f.by_lower) {
			take(r, &cur, &r->held);
		} else {
			take(r, &r->held,
			     r->held_upper.line ? &r->held_upper : NULL);
			if (!r->stop)
				table_row(r);
		}
		forget(&r->held);
	} else if (r->src->header_row > 0) {
		given_row(r, &cur);
	} else {
		up = above(&r->prev, &cur) ? &r->prev : NULL;
		try(r, &cur, up, &f);
		r->searched++;
		if (f.required == required(r->t.schema)) {
			/* Taken as the header for now, so that messages
			 * about the next record name its columns. */
			memcpy(r->t.field, f.field,
			       r->t.schema->ncols * sizeof *f.field);
			copy(&r->held, &cur);
			if (up != NULL)
				copy(&r->held_upper, up);
			else
				forget(&r->held_upper);
		} else if (r->best.line == 0 || f.required > r->best_found) {
			copy(&r->best, &cur);
			if (up != NULL)
				copy(&r->best_upper, up);
			else
				forget(&r->best_upper);
			r->best_found = f.required;
		}
		copy(&r->prev, &cur);
		if (r->held.line == 0 && r->searched >= HEADER_SEARCH)
			r->search_over = true;
	}
	free(f.field);
	drop(&cur);
}

void
table_header_end(struct reader *r)
{
	struct loc loc = {r->t.name, r->src->header_row, 0, r->t.sheet};

	if (r->held.line > 0)
		take(r, &r->held, r->held_upper.line ? &r->held_upper : NULL);
	else if (!r->have_header && r->src->header_row > 0 && !r->stop &&
	         r->prev.line > 0)
		table_error(r, &loc,
		            "the layout's header row, %u, is past the "
		            "end of the data",
		            r->src->header_row);
	forget(&r->held);
}

void
table_header_missing(struct reader *r)
{
	struct found f;

	if (r->best.line == 0)
		return;
	try(r, &r->best, r->best_upper.line ? &r->best_upper : NULL, &f);
	report_missing(r, &r->best, f.field);
	free(f.field);
}

void
table_header_restart(struct reader *r)
{
	forget(&r->prev);
	forget(&r->held);
	forget(&r->held_upper);
	r->searched = 0;
	r->search_over = false;
}

void
table_header_free(struct reader *r)
{
	drop(&r->prev);
	drop(&r->held);
	drop(&r->held_upper);
	drop(&r->best);
	drop(&r->best_upper);
}
