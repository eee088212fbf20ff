#!/usr/bin/env bats
# validate.bats -- the validate filter: passthrough, rejects, inline
# checks, exit codes, the example schemas and bad input.  The JSON
# Schema Test Suite runs in validate_schema.bats.

load helpers

SLOG=ndjson-logs/humanlog-slog-syncsvc/logdump-first20000.ndjson
APACHE=access-logs/elastic-examples-apache/apache_logs
EX=$BATS_TEST_DIRNAME/../man/examples

# The reject file as "LINE PATH KEYWORD, PATH KEYWORD ..." lines.
reject_summary() {
	jq -r '.["@error"] | "\(.line) " +
	    ([.errors[] | "\(.path) \(.keyword)"] | join(", "))' "$1"
}

@test "validate: valid records pass byte for byte" {
	need_data "$SLOG"
	f=$DATA/$SLOG
	run -0 pipeline "validate --schema '$EX/slog.schema.json' '$f' | cmp - '$f'"
	run -0 pipeline "validate '$f' | cmp - '$f'"
	# Spacing, escapes and number spellings are not normalised.
	printf '%s\n' '{ "a" : 1.50e2 , "b":"\u00e9\/" }' '[1,2]' '"s"' \
	    '{"a":-0.0}' > "$BATS_TEST_TMPDIR/in"
	run -0 pipeline "validate -s <(echo '{\"type\":[\"object\",\"array\",\"string\"]}') '$BATS_TEST_TMPDIR/in' | cmp - '$BATS_TEST_TMPDIR/in'"
}

@test "validate: the access schema accepts every record of ingest -f combined" {
	need_data "$APACHE"
	f=$DATA/$APACHE
	# Independent count of the lines in combined format: ingest turns
	# each into a record (line 8899 has an unterminated quote).
	want=$(LC_ALL=C awk '/^[^ ]+ [^ ]+ [^ ]+ \[[^]]+\] "[^"]*" [0-9]+ ([0-9]+|-) "[^"]*" "[^"]*"$/ { n++ } END { print n }' "$f")
	assert_eq "$want" 9999
	run -1 pipeline "ingest -f combined '$f' 2>/dev/null > '$BATS_TEST_TMPDIR/access'"
	for fa in "" --format-assert; do
		run -0 --separate-stderr validate --stats $fa \
		    --schema "$EX/access.schema.json" "$BATS_TEST_TMPDIR/access"
		[[ "$stderr" == *"lines_in=$want records_out=$want rejected=0 skipped=0"* ]]
	done
	# It does check: a status out of range, a bad time, a null path
	# with a method, an object among the extra fields.
	cat > "$BATS_TEST_TMPDIR/bad" <<'EOF'
{"client":"10.0.0.1","ident":null,"user":null,"@timestamp":"2015-05-17T10:05:03.000Z","method":"GET","path":"/","protocol":"HTTP/1.1","status":999,"bytes":1}
{"client":"10.0.0.1","ident":null,"user":null,"@timestamp":"17/May/2015:10:05:03 +0000","method":"GET","path":"/","protocol":"HTTP/1.1","status":200,"bytes":1}
{"client":"10.0.0.1","ident":null,"user":null,"@timestamp":"2015-05-17T10:05:03.000Z","method":"GET","path":null,"protocol":"HTTP/1.1","status":200,"bytes":null}
{"client":"10.0.0.1","ident":null,"user":null,"@timestamp":"2015-05-17T10:05:03.000Z","method":null,"path":null,"protocol":null,"status":400,"bytes":null,"request":"\u0016\u0003","x":{"y":1}}
EOF
	run -1 validate -s "$EX/access.schema.json" --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/bad"
	run -0 reject_summary "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" "1 /status maximum
2 /@timestamp pattern
3 /path type
4 /x type"
}

@test "validate: the slog schema accepts the log and names what is wrong" {
	need_data "$SLOG"
	run -0 --separate-stderr validate --stats --format-assert -s "$EX/slog.schema.json" "$DATA/$SLOG"
	[[ "$stderr" == *"lines_in=20000 records_out=20000 rejected=0 skipped=0"* ]]
	run -1 validate -s "$EX/slog.schema.json" --reject "$BATS_TEST_TMPDIR/rej" \
	    "$FIX/validate/slog-bad.ndjson"
	assert_eq "$output" ""
	run -0 reject_summary "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" "$(cat "$FIX/validate/slog-bad.out")"
	# Formats are checked only when asked.
	printf '%s\n' '{"time":"2024-13-06T18:58:23Z","level":"INFO","msg":"m"}' > "$BATS_TEST_TMPDIR/in"
	run -0 validate -s "$EX/slog.schema.json" "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr validate --format-assert -s "$EX/slog.schema.json" "$BATS_TEST_TMPDIR/in"
	assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/in:1: /time: must be a valid date-time"
}

@test "validate: the reject records and their shape" {
	printf '%s\n' '{"amount":5}' '{"amount":-1,"x":true}' 'nope' \
	    '{"amount":"7"}' > "$BATS_TEST_TMPDIR/in"
	echo '{"properties":{"amount":{"type":"number","minimum":0}},"additionalProperties":false}' > "$BATS_TEST_TMPDIR/s.json"
	run -1 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"amount":5}'
	assert_eq "$stderr" ""
	run -0 jq -c . "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" "{\"@error\":{\"source\":\"$BATS_TEST_TMPDIR/in\",\"line\":2,\"errors\":[{\"path\":\"/amount\",\"keyword\":\"minimum\",\"message\":\"must be >= 0\"},{\"path\":\"/x\",\"keyword\":\"additionalProperties\",\"message\":\"property is not allowed\"}]},\"@record\":{\"amount\":-1,\"x\":true}}
{\"@error\":{\"source\":\"$BATS_TEST_TMPDIR/in\",\"line\":3,\"column\":1,\"reason\":\"invalid token near 'nope'\"},\"@raw\":\"nope\"}
{\"@error\":{\"source\":\"$BATS_TEST_TMPDIR/in\",\"line\":4,\"errors\":[{\"path\":\"/amount\",\"keyword\":\"type\",\"message\":\"must be number\"}]},\"@record\":{\"amount\":\"7\"}}"
	# The record is kept as it came, byte for byte.
	run -0 pipeline "sed -n 1p '$BATS_TEST_TMPDIR/rej' | grep -F ',\"@record\":{\"amount\":-1,\"x\":true}}'"
}

@test "validate: every error of a record is listed, up to 100" {
	# 150 properties that are not allowed, and one required missing.
	jq -nc '[range(150) | {key: "k\(.)", value: .}] | from_entries' \
	    > "$BATS_TEST_TMPDIR/in"
	echo '{"required":["id"],"additionalProperties":false}' > "$BATS_TEST_TMPDIR/s.json"
	run -1 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" "$BATS_TEST_TMPDIR/in"
	assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/in:1: /k0: property is not allowed (and 150 more)"
	run -1 validate -s "$BATS_TEST_TMPDIR/s.json" --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	run -0 jq -c '.["@error"].errors | [length, .[99], .[100]]' "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" '[101,{"path":"/k99","keyword":"additionalProperties","message":"property is not allowed"},{"path":"","keyword":"","message":"... 51 more"}]'
}

@test "validate: warnings name the place, and stop after 100" {
	echo '{"type":"object","properties":{"n":{"maximum":10}}}' > "$BATS_TEST_TMPDIR/s.json"
	seq 1 150 | sed 's/.*/{"n":&}/' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 10
	assert_eq "$(printf '%s\n' "$stderr" | sed -n 1p)" \
	    "validate: $BATS_TEST_TMPDIR/in:11: /n: must be <= 10"
	assert_eq "$(printf '%s\n' "$stderr" | grep -c ': /n: must be <= 10$')" 100
	[[ "$stderr" == *"further problems are counted, not shown (use --reject FILE to keep them)"* ]]
	[[ "$stderr" == *"validate: 40 more problems were not shown" ]]
	# A scalar that is not an object: the path is the value itself.
	printf '3\n' | {
		run -1 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json"
		assert_eq "$stderr" "validate: stdin:1: must be object"
	}
}

@test "validate: exit status 0, 1 or 2" {
	printf '{"a":1}\n' > "$BATS_TEST_TMPDIR/ok"
	printf '{"a":"x"}\n' > "$BATS_TEST_TMPDIR/bad"
	echo '{"properties":{"a":{"type":"integer"}}}' > "$BATS_TEST_TMPDIR/s.json"
	run -0 validate -s "$BATS_TEST_TMPDIR/s.json" "$BATS_TEST_TMPDIR/ok"
	run -1 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" "$BATS_TEST_TMPDIR/ok" "$BATS_TEST_TMPDIR/bad"
	assert_eq "$output" '{"a":1}'
	# Trouble: an unreadable or bad schema, a bad rule, a bad option.
	run -2 --separate-stderr validate -s "$BATS_TEST_TMPDIR/none.json" "$BATS_TEST_TMPDIR/ok"
	assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/none.json: No such file or directory"
	assert_eq "$output" ""
	printf '{"type":"object",\n "minimum": "3"}\n' > "$BATS_TEST_TMPDIR/bad.json"
	run -2 --separate-stderr validate -s "$BATS_TEST_TMPDIR/bad.json" "$BATS_TEST_TMPDIR/ok"
	assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/bad.json:2:13: /minimum: minimum must be a number"
	printf '{"type":"object",\n' > "$BATS_TEST_TMPDIR/bad.json"
	run -2 --separate-stderr validate -s "$BATS_TEST_TMPDIR/bad.json" "$BATS_TEST_TMPDIR/ok"
	[[ "$stderr" == "validate: $BATS_TEST_TMPDIR/bad.json:2:1: "* ]]
	run -2 --separate-stderr validate --type a=text "$BATS_TEST_TMPDIR/ok"
	[[ "$stderr" == *"--type a=text: unknown type"* ]]
	run -2 --separate-stderr validate --type a "$BATS_TEST_TMPDIR/ok"
	run -2 --separate-stderr validate --require 'a,"b' "$BATS_TEST_TMPDIR/ok"
	[[ "$stderr" == *"--require a,\"b: column 3: unterminated quoted key"* ]]
	run -2 --separate-stderr validate --require
	[[ "$stderr" == *"missing argument for --require"* ]]
	[[ "$stderr" == *"usage: validate "* ]]
	run -2 --separate-stderr validate --max-line lots "$BATS_TEST_TMPDIR/ok"
}

@test "validate: unimplemented keywords and bad patterns are start-up errors" {
	printf '{"properties": {\n  "a": {"unevaluatedProperties": false}}}\n' > "$BATS_TEST_TMPDIR/s.json"
	run -2 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" /dev/null
	assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/s.json:2:34: /properties/a/unevaluatedProperties: unevaluatedProperties is not supported"
	echo '{"$ref": "other.json#/$defs/a"}' > "$BATS_TEST_TMPDIR/s.json"
	run -2 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" /dev/null
	[[ "$stderr" == *'/$ref: $ref "other.json#/$defs/a" is not in this schema (remote references are not supported)' ]]
	echo '{"$schema": "http://json-schema.org/draft-07/schema#"}' > "$BATS_TEST_TMPDIR/s.json"
	run -2 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" /dev/null
	[[ "$stderr" == *'/$schema: $schema "http://json-schema.org/draft-07/schema#" is not supported (only draft 2020-12)' ]]
	echo '{"items": [{"type": "string"}]}' > "$BATS_TEST_TMPDIR/s.json"
	run -2 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" /dev/null
	[[ "$stderr" == *"/items: an array of items is draft 2019-09 or older: use prefixItems" ]]
	# Patterns that ECMA-262 ("u" mode) or PCRE2 refuse: where, why.
	while IFS='|' read -r p want; do
		echo "{\"pattern\": \"$p\"}" > "$BATS_TEST_TMPDIR/s.json"
		run -2 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" /dev/null
		assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/s.json:1:13: /pattern: $want"
	done <<'EOF'
a++|pattern "a++": at column 3: nothing to repeat
é(?<=a+)b|pattern "é(?<=a+)b": at column 2: lookbehind assertion is not fixed length
\\p{Greek}|pattern "\p{Greek}": at column 1: unknown Unicode property value Greek (a script needs Script=)
(a)\\2|pattern "(a)\2": at column 4: \2: there is only 1 group
x{,2}|pattern "x{,2}": at column 2: a lone { (write \{ for the character)
(?i:x)|pattern "(?i:x)": at column 1: modifiers such as (?i:...) are not supported
EOF
	# A schema that calls itself on the same value never ends: refused.
	echo '{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"allOf":[{"$ref":"#/$defs/a"}]}},"$ref":"#/$defs/a"}' > "$BATS_TEST_TMPDIR/s.json"
	run -2 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" /dev/null
	[[ "$stderr" == *"refers to itself without going into the value"* ]]
	# Non-standard keywords are ignored; recursion into the value is fine.
	echo '{"x-note":"mine","properties":{"kids":{"items":{"$ref":"#"}}}}' > "$BATS_TEST_TMPDIR/s.json"
	printf '%s\n' '{"kids":[{"kids":[]}]}' > "$BATS_TEST_TMPDIR/in"
	run -0 validate -s "$BATS_TEST_TMPDIR/s.json" "$BATS_TEST_TMPDIR/in"
}

@test "validate: patterns are ECMA-262, numbers are exact" {
	cat > "$BATS_TEST_TMPDIR/s.json" <<'EOF'
{"properties": {
  "id": {"pattern": "^(?:[A-F\\d]{2}-){2}\\w+?$"},
  "dot": {"pattern": "^.$"},
  "ws": {"pattern": "^\\S+\\s\\S+$"},
  "u": {"pattern": "^[\\u00e0-\\u00ff\\u{1F600}]+$"},
  "n": {"type": "integer", "multipleOf": 0.01, "maximum": 9007199254740993},
  "c": {"const": 1.0},
  "e": {"enum": [{"a": [1, "x"], "b": null}]}
}}
EOF
	printf '%s\n' '{"id":"0A-FF-x_1","dot":"é","ws":"a\u00a0b","u":"àÿ😀","n":9007199254740993,"c":1,"e":{"b":null,"a":[1.0,"x"]}}' \
	    '{"id":"0a-FF-x","dot":"\n","ws":"ab","u":"a","n":9007199254740994,"c":1.5,"e":{"a":[1,"x"]}}' > "$BATS_TEST_TMPDIR/in"
	run -1 validate -s "$BATS_TEST_TMPDIR/s.json" --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" "$(head -1 "$BATS_TEST_TMPDIR/in")"
	run -0 reject_summary "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" "2 /id pattern, /dot pattern, /ws pattern, /u pattern, /n maximum, /c const, /e enum"
	run -0 jq -r '.["@error"].errors[] | .message' "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" 'must match pattern ^(?:[A-F\d]{2}-){2}\w+?$
must match pattern ^.$
must match pattern ^\S+\s\S+$
must match pattern ^[\u00e0-\u00ff\u{1F600}]+$
must be <= 9007199254740993
must be equal to 1.0
must be one of {"a":[1,"x"],"b":null}'
	# NUL, escaped in the JSON, is a character like any other.
	echo '{"pattern":"^a\\u0000[^b]$","propertyNames":{"pattern":"^.\\x00$"}}' > "$BATS_TEST_TMPDIR/s.json"
	printf '%s\n' '"a\u0000\u0000"' '"a\u0000b"' '{"x\u0000":1}' '{"xy":1}' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '"a\u0000\u0000"
{"x\u0000":1}'
	assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/in:2: must match pattern ^a\\u0000[^b]$
validate: $BATS_TEST_TMPDIR/in:4: /xy: property name must match pattern ^.\\x00$"
}

# Milliseconds since some fixed point, for "ends within a second".
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

@test "validate: patterns run on PCRE2: bounded, counted, checked at start-up" {
	R=../repro
	need_data "$R/schema-pattern-plus25.json" "$R/regex-backref-300.ndjson"
	cd "$BATS_TEST_TMPDIR"
	# 25 adjacent '+' (glibc's regcomp doubled its memory per '+'):
	# refused at once, with the column.
	t0=$(now_ms)
	run -2 --separate-stderr timeout 10 validate -s "$DATA/$R/schema-pattern-plus25.json" /dev/null
	[ $(($(now_ms) - t0)) -lt 1000 ]
	assert_eq "$stderr" "validate: $DATA/$R/schema-pattern-plus25.json:1:12: /pattern: pattern \"a+++++++++++++++++++++++++\": at column 3: nothing to repeat"
	# A back-reference that backtracks without end on a 300-byte value:
	# stopped by the match limit within a second, and the record is
	# rejected with the reason, as a value and as a property name.
	echo '{"properties":{"m":{"pattern":"(a*)*\\1$"}}}' > s.json
	t0=$(now_ms)
	run -1 --separate-stderr timeout 10 validate -s s.json --reject rej "$DATA/$R/regex-backref-300.ndjson"
	[ $(($(now_ms) - t0)) -lt 1000 ]
	assert_eq "$output" ""
	run -0 jq -r '.["@error"].errors[] | "\(.path) \(.keyword) \(.message)"' rej
	assert_eq "$output" '/m pattern cannot be matched against pattern (a*)*\1$: regular expression: match limit of 1000000 steps exceeded'
	echo '{"patternProperties":{"(a*)*\\1$":true},"additionalProperties":false}' > s.json
	jq -c '{(.m): 1}' "$DATA/$R/regex-backref-300.ndjson" > in
	t0=$(now_ms)
	run -1 --separate-stderr timeout 10 validate -s s.json --reject rej in
	[ $(($(now_ms) - t0)) -lt 1000 ]
	run -0 jq -r '.["@error"].errors[] | "\(.keyword) \(.message)"' rej
	assert_eq "$output" 'patternProperties property name cannot be matched against pattern (a*)*\1$: regular expression: match limit of 1000000 steps exceeded'
	# NUL is a character: an anchored class does not stop at it.
	echo '{"pattern":"^[a-z]+$"}' > s.json
	printf '%s\n' '"x\u0000<script>"' '"xyz"' > in
	run -1 --separate-stderr validate -s s.json in
	assert_eq "$output" '"xyz"'
	assert_eq "$stderr" 'validate: in:1: must match pattern ^[a-z]+$'
	# What ERE could not say: lookaround, back-references, \b, \p{...};
	# and ECMA's own \s (U+FEFF in) and '.' (U+2028 out).
	cat > s.json <<'EOF'
{"properties": {
  "look": {"pattern": "^\\w+(?=@)(?<!x)"},
  "ref": {"pattern": "^(?<q>['\"]).*\\k<q>$"},
  "word": {"pattern": "\\bcat\\b"},
  "prop": {"pattern": "^\\p{Lu}\\p{Letter}*$"},
  "space": {"pattern": "^\\s$"},
  "dot": {"pattern": "^.$"}
}}
EOF
	printf '%s\n' '{"look":"ab@c","ref":"\"x\"","word":"a cat","prop":"Ébé","space":"\ufeff","dot":"\u0085"}' \
	    '{"look":"abx@c","ref":"\"x'"'"'","word":"cats","prop":"ébé","space":"\u0085","dot":"\u2028"}' > in
	run -1 --separate-stderr validate -s s.json --reject rej in
	assert_eq "$output" "$(head -1 in)"
	run -0 jq -r '[.["@error"].errors[] | .path] | join(" ")' rej
	assert_eq "$output" "/look /ref /word /prop /space /dot"
}

@test "validate: a name given twice in one schema object is refused" {
	need_repro schema-dup-keywords.json schema-dup-ref.json
	cd "$BATS_TEST_TMPDIR"
	echo '"a"' > in
	# The reproducers: exit 2 at the second one, nothing validated (and,
	# under the sanitizer build, nothing leaked on the way out).
	run -2 --separate-stderr validate -s "$REPRO/schema-dup-keywords.json" in
	assert_eq "$output" ""
	assert_eq "$stderr" "validate: $REPRO/schema-dup-keywords.json:1:26: /pattern: key \"pattern\" is given twice"
	run -2 --separate-stderr validate -s "$REPRO/schema-dup-ref.json" in
	assert_eq "$stderr" "validate: $REPRO/schema-dup-ref.json:1:28: /\$ref: key \"\$ref\" is given twice"
	# Names are compared decoded; every map of names is checked, at any
	# depth.
	while IFS='|' read -r schema want; do
		printf '%s\n' "$schema" > s.json
		run -2 --separate-stderr validate -s s.json in
		assert_eq "$stderr" "validate: s.json:$want"
	done <<'EOF'
{"patt\u0065rn":"a","pattern":"b"}|1:31: /pattern: key "pattern" is given twice
{"x":1,"title":"t","x":2}|1:24: /x: key "x" is given twice
{"properties":{"a":{"type":"string"},"a":true}}|1:42: /properties/a: property "a" is given twice
{"patternProperties":{"^a":true,"^a":false}}|1:38: /patternProperties/^a: pattern "^a" is given twice
{"$defs":{"d":true,"d":{"minimum":1}}}|1:24: /$defs/d: name "d" is given twice
{"dependentRequired":{"a":["b"],"a":["c"]}}|1:37: /dependentRequired/a: name "a" is given twice
{"dependentSchemas":{"a":true,"a":false}}|1:35: /dependentSchemas/a: name "a" is given twice
{"dependencies":{"a":["b"],"a":true}}|1:32: /dependencies/a: name "a" is given twice
{"items":{"allOf":[{"not":{"const":1,"const":2}}]}}|1:46: /items/allOf/0/not/const: key "const" is given twice
EOF
	# The same name in two different objects is no repetition, nor is
	# a repeated member of a value that is not a schema (examples).
	echo '{"properties":{"a":{"minLength":2}},"patternProperties":{"a":true},"dependentRequired":{"a":["b"]},"dependencies":{"a":["c"]},"$defs":{"a":true},"examples":[{"k":1,"k":1}]}' > s.json
	printf '%s\n' '{"a":"xy","b":1,"c":2}' '{"a":"xy","b":1}' > in
	run -1 --separate-stderr validate -s s.json in
	assert_eq "$output" '{"a":"xy","b":1,"c":2}'
	assert_eq "$stderr" 'validate: in:2: /c: required property is missing (because "a" is present)'
}

@test "validate: uniqueItems on long arrays uses JSON equality" {
	echo '{"uniqueItems":true}' > "$BATS_TEST_TMPDIR/s.json"
	{
		# Distinct: 20000 numbers, then values equal only in text.
		echo "[$(seq -s, 1 20000)]"
		echo "[$(seq -s, 1 30),\"1\",[1],{\"a\":1},{\"a\":2},1.5,true,null]"
		# Equal in JSON, not in text.
		echo "[$(seq -s, 1 30),12.0]"
		echo "[$(seq -s, 1 30),{\"a\":1,\"b\":[1,{\"c\":null}]},{\"b\":[1e0,{\"c\":null}],\"a\":10e-1}]"
		echo "[$(seq -s, 1 30),\"x\",\"\\u0078\"]"
		echo "[$(seq -s, 1 30),-0,0.0]"
	} > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr validate -s "$BATS_TEST_TMPDIR/s.json" "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 2
	assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/in:3: must not have duplicate items (items 11 and 30 are equal)
validate: $BATS_TEST_TMPDIR/in:4: must not have duplicate items (items 30 and 31 are equal)
validate: $BATS_TEST_TMPDIR/in:5: must not have duplicate items (items 30 and 31 are equal)
validate: $BATS_TEST_TMPDIR/in:6: must not have duplicate items (items 30 and 31 are equal)"
}

@test "validate: the schema may describe any value; empty lines are skipped" {
	echo '{"type":"integer","minimum":0}' > "$BATS_TEST_TMPDIR/s.json"
	printf '1\n\n  \n2.0\n-1\n"3"\n1e400\n' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr validate --stats -s "$BATS_TEST_TMPDIR/s.json" "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '1
2.0
1e400'
	assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/in:5: must be >= 0
validate: $BATS_TEST_TMPDIR/in:6: must be integer
validate: stats: lines_in=7 records_out=3 rejected=2 skipped=2"
}

@test "validate: --stats keeps lines_in = records_out + rejected + skipped" {
	need_data "$SLOG"
	{
		head -50 "$DATA/$SLOG"
		echo
		echo '{"broken":'
		echo '{"@ctl":"close","@window":{"start":"a","end":"b"}}'
		printf '{"x":"%s"}\n' "$(head -c 3000 /dev/zero | tr '\0' y)"
		cat "$FIX/validate/slog-bad.ndjson"
	} > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr validate --stats --max-line 2k -s "$EX/slog.schema.json" --reject /dev/null "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s\n' "$stderr" | tail -1)" \
	    "validate: stats: lines_in=64 records_out=51 rejected=12 skipped=1"
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 51
}

@test "validate: control records always pass" {
	printf '%s\n' '{"@ctl":"close","@window":{"start":1,"end":2}}' '{"a":1}' \
	    '{"@ct\u006c":"heartbeat"}' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr validate -s <(echo false) --require x -r 'false' \
	    --type '@ctl=number' "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"@ctl":"close","@window":{"start":1,"end":2}}
{"@ct\u006c":"heartbeat"}'
	assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/in:2: no value is allowed here (and 2 more)"
}

@test "validate: --require and --type, alone or with a schema" {
	printf '%s\n' '{"user":{"id":7,"name":"ann"},"tags":["a"]}' \
	    '{"user":{"id":"7"},"tags":[]}' \
	    '{"user.id":8,"user.name":null}' \
	    '[1]' > "$BATS_TEST_TMPDIR/in"
	run -1 validate --require user.id,user.name,'tags[0]' --type user.id=integer \
	    --type 'user.name=string|null' --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"user":{"id":7,"name":"ann"},"tags":["a"]}'
	run -0 jq -c '.["@error"].errors' "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" '[{"path":"/user/name","keyword":"required","message":"required field is missing"},{"path":"/tags/0","keyword":"required","message":"required field is missing"},{"path":"/user/id","keyword":"type","message":"must be integer"}]
[{"path":"/tags/0","keyword":"required","message":"required field is missing"}]
[{"path":"/user/id","keyword":"required","message":"required field is missing"},{"path":"/user/name","keyword":"required","message":"required field is missing"},{"path":"/tags/0","keyword":"required","message":"required field is missing"}]'
	# With a schema: the errors of both, the schema's first.
	echo '{"type":"object","properties":{"tags":{"minItems":1}}}' > "$BATS_TEST_TMPDIR/s.json"
	run -1 validate -s "$BATS_TEST_TMPDIR/s.json" --require user.name --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/in"
	run -0 reject_summary "$BATS_TEST_TMPDIR/rej"
	assert_eq "$output" "2 /tags minItems, /user/name required
4  type, /user/name required"
}

@test "validate: --rule expressions must all be true" {
	printf '%s\n' '{"status":200,"bytes":10}' '{"status":503,"bytes":10}' \
	    '{"status":200,"bytes":-1}' '{"bytes":1}' > "$BATS_TEST_TMPDIR/in"
	run -1 --separate-stderr validate -r 'status < 500' --rule 'bytes >= 0' "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"status":200,"bytes":10}'
	assert_eq "$stderr" "validate: $BATS_TEST_TMPDIR/in:2: rule 1 is false: status < 500
validate: $BATS_TEST_TMPDIR/in:3: rule 2 is false: bytes >= 0
validate: $BATS_TEST_TMPDIR/in:4: rule 1 is false: status < 500"
	run -0 validate -r 'exists(bytes) && (status == null || status in [200, 503])' \
	    -r 'bytes > prev(bytes) || prev(bytes) == null || bytes <= 10' "$BATS_TEST_TMPDIR/in"
	# A bad rule is trouble, said with its number and column.
	run -2 --separate-stderr validate -r 'status < 500' -r 'len(path == 1' "$BATS_TEST_TMPDIR/in"
	assert_eq "$stderr" "validate: rule 2, column 14: expected ')'"
	assert_eq "$output" ""
}

@test "validate: every JSONTestSuite n_ file is rejected, every y_ file accepted" {
	need_data jsontestsuite/test_parsing
	d=$DATA/jsontestsuite/test_parsing
	bad=0
	for f in "$d"/n_*.json; do
		# In NDJSON a blank line is no record at all: skipped, not bad;
		# so is a byte order mark at the start of a file (sluice(7)).
		if ! LC_ALL=C sed '1s/^\xef\xbb\xbf//' "$f" | tr -d ' \t\r\n' |
		    LC_ALL=C grep -q .; then
			run -0 validate "$f"
			assert_eq "$output" ""
			continue
		fi
		# A file is one document: make it one line, its newlines
		# turned into CRs (whitespace, but not inside a string, so
		# n_string_unescaped_newline stays bad).
		tr '\n' '\r' < "$f" > "$BATS_TEST_TMPDIR/one"
		rc=0
		validate --reject "$BATS_TEST_TMPDIR/rej" "$BATS_TEST_TMPDIR/one" \
		    > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err" || rc=$?
		if [ "$rc" -ne 1 ] || [ -s "$BATS_TEST_TMPDIR/out" ] ||
		    [ -s "$BATS_TEST_TMPDIR/err" ] ||
		    [ "$(jq -r '.["@error"].reason' "$BATS_TEST_TMPDIR/rej")" = "" ]; then
			echo "not rejected: $f (exit $rc)" >&2
			bad=$((bad + 1))
		fi
	done
	assert_eq "$bad" 0
	for f in "$d"/y_*.json; do
		{
			tr '\n' '\r' < "$f"
			echo
		} > "$BATS_TEST_TMPDIR/one"
		# Any value is a record here, passed as it came.
		run -0 --separate-stderr validate --stats "$BATS_TEST_TMPDIR/one"
		[[ "$stderr" == *"records_out=1 rejected=0"* ]]
		run -0 pipeline "validate '$BATS_TEST_TMPDIR/one' | cmp - <(sed 's/\r\$//' '$BATS_TEST_TMPDIR/one')"
	done
	# The implementation-defined ones: either way, but no crash.
	for f in "$d"/i_*.json; do
		tr '\n' '\r' < "$f" > "$BATS_TEST_TMPDIR/one"
		rc=0
		validate "$BATS_TEST_TMPDIR/one" > /dev/null 2>&1 || rc=$?
		[ "$rc" -le 1 ]
	done
}

@test "validate: a schema applies to the JSONTestSuite y_ values too" {
	need_data jsontestsuite/test_parsing
	d=$DATA/jsontestsuite/test_parsing
	# A schema that looks into every kind of value accepts them all.
	cat > "$BATS_TEST_TMPDIR/s.json" <<'EOF'
{"$defs": {"any": {"anyOf": [
  {"type": ["null", "boolean", "number"]},
  {"type": "string", "minLength": 0, "pattern": ""},
  {"type": "array", "items": {"$ref": "#/$defs/any"}, "uniqueItems": false},
  {"type": "object", "additionalProperties": {"$ref": "#/$defs/any"},
   "propertyNames": {"type": "string"}}]}},
 "$ref": "#/$defs/any"}
EOF
	for f in "$d"/y_*.json; do
		tr '\n' '\r' < "$f"
		echo
	done > "$BATS_TEST_TMPDIR/all"
	run -0 pipeline "validate -s '$BATS_TEST_TMPDIR/s.json' '$BATS_TEST_TMPDIR/all' | cmp - <(sed 's/\r\$//' '$BATS_TEST_TMPDIR/all')"
}
