#!/usr/bin/env bats
# ingest_auto.bats -- ingest -f auto (what it guesses, and says) and -f text;
# the hints for a missing time and for text read as NDJSON.
# Oracles: python3 (csv rows, times), grep and wc on the raw lines.

load helpers

S=$BATS_TEST_DIRNAME/fixtures/ingest_auto/systems
CSVS=csv/vega-datasets

# The format -f auto says it chose for file $1, from $stderr.
chosen() {
	printf '%s\n' "$stderr" | sed -n "s|^ingest: $1: reading as ||p"
}

@test "auto: 16 kinds of system log are text, syslog, errorlog or log4j, never csv, no rejects" {
	n=0
	for f in "$S"/*.log; do
		n=$((n + 1))
		run --separate-stderr ingest -f auto --stats "$f"
		[ "$status" -le 1 ]
		c=$(chosen "$f")
		# The layouts with a format of their own get it.
		case $(basename "$f") in
		apache.log) want=errorlog ;;
		hadoop.log|hdfs.log|spark.log|zookeeper.log) want=log4j ;;
		linux.log|mac.log|openssh.log) want="syslog (RFC 3164)" ;;
		*) want=text ;;
		esac
		[ "$c" = "$want" ] || { echo "$f: $c, not $want" >&2; false; }
		assert_eq "$(stat_of rejected)" 0
		assert_eq "$(stat_of records_out)" "$(wc -l < "$f")"
		# The whole line is kept: as the message, after a time if any.
		[ "$c" != text ] || printf '%s\n' "$output" |
		    jq -r .message | while IFS= read -r m; do
			grep -qF -- "$m" "$f"
		done
	done
	assert_eq "$n" 16
	# Linux, Mac and OpenSSH are syslog; the time-led ones have times.
	run -0 --separate-stderr ingest -f auto "$S"/linux.log "$S"/mac.log \
	    "$S"/openssh.log
	assert_eq "$(printf '%s\n' "$stderr" | grep -c 'reading as syslog (RFC 3164)$')" 3
	for k in hadoop zookeeper spark windows apache; do
		run -0 --separate-stderr ingest -f auto --stats "$S/$k.log"
		assert_eq "$(stat_of no_time)" 0
	done
}

@test "auto: the real csv files are csv, every row a record" {
	for f in birdstrikes seattle-weather-hourly-normals weather; do
		need_data "$CSVS/$f.csv"
		p=$DATA/$CSVS/$f.csv
		run --separate-stderr ingest -f auto -t none --stats "$p"
		[ "$status" -eq 0 ]
		assert_eq "$(chosen "$p")" csv
		rows=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$p")
		assert_eq "$(stat_of records_out)" "$rows"
		assert_eq "$(printf '%s\n' "$stderr" | grep -c ' format=csv$')" 1
	done
}

@test "auto: a header-like line 1 with rows of another width is text" {
	printf '%s\n' 'Hello, World' 'it is, as it was, before' 'one more line' > "$BATS_TEST_TMPDIR/a.log"
	run -0 --separate-stderr ingest -f auto -t none --stats "$BATS_TEST_TMPDIR/a.log"
	assert_eq "$(chosen "$BATS_TEST_TMPDIR/a.log")" text
	assert_eq "$output" "$(jq -Rc '{message: .}' "$BATS_TEST_TMPDIR/a.log")"
	# A header with a time for a name is no header either.
	printf '%s\n' '2015-07-29 17:41:44,747 - INFO start' 'a,b' > "$BATS_TEST_TMPDIR/b.log"
	run -0 --separate-stderr ingest -f auto -t none "$BATS_TEST_TMPDIR/b.log"
	assert_eq "$(chosen "$BATS_TEST_TMPDIR/b.log")" text
	# Free text with '=' in it is not logfmt.
	printf '%s\n' 'Starting job id=7 for user alice on host b1' > "$BATS_TEST_TMPDIR/c.log"
	run -0 --separate-stderr ingest -f auto -t none "$BATS_TEST_TMPDIR/c.log"
	assert_eq "$(chosen "$BATS_TEST_TMPDIR/c.log")" text
}

@test "auto: NDJSON after a byte order mark is ndjson" {
	run -0 --separate-stderr ingest -f auto --stats "$REPRO/bom.ndjson"
	assert_eq "$(chosen "$REPRO/bom.ndjson")" ndjson
	assert_eq "$(stat_of records_out)" 2
	assert_eq "$(printf '%s\n' "$stderr" | grep -c ' format=ndjson$')" 1
}

@test "auto: RFC 5424 lines are said to be RFC 5424, RFC 3164 lines RFC 3164" {
	cd "$BATS_TEST_TMPDIR"
	# The examples of RFC 5424 section 6.5 and RFC 3164 section 5.4.
	printf '%s\n' '<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - '"'"'su root'"'"' failed for lonvick on /dev/pts/8' \
	    '<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It'"'"'s time to make the do-nuts.' > new.log
	printf '%s\n' '<34>Oct 11 22:14:15 mymachine su: '"'"'su root'"'"' failed for lonvick on /dev/pts/8' > old.log
	run -0 --separate-stderr ingest -f auto --concat new.log old.log
	assert_eq "$(chosen new.log)" 'syslog (RFC 5424)'
	assert_eq "$(chosen old.log)" 'syslog (RFC 3164)'
	assert_eq "$(printf '%s\n' "$output" | jq -r .app | paste -sd' ')" 'su myproc su'
}

@test "auto: an ISO 8601 time and words is syslog only with a host and a tag" {
	cd "$BATS_TEST_TMPDIR"
	# rsyslog's file format: host and tag after the time.
	printf '%s\n' '2018-08-14T14:30:02.203151+02:00 linux-sqrz systemd[4179]: Stopped target Paths.' > rs.log
	# A level, a thread number, a bare word after the time: not hosts.
	printf '%s\n' '2026-03-04T05:06:07.250Z INFO started' \
	    '2026-03-04T05:06:08.500Z WARN disk 91% full' > lvl.log
	printf '%s\n' '2020-08-06T14:25:02.835618Z 0 [Note] DDL log recovery : begin' > my.log
	printf '%s\n' '2022-06-02T12:25:11.537Z info wcp [eamagency/util.go:148] Going on' > vc.log
	run -0 --separate-stderr ingest -f auto --concat rs.log lvl.log my.log vc.log
	assert_eq "$(chosen rs.log)" 'syslog (RFC 3164)'
	assert_eq "$(chosen lvl.log)" log4j
	assert_eq "$(chosen my.log)" text
	assert_eq "$(chosen vc.log)" text
	assert_eq "$(printf '%s\n' "$output" | jq -c '[.host, .app, .pid, .level]')" \
	    "$(printf '%s\n' '["linux-sqrz","systemd",4179,null]' \
	    '[null,null,null,"INFO"]' '[null,null,null,"WARN"]' \
	    '[null,null,null,null]' '[null,null,null,null]')"
	# As text: the time read, the rest of each line its message.
	assert_eq "$(printf '%s\n' "$output" | tail -2 | jq -r '."@timestamp" + " " + .message')" \
	    "$(cat my.log vc.log)"
}

@test "text: the leading time is @timestamp, the rest the message" {
	f=$S/zookeeper.log
	run -0 pipeline "ingest -f text '$f' | jq -r '.\"@timestamp\"'"
	want=$(python3 -c 'import sys,datetime
for l in open(sys.argv[1]):
	t = datetime.datetime.strptime(l[:23], "%Y-%m-%d %H:%M:%S,%f")
	print(t.strftime("%Y-%m-%dT%H:%M:%S.") + l[20:23] + "Z")' "$f")
	assert_eq "$output" "$want"
	run -0 pipeline "ingest -f text '$f' | jq -r .message"
	assert_eq "$output" "$(cut -c25- "$f")"
	# ctime in brackets, yy/mm/dd, epoch seconds, syslog's Mmm dd.
	printf '%s\n' '[Sun Dec 04 04:47:44 2005] [notice] ok' \
	    '17/06/09 20:10:40 INFO x' '1286536309.586 921 TCP_MISS/200' \
	    'Mar  7 01:02:03 not a host: at all' > "$BATS_TEST_TMPDIR/t.log"
	run -0 pipeline "ingest -f text --year 2020 '$BATS_TEST_TMPDIR/t.log' | jq -c '[.\"@timestamp\", .message]'"
	assert_eq "$output" "$(printf '%s\n' \
	    '["2005-12-04T04:47:44.000Z","[notice] ok"]' \
	    '["2017-06-09T20:10:40.000Z","INFO x"]' \
	    '["2010-10-08T11:11:49.586Z","921 TCP_MISS/200"]' \
	    '["2020-03-07T01:02:03.000Z","not a host: at all"]')"
}

@test "hint: no time in the first records names the field that looks like one, exit 1" {
	for i in 1 2 3; do
		printf '{"@t":"2024-05-01T10:00:0%sZ","@mt":"hello"}\n' "$i"
	done > "$BATS_TEST_TMPDIR/serilog.ndjson"
	f=$BATS_TEST_TMPDIR/serilog.ndjson
	run -1 --separate-stderr ingest "$f"
	assert_eq "$stderr" "ingest: $f: no record of the first 3 has a time; field '@t' looks like one: try -t @t"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 3
	run -0 --separate-stderr ingest -t @t "$f"
	assert_eq "$stderr" ""
	run -0 --separate-stderr ingest -t none "$f"
	assert_eq "$stderr" ""
	# An epoch number under another name; one timed record: no hint.
	printf '{"when":1714557600}\n{"when":1714557601}\n' > "$BATS_TEST_TMPDIR/e.ndjson"
	run -1 --separate-stderr ingest "$BATS_TEST_TMPDIR/e.ndjson"
	[[ $stderr == *"field 'when' looks like one: try -t when" ]]
	# A date and time under a name that says neither: by its value.
	printf '{"id":"1714557600","day":"2024-05-01","created_at":"%s"}\n' \
	    2024-05-01T10:00:00Z '2024-05-01 10:00:00.5+02:00' > "$BATS_TEST_TMPDIR/c.ndjson"
	run -1 --separate-stderr ingest "$BATS_TEST_TMPDIR/c.ndjson"
	assert_eq "$stderr" "ingest: $BATS_TEST_TMPDIR/c.ndjson: no record of the first 2 has a time; field 'created_at' looks like one: try -t created_at"
	printf 'id,day,created_at\n7,2024-05-01,2024-05-01 10:00:00\n' > "$BATS_TEST_TMPDIR/c.csv"
	run -1 --separate-stderr ingest -f csv "$BATS_TEST_TMPDIR/c.csv"
	assert_eq "$stderr" "ingest: $BATS_TEST_TMPDIR/c.csv: no record of the first 1 has a time; field 'created_at' looks like one: try -t created_at"
	# Text that is not a whole date and time names nothing.
	printf '{"id":"1714557600","day":"2024-05-01","at":"2024-05-01T10:00:00Z!"}\n' > "$BATS_TEST_TMPDIR/n.ndjson"
	run -1 --separate-stderr ingest "$BATS_TEST_TMPDIR/n.ndjson"
	[[ $stderr == *"and no field looks like one"* ]]
	printf '{"time":"2024-05-01T10:00:00Z"}\n{"x":1}\n' > "$BATS_TEST_TMPDIR/o.ndjson"
	run -0 --separate-stderr ingest "$BATS_TEST_TMPDIR/o.ndjson"
	assert_eq "$stderr" ""
	# Past the first 1000 records, the hint is given once, at 1000.
	for i in $(seq 1500); do echo '{"eventTime":"x"}'; done > "$BATS_TEST_TMPDIR/m.ndjson"
	run -1 --separate-stderr ingest "$BATS_TEST_TMPDIR/m.ndjson"
	assert_eq "$stderr" "ingest: $BATS_TEST_TMPDIR/m.ndjson: no record of the first 1000 has a time; field 'eventTime' looks like one: try -t eventTime"
}

@test "hint: the GitHub archive's created_at is named by its value" {
	need_data ndjson-logs/lnav/gharchive_log.jsonl
	f=$DATA/ndjson-logs/lnav/gharchive_log.jsonl
	n=$(wc -l < "$f")
	run -1 --separate-stderr ingest "$f"
	assert_eq "$stderr" "ingest: $f: no record of the first $n has a time; field 'created_at' looks like one: try -t created_at"
	# Taking the hint gives every record the time jq reads there.
	run -0 --separate-stderr ingest -t created_at "$f"
	assert_eq "$(printf '%s\n' "$output" | jq -r '."@timestamp"' | sort -u)" \
	    "$(jq -r '.created_at | fromdate | strftime("%Y-%m-%dT%H:%M:%S.000Z")' "$f" | sort -u)"
}

@test "hint: a time one object down is named by its path (USGS earthquakes' properties.time)" {
	need_data ndjson-logs/usgs-earthquakes-vega/earthquakes.ndjson
	f=$DATA/ndjson-logs/usgs-earthquakes-vega/earthquakes.ndjson
	run -1 --separate-stderr ingest "$f"
	[[ "$stderr" == *"; field 'properties.time' looks like one: try -t properties.time" ]]
	# Taking the hint gives every record the time jq reads there (ms).
	run -0 --separate-stderr ingest -t properties.time "$f"
	printf '%s\n' "$output" | jq -r '."@timestamp"' > "$BATS_TEST_TMPDIR/got"
	jq -r '.properties.time | (. / 1000 | floor | strftime("%Y-%m-%dT%H:%M:%S")) + "." + ("00" + (. % 1000 | tostring))[-3:] + "Z"' "$f" > "$BATS_TEST_TMPDIR/want"
	assert_same_file "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	# A time at the top is named before one further down; down there a
	# key that is not a plain name is passed over (a path would not
	# name it).
	printf '%s\n' '{"a":{"time":"x"},"eventTime":"y"}' > "$BATS_TEST_TMPDIR/t"
	run -1 --separate-stderr ingest "$BATS_TEST_TMPDIR/t"
	[[ "$stderr" == *"field 'eventTime' looks like"* ]]
	printf '%s\n' '{"a":{"x.time":"x","t[1]":"2020-01-01T00:00:00Z","when":1},"b":{"ts":2}}' > "$BATS_TEST_TMPDIR/t"
	run -1 --separate-stderr ingest "$BATS_TEST_TMPDIR/t"
	[[ "$stderr" == *"field 'b.ts' looks like one: try -t b.ts" ]]
}

@test "hint: names and file names from the data reach stderr escaped; the -t given is one word for sh" {
	# An OSC sequence and a bidi override in a field name, and an SGR
	# in a file name, are shown as the escapes sluice(7) names.
	printf 'a,Xtime\033]0;pwned\007\n1,2024-01-01T00:00:00Z\n' > "$BATS_TEST_TMPDIR/osc.csv"
	run -1 --separate-stderr ingest -f csv "$BATS_TEST_TMPDIR/osc.csv"
	assert_eq "$stderr" "ingest: $BATS_TEST_TMPDIR/osc.csv: no record of the first 1 has a time; field 'Xtime\x1b]0;pwned\x07' looks like one: try -t 'Xtime\x1b]0;pwned\x07'"
	printf '{"a":1,"Xtime\342\200\256":"2024-01-01T00:00:00Z"}\n' > "$BATS_TEST_TMPDIR/bidi"
	run -1 --separate-stderr ingest "$BATS_TEST_TMPDIR/bidi"
	[[ $stderr == *"field 'Xtime\u202e' looks like one"* ]]
	f=$BATS_TEST_TMPDIR/$(printf 'a\033[31mb').log
	echo 'hello world' > "$f"
	run -1 --separate-stderr ingest -f auto "$f"
	[[ $stderr == *"ingest: $BATS_TEST_TMPDIR/a\x1b[31mb.log: reading as text"* ]]
	run -1 --separate-stderr ingest "$f"
	[[ $stderr == *"$BATS_TEST_TMPDIR/a\x1b[31mb.log: line 1 is not JSON"* ]]
	[[ $stderr != *$'\033'* ]]
	# A name with a quote: the suggestion, given to sh, is that name.
	printf '%s\n' "a,it's time" '1,2024-01-01T00:00:00Z' > "$BATS_TEST_TMPDIR/q.csv"
	run -1 --separate-stderr ingest -f csv "$BATS_TEST_TMPDIR/q.csv"
	t=${stderr##*try -t }
	run -0 sh -c "printf '%s\n' $t"
	assert_eq "$output" "it's time"
	run -0 pipeline "sh -c \"ingest -f csv -t $t '$BATS_TEST_TMPDIR/q.csv'\" | jq -r '.\"@timestamp\"'"
	assert_eq "$output" 2024-01-01T00:00:00.000Z
}

@test "hint: -f ndjson given text says which format it looks like, once" {
	need_data access-logs/elastic-examples-apache/apache_logs
	f=$DATA/access-logs/elastic-examples-apache/apache_logs
	head -5 "$f" > "$BATS_TEST_TMPDIR/access.log"
	run -1 --separate-stderr ingest "$BATS_TEST_TMPDIR/access.log" "$BATS_TEST_TMPDIR/access.log"
	assert_eq "$(printf '%s\n' "$stderr" | grep -c 'not JSON')" 1
	[[ $stderr == *"ingest: $BATS_TEST_TMPDIR/access.log: line 1 is not JSON; it looks like combined: try -f combined"* ]]
	run -1 --separate-stderr ingest "$S/hdfs.log"
	[[ $stderr == *"ingest: $S/hdfs.log: line 1 is not JSON; it looks like log4j: try -f log4j"* ]]
	run -1 --separate-stderr ingest "$S/android.log"
	[[ $stderr == *"ingest: $S/android.log: line 1 is not JSON: try -f auto or -f text"* ]]
}

@test "auto: cri and errorlog are told from their lines; a layout must hold for every line held" {
	F=$BATS_TEST_DIRNAME/fixtures/ingest_formats
	run -0 --separate-stderr ingest -f auto --stats "$F/cri.log"
	assert_eq "$(chosen "$F/cri.log")" cri
	assert_eq "$(stat_of rejected)" 0
	# The same records as -f cri (not syslog with host "stdout").
	assert_eq "$output" "$(ingest -f cri "$F/cri.log")"
	run -0 --separate-stderr ingest -f auto "$F/nginx_error.log"
	assert_eq "$(chosen "$F/nginx_error.log")" errorlog
	# Line 1 is log4j, line 2 is not: text, nothing rejected.
	m=$BATS_TEST_TMPDIR/mixed.log
	printf '%s\n' '2015-07-29 17:41:44,747 INFO [main] org.x.Y: start' \
	    'plain words here' > "$m"
	run -0 --separate-stderr ingest -f auto --stats "$m"
	assert_eq "$(chosen "$m")" text
	assert_eq "$(stat_of rejected)" 0
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 2
}
