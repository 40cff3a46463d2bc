# briefgen: survey CSV + XML layout -> bilingual PDF briefing packs.
#
#   make deps     install missing Debian packages (apt-get)
#   make          build ./briefgen
#   make packs    render every pack of layouts/packs.xml into output/
#   make check    run the whole test suite (also under ASan + UBSan)
#   make asan     build build/asan/briefgen with AddressSanitizer + UBSan
#   make bench    measure speed, size and memory
#   make fuzz     build and run the libFuzzer targets for a bounded time
#                 (FUZZ_SECONDS=60 each)
#   make format   clang-format the sources
#   make hdrcheck check that every header compiles on its own
#   make install  install the program, its manual pages and data under
#                 PREFIX (/usr/local), staged under DESTDIR if given
#   make uninstall  remove what make install installed
#
# CC, CFLAGS, CPPFLAGS and LDFLAGS from the environment or the command
# line are added to the flags the build needs, so that a packager's
# (dpkg-buildflags: hardening) apply as they are.

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes \
	-Wwrite-strings -Wshadow -Wno-missing-field-initializers
ifeq ($(CI),true)
WARN += -Werror
endif
PKGS = libxml-2.0 harfbuzz-subset harfbuzz libunibreak nettle libdeflate libpng
# libzip is opened when a workbook is read (dlopen): only its headers here.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) libzip 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# HPDF_SHARED makes hpdf.h declare libharu's objects as opaque handles:
# only generator/pdf_objects.c, which undefines it, may see inside them.
# What the build needs comes first, then what the user gives.
ALL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -DHPDF_SHARED -Ibuild $(PKG_CFLAGS) \
	$(CPPFLAGS)
LIBS = $(PKG_LIBS) -lhpdf -lcsv -lunistring -lm -pthread
SAN = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

# Debian packages the build, the packs and the tests need.
DEPS = build-essential pkg-config libhpdf-dev libxml2-dev libcsv-dev \
	libharfbuzz-dev libunibreak-dev libunistring-dev nettle-dev \
	libdeflate-dev liblcms2-dev libqpdf-dev libpng-dev fonts-ipaexfont \
	poppler-utils qpdf time jq strace python3 mandoc \
	libzip-dev python3-openpyxl python3-xlsxwriter
FUZZ_DEPS = clang libclang-rt-dev zlib1g-dev
# ReportLab, which make bench measures briefgen against.
BENCH_DEPS = python3-reportlab python3-renderpm
# make pictures: ImageMagick sets the peers' pages side by side.
PICTURE_DEPS = imagemagick $(BENCH_DEPS)
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# libFuzzer targets: every tests/fuzz/fuzz_NAME.c, run for FUZZ_SECONDS
# each on the seeds in tests/fuzz/NAME/ (a corpus grows in build/fuzz/).
FUZZ_CC = clang
FUZZ_SAN = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_OBJS = $(MODULES:%=build/fuzz/%.o)

MODULES = arena buf msg xalloc infile outfile utf8 lgcode format decode \
	value codes roster table table_header table_sheet xlsx xlsx_sheet \
	xlsx_libzip prefs \
	spec spec_valid spec_layout spec_packs spec_chart spec_data cube \
	fonts draw text compose compose_source compose_table chart chart_plot chart_kpi paginate \
	dump pdf pdf_objects pdf_deflate pdf_font pdf_attach pdf_pdfa pdfread pngread \
	hash batch batch_pool batch_verify batch_list cpus suggest watch \
	xmltags
OBJS = $(MODULES:%=build/%.o)
ASAN_OBJS = $(MODULES:%=build/asan/%.o)
PROG = briefgen

# Where make install puts things: the program, its manual pages, and
# under share/briefgen the data an installed briefgen needs (the example
# layouts with the files they name, the sample data, the fonts
# configuration, which a layout names as ../fonts/fonts.conf); the
# schemas are compiled in.
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
DATADIR = $(PREFIX)/share/briefgen
DOCDIR = $(PREFIX)/share/doc/briefgen
INSTALL ?= install
MAN1 = man/briefgen.1
MAN5 = man/briefgen-layout.5
DATA = fonts/fonts.conf $(wildcard layouts/*.xml layouts/*.rng layouts/*.png \
	layouts/parts/*.xml input/*.csv input/*.xlsx)
# The documents keep their places relative to each other, so that their
# links lead where they do in the sources.
DOCS = README.md LICENSE NEWS $(wildcard docs/*.md docs/*.png layouts/*.md \
	input/README.md)

.PHONY: all deps fuzz-deps install-missing packs check test asan bench fuzz \
	pictures format hdrcheck clean install uninstall

all: $(PROG)

deps:
	@$(MAKE) -s install-missing PACKAGES="$(DEPS)"

fuzz-deps:
	@$(MAKE) -s install-missing PACKAGES="$(FUZZ_DEPS)"

install-missing:
	@missing=""; for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
			grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y \
			--no-install-recommends $$missing; \
	fi

# The RelaxNG schemas are compiled into the program as C strings.
build/%_rng.inc: layouts/%.rng | build
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@

build build/asan build/fuzz:
	mkdir -p $@

build/spec.o build/asan/spec.o: build/layout_rng.inc build/packs_rng.inc

# The sRGB profile of PDF/A's output intent, as Little CMS makes it
# (generator/srgb_icc_make.c, run here once), is compiled in; the
# version of lcms2 it was made with goes into every manifest.
ICC_VERSION := $(shell dpkg-query -W -f='$${Version}' liblcms2-dev 2>/dev/null)
build/srgb_icc_make: generator/srgb_icc_make.c | build
	$(CC) $(WARN) $(shell pkg-config --cflags lcms2 2>/dev/null) $(CFLAGS) \
		-o $@ $< $(LDFLAGS) $(shell pkg-config --libs lcms2 2>/dev/null)
build/srgb.icc: build/srgb_icc_make
	build/srgb_icc_make > $@.tmp
	mv $@.tmp $@
build/srgb_icc.inc: build/srgb.icc
	od -An -v -tu1 $< | sed 's/\([0-9][0-9]*\)/\1,/g' > $@
build/pdf_pdfa.o build/asan/pdf_pdfa.o build/fuzz/pdf_pdfa.o: \
	build/srgb_icc.inc
build/pdf_pdfa.o build/asan/pdf_pdfa.o build/fuzz/pdf_pdfa.o: \
	ALL_CPPFLAGS += -DICC_VERSION='"$(ICC_VERSION)"'

# qpdf is opened when a PDF is read back (dlopen), by the name it has at
# run time.
QPDF_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libqpdf \
	2>/dev/null)/libqpdf.so" 2>/dev/null | awk '/SONAME/ {print $$2}')
build/pdfread.o build/asan/pdfread.o build/fuzz/pdfread.o: \
	ALL_CPPFLAGS += $(if $(QPDF_SONAME),-DQPDF_SONAME='"$(QPDF_SONAME)"')
LIBZIP_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libzip \
	2>/dev/null)/libzip.so" 2>/dev/null | awk '/SONAME/ {print $$2}')
build/xlsx_libzip.o build/asan/xlsx_libzip.o build/fuzz/xlsx_libzip.o: \
	ALL_CPPFLAGS += $(if $(LIBZIP_SONAME),-DLIBZIP_SONAME='"$(LIBZIP_SONAME)"')

build/%.o: generator/%.c | build
	$(CC) $(WARN) $(ALL_CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

build/asan/%.o: generator/%.c | build/asan
	$(CC) $(WARN) $(ALL_CPPFLAGS) $(SAN) -MMD -MP -c -o $@ $<

build/fuzz/%.o: generator/%.c | build/fuzz
	$(FUZZ_CC) $(WARN) $(ALL_CPPFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
		-MMD -MP -c -o $@ $<

build/fuzz/libbriefgen.a: $(FUZZ_OBJS)
	rm -f $@
	ar rcs $@ $(FUZZ_OBJS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/sandbox.h \
		build/fuzz/libbriefgen.a
	$(FUZZ_CC) $(WARN) $(ALL_CPPFLAGS) -Igenerator $(FUZZ_SAN) \
		-fsanitize=fuzzer -o $@ $< build/fuzz/libbriefgen.a $(LIBS)

# fuzz_png's mutator makes chunks' CRCs right with zlib's crc32.
build/fuzz/fuzz_png: LIBS += -lz

build/libbriefgen.a: $(OBJS)
	rm -f $@
	ar rcs $@ $(OBJS)

build/asan/libbriefgen.a: $(ASAN_OBJS)
	rm -f $@
	ar rcs $@ $(ASAN_OBJS)

$(PROG): build/main.o build/libbriefgen.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ build/main.o build/libbriefgen.a \
		$(LIBS)

build/unit: tests/unit.c build/libbriefgen.a
	$(CC) $(WARN) $(ALL_CPPFLAGS) -Igenerator $(CFLAGS) $(LDFLAGS) -o $@ \
		tests/unit.c build/libbriefgen.a $(LIBS)

# The page-quality checks the suite runs over every pack's display list.
build/proof: tests/proof.c build/libbriefgen.a
	$(CC) $(WARN) $(ALL_CPPFLAGS) -Igenerator $(CFLAGS) $(LDFLAGS) -o $@ \
		tests/proof.c build/libbriefgen.a $(LIBS)

build/asan/briefgen: build/asan/main.o build/asan/libbriefgen.a
	$(CC) $(SAN) -o $@ build/asan/main.o build/asan/libbriefgen.a $(LIBS)

build/asan/unit: tests/unit.c build/asan/libbriefgen.a
	$(CC) $(WARN) $(ALL_CPPFLAGS) -Igenerator $(SAN) -o $@ tests/unit.c \
		build/asan/libbriefgen.a $(LIBS)

packs: deps
	$(MAKE) $(PROG)
	./$(PROG) batch layouts/packs.xml -o output

check test: deps
	$(MAKE) $(PROG) build/unit build/proof build/asan/briefgen build/asan/unit
	tests/run

asan: build/asan/briefgen build/asan/unit

bench: deps
	@$(MAKE) -s install-missing PACKAGES="$(BENCH_DEPS)"
	$(MAKE) $(PROG)
	bench/run

# The pictures of pages in README.md and layouts/README.md, made again.
pictures: deps
	@$(MAKE) -s install-missing PACKAGES="$(PICTURE_DEPS)"
	$(MAKE) $(PROG)
	docs/pictures.sh

fuzz: fuzz-deps
	$(MAKE) $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
		name=$${t#build/fuzz/fuzz_}; mkdir -p build/fuzz/corpus-$$name; \
		echo "== $$t for $(FUZZ_SECONDS) s"; \
		$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-artifact_prefix=build/fuzz/$$name- \
			$$( [ -f tests/fuzz/$$name.dict ] && echo -dict=tests/fuzz/$$name.dict ) \
			build/fuzz/corpus-$$name tests/fuzz/$$name || exit 1; \
	done

format:
	clang-format -i generator/*.c generator/*.h tests/*.c

hdrcheck: build/layout_rng.inc
	@for h in generator/*.h; do \
		echo "#include \"$$h\"" | $(CC) $(WARN) $(ALL_CPPFLAGS) -x c -c \
			-o /dev/null - || exit 1; \
	done; echo "headers compile on their own"

install: $(PROG)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5
	$(INSTALL) -m 755 $(PROG) $(DESTDIR)$(BINDIR)/$(PROG)
	$(INSTALL) -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	@for f in $(DATA); do \
		echo "$(INSTALL) -D -m 644 $$f $(DESTDIR)$(DATADIR)/$$f"; \
		$(INSTALL) -D -m 644 $$f $(DESTDIR)$(DATADIR)/$$f || exit 1; \
	done
	@for f in $(DOCS); do \
		echo "$(INSTALL) -D -m 644 $$f $(DESTDIR)$(DOCDIR)/$$f"; \
		$(INSTALL) -D -m 644 $$f $(DESTDIR)$(DOCDIR)/$$f || exit 1; \
	done

# Removes the files make install installed, then the directories of
# briefgen's own that are left empty.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(PROG) \
		$(DESTDIR)$(MANDIR)/man1/$(notdir $(MAN1)) \
		$(DESTDIR)$(MANDIR)/man5/$(notdir $(MAN5)) \
		$(DATA:%=$(DESTDIR)$(DATADIR)/%) $(DOCS:%=$(DESTDIR)$(DOCDIR)/%)
	for d in $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR); do \
		[ ! -d $$d ] || find $$d -depth -type d -empty -delete; \
	done

clean:
	rm -rf build $(PROG)

-include build/*.d build/asan/*.d build/fuzz/*.d
