# Installing as a packager would: the flags of the environment and the
# command line reach every compile and link (make -n), make install under
# DESTDIR, the installed briefgen run from another directory, and make
# uninstall.  Sourced by tests/run.

top=$PWD
I=$top/$OUT/install
rm -rf "$I"
mkdir -p "$I/elsewhere"

# --- flags -----------------------------------------------------------------
# What make would run to build the program from nothing.
make -s -n -B briefgen CPPFLAGS=-DFROM_CPPFLAGS CFLAGS='-O2 -DFROM_CFLAGS' \
	LDFLAGS=-Wl,-z,now >"$I/flags.txt" 2>&1
grep ' -c -o build/[a-z_]*\.o generator/' "$I/flags.txt" >"$I/compiles.txt"
check "make CPPFLAGS=... keeps the build's own flags in every compile" \
	bash -c "[ -s '$I/compiles.txt' ] && ! grep -v -- '-D_POSIX_C_SOURCE=200809L .*-Ibuild .*-I/usr/include/libxml2.* -DFROM_CPPFLAGS .*-DFROM_CFLAGS' '$I/compiles.txt'"
grep -- 'generator/pdfread.c' "$I/compiles.txt" >"$I/pdfread.txt"
check "make CPPFLAGS=... keeps qpdf's name" \
	bash -c "grep -q -- -DFROM_CPPFLAGS '$I/pdfread.txt' && grep -q -- -DQPDF_SONAME= '$I/pdfread.txt'"
check "make LDFLAGS=... reaches the link" \
	grep -q -- "-DFROM_CFLAGS -Wl,-z,now -o briefgen build/main.o" "$I/flags.txt"
# CPPFLAGS on the command line overrides the Makefile's own assignments
# to it: what the build adds for one file must not be lost with them.
env -u CPPFLAGS -u CFLAGS make -s -n -B briefgen >"$I/plain.txt" 2>&1
env -u CPPFLAGS -u CFLAGS make -s -n -B briefgen CPPFLAGS=-DFROM_CPPFLAGS \
	>"$I/cmdline.txt" 2>&1
check "make CPPFLAGS=... loses none of the flags the build gives one file" \
	bash -c "sed 's/ -DFROM_CPPFLAGS//' '$I/cmdline.txt' | diff -b '$I/plain.txt' -"
(
	eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
	make -s -n -B briefgen >"$I/debian.txt" 2>&1
)
check "dpkg-buildflags hardening reaches every compile" \
	bash -c "! grep ' -c -o build/[a-z_]*\.o generator/' '$I/debian.txt' | grep -v -- '-D_FORTIFY_SOURCE=2.*-fstack-protector-strong'"
check "dpkg-buildflags hardening reaches the link" \
	grep -q -- "-Wl,-z,relro -Wl,-z,now .*-o briefgen build/main.o" "$I/debian.txt"

# --- make install, an installed briefgen, make uninstall ---------------------
make -s install DESTDIR="$I/dest" PREFIX=/usr >"$I/install.log" 2>&1
check "make install DESTDIR=... PREFIX=/usr" test $? = 0
check "the program, its manual pages and data are installed" \
	test -x "$I/dest/usr/bin/briefgen" \
	-a -f "$I/dest/usr/share/man/man1/briefgen.1" \
	-a -f "$I/dest/usr/share/man/man5/briefgen-layout.5" \
	-a -f "$I/dest/usr/share/briefgen/layouts/tohoku.xml" \
	-a -f "$I/dest/usr/share/briefgen/input/survey-fy2016.csv" \
	-a -f "$I/dest/usr/share/briefgen/fonts/fonts.conf" \
	-a -f "$I/dest/usr/share/doc/briefgen/LICENSE"
check "nothing is installed outside DESTDIR/PREFIX" \
	bash -c "[ -z \"\$(find '$I/dest' -mindepth 1 -maxdepth 1 ! -name usr)\" ]"
(cd "$I/elsewhere" && "$I/dest/usr/bin/briefgen" render \
	"$I/dest/usr/share/briefgen/layouts/tohoku.xml" >render.out 2>render.err)
check "the installed briefgen renders the example pack from another directory" \
	bash -c "grep -q ' written output/tohoku-2016-04.pdf\$' '$I/elsewhere/render.out' && [ ! -s '$I/elsewhere/render.err' ]"
$BIN render layouts/tohoku.xml -o "$I/here.pdf" >/dev/null
check "and its PDF has the bytes of the one rendered here" \
	cmp "$I/elsewhere/output/tohoku-2016-04.pdf" "$I/here.pdf"
for layout in "$I/dest/usr/share/briefgen/layouts/"*.xml; do
	[ "${layout##*/}" = packs.xml ] && continue
	check "the installed example ${layout##*/} has every file it reads" \
		bash -c "cd '$I/elsewhere' && '$I/dest/usr/bin/briefgen' check -q '$layout'"
done
# The links of the installed documents, as a reader follows them there.
find "$I/dest" -name '*.md' | while read -r md; do
	grep -o '](\([^)#]*\)' "$md" | sed 's/^](//' | grep -v '://' |
		while read -r link; do
			[ -e "$(dirname "$md")/$link" ] || echo "${md#$I/dest}: $link"
		done
done >"$I/links.txt"
check "every link of the installed documents leads to an installed file" \
	bash -c "[ ! -s '$I/links.txt' ] || { cat '$I/links.txt'; false; }"
check "the installed briefgen verifies it" \
	bash -c "cd '$I/elsewhere' && '$I/dest/usr/bin/briefgen' verify output/tohoku-2016-04.pdf"
check "the installed briefgen finds its fonts configuration" \
	bash -c "cd '$I/elsewhere' && '$I/dest/usr/bin/briefgen' fonts | cut -d: -f1 | diff - <(grep '^[a-z]' '$top/fonts/fonts.conf')"
check "the installed manual page reads" \
	bash -c "mandoc -Tascii '$I/dest/usr/share/man/man1/briefgen.1' | grep -q 'render bilingual PDF briefing packs'"
make -s uninstall DESTDIR="$I/dest" PREFIX=/usr >"$I/uninstall.log" 2>&1
check "make uninstall leaves no file" \
	bash -c "[ \$? = 0 ] && [ -z \"\$(find '$I/dest' -type f)\" ] && [ ! -e '$I/dest/usr/share/briefgen' ]"
