#!/bin/sh
# SPDX-License-Identifier: MIT
# validate.sh -- time validate against jq, gojq and mlr on the same input.
#
# usage: sh bench/validate.sh [N]
#
# Generates N events (default 1000000) with bin/sluice-gen --seed 1, of
# which about 0.3% lack user_id and 0.2% have a negative amount, and
# times, in one run on the same file, keeping the records that have a
# user_id (null counts) and a number amount that is not negative:
#   validate --require user_id --rule 'amount >= 0' --type amount=number
#   jq -c 'select(has("user_id") and (.amount|type) == "number"
#          and .amount >= 0)', and the same with gojq
#   mlr --ijsonl --ojsonl filter 'is_present($user_id) &&
#          is_numeric($amount) && $amount >= 0'
# (with JSON input mlr takes null as present, and a string such as "5"
# as a string, not a number, as jq does).  The valid events are counted
# apart, from the text of the lines with awk; a tool that passed another
# number of records is flagged (exit 1), and so is validate if it did not
# pass those lines byte for byte.  The table says whether each tool
# wrote the lines as it read them or wrote them again.
# Timing uses hyperfine (--warmup 1 --runs 3, JSON kept in bench/out/)
# when it is installed, else the time utility with the same counts.
# A peer that is not installed is skipped with a note.
# Environment: WARMUP and RUNS override 1 and 3.
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

bench_init validate 1000000 "$@"
bench_need bin/validate
nd=$tmp/events.ndjson
bench_gen events "$nd"

bench_valid "$nd" "$tmp/valid.ndjson" >"$tmp/counts"
read -r valid missing negative other <"$tmp/counts"
printf 'validate.sh: %s valid, %s invalid (%s without user_id,' \
    "$valid" "$((N - valid))" "$missing"
printf ' %s amount < 0, %s amount not a number)\n' "$negative" "$other"

jqf='select(has("user_id") and (.amount|type) == "number" and .amount >= 0)'
# shellcheck disable=SC2016 # mlr's fields, not the shell's
mlrf='is_present($user_id) && is_numeric($amount) && $amount >= 0'
bench_group '' "$nd"
bench_add validate "bin/validate --require user_id --rule 'amount >= 0'
    --type amount=number $nd"
bench_peer jq "jq select" "jq -c '$jqf' $nd"
bench_peer gojq "gojq select" "gojq -c '$jqf' $nd"
bench_peer mlr "mlr filter" "mlr --ijsonl --ojsonl filter '$mlrf' $nd"

# passed NAME FILE: print the records in FILE and whether they are the
# valid lines as read; flag a count other than the valid events', and
# validate if it changed a byte.
# shellcheck disable=SC2317 # called by bench_run
passed() {
	_n=$(wc -l <"$2" | tr -d ' ')
	[ "$_n" = "$valid" ] ||
	    bench_fail "$1 passed $_n records, expected $valid"
	if cmp -s "$2" "$tmp/valid.ndjson"; then
		echo "$_n|as read"
	else
		[ "$1" != validate ] ||
		    bench_fail "validate did not pass the lines as read"
		echo "$_n|rewritten"
	fi
}
bench_run passed records output

echo
printf '%s events (%s bytes), %s valid; mean of %s runs\n' \
    "$N" "$(wc -c <"$nd" | tr -d ' ')" "$valid" "$RUNS"
bench_table
echo "output: as read if the tool passed the valid lines byte for byte,"
echo "rewritten if it wrote each record again from its values"
exit "$bad"
