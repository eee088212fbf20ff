#!/usr/bin/env bats
# ingest_formats.bats -- ingest -f cri, errorlog, log4j, glog.
# Real lines come from ../shared/data (lnav's format samples); the
# others are fixtures written from each format's documentation (see
# fixtures/ingest_formats/*.source).  Oracles: python3 splits the raw
# lines on its own; jq reads the output.

load helpers

F=$BATS_TEST_DIRNAME/fixtures/ingest_formats
SAMPLES=lnav-format-samples/lnav-format-samples.ndjson

# The sample lines of lnav format $1, one a line, into file $2.
samples() {
	jq -r --arg f "$1" 'select(.format == $f) | .line' \
	    "$DATA/$SAMPLES" > "$2"
}

# Run python3 code $1 over file $2 (python3 is the oracle).
oracle() {
	python3 -c "$1" "$2"
}

@test "cri: full, partial and interleaved lines, as CRI writes them" {
	run -0 --separate-stderr ingest -f cri --stats "$F/cri.log"
	# Six lines: the P line is joined to the next stdout line.
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 5
	[[ "$stderr" == *"records_out=5 rejected=0"*"continuation_lines=1"* ]]
	o=$(printf '%s\n' "$output" | jq -c 'select(.stream == "stdout")' | head -1)
	assert_eq "$(jq -r .message <<<"$o")" "log content 1 and its end"
	assert_eq "$(jq -r '."@timestamp"' <<<"$o")" 2016-10-06T00:17:09.669794202Z
	assert_eq "$(jq -r .logtag <<<"$o")" F
	# Every message equals the text after the third space (python).
	want=$(oracle 'import sys
for l in open(sys.argv[1]).read().split("\n")[3:6]:
    print(l.split(" ", 3)[3] if l.count(" ") >= 3 else "")' "$F/cri.log")
	assert_eq "$(printf '%s\n' "$output" | sed -n '3,5p' | jq -r .message)" "$want"
	# A zone other than Z is converted; a tag list is kept.
	assert_eq "$(printf '%s\n' "$output" | tail -1 | jq -c '[."@timestamp", .logtag]')" \
	    '["2019-05-07T10:00:02.500Z","F:x"]'
}

@test "cri: a line joined past --max-line drops its later parts, flagged, every line counted" {
	cd "$BATS_TEST_TMPDIR"
	# 30 parts of 1000 bytes, then the end; the limit takes 10 parts.
	python3 -c '
for i in range(30):
    print("2019-01-01T00:00:00.%06dZ stdout P %s" % (i, chr(97 + i % 26) * 1000))
print("2019-01-01T00:00:01Z stdout F end")
print("2019-01-01T00:00:02Z stdout F next")' > p.log
	run -0 --separate-stderr ingest -f cri --max-line 10500 --stats p.log
	[[ "$stderr" == *"lines_in=32 records_out=2 rejected=0"* ]]
	# The message is the first 10 parts whole (python joins them).
	want=$(python3 -c 'print("".join(chr(97 + i % 26) * 1000 for i in range(10)))')
	assert_eq "$(printf '%s\n' "$output" | head -1 | jq -r .message)" "$want"
	assert_eq "$(printf '%s\n' "$output" | jq -c '[.truncated, .logtag]' | paste -sd' ')" \
	    '[true,"F"] [null,"F"]'
	# Without the limit the whole line is one record of 30,003 bytes.
	run -0 ingest -f cri p.log
	assert_eq "$(printf '%s\n' "$output" | head -1 | jq '.message | length')" 30003
}

@test "cri: a partial line cut by the end of the file is written, P" {
	printf '%s\n' '2024-01-01T00:00:00Z stdout P half' |
	    ingest -f cri > "$BATS_TEST_TMPDIR/o"
	assert_eq "$(jq -c '[.logtag, .message]' "$BATS_TEST_TMPDIR/o")" '["P","half"]'
}

@test "cri: a line that is not CRI is rejected with the held lines" {
	printf '%s\n' '2024-01-01T00:00:00Z stdout P a' 'stdout F b' \
	    '2024-01-01T00:00:01Z stdout F c' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr ingest -f cri --reject "$BATS_TEST_TMPDIR/r" \
	    "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"@timestamp":"2024-01-01T00:00:01.000Z","stream":"stdout","logtag":"F","message":"c"}'
	assert_eq "$(jq -r '."@error".reason' "$BATS_TEST_TMPDIR/r")" \
	    "expected an RFC 3339 time"
	assert_eq "$(jq -r '."@raw"' "$BATS_TEST_TMPDIR/r")" \
	    "$(head -2 "$BATS_TEST_TMPDIR/in")"
	# The column points into @raw at the bad line, the third: its
	# first byte comes after the two held lines and their newlines.
	printf '%s\n' '2016-10-06T00:17:09Z stdout P a1' \
	    '2016-10-06T00:17:09Z stderr P b1' 'x stdout F z' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr ingest -f cri --reject "$BATS_TEST_TMPDIR/r" \
	    "$BATS_TEST_TMPDIR/in"
	col=$(jq '."@error".column' "$BATS_TEST_TMPDIR/r")
	assert_eq "$col" "$(head -2 "$BATS_TEST_TMPDIR/in" | wc -c | awk '{ print $1 + 1 }')"
	assert_eq "$(jq -r '."@raw"' "$BATS_TEST_TMPDIR/r" | tail -c +"$col")" 'x stdout F z'
	assert_eq "$(jq '."@error".line' "$BATS_TEST_TMPDIR/r")" 1
}

@test "cri: a line cut after the time or the stream: the column is within the line" {
	printf '%s\n' '2019-06-14T10:40:20.9' '2019-06-14T10:40:20.9 stdout' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr ingest -f cri "$BATS_TEST_TMPDIR/in"
	# The column after the last byte of each line (awk's length + 1).
	want=$(awk -v f="$BATS_TEST_TMPDIR/in" '{ printf "ingest: %s:%d: column %d\n", f, NR, length($0) + 1 }' "$BATS_TEST_TMPDIR/in")
	assert_eq "$(printf '%s\n' "$stderr" | sed 's/\(column [0-9]*\):.*/\1/')" "$want"
}

@test "formats: an unknown format is an error that lists the new ones" {
	run -2 ingest -f nosuchformat /dev/null
	[[ "$output" == *"cri, errorlog"* ]]
}

@test "errorlog: lnav's Apache samples, fields checked by python" {
	need_data "$SAMPLES"
	samples error_log "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr ingest -f errorlog --stats "$BATS_TEST_TMPDIR/in"
	# Five Apache lines; the sixth is CUPS's, not Apache's.
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 5
	[[ "$stderr" == *"in:1: column 1: expected a time such as"* ]]
	want=$(oracle 'import re, sys
for l in open(sys.argv[1]):
    m = re.match(r"\[([^]]*)\] \[(?:([^]:]*):)?([^]]*)\](?: \[pid (\d+)(?::tid (\d+))?\])?(?: \[client ([^]]*)\])? (.*)", l.rstrip("\n"))
    if m: print("|".join(x or "" for x in m.groups()[1:]))' "$BATS_TEST_TMPDIR/in")
	got=$(printf '%s\n' "$output" | jq -r '[.module, .level, .pid, .tid, .client, .message] | map(. // "" | tostring) | join("|")')
	assert_eq "$got" "$want"
	assert_eq "$(printf '%s\n' "$output" | sed -n 1p | jq -r '."@timestamp"')" \
	    2017-04-04T06:18:29.712806Z
	assert_eq "$(printf '%s\n' "$output" | sed -n 3p | jq -r '."@timestamp"')" \
	    2013-01-17T02:42:49.000Z
}

@test "errorlog: nginx lines and the context nginx appends" {
	run -0 ingest -f errorlog --tz +02:00 "$F/nginx_error.log"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 4
	assert_eq "$(printf '%s\n' "$output" | head -1 | jq -c '[."@timestamp", .level, .pid, .tid, .connection, .client, .server, .request, .host, .referrer]')" \
	    '["2023-08-20T08:12:13.000Z","error",1234,1234,99,"10.0.0.1","localhost","GET /favicon.ico HTTP/1.1","example.com","http://example.com/"]'
	# The message is what precedes ", client: " (python).
	want=$(oracle 'import sys
for l in open(sys.argv[1]):
    m = l.rstrip("\n").split(": ", 1)[1]
    if m.startswith("*"): m = m.split(" ", 1)[1]
    print(m.split(", client: ")[0])' "$F/nginx_error.log" | head -3)
	assert_eq "$(printf '%s\n' "$output" | head -3 | jq -r .message)" "$want"
	assert_eq "$(printf '%s\n' "$output" | sed -n 3p | jq -r .upstream)" \
	    http://10.1.1.1:8080/v1/x
	# A tail that is not all "name: value" stays in the message.
	assert_eq "$(printf '%s\n' "$output" | tail -1 | jq -c '[.client, .message]')" \
	    '[null,"a message, client: 10.0.0.3, and then text that is not the tail"]'
}

@test "log4j: lnav's Java, Hadoop, Spark and Zookeeper samples" {
	need_data "$SAMPLES"
	samples java_log "$BATS_TEST_TMPDIR/in"
	samples zookeeper_log "$BATS_TEST_TMPDIR/zk"
	run -1 --separate-stderr ingest -f log4j "$BATS_TEST_TMPDIR/in"
	o=$BATS_TEST_TMPDIR/o
	printf '%s\n' "$output" > "$o"
	# Every line with a leading time and a level is a record (python).
	want=$(oracle 'import re, sys
lv = "TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE|CRITICAL|NOTICE|CONFIG|FINE|FINER|FINEST"
t = r"(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?|\d\d/\d\d/\d\d \d\d:\d\d:\d\d|\d{6} \d{6})"
n = 0
for l in open(sys.argv[1]):
    m = re.match(r"(?:\[" + t + r"\]|" + t + r")((?: +\S+){0,3}?) +(" + lv + r")( |$)", l)
    if not m: continue
    w = m.group(3).split()
    bare = [x for x in w if not x.startswith("[") and not x.isdigit() and x not in "-|"]
    if len(bare) <= 1 and not any(x.startswith("[") and not x.endswith("]") for x in w): n += 1
print(n)' "$BATS_TEST_TMPDIR/in")
	assert_eq "$(wc -l < "$o")" "$want"
	[ "$want" -ge 15 ]
	grep -F '"logger":"namenode.NameNode","source":"LogAdapter.java:info(51)","message":"registered UNIX signal handlers for [TERM, HUP, INT]"' "$o"
	grep -F '{"@timestamp":"2008-11-11T10:17:35.000Z","pid":26595,"level":"INFO","logger":"dfs.DataNode$PacketResponder","message":"Received block' "$o"
	grep -F '{"@timestamp":"2017-06-09T20:10:52.000Z","level":"INFO","logger":"executor.CoarseGrainedExecutorBackend","message":"Got assigned task 87"}' "$o"
	grep -F '"level":"INFO","thread":"DefaultQuartzScheduler_Worker-5","logger":"com.redhat.rhn.taskomatic.task.ErrataCacheTask","message":"In the queue: 24"}' "$o"
	run -0 ingest -f log4j "$BATS_TEST_TMPDIR/zk"
	assert_eq "$(jq -c '[."@timestamp", .level, .thread]' <<<"$output")" \
	    '["2024-04-23T09:24:31.484Z","INFO","WorkerReceiver[myid=3]:o.a.z.s.q.FastLeaderElection$Messenger$WorkerReceiver@391"]'
	[[ "$(jq -r .message <<<"$output")" == "Notification: my state:FOLLOWING;"* ]]
}

@test "log4j: a stack trace line is rejected, not taken for a record" {
	printf '%s\n' '2024-04-23 09:17:27,871 ERROR [main] a.B: failed' \
	    '	at a.B.run(B.java:10)' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr ingest -f log4j "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"@timestamp":"2024-04-23T09:17:27.871Z","level":"ERROR","thread":"main","logger":"a.B","message":"failed"}'
	[[ "$stderr" == *"in:2: column 1: expected a time"* ]]
}

@test "glog: lnav's samples; a year is inferred from the file's time" {
	need_data "$SAMPLES"
	samples glog_log "$BATS_TEST_TMPDIR/in"
	touch -d 2021-06-01T00:00:00Z "$BATS_TEST_TMPDIR/in"
	run -0 ingest -f glog "$BATS_TEST_TMPDIR/in"
	want=$(oracle 'import re, sys
L = {"I": "INFO", "W": "WARNING", "E": "ERROR", "F": "FATAL"}
for l in open(sys.argv[1]):
    m = re.match(r"([IWEF])(\d{4})?(\d\d)(\d\d) (\d\d:\d\d:\d\d\.\d+) +(\d+) ([^:]+):(\d+)\] (.*)", l.rstrip("\n"))
    y = m.group(2) or "2021"
    print("%s-%s-%sT%sZ|%s|%s|%s|%s|%s" % (y, m.group(3), m.group(4), m.group(5), L[m.group(1)], m.group(6), m.group(7), m.group(8), m.group(9)))' "$BATS_TEST_TMPDIR/in")
	got=$(jq -r '[."@timestamp", .level, .threadid, .file, .line, .message] | map(tostring) | join("|")' <<<"$output")
	assert_eq "$got" "$want"
	# A date after the file's time by more than a day: the year before.
	touch -d 2021-05-01T00:00:00Z "$BATS_TEST_TMPDIR/in"
	run -0 ingest -f glog "$BATS_TEST_TMPDIR/in"
	assert_eq "$(head -1 <<<"$output" | jq -r '."@timestamp"')" 2020-05-17T15:04:22.619632Z
	run -0 ingest -f glog --year 2019 "$BATS_TEST_TMPDIR/in"
	assert_eq "$(head -1 <<<"$output" | jq -r '."@timestamp"')" 2019-05-17T15:04:22.619632Z
	# A line with its own year keeps it.
	assert_eq "$(tail -1 <<<"$output" | jq -r '."@timestamp"')" 2020-03-08T23:47:32.089828Z
}

@test "elb: lnav's ALB and Classic ELB samples, fields checked by python" {
	need_data "$SAMPLES"
	samples alb_log "$BATS_TEST_TMPDIR/alb"
	samples elb_log "$BATS_TEST_TMPDIR/elb"
	cat "$BATS_TEST_TMPDIR/alb" "$BATS_TEST_TMPDIR/elb" > "$BATS_TEST_TMPDIR/in"
	run -0 --separate-stderr ingest -f elb --stats "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"lines_in=10 records_out=10 rejected=0"* ]]
	# python: shlex splits the quoted fields, as AWS documents them.
	want=$(oracle 'import shlex, sys
for l in open(sys.argv[1]):
    w = shlex.split(l)
    alb = w[0] in ("http", "https", "h2", "grpcs", "ws", "wss")
    if alb: w = w[1:]
    c, b = w[2].rsplit(":", 1), w[3].rsplit(":", 1)
    r = w[11].split()
    r = r if len(r) == 3 else [None] * 3
    f = [w[0], w[1], c[0], c[1], b[0], b[1], w[7], w[8], w[9], w[10]] + r + [w[12]]
    print("|".join("None" if x in (None, "-") else x for x in f))' "$BATS_TEST_TMPDIR/in")
	# The time is written back as it was (microseconds, Z).
	got=$(printf '%s\n' "$output" | jq -r '[."@timestamp", .elb, .client_ip, .client_port, .target_ip // .backend_ip, .target_port // .backend_port, .elb_status_code, .target_status_code // .backend_status_code, .received_bytes, .sent_bytes, .request_verb, .request_url, .request_proto, .user_agent] | map(if . == null then "None" else tostring end) | join("|")')
	assert_eq "$got" "$want"
	assert_eq "$(printf '%s\n' "$output" | head -5 | jq -r .type | tr '\n' ' ')" \
	    "http https h2 ws wss "
	assert_eq "$(printf '%s\n' "$output" | sed -n 2p | jq -r .chosen_cert_arn)" \
	    arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012
	assert_eq "$(printf '%s\n' "$output" | sed -n 1p | jq -c '[.request_processing_time, .sent_bytes, .ssl_cipher]')" \
	    '[0,366,null]'
}

@test "elb: a line of the request type alone is rejected at the column after it" {
	printf '%s\n' grpcs 'h2 ' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr ingest -f elb "$BATS_TEST_TMPDIR/in"
	# awk: the length of each line without its trailing blanks, plus one.
	assert_eq "$(printf '%s\n' "$stderr" | sed 's/.*:\([0-9]*\): column \([0-9]*\):.*/\1 \2/')" \
	    "$(awk '{ sub(/ +$/, ""); print NR, length($0) + 1 }' "$BATS_TEST_TMPDIR/in")"
}

@test "elb: -f auto tells ALB and Classic ELB logs by their shape, not syslog or text" {
	need_data "$SAMPLES"
	samples alb_log "$BATS_TEST_TMPDIR/alb"
	samples elb_log "$BATS_TEST_TMPDIR/elb"
	for f in alb elb; do
		run -0 --separate-stderr ingest -f auto --stats "$BATS_TEST_TMPDIR/$f"
		assert_eq "${stderr%%$'\n'*}" "ingest: $BATS_TEST_TMPDIR/$f: reading as elb"
		assert_eq "$output" "$(ingest -f elb "$BATS_TEST_TMPDIR/$f")"
	done
	# One line of another shape among them: not elb, but text (line 1
	# has no syslog tag after its time and name).
	{ head -2 "$BATS_TEST_TMPDIR/elb"; echo '2015-05-13T23:39:43.945958Z host app[1]: not a load balancer'; } > "$BATS_TEST_TMPDIR/mixed"
	run -0 --separate-stderr ingest -f auto "$BATS_TEST_TMPDIR/mixed"
	assert_eq "${stderr%%$'\n'*}" "ingest: $BATS_TEST_TMPDIR/mixed: reading as text"
}
