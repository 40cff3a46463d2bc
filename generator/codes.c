#include "codes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "format.h"
#include "lgcode.h"
#include "prefs.h"
#include "roster.h"
#include "value.h"
#include "xalloc.h"

/* Lines of the rows read one way, for the file's warning. */
struct lines {
	unsigned *v;
	size_t n;
};

/* How a row's code was read. */
enum reading {
	READ_SIX,   /* six digits, as written */
	READ_ESTAT, /* five digits: e-Stat's code, completed */
	READ_LOST,  /* five digits: a six-digit code without its zero */
	READ_FOUR   /* four digits: an e-Stat code without its zero */
};

struct codes {
	struct codes_setup s;
	uint32_t *seen[NPREFS + 1]; /* per prefecture, per municipality
	                             * number: line of its row, or 0 */
	/* What the file's codes say of how it writes five-digit ones. */
	unsigned six, four;   /* codes of six and of four digits */
	unsigned estat, lost; /* five-digit codes only one reading
	                       * of which is a municipality */
	int form;             /* after codes_decide: 5, 6, or 0 when
	                       * the file does not tell */
	uint32_t *later;      /* by five-digit value: the line of the row
	                       * left for the end of the file, or 0; one
	                       * row per value, so what is kept is bounded */
	struct lines read[4]; /* by enum reading */
	struct buf text;      /* scratch */
	struct buf norm;
	struct buf key;
};

/* A survey as of a date after the roster's record of changes ends is
 * held to the municipalities of that end: said once, for the file. */
static void
warn_past_record(struct codes *cs)
{
	const struct roster *r = cs->s.roster;
	const struct date *d = cs->s.as_of, *end;
	struct loc loc = {cs->s.mf->name, 0, 0, cs->s.mf->sheet};
	struct buf where = {0};

	if (r == NULL || r->end.year == 0 || date_cmp(d, &r->end) <= 0)
		return;
	end = &r->end;
	buf_adds(&where, "");
	if (cs->s.as_of_loc != NULL && cs->s.as_of_loc->file != NULL)
		buf_printf(&where, " (%s:%u)", cs->s.as_of_loc->file,
		           cs->s.as_of_loc->line);
	msg_file_warn(cs->s.mf, &loc,
	              "the survey is as of %04d-%02d-%02d%s, after %s ends "
	              "its record of municipal changes on %04d-%02d-%02d: "
	              "changes since are not known, so its codes are checked "
	              "against the municipalities of %04d-%02d-%02d",
	              d->year, d->month, d->day, where.data, r->path,
	              end->year, end->month, end->day, end->year, end->month,
	              end->day);
	buf_free(&where);
}

struct codes *
codes_new(const struct codes_setup *setup)
{
	struct codes *cs = xcalloc(1, sizeof *cs);

	cs->s = *setup;
	warn_past_record(cs);
	return cs;
}

static void
add_line(struct lines *l, unsigned line)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = line;
}

static const char *
pref_name(const struct codes *cs, int pref, char tmp[32])
{
	if (cs->s.prefs != NULL && pref >= 1 && pref <= NPREFS)
		return cs->s.prefs->pref[pref].name_ja;
	snprintf(tmp, 32, "prefecture %02d", pref);
	return tmp;
}

/* "012025" when the field says so, else "\"12025\" (read as 012025)". */
static const char *
shown(struct codes *cs, const struct codes_row *row, uint32_t code)
{
	char digits[8];

	snprintf(digits, sizeof digits, "%06u", (unsigned)code);
	buf_clear(&cs->text);
	if (strcmp(row->code, digits) == 0)
		buf_adds(&cs->text, digits);
	else
		buf_printf(&cs->text, "\"%s\" (read as %s)", row->code, digits);
	return cs->text.data;
}

/* --- one code -------------------------------------------------------- */

/* Do the digit groups of s, separated by single hyphens, have the
 * lengths of one of the forms code lists write: 01-100 (prefecture and
 * municipality, e-Stat's five digits), 01-100-2 and 01100-2 (the six
 * digits, with the check digit apart)? */
static bool
grouped(const char *s)
{
	static const char *const forms[] = {"2-3", "2-3-1", "5-1"};
	char shape[8];
	size_t n = 0, k, i;

	for (; n + 2 < sizeof shape; s += k) {
		k = strspn(s, "0123456789");
		if (k == 0 || k > 5)
			return false;
		shape[n++] = (char)('0' + k);
		if (s[k] == '\0')
			break;
		if (s[k] != '-')
			return false;
		shape[n++] = '-';
		k++;
	}
	shape[n] = '\0';
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if (strcmp(shape, forms[i]) == 0)
			return true;
	return false;
}

/* The code's digits: the field, or the field in NFKC (full-width
 * digits); the digits of a code written in groups (01-100) or as a
 * decimal number whose fraction is zero (1100.0, as a spreadsheet's
 * number can be written out); NULL for anything else. */
static const char *
digits_of(struct codes *cs, const char *s)
{
	char *p, *q;

	if (s[strspn(s, "0123456789")] == '\0')
		return s;
	value_normalize(s, false, &cs->norm);
	p = cs->norm.data;
	if ((q = strchr(p, '.')) != NULL && q > p &&
	    q[1 + strspn(q + 1, "0")] == '\0')
		*q = '\0';
	if (p[strspn(p, "0123456789")] == '\0')
		return p;
	if (!grouped(p))
		return NULL;
	for (q = p; *p != '\0'; p++)
		if (*p != '-')
			*q++ = *p;
	*q = '\0';
	return cs->norm.data;
}

/* The two readings of five digits: e-Stat's code (*a) and a six-digit
 * code without its leading zero (*b); 0 for one that is no code. */
static void
readings(const char *d, uint32_t *a, uint32_t *b)
{
	char six[8];
	enum lgcode_status st;

	*a = *b = 0;
	if (lgcode_parse(d, a) != LGCODE_COMPLETED)
		*a = 0;
	snprintf(six, sizeof six, "0%s", d);
	st = lgcode_parse(six, b);
	if (st != LGCODE_OK)
		*b = 0;
}

/* Could the row be code: in its prefecture, and a municipality then? */
static bool
fits(const struct codes *cs, const struct codes_row *row, uint32_t code)
{
	if (code == 0)
		return false;
	if (row->pref > 0 && lgcode_pref(code) != row->pref)
		return false;
	return cs->s.roster == NULL ||
	       roster_municipality(cs->s.roster, code, cs->s.as_of);
}

static bool
bad_format(struct codes *cs, const struct codes_row *row)
{
	msg_file_error(cs->s.mf, &row->loc,
	               "column \"%s\": not a local government code (5 or 6 "
	               "digits): \"%s\"",
	               cs->s.column, row->code);
	return false;
}

/* A code written as a formula of a number, =011002: Excel shows the
 * number, 11002, its leading zero lost. */
static bool
bad_formula(struct codes *cs, const struct codes_row *row)
{
	const char *d = row->code + 1;
	size_t n = strspn(d, "0123456789");

	if (n == 0 || d[n] != '\0')
		return false;
	n = strspn(d, "0");
	msg_file_error(cs->s.mf, &row->loc,
	               "column \"%s\": %s is a formula, which Excel shows as "
	               "the number %s: write the code, %s, or Excel's text "
	               "formula =\"%s\"",
	               cs->s.column, row->code, d[n] ? d + n : "0", d, d);
	return true;
}

/* The prefecture field must name the code's prefecture. */
static bool
check_pref(struct codes *cs, const struct codes_row *row, uint32_t code)
{
	char tmp[32];

	if (row->pref <= 0 || lgcode_pref(code) == row->pref)
		return true;
	msg_file_error(cs->s.mf, &row->pref_loc,
	               "column \"%s\": \"%s\" does not match code %06u, which "
	               "is in %s",
	               cs->s.pref_column, row->pref_text, (unsigned)code,
	               pref_name(cs, lgcode_pref(code), tmp));
	return false;
}

/* The same municipality twice in one file is an error naming both. */
static bool
check_repeat(struct codes *cs, const struct codes_row *row, uint32_t code)
{
	int pref = lgcode_pref(code);
	uint32_t *first, a, b;

	if (cs->seen[pref] == NULL)
		cs->seen[pref] = xcalloc(1000, sizeof *cs->seen[pref]);
	first = &cs->seen[pref][code / 10 % 1000];
	if (*first == 0) {
		*first = row->loc.line;
		return true;
	}
	/* A row decided at the end of the file may come after a later
	 * one. */
	a = *first < row->loc.line ? *first : row->loc.line;
	b = *first < row->loc.line ? row->loc.line : *first;
	msg_file_error(cs->s.mf, &row->loc,
	               "column \"%s\": municipality %06u is listed twice, on "
	               "%ss %u and %u",
	               cs->s.column, (unsigned)code,
	               cs->s.mf->sheet ? "row" : "line", a, b);
	return false;
}

/* s, or its first 40 or so characters and "…" when it is long, in tmp
 * (at least 128 bytes). */
static const char *
short_text(const char *s, char *tmp)
{
	size_t n = strlen(s), i;
	bool cut = n >= 120;

	if (!cut && strpbrk(s, "\r\n") == NULL)
		return s;
	if (cut) {
		n = 110;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	snprintf(tmp, 128, "%.*s%s", (int)n, s, cut ? "…" : "");
	/* A message is one line. */
	for (i = 0; tmp[i] != '\0'; i++)
		if (tmp[i] == '\r' || tmp[i] == '\n')
			tmp[i] = ' ';
	return tmp;
}

/* Appends, when the code had the name key under another span, when:
 * ": \"篠山市\" was its name until 2019-05-01 (名称変更)". */
static void
put_other_name(struct codes *cs, const struct roster_span *span,
               const char *key, const char *name, struct buf *out)
{
	size_t n, i;
	const struct roster_span *v = roster_spans(cs->s.roster, span->code,
	                                           &n);
	const struct roster_span *o = NULL;
	const struct date *d;
	const char *change;

	for (i = 0; i < n && o == NULL; i++)
		if (&v[i] != span &&
		    strcmp(value_name_key(v[i].name_ja, &cs->key), key) == 0)
			o = &v[i];
	if (o == NULL)
		return;
	d = o < span ? &o->until : &o->from;
	change = o < span ? o->ended : o->began;
	buf_printf(out, ": \"%s\" %s its name %s %04d-%02d-%02d", name,
	           o < span ? "was" : "is", o < span ? "until" : "from",
	           d->year, d->month, d->day);
	if (change[0] != '\0')
		buf_printf(out, " (%.*s)", (int)strcspn(change, " "), change);
}

/* The row's name must be the roster's for the code, after NFKC and the
 * folding of variant forms. */
static void
check_name(struct codes *cs, const struct codes_row *row,
           const struct roster_span *span)
{
	const char *want, *got;
	char tmp[128];
	struct buf why = {0};

	if (row->name == NULL || row->name[0] == '\0')
		return;
	want = value_name_key(span->name_ja, &cs->key);
	got = value_name_key(row->name, &cs->norm);
	if (strcmp(got, want) != 0) {
		buf_adds(&why, "");
		put_other_name(cs, span, got, short_text(row->name, tmp),
		               &why);
		msg_file_warn(cs->s.mf, &row->name_loc,
		              "column \"%s\": \"%s\" is not the name of %06u "
		              "on %04d-%02d-%02d, %s%s",
		              cs->s.name_column, short_text(row->name, tmp),
		              (unsigned)span->code, cs->s.as_of->year,
		              cs->s.as_of->month, cs->s.as_of->day,
		              span->name_ja, why.data);
		buf_free(&why);
	}
	if (span->name_en[0] == '\0')
		msg_file_warn(cs->s.mf, &row->loc,
		              "column \"%s\": the roster has no English name "
		              "for %06u %s; English text shows its Japanese "
		              "name",
		              cs->s.column, (unsigned)span->code,
		              span->name_ja);
}

/* Holds the code read from the row to the rules. */
static enum codes_verdict
accept(struct codes *cs, const struct codes_row *row, uint32_t code,
       enum reading how)
{
	const struct roster_span *span = NULL;
	struct buf why = {0};

	if (!check_pref(cs, row, code))
		return CODES_BAD;
	if (cs->s.roster != NULL &&
	    !roster_municipality(cs->s.roster, code, cs->s.as_of)) {
		buf_printf(&why, "%s ", shown(cs, row, code));
		roster_explain(cs->s.roster, code, cs->s.as_of, &why);
		if (cs->s.leave_out) {
			msg_file_warn(cs->s.mf, &row->loc,
			              "column \"%s\": %s; the row is left out",
			              cs->s.column, why.data);
			buf_free(&why);
			return CODES_LEFT_OUT;
		}
		msg_file_error(cs->s.mf, &row->loc, "column \"%s\": %s",
		               cs->s.column, why.data);
		buf_free(&why);
		return CODES_BAD;
	}
	if (!check_repeat(cs, row, code))
		return CODES_BAD;
	if (cs->s.roster != NULL &&
	    (span = roster_on(cs->s.roster, code, cs->s.as_of)) != NULL)
		check_name(cs, row, span);
	if (how != READ_SIX)
		add_line(&cs->read[how], row->loc.line);
	return CODES_OK;
}

/* Leaves the row for the end of the file; the same value twice is the
 * same municipality twice, however the file reads it. */
static enum codes_verdict
later(struct codes *cs, const struct codes_row *row, const char *d)
{
	uint32_t v = (uint32_t)strtoul(d, NULL, 10);

	if (cs->later == NULL)
		cs->later = xcalloc(100000, sizeof *cs->later);
	if (cs->later[v] == 0) {
		cs->later[v] = row->loc.line;
		return CODES_LATER;
	}
	msg_file_error(cs->s.mf, &row->loc,
		       "column \"%s\": \"%s\" is listed twice, on lines %u "
		       "and %u",
		       cs->s.column, row->code, (unsigned)cs->later[v],
		       row->loc.line);
	return CODES_BAD;
}

/* A row of totals at the foot of a table, without a code: told at the
 * field that names the total (合計 as the name, 青森県計 as the
 * prefecture), where the eye finds it. */
static enum codes_verdict
total(struct codes *cs, const struct codes_row *row)
{
	const struct loc *loc = &row->loc;
	const char *column = cs->s.column;

	if (row->total == row->name) {
		loc = &row->name_loc;
		column = cs->s.name_column;
	} else if (row->total == row->pref_text) {
		loc = &row->pref_loc;
		column = cs->s.pref_column;
	}
	if (cs->s.leave_out) {
		msg_file_warn(cs->s.mf, loc,
		              "column \"%s\": the row is a total (\"%s\"), not "
		              "a municipality; the row is left out",
		              column, row->total);
		return CODES_LEFT_OUT;
	}
	msg_file_error(cs->s.mf, loc,
	               "column \"%s\": the row is a total (\"%s\"), not a "
	               "municipality",
	               column, row->total);
	return CODES_BAD;
}

enum codes_verdict
codes_check(struct codes *cs, const struct codes_row *row, uint32_t *code)
{
	const char *d;
	char five[8];
	uint32_t a, b;
	size_t n;

	/* A row of totals has no code, or a total in its place. */
	if (row->total != NULL && (row->missing || row->total == row->code))
		return total(cs, row);
	if (row->missing) {
		msg_file_error(cs->s.mf, &row->loc,
		               "column \"%s\": the local government code is "
		               "missing",
		               cs->s.column);
		return CODES_BAD;
	}
	if (row->code[0] == '=' && bad_formula(cs, row))
		return CODES_BAD;
	if ((d = digits_of(cs, row->code)) == NULL)
		return bad_format(cs, row), CODES_BAD;
	n = strlen(d);
	switch (n) {
	case 6:
		switch (lgcode_parse(d, code)) {
		case LGCODE_OK:
			cs->six++;
			return accept(cs, row, *code, READ_SIX);
		case LGCODE_BAD_CHECK:
			msg_file_error(cs->s.mf, &row->loc,
			               "column \"%s\": wrong check digit in "
			               "\"%s\" (expected %d)",
			               cs->s.column, row->code,
			               lgcode_check_digit(*code / 10));
			return CODES_BAD;
		case LGCODE_BAD_PREF:
			msg_file_error(cs->s.mf, &row->loc,
			               "column \"%s\": no prefecture %.2s in "
			               "\"%s\"",
			               cs->s.column, d, row->code);
			return CODES_BAD;
		case LGCODE_COMPLETED:
		case LGCODE_BAD_FORMAT:
			break;
		}
		return bad_format(cs, row), CODES_BAD;
	case 5:
		readings(d, &a, &b);
		if (a == 0 || b == 0) {
			/* One reading only ("02201", or a lost zero whose
			 * other reading is no code). */
			if ((*code = a ? a : b) == 0)
				return bad_format(cs, row), CODES_BAD;
			a ? cs->estat++ : cs->lost++;
			return accept(cs, row, *code,
			              a ? READ_ESTAT : READ_LOST);
		}
		if (fits(cs, row, a) && !fits(cs, row, b)) {
			cs->estat++;
			*code = a;
			return accept(cs, row, a, READ_ESTAT);
		}
		if (fits(cs, row, b) && !fits(cs, row, a)) {
			cs->lost++;
			*code = b;
			return accept(cs, row, b, READ_LOST);
		}
		return later(cs, row, d);
	case 4:
		snprintf(five, sizeof five, "0%s", d);
		if (lgcode_parse(five, code) != LGCODE_COMPLETED)
			return bad_format(cs, row), CODES_BAD;
		cs->four++;
		return accept(cs, row, *code, READ_FOUR);
	default:
		return bad_format(cs, row), CODES_BAD;
	}
}

void
codes_decide(struct codes *cs)
{
	bool six = cs->six + cs->lost > 0, five = cs->four + cs->estat > 0;

	cs->form = six && !five ? 6 : five && !six ? 5 : 0;
}

/* Five digits both of whose readings are municipalities. */
static enum codes_verdict
undecided(struct codes *cs, const struct codes_row *row, uint32_t a, uint32_t b)
{
	const struct roster_span *x = NULL, *y = NULL;
	char p1[32], p2[32];

	if (cs->s.roster != NULL) {
		x = roster_on(cs->s.roster, b, cs->s.as_of);
		y = roster_on(cs->s.roster, a, cs->s.as_of);
	}
	msg_file_error(cs->s.mf, &row->loc,
	               "column \"%s\": \"%s\" could be %06u%s%s of %s, a "
	               "six-digit code that lost its leading zero, or %06u%s%s "
	               "of %s, an e-Stat code of five digits, and the file's "
	               "other codes do not tell which: write it with six "
	               "digits, or fill in the prefecture",
	               cs->s.column, row->code, (unsigned)b, x ? " " : "",
	               x ? x->name_ja : "", pref_name(cs, lgcode_pref(b), p1),
	               (unsigned)a, y ? " " : "", y ? y->name_ja : "",
	               pref_name(cs, lgcode_pref(a), p2));
	return CODES_BAD;
}

enum codes_verdict
codes_resolve(struct codes *cs, const struct codes_row *row, uint32_t *code)
{
	const char *d = digits_of(cs, row->code);
	bool lost;
	uint32_t a, b;

	readings(d, &a, &b);
	if (fits(cs, row, a) && fits(cs, row, b)) {
		if (cs->form == 0)
			return undecided(cs, row, a, b);
		lost = cs->form == 6;
	} else if (a == 0 || b == 0) {
		lost = b != 0;
	} else if (cs->form != 0) {
		lost = cs->form == 6;
	} else {
		/* Neither is a municipality: tell of the one the roster
		 * knows, the six-digit code first. */
		lost = cs->s.roster == NULL || roster_knows(cs->s.roster, b) ||
		       !roster_knows(cs->s.roster, a);
	}
	if ((*code = lost ? b : a) == 0)
		return bad_format(cs, row), CODES_BAD;
	return accept(cs, row, *code, lost ? READ_LOST : READ_ESTAT);
}

/* --- the file -------------------------------------------------------- */

static int
cmp_line(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/* Appends "2-6, 9, 12-14" for the lines; past about 1,500 characters
 * the rest are counted. */
static void
put_lines(struct buf *b, struct lines *l)
{
	size_t i = 0, j, shown = 0;

	qsort(l->v, l->n, sizeof *l->v, cmp_line);
	while (i < l->n) {
		for (j = i; j + 1 < l->n && l->v[j + 1] == l->v[j] + 1; j++)
			;
		if (b->len > 1500) {
			buf_printf(b, " and %zu more", l->n - shown);
			return;
		}
		buf_printf(b, "%s%u", i ? ", " : "", l->v[i]);
		if (j > i)
			buf_printf(b, "-%u", l->v[j]);
		shown += j - i + 1;
		i = j + 1;
	}
}

/* One warning for the rows read one way. */
static void
tell(struct codes *cs, enum reading how, const char *what)
{
	struct loc loc = {cs->s.mf->name, 0, 0, cs->s.mf->sheet};
	struct buf b = {0};

	if (cs->read[how].n == 0)
		return;
	put_lines(&b, &cs->read[how]);
	msg_file_warn(cs->s.mf, &loc, "column \"%s\": %s, on %s%s %s",
	              cs->s.column, what, cs->s.mf->sheet ? "row" : "line",
	              cs->read[how].n == 1 ? "" : "s", b.data);
	buf_free(&b);
}

void
codes_free(struct codes *cs)
{
	size_t i;

	if (cs == NULL)
		return;
	if (cs->read[READ_LOST].n > 0 || cs->read[READ_FOUR].n > 0) {
		tell(cs, READ_LOST,
		     "codes of five digits read as six-digit codes that lost "
		     "their leading zero (Excel drops it from numbers: write "
		     "the codes as text, with six digits)");
		tell(cs, READ_FOUR,
		     "codes of four digits read as e-Stat codes of five digits "
		     "that lost their leading zero (Excel drops it from "
		     "numbers: write the codes as text)");
		tell(cs, READ_ESTAT,
		     "codes of five digits read as e-Stat codes, completed "
		     "with their check digit");
	}
	for (i = 0; i <= NPREFS; i++)
		free(cs->seen[i]);
	for (i = 0; i < 4; i++)
		free(cs->read[i].v);
	free(cs->later);
	buf_free(&cs->text);
	buf_free(&cs->norm);
	buf_free(&cs->key);
	free(cs);
}
