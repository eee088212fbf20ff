# helpers.bash -- loaded by every test file.
bats_require_minimum_version 1.7.0

# The binaries under test: bin/, or the sanitizer build via SLUICE_BIN.
REPO_BIN=$(cd "$BATS_TEST_DIRNAME/.." && pwd)/bin
SLUICE_BIN=${SLUICE_BIN:-$REPO_BIN}
# Tools from SLUICE_BIN; generators and drivers also from bin/.
PATH="$SLUICE_BIN:$REPO_BIN:$PATH"
export PATH SLUICE_BIN
FIX=$BATS_TEST_DIRNAME/fixtures
# Real external data, read in place (never copied into the repository).
DATA=${SLUICE_DATA:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)/shared/data}
export LC_ALL=C.UTF-8 TZ=UTC

# bats' own skip, kept as bats_skip (once: a file may load helpers twice).
if ! declare -F bats_skip >/dev/null; then
	eval "bats_skip() $(declare -f skip | sed 1d)"
fi

# skip [REASON]: bats' skip, except that with CI=true a reason that is
# not on tests/skip-allowed fails the test: in CI a test that did not
# run must not pass unnoticed.
skip() {
	if [ "${CI:-}" = true ] && ! skip_allowed "${1:-}"; then
		printf '%s: "%s" skipped in CI: "%s" is not on tests/skip-allowed\n' \
		    "${BATS_TEST_FILENAME##*/}" "$BATS_TEST_DESCRIPTION" \
		    "${1:-}" >&2
		exit 1
	fi
	bats_skip "$@"
}

# Whether "$1" is a reason on tests/skip-allowed (the whole line).
skip_allowed() {
	[ -n "$1" ] && grep -v '^#' "$BATS_TEST_DIRNAME/skip-allowed" |
	    grep -qxF -- "$1"
}

# Skip the test, saying why, when a file of the shared data is missing.
need_data() {
	local f
	for f in "$@"; do
		[ -e "$DATA/$f" ] || skip "shared data not found: $DATA/$f"
	done
}

# The reproducers of ../shared/repro (inputs that once broke a promise).
REPRO=${SLUICE_REPRO:-$DATA/../repro}
need_repro() {
	local f
	for f in "$@"; do
		[ -e "$REPRO/$f" ] || skip "shared data not found: $REPRO/$f"
	done
}

# Run a shell pipeline with pipefail: run -0 pipeline "a | b".
pipeline() {
	bash -o pipefail -c "$1"
}

# Fail with a message unless "$1" = "$2", showing both.
assert_eq() {
	if [ "$1" != "$2" ]; then
		printf 'expected: %s\n     got: %s\n' "$2" "$1" >&2
		return 1
	fi
}

# Fail unless the two files are identical, showing a diff.
assert_same_file() {
	diff -u "$1" "$2" >&2
}

# Wait up to $2 seconds (default 10) for a command to succeed.
wait_for() {
	local cmd=$1 limit=${2:-10} i=0
	while ! eval "$cmd"; do
		i=$((i + 1))
		[ "$i" -ge $((limit * 20)) ] && return 1
		sleep 0.05
	done
}

# The value of NAME=N in a "TOOL: stats:" line held in $stderr.
stat_of() {
	printf '%s\n' "$stderr" | sed -n "s/.*stats:.*[ :]$1=\([0-9]*\).*/\1/p"
}

# ingest's accounting: lines_in = records_out + rejected + skipped +
# continuation_lines, from the --stats line in $stderr.
assert_accounted() {
	local in out rej skip cont
	in=$(stat_of lines_in)
	out=$(stat_of records_out)
	rej=$(stat_of rejected)
	skip=$(stat_of skipped)
	cont=$(stat_of continuation_lines)
	[ -n "$in" ] && [ -n "$out" ] && [ -n "$rej" ] && [ -n "$skip" ]
	assert_eq "$in" "$((out + rej + skip + ${cont:-0}))"
}

# Memory use means nothing under AddressSanitizer: skip such checks.
skip_if_sanitized() {
	[ -z "${SLUICE_SANITIZED:-}" ] || skip "memory is not measured under AddressSanitizer"
}

# The least each tool needs besides its input.
args_for() {
	case $1 in
	window)		echo "--tumbling 1m" ;;
	aggregate)	echo "-a count" ;;
	alert)		echo "-r x:true" ;;
	*)		echo "" ;;
	esac
}

# Succeed when process $1 has ended (gone, or a zombie not yet reaped).
ended() {
	local st

	st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 0
	[ -z "$st" ] || [ "$st" = Z ]
}

# Stop the reader started in the background as $pid with SIGTERM; it
# must end within 20 s with status 143.
stop_reader() {
	kill -TERM "$pid"
	wait_for "ended $pid" 20
	status=0
	wait "$pid" || status=$?
	assert_eq "$status" 143
}

# The bytes process $1 has read so far.
rchar() {
	sed -n 's/^rchar: //p' "/proc/$1/io"
}

# Kill the background jobs a test started and kept in JOBS (teardown).
kill_jobs() {
	local p

	for p in "${JOBS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
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

# Kill, and wait for, the servers a test started (their PIDs in
# $BATS_TEST_TMPDIR/pids): for teardown.
kill_pids() {
	local pid
	[ -f "$BATS_TEST_TMPDIR/pids" ] || return 0
	while read -r pid; do
		kill "$pid" 2>/dev/null || true
	done < "$BATS_TEST_TMPDIR/pids"
	while read -r pid; do
		wait "$pid" 2>/dev/null || true
	done < "$BATS_TEST_TMPDIR/pids"
}

# An aggregate row of the minute window ending at T0 + $1 minutes (T0:
# epoch seconds, set by the test file), with the members of JSON $2.
row() {
	jq -cn --argjson m "$1" --argjson f "$2" \
	    '{"@window": {"start": ('"$T0"' + ($m - 1) * 60 | todate | sub("Z$"; ".000Z")),
	      "end": ('"$T0"' + $m * 60 | todate | sub("Z$"; ".000Z"))}} + $f'
}

# The close marker of that window.
close() {
	jq -cn --argjson m "$1" \
	    '{"@ctl": "close", "@window": {"start": ('"$T0"' + ($m - 1) * 60 | todate | sub("Z$"; ".000Z")),
	      "end": ('"$T0"' + $m * 60 | todate | sub("Z$"; ".000Z"))}}'
}
