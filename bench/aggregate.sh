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

N=${1:-1000000}
WARMUP=${WARMUP:-1}
RUNS=${RUNS:-3}
RSS_SMALL=${RSS_SMALL:-1000000}
RSS_BIG=${RSS_BIG:-5000000}
for v in "$N" "$WARMUP" "$RUNS" "$RSS_SMALL" "$RSS_BIG"; do
	case $v in
	'' | *[!0-9]*)
		echo "usage: sh bench/aggregate.sh [N] (N, WARMUP, RUNS," \
		    "RSS_SMALL and RSS_BIG are counts)" >&2
		exit 2
		;;
	esac
done
if [ "$RUNS" -lt 1 ]; then
	echo "aggregate.sh: RUNS must be at least 1" >&2
	exit 2
fi

for b in bin/window bin/aggregate bin/sluice-gen; do
	if [ ! -x "$b" ]; then
		echo "aggregate.sh: $b not found: run make first" \
		    "(make all bin/sluice-gen)" >&2
		exit 2
	fi
done

have() {
	command -v "$1" >/dev/null 2>&1
}

mkdir -p bench/out
tmp=$(mktemp -d bench/out/aggregate.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

echo "aggregate.sh: generating $N events (sluice-gen events --seed 1)"
bin/sluice-gen events --count "$N" --seed 1 >"$tmp/events.ndjson"
nd=$tmp/events.ndjson

cat >"$tmp/q.jq" <<'EOF'
group_by([.["@timestamp"][0:16], .host])[]
| {minute: .[0]["@timestamp"][0:16], host: .[0].host, count: length,
   sum_bytes: (map(.bytes) | add),
   mean_latency_ms: (map(.latency_ms) | add / length),
   p95_latency_ms: (map(.latency_ms) | sort
                    | .[((length * 95 / 100) | ceil) - 1]),
   distinct_user_id: (map(.user_id | select(. != null)) | unique
                      | length)}
EOF

# The benchmarks, one per line: name|command.
: >"$tmp/cases"
add() {
	printf '%s|%s\n' "$1" "$(printf '%s' "$2" | tr '\n\t' '  ')" \
	    >>"$tmp/cases"
}
funcs=count,sum:bytes,mean:latency_ms,p95:latency_ms,distinct:user_id
add sluice "sh -c 'bin/window --tumbling 1m $nd |
    bin/aggregate --by host -a $funcs'"
if have mlr; then
	add mlr "mlr --ijsonl --ojsonl
	    put '\$minute = substr(\${@timestamp}, 0, 15)'
	    then stats1 -a count,sum,mean,p95,distinct_count
	    -f bytes,latency_ms,user_id -g minute,host $nd"
else
	echo "aggregate.sh: mlr not installed: skipped"
fi
if have jq; then
	add jq "jq -s -c -f $tmp/q.jq $nd"
else
	echo "aggregate.sh: jq not installed: skipped"
fi

hf=
if have hyperfine; then
	hf=hyperfine
	hyperfine --help 2>/dev/null | grep -q -- '--output' || hf=old
fi

# "wall|cpu": mean seconds of one command with the time utility; the
# output of the last run is left in $tmp/out.
time_loop() {
	_k=0
	: >"$tmp/times"
	while [ "$_k" -lt $((WARMUP + RUNS)) ]; do
		_k=$((_k + 1))
		{ time -p sh -c "$1 </dev/null >'$tmp/out' 2>/dev/null"; } \
		    2>"$tmp/time" || true
		if ! grep -q '^real ' "$tmp/time"; then
			echo "aggregate.sh: no hyperfine and no time(1):" \
			    "cannot time" >&2
			exit 2
		fi
		[ "$_k" -gt "$WARMUP" ] && cat "$tmp/time" >>"$tmp/times"
	done
	awk -v n="$RUNS" '
		$1 == "real" { w += $2 }
		$1 == "user" || $1 == "sys" { c += $2 }
		END { printf "%.4f|%.4f\n", w / n, c / n }' "$tmp/times"
}

hf_secs() {
	awk -F'"' '
		$2 == "mean" || $2 == "user" || $2 == "system" {
			v = $3; gsub(/[ :,]/, "", v); t[$2] = v
		}
		END { printf "%.4f|%.4f\n", t["mean"], t["user"] + t["system"] }
	' "$1"
}

echo "aggregate.sh: timing (warmup $WARMUP, runs $RUNS)"
: >"$tmp/results"
while IFS='|' read -r name cmd; do
	rm -f "$tmp/out"
	case $hf in
	hyperfine)
		hyperfine -i --warmup "$WARMUP" --runs "$RUNS" --style basic \
		    --export-json "bench/out/aggregate.$name.json" \
		    --output "$tmp/out" -n "$name" "$cmd" </dev/null >&2
		secs=$(hf_secs "bench/out/aggregate.$name.json")
		;;
	old)
		hyperfine -i --warmup "$WARMUP" --runs "$RUNS" --style basic \
		    --export-json "bench/out/aggregate.$name.json" \
		    -n "$name" "$cmd" </dev/null >&2
		secs=$(hf_secs "bench/out/aggregate.$name.json")
		sh -c "$cmd" </dev/null >"$tmp/out" 2>/dev/null || true
		;;
	*)
		echo "aggregate.sh: timing $name" >&2
		secs=$(time_loop "$cmd" </dev/null)
		;;
	esac
	grep -v '"@ctl"' "$tmp/out" >"$tmp/out.$name" || true
	groups=$(wc -l <"$tmp/out.$name" | tr -d ' ')
	printf '%s|%s|%s\n' "$name" "$secs" "$groups" >>"$tmp/results"
done <"$tmp/cases"

# The same answers: as many groups everywhere; sluice and jq agree on
# count, sum, p95 (both nearest rank) and distinct, sluice and mlr on
# the mean.
bad=0
want=$(awk -F'|' '$1 == "sluice" { print $4 }' "$tmp/results")
if [ "${want:-0}" -eq 0 ]; then
	echo "aggregate.sh: sluice wrote no groups" >&2
	bad=1
fi
while IFS='|' read -r name wall cpu groups; do
	if [ "$groups" != "$want" ]; then
		echo "aggregate.sh: $name wrote $groups groups," \
		    "sluice $want" >&2
		bad=1
	fi
done <"$tmp/results"
jq -r '[."@window".start[0:16], .host, .count, .sum_bytes,
    .mean_latency_ms, .p95_latency_ms, .distinct_user_id] | @tsv' \
    "$tmp/out.sluice" | sort >"$tmp/s.tsv"
if [ -s "$tmp/out.jq" ]; then
	jq -r '[.minute, .host, .count, .sum_bytes, .mean_latency_ms,
	    .p95_latency_ms, .distinct_user_id] | @tsv' "$tmp/out.jq" |
	    sort >"$tmp/j.tsv"
	if ! paste "$tmp/s.tsv" "$tmp/j.tsv" | awk -F'\t' '
	    $1 != $8 || $2 != $9 || $3 != $10 || $4 != $11 || $6 != $13 ||
	    $7 != $14 { bad = 1 } END { exit bad }'; then
		echo "aggregate.sh: sluice and jq disagree" >&2
		bad=1
	fi
fi
if [ -s "$tmp/out.mlr" ]; then
	jq -r '[.minute, .host, .latency_ms_mean] | @tsv' "$tmp/out.mlr" |
	    sort >"$tmp/m.tsv"
	if ! paste "$tmp/s.tsv" "$tmp/m.tsv" | awk -F'\t' '
	    function abs(v) { return v < 0 ? -v : v }
	    $1 != $8 || $2 != $9 || abs($5 - $10) > 1e-9 * abs($10) {
	        bad = 1 } END { exit bad }'; then
		echo "aggregate.sh: sluice and mlr disagree on means" >&2
		bad=1
	fi
fi

size=$(wc -c <"$nd" | tr -d ' ')
echo
printf '%s events (%s bytes), per minute and host; mean of %s runs\n' \
    "$N" "$size" "$RUNS"
awk -F'|' -v size="$size" '
NR == 1 {
	base = $2
	printf "\n%-8s %8s %8s %8s %7s %7s\n", "tool", "seconds", "cpu s",
	    "MB/s", "ratio", "groups"
}
{
	printf "%-8s %8.3f %8.3f %8.1f %6.1fx %7s\n", $1, $2, $3,
	    size / 1e6 / $2, $2 / base, $4
}' "$tmp/results"
echo
echo "seconds: elapsed; cpu s: user + system (sluice: window and"
echo "aggregate together, in two processes that overlap); ratio: the"
echo "tool's elapsed time / sluice's"

# Peak memory of aggregate behind window, for a short and a long stream.
rm -f "$nd"
rss() {
	bin/sluice-gen events --count "$1" --seed 1 | bin/window --tumbling 1m |
	    /usr/bin/time -f %M -o "$tmp/rss" bin/aggregate --by host \
	    -a count,sum:bytes,mean:latency_ms,p95:latency_ms,distinct:user_id \
	    >"$tmp/rss.out"
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
		echo "aggregate.sh: memory grew with the stream" >&2
		bad=1
	fi
else
	echo "aggregate.sh: no GNU time (/usr/bin/time -f %M): RSS skipped"
fi
exit "$bad"
