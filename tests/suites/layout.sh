# The layout language: pagination of a long table, line breaking, the PDF
# outline, watermarks and images, the meeting layouts, and every example
# in layouts/README.md rendered.  Sourced by tests/run.

L=tests/golden/layout

# --- a table of 200 rows across pages ----------------------------------
$BIN render $L/rows200.xml --packs layouts/packs.xml --pack 31-tottori \
	--data fy2016=$L/rows200.csv --dump-layout >"$OUT/rows200.txt"
check "200 rows: renders" test $? = 0
pages=$(grep -c '^page ' "$OUT/rows200.txt")
check "200 rows: over several pages ($pages)" test "$pages" -ge 4
check "200 rows: the header row on every page" bash -c \
	"[ \$(grep -c '\"団体コード\"' '$OUT/rows200.txt') = $pages ]"
check "200 rows: the rows on the pages add up to 200" bash -c \
	"[ \$(grep -c '\"第[0-9]*町\"' '$OUT/rows200.txt') = 200 ]"
check "200 rows: none lost or repeated, in order" bash -c \
	"grep -o '\"第[0-9]*町\"' '$OUT/rows200.txt' | tr -dc '0-9\n' | awk '\$1 != NR {exit 1}'"
check "200 rows: nothing below the bottom margin" bash -c \
	"awk '/^page/ {h = \$4} /^  text/ && /第[0-9]*町/ && \$3 > h - 51.02 {exit 1}' '$OUT/rows200.txt'"
# A row stays whole: its name and its value are on the same page.
check "200 rows: no row split across pages" bash -c \
	"awk '/^page/ {p = \$2} /\"第[0-9]*町\"/ {n[p]++} /\"[0-9],[0-9][0-9][0-9]\"/ {v[p]++} END {for (k in n) if (n[k] != v[k]) exit 1}' '$OUT/rows200.txt'"

# --- line breaking -----------------------------------------------------
# No text run of any dump starts with a character kinsoku keeps off the
# start of a line.
check "kinsoku: no run starts with 、。，．）」』】ー or a small kana" bash -c \
	"! cat tests/golden/layout/*.out tests/golden/packs/*.out | grep -E '^  text .*\"[、。，．）」』】ーぁぃぅぇぉっゃゅょァィゥェォッャュョ]'"
check "kinsoku: no run ends with （「『【" bash -c \
	"! cat tests/golden/layout/*.out tests/golden/packs/*.out | grep -E '^  text .*[（「『【]\"$'"
# A paragraph of 40,000 characters breaks in linear time.
{
	sed -n '1,3p' $L/heading.xml
	printf '  <document>\n    <paragraph align="justify"><ja>'
	for _ in $(seq 1000); do printf '窓口業務の民間委託を実施している市区町村の数と割合です。'; done
	printf '</ja><en>'
	for _ in $(seq 400); do printf 'Municipalities that have outsourced their counter services. '; done
	printf '</en></paragraph>\n  </document>\n</layout>\n'
} >"$L/long.tmp.xml"
check "a paragraph of 40,000 characters renders in time" \
	timeout 20 $BIN render $L/long.tmp.xml --packs layouts/packs.xml --pack tottori -o "$OUT/long.pdf"
rm -f "$L/long.tmp.xml"

# --- the PDF: outline, watermark, image ---------------------------------
pdf=$OUT/tohoku.pdf
[ -f "$pdf" ] || $BIN render layouts/tohoku.xml --pack tohoku -o "$pdf"
qpdf --json "$pdf" >"$OUT/tohoku.json"
check "outline: headings are bookmarks" grep -q '"/Outlines"' "$OUT/tohoku.json"
check "outline: titles in both languages, UTF-16" grep -qF \
	'"/Title": "u:窓口業務の民間委託 / Outsourcing of counter services"' "$OUT/tohoku.json"
check "outline: the viewer opens with it" grep -q '"/PageMode": "/UseOutlines"' "$OUT/tohoku.json"
$BIN render layouts/tohoku.xml --pack tohoku --lang en -o "$OUT/tohoku-en.pdf"
check "outline: English only with --lang en" bash -c \
	"qpdf --json '$OUT/tohoku-en.pdf' | grep -qF '\"/Title\": \"u:Municipalities of Aomori\"'"
$BIN render $L/image.xml --packs layouts/packs.xml --pack tottori -o "$OUT/logo.pdf"
check "image: the logo is in the PDF" bash -c \
	"pdfimages -list '$OUT/logo.pdf' | awk 'NR > 2 && \$4 == 64 && \$5 == 64' | grep -q ."
$BIN render $L/masters.xml --packs layouts/packs.xml --pack tottori -o "$OUT/masters.pdf"
check "watermark: translucent fill" bash -c \
	"qpdf --json '$OUT/masters.pdf' | grep -q '\"/ca\": 0.35'"
check "watermark: 案 in the PDF" bash -c "pdftotext '$OUT/masters.pdf' - | grep -q 案"
check "watermark: DRAFT turned and translucent" \
	grep -q 'angle=30 opacity=0.35 "DRAFT"' $L/masters.out
check "masters: landscape and A3 pages" bash -c \
	"pdfinfo -f 1 -l 5 '$OUT/masters.pdf' | grep -q 'Page    3 size: *841.89 x 595.276' && pdfinfo -f 1 -l 5 '$OUT/masters.pdf' | grep -q 'Page    5 size: *841.89 x 1190.55'"
check "masters: qpdf --check" qpdf --check "$OUT/masters.pdf"

# --- the meeting layouts -------------------------------------------------
for id in tohoku tottori saitama; do
	check "check layouts/$id.xml" $BIN check "layouts/$id.xml"
done

# --- every example in layouts/README.md ---------------------------------
# Fenced blocks: ```xml holds document blocks, ```xml head holds <page>
# and <master> elements, ```xml layout a whole layout file.  Each renders
# beside a copy of layouts/, with no message at all.
R=$OUT/readme
rm -rf "$R"
mkdir -p "$R/layouts"
ln -s "$PWD/input" "$R/input"
ln -s "$PWD/fonts" "$R/fonts"
cp -r layouts/*.xml layouts/*.png layouts/parts "$R/layouts/"
awk -v dir="$R/layouts" '
	/^```xml/ { n++; kind = $2 == "" ? "document" : $2; f = sprintf("%s/example-%02d.%s", dir, n, kind); inside = 1; next }
	/^```/ && inside { inside = 0; close(f); next }
	inside { print > f }
' layouts/README.md
nexamples=0
for f in "$R"/layouts/example-*; do
	[ -e "$f" ] || continue
	nexamples=$((nexamples + 1))
	x=${f%.*}.xml
	case $f in
	*.layout) cp "$f" "$x" ;;
	*.head)
		{
			echo '<layout xmlns:xi="http://www.w3.org/2001/XInclude">'
			cat "$f"
			echo '  <xi:include href="briefing.xml" xpointer="xpointer(/layout/fonts | /layout/prefectures | /layout/sources | /layout/survey | /layout/measures)"/>'
			echo '  <document><heading><ja>例</ja><en>Example</en></heading></document>'
			echo '</layout>'
		} >"$x" ;;
	*)
		{
			echo '<layout xmlns:xi="http://www.w3.org/2001/XInclude">'
			echo '  <xi:include href="briefing.xml" xpointer="xpointer(/layout/*[not(self::document)])"/>'
			echo '  <document>'
			cat "$f"
			echo '  </document>'
			echo '</layout>'
		} >"$x" ;;
	esac
	check "README example $(basename "$f"): renders without a message" bash -c \
		"$BIN render '$x' --packs layouts/packs.xml --pack tohoku -o '$x.pdf' 2>'$x.err' && [ ! -s '$x.err' ] || { cat '$x.err'; exit 1; }"
done
check "README has examples ($nexamples)" test "$nexamples" -ge 15

# --- a row taller than a page is cut between its lines --------------------
check "tall row: split over pages without a warning" bash -c \
	"$BIN render $L/tall-row.xml --packs layouts/packs.xml --pack 31-tottori --data fy2016=$L/tall-row.csv --dump-layout 2>'$OUT/tall.err' | grep -c '^page' | grep -qx 5 && [ ! -s '$OUT/tall.err' ]"
