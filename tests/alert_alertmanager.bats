#!/usr/bin/env bats
# alert_alertmanager.bats -- alert --alertmanager: the payload of
# Alertmanager's v2 API as a python3 server records it, a refused
# connection, and a real prometheus-alertmanager that shows, groups,
# silences and resolves the alerts.

load helpers

# Two hours ago, on a minute: Alertmanager takes an endsAt in the past
# as resolved, so the fixture's times must be in the past.
T0=$(( ($(date +%s) - 7200) / 60 * 60 ))

# An aggregate row of the minute window ending at T0 + $1 minutes.
row() {
	jq -cn --argjson m "$1" --argjson f "$2" \
	    '{"@window": {"start": ('"$T0"' + ($m - 1) * 60 | todate | sub("Z$"; ".000Z")),
	      "end": ('"$T0"' + $m * 60 | todate | sub("Z$"; ".000Z"))}} + $f'
}

# The close marker of the minute window ending at T0 + $1 minutes.
close() {
	jq -cn --argjson m "$1" \
	    '{"@ctl": "close", "@window": {"start": ('"$T0"' + ($m - 1) * 60 | todate | sub("Z$"; ".000Z")),
	      "end": ('"$T0"' + $m * 60 | todate | sub("Z$"; ".000Z"))}}'
}

# T0 + $1 minutes in RFC 3339, as alert writes it.
at() {
	jq -nr --argjson m "$1" "$T0"' + $m * 60 | todate | sub("Z$"; ".000Z")'
}

# A port nothing listens on now, on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# recorder FILE: a python3 HTTP server on a free port (tried up to 5
# times) that appends each POST as one JSON line {path, type, host,
# body} to FILE and answers 200.  Sets PORT; its PID goes to $T/pids.
recorder() {
	cat > "$BATS_TEST_TMPDIR/rec.py" <<'PY'
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        b = self.rfile.read(int(self.headers["Content-Length"]))
        with open(sys.argv[2], "a") as f:
            f.write(json.dumps({"path": self.path,
                "type": self.headers.get("Content-Type"),
                "host": self.headers.get("Host"),
                "connection": self.headers.get("Connection"),
                "body": json.loads(b)}) + "\n")
        self.send_response(200)
        self.end_headers()
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
	local i pid
	for i in 1 2 3 4 5; do
		PORT=$(free_port)
		python3 "$BATS_TEST_TMPDIR/rec.py" "$PORT" "$1" 2>/dev/null &
		pid=$!
		if wait_listening "$PORT" "$pid"; then
			echo "$pid" >> "$BATS_TEST_TMPDIR/pids"
			return 0
		fi
		kill "$pid" 2>/dev/null || true
	done
	return 1
}

# Wait (up to 30 s) until 127.0.0.1:$1 takes connections, while PID $2
# runs: 0, or 1 if it died or time ran out.
wait_listening() {
	local i
	for i in $(seq 1 300); do
		kill -0 "$2" 2>/dev/null || return 1
		python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# GET a URL with python3: the body on stdout, status 1 on failure.
get() {
	python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1" 2>/dev/null
}

teardown() {
	local pid
	if [ -f "$BATS_TEST_TMPDIR/pids" ]; then
		while read -r pid; do
			kill "$pid" 2>/dev/null || true
		done < "$BATS_TEST_TMPDIR/pids"
		while read -r pid; do
			wait "$pid" 2>/dev/null || true
		done < "$BATS_TEST_TMPDIR/pids"
	fi
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
