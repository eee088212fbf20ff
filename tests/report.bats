#!/usr/bin/env bats
# report.bats -- tables, Markdown, CSV and JSON: golden files, checked
# where possible against independent readers (mlr, jq, awk, python3).

load helpers

R=$BATS_TEST_DIRNAME/fixtures/report

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

need_python() {
	command -v python3 >/dev/null || skip "python3 is not installed"
}

# Display width of each line of stdin, by Python's Unicode tables:
# East Asian wide and fullwidth characters 2, combining marks 0.
widths() {
	python3 -c '
import sys, unicodedata
for line in sys.stdin:
    w = 0
    for ch in line.rstrip("\n"):
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    print(w)'
}

# --- golden files ------------------------------------------------------

@test "report: windowed rows as a table (golden)" {
	run -0 --separate-stderr report "$R/windowed.ndjson"
	assert_eq "$output" "$(cat "$R/windowed.table")"
	assert_eq "$stderr" ""
}

@test "report: windowed rows as Markdown, CSV and JSON (golden)" {
	run -0 report -f markdown "$R/windowed.ndjson"
	assert_eq "$output" "$(cat "$R/windowed.md")"
	run -0 report -f csv "$R/windowed.ndjson"
	assert_eq "$output" "$(cat "$R/windowed.csv")"
	run -0 report --format=json "$R/windowed.ndjson"
	assert_eq "$output" "$(cat "$R/windowed.json")"
}

@test "report: plain records in every text format (golden)" {
	run -0 report "$R/records.ndjson"
	assert_eq "$output" "$(cat "$R/records.table")"
	run -0 report -f markdown "$R/records.ndjson"
	assert_eq "$output" "$(cat "$R/records.md")"
	run -0 report -f csv "$R/records.ndjson"
	assert_eq "$output" "$(cat "$R/records.csv")"
	run -0 report -f json "$R/records.ndjson"
	assert_eq "$output" "$(cat "$R/records.json")"
}

# --- the model -----------------------------------------------------------

@test "report: the latest window is the newest closed one, rows in order" {
	# Oracle: jq picks the rows of the last window named by a close marker.
	run -0 report -f csv --columns host,count "$R/windowed.ndjson"
	last=$(jq -r 'select(."@ctl" == "close") | ."@window".start' \
	    "$R/windowed.ndjson" | tail -1)
	run -0 report "$R/windowed.ndjson"
	[[ "$output" == *"Latest window: $last to "* ]]
	# A window that has rows but no close marker yet is not shown.
	{ cat "$R/windowed.ndjson"
	  echo '{"@window":{"start":"2026-11-21T17:10:00.000Z","end":"2026-11-21T17:20:00.000Z"},"host":"web-7","count":1}'
	} > in
	run -0 report in
	[[ "$output" == *"Latest window: $last to "* ]]
	[[ "$output" != *"web-7  "*"1"*"Windows"* ]]
	# Without any close marker, the newest window is the latest.
	grep -v '"@ctl"' in > nomark
	run -0 report nomark
	[[ "$output" == *"Latest window: 2026-11-21T17:10:00.000Z to "* ]]
}

@test "report: keys, metrics and the per-window summary agree with jq" {
	run -0 report -f json "$R/windowed.ndjson"
	printf '%s\n' "$output" > out.json
	# Every row, without @window, in window order: compare with jq.
	want=$(jq -c 'select(."@window" and (."@ctl" | not)) | del(."@window")' \
	    "$R/windowed.ndjson")
	assert_eq "$(jq -c '.windows[].rows[]' out.json)" "$want"
	assert_eq "$(jq -c '[.keys, .metrics]' out.json)" \
	    '[["host"],["count","sum_bytes","p95_latency_ms"]]'
	# Four windows, the empty one included, in time order.
	assert_eq "$(jq -r '.windows[] | "\(.start) \(.rows | length)"' out.json)" \
	    "2026-11-21T16:30:00.000Z 2
2026-11-21T16:40:00.000Z 3
2026-11-21T16:50:00.000Z 0
2026-11-21T17:00:00.000Z 1"
	assert_eq "$(jq -c .counts out.json)" \
	    '{"records":6,"windows":4,"alerts":2,"firing":0,"rejects":1,"late":1}'
	# Summary: count and sum_bytes add up per window (awk's sums); the
	# p95 of three rows is not combined (the meta record says "none").
	run -0 report "$R/windowed.ndjson"
	line=$(printf '%s\n' "$output" | grep '^2026-11-21T16:40:00.000Z  2026-11-21T16:50')
	sums=$(jq -r 'select(."@window".start == "2026-11-21T16:40:00.000Z" and (."@ctl" | not)) |
	    "\(.count) \(.sum_bytes)"' "$R/windowed.ndjson" |
	    awk '{ c += $1; b += $2 } END { printf "%d %d", c, b }')
	assert_eq "$(echo "$line" | awk '{ printf "%d %d", $4, $5 }')" "$sums"
	assert_eq "$(echo "$line" | awk '{ print NF }')" 5
	# The window of one row shows its p95 as it is.
	line=$(printf '%s\n' "$output" | grep '^2026-11-21T17:00:00.000Z  2026-11-21T17:10')
	assert_eq "$(echo "$line" | awk '{ print $6 }')" "$(jq -r 'select(."@window".start ==
	    "2026-11-21T17:00:00.000Z" and (."@ctl" | not)) | .p95_latency_ms' "$R/windowed.ndjson")"
}

@test "report: the JSON document has the documented shape" {
	run -0 report -f json "$R/windowed.ndjson"
	printf '%s\n' "$output" > out.json
	# One line, one document.
	assert_eq "$(wc -l < out.json)" 1
	jq -e '(keys_unsorted == ["title","range","counts","columns","keys","metrics","windows","alerts"])
	    and .title == "sluice report"
	    and .range == {"start":"2026-11-21T16:30:00.000Z","end":"2026-11-21T17:10:00.000Z"}
	    and (.alerts | length) == 2 and .alerts[0]."@alert".state == "firing"
	    and (.windows | all(has("start") and has("end") and has("rows")))' out.json
	run -0 report -f json "$R/records.ndjson"
	printf '%s\n' "$output" | jq -e '(keys_unsorted == ["title","range","counts","columns","keys","metrics","rows","alerts"])
	    and .range == {"start":null,"end":null} and (.rows | length) == 6'
	run -0 report -f json --title 'a "quoted" <title>' < /dev/null
	printf '%s\n' "$output" | jq -e '.title == "a \"quoted\" <title>" and .rows == [] and .counts.records == 0'
}

@test "report: plain records after a snapshot marker replace the ones before" {
	printf '%s\n' '{"g":"a","n":1}' '{"g":"b","n":2}' '{"@ctl":"snapshot","at":"x"}' \
	    '{"g":"a","n":10}' '{"g":"b","n":20}' '{"@ctl":"snapshot","at":"y"}' > in
	run -0 report -f csv in
	assert_eq "$output" "g,n
a,10
b,20"
	printf '%s\n' '{"g":"a","n":30}' >> in
	run -0 report -f csv in
	assert_eq "$output" "g,n
a,30"
}

@test "report: records without a window in a windowed stream are late" {
	printf '%s\n' '{"x":1}' \
	    '{"@window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T00:01:00Z"},"k":"a","n":1}' \
	    '{"x":2}' '{"@window":"not an object","x":3}' > in
	run -0 --separate-stderr report -f json --stats in
	printf '%s\n' "$output" | jq -e '.counts.late == 3 and .counts.records == 1 and .columns == ["k","n"]'
	[[ "$stderr" == *"lines_in=4 rows=1 alerts=0 rejects=0 late=3 ctl=0 skipped=0 malformed=0"* ]]
}

# --- Unicode and escapes ------------------------------------------------------

@test "report: columns line up by display width (CJK, combining, emoji)" {
	need_python
	# Every line is as wide as the header, by an independent measure
	# (the last column is numeric, so every line is padded to it).
	assert_eq "$(report --columns name,note,n "$R/records.ndjson" | widths | sort -u)" \
	    "$(report --columns name,note,n "$R/records.ndjson" | head -1 | widths)"
	# The combining accent adds no width: "café" pads like "cafe".
	line=$(report --columns name,n "$R/records.ndjson" | grep '^caf')
	assert_eq "$(printf '%s\n' "$line" | widths)" \
	    "$(report --columns name,n "$R/records.ndjson" | head -1 | widths)"
	# Wide characters take two columns: 東京 is followed by 8 spaces
	# in a 10-column name column, not 10.
	report "$R/records.ndjson" | grep -q '^東京        CJK'
}

@test "report: control and bidi characters never reach the terminal raw" {
	printf '%s\n' '{"a":"esc\u001b[31mred","b":"rlo\u202eevil","c":"nul\u0000x\u0085y"}' > in
	run -0 report in
	[[ "$output" == *'esc\x1b[31mred'* ]]
	[[ "$output" == *'rlo\u202eevil'* ]]
	[[ "$output" == *'nul\x00x\u0085y'* ]]
	! report in | LC_ALL=C grep -q $'\e'
	! report in | grep -q $'\u202e'
}

@test "report: Markdown escapes pipes, HTML and line breaks; columns stay" {
	run -0 report -f markdown "$R/records.ndjson"
	printf '%s\n' "$output" > out.md
	# Count unescaped pipes per line with awk: the same on every line.
	run -0 awk '{ s = $0; gsub(/\\\\/, "", s); gsub(/\\\|/, "", s); n = gsub(/\|/, "", s); print n }' out.md
	assert_eq "$(printf '%s\n' "$output" | sort -u)" 5
	grep -qF 'pipe\|bar' out.md
	grep -qF 'two<br>lines' out.md
	grep -qF '&lt;script>' out.md
	! grep -q '<script' out.md
	# Numeric columns right-aligned, text ones not.
	assert_eq "$(sed -n 2p out.md)" "| ------------ | --------------------------------------------- | ----: | ----- |"
	# A backslash before punctuation is doubled, so \| stays \|.
	printf '%s\n' '{"a":"x\\|y","b":"c:\\dir"}' > in
	run -0 report -f markdown in
	[[ "$output" == *'| x\\\|y |'* ]]
	[[ "$output" == *'| c:\dir |'* ]]
}

@test "report: CSV read back by mlr gives the records again" {
	command -v mlr >/dev/null || skip "mlr not installed"
	printf '%s\n' '{"name":"plain","note":"a, b","n":1}' \
	    '{"name":"quo\"te","note":"  padded  ","n":-2.5}' \
	    '{"name":"multi\nline","note":"tab\there","n":1e300}' \
	    '{"name":"東京 🙂","note":"<script>x</script>","n":9223372036854775807}' > in
	run -0 report -f csv in
	printf '%s\n' "$output" > out.csv
	run -0 pipeline "mlr --icsv --ojsonl cat out.csv | jq -cS ."
	assert_eq "$output" "$(jq -cS . in)"
}

@test "report: CSV quoting read back by Python's csv module, CR kept" {
	need_python
	printf '%s\n' '{"a":"crlf\r\nend","b":" lead","c":"x,\"y\""}' > in
	run -0 report -f csv in
	printf '%s\n' "$output" > out.csv
	run -0 python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open("out.csv", newline="")))
print(json.dumps(rows, sort_keys=True))'
	assert_eq "$output" "$(jq -cs 'map(.)' in | python3 -c '
import json, sys
print(json.dumps(json.load(sys.stdin), sort_keys=True))')"
	# LF line ends: the only CR is the one inside the quoted field.
	assert_eq "$(tr -cd '\r' < out.csv | wc -c)" 1
	assert_eq "$(wc -l < out.csv)" 3
}

@test "report: CSV of windows reads back as the rows with their bounds" {
	command -v mlr >/dev/null || skip "mlr not installed"
	run -0 pipeline "report -f csv '$R/windowed.ndjson' | mlr --icsv --ojsonl cat | jq -cS ."
	# mlr makes "@window.start" a nested "@window" again: the input.
	want=$(jq -cS 'select(."@window" and (."@ctl" | not))' "$R/windowed.ndjson")
	assert_eq "$output" "$want"
}

@test "report: missing columns are empty cells, in first-seen column order" {
	printf '%s\n' '{"b":1}' '{"a":"x","b":2}' '{"c":true}' > in
	run -0 report -f csv in
	assert_eq "$output" "b,a,c
1,,
2,x,
,,true"
	run -0 report in
	assert_eq "$output" "b  a  c
-  -  ----
1
2  x
      true"
}

@test "report: huge values: long strings, 1e300, int64 extremes" {
	long=$(head -c 5000 /dev/zero | tr '\0' 'x')
	printf '{"s":"%s","i":9223372036854775807,"j":-9223372036854775808,"r":1e300,"f":0.30000000000000004,"g":1234567.8,"h":1e-7,"k":123456789012345678901234567890}\n' \
	    "$long" > in
	run -0 report in
	# Not a terminal: nothing is cut.
	[[ "$output" == *"$long"* ]]
	row=$(printf '%s\n' "$output" | tail -1)
	# Integers as written; reals to 6 significant digits.
	assert_eq "$(echo "$row" | awk '{ print $2, $3, $4, $5, $6, $7, $8 }')" \
	    "9223372036854775807 -9223372036854775808 1e+300 0.3 1234568 1e-07 123456789012345678901234567890"
	# CSV and JSON keep the numbers exactly as they came.
	run -0 report -f csv in
	[[ "$output" == *",9223372036854775807,-9223372036854775808,1e300,0.30000000000000004,1234567.8,1e-7,123456789012345678901234567890" ]]
	run -0 report -f json in
	printf '%s\n' "$output" | jq -e '.rows[0].s | length == 5000'
	[[ "$output" == *'"i":9223372036854775807,"j":-9223372036854775808,"r":1e300,"f":0.30000000000000004,"g":1234567.8,"h":1e-7,"k":123456789012345678901234567890}'* ]]
}

@test "report: empty input" {
	for f in table markdown csv; do
		run -0 --separate-stderr report -f "$f" < /dev/null
		assert_eq "$output" ""
		assert_eq "$stderr" ""
	done
	run -0 report -f json < /dev/null
	printf '%s\n' "$output" | jq -e '.rows == [] and .counts.records == 0 and .columns == []'
	run -0 report -f csv --columns a,b < /dev/null
	assert_eq "$output" "a,b"
	run -0 report --title Nightly < /dev/null
	[[ "$output" == "Nightly"* ]]
}

# --- options --------------------------------------------------------------

@test "report: --columns picks and orders columns, nested paths too" {
	printf '%s\n' '{"a":1,"b":{"c":"x"},"d":"y"}' '{"a":2,"d":"z"}' > in
	run -0 report -f csv --columns d,b.c,a in
	assert_eq "$output" "d,b.c,a
y,x,1
z,,2"
	# With windows, the columns chosen are the groups too.
	run -0 report -f json --columns count,host "$R/windowed.ndjson"
	printf '%s\n' "$output" | jq -e '.columns == ["count","host"] and .keys == ["host"]
	    and (.windows[0].rows[0] | keys_unsorted) == ["count","host"]'
	run -2 --separate-stderr report --columns 'a,"b' in
	[[ "$stderr" == *"--columns"* ]]
}

@test "report: --top keeps the rows with the largest first metric" {
	printf '%s\n' '{"h":"a","n":5}' '{"h":"b","n":50}' '{"h":"c","n":7}' '{"h":"d"}' > in
	run -0 report --top 2 in
	assert_eq "$output" "h   n
-  --
b  50
c   7
(top 2 of 4 rows)"
	run -0 report -f csv --top 3 in
	assert_eq "$output" "h,n
b,50
c,7
a,5"
	# Per window in JSON; the oracle is jq's sort.
	run -0 report -f json --top 1 "$R/windowed.ndjson"
	got=$(printf '%s\n' "$output" | jq -c '[.windows[].rows[] | .host]')
	want=$(jq -sc '[map(select(."@window" and (."@ctl" | not))) | group_by(."@window".start)[]
	    | max_by(.count) | .host]' "$R/windowed.ndjson")
	assert_eq "$got" "$want"
	run -2 report --top 0 in
	run -2 report --top x in
}

@test "report: --title, and a bad format or rate is a usage error" {
	run -0 report --title 'Night <1>' "$R/records.ndjson"
	[[ "$output" == "Night <1>"* ]]
	run -2 --separate-stderr report -f xml in
	[[ "$stderr" == *"-f xml: expected table, markdown, csv, json or html"* ]]
	run -2 --separate-stderr report --live -f csv "$R/records.ndjson"
	[[ "$stderr" == *"--live shows tables"* ]]
	run -2 report --live --rate 0 "$R/records.ndjson"
	run -2 report --live --rate abc "$R/records.ndjson"
}

# --- input problems, -o ---------------------------------------------------------

@test "report: malformed lines are reported, counted, and give exit 1" {
	printf '%s\n' '{"a":1}' 'not json' '' '[1,2]' '{"a":2}' > in
	run -1 --separate-stderr report --stats -f csv in
	assert_eq "$output" "a
1
2"
	[[ "$stderr" == *"report: in:2: column 1: "* ]]
	[[ "$stderr" == *"report: in:4: column 1: not a JSON object"* ]]
	[[ "$stderr" == *"stats: lines_in=5 rows=2 alerts=0 rejects=0 late=0 ctl=0 skipped=1 malformed=2"* ]]
}

@test "report: --stats accounts for every line" {
	run -0 --separate-stderr report --stats "$R/windowed.ndjson"
	in=$(stat_of lines_in)
	sum=0
	for k in rows alerts rejects late ctl skipped malformed; do
		v=$(stat_of "$k")
		[ -n "$v" ]
		sum=$((sum + v))
	done
	assert_eq "$in" "$(wc -l < "$R/windowed.ndjson")"
	assert_eq "$sum" "$in"
}

@test "report: -o writes the file whole, with the old file's mode" {
	mkdir d && cd d
	printf 'old\n' > out.html
	chmod 640 out.html
	run -0 --separate-stderr report -f html -o out.html "$R/windowed.ndjson"
	assert_eq "$output" ""
	head -1 out.html | grep -q '^<!DOCTYPE html>'
	tail -1 out.html | grep -q '^</html>$'
	assert_eq "$(stat -c %a out.html)" 640
	# No temporary file is left beside it.
	assert_eq "$(ls -A)" "out.html"
	# A new file gets 0666 less the umask.
	(umask 022 && report -o new.txt "$R/records.ndjson")
	assert_eq "$(stat -c %a new.txt)" 644
	cmp new.txt "$R/records.table"
	# -o - is standard output.
	run -0 report -o - "$R/records.ndjson"
	assert_eq "$output" "$(cat "$R/records.table")"
}

@test "report: -o into a directory it cannot write leaves nothing, exit 2" {
	[ "$(id -u)" -ne 0 ] || skip "root can write anywhere"
	mkdir ro
	printf 'old\n' > ro/out.html
	chmod 555 ro
	run -2 --separate-stderr report -f html -o ro/out.html "$R/windowed.ndjson"
	chmod 755 ro
	assert_eq "$(cat ro/out.html)" "old"
	[[ "$stderr" == *"report: ro/.out.html."* ]]
}

@test "report: -o to a device writes in place; a full disk is exit 2" {
	[ -c /dev/full ] && [ -w /dev/full ] || skip "no /dev/full here"
	run -2 --separate-stderr report -o /dev/full "$R/windowed.ndjson"
	[[ "$stderr" == *"report: /dev/full: No space left on device"* ]]
	# Still the device, not a file renamed over it.
	[ -c /dev/full ]
	run -0 report -o /dev/stdout "$R/records.ndjson"
	assert_eq "$output" "$(cat "$R/records.table")"
}

@test "report: -o through a symbolic link replaces the link, never the file it names" {
	mkdir shared elsewhere
	printf 'precious\n' > elsewhere/target
	cp elsewhere/target keep
	ln -s ../elsewhere/target shared/link
	run -0 report -o shared/link "$R/records.ndjson"
	# The link is now a regular file holding the report; the file it
	# named is as it was, and nothing was left in its directory.
	[ ! -L shared/link ] && [ -f shared/link ]
	cmp shared/link "$R/records.table"
	cmp elsewhere/target keep
	assert_eq "$(ls -A elsewhere)" target
	# A dangling link: replaced, its target never created.
	ln -s ../elsewhere/new shared/dangling
	run -0 report -o shared/dangling "$R/records.ndjson"
	[ ! -L shared/dangling ] && [ ! -e elsewhere/new ]
	cmp shared/dangling "$R/records.table"
	# The names of our own descriptors are written through, also when
	# they lead to a regular file.
	report -o /dev/stdout "$R/records.ndjson" > via-stdout
	cmp via-stdout "$R/records.table"
	report -o /dev/fd/3 "$R/records.ndjson" 3> via-fd3
	cmp via-fd3 "$R/records.table"
}

@test "report: a month of one-minute windows stays small" {
	skip_if_sanitized
	! ldd "$(command -v report)" | grep -q libasan ||
	    skip "memory is not measured under AddressSanitizer"
	# 43200 windows of 3 groups: 130000 rows, 20 MB of input.
	awk 'BEGIN { for (i = 0; i < 43200; i++) {
		s = strftime("%Y-%m-%dT%H:%M:%S.000Z", 1764547200 + i * 60, 1)
		e = strftime("%Y-%m-%dT%H:%M:%S.000Z", 1764547200 + i * 60 + 60, 1)
		w = "{\"start\":\"" s "\",\"end\":\"" e "\"}"
		for (g = 1; g <= 3; g++)
			printf "{\"@window\":%s,\"host\":\"web-%d\",\"count\":%d,\"p95_ms\":%.1f}\n", w, g, (i * g) % 97, (i % 50) * 1.5
		printf "{\"@ctl\":\"close\",\"@window\":%s}\n", w } }' > month
	/usr/bin/time -f %M -o rss report -f html -o month.html month
	# Resident memory in KiB: well under the 20 MB of input.
	[ "$(cat rss)" -lt 40000 ]
	# Each chart line has at most 1024 points.
	max=$(grep -o '<path d="[^"]*"' month.html | awk '{ n = gsub(/L/, ""); if (n + 1 > m) m = n + 1 } END { print m }')
	[ "$max" -le 1024 ]
	[ "$max" -gt 500 ]
	# The table report holds one row per window in its summary.
	run -0 pipeline "report month | grep -c '^20[0-9-]*T[0-9:.]*Z  20'"
	assert_eq "$output" 43200
}

@test "report: -g makes a numeric field a key, not a metric" {
	w='"@window":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:01:00.000Z"}'
	printf '%s\n' "{$w,\"status\":200,\"count\":5}" "{$w,\"status\":500,\"count\":2}" \
	    "{\"@ctl\":\"close\",$w}" > "$BATS_TEST_TMPDIR/in"
	# Without -g, status is a metric; two rows of one group in a
	# window say so once on stderr.
	run --separate-stderr -0 report -f json "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s' "$output" | jq -c '[.keys, .metrics]')" '[[],["status","count"]]'
	assert_eq "$stderr" "report: a window has two rows of one group: without a meta record numbers are taken for metrics, not group keys; name the keys with -g"
	run -0 report -f json -g status "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s' "$output" | jq -c '[.keys, .metrics]')" '[["status"],["count"]]'
	run -0 report -g status "$BATS_TEST_TMPDIR/in"
	[[ "$output" != *" 700 "* ]]
	# A meta record whose "by" names it makes it a key too.
	{ echo '{"@ctl":"meta","by":["status"],"metrics":[{"name":"count","fn":"count","merge":"sum"}]}'
	  cat "$BATS_TEST_TMPDIR/in"; } > "$BATS_TEST_TMPDIR/meta"
	run -0 report -f json "$BATS_TEST_TMPDIR/meta"
	assert_eq "$(printf '%s' "$output" | jq -c '[.keys, .metrics]')" '[["status"],["count"]]'
}

# --- merging: by what the meta record says a metric is, never by its name --

# Rows of two windows and three hosts, after a meta record (as aggregate
# writes it) saying minutes is a sum and p95_request_time a percentile.
merge_rows() {
	echo '{"@ctl":"meta","by":["host"],"metrics":[{"name":"count","fn":"count","merge":"sum"},{"name":"minutes","fn":"sum","field":"m","merge":"sum"},{"name":"p95_request_time","fn":"p95","field":"request_time","merge":"none"}]}'
	jq -nc '[["00", [5, 40, 7], [0.5, 2.5, 0.25]], ["01", [9, 3, 60], [1.5, 0.75, 3]]][]
	    | {"start": "2026-01-01T00:\(.[0]):00.000Z",
	       "end": "2026-01-01T00:\(.[0]):59.000Z"} as $w
	    | .[1] as $m | .[2] as $p
	    | (range(3) | {"@window": $w, "host": "web-\(. + 1)", "count": (. + 1),
	        "minutes": $m[.], "p95_request_time": $p[.]}),
	      {"@ctl": "close", "@window": $w}'
}

@test "report: a metric named minutes is summed across groups, as its meta record says" {
	merge_rows > in
	run -0 report in
	# The oracle: jq's sums of minutes and count per window.
	want=$(jq -rs 'map(select(."@window" and (."@ctl" | not)))
	    | group_by(."@window".start)[]
	    | "\(.[0]."@window".start) \(map(.count) | add) \(map(.minutes) | add)"' in)
	got=$(printf '%s\n' "$output" | sed -n '/^Windows$/,/^$/p' |
	    awk '/^2026/ { print $1, $4, $5 }')
	assert_eq "$got" "$want"
	# Not the minimum, which a name starting with "min" once meant.
	! printf '%s\n' "$output" | sed -n '/^Windows$/,/^$/p' | grep -Eq '^2026[^ ]*  [^ ]+ +3 +6 +5$'
	# In the HTML charts, the groups beyond --top add up into one line.
	run -0 report -f html --top 1 -o page.html in
	assert_eq "$(grep -c '>other (sum)</text>' page.html)" 2
}

@test "report: a p95 across groups is not averaged; the report says it cannot be merged" {
	merge_rows > in
	run -0 report in
	# Three rows per window: no value in the p95 column of the windows
	# table, and one line saying why, right under it.
	printf '%s\n' "$output" | sed -n '/^Windows$/,/^$/p' > windows
	assert_eq "$(awk '/^2026/ { print NF }' windows | sort -u)" 5
	assert_eq "$(grep -c 'cannot be combined' windows)" 1
	grep -qx 'p95_request_time: a percentile cannot be combined across groups; give report the --partial output of aggregate to combine them' windows
	assert_eq "$(printf '%s\n' "$output" | grep -c 'cannot be combined')" 1
	# The mean the old report showed for 00:00 (1.08333) is nowhere.
	mean=$(jq -rs '[.[] | select(."@window".start == "2026-01-01T00:00:00.000Z"
	    and (."@ctl" | not)) | .p95_request_time] | add / length' in)
	[[ "$output" != *"${mean:0:5}"* ]]
	# Markdown says it once too, as a paragraph after the table.
	run -0 report -f markdown in
	assert_eq "$(printf '%s\n' "$output" | grep -c '^p95_request_time: a percentile cannot be combined across groups; give report the --partial output of aggregate to combine them$')" 1
	# HTML: no "other" line for it, and the note under its chart.
	run -0 report -f html --top 1 -o page.html in
	! grep -q 'other (mean)' page.html
	assert_eq "$(grep -c 'p95_request_time: a percentile cannot be combined across groups' page.html)" 1
	# The top values tables rank by a metric that adds up.
	grep -q '<h3>host by count</h3>' page.html
	# One group: its p95 is its own, shown as it is.
	grep -e '"@ctl":"meta"' -e '"web-2"' -e '"close"' in > one
	run -0 report one
	assert_eq "$(printf '%s\n' "$output" | sed -n '/^Windows$/,/^$/p' | awk '/^2026/ { print $6 }')" "2.5
0.75"
	[[ "$output" != *"cannot be combined"* ]]
}

@test "report: without a meta record no metric is combined, and the report says why" {
	merge_rows | grep -v '"@ctl":"meta"' > in
	run -0 report in
	printf '%s\n' "$output" | sed -n '/^Windows$/,/^$/p' > windows
	# Bounds and row counts only; a line per metric saying why.
	assert_eq "$(awk '/^2026/ { print NF }' windows | sort -u)" 3
	assert_eq "$(grep -c 'no meta record says how to combine it across groups' windows)" 3
	grep -q '^minutes: no meta record' windows
	# Names mean nothing: nothing is summed, minimised or averaged.
	run -0 report -f html --top 1 -o page.html in
	! grep -q '>other (' page.html
	grep -q '<h3>host by rows</h3>' page.html
	# The rows themselves are shown as they are.
	run -0 report -f csv in
	assert_eq "$(printf '%s\n' "$output" | sed 1d | wc -l)" 6
}

@test "report: a later meta record replaces the earlier one; a bad one is ignored" {
	{ echo '{"@ctl":"meta","by":["host"],"metrics":[{"name":"minutes","fn":"min","field":"m","merge":"min"}]}'
	  merge_rows
	  echo '{"@ctl":"meta","metrics":"not a list"}'; } > in
	run -0 --separate-stderr report --stats in
	# The last good one says minutes add up: 52 and 72.
	assert_eq "$(printf '%s\n' "$output" | sed -n '/^Windows$/,/^$/p' | awk '/^2026/ { print $5 }')" "52
72"
	[[ "$stderr" == *" ctl=5 "* ]]
}

# --- output safety: terminal escapes, bidi, CSV formulas -----------------------

# The characters that must never reach a terminal (or a page) raw: C0,
# DEL, C1, the bidi controls, the invisible format characters, the tag
# characters, as Python numbers them.  Prints each one found in the file
# $1 as U+XXXX, nothing if there is none; KEEP lists the characters the
# format may hold raw (a line feed, say).
raw_unsafe() {
	python3 - "$1" "${KEEP:-}" <<'EOF'
import sys
keep = set(sys.argv[2])
bad = set(range(0x20)) | set(range(0x7f, 0xa0)) | {0xad, 0x61c, 0x180e,
      0x200b, 0x200e, 0x200f, 0x2028, 0x2029, 0xfeff, 0xfff9, 0xfffa,
      0xfffb, 0xe0001} | set(range(0x202a, 0x202f)) | \
      set(range(0x2060, 0x2065)) | set(range(0x2066, 0x2070)) | \
      set(range(0xe0020, 0xe0080))
text = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read()
for ch in sorted({c for c in text if ord(c) in bad and c not in keep}):
    print("U+%04X" % ord(ch))
EOF
}

# A record and a title full of what a terminal obeys or hides: OSC 0
# (sets the window title), a C1 CSI, bidi overrides, isolates and marks,
# zero-width and invisible characters, tags; and an emoji joined with
# ZWJ, which must stay as it is.
hostile() {
	printf '%s\n' '{"@timestamp":"2026-11-21T00:00:00Z","host":"web\u001b]0;pwned\u0007-1","msg":"a\u009b31mb \u202eevil\u202c \u2067iso\u2069 \u200fr\u200el \u061c","nb":"zw\u200bj\u2060o\ufeffi\u00adn","tag":"t\udb40\udc41\udb40\udc7f","emoji":"\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67","n":1}' > in
	TITLE=$(printf 'T\033]0;owned\007 \342\200\256\342\200\217x')
}

@test "report: control, bidi, invisible and tag characters are escapes in table, Markdown and the --live log; ZWJ stays" {
	need_python
	hostile
	report --title "$TITLE" in > table.out
	report -f markdown --title "$TITLE" in > md.out
	report --live --title "$TITLE" in > live.out
	for f in table.out md.out live.out; do
		# No ESC byte at all (od, whatever the Unicode tables say).
		assert_eq "$(od -An -c "$f" | grep -c '033')" 0
		# Nothing of the list raw, line feeds apart (Python).
		assert_eq "$(KEEP=$'\n' raw_unsafe "$f")" ""
	done
	for f in table.out md.out; do
		grep -qF 'web\x1b]0;pwned\x07-1' "$f"
		grep -qF 'T\x1b]0;owned\x07 \u202e\u200fx' "$f"
		grep -qF 'a\u009b31mb \u202eevil\u202c \u2067iso\u2069 \u200fr\u200el \u061c' "$f"
		grep -qF 'zw\u200bj\u2060o\ufeffi\u00adn' "$f"
		grep -qF 't\U000e0041\U000e007f' "$f"
		grep -qF $'\U0001f468\u200d\U0001f469\u200d\U0001f467' "$f"
	done
	grep -qF 'a\u009b31mb \u202eevil' live.out
	grep -qF 't\U000e0041\U000e007f' live.out
}

@test "report: warnings on stderr show control characters of the data and of file names as escapes" {
	# A line that is not syslog is quoted in the warning: ESC, BEL.
	printf '\033]0;pwned\007 x\n' > bad.log
	run -1 --separate-stderr ingest -f syslog bad.log
	[[ "$stderr" == *"not '\\x1b]0;pwned\\x07'"* ]]
	[[ "$stderr" != *$'\e'* ]]
	# A file name with ESC, in a per-line warning and an open error.
	name=$(printf 'x\033[31my')
	printf '{"a":1}\nnot json\n' > "$name"
	run -1 --separate-stderr report "$name"
	[[ "$stderr" == *'report: x\x1b[31my:2: column 1: '* ]]
	[[ "$stderr" != *$'\e'* ]]
	run -2 --separate-stderr report "$name.missing"
	[[ "$stderr" == *'report: x\x1b[31my.missing: No such file or directory'* ]]
	[[ "$stderr" != *$'\e'* ]]
	run -1 --separate-stderr validate -r 'a == 2' "$name"
	[[ "$stderr" == *'validate: x\x1b[31my:1: rule 1 is false'* ]]
	[[ "$stderr" != *$'\e'* ]]
}

# A record of hostile cells in hostile.ndjson, and in want.json the
# header and cell a CSV reader must get back by default: a quote in
# front of what a spreadsheet would run, numbers and @names as they are.
csv_cases() {
	python3 - <<'EOF'
import json
cases = [
    ("dde", "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("plus", "+HYPERLINK(\"http://x\")", "'+HYPERLINK(\"http://x\")"),
    ("minus", "-2+3+cmd|'/C calc'!A0", "'-2+3+cmd|'/C calc'!A0"),
    ("at", "@SUM(1+1)*cmd|'/C calc'!A0", "'@SUM(1+1)*cmd|'/C calc'!A0"),
    ("tab", "\t=1+1", "'\t=1+1"),
    ("cr", "\r=1+1", "'\r=1+1"),
    ("dash", "-", "'-"),
    ("negstr", "-2.5", "-2.5"),
    ("plusstr", "+7", "+7"),
    ("expstr", "-1.5e-3", "-1.5e-3"),
    ("negnum", -3, "-3"),
    ("negreal", -0.25, "-0.25"),
    ("plain", "a=b", "a=b"),
    ("handle", "@alice", "@alice"),
    ("atdot", "@a.b_c", "@a.b_c"),
    ("atcall", "@a(1)", "'@a(1)"),
    ("=head", "x", "x"),
    ("@timestamp", "2026-11-21T00:00:00Z", "2026-11-21T00:00:00Z"),
    ("blank", "  =1+1", "'  =1+1"),
    ("blanknum", " -2", " -2"),
    ("wide", "\uff1dcmd|' /C calc'!A0", "'\uff1dcmd|' /C calc'!A0"),
    ("wideat", "\uff20SUM(1)", "'\uff20SUM(1)"),
]
rec = {k: v for k, v, _ in cases}
open("hostile.ndjson", "w").write(json.dumps(rec) + "\n")
json.dump([[("'" + k) if k[0] in "=+-\t\r" else k, w] for k, _, w in cases],
          open("want.json", "w"))
EOF
}

@test "report: CSV cells a spreadsheet would run get a quote in front, numbers stay (Python's csv reader); --csv-raw" {
	need_python
	csv_cases
	report -f csv hostile.ndjson > out.csv
	run -0 python3 -c '
import csv, json, re
head, row = list(csv.reader(open("out.csv", newline="")))
got = [[h, v] for h, v in zip(head, row)]
want = json.load(open("want.json"))
assert got == want, (got, want)
# No cell, header or not, starts with what a spreadsheet runs, unless
# it is a plain number or @name.
num = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")
name = re.compile(r"@[A-Za-z0-9_.]+\Z")
for c in head + row:
    t = c.lstrip(" ")
    assert t[:1] not in ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20") or num.match(t) or name.match(t), c
print("ok")'
	assert_eq "$output" ok
	# --csv-raw: every cell exactly as in the input.
	report -f csv --csv-raw hostile.ndjson > raw.csv
	run -0 python3 -c '
import csv, json
head, row = list(csv.reader(open("raw.csv", newline="")))
rec = json.loads(open("hostile.ndjson").read())
assert head == list(rec), head
assert row == [v if isinstance(v, str) else json.dumps(v) for v in rec.values()], row
print("ok")'
	assert_eq "$output" ok
	# Windowed rows too; and --csv-raw is for CSV alone.
	printf '%s\n' '{"@window":{"start":"2026-11-21T00:00:00.000Z","end":"2026-11-21T00:01:00.000Z"},"host":"=1+1","count":-1}' > win
	run -0 report -f csv win
	assert_eq "$(sed -n 2p <<< "$output")" "2026-11-21T00:00:00.000Z,2026-11-21T00:01:00.000Z,'=1+1,-1"
	run -2 --separate-stderr report --csv-raw hostile.ndjson
	[[ "$stderr" == *"--csv-raw is for -f csv, not -f table"* ]]
}

@test "report, aggregate: a record of 100,000 members, keys repeated or escaped: fast, the last of a key wins as in jq" {
	# 100,000 members took report 27 s: each column looked up by a
	# scan of the members.
	python3 -c '
n = 100000
print("{" + ",".join("\"k%d\":%d" % (i, i) for i in range(n)) + "}")' > wide.json
	run -0 pipeline "timeout -k 5 20 report -f csv < wide.json > wide.csv"
	run -0 python3 -c '
import csv, json, sys
rows = list(csv.reader(open("wide.csv")))
want = json.load(open("wide.json"))
print(len(rows), len(rows[0]), all(str(want[k]) == v for k, v in zip(rows[0], rows[1])))'
	assert_eq "$output" "2 100000 True"
	# Past 32 members keys go through a table: a key repeated, or
	# spelled with an escape, is still the last one written.
	for last in '"k\u0031":"esc"' '"k1":"plain"'; do
		printf '{"@timestamp":"2024-01-01T00:00:00Z",%s,"k1":"first",%s,"k\\u0032":7}\n' \
		    "$(seq -s, -f '"x%g":1' 1 40)" "$last" > dup.json
		run -0 pipeline "aggregate -a count -a sum:k2 -g k1 < dup.json | tail -1 | jq -c '[.k1, .sum_k2]'"
		assert_eq "$output" "$(jq -c '[.k1, .k2]' dup.json)"
	done
}

# --- memory ---------------------------------------------------------------

# Records whose keys all differ make a table of rows x columns cells,
# nearly all of them missing: it must take memory in proportion to the
# cells present (8000 such rows took 3.2 GB, 4000 took 805 MB).
@test "report: records whose keys all differ: memory in proportion to the cells, not rows x columns" {
	need_python
	python3 -c 'for i in range(8000): print("{\"k%d\":%d}" % (i, i))' \
	    > k8000
	head -4000 k8000 > k4000
	# Under AddressSanitizer address space means nothing: no cap.
	cap=
	[ -n "${SLUICE_SANITIZED:-}" ] || cap='ulimit -v 400000 &&'
	run -0 sh -c "$cap report -f csv k8000 > out.csv"
	run -0 sh -c "$cap report k4000 > out.table"
	# Oracle: Python's csv module; a column per key, in the order
	# first seen, each row its own key's value and empty cells else.
	run -0 python3 -c '
import csv
rows = list(csv.reader(open("out.csv", newline="")))
assert rows[0] == ["k%d" % i for i in range(8000)], rows[0][:5]
assert len(rows) == 8001, len(rows)
for i, r in enumerate(rows[1:]):
    assert len(r) == 8000, (i, len(r))
    assert r[i] == str(i) and r.count("") == 7999, i
print("ok")'
	assert_eq "$output" ok
	# The table: a column per key as wide as its name, two spaces
	# apart, numbers right-aligned, blanks at the end of lines cut.
	run -0 python3 -c '
lines = open("out.table").read().split("\n")
assert lines[-1] == "" and len(lines) == 4003, len(lines)
names = ["k%d" % i for i in range(4000)]
assert lines[0] == "  ".join(names), lines[0][:40]
assert lines[1] == "  ".join("-" * len(n) for n in names)
at = 0
for i, n in enumerate(names):
    v = str(i)
    want = " " * (at + len(n) - len(v)) + v
    assert lines[i + 2] == want, i
    at += len(n) + 2
print("ok")'
	assert_eq "$output" ok
}
