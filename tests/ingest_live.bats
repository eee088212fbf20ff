#!/usr/bin/env bats
# ingest_live.bats -- live streams, --follow, --state, and the shared I/O
# (flush when idle, rotation, signals, write errors, long and odd lines).
#
# Background jobs are started with 3>&- (or bats waits for them) and
# killed in teardown if a test failed half way.  Waits are bounded.

load helpers

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	JOBS=()
}

teardown() {
	kill_jobs
}

# want LINE...: write the expected output to the file want.
want() {
	printf '%s\n' "$@" > want
}

# Succeed while process $1 runs.
running() {
	! ended "$1"
}

# Send signal $1 to $2, wait at most 5 s for it to end; status in $status.
stop_job() {
	kill -"$1" "$2"
	wait_for "ended $2" 5
	status=0
	wait "$2" || status=$?
}

# Wait until process $1 has read more than $2 bytes.
wait_read() {
	wait_for "[ \"\$(rchar $1)\" -gt $2 ]" 5
}

# ndjson N FILE: records {"n":1} .. {"n":N}.
ndjson() {
	seq 1 "$1" | sed 's/.*/{"n":&}/' > "$2"
}

# --- flush when idle ---------------------------------------------------

@test "ingest: a record from a paused FIFO reaches a file before EOF" {
	mkfifo fifo
	ingest -t none < fifo > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	exec {w}> fifo
	printf '{"n":1}\n' >&"$w"
	want '{"n":1}'
	wait_for 'cmp -s out want' 5
	running "$pid"
	printf '{"n":2}\n{"n":3}\n' >&"$w"
	want '{"n":1}' '{"n":2}' '{"n":3}'
	wait_for 'cmp -s out want' 5
	running "$pid"
	exec {w}>&-
	wait_for "ended $pid" 5
	wait "$pid"
	assert_same_file want out
	[ ! -s err ]
}

@test "ingest: tail -F | ingest sees each line at once" {
	printf '{"n":1}\n' > log
	mkfifo fifo
	tail -n +1 -F log > fifo 2> /dev/null 3>&- &
	tpid=$!
	JOBS+=("$tpid")
	ingest -t none < fifo > out 3>&- &
	pid=$!
	JOBS+=("$pid")
	want '{"n":1}'
	wait_for 'cmp -s out want' 5
	printf '{"n":2}\n' >> log
	want '{"n":1}' '{"n":2}'
	wait_for 'cmp -s out want' 5
	running "$pid"
	kill "$tpid"
	wait_for "ended $pid" 5
	wait "$pid"
	assert_same_file want out
}

@test "ingest: no flush per line when reading a regular file" {
	[ -r /proc/self/io ] || skip "no /proc/PID/io here"
	ndjson 20000 many
	mkfifo fifo
	# Read the file, then block on the quiet FIFO: the idle flush comes
	# once, after the whole file, in a handful of writes.
	ingest -t none many - < fifo > out 3>&- &
	pid=$!
	JOBS+=("$pid")
	exec {w}> fifo
	wait_for '[ "$(wc -l < out)" -eq 20000 ]' 5
	writes=$(sed -n 's/^syscw: //p' "/proc/$pid/io")
	[ "$writes" -le 6 ] || { echo "writes: $writes" >&2; false; }
	exec {w}>&-
	wait_for "ended $pid" 5
	wait "$pid"
	cmp many out
}

# --- --follow ----------------------------------------------------------

@test "ingest -F: appended lines appear; a line is held until complete" {
	printf '{"n":1}\n' > log
	ingest -F -t none log > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	want '{"n":1}'
	wait_for 'cmp -s out want' 5
	printf '{"n":2}\n{"n":3}\n' >> log
	want '{"n":1}' '{"n":2}' '{"n":3}'
	wait_for 'cmp -s out want' 5
	# Half a line, read, polled over a few times, then completed.
	r=$(rchar "$pid")
	printf '{"n":' >> log
	wait_read "$pid" "$r"
	sleep 0.3
	printf '4}\n' >> log
	want '{"n":1}' '{"n":2}' '{"n":3}' '{"n":4}'
	wait_for 'cmp -s out want' 5
	# An unterminated line read when SIGTERM comes is a line cut by the
	# stop, not the end of the file: neither output nor rejected.
	r=$(rchar "$pid")
	printf '{"n":5' >> log
	wait_read "$pid" "$r"
	stop_job TERM "$pid"
	assert_eq "$status" 143
	want '{"n":1}' '{"n":2}' '{"n":3}' '{"n":4}'
	assert_same_file want out
	[ ! -s err ]
}

@test "ingest -F: rotation by rename, the old file read to its end" {
	printf '{"n":1}\n' > log
	ingest -F -t none log > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	want '{"n":1}'
	wait_for 'cmp -s out want' 5
	printf '{"n":2}\n' >> log
	mv log log.1
	# Still written by the old writer before it reopens.
	printf '{"n":3}\n{"n":4}\n' >> log.1
	printf '{"n":5}\n' > log
	printf '{"n":6}\n' >> log
	want '{"n":1}' '{"n":2}' '{"n":3}' '{"n":4}' '{"n":5}' '{"n":6}'
	wait_for 'cmp -s out want' 5
	# Rotated with an unterminated last line: it is delivered as is.
	printf '{"n":7}' >> log
	mv log log.2
	printf '{"n":8}\n' > log
	want '{"n":1}' '{"n":2}' '{"n":3}' '{"n":4}' '{"n":5}' '{"n":6}' \
	    '{"n":7}' '{"n":8}'
	wait_for 'cmp -s out want' 5
	printf '{"n":9}\n' >> log
	want '{"n":1}' '{"n":2}' '{"n":3}' '{"n":4}' '{"n":5}' '{"n":6}' \
	    '{"n":7}' '{"n":8}' '{"n":9}'
	wait_for 'cmp -s out want' 5
	stop_job TERM "$pid"
	assert_eq "$status" 143
	assert_same_file want out
	assert_eq "$(grep -c 'log: file replaced' err)" 2
}

@test "ingest -F: rotation by copytruncate, new lines once" {
	printf '{"n":1}\n{"n":2}\n' > log
	ingest -F -t none log > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	want '{"n":1}' '{"n":2}'
	wait_for 'cmp -s out want' 5
	cp log log.1
	: > log
	wait_for 'grep -q "log: file truncated" err' 5
	printf '{"n":3}\n' >> log
	printf '{"n":4}\n{"n":5}\n{"n":6}\n' >> log
	want '{"n":1}' '{"n":2}' '{"n":3}' '{"n":4}' '{"n":5}' '{"n":6}'
	wait_for 'cmp -s out want' 5
	stop_job TERM "$pid"
	assert_eq "$status" 143
	assert_same_file want out
}

@test "ingest -F: two files, one created later; SIGINT ends it" {
	printf '{"a":1}\n' > a
	ingest -F -t none a b > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	wait_for 'grep -q "b: cannot open, will retry" err' 5
	printf '{"b":1}\n' > b
	printf '{"a":2}\n' >> a
	printf '{"b":2}\n' >> b
	printf '{"a":3}\n{"a":4}\n' >> a
	wait_for '[ "$(wc -l < out)" -ge 6 ]' 5
	stop_job INT "$pid"
	assert_eq "$status" 130
	# Order across files is not defined; within a file it is kept.
	assert_eq "$(wc -l < out)" 6
	assert_eq "$(grep '"a"' out | tr '\n' ' ')" \
	    '{"a":1} {"a":2} {"a":3} {"a":4} '
	assert_eq "$(grep '"b"' out | tr '\n' ' ')" '{"b":1} {"b":2} '
}

@test "ingest -F: stdin still ends at its EOF" {
	run -0 pipeline "printf '{\"n\":1}\n{\"n\":2}' | ingest -F -t none"
	assert_eq "$output" $'{"n":1}\n{"n":2}'
}

# --- --state -------------------------------------------------------------

@test "ingest --state: each complete line once across runs" {
	mkdir w
	cd w
	printf '{"n":1}\n{"n":2}\n{"n":3' > log
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" $'{"n":1}\n{"n":2}'
	# Nothing new: nothing out.
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" ""
	assert_eq "$stderr" ""
	# The partial line is completed, and more come.
	printf '}\n{"n":4}\n' >> log
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" $'{"n":3}\n{"n":4}'
	printf '{"n":5}\n' >> log
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" '{"n":5}'
	# Written atomically, the last two runs kept: nothing left over,
	# valid NDJSON, a header, then the positions (sluice(7)).
	assert_eq "$(ls -A)" $'log\nst\nst.prev'
	run -0 ingest -t none st
	assert_same_file st <(printf '%s\n' "$output")
	[ "$(head -1 st | jq -r .tool)" = ingest ]
	[ "$(sed -n 3p st | jq -r '.path + " " + (.offset | tostring)')" = \
	    "log 40" ]
}

@test "ingest --state: rotation by rename between runs" {
	printf '{"n":1}\n' > log
	run -0 ingest -t none --state st log
	printf '{"n":2}\n{"n":3' >> log
	mv log log.1
	printf '}\n' >> log.1
	printf '{"n":4}\n{"n":5}\n' > log
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" $'{"n":2}\n{"n":3}\n{"n":4}\n{"n":5}'
	msg='log: rotated since the last run; reading the rest of log.1 first'
	[[ "$stderr" == *"$msg"* ]]
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" ""
	assert_eq "$stderr" ""
	# The old file ended with a line that was never completed: it is
	# the last one it will ever have, so it is delivered.
	printf '{"n":6}\n{"n":7}' >> log
	mv log log.2
	printf '{"n":8}\n' > log
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" $'{"n":6}\n{"n":7}\n{"n":8}'
	run -0 ingest -t none --state st log
	assert_eq "$output" ""
}

@test "ingest --state: rotated, and the new file not there yet" {
	printf '{"n":1}\n' > log
	run -0 ingest -t none --state st log
	printf '{"n":2}\n' >> log
	mv log log.1
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" '{"n":2}'
	[[ "$stderr" == *"not created again yet"* ]]
	printf '{"n":3}\n' >> log.1
	printf '{"n":4}\n' > log
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" $'{"n":3}\n{"n":4}'
	run -0 ingest -t none --state st log
	assert_eq "$output" ""
}

@test "ingest --state: rotation by copytruncate between runs" {
	printf '{"n":1}\n{"n":2}\n' > log
	run -0 ingest -t none --state st log
	printf '{"n":3}\n' >> log
	cp log log.1
	: > log
	printf '{"n":4}\n' >> log
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" $'{"n":3}\n{"n":4}'
	[[ "$stderr" == *"reading the rest of log.1 first"* ]]
	# New content longer than the old offset is still told apart.
	printf '{"n":5}\n' >> log
	cp log log.1
	: > log
	printf '{"m":6}\n{"m":7}\n{"m":8}\n' >> log
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" $'{"n":5}\n{"m":6}\n{"m":7}\n{"m":8}'
	run -0 ingest -t none --state st log
	assert_eq "$output" ""
}

@test "ingest --state: two files, each resumed on its own" {
	printf '{"a":1}\n' > a
	printf '{"b":1}\n' > b
	run -0 ingest -t none --state st a b
	assert_eq "$output" $'{"a":1}\n{"b":1}'
	printf '{"b":2}\n' >> b
	run -0 ingest -t none --state st a b
	assert_eq "$output" '{"b":2}'
	# A run over one file keeps the other's entry.
	printf '{"a":2}\n' >> a
	run -0 ingest -t none --state st b
	assert_eq "$output" ""
	run -0 ingest -t none --state st a b
	assert_eq "$output" '{"a":2}'
}

@test "ingest --state with --follow: the position is saved on SIGTERM" {
	printf '{"n":1}\n' > log
	ingest -F -t none --state st log > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	want '{"n":1}'
	wait_for 'cmp -s out want' 5
	printf '{"n":2}\n' >> log
	want '{"n":1}' '{"n":2}'
	wait_for 'cmp -s out want' 5
	# Half a line when the signal comes: not in the saved position.
	r=$(rchar "$pid")
	printf '{"n":' >> log
	wait_read "$pid" "$r"
	stop_job TERM "$pid"
	assert_eq "$status" 143
	assert_same_file want out
	[ ! -s err ]
	printf '3}\n' >> log
	run -0 ingest -t none --state st log
	assert_eq "$output" '{"n":3}'
}

@test "ingest --state -F: the rest of the rotated file, then the new one" {
	printf '{"n":1}\n' > log
	run -0 ingest -t none --state st log
	printf '{"n":2}\n' >> log
	mv log log.1
	ingest -F -t none --state st log > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	want '{"n":2}'
	wait_for 'cmp -s out want' 5
	printf '{"n":3}\n' > log
	want '{"n":2}' '{"n":3}'
	wait_for 'cmp -s out want' 5
	stop_job TERM "$pid"
	assert_eq "$status" 143
	assert_same_file want out
	grep -q 'not created again yet; reading the rest of log.1' err
	printf '{"n":4}\n' >> log
	run -0 ingest -t none --state st log
	assert_eq "$output" '{"n":4}'
}

@test "ingest --state: needs file operands, exit 2" {
	run -2 --separate-stderr ingest --state st
	[[ "$stderr" == *"--state needs file operands"* ]]
	[ ! -e st ]
	run -2 --separate-stderr ingest --state st -
	[[ "$stderr" == *"--state cannot resume stdin"* ]]
}

# --- shared input and output -------------------------------------------

@test "ingest: | head -1 ends quietly" {
	ndjson 300000 big
	run -0 --separate-stderr bash -c 'ingest -t none big | head -1'
	assert_eq "$output" '{"n":1}'
	assert_eq "$stderr" ""
}

@test "ingest: a full disk is an error, exit 2" {
	ndjson 3 small
	run -2 --separate-stderr bash -c 'ingest -t none small > /dev/full'
	[[ "$stderr" == *"No space left on device"* ]]
	# Also when the buffer fills long before the end.
	ndjson 100000 big
	run -2 --separate-stderr bash -c 'ingest -t none big > /dev/full'
	[[ "$stderr" == *"No space left on device"* ]]
	assert_eq "$(grep -c . <<< "$stderr")" 1
}

@test "ingest: unreadable operands are named, the others still read" {
	printf '{"n":1}\n' > a
	printf '{"n":2}\n' > b
	mkdir dir
	run -2 --separate-stderr ingest -t none a missing dir b
	assert_eq "$output" $'{"n":1}\n{"n":2}'
	[[ "$stderr" == *"ingest: missing: No such file or directory"* ]]
	[[ "$stderr" == *"ingest: dir: Is a directory"* ]]
}

@test "ingest: a 70 MB line over --max-line is rejected, the rest read" {
	{
		printf '{"n":1}\n{"s":"'
		head -c 70000000 /dev/zero | tr '\0' x
		printf '"}\n{"n":2}\n'
		# Just over the limit, with its newline already in the buffer.
		printf '{"s":"%s"}\n' "$(head -c 1048570 /dev/zero | tr '\0' y)"
		printf '{"n":3}\n'
	} > long
	run -1 --separate-stderr ingest -t none --max-line 1M \
	    --reject rej long
	assert_eq "$output" $'{"n":1}\n{"n":2}\n{"n":3}'
	assert_eq "$(wc -l < rej)" 2
	# The reject holds the first 1024 bytes of the line.
	run -0 jq -c '[.["@error"].line, .["@error"].reason, .["@raw"]]' rej
	x=$(head -c 1018 /dev/zero | tr '\0' x)
	y=$(head -c 1018 /dev/zero | tr '\0' y)
	assert_eq "$output" "[2,\"line too long (70000008 bytes; --max-line is 1048576)\",\"{\\\"s\\\":\\\"$x\"]
[4,\"line too long (1048578 bytes; --max-line is 1048576)\",\"{\\\"s\\\":\\\"$y\"]"
	# A line of exactly the limit is not too long.
	printf '{"s":"%s"}\n' "$(head -c 1016 /dev/zero | tr '\0' z)" > edge
	run -0 ingest -t none --max-line 1k edge
	cmp edge <(printf '%s\n' "$output")
}

@test "ingest: a line over --max-line is dropped as it streams in, never held" {
	skip_if_sanitized
	[ -x /usr/bin/time ] || skip "GNU time not installed"
	{
		printf '{"n":1}\n{"s":"'
		head -c 200000000 /dev/zero | tr '\0' x
		printf '"}\n{"n":2}\n'
	} > long
	# 200 MB under a 1 MB limit: a few MB resident, not the line (KB
	# on the last line of rss).
	run -1 /usr/bin/time -f %M -o rss ingest -t none --max-line 1M \
	    --reject rej long
	assert_eq "$output" $'{"n":1}\n{"n":2}'
	[ "$(tail -n 1 rss)" -lt 20000 ]
	# Under a 32 MB limit: the limit and a read, no more (reads of the
	# buffer's free space took it to twice the limit before the drop).
	run -1 /usr/bin/time -f %M -o rss ingest -t none --max-line 32M \
	    --reject rej long
	assert_eq "$output" $'{"n":1}\n{"n":2}'
	[ "$(tail -n 1 rss)" -lt $(((32 + 12) * 1024)) ]
	# The same from a pipe.
	run -1 pipeline "cat long | /usr/bin/time -f %M -o rss ingest -t none --max-line 32M --reject rej"
	[ "$(tail -n 1 rss)" -lt $(((32 + 12) * 1024)) ]
	run -0 jq -r '.["@raw"] | length' rej
	assert_eq "$output" 1024
	rm -f long
}

@test "ingest: a BOM split over reads of a pipe; again after a copytruncate" {
	mkfifo fifo
	ingest -t none < fifo > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	exec {w}> fifo
	# One byte at a time: the reader must wait to tell.
	printf '\xef' >&"$w"
	wait_read "$pid" 0
	r=$(rchar "$pid")
	printf '\xbb' >&"$w"
	wait_read "$pid" "$r"
	printf '\xbf{"n":1}\n' >&"$w"
	exec {w}>&-
	wait_for "ended $pid" 5
	status=0
	wait "$pid" || status=$?
	assert_eq "$status" 0
	want '{"n":1}'
	assert_same_file want out
	[ ! -s err ]
	# -F: a file truncated and written again from its start, BOM first.
	# (out goes first: the job's redirection may come after the check.)
	rm -f out err
	printf '\xef\xbb\xbf{"n":1}\n' > log
	ingest -F -t none log > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	wait_for 'cmp -s out want' 5
	# Bounds for a loaded machine under the sanitizer.
	: > log
	wait_for 'grep -q "log: file truncated" err' 20
	printf '\xef\xbb\xbf{"n":2}\n' >> log
	want '{"n":1}' '{"n":2}'
	wait_for 'cmp -s out want' 20
	stop_job TERM "$pid"
	assert_eq "$status" 143
	assert_eq "$(grep -c -v 'file truncated' err)" 0
}

@test "ingest: CRLF line ends" {
	printf '{"n":1}\r\n{"n":2}\r\n\r\n{"n":3}\r\n' > crlf
	run -0 ingest -t none crlf
	assert_eq "$output" $'{"n":1}\n{"n":2}\n{"n":3}'
}

@test "ingest: a NUL byte inside a line is rejected there, not a cut" {
	printf '{"n":1}\n{"a":"x\0y"}\n{"n":3}\n' > nul
	run -1 --separate-stderr ingest -t none --reject rej nul
	assert_eq "$output" $'{"n":1}\n{"n":3}'
	grep -q '"line":2,.*"@raw":"{\\"a\\":\\"x\\u0000y\\"}"}$' rej
}

@test "ingest: invalid UTF-8 in a rejected line is kept in @raw_base64" {
	printf 'caf\xe9 \xff\xfe not json\n' > bad.raw
	{ printf '{"n":1}\n'; cat bad.raw; printf '{"n":2}\n'; } > bad
	run -1 --separate-stderr ingest -t none --reject rej bad
	assert_eq "$output" $'{"n":1}\n{"n":2}'
	sed -n 's/.*"@raw_base64":"\([^"]*\)".*/\1/p' rej | base64 -d > back
	printf '\n' >> back
	cmp bad.raw back
}

@test "ingest: a last line without a newline is read" {
	printf '{"n":1}\n{"n":2}' > nonl
	ingest -t none nonl > out
	ingest -t none < nonl >> out
	want '{"n":1}' '{"n":2}' '{"n":1}' '{"n":2}'
	assert_same_file want out
}

# --- signals ----------------------------------------------------------------

@test "ingest: SIGINT and SIGTERM on a quiet pipe stop it at once, flushed" {
	for sig in INT TERM; do
		rm -f fifo out
		mkfifo fifo
		ingest -t none < fifo > out 2> err 3>&- &
		pid=$!
		JOBS+=("$pid")
		exec {w}> fifo
		printf '{"n":1}\n' >&"$w"
		want '{"n":1}'
		wait_for 'cmp -s out want' 5
		# Half a line, read but not complete, is cut by the stop:
		# neither output nor rejected.
		r=$(rchar "$pid")
		printf '{"n":2' >&"$w"
		wait_read "$pid" "$r"
		kill -"$sig" "$pid"
		wait_for "ended $pid" 2
		status=0
		wait "$pid" || status=$?
		exec {w}>&-
		assert_eq "$status" $((128 + $(kill -l "$sig")))
		want '{"n":1}'
		assert_same_file want out
		[ ! -s err ]
	done
}
