#!/bin/sh
# run.sh -- run the libFuzzer targets of tests/fuzz/, one at a time.
#
# usage: sh tests/fuzz/run.sh [--smoke] [target ...]
#
# make fuzz and make fuzz-smoke build the targets (build/fuzz/bin/
# fuzz-NAME) and call this.  For each target, all by default:
#
#  1. Replay tests/fuzz/regress/NAME/*, the inputs that once crashed it:
#     one that crashes again fails the run (a regression).
#  2. Seed: the checked-in corpus tests/fuzz/corpus/NAME/, and a few
#     lines of the files of ../shared/data when it is there (SLUICE_DATA
#     elsewhere), written to build/fuzz/seed/NAME/ afresh each run.
#  3. Fuzz for FUZZ_TIME seconds (default 600), growing the corpus kept
#     in build/fuzz/corpus/NAME/ from run to run.  A crash, leak,
#     timeout or out-of-memory stops the target and leaves its input in
#     build/fuzz/crash/NAME/; see tests/fuzz/README for what to do next.
#
# One line per target then says what it did:
#   fuzz: NAME: 1234567 execs, 2057 exec/s, cov 812, ft 3190, corpus 901, ok
# --smoke says the run is make check's: the same steps, and a line
# "fuzz-smoke: N targets ok" or the names of those that failed.
# Exit status: 0 all ok, 1 a target crashed or a regression came back,
# 2 trouble (a target not built).
#
# Environment: FUZZ_TIME, FUZZ_BIN (build/fuzz/bin), FUZZ_OUT
# (build/fuzz), SLUICE_DATA, FUZZ_ARGS (more libFuzzer options, such as
# -jobs=1 -workers=1, or -only_ascii=1).  One fuzzer runs at a time.
set -u
cd "$(dirname "$0")/../.." || exit 2

smoke=0
if [ "${1:-}" = --smoke ]; then
	smoke=1
	shift
fi
T=${FUZZ_TIME:-600}
BIN=${FUZZ_BIN:-build/fuzz/bin}
OUT=${FUZZ_OUT:-build/fuzz}
DATA=${SLUICE_DATA:-../shared/data}
F=tests/fuzz

if [ $# -eq 0 ]; then
	set -- $(ls $F/*.c | sed 's|.*/||; s|\.c$||')
fi

# The longest input of each target (-max_len): a line or a few for the
# line parsers, more for whole documents.
max_len() {
	case $1 in
	duration|timefmt|path)	echo 512 ;;
	json_scan|schema|expr)	echo 4096 ;;
	report|agg_partial|alert_rule|json_record|parse_*) echo 8192 ;;
	*)			echo 4096 ;;
	esac
}

# The dictionary of each target, if any.
dict() {
	case $1 in
	expr|alert_rule)	echo $F/expr.dict ;;
	json_*|schema|report|agg_partial|path) echo $F/json.dict ;;
	*)			echo "" ;;
	esac
}

# seed_file NAME FILE: the first lines of FILE, of at most 2000 bytes
# each, prefixed by the bytes of $pre (octal escapes for printf), as
# one seed of NAME.
n_seed=0
seed_file() {
	[ -f "$2" ] || return 0
	n_seed=$((n_seed + 1))
	{
		printf "$pre"
		head -n "${lines:-5}" "$2" | cut -b 1-2000
	} > "$OUT/seed/$1/data$n_seed"
}

# Seeds from the shared data, per target: a few lines of a few files.
seed_data() {
	local t=$1 f
	[ -d "$DATA" ] || return 0
	pre= lines=5
	case $t in
	json_scan)
		# The small cases of JSONTestSuite, whole.
		for f in "$DATA"/jsontestsuite/test_parsing/*.json; do
			[ -f "$f" ] || continue
			[ "$(wc -c < "$f")" -le 512 ] || continue
			n_seed=$((n_seed + 1))
			cp "$f" "$OUT/seed/$t/data$n_seed"
		done
		;;
	json_record|expr|report|path)
		case $t in
		expr)	pre='x != null && prev(x) != x\n' lines=3 ;;
		report)	pre='\000\000report\n' ;;
		path)	pre='a.b[0]\n' lines=1 ;;
		esac
		for f in "$DATA"/ndjson-logs/*/*.ndjson "$DATA"/ndjson-logs/*/*.json \
		    "$DATA"/ndjson-logs/*/*.jsonl; do
			seed_file "$t" "$f"
		done
		;;
	parse_clf)
		pre='\001'
		for f in "$DATA"/access-logs/*/*log*; do
			seed_file "$t" "$f"
		done
		;;
	parse_csv)
		pre='\000' lines=6
		for f in "$DATA"/csv/*/*.csv; do
			seed_file "$t" "$f"
		done
		;;
	parse_logfmt)
		for f in "$DATA"/logfmt/*/*logfmt*; do
			seed_file "$t" "$f"
		done
		;;
	parse_syslog)
		pre='\000\000\000\000\000\000\000\000\000'
		for f in "$DATA"/syslog/*/*.log "$DATA"/syslog/*/logfile_*; do
			seed_file "$t" "$f"
		done
		;;
	parse_auto)
		pre='\000\000'
		for f in "$DATA"/access-logs/*/*log* "$DATA"/syslog/*/*.log \
		    "$DATA"/syslog/*/logfile_* "$DATA"/logfmt/*/*logfmt* \
		    "$DATA"/csv/*/*.csv "$DATA"/ndjson-logs/*/*.ndjson \
		    "$DATA"/ndjson-logs/lnav/logfile_*; do
			seed_file "$t" "$f"
		done
		;;
	schema)
		# Each case of the JSON Schema Test Suite: schema, instance.
		command -v jq >/dev/null || return 0
		for f in "$DATA"/json-schema-test-suite/tests/draft2020-12/*.json; do
			[ -f "$f" ] || continue
			jq -c '.[] | .schema as $s | .tests[] |
			    [($s | tojson), (.data | tojson)] | join("\n")' \
			    "$f" 2>/dev/null | head -n 12 | while read -r l; do
				n_seed=$((n_seed + 1))
				printf '%s' "$l" | jq -j . > \
				    "$OUT/seed/$t/$(basename "$f" .json)$n_seed"
			done
		done
		;;
	esac
}

# The figures of libFuzzer's last status line and final statistics.
figures() {
	local log=$1 execs rate st cov ft corp
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	st=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -1)
	cov=$(printf '%s\n' "$st" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$st" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(printf '%s\n' "$st" | sed -n 's|.* corp: \([0-9]*\)/.*|\1|p')
	printf '%s execs, %s exec/s, cov %s, ft %s, corpus %s' \
	    "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
}

failed= ran=0
for t in "$@"; do
	exe=$BIN/fuzz-$t
	if [ ! -x "$exe" ]; then
		echo "fuzz: $t: $exe not built (make fuzz-build)" >&2
		exit 2
	fi
	mkdir -p "$OUT/corpus/$t" "$OUT/crash/$t" "$OUT/log"
	rm -rf "$OUT/seed/$t"
	mkdir -p "$OUT/seed/$t"
	log=$OUT/log/$t.log

	# 1. The old crashes first.
	if ls $F/regress/$t/* >/dev/null 2>&1; then
		if ! "$exe" -timeout=25 -rss_limit_mb=2560 $F/regress/$t/* \
		    > "$log" 2>&1; then
			echo "fuzz: $t: an input of $F/regress/$t crashes again:"
			grep -E 'Running:|ERROR|SUMMARY|property' "$log" | tail -6
			failed="$failed $t"
			continue
		fi
	fi

	# 2. Seeds.
	seed_data "$t"
	seeds="$OUT/seed/$t"
	[ -d $F/corpus/$t ] && seeds="$seeds $F/corpus/$t"

	# 3. Fuzz.
	d=$(dict "$t")
	ran=$((ran + 1))
	before=$(ls "$OUT/crash/$t" | wc -l)
	"$exe" -max_total_time="$T" -max_len="$(max_len "$t")" \
	    -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 \
	    -artifact_prefix="$OUT/crash/$t/" ${d:+-dict=$d} ${FUZZ_ARGS:-} \
	    "$OUT/corpus/$t" $seeds > "$log" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || [ "$(ls "$OUT/crash/$t" | wc -l)" -ne "$before" ]
	then
		echo "fuzz: $t: $(figures "$log"), FAILED (exit $rc); see $log:"
		grep -E '^==[0-9]+==|SUMMARY|property|runtime error' "$log" |
		    head -4
		ls -t "$OUT/crash/$t"/* 2>/dev/null | head -1 |
		    sed 's/^/  input: /'
		failed="$failed $t"
	else
		echo "fuzz: $t: $(figures "$log"), ok"
	fi
done

name=fuzz
[ $smoke -eq 1 ] && name=fuzz-smoke
if [ -n "$failed" ]; then
	echo "$name: failed:$failed"
	exit 1
fi
echo "$name: $ran targets ok"
exit 0
