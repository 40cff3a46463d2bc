/* Packs files: the meetings to render. */
#include "spec.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "spec_int.h"
#include "xalloc.h"

/* --- packs ------------------------------------------------------------ */

static void
elem_pack(struct reader *r, struct packs *ps, xmlNodePtr n)
{
	struct pack *p = spec_push((void **)&ps->v, &ps->n, sizeof *p);
	const char *date = spec_attr(r, n, "date");
	const char *f = spec_attr(r, n, "focus");
	xmlNodePtr c;
	size_t i;

	p->id = spec_attr(r, n, "id");
	p->layout = spec_resolve(r, spec_attr(r, n, "layout"));
	p->loc = spec_loc(r, n);
	if (!date_parse(date, &p->date))
		spec_error(r, n, "date: not a date: \"%s\"", date);
	for (c = n->children; c != NULL; c = c->next) {
		if (spec_is(c, "title"))
			p->title = spec_bilingual(r, c);
		else if (spec_is(c, "venue"))
			p->venue = spec_bilingual(r, c);
	}
	while (*f != '\0') {
		int code;

		f += strspn(f, " \t\n");
		if (*f == '\0')
			break;
		code = atoi(f);
		f += strcspn(f, " \t\n");
		if (code < 1 || code > NPREFS) {
			spec_error(r, n, "focus: no prefecture %02d", code);
			continue;
		}
		for (i = 0; i < p->nfocus; i++)
			if (p->focus[i] == code)
				break;
		if (i < p->nfocus)
			continue;
		p->focus[p->nfocus++] = code;
	}
	for (i = 0; i + 1 < ps->n; i++)
		if (strcmp(ps->v[i].id, p->id) == 0)
			spec_error(r, n, "pack \"%s\" is defined twice", p->id);
}

struct packs *
packs_parse(const char *data, size_t len, const char *name)
{
	struct packs *ps = xcalloc(1, sizeof *ps);
	struct reader r = {NULL, &ps->arena, NULL, true};
	xmlDocPtr doc;
	xmlNodePtr c;

	ps->path = arena_strdup(&ps->arena, name);
	r.name = ps->path;
	r.dir = spec_dir(&ps->arena, name);
	if ((doc = spec_load(&r, data, len, &packs_schema)) != NULL) {
		for (c = xmlDocGetRootElement(doc)->children; c != NULL;
		     c = c->next)
			if (spec_is(c, "pack"))
				elem_pack(&r, ps, c);
		xmlFreeDoc(doc);
	}
	if (!r.ok) {
		packs_free(ps);
		return NULL;
	}
	return ps;
}

struct packs *
packs_read(const char *path)
{
	struct buf b = {0};
	struct packs *p = NULL;

	if (buf_read_file(&b, path))
		p = packs_parse(b.data, b.len, path);
	buf_free(&b);
	return p;
}

void
packs_free(struct packs *p)
{
	if (p == NULL)
		return;
	free(p->v);
	arena_free(&p->arena);
	free(p);
}

const struct pack *
packs_find(const struct packs *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].id, id) == 0)
			return &p->v[i];
	return NULL;
}

