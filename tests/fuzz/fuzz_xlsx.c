/*
 * libFuzzer target for the workbook reader: the zip archive (libzip, as
 * xlsx.c drives it), the parts' XML (workbook, relationships, shared
 * strings, cell formats, sheets), cells of every kind, and the sheet
 * and header search of table_sheet.c.  The first byte picks what the
 * rest is:
 *   bit 0 clear: the rest is the .xlsx file itself;
 *   bit 0 set:   the rest is parts separated by NUL bytes, in the order
 *                xl/worksheets/sheet1.xml, xl/sharedStrings.xml,
 *                xl/styles.xml, xl/workbook.xml,
 *                xl/_rels/workbook.xml.rels, xl/worksheets/sheet2.xml;
 *                the parts not given are a small valid workbook's, and
 *                the harness stores them in a zip archive, so that
 *                mutations reach the XML rather than break the deflate
 *                stream;
 * and bits 1 and 2 have the layout name a sheet and give a header row.
 * The workbook is read through the xlsx API (every row's cells must be
 * in order and valid UTF-8) and through table_parse, as a survey file.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decode.h"
#include "msg.h"
#include "table.h"
#include "xlsx.h"

#define NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG "http://schemas.openxmlformats.org/package/2006/relationships"

static const char *const names[] = {
	"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
	"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
	"xl/worksheets/sheet2.xml", "_rels/.rels",
};
static const char *const defaults[] = {
	"<worksheet xmlns=\"" NS "\"><sheetData><row r=\"1\"><c r=\"A1\" "
	"t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row><row "
	"r=\"2\"><c r=\"A2\"><v>22012</v></c><c r=\"B2\" s=\"1\"><v>42461</v>"
	"</c></row></sheetData></worksheet>",
	"<sst xmlns=\"" NS "\"><si><t>団体コード</t></si><si><r><t>窓口</t></r>"
	"<rPh><t>まど</t></rPh></si></sst>",
	"<styleSheet xmlns=\"" NS "\"><numFmts><numFmt numFmtId=\"164\" "
	"formatCode=\"yyyy/m/d\"/></numFmts><cellXfs><xf numFmtId=\"0\"/><xf "
	"numFmtId=\"164\"/></cellXfs></styleSheet>",
	"<workbook xmlns=\"" NS "\" xmlns:r=\"" REL "\"><workbookPr/><sheets>"
	"<sheet name=\"注意\" sheetId=\"2\" r:id=\"rId2\"/><sheet name=\"調査票\" "
	"sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	"<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" Type=\"" REL
	"/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship "
	"Id=\"rId2\" Type=\"" REL "/worksheet\" Target=\"/xl/worksheets/"
	"sheet2.xml\"/><Relationship Id=\"rId3\" Type=\"" REL
	"/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship "
	"Id=\"rId4\" Type=\"" REL "/styles\" Target=\"styles.xml\"/>"
	"</Relationships>",
	"<worksheet xmlns=\"" NS "\"><sheetData><row><c t=\"inlineStr\"><is>"
	"<t>注意</t></is></c></row></sheetData></worksheet>",
	"<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" Type=\"" REL
	"/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
};
#define NPARTS (sizeof names / sizeof names[0])

static const char *const h_code[] = {"団体コード", "code"};
static const char *const h_win[] = {"窓口業務の民間委託", "実施状況", "窓口"};
static const char *const g_win[] = {NULL, "窓口業務の民間委託", NULL};
static const char *const v_win[] = {"実施", "未実施"};
static const char *const h_date[] = {"更新日"};
static const struct colspec cols[] = {
	{"code", COL_LGCODE, h_code, 2, NULL, 0, false, NULL},
	{"window", COL_CHOICE, h_win, 3, v_win, 2, true, g_win},
	{"date", COL_TEXT, h_date, 1, NULL, 0, true, NULL},
};
static const struct schema schema = {cols, sizeof cols / sizeof cols[0]};

static uint32_t
crc32(const char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	int k;

	while (n-- > 0)
		for (c ^= (unsigned char)*p++, k = 0; k < 8; k++)
			c = c >> 1 ^ (0xEDB88320u & (0u - (c & 1)));
	return ~c;
}

static void
le(struct buf *b, uint32_t v, int bytes)
{
	while (bytes-- > 0) {
		buf_addc(b, (char)(v & 0xff));
		v >>= 8;
	}
}

/* A zip archive (APPNOTE 6.3.x) of the parts, stored, not deflated. */
static void
store(struct buf *zip, const char *const *part, const size_t *len)
{
	struct buf dir = {0};
	uint32_t off[NPARTS], crc;
	size_t i, n;

	for (i = 0; i < NPARTS; i++) {
		off[i] = (uint32_t)zip->len;
		crc = crc32(part[i], len[i]);
		n = strlen(names[i]);
		le(zip, 0x04034b50, 4);
		le(zip, 20, 2);
		le(zip, 0x0800, 2); /* names in UTF-8 */
		le(zip, 0, 2);      /* stored */
		le(zip, 0, 4);      /* time and date */
		le(zip, crc, 4);
		le(zip, (uint32_t)len[i], 4);
		le(zip, (uint32_t)len[i], 4);
		le(zip, (uint32_t)n, 2);
		le(zip, 0, 2);
		buf_add(zip, names[i], n);
		buf_add(zip, part[i], len[i]);
		le(&dir, 0x02014b50, 4);
		le(&dir, 20, 2);
		le(&dir, 20, 2);
		le(&dir, 0x0800, 2);
		le(&dir, 0, 2);
		le(&dir, 0, 4);
		le(&dir, crc, 4);
		le(&dir, (uint32_t)len[i], 4);
		le(&dir, (uint32_t)len[i], 4);
		le(&dir, (uint32_t)n, 2);
		le(&dir, 0, 4 + 2 + 2 + 4);
		le(&dir, off[i], 4);
		buf_add(&dir, names[i], n);
	}
	n = zip->len;
	buf_add(zip, dir.data, dir.len);
	le(zip, 0x06054b50, 4);
	le(zip, 0, 4);
	le(zip, NPARTS, 2);
	le(zip, NPARTS, 2);
	le(zip, (uint32_t)dir.len, 4);
	le(zip, (uint32_t)n, 4);
	le(zip, 0, 2);
	buf_free(&dir);
}

/* Reads every row of every sheet, checking what the reader promises. */
static void
read_all(const char *data, size_t len)
{
	struct xlsx *wb = xlsx_open_mem("fuzz.xlsx", data, len);
	struct xlsx_sheet *s;
	struct xlsx_row row;
	size_t i, k;
	unsigned last;
	bool astral;

	for (i = 0; wb != NULL && i < xlsx_nsheets(wb); i++) {
		const char *name = xlsx_sheet_name(wb, i);

		if (decode_check_utf8(name, strlen(name), &astral) !=
		    strlen(name))
			abort();
		if ((s = xlsx_sheet_open(wb, i)) == NULL)
			continue;
		for (last = 0; xlsx_sheet_row(s, &row); last = row.row) {
			if (row.row <= last || row.ncells == 0)
				abort();
			for (k = 0; k < row.ncells; k++) {
				const char *t = row.cells[k].text;

				if ((k > 0 && row.cells[k].col <=
						      row.cells[k - 1].col) ||
				    decode_check_utf8(t, strlen(t), &astral) !=
					    strlen(t))
					abort();
			}
		}
		xlsx_sheet_close(s);
	}
	xlsx_free(wb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct source src = {"fuzz.xlsx", &schema, ENC_AUTO, NULL, 0};
	const char *part[NPARTS], *p, *end, *nul;
	size_t len[NPARTS], i;
	struct buf zip = {0};
	struct table *t;

	if (size < 1)
		return 0;
	msg_set_quiet(true);
	src.sheet = data[0] & 2 ? "調査票" : NULL;
	src.header_row = data[0] & 4 ? 1 : 0;
	p = (const char *)data + 1;
	end = (const char *)data + size;
	if (data[0] & 1) {
		for (i = 0; i < NPARTS; i++) {
			part[i] = defaults[i];
			len[i] = strlen(defaults[i]);
		}
		for (i = 0; i < NPARTS && p < end; i++) {
			nul = memchr(p, '\0', (size_t)(end - p));
			part[i] = p;
			len[i] = (size_t)((nul ? nul : end) - p);
			p += len[i] + 1;
		}
		store(&zip, part, len);
		p = zip.data;
		end = zip.data + zip.len;
	}
	read_all(p, (size_t)(end - p));
	t = table_parse(&src, p, (size_t)(end - p));
	table_free(t);
	buf_free(&zip);
	msg_reset();
	return 0;
}
