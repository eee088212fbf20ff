#!/bin/sh
# SPDX-License-Identifier: MIT
# metrics.sh -- what --metrics costs: ingest and window with and without.
#
# usage: sh bench/metrics.sh [N]
#
# Generates N events (default 1000000) and times, in one run on the same
# files,
#   ingest FILE, and the same with --metrics (every 5 s, the default)
#   window --tumbling 1m on ingest's output, the same with --metrics,
#   and with --metrics-every 100ms (50 times as many writes)
# and checks that each tool wrote the same records with and without.
# The CPU seconds are the measure: --metrics must cost less than 2%.
# Environment: WARMUP and RUNS (default 1 and 3).  Exit 1 if a check
# failed.
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

bench_init metrics 1000000 "$@"
bench_need bin/ingest bin/window
nd=$tmp/events.ndjson
bench_gen events "$nd"
bin/ingest "$nd" >"$tmp/in.ndjson"
m=$tmp/textfile
mkdir "$m"

bench_group ingest "$nd"
bench_add "ingest" "bin/ingest $nd"
bench_add "ingest --metrics" "bin/ingest --metrics $m/ingest.prom $nd"
bench_group window "$tmp/in.ndjson"
bench_add "window" "bin/window --tumbling 1m $tmp/in.ndjson"
bench_add "window --metrics" \
    "bin/window --tumbling 1m --metrics $m/window.prom $tmp/in.ndjson"
bench_add "window --metrics-every 100ms" \
    "bin/window --tumbling 1m --metrics $m/w100.prom --metrics-every 100ms $tmp/in.ndjson"

# same NAME FILE: the records written, the same with and without.
# shellcheck disable=SC2317 # called by bench_run
same() {
	_sum=$(cksum <"$2")
	case $1 in
	ingest|window)
		want=$_sum ;;
	*)
		[ "$_sum" = "$want" ] ||
		    bench_fail "$1 wrote other records than without --metrics" ;;
	esac
	wc -l <"$2" | tr -d ' '
}
bench_run same records
echo
printf '%s events (%s bytes); mean of %s runs\n' \
    "$N" "$(wc -c <"$nd" | tr -d ' ')" "$RUNS"
bench_table

# Instructions, which the machine's load does not change: callgrind over
# the first ICOUNT_N events (default 200,000).  Under valgrind a tool runs
# some 50 times slower, so it writes the file more often per record than
# at full speed: the counts are an upper bound of what --metrics costs.
if command -v valgrind >/dev/null 2>&1; then
	n=${ICOUNT_N:-200000}
	head -n "$n" "$nd" >"$tmp/events.few"
	head -n "$n" "$tmp/in.ndjson" >"$tmp/in.few"
	icount() {
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
		    2>&1 >/dev/null | sed -n 's/.*Collected : //p'
	}
	echo
	printf 'instructions (callgrind), %s events:\n' "$n"
	printf '%-30s %15s %15s %8s\n' tool without with change
	row() {
		_a=$(icount $2) _b=$(icount $3)
		printf '%-30s %15s %15s %+7.2f%%\n' "$1" "$_a" "$_b" \
		    "$(echo "$_a $_b" | awk '{ print ($2 - $1) * 100 / $1 }')"
	}
	row ingest "bin/ingest $tmp/events.few" \
	    "bin/ingest --metrics $m/i.prom $tmp/events.few"
	row window "bin/window --tumbling 1m $tmp/in.few" \
	    "bin/window --tumbling 1m --metrics $m/w.prom $tmp/in.few"
	row "window, every 100ms" "bin/window --tumbling 1m $tmp/in.few" \
	    "bin/window --tumbling 1m --metrics $m/w1.prom --metrics-every 100ms $tmp/in.few"
else
	echo "metrics.sh: valgrind is not installed; no instruction counts" >&2
fi
exit "$bad"
