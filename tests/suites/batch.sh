# Batch, monthly and archival runs: the parallel batch, shards, generated
# packs, output names by month, compare before rename, the sources each PDF
# carries, regenerate and verify.  Sourced by tests/run.

B=$OUT/b
rm -rf "$B"
mkdir -p "$B/tmp"
# verify and regenerate work in a temporary directory: this one.
old_tmpdir=${TMPDIR-}
export TMPDIR=$B/tmp

# Pack ids from a batch's lines (not the first line, nor the summary).
pack_ids() { tail -n +2 "$1" | grep -v '^[0-9]* packs\{0,1\}, ' | cut -d' ' -f1; }

# --- the monthly batch: generated packs, names, -j 1 against -j 2 --------
pdf=$B/tohoku.pdf
$BIN render layouts/tohoku.xml -o "$pdf"
$BIN batch layouts/packs.xml -j 1 -o "$B/j1" >"$B/j1.log" 2>"$B/j1.err"
check "batch -j 1 of layouts/packs.xml exits 0" test $? = 0
$BIN batch layouts/packs.xml -j 2 -o "$B/j2" >"$B/j2.log" 2>"$B/j2.err"
check "batch -j 2 exits 0" test $? = 0
check "packs.xml makes 3 meetings, 47 prefectures and 8 regions" \
	bash -c "[ \$(grep -c ' written ' '$B/j1.log') = 58 ]"
check "one pack per prefecture, named by code and name" \
	bash -c "grep -q '^02-aomori [0-9]* pages' '$B/j1.log' && grep -q '^47-okinawa ' '$B/j1.log'"
check "one pack per region" grep -q '^region-kyushu-okinawa ' "$B/j1.log"
check "output names carry the pack and the as-of month" \
	test -f "$B/j1/tohoku-2016-04.pdf" -a -f "$B/j1/region-tohoku-2016-04.pdf"
pack_ids "$B/j1.log" >"$B/j1.ids"
pack_ids "$B/j2.log" >"$B/j2.ids"
check "lines come in the order of the packs file, whatever -j" \
	bash -c "diff '$B/j1.ids' '$B/j2.ids' && head -4 '$B/j1.ids' | tr '\n' ' ' | grep -qx 'tohoku tottori saitama 01-hokkaido '"
check "the summary counts the packs" \
	grep -q '^58 packs, 0 failed, 58 written, 0 unchanged, [0-9]* pages, ' "$B/j1.log"
check "a batch writes no messages when all is well" test ! -s "$B/j1.err"
check "-j 1 and -j 2 give the same bytes" diff -r "$B/j1" "$B/j2"
check "batch gives the bytes render gives" \
	cmp "$B/j1/tohoku-2016-04.pdf" "$pdf"
region=$B/j2/region-tohoku-2016-04.pdf
check "a region pack focuses on its prefectures" \
	bash -c "pdftotext '$region' - | grep -q '東北地方' && pdftotext '$region' - | grep -q 'Fukushima'"

# --- compare before rename -------------------------------------------------
touch -d '2001-02-03 04:05:06' "$B/j1"/*.pdf
$BIN batch layouts/packs.xml -j 2 -o "$B/j1" >"$B/again.log"
check "the same month again rewrites nothing" \
	grep -q '^58 packs, 0 failed, 0 written, 58 unchanged, ' "$B/again.log"
check "each unchanged pack says so" \
	grep -q '^tohoku [0-9]* pages [0-9]* bytes [0-9.]* ms unchanged ' "$B/again.log"
check "unchanged files keep their mtime" \
	bash -c "[ -z \"\$(find '$B/j1' -name '*.pdf' -newermt 2002-01-01)\" ]"
printf 'x' >>"$B/j1/tottori-2015-04.pdf"
$BIN batch layouts/packs.xml --only tottori -o "$B/j1" >"$B/fix.log"
check "a file whose bytes differ is written again" \
	bash -c "grep -q '^tottori .* written ' '$B/fix.log' && cmp '$B/j1/tottori-2015-04.pdf' '$B/j2/tottori-2015-04.pdf'"

# --- shards ------------------------------------------------------------------
for k in 1 2 3; do
	$BIN batch layouts/packs.xml --shard "$k/3" -o "$B/shards" >"$B/shard$k.log"
done
for k in 1 2 3; do pack_ids "$B/shard$k.log"; done | sort >"$B/shards.ids"
check "three shards render each pack exactly once" \
	bash -c "sort '$B/j1.ids' | diff - '$B/shards.ids'"
check "shards are slices of about the same size" \
	bash -c "grep -h '^[0-9]* packs, ' '$B'/shard[123].log | cut -d' ' -f1 | tr '\n' ' ' | grep -qx '20 19 19 '"
check "a shard gives the bytes of the whole batch" \
	cmp "$B/shards/saitama-2015-04.pdf" "$B/j2/saitama-2015-04.pdf"
$BIN batch layouts/packs.xml --only tohoku,region-tohoku,02-aomori --shard 2/2 \
	-o "$B/only" >"$B/only.log"
check "--only, then --shard, in the order of the packs file" \
	bash -c "[ \"\$(tail -n +2 '$B/only.log' | grep -v '^[0-9]* packs\{0,1\}, ' | cut -d' ' -f1)\" = 02-aomori ]"

# --- failures ----------------------------------------------------------------
$BIN batch tests/golden/batch/broken.xml -j 2 -o "$B/broken" >"$B/broken.log" 2>"$B/broken.err"
check "a batch with a broken pack exits 1" test $? = 1
check "the other packs are rendered" \
	bash -c "[ \$(grep -c ' written ' '$B/broken.log') = 2 ] && ls '$B/broken' | grep -qx tottori-2015-04.pdf"
check "the broken pack's line says why" \
	grep -qx 'broken FAILED: the layout tests/golden/batch/../errors/unknown-measure.xml has errors' "$B/broken.log"
check "the summary names the failed pack and ends with the time taken" \
	grep -q '^3 packs, 1 failed (broken), 2 written, 0 unchanged, [0-9]* pages, [0-9]* bytes, [0-9]*\.[0-9][0-9] s$' "$B/broken.log"
check "the layout's errors are reported once" \
	bash -c "[ \$(grep -c 'unknown measure' '$B/broken.err') = 1 ]"
BRIEFGEN_TEST_CRASH=tottori timeout 60 $BIN batch tests/golden/batch/broken.xml \
	-j 1 -o "$B/crash" >"$B/crash.log" 2>&1
status=$?
check "a worker that dies fails its pack, not the batch (status $status)" test $status = 3
check "the dead worker's pack says how it died" \
	grep -q '^tottori FAILED: worker killed by signal 6 ' "$B/crash.log"
check "another worker renders the packs after it" \
	grep -q '^saitama [0-9]* pages .* written ' "$B/crash.log"

# --- as of a month ------------------------------------------------------------
# The survey as of 1 April 2016 was published on 30 March 2017: in June
# 2016 the one as of 1 April 2015 (published 25 March 2016) was current.
$BIN batch layouts/packs.xml --only tohoku --as-of 2016-06 -o "$B/asof" >"$B/asof.log"
check "--as-of 2016-06 renders the FY2015 survey as current" \
	bash -c "pdftotext '$B/asof/tohoku-2015-04.pdf' - | grep -q '平成27年度調査（平成27年4月1日現在）'"
check "--as-of leaves the later survey out of the sources" \
	bash -c "! qpdf --list-attachments '$B/asof/tohoku-2015-04.pdf' | grep -q fy2016"
check "--as-of: the date is the end of that month" \
	bash -c "pdfinfo '$B/asof/tohoku-2015-04.pdf' | grep -q 'CreationDate:.*Jun 30 00:00:00 2016'"
check "--as-of: verify gives identical" $BIN verify "$B/asof/tohoku-2015-04.pdf"

# --- the sources a PDF carries ---------------------------------------------
check "the PDF carries its sources under relative names" \
	bash -c "diff <(qpdf --list-attachments '$pdf' | cut -d' ' -f1) - <<'EOF'
briefgen-manifest.txt
briefgen-pack.xml
fonts/fonts.conf
input/case-effects.csv
input/cases.csv
input/prefectures.csv
input/roster.csv
input/survey-fy2014.csv
input/survey-fy2015.csv
input/survey-fy2016.csv
layouts/briefing.xml
layouts/parts/cases.xml
layouts/parts/cloud.xml
layouts/parts/cover.xml
layouts/parts/key-figures.xml
layouts/parts/meetings-2016.xml
layouts/parts/municipalities.xml
layouts/parts/notes.xml
layouts/parts/window.xml
layouts/tohoku.xml
EOF"
check "the embedded CSV is the input file" \
	bash -c "qpdf --show-attachment=input/survey-fy2016.csv '$pdf' | cmp - input/survey-fy2016.csv"
qpdf --show-attachment=briefgen-manifest.txt "$pdf" >"$B/manifest.txt"
check "the manifest lists each input's SHA-256" \
	grep -qx "file $(sha256sum input/survey-fy2016.csv | cut -d' ' -f1) input/survey-fy2016.csv" "$B/manifest.txt"
check "the manifest lists the font's SHA-256, name and file" \
	grep -qx "font $(sha256sum /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf | cut -d' ' -f1) gothic /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf" "$B/manifest.txt"
check "the manifest has the version and the options" \
	bash -c "grep -qx 'version briefgen $($BIN --version | sed -n '1s/^briefgen //p')' '$B/manifest.txt' && grep -qx 'lang ja+en' '$B/manifest.txt'"
check "the /ID is the manifest's SHA-256" \
	bash -c "qpdf --show-object=trailer '$pdf' | grep -q \"/ID \\[ <\$(sha256sum '$B/manifest.txt' | cut -c1-32)>\""
check "the pack is carried as a packs file of its own" \
	bash -c "qpdf --show-attachment=briefgen-pack.xml '$pdf' | grep -q '<pack id=\"tohoku\" layout=\"layouts/tohoku.xml\" date=\"2017-07-07\" focus=\"02 03 04 05 06 07\">'"
check "no path of this machine is in the PDF" \
	bash -c "! qpdf --qdf --object-streams=disable '$pdf' - | grep -aq '$PWD'"

$BIN render layouts/tottori.xml -o "$B/tottori.pdf"
check "the files a layout includes and the data it reads are carried too" \
	bash -c "qpdf --list-attachments '$B/tottori.pdf' | cut -d' ' -f1 | grep -c '^\(layouts/tottori.xml\|layouts/briefing.xml\|layouts/parts/municipalities.xml\|input/survey-fy2015.csv\|input/roster.csv\)\$' | grep -qx 5"
check "what the pack's date leaves out is not carried: the later survey, the deck's cases" \
	bash -c "! qpdf --list-attachments '$B/tottori.pdf' | grep -q 'survey-fy2016.csv\|cases.csv'"
check "verify of a layout with includes gives identical" \
	$BIN verify "$B/tottori.pdf"
$BIN render tests/golden/layout/image.xml --packs layouts/packs.xml --pack tohoku -o "$B/image.pdf"
check "the image a layout shows is carried byte for byte" \
	bash -c "qpdf --show-attachment=layouts/logo.png '$B/image.pdf' | cmp - layouts/logo.png"
check "verify of a layout with an image gives identical" \
	$BIN verify "$B/image.pdf"

# --- regenerate and verify ------------------------------------------------------
$BIN verify "$pdf" >"$B/verify.out" 2>&1
check "verify of a fresh render exits 0" test $? = 0
check "verify says identical" grep -qx "$pdf: identical" "$B/verify.out"
check "regenerate gives the same bytes" \
	bash -c "$BIN regenerate '$pdf' -o '$B/regenerated.pdf' && cmp '$pdf' '$B/regenerated.pdf'"
check "verify takes the date from the PDF, not from SOURCE_DATE_EPOCH" \
	env SOURCE_DATE_EPOCH=86400 $BIN verify "$pdf"
cp input/survey-fy2016.csv "$B/fy2016-copy.csv"
SOURCE_DATE_EPOCH=1499385600 $BIN render layouts/briefing.xml --pack 31-tottori --lang en \
	--data "fy2016=$B/fy2016-copy.csv" -o "$B/options.pdf"
check "verify replays the options: language, date, --data" $BIN verify "$B/options.pdf"
iconv -f UTF-8 -t CP932 input/survey-fy2016.csv >"$B/fy2016-cp932.csv"
$BIN render layouts/tohoku.xml --data "fy2016=$B/fy2016-cp932.csv" \
	--encoding fy2016=cp932 -o "$B/cp932.pdf"
check "--encoding is recorded in the manifest" \
	bash -c "qpdf --show-attachment=briefgen-manifest.txt '$B/cp932.pdf' | grep -qx 'encoding fy2016 cp932'"
check "verify replays --encoding" $BIN verify "$B/cp932.pdf"
check "--data files are carried under their own names" \
	bash -c "qpdf --list-attachments '$B/options.pdf' | grep -q '^$B/fy2016-copy.csv '"

# One byte of the embedded survey changed, through qpdf's QDF form.
qpdf --qdf --object-streams=disable "$pdf" "$B/qdf.pdf"
sed 's/^011002,北海道,札幌市,1749859,/011002,北海道,札幌市,1749858,/' "$B/qdf.pdf" |
	fix-qdf >"$B/altered.pdf"
check "the altered PDF is still a good PDF" qpdf --check "$B/altered.pdf"
$BIN verify "$B/altered.pdf" >"$B/altered.out" 2>"$B/altered.err"
check "verify of an altered PDF exits 1" test $? = 1
check "verify names the altered input" \
	grep -q "^$B/altered.pdf: error: the source \"input/survey-fy2016.csv\" was altered: its SHA-256 is [0-9a-f]*, the manifest says $(sha256sum input/survey-fy2016.csv | cut -d' ' -f1)\$" "$B/altered.err"
check "verify says where the bytes differ" \
	grep -q "^$B/altered.pdf: differs from its regeneration from byte [0-9]* on" "$B/altered.out"
$BIN regenerate "$B/altered.pdf" -o "$B/from-altered.pdf" 2>"$B/regen-altered.err"
check "regenerate refuses altered sources" \
	bash -c "[ $? = 1 ] && [ ! -e '$B/from-altered.pdf' ] && grep -q 'not regenerated: its sources were altered' '$B/regen-altered.err'"
# A manifest that names another briefgen and another font.
version=$($BIN --version | sed -n '1s/^briefgen //p')
sed -e "s/^version briefgen $version\$/version briefgen 0.0.0-old/" \
	-e 's/^font [0-9a-f]* gothic /font 0000000000000000000000000000000000000000000000000000000000000000 gothic /' \
	"$B/qdf.pdf" | fix-qdf >"$B/old.pdf"
$BIN verify "$B/old.pdf" >"$B/old.out" 2>"$B/old.err"
check "verify of a PDF made elsewhere exits 1" test $? = 1
check "verify says the manifest does not match the /ID" \
	grep -qx "$B/old.pdf: error: the manifest was altered: the document's /ID is not its SHA-256" "$B/old.err"
check "verify names the version that differs" \
	grep -qx "$B/old.pdf: briefgen differs: 0.0.0-old then, $version now" "$B/old.out"
check "verify names the font that differs" \
	grep -qx "$B/old.pdf: font gothic differs: /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf has SHA-256 $(sha256sum /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf | cut -d' ' -f1), the PDF was made with 0000000000000000000000000000000000000000000000000000000000000000" "$B/old.out"
qpdf "$pdf" --remove-attachment=input/survey-fy2015.csv "$B/removed.pdf"
$BIN verify "$B/removed.pdf" >/dev/null 2>"$B/removed.err"
check "verify of a PDF missing a source cannot tell: exits 2" test $? = 2
check "verify names the missing source" \
	grep -qx "$B/removed.pdf: error: the source \"input/survey-fy2015.csv\" the manifest lists is missing (removed from the PDF?)" "$B/removed.err"
qpdf --empty "$B/empty.pdf"
$BIN verify "$B/empty.pdf" >/dev/null 2>"$B/empty.err"
check "a PDF that never had sources gets a clear error" \
	bash -c "[ $? = 2 ] && grep -qx '$B/empty.pdf: error: carries no sources: it was not written by briefgen, or they were removed' '$B/empty.err'"
$BIN verify README.md >/dev/null 2>"$B/notpdf.err"
check "a file that is not a PDF gets a clear error" \
	bash -c "[ $? = 2 ] && grep -q '^README.md: error: not a PDF that can be read: ' '$B/notpdf.err'"
check "verify and regenerate leave no temporary directory" \
	bash -c "[ -z \"\$(ls -A '$B/tmp')\" ]"
if [ -n "$old_tmpdir" ]; then export TMPDIR=$old_tmpdir; else unset TMPDIR; fi

# --- the font digest cache -----------------------------------------------
# A first run hashes the fonts and remembers the digests; a second finds
# them; both give the same bytes, and the digest is the file's SHA-256.
rm -rf "$OUT/digests"
XDG_CACHE_HOME=$PWD/$OUT/digests $BIN render layouts/tohoku.xml --pack tohoku -o "$OUT/digest-1.pdf" 2>/dev/null
check "digests: the first run writes the cache" test -s "$OUT/digests/briefgen/digests"
XDG_CACHE_HOME=$PWD/$OUT/digests $BIN render layouts/tohoku.xml --pack tohoku -o "$OUT/digest-2.pdf" 2>/dev/null
check "digests: a run with the cache gives the same bytes" cmp "$OUT/digest-1.pdf" "$OUT/digest-2.pdf"
gothic=$(awk '$1 == "gothic" {print $2}' fonts/fonts.conf)
check "digests: the cached digest is the font's SHA-256" \
	grep -q "^$(sha256sum "$gothic" | cut -d' ' -f1) .* $gothic\$" "$OUT/digests/briefgen/digests"
check "digests: one line per font, however many runs" \
	test "$(grep -c " $gothic\$" "$OUT/digests/briefgen/digests")" = 1
