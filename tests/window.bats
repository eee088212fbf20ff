#!/usr/bin/env bats
# window.bats -- event-time windows, watermarks, late data, batch == live.

load helpers

# Records with these times (seconds after 2026-01-01T00:00:00Z), in order.
at() {
	local s
	for s in "$@"; do
		jq -cn --argjson s "$s" '{"@timestamp": (1767225600 + $s | todate), "s": $s}'
	done
}

# The windows of the output, one "start end" (epoch seconds) per event,
# and "close start end" per marker.  jq is the reader.
shape() {
	jq -r 'if ."@ctl" then "close \(.["@window"].start|sub("\\.000Z";"Z")|fromdate - 1767225600) \(.["@window"].end|sub("\\.000Z";"Z")|fromdate - 1767225600)"
	       else "\(.s) \(.["@window"].start|sub("\\.000Z";"Z")|fromdate - 1767225600) \(.["@window"].end|sub("\\.000Z";"Z")|fromdate - 1767225600)" end'
}

@test "window: tumbling windows, markers after their last event, empty ones too" {
	at 10 50 70 250 > "$BATS_TEST_TMPDIR/in"
	window --tumbling 1m "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 shape < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "10 0 60
50 0 60
70 60 120
close 0 60
250 240 300
close 60 120
close 120 180
close 180 240
close 240 300"
}

@test "window: sliding windows with --expand hold each event once per window" {
	at 10 50 70 > "$BATS_TEST_TMPDIR/in"
	window --sliding 1m --every 20s --expand "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 shape < "$BATS_TEST_TMPDIR/out"
	# Oracle: awk lists, for each event, every start k*20 with
	# start <= s < start + 60, and closes come when s passes an end.
	expected=$(awk 'BEGIN { n = split("10 50 70", s, " "); nc = -40
		for (i = 1; i <= n; i++) {
			for (st = int((s[i] - 60) / 20) * 20; st <= s[i]; st += 20)
				if (st > s[i] - 60 && st <= s[i] && st + 60 > s[i]) print s[i], st, st + 60
			while (nc + 60 <= s[i]) { print "close", nc, nc + 60; nc += 20 }
		}
		while (nc <= 60) { print "close", nc, nc + 60; nc += 20 } }')
	assert_eq "$output" "$expected"
}

@test "window: session windows per key, merged when an event bridges them" {
	{ jq -cn '{"@timestamp":"2026-01-01T00:00:00Z","u":"a","n":1}'
	  jq -cn '{"@timestamp":"2026-01-01T00:00:40Z","u":"a","n":2}'
	  jq -cn '{"@timestamp":"2026-01-01T00:00:10Z","u":"b","n":3}'
	  jq -cn '{"@timestamp":"2026-01-01T00:00:20Z","u":"a","n":4}'
	  jq -cn '{"@timestamp":"2026-01-01T00:02:00Z","u":"b","n":5}'
	} > "$BATS_TEST_TMPDIR/in"
	# Gap 25s, lateness 1m: a's events at 0 and 40 are two sessions
	# until 20 bridges them; b's session ends at 35 and closes when the
	# watermark (120 - 60) passes it; a's (40 + 25) too.
	run -0 pipeline "window --session 25s --by u --lateness 1m '$BATS_TEST_TMPDIR/in' |
	    jq -c '[.n // \"close\", .\"@window\".start[14:19], .\"@window\".end[14:19], .\"@window\".key.u]'"
	assert_eq "$output" '[3,"00:10","00:35","b"]
["close","00:10","00:35","b"]
[1,"00:00","01:05","a"]
[2,"00:00","01:05","a"]
[4,"00:00","01:05","a"]
["close","00:00","01:05","a"]
[5,"02:00","02:25","b"]
["close","02:00","02:25","b"]'
}

@test "window: control records are forwarded in order" {
	{ at 10; echo '{"@ctl":"heartbeat"}'; at 70; echo '{"@ctl":"other","x":1}'; } \
	    > "$BATS_TEST_TMPDIR/in"
	run -0 pipeline "window --tumbling 1m '$BATS_TEST_TMPDIR/in' | jq -c '.\"@ctl\" // .s'"
	assert_eq "$output" '10
"heartbeat"
70
"close"
"other"
"close"'
}

@test "window: late records on the real Apache log, counted exactly" {
	need_data access-logs/elastic-examples-apache/apache_logs
	ingest -f combined "$DATA/access-logs/elastic-examples-apache/apache_logs" \
	    > "$BATS_TEST_TMPDIR/in" 2>/dev/null || true
	# Oracle (jq): going through the records in order, an event is late
	# when the end of its hour is at or before max(earlier times) - L.
	for L in 0 1800 3600 86400; do
		want=$(jq -rn --argjson L "$L" 'reduce (inputs | ."@timestamp" |
		    sub("\\.000Z"; "Z") | fromdate) as $t ({max: null, late: 0};
		    if .max != null and (($t / 3600 | floor) + 1) * 3600 <= .max - $L
		    then .late += 1 else . end | .max = ([.max, $t] | max)) | .late' \
		    "$BATS_TEST_TMPDIR/in")
		run --separate-stderr window --tumbling 1h --lateness "${L}s" --stats \
		    "$BATS_TEST_TMPDIR/in"
		[[ "$stderr" == *" late=$want "* ]]
		events=$(printf '%s\n' "$output" | grep -vc '"@ctl"')
		assert_eq "$events" "$((9999 - want))"
		if [ "$want" -gt 0 ]; then
			[ "$status" -eq 1 ]
			[[ "$stderr" == *"$want late records dropped"* ]]
		fi
	done
	# A lateness as long as the log keeps every record.
	run -0 --separate-stderr window --tumbling 1h --lateness 4d --stats "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *" late=0 "* ]]
}

@test "window: --late pass and --late FILE keep late records" {
	at 100 10 200 > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr window --tumbling 1m --late pass "$BATS_TEST_TMPDIR/in"
	[[ "$output" == *'{"@timestamp":"2026-01-01T00:00:10Z","s":10}'* ]]
	[[ "$stderr" == *"1 late record passed on without a window"* ]]
	run -1 --separate-stderr window --tumbling 1m --late "$BATS_TEST_TMPDIR/late" "$BATS_TEST_TMPDIR/in"
	assert_eq "$(cat "$BATS_TEST_TMPDIR/late")" '{"@timestamp":"2026-01-01T00:00:10Z","s":10}'
	[[ "$output" != *'"s":10}'* ]]
}

@test "window: records without a usable time are rejected with the reason" {
	{ at 10; echo '{"x":1}'; echo '{"@timestamp":"later"}'; echo 'oops'; at 20; } \
	    > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr window --tumbling 1m --reject "$BATS_TEST_TMPDIR/rej" --stats \
	    "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s\n' "$output" | grep -c '"s":')" 2
	run -0 jq -r '"\(.["@error"].line) \(.["@error"].reason)"' "$BATS_TEST_TMPDIR/rej"
	assert_eq "${lines[0]}" "2 no time field '@timestamp'"
	assert_eq "${lines[1]}" "3 cannot read the time in '@timestamp'"
	[[ "${lines[2]}" == "4 invalid token"* ]]
}

@test "window: epoch times, --time-unit, -t and --offset" {
	printf '%s\n' '{"ts":1767225610}' '{"ts":1767225670.5}' > "$BATS_TEST_TMPDIR/s"
	run -0 pipeline "window -t ts --tumbling 1m --offset 30s '$BATS_TEST_TMPDIR/s' | jq -r '.\"@window\".start' | sort -u"
	assert_eq "$output" "2025-12-31T23:59:30.000Z
2026-01-01T00:00:30.000Z"
	printf '%s\n' '{"ms":1767225610000}' > "$BATS_TEST_TMPDIR/ms"
	run -0 pipeline "window -t ms --time-unit ms --tumbling 1h '$BATS_TEST_TMPDIR/ms' | jq -r '.\"@window\".end' | sed -n 1p"
	assert_eq "$output" "2026-01-01T01:00:00.000Z"
}

@test "window: usage errors are exit 2 with a message" {
	run -2 --separate-stderr window
	[[ "$stderr" == *"give one of --tumbling, --sliding or --session"* ]]
	run -2 --separate-stderr window --tumbling 5
	[[ "$stderr" == *"missing unit"* ]]
	run -2 --separate-stderr window --sliding 1m
	[[ "$stderr" == *"--sliding needs --every"* ]]
	run -2 --separate-stderr window --tumbling 1m --every 1m
	run -2 --separate-stderr window --sliding 1m --every 2m
	run -2 --separate-stderr window --tumbling 0s
	run -2 --separate-stderr window --tumbling 1m --by x
}

@test "window: batch == live, replayed slowly through a FIFO" {
	need_data access-logs/elastic-examples-apache/apache_logs
	head -3000 "$DATA/access-logs/elastic-examples-apache/apache_logs" > "$BATS_TEST_TMPDIR/log"
	run -0 pipeline "ingest -f combined '$BATS_TEST_TMPDIR/log' |
	    window --tumbling 10m --lateness 1h > '$BATS_TEST_TMPDIR/batch'"
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	(ingest -f combined "$BATS_TEST_TMPDIR/fifo" | window --tumbling 10m --lateness 1h \
	    > "$BATS_TEST_TMPDIR/live") 3>&- &
	# Line by line with pauses, so every read finds one line at most.
	(while IFS= read -r l; do printf '%s\n' "$l"; sleep 0.001; done \
	    < "$BATS_TEST_TMPDIR/log" > "$BATS_TEST_TMPDIR/fifo") 3>&-
	wait
	cmp "$BATS_TEST_TMPDIR/batch" "$BATS_TEST_TMPDIR/live"
	[ "$(grep -c '"@ctl"' "$BATS_TEST_TMPDIR/live")" -gt 10 ]
}

@test "window: records and markers reach a live reader without waiting for EOF" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	window --tumbling 1m "$BATS_TEST_TMPDIR/fifo" > "$BATS_TEST_TMPDIR/out" 3>&- &
	pid=$!
	exec 4> "$BATS_TEST_TMPDIR/fifo"
	at 10 70 >&4
	wait_for "grep -q '\"@ctl\":\"close\"' '$BATS_TEST_TMPDIR/out'" 5
	assert_eq "$(wc -l < "$BATS_TEST_TMPDIR/out")" 3
	exec 4>&-
	wait "$pid"
}

@test "window --idle: the last window closes on a silent live stream" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	now=$(date -u +%s)
	window --tumbling 1s --idle 300ms "$BATS_TEST_TMPDIR/fifo" > "$BATS_TEST_TMPDIR/out" 3>&- &
	pid=$!
	exec 4> "$BATS_TEST_TMPDIR/fifo"
	jq -cn --argjson t "$now" '{"@timestamp": ($t | todate)}' >&4
	# No more input: the window of that record closes anyway, and empty
	# windows after it keep closing as the wall clock moves on.
	wait_for "[ \$(grep -c '\"@ctl\"' '$BATS_TEST_TMPDIR/out') -ge 3 ]" 8
	exec 4>&-
	wait "$pid"
	# Without --idle, nothing closes until more input or EOF.
	window --tumbling 1s "$BATS_TEST_TMPDIR/fifo" > "$BATS_TEST_TMPDIR/out2" 3>&- &
	pid=$!
	exec 4> "$BATS_TEST_TMPDIR/fifo"
	jq -cn --argjson t "$now" '{"@timestamp": ($t | todate)}' >&4
	wait_for "[ -s '$BATS_TEST_TMPDIR/out2' ]" 5
	sleep 1.5
	assert_eq "$(grep -c '"@ctl"' "$BATS_TEST_TMPDIR/out2")" 0
	exec 4>&-
	wait "$pid"
	assert_eq "$(grep -c '"@ctl"' "$BATS_TEST_TMPDIR/out2")" 1
}

@test "window -t now: processing-time windows close by the wall clock" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	window -t now --tumbling 500ms "$BATS_TEST_TMPDIR/fifo" > "$BATS_TEST_TMPDIR/out" 3>&- &
	pid=$!
	exec 4> "$BATS_TEST_TMPDIR/fifo"
	echo '{"no":"time"}' >&4
	wait_for "grep -q '\"@ctl\"' '$BATS_TEST_TMPDIR/out'" 5
	exec 4>&-
	wait "$pid"
	run -0 jq -r 'select(.no) | ."@window".start' "$BATS_TEST_TMPDIR/out"
	[[ "$output" =~ ^20[0-9][0-9]-.*\.(000|500)Z$ ]]
}

@test "window: memory does not grow with the stream" {
	skip_if_sanitized
	[ -x /usr/bin/time ] || skip "GNU time not installed"
	sluice-gen events --count 200000 --rate 50 > "$BATS_TEST_TMPDIR/small"
	sluice-gen events --count 2000000 --rate 50 > "$BATS_TEST_TMPDIR/big"
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss1" window --tumbling 1m \
	    "$BATS_TEST_TMPDIR/small" > /dev/null
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss2" window --tumbling 1m \
	    "$BATS_TEST_TMPDIR/big" > /dev/null
	small=$(cat "$BATS_TEST_TMPDIR/rss1")
	big=$(cat "$BATS_TEST_TMPDIR/rss2")
	echo "max RSS: ${small} KiB for 200k events, ${big} KiB for 2M" >&3
	# Ten times the stream, not more than a few hundred KiB more memory.
	[ "$big" -lt $((small + 1024)) ]
}

@test "window: sessions hold only the events of open sessions" {
	[ -x /usr/bin/time ] || skip "GNU time not installed"
	sluice-gen events --count 300000 --rate 50 > "$BATS_TEST_TMPDIR/in"
	# Per host, sessions with a 2s gap: at 50 events/s over 4 hosts they
	# close all the time; the output holds every event once.
	run -0 pipeline "window --session 2s --by host '$BATS_TEST_TMPDIR/in' | grep -vc '\"@ctl\"'"
	assert_eq "$output" 300000
}

@test "window: the --late file is flushed while the input is live" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	window --tumbling 1m --late "$BATS_TEST_TMPDIR/late" "$BATS_TEST_TMPDIR/fifo" \
	    > /dev/null 2>&1 3>&- &
	pid=$!
	exec 4> "$BATS_TEST_TMPDIR/fifo"
	at 200 10 >&4
	# The late record shows in the file before the input ends.
	wait_for "grep -q '\"s\":10' '$BATS_TEST_TMPDIR/late'" 5
	exec 4>&-
	wait "$pid" || true
}

@test "window: after a long gap 100000 empty windows close, the rest are skipped (repro)" {
	need_repro window-gap-no-skip.ndjson
	# The two records are five months apart: minutes in between by jq.
	gap=$(jq -rn '(("2026-06-01T00:00:00Z" | fromdate) - ("2026-01-01T00:00:00Z" | fromdate)) / 60')
	window --tumbling 1m --stats "$REPRO/window-gap-no-skip.ndjson" \
	    > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err"
	assert_eq "$(wc -l < "$BATS_TEST_TMPDIR/out")" $((2 + 1 + 100000 + 1))
	grep -q " windows=100002\$" "$BATS_TEST_TMPDIR/err"
	grep -q "^window: $((gap - 1 - 100000)) empty windows were skipped" "$BATS_TEST_TMPDIR/err"
	# The markers: the first record's minute and the 100000 after it,
	# one after another, then the minute of the second record.
	jq -r 'select(."@ctl") | ."@window".start' "$BATS_TEST_TMPDIR/out" > "$BATS_TEST_TMPDIR/starts"
	assert_eq "$(sort -u "$BATS_TEST_TMPDIR/starts" | wc -l)" 100002
	assert_eq "$(sed -n '1p;100001p;$p' "$BATS_TEST_TMPDIR/starts")" \
	    "2026-01-01T00:00:00.000Z
$(jq -rn '"2026-01-01T00:00:00Z" | fromdate + 100000 * 60 | todate | sub("Z$"; ".000Z")')
2026-06-01T00:00:00.000Z"
}

@test "window: one record in 2099 costs 100000 closes, not billions (repro)" {
	need_repro window-far-future.ndjson
	skipped=$(jq -rn '("2099-01-01T00:00:00Z" | fromdate) - ("2026-01-01T00:00:00Z" | fromdate) - 1 - 100000')
	SECONDS=0
	run -0 pipeline "timeout -k 5 60 window --tumbling 1s '$REPRO/window-far-future.ndjson' \
	    2> '$BATS_TEST_TMPDIR/err' | grep -c '\"@ctl\"'"
	assert_eq "$output" 100002
	grep -q "^window: $skipped empty windows were skipped" "$BATS_TEST_TMPDIR/err"
	[ "$SECONDS" -lt 30 ]
}

@test "window: windows reaching outside the time range are refused, never wrapped (repro)" {
	need_repro window-int64-edge.ndjson
	# 2262-04-11T23:47: its hour would end past 2262-04-11T23:47:16.854775807Z.
	run -1 --separate-stderr window --tumbling 1h "$REPRO/window-int64-edge.ndjson"
	assert_eq "$output" ""
	[[ "$stderr" == *"window-int64-edge.ndjson:1: its window reaches outside the time range, 1677-09-21T00:12:44Z to 2262-04-11T23:47:16.854775807Z"* ]]
	run -1 --separate-stderr window --session 1h "$REPRO/window-int64-edge.ndjson"
	assert_eq "$output" ""
	[[ "$stderr" == *": its session reaches outside the time range"* ]]
	run -1 --separate-stderr window --sliding 1h --every 10m "$REPRO/window-int64-edge.ndjson"
	assert_eq "$output" ""
	# A window that ends within the range is kept, up to the last second.
	printf '%s\n' '{"@timestamp":"2262-04-11T23:47:15.5Z","n":1}' \
	    '{"@timestamp":"2262-04-11T23:47:16.5Z","n":2}' > "$BATS_TEST_TMPDIR/end"
	run -1 --separate-stderr window --tumbling 1s --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/end"
	assert_eq "$output" '{"@timestamp":"2262-04-11T23:47:15.5Z","n":1,"@window":{"start":"2262-04-11T23:47:15.000Z","end":"2262-04-11T23:47:16.000Z"}}
{"@ctl":"close","@window":{"start":"2262-04-11T23:47:15.000Z","end":"2262-04-11T23:47:16.000Z"}}'
	run -0 jq -r '"\(.["@error"].line) \(.["@raw"])"' "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" '2 {"@timestamp":"2262-04-11T23:47:16.5Z","n":2}'
	# At the other end: 1677-09-21T00:12:44Z is a time, its hour starts before the range.
	echo '{"@timestamp":"1677-09-21T00:12:44Z"}' > "$BATS_TEST_TMPDIR/start"
	run -1 --separate-stderr window --tumbling 1h "$BATS_TEST_TMPDIR/start"
	assert_eq "$output" ""
	run -0 pipeline "window --tumbling 1s '$BATS_TEST_TMPDIR/start' | jq -r '.\"@window\" | \"\\(.start) \\(.end)\"' | sort -u"
	assert_eq "$output" "1677-09-21T00:12:44.000Z 1677-09-21T00:12:45.000Z"
	run -1 --separate-stderr window --tumbling 1h --lateness 100000d "$REPRO/window-int64-edge.ndjson" "$BATS_TEST_TMPDIR/start"
	[[ "$output" != *1677-09-21T00:12:4[0-3]* && "$output" != *2262-04-12* ]]
}

@test "window: SIGTERM skips the empty windows still to close, not those with records" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	window --tumbling 1s --lateness 1d -u "$BATS_TEST_TMPDIR/fifo" \
	    > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" 3>&- &
	pid=$!
	exec 4> "$BATS_TEST_TMPDIR/fifo"
	# 50000 seconds apart, within the lateness: nothing closes yet.
	at 0 50000 >&4
	wait_for "[ \$(wc -l < '$BATS_TEST_TMPDIR/out') -ge 2 ]" 10
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	exec 4>&-
	assert_eq "$rc" 143
	# Both windows with a record close; the 49999 seconds between are
	# counted, not closed one by one (at end of input they would be).
	run -0 shape < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "0 0 1
50000 50000 50001
close 0 1
close 50000 50001"
	grep -q "^window: 49999 empty windows were skipped" "$BATS_TEST_TMPDIR/err"
	at 0 50000 | window --tumbling 1s --lateness 1d > "$BATS_TEST_TMPDIR/eof"
	assert_eq "$(grep -c '"@ctl"' "$BATS_TEST_TMPDIR/eof")" 50001
}

@test "window: sizes from 1ms, and at most 10000 sliding windows per record" {
	run -2 --separate-stderr window --tumbling 1ns
	[[ "$stderr" == *"--tumbling 1ns: must be at least 1ms"* ]]
	run -2 --separate-stderr window --sliding 1s --every 999us
	[[ "$stderr" == *"--every 999us: must be at least 1ms"* ]]
	run -2 --separate-stderr window --sliding 1d --every 8s
	[[ "$stderr" == *"--every must be at least 1/10000 of the window"* ]]
	# At the floor, 10 s of data make one window per millisecond.
	at 0 10 > "$BATS_TEST_TMPDIR/in"
	run -0 pipeline "window --tumbling 1ms '$BATS_TEST_TMPDIR/in' | grep -c '\"@ctl\"'"
	assert_eq "$output" 10001
	# The most copies: 1d every 9s is 9600 windows for each record;
	# without --expand, the record is written once.
	at 0 > "$BATS_TEST_TMPDIR/one"
	run -0 pipeline "window --sliding 1d --every 9s --expand '$BATS_TEST_TMPDIR/one' | grep -vc '\"@ctl\"'"
	assert_eq "$output" 9600
	run -0 pipeline "window --sliding 1d --every 9s '$BATS_TEST_TMPDIR/one' | grep -vc '\"@ctl\"'"
	assert_eq "$output" 1
}
