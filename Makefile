# sluice -- one non-recursive Makefile for the six tools.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DESTDIR	?=

CC	?= cc
CFLAGS	?= -O2 -g
WARN	= -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wno-unused-parameter
STD	= -std=c11 -D_XOPEN_SOURCE=700
PKG_CONFIG ?= pkg-config
JANSSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags jansson 2>/dev/null)
JANSSON_LIBS   = $(shell $(PKG_CONFIG) --libs jansson 2>/dev/null || echo -ljansson)
PCRE2_CFLAGS   = $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS     = $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)
ZLIB_CFLAGS    = $(shell $(PKG_CONFIG) --cflags zlib 2>/dev/null)
ZLIB_LIBS      = $(shell $(PKG_CONFIG) --libs zlib 2>/dev/null || echo -lz)
ZSTD_CFLAGS    = $(shell $(PKG_CONFIG) --cflags libzstd 2>/dev/null)
ZSTD_LIBS      = $(shell $(PKG_CONFIG) --libs libzstd 2>/dev/null || echo -lzstd)
DEP_CFLAGS     = $(JANSSON_CFLAGS) $(PCRE2_CFLAGS) $(ZLIB_CFLAGS) $(ZSTD_CFLAGS)
# -pthread: a compressed file is decompressed on a thread of its own.
DEP_LIBS       = $(JANSSON_LIBS) $(PCRE2_LIBS) $(ZLIB_LIBS) $(ZSTD_LIBS) -lm -pthread

TOOLS	= ingest validate window aggregate alert report
BUILT	= $(filter $(TOOLS),$(basename $(notdir $(wildcard cmd/*.c))))
# The bundled formats of ingest (-f postgres ...): the format files of
# lib/parse/formats, built into the library as a generated C file.
FMTS	= $(wildcard lib/parse/formats/*.fmt)
GENSRC	= build/gen/formats.c
LIBSRC	= $(wildcard lib/*/*.c) $(wildcard cmd/runtime/*.c) $(GENSRC)
HDR	= $(wildcard lib/*/*.h) $(wildcard cmd/runtime/*.h)

# Two builds side by side: the normal one and the sanitizer one.
O	= build/obj
S	= build/san
BIN	= $(BUILT:%=bin/%)
SANBIN	= $(BUILT:%=$(S)/bin/%)
LIBOBJ	= $(LIBSRC:%.c=$(O)/%.o)
SANOBJ	= $(LIBSRC:%.c=$(S)/%.o)
# The sanitizer build uses clang, not the normal build's compiler:
# clang's -fsanitize=undefined checks what gcc's does not (NULL + 0,
# float-to-integer conversions out of range), and its ASan and
# LeakSanitizer are the same runtimes as gcc's.  One sanitizer build,
# not a second, keeps make check within its time on two cores; the
# normal build (gcc by default) keeps gcc's warnings under -Werror, and
# the sanitizer build adds clang's.  SANCC=gcc gives the gcc sanitizer
# build (make clean first: both would share build/san).
SANCC	?= clang
SANFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined

ALL_CFLAGS = $(STD) -pthread -Ilib -Icmd $(DEP_CFLAGS) $(WARN) $(WERROR) $(CPPFLAGS) $(CFLAGS)

.PHONY: all check test sanitize fuzz fuzz-build fuzz-smoke deps demo bench \
	bench-all bench-build \
	install uninstall clean lint layers
.SUFFIXES:
.SECONDARY:

all: $(BIN)

$(GENSRC): $(FMTS) lib/parse/formats/embed.sh
	@mkdir -p $(@D)
	sh lib/parse/formats/embed.sh $(FMTS) > $@.tmp && mv $@.tmp $@

$(O)/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(O)/libsluice.a: $(LIBOBJ)
	rm -f $@
	$(AR) rc $@ $(LIBOBJ)
bin/%: $(O)/cmd/%.o $(O)/libsluice.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(O)/libsluice.a $(DEP_LIBS)

$(S)/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(SANCC) $(STD) -Ilib -Icmd $(DEP_CFLAGS) $(WARN) $(WERROR) $(SANFLAGS) -c -o $@ $<
$(S)/libsluice.a: $(SANOBJ)
	rm -f $@
	$(AR) rc $@ $(SANOBJ)
$(S)/bin/%: $(S)/cmd/%.o $(S)/libsluice.a
	@mkdir -p $(@D)
	$(SANCC) $(SANFLAGS) -o $@ $< $(S)/libsluice.a $(DEP_LIBS)

# Generator of demo and benchmark data.
bin/sluice-gen: bench/gen.c
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARN) $(WERROR) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -lm

# Unit tests: tests/unit/NAME.c -> bin/unit-NAME, one program per module.
UNITS	= $(patsubst tests/unit/%.c,bin/unit-%,$(wildcard tests/unit/*.c))
SANUNITS = $(patsubst tests/unit/%.c,$(S)/bin/unit-%,$(wildcard tests/unit/*.c))
bin/unit-%: tests/unit/%.c tests/unit/check.h $(O)/libsluice.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libsluice.a $(DEP_LIBS)
$(S)/bin/unit-%: tests/unit/%.c tests/unit/check.h $(S)/libsluice.a
	@mkdir -p $(@D)
	$(SANCC) $(STD) -Ilib -Icmd $(DEP_CFLAGS) $(WARN) $(WERROR) $(SANFLAGS) -o $@ $< $(S)/libsluice.a $(DEP_LIBS)

# Test drivers: tests/NAME.c -> bin/sluice-NAME (expr.c).
DRIVERS	= $(patsubst tests/%.c,bin/sluice-%,$(wildcard tests/*.c))
SANDRIVERS = $(patsubst tests/%.c,$(S)/bin/sluice-%,$(wildcard tests/*.c))
bin/sluice-%: tests/%.c $(O)/libsluice.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libsluice.a $(DEP_LIBS)
$(S)/bin/sluice-%: tests/%.c $(S)/libsluice.a
	@mkdir -p $(@D)
	$(SANCC) $(STD) -Ilib -Icmd $(DEP_CFLAGS) $(WARN) $(WERROR) $(SANFLAGS) -o $@ $< $(S)/libsluice.a $(DEP_LIBS)

# Fuzz targets: tests/fuzz/NAME.c -> build/fuzz/bin/fuzz-NAME, each a
# libFuzzer harness over lib/ with ASan and UBSan, so built by clang
# (FUZZCC) over a third build of lib/ with coverage instrumentation.
# make fuzz replays the crashes kept in tests/fuzz/regress/ and then
# runs each target for FUZZ_TIME seconds, one after the other; make
# fuzz-smoke (part of make check) does so for FUZZ_SMOKE_TIME seconds
# each and fails on any crash.  See tests/fuzz/README.
F	= build/fuzz
FUZZCC	?= clang
FUZZ_TIME ?= 600
FUZZ_SMOKE_TIME ?= 20
FUZZFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	    -fno-sanitize-recover=undefined
FUZZ_CFLAGS = $(STD) -Ilib -Icmd $(DEP_CFLAGS) $(WARN) $(WERROR) $(FUZZFLAGS)
FUZZOBJ	= $(LIBSRC:%.c=$(F)/%.o)
FUZZBIN	= $(patsubst tests/fuzz/%.c,$(F)/bin/fuzz-%,$(wildcard tests/fuzz/*.c))

$(F)/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
$(F)/libsluice.a: $(FUZZOBJ)
	rm -f $@
	$(AR) rc $@ $(FUZZOBJ)
$(F)/bin/fuzz-%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(F)/libsluice.a
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(F)/libsluice.a \
	    $(DEP_LIBS)

fuzz-build: $(FUZZBIN)

fuzz: deps fuzz-build
	FUZZ_TIME=$(FUZZ_TIME) sh tests/fuzz/run.sh

fuzz-smoke: deps fuzz-build
	FUZZ_TIME=$(FUZZ_SMOKE_TIME) sh tests/fuzz/run.sh --smoke

# Install what is missing on a Debian machine (apt-get; sudo unless root).
deps:
	@sh .ci/deps

# Everything: the suite on the normal build, then under ASan+UBSan
# (clang), then each fuzz target for FUZZ_SMOKE_TIME seconds.  The
# suite holds the unit programs (lib.bats) and the layout checks
# (layout.bats: make layers, reserved keys, file sizes).  With CI=true a
# skipped test fails unless tests/skip-allowed lists its reason.  The
# tests are parallel-safe (each keeps to its own BATS_TEST_TMPDIR);
# BATS_JOBS=1 runs them one at a time.
BATS_JOBS ?= 2
BATS	= bats $(BATS_JOBS:%=-j %)

check: deps
	$(MAKE) WERROR=-Werror all $(DRIVERS) $(UNITS) bin/sluice-gen
	$(BATS) tests
	$(MAKE) sanitize
	$(MAKE) WERROR=-Werror fuzz-smoke

test: all $(DRIVERS) $(UNITS) bin/sluice-gen
	$(BATS) tests

sanitize: deps
	$(MAKE) WERROR=-Werror all $(SANBIN) $(SANDRIVERS) $(SANUNITS) \
	    bin/sluice-gen
	SLUICE_BIN=$(CURDIR)/$(S)/bin SLUICE_SANITIZED=1 \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(BATS) tests

# The demo: a generated day of web traffic through the whole pipeline.
DEMO_RULES  = man/examples/access.rules.json
DEMO_SCHEMA = man/examples/access.schema.json
demo: deps all bin/sluice-gen
	@mkdir -p demo
	bin/sluice-gen access --seed 1 > demo/access.log
	bin/ingest -f combined --reject demo/rejects.ndjson demo/access.log \
	    | bin/validate --schema $(DEMO_SCHEMA) --reject demo/invalid.ndjson \
	    | bin/window --tumbling 10m \
	    | bin/aggregate --by host \
	        --by-expr 'class=str(floor(status / 100)) + "xx"' \
	        -a count,p95:request_time,sum:bytes \
	    | bin/alert --rules $(DEMO_RULES) --pass > demo/stream.ndjson
	bin/report -f html -g host,class -o demo/report.html \
	    --title 'sluice demo: a day of web traffic' \
	    demo/stream.ndjson demo/rejects.ndjson demo/invalid.ndjson
	@bin/report -g host,class demo/stream.ndjson demo/rejects.ndjson \
	    demo/invalid.ndjson | sed '/^Windows$$/,/^$$/d'
	@echo
	@echo "demo/report.html: the report with charts; demo/stream.ndjson: the"
	@echo "rows and alerts; demo/rejects.ndjson: the $$(wc -l < demo/rejects.ndjson) log lines ingest could not read."

# The speed table (bench/speed.sh, bench/README.md): every job, sluice
# against its peers and the simdjson floor, over N events (default
# 1,000,000; make bench N=20000 is a quick run).  bench/deps installs
# the peers and libsimdjson-dev; the floor (bench/floor.cpp) is built
# for comparison only, never linked into the tools, and skipped with a
# note when g++ or libsimdjson-dev is missing.  make bench-all runs
# every benchmark of bench/ (bench/run.sh).
B	= build/bench
SIMDJSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags simdjson 2>/dev/null)
SIMDJSON_LIBS   = $(shell $(PKG_CONFIG) --libs simdjson 2>/dev/null || echo -lsimdjson)
$(B)/timeit: bench/timeit.c
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARN) $(WERROR) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<
$(B)/floor: bench/floor.cpp
	@mkdir -p $(@D)
	$(CXX) -std=c++17 -O2 -Wall -Wextra $(CPPFLAGS) $(SIMDJSON_CFLAGS) \
	    $(LDFLAGS) -o $@ $< $(SIMDJSON_LIBS)

bench-build: deps all bin/sluice-gen $(B)/timeit
	@sh bench/deps || echo "bench: bench/deps failed: what is missing is skipped"
	@if $(PKG_CONFIG) --exists simdjson && command -v $(CXX) >/dev/null; \
	then $(MAKE) --no-print-directory $(B)/floor; \
	else echo "bench: no $(CXX) or libsimdjson-dev: the simdjson floor is skipped"; fi

bench: bench-build
	@sh bench/speed.sh $(N)

bench-all: bench-build
	@sh bench/run.sh

lint:
	mandoc -Tlint -Wwarning man/*.1 man/*.7

DOCDIR	?= $(PREFIX)/share/doc/sluice
EXAMPLES = $(wildcard man/examples/*.json man/examples/*.service)
FMTDIR	?= $(PREFIX)/share/sluice/formats

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DOCDIR)/examples
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)
	install -m 644 $(BUILT:%=man/%.1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/sluice.7 $(DESTDIR)$(MANDIR)/man7
	install -m 644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples
	install -d $(DESTDIR)$(FMTDIR)
	install -m 644 $(FMTS) $(DESTDIR)$(FMTDIR)

uninstall:
	rm -f $(BUILT:%=$(DESTDIR)$(BINDIR)/%) $(BUILT:%=$(DESTDIR)$(MANDIR)/man1/%.1) \
	    $(DESTDIR)$(MANDIR)/man7/sluice.7 \
	    $(EXAMPLES:man/examples/%=$(DESTDIR)$(DOCDIR)/examples/%) \
	    $(FMTS:lib/parse/formats/%=$(DESTDIR)$(FMTDIR)/%)
	-rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) \
	    $(DESTDIR)$(FMTDIR) $(DESTDIR)$(FMTDIR:%/formats=%) 2>/dev/null

clean:
	rm -rf build bin

# The layer order of lib/ (lib/README): no include or call goes up, no cycle.
layers: $(LIBOBJ)
	@sh tests/layers.sh $(O)
