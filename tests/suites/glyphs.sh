# Characters above U+FFFF: those the font has glyphs for (𩸽 U+29E3D,
# 𠀋 U+2000B in IPAexGothic) are drawn with them, in layout text and in
# data, and the PDF's text gives them back; those it has none for (𠮷
# U+20BB7, and ☄ U+2604 below it) print as 〓 with a warning at the
# layout's line, the cell or the pack.  Sourced by tests/run.

G=tests/golden/glyphs
GLYPHS=$OUT/glyphs
mkdir -p "$GLYPHS"
glyphs_pdf() { # glyphs_pdf LAYOUT CSV PDF
	$BIN render "$1" --packs $G/packs.xml --pack glyphs --data data="$2" \
		-o "$3" 2>"$3.err"
}
glyphs_pdf $G/glyphs.xml $G/glyphs.csv "$GLYPHS/g.pdf"
pdftotext "$GLYPHS/g.pdf" "$GLYPHS/g.txt"
check "glyphs: 𩸽 and 𠀋 of the layout come back in the PDF's text" \
	bash -c "grep -qx '𩸽の漁獲' $GLYPHS/g.txt &&
		grep -qx 'Arabesque greenling (𩸽)' $GLYPHS/g.txt &&
		grep -qx '𠀋は表外字です。' $GLYPHS/g.txt"
check "glyphs: 𩸽 of the pack's title comes back in the PDF's text" \
	grep -q '^表外字𩸽 / Rare characters$' "$GLYPHS/g.txt"
check "glyphs: 𩸽 and 𠀋 of the data come back in the PDF's text" \
	bash -c "grep -qx '𩸽の水揚げ' $GLYPHS/g.txt && grep -qx '𠀋' $GLYPHS/g.txt"
check "glyphs: what the font lacks prints as 〓, in layout and data" \
	bash -c "grep -qx '〓野家' $GLYPHS/g.txt && grep -qx 'Yoshinoya 〓' $GLYPHS/g.txt &&
		[ \$(grep -c '〓' $GLYPHS/g.txt) = 3 ]"
check "glyphs: the ToUnicode map holds 𩸽 and 𠀋 as surrogate pairs" \
	bash -c "qpdf --qdf --object-streams=disable $GLYPHS/g.pdf - | tr -d '\r' |
		grep -q '> <D867DE3D>\$' && qpdf --qdf --object-streams=disable $GLYPHS/g.pdf - |
		grep -q '> <D840DC0B>'"
check "glyphs: warnings name the layout's lines, the cell and the pack" \
	diff "$GLYPHS/g.pdf.err" - <<'WANT'
tests/golden/glyphs/glyphs.xml:28: warning: the font gothic has no glyph for U+20BB7 "𠮷": it prints as 〓
tests/golden/glyphs/glyphs.xml:29: warning: the font gothic has no glyph for U+2604 "☄": it prints as 〓
tests/golden/glyphs/glyphs.csv:4:4: warning: column "備考": the font gothic has no glyph for U+20BB7 "𠮷" in "𠮷野家": it prints as 〓
tests/golden/glyphs/packs.xml:5: warning: the font gothic has no glyph for U+20BB7 "𠮷": it prints as 〓
WANT
check "glyphs: the subset holds the glyphs drawn, and no others" \
	tests/subset-glyphs "$GLYPHS/g.pdf"
check "glyphs: a second render is byte-identical" \
	bash -c "$BIN render $G/glyphs.xml --packs $G/packs.xml --pack glyphs \
		--data data=$G/glyphs.csv -o $GLYPHS/g2.pdf 2>/dev/null && cmp $GLYPHS/g.pdf $GLYPHS/g2.pdf"
# The same with 〓 written in place of 𩸽 and 𠀋: the first page must
# differ, so they are not drawn as 〓.
sed 's/𩸽/〓/g; s/𠀋/〓/g' $G/glyphs.xml >"$GLYPHS/geta.xml"
sed 's/𩸽/〓/g; s/𠀋/〓/g' $G/glyphs.csv >"$GLYPHS/geta.csv"
sed -i "s|\"\\.\\./\\.\\./\\.\\./|\"$PWD/|" "$GLYPHS/geta.xml"
sed -i "s|file=\"glyphs.csv\"|file=\"geta.csv\"|" "$GLYPHS/geta.xml"
glyphs_pdf "$GLYPHS/geta.xml" "$GLYPHS/geta.csv" "$GLYPHS/geta.pdf"
for f in g geta; do
	pdftoppm -r 60 -png -f 1 -l 1 "$GLYPHS/$f.pdf" >"$GLYPHS/$f.png"
done
check "glyphs: 𩸽 and 𠀋 are drawn with their glyphs, not 〓" \
	bash -c "[ -s $GLYPHS/geta.png ] && ! cmp -s $GLYPHS/g.png $GLYPHS/geta.png"
# A case study's text the font lacks a glyph for: the warning names the
# cases file and its line, after that file's table is freed (under the
# sanitizers too).
mkdir -p "$GLYPHS/cases/input"
cp -r layouts "$GLYPHS/cases/"
ln -sfn "$PWD/fonts" "$GLYPHS/cases/fonts"
for f in input/*; do
	ln -sfn "$PWD/$f" "$GLYPHS/cases/input/${f#input/}"
done
rm "$GLYPHS/cases/input/cases.csv"
sed 's/^ebina,142158,window,窓口業務の民間委託,/ebina,142158,window,窓口業務の☄民間委託,/' \
	input/cases.csv >"$GLYPHS/cases/input/cases.csv"
for bin in $BIN $ASAN_BIN; do
	check "glyphs: a case study's text is warned about at its line ($bin)" \
		diff <($bin check "$GLYPHS/cases/layouts/tohoku.xml" 2>&1 >/dev/null) - <<WANT
$GLYPHS/cases/layouts/parts/../../input/cases.csv:2: warning: the font gothic has no glyph for U+2604 "☄": it prints as 〓
WANT
done
