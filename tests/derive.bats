#!/usr/bin/env bats
# derive.bats -- derived fields: ingest --set, fromjson() and tojson(),
# and expressions as the inputs of aggregate -a; jq and python3 are the
# oracles.

load helpers

AUTH=syslog/elastic-examples-auth/auth.log

# Records like a container runtime's: a "log" string that holds JSON or
# plain text, and values of every type in "n".
docker_like() {
	python3 - <<'PY'
import json
rows = [
    (json.dumps({"level": "warn", "ms": 12, "tags": ["a", "b"],
                 "q": "x\"y", "u": "caf\u00e9"}) + "\n", 3),
    ("plain text, not JSON\n", None),
    (" \"only a string\" ", "s"),
    ("[1, {\"z\" : 2.5}]", [1, "a", {"k": None}]),
    ("{\"a\":1} trailing", True),
    ("", {"o": {"p": [False]}}),
    ("null", -0.5),
]
for log, n in rows:
    print(json.dumps({"log": log, "n": n}))
PY
}

@test "derive: --set capture() on a real auth log equals jq's capture" {
	need_data "$AUTH"
	ingest -f syslog --year 2017 "$DATA/$AUTH" > "$BATS_TEST_TMPDIR/in"
	run -0 ingest --set 'ip=capture(message, "from (\\S+) port")' \
	    "$BATS_TEST_TMPDIR/in"
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/got"
	jq -c '.ip = ((.message | capture("from (?<x>\\S+) port").x) // null)' \
	    "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/want")" -eq 7121 ]
	[ "$(jq -c 'select(.ip != null)' "$BATS_TEST_TMPDIR/want" | wc -l)" -gt 1000 ]
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "derive: --set while parsing syslog, in order, each seeing the ones before" {
	need_data "$AUTH"
	run -0 ingest -f syslog --year 2017 \
	    --set 'ip=capture(message, "from (\\S+) port")' \
	    --set 'has_ip=ip != null' --set 'pid=str(pid)' \
	    --set 'app=upper(app)' "$DATA/$AUTH"
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/got"
	ingest -f syslog --year 2017 "$DATA/$AUTH" |
	    jq -c '.ip = ((.message | capture("from (?<x>\\S+) port").x) // null)
		| .has_ip = (.ip != null)
		| .pid = (.pid | if type == "string" then . else tojson end)
		| .app = (.app | if type == "string" then ascii_upcase else null end)' \
	    > "$BATS_TEST_TMPDIR/want"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "derive: fromjson() and tojson() equal jq's, invalid JSON text is null" {
	docker_like > "$BATS_TEST_TMPDIR/in"
	run -0 ingest -t none --set 'payload=fromjson(log)' \
	    --set 'j=tojson(n)' --set 'back=fromjson(tojson(n)) == n' \
	    "$BATS_TEST_TMPDIR/in"
	# The values equal jq's; the bytes of the input are kept as they are.
	jq -c . <<< "$output" > "$BATS_TEST_TMPDIR/got"
	[[ $output == *'"payload":{"level":"warn","ms":12,"tags":["a","b"],"q":"x\"y","u":"caf\u00e9"},"j":"3","back":true}'* ]]
	jq -c '.payload = (.log | try fromjson catch null)
		| .j = (.n | tojson) | .back = true' \
	    "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/want")" -eq 7 ]
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "derive: a derived object is read by the next stage as fields" {
	docker_like > "$BATS_TEST_TMPDIR/in"
	run -0 sh -c 'ingest -t none --set "p=fromjson(log)" "$1" |
	    aggregate -g p.level -a count,sum:p.ms' sh "$BATS_TEST_TMPDIR/in"
	assert_eq "$(jq -c 'select(.count)' <<< "$output")" \
	    "$(printf '%s\n' '{"p.level":null,"count":6,"sum_p.ms":0}' \
		'{"p.level":"warn","count":1,"sum_p.ms":12}')"
}

@test "derive: --set replaces a field in place, null sets null, dotted names are keys" {
	run -0 ingest -t none --set 'a=null' --set 'b=a' --set 'x.y=1' \
	    <<< '{"a":5,"c":{"d":1},"b":2}'
	assert_eq "$output" '{"a":null,"c":{"d":1},"b":null,"x.y":1}'
	run -0 sh -c 'ingest -t none --set "x.y=7" | aggregate -a sum:x.y' \
	    <<< '{"k":1}'
	assert_eq "$(jq -c 'select(.["sum_x.y"])' <<< "$output")" '{"sum_x.y":7}'
}

@test "derive: --set mistakes are usage errors with the column" {
	run -2 ingest --set 'noequals' < /dev/null
	[[ $output == *"--set noequals"*"expected NAME=EXPRESSION"* ]]
	run -2 ingest --set '=1' < /dev/null
	[[ $output == *"expected NAME=EXPRESSION"* ]]
	run -2 ingest --set '@timestamp=1' < /dev/null
	[[ $output == *"reserved"* ]]
	run -2 ingest --set 'a=len(' < /dev/null
	[[ $output == *"column 7"* ]]
	run -2 ingest --set 'a=prev(b)' < /dev/null
	[[ $output == *"prev() cannot be used here"* ]]
	run -2 ingest --set 'a=fromjson()' < /dev/null
	[[ $output == *"fromjson"* ]]
}

@test "derive: a --set that cannot be decided rejects its record, the rest go on" {
	local r=$REPRO/regex-backref-300.ndjson
	need_repro regex-backref-300.ndjson
	{ echo '{"m":"b"}'; cat "$r"; echo '{"m":"ok"}'; } > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr ingest -t none --stats \
	    --set 'k=capture(m, "(a*)*\\1$")' --set 'n=len(m)' \
	    --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	# "b" matches, at its end: k is "", as python's re.search finds.
	assert_eq "$output" "$(printf '%s\n' '{"m":"b","k":"","n":1}' \
	    '{"m":"ok","k":"","n":2}')"
	[[ $stderr == *"records_out=2 rejected=1"* ]]
	jq -e '.["@error"].line == 2
	    and .["@error"].errors[0].path == "k"
	    and (.["@error"].errors[0].message |
		test("^--set k cannot be decided: regular expression: match limit"))
	    and (.["@record"].m | length) > 100
	    and (.["@record"] | has("k") | not)' "$BATS_TEST_TMPDIR/rej"
}

@test "derive: aggregate with expression inputs equals python on a real auth log" {
	need_data "$AUTH"
	ingest -f syslog --year 2017 "$DATA/$AUTH" > "$BATS_TEST_TMPDIR/in"
	run -0 aggregate -g app -a 'count,distinct:capture(message,"from (\\S+) port")=ips' \
	    -a 'mean:(pid >= 2000)=hi,sum:contains(message, "Failed")=failed' \
	    -a 'top2:lower(capture(message, "^(\\w+)"))=words' \
	    "$BATS_TEST_TMPDIR/in"
	jq -c 'select(.app) | .hi |= (. * 1e9 | round)' <<< "$output" \
	    > "$BATS_TEST_TMPDIR/got"
	python3 - "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/want" <<'PY'
import collections, json, re, sys
g = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    s = g.setdefault(r["app"], {"n": 0, "ips": set(), "hi": 0, "f": 0,
                                "w": collections.Counter()})
    s["n"] += 1
    m = re.search(r"from (\S+) port", r["message"])
    if m:
        s["ips"].add(m.group(1))
    if isinstance(r.get("pid"), int) and r["pid"] >= 2000:
        s["hi"] += 1
    s["f"] += "Failed" in r["message"]
    m = re.search(r"^(\w+)", r["message"])
    if m:
        s["w"][m.group(1).lower()] += 1
for app in sorted(g):
    s = g[app]
    top = sorted(s["w"].items(), key=lambda kv: (-kv[1], kv[0]))[:2]
    print(json.dumps({"app": app, "count": s["n"], "ips": len(s["ips"]),
        "hi": round(s["hi"] / s["n"] * 1e9), "failed": s["f"],
        "words": [{"value": v, "count": c} for v, c in top]},
        separators=(",", ":")))
PY
	[ "$(wc -l < "$BATS_TEST_TMPDIR/want")" -eq 9 ]
	diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "derive: aggregate expression inputs in windows, per group, equal jq" {
	local f=$DATA/access-logs/elastic-examples-apache/apache_logs
	need_data access-logs/elastic-examples-apache/apache_logs
	run -0 --separate-stderr sh -c 'ingest -f combined "$1" 2>/dev/null |
	    window --tumbling 6h |
	    aggregate -g method -a "count,sum:(status >= 400)=errors" \
		-a "mean:(bytes / 1024)=kib,max:len(path)=longest"' sh "$f"
	jq -c 'select(.method) | [.["@window"].start, .method, .count,
	    .errors, (.kib | if . == null then null else . * 1e6 | round end),
	    .longest]' <<< "$output" \
	    > "$BATS_TEST_TMPDIR/got"
	ingest -f combined "$f" 2>/dev/null | jq -sc '
	    group_by([(.["@timestamp"] | .[0:11] + (((.[11:13] | tonumber) / 6
		| floor * 6) | tostring | if length == 1 then "0" + . else .
		end) + ":00:00.000Z"), .method])[]
	    | [(.[0]["@timestamp"] | .[0:11] + (((.[11:13] | tonumber) / 6
		| floor * 6) | tostring | if length == 1 then "0" + . else .
		end) + ":00:00.000Z"), .[0].method, length,
	      (map(select(.status >= 400)) | length),
	      (map(select(.bytes != null) | .bytes / 1024)
		| if length == 0 then null else add / length * 1e6 | round end),
	      (map(.path | length) | max)]' > "$BATS_TEST_TMPDIR/want"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/want")" -gt 10 ]
	diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "derive: aggregate --partial then --merge with expression inputs equals one run" {
	docker_like > "$BATS_TEST_TMPDIR/in"
	local spec='count,sum:(n == null)=nulls,distinct:type(fromjson(log))=kinds'
	run -0 aggregate -a "$spec" "$BATS_TEST_TMPDIR/in"
	local one=$output
	run -0 sh -c 'head -3 "$1" | aggregate --partial -a "$2" > "$3/p1";
	    tail -n +4 "$1" | aggregate --partial -a "$2" > "$3/p2";
	    cat "$3/p1" "$3/p2" | aggregate --merge' sh \
	    "$BATS_TEST_TMPDIR/in" "$spec" "$BATS_TEST_TMPDIR"
	assert_eq "$(jq -c 'select(.count)' <<< "$output")" \
	    "$(jq -c 'select(.count)' <<< "$one")"
	assert_eq "$(jq -c 'select(.count)' <<< "$one")" \
	    '{"count":7,"nulls":1,"kinds":4}'
}

@test "derive: -a fields are read as before, expressions only as documented" {
	# "mean:status >= 500=odd" is, as before, the field "status >" named
	# " 500=odd" (checked against main's aggregate when this was written).
	printf '%s\n' '{"status >= 500":3,"a=b":1,"f(x)":2,"status":503}' \
	    '{"status":200,"a=b":2}' > "$BATS_TEST_TMPDIR/in"
	run -0 --separate-stderr aggregate -a 'sum:"a=b",sum:status=s,mean:status >= 500=odd' \
	    -a 'sum:"f(x)"=fx,sum:(status >= 500)=n5' "$BATS_TEST_TMPDIR/in"
	assert_eq "$(jq -c 'select(.s)' <<< "$output")" \
	    '{"sum_\"a=b\"":3,"s":703," 500=odd":null,"fx":2,"n5":1}'
	# No record has the field "status >": aggregate says so.
	assert_eq "$stderr" 'aggregate: mean:status >: no record has field status >'
	run -2 aggregate -a 'distinct:lower(host)' "$BATS_TEST_TMPDIR/in"
	[[ $output == *"an expression needs a name, as in distinct:EXPR=NAME"* ]]
	run -2 aggregate -a 'sum:(a +)=x' "$BATS_TEST_TMPDIR/in"
	[[ $output == *"column"* ]]
	run -2 aggregate -a 'sum:prev(a)=x' "$BATS_TEST_TMPDIR/in"
	[[ $output == *"prev() cannot be used in an input"* ]]
}

@test "derive: an aggregate input that cannot be decided rejects its record" {
	local r=$REPRO/regex-backref-300.ndjson
	need_repro regex-backref-300.ndjson
	{ cat "$r"; echo '{"m":"ok"}'; } > "$BATS_TEST_TMPDIR/in"
	run -1 aggregate -a 'count,count:capture(m, "(a*)*\\1$")=c' \
	    --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	assert_eq "$(jq -c 'select(.count)' <<< "$output")" '{"count":1,"c":1}'
	jq -e '.["@error"].reason |
	    test("^-a capture\\(m, \"\\(a\\*\\)\\*\\\\\\\\1\\$\"\\) cannot be decided: regular expression: match limit")' \
	    "$BATS_TEST_TMPDIR/rej"
}
