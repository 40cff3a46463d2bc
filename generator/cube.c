#include "cube.h"

#include <stdbool.h>
#include <stdlib.h>

#include "lgcode.h"
#include "msg.h"
#include "prefs.h"
#include "spec.h"
#include "table.h"
#include "xalloc.h"

static struct cube_value *
at(struct cube *c, size_t d, size_t m, size_t g)
{
	return &c->v[(d * c->nmeasures + m) * c->ngeo + g];
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
				v->value += cell->num;
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

			u->value += v->value;
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
		v->value += p->value;
		v->rows = p->rows;
		v->missing += p->missing;
	}
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
				v->state = v->rows ? CUBE_OK : CUBE_NO_DATA;
				continue;
			}
			/* Measures are defined before use, so the parts are
			 * final already. */
			num = at(c, d, (size_t)ms->numerator, g);
			den = at(c, d, (size_t)ms->denominator, g);
			v->rows = num->rows;
			v->missing = num->missing + den->missing;
			if (num->state == CUBE_NO_DATA ||
			    den->state == CUBE_NO_DATA)
				v->state = CUBE_NO_DATA;
			else if (num->state != CUBE_OK ||
				 den->state != CUBE_OK || den->value == 0)
				v->state = CUBE_UNDEFINED;
			else {
				v->state = CUBE_OK;
				v->value = num->value / den->value;
			}
		}
	}
}

struct cube *
cube_build(const struct spec *s, const struct table *const *tables,
	   const struct prefs *p)
{
	struct cube *c = xcalloc(1, sizeof *c);
	bool ok = true;
	size_t d, i, m;

	c->ndatasets = s->ndatasets;
	c->nmeasures = s->nmeasures;
	c->nregions = p->nregions;
	c->ngeo = NPREFS + p->nregions + 1;
	c->v = xcalloc(c->ndatasets * c->nmeasures * c->ngeo, sizeof *c->v);
	for (d = 0; d < s->ndatasets; d++) {
		const struct table *t = tables[d];

		for (i = 0; i < t->nrows; i++) {
			const struct row *row = &t->rows[i];
			const struct cell *code = &row->cells[s->code_column];

			if (code->missing) {
				struct loc loc = table_cell_loc(
					t, row, (size_t)s->code_column);

				msg_error(&loc, "column \"%s\": the local "
						"government code is missing",
					  s->schema.cols[s->code_column]
						  .headers[0]);
				ok = false;
				continue;
			}
			add_row(c, s, d,
				cube_pref(lgcode_pref(code->code)), row);
		}
		for (m = 0; m < s->nmeasures; m++)
			roll_up(c, p, d, m);
		set_states(c, s, d);
	}
	if (!ok) {
		cube_free(c);
		return NULL;
	}
	return c;
}

void
cube_free(struct cube *c)
{
	if (c == NULL)
		return;
	free(c->v);
	free(c);
}
