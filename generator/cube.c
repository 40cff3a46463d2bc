#include "cube.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lgcode.h"
#include "msg.h"
#include "prefs.h"
#include "roster.h"
#include "spec.h"
#include "table.h"
#include "value.h"
#include "xalloc.h"

static struct cube_value *
at(struct cube *c, size_t d, size_t m, size_t g)
{
	return &c->v[(d * c->nmeasures + m) * c->ngeo + g];
}

/* Adds x to the value v of measure m of dataset d.  Below VALUE_MAX every
 * sum of whole numbers is exact; one that reaches it is noted, for
 * cube_finish to refuse. */
static void
add(struct cube *c, size_t d, size_t m, struct cube_value *v, double x)
{
	v->value += x;
	if (!(fabs(v->value) < VALUE_MAX) && c->beyond < 0) {
		c->beyond = (long)m;
		c->beyond_dataset = d;
	}
}

/* Adds one row to the prefecture's additive measures. */
static void
add_row(struct cube *c, const struct spec *s, size_t d, size_t g,
	const struct row *row)
{
	size_t m;

	for (m = 0; m < s->nmeasures; m++) {
		const struct measure *ms = &s->measures[m];
		struct cube_value *v = at(c, d, m, g);
		const struct cell *cell =
			ms->column >= 0 ? &row->cells[ms->column] : NULL;

		v->rows++;
		switch (ms->kind) {
		case MEASURE_COUNT:
			if (cell == NULL)
				v->value += 1;
			else if (cell->missing)
				v->missing++;
			else if (cell->choice == ms->equals)
				v->value += 1;
			break;
		case MEASURE_SUM:
			if (cell->missing)
				v->missing++;
			else
				add(c, d, m, v, cell->num);
			break;
		case MEASURE_RATIO:
		case MEASURE_TOTAL:
			break;
		}
	}
}

/* Sums the prefectures into their regions and the nation. */
static void
roll_up(struct cube *c, const struct prefs *p, size_t d, size_t m)
{
	int code;

	for (code = 1; code <= NPREFS; code++) {
		const struct cube_value *v = at(c, d, m, cube_pref(code));
		size_t up[2] = {cube_region(p->pref[code].region),
				cube_nation(c)};
		size_t i;

		for (i = 0; i < 2; i++) {
			struct cube_value *u = at(c, d, m, up[i]);

			add(c, d, m, u, v->value);
			u->rows += v->rows;
			u->missing += v->missing;
		}
	}
}

/* Measure m, a total of earlier measures, which are final already: it
 * exists where every part does. */
static void
set_total(struct cube *c, const struct measure *ms, size_t d, size_t m,
	  size_t g)
{
	struct cube_value *v = at(c, d, m, g);
	size_t i;

	v->value = 0;
	v->state = CUBE_OK;
	for (i = 0; i < ms->nparts; i++) {
		const struct cube_value *p = at(c, d, (size_t)ms->parts[i], g);

		if (p->state != CUBE_OK)
			v->state = p->state;
		add(c, d, m, v, p->value);
		v->rows = p->rows;
		v->missing += p->missing;
	}
}

/*
 * What the ratio m divides by at geo: the denominator measure's value
 * (returned), or, for of="roster" and of="answered", a count set in
 * v->base of the ratio (NULL returned).
 */
static const struct cube_value *
base_of(struct cube *c, const struct spec *s, size_t d, size_t m, size_t g)
{
	const struct measure *ms = &s->measures[m];
	struct cube_value *v = at(c, d, m, g);
	const struct cube_value *a;
	size_t k;

	switch (ms->of) {
	case RATIO_MEASURE:
		return at(c, d, (size_t)ms->denominator, g);
	case RATIO_ROSTER:
		v->base = c->on_roster[d * c->ngeo + g];
		return NULL;
	case RATIO_ANSWERED:
		/* The rows of a count or sum of the column that were not
		 * missing; one exists, as the numerator or its parts. */
		v->base = 0;
		for (k = 0; k < m; k++)
			if ((s->measures[k].kind == MEASURE_COUNT ||
			     s->measures[k].kind == MEASURE_SUM) &&
			    s->measures[k].column == ms->answers) {
				a = at(c, d, k, g);
				v->base = a->rows - a->missing;
				break;
			}
		return NULL;
	}
	return NULL;
}

static void
set_states(struct cube *c, const struct spec *s, size_t d)
{
	size_t m, g;

	for (m = 0; m < s->nmeasures; m++) {
		const struct measure *ms = &s->measures[m];

		for (g = 0; g < c->ngeo; g++) {
			struct cube_value *v = at(c, d, m, g);
			const struct cube_value *num, *den;

			if (ms->kind == MEASURE_TOTAL) {
				set_total(c, ms, d, m, g);
				continue;
			}
			if (ms->kind != MEASURE_RATIO) {
				/* Rows whose values are all missing give no
				 * data, not zero. */
				v->state = v->rows > v->missing ? CUBE_OK
								: CUBE_NO_DATA;
				continue;
			}
			/* Measures are defined before use, so the parts are
			 * final already. */
			num = at(c, d, (size_t)ms->numerator, g);
			den = base_of(c, s, d, m, g);
			v->rows = num->rows;
			v->missing = num->missing + (den ? den->missing : 0);
			v->base = den ? den->value : v->base;
			if (num->state == CUBE_NO_DATA ||
			    (den != NULL && den->state == CUBE_NO_DATA))
				v->state = CUBE_NO_DATA;
			else if (num->state != CUBE_OK ||
				 (den != NULL && den->state != CUBE_OK) ||
				 v->base == 0)
				v->state = CUBE_UNDEFINED;
			else {
				v->state = CUBE_OK;
				v->value = num->value / v->base;
			}
		}
	}
}

/* Counts the municipality m in its prefecture. */
static void
count_municipality(const struct roster_span *m, void *ctx)
{
	unsigned *per = ctx;

	per[m->pref]++;
}

/* The municipalities of the roster on each dataset's date, by place. */
static void
count_roster(struct cube *c)
{
	size_t d, g;
	unsigned per[NPREFS + 1];
	int code;

	c->on_roster = xcalloc(c->ndatasets * c->ngeo + 1,
			       sizeof *c->on_roster);
	for (d = 0; d < c->ndatasets && c->roster != NULL; d++) {
		unsigned *v = c->on_roster + d * c->ngeo;

		memset(per, 0, sizeof per);
		roster_each(c->roster, &c->spec->datasets[d].as_of,
			    count_municipality, per);
		for (code = 1; code <= NPREFS; code++) {
			g = cube_pref(code);
			v[g] = per[code];
			v[cube_region(c->prefs->pref[code].region)] += per[code];
			v[cube_nation(c)] += per[code];
		}
	}
}

struct cube *
cube_new(const struct spec *s, const struct prefs *p,
	 const struct roster *roster)
{
	struct cube *c = xcalloc(1, sizeof *c);

	c->spec = s;
	c->prefs = p;
	c->roster = roster;
	c->ndatasets = s->ndatasets;
	c->nmeasures = s->nmeasures;
	c->nregions = p->nregions;
	c->ngeo = NPREFS + p->nregions + 1;
	c->v = xcalloc(c->ndatasets * c->nmeasures * c->ngeo, sizeof *c->v);
	c->beyond = -1;
	count_roster(c);
	return c;
}

void
cube_add(struct cube *c, size_t d, const struct row *row)
{
	const struct cell *code = &row->cells[c->spec->code_column];

	/* table reports rows without a valid code and never passes them. */
	assert(!code->missing && lgcode_pref(code->code) >= 1 &&
	       lgcode_pref(code->code) <= NPREFS);
	add_row(c, c->spec, d, cube_pref(lgcode_pref(code->code)), row);
}

bool
cube_finish(struct cube *c)
{
	const struct measure *ms;
	size_t d, m;

	for (d = 0; d < c->ndatasets; d++) {
		for (m = 0; m < c->nmeasures; m++)
			roll_up(c, c->prefs, d, m);
		set_states(c, c->spec, d);
	}
	if (c->beyond < 0)
		return true;
	ms = &c->spec->measures[c->beyond];
	msg_error(&ms->loc, "\"%s\" adds up to 2^53 or more in dataset "
			    "\"%s\", where a sum cannot be exact: the "
			    "values are too large",
		  ms->id, c->spec->datasets[c->beyond_dataset].id);
	return false;
}

struct cube *
cube_build(const struct spec *s, const struct table *const *tables,
	   const struct prefs *p, const struct roster *roster)
{
	struct cube *c = cube_new(s, p, roster);
	size_t d, i;

	for (d = 0; d < s->ndatasets; d++)
		for (i = 0; i < tables[d]->nrows; i++)
			cube_add(c, d, &tables[d]->rows[i]);
	cube_finish(c);
	return c;
}

void
cube_free(struct cube *c)
{
	if (c == NULL)
		return;
	free(c->v);
	free(c->on_roster);
	free(c);
}
