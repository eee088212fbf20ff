#!/usr/bin/env bats
# alert_alertmanager.bats -- alert --alertmanager: the payload of
# Alertmanager's v2 API as a python3 server records it, a refused
# connection, and a real prometheus-alertmanager that shows, groups,
# silences and resolves the alerts.

load helpers

# Two hours ago, on a minute: Alertmanager takes an endsAt in the past
# as resolved, so the fixture's times must be in the past.
T0=$(( ($(date +%s) - 7200) / 60 * 60 ))

# T0 + $1 minutes in RFC 3339, as alert writes it.
at() {
	jq -nr --argjson m "$1" "$T0"' + $m * 60 | todate | sub("Z$"; ".000Z")'
}

# GET a URL with python3: the body on stdout, status 1 on failure.
get() {
	python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1" 2>/dev/null
}

teardown() {
	kill_pids
}

# Hosts a, b, c fire in window 1 and resolve in window 2; d fires in
# windows 1 to 3.
fixture() {
	{ for h in a b c d; do row 1 "{\"host\":\"$h\",\"errors\":9}"; done
	  close 1
	  row 2 '{"host":"d","errors":7}'; close 2
	  row 3 '{"host":"d","errors":8}'; close 3; } > "$BATS_TEST_TMPDIR/in"
}

RULE='errs: errors > 5 message="{errors} errors on {host}" resolved_message="{host} is fine" labels=team=web severity=page'

@test "alert_alertmanager: the posts carry the v2 payload; firing alerts are sent again at each close" {
	recorder "$BATS_TEST_TMPDIR/posts"
	fixture
	run -0 --separate-stderr alert -g host -r "$RULE" \
	    --alertmanager "http://127.0.0.1:$PORT/" --generator-url 'http://example.org/"x"' \
	    --stats "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *" am_failed=0" ]]
	# The stream is as without --alertmanager.
	assert_eq "$output" "$(alert -g host -r "$RULE" "$BATS_TEST_TMPDIR/in")"
	P=$BATS_TEST_TMPDIR/posts
	# Three closes with alerts firing, then the end of the input: four
	# posts to /api/v2/alerts, each a JSON array.
	assert_eq "$(jq -r '[.path, .type, .host, .connection, (.body | type)] | join(" ")' "$P")" \
	    "$(for i in 1 2 3 4; do echo "/api/v2/alerts application/json 127.0.0.1:$PORT close array"; done)"
	# Close 1: four firing, since the end of window 1, no endsAt.
	run -0 jq -c 'select(input_line_number == 1) | .body | sort_by(.labels.host)[]' "$P"
	for h in a b c d; do
		expect+=("$(jq -cn --arg h "$h" --arg s "$(at 1)" '{labels: {alertname: "errs", host: $h, team: "web", severity: "page"},
		    annotations: {message: "9 errors on \($h)", value: "9"}, startsAt: $s,
		    generatorURL: "http://example.org/\"x\""}')")
	done
	assert_eq "$output" "$(printf '%s\n' "${expect[@]}")"
	# Close 2: a, b, c resolved at the end of window 2 with their own
	# message and their last value; d sent again as it fired.
	run -0 jq -c 'select(input_line_number == 2) | .body | sort_by(.labels.host)[] | [.labels.host, .annotations.message, .annotations.value, .startsAt, .endsAt]' "$P"
	assert_eq "$output" "[\"a\",\"a is fine\",\"9\",\"$(at 1)\",\"$(at 2)\"]
[\"b\",\"b is fine\",\"9\",\"$(at 1)\",\"$(at 2)\"]
[\"c\",\"c is fine\",\"9\",\"$(at 1)\",\"$(at 2)\"]
[\"d\",\"9 errors on d\",\"9\",\"$(at 1)\",null]"
	# Close 3 and the end: d alone, firing.
	run -0 jq -c 'select(input_line_number > 2) | .body | map([.labels.host, .annotations.value, .endsAt])' "$P"
	assert_eq "$output" '[["d","9",null]]
[["d","9",null]]'
}

@test "alert_alertmanager: a refused connection is warned once, counted, and the stream goes on" {
	fixture
	port=$(free_port)
	run --separate-stderr alert -g host -r "$RULE" \
	    --alertmanager "http://127.0.0.1:$port" --stats "$BATS_TEST_TMPDIR/in"
	# The exit status is that without --alertmanager: 0.
	[ "$status" -eq 0 ]
	assert_eq "$output" "$(alert -g host -r "$RULE" "$BATS_TEST_TMPDIR/in")"
	# Four posts failed; one warning says so.
	[[ "$stderr" == *" am_failed=4" ]]
	assert_eq "$(grep -c -- "--alertmanager: POST http://127.0.0.1:$port/api/v2/alerts: " <<< "$stderr")" 1
	[[ "$stderr" == *"Connection refused"* ]]
	# https, and --exec with it, are refused at the start.
	run -2 --separate-stderr alert -r "$RULE" --alertmanager https://127.0.0.1:9093 "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"https is not supported"*"--exec"* ]]
	run -2 --separate-stderr alert -r "$RULE" --alertmanager http://127.0.0.1:9093 --exec true ';' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"give --exec or --alertmanager, not both"* ]]
	run -2 --separate-stderr alert -r "$RULE" --alertmanager 127.0.0.1:9093 "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"not an http:// URL"* ]]
}

@test "alert_alertmanager: a server that never answers costs each post --exec-timeout, no more" {
	fixture
	# A listener that takes connections and never answers.
	for i in 1 2 3 4 5; do
		port=$(free_port)
		python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16); time.sleep(600)' "$port" 2>/dev/null &
		pid=$!
		echo "$pid" >> "$BATS_TEST_TMPDIR/pids"
		wait_listening "$port" "$pid" && break
	done
	run -0 --separate-stderr timeout 60 alert -g host -r "$RULE" \
	    --alertmanager "http://127.0.0.1:$port" --exec-timeout 1s --stats "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" "$(alert -g host -r "$RULE" "$BATS_TEST_TMPDIR/in")"
	[[ "$stderr" == *" am_failed=4" ]]
	[[ "$stderr" == *"/api/v2/alerts: no answer: timed out (later failures are counted in am_failed until a post works)"* ]]
}

# alertmanager: start prometheus-alertmanager on a free port (tried up
# to 5 times) with a route grouping by alertname to a webhook, the
# recorder writing to $T/hooks.  Sets AM (its URL).
alertmanager() {
	local i pid port
	recorder "$BATS_TEST_TMPDIR/hooks"
	cat > "$BATS_TEST_TMPDIR/am.yml" <<YML
route:
  receiver: hook
  group_by: ['alertname']
  group_wait: 3s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:$PORT/
        send_resolved: false
YML
	for i in 1 2 3 4 5; do
		port=$(free_port)
		/usr/bin/prometheus-alertmanager \
		    --config.file="$BATS_TEST_TMPDIR/am.yml" \
		    --storage.path="$BATS_TEST_TMPDIR/am$i" \
		    --web.listen-address="127.0.0.1:$port" \
		    --cluster.listen-address= --log.level=warn \
		    2>> "$BATS_TEST_TMPDIR/am.log" &
		pid=$!
		AM=http://127.0.0.1:$port
		# Ready: generous, the machine may be loaded.
		for _ in $(seq 1 600); do
			kill -0 "$pid" 2>/dev/null || break
			if get "$AM/-/ready" >/dev/null; then
				echo "$pid" >> "$BATS_TEST_TMPDIR/pids"
				return 0
			fi
			sleep 0.1
		done
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	cat "$BATS_TEST_TMPDIR/am.log" >&2
	return 1
}

# wait_for CMD...: run CMD every 0.2 s until it succeeds (up to 60 s).
wait_for() {
	local i
	for i in $(seq 1 300); do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

# The alerts errs as Alertmanager's API lists them (all states).
am_alerts() {
	get "$AM/api/v2/alerts?filter=alertname%3Derrs" > "$BATS_TEST_TMPDIR/alerts.json"
}

# Whether Alertmanager lists $1 alerts errs in state $2.
am_count() {
	am_alerts && [ "$(jq --arg s "$2" '[.[] | select(.status.state == $s)] | length' "$BATS_TEST_TMPDIR/alerts.json")" = "$1" ]
}

# Whether the webhook got a notification.
hooked() {
	[ -s "$BATS_TEST_TMPDIR/hooks" ]
}

# Whether no alert errs is firing any more: none listed, or each with
# an endsAt in the past.
all_resolved() {
	am_alerts && python3 - "$BATS_TEST_TMPDIR/alerts.json" <<'PY'
import json, sys, datetime
now = datetime.datetime.now(datetime.timezone.utc)
for a in json.load(open(sys.argv[1])):
    end = datetime.datetime.strptime(a["endsAt"][:19], "%Y-%m-%dT%H:%M:%S")
    if end.replace(tzinfo=datetime.timezone.utc) > now:
        sys.exit(1)
PY
}

@test "alert_alertmanager: a real Alertmanager shows, groups, silences and resolves the alerts" {
	[ -x /usr/bin/prometheus-alertmanager ] || skip "prometheus-alertmanager is not installed"
	alertmanager
	# alert reads a pipe: the firing windows first, the resolve later.
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	alert -g host -r 'errs: errors > 5 message="{errors} errors on {host}" labels=team=web' \
	    --alertmanager "$AM" --generator-url http://example.org/sluice --stats \
	    < "$BATS_TEST_TMPDIR/fifo" > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" &
	apid=$!
	echo "$apid" >> "$BATS_TEST_TMPDIR/pids"
	exec 7> "$BATS_TEST_TMPDIR/fifo"
	# One write, so that alert reads the three rows and the close without
	# a pause between them (at a pause it posts what has fired so far).
	rows=$(for h in a b c; do row 1 "{\"host\":\"$h\",\"errors\":9}"; done; close 1)
	printf '%s\n' "$rows" >&7
	# The three alerts appear, active, with their labels and annotations.
	wait_for am_count 3 active
	run -0 amtool --alertmanager.url="$AM" alert query -o json alertname=errs
	run -0 jq -c 'sort_by(.labels.host)[] | [.labels, .annotations, .generatorURL, .startsAt]' <<< "$output"
	assert_eq "$output" "$(for h in a b c; do
		jq -cn --arg h "$h" --arg s "$(at 1)" '[{alertname: "errs", host: $h, severity: "warning", team: "web"},
		    {message: "9 errors on \($h)", value: "9"}, "http://example.org/sluice", $s]'
	done)"
	# Alertmanager groups them by alertname: one notification, three alerts.
	wait_for hooked
	run -0 jq -c '.body | [.groupLabels, (.alerts | map(.labels.host) | sort), .status]' "$BATS_TEST_TMPDIR/hooks"
	assert_eq "$output" '[{"alertname":"errs"},["a","b","c"],"firing"]'
	# A silence of Alertmanager's silences them.
	run -0 amtool --alertmanager.url="$AM" silence add alertname=errs -c test -a bats -d 1h
	wait_for am_count 3 suppressed
	# Window 2 has no rows: the three resolve, and Alertmanager says so.
	close 2 >&7
	exec 7>&-
	wait "$apid"
	wait_for all_resolved
	run -0 amtool --alertmanager.url="$AM" alert query -o json alertname=errs
	assert_eq "$(jq length <<< "$output")" 0
	grep -q " am_failed=0$" "$BATS_TEST_TMPDIR/err"
	# Still one notification: the silence, and send_resolved false.
	sleep 3
	assert_eq "$(wc -l < "$BATS_TEST_TMPDIR/hooks")" 1
}

@test "alert_alertmanager: an early alert, in a window still open, is shown by a real Alertmanager from now" {
	[ -x /usr/bin/prometheus-alertmanager ] || skip "prometheus-alertmanager is not installed"
	alertmanager
	# A provisional row of the hour under way: its window ends later
	# than now, the time the alert fires at; Alertmanager refuses a
	# start after the end it gives an alert, so the start sent is now.
	read -r start end < <(python3 -c '
import datetime as d
n = d.datetime.now(d.timezone.utc).replace(minute=0, second=0, microsecond=0)
f = "%Y-%m-%dT%H:%M:%S.000Z"
print(n.strftime(f), (n + d.timedelta(hours=1)).strftime(f))')
	printf '{"@window":{"start":"%s","end":"%s"},"host":"h","errors":150,"@final":false}\n' \
	    "$start" "$end" > "$BATS_TEST_TMPDIR/rows"
	before=$(date -u +%s)
	run -0 --separate-stderr alert --early -g host -r 'errs: errors > 100' \
	    --alertmanager "$AM" --stats "$BATS_TEST_TMPDIR/rows"
	after=$(date -u +%s)
	[[ "$stderr" == *" am_failed=0"* ]]
	# The alert written says when it fires in event time, as before.
	assert_eq "$(jq -r '."@alert" | [.state, .since] | @tsv' <<< "$output")" "$(printf 'firing\t%s' "$end")"
	wait_for am_count 1 active
	starts=$(jq -r '.[0].startsAt' "$BATS_TEST_TMPDIR/alerts.json")
	s=$(date -u -d "$starts" +%s)
	[ "$s" -ge "$before" ] && [ "$s" -le "$after" ]
}
