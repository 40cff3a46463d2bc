#!/usr/bin/env bash
# Makes the pictures of pages that README.md and layouts/README.md show,
# from what briefgen renders now (`make pictures` installs what it needs
# and runs it):
#
#   docs/tohoku-*.png        pages of the Tohoku pack at 72 dpi: the
#                            cover, the key figures, the outsourcing page
#                            and the chart of all 47 prefectures after it
#   docs/peers-briefgen.png  the four pages of the peers' pack
#   docs/peers-reportlab.png (bench/peers/), side by side, at 36 dpi; the
#                            ReportLab one where python3-reportlab is
#                            installed
#   docs/layout-*.png        for each such picture in layouts/README.md,
#                            the example just above it, cropped to what
#                            it draws, at 100 dpi
#
# The same program and fonts make the same bytes: poppler writes no date
# into a PNG, and ImageMagick is told to write none.
set -eu
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# page_of DUMP TEXT: the first page of a display list with a run of text
# that starts with TEXT, the contents' entries aside.
page_of() {
	awk -v t="\"$2" '/^page / { p = $2 } /^  slice / { entry = $2 == "entry" }
		!entry && index($0, t) { print p; exit }' "$1"
}
# png PDF PAGE DPI OUT [pdftoppm options]: one page as a PNG.
png() {
	local pdf=$1 page=$2 dpi=$3 out=$4
	shift 4
	pdftoppm -r "$dpi" -f "$page" -l "$page" -png -singlefile "$@" "$pdf" "${out%.png}"
}
# strip PNG...: side by side on grey, with no dates in the file.
strip() {
	local out=$1
	shift
	montage "$@" -tile "$#x1" -geometry +8+8 -background '#d0d0d0' \
		-strip -define png:exclude-chunks=date,time "$out"
}

# --- the Tohoku pack --------------------------------------------------------
./briefgen render layouts/tohoku.xml --pack tohoku -q -o "$T/tohoku.pdf"
./briefgen render layouts/tohoku.xml --pack tohoku --dump-layout >"$T/tohoku.dump"
png "$T/tohoku.pdf" 1 72 docs/tohoku-cover.png
png "$T/tohoku.pdf" "$(page_of "$T/tohoku.dump" 主要指標)" 72 docs/tohoku-kpi.png
png "$T/tohoku.pdf" "$(page_of "$T/tohoku.dump" 住民票の写し)" 72 docs/tohoku-outsourcing.png
png "$T/tohoku.pdf" "$(page_of "$T/tohoku.dump" 実施率（都道府県別)" 72 \
	docs/tohoku-outsourcing-chart.png

# --- the peers' pack, by briefgen and by ReportLab --------------------------
./briefgen render bench/peers/briefgen/peer.xml --pack tohoku -q -o "$T/peer-bg.pdf"
pdftoppm -r 36 -png "$T/peer-bg.pdf" "$T/bg"
strip docs/peers-briefgen.png "$T"/bg-*.png
if /usr/bin/python3 -c 'import reportlab' 2>/dev/null; then
	/usr/bin/python3 bench/peers/reportlab/rl_pack.py "$T/peer-rl.pdf" tohoku
	pdftoppm -r 36 -png "$T/peer-rl.pdf" "$T/rl"
	strip docs/peers-reportlab.png "$T"/rl-*.png
else
	echo "pictures: python3-reportlab is not installed: docs/peers-reportlab.png left as it is" >&2
fi

# --- the examples of layouts/README.md -------------------------------------
# Each picture there shows the ```xml example above it, rendered as the
# suite renders them (tests/suites/layout.sh): the blocks in a document
# of briefing.xml, beside a copy of layouts/, for the Tohoku pack.
mkdir -p "$T/layouts"
ln -s "$PWD/input" "$T/input"
ln -s "$PWD/fonts" "$T/fonts"
cp -r layouts/*.xml layouts/*.png layouts/parts "$T/layouts/"
awk -v dir="$T" '
	/^```xml$/ { f = dir "/example.xml"; inside = 1; printf "" > f; next }
	/^```/ && inside { inside = 0; close(f); next }
	inside { print > f; next }
	match($0, /\(\.\.\/docs\/layout-[^)]*\.png\)/) {
		name = substr($0, RSTART + 9, RLENGTH - 10)
		system("cp " dir "/example.xml " dir "/" name ".frag")
	}
' layouts/README.md
for frag in "$T"/*.png.frag; do
	name=$(basename "$frag" .frag)
	x=$T/layouts/example.xml
	{
		echo '<layout xmlns:xi="http://www.w3.org/2001/XInclude">'
		echo '  <xi:include href="briefing.xml" xpointer="xpointer(/layout/*[not(self::document)])"/>'
		echo '  <document>'
		cat "$frag"
		echo '  </document>'
		echo '</layout>'
	} >"$x"
	./briefgen render "$x" --packs layouts/packs.xml --pack tohoku -q -o "$T/example.pdf"
	./briefgen render "$x" --packs layouts/packs.xml --pack tohoku --dump-layout >"$T/example.dump"
	# What the first block draws on page 1 (a table with its title and
	# notes), from margin to margin, at 100 dpi.
	read -r x0 y0 w h < <(awk '
		/^page 1 / { split($5, a, /[=,]/); left = a[2]; right = a[4]; on = 1; next }
		/^page / { on = 0 }
		on && /^  slice / && $2 != "master" && (box == "" || $3 == box) {
			box = $3
			if (top == "" || $4 < top) top = $4
			if ($4 + $5 > bottom) bottom = $4 + $5 }
		END { k = 100 / 72
			printf "%d %d %d %d\n", left * k, top * k, (right - left) * k + 1, (bottom - top) * k + 1 }' \
		"$T/example.dump")
	png "$T/example.pdf" 1 100 "docs/$name" -x "$x0" -y "$y0" -W "$w" -H "$h"
done
