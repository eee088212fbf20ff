#!/usr/bin/env bats
# ingest_csv.bats -- ingest -f csv, tsv and logfmt.
# Oracles: mlr reads the same CSV, jq and awk check the output, grep
# counts the raw logfmt lines.

load helpers

C=$BATS_TEST_DIRNAME/fixtures/ingest_csv
V=csv/vega-datasets
H=logfmt/humanlog

# Both sides as sorted-key compact JSON, so number spelling and key
# order do not matter: ingest FILE... == mlr --icsv cat FILE.
same_as_mlr() {
	local f=$1
	shift
	set -o pipefail
	ingest -t none "$@" "$f" | jq -cS . > "$BATS_TEST_TMPDIR/ours" &&
	mlr --icsv --ojsonl cat "$f" | jq -cS . > "$BATS_TEST_TMPDIR/mlr" &&
	[ -s "$BATS_TEST_TMPDIR/mlr" ] &&
	assert_same_file "$BATS_TEST_TMPDIR/mlr" "$BATS_TEST_TMPDIR/ours"
}

@test "ingest_csv: birdstrikes (CRLF, no final newline): count, sums, time" {
	need_data $V/birdstrikes.csv
	f=$DATA/$V/birdstrikes.csv
	run -0 --separate-stderr ingest -f csv --stats -t 'Flight Date' "$f"
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out"
	assert_eq "$(wc -l < "$BATS_TEST_TMPDIR/out")" 10000
	assert_eq "$(stat_of records_out)" 10000
	assert_eq "$(stat_of rejected)" 0
	assert_eq "$(stat_of skipped)" 1
	assert_accounted
	# No CR survives in any value.
	run -1 grep -c $'\r' "$BATS_TEST_TMPDIR/out"
	# Column sums agree with mlr's on the raw file.
	for col in 'Cost Total $' 'Speed IAS in knots'; do
		run -0 pipeline "jq -n '[inputs | .\"$col\" | numbers] | add' \
		    '$BATS_TEST_TMPDIR/out'"
		ours=$output
		run -0 pipeline "mlr --icsv --ojson stats1 -a sum -f '$col' \
		    '$f' | jq '.[0][\"${col}_sum\"]'"
		assert_eq "$ours" "$output"
	done
	# The first record's date, and every record's, becomes @timestamp.
	run -0 pipeline "head -1 '$BATS_TEST_TMPDIR/out' | jq -r '.\"@timestamp\"'"
	assert_eq "$output" "1990-01-08T00:00:00.000Z"
	run -0 jq -r '(."Flight Date" + "T00:00:00.000Z") == ."@timestamp"' \
	    "$BATS_TEST_TMPDIR/out"
	assert_eq "$(printf '%s\n' "$output" | sort | uniq -c | awk '{print $1, $2}')" \
	    "10000 true"
}

@test "ingest_csv: the vega CSV files read exactly as mlr reads them" {
	need_data $V/birdstrikes.csv $V/weather.csv \
	    $V/seattle-weather-hourly-normals.csv
	run -0 same_as_mlr "$DATA/$V/birdstrikes.csv" -f csv
	run -0 same_as_mlr "$DATA/$V/weather.csv" -f csv
	run -0 same_as_mlr "$DATA/$V/seattle-weather-hourly-normals.csv" -f csv
}

@test "ingest_csv: weather.csv record count equals mlr count" {
	need_data $V/weather.csv
	f=$DATA/$V/weather.csv
	run -0 pipeline "mlr --icsv --ojson count '$f' | jq '.[0].count'"
	want=$output
	run -0 --separate-stderr ingest -f csv --stats "$f"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" "$want"
	assert_eq "$(stat_of records_out)" "$want"
	assert_eq "$(stat_of no_time)" 0
	assert_accounted
}

@test "ingest_csv: --tz shifts zone-less dates by the zone's offset" {
	need_data $V/seattle-weather-hourly-normals.csv
	f=$DATA/$V/seattle-weather-hourly-normals.csv
	# Oracle: jq reads the bare date as UTC and adds the offset itself.
	q='(.date + "Z" | fromdateiso8601) + $off ==
	    (."@timestamp" | sub("\\.000Z$"; "Z") | fromdateiso8601)'
	for tz in UTC:0 -08:00:28800 +05:30:-19800; do
		run -0 pipeline "ingest -f csv --tz '${tz%:*}' '$f' |
		    jq -r --argjson off '${tz##*:}' '$q' | sort | uniq -c"
		[[ "$output" =~ ^\ *8759\ true$ ]]
	done
	run -0 pipeline "ingest -f csv --tz -08:00 '$f' | sed -n 1p |
	    jq -r '.\"@timestamp\"'"
	assert_eq "$output" "2010-01-01T09:00:00.000Z"
}

@test "ingest_csv: embedded delimiters, doubled quotes, multi-line fields" {
	run -0 same_as_mlr "$C/quoting.csv" -f csv
	run -0 --separate-stderr ingest -f csv -t none --stats "$C/quoting.csv"
	assert_eq "$(stat_of records_out)" 4
	assert_eq "$(stat_of continuation_lines)" 2
	assert_accounted
	run -0 pipeline "ingest -f csv -t none '$C/quoting.csv' | sed -n 2p |
	    jq -r .note"
	assert_eq "$output" "line one
line two, with a comma
line three"
	# Empty cells are empty strings, never numbers or nulls.
	run -0 pipeline "ingest -f csv -t none '$C/quoting.csv' | sed -n 3p"
	assert_eq "$output" '{"id":3,"name":"","note":"","amount":""}'
}

@test "ingest_csv: a rejected multi-line record is reported at its first line" {
	rej=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr ingest -f csv -t none --stats \
	    --reject "$rej" "$C/multiline_bad.csv"
	assert_eq "$output" '{"a":3,"b":4}
{"a":5,"b":"six\nseven"}'
	assert_eq "$(wc -l < "$rej")" 1
	run -0 jq -r '"\(.["@error"].line) \(.["@error"].reason)"' "$rej"
	assert_eq "$output" "2 row has 3 fields, header has 2"
	# Lines 2-3 and 5-6 are records of two lines each.
	assert_eq "$(stat_of continuation_lines)" 2
	assert_eq "$(stat_of rejected)" 1
	assert_accounted
	# Without --reject the warning names the first line too.
	run -1 --separate-stderr ingest -f csv -t none "$C/multiline_bad.csv"
	[[ "$stderr" == *"multiline_bad.csv:2: row has 3 fields, header has 2"* ]]
}

@test "ingest_csv: CRLF lines and a missing final newline" {
	# The fixture must really have CRLF and no final newline.
	assert_eq "$(grep -c $'\r$' "$C/crlf.csv")" 4
	assert_eq "$(tail -c 3 "$C/crlf.csv")" 300
	run -0 same_as_mlr "$C/crlf.csv" -f csv
	run -0 --separate-stderr ingest -f csv --stats "$C/crlf.csv"
	assert_eq "$(stat_of records_out)" 3
	assert_eq "$(stat_of continuation_lines)" 1
	assert_accounted
	run -0 pipeline "ingest -f csv '$C/crlf.csv' |
	    jq -c '[.host, .bytes, .\"@timestamp\"]'"
	assert_eq "$output" '["web1",100,"2024-03-01T10:00:00.000Z"]
["web\n2",200,"2024-03-01T10:00:01.000Z"]
["web3",300,"2024-03-01T10:00:02.000Z"]'
}

@test "ingest_csv: a UTF-8 BOM is not part of the first key" {
	assert_eq "$(head -c 3 "$C/bom.csv" | od -An -tx1 | tr -d ' ')" efbbbf
	run -0 pipeline "ingest -f csv -t none '$C/bom.csv' |
	    jq -c 'keys_unsorted'"
	assert_eq "$output" '["id","value"]
["id","value"]'
	run -0 pipeline "ingest -f csv -t none '$C/bom.csv' |
	    jq -s 'map(.id) | add'"
	assert_eq "$output" 3
}

@test "ingest_csv: empty header names become column numbers, repeats get _N" {
	run -0 ingest -f csv -t none "$C/headers.csv"
	assert_eq "$output" \
	    '{"a":1,"2":2,"a_2":3,"b":4,"a_3":5,"6":6,"a_2_2":7}'
}

@test "ingest_csv: rows of the wrong length, with and without --ragged" {
	run -1 --separate-stderr ingest -f csv -t none --stats "$C/ragged.csv"
	assert_eq "$output" '{"a":1,"b":2,"c":3}'
	[[ "$stderr" == *"ragged.csv:2: row has 2 fields, header has 3"* ]]
	[[ "$stderr" == *"ragged.csv:3: row has 5 fields, header has 3"* ]]
	assert_eq "$(stat_of rejected)" 2
	assert_accounted
	run -0 --separate-stderr ingest -f csv -t none --ragged --stats \
	    "$C/ragged.csv"
	assert_eq "$output" '{"a":1,"b":2}
{"a":1,"b":2,"c":3,"4":4,"5":5}
{"a":1,"b":2,"c":3}'
	assert_eq "$(stat_of rejected)" 0
	# An extra column's number that is already a header name is made
	# unique like a repeated header name.
	run -0 ingest -f csv -t none --ragged "$C/ragged_keys.csv"
	assert_eq "$output" '{"a":1,"4":2,"4_2":3,"4_3":4,"5":5}'
}

@test "ingest_csv: characters after a closing quote are an error with the column" {
	rej=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr ingest -f csv -t none --reject "$rej" \
	    "$C/garbage.csv"
	# The good rows on either side flow; '"x"",y"' is one field.
	assert_eq "$output" '{"a":1,"b":"ok","c":3}
{"a":"x\",y","b":2,"c":3}'
	run -0 jq -c '[.["@error"].line, .["@error"].column,
	    .["@error"].reason, .["@raw"]]' "$rej"
	assert_eq "$output" \
	    '[3,8,"characters after the closing quote of field 2","1,\"bad\"x,3"]'
}

@test "ingest_csv: a quote inside an unquoted field is literal" {
	run -0 ingest -f csv -t none "$C/literal.csv"
	assert_eq "$output" '{"id":1,"note":"lit\"eral","size":"5\" disk"}'
}

@test "ingest_csv: an unterminated quote at end of file is rejected" {
	run -1 --separate-stderr ingest -f csv -t none --stats "$C/unterminated.csv"
	assert_eq "$output" '{"a":1,"b":2}'
	[[ "$stderr" == *"unterminated.csv:3: column 3: unterminated quoted field"* ]]
	assert_eq "$(stat_of rejected)" 1
	assert_eq "$(stat_of continuation_lines)" 1
	assert_accounted
	# The open record ends with its file: the next file has its header.
	run -1 --separate-stderr ingest -f csv -t none "$C/unterminated.csv" \
	    "$C/bom.csv"
	assert_eq "$output" '{"a":1,"b":2}
{"id":1,"value":"one"}
{"id":2,"value":"two"}'
}

@test "ingest_csv: each file has its own header" {
	run -0 pipeline "ingest -f csv -t none '$C/bom.csv' '$C/headers.csv' \
	    '$C/types.csv' | jq -r 'keys_unsorted | join(\"|\")'"
	assert_eq "$output" 'id|value
id|value
a|2|a_2|b|a_3|6|a_2_2
n|r|e|b|zip|neg|empty|word'
}

@test "ingest_csv: values are inferred, --no-infer keeps them all strings" {
	run -0 pipeline "ingest -f csv -t none '$C/types.csv' |
	    jq -c 'to_entries | map(.value | type)'"
	assert_eq "$output" \
	    '["number","number","number","boolean","string","number","string","string"]'
	run -0 pipeline "ingest -f csv -t none --no-infer '$C/types.csv' |
	    jq -c '[.[] | type] | unique'"
	assert_eq "$output" '["string"]'
	run -0 ingest -f csv -t none --no-infer "$C/types.csv"
	assert_eq "$output" \
	    '{"n":"42","r":"2.5","e":"1e3","b":"true","zip":"007","neg":"-1","empty":"","word":"abc"}'
}

@test "ingest_csv: TSV quotes a field only when it starts with a quote" {
	run -0 ingest -f tsv -t none "$C/quotes.tsv"
	assert_eq "$output" '{"a":"x\ty","b":"plain\\tback","c":"said \"hi\""}
{"a":1,"b":"","c":"q\"q"}'
	# Oracle: mlr's CSV reader with a tab separator (its TSV reader
	# unescapes backslashes, which we do not).  It cannot take a quote
	# inside an unquoted field, so that one is dropped for it.
	t=$BATS_TEST_TMPDIR/q.tsv
	sed 's/said "hi"/said hi/' "$C/quotes.tsv" > "$t"
	run -0 pipeline "mlr --icsv --ifs tab --ojsonl cat '$t' | jq -cS ."
	[ -n "$output" ]
	want=$output
	run -0 pipeline "ingest -f tsv -t none '$t' | jq -cS ."
	assert_eq "$output" "$want"
}

@test "ingest_csv: 10,000 multi-line records and one 20,000-line field are fast" {
	f=$BATS_TEST_TMPDIR/big.csv
	awk 'BEGIN { print "id,text,n"
	    for (i = 1; i <= 10000; i++)
		printf "%d,\"row %d says \"\"hi\"\"\nand, more\",%d\n", i, i, i }' > "$f"
	run -0 --separate-stderr timeout 10 ingest -f csv -t none --stats "$f"
	assert_eq "$(stat_of records_out)" 10000
	assert_eq "$(stat_of continuation_lines)" 10000
	run -0 pipeline "mlr --icsv --ojson stats1 -a count,sum -f n '$f' |
	    jq -c '[.[0].n_count, .[0].n_sum]'"
	want=$output
	run -0 pipeline "ingest -f csv -t none '$f' |
	    jq -sc '[length, (map(.n) | add)]'"
	assert_eq "$output" "$want"
	g=$BATS_TEST_TMPDIR/long.csv
	awk 'BEGIN { print "a,b"; printf "1,\""
	    for (i = 1; i <= 20000; i++) print "line " i
	    print "end\"" }' > "$g"
	run -0 --separate-stderr timeout 10 ingest -f csv -t none --stats "$g"
	assert_eq "$(stat_of continuation_lines)" 20000
	assert_eq "$(printf '%s\n' "$output" | jq -r .b | wc -l)" 20001
}

@test "ingest_csv: 200,000 fields in a line, or a header of one name, are fast" {
	# Time in proportion to the fields, not to their square (200,000
	# logfmt pairs took 37 s; 30,000 repeats of one CSV name, 50 s).
	f=$BATS_TEST_TMPDIR/wide.log
	awk 'BEGIN { for (i = 0; i < 200000; i++)
	    printf "k%d=%d%s", i % 120000, i, i < 199999 ? " " : "\n" }' > "$f"
	run -0 pipeline "timeout -k 5 20 ingest -f logfmt -t none '$f' |
	    jq -c '[length, .k0, .k119999, .k79999]'"
	assert_eq "$output" '[120000,120000,119999,199999]'
	f=$BATS_TEST_TMPDIR/wide.csv
	awk 'BEGIN { for (r = 0; r < 2; r++)
	    for (i = 1; i <= 30000; i++)
		printf "%s%s", r ? i : "a", i < 30000 ? "," : "\n" }' > "$f"
	run -0 pipeline "timeout -k 5 20 ingest -f csv -t none '$f' |
	    jq -c '[length, .a, .a_2, .a_30000]'"
	assert_eq "$output" '[30000,1,2,30000]'
}

@test "ingest_csv: a stray quote is cut at --max-line, reading resumes after" {
	f=$BATS_TEST_TMPDIR/stray.csv
	# A good multi-line field, then a quote that never closes (line 103).
	awk 'BEGIN { print "id,name,v"
	    for (i = 1; i <= 3000; i++)
		if (i == 50) printf "50,\"two\nlines\",150\n"
		else if (i == 101) printf "101,\"stray,303\n"
		else printf "%d,name %d,%d\n", i, i, i * 3 }' > "$f"
	run -1 --separate-stderr ingest -f csv --no-infer -t none --stats \
	    --max-line 4k --reject "$BATS_TEST_TMPDIR/rej" "$f"
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/ours"
	# Every line accounted for: records, the reject, the header and the
	# lines of the two multi-line records.
	assert_eq "$(stat_of lines_in)" "$(wc -l < "$f")"
	assert_accounted
	assert_eq "$(stat_of rejected)" 1
	run -0 jq -c '.["@error"] | [.line, .column, .reason]' "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" '[103,5,"quoted field still open after 4103 bytes (--max-line is 4096)"]'
	# The oracle: python's csv module reads the lines before the stray
	# quote, and, with the header, those after the line that took the
	# open record past 4096 bytes.
	python3 - "$f" > "$BATS_TEST_TMPDIR/want" <<'EOF'
import csv, io, json, sys
lines = open(sys.argv[1], encoding="utf-8", newline="").read().split("\n")[:-1]
start = next(i for i, l in enumerate(lines) if l.startswith('101,"'))
size, cut = 0, start
while size <= 4096:
    size += len(lines[cut].encode()) + 1
    cut += 1
for part in (lines[:start], lines[:1] + lines[cut:]):
    for row in csv.DictReader(io.StringIO("\n".join(part) + "\n")):
        print(json.dumps(row, separators=(",", ":"), ensure_ascii=False))
EOF
	assert_same_file "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/ours"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/ours")" -gt 2500 ]
}

@test "ingest_csv: logfmt from logrus: 1000 records, times, levels, numbers" {
	need_data $H/sample-logrus-text.logfmt
	f=$DATA/$H/sample-logrus-text.logfmt
	run -0 --separate-stderr ingest -f logfmt --stats "$f"
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out"
	assert_eq "$(wc -l < "$BATS_TEST_TMPDIR/out")" 1000
	assert_eq "$(stat_of no_time)" 0
	assert_accounted
	run -0 pipeline "head -1 '$BATS_TEST_TMPDIR/out' | jq -r '.\"@timestamp\"'"
	assert_eq "$output" "2024-11-12T05:39:08.000Z"
	run -0 jq -r 'select(.level == "error") | .level' "$BATS_TEST_TMPDIR/out"
	assert_eq "$(printf '%s\n' "$output" | grep -c .)" \
	    "$(grep -c 'level=error' "$f")"
	# Bare numbers become JSON numbers: sums agree with awk on the text.
	run -0 pipeline "grep -o ' response_time_ms=[0-9]*' '$f' |
	    awk -F= '{ s += \$2; n++ } END { print n, s }'"
	want=$output
	run -0 jq -rn '[inputs | .response_time_ms | numbers] |
	    "\(length) \(add)"' "$BATS_TEST_TMPDIR/out"
	assert_eq "$output" "$want"
	# Quoted values stay strings, spaces and all.
	run -0 pipeline "head -1 '$BATS_TEST_TMPDIR/out' | jq -r '.msg, (.threshold | type)'"
	assert_eq "$output" "System warning
number"
}

@test "ingest_csv: logfmt without time fields, last line without newline" {
	need_data $H/case-00002-logfmt-input.logfmt
	f=$DATA/$H/case-00002-logfmt-input.logfmt
	assert_eq "$(tail -c 1 "$f")" '"'
	run -0 --separate-stderr ingest -f logfmt --stats "$f"
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out"
	lines=$(grep -c '' "$f")
	assert_eq "$(wc -l < "$BATS_TEST_TMPDIR/out")" "$lines"
	# Lines with none of the default time keys get no @timestamp.
	untimed=$(grep -cvE '(^| )@?(timestamp|time|ts)=' "$f")
	[ "$untimed" -gt 0 ]
	assert_eq "$(stat_of no_time)" "$untimed"
	assert_eq "$(grep -vc '"@timestamp"' "$BATS_TEST_TMPDIR/out")" "$untimed"
	run -0 pipeline "tail -1 '$BATS_TEST_TMPDIR/out'"
	assert_eq "$output" '{"level":"some unknown level"}'
	run -0 pipeline "sed -n 2p '$BATS_TEST_TMPDIR/out'"
	assert_eq "$output" '{"key":"value1","msg":"i like turtle","key2":42}'
}

@test "ingest_csv: logfmt from lnav: empty values and microsecond times" {
	need_data logfmt/lnav/logfile_logfmt.0
	f=$DATA/logfmt/lnav/logfile_logfmt.0
	run -0 --separate-stderr ingest -f logfmt --stats "$f"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" "$(wc -l < "$f")"
	assert_eq "$(stat_of rejected)" 0
	# The times are already UTC with 6 digits: @timestamp equals them.
	run -0 pipeline "ingest -f logfmt '$f' |
	    jq -r '.time == .\"@timestamp\"' | sort -u"
	assert_eq "$output" true
	run -0 pipeline "ingest -f logfmt '$f' |
	    jq -c 'select(has(\"reason\")) | .reason'"
	assert_eq "$output" '""
""'
	assert_eq "$(grep -c ' reason= ' "$f")" 2
}

@test "ingest_csv: logfmt escapes, bare keys, empty values, repeated keys" {
	run -0 --separate-stderr ingest -f logfmt --stats "$C/edge.logfmt"
	assert_eq "$output" '{"ts":"2024-05-06T07:08:09.5Z","msg":"say \"hi\"","path":"C:\\tmp\\new","multi":"a\nb\tc\rd","odd":"\\x\\u0041","plain":"abc","@timestamp":"2024-05-06T07:08:09.500Z"}
{"debug":true,"n":42,"f":-1.5,"big":1e3,"zip":"007","yes":true,"no":false,"empty":"","quoted_empty":"","eq":"a=b","q":"x\"y"}
{"ts":"2024-05-06T07:08:10Z","k":"three","lone":true,"@timestamp":"2024-05-06T07:08:10.000Z"}'
	assert_eq "$(stat_of no_time)" 1
	run -0 pipeline "ingest -f logfmt --no-infer '$C/edge.logfmt' | sed -n 2p |
	    jq -c '[.n, .yes, .debug]'"
	assert_eq "$output" '["42","true",true]'
}

@test "ingest_csv: lines that are not logfmt are rejected, the rest flows" {
	rej=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr ingest -f logfmt --stats --reject "$rej" \
	    "$C/mixed.logfmt"
	assert_eq "$(printf '%s\n' "$output" | jq -r .msg)" "ok
last"
	assert_eq "$(stat_of rejected)" 4
	assert_accounted
	run -0 jq -c '[.["@error"].line, .["@error"].column, .["@error"].reason]' "$rej"
	assert_eq "$output" '[2,null,"no key=value pairs"]
[3,41,"unterminated quoted value"]
[4,1,"'"'='"' with no key before it"]
[5,46,"characters after the closing quote of '"'msg'"'"]'
	# @raw holds each rejected line exactly.
	run -0 jq -r '.["@raw"]' "$rej"
	assert_eq "$output" "$(sed -n 2,5p "$C/mixed.logfmt")"
	# Column 41 is the opening quote of the unterminated value.
	assert_eq "$(sed -n 3p "$C/mixed.logfmt" | cut -c41)" '"'
}
