#!/bin/sh
# SPDX-License-Identifier: MIT
# formats.sh -- each format of ingest against the fastest tool that
# reads it, in one run, on the same files.
#
# usage: sh bench/formats.sh [SIZE]
#
# SIZE lines (default 200000) of each input: a combined log and CSV
# events from bin/sluice-gen --seed 1, logfmt made from the events, CRI
# lines wrapping them, and lnav's real samples of syslog, log4j (Java),
# glog, Apache error and ALB logs repeated (only the lines ingest reads,
# so every tool gets the same lines).  Times, per format:
#   combined: -f combined, a user-defined --format-file of the same
#             fields (the aim: >= 50% of -f combined's speed),
#             goaccess, mlr --inidx, and mawk splitting fields (the floor)
#   csv:      ingest -f csv      vs  mlr --icsv --ojsonl cat
#   logfmt:   ingest -f logfmt   vs  mlr --ilogfmt --ojsonl cat (or, before
#             mlr 6.9, mlr --idkvp --ifs space)
#   syslog, log4j, glog, errorlog, text, cri, elb, w3c, haproxy: ingest vs
#   the mawk split, and for elb (AWSALB) and w3c (W3C) goaccess
#   gzip:     ingest log.gz      vs  zcat | ingest (lib.sh, as compress.sh)
# The ratio column is elapsed over the group's first (ingest); compare
# the cpu s column on a loaded machine.  A case that wrote other than
# SIZE records (GoAccess: other than SIZE valid requests in its JSON
# report) is flagged (exit 1).  Peers not installed are skipped.
# Environment: WARMUP and RUNS override 1 and 3.
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

bench_init formats 200000 "$@"
bench_need bin/ingest
SAMPLES=${SLUICE_DATA:-../shared/data}/lnav-format-samples/lnav-format-samples.ndjson
# The floor: mawk (or awk) splitting each line into fields (lib.sh).
AWK=mawk
have mawk || AWK=awk
split=$(bench_split)

log=$tmp/access.log
echo "$BENCH.sh: generating: sluice-gen access -n $N --seed 1 --clean"
bin/sluice-gen access -n "$N" -s 1 --clean >"$log"
bench_group combined "$log"
bench_add "ingest -f combined" "bin/ingest -f combined $log"
bench_add "ingest --format-file" "bin/ingest --format-file
    tests/fixtures/ingest/formats.conf --format-name access $log"
bench_peer goaccess "goaccess" "goaccess --log-format=COMBINED -o json $log"
bench_peer mlr "mlr --inidx" "mlr --inidx --ifs space --ojsonl cat $log"
bench_add "$AWK split" "$split $log"

cs=$tmp/events.csv
bench_gen csv "$cs"
bench_group csv "$cs"
bench_add "ingest -f csv" "bin/ingest -f csv $cs"
bench_peer mlr "mlr --icsv" "mlr --icsv --ojsonl cat $cs"

lf=$tmp/events.logfmt
bench_gen events "$tmp/events.ndjson"
jq -r 'to_entries | map("\(.key)=\(.value | tostring | @json)") |
    join(" ")' "$tmp/events.ndjson" >"$lf"
bench_group logfmt "$lf"
bench_add "ingest -f logfmt" "bin/ingest -f logfmt $lf"
# mlr reads logfmt from 6.9 on; before, its space-separated key=value
# (quotes not taken away) is the nearest.
if have mlr && mlr --ilogfmt --ojsonl cat /dev/null >/dev/null 2>&1; then
	bench_add "mlr --ilogfmt" "mlr --ilogfmt --ojsonl cat $lf"
else
	bench_peer mlr "mlr --idkvp --ifs space" \
	    "mlr --idkvp --ifs space --ojsonl cat $lf"
fi

cri=$tmp/cri.log
jq -r '"\(."@timestamp") stdout F \(tojson)"' "$tmp/events.ndjson" >"$cri"
bench_group cri "$cri"
bench_add "ingest -f cri" "bin/ingest -f cri $cri"
bench_add "$AWK split (cri)" "$split $cri"

# W3C extended (IIS) lines made from the events, under one header.
w3c=$tmp/w3c.log
{
	echo '#Software: Microsoft Internet Information Services 10.0'
	echo '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'
	jq -r '"\(."@timestamp"[0:10]) \(."@timestamp"[11:19]) 10.0.0.1 \(.method) \(.path) - 443 - 192.0.2.\(.bytes % 250) Mozilla/5.0+(X11;+Linux) - \(.status) 0 0 \(.latency_ms | floor)"' "$tmp/events.ndjson"
} >"$w3c"
bench_group w3c "$w3c"
bench_add "ingest -f w3c" "bin/ingest -f w3c $w3c"
bench_peer goaccess "goaccess (w3c)" "goaccess --log-format=W3C -o json $w3c"
bench_add "$AWK split (w3c)" "grep -v '^#' $w3c | $split"

# sample KIND FORMAT FILE: lnav's samples of KIND that ingest -f FORMAT
# reads, repeated to N lines in FILE.
sample() {
	jq -r --arg k "$1" 'select(.format == $k) | .line' "$SAMPLES" \
	    >"$tmp/s.$2"
	bin/ingest -f "$2" --reject "$tmp/r.$2" "$tmp/s.$2" \
	    >/dev/null 2>&1 || true
	jq -r '."@raw"' "$tmp/r.$2" | grep -vxF -f - "$tmp/s.$2" \
	    >"$tmp/k.$2" || cp "$tmp/s.$2" "$tmp/k.$2"
	bench_repeat "$tmp/k.$2" "$3"
}
if [ -f "$SAMPLES" ]; then
	for kf in syslog_log:syslog java_log:log4j glog_log:glog \
	    error_log:errorlog alb_log:elb haproxy_log:haproxy \
	    syslog_log:text; do
		f=${kf#*:}
		sample "${kf%%:*}" "$f" "$tmp/$f.log"
		bench_group "$f" "$tmp/$f.log"
		bench_add "ingest -f $f" "bin/ingest -f $f $tmp/$f.log"
		[ "$f" = elb ] && bench_peer goaccess "goaccess (elb)" \
		    "goaccess --log-format=AWSALB -o json $tmp/$f.log"
		bench_add "$AWK split ($f)" "$split $tmp/$f.log"
	done
else
	echo "$BENCH.sh: $SAMPLES not found: sample formats skipped"
fi

bench_gzip_group "$log" combined

# GoAccess writes a report, not records: its count of valid requests
# must be the lines given.
records() {
	case $1 in
	goaccess*)
		_n=$(jq '.general.valid_requests' "$2")
		[ "$_n" = "$N" ] ||
		    bench_fail "goaccess read $_n valid requests, expected $N"
		echo "$_n" ;;
	*)
		bench_records "$1" "$2" ;;
	esac
}
bench_run records records

echo
printf '%s lines of each input; mean of %s runs\n' "$N" "$RUNS"
bench_table
exit "$bad"
