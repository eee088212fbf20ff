#!/usr/bin/env bats
# expr.bats -- the expression language (lib/expr), through sluice-expr.

load helpers

# Run the cases read from stdin, one per line: EXPR ;; RECORD ;; WANT,
# where WANT is the output of sluice-expr EXPR on that one record (for
# a compile error: "error: column N: message").  Blank lines and lines
# starting with '#' are skipped.  Fails, listing each mismatch, if any
# case does not give what it should.
cases() {
	local line e rest rec want got n=0 bad=0

	while IFS= read -r line; do
		case $line in
		'' | '#'*) continue ;;
		esac
		e=${line%% ;; *}
		rest=${line#* ;; }
		rec=${rest%% ;; *}
		want=${rest#* ;; }
		if ! got=$(printf '%s\n' "$rec" | sluice-expr -- "$e" 2>&1)
		then
			got="error: ${got#sluice-expr: }"
		fi
		n=$((n + 1))
		if [ "$got" != "$want" ]; then
			printf '%s\n  record:   %s\n' "$e" "$rec" >&2
			printf '  expected: %s\n  got:      %s\n' "$want" \
			    "$got" >&2
			bad=$((bad + 1))
		fi
	done
	[ "$n" -gt 0 ] || { echo "no cases" >&2; return 1; }
	[ "$bad" -eq 0 ] || { echo "$bad of $n cases failed" >&2; return 1; }
}

# Compare sluice-expr with jq over the same records.  Each line of stdin
# is OURS ;; JQ, or one expression valid in both languages.  Numbers are
# compared after going through jq's printer (3.0 and 3 are one number).
against_jq() {
	local recs=$1 line ours theirs got want n=0 bad=0

	while IFS= read -r line; do
		case $line in
		'' | '#'*) continue ;;
		esac
		ours=${line%% ;; *}
		theirs=${line#* ;; }
		got=$(sluice-expr -- "$ours" < "$recs" | jq -c .) ||
		    got="(failed)"
		want=$(jq -c "$theirs" < "$recs") || want="(jq failed)"
		n=$((n + 1))
		if [ -z "$got" ] || [ "$got" != "$want" ]; then
			printf '%s  vs jq  %s\n' "$ours" "$theirs" >&2
			diff <(echo "$want") <(echo "$got") | head -5 >&2
			bad=$((bad + 1))
		fi
	done
	[ "$n" -gt 0 ] || { echo "no cases" >&2; return 1; }
	[ "$bad" -eq 0 ] || { echo "$bad of $n cases failed" >&2; return 1; }
}

@test "expr: precedence of arithmetic, unary minus against binary" {
	cases <<'EOF'
1 + 2 * 3 ;; {} ;; 7
(1 + 2) * 3 ;; {} ;; 9
2 * 3 + 1 ;; {} ;; 7
10 - 2 - 3 ;; {} ;; 5
100 / 10 / 5 ;; {} ;; 2
2 * 7 % 4 ;; {} ;; 2
7 - -2 ;; {} ;; 9
7--2 ;; {} ;; 9
1 -1 ;; {} ;; 0
-2 * 3 ;; {} ;; -6
- 2 - 3 ;; {} ;; -5
-(1 + 2) * 2 ;; {} ;; -6
--3 ;; {} ;; 3
-x * 2 ;; {"x":5} ;; -10
-x ;; {"x":"7"} ;; -7
-1.5e3 ;; {} ;; -1500.0
-9223372036854775808 ;; {} ;; -9223372036854775808
-(-9223372036854775808) ;; {} ;; 9.223372036854776e+18
2.5E-1 ;; {} ;; 0.25
1 + 2 == 3 && 2 * 2 > 3 ;; {} ;; true
x + 1 in [3] ;; {"x":2} ;; true
!x == y ;; {"x":false,"y":true} ;; true
!(x == y) ;; {"x":false,"y":true} ;; true
a || b && c ;; {"a":true,"b":false,"c":false} ;; true
(a || b) && c ;; {"a":true,"b":false,"c":false} ;; false
EOF
}

@test "expr: !a && b || c, and && || return booleans, like jq" {
	local r=$BATS_TEST_TMPDIR/r.ndjson v a b c
	: > "$r"
	for a in true false null 0 '"x"'; do
		for b in true false null; do
			for c in true false; do
				echo "{\"a\":$a,\"b\":$b,\"c\":$c}" >> "$r"
			done
		done
	done
	against_jq "$r" <<'EOF'
!a && b || c ;; ((.a | not) and .b) or .c
a || b && c ;; .a or (.b and .c)
!(a || b) ;; (.a or .b) | not
!!a ;; .a | not | not
a && c ;; .a and .c
EOF
}

@test "expr: arithmetic and comparisons agree with jq" {
	local r=$BATS_TEST_TMPDIR/r.ndjson
	cat > "$r" <<'EOF'
{"a":1,"b":2,"r":0.5,"s":"abc","t":"abd"}
{"a":7,"b":-3,"r":-2.25,"s":"b","t":"abc"}
{"a":-12,"b":5,"r":1e3,"s":"","t":"a"}
{"a":0,"b":1,"r":3.0,"s":"\u00e9","t":"z"}
{"a":100,"b":100,"r":0.1,"s":"same","t":"same"}
{"a":123456789,"b":1000,"r":1.5e-7,"s":"a\"b","t":"a b"}
EOF
	against_jq "$r" <<'EOF'
.a + .b * 3
(.a + .b) * 3
.a - .b - 1
.a * .b - .a / .b
.a / .b
.a % .b
-.a + 2
.r * 2 + 0.1
.r + .a / 3
.r * .r
.a + .r
0.1 + 0.2
.a == .b
.a != .b
.a < .b
.a <= .b
.a > .b
.a >= 2
.r < .a
.r == 0.5
.s < .t
.s > .t
.s == .t
.s <= "b"
.s + .t
.s + "-" + .t
.a < .b && .s < .t ;; .a < .b and .s < .t
.a == 1 || .s == "b" ;; .a == 1 or .s == "b"
!(.a < .b) ;; (.a < .b) | not
EOF
}

@test "expr: a typical rule agrees with jq over generated records" {
	local r=$BATS_TEST_TMPDIR/r.ndjson
	awk 'BEGIN { srand(42); for (i = 0; i < 3000; i++) {
	    s = int(rand() * 4); m = int(rand() * 5)
	    printf "{\"status\":%d,\"path\":\"%s\",\"method\":\"%s\"," \
		"\"ms\":%.3f,\"n\":%d}\n",
		s == 0 ? 200 : s == 1 ? 404 : s == 2 ? 500 : 503,
		rand() < 0.5 ? "/api/v" int(rand() * 3) : "/web/api",
		m == 0 ? "GET" : m == 1 ? "get" : m == 2 ? "Post" : \
		    m == 3 ? "DELETE" : "G\\u0045T",
		rand() * 1000, int(rand() * 100000) - 50000 } }' > "$r"
	grep -q 'G\\u0045T' "$r"
	against_jq "$r" <<'EOF'
status >= 500 && path =~ "^/api" && lower(method) == "get" ;; .status >= 500 and (.path | test("^/api")) and (.method | ascii_downcase) == "get"
.status / 100 * 3 - .n % 7 + .ms * 2
.n * .n - .n / 3
ms > 500 || upper(method) + path == "POST/web/api" ;; .ms > 500 or (.method | ascii_upcase) + .path == "POST/web/api"
path !~ "v[12]$" && n < 0 ;; (.path | test("v[12]$") | not) and .n < 0
EOF
}

@test "expr: rules agree with jq on real logs" {
	local d=$DATA/ndjson-logs o=otrf-security-datasets
	need_data ndjson-logs/usgs-earthquakes-vega/earthquakes.ndjson \
	    ndjson-logs/$o/apt29-day1-combined_zeek.ndjson \
	    ndjson-logs/$o/windows-cmd_seatbelt_group_user_2020-11-0216391814.json \
	    ndjson-logs/humanlog-slog-syncsvc/logdump-first20000.ndjson
	against_jq "$d/usgs-earthquakes-vega/earthquakes.ndjson" <<'EOF'
properties.mag >= 4.5 && properties.type == "earthquake" ;; .properties.mag >= 4.5 and .properties.type == "earthquake"
.properties.mag * 10 + .properties.sig / 7
.properties.time / 1000 - .properties.tz * 60
len(properties.place) ;; .properties.place | length
properties.place =~ "^[0-9]+km [NSEW]+ of " ;; .properties.place | test("^[0-9]+km [NSEW]+ of ")
lower(properties.magType) + "/" + upper(properties.net) ;; (.properties.magType | ascii_downcase) + "/" + (.properties.net | ascii_upcase)
geometry.coordinates[2] > 10 ;; .geometry.coordinates[2] > 10
geometry.coordinates[-1] ;; .geometry.coordinates[-1]
EOF
	against_jq "$d/$o/apt29-day1-combined_zeek.ndjson" <<'EOF'
id_resp_p == 443 || service == "dns" ;; .id_resp_p == 443 or .service == "dns"
ts ;; .ts
@stream ;; .["@stream"]
EOF
	against_jq "$d/$o/windows-cmd_seatbelt_group_user_2020-11-0216391814.json" <<'EOF'
Message =~ "Account Name:[[:space:]]+wardog" ;; .Message | test("Account Name:\\s+wardog")
len(Message) ;; .Message | length
EventID in [4688, 4689, 1102] ;; .EventID | . == 4688 or . == 4689 or . == 1102
Message ;; .Message
EOF
	against_jq "$d/humanlog-slog-syncsvc/logdump-first20000.ndjson" <<'EOF'
level == "ERROR" ;; .level == "ERROR"
EOF
}

@test "expr: a missing field is null in every operator" {
	cases <<'EOF'
m ;; {} ;; null
m == null ;; {} ;; true
m != null ;; {} ;; false
m == 0 ;; {} ;; false
m == "" ;; {} ;; false
m == false ;; {} ;; false
m != 0 ;; {} ;; true
m < 1 ;; {} ;; false
m <= 1 ;; {} ;; false
m > 1 ;; {} ;; false
m >= 1 ;; {} ;; false
1 > m ;; {} ;; false
m < m ;; {} ;; false
m <= m ;; {} ;; false
m >= "" ;; {} ;; false
m + 1 ;; {} ;; null
1 - m ;; {} ;; null
m * 2 ;; {} ;; null
m / 2 ;; {} ;; null
m % 2 ;; {} ;; null
m + "a" ;; {} ;; null
-m ;; {} ;; null
!m ;; {} ;; true
m && true ;; {} ;; false
m || true ;; {} ;; true
m =~ "" ;; {} ;; false
m !~ "x" ;; {} ;; true
m in [null] ;; {} ;; true
m in [1, "a"] ;; {} ;; false
m !in [1] ;; {} ;; true
1 in m ;; {} ;; false
1 !in m ;; {} ;; true
m.x.y ;; {} ;; null
m[0] ;; {} ;; null
x.y ;; {"x":5} ;; null
x[3] ;; {"x":[1]} ;; null
x.y ;; {"x":{"y":null}} ;; null
exists(m) ;; {} ;; false
exists(x.y) ;; {"x":{"y":null}} ;; true
exists(x.z) ;; {"x":{"y":null}} ;; false
len(m) ;; {} ;; null
lower(m) ;; {} ;; null
upper(m) ;; {} ;; null
num(m) ;; {} ;; null
str(m) ;; {} ;; "null"
time(m) ;; {} ;; null
abs(m) ;; {} ;; null
round(m) ;; {} ;; null
floor(m) ;; {} ;; null
ceil(m) ;; {} ;; null
min(m) ;; {} ;; null
max(m, 2) ;; {} ;; 2
contains(m, "a") ;; {} ;; null
contains("a", m) ;; {} ;; null
startswith(m, "a") ;; {} ;; null
endswith("a", m) ;; {} ;; null
type(m) ;; {} ;; "null"
[m] ;; {} ;; [null]
prev(m) ;; {} ;; null
EOF
}

@test "expr: type coercion in comparisons and arithmetic" {
	cases <<'EOF'
status == "200" ;; {"status":200} ;; true
status != "200" ;; {"status":200} ;; false
"200" == status ;; {"status":200} ;; true
status == "200.0" ;; {"status":200} ;; true
status == " 200 " ;; {"status":200} ;; false
status == "2e2" ;; {"status":200} ;; true
status == "0x10" ;; {"status":16} ;; false
status == "200 OK" ;; {"status":200} ;; false
status == "200" ;; {"status":"200"} ;; true
status == 200 ;; {"status":"200"} ;; true
status >= 500 ;; {"status":"503"} ;; true
"10" < 9 ;; {} ;; false
"10" > 9 ;; {} ;; true
9 < "10" ;; {} ;; true
"10" < "9" ;; {} ;; true
"10" == "10.0" ;; {} ;; false
"abc" < "abd" ;; {} ;; true
"abc" < "abc" ;; {} ;; false
"abc" <= "abc" ;; {} ;; true
2 < 2 ;; {} ;; false
2 <= 2 ;; {} ;; true
2 > 2 ;; {} ;; false
2 >= 2.0 ;; {} ;; true
x < "10" ;; {"x":9.5} ;; true
"abc" < "abcd" ;; {} ;; true
"" < "a" ;; {} ;; true
"B" < "a" ;; {} ;; true
"é" > "z" ;; {} ;; true
"abc" == "ABC" ;; {} ;; false
"abc" < 1 ;; {} ;; false
"abc" >= 1 ;; {} ;; false
true == 1 ;; {} ;; false
true == "true" ;; {} ;; false
true < false ;; {} ;; false
0 == false ;; {} ;; false
"" == null ;; {} ;; false
null == null ;; {} ;; true
1 == 1.0 ;; {} ;; true
x == 1 ;; {"x":1.0} ;; true
x == 100 ;; {"x":1e2} ;; true
9007199254740993 == 9007199254740992 ;; {} ;; false
9007199254740993 > 9007199254740992.0 ;; {} ;; true
9223372036854775807 == 9223372036854775806 ;; {} ;; false
x > y ;; {"x":9223372036854775807,"y":9223372036854775806} ;; true
0.1 + 0.2 == 0.3 ;; {} ;; false
"a" + 1 ;; {} ;; null
1 + "a" ;; {} ;; null
1 + "2" ;; {} ;; 3
"1" + "2" ;; {} ;; "12"
"a" + "b" ;; {} ;; "ab"
"3" * "4" ;; {} ;; 12
"7" / 2 ;; {} ;; 3.5
true + 1 ;; {} ;; null
[1] + 1 ;; {} ;; null
x + y ;; {"x":[1, 2],"y":[ 3 ]} ;; [1,2,3]
x + [] ;; {"x":[1]} ;; [1]
[] + x ;; {"x":[1]} ;; [1]
[] + [] ;; {} ;; []
x + y ;; {"x":{"a":1},"y":{"b":2}} ;; null
7 / 2 ;; {} ;; 3.5
6 / 3 ;; {} ;; 2
6.0 / 3 ;; {} ;; 2.0
1 / 0 ;; {} ;; null
1 / 0.0 ;; {} ;; null
0 / 0 ;; {} ;; null
5 % 0 ;; {} ;; null
-7 % 3 ;; {} ;; -1
7 % -3 ;; {} ;; 1
7.5 % 2 ;; {} ;; 1.5
-9223372036854775808 % -1 ;; {} ;; 0
-9223372036854775808 / -1 ;; {} ;; 9.223372036854776e+18
9223372036854775807 + 1 ;; {} ;; 9.223372036854776e+18
-9223372036854775807 - 2 ;; {} ;; -9.223372036854776e+18
4294967296 * 4294967296 ;; {} ;; 1.8446744073709552e+19
3037000499 * 3037000499 ;; {} ;; 9223372030926249001
1e308 * 10 ;; {} ;; null
x == y ;; {"x":[1, "a", {"b": [2]}],"y":[1,"a",{"b":[2.0]}]} ;; true
x == y ;; {"x":[1, 2],"y":[2, 1]} ;; false
x == y ;; {"x":{"a":1, "b":2},"y":{"b":2,"a":1}} ;; true
x == y ;; {"x":{"a":1},"y":{"a":1,"b":2}} ;; false
x == [1, "a"] ;; {"x":[1,"a"]} ;; true
x == "a\"b" ;; {"x":"a\u0022b"} ;; true
EOF
}

@test "expr: output of values as JSON, numbers in shortest round-trip form" {
	cases <<'EOF'
0.1 ;; {} ;; 0.1
0.1 + 0.2 ;; {} ;; 0.30000000000000004
1 / 3 ;; {} ;; 0.3333333333333333
3.0 ;; {} ;; 3.0
1e2 ;; {} ;; 100.0
123456789012 ;; {} ;; 123456789012
x ;; {"x":-0.0} ;; -0.0
x ;; {"x":1e999} ;; null
x ;; {"x":"tab\tnl\n\u0001 \u00e9 \ud83d\ude00"} ;; "tab\tnl\n\u0001 é 😀"
x ;; {"x": [ 1 , { "a b" : "c d" } ] } ;; [1,{"a b":"c d"}]
x ;; {"x":{}} ;; {}
[1, "a", x, [y]] ;; {"x":{"k":[true, null]},"y":"\u00e9"} ;; [1,"a",{"k":[true,null]},["é"]]
[] ;; {} ;; []
true ;; {} ;; true
null ;; {} ;; null
"a\u00e9\n" ;; {} ;; "aé\n"
'it\'s a \\ b \n' ;; {} ;; "it's a \\ b \\n"
'' ;; {} ;; ""
EOF
}

@test "expr: field paths: nested keys, @keys, indexes, quoted keys" {
	cases <<'EOF'
user.id ;; {"user":{"id":42}} ;; 42
.user.id ;; {"user":{"id":42}} ;; 42
@window.start ;; {"@window":{"start":"2015"}} ;; "2015"
tags[0] ;; {"tags":["a","b"]} ;; "a"
tags[-1] ;; {"tags":["a","b"]} ;; "b"
a[1][0] ;; {"a":[[1],[2,3]]} ;; 2
."odd key" ;; {"odd key":1} ;; 1
a."b.c" ;; {"a":{"b.c":2}} ;; 2
listen.port ;; {"listen.port":8080} ;; 8080
user_name ;; {"user_name":"x"} ;; "x"
$x ;; {"$x":1} ;; 1
a-b ;; {"a":5,"b":2,"a-b":9} ;; 3
."a-b" ;; {"a":5,"b":2,"a-b":9} ;; 9
len ;; {"len":3} ;; 3
len(len) ;; {"len":"abc"} ;; 3
."true" ;; {"true":1} ;; 1
x.in ;; {"x":{"in":1}} ;; 1
x ;; {"x":1,"x":2} ;; 2
EOF
}

@test "expr: regular expressions: anchors, classes, !~, on numbers" {
	cases <<'EOF'
path =~ "^/api" ;; {"path":"/api/v1"} ;; true
path =~ "^/api" ;; {"path":"/v1/api"} ;; false
path =~ "api$" ;; {"path":"/v1/api"} ;; true
path =~ "api" ;; {"path":"/v1/api/x"} ;; true
path =~ "^/v[0-9]+/" ;; {"path":"/v12/x"} ;; true
path =~ "^/v[[:digit:]]{2}/" ;; {"path":"/v1/x"} ;; false
path =~ "^[[:alpha:]]+$" ;; {"path":"Hello"} ;; true
path =~ "^(GET|POST) " ;; {"path":"POST /x"} ;; true
path =~ "^get" ;; {"path":"GET /"} ;; false
path =~ "a.c" ;; {"path":"abc"} ;; true
path =~ "a\\.c" ;; {"path":"abc"} ;; false
path =~ 'a\.c' ;; {"path":"a.c"} ;; true
path =~ "" ;; {"path":""} ;; true
path !~ "^/api" ;; {"path":"/api/v1"} ;; false
path !~ "^/api" ;; {"path":"/web"} ;; true
path =~ "é" ;; {"path":"caf\u00e9"} ;; true
path =~ "^caf.$" ;; {"path":"caf\u00e9"} ;; true
path =~ "^caf..$" ;; {"path":"caf\u00e9"} ;; false
path =~ "^caf[[:alpha:]]" ;; {"path":"caf\u00e9"} ;; true
path =~ "^\\d+$" ;; {"path":"12345"} ;; true
path =~ "^\\d+$" ;; {"path":"123a5"} ;; false
path =~ "^\\w+\\s\\S+$" ;; {"path":"caf\u00e9 x"} ;; true
path =~ "(?i)^get " ;; {"path":"GET /"} ;; true
path =~ "^[a-z]+$" ;; {"path":"x\u0000<script>"} ;; false
path =~ "^x\\x00<" ;; {"path":"x\u0000<script>"} ;; true
path =~ "\\bapi\\b" ;; {"path":"/v1/api/x"} ;; true
path =~ "^(?<verb>[A-Z]+) " ;; {"path":"POST /x"} ;; true
path =~ "^[a-z]+$" ;; {"path":"abcXYZ"} ;; false
status =~ "^5" ;; {"status":503} ;; true
status =~ "^5" ;; {"status":200} ;; false
status !~ "^5" ;; {"status":200} ;; true
x =~ "^1\\.5$" ;; {"x":1.5} ;; true
x =~ "true" ;; {"x":true} ;; false
x =~ "1" ;; {"x":[1]} ;; false
x !~ "1" ;; {"x":[1]} ;; true
EOF
}

@test "expr: in and !in: array literals, array fields, object keys" {
	cases <<'EOF'
x in [1, 2, 3] ;; {"x":2} ;; true
x in [1, 2, 3] ;; {"x":4} ;; false
x in [1, 2, 3] ;; {"x":"2"} ;; true
x in ["GET", "HEAD"] ;; {"x":"GET"} ;; true
x in ["GET", "HEAD"] ;; {"x":"get"} ;; false
x !in ["GET", "HEAD"] ;; {"x":"PUT"} ;; true
x ! in ["GET", "HEAD"] ;; {"x":"GET"} ;; false
x in [] ;; {"x":1} ;; false
x in [y, z] ;; {"x":1,"y":0,"z":1} ;; true
x in [y + 1] ;; {"x":1,"y":0} ;; true
x in tags ;; {"x":"b","tags":["a","b"]} ;; true
x in tags ;; {"x":"c","tags":["a","b"]} ;; false
x !in tags ;; {"x":"c","tags":["a","b"]} ;; true
x in tags ;; {"x":"a\"","tags":["a\u0022"]} ;; true
x in tags ;; {"x":2,"tags":[1.0, 2.0]} ;; true
[1] in [[1], [2]] ;; {} ;; true
x in o ;; {"x":"k","o":{"k":null}} ;; true
x in o ;; {"x":"j","o":{"k":null}} ;; false
x in o ;; {"x":1,"o":{"":1,"1":2}} ;; false
x in s ;; {"x":"a","s":"abc"} ;; false
x in (tags) ;; {"x":"a","tags":["a"]} ;; true
EOF
}

@test "expr: functions len lower upper num str type" {
	cases <<'EOF'
len("") ;; {} ;; 0
len("abc") ;; {} ;; 3
len("héllo") ;; {} ;; 5
len(x) ;; {"x":"\u00e9\ud83d\ude00"} ;; 2
len(x) ;; {"x":"日本語"} ;; 3
len(x) ;; {"x":[1, [2, 3], {"a": 4}]} ;; 3
len(x) ;; {"x":[]} ;; 0
len(x) ;; {"x":{"a":1,"b":[1,2]}} ;; 2
len([1, x]) ;; {} ;; 2
len(12) ;; {} ;; null
len(true) ;; {} ;; null
lower("GeT /X") ;; {} ;; "get /x"
upper(x) ;; {"x":"get é"} ;; "GET é"
lower(x) ;; {"x":"ÉCOLE"} ;; "École"
lower(1) ;; {} ;; null
upper(x) + lower(x) ;; {"x":"aB"} ;; "ABab"
num("42") ;; {} ;; 42
num(" -1.5e3 ") ;; {} ;; null
num("+7") ;; {} ;; null
num("12abc") ;; {} ;; null
num("") ;; {} ;; null
num("inf") ;; {} ;; null
num("0x10") ;; {} ;; null
num(x) ;; {"x":3.25} ;; 3.25
num(true) ;; {} ;; null
num([1]) ;; {} ;; null
str(42) ;; {} ;; "42"
str(-0.5) ;; {} ;; "-0.5"
str(0.1 + 0.2) ;; {} ;; "0.30000000000000004"
str(1.5e3) ;; {} ;; "1500.0"
str(x) ;; {"x":1e-7} ;; "1e-07"
str("s") ;; {} ;; "s"
str(true) ;; {} ;; "true"
str(null) ;; {} ;; "null"
str(x) ;; {"x":[1, {"a" : "b"}]} ;; "[1,{\"a\":\"b\"}]"
str(x) + "s" ;; {"x":200} ;; "200s"
len(str(x)) ;; {"x":12345} ;; 5
type(1) ;; {} ;; "number"
type("a") ;; {} ;; "string"
type(x) ;; {"x":false} ;; "boolean"
type(x) ;; {"x":[]} ;; "array"
type(x) ;; {"x":{}} ;; "object"
type(null) ;; {} ;; "null"
EOF
}

@test "expr: len and lower/upper agree with jq on real strings" {
	local r=$BATS_TEST_TMPDIR/r.ndjson
	cat > "$r" <<'EOF'
{"s":"","a":[],"o":{}}
{"s":"Straße ÉCOLE","a":[1,[2],{"x":3}],"o":{"a":1,"b":{"c":2}}}
{"s":"\ud83d\ude00 x\u0000y","a":["", null],"o":{"":0}}
{"s":"MiXeD 123 ÀÉ","a":[[]],"o":{"k":[1,2,3]}}
EOF
	against_jq "$r" <<'EOF'
len(s) ;; .s | length
len(a) ;; .a | length
len(o) ;; .o | length
lower(s) ;; .s | ascii_downcase
upper(s) ;; .s | ascii_upcase
EOF
}

@test "expr: time() of several notations agrees with date(1)" {
	local s want got
	while IFS= read -r s; do
		want=$(date -u -d "${s#*|}" +%s.%N)
		got=$(echo "{\"t\":\"${s%%|*}\"}" | sluice-expr 'time(t)')
		run -0 jq -n "$got == $want"
		if [ "$output" != true ]; then
			echo "${s%%|*}: got $got, date(1) says $want" >&2
			return 1
		fi
	done <<'EOF'
2015-05-17T10:05:03.120Z|2015-05-17T10:05:03.120Z
2015-05-17T12:05:03+02:00|2015-05-17T12:05:03+02:00
2015-05-17t10:05:03.123456789-00:30|2015-05-17T10:05:03.123456789-00:30
2015-05-17 10:05:03|2015-05-17 10:05:03Z
2015-05-17|2015-05-17 00:00:00Z
Tue, 15 Nov 1994 08:12:31 GMT|Tue, 15 Nov 1994 08:12:31 GMT
Sun Nov  6 08:49:37 1994|Sun Nov  6 08:49:37 1994 UTC
10/Oct/2000:13:55:36 -0700|2000-10-10 13:55:36 -0700
1588205199.82437|@1588205199.82437
1446249499322|@1446249499.322
EOF
}

@test "expr: time() of numbers, bad times, arithmetic on times" {
	cases <<'EOF'
time(12.5) ;; {} ;; 12.5
time("1969-12-31T23:59:59.5Z") ;; {} ;; -0.5
time(x) ;; {"x":1446249499322} ;; 1446249499322
time(x) ;; {"x":"2015-05-17T10:05:03Z"} ;; 1431857103
time("yesterday") ;; {} ;; null
time("2015-13-01") ;; {} ;; null
time("") ;; {} ;; null
time(true) ;; {} ;; null
time(b) - time(a) ;; {"a":"2015-05-17T10:05:03Z","b":"2015-05-17T10:06:03.5Z"} ;; 60.5
time(a) < time(b) ;; {"a":"2015-05-17T11:00+02:00","b":"2015-05-17T10:00Z"} ;; true
EOF
}

@test "expr: functions abs round floor ceil min max" {
	cases <<'EOF'
abs(-3) ;; {} ;; 3
abs(3) ;; {} ;; 3
abs(-2.5) ;; {} ;; 2.5
abs("-4") ;; {} ;; 4
abs(-9223372036854775808) ;; {} ;; 9.223372036854776e+18
abs("x") ;; {} ;; null
round(2.5) ;; {} ;; 3
round(-2.5) ;; {} ;; -3
round(2.4) ;; {} ;; 2
round(7) ;; {} ;; 7
round("1.6") ;; {} ;; 2
round(1e300) ;; {} ;; 1e+300
floor(-1.5) ;; {} ;; -2
floor(1.9) ;; {} ;; 1
ceil(1.1) ;; {} ;; 2
ceil(-1.9) ;; {} ;; -1
ceil(x) ;; {"x":"2.000001"} ;; 3
floor(true) ;; {} ;; null
min(3, 1, 2) ;; {} ;; 1
max(3, 1, 2) ;; {} ;; 3
min(5) ;; {} ;; 5
max(1, 2.5) ;; {} ;; 2.5
min(-1, -1.5) ;; {} ;; -1.5
min(1, 1.0) ;; {} ;; 1
max(2.0, 2, "2") ;; {} ;; 2.0
min("b", "a", "c") ;; {} ;; "a"
max("b", "a", "c") ;; {} ;; "c"
min("10", "9") ;; {} ;; "10"
min(10, "9") ;; {} ;; "9"
max(x, y) ;; {"x":"12","y":3} ;; "12"
min(1, "a") ;; {} ;; null
max(1, true) ;; {} ;; null
min(1, [0]) ;; {} ;; null
max(m, 1, n, 4) ;; {} ;; 4
min(m, n) ;; {} ;; null
max(x) ;; {"x":[3, 9, 1]} ;; 9
min(x) ;; {"x":[3, 9, 1]} ;; 1
min(x) ;; {"x":["b", "a\u0000"]} ;; "a\u0000"
max(x) ;; {"x":[null, 2, null]} ;; 2
max(x) ;; {"x":[]} ;; null
max(x) ;; {"x":[1, "a"]} ;; null
max([1, y, 3]) ;; {"y":7} ;; 7
max(x, 0) ;; {"x":[5]} ;; null
EOF
}

@test "expr: functions contains startswith endswith exists" {
	cases <<'EOF'
contains("hello", "ell") ;; {} ;; true
contains("hello", "") ;; {} ;; true
contains("hello", "hello!") ;; {} ;; false
contains("héllo", "él") ;; {} ;; true
contains(x, "b") ;; {"x":["a","b"]} ;; true
contains(x, 2) ;; {"x":[1,"2"]} ;; true
contains(x, "c") ;; {"x":["a","b"]} ;; false
contains(x, [1]) ;; {"x":[[1]]} ;; true
contains(x, "k") ;; {"x":{"k":1}} ;; true
contains(x, "v") ;; {"x":{"k":"v"}} ;; false
contains(123, "2") ;; {} ;; null
startswith("abc", "ab") ;; {} ;; true
startswith("abc", "b") ;; {} ;; false
startswith("ab", "abc") ;; {} ;; false
startswith("abc", "") ;; {} ;; true
endswith("abc", "bc") ;; {} ;; true
endswith("abc", "ab") ;; {} ;; false
endswith("c", "abc") ;; {} ;; false
startswith(1, "1") ;; {} ;; null
exists(a) ;; {"a":null} ;; true
exists(a) ;; {"b":1} ;; false
exists(a.b[1]) ;; {"a":{"b":[0,0]}} ;; true
exists(a.b[2]) ;; {"a":{"b":[0,0]}} ;; false
exists(@timestamp) ;; {"@timestamp":"x"} ;; true
exists(."odd key") ;; {"odd key":false} ;; true
EOF
}

@test "expr: --test prints true or false by truthiness" {
	run -0 pipeline "printf '%s\n' '{\"x\":0}' '{\"x\":\"\"}' '{\"x\":[]}' \
	    '{\"x\":false}' '{\"x\":null}' '{}' '{\"x\":{}}' |
	    sluice-expr --test x"
	assert_eq "$(echo $output)" "true true true false false false true"
}

@test "expr: prev() spike rule count > 3 * prev(count)" {
	run -0 pipeline "printf '%s\n' '{\"count\":10}' '{\"count\":20}' \
	    '{\"count\":61}' '{\"count\":62}' '{}' '{\"count\":5}' \
	    '{\"count\":16}' | sluice-expr --test 'count > 3 * prev(count)'"
	assert_eq "$(echo $output)" "false false true false false false true"
}

@test "expr: prev() change rule status != prev(status)" {
	run -0 pipeline "printf '%s\n' '{\"status\":200}' '{\"status\":200}' \
	    '{\"status\":500}' '{\"status\":\"500\"}' '{\"status\":200}' |
	    sluice-expr --test 'status != prev(status)'"
	assert_eq "$(echo $output)" "true false true false true"
	run -0 pipeline "printf '%s\n' '{\"status\":200}' '{\"status\":200}' \
	    '{\"status\":500}' | sluice-expr --test \
	    'prev(status) != null && status != prev(status)'"
	assert_eq "$(echo $output)" "false false true"
}

@test "expr: prev() values: several, nested, strings kept across records" {
	run -0 pipeline "printf '%s\n' '{\"a\":1,\"s\":\"x\\u00e9\"}' \
	    '{\"a\":2,\"s\":\"y\"}' '{\"a\":3,\"s\":[1, 2]}' '{\"a\":4}' |
	    sluice-expr '[prev(a), prev(s), prev(prev(a)), a - prev(a)]'"
	assert_eq "$(echo $output)" \
	    '[null,null,null,null] [1,"xé",null,1] [2,"y",1,1] [3,[1,2],2,1]'
}

@test "expr: prev() arguments are evaluated even when short-circuited" {
	run -0 pipeline "printf '%s\n' '{\"on\":false,\"x\":1}' \
	    '{\"on\":true,\"x\":2}' '{\"on\":true,\"x\":3}' |
	    sluice-expr 'on && prev(x)'"
	assert_eq "$(echo $output)" "false true true"
	run -0 pipeline "printf '%s\n' '{\"on\":false,\"x\":1}' \
	    '{\"on\":true,\"x\":2}' |
	    sluice-expr '[on || prev(x) == 9, prev(x)]'"
	assert_eq "$(echo $output)" "[false,null] [true,1]"
}

@test "expr: every compile error names its column" {
	cases <<'EOF'
len(x ;; {} ;; error: column 6: expected ')'
status >= 500 && (a || b ;; {} ;; error: column 25: expected ')'
lower(method) == "get" && len(path, 3) ;; {} ;; error: column 27: len() takes 1 argument
(1 + 2 ;; {} ;; error: column 7: expected ')'
len(1, ;; {} ;; error: column 7: unexpected end of expression
1 + ;; {} ;; error: column 4: unexpected end of expression
x == ;; {} ;; error: column 5: unexpected end of expression
! ;; {} ;; error: column 2: unexpected end of expression
x in ;; {} ;; error: column 5: unexpected end of expression
x =~ ;; {} ;; error: column 5: unexpected end of expression
lenght(x) > 3 ;; {} ;; error: column 1: unknown function 'lenght'
a && foo_bar(1 ;; {} ;; error: column 6: unknown function 'foo_bar'
"é" == lenght(x) ;; {} ;; error: column 8: unknown function 'lenght'
path == "abc ;; {} ;; error: column 9: unterminated string
path == 'abc ;; {} ;; error: column 9: unterminated string
x == "a\"b ;; {} ;; error: column 6: unterminated string
x == "a\qb" ;; {} ;; error: column 8: bad string: invalid escape near '\qb"'
x =~ y ;; {} ;; error: column 6: =~ needs a string literal on its right
x !~ 1 ;; {} ;; error: column 6: !~ needs a string literal on its right
x =~ "a(" ;; {} ;; error: column 6: bad regular expression: missing closing parenthesis (at character 3 of the pattern)
x =~ "[b-a]" ;; {} ;; error: column 6: bad regular expression: range out of order in character class (at character 4 of the pattern)
x =~ "a++++++++++++++++++++++++" ;; {} ;; error: column 6: bad regular expression: quantifier does not follow a repeatable item (at character 4 of the pattern)
len() ;; {} ;; error: column 1: len() takes 1 argument
startswith("a") ;; {} ;; error: column 1: startswith() takes 2 arguments
max() ;; {} ;; error: column 1: max() takes at least 1 argument
prev(a, b) ;; {} ;; error: column 1: prev() takes 1 argument
exists(1) ;; {} ;; error: column 8: exists() needs a field path
x && exists("a") ;; {} ;; error: column 13: exists() needs a field path
a b ;; {} ;; error: column 3: unexpected 'b'
a == b == c ;; {} ;; error: column 8: unexpected '=='
a ! b ;; {} ;; error: column 5: expected 'in' after '!'
) ;; {} ;; error: column 1: unexpected ')'
in ;; {} ;; error: column 1: unexpected 'in'
[1, 2 ;; {} ;; error: column 6: expected ',' or ']'
[1 2] ;; {} ;; error: column 4: expected ',' or ']'
[1,] ;; {} ;; error: column 4: unexpected ']'
a = 1 ;; {} ;; error: column 3: unexpected '=' (use '==' to compare)
a & b ;; {} ;; error: column 3: unexpected '&' (use '&&')
a | b ;; {} ;; error: column 3: unexpected '|' (use '||')
a # b ;; {} ;; error: column 3: unexpected '#'
1. ;; {} ;; error: column 1: bad number
1.5.3 ;; {} ;; error: column 1: bad number
5abc ;; {} ;; error: column 1: bad number
1e999 ;; {} ;; error: column 1: number out of range
a[x] ;; {} ;; error: column 2: expected [INTEGER]
x == ."odd ;; {} ;; error: column 7: unterminated quoted key
a.b(1) ;; {} ;; error: column 4: unexpected '('
. ;; {} ;; error: column 1: unexpected '.'
EOF
}

@test "expr: compile errors exit 2 with the message on stderr only" {
	run -2 --separate-stderr sluice-expr 'status >= 500 && len(path' \
	    < /dev/null
	assert_eq "$output" ""
	assert_eq "$stderr" "sluice-expr: column 26: expected ')'"
	run -2 --separate-stderr sluice-expr '' < /dev/null
	assert_eq "$stderr" "sluice-expr: column 1: empty expression"
	run -2 --separate-stderr sluice-expr '  ' < /dev/null
	assert_eq "$stderr" "sluice-expr: column 3: empty expression"
}

@test "expr: deep nesting is refused, not a crash" {
	local deep
	deep=$(printf '(%.0s' $(seq 2000))
	run -2 --separate-stderr sluice-expr "${deep}1" < /dev/null
	assert_eq "$stderr" \
	    "sluice-expr: column 1001: expression nested too deeply"
	deep=$(printf '!%.0s' $(seq 2000))
	run -2 --separate-stderr sluice-expr "${deep}1" < /dev/null
	assert_eq "$stderr" \
	    "sluice-expr: column 1001: expression nested too deeply"
	deep=$(printf 'x + %.0s' $(seq 2000))
	run -2 --separate-stderr sluice-expr "${deep}1" < /dev/null
	assert_eq "${stderr%%:*}" "sluice-expr"
	[[ $stderr == *"expression nested too deeply" ]]
	deep=$(printf 'x + %.0s' $(seq 900))
	run -0 pipeline "echo '{\"x\":1}' | sluice-expr '${deep}1'"
	assert_eq "$output" 901
}

@test "expr: a bad record is reported and skipped, the rest evaluated" {
	run -1 --separate-stderr pipeline "printf '%s\n' '{\"x\":1}' '[1]' \
	    '{\"x\":' '{\"x\":2}' | sluice-expr 'x + 1'"
	assert_eq "$(echo $output)" "2 3"
	[[ $stderr == *"stdin:2:1: not a JSON object"* ]]
	[[ $stderr == *"stdin:3:"* ]]
}

# The evaluator must not allocate per record: the heap usage of 1,000
# and of 100,000 records is the same.
@test "expr: no allocation per record on the common path (valgrind)" {
	local e f n a b
	command -v valgrind > /dev/null || skip "valgrind not installed"
	if grep -qa __asan_init "$SLUICE_BIN/sluice-expr"; then
		skip "valgrind does not run sanitizer builds"
	fi
	for n in 1000 100000; do
		awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
		    printf "{\"status\":%d,\"path\":\"/api/v%d/caf\\u00e9\"," \
		    "\"method\":\"%s\",\"n\":%d,\"tags\":[\"a\",\"b%d\"]}\n",
		    i % 7 ? 200 : 503, i % 3, i % 2 ? "GET" : "Post", i,
		    i % 5 }' > "$BATS_TEST_TMPDIR/r$n"
	done
	for e in 'status >= 500 && path =~ "^/api" && lower(method) == "get"' \
	    'str(n) + upper(method) + path != "" && "b1" in tags &&
	    max(n, status) > 3 && [n, path] != [] && time("2015-05-17") > 0'
	do
		for n in 1000 100000; do
			f=$BATS_TEST_TMPDIR/r$n
			valgrind --error-exitcode=9 "$SLUICE_BIN/sluice-expr" \
			    "$e" < "$f" > "$f.out" 2> "$f.vg"
			grep -q true "$f.out"
			grep -q false "$f.out"
		done
		a=$(sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' \
		    "$BATS_TEST_TMPDIR/r1000.vg")
		b=$(sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' \
		    "$BATS_TEST_TMPDIR/r100000.vg")
		[ -n "$a" ]
		assert_eq "$b" "$a"
	done
}

@test "expr: capture() returns the first group, the match, or null" {
	printf '%s\n' '{"m":"Failed password for root from 203.0.113.9 port 22 ssh2"}' \
	    '{"m":"Accepted publickey"}' '{"m":12345}' '{}' > "$BATS_TEST_TMPDIR/in"
	run -0 sluice-expr 'capture(m, "from ([0-9.]+) port")' < "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '"203.0.113.9"
null
null
null'
	run -0 sluice-expr 'capture(m, "[0-9]{3}")' < "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '"203"
null
"123"
null'
	# Oracle: sed extracts the same addresses from the real auth.log.
	need_data syslog/elastic-examples-auth/auth.log
	f=$DATA/syslog/elastic-examples-auth/auth.log
	sed -n 's/.*Failed password for .* from \([0-9.]*\) port.*/\1/p' "$f" > "$BATS_TEST_TMPDIR/sed"
	ingest -f syslog --year 2015 "$f" | sluice-expr 'capture(message, "Failed password for .* from ([0-9.]+) port")' |
	    grep -v '^null$' | tr -d '"' > "$BATS_TEST_TMPDIR/ours"
	[ -s "$BATS_TEST_TMPDIR/sed" ]
	cmp "$BATS_TEST_TMPDIR/sed" "$BATS_TEST_TMPDIR/ours"
	run -2 --separate-stderr sluice-expr 'capture(m, x)'
	[[ "$stderr" == *"column 12: capture() needs a string literal"* ]]
	run -2 --separate-stderr sluice-expr 'capture(m, "(")'
	[[ "$stderr" == *"bad regular expression"* ]]
}

@test "expr: =~ (PCRE2) agrees with Python's re over random Unicode strings" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	# Each pattern against 300 random strings over ASCII letters and
	# digits, an Arabic-Indic digit, accented and CJK letters, spaces
	# (one no-break), NUL and punctuation: Python's re is the oracle.
	python3 - "$BATS_TEST_TMPDIR" <<'PY'
import json, random, re, sys
d = sys.argv[1]
random.seed(7)
alpha = "aZ5_\u0663\u00e9\u65e5 \t\u00a0-\0<"
pats = [r"^\d+$", r"^\w+$", r"\s", r"(?i)^az", r"^.{3}$", r"^[^\s]+$",
        r"\b\d", r"^a.*\d$", r"^[a-z]+$", r"\x00<"]
strs = ["".join(random.choice(alpha) for _ in range(random.randint(0, 6)))
        for _ in range(300)]
with open(d + "/in", "w") as f:
    for s in strs:
        f.write(json.dumps({"s": s}) + "\n")
with open(d + "/pats", "w") as f, open(d + "/want", "w") as w:
    for p in pats:
        f.write(p + "\n")
        for s in strs:
            w.write("%s\n" % ("true" if re.search(p, s) else "false"))
PY
	: > "$BATS_TEST_TMPDIR/got"
	while IFS= read -r p; do
		sluice-expr -- "s =~ $(jq -Rn --arg p "$p" '$p')" \
		    < "$BATS_TEST_TMPDIR/in" >> "$BATS_TEST_TMPDIR/got"
	done < "$BATS_TEST_TMPDIR/pats"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/want")" -eq 3000 ]
	diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "expr: a runaway match is a per-record error within a second, in every tool" {
	local r=$REPRO/regex-backref-300.ndjson
	need_repro regex-backref-300.ndjson
	{ cat "$r"; echo '{"m":"ok"}'; } > "$BATS_TEST_TMPDIR/in"
	SECONDS=0
	run -1 validate -r 'm =~ "(a*)*\\1$"' --reject "$BATS_TEST_TMPDIR/v" "$BATS_TEST_TMPDIR/in"
	assert_eq "$output" '{"m":"ok"}'
	jq -e '.["@error"].errors[0].message | test("rule 1 cannot be decided: regular expression: match limit")' "$BATS_TEST_TMPDIR/v"
	run -1 aggregate -a count --where 'm =~ "(a*)*\\1$"' --reject "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/in"
	jq -e '.["@error"].reason | test("^--where cannot be decided: regular expression: match limit")' "$BATS_TEST_TMPDIR/a"
	run -1 aggregate -a count --by-expr 'k=capture(m, "(a*)*\\1$")' --reject "$BATS_TEST_TMPDIR/b" "$BATS_TEST_TMPDIR/in"
	[ "$(jq -c 'select(.k) | [.k, .count]' <<< "$output")" = '["",1]' ]
	jq -e '.["@error"].reason | test("^--by-expr k cannot be decided")' "$BATS_TEST_TMPDIR/b"
	run -1 alert -r 'x: m =~ "(a*)*\\1$"' --reject "$BATS_TEST_TMPDIR/l" "$BATS_TEST_TMPDIR/in"
	jq -e '.["@error"].reason | test("^rule x cannot be decided")' "$BATS_TEST_TMPDIR/l"
	[ "$SECONDS" -le 4 ]
}

@test "expr: a numeric string is exactly a JSON number, as aggregate reads it, against python3" {
	T=$BATS_TEST_TMPDIR
	python3 - "$T/in" <<-'PY'
	import json, math, re, sys
	GRAMMAR = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
	def is_number(s):
	    return GRAMMAR.fullmatch(s) is not None and math.isfinite(float(s))
	strs = ["5", "+5", ".5", "5.", "-0.5", " 7 ", "7 ", "\t7", "00012",
	    "0", "-0", "1e3", "1E-2", "1e", "0x1f", "inf", "NaN", "", "-",
	    "1e999", "1e-999", "12abc", "9223372036854775808", "01",
	    "\uff15", "1_0"]
	with open(sys.argv[1], "w") as f:
	    for s in strs:
	        v = None
	        if is_number(s):
	            v = int(s) if re.fullmatch(r"-?[0-9]+", s) and \
	                abs(int(s)) < 2**63 else float(s)
	        f.write(json.dumps({"x": s, "v": v}) + "\n")
	PY
	sluice-expr 'num(x)' <"$T/in" >"$T/num"
	sluice-expr --test 'x == v' <"$T/in" >"$T/eq"
	sluice-expr --test 'x < 1e300' <"$T/in" >"$T/lt"
	sluice-expr 'abs(x)' <"$T/in" >"$T/abs"
	python3 - "$T" <<-'PY'
	import json, sys
	t = sys.argv[1]
	recs = [json.loads(l) for l in open(t + "/in")]
	num = [json.loads(l) for l in open(t + "/num")]
	eq = [l.strip() for l in open(t + "/eq")]
	lt = [l.strip() for l in open(t + "/lt")]
	ab = [json.loads(l) for l in open(t + "/abs")]
	bad = []
	for r, n, e, l, a in zip(recs, num, eq, lt, ab):
	    yes = r["v"] is not None
	    got = (n is not None, e == "true", l == "true", a is not None)
	    if got != (yes,) * 4 or (yes and (n != r["v"] or a != abs(r["v"]))):
	        bad.append("%r: python %s %r, got num %r == %s < %s abs %r"
	            % (r["x"], yes, r["v"], n, e, l, a))
	if len(recs) != 26 or len(num) != 26:
	    bad.append("lines: %d %d" % (len(recs), len(num)))
	if bad:
	    sys.exit("\n".join(bad))
	PY
}
