#!/bin/sh
# SPDX-License-Identifier: MIT
# live.sh -- latency of a live pipeline, from the append of a line to a
# file to its result on the pipeline's standard output.
#
# usage: sh bench/live.sh [SECONDS]
#
# For each rate of RATES (lines a second, default "1000 10000"), a writer
# (bench/live.c) appends lines stamped with their send time to an empty
# file for SECONDS (default 5), one write(2) a line; a receiver at the end
# of the pipeline stamps each line's arrival and prints p50, p99 and max
# of arrival - send in ms.  The cases:
#
#   ingest -F | validate           this tree (inotify on Linux)
#   ingest -F | validate (poll)    the 10 Hz poll of main, which is the
#                                  fallback now: POLL_INGEST, or this
#                                  tree built with -DSLUICE_NO_INOTIFY
#   tail -F | validate, tail -F    GNU tail's inotify, for reference
#   PIPE                           a pipeline of your own (below)
#
# PIPE is a shell command that reads the file "$LOG" and writes NDJSON,
# such as
#   PIPE='bin/ingest -F "$LOG" | bin/validate | bin/window --tumbling 1m |
#         bin/aggregate -g host -a count | bin/alert -g host -r "hot: count >= 20"'
# Its output lines are joined to the line that caused them: a line that
# still carries the writer's "sent_ns" (a record passed through) gives
# its own latency; a firing alert is joined to the CROSS-th line of its
# group (the field BY, default host; the writer spreads lines over
# HOSTS groups h0, h1, ..., default 50) in its window
# (@alert.window.start, windows of WINDOW seconds, default 60): the line
# that made the count reach CROSS, so a rule "count >= CROSS" fired on
# it.  Only the first firing alert of a group and window counts, and
# "missed" says how many groups and windows reached CROSS lines without
# an alert.  Without PIPE, the example above runs with --tumbling 10s
# and WINDOW=10, as a pipeline of today that alerts only when its
# window closes.
#
# The pipeline runs in its own session; once the writer is done and
# SETTLE seconds (default 2) have passed, its first stage (ingest or
# tail) is sent SIGTERM, so the stages after it end at their EOF and
# the receiver reports.  Exits 1 if a case received nothing, 2 on bad
# arguments.
set -u

cd "$(dirname "$0")/.." || exit 2
root=$(pwd)
SECONDS_RUN=${1:-5}
RATES=${RATES:-1000 10000}
HOSTS=${HOSTS:-50}
SETTLE=${SETTLE:-2}
BY=${BY:-host}
for v in "$SECONDS_RUN" $RATES "$HOSTS" "$SETTLE"; do
	case $v in
	'' | *[!0-9]* | 0)
		echo "usage: sh bench/live.sh [SECONDS] (RATES, HOSTS and" \
		    "SETTLE are counts)" >&2
		exit 2 ;;
	esac
done
for t in ingest validate window aggregate alert; do
	if [ ! -x "bin/$t" ]; then
		echo "live.sh: bin/$t is not built (make all)" >&2
		exit 2
	fi
done

mkdir -p bench/out
tmp=$(mktemp -d "$root/bench/out/live.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
LOG=$tmp/log
export LOG
bad=0

${CC:-cc} -std=c11 -O2 -o "$tmp/live" bench/live.c || exit 2

# The poll: a binary given, or this tree without inotify.
if [ -n "${POLL_INGEST:-}" ]; then
	poll=$POLL_INGEST
else
	echo "live.sh: building ingest without inotify (the poll)" >&2
	mkdir "$tmp/src"
	cp -R Makefile lib cmd "$tmp/src/"
	if make -C "$tmp/src" -j2 CPPFLAGS=-DSLUICE_NO_INOTIFY bin/ingest \
	    >"$tmp/build.log" 2>&1; then
		poll=$tmp/src/bin/ingest
	else
		echo "live.sh: that build failed; skipping the poll" >&2
		poll=
	fi
fi

# The process ids of session $1 running ingest or tail: its first stage.
sources() {
	for f in /proc/[0-9]*/stat; do
		# pid (comm) state ppid pgrp session ...
		sed -n 's/^\([0-9]*\) (\(ingest\|tail\)) [A-Z] [0-9]* [0-9]* '"$1"' .*/\1/p' \
		    "$f" 2>/dev/null
	done
}

# run NAME RATE COMMAND [RECV-ARGS...]: one case, its line of results.
run() {
	name=$1 rate=$2 cmd=$3
	shift 3
	: >"$LOG"
	rm -f "$tmp/fifo"
	mkfifo "$tmp/fifo"
	"$tmp/live" recv "$@" <"$tmp/fifo" >"$tmp/res" &
	rpid=$!
	setsid sh -c "$cmd" >"$tmp/fifo" 2>"$tmp/err" &
	sid=$!
	sleep 1		# the pipeline at the end of the empty file
	"$tmp/live" write "$LOG" "$rate" "$SECONDS_RUN" "$HOSTS"
	sleep "$SETTLE"
	for p in $(sources "$sid"); do
		kill -TERM "$p" 2>/dev/null
	done
	i=0
	while kill -0 "$rpid" 2>/dev/null && [ "$i" -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -TERM -- "-$sid" 2>/dev/null
	wait "$rpid" "$sid" 2>/dev/null
	res=$(cat "$tmp/res")
	case $res in
	'' | n=0*)
		echo "live.sh: $name at $rate lines/s: nothing received" >&2
		sed 's/^/    /' "$tmp/err" >&2
		bad=1 ;;
	esac
	printf '%-34s %6s  %s\n' "$name" "$rate" "$res"
}

if [ -z "${PIPE:-}" ]; then
	PIPE='bin/ingest -F "$LOG" | bin/validate | bin/window --tumbling 10s |
	    bin/aggregate -g host -a count | bin/alert -g host -r "hot: count >= 20"'
	WINDOW=10
	CROSS=20
	pname='pipeline to alert (close, 10s)'
else
	pname='PIPE'
fi
WINDOW=${WINDOW:-60}
CROSS=${CROSS:-20}

printf '%-34s %6s  %s\n' case lines/s 'latency in ms (n: lines or alerts)'
for rate in $RATES; do
	run 'ingest -F | validate' "$rate" \
	    'bin/ingest -F "$LOG" | bin/validate'
	[ -n "$poll" ] && run 'ingest -F | validate (poll)' "$rate" \
	    "'$poll' -F \"\$LOG\" | bin/validate"
	run 'tail -F | validate' "$rate" \
	    'tail -n +1 -F "$LOG" 2>/dev/null | bin/validate'
	run 'tail -F' "$rate" 'tail -n +1 -F "$LOG" 2>/dev/null'
	run "$pname" "$rate" "$PIPE" -j "$LOG" -b "$BY" -k "$CROSS" \
	    -w "$WINDOW"
done
exit "$bad"
