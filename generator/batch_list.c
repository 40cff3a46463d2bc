/*
 * Lists for the people who edit layouts and for archivists: the packs a
 * packs file makes, the fonts a configuration names and the state of
 * their files, and the versions that decide the bytes of a PDF.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "batch_int.h"
#include "buf.h"
#include "fonts.h"
#include "hash.h"
#include "msg.h"
#include "spec.h"
#include "xalloc.h"

/* The width of the widest pack id, or layout, of ps. */
static int
widest(const struct packs *ps, bool layout)
{
	size_t i, w = 0;

	for (i = 0; i < ps->n; i++) {
		size_t n = strlen(layout ? ps->v[i].layout : ps->v[i].id);

		w = n > w ? n : w;
	}
	return w > 200 ? 200 : (int)w;
}

void
run_list_packs(const struct packs *ps, unsigned lang)
{
	int wid = widest(ps, false), wlayout = widest(ps, true);
	size_t i;

	for (i = 0; i < ps->n; i++) {
		const struct pack *p = &ps->v[i];
		bool ja = (lang & LANG_JA) && p->title.ja != NULL;
		bool en = (lang & LANG_EN) && p->title.en != NULL;

		char date[16] = "undated";

		if (p->dated)
			snprintf(date, sizeof date, "%04d-%02d-%02d",
				 p->date.year, p->date.month, p->date.day);
		msg_fprint(stdout, "%-*s  %-10s  %-*s  %s%s%s\n", wid, p->id,
			   date, wlayout, p->layout, ja ? p->title.ja : "",
			   ja && en ? " / " : "", en ? p->title.en : "");
	}
	fflush(stdout);
}

/* The fonts configuration at path, or that of the layout at path. */
static struct fonts *
read_fonts(const char *path)
{
	size_t n = strlen(path);
	struct spec *s;
	struct fonts *f;

	if (n < 4 || strcmp(path + n - 4, ".xml") != 0)
		return fonts_read_conf(path);
	if ((s = spec_read(path)) == NULL)
		return NULL;
	f = fonts_read_conf(s->fonts_path);
	spec_free(s);
	return f;
}

/* Prints the state of one font's file; returns false when it is missing
 * or differs from the digest remembered for it. */
static bool
list_font(const struct fonts *f, int i, const char *cache)
{
	const char *file = fonts_file(f, i);
	char now[HASH_HEX], then[HASH_HEX];
	struct hash h, remembered;
	bool known;

	msg_fprint(stdout, "%s %s: ", fonts_name(f, i), file);
	known = hash_cache_find(file, cache, &remembered);
	if (!hash_file(file, &h)) {
		printf("missing (%s)\n", strerror(errno));
		return false;
	}
	hash_hex(&h, now);
	if (known && !hash_equal(&h, &remembered)) {
		hash_hex(&remembered, then);
		printf("present, SHA-256 %s, but the digest cache has %s for "
		       "it: the file changed in place\n",
		       now, then);
		return false;
	}
	if (known)
		printf("present, SHA-256 %s, matches the digest cache\n", now);
	else if (cache != NULL && hash_file_cached(file, cache, &h))
		printf("present, SHA-256 %s, added to the digest cache\n", now);
	else
		printf("present, SHA-256 %s, no digest cache\n", now);
	return true;
}

int
run_list_fonts(const char *path, const struct options *opt)
{
	struct run *r = run_new(opt);
	struct fonts *f = read_fonts(path);
	int status = 0;
	size_t i;

	if (r->digests != NULL)
		msg_note(NULL, "the digest cache is %s", r->digests);
	for (i = 0; f != NULL && i < fonts_count(f); i++)
		if (!list_font(f, (int)i, r->digests))
			status = EXIT_INPUT;
	fonts_free(f);
	run_free(r);
	return msg_status() > status ? msg_status() : status;
}

int
run_print_versions(const char *conf)
{
	struct options opt = {0};
	struct run *r = run_new(&opt);
	struct fonts *f = conf ? fonts_read_conf(conf) : NULL;
	struct buf v = {0};
	char hex[HASH_HEX];
	const char *p;
	size_t i;

	/* "version NAME VALUE" lines, as the manifest has them. */
	run_versions(&v);
	for (p = v.data; p != NULL && *p != '\0'; p += strcspn(p, "\n") + 1)
		printf("%.*s\n", (int)strcspn(p, "\n") - 8, p + 8);
	printf("%s\n", spec_version());
	for (i = 0; f != NULL && i < fonts_count(f); i++) {
		struct hash h;
		const char *file = fonts_file(f, (int)i);

		if (hash_file_cached(file, r->digests, &h))
			hash_hex(&h, hex);
		else
			snprintf(hex, sizeof hex, "missing");
		printf("font %s %s %s\n", fonts_name(f, (int)i), hex, file);
	}
	buf_free(&v);
	fonts_free(f);
	run_free(r);
	return msg_status();
}
