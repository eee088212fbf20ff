#!/usr/bin/env bats
# faults.bats -- every tool under faults and odd input: the reader going
# away, a full disk, SIGTERM mid-stream, operands that cannot be read, a
# byte order mark.  The six tools are run each time (sluice(7), SHARED
# BEHAVIOUR).
#
# Background jobs are started with 3>&- (or bats waits for them) and
# killed in teardown if a test failed half way.  Waits are bounded.

load helpers

# The six tools.
TOOLS="ingest validate window aggregate alert report"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	JOBS=()
}

teardown() {
	kill_jobs
}

# records N FILE: N timed records, one a second, of 60 to 260 bytes
# (lines of one length would let reads end on line ends).
records() {
	awk -v n="$1" 'BEGIN {
		pad = sprintf("%200s", ""); gsub(/ /, "x", pad)
		for (i = 1; i <= n; i++)
			printf "{\"n\":%d,\"x\":\"%s\",\"@timestamp\":\"2026-01-01T%02d:%02d:%02dZ\"}\n",
			    i, substr(pad, 1, (i * 7919) % 201), int(i / 3600) % 24,
			    int(i / 60) % 60, i % 60
	}' > "$2"
}

# Fail unless file $1 is empty or ends with a newline, and every line of
# it is one JSON value (a partial line is not).
whole_json_lines() {
	[ ! -s "$1" ] || [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ]
	jq -c . "$1" > /dev/null
}

@test "faults: '| head -1' ends every tool quietly" {
	records 100000 big
	for t in $TOOLS; do
		# Ended by SIGPIPE (141 under pipefail) or done: nothing said.
		run pipeline "$t $(args_for "$t") big 2> err | head -1 > /dev/null"
		[ "$status" -eq 0 ] || [ "$status" -eq 141 ]
		assert_eq "$(cat err)" ""
	done
}

@test "faults: a full stdout is exit 2 with one message, for every tool" {
	[ -w /dev/full ] || skip "no /dev/full here"
	records 3 small
	records 20000 big
	for t in $TOOLS; do
		# At the final flush, and when the buffer fills long before.
		for f in small big; do
			run -2 --separate-stderr pipeline "$t $(args_for "$t") $f > /dev/full"
			assert_eq "$stderr" "$t: write error on stdout: No space left on device"
		done
	done
}

@test "faults: a full --reject, --late or -o file is exit 2 with a message" {
	[ -w /dev/full ] || skip "no /dev/full here"
	records 3 in
	printf 'not json\n' >> in
	for t in ingest validate window aggregate alert; do
		run -2 --separate-stderr pipeline "$t $(args_for "$t") --reject /dev/full in > out"
		assert_eq "$stderr" "$t: write error on /dev/full: No space left on device"
	done
	# A record 10 minutes late into a full --late file.
	printf '%s\n' '{"@timestamp":"2026-01-01T00:10:00Z"}' \
	    '{"@timestamp":"2026-01-01T00:00:00Z"}' > late
	run -2 --separate-stderr window --tumbling 1m --late /dev/full late
	[[ "$stderr" == *"window: write error on /dev/full: No space left on device"* ]]
	records 3 in
	run -2 --separate-stderr report -o /dev/full in
	assert_eq "$output" ""
	assert_eq "$stderr" "report: /dev/full: No space left on device"
}

@test "faults: --reject and --late through a symbolic link replace the link, never the file it names" {
	mkdir shared elsewhere
	printf 'precious\n' > elsewhere/target
	records 3 in
	printf 'not json\n' >> in
	for t in ingest validate window aggregate alert; do
		rm -f shared/link
		ln -s ../elsewhere/target shared/link
		run -1 pipeline "$t $(args_for "$t") --reject shared/link in > out"
		[ ! -L shared/link ] && [ -f shared/link ]
		assert_eq "$(jq -r '.["@raw"]' shared/link)" "not json"
		assert_eq "$(cat elsewhere/target)" precious
	done
	# A dangling link: replaced, its target never created.
	ln -s ../elsewhere/new shared/dangling
	printf '%s\n' '{"@timestamp":"2026-01-01T00:10:00Z"}' \
	    '{"@timestamp":"2026-01-01T00:00:00Z"}' > late
	run -1 window --tumbling 1m --late shared/dangling late
	[ ! -L shared/dangling ] && [ ! -e elsewhere/new ]
	assert_eq "$(jq -r '.["@timestamp"]' shared/dangling)" "2026-01-01T00:00:00Z"
	# The name of one of our descriptors is written through.
	run -1 pipeline "validate --reject /dev/fd/3 in 3> via-fd3 > out"
	assert_eq "$(jq -r '.["@raw"]' via-fd3)" "not json"
	assert_eq "$(ls -A elsewhere)" target
}

@test "faults: SIGTERM mid-line on a pipe: whole lines out, no spurious reject" {
	records 3 in
	for t in $TOOLS; do
		rm -f fifo out rej err
		mkfifo fifo
		if [ "$t" = report ]; then
			report fifo > out 2> err 3>&- &
		else
			"$t" $(args_for "$t") --reject rej fifo > out 2> err 3>&- &
		fi
		pid=$!
		JOBS+=("$pid")
		exec {w}> fifo
		# Three records and the first half of a fourth, all read.
		cat in >&"$w"
		printf '{"n":4,"@timest' >&"$w"
		wait_for "[ \"\$(rchar $pid)\" -ge $(($(wc -c < in) + 15)) ]" 5
		kill -TERM "$pid"
		wait_for "ended $pid" 5
		status=0
		wait "$pid" || status=$?
		exec {w}>&-
		assert_eq "$t $status" "$t 143"
		# The half line is neither a record nor a reject.
		assert_eq "$t: $(cat err)" "$t: "
		[ ! -s rej ]
		if [ "$t" = report ]; then
			[ ! -s out ] || [ "$(tail -c 1 out | od -An -c | tr -d ' ')" = '\n' ]
		else
			whole_json_lines out
		fi
		if [ "$t" = ingest ] || [ "$t" = validate ]; then
			run jq -c .n out
			assert_eq "$output" $'1\n2\n3'
		fi
	done
}

@test "faults: SIGTERM while a file is read: whole lines out, no spurious reject" {
	records 100000 big
	for t in ingest validate window; do
		rm -f o out rej err
		mkfifo o
		"$t" $(args_for "$t") --reject rej big > o 2> err 3>&- &
		pid=$!
		JOBS+=("$pid")
		# Nobody reads its output yet: it blocks mid-file, with a read
		# buffer that ends inside a line; then comes the signal.
		exec {r}< o
		wait_for "[ \"\$(rchar $pid)\" -gt 0 ]" 5
		kill -TERM "$pid"
		cat <&"$r" > out
		exec {r}<&-
		wait_for "ended $pid" 5
		status=0
		wait "$pid" || status=$?
		assert_eq "$t $status" "$t 143"
		assert_eq "$t: $(cat err)" "$t: "
		[ ! -s rej ]
		whole_json_lines out
		n=$(jq -c 'select(.n) | .n' out | wc -l)
		[ "$n" -gt 0 ] && [ "$n" -lt 100000 ]
		# The first n records of the file, in order, none left out.
		run -0 pipeline "jq -c 'select(.n) | .n' out | cmp - <(seq 1 $n)"
	done
}

@test "faults: unreadable operands are named, exit 2, the others still read" {
	printf '%s\n' '{"x":1,"@timestamp":"2026-01-01T00:00:00Z"}' > a
	printf '%s\n' '{"x":2,"@timestamp":"2026-01-01T00:00:01Z"}' > b
	mkdir dir
	for t in $TOOLS; do
		run -2 --separate-stderr "$t" $(args_for "$t") --stats a missing dir b
		[[ "$stderr" == *"$t: missing: No such file or directory"* ]]
		[[ "$stderr" == *"$t: dir: Is a directory"* ]]
		# Both readable files were read.
		assert_eq "$t $(stat_of lines_in)" "$t 2"
	done
	# A file that opens but cannot be read: the read error is named.
	[ -e /proc/self/mem ] || return 0
	for t in $TOOLS; do
		run -2 --separate-stderr "$t" $(args_for "$t") --stats a /proc/self/mem b
		[[ "$stderr" == *"$t: /proc/self/mem: read: Input/output error"* ]]
		assert_eq "$t $(stat_of lines_in)" "$t 2"
	done
}

@test "faults: a UTF-8 byte order mark starts a file, not its first line" {
	need_repro bom.ndjson
	# The reproducer: both records read by every tool, none rejected
	# (a reject would be exit 1 and a message).
	for t in $TOOLS; do
		run -0 --separate-stderr "$t" $(args_for "$t") --stats "$REPRO/bom.ndjson"
		assert_eq "$stderr" "$(printf '%s\n' "$stderr" | grep "^$t: stats: lines_in=2 ")"
	done
	run -0 --separate-stderr ingest --stats "$REPRO/bom.ndjson"
	assert_eq "$(printf '%s\n' "$output" | jq -c .a)" $'1\n2'
	run -0 validate "$REPRO/bom.ndjson"
	assert_eq "$output" "$(tail -c +4 "$REPRO/bom.ndjson")"
	# -f auto sees the text after it: NDJSON, not CSV.
	run -0 --separate-stderr ingest -f auto --stats "$REPRO/bom.ndjson"
	assert_eq "$(printf '%s\n' "$output" | jq -c .a)" $'1\n2'
	# At the start of each file (and on stdin), and only there: a BOM
	# inside a file is text.
	printf '\xef\xbb\xbfa=1 b=2\n' > one.log
	printf '\xef\xbb\xbfa=3 b=4\n\xef\xbb\xbfa=5 b=6\n' > two.log
	run -0 --separate-stderr ingest -f auto -t none one.log two.log
	assert_eq "$output" "$(printf '{"a":1,"b":2}\n{"a":3,"b":4}\n{"\xef\xbb\xbfa":5,"b":6}')"
	run -0 pipeline "cat two.log | ingest -f logfmt -t none | head -1"
	assert_eq "$output" '{"a":3,"b":4}'
	# A file that is only a BOM is an empty file.
	printf '\xef\xbb\xbf' > only
	for t in $TOOLS; do
		run -0 --separate-stderr "$t" $(args_for "$t") --stats only
		assert_eq "$t $(stat_of lines_in)" "$t 0"
	done
}
