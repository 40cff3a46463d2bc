#include "xmltags.h"

enum {
	TEXT,    /* outside markup */
	OPEN,    /* after "<" */
	TAG,     /* in a tag, outside attribute values */
	VALUE,   /* in an attribute value */
	BANG,    /* after "<!" */
	BANG2,   /* after "<!-" */
	COMMENT, /* to "-->" */
	CDATA,   /* "<![", to "]]>" */
	DECL,    /* "<!DOCTYPE" and the like, to ">" */
	PI,      /* to "?>" */
};

bool
xmltags_feed(struct xmltags *s, const char *p, size_t len)
{
	const char *end = p + len;
	char c;

	for (; p < end; s->last[0] = s->last[1], s->last[1] = c, p++) {
		c = *p;
		if (c == '\n')
			s->lines++;
		switch (s->state) {
		case TEXT:
			if (c == '<')
				s->state = OPEN;
			break;
		case OPEN:
			s->state = c == '!' ? BANG : c == '?' ? PI : TAG;
			s->attrs = 0;
			s->line = s->lines + 1;
			if (s->state == TAG && c == '>')
				s->state = TEXT;
			break;
		case TAG:
			if (c == '"' || c == '\'') {
				s->quote = c;
				s->state = VALUE;
			} else if (c == '=' &&
				   ++s->attrs > XMLTAGS_MAX_ATTRIBUTES)
				return false;
			else if (c == '>')
				s->state = TEXT;
			break;
		case VALUE:
			if (c == s->quote)
				s->state = TAG;
			break;
		case BANG:
			s->state = c == '-' ? BANG2 : c == '[' ? CDATA : DECL;
			break;
		case BANG2:
			s->state = c == '-' ? COMMENT : DECL;
			c = ' '; /* "<!--" does not end at "->" */
			break;
		case COMMENT:
			if (c == '>' && s->last[0] == '-' && s->last[1] == '-')
				s->state = TEXT;
			break;
		case CDATA:
			if (c == '>' && s->last[0] == ']' && s->last[1] == ']')
				s->state = TEXT;
			break;
		case DECL:
			if (c == '>')
				s->state = TEXT;
			break;
		case PI:
			if (c == '>' && s->last[1] == '?')
				s->state = TEXT;
			break;
		}
	}
	return true;
}
