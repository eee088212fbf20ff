#!/bin/sh
# SPDX-License-Identifier: MIT
# speed.sh -- every job of the README's speed table side by side in one
# run: sluice, its peers, the simdjson floor; the table in markdown.
#
# usage: sh bench/speed.sh [N]
#
# Generates N events (default 1000000) with bin/sluice-gen --seed 1 (as
# NDJSON and CSV) and N lines of a combined log, then times each job
# below, each command pinned to one core (taskset -c CPU) and run RUNS
# times (FEW times if its first run took over SLOW seconds of CPU),
# keeping the least CPU time (user + system, the command's and its
# children's: every stage of a pipeline) and the least elapsed time:
#   pass      ingest                  jq -c ., gojq -c ., mlr cat, floor, cat
#   validate  validate, 3 checks      jq, gojq, mlr filter, floor
#   window    window --tumbling 1m    floor
#   aggregate aggregate -g host       jq reduce, mlr stats1, datamash on
#             count,sum:bytes         the two columns in TSV, floor
#   winagg    window | aggregate, 5 functions per minute and host
#                                     mlr stats1, jq -s group_by
#   pipeline  ingest | validate | window | aggregate | alert
#                                     mlr (one chain), jq | mlr
#   combined  ingest -f combined      bench/combined.awk in mawk, mlr
#                                     --inidx, a mawk field split
#   csv       ingest -f csv           mlr --icsv --ojsonl cat
#   memory    peak RSS of aggregate -g key -a count,sum:v and of mlr
#             stats1 over N records of 1, N/10 and N keys: bytes per
#             group = (RSS - RSS at 1 key) / groups
# The two pipelines also run unpinned, for their elapsed time on two
# cores.  Every job checks that the tools did the same work (same
# records, same groups, same answers; the floor's output is sluice's
# byte for byte) and flags a difference (exit 1).  Writes the results
# to bench/out/speed.tsv and the table to bench/out/summary.md.
# A peer, or the floor (build/bench/floor, make bench builds it), that
# is not there is skipped with a note.
# Environment: JOBS (the jobs to run, by name; all if unset), RUNS (5),
# SLOW (3 seconds), FEW (2), CPU (1); TIMEIT and
# FLOOR, the programs built from bench/timeit.c and bench/floor.cpp.
# shellcheck disable=SC2015,SC2016 # A && B || C as meant; the backquotes
# of the names are markdown's
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

RUNS=${RUNS:-5}
SLOW=${SLOW:-3}
FEW=${FEW:-2}
CPU=${CPU:-1}
BENCH_COUNTS='SLOW FEW CPU'
bench_init speed 1000000 "$@"
TIMEIT=${TIMEIT:-build/bench/timeit}
FLOOR=${FLOOR:-build/bench/floor}
bench_need bin/ingest bin/validate bin/window bin/aggregate bin/alert \
    "$TIMEIT"
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
start=$(date +%s)
: >"$tmp/notes"
runs=

# job NAME: whether to run job NAME: all of them, or those named in JOBS
# (a list of the names above, blank-separated).
job() {
	[ -z "${JOBS:-}" ] && return 0
	case " $JOBS " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# note MSG: say MSG now and under the table.
note() {
	echo "speed.sh: $*"
	echo "- $*" >>"$tmp/notes"
}

PIN=
if have taskset && taskset -c "$CPU" true 2>/dev/null; then
	PIN="taskset -c $CPU"
else
	note "cannot pin to CPU $CPU with taskset: commands not pinned"
fi
have_floor=1
if [ ! -x "$FLOOR" ]; then
	have_floor=0
	note "no simdjson floor ($FLOOR; make bench builds it from" \
	    "bench/floor.cpp with libsimdjson-dev): floors skipped"
fi

# measure JOB KIND NAME CMD: time CMD, a line of sh, pinned to CPU (KIND
# two: not pinned); KIND is sluice, peer, floor, ref or two.  Prints
# the figures, appends "JOB KIND NAME WALL CPU RSS RUNS" (tabs) to
# $tmp/results and leaves the output of the last run in $(bench_out
# "JOB NAME").  An exit status above 1 is flagged.
measure() {
	_o=$(bench_out "$1 $3")
	_pin=$PIN
	_runs=${runs:-$RUNS}
	_cmd=$(printf '%s' "$4" | tr '\n\t' '  ')
	[ "$2" != two ] || _pin=
	# shellcheck disable=SC2046,SC2086 # the words of timeit's line
	set -- "$1" "$2" "$3" "$4" $("$TIMEIT" "$_runs" "$SLOW" "$FEW" \
	    "$_o" "$_o.err" $_pin sh -c "$_cmd")
	if [ $# -ne 9 ]; then
		bench_fail "$3: not timed"
		return 0
	fi
	[ "$8" -le 1 ] ||
	    bench_fail "$1: $3 exited $8: $(head -c 200 "$_o.err")"
	printf '%-9s %-6s %-44s cpu %8.3f s, wall %8.3f s, %s runs\n' \
	    "$1" "$2" "$3" "$6" "$5" "$9"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$5" "$6" \
	    "$7" "$9" >>"$tmp/results"
}

# peer TOOL JOB NAME CMD: measure JOB peer NAME CMD if TOOL is installed,
# else note that it is skipped.
peer() {
	if have "$1"; then
		measure "$2" peer "$3" "$4"
	else
		note "$1 not installed: \`$3\` skipped"
	fi
}

# floor JOB CMD: measure the simdjson floor of JOB, if it is built.
floor() {
	[ "$have_floor" = 0 ] || measure "$1" floor "simdjson floor" "$2"
}

# out JOB NAME: print the file holding the output of a case.
out() {
	bench_out "$1 $2"
}

# lines FILE: print the count of lines in FILE (0 if there is none).
lines() {
	if [ -f "$1" ]; then
		wc -l <"$1" | tr -d ' '
	else
		echo 0
	fi
}

# want JOB COUNT NAME...: flag each case NAME of JOB that was run and
# whose output has other than COUNT lines.
want() {
	_j=$1
	_c=$2
	shift 2
	for _n; do
		[ -f "$(out "$_j" "$_n")" ] || continue
		_got=$(lines "$(out "$_j" "$_n")")
		[ "$_got" = "$_c" ] ||
		    bench_fail "$_j: $_n wrote $_got lines, expected $_c"
	done
}

# same JOB A B: flag outputs of cases A and B of JOB that differ, if
# both ran.
same() {
	[ -f "$(out "$1" "$2")" ] && [ -f "$(out "$1" "$3")" ] || return 0
	cmp -s "$(out "$1" "$2")" "$(out "$1" "$3")" ||
	    bench_fail "$1: $3 wrote other bytes than $2"
}

# tsv JOB NAME JQ: the output of a case as sorted TSV by the jq program
# JQ (a filter ending in @tsv), in $(out JOB NAME).tsv; nothing without
# jq.
tsv() {
	_f=$(out "$1" "$2")
	[ -f "$_f" ] && have jq || return 0
	jq -r "$3" "$_f" | sort >"$_f.tsv"
}

# agree JOB A B: flag the TSV of cases A and B of JOB (made by tsv) if
# they differ in a field (numbers compared as numbers).
agree() {
	_a=$(out "$1" "$2").tsv
	_b=$(out "$1" "$3").tsv
	[ -f "$_a" ] && [ -f "$_b" ] || return 0
	if ! awk -F'\t' 'NR == FNR { a[FNR] = $0; n = FNR; next }
	    { m = FNR; k = split(a[FNR], x, "\t")
	      if (k != NF) exit 1
	      for (i = 1; i <= NF; i++)
		if (x[i] != $i && x[i] + 0 != $i + 0) exit 1 }
	    END { if (m != n) exit 1 }' "$_a" "$_b"; then
		bench_fail "$1: $3 and $2 disagree"
	fi
}

# done_job: remove the outputs of the job just checked.
done_job() {
	rm -f "$tmp"/out.*
}

nd=$tmp/events.ndjson
cs=$tmp/events.csv
log=$tmp/access.log
bench_gen events "$nd"
bench_gen csv "$cs"
echo "$BENCH.sh: generating: sluice-gen access -n $N --seed 1 --clean"
bin/sluice-gen access -n "$N" -s 1 --clean >"$log"
size=$(wc -c <"$nd" | tr -d ' ')
: >"$tmp/results"

V="--require user_id --rule 'amount >= 0' --type amount=number"
jqf='select(has("user_id") and (.amount|type) == "number" and .amount >= 0)'
# shellcheck disable=SC2016 # mlr's fields, not the shell's
mlrf='is_present($user_id) && is_numeric($amount) && $amount >= 0'
# shellcheck disable=SC2016 # the same
minute='$minute = substr(${@timestamp}, 0, 15)'

# Pass-through: read each record, write it back.
if job pass; then
measure pass sluice '`ingest`' "bin/ingest $nd"
peer jq pass '`jq -c .`' "jq -c . $nd"
peer gojq pass '`gojq -c .`' "gojq -c . $nd"
peer mlr pass '`mlr --ijsonl --ojsonl cat`' "mlr --ijsonl --ojsonl cat $nd"
floor pass "$FLOOR pass $nd"
measure pass ref '`cat`' "cat $nd"
want pass "$N" '`ingest`' '`jq -c .`' '`gojq -c .`' \
    '`mlr --ijsonl --ojsonl cat`' 'simdjson floor' '`cat`'
same pass '`ingest`' 'simdjson floor'
same pass '`ingest`' '`cat`'
done_job
fi

# validate with three checks: a field there, a rule, a type.
if job validate; then
bench_valid "$nd" "$tmp/valid.ndjson" >"$tmp/counts"
read -r valid _ <"$tmp/counts"
measure validate sluice '`validate`, 3 checks' "bin/validate $V $nd"
peer jq validate '`jq select(...)`' "jq -c '$jqf' $nd"
peer gojq validate '`gojq select(...)`' "gojq -c '$jqf' $nd"
peer mlr validate '`mlr filter`' "mlr --ijsonl --ojsonl filter '$mlrf' $nd"
floor validate "$FLOOR validate $nd"
measure validate ref '`validate`, no checks' "bin/validate $nd"
want validate "$valid" '`validate`, 3 checks' '`jq select(...)`' \
    '`gojq select(...)`' '`mlr filter`' 'simdjson floor'
want validate "$N" '`validate`, no checks'
cp "$tmp/valid.ndjson" "$(out validate valid)"
same validate valid '`validate`, 3 checks'
same validate valid 'simdjson floor'
done_job
fi

# window: each record with its @window, a close record per minute.
if job window; then
measure window sluice '`window --tumbling 1m`' "bin/window --tumbling 1m $nd"
floor window "$FLOOR window $nd"
same window '`window --tumbling 1m`' 'simdjson floor'
done_job
fi

# aggregate -g host count,sum:bytes, over the whole stream.
if job aggregate; then
agq='select(.host) | [.host, .count, .sum_bytes] | @tsv'
if have jq; then
	jq -r '[.host, .bytes] | @tsv' "$nd" >"$tmp/host-bytes.tsv"
else
	awk -F'"' '{ for (i = 2; i < NF; i += 2) if ($i == "host") h = $(i + 2)
	    match($0, /"bytes":[0-9]+/); print h "\t" substr($0, RSTART + 8,
	    RLENGTH - 8) }' "$nd" >"$tmp/host-bytes.tsv"
fi
measure aggregate sluice '`aggregate -g host -a count,sum:bytes`' \
    "bin/aggregate -g host -a count,sum:bytes $nd"
peer jq aggregate '`jq reduce`' "jq -n -c 'reduce inputs as \$r ({};
    .[\$r.host].count += 1 | .[\$r.host].sum_bytes += \$r.bytes)
    | to_entries[] | {host: .key} + .value' $nd"
peer mlr aggregate '`mlr stats1`' "mlr --ijsonl --ojsonl stats1 -a count,sum
    -f bytes -g host $nd"
peer datamash aggregate '`datamash -s -g 1 count 1 sum 2` (TSV)' \
    "datamash -s -g 1 count 1 sum 2 <$tmp/host-bytes.tsv"
floor aggregate "$FLOOR aggregate host bytes $nd"
tsv aggregate '`aggregate -g host -a count,sum:bytes`' "$agq"
tsv aggregate '`jq reduce`' "$agq"
tsv aggregate '`mlr stats1`' '[.host, .bytes_count, .bytes_sum] | @tsv'
tsv aggregate 'simdjson floor' "$agq"
d=$(out aggregate '`datamash -s -g 1 count 1 sum 2` (TSV)')
[ ! -f "$d" ] || sort "$d" >"$d.tsv"
for c in '`jq reduce`' '`mlr stats1`' 'simdjson floor' \
    '`datamash -s -g 1 count 1 sum 2` (TSV)'; do
	agree aggregate '`aggregate -g host -a count,sum:bytes`' "$c"
done
done_job
fi

# window | aggregate: per minute and host, five functions.
if job winagg; then
funcs=count,sum:bytes,mean:latency_ms,p95:latency_ms,distinct:user_id
wa="bin/window --tumbling 1m $nd | bin/aggregate --by host -a $funcs"
measure winagg sluice '`window \| aggregate`' "$wa"
measure winagg two '`window \| aggregate`, 2 cores' "$wa"
peer mlr winagg '`mlr stats1`' "mlr --ijsonl --ojsonl put '$minute'
    then stats1 -a count,sum,mean,p95,distinct_count
    -f bytes,latency_ms,user_id -g minute,host $nd"
peer jq winagg '`jq -s group_by`' "jq -s -c -f bench/minute-host.jq $nd"
wq='select(.host) | [."@window".start[0:16], .host, .count, .sum_bytes]
    | @tsv'
tsv winagg '`window \| aggregate`' "$wq"
tsv winagg '`mlr stats1`' '[.minute, .host, .bytes_count, .bytes_sum] | @tsv'
tsv winagg '`jq -s group_by`' '[.minute, .host, .count, .sum_bytes] | @tsv'
agree winagg '`window \| aggregate`' '`mlr stats1`'
agree winagg '`window \| aggregate`' '`jq -s group_by`'
done_job
fi

# The five stages, and the peer chains that compute the same rows: a
# row per minute and host with its count, sum of bytes and mean latency,
# and whether the mean is over 55 ms.  alert writes the transitions; the
# peers write every row with the flag, and the check counts the rows
# that start a run of flagged ones per host: alert's firing transitions.
if job pipeline; then
P="bin/ingest $nd | bin/validate $V 2>/dev/null | bin/window --tumbling 1m
    | bin/aggregate -g host -a count,sum:bytes,mean:latency_ms
    | bin/alert -g host -r 'slow: mean_latency_ms > 55'"
chain="stats1 -a count,sum,mean -f bytes,latency_ms -g minute,host
    then put '\$slow = \$latency_ms_mean > 55'"
measure pipeline sluice '5 stages, `ingest \| ... \| alert`' "$P"
measure pipeline two '5 stages, 2 cores' "$P"
peer mlr pipeline '`mlr filter then ... stats1`' "mlr --ijsonl --ojsonl
    filter '$mlrf' then put '$minute' then $chain $nd"
if have jq && have mlr; then
	measure pipeline peer '`jq select(...) \| mlr ... stats1`' \
	    "jq -c '$jqf' $nd | mlr --ijsonl --ojsonl put '$minute' then $chain"
fi
f=$(out pipeline '5 stages, `ingest \| ... \| alert`')
fired=$(grep -c '"state":"firing"' "$f" || true)
[ "$fired" -gt 0 ] || bench_fail "pipeline: no alert fired"
for c in '`mlr filter then ... stats1`' '`jq select(...) \| mlr ... stats1`'; do
	f=$(out pipeline "$c")
	[ -f "$f" ] && have jq || continue
	n=$(jq -r '[.host, .slow] | @tsv' "$f" | awk -F'\t' '
	    $2 == "true" && last[$1] != "true" { n++ } { last[$1] = $2 }
	    END { print n + 0 }')
	[ "$n" = "$fired" ] ||
	    bench_fail "pipeline: $c starts $n alerts, alert fired $fired"
done
done_job
fi

# A combined log to NDJSON.
if job combined; then
measure combined sluice '`ingest -f combined`' "bin/ingest -f combined $log"
peer mawk combined '`mawk -f bench/combined.awk`' \
    "mawk -f bench/combined.awk $log"
peer mlr combined '`mlr --inidx --ifs space --ojsonl cat`' \
    "mlr --inidx --ifs space --ojsonl cat $log"
measure combined ref 'mawk field split' "$(bench_split) $log"
want combined "$N" '`ingest -f combined`' '`mawk -f bench/combined.awk`' \
    '`mlr --inidx --ifs space --ojsonl cat`' 'mawk field split'
same combined '`ingest -f combined`' '`mawk -f bench/combined.awk`'
done_job
fi

# CSV to NDJSON.
if job csv; then
measure csv sluice '`ingest -f csv`' "bin/ingest -f csv $cs"
peer mlr csv '`mlr --icsv --ojsonl cat`' "mlr --icsv --ojsonl cat $cs"
want csv "$N" '`ingest -f csv`' '`mlr --icsv --ojsonl cat`'
done_job
fi
rm -f "$nd" "$cs" "$log" "$tmp/host-bytes.tsv"

# Memory per group: N records over 1, N/10 and N keys.
if job memory; then
for g in 1 $((N / 10)) "$N"; do
	[ "$g" -ge 1 ] || continue
	awk -v n="$N" -v g="$g" 'BEGIN { for (i = 0; i < n; i++)
	    printf "{\"key\":\"k%d\",\"v\":%d}\n", i % g, i % 1000 }' \
	    >"$tmp/keys.ndjson"
	runs=1
	measure memory sluice "aggregate $g" \
	    "bin/aggregate -g key -a count,sum:v $tmp/keys.ndjson"
	want memory "$((g + 1))" "aggregate $g"
	if have mlr; then
		measure memory peer "mlr $g" "mlr --ijsonl --ojsonl
		    stats1 -a count,sum -f v -g key $tmp/keys.ndjson"
		want memory "$g" "mlr $g"
	fi
	done_job
done
fi
rm -f "$tmp/keys.ndjson"
runs=

load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
cp "$tmp/results" bench/out/speed.tsv
{
	printf '%s events, %s runs (%s over %s s of CPU), pinned to CPU %s' \
	    "$N" "$RUNS" "$FEW" "$SLOW" "$CPU"
	printf '; load average %s at the start, %s at the end; %s s\n' \
	    "$load0" "$load1" "$(($(date +%s) - start))"
	printf 'input: %s bytes of NDJSON events\n' "$size"
	! have jq || echo "jq: $(jq --version)"
	! have gojq || echo "gojq: $(gojq --version)"
	! have mlr || echo "mlr: $(mlr --version)"
	! have datamash || echo "datamash: $(datamash --version | head -1)"
	! have mawk || echo "mawk: $(mawk -W version 2>&1 | head -1)"
	! have pkg-config || echo "simdjson: $(pkg-config --modversion \
	    simdjson 2>/dev/null || echo '?')"
	lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | sed 's/^/cpu: /'
} >"$tmp/about"
awk -F'\t' -v n="$N" -f bench/summary.awk "$tmp/about" "$tmp/notes" \
    "$tmp/results" >bench/out/summary.md
echo
cat bench/out/summary.md
exit "$bad"
