#!/usr/bin/env bats
# ubsan.bats -- inputs that once reached undefined behaviour which only
# clang's UBSan sees (NULL + 0, pointer overflow): the sanitizer build
# (make sanitize, clang) aborts on them.  On every build the output is
# checked too, against jq or the text the input implies.

load helpers

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

@test "ubsan: syslog structured data whose values are all empty" {
	# The values buffer stayed empty: NULL + 0 in syslog.c.
	printf '%s\n' '<13>1 2024-01-01T00:00:00Z h a p m [x a=""] msg' \
	    '<13>1 2024-01-01T00:00:01Z h a p m [x a="" b=""][y c=""] m2' \
	    > in.log
	run -0 pipeline "ingest -f syslog in.log | jq -c .structured_data"
	assert_eq "$output" '{"x":{"a":""}}
{"x":{"a":"","b":""},"y":{"c":""}}'
}

@test "ubsan: a syslog line whose only SD element has no parameters" {
	# No parameter was ever pushed: qsort of a NULL array (found by
	# the parse_syslog fuzzer).
	printf '%s\n' '<165>1 2023-10-11T22:14:15.003Z gw1 evntslog - ID47 [traffic] m' \
	    '<165>1 2023-10-11T22:14:16.003Z gw1 evntslog - ID47 [a][b x="1"][c] m2' > in.log
	run -0 pipeline "ingest -f syslog in.log | jq -c .structured_data"
	assert_eq "$output" '{"traffic":{}}
{"a":{},"b":{"x":"1"},"c":{}}'
}

@test "ubsan: the reproducer syslog-empty-sd-value.log" {
	need_repro syslog-empty-sd-value.log
	run -0 pipeline "ingest -f syslog '$REPRO/syslog-empty-sd-value.log' |
	    jq -c '[.structured_data, .message]'"
	assert_eq "$output" '[{"x":{"a":""}},"msg"]'
}

@test "ubsan: report of a record with an empty field name, every format" {
	# The empty header was the first cell made displayable: NULL + 0
	# in table.c.
	printf '%s\n' '{"":1,"a":2}' '{"":3,"a":4}' > in.ndjson
	run -0 report in.ndjson
	assert_eq "$output" '   a
-  -
1  2
3  4'
	run -0 report -f markdown in.ndjson
	[[ "$output" == *'|     | a   |'* ]]
	run -0 report -f csv in.ndjson
	assert_eq "$output" ',a
1,2
3,4'
	run -0 pipeline "report -f json in.ndjson | jq -c '.. | objects | select(has(\"\")) | [.[\"\"], .a]'"
	assert_eq "$output" '[1,2]
[3,4]'
	run -0 report -f html in.ndjson
	[[ "$output" == *'<th'*'></th>'* ]]
}
