# Pages as an editor would set them: the page-quality checks of
# tests/proof.c on every pack in every language, and the peers' pack of
# bench/peers/ in the layout language.  Sourced by tests/run.

G=$OUT/pages
mkdir -p "$G/dumps"

# --- the checks themselves ------------------------------------------------
# tests/proof/faults.dump has one fault of most kinds, variants.dump the
# other forms of some (a heading over a table's header and one row, a
# total row or a table's last rows alone on a page, a paragraph leaving
# one line) and the faults of a table's caption where the table
# continues (missing, another's, marked in one language of two, marked
# on its first page), clean.dump their look-alikes that are none.
PROOF=build/proof
check "proof: a clean display list passes" \
	$PROOF --names tests/proof/names.txt tests/proof/clean.dump
for f in faults variants; do
	$PROOF --names tests/proof/names.txt tests/proof/$f.dump >"$G/$f.out"
	check "proof: finds every fault of $f.dump" test $? = 1
	check "proof: reports them as tests/proof/$f.out says" \
		diff -u tests/proof/$f.out "$G/$f.out"
done
# No text under 7 pt in any display list of the golden cases either
# (charts, tables, covers, layouts of every kind).
goldens=()
for f in tests/golden/*/*.out; do
	[ "$(head -c 5 "$f")" = "page " ] && goldens+=("$f")
done
check "proof: no text under 7 pt in the ${#goldens[@]} golden display lists" \
	$PROOF --rules size "${goldens[@]}"
# A cover's paragraphs too long for their room, set smaller, overlap
# nothing under them.
check "proof: a cover's paragraphs set smaller to fit overlap nothing" \
	$PROOF tests/golden/layout/cover-paragraphs.out

# --- every pack in every language -----------------------------------------
# The packs of layouts/packs.xml, as packs.sh's batch of them listed
# them: the meetings with the layouts packs.xml gives them, the monthly
# packs with briefing.xml.  The names the line breaks must keep whole:
# prefectures, regions, and the municipalities of the roster on the
# survey's as-of date, in both languages.
(tail -n +2 input/prefectures.csv | cut -d, -f2-5
	awk -F, '$2 ~ /^(city|town|village|special_ward|designated_city)$/ &&
		$8 <= "2016-04-01" && ($9 == "" || $9 > "2016-04-01") {
		print $5 "," $7 }' input/roster.csv) | tr , '\n' |
	sort -u >"$G/names.txt"
awk '$2 ~ /^[0-9]+$/ && $3 == "pages" { print $1 }' "$OUT/packs/monthly.log" |
	while read -r id; do
		layout=$(grep -o "<pack id=\"$id\" layout=\"[^\"]*\"" layouts/packs.xml |
			cut -d'"' -f4)
		layout=layouts/${layout:-briefing.xml}
		for lang in ja+en ja en; do echo "$layout $id $lang"; done
	done | xargs -P 2 -n 3 sh -c "$BIN render \$0 --packs layouts/packs.xml \
		--pack \$1 --lang \$2 --dump-layout >$G/dumps/\$1.\$2.dump \
		2>$G/dumps/\$1.\$2.err"
check "proof: 174 display lists (58 packs, 3 languages)" \
	test "$(ls "$G"/dumps/*.dump | wc -l)" = 174
check "proof: every pack in every language renders without a message" \
	bash -c "! cat '$G'/dumps/*.err | grep ."
check "proof: every pack in every language as an editor would set it" \
	$PROOF --names "$G/names.txt" "$G"/dumps/*.dump
# Every KPI chart short of its target says how far it is (目標まで),
# beside the latest column or, where that is too narrow, in the target's.
to_go_everywhere() {
	local f
	for f in "$G"/dumps/*.ja+en.dump "$G"/dumps/*.ja.dump; do
		[ "$(grep -c ' "目標（' "$f")" = "$(grep -c ' "目標まで' "$f")" ] ||
			{ echo "$f"; return 1; }
	done
}
check "KPI charts: every one in every pack says how far to the target" \
	to_go_everywhere
# The monthly packs have no section on the FY2016 meetings: their notes
# cite none.
check "monthly packs: the notes cite no section on the FY2016 meetings" \
	bash -c "! grep -l '平成28年度の開催\|FY2016 meetings' '$G'/dumps/[0-9]*.dump '$G'/dumps/region-*.dump"

# --- a table's rows over pages --------------------------------------------
# rows_of DUMP: "PAGE HEIGHT" for each table row and total row.
rows_of() { awk '/^page / { p = $2 } /^  slice (row|total) / { print p, $5 }' "$1"; }
# Rows on page 1 closed up to the share of their height on page 2 that
# is given, from 0.85.
closed_up() {
	rows_of "$1" | awk '$1 == 1 { a = $2 } $1 == 2 { b = $2 }
		END { r = a / b; print r; exit !(r >= 0.85 && r < 1) }'
}
# The rows of a table shared between pages 1 and 2, at least 20 on each
# and no more than 5 apart.
shared_evenly() {
	rows_of "$1" | awk '{ n[$1]++ } END { print n[1], n[2]; d = n[1] - n[2]
		exit !(n[2] >= 20 && d >= -5 && d <= 5) }'
}
t=tests/golden/layout/table-tight.out
check "a table a little too long closes up its 48 rows onto page 1" \
	test "$(rows_of $t | awk '$1 == 1' | wc -l)" = 48
check "closing up: to no less than 85% of the rows' height" closed_up $t
t=tests/golden/layout/table-balance.out
check "a table whose last rows would stand alone shares them evenly" \
	shared_evenly $t
check "sharing evenly: no page filled under a third" $PROOF $t

# --- legible in print ----------------------------------------------------
# A focus prefecture's table rows: a tint, the name in bold, every figure
# in the ink of the other rows, not in the focus red.
rows_ok() {
	awk '/^  slice / { row = $2 == "row" }
		row && /^  text / && / ink=#c0504d/ { print; bad = 1 }
		END { exit bad }' "$1" &&
		grep -q '^  text .* ink=#1a1a1a bold "青森県"$' "$1" &&
		grep -q '^  rect .* fill=#fbeaea$' "$1"
}
check "focus rows: tinted, the name bold, the figures black" \
	rows_ok "$G/dumps/tohoku.ja+en.dump"
printf '  slice row 3 10.00 16.00\n  text 300.00 22.00 w=20.00 gothic 9.0 ink=#c0504d "7.5%%"\n' \
	>"$G/red-row.dump"
check "focus rows: a red figure in a row is found" bash -c "! rows_ok '$G/red-row.dump'"

# --- names on one line ----------------------------------------------------
# english_of DUMP BOX: where each row of a table (its box in the display
# list) sets its name's English: "beside" the Japanese, on its baseline,
# or "below" it; one line per row.
english_of() {
	awk -v box="$2" '/^  slice / { on = ($2 == "row" || $2 == "total") && $3 == box; n = 0; next }
		on && /^  text / && n < 2 { n++; x[n] = $2; y[n] = $3; w[n] = substr($4, 3)
			if (n < 2) next
			at = "elsewhere"
			if (y[2] == y[1] && x[2] > x[1] + w[1]) at = "beside"
			else if (y[2] > y[1]) at = "below"
			print at }' "$1"
}
t=tests/golden/layout/table-english.out
check "english=\"beside\": each of the 8 rows' names on one line" \
	test "$(english_of $t 1 | sort | uniq -c | tr -s ' ')" = " 8 beside"
check "english=\"below\": each of the 8 rows' English under its Japanese" \
	test "$(english_of $t 3 | sort | uniq -c | tr -s ' ')" = " 8 below"

# --- the peers' pack (bench/peers/) --------------------------------------
peer=bench/peers/briefgen
$BIN render $peer/peer.xml --pack tohoku -o "$G/peer.pdf" 2>"$G/peer.err"
check "peers' pack: renders" test $? = 0
check "peers' pack: not a message" test ! -s "$G/peer.err"
check "peers' pack: 4 pages, as the ReportLab script's" \
	bash -c "pdfinfo '$G/peer.pdf' | grep -q '^Pages: *4$'"
$BIN render $peer/peer.xml --pack tohoku --dump-layout >"$G/peer.dump"
check "peers' pack: as an editor would set it" $PROOF "$G/peer.dump"
check "peers' pack: the lead paragraph on the cover" bash -c \
	"pdftotext -f 1 -l 1 '$G/peer.pdf' - | grep -q '^本資料は、平成28年度に実施した'"
# The title's last line is no runt (in 東北, not 東北 alone), and a cover
# without a secretariat has no rule at its foot to stand over it.
check "peers' pack: the title breaks before \"in 東北\"" \
	grep -q '^  text .* gothic 22.0 .*"in 東北"$' "$G/peer.dump"
check "peers' pack: no rule at the cover's foot without a secretariat" \
	bash -c "! awk '/^page 2 /{exit} /^  line /' '$G/peer.dump' | grep -q ."
check "meeting packs: a rule over the secretariat" \
	bash -c "awk '/^page 2 /{exit} /^  line /' '$G/dumps/tohoku.ja+en.dump' | grep -q ."
check "peers' pack: the chart and its heading on the last page" bash -c \
	"pdftotext -f 4 -l 4 '$G/peer.pdf' - | grep -q '^図1 窓口業務民間委託率' &&
	 pdftotext -f 4 -l 4 '$G/peer.pdf' - | grep -q 'Okinawa'"
check "peers' pack: the chart's 47 bars in 207 mm, as the script's 12.5 pt a bar" \
	test "$(bars_mm "$G/peer.dump" 4)" = "47 bars, 207.0 mm"
# The figures are the ReportLab script's: its aggregation (agg.py, the
# standard library alone) gives every row of Tables 1 and 2 and every
# bar of Figure 1.  Rows of a region and of the nation are compared by
# their figures, as the two name them differently (東北 計, 東北地方).
python3 - >"$G/peer-figures.want" <<'EOF'
import sys
sys.path.insert(0, "bench/peers")
import agg
prefs = agg.load_prefs()
rows, nat = agg.aggregate(prefs=prefs)
ja, en, codes = agg.meeting_for("tohoku", prefs)
def table_row(r):
    name = f'{r["code"]} {r["name_ja"]} {r["name_en"]}' if r["code"] else "-"
    cells = [agg.fmt_int(r["n"]), agg.fmt_int(r["pop"]), str(r["out"]),
             agg.fmt_pct(r["out_rate"]) + "%"]
    for c, x in zip(r["cloud"], r["cloud_rate"]):
        cells += [str(c), agg.fmt_pct(x) + "%"]
    print(name, *cells)
focus = [r for r in rows if r["code"] in codes]
for r in focus + [agg.subtotal(rows, codes, "", ""), nat] + rows + [nat]:
    table_row(r)
print(f'全国 National {agg.fmt_pct(nat["out_rate"])}%')
for r in rows:
    print(r["name_ja"], r["name_en"], agg.fmt_pct(r["out_rate"]) + "%")
EOF
{
	pdftotext -layout -f 2 -l 3 "$G/peer.pdf" - | sed -E 's/^ +//; s/ +/ /g' |
		grep -E '^([0-9]{2} [^ ]+ [A-Za-z]|[^0-9 ][^0-9]* [0-9,]+ [0-9,]+ )' |
		sed -E 's/^[^0-9][^0-9]* ([0-9,]+ [0-9,]+ )/- \1/'
	pdftotext -layout -f 4 -l 4 "$G/peer.pdf" - | sed -E 's/^ +//; s/ +/ /g' |
		grep -E '^[^ ]+ [A-Za-z][^0-9]* [0-9.]+%$'
} >"$G/peer-figures.got"
check "peers' pack: the figures of ReportLab's, row by row and bar by bar ($(wc -l <"$G/peer-figures.want") lines)" \
	diff -u "$G/peer-figures.want" "$G/peer-figures.got"
# Table 2 lists every prefecture, its name on one line.
pdftotext -layout -f 2 -l 3 "$G/peer.pdf" "$G/peer.txt"
while IFS=, read -r code ja en _; do
	check "peers' pack: Table 2 lists $en on one line" \
		grep -qE -- "^ *$code +$ja +$en " "$G/peer.txt"
done < <(tail -n +2 bench/peers/data/prefectures.csv)

# --- a table continued over pages ----------------------------------------
# Its caption comes again atop every page it continues on, marked in each
# language shown; proof checks that in every pack and language above.
# Here what a reader sees: the peers' Table 2 runs on from page 2 to
# page 3; Table 1, whole on page 2, and Table 2 where it starts have no
# mark.
pdftotext -f 2 -l 2 "$G/peer.pdf" "$G/peer-2.txt"
pdftotext -f 3 -l 3 "$G/peer.pdf" "$G/peer-3.txt"
check "continued: Table 2 on page 3 under 表2 全都道府県（続き）" \
	grep -qx '表2 全都道府県（続き）' "$G/peer-3.txt"
check "continued: and under Table 2: All prefectures (continued)" \
	grep -qx 'Table 2: All prefectures (continued)' "$G/peer-3.txt"
check "continued: page 2 has Tables 1 and 2 under their captions, unmarked" \
	bash -c "grep -qx '表1 東北地方の状況' '$G/peer-2.txt' &&
		grep -qx 'Table 2: All prefectures' '$G/peer-2.txt' &&
		! grep -q '続き\|continued' '$G/peer-2.txt'"
# The Tohoku pack's many tables that fit on a page have none: its one
# table over two pages has the only mark, one in each language.
check "continued: the Tohoku pack marks one caption, in Japanese and English" \
	test "$(pdftotext "$OUT/packs/tohoku-ja+en.pdf" - | grep -c '（続き）\|(continued)')" = 2
# In one language, that language's mark alone: Fukushima's municipalities
# run on to page 14 of the Tohoku pack (its golden display list says so).
check "continued: the Japanese pack marks 福島県の市区町村（続き） alone" bash -c \
	"pdftotext -f 14 -l 14 '$OUT/packs/tohoku-ja.pdf' - | grep -qx '福島県の市区町村（続き）' &&
	 ! pdftotext '$OUT/packs/tohoku-ja.pdf' - | grep -q continued"
check "continued: the English pack marks Municipalities of Fukushima (continued)" bash -c \
	"pdftotext -f 14 -l 14 '$OUT/packs/tohoku-en.pdf' - | grep -qx 'Municipalities of Fukushima (continued)'"

# --- a second opinion -------------------------------------------------------
# ../shared/tools/pagecheck.py (or the copy PAGECHECK names) reads
# page-flow faults from a PDF's text with poppler, as a reader would see
# them: under-filled pages, split pairs, broken dates, stranded headings.
# It is asked about the meeting packs in every language (packs.sh wrote
# them) and the peers' pack, where it is found.
PAGECHECK=${PAGECHECK:-../shared/tools/pagecheck.py}
if [ -f "$PAGECHECK" ]; then
	check "pagecheck.py: the meeting packs in every language and the peers' pack" bash -c \
		"printf '%s\n' '$OUT'/packs/*.pdf '$G/peer.pdf' | xargs -P 2 -n 5 python3 '$PAGECHECK'"
else
	echo "    $PAGECHECK not found: pagecheck.py not asked (PAGECHECK=... names it)" >&3
fi
