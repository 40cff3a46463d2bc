#include "roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lgcode.h"
#include "msg.h"
#include "table.h"
#include "xalloc.h"

enum {
	R_CODE,
	R_KIND,
	R_PREF,
	R_PARENT,
	R_NAME_JA,
	R_NAME_KANA,
	R_NAME_EN,
	R_FROM,
	R_UNTIL,
	R_BEGAN,
	R_ENDED,
	R_NCOLS
};

/* Column ids double as their only header. */
#define COL(id, opt)                                                           \
	{                                                                      \
		id, COL_TEXT, (const char *const[]){id}, 1, NULL, 0, opt       \
	}

static const struct colspec cols[R_NCOLS] = {
        COL("code", false),   COL("kind", false),      COL("pref", true),
        COL("parent", true),  COL("name_ja", false),   COL("name_kana", true),
        COL("name_en", true), COL("valid_from", true), COL("valid_until", true),
        COL("began", true),   COL("ended", true),
};
static const struct schema schema = {cols, R_NCOLS};

/* The kinds as the roster file names them, in enum order. */
static const char *const kind_names[] = {
        "city",
        "town",
        "village",
        "special_ward",
        "designated_city",
        "ward",
        "district",
        "subprefecture",
        "prefecture",
        "northern_territories",
        "special_wards_area",
};

bool
roster_kind_municipal(enum roster_kind kind)
{
	switch (kind) {
	case ROSTER_CITY:
	case ROSTER_TOWN:
	case ROSTER_VILLAGE:
	case ROSTER_SPECIAL_WARD:
	case ROSTER_DESIGNATED_CITY:
		return true;
	case ROSTER_WARD:
	case ROSTER_DISTRICT:
	case ROSTER_SUBPREFECTURE:
	case ROSTER_PREFECTURE:
	case ROSTER_NORTHERN_TERRITORIES:
	case ROSTER_SPECIAL_WARDS_AREA:
		return false;
	}
	return false;
}

/* --- reading ----------------------------------------------------------- */

static bool
has_date(const struct date *d)
{
	return d->year != 0;
}

/* Is d on or after the span's first day and before its last? */
static bool
in_force(const struct roster_span *s, const struct date *d)
{
	return (!has_date(&s->from) || date_cmp(&s->from, d) <= 0) &&
	       (!has_date(&s->until) || date_cmp(d, &s->until) < 0);
}

/* Parses a six-digit code with its check digit; "" gives 0 when
 * optional. */
static bool
parse_code(const struct table *t, const struct row *row, size_t col,
           bool optional, uint32_t *code)
{
	const struct cell *c = &row->cells[col];
	struct loc loc = table_cell_loc(t, row, col);

	*code = 0;
	if (c->missing && optional)
		return true;
	if (strlen(c->text) == 6 && lgcode_parse(c->text, code) == LGCODE_OK)
		return true;
	msg_error(&loc,
	          "column \"%s\": not a six-digit local government "
	          "code: \"%s\"",
	          cols[col].id, c->text);
	return false;
}

static bool
parse_day(const struct table *t, const struct row *row, size_t col,
          struct date *d)
{
	const struct cell *c = &row->cells[col];
	struct loc loc = table_cell_loc(t, row, col);

	memset(d, 0, sizeof *d);
	if (c->missing || date_parse(c->text, d))
		return true;
	msg_error(&loc, "column \"%s\": not a date (YYYY-MM-DD): \"%s\"",
	          cols[col].id, c->text);
	return false;
}

static bool
parse_kind(const struct table *t, const struct row *row, enum roster_kind *kind)
{
	const char *s = row->cells[R_KIND].text;
	struct loc loc = table_cell_loc(t, row, R_KIND);
	size_t k;

	for (k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*kind = (enum roster_kind)k;
			return true;
		}
	msg_error(&loc, "column \"kind\": unknown kind \"%s\"", s);
	return false;
}

/* The text of an optional column, "" when empty. */
static const char *
text(const struct row *row, size_t col)
{
	return row->cells[col].missing ? "" : row->cells[col].text;
}

/* Fills s from a row of the file; false after reporting. */
static bool
parse_span(const struct table *t, const struct row *row, struct roster_span *s)
{
	struct loc loc = table_cell_loc(t, row, R_UNTIL);
	bool ok = parse_code(t, row, R_CODE, false, &s->code);

	ok = parse_kind(t, row, &s->kind) && ok;
	ok = parse_code(t, row, R_PARENT, true, &s->parent) && ok;
	ok = parse_day(t, row, R_FROM, &s->from) && ok;
	ok = parse_day(t, row, R_UNTIL, &s->until) && ok;
	s->pref = lgcode_pref(s->code);
	s->name_ja = row->cells[R_NAME_JA].text;
	s->name_kana = text(row, R_NAME_KANA);
	s->name_en = text(row, R_NAME_EN);
	s->began = text(row, R_BEGAN);
	s->ended = text(row, R_ENDED);
	s->line = row->loc.line;
	if (ok && has_date(&s->from) && has_date(&s->until) &&
	    date_cmp(&s->from, &s->until) >= 0) {
		msg_error(&loc,
		          "column \"valid_until\": %s is not after "
		          "valid_from",
		          row->cells[R_UNTIL].text);
		ok = false;
	}
	if (ok && s->kind == ROSTER_WARD && s->parent == 0) {
		loc = table_cell_loc(t, row, R_PARENT);
		msg_error(&loc, "column \"parent\": a ward needs the code of "
		                "its designated city");
		ok = false;
	}
	return ok;
}

static int
cmp_span(const void *a, const void *b)
{
	const struct roster_span *x = a, *y = b;

	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	if (has_date(&x->from) != has_date(&y->from))
		return has_date(&x->from) ? 1 : -1;
	return date_cmp(&x->from, &y->from);
}

/* Spans of one code must not overlap: a code names one body a day. */
static bool
check_overlaps(const struct roster *r)
{
	bool ok = true;
	size_t i;

	for (i = 1; i < r->n; i++) {
		const struct roster_span *a = &r->v[i - 1], *b = &r->v[i];
		struct loc loc = {r->path, b->line, 0};

		if (a->code != b->code)
			continue;
		if (!has_date(&a->until) || !has_date(&b->from) ||
		    date_cmp(&b->from, &a->until) < 0) {
			msg_error(&loc,
			          "code %06u: this span overlaps the one "
			          "on line %u",
			          (unsigned)b->code, a->line);
			ok = false;
		}
	}
	return ok;
}

struct roster *
roster_read(const char *path)
{
	struct source src = {path, &schema, ENC_UTF8, NULL, 0};
	struct table *t = table_read(&src);
	struct roster *r;
	bool ok = true;
	size_t i;

	if (t == NULL)
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	r->table = t;
	r->v = xcalloc(t->nrows ? t->nrows : 1, sizeof *r->v);
	for (i = 0; i < t->nrows; i++)
		if (parse_span(t, &t->rows[i], &r->v[r->n]))
			r->n++;
		else
			ok = false;
	qsort(r->v, r->n, sizeof *r->v, cmp_span);
	ok = check_overlaps(r) && ok;
	for (i = 0; i < r->n; i++) {
		if (date_cmp(&r->v[i].from, &r->end) > 0)
			r->end = r->v[i].from;
		if (date_cmp(&r->v[i].until, &r->end) > 0)
			r->end = r->v[i].until;
	}
	if (!ok) {
		roster_free(r);
		return NULL;
	}
	return r;
}

void
roster_free(struct roster *r)
{
	if (r == NULL)
		return;
	table_free(r->table);
	free(r->v);
	free((char *)r->path);
	free(r);
}

/* --- looking up -------------------------------------------------------- */

/* The spans of code: *first and the count. */
static size_t
spans_of(const struct roster *r, uint32_t code, size_t *first)
{
	size_t lo = 0, hi = r->n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < r->n && r->v[end].code == code; end++)
		;
	*first = lo;
	return end - lo;
}

const struct roster_span *
roster_on(const struct roster *r, uint32_t code, const struct date *d)
{
	size_t first, n = spans_of(r, code, &first), i;

	for (i = first; i < first + n; i++)
		if (in_force(&r->v[i], d))
			return &r->v[i];
	return NULL;
}

bool
roster_municipality(const struct roster *r, uint32_t code, const struct date *d)
{
	const struct roster_span *s = roster_on(r, code, d);

	return s != NULL && roster_kind_municipal(s->kind);
}

bool
roster_knows(const struct roster *r, uint32_t code)
{
	size_t first;

	return spans_of(r, code, &first) > 0;
}

const struct roster_span *
roster_spans(const struct roster *r, uint32_t code, size_t *n)
{
	size_t first;

	*n = spans_of(r, code, &first);
	return r->v + first;
}

void
roster_each(const struct roster *r, const struct date *d,
            void (*fn)(const struct roster_span *s, void *ctx), void *ctx)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (roster_kind_municipal(r->v[i].kind) &&
		    in_force(&r->v[i], d))
			fn(&r->v[i], ctx);
}

/* --- explaining -------------------------------------------------------- */

/* How a change is told, by its type as e-Stat names it: what became of
 * a body it ended (the others are where it went), and how it made a body
 * (the others are where it came from), with began_one where one other
 * needs other words.  %s is the list of the others. */
static const struct {
	const char *type;
	const char *ended;
	const char *began;
	const char *began_one;
} changes[] = {
        {"市制施行", "when it became the city %s", "when %s became a city"},
        {"町制施行", "when it became the town %s", "when %s became a town"},
        {"編入合併", "when it was absorbed into %s", "when it absorbed %s"},
        {"新設合併", "when it merged into the new %s",
         "when %s merged into it"},
        {"名称変更", "when it was renamed %s", "when it was renamed"},
        {"政令指定都市施行", "when it became the designated city %s",
         "when %s became a designated city"},
        {"郡の区域変更", "when it moved to another district as %s",
         "when %s moved to another district"},
        {"分割", "when it was split into %s", "when %s was split"},
        {"分離", "when %s was split off from it",
         "when it was split off from %s"},
        {"区の再編", "when it was merged into %s",
         "when the wards %s were reorganised",
         "when the ward %s was reorganised"},
        {"郡の廃止", "when the district was abolished", "when it was created"},
        {"区の新設|郡の新設", "when it was reorganised", "when it was created"},
        {"沖縄返還", "when it was reorganised",
         "when Okinawa returned to Japan"},
        {"北方領土", "when it was reorganised",
         "when the Northern Territories were given codes"},
};

static void
put_date(struct buf *out, const struct date *d)
{
	buf_printf(out, "%04d-%02d-%02d", d->year, d->month, d->day);
}

/* The name of code at the change on day: the span that ends on it when
 * the body came from there, else the one in force on it, else the one
 * that ends on it all the same (大宮町 absorbed 御前山村 and became
 * 常陸大宮市 on 2004-10-16). */
static const char *
name_at(const struct roster *r, uint32_t code, const struct date *day,
        bool before)
{
	size_t first, n = spans_of(r, code, &first), i;
	const struct roster_span *s = roster_on(r, code, day), *ending = NULL;

	for (i = first; i < first + n; i++)
		if (has_date(&r->v[i].until) &&
		    date_cmp(&r->v[i].until, day) == 0)
			ending = &r->v[i];
	if (ending != NULL && (before || s == NULL))
		return ending->name_ja;
	return s != NULL ? s->name_ja : NULL;
}

/* Appends "A 123456, B 234567 and C 345678" for the codes in list;
 * returns how many. */
static size_t
put_others(const struct roster *r, const char *list, const struct date *day,
           bool before, struct buf *out)
{
	const char *p = list;
	size_t count = 0, i = 0, n;
	uint32_t code;
	char digits[8];

	for (p = list; *(p += strspn(p, " ")) != '\0'; p += n, count++)
		n = strcspn(p, " ");
	for (p = list; *(p += strspn(p, " ")) != '\0'; p += n, i++) {
		const char *name;

		n = strcspn(p, " ");
		snprintf(digits, sizeof digits, "%.*s", (int)(n < 6 ? n : 6),
		         p);
		code = (uint32_t)strtoul(digits, NULL, 10);
		name = name_at(r, code, day, before);
		buf_printf(out, "%s%s%s%s",
		           i == 0           ? ""
		           : i + 1 == count ? " and "
		                            : ", ",
		           name ? name : "", name ? " " : "", digits);
	}
	return count;
}

/* Appends how the change says it, with its type: "when 富谷町 044237
 * became a city (市制施行)". */
static void
put_change(const struct roster *r, const char *change, const struct date *day,
           bool ended, struct buf *out)
{
	size_t len = strcspn(change, " "), i, n;
	struct buf others = {0};
	const char *how = NULL;

	buf_adds(&others, "");
	n = put_others(r, change + len, day, !ended, &others);
	for (i = 0; i < sizeof changes / sizeof changes[0]; i++)
		if (strlen(changes[i].type) == len &&
		    strncmp(changes[i].type, change, len) == 0) {
			how = ended ? changes[i].ended : changes[i].began;
			if (!ended && n == 1 && changes[i].began_one != NULL)
				how = changes[i].began_one;
		}
	if (how != NULL) {
		buf_printf(out, ", ");
		/* how holds at most one %s, for the others. */
		if (strstr(how, "%s") != NULL) {
			const char *at = strstr(how, "%s");

			buf_add(out, how, (size_t)(at - how));
			buf_adds(out, others.data);
			buf_adds(out, at + 2);
		} else {
			buf_adds(out, how);
		}
	} else if (others.len > 0) {
		buf_printf(out, ", with %s", others.data);
	}
	buf_printf(out, " (%.*s)", (int)len, change);
	buf_free(&others);
}

/* Appends what a body of kind, not a municipality, is. */
static void
put_kind(const struct roster *r, const struct roster_span *s,
         const struct date *d, struct buf *out)
{
	const struct roster_span *city;

	switch (s->kind) {
	case ROSTER_CITY:
	case ROSTER_TOWN:
	case ROSTER_VILLAGE:
	case ROSTER_SPECIAL_WARD:
	case ROSTER_DESIGNATED_CITY:
		buf_adds(out, "a municipality");
		break;
	case ROSTER_WARD:
		city = roster_on(r, s->parent, d);
		buf_printf(out,
		           "a ward of the designated city %s%s%06u, "
		           "which answers for its wards",
		           city ? city->name_ja : "", city ? " " : "",
		           (unsigned)s->parent);
		break;
	case ROSTER_DISTRICT:
		buf_adds(out, "a district (郡), which is no local government");
		break;
	case ROSTER_SUBPREFECTURE:
		buf_adds(out, "a subprefecture (支庁, 振興局), which is no "
		              "local government");
		break;
	case ROSTER_PREFECTURE:
		buf_adds(out, "the prefecture's own code");
		break;
	case ROSTER_NORTHERN_TERRITORIES:
		buf_adds(out, "a village of the Northern Territories, which "
		              "have codes but no local government");
		break;
	case ROSTER_SPECIAL_WARDS_AREA:
		buf_adds(out, "Tokyo's 23 special wards as one area of "
		              "statistics (特別区部); each ward is a "
		              "municipality");
		break;
	}
}

/* The span of code nearest to d among those not in force on it. */
static const struct roster_span *
nearest(const struct roster *r, uint32_t code, const struct date *d)
{
	size_t first, n = spans_of(r, code, &first), i;
	const struct roster_span *before = NULL, *after = NULL;

	for (i = first; i < first + n; i++) {
		const struct roster_span *s = &r->v[i];

		if (has_date(&s->from) && date_cmp(&s->from, d) > 0) {
			if (after == NULL)
				after = s;
		} else {
			before = s;
		}
	}
	if (before == NULL)
		return after;
	if (after == NULL)
		return before;
	/* A code given up and taken again: the nearer of the two. */
	return (long)(after->from.year - d->year) <
	                       (long)(d->year - before->until.year)
	               ? after
	               : before;
}

bool
roster_explain(const struct roster *r, uint32_t code, const struct date *d,
               struct buf *out)
{
	const struct roster_span *s = roster_on(r, code, d);

	if (s != NULL) {
		if (roster_kind_municipal(s->kind))
			return true;
		buf_printf(out, "%s is not a municipality: it is ", s->name_ja);
		put_kind(r, s, d, out);
		return true;
	}
	if ((s = nearest(r, code, d)) == NULL) {
		buf_adds(out, "is no local government code: the roster does "
		              "not have it");
		return false;
	}
	buf_printf(out, "%s is not a municipality on ", s->name_ja);
	put_date(out, d);
	if (has_date(&s->from) && date_cmp(&s->from, d) > 0) {
		buf_adds(out, roster_kind_municipal(s->kind)
		                      ? ": it is one from "
		                      : ": it has its code from ");
		put_date(out, &s->from);
		if (s->began[0] != '\0')
			put_change(r, s->began, &s->from, false, out);
	} else {
		buf_adds(out, roster_kind_municipal(s->kind)
		                      ? ": it was one until "
		                      : ": it had its code until ");
		put_date(out, &s->until);
		if (s->ended[0] != '\0')
			put_change(r, s->ended, &s->until, true, out);
	}
	return true;
}
