# reformgen: county Youth League reform data -> print-ready PDF documents.
#
#   make            build ./reformgen
#   make deps       install the Debian packages the build, fonts and tests need
#   make demo       render the samples into out/
#   make check      build and run every test (plain and sanitized); ends
#                   "expected E, ran R, passed P, failed F, skipped S"
#   make check-readers  the checks by slow outside readers (LibreOffice, Chromium, qemu)
#   make check-heavy    huge inputs and memory limits
#   make install    PREFIX=/usr/local DESTDIR=
#   make po         refresh the message template and catalogues (generator/po/)
#   make bench      benchmarks (not part of check)

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    = build
# compile jobs for the check targets' builds (the tests run in parallel on their own)
BUILD_JOBS = $(shell nproc 2>/dev/null || echo 2)
VERSION  := 0.1.0
CC       ?= cc

PKGS     := libxml-2.0 libcjson libdeflate libpng nettle minizip xlsxwriter harfbuzz harfbuzz-subset
TEST_PKGS := harfbuzz

# Everything computed from installed packages comes from build/config.mk, made
# after tests/deps.sh has installed them: when it is missing (a fresh clone) or
# older than deps.sh or this file, make runs deps.sh, writes it, and reads the
# whole Makefile again. Goals that need no compiler do not make it.
.DEFAULT_GOAL := all
CONFIG   := build/config.mk
ifneq ($(filter-out deps clean uninstall,$(or $(MAKECMDGOALS),all)),)
include $(CONFIG)
endif
$(CONFIG): tests/deps.sh Makefile
	@sh tests/deps.sh
	@mkdir -p $(@D)
	@{ echo 'PKG_CFLAGS := '"$$(pkg-config --cflags $(PKGS))"; \
	   echo 'PKG_LIBS_ := '"$$(pkg-config --libs $(PKGS))"; \
	   echo 'TEST_CFLAGS := '"$$(pkg-config --cflags $(TEST_PKGS))"; \
	   echo 'TEST_LIBS := '"$$(pkg-config --libs $(TEST_PKGS))"; \
	   echo 'XLSXWRITER_SONAME := '"$$(objdump -p "$$($(CC) -print-file-name=libxlsxwriter.so)" | awk '$$1 == "SONAME" { print $$2 }')"; } > $@.tmp
	@mv $@.tmp $@

# libhpdf ships no .pc file in Debian 12: plain -lhpdf. Every library is
# linked shared, as Debian ships it, so that its security updates apply.
# libxlsxwriter is opened when a workbook is written (xlsxlib.c), not linked:
# only its headers and its soname are taken here.
PKG_LIBS   = $(filter-out -lxlsxwriter,$(PKG_LIBS_)) -lhpdf -lm
# The unit tests check font subsets against the faces with HarfBuzz
# (TEST_CFLAGS, TEST_LIBS in the config).

WARN := -Wall -Wextra -Werror -Wshadow -Wundef -Wwrite-strings -Wmissing-prototypes \
        -Wstrict-prototypes -Wpointer-arith -Wcast-qual -Wformat=2 -Wvla \
        -Wno-unused-parameter
OPT      ?= -O2 -g
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) $(XWARN) $(PKG_CFLAGS) \
            -DREFORMGEN_VERSION='"$(VERSION)"' -DREFORMGEN_DATADIR='"$(PREFIX)/share/reformgen"' \
            -DXLSXWRITER_SONAME='"$(XLSXWRITER_SONAME)"'
LDLIBS   += $(PKG_LIBS)

SRCS     := $(sort $(wildcard generator/*.c))
LIBSRCS  := $(filter-out generator/main.c,$(SRCS))
OBJS     := $(SRCS:generator/%.c=$(BUILD)/%.o)
LIBOBJS  := $(LIBSRCS:generator/%.c=$(BUILD)/%.o)
UNITSRCS := $(sort $(wildcard tests/unit/*.c))
UNITBINS := $(UNITSRCS:tests/unit/%.c=$(BUILD)/tests/%)
FUZZSRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAYBINS := $(FUZZSRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_TIME ?= 60
# Message catalogues (gettext): generator/po/LANG.po compiled into
# BUILD/locale/LANG/LC_MESSAGES/reformgen.mo, where the program looks first
POFILES  := $(sort $(wildcard generator/po/*.po))
MOFILES  := $(POFILES:generator/po/%.po=$(BUILD)/locale/%/LC_MESSAGES/reformgen.mo)

.PHONY: all po deps demo check check-plain check-asan check-readers check-heavy check-valgrind units install uninstall bench fuzz clean

all: reformgen

reformgen: $(BUILD)/reformgen
	cp $< $@

$(BUILD)/reformgen: $(OBJS) | $(MOFILES)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: generator/%.c | $(BUILD)
	$(CC) $(CFLAGS) -Igenerator -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS) | $(BUILD)/tests
	$(CC) $(CFLAGS) -Igenerator -MMD -MP -o $@ $< $(LIBOBJS) $(LDLIBS)

# Fuzz targets built with an ordinary main that replays the corpora (make check).
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(LIBOBJS) | $(BUILD)/fuzz
	$(CC) $(CFLAGS) -Igenerator -MMD -MP -o $@ $< tests/fuzz/replay.c $(LIBOBJS) $(LDLIBS)

$(BUILD) $(BUILD)/tests $(BUILD)/fuzz:
	mkdir -p $@

$(BUILD)/locale/%/LC_MESSAGES/reformgen.mo: generator/po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@.tmp $<
	@mv $@.tmp $@

# The message template from the marked strings: _, N_, and the format of
# every function that adds a diagnostic (generator/po/xgettext-options names
# them; diag.c and the wrappers translate the format), less the bare formats
# of generator/po/exclude.pot ("%s"); merged into every catalogue, new
# messages come in untranslated.
po:
	xgettext --from-code=UTF-8 $$(cat generator/po/xgettext-options) -x generator/po/exclude.pot \
	  --add-comments=TRANSLATORS: --package-name=reformgen --package-version=$(VERSION) \
	  --sort-by-file -o generator/po/reformgen.pot $(SRCS)
	@for po in $(POFILES); do msgmerge --quiet --update --backup=none $$po generator/po/reformgen.pot; done

-include $(OBJS:.o=.d) $(UNITBINS:=.d) $(REPLAYBINS:=.d)

# Installs what is missing, and does nothing (in about a second) when all is there.
deps:
	@sh tests/deps.sh

demo: deps reformgen
	./reformgen -o out samples/*.json

units: $(UNITBINS) $(REPLAYBINS)

# libFuzzer: every target (tests/fuzz/fuzz_*.c) for FUZZ_TIME seconds on its
# corpus (tests/fuzz/corpus/NAME, which make check replays); new inputs go to
# build-fuzz/corpus-NAME, findings to build-fuzz/findings-NAME/ with the log
# in build-fuzz/NAME.log. Fails when any target found something.
fuzz: deps
	@FUZZ=1 sh tests/deps.sh
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	  OPT='-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer' XWARN=-Wno-format-nonliteral \
	  build-fuzz/reformgen
	@mkdir -p build-fuzz/bin
	@st=0; for src in $(FUZZSRCS); do \
	  name=$$(basename $$src .c); n=$${name#fuzz_}; \
	  clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
	    -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -Igenerator \
	    -o build-fuzz/bin/$$name $$src $(LIBSRCS:generator/%.c=build-fuzz/%.o) $(LDLIBS) || exit 1; \
	  mkdir -p tests/fuzz/corpus/$$n build-fuzz/corpus-$$n build-fuzz/findings-$$n; \
	  echo "== $$name ($(FUZZ_TIME) s)"; \
	  if build-fuzz/bin/$$name -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=60 -rss_limit_mb=2048 \
	       -print_final_stats=1 -artifact_prefix=build-fuzz/findings-$$n/ \
	       build-fuzz/corpus-$$n tests/fuzz/corpus/$$n > build-fuzz/$$name.log 2>&1; then \
	    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)' build-fuzz/$$name.log; \
	    echo "   no findings"; \
	  else \
	    tail -40 build-fuzz/$$name.log; echo "FINDING in $$name: build-fuzz/findings-$$n/, build-fuzz/$$name.log"; st=1; \
	  fi; \
	done; exit $$st

# The test suite, its test files run in parallel (tests/run.sh). The same suite
# under ASan+UBSan (a separate build folder) is check-asan: several times
# slower, it runs in CI after check (.ci/run) and before a merge.
check: deps
	$(MAKE) --no-print-directory -j$(BUILD_JOBS) check-plain

check-plain: reformgen units
	@sh tests/run.sh $(BUILD) ./reformgen > $(BUILD)/results.txt; st=$$?; cat $(BUILD)/results.txt; exit $$st

check-asan: deps
	$(MAKE) --no-print-directory -j$(BUILD_JOBS) BUILD=build-asan OPT='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  LDFLAGS='-fsanitize=address,undefined' build-asan/reformgen units
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run.sh build-asan build-asan/reformgen > build-asan/results.txt; st=$$?; cat build-asan/results.txt; exit $$st

# Checks by outside readers that are slow to start (LibreOffice, Chromium,
# qemu): tests/readers/*.sh, with the same protocol as make check.
check-readers: deps reformgen
	@READERS=1 sh tests/deps.sh
	@sh tests/run.sh $(BUILD) ./reformgen readers > $(BUILD)/readers.txt; st=$$?; cat $(BUILD)/readers.txt; exit $$st

# Huge inputs and memory limits: tests/heavy/*.sh, one file at a time.
check-heavy: deps reformgen
	@HEAVY=1 sh tests/deps.sh
	@TEST_JOBS=1 sh tests/run.sh $(BUILD) ./reformgen heavy > $(BUILD)/heavy.txt; st=$$?; cat $(BUILD)/heavy.txt; exit $$st

bench: deps reformgen
	@BENCH=1 sh tests/deps.sh
	sh tests/bench/bench.sh

# Every sample, a batch, the bad-input corpus and a template fault under
# valgrind's memcheck with --error-exitcode (zero errors, zero leaks); by hand.
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
	@for mo in $(MOFILES); do \
	  d=$(DESTDIR)$(PREFIX)/share/reformgen/locale/$${mo#$(BUILD)/locale/}; \
	  install -d $${d%/*} && install -m 644 $$mo $$d; \
	done

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/reformgen $(DESTDIR)$(PREFIX)/share/reformgen \
	  $(DESTDIR)$(PREFIX)/share/man/man1/reformgen.1

clean:
	rm -rf $(BUILD) build-asan build-fuzz reformgen out tests/tmp
