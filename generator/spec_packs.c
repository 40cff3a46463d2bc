/* Packs files: the meetings to render, and packs generated per prefecture
 * or per region. */
#include "spec.h"

#include <ctype.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "infile.h"
#include "prefs.h"
#include "spec_int.h"
#include "xalloc.h"

/* What a generator's placeholders stand for: one prefecture or region. */
struct subject {
	const char *code; /* "02"; NULL for a region */
	const char *slug; /* "aomori", "kyushu-okinawa" */
	struct text name; /* 青森県 / Aomori */
	int focus[NPREFS];
	size_t nfocus;
};

static void
read_fact(struct reader *r, xmlNodePtr n, struct fact *f)
{
	f->text = spec_bilingual(r, n);
	f->placeholder = spec_bool(r, n, "placeholder", false);
}

/* Reads what packs and generators share: layout, date (optional: an
 * undated pack is made as of the day it is rendered), title, venue,
 * document number, secretariat. */
static void
read_common(struct reader *r, xmlNodePtr n, struct pack *p)
{
	const char *date = spec_attr(r, n, "date");
	xmlNodePtr c, o;

	p->layout = spec_resolve_at(r, n, spec_attr(r, n, "layout"));
	p->loc = spec_loc(r, n);
	if ((p->dated = date != NULL) && !date_parse(date, &p->date))
		spec_error(r, n, "date: not a date from 1970-01-01 to "
				 "9999-12-31: \"%s\"",
			   date);
	for (c = n->children; c != NULL; c = c->next) {
		if (spec_is(c, "title"))
			p->title = spec_bilingual(r, c);
		else if (spec_is(c, "venue"))
			read_fact(r, c, &p->venue);
		else if (spec_is(c, "number"))
			read_fact(r, c, &p->number);
		else if (spec_is(c, "secretariat"))
			for (o = c->children; o != NULL; o = o->next) {
				if (spec_is(o, "office"))
					read_fact(r, o, &p->office);
				else if (spec_is(o, "contact"))
					read_fact(r, o, &p->contact);
			}
	}
}

static void
elem_pack(struct reader *r, struct packs *ps, xmlNodePtr n)
{
	struct pack *p = spec_push((void **)&ps->v, &ps->n, sizeof *p);
	const char *f = spec_attr(r, n, "focus");
	size_t i;

	p->id = spec_attr(r, n, "id");
	read_common(r, n, p);
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
}

/*
 * Replaces the placeholders of tmpl for subject s; name is what {name}
 * stands for, or NULL where it may not be used (ids).  Returns the text in
 * the arena, or NULL (tmpl NULL, or an error reported at n).
 */
static const char *
expand(struct reader *r, xmlNodePtr n, const char *tmpl,
       const struct subject *s, const char *name)
{
	struct buf b = {0};
	const char *p, *close, *v, *out = NULL;

	if (tmpl == NULL)
		return NULL;
	for (p = tmpl; *p != '\0'; p = close + 1) {
		size_t len;

		if (*p != '{' || (close = strchr(p, '}')) == NULL) {
			buf_addc(&b, *p);
			close = p;
			continue;
		}
		len = (size_t)(close - p + 1);
		if (len == 6 && strncmp(p, "{code}", 6) == 0)
			v = s->code;
		else if (len == 6 && strncmp(p, "{slug}", 6) == 0)
			v = s->slug;
		else if (len == 6 && strncmp(p, "{name}", 6) == 0)
			v = name;
		else {
			spec_error(r, n, "unknown placeholder \"%.*s\" (use "
					 "{code}, {slug} or {name})",
				   (int)len, p);
			goto out;
		}
		if (v == NULL) {
			spec_error(r, n, "\"%.*s\" cannot be used %s", (int)len,
				   p, s->code == NULL && p[1] == 'c'
					      ? "for a region"
					      : "in an id");
			goto out;
		}
		buf_adds(&b, v);
	}
	out = arena_strndup(r->arena, b.data ? b.data : "", b.len);
out:
	buf_free(&b);
	return out;
}

static struct text
expand_text(struct reader *r, xmlNodePtr n, struct text t,
	    const struct subject *s)
{
	struct text e;

	e.ja = expand(r, n, t.ja, s, s->name.ja);
	e.en = expand(r, n, t.en, s, s->name.en);
	return e;
}

/* The English name in lower case, other characters runs of '-'. */
static const char *
slug(struct reader *r, const char *name)
{
	char *s = arena_strdup(r->arena, name), *q = s;
	const char *p;

	for (p = name; *p != '\0'; p++) {
		if (isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
			*q++ = (char)tolower((unsigned char)*p);
		else if (q > s && q[-1] != '-')
			*q++ = '-';
	}
	while (q > s && q[-1] == '-')
		q--;
	*q = '\0';
	return s;
}

static void
add_generated(struct reader *r, struct packs *ps, xmlNodePtr n,
	      const struct pack *tmpl, const struct subject *s)
{
	const char *id = expand(r, n, tmpl->id, s, NULL);
	struct pack *p;

	if (id == NULL)
		return;
	p = spec_push((void **)&ps->v, &ps->n, sizeof *p);
	*p = *tmpl;
	p->id = id;
	p->title = expand_text(r, n, tmpl->title, s);
	p->venue.text = expand_text(r, n, tmpl->venue.text, s);
	p->number.text = expand_text(r, n, tmpl->number.text, s);
	p->office.text = expand_text(r, n, tmpl->office.text, s);
	p->contact.text = expand_text(r, n, tmpl->contact.text, s);
	memcpy(p->focus, s->focus, s->nfocus * sizeof *s->focus);
	p->nfocus = s->nfocus;
	if (!isalnum((unsigned char)id[0]) ||
	    strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(id))
		spec_error(r, n,
			   "id \"%s\" must be lower-case letters, digits, "
			   "'_' and '-'",
			   id);
}

/* <each-prefecture> and <each-region>: one pack per row of the
 * prefecture table, or per region in the order the table names them. */
static void
elem_generator(struct reader *r, struct packs *ps, xmlNodePtr n,
	       bool regions)
{
	struct pack tmpl = {0};
	struct prefs *pr;
	struct subject s;
	size_t i, code;
	unsigned errors = msg_errors();

	tmpl.id = spec_attr(r, n, "id");
	read_common(r, n, &tmpl);
	pr = prefs_read(spec_resolve_at(r, n, spec_attr(r, n, "prefectures")));
	if (pr == NULL) {
		r->ok = false;
		return;
	}
	/* A bad template fails for every subject: stop after the first. */
	for (i = 0; i < (regions ? pr->nregions : NPREFS) &&
		    msg_errors() == errors;
	     i++) {
		memset(&s, 0, sizeof s);
		if (regions) {
			s.name.ja = pr->regions[i].name_ja;
			s.name.en = pr->regions[i].name_en;
			for (code = 1; code <= NPREFS; code++)
				if (pr->pref[code].region == (int)i)
					s.focus[s.nfocus++] = (int)code;
		} else {
			s.code = arena_printf(r->arena, "%02zu", i + 1);
			s.name.ja = pr->pref[i + 1].name_ja;
			s.name.en = pr->pref[i + 1].name_en;
			s.focus[s.nfocus++] = (int)i + 1;
		}
		s.slug = slug(r, s.name.en);
		add_generated(r, ps, n, &tmpl, &s);
	}
	prefs_free(pr);
}

static int
by_id(const void *a, const void *b)
{
	const struct pack *const *x = a, *const *y = b;
	int c = strcmp((*x)->id, (*y)->id);

	return c ? c : (*x < *y ? -1 : *x > *y);
}

/* Reports every id given to two packs, at the later one. */
static void
check_unique(struct reader *r, const struct packs *ps)
{
	const struct pack **v = xreallocarray(NULL, ps->n, sizeof *v);
	size_t i;

	for (i = 0; i < ps->n; i++)
		v[i] = &ps->v[i];
	qsort(v, ps->n, sizeof *v, by_id);
	for (i = 1; i < ps->n; i++)
		if (strcmp(v[i - 1]->id, v[i]->id) == 0) {
			msg_error(&v[i]->loc, "pack \"%s\" is defined twice",
				  v[i]->id);
			r->ok = false;
		}
	free(v);
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
			else if (spec_is(c, "each-prefecture"))
				elem_generator(&r, ps, c, false);
			else if (spec_is(c, "each-region"))
				elem_generator(&r, ps, c, true);
		xmlFreeDoc(doc);
		check_unique(&r, ps);
	}
	free(r.strings);
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

	if (infile_load(path, INFILE_INPUT, &b))
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

/* --- writing one pack back ------------------------------------------- */

static void
add_escaped(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		default:
			buf_addc(b, *s);
		}
}

static void
add_bilingual(struct buf *b, const char *elem, const struct text *t,
	      bool placeholder)
{
	if (t->ja == NULL && t->en == NULL)
		return;
	buf_printf(b, "    <%s%s>", elem,
		   placeholder ? " placeholder=\"true\"" : "");
	if (t->ja != NULL) {
		buf_adds(b, "<ja>");
		add_escaped(b, t->ja);
		buf_adds(b, "</ja>");
	}
	if (t->en != NULL) {
		buf_adds(b, "<en>");
		add_escaped(b, t->en);
		buf_adds(b, "</en>");
	}
	buf_printf(b, "</%s>\n", elem);
}

void
packs_write(const struct pack *p, const char *layout, struct buf *out)
{
	size_t i;

	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<packs>\n  <pack id=\"");
	add_escaped(out, p->id);
	buf_adds(out, "\" layout=\"");
	add_escaped(out, layout);
	buf_adds(out, "\"");
	if (p->dated)
		buf_printf(out, " date=\"%04d-%02d-%02d\"", p->date.year,
			   p->date.month, p->date.day);
	buf_adds(out, " focus=\"");
	for (i = 0; i < p->nfocus; i++)
		buf_printf(out, "%s%02d", i ? " " : "", p->focus[i]);
	buf_adds(out, "\">\n");
	add_bilingual(out, "title", &p->title, false);
	add_bilingual(out, "venue", &p->venue.text, p->venue.placeholder);
	add_bilingual(out, "number", &p->number.text, p->number.placeholder);
	if (p->office.text.ja != NULL || p->office.text.en != NULL) {
		buf_adds(out, "    <secretariat>\n  ");
		add_bilingual(out, "office", &p->office.text,
			      p->office.placeholder);
		if (p->contact.text.ja != NULL || p->contact.text.en != NULL)
			buf_adds(out, "  ");
		add_bilingual(out, "contact", &p->contact.text,
			      p->contact.placeholder);
		buf_adds(out, "    </secretariat>\n");
	}
	buf_adds(out, "  </pack>\n</packs>\n");
}
