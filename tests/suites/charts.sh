# Charts: every example of layouts/charts.md renders, cleanly; what the
# charts show can be read back from the PDFs; no text lies on a reference
# line.  The display lists of the cases in tests/golden/charts/ are golden
# files.  Sourced by tests/run.

CH=$OUT/charts
mkdir -p "$CH"

# render_chart NAME LAYOUT [ARGS...]: the PDF and its text in $CH.
render_chart() {
	local name=$1 layout=$2
	shift 2
	$BIN render "$layout" --packs layouts/packs.xml --pack tohoku \
		-o "$CH/$name.pdf" "$@" 2>"$CH/$name.err" &&
		pdftotext "$CH/$name.pdf" "$CH/$name.txt"
}

# The examples of layouts/charts.md, each put into the skeleton layout.
awk -v dir="$CH" '
	/^```xml$/ { n++; file = sprintf("%s/example-%d.frag", dir, n); inside = 1; next }
	/^```$/ { inside = 0; next }
	inside { print > file }
' layouts/charts.md
examples=0
for frag in "$CH"/example-*.frag; do
	name=$(basename "$frag" .frag)
	grep -q '^<\(bar\|kpi\)-chart' "$frag" || continue
	examples=$((examples + 1))
	awk -v frag="$frag" '
		/^CHART$/ { while ((getline line < frag) > 0) print line; next }
		{ gsub(/"\.\.\/\.\.\/\.\.\//, "\"../../../"); print }
	' tests/golden/charts/skeleton.xml >"$CH/$name.xml"
	check "charts.md $name renders" render_chart "$name" "$CH/$name.xml"
	check "charts.md $name: no warning" test ! -s "$CH/$name.err"
	check "charts.md $name: qpdf --check" qpdf --check "$CH/$name.pdf"
	title=$(grep -o '<en>[^<]*</en></title>' "$frag" | sed 's/<en>\(.*\)<\/en><\/title>/\1/')
	check "charts.md $name: the English title \"$title\"" \
		grep -qF "$title" "$CH/$name.txt"
done
check "charts.md has ten chart examples ($examples)" test "$examples" = 10

# What the charts say, read back from the PDFs.
render_chart kpi tests/golden/charts/kpi.xml
for want in 416 "目標（2020年度）" "Target (FY2020)" 2020年度 FY2020 208 256 302 \
	1,000 "Target (FY2017)" 自治体クラウド "Joint cloud" 単独クラウド \
	"基準値（2014年度 208）から目標への道筋" 団体数 municipalities 資料 \
	目標まで114 "114 to go" 目標まで213 "213 to go"; do
	check "kpi: text has \"$want\"" grep -qF "$want" "$CH/kpi.txt"
done
check "kpi: cloud totals 562, 728, 787" \
	bash -c "grep -qx 562 '$CH/kpi.txt' && grep -qx 728 '$CH/kpi.txt' && grep -qx 787 '$CH/kpi.txt'"
render_chart stacked tests/golden/charts/bar-stacked.xml
for want in 自治体クラウド "Joint cloud" 単独クラウド "Single cloud" "全国" 70.6%; do
	check "stacked: text has \"$want\"" grep -qF "$want" "$CH/stacked.txt"
done
render_chart missing tests/golden/charts/bar-missing.xml \
	--data fy2016=tests/golden/charts/missing.csv
check "missing: Iwate says it has no data" grep -qF "データなし" "$CH/missing.txt"
check "missing: Aomori shows 0.0%" grep -qF "0.0%" "$CH/missing.txt"
render_chart vertical-en tests/golden/charts/bar-vertical.xml --lang en
for want in Hokkaido Okinawa Kanagawa 54.5% National; do
	check "vertical, English: text has \"$want\"" grep -qF "$want" "$CH/vertical-en.txt"
done
check "vertical, English: no Japanese" \
	bash -c "! LC_ALL=C grep -q \$'[\\xe3-\\xe9]' '$CH/vertical-en.txt'"
check "a chart renders byte-identically twice" bash -c \
	"$BIN render tests/golden/charts/kpi.xml --packs layouts/packs.xml --pack tohoku -o '$CH/kpi-2.pdf' && cmp '$CH/kpi.pdf' '$CH/kpi-2.pdf'"

# The pack's chart of 47 prefectures is on one page, after the table,
# with every name on one line in both languages and the national value.
$BIN render layouts/briefing.xml --pack tohoku -o "$CH/tohoku.pdf"
page=$($BIN render layouts/briefing.xml --pack tohoku --dump-layout |
	awk '/^page /{p = $2} /"実施率（都道府県別、/{print p; exit}')
pdftotext -layout -f "$page" -l "$page" "$CH/tohoku.pdf" "$CH/tohoku-chart.txt"
for want in "北海道 +Hokkaido" "沖縄県 +Okinawa" "神奈川県 +Kanagawa +54.5%" \
	"全国 National 17.3%"; do
	check "tohoku: the page of the chart of 47 ($page) has \"$want\" on a line" grep -qE "$want" "$CH/tohoku-chart.txt"
done

# No text lies on a reference line: for each dashed line along an axis,
# no text run's box (turned runs included) crosses it.
struck() {
	awk '
	function hit(a0, a1, b0, b1) { return a0 < b1 - 0.2 && b0 < a1 - 0.2 }
	/^page / { nl = 0; nt = 0; next }
	/^  line / && / dash=/ {
		x0 = $2; y0 = $3; x1 = $4; y1 = $5
		if (x0 == x1 || y0 == y1) {
			nl++; lx0[nl] = (x0 < x1 ? x0 : x1); lx1[nl] = (x0 < x1 ? x1 : x0)
			ly0[nl] = (y0 < y1 ? y0 : y1); ly1[nl] = (y0 < y1 ? y1 : y0)
		}
		next
	}
	/^  text / {
		x = $2; y = $3; w = substr($4, 3); size = $6
		if ($0 ~ / turn=90 /) { tx0 = x - 0.75 * size; tx1 = x + 0.15 * size; ty0 = y - w; ty1 = y }
		else { tx0 = x; tx1 = x + w; ty0 = y - 0.72 * size; ty1 = y + 0.1 * size }
		for (i = 1; i <= nl; i++) {
			if (lx0[i] == lx1[i] && tx0 < lx0[i] - 0.2 && lx0[i] < tx1 - 0.2 &&
			    hit(ty0, ty1, ly0[i], ly1[i])) { print FILENAME ": " $0; bad = 1 }
			if (ly0[i] == ly1[i] && ty0 < ly0[i] - 0.2 && ly0[i] < ty1 - 0.2 &&
			    hit(tx0, tx1, lx0[i], lx1[i])) { print FILENAME ": " $0; bad = 1 }
		}
	}
	END { exit bad }
	' "$@"
}
for out in tests/golden/charts/*.out tests/golden/packs/*.out; do
	check "no text on a reference line: $out" struck "$out"
done
# The check finds a label that does lie on a line.
printf 'page 1\n  line 100 10 100 90 0.9 stroke=#1f4e79 dash=3\n  text 95 50 w=20 gothic 6.5 ink=#1a1a1a "17.1%%"\n' >"$CH/struck.out"
if struck "$CH/struck.out" >/dev/null; then
	fail "the reference line check misses a struck label"
else
	pass
fi

# The pack's key figures show both KPIs with their targets.
pdftotext -f 3 -l 4 "$CH/tohoku.pdf" "$CH/tohoku-3.txt"
for want in "目標（2020年度）" "Target (FY2020)" 416 302 2020年度 "目標（2017年度）" \
	"Target (FY2017)" 約1,000 787 562; do
	check "tohoku pages 3-4 have the KPIs' \"$want\"" grep -qF "$want" "$CH/tohoku-3.txt"
done

# A horizontal chart honours plot-height-mm: 47 bars a row apart fill
# 150 mm, on the page of their heading.
check "horizontal chart: 47 bars in the 150 mm it asks" \
	test "$(bars_mm tests/golden/charts/horizontal-height.out)" = "47 bars, 150.0 mm"
check "horizontal chart: on the page of its heading" \
	test "$(grep -c '^page ' tests/golden/charts/horizontal-height.out)" = 1
# min-plot-height-mm: the chart that may close up ends the page of the
# table before it, shorter than its 60 mm twin, which starts a page.
block_of() {
	awk -v t="$2" '/^page / { p = $2 } index($0, "\"" t "\"") { f = 1; next }
		f && /^  slice block / { print p, $5; exit }' "$1"
}
read -r p1 h1 < <(block_of tests/golden/charts/shrink.out "実施率（最小20 mm）")
read -r p2 h2 < <(block_of tests/golden/charts/shrink.out "実施率（60 mm）")
last_row=$(awk '/^page / { p = $2 } /^  slice row / { r = p } END { print r }' tests/golden/charts/shrink.out)
check "closing up: the chart stays on the page of the table's last rows ($last_row)" \
	test "$p1" = "$last_row"
check "closing up: shorter than the chart that may not ($h1 < $h2 pt)" \
	awk -v a="$h1" -v b="$h2" 'BEGIN { exit !(a > 0 && a < b) }'
check "closing up: the chart that may not starts the next page" test "$p2" = $((last_row + 1))
