#!/usr/bin/env bats
# ingest_w3c.bats -- ingest -f w3c (W3C extended, as IIS writes it) and
# -f haproxy.  The w3c fixture and most haproxy lines are written from
# each format's documentation (fixtures/ingest_w3c/w3c.source); the
# real HAProxy lines are lnav's samples in ../shared/data.  Oracles:
# python3 splits the raw lines on its own; jq reads the output.

load helpers

F=$BATS_TEST_DIRNAME/fixtures/ingest_w3c
SAMPLES=lnav-format-samples/lnav-format-samples.ndjson

# The records python3 makes of the w3c file $1: each data line under
# the last #Fields, "-" null, integers numbers, date and time as
# @timestamp; one JSON object a line, keys sorted.
w3c_oracle() {
	python3 -c 'import json, re, sys
names = None
for line in open(sys.argv[1], newline="").read().split("\r\n"):
    if not line:
        continue
    if line.startswith("#"):
        if line.startswith("#Fields:"):
            names = line[8:].split()
        continue
    vals = line.split()
    rec = {}
    for k, v in zip(names, vals):
        if k in ("date", "time"):
            continue
        rec[k] = None if v == "-" else int(v) if re.fullmatch(r"-?\d+", v) else v
    d = dict(zip(names, vals))
    rec["@timestamp"] = d["date"] + "T" + d["time"] + ".000Z"
    print(json.dumps(rec, sort_keys=True, separators=(",", ":")))' "$1"
}

# The same for HAProxy lines in file $1 (a regular expression of the
# manual's field tables): every field but the prefix's facility,
# severity and syslog_time; one JSON object a line, keys sorted.
haproxy_oracle() {
	python3 -c 'import datetime, json, re, sys
pre = re.compile(r"(?:<\d+>)?[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\S+) (\S+)\[(\d+)\]: ")
head = re.compile(r"(\S+):(\d+) \[([^\]]+)\] ")
err = re.compile(r"([^/ ]+)/(\S+): (.*)")
http = re.compile(r"(\S+?)(~?) (\S+?)/(\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)(?: \{(.*?)\})?(?: \{(.*?)\})? \"(.*)\"$")
tcp = re.compile(r"(\S+?)(~?) (\S+?)/(\S+) (\S+) (\S+) (\S+) (\S+) (\S+)$")
def num(v, r, flag):
    if v.startswith("+"):
        r[flag] = True
        v = v[1:]
    return int(v)
def nums(keys, word, r, flag):
    for k, v in zip(keys, word.split("/")):
        r[k] = num(v, r, flag) if k == keys[-1] else int(v)
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    r = {}
    m = pre.match(line)
    if m:
        r.update(host=m[1], process_name=m[2], pid=int(m[3]))
        line = line[m.end():]
    m = head.match(line)
    r.update(client_ip=m[1], client_port=int(m[2]))
    t = datetime.datetime.strptime(m[3], "%d/%b/%Y:%H:%M:%S.%f")
    r["@timestamp"] = t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
    line = line[m.end():]
    if (m := err.fullmatch(line)):
        r.update(frontend_name=m[1], bind_name=m[2], message=m[3])
    elif (m := http.match(line)):
        r.update(frontend_name=m[1], backend_name=m[3], server_name=m[4])
        if m[2]: r["ssl"] = True
        nums(["TR", "Tw", "Tc", "Tr", "Ta"], m[5], r, "logasap")
        r["status_code"] = int(m[6])
        r["bytes_read"] = num(m[7], r, "logasap")
        r["captured_request_cookie"] = None if m[8] == "-" else m[8]
        r["captured_response_cookie"] = None if m[9] == "-" else m[9]
        r["termination_state"] = m[10]
        nums(["actconn", "feconn", "beconn", "srv_conn", "retries"], m[11], r, "redispatched")
        nums(["srv_queue", "backend_queue"], m[12], r, "")
        if m[13] is not None: r["captured_request_headers"] = m[13]
        if m[14] is not None: r["captured_response_headers"] = m[14]
        r["http_request"] = m[15]
        p = m[15].split(" ")
        ok = len(p) == 3 and p[2].startswith("HTTP/")
        r.update(method=p[0] if ok else None, path=p[1] if ok else None, protocol=p[2] if ok else None)
    else:
        m = tcp.match(line)
        r.update(frontend_name=m[1], backend_name=m[3], server_name=m[4])
        if m[2]: r["ssl"] = True
        nums(["Tw", "Tc", "Tt"], m[5], r, "logasap")
        r["bytes_read"] = num(m[6], r, "logasap")
        r["termination_state"] = m[7]
        nums(["actconn", "feconn", "beconn", "srv_conn", "retries"], m[8], r, "redispatched")
        nums(["srv_queue", "backend_queue"], m[9], r, "")
    print(json.dumps(r, sort_keys=True, separators=(",", ":")))' "$1"
}

# ingest's records with the keys sorted, the prefix fields left out.
sorted() {
	jq -S -c 'del(.facility, .severity, .syslog_time)'
}

@test "w3c: two header blocks, directives skipped, each line under its own #Fields (python)" {
	run -0 --separate-stderr ingest -f w3c --stats "$F/w3c.log"
	[[ $stderr == *"lines_in=14 records_out=6 rejected=0 no_time=0 skipped=8"* ]]
	assert_eq "$(printf '%s\n' "$output" | jq -S -c .)" "$(w3c_oracle "$F/w3c.log")"
	# Names as written, in the file's order, @timestamp in place of
	# date and time; '+' kept; a query string kept whole.
	assert_eq "$(printf '%s\n' "$output" | sed -n 4p | jq -r 'keys_unsorted | join(" ")')" \
	    "@timestamp s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"
	assert_eq "$(printf '%s\n' "$output" | sed -n 4p | jq -c '[."cs(User-Agent)", ."cs-uri-query", ."cs-username", ."time-taken"]')" \
	    '["Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)","id=17&expand=items",null,46]'
}

@test "w3c: --no-infer keeps integers as strings; #Date gives the date without a date column; a quoted value is one" {
	run -0 ingest -f w3c --no-infer "$F/w3c.log"
	assert_eq "$(printf '%s\n' "$output" | head -1 | jq -c '[."sc-status", ."s-port"]')" '["200","80"]'
	printf '%s\n' '#Version: 1.0' '#Date: 2024-03-01 00:00:00' \
	    '#Fields: time c-ip cs(User-Agent) sc-status' \
	    '23:59:59.25 10.0.0.1 "Mozilla/5.0 (X11)" 200' > "$BATS_TEST_TMPDIR/in"
	run -0 ingest -f w3c "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"@timestamp":"2024-03-01T23:59:59.250Z","c-ip":"10.0.0.1","cs(User-Agent)":"Mozilla/5.0 (X11)","sc-status":200}'
}

@test "w3c: another number of fields, a data line before #Fields and a bad time are rejected, saying why" {
	{
		echo '2002-05-02 17:42:15 172.22.255.255 GET / 200'
		head -4 "$F/w3c.log"
		echo '2002-05-02 17:42:15 172.22.255.255 - 172.30.255.255 80 GET /a.htm - 200'
		echo '2002-05-02 25:42:15 172.22.255.255 - 172.30.255.255 80 GET /a.htm - 200 x'
		sed -n 5p "$F/w3c.log"
	} > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr ingest -f w3c --stats --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 1
	assert_eq "$(jq -r '."@error".reason' "$BATS_TEST_TMPDIR/rej")" \
	    "$(printf '%s\n' 'a data line before any #Fields directive' \
	    'row has 10 fields, #Fields has 11' \
	    "bad time '25:42:15' (expected hh:mm:ss)")"
	# The rejected lines are given back whole, the CR included.
	assert_eq "$(jq -r '."@raw"' "$BATS_TEST_TMPDIR/rej" | sed -n 2p)" \
	    "$(sed -n 6p "$BATS_TEST_TMPDIR/in")"
	assert_accounted
}

@test "w3c: --state resumed after the second header keeps that header's names" {
	cp /dev/null "$BATS_TEST_TMPDIR/a.log"
	head -13 "$F/w3c.log" > "$BATS_TEST_TMPDIR/a.log"
	run -0 ingest -f w3c --state "$BATS_TEST_TMPDIR/st" "$BATS_TEST_TMPDIR/a.log"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 5
	sed -n 14p "$F/w3c.log" >> "$BATS_TEST_TMPDIR/a.log"
	run -0 ingest -f w3c --state "$BATS_TEST_TMPDIR/st" "$BATS_TEST_TMPDIR/a.log"
	assert_eq "$(printf '%s\n' "$output" | jq -S -c .)" "$(w3c_oracle "$F/w3c.log" | tail -1)"
	# Resumed inside the first block, the second block's #Fields still
	# replaces the first when it comes.
	rm -f "$BATS_TEST_TMPDIR/st2"
	head -6 "$F/w3c.log" > "$BATS_TEST_TMPDIR/b.log"
	run -0 ingest -f w3c --state "$BATS_TEST_TMPDIR/st2" "$BATS_TEST_TMPDIR/b.log"
	sed -n '7,$p' "$F/w3c.log" >> "$BATS_TEST_TMPDIR/b.log"
	run -0 ingest -f w3c --state "$BATS_TEST_TMPDIR/st2" "$BATS_TEST_TMPDIR/b.log"
	assert_eq "$(printf '%s\n' "$output" | jq -S -c .)" "$(w3c_oracle "$F/w3c.log" | tail -4)"
}

@test "w3c: -f auto reads a file that opens with a directive as w3c, and says so" {
	run -0 --separate-stderr ingest -f auto --stats "$F/w3c.log"
	[[ $stderr == *"reading as w3c"* ]]
	[[ $stderr == *"records_out=6 rejected=0"*"format=w3c"* ]]
	assert_eq "$(printf '%s\n' "$output" | jq -S -c .)" "$(w3c_oracle "$F/w3c.log")"
	# Only those directives: another '#' line 1 is not w3c.
	{ echo '#Comment: x'; sed -n '4,$p' "$F/w3c.log"; } > "$BATS_TEST_TMPDIR/c.log"
	run -0 --separate-stderr ingest -f auto "$BATS_TEST_TMPDIR/c.log"
	[[ $stderr != *"reading as w3c"* ]]
}

@test "haproxy: the manual's HTTP, TCP and error lines, with and without the syslog prefix (python)" {
	run -0 --separate-stderr ingest -f haproxy --year 2009 --stats "$F/haproxy.log"
	[[ $stderr == *"records_out=6 rejected=0"* ]]
	assert_eq "$(printf '%s\n' "$output" | sorted)" "$(haproxy_oracle "$F/haproxy.log")"
	# The prefix: its time with --year, a PRI's facility and severity.
	assert_eq "$(printf '%s\n' "$output" | sed -n 1p | jq -r .syslog_time)" 2009-02-06T12:14:14.000Z
	assert_eq "$(printf '%s\n' "$output" | sed -n 6p | jq -c '[.facility, .severity]')" '["local0","info"]'
	# HTTP and TCP are told apart by their timers; -1 stays -1.
	assert_eq "$(printf '%s\n' "$output" | jq -c '[.Ta, .Tt, .Tc, .status_code]' | sed -n '1,4p')" \
	    "$(printf '%s\n' '[109,null,30,200]' '[null,5007,0,null]' '[50001,null,-1,408]' '[null,3001,-1,null]')"
	assert_eq "$(printf '%s\n' "$output" | sed -n 3p | jq -c '[.logasap, .redispatched, .retries, .bytes_read]')" '[true,true,2,212]'
}

@test "haproxy: lnav's real samples: traffic and error lines are connections, other lines messages (python)" {
	need_data "$SAMPLES"
	jq -r 'select(.format == "haproxy_log") | .line' "$DATA/$SAMPLES" > "$BATS_TEST_TMPDIR/in"
	run -0 --separate-stderr ingest -f haproxy --year 2019 --stats "$BATS_TEST_TMPDIR/in"
	[[ $stderr == *"records_out=6 rejected=0"* ]]
	grep -E '\[[0-9]{2}/' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/traffic"
	assert_eq "$(printf '%s\n' "$output" | grep client_ip | sorted)" "$(haproxy_oracle "$BATS_TEST_TMPDIR/traffic")"
	# The others ("Proxy prod_http_in started."): the prefix, its time
	# and the message (python splits them).
	grep -vE '\[[0-9]{2}/' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/msgs"
	assert_eq "$(printf '%s\n' "$output" | grep -v client_ip | jq -S -c 'del(.facility, .severity)')" \
	    "$(python3 -c 'import datetime, json, re, sys
for l in open(sys.argv[1]):
    m = re.match(r"(\w{3} [ \d]\d \d\d:\d\d:\d\d) (\S+) (\S+)\[(\d+)\]: (.*)$", l.rstrip("\n"))
    t = datetime.datetime.strptime("2019 " + m.group(1), "%Y %b %d %H:%M:%S").strftime("%Y-%m-%dT%H:%M:%S.000Z")
    print(json.dumps({"syslog_time": t, "host": m.group(2), "process_name": m.group(3),
        "pid": int(m.group(4)), "@timestamp": t, "message": m.group(5)}, sort_keys=True, separators=(",", ":")))' "$BATS_TEST_TMPDIR/msgs")"
	# A line with no syslog prefix that is no connection is rejected.
	printf '%s\n' 'Proxy www started.' > "$BATS_TEST_TMPDIR/bare"
	run -1 --separate-stderr ingest -f haproxy "$BATS_TEST_TMPDIR/bare"
	[[ $stderr == *"bare:1: column 1: expected client_ip:client_port"* ]]
}

@test "haproxy: without --year the syslog prefix takes the year nearest to the accept_date's" {
	cd "$BATS_TEST_TMPDIR"
	{
		echo 'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0'
		# Across New Year: the prefix is a second before the accept.
		echo 'Dec 31 23:59:59 localhost haproxy[14389]: 10.0.1.2:33317 [01/Jan/2010:00:00:00.100] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0'
	} > in
	# The file's own time is of another year.
	touch -d '2026-06-01 UTC' in
	run -0 ingest -f haproxy in
	# Oracle: python, the prefix's month, day and time in each year
	# around the accept_date's, the nearest.
	want=$(python3 - in <<-'PY'
	import datetime as d, re, sys
	for l in open(sys.argv[1]):
	    pre, acc = re.match(r"(\w+ +\d+ [\d:]+) .*?\[(\d\d/\w+/\d{4}:[^\]]+)\]", l).groups()
	    a = d.datetime.strptime(acc, "%d/%b/%Y:%H:%M:%S.%f")
	    c = [d.datetime.strptime("%d %s" % (y, pre), "%Y %b %d %H:%M:%S") for y in (a.year - 1, a.year, a.year + 1)]
	    print(min(c, key=lambda t: abs(t - a)).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
	PY
	)
	assert_eq "$(printf '%s\n' "$output" | jq -r .syslog_time)" "$want"
	# With --year, that year.
	run -0 ingest -f haproxy --year 2011 in
	assert_eq "$(printf '%s\n' "$output" | jq -r .syslog_time | cut -c1-4 | paste -sd' ')" '2011 2011'
	# A line rejected (its accept_date of 2030 taken, then no backend)
	# moves the year of no line after it.
	{
		head -1 in
		echo 'Feb  6 12:15:00 localhost haproxy[1]: Proxy www started.'
		echo 'Feb  6 12:16:00 localhost haproxy[1]: 10.0.1.2:1 [06/Feb/2030:12:16:00.000] garbage'
		echo 'Feb  6 12:17:00 localhost haproxy[1]: Proxy www stopped.'
	} > rej.log
	run -1 --separate-stderr ingest -f haproxy rej.log
	assert_eq "$(printf '%s\n' "$output" | jq -r '."@timestamp"' | cut -c1-4 | paste -sd' ')" '2009 2009 2009'
}

@test "haproxy: a malformed line is rejected, saying what was expected" {
	{
		echo '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"'
		echo '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/x/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"'
		echo '10.0.1.2:33317 [06/Foo/2009:12:14:14.655] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0'
		echo '10.0.1.2:33317 [06/Feb/2009:12:14:14.655] fnt bck/srv1 0/0/5007 212 -- 0/0/0/3 0/0'
		echo 'hello world'
	} > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr ingest -f haproxy --stats --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" ""
	assert_eq "$(jq -r '."@error".reason' "$BATS_TEST_TMPDIR/rej")" \
	    "$(printf '%s\n' 'expected the timers TR/Tw/Tc/Tr/Ta (HTTP) or Tw/Tc/Tt (TCP)' \
	    "expected the timers TR/Tw/Tc/Tr/Ta as 5 numbers separated by '/', not '10/0/30/x/109'" \
	    "bad accept_date '06/Foo/2009:12:14:14.655' (expected 06/Feb/2009:12:14:14.655)" \
	    "expected actconn/feconn/beconn/srv_conn/retries as 5 numbers separated by '/', not '0/0/0/3'" \
	    'expected client_ip:client_port [accept_date], with or without a syslog prefix')"
	assert_accounted
}

@test "haproxy: -f auto takes a file of haproxy lines as haproxy, its messages among them; mixed with another program's lines, syslog" {
	run -0 --separate-stderr ingest -f auto --stats "$F/haproxy.log"
	[[ $stderr == *"reading as haproxy"* ]]
	[[ $stderr == *"records_out=6 rejected=0"*"format=haproxy"* ]]
	need_data "$SAMPLES"
	jq -r 'select(.format == "haproxy_log") | .line' "$DATA/$SAMPLES" > "$BATS_TEST_TMPDIR/in"
	# lnav's real sample opens with three of haproxy's messages: the
	# connections after them tell it.
	run -0 --separate-stderr ingest -f auto --stats "$BATS_TEST_TMPDIR/in"
	[[ $stderr == *"reading as haproxy"* ]]
	[[ $stderr == *"records_out=6 rejected=0"* ]]
	# Its messages alone, or among another program's lines: syslog.
	grep -vE '\[[0-9]{2}/' "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/msgs"
	{ cat "$BATS_TEST_TMPDIR/in"; echo 'Feb 26 23:20:00 192.168.8.2 sshd[9]: Accepted key'; } > "$BATS_TEST_TMPDIR/mixed"
	for f in msgs mixed; do
		run -0 --separate-stderr ingest -f auto "$BATS_TEST_TMPDIR/$f"
		[[ $stderr == *"reading as syslog"* ]]
	done
}

@test "w3c, haproxy: named in the error for an unknown format and in --help" {
	run -2 ingest -f nosuchformat /dev/null
	[[ $output == *"elb, w3c, haproxy; bundled:"* ]]
	run -0 ingest --help
	[[ $output == *"glog, elb, w3c, haproxy"* ]]
}
