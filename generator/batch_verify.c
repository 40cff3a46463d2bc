/*
 * Regenerating and verifying a PDF from the sources it carries.  The
 * sources are checked against the manifest, written out under a temporary
 * directory in their original relative layout, and rendered again from
 * there with the options the manifest records.  Fonts are not carried,
 * only their digests: they come from this machine, and a font that
 * differs is reported.
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "batch_int.h"
#include "buf.h"
#include "format.h"
#include "hash.h"
#include "infile.h"
#include "msg.h"
#include "pdfread.h"
#include "spec.h"
#include "xalloc.h"

/* A file or font the manifest lists. */
struct listed {
	char *name;
	char *path;  /* fonts: the font file */
	struct hash sha;
};

/* The manifest, read back. */
struct manifest {
	char **versions; /* "briefgen 0.1.0" */
	size_t nversions;
	char *lang;
	char *as_of;     /* YYYY-MM, or NULL */
	long long epoch; /* or -1 */
	char **data;     /* ID=NAME */
	size_t ndata;
	char **encodings; /* ID=ENCODING */
	size_t nencodings;
	char *pack;
	char *layout;
	struct listed *files;
	size_t nfiles;
	struct listed *fonts;
	size_t nfonts;
};

/* A PDF being regenerated. */
struct archive {
	const char *path;
	struct pdfread *pdf;
	const struct pdf_embedded *manifest_file;
	struct manifest m;
	char *dir;       /* the temporary directory of the sources */
	char **made;     /* what was created in it, in order */
	size_t nmade;
	bool altered;    /* a source differs from its digest */
};

static void
push(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
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
	free(m->encodings);
	for (i = 0; i < m->nfiles; i++)
		free(m->files[i].name);
	for (i = 0; i < m->nfonts; i++) {
		free(m->fonts[i].name);
		free(m->fonts[i].path);
	}
	free(m->versions);
	free(m->data);
	free(m->files);
	free(m->fonts);
	free(m->lang);
	free(m->as_of);
	free(m->pack);
	free(m->layout);
}

/* "SHA NAME" (files) or "SHA NAME PATH" (fonts) into l. */
static bool
parse_listed(const char *s, bool font, struct listed *l)
{
	const char *name = s + 2 * HASH_LEN + 1, *sp;

	memset(l, 0, sizeof *l);
	if (strlen(s) <= 2 * HASH_LEN + 1 || s[2 * HASH_LEN] != ' ')
		return false;
	{
		char hex[HASH_HEX];

		memcpy(hex, s, 2 * HASH_LEN);
		hex[2 * HASH_LEN] = '\0';
		if (!hash_parse(hex, &l->sha))
			return false;
	}
	if (!font) {
		l->name = xstrdup(name);
		return true;
	}
	if ((sp = strchr(name, ' ')) == NULL)
		return false;
	l->name = xstrndup(name, (size_t)(sp - name));
	l->path = xstrdup(sp + 1);
	return true;
}

/* One line of the manifest: a keyword, a space, its value. */
static bool
parse_line(struct manifest *m, const char *key, const char *v)
{
	struct listed l;

	if (strcmp(key, "version") == 0)
		push(&m->versions, &m->nversions, xstrdup(v));
	else if (strcmp(key, "lang") == 0 && m->lang == NULL)
		m->lang = xstrdup(v);
	else if (strcmp(key, "as-of") == 0 && m->as_of == NULL)
		m->as_of = xstrdup(v);
	else if (strcmp(key, "date") == 0)
		m->epoch = strtoll(v, NULL, 10);
	else if ((strcmp(key, "data") == 0 || strcmp(key, "encoding") == 0) &&
		 strchr(v, ' ') != NULL) {
		char *d = xstrdup(v);

		*strchr(d, ' ') = '=';
		if (key[0] == 'd')
			push(&m->data, &m->ndata, d);
		else
			push(&m->encodings, &m->nencodings, d);
	} else if (strcmp(key, "pack") == 0 && m->pack == NULL)
		m->pack = xstrdup(v);
	else if (strcmp(key, "layout") == 0 && m->layout == NULL)
		m->layout = xstrdup(v);
	else if (strcmp(key, "file") == 0 && parse_listed(v, false, &l)) {
		m->files = xreallocarray(m->files, m->nfiles + 1,
					 sizeof *m->files);
		m->files[m->nfiles++] = l;
	} else if (strcmp(key, "font") == 0 && parse_listed(v, true, &l)) {
		m->fonts = xreallocarray(m->fonts, m->nfonts + 1,
					 sizeof *m->fonts);
		m->fonts[m->nfonts++] = l;
	} else
		return false;
	return true;
}

static bool
parse_manifest(struct archive *a)
{
	struct buf text = {0};
	char *line, *next, *sp, *name;
	struct loc loc;
	bool ok = true;

	name = xasprintf("%s: %s", a->path, SOURCES_MANIFEST);
	loc = (struct loc){name, 1, 0};
	a->m.epoch = -1;
	buf_add(&text, a->manifest_file->data, a->manifest_file->len);
	line = text.data;
	if (line == NULL || strncmp(line, "briefgen-manifest 1\n", 20) != 0) {
		msg_error(&loc, "not a manifest briefgen can read");
		ok = false;
		line = NULL;
	} else
		line += 20;
	for (; line != NULL && *line != '\0'; line = next) {
		loc.line++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((sp = strchr(line, ' ')) != NULL)
			*sp = '\0';
		if (sp == NULL || !parse_line(&a->m, line, sp + 1)) {
			msg_error(&loc, "cannot read this line");
			ok = false;
		}
	}
	loc.line = 0;
	if (ok && (a->m.pack == NULL || a->m.layout == NULL ||
		   a->m.lang == NULL)) {
		msg_error(&loc, "names no pack, layout or languages");
		ok = false;
	}
	buf_free(&text);
	free(name);
	return ok;
}

/* --- the sources in the PDF ------------------------------------------ */

static const struct pdf_embedded *
embedded(const struct pdfread *pdf, const char *name)
{
	size_t i;

	for (i = 0; i < pdf->n; i++)
		if (strcmp(pdf->v[i].name, name) == 0)
			return &pdf->v[i];
	return NULL;
}

/* Checks every source the manifest lists against its digest; a missing
 * one is fatal, an altered one is reported and marked. */
static bool
check_sources(struct archive *a)
{
	struct loc loc = {a->path, 0, 0};
	bool ok = true;
	size_t i;

	for (i = 0; i < a->m.nfiles; i++) {
		const struct listed *f = &a->m.files[i];
		const struct pdf_embedded *e = embedded(a->pdf, f->name);
		char want[HASH_HEX], got[HASH_HEX];
		struct hash h;

		if (e == NULL) {
			msg_error(&loc, "the source \"%s\" the manifest lists "
					"is missing (removed from the PDF?)",
				  f->name);
			ok = false;
			continue;
		}
		h = hash_data(e->data, e->len);
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
	struct hash h = hash_data(a->manifest_file->data,
				  a->manifest_file->len);

	return a->pdf->id != NULL && a->pdf->id_len == PDF_ID_LEN &&
	       memcmp(a->pdf->id, h.v, PDF_ID_LEN) == 0;
}

/* Reads the PDF at path and its manifest, and checks the sources. */
static bool
open_archive(struct archive *a, const char *path)
{
	struct loc loc = {path, 0, 0};

	memset(a, 0, sizeof *a);
	a->path = path;
	if ((a->pdf = pdfread_read(path)) == NULL)
		return false;
	if (a->pdf->n == 0) {
		msg_error(&loc, "carries no sources: it was not written by "
				"briefgen, or they were removed");
		return false;
	}
	a->manifest_file = embedded(a->pdf, SOURCES_MANIFEST);
	if (a->manifest_file == NULL) {
		msg_error(&loc, "carries no manifest (%s): its sources "
				"cannot be checked",
			  SOURCES_MANIFEST);
		return false;
	}
	if (!parse_manifest(a))
		return false;
	if (!check_id(a)) {
		msg_error(&loc, "the manifest was altered: the document's "
				"/ID is not its SHA-256");
		a->altered = true;
	}
	return check_sources(a);
}

/* A name that stays inside the directory it is extracted to. */
static bool
safe_name(const char *name)
{
	const char *p = name;

	if (*p == '\0' || *p == '/' || strlen(name) > 1024)
		return false;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\')
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

/* Writes data to dir/name, making the directories on the way. */
static bool
extract(struct archive *a, const char *name, const struct pdf_embedded *e)
{
	char *path = xasprintf("%s/%s", a->dir, name), *s;
	size_t base = strlen(a->dir) + 1;
	bool ok = true;
	int fd;

	for (s = path + base; ok && (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(path, 0700) == 0)
			push(&a->made, &a->nmade, xstrdup(path));
		else if (errno != EEXIST)
			ok = false;
		*s = '/';
	}
	fd = ok ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)
		: -1;
	if (fd < 0 || write(fd, e->data, e->len) != (ssize_t)e->len) {
		msg_syserr(path, "cannot write");
		ok = false;
	}
	if (fd >= 0) {
		push(&a->made, &a->nmade, xstrdup(path));
		close(fd);
	}
	free(path);
	return ok;
}

/* Writes every listed source under a new temporary directory. */
static bool
extract_all(struct archive *a)
{
	const char *tmp = getenv("TMPDIR");
	struct loc loc = {a->path, 0, 0};
	size_t i;

	a->dir = xasprintf("%s/briefgen-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(a->dir) == NULL) {
		msg_syserr(a->dir, "cannot create directory");
		free(a->dir);
		a->dir = NULL;
		return false;
	}
	for (i = 0; i < a->m.nfiles; i++) {
		const char *name = a->m.files[i].name;

		if (!safe_name(name)) {
			msg_error(&loc, "the source name \"%s\" is not a "
					"relative path inside the sources",
				  name);
			return false;
		}
		if (!extract(a, name, embedded(a->pdf, name)))
			return false;
	}
	return true;
}

static void
close_archive(struct archive *a)
{
	size_t i;

	for (i = a->nmade; i-- > 0;) {
		if (unlink(a->made[i]) != 0)
			rmdir(a->made[i]);
		free(a->made[i]);
	}
	if (a->dir != NULL)
		rmdir(a->dir);
	free(a->made);
	free(a->dir);
	free_manifest(&a->m);
	pdfread_free(a->pdf);
}

/* --- rendering again ------------------------------------------------- */

/* The options the manifest records. */
static bool
manifest_options(const struct archive *a, struct options *o,
		 struct date *until)
{
	struct loc loc = {a->path, 0, 0};
	char extra;

	memset(o, 0, sizeof *o);
	if (strcmp(a->m.lang, "ja+en") == 0)
		o->lang = LANG_JA | LANG_EN;
	else if (strcmp(a->m.lang, "ja") == 0)
		o->lang = LANG_JA;
	else if (strcmp(a->m.lang, "en") == 0)
		o->lang = LANG_EN;
	else {
		msg_error(&loc, "the manifest names unknown languages \"%s\"",
			  a->m.lang);
		return false;
	}
	if (a->m.as_of != NULL) {
		if (sscanf(a->m.as_of, "%4d-%2d%c", &until->year,
			   &until->month, &extra) != 2 || until->month < 1 ||
		    until->month > 12) {
			msg_error(&loc, "the manifest's as-of is not a month");
			return false;
		}
		date_end_of_month(until);
		o->until = until;
	}
	o->pdf = true;
	o->data = (const char *const *)a->m.data;
	o->ndata = a->m.ndata;
	o->encodings = (const char *const *)a->m.encodings;
	o->nencodings = a->m.nencodings;
	o->epoch = a->m.epoch;
	return true;
}

/*
 * Renders the pack again from the extracted sources into pdf.  Rendering
 * runs inside the directory of the sources, so messages name the files
 * as the PDF does.
 */
static bool
render_again(struct archive *a, struct buf *pdf)
{
	struct options opt;
	struct date until;
	struct packs *ps = NULL;
	const struct pack *pack;
	struct run *r = NULL;
	struct result res;
	bool ok = false;
	int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (here < 0 || chdir(a->dir) != 0) {
		msg_syserr(a->dir, "cannot enter directory");
		if (here >= 0)
			close(here);
		return false;
	}
	if (manifest_options(a, &opt, &until) &&
	    (ps = packs_read(SOURCES_PACK)) != NULL) {
		if ((pack = packs_find(ps, a->m.pack)) == NULL)
			msg_error(&(struct loc){SOURCES_PACK, 0, 0},
				  "no pack \"%s\"", a->m.pack);
		else {
			r = run_new(&opt);
			ok = run_render(r, a->m.layout, pack, pdf, &res);
		}
	}
	run_free(r);
	packs_free(ps);
	if (fchdir(here) != 0) {
		msg_syserr(NULL, "cannot return to the working directory");
		ok = false;
	}
	close(here);
	return ok;
}

/* Opens the PDF at path, checks and extracts its sources, and renders
 * them again into pdf. */
static bool
regenerate(struct archive *a, const char *path, struct buf *pdf)
{
	return open_archive(a, path) && extract_all(a) &&
	       render_again(a, pdf);
}

/* The offset of the first byte where a and the file's bytes differ. */
static size_t
first_difference(const struct buf *a, const struct buf *b)
{
	size_t i, n = a->len < b->len ? a->len : b->len;

	for (i = 0; i < n && a->data[i] == b->data[i]; i++)
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
		const char *v = a->m.versions[i];
		size_t name = strcspn(v, " ");
		char *line = xasprintf("\nversion %s\n", v);

		if (strstr(now.data, line) == NULL) {
			char *prefix = xasprintf("\nversion %.*s ", (int)name,
						 v);

			p = strstr(now.data, prefix);
			printf("%s: %.*s differs: %s then, %.*s now\n",
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

/* Prints the fonts whose files differ from those the PDF was made with. */
static size_t
report_fonts(const struct archive *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->m.nfonts; i++) {
		const struct listed *f = &a->m.fonts[i];
		char then[HASH_HEX], now[HASH_HEX];
		struct hash h;

		if (!hash_file(f->path, &h)) {
			printf("%s: font %s cannot be read: %s: %s\n", a->path,
			       f->name, f->path, strerror(errno));
			n++;
			continue;
		}
		if (!hash_equal(&h, &f->sha)) {
			hash_hex(&f->sha, then);
			hash_hex(&h, now);
			printf("%s: font %s differs: %s has SHA-256 %s, the "
			       "PDF was made with %s\n",
			       a->path, f->name, f->path, now, then);
			n++;
		}
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
	struct buf pdf = {0}, old = {0};
	size_t at;
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
	if (!infile_load(path, INFILE_PDF, &old))
		goto out;
	at = first_difference(&old, &pdf);
	if (at == old.len && at == pdf.len && !a.altered) {
		printf("%s: identical\n", path);
		status = VERIFY_IDENTICAL;
	} else {
		printf("%s: differs from its regeneration from byte %zu on "
		       "(%zu bytes, regenerated %zu)\n",
		       path, at, old.len, pdf.len);
		status = VERIFY_DIFFERS;
	}
out:
	if (fflush(stdout) != 0)
		status = VERIFY_UNKNOWN;
	close_archive(&a);
	buf_free(&pdf);
	buf_free(&old);
	return status;
}
