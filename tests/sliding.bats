#!/usr/bin/env bats
# sliding.bats -- sliding windows by panes: window --sliding writes each
# event once, tagged with its pane, and aggregate merges the panes of a
# window at its close (sluice(7), SLIDING WINDOWS BY PANES).  The
# oracles: a python3 model of sliding windows with a watermark, and
# window --expand, the copy per window of earlier versions.

load helpers

setup() {
	T=$BATS_TEST_TMPDIR
}

# gen SEED N [floats]: a random stream, in seconds from 2026-01-01:
# runs of close events, gaps of minutes to hours, events up to 40 s out
# of order; hosts a..d, an integer v (with floats: also reals, -0.0,
# missing and strings), a string s.
gen() {
	python3 - "$@" <<-'PY'
	import json, random, sys
	seed, n = int(sys.argv[1]), int(sys.argv[2])
	floats = len(sys.argv) > 3
	r = random.Random(seed)
	t = 1767225600
	for i in range(n):
	    x = r.random()
	    t += r.choice([0, 1, 1, 2, 3, 7]) if x < 0.97 else r.choice([60, 300, 4000])
	    at = t - (r.randrange(40) if r.random() < 0.2 else 0)
	    ev = {"@timestamp": "%04d-%02d-%02dT%02d:%02d:%02dZ" % __import__("time").gmtime(at)[:6],
	          "host": r.choice("abcd"), "v": r.randrange(-50, 51),
	          "s": r.choice(["x", "y", "z", "w", "q"])}
	    if floats:
	        y = r.random()
	        if y < 0.1:
	            ev["v"] = r.choice([0.5, -2.25, 1e300, 0.0, -0.0, 3.0])
	        elif y < 0.15:
	            del ev["v"]
	        elif y < 0.17:
	            ev["v"] = "7"
	    print(json.dumps(ev, separators=(",", ":")))
	PY
}

# model SIZE EVERY OFFSET LATENESS FILE: what window --sliding |
# aggregate --by host -a count,sum:v,min:v,max:v,first:v,last:v writes,
# as [start, end, host, count, sum, min, max, first, last] (epoch
# seconds), one line per row: an event counts in every window that
# holds it and that the watermark (latest time - lateness) has not
# passed; windows close in order when it passes their end, the rest at
# the end of input; rows by window, then host.
model() {
	python3 - "$@" <<-'PY'
	import calendar, json, sys, time
	S, E, O, L = (int(a) for a in sys.argv[1:5])
	wins = {}            # start -> host -> [count, sum, min, max, (t,seq,v) first, last]
	wm = None
	maxt = None
	def emit(s):
	    for h in sorted(wins[s]):
	        g = wins[s][h]
	        print(json.dumps([s, s + S, h, g[0], g[1], g[2], g[3], g[4][2], g[5][2]], separators=(",", ":")))
	    del wins[s]
	for seq, line in enumerate(open(sys.argv[5])):
	    ev = json.loads(line)
	    t = calendar.timegm(time.strptime(ev["@timestamp"], "%Y-%m-%dT%H:%M:%SZ"))
	    hi = t - (t - O) % E
	    s = hi
	    while s + S > t:
	        if wm is None or s + S > wm:
	            g = wins.setdefault(s, {}).setdefault(ev["host"], [0, 0, None, None, None, None])
	            v = ev["v"]
	            g[0] += 1
	            g[1] += v
	            g[2] = v if g[2] is None else min(g[2], v)
	            g[3] = v if g[3] is None else max(g[3], v)
	            if g[4] is None or (t, seq) < g[4][:2]:
	                g[4] = (t, seq, v)
	            if g[5] is None or (t, seq) > g[5][:2]:
	                g[5] = (t, seq, v)
	        s -= E
	    maxt = t if maxt is None else max(maxt, t)
	    wm = maxt - L
	    for s in sorted(wins):
	        if s + S <= wm:
	            emit(s)
	for s in sorted(wins):
	    emit(s)
	PY
}

# The rows of aggregate's output in the model's form.
rows() {
	jq -c 'select(."@ctl" == null) | [(."@window".start, ."@window".end
	    | sub("\\.000Z$"; "Z") | fromdate), .host, .count, .sum_v,
	    .min_v, .max_v, .first_v, .last_v]'
}

FUNCS=count,sum:v,min:v,max:v,first:v,last:v

@test "sliding: window | aggregate equals a python model of sliding windows on random streams" {
	local spec seed args
	# size every offset lateness, in seconds: size a multiple of every
	# or not (panes of gcd(size, every)), every = size, every 1s.
	for spec in "60 20 0 0" "70 20 5 30" "7 3 1 10" "100 30 0 0" \
	    "3600 60 0 20" "13 13 4 0" "9 1 0 5" "120 45 10 40"; do
		set -- $spec
		args="--sliding $1s --every $2s --offset $3s --lateness $4s"
		for seed in 1 2; do
			gen "$seed" 3000 > "$T/in"
			model "$@" "$T/in" > "$T/want"
			window $args "$T/in" 2>/dev/null |
			    aggregate --by host -a "$FUNCS" | rows > "$T/got"
			[ -s "$T/want" ]
			assert_same_file "$T/want" "$T/got"
		done
	done
}

@test "sliding: panes give the bytes of window --expand for every function, and alert after them" {
	local spec seed args f
	f=count,sum:v,mean:v,min:v,max:v,var:v,stddev:v,first:v,last:v,rate
	f=$f,rate:v,distinct:v,distinct:s,p50:v,p99:v,median:v,top2:s,count:v
	for spec in "60 20 0 0" "70 20 5 30" "7 3 1 10" "3600 60 0 20" \
	    "120 45 10 40"; do
		set -- $spec
		args="--sliding $1s --every $2s --offset $3s --lateness $4s"
		for seed in 3 4; do
			gen "$seed" 2000 floats > "$T/in"
			window $args "$T/in" 2>/dev/null |
			    aggregate --by host -a "$f" > "$T/got"
			window $args --expand "$T/in" 2>/dev/null |
			    aggregate --by host -a "$f" > "$T/want"
			[ "$(grep -c '"count"' "$T/want")" -gt 10 ]
			assert_same_file "$T/want" "$T/got"
			# Without top: merged pane by pane, not per window.
			window $args "$T/in" 2>/dev/null |
			    aggregate --by host -a "${f%,top2:s,count:v}" \
			    --interpolate --exact-limit 5 --distinct-limit 2 \
			    > "$T/got"
			window $args --expand "$T/in" 2>/dev/null |
			    aggregate --by host -a "${f%,top2:s,count:v}" \
			    --interpolate --exact-limit 5 --distinct-limit 2 \
			    > "$T/want"
			assert_same_file "$T/want" "$T/got"
			alert -r 'hot: count > 20' --by host < "$T/got" > "$T/a.got"
			alert -r 'hot: count > 20' --by host < "$T/want" > "$T/a.want"
			assert_same_file "$T/a.want" "$T/a.got"
		done
	done
}

@test "sliding: window writes each event once, tagged with its pane and its windows" {
	gen 5 500 > "$T/in"
	window --sliding 70s --every 20s --offset 5s --lateness 30s "$T/in" \
	    > "$T/out" 2>/dev/null || true
	# Oracle: jq checks each event against its own time: the pane of
	# 10 s (gcd of 70 and 20) from the offset holds it, and first is
	# the start of a window (offset + k 20 s) that holds the pane.
	run -0 jq -r 'select(."@ctl" == null) | ."@window" as $w
	    | def e: sub("\\.000Z$"; "Z") | fromdate;
	    (."@timestamp" | fromdate) as $t | ($w.pane.start | e) as $ps
	    | ($w.pane.end | e) as $pe | ($w.first | e) as $f
	    | if $ps <= $t and $t < $pe and $pe - $ps == 10
	         and ($ps - 5) % 10 == 0 and ($f - 5) % 20 == 0
	         and $f <= $ps and $f + 70 >= $pe and $w.size == "1m10s"
	         and $w.every == "20s" then "ok" else "bad \(.)" end' "$T/out"
	[[ "$output" != *bad* ]]
	# Each event once: as many as the input less the late ones.
	late=$(window --sliding 70s --every 20s --offset 5s --lateness 30s \
	    --late pass "$T/in" 2>/dev/null | jq -c 'select(."@window" == null)' | wc -l)
	assert_eq "$(grep -vc '"@ctl"' "$T/out")" "$(($(wc -l < "$T/in") - late))"
	# The close markers are those of --expand, in the same places
	# relative to the events' input lines.
	window --sliding 70s --every 20s --offset 5s --lateness 30s --expand \
	    "$T/in" 2>/dev/null > "$T/exp" || true
	assert_eq "$(grep '"@ctl"' "$T/out")" "$(grep '"@ctl"' "$T/exp")"
	# --stats: one record out per event placed, not 60.
	run --separate-stderr window --stats --sliding 1m --every 1s "$T/in"
	[[ "$stderr" =~ events=([0-9]+)\ records_out=([0-9]+) ]]
	assert_eq "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}"
	[ "${BASH_REMATCH[1]}" -gt 400 ]
}

@test "sliding: a pause (window --state) leaves open windows for aggregate's end, as --expand does" {
	local k mode
	gen 6 3000 > "$T/in"
	for k in 10 700 2999; do
		for mode in panes expand; do
			rm -f "$T/st" "$T/st.prev"
			head -n "$k" "$T/in" | window --state "$T/st" \
			    --sliding 70s --every 20s --lateness 30s \
			    $([ $mode = expand ] && echo --expand) 2>/dev/null |
			    aggregate --by host -a count,sum:v,p50:v,first:v > "$T/$mode"
		done
		[ "$(grep -c '"count"' "$T/expand")" -gt 0 ]
		assert_same_file "$T/expand" "$T/panes"
	done
}

# Run window | aggregate with --state over the input in parts, then
# --drain: the output of all the runs.  $1: window's options, $2 those
# of the first part.
parts() {
	local i
	rm -rf "$T/st" && mkdir "$T/st"
	: > "$T/runs"
	split -l 700 "$T/in" "$T/part."
	for i in "$T"/part.*; do
		window $2 $1 --state "$T/st/w" "$i" 2>/dev/null |
		    aggregate --by host -a count,sum:v,p50:v,distinct:s \
		    --state "$T/st/a" >> "$T/runs"
	done
	window $1 --state "$T/st/w" --drain /dev/null 2>/dev/null |
	    aggregate --by host -a count,sum:v,p50:v,distinct:s \
	    --state "$T/st/a" --drain >> "$T/runs"
}

@test "sliding: runs with --state over parts of the input equal one run, panes kept in aggregate's state" {
	gen 7 3000 > "$T/in"
	args="--sliding 70s --every 20s --lateness 30s"
	window $args "$T/in" 2>/dev/null |
	    aggregate --by host -a count,sum:v,p50:v,distinct:s > "$T/want"
	parts "$args" ""
	assert_same_file "$T/want" "$T/runs"
	# The state held panes: version 2, one line per pane and group.
	rm -rf "$T/st" && mkdir "$T/st"
	head -n 700 "$T/in" | window $args --state "$T/st/w" 2>/dev/null |
	    aggregate --by host -a count --state "$T/st/a" > /dev/null
	sed -n 3p "$T/st/a" | grep -q '^{"aggregate":2,'
	[ "$(grep -c '"pane"' "$T/st/a")" -gt 0 ]
}

@test "sliding: a state of --expand copies goes on with panes (the state of an older version)" {
	gen 8 3000 > "$T/in"
	args="--sliding 70s --every 20s --lateness 30s"
	window $args "$T/in" 2>/dev/null |
	    aggregate --by host -a count,sum:v,p50:v,distinct:s > "$T/want"
	# The first part as earlier versions wrote it, the rest by panes:
	# a window then holds states of both, merged at its close.
	rm -rf "$T/st" && mkdir "$T/st"
	: > "$T/runs"
	split -l 1500 "$T/in" "$T/half."
	window $args --expand --state "$T/st/w" "$T/half.aa" 2>/dev/null |
	    aggregate --by host -a count,sum:v,p50:v,distinct:s \
	    --state "$T/st/a" >> "$T/runs"
	sed -n 3p "$T/st/a" | grep -q '^{"aggregate":1,'
	window $args --state "$T/st/w" --drain "$T/half.ab" 2>/dev/null |
	    aggregate --by host -a count,sum:v,p50:v,distinct:s \
	    --state "$T/st/a" --drain >> "$T/runs"
	assert_same_file "$T/want" "$T/runs"
}

@test "sliding: aggregate --partial | --merge equals one aggregate, as with --expand" {
	gen 9 2000 > "$T/in"
	args="--sliding 70s --every 20s --lateness 30s"
	f=count,sum:v,min:v,p50:v,distinct:s,var:v,first:v
	window $args "$T/in" 2>/dev/null | aggregate --by host -a "$f" > "$T/plain"
	[ "$(grep -c '"count"' "$T/plain")" -gt 10 ]
	# Partial states hold the same values, perhaps in another order
	# (exact values, sets of hashes) or with other arrival numbers.
	window $args "$T/in" 2>/dev/null | aggregate --by host -a "$f" --partial > "$T/got"
	window $args --expand "$T/in" 2>/dev/null | aggregate --by host -a "$f" --partial > "$T/want"
	assert_eq "$(grep -c '"@partial"' "$T/got")" "$(grep -c '"@partial"' "$T/want")"
	aggregate --merge < "$T/got" > "$T/merged"
	assert_same_file "$T/plain" "$T/merged"
	aggregate --merge < "$T/want" > "$T/merged"
	assert_same_file "$T/plain" "$T/merged"
}

@test "sliding: aggregate rejects a malformed pane and a pane of other windows" {
	w='{"pane":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:00:10.000Z"},"first":"2025-12-31T23:59:10.000Z","size":"1m10s","every":"20s"}'
	bad='{"pane":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:00:20.000Z"},"first":"2025-12-31T23:59:10.000Z","size":"1m10s","every":"20s"}'
	other='{"pane":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T00:00:10.000Z"},"first":"2025-12-31T23:59:10.000Z","size":"1m","every":"10s"}'
	printf '{"n":1,"@window":%s}\n{"n":2,"@window":%s}\n{"n":3,"@window":%s}\n{"n":4,"@window":{"pane":1}}\n' \
	    "$w" "$bad" "$other" > "$T/in"
	run -1 --separate-stderr aggregate -a count "$T/in"
	[[ "$stderr" == *":2:"*"not a pane of its windows"* ]]
	[[ "$stderr" == *":3:"*"pane of other sliding windows"* ]]
	[[ "$stderr" == *":4:"*"malformed pane"* ]]
	# The good one counts in its windows, 23:59:10 to 00:00:00, at the end.
	assert_eq "$(jq -r 'select(.count) | "\(."@window".start) \(.count)"' <<< "$output")" \
	    "2025-12-31T23:59:10.000Z 1
2025-12-31T23:59:30.000Z 1
2025-12-31T23:59:50.000Z 1"
	run -2 --separate-stderr window --tumbling 1m --expand
	[[ "$stderr" == *"--expand goes with --sliding"* ]]
}
