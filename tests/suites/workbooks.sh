# Workbooks (.xlsx): those written by openpyxl, xlsxwriter and LibreOffice
# give the display lists of the CSV files they hold; the ministry's shape
# (a notes sheet, title rows, a two-row header) reads as the CSV file
# LibreOffice saves from it; the sample workbook in input/ is what its
# script writes and makes the Tohoku pack; a PDF carries the workbook,
# and verify and regenerate work from it; a large sheet is streamed.  The
# exact messages are the golden cases in tests/golden/workbook/.  Sourced
# by tests/run.

W=tests/golden/workbook
X=$OUT/workbook
PY=/usr/bin/python3
rm -rf "$X"
mkdir -p "$X"

# --- the fixtures are what their script writes ----------------------------
$PY $W/fixtures.py "$X/fixtures"
check "workbook fixtures: each is what fixtures.py writes" \
	bash -c "for f in '$X'/fixtures/*; do cmp \"\$f\" '$W'/\"\${f##*/}\" || exit 1; done"

# --- workbooks of three writers, the display lists of their CSV files -------
for lib in openpyxl xlsxwriter; do
	$PY $W/writers.py $lib input/survey-fy2016.csv "$X/$lib.xlsx"
	check "$lib: the tohoku pack from its workbook is the golden one" \
		bash -c "$BIN render layouts/tohoku.xml --pack tohoku --dump-layout --data fy2016='$X/$lib.xlsx' 2>/dev/null | diff -u tests/golden/packs/tohoku.out -"
done
check "cells.csv gives the display list of cells.xlsx" \
	bash -c "$BIN render $W/sums.xml --packs layouts/packs.xml --pack tohoku --lang en --dump-layout --data data=$W/cells.csv 2>/dev/null | cmp - $W/cells.out"
for c in libreoffice ministry ministry-csv sheet-name sheet-number header-row wrapped; do
	check "workbook $c: the display list of cells.csv" cmp $W/cells.out $W/$c.out
done
check "formats.xlsx: the display list of the CSV file LibreOffice saves from it" \
	cmp $W/formats-csv.out $W/formats.out

# A formula as xlsxwriter and openpyxl save it: with 0 or nothing in
# place of its value, in a workbook that asks for its formulas to be
# calculated as it is opened.  The 0 is not read as the population.
$PY - "$X/formula-" <<'EOF'
import sys, openpyxl, xlsxwriter
head = ["団体コード", "都道府県名", "市区町村名", "人口", "窓口業務の民間委託",
        "クラウド導入"]
wb = xlsxwriter.Workbook(sys.argv[1] + "xlsxwriter.xlsx")
ws = wb.add_worksheet("調査票")
ws.write_row(0, 0, head)
ws.write_row(1, 0, ["022012", "青森県", "青森市"])
ws.write_formula(1, 3, "=200000+87648")
ws.write_row(1, 4, ["実施", "未導入"])
wb.close()
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "調査票"
ws.append(head)
ws.append(["022012", "青森県", "青森市", "=200000+87648", "実施", "未導入"])
wb.save(sys.argv[1] + "openpyxl.xlsx")
EOF
for lib in xlsxwriter openpyxl; do
	check "$lib: a formula saved for Excel to calculate is an error at its cell" \
		bash -c "$BIN check $W/sums.xml --data data='$X/formula-$lib.xlsx' 2>&1 >/dev/null | grep -qF '$X/formula-$lib.xlsx:調査票!D2: error: column \"人口\": the formula =200000+87648 has no value to read (the program that wrote the workbook left its formulas for Excel to calculate as it opens it): open the workbook in Excel (or in LibreOffice, with Data > Calculate > Recalculate Hard) and save it again'"
done

# --- the sample workbook of input/ ---------------------------------------
$PY input/survey-workbook.py input/survey-fy2016.csv "$X/survey-fy2016.xlsx"
check "sample: input/survey-fy2016.xlsx is what input/survey-workbook.py writes" \
	cmp "$X/survey-fy2016.xlsx" input/survey-fy2016.xlsx
check "sample: layouts/tohoku-workbook.xml makes the tohoku pack" \
	bash -c "$BIN render layouts/tohoku-workbook.xml --pack tohoku --dump-layout 2>/dev/null | diff -u tests/golden/packs/tohoku.out -"
check "sample: check names the sheet it read" \
	bash -c "$BIN check layouts/tohoku-workbook.xml 2>/dev/null | grep -q '^fy2016 layouts/../input/survey-fy2016.xlsx: 1741 rows, sheet \"市区町村別\", no missing values$'"
check "sample: read from standard input" \
	bash -c "$BIN check layouts/briefing.xml --data fy2016=- <input/survey-fy2016.xlsx 2>/dev/null | grep -q '^fy2016 -: 1741 rows, sheet \"市区町村別\"'"

# --- the workbook travels in the PDF -------------------------------------
pdf=$X/tohoku-workbook.pdf
$BIN render layouts/tohoku-workbook.xml --pack tohoku -q -o "$pdf"
$BIN render layouts/tohoku.xml --pack tohoku -q -o "$X/tohoku-csv.pdf"
check "pdf: the workbook is among its sources, as it was read" \
	bash -c "qpdf --show-attachment=input/survey-fy2016.xlsx '$pdf' | cmp - input/survey-fy2016.xlsx"
check "pdf: the workbook is an Office Open XML spreadsheet" \
	bash -c "qpdf --json '$pdf' | grep -q '\"/Subtype\": \"/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"'"
check "pdf: the text of the pack made from the CSV file" \
	bash -c "diff <(pdftotext '$pdf' -) <(pdftotext '$X/tohoku-csv.pdf' -)"
check "pdf: verify" $BIN verify "$pdf"
check "pdf: regenerate gives the same bytes" \
	bash -c "$BIN regenerate '$pdf' -o '$X/regenerated.pdf' -q 2>/dev/null && cmp '$pdf' '$X/regenerated.pdf'"

# A workbook given with --data under a name in Japanese with a space, as
# offices name them, and its extension in capitals, as Windows keeps
# it, is listed in the manifest and carried under its name as it is, as
# a workbook, and read back from them.
named="$X/H28 調査票.XLSX"
cp input/survey-fy2016.xlsx "$named"
$BIN render layouts/tohoku.xml --pack tohoku --data fy2016="$named" -q -o "$X/named.pdf" 2>/dev/null
check "pdf: the workbook is carried under its name" \
	bash -c "qpdf --list-attachments '$X/named.pdf' | grep -q '^${named#/} -> '"
check "pdf: a workbook named .XLSX is an Office Open XML spreadsheet" \
	bash -c "qpdf --json '$X/named.pdf' | grep -q '\"/Subtype\": \"/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"'"
check "pdf: verify, a workbook named in Japanese with a space" $BIN verify "$X/named.pdf"
check "pdf: regenerate, a workbook named in Japanese with a space, gives the same bytes" \
	bash -c "$BIN regenerate '$X/named.pdf' -o '$X/named-again.pdf' -q 2>/dev/null && cmp '$X/named.pdf' '$X/named-again.pdf'"

# A workbook read from standard input is carried under the name the
# layout gives the dataset, a CSV file's here: its media type is a
# workbook's all the same.
$BIN render layouts/tohoku.xml --pack tohoku --data fy2016=- -q -o "$X/stdin.pdf" \
	<input/survey-fy2016.xlsx 2>/dev/null
check "pdf: a workbook read from standard input is carried as a workbook" \
	bash -c "qpdf --show-attachment=input/survey-fy2016.csv '$X/stdin.pdf' | cmp - input/survey-fy2016.xlsx && qpdf --json '$X/stdin.pdf' | grep -q '\"/Subtype\": \"/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"'"
check "pdf: verify, a workbook read from standard input" $BIN verify "$X/stdin.pdf"

# --- a workbook refused writes no PDF ------------------------------------
for f in truncated.xlsx crc.xlsx encrypted.xlsx libreoffice.xls libreoffice.ods bomb.xlsx; do
	check "$f: exit status 1 and no PDF" bash -c \
		"$BIN render layouts/tohoku.xml --pack tohoku --limit sheet=1M --data fy2016=$W/$f -o '$X/refused.pdf' 2>/dev/null; [ \$? = 1 ] && [ ! -e '$X/refused.pdf' ]"
done

# --- a large sheet is streamed ------------------------------------------
# 34,200 distinct codes of well-formed shape (prefectures 10 to 47, held
# to their form only: no roster has them all), as a workbook of one sheet.
awk -F, 'NR > 1 && $1 >= 10 {
	for (m = 100; m < 1000; m++) {
		d = sprintf("%02d%03d", $1, m)
		s = 0
		for (i = 1; i <= 5; i++) s += (7 - i) * substr(d, i, 1)
		printf "%s%d,%s,市%d,%d,%s,未導入\n", d, (11 - s % 11) % 10, $2, m, m * 7, m % 3 ? "未実施" : "実施"
	}
}
BEGIN { print "団体コード,都道府県名,市区町村名,人口,窓口業務の民間委託,クラウド導入" }' \
	input/prefectures.csv >"$X/large.csv"
$PY bench/survey-workbook.py "$X/large.csv" 34200 "$X/large.xlsx"
sed 's#<prefectures file="\([^"]*\)"/>#&<roster check="form"/>#' $W/sums.xml >"$X/form.xml"
sed -i "s#\.\./\.\./\.\./#$PWD/#g" "$X/form.xml"
/usr/bin/time -f %M -o "$X/large.kb" $BIN check "$X/form.xml" \
	--data data="$X/large.xlsx" >"$X/large.out" 2>"$X/large.err"
check "a sheet of 34,200 rows is read to its end" \
	grep -q "^data $X/large.xlsx: 34200 rows, sheet \"調査票\", no missing values" "$X/large.out"
check "a sheet of 34,200 rows is checked in under 64 MB" \
	test "$(tail -1 "$X/large.kb")" -lt 65536

# --- a sheet as wide as Excel's ------------------------------------------
# Every row has a cell in column XFD, the last: it is warned about, and
# the 16,377 blank columns between are not read one by one (60,000 rows
# of them took 20 s).
$PY - "$X/wide.xlsx" <<'EOF'
import sys, zipfile
sys.path.insert(0, "tests/golden/workbook")
from fixtures import Book, HEADER
parts = Book().add("調査票", {1: HEADER}).parts()
rows = "".join(f'<row r="{r}"><c r="A{r}"><v>22012</v></c><c r="XFD{r}">'
               f'<v>{r}</v></c></row>' for r in range(2, 60002))
parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"]\
    .replace("</sheetData>", rows + "</sheetData>")
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, body in parts.items():
        z.writestr(name, body)
EOF
timeout 8 $BIN check $W/sums.xml --data data="$X/wide.xlsx" >/dev/null 2>"$X/wide.err"
check "a sheet with a cell in column XFD on every row is read in seconds" \
	grep -q "^$X/wide.xlsx:調査票: warning: [0-9]* more warnings about this file not shown$" "$X/wide.err"
check "a cell in column XFD is named by its cell" \
	grep -q "^$X/wide.xlsx:調査票!XFD2: warning: the cell is right of the header, which ends at column F: it is not read$" "$X/wide.err"

# --- long lists in a workbook's parts -------------------------------------
# 60,000 sheets, each with its relationship, and 60,000 number and cell
# formats, fewer than the 65,536 a workbook may list: each sheet finds
# its part and each cell format its number format without a search
# through all of them (as one did, for 40 s).
$PY - "$X/lists.xlsx" <<'EOF'
import sys, zipfile
sys.path.insert(0, "tests/golden/workbook")
from fixtures import Book, survey, REL
n = 60000
parts = Book().add("調査票", survey()).parts()
parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
    "</sheets>", "".join(f'<sheet name="s{i}" sheetId="{i + 2}" r:id="x{i}"/>'
                         for i in range(n)) + "</sheets>")
parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"]\
    .replace("</Relationships>", "".join(
        f'<Relationship Id="x{i}" Type="{REL}/worksheet" '
        f'Target="worksheets/sheet1.xml"/>' for i in range(n))
        + "</Relationships>")
parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(
    "</numFmts>", "".join(f'<numFmt numFmtId="{200 + i}" formatCode="0"/>'
                          for i in range(n)) + "</numFmts>").replace(
    "</cellXfs>", "".join(f'<xf numFmtId="{200 + i}"/>' for i in range(n))
    + "</cellXfs>")
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, body in parts.items():
        z.writestr(name, body)
EOF
check "60,000 sheets and formats are linked in seconds" \
	bash -c "timeout 8 $BIN check $W/sums.xml --data data='$X/lists.xlsx' 2>/dev/null | grep -q '^data $X/lists.xlsx: 4 rows, sheet \"調査票\"'"

# --- a zip archive of many entries ----------------------------------------
# 70,000 empty entries beside a good workbook: refused before libzip
# reads its directory, which it holds whole (3 million entries of a
# 256 MB file took it 900 MB).
$PY - "$X/entries.xlsx" <<'EOF'
import sys, zipfile
sys.path.insert(0, "tests/golden/workbook")
from fixtures import Book, survey
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for name, body in Book().add("調査票", survey()).parts().items():
        z.writestr(name, body)
    for i in range(70000):
        z.writestr(f"{i:x}", "")
EOF
check "a zip archive of 70,007 entries is refused" \
	bash -c "$BIN check $W/sums.xml --data data='$X/entries.xlsx' 2>&1 >/dev/null | grep -q '^$X/entries.xlsx: error: the workbook is damaged: its zip archive has 70007 entries, more than the 65,535 a workbook may have; open it in Excel or LibreOffice and save it again, or ask for a new copy$'"
