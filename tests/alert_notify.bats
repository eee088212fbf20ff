#!/usr/bin/env bats
# alert_notify.bats -- alert's notifications: --exec and its terminator,
# -r rule options, resolved messages, prev() in values, --exec-batch.

load helpers

T0=1767225600	# 2026-01-01T00:00:00Z

# An event at T0 + $1 seconds with the fields of the JSON object $2.
ev() {
	jq -cn --argjson s "$1" --argjson f "$2" '{"@timestamp": ('"$T0"' + $s | todate)} + $f'
}

@test "alert_notify: --exec without its ';' is a usage error naming it" {
	{ ev 0 '{"v":9}'; ev 1 '{"v":1}'; } > "$BATS_TEST_TMPDIR/in"
	run -2 --separate-stderr alert -r 'big: v > 5' --exec cat --exit-status "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"missing ';' to end --exec"* ]]
	assert_eq "$output" ""
	# Terminated, the options after it are options again.
	run -1 --separate-stderr alert -r 'big: v > 5' --exec true ';' --exit-status "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s\n' "$output" | jq -r '."@alert".state' | paste -sd,)" "firing,resolved"
	# A ';' as the last word is fine, and a lone --exec still needs a command.
	run -0 --separate-stderr alert -r 'big: v > 5' "$BATS_TEST_TMPDIR/in" --exec true ';'
	run -2 --separate-stderr alert -r 'big: v > 5' --exec ';' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"--exec needs a command"* ]]
}

@test "alert_notify: -r rules set message, resolved_message, value, labels and severity" {
	{ ev 0 '{"host":"a","count":50}'; ev 60 '{"host":"a","count":250}'
	  ev 120 '{"host":"a","count":40}'; } > "$BATS_TEST_TMPDIR/in"
	alert -g host -r 'high: count > 100 message="{count} requests on {host}" value=count*2 labels=team=web,sev=page severity=critical resolved_message="{host} back to {count}"' \
	    "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 jq -c '[."@alert".state, ."@alert".message, ."@alert".value, ."@alert".severity, .team, .sev, .host]' "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" '["firing","250 requests on a",500,"critical","web","page","a"]
["resolved","a back to 40",80,"critical","web","page","a"]'
	# --severity applies to -r rules that do not say severity=.
	run -0 pipeline "alert --severity info -r 'x: count > 100' -r 'y: count > 100 severity=page' '$BATS_TEST_TMPDIR/in' | jq -r '.\"@alert\" | select(.state == \"firing\") | .rule + \" \" + .severity'"
	assert_eq "$output" "x info
y page"
	# A field named like a key is still compared: message == ... is a condition.
	printf '{"message":"boom","v":1}\n' > "$BATS_TEST_TMPDIR/m"
	run -0 pipeline "alert -r 'm: message == \"boom\" value=v' '$BATS_TEST_TMPDIR/m' | jq -c '[.\"@alert\".state, .\"@alert\".value]'"
	assert_eq "$output" '["firing",1]'
	run -2 --separate-stderr alert -r 'z: count > 1 colour=red' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"rule 'z'"* ]]
	run -2 --separate-stderr alert -r 'z: count > 1 labels=nonsense' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"labels: expected NAME=VALUE"* ]]
	run -2 --separate-stderr alert -r 'z: count > 1 value=(1' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"rule 'z': value"* ]]
	run -2 --separate-stderr alert -r 'z: count > 1 message="open' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"rule 'z': message: a quoted value must be a JSON string"* ]]
	run -2 --separate-stderr alert -r "$(printf 'z: count > 1 labels=a=\377')" "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"labels: not valid UTF-8"* ]]
}

@test "alert_notify: a resolved alert does not repeat the firing text" {
	{ row 1 '{"count":100}'; row 2 '{"count":838}'; row 3 '{"count":90}'; } > "$BATS_TEST_TMPDIR/in"
	alert -r 'spike: count > 3 * prev(count) message="{count} requests, over 3 times the window before"' \
	    "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 jq -r '."@alert" | .state + ": " + .message' "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "firing: 838 requests, over 3 times the window before
resolved: spike resolved"
	# The same with a rules file, with a resolved_message of its own.
	printf '%s\n' '{"name":"spike","when":"count > 3 * prev(count)","message":"{count} requests","resolved_message":"back to {count} requests"}' > "$BATS_TEST_TMPDIR/rules"
	run -0 pipeline "alert --rules '$BATS_TEST_TMPDIR/rules' '$BATS_TEST_TMPDIR/in' | jq -r '.\"@alert\".message'"
	assert_eq "$output" "838 requests
back to 90 requests"
}

@test "alert_notify: prev() is seen in value, and in the default value" {
	# Random counts per host; the expected ratios computed in python3.
	python3 - "$T0" > "$BATS_TEST_TMPDIR/in" <<'PY'
import json, random, sys, datetime
random.seed(7)
t0 = int(sys.argv[1])
for m in range(1, 41):
    for h in ("a", "b"):
        st = datetime.datetime.fromtimestamp(t0 + (m - 1) * 60, datetime.timezone.utc)
        en = datetime.datetime.fromtimestamp(t0 + m * 60, datetime.timezone.utc)
        w = {"start": st.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "end": en.strftime("%Y-%m-%dT%H:%M:%S.000Z")}
        print(json.dumps({"@window": w, "host": h, "count": random.choice([10, 20, 30, 200, 400])}))
PY
	python3 - "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want" <<'PY'
import json, sys
prev, state = {}, {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    h, c = r["host"], r["count"]
    p = prev.get(h)
    cond = p is not None and c > 3 * p
    if cond != state.get(h, False):
        ratio = c / p if p else None
        print(h, "firing" if cond else "resolved", json.dumps(ratio))
    state[h] = cond
    prev[h] = c
PY
	[ "$(wc -l < "$BATS_TEST_TMPDIR/want")" -ge 6 ]
	# value= with prev(), and the subject of a condition holding prev().
	alert -g host -r 'spike: count > 3 * prev(count) value="count / prev(count)"' \
	    "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/v1"
	alert -g host -r 'spike: count / prev(count) > 3' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/v2"
	for f in v1 v2; do
		jq -r '"\(.host) \(."@alert".state) \(."@alert".value | if . == null then "null" elif . == floor then "\(.).0" else "\(.)" end)"' \
		    "$BATS_TEST_TMPDIR/$f" > "$BATS_TEST_TMPDIR/$f.txt"
		python3 - "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/$f.txt" <<'PY'
import sys
want = [l.split() for l in open(sys.argv[1])]
got = [l.split() for l in open(sys.argv[2])]
assert len(want) == len(got), (want, got)
for w, g in zip(want, got):
    assert w[:2] == g[:2], (w, g)
    assert abs(float(w[2]) - float(g[2])) < 1e-9, (w, g)
PY
	done
	# Across a --state restart, prev() in value goes on from the saved row.
	head -n 40 "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/in1"
	tail -n +41 "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/in2"
	args=(-g host -r 'spike: count > 3 * prev(count) value="count / prev(count)"' --state "$BATS_TEST_TMPDIR/st")
	{ alert "${args[@]}" "$BATS_TEST_TMPDIR/in1"; alert "${args[@]}" "$BATS_TEST_TMPDIR/in2"; } > "$BATS_TEST_TMPDIR/v3"
	run -0 diff <(jq -c '."@alert".value' "$BATS_TEST_TMPDIR/v1") <(jq -c '."@alert".value' "$BATS_TEST_TMPDIR/v3")
}

# A command that keeps each run's stdin in $T/runs/N and its
# environment's counts as a line of $T/env.
batch_hook() {
	mkdir -p "$BATS_TEST_TMPDIR/runs"
	cat > "$BATS_TEST_TMPDIR/hook" <<EOF
#!/bin/sh
n=\$(ls "$BATS_TEST_TMPDIR/runs" | wc -l)
cat > "$BATS_TEST_TMPDIR/runs/\$n.tmp"
echo "\$SLUICE_ALERT_COUNT \$SLUICE_ALERT_FIRING \$SLUICE_ALERT_RESOLVED" >> "$BATS_TEST_TMPDIR/env"
mv "$BATS_TEST_TMPDIR/runs/\$n.tmp" "$BATS_TEST_TMPDIR/runs/\$n"
EOF
	chmod +x "$BATS_TEST_TMPDIR/hook"
}

@test "alert_notify: --exec-batch close runs one command for 200 groups" {
	batch_hook
	{ for h in $(seq 1 200); do row 1 "{\"host\":\"h$h\",\"errors\":9}"; done
	  close 1; close 2
	  for h in 1 2 3; do row 3 "{\"host\":\"h$h\",\"errors\":9}"; done
	  close 3; } > "$BATS_TEST_TMPDIR/in"
	alert -g host -r 'errs: errors > 5' --exec-batch close \
	    --exec "$BATS_TEST_TMPDIR/hook" ';' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	# Three windows closed with transitions: three runs.
	assert_eq "$(ls "$BATS_TEST_TMPDIR/runs" | sort -n | paste -sd' ')" "0 1 2"
	assert_eq "$(cat "$BATS_TEST_TMPDIR/env")" "200 200 0
200 0 200
3 3 0"
	run -0 jq -r '."@alert".state' "$BATS_TEST_TMPDIR/runs/0"
	assert_eq "$(printf '%s\n' "$output" | sort | uniq -c | awk '{print $1, $2}')" "200 firing"
	assert_eq "$(jq -r .host "$BATS_TEST_TMPDIR/runs/0" | sort -u | wc -l)" 200
	run -0 jq -r '."@alert".state' "$BATS_TEST_TMPDIR/runs/1"
	assert_eq "$(printf '%s\n' "$output" | sort | uniq -c | awk '{print $1, $2}')" "200 resolved"
	# The runs saw exactly the alerts written, in order.
	cat "$BATS_TEST_TMPDIR"/runs/0 "$BATS_TEST_TMPDIR"/runs/1 "$BATS_TEST_TMPDIR"/runs/2 > "$BATS_TEST_TMPDIR/ran"
	grep '"@alert"' "$BATS_TEST_TMPDIR/out" > "$BATS_TEST_TMPDIR/alerts"
	cmp "$BATS_TEST_TMPDIR/alerts" "$BATS_TEST_TMPDIR/ran"
	# Without --exec it is a usage error; a bad argument too.
	run -2 --separate-stderr alert -r 'e: errors > 5' --exec-batch close "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"--exec-batch needs --exec"* ]]
	run -2 --separate-stderr alert -r 'e: errors > 5' --exec-batch often --exec true ';' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"give 'close' or a duration"* ]]
}

@test "alert_notify: --exec-batch DUR runs the batch while the input is still open" {
	batch_hook
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	alert -g host -r 'slow: ms > 100' --exec-batch 2s --exec "$BATS_TEST_TMPDIR/hook" ';' \
	    "$BATS_TEST_TMPDIR/fifo" > "$BATS_TEST_TMPDIR/out" 3>&- &
	pid=$!
	# Read-write: never blocks, even if alert is gone.
	exec 4<> "$BATS_TEST_TMPDIR/fifo"
	# Written at once, so the five alerts come within the batch's time.
	for h in a b c d e; do ev 0 "{\"host\":\"$h\",\"ms\":500}"; done > "$BATS_TEST_TMPDIR/first"
	cat "$BATS_TEST_TMPDIR/first" >&4
	# The batch runs about two seconds later, the input still open.
	for i in $(seq 1 300); do [ -e "$BATS_TEST_TMPDIR/runs/0" ] && break; sleep 0.1; done
	[ -e "$BATS_TEST_TMPDIR/runs/0" ]
	assert_eq "$(jq -r '.host + " " + ."@alert".state' "$BATS_TEST_TMPDIR/runs/0" | sort | paste -sd,)" \
	    "a firing,b firing,c firing,d firing,e firing"
	for h in a b; do ev 1 "{\"host\":\"$h\",\"ms\":5}"; done > "$BATS_TEST_TMPDIR/second"
	cat "$BATS_TEST_TMPDIR/second" >&4
	exec 4>&-
	wait "$pid"
	# The rest run at the end of the input.
	assert_eq "$(cat "$BATS_TEST_TMPDIR/env")" "5 5 0
2 0 2"
}

@test "alert_notify: --exec-batch under --state never runs a completed batch again" {
	batch_hook
	{ for m in 1 2 3 4 5 6; do
		for h in a b c; do
			e=1; [ "$m" -ge 2 ] && [ "$m" -le 4 ] && e=9
			row "$m" "{\"host\":\"$h\",\"errors\":$e}"
		done
		close "$m"
	  done; } > "$BATS_TEST_TMPDIR/all"
	head -n 8 "$BATS_TEST_TMPDIR/all" > "$BATS_TEST_TMPDIR/part1"
	tail -n +9 "$BATS_TEST_TMPDIR/all" > "$BATS_TEST_TMPDIR/part2"
	args=(-g host -r 'errs: errors > 5' --exec-batch close)
	alert "${args[@]}" --exec true ';' "$BATS_TEST_TMPDIR/all" > "$BATS_TEST_TMPDIR/want"
	for p in part1 part2; do
		alert "${args[@]}" --state "$BATS_TEST_TMPDIR/st" --exec "$BATS_TEST_TMPDIR/hook" ';' \
		    "$BATS_TEST_TMPDIR/$p" >> "$BATS_TEST_TMPDIR/got"
	done
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	assert_eq "$(cat "$BATS_TEST_TMPDIR/env")" "3 3 0
3 0 3"
	# Going back a checkpoint replays the resolving batch: not run again.
	cp "$BATS_TEST_TMPDIR/st.prev" "$BATS_TEST_TMPDIR/st"
	alert "${args[@]}" --state "$BATS_TEST_TMPDIR/st" --exec "$BATS_TEST_TMPDIR/hook" ';' \
	    "$BATS_TEST_TMPDIR/part2" > "$BATS_TEST_TMPDIR/again"
	grep -q resolved "$BATS_TEST_TMPDIR/again"
	assert_eq "$(ls "$BATS_TEST_TMPDIR/runs" | wc -l)" 2
}
