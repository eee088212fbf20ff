#!/usr/bin/env bats
# ingest_clf_extra.bats -- clf/combined: X-Forwarded-For lists in the
# host column, and --extra-fields naming the tokens after the last field.
# Oracle: python3 splits the same lines with its own regular
# expressions; the fixtures' lines are written from nginx's and
# ingress-nginx's documentation (fixtures/ingest_clf_extra/*.source).

load helpers

X=$BATS_TEST_DIRNAME/fixtures/ingest_clf_extra
INGRESS=request_length,request_time,proxy_upstream_name,proxy_alternative_upstream_name,upstream_addr,upstream_response_length,upstream_response_time,upstream_status,req_id
APACHE=access-logs/elastic-examples-apache/apache_logs
LNAV=access-logs/lnav

# oracle LOG OUT FORMAT NAMES INFER: check every record of OUT (ingest's
# output, all lines of LOG accepted) against python3's reading of LOG;
# prints "checked N".
oracle() {
	python3 - "$@" <<'EOF'
import json, re, sys

log, out, fmt, names, infer = sys.argv[1:6]
names = names.split(",") if names else []
infer = infer == "1"
Q = r'"((?:[^"\\]|\\.)*)"'
head = re.compile(r'^(.+?) (\S+) (\S+) \[([^\]]+)\] ' + Q + r' (\d+) (\S+)' +
    ((' ' + Q + ' ' + Q) if fmt == "combined" else '') + r'(.*)$')
tok = re.compile(r'\s*(' + Q + r'|\[([^\]]*)\]|([^\s,]+(?:\s*,\s*[^\s,]+|\s+:\s+[^\s,]+)*))')
num = re.compile(r'-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$')

def unq(s):
    return re.sub(r'\\(["\\])', r'\1', s)

def value(s, typed):
    if typed and infer and num.match(s):
        return float(s) if re.search(r'[.eE]', s) else int(s)
    return s

recs = [json.loads(l) for l in open(out)]
lines = [l.rstrip("\n") for l in open(log)]
assert len(recs) == len(lines), (len(recs), len(lines))
for line, rec in zip(lines, recs):
    m = head.match(line)
    assert m, line
    host, ident, user = m.group(1), m.group(2), m.group(3)
    want = {}
    # The host column: [vhost] then a list of addresses.
    parts = re.split(r'\s*,\s*', host)
    if ' ' in parts[0]:
        want["vhost"], parts[0] = parts[0].split(' ')
    want["client"] = parts[0]
    if len(parts) > 1:
        want["forwarded_for"] = parts
    want["ident"] = None if ident == "-" else ident
    want["user"] = None if user == "-" else user
    want["status"] = value(m.group(6), True)
    want["bytes"] = None if m.group(7) == "-" else value(m.group(7), True)
    if fmt == "combined":
        want["user_agent"] = unq(m.group(9))
    rest = m.group(m.lastindex)
    pos = 0
    for name in names:
        t = tok.match(rest, pos)
        if t is None or t.end() == pos:
            break
        pos = t.end()
        if t.group(2) is not None:
            v = unq(t.group(2))
        elif t.group(3) is not None:
            v = value(t.group(3), True)
        else:
            v = value(t.group(4), True)
        if v != "-":
            want[name] = v
    rest = rest[pos:].strip()
    if rest:
        want["extra"] = rest
    for k in names + ["vhost", "forwarded_for", "extra"]:
        assert (k in want) == (k in rec), (k, line, rec)
    for k, v in want.items():
        assert rec[k] == v and type(rec[k]) == type(v), (k, v, rec.get(k), line)
print("checked", len(recs))
EOF
}

@test "xff: one, two and three addresses, with and without blanks, IPv6, vhost, -" {
	f=$X/xff.log
	run -0 --separate-stderr ingest -f combined --stats "$f"
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out"
	assert_eq "$(stat_of records_out)" "$(wc -l < "$f")"
	run -0 oracle "$f" "$BATS_TEST_TMPDIR/out" combined "" 1
	assert_eq "$output" "checked 9"
	# Spelled out: the first address is the client; the list only
	# when there are two or more.
	run -0 pipeline "jq -c '[.client, .forwarded_for]' '$BATS_TEST_TMPDIR/out' | sed -n '1p;3p;5p;8p'"
	assert_eq "$output" '["203.0.113.7",null]
["10.0.0.2",["10.0.0.2","10.0.0.1","127.0.0.1"]]
["192.0.2.43",["192.0.2.43","198.51.100.17","127.0.0.1"]]
["-",null]'
	assert_eq "$(jq -r '.forwarded_for | type' "$BATS_TEST_TMPDIR/out" |
	    sort | uniq -c | tr -s ' ')" " 7 array
 2 null"
	# -f auto takes such a line as combined, and so the same.
	run -0 pipeline "ingest -f auto '$f' | cmp - '$BATS_TEST_TMPDIR/out'"
}

@test "xff: a first column that is not a list of addresses is still rejected" {
	f=$X/bad_host.log
	r=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr ingest -f combined --stats --reject "$r" "$f"
	assert_eq "$output" ""
	assert_eq "$(stat_of rejected)" 5
	assert_eq "$(jq -r '."@error".reason' "$r" | sort -u)" \
	    "expected '[' before the time"
	assert_eq "$(jq -r '."@raw"' "$r")" "$(cat "$f")"
	# One word with commas that are not addresses stays the client,
	# as before.
	run -0 pipeline "sed -n 1p '$X/xff.log' | sed 's/^[^ ]*/a,b/' |
	    ingest -f combined | jq -c '[.client, .forwarded_for]'"
	assert_eq "$output" '["a,b",null]'
}

@test "extra-fields: the ingress-nginx format, every named field and its type" {
	f=$X/ingress.log
	run -0 pipeline "ingest -f combined --extra-fields $INGRESS '$f' > '$BATS_TEST_TMPDIR/out'"
	run -0 oracle "$f" "$BATS_TEST_TMPDIR/out" combined "$INGRESS" 1
	assert_eq "$output" "checked 8"
	# Spelled out for lines 2 and 3: lists stay strings as written.
	run -0 pipeline "sed -n 2,3p '$BATS_TEST_TMPDIR/out' | jq -c '[.request_length, .request_time, .proxy_upstream_name, .proxy_alternative_upstream_name, .upstream_addr, .upstream_status, .req_id]'"
	assert_eq "$output" '[734,0.011,"default-api-svc-8080","","10.244.0.12:8080, 10.244.0.13:8080","502, 200","0d4c1b2a39f8e7d6c5b4a3928171605f"]
[88,0.005,"default-web-80","","10.244.0.30:80 : 10.244.0.20:80","404 : 200","5e6f708192a3b4c5d6e7f8091a2b3c4d"]'
	# "-": no field; too few tokens: no field; too many: extra.
	run -0 pipeline "sed -n 4p '$BATS_TEST_TMPDIR/out' | jq -c '[has(\"upstream_addr\"), has(\"upstream_status\"), .req_id]'"
	assert_eq "$output" '[false,false,"1f2e3d4c5b6a79880796a5b4c3d2e1f0"]'
	run -0 pipeline "sed -n 7p '$BATS_TEST_TMPDIR/out' | jq -c '[.user_agent, .upstream_status, has(\"req_id\"), has(\"extra\")]'"
	assert_eq "$output" '["say \"hi\"",204,false,false]'
	run -0 pipeline "sed -n 8p '$BATS_TEST_TMPDIR/out' | jq -c '[.req_id, .extra]'"
	assert_eq "$output" '["ffeeddccbbaa99887766554433221100","\"tenant a\" edge-7"]'
}

@test "extra-fields: --no-infer keeps strings; quoted and bracketed tokens" {
	f=$X/ingress.log
	run -0 pipeline "ingest -f combined --no-infer --extra-fields $INGRESS '$f' > '$BATS_TEST_TMPDIR/out'"
	run -0 oracle "$f" "$BATS_TEST_TMPDIR/out" combined "$INGRESS" 0
	assert_eq "$output" "checked 8"
	assert_eq "$(jq -r '[.request_length, .request_time] | map(type) | join(" ")' "$BATS_TEST_TMPDIR/out" | sort -u)" "string string"
	# Quoted tokens unescaped as the request is, brackets dropped.
	cat > "$BATS_TEST_TMPDIR/q.log" <<'EOF'
1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "c" "a \"b\" c" [x y] 7
EOF
	run -0 pipeline "ingest -f combined --extra-fields q,b,n '$BATS_TEST_TMPDIR/q.log' | jq -c '[.q, .b, .n]'"
	assert_eq "$output" '["a \"b\" c","x y",7]'
}

@test "extra-fields: clf names the tokens after the byte count" {
	run -0 pipeline "head -4 '$X/ingress.log' | sed 's/ \"[^\"]*\" \"[^\"]*\"//' > '$BATS_TEST_TMPDIR/clf.log'"
	f=$BATS_TEST_TMPDIR/clf.log
	[ "$(grep -c '"' "$f")" = 4 ]
	run -0 pipeline "ingest -f clf --extra-fields $INGRESS '$f' > '$BATS_TEST_TMPDIR/out'"
	run -0 oracle "$f" "$BATS_TEST_TMPDIR/out" clf "$INGRESS" 1
	assert_eq "$output" "checked 4"
	# -f auto reads these as clf and applies the names too.
	run -0 pipeline "ingest -f auto --extra-fields $INGRESS '$f' | cmp - '$BATS_TEST_TMPDIR/out'"
}

@test "extra-fields: bad names and other formats are errors (exit 2)" {
	run -2 --separate-stderr ingest --extra-fields a /dev/null
	[[ $stderr == *"--extra-fields goes with -f clf, combined or auto"* ]]
	run -2 --separate-stderr ingest -f csv --extra-fields a /dev/null
	[[ $stderr == *"--extra-fields goes with"* ]]
	run -2 --separate-stderr ingest -f combined --extra-fields a,,b /dev/null
	[[ $stderr == *"an empty name"* ]]
	run -2 --separate-stderr ingest -f combined --extra-fields a,b,a /dev/null
	[[ $stderr == *"'a' is given twice"* ]]
	run -2 --separate-stderr ingest -f combined --extra-fields a,status /dev/null
	[[ $stderr == *"'status' is a field of clf and combined already"* ]]
	run -2 --separate-stderr ingest -f clf --extra-fields @x /dev/null
	[[ $stderr == *"begins with '@'"* ]]
	run -0 --separate-stderr ingest --help
	[[ $output == *"--extra-fields LIST"* ]]
}

# main.sha256: the output of main before this change (d78d93a, built
# in a temporary folder), the sha256 of "ingest -f FORMAT FILE" with
# stderr and exit status, run in the data folder.  Without
# --extra-fields it must not change.
@test "without --extra-fields the access logs read byte for byte as before" {
	need_data "$APACHE" "$LNAV/logfile_access_log.0" "$LNAV/logfile_bad_access_log.0"
	while read -r sum fmt file; do
		run -0 pipeline "cd '$DATA' && { ingest -f $fmt '$file' 2>&1;
		    echo exit \$?; } | sha256sum | cut -d' ' -f1"
		assert_eq "$fmt $file $output" "$fmt $file $sum"
	done < "$X/main.sha256"
}
