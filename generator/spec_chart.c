/* Chart elements of a layout. */
#include "spec.h"

#include <libxml/tree.h>

#include "spec_int.h"

bool
spec_chart_is(xmlNodePtr n)
{
	return spec_is(n, "bar-chart");
}

struct chart *
spec_chart(struct reader *r, const struct spec *s, xmlNodePtr n,
	   struct node *nd)
{
	struct chart *ch = arena_alloc(r->arena, sizeof *ch);
	xmlNodePtr c;

	ch->dataset = spec_dataset_ref(r, s, n, (int)s->ndatasets - 1);
	ch->measure = spec_measure_ref(r, s, n, "measure");
	ch->fmt = spec_format_ref(r, s, n, ch->measure);
	spec_rows(r, n, nd);
	ch->highlight_focus = spec_attr(r, n, "highlight") != NULL;
	ch->reference_nation = spec_attr(r, n, "reference") != NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (spec_is(c, "title"))
			nd->text = spec_bilingual(r, c);
	return ch;
}
