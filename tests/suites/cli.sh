# The command line as a newcomer meets it: help where people look, the
# versions that decide the bytes, render in a clean directory, --quiet
# and --verbose, pipes, packs and fonts lists, the batch's first and last
# lines, and watch mode with a real change to a file.  Sourced by
# tests/run.

C=$OUT/cli
rm -rf "$C"
mkdir -p "$C"
top=$PWD
bin=$top/${BIN#./}

# --- help --------------------------------------------------------------
$BIN help >"$C/help" 2>&1
check "help exits 0 and lists every command" \
	bash -c "[ $? = 0 ] && for c in render batch check watch packs fonts verify regenerate help; do grep -q \"^  \$c \" '$C/help' || exit 1; done"
check "--help and -h print what help prints" \
	bash -c "$BIN --help | cmp - '$C/help' && $BIN -h | cmp - '$C/help'"
for cmd in render batch check watch packs fonts verify regenerate; do
	$BIN help $cmd >"$C/help-$cmd" 2>&1
	check "help $cmd exits 0 with its usage" \
		bash -c "[ $? = 0 ] && head -1 '$C/help-$cmd' | grep -q '^usage: briefgen $cmd '"
	check "$cmd --help and $cmd -h print what help $cmd prints" \
		bash -c "$BIN $cmd --help | cmp - '$C/help-$cmd' && $BIN $cmd x.xml -h | cmp - '$C/help-$cmd'"
done
check "help lines fit in 80 columns" \
	bash -c "! cat '$C'/help* | grep -q '.\{80\}'"
check "a usage error is one line and a hint" \
	bash -c "$BIN render --frobnicate x.xml 2>&1 >/dev/null | wc -l | grep -qx 2"

# --- versions ----------------------------------------------------------
$BIN --version >"$C/version"
check "-V prints what --version prints" bash -c "$BIN -V | cmp - '$C/version'"
check "--version: briefgen first, then the libraries" \
	bash -c "head -1 '$C/version' | grep -q '^briefgen ' && grep -q '^libxml2 ' '$C/version'"
check "--version: libxml2 is the installed package's" \
	bash -c "dpkg-query -W -f '\${Version}' libxml2 | grep -q \"^\$(sed -n 's/^libxml2 //p' '$C/version')\""
$BIN render layouts/tottori.xml -o "$C/tottori.pdf" >/dev/null
qpdf --show-attachment=briefgen-manifest.txt "$C/tottori.pdf" >"$C/manifest"
check "--version gives the versions the manifest of a PDF records" \
	bash -c "sed -n 's/^version //p' '$C/manifest' | diff - <(head -\$(grep -c '^version ' '$C/manifest') '$C/version')"
check "--version gives each font's SHA-256 and file" \
	bash -c "grep '^[a-z]' fonts/fonts.conf | while read -r name file; do grep -qx \"font \$name \$(sha256sum \$file | cut -d' ' -f1) \$file\" '$C/version' || exit 1; done"

# --- render in a clean directory ---------------------------------------
mkdir -p "$C/new"
(cd "$C/new" && "$bin" render "$top/layouts/tohoku.xml" >../render.out 2>../render.err)
status=$?
check "render without an output directory makes it (status $status)" \
	test $status = 0 -a -f "$C/new/output/tohoku-2016-04.pdf"
check "render prints one line: pack, pages, bytes, time, written, file" \
	grep -qx 'tohoku [0-9]* pages [0-9]* bytes [0-9.]* ms written output/tohoku-2016-04.pdf' "$C/render.out"
check "the line gives the file's bytes and pages" \
	bash -c "read -r _ pages _ bytes _ <'$C/render.out' && [ \$bytes = \$(stat -c %s '$C/new/output/tohoku-2016-04.pdf') ] && pdfinfo '$C/new/output/tohoku-2016-04.pdf' | grep -q \"^Pages: *\$pages\$\""
check "render writes nothing on stderr when all is well" test ! -s "$C/render.err"
(cd "$C/new" && "$bin" render "$top/layouts/tohoku.xml" >../again.out)
check "render again says unchanged" \
	grep -q '^tohoku [0-9]* pages [0-9]* bytes [0-9.]* ms unchanged output/tohoku-2016-04.pdf$' "$C/again.out"
cp "$C/new/output/tohoku-2016-04.pdf" "$C/bilingual.pdf"
(cd "$C/new" && "$bin" render "$top/layouts/tohoku.xml" --lang en >../en.out)
check "render --lang en writes a file of its own, beside the bilingual one" \
	bash -c "grep -q ' written output/tohoku-2016-04-en.pdf\$' '$C/en.out' && cmp '$C/new/output/tohoku-2016-04.pdf' '$C/bilingual.pdf'"
$BIN render layouts/tohoku.xml -o "$C/deep/er/tohoku.pdf" >/dev/null
check "render -o makes the directory of the file" test -f "$C/deep/er/tohoku.pdf"
$BIN render layouts/tohoku.xml -q -o "$C/quiet.pdf" >"$C/quiet.out" 2>&1
check "--quiet: nothing printed, the PDF written" \
	test $? = 0 -a ! -s "$C/quiet.out" -a -f "$C/quiet.pdf"
$BIN check layouts/tohoku.xml -q >"$C/quiet-check.out" 2>&1
check "check --quiet: nothing printed for a layout that checks" \
	test $? = 0 -a ! -s "$C/quiet-check.out"
$BIN verify "$C/tottori.pdf" -q >"$C/quiet-verify.out" 2>&1
check "verify --quiet: nothing printed for an identical PDF, exit 0" \
	test $? = 0 -a ! -s "$C/quiet-verify.out"
$BIN render tests/golden/charts/too-many-rows.xml --packs layouts/packs.xml \
	--pack tohoku -q -o "$C/warn.pdf" >"$C/warn.out" 2>&1
check "--quiet silences warnings" test $? = 0 -a ! -s "$C/warn.out"
$BIN render layouts/tohoku.xml --pack nagoya -q -o "$C/x.pdf" 2>"$C/qerr.out"
check "--quiet still prints errors" \
	bash -c "[ $? = 1 ] && grep -qx 'layouts/packs.xml: error: no pack \"nagoya\"' '$C/qerr.out'"
$BIN render layouts/tohoku.xml --verbose -o "$C/verbose.pdf" >/dev/null 2>"$C/verbose.err"
check "--verbose names every file read, with its bytes" \
	bash -c "for f in layouts/tohoku.xml layouts/parts/cover.xml input/survey-fy2016.csv fonts/fonts.conf; do grep -q \"\\(^\\|/\\)\$f: note: read [0-9]* bytes in [0-9.]* ms\$\" '$C/verbose.err' || exit 1; done"
check "--verbose gives each dataset's rows and the time of each stage" \
	bash -c "grep -q 'survey-fy2016.csv: note: dataset fy2016: 1741 rows, UTF-8, [0-9.]* ms\$' '$C/verbose.err' && grep -q '^layouts/tohoku.xml: note: pack tohoku: composed in [0-9.]* ms, paginated in [0-9.]* ms, PDF made in [0-9.]* ms\$' '$C/verbose.err'"
check "--verbose changes no byte" cmp "$C/verbose.pdf" "$C/quiet.pdf"

# --- pipes --------------------------------------------------------------
check "render's line through a pipe" \
	bash -c "$BIN render layouts/tohoku.xml -o '$C/quiet.pdf' | grep -q ' unchanged $C/quiet.pdf\$'"
check "a reader that stops early gets its line, and no message" \
	bash -c "$BIN packs layouts/packs.xml 2>'$C/pipe.err' | head -1 | grep -q '^tohoku ' && [ ! -s '$C/pipe.err' ]"
check "the display list through a pipe" \
	bash -c "$BIN render layouts/tohoku.xml --dump-layout | cmp - tests/golden/packs/tohoku.out"

# A terminal as standard output, through script(1): one line and the
# hint, nothing else on the screen.
for cmd in "render layouts/tottori.xml" "regenerate $C/tottori.pdf"; do
	timeout 20 script -qec "$BIN $cmd -o -" /dev/null >"$C/tty.out" 2>&1
	check "${cmd%% *} -o - to a terminal: a usage error, no PDF on the screen" \
		bash -c "[ $? = 2 ] && tr -d '\r' <'$C/tty.out' | diff - <(printf '%s\n' 'briefgen: error: -o -: standard output is a terminal; send it to a file or a pipe' \"\$($BIN help ${cmd%% *} | head -1 | sed 's/\$/; see \"briefgen help ${cmd%% *}\"/')\")"
done
(cd "$C" && timeout 10 "$bin" watch "$top/layouts/tottori.xml" -o - \
	>stream.out 2>stream.err)
check "watch -o - is a usage error, not PDFs and lines mixed on stdout" \
	bash -c "[ $? = 2 ] && [ ! -s '$C/stream.out' ] && head -1 '$C/stream.err' | grep -qx 'briefgen: error: -o -: watch writes files, not standard output (render and regenerate do)'"
(cd "$C" && timeout 10 "$bin" batch "$top/layouts/packs.xml" --only tottori \
	-o - >stream.out 2>stream.err)
check "batch -o - is a usage error, not a directory named -" \
	bash -c "[ $? = 2 ] && [ ! -e '$C/-' ] && head -1 '$C/stream.err' | grep -qx 'briefgen: error: -o -: batch writes files, not standard output (render and regenerate do)'"
$BIN batch layouts/packs.xml --only tottori -o "$C/full" >/dev/full 2>"$C/full.err"
check "batch whose lines cannot be written exits 3 and says so" \
	bash -c "[ $? = 3 ] && grep -qx 'briefgen: error: cannot write to standard output' '$C/full.err'"
$BIN verify "$C/tottori.pdf" >/dev/full 2>"$C/full.err"
check "verify whose verdict cannot be written cannot tell: exit 2" \
	bash -c "[ $? = 2 ] && grep -qx 'briefgen: error: cannot write to standard output' '$C/full.err'"

# --- packs and fonts ----------------------------------------------------
check "packs --lang en gives the English titles" \
	bash -c "$BIN packs layouts/packs.xml --lang en | grep -qx 'region-tohoku  *undated     layouts/briefing.xml  Public Service Innovation Platform — Tohoku region'"
mkdir -p "$C/fontcache" "$C/fonts"
cp /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf "$C/fonts/g.ttf"
printf 'gothic %s\n' "$C/fonts/g.ttf" >"$C/fonts/fonts.conf"
sum=$(sha256sum "$C/fonts/g.ttf" | cut -d' ' -f1)
XDG_CACHE_HOME=$C/fontcache $BIN fonts "$C/fonts/fonts.conf" >"$C/fonts1.out"
check "fonts: a font not yet digested is added to the cache" \
	grep -qx "gothic $C/fonts/g.ttf: present, SHA-256 $sum, added to the digest cache" "$C/fonts1.out"
XDG_CACHE_HOME=$C/fontcache $BIN fonts "$C/fonts/fonts.conf" >"$C/fonts2.out"
check "fonts: then it matches the cache" \
	grep -qx "gothic $C/fonts/g.ttf: present, SHA-256 $sum, matches the digest cache" "$C/fonts2.out"
# The same size and time, other bytes: what the cache cannot see.
touch -r "$C/fonts/g.ttf" "$C/fonts/time"
printf 'x' | dd of="$C/fonts/g.ttf" bs=1 seek=100 conv=notrunc status=none
touch -r "$C/fonts/time" "$C/fonts/g.ttf"
XDG_CACHE_HOME=$C/fontcache $BIN fonts "$C/fonts/fonts.conf" >"$C/fonts3.out"
check "fonts: a file changed in place is told, exit 1" \
	bash -c "[ $? = 1 ] && grep -q 'but the digest cache has $sum for it: the file changed in place\$' '$C/fonts3.out'"
check "fonts LAYOUT lists the fonts its configuration names" \
	bash -c "$BIN fonts layouts/tohoku.xml | cut -d: -f1 | diff - <(grep '^[a-z]' fonts/fonts.conf)"
check "fonts without an argument lists the fonts briefgen comes with" \
	bash -c "$BIN fonts | cut -d: -f1 | diff - <(grep '^[a-z]' fonts/fonts.conf)"

# --- the batch's first and last lines ------------------------------------
$BIN batch layouts/packs.xml --only tottori,saitama -o "$C/batch" >"$C/batch.log"
check "batch's first line: date, time, version, what it runs" \
	bash -c "head -1 '$C/batch.log' | grep -qx '20[0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [+-][0-9]\{4\} briefgen [0-9.]* batch layouts/packs.xml --only tottori,saitama: 2 packs into $C/batch, -j [0-9]*'"
# The affinity mask, which the tests can set; a cgroup's quota, which
# they cannot, is read by the unit tests from trees of their own.
cpu=$(taskset -pc $$ | sed 's/.*: //; s/[-,].*//')
taskset -c "$cpu" $BIN batch layouts/packs.xml --only tottori -o "$C/batch" \
	>"$C/batch1.log"
check "batch -j defaults to the CPUs this process may use: 1 under taskset" \
	bash -c "head -1 '$C/batch1.log' | grep -q -- ', -j 1\$'"
check "batch's summary ends with the time taken" \
	bash -c "tail -1 '$C/batch.log' | grep -qx '2 packs, 0 failed, 2 written, 0 unchanged, [0-9]* pages, [0-9]* bytes, [0-9]*\.[0-9][0-9] s'"
$BIN batch layouts/packs.xml --only tottori --as-of 2016-06 --lang ja \
	-o "$C/batch" >"$C/batch-options.log"
check "batch's first line names the options that choose the packs and data" \
	bash -c "head -1 '$C/batch-options.log' | grep -q ' batch layouts/packs.xml --as-of 2016-06 --lang ja --only tottori: 1 pack into $C/batch, -j [0-9]*\$'"
check "batch of one pack: its summary says 1 pack, and its file the language" \
	bash -c "sed -n 2p '$C/batch-options.log' | grep -q ' written $C/batch/tottori-20[0-9][0-9]-[01][0-9]-ja.pdf\$' && tail -1 '$C/batch-options.log' | grep -q '^1 pack, 0 failed, '"
$BIN batch layouts/packs.xml --only tottori,saitama -q -o "$C/batch" >"$C/batchq.log"
check "batch --quiet prints nothing when all is well" test ! -s "$C/batchq.log"
$BIN batch tests/golden/batch/broken.xml -q -o "$C/broken" >"$C/brokenq.log" 2>/dev/null
check "batch --quiet prints the failed packs and the summary" \
	bash -c "[ \$(wc -l <'$C/brokenq.log') = 2 ] && head -1 '$C/brokenq.log' | grep -q '^broken FAILED: ' && tail -1 '$C/brokenq.log' | grep -q '^3 packs, 1 failed (broken), '"

# --- the monthly run, as the README's cron entry runs it -------------------
# The entry's command, given to sh as cron gives it, on a copy of the
# inputs: it must print nothing when all is well (cron mails what a job
# prints), and, when a part every pack includes is broken, print the
# error naming it (which comes before the packs' lines) and the summary.
M=$top/$C/monthly
mkdir -p "$M/srv/briefgen" "$M/log"
cp -r layouts input fonts "$M/srv/briefgen"
ln -s "$bin" "$M/srv/briefgen/briefgen"
grep -m1 '^17 3 2 \* \* ' README.md | cut -d' ' -f6- |
	sed "s|/srv/briefgen|$M/srv/briefgen|g; s|/var/log/briefgen|$M/log|g" \
		>"$M/entry"
# The three meetings' packs when all is well; all 58 when it is not.
sed -i '/<each-prefecture/,/<\/each-region>/d' "$M/srv/briefgen/layouts/packs.xml"
(cd "$M" && sh -c "$(cat entry)" >mail1 2>&1)
check "the cron entry prints nothing when the run goes well" \
	bash -c "[ -s '$M/entry' ] && [ ! -s '$M/mail1' ] && ls '$M/srv/briefgen/output' | wc -l | grep -qx 3"
cp layouts/packs.xml "$M/srv/briefgen/layouts/packs.xml"
sed -i 's|<heading>|<headin>|' "$M/srv/briefgen/layouts/parts/cloud.xml"
(cd "$M" && sh -c "$(cat entry)" >mail2 2>&1)
check "the cron entry, when the run fails, prints why and the summary" \
	bash -c "grep -q '^layouts/parts/cloud.xml:[0-9:]* error: ' '$M/mail2' && tail -1 '$M/mail2' | grep -q '^58 packs, 58 failed '"

# --- watch ----------------------------------------------------------------
# A copy of the inputs to edit; each step waits for the line of the render
# it causes, for at most 20 s.
W=$top/$C/watch
mkdir -p "$W"
cp -r layouts input fonts "$W"
coproc WATCH { cd "$W" && exec timeout 60 "$bin" watch layouts/tottori.xml -o out/tottori.pdf --verbose 2>"$W/err"; }
# The next line of watch, into $line ("" after 20 s without one).
watched() { line=; read -r -t 20 line <&"${WATCH[0]}"; echo "$line" >>"$W/lines"; }
watched
check "watch renders at once and says so" \
	bash -c "echo '$line' | grep -qx '\[[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\] tottori [0-9]* pages [0-9]* bytes [0-9.]* ms written out/tottori.pdf'"
notes=$(sed 's|<ja>注記と出典</ja>|<ja>注記と出典の一覧</ja>|' "$W/layouts/parts/notes.xml")
printf '%s\n' "$notes" >"$W/layouts/parts/notes.xml"
watched
check "watch renders again when an included file changes" \
	bash -c "echo '$line' | grep -q '\] tottori [0-9]* pages .* written out/tottori.pdf\$' && pdftotext '$W/out/tottori.pdf' - | grep -qx '注記と出典の一覧'"
printf '<broken' >>"$W/layouts/parts/cover.xml"
watched
# cover.xml is read twice (tottori.xml includes it, and so does
# briefing.xml, which tottori.xml includes): its error is told, and
# counted, once.
check "watch reports a render that fails, after its error, once" \
	bash -c "echo '$line' | grep -q '\] tottori FAILED: 1 error\$' && [ \$(grep -c '^layouts/parts/cover.xml:[0-9:]* error: ' '$W/err') = 1 ]"
sed -i '$d' "$W/layouts/parts/cover.xml"
watched
check "watch renders again once the error is mended" \
	bash -c "echo '$line' | grep -q '\] tottori [0-9]* pages .* unchanged out/tottori.pdf\$'"
# The Tottori meeting's current survey is the one as of 1 April 2015.
sed 's/^\(312011,鳥取県,鳥取市,[0-9]*\),未実施,/\1,実施,/' \
	"$W/input/survey-fy2015.csv" >"$W/new.csv"
mv "$W/new.csv" "$W/input/survey-fy2015.csv"
watched
check "watch renders again when a dataset is replaced" \
	bash -c "echo '$line' | grep -q '\] tottori [0-9]* pages .* written out/tottori.pdf\$' && ! cmp -s '$W/out/tottori.pdf' '$C/tottori.pdf'"
kill "$WATCH_PID" 2>/dev/null
wait "$WATCH_PID" 2>/dev/null
check "watch --verbose names the files whose change it saw" \
	bash -c "grep -q '^layouts/parts/notes.xml: note: changed ' '$W/err' && grep -q 'input/survey-fy2015.csv: note: changed ' '$W/err'"
