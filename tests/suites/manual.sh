# The manual pages: mandoc -Tlint finds nothing, briefgen(1) names every
# command and every option --help lists, and briefgen-layout(5) every
# element and attribute of the schemas.  Sourced by tests/run.

M=$OUT/manual
rm -rf "$M"
mkdir -p "$M"
check "mandoc -Tlint: no warning in man/*" \
	mandoc -Tlint -W warning man/briefgen.1 man/briefgen-layout.5
mandoc -Tascii man/briefgen.1 | col -bx >"$M/briefgen.txt"
mandoc -Tascii man/briefgen-layout.5 | col -bx >"$M/layout.txt"

for cmd in render batch check watch packs fonts verify regenerate help; do
	check "briefgen(1) shows the synopsis of $cmd" \
		grep -q "^     briefgen $cmd" "$M/briefgen.txt"
	$BIN help $cmd | sed -n 's/^  \(-[^ ,]*\)\(, \(--[^ ]*\)\)\{0,1\}.*/\1 \3/p' |
		tr ' ' '\n' | grep . >>"$M/options"
done
sort -u "$M/options" -o "$M/options"
check "help lists the options" test "$(wc -l <"$M/options")" -ge 18
while read -r opt; do
	check "briefgen(1) describes $opt" \
		grep -q -- "^     $opt\\b\\|^     -[a-zA-Z], $opt\\b" "$M/briefgen.txt"
done <"$M/options"

for rng in layouts/layout.rng layouts/packs.rng; do
	for e in $(grep -o '<element name="[^"]*"' "$rng" | cut -d'"' -f2 | sort -u); do
		check "briefgen-layout(5) names <$e> of $rng" \
			grep -q "<$e[> /]" "$M/layout.txt"
	done
	for a in $(grep -o '<attribute name="[^"]*"' "$rng" | cut -d'"' -f2 | sort -u); do
		check "briefgen-layout(5) names $a= of $rng" \
			grep -q "\\(^\\|[^a-z-]\\)$a=" "$M/layout.txt"
	done
done
# And the other way: every element the page names is one of the schemas'
# (or <part>, the root of the included sections).
cat layouts/layout.rng layouts/packs.rng | grep -o '<element name="[^"]*"' |
	cut -d'"' -f2 | sort -u >"$M/elements"
grep -o '^\.It Ic <[a-z-]*>\|Ic <[a-z-]*>' man/briefgen-layout.5 |
	sed 's/.*<\(.*\)>/\1/' | sort -u >"$M/named"
check "briefgen-layout(5) names no element the schemas lack" \
	bash -c "[ -s '$M/named' ] && [ -z \"\$(comm -23 '$M/named' '$M/elements')\" ]"
