/*
 * Private to the spec module (spec.c, spec_layout.c, spec_packs.c): the
 * state of a reader and the helpers that walk libxml2's tree.
 */
#ifndef BRIEFGEN_SPEC_INT_H
#define BRIEFGEN_SPEC_INT_H

#include <libxml/hash.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "hash.h"
#include "spec.h"

/* A schema compiled on first use and kept for the life of the process. */
struct rng {
	const char *text;
	size_t len;
	xmlRelaxNGPtr schema;
	struct hash sum; /* SHA-256 of text, once summed */
	bool summed;
};

/* Has a document of the tree of doc validated against g before, in this
 * run or one remembered in the cache file (spec_valid_cache)?  Sets *key
 * to what identifies the tree and the schema, for spec_remember_valid. */
bool spec_known_valid(struct rng *g, xmlDocPtr doc, struct hash *key);
/* Remembers that the document of key validated. */
void spec_remember_valid(const struct hash *key);
/* Forgets the cache file. */
void spec_valid_cleanup(void);

extern struct rng layout_schema;
extern struct rng packs_schema;

/* An element included from another file (XInclude), and that file. */
struct origin {
	xmlNodePtr node;
	const char *file;   /* display name, in the reader's arena */
	const char *dir;    /* its directory */
};

/* State while reading one file. */
struct reader {
	const char *name;    /* display name of the file */
	struct arena *arena; /* of the result */
	const char *dir;     /* directory relative paths resolve against */
	bool ok;
	struct origin *origins; /* included elements, in the arena */
	size_t norigins;
	const char **includes; /* every other file the layout read (XInclude,
	                        * data of its blocks), once each */
	size_t nincludes;
	size_t includes_room; /* of includes, in the arena */
	const struct date *until; /* layouts: leave out datasets as of a
				   * later month; NULL for none */
	const char **later;  /* ids of the datasets left out (xalloc) */
	size_t nlater;
	const char *refused; /* why the last file libxml2 asked for was
			      * refused, until reported (arena); "" when
			      * reported already */
	xmlHashTablePtr said; /* every refusal and every message about an
			       * included file given while loading, to
			       * give each once; NULL outside spec_load */
	xmlHashTablePtr loaded; /* path -> struct loaded: the files XInclude
				 * will load, loaded and measured first */
	bool inner_error;    /* an error was reported inside an included
			      * file since the last failed include */
	struct spec_string *strings; /* the texts read that pages may draw
				      * (xalloc; see struct spec) */
	size_t nstrings;
};

/* Parses data, performs its XIncludes, and validates the result against
 * g; returns the document, or NULL after reporting every error.  Elements
 * keep the file and line they came from.  Free with spec_unload. */
xmlDocPtr spec_load(struct reader *r, const char *data, size_t len,
		    struct rng *g);
void spec_unload(struct reader *r, xmlDocPtr doc);
/* The element's location, for messages. */
struct loc spec_loc(const struct reader *r, xmlNodePtr n);
/* Is n the element called name? */
bool spec_is(xmlNodePtr n, const char *name);
/* The attribute's value copied into the reader's arena, or NULL. */
const char *spec_attr(const struct reader *r, xmlNodePtr n,
		      const char *name);
/* The element's text with XML indentation removed (see spec.c). */
const char *spec_text(const struct reader *r, xmlNodePtr n);
/* The <ja> and <en> children of n; warns when one is missing.  Notes
 * both as texts the pages may draw. */
struct text spec_bilingual(struct reader *r, xmlNodePtr n);
/* Notes text, given at loc, as one the pages may draw (struct spec's
 * strings); NULL is no text. */
void spec_note_string(struct reader *r, const char *text,
		      const struct loc *loc);
/* A path from the file, resolved against the file's directory.  While a
 * PDF is regenerated, a path that leaves its sources is reported and
 * fails the reader (so for spec_resolve_at). */
const char *spec_resolve(struct reader *r, const char *path);
/* Is path one that may be read: any, or while a PDF is regenerated, one
 * inside its sources?  (spec_resolve has said why not.) */
bool spec_readable(const char *path);
/* A path from element n, resolved against the directory of the file n
 * came from (an included file's, say). */
const char *spec_resolve_at(struct reader *r, xmlNodePtr n,
			    const char *path);
/* The directory part of name ("" for none), in a. */
const char *spec_dir(struct arena *a, const char *name);
/* An xsd:boolean attribute ("true", "1", "false", "0"), or dflt when
 * absent. */
bool spec_bool(const struct reader *r, xmlNodePtr n, const char *name,
	       bool dflt);
/* Does n have a <ja> or <en> child? */
bool spec_has_text(xmlNodePtr n);
/* Notes that the layout read file (by XInclude, or as data for its
 * blocks), once: a PDF carries every such file among its sources. */
void spec_note_file(struct reader *r, const char *file);
/* Reports an error at n and marks the reader failed. */
void spec_error(struct reader *r, xmlNodePtr n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Grows the array *v of *n elements of size bytes by one zeroed element
 * and returns it. */
void *spec_push(void **v, size_t *n, size_t size);

/* References from attributes: each reports an unknown id and returns -1
 * (or the fallback when the attribute is absent, for datasets). */
int spec_measure_ref(struct reader *r, const struct spec *s, xmlNodePtr n,
		     const char *name);
int spec_dataset_ref(struct reader *r, const struct spec *s, xmlNodePtr n,
		     int fallback);
/* The format in n's "format" attribute, else what suits measure m. */
struct format spec_format_ref(struct reader *r, const struct spec *s,
			      xmlNodePtr n, int m);
/* Reads the "rows" attribute of n into nd. */
void spec_rows(struct reader *r, xmlNodePtr n, struct node *nd);
/* Is n one of the chart elements? */
bool spec_chart_is(xmlNodePtr n);
/* The pixel size of the PNG file at path, which ref names, as its IHDR
 * gives it (not judged: pngread_size_ok does): returns 1, 0 if it is not
 * a PNG, or -1 after reporting (at ref) that it cannot be read. */
int spec_png_size(const char *path, const struct loc *ref, unsigned *w,
		   unsigned *h);
/* Reads <case-studies> and the CSV files it names into nd->cs
 * (spec_data.c), leaving out a case whose source (a <source> of s) was
 * published after r->until; reports and marks the reader failed on
 * error. */
void spec_case_studies(struct reader *r, const struct spec *s, xmlNodePtr n,
		       struct node *nd);
/* Reads a chart element into a new struct chart (in the arena). */
struct chart *spec_chart(struct reader *r, const struct spec *s,
			 xmlNodePtr n, struct node *nd);

#endif
