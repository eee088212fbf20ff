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
. bench/lib.sh

bench_init ingest 1000000 "$@"
bench_need bin/ingest
nd=$tmp/events.ndjson
cs=$tmp/events.csv
bench_gen events "$nd"
bench_gen csv "$cs"

bench_group ndjson "$nd"
bench_add "ingest -f ndjson" "bin/ingest -f ndjson $nd"
bench_peer jq "jq -c ." "jq -c . $nd"
bench_peer gojq "gojq -c ." "gojq -c . $nd"
bench_group csv "$cs"
bench_add "ingest -f csv" "bin/ingest -f csv $cs"
bench_peer mlr "mlr --icsv --ojsonl cat" "mlr --icsv --ojsonl cat $cs"

bench_run bench_records records

echo
printf '%s events: ndjson %s bytes, csv %s bytes; mean of %s runs\n' \
    "$N" "$(wc -c <"$nd" | tr -d ' ')" "$(wc -c <"$cs" | tr -d ' ')" \
    "$RUNS"
bench_table
exit "$bad"
