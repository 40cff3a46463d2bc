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
check "a FIFO as a font: no hint to install the fonts" \
	bash -c "! grep -q 'installed' '$U/err'"
printf 'gothic %s\n' "$PWD/$U/no-such.ttf" >"$U/fonts.conf"
refused "a font file that is missing, with the hint" \
	"$U/fonts.conf:1: error: cannot read font file \"$PWD/$U/no-such.ttf\": No such file or directory (is fonts-ipaexfont installed?)" \
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

# --- errors in a part included twice ---------------------------------------
# A part with an undefined prefix on each of 20000 lines, included twice:
# each error is told once, the first 50 shown, in bounded time and memory
# (no search of every message said before for each new one).
mkdir -p "$U/parts"
{
	echo '<part>'
	yes '<q:a/>' | head -20000
	echo '</part>'
} >"$U/parts/prefixes.xml"
sed 's|parts/broken.xml|parts/prefixes.xml|; s|"\.\./\.\./\.\./|"'"$PWD"'/|; s|"\.\./input/|"'"$PWD"'/tests/golden/input/|' \
	tests/golden/include/bad-part-twice.xml >"$U/prefixes-twice.xml"
timeout 10 /usr/bin/time -o "$U/mem" -f %M $BIN check "$U/prefixes-twice.xml" \
	>"$U/out" 2>"$U/err"
st=$?
check "20000 errors in a part included twice: 50 told, once each, in 64 MB (status $st, $(tail -1 "$U/mem") KB)" \
	bash -c "[ $st = 1 ] && [ \$(tail -1 '$U/mem') -lt 65536 ] &&
		[ \$(grep -c ': error: Namespace prefix q on a is not defined\$' '$U/err') = 50 ] &&
		[ \$(sort '$U/err' | uniq -d | wc -l) = 0 ] &&
		tail -1 '$U/err' | grep -qx 'briefgen: error: too many errors, the rest are not shown'"

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

# --- layouts that grow -----------------------------------------------------
# Small files that libxml2 would make into gigabytes, in hours: an entity
# of 50 KB referenced 20,000 times in an attribute; nine levels of parts
# each including the next ten times (10^8 paragraphs from 5 KB); a part
# of 10,000 paragraphs that includes them 3,000 times from itself.  A
# layout declares no entities, and a layout with what it includes, each
# part as many times as it is included, is held to the layout cap before
# XInclude builds it.
G=$U/grow
mkdir -p "$G"
python3 - "$U" <<'END'
import sys
u = sys.argv[1]
src = open(u + "/sums.xml").read()
xi = 'xmlns:xi="http://www.w3.org/2001/XInclude"'
def layout(name, doctype, document):
    s = src.replace("<layout>", doctype + "<layout %s>" % xi, 1)
    open("%s/%s.xml" % (u, name), "w").write(
        s.replace("<document>", "<document>" + document, 1))
para = "<paragraph><ja>x</ja><en>x</en></paragraph>\n"
layout("entities", '<!DOCTYPE layout [<!ENTITY big "%s">]>\n' % ("x" * 50000),
       '<paragraph align="%s"><ja>x</ja><en>x</en></paragraph>' %
       ("&big;" * 20000))
open(u + "/grow/doctype.xml", "w").write(
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE part [<!ENTITY secret SYSTEM "/etc/hostname">]>\n'
    "<part><paragraph><ja>&secret;</ja><en>x</en></paragraph></part>\n")
layout("doctype-part", "", '<xi:include href="grow/doctype.xml" '
       'xpointer="xpointer(/part/*)"/>')
for d in range(9):
    inner = (('<xi:include href="p%d.xml" xpointer="xpointer(/part/*)"/>' %
              (d + 1)) * 10 if d < 8 else para)
    open("%s/grow/p%d.xml" % (u, d), "w").write(
        "<part %s>%s</part>\n" % (xi, inner))
layout("bomb", "", '<xi:include href="grow/p0.xml" '
       'xpointer="xpointer(/part/*)"/>')
for i in range(3000):
    open("%s/grow/part%d.xml" % (u, i), "w").write(
        "<part><paragraph><ja>x</ja><en>x</en></paragraph></part>\n")
layout("parts", "", "".join('<xi:include href="grow/part%d.xml" '
       'xpointer="xpointer(/part/*)"/>' % i for i in range(3000)))
layout("includes", "", '<xi:include href="grow/part0.xml" '
       'xpointer="xpointer(/part/*)"/>' * 10001)
for i in range(66):
    open("%s/grow/deep%d.xml" % (u, i), "w").write(
        '<part %s><xi:include href="deep%d.xml" '
        'xpointer="xpointer(/part/*)"/></part>\n' % (xi, i + 1)
        if i < 65 else "<part>%s</part>\n" % para)
layout("deep", "", '<xi:include href="grow/deep0.xml" '
       'xpointer="xpointer(/part/*)"/>')
layout("local", "", "<keep-together>" + para * 10000 + "</keep-together>" +
       '<xi:include xpointer="xpointer(/layout/document/keep-together)"/>' *
       3000)
# XPath that selects an element and again what it holds (a part of 100
# KB, 250 elements deep: 3 GB from 100 includes of it), or that takes
# hours (20,000 elements, each compared with all the others).
open(u + "/grow/deep.xml", "w").write(
    "<part>" + "".join("<a>" + "x" * 400 for i in range(250)) +
    "</a>" * 250 + "</part>\n")
open(u + "/grow/wide.xml", "w").write("<part>" + para * 20000 + "</part>\n")
def xpointer(name, href, x, n=1):
    layout(name, "", ('<xi:include href="grow/%s" xpointer="%s"/>' %
                      (href, x)) * n)
xpointer("descendants", "deep.xml", "xpointer(//a)", 100)
xpointer("ranges", "deep.xml", "xpointer(range(/part/a))", 100)
xpointer("union", "deep.xml", "xpointer(/part/a | /part/a/a)", 100)
xpointer("count", "wide.xml", "xpointer(/part/*[count(/part/*) = 1])")
xpointer("siblings", "wide.xml", "xpointer(/part/*/preceding-sibling::*)")
END
small="prlimit --as=800000000 $BIN check"
refused "a layout with a DOCTYPE" \
	"$U/entities.xml:5: error: a DOCTYPE: briefgen reads no DTD, and a layout declares no entities" \
	$small "$U/entities.xml"
refused "an included part with a DOCTYPE, named once" \
	"$G/doctype.xml:2: error: a DOCTYPE: briefgen reads no DTD, and a layout declares no entities" \
	$small "$U/doctype-part.xml"
check "the part's DOCTYPE is the one error" test "$(wc -l <"$U/err")" = 1
refused "parts that include the next ten times, nine deep, said once" \
	"$U/bomb.xml: error: larger than the layout limit, 16 MiB (raise it with --limit layout=SIZE)" \
	$small "$U/bomb.xml"
check "the cap is named once" test "$(wc -l <"$U/err")" = 1
refused "a part that includes itself 3,000 times" \
	"$U/local.xml: error: larger than the layout limit, 16 MiB" \
	$small "$U/local.xml"
refused "10,001 includes" \
	"$U/includes.xml: error: more than 10000 includes, in all the files it includes" \
	$small "$U/includes.xml"
refused "includes 66 deep" \
	"$U/deep.xml: error: includes nested more than 64 deep" \
	$small "$U/deep.xml"
# Each file read is held in a buffer of its size, not of 64 KiB more.
/usr/bin/time -o "$U/mem" -f %M timeout 10 $BIN check "$U/parts.xml" >/dev/null
check "3,000 parts are read in less than 40 MB ($(tail -1 "$U/mem") KB)" \
	test "$(tail -1 "$U/mem")" -lt 40000
why="briefgen takes xpointer(/a/b | /c/*), steps along the child or self axis whose predicates look at the element alone (its name, attributes, position)"
refused "an xpointer that selects elements inside others" \
	"$U/descendants.xml:32: error: xpointer \"xpointer(//a)\": $why" \
	$small "$U/descendants.xml"
check "the xpointer is named once" test "$(wc -l <"$U/err")" = 1
refused "the same under the sanitizers" \
	"$U/descendants.xml:32: error: xpointer \"xpointer(//a)\": $why" \
	$ASAN_BIN check "$U/descendants.xml"
check "and it is the one message" test "$(wc -l <"$U/err")" = 1
refused "an xpointer of ranges" \
	"$U/ranges.xml:32: error: xpointer \"xpointer(range(/part/a))\": $why" \
	$small "$U/ranges.xml"
refused "an xpointer whose predicate looks at every element" \
	"$U/count.xml:32: error: xpointer \"xpointer(/part/*[count(/part/*) = 1])\": $why" \
	$small "$U/count.xml"
refused "an xpointer along the sibling axis" \
	"$U/siblings.xml:32: error: xpointer \"xpointer(/part/*/preceding-sibling::*)\": $why" \
	$small "$U/siblings.xml"
refused "a union of paths counts the file once for each" \
	"$U/union.xml: error: larger than the layout limit, 16 MiB" \
	$small "$U/union.xml"
refused "--limit layout" \
	"$U/sums.xml: error: larger than the layout limit, 1 KiB (raise it with --limit layout=SIZE)" \
	$small "$U/sums.xml" --limit layout=1K

# --- elements with many attributes -----------------------------------------
# libxml2 compares each attribute of an element with every earlier one:
# 100,000 attributes (1 MB) would take it minutes, in a layout, a part or
# a workbook's sheet (where they shrink to 500 KB).
python3 - "$U" <<'END'
import sys, zipfile
u = sys.argv[1]
attrs = " ".join('a%d="1"' % i for i in range(100000))
src = open(u + "/sums.xml").read()
open(u + "/attributes.xml", "w").write(src.replace(
    "<document>", "<document>\n<paragraph %s/>" % attrs, 1))
open(u + "/grow/attributes.xml", "w").write("<part>\n<x %s/></part>\n" % attrs)
open(u + "/attributes-part.xml", "w").write(src.replace(
    "<layout>", '<layout xmlns:xi="http://www.w3.org/2001/XInclude">', 1).replace(
    "<document>", '<document><xi:include href="grow/attributes.xml"/>', 1))
with zipfile.ZipFile("input/survey-fy2016.xlsx") as z, \
        zipfile.ZipFile(u + "/attributes.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
    for i in z.infolist():
        b = z.read(i.filename)
        if i.filename.startswith("xl/worksheets/"):
            b = b.replace(b"<row", b"<row " + attrs.encode(), 1)
        out.writestr(i, b)
END
refused "a layout with an element of 100,000 attributes" \
	"$U/attributes.xml:33: error: an element with more than 256 attributes" \
	$BIN check "$U/attributes.xml"
refused "an included part with an element of 100,000 attributes" \
	"$G/attributes.xml:2: error: an element with more than 256 attributes" \
	$BIN check "$U/attributes-part.xml"
refused "a workbook with an element of 100,000 attributes" \
	"$U/attributes.xlsx:注意事項: error: the workbook is damaged: xl/worksheets/sheet1.xml:2: an element with more than 256 attributes; open it in Excel" \
	$BIN check "$S" --data "data=$U/attributes.xlsx"

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
cp "$OUT/tohoku.pdf" "$W/same.pdf"
refused "regenerate -o the PDF it reads" \
	"$W/same.pdf: error: is one of the inputs, which this run reads; nothing was written" \
	$BIN regenerate "$W/same.pdf" -o "$W/same.pdf"
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
# Beside it, files of the user's and another program's that look alike
# (a backup, rsync's temporary file): not briefgen's to remove.
echo backup >"$K/.out.pdf.backup"
echo partial >"$K/.out.pdf.Ab3xYz"
timeout 10 $BIN render layouts/tohoku.xml -o "$K/out.pdf"
check "the next run removes the temporary file and writes the PDF" \
	bash -c "cmp '$K/out.pdf' '$OUT/tohoku.pdf' && [ $(leftovers) = 2 ]"
check "and leaves alone the files that are not briefgen's" \
	bash -c "[ \"\$(cat '$K/.out.pdf.backup' '$K/.out.pdf.Ab3xYz')\" = 'backup
partial' ]"
rm "$K/.out.pdf.backup" "$K/.out.pdf.Ab3xYz"
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
# TERM to a batch's parent while its worker waits to rename (strace
# holds the rename back 2 s): the parent passes it on, waits for the
# worker, and dies of it, leaving no temporary file and no part of a PDF.
(strace -f -o /dev/null -e trace=rename \
	-e inject=rename:delay_enter=2000000 $BIN batch layouts/packs.xml \
	--only tottori -j 1 -o "$K/term" >/dev/null 2>&1
echo $? >"$K/term.status") 2>/dev/null &
tracer=$!
for i in $(seq 100); do
	ls -A "$K/term" 2>/dev/null | grep -q '^\.tottori' && break
	sleep 0.1
done
parent=$(pgrep -P "$(pgrep -P $tracer -x strace)" -x briefgen)
kill -TERM "$parent"
wait $tracer
check "TERM to a batch's parent: it dies of it, nothing half written" \
	bash -c "[ \"\$(cat '$K/term.status')\" = 143 ] && [ -z \"\$(find '$K/term' -name '.tottori*')\" ] && { [ ! -e '$K/term/tottori-2016-04.pdf' ] || qpdf --check '$K/term/tottori-2016-04.pdf' >/dev/null; }"
# A batch's worker makes its PDFs durable together: one barrier for all
# of them (syncfs), then the renames, then the directory, once.
check "a batch flushes its packs with one barrier, then renames each, then the directory" \
	bash -c "strace -f -o /dev/stdout -e trace=fsync,syncfs,rename $BIN batch layouts/packs.xml --only tohoku,tottori,saitama -j 1 -o '$K/group' 2>/dev/null | grep -o 'fsync\|syncfs\|rename' | tr '\n' ' ' | grep -qx 'syncfs rename rename rename fsync '"
sh -c '"$@"' sh timeout 30 strace -f -o /dev/null -e trace=syncfs \
	-e inject=syncfs:signal=KILL $BIN batch layouts/packs.xml \
	--only tohoku,tottori -j 1 -o "$K/barrier" >"$K/barrier.log" 2>&1
check "a worker killed at its barrier fails each pack it held, leaving nothing" \
	bash -c "[ \$(grep -c '^[a-z]* FAILED: worker killed by signal 9 (Killed) before the PDF was in place$' '$K/barrier.log') = 2 ] && [ -z \"\$(ls -A '$K/barrier')\" ]"
strace -f -o /dev/null -e trace=rename -e inject=rename:error=EXDEV:when=2 \
	$BIN batch layouts/packs.xml --only tohoku,tottori,saitama -j 1 \
	-o "$K/one" >"$K/one.log" 2>"$K/one.err"
check "a rename that fails fails its pack alone, saying why" \
	bash -c "grep -qx 'tottori FAILED: $K/one/tottori-2015-04.pdf: error: cannot replace: Invalid cross-device link' '$K/one.log' && grep -qx '$K/one/tottori-2015-04.pdf: error: cannot replace: Invalid cross-device link' '$K/one.err'"
check "the packs around it are in place, and nothing else" \
	bash -c "[ \"\$(ls -A '$K/one' | tr '\n' ' ')\" = 'saitama-2015-04.pdf tohoku-2016-04.pdf ' ] && grep -q '^3 packs, 1 failed (tottori), 2 written, ' '$K/one.log'"
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

# --- PDFs from elsewhere -----------------------------------------------------
# Hostile PDFs, made here: by briefgen itself from a layout that includes
# a file outside its tree (render reads local files it is given), then
# altered with qpdf, some with the digests and the /ID made to match, as
# someone who knows the format would.  verify and regenerate refuse each,
# under the sanitizers too, within seconds and a few tens of MB, and
# never open a network connection.
H=$U/h
mkdir -p "$H"
cp -r layouts input fonts "$H"
secret=$PWD/$U/secret.txt
echo "the secret of this machine" >"$secret"
timeout 20 $BIN render "$H/layouts/tohoku.xml" -o "$U/clean.pdf"
sed -i "0,/<en>Survey: figures/s|<en>Survey: figures|<en><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://$secret\" parse=\"text\"/> Survey: figures|" \
	"$H/layouts/parts/notes.xml"
timeout 20 $BIN render "$H/layouts/tohoku.xml" -o "$U/abs.pdf"
check "render reads a local file a layout includes by a file: URI" \
	bash -c "pdftotext '$U/abs.pdf' - | grep -q 'the secret of this machine'"

# edit IN OUT SED: IN with the sed script applied to its QDF form.
edit() {
	qpdf --qdf --object-streams=disable "$1" - | LC_ALL=C sed -e "$3" |
		fix-qdf >"$2"
}
# matched IN OUT NAME: OUT.0, IN whose source NAME was changed, with the
# manifest's digest of NAME and the /ID made to match, as OUT.
matched() {
	local old new id
	old=$(qpdf --show-attachment="$3" "$1" | sha256sum | cut -c1-64)
	new=$(qpdf --show-attachment="$3" "$2.0" | sha256sum | cut -c1-64)
	edit "$2.0" "$2.1" "s#^file $old $3\$#file $new $3#"
	id=$(qpdf --show-attachment=briefgen-manifest.txt "$2.1" |
		sha256sum | cut -c1-32)
	LC_ALL=C sed -e "s#/ID \[<[0-9a-f]*>#/ID [<$id>#" "$2.1" >"$2"
	rm "$2.0" "$2.1"
}
# forge IN OUT NAME SED: IN with the sed script applied to its source NAME,
# and the manifest's digest of it and the /ID made to match.
forge() {
	edit "$1" "$2.0" "$4"
	matched "$1" "$2" "$3"
}
# swap IN OUT NAME FILE: IN with its source NAME replaced by the bytes of
# FILE, and the manifest's digest of it and the /ID made to match.
swap() {
	qpdf "$1" --add-attachment "$4" --key="$3" --replace -- "$2.0"
	matched "$1" "$2" "$3"
}
forge "$U/abs.pdf" "$U/url.pdf" h/layouts/parts/notes.xml \
	"s|href=\"file://$secret\"|href=\"http://127.0.0.1:9/secret.txt\"|"
forge "$U/abs.pdf" "$U/up.pdf" h/layouts/parts/notes.xml \
	"s|href=\"file://$secret\"|href=\"../../../../etc/hostname\"|"
forge "$U/clean.pdf" "$U/data-out.pdf" layouts/briefing.xml \
	's|file="../input/survey-fy2016.csv"|file="/etc/hostname"|'
forge "$U/clean.pdf" "$U/pack-out.pdf" briefgen-pack.xml \
	's|layout="layouts/tohoku.xml"|layout="../layouts/tohoku.xml"|'
forge "$U/clean.pdf" "$U/font-out.pdf" fonts/fonts.conf \
	"s|^gothic .*|gothic $PWD/$U/secret.txt|"
# The notes with 10,000 paragraphs and 3,000 includes of them (600 KB).
python3 - "$G/self.xml" <<'END'
import sys
open(sys.argv[1], "w").write(
    "<paragraph><ja>x</ja><en>x</en></paragraph>\n" * 10000 +
    '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
    'xpointer="xpointer(/part/paragraph)"/>\n' * 3000)
END
forge "$U/clean.pdf" "$U/self.pdf" layouts/parts/notes.xml \
	"/<heading><ja>注記と出典/r $G/self.xml"
forge "$U/clean.pdf" "$U/image-out.pdf" layouts/parts/notes.xml \
	"s|<heading><ja>注記と出典|<image file=\"$secret\" width-mm=\"10\"/>&|"
# A PNG among the sources damaged, digests matched: cut short, declaring
# a chunk of 1.9 GB, its CRC wrong, its zlib stream broken, 5000 x 5000
# pixels (in 73 KB), and a netpbm image under its name.  The PNGs and the PDF carrying one are
# images.sh's, which runs before.
P=$OUT/images
for n in truncated bigchunk badcrc badzlib huge; do
	swap "$P/rgba8.pdf" "$U/png-$n.pdf" "$P/rgba8.png" "$P/$n.png"
done
swap "$P/rgba8.pdf" "$U/png-ppm.pdf" "$P/rgba8.png" "$P/picture.ppm"
qpdf "$P/rgba8.pdf" --add-attachment "$P/truncated.png" \
	--key="$P/rgba8.png" --replace -- "$U/png-altered.pdf"
check "forged PDFs are good PDFs whose digests match" \
	bash -c "qpdf --check '$U/url.pdf' >/dev/null && $BIN verify '$U/url.pdf' 2>&1 | grep -qv 'altered'"
edit "$U/abs.pdf" "$U/manifest-out.pdf" \
	's|^layout h/layouts/tohoku.xml$|layout /etc/passwd|; /^lang ja+en$/a data fy2016 ../../etc/passwd'
# Names with terminal escapes and a line feed: an embedded file the
# manifest does not list, and a font's path in the manifest.
esc=$(printf 'x\033]0;title\007\033[31mred\nfake: ok')
printf x >"$U/x.txt"
qpdf "$U/abs.pdf" --add-attachment "$U/x.txt" --key="$esc" -- \
	"$U/escape.pdf"
rm "$U/x.txt"
# A PDF whose own file name holds escapes and a line feed: verify's line
# on stdout quotes it escaped.  A name with a right-to-left override and
# a C1 control: the message on stderr escapes both.
cp "$U/clean.pdf" "$U/$esc.pdf"
$BIN verify "$U/$esc.pdf" >"$U/escape.out" 2>/dev/null
check "verify's line on stdout writes a file name's controls as \\xHH" \
	diff "$U/escape.out" - <<WANT
$U/x\x1B]0;title\x07\x1B[31mred\x0Afake: ok.pdf: identical
WANT
rm "$U/$esc.pdf"
$BIN verify "$U/$(printf 'rlo\342\200\256fdp.\302\233x')" 2>"$U/escape.err"
check "a message writes U+202E and a C1 control escaped" \
	diff "$U/escape.err" - <<WANT
$U/rlo\u202Efdp.\x9Bx: error: cannot open: No such file or directory
WANT
edit "$U/abs.pdf" "$U/font-escape.pdf" \
	"s|^\(font [0-9a-f]* gothic /.*\)\$|\1\x1b[2J|"
edit "$U/abs.pdf" "$U/manifest-bad.pdf" \
	'/^lang ja+en$/a version briefgen\ndate 99999999999999999999\nas-of 2016-13\nencoding fy2016 latin1\nfile 0123 x\nlang fr\nfrobnicate x\nfile 0000000000000000000000000000000000000000000000000000000000000000 h/layouts/tohoku.xml'
qpdf "$U/abs.pdf" --object-streams=generate "$U/objstm.pdf"
# Refused in one line: qpdf's error is taken, so qpdf prints nothing.
$BIN verify "$U/objstm.pdf" >/dev/null 2>"$U/objstm.err"
echo $? >>"$U/objstm.err"
printf '%s\n' "$U/objstm.pdf: error: has cross-reference or object streams, which briefgen never writes (rewritten by another program?): not read" 2 >"$U/objstm.want"
check "a PDF with object streams: status 2 and one line, no qpdf warning" \
	diff "$U/objstm.want" "$U/objstm.err"
# startxref 3 bytes off, which qpdf repairs: the sources read, and verify
# finds the one difference.
python3 - "$U/clean.pdf" "$U/moved.pdf" <<'END'
import re, sys
d = open(sys.argv[1], "rb").read()
m = re.search(rb"startxref\n(\d+)\n%%EOF\n$", d)
open(sys.argv[2], "wb").write(
    d[:m.start(1)] + b"%d" % (int(m.group(1)) + 3) + d[m.end(1):])
END
$BIN verify "$U/moved.pdf" >"$U/moved.out" 2>&1
check "a PDF qpdf repairs: its sources are read, verify says it differs" \
	bash -c "[ $? = 1 ] && grep -qx '$U/moved.pdf: differs from its regeneration from byte [0-9]* on (.*)' '$U/moved.out'"
truncate -s 40M "$U/zeros"
qpdf "$U/abs.pdf" --remove-attachment=h/input/survey-fy2016.csv \
	--add-attachment "$U/zeros" --key=h/input/survey-fy2016.csv -- "$U/bomb.pdf"
qpdf "$U/abs.pdf" --add-attachment "$U/zeros" --key=extra.bin -- "$U/extra.pdf"
rm "$U/zeros"
# Many names, cheap to make: a manifest of 200,000 data and file lines
# (10 MB, in a PDF of some 700 KB), and a PDF of 1.1 MB whose name tree
# gives 70,000 names to one file.  Work that grows with the square of
# their number would take minutes.
{
	qpdf --show-attachment=briefgen-manifest.txt "$U/abs.pdf"
	awk 'BEGIN { for (i = 0; i < 100000; i++)
		printf "data d%d f/%06d\nfile %064d f/%06d\n", i, i, 0, i }'
} >"$U/long-manifest.txt"
qpdf "$U/abs.pdf" --add-attachment "$U/long-manifest.txt" \
	--key=briefgen-manifest.txt --replace -- "$U/long-manifest.pdf"
rm "$U/long-manifest.txt"
python3 - "$U/names.pdf" <<'END'
import sys
names = b" ".join(b"(f/%06d) 4 0 R" % i for i in range(70000))
objs = [b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles "
        b"<< /Names [" + names + b"] >> >> >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /Length 1 >>\nstream\nx\nendstream",
        b"<< /Type /Filespec /F (x) /EF << /F 3 0 R >> >>"]
pdf, offsets = bytearray(b"%PDF-1.7\n"), []
for i, o in enumerate(objs):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n%s\nendobj\n" % (i + 1, o)
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
pdf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
    len(objs) + 1, xref)
open(sys.argv[1], "wb").write(pdf)
END
# says_all WANT FILE: every line of WANT is in FILE.
says_all() {
	local w
	while IFS= read -r w; do
		grep -qF -- "$w" "$2" || return 1
	done <"$1"
}
for bin in $BIN $ASAN_BIN; do
	b=${bin##*/}
	[ "$bin" = "$ASAN_BIN" ] && b=asan
	# hostile NAME STATUS WANT PDF [OPTION...]: verify of PDF exits
	# STATUS (1: it differs, 2: cannot tell), regenerate exits 1, both
	# within 10 s, in at most 64 MB, say each line of WANT (with exact=1
	# before it, WANT and nothing else) and write nothing, beside the
	# PDF asked for or elsewhere in $U; the normal build, traced, makes
	# no socket (LeakSanitizer cannot work traced).  Under the
	# sanitizers, verify alone: regenerate reads the same way.
	hostile() {
		local name=$1 vst=$2 want=$3 pdf=$4 cmd st mem trace= cmds=verify
		local files
		shift 4
		[ "$bin" = "$BIN" ] && cmds="verify regenerate" &&
			trace="strace -f -o $U/net.log -e trace=socket,connect"
		printf '%s\n' "$want" >"$U/want"
		for cmd in $cmds; do
			rm -f "$U/none.pdf" "$U/net.log"
			files=$(ls -A "$U" | grep -vx 'out\|err\|mem\|net.log')
			if [ $cmd = verify ]; then
				timeout 10 $trace /usr/bin/time -o "$U/mem" -f %M \
					$bin verify "$pdf" "$@" >"$U/out" 2>"$U/err"
			else
				timeout 10 $trace /usr/bin/time -o "$U/mem" -f %M \
					$bin regenerate "$pdf" -o "$U/none.pdf" "$@" \
					>"$U/out" 2>"$U/err"
			fi
			st=$?
			mem=$(tail -1 "$U/mem")
			[ $cmd = verify ] || vst=1
			if [ "$st" = "$vst" ] && says_all "$U/want" "$U/err" &&
				{ [ -z "${exact:-}" ] || cmp -s "$U/want" "$U/err"; } &&
				[ "$files" = "$(ls -A "$U" | grep -vx 'out\|err\|mem\|net.log')" ] &&
				[ "$mem" -lt 65536 ] &&
				! grep -qs 'socket\|connect' "$U/net.log"; then
				pass
			else
				fail "$b: $cmd of $name (status $st, $mem KB)"
				sed 's/^/    /' "$U/err" | head -5
			fi
		done
	}
	hostile "an absolute include" 2 \
		"h/layouts/parts/notes.xml:10: error: \"file://$secret\": not a file among the PDF's sources: an absolute path, or one that leaves them" \
		"$U/abs.pdf"
	hostile "a URL include" 2 \
		"h/layouts/parts/notes.xml:10: error: \"http://127.0.0.1:9/secret.txt\": not a local file: briefgen reads local files only, and never from the network" \
		"$U/url.pdf"
	hostile "an include leaving the sources" 2 \
		"etc/hostname\": not a file among the PDF's sources: an absolute path, or one that leaves them" \
		"$U/up.pdf"
	hostile "a dataset outside the sources" 2 \
		"layouts/briefing.xml:82: error: \"/etc/hostname\": not a file among the PDF's sources: an absolute path, or one that leaves them" \
		"$U/data-out.pdf"
	hostile "an image outside the sources" 2 \
		"layouts/parts/notes.xml:7: error: \"$secret\": not a file among the PDF's sources: an absolute path, or one that leaves them" \
		"$U/image-out.pdf"
	check "$b: the image outside is named once" \
		test "$(grep -c 'not a file among' "$U/err")" = 1
	png="$P/rgba8.png: error: a damaged or incomplete PNG image"
	exact=1 hostile "a PNG cut short" 2 \
		"$png (the chunk at byte 33 declares 720 bytes, which run past the file's end at byte 388)" \
		"$U/png-truncated.pdf"
	exact=1 hostile "a PNG that declares a chunk of 1.9 GB" 2 \
		"$png (the chunk at byte 33 declares 1900000000 bytes, which run past the file's end at byte 49)" \
		"$U/png-bigchunk.pdf"
	exact=1 hostile "a PNG whose CRC is wrong" 2 \
		"$png (libpng: IDAT: CRC error)" "$U/png-badcrc.pdf"
	exact=1 hostile "a PNG whose zlib stream is broken" 2 \
		"$png (libpng: IDAT: invalid literal/length code)" "$U/png-badzlib.pdf"
	exact=1 hostile "a PNG of 5000 x 5000 pixels" 2 \
		"$P/rgba8.xml:32: error: \"rgba8.png\": the image is 5000 x 5000 pixels: briefgen reads at most 16777216 pixels (4096 x 4096) of a PNG" \
		"$U/png-huge.pdf"
	exact=1 hostile "a netpbm image as the PNG" 2 \
		"$P/rgba8.xml:32: error: \"rgba8.png\" is not a PNG file" \
		"$U/png-ppm.pdf"
	hostile "a PNG cut short, its digest left as it was" 1 \
		"$U/png-altered.pdf: error: the source \"$P/rgba8.png\" was altered: its SHA-256 is $(sha256sum <"$P/truncated.png" | cut -c1-64), the manifest says $(sha256sum <"$P/rgba8.png" | cut -c1-64)
$png (the chunk at byte 33 declares 720 bytes, which run past the file's end at byte 388)" \
		"$U/png-altered.pdf"
	hostile "a pack whose layout is outside the sources" 2 \
		"briefgen-pack.xml:3: error: \"../layouts/tohoku.xml\": not a file among the PDF's sources" \
		"$U/pack-out.pdf"
	hostile "a font at a path of the PDF's choosing" 2 \
		"fonts/fonts.conf:4: error: font gothic: no file like \"$secret\" in this machine's font directories" \
		"$U/font-out.pdf"
	hostile "a manifest whose layout is outside" 1 \
		"$U/manifest-out.pdf: briefgen-manifest.txt:10: error: layout is a relative path inside the sources" \
		"$U/manifest-out.pdf"
	hostile "a manifest whose data is outside" 1 \
		"$U/manifest-out.pdf: briefgen-manifest.txt:8: error: data is a dataset id and a relative path inside the sources" \
		"$U/manifest-out.pdf"
	hostile "a deflate bomb among the sources" 2 \
		"$U/bomb.pdf: h/input/survey-fy2016.csv: error: larger than the attachment limit, 8 MiB (raise it with --limit attachment=SIZE)" \
		"$U/bomb.pdf" --limit attachment=8M
	hostile "sources beyond their cap" 2 \
		"error: larger than the sources limit, 256 KiB" \
		"$U/abs.pdf" --limit sources=256K
	hostile "a PDF beyond its cap" 2 \
		"$U/abs.pdf: error: larger than the pdf limit, 64 KiB (raise it with --limit pdf=SIZE)" \
		"$U/abs.pdf" --limit pdf=64K
	hostile "a name with terminal escapes, printed escaped" 1 \
		"$U/escape.pdf: error: carries a file the manifest does not list, \"x\\x1B]0;title\\x07\\x1B[31mred\\x0Afake: ok\" (not read)" \
		"$U/escape.pdf"
	check "$b: no control character reaches the terminal" \
		bash -c "! LC_ALL=C grep -q \$'[\\x01-\\x08\\x0b-\\x1f\\x7f]' '$U/err'"
	font_line=$(qpdf --show-attachment=briefgen-manifest.txt "$U/abs.pdf" |
		grep -n '^font .* gothic ' | cut -d: -f1)
	hostile "a font path with terminal escapes in the manifest" 1 \
		"$U/font-escape.pdf: briefgen-manifest.txt:$font_line: error: a SHA-256, a font name and a file" \
		"$U/font-escape.pdf"
	hostile "a file the manifest does not list" 1 \
		"$U/extra.pdf: error: carries a file the manifest does not list, \"extra.bin\" (not read)" \
		"$U/extra.pdf"
	hostile "a PDF with object streams" 2 \
		"$U/objstm.pdf: error: has cross-reference or object streams, which briefgen never writes (rewritten by another program?): not read" \
		"$U/objstm.pdf"
	hostile "notes that include themselves 3,000 times" 2 \
		"layouts/tohoku.xml: error: larger than the layout limit, 16 MiB (raise it with --limit layout=SIZE)" \
		"$U/self.pdf"
	# So many names are measured with the normal build: under the
	# sanitizers their memory is mostly the sanitizer's (quarantine,
	# red zones), some 300 MB.
	[ "$bin" = "$BIN" ] && hostile "a manifest of 200,000 lines" 1 \
		"$U/long-manifest.pdf: error: the source \"f/000000\" the manifest lists is missing" \
		"$U/long-manifest.pdf"
	[ "$bin" = "$BIN" ] && hostile "a PDF carrying 70,000 names" 2 \
		"$U/names.pdf: error: carries no manifest (briefgen-manifest.txt): its sources cannot be checked" \
		"$U/names.pdf"
	m="$U/manifest-bad.pdf: briefgen-manifest.txt"
	hostile "bad manifest lines" 1 \
		"$m:8: error: a version is two words, a name and a number
$m:9: error: date is seconds since 1970 up to the end of 9999 (253402300799)
$m:10: error: as-of is a month, YYYY-MM, from 1970-01 to 9999-12
$m:11: error: encoding is a dataset id and utf-8, cp932, euc-jp or auto
$m:12: error: a SHA-256 of 64 hexadecimal digits, then a name
$m:13: error: languages given twice
$m:14: error: not a line a manifest has
error: the file \"h/layouts/tohoku.xml\" is listed twice (first at line 15)" "$U/manifest-bad.pdf"
done
check "nothing was written in TMPDIR" bash -c "[ -z \"\$(ls -A '${TMPDIR:-/tmp}' | grep '^briefgen-')\" ]"

# --- values in range -----------------------------------------------------------
# A KPI chart whose baseline is far above its target: the axis takes the
# baseline in, so its path starts inside the chart (no coordinate far
# outside the page, which the PDF writer would refuse).
mkdir -p "$U/far"
cp -r layouts "$U/far/"
ln -sfn "$PWD/input" "$U/far/input"
ln -sfn "$PWD/fonts" "$U/far/fonts"
sed -i 's|baseline="208"|baseline="100000"|' "$U/far/layouts/parts/key-figures.xml"
timeout 10 $BIN render "$U/far/layouts/tohoku.xml" -o "$U/far.pdf" >/dev/null 2>"$U/far.err"
check "a KPI baseline far above the target is drawn on the chart's axis" \
	bash -c "pdftotext -f 3 -l 3 '$U/far.pdf' - | grep -qx '100,000'"

# --- dates in range ------------------------------------------------------------
SOURCE_DATE_EPOCH=253402300800 timeout 10 $BIN render $SUMS -o "$U/epoch.pdf" 2>"$U/epoch.err"
check "SOURCE_DATE_EPOCH past 9999 is ignored, with a message" \
	grep -qx 'briefgen: warning: SOURCE_DATE_EPOCH is not a number of seconds from 0 (1970) to 253402300799 (9999): "253402300800"; ignored' "$U/epoch.err"
check "then the PDF's date is the pack's" \
	bash -c "pdfinfo '$U/epoch.pdf' | grep -q 'CreationDate:.*Jul  7 00:00:00 2017'"
SOURCE_DATE_EPOCH=253402300799 timeout 10 $BIN render $SUMS -o "$U/epoch.pdf"
check "SOURCE_DATE_EPOCH at the end of 9999 makes a good PDF date" \
	bash -c "pdfinfo '$U/epoch.pdf' | grep -q 'CreationDate:.*Dec 31 23:59:59 9999'"
