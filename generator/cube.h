/*
 * Aggregation.  Groups the rows of every dataset by prefecture (from the
 * local government code) and computes each measure for the 47 prefectures,
 * every region and the nation.  The cube does not depend on a pack, so a
 * batch builds it once.  Used by main, batch and compose.
 */
#ifndef BRIEFGEN_CUBE_H
#define BRIEFGEN_CUBE_H

#include <stdbool.h>
#include <stddef.h>

struct spec;
struct table;
struct prefs;
struct roster;
struct row;

enum cube_state {
	CUBE_OK,       /* value is set */
	CUBE_NO_DATA,  /* no survey rows for this place */
	CUBE_UNDEFINED /* a ratio whose denominator is zero or unknown */
};

struct cube_value {
	double value;         /* valid when state is CUBE_OK */
	unsigned rows;        /* survey rows aggregated */
	unsigned missing;     /* rows whose input value was missing */
	double base;          /* a ratio: what it divides by (the
	                       * denominator, the municipalities of the
	                       * roster, or the rows that answered) */
	enum cube_state state;
};

struct cube {
	const struct spec *spec;    /* borrowed */
	const struct prefs *prefs;  /* borrowed */
	const struct roster *roster; /* borrowed, or NULL */
	size_t ndatasets;
	size_t nmeasures;
	size_t ngeo;             /* 47 prefectures, the regions, the nation */
	size_t nregions;
	struct cube_value *v;    /* [dataset][measure][geo] */
	long beyond;             /* the first measure a sum of which
				  * reached 2^53 (VALUE_MAX), or -1 */
	size_t beyond_dataset;   /* and its dataset */
	unsigned *on_roster;     /* [dataset][geo]: municipalities of the
	                          * roster on the dataset's as-of date */
};

/*
 * A cube is filled row by row, so survey files can be streamed into it:
 * cube_new, cube_add for every row of every dataset (rows come from
 * table, which has checked their codes), then cube_finish once.  A value
 * whose rows all miss the input (a sum of a column left empty) has no
 * data, which is not zero.  A ratio of="roster" divides by the
 * municipalities of roster (NULL when there is none: such a ratio has no
 * value) on the dataset's as-of date, however many rows the file has.
 * spec, prefs and roster must outlive the cube.  The caller frees the
 * result with cube_free.
 */
struct cube *cube_new(const struct spec *spec, const struct prefs *prefs,
		      const struct roster *roster);
void cube_add(struct cube *c, size_t dataset, const struct row *row);
/* Sums prefectures into regions and the nation and computes ratios.
 * Returns false after reporting (at the measure) a sum that reached 2^53,
 * past which it could be printed only with invented digits. */
bool cube_finish(struct cube *c);

/* Builds the cube from one table per dataset of spec (tables[i] holds
 * spec->datasets[i]). */
struct cube *cube_build(const struct spec *spec,
			const struct table *const *tables,
			const struct prefs *prefs, const struct roster *roster);
void cube_free(struct cube *c);

/* Geography indices. */
static inline size_t
cube_pref(int code)
{
	return (size_t)code - 1;
}
static inline size_t
cube_region(int region)
{
	return 47 + (size_t)region;
}
static inline size_t
cube_nation(const struct cube *c)
{
	return c->ngeo - 1;
}

static inline const struct cube_value *
cube_get(const struct cube *c, size_t dataset, size_t measure, size_t geo)
{
	return &c->v[(dataset * c->nmeasures + measure) * c->ngeo + geo];
}

#endif
