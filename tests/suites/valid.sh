# Layouts remembered valid (generator/spec_valid.c): a document that
# validated is not validated again, by the digest of its tree, and a
# document changed so that it is invalid is still refused with its
# messages.  Sourced by tests/run.

V=$OUT/valid
mkdir -p "$V/cache"
cp -r layouts input fonts "$V/"
vrender() {
	(cd "$V" && XDG_CACHE_HOME="$PWD/cache" "$top/$BIN" render "$@")
}
top=$PWD

vrender layouts/tottori.xml -o a.pdf >/dev/null 2>&1
check "a render remembers the layout and the packs file as valid" \
	bash -c "[ \$(wc -l <'$V/cache/briefgen/valid') = 2 ]"
vrender layouts/tottori.xml -o b.pdf >/dev/null 2>&1
check "a second render validates nothing again" \
	bash -c "[ \$(wc -l <'$V/cache/briefgen/valid') = 2 ]"
check "and writes the same bytes" cmp "$V/a.pdf" "$V/b.pdf"
sed -i 's|<document>|<!-- a comment validation ignores --><document>|' \
	"$V/layouts/tottori.xml"
vrender layouts/tottori.xml -o c.pdf >/dev/null 2>&1
check "a comment changes nothing validation sees" \
	bash -c "[ \$(wc -l <'$V/cache/briefgen/valid') = 2 ]"
sed -i 's|<document>|<document><frobnicate/>|' "$V/layouts/tottori.xml"
vrender layouts/tottori.xml -o d.pdf >/dev/null 2>"$V/cached.err"
status=$?
rm -rf "$V/cache"
mkdir -p "$V/cache"
vrender layouts/tottori.xml -o d.pdf >/dev/null 2>"$V/fresh.err"
check "an invalid layout is refused (exit 1) with the cache" test "$status" = 1
check "with the messages it has without the cache" \
	bash -c "grep -q 'frobnicate' '$V/fresh.err' && cmp '$V/cached.err' '$V/fresh.err'"
vrender layouts/tottori.xml -o d.pdf >/dev/null 2>"$V/again.err"
status=$?
check "an invalid layout is not remembered: refused again, as before" \
	bash -c "[ $status = 1 ] && cmp '$V/again.err' '$V/fresh.err'"
