#!/bin/sh
# SPDX-License-Identifier: MIT
# aggregate.sh -- time window | aggregate against mlr and jq; peak memory.
#
# usage: sh bench/aggregate.sh [N]
#
# Generates N events (default 1000000) with bin/sluice-gen --seed 1 and
# computes, per minute and host, the count, the sum of bytes, the mean
# and the 95th percentile of latency_ms and the distinct user_ids with
#   sluice: window --tumbling 1m | aggregate --by host -a count,...
#   mlr:    put $minute = substr(...) then stats1 -a count,sum,mean,p95,
#           distinct_count -f bytes,latency_ms,user_id -g minute,host
#           (one pass; it computes every function on every field, a
#           superset, which costs it no more than the five)
#   jq:     jq -s with group_by
# in one run on the same file, and checks that all three wrote the same
# number of groups, and that sluice and jq agree on every count, sum,
# nearest-rank p95 and distinct count, and sluice and mlr on every mean.
# Timing uses hyperfine (--warmup 1 --runs 3) when installed, else the
# time utility.  Then it measures the peak RSS of aggregate (GNU time
# %M) behind window over RSS_SMALL and RSS_BIG events (default 1000000
# and 5000000, generated into the pipe), to show that memory follows the
# open windows, not the length of the stream.
# Environment: WARMUP, RUNS, RSS_SMALL, RSS_BIG; a peer that is not
# installed is skipped with a note.  Exit 1 if a check failed.
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

RSS_SMALL=${RSS_SMALL:-1000000}
RSS_BIG=${RSS_BIG:-5000000}
BENCH_COUNTS='RSS_SMALL RSS_BIG'
bench_init aggregate 1000000 "$@"
bench_need bin/window bin/aggregate
nd=$tmp/events.ndjson
bench_gen events "$nd"

funcs=count,sum:bytes,mean:latency_ms,p95:latency_ms,distinct:user_id
bench_group '' "$nd"
bench_add sluice "sh -c 'bin/window --tumbling 1m $nd |
    bin/aggregate --by host -a $funcs'"
bench_peer mlr mlr "mlr --ijsonl --ojsonl
    put '\$minute = substr(\${@timestamp}, 0, 15)'
    then stats1 -a count,sum,mean,p95,distinct_count
    -f bytes,latency_ms,user_id -g minute,host $nd"
bench_peer jq jq "jq -s -c -f bench/minute-host.jq $nd"

# groups NAME FILE: drop the control records from FILE and print the
# groups left; flag a count other than sluice's (the first case).
# shellcheck disable=SC2317 # called by bench_run
groups() {
	grep -v '"@ctl"' "$2" >"$tmp/groups" || true
	mv "$tmp/groups" "$2"
	_n=$(wc -l <"$2" | tr -d ' ')
	if [ "$1" = sluice ]; then
		want=$_n
		[ "$_n" -gt 0 ] || bench_fail "sluice wrote no groups"
	elif [ "$_n" != "$want" ]; then
		bench_fail "$1 wrote $_n groups, sluice $want"
	fi
	echo "$_n"
}
bench_run groups groups

# The same answers: sluice and jq agree on count, sum, p95 (both nearest
# rank) and distinct, sluice and mlr on the mean.
if have jq; then
	jq -r '[."@window".start[0:16], .host, .count, .sum_bytes,
	    .mean_latency_ms, .p95_latency_ms, .distinct_user_id] | @tsv' \
	    "$(bench_out sluice)" | sort >"$tmp/s.tsv"
	jq -r '[.minute, .host, .count, .sum_bytes, .mean_latency_ms,
	    .p95_latency_ms, .distinct_user_id] | @tsv' "$(bench_out jq)" |
	    sort >"$tmp/j.tsv"
	if ! paste "$tmp/s.tsv" "$tmp/j.tsv" | awk -F'\t' '
	    $1 != $8 || $2 != $9 || $3 != $10 || $4 != $11 || $6 != $13 ||
	    $7 != $14 { bad = 1 } END { exit bad }'; then
		bench_fail "sluice and jq disagree"
	fi
	if have mlr; then
		jq -r '[.minute, .host, .latency_ms_mean] | @tsv' \
		    "$(bench_out mlr)" | sort >"$tmp/m.tsv"
		if ! paste "$tmp/s.tsv" "$tmp/m.tsv" | awk -F'\t' '
		    function abs(v) { return v < 0 ? -v : v }
		    $1 != $8 || $2 != $9 || abs($5 - $10) > 1e-9 * abs($10) {
		        bad = 1 } END { exit bad }'; then
			bench_fail "sluice and mlr disagree on means"
		fi
	fi
else
	echo "aggregate.sh: no jq: results not cross-checked"
fi

echo
printf '%s events (%s bytes), per minute and host; mean of %s runs\n' \
    "$N" "$(wc -c <"$nd" | tr -d ' ')" "$RUNS"
bench_table
echo "sluice's cpu s are those of window and aggregate together, in two"
echo "processes that overlap"

# Peak memory of aggregate behind window, for a short and a long stream.
rm -f "$nd"
rss() {
	bin/sluice-gen events --count "$1" --seed 1 | bin/window --tumbling 1m |
	    /usr/bin/time -f %M -o "$tmp/rss" bin/aggregate --by host \
	    -a "$funcs" >"$tmp/rss.out"
	cat "$tmp/rss"
}
echo
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	small=$(rss "$RSS_SMALL")
	big=$(rss "$RSS_BIG")
	printf 'peak RSS of aggregate: %s KB at %s events, %s KB at %s events' \
	    "$small" "$RSS_SMALL" "$big" "$RSS_BIG"
	printf ' (%s)\n' "$(awk -v a="$small" -v b="$big" \
	    'BEGIN { printf "x%.2f", b / a }')"
	# Growing with the stream would be a bug: allow 25% of noise.
	if [ "$((big * 4))" -gt "$((small * 5))" ]; then
		bench_fail "memory grew with the stream"
	fi
else
	echo "aggregate.sh: no GNU time (/usr/bin/time -f %M): RSS skipped"
fi
exit "$bad"
