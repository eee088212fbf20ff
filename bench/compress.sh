#!/bin/sh
# SPDX-License-Identifier: MIT
# compress.sh -- compressed input: ingest reading a .gz or .zst file
# itself against the decompressor piped into it.
#
# usage: sh bench/compress.sh [N]
#
# Generates N lines (default 500000) of a combined access log with
# bin/sluice-gen --seed 1 --clean, compresses it with gzip -6 and
# zstd -3 (their defaults), then times, in one run, on the same files:
#   gzip: ingest -f combined log.gz  vs  zcat log.gz | ingest -f combined
#   zstd: ingest -f combined log.zst vs  zstdcat log.zst | ingest ...
#   plain: ingest -f combined log (the floor: no decompression at all)
# The MB/s are of the file each group reads (compressed for gzip and
# zstd).  Each command writes to a file; a command that wrote other than
# N records is flagged (exit 1).  Timing as in lib.sh (hyperfine,
# WARMUP 1, RUNS 3).
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

bench_init compress 500000 "$@"
bench_need bin/ingest
log=$tmp/access.log
echo "$BENCH.sh: generating: sluice-gen access -n $N --seed 1 --clean"
bin/sluice-gen access -n "$N" -s 1 --clean >"$log"
have zstd && zstd -q -3 -c "$log" >"$log.zst"

bench_gzip_group "$log" combined
if have zstd; then
	bench_group zstd "$log.zst"
	bench_add "ingest log.zst" "bin/ingest -f combined $log.zst"
	bench_add "zstdcat into ingest" \
	    "zstdcat $log.zst | bin/ingest -f combined"
fi
bench_group plain "$log"
bench_add "ingest log" "bin/ingest -f combined $log"

bench_run bench_records records

echo
printf '%s lines: %s bytes, gzip %s, zstd %s; mean of %s runs\n' "$N" \
    "$(wc -c <"$log" | tr -d ' ')" "$(wc -c <"$log.gz" | tr -d ' ')" \
    "$( [ -f "$log.zst" ] && wc -c <"$log.zst" | tr -d ' ' || echo -)" \
    "$RUNS"
bench_table
exit "$bad"
