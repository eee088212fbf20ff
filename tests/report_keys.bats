#!/usr/bin/env bats
# report_keys.bats -- group keys of any JSON type, metrics by the meta
# record; checked against jq over the same rows.

load helpers

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# The legend labels of the HTML chart of metric $1 in file $2, sorted.
legend() {
	awk -v m="<h3>$1</h3>" 'index($0, m) { on = 1; next } /<h[23]>/ { on = 0 }
	    on' "$2" | grep -o '<text x="[0-9.]*" y="[0-9.]*">[^<]*</text>' |
	    sed 's/<[^>]*>//g' | sort
}

# Rows of two windows whose key "status" is a number, a boolean or null.
rows() {
	local w1='"@window":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:01:00.000Z"}'
	local w2='"@window":{"start":"2026-01-01T00:01:00.000Z","end":"2026-01-01T00:02:00.000Z"}'
	printf '%s\n' \
	    "{$w1,\"status\":200,\"count\":5}" "{$w1,\"status\":404,\"count\":2}" \
	    "{$w1,\"status\":true,\"count\":1}" "{$w1,\"status\":null,\"count\":3}" \
	    "{\"@ctl\":\"close\",$w1}" \
	    "{$w2,\"status\":200,\"count\":7}" "{$w2,\"status\":404,\"count\":4}" \
	    "{\"@ctl\":\"close\",$w2}"
}

meta='{"@ctl":"meta","by":["status"],"metrics":[{"name":"count","fn":"count","merge":"sum"}]}'

@test "report_keys: -g status with numeric, boolean and null keys: one chart line per key, top values" {
	rows > in
	run -0 report -f html -g status -o out.html in
	# One line per distinct key, as jq sees the keys.
	assert_eq "$(legend count out.html)" \
	    "$(jq -r 'select(.["@window"]) | .status | tojson' in | sort -u)"
	grep -q '<h2>Top values</h2>' out.html
	grep -q '<h3>status by rows</h3>' out.html
	# The windows sum the counts, never the keys.
	run -0 report -f json -g status in
	assert_eq "$(jq -c '[.keys, .metrics]' <<< "$output")" '[["status"],["count"]]'
}

@test "report_keys: a meta record's numeric key is a key without -g: never summed" {
	{ echo "$meta"; rows; } > in
	run --separate-stderr -0 report in
	assert_eq "$stderr" ""
	# The windows table: start, end, rows, count; count as jq sums it.
	want=$(jq -r 'select(.["@window"] and .count) | [.["@window"].start, .count] | @tsv' in |
	    awk -F'\t' '{ s[$1] += $2 } END { for (k in s) print k, s[k] }' | sort)
	got=$(printf '%s\n' "$output" | sed -n '/^Windows/,$p' |
	    awk '/^20[0-9][0-9]-/ { print $1, $NF }' | sort)
	assert_eq "$got" "$want"
	# No status column in the windows table: a key is not a metric.
	[[ "$(printf '%s\n' "$output" | sed -n '/^Windows/{n;p}')" != *status* ]]
	run -0 report -f html -o out.html in
	assert_eq "$(legend count out.html)" \
	    "$(jq -r 'select(.["@window"]) | .status | tojson' in | sort -u)"
}

@test "report_keys: with a meta record a number it does not name is a key, a string it names a metric is not" {
	w='"@window":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:01:00.000Z"}'
	{ echo '{"@ctl":"meta","by":[],"metrics":[{"name":"count","fn":"count","merge":"sum"},{"name":"first_host","fn":"first","field":"host","merge":"none"}]}'
	  printf '%s\n' "{$w,\"shard\":1,\"count\":5,\"first_host\":\"a\"}" \
	    "{$w,\"shard\":2,\"count\":2,\"first_host\":\"b\"}" "{\"@ctl\":\"close\",$w}"; } > in
	run -0 report -f json in
	assert_eq "$(jq -c '[.keys, .metrics]' <<< "$output")" '[["shard"],["count"]]'
}

@test "report_keys: without a meta record, two rows of one group in a window warn once" {
	rows | jq -c 'select(.status != true and .status != null)' > in
	run --separate-stderr -0 report in
	assert_eq "$stderr" "report: a window has two rows of one group: without a meta record numbers are taken for metrics, not group keys; name the keys with -g"
	run --separate-stderr -0 report -g status in
	assert_eq "$stderr" ""
}

@test "report_keys: a mean across groups from the sums and counts beside it, exactly; else a note, never a mean of means" {
	need_python
	python3 -c '
import json, random
random.seed(7)
for i in range(360):
    r = {"@timestamp": "2026-01-01T00:%02d:%02dZ" % (i // 120, i // 2 % 60),
         "status": random.choice([200, 200, 200, 404, 500]),
         "ms": random.randint(1, 999)}
    print(json.dumps(r))' > raw
	window --tumbling 1m raw | aggregate --by status \
	    -a count,mean:ms,sum:ms,count:ms,mean:status=ms2 > agg
	run -0 report agg
	# The mean per window, as python computes it from the records.
	want=$(python3 -c '
import json, collections
s = collections.defaultdict(list)
for l in open("raw"):
    r = json.loads(l); s[r["@timestamp"][:16]].append(r["ms"])
for k in sorted(s): print("%s:00.000Z %.6g" % (k, sum(s[k]) / len(s[k])))')
	got=$(printf '%s\n' "$output" | sed -n '/^Windows/,$p' |
	    awk '/^20[0-9][0-9]-/ { printf "%s %.6g\n", $1, $5 }')
	assert_eq "$got" "$want"
	# A mean without its sum and count is not combined, and says why.
	[[ "$output" == *"ms2: a mean cannot be combined across groups without sum:status and count:status beside it"* ]]
}

need_python() {
	command -v python3 >/dev/null || skip "python3 is not installed"
}

@test "report_keys: -f json passes numbers through as written, windowed, plain and in alerts" {
	w='"@window":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:01:00.000Z"}'
	row="\"host\":\"a\",\"big\":18446744073709551616,\"huge\":1e400,\"x\":1.50,\"z\":-0.0"
	printf '%s\n' "{$w,$row}" "{\"@ctl\":\"close\",$w}" > win
	run -0 report -f json win
	[[ "$output" == *"{$row}"* ]]
	printf '%s\n' "{$row}" '{"@alert":{"rule":"r","state":"firing","value":1e400},"n":18446744073709551616}' > plain
	run -0 report -f json plain
	[[ "$output" == *"{$row}"* ]]
	[[ "$output" == *'"value":1e400},"n":18446744073709551616}'* ]]
}
