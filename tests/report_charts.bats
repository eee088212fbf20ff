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
