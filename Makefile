# briefgen: survey CSV + XML layout -> bilingual PDF briefing packs.
#
#   make deps     install missing Debian packages (apt-get)
#   make          build ./briefgen
#   make packs    render the default packs into output/
#   make check    run the whole test suite
#   make asan     build with AddressSanitizer + UBSan and run the suite
#   make bench    measure speed, size and memory
#   make fuzz     build and run the libFuzzer targets for a bounded time
#   make format   clang-format the sources
#   make hdrcheck check that every header compiles on its own

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes \
	-Wwrite-strings -Wshadow -Wno-missing-field-initializers
ifeq ($(CI),true)
WARN += -Werror
endif
PKGS = libxml-2.0 harfbuzz-subset harfbuzz libunibreak
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(WARN) -D_POSIX_C_SOURCE=200809L $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
LIBS = $(PKG_LIBS) -lhpdf -lcsv -lm
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

# Debian packages the build, the packs and the tests need.
DEPS = build-essential pkg-config libhpdf-dev libxml2-dev libxml2-utils \
	libcsv-dev libharfbuzz-dev libunibreak-dev fonts-ipaexfont \
	poppler-utils qpdf time
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

OBJS = generator/arena.o generator/buf.o generator/msg.o \
	generator/xalloc.o generator/utf8.o generator/lgcode.o \
	generator/format.o generator/table.o generator/prefs.o \
	generator/spec.o generator/cube.o generator/fonts.o \
	generator/draw.o generator/compose.o generator/chart.o \
	generator/paginate.o generator/dump.o generator/pdf.o \
	generator/batch.o
LIB = generator/libbriefgen.a
PROG = briefgen

.PHONY: all deps packs check test asan bench fuzz format hdrcheck clean

all: $(PROG)

deps:
	@missing=""; for p in $(DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
			grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y \
			--no-install-recommends $$missing; \
	fi

$(LIB): $(OBJS)
	rm -f $@
	ar rcs $@ $(OBJS)

$(PROG): generator/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ generator/main.o $(LIB) $(LIBS)

generator/%.o: generator/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The RelaxNG schemas are compiled into the program as C strings.
generator/spec.o: generator/layout_rng.inc generator/packs_rng.inc
generator/%_rng.inc: layouts/%.rng
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@

tests/unit: tests/unit.c $(LIB)
	$(CC) $(ALL_CFLAGS) -Igenerator -o $@ tests/unit.c $(LIB) $(LIBS)

packs: deps
	$(MAKE) $(PROG)
	./$(PROG) batch layouts/packs.xml -o output

check test: deps
	$(MAKE) $(PROG) tests/unit
	tests/run

asan: deps
	$(MAKE) clean
	$(MAKE) CFLAGS="-O1 -g $(SAN)" $(PROG) tests/unit
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 tests/run
	$(MAKE) clean

bench: deps
	$(MAKE) $(PROG)
	bench/run

format:
	clang-format -i generator/*.c generator/*.h tests/*.c

hdrcheck:
	@for h in generator/*.h; do \
		echo "#include \"$$h\"" | $(CC) $(ALL_CFLAGS) -x c -c \
			-o /dev/null - || exit 1; \
	done; echo "headers compile on their own"

clean:
	rm -f $(PROG) generator/*.o generator/*.d generator/*.inc $(LIB) tests/unit

-include generator/*.d
