/*
 * proof: reads display lists (briefgen render --dump-layout) and reports
 * what an editor would send back.  Positions and sizes in the dump are
 * exact, and its slice lines say what each run of items is (a heading, a
 * table row, a line of a paragraph in one language), so the checks need
 * no guessing from the look of the page:
 *
 *   fill      a page but the last filled less than a third, unless the
 *             page after it is begun by a break of the layout; a table's
 *             last rows alone on such a page all the same
 *   rows      a table split with fewer than 3 body rows on a page (or
 *             all its rows, when it has fewer), or total rows or its
 *             note on a page without rows of their table
 *   heading   a heading whose first block (a table's header and 3 rows,
 *             a chart, a case, ...) is on a later page, with fewer than
 *             4 lines of text between them on its own page
 *   continued a table continued on a later page without the caption
 *             of its first page (the heading over its header) marked
 *             （続き） or (continued) after each language's text, or
 *             a caption so marked on the page its table starts
 *   pair      the Japanese and the English of one paragraph on different
 *             pages; a paragraph split leaving a single line
 *   break     a line break inside a date (平成28年10月21日, 21 October
 *             2016), a number, a number and its unit (1,741団体, 17.3%)
 *             or a name listed with --names
 *   size      text under 7 pt
 *   overlap   text runs overlapping each other
 *   margin    text outside the type area (the master page's header,
 *             footer and watermark excepted)
 *   line      a line drawn across text, not hidden by a fill drawn
 *             between them
 *   stretch   a justified line letter-spaced by more than 0.05 em, or
 *             a paragraph's word space wider than 0.5 em (such a line
 *             is better set flush left)
 *   centre    a line of the cover whose ink is off its centre (full-
 *             width spaces at its ends count out; the lines of a
 *             paragraph set flush left or justified are not centred)
 *
 * usage: proof [--names FILE]... [--rules RULE,...] [--every] DUMP...
 * FILE holds one name a line; --rules keeps the checks named.  Each
 * fault is one line "NAME: page N: RULE: what", NAME being the dump's
 * file name without its directory and ".dump" (the suite names them
 * PACK.LANG.dump); a check of single runs of text (size, overlap, margin,
 * line, centre) reports one line per page, with a count, or with --every
 * one line per run, with its position.  Exits 1 when it finds a fault, 2
 * on bad usage or input.
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define MIN_PT 7.0        /* the least legible text size */
#define MIN_FILL (1 / 3.) /* of the type area's height */
#define MIN_ROWS 3        /* body rows on each page of a split table */
#define MIN_LINES 4       /* lines of text that may follow a heading */
#define ASCENT 0.88       /* IPAex: above the baseline, per pt of size */
#define DESCENT 0.12      /* below it */
#define SLACK 0.5         /* pt: what rounding may leave */
#define MAX_LETTER_SPACE 0.05 /* em added between characters */
#define MAX_WORD_SPACE 0.5    /* em between the words of a line */

enum kind { T_TEXT, T_LINE, T_RECT, T_IMAGE };

struct item {
	enum kind kind;
	double x, y, w, h; /* as dumped; LINE: from (x, y) to (w, h) */
	double size, angle, opacity;
	double cs;    /* TEXT: space added after each character, pt */
	bool filled;  /* RECT: with a fill */
	char *text;   /* TEXT */
	size_t slice; /* index into doc.slices */
};

/* Slice kinds, as the dump names them. */
enum skind {
	S_BLOCK,
	S_HEADING,
	S_LINE,
	S_HEAD,
	S_ROW,
	S_TOTAL,
	S_NOTE,
	S_ENTRY,
	S_MASTER,
	NKINDS
};
static const char *const kind_names[NKINDS] = {"block", "heading", "line",
                                               "head",  "row",     "total",
                                               "note",  "entry",   "master"};

struct slice {
	enum skind kind;
	long box; /* -1 for the master page's */
	double y, h;
	int lang;    /* 0, 'j' or 'e' */
	size_t page; /* index into doc.pages */
	size_t item, nitems;
};

struct page {
	double w, h, left, top, right, bottom;
	bool cover, forced;
	size_t slice, nslices; /* in doc.slices */
	size_t item, nitems;   /* in doc.items */
};

struct doc {
	const char *name;
	struct page *pages;
	size_t npages;
	struct slice *slices;
	size_t nslices;
	struct item *items;
	size_t nitems;
};

static size_t faults;
static const char *rules; /* --rules: the checks to make, or NULL */
static bool every;        /* --every: each run of text, not a count */

/* --- names --------------------------------------------------------- */

static char **names;
static size_t nnames;
static size_t longest; /* bytes of the longest name */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
read_names(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];

	if (f == NULL) {
		perror(path);
		return false;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		names = realloc(names, (nnames + 1) * sizeof *names);
		names[nnames++] = strdup(line);
		if (strlen(line) > longest)
			longest = strlen(line);
	}
	fclose(f);
	return true;
}

static bool
is_name(const char *s, size_t n)
{
	char key[512];
	const char *k = key;

	if (n >= sizeof key || nnames == 0)
		return false;
	memcpy(key, s, n);
	key[n] = '\0';
	return bsearch(&k, names, nnames, sizeof *names, cmp_str) != NULL;
}

/* --- reading a dump --------------------------------------------------- */

static void *
grow(void *v, size_t n, size_t size)
{
	/* Powers of two: grow when n reaches one. */
	if (n == 0 || (n & (n - 1)) == 0) {
		v = realloc(v, (n ? 2 * n : 1) * size);
		if (v == NULL) {
			perror("proof");
			exit(2);
		}
	}
	return v;
}

/* The quoted string from p on, unescaped, or NULL. */
static char *
quoted(const char *p)
{
	char *s, *o;

	if ((p = strchr(p, '"')) == NULL)
		return NULL;
	s = o = malloc(strlen(p));
	for (p++; *p != '\0' && *p != '"'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		*o++ = *p;
	}
	*o = '\0';
	return s;
}

/* The number after " key=" in line, or dflt. */
static double
keyed(const char *line, const char *key, double dflt)
{
	const char *q = strstr(line, key);

	return q != NULL ? strtod(q + strlen(key), NULL) : dflt;
}

static bool
read_page(struct doc *d, const char *line)
{
	struct page *p;

	d->pages = grow(d->pages, d->npages, sizeof *d->pages);
	p = &d->pages[d->npages++];
	memset(p, 0, sizeof *p);
	if (sscanf(line, "page %*u %lf %lf type-area=%lf,%lf,%lf,%lf", &p->w,
	           &p->h, &p->left, &p->top, &p->right, &p->bottom) != 6)
		return false;
	p->cover = strstr(line, " cover") != NULL;
	p->forced = strstr(line, " forced") != NULL;
	p->slice = d->nslices;
	p->item = d->nitems;
	return true;
}

static bool
read_slice(struct doc *d, const char *line)
{
	char kind[16], box[16], lang[8] = "";
	struct slice *s;
	int k;

	if (d->npages == 0)
		return false;
	d->slices = grow(d->slices, d->nslices, sizeof *d->slices);
	s = &d->slices[d->nslices++];
	memset(s, 0, sizeof *s);
	if (sscanf(line, "  slice %15s %15s %lf %lf %7s", kind, box, &s->y,
	           &s->h, lang) < 4)
		return false;
	for (k = 0; k < NKINDS && strcmp(kind, kind_names[k]) != 0; k++)
		;
	if (k == NKINDS)
		return false;
	s->kind = (enum skind)k;
	s->box = strcmp(box, "-") == 0 ? -1 : strtol(box, NULL, 10);
	s->lang = lang[0] == 'j' ? 'j' : lang[0] == 'e' ? 'e' : 0;
	s->page = d->npages - 1;
	s->item = d->nitems;
	d->pages[d->npages - 1].nslices++;
	return true;
}

static bool
read_item(struct doc *d, const char *line)
{
	struct item *it;

	if (d->nslices == 0)
		return false;
	d->items = grow(d->items, d->nitems, sizeof *d->items);
	it = &d->items[d->nitems++];
	memset(it, 0, sizeof *it);
	it->slice = d->nslices - 1;
	it->opacity = keyed(line, " opacity=", 1);
	d->slices[d->nslices - 1].nitems++;
	d->pages[d->npages - 1].nitems++;
	if (strncmp(line, "  text ", 7) == 0) {
		it->kind = T_TEXT;
		it->angle = keyed(line, " angle=", 0);
		it->cs = keyed(line, " cs=", 0);
		it->text = quoted(line);
		return sscanf(line, "  text %lf %lf w=%lf %*s %lf", &it->x,
		              &it->y, &it->w, &it->size) == 4 &&
		       it->text != NULL;
	}
	if (strncmp(line, "  line ", 7) == 0) {
		it->kind = T_LINE;
		return sscanf(line, "  line %lf %lf %lf %lf", &it->x, &it->y,
		              &it->w, &it->h) == 4;
	}
	if (strncmp(line, "  rect ", 7) == 0) {
		it->kind = T_RECT;
		it->filled = strstr(line, " fill=") != NULL;
		return sscanf(line, "  rect %lf %lf %lf %lf", &it->x, &it->y,
		              &it->w, &it->h) == 4;
	}
	it->kind = T_IMAGE;
	return sscanf(line, "  image %lf %lf %lf %lf", &it->x, &it->y, &it->w,
	              &it->h) == 4;
}

static bool
read_doc(struct doc *d, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned long n = 0;
	bool ok = true;

	if (f == NULL) {
		perror(path);
		return false;
	}
	while (ok && getline(&line, &cap, f) > 0) {
		n++;
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "page ", 5) == 0)
			ok = read_page(d, line);
		else if (strncmp(line, "  slice ", 8) == 0)
			ok = read_slice(d, line);
		else if (strncmp(line, "  ", 2) == 0)
			ok = read_item(d, line);
		else if (strncmp(line, "outline ", 8) != 0 && line[0] != '\0')
			ok = false;
	}
	if (!ok)
		fprintf(stderr, "%s:%lu: not a display list: %s\n", path, n,
		        line);
	free(line);
	fclose(f);
	return ok;
}

static void
free_doc(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->nitems; i++)
		free(d->items[i].text);
	free(d->items);
	free(d->slices);
	free(d->pages);
}

/* --- reporting -------------------------------------------------------- */

static void
fault(const struct doc *d, size_t page, const char *rule, const char *fmt, ...)
{
	va_list ap;
	const char *p;
	size_t n = strlen(rule);

	for (p = rules; p != NULL; p = strchr(p, ','), p = p ? p + 1 : p)
		if (strncmp(p, rule, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			break;
	if (rules != NULL && p == NULL)
		return;
	printf("%s: page %zu: %s: ", d->name, page + 1, rule);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	faults++;
}

/* --- fill ------------------------------------------------------------- */

/* Bottom of the page's content, the master page's excepted; the top of
 * the type area when there is none. */
static double
content_bottom(const struct doc *d, const struct page *p)
{
	double b = p->top;
	size_t i;

	for (i = p->slice; i < p->slice + p->nslices; i++)
		if (d->slices[i].kind != S_MASTER)
			b = fmax(b, d->slices[i].y + d->slices[i].h);
	return b;
}

static double
fill_of(const struct doc *d, const struct page *p)
{
	return (content_bottom(d, p) - p->top) / (p->bottom - p->top);
}

/* Does the page hold nothing but slices of one table box (its caption
 * marked continued among them)? */
static long
only_table(const struct doc *d, const struct page *p)
{
	long box = -1;
	size_t i;

	for (i = p->slice; i < p->slice + p->nslices; i++) {
		const struct slice *s = &d->slices[i];

		if (s->kind == S_MASTER)
			continue;
		if (s->kind != S_HEAD && s->kind != S_ROW &&
		    s->kind != S_TOTAL && s->kind != S_NOTE &&
		    s->kind != S_HEADING)
			return -1;
		if (box >= 0 && s->box != box)
			return -1;
		box = s->box;
	}
	return box;
}

static void
check_fill(const struct doc *d)
{
	size_t i;

	for (i = 0; i + 1 < d->npages; i++) {
		const struct page *p = &d->pages[i];
		double f = fill_of(d, p);

		if (p->cover || f >= MIN_FILL)
			continue;
		if (!d->pages[i + 1].forced)
			fault(d, i, "fill", "filled %.0f%%, under a third",
			      100 * f);
		else if (i > 0 && only_table(d, p) >= 0 && !p->forced)
			fault(d, i, "fill",
			      "the last rows of a table alone on the page, "
			      "filled %.0f%%",
			      100 * f);
	}
}

/* --- rows ------------------------------------------------------------- */

/* Counts of a table box's slices on a page. */
struct part {
	size_t page;
	size_t rows, totals, notes;
};

static void
check_table(const struct doc *d, long box, size_t from)
{
	struct part parts[64];
	size_t n = 0, i, rows = 0;

	for (i = from; i < d->nslices; i++) {
		const struct slice *s = &d->slices[i];

		if (s->box != box)
			continue;
		if (n == 0 || parts[n - 1].page != s->page) {
			if (n == 64)
				break;
			memset(&parts[n], 0, sizeof parts[n]);
			parts[n++].page = s->page;
		}
		parts[n - 1].rows += s->kind == S_ROW;
		parts[n - 1].totals += s->kind == S_TOTAL;
		parts[n - 1].notes += s->kind == S_NOTE;
		rows += s->kind == S_ROW;
	}
	if (n < 2)
		return;
	for (i = 0; i < n; i++) {
		const struct part *p = &parts[i];
		size_t least = rows < MIN_ROWS ? rows : MIN_ROWS;

		if (p->rows == 0 && p->totals > 0)
			fault(d, p->page, "rows",
			      "%zu total row%s without rows of their table",
			      p->totals, p->totals > 1 ? "s" : "");
		else if (p->rows == 0 && p->notes > 0)
			fault(d, p->page, "rows",
			      "a table's note without rows of its table");
		else if (p->rows > 0 && p->rows < least)
			fault(d, p->page, "rows",
			      "a table split with %zu of its %zu rows here",
			      p->rows, rows);
	}
}

static void
check_rows(const struct doc *d)
{
	size_t i;
	long box = -1;

	/* Once per table: at its first slice. */
	for (i = 0; i < d->nslices; i++) {
		const struct slice *s = &d->slices[i];

		if (s->box != box &&
		    (s->kind == S_HEAD || s->kind == S_ROW ||
		     s->kind == S_TOTAL || s->kind == S_NOTE)) {
			box = s->box;
			check_table(d, box, i);
		}
	}
}

/* --- heading ---------------------------------------------------------- */

/* Rows of box on page, and in all. */
static size_t
rows_on(const struct doc *d, long box, size_t page, size_t *all)
{
	size_t i, n = 0;

	*all = 0;
	for (i = 0; i < d->nslices; i++)
		if (d->slices[i].box == box && (d->slices[i].kind == S_ROW ||
		                                d->slices[i].kind == S_TOTAL)) {
			n += d->slices[i].page == page;
			(*all)++;
		}
	return n;
}

static void
check_heading(const struct doc *d)
{
	size_t i, k, lines, all, rows;

	for (i = 0; i < d->nslices; i++) {
		const struct slice *h = &d->slices[i];
		const struct slice *s = NULL;

		if (h->kind != S_HEADING)
			continue;
		lines = 0;
		for (k = i + 1; k < d->nslices; k++) {
			s = &d->slices[k];
			if (s->kind == S_MASTER || s->kind == S_HEADING)
				continue;
			if (s->kind != S_LINE || s->page != h->page)
				break;
			lines++;
		}
		if (k == d->nslices || lines >= MIN_LINES)
			continue;
		if (s->page != h->page) {
			fault(d, h->page, "heading",
			      "a heading at the foot of the page, with %zu "
			      "line%s of text under it; its %s is on page %zu",
			      lines, lines == 1 ? "" : "s", kind_names[s->kind],
			      s->page + 1);
			continue;
		}
		/* A table's caption marked continued: how its rows are
		 * shared is the rows check's. */
		if (s->kind != S_HEAD || s->box == h->box)
			continue;
		rows = rows_on(d, s->box, h->page, &all);
		if (rows < (all < MIN_ROWS ? all : MIN_ROWS))
			fault(d, h->page, "heading",
			      "a heading with its table's header and %zu "
			      "row%s at the foot of the page",
			      rows, rows == 1 ? "" : "s");
	}
}

/* --- pair ------------------------------------------------------------- */

/* The lines of one language of a paragraph: the pages of the first and
 * the last, and how many lie on each of those. */
struct run {
	size_t first, last;
	size_t on_first, on_last;
};

static void
add_line(struct run *r, size_t page)
{
	if (r->on_first == 0) {
		r->first = r->last = page;
		r->on_first = r->on_last = 1;
		return;
	}
	if (page == r->first)
		r->on_first++;
	if (page != r->last)
		r->on_last = 0;
	r->last = page;
	r->on_last++;
}

/* A paragraph split across pages leaving one line of a language on a
 * page: the page, or SIZE_MAX. */
static size_t
lone_line(const struct run *r)
{
	if (r->on_first == 0 || r->first == r->last)
		return SIZE_MAX;
	if (r->on_first == 1)
		return r->first;
	return r->on_last == 1 ? r->last : SIZE_MAX;
}

static void
check_pair(const struct doc *d)
{
	size_t i, k, at;
	long box = -1;

	for (i = 0; i < d->nslices; i++) {
		const struct slice *s = &d->slices[i];
		struct run ja = {0}, en = {0};

		if (s->kind != S_LINE || s->box == box)
			continue;
		box = s->box;
		for (k = i; k < d->nslices; k++) {
			const struct slice *t = &d->slices[k];

			if (t->kind == S_MASTER)
				continue;
			if (t->box != box)
				break;
			add_line(t->lang == 'e' ? &en : &ja, t->page);
		}
		if (ja.on_first > 0 && en.on_first > 0 && ja.last != en.first)
			fault(d, ja.last, "pair",
			      "the Japanese of a paragraph here, its English "
			      "on page %zu",
			      en.first + 1);
		else if ((at = lone_line(&ja)) != SIZE_MAX ||
		         (at = lone_line(&en)) != SIZE_MAX)
			fault(d, at, "pair",
			      "a paragraph split leaving one line on the page");
	}
}

/* --- break ------------------------------------------------------------ */

/* The code points of s: at most max, from the end when tail. */
static size_t
cps(const char *s, uint32_t *v, size_t max, bool tail)
{
	const char *p = s, *end = s + strlen(s);
	size_t n = 0, i;
	uint32_t all[1024];

	while (p < end && n < 1024) {
		int32_t cp = utf8_next(&p, end);

		all[n++] = cp < 0 ? 0xfffd : (uint32_t)cp;
	}
	if (!tail) {
		n = n < max ? n : max;
		memcpy(v, all, n * sizeof *v);
		return n;
	}
	i = n > max ? n - max : 0;
	memcpy(v, all + i, (n - i) * sizeof *v);
	return n - i;
}

static bool
is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19);
}

static bool
is_cjk(uint32_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) ||
	       (c >= 0xf900 && c <= 0xfaff);
}

static bool
in(uint32_t c, const char *set)
{
	const char *p = set, *end = set + strlen(set);

	while (p < end)
		if ((uint32_t)utf8_next(&p, end) == c)
			return true;
	return false;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static const char *const months[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};

/* Is the word at the start (or end, when last) of s a month's name? */
static bool
month_at(const char *s, bool last)
{
	size_t i, n;

	for (i = 0; i < 12; i++) {
		n = strlen(months[i]);
		if (last ? ends_with(s, months[i]) &&
		                    (strlen(s) == n ||
		                     s[strlen(s) - n - 1] == ' ')
		         : strncmp(s, months[i], n) == 0 &&
		                    !(s[n] >= 'a' && s[n] <= 'z'))
			return true;
	}
	return false;
}

/* Does a known name run across the end of a and the start of b (joined
 * with a space when sep)? */
static const char *
name_across(const char *a, const char *b, bool sep)
{
	static char found[512];
	char j[512];
	size_t na = strlen(a), nb = strlen(b), s, e, at;

	if (na > 120)
		a += na - 120, na = 120;
	nb = nb > 120 ? 120 : nb;
	memcpy(j, a, na);
	at = na;
	if (sep)
		j[at++] = ' ';
	memcpy(j + at, b, nb);
	j[at + nb] = '\0';
	/* Every substring no longer than the longest name that starts in a
	 * and ends in b, on character boundaries. */
	for (s = at + 1 > longest ? at + 1 - longest : 0; s < na; s++) {
		if ((j[s] & 0xc0) == 0x80)
			continue;
		for (e = at + 1; e <= at + nb && e - s <= longest; e++) {
			if (e < at + nb && (j[e] & 0xc0) == 0x80)
				continue;
			if (is_name(j + s, e - s)) {
				memcpy(found, j + s, e - s);
				found[e - s] = '\0';
				return found;
			}
		}
	}
	return NULL;
}

/* What is broken when a line ending with a is followed by one starting
 * with b, or NULL. */
static const char *
broken(const char *a, const char *b)
{
	uint32_t x[2], y[2];
	size_t nx = cps(a, x, 2, true), ny = cps(b, y, 2, false);
	uint32_t l, r;
	bool sep;
	const char *name;

	if (nx == 0 || ny == 0)
		return NULL;
	l = x[nx - 1];
	r = y[0];
	if (is_digit(l) && in(r, "年月日"))
		return "a date";
	if (nx == 2 && is_digit(x[0]) && in(l, "年月") && is_digit(r))
		return "a date";
	if ((ends_with(a, "平成") || ends_with(a, "令和") ||
	     ends_with(a, "昭和")) &&
	    (is_digit(r) || r == 0x5143 /* 元 */))
		return "a date";
	if (is_digit(l) && month_at(b, false))
		return "a date";
	if (month_at(a, true) && is_digit(r))
		return "a date";
	if (is_digit(l) && (is_digit(r) || in(r, ",.，．")))
		return "a number";
	if ((l == ',' || l == '.') && nx == 2 && is_digit(x[0]) && is_digit(r))
		return "a number";
	if (is_digit(l) && (is_cjk(r) || in(r, "%％‰℃")))
		return "a number and its unit";
	if (is_digit(l) &&
	    (strncmp(b, "million", 7) == 0 || strncmp(b, "billion", 7) == 0 ||
	     strncmp(b, "yen", 3) == 0 || strncmp(b, "per cent", 8) == 0))
		return "a number and its unit";
	sep = !(is_cjk(l) || is_cjk(r) || l == '-');
	if ((name = name_across(a, b, sep)) != NULL)
		return name;
	return NULL;
}

/* A line of text as set: the runs of one baseline and size, joined. */
struct vline {
	double x, right, y, size;
	char text[1024];
	size_t page;
};

static void
join_run(struct vline *v, const struct item *it)
{
	size_t n = strlen(v->text);

	if (n > 0 && n + 1 < sizeof v->text)
		v->text[n++] = ' ';
	snprintf(v->text + n, sizeof v->text - n, "%s", it->text);
}

/* The lines of the items [from, to) of d: runs on one baseline, upright,
 * of one size.  Returns how many went into v (at most max). */
static size_t
vlines(const struct doc *d, size_t from, size_t to, struct vline *v, size_t max)
{
	size_t i, n = 0;

	for (i = from; i < to; i++) {
		const struct item *it = &d->items[i];

		if (it->kind != T_TEXT || it->angle != 0)
			continue;
		if (n > 0 && fabs(v[n - 1].y - it->y) < 0.01 &&
		    v[n - 1].size == it->size) {
			join_run(&v[n - 1], it);
			v[n - 1].right = it->x + it->w;
			continue;
		}
		if (n == max)
			break;
		v[n].x = it->x;
		v[n].right = it->x + it->w;
		v[n].y = it->y;
		v[n].size = it->size;
		v[n].text[0] = '\0';
		v[n].page = d->slices[it->slice].page;
		join_run(&v[n], it);
		n++;
	}
	return n;
}

/* Does b follow a as the next line of the same text: one size, one
 * leading, and set flush left, centred or flush right alike? */
static bool
next_line(const struct vline *a, const struct vline *b)
{
	double dy = b->y - a->y;

	return a->size == b->size && dy > 1.05 * a->size &&
	       dy < 1.7 * a->size &&
	       (fabs(a->x - b->x) < SLACK ||
	        fabs(a->right - b->right) < SLACK ||
	        fabs(a->x + a->right - b->x - b->right) < 2 * SLACK);
}

static void
report_break(const struct doc *d, const struct vline *a, const struct vline *b,
             const char *what)
{
	uint32_t x[6], y[6];
	size_t nx = cps(a->text, x, 6, true), ny = cps(b->text, y, 6, false);
	char ta[32], tb[32], *p;
	size_t i;

	for (i = 0, p = ta; i < nx; i++)
		p += utf8_put(x[i], p);
	*p = '\0';
	for (i = 0, p = tb; i < ny; i++)
		p += utf8_put(y[i], p);
	*p = '\0';
	fault(d, a->page, "break", "a line break inside %s: \"%s / %s\"", what,
	      ta, tb);
}

static void
check_breaks(const struct doc *d)
{
	static struct vline v[2048];
	size_t i, k, n;
	const char *what;

	/* Lines within one slice (cells, notes, cases, charts). */
	for (i = 0; i < d->nslices; i++) {
		const struct slice *s = &d->slices[i];

		if (s->kind == S_MASTER)
			continue;
		n = vlines(d, s->item, s->item + s->nitems, v, 2048);
		for (k = 0; k + 1 < n; k++)
			if (next_line(&v[k], &v[k + 1]) &&
			    (what = broken(v[k].text, v[k + 1].text)) != NULL)
				report_break(d, &v[k], &v[k + 1], what);
	}
	/* Lines of a paragraph: consecutive slices of one box and
	 * language. */
	for (i = 0; i + 1 < d->nslices; i++) {
		const struct slice *s = &d->slices[i], *t;
		struct vline a, b;

		if (s->kind != S_LINE)
			continue;
		for (k = i + 1; k < d->nslices && d->slices[k].kind == S_MASTER;
		     k++)
			;
		if (k == d->nslices)
			break;
		t = &d->slices[k];
		if (t->kind != S_LINE || t->box != s->box || t->lang != s->lang)
			continue;
		if (vlines(d, s->item, s->item + s->nitems, &a, 1) == 1 &&
		    vlines(d, t->item, t->item + t->nitems, &b, 1) == 1 &&
		    (what = broken(a.text, b.text)) != NULL)
			report_break(d, &a, &b, what);
	}
}

/* --- size, overlap, margin, line, centre ------------------------------ */

/* The box a text run's glyphs may fill. */
static void
text_box(const struct item *it, double *x0, double *y0, double *x1, double *y1)
{
	if (it->angle == 90) {
		*x0 = it->x - ASCENT * it->size;
		*x1 = it->x + DESCENT * it->size;
		*y0 = it->y - it->w;
		*y1 = it->y;
		return;
	}
	*x0 = it->x;
	*x1 = it->x + it->w;
	*y0 = it->y - ASCENT * it->size;
	*y1 = it->y + DESCENT * it->size;
}

/* Text the checks of position look at: upright or turned a quarter, not
 * the master page's. */
static bool
placed_text(const struct doc *d, const struct item *it)
{
	return it->kind == T_TEXT && (it->angle == 0 || it->angle == 90) &&
	       d->slices[it->slice].kind != S_MASTER && it->w > 0;
}

static void
check_size(const struct doc *d, const struct page *p, size_t pi)
{
	size_t i, n = 0;
	const struct item *least = NULL;

	for (i = p->item; i < p->item + p->nitems; i++) {
		const struct item *it = &d->items[i];

		if (it->kind != T_TEXT || it->size >= MIN_PT - 0.01 ||
		    it->text[0] == '\0')
			continue;
		n++;
		if (least == NULL || it->size < least->size)
			least = it;
		if (every)
			fault(d, pi, "size", "%.1f pt: \"%s\"", it->size,
			      it->text);
	}
	if (n > 0 && !every)
		fault(d, pi, "size",
		      "%zu text run%s under %.0f pt, the smallest %.1f pt "
		      "(\"%s\")",
		      n, n == 1 ? "" : "s", MIN_PT, least->size, least->text);
}

static int
by_top(const void *a, const void *b)
{
	const struct item *x = *(const struct item *const *)a;
	const struct item *y = *(const struct item *const *)b;
	double ax0, ay0, ax1, ay1, bx0, by0, bx1, by1;

	text_box(x, &ax0, &ay0, &ax1, &ay1);
	text_box(y, &bx0, &by0, &bx1, &by1);
	return ay0 < by0 ? -1 : ay0 > by0;
}

static void
check_overlap(const struct doc *d, const struct page *p, size_t pi)
{
	const struct item **v = malloc((p->nitems + 1) * sizeof *v);
	size_t i, k, n = 0, hits = 0;
	const struct item *ex[2] = {NULL, NULL};

	for (i = p->item; i < p->item + p->nitems; i++)
		if (placed_text(d, &d->items[i]) && d->items[i].text[0])
			v[n++] = &d->items[i];
	qsort(v, n, sizeof *v, by_top);
	for (i = 0; i < n; i++) {
		double ax0, ay0, ax1, ay1, bx0, by0, bx1, by1;

		text_box(v[i], &ax0, &ay0, &ax1, &ay1);
		for (k = i + 1; k < n; k++) {
			text_box(v[k], &bx0, &by0, &bx1, &by1);
			if (by0 >= ay1 - SLACK)
				break;
			if (bx0 < ax1 - SLACK && ax0 < bx1 - SLACK) {
				if (hits++ == 0)
					ex[0] = v[i], ex[1] = v[k];
				if (every)
					fault(d, pi, "overlap",
					      "\"%s\" at (%.1f, %.1f) and "
					      "\"%s\" at (%.1f, %.1f)",
					      v[i]->text, v[i]->x, v[i]->y,
					      v[k]->text, v[k]->x, v[k]->y);
			}
		}
	}
	if (hits > 0 && !every)
		fault(d, pi, "overlap",
		      "%zu pair%s of text runs overlap, as \"%s\" and \"%s\"",
		      hits, hits == 1 ? "" : "s", ex[0]->text, ex[1]->text);
	free(v);
}

static void
check_margin(const struct doc *d, const struct page *p, size_t pi)
{
	size_t i, n = 0;
	const struct item *ex = NULL;

	for (i = p->item; i < p->item + p->nitems; i++) {
		const struct item *it = &d->items[i];
		double x0, y0, x1, y1;

		if (!placed_text(d, it))
			continue;
		text_box(it, &x0, &y0, &x1, &y1);
		if (x0 < p->left - SLACK || x1 > p->right + SLACK ||
		    y0 < p->top - SLACK || y1 > p->bottom + SLACK) {
			if (n++ == 0)
				ex = it;
			if (every)
				fault(d, pi, "margin", "\"%s\" at (%.1f, %.1f)",
				      it->text, it->x, it->y);
		}
	}
	if (n > 0 && !every)
		fault(d, pi, "margin",
		      "%zu text run%s outside the type area, as \"%s\" at "
		      "(%.1f, %.1f)",
		      n, n == 1 ? "" : "s", ex->text, ex->x, ex->y);
}

/* Does the segment (x0,y0)-(x1,y1) pass through the inside of the box?
 * (Liang-Barsky clipping.) */
static bool
crosses(double x0, double y0, double x1, double y1, double bx0, double by0,
        double bx1, double by1)
{
	double p[4] = {-(x1 - x0), x1 - x0, -(y1 - y0), y1 - y0};
	double q[4] = {x0 - bx0, bx1 - x0, y0 - by0, by1 - y0};
	double t0 = 0, t1 = 1;
	int i;

	for (i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] <= 0)
				return false;
			continue;
		}
		if (p[i] < 0)
			t0 = fmax(t0, q[i] / p[i]);
		else
			t1 = fmin(t1, q[i] / p[i]);
	}
	return t0 < t1;
}

/* Is the box covered by a filled rectangle drawn after item a and before
 * item b? */
static bool
hidden(const struct doc *d, size_t a, size_t b, double x0, double y0, double x1,
       double y1)
{
	size_t i;

	for (i = a + 1; i < b; i++) {
		const struct item *r = &d->items[i];

		if (r->kind == T_RECT && r->filled && r->opacity == 1 &&
		    r->x <= x0 && r->y <= y0 && r->x + r->w >= x1 &&
		    r->y + r->h >= y1)
			return true;
	}
	return false;
}

static void
check_lines(const struct doc *d, const struct page *p, size_t pi)
{
	size_t i, k, n = 0;
	const struct item *ex = NULL;

	for (i = p->item; i < p->item + p->nitems; i++) {
		const struct item *ln = &d->items[i];

		if (ln->kind != T_LINE || d->slices[ln->slice].kind == S_MASTER)
			continue;
		for (k = p->item; k < p->item + p->nitems; k++) {
			const struct item *t = &d->items[k];
			double x0, y0, x1, y1;

			if (!placed_text(d, t) || t->text[0] == '\0')
				continue;
			/* The ink of figures and capitals: 0.72 of the size
			 * above the baseline, a little below it. */
			text_box(t, &x0, &y0, &x1, &y1);
			if (t->angle == 0) {
				y0 = t->y - 0.72 * t->size;
				y1 = t->y + 0.05 * t->size;
			}
			if (!crosses(ln->x, ln->y, ln->w, ln->h, x0 + 0.3,
			             y0 + 0.3, x1 - 0.3, y1 - 0.3))
				continue;
			if (k > i && hidden(d, i, k, x0, y0, x1, y1))
				continue;
			if (n++ == 0)
				ex = t;
			if (every)
				fault(d, pi, "line",
				      "from (%.1f, %.1f) to (%.1f, %.1f) "
				      "across "
				      "\"%s\" at (%.1f, %.1f)",
				      ln->x, ln->y, ln->w, ln->h, t->text, t->x,
				      t->y);
		}
	}
	if (n > 0 && !every)
		fault(d, pi, "line",
		      "%zu line%s drawn across text, as across "
		      "\"%s\"",
		      n, n == 1 ? "" : "s", ex->text);
}

/* The ink of line v from *x0 to *x1: its full-width spaces (U+3000, one
 * em wide) at either end hold no ink, so centring counts them out. */
static void
ink_span(const struct vline *v, double *x0, double *x1)
{
	static const char ideo[] = "\xe3\x80\x80";
	const char *s = v->text, *e = s + strlen(s);

	*x0 = v->x;
	*x1 = v->right;
	for (; strncmp(s, ideo, 3) == 0; s += 3)
		*x0 += v->size;
	for (; e - 3 > s && strncmp(e - 3, ideo, 3) == 0; e -= 3)
		*x1 -= v->size;
}

/* The stretch of text run d->items[i], in em of its size: the space
 * added between its characters (*what "letter-spaced"), or the gap
 * before it when it is a word after another of one paragraph line (*what
 * "a word space of"); 0 for none. */
static double
stretch(const struct doc *d, size_t i, const char **what)
{
	const struct item *it = &d->items[i], *pr = &d->items[i - 1];

	*what = "letter-spaced";
	if (it->cs > 0)
		return it->cs / it->size;
	*what = "a word space of";
	if (d->slices[it->slice].kind != S_LINE || pr->kind != T_TEXT ||
	    pr->slice != it->slice || fabs(pr->y - it->y) > 0.01 ||
	    pr->size != it->size || it->angle != 0 || pr->angle != 0)
		return 0;
	return (it->x - pr->x - pr->w) / it->size;
}

static void
check_stretch(const struct doc *d, const struct page *p, size_t pi)
{
	size_t i, n = 0;
	const struct item *ex = NULL, *last = NULL;
	const char *what, *ex_what = NULL;
	double em, limit, ex_em = 0, ex_limit = 1;

	for (i = p->item; i < p->item + p->nitems; i++) {
		if (d->items[i].kind != T_TEXT || i == 0)
			continue;
		em = stretch(d, i, &what);
		limit = d->items[i].cs > 0 ? MAX_LETTER_SPACE : MAX_WORD_SPACE;
		if (em <= limit + 0.005)
			continue;
		/* Lines, not the words of one line. */
		if (last == NULL || last->slice != d->items[i].slice ||
		    fabs(last->y - d->items[i].y) > 0.01)
			n++;
		last = &d->items[i];
		/* The loosest: the furthest over its limit. */
		if (ex == NULL || em / limit > ex_em / ex_limit) {
			ex = &d->items[i];
			ex_what = what;
			ex_em = em;
			ex_limit = limit;
		}
		if (every)
			fault(d, pi, "stretch", "%s %.2f em: \"%s\"", what,
			      em, d->items[i].text);
	}
	if (n > 0 && !every)
		fault(d, pi, "stretch",
		      "%zu line%s justified too loosely, the loosest %s "
		      "%.2f em (\"%s\")",
		      n, n == 1 ? "" : "s", ex_what, ex_em, ex->text);
}

static void
check_centre(const struct doc *d, const struct page *p, size_t pi)
{
	static struct vline v[512];
	double mid = (p->left + p->right) / 2, off;
	size_t i, n = 0, nv;
	double x0, x1, ex_off = 0;
	const struct vline *ex = NULL;

	if (!p->cover)
		return;
	/* Lines, not runs: the words of a justified line are runs. */
	nv = vlines(d, p->item, p->item + p->nitems, v, 512);
	for (i = 0; i < nv; i++) {
		ink_span(&v[i], &x0, &x1);
		off = fabs((x0 + x1) / 2 - mid);
		/* A paragraph set flush left or justified is not centred:
		 * its lines start at the margin. */
		if (fabs(v[i].x - p->left) < SLACK || off <= 1 ||
		    v[i].text[0] == '\0')
			continue;
		/* The top margin holds the master page's: the mark of
		 * sample data, the document number. */
		if (v[i].y < p->top)
			continue;
		if (n++ == 0) {
			ex = &v[i];
			ex_off = off;
		}
		if (every)
			fault(d, pi, "centre", "\"%s\" off by %.1f mm",
			      v[i].text, off * 25.4 / 72);
	}
	if (n > 0 && !every)
		fault(d, pi, "centre",
		      "%zu cover line%s off the centre, as \"%s\" by %.1f mm",
		      n, n == 1 ? "" : "s", ex->text, ex_off * 25.4 / 72);
}

/* --- continued --------------------------------------------------------- */

/* The marks of a caption repeated on a page its table continues on. */
static const char *const continued_marks[] = {"（続き）", " (continued)"};

/* The length of the continued mark s ends with, or 0. */
static size_t
continued_mark(const char *s)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (ends_with(s, continued_marks[i]))
			return strlen(continued_marks[i]);
	return 0;
}

/* The caption over a table's header, slice i: the heading just before
 * it on its page (the master page's slices passed over), or NULL. */
static const struct slice *
caption_of(const struct doc *d, size_t i)
{
	size_t k = i;

	while (k > 0 && d->slices[k - 1].kind == S_MASTER)
		k--;
	if (k == 0 || d->slices[k - 1].kind != S_HEADING ||
	    d->slices[k - 1].page != d->slices[i].page)
		return NULL;
	return &d->slices[k - 1];
}

/* A caption's text: its runs, their continued marks and spaces left
 * out, as a string the caller frees.  *langs: its languages, told apart
 * by size (the second is set smaller); *marked: those whose last run
 * ends with a continued mark. */
static char *
caption_text(const struct doc *d, const struct slice *s, size_t *langs,
             size_t *marked)
{
	const struct item *it, *prev = NULL;
	size_t i, k, m, n = 0, len = 0;
	char *t;

	for (i = s->item; i < s->item + s->nitems; i++)
		if (d->items[i].kind == T_TEXT)
			len += strlen(d->items[i].text);
	t = malloc(len + 1);
	*langs = *marked = 0;
	for (i = s->item; i < s->item + s->nitems; i++) {
		it = &d->items[i];
		if (it->kind != T_TEXT)
			continue;
		if (prev != NULL && it->size != prev->size) {
			(*langs)++;
			*marked += continued_mark(prev->text) > 0;
		}
		m = strlen(it->text) - continued_mark(it->text);
		for (k = 0; k < m; k++)
			if (it->text[k] != ' ')
				t[n++] = it->text[k];
		prev = it;
	}
	if (prev != NULL) {
		(*langs)++;
		*marked += continued_mark(prev->text) > 0;
	}
	t[n] = '\0';
	return t;
}

/*
 * A table continued on a later page repeats the caption it has on its
 * first page, the heading just over its header, with the continued mark
 * after each language's text; its first page has no mark.
 */
static void
check_continued(const struct doc *d)
{
	size_t i, langs, marked, langs0 = 0, first = 0;
	long box = -1;
	char *text0 = NULL, *text;
	const struct slice *cap;

	for (i = 0; i < d->nslices; i++) {
		const struct slice *s = &d->slices[i];

		if (s->kind != S_HEAD || (s->box == box && s->page == first))
			continue;
		cap = caption_of(d, i);
		if (s->box != box) {
			/* The table starts here. */
			box = s->box;
			first = s->page;
			free(text0);
			text0 = cap ? caption_text(d, cap, &langs0, &marked) : NULL;
			if (cap != NULL && marked > 0)
				fault(d, s->page, "continued",
				      "a table's caption marked continued on "
				      "the page it starts");
			continue;
		}
		if (text0 == NULL)
			continue;
		if (cap == NULL) {
			fault(d, s->page, "continued",
			      "a table continued from page %zu without its "
			      "caption",
			      first + 1);
			continue;
		}
		text = caption_text(d, cap, &langs, &marked);
		if (strcmp(text, text0) != 0)
			fault(d, s->page, "continued",
			      "a table continued from page %zu under \"%s\", "
			      "not its caption \"%s\"",
			      first + 1, text, text0);
		else if (langs != langs0 || marked != langs)
			fault(d, s->page, "continued",
			      "a table continued from page %zu, its caption "
			      "marked continued in %zu of %zu language%s",
			      first + 1, marked, langs0, langs0 == 1 ? "" : "s");
		free(text);
	}
	free(text0);
}

/* --- main ------------------------------------------------------------- */

static void
check(struct doc *d)
{
	size_t i;

	check_fill(d);
	check_rows(d);
	check_heading(d);
	check_continued(d);
	check_pair(d);
	check_breaks(d);
	for (i = 0; i < d->npages; i++) {
		check_size(d, &d->pages[i], i);
		check_overlap(d, &d->pages[i], i);
		check_margin(d, &d->pages[i], i);
		check_lines(d, &d->pages[i], i);
		check_centre(d, &d->pages[i], i);
		check_stretch(d, &d->pages[i], i);
	}
}

/* The dump's file name without directory and ".dump". */
static char *
doc_name(const char *path)
{
	const char *b = strrchr(path, '/');
	char *s = strdup(b ? b + 1 : path);

	if (ends_with(s, ".dump"))
		s[strlen(s) - 5] = '\0';
	return s;
}

int
main(int argc, char **argv)
{
	int i;
	bool ok = true;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--every") == 0)
			every = true;
		else if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc)
			rules = argv[++i];
		else if (strcmp(argv[i], "--names") == 0 && i + 1 < argc) {
			if (!read_names(argv[++i]))
				return 2;
		} else
			break;
	}
	if (i == argc || argv[i][0] == '-') {
		fprintf(stderr, "usage: proof [--names FILE]... "
		                "[--rules RULE,...] [--every] DUMP...\n");
		return 2;
	}
	qsort(names, nnames, sizeof *names, cmp_str);
	for (; i < argc; i++) {
		struct doc d = {0};

		d.name = doc_name(argv[i]);
		if (read_doc(&d, argv[i]))
			check(&d);
		else
			ok = false;
		free((char *)d.name);
		free_doc(&d);
	}
	for (i = 0; (size_t)i < nnames; i++)
		free(names[i]);
	free(names);
	if (!ok)
		return 2;
	return faults > 0;
}
