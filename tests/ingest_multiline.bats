#!/usr/bin/env bats
# ingest_multiline.bats -- ingest --multiline: continuation lines joined
# to the record before them, cut at a limit and flagged, every line
# accounted for; held records completed at the end of the input, when
# the input waits (-F), and never split by --state.
#
# The oracle is python3: it groups the lines by the same rule, on its
# own, and joins each group's continuation lines to the message that
# ingest gives the group's first line when read alone (no --multiline).

load helpers

JAVA=$FIX/ingest_multiline/java.log
DARWIN=syslog/elastic-beats-filebeat-system/darwin-syslog-sample.log
# Java: every line that does not start with a date continues.
NODATE='^(?!\d{4}-\d\d-\d\d )'

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	JOBS=()
}

teardown() {
	kill_jobs
}

# oracle FILE PATTERN FORMAT [MAX_LINES [MAX_BYTES]]: the records ingest
# must write, as compact jq lines, from FILE read without --multiline.
oracle() {
	ingest -f "$3" "$1" 2>/dev/null | jq -c . > alone
	python3 - "$1" "$2" alone "${4:-500}" "${5:-10485760}" <<'PY'
import json, re, sys
path, pat, alone, maxl, maxb = sys.argv[1:6]
maxl, maxb = int(maxl), int(maxb)
rx = re.compile(pat)
groups = []
for line in open(path, encoding="utf-8").read().split("\n")[:-1]:
    if groups and rx.search(line):
        g = groups[-1]
        size = len("\n".join(g["lines"]).encode()) + 1 + len(line.encode())
        if g["cut"] or len(g["lines"]) >= maxl or size > maxb:
            g["cut"] = True
        else:
            g["lines"].append(line)
    elif line.strip():
        groups.append({"lines": [line], "cut": False})
recs = [json.loads(l) for l in open(alone)]
assert len(recs) == len(groups), (len(recs), len(groups))
for r, g in zip(recs, groups):
    if len(g["lines"]) > 1:
        r["message"] = "\n".join([r["message"]] + g["lines"][1:])
    if g["cut"]:
        r["truncated"] = True
    print(json.dumps(r, separators=(",", ":"), ensure_ascii=False))
PY
}

@test "ingest --multiline: a Java stack trace joins its log4j line's message" {
	oracle "$JAVA" "$NODATE" log4j > want
	run -0 --separate-stderr ingest -f log4j --stats --multiline "$NODATE" "$JAVA"
	printf '%s\n' "$output" | jq -c . > got
	assert_same_file want got
	assert_eq "$(wc -l < got)" 5
	# The trace of the first error: 13 lines after its own.
	run -0 jq -rs '.[1].message' got
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 14
	assert_eq "$(stat_of continuation_lines)" 17
	assert_accounted
}

@test "ingest --multiline: a continuation line that is not all UTF-8 still joins, repaired" {
	# One bad byte in a trace line: before, it was rejected with the
	# lines after it, and the error's message lost its trace.
	printf '2024-03-01 10:15:03,456 ERROR [main] com.example.App: request failed\njava.lang.NullPointerException: bad \377 name\n\tat com.example.Handler.handle(Handler.java:42)\n2024-03-01 10:15:04,000 INFO  [main] com.example.App: next\n' > ml.log
	run -0 --separate-stderr ingest -f log4j --stats --multiline "$NODATE" ml.log
	assert_eq "$(printf '%s\n' "$output" | jq -c '[.message, ."@utf8_repaired"]')" "$(printf '%s\n' '["request failed\njava.lang.NullPointerException: bad \ufffd name\n\tat com.example.Handler.handle(Handler.java:42)",1]' '["next",null]' | jq -c .)"
	assert_eq "$(stat_of continuation_lines) $(stat_of rejected) $(stat_of utf8_repaired)" "2 0 1"
	# A pattern that asks for U+FFFD finds it where the bad byte is.
	printf 'Jan  1 00:00:00 h app: first\n\376 cont\nJan  1 00:00:01 h app: next\n' > s.log
	run -0 --separate-stderr ingest -f syslog --year 2020 --stats --multiline '^\x{fffd}' s.log
	assert_eq "$(printf '%s\n' "$output" | jq -r '.message' | head -2)" "$(printf 'first\n\357\277\275 cont')"
	assert_accounted
}

@test "ingest --multiline: real syslog continuation lines (leading blank), Filebeat's sample" {
	need_data "$DARWIN"
	oracle "$DATA/$DARWIN" '^\s' syslog > want
	run -0 --separate-stderr ingest -f syslog --stats --multiline '^[[:space:]]' "$DATA/$DARWIN"
	printf '%s\n' "$output" | jq -c . > got
	assert_same_file want got
	assert_eq "$(stat_of rejected)" 0
	assert_eq "$(stat_of continuation_lines)" 18
	assert_accounted
	# Without --multiline the same lines are rejects.
	run -1 --separate-stderr ingest -f syslog --stats "$DATA/$DARWIN"
	assert_eq "$(stat_of rejected)" 18
}

@test "ingest --multiline: a first line rejected takes its continuation lines into the reject" {
	# The frames alone continue: the exception's first line is not log4j.
	run -1 --separate-stderr ingest -f log4j --stats --reject rej \
	    --multiline '^\s+at |^Caused by:|^\s+\.\.\. \d+ more' "$JAVA"
	assert_eq "$(stat_of rejected)" 2
	assert_eq "$(stat_of records_out)" 5
	assert_accounted
	run -0 jq -r '.["@error"].line' rej
	assert_eq "$output" "$(printf '3\n18')"
	# The reject's raw text is its lines, as they are in the file.
	run -0 jq -r '.["@raw"]' rej
	assert_eq "$output" "$(sed -n '3,15p;18,21p' "$JAVA")"
}

@test "ingest --multiline-max-lines: past it, lines are dropped, counted, the record flagged" {
	oracle "$JAVA" "$NODATE" log4j 4 > want
	run -0 --separate-stderr ingest -f log4j --stats --multiline "$NODATE" \
	    --multiline-max-lines 4 "$JAVA"
	printf '%s\n' "$output" | jq -c . > got
	assert_same_file want got
	run -0 jq -c 'select(.truncated) | .message | split("\n") | length' got
	assert_eq "$output" "$(printf '4\n4')"
	# Dropped lines are continuation lines still: all 22 accounted for.
	assert_eq "$(stat_of continuation_lines)" 17
	assert_accounted
}

@test "ingest --multiline-max-bytes: a record is cut at the size, flagged" {
	{
		echo '2024-03-01 10:00:00,000 ERROR [main] a.B: big'
		for i in $(seq 1 40); do printf '\tat frame%02d %s\n' "$i" "$(printf '%0100d' 0)"; done
		echo '2024-03-01 10:00:01,000 INFO  [main] a.B: next'
	} > big.log
	oracle big.log "$NODATE" log4j 500 1024 > want
	run -0 --separate-stderr ingest -f log4j --stats --multiline "$NODATE" \
	    --multiline-max-bytes 1k big.log
	printf '%s\n' "$output" | jq -c . > got
	assert_same_file want got
	run -0 jq -r 'select(.truncated) | .message | split("\n") | length' got
	# 46 bytes, then frames of 113 bytes and a "\n": 8 fit in 1024.
	assert_eq "$output" 9
	assert_eq "$(stat_of continuation_lines)" 40
	assert_accounted
}

@test "ingest --multiline: a continuation line at the start of a file is a first line" {
	printf '  orphan line\nfirst\n  more\n' > s.log
	run -0 --separate-stderr ingest -f text -t none --stats --multiline '^\s' s.log
	assert_eq "$(printf '%s\n' "$output" | jq -r .message)" "$(printf '  orphan line\nfirst\n  more')"
	assert_accounted
	# syslog rejects it, with its reason.
	printf '  orphan line\nJan 12 06:30:01 host app[1]: first\n  more\n' > s.log
	run -1 --separate-stderr ingest -f syslog --stats --reject rej --multiline '^\s' s.log
	assert_eq "$(stat_of rejected)" 1
	assert_eq "$(jq -r '.["@error"].line' rej)" 1
	assert_accounted
}

@test "ingest -f auto --multiline: each file whose format takes it; of the others, said" {
	need_data "$DARWIN"
	oracle "$DATA/$DARWIN" '^\s' syslog > want
	oracle "$JAVA" "$NODATE" log4j >> want
	run -0 --separate-stderr ingest -f auto --concat --stats \
	    --multiline '^\s|^(?!\d{4}-\d\d-\d\d |\w{3} +\d+ )' "$DATA/$DARWIN" "$JAVA"
	printf '%s\n' "$output" | jq -c . > got
	assert_same_file want got
	assert_eq "$(stat_of continuation_lines)" 35
	assert_accounted
	[[ $stderr == *"$DATA/$DARWIN: reading as syslog (RFC 3164)"$'\n'* ]]
	[[ $stderr == *"$JAVA: reading as log4j"$'\n'* ]]
	# NDJSON takes none: its indented line is a record of its own.
	printf '{"@timestamp":"2024-05-01T10:00:00Z","a":1}\n  {"@timestamp":"2024-05-01T10:00:01Z","b":2}\n' > j.ndjson
	run -0 --separate-stderr ingest -f auto --concat --stats --multiline '^\s' j.ndjson "$DATA/$DARWIN"
	assert_eq "$(stat_of records_out)" 5
	assert_eq "$(stat_of continuation_lines)" 18
	assert_accounted
	[[ $stderr == *"j.ndjson: reading as ndjson; --multiline does not apply to it"* ]]
	assert_eq "$(printf '%s\n' "$output" | head -2 | jq -c 'del(."@timestamp")' | tr -d '\n')" '{"a":1}{"b":2}'
	# A bad pattern is still an error at start-up.
	run -2 ingest -f auto --multiline 'at (x' "$JAVA"
	[[ "$output" == *"--multiline at (x: column 6: missing closing parenthesis"* ]]
}

@test "ingest --multiline: bad pattern, a format without a message, a limit alone: exit 2" {
	run -2 ingest -f log4j --multiline 'at (x' "$JAVA"
	[[ "$output" == *"--multiline at (x: column 6: missing closing parenthesis"* ]]
	run -2 ingest --multiline '^\s' "$JAVA"
	[[ "$output" == *"--multiline: not with -f ndjson; it goes with -f syslog, text, log4j, glog or errorlog"* ]]
	run -2 ingest -f csv --multiline '^\s' "$JAVA"
	run -2 ingest -f cri --multiline '^\s' "$JAVA"
	run -2 ingest -f log4j --multiline-max-lines 3 "$JAVA"
	[[ "$output" == *"go with --multiline"* ]]
	run -2 ingest -f log4j --multiline x --multiline-max-lines 0 "$JAVA"
	run -2 ingest -f log4j --multiline x --multiline-max-bytes 1q "$JAVA"
}

# Start ingest -F on log with more arguments; its pid in pid.
follow() {
	ingest -F -f log4j --multiline "$NODATE" "$@" log > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
}

@test "ingest -F --multiline: a record held is written when the input waits" {
	sed -n '1,15p' "$JAVA" > log
	follow
	# The last record has no line after it: only the wait completes it.
	wait_for '[ "$(wc -l < out)" -ge 2 ]' 30
	run -0 jq -rs '.[1].message' out
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 14
	sed -n '16,22p' "$JAVA" >> log
	wait_for '[ "$(wc -l < out)" -ge 5 ]' 30
	stop_reader
	oracle "$JAVA" "$NODATE" log4j > want
	jq -c . out > got
	assert_same_file want got
}

@test "ingest -F --state --multiline: stopped and resumed, no record lost or doubled" {
	sed -n '1,15p' "$JAVA" > log
	follow --state st --checkpoint-every 1
	wait_for '[ "$(wc -l < out)" -ge 2 ]' 30
	# Once the input waits and the record is written, a checkpoint due
	# is taken: at the end of the file, not inside a record.
	wait_for '[ "$(jq -r "select(.path == \"log\") | .offset" st)" = "$(wc -c < log)" ]' 30
	stop_reader
	assert_eq "$(jq -r 'select(.path == "log") | .offset' st)" "$(wc -c < log)"
	sed -n '16,22p' "$JAVA" >> log
	run -0 ingest -f log4j --multiline "$NODATE" --state st log
	{ cat out; printf '%s\n' "$output"; } | jq -c . > got
	oracle "$JAVA" "$NODATE" log4j > want
	assert_same_file want got
}

@test "ingest --state --checkpoint-every --multiline: no checkpoint inside a record" {
	cp "$JAVA" log
	# Into a pipe a checkpoint is a record of the output.  One is due
	# after every line, but a record is held after each one: the only
	# checkpoint is the final one, after the last record.
	run -0 pipeline "ingest -f log4j --multiline '$NODATE' --state st --checkpoint-every 1 log | cat"
	printf '%s\n' "$output" | jq -c 'select(.["@ctl"] == "checkpoint") | .final' > ckpts
	assert_eq "$(cat ckpts)" true
	printf '%s\n' "$output" | jq -c 'select(.["@ctl"] == null)' > got
	oracle "$JAVA" "$NODATE" log4j > want
	assert_same_file want got
	assert_eq "$(jq -r 'select(.path == "log") | .offset' st)" "$(wc -c < log)"
}
