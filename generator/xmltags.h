/*
 * A scan of XML text for start tags with too many attributes, run on the
 * bytes before libxml2 parses them.  libxml2 2.9 compares each attribute
 * of an element with every earlier one of it (for duplicates, and for
 * namespaces): an element of 80,000 attributes, 450 KB in a workbook,
 * takes it 24 s, and one of a million, hours.  spec.c and xlsx.c feed
 * what they give libxml2 through the scan; it needs no other module.
 */
#ifndef BRIEFGEN_XMLTAGS_H
#define BRIEFGEN_XMLTAGS_H

#include <stdbool.h>
#include <stddef.h>

/* More attributes than any element of a layout, a packs file or
 * SpreadsheetML has (a dozen at most). */
#define XMLTAGS_MAX_ATTRIBUTES 256

/* The state of a scan, carried from one piece of the text to the next:
 * all zero to start. */
struct xmltags {
	int state;       /* where in the markup the scan is */
	char quote;      /* the quote an attribute value ends with */
	char last[2];    /* the two bytes before, for "-->", "]]>", "?>" */
	unsigned attrs;  /* attributes of the tag being read */
	unsigned lines;  /* line feeds so far */
	unsigned line;   /* the line (from 1) of the tag being read */
};

/*
 * Scans the next len bytes at p of the text.  Returns false at the first
 * start tag with more than XMLTAGS_MAX_ATTRIBUTES attributes, whose line
 * is then in s->line; true otherwise.  Comments, CDATA sections and
 * processing instructions are skipped; text that is not well-formed is
 * scanned as far as it goes, libxml2 reporting what is wrong with it.
 */
bool xmltags_feed(struct xmltags *s, const char *p, size_t len);

#endif
