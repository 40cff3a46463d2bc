/*
 * Watch mode: renders a pack, then again whenever a file it was made
 * from changes, for a person editing a layout with the PDF open beside
 * it.  Linux inotify(7).  Used by main.
 */
#ifndef BRIEFGEN_WATCH_H
#define BRIEFGEN_WATCH_H

struct options;

/* What to render, as for render. */
struct watch {
	const char *layout; /* as named */
	const char *packs;  /* the packs file */
	const char *pack;   /* its id, or NULL for the first pack
	                     * that uses the layout */
	const char *out;    /* the PDF, or NULL for
	                     * output/ID-YYYY-MM.pdf */
	const struct options *opt;
};

/*
 * Renders w, then renders it again, with every file read afresh,
 * whenever the layout, a file it includes, its fonts configuration,
 * reference table, datasets or images, or the packs file is written,
 * replaced, moved or removed.  Changes that come within 100 ms of each
 * other give one render.  After each render prints one line on stdout,
 * "[HH:MM:SS] " and the line render prints, or "[HH:MM:SS] ID FAILED:
 * N errors" after the errors.  Returns only when inotify fails: the exit
 * status, after reporting.
 */
int watch_run(const struct watch *w);

#endif
