# Pages as an editor would set them: the page-quality checks of
# tests/proof.c on every pack in every language, and the peers' pack of
# bench/peers/ in the layout language.  Sourced by tests/run.

G=$OUT/pages
mkdir -p "$G/dumps"

# --- the checks themselves ------------------------------------------------
# tests/proof/faults.dump has one fault of every kind, clean.dump their
# look-alikes that are none.
PROOF=build/proof
check "proof: a clean display list passes" \
	$PROOF --names tests/proof/names.txt tests/proof/clean.dump
$PROOF --names tests/proof/names.txt tests/proof/faults.dump >"$G/faults.out"
check "proof: finds every fault" test $? = 1
check "proof: reports them as tests/proof/faults.out says" \
	diff -u tests/proof/faults.out "$G/faults.out"

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
		--pack \$1 --lang \$2 --dump-layout >$G/dumps/\$1.\$2.dump"
check "proof: 174 display lists (58 packs, 3 languages)" \
	test "$(ls "$G"/dumps/*.dump | wc -l)" = 174
check "proof: every pack in every language as an editor would set it" \
	$PROOF --names "$G/names.txt" "$G"/dumps/*.dump

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
check "peers' pack: the chart and its heading on the last page" bash -c \
	"pdftotext -f 4 -l 4 '$G/peer.pdf' - | grep -q '^図1 窓口業務民間委託率' &&
	 pdftotext -f 4 -l 4 '$G/peer.pdf' - | grep -q 'Okinawa'"
# Table 2 lists every prefecture, its name on one line.
pdftotext -layout -f 2 -l 3 "$G/peer.pdf" "$G/peer.txt"
while IFS=, read -r code ja en _; do
	check "peers' pack: Table 2 lists $en on one line" \
		grep -qE -- "^ *$code +$ja +$en " "$G/peer.txt"
done < <(tail -n +2 bench/peers/data/prefectures.csv)
