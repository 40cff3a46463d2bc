# PNG images a layout names: every colour type, bit depth and interlacing
# comes out as the same pixels, transparency as a compressed soft mask;
# a damaged PNG or one of too many pixels is refused, naming the file.
# The PNGs are made by tests/make_png.py.  Sourced by tests/run.

I=$OUT/images
rm -rf "$I"
mkdir -p "$I"
python3 tests/make_png.py "$I"
# layout NAME: a copy of the small layout showing NAME.png, as $I/NAME.xml:
# tests/out/images is as deep as tests/golden/input, so that the paths it
# gives stay right, and inside the sources of the PDF (verify).
layout() {
	sed -e "s#\"numbers.csv\"#\"../../golden/input/numbers.csv\"#" \
		-e "s#<document>#<document><image file=\"$1.png\" width-mm=\"30\"/>#" \
		tests/golden/input/sums.xml >"$I/$1.xml"
}
PACK="--packs layouts/packs.xml --pack tohoku"

# extracted NAME: renders NAME.png and extracts its image (and soft mask)
# with pdfimages into $I/NAME-000.ppm (and -001.ppm).
extracted() {
	layout "$1"
	$BIN render "$I/$1.xml" $PACK -o "$I/$1.pdf" &&
		pdfimages "$I/$1.pdf" "$I/$1"
}
for n in rgb8 rgba8 rgba16 ga8 indexed interlaced; do
	extracted $n
done
for n in rgb8 rgba8 rgba16 interlaced; do
	check "image: $n.png comes out as the picture" \
		cmp "$I/picture.ppm" "$I/$n-000.ppm"
done
check "image: the grey of ga8.png comes out as it is" \
	cmp "$I/grey.ppm" "$I/ga8-000.ppm"
check "image: indexed.png comes out as its palette says" \
	cmp "$I/indexed.ppm" "$I/indexed-000.ppm"
for n in rgba8 rgba16 ga8 indexed; do
	check "image: the alpha of $n.png is its soft mask" \
		cmp "$I/alpha.ppm" "$I/$n-001.ppm"
done
check "image: an opaque PNG has no soft mask" \
	bash -c "[ ! -e '$I/rgb8-001.ppm' ] && [ ! -e '$I/interlaced-001.ppm' ]"
# pdfimages -list: page, number, type, width, height, colour, components,
# bits ... the compression ratio last (raw 8-bit alpha would be 100%).
check "image: pdfimages lists the image and its compressed 8-bit soft mask" \
	bash -c "pdfimages -list '$I/rgba16.pdf' | awk 'NR > 2 {
		print \$3, \$4, \$5, \$6, \$8, \$NF + 0 < 50 }' | tr '\n' ';' |
		grep -qx 'image 24 16 rgb 8 0;smask 24 16 gray 8 1;'"
check "image: the PDF with a soft mask is PDF/A-3b" tests/pdfa "$I/rgba8.pdf"
check "image: verify renders the PNG it carries again" \
	$BIN verify "$I/rgba8.pdf"
$BIN render "$I/rgba8.xml" $PACK -o "$I/again.pdf"
check "image: same PNG, same bytes" cmp "$I/rgba8.pdf" "$I/again.pdf"

# refused_png NAME STATUS-AND-MESSAGE: rendering NAME.png exits 1 with
# that one message, writes no PDF, and takes under 40 MB.
refused_png() {
	local st
	layout "$1"
	/usr/bin/time -f %M -o "$I/$1.rss" timeout 10 \
		$BIN render "$I/$1.xml" $PACK -o "$I/$1.pdf" 2>"$I/$1.err"
	st=$?
	if [ "$st" = 1 ] && [ "$(cat "$I/$1.err")" = "$2" ] &&
		[ ! -e "$I/$1.pdf" ] && [ "$(tail -1 "$I/$1.rss")" -lt 40000 ]; then
		pass
	else
		fail "image: $1.png refused (status $st, $(tail -1 "$I/$1.rss") KB)"
		sed 's/^/    /' "$I/$1.err" | head -5 >&3
	fi
}
refused_png truncated "$I/truncated.png: error: a damaged or incomplete PNG image (the chunk at byte 33 declares 720 bytes, which run past the file's end at byte 388)"
# libpng would allocate and zero the 1.9 GB the chunk declares.
refused_png bigchunk "$I/bigchunk.png: error: a damaged or incomplete PNG image (the chunk at byte 33 declares 1900000000 bytes, which run past the file's end at byte 49)"
refused_png badcrc "$I/badcrc.png: error: a damaged or incomplete PNG image (libpng: IDAT: CRC error)"
HUGE="$I/huge.xml:32: error: \"huge.png\": the image is 5000 x 5000 pixels: briefgen reads at most 16777216 pixels (4096 x 4096) of a PNG"
refused_png huge "$HUGE"
# check holds a PNG to the same cap, at the layout's line.
check "image: check refuses huge.png at its line" \
	bash -c "[ \"\$($BIN check '$I/huge.xml' 2>&1 >/dev/null)\" = '$HUGE' ] && ! $BIN check '$I/huge.xml' 2>/dev/null"

# Sides of 100000 pixels and more: the layout's line gives the true
# reason, the same from check and from render, before any pixel is read.
# checked_out XML MESSAGE: check exits 1 on XML with that one message.
checked_out() {
	local err st
	err=$($BIN check "$1" 2>&1 >/dev/null)
	st=$?
	[ "$st" = 1 ] && [ "$err" = "$2" ]
}
refused_size() {
	local msg="$I/$1.xml:32: error: \"$1.png\": the image is $2 pixels: $3"
	refused_png "$1" "$msg"
	check "image: check refuses $1.png at its line" \
		checked_out "$I/$1.xml" "$msg"
}
CAP="briefgen reads at most 16777216 pixels (4096 x 4096) of a PNG"
refused_size tall "1 x 2147483647" "$CAP"
refused_size square "100000 x 100000" "$CAP"
refused_size long "2000000 x 1" "briefgen reads a PNG of at most 1000000 pixels a side (libpng's limit)"
refused_size empty "0 x 16" "a PNG's width and height are at least 1"
layout wide
check "image: wide.png, 120000 x 1 pixels, renders" \
	bash -c "$BIN render '$I/wide.xml' $PACK -o '$I/wide.pdf' 2>/dev/null &&
		pdfimages -list '$I/wide.pdf' | awk 'NR > 2 { print \$3, \$4, \$5 }' |
		grep -qx 'image 120000 1'"

# Two PNGs at the 4096 x 4096 cap: each image is compressed as it is
# loaded and its samples freed, so that one takes well under the 147 MB
# it took when libharu held every image's samples until the PDF was
# written, and a second no more (it took 67 MB more); verify, which
# renders them again, as little.
cp "$I/cap.png" "$I/cap2.png"
layout cap
sed 's#<image file="cap.png" width-mm="30"/>#&<image file="cap2.png" width-mm="30"/>#' \
	"$I/cap.xml" >"$I/cap2.xml"
for n in cap cap2; do
	/usr/bin/time -f %M -o "$I/$n.rss" $BIN render "$I/$n.xml" $PACK -o "$I/$n.pdf"
done
/usr/bin/time -f %M -o "$I/verify.rss" $BIN verify "$I/cap2.pdf"
vst=$?
one=$(tail -1 "$I/cap.rss") two=$(tail -1 "$I/cap2.rss") again=$(tail -1 "$I/verify.rss")
check "image: a PNG at the cap renders in under 120 MB ($one KB)" \
	test "$one" -lt 122880
check "image: a second PNG at the cap costs under 8 MB more ($two KB)" \
	test $((two - one)) -lt 8192
check "image: verify renders both again, the same bytes, in under 120 MB (status $vst, $again KB)" \
	test "$vst" = 0 -a "$again" -lt 122880
check "image: both are drawn, each 4096 x 4096 with its soft mask" \
	bash -c "pdfimages -list '$I/cap2.pdf' | awk 'NR > 2 { print \$3, \$4, \$5 }' | tr '\n' ';' |
		grep -qx 'image 4096 4096;smask 4096 4096;image 4096 4096;smask 4096 4096;'"

# Under AddressSanitizer and UndefinedBehaviorSanitizer: 16 bits, Adam7
# and a damaged file decode with no fault and no leak.
for n in rgba16 interlaced truncated; do
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
		$ASAN_BIN render "$I/$n.xml" $PACK -o "$I/asan-$n.pdf" \
		>/dev/null 2>"$I/asan-$n.err"
	check "asan: $n.png, no fault" \
		bash -c "! grep -q 'Sanitizer\|runtime error' '$I/asan-$n.err'"
done
check "asan: the same bytes as the normal build" \
	cmp "$I/rgba16.pdf" "$I/asan-rgba16.pdf"
