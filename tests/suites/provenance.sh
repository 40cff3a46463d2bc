# What a pack knew on its day, and says where its figures come from: the
# dates it cites against the meeting's, the survey it shows as current,
# the mark of sample data on every page, a source line on every page
# with a figure, the cover's document number and secretariat, and a
# real survey declared in place of the sample.  Sourced by tests/run.

V=$OUT/provenance
mkdir -p "$V"

# dates_by FILE YYYY-MM-DD: every date FILE's text cites, in the era
# (平成28年10月21日, 令和元年5月1日) or Western form (21 October 2016),
# is on or before the date; prints the first that is not.
dates_by() {
	tr '\n\f' '  ' <"$1" | perl -CSD -ne 'use utf8;
		BEGIN { %era = ("明治", 1867, "大正", 1911, "昭和", 1925, "平成", 1988, "令和", 2018);
			@m = qw(January February March April May June July August September October November December);
			@mon{@m} = (1 .. 12); $limit = shift @ARGV; $bad = 0 }
		while (/(明治|大正|昭和|平成|令和)(元|[0-9]+)年([0-9]+)月([0-9]+)日/g) {
			my $y = $era{$1} + ($2 eq "元" ? 1 : $2);
			my $d = sprintf "%04d-%02d-%02d", $y, $3, $4;
			if ($d gt $limit) { print "$&: $d after $limit\n"; $bad = 1 }
		}
		while (/\b([0-9]{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) ([0-9]{4})\b/g) {
			my $d = sprintf "%04d-%02d-%02d", $3, $mon{$2}, $1;
			if ($d gt $limit) { print "$&: $d after $limit\n"; $bad = 1 }
		}
		END { exit $bad }' "$2"
}

# The check finds a later date in either form.
printf '平成29年3月30日公表\n' >"$V/later-era.txt"
printf 'published 30 March 2017\n' >"$V/later-west.txt"
for f in later-era later-west; do
	if dates_by "$V/$f.txt" 2016-10-21 >/dev/null; then
		fail "the date check misses $f"
	else
		pass
	fi
done

# figure_pages DUMP: the pages of a display list that show a figure: a
# table, a chart, key figures or a case, each drawn on filled rectangles
# (the red mark of sample data aside); not the cover.
figure_pages() {
	awk '/^page / { p = $2; cover[p] = / cover( |$)/; next }
		/^  rect / && / fill=#/ && !/ fill=#c0504d/ { fig[p] = 1 }
		END { for (k in fig) if (!cover[k]) print k }' "$1" | sort -n
}

# source_on_pages DUMP PAGES...: each page has a source line.
source_on_pages() {
	local dump=$1 p
	shift
	for p in "$@"; do
		awk -v p="$p" '/^page / { on = $2 == p; next }
			on && /^  text / && /"(出典：|Source: )/ { found = 1 }
			END { exit !found }' "$dump" || { echo "page $p has no source line"; return 1; }
	done
}

# mark_on_every_page PDF WORD: pdftotext finds WORD on every page.
mark_on_every_page() {
	local pdf=$1 word=$2 n i
	n=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
	for ((i = 1; i <= n; i++)); do
		pdftotext -f "$i" -l "$i" "$pdf" - | grep -qF "$word" ||
			{ echo "page $i lacks $word"; return 1; }
	done
}

declare -A meeting=([tohoku]=2017-07-07 [tottori]=2016-10-21 [saitama]=2016-11-11)
for id in tohoku tottori saitama; do
	pdf=$V/$id.pdf
	$BIN render "layouts/$id.xml" --pack "$id" -o "$pdf"
	pdftotext "$pdf" "$V/$id.txt"
	$BIN render "layouts/$id.xml" --pack "$id" --dump-layout >"$V/$id.dump"
	check "$id: every date cited is on or before the meeting (${meeting[$id]})" \
		dates_by "$V/$id.txt" "${meeting[$id]}"
	check "$id: every page carries the mark of sample data (見本)" mark_on_every_page "$pdf" 見本
	check "$id: every page carries the mark of sample data (SAMPLE)" mark_on_every_page "$pdf" SAMPLE
	# shellcheck disable=SC2046
	check "$id: every page showing a figure has a source line" \
		source_on_pages "$V/$id.dump" $(figure_pages "$V/$id.dump")
	check "$id: pages with figures found" test -n "$(figure_pages "$V/$id.dump")"
	pdftotext -f 1 -l 1 "$pdf" "$V/$id-cover.txt"
	for want in "〔資料番号〕 / [Material No.]" "内閣府（経済財政政策担当）" \
		"Cabinet Office (Economic and Fiscal Policy)" "〔連絡先（電話・メール）〕" \
		"本資料の都道府県別・市区町村別の数値は、" "they are not survey"; do
		check "$id: the cover has \"$want\"" grep -qF "$want" "$V/$id-cover.txt"
	done
	check "$id: the running header carries the document number" bash -c \
		"[ \$(pdftotext '$pdf' - | grep -c '^〔資料番号〕 / \[Material No.\]\$') -ge 3 ]"
	# Sample values are never actual ones, nor a ministry's figures.
	check "$id: no 実績 / Actual" bash -c "! grep -q '実績\|Actual' '$V/$id.txt'"
	check "$id: no source line credits a ministry with sample figures" bash -c \
		"! grep -q '\"出典：総務省\|\"Source: MIC' '$V/$id.dump'"
	# 「県内」 is wrong for 東京都, 北海道, 大阪府 and 京都府.
	check "$id: no 県内" bash -c "! grep -q 県内 '$V/$id.txt'"
done

# The Tottori and Saitama meetings knew the survey as of 1 April 2015,
# published on 25 March 2016: it is current, the one of 1 April 2014 the
# previous, and nothing later is shown, cited or carried.
for id in tottori saitama; do
	txt=$V/$id.txt
	check "$id: the survey as of 1 April 2015 is current" \
		grep -qF "データ：平成27年度調査（平成27年4月1日現在）" "$txt"
	check "$id: tables as of 1 April 2015" grep -qF "都道府県別の実施状況（平成27年4月1日現在）" "$txt"
	check "$id: the change is since 1 April 2014" grep -qF "増減：前回調査（平成26年4月1日現在）" "$txt"
	check "$id: cites the survey published on 25 March 2016" \
		grep -qF "調査結果」（平成28年3月25日公表）" "$txt"
	check "$id: nothing of 1 April 2016" bash -c "! grep -q '平成28年4月1日\|1 April 2016' '$txt'"
	check "$id: the KPI chart ends at FY2015" bash -c \
		"grep -q '\"2015年度\"' '$V/$id.dump' && ! grep -q '\"302\"\|\"787\"' '$V/$id.dump'"
	check "$id: neither the deck's cases nor its report of the meetings" bash -c \
		"! grep -q '海老名市\|先進事例\|平成28年度の開催\|内閣府「' '$txt'"
	check "$id: the survey published later is not carried" bash -c \
		"! qpdf --list-attachments '$V/$id.pdf' | grep -q 'survey-fy2016'"
done
check "tohoku: the survey as of 1 April 2016 is current" \
	grep -qF "データ：平成28年度調査（平成28年4月1日現在）" "$V/tohoku.txt"
check "tohoku: the deck's cases, with their source" \
	grep -qF "出典：内閣府「地方自治体における公共サービスのイノベーションについて」（平成29年7月7日公表）" "$V/tohoku.txt"

# The reform schedule's 550 and MIC's 562 side by side, each with its
# source; the cloud target about 1,000.
for want in "改革工程表は2014年度を550団体とし" "平成26年11月18日公表）は平成26年4月1日現在を562団体" \
	"目標（2017年度） 約1,000" "本資料は両者を同じものとして扱いません"; do
	check "tohoku: KPI notes have \"$want\"" bash -c "tr -d '\n' <'$V/tohoku.txt' | grep -qF '$want'"
done

# In English alone the mark and the source lines are English.
$BIN render layouts/saitama.xml --lang en -o "$V/saitama-en.pdf"
check "saitama en: every page carries SAMPLE" mark_on_every_page "$V/saitama-en.pdf" SAMPLE
check "saitama en: no 見本" bash -c "! pdftotext '$V/saitama-en.pdf' - | grep -q 見本"
check "saitama en: a source line in English" bash -c \
	"pdftotext '$V/saitama-en.pdf' - | grep -q '^Source: sample data standing in for MIC'"

# A real survey in place of the sample is a change to the dataset's
# declaration alone: no mark, no statement, the ministry in the source.
R=$V/real
mkdir -p "$R"
cp -r layouts input fonts "$R"/
sed -i 's/ sample="true"//' "$R/layouts/briefing.xml"
$BIN render "$R/layouts/tohoku.xml" -o "$R/tohoku.pdf" 2>"$R/err.txt"
check "real survey: renders" test -s "$R/tohoku.pdf"
check "real survey: no mark of sample data" bash -c \
	"! pdftotext '$R/tohoku.pdf' - | grep -q '見本\|SAMPLE\|sample data'"
check "real survey: the ministry is the source" bash -c \
	"pdftotext '$R/tohoku.pdf' - | grep -q '^出典：総務省「地方行政サービス改革の取組状況等に関する調査等」（平成29年3月30日公表）'"
check "real survey: its values are actual ones" bash -c \
	"pdftotext '$R/tohoku.pdf' - | grep -q '実績'"

# --- the monthly run ------------------------------------------------------
# The monthly packs have no date of their own: each run makes them as of
# its day, so a survey published since is picked up unattended.  A
# meeting's pack stays as of its meeting, whatever --as-of says, and a
# month with nothing new published rewrites nothing.
M=$V/monthly
mkdir -p "$M"
cp -r layouts input fonts "$M"/
# A document published after the last of the layouts' (7 July 2017),
# cited by a note: a run today knows it, a meeting of 2016 does not.
sed -i 's|  </sources>|    <source id="later" published="2018-03-30"><ja>後の資料</ja><en>A later paper</en></source>\n&|' \
	"$M/layouts/briefing.xml"
sed -i 's|</part>|  <paragraph source="later"><ja>後の注記：{source:later}</ja><en>Later note: {source:later}</en></paragraph>\n&|' \
	"$M/layouts/parts/notes.xml"
$BIN batch "$M/layouts/packs.xml" --only tottori,31-tottori -o "$M/run" >"$M/run.log" 2>&1
check "monthly run: renders" grep -q '^2 packs, 0 failed' "$M/run.log"
pdftotext "$M/run/31-tottori-2016-04.pdf" "$M/31-tottori.txt"
check "monthly run: a monthly pack cites what was published by the day of the run" \
	grep -qF "後の注記：後の資料（平成30年3月30日公表）" "$M/31-tottori.txt"
check "monthly run: its date is that of the latest document it uses" bash -c \
	"pdftotext -l 1 '$M/run/31-tottori-2016-04.pdf' - | grep -qx '平成30年3月30日' &&
	 pdfinfo '$M/run/31-tottori-2016-04.pdf' | grep -q 'CreationDate:.*Mar 30 00:00:00 2018'"
check "monthly run: the meeting's pack does not" bash -c "! pdftotext '$M/run/tottori-2015-04.pdf' - | grep -q 後の注記"
check "monthly run: verify of a monthly pack gives identical" $BIN verify "$M/run/31-tottori-2016-04.pdf"
SOURCE_DATE_EPOCH=1464739200 $BIN batch "$M/layouts/packs.xml" --only 31-tottori -o "$M/2016-06" -q
check "monthly run: SOURCE_DATE_EPOCH is the day of the run (1 June 2016: the FY2015 survey)" bash -c \
	"pdftotext -l 1 '$M/2016-06/31-tottori-2015-04.pdf' - | grep -qx 'データ：平成27年度調査（平成27年4月1日現在）'"
# --as-of never takes a meeting's pack past its meeting.
$BIN batch layouts/packs.xml --only tottori,saitama,01-hokkaido -o "$M/asof" --as-of 2026-07 -q
for id in tottori saitama; do
	check "--as-of after the meeting: the $id pack shows the survey it knew" \
		test -s "$M/asof/$id-2015-04.pdf"
	pdftotext "$M/asof/$id-2015-04.pdf" "$M/asof-$id.txt"
	check "--as-of after the meeting: the $id pack cites nothing after ${meeting[$id]}" \
		dates_by "$M/asof-$id.txt" "${meeting[$id]}"
done
check "--as-of after the meeting: no pack of a later survey for a meeting" \
	test ! -e "$M/asof/tottori-2016-04.pdf"
$BIN batch layouts/packs.xml --only tottori,saitama,01-hokkaido -o "$M/asof" --as-of 2026-08 >"$M/asof.log"
check "--as-of a month later, nothing new published: every pack unchanged" \
	grep -q '^3 packs, 0 failed, 0 written, 3 unchanged' "$M/asof.log"
