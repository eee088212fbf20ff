#!/bin/sh
# SPDX-License-Identifier: MIT
# sliding.sh -- sliding windows by panes against tumbling windows, and
# against the copy per window (window --expand) of earlier versions.
#
# usage: sh bench/sliding.sh [N]
#
# Generates N events (default 1000000, 100 a second: about 2.8 hours)
# and times, per host, count, sum, mean, min and max of
#   tumbling: window --tumbling 1m | aggregate
#   sliding:  window --sliding 1h --every 1m | aggregate   (panes)
# then, on the first EXPAND_N of them (default 100000: the copies make
# 60 lines of each event), tumbling, sliding and
#   expand:   window --sliding 1h --every 1m --expand | aggregate
# and checks that sliding and expand wrote the same bytes.  The figure
# to read is the CPU seconds (user + system, of both processes): the
# machine may be busy.  It flags a sliding run that takes more than
# 1.5 times the CPU of the tumbling one.
# Environment: WARMUP, RUNS, EXPAND_N.  Exit 1 if a check failed.
set -eu

cd "$(dirname "$0")/.."
. bench/lib.sh

EXPAND_N=${EXPAND_N:-100000}
BENCH_COUNTS='EXPAND_N'
bench_init sliding 1000000 "$@"
bench_need bin/window bin/aggregate
nd=$tmp/events.ndjson
small=$tmp/small.ndjson
bench_gen events "$nd"
head -n "$EXPAND_N" "$nd" >"$small"
funcs=count,sum:bytes,mean:latency_ms,min:latency_ms,max:latency_ms

# pipe FILE WINDOW-OPTIONS: the command of a case.
pipe() {
	printf "sh -c 'bin/window %s %s | bin/aggregate --by host -a %s'" \
	    "$2" "$1" "$funcs"
}
bench_group "$N events" "$nd"
bench_add tumbling "$(pipe "$nd" '--tumbling 1m')"
bench_add sliding "$(pipe "$nd" '--sliding 1h --every 1m')"
bench_group "$EXPAND_N events" "$small"
bench_add "tumbling $EXPAND_N" "$(pipe "$small" '--tumbling 1m')"
bench_add "sliding $EXPAND_N" "$(pipe "$small" '--sliding 1h --every 1m')"
bench_add "expand $EXPAND_N" "$(pipe "$small" \
    '--sliding 1h --every 1m --expand')"

# rows NAME FILE: the rows written (not the control records).
# shellcheck disable=SC2317 # called by bench_run
rows() {
	_n=$(grep -vc '"@ctl"' "$2" || true)
	[ "$_n" -gt 0 ] || bench_fail "$1 wrote no rows"
	echo "$_n"
}
bench_run rows rows

if ! cmp -s "$(bench_out "sliding $EXPAND_N")" \
    "$(bench_out "expand $EXPAND_N")"; then
	bench_fail "sliding (panes) and expand wrote other bytes"
fi

echo
printf '%s events (%s bytes), per host; mean of %s runs\n' \
    "$N" "$(wc -c <"$nd" | tr -d ' ')" "$RUNS"
bench_table
# The CPU of sliding over that of tumbling, for each size.
awk -F'|' '
	$3 ~ /^tumbling/ { t[$1] = $5 }
	$3 ~ /^sliding/ { s[$1] = $5 }
	$3 ~ /^expand/ { e[$1] = $5 }
	END {
		for (g in s) {
			printf "%s: sliding / tumbling cpu = %.2f", g,
			    (t[g] > 0 ? s[g] / t[g] : 0)
			if (g in e)
				printf ", expand / sliding cpu = %.1f",
				    (s[g] > 0 ? e[g] / s[g] : 0)
			printf "\n"
		}
	}' "$tmp/results" | sort
awk -F'|' -v n="$N events" '
	$1 == n && $3 == "tumbling" { t = $5 }
	$1 == n && $3 == "sliding" { s = $5 }
	END { exit !(t > 0 && s > 1.5 * t) }' "$tmp/results" &&
    bench_fail "sliding takes more than 1.5 times the cpu of tumbling"
echo "cpu s are those of window and aggregate together, in two processes"
echo "that overlap"
exit "$bad"
