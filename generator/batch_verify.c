/*
 * Regenerating and verifying a PDF from the sources it carries.  The PDF
 * is untrusted: its manifest is read line by line and each line checked;
 * only the files the manifest lists are decoded (under the caps), each is
 * checked against its digest, and a file it does not list is an error.
 * The pack is then rendered again with the options the manifest records,
 * reading confined to those files, held in memory (infile_confine): a
 * path in them that names anything else is an error, and nothing is
 * written to disk.  Fonts are not carried, only their digests: they come
 * from this machine's font directories (fonts_locate), and a font that
 * differs is reported.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "batch_int.h"
#include "buf.h"
#include "decode.h"
#include "fonts.h"
#include "format.h"
#include "hash.h"
#include "infile.h"
#include "msg.h"
#include "pdfread.h"
#include "spec.h"
#include "xalloc.h"

/* The latest time a manifest's date may give: 9999-12-31T23:59:59Z, so
 * that a PDF date always has four digits of year. */
#define MAX_EPOCH 253402300799LL

/* A file or font the manifest lists. */
struct listed {
	char *name;
	char *path; /* fonts: the font file */
	struct hash sha;
	unsigned line; /* in the manifest */
};

/* The manifest, read back. */
struct manifest {
	char **versions; /* "briefgen 0.1.0" */
	size_t nversions;
	unsigned lang;    /* LANG_JA | LANG_EN; 0 when not given */
	struct date as_of; /* year 0 when not given */
	long long epoch;  /* or -1 */
	char **data;      /* ID=NAME */
	size_t ndata;
	char **encodings; /* ID=ENCODING */
	size_t nencodings;
	char *pack;
	char *layout;
	unsigned layout_line;
	struct listed *files;
	size_t nfiles;
	const struct listed **by_name; /* the nfiles files, sorted by name */
	struct listed *fonts;
	size_t nfonts;
};

/* A PDF being regenerated. */
struct archive {
	const char *path;
	char *where;     /* "PDF: briefgen-manifest.txt", for messages */
	struct pdfread *pdf;
	struct buf text; /* the manifest */
	struct manifest m;
	struct buf *data; /* per listed file: its bytes */
	struct infile_source *sources;
	bool altered;     /* a source differs from its digest */
};

static void
push(char ***v, size_t *n, char *s)
{
	*v = xgrow(*v, *n, sizeof **v);
	(*v)[(*n)++] = s;
}

static void
free_manifest(struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->nversions; i++)
		free(m->versions[i]);
	for (i = 0; i < m->ndata; i++)
		free(m->data[i]);
	for (i = 0; i < m->nencodings; i++)
		free(m->encodings[i]);
	for (i = 0; i < m->nfiles; i++)
		free(m->files[i].name);
	for (i = 0; i < m->nfonts; i++) {
		free(m->fonts[i].name);
		free(m->fonts[i].path);
	}
	free(m->versions);
	free(m->data);
	free(m->encodings);
	free(m->files);
	free(m->by_name);
	free(m->fonts);
	free(m->pack);
	free(m->layout);
}

/* --- the manifest, line by line --------------------------------------- */

/* A word: one or more printable ASCII characters, no space. */
static bool
word(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

/* The number of space-separated words of s, each one a word. */
static size_t
words(const char *s)
{
	size_t n = 0, k;

	while (*s != '\0') {
		k = strcspn(s, " ");
		if (!word(s, k))
			return 0;
		n++;
		s += k;
		if (*s == ' ' && *++s == '\0')
			return 0; /* a space at the end */
	}
	return n;
}

/* Whether s holds a control character: C0, DEL, or C1 (U+0080 to
 * U+009F) as UTF-8 encodes it, which a terminal would obey if printed. */
static bool
has_control(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return true;
	return false;
}

/* A name that stays inside the sources: relative, without "." or ".."
 * parts, empty parts, backslashes or control characters. */
static bool
safe_name(const char *name)
{
	const char *p;

	if (*name == '\0' || *name == '/' || strlen(name) > 1024 ||
	    strchr(name, '\\') != NULL || has_control(name))
		return false;
	for (p = name; *p != '\0'; p += *p == '/') {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
	}
	return true;
}

/* "SHA NAME" (files) or "SHA NAME PATH" (fonts) into l; the error, or
 * NULL. */
static const char *
parse_listed(const char *s, bool font, struct listed *l)
{
	const char *name = s + 2 * HASH_LEN + 1, *sp;
	char hex[HASH_HEX];

	if (strlen(s) <= 2 * HASH_LEN + 1 || s[2 * HASH_LEN] != ' ')
		return "a SHA-256 of 64 hexadecimal digits, then a name";
	memcpy(hex, s, 2 * HASH_LEN);
	hex[2 * HASH_LEN] = '\0';
	if (!hash_parse(hex, &l->sha))
		return "a SHA-256 of 64 hexadecimal digits, then a name";
	if (!font) {
		if (!safe_name(name))
			return "the name is not a relative path inside the "
			       "sources";
		l->name = xstrdup(name);
		return NULL;
	}
	if ((sp = strchr(name, ' ')) == NULL || !word(name, (size_t)(sp - name)) ||
	    sp[1] == '\0' || strlen(sp + 1) > 1024 || has_control(sp + 1))
		return "a SHA-256, a font name and a file";
	l->name = xstrndup(name, (size_t)(sp - name));
	l->path = xstrdup(sp + 1);
	return NULL;
}

/* "ID VALUE", a word and the rest of the line (a file's name, which may
 * hold spaces and any character, as 調査 H28.xlsx does), into
 * "ID=VALUE"; NULL when it is not. */
static char *
pair(const char *v)
{
	const char *sp = strchr(v, ' ');
	char *d;

	if (sp == NULL || !word(v, (size_t)(sp - v)) || sp[1] == '\0')
		return NULL;
	d = xstrdup(v);
	d[sp - v] = '=';
	return d;
}

/* Parses "YYYY-MM", years 1970 to 9999, into d. */
static bool
parse_month(const char *s, struct date *d)
{
	char extra;

	if (!(strlen(s) == 7 && s[4] == '-' &&
	      sscanf(s, "%4d-%2d%c", &d->year, &d->month, &extra) == 2 &&
	      s[0] != '+' && s[5] != '+' && d->year >= 1970 &&
	      d->year <= 9999 && d->month >= 1 && d->month <= 12))
		return false;
	/* --as-of makes the packs as of the month's last day. */
	date_end_of_month(d);
	return true;
}

/* Parses seconds since the epoch, up to MAX_EPOCH. */
static bool
parse_epoch(const char *s, long long *out)
{
	long long v = 0;

	if (*s == '\0' || strlen(s) > 12)
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return v <= MAX_EPOCH;
}

/* One line of the manifest, key and value; the error, or NULL. */
static const char *
parse_line(struct manifest *m, const char *key, const char *v, unsigned line)
{
	struct listed l = {0};
	enum encoding e;
	const char *why;
	char *d;

	if (strcmp(key, "version") == 0) {
		if (words(v) != 2)
			return "a version is two words, a name and a number";
		push(&m->versions, &m->nversions, xstrdup(v));
	} else if (strcmp(key, "lang") == 0) {
		if (m->lang != 0)
			return "languages given twice";
		if (strcmp(v, "ja+en") == 0)
			m->lang = LANG_JA | LANG_EN;
		else if (strcmp(v, "ja") == 0)
			m->lang = LANG_JA;
		else if (strcmp(v, "en") == 0)
			m->lang = LANG_EN;
		else
			return "languages are ja+en, ja or en";
	} else if (strcmp(key, "as-of") == 0) {
		if (m->as_of.year != 0)
			return "as-of given twice";
		if (!parse_month(v, &m->as_of))
			return "as-of is a month, YYYY-MM, from 1970-01 to "
			       "9999-12";
	} else if (strcmp(key, "date") == 0) {
		if (m->epoch >= 0)
			return "date given twice";
		if (!parse_epoch(v, &m->epoch)) {
			m->epoch = -1;
			return "date is seconds since 1970 up to the end of "
			       "9999 (253402300799)";
		}
	} else if (strcmp(key, "data") == 0) {
		if ((d = pair(v)) == NULL || !safe_name(strchr(d, '=') + 1)) {
			free(d);
			return "data is a dataset id and a relative path "
			       "inside the sources";
		}
		push(&m->data, &m->ndata, d);
	} else if (strcmp(key, "encoding") == 0) {
		if ((d = pair(v)) == NULL ||
		    !decode_parse_name(strchr(d, '=') + 1, &e)) {
			free(d);
			return "encoding is a dataset id and utf-8, cp932, "
			       "euc-jp or auto";
		}
		push(&m->encodings, &m->nencodings, d);
	} else if (strcmp(key, "pack") == 0) {
		if (m->pack != NULL)
			return "pack given twice";
		if (words(v) != 1)
			return "pack is one word, an id";
		m->pack = xstrdup(v);
	} else if (strcmp(key, "layout") == 0) {
		if (m->layout != NULL)
			return "layout given twice";
		if (!safe_name(v))
			return "layout is a relative path inside the sources";
		m->layout = xstrdup(v);
		m->layout_line = line;
	} else if (strcmp(key, "file") == 0 || strcmp(key, "font") == 0) {
		if ((why = parse_listed(v, key[1] == 'o', &l)) != NULL)
			return why;
		l.line = line;
		if (key[1] == 'o') {
			m->fonts = xgrow(m->fonts, m->nfonts, sizeof *m->fonts);
			m->fonts[m->nfonts++] = l;
		} else {
			m->files = xgrow(m->files, m->nfiles, sizeof *m->files);
			m->files[m->nfiles++] = l;
		}
	} else
		return "not a line a manifest has";
	return NULL;
}

static int
by_name(const void *a, const void *b)
{
	const struct listed *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* Sorts the files by name, for finding them among many (a manifest may
 * list hundreds of thousands), and reports a name listed twice. */
static bool
sort_files(struct archive *a)
{
	struct manifest *m = &a->m;
	bool ok = true;
	size_t i;

	m->by_name = xreallocarray(NULL, m->nfiles ? m->nfiles : 1,
				   sizeof *m->by_name);
	for (i = 0; i < m->nfiles; i++)
		m->by_name[i] = &m->files[i];
	qsort(m->by_name, m->nfiles, sizeof *m->by_name, by_name);
	for (i = 1; i < m->nfiles; i++) {
		unsigned x = m->by_name[i - 1]->line, y = m->by_name[i]->line;

		if (strcmp(m->by_name[i - 1]->name, m->by_name[i]->name) != 0)
			continue;
		msg_error(&(struct loc){a->where, x > y ? x : y, 0},
			  "the file \"%s\" is listed twice (first at line "
			  "%u)",
			  m->by_name[i]->name, x < y ? x : y);
		ok = false;
	}
	return ok;
}

/* Reads and checks every line of the manifest in a->text. */
static bool
parse_manifest(struct archive *a)
{
	static const char head[] = "briefgen-manifest 1\n";
	char *line = a->text.data, *next, *sp;
	struct loc loc = {a->where, 1, 0};
	const char *why;
	bool ok = true;

	a->m.epoch = -1;
	if (memchr(line, '\0', a->text.len) != NULL) {
		msg_error(&loc, "not text: it holds a NUL byte");
		return false;
	}
	if (strncmp(line, head, sizeof head - 1) != 0) {
		msg_error(&loc, "not a manifest briefgen can read (it does "
				"not start \"briefgen-manifest 1\")");
		return false;
	}
	for (line += sizeof head - 1; *line != '\0'; line = next) {
		loc.line++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if ((sp = strchr(line, ' ')) != NULL)
			*sp = '\0';
		why = sp == NULL ? "a line is a keyword, a space and a value"
				 : parse_line(&a->m, line, sp + 1, loc.line);
		if (why != NULL) {
			msg_error(&loc, "%s", why);
			ok = false;
		}
	}
	loc.line = 0;
	if (ok && (a->m.pack == NULL || a->m.layout == NULL ||
		   a->m.lang == 0)) {
		msg_error(&loc, "names no pack, layout or languages");
		ok = false;
	}
	return sort_files(a) && ok;
}

/* --- the sources in the PDF -------------------------------------------- */

/* The listed file called name, or NULL. */
static const struct listed *
listed_file(const struct manifest *m, const char *name)
{
	const struct listed key = {(char *)name, NULL, {{0}}, 0}, *k = &key;
	const struct listed **l = bsearch(&k, m->by_name, m->nfiles,
					  sizeof *m->by_name, by_name);

	return l != NULL ? *l : NULL;
}

/* Every file the PDF carries is the manifest or one it lists: others are
 * not decoded at all, and are an error. */
static bool
check_carried(struct archive *a)
{
	struct loc loc = {a->path, 0, 0};
	size_t i, n = pdfread_count(a->pdf);
	bool ok = true;

	for (i = 0; i < n; i++) {
		const char *name = pdfread_name(a->pdf, i);

		if (strcmp(name, SOURCES_MANIFEST) != 0 &&
		    listed_file(&a->m, name) == NULL) {
			msg_error(&loc, "carries a file the manifest does not "
					"list, \"%s\" (not read)",
				  name);
			ok = false;
			a->altered = true; /* briefgen writes none */
		}
	}
	return ok;
}

/* The layout, the pack and every --data file the manifest names are
 * files it lists. */
static bool
check_named(const struct archive *a)
{
	struct loc loc = {a->where, a->m.layout_line, 0};
	bool ok = true;
	size_t i;

	if (listed_file(&a->m, a->m.layout) == NULL) {
		msg_error(&loc, "the layout \"%s\" is not a file the manifest "
				"lists",
			  a->m.layout);
		ok = false;
	}
	for (i = 0; i < a->m.ndata; i++) {
		const char *name = strchr(a->m.data[i], '=') + 1;

		if (listed_file(&a->m, name) == NULL) {
			loc.line = 0;
			msg_error(&loc, "data \"%s\" is not a file the manifest "
					"lists",
				  name);
			ok = false;
		}
	}
	if (listed_file(&a->m, SOURCES_PACK) == NULL) {
		loc.line = 0;
		msg_error(&loc, "lists no %s", SOURCES_PACK);
		ok = false;
	}
	return ok;
}

/* Decodes every listed source and checks it against its digest; a
 * missing one is fatal, an altered one is reported and marked. */
static bool
read_sources(struct archive *a)
{
	struct loc loc = {a->path, 0, 0};
	bool ok = true;
	size_t i;
	int rc;

	a->data = xcalloc(a->m.nfiles + 1, sizeof *a->data);
	a->sources = xcalloc(a->m.nfiles + 1, sizeof *a->sources);
	for (i = 0; i < a->m.nfiles && ok; i++) {
		const struct listed *f = &a->m.files[i];
		char want[HASH_HEX], got[HASH_HEX];
		struct hash h;

		if ((rc = pdfread_file(a->pdf, f->name, &a->data[i])) <= 0) {
			if (rc == 0)
				msg_error(&loc, "the source \"%s\" the "
						"manifest lists is missing "
						"(removed from the PDF?)",
					  f->name);
			ok = false;
			continue;
		}
		a->sources[i] = (struct infile_source){
			f->name, a->data[i].data ? a->data[i].data : "",
			a->data[i].len};
		h = hash_data(a->data[i].data, a->data[i].len);
		if (!hash_equal(&h, &f->sha)) {
			hash_hex(&h, got);
			hash_hex(&f->sha, want);
			msg_error(&loc, "the source \"%s\" was altered: its "
					"SHA-256 is %s, the manifest says %s",
				  f->name, got, want);
			a->altered = true;
		}
	}
	return ok;
}

/* The manifest's digest is the document's /ID. */
static bool
check_id(const struct archive *a)
{
	struct hash h = hash_data(a->text.data, a->text.len);
	size_t len;
	const unsigned char *id = pdfread_id(a->pdf, &len);

	return id != NULL && len == PDF_ID_LEN &&
	       memcmp(id, h.v, PDF_ID_LEN) == 0;
}

/* Reads the PDF at path and its manifest, and checks the sources. */
static bool
open_archive(struct archive *a, const char *path)
{
	struct loc loc = {path, 0, 0};
	int rc;

	memset(a, 0, sizeof *a);
	a->path = path;
	a->m.epoch = -1;
	a->where = xasprintf("%s: %s", path, SOURCES_MANIFEST);
	if ((a->pdf = pdfread_read(path)) == NULL)
		return false;
	if (pdfread_count(a->pdf) == 0) {
		msg_error(&loc, "carries no sources: it was not written by "
				"briefgen, or they were removed");
		return false;
	}
	if ((rc = pdfread_file(a->pdf, SOURCES_MANIFEST, &a->text)) <= 0) {
		if (rc == 0)
			msg_error(&loc, "carries no manifest (%s): its "
					"sources cannot be checked",
				  SOURCES_MANIFEST);
		return false;
	}
	/* Before it is parsed, which cuts it into strings. */
	if (!check_id(a)) {
		msg_error(&loc, "the manifest was altered: the document's "
				"/ID is not its SHA-256");
		a->altered = true;
	}
	return parse_manifest(a) && check_carried(a) && check_named(a) &&
	       read_sources(a);
}

static void
close_archive(struct archive *a)
{
	size_t i;

	for (i = 0; a->data != NULL && i < a->m.nfiles; i++)
		buf_free(&a->data[i]);
	free(a->data);
	free(a->sources);
	free_manifest(&a->m);
	buf_free(&a->text);
	pdfread_free(a->pdf);
	free(a->where);
}

bool
run_check_manifest(const char *text, size_t len, const char *name)
{
	struct archive a;
	bool ok;

	memset(&a, 0, sizeof a);
	a.path = name;
	a.where = xasprintf("%s: %s", name, SOURCES_MANIFEST);
	buf_add(&a.text, text, len);
	ok = parse_manifest(&a) && check_named(&a);
	close_archive(&a);
	return ok;
}

/* --- rendering again ------------------------------------------------- */

/*
 * Renders the pack again into pdf from the sources, with the options the
 * manifest records, reading confined to the sources.  Messages name the
 * files as the PDF does.
 */
static bool
render_again(struct archive *a, struct buf *pdf)
{
	struct options o = {0};
	struct packs *ps;
	const struct pack *pack;
	struct run *r = NULL;
	struct result res;
	bool ok = false;

	o.lang = a->m.lang;
	o.until = a->m.as_of.year != 0 ? &a->m.as_of : NULL;
	o.pdf = true;
	o.data = (const char *const *)a->m.data;
	o.ndata = a->m.ndata;
	o.encodings = (const char *const *)a->m.encodings;
	o.nencodings = a->m.nencodings;
	o.epoch = a->m.epoch;
	infile_confine(a->sources, a->m.nfiles);
	if ((ps = packs_read(SOURCES_PACK)) != NULL) {
		if ((pack = packs_find(ps, a->m.pack)) == NULL)
			msg_error(&(struct loc){SOURCES_PACK, 0, 0},
				  "no pack \"%s\"", a->m.pack);
		else {
			r = run_new(&o);
			ok = run_render(r, a->m.layout, pack, pdf, &res);
		}
	}
	run_free(r);
	packs_free(ps);
	infile_confine(NULL, 0);
	return ok;
}

/* Opens the PDF at path, checks its sources, and renders them again into
 * pdf. */
static bool
regenerate(struct archive *a, const char *path, struct buf *pdf)
{
	return open_archive(a, path) && render_again(a, pdf);
}

/* The offset of the first byte where a and the file's bytes differ. */
static size_t
first_difference(const char *a, size_t alen, const struct buf *b)
{
	size_t i, n = alen < b->len ? alen : b->len;

	for (i = 0; i < n && a[i] == b->data[i]; i++)
		continue;
	return i;
}

int
run_regenerate(const char *path, const char *out)
{
	struct archive a;
	struct buf pdf = {0};
	bool unchanged;

	if (!regenerate(&a, path, &pdf) || a.altered) {
		if (a.altered)
			msg_error(&(struct loc){path, 0, 0},
				  "not regenerated: its sources were altered");
	} else
		run_write(&pdf, out, &unchanged);
	close_archive(&a);
	buf_free(&pdf);
	return msg_status();
}

/* Prints the versions that differ from those the manifest records. */
static size_t
report_versions(const struct archive *a)
{
	struct buf now = {0};
	size_t i, n = 0;
	const char *p;

	buf_addc(&now, '\n');
	run_versions(&now);
	for (i = 0; i < a->m.nversions; i++) {
		const char *v = a->m.versions[i]; /* two words */
		size_t name = strcspn(v, " ");
		char *line = xasprintf("\nversion %s\n", v);

		if (strstr(now.data, line) == NULL) {
			char *prefix = xasprintf("\nversion %.*s ", (int)name,
						 v);

			p = strstr(now.data, prefix);
			msg_fprint(
				stdout, "%s: %.*s differs: %s then, %.*s now\n",
				a->path, (int)name, v, v + name + 1,
				p ? (int)strcspn(p + strlen(prefix), "\n") : 4,
				p ? p + strlen(prefix) : "none");
			free(prefix);
			n++;
		}
		free(line);
	}
	buf_free(&now);
	return n;
}

/* Prints the fonts whose files differ from those the PDF was made with,
 * each looked for on this machine, never where the PDF says. */
static size_t
report_fonts(const struct archive *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->m.nfonts; i++) {
		const struct listed *f = &a->m.fonts[i];
		char then[HASH_HEX], now[HASH_HEX];
		char *file = fonts_locate(f->path);
		struct hash h;

		if (file == NULL) {
			msg_fprint(stdout,
				   "%s: font %s is not in this machine's font "
				   "directories: %s\n",
				   a->path, f->name, f->path);
			n++;
			continue;
		}
		if (!hash_file(file, &h)) {
			msg_fprint(stdout,
				   "%s: font %s cannot be read: %s: %s\n",
				   a->path, f->name, file, strerror(errno));
			n++;
		} else if (!hash_equal(&h, &f->sha)) {
			hash_hex(&f->sha, then);
			hash_hex(&h, now);
			msg_fprint(
				stdout,
				"%s: font %s differs: %s has SHA-256 %s, the "
				"PDF was made with %s\n",
				a->path, f->name, file, now, then);
			n++;
		}
		free(file);
	}
	return n;
}

/* What verify exits with, as cmp(1) does. */
enum {
	VERIFY_IDENTICAL = 0,
	VERIFY_DIFFERS = 1, /* a source, the manifest or the bytes */
	VERIFY_UNKNOWN = 2  /* cannot tell: unreadable, not a PDF, no
			     * sources, not rendered again */
};

int
run_verify(const char *path)
{
	struct archive a;
	struct buf pdf = {0};
	const char *old;
	size_t at, len;
	int status = VERIFY_UNKNOWN;

	if (!regenerate(&a, path, &pdf)) {
		/* Say what may explain a failure too. */
		if (a.m.pack != NULL) {
			report_versions(&a);
			report_fonts(&a);
		}
		if (a.altered)
			status = VERIFY_DIFFERS;
		goto out;
	}
	report_versions(&a);
	report_fonts(&a);
	old = pdfread_bytes(a.pdf, &len);
	at = first_difference(old, len, &pdf);
	if (at == len && at == pdf.len && !a.altered) {
		if (msg_verbosity() >= MSG_NORMAL) /* --quiet: errors only */
			msg_fprint(stdout, "%s: identical\n", path);
		status = VERIFY_IDENTICAL;
	} else {
		msg_fprint(stdout,
			   "%s: differs from its regeneration from byte %zu on "
			   "(%zu bytes, regenerated %zu)\n",
			   path, at, len, pdf.len);
		status = VERIFY_DIFFERS;
	}
out:
	if (fflush(stdout) != 0)
		status = VERIFY_UNKNOWN;
	close_archive(&a);
	buf_free(&pdf);
	return status;
}
