/*
 * libFuzzer target for the survey reader: encoding detection and
 * conversion, line splitting, libcsv and the fast path for lines without
 * quotes, header mapping, values, codes and prefectures.  The first byte
 * picks the encoding (auto, UTF-8, CP932, EUC-JP) and whether prefecture
 * names are known, and whether rows are held to input/roster.csv (read
 * from the top of the repository) on 2016-04-01, with the rows that are
 * not municipalities errors or left out; the rest is the file.  Every
 * input is read twice, with
 * and without the fast path, and the two readings must agree; every row
 * must hold valid UTF-8.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "format.h"
#include "msg.h"
#include "prefs.h"
#include "roster.h"
#include "table.h"

static const char *const names[NPREFS][2] = {
	{"北海道", "Hokkaido"},
	{"青森県", "Aomori"},
	{"岩手県", "Iwate"},
	{"宮城県", "Miyagi"},
	{"秋田県", "Akita"},
	{"山形県", "Yamagata"},
	{"福島県", "Fukushima"},
	{"茨城県", "Ibaraki"},
	{"栃木県", "Tochigi"},
	{"群馬県", "Gunma"},
	{"埼玉県", "Saitama"},
	{"千葉県", "Chiba"},
	{"東京都", "Tokyo"},
	{"神奈川県", "Kanagawa"},
	{"新潟県", "Niigata"},
	{"富山県", "Toyama"},
	{"石川県", "Ishikawa"},
	{"福井県", "Fukui"},
	{"山梨県", "Yamanashi"},
	{"長野県", "Nagano"},
	{"岐阜県", "Gifu"},
	{"静岡県", "Shizuoka"},
	{"愛知県", "Aichi"},
	{"三重県", "Mie"},
	{"滋賀県", "Shiga"},
	{"京都府", "Kyoto"},
	{"大阪府", "Osaka"},
	{"兵庫県", "Hyogo"},
	{"奈良県", "Nara"},
	{"和歌山県", "Wakayama"},
	{"鳥取県", "Tottori"},
	{"島根県", "Shimane"},
	{"岡山県", "Okayama"},
	{"広島県", "Hiroshima"},
	{"山口県", "Yamaguchi"},
	{"徳島県", "Tokushima"},
	{"香川県", "Kagawa"},
	{"愛媛県", "Ehime"},
	{"高知県", "Kochi"},
	{"福岡県", "Fukuoka"},
	{"佐賀県", "Saga"},
	{"長崎県", "Nagasaki"},
	{"熊本県", "Kumamoto"},
	{"大分県", "Oita"},
	{"宮崎県", "Miyazaki"},
	{"鹿児島県", "Kagoshima"},
	{"沖縄県", "Okinawa"},
};

static const char *const h_code[] = {"団体コード", "code"};
static const char *const h_pref[] = {"都道府県名", "prefecture"};
static const char *const h_name[] = {"市区町村名", "municipality"};
static const char *const h_pop[] = {"人口", "population"};
static const char *const h_win[] = {"窓口業務の民間委託", "window"};
static const char *const v_win[] = {"実施", "未実施"};
static const char *const h_c[] = {"a", "b", "c"};
static const struct colspec cols[] = {
	{"code", COL_LGCODE, h_code, 2, NULL, 0, false},
	{"pref", COL_PREF, h_pref, 2, NULL, 0, true},
	{"name", COL_TEXT, h_name, 2, NULL, 0, true},
	{"population", COL_NUMBER, h_pop, 2, NULL, 0, true},
	{"window", COL_CHOICE, h_win, 2, v_win, 2, true},
	{"a", COL_TEXT, h_c, 1, NULL, 0, true},
	{"b", COL_NUMBER, h_c + 1, 1, NULL, 0, true},
	{"c", COL_CHOICE, h_c + 2, 1, v_win, 2, true},
};
static const struct schema schema = {cols, sizeof cols / sizeof cols[0]};

static struct prefs prefs;

static bool
same_cell(const struct cell *x, const struct cell *y)
{
	return strcmp(x->text, y->text) == 0 && x->missing == y->missing &&
	       x->code == y->code && x->choice == y->choice &&
	       (x->num == y->num || (isnan(x->num) && isnan(y->num)));
}

static void
compare(const struct table *a, const struct table *b)
{
	size_t i, j;
	bool astral;

	if ((a == NULL) != (b == NULL))
		abort();
	if (a == NULL)
		return;
	if (a->nrows != b->nrows || a->encoding != b->encoding)
		abort();
	for (i = 0; i < a->nrows; i++) {
		if (a->rows[i].loc.line != b->rows[i].loc.line)
			abort();
		for (j = 0; j < schema.ncols; j++) {
			const char *t = a->rows[i].cells[j].text;

			if (!same_cell(&a->rows[i].cells[j],
				       &b->rows[i].cells[j]))
				abort();
			if (decode_check_utf8(t, strlen(t), &astral) !=
			    strlen(t))
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum encoding encodings[4] = {ENC_AUTO, ENC_UTF8,
						   ENC_CP932, ENC_EUCJP};
	static struct roster *roster;
	static const struct date as_of = {2016, 4, 1};
	struct survey_rules rules = {NULL, &as_of, false, 2};
	struct source src = {"fuzz.csv", &schema, ENC_AUTO, NULL, 0};
	struct table *a, *b;
	unsigned ea, eb;
	int i;

	if (size < 1)
		return 0;
	if (prefs.pref[1].code == 0)
		for (i = 1; i <= NPREFS; i++)
			prefs.pref[i] = (struct pref){i, names[i - 1][0],
						      names[i - 1][1], 0};
	msg_set_quiet(true);
	if (roster == NULL && (roster = roster_read("input/roster.csv")) == NULL)
		abort();
	src.encoding = encodings[data[0] & 3];
	src.prefs = data[0] & 4 ? &prefs : NULL;
	if (data[0] & 8) {
		rules.roster = roster;
		rules.leave_out = data[0] & 16;
		src.rules = &rules;
	}
	msg_reset();
	a = table_parse(&src, (const char *)data + 1, size - 1);
	ea = msg_errors();
	src.flags = SOURCE_NO_FAST_PATH;
	msg_reset();
	b = table_parse(&src, (const char *)data + 1, size - 1);
	eb = msg_errors();
	if (ea != eb)
		abort();
	compare(a, b);
	table_free(a);
	table_free(b);
	msg_reset();
	return 0;
}
