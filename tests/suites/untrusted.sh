# Untrusted input and safe writes: special files, oversized files and
# standard input as inputs; every run is bounded by timeout, so one that
# blocks fails instead of hanging the suite.  Sourced by tests/run.

U=$OUT/untrusted
rm -rf "$U"
mkdir -p "$U"
S=tests/golden/input/sums.xml
SUMS="$S --packs layouts/packs.xml --pack tohoku"
mkfifo "$U/fifo"

# refused NAME WANT COMMAND...: the command exits 1 within 5 s, says WANT
# (a fixed string) on stderr, and leaves no $U/none.pdf.
refused() {
	local name=$1 want=$2 st
	shift 2
	timeout 5 "$@" >"$U/out" 2>"$U/err"
	st=$?
	if [ "$st" = 1 ] && grep -qF -- "$want" "$U/err" &&
		[ ! -e "$U/none.pdf" ]; then
		pass
	else
		fail "$name (status $st)"
		sed 's/^/    /' "$U/err" | head -5
	fi
}

# --- special files as inputs -----------------------------------------------
refused "a FIFO as the layout" \
	"$U/fifo: error: a FIFO, not a regular file: briefgen reads only regular files" \
	$BIN check "$U/fifo"
refused "a directory as the layout" \
	"$U: error: a directory, not a regular file" $BIN check "$U"
refused "a FIFO as a dataset, check" "$U/fifo: error: a FIFO" \
	$BIN check $S --data "data=$U/fifo"
refused "a FIFO as a dataset, render" "$U/fifo: error: a FIFO" \
	$BIN render $SUMS --data "data=$U/fifo" -o "$U/none.pdf"
refused "/dev/zero as a dataset" \
	"/dev/zero: error: a character device, not a regular file" \
	$BIN render $SUMS --data data=/dev/zero -o "$U/none.pdf"
refused "a FIFO as the packs file" "$U/fifo: error: a FIFO" \
	$BIN render $S --packs "$U/fifo" --pack tohoku -o "$U/none.pdf"
# verify cannot tell what it cannot read: status 2, not 1.
timeout 5 $BIN verify "$U/fifo" >"$U/out" 2>"$U/err"
check "a FIFO as the PDF to verify: verify cannot tell (status 2)" \
	bash -c "[ $? = 2 ] && grep -qF '$U/fifo: error: a FIFO' '$U/err'"
refused "a FIFO as the PDF to regenerate" "$U/fifo: error: a FIFO" \
	$BIN regenerate "$U/fifo" -o "$U/none.pdf"

# A copy of the small layout whose fonts configuration, font or image is
# a special file.
sed -e 's#"\.\./\.\./\.\./fonts/fonts.conf"#"fonts.conf"#' \
	-e "s#\"\\.\\./\\.\\./\\.\\./#\"$PWD/#" \
	-e "s#\"numbers.csv\"#\"$PWD/tests/golden/input/numbers.csv\"#" \
	-e "s#<document>#<document><image file=\"logo.png\"/>#" \
	$S >"$U/sums.xml"
cp layouts/logo.png "$U/logo.png"
USUMS="$U/sums.xml --packs layouts/packs.xml --pack tohoku"
gothic=$(awk '$1 == "gothic" {print $2}' fonts/fonts.conf)
printf 'gothic %s\n' "$gothic" >"$U/fonts.conf"
check "the copy of the small layout renders" \
	timeout 10 $BIN render $USUMS -o "$U/sums.pdf"
printf 'gothic %s\n' "$PWD/$U/fifo" >"$U/fonts.conf"
refused "a FIFO as a font" \
	"$U/fonts.conf:1: error: cannot read font file \"$PWD/$U/fifo\": not a regular file" \
	$BIN render $USUMS -o "$U/none.pdf"
printf 'gothic %s\n' "$PWD/README.md" >"$U/fonts.conf"
refused "a text file as a font" "is not a TrueType font" \
	$BIN render $USUMS -o "$U/none.pdf"
rm "$U/fonts.conf"
ln -s fifo "$U/fonts.conf"
refused "a FIFO as the fonts configuration" "$U/fonts.conf: error: a FIFO" \
	$BIN render $USUMS -o "$U/none.pdf"
printf 'gothic %s\n' "$gothic" >"$U/fonts.conf.real"
mv "$U/fonts.conf.real" "$U/fonts.conf"
mv "$U/logo.png" "$U/logo-real.png"
ln -s fifo "$U/logo.png"
refused "a FIFO as an image" \
	"error: \"$U/logo.png\": a FIFO, not a regular file" \
	$BIN render $USUMS -o "$U/none.pdf"
mv "$U/logo-real.png" "$U/logo.png"

# --- size caps -------------------------------------------------------------
truncate -s 300M "$U/big.csv"
refused "a dataset beyond the input cap" \
	"$U/big.csv: error: larger than the input limit, 256 MiB (raise it with --limit input=SIZE)" \
	$BIN render $SUMS --data "data=$U/big.csv" -o "$U/none.pdf"
truncate -s 9M "$U/big.csv"
refused "a dataset beyond --limit input" \
	"$U/big.csv: error: larger than the input limit, 8 MiB (raise it with --limit input=SIZE)" \
	$BIN render $SUMS --data "data=$U/big.csv" --limit input=8M -o "$U/none.pdf"
refused "a font beyond --limit input" \
	"$gothic: error: larger than the input limit, 1 MiB (raise it with --limit input=SIZE)" \
	$BIN render $USUMS --limit input=1M -o "$U/none.pdf"
$BIN check $S --limit memory=1G 2>"$U/err"
check "--limit with an unknown cap is a usage error" \
	bash -c "[ $? = 2 ] && grep -q '^briefgen: error: --limit needs NAME=SIZE' '$U/err'"

# --- render finds what check finds -----------------------------------------
# A line of 2 MB, and a NUL byte after the first block: check and a render
# to PDF report the same faults, and the render writes nothing.
{
	head -1 tests/golden/input/numbers.csv
	head -c 2000000 /dev/zero | tr '\0' x
	echo
	tail -n +2 tests/golden/input/numbers.csv
} >"$U/long-line.csv"
{
	head -2 tests/golden/input/numbers.csv
	printf '"%s"\n' "$(head -c 70000 /dev/zero | tr '\0' y)"
	printf '011002,北海道,札幌\0市,1,実施,未導入\n'
} >"$U/nul.csv"
for f in long-line nul; do
	timeout 10 $BIN check $S --data "data=$U/$f.csv" >/dev/null 2>"$U/$f.check"
	refused "render refuses $f.csv as check does" "$U/$f.csv:" \
		$BIN render $SUMS --data "data=$U/$f.csv" -o "$U/none.pdf"
	check "render and check give the same messages for $f.csv" \
		diff "$U/$f.check" "$U/err"
done
check "the long line is named" \
	grep -q "^$U/long-line.csv:2: error: the line is longer than 1 MB" "$U/long-line.check"
check "the NUL byte is named" \
	grep -q "^$U/nul.csv:4:.*NUL byte" "$U/nul.check"

# --- standard input --------------------------------------------------------
timeout 10 $BIN render layouts/tohoku.xml --data fy2016=- -o "$U/stdin.pdf" \
	<input/survey-fy2016.csv
check "--data NAME=- renders from standard input" test $? = 0
check "from standard input, the same bytes as from the file" \
	cmp "$U/stdin.pdf" "$OUT/tohoku.pdf"
check "standard input is carried under the layout's name for the file" \
	bash -c "qpdf --show-attachment=input/survey-fy2016.csv '$U/stdin.pdf' | cmp - input/survey-fy2016.csv"
check "check reads a dataset from a pipe" \
	bash -c "cat tests/golden/input/numbers.csv | timeout 5 $BIN check $S --data data=- | grep -q '^data -: [0-9]* rows'"

# --- outputs -------------------------------------------------------------
W=$U/w
mkdir -p "$W"
timeout 10 $BIN render layouts/tohoku.xml -o - >"$W/stdout.pdf"
check "-o - writes the PDF to standard output" cmp "$W/stdout.pdf" "$OUT/tohoku.pdf"
check "regenerate -o - writes to standard output" \
	bash -c "timeout 10 $BIN regenerate '$OUT/tohoku.pdf' -o - | cmp - '$OUT/tohoku.pdf'"
ln -s real.pdf "$W/link.pdf"
timeout 10 $BIN render layouts/tohoku.xml -o "$W/link.pdf"
check "-o a dangling symbolic link writes the file it names" \
	bash -c "[ -L '$W/link.pdf' ] && cmp '$W/real.pdf' '$OUT/tohoku.pdf'"
printf 'old' >"$W/real.pdf"
chmod 600 "$W/real.pdf"
timeout 10 $BIN render layouts/tohoku.xml -o "$W/link.pdf"
check "-o a symbolic link replaces the file it points to, link kept" \
	bash -c "[ -L '$W/link.pdf' ] && cmp '$W/real.pdf' '$OUT/tohoku.pdf'"
check "a file replaced keeps its permissions" \
	test "$(stat -c %a "$W/real.pdf")" = 600
mkfifo "$W/fifo.pdf"
refused "-o a FIFO" \
	"$W/fifo.pdf: error: a FIFO, not a regular file: briefgen writes only regular files (standard output is -o -)" \
	$BIN render layouts/tohoku.xml -o "$W/fifo.pdf"
check "the FIFO is left a FIFO" test -p "$W/fifo.pdf"
ln -s fifo.pdf "$W/to-fifo.pdf"
refused "-o a link to a FIFO" "$W/to-fifo.pdf: error: a FIFO" \
	$BIN render layouts/tohoku.xml -o "$W/to-fifo.pdf"
# A device node of the suite's own (as root), so that a fault could never
# replace /dev/null itself.
if mknod "$W/null" c 1 3 2>/dev/null; then
	ln -s null "$W/to-null.pdf"
	refused "-o a device" "$W/null: error: a character device, not a regular file" \
		$BIN render layouts/tohoku.xml -o "$W/null"
	refused "-o a link to a device" "$W/to-null.pdf: error: a character device" \
		$BIN render layouts/tohoku.xml -o "$W/to-null.pdf"
	check "the device is left a device" test -c "$W/null"
fi
refused "-o a directory" "$W: error: a directory, not a regular file" \
	$BIN render layouts/tohoku.xml -o "$W"
cp input/survey-fy2016.csv "$W/fy2016.csv"
refused "-o the run's own dataset" \
	"$W/fy2016.csv: error: is one of the inputs, which this run reads; nothing was written" \
	$BIN render layouts/tohoku.xml --data "fy2016=$W/fy2016.csv" -o "$W/fy2016.csv"
ln "$W/fy2016.csv" "$W/hard-link.pdf"
refused "-o a hard link to a dataset" \
	"$W/hard-link.pdf: error: is $W/fy2016.csv, which this run reads; nothing was written" \
	$BIN render layouts/tohoku.xml --data "fy2016=$W/fy2016.csv" -o "$W/hard-link.pdf"
refused "-o the layout" "error: is layouts/../input/survey-fy2014.csv, which this run reads" \
	$BIN render layouts/tohoku.xml -o input/survey-fy2014.csv
check "the inputs named by -o are untouched" \
	bash -c "cmp '$W/fy2016.csv' input/survey-fy2016.csv && git diff --quiet input/survey-fy2014.csv"

# --- interrupted runs ------------------------------------------------------
# Killed while writing the PDF, killed between writing and renaming, and
# stopped by TERM there: the output is the old file or the new one, and
# no temporary file outlives the next run.
K=$U/killed
mkdir -p "$K"
printf 'old' >"$K/out.pdf"
leftovers() { find "$K" -name '.out.pdf.*' | wc -l; }
# killed CMD...: runs CMD, which a signal ends, quietly.
killed() { sh -c '"$@"' sh timeout 30 "$@" >/dev/null 2>&1; }
killed strace -o /dev/null -e trace=write -e inject=write:signal=KILL \
	$BIN render layouts/tohoku.xml -o "$K/out.pdf"
check "killed while writing: the old file stays, nothing else" \
	bash -c "[ \"\$(cat '$K/out.pdf')\" = old ] && [ \"\$(ls -A '$K')\" = out.pdf ]"
killed strace -o /dev/null -e trace=rename -e inject=rename:signal=KILL \
	$BIN render layouts/tohoku.xml -o "$K/out.pdf"
check "killed before the rename: the old file and one temporary file" \
	bash -c "[ \"\$(cat '$K/out.pdf')\" = old ] && [ $(leftovers) = 1 ]"
timeout 10 $BIN render layouts/tohoku.xml -o "$K/out.pdf"
check "the next run removes the temporary file and writes the PDF" \
	bash -c "cmp '$K/out.pdf' '$OUT/tohoku.pdf' && [ $(leftovers) = 0 ]"
printf 'old' >"$K/out.pdf"
killed strace -o /dev/null -e trace=rename \
	-e inject=rename:error=EIO:signal=TERM \
	$BIN render layouts/tohoku.xml -o "$K/out.pdf"
st=$?
check "TERM before the rename: dies of it (status $st), removing its file" \
	bash -c "[ $st = 143 ] && [ \"\$(cat '$K/out.pdf')\" = old ] && [ $(leftovers) = 0 ]"
# Without O_TMPFILE (a file system that has none: the open is failed
# with EOPNOTSUPP) the temporary file has a name from the start.
printf 'old' >"$K/out.pdf"
strace -o "$K/openat.log" -e trace=openat $BIN render layouts/tohoku.xml \
	-o "$K/out.pdf" 2>/dev/null
n=$(grep -n 'O_TMPFILE' "$K/openat.log" | cut -d: -f1)
rm "$K/openat.log"
printf 'old' >"$K/out.pdf"
killed strace -o /dev/null -e trace=openat,write \
	-e inject=openat:error=EOPNOTSUPP:when="$n" -e inject=write:signal=KILL \
	$BIN render layouts/tohoku.xml -o "$K/out.pdf"
check "without O_TMPFILE, killed while writing: a named temporary file" \
	bash -c "[ \"\$(cat '$K/out.pdf')\" = old ] && [ $(leftovers) = 1 ]"
timeout 10 $BIN render layouts/tohoku.xml -o "$K/out.pdf"
check "without O_TMPFILE, the next run removes it" \
	bash -c "cmp '$K/out.pdf' '$OUT/tohoku.pdf' && [ $(leftovers) = 0 ]"
# A batch whose worker is killed before its rename: the parent removes
# the worker's temporary file.
sh -c '"$@"' sh timeout 30 strace -f -o /dev/null -e trace=rename \
	-e inject=rename:signal=KILL $BIN batch layouts/packs.xml \
	--only tottori -j 1 -o "$K/batch" >"$K/batch.log" 2>&1
check "a batch's worker killed before its rename fails its pack" \
	grep -q '^tottori FAILED: worker killed by signal 9' "$K/batch.log"
check "the parent removes the dead worker's temporary file" \
	bash -c "[ -z \"\$(ls -A '$K/batch')\" ]"
printf 'old' >"$K/out.pdf"
check "the file is flushed before the rename and the directory after" \
	bash -c "strace -f -o /dev/stdout -e trace=fsync,rename $BIN render layouts/tohoku.xml -o '$K/out.pdf' 2>/dev/null | grep -o 'fsync\|rename' | tr '\n' ' ' | grep -qx 'fsync rename fsync '"

# Two writers of one output at once, twice with the same PID (each in a
# PID namespace of its own, as two containers on one volume): the last
# complete PDF wins, whole.
if unshare -pf true 2>/dev/null; then pidns="unshare -pf"; else pidns=; fi
for i in 1 2 3; do
	$pidns $BIN render layouts/tohoku.xml -o "$K/both.pdf" 2>/dev/null &
	$pidns $BIN render layouts/tohoku.xml -o "$K/both.pdf" 2>/dev/null &
	wait
done
check "two writers with one PID leave one whole PDF and nothing else" \
	bash -c "cmp '$K/both.pdf' '$OUT/tohoku.pdf' && [ -z \"\$(find '$K' -name '.both.pdf.*')\" ]"
