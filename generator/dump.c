#include "dump.h"

#include <stdint.h>

#include "draw.h"
#include "fonts.h"
#include "paginate.h"

static void
color(FILE *out, const char *what, uint32_t c)
{
	if (c != NO_COLOR)
		fprintf(out, " %s=#%06x", what, (unsigned)c);
}

static void
quoted(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			putc('\\', out);
		putc(*s, out);
	}
	putc('"', out);
}

static void
item(FILE *out, const struct item *it, const struct fonts *fonts)
{
	switch (it->kind) {
	case ITEM_TEXT:
		fprintf(out, "  text %.2f %.2f w=%.2f %s %.1f", it->x, it->y,
			it->w, fonts_name(fonts, it->font), it->size_pt);
		color(out, "ink", it->fill);
		if (it->char_sp != 0)
			fprintf(out, " cs=%.2f", it->char_sp);
		if (it->angle_deg != 0)
			fprintf(out, " angle=%.0f", it->angle_deg);
		if (it->opacity != 1)
			fprintf(out, " opacity=%.2f", it->opacity);
		putc(' ', out);
		quoted(out, it->text);
		break;
	case ITEM_LINE:
		fprintf(out, "  line %.2f %.2f %.2f %.2f %.2f", it->x, it->y,
			it->x + it->w, it->y + it->h, it->line_pt);
		color(out, "stroke", it->stroke);
		if (it->dash)
			fprintf(out, " dash=%u", it->dash);
		break;
	case ITEM_RECT:
		fprintf(out, "  rect %.2f %.2f %.2f %.2f", it->x, it->y, it->w,
			it->h);
		color(out, "fill", it->fill);
		color(out, "stroke", it->stroke);
		if (it->opacity != 1)
			fprintf(out, " opacity=%.2f", it->opacity);
		break;
	case ITEM_IMAGE:
		fprintf(out, "  image %.2f %.2f %.2f %.2f ", it->x, it->y,
			it->w, it->h);
		quoted(out, it->text);
		break;
	}
	putc('\n', out);
}

void
dump_pages(FILE *out, const struct pages *p, const struct fonts *fonts)
{
	size_t i, k;

	for (i = 0; i < p->n; i++) {
		fprintf(out, "page %zu %.2f %.2f%s\n", i + 1, p->v[i].width_pt,
			p->v[i].height_pt, p->v[i].cover ? " cover" : "");
		for (k = 0; k < p->v[i].nitems; k++)
			item(out, &p->v[i].items[k], fonts);
	}
	for (i = 0; i < p->noutline; i++) {
		const struct outline_entry *e = &p->outline[i];

		fprintf(out, "outline %d page %zu %.2f ", e->level, e->page + 1,
			e->y_pt);
		quoted(out, e->title);
		putc('\n', out);
	}
}
