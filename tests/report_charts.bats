#!/usr/bin/env bats
# report_charts.bats -- the charts of the HTML report show the problem:
# an outlier does not flatten the rest, sparse series and windows
# without rows are drawn for what they are, alert periods are shaded,
# labels are never cut.  Checked in the SVG text and in headless
# chromium screenshots of each chart alone (tests/html_helpers.bash).

load helpers
load html_helpers

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# windows N: the bounds of N 10-minute windows from 2026-11-21 00:00,
# one JSON object a line.
windows() {
	jq -nc --argjson n "$1" 'range($n) as $k | (1795219200 + $k * 600) as $s
	    | {k: $k, w: {start: ($s | todate), end: ($s + 600 | todate)}}'
}

# p95 of two hosts in 48 windows, 0.1 to 2 s, but web-1 at 60 s once.
outlier_rows() {
	printf '%s\n' '{"@ctl":"meta","by":["host"],"metrics":[{"name":"p95_request_time","fn":"p95","field":"request_time","merge":"none"}]}'
	windows 48 | jq -c '.k as $k | .w as $w
	    | ({"@window": $w, "host": "web-1",
	        "p95_request_time": (if $k == 20 then 60 else 0.1 + ($k * 7 % 19) / 10 end)},
	       {"@window": $w, "host": "web-2",
	        "p95_request_time": (0.2 + ($k * 5 % 17) / 10)},
	       {"@ctl": "close", "@window": $w})'
}

# svg_ys PAGE N: the y of every point of the lines of chart N (paths
# with a stroke, not marks), one a line.
svg_ys() {
	python3 - "$1" "$2" <<'PY'
import re, sys
svg = re.findall(r'<svg class="chart".*?</svg>', open(sys.argv[1]).read(), re.S)[int(sys.argv[2])]
for d in re.findall(r'<path d="([^"]*)" fill="none"', svg):
    for y in re.findall(r'[ML][-0-9.]+ ([-0-9.]+)', d):
        print(y)
PY
}

@test "report_charts: an outlier is clipped and labelled; the rest uses the height" {
	need_python
	outlier_rows > rows.ndjson
	run -0 report -f html -o page.html rows.ndjson
	# The plot is y 12 (top) to 212 (bottom).  One point at the top
	# edge: the outlier; the others reach the top quarter.
	svg_ys page.html 0 | sort -n > ys
	assert_eq "$(grep -cx '12.0' ys)" 1
	top=$(grep -vx '12.0' ys | head -1)
	echo "highest other point at y $top" >&3
	awk -v y="$top" 'BEGIN { exit !(y <= 62) }'
	# The axis's top tick is above the highest other value (1.9 s),
	# and below twice it.
	tick=$(grep -o 'text-anchor="end">[0-9.]*<' page.html | tr -dc '0-9.\n' | sort -g | tail -1)
	awk -v t="$tick" 'BEGIN { exit !(t >= 1.9 && t < 3.8) }'
	# The outlier is marked, its value beside it and in a <title>.
	assert_eq "$(grep -c '<g class="clip">' page.html)" 1
	grep -q '<title>web-1: 60 at 2026-11-21T03:20:00.000Z, above the axis</title>' page.html
	grep -Eq 'fill="#b00020" font-weight="600"[^>]*>60</text>' page.html
	grep -q 'Values far above the others are drawn at the top edge' page.html
	# Without the outlier, nothing is clipped and the axis is as before.
	outlier_rows | jq -c 'if .host == "web-1" and .p95_request_time == 60 then .p95_request_time = 1 else . end' > calm.ndjson
	report -f html -o calm.html calm.ndjson
	! grep -q 'class="clip"' calm.html
	! grep -q 'Values far above' calm.html
}

@test "report_charts: chromium: the outlier chart renders whole, the mark in red" {
	need_chromium
	outlier_rows > rows.ndjson
	report -f html -o page.html rows.ndjson
	read -r n w h < <(svg_pages page.html chart)
	chart_shot chart0.html "$w" "$h"
	red=$(pngnear chart0.html.png b00020)
	echo "red pixels: $red" >&3
	[ "$red" -ge 10 ]
}

# Requests of three client IPs in 48 windows, aggregated per IP: a
# count (merge sum) and a p95 (merge none).  10.0.0.1 comes in every
# window, 10.0.0.2 in windows 3, 17 and 30, 10.0.0.3 in 5 to 7 and 40.
sparse_rows() {
	printf '%s\n' '{"@ctl":"meta","by":["ip"],"metrics":[{"name":"count","fn":"count","merge":"sum"},{"name":"p95_request_time","fn":"p95","field":"request_time","merge":"none"}]}'
	windows 48 | jq -c '.k as $k | .w as $w
	    | ({"@window": $w, "ip": "10.0.0.1", "count": (20 + $k % 7), "p95_request_time": 0.5},
	       (select($k == 3 or $k == 17 or $k == 30)
	        | {"@window": $w, "ip": "10.0.0.2", "count": 9, "p95_request_time": 1.5}),
	       (select(($k >= 5 and $k <= 7) or $k == 40)
	        | {"@window": $w, "ip": "10.0.0.3", "count": 4, "p95_request_time": 1}),
	       {"@ctl": "close", "@window": $w})'
}

# svg_lines PAGE N: per line of chart N, "path POINTS" or "dot" per dot.
svg_lines() {
	python3 - "$1" "$2" <<'PY'
import re, sys
svg = re.findall(r'<svg class="chart".*?</svg>', open(sys.argv[1]).read(), re.S)[int(sys.argv[2])]
plot = svg[:svg.find('stroke-width="3"')] if 'stroke-width="3"' in svg else svg
for d in re.findall(r'<path d="([^"]*)" fill="none"', plot):
    print("path", len(re.findall(r"[ML]", d)))
for _ in re.findall(r'<circle cx="[^"]*" cy="[^"]*" r="3"', svg):
    print("dot")
PY
}

@test "report_charts: windows without a row are 0 for counts; sparse series are dots" {
	need_python
	sparse_rows > rows.ndjson
	run -0 report -f html -o page.html rows.ndjson
	# count: three whole lines of 48 points, 0 where an IP had no row
	# (y 212, the bottom); no dot.
	run -0 svg_lines page.html 0
	assert_eq "$output" "$(printf 'path 48\npath 48\npath 48')"
	svg_ys page.html 0 | grep -cx '212.0' > zeros
	[ "$(cat zeros)" -ge 45 ]
	# p95: 10.0.0.1 a line; the two sparse IPs dots, one per value (3
	# and 4), and a dot in the legend for each.
	run -0 svg_lines page.html 1
	assert_eq "$(grep -c '^path' <<< "$output")" 1
	assert_eq "$(grep -x 'path 48' <<< "$output")" "path 48"
	assert_eq "$(grep -c '^dot' <<< "$output")" $((3 + 4 + 2))
	# A dense p95 is still a line, with its gap (47 points): no dots.
	jq -c 'select(.ip != "10.0.0.2" and .ip != "10.0.0.3")
	    | if .ip == "10.0.0.1" and (."@window".start | test("T02:00")) then del(.p95_request_time) else . end' rows.ndjson > dense.ndjson
	report -f html -o dense.html dense.ndjson
	run -0 svg_lines dense.html 1
	assert_eq "$output" "path 47"
}

@test "report_charts: chromium: the sparse chart renders whole" {
	need_chromium
	sparse_rows > rows.ndjson
	report -f html -o page.html rows.ndjson
	shoot_charts page.html 2
}

# mean_rows N: N windows of three hosts with the mean of request_time
# and its sum and count (aggregate -a mean:request_time,sum:..,count:..).
# web-1: mean 2 (20/10) in even windows, 6 (180/30) in odd ones; web-2
# mean 1 (10/10); web-3 mean 3 (90/30).
mean_rows() {
	printf '%s\n' '{"@ctl":"meta","by":["host"],"metrics":[{"name":"mean_request_time","fn":"mean","field":"request_time","merge":"none"},{"name":"sum_request_time","fn":"sum","field":"request_time","merge":"sum"},{"name":"count_request_time","fn":"count","field":"request_time","merge":"sum"}]}'
	windows "$1" | jq -c '.k as $k | .w as $w
	    | ([["web-1", (if $k % 2 == 0 then [20, 10] else [180, 30] end)],
	        ["web-2", [10, 10]], ["web-3", [90, 30]]][]
	       | {"@window": $w, "host": .[0], "mean_request_time": (.[1][0] / .[1][1]),
	          "sum_request_time": .[1][0], "count_request_time": .[1][1]}),
	      {"@ctl": "close", "@window": $w}'
}

# chart_values PAGE N: per line of chart N, its label and its values
# read back through the y axis (the top tick is the top of the plot,
# y 12; 0 is the bottom, y 212), rounded to 0.01.
chart_values() {
	python3 - "$1" "$2" <<'PY'
import re, sys
svg = re.findall(r'<svg class="chart".*?</svg>', open(sys.argv[1]).read(), re.S)[int(sys.argv[2])]
top = max(float(t) for t in re.findall(r'text-anchor="end">([0-9.]+)<', svg))
lines = re.findall(r'<path d="([^"]*)" fill="none" stroke="([^"]*)"', svg)
legend = re.findall(r'stroke="([^"]*)" stroke-width="3"[^>]*/>\n<text[^>]*>([^<]*)<', svg)
for colour, label in legend:
    d = [d for d, c in lines if c == colour][0]
    ys = [float(y) for y in re.findall(r"[ML][-0-9.]+ ([-0-9.]+)", d)]
    vals = sorted({round((212 - y) / 200 * top, 2) for y in ys})
    print(label, " ".join("%g" % v for v in vals))
PY
}

@test "report_charts: a mean is drawn from sums and counts, and so is the other line" {
	need_python
	mean_rows 6 > rows.ndjson
	run -0 report -f html --top 1 -o page.html rows.ndjson
	# The top host, then the two others as one line: (10 + 90) / (10 +
	# 30) = 2.5, not their highest mean (3) nor the mean of means (2).
	run -0 chart_values page.html 0
	echo "$output" >&3
	grep -qx 'web-1 2 6' <<< "$output"
	grep -qx 'other (mean) 2.5' <<< "$output"
	# 2048 windows: each point merges two, web-1's is (20 + 180) / (10 +
	# 30) = 5 exactly, not its highest (6) nor the mean of means (4).
	mean_rows 2048 > many.ndjson
	run -0 report -f html --top 3 -o many.html many.ndjson
	grep -q 'Each point merges up to 2 windows (the mean from the sums and counts)' many.html
	run -0 chart_values many.html 0
	echo "$output" >&3
	grep -qx 'web-1 5' <<< "$output"
	grep -qx 'web-3 3' <<< "$output"
	grep -qx 'web-2 1' <<< "$output"
}

# alert NAME STATE AT IP MESSAGE: an @alert record of the group ip=IP.
alert_rec() {
	jq -nc --arg r "$1" --arg s "$2" --arg at "$3" --arg ip "$4" --arg m "$5" \
	    '{"@alert": {rule: $r, state: $s, severity: "warning", since: $at,
	      at: $at, value: 1, message: $m}, ip: $ip}'
}

# The sparse rows with three alerts: "slow" names p95_request_time in
# its message (01:00 to 02:00, on 10.0.0.2); "busy" names no metric but
# is about 10.0.0.1, drawn in both charts, and still firing at the end
# (from 06:00); "ghost" is about a group that is not drawn.
alert_rows() {
	sparse_rows
	alert_rec slow firing 2026-11-21T01:00:00Z 10.0.0.2 'p95_request_time 1.5 s on 10.0.0.2'
	alert_rec slow resolved 2026-11-21T02:00:00Z 10.0.0.2 'slow resolved'
	alert_rec busy firing 2026-11-21T06:00:00Z 10.0.0.1 'busy firing for ip=10.0.0.1'
	alert_rec ghost firing 2026-11-21T03:00:00Z 10.9.9.9 'ghost firing'
	alert_rec ghost resolved 2026-11-21T03:30:00Z 10.9.9.9 'ghost resolved'
}

# svg_bands PAGE N: "X END TITLE" of each shaded band of chart N, x
# rounded to a unit.
svg_bands() {
	python3 - "$1" "$2" <<'PY'
import re, sys
svg = re.findall(r'<svg class="chart".*?</svg>', open(sys.argv[1]).read(), re.S)[int(sys.argv[2])]
for x, w, t in re.findall(r'<rect class="band" x="([^"]*)" y="12" width="([^"]*)" height="200"[^>]*><title>([^<]*)</title>', svg):
    print("%.0f %.0f %s" % (float(x), float(x) + float(w), t))
PY
}

@test "report_charts: alert periods are shaded on the charts they concern" {
	need_python
	alert_rows > rows.ndjson
	run -0 report -f html -o page.html rows.ndjson
	# The x axis: 00:00 at x 64, 07:50 (the last window) at x 984: 06:00
	# at 769, 01:00 at 181, 02:00 at 299.
	# count: only "busy" (its group is drawn), to the right edge.
	run -0 svg_bands page.html 0
	echo "$output" >&3
	assert_eq "$output" "769 984 busy ip=10.0.0.1: firing from 2026-11-21T06:00:00.000Z, still at the end"
	# p95: "slow" (named) from 01:00 to 02:00, and "busy".
	run -0 svg_bands page.html 1
	echo "$output" >&3
	assert_eq "$(sed -n 1p <<< "$output")" "181 299 slow ip=10.0.0.2: firing from 2026-11-21T01:00:00.000Z to 2026-11-21T02:00:00.000Z"
	assert_eq "$(sed -n 2p <<< "$output" | cut -d' ' -f1-3)" "769 984 busy"
	assert_eq "$(wc -l <<< "$output")" 2
	! grep -q '<title>ghost' page.html
	# A legend entry in each chart.
	assert_eq "$(grep -c '>alert firing</text>' page.html)" 2
	# Without alerts, no band and no legend entry.
	report -f html -o calm.html <(sparse_rows)
	! grep -q 'class="band"\|alert firing' calm.html
}

@test "report_charts: chromium: the shaded charts and the alert timeline render whole" {
	need_chromium
	alert_rows > rows.ndjson
	report -f html -o page.html rows.ndjson
	shoot_charts page.html 3
	# The pale red of the bands (#cf222e at 13% on white).
	pink=$(pngnear chart1.html.png f9e2e4)
	echo "shaded pixels: $pink" >&3
	[ "$pink" -ge 20000 ]
}

LONG_HOST=checkout-service-eu-west-1a.prod.internal.example.com/api/v2/orders
LONG_RULE=checkout_latency_budget_exceeded_for_the_payment_path

# Hourly windows over two days (ticks show dates) for three hosts with
# long names, and an alert with a long rule name on one of them.
long_rows() {
	printf '%s\n' '{"@ctl":"meta","by":["host"],"metrics":[{"name":"count","fn":"count","merge":"sum"}]}'
	jq -nc --arg h "$LONG_HOST" 'range(48) as $k | (1795219200 + $k * 3600) as $s
	    | {"start": ($s | todate), "end": ($s + 3600 | todate)} as $w
	    | ({"@window": $w, host: ($h + "/1"), count: (10 + $k % 5)},
	       {"@window": $w, host: ($h + "/2"), count: (20 + $k % 3)},
	       {"@window": $w, host: "web-3", count: 5},
	       {"@ctl": "close", "@window": $w})'
	jq -nc --arg r "$LONG_RULE" --arg h "$LONG_HOST/1" '
	    {"@alert": {rule: $r, state: "firing", severity: "critical",
	      since: "2026-11-21T10:00:00Z", at: "2026-11-21T10:00:00Z",
	      value: 1, message: "slow"}, host: $h},
	    {"@alert": {rule: $r, state: "resolved", severity: "critical",
	      since: "2026-11-21T12:00:00Z", at: "2026-11-21T12:00:00Z",
	      value: 0, message: "ok"}, host: $h}'
}

@test "report_charts: long labels are ellipsized inside the chart, whole in a <title>" {
	need_python
	long_rows > rows.ndjson
	run -0 report -f html -o page.html rows.ndjson
	# Legend and timeline labels: their start and end around an
	# ellipsis, the whole text in the <title> of the same <text>.
	grep -q "<title>$LONG_HOST/1</title>checkout-[^<]*…[^<]*/1</text>" page.html
	grep -q "<title>$LONG_HOST/2</title>checkout-[^<]*…[^<]*/2</text>" page.html
	grep -q "<title>$LONG_RULE host=$LONG_HOST/1</title>checkout_[^<]*…[^<]*/1</text>" page.html
	# A short label is whole, without a <title>.
	grep -q '>web-3</text>' page.html
	# The timeline's label ends at x 212 (anchored at its end); its last
	# time label, at the right edge (x 984), ends inside the width of
	# 1000 instead of being centred there.
	grep -q "<text x=\"212.0\" y=\"16.0\" text-anchor=\"end\"><title>$LONG_RULE" page.html
	grep -q '<text x="998" y="40.0" text-anchor="end">11-23 00:00</text>' page.html
}

@test "report_charts: chromium: nothing of the long labels leaves the charts" {
	need_chromium
	long_rows > rows.ndjson
	report -f html -o page.html rows.ndjson
	shoot_charts page.html 2
}

# ticks PAGE N: the time labels of chart N's x axis, one a line.
ticks() {
	python3 - "$1" "$2" <<'PY'
import re, sys
svg = re.findall(r'<svg class="chart".*?</svg>', open(sys.argv[1]).read(), re.S)[int(sys.argv[2])]
for t in re.findall(r'<text x="[^"]*" y="228.0" text-anchor="(?:middle|end)">([^<]*)</text>', svg):
    print(t)
PY
}

@test "report --tz: charts, tables and the header range in the zone, with its offset" {
	need_python
	alert_rows > rows.ndjson
	# UTC (the default) changes nothing; json and csv never change.
	report -f html -o utc.html rows.ndjson
	report -f html --tz UTC -o utc2.html rows.ndjson
	cmp utc.html utc2.html
	for f in json csv; do
		report -f $f rows.ndjson > a.$f
		report -f $f --tz Europe/Paris rows.ndjson > b.$f
		cmp a.$f b.$f
	done
	cmp <(report rows.ndjson) <(report --tz utc rows.ndjson)
	# Europe/Paris, checked against date(1).
	paris() { TZ=Europe/Paris date -d "$1" +%Y-%m-%dT%H:%M:%S.000%:z; }
	report -f html --tz Europe/Paris -o paris.html rows.ndjson
	grep -qF "<p class=\"meta\">$(paris 2026-11-21T00:00:00Z) to $(paris 2026-11-21T08:00:00Z)</p>" paris.html
	grep -qF '<p class="meta">Times in UTC+01:00.</p>' paris.html
	grep -qF "<h2>Latest window</h2>
<p class=\"meta\">$(paris 2026-11-21T07:50:00Z) to $(paris 2026-11-21T08:00:00Z), 1 row</p>" paris.html
	# The alerts' times in the tables, and in the bands' titles.
	grep -qF "<td>$(paris 2026-11-21T01:00:00Z)</td>" paris.html
	grep -qF "firing from $(paris 2026-11-21T01:00:00Z) to $(paris 2026-11-21T02:00:00Z)</title>" paris.html
	! grep -q '<td>2026-[^<]*Z</td>' paris.html
	# Ticks on round hours of the zone: 02:00 ... where UTC has 00:00 ...
	assert_eq "$(ticks utc.html 0 | tr '\n' ' ')" "00:00 02:00 04:00 06:00 "
	assert_eq "$(ticks paris.html 0 | tr '\n' ' ')" "02:00 04:00 06:00 08:00 "
	# A fixed offset with half hours: ticks on its round hours still.
	report -f html --tz +05:30 -o india.html rows.ndjson
	assert_eq "$(ticks india.html 0 | tr '\n' ' ')" "06:00 08:00 10:00 12:00 "
	grep -qF '2026-11-21T05:30:00.000+05:30 to 2026-11-21T13:30:00.000+05:30' india.html
	# The text table and Markdown too.
	run -0 report --tz Europe/Paris rows.ndjson
	[[ "${lines[1]}" == "$(paris 2026-11-21T00:00:00Z) to $(paris 2026-11-21T08:00:00Z)" ]]
	grep -qF "Latest window: $(paris 2026-11-21T07:50:00Z) to" <<< "$output"
	! grep -q '2026-[0-9T:.-]*Z' <<< "$output"
	run -0 report -f markdown --tz Europe/Paris rows.ndjson
	grep -qF "$(paris 2026-11-21T07:50:00Z)" <<< "$output"
}

@test "report --tz: a change of offset (daylight saving) is shown; a bad zone is a usage error" {
	jq -nc '(1806193800, 1806201000) as $s
	    | {"@window": {start: ($s | todate), end: ($s + 600 | todate)}, count: 1}' > rows.ndjson
	run -0 report --tz Europe/Paris rows.ndjson
	# 2027-03-28 01:00 UTC: Paris goes from +01:00 to +02:00.
	[[ "${lines[1]}" == "2027-03-28T01:30:00.000+01:00 to 2027-03-28T04:40:00.000+02:00" ]]
	report -f html --tz Europe/Paris -o page.html rows.ndjson
	grep -qF '<p class="meta">Times in UTC+01:00 to UTC+02:00.</p>' page.html
	run -2 report --tz Mars/Olympus_Mons rows.ndjson
	[[ "$output" == *"--tz"*"unknown time zone"* ]]
	run -2 report --tz +25:00 rows.ndjson
	[[ "$output" == *"--tz"*"bad zone offset"* ]]
	run -2 report --tz ../../etc/passwd rows.ndjson
}

@test "report: a share that is not 0 never shows as 0.0%, nor one short of all as 100.0%" {
	# 3 errors in 10,000 requests, 1 timeout in 1,000,000.
	printf '%s\n' '{"@ctl":"meta","by":["status"],"metrics":[{"name":"count","fn":"count","merge":"sum"}]}' > rows.ndjson
	jq -nc '{"start": "2026-11-21T00:00:00Z", "end": "2026-11-21T00:10:00Z"} as $w
	    | {"@window": $w, status: "200", count: 999996},
	      {"@window": $w, status: "500", count: 3},
	      {"@window": $w, status: "504", count: 1}' >> rows.ndjson
	run -0 report -f html rows.ndjson
	# An oracle: awk's own division, to two decimals.
	assert_eq "$(awk 'BEGIN { printf "%.2f%%", 100 * 3 / 1000000 }')" "0.00%"
	grep -q '<tr><td>500</td><td class="num">1</td><td class="num">3</td><td class="num">&lt;0.01%</td></tr>' <<< "$output"
	grep -q '<tr><td>200</td><td class="num">1</td><td class="num">999996</td><td class="num">&gt;99.99%</td></tr>' <<< "$output"
	# 3 in 10,000: 0.03%; 9,997: 99.97%; 30 in 1,000: 3.0% as before.
	sed -i 's/999996/9996/' rows.ndjson
	run -0 report -f html rows.ndjson
	assert_eq "$(awk 'BEGIN { printf "%.2f%%", 100 * 3 / 10000 }')" "0.03%"
	grep -q '<td>500</td><td class="num">1</td><td class="num">3</td><td class="num">0.03%</td>' <<< "$output"
	grep -q '<td>504</td><td class="num">1</td><td class="num">1</td><td class="num">0.01%</td>' <<< "$output"
	grep -q '<td>200</td><td class="num">1</td><td class="num">9996</td><td class="num">99.96%</td>' <<< "$output"
	sed -i 's/9996/966/' rows.ndjson
	run -0 report -f html rows.ndjson
	grep -q '<td>500</td><td class="num">1</td><td class="num">3</td><td class="num">0.3%</td>' <<< "$output"
	grep -q '<td>200</td><td class="num">1</td><td class="num">966</td><td class="num">99.6%</td>' <<< "$output"
}
