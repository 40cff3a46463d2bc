# The briefing packs as the secretariat hands them out: the three meeting
# packs in every language, what their text says, contents against
# bookmarks, pages against the golden display lists, nothing outside the
# page, no missing glyph; and the monthly packs, one per region and one
# per prefecture, from the same layout.  Sourced by tests/run.

P=$OUT/packs
mkdir -p "$P"

# text_has PDF NAME STRING...: a check per string that pdftotext finds,
# lines joined by a space (an English sentence may wrap).
text_has() {
	local pdf=$1 name=$2 want
	shift 2
	pdftotext "$pdf" - | tr '\n' ' ' >"$P/text.txt"
	for want in "$@"; do
		check "$name: text has \"$want\"" grep -qF -- "$want" "$P/text.txt"
	done
}

# Display-list checks: no text run leaves the space between the left and
# right margins (18 mm) or the page; turned labels are the charts' own.
bounds_ok() {
	awk '/^page / { pw = $3; ph = $4; next }
		/^  text / && !/ angle=/ {
			w = substr($4, 3)
			if ($2 < 50.5 || $2 + w > pw - 50.5 || $3 < 0 || $3 > ph - 15)
				{ print; bad = 1 }
		}
		END { exit bad }' "$1"
}

# The contents page (page 2) lists every bookmark, in the first language,
# with the page the bookmark opens, on one line.
contents_match() {
	local pdf=$1 n=0 page title
	pdftotext -layout -f 2 -l 2 "$pdf" "$P/contents.txt"
	qpdf --json --json-key=outlines "$pdf" |
		jq -r '.outlines[] | (., .kids[]) | "\(.destpageposfrom1)\t\(.title)"' >"$P/outline.txt"
	[ -s "$P/outline.txt" ] || { echo "no bookmarks"; return 1; }
	while IFS=$'\t' read -r page title; do
		title=${title%% / *}
		n=$((n + 1))
		grep -qE "^ *$(printf '%s' "$title" | sed 's/[][().*^$|+?{}\\]/\\&/g') .* $page\$" "$P/contents.txt" ||
			{ echo "contents lack \"$title ... $page\""; return 1; }
	done <"$P/outline.txt"
	# As many entries as bookmarks: each entry ends with its page number
	# (the footer with "2 / 16").
	local lines
	lines=$(grep -E ' [0-9]+$' "$P/contents.txt" | grep -cvE '/ *[0-9]+$')
	[ "$lines" = "$n" ] || { echo "$n bookmarks, $lines contents lines"; return 1; }
}

# --- the meeting packs, in every language ---------------------------------
for id in tohoku tottori saitama; do
	for lang in ja+en ja en; do
		pdf=$P/$id-$lang.pdf
		$BIN render "layouts/$id.xml" --pack "$id" --lang "$lang" -o "$pdf" 2>"$P/err.txt"
		check "$id $lang: renders" test $? = 0
		check "$id $lang: not a message" test ! -s "$P/err.txt"
		check "$id $lang: qpdf --check" qpdf --check "$pdf"
		$BIN render "layouts/$id.xml" --pack "$id" --lang "$lang" --dump-layout >"$P/$id-$lang.dump"
		check "$id $lang: every text inside the margins" bounds_ok "$P/$id-$lang.dump"
		check "$id $lang: pages as the display list says" bash -c \
			"pdfinfo '$pdf' | grep -q \"^Pages: *\$(grep -c '^page ' '$P/$id-$lang.dump')\$\""
		check "$id $lang: no missing glyph (〓, U+FFFD)" bash -c \
			"! pdftotext '$pdf' - | grep -q '〓\\|�'"
		check "$id $lang: contents match the bookmarks" contents_match "$pdf"
	done
	pages=$(grep -c '^page ' "tests/golden/packs/$id.out")
	check "$id: $pages pages, as the golden display list says" bash -c \
		"pdfinfo '$P/$id-ja+en.pdf' | grep -q '^Pages: *$pages\$'"
	check "$id en: no Japanese at all" bash -c \
		"! pdftotext '$P/$id-en.pdf' - | grep -qP '[\\x{3000}-\\x{9fff}\\x{ff00}-\\x{ffef}]'"
	check "$id ja: no English sentences" bash -c \
		"! pdftotext '$P/$id-ja.pdf' - | grep -q 'Cabinet Office\\|Municipalities\\|Leading cases'"
	# Every pack: the platform, the secretariat, the survey and its date,
	# the KPIs, that the figures are sample data, the notes.
	text_has "$P/$id-ja+en.pdf" "$id" \
		"公共サービスイノベーション・プラットフォーム" "Public Service Innovation Platform" \
		"内閣府（経済財政政策担当）" "Cabinet Office (Economic and Fiscal Policy)" \
		"〔連絡先（電話・メール）〕" "[contact: telephone, e-mail]" \
		"〔資料番号〕 / [Material No.]" \
		"試作用に作成した見本データであり" "sample data, made for trial use; they are not" \
		目次 Contents \
		208 416 550 約1,000 562 "2020年度" "FY2020" "2017年度" "FY2017" \
		"経済財政諮問会議「経済・財政再生計画 改革工程表」（平成27年12月24日公表）" \
		注記と出典 "Notes and sources"
	# The sample surveys match some published national totals and invent
	# others (the notes say which): the cover claims none.
	check "$id: the cover does not say the sample matches the national totals" bash -c \
		"! pdftotext -l 1 '$P/$id-ja+en.pdf' - | tr -d ' \n' | grep -q '公表値に合わせて\|shapedtothepublished'"
done

# The Tohoku pack, made as of the deck's day, has its cases and the
# report of the FY2016 meetings.
text_has "$P/tohoku-ja+en.pdf" "tohoku" \
	"データ：平成28年度調査（平成28年4月1日現在）" "Data: FY2016 survey, as of 1 April 2016" \
	"総務省「地方行政サービス改革の取組状況等に関する調査等」（平成29年3月30日公表）" \
	"Survey on Local Administrative Service Reform\" (published 30 March 2017)" \
	神奈川県海老名市 "Ebina City, Kanagawa" 愛知県岡崎市・豊橋市 "Okazaki City and Toyohashi City" \
	鳥取県北栄町 "Hokuei Town, Tottori" 常陸大宮市・那珂市・かすみがうら市・五霞町 \
	"Hitachiomiya, Naka, Kasumigaura and Goka" 群馬東部水道企業団 "Gunma Tobu Water Supply Authority" \
	"0.5億円（▲24%）のコスト削減（1年間）" "¥50 million (−24%) saved in one year" \
	"5.08億円（▲46%）" "10.97億円（▲45%）" "約30%のコスト削減" "139億円のコスト削減（10年間）" \
	鳥取県倉吉市 "Kurayoshi, Tottori, 21 October 2016" "Saitama City, Saitama, 11 November 2016" \
	鳥取県北栄町・鳥取市 埼玉県ふじみ野市・日高市 茨城県五霞町 埼玉県町村会 \
	"内閣府「地方自治体における公共サービスのイノベーションについて」（平成29年7月7日公表）"

# What is each meeting's own: date, venue, focus prefectures and their
# municipalities, in both languages.
text_has "$P/tohoku-ja+en.pdf" tohoku 平成29年7月7日 "7 July 2017" 東北地方 "Tohoku region" \
	青森県 Aomori 岩手県 Iwate 宮城県 Miyagi 秋田県 Akita 山形県 Yamagata 福島県 Fukushima \
	青森県の市区町村 "Municipalities of Fukushima" 青森市 Aomori-shi 会津若松市 Aizuwakamatsu-shi \
	飯舘村 Iitate-mura "実施団体数（東北地方）" "Municipalities, Tohoku region"
text_has "$P/tottori-ja+en.pdf" tottori 平成28年10月21日 "21 October 2016" 鳥取県倉吉市 \
	"Kurayoshi, Tottori" 鳥取県 Tottori 中国地方 "Chugoku region" 鳥取県の市区町村 \
	"Municipalities of Tottori" 北栄町 Hokuei-cho 倉吉市 Kurayoshi-shi "実施団体数（鳥取県）"
text_has "$P/saitama-ja+en.pdf" saitama 平成28年11月11日 "11 November 2016" 埼玉県さいたま市 \
	"Saitama City, Saitama" 埼玉県 Saitama 関東地方 "Kanto region" 埼玉県の市区町村 \
	さいたま市 Saitama-shi ふじみ野市 Fujimino-shi 日高市 Hidaka-shi "実施団体数（埼玉県）"
# The deck names no venue for the Tohoku meeting: a placeholder says so.
check "tohoku: no venue invented" bash -c \
	"pdftotext -f 1 -l 1 '$P/tohoku-ja+en.pdf' - | grep -qx '〔会場未定〕'"
# A prefecture's municipalities, all of them: Tohoku has 227, and each
# prefecture's last row counts its marks.
munis() { grep -c 'gothic 8.0 ink=#1a1a1a "[^"]*[市町村]"$' "$1"; }
check "tohoku: the 227 municipalities of Tohoku listed" test "$(munis "$P/tohoku-ja+en.dump")" = 227
check "tottori: the 19 municipalities of Tottori listed" test "$(munis "$P/tottori-ja+en.dump")" = 19
check "saitama: the 63 municipalities of Saitama listed" test "$(munis "$P/saitama-ja+en.dump")" = 63
check "saitama: a long list continues over pages, its header on each" bash -c \
	"[ \$(pdftotext '$P/saitama-ja+en.pdf' - | grep -c '^Municipality\$') -ge 2 ]"

# --- the monthly packs: one per region and per prefecture -----------------
# layouts/packs.xml generates them: every pack but the three meetings.
M=layouts/packs.xml
monthly=$(grep -o '<pack id="[^"]*"' "$M" | cut -d'"' -f2 | tr '\n' ,)
$BIN batch "$M" -o "$P/monthly" >"$P/monthly.log" 2>"$P/monthly.err"
check "monthly: 58 packs written (3 meetings, 47 prefectures, 8 regions)" \
	grep -q '^58 packs, 0 failed' "$P/monthly.log"
check "monthly: not a message" test ! -s "$P/monthly.err"
check "monthly: the meetings are $monthly" test "$monthly" = tohoku,tottori,saitama,
for id in region-kyushu-okinawa region-chubu 01-hokkaido 13-tokyo 31-tottori; do
	check "monthly $id: contents match the bookmarks" \
		contents_match "$P/monthly/$id-2016-04.pdf"
done
text_has "$P/monthly/region-chubu-2016-04.pdf" "monthly region-chubu" 中部地方 "Chubu region" \
	新潟県の市区町村 "Municipalities of Aichi" "実施団体数（中部地方）"
text_has "$P/monthly/47-okinawa-2016-04.pdf" "monthly 47-okinawa" 沖縄県の市区町村 "Municipalities of Okinawa" \
	那覇市 Naha-shi "実施団体数（沖縄県）"
$BIN render layouts/briefing.xml --packs "$M" --pack region-kyushu-okinawa --dump-layout >"$P/kyushu.dump"
check "monthly kyushu-okinawa: every text inside the margins" bounds_ok "$P/kyushu.dump"
