/*
 * Reference data a layout reads itself, so that the secretariat edits a
 * table, not the layout.  <case-studies>: leading cases from a CSV file of
 * cases and one of their measured effects (input/cases.csv,
 * input/case-effects.csv); each case becomes a struct casestudy of the
 * node, the effects written out in both languages in the wording of the
 * Cabinet Office deck: 0.5億円（▲24%）のコスト削減（1年間）.
 */
#include "spec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "spec_int.h"
#include "table.h"
#include "xalloc.h"

enum {
	C_ID,
	C_TITLE_JA,
	C_TITLE_EN,
	C_WHO_JA,
	C_WHO_EN,
	C_MEASURES_JA,
	C_MEASURES_EN,
	C_OUTCOME_JA,
	C_OUTCOME_EN,
	C_SOURCE_JA,
	C_SOURCE_EN,
	C_SOURCE,
	C_NCOLS
};

enum {
	E_CASE,
	E_ITEM_JA,
	E_ITEM_EN,
	E_SAVING,
	E_CHANGE,
	E_YEARS,
	E_ABOUT,
	E_NCOLS
};

/* Column ids double as their only header. */
#define COL(id, type, opt) {id, type, (const char *const[]){id}, 1, NULL, 0, opt}

static const struct colspec case_cols[C_NCOLS] = {
	COL("id", COL_TEXT, false),
	COL("title_ja", COL_TEXT, false),
	COL("title_en", COL_TEXT, false),
	COL("who_ja", COL_TEXT, false),
	COL("who_en", COL_TEXT, false),
	COL("measures_ja", COL_TEXT, false),
	COL("measures_en", COL_TEXT, false),
	COL("outcome_ja", COL_TEXT, true),
	COL("outcome_en", COL_TEXT, true),
	COL("source_ja", COL_TEXT, true),
	COL("source_en", COL_TEXT, true),
	COL("source", COL_TEXT, true),
};
static const struct schema case_schema = {case_cols, C_NCOLS};

static const char *const about_values[] = {"true", "false"};
static const struct colspec effect_cols[E_NCOLS] = {
	COL("case", COL_TEXT, false),
	COL("item_ja", COL_TEXT, false),
	COL("item_en", COL_TEXT, false),
	COL("saving_oku_yen", COL_NUMBER, false),
	COL("change_pct", COL_NUMBER, false),
	COL("years", COL_NUMBER, false),
	{"approximate", COL_CHOICE, (const char *const[]){"approximate"}, 1,
	 about_values, 2, true},
};
static const struct schema effect_schema = {effect_cols, E_NCOLS};

/* The text of a cell, copied into the spec's arena; NULL when empty. */
static const char *
cell(struct reader *r, const struct row *row, size_t col)
{
	const char *s;

	if (row->cells[col].missing)
		return NULL;
	s = arena_strdup(r->arena, row->cells[col].text);
	spec_note_string(r, s, &row->loc);
	return s;
}

/* Digits after the decimal point of a number as written: "0.19" has 2. */
static int
decimals(const char *s)
{
	const char *dot = strchr(s, '.');

	return dot == NULL ? 0 : (int)strlen(dot + 1);
}

/*
 * Appends one effect, in lang, to b:
 *   市民総合窓口：0.5億円（▲24%）のコスト削減（1年間）
 *   Citizens' one-stop counter: ¥50 million (−24%) saved in one year
 * A change without a saving is the size of the cut itself:
 *   基幹業務システム：約30%のコスト削減
 *   Core systems: costs about 30% lower
 */
static void
effect_line(struct buf *b, const struct row *row, enum lang lang)
{
	const struct cell *sv = &row->cells[E_SAVING];
	const struct cell *ch = &row->cells[E_CHANGE];
	const struct cell *yr = &row->cells[E_YEARS];
	const struct cell *ab = &row->cells[E_ABOUT];
	struct format money = {FMT_OKU_YEN, 0};
	struct format pct = {FMT_PERCENT, 0};
	bool about = !ab->missing && ab->choice == 0;
	bool ja = lang == LANG_JA;
	char v[64];

	buf_adds(b, row->cells[ja ? E_ITEM_JA : E_ITEM_EN].text);
	buf_adds(b, ja ? "：" : ": ");
	if (sv->missing) {
		/* The schema and the caller see to a change here. */
		format_number(fabs(ch->num) / 100, &pct, lang, v, sizeof v);
		buf_printf(b, ja ? "%s%sのコスト削減" : "costs %s%s lower",
			   about ? (ja ? "約" : "about ") : "", v);
	} else {
		money.decimals = decimals(sv->text);
		format_number(sv->num * 1e8, &money, lang, v, sizeof v);
		buf_printf(b, "%s%s", about ? (ja ? "約" : "about ") : "", v);
		if (!ch->missing) {
			format_number(ch->num / 100, &pct, lang, v, sizeof v);
			buf_printf(b, ja ? "（%s）" : " (%s)", v);
		}
		buf_adds(b, ja ? "のコスト削減" : " saved");
	}
	if (yr->missing)
		return;
	if (ja)
		buf_printf(b, "（%g年間）", yr->num);
	else if (yr->num == 1)
		buf_adds(b, " in one year");
	else
		buf_printf(b, " over %g years", yr->num);
}

/* The effects of case id (in file order) and its outcome, one per line,
 * in both languages. */
static struct text
effects_of(struct reader *r, const struct table *t, const char *id,
	   const char *outcome_ja, const char *outcome_en, bool *used)
{
	struct buf ja = {0}, en = {0};
	struct text out = {NULL, NULL};
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		const struct row *row = &t->rows[i];

		if (strcmp(row->cells[E_CASE].text, id) != 0)
			continue;
		used[i] = true;
		if (row->cells[E_SAVING].missing &&
		    row->cells[E_CHANGE].missing) {
			msg_error(&row->loc, "an effect needs a saving_oku_yen "
					     "or a change_pct");
			r->ok = false;
			continue;
		}
		if (ja.len > 0) {
			buf_addc(&ja, '\n');
			buf_addc(&en, '\n');
		}
		effect_line(&ja, row, LANG_JA);
		effect_line(&en, row, LANG_EN);
	}
	if (outcome_ja != NULL || outcome_en != NULL) {
		if (ja.len > 0) {
			buf_addc(&ja, '\n');
			buf_addc(&en, '\n');
		}
		buf_adds(&ja, outcome_ja ? outcome_ja : outcome_en);
		buf_adds(&en, outcome_en ? outcome_en : outcome_ja);
	}
	if (ja.len > 0) {
		out.ja = arena_strndup(r->arena, ja.data, ja.len);
		out.en = arena_strndup(r->arena, en.data, en.len);
	}
	buf_free(&ja);
	buf_free(&en);
	return out;
}

/* Fills cs from a row of the cases file. */
static void
case_from_row(struct reader *r, const struct row *row, const struct table *e,
	      bool *used, struct casestudy *cs)
{
	cs->cited = -1;
	cs->title.ja = cell(r, row, C_TITLE_JA);
	cs->title.en = cell(r, row, C_TITLE_EN);
	cs->municipality.ja = cell(r, row, C_WHO_JA);
	cs->municipality.en = cell(r, row, C_WHO_EN);
	cs->measures.ja = cell(r, row, C_MEASURES_JA);
	cs->measures.en = cell(r, row, C_MEASURES_EN);
	cs->source.ja = cell(r, row, C_SOURCE_JA);
	cs->source.en = cell(r, row, C_SOURCE_EN);
	cs->effect = effects_of(r, e, row->cells[C_ID].text,
				cell(r, row, C_OUTCOME_JA),
				cell(r, row, C_OUTCOME_EN), used);
}

/* The row of t whose id is id, or NULL. */
static const struct row *
find_case(const struct table *t, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		if (strlen(t->rows[i].cells[C_ID].text) == len &&
		    strncmp(t->rows[i].cells[C_ID].text, id, len) == 0)
			return &t->rows[i];
	return NULL;
}

/*
 * The <source> of s a case's source column names (-1 for none); an
 * unknown one is reported.  *later is set when it was published after
 * the date the layout is read as of.
 */
static int
case_cites(struct reader *r, const struct spec *s, const struct row *row,
	   bool *later)
{
	const struct cell *c = &row->cells[C_SOURCE];
	int k;

	*later = false;
	if (c->missing)
		return -1;
	if ((k = spec_source(s, c->text)) < 0) {
		msg_error(&row->loc, "column \"source\": unknown source "
				     "\"%s\" (sources are declared in the "
				     "layout's <sources>)",
			  c->text);
		r->ok = false;
		return -1;
	}
	*later = r->until != NULL &&
		 date_cmp(&s->sources[k].published, r->until) > 0;
	return k;
}

/* Adds the case of row to nd, unless its source was published after
 * the date the layout is read as of. */
static void
add_case(struct reader *r, const struct spec *s, const struct row *row,
	 const struct table *e, bool *used, struct node *nd)
{
	bool later;
	int k = case_cites(r, s, row, &later);
	struct casestudy *cs;

	if (later) {
		/* Its effects are not the file's mistakes. */
		effects_of(r, e, row->cells[C_ID].text, NULL, NULL, used);
		return;
	}
	cs = &nd->cs[nd->ncases++];
	case_from_row(r, row, e, used, cs);
	cs->cited = k;
}

/* The cases the select attribute names, in its order, or every case. */
static void
select_cases(struct reader *r, const struct spec *s, xmlNodePtr n,
	     const struct table *t, const struct table *e, bool *used,
	     struct node *nd)
{
	const char *sel = spec_attr(r, n, "select"), *p;
	size_t i, len;

	nd->cs = arena_alloc(r->arena, (t->nrows ? t->nrows : 1) *
					       sizeof *nd->cs);
	if (sel == NULL) {
		for (i = 0; i < t->nrows; i++)
			add_case(r, s, &t->rows[i], e, used, nd);
		return;
	}
	for (p = sel; *(p += strspn(p, " \t\n")) != '\0'; p += len) {
		const struct row *row;

		len = strcspn(p, " \t\n");
		if ((row = find_case(t, p, len)) == NULL)
			spec_error(r, n, "select: no case \"%.*s\" in %s",
				   (int)len, p, t->name);
		else if (nd->ncases < t->nrows)
			add_case(r, s, row, e, used, nd);
	}
}

/* Every case id once. */
static bool
check_ids(const struct table *t)
{
	bool ok = true;
	size_t i, k;

	for (i = 0; i < t->nrows; i++)
		for (k = 0; k < i; k++)
			if (strcmp(t->rows[i].cells[C_ID].text,
				   t->rows[k].cells[C_ID].text) == 0) {
				msg_error(&t->rows[i].loc, "case \"%s\" is "
							   "listed twice",
					  t->rows[i].cells[C_ID].text);
				ok = false;
				break;
			}
	return ok;
}

/* Reads the CSV file at path, noting it among the layout's files. */
static struct table *
read_table(struct reader *r, const char *path, const struct schema *schema)
{
	struct source src = {path, schema, ENC_AUTO, NULL, 0};

	spec_note_file(r, path);
	return table_read(&src);
}

void
spec_case_studies(struct reader *r, const struct spec *s, xmlNodePtr n,
		  struct node *nd)
{
	const char *cases = spec_resolve_at(r, n, spec_attr(r, n, "file"));
	const char *effects = spec_resolve_at(r, n,
					      spec_attr(r, n, "effects"));
	struct table *t = read_table(r, cases, &case_schema);
	struct table *e = read_table(r, effects, &effect_schema);
	bool *used = NULL;
	size_t i;

	if (t == NULL || e == NULL || !check_ids(t)) {
		r->ok = false;
		goto done;
	}
	/* The texts of the cases are checked for glyphs after the table is
	 * freed (spec_note_string): their rows name the file, and sheet,
	 * by copies in the spec's arena. */
	if (t->nrows > 0) {
		const char *file = arena_strdup(r->arena, t->rows[0].loc.file);
		const char *sheet = t->rows[0].loc.sheet == NULL
					    ? NULL
					    : arena_strdup(r->arena,
							   t->rows[0].loc.sheet);

		for (i = 0; i < t->nrows; i++) {
			t->rows[i].loc.file = file;
			t->rows[i].loc.sheet = sheet;
		}
	}
	used = xcalloc(e->nrows + 1, sizeof *used);
	select_cases(r, s, n, t, e, used, nd);
	/* An effect of no case is a typing error in the case column. */
	for (i = 0; i < e->nrows; i++)
		if (!used[i] &&
		    find_case(t, e->rows[i].cells[E_CASE].text,
			      strlen(e->rows[i].cells[E_CASE].text)) == NULL) {
			msg_error(&e->rows[i].loc, "no case \"%s\" in %s",
				  e->rows[i].cells[E_CASE].text, t->name);
			r->ok = false;
		}
done:
	free(used);
	table_free(t);
	table_free(e);
}
