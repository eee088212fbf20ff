#!/usr/bin/env bats
# aggregate.bats -- functions, groups, windows, partial states, bad input.
# Sketches past their limits and sharding at scale: aggregate_sketch.bats.

load helpers

AF=$BATS_TEST_DIRNAME/fixtures/aggregate
APACHE=access-logs/elastic-examples-apache/apache_logs

# Compare two TSV files of equal shape line by line: the first $3
# columns exactly, the others as numbers within a relative 1e-9 (the
# word null only with null).  Prints the differences.
same_table() {
	paste "$1" "$2" | awk -F'\t' -v exact="$3" '
	function abs(v) { return v < 0 ? -v : v }
	{
		n = NF / 2
		bad = (NF % 2 != 0)
		for (i = 1; i <= n; i++) {
			a = $i; b = $(i + n)
			if (i <= exact || a == "null" || b == "null") {
				if (a != b) bad = 1
			} else {
				m = abs(a) > abs(b) ? abs(a) : abs(b)
				if (abs(a - b) > 1e-9 * m) bad = 1
			}
		}
		if (bad) { print "differ: " $0; nbad++ }
	}
	END { exit nbad > 0 }'
}

# aggregate "$@" without the meta record that comes first in its output
# (checked on its own by the test "the meta record says what each
# metric is"); the status is aggregate's, or 3 if the first line is not
# a meta record.
rows() {
	local st
	aggregate "$@" | awk 'NR == 1 { if (/^\{"@ctl":"meta",/) next; bad = 1 }
	    { print } END { exit bad }'
	st=("${PIPESTATUS[@]}")
	[ "${st[1]}" -eq 0 ] || return 3
	return "${st[0]}"
}
export -f rows

# ingest's records of the Apache log, in $T/in.ndjson.
apache_records() {
	need_data "$APACHE"
	T=$BATS_TEST_TMPDIR
	ingest -f combined "$DATA/$APACHE" >"$T/in.ndjson" 2>/dev/null ||
	    [ $? -eq 1 ]
	[ "$(wc -l <"$T/in.ndjson")" -gt 9000 ]
}

@test "aggregate: hourly stats of a real access log equal mlr's" {
	apache_records
	run -0 pipeline "window --tumbling 1h --lateness 4d '$T/in.ndjson' | rows --by status -a count,sum:bytes,mean:bytes,min:bytes,max:bytes,p50:bytes --interpolate > '$T/ours'"
	# Every (window, status) as hour, status, count, sum, mean, min,
	# max, p50.
	jq -r 'select(."@ctl" == null) | [."@window".start[0:13], .status,
	    .count, .sum_bytes, .mean_bytes // "null", .min_bytes // "null",
	    .max_bytes // "null", .p50_bytes // "null"] | @tsv' "$T/ours" |
	    sort >"$T/ours.tsv"
	# Oracle: mlr by hour.  mlr mishandles JSON nulls in stats1, so
	# null bytes are dropped first; "one" counts the records.
	jq -c 'if .bytes == null then del(.bytes) else . end | .one = 1' \
	    "$T/in.ndjson" |
	    mlr --ijsonl --ojsonl put '$hour = substr(${@timestamp}, 0, 12)' \
	    then stats1 -a count,sum,mean,min,max,p50 -i -f one,bytes \
	    -g hour,status |
	    jq -r '[.hour, .status, .one_count, .bytes_sum // 0,
	    .bytes_mean // "null", .bytes_min // "null", .bytes_max // "null",
	    .bytes_p50 // "null"] | @tsv' | sort >"$T/mlr.tsv"
	assert_eq "$(wc -l <"$T/ours.tsv")" "$(wc -l <"$T/mlr.tsv")"
	[ "$(wc -l <"$T/ours.tsv")" -gt 200 ]
	same_table "$T/ours.tsv" "$T/mlr.tsv" 4
	# One close marker per hour, each right after that hour's groups.
	n=$(jq -r '."@timestamp"[0:13]' "$T/in.ndjson" | sort -u | wc -l)
	assert_eq "$(grep -c '"@ctl":"close"' "$T/ours")" "$n"
	run -0 jq -rn 'reduce inputs as $r ({ok: true, cur: null};
	    if $r."@ctl" == "close" then
	        .ok = (.ok and (.cur == null or .cur == $r."@window")) | .cur = null
	    else
	        .ok = (.ok and (.cur == null or .cur == $r."@window"))
	        | .cur = $r."@window"
	    end) | .ok' "$T/ours"
	assert_eq "$output" true
}

@test "aggregate: late records dropped by window are those awk finds late" {
	apache_records
	# The log is in order to the minute only: 30 s windows with 20 s of
	# lateness drop records.  Late: the window's end is at or before
	# the latest time seen - 20 s.
	jq -r '."@timestamp" | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601' \
	    "$T/in.ndjson" | awk -v L=20 -v W=30 '{
		if (NR == 1 || $1 > max) max = $1
		print ((int($1 / W) + 1) * W <= max - L) ? 1 : 0
	}' >"$T/late"
	late=$(grep -c '^1$' "$T/late")
	[ "$late" -gt 100 ]
	run --separate-stderr pipeline "window --tumbling 30s --lateness 20s --stats '$T/in.ndjson' 2>'$T/werr' | aggregate --by status -a count,sum:bytes,max:bytes > '$T/ours'"
	[[ "$(cat "$T/werr")" == *" late=$late "* ]]
	jq -r 'select(."@ctl" == null) | [(."@window".start |
	    sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601), .status, .count,
	    .sum_bytes, .max_bytes // "null"] | @tsv' "$T/ours" |
	    sort >"$T/ours.tsv"
	# Oracle: mlr over the records that are not late, by 30 s bucket.
	paste -d ' ' "$T/late" "$T/in.ndjson" | sed -n 's/^0 //p' |
	    jq -c '(if .bytes == null then del(.bytes) else . end) | .one = 1
	    | .b = ((."@timestamp" | sub("\\.[0-9]+Z$"; "Z")
	    | fromdateiso8601) / 30 | floor * 30)' |
	    mlr --ijsonl --ojsonl stats1 -a count,sum,max -f one,bytes \
	    -g b,status |
	    jq -r '[.b, .status, .one_count, .bytes_sum // 0,
	    .bytes_max // "null"] | @tsv' | sort >"$T/mlr.tsv"
	assert_eq "$(awk -F'\t' '{ n += $3 } END { print n }' "$T/ours.tsv")" \
	    "$(($(wc -l <"$T/in.ndjson") - late))"
	assert_eq "$(wc -l <"$T/ours.tsv")" "$(wc -l <"$T/mlr.tsv")"
	same_table "$T/ours.tsv" "$T/mlr.tsv" 5
}

# Random numbers per group, with numeric strings, nulls, missing values
# and other strings mixed in; also a copy holding only the numbers.
mixed_data() {
	T=$BATS_TEST_TMPDIR
	awk 'BEGIN {
		srand(7)
		for (i = 0; i < 4000; i++) {
			g = substr("abcd", int(rand() * 4) + 1, 1)
			r = rand()
			if (r < 0.4)
				x = int(rand() * 2000000) - 1000000
			else if (r < 0.85)
				x = sprintf("%.3f", rand() * 2000 - 1000)
			else if (r < 0.9)
				x = sprintf("\"%.2f\"", rand() * 100)
			else if (r < 0.93)
				x = "null"
			else if (r < 0.96)
				x = "\"n/a\""
			else
				x = ""
			if (x == "")
				printf "{\"g\":\"%s\",\"i\":%d}\n", g, i
			else
				printf "{\"g\":\"%s\",\"i\":%d,\"x\":%s}\n", g, i, x
		}
	}' >"$T/mixed"
	jq -c 'select(.x | type == "number" or (type == "string" and
	    test("^-?[0-9.]+$"))) | .x |= tonumber' "$T/mixed" >"$T/nums"
}

@test "aggregate: count sum mean min max var stddev and p-interpolated equal mlr" {
	mixed_data
	run -0 rows -g g -a sum:x,mean:x,min:x,max:x,var:x,stddev:x,p10:x,p50:x,p99.9:x --interpolate "$T/mixed"
	printf '%s\n' "$output" | jq -r '[.g, .sum_x, .mean_x,
	    .min_x, .max_x, .var_x, .stddev_x, .p10_x, .p50_x, .p99_9_x] |
	    @tsv' >"$T/ours.tsv"
	mlr --ijsonl --ojsonl stats1 -i \
	    -a sum,mean,min,max,var,stddev,p10,p50,p99.9 -f x -g g \
	    then sort -f g "$T/nums" |
	    jq -r '[.g, .x_sum, .x_mean, .x_min, .x_max, .x_var,
	    .x_stddev, .x_p10, .x_p50, ."x_p99.9"] | @tsv' >"$T/mlr.tsv"
	assert_eq "$(wc -l <"$T/ours.tsv")" 4
	same_table "$T/ours.tsv" "$T/mlr.tsv" 1
}

@test "aggregate: non-numbers are skipped and counted per function" {
	mixed_data
	total=$(wc -l <"$T/mixed")
	nums=$(wc -l <"$T/nums")
	nulls=$(grep -c '"x":null' "$T/mixed")
	missing=$(grep -vc '"x"' "$T/mixed")
	run -0 --separate-stderr rows --stats -a count,count:x,sum:x,distinct:x "$T/mixed"
	assert_eq "$(printf '%s' "$output" | jq .count)" "$total"
	# count:x takes any value but null; sum only numbers.
	assert_eq "$(printf '%s' "$output" | jq .count_x)" \
	    "$((total - nulls - missing))"
	assert_eq "$(stat_of skipped_values.sum_x)" "$((total - nums))"
	assert_eq "$(stat_of skipped_values.count_x)" "$((nulls + missing))"
	assert_eq "$(stat_of skipped_values.distinct_x)" "$((nulls + missing))"
	assert_eq "$(stat_of skipped_values)" \
	    "$((total - nums + 2 * (nulls + missing)))"
	[ "$(stat_of skipped_values.count)" = "" ]
}

@test "aggregate: nearest-rank percentiles equal sort and awk" {
	mixed_data
	jq -r 'select(.g == "b") | .x' "$T/nums" | sort -g >"$T/b"
	n=$(wc -l <"$T/b")
	for p in 0 1 10 25 50 75 90 95 99 99.9 100; do
		want=$(awk -v p="$p" -v n="$n" 'BEGIN {
			r = p * n / 100; k = int(r); if (k < r) k++
			if (k < 1) k = 1; print k }')
		want=$(sed -n "${want}p" "$T/b")
		run -0 pipeline "rows --where 'g == \"b\"' -a p$p:x=v '$T/mixed' | jq .v"
		run -0 awk -v a="$output" -v b="$want" 'BEGIN { exit (a + 0 != b + 0) }'
	done
	# median is p50, named after it.
	run -0 rows -a median:x,p50:x "$T/nums"
	[[ "$output" =~ ^\{\"median_x\":([-0-9.e]+),\"p50_x\":([-0-9.e]+)\}$ ]]
	assert_eq "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

@test "aggregate: exact percentiles of integers are integers, of reals reals" {
	run -0 pipeline "seq 1 10 | sed 's/.*/{\"x\":&}/' | rows -a p25:x,p50:x,p100:x,p0:x"
	assert_eq "$output" '{"p25_x":3,"p50_x":5,"p100_x":10,"p0_x":1}'
	run -0 pipeline "seq 1 10 | sed 's/.*/{\"x\":&}/' | rows --interpolate -a p25:x,p50:x"
	assert_eq "$output" '{"p25_x":3.25,"p50_x":5.5}'
	run -0 pipeline "printf '{\"x\":-2.5}\n{\"x\":-7}\n{\"x\":0}\n' | rows -a p50:x,min:x,max:x"
	assert_eq "$output" '{"p50_x":-2.5,"min_x":-7,"max_x":0}'
}

@test "aggregate: integer sums are exact integers past 64 bits" {
	max=9223372036854775807
	run -0 pipeline "printf '{\"x\":$max}\n{\"x\":-1}\n{\"x\":1}\n' | rows -a sum:x,max:x"
	assert_eq "$output" '{"sum_x":9223372036854775807,"max_x":9223372036854775807}'
	# Past 2^63 on the way or at the end: still the exact integer.
	run -0 pipeline "printf '{\"x\":$max}\n{\"x\":1}\n' | rows -a sum:x"
	assert_eq "$output" '{"sum_x":9223372036854775808}'
	run -0 pipeline "printf '{\"x\":$max}\n{\"x\":$max}\n{\"x\":2}\n' | rows -a sum:x,mean:x"
	assert_eq "$output" '{"sum_x":18446744073709551616,"mean_x":6.148914691236517e+18}'
	run -0 pipeline "printf '{\"x\":-9223372036854775808}\n{\"x\":-1}\n{\"x\":1}\n' | rows -a sum:x,min:x"
	assert_eq "$output" '{"sum_x":-9223372036854775808,"min_x":-9223372036854775808}'
	# A real makes the sum real; strings holding numbers count.
	run -0 pipeline "printf '{\"x\":1}\n{\"x\":\"2\"}\n{\"x\":0.5}\n' | rows -a sum:x"
	assert_eq "$output" '{"sum_x":3.5}'
}

@test "aggregate: real sums are exact whatever the order" {
	# Naive float sums give 0.9999999999999999, 0 and 2 here.
	run -0 pipeline "for i in 1 2 3 4 5 6 7 8 9 10; do echo '{\"x\":0.1}'; done | rows -a sum:x,mean:x"
	assert_eq "$output" '{"sum_x":1.0,"mean_x":0.1}'
	run -0 pipeline "printf '{\"x\":1e16}\n{\"x\":1}\n{\"x\":-1e16}\n' | rows -a sum:x"
	assert_eq "$output" '{"sum_x":1.0}'
	# The textbook variance formula loses everything here.
	run -0 pipeline "printf '{\"x\":1000000001}\n{\"x\":1000000002}\n{\"x\":1000000003}\n' | rows -a var:x,stddev:x,mean:x"
	assert_eq "$output" '{"var_x":1.0,"stddev_x":1.0,"mean_x":1000000002.0}'
	# Any order of the same values gives the same bytes.
	mixed_data
	aggregate -g g -a sum:x,mean:x,var:x "$T/nums" >"$T/a"
	tac "$T/nums" | aggregate -g g -a sum:x,mean:x,var:x >"$T/b"
	sort -R --random-source="$T/nums" "$T/nums" |
	    aggregate -g g -a sum:x,mean:x,var:x >"$T/c"
	cmp "$T/a" "$T/b"
	cmp "$T/a" "$T/c"
}

@test "aggregate: first and last by event time, ties by arrival" {
	cat >"$BATS_TEST_TMPDIR/t" <<'EOF'
{"g":1,"v":"b","@timestamp":"2026-01-01T00:00:02Z"}
{"g":1,"v":"a","@timestamp":"2026-01-01T00:00:01Z"}
{"g":1,"v":"c","@timestamp":"2026-01-01T00:00:03Z"}
{"g":1,"v":"c2","@timestamp":"2026-01-01T00:00:03.000Z"}
{"g":1,"v":"a2","@timestamp":"2026-01-01T01:00:01+01:00"}
{"g":1,"v":null,"@timestamp":"2026-01-01T00:00:00Z"}
{"g":2,"v":"x"}
{"g":2,"v":"y"}
{"g":2,"v":"z","ts":1}
EOF
	run -0 rows -g g -a first:v,last:v "$BATS_TEST_TMPDIR/t"
	assert_eq "$output" '{"g":1,"first_v":"a","last_v":"c2"}
{"g":2,"first_v":"x","last_v":"z"}'
	# Oracle for group 1: jq's stable sort by time.
	run -0 pipeline "jq -sc '[.[] | select(.g == 1 and .v != null)] | sort_by(.\"@timestamp\" | sub(\"\\\\.000\"; \"\") | sub(\"T01:00:01[+]01:00\"; \"T00:00:01Z\")) | [first.v, last.v]' '$BATS_TEST_TMPDIR/t'"
	assert_eq "$output" '["a","c2"]'
	# -t names the time field; epoch seconds work too.
	run -0 rows -g g -t ts -a first:v,last:v "$BATS_TEST_TMPDIR/t"
	assert_eq "$(printf '%s\n' "$output" | sed -n 2p)" '{"g":2,"first_v":"z","last_v":"z"}'
}

@test "aggregate: distinct and top equal sort and uniq" {
	mixed_data
	for g in a b c d; do
		want=$(jq -r "select(.g == \"$g\" and .x != null) | .x | tojson" "$T/mixed" | sort -u | wc -l)
		run -0 rows --where "g == \"$g\"" -a distinct:x "$T/mixed"
		assert_eq "$output" "{\"distinct_x\":$want}"
	done
	# Most frequent first, equal counts in value order.
	printf '{"p":"/b"}\n{"p":"/a"}\n{"p":"/c"}\n{"p":"/b"}\n{"p":"/a"}\n{"p":"/d"}\n{"p":"/b"}\n{"q":1}\n{"p":null}\n' >"$T/p"
	run -0 rows -a top3:p "$T/p"
	assert_eq "$output" '{"top3_p":[{"value":"/b","count":3},{"value":"/a","count":2},{"value":"/c","count":1}]}'
	# Skewed words with ties: the top 8 of uniq -c (strings in byte
	# order, as JSON orders them).
	awk 'BEGIN { srand(3); for (i = 0; i < 3000; i++)
	    printf "{\"w\":\"w%d\"}\n", int(rand() ^ 3 * 40) }' >"$T/w"
	jq -r .w "$T/w" | sort | uniq -c | sort -k1,1nr -k2,2 | head -8 |
	    awk '{ print "\"" $2 "\"\t" $1 }' >"$T/want"
	rows -a top8:w "$T/w" |
	    jq -r '.top8_w[] | "\(.value | tojson)\t\(.count)"' >"$T/got"
	assert_same_file "$T/got" "$T/want"
}

@test "aggregate: rate per second of the window, or of the time span" {
	T=$BATS_TEST_TMPDIR
	for i in $(seq 0 59); do
		printf '{"b":%d,"@timestamp":"2026-01-01T00:%02d:00Z","@window":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:01:00.000Z"}}\n' "$i" "$i"
	done >"$T/r"
	run -0 pipeline "rows -a rate,rate:b,count '$T/r' | head -1"
	assert_eq "$output" '{"@window":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:01:00.000Z"},"rate":1.0,"rate_b":29.5,"count":60}'
	# Outside windows: over the 59 minutes from the first to the last.
	run -0 pipeline "jq -c 'del(.\"@window\")' '$T/r' | rows -a rate,rate:b"
	assert_eq "$output" "{\"rate\":$(jq -n '60 / 3540'),\"rate_b\":$(jq -n '1770 / 3540')}"
}

@test "aggregate: groups sorted null, false, true, numbers, strings, arrays, objects" {
	run -0 rows -g k -a count "$AF/keys.ndjson"
	assert_eq "$output" "$(cat "$AF/keys.out")"
	# The same whatever the input order.
	run -0 pipeline "tac '$AF/keys.ndjson' | rows -g k -a count"
	assert_eq "$output" "$(cat "$AF/keys.out")"
	# Strings in byte order: the same as sort in the C locale.
	run -0 pipeline "rows -g k -a count '$AF/keys.ndjson' | jq -r 'select(.k | type == \"string\" and . != \"\\n\") | .k' | tr '\n' ' '"
	want=$(jq -r 'select(.k | type == "string" and . != "\n") | .k' "$AF/keys.ndjson" |
	    LC_ALL=C sort -u | tr '\n' ' ')
	assert_eq "$output" "$want"
}

@test "aggregate: missing and null keys are one null group; several keys" {
	printf '{"a":1,"b":{"c":"x"}}\n{"b":{"c":"x"}}\n{"a":null,"b":{"c":"x"}}\n{"a":1}\n{"a":1,"b":{"c":"y"}}\n' >"$BATS_TEST_TMPDIR/k"
	run -0 rows -g a,b.c -a count "$BATS_TEST_TMPDIR/k"
	assert_eq "$output" '{"a":null,"b.c":"x","count":2}
{"a":1,"b.c":null,"count":1}
{"a":1,"b.c":"x","count":1}
{"a":1,"b.c":"y","count":1}'
	# Without -g: one group.
	run -0 rows -a count "$BATS_TEST_TMPDIR/k"
	assert_eq "$output" '{"count":5}'
	# No records: no rows, only the meta record.
	run -0 aggregate -a count /dev/null
	assert_eq "$output" '{"@ctl":"meta","by":[],"metrics":[{"name":"count","fn":"count","merge":"sum"}]}'
}

@test "aggregate: a group whose values were all skipped" {
	printf '{"g":"a","x":"none"}\n{"g":"b","x":1}\n' >"$BATS_TEST_TMPDIR/e"
	run -0 rows -g g -a count,sum:x,mean:x,min:x,var:x,p50:x,first:x,distinct:x,top2:x,rate:x "$BATS_TEST_TMPDIR/e"
	assert_eq "$(printf '%s\n' "$output" | head -1)" \
	    '{"g":"a","count":1,"sum_x":0,"mean_x":null,"min_x":null,"var_x":null,"p50_x":null,"first_x":"none","distinct_x":1,"top2_x":[{"value":"none","count":1}],"rate_x":null}'
}

@test "aggregate: output names and their errors" {
	printf '{"a":{"b":2},"lat":3,"p":"/"}\n' >"$BATS_TEST_TMPDIR/n"
	run -0 rows -a count,count:lat,sum:a.b,p99.9:lat,median:lat,top5:p,rate,rate:lat,distinct:p=users "$BATS_TEST_TMPDIR/n"
	run -0 jq -r 'keys_unsorted | join(" ")' <<<"$output"
	assert_eq "$output" "count count_lat sum_a.b p99_9_lat median_lat top5_p rate rate_lat users"
	run -2 --separate-stderr aggregate -a sum:x,sum:x /dev/null
	[[ "$stderr" == *"two functions are named 'sum_x'"* ]]
	run -2 --separate-stderr aggregate -g count -a count /dev/null
	[[ "$stderr" == *"'count' is the name of a group key and of a function"* ]]
	run -2 --separate-stderr aggregate -a sum /dev/null
	[[ "$stderr" == "aggregate: -a sum, column 1: sum needs a field, as in sum:FIELD" ]]
	run -2 --separate-stderr aggregate -a count,p101:x /dev/null
	[[ "$stderr" == *"-a count,p101:x, column 7: bad percentile 'p101'"* ]]
	run -2 --separate-stderr aggregate -a 'count,avg:x' /dev/null
	[[ "$stderr" == *"unknown function 'avg'"* ]]
	run -2 --separate-stderr aggregate -a 'sum:a[' /dev/null
	[[ "$stderr" == *"-a sum:a[, column 6:"* ]]
	run -2 --separate-stderr aggregate -a 'sum:x=@w' /dev/null
	[[ "$stderr" == *"reserved"* ]]
}

@test "aggregate: windows, control records in order, end of input" {
	run -0 aggregate -g h -a count,sum:x,rate "$AF/windows.ndjson"
	assert_eq "$output" "$(cat "$AF/windows.out")"
	# Whitespace inside @window did not split the first window.
	assert_eq "$(grep -c '"h":"a","count":2' <<<"$output")" 1
}

@test "aggregate: the meta record says what each metric is, first" {
	T=$BATS_TEST_TMPDIR
	printf '{"h":"a","x":1,"@timestamp":"2026-01-01T00:00:00Z"}\n' >"$T/in"
	a='count,count:x,sum:x,min:x,max:x=minutes,mean:x,var:x,stddev:x'
	a=$a',first:x,last:x,distinct:x,p95:x,p99.9:x,median:x=med,top3:x'
	a=$a',rate,rate:x'
	run -0 aggregate -g h --by-expr 'big=x > 1' -a "$a" "$T/in"
	assert_eq "${#lines[@]}" 2
	meta=${lines[0]}
	# Oracle: the -a list read by jq: FUNC[:FIELD][=NAME], the default
	# name FUNC_FIELD with a dot of FUNC made '_', and the merge rule
	# of each function, whatever the metric's name.
	want=$(jq -nc --arg a "$a" '{"@ctl": "meta", by: ["h", "big"],
	    metrics: [$a | split(",")[] | capture("^(?<fn>[^:=]+)(:(?<field>[^=]+))?(=(?<name>.+))?$")
	    | {name: (.name // (if .field then "\(.fn | gsub("[.]"; "_"))_\(.field)" else .fn end)),
	       fn, field, merge: ({count: "sum", sum: "sum", rate: "sum",
	       min: "min", max: "max"}[.fn] // "none")}
	    | if .field == null then del(.field) else . end]}')
	assert_eq "$(jq -c . <<<"${lines[0]}")" "$want"
	# The names are those of the row, in its order.
	assert_eq "$(jq -c '[.metrics[].name]' <<<"${lines[0]}")" \
	    "$(jq -c 'del(.h, .big) | keys_unsorted' <<<"${lines[1]}")"
	# Written at start-up, before any input is read.
	mkfifo "$T/fifo"
	aggregate -a count <"$T/fifo" >"$T/out" 3>&- &
	pid=$!
	exec 4>"$T/fifo"
	wait_for "grep -q '\"@ctl\":\"meta\"' '$T/out'"
	exec 4>&-
	wait "$pid"
	# Upstream meta records are dropped: one meta record, aggregate's.
	run -0 pipeline "aggregate -g h -a count '$T/in' | aggregate -a sum:count"
	assert_eq "$output" '{"@ctl":"meta","by":[],"metrics":[{"name":"sum_count","fn":"sum","field":"count","merge":"sum"}]}
{"sum_count":1}'
	# --partial writes it first too; --merge writes its own, once,
	# before anything else, from the first meta record it reads.
	aggregate --partial -g h --by-expr 'big=x > 1' -a "$a" "$T/in" >"$T/p"
	assert_eq "$(head -1 "$T/p")" "$meta"
	printf '{"@ctl":"heartbeat"}\n' | cat "$T/p" - "$T/p" >"$T/pp"
	run -0 aggregate --merge "$T/pp"
	assert_eq "${lines[0]}" "$meta"
	assert_eq "$(grep -c '"@ctl":"meta"' <<<"$output")" 1
	assert_eq "${lines[1]}" '{"@ctl":"heartbeat"}'
}

@test "aggregate: --where filters, and its errors name the column" {
	mixed_data
	run -0 --separate-stderr rows --stats --where 'x > 0 && g != "a"' -a count "$T/nums"
	want=$(jq -c 'select(.x > 0 and .g != "a")' "$T/nums" | wc -l)
	assert_eq "$output" "{\"count\":$want}"
	assert_eq "$(stat_of filtered)" "$(($(wc -l <"$T/nums") - want))"
	run -2 --separate-stderr aggregate --where 'x >' -a count /dev/null
	assert_eq "$stderr" "aggregate: --where, column 4: unexpected end of expression"
	run -2 --separate-stderr aggregate --where 'nosuch(x)' -a count /dev/null
	[[ "$stderr" == "aggregate: --where, column 1: "* ]]
	# Control records pass whatever the filter.
	run -0 rows --where 'false' -g h -a count "$AF/windows.ndjson"
	assert_eq "$(grep -c '"@ctl"' <<<"$output")" "$(grep -c '"@ctl"' "$AF/windows.ndjson")"
}

@test "aggregate: --partial then --merge gives the results of one run" {
	mixed_data
	spec=count,count:x,sum:x,min:x,max:x,mean:x,var:x,stddev:x,first:x,last:x,distinct:x,p10:x,p50:x,top3:x,rate
	# -t i: distinct event times, so first and last merge exactly.
	aggregate -t i -g g -a "$spec" "$T/mixed" >"$T/one"
	[ "$(grep -vc '"@ctl"' "$T/one")" -eq 4 ]
	# Three shards, merged in another order.
	split -n l/3 "$T/mixed" "$T/part."
	for p in "$T"/part.*; do
		aggregate -t i --partial -g g -a "$spec" "$p"
	done >"$T/states"
	[ "$(grep -c '"@partial"' "$T/states")" -eq 12 ]
	tac "$T/states" | aggregate --merge >"$T/merged"
	assert_same_file "$T/merged" "$T/one"
	# The same with -a and -g given again.
	run -0 pipeline "aggregate --merge -g g -a '$spec' '$T/states' | cmp - '$T/one'"
}

@test "aggregate: --merge of windows: close markers only mark them seen" {
	T=$BATS_TEST_TMPDIR
	aggregate --partial -g h -a count,sum:x,rate "$AF/windows.ndjson" >"$T/ws"
	[ "$(grep -c '"@partial"' "$T/ws")" -eq 6 ]
	# The states twice are the records twice.
	cat "$T/ws" "$T/ws" | aggregate --merge >"$T/merged"
	awk '/"@ctl"/ { print; next } { print; print }' "$AF/windows.ndjson" |
	    aggregate -g h -a count,sum:x,rate >"$T/doubled"
	run -0 pipeline "grep -v '\"@ctl\"' '$T/merged' | sort"
	assert_eq "$output" "$(grep -v '"@ctl"' "$T/doubled" | sort)"
	# Other control records pass at once; one close marker per window,
	# in window order, after the window's groups; then the rest.
	run -0 jq -c 'select(."@ctl" != "close") | [."@ctl", .n, ."@window".start[11:13], .h]' "$T/merged"
	assert_eq "$(printf '%s\n' "${lines[@]}" | tr '\n' ' ')" \
	    '["meta",null,null,null] ["heartbeat",1,null,null] ["heartbeat",2,null,null] ["heartbeat",1,null,null] ["heartbeat",2,null,null] [null,null,"00","a"] [null,null,"00","b"] [null,null,"01","a"] [null,null,"01","b"] [null,null,"02","a"] [null,null,null,"c"] '
	run -0 jq -r 'select(."@ctl" == null or ."@ctl" == "close") | if ."@ctl" then "close" + ."@window".start[11:13] else ."@window".start[11:13] // "-" end' "$T/merged"
	assert_eq "$(printf '%s ' "${lines[@]}")" "00 00 close00 01 01 close01 02 close02 close03 - "
}

@test "aggregate: --merge refuses states of other functions or keys" {
	printf '{"g":1,"x":2}\n' >"$BATS_TEST_TMPDIR/in"
	aggregate --partial -g g -a count,sum:x "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/s"
	run -2 --separate-stderr aggregate --merge -a count,sum:y "$BATS_TEST_TMPDIR/s"
	# Line 1 is the meta record, line 2 the state.
	[[ "$stderr" == *":2: a partial of '-a count=count,sum:x=sum_x', not of '-a count=count,sum:y=sum_y'" ]]
	run -2 --separate-stderr aggregate --merge -g h "$BATS_TEST_TMPDIR/s"
	[[ "$stderr" == *"the group keys are not those of the other partials (h)"* ]]
	aggregate --partial -a count,sum:x "$BATS_TEST_TMPDIR/in" >>"$BATS_TEST_TMPDIR/s"
	# (line 3 is the first shard's trailer, line 4 the second's meta record)
	run -2 --separate-stderr aggregate --merge "$BATS_TEST_TMPDIR/s"
	[[ "$stderr" == *":5: the group keys are not those of the other partials (g)"* ]]
	# Records that are not states, and broken states, are rejected.
	printf '{"g":1,"x":2}\n{"g":1,"@partial":{"spec":"count=count","state":["x"],"format":2}}\n{"g":1,"@partial":{"spec":"count=count","state":[3],"format":2}}\n{"@ctl":"close","@window":"?"}\n' >"$BATS_TEST_TMPDIR/m"
	run -1 --separate-stderr aggregate --merge --stats "$BATS_TEST_TMPDIR/m"
	# A close marker that names no window passes like any control; the
	# meta record comes with the first state that gives the functions.
	assert_eq "$output" '{"@ctl":"meta","by":["g"],"metrics":[{"name":"count","fn":"count","merge":"sum"}]}
{"@ctl":"close","@window":"?"}
{"g":1,"count":3}'
	[[ "$stderr" == *":1: not a partial state"* ]]
	[[ "$stderr" == *":2: column "*": bad partial state: bad state of count"* ]]
	assert_eq "$(stat_of rejected)" 2
	run -2 --separate-stderr aggregate --partial --merge -a count /dev/null
	[[ "$stderr" == *"--partial and --merge exclude each other"* ]]
}

@test "aggregate: malformed lines are rejected, counted and kept with --reject" {
	run -1 --separate-stderr rows -g g -a count,sum:x --stats --reject "$BATS_TEST_TMPDIR/rej" "$AF/bad.ndjson"
	assert_eq "$output" '{"g":"a","count":2,"sum_x":6}
{"g":"b","count":2,"sum_x":6}'
	assert_eq "$(wc -l <"$BATS_TEST_TMPDIR/rej")" 4
	run -0 jq -r '"\(."@error".line) \(."@raw")"' "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" "2 {\"g\":\"a\",\"x\":
3 not json at all
6 [1,2,3]
7 $(sed -n 7p "$AF/bad.ndjson")"
	# Without --reject: warnings with file and line.
	run -1 --separate-stderr aggregate -a count "$AF/bad.ndjson"
	[[ "$stderr" == *"aggregate: $AF/bad.ndjson:3: column 1: invalid token"* ]]
	[[ "$stderr" == *"bad.ndjson:7: column 26: @window is not an object"* ]]
}

@test "aggregate: --stats accounts for every line" {
	cat "$AF/bad.ndjson" "$AF/windows.ndjson" >"$BATS_TEST_TMPDIR/all"
	run -1 --separate-stderr aggregate --stats --where 'x != 3' -g h -a count "$BATS_TEST_TMPDIR/all"
	in=$(stat_of lines_in)
	assert_eq "$in" "$(wc -l <"$BATS_TEST_TMPDIR/all")"
	assert_eq "$in" "$(($(stat_of aggregated) + $(stat_of filtered) + $(stat_of rejected) + $(stat_of ctl) + $(stat_of empty)))"
	assert_eq "$(stat_of ctl)" 4
	assert_eq "$(stat_of empty)" 2
	# Lines 2, 3 and 6; line 7 (a bad @window, but x == 3) is filtered
	# first, as is a record of windows.ndjson.
	assert_eq "$(stat_of rejected)" 3
	assert_eq "$(stat_of filtered)" 2
	assert_eq "$(stat_of aggregated)" 10
	assert_eq "$(stat_of records_in)" 16
	assert_eq "$(stat_of groups_out)" "$(grep -vc '"@ctl"' <<<"$output")"
	assert_eq "$(stat_of windows)" 3
}

@test "aggregate: usage errors and unreadable files are exit 2" {
	run -2 --separate-stderr aggregate /dev/null
	[[ "$stderr" == *"no function"* ]]
	[[ "$stderr" == *"usage: aggregate "* ]]
	run -2 --separate-stderr aggregate -a count --exact-limit 0 /dev/null
	[[ "$stderr" == *"--exact-limit 0: expected a whole number from 1 to 100000000"* ]]
	run -2 --separate-stderr aggregate -a count --distinct-limit x /dev/null
	run -2 --separate-stderr aggregate -a count --every 5 /dev/null
	[[ "$stderr" == *"--every 5: "* ]]
	run -2 --separate-stderr aggregate -a count --every 1s --partial /dev/null
	run -2 --separate-stderr aggregate -a count -g 'a,' /dev/null
	[[ "$stderr" == *"--by a,, column 3"* ]]
	run -2 --separate-stderr aggregate -a count "$BATS_TEST_TMPDIR/nope"
	[[ "$stderr" == *"nope: No such file or directory"* ]]
}

@test "aggregate: --every writes snapshots while input is live" {
	T=$BATS_TEST_TMPDIR
	mkfifo "$T/fifo"
	aggregate -a count,sum:x --every 100ms <"$T/fifo" >"$T/out" 3>&- &
	pid=$!
	exec 4>"$T/fifo"
	printf '{"x":1}\n{"x":2}\n' >&4
	wait_for "grep -q '\"count\":2' '$T/out'"
	wait_for "grep -q '\"@ctl\":\"snapshot\"' '$T/out'"
	printf '{"x":3}\n' >&4
	wait_for "grep -q '{\"count\":3,\"sum_x\":6}' '$T/out'"
	# Results come before their snapshot marker.
	wait_for "grep -A1 '\"count\":3' '$T/out' | grep -q snapshot"
	exec 4>&-
	wait "$pid"
	# At the end, the final results, once more.
	assert_eq "$(tail -1 "$T/out")" '{"count":3,"sum_x":6}'
	run -0 jq -r 'select(."@ctl" == "snapshot") | .at' "$T/out"
	[[ "${lines[0]}" =~ ^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z$ ]]
	# Without --every, nothing before the end.
	run -0 pipeline "printf '{\"x\":1}\n' | rows -a count"
	assert_eq "$output" '{"count":1}'
}

@test "aggregate: shortest real forms, integers stay integers" {
	run -0 pipeline "printf '{\"x\":0.1}\n{\"x\":0.2}\n' | rows -a sum:x,mean:x,max:x"
	assert_eq "$output" '{"sum_x":0.30000000000000004,"mean_x":0.15000000000000002,"max_x":0.2}'
	run -0 pipeline "printf '{\"x\":2}\n{\"x\":4}\n' | rows -a sum:x,mean:x,min:x"
	assert_eq "$output" '{"sum_x":6,"mean_x":3.0,"min_x":2}'
}

@test "aggregate: --by-expr groups by a computed key" {
	printf '%s\n' '{"m":"login from 10.0.0.1 port 22","ms":5}' \
	    '{"m":"login from 10.0.0.2 port 22","ms":7}' \
	    '{"m":"login from 10.0.0.1 port 2222","ms":9}' \
	    '{"m":"nothing here","ms":1}' > "$BATS_TEST_TMPDIR/in"
	run -0 rows -g ms --by-expr 'src=capture(m, "from ([0-9.]+) port")' \
	    --by-expr 'big=ms > 6' -a count "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"ms":1,"src":null,"big":false,"count":1}
{"ms":5,"src":"10.0.0.1","big":false,"count":1}
{"ms":7,"src":"10.0.0.2","big":true,"count":1}
{"ms":9,"src":"10.0.0.1","big":true,"count":1}'
	run -0 rows --by-expr 'src=capture(m, "from ([0-9.]+) port")' -a count,sum:ms "$BATS_TEST_TMPDIR/in"
	# Oracle: the same grouping by sed and awk.
	want=$(sed -n 's/.*"m":"[^"]*from \([0-9.]*\) port[^"]*","ms":\([0-9]*\).*/\1 \2/p' "$BATS_TEST_TMPDIR/in" |
	    awk '{ c[$1]++; s[$1] += $2 } END { for (k in c) printf "{\"src\":\"%s\",\"count\":%d,\"sum_ms\":%d}\n", k, c[k], s[k] }' | sort)
	assert_eq "$(printf '%s\n' "$output" | grep -v null)" "$want"
	run -2 --separate-stderr aggregate --by-expr 'src' -a count "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"expected NAME=EXPRESSION"* ]]
	run -2 --separate-stderr aggregate --by-expr 'x=capture(m' -a count "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"--by-expr x, column "* ]]
}

# Issue 15: numbers exact and one definition of a number.

@test "aggregate: integer sums exact at any magnitude, in any order and split, against python3" {
	T=$BATS_TEST_TMPDIR
	# The reproducer first: 2^62+1, 2^62, -2^62 in both orders.
	for order in '1 2 3' '1 3 2'; do
		run -0 pipeline "for i in $order; do case \$i in 1) echo '{\"x\":4611686018427387905}';; 2) echo '{\"x\":4611686018427387904}';; 3) echo '{\"x\":-4611686018427387904}';; esac; done | rows -a sum:x"
		assert_eq "$output" '{"sum_x":4611686018427387905}'
	done
	# Integers near the int64 edges, shuffled five ways, each also cut
	# into three shards for --partial and merged; python3 sums exactly.
	python3 - "$T" <<-'PY'
	import json, random, sys
	t = sys.argv[1]
	rnd = random.Random(15)
	edge = [2**63 - 1, -2**63, 2**62, -2**62, 2**62 + 1, 2**53 + 1]
	xs = [rnd.choice(edge) + rnd.randrange(-1000, 1000) for _ in range(400)]
	xs = [min(max(x, -2**63), 2**63 - 1) for x in xs]
	xs += [2**63 - 1] * 300		# the sum ends far past 2^63
	for k in range(5):
	    rnd.shuffle(xs)
	    with open("%s/in%d" % (t, k), "w") as f:
	        for x in xs:
	            f.write(json.dumps({"x": x}) + "\n")
	# mean (aggregate(1)): the exact sum rounded to a double, over n.
	want = {"sum": sum(xs), "mean": float(sum(xs)) / len(xs), "n": len(xs)}
	json.dump(want, open(t + "/want", "w"))
	PY
	for k in 0 1 2 3 4; do
		rows -a count,sum:x,mean:x,min:x,max:x "$T/in$k" >"$T/one$k"
		awk -v d="$T/s$k" '{ print > (d "." (NR % 3)) }' "$T/in$k"
		for s in 0 1 2; do
			aggregate --partial -a count,sum:x,mean:x,min:x,max:x "$T/s$k.$s"
		done | aggregate --merge | grep -v '"@ctl"' >"$T/merged$k"
	done
	python3 - "$T" <<-'PY'
	import json, sys
	t = sys.argv[1]
	want = json.load(open(t + "/want"))
	for k in range(5):
	    for name in ("one%d" % k, "merged%d" % k):
	        r = json.loads(open("%s/%s" % (t, name)).read())
	        assert r["count"] == want["n"], (name, r)
	        assert type(r["sum_x"]) is int and r["sum_x"] == want["sum"], (name, r["sum_x"], want["sum"])
	        assert type(r["mean_x"]) is float and r["mean_x"] == want["mean"], (name, r["mean_x"], want["mean"])
	PY
	# And the text is the same whatever the order and the split.
	[ "$(cat "$T"/one* "$T"/merged* | sort -u | wc -l)" -eq 1 ]
}

@test "aggregate: sums with reals are the exact sum rounded once, against python3" {
	T=$BATS_TEST_TMPDIR
	python3 - "$T" <<-'PY'
	import json, random, sys
	from fractions import Fraction
	t = sys.argv[1]
	rnd = random.Random(7)
	xs = []
	for _ in range(600):
	    r = rnd.random()
	    if r < 0.3:
	        xs.append(rnd.choice([2**63 - 1, -2**63]) + rnd.randrange(-9, 9))
	    elif r < 0.6:
	        xs.append(rnd.uniform(-1, 1) * 10 ** rnd.randrange(-5, 20))
	    else:
	        xs.append(rnd.choice([0.1, 0.2, 0.3, 1e16, -1e16, 3.0]))
	xs = [min(max(x, -2**63), 2**63 - 1) if type(x) is int else x for x in xs]
	exact = sum(Fraction(x) for x in xs)
	for k in range(3):
	    rnd.shuffle(xs)
	    with open("%s/in%d" % (t, k), "w") as f:
	        for x in xs:
	            f.write(json.dumps({"x": x}) + "\n")
	json.dump({"sum": float(exact), "mean": float(exact) / len(xs)},
	    open(t + "/want", "w"))
	PY
	for k in 0 1 2; do
		rows -a sum:x,mean:x "$T/in$k" >"$T/one$k"
		awk -v d="$T/s$k" '{ print > (d "." (NR % 4)) }' "$T/in$k"
		for s in 0 1 2 3; do
			aggregate --partial -a sum:x,mean:x "$T/s$k.$s"
		done | aggregate --merge | grep -v '"@ctl"' >"$T/merged$k"
	done
	python3 - "$T" <<-'PY'
	import json, sys
	t = sys.argv[1]
	want = json.load(open(t + "/want"))
	for k in range(3):
	    for name in ("one%d" % k, "merged%d" % k):
	        r = json.loads(open("%s/%s" % (t, name)).read())
	        assert type(r["sum_x"]) is float and r["sum_x"] == want["sum"], (name, r, want)
	        assert r["mean_x"] == want["mean"], (name, r, want)
	PY
	[ "$(cat "$T"/one* "$T"/merged* | sort -u | wc -l)" -eq 1 ]
}

@test "aggregate: --merge refuses partial states of another format, with a message" {
	T=$BATS_TEST_TMPDIR
	printf '{"g":1,"x":2}\n' >"$T/in"
	aggregate --partial -g g -a count,sum:x "$T/in" >"$T/s"
	run -0 jq -c 'select(."@partial") | ."@partial".format' "$T/s"
	assert_eq "$output" 2
	# No format (sluice before format 2), and a newer one.
	sed 's/,"format":2//' "$T/s" >"$T/old"
	run -2 --separate-stderr aggregate --merge "$T/old"
	[[ "$stderr" == *":2: a partial state of format 1, from an older aggregate; this aggregate reads format 2"* ]]
	sed 's/"format":2/"format":3/' "$T/s" >"$T/new"
	run -2 --separate-stderr aggregate --merge "$T/new"
	[[ "$stderr" == *":2: a partial state of format 3, from a newer aggregate"* ]]
	run -0 pipeline "aggregate --merge '$T/s' | grep -v '\"@ctl\"'"
	assert_eq "$output" '{"g":1,"count":1,"sum_x":2}'
}

# The canonical text of a JSON value as aggregate(1) writes group keys:
# numbers by exact decimal value in ECMAScript's form, objects with
# sorted members.  Defined in python3 (json + decimal), an oracle
# independent of lib/json/canon.c.
canon_py() {
	cat <<-'PY'
	import decimal, json
	from decimal import Decimal
	C = decimal.Context(prec=100000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
	def num(text):
	    d = C.create_decimal(text)
	    if d == 0:
	        return "0"
	    sign, digits, exp = C.normalize(d).as_tuple()
	    D = "".join(map(str, digits)); k = len(D); n = k + exp
	    s = "-" if sign else ""
	    if k <= n <= 21: return s + D + "0" * (n - k)
	    if 0 < n <= 21: return s + D[:n] + "." + D[n:]
	    if -6 < n <= 0: return s + "0." + "0" * -n + D
	    return s + D[0] + ("." + D[1:] if k > 1 else "") + "e" + str(n - 1)
	class Num(str):
	    pass
	def load(line):
	    return json.loads(line, parse_float=Num, parse_int=Num,
	        object_pairs_hook=lambda p: ("obj", p))
	def canon(v):
	    if isinstance(v, Num): return num(v)
	    if isinstance(v, tuple):
	        items = sorted((canon(k), canon(x)) for k, x in v[1])
	        return "{" + ",".join(k + ":" + x for k, x in items) + "}"
	    if isinstance(v, list): return "[" + ",".join(canon(x) for x in v) + "]"
	    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
	PY
}

@test "aggregate: 1, 1.0, 1e0 and 10e-1 group together, as do objects in any key order, against python3" {
	T=$BATS_TEST_TMPDIR
	cat >"$T/in" <<-'EOF'
	{"k":1,"v":1}
	{"k":1.0,"v":1.0}
	{"k":1e0,"v":1e0}
	{"k":10e-1,"v":10e-1}
	{"k":0.1e1,"v":"1"}
	{"k":-0,"v":0}
	{"k":0.0,"v":-0.0}
	{"k":0,"v":0e5}
	{"k":1500,"v":1.5e3}
	{"k":15e2,"v":1500.000}
	{"k":0.001,"v":1e-3}
	{"k":1e21,"v":10e20}
	{"k":1e20,"v":100000000000000000000}
	{"k":1.5e-7,"v":0.00000015}
	{"k":9007199254740993,"v":9007199254740993}
	{"k":9007199254740992,"v":9007199254740992.0}
	{"k":0.1,"v":0.1}
	{"k":0.1000000000000000055511151231257827,"v":1}
	{"k":"1","v":"1.0"}
	{"k":"1.0","v":"1.0"}
	{"k":{"a":1,"b":[2,{"c":3,"d":4}]},"v":{"b":2,"a":1}}
	{"k":{"b":[2.0,{"d":4,"c":3e0}],"a":1},"v":{"a":1.0,"b":2}}
	{"k":{"b":[2,{"c":3,"d":4}],"a":1},"v":{"a":1,"b":2.0}}
	{"k":[1,{"y":1,"x":2}],"v":[1.0]}
	{"k":[1.0,{"x":2,"y":1}],"v":[1]}
	{"k":{"\u0061":1},"v":"a"}
	{"k":{"a":1},"v":"\u0061"}
	EOF
	# The oracle: groups by python's canonical text of k; per group the
	# count, the distinct canonical values of v, the top values.
	{ canon_py; cat <<-'PY'; } >"$T/oracle.py"
	import collections, sys
	groups = collections.defaultdict(collections.Counter)
	for line in open(sys.argv[1]):
	    d = dict(load(line)[1])
	    groups[canon(d["k"])][canon(d["v"])] += 1
	for key, vals in groups.items():
	    top = max(vals.values())
	    print("%s\t%d\t%d\t%s" % (key, sum(vals.values()), len(vals),
	        " ".join(sorted(v for v, c in vals.items() if c == top))))
	PY
	python3 "$T/oracle.py" "$T/in" | sort >"$T/want"
	# Ours, from the text aggregate wrote: each key and top value must
	# already be canonical (python's canonical text of it is itself).
	rows -g k -a count,distinct:v,top9:v "$T/in" >"$T/rows"
	{ canon_py; cat <<-'PY'; } >"$T/ours.py"
	import sys
	def raw(v):
	    if isinstance(v, tuple):
	        return "{" + ",".join(raw(k) + ":" + raw(x) for k, x in v[1]) + "}"
	    if isinstance(v, list): return "[" + ",".join(raw(x) for x in v) + "]"
	    if isinstance(v, Num): return str(v)
	    return canon(v)
	for line in open(sys.argv[1]):
	    d = dict(load(line)[1])
	    assert canon(d["k"]) == raw(d["k"]), line
	    tops = [dict(t[1]) for t in d["top9_v"]]
	    best = int(tops[0]["count"])
	    for t in tops:
	        assert canon(t["value"]) == raw(t["value"]), line
	    print("%s\t%s\t%s\t%s" % (raw(d["k"]), d["count"], d["distinct_v"],
	        " ".join(sorted(raw(t["value"]) for t in tops
	        if int(t["count"]) == best))))
	PY
	python3 "$T/ours.py" "$T/rows" | sort >"$T/got"
	diff "$T/want" "$T/got"
	[ "$(wc -l <"$T/got")" -eq 16 ]
	# The same keys whatever the order of the input, and through
	# --partial and --merge.
	run -0 pipeline "tac '$T/in' | rows -g k -a count,distinct:v"
	assert_eq "$output" "$(rows -g k -a count,distinct:v "$T/in")"
	run -0 pipeline "tac '$T/in' | aggregate --partial -g k -a count,distinct:v | aggregate --merge | grep -v '\"@ctl\"'"
	assert_eq "$output" "$(rows -g k -a count,distinct:v "$T/in")"
	# first and last keep the value as written.
	run -0 pipeline "head -2 '$T/in' | rows -a first:v,last:v"
	assert_eq "$output" '{"first_v":1,"last_v":1.0}'
}

# Strings for "what is a number": each with python3's verdict.
numeric_strings() {
	python3 - "$1" <<-'PY'
	import json, math, re, sys
	# One definition: exactly the JSON number grammar (RFC 8259), of a
	# finite value.
	GRAMMAR = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
	def is_number(s):
	    return GRAMMAR.fullmatch(s) is not None and math.isfinite(float(s))
	def value(s):
	    if re.fullmatch(r"-?[0-9]+", s) and -2**63 <= int(s) < 2**63:
	        return int(s)
	    return float(s)
	strs = ["7", "-7", "+7", " 7", "7 ", " 7 ", "\t7", "7\n", "00012",
	    "0", "-0", "0.0", "-0.0e-0", "0.5", ".5", "5.", "-.5", "1e3",
	    "1E+3", "1e-3", "1e", "e3", "1e+", "0x10", "inf", "-inf",
	    "Infinity", "NaN", "nan", "1_000", "1,5", "1 000",
	    "\u0661\u0662", "\uff17", "", "-", "--1", "1e999", "-1e999",
	    "1e-999", "12abc", "abc", "123456789012345678901234567890",
	    "9223372036854775807", "9223372036854775808",
	    "-9223372036854775808", "-9223372036854775809",
	    "1.7976931348623157e308", "1.8e308", "2.5E-3", "0e0", "01.5",
	    "1.5.2", "true", "null"]
	with open(sys.argv[1], "w") as f:
	    for i, s in enumerate(strs):
	        f.write(json.dumps({"id": i, "x": s, "yes": is_number(s),
	            "v": value(s) if is_number(s) else None}) + "\n")
	    # The same string escaped: its value is what counts.
	    f.write('{"id":%d,"x":"\\u0037","yes":true,"v":7}\n' % len(strs))
	PY
}

@test "aggregate: one definition of a numeric string for --where, sum and percentiles, against python3" {
	T=$BATS_TEST_TMPDIR
	numeric_strings "$T/in"
	rows -g id -a sum:x,p50:x,count "$T/in" >"$T/funcs"
	rows -g id -a count --where 'x >= 0 || x < 0' "$T/in" >"$T/where"
	python3 - "$T" <<-'PY'
	import json, sys
	t = sys.argv[1]
	want = {r["id"]: r for r in map(json.loads, open(t + "/in"))}
	funcs = {r["id"]: r for r in map(json.loads, open(t + "/funcs"))}
	where = {r["id"] for r in map(json.loads, open(t + "/where"))}
	bad = []
	for i, w in want.items():
	    f = funcs[i]
	    got = (f["p50_x"] is not None, i in where)
	    if got != (w["yes"], w["yes"]):
	        bad.append("%r: python %s, p50 and --where %s" % (w["x"], w["yes"], got))
	    elif w["yes"]:
	        # The value too: sums of integers exact, others (and
	        # percentiles, which work in doubles) the double.
	        if f["sum_x"] != w["v"] or type(f["sum_x"]) != type(w["v"]) \
	            or f["p50_x"] != float(w["v"]):
	            bad.append("%r: sum %r, p50 %r, want %r" % (w["x"],
	                f["sum_x"], f["p50_x"], w["v"]))
	    elif f["sum_x"] != 0:
	        bad.append("%r: sum %r of no number" % (w["x"], f["sum_x"]))
	if bad:
	    sys.exit("\n".join(bad))
	PY
}

@test "aggregate: peak memory per group is what aggregate(1) states" {
	skip_if_sanitized
	T=$BATS_TEST_TMPDIR
	# Groups of one record each, the functions of bench/aggregate.sh.
	for n in 20000 120000; do
		awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
		    printf "{\"host\":\"h%07d\",\"bytes\":%d,\"latency_ms\":%d.5,\"user_id\":\"u%d\"}\n",
		    i, i % 99991, i % 997, i % 1009 }' >"$T/g$n"
		/usr/bin/time -f %M -o "$T/rss$n" aggregate -g host \
		    -a count,sum:bytes,mean:latency_ms,p95:latency_ms,distinct:user_id \
		    "$T/g$n" >/dev/null
	done
	# KiB for 100000 more groups: about 330 bytes a group, as stated.
	per=$(( ($(cat "$T/rss120000") - $(cat "$T/rss20000")) * 1024 / 100000 ))
	echo "bytes per group: $per" >&2
	[ "$per" -le 380 ]
}

@test "aggregate: --merge adds sums of partial states past 64 bits exactly, against python3" {
	T=$BATS_TEST_TMPDIR
	python3 - "$T" <<-'PY'
	import json, random, sys
	t = sys.argv[1]
	r = random.Random(3)
	want = {}
	with open(t + "/in", "w") as f:
	    for g in range(200):
	        want[g] = 0
	        for _ in range(r.randrange(1, 5)):
	            bits = r.choice([1, 32, 63, 64, 65, 96, 120, 125])
	            n = r.randrange(-2**bits, 2**bits)
	            want[g] += n
	            f.write('{"g":%d,"@partial":{"spec":"sum:x=sum_x","state":'
	                '[{"int":%d,"fp":[],"real":false}],"format":2}}\n' % (g, n))
	json.dump(want, open(t + "/want", "w"))
	PY
	aggregate --merge "$T/in" | grep -v '"@ctl"' >"$T/out"
	python3 - "$T" <<-'PY'
	import json, sys
	t = sys.argv[1]
	want = json.load(open(t + "/want"))
	rows = [json.loads(l) for l in open(t + "/out")]
	assert len(rows) == 200
	for r in rows:
	    assert type(r["sum_x"]) is int and r["sum_x"] == want[str(r["g"])], r
	PY
	# An integer part beyond 128 bits is no state.
	printf '{"g":1,"@partial":{"spec":"sum:x=sum_x","state":[{"int":%s,"fp":[],"real":false}],"format":2}}\n' \
	    170141183460469231731687303715884105728 >"$T/big"
	run -1 --separate-stderr aggregate --merge "$T/big"
	[[ "$stderr" == *"bad partial state: bad state of sum_x"* ]]
}
