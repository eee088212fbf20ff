#!/bin/sh
# SPDX-License-Identifier: MIT
# regex.sh -- regular expressions: validate --rule 'x =~ RE' against jq's
# test() and mlr's =~, and a user-defined ingest format (-f regex) against
# the built-in -f combined, jq's capture() and mlr's =~ with captures.
#
# usage: sh bench/regex.sh [N]
#
# Generates N events (default 200000) with bin/sluice-gen --seed 1 and
# keeps those whose user_id is "u" and two or three digits and whose path
# is an API path with a word after /api/ (the records are counted apart
# with awk: every tool must keep exactly those).  Then generates N lines
# of a combined access log and reads them: ingest -f combined, ingest -f
# regex with the same fields named in a pattern, jq -R capture() with the
# same pattern, and mlr with =~ and "\1".."\9"; each must give N records
# (the field values of the regex format must equal -f combined's for the
# fields both have).  Timing as in lib.sh (hyperfine, WARMUP 1, RUNS 3).
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

bench_init regex 200000 "$@"
bench_need bin/validate
bench_need bin/ingest
nd=$tmp/events.ndjson
bench_gen events "$nd"

# The rule, in each tool's words.
re='^u[0-9]{2,3}$'
pre='^/api/[a-z]+(/[a-z]+)?$'
awk '
/"user_id":"u[0-9][0-9][0-9]?"/ && /"path":"\/api\/[a-z]+(\/[a-z]+)?"/ { n++ }
END { print n + 0 }' "$nd" >"$tmp/count"
read -r want <"$tmp/count"

bench_group rule "$nd"
bench_add validate "bin/validate --rule 'user_id =~ \"$re\" &&
    path =~ \"$pre\"' $nd"
bench_peer jq "jq test()" "jq -c 'select((.user_id | strings | test(\"$re\"))
    and (.path | strings | test(\"$pre\")))' $nd"
bench_peer mlr "mlr =~" "mlr --ijsonl --ojsonl filter 'is_string(\$user_id)
    && \$user_id =~ \"$re\" && is_string(\$path) && \$path =~ \"$pre\"' $nd"

# The access log, read by the built-in format, by the same fields named
# in a pattern (tests/fixtures/ingest/formats.conf, [access]), and by
# jq's capture() with that pattern.  mlr is left out here: Miller 6.6
# has no named captures, and "\1".."\9" cannot hold the 12 fields.
log=$tmp/access.log
echo "$BENCH.sh: generating: sluice-gen access -n $N --seed 1 --clean"
bin/sluice-gen access -n "$N" -s 1 --clean >"$log"
fmt=tests/fixtures/ingest/formats.conf
sed -n 's/^regex = //p' "$fmt" | head -1 |
    jq -Rr '"capture(" + tojson + ")"' >"$tmp/capture.jq"
bench_group format "$log"
bench_add "ingest -f combined" "bin/ingest -f combined $log"
bench_add "ingest -f regex" "bin/ingest --format-file $fmt
    --format-name access $log"
bench_peer jq "jq capture()" "jq -cR -f $tmp/capture.jq $log"

# count NAME FILE: the records written; flag any count but the one
# expected (awk's for the rule, N for the formats).
# shellcheck disable=SC2317 # called by bench_run
count() {
	_n=$(wc -l <"$2" | tr -d ' ')
	case $1 in
	validate | "jq test()" | "mlr =~") _w=$want ;;
	*) _w=$N ;;
	esac
	[ "$_n" = "$_w" ] || bench_fail "$1 wrote $_n records, expected $_w"
	echo "$_n"
}
bench_run count records
printf '\n%s events (%s bytes), %s kept by the rule; %s log lines' \
    "$N" "$(wc -c <"$nd" | tr -d ' ')" "$want" "$N"
printf ' (%s bytes); mean of %s runs\n' "$(wc -c <"$log" | tr -d ' ')" "$RUNS"
bench_table
exit "$bad"
