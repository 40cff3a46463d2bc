/*
 * Private to compose.c, compose_table.c and chart.c: the composer's state,
 * the house style and the helpers they share.
 */
#ifndef BRIEFGEN_COMPOSE_INT_H
#define BRIEFGEN_COMPOSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compose.h"
#include "draw.h"
#include "format.h"
#include "prefs.h"
#include "spec.h"
#include "text.h"

struct buf;

/* Rows a table or chart can select: every selection could be "all". */
#define MAX_ROWS (MAX_ROWSEL * NPREFS)

/* House style. */
#define INK 0x1a1a1aU       /* body text */
#define INK_SOFT 0x5a5a5aU  /* the second language */
#define ACCENT 0x1f4e79U    /* headings, table headers */
#define FOCUS 0xc0504dU     /* focus prefectures */
#define BAR 0x9db3cfU       /* other bars */
#define RULE 0xc8c8c8U      /* table rules, grid lines */
#define TINT 0xeef2f7U      /* region rows */
#define TINT_DARK 0xdde4ee  /* nation rows */
#define WHITE 0xffffffU
#define FOCUS_TINT 0xfbeaeaU /* focus rows */
#define ZEBRA 0xf4f4f4U      /* every other table row */
#define WATERMARK 0xb4b4b4U  /* 案 / DRAFT, drawn translucent */

#define NO_DATA "—"   /* shown for a value that does not exist */
#define SOURCE_PT 7.0 /* source lines (出典) */
#define CELL_PAD 5.0  /* inside table cells and boxes, pt */
#define BODY_PT 9.0   /* body text */
#define MIN_PT 7.0    /* the least size of any text: legible in print */
#define SECOND 0.8    /* second language size, relative, MIN_PT at least */
#define LEADING 1.45  /* line height, relative to size */

/* A heading, as the contents list it. */
struct toc_entry {
	int level;           /* 1 or 2 */
	const char *text[2]; /* in the first and second output language;
	                      * [1] is NULL with one language */
};

/* A contents block waiting for the headings that follow it. */
struct toc_block {
	size_t box;          /* index into out->v */
	int levels;          /* the deepest level listed */
};

struct composer {
	const struct spec *spec;
	const struct cube *cube;
	const struct prefs *prefs;
	const struct roster *roster; /* names by date, or NULL */
	const struct pack *pack;
	const struct fonts *fonts;
	unsigned lang;          /* LANG_JA | LANG_EN */
	const struct table *const *tables; /* one per dataset */
	int master;             /* index into spec.masters in force */
	int font;               /* the body font (gothic) */
	int serif;              /* the cover's serif font, or font */
	double width;           /* content width, pt */
	double height;          /* content height, pt */
	struct boxes *out;
	size_t cap;             /* boxes allocated in out->v */
	struct toc_entry *toc;  /* every heading so far, in order */
	size_t ntoc;
	struct toc_block *tocs; /* contents blocks to fill in */
	size_t ntocs;
	ptrdiff_t keep_next;    /* first box of a node to keep on one page
	                         * with the node that follows, or -1 */
	struct text_names *names; /* places, which lines never split */
	const struct node *heading; /* the last heading composed, or NULL */
	size_t heading_box;     /* its box, index into out->v */
	bool ok;
};

/* A box appended to the output, empty. */
struct box *compose_box(struct composer *c, enum box_kind kind,
			const struct loc *loc);
/* Appends the items of l as a new body (or head) slice of box b, of
 * kind SLICE_BLOCK (SLICE_HEAD for a head); returns it, valid until the
 * box's next slice. */
struct slice *compose_slice(struct composer *c, struct box *b, bool head,
			    const struct drawlist *l, double height);
/* Appends the items of l as a smaller version of box b's one slice
 * (struct box, alt). */
void compose_alt(struct composer *c, struct box *b, const struct drawlist *l,
		 double height);
/* The text in language lang, falling back to the other language, with
 * the tokens {area} (the pack's focus as one place: its prefecture, its
 * region, or the prefectures named together) and {prefecture} (the
 * prefecture of an <each>, else the first focus prefecture) replaced. */
const char *compose_pick(struct composer *c, const struct text *t,
			 enum lang lang);
/* A fact of the packs file in lang, as compose_pick gives it; a
 * placeholder in brackets (〔未定〕, [to be announced]), so that it is
 * never read as the real value. */
const char *compose_fact(struct composer *c, const struct fact *f,
			 enum lang lang);
/* Width of the UTF-8 string s in the body font at size_pt. */
double compose_width(const struct composer *c, const char *s, double size_pt);
/* A value from the cube formatted for lang, or the "no data" mark. */
const char *compose_value(struct composer *c, size_t dataset, size_t measure,
			  size_t geo, const struct format *f, enum lang lang);
/* Names of a geography row in lang. */
const char *compose_geo_name(const struct composer *c, size_t geo,
			     enum lang lang);
/* Expands the row selections of a table or chart into geography indices
 * (at most MAX_ROWS) stored in geo; returns how many. */
size_t compose_rows(struct composer *c, const struct node *n, size_t *geo);
/* The first language shown (Japanese unless only English is). */
enum lang compose_first(const struct composer *c);

/*
 * Wraps s to width and adds its lines with the given alignment: to l at
 * *y (advancing it) when l is not NULL, else as one slice per line of box
 * b.  Returns the number of lines.
 */
size_t compose_text(struct composer *c, struct box *b, struct drawlist *l,
		    double *y, const char *s, double size, uint32_t color,
		    enum align align, double width);
/* Size and colour of text in lang: the first language at size in ink,
 * the second smaller and lighter. */
void compose_style(const struct composer *c, enum lang lang, double size,
		   double *sz, uint32_t *color);
/* The size of the second language beside text of size pt: SECOND of it,
 * MIN_PT at least. */
double compose_second(double pt);
/* The title of a table or chart, as a box of its own kept with the
 * next; nothing when the node has none. */
void compose_title(struct composer *c, const struct node *n);
/* Sets b->cont, the caption of table n, which box b holds, as it is
 * repeated atop every page the table continues on: n's title, or when
 * it has none the heading in the box just before b, with the continued
 * mark after each language's text (表2 全都道府県（続き）, Table 2: All
 * prefectures (continued)), in its style.  Its height takes in b's
 * space_before_pt, the gap between caption and table.  Nothing when
 * the table has no caption. */
void compose_continued(struct composer *c, const struct node *n,
		       struct box *b);
/* The regions a node's "region" and "members" rows mean: a table's
 * region attribute, else the regions of the focus prefectures.  Stores
 * at most NREGIONS region indices in v and returns how many; an unknown
 * region is reported (and 0 returned). */
#define NREGIONS 16
size_t compose_regions(struct composer *c, const struct node *n, int *v);
/* Is geo one of the pack's focus prefectures? */
bool compose_is_focus(const struct composer *c, size_t geo);

/* --- provenance (compose_source.c) --- */
/* Does the pack show sample data (a dataset marked sample)? */
bool compose_sample(const struct composer *c);
/* Source i of the spec cited in lang, in the arena: its publisher and
 * title, and its date of publication: 総務省「…」（平成29年3月30日公表）,
 * MIC, "…" (published 30 March 2017). */
const char *compose_citation(struct composer *c, size_t source,
			     enum lang lang);
/* If p starts a token of provenance, appends its text in lang to b and
 * returns the token's length; else returns 0.  {as-of}: the current
 * survey's as-of date; {previous-as-of}: the survey's before it (— when
 * there is none); {source:ID}: the citation of source ID. */
size_t compose_token(struct composer *c, const char *p, enum lang lang,
		     struct buf *b);
/* Adds the source line of node n (出典：…), from the datasets it draws
 * figures from and the sources it cites, as the foot of the last box
 * composed since box first_box: under the node, and at the bottom of
 * every page it breaks from.  Nothing when no box was composed or the
 * node names no source. */
void compose_source_line(struct composer *c, const struct node *n,
			 size_t first_box);
/* Does the source line of next, a table or chart, name everything node
 * n draws from?  Then n is kept on the page of next and shares its
 * source line (key figures above the chart of their measure). */
bool compose_shares_source(const struct composer *c, const struct node *n,
			   const struct node *next);
/* Sets out->stamp, the mark of sample data on every page, when the pack
 * shows sample data. */
void compose_stamp(struct composer *c);

/* Composes a table node (compose_table.c). */
void compose_table(struct composer *c, const struct node *n);
/* Composes a chart node (chart.c). */
void compose_chart(struct composer *c, const struct node *n);

#endif
