# One term per concept in each language: layouts/glossary.csv names each
# concept's term in Japanese and English and the variants that must not
# stand for it (extended regular expressions, English ones in any case).
# The parts use every term, and no variant is found in the layouts, the
# cases or the text of the meeting packs.  Sourced by tests/run.

GL=$OUT/glossary
mkdir -p "$GL"
glossary=layouts/glossary.csv

# texts_of FILE...: the <ja> and <en> texts of layouts and the fields of
# CSV files, one a line.
texts_of() {
	local f
	for f in "$@"; do
		case $f in
		*.xml) grep -o '<\(ja\|en\)>[^<]*</\(ja\|en\)>' "$f" |
			sed 's/<[^>]*>//g' ;;
		*.csv) tr ',"' '\n\n' <"$f" ;;
		esac
	done
}

# variants_in FILE: no variant of the glossary is a line's, or in one;
# prints each found.
variants_in() {
	local id ja en vja ven bad=0
	while IFS=, read -r id ja en vja ven; do
		[ "$id" = id ] && continue
		if [ -n "$vja" ] && grep -nE -- "$vja" "$1"; then bad=1; fi
		if [ -n "$ven" ] && grep -niE -- "$ven" "$1"; then bad=1; fi
	done <"$glossary"
	return $bad
}

check "glossary: every row has a term in both languages" \
	awk -F, 'NR > 1 && (NF != 5 || $2 == "" || $3 == "") { print; bad = 1 } END { exit bad }' "$glossary"
texts_of layouts/parts/*.xml >"$GL/parts.txt"
while IFS=, read -r id ja en vja ven; do
	[ "$id" = id ] && continue
	check "glossary: the parts use \"$ja\"" grep -qF -- "$ja" "$GL/parts.txt"
	check "glossary: the parts use \"$en\"" grep -qiF -- "$en" "$GL/parts.txt"
done <"$glossary"
texts_of layouts/*.xml layouts/parts/*.xml input/cases.csv input/case-effects.csv >"$GL/layouts.txt"
check "glossary: no variant in the layouts and the cases" variants_in "$GL/layouts.txt"
for id in tohoku tottori saitama; do
	for lang in ja+en en; do
		$BIN render "layouts/$id.xml" --lang "$lang" -q -o "$GL/$id-$lang.pdf"
		pdftotext "$GL/$id-$lang.pdf" "$GL/$id-$lang.txt"
		check "glossary: no variant in the $id pack ($lang)" variants_in "$GL/$id-$lang.txt"
	done
done
# The note under a rank column describes the mark of a shared rank; it
# cites no rank of its own (=8), which a pack need not have.
for id in tohoku tottori saitama; do
	check "ranks: $id's notes cite no shared rank as an example" bash -c \
		"! tr '\n' ' ' <'$GL/$id-en.txt' | grep -qE 'equal shares[^.]*\\(=[0-9]+\\)'"
done
# The check finds a variant, in either language.
printf '窓口業務のアウトソーシング\nCounter outsourcing\n' >"$GL/planted.txt"
check "glossary: a variant is found" bash -c \
	"glossary=$glossary; $(declare -f variants_in); ! variants_in '$GL/planted.txt' >/dev/null"
