# Names print as the real name: a variation selector draws the font's
# variant glyph (葛󠄀飾区, U+845B U+E0100) while the PDF's text holds the
# base character; one the font has no variant for draws the base.
# Sourced by tests/run.

ID=tests/golden/identity
NAMES=$OUT/names
mkdir -p "$NAMES"
names_pdf() { # names_pdf CSV PDF: renders the municipalities of CSV
	$BIN render $ID/names.xml --packs $ID/packs.xml --pack names \
		--data data="$1" -o "$2" 2>"$2.err"
}
names_pdf $ID/variation-selector.csv "$NAMES/vs.pdf"
sed 's/\xf3\xa0\x84\x80//' $ID/variation-selector.csv >"$NAMES/base.csv"
names_pdf "$NAMES/base.csv" "$NAMES/base.pdf"
# U+FE00 after 葛: IPAexGothic has no such variant.
sed 's/\xf3\xa0\x84\x80/\xef\xb8\x80/' $ID/variation-selector.csv >"$NAMES/fe00.csv"
names_pdf "$NAMES/fe00.csv" "$NAMES/fe00.pdf"
# The page that lists 葛飾区, drawn at 150 dpi: the others are alike.
page=$(pdftotext "$NAMES/vs.pdf" - | awk -v RS='\f' '/葛飾区/ {print NR; exit}')
for f in vs base fe00; do
	pdftotext "$NAMES/$f.pdf" "$NAMES/$f.txt"
	pdftoppm -r 150 -png -f "${page:-1}" -l "${page:-1}" "$NAMES/$f.pdf" \
		>"$NAMES/$f.png"
done
check "names: 葛󠄀飾区 reads as 葛飾区 in the PDF's text" grep -qx "葛飾区 Katsushika-ku" "$NAMES/vs.txt"
check "names: a variation selector is in no PDF's text, nor 〓" \
	bash -c "! grep -q \$'\\xf3\\xa0\\x84\\x80\\|\\xef\\xb8\\x80\\|〓' $NAMES/vs.txt $NAMES/fe00.txt"
check "names: the text with selectors is the text without" \
	bash -c "cmp $NAMES/vs.txt $NAMES/base.txt && cmp $NAMES/fe00.txt $NAMES/base.txt"
check "names: 葛󠄀 draws the variant glyph, not 葛" \
	bash -c "! cmp -s $NAMES/vs.png $NAMES/base.png"
check "names: a selector the font has no variant for draws the base" \
	cmp "$NAMES/fe00.png" "$NAMES/base.png"
check "names: the PDF with a variant is sound" qpdf --check "$NAMES/vs.pdf"

# Radicals in place of ideographs, Kangxi (⾧久⼿市) and CJK (⻘森市,
# ⻑崎市), as text copied out of a PDF holds them: the PDF's text holds
# the ideographs.
names_pdf $ID/kangxi-radicals.csv "$NAMES/kangxi.pdf"
names_pdf $ID/cjk-radicals.csv "$NAMES/cjk.pdf"
pdftotext "$NAMES/kangxi.pdf" "$NAMES/kangxi.txt"
pdftotext "$NAMES/cjk.pdf" "$NAMES/cjk.txt"
check "names: radicals read as the ideographs they stand for, in the PDF's text" \
	bash -c "grep -qx '長久手市 Nagakute-shi' $NAMES/kangxi.txt &&
		grep -qx '長崎市 Nagasaki-shi' $NAMES/kangxi.txt &&
		grep -qx '青森市 Aomori-shi' $NAMES/cjk.txt &&
		grep -qx '長崎市 Nagasaki-shi' $NAMES/cjk.txt &&
		! grep -q \$'\\xe2[\\xba-\\xbf]' $NAMES/kangxi.txt $NAMES/cjk.txt"
