#!/usr/bin/env bats
# pipeline.bats -- the tools together: batch == live, sharded == single,
# and the README's pipelines.

load helpers

SCHEMA=$BATS_TEST_DIRNAME/../man/examples/access.schema.json

setup() {
	T=$BATS_TEST_TMPDIR
	# Generated traffic from 15:00 to 19:30: the error burst on web-3 at
	# 16:30, and web-4 silent from 19:00.
	sluice-gen access --seed 7 --lines 40000 > "$T/day.log"
	awk -F'[][]' '$2 >= "21/Nov/2026:15:00" && $2 < "21/Nov/2026:19:30"' \
	    "$T/day.log" > "$T/access.log"
}

# The pipeline of the tests, reading $1.  Every stage exits 0 but
# ingest, which exits 1: it rejects the one malformed line of the input.
run_pipeline() {
	ingest -f combined "$1" 2>/dev/null |
	    validate --schema "$SCHEMA" 2>/dev/null |
	    window --tumbling 5m --lateness 1m |
	    aggregate --by host -a count,p95:request_time \
	        -a count:status=errors --where 'status != null' |
	    alert -r 'slow: p95_request_time > 1' -g host --for 5m \
	        -r 'silent: absent(host)' --pass
	assert_eq "${PIPESTATUS[*]}" "1 0 0 0 0"
}

@test "pipeline: batch == live, replayed line by line through a FIFO" {
	[ "$(wc -l < "$T/access.log")" -gt 1000 ]
	run_pipeline "$T/access.log" > "$T/batch"
	mkfifo "$T/fifo"
	run_pipeline "$T/fifo" > "$T/live" 3>&- &
	pid=$!
	# One line at a time, with pauses, so that every stage sees its
	# input arrive in small pieces and flushes as it goes.
	awk '{ print; fflush(); if (NR % 50 == 0) system("sleep 0.02") }' \
	    "$T/access.log" > "$T/fifo"
	wait "$pid"
	cmp "$T/batch" "$T/live"
	# And it is a real result: windows, rows, alerts for the burst.
	[ "$(grep -c '"@ctl":"close"' "$T/batch")" -ge 40 ]
	[ "$(grep -c '"@alert"' "$T/batch")" -ge 2 ]
	grep -q '"rule":"slow","state":"firing".*"host":"web-3"' "$T/batch"
	grep -q '"rule":"silent","state":"firing".*"host":"web-4"' "$T/batch"
}

@test "pipeline: results show up live before the input ends" {
	mkfifo "$T/fifo"
	(ingest -f combined "$T/fifo" | window --tumbling 5m |
	    aggregate --by host -a count > "$T/out"
	    assert_eq "${PIPESTATUS[*]}" "0 0 0") 3>&- &
	pid=$!
	exec 4> "$T/fifo"
	head -3000 "$T/access.log" >&4
	# The first windows close and their rows arrive while the input is
	# still open.
	wait_for "grep -q '\"count\"' '$T/out'" 10
	exec 4>&-
	wait "$pid"
}

@test "pipeline: sharded with GNU parallel == one process" {
	command -v parallel >/dev/null || skip "GNU parallel not installed"
	funcs=count,sum:bytes,min:bytes,max:bytes,mean:request_time,p50:request_time,distinct:client
	ingest -f combined "$T/day.log" 2>/dev/null | window --tumbling 1h > "$T/w"
	# ingest rejects the generator's 5 malformed lines: exit 1.
	assert_eq "${PIPESTATUS[*]}" "1 0"
	aggregate --by host,status -a "$funcs" "$T/w" > "$T/one"
	parallel --pipe -N 3000 -k aggregate --partial --by host,status -a "$funcs" \
	    < "$T/w" | aggregate --merge > "$T/sharded"
	assert_eq "${PIPESTATUS[*]}" "0 0"
	[ "$(grep -vc '@ctl' "$T/one")" -gt 50 ]
	cmp "$T/one" "$T/sharded"
}

@test "pipeline: every line is accounted for, stage by stage" {
	# ingest exits 1: it rejected lines.
	rc=0
	ingest -f combined --stats "$T/day.log" 2> "$T/e1" > "$T/a" || rc=$?
	assert_eq "$rc" 1
	window --tumbling 10m --stats "$T/a" 2> "$T/e2" > "$T/b"
	aggregate --by status -a count --stats "$T/b" 2> "$T/e3" > "$T/c"
	stat() { sed -n "s/.*stats:.* $2=\([0-9]*\).*/\1/p" "$1"; }
	# ingest: every line a record or a reject (the generator makes 5).
	assert_eq "$(stat "$T/e1" records_out)" "$(( $(wc -l < "$T/day.log") - 5 ))"
	assert_eq "$(stat "$T/e1" rejected)" 5
	# window: records in = events + late; aggregate counts them all.
	assert_eq "$(stat "$T/e2" events)" "$(stat "$T/e1" records_out)"
	sum=$(grep -v '@ctl' "$T/c" | jq -s 'map(.count) | add')
	assert_eq "$sum" "$(stat "$T/e2" events)"
}
