#define _DEFAULT_SOURCE /* realpath */
#include "batch.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch_int.h"
#include "buf.h"
#include "compose.h"
#include "cube.h"
#include "decode.h"
#include "dump.h"
#include "fonts.h"
#include "hash.h"
#include "infile.h"
#include "msg.h"
#include "outfile.h"
#include "paginate.h"
#include "pdf.h"
#include "prefs.h"
#include "roster.h"
#include "spec.h"
#include "suggest.h"
#include "table.h"
#include "utf8.h"
#include "value.h"
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

/*
 * One thread compresses the run's inputs, in the order they are read,
 * with one deflate stream: a thread and a stream per input cost a third
 * of a render's page faults.
 */
static void *
compressor(void *arg)
{
	struct run *r = arg;
	struct pdf_deflater *d = pdf_deflater_new();
	struct input *s;

	for (;;) {
		pthread_mutex_lock(&r->zlock);
		while (r->zdone == r->nzq && !r->zclosed)
			pthread_cond_wait(&r->zwake, &r->zlock);
		s = r->zdone < r->nzq ? r->zq[r->zdone] : NULL;
		pthread_mutex_unlock(&r->zlock);
		if (s == NULL)
			break;
		pdf_deflater_run(d, s->data.data, s->data.len, &s->z);
		pthread_mutex_lock(&r->zlock);
		r->zdone++;
		pthread_mutex_unlock(&r->zlock);
	}
	pdf_deflater_free(d);
	return NULL;
}

/* Queues s for the compressor, starting it if need be; compresses s here
 * when no thread can be had. */
static void
compress_later(struct run *r, struct input *s)
{
	pthread_mutex_lock(&r->zlock);
	r->zq = xreallocarray(r->zq, r->nzq + 1, sizeof *r->zq);
	r->zq[r->nzq++] = s;
	pthread_cond_signal(&r->zwake);
	pthread_mutex_unlock(&r->zlock);
	if (!r->zrunning) {
		r->zclosed = false;
		r->zrunning =
			pthread_create(&r->zthread, NULL, compressor, r) == 0;
	}
	if (!r->zrunning) {
		pdf_deflate(s->data.data, s->data.len, &s->z);
		r->zdone = r->nzq;
	}
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
 * one file give one source.  PDFs call it by the path as: path itself,
 * but for standard input ("-"), which stands in for a file. */
static struct input *
input_as(struct run *r, const char *path, const char *as)
{
	char *key = infile_key(path);
	struct input *s;
	double start;
	size_t i;

	for (i = 0; i < r->ninputs; i++)
		if (strcmp(r->inputs[i]->real, key) == 0) {
			free(key);
			return r->inputs[i];
		}
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->real = key;
	s->abs = absolute(as);
	start = run_now_ms();
	if ((s->ok = infile_load(path, INFILE_INPUT, &s->data))) {
		s->sha = hash_data(s->data.data, s->data.len);
		if (r->opt->pdf)
			compress_later(r, s);
		msg_note(&(struct loc){path, 0, 0},
			 "read %zu bytes in %.1f ms", s->data.len,
			 run_now_ms() - start);
	}
	r->inputs = xreallocarray(r->inputs, r->ninputs + 1,
				   sizeof *r->inputs);
	r->inputs[r->ninputs++] = s;
	return s;
}

static struct input *
input(struct run *r, const char *path)
{
	return input_as(r, path, path);
}

typedef void *(*load_fn)(struct run *r, const struct input *s,
			 const void *arg);

/* arg: the layout, whose date the spec is read as of. */
static void *
load_spec(struct run *r, const struct input *s, const void *arg)
{
	const struct layout *l = arg;

	(void)r;
	return spec_parse_until(s->data.data, s->data.len, s->path,
				l->dated ? &l->known : NULL);
}

static void *
hash_fonts(void *arg)
{
	struct fontsums *fs = arg;
	size_t i;

	for (i = 0; i < fs->n; i++)
		fs->err[i] = hash_file_cached(fs->paths[i], fs->cache,
					      &fs->sha[i])
				     ? 0
				     : errno;
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
	fs->cache = r->digests;
	fs->paths = xcalloc(fs->n, sizeof *fs->paths);
	fs->sha = xcalloc(fs->n, sizeof *fs->sha);
	fs->err = xcalloc(fs->n, sizeof *fs->err);
	for (i = 0; i < fs->n; i++)
		fs->paths[i] = xstrdup(fonts_source(f, (int)i));
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

	if (r->zrunning) {
		pthread_mutex_lock(&r->zlock);
		r->zclosed = true;
		pthread_cond_signal(&r->zwake);
		pthread_mutex_unlock(&r->zlock);
		pthread_join(r->zthread, NULL);
		r->zrunning = false;
	}
	for (i = 0; i < r->nsums; i++)
		if (r->sums[i]->running) {
			pthread_join(r->sums[i]->thread, NULL);
			r->sums[i]->running = false;
		}
}

static void *
load_fonts(struct run *r, const struct input *s, const void *arg)
{
	struct fonts *f = fonts_load(s->path);

	(void)arg;
	if (f != NULL && r->opt->pdf)
		start_sums(r, f);
	return f;
}

static void *
load_prefs(struct run *r, const struct input *s, const void *arg)
{
	(void)r;
	(void)arg;
	return prefs_read(s->path);
}

static void *
load_roster(struct run *r, const struct input *s, const void *arg)
{
	(void)r;
	(void)arg;
	return roster_read(s->path);
}

static void
free_roster(void *p)
{
	roster_free(p);
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

/* Returns the object loaded from the input s, loading it on first use. */
static void *
cached(struct run *r, const char *kind, struct input *s, load_fn load,
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

/*
 * The file that remembers font digests between runs, so that a 6 MB font
 * is hashed once per machine rather than once per PDF:
 * $XDG_CACHE_HOME/briefgen/digests, else ~/.cache/briefgen/digests.
 * NULL when there is no such place.
 */
static char *
digest_cache(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *base, *dir, *file;

	if (xdg != NULL && xdg[0] == '/')
		base = xstrdup(xdg);
	else if (home != NULL && home[0] == '/')
		base = xasprintf("%s/.cache", home);
	else
		return NULL;
	dir = xasprintf("%s/briefgen", base);
	file = NULL;
	if ((mkdir(base, 0777) == 0 || errno == EEXIST) &&
	    (mkdir(dir, 0777) == 0 || errno == EEXIST))
		file = xasprintf("%s/digests", dir);
	free(base);
	free(dir);
	return file;
}

struct run *
run_new(const struct options *opt)
{
	struct run *r = xcalloc(1, sizeof *r);

	r->opt = opt;
	r->digests = digest_cache();
	if (r->digests != NULL) {
		/* Valid layouts are remembered beside the font digests. */
		char *valid = xasprintf("%.*svalid",
					(int)(strlen(r->digests) -
					      strlen("digests")),
					r->digests);

		spec_valid_cache(valid);
		free(valid);
	}
	pthread_mutex_init(&r->zlock, NULL);
	pthread_cond_init(&r->zwake, NULL);
	return r;
}

static void
free_layout(struct layout *l)
{
	size_t i;

	cube_free(l->cube);
	for (i = 0; l->stats != NULL && i < l->spec->ndatasets; i++) {
		free(l->stats[i].missing);
		free(l->stats[i].sheet);
		free(l->stats[i].seen);
		if (!l->shared)
			table_free(l->tables[i]);
	}
	free(l->stats);
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
	pthread_mutex_destroy(&r->zlock);
	pthread_cond_destroy(&r->zwake);
	free(r->zq);
	free(r->digests);
	for (i = 0; i < r->nlayouts; i++)
		free_layout(r->layouts[i]);
	for (i = r->nobjs; i-- > 0;) {
		if (r->objs[i].obj != NULL)
			r->objs[i].free_fn(r->objs[i].obj);
		free(r->objs[i].key);
	}
	for (i = 0; i < r->ninputs; i++) {
		buf_free(&r->inputs[i]->data);
		buf_free(&r->inputs[i]->z);
		free(r->inputs[i]->path);
		free(r->inputs[i]->real);
		free(r->inputs[i]->abs);
		free(r->inputs[i]);
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
	for (i = 0; i < r->nparsed; i++)
		table_free(r->parsed[i].table);
	free(r->parsed);
	free(r->inputs);
	free(r->paths);
	free(r->objs);
	free(r->layouts);
	free(r);
}

/* --- layouts --------------------------------------------------------- */

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

/* Is name a dataset the pack's date left out? */
static bool
left_out(const struct spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nlater; i++)
		if (strcmp(s->later[i], name) == 0)
			return true;
	return false;
}

/* Every NAME of --data or --encoding must be a dataset of the layout: one
 * the pack's date leaves out is not used, and not an error. */
static bool
check_names(const struct spec *s, const char *option,
	    const char *const *v, size_t n)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *eq = strchr(v[i], '=');
		char *name = xstrndup(v[i], (size_t)(eq - v[i]));

		if (spec_dataset(s, name) < 0 && !left_out(s, name)) {
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

/* Adds s to l's sources unless it is there already; returns s. */
static struct input *
add_input(struct layout *l, struct input *s)
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
	size_t i, j, common = strlen(first);
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
		/* Only standard input, named as a file, can take the
		 * name of another. */
		for (j = 0; j < i; j++)
			if (strcmp(l->names[j], l->names[i]) == 0) {
				msg_error(&(struct loc){"-", 0, 0},
					  "standard input would be carried "
					  "as \"%s\", which the layout reads "
					  "as well",
					  l->names[i]);
				ok = false;
			}
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

/* Where the rows of one dataset go. */
struct sink {
	struct cube *cube;
	size_t dataset;
	struct dataset_stats *stats;
	const struct fonts *fonts; /* that draw the rows' text */
};

/* Warns at loc when font of f has no glyph for a character of text, which
 * then prints as 〓: about its first such character, in column col of a
 * survey file (with the cell's text), or NULL for a layout's text. */
static void
check_lacking(const struct loc *loc, const char *col, const struct fonts *f,
	      int font, const char *text)
{
	char ch[5];
	uint32_t cp;

	if (fonts_lacks(f, font, text, &cp) < 0)
		return;
	ch[utf8_put(cp, ch)] = '\0';
	if (col != NULL)
		msg_warn(loc,
			 "column \"%s\": the font %s has no glyph for U+%04X "
			 "\"%s\" in \"%s\": it prints as 〓",
			 col, fonts_name(f, font), (unsigned)cp, ch, text);
	else
		msg_warn(loc,
			 "the font %s has no glyph for U+%04X \"%s\": it "
			 "prints as 〓",
			 fonts_name(f, font), (unsigned)cp, ch);
}

/* What the body font cannot draw of the rows' text, said at the cell: a
 * character it has no glyph for prints as 〓; a variation selector it
 * has no variant for, as the base character. */
static void
check_glyphs(const struct sink *k, const struct table *t,
	     const struct row *row)
{
	int font = fonts_find(k->fonts, "gothic");
	uint32_t base, vs;
	size_t i;

	for (i = 0; font >= 0 && i < t->schema->ncols; i++) {
		const struct cell *c = &row->cells[i];
		const char *col = t->schema->cols[i].headers[0];
		struct loc loc;

		if (t->schema->cols[i].type != COL_TEXT || c->missing)
			continue;
		loc = table_cell_loc(t, row, i);
		check_lacking(&loc, col, k->fonts, font, c->text);
		if (value_find_variant(c->text, &base, &vs) >= 0 &&
		    !fonts_has_variant(k->fonts, font, base, vs))
			msg_warn(&loc,
				 "column \"%s\": the font %s has no variant of "
				 "U+%04X for the variation selector U+%04X in "
				 "\"%s\": it prints as the base character",
				 col, fonts_name(k->fonts, font),
				 (unsigned)base, (unsigned)vs, c->text);
	}
}

static bool
add_row(const struct table *t, const struct row *row, void *ctx)
{
	struct sink *k = ctx;
	const struct spec *s = k->cube->spec;
	size_t i, answers = 0, missing = 0;
	uint32_t code = row->cells[s->code_column].code / 10;

	k->stats->encoding = t->encoding;
	if (t->sheet != NULL && k->stats->sheet == NULL)
		k->stats->sheet = xstrdup(t->sheet);
	k->stats->rows++;
	for (i = 0; i < t->schema->ncols; i++) {
		k->stats->missing[i] += row->cells[i].missing;
		if (t->schema->cols[i].type == COL_LGCODE ||
		    t->schema->cols[i].type == COL_PREF ||
		    (int)i == s->name_column)
			continue;
		answers++;
		missing += row->cells[i].missing;
	}
	k->stats->unanswered += answers > 0 && missing == answers;
	if (k->fonts != NULL)
		check_glyphs(k, t, row);
	if (code < 100000)
		k->stats->seen[code / 8] |= (unsigned char)(1 << code % 8);
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

static bool
same_strings(const char *const *a, size_t na, const char *const *b,
	     size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

/* Are the group headings of two columns' headers the same? */
static bool
same_groups(const struct colspec *x, const struct colspec *y)
{
	size_t k;

	if ((x->groups == NULL) != (y->groups == NULL))
		return false;
	for (k = 0; x->groups != NULL && k < x->nheaders; k++)
		if ((x->groups[k] == NULL) != (y->groups[k] == NULL) ||
		    (x->groups[k] != NULL &&
		     strcmp(x->groups[k], y->groups[k]) != 0))
			return false;
	return true;
}

/* Do two schemas read a file into the same cells? */
static bool
same_schema(const struct schema *a, const struct schema *b)
{
	size_t i;

	if (a->ncols != b->ncols)
		return false;
	for (i = 0; i < a->ncols; i++) {
		const struct colspec *x = &a->cols[i], *y = &b->cols[i];

		if (strcmp(x->id, y->id) != 0 || x->type != y->type ||
		    x->optional != y->optional ||
		    !same_strings(x->headers, x->nheaders, y->headers,
				  y->nheaders) ||
		    !same_groups(x, y) ||
		    !same_strings(x->values, x->nvalues, y->values,
				  y->nvalues))
			return false;
	}
	return true;
}

/* The survey file in, parsed as src says: once per run for all the
 * layouts that read it alike. */
static const struct table *
parse_once(struct run *r, const struct input *in, const struct source *src)
{
	struct parsed *p;
	size_t i;

	for (i = 0; i < r->nparsed; i++) {
		p = &r->parsed[i];
		if (p->in == in && p->encoding == src->encoding &&
		    p->prefs == src->prefs &&
		    same_schema(p->schema, src->schema) &&
		    p->rules.roster == src->rules->roster &&
		    date_cmp(p->rules.as_of, src->rules->as_of) == 0 &&
		    p->rules.leave_out == src->rules->leave_out &&
		    p->rules.name_col == src->rules->name_col &&
		    (p->sheet == NULL) == (src->sheet == NULL) &&
		    (p->sheet == NULL || strcmp(p->sheet, src->sheet) == 0) &&
		    p->header_row == src->header_row)
			return p->table;
	}
	r->parsed = xreallocarray(r->parsed, r->nparsed + 1,
				  sizeof *r->parsed);
	p = &r->parsed[r->nparsed++];
	p->in = in;
	p->schema = src->schema;
	p->encoding = src->encoding;
	p->prefs = src->prefs;
	p->rules = *src->rules;
	p->sheet = src->sheet;
	p->header_row = src->header_row;
	p->table = table_parse(src, in->data.data, in->data.len);
	return p->table;
}

/*
 * Reads dataset d into the layout's cube; the rows are kept only when a
 * table lists them.  For a PDF the file is an input, read once, digested
 * and carried, and parsed once from those very bytes for every layout
 * that reads it; otherwise (check, the display list) it is streamed,
 * however large, never held whole.
 */
static bool
read_dataset(struct run *r, struct layout *l, size_t d)
{
	const struct spec *s = l->spec;
	struct dataset_stats *st = &l->stats[d];
	struct survey_rules rules = {l->roster, &s->datasets[d].as_of,
				     s->datasets[d].leave_out, s->name_column,
				     &s->datasets[d].loc};
	struct source src = {dataset_path(r, &s->datasets[d]), &s->schema,
			     dataset_encoding(r, &s->datasets[d]), l->prefs,
			     0, &rules, s->datasets[d].sheet,
			     s->datasets[d].header_row};
	struct sink k = {l->cube, d, st, l->fonts};
	const struct table *t;
	const struct input *in;
	size_t i;
	bool ok;

	st->path = src.name;
	st->missing = xcalloc(s->schema.ncols ? s->schema.ncols : 1,
			      sizeof *st->missing);
	st->seen = xcalloc(100000 / 8, 1);
	if (r->opt->pdf) {
		in = add_input(l, input_as(r, src.name,
					   strcmp(src.name, "-") == 0
						   ? s->datasets[d].path
						   : src.name));
		if (!in->ok)
			return false;
		if (!r->opt->many && !needs_rows(s, d)) {
			ok = table_scan(&src, in->data.data, in->data.len,
					add_row, &k, &st->left_out);
			return ok;
		}
		if ((t = parse_once(r, in, &src)) == NULL)
			return false;
		l->shared = true;
		l->tables[d] = needs_rows(s, d) ? (struct table *)t : NULL;
	} else if (!needs_rows(s, d)) {
		return table_scan_file(&src, add_row, &k, &st->left_out);
	} else if ((t = l->tables[d] = table_read(&src)) == NULL)
		return false;
	st->left_out = t->left_out;
	for (i = 0; i < t->nrows; i++)
		add_row(t, &t->rows[i], &k);
	return true;
}

/* read_dataset, with a note of what it read and how long it took. */
static bool
read_dataset_timed(struct run *r, struct layout *l, size_t d)
{
	const struct dataset_stats *st = &l->stats[d];
	double start = run_now_ms();
	bool ok = read_dataset(r, l, d);

	if (ok)
		msg_note(&(struct loc){st->path, 0, 0},
			 "dataset %s: %zu rows, %s, %.1f ms",
			 l->spec->datasets[d].id, st->rows,
			 decode_name(st->encoding), run_now_ms() - start);
	return ok;
}

/* Warns at each text of the layout that has a character the body font
 * has no glyph for (check_lacking). */
static void
check_strings(const struct spec *s, const struct fonts *f)
{
	int font = fonts_find(f, "gothic");
	size_t i;

	for (i = 0; font >= 0 && i < s->nstrings; i++)
		check_lacking(&s->strings[i].loc, NULL, f, font,
			      s->strings[i].text);
}

/* Warns at the pack's element for each of its texts (title, venue,
 * number, secretariat) that has a character the body font has no glyph
 * for (check_lacking). */
static void
check_pack(const struct pack *p, const struct fonts *f)
{
	const struct text *t[] = {&p->title, &p->venue.text, &p->number.text,
				  &p->office.text, &p->contact.text};
	int font = fonts_find(f, "gothic");
	size_t i;

	for (i = 0; font >= 0 && i < sizeof t / sizeof *t; i++) {
		if (t[i]->ja != NULL)
			check_lacking(&p->loc, NULL, f, font, t[i]->ja);
		if (t[i]->en != NULL && t[i]->en != t[i]->ja)
			check_lacking(&p->loc, NULL, f, font, t[i]->en);
	}
}

static void
load_layout(struct run *r, struct layout *l)
{
	const struct spec *s;
	size_t i;

	s = cached(r, "spec", add_input(l, input(r, l->path)), load_spec,
		   free_spec, l);
	l->spec = s;
	if (s == NULL || !check_overrides(r, s))
		return;
	l->ok = true;
	for (i = 0; i < s->nincludes; i++)
		l->ok = add_input(l, input(r, s->includes[i]))->ok && l->ok;
	l->fonts = cached(r, "fonts", add_input(l, input(r, s->fonts_path)),
			  load_fonts, free_fonts, NULL);
	l->prefs = cached(r, "prefs", add_input(l, input(r, s->prefs_path)),
			  load_prefs, free_prefs, NULL);
	l->ok = l->ok && l->fonts != NULL && l->prefs != NULL;
	if (l->fonts != NULL)
		check_strings(s, l->fonts);
	if (l->prefs == NULL)
		return;
	if (s->roster_path != NULL) {
		l->roster = cached(r, "roster",
				   add_input(l, input(r, s->roster_path)),
				   load_roster, free_roster, NULL);
		if (l->roster == NULL) {
			l->ok = false;
			return;
		}
	}
	l->stats = xcalloc(s->ndatasets, sizeof *l->stats);
	l->tables = xcalloc(s->ndatasets, sizeof *l->tables);
	l->cube = cube_new(s, l->prefs, l->roster);
	for (i = 0; i < s->ndatasets; i++)
		l->ok = read_dataset_timed(r, l, i) && l->ok;
	l->ok = cube_finish(l->cube) && l->ok;
	/* Images are read as the PDF is written, by path. */
	for (i = 0; i < s->nnodes; i++)
		if (s->nodes[i].kind == NODE_IMAGE)
			l->ok = add_input(l, input(r, s->nodes[i].image))->ok &&
				l->ok;
	if (!l->ok) {
		cube_free(l->cube);
		l->cube = NULL;
		return;
	}
	l->ok = name_sources(l);
}

const struct date *
run_known(const struct run *r, const struct pack *p)
{
	const struct date *until = r->opt->until;

	if (!p->dated)
		return until != NULL ? until : &r->opt->today;
	return until != NULL && date_cmp(until, &p->date) < 0 ? until
							      : &p->date;
}

const struct layout *
run_layout(struct run *r, const char *path, const struct date *known)
{
	struct layout *l;
	double start = run_now_ms();
	size_t i, bytes = 0;

	for (i = 0; i < r->nlayouts; i++)
		if (strcmp(r->layouts[i]->path, path) == 0 &&
		    r->layouts[i]->dated == (known != NULL) &&
		    (known == NULL ||
		     date_cmp(&r->layouts[i]->known, known) == 0))
			return r->layouts[i];
	l = xcalloc(1, sizeof *l);
	l->path = xstrdup(path);
	if ((l->dated = known != NULL))
		l->known = *known;
	r->layouts = xreallocarray(r->layouts, r->nlayouts + 1,
				   sizeof *r->layouts);
	r->layouts[r->nlayouts++] = l;
	load_layout(r, l);
	for (i = 0; i < l->nsrc; i++)
		bytes += l->src[i]->data.len;
	if (l->ok)
		msg_note(&(struct loc){path, 0, 0},
			 "loaded in %.1f ms: %zu files, %zu bytes",
			 run_now_ms() - start, l->nsrc, bytes);
	return l;
}

/* The municipalities of the roster a dataset's file lacks, gathered by
 * prefecture. */
struct lacking {
	const struct dataset_stats *st;
	unsigned have[NPREFS + 1];  /* municipalities on the date */
	struct buf names[NPREFS + 1];
	unsigned lack[NPREFS + 1];
};

static void
note_lacking(const struct roster_span *m, void *ctx)
{
	struct lacking *k = ctx;
	uint32_t code = m->code / 10;

	k->have[m->pref]++;
	if (k->st->seen[code / 8] & 1 << code % 8)
		return;
	k->lack[m->pref]++;
	buf_printf(&k->names[m->pref], "%s%06u %s",
		   k->names[m->pref].len ? ", " : "", (unsigned)m->code,
		   m->name_ja);
}

/* Prints the municipalities of the roster on the dataset's date that
 * the file lacks: a count per prefecture on one line, and with --verbose
 * a line per prefecture naming them. */
static void
print_lacking(const struct layout *l, size_t d)
{
	const struct date *as_of = &l->spec->datasets[d].as_of;
	struct lacking k = {&l->stats[d], {0}, {{0}}, {0}};
	struct buf counts = {0};
	unsigned sum = 0;
	int p;

	roster_each(l->roster, as_of, note_lacking, &k);
	for (p = 1; p <= NPREFS; p++)
		if (k.lack[p] > 0) {
			buf_printf(&counts, "%s%s %u%s", sum ? ", " : "",
				   l->prefs->pref[p].name_ja, k.lack[p],
				   k.lack[p] == k.have[p] ? " (all)" : "");
			sum += k.lack[p];
		}
	if (sum > 0)
		msg_fprint(stdout,
			   "  lacks %u municipalit%s of %04d-%02d-%02d: %s\n",
			   sum, sum == 1 ? "y" : "ies", as_of->year,
			   as_of->month, as_of->day, counts.data);
	for (p = 1; p <= NPREFS && msg_verbosity() >= MSG_VERBOSE; p++)
		if (k.lack[p] > 0)
			msg_fprint(stdout, "  lacks in %s: %s\n",
				   l->prefs->pref[p].name_ja, k.names[p].data);
	for (p = 0; p <= NPREFS; p++)
		buf_free(&k.names[p]);
	buf_free(&counts);
}

bool
run_open(struct run *r, const char *path)
{
	return input(r, path)->ok;
}

bool
run_load(struct run *r, const char *path)
{
	return run_layout(r, path, r->opt->until)->ok;
}

const char *const *
run_inputs(struct run *r, size_t *n)
{
	const char **v = xreallocarray(NULL, r->ninputs + 1, sizeof *v);
	size_t i;

	for (i = 0; i < r->ninputs; i++)
		v[i] = r->inputs[i]->path;
	free(r->paths);
	r->paths = v;
	*n = r->ninputs;
	return v;
}

/* Do paths a and b name the same file? */
static bool
same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (realpath(a, ra) == NULL || realpath(b, rb) == NULL)
		return strcmp(a, b) == 0;
	return strcmp(ra, rb) == 0;
}

const struct pack *
run_pick_pack(const struct packs *ps, const char *layout, const char *id)
{
	size_t i;

	if (id != NULL)
		return run_find_pack(ps, id, NULL);
	for (i = 0; i < ps->n; i++)
		if (same_file(ps->v[i].layout, layout))
			return &ps->v[i];
	msg_error(&(struct loc){ps->path, 0, 0},
		  "no pack uses %s; name one with --pack", layout);
	return NULL;
}

const struct pack *
run_find_pack(const struct packs *ps, const char *id, const char *option)
{
	const struct pack *p = packs_find(ps, id);
	const char **ids;
	const char *near;
	size_t i;

	if (p != NULL)
		return p;
	ids = xreallocarray(NULL, ps->n + 1, sizeof *ids);
	for (i = 0; i < ps->n; i++)
		ids[i] = ps->v[i].id;
	if ((near = suggest_nearest(id, ids, ps->n)) != NULL)
		msg_error(&(struct loc){ps->path, 0, 0},
			  "%s%sno pack \"%s\"; did you mean \"%s\"?",
			  option ? option : "", option ? ": " : "", id, near);
	else
		msg_error(&(struct loc){ps->path, 0, 0}, "%s%sno pack \"%s\"",
			  option ? option : "", option ? ": " : "", id);
	free(ids);
	return NULL;
}

bool
run_check(struct run *r, const char *path)
{
	const struct layout *l = run_layout(r, path, r->opt->until);
	const struct spec *s = l->spec;
	size_t d, i;

	if (!l->ok)
		return false;
	if (msg_verbosity() < MSG_NORMAL) /* --quiet: errors only */
		return true;
	for (d = 0; d < s->ndatasets; d++) {
		const struct dataset_stats *st = &l->stats[d];
		bool any = false;

		msg_fprint(stdout, "%s %s: %zu rows", s->datasets[d].id,
			   st->path, st->rows);
		if (st->sheet != NULL)
			msg_fprint(stdout, ", sheet \"%s\"", st->sheet);
		else if (st->rows > 0)
			msg_fprint(stdout, ", %s", decode_name(st->encoding));
		for (i = 0; i < s->schema.ncols; i++)
			if (st->missing[i] > 0) {
				msg_fprint(stdout, "%s\"%s\" %zu",
					   any ? ", " : ", missing values: ",
					   s->schema.cols[i].headers[0],
					   st->missing[i]);
				any = true;
			}
		if (st->unanswered > 0)
			msg_fprint(stdout, ", %zu row%s with no answer",
				   st->unanswered,
				   st->unanswered == 1 ? "" : "s");
		if (st->left_out > 0)
			msg_fprint(
				stdout,
				", %zu row%s left out (not municipalities on "
				"%04d-%02d-%02d)",
				st->left_out, st->left_out == 1 ? "" : "s",
				s->datasets[d].as_of.year,
				s->datasets[d].as_of.month,
				s->datasets[d].as_of.day);
		msg_fprint(stdout, "%s\n", any ? "" : ", no missing values");
		if (l->roster != NULL)
			print_lacking(l, d);
	}
	return fflush(stdout) == 0;
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
	const struct layout *l = run_layout(r, pack->layout,
					    run_known(r, pack));
	unsigned lang = r->opt->lang;
	char month[8];

	if (!l->ok)
		return NULL;
	run_month(l, month);
	/* A pack in one language is another document than the bilingual
	 * one: it goes beside it, not over it. */
	return xasprintf("%s/%s-%s%s.pdf", dir, pack->id, month,
			 lang == LANG_JA   ? "-ja"
			 : lang == LANG_EN ? "-en"
					   : "");
}

/* --- what a PDF carries ---------------------------------------------- */

/* The media type of a source of len bytes at data, by its name's
 * extension in any case (Windows keeps SURVEY.XLSX as it was given),
 * except that a workbook is one by its bytes: one given on standard
 * input is carried under the name the layout gives the dataset, which
 * may be a CSV file's, and a file read as CSV text is one whatever its
 * name. */
static const char *
mime_type(const char *name, const char *data, size_t len)
{
	static const char csv[] = "text/csv",
			  xlsx[] = "application/vnd.openxmlformats-"
				   "officedocument.spreadsheetml.sheet",
			  xlsm[] = "application/vnd.ms-excel.sheet."
				   "macroEnabled.12";
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".csv", csv},
		{".xlsx", xlsx},
		{".xlsm", xlsm},
		{".xml", "application/xml"},
		{".png", "image/png"},
	};
	const char *dot = strrchr(name, '.'), *type = "text/plain";
	bool book = decode_sniff(data, len) == FILE_XLSX;
	size_t i;

	for (i = 0; dot != NULL && i < sizeof types / sizeof types[0]; i++)
		if (strcasecmp(dot, types[i].ext) == 0)
			type = types[i].type;
	if (book)
		return type == xlsm ? xlsm : xlsx;
	return type == xlsx || type == xlsm ? csv : type;
}

void
run_compress(struct run *r, const struct layout *l)
{
	size_t i;

	run_join(r);
	for (i = 0; i < l->nsrc; i++)
		if (l->src[i]->z.len == 0)
			pdf_deflate(l->src[i]->data.data, l->src[i]->data.len,
				    &l->src[i]->z);
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
run_warm(struct run *r, const char *path, const struct date *known)
{
	struct layout *l = (struct layout *)run_layout(r, path, known);
	uint32_t *cps = NULL;
	size_t i, n = 0, k = 0, f;
	struct subset_glyphs want;
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
	want = (struct subset_glyphs){cps, k, NULL, 0};
	for (f = 0; f < fonts_count(l->fonts); f++) {
		buf_clear(&sub);
		fonts_subset(l->fonts, (int)f, &want, NULL, 0, &sub, NULL);
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
	fs->cache = r->digests;
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
	const struct input *s = input(r, dataset_path(r, d));
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
		ok = run_font_sum(r, fonts_source(l->fonts, (int)i), &h) && ok;
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
	/* Only where it moved the pack before its date: otherwise the PDF
	 * is the pack's as it stands, and a month with nothing new
	 * published leaves it unchanged. */
	if (r->opt->until != NULL && date_cmp(r->opt->until, &p->date) < 0)
		buf_printf(m, "as-of %04d-%02d\n", r->opt->until->year,
			   r->opt->until->month);
	if (r->opt->epoch >= 0)
		buf_printf(m, "date %lld\n", r->opt->epoch);
	for (i = 0; i < s->ndatasets; i++) {
		const struct dataset *d = &s->datasets[i];
		const char *enc = override(r->opt->encodings,
					   r->opt->nencodings, d->id);

		/* Standard input is carried under the layout's name for
		 * the file, where regenerating finds it. */
		if (dataset_path(r, d) != d->path &&
		    strcmp(dataset_path(r, d), "-") != 0)
			buf_printf(m, "data %s %s\n", d->id,
				   dataset_name(r, l, d));
		if (enc != NULL)
			buf_printf(m, "encoding %s %s\n", d->id, enc);
	}
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

/* Appends t in the languages lang to b, "ja / en" for both; returns
 * b's text, or NULL when nothing was added. */
static const char *
meta_text(const struct text *t, unsigned lang, struct buf *b)
{
	if ((lang & LANG_JA) && t->ja != NULL)
		buf_adds(b, t->ja);
	if ((lang & LANG_EN) && t->en != NULL) {
		if (b->len > 0)
			buf_adds(b, " / ");
		buf_adds(b, t->en);
	}
	return b->data;
}

/* The meeting, for the Subject: its name, date and venue in lang. */
static const char *
meta_subject(const struct pack *p, unsigned lang, struct buf *b)
{
	char date[64];
	enum lang l;

	for (l = LANG_JA; l <= LANG_EN; l++) {
		const char *title = l == LANG_JA ? p->title.ja : p->title.en;
		const char *venue = l == LANG_JA ? p->venue.text.ja
						 : p->venue.text.en;

		if (!(lang & l) || title == NULL)
			continue;
		if (b->len > 0)
			buf_adds(b, " / ");
		format_date(&p->date, l, date, sizeof date);
		buf_printf(b, l == LANG_JA ? "%s（%s" : "%s (%s", title, date);
		if (venue != NULL && !p->venue.placeholder)
			buf_printf(b, l == LANG_JA ? "、%s" : ", %s", venue);
		buf_adds(b, l == LANG_JA ? "）" : ")");
	}
	return b->data;
}

/* Writes the PDF of pages, carrying l's sources, the pack and the
 * manifest, into out. */
static bool
write_pdf(struct run *r, const struct layout *l, const struct pack *pack,
	  const struct pages *pages, struct buf *out)
{
	struct buf entry = {0}, m = {0}, zentry = {0}, zm = {0}, title = {0},
		   author = {0}, subject = {0};
	struct pdf_file *files = xcalloc(l->nsrc + 2, sizeof *files);
	const struct pdf_file **pf = xcalloc(l->nsrc + 2, sizeof *pf);
	struct pdf_meta meta = {0};
	struct hash id;
	size_t i, n = l->nsrc;
	bool ok = false;

	run_compress(r, l);
	packs_write(pack, l->names[0], &entry);
	if (!write_manifest(r, l, pack, pages, &entry, &m))
		goto out;
	for (i = 0; i < n; i++) {
		const struct input *s = l->src[i];

		files[i] = (struct pdf_file){l->names[i],
					     mime_type(l->names[i],
							s->data.data,
							s->data.len),
					     "Source",
					     s->data.len, s->z.data, s->z.len};
	}
	pdf_deflate(entry.data, entry.len, &zentry);
	pdf_deflate(m.data, m.len, &zm);
	/* The pack's title, date and venue are data of the cover; the
	 * manifest says how the document was made. */
	files[n++] = (struct pdf_file){SOURCES_PACK, "application/xml", "Data",
				       entry.len, zentry.data, zentry.len};
	files[n++] = (struct pdf_file){SOURCES_MANIFEST, "text/plain",
				       "Supplement", m.len, zm.data, zm.len};
	for (i = 0; i < n; i++)
		pf[i] = &files[i];
	id = hash_data(m.data, m.len);
	meta.lang = r->opt->lang & LANG_JA ? "ja" : "en";
	meta.title = meta_text(&pack->title, r->opt->lang, &title);
	if (!pack->office.placeholder)
		meta.author = meta_text(&pack->office.text, r->opt->lang,
					&author);
	meta.subject = meta_subject(pack, r->opt->lang, &subject);
	meta.creator = "briefgen " BRIEFGEN_VERSION;
	meta.created = r->opt->epoch >= 0
			       ? r->opt->epoch
			       : days_since_epoch(run_known(r, pack)) * 86400;
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
	buf_free(&author);
	buf_free(&subject);
	return ok;
}

bool
run_render(struct run *r, const char *layout_path, const struct pack *pack,
	   struct buf *pdf, struct result *res)
{
	const struct layout *l = run_layout(r, layout_path,
					    run_known(r, pack));
	struct pack dated;
	double start = run_now_ms(), t[2];
	struct boxes *boxes = NULL;
	struct pages *pages = NULL;
	unsigned errors = msg_errors();
	size_t before = pdf->len;

	memset(res, 0, sizeof *res);
	if (!l->ok)
		goto done;
	check_pack(pack, l->fonts);
	if (!pack->dated) {
		/* Dated by the latest document it knows: the same bytes until
		 * something new is published, and a date the PDF's copy of
		 * the pack keeps for regenerating it. */
		dated = *pack;
		dated.date = spec_latest(l->spec, &l->known);
		dated.dated = true;
		pack = &dated;
	}
	{
		struct compose_in in = {
			l->spec, l->cube, l->prefs, l->roster,
			(const struct table *const *)l->tables, pack, l->fonts,
			r->opt->lang};

		boxes = compose_build(&in);
	}
	if (boxes == NULL)
		goto done;
	t[0] = run_now_ms();
	pages = paginate(boxes, l->fonts);
	res->pages = pages->n;
	if (msg_errors() > errors)
		goto done;
	t[1] = run_now_ms();
	if (r->opt->dump) {
		dump_pages(stdout, pages, l->fonts);
		res->ok = fflush(stdout) == 0;
		goto done;
	}
	res->ok = write_pdf(r, l, pack, pages, pdf);
	res->bytes = pdf->len - before;
	msg_note(&(struct loc){l->path, 0, 0},
		 "pack %s: composed in %.1f ms, paginated in %.1f ms, PDF "
		 "made in %.1f ms",
		 pack->id, t[0] - start, t[1] - t[0], run_now_ms() - t[1]);
done:
	res->ms = run_now_ms() - start;
	pages_free(pages);
	boxes_free(boxes);
	return res->ok;
}

bool
run_make_dirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	bool ok = true;

	for (s = p + 1; ok && *s != '\0'; s++)
		if (*s == '/') {
			*s = '\0';
			ok = mkdir(p, 0777) == 0 || errno == EEXIST;
			*s = '/';
		}
	if (ok)
		ok = mkdir(p, 0777) == 0 || errno == EEXIST;
	if (!ok)
		msg_syserr(dir, "cannot create directory");
	free(p);
	return ok;
}

bool
run_make_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	bool ok;

	if (slash == NULL || slash == path)
		return true;
	dir = xstrndup(path, (size_t)(slash - path));
	ok = run_make_dirs(dir);
	free(dir);
	return ok;
}

void
run_print_result(FILE *f, const char *id, const struct result *res,
		 const char *path)
{
	msg_fprint(f, "%s %zu pages %zu bytes %.1f ms %s %s\n", id, res->pages,
		   res->bytes, res->ms,
		   res->unchanged ? "unchanged" : "written", path);
	fflush(f);
}

bool
run_write(const struct buf *pdf, const char *path, bool *unchanged)
{
	return outfile_write(path, pdf->data, pdf->len, unchanged);
}
