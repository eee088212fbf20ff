# html_helpers.bash -- headless chromium and screenshot measures, for
# the tests of the HTML report (report_html.bats, report_charts.bats).

need_python() {
	command -v python3 >/dev/null || skip "python3 is not installed"
}

need_chromium() {
	command -v chromium >/dev/null ||
	    skip "chromium is not installed: the page was not checked in a browser"
	need_python
}

# chrome ARGS...: headless chromium with a new empty profile, no network
# (every host name resolves to nothing), a net log in net.json.
chrome() {
	rm -rf profile net.json
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --disable-quic \
	    --user-data-dir="$BATS_TEST_TMPDIR/profile" \
	    --host-resolver-rules='MAP * ~NOTFOUND' \
	    --log-net-log="$BATS_TEST_TMPDIR/net.json" "$@" 2>> chrome.err
}

# pngstat FILE: "distinct-colours non-background-per-mille" of a PNG.
pngstat() {
	python3 "$BATS_TEST_DIRNAME/png.py" stat "$1"
}

# pngbox FILE: "W H X0 Y0 X1 Y1 COLOURS", the size and the box of what
# is not white (tests/png.py).
pngbox() {
	python3 "$BATS_TEST_DIRNAME/png.py" box "$1"
}

# svg_pages PAGE PREFIX: each <svg class="chart"> of PAGE alone on a
# page PREFIXN.html (N from 0), with PAGE's style sheet, 20 px around
# it, and overflow shown (an SVG hides what leaves its box: shown, a
# cut label paints the margin).  Prints "N WIDTH HEIGHT" per chart.
svg_pages() {
	python3 - "$1" "$2" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
for i, svg in enumerate(re.findall(r'<svg class="chart".*?</svg>', page, re.S)):
    w, h = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups()
    open("%s%d.html" % (sys.argv[2], i), "w", encoding="utf-8").write(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>" + style +
        "body{margin:0;padding:20px;max-width:none}"
        "svg.chart{overflow:visible;margin:0}</style></head><body>" + svg +
        "</body></html>\n")
    print(i, w, h)
PY
}

# shoot_charts PAGE N: PAGE has N charts (svg_pages), each rendered whole
# (chart_shot), as chartI.html.png.
shoot_charts() {
	local n w h
	svg_pages "$1" chart > charts
	assert_eq "$(wc -l < charts)" "$2"
	while read -r n w h; do
		chart_shot "chart$n.html" "$w" "$h"
	done < charts
}

# chart_shot PAGE W H: screenshot PAGE (from svg_pages, a chart W x H)
# in a window of a fixed size, 1040 x 800, to PAGE.png, and check it:
# that size; ink only inside the chart's box, none in the 20 px margin
# around it nor below it, but for a tolerance of 2 px (anti-aliasing);
# the chart's ink spans at least 3/4 of its width and a third of its
# height; many colours (not blank).
chart_shot() {
	local page=$1 w=$2 h=$3 iw ih x0 y0 x1 y1 colours
	[ "$w" -le 1000 ]
	[ "$h" -le 760 ]
	chrome --screenshot="$BATS_TEST_TMPDIR/$page.png" \
	    --window-size=1040,800 "file://$BATS_TEST_TMPDIR/$page"
	[ -s "$page.png" ]
	read -r iw ih x0 y0 x1 y1 colours < <(pngbox "$page.png")
	echo "$page: ${iw}x$ih, chart ${w}x$h, ink $x0,$y0 to $x1,$y1, $colours colours" >&3
	assert_eq "$iw $ih" "1040 800"
	[ "$x0" != - ]
	[ "$x0" -ge 18 ]
	[ "$y0" -ge 18 ]
	[ "$x1" -le $((w + 21)) ]
	[ "$y1" -le $((h + 21)) ]
	[ $((x1 - x0)) -ge $((w * 3 / 4)) ]
	[ $((y1 - y0)) -ge $((h / 3)) ]
	[ "$colours" -ge 8 ]
}

# pngnear FILE RRGGBB: how many pixels are about that colour.
pngnear() {
	python3 "$BATS_TEST_DIRNAME/png.py" near "$1" "$2"
}
