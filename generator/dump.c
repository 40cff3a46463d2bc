#include "dump.h"

#include <stdint.h>

#include "buf.h"
#include "draw.h"
#include "fonts.h"
#include "format.h"
#include "msg.h"
#include "paginate.h"

static void
color(FILE *out, const char *what, uint32_t c)
{
	if (c != NO_COLOR)
		fprintf(out, " %s=#%06x", what, (unsigned)c);
}

/* Writes s in double quotes, a quote or backslash in it after a
 * backslash, and a control character as \xHH (msg_fprint): the text
 * comes from the data. */
static void
quoted(FILE *out, const char *s)
{
	struct buf b = {0};

	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *s);
	}
	msg_fprint(out, "\"%s\"", b.len > 0 ? b.data : "");
	buf_free(&b);
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
		if (it->bold)
			fprintf(out, " bold");
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

/* "  slice KIND BOX Y H [LANG]": what the items after it are. */
static void
slice(FILE *out, const struct placed *s)
{
	fprintf(out, "  slice %s", draw_kind_name(s->kind));
	if (s->box == SIZE_MAX)
		fprintf(out, " -");
	else
		fprintf(out, " %zu", s->box);
	fprintf(out, " %.2f %.2f", s->y_pt, s->height_pt);
	if (s->lang != 0)
		fprintf(out, " %s", s->lang == LANG_JA ? "ja" : "en");
	putc('\n', out);
}

void
dump_pages(FILE *out, const struct pages *p, const struct fonts *fonts)
{
	size_t i, k, s;

	for (i = 0; i < p->n; i++) {
		const struct page *pg = &p->v[i];

		fprintf(out, "page %zu %.2f %.2f", i + 1, pg->width_pt,
			pg->height_pt);
		fprintf(out, " type-area=%.2f,%.2f,%.2f,%.2f%s%s\n",
			pg->left_pt, pg->top_pt, pg->right_pt, pg->bottom_pt,
			pg->cover ? " cover" : "", pg->forced ? " forced" : "");
		for (k = 0, s = 0; k < pg->nitems; k++) {
			for (; s < pg->nslices && pg->slices[s].item == k; s++)
				slice(out, &pg->slices[s]);
			item(out, &pg->items[k], fonts);
		}
		for (; s < pg->nslices; s++)
			slice(out, &pg->slices[s]);
	}
	for (i = 0; i < p->noutline; i++) {
		const struct outline_entry *e = &p->outline[i];

		fprintf(out, "outline %d page %zu %.2f ", e->level, e->page + 1,
			e->y_pt);
		quoted(out, e->title);
		putc('\n', out);
	}
}
