#include "prefs.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "msg.h"
#include "table.h"
#include "xalloc.h"

enum { P_CODE, P_NAME_JA, P_NAME_EN, P_REGION_JA, P_REGION_EN, P_NCOLS };

static const char *const h_code[] = {"code"};
static const char *const h_name_ja[] = {"name_ja"};
static const char *const h_name_en[] = {"name_en"};
static const char *const h_region_ja[] = {"region_ja"};
static const char *const h_region_en[] = {"region_en"};

static const struct colspec cols[P_NCOLS] = {
	{"code", COL_NUMBER, h_code, 1, NULL, 0, false},
	{"name_ja", COL_TEXT, h_name_ja, 1, NULL, 0, false},
	{"name_en", COL_TEXT, h_name_en, 1, NULL, 0, false},
	{"region_ja", COL_TEXT, h_region_ja, 1, NULL, 0, false},
	{"region_en", COL_TEXT, h_region_en, 1, NULL, 0, false},
};
static const struct schema schema = {cols, P_NCOLS};

static int
region_of(struct prefs *p, const char *ja, const char *en)
{
	size_t i;

	for (i = 0; i < p->nregions; i++)
		if (strcmp(p->regions[i].name_ja, ja) == 0)
			return (int)i;
	p->regions = xreallocarray(p->regions, p->nregions + 1,
				   sizeof *p->regions);
	p->regions[p->nregions].name_ja = ja;
	p->regions[p->nregions].name_en = en;
	return (int)p->nregions++;
}

struct prefs *
prefs_read(const char *path)
{
	struct prefs *p;
	struct source src = {path, &schema, ENC_AUTO, NULL, 0};
	struct table *t = table_read(&src);
	bool ok = true;
	size_t i;
	int code;

	if (t == NULL)
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->table = t;
	for (i = 0; i < t->nrows; i++) {
		const struct row *r = &t->rows[i];
		double v = r->cells[P_CODE].num;
		struct loc loc = table_cell_loc(t, r, P_CODE);

		code = (int)v;
		if (r->cells[P_CODE].missing || code != v || code < 1 ||
		    code > NPREFS) {
			msg_error(&loc, "prefecture code must be 01 to 47, "
					"not \"%s\"",
				  r->cells[P_CODE].text);
			ok = false;
			continue;
		}
		if (p->pref[code].code != 0) {
			msg_error(&loc, "prefecture %02d listed twice", code);
			ok = false;
			continue;
		}
		p->pref[code].code = code;
		p->pref[code].name_ja = r->cells[P_NAME_JA].text;
		p->pref[code].name_en = r->cells[P_NAME_EN].text;
		p->pref[code].region = region_of(p, r->cells[P_REGION_JA].text,
						 r->cells[P_REGION_EN].text);
	}
	for (code = 1; code <= NPREFS && ok; code++)
		if (p->pref[code].code == 0) {
			struct loc loc = {t->name, 0, 0};

			msg_error(&loc, "prefecture %02d is missing", code);
			ok = false;
		}
	if (!ok) {
		prefs_free(p);
		return NULL;
	}
	return p;
}

void
prefs_free(struct prefs *p)
{
	if (p == NULL)
		return;
	table_free(p->table);
	free(p->regions);
	free(p);
}

/* Does key equal name without its last character (都, 府 or 県)? */
static bool
short_name(const char *key, const char *name)
{
	static const char *const suffixes[] = {"都", "府", "県"};
	size_t n = strlen(name), i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (n > 3 && strcmp(name + n - 3, suffixes[i]) == 0 &&
		    strlen(key) == n - 3 && strncmp(key, name, n - 3) == 0)
			return true;
	return false;
}

int
prefs_find(const struct prefs *p, const char *key)
{
	int code;

	if (key[0] >= '0' && key[0] <= '9' &&
	    (key[1] == '\0' ||
	     (key[1] >= '0' && key[1] <= '9' && key[2] == '\0'))) {
		code = atoi(key);
		return code >= 1 && code <= NPREFS ? code : -1;
	}
	if (p == NULL)
		return 0;
	if (key[0] == '\0')
		return -1;
	/* The full name is by far the most common. */
	for (code = 1; code <= NPREFS; code++)
		if (strcmp(key, p->pref[code].name_ja) == 0)
			return code;
	for (code = 1; code <= NPREFS; code++)
		if (short_name(key, p->pref[code].name_ja) ||
		    strcasecmp(key, p->pref[code].name_en) == 0)
			return code;
	return -1;
}
