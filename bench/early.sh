#!/bin/sh
# SPDX-License-Identifier: MIT
# early.sh -- the cost of aggregate --early in batch.
#
# usage: sh bench/early.sh [N]
#
# Generates N events (default 1000000) with bin/sluice-gen --seed 1,
# puts them in 1-minute windows once (window --tumbling 1m, to a file),
# and times aggregate --by host,status -a count,sum:bytes,p95:latency_ms
# on that file without --early, with --early 1s and with --early 1ms (a
# provisional row for nearly every read of the file).  Checks that the
# final rows of each --early run are those of the plain run, byte for
# byte.  Environment: WARMUP, RUNS.  Exit 1 if a check failed.
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

bench_init early 1000000 "$@"
bench_need bin/window bin/aggregate
bench_gen events "$tmp/events.ndjson"
bin/window --tumbling 1m "$tmp/events.ndjson" >"$tmp/w.ndjson"
rm -f "$tmp/events.ndjson"

a="bin/aggregate --by host,status -a count,sum:bytes,p95:latency_ms"
bench_group '' "$tmp/w.ndjson"
bench_add plain "$a $tmp/w.ndjson"
bench_add early_1s "$a --early 1s $tmp/w.ndjson"
bench_add early_1ms "$a --early 1ms $tmp/w.ndjson"

# rows NAME FILE: the final rows and the provisional ones; flag final
# rows other than the plain run's.
# shellcheck disable=SC2317 # called by bench_run
rows() {
	_p=$(grep -c ',"@final":false}$' "$2" || true)
	grep -v ',"@final":false}$' "$2" >"$tmp/final" || true
	if [ "$1" = plain ]; then
		cp "$tmp/final" "$tmp/plain"
	elif ! cmp -s "$tmp/final" "$tmp/plain"; then
		bench_fail "$1: final rows differ from the plain run's"
	fi
	printf '%s %s' "$(wc -l <"$tmp/final" | tr -d ' ')" "$_p"
}
bench_run rows final provisional

echo
printf '%s events in 1-minute windows, aggregate alone; mean of %s runs\n' \
    "$N" "$RUNS"
bench_table
exit "$bad"
