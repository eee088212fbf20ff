#!/usr/bin/env bats
# durable.bats -- pipelines that stop and start again: incremental cron
# runs equal one run, kill -9 and SIGTERM lose and double nothing
# (sluice(7), DURABLE PIPELINES).  The oracle is the uninterrupted run
# of the same stages without --state, and awk/jq counts of the input.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
}

# Split a combined log into 24 files by the hour of its timestamps.
split_hours() {
	awk -v dir="$2" '{ h = substr($4, 14, 2); print > (dir "/h" h) }' "$1"
	ls "$2"/h?? | wc -l
}

# The stages after ingest, with --state files under $T/st when $1 is
# "state", and --drain when $2 is "drain".  $WIN chooses the windows;
# alert passes the rows on, with its transitions.
stages() {
	local st=() drain=()
	[ "$1" = state ] && st=(1)
	[ "${2:-}" = drain ] && drain=(--drain)
	window $WIN ${st:+--state "$T/st/window"} "${drain[@]}" |
	    aggregate --by host -a count,sum:bytes,p95:request_time \
	        ${st:+--state "$T/st/aggregate"} "${drain[@]}" |
	    alert -r 'busy: count > 60' -r 'slow: p95_request_time > 0.5' \
	        --by host --for 20m --pass ${st:+--state "$T/st/alert"}
}

# One hourly cron run over the growing file $T/grow.log.
cron_run() {
	ingest -f combined --state "$T/st/ingest" --checkpoint-every 500 \
	    "$T/grow.log" | stages state "${1:-}" >> "$T/out"
}

# 24 hourly runs over a growing file, then one with --drain, equal one
# batch run over the whole file, byte for byte.
incremental_equals_batch() {
	sluice-gen access --seed 3 -n 30000 --clean > "$T/day.log"
	mkdir "$T/hours" "$T/st"
	[ "$(split_hours "$T/day.log" "$T/hours")" -eq 24 ]
	ingest -f combined "$T/day.log" | stages none > "$T/want"
	: > "$T/grow.log"
	for h in "$T"/hours/h??; do
		cat "$h" >> "$T/grow.log"
		cron_run
	done
	cron_run drain
	# The oracle: every event is counted once (awk counts the lines).
	[ "$(jq -s 'map(select(.count) | .count) | add' "$T/out")" -eq \
	    "$(jq -s 'map(select(.count) | .count) | add' "$T/want")" ]
	assert_same_file "$T/want" "$T/out"
}

@test "durable: 24 hourly runs with tumbling windows equal one run" {
	WIN="--tumbling 10m" incremental_equals_batch
	# Alerts fired and resolved across the runs, as in the one run.
	[ "$(grep -c '"state":"firing"' "$T/out")" -gt 0 ]
	[ "$(grep -c '"state":"resolved"' "$T/out")" -gt 0 ]
	[ "$(jq -s 'map(select(.count) | .count) | add' "$T/out")" -eq \
	    "$(wc -l < "$T/day.log")" ]
}

@test "durable: 24 hourly runs with sliding windows equal one run" {
	WIN="--sliding 30m --every 10m" incremental_equals_batch
}

@test "durable: 24 hourly runs with session windows equal one run" {
	WIN="--session 5m --by host" incremental_equals_batch
}

# The kill loop: run the pipeline over $T/big.ndjson in its own session,
# hit it with $1 after a random moment ($2 times), restart it, and at
# the end run it to completion with --drain.
PIPE='ingest --state "$T/s.ingest" --checkpoint-every 20000 "$T/big.ndjson" |
    window --tumbling 1m --state "$T/s.window" $DRAIN |
    aggregate --by host -a count,sum:bytes,p95:latency_ms \
        --state "$T/s.aggregate" $DRAIN >> "$T/out"'

kill_loop() {
	local sig=$1 n=$2 i sid victim stages=(ingest window aggregate)
	for ((i = 0; i < n; i++)); do
		T=$T DRAIN= setsid bash -c "$PIPE" </dev/null >/dev/null \
		    2>>"$T/err" &
		sid=$!
		sleep "0.$((RANDOM % 8 + 2))"
		if [ "$sig" = TERM ]; then
			kill -TERM -- "-$sid" 2>/dev/null || true
		else
			victim=${stages[$((RANDOM % 3))]}
			pkill -KILL -s "$sid" -x "$victim" || true
		fi
		# The other stages end by themselves.
		wait_for "! pgrep -s $sid >/dev/null" 30
	done
	T=$T DRAIN=--drain bash -c "$PIPE" 2>>"$T/err"
}

big_input() {
	local n=1000000
	[ -n "${SLUICE_SANITIZED:-}" ] && n=200000
	sluice-gen events -n "$n" -s 5 > "$T/big.ndjson"
	window --tumbling 1m < "$T/big.ndjson" |
	    aggregate --by host -a count,sum:bytes,p95:latency_ms > "$T/want"
	# The oracle of the oracle: every event counted once (jq, wc).
	[ "$(jq -s 'map(.count // 0) | add' "$T/want")" -eq \
	    "$(wc -l < "$T/big.ndjson")" ]
}

@test "durable: kill -9 of a random stage, restarted each time, equals one run" {
	big_input
	kill_loop KILL 5
	assert_same_file "$T/want" "$T/out"
}

@test "durable: SIGTERM to the process group loses and doubles nothing" {
	big_input
	kill_loop TERM 4
	assert_same_file "$T/want" "$T/out"
	# A stop is clean: no stage complains of a missing final checkpoint.
	! grep -q 'before a final checkpoint' "$T/err"
}

@test "durable: a firing alert across a restart fires once, resolves once, runs --exec once each" {
	printf '#!/bin/sh\ncat >> "%s"; echo >> "%s"\n' "$T/exec.log" \
	    "$T/exec.log" > "$T/rec"
	chmod +x "$T/rec"
	for m in 0 1 2 3 4 5 6 7 8 9; do
		v=1; [ "$m" -ge 2 ] && [ "$m" -le 5 ] && v=9
		printf '{"@timestamp":"2024-01-01T00:0%d:00Z","v":%d}\n' \
		    "$m" "$v"
	done > "$T/all"
	head -4 "$T/all" > "$T/part1"
	tail -n +5 "$T/all" > "$T/part2"
	alert -r 'hi: v > 5' --for 1m < "$T/all" > "$T/want"
	for p in part1 part2; do
		alert -r 'hi: v > 5' --for 1m --state "$T/a.state" \
		    --exec "$T/rec" ';' < "$T/$p" >> "$T/got"
	done
	assert_same_file "$T/want" "$T/got"
	[ "$(jq -r '.["@alert"].state' "$T/got" | tr '\n' ' ')" = \
	    "firing resolved " ]
	[ "$(jq -r '.["@alert"].state' "$T/exec.log" | tr '\n' ' ')" = \
	    "firing resolved " ]
	# Going back a checkpoint replays the resolve: not run again.
	cp "$T/a.state.prev" "$T/a.state"
	alert -r 'hi: v > 5' --for 1m --state "$T/a.state" \
	    --exec "$T/rec" ';' < "$T/part2" > /dev/null
	[ "$(grep -c resolved "$T/exec.log")" -eq 1 ]
}

@test "durable: ingest --state never records lines it did not write out" {
	cd "$BATS_TEST_DIRNAME/.."
	run -0 sh "$DATA/../repro/ingest-state-loss.sh"
	echo "$output"
	[[ "$output" == *"run 2: 100 lines (100 expected)"*"run 2: 100 lines (100 expected)"* ]]
}

@test "durable: a state from another command line, tool or a damaged one is refused, exit 2" {
	printf '{"@timestamp":"2024-01-01T00:00:00Z"}\n' > "$T/in"
	window --tumbling 1m --state "$T/w" < "$T/in" > /dev/null
	run -2 window --tumbling 5m --state "$T/w" < "$T/in"
	[[ "$output" == *"--tumbling 1m"*"--tumbling 5m"* ]]
	run -2 aggregate -a count --state "$T/w" < "$T/in"
	[[ "$output" == *"not the state of aggregate"* ]]
	sed -i 's/"start"/"stArt"/; $ s/1/2/' "$T/w"
	run -2 window --tumbling 1m --state "$T/w" < "$T/in"
	[[ "$output" == *damaged* ]]
	run -2 window --tumbling 1m --state "$T" < "$T/in"
	[[ "$output" == *"is a directory"* ]]
	run -2 window --tumbling 1m --state /proc/none/w < "$T/in"
	[[ "$output" == *"cannot write in"* ]]
	run -2 window --tumbling 1m --drain < "$T/in"
}

@test "durable: state files, .prev, .new and acknowledgements that are links are replaced; the files they name are untouched" {
	mkdir "$T/st" "$T/outside"
	awk 'BEGIN { for (i = 0; i < 300; i++)
		printf "{\"@timestamp\":\"2024-01-01T%02d:%02d:00Z\",\"host\":\"h%d\"}\n",
		    i / 60, i % 60, i % 3 }' > "$T/in"
	head -150 "$T/in" > "$T/grow"
	sluice_run() {
		ingest -f json --state "$T/st/ingest" --checkpoint-every 50 \
		    "$T/grow" | window --tumbling 10m --state "$T/st/window" "$@" |
		    aggregate --by host -a count --state "$T/st/aggregate" "$@"
	}
	ingest -f json "$T/in" | window --tumbling 10m |
	    aggregate --by host -a count > "$T/want"
	sluice_run > "$T/got"
	# Move every file the stages wrote elsewhere, a link in its place
	# (as a link planted in a shared directory would be), and add one
	# at the name written first (a copy of the state, so that it loads).
	for f in "$T"/st/*; do
		mv "$f" "$T/outside/"
		ln -s "../outside/${f##*/}" "$f"
	done
	for n in ingest window aggregate; do
		cp "$T/outside/$n" "$T/outside/$n.new"
		ln -s "../outside/$n.new" "$T/st/$n.new"
	done
	ls "$T/st" | grep -q '^ingest.stage1$'
	cp -r "$T/outside" "$T/keep"
	tail -n +151 "$T/in" >> "$T/grow"
	sluice_run --drain >> "$T/got"
	assert_same_file "$T/want" "$T/got"
	# Every file elsewhere as it was; the links replaced by files.
	diff -r "$T/keep" "$T/outside"
	[ -z "$(find "$T/st" -type l)" ]
	head -1 "$T/st/window" | jq -e '.tool == "window"'
}

@test "durable: alert refuses an .exec journal that is a symbolic link; the file it names is untouched" {
	mkdir "$T/outside"
	: > "$T/outside/journal"
	ln -s "$T/outside/journal" "$T/a.state.exec"
	printf '{"@timestamp":"2024-01-01T00:00:00Z","v":9}\n' > "$T/in"
	run -2 --separate-stderr alert -r 'hi: v > 5' --state "$T/a.state" \
	    --exec-shell 'cat > /dev/null' "$T/in"
	[[ "$stderr" == *"a.state.exec: a symbolic link; not followed"* ]]
	[ ! -s "$T/outside/journal" ]
}

@test "durable: alert --exec killed after a checkpoint, restarted, runs each command once" {
	awk 'BEGIN { for (i = 0; i < 60; i++)
		printf "{\"@timestamp\":\"2024-01-01T00:%02d:00Z\",\"v\":%d}\n",
		    i, int(i / 3) % 2 * 5 }' > "$T/in"
	alert -r 'hi: v > 1' "$T/in" > "$T/want"
	# The command logs each alert; the 9th run kills alert (kill -9),
	# well after its first checkpoints.
	cat > "$T/cmd" <<-EOF
	cat >> "$T/runs"; echo >> "$T/runs"
	if [ "\$(grep -c . "$T/runs")" -eq 9 ] && [ ! -e "$T/killed" ]; then
		touch "$T/killed"; kill -9 \$PPID
	fi
	EOF
	mkdir "$T/st"
	for run in 1 2; do
		ingest -f json --state "$T/st/ingest" --checkpoint-every 4 \
		    "$T/in" | alert -r 'hi: v > 1' --state "$T/st/alert" \
		    --exec sh "$T/cmd" ';' >> "$T/out" || true
	done
	[ -e "$T/killed" ]
	# Each alert of the uninterrupted run ran once: none twice, none lost.
	assert_eq "$(grep -c . "$T/runs")" "$(wc -l < "$T/want")"
	assert_eq "$(grep . "$T/runs" | sort | uniq -d)" ""
}
