#!/usr/bin/env bats
# report_partial.bats -- report given aggregate --partial output: the rows
# --merge would write, and percentiles and distinct counts across groups
# and windows from the merged states, checked against python3 over the
# raw events.

load helpers

A='count,sum:ms,mean:ms,p50:ms,p95:ms,p99:ms,distinct:ip,min:ms,max:ms'

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	# Three hours of requests: five hosts, latencies, client addresses.
	python3 -c '
import json, random
r = random.Random(14)
for i in range(4500):
    print(json.dumps({"@timestamp": "2026-03-01T%02d:%02d:%02dZ" % (i // 1500, i // 25 % 60, i % 25 * 2),
                      "host": "web-%d" % r.choice([1, 1, 1, 2, 2, 3, 4, 5]),
                      "ms": int(r.expovariate(1 / 120)) + (400 if r.random() < 0.05 else 0),
                      "ip": "10.0.%d.%d" % (r.randint(0, 3), r.randint(1, 60))}))' > in
	# Three shards by lines, each windowed and aggregated on its own.
	split -n l/3 in shard.
	for s in shard.a?; do
		window --tumbling 1h "$s" | aggregate --partial --by host -a "$A" > "$s.p"
	done
	cat shard.a?.p > parts
}

teardown() {
	[ -e tmux.sock ] && tmux -S tmux.sock kill-server 2>/dev/null || true
}

# python3: the nearest-rank percentile of aggregate(1), and the events.
oracle() {
	python3 -c '
import json, math, sys, collections
def pct(v, p):
    v = sorted(v)
    return v[max(1, math.ceil(p * len(v) / 100)) - 1]
ev = [json.loads(l) for l in open("in")]
'"$1"
}

@test "report_partial: the rows of partial states are those aggregate --merge writes, byte for byte" {
	aggregate --merge parts > merged
	# CSV: every row, byte for byte.
	report -f csv parts > a.csv
	report -f csv merged > b.csv
	assert_same_file a.csv b.csv
	assert_eq "$(wc -l < a.csv)" 16
	# JSON: the same document but the totals, numbers as written.
	report -f json parts > a.json
	report -f json merged > b.json
	python3 -c '
import json, sys
def load(f):
    return json.load(open(f), parse_float=str, parse_int=str)
a, b = load("a.json"), load("b.json")
assert "totals" in a and "totals" not in b, (a.keys(), b.keys())
del a["totals"]
assert a == b, "differ"
assert a["metrics"] == ["count", "sum_ms", "mean_ms", "p50_ms", "p95_ms", "p99_ms", "distinct_ip", "min_ms", "max_ms"], a["metrics"]
'
	# The rows are --merge's rows.
	assert_eq "$(jq -c '.windows[].rows[]' a.json)" "$(grep -v '"@ctl"' merged | jq -c 'del(."@window")')"
}

@test "report_partial: each window's percentiles and distinct count over all its groups are those of its records" {
	run -0 report parts
	printf '%s\n' "$output" | sed -n '/^Windows$/,/^$/p' | awk '/^2026/ { print $1, $3, $4, $7, $8, $9, $10, $11, $12 }' > got
	oracle '
by = collections.defaultdict(list)
for e in ev:
    by[e["@timestamp"][:13]].append(e)
for h in sorted(by):
    ms = [e["ms"] for e in by[h]]
    print(h + ":00:00.000Z", len(set(e["host"] for e in by[h])), len(ms),
          pct(ms, 50), pct(ms, 95), pct(ms, 99), len(set(e["ip"] for e in by[h])), min(ms), max(ms))' > want
	assert_same_file got want
	# No note: they were combined.
	[[ "$output" != *"cannot be combined"* ]]
	# The mean over all groups, from the states: within the table's rounding.
	printf '%s\n' "$output" | sed -n '/^Windows$/,/^$/p' | awk '/^2026/ { print $6 }' > mean
	oracle '
by = collections.defaultdict(list)
for e in ev:
    by[e["@timestamp"][:13]].append(e["ms"])
got = [float(x) for x in open("mean")]
want = [sum(by[h]) / len(by[h]) for h in sorted(by)]
assert len(got) == len(want) and all(abs(g - w) <= 0.01 * w for g, w in zip(got, want)), (got, want)'
}

@test "report_partial: totals per group over all windows, the other groups and all groups, exactly" {
	report -f json --top 2 parts > r.json
	jq -c '.totals[] | [.group, .rows, .count, .p50_ms, .p95_ms, .p99_ms, .distinct_ip, .min_ms, .max_ms]' r.json > got
	oracle '
by = collections.defaultdict(list)
for e in ev:
    by[e["host"]].append(e)
def row(name, es, rows):
    ms = [e["ms"] for e in es]
    print(json.dumps([name, rows, len(ms), pct(ms, 50), pct(ms, 95), pct(ms, 99),
                      len(set(e["ip"] for e in es)), min(ms), max(ms)], separators=(",", ":")))
top = sorted(by, key=lambda h: -len(by[h]))
for h in top[:2]:
    row(h, by[h], 3)
rest = [e for h in top[2:] for e in by[h]]
row("other (3 groups)", rest, 9)
row("all groups", ev, 15)' > want
	assert_same_file got want
	# The text report shows the same table under Totals.
	run -0 report --top 2 parts
	assert_eq "$(printf '%s\n' "$output" | sed -n '/^Totals$/,$p' | awk '/^all groups/ { print $3, $4, $8 }')" \
	    "15 4500 $(jq '.totals[-1].p95_ms' r.json)"
	# Rows of aggregate --merge carry no states: no totals.
	aggregate --merge parts | report > plain
	! grep -q '^Totals$' plain
}

@test "report_partial: sketched percentiles and distinct counts merge within their documented error" {
	for s in shard.a?; do
		window --tumbling 1h "$s" | aggregate --partial --exact-limit 40 \
		    --distinct-limit 20 --by host -a "$A" > "$s.k"
	done
	cat shard.a?.k | report -f json > r.json
	jq -c '.totals[-1] | [.p50_ms, .p95_ms, .p99_ms, .distinct_ip]' r.json > got
	oracle '
ms = [e["ms"] for e in ev]
got = json.load(open("got"))
want = [pct(ms, 50), pct(ms, 95), pct(ms, 99)]
for g, w in zip(got, want):
    assert abs(g - w) <= 0.01 * w + 1e-9, (g, w)
d = len(set(e["ip"] for e in ev))
# HyperLogLog, 0.81% standard error: 5 of them.
assert abs(got[3] - d) <= 0.05 * d, (got[3], d)'
	# The states were sketched: the exact ones give other figures.
	report -f json parts | jq -c '.totals[-1] | [.p50_ms, .p95_ms, .p99_ms, .distinct_ip]' > exact
	! cmp -s got exact
}

@test "report_partial: the live view's sparklines of percentiles come from the merged states" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux -S tmux.sock -f /dev/null new-session -d -s main -x 120 -y 40 \
	    "env PS1='PROMPT\$ ' bash --norc --noprofile -i"
	wait_for "tmux -S tmux.sock capture-pane -p -t main | grep -q PROMPT" 10
	tmux -S tmux.sock send-keys -t main "report --live < parts; echo END:\$?" Enter
	wait_for "tmux -S tmux.sock capture-pane -p -t main | grep -q END:0" 20
	tmux -S tmux.sock capture-pane -p -t main > screen
	# One bar per window, the last window's value: its records' p95.
	want=$(oracle 'print(pct([e["ms"] for e in ev if e["@timestamp"] >= "2026-03-01T02"], 95))')
	grep -Eq "^p95_ms +[▁▂▃▄▅▆▇█]{3} +$want\$" screen
	grep -Eq "^distinct_ip +[▁▂▃▄▅▆▇█]{3} +[0-9]+\$" screen
	! grep -q 'cannot be combined' screen
}

@test "report_partial: shards are checked as --merge checks them; a cut shard exits 2 with no report" {
	# A shard cut short before its trailer: exit 2, nothing written.
	head -n 4 shard.ab.p > cut
	run -2 --separate-stderr pipeline "cat shard.aa.p cut shard.ac.p | report"
	[[ "$stderr" == "report: partial states: the shards are not whole: "* ]]
	assert_eq "$output" ""
	run -2 --separate-stderr pipeline "cat shard.aa.p cut | report -o page.txt"
	[[ "$stderr" == *"after the last trailer, from line $(($(wc -l < shard.aa.p) + 2)) on: a shard cut short before its trailer" ]]
	[ ! -e page.txt ]
	# No trailer at all (an older aggregate): a warning, exit 1, the report.
	grep -v '"@ctl":"shard"' parts > old
	run -1 --separate-stderr report -f csv old
	[[ "$stderr" == "report: partial states: no shard trailer: "* ]]
	assert_eq "$output" "$(report -f csv parts)"
	# States of another spec cannot be merged: exit 2.
	window --tumbling 1h shard.aa | aggregate --partial --by host -a count > other
	run -2 --separate-stderr pipeline "cat shard.ab.p other | report"
	[[ "$stderr" == *"a partial of '-a count=count', not of '-a "* ]]
	# A damaged state is rejected as a bad line: exit 1.
	sed '2s/"state":\[/"state":["x",/' shard.aa.p > bad
	run -1 --separate-stderr report -f csv bad
	[[ "$stderr" == *"bad partial state"* ]]
}

@test "report_partial: without states, the note says how to combine percentiles" {
	aggregate --merge parts | report > out
	grep -qx 'p95_ms: a percentile cannot be combined across groups; give report the --partial output of aggregate to combine them' out
	grep -qx 'distinct_ip: a count of distinct values cannot be combined across groups; give report the --partial output of aggregate to combine them' out
	# A mean says what it needs, as before.
	grep -qx 'mean_ms: a mean cannot be combined across groups without sum:ms and count:ms beside it' out
}

@test "report_partial: the README recipe: shards in parallel, aggregate --partial into report, the p95 of all groups" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	# The recipe as README.md writes it; only the log and the block size
	# change (a small log in several shards).
	text=$(awk '/^# Percentiles across groups/ { on = 1 } on && (/^$/ || /^```/) { exit }
	    on && !/^#/' "$BATS_TEST_DIRNAME/../README.md" |
	    sed 's|big\.log|access.log|; s|--block 50M|--block 400k|')
	[[ "$text" == *"aggregate --partial"*"| report" ]]
	sluice-gen access -n 20000 --seed 14 > access.log
	ingest -f combined access.log > records.ndjson 2>/dev/null || true
	# ingest rejects the log's malformed lines: exit 1, as readme.bats says.
	run -1 --separate-stderr bash -o pipefail -c "$text"
	[[ "$stderr" != *report:* ]]
	printf '%s\n' "$output" > out
	# Several shards came: their rows alone would not combine.
	[ "$(grep -c '"@ctl":"shard"' <(window --tumbling 1h records.ndjson |
	    parallel --pipe --block 400k aggregate --partial --by status -a count))" -gt 1 ]
	# The hours and the whole log: p95 of every request, all statuses.
	sed -n '/^Windows$/,/^$/p' out | awk '/^2026/ { print $1, $4, $5 }' > got
	sed -n '/^Totals$/,$p' out | awk '/^all groups/ { print "all", $4, $5 }' >> got
	python3 -c '
import json, math, collections
def pct(v, p):
    v = sorted(v)
    return v[max(1, math.ceil(p * len(v) / 100)) - 1]
ev = [json.loads(l) for l in open("records.ndjson")]
by = collections.defaultdict(list)
for e in ev:
    by[e["@timestamp"][:13] + ":00:00.000Z"].append(e["request_time"])
want = [(h, len(by[h]), pct(by[h], 95)) for h in sorted(by)]
want.append(("all", len(ev), pct([e["request_time"] for e in ev], 95)))
got = [l.split() for l in open("got")]
assert len(got) == len(want) and len(got) > 2, (got, want)
for g, w in zip(got, want):
    # Exact up to --exact-limit (10000) values, then within 1%.
    tol = 1e-9 if w[1] <= 10000 else 0.01 * w[2]
    assert g[0] == w[0] and int(g[1]) == w[1] and abs(float(g[2]) - w[2]) <= tol, (g, w)
'
}
