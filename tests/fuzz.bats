#!/usr/bin/env bats
# fuzz.bats -- what fuzzing found, as the tools show it, and the layout
# of tests/fuzz/: every target has seeds, the regression inputs belong
# to targets, make knows them.  The targets themselves run under make
# fuzz-smoke (part of make check), not here.

load helpers

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
FZ=$ROOT/tests/fuzz

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

@test "fuzz: a bad csv header over two lines: the column is in the line rejected" {
	# Found by fuzz-parse_auto: the column counted from the header's
	# first line while the reject holds only its last.
	printf '"a\nb"x,c\n' > h.csv
	run -1 ingest -f csv -t none --reject rej h.csv
	run -0 jq -r '[.["@error"].line, .["@error"].column, .["@raw"]] | @tsv' rej
	assert_eq "$output" "$(printf '2\t3\tb"x,c')"
	# Column 3 of line 2 is the x after the closing quote.
	assert_eq "$(sed -n 2p h.csv | cut -c3)" x
	# A byte order mark is not part of the line: the column counts
	# from the text after it, as an editor shows it.
	printf '\xef\xbb\xbf"a"x,c\n' > b.csv
	run -1 ingest -f csv -t none --reject rej2 b.csv
	run -0 jq -r '.["@error"].column' rej2
	assert_eq "$output" 4
	assert_eq "$(head -1 b.csv | tail -c +4 | cut -b4)" x
}

@test "fuzz: a BSD syslog line cut after its day: the column is its end" {
	# Found by fuzz-parse_auto: column 8 on a 6-byte line.
	printf 'Sep 13\nSep 13x\nSep 13 1:00:00 h m\n' > s.log
	run -1 ingest -f syslog --reject rej s.log
	run -0 jq -r '[.["@error"].line, .["@error"].column] | @tsv' rej
	assert_eq "$output" "$(printf '1\t7\n2\t7\n3\t8')"
	# Each column is within its line, or just past its end.
	run -0 jq -r '"\(.["@error"].column) \(.["@raw"] | length)"' rej
	printf '%s\n' "$output" | awk '$1 > $2 + 1 { exit 1 }'
}

@test "fuzz: syslog years from a file time past 2262 saturate, no overflow" {
	# Found by fuzz-parse_syslog: the reference time plus a day
	# overflowed, and so did the file's mtime in ns.  Feb 28 then took
	# the year 1715.
	printf 'Feb 28 12:00:00 gw app: x\n' > far.log
	touch -d '2300-01-01' far.log
	run -0 pipeline "ingest -f syslog far.log | jq -r '.[\"@timestamp\"]'"
	assert_eq "$output" 2262-02-28T12:00:00.000Z
}

@test "fuzz: a rule's duration in seconds past int64 ns is an error" {
	# Found by clang's UBSan on fuzz-alert_rule's input: "for": 1e300
	# was converted to int64 unchecked.
	printf '%s\n' '{"name":"x","when":"a > 1","for":1e300}' > r.json
	echo '{"a":2}' > in.ndjson
	run -2 --separate-stderr alert --rules r.json in.ndjson
	[[ "$stderr" == *"rule 'x': for is too long"* ]]
	printf '%s\n' '{"name":"x","when":"a > 1","keep_firing_for":-1e300}' > r.json
	run -2 --separate-stderr alert --rules r.json in.ndjson
	[[ "$stderr" == *"keep_firing_for must not be negative"* ]]
	# In range, it is seconds: 90 fires at 1m30s, not before.
	printf '%s\n' '{"name":"x","when":"a > 1","for":90}' > r.json
	for t in 00:00:00 00:01:29 00:01:30; do
		echo '{"a":2,"@timestamp":"2026-01-01T'$t'Z"}'
	done > in.ndjson
	run -0 pipeline "alert --rules r.json in.ndjson | jq -r '.[\"@alert\"] | .state + \" \" + .at'"
	assert_eq "$output" "firing 2026-01-01T00:01:30.000Z"
}

@test "fuzz: an HTML report of alerts 500 years apart: no int64 overflow" {
	# Found by fuzz-report: the time axis and the timeline subtracted
	# times more than int64 ns apart (clang UBSan: signed overflow).
	printf '%s\n' \
	    '{"@alert":{"rule":"old","state":"firing","since":"1688-11-21T16:30:00Z","at":"1688-11-21T16:40:00Z"},"host":"a"}' \
	    '{"@alert":{"rule":"new","state":"firing","since":"2026-11-21T16:30:00Z","at":"2026-11-21T16:40:00Z"},"host":"b"}' \
	    '{"@alert":{"rule":"old","state":"resolved","since":"1688-11-21T16:40:00Z","at":"2200-11-21T17:00:00Z"},"host":"a"}' \
	    > alerts.ndjson
	run -0 report -f html -o out.html alerts.ndjson
	# Both bars are drawn inside the 1000-wide chart, in time order.
	run -0 pipeline "grep -o '<rect x=\"[0-9.]*\" y=\"[0-9.]*\" width=\"[0-9.]*\"' out.html |
	    sed 's/[^0-9. ]//g' | awk '{ print \$1, \$1 + \$3 }'"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 2
	printf '%s\n' "$output" | awk '$1 < 0 || $2 > 1000 { exit 1 }
	    NR == 1 { a = $1 } NR == 2 && $1 <= a { exit 1 }'
	# The span that int64 ns cannot hold shows no duration.
	run -0 pipeline "grep -o '<td>old</td>.*</tr>' out.html"
	[[ "$output" == *'<td>2200-11-21T17:00:00Z</td><td></td>'* ]]
}

@test "fuzz: every target has seeds, a dictionary if run.sh names one" {
	local c t n d
	for c in "$FZ"/*.c; do
		t=$(basename "$c" .c)
		n=$(find "$FZ/corpus/$t" -type f 2>/dev/null | wc -l)
		[ "$n" -ge 1 ] || { echo "$t: no seed in tests/fuzz/corpus/$t" >&2; return 1; }
		grep -q "LLVMFuzzerTestOneInput" "$c"
	done
	for d in $(sed -n 's|.*echo \$F/\([a-z]*\.dict\).*|\1|p' "$FZ/run.sh"); do
		[ -s "$FZ/$d" ] || { echo "run.sh names $d, not there" >&2; return 1; }
	done
}

@test "fuzz: each folder of regress/ and corpus/ is a target's" {
	local d
	for d in "$FZ"/regress/* "$FZ"/corpus/*; do
		[ -d "$d" ] || continue
		[ -f "$FZ/$(basename "$d").c" ] ||
		    { echo "$d: no target $(basename "$d").c" >&2; return 1; }
	done
}

@test "fuzz: make knows a fuzz binary for every target" {
	run -0 env -u MAKEFLAGS -u MAKELEVEL make -C "$ROOT" -n -B -s fuzz-build
	local c
	for c in "$FZ"/*.c; do
		[[ "$output" == *"build/fuzz/bin/fuzz-$(basename "$c" .c) "* ]] ||
		    { echo "make fuzz-build does not build $(basename "$c" .c)" >&2; return 1; }
	done
}
