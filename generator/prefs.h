/*
 * The prefecture reference table: JIS X 0401 codes 01-47 with Japanese and
 * English names and the region each belongs to, read from a CSV file in
 * input/.  Used by main, batch, cube and compose.
 */
#ifndef BRIEFGEN_PREFS_H
#define BRIEFGEN_PREFS_H

#include <stddef.h>

#define NPREFS 47

struct pref {
	int code;            /* 1..47 */
	const char *name_ja; /* 青森県 */
	const char *name_en; /* Aomori */
	int region;          /* index into prefs.regions */
};

struct region {
	const char *name_ja; /* 東北 */
	const char *name_en; /* Tohoku */
};

struct prefs {
	struct pref pref[NPREFS + 1]; /* indexed by code; [0] unused */
	struct region *regions;       /* in order of first appearance */
	size_t nregions;
	struct table *table;          /* owns the strings */
};

/* Reads the table at path (columns code, name_ja, name_en, region_ja,
 * region_en).  Every code 01..47 must appear once.  Returns NULL after
 * reporting errors; the caller frees the result with prefs_free. */
struct prefs *prefs_read(const char *path);
void prefs_free(struct prefs *p);

/*
 * The prefecture that key names: a JIS code ("02", "2"), the Japanese
 * name with or without its 都, 府 or 県 ("青森県", "青森") or the English
 * name in any case ("aomori").  key is normalized as value_normalize
 * does with fold.  Returns 1..47, or -1 for no prefecture.  With p NULL
 * only codes are known and any other key gives 0.
 */
int prefs_find(const struct prefs *p, const char *key);

#endif
