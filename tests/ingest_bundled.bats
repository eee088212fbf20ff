#!/usr/bin/env bats
# ingest_bundled.bats -- the bundled formats of ingest (-f postgres ...,
# lib/parse/formats/*.fmt) on lnav's samples of each kind, and -f list.
# Oracle: python3 reading the same lines by its own means (splits and
# slices, its datetime for @timestamp), keys sorted by jq on both sides.

load helpers

SAMPLES=lnav-format-samples/lnav-format-samples.ndjson

# The kind of lnav's samples each bundled format reads.
KINDS="postgres:postgres_log redis:redis_log logcat:logcat_log s3:s3_log
dpkg:dpkg_log mysql:mysql_error_log proxifier:proxifier_log"

# samples KIND FILE: the lines of lnav's samples of KIND into FILE.
samples() {
	jq -r --arg k "$1" 'select(.format == $k) | .line' "$DATA/$SAMPLES" > "$2"
}

# oracle FORMAT FILE: what FORMAT makes of each line of FILE, by python.
oracle() {
	python3 - "$1" "$2" <<-'EOF'
	import datetime, json, sys
	fmt, path = sys.argv[1], sys.argv[2]
	def iso(s, f):
	    t = datetime.datetime.strptime(s, f)
	    if t.tzinfo is None:
	        t = t.replace(tzinfo=datetime.timezone.utc)
	    t = t.astimezone(datetime.timezone.utc)
	    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (t.microsecond // 1000) + "Z" \
	        if t.microsecond % 1000 == 0 else t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
	def num(v):
	    return None if v == "-" else int(v)
	def postgres(l):
	    date, clock, rest = l.split(" ", 2)
	    d = {"time": date + " " + clock}
	    if rest[0] in "+-":
	        off, rest = rest.split(" ", 1)
	        rest = " " + rest
	        d["time"] += " " + off
	        ts = iso(d["time"], "%Y-%m-%d %H:%M:%S.%f %z")
	    else:
	        zone = rest.split(" ")[0].split(":")[0]
	        d["zone"], rest = zone, rest[len(zone):]
	        ts = iso(d["time"], "%Y-%m-%d %H:%M:%S.%f" if "." in clock else "%Y-%m-%d %H:%M:%S")
	    if rest.startswith(" [") and rest[2].isdigit():
	        pid, rest = rest[2:].split("]", 1)
	        if "-" in pid:
	            pid, d["line"] = pid.split("-")[0], int(pid.split("-")[1])
	        d["pid"] = int(pid)
	        rest = rest[1:] if rest.startswith(":") else rest
	    for lv in ("LOG:", "WARNING:"):
	        k = rest.find(lv)
	        if k >= 0:
	            break
	    if rest[1:k - 1]:
	        d["prefix"] = rest[1:k - 1]
	    d["level"] = lv[:-1]
	    d["message"] = rest[k + len(lv):].lstrip(" ")
	    d["@timestamp"] = ts
	    return d
	def redis(l):
	    if l.startswith("["):
	        pid, rest = l[1:].split("] ", 1)
	        w = rest.split(" ", 4)
	        t = " ".join(w[:3])
	        # No year: --year 2024 in the test.
	        return {"pid": int(pid), "time": t, "level": w[3], "message": w[4],
	            "@timestamp": iso("2024 " + t, "%Y %d %b %H:%M:%S.%f")}
	    pid, rest = l.split(":", 1)
	    if rest.startswith("signal-handler"):
	        w = rest.split(" ", 2)
	        t = datetime.datetime.fromtimestamp(int(w[1][1:-1]), datetime.timezone.utc)
	        return {"pid": int(pid), "role": w[0], "time": w[1][1:-1], "message": w[2],
	            "@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.000Z")}
	    w = rest.split(" ", 6)
	    t = " ".join(w[1:5])
	    return {"pid": int(pid), "role": w[0], "time": t, "level": w[5], "message": w[6],
	        "@timestamp": iso(t, "%d %b %Y %H:%M:%S.%f")}
	def logcat_fields(l):
	    d = {"time": l[:18]}
	    rest = l[18:].lstrip(" ")
	    if rest[1] == "/":
	        head, d["message"] = rest.split("): ", 1)
	        d["level"], tail = head.split("/", 1)
	        d["tag"], pid = tail.split("(")
	        d["pid"] = int(pid)
	        return d
	    w = rest.split(None, 3)
	    if w[2] not in ("V", "D", "I", "W", "E", "F", "A"):
	        uid = w[0]
	        d["uid"] = int(uid) if uid.isdigit() else uid
	        w = rest[len(uid):].split(None, 3)
	    d["pid"], d["tid"], d["level"] = int(w[0]), int(w[1]), w[2]
	    tag, d["message"] = w[3].split(": ", 1)
	    d["tag"] = tag.rstrip(" ")
	    return d
	def s3(l):
	    q = l.split('"')
	    a = q[0].split(" ")
	    b = q[2].split(" ")
	    keys = ["bucket_owner", "bucket", "time", "remote_ip", "requester",
	        "request_id", "operation", "key"]
	    d = dict(zip(keys, a[:2] + [a[2][1:] + " " + a[3][:-1]] + a[4:9]))
	    d["request_uri"] = q[1]
	    for k, v in zip(["http_status", "error_code", "bytes_sent", "object_size",
	            "total_time", "turn_around_time"], b[1:7]):
	        d[k] = num(v) if k != "error_code" else v
	    d["referer"], d["user_agent"] = q[3], q[5]
	    tail = q[6].split()
	    for k, v in zip(["version_id", "host_id", "signature_version",
	            "cipher_suite", "authentication_type", "host_header",
	            "tls_version"], tail):
	        d[k] = v
	    d["@timestamp"] = iso(d["time"], "%d/%b/%Y:%H:%M:%S %z")
	    return d
	def dpkg(l):
	    w = l.split(" ")
	    d = {"time": w[0] + " " + w[1], "@timestamp": iso(w[0] + " " + w[1], "%Y-%m-%d %H:%M:%S")}
	    if w[2] == "status":
	        d.update(status=w[3], package=w[4], version=w[5])
	    elif w[2] in ("install", "upgrade", "configure", "remove", "purge"):
	        d.update(action=w[2], package=w[3], old_version=w[4], version=w[5])
	    else:
	        d["message"] = " ".join(w[2:])
	    return d
	def mysql(l):
	    t, th, rest = l.split(" ", 2)
	    d = {"time": t, "thread": int(th), "@timestamp": iso(t, "%Y-%m-%dT%H:%M:%S.%fZ")}
	    d["level"], rest = rest[1:].split("] ", 1)
	    if rest.startswith("[MY-"):
	        d["code"], d["subsystem"], rest = rest[1:10], rest[13:].split("] ", 1)[0], rest[13:].split("] ", 1)[1]
	    d["message"] = rest
	    return d
	def logcat(l):
	    d = logcat_fields(l)
	    # No year in the line: --year 2024 in the test.
	    d["@timestamp"] = iso("2024-" + d["time"], "%Y-%m-%d %H:%M:%S.%f")
	    return d
	def proxifier(l):
	    d = {"time": l[1:15], "@timestamp": iso("2024." + l[1:15], "%Y.%m.%d %H:%M:%S")}
	    head, rest = l[17:].split(" - ", 1)
	    if head.endswith(" *64"):
	        head, d["bits"] = head[:-4], 64
	    d["program"] = head
	    hp, d["message"] = rest.split(" ", 1)
	    d["host"], port = hp.rsplit(":", 1)
	    d["port"] = int(port)
	    a = d["message"].split(" ")[0].rstrip(",")
	    if a in ("open", "close", "error"):
	        d["action"] = a
	    return d
	f = globals()[fmt]
	for l in open(path, encoding="utf-8"):
	    print(json.dumps(f(l.rstrip("\n")), ensure_ascii=False, sort_keys=True))
	EOF
}

@test "bundled: each format reads every lnav sample of its kind, as python reads it" {
	need_data "$SAMPLES"
	local kv fmt n
	for kv in $KINDS; do
		fmt=${kv%%:*}
		samples "${kv#*:}" "$BATS_TEST_TMPDIR/$fmt"
		n=$(wc -l < "$BATS_TEST_TMPDIR/$fmt")
		[ "$n" -ge 2 ] || { echo "$fmt: only $n samples" >&2; return 1; }
		# The year of dates written without one (logcat, proxifier).
		run -0 --separate-stderr ingest -f "$fmt" --stats --year 2024 \
		    "$BATS_TEST_TMPDIR/$fmt"
		[[ "$stderr" == *"lines_in=$n records_out=$n rejected=0"* ]] ||
		    { echo "$fmt: $stderr" >&2; return 1; }
		printf '%s\n' "$output" | jq -cS . > "$BATS_TEST_TMPDIR/$fmt.ours"
		oracle "$fmt" "$BATS_TEST_TMPDIR/$fmt" | jq -cS . \
		    > "$BATS_TEST_TMPDIR/$fmt.want"
		assert_same_file "$BATS_TEST_TMPDIR/$fmt.ours" \
		    "$BATS_TEST_TMPDIR/$fmt.want"
	done
}

@test "bundled: each file of lib/parse/formats is built in, text for text" {
	local f
	for f in "$BATS_TEST_DIRNAME"/../lib/parse/formats/*.fmt; do
		run -0 ingest -f list
		[[ "$output" == *"  $(basename "$f" .fmt) "* ]]
		# The bundled format and the file read a line alike.
		printf '2012-02-14 10:44:10 status installed x 1\n' > "$BATS_TEST_TMPDIR/l"
		assert_eq "$(ingest -f "$(basename "$f" .fmt)" -t none \
		    "$BATS_TEST_TMPDIR/l" 2>&1)" \
		    "$(ingest --format-file "$f" -t none "$BATS_TEST_TMPDIR/l" 2>&1)"
	done
}

@test "bundled: -f list names the built-in and the bundled formats" {
	run -0 ingest -f list
	[[ "$output" == *"  combined   Combined Log Format"* ]]
	[[ "$output" == *"  postgres   PostgreSQL stderr log"* ]]
	# Every -f the help names is listed.
	for f in ndjson csv tsv logfmt clf combined syslog journald text \
	    regex cri errorlog log4j glog elb auto; do
		[[ "$output" == *"  $f "* ]] || { echo "no $f" >&2; return 1; }
	done
}

@test "bundled: an unknown -f lists the bundled formats too" {
	run -2 ingest -f nosuch /dev/null
	[[ "$output" == *"unknown format 'nosuch'"* ]]
	[[ "$output" == *"bundled: dpkg, logcat, mysql, postgres, proxifier, redis, s3"* ]]
}

@test "bundled: -t, --time-format and --types override the bundled ones" {
	printf '%s\n' '1:M 29 Aug 2023 13:47:38.984 * ready' > "$BATS_TEST_TMPDIR/in"
	run -0 ingest -f redis "$BATS_TEST_TMPDIR/in"
	assert_eq "$(jq -r '."@timestamp"' <<<"$output")" "2023-08-29T13:47:38.984Z"
	run -0 ingest -f redis -t none "$BATS_TEST_TMPDIR/in"
	assert_eq "$(jq -c 'has("@timestamp")' <<<"$output")" false
	run -0 ingest -f redis -t time --time-format '%d %b %Y %H:%M:%S.%f' \
	    --tz +02:00 "$BATS_TEST_TMPDIR/in"
	assert_eq "$(jq -r '."@timestamp"' <<<"$output")" "2023-08-29T11:47:38.984Z"
	run -0 ingest -f redis --types pid=string "$BATS_TEST_TMPDIR/in"
	assert_eq "$(jq -c .pid <<<"$output")" '"1"'
}

@test "bundled: a bundled -f excludes --regex and --format-file" {
	run -2 ingest -f dpkg --regex '(?<a>.)' /dev/null
	[[ "$output" == *"-f dpkg is a bundled format"* ]]
	run -2 ingest -f dpkg --format-file /dev/null /dev/null
	[[ "$output" == *"-f dpkg is a bundled format"* ]]
	# A later -f of a built-in format takes over.
	run -0 pipeline "printf 'a=1\n' | ingest -f dpkg -f logfmt -t none"
	assert_eq "$output" '{"a":1}'
}

@test "bundled: make install puts the format files in share/sluice/formats" {
	local root=$BATS_TEST_TMPDIR/root
	run -0 env -u MAKEFLAGS -u MAKELEVEL make -s -C "$BATS_TEST_DIRNAME/.." \
	    install DESTDIR="$root" PREFIX=/usr
	assert_eq "$(cd "$root/usr/share/sluice/formats" && ls | tr '\n' ' ')" \
	    "$(cd "$BATS_TEST_DIRNAME/../lib/parse/formats" && ls *.fmt | tr '\n' ' ')"
	# The installed binary reads a bundled format without the tree.
	printf '2012-02-14 10:44:30 status unpacked rsyslog 4.2\n' |
	    "$root/usr/bin/ingest" -f dpkg > "$BATS_TEST_TMPDIR/out"
	assert_eq "$(jq -r .package "$BATS_TEST_TMPDIR/out")" rsyslog
}

@test "bundled: a date without a year takes the year near the file's time, and moves on at New Year" {
	cd "$BATS_TEST_TMPDIR"
	# logcat prints no year.  The file was last written on 2024-01-02:
	# Dec 31 is 2023, the Jan 1 after it 2024.
	printf '%s\n' '12-31 23:59:58.100  1000  1  1 I a: before' \
	    '01-01 00:00:01.200  1000  1  1 I a: after' > lc.log
	touch -d '2024-01-02 12:00:00 UTC' lc.log
	# A July date in a file of June 2023 is July of 2022.
	printf '%s\n' '07-01 10:00:00.000  1000  1  1 I a: july' > jul.log
	touch -d '2023-06-01 12:00:00 UTC' jul.log
	run -0 --separate-stderr ingest -f logcat --concat lc.log jul.log
	# Oracle: for the first date of a file, the latest year that puts it
	# no more than a day after the file's time; then the year nearest
	# to the date before.
	want=$(python3 - <<-'PY'
	import datetime as d
	def first(md, mtime):
	    for y in range(mtime.year + 1, mtime.year - 9, -1):
	        t = d.datetime.strptime(f"{y}-{md}", "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=d.timezone.utc)
	        if t <= mtime + d.timedelta(days=1):
	            return t
	def near(md, prev):
	    c = [d.datetime.strptime(f"{y}-{md}", "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=d.timezone.utc)
	         for y in (prev.year - 1, prev.year, prev.year + 1)]
	    return min(c, key=lambda t: abs(t - prev))
	utc = d.timezone.utc
	a = first("12-31 23:59:58.100", d.datetime(2024, 1, 2, 12, tzinfo=utc))
	b = near("01-01 00:00:01.200", a)
	c = first("07-01 10:00:00.000", d.datetime(2023, 6, 1, 12, tzinfo=utc))
	for t in (a, b, c):
	    print(t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000))
	PY
	)
	assert_eq "$(printf '%s\n' "$output" | jq -r '."@timestamp"')" "$want"
	# --year gives the year; --time-format without one does the same for
	# any field (here an NDJSON one), not 1970.
	run -0 ingest -f logcat --year 2019 lc.log
	assert_eq "$(printf '%s\n' "$output" | jq -r '."@timestamp"' | cut -c1-4 | paste -sd' ')" '2019 2019'
	printf '%s\n' '{"t":"Mar  4 05:06:07"}' > nd.log
	touch -d '2022-12-01 UTC' nd.log
	run -0 ingest -t t --time-format '%b %e %H:%M:%S' nd.log
	assert_eq "$(jq -r '."@timestamp"' <<<"$output")" '2022-03-04T05:06:07.000Z'
}

@test "time formats: alternatives after ||, the first that reads the whole value wins" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' '{"t":"29 Aug 2023 13:47:38.984"}' '{"t":"1693279182"}' \
	    '{"t":"2023/08/29 01:02:03"}' '{"t":"yesterday"}' > in
	run -1 --separate-stderr ingest -t t --time-format \
	    '%d %b %Y %H:%M:%S.%f || %s||%Y/%m/%d %H:%M:%S' in
	# python reads each with the format that fits.
	want=$(python3 -c '
import datetime as d
u = d.timezone.utc
print(d.datetime.strptime("29 Aug 2023 13:47:38.984", "%d %b %Y %H:%M:%S.%f").strftime("%Y-%m-%dT%H:%M:%S.984Z"))
print(d.datetime.fromtimestamp(1693279182, u).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
print(d.datetime.strptime("2023/08/29 01:02:03", "%Y/%m/%d %H:%M:%S").strftime("%Y-%m-%dT%H:%M:%S.000Z"))')
	assert_eq "$(printf '%s\n' "$output" | jq -r '."@timestamp"')" "$want"
	[[ "$stderr" == *"in:4: cannot read time '\"yesterday\"' in field 't'"* ]]
}

@test "time formats: a day of the year (%j) takes --year, and without a year is refused at the start" {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' '{"t":"060 10:00"}' > in
	# Day 60: March 1 of 2023, February 29 of 2024 (python agrees).
	for y in 2023 2024; do
		run -0 ingest -t t --time-format '%j %H:%M' --year "$y" in
		assert_eq "$(jq -r '."@timestamp"' <<<"$output")" \
		    "$(python3 -c "import datetime as d; print((d.datetime($y, 1, 1, 10) + d.timedelta(days=59)).strftime('%Y-%m-%dT%H:%M:%S.000Z'))")"
	done
	run -2 ingest -t t --time-format '%j %H:%M' in
	assert_eq "$output" "ingest: --time-format: a day of the year (%j) needs the year: %Y, %y or --year"
}
