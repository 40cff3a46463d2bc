# The roster of local government codes by date (input/roster.csv): it is
# what input/derive-roster.py derives from e-Stat's record of changes, and
# its municipalities of 2016-10-10 are exactly the 1,741 of the MIC code
# list of that day.  Sourced by tests/run.

check "roster: input/roster.csv is derived again, and on 2016-10-10 it is the MIC code list" \
	python3 input/derive-roster.py --check

# --- packs from a survey holding rows that are not municipalities -----
# The FY2016 survey with rows appended that code lists and old files
# hold: prefectures, wards, a 郡, a 振興局, 特別区部, the Northern
# Territories, codes from before and after 2016-04-01.  The Tohoku,
# Hokkaido and Tokyo packs fail at exactly those lines; with the rows left
# out by the layout, they read exactly as the packs of the clean survey.
R=$OUT/roster
mkdir -p "$R"
bad="020001,青森県,青森県 130001,東京都,東京都 011011,北海道,札幌市中央区
016951,北海道,色丹村 013005,北海道,石狩振興局 023001,青森県,東津軽郡
131008,東京都,特別区部 042161,宮城県,富谷市 093670,栃木県,岩舟町
012017,北海道,札幌市"
{
	cat input/survey-fy2016.csv
	for r in $bad; do echo "$r,1000,実施,自治体クラウド"; done
} >"$R/fy2016-bad.csv"
nbad=$(echo $bad | wc -w)
# briefing.xml and tohoku.xml beside the inputs, FY2016 left out or not.
for how in error leave-out; do
	sed -e "s#\"\\.\\./#\"$PWD/#" -e "s#href=\"parts/#href=\"$PWD/layouts/parts/#" \
		-e "s#\\(<dataset id=\"fy2016\" [^>]*\\)>#\\1 non-municipalities=\"$how\">#" \
		layouts/briefing.xml >"$R/briefing-$how.xml"
	sed -e "s#href=\"briefing.xml\"#href=\"briefing-$how.xml\"#" \
		-e "s#href=\"parts/#href=\"$PWD/layouts/parts/#" \
		layouts/tohoku.xml >"$R/tohoku-$how.xml"
done
for pack in tohoku 01-hokkaido 13-tokyo; do
	case $pack in
	tohoku) clean=layouts/tohoku.xml; l=tohoku ;;
	*) clean=layouts/briefing.xml; l=briefing ;;
	esac
	$BIN render $clean --packs layouts/packs.xml --pack $pack \
		-o "$R/$pack.pdf" >/dev/null 2>&1
	$BIN render "$R/$l-error.xml" --packs layouts/packs.xml --pack $pack \
		--data fy2016="$R/fy2016-bad.csv" -o "$R/$pack-error.pdf" \
		>/dev/null 2>"$R/$pack-error.err"
	check "roster: the $pack pack fails on rows that are not municipalities" \
		bash -c "[ $? = 1 ] && [ ! -e '$R/$pack-error.pdf' ]"
	check "roster: the $pack pack names each such row, at its line" bash -c "
		[ \$(grep -c '^$R/fy2016-bad.csv:17[0-9][0-9]:1: error: column \"団体コード\": [0-9]\\{6\\} .* is not a municipality' '$R/$pack-error.err') = $nbad ] &&
		[ \$(wc -l <'$R/$pack-error.err') = $nbad ]"
	$BIN render "$R/$l-leave-out.xml" --packs layouts/packs.xml \
		--pack $pack --data fy2016="$R/fy2016-bad.csv" \
		-o "$R/$pack-leave-out.pdf" >/dev/null 2>"$R/$pack-leave-out.err"
	check "roster: with the rows left out, the $pack pack warns of each" \
		bash -c "[ \$(grep -c 'warning: .*; the row is left out\$' '$R/$pack-leave-out.err') = $nbad ]"
	check "roster: with the rows left out, the $pack pack reads as the clean one" \
		bash -c "cmp <(pdftotext '$R/$pack.pdf' -) <(pdftotext '$R/$pack-leave-out.pdf' -)"
done

# A render loads its layout once, as of its pack's date: each file is
# read, each row checked and each warning given once.
$BIN render tests/golden/identity/own-roster.xml --verbose \
	--packs tests/golden/identity/packs.xml --pack names \
	--data data=tests/golden/identity/two-aomori.csv -o "$R/once.pdf" \
	>/dev/null 2>"$R/once.err"
check "roster: render loads its layout and reads its survey once" bash -c "
	[ \$(grep -c 'own-roster.xml: note: loaded in' '$R/once.err') = 1 ] &&
	[ \$(grep -c 'two-aomori.csv: note: dataset data:' '$R/once.err') = 1 ] &&
	[ \$(grep -c 'warning: .*no English name for 022021' '$R/once.err') = 1 ]"

# The program reads the roster as the derivation does: a survey of no
# rows as of 2016-10-10 lacks exactly the 1,741 municipalities of the MIC
# code list of that day, by code and name.
sed -e 's#"\.\./\.\./\.\./#"'"$PWD"'/#' -e 's#as-of="2016-04-01"#as-of="2016-10-10"#' \
	tests/golden/identity/names.xml >"$R/names-2016-10-10.xml"
head -1 input/survey-fy2016.csv >"$R/no-rows.csv"
$BIN check "$R/names-2016-10-10.xml" --verbose --data data="$R/no-rows.csv" \
	2>/dev/null | sed -n 's/^  lacks in [^:]*: //p' | sed 's/, /\n/g' |
	sort >"$R/lacks-2016-10-10.txt"
awk -F, '$7 ~ /^(city|town|village|special_ward)$/ { print $1 " " $4 }' \
	input/roster-sources/municipalities-2016-10-10.csv |
	sort >"$R/mic-2016-10-10.txt"
check "roster: as briefgen reads it, the roster of 2016-10-10 is the 1,741 of the MIC code list" \
	bash -c "[ \$(wc -l <'$R/mic-2016-10-10.txt') = 1741 ] &&
		cmp '$R/lacks-2016-10-10.txt' '$R/mic-2016-10-10.txt'"

# --- a survey as of a date after the roster's record ends -------------
# input/roster.csv ends with e-Stat's record of changes, on 2024-01-01.
# A survey of a later date is held to the municipalities of that day,
# with one warning that names the file, the layout's line with the date
# and the end of the record; check says it too, and neither fails.  A
# survey of the record's last day is no later.
{
	head -1 input/survey-fy2016.csv
	echo '011002,北海道,札幌市,1950000,実施,未導入'
	echo '402311,福岡県,那珂川市,50000,未実施,単独クラウド'
} >"$R/after-record.csv"
for d in 2024-04-01 2024-01-01; do
	sed -e "s#as-of=\"2016-04-01\"#as-of=\"$d\"#" \
		-e 's#file="prefecture-rows.csv"#file="after-record.csv"#' \
		tests/golden/identity/names.xml >"$R/as-of-$d.xml"
	sed -e 's#date="2017-07-07"#date="2024-07-01"#' \
		-e "s#layout=\"names.xml\"#layout=\"as-of-$d.xml\"#" \
		tests/golden/identity/packs.xml >"$R/packs-$d.xml"
done
echo "$R/after-record.csv: warning: the survey is as of 2024-04-01 ($R/as-of-2024-04-01.xml:20), after $R/../../../input/roster.csv ends its record of municipal changes on 2024-01-01: changes since are not known, so its codes are checked against the municipalities of 2024-01-01" >"$R/after-record.want"
$BIN check "$R/as-of-2024-04-01.xml" >"$R/after-record.out" 2>"$R/after-record.err"
check "roster: check warns once of a survey as of a date after the roster's record, and passes" \
	bash -c "[ $? = 0 ] && diff '$R/after-record.want' '$R/after-record.err' &&
		grep -q '^data $R/after-record.csv: 2 rows' '$R/after-record.out'"
$BIN render "$R/as-of-2024-04-01.xml" --packs "$R/packs-2024-04-01.xml" \
	--pack names -o "$R/after-record.pdf" >/dev/null 2>"$R/after-record-render.err"
check "roster: render warns once of it too, and writes the pack" \
	bash -c "[ $? = 0 ] && diff '$R/after-record.want' '$R/after-record-render.err' &&
		pdftotext '$R/after-record.pdf' - | grep -q 'Nakagawa-shi'"
$BIN check "$R/as-of-2024-01-01.xml" >/dev/null 2>"$R/on-record-end.err"
check "roster: a survey as of the record's last day, 2024-01-01, is no later" \
	bash -c "[ $? = 0 ] && [ ! -s '$R/on-record-end.err' ]"

# --- codes as spreadsheets write them ----------------------------------
# The FY2016 survey with its codes as Excel's text formula ="011002" (and
# its text fields quoted, as tools write them beside a formula), and as
# typed after Excel's text prefix '011002: one warning each, and the
# Tohoku pack reads as the clean one.  A formula of a number, =011002,
# which Excel shows as 11002, is refused at its field.
sed -e 's/^\([0-9]\{6\}\),\([^,]*\),\([^,]*\),\([^,]*\),\([^,]*\),\(.*\)$/="\1","\2","\3",\4,"\5","\6"/' \
	input/survey-fy2016.csv >"$R/code-formula.csv"
sed -e "s/^\\([0-9]\\{6\\}\\),/'\\1,/" input/survey-fy2016.csv >"$R/code-prefix.csv"
sed -e '2s/^011002,/=011002,/' input/survey-fy2016.csv >"$R/code-number-formula.csv"
cat >"$R/code-formula.want" <<WANT
$R/code-formula.csv:2:1: warning: column "団体コード": ="011002" is Excel's text formula: it is read as the text it shows, 011002, here and in every field like it
WANT
cat >"$R/code-prefix.want" <<WANT
$R/code-prefix.csv:2:1: warning: column "団体コード": '011002 starts with Excel's text prefix ('): it is read as the text after it, 011002, here and in every field like it
WANT
cat >"$R/code-number-formula.want" <<WANT
$R/code-number-formula.csv:2:1: error: column "団体コード": =011002 is a formula, which Excel shows as the number 11002: write the code, 011002, or Excel's text formula ="011002"
WANT
for form in formula prefix; do
	$BIN render layouts/tohoku.xml --packs layouts/packs.xml --pack tohoku \
		--data fy2016="$R/code-$form.csv" -o "$R/code-$form.pdf" \
		>/dev/null 2>"$R/code-$form.err"
	check "roster: codes as Excel's text $form: one warning, exactly" \
		bash -c "[ $? = 0 ] && diff '$R/code-$form.want' '$R/code-$form.err'"
	check "roster: codes as Excel's text $form: the pack reads as the clean one" \
		bash -c "cmp <(pdftotext '$R/tohoku.pdf' -) <(pdftotext '$R/code-$form.pdf' -)"
done
$BIN render layouts/tohoku.xml --packs layouts/packs.xml --pack tohoku \
	--data fy2016="$R/code-number-formula.csv" -o "$R/code-number-formula.pdf" \
	>/dev/null 2>"$R/code-number-formula.err"
check "roster: a code as a formula of a number is refused at its field, with what to write" \
	bash -c "[ $? = 1 ] && [ ! -e '$R/code-number-formula.pdf' ] &&
		diff '$R/code-number-formula.want' '$R/code-number-formula.err'"
$BIN check layouts/tohoku.xml --data fy2016="$R/code-number-formula.csv" \
	>/dev/null 2>"$R/code-number-formula-check.err"
check "roster: check refuses it alike" \
	bash -c "[ $? = 1 ] && diff '$R/code-number-formula.want' '$R/code-number-formula-check.err'"
