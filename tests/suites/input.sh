# Survey input: the same data in every encoding gives the same pages,
# failed runs keep what is in the output directory, oversized and large
# files are handled.  Sourced by tests/run; the exact messages are the
# golden cases in tests/golden/input/.

IN=tests/golden/input
ENC=$OUT/enc
mkdir -p "$ENC"

# --- one dataset, four encodings, one display list -------------------
for e in utf8 utf8-bom cp932 eucjp; do
	$BIN render $IN/sums.xml --packs layouts/packs.xml --pack tohoku \
		--dump-layout --data data=$IN/enc-$e.csv >"$ENC/sums-$e.out" \
		2>"$ENC/sums-$e.err"
done
for e in utf8-bom cp932 eucjp; do
	check "encodings: the warnings about $e are those about UTF-8" \
		bash -c "diff <(sed 's/enc-$e.csv/F/' '$ENC/sums-$e.err') <(sed 's/enc-utf8.csv/F/' '$ENC/sums-utf8.err')"
	check "encodings: sums from $e equal those from UTF-8" \
		cmp "$ENC/sums-utf8.out" "$ENC/sums-$e.out"
done

# The whole Tohoku pack from the survey and the prefecture table saved
# as CP932 and as EUC-JP is the pack of the golden file.
for e in CP932 EUC-JP-MS; do
	iconv -f UTF-8 -t $e input/survey-fy2016.csv >"$ENC/fy2016-$e.csv"
	iconv -f UTF-8 -t $e input/prefectures.csv >"$ENC/prefectures-$e.csv"
	sed -e "s#\"\\.\\./#\"$PWD/#" \
		-e "s#$PWD/input/prefectures.csv#$PWD/$ENC/prefectures-$e.csv#" \
		-e "s#$PWD/input/survey-fy2016.csv#$PWD/$ENC/fy2016-$e.csv#" \
		-e "s#href=\"parts/#href=\"$PWD/layouts/parts/#" \
		layouts/briefing.xml >"$ENC/briefing-$e.xml"
	sed -e "s#href=\"briefing.xml\"#href=\"briefing-$e.xml\"#" \
		-e "s#href=\"parts/#href=\"$PWD/layouts/parts/#" \
		layouts/tohoku.xml >"$ENC/tohoku-$e.xml"
	check "encodings: the $e files are not UTF-8" \
		bash -c "! iconv -f UTF-8 -t UTF-8 '$ENC/fy2016-$e.csv' >/dev/null 2>&1"
	check "encodings: the tohoku pack from $e files is the golden one" \
		bash -c "$BIN render '$ENC/tohoku-$e.xml' --packs layouts/packs.xml --pack tohoku --dump-layout | diff -u tests/golden/packs/tohoku.out -"
done
check "encodings: check names the detected encoding" \
	bash -c "$BIN check '$ENC/briefing-EUC-JP-MS.xml' | grep -q 'fy2016 .*: 1741 rows, EUC-JP, no missing values'"

# --- a failed run keeps every file in the output directory -----------
rm -rf "$OUT/keep"
mkdir -p "$OUT/keep"
printf 'old good\n' >"$OUT/keep/good.pdf"
printf 'old bad\n' >"$OUT/keep/bad.pdf"
cat >"$OUT/keep-packs.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<packs>
  <pack id="bad" layout="../../$IN/encoding-wrong.xml" date="2017-07-07" focus="02">
    <title><ja>不正なデータ</ja><en>Bad data</en></title>
  </pack>
  <pack id="good" layout="../../layouts/briefing.xml" date="2017-07-07" focus="02">
    <title><ja>青森県</ja><en>Aomori</en></title>
  </pack>
</packs>
EOF
$BIN batch "$OUT/keep-packs.xml" -o "$OUT/keep" >"$OUT/keep.log" 2>"$OUT/keep.err"
check "batch with a failing pack exits 1" test $? = 1
check "batch names the failed pack" grep -q "^bad FAILED: " "$OUT/keep.log"
check "batch reports the bad file" \
	grep -q "enc-eucjp.csv:1:4: error: not valid Shift_JIS" "$OUT/keep.err"
check "batch renders the other pack" \
	bash -c "grep -q '^good [0-9]* pages' '$OUT/keep.log' && pdfinfo '$OUT/keep/good-2016-04.pdf' >/dev/null"
check "batch leaves the failed pack's old file alone" \
	bash -c "[ \"\$(cat '$OUT/keep/bad.pdf')\" = 'old bad' ]"
check "batch leaves no temporary file" \
	bash -c "[ \$(ls '$OUT/keep' | wc -l) = 3 ]"
cp "$OUT/keep/good.pdf" "$OUT/keep/good-before.pdf"
$BIN render layouts/briefing.xml --pack tohoku -o "$OUT/keep/good.pdf" \
	--data fy2016=$IN/duplicates.csv 2>/dev/null
check "render with bad data exits 1" test $? = 1
check "render with bad data keeps the old PDF" \
	cmp "$OUT/keep/good.pdf" "$OUT/keep/good-before.pdf"
$BIN render layouts/briefing.xml --pack tohoku -o "$OUT/keep/good.pdf" \
	--data fy2016=$IN/astral.csv --strict 2>/dev/null
check "--strict: a warning in the data writes no PDF" \
	cmp "$OUT/keep/good.pdf" "$OUT/keep/good-before.pdf"
check "without --strict the same data renders" \
	bash -c "$BIN render layouts/briefing.xml --pack tohoku -o '$OUT/keep/astral.pdf' --data fy2016=$IN/astral.csv 2>/dev/null && pdfinfo '$OUT/keep/astral.pdf' >/dev/null"

# --- oversized lines and fields, a large file -------------------------
big() {
	# big FILE QUOTE: a header, a good row, a line of 1.2 MB (opening a
	# quote when QUOTE is set) and two more good rows.
	{
		head -2 $IN/enc-utf8.csv
		printf '022039,青森県,%s' "$2"
		head -c 1200000 /dev/zero | tr '\0' 'x'
		printf '\n'
		sed -n 5,6p $IN/enc-utf8.csv
	} >"$1"
}
big "$OUT/long-line.csv" ""
check "a line over 1 MB is reported and skipped" bash -c "
	timeout 20 $BIN check $IN/sums.xml --data data=$OUT/long-line.csv 2>&1 >/dev/null |
	diff - <(echo '$OUT/long-line.csv:3: error: the line is longer than 1 MB: not a survey file, or a line break is missing; the line is skipped')"
{
	head -2 $IN/enc-utf8.csv
	printf '022039,青森県,"never closed\n'
	for i in $(seq 1 20000); do echo "$i,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; done
} >"$OUT/long-quote.csv"
check "a quoted field over 1 MB is reported at its line" bash -c "
	timeout 20 $BIN check $IN/sums.xml --data data=$OUT/long-quote.csv 2>&1 >/dev/null |
	diff - <(echo '$OUT/long-quote.csv:3:3: error: quoted field not closed: it runs on for more than 1 MB from this line; the rest of the file is not read')"
head -1 input/survey-fy2016.csv >"$OUT/many.csv"
for i in $(seq 1 58); do tail -n +2 input/survey-fy2016.csv; done >>"$OUT/many.csv"
timeout 30 $BIN check layouts/briefing.xml --data fy2016=$OUT/many.csv \
	>/dev/null 2>"$OUT/many.err"
check "100,978 rows checked within a time limit, exit 1" test $? = 1
check "100,978 rows: the first repeat names both lines" \
	grep -qx "$OUT/many.csv:1743:1: error: column \"団体コード\": municipality 011002 is listed twice, on lines 2 and 1743" "$OUT/many.err"
check "100,978 rows: 50 errors, then one line" \
	bash -c "[ \$(wc -l <'$OUT/many.err') = 51 ] && tail -1 '$OUT/many.err' | grep -qx 'briefgen: error: too many errors, the rest are not shown'"

# A CR-only file whose first block ends in a CR: the line ends there.
crfile=$OUT/cr-boundary.csv
LC_ALL=C awk 'BEGIN {
	ORS = "\r"
	head = "code,prefecture,municipality,population,window_outsourcing,cloud,"
	row = "000000,01,x,1,実施,未導入"
	# Rows of equal length; pad the header so that a CR is the last
	# byte of the first 64 KB block.
	len = length(row) + 1
	pad = (65536 - length(head) - 2) % len
	for (i = 0; i < pad; i++) head = head "p"
	print head "p"
	n = 0
	for (p = 1; p <= 47 && n < 2000; p++)
		for (m = 100; m < 160 && n < 2000; m++) {
			d = p * 1000 + m
			s = int(d / 10000) * 6 + int(d / 1000) % 10 * 5 + \
			    int(d / 100) % 10 * 4 + int(d / 10) % 10 * 3 + d % 10 * 2
			printf "%05d%d,%02d,x,1,実施,未導入\r", d, (11 - s % 11) % 10, p
			n++
		}
}' /dev/null >"$crfile"
# Its codes are made up: a layout that holds them to no roster.
mkdir -p "$OUT/form"
sed 's#<prefectures file="\([^"]*\)"/>#&<roster check="form"/>#' $IN/sums.xml >"$OUT/form/sums.xml"
check "CR line ends: a CR that ends a 64 KB block ends its line" bash -c "
	[ \"\$(head -c 65536 '$crfile' | tail -c 1 | od -An -c | tr -d ' ')\" = '\\r' ] &&
	$BIN check $OUT/form/sums.xml --data data=$crfile | grep -qx 'data $crfile: 2000 rows, UTF-8, no missing values'"

# A bad byte after the sample the encoding was detected from.
{ cat "$ENC/fy2016-CP932.csv"; printf '472077,\x89\xab\x93\xea\x8c\xa7,\x85\x40,1,\x8e\xc0\x8e{,\x96\xa2\x93\xb1\x93\xfc\n'; } >"$ENC/late-bad.csv"
check "a bad byte past the sample names the detection" bash -c "
	$BIN check layouts/briefing.xml --data fy2016=$ENC/late-bad.csv 2>&1 >/dev/null |
	diff - <(echo '$ENC/late-bad.csv:1743:3: error: column \"市区町村名\": not valid Shift_JIS (CP932): byte 0x85 (byte 15 of the line); the encoding was detected from the start of the file')"
