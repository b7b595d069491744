# reformgen: county Youth League reform data -> print-ready PDF documents.
#
#   make            build ./reformgen
#   make deps       install the Debian packages the build, fonts and tests need
#   make demo       render the samples into out/
#   make check      build and run every test (plain and sanitized); ends "N passed, N failed"
#   make install    PREFIX=/usr/local DESTDIR=
#   make bench      benchmarks (not part of check)

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    = build
VERSION  := 0.1.0
CC       ?= cc

PKGS     := libxml-2.0 libcjson libdeflate harfbuzz harfbuzz-subset
# libhpdf ships no .pc file in Debian 12: plain -lhpdf.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lisal -lm
# The executable links libxml2 (with liblzma) and libdeflate statically when
# Debian's archives are there: the shared libxml2 loads ICU and libstdc++ with
# it, 1.4 ms of every process start (generator/icu_none.c). STATIC=0 links
# everything shared; the tests always do. libxml2 security updates then need a
# rebuild of reformgen.
STATIC   ?= 1
XML2_A   := $(shell $(CC) -print-file-name=libxml2.a)
ICU_SUFFIX := $(if $(filter /%,$(XML2_A)),$(shell nm -u $(XML2_A) 2>/dev/null | sed -n 's/.*ucnv_open\(_[0-9]*\)$$/\1/p' | head -n 1))
ifeq ($(STATIC)$(if $(filter /%,$(XML2_A)),y),1y)
EXE_OBJS := $(if $(ICU_SUFFIX),$(BUILD)/icu_none.o)
EXE_LIBS := -Wl,-Bstatic -lxml2 -llzma -ldeflate -Wl,-Bdynamic \
            $(shell pkg-config --libs libcjson harfbuzz harfbuzz-subset 2>/dev/null) -lhpdf -lisal -lz -lm
else
EXE_OBJS :=
EXE_LIBS := $(PKG_LIBS)
endif

WARN := -Wall -Wextra -Werror -Wshadow -Wundef -Wwrite-strings -Wmissing-prototypes \
        -Wstrict-prototypes -Wpointer-arith -Wcast-qual -Wformat=2 -Wvla \
        -Wno-unused-parameter
OPT      ?= -O2 -g
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) $(XWARN) $(PKG_CFLAGS) \
            -DREFORMGEN_VERSION='"$(VERSION)"' -DREFORMGEN_DATADIR='"$(PREFIX)/share/reformgen"'
LDLIBS   += $(PKG_LIBS)

SRCS     := $(filter-out generator/icu_none.c,$(sort $(wildcard generator/*.c)))
LIBSRCS  := $(filter-out generator/main.c,$(SRCS))
OBJS     := $(SRCS:generator/%.c=$(BUILD)/%.o)
LIBOBJS  := $(LIBSRCS:generator/%.c=$(BUILD)/%.o)
UNITSRCS := $(sort $(wildcard tests/unit/*.c))
UNITBINS := $(UNITSRCS:tests/unit/%.c=$(BUILD)/tests/%)
FUZZSRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAYBINS := $(FUZZSRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_TIME ?= 60

.PHONY: FORCE all deps demo check check-plain check-asan check-valgrind units install uninstall bench fuzz clean

all: reformgen

reformgen: $(BUILD)/reformgen
	cp $< $@

$(BUILD)/reformgen: $(OBJS) $(EXE_OBJS) $(BUILD)/link-libs
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o,$^) $(EXE_LIBS)

# the libraries the executable was linked with: STATIC=0 (or back) relinks it
$(BUILD)/link-libs: FORCE | $(BUILD)
	@echo '$(EXE_LIBS)' | cmp -s - $@ || echo '$(EXE_LIBS)' > $@

FORCE:

$(BUILD)/icu_none.o: generator/icu_none.c | $(BUILD)
	$(CC) $(CFLAGS) -DICU_SUFFIX=$(ICU_SUFFIX) -c -o $@ $<

$(BUILD)/%.o: generator/%.c | $(BUILD)
	$(CC) $(CFLAGS) -Igenerator -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS) | $(BUILD)/tests
	$(CC) $(CFLAGS) -Igenerator -MMD -MP -o $@ $< $(LIBOBJS) $(LDLIBS)

# Fuzz targets built with an ordinary main that replays the corpora (make check).
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(LIBOBJS) | $(BUILD)/fuzz
	$(CC) $(CFLAGS) -Igenerator -MMD -MP -o $@ $< tests/fuzz/replay.c $(LIBOBJS) $(LDLIBS)

$(BUILD) $(BUILD)/tests $(BUILD)/fuzz:
	mkdir -p $@

-include $(OBJS:.o=.d) $(UNITBINS:=.d) $(REPLAYBINS:=.d)

# Installs what is missing, and does nothing (in about a second) when all is there.
deps:
	@sh tests/deps.sh

demo: deps reformgen
	./reformgen -o out samples/*.json

units: $(UNITBINS) $(REPLAYBINS)

# libFuzzer: every target for FUZZ_TIME seconds on its corpus (tests/fuzz/corpus/NAME).
fuzz: deps
	@FUZZ=1 sh tests/deps.sh
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	  OPT='-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer' XWARN=-Wno-format-nonliteral \
	  build-fuzz/reformgen
	@mkdir -p build-fuzz/bin
	@set -e; for src in $(FUZZSRCS); do \
	  name=$$(basename $$src .c); \
	  clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
	    -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -Igenerator \
	    -o build-fuzz/bin/$$name $$src $(LIBSRCS:generator/%.c=build-fuzz/%.o) $(LDLIBS); \
	  mkdir -p tests/fuzz/corpus/$${name#fuzz_} build-fuzz/corpus-$${name#fuzz_}; \
	  echo "== $$name ($(FUZZ_TIME) s)"; \
	  build-fuzz/bin/$$name -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=60 -rss_limit_mb=2048 \
	    -print_final_stats=1 build-fuzz/corpus-$${name#fuzz_} tests/fuzz/corpus/$${name#fuzz_} \
	    2>&1 | tail -15; \
	done

# The test suite: once as built, once under ASan+UBSan (separate build folder).
check: deps
	$(MAKE) --no-print-directory check-plain
	$(MAKE) --no-print-directory check-asan
	@sh tests/summary.sh $(BUILD)/results.txt build-asan/results.txt

check-plain: reformgen units
	@sh tests/run.sh $(BUILD) ./reformgen > $(BUILD)/results.txt; st=$$?; cat $(BUILD)/results.txt; exit 0

check-asan:
	$(MAKE) --no-print-directory BUILD=build-asan OPT='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  LDFLAGS='-fsanitize=address,undefined' build-asan/reformgen units
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run.sh build-asan build-asan/reformgen > build-asan/results.txt; cat build-asan/results.txt; exit 0

bench: deps reformgen
	@BENCH=1 sh tests/deps.sh
	sh tests/bench/bench.sh

# Representative runs under valgrind's memcheck (zero errors, zero leaks); by hand.
check-valgrind: deps reformgen
	@VALGRIND=1 sh tests/deps.sh
	sh tests/robust/valgrind.sh

install: reformgen
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/reformgen/templates \
	  $(DESTDIR)$(PREFIX)/share/reformgen/fonts $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 reformgen $(DESTDIR)$(PREFIX)/bin/reformgen
	cp -R templates/. $(DESTDIR)$(PREFIX)/share/reformgen/templates/
	cp -R fonts/. $(DESTDIR)$(PREFIX)/share/reformgen/fonts/
	install -m 644 generator/reformgen.1 $(DESTDIR)$(PREFIX)/share/man/man1/reformgen.1

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/reformgen $(DESTDIR)$(PREFIX)/share/reformgen \
	  $(DESTDIR)$(PREFIX)/share/man/man1/reformgen.1

clean:
	rm -rf $(BUILD) build-asan build-fuzz reformgen out tests/tmp
