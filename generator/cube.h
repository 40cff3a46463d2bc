/*
 * Aggregation.  Groups the rows of every dataset by prefecture (from the
 * local government code) and computes each measure for the 47 prefectures,
 * every region and the nation.  The cube does not depend on a pack, so a
 * batch builds it once.  Used by main, batch and compose.
 */
#ifndef BRIEFGEN_CUBE_H
#define BRIEFGEN_CUBE_H

#include <stddef.h>

struct spec;
struct table;
struct prefs;

enum cube_state {
	CUBE_OK,       /* value is set */
	CUBE_NO_DATA,  /* no survey rows for this place */
	CUBE_UNDEFINED /* a ratio whose denominator is zero or unknown */
};

struct cube_value {
	double value;         /* valid when state is CUBE_OK */
	unsigned rows;        /* survey rows aggregated */
	unsigned missing;     /* rows whose input value was missing */
	enum cube_state state;
};

struct cube {
	size_t ndatasets;
	size_t nmeasures;
	size_t ngeo;             /* 47 prefectures, the regions, the nation */
	size_t nregions;
	struct cube_value *v;    /* [dataset][measure][geo] */
};

/*
 * Builds the cube from one table per dataset of spec (tables[i] holds
 * spec->datasets[i]).  Reports rows that cannot be placed (no code) with
 * file:line and returns NULL if there were any.  The caller frees the
 * result with cube_free.
 */
struct cube *cube_build(const struct spec *spec,
			const struct table *const *tables,
			const struct prefs *prefs);
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
