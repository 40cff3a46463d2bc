# Pages as an editor would set them: the peers' pack of bench/peers/ in
# the layout language.  Sourced by tests/run.

G=$OUT/pages
mkdir -p "$G"

# --- the peers' pack (bench/peers/) --------------------------------------
peer=bench/peers/briefgen
$BIN render $peer/peer.xml --pack tohoku -o "$G/peer.pdf" 2>"$G/peer.err"
check "peers' pack: renders" test $? = 0
check "peers' pack: not a message" test ! -s "$G/peer.err"
check "peers' pack: 6 pages" bash -c "pdfinfo '$G/peer.pdf' | grep -q '^Pages: *6$'"
pdftotext "$G/peer.pdf" - | tr '\n' ' ' >"$G/peer.txt"
while IFS=, read -r _ ja en _; do
	check "peers' pack: lists $en" grep -qE -- "$ja +$en" "$G/peer.txt"
done < <(tail -n +2 bench/peers/data/prefectures.csv)
