#!/usr/bin/env bats
# report_live.bats -- report --live on a terminal (tmux) and into a file,
# fed through a FIFO: redraws on close markers, restores the terminal,
# appends one table per window when not a terminal.  Also the table's
# terminal-only behaviour: cutting to the width, colour, NO_COLOR.
#
# Background jobs are started with 3>&- and killed in teardown if a test
# failed half way.  Waits are bounded (wait_for).

load helpers

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	command -v tmux >/dev/null || skip "tmux is not installed"
	JOBS=()
	W=
}

teardown() {
	[ -n "$W" ] && exec {W}>&- 2>/dev/null
	kill_jobs
	T kill-server 2>/dev/null || true
}

T() {
	tmux -S "$BATS_TEST_TMPDIR/tmux.sock" "$@"
}

# A terminal of $1 columns and $2 rows running an interactive shell.
start_term() {
	T -f /dev/null new-session -d -s main -x "${1:-100}" -y "${2:-30}" \
	    "env PS1='PROMPT\$ ' bash --norc --noprofile -i"
	wait_for "pane | grep -q PROMPT" 10
}

# What the terminal shows; with -e, with its escape sequences.
pane() {
	T capture-pane -p "$@" -t main
}

# Whether the terminal is in its alternate screen.
alt_on() {
	[ "$(T display -p -t main '#{alternate_on}')" = 1 ]
}

# The meta record aggregate writes first: count adds up.
META='{"@ctl":"meta","by":["host"],"metrics":[{"name":"count","fn":"count","merge":"sum"}]}'

# window K: the rows of the K-th 10-minute window of 2026-11-21 and its
# close marker; web-1 counts 100+K, web-2 200+K.
window() {
	jq -nc --argjson k "$1" '(1795219200 + $k * 600) as $s
	    | {"start": ($s | todate | sub("Z$"; ".000Z")),
	       "end": ($s + 600 | todate | sub("Z$"; ".000Z"))} as $w
	    | {"@window": $w, "host": "web-1", "count": (100 + $k)},
	      {"@window": $w, "host": "web-2", "count": (200 + $k)},
	      {"@ctl": "close", "@window": $w}'
}

# The rows of window K without the marker.
rows_only() {
	window "$1" | grep -v '"@ctl"'
}

# The rows of window K as provisional rows (aggregate --early) with the
# counts web-1 $2 and web-2 $3: "@final":false as their last member.
early() {
	rows_only "$1" | jq -c --argjson a "$2" --argjson b "$3" \
	    '.count = (if .host == "web-1" then $a else $b end)
	    | .["@final"] = false'
}

# Each table of the log of report --live in $1 on one line: its heading,
# "|", then host=count of its rows.
blocks() {
	awk '/^window / { if (h != "") print h "|" r; h = $0; r = ""; next }
	    /^web-/ { r = r $1 "=" $2 " " }
	    END { if (h != "") print h "|" r }' "$1"
}

W1='2026-11-21T00:10:00.000Z to 2026-11-21T00:20:00.000Z'
W2='2026-11-21T00:20:00.000Z to 2026-11-21T00:30:00.000Z'

# Open the FIFO for writing (after the reader was started).
open_fifo() {
	exec {W}> fifo
}

send() {
	printf '%s\n' "$@" >&"$W"
}

# The same in one write(2) (less than PIPE_BUF), so that the reader gets
# the lines together: one table in the log for them, not one for each.
send_once() {
	printf '%s\n' "$@" > batch
	[ "$(wc -c < batch)" -lt 4096 ]
	cat batch >&"$W"
}

@test "report_live: on a terminal, redraws on close markers; ^C restores it" {
	mkfifo fifo
	start_term 100 30
	T send-keys -t main "sh -c 'echo \$\$ > pid; exec report --live' < fifo" Enter
	open_fifo
	send "$META" "$(window 1)"
	wait_for "pane | grep -q 'web-2  *201'" 10
	alt_on
	pane | grep -q '00:10:00.000Z to 2026-11-21T00:20:00.000Z'
	# A sparkline per metric.
	pane | grep -q '^count  *[▁▂▃▄▅▆▇█]'
	# Rows of a window still open are not shown; its marker shows them.
	send "$(rows_only 2)"
	sleep 0.5
	pane | grep -q 'web-2  *201'
	! pane | grep -q 'web-2  *202'
	send "$(window 2 | tail -1)"
	wait_for "pane | grep -q 'web-2  *202'" 10
	! pane | grep -q 'web-2  *201'
	pane | grep -q '^count  *[▁▂▃▄▅▆▇█][▁▂▃▄▅▆▇█]'
	# ^C: the alternate screen is left, the shell is back, the table gone.
	T send-keys -t main C-c
	wait_for "! alt_on" 10
	wait_for "pane | grep -q '^PROMPT\\$ *\$'" 10
	! pane | grep -q 'web-2'
	pid=$(cat pid)
	wait_for "ended $pid" 5
}

@test "report_live: at end of input the last view stays on the normal screen" {
	mkfifo fifo
	start_term 100 30
	T send-keys -t main "report --live < fifo; echo END:\$?" Enter
	open_fifo
	send "$(window 1)" "$(window 2)"
	wait_for "pane | grep -q 'web-2  *202'" 10
	alt_on
	exec {W}>&-
	W=
	wait_for "pane | grep -q END:0" 10
	! alt_on
	# The final view, printed once more after leaving the alternate screen.
	pane | grep -q 'web-2  *202'
	pane | grep -q 'windows 2, rows 4'
}

@test "report_live: SIGTERM restores the terminal too, and redraws follow a resize" {
	mkfifo fifo
	start_term 100 30
	T send-keys -t main "sh -c 'echo \$\$ > pid; exec report --live' < fifo" Enter
	open_fifo
	send "$(window 1)"
	wait_for "pane | grep -q 'web-2  *201'" 10
	# Narrower: the title line is cut to the new width, with an ellipsis.
	T resize-window -t main -x 40
	wait_for "pane | head -1 | grep -q '…\$'" 10
	[ "$(pane | wc -L)" -le 40 ]
	pid=$(cat pid)
	kill -TERM "$pid"
	wait_for "ended $pid" 5
	wait_for "! alt_on" 5
	! pane | grep -q 'web-2'
}

@test "report_live: a backlog of markers is drawn together, the last one shown" {
	mkfifo fifo
	start_term 100 30
	T send-keys -t main "report --live --rate 2 < fifo" Enter
	open_fifo
	for k in $(seq 1 300); do window "$k"; done > backlog
	cat backlog >&"$W"
	# No more input: the view still catches up with the last window.
	wait_for "pane | grep -q 'web-2  *500'" 10
	pane | grep -q 'windows 300, rows 600'
}

@test "report_live: not a terminal: one table per window, flushed at once" {
	mkfifo fifo
	report --live < fifo > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	open_fifo
	send "$(window 1)"
	wait_for "grep -q 'web-2  *201' out" 10
	! ended "$pid"
	assert_eq "$(head -1 out)" "window 2026-11-21T00:10:00.000Z to 2026-11-21T00:20:00.000Z, 2 rows"
	send "$(rows_only 2)"
	sleep 0.3
	! grep -q 'web-2  *202' out
	send "$(window 2 | tail -1)" "$(window 3)"
	wait_for "grep -q 'web-2  *203' out" 10
	exec {W}>&-
	W=
	wait "$pid"
	assert_eq "$(grep -c '^window ' out)" 3
	# No colour when not a terminal.
	! grep -q $'\e' out
	assert_eq "$(cat err)" ""
}

@test "report_live: -o rewrites the file whole at each window" {
	mkfifo fifo
	report --live -f json -o page.json < fifo 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	open_fifo
	send "$(window 1)"
	wait_for "[ -s page.json ]" 10
	jq -e '.counts.windows == 1' page.json
	send "$(window 2)"
	wait_for "jq -e '.counts.windows == 2' page.json >/dev/null" 10
	exec {W}>&-
	W=
	wait "$pid"
	jq -e '.counts.records == 4' page.json
	assert_eq "$(ls -A | grep -c '^\.page')" 0
}

@test "report_live: a table on a terminal is cut to its width, with colour" {
	long=$(printf 'x%.0s' $(seq 1 150))
	printf '{"name":"%s","note":"short","n":1}\n{"name":"b","note":"%s","n":22}\n' \
	    "$long" "$long" > in
	start_term 60 20
	T send-keys -t main "clear; report in; echo END" Enter
	wait_for "pane | grep -q '^END'" 10
	pane > shown
	# Every line fits in 60 columns; the long values end in an ellipsis;
	# the numbers are whole.
	[ "$(wc -L < shown)" -le 60 ]
	grep -q 'x…' shown
	grep -q ' 22$' shown
	# Bold header on a terminal, none with NO_COLOR; never when piped.
	pane -e | grep -q $'\e\\[1mname'
	T send-keys -t main "clear; NO_COLOR=1 report in; echo END2" Enter
	wait_for "pane | grep -q '^END2'" 10
	! pane -e | grep -q $'\e\\[1m'
	# Not a terminal: nothing cut.
	run -0 report in
	[[ "$output" == *"$long"* ]]
	# A title with an escape sequence shows it as text, on a terminal too.
	T send-keys -t main "clear; report --title \"\$(printf 'T\\033[31mX')\" in; echo END3" Enter
	wait_for "pane | grep -q '^END3'" 10
	pane | grep -qF 'T\x1b[31mX'
	! pane -e | grep -q $'\e\\[31mX'
}

@test "report_live: a metric that cannot be combined across groups says so, with no sparkline" {
	mkfifo fifo
	start_term 100 30
	T send-keys -t main "report --live < fifo" Enter
	open_fifo
	# A p95 per host: two hosts a window, so no value per window.
	send '{"@ctl":"meta","by":["host"],"metrics":[{"name":"count","fn":"count","merge":"sum"},{"name":"p95_ms","fn":"p95","field":"ms","merge":"none"}]}'
	send "$(window 1 | jq -c 'if .host then .p95_ms = .count / 10 else . end')"
	wait_for "pane | grep -q 'web-2  *201'" 10
	pane | grep -q '^count   *[▁▂▃▄▅▆▇█]  *302$'
	pane | grep -q '^p95_ms  *(a percentile cannot be combined across groups)$'
	! pane | grep -q '^p95_ms  *[▁▂▃▄▅▆▇█]'
	T send-keys -t main C-c
	wait_for "! alt_on" 10
}

@test "report_live: a firing alert is red on the live screen" {
	mkfifo fifo
	start_term 100 30
	T send-keys -t main "report --live < fifo" Enter
	open_fifo
	send "$(window 1)" \
	    '{"@alert":{"rule":"errors","state":"firing","severity":"critical","since":"2026-11-21T00:10:00.000Z","at":"2026-11-21T00:20:00.000Z","value":12,"message":"5xx"},"host":"web-3"}'
	wait_for "pane | grep -q 'FIRING errors host=web-3'" 10
	pane -e | grep -q $'\e\\[31mFIRING errors'
	send '{"@alert":{"rule":"errors","state":"resolved","severity":"critical","since":"2026-11-21T00:20:00.000Z","at":"2026-11-21T00:30:00.000Z","value":0,"message":"ok"},"host":"web-3"}'
	wait_for "! pane | grep -q FIRING" 10
	T send-keys -t main C-c
	wait_for "! alt_on" 10
}

@test "report_live: ^Z gives the terminal back, fg takes it again and redraws" {
	mkfifo fifo
	start_term 100 30
	T send-keys -t main "report --live < fifo" Enter
	open_fifo
	send "$(window 1)"
	wait_for "pane | grep -q 'web-2  *201'" 10
	T send-keys -t main C-z
	wait_for "! alt_on" 10
	wait_for "pane | grep -q Stopped" 10
	T send-keys -t main "fg" Enter
	wait_for "alt_on" 10
	wait_for "pane | grep -q 'web-2  *201'" 10
	send "$(window 2)"
	wait_for "pane | grep -q 'web-2  *202'" 10
	T send-keys -t main C-c
	wait_for "! alt_on" 10
}

@test "report_live: data and a title that hold OSC, CSI and bidi controls change nothing on the terminal" {
	mkfifo fifo
	start_term 100 30
	T select-pane -t main -T before
	T send-keys -t main "report --live --title \"\$(printf 'T\\033]0;owned\\007')\" < fifo; echo END:\$?" Enter
	open_fifo
	# OSC 0 would set the pane's title; CSI 31m would turn text red.
	send "$(window 1 | jq -c 'if .host == "web-1" then .host = "w\u001b]0;pwned\u0007\u001b[31m\u202eX" else . end')"
	wait_for "pane | grep -q 'web-2  *201'" 10
	pane | grep -qF 'w\x1b]0;pwned\x07\x1b[31m\u202eX'
	pane | grep -qF 'T\x1b]0;owned\x07'
	assert_eq "$(T display -p -t main '#{pane_title}')" before
	! pane -e | grep -q $'\e\\[31m\u202e'
	exec {W}>&-
	W=
	wait_for "pane | grep -q END:0" 10
	# The last view, on the normal screen: still as text.
	pane | grep -qF 'w\x1b]0;pwned\x07\x1b[31m\u202eX'
	assert_eq "$(T display -p -t main '#{pane_title}')" before
}

@test "report_live: a report ignores provisional rows: the same as without them, in every format" {
	{
		echo "$META"
		early 1 1 2
		early 1 5 2
		window 1
		# A window still open at the end, and a newer one with a
		# column that only provisional rows have.
		early 2 3 4
		rows_only 3 | jq -c '.extra = "x" | .["@final"] = false'
	} > with
	jq -c 'select(.["@final"] != false)' with > without
	assert_eq "$(($(wc -l < with) - $(wc -l < without)))" 8
	for f in table markdown csv json html; do
		report -f "$f" with > a
		report -f "$f" without > b
		cmp a b
	done
	report --title t with > a
	report --title t without > b
	cmp a b
	grep -q 'windows 1, rows 2' a
	# -o with --live: the same, provisional rows ignored.
	report --live -f json -o a.json < with
	report --live -f json -o b.json < without
	cmp a.json b.json
	jq -e '.counts.records == 2 and (.columns | index("extra") == null)' a.json
	# --stats counts them.
	run -0 --separate-stderr report --stats with
	[[ "$stderr" == *" provisional=8"* ]]
}

@test "report_live: not a terminal: the open window's latest row per group, then the final rows" {
	mkfifo fifo
	report --live < fifo > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	open_fifo
	send_once "$META" "$(early 1 1 2)"
	wait_for "grep -q '(open), 2 rows' out" 10
	# web-1 alone: it replaces web-1's row, web-2's stays.
	send_once "$(early 1 7 2 | head -1)"
	wait_for "[ \$(grep -c '(open)' out) -eq 2 ]" 10
	send_once "$(window 1)"
	wait_for "grep -q '000Z, 2 rows\$' out" 10
	# A provisional row of a window already closed is not shown; one of
	# the next window is, its text made safe.
	send_once "$(early 1 9 9)" "$(early 2 3 4 | jq -c 'if .host == "web-2" then .host = "web-2\u001b[31mX" else . end')"
	wait_for "[ \$(grep -c '(open)' out) -eq 3 ]" 10
	exec {W}>&-
	W=
	wait "$pid"
	blocks out > got
	cat > want <<-EOF
	window $W1 (open), 2 rows|web-1=1 web-2=2 
	window $W1 (open), 2 rows|web-1=7 web-2=2 
	window $W1, 2 rows|web-1=101 web-2=201 
	window $W2 (open), 2 rows|web-1=3 web-2\\x1b[31mX=4 
	EOF
	diff want got
	# No column for the mark, no escape sequence from the data.
	! grep -q final out
	! grep -q $'\e' out
	assert_eq "$(cat err)" ""
}

@test "report_live: not a terminal: a quiet input is said once, unlike an empty window" {
	run -2 report --quiet-after 1s /dev/null
	[[ "$output" == *"--quiet-after is for --live"* ]]
	mkfifo fifo
	report --live --quiet-after 1s < fifo > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	open_fifo
	send "$(window 1)"
	wait_for "grep -q 'no data for' out" 20
	grep -qx 'no data for [0-9]*s; is the pipeline running?' out
	# Once while it stays quiet.
	sleep 2.5
	assert_eq "$(grep -c 'no data for' out)" 1
	# An empty window: "(no rows)", and the input is alive again, so the
	# next quiet spell is said again.
	send "$(window 2 | tail -1)"
	wait_for "grep -q '(no rows)' out" 10
	wait_for "[ \$(grep -c 'no data for' out) -eq 2 ]" 20
	exec {W}>&-
	W=
	wait "$pid"
	assert_eq "$(grep -v '^$' out | grep -v '^[-h ]' | grep -v '^web-' | cut -c1-12 | tr '\n' '|')" \
	    "window 2026-|no data for |window 2026-|(no rows)|no data for |"
	assert_eq "$(cat err)" ""
}

@test "report_live: on a terminal: the open window, the last update and its age, a quiet input in red" {
	mkfifo fifo
	start_term 100 30
	T send-keys -t main "report --live --quiet-after 4s < fifo" Enter
	open_fifo
	# Nothing came yet: quiet after 4 s.
	wait_for "pane | grep -q '^no data for [0-9]*s; is the pipeline running?\$'" 20
	pane -e | grep -q $'\e\\[31mno data for'
	t0=$(date +%s)
	send "$META" "$(early 1 1 2)"
	wait_for "pane | grep -q 'web-2  *2\$'" 10
	t1=$(date +%s)
	pane > shown
	grep -qx "sluice report: $W1 (open)" shown
	# The wall time of the last record, and its age.
	ts=$(sed -n 's/^last update \(.*Z\) ([0-9]*s ago)$/\1/p' shown)
	s=$(date -u -d "$ts" +%s)
	[ "$s" -ge "$t0" ] && [ "$s" -le "$t1" ]
	! grep -q 'no data' shown
	! grep -q final shown
	# The age counts up while nothing comes.
	wait_for "pane | grep -q '^last update .* ([1-9][0-9]*s ago)\$'" 10
	# web-1's new row replaces its old one.
	send "$(early 1 7 2 | head -1)"
	wait_for "pane | grep -q 'web-1  *7\$'" 10
	! pane | grep -q 'web-1  *1\$'
	assert_eq "$(pane | grep -c '^web-')" 2
	# The final rows replace them all.
	send "$(window 1)"
	wait_for "pane | grep -q 'web-1  *101\$'" 10
	pane > shown
	grep -qx "sluice report: $W1" shown
	grep -q 'windows 1, rows 2' shown
	assert_eq "$(grep -c '^web-' shown)" 2
	# An empty window is no quiet input; then a quiet one is.
	send "$(window 2 | tail -1)"
	wait_for "pane | grep -q '^(no rows)\$'" 10
	pane | grep -q '^last update '
	wait_for "pane | grep -q '^no data for '" 20
	pane | grep -q '^(no rows)$'
	T send-keys -t main C-c
	wait_for "! alt_on" 10
}

# zoned "2026-11-21T00:10:00.000Z to ..." ZONE: the same times in ZONE
# with their offset, by python3's zoneinfo.
zoned() {
	python3 - "$1" "$2" <<'PY'
import sys, datetime, zoneinfo
z = zoneinfo.ZoneInfo(sys.argv[2])
out = []
for w in sys.argv[1].split(" to "):
    t = datetime.datetime.fromisoformat(w.replace("Z", "+00:00")).astimezone(z)
    out.append(t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (t.microsecond // 1000) + t.strftime("%z")[:3] + ":" + t.strftime("%z")[3:])
print(" to ".join(out))
PY
}

@test "report_live: --tz shows the window and the last update in that zone, on a terminal and in the log" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	want=$(zoned "$W1" Asia/Kolkata)
	[[ "$want" == *+05:30* ]]
	# The log.
	{ echo "$META"; window 1; } > rows.ndjson
	run -0 report --live --tz Asia/Kolkata rows.ndjson
	assert_eq "$(printf '%s\n' "$output" | head -1)" "window $want, 2 rows"
	# The terminal.
	mkfifo fifo
	start_term 100 30
	T send-keys -t main "report --live --tz Asia/Kolkata < fifo" Enter
	open_fifo
	send "$META" "$(early 1 1 2)"
	wait_for "pane | grep -q 'web-2  *2\$'" 10
	pane > shown
	grep -qx "sluice report: $want (open)" shown
	grep -q '^last update [0-9T:.-]*+05:30 ([0-9]*s ago)$' shown
	send "$(window 1)"
	wait_for "pane | grep -q 'web-1  *101\$'" 10
	pane | grep -qx "sluice report: $want"
	T send-keys -t main C-c
	wait_for "! alt_on" 10
}
