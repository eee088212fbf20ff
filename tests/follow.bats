#!/usr/bin/env bats
# follow.bats -- ingest -F across every kind of rotation: each line
# written is read once, none lost, none twice; a file rewritten in place
# (copytruncate, then as many bytes or more) is told by its first bytes;
# on Linux the files are watched with inotify.
#
# Background jobs are started with 3>&- (or bats waits for them) and
# killed in teardown if a test failed half way.  Waits are bounded and
# generous: nothing here depends on how fast the reader is, only on
# what it reads.

load helpers

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	JOBS=()
}

teardown() {
	kill_jobs
}

# lines FROM TO: records {"n":FROM} .. {"n":TO}, one a line.
lines() {
	seq "$1" "$2" | sed 's/.*/{"n":&}/'
}

# Wait until out holds $1 lines.
caught_up() {
	wait_for "[ \"\$(wc -l < out)\" -ge $1 ]" 20
}

# Start ingest -F on log (more arguments are passed on); its pid in pid.
follow() {
	ingest -F -t none "$@" log > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
}

@test "ingest -F: copytruncate, then as many bytes again: the new lines are read" {
	lines 10 19 > log
	follow
	caught_up 10
	# Truncated and written again to the very same size in one go
	# (printf > log opens with O_TRUNC): the size alone tells nothing.
	cp log log.1
	lines 20 29 > log
	caught_up 20
	# And to a larger size.
	cp log log.1
	lines 30 59 > log
	caught_up 50
	stop_reader
	lines 10 59 > want
	assert_same_file want out
	assert_eq "$(grep -c 'log: file truncated, reading from the start' err)" 2
}

@test "ingest -F: every rotation in turn, each line once (checked against seq)" {
	lines 10 19 > log
	follow
	caught_up 10
	# copytruncate to the same size, the reader at the end of the file.
	cp log log.1
	lines 20 29 > log
	caught_up 20
	# Appends, then rename: the old file gets more before the new one
	# is created, and is read to its end first.
	lines 30 34 >> log
	mv log log.1
	lines 35 39 >> log.1
	lines 40 44 > log
	caught_up 35
	# Delete and create again.
	rm log
	lines 45 49 > log
	caught_up 40
	# copytruncate to a larger size, then to a smaller one.
	cp log log.1
	lines 50 69 > log
	caught_up 60
	cp log log.1
	lines 70 71 > log
	caught_up 62
	# Rename over the name in one step (rename(2) onto it).
	lines 72 79 > log.new
	mv log.new log
	caught_up 70
	lines 80 99 >> log
	caught_up 90
	stop_reader
	# The oracle: exactly the numbers written, in the order written.
	run -0 jq -r .n out
	assert_eq "$output" "$(seq 10 99)"
}

@test "ingest -F: rounds of appends and same-size rewrites, each line once" {
	# Rounds of appends, each followed (once read) by a same-size
	# rewrite in place, then a truncation the next round's appends
	# fill to the same size again: nothing lost, nothing twice.
	: > log
	follow
	n=0
	for round in 1 2 3 4 5 6 7 8; do
		base=$((round * 100))
		for i in 0 1 2 3 4 5 6 7 8 9; do
			printf '{"n":%d}\n' $((base + i)) >> log
		done
		n=$((n + 10))
		caught_up "$n"
		lines $((base + 10)) $((base + 19)) > log
		n=$((n + 10))
		caught_up "$n"
		: > log
	done
	stop_reader
	for round in 1 2 3 4 5 6 7 8; do
		seq $((round * 100)) $((round * 100 + 19))
	done > want
	jq -r .n out > got
	assert_same_file want got
}

@test "ingest -F --state: positions right after a same-size copytruncate" {
	lines 10 19 > log
	follow --state st
	caught_up 10
	cp log log.1
	lines 20 29 > log
	caught_up 20
	stop_reader
	# The saved position is the end of the rewritten file.
	run -0 jq -r 'select(.path == "log") | .offset' st
	assert_eq "$output" "$(wc -c < log)"
	lines 30 31 >> log
	run -0 ingest -t none --state st log
	assert_eq "$output" "$(lines 30 31)"
}

@test "ingest -F: the file and its directory are watched with inotify, the new file after a rotation" {
	[ "$(uname -s)" = Linux ] || skip "inotify is Linux only"
	case $(stat -f -c %T .) in
	nfs*|smb*|cifs*|fuse*) skip "the test directory is on a network file system" ;;
	esac
	lines 1 2 > log
	follow
	caught_up 2
	# inotify_fd: the fdinfo of the reader's inotify descriptor.
	inotify_fd() {
		local f
		for f in /proc/"$pid"/fd/*; do
			[ "$(readlink "$f")" = "anon_inode:inotify" ] &&
			    cat /proc/"$pid"/fdinfo/"${f##*/}"
		done
	}
	# The inode of each watch, in hex as fdinfo shows it.
	watched() {
		inotify_fd | sed -n 's/^inotify wd:.* ino:\([0-9a-f]*\) .*/\1/p' |
		    sort
	}
	hex() {
		printf '%x\n' "$(stat -c %i "$1")"
	}
	want=$( { hex log; hex .; } | sort)
	assert_eq "$(watched)" "$want"
	mv log log.1
	lines 3 4 > log
	caught_up 4
	want=$( { hex log; hex .; } | sort)
	wait_for '[ "$(watched)" = "$want" ]' 10
	stop_reader
	run -0 jq -r .n out
	assert_eq "$output" "$(seq 1 4)"
}

@test "ingest -F: a file and a FIFO followed together, each line once" {
	lines 1 3 > log
	mkfifo fifo
	ingest -F -t none log fifo > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	exec {w}> fifo
	caught_up 3
	printf '{"p":1}\n' >&"$w"
	caught_up 4
	lines 4 5 >> log
	printf '{"p":2}\n' >&"$w"
	caught_up 7
	exec {w}>&-
	lines 6 6 >> log
	caught_up 8
	stop_reader
	assert_eq "$(jq -r '.n // empty' out | tr '\n' ' ')" '1 2 3 4 5 6 '
	assert_eq "$(jq -r '.p // empty' out | tr '\n' ' ')" '1 2 '
}
