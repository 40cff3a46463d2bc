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

/* What reading one dataset gave. */
struct dataset_stats {
	const char *path;        /* the file read, borrowed */
	enum encoding encoding;  /* what it was read as */
	size_t rows;
	size_t *missing;         /* per schema column: missing values */
};

/* Everything one layout needs, loaded and checked. */
struct layout {
	const struct spec *spec;
	const struct fonts *fonts;
	const struct prefs *prefs;
	struct dataset_stats *stats; /* one per dataset */
	struct table **tables;       /* per dataset: its rows, when a table
	                              * lists them, else NULL */
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

/* Returns the object loaded from path, loading it on first use. */
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
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->nlayouts; i++) {
		const struct layout *l = &r->layouts[i];

		cube_free(l->cube);
		for (j = 0; l->stats != NULL && j < l->spec->ndatasets; j++) {
			free(l->stats[j].missing);
			table_free(l->tables[j]);
		}
		free(l->stats);
		free(l->tables);
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

/* The value of the last NAME=VALUE in v whose NAME is id, or NULL. */
static const char *
override(const char *const *v, size_t n, const char *id)
{
	size_t i, len = strlen(id);
	const char *found = NULL;

	for (i = 0; i < n; i++)
		if (strncmp(v[i], id, len) == 0 && v[i][len] == '=')
			found = v[i] + len + 1;
	return found;
}

/* The file of dataset d: a --data NAME=PATH override, else the layout's. */
static const char *
dataset_path(const struct run *r, const struct dataset *d)
{
	const char *path = override(r->opt->data, r->opt->ndata, d->id);

	return path != NULL ? path : d->path;
}

/* The encoding of dataset d: --encoding NAME=ENC, else the layout's. */
static enum encoding
dataset_encoding(const struct run *r, const struct dataset *d)
{
	const char *name =
		override(r->opt->encodings, r->opt->nencodings, d->id);
	enum encoding e;

	if (name != NULL && decode_parse_name(name, &e))
		return e; /* main has checked the name */
	return d->encoding;
}

/* Every NAME of --data or --encoding must be a dataset of the layout. */
static bool
check_names(const struct spec *s, const char *option,
	    const char *const *v, size_t n)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *eq = strchr(v[i], '=');
		char *name = xstrndup(v[i], (size_t)(eq - v[i]));

		if (spec_dataset(s, name) < 0) {
			msg_error(&(struct loc){s->path, 0, 0},
				  "%s %s: the layout has no dataset \"%s\"",
				  option, v[i], name);
			ok = false;
		}
		free(name);
	}
	return ok;
}

static bool
check_overrides(const struct run *r, const struct spec *s)
{
	bool ok = check_names(s, "--data", r->opt->data, r->opt->ndata);

	return check_names(s, "--encoding", r->opt->encodings,
			   r->opt->nencodings) &&
	       ok;
}

/* Where the rows of one dataset go. */
struct sink {
	struct cube *cube;
	size_t dataset;
	struct dataset_stats *stats;
};

static bool
add_row(const struct table *t, const struct row *row, void *ctx)
{
	struct sink *k = ctx;
	size_t i;

	k->stats->encoding = t->encoding;
	k->stats->rows++;
	for (i = 0; i < t->schema->ncols; i++)
		k->stats->missing[i] += row->cells[i].missing;
	cube_add(k->cube, k->dataset, row);
	return true;
}

/* Does a table of the layout list the survey rows of dataset d? */
static bool
needs_rows(const struct spec *s, size_t d)
{
	size_t i, k;

	for (i = 0; i < s->nnodes; i++) {
		const struct node *n = &s->nodes[i];

		if (n->kind != NODE_TABLE || n->dataset != (int)d)
			continue;
		for (k = 0; k < n->nrows; k++)
			if (n->rows[k] == ROWS_MUNICIPALITIES)
				return true;
	}
	return false;
}

/*
 * Streams dataset d into the layout's cube.  A dataset whose rows a table
 * lists is read whole and kept; any other is never held in memory.
 */
static bool
read_dataset(const struct run *r, struct layout *l, size_t d)
{
	const struct spec *s = l->spec;
	struct dataset_stats *st = &l->stats[d];
	struct source src = {dataset_path(r, &s->datasets[d]), &s->schema,
			     dataset_encoding(r, &s->datasets[d]), l->prefs,
			     0};
	struct sink k = {l->cube, d, st};
	size_t i;

	st->path = src.name;
	st->missing = xcalloc(s->schema.ncols ? s->schema.ncols : 1,
			      sizeof *st->missing);
	if (!needs_rows(s, d))
		return table_scan_file(&src, add_row, &k);
	if ((l->tables[d] = table_read(&src)) == NULL)
		return false;
	for (i = 0; i < l->tables[d]->nrows; i++)
		add_row(l->tables[d], &l->tables[d]->rows[i], &k);
	return true;
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
	l->fonts = cached(r, "fonts", s->fonts_path, load_fonts, free_fonts,
			  NULL);
	l->prefs = cached(r, "prefs", s->prefs_path, load_prefs, free_prefs,
			  NULL);
	l->ok = l->fonts != NULL && l->prefs != NULL;
	if (l->prefs == NULL)
		return;
	/* Survey files are streamed into the cube, never held whole. */
	l->stats = xcalloc(s->ndatasets, sizeof *l->stats);
	l->tables = xcalloc(s->ndatasets, sizeof *l->tables);
	l->cube = cube_new(s, l->prefs);
	for (i = 0; i < s->ndatasets; i++)
		l->ok = read_dataset(r, l, i) && l->ok;
	cube_finish(l->cube);
	if (!l->ok) {
		cube_free(l->cube);
		l->cube = NULL;
	}
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
	const struct layout *l = layout(r, path);
	const struct spec *s = l->spec;
	size_t d, i;

	if (!l->ok)
		return false;
	for (d = 0; d < s->ndatasets; d++) {
		const struct dataset_stats *st = &l->stats[d];
		bool any = false;

		printf("%s %s: %zu rows", s->datasets[d].id, st->path,
		       st->rows);
		if (st->rows > 0)
			printf(", %s", decode_name(st->encoding));
		for (i = 0; i < s->schema.ncols; i++)
			if (st->missing[i] > 0) {
				printf("%s\"%s\" %zu",
				       any ? ", " : ", missing values: ",
				       s->schema.cols[i].headers[0],
				       st->missing[i]);
				any = true;
			}
		printf("%s\n", any ? "" : ", no missing values");
	}
	return fflush(stdout) == 0;
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
		struct compose_in in = {
			l->spec, l->cube, l->prefs,
			(const struct table *const *)l->tables, pack, l->fonts,
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
