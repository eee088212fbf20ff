#!/bin/sh
# SPDX-License-Identifier: MIT
# ingest.sh -- time ingest against jq, gojq and mlr on the same input.
#
# usage: sh bench/ingest.sh [N]
#
# Generates N events (default 1000000) with bin/sluice-gen, as NDJSON and
# as CSV, then times, in one run and on the same files:
#   ndjson: ingest -f ndjson   vs  jq -c .   vs  gojq -c .
#   csv:    ingest -f csv      vs  mlr --icsv --ojsonl cat
# Each tool writes to a file; the records it wrote are counted (wc -l),
# and a tool that wrote other than N records is flagged (exit 1).
# Timing uses hyperfine (--warmup 1 --runs 3, JSON kept in bench/out/)
# when it is installed, else the time utility with the same counts.
# A peer that is not installed is skipped with a note.
# Environment: WARMUP and RUNS override 1 and 3.
set -eu

cd "$(dirname "$0")/.."

N=${1:-1000000}
WARMUP=${WARMUP:-1}
RUNS=${RUNS:-3}
for v in "$N" "$WARMUP" "$RUNS"; do
	case $v in
	'' | *[!0-9]*)
		echo "usage: sh bench/ingest.sh [N]" \
		    "(N, WARMUP and RUNS are counts)" >&2
		exit 2
		;;
	esac
done
if [ "$RUNS" -lt 1 ]; then
	echo "ingest.sh: RUNS must be at least 1" >&2
	exit 2
fi

for b in bin/ingest bin/sluice-gen; do
	if [ ! -x "$b" ]; then
		echo "ingest.sh: $b not found: run make first" \
		    "(make all bin/sluice-gen)" >&2
		exit 2
	fi
done

have() {
	command -v "$1" >/dev/null 2>&1
}

mkdir -p bench/out
tmp=$(mktemp -d bench/out/ingest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

echo "ingest.sh: generating $N events (sluice-gen events/csv --seed 1)"
bin/sluice-gen events --count "$N" --seed 1 >"$tmp/events.ndjson"
bin/sluice-gen csv --count "$N" --seed 1 >"$tmp/events.csv"
nd=$tmp/events.ndjson
cs=$tmp/events.csv

# The benchmarks, one per line: group|name|command (input file last).
: >"$tmp/cases"
add() {
	printf '%s|%s|%s\n' "$1" "$2" "$3" >>"$tmp/cases"
}
add ndjson "ingest -f ndjson" "bin/ingest -f ndjson $nd"
if have jq; then
	add ndjson "jq -c ." "jq -c . $nd"
else
	echo "ingest.sh: jq not installed: skipped"
fi
if have gojq; then
	add ndjson "gojq -c ." "gojq -c . $nd"
else
	echo "ingest.sh: gojq not installed: skipped"
fi
add csv "ingest -f csv" "bin/ingest -f csv $cs"
if have mlr; then
	add csv "mlr --icsv --ojsonl cat" "mlr --icsv --ojsonl cat $cs"
else
	echo "ingest.sh: mlr not installed: skipped"
fi

# hyperfine can write each run's output to a file (1.15 and later).
hf=
if have hyperfine; then
	hf=hyperfine
	hyperfine --help 2>/dev/null | grep -q -- '--output' || hf=old
fi

# "wall|cpu": mean seconds of one command, elapsed and user+system,
# with the time utility; the output of the last run is left in $tmp/out.
time_loop() {
	_k=0
	: >"$tmp/times"
	while [ "$_k" -lt $((WARMUP + RUNS)) ]; do
		_k=$((_k + 1))
		{ time -p sh -c "$1 </dev/null >'$tmp/out' 2>/dev/null"; } \
		    2>"$tmp/time" || true
		if ! grep -q '^real ' "$tmp/time"; then
			echo "ingest.sh: no hyperfine and no time(1):" \
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

# "wall|cpu" from hyperfine's JSON: the mean, and user + system.
hf_secs() {
	awk -F'"' '
		$2 == "mean" || $2 == "user" || $2 == "system" {
			v = $3; gsub(/[ :,]/, "", v); t[$2] = v
		}
		END { printf "%.4f|%.4f\n", t["mean"], t["user"] + t["system"] }
	' "$1"
}

echo "ingest.sh: timing (warmup $WARMUP, runs $RUNS)"
: >"$tmp/results"
bad=0
while IFS='|' read -r group name cmd; do
	slug=$(printf '%s' "$name" | tr -cs 'A-Za-z0-9' '-' | sed 's/-$//')
	rm -f "$tmp/out"
	case $hf in
	hyperfine)
		hyperfine -i --warmup "$WARMUP" --runs "$RUNS" --style basic \
		    --export-json "bench/out/ingest.$slug.json" \
		    --output "$tmp/out" -n "$name" "$cmd" </dev/null >&2
		secs=$(hf_secs "bench/out/ingest.$slug.json")
		;;
	old)
		# Output goes to /dev/null: count it on one more run.
		hyperfine -i --warmup "$WARMUP" --runs "$RUNS" --style basic \
		    --export-json "bench/out/ingest.$slug.json" \
		    -n "$name" "$cmd" </dev/null >&2
		secs=$(hf_secs "bench/out/ingest.$slug.json")
		# shellcheck disable=SC2086
		$cmd </dev/null >"$tmp/out" 2>/dev/null || true
		;;
	*)
		echo "ingest.sh: timing $name" >&2
		secs=$(time_loop "$cmd" </dev/null)
		;;
	esac
	recs=$(wc -l <"$tmp/out" | tr -d ' ')
	if [ "$recs" != "$N" ]; then
		echo "ingest.sh: $name wrote $recs records, expected $N" >&2
		bad=1
	fi
	rm -f "$tmp/out"
	printf '%s|%s|%s|%s\n' "$group" "$name" "$secs" "$recs" \
	    >>"$tmp/results"
done <"$tmp/cases"

# The table: MB/s of input; ratio = the tool's seconds / ingest's.
nd_size=$(wc -c <"$nd" | tr -d ' ')
cs_size=$(wc -c <"$cs" | tr -d ' ')
echo
printf '%s events: ndjson %s bytes, csv %s bytes; mean of %s runs\n' \
    "$N" "$nd_size" "$cs_size" "$RUNS"
awk -F'|' -v nd="$nd_size" -v cs="$cs_size" '
$1 != group {
	group = $1
	size = group == "ndjson" ? nd : cs
	base = $3
	printf "\n%-24s %8s %8s %8s %7s %9s\n", group ": tool", "seconds",
	    "cpu s", "MB/s", "ratio", "records"
}
$3 <= 0 || base <= 0 {
	printf "%-24s %8.3f %8.3f %8s %7s %9s\n", $2, $3, $4, "-", "-", $5
	next
}
{
	printf "%-24s %8.3f %8.3f %8.1f %6.1fx %9s\n", $2, $3, $4,
	    size / 1e6 / $3, $3 / base, $5
}' "$tmp/results"
echo
echo "seconds: elapsed; cpu s: user + system; MB/s: input bytes / elapsed;"
echo "ratio: the tool's elapsed time / ingest's (above 1: ingest is faster)"
exit "$bad"
