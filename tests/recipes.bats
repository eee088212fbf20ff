#!/usr/bin/env bats
# recipes.bats -- README's recipes on a real combined log (shared data),
# checked with jq; the demo's report counts its rejects.

load helpers

LOG=access-logs/elastic-examples-apache/apache_logs

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

@test "recipes: the nightly recipe on a real combined log: one line and one top value per status, counts as jq sums them" {
	need_data "$LOG"
	ingest -f combined "$DATA/$LOG" > access.ndjson 2>/dev/null || true
	run -0 pipeline "window --tumbling 1h access.ndjson \
	  | aggregate --by status -a count,sum:bytes,p95:request_time \
	  | alert -r 'errors: status >= 500 && count > 100' -g status --pass \
	  | tee stream.ndjson | report -f html -g status -o nightly.html"
	statuses=$(jq -r '.status | tojson' access.ndjson | sort -u)
	legend=$(awk '/<h3>count<\/h3>/ { on = 1; next } /<h[23]>/ { on = 0 } on' nightly.html |
	    grep -o '<text x="[0-9.]*" y="[0-9.]*">[^<]*</text>' | sed 's/<[^>]*>//g' | sort)
	# The chart draws the top 5 groups and the others as one line.
	n=$(wc -l <<< "$statuses")
	[ "$n" -gt 5 ]
	assert_eq "$(grep -vc '^other' <<< "$legend")" 5
	grep -q '<h3>status by count</h3>' nightly.html
	# No status is summed: the table report's windows count as jq does.
	run -0 report stream.ndjson
	want=$(jq -s 'length' access.ndjson)
	got=$(printf '%s\n' "$output" | sed -n '/^Windows/,/^$/p' | awk '/^20[0-9][0-9]-/ { s += $4 } END { print s }')
	assert_eq "$got" "$want"
}

@test "recipes: a function over a field no record has warns once: p95:request_time on a combined log" {
	need_data "$LOG"
	ingest -f combined "$DATA/$LOG" 2>/dev/null | head -2000 > access.ndjson
	run -0 jq -s 'map(select(has("request_time"))) | length' access.ndjson
	assert_eq "$output" 0
	run -0 --separate-stderr pipeline "window --tumbling 1h access.ndjson | aggregate --by status -a count,p95:request_time | jq -s 'map(select(.p95_request_time != null)) | length'"
	assert_eq "$output" 0
	# aggregate says so, once, on stderr.
	assert_eq "$stderr" "aggregate: p95:request_time: no record has field request_time"
}

@test "recipes: a group key no record has warns once: --by host on a plain combined log" {
	need_data "$LOG"
	ingest -f combined "$DATA/$LOG" 2>/dev/null | head -2000 > access.ndjson
	run -0 jq -s 'map(select(has("host"))) | length' access.ndjson
	assert_eq "$output" 0
	run -0 --separate-stderr pipeline "window --tumbling 1h access.ndjson | aggregate --by host,status -a count | jq -s 'map(select(.count)) | map(.host) | unique | tojson' -r"
	assert_eq "$output" "[null]"
	assert_eq "$stderr" "aggregate: --by host: no record has field host, every row has host null"
	# A key that some record has is no warning.
	run -0 --separate-stderr aggregate --by status -a count access.ndjson
	assert_eq "$stderr" ""
}

@test "recipes: make demo passes its reject files to report, so rejects N is true" {
	run -0 make -s -n -C "$BATS_TEST_DIRNAME/.." demo
	[[ "$output" == *'demo/stream.ndjson demo/rejects.ndjson demo/invalid.ndjson'* ]]
	# A stream and five rejects: the report counts them.
	w='"@window":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:01:00.000Z"}'
	printf '%s\n' "{$w,\"host\":\"a\",\"count\":1}" > stream.ndjson
	printf 'bad line %s\n' 1 2 3 4 5 | ingest -f combined --reject rejects.ndjson >/dev/null 2>&1 || true
	assert_eq "$(wc -l < rejects.ndjson)" 5
	run -0 report -g host stream.ndjson rejects.ndjson
	[[ "$output" == *"rejects 5"* ]]
}
