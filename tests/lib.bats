#!/usr/bin/env bats
# lib.bats -- the unit tests of lib/: each tests/unit/NAME.c is one
# program, built as unit-NAME in SLUICE_BIN (bin/, or build/san/bin for
# the sanitizer build), run by one @test below.

load helpers

# unit NAME: run unit-NAME from SLUICE_BIN, which must have been built.
unit() {
	if [ ! -x "$SLUICE_BIN/unit-$1" ]; then
		echo "$SLUICE_BIN/unit-$1 is not built (make check builds it)" >&2
		return 1
	fi
	run "$SLUICE_BIN/unit-$1"
	# On failure bats shows what the test printed: the failed checks.
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
}

@test "lib: every tests/unit/*.c has its @test in lib.bats" {
	local f name missing=
	for f in "$BATS_TEST_DIRNAME"/unit/*.c; do
		name=$(basename "$f" .c)
		grep -q "^	unit $name\$" "$BATS_TEST_FILENAME" ||
		    missing="$missing $name"
	done
	if [ -n "$missing" ]; then
		echo "tests/unit/ programs that lib.bats does not run:$missing" >&2
		return 1
	fi
}

@test "lib: core/strbuf, the growable buffer" {
	unit strbuf
}

@test "lib: core/base64, RFC 4648 vectors" {
	unit base64
}

@test "lib: core/hash, FNV-1a vectors and the finaliser" {
	unit hash
}

@test "lib: core/map against a brute-force model" {
	unit map
}

@test "lib: time/timefmt, parsing and RFC 3339 formatting" {
	unit time
}

@test "lib: time/duration" {
	unit duration
}

@test "lib: json/scan, documents, lookups in place, escapes" {
	unit scan
}

@test "lib: json/jsonw, shortest round-trip reals and strings" {
	unit jsonw
}

@test "lib: json/path" {
	unit path
}

@test "lib: json/record, fields and in-place edits" {
	unit record
}

@test "lib: json/canon, canonical values and their order" {
	unit canon
}

@test "lib: ckpt, state files with generations, acknowledgements" {
	unit ckpt
}

@test "lib: stream/stream, every builder read back" {
	unit stream
}

@test "lib: agg/window against a brute-force model" {
	unit window
}

@test "lib: expr, evaluations through the public API" {
	unit expr
}

@test "lib: agg, each function against an independent computation" {
	unit agg
}

@test "lib: agg/sketch, mergeable summaries against exact answers" {
	unit sketch
}

@test "lib: schema/decimal, exact numbers" {
	unit schema_decimal
}

@test "lib: schema/format, the format checkers" {
	unit schema_format
}

@test "lib: regex, PCRE2 dialects, counted subjects, limits, groups" {
	unit regex
}

@test "lib: regex/ecma, ECMA-262 patterns of JSON Schema on PCRE2" {
	unit regex_ecma
}

@test "lib: schema/uri, reference resolution" {
	unit schema_uri
}

@test "lib: schema/value and pointer" {
	unit schema_value
}

@test "lib: report/merge, values kept whole, rules applied late" {
	unit report_merge
}

@test "lib: report/model and view" {
	unit report_model
}

@test "lib: report/points, chart points merged to fit" {
	unit report_points
}

@test "lib: report/rows, row texts" {
	unit report_rows
}

@test "lib: report/table, widths and numbers" {
	unit table
}
