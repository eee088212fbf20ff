#!/usr/bin/env bats
# ingest_regex.bats -- ingest -f regex: user-defined formats on PCRE2,
# --types, format files and Fluent Bit's parsers.conf.
# Oracles: python3's re on the same lines, -f combined on the same log,
# grep, date(1) and jq; literal records where the case is small.

load helpers

X=$BATS_TEST_DIRNAME/fixtures/ingest
APACHE=access-logs/elastic-examples-apache/apache_logs

# "line column reason" of each reject in file $1.
rejects() {
	jq -r '."@error" | "\(.line) \(.column) \(.reason)"' "$1"
}

# Each line of file $2 searched for python3 pattern $1: the named groups
# that took part as one JSON object, or nothing; the count of lines not
# matched on fd 3.
py_groups() {
	python3 - "$1" "$2" <<-'EOF'
	import json, re, sys
	pat = re.compile(sys.argv[1])
	with open(sys.argv[2], encoding="utf-8", newline="") as f:
	    lines = f.read().split("\n")
	if lines and lines[-1] == "":
	    lines.pop()
	miss = 0
	for line in lines:
	    m = pat.search(line)
	    if m is None:
	        miss += 1
	        continue
	    d = {k: v for k, v in m.groupdict().items() if v is not None}
	    print(json.dumps(d, ensure_ascii=False, separators=(",", ":")))
	print(miss, file=sys.stderr)
	EOF
}

@test "regex: named groups are the fields python3's re finds on the same lines" {
	need_data "$APACHE"
	f=$BATS_TEST_TMPDIR/in
	cp "$DATA/$APACHE" "$f"
	# Lines of other scripts and digits, a line that does not match.
	printf '%s\n' '1.2.3.4 - élodie [x] "GET /é HTTP/1.1" 200 ٣٤' \
	    '1.2.3.4 - - [x] "GET /" 404 -' 'no match' >> "$f"
	pat='^(?P<client>\S+) \S+ (?P<user>\S+) \[(?P<time>[^\]]+)\] "(?P<method>[A-Z]+) (?P<path>\S+)(?: (?P<proto>HTTP/[\d.]+))?" (?P<status>\d+) (?P<bytes>\d+|-)(?: "(?P<referer>[^"]*)")?'
	py_groups "$pat" "$f" > "$BATS_TEST_TMPDIR/py" 2> "$BATS_TEST_TMPDIR/miss"
	run -1 --separate-stderr ingest --regex "$pat" -t none --no-infer \
	    --stats "$f"
	printf '%s\n' "$output" | jq -c . > "$BATS_TEST_TMPDIR/ours"
	jq -c . "$BATS_TEST_TMPDIR/py" > "$BATS_TEST_TMPDIR/want"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/want")" -gt 9000 ]
	assert_same_file "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/want"
	assert_eq "$(stat_of rejected)" "$(cat "$BATS_TEST_TMPDIR/miss")"
	assert_accounted
	# The Unicode digits are \d, as in python; the proto group of line
	# 10002 took no part.
	assert_eq "$(tail -2 "$BATS_TEST_TMPDIR/ours" | head -1 | jq -r .bytes)" "٣٤"
	assert_eq "$(tail -1 "$BATS_TEST_TMPDIR/ours" | jq -c 'has("proto")')" false
}

@test "regex: a group that took no part is left out, one that matched empty is kept" {
	run -0 pipeline "printf 'a=1\nb=\nc\n' |
	    ingest -t none --regex '^(?<k>[a-z])(?:=(?<v>\d*))?$'"
	assert_eq "$output" '{"k":"a","v":1}
{"k":"b","v":""}
{"k":"c"}'
}

@test "regex: lines that do not match are rejected, and every line is accounted for" {
	f=$BATS_TEST_TMPDIR/in
	r=$BATS_TEST_TMPDIR/rej
	printf '%s\n' '1 one' '2 two' 'three 3' '' '4 four' '5' '6 six' > "$f"
	run -1 --separate-stderr ingest --regex '^(?<n>\d+) (?<w>[a-z]+)$' \
	    -t none --stats --reject "$r" "$f"
	assert_accounted
	want=$(grep -cE '^[0-9]+ [a-z]+$' "$f")
	assert_eq "$(stat_of records_out)" "$want"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" "$want"
	assert_eq "$(stat_of skipped)" 1
	# The rejects are the other non-empty lines, by number.
	assert_eq "$(rejects "$r" | cut -d' ' -f1 | tr '\n' ' ')" \
	    "$(grep -nvE '^[0-9]+ [a-z]+$|^$' "$f" | cut -d: -f1 | tr '\n' ' ')"
	assert_eq "$(rejects "$r" | cut -d' ' -f2- | sort -u)" \
	    "null does not match the format"
	assert_eq "$(jq -r '."@raw"' "$r" | head -1)" "three 3"
}

@test "regex: --types int, float, bool, hex and string; '-' and empty are null" {
	run -1 --separate-stderr pipeline "printf '%s\n' '+007 -0.50 Yes 0xff 0042' '- . off FF 7' \
	    '12 1e3 TRUE 0 x' ' -  ' |
	    ingest -t none --regex '^(?<i>\S*) ?(?<f>\S*) ?(?<b>\S*) ?(?<h>\S*) ?(?<s>\S*)$' \
	    --types 'i=int,f=float b:bool h=hex s=string'"
	# ".": no digits, so not a float; the second line is rejected.
	assert_eq "$output" '{"i":7,"f":-0.50,"b":true,"h":255,"s":"0042"}
{"i":12,"f":1e3,"b":true,"h":0,"s":"x"}
{"i":null,"f":null,"b":null,"h":null,"s":""}'
	[[ "$stderr" == *"stdin:2: column 3: field 'f': '.' is not a number"* ]]
}

@test "regex: --types with a value that is not of the type rejects it, naming the field" {
	r=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr pipeline "printf '%s\n' 'ok 200 .5' 'ok 2OO 1' \
	    'ok 404 1.2.3' 'ok 500 2.' |
	    ingest -t none --reject '$r' --regex '^(?<w>\w+) (?<code>\S+) (?<rt>\S+)$' \
	    --types code=int,rt=float"
	assert_eq "$output" '{"w":"ok","code":200,"rt":0.5}
{"w":"ok","code":500,"rt":2}'
	assert_eq "$(rejects "$r")" "2 4 field 'code': '2OO' is not an integer
3 8 field 'rt': '1.2.3' is not a number"
	# Without types the values are inferred, or kept as strings.
	run -0 pipeline "printf 'ok 2OO 1.2.3 007\n' |
	    ingest -t none --regex '^(?<w>\w+) (?<code>\S+) (?<rt>\S+) (?<n>\d+)$'"
	assert_eq "$output" '{"w":"ok","code":"2OO","rt":"1.2.3","n":"007"}'
	run -0 pipeline "printf 'ok 200 5 6\n' | ingest -t none --no-infer \
	    --types n=int --regex '^(?<w>\w+) (?<code>\S+) (?<rt>\S+) (?<n>\d+)$'"
	assert_eq "$output" '{"w":"ok","code":"200","rt":"5","n":6}'
}

@test "regex: -t, --time-format and --tz read the time from a group" {
	f=$X/app.log
	pat='^(?<when>\S+ \S+) (?<level>[A-Z]+) +(?<msg>.*)$'
	run -1 --separate-stderr ingest --regex "$pat" -t when \
	    --tz Europe/Paris --stats "$f"
	# date(1) reads the same wall-clock times in Paris.
	want=$(grep -E '^2026-0' "$f" | cut -c1-19 | while read -r d; do
		TZ=Europe/Paris date -u -d "TZ=\"Europe/Paris\" $d" +%Y-%m-%dT%H:%M:%S.000Z
	done)
	assert_eq "$(printf '%s\n' "$output" | jq -r '."@timestamp"')" "$want"
	assert_eq "$(stat_of rejected)" 2
	[[ "$stderr" == *"app.log:5: cannot read time '2026-13-01 09:02:00' in field 'when'"* ]]
	# A format for a time in another notation.
	run -0 pipeline "printf '05/03/2024 14:00|x\n' | ingest -t d \
	    --time-format '%d/%m/%Y %H:%M' --regex '^(?<d>[^|]+)\|(?<v>.*)'"
	assert_eq "$output" '{"d":"05/03/2024 14:00","v":"x","@timestamp":"2024-03-05T14:00:00.000Z"}'
	# Without -t a group named ts is the time; with -t a record whose
	# time group took no part is rejected.
	run -0 pipeline "printf '1700000000 a\n' | ingest --regex '^(?<ts>\d+) (?<v>\w)'"
	assert_eq "$(printf '%s\n' "$output" | jq -r '."@timestamp"')" \
	    "$(date -u -d @1700000000 +%Y-%m-%dT%H:%M:%S.000Z)"
	run -1 --separate-stderr pipeline "printf 'a\n' | ingest -t t --regex '^(?:(?<t>\d+) )?(?<v>\w)'"
	[[ "$stderr" == *"stdin:1: no time field 't'"* ]]
}

@test "regex: an Apache log through a pattern gives the records of -f combined" {
	need_data "$APACHE"
	pat='^(?<client>\S+) (?:-|(?<ident>\S+)) (?:-|(?<user>\S+)) \[(?<time>[^\]]+)\] "(?<method>[A-Z]+) (?<path>\S+) (?<protocol>HTTP/[\d.]+)" (?<status>\d{3}) (?:-|(?<bytes>\d+)) "(?:-|(?<referer>[^"]*))" "(?:-|(?<user_agent>[^"]*))"$'
	keys='{client,ident,user,"@timestamp",method,path,protocol,status,bytes,referer,user_agent}'
	run -1 pipeline "ingest --regex '$pat' -t time '$DATA/$APACHE' |
	    jq -c '$keys' > '$BATS_TEST_TMPDIR/ours'"
	run -1 pipeline "ingest -f combined '$DATA/$APACHE' |
	    jq -c '$keys' > '$BATS_TEST_TMPDIR/want'"
	assert_eq "$(wc -l < "$BATS_TEST_TMPDIR/want")" 9999
	assert_same_file "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/want"
	# The generated log, with nginx fields after the combined ones,
	# through the format file's "access" format.
	sluice-gen access -n 3000 -s 7 > "$BATS_TEST_TMPDIR/gen.log"
	keys='{client,ident,user,"@timestamp",method,path,protocol,status,bytes,referer,user_agent,request_time,host}'
	run -1 pipeline "ingest --format-file '$X/formats.conf' --format-name access \
	    '$BATS_TEST_TMPDIR/gen.log' | jq -c '$keys' > '$BATS_TEST_TMPDIR/ours'"
	run -1 pipeline "ingest -f combined '$BATS_TEST_TMPDIR/gen.log' |
	    jq -c '$keys' > '$BATS_TEST_TMPDIR/want'"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/want")" -gt 2990 ]
	assert_same_file "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/want"
}

@test "regex: a format file: by name, or its only format; the command line wins" {
	run -1 --separate-stderr ingest --format-file "$X/formats.conf" \
	    --format-name app --stats "$X/app.log"
	# tz = Europe/Paris: 09:00 is 07:00Z in July; took is a float.
	assert_eq "$output" '{"ts":"2026-07-01 09:00:00","level":"INFO","msg":"service started","@timestamp":"2026-07-01T07:00:00.000Z"}
{"ts":"2026-07-01 09:00:05","level":"WARN","msg":"slow query","took":1250.5,"@timestamp":"2026-07-01T07:00:05.000Z"}
{"ts":"2026-07-01 09:01:00","level":"ERROR","msg":"connection reset","took":0.5,"@timestamp":"2026-07-01T07:01:00.000Z"}'
	assert_eq "$(stat_of rejected)" 2
	# --tz, -t and --types over the file's.
	run -1 --separate-stderr ingest --format-file "$X/formats.conf" \
	    --format-name app --tz UTC -t none --types took=string "$X/app.log"
	assert_eq "$(printf '%s\n' "$output" | head -2 | tail -1)" \
	    '{"ts":"2026-07-01 09:00:05","level":"WARN","msg":"slow query","took":"1250.5"}'
	run -1 --separate-stderr ingest --format-file "$X/formats.conf" \
	    --format-name app --types level=bool "$X/app.log"
	[[ "$stderr" == *"app.log:1: column 21: field 'level': 'INFO' is not a boolean"* ]]
	run -1 --separate-stderr ingest --format-file "$X/formats.conf" \
	    --format-name app --tz UTC "$X/app.log"
	[[ "${lines[0]}" == *'"@timestamp":"2026-07-01T09:00:00.000Z"}' ]]
	# A file of one format needs no name.
	sed -n '/^\[app\]/,$p' "$X/formats.conf" > "$BATS_TEST_TMPDIR/one.conf"
	run -1 --separate-stderr ingest --format-file "$BATS_TEST_TMPDIR/one.conf" \
	    "$X/app.log"
	assert_eq "${#lines[@]}" 3
	run -2 --separate-stderr ingest --format-file "$X/formats.conf" "$X/app.log"
	assert_eq "$stderr" "ingest: $X/formats.conf: 2 formats in the file (access, app): choose one by name"
	run -2 --separate-stderr ingest --format-file "$X/formats.conf" \
	    --format-name nginx "$X/app.log"
	assert_eq "$stderr" "ingest: $X/formats.conf: no format 'nginx' in the file (access, app)"
}

# Write format file text $1 (printf's escapes) and expect ingest to
# refuse it, exit 2, with $2 after "ingest: FILE".
file_error() {
	printf "$1" > "$BATS_TEST_TMPDIR/f.conf"
	run -2 --separate-stderr ingest --format-file "$BATS_TEST_TMPDIR/f.conf" /dev/null
	assert_eq "$output" ""
	assert_eq "${stderr#"ingest: $BATS_TEST_TMPDIR/f.conf"}" "$2"
}

@test "regex: mistakes in a format file are FILE:LINE:COLUMN and exit 2" {
	file_error '# x\n[a]\nregex = ^(?<n>\\d+\n' \
	    ":3:18: missing closing parenthesis"
	# Columns count characters: é is one, the 11th of the pattern is
	# the ')' too many.
	file_error '[a]\nregex = é(?<n>\\d+))\n' \
	    ":2:19: unmatched closing parenthesis"
	file_error '[a]\nregex = (?<n>x)\n  tyeps = n=int\n' \
	    ":3:3: unknown key 'tyeps' (expected regex, time, time-format, tz or types)"
	file_error '[a]\ntypes = n=int, m=integr\nregex = (?<n>x)(?<m>y)\n' \
	    ":2:18: unknown type 'integr' (expected int, float, bool, hex or string)"
	file_error '[a]\ntypes = n=int, q=int\nregex = (?<n>x)\n' \
	    ":2:16: no group named 'q' in the pattern"
	file_error '[a]\nregex = (?<n>x)\ntz = Mars/Base\n' \
	    ":3:6: unknown time zone (not in /usr/share/zoneinfo)"
	file_error 'regex = (?<n>x)\n' \
	    ":1:1: expected a [section] first"
	file_error '[a]\ntime = t\n' \
	    ":1:1: format 'a' has no regex"
	file_error '[a]\nregex (?<n>x)\n' \
	    ":2:7: expected key = value"
	file_error '[a b]\n' \
	    ":1:3: a format name is letters, digits, '_', '-' and '.'"
	file_error '[a]\nregex=(?<n>x)\n[a]\nregex=(?<m>x)\n' \
	    ":3:1: format 'a' defined again (first at line 1)"
	file_error '[PARSER]\n    Format regex\n' \
	    ":1:1: [PARSER] without a Name"
	file_error '# nothing\n' ": no format in the file"
	run -2 --separate-stderr ingest --format-file "$BATS_TEST_TMPDIR/none.conf" /dev/null
	assert_eq "$stderr" "ingest: $BATS_TEST_TMPDIR/none.conf: No such file or directory"
}

@test "regex: a Fluent Bit parsers.conf is read as it is" {
	need_data "$APACHE"
	# [SERVICE] and [MULTILINE_PARSER] are skipped, Types apply.
	run -0 pipeline "head -3 '$DATA/$APACHE' |
	    ingest --format-file '$X/parsers.conf' --format-name web"
	assert_eq "$(printf '%s\n' "$output" | jq -c '[.host, .code, .size, ."@timestamp"]' | head -1)" \
	    '["83.149.9.216",200,203023,"2015-05-17T10:05:03.000Z"]'
	# The same with awk reading the status and size of every line.
	run -0 pipeline "ingest --format-file '$X/parsers.conf' --format-name web \
	    '$DATA/$APACHE' | jq -r '[.code, .size // \"-\"] | @tsv' > '$BATS_TEST_TMPDIR/ours'"
	awk -F'"' '{ split($3, a, " "); print a[1] "\t" a[2] }' "$DATA/$APACHE" \
	    > "$BATS_TEST_TMPDIR/want"
	assert_same_file "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/want"
	# /.../i is Onigmo's notation, %L the fraction, Time_Offset the zone.
	run -1 --separate-stderr ingest --format-file "$X/parsers.conf" \
	    --format-name svc "$X/svc.log"
	assert_eq "$output" '{"time":"2026-03-04T05:06:07.250","level":"INFO","msg":"started","@timestamp":"2026-03-04T03:06:07.250Z"}
{"time":"2026-03-04T05:06:08.5","level":"Warn","msg":"disk 91% full","@timestamp":"2026-03-04T03:06:08.500Z"}'
	[[ "$stderr" == *"svc.log:3: does not match the format"* ]]
	# Only regex parsers are read.
	run -2 --separate-stderr ingest --format-file "$X/parsers.conf" \
	    --format-name events "$X/svc.log"
	assert_eq "$stderr" "ingest: $X/parsers.conf:18:17: parser 'events' is Format json: only regex parsers are read"
	run -2 --separate-stderr ingest --format-file "$X/parsers.conf" "$X/svc.log"
	[[ "$stderr" == *"3 formats in the file (web, events, svc)"* ]]
}

@test "regex: a pattern that does not compile is exit 2 with its column" {
	run -2 --separate-stderr ingest --regex '(?<a>x)(?<b>y))' /dev/null
	# The 15th character is the ')' too many.
	assert_eq "$stderr" "ingest: --regex (?<a>x)(?<b>y)): column 15: unmatched closing parenthesis"
	# Columns count characters, not bytes.
	run -2 --separate-stderr ingest --regex 'ééé(?<a>[x' /dev/null
	assert_eq "$stderr" "ingest: --regex ééé(?<a>[x: column 11: missing terminating ] for character class"
	run -2 --separate-stderr ingest --regex '^(\d+) (\w+)$' /dev/null
	[[ "$stderr" == *"the pattern has no named group"* ]]
	assert_eq "$output" ""
}

@test "regex: \\d is a digit, not the letter d; (?i) and lookaround work" {
	run -0 pipeline "printf 'id d 42\nID 7\n' |
	    ingest -t none --regex '(?i)^id (?:d )?(?<n>\d+)(?!\d)'"
	assert_eq "$output" '{"n":42}
{"n":7}'
	run -1 --separate-stderr pipeline "printf 'd\n' | ingest -t none --regex '^(?<n>\d)$'"
	assert_eq "$output" ""
}

@test "regex: a runaway pattern on a crafted line ends within a second as a reject" {
	f=$BATS_TEST_TMPDIR/in
	{ printf 'a%.0s' $(seq 5000); printf 'b\naaa\n'; } > "$f"
	r=$BATS_TEST_TMPDIR/rej
	start=$(date +%s%N)
	run -1 --separate-stderr timeout 10 ingest --regex '^(?<a>(a+)+)$' \
	    -t none --stats --reject "$r" "$f"
	ms=$((($(date +%s%N) - start) / 1000000))
	echo "# took ${ms} ms" >&3
	[ "$ms" -lt 1000 ]
	assert_eq "$output" '{"a":"aaa"}'
	assert_eq "$(rejects "$r")" "1 null regular expression: match limit of 1000000 steps exceeded"
	assert_accounted
	# A back-reference over 300 characters, as in the reproducer.
	{ printf 'a%.0s' $(seq 300); printf '!\n'; } > "$f"
	start=$(date +%s%N)
	run -1 --separate-stderr timeout 10 ingest --regex '(?<m>(a*)*\2$)' -t none "$f"
	ms=$((($(date +%s%N) - start) / 1000000))
	[ "$ms" -lt 1000 ]
	[[ "$stderr" == *"in:1: regular expression: match limit"* ]]
}

@test "regex: a line that is not UTF-8 is a reject that says where" {
	r=$BATS_TEST_TMPDIR/rej
	run -1 pipeline "printf 'ok\ncaf\351 au lait\n' |
	    ingest -t none --reject '$r' --regex '^(?<w>\w+)'"
	assert_eq "$output" '{"w":"ok"}'
	[[ "$(rejects "$r")" == "2 null invalid UTF-8 at byte 3: "* ]]
}

@test "regex: options that do not go together are exit 2" {
	run -2 --separate-stderr ingest -f regex /dev/null
	assert_eq "$stderr" "ingest: -f regex needs --regex or --format-file"
	run -2 --separate-stderr ingest -f csv --regex '(?<a>x)' /dev/null
	assert_eq "$stderr" "ingest: --regex and --format-file go with -f regex"
	run -2 --separate-stderr ingest --types a=int /dev/null
	[[ "$stderr" == *"--types and --format-name go with --regex or --format-file"* ]]
	run -2 --separate-stderr ingest --regex '(?<a>x)' --format-file "$X/formats.conf" /dev/null
	[[ "$stderr" == *"exclude each other"* ]]
	run -2 --separate-stderr ingest --regex '(?<a>x)' --format-name app /dev/null
	[[ "$stderr" == *"--format-name goes with --format-file"* ]]
	run -2 --separate-stderr ingest --regex '(?<a>x)' --types b=int /dev/null
	assert_eq "$stderr" "ingest: --types b=int: column 1: no group named 'b' in the pattern"
	run -2 --separate-stderr ingest --regex '(?<a>x)' --types a=number /dev/null
	assert_eq "$stderr" "ingest: --types a=number: column 3: unknown type 'number' (expected int, float, bool, hex or string)"
	run -2 --separate-stderr ingest --regex '(?<a>x)' --types a /dev/null
	[[ "$stderr" == *"column 1: expected NAME=TYPE"* ]]
	# -f regex with --regex is the same as --regex alone.
	run -0 pipeline "printf 'x\n' | ingest -f regex -t none --regex '(?<a>x)'"
	assert_eq "$output" '{"a":"x"}'
}

@test "regex: the examples of the man page run as shown" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	man=$(mandoc -Tascii "$BATS_TEST_DIRNAME/../man/ingest.1" | col -bx)
	# The example command, two lines from "$ printf", and its output.
	ex=$(printf '%s\n' "$man" | sed -n '/^ *\$ printf .2026-11-22/,/^ *{/p' |
	    sed 's/^[[:blank:]]*//; s/^\$ //')
	cmd=$(printf '%s\n' "$ex" | sed '$d')
	want=$(printf '%s\n' "$ex" | tail -1)
	[ -n "$cmd" ] && [[ "$want" == '{'* ]]
	run -0 bash -c "$cmd"
	assert_eq "$output" "$want"
	# The format file example of FORMAT FILES, read as a file.
	printf '%s\n' "$man" | sed -n '/^ *# Local times in Paris/,/^ *Types /p' |
	    sed 's/^[[:blank:]]*//' > "$BATS_TEST_TMPDIR/ex.conf"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/ex.conf")" -eq 14 ]
	run -0 pipeline "printf '2026-01-02 03:04:05 INFO  up took=12ms\n' |
	    ingest --format-file '$BATS_TEST_TMPDIR/ex.conf' --format-name app"
	assert_eq "$output" '{"ts":"2026-01-02 03:04:05","level":"INFO","msg":"up","took":12,"@timestamp":"2026-01-02T02:04:05.000Z"}'
	run -0 pipeline "printf '%s\n' '10.0.0.1 - - [02/Jan/2026:03:04:05 +0100] \"GET / HTTP/1.1\" 304 -' |
	    ingest --format-file '$BATS_TEST_TMPDIR/ex.conf' --format-name nginx"
	assert_eq "$output" '{"remote":"10.0.0.1","user":"-","time":"02/Jan/2026:03:04:05 +0100","method":"GET","path":"/","code":304,"size":null,"@timestamp":"2026-01-02T02:04:05.000Z"}'
}
