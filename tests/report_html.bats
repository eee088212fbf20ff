#!/usr/bin/env bats
# report_html.bats -- the HTML report: one self-contained, escaped page,
# checked statically and in a real browser (headless chromium): it
# renders (the screenshot is not blank), makes no network request, and
# a script in the data does not run.

load helpers
load html_helpers

R=$BATS_TEST_DIRNAME/fixtures/report
PAYLOAD="<script>document.title='pwned'</script>"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Realistic rows: a generated day of access log, in 10-minute windows,
# aggregated per host (by aggregate if built, else a jq stand-in), with
# alerts on slow hosts (if alert is built), and the payload as a host
# in the first hour, in an alert and in a reject.
make_rows() {
	local agg
	if [ -x "$SLUICE_BIN/aggregate" ]; then
		agg="aggregate --by host -a count -a sum:bytes -a p95:request_time"
	else
		agg="jq -nc -f '$R/aggregate.jq'"
	fi
	if [ -x "$SLUICE_BIN/alert" ]; then
		agg="$agg | alert -r 'slow: p95_request_time > 5' -g host --pass"
	fi
	pipeline "sluice-gen access -n 20000 --seed 7 --clean | ingest -f combined |
	    window --tumbling 10m | $agg" > agg.ndjson
	jq -c --arg p "$PAYLOAD" 'if (."@window".start // "") < "2026-11-21T01:00" and .host == "web-1"
	    then ., (.host = $p) else . end' agg.ndjson > rows.ndjson
	jq -nc --arg p "$PAYLOAD" '
	    {"@alert":{"rule":"errors","state":"firing","severity":"critical",
	      "since":"2026-11-21T16:30:00.000Z","at":"2026-11-21T16:40:00.000Z",
	      "value":22,"message":$p},"host":"web-3"},
	    {"@alert":{"rule":"errors","state":"resolved","severity":"critical",
	      "since":"2026-11-21T16:40:00.000Z","at":"2026-11-21T16:50:00.000Z",
	      "value":0,"message":"ok"},"host":"web-3"},
	    {"@alert":{"rule":"silent","state":"firing","severity":"warning",
	      "since":"2026-11-21T19:10:00.000Z","at":"2026-11-21T19:10:00.000Z",
	      "value":0,"message":"no requests"},"host":$p},
	    {"@error":{"source":"access.log","line":7,"reason":"bad"},"@raw":$p}' >> rows.ndjson
}

# Requests the page made (not the browser itself) to the network, from
# the net log: one URL per line.
page_requests() {
	python3 - net.json <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for e in d.get("events", []):
    p = e.get("params", {})
    url = p.get("url", "")
    if "initiator" in p and p["initiator"] != "not an origin" and \
       url.split(":")[0] in ("http", "https", "ftp", "ws", "wss"):
        print(url)
EOF
}

@test "report_html: one self-contained page, every value escaped" {
	need_python
	make_rows
	run -0 report -f html --title "sluice nightly" -o page.html rows.ndjson
	# Nothing that could load or run anything.
	! grep -Eiq '<script|<link|<img|<iframe|<object|<embed|@import|url\(' page.html
	! grep -Eiq '(src|href|action)=' page.html
	! grep -Eiq '(https?|ftp|wss?)://' page.html
	grep -q '@media print' page.html
	# The payload is there, as text, escaped (in tables and legends).
	grep -qF "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" page.html
	# An independent parser: balanced elements, no script element, and
	# the payload among the text.
	run -0 python3 - page.html "$PAYLOAD" <<'EOF'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "line", "circle", "rect", "path"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.text, self.bad = [], [], []
    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.bad.append("script")
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack.pop() != tag:
            self.bad.append("unbalanced " + tag)
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(open(sys.argv[1]).read())
p.close()
assert not p.bad, p.bad
assert not p.stack, p.stack
assert sys.argv[2] in "".join(p.text), "payload not in the text"
print("ok")
EOF
	# A chart per metric, with a legend naming the hosts; the timeline.
	metrics=$(report -f json rows.ndjson | jq '.metrics | length')
	assert_eq "$(grep -c '<svg class="chart"' page.html)" "$((metrics + 1))"
	grep -q '>web-3</text>' page.html
}

@test "report_html: chromium renders it: not blank, no request, payload inert" {
	need_chromium
	make_rows
	report -f html --title "sluice nightly" -o page.html rows.ndjson
	# The screenshot shows charts and tables: many colours, much ink.
	chrome --screenshot="$BATS_TEST_TMPDIR/shot.png" --window-size=1200,2000 \
	    "file://$BATS_TEST_TMPDIR/page.html"
	[ -s shot.png ]
	read -r colours ink < <(pngstat shot.png)
	echo "page: $colours colours, $ink per mille not background" >&3
	[ "$colours" -ge 50 ]
	[ "$ink" -ge 20 ]
	# The same measure says a blank page is blank.
	printf '<!DOCTYPE html><title>x</title>\n' > blank.html
	chrome --screenshot="$BATS_TEST_TMPDIR/blank.png" --window-size=1200,2000 \
	    "file://$BATS_TEST_TMPDIR/blank.html"
	read -r colours ink < <(pngstat blank.png)
	[ "$colours" -le 2 ]
	[ "$ink" -eq 0 ]
	# No request from the page; the same check catches one that does.
	chrome --dump-dom "file://$BATS_TEST_TMPDIR/page.html" > dom.html
	run -0 page_requests
	assert_eq "$output" ""
	printf '<!DOCTYPE html><title>x</title><img src="http://example.invalid/x.png">\n' > fetch.html
	chrome --dump-dom "file://$BATS_TEST_TMPDIR/fetch.html" > /dev/null
	run -0 page_requests
	[[ "$output" == "http://example.invalid/x.png" ]]
	# The payload did not run: the title is ours, no script element,
	# and the payload is text in the document.
	grep -q '<title>sluice nightly</title>' dom.html
	! grep -q 'pwned</title>' dom.html
	! grep -qi '<script' dom.html
	grep -qF "&lt;script&gt;document.title='pwned'&lt;/script&gt;" dom.html
}

@test "report_html: chromium: every chart of the nightly page renders whole" {
	need_chromium
	make_rows
	report -f html --title "sluice nightly" -o page.html rows.ndjson
	# Each chart alone (tests/html_helpers.bash): its size, ink inside
	# its box and none around it, not blank.  A line chart per metric
	# and the alert timeline.
	metrics=$(report -f json rows.ndjson | jq '.metrics | length')
	shoot_charts page.html "$((metrics + 1))"
}

@test "report_html: a page of plain records and an empty page also render" {
	run -0 report -f html -o records.html "$R/records.ndjson"
	grep -q '<h2>Records</h2>' records.html
	! grep -qi '<script' records.html
	run -0 report -f html -o empty.html < /dev/null
	grep -q 'No rows.' empty.html
	need_chromium
	chrome --dump-dom "file://$BATS_TEST_TMPDIR/records.html" > dom.html
	grep -q '<title>sluice report</title>' dom.html
	grep -qF 'two
lines' dom.html
	! grep -qi '<script' dom.html
}

# The bidi controls, invisible format and tag characters, and controls
# but tab and LF, found raw in file $1 (Python's numbering): one U+XXXX a
# line, nothing if there is none.
raw_unsafe() {
	python3 - "$1" <<'EOF'
import sys
bad = (set(range(0x20)) - {9, 10}) | set(range(0x7f, 0xa0)) | {0xad,
      0x61c, 0x180e, 0x200b, 0x200e, 0x200f, 0x2028, 0x2029, 0xfeff,
      0xfff9, 0xfffa, 0xfffb, 0xe0001} | set(range(0x202a, 0x202f)) | \
      set(range(0x2060, 0x2065)) | set(range(0x2066, 0x2070)) | \
      set(range(0xe0020, 0xe0080))
text = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read()
for ch in sorted({c for c in text if ord(c) in bad}):
    print("U+%04X" % ord(ch))
EOF
}

@test "report_html: bidi overrides, isolates, marks and invisible characters are visible escapes, none raw" {
	need_python
	# A host whose name reorders what follows it (RLO), in rows (so
	# in tables, legends and top values), an alert and the title.
	for k in 0 1; do
		jq -nc --argjson k "$k" '(1795219200 + $k * 600) as $s
		    | {"start": ($s | todate), "end": ($s + 600 | todate)} as $w
		    | {"@window": $w, "host": "web-\u202e1gnp.exe", "count": (10 + $k)},
		      {"@window": $w, "host": "web-\u2067iso\u2069\u200f\u200b\ufeff", "count": (20 + $k)},
		      {"@ctl": "close", "@window": $w}'
	done > rows.ndjson
	printf '%s\n' '{"@alert":{"rule":"r\u202ex","state":"firing","severity":"critical","since":"2026-11-21T00:00:00.000Z","at":"2026-11-21T00:00:00.000Z","value":1,"message":"m\u2066x\u0085"},"host":"h"}' >> rows.ndjson
	run -0 report -f html --title "$(printf 'T \342\200\256x')" -o page.html rows.ndjson
	assert_eq "$(raw_unsafe page.html)" ""
	grep -qF 'web-\u202e1gnp.exe' page.html
	grep -qF 'web-\u2067iso\u2069\u200f\u200b\ufeff' page.html
	grep -qF '<title>T \u202ex</title>' page.html
	grep -qF 'm\u2066x\u0085' page.html
	# What a browser makes of it: the escapes as text, none raw.
	need_chromium
	chrome --dump-dom "file://$BATS_TEST_TMPDIR/page.html" > dom.html
	grep -qF 'web-\u202e1gnp.exe' dom.html
	assert_eq "$(raw_unsafe dom.html)" ""
}
