# PDFs of the three meeting packs: structure, fonts, text, determinism,
# atomic writes, and the batch command.  Sourced by tests/run.

# --- PDFs --------------------------------------------------------------
pdf_checks() {
	local id=$1 pdf="$OUT/$1.pdf" pages
	check "$id: renders" $BIN render "layouts/$id.xml" --pack "$id" -o "$pdf"
	check "$id: qpdf --check" qpdf --check "$pdf"
	check "$id: qpdf finds no warnings" bash -c "! qpdf --check '$pdf' 2>&1 | grep -qi warning"
	check "$id: poppler reads it without complaint" \
		bash -c "[ -z \"\$(pdftotext '$pdf' /dev/null 2>&1)\" ]"
	pages=$(grep -c '^page ' "tests/golden/packs/$id.out")
	check "$id: $pages pages as the display list says" \
		bash -c "pdfinfo '$pdf' | grep -q '^Pages: *$pages\$'"
	check "$id: every font embedded, subset, with a ToUnicode map" \
		bash -c "pdffonts '$pdf' | awk 'NR>2 && !(\$(NF-4)==\"yes\" && \$(NF-3)==\"yes\" && \$(NF-2)==\"yes\") {bad=1} NR>2 {n++} END {exit bad || !n}'"
	check "$id: fonts are IPAex subsets" \
		bash -c "pdffonts '$pdf' | awk 'NR>2' | grep -q '^[A-Z]\{6\}+IPAexGothic'"
	check "$id: the subsets hold the glyphs the pages draw, and no others" \
		tests/subset-glyphs "$pdf"
	pdftotext "$pdf" "$OUT/$id.txt"
	check "$id: date in both languages" \
		grep -q "$(date_ja "$id")" "$OUT/$id.txt"
	check "$id: a second render is byte-identical" \
		bash -c "$BIN render layouts/$id.xml --pack $id -o '$OUT/$id-2.pdf' && cmp '$pdf' '$OUT/$id-2.pdf'"
}
date_ja() {
	case $1 in
	tohoku) echo "平成29年7月7日" ;;
	tottori) echo "平成28年10月21日" ;;
	saitama) echo "平成28年11月11日" ;;
	esac
}
for id in tohoku tottori saitama; do
	pdf_checks "$id"
done
txt=$OUT/tohoku.txt
for want in 青森県 Aomori 岩手県 Iwate 宮城県 Miyagi 秋田県 Akita 山形県 Yamagata \
	福島県 Fukushima 東北地方 "Tohoku region" 全国 Japan "7 July 2017" \
	"公共サービスイノベーション・プラットフォーム in 東北" \
	"Public Service Innovation Platform in Tohoku" 市区町村数 Municipalities \
	Okinawa "全国 National 17.3%"; do
	check "tohoku: text has \"$want\"" grep -qF "$want" "$txt"
done
npages=$(grep -c '^page ' tests/golden/packs/tohoku.out)
for n in 2 3 "$npages"; do
	check "tohoku: footer of page $n says $n / $npages" \
		bash -c "pdftotext -f $n -l $n '$OUT/tohoku.pdf' - | grep -q '^$n \\?/ \\?$npages\$'"
done
check "tohoku: no footer on the cover" \
	bash -c "! pdftotext -f 1 -l 1 '$OUT/tohoku.pdf' - | grep -q '/ \\?$npages'"
check "tottori: text has 鳥取県 and Tottori" grep -q "鳥取県.*\|Tottori" "$OUT/tottori.txt"
check "saitama: venue さいたま市" grep -qF "埼玉県さいたま市" "$OUT/saitama.txt"

# libharu, contained: only generator/pdf_objects.c reaches past hpdf.h
# (elsewhere the Makefile's HPDF_SHARED leaves libharu's objects opaque),
# briefgen defines none of libharu's symbols, and the build stops on a
# libharu whose private structures it was not written for.
check "only pdf_objects.c includes libharu's private headers" bash -c \
	"! grep -l '#include <hpdf_' generator/*.c generator/*.h | grep -v '^generator/pdf_objects.c\$'"
check "briefgen replaces no libharu symbol" bash -c \
	"! nm --defined-only $BIN | grep -q ' [TtWw] HPDF_'"
mkdir -p "$OUT/haru-2.4"
cp /usr/include/hpdf*.h "$OUT/haru-2.4/"
sed -i -e 's/^#define HPDF_MINOR_VERSION .*/#define HPDF_MINOR_VERSION 4/' \
	-e 's/^#define HPDF_VERSION_TEXT .*/#define HPDF_VERSION_TEXT "2.4.0"/' \
	-e 's/^#define HPDF_VERSION_ID .*/#define HPDF_VERSION_ID 20400/' \
	"$OUT/haru-2.4/hpdf_version.h"
check "the build stops on libharu 2.4.0 with a message" bash -c \
	"cc -std=c11 -D_POSIX_C_SOURCE=200809L -DHPDF_SHARED -I'$OUT/haru-2.4' -Igenerator -fsyntax-only generator/pdf_objects.c 2>&1 | grep -q 'uses the private structures of libharu 2.3.0'"
check "the same file compiles with this libharu" \
	cc -std=c11 -D_POSIX_C_SOURCE=200809L -DHPDF_SHARED -Igenerator -fsyntax-only generator/pdf_objects.c

# Dates: the pack's date, or SOURCE_DATE_EPOCH when given.
check "without SOURCE_DATE_EPOCH the date is the pack's" \
	bash -c "pdfinfo '$OUT/tohoku.pdf' | grep -q 'CreationDate:.*Jul  7 00:00:00 2017'"
# Author and Subject: the secretariat and the meeting.
check "Author names the secretariat" bash -c \
	"pdfinfo '$OUT/tohoku.pdf' | grep -qx 'Author: *内閣府（経済財政政策担当） / Cabinet Office (Economic and Fiscal Policy)'"
check "Subject names the meeting and its date" bash -c \
	"pdfinfo '$OUT/tohoku.pdf' | grep -qx 'Subject: *公共サービスイノベーション・プラットフォーム in 東北（平成29年7月7日） / Public Service Innovation Platform in Tohoku (7 July 2017)'"
$BIN render layouts/tottori.xml --lang en -o "$OUT/tottori-en.pdf"
check "Subject of a pack in English: the meeting, date and venue" bash -c \
	"pdfinfo '$OUT/tottori-en.pdf' | grep -qx 'Subject: *Public Service Innovation Platform in Tottori (21 October 2016, Kurayoshi, Tottori)'"
check "SOURCE_DATE_EPOCH sets the creation date" bash -c \
	"SOURCE_DATE_EPOCH=1499385600 $BIN render layouts/tohoku.xml --pack tohoku -o $OUT/epoch.pdf && pdfinfo $OUT/epoch.pdf | grep -q 'CreationDate:.*Jul  7 00:00:00 2017'"

# A failed run leaves the good file where it was, and no temporary file.
cp "$OUT/tohoku.pdf" "$OUT/keep.pdf"
$BIN render tests/golden/errors/unknown-measure.xml --pack tohoku \
	--packs layouts/packs.xml -o "$OUT/keep.pdf" 2>/dev/null
check "failed render exits 1" test $? = 1
check "failed render keeps the old PDF" cmp "$OUT/keep.pdf" "$OUT/tohoku.pdf"
check "failed render leaves no temporary file" \
	bash -c "! ls '$OUT' | grep -q tmp"

# Batch: one line per pack and a summary; every PDF is written.
$BIN batch layouts/packs.xml --only tohoku,tottori,saitama -o "$OUT/batch" >"$OUT/batch.log"
check "batch exits 0" test $? = 0
check "batch prints one line per pack" \
	bash -c "grep -c '^\(tohoku\|tottori\|saitama\) [0-9]* pages [0-9]* bytes' '$OUT/batch.log' | grep -qx 3"
check "batch output equals render output" cmp "$OUT/batch/tohoku-2016-04.pdf" "$OUT/tohoku.pdf"

