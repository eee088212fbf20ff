#!/usr/bin/env bats
# aggregate_memory.bats -- the memory of a group (aggregate(1), MEMORY),
# with results that stay exact whatever form a sum is held in.

load helpers

# The peak RSS in KiB of aggregate ARGS... (GNU time %M), in $T/rss.
peak_rss() {
	/usr/bin/time -f %M -o "$T/rss" aggregate "$@" >"$T/out"
	tail -n 1 "$T/rss"
}

# The rows of $T/out against python3's counts and exact sums of $T/in
# (Fraction: integers exactly at any size, reals rounded once).
check_sums() {
	python3 - "$T/in" "$T/out" <<-'PY'
	import json, sys
	from fractions import Fraction
	want = {}
	for line in open(sys.argv[1]):
	    r = json.loads(line)
	    n, s, real = want.get(r["key"], (0, Fraction(0), False))
	    x = r["x"]
	    want[r["key"]] = (n + 1, s + Fraction(x), real or isinstance(x, float))
	got = {}
	for line in open(sys.argv[2]):
	    r = json.loads(line)
	    if "@ctl" not in r:
	        got[r["key"]] = r
	bad = [k for k in want if k not in got] + [k for k in got if k not in want]
	for k, (n, s, real) in want.items():
	    g = got.get(k)
	    if g is None:
	        continue
	    x = g["sum_x"]
	    if real:
	        ok = isinstance(x, float) and x == float(s)
	    else:
	        ok = isinstance(x, int) and x == s
	    if g["count"] != n or not ok:
	        bad.append("%s: count %r sum %r, want %d %r" % (k, g["count"], x, n, s))
	if bad:
	    sys.exit("%d groups differ: %s" % (len(bad), "; ".join(bad[:5])))
	print("%d groups" % len(want))
	PY
}

@test "aggregate: count,sum take at most 200 bytes a group at 200000 groups, sums as python3's" {
	skip_if_sanitized
	[ -x /usr/bin/time ] || skip "GNU time not installed"
	T=$BATS_TEST_TMPDIR
	# 200000 groups: integers and decimals, a tenth with a second
	# record, some sums past int64 (the expanding form).
	awk 'BEGIN {
	    for (i = 0; i < 220000; i++) {
	        g = i < 200000 ? i : (i - 200000) * 10
	        if (g % 1000 == 0)
	            x = "9223372036854775" sprintf("%03d", i % 800)
	        else if (g % 3 == 0)
	            x = sprintf("%d", (i * 7919) % 100003 - 50000)
	        else
	            x = sprintf("%d.%02d", (i * 31) % 1000, i % 100)
	        printf "{\"key\":\"k%d\",\"x\":%s}\n", g, x
	    }
	}' >"$T/in"
	head -n 1 "$T/in" >"$T/one"
	one=$(peak_rss -g key -a count -a sum:x "$T/one")
	all=$(peak_rss -g key -a count -a sum:x "$T/in")
	per=$(( (all - one) * 1024 / 200000 ))
	echo "bytes per group: $per ($one KiB for 1 group, $all KiB for 200000)" >&2
	[ "$per" -le 200 ]
	run -0 check_sums
	[ "$output" = "200000 groups" ]
}

@test "aggregate: a window of one group (a session's) takes less than 1050 bytes with five functions" {
	skip_if_sanitized
	[ -x /usr/bin/time ] || skip "GNU time not installed"
	T=$BATS_TEST_TMPDIR
	# 50000 session windows open at once, one user and one record each.
	awk 'BEGIN {
	    for (i = 0; i < 50000; i++)
	        printf "{\"@window\":{\"start\":\"2024-01-01T00:00:00Z\",\"end\":\"2024-01-01T00:01:00Z\",\"key\":\"u%d\"},\"user\":\"u%d\",\"x\":%d}\n", i, i, i % 100
	}' >"$T/in"
	head -n 1 "$T/in" >"$T/one"
	F=count,sum:x,mean:x,p95:x,distinct:x
	one=$(peak_rss -g user -a "$F" "$T/one")
	all=$(peak_rss -g user -a "$F" "$T/in")
	per=$(( (all - one) * 1024 / 50000 ))
	echo "bytes per window: $per" >&2
	# About 920; the former layout took 1190.
	[ "$per" -le 1050 ]
	[ "$(grep -c '"count":1,' "$T/out")" -eq 50000 ]
}

@test "aggregate: sums that outgrow the compact form stay exact, in one pass and through --partial and --merge" {
	T=$BATS_TEST_TMPDIR
	python3 - "$T/in" <<-'PY'
	import json, random, sys
	r = random.Random(16)
	kinds = [
	    lambda: r.randrange(-2**63, 2**63),          # past int64 when added
	    lambda: r.randrange(2**62, 2**63),
	    lambda: r.uniform(-1, 1) * 10 ** r.randint(-300, 300),  # many partials
	    lambda: r.choice([0.1, 0.2, 0.3, 1e16, -1e16, 3.3]),
	    lambda: r.randrange(-1000, 1000),
	]
	with open(sys.argv[1], "w") as f:
	    for g in range(300):
	        mine = r.sample(kinds, r.randint(1, 3))
	        for _ in range(r.randint(1, 12)):
	            f.write(json.dumps({"key": "g%03d" % g, "x": r.choice(mine)()}) + "\n")
	PY
	aggregate -g key -a count,sum:x "$T/in" >"$T/out"
	run -0 check_sums
	[ "$output" = "300 groups" ]
	# Three shards whose states are merged give the same bytes.
	cp "$T/out" "$T/one-pass"
	n=$(wc -l <"$T/in")
	sed -n "1,$((n / 3))p" "$T/in" | aggregate -g key -a count,sum:x --partial >"$T/p1"
	sed -n "$((n / 3 + 1)),$((2 * n / 3))p" "$T/in" | aggregate -g key -a count,sum:x --partial >"$T/p2"
	sed -n "$((2 * n / 3 + 1)),\$p" "$T/in" | aggregate -g key -a count,sum:x --partial >"$T/p3"
	cat "$T/p3" "$T/p1" "$T/p2" | aggregate --merge >"$T/out"
	assert_same_file "$T/out" "$T/one-pass"
	# The states hold sums in both forms: past 64 bits, and partials.
	grep -q '"int":-\{0,1\}[0-9]\{20\}' "$T/p1"
	grep -Eq '"fp":\[[^],]+,[^],]+,[^]]+\]' "$T/p1"
}

# state-main.state: what aggregate of commit dd93f83 (sums in one 40-byte
# form, groups in the core map) saved after state-a.ndjson.  The states
# are the same bytes in both layouts, so the state file keeps its format
# and version, and each reads the other's.
@test "aggregate --state: the same state file as the former layout, and its state read back" {
	T=$BATS_TEST_TMPDIR
	A=$FIX/aggregate/state-a.ndjson B=$FIX/aggregate/state-b.ndjson
	F=count,sum:x,mean:x,var:x
	aggregate -g key -a "$F" --state "$T/s.state" "$A" >/dev/null
	assert_same_file "$T/s.state" "$FIX/aggregate/state-main.state"
	cp "$FIX/aggregate/state-main.state" "$T/old.state"
	aggregate -g key -a "$F" --state "$T/old.state" --drain "$B" >"$T/resumed"
	aggregate -g key -a "$F" "$A" "$B" | sed 1d >"$T/one-pass"
	[ "$(wc -l <"$T/resumed")" -eq 10 ]
	assert_same_file "$T/resumed" "$T/one-pass"
}
