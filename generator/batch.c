#define _DEFAULT_SOURCE /* realpath */
#include "batch.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch_int.h"
#include "buf.h"
#include "compose.h"
#include "cube.h"
#include "dump.h"
#include "fonts.h"
#include "hash.h"
#include "paginate.h"
#include "pdf.h"
#include "prefs.h"
#include "spec.h"
#include "table.h"
#include "utf8.h"
#include "version.h"
#include "xalloc.h"

double
run_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* --- inputs, read once --------------------------------------------------- */

static void *
compress_source(void *arg)
{
	struct source *s = arg;

	pdf_deflate(s->data.data, s->data.len, &s->z);
	return NULL;
}

/*
 * path made absolute and rid of "." and ".." lexically, symbolic links
 * untouched: the input as the user names it, which is what a PDF should
 * call it.
 */
static char *
absolute(const char *path)
{
	struct buf b = {0};
	const char *p = path;
	char *cwd;

	if (*p != '/') {
		if ((cwd = getcwd(NULL, 0)) == NULL)
			return xstrdup(path);
		buf_adds(&b, cwd);
		free(cwd);
	}
	while (*p != '\0') {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (b.len > 0 && b.data[--b.len] != '/')
				continue;
			if (b.data != NULL)
				b.data[b.len] = '\0';
		} else if (n > 0 && !(n == 1 && p[0] == '.')) {
			buf_addc(&b, '/');
			buf_add(&b, p, n);
		}
		p += n + (p[n] == '/');
	}
	if (b.len == 0)
		buf_addc(&b, '/');
	return b.data;
}

/* The input at path, read and digested on first use.  Two paths naming
 * one file give one source. */
static struct source *
source(struct run *r, const char *path)
{
	char *real = realpath(path, NULL);
	const char *key = real ? real : path;
	struct source *s;
	size_t i;

	for (i = 0; i < r->nsources; i++)
		if (strcmp(r->sources[i]->real, key) == 0) {
			free(real);
			return r->sources[i];
		}
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->real = real ? real : xstrdup(path);
	s->abs = absolute(path);
	if ((s->ok = buf_read_file(&s->data, path))) {
		s->sha = hash_data(s->data.data, s->data.len);
		if (r->opt->pdf)
			s->compressing = pthread_create(&s->thread, NULL,
							compress_source,
							s) == 0;
	}
	r->sources = xreallocarray(r->sources, r->nsources + 1,
				   sizeof *r->sources);
	r->sources[r->nsources++] = s;
	return s;
}

typedef void *(*load_fn)(struct run *r, const struct source *s,
			 const void *arg);

static void *
load_spec(struct run *r, const struct source *s, const void *arg)
{
	(void)arg;
	return spec_parse_until(s->data.data, s->data.len, s->path,
				r->opt->until);
}

static void *
hash_fonts(void *arg)
{
	struct fontsums *fs = arg;
	size_t i;

	for (i = 0; i < fs->n; i++)
		fs->err[i] = hash_file(fs->paths[i], &fs->sha[i]) ? 0 : errno;
	return NULL;
}

/* Starts hashing the font files of f; if no thread can be had, hashes
 * them now. */
static void
start_sums(struct run *r, const struct fonts *f)
{
	struct fontsums *fs = xcalloc(1, sizeof *fs);
	size_t i;

	fs->n = fonts_count(f);
	fs->paths = xcalloc(fs->n, sizeof *fs->paths);
	fs->sha = xcalloc(fs->n, sizeof *fs->sha);
	fs->err = xcalloc(fs->n, sizeof *fs->err);
	for (i = 0; i < fs->n; i++)
		fs->paths[i] = xstrdup(fonts_file(f, (int)i));
	fs->running = pthread_create(&fs->thread, NULL, hash_fonts, fs) == 0;
	if (!fs->running)
		hash_fonts(fs);
	r->sums = xreallocarray(r->sums, r->nsums + 1, sizeof *r->sums);
	r->sums[r->nsums++] = fs;
}

void
run_join(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nsources; i++)
		if (r->sources[i]->compressing) {
			pthread_join(r->sources[i]->thread, NULL);
			r->sources[i]->compressing = false;
		}
	for (i = 0; i < r->nsums; i++)
		if (r->sums[i]->running) {
			pthread_join(r->sums[i]->thread, NULL);
			r->sums[i]->running = false;
		}
}

static void *
load_fonts(struct run *r, const struct source *s, const void *arg)
{
	struct fonts *f = fonts_load(s->path);

	(void)arg;
	if (f != NULL && r->opt->pdf)
		start_sums(r, f);
	return f;
}

static void *
load_prefs(struct run *r, const struct source *s, const void *arg)
{
	(void)r;
	(void)arg;
	return prefs_read(s->path);
}

static void *
load_table(struct run *r, const struct source *s, const void *schema)
{
	(void)r;
	return table_parse(s->data.data, s->data.len, s->path, schema);
}

static void
free_spec(void *p)
{
	spec_free(p);
}

static void
free_fonts(void *p)
{
	fonts_free(p);
}

static void
free_prefs(void *p)
{
	prefs_free(p);
}

static void
free_table(void *p)
{
	table_free(p);
}

/*
 * Returns the object loaded from the source at path, loading it on first
 * use.  Tables are keyed by path and schema, so two layouts with different
 * columns read the same file separately.
 */
static void *
cached(struct run *r, const char *kind, struct source *s, load_fn load,
       void (*free_fn)(void *), const void *arg)
{
	char *key = xasprintf("%s:%p:%s", kind, arg, s->real);
	struct cached *c;
	size_t i;

	for (i = 0; i < r->nobjs; i++)
		if (strcmp(r->objs[i].key, key) == 0) {
			free(key);
			return r->objs[i].obj;
		}
	r->objs = xreallocarray(r->objs, r->nobjs + 1, sizeof *r->objs);
	c = &r->objs[r->nobjs++];
	c->key = key;
	c->obj = s->ok ? load(r, s, arg) : NULL;
	c->free_fn = free_fn;
	return c->obj;
}

struct run *
run_new(const struct options *opt)
{
	struct run *r = xcalloc(1, sizeof *r);

	r->opt = opt;
	return r;
}

static void
free_layout(struct layout *l)
{
	size_t i;

	cube_free(l->cube);
	free(l->tables);
	for (i = 0; l->names != NULL && i < l->nsrc; i++)
		free(l->names[i]);
	free(l->names);
	free(l->src);
	free(l->path);
	free(l);
}

void
run_free(struct run *r)
{
	size_t i, k;

	if (r == NULL)
		return;
	run_join(r);
	for (i = 0; i < r->nlayouts; i++)
		free_layout(r->layouts[i]);
	for (i = r->nobjs; i-- > 0;) {
		if (r->objs[i].obj != NULL)
			r->objs[i].free_fn(r->objs[i].obj);
		free(r->objs[i].key);
	}
	for (i = 0; i < r->nsources; i++) {
		buf_free(&r->sources[i]->data);
		buf_free(&r->sources[i]->z);
		free(r->sources[i]->path);
		free(r->sources[i]->real);
		free(r->sources[i]->abs);
		free(r->sources[i]);
	}
	for (i = 0; i < r->nsums; i++) {
		for (k = 0; k < r->sums[i]->n; k++)
			free(r->sums[i]->paths[k]);
		free(r->sums[i]->paths);
		free(r->sums[i]->sha);
		free(r->sums[i]->err);
		free(r->sums[i]);
	}
	free(r->sums);
	free(r->sources);
	free(r->objs);
	free(r->layouts);
	free(r);
}

/* --- layouts --------------------------------------------------------- */

/* The file of dataset d: a --data NAME=PATH override, else the layout's. */
static const char *
dataset_path(const struct run *r, const struct dataset *d)
{
	size_t i, n = strlen(d->id);

	for (i = 0; i < r->opt->ndata; i++)
		if (strncmp(r->opt->data[i], d->id, n) == 0 &&
		    r->opt->data[i][n] == '=')
			return r->opt->data[i] + n + 1;
	return d->path;
}

/* Every --data NAME must be a dataset of the layout. */
static bool
check_overrides(const struct run *r, const struct spec *s)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < r->opt->ndata; i++) {
		const char *eq = strchr(r->opt->data[i], '=');
		char *name = xstrndup(r->opt->data[i],
				      (size_t)(eq - r->opt->data[i]));

		if (spec_dataset(s, name) < 0) {
			msg_error(&(struct loc){s->path, 0, 0},
				  "--data %s: the layout has no dataset "
				  "\"%s\"",
				  r->opt->data[i], name);
			ok = false;
		}
		free(name);
	}
	return ok;
}

/* Adds s to l's sources unless it is there already; returns s. */
static struct source *
add_source(struct layout *l, struct source *s)
{
	size_t i;

	for (i = 0; i < l->nsrc; i++)
		if (l->src[i] == s)
			return s;
	l->src = xreallocarray(l->src, l->nsrc + 1, sizeof *l->src);
	l->src[l->nsrc++] = s;
	return s;
}

/*
 * Names l's sources as a PDF will: relative to the deepest directory that
 * holds them all, so that the names keep the inputs' relative layout and
 * nothing of the machine.
 */
static bool
name_sources(struct layout *l)
{
	const char *first = l->src[0]->abs;
	size_t i, common = strlen(first);
	bool ok = true;

	for (i = 0; i < l->nsrc; i++) {
		const char *p = l->src[i]->abs;
		size_t k = 0;

		while (k < common && p[k] == first[k])
			k++;
		common = k;
	}
	/* Back to the end of a directory name. */
	while (common > 0 && first[common] != '/')
		common--;
	l->names = xcalloc(l->nsrc, sizeof *l->names);
	for (i = 0; i < l->nsrc; i++) {
		const char *p = l->src[i]->abs + common;

		l->names[i] = xstrdup(p + (*p == '/'));
		if (strcmp(l->names[i], SOURCES_MANIFEST) == 0 ||
		    strcmp(l->names[i], SOURCES_PACK) == 0) {
			msg_error(&(struct loc){l->src[i]->path, 0, 0},
				  "this name is kept for what briefgen adds "
				  "to a PDF's sources; rename the file");
			ok = false;
		}
	}
	return ok;
}

static void
load_layout(struct run *r, struct layout *l)
{
	const struct spec *s;
	size_t i;

	s = cached(r, "spec", add_source(l, source(r, l->path)), load_spec,
		   free_spec, NULL);
	l->spec = s;
	if (s == NULL || !check_overrides(r, s))
		return;
	l->ok = true;
	for (i = 0; i < s->nincludes; i++)
		l->ok = add_source(l, source(r, s->includes[i]))->ok && l->ok;
	l->fonts = cached(r, "fonts", add_source(l, source(r, s->fonts_path)),
			  load_fonts, free_fonts, NULL);
	l->prefs = cached(r, "prefs", add_source(l, source(r, s->prefs_path)),
			  load_prefs, free_prefs, NULL);
	l->ok = l->ok && l->fonts != NULL && l->prefs != NULL;
	l->tables = xcalloc(s->ndatasets, sizeof *l->tables);
	for (i = 0; i < s->ndatasets; i++) {
		const char *path = dataset_path(r, &s->datasets[i]);
		struct source *src = add_source(l, source(r, path));

		l->tables[i] = cached(r, "table", src, load_table, free_table,
				      &s->schema);
		l->ok = l->ok && l->tables[i] != NULL;
	}
	/* Images are read as the PDF is written, by path. */
	for (i = 0; i < s->nnodes; i++)
		if (s->nodes[i].kind == NODE_IMAGE)
			l->ok = add_source(l, source(r, s->nodes[i].image))->ok &&
				l->ok;
	if (l->ok)
		l->cube = cube_build(s, l->tables, l->prefs);
	l->ok = l->ok && l->cube != NULL && name_sources(l);
}

const struct layout *
run_layout(struct run *r, const char *path)
{
	struct layout *l;
	size_t i;

	for (i = 0; i < r->nlayouts; i++)
		if (strcmp(r->layouts[i]->path, path) == 0)
			return r->layouts[i];
	l = xcalloc(1, sizeof *l);
	l->path = xstrdup(path);
	r->layouts = xreallocarray(r->layouts, r->nlayouts + 1,
				   sizeof *r->layouts);
	r->layouts[r->nlayouts++] = l;
	load_layout(r, l);
	return l;
}

bool
run_check(struct run *r, const char *path)
{
	return run_layout(r, path)->ok;
}

void
run_month(const struct layout *l, char out[8])
{
	const struct date *d = &l->spec->datasets[l->spec->ndatasets - 1].as_of;

	/* date_parse gives four-digit years and months 1 to 12. */
	snprintf(out, 8, "%04u-%02u", (unsigned)d->year % 10000,
		 (unsigned)d->month % 100);
}

char *
run_output(struct run *r, const struct pack *pack, const char *dir)
{
	const struct layout *l = run_layout(r, pack->layout);
	char month[8];

	if (!l->ok)
		return NULL;
	run_month(l, month);
	return xasprintf("%s/%s-%s.pdf", dir, pack->id, month);
}

/* --- what a PDF carries ---------------------------------------------- */

static const char *
mime_type(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot != NULL && strcmp(dot, ".csv") == 0)
		return "text/csv";
	if (dot != NULL && strcmp(dot, ".xml") == 0)
		return "application/xml";
	if (dot != NULL && strcmp(dot, ".png") == 0)
		return "image/png";
	return "text/plain";
}

void
run_compress(struct run *r, const struct layout *l)
{
	size_t i;

	run_join(r);
	for (i = 0; i < l->nsrc; i++)
		if (l->src[i]->z.len == 0)
			compress_source(l->src[i]);
}

static int
cmp_cp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Adds the code points of s to the set v of *n. */
static void
add_cps(uint32_t **v, size_t *n, const char *s)
{
	const char *end = s + strlen(s);
	int32_t cp;

	while (s < end)
		if ((cp = utf8_next(&s, end)) >= 0) {
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			(*v)[(*n)++] = (uint32_t)cp;
		}
}

void
run_warm(struct run *r, const char *path)
{
	struct layout *l = (struct layout *)run_layout(r, path);
	uint32_t *cps = NULL;
	size_t i, n = 0, k = 0;
	struct buf sub = {0};

	if (!l->ok || l->warm)
		return;
	l->warm = true;
	run_compress(r, l);
	/* HarfBuzz reads a font's tables on its first subset: subsetting
	 * once here, to the prefecture names, spares each worker that. */
	for (i = 1; i <= NPREFS; i++) {
		add_cps(&cps, &n, l->prefs->pref[i].name_ja);
		add_cps(&cps, &n, l->prefs->pref[i].name_en);
	}
	qsort(cps, n, sizeof *cps, cmp_cp);
	for (i = 0; i < n; i++)
		if (k == 0 || cps[k - 1] != cps[i])
			cps[k++] = cps[i];
	for (i = 0; i < fonts_count(l->fonts); i++) {
		buf_clear(&sub);
		fonts_subset(l->fonts, (int)i, cps, k, &sub);
	}
	buf_free(&sub);
	free(cps);
}

bool
run_font_sum(struct run *r, const char *path, struct hash *out)
{
	struct fontsums *fs;
	size_t i, k;

	run_join(r);
	for (i = 0; i < r->nsums; i++)
		for (k = 0; k < r->sums[i]->n; k++)
			if (strcmp(r->sums[i]->paths[k], path) == 0)
				goto found;
	/* Not named by a fonts configuration of the run: a font
	 * configuration of its own. */
	fs = xcalloc(1, sizeof *fs);
	fs->n = 1;
	fs->paths = xcalloc(1, sizeof *fs->paths);
	fs->sha = xcalloc(1, sizeof *fs->sha);
	fs->err = xcalloc(1, sizeof *fs->err);
	fs->paths[0] = xstrdup(path);
	hash_fonts(fs);
	r->sums = xreallocarray(r->sums, r->nsums + 1, sizeof *r->sums);
	r->sums[i = r->nsums++] = fs;
	k = 0;
found:
	fs = r->sums[i];
	*out = fs->sha[k];
	if (fs->err[k] != 0) {
		errno = fs->err[k];
		msg_syserr(path, "cannot read font");
		return false;
	}
	return true;
}

static const char *
lang_name(unsigned lang)
{
	if (lang == LANG_JA)
		return "ja";
	if (lang == LANG_EN)
		return "en";
	return "ja+en";
}

/* Writes "version NAME VALUE" lines for "NAME VALUE NAME VALUE ...". */
static void
add_versions(struct buf *m, const char *pairs)
{
	const char *p = pairs;

	while (*p != '\0') {
		size_t name = strcspn(p, " "), value;

		value = strcspn(p + name + 1, " ");
		buf_printf(m, "version %.*s %.*s\n", (int)name, p, (int)value,
			   p + name + 1);
		p += name + 1 + value;
		p += *p == ' ';
	}
}

void
run_versions(struct buf *m)
{
	add_versions(m, "briefgen " BRIEFGEN_VERSION);
	add_versions(m, pdf_versions());
	add_versions(m, fonts_version());
}

static void
add_file(struct buf *m, const struct hash *h, const char *name)
{
	char hex[HASH_HEX];

	hash_hex(h, hex);
	buf_printf(m, "file %s %s\n", hex, name);
}

/* The name inside PDFs of the file dataset d is read from. */
static const char *
dataset_name(struct run *r, const struct layout *l, const struct dataset *d)
{
	const struct source *s = source(r, dataset_path(r, d));
	size_t i;

	for (i = 0; i < l->nsrc; i++)
		if (l->src[i] == s)
			return l->names[i];
	return "";
}

/* Lists the fonts pages draw with, each with the digest of its file. */
static bool
add_fonts(struct run *r, const struct layout *l, const struct pages *pages,
	  struct buf *m)
{
	size_t nf = fonts_count(l->fonts), i, k;
	bool *used = xcalloc(nf, sizeof *used), ok = true;

	for (i = 0; i < pages->n; i++)
		for (k = 0; k < pages->v[i].nitems; k++)
			if (pages->v[i].items[k].kind == ITEM_TEXT)
				used[pages->v[i].items[k].font] = true;
	for (i = 0; i < nf; i++) {
		const char *file = fonts_file(l->fonts, (int)i);
		char hex[HASH_HEX];
		struct hash h;

		if (!used[i])
			continue;
		ok = run_font_sum(r, file, &h) && ok;
		hash_hex(&h, hex);
		buf_printf(m, "font %s %s %s\n", hex,
			   fonts_name(l->fonts, (int)i), file);
	}
	free(used);
	return ok;
}

/*
 * The manifest: what a PDF was made from and how, one fact a line.  Its
 * digest is the document's /ID, so the same inputs, options and versions
 * give the same /ID, and anything else another.
 */
static bool
write_manifest(struct run *r, const struct layout *l, const struct pack *p,
	       const struct pages *pages, const struct buf *entry,
	       struct buf *m)
{
	const struct spec *s = l->spec;
	struct hash h = hash_data(entry->data, entry->len);
	size_t i;

	buf_adds(m, "briefgen-manifest 1\n");
	run_versions(m);
	buf_printf(m, "lang %s\n", lang_name(r->opt->lang));
	if (r->opt->until != NULL)
		buf_printf(m, "as-of %04d-%02d\n", r->opt->until->year,
			   r->opt->until->month);
	if (r->opt->epoch >= 0)
		buf_printf(m, "date %lld\n", r->opt->epoch);
	for (i = 0; i < s->ndatasets; i++)
		if (dataset_path(r, &s->datasets[i]) != s->datasets[i].path)
			buf_printf(m, "data %s %s\n", s->datasets[i].id,
				   dataset_name(r, l, &s->datasets[i]));
	buf_printf(m, "pack %s\nlayout %s\n", p->id, l->names[0]);
	add_file(m, &h, SOURCES_PACK);
	for (i = 0; i < l->nsrc; i++)
		add_file(m, &l->src[i]->sha, l->names[i]);
	return add_fonts(r, l, pages, m);
}

/* Days from 1970-01-01 to the date (proleptic Gregorian). */
static long long
days_since_epoch(const struct date *d)
{
	long long y = d->year - (d->month <= 2);
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (d->month + (d->month > 2 ? -3 : 9)) + 2) / 5 +
			d->day - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static const char *
meta_title(const struct pack *p, unsigned lang, struct buf *b)
{
	if ((lang & LANG_JA) && p->title.ja != NULL)
		buf_adds(b, p->title.ja);
	if ((lang & LANG_EN) && p->title.en != NULL) {
		if (b->len > 0)
			buf_adds(b, " / ");
		buf_adds(b, p->title.en);
	}
	return b->data;
}

/* Writes the PDF of pages, carrying l's sources, the pack and the
 * manifest, into out. */
static bool
write_pdf(struct run *r, const struct layout *l, const struct pack *pack,
	  const struct pages *pages, struct buf *out)
{
	struct buf entry = {0}, m = {0}, zentry = {0}, zm = {0}, title = {0};
	struct pdf_file *files = xcalloc(l->nsrc + 2, sizeof *files);
	const struct pdf_file **pf = xcalloc(l->nsrc + 2, sizeof *pf);
	const struct dataset *cur = &l->spec->datasets[l->spec->ndatasets - 1];
	struct pdf_meta meta = {0};
	struct hash id;
	size_t i, n = l->nsrc;
	bool ok = false;

	run_compress(r, l);
	packs_write(pack, l->names[0], &entry);
	if (!write_manifest(r, l, pack, pages, &entry, &m))
		goto out;
	for (i = 0; i < n; i++) {
		const struct source *s = l->src[i];

		files[i] = (struct pdf_file){l->names[i],
					     mime_type(l->names[i]), s->data.len,
					     s->z.data, s->z.len};
	}
	pdf_deflate(entry.data, entry.len, &zentry);
	pdf_deflate(m.data, m.len, &zm);
	files[n++] = (struct pdf_file){SOURCES_PACK, "application/xml",
				       entry.len, zentry.data, zentry.len};
	files[n++] = (struct pdf_file){SOURCES_MANIFEST, "text/plain", m.len,
				       zm.data, zm.len};
	for (i = 0; i < n; i++)
		pf[i] = &files[i];
	id = hash_data(m.data, m.len);
	meta.title = meta_title(pack, r->opt->lang, &title);
	meta.subject = pack->id;
	meta.creator = "briefgen " BRIEFGEN_VERSION;
	meta.created = r->opt->epoch >= 0
			       ? r->opt->epoch
			       : days_since_epoch(&cur->as_of) * 86400;
	meta.id = id.v;
	meta.files = pf;
	meta.nfiles = n;
	ok = pdf_render(pages, l->fonts, &meta, out);
out:
	free(files);
	free(pf);
	buf_free(&entry);
	buf_free(&m);
	buf_free(&zentry);
	buf_free(&zm);
	buf_free(&title);
	return ok;
}

bool
run_render(struct run *r, const char *layout_path, const struct pack *pack,
	   struct buf *pdf, struct result *res)
{
	const struct layout *l = run_layout(r, layout_path);
	double start = run_now_ms();
	struct boxes *boxes = NULL;
	struct pages *pages = NULL;
	unsigned errors = msg_errors();
	size_t before = pdf->len;

	memset(res, 0, sizeof *res);
	if (!l->ok)
		goto done;
	{
		struct compose_in in = {l->spec, l->cube,  l->prefs,
					l->tables, pack, l->fonts,
					r->opt->lang};

		boxes = compose_build(&in);
	}
	if (boxes == NULL)
		goto done;
	pages = paginate(boxes, l->fonts);
	res->pages = pages->n;
	if (msg_errors() > errors)
		goto done;
	if (r->opt->dump) {
		dump_pages(stdout, pages, l->fonts);
		res->ok = fflush(stdout) == 0;
		goto done;
	}
	res->ok = write_pdf(r, l, pack, pages, pdf);
	res->bytes = pdf->len - before;
done:
	res->ms = run_now_ms() - start;
	pages_free(pages);
	boxes_free(boxes);
	return res->ok;
}

/* Does the file at path hold exactly the bytes of b? */
static bool
same_bytes(const struct buf *b, const char *path)
{
	struct stat st;
	struct buf old = {0};
	bool same;
	FILE *f;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != b->len || (f = fopen(path, "rb")) == NULL)
		return false;
	old.data = buf_space(&old, b->len + 1);
	same = fread(old.data, 1, b->len + 1, f) == b->len &&
	       memcmp(old.data, b->data, b->len) == 0;
	fclose(f);
	buf_free(&old);
	return same;
}

bool
run_write(const struct buf *pdf, const char *path, bool *unchanged)
{
	*unchanged = same_bytes(pdf, path);
	return *unchanged || buf_write_file(pdf, path);
}
