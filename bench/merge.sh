#!/bin/sh
# SPDX-License-Identifier: MIT
# merge.sh -- ingest merging two files by time against reading them one
# after the other.
#
# usage: sh bench/merge.sh [N]
#
# Generates two files of N events each (default 500000) with
# bin/sluice-gen events, seeds 1 and 2, over the same period, each in
# time order, and times, in one run, on the same files:
#   ingest a.ndjson b.ndjson            (merged by @timestamp)
#   ingest --concat a.ndjson b.ndjson   (one after the other)
#   ingest a.ndjson, ingest b.ndjson    (each alone: their sum is the
#                                        floor of the merge)
# The merge holds one record per file and reads each record's time
# back: its CPU over the --concat case is its cost.  Each command writes
# to a file; the two-file cases must write 2N records (exit 1 if not).
# Timing as in lib.sh (hyperfine, WARMUP 1, RUNS 3).
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

bench_init merge 500000 "$@"
bench_need bin/ingest
a=$tmp/a.ndjson
b=$tmp/b.ndjson
echo "$BENCH.sh: generating: sluice-gen events --count $N --seed 1, 2"
bin/sluice-gen events --count "$N" --seed 1 >"$a"
bin/sluice-gen events --count "$N" --seed 2 >"$b"
cat "$a" "$b" >"$tmp/both"

bench_group "two files" "$tmp/both"
bench_add "ingest --concat a b" "bin/ingest --concat $a $b"
bench_add "ingest a b (merged)" "bin/ingest $a $b"
bench_group "one file" "$a"
bench_add "ingest a" "bin/ingest $a"
bench_add "ingest b" "bin/ingest $b"

# NAME FILE: the records a case wrote; 2N for two files, else N.
merge_records() {
	_n=$(wc -l <"$2" | tr -d ' ')
	case $1 in
	*" a b"*) _want=$((2 * N)) ;;
	*) _want=$N ;;
	esac
	[ "$_n" = "$_want" ] || bench_fail "$1 wrote $_n records, expected $_want"
	echo "$_n"
}

bench_run merge_records records

echo
printf '%s events a file: %s + %s bytes; mean of %s runs\n' "$N" \
    "$(wc -c <"$a" | tr -d ' ')" "$(wc -c <"$b" | tr -d ' ')" "$RUNS"
bench_table
exit "$bad"
