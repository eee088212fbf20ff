#!/usr/bin/env bats
# time_edges.bats -- one rule for epoch units in every tool, the ends of
# the time range (sluice(7) TIME), durations at their limits.

load helpers

# Events with @timestamp in RFC 3339 ($1 = iso), or as an epoch number
# in unit $1 (s, ms, us, ns; "ms-text": milliseconds as a string of
# digits).  python3's decimal arithmetic converts the RFC 3339 text, the
# oracle.  They come out of order, so that first and last go by time.
events() {
	python3 - "$1" <<'PY'
import sys
from datetime import datetime, timezone
from decimal import Decimal
unit = sys.argv[1]
evs = [("2024-01-01T00:02:30.123456789Z", 5, "a"),
       ("2024-01-01T00:00:10.5Z", 1, "a"),
       ("2024-01-01T00:01:00Z", 7, "b"),
       ("2024-01-01T00:01:40.000001Z", 4, "a")]
mul = {"s": 1, "ms": 10**3, "ms-text": 10**3, "us": 10**6, "ns": 10**9}
for ts, v, h in evs:
    if unit == "iso":
        t = '"%s"' % ts
    else:
        whole, _, frac = ts[:-1].partition(".")
        sec = int(datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S")
                  .replace(tzinfo=timezone.utc).timestamp())
        n = (Decimal(sec) + Decimal("0." + (frac or "0"))) * mul[unit]
        t = str(int(n)) if n == n.to_integral() else format(n.normalize(), "f")
        if unit == "ms-text":
            t = '"%s"' % t
    print('{"@timestamp":%s,"v":%d,"h":"%s"}' % (t, v, h))
PY
}

# What each tool makes of a file of events $1, as text to compare.
tools_on() {
	window --tumbling 1m --lateness 5m "$1" | jq -c 'del(.["@timestamp"])'
	window --tumbling 1m --lateness 5m "$1" | aggregate -g h -a count,first:v,last:v
	aggregate -a count,first:v,last:v "$1"
	alert -r 'x: v > 3' -g h --for 30s --pending "$1"
	report -f json "$1" | jq -c .range
}

@test "time_edges: epoch s, ms, us and ns in @timestamp are their RFC 3339 time in every tool" {
	events iso > "$BATS_TEST_TMPDIR/iso"
	tools_on "$BATS_TEST_TMPDIR/iso" > "$BATS_TEST_TMPDIR/want"
	# The times were read: windows, first/last by time, an alert, a span.
	grep -q '"@ctl":"close"' "$BATS_TEST_TMPDIR/want"
	grep -q '"first_v":1,"last_v":5' "$BATS_TEST_TMPDIR/want"
	grep -q '"state":"inactive","severity":"warning","since":"2024-01-01T00:02:30.123Z","at":"2024-01-01T00:00:10.500Z"' "$BATS_TEST_TMPDIR/want"
	grep -qx '{"start":"2024-01-01T00:00:10.500Z","end":"2024-01-01T00:02:30.123Z"}' "$BATS_TEST_TMPDIR/want"
	for u in s ms ms-text us ns; do
		events "$u" > "$BATS_TEST_TMPDIR/$u"
		tools_on "$BATS_TEST_TMPDIR/$u" > "$BATS_TEST_TMPDIR/got-$u"
		assert_same_file "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got-$u"
	done
	# The magnitude decides: 1704067200123 is milliseconds, as sluice(7) says.
	run -0 pipeline "echo '{\"@timestamp\":1704067200123}' | window --tumbling 1s | jq -r '.\"@window\".start' | sed -n 1p"
	assert_eq "$output" "2024-01-01T00:00:00.000Z"
	# A unit given wins: the same number in seconds is past 2262.
	run -1 --separate-stderr window --tumbling 1s --time-unit s "$BATS_TEST_TMPDIR/ms"
	[[ "$stderr" == *"cannot read the time in '@timestamp'"* ]]
}

@test "time_edges: the time range ends at 1677-09-21T00:12:44Z and 2262-04-11T23:47:16.854775807Z" {
	# Inside, to the nanosecond: times; one past: no time (untimed in alert).
	printf '%s\n' '{"@timestamp":"2262-04-11T23:47:16.854775807Z","v":1}' \
	    '{"@timestamp":9223372036854775807,"v":2}' \
	    '{"@timestamp":"1677-09-21T00:12:44Z","v":3}' \
	    '{"@timestamp":-9223372036,"v":4}' \
	    '{"@timestamp":"2262-04-11T23:47:16.854775808Z","v":5}' \
	    '{"@timestamp":9223372036854775808,"v":6}' \
	    '{"@timestamp":"1677-09-21T00:12:43.999999999Z","v":7}' \
	    '{"@timestamp":-9223372037,"v":8}' > "$BATS_TEST_TMPDIR/in"
	run -0 --separate-stderr alert -r 'e: v > 0' -g v --stats "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *" untimed=4 "* ]]
	run -0 pipeline "alert -r 'e: v > 0' -g v '$BATS_TEST_TMPDIR/in' | jq -r '\"\\(.v) \\(.\"@alert\".at)\"'"
	# An untimed record is evaluated at the latest time seen.
	assert_eq "$output" "1 2262-04-11T23:47:16.854Z
2 2262-04-11T23:47:16.854Z
3 1677-09-21T00:12:44.000Z
4 1677-09-21T00:12:44.000Z
5 2262-04-11T23:47:16.854Z
6 2262-04-11T23:47:16.854Z
7 2262-04-11T23:47:16.854Z
8 2262-04-11T23:47:16.854Z"
	# window rejects what is not a time, and says which.
	run -1 --separate-stderr window --tumbling 1s --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	run -0 jq -r '"\(.["@error"].line) \(.["@error"].reason)"' "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" "1 its window reaches outside the time range, 1677-09-21T00:12:44Z to 2262-04-11T23:47:16.854775807Z
2 its window reaches outside the time range, 1677-09-21T00:12:44Z to 2262-04-11T23:47:16.854775807Z
5 cannot read the time in '@timestamp'
6 cannot read the time in '@timestamp'
7 cannot read the time in '@timestamp'
8 cannot read the time in '@timestamp'"
}

@test "time_edges: durations are exact to the nanosecond, and only digits.digits" {
	# An offset of 2^53 + 1 ns: 104d5h59m59.254740993s, which a double
	# would round to ...992.  Daily windows then start at 05:59:59.254740993.
	echo '{"@timestamp":"2026-01-01T12:00:00Z"}' > "$BATS_TEST_TMPDIR/in"
	run -0 pipeline "window --tumbling 1d --offset 9007199254740993ns '$BATS_TEST_TMPDIR/in' | jq -r '.\"@window\".start' | sed -n 1p"
	assert_eq "$output" "2026-01-01T05:59:59.254740993Z"
	# The longest duration, and one nanosecond more.
	run -0 window --tumbling 1m --lateness 106751d23h47m16s854775807ns "$BATS_TEST_TMPDIR/in"
	run -2 --separate-stderr window --tumbling 1m --lateness 106751d23h47m16s854775808ns "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"is too long"* ]]
	run -2 --separate-stderr window --tumbling 1m --lateness 15251w "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"is too long"* ]]
	# A point needs digits on both sides.
	run -2 --separate-stderr window --tumbling 1.h "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"expected a digit after '.'"* ]]
	run -2 --separate-stderr window --tumbling .5h "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"expected a number"* ]]
	run -2 --separate-stderr alert -r 'x: v > 1' --for 1e3s "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"unknown unit 'e'"* ]]
	run -0 pipeline "window --tumbling 1.5h '$BATS_TEST_TMPDIR/in' | jq -r '.\"@window\".end' | sed -n 1p"
	assert_eq "$output" "2026-01-01T13:30:00.000Z"
}
