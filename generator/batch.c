#include "batch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "compose.h"
#include "cube.h"
#include "dump.h"
#include "fonts.h"
#include "paginate.h"
#include "pdf.h"
#include "prefs.h"
#include "spec.h"
#include "table.h"
#include "version.h"
#include "xalloc.h"

/* A file loaded once per run, keyed by its path. */
struct cached {
	char *path;
	void *obj;   /* NULL when loading failed */
	void (*free_fn)(void *);
};

/* Everything one layout needs, loaded and checked. */
struct layout {
	const struct spec *spec;
	const struct fonts *fonts;
	const struct prefs *prefs;
	const struct table **tables; /* one per dataset */
	struct cube *cube;
	bool ok;
};

struct run {
	const struct options *opt;
	struct cached *files;  /* specs, fonts, prefs, tables */
	size_t nfiles;
	struct layout *layouts;
	char **layout_paths;   /* parallel to layouts */
	size_t nlayouts;
	long long epoch;       /* SOURCE_DATE_EPOCH, or -1 */
};

typedef void *(*load_fn)(const char *path, const void *arg);

static void *
load_spec(const char *path, const void *arg)
{
	(void)arg;
	return spec_read(path);
}

static void *
load_fonts(const char *path, const void *arg)
{
	(void)arg;
	return fonts_load(path);
}

static void *
load_prefs(const char *path, const void *arg)
{
	(void)arg;
	return prefs_read(path);
}

static void *
load_table(const char *path, const void *schema)
{
	return table_read(path, schema);
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
 * Returns the object loaded from path, loading it on first use.  Tables
 * are keyed by path and schema, so two layouts with different columns
 * read the same file separately.
 */
static void *
cached(struct run *r, const char *kind, const char *path, load_fn load,
       void (*free_fn)(void *), const void *arg)
{
	char *key = xasprintf("%s:%p:%s", kind, arg, path);
	size_t i;

	for (i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i].path, key) == 0) {
			free(key);
			return r->files[i].obj;
		}
	r->files = xreallocarray(r->files, r->nfiles + 1, sizeof *r->files);
	r->files[r->nfiles].path = key;
	r->files[r->nfiles].obj = load(path, arg);
	r->files[r->nfiles].free_fn = free_fn;
	return r->files[r->nfiles++].obj;
}

static long long
source_date_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0) {
		msg_warn(NULL, "SOURCE_DATE_EPOCH is not a number of seconds: "
			       "\"%s\"; ignored",
			 s);
		return -1;
	}
	return v;
}

struct run *
run_new(const struct options *opt)
{
	struct run *r = xcalloc(1, sizeof *r);

	r->opt = opt;
	r->epoch = source_date_epoch();
	return r;
}

void
run_free(struct run *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nlayouts; i++) {
		cube_free(r->layouts[i].cube);
		free(r->layouts[i].tables);
		free(r->layout_paths[i]);
	}
	for (i = r->nfiles; i-- > 0;) {
		if (r->files[i].obj != NULL)
			r->files[i].free_fn(r->files[i].obj);
		free(r->files[i].path);
	}
	free(r->files);
	free(r->layouts);
	free(r->layout_paths);
	free(r);
}

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

static void
load_layout(struct run *r, const char *path, struct layout *l)
{
	const struct spec *s;
	size_t i;

	memset(l, 0, sizeof *l);
	l->spec = s = cached(r, "spec", path, load_spec, free_spec, NULL);
	if (s == NULL || !check_overrides(r, s))
		return;
	l->ok = true;
	l->fonts = cached(r, "fonts", s->fonts_path, load_fonts, free_fonts,
			  NULL);
	l->prefs = cached(r, "prefs", s->prefs_path, load_prefs, free_prefs,
			  NULL);
	l->tables = xcalloc(s->ndatasets, sizeof *l->tables);
	for (i = 0; i < s->ndatasets; i++) {
		l->tables[i] = cached(r, "table",
				      dataset_path(r, &s->datasets[i]),
				      load_table, free_table, &s->schema);
		l->ok = l->ok && l->tables[i] != NULL;
	}
	l->ok = l->ok && l->fonts != NULL && l->prefs != NULL;
	if (l->ok)
		l->cube = cube_build(s, l->tables, l->prefs);
	l->ok = l->ok && l->cube != NULL;
}

/* The loaded layout at path, loading it on first use. */
static const struct layout *
layout(struct run *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->nlayouts; i++)
		if (strcmp(r->layout_paths[i], path) == 0)
			return &r->layouts[i];
	r->layouts = xreallocarray(r->layouts, r->nlayouts + 1,
				   sizeof *r->layouts);
	r->layout_paths = xreallocarray(r->layout_paths, r->nlayouts + 1,
					sizeof *r->layout_paths);
	r->layout_paths[r->nlayouts] = xstrdup(path);
	load_layout(r, path, &r->layouts[r->nlayouts]);
	return &r->layouts[r->nlayouts++];
}

bool
run_check(struct run *r, const char *path)
{
	return layout(r, path)->ok;
}

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
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

void
run_render(struct run *r, const char *layout_path, const struct pack *pack,
	   const char *out, struct result *res)
{
	const struct layout *l = layout(r, layout_path);
	double start = now_ms();
	struct boxes *boxes = NULL;
	struct pages *pages = NULL;
	struct buf pdf = {0}, title = {0};
	unsigned errors = msg_errors();

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
	{
		struct pdf_meta meta = {
			meta_title(pack, r->opt->lang, &title),
			pack->id, "briefgen " BRIEFGEN_VERSION, r->epoch};

		if (pdf_render(pages, l->fonts, &meta, &pdf) &&
		    buf_write_file(&pdf, out)) {
			res->bytes = pdf.len;
			res->ok = true;
		}
	}
done:
	res->ms = now_ms() - start;
	buf_free(&pdf);
	buf_free(&title);
	pages_free(pages);
	boxes_free(boxes);
}

/* Creates dir if it does not exist. */
static bool
make_dir(const char *dir)
{
	if (mkdir(dir, 0777) == 0 || errno == EEXIST)
		return true;
	msg_syserr(dir, "cannot create directory");
	return false;
}

int
run_batch(struct run *r, const struct packs *ps, const char *dir)
{
	size_t i, failed = 0, pages = 0, bytes = 0;
	double start = now_ms();

	if (!make_dir(dir))
		return EXIT_SYSTEM;
	for (i = 0; i < ps->n; i++) {
		const struct pack *p = &ps->v[i];
		char *out = xasprintf("%s/%s.pdf", dir, p->id);
		struct result res;

		run_render(r, p->layout, p, out, &res);
		if (res.ok) {
			printf("%s %zu pages %zu bytes %.1f ms\n", p->id,
			       res.pages, res.bytes, res.ms);
			pages += res.pages;
			bytes += res.bytes;
		} else {
			printf("%s FAILED\n", p->id);
			failed++;
		}
		fflush(stdout);
		free(out);
	}
	printf("%zu packs, %zu failed, %zu pages, %zu bytes, %.1f ms\n", ps->n,
	       failed, pages, bytes, now_ms() - start);
	return failed ? EXIT_INPUT : 0;
}
