/*
 * Provenance in the composed pack: citations of the layout's <source>s
 * with their dates of publication, the source line (出典) under every
 * table, chart and set of key figures, the tokens that name the surveys'
 * as-of dates and the sources in texts, and the mark of sample data.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compose_int.h"
#include "xalloc.h"

bool
compose_sample(const struct composer *c)
{
	size_t i;

	for (i = 0; i < c->spec->ndatasets; i++)
		if (c->spec->datasets[i].sample)
			return true;
	return false;
}

/* Appends source i as a citation in lang to b: its publisher and title,
 * then when it was published. */
static void
add_citation(struct composer *c, struct buf *b, size_t i, enum lang lang)
{
	const struct publication *p = &c->spec->sources[i];
	char date[64];

	format_date(&p->published, lang, date, sizeof date);
	buf_adds(b, compose_pick(c, &p->text, lang));
	if (lang == LANG_JA)
		buf_printf(b, p->exact ? "（%s公表）" : "（%sまでに公表）",
			   date);
	else
		buf_printf(b, p->exact ? " (published %s)" : " (public by %s)",
			   date);
}

const char *
compose_citation(struct composer *c, size_t source, enum lang lang)
{
	struct buf b = {0};
	const char *s;

	add_citation(c, &b, source, lang);
	s = arena_strdup(&c->out->arena, b.data);
	buf_free(&b);
	return s;
}

/* The dataset before the current one (the latest as of an earlier
 * date), or -1. */
static int
previous(const struct spec *s)
{
	const struct date *cur = &s->datasets[s->ndatasets - 1].as_of;
	int prev = -1;
	size_t i;

	for (i = 0; i < s->ndatasets; i++)
		if (date_cmp(&s->datasets[i].as_of, cur) < 0 &&
		    (prev < 0 || date_cmp(&s->datasets[i].as_of,
					  &s->datasets[prev].as_of) > 0))
			prev = (int)i;
	return prev;
}

size_t
compose_token(struct composer *c, const char *p, enum lang lang,
	      struct buf *b)
{
	const struct spec *s = c->spec;
	char date[64];
	size_t len;
	int d = -1, k;

	if (strncmp(p, "{as-of}", 7) == 0) {
		d = (int)s->ndatasets - 1;
		len = 7;
	} else if (strncmp(p, "{previous-as-of}", 16) == 0) {
		d = previous(s);
		len = 16;
	} else if (strncmp(p, "{source:", 8) == 0 &&
		   (len = strcspn(p, "}")) > 8 && p[len] == '}') {
		for (k = 0; k < (int)s->nsources; k++)
			if (strlen(s->sources[k].id) == len - 8 &&
			    strncmp(s->sources[k].id, p + 8, len - 8) == 0)
				break;
		if (k == (int)s->nsources)
			return 0;
		add_citation(c, b, (size_t)k, lang);
		return len + 1;
	} else {
		return 0;
	}
	if (d < 0)
		buf_adds(b, NO_DATA);
	else if (format_date(&s->datasets[d].as_of, lang, date, sizeof date))
		buf_adds(b, date);
	return len;
}

/* --- the source line --------------------------------------------------- */

/* What a source line names: datasets and sources, each once. */
struct cites {
	bool *dataset; /* by index into spec.datasets */
	bool *source;  /* by index into spec.sources */
};

/* Notes dataset d, when it declares a source: a dataset without one has
 * nothing to cite. */
static void
cite_dataset(const struct spec *s, struct cites *k, int d)
{
	if (d >= 0 && s->datasets[d].source >= 0)
		k->dataset[d] = true;
}

/* Notes the datasets node n draws figures from. */
static void
node_datasets(const struct spec *s, const struct node *n, struct cites *k)
{
	size_t i;

	switch (n->kind) {
	case NODE_TABLE:
		cite_dataset(s, k, n->dataset);
		for (i = 0; i < n->ncols; i++) {
			const struct tcol *col = &n->cols[i];

			if (col->kind == TCOL_MEASURE ||
			    col->kind == TCOL_RANK || col->kind == TCOL_CHANGE)
				cite_dataset(s, k, col->dataset);
			if (col->kind == TCOL_CHANGE)
				cite_dataset(s, k, col->since);
		}
		break;
	case NODE_CHART:
		/* A KPI chart has a column for every survey. */
		for (i = 0; n->chart->kind == CHART_KPI && i < s->ndatasets;
		     i++)
			cite_dataset(s, k, (int)i);
		for (i = 0; i < n->chart->nseries; i++)
			cite_dataset(s, k, n->chart->series[i].dataset);
		break;
	case NODE_KEY_FIGURES:
		for (i = 0; i < n->nfigures; i++)
			if (n->figures[i].of != FIG_VALUE)
				cite_dataset(s, k, n->figures[i].dataset);
		break;
	case NODE_COVER:
	case NODE_HEADING:
	case NODE_PARAGRAPH:
	case NODE_PAGE_BREAK:
	case NODE_CASE_STUDY:
	case NODE_CASE_STUDIES:
	case NODE_IMAGE:
	case NODE_KEEP:
	case NODE_EACH:
	case NODE_CONTENTS:
		break;
	}
}

/* Appends to b the citation of dataset d, which has a source, in
 * lang. */
static void
add_dataset(struct composer *c, struct buf *b, const struct dataset *d,
	    enum lang lang)
{
	add_citation(c, b, (size_t)d->source, lang);
}

/* Appends sep to b unless it is the first of *n parts. */
static void
separate(struct buf *b, size_t *n, const char *sep)
{
	if ((*n)++ > 0)
		buf_adds(b, sep);
}

/*
 * The source line of what k names, in lang; NULL when it names nothing.
 * Sample datasets come first, said to stand in for their sources (no
 * figure of theirs is credited to a publisher), then the real datasets
 * and the other sources:
 *   出典：試作用の見本データ（A（…公表）に代わる値）、B（…公表）を基に作成。
 *   Source: sample data standing in for A (published …); B (published …).
 */
static const char *
source_line(struct composer *c, const struct cites *k, enum lang lang)
{
	const struct spec *s = c->spec;
	const char *sep = lang == LANG_JA ? "、" : "; ", *line;
	bool ja = lang == LANG_JA, real = false, shown;
	struct buf b = {0};
	size_t i, d, n = 0, ns = 0;

	buf_adds(&b, ja ? "出典：" : "Source: ");
	for (i = 0; i < s->ndatasets; i++) {
		if (!k->dataset[i] || !s->datasets[i].sample)
			continue;
		if (ns++ == 0)
			buf_adds(&b, ja ? "試作用の見本データ（"
					: "sample data standing in for ");
		else
			buf_adds(&b, sep);
		add_dataset(c, &b, &s->datasets[i], lang);
	}
	if (ns > 0) {
		buf_adds(&b, ja ? "に代わる値）" : "");
		n++;
	}
	for (i = 0; i < s->ndatasets; i++) {
		if (!k->dataset[i] || s->datasets[i].sample)
			continue;
		separate(&b, &n, sep);
		add_dataset(c, &b, &s->datasets[i], lang);
		real = true;
	}
	for (i = 0; i < s->nsources; i++) {
		/* A dataset's source is named with the dataset. */
		for (shown = false, d = 0; d < s->ndatasets; d++)
			shown = shown || (k->dataset[d] &&
					  s->datasets[d].source == (int)i);
		if (!k->source[i] || shown)
			continue;
		separate(&b, &n, sep);
		add_citation(c, &b, i, lang);
		real = true;
	}
	if (ja && real)
		buf_adds(&b, "を基に作成");
	buf_adds(&b, ja ? "。" : ".");
	line = n > 0 ? arena_strdup(&c->out->arena, b.data) : NULL;
	buf_free(&b);
	return line;
}

bool
compose_shares_source(const struct composer *c, const struct node *n,
		      const struct node *next)
{
	const struct spec *s = c->spec;
	struct cites a, b;
	bool covered = next->kind == NODE_CHART || next->kind == NODE_TABLE;
	size_t i;

	a.dataset = xcalloc(s->ndatasets + 1, sizeof *a.dataset);
	b.dataset = xcalloc(s->ndatasets + 1, sizeof *b.dataset);
	node_datasets(s, n, &a);
	node_datasets(s, next, &b);
	for (i = 0; covered && i < s->ndatasets; i++)
		covered = !a.dataset[i] || b.dataset[i];
	for (i = 0; covered && i < n->nsources; i++) {
		size_t k;

		for (k = 0; k < next->nsources; k++)
			if (next->sources[k] == n->sources[i])
				break;
		covered = k < next->nsources;
	}
	free(a.dataset);
	free(b.dataset);
	return covered;
}

void
compose_source_line(struct composer *c, const struct node *n,
		    size_t first_box)
{
	const struct spec *s = c->spec;
	struct cites k;
	struct drawlist l = {0};
	struct box *b;
	double y = 3, size;
	uint32_t color;
	enum lang lang;
	size_t i;

	if (c->out->n == first_box)
		return;
	k.dataset = xcalloc(s->ndatasets + 1, sizeof *k.dataset);
	k.source = xcalloc(s->nsources + 1, sizeof *k.source);
	node_datasets(s, n, &k);
	for (i = 0; i < n->nsources; i++)
		k.source[n->sources[i]] = true;
	b = &c->out->v[c->out->n - 1];
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		const char *line;

		if (!(c->lang & lang) || (line = source_line(c, &k, lang)) ==
						 NULL)
			continue;
		compose_style(c, lang, SOURCE_PT, &size, &color);
		compose_text(c, NULL, &l, &y, line, size, INK_SOFT, ALIGN_LEFT,
			     c->width);
	}
	if (l.n > 0) {
		/* The foot of the box: under its last slice, and at the
		 * bottom of every page it breaks from. */
		b->foot = xreallocarray(b->foot, b->nfoot + 1,
					sizeof *b->foot);
		b->foot[b->nfoot].height_pt = y + 2;
		b->foot[b->nfoot].kind = SLICE_NOTE;
		b->foot[b->nfoot].lang = 0;
		b->foot[b->nfoot].items =
			draw_copy(&c->out->arena, l.v, l.n, 0, 0);
		b->foot[b->nfoot++].nitems = l.n;
	}
	draw_free(&l);
	free(k.dataset);
	free(k.source);
}

/* --- the sample mark ------------------------------------------------------ */

void
compose_stamp(struct composer *c)
{
	enum lang lang;
	struct buf b = {0};

	if (!compose_sample(c))
		return;
	for (lang = LANG_JA; lang <= LANG_EN; lang++) {
		if (!(c->lang & lang))
			continue;
		if (b.len > 0)
			buf_adds(&b, "　");
		buf_adds(&b, lang == LANG_JA ? "見本" : "SAMPLE");
	}
	c->out->stamp = arena_strdup(&c->out->arena, b.data);
	buf_free(&b);
}
