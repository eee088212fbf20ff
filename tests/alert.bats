#!/usr/bin/env bats
# alert.bats -- alert rules and their state machines, with exact
# expected transition lists.

load helpers

T0=1767225600	# 2026-01-01T00:00:00Z

# An event at T0 + $1 seconds with the fields of the JSON object $2.
ev() {
	jq -cn --argjson s "$1" --argjson f "$2" '{"@timestamp": ('"$T0"' + $s | todate)} + $f'
}

# Transitions as "rule state at(seconds after T0) group".
transitions() {
	jq -r 'select(."@alert") | ."@alert" as $a |
	    "\($a.rule) \($a.state) \($a.at | sub("\\.[0-9]+Z$"; "Z") | fromdate - '"$T0"')\(if .host then " " + .host else "" end)"'
}

@test "alert: a threshold rule on raw events fires and resolves once" {
	{ ev 0 '{"host":"a","latency_ms":100}'
	  ev 10 '{"host":"a","latency_ms":1500}'
	  ev 20 '{"host":"b","latency_ms":2000}'
	  ev 30 '{"host":"a","latency_ms":1800}'
	  ev 40 '{"host":"a","latency_ms":90}'
	  ev 50 '{"host":"b","latency_ms":80}'
	  ev 60 '{"host":"a","latency_ms":95}'
	} > "$BATS_TEST_TMPDIR/in"
	alert -r 'slow: latency_ms > 1000' -g host --severity critical \
	    "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "slow firing 10 a
slow firing 20 b
slow resolved 40 a
slow resolved 50 b"
	run -0 jq -r '."@alert".severity' "$BATS_TEST_TMPDIR/out"
	assert_eq "$(printf '%s\n' "$output" | sort -u)" critical
	# Only alerts went out (no --pass), and the value is the left side.
	assert_eq "$(wc -l < "$BATS_TEST_TMPDIR/out")" 4
	run -0 jq -r '."@alert".value' "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "1500
2000
90
80"
}

@test "alert: for and keep_firing_for turn a flapping series into one alert" {
	# Errors per minute for one host: above 10 at minutes 1-8 except 4
	# and 6 (flaps), then calm.
	{ for m in 1 2 3 4 5 6 7 8 9 10 11 12; do
		case $m in 4|6|9|10|11|12) e=1 ;; *) e=20 ;; esac
		row "$m" "{\"host\":\"web-1\",\"errors\":$e}"
		close "$m"
	  done; } > "$BATS_TEST_TMPDIR/in"
	# Without for/keep_firing_for: every flap is an alert.
	run -0 pipeline "alert -r 'errs: errors > 10' -g host '$BATS_TEST_TMPDIR/in' | jq -r 'select(.\"@alert\") | .\"@alert\".state' | grep -c firing"
	assert_eq "$output" 3
	# With them: pending at 1, firing at 2 (true for a minute), the
	# flaps at 4 and 6 are shorter than keep_firing_for, so it stays
	# firing; from 9 it is calm, resolved once the calm lasts 2m (11).
	alert -r 'errs: errors > 10' -g host --for 1m --keep-firing-for 2m --pending \
	    "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "errs pending 60 web-1
errs firing 120 web-1
errs resolved 660 web-1"
}

@test "alert: a group missing from a closed window counts as recovered" {
	{ row 1 '{"host":"a","errors":20}'; close 1
	  close 2
	  row 3 '{"host":"a","errors":20}'; close 3
	} > "$BATS_TEST_TMPDIR/in"
	alert -r 'errs: errors > 10' -g host "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "errs firing 60 a
errs resolved 120 a
errs firing 180 a"
}

@test "alert: hysteresis with resolve_when" {
	cat > "$BATS_TEST_TMPDIR/rules.json" <<'EOF'
[{"name": "cpu", "when": "cpu > 90", "resolve_when": "cpu < 70", "by": "host"}]
EOF
	i=0
	for v in 50 95 85 75 92 65 80; do
		ev $((i * 10)) "{\"host\":\"h\",\"cpu\":$v}"
		i=$((i + 1))
	done > "$BATS_TEST_TMPDIR/in"
	alert --rules "$BATS_TEST_TMPDIR/rules.json" "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	# Fires at 95 (t=10), stays firing through 85, 75, 92 (below 90 is
	# not enough), resolves only at 65 (t=50), not again at 80.
	assert_eq "$output" "cpu firing 10 h
cpu resolved 50 h"
}

@test "alert: absence of one host while the others keep reporting" {
	{ for s in 0 30 60 90 120 150 180 210 240; do
		ev "$s" '{"host":"a"}'
		[ "$s" -le 60 ] || [ "$s" -ge 210 ] && ev "$s" '{"host":"b"}'
	  done; } > "$BATS_TEST_TMPDIR/in"
	cat > "$BATS_TEST_TMPDIR/rules.ndjson" <<'EOF'
{"name": "silent", "absent_for": "90s", "by": "host", "severity": "page"}
EOF
	alert --rules "$BATS_TEST_TMPDIR/rules.ndjson" "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	# b last seen at 60: absent once time reaches 150; back at 210.
	assert_eq "$output" "silent firing 150 b
silent resolved 210 b"
	run -0 jq -r '."@alert".since' "$BATS_TEST_TMPDIR/out"
	assert_eq "${lines[0]}" "2026-01-01T00:02:30.000Z"
}

@test "alert: absent(KEY) fires for a key missing from a closed window" {
	{ row 1 '{"host":"a","count":5}'; row 1 '{"host":"b","count":3}'; close 1
	  row 2 '{"host":"a","count":4}'; close 2
	  row 3 '{"host":"a","count":6}'; close 3
	  row 4 '{"host":"a","count":6}'; row 4 '{"host":"b","count":1}'; close 4
	} > "$BATS_TEST_TMPDIR/in"
	alert -r 'gone: absent(host)' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "gone firing 120 b
gone resolved 240 b"
	# Control records still flow (four markers), after the alerts they cause.
	run -0 jq -r 'if ."@ctl" then "ctl" else ."@alert".state end' "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "ctl
firing
ctl
ctl
resolved
ctl"
}

@test "alert: a spike rule with prev()" {
	{ for c in 10 12 11 40 45 12 50; do row $((++m)) "{\"count\":$c}"; close "$m"; done; } \
	    > "$BATS_TEST_TMPDIR/in"
	alert -r 'spike: count > 3 * prev(count)' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	# 40 > 3*11 fires (minute 4); 45 > 120? no: resolves (5); 50 > 36 fires (7).
	assert_eq "$output" "spike firing 240
spike resolved 300
spike firing 420"
}

@test "alert: a change rule with prev()" {
	{ ev 0 '{"svc":"x","status":"up"}'; ev 10 '{"svc":"x","status":"up"}'
	  ev 20 '{"svc":"x","status":"down"}'; ev 30 '{"svc":"x","status":"down"}'
	  ev 40 '{"svc":"x","status":"up"}'; } > "$BATS_TEST_TMPDIR/in"
	run -0 pipeline "alert -r 'flip: prev(status) != null && status != prev(status)' -g svc '$BATS_TEST_TMPDIR/in' | jq -r '.\"@alert\" | \"\\(.state) \\(.at[14:19])\"'"
	assert_eq "$output" "firing 00:20
resolved 00:30
firing 00:40"
}

@test "alert: --renotify repeats a firing alert every DUR of event time" {
	{ for s in 0 60 120 180 240 300 360; do ev "$s" '{"v":1}'; done; } > "$BATS_TEST_TMPDIR/in"
	alert -r 'on: v == 1' --renotify 150s "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "on firing 0
on firing 180
on firing 360"
}

@test "alert: a rules file with several rules, labels and messages" {
	cat > "$BATS_TEST_TMPDIR/rules.json" <<'EOF'
[
 {"name": "errors", "when": "status >= 500", "by": ["host"], "severity": "critical",
  "labels": {"team": "web", "runbook": "https://example.org/5xx"},
  "message": "{host} answered {status} to {path}"},
 {"name": "slow", "when": "latency_ms > 1000", "by": "host,path", "value": "latency_ms / 1000"}
]
EOF
	{ ev 0 '{"host":"h1","status":503,"path":"/a","latency_ms":1500}'
	  ev 5 '{"host":"h1","status":200,"path":"/a","latency_ms":20}'; } > "$BATS_TEST_TMPDIR/in"
	alert --rules "$BATS_TEST_TMPDIR/rules.json" "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 jq -c '[."@alert".rule, ."@alert".state, ."@alert".message, .team, .host, .path, ."@alert".value]' "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" '["errors","firing","h1 answered 503 to /a","web","h1",null,503]
["slow","firing","slow firing for host=h1, path=/a",null,"h1","/a",1.5]
["errors","resolved","errors resolved for host=h1","web","h1",null,200]
["slow","resolved","slow resolved for host=h1, path=/a",null,"h1","/a",0.02]'
}

@test "alert: bad rules are start-up errors naming the rule" {
	printf '{"x":1}\n' > "$BATS_TEST_TMPDIR/in"
	run -2 --separate-stderr alert -r 'bad: count > (1' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"rule 'bad': condition, column "*": "* ]]
	run -2 --separate-stderr alert -r 'no colon here' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"expected 'NAME: EXPRESSION'"* ]]
	run -2 --separate-stderr alert "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"no rules"* ]]
	echo '[{"name":"r1","when":"x > 1","sevrity":"high"}]' > "$BATS_TEST_TMPDIR/r"
	run -2 --separate-stderr alert --rules "$BATS_TEST_TMPDIR/r" "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"rule 'r1': unknown key 'sevrity'"* ]]
	echo '{"name":"r2"}' > "$BATS_TEST_TMPDIR/r"
	run -2 --separate-stderr alert --rules "$BATS_TEST_TMPDIR/r" "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"rule 'r2': needs either \"when\" or \"absent_for\""* ]]
	echo '{"name":"r3","when":"x >","for":"5 minutes"}' > "$BATS_TEST_TMPDIR/r"
	run -2 --separate-stderr alert --rules "$BATS_TEST_TMPDIR/r" "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"rule 'r3': when, column"* ]]
	printf '{"name":"r4","when":"x > 1"}\n{oops\n' > "$BATS_TEST_TMPDIR/r"
	run -2 --separate-stderr alert --rules "$BATS_TEST_TMPDIR/r" "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"r:2: "* ]]
	run -2 --separate-stderr alert --rules "$BATS_TEST_TMPDIR/missing" "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"No such file"* ]]
}

@test "alert: --pass interleaves alerts after the record that caused them" {
	{ ev 0 '{"v":1}'; ev 1 '{"v":9}'; echo '{"@ctl":"heartbeat"}'; ev 2 '{"v":1}'; } > "$BATS_TEST_TMPDIR/in"
	run -0 pipeline "alert -r 'big: v > 5' --pass '$BATS_TEST_TMPDIR/in' | jq -r 'if .\"@alert\" then .\"@alert\".state elif .\"@ctl\" then .\"@ctl\" else .v end'"
	assert_eq "$output" "1
9
firing
heartbeat
1
resolved"
}

@test "alert: --exit-status for cron" {
	ev 0 '{"v":1}' > "$BATS_TEST_TMPDIR/in"
	run -0 alert -r 'big: v > 5' --exit-status "$BATS_TEST_TMPDIR/in"
	run -1 alert -r 'one: v == 1' --exit-status "$BATS_TEST_TMPDIR/in"
	run -0 alert -r 'one: v == 1' "$BATS_TEST_TMPDIR/in"
}

@test "alert: --exec runs a command per alert with the alert on stdin" {
	cat > "$BATS_TEST_TMPDIR/hook" <<EOF
#!/bin/sh
{ printf '%s %s %s ' "\$SLUICE_ALERT_RULE" "\$SLUICE_ALERT_STATE" "\$1"; cat; } >> "$BATS_TEST_TMPDIR/got"
EOF
	chmod +x "$BATS_TEST_TMPDIR/hook"
	{ ev 0 '{"v":9,"note":"$(touch pwned); `id`"}'; ev 1 '{"v":1}'; } > "$BATS_TEST_TMPDIR/in"
	cd "$BATS_TEST_TMPDIR"
	run -0 --separate-stderr alert -r 'big: v > 5' --exec ./hook 'arg one' ';' "$BATS_TEST_TMPDIR/in"
	run -0 cut -d' ' -f1-4 "$BATS_TEST_TMPDIR/got"
	assert_eq "$output" "big firing arg one
big resolved arg one"
	# The alert JSON arrived whole, and data never reached a shell.
	run -0 pipeline "cut -d' ' -f5- '$BATS_TEST_TMPDIR/got' | jq -r '.\"@alert\".state'"
	assert_eq "$output" "firing
resolved"
	[ ! -e "$BATS_TEST_TMPDIR/pwned" ]
}

@test "alert: a failing or hanging command is reported and the stream goes on" {
	{ ev 0 '{"v":9}'; ev 1 '{"v":1}'; ev 2 '{"v":9}'; } > "$BATS_TEST_TMPDIR/in"
	run -0 --separate-stderr alert -r 'big: v > 5' --exec false ';' --stats "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s\n' "$output" | grep -c '"@alert"')" 3
	[[ "$stderr" == *"--exec false: exited with status 1"* ]]
	[[ "$stderr" == *"exec_failed=3"* ]]
	start=$(date +%s)
	run -0 --separate-stderr alert -r 'big: v > 5' --exec-shell 'sleep 30' --exec-timeout 300ms "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s\n' "$output" | grep -c '"@alert"')" 3
	[[ "$stderr" == *"still running after 300ms, killed"* ]]
	[ $(( $(date +%s) - start )) -lt 10 ]
	run -0 --separate-stderr alert -r 'big: v > 5' --exec /no/such/command ';' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"status 127"* ]]
}

@test "alert: batch == live over a slow FIFO replay" {
	{ for m in 1 2 3 4 5 6 7 8; do
		row "$m" "{\"host\":\"a\",\"errors\":$(( (m * 7) % 13 ))}"
		[ "$m" -ne 5 ] && row "$m" '{"host":"b","errors":1}'
		close "$m"
	  done; } > "$BATS_TEST_TMPDIR/in"
	args=(-r 'errs: errors > 6' -r 'gone: absent(host)' -g host --pending --pass)
	alert "${args[@]}" "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/batch"
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	alert "${args[@]}" "$BATS_TEST_TMPDIR/fifo" > "$BATS_TEST_TMPDIR/live" 3>&- &
	(while IFS= read -r l; do printf '%s\n' "$l"; sleep 0.02; done \
	    < "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/fifo") 3>&-
	wait
	cmp "$BATS_TEST_TMPDIR/batch" "$BATS_TEST_TMPDIR/live"
	[ "$(grep -c '"@alert"' "$BATS_TEST_TMPDIR/batch")" -ge 3 ]
}

@test "alert: SSH brute force in the real auth.log, checked against grep/sed/awk" {
	need_data syslog/elastic-examples-auth/auth.log
	f=$DATA/syslog/elastic-examples-auth/auth.log
	# Ours: failed logins per source address per 10 minutes, and a rule.
	run -0 pipeline "ingest -f syslog --year 2015 '$f' | window --tumbling 10m --lateness 1d |
	    aggregate --where 'message =~ \"Failed password\"' \
	        --by-expr 'src=capture(message, \"from ([0-9.]+) port\")' -a count |
	    alert -r 'bruteforce: count >= 10' -g src |
	    jq -r 'select(.\"@alert\".state == \"firing\") | \"\\(.src) \\(.\"@alert\".at)\"' | sort"
	ours=$output
	# The oracle: sed takes time and address of each failed login, jq
	# the 10-minute bucket, awk the runs of consecutive buckets with 10
	# or more (an alert fires at the end of the first bucket of a run).
	run -0 pipeline "grep 'Failed password' '$f' |
	    sed -E 's/^([A-Z][a-z]{2} +[0-9]+ [0-9:]{8}) .* from ([0-9.]+) port.*/\\1 2015|\\2/' |
	    jq -Rr 'split(\"|\") | \"\\(.[1]) \\(.[0] | strptime(\"%b %d %H:%M:%S %Y\") | mktime / 600 | floor)\"' |
	    sort | uniq -c |
	    awk '{ n = \$1; src = \$2; b = \$3
	           if (n >= 10 && !(src == psrc && b == pb + 1 && pn >= 10)) print src, b
	           psrc = src; pb = b; pn = n }' |
	    while read -r src b; do
	        printf '%s %s\n' \"\$src\" \"\$(jq -rn --argjson e \$(( (b + 1) * 600 )) '\$e | todate | sub(\"Z\$\"; \".000Z\")')\"
	    done | sort"
	assert_eq "$ours" "$output"
	[ "$(printf '%s\n' "$ours" | wc -l)" -ge 5 ]
}

@test "alert: untimed records before the first time: since and at null, --for counts from the first time (repro)" {
	need_repro alert-untimed-first.ndjson
	r=$REPRO/alert-untimed-first.ndjson
	# {"v":5} with no time, then v=5 at 00:10 and at 00:20.
	run -0 pipeline "alert -r 'x: v>1' --for 1m --pending '$r' | jq -c '.\"@alert\" | [.state, .since, .at]'"
	assert_eq "$output" '["pending",null,null]
["firing","2026-01-01T00:10:00.000Z","2026-01-01T00:20:00.000Z"]'
	# Firing at once: at no time; --renotify counts from the first time.
	run -0 pipeline "alert -r 'x: v>1' --renotify 5m '$r' | jq -c '.\"@alert\" | [.state, .since, .at]'"
	assert_eq "$output" '["firing",null,null]
["firing","2026-01-01T00:10:00.000Z","2026-01-01T00:20:00.000Z"]'
	# keep_firing_for too: recovering from 00:10, resolved 5m later.
	{ echo '{"v":5}'; ev 600 '{"v":0}'; ev 840 '{"v":0}'; ev 900 '{"v":0}'; } > "$BATS_TEST_TMPDIR/in"
	alert -r 'x: v>1' --keep-firing-for 5m "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < <(jq -c 'select(."@alert".at != null)' "$BATS_TEST_TMPDIR/out")
	assert_eq "$output" "x resolved 900"
	assert_eq "$(grep -c '"at":null' "$BATS_TEST_TMPDIR/out")" 1
	# absent_for: a group seen before any time is seen at the first one.
	echo '{"name":"gone","absent_for":"10m","by":"host"}' > "$BATS_TEST_TMPDIR/rules"
	{ echo '{"host":"a"}'; ev 0 '{"host":"b"}'; ev 300 '{"host":"b"}'
	  ev 1800 '{"host":"c"}'; } > "$BATS_TEST_TMPDIR/in"
	alert --rules "$BATS_TEST_TMPDIR/rules" "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "gone firing 600 a
gone firing 900 b"
	! grep -q 1677 "$BATS_TEST_TMPDIR/out"
}

@test "alert: no time ever: transitions still written, at no time" {
	printf '%s\n' '{"v":1}' '{"v":9}' '{"v":9}' '{"v":1}' > "$BATS_TEST_TMPDIR/in"
	run -0 --separate-stderr alert -r 'big: v > 5' --for 1m --renotify 1s --stats "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" ""
	[[ "$stderr" == *" untimed=4 "* ]]
	run -0 pipeline "alert -r 'big: v > 5' --renotify 1s '$BATS_TEST_TMPDIR/in' | jq -c '.\"@alert\" | [.state, .since, .at]'"
	assert_eq "$output" '["firing",null,null]
["resolved",null,null]'
}

@test "alert: a group not seen for --forget comes back as new" {
	# A change rule: prev() is what a group remembers.
	{ ev 0 '{"k":"a","v":1}'; ev 1800 '{"k":"a","v":2}'; ev 2400 '{"k":"a","v":2}'
	  ev 10800 '{"k":"a","v":3}'; } > "$BATS_TEST_TMPDIR/in"
	rule='chg: prev(v) != null && v != prev(v)'
	alert -r "$rule" -g k "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "chg firing 1800
chg resolved 2400
chg firing 10800"
	# Not seen for 2h20m, more than --forget 1h: v=3 has no prev().
	alert -r "$rule" -g k --forget 1h "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "chg firing 1800
chg resolved 2400"
	# A firing group is never forgotten: it resolves when it comes back.
	{ ev 0 '{"k":"a","v":9}'; ev 86400 '{"k":"a","v":1}'; } > "$BATS_TEST_TMPDIR/in"
	alert -r 'big: v > 5' -g k --forget 1m "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "big firing 0
big resolved 86400"
	# A pending one is: with --for it starts pending again.
	{ ev 0 '{"k":"a","v":9}'; ev 7200 '{"k":"a","v":9}'; ev 7500 '{"k":"a","v":9}'; } > "$BATS_TEST_TMPDIR/in"
	alert -r 'big: v > 5' -g k --for 5m --pending --forget 1h "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/out"
	run -0 transitions < "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "big pending 0
big pending 7200
big firing 7500"
	run -2 --separate-stderr alert -r 'big: v > 5' --forget 0s "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"--forget 0s: must be more than zero"* ]]
}

@test "alert: --state keeps only the groups remembered" {
	{ ev 0 '{"k":"a","v":1}'; ev 60 '{"k":"b","v":1}'; ev 7200 '{"k":"c","v":1}'; } > "$BATS_TEST_TMPDIR/in"
	alert -r 'big: v > 5' -g k --forget 1h --state "$BATS_TEST_TMPDIR/st" "$BATS_TEST_TMPDIR/in"
	run -0 pipeline "sed 1d '$BATS_TEST_TMPDIR/st' | jq -r 'select(has(\"group\")) | .key'"
	assert_eq "$output" '["c"]'
	alert -r 'big: v > 5' -g k --state "$BATS_TEST_TMPDIR/st2" "$BATS_TEST_TMPDIR/in"
	run -0 pipeline "sed 1d '$BATS_TEST_TMPDIR/st2' | jq -r 'select(has(\"group\")) | .key'"
	assert_eq "$output" '["a"]
["b"]
["c"]'
}

@test "alert: memory stays flat over a stream of unique keys with --forget" {
	skip_if_sanitized
	[ -x /usr/bin/time ] || skip "GNU time not installed"
	# A new key every second, a minute remembered: 100k and 1M keys.
	# One in seven fires, and resolves a second later.
	awk 'BEGIN { for (i = 0; i < 1000000; i++) {
	    printf "{\"@timestamp\":%d,\"k\":\"key-%d\",\"v\":%d}\n", 1767225600 + i, i, i % 7 == 6 ? 9 : 0
	    if (i % 7 == 6)
	        printf "{\"@timestamp\":%d,\"k\":\"key-%d\",\"v\":0}\n", 1767225601 + i, i } }' \
	    > "$BATS_TEST_TMPDIR/big"
	head -114286 "$BATS_TEST_TMPDIR/big" > "$BATS_TEST_TMPDIR/small"
	for n in small big; do
		/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss-$n" \
		    alert -r 'x: v > 5' -g k --forget 1m "$BATS_TEST_TMPDIR/$n" \
		    > "$BATS_TEST_TMPDIR/out-$n"
	done
	small=$(cat "$BATS_TEST_TMPDIR/rss-small")
	big=$(cat "$BATS_TEST_TMPDIR/rss-big")
	echo "max RSS: ${small} KiB for 100k keys, ${big} KiB for 1M" >&3
	[ "$big" -lt $((small + 2048)) ]
	# Every key that fired resolved: forgetting lost no transition.
	assert_eq "$(grep -c '"firing"' "$BATS_TEST_TMPDIR/out-big")" 142857
	assert_eq "$(grep -c '"resolved"' "$BATS_TEST_TMPDIR/out-big")" 142857
}

@test "alert: a close costs the groups it can change, not all remembered" {
	# 20,000 hosts in the window [0s, 1s), one in four over the
	# threshold, then 20,000 one-second closes.  Each close looked at
	# every remembered group, and sorted them: 20k took 21 s.
	awk 'function t(s) { return sprintf("2026-01-01T%02d:%02d:%02d.000Z",
	    int(s / 3600), int(s / 60) % 60, s % 60) }
	BEGIN { n = 20000
	    for (i = 0; i < n; i++)
		printf "{\"@window\":{\"start\":\"%s\",\"end\":\"%s\"},\"host\":\"h%d\",\"count\":%d}\n",
		    t(0), t(1), i, i % 4 == 0 ? 10 : 1
	    for (i = 0; i < n; i++)
		printf "{\"@ctl\":\"close\",\"@window\":{\"start\":\"%s\",\"end\":\"%s\"}}\n",
		    t(i), t(i + 1) }' > "$BATS_TEST_TMPDIR/in"
	run -0 timeout 20 alert -r 'a: count > 5' -r 'gone: absent(host)' \
	    -g host "$BATS_TEST_TMPDIR/in"
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out"
	assert_eq "$(grep -c '"@ctl"' "$BATS_TEST_TMPDIR/out")" 20000
	# The 5,000 fire on their rows; at the close of [1s, 2s), which
	# they miss, they resolve and every host is gone, in the order of
	# the hosts, each rule's in turn.
	run -0 jq -r 'select(."@alert") | ."@alert" as $a |
	    "\($a.rule) \($a.state) \($a.at[17:19])"' "$BATS_TEST_TMPDIR/out"
	assert_eq "$(printf '%s\n' "$output" | uniq -c | awk '{ $1 = $1 } 1')" \
	    "5000 a firing 01
5000 a resolved 02
20000 gone firing 02"
	run -0 jq -r 'select(."@alert".state == "resolved") | .host' \
	    "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "$(seq 0 4 19999 | sed 's/^/h/')"
	run -0 jq -r 'select(."@alert".rule == "gone") | .host' \
	    "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "$(seq 0 19999 | sed 's/^/h/')"
}
