#!/bin/sh
# SPDX-License-Identifier: MIT
# durable.sh -- what checkpoints cost: a pipeline with and without them,
# and the time to save 100k open groups.
#
# usage: sh bench/durable.sh [N]
#
# Generates N events (default 1000000) and runs, in one run on the same
# file,
#   plain:      ingest | window --tumbling 1m | aggregate (no state)
#   state:      the same with --state on every stage (saved at the end,
#               --drain)
#   checkpoint: and ingest --checkpoint-every 10000 (a barrier and a
#               saved state in every stage every 10000 lines)
# each from empty state files, and checks that all three wrote the same
# rows.  Then it times aggregate over GROUPS (default 100000) records
# with distinct keys with and without --state: the difference is the
# time to save a checkpoint of that many open groups.
# Environment: WARMUP, RUNS, GROUPS.  Exit 1 if a check failed.
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

GROUPS=${GROUPS:-100000}
BENCH_COUNTS='GROUPS'
bench_init durable 1000000 "$@"
bench_need bin/ingest bin/window bin/aggregate
nd=$tmp/events.ndjson
bench_gen events "$nd"
st=$tmp/st
funcs=count,sum:bytes,p95:latency_ms

pipe() {
	printf "sh -c 'rm -rf %s; mkdir %s; bin/ingest %s %s |
	    bin/window --tumbling 1m %s | bin/aggregate --by host -a %s %s'" \
	    "$st" "$st" "$1" "$nd" "$2" "$funcs" "$3"
}
bench_group '' "$nd"
bench_add plain "$(pipe '' '' '')"
bench_add state "$(pipe "--state $st/i" "--state $st/w --drain" \
    "--state $st/a --drain")"
bench_add checkpoint "$(pipe "--state $st/i --checkpoint-every 10000" \
    "--state $st/w --drain" "--state $st/a --drain")"

# rows NAME FILE: the rows (control records dropped), the same for all.
# shellcheck disable=SC2317 # called by bench_run
rows() {
	grep -v '"@ctl"' "$2" | sort >"$tmp/rows" || true
	_sum=$(cksum <"$tmp/rows")
	if [ "$1" = plain ]; then
		want=$_sum
	elif [ "$_sum" != "$want" ]; then
		bench_fail "$1 wrote other rows than plain"
	fi
	wc -l <"$tmp/rows" | tr -d ' '
}
bench_run rows rows
echo
printf '%s events (%s bytes), per minute and host; mean of %s runs\n' \
    "$N" "$(wc -c <"$nd" | tr -d ' ')" "$RUNS"
bench_table

# A checkpoint of GROUPS open groups: aggregate with and without --state.
rm -f "$nd"
gk=$tmp/groups.ndjson
awk -v n="$GROUPS" 'BEGIN { for (i = 0; i < n; i++)
    printf "{\"k\":\"key%d\",\"x\":%d}\n", i, i % 1000 }' >"$gk"
t0=$(date +%s.%N)
for _i in 1 2 3; do
	bin/aggregate --by k -a count,sum:x,p95:x "$gk" >/dev/null
done
t1=$(date +%s.%N)
for _i in 1 2 3; do
	rm -f "$st/g" "$st/g.prev"
	bin/aggregate --by k -a count,sum:x,p95:x --state "$st/g" "$gk" \
	    >/dev/null
done
t2=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$GROUPS" \
    -v size="$(wc -c <"$st/g" | tr -d ' ')" 'BEGIN {
	printf "a checkpoint of %d open groups (count, sum, p95): %.0f ms, " \
	    "%.1f MB of state (aggregate alone: %.0f ms, with --state: " \
	    "%.0f ms)\n", n, ((c - b) - (b - a)) / 3 * 1000, size / 1e6,
	    (b - a) / 3 * 1000, (c - b) / 3 * 1000 }'
exit "$bad"
