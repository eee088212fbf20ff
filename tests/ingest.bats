#!/usr/bin/env bats
# ingest.bats -- NDJSON and journald input, time normalisation, bad input.
# Other formats: ingest_csv.bats, ingest_logs.bats; live use: ingest_live.bats.

load helpers

@test "ingest: ndjson passes records byte for byte, adding only @timestamp" {
	need_data ndjson-logs/humanlog-slog-syncsvc/logdump-first20000.ndjson
	f=$DATA/ndjson-logs/humanlog-slog-syncsvc/logdump-first20000.ndjson
	run -0 pipeline "ingest '$f' > '$BATS_TEST_TMPDIR/out'"
	assert_eq "$(wc -l < "$BATS_TEST_TMPDIR/out")" 20000
	# Removing the appended member gives back the input exactly.
	sed 's/,"@timestamp":"[^"]*"}$/}/' "$BATS_TEST_TMPDIR/out" \
	    > "$BATS_TEST_TMPDIR/back"
	cmp "$f" "$BATS_TEST_TMPDIR/back"
	# The added time is the record's own time in UTC.  Oracle: jq,
	# applying the +hh:mm offset by hand (its mktime ignores %z).
	cat > "$BATS_TEST_TMPDIR/q.jq" <<'JQ'
(.time[0:19] + "Z" | fromdateiso8601)
  - ((.time[-6:-3] | tonumber) * 3600
     + (if .time[-6:-5] == "-" then -1 else 1 end) * (.time[-2:] | tonumber) * 60)
  == (."@timestamp" | sub("\\.[0-9]+Z"; "Z") | fromdateiso8601)
JQ
	run -0 pipeline "jq -r -f '$BATS_TEST_TMPDIR/q.jq' '$BATS_TEST_TMPDIR/out' | sort | uniq -c"
	[[ "$output" =~ ^\ *20000\ true$ ]]
}

@test "ingest: an @timestamp already in normal form is left alone" {
	need_data ndjson-logs/lnav/logfile_ecs_log.json
	f=$DATA/ndjson-logs/lnav/logfile_ecs_log.json
	run -0 pipeline "ingest '$f' | cmp - '$f'"
}

@test "ingest: epoch numbers in ts and timestamp, unit by magnitude" {
	need_data ndjson-logs/otrf-security-datasets/apt29-day1-combined_zeek.ndjson \
	    ndjson-logs/elastic-examples-nginxplus/nginxplus_json_logs.ndjson
	z=$DATA/ndjson-logs/otrf-security-datasets/apt29-day1-combined_zeek.ndjson
	run -0 pipeline "ingest '$z' | jq -r '(.ts|floor) == (.\"@timestamp\"|sub(\"\\\\.[0-9]+Z\";\"Z\")|fromdateiso8601)' | sort -u"
	assert_eq "$output" "true"
	n=$DATA/ndjson-logs/elastic-examples-nginxplus/nginxplus_json_logs.ndjson
	run -0 pipeline "ingest '$n' | sed -n 1p | jq -r '.\"@timestamp\"'"
	assert_eq "$output" "2015-10-30T23:58:19.322Z"
	run -0 pipeline "ingest -t load_timestamp --time-unit ms '$n' | sed -n 1p | jq -r '.\"@timestamp\"'"
	assert_eq "$output" "2015-10-24T10:00:00.424Z"
}

@test "ingest: records without a time field pass and are counted" {
	need_data ndjson-logs/otrf-security-datasets/apt29-day2-combined_zeek.ndjson
	f=$DATA/ndjson-logs/otrf-security-datasets/apt29-day2-combined_zeek.ndjson
	notime=$(grep -vc '"ts":' "$f")
	run -0 --separate-stderr ingest --stats "$f"
	[[ "$stderr" == *"no_time=$notime "* ]]
	assert_eq "$(printf '%s\n' "$output" | grep -vc '"@timestamp"')" "$notime"
	# Named explicitly, a missing field is a reject.
	run -1 --separate-stderr ingest -t ts --stats "$f"
	[[ "$stderr" == *"rejected=$notime "* ]]
	[[ "$stderr" == *"no time field 'ts'"* ]]
	# -t none adds nothing at all.
	run -0 pipeline "ingest -t none '$f' | cmp - '$f'"
}

@test "ingest: CRLF lines keep their content, lose the CR" {
	need_data ndjson-logs/otrf-security-datasets/windows-cmd_seatbelt_group_user_2020-11-0216391814.json
	f=$DATA/ndjson-logs/otrf-security-datasets/windows-cmd_seatbelt_group_user_2020-11-0216391814.json
	run -0 pipeline "ingest -t none '$f' | cmp - <(tr -d '\r' < '$f')"
	run -0 pipeline "ingest -t TimeCreated '$f' | jq -r '.\"@timestamp\" == .TimeCreated' | sort -u"
	assert_eq "$output" "true"
}

@test "ingest: journald export format" {
	need_data ndjson-logs/lnav/logfile_journald.json
	f=$DATA/ndjson-logs/lnav/logfile_journald.json
	for fmt in journald auto; do
		run -0 pipeline "ingest -f $fmt '$f' 2>/dev/null | jq -r '(.__REALTIME_TIMESTAMP|tonumber/1000000|floor) == (.\"@timestamp\"|sub(\"\\\\.[0-9]+Z\";\"Z\")|fromdateiso8601)' | sort -u"
		assert_eq "$output" "true"
	done
}

@test "ingest: non-JSON lines are rejected with their position, the rest flows" {
	need_data ndjson-logs/lnav/logfile_mixed_json2.json
	f=$DATA/ndjson-logs/lnav/logfile_mixed_json2.json
	total=$(grep -c '' "$f")
	good=$(grep -c '^{' "$f")
	run -1 --separate-stderr ingest --stats --reject "$BATS_TEST_TMPDIR/rej" "$f"
	assert_eq "$(printf '%s\n' "$output" | grep -c .)" "$good"
	assert_eq "$(wc -l < "$BATS_TEST_TMPDIR/rej")" "$((total - good))"
	# Each reject names its line and keeps the raw text.
	run -0 jq -r '"\(.["@error"].line):\(.["@raw"])"' "$BATS_TEST_TMPDIR/rej"
	expected=$(grep -vn '^{' "$f" | tr -d '\r')
	assert_eq "$output" "$expected"
}

@test "ingest: a time that cannot be read is rejected with the reason" {
	printf '%s\n' '{"time":"2024-01-01T00:00:00Z"}' '{"time":"soon"}' \
	    '{"time":null}' '{"time":1e400}' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr ingest --stats "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"time":"2024-01-01T00:00:00Z","@timestamp":"2024-01-01T00:00:00.000Z"}
{"time":null}'
	[[ "$stderr" == *"in:2: cannot read time '\"soon\"' in field 'time'"* ]]
	[[ "$stderr" == *"in:4: cannot read time"* ]]
	[[ "$stderr" == *"rejected=2 "* ]]
}

@test "ingest: --time-format and --tz for odd and zone-less times" {
	printf '%s\n' '{"when":"05/03/2024 07:08:09"}' > "$BATS_TEST_TMPDIR/in"
	run -0 ingest -t when --time-format '%d/%m/%Y %H:%M:%S' --tz +02:00 "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"when":"05/03/2024 07:08:09","@timestamp":"2024-03-05T05:08:09.000Z"}'
	run -2 ingest --tz Nowhere/Special "$BATS_TEST_TMPDIR/in"
	run -2 ingest --time-unit fortnights "$BATS_TEST_TMPDIR/in"
}

@test "ingest: every JSONTestSuite n_ file is rejected, every y_ object accepted" {
	need_data jsontestsuite/test_parsing
	d=$DATA/jsontestsuite/test_parsing
	bad=0
	for f in "$d"/n_*.json; do
		# In NDJSON a blank line is no record at all: skipped, not bad;
		# so is a byte order mark at the start of a file (sluice(7)).
		if ! LC_ALL=C sed '1s/^\xef\xbb\xbf//' "$f" | tr -d ' \t\r\n' |
		    LC_ALL=C grep -q .; then
			run -0 ingest -t none "$f"
			assert_eq "$output" ""
			continue
		fi
		# A file is one document: join its lines so ingest sees one line.
		tr '\n' ' ' < "$f" > "$BATS_TEST_TMPDIR/one"
		rc=0
		ingest -t none --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/one" \
		    > "$BATS_TEST_TMPDIR/out" 2>/dev/null || rc=$?
		if [ "$rc" -ne 1 ] || [ -s "$BATS_TEST_TMPDIR/out" ] ||
		    [ "$(jq -r '.["@error"].reason' "$BATS_TEST_TMPDIR/rej")" = "" ]; then
			echo "not rejected: $f (exit $rc)" >&2
			bad=$((bad + 1))
		fi
	done
	assert_eq "$bad" 0
	for f in "$d"/y_*.json; do
		tr '\n' ' ' < "$f" > "$BATS_TEST_TMPDIR/one"
		# y_ files that are objects pass unchanged; others are not records.
		if jq -e 'type == "object"' "$f" >/dev/null 2>&1; then
			run -0 ingest -t none "$BATS_TEST_TMPDIR/one"
		else
			run -1 ingest -t none "$BATS_TEST_TMPDIR/one"
			[[ "$output" == *"not a JSON object"* ]] || [ -z "$output" ]
		fi
	done
}

@test "ingest: empty lines are skipped and counted" {
	printf '{"a":1}\n\n  \n{"a":2}\n' > "$BATS_TEST_TMPDIR/in"
	run -0 --separate-stderr ingest -t none --stats "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"a":1}
{"a":2}'
	[[ "$stderr" == *"lines_in=4 records_out=2 rejected=0 no_time=0 skipped=2 "* ]]
}

@test "ingest: control records pass through untouched" {
	printf '%s\n' '{"@ctl":"close","@window":{"start":"a","end":"b"}}' > "$BATS_TEST_TMPDIR/in"
	run -0 ingest "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"@ctl":"close","@window":{"start":"a","end":"b"}}'
}

@test "ingest: --progress draws a progress line on stderr and clears it" {
	seq 1 5000 | sed 's/.*/{"n":&}/' > "$BATS_TEST_TMPDIR/in"
	run -0 --separate-stderr ingest -t none --progress "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 5000
	[[ "$stderr" == *"ingest: "*" of "*" MB ("*"%), "*"records"* ]]
	# The line is erased at the end: the last thing written is ESC [ K.
	[[ "$stderr" == *$'\r\033[K' ]]
	# Not on by default when stderr is not a terminal.
	run -0 --separate-stderr ingest -t none "$BATS_TEST_TMPDIR/in"
	assert_eq "$stderr" ""
}
