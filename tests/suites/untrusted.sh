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
refused "a FIFO as the PDF to verify" "$U/fifo: error: a FIFO" \
	$BIN verify "$U/fifo"
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
