#!/usr/bin/env bats
# aggregate_mean.bats -- mean is the exact sum divided, rounded once.

load helpers

# Groups of values whose sum, rounded to a double before the division,
# gives a mean one ulp off: python3's Fraction divides the exact sum
# and float() rounds it once (half to even).
@test "aggregate: mean is the exact sum over the count rounded once, against python3 Fraction" {
	python3 - "$BATS_TEST_TMPDIR" <<-'PY'
	import json, random, sys
	from fractions import Fraction
	d = sys.argv[1]
	rnd = random.Random(7)
	groups = []
	for g in range(400):
	    n = rnd.choice([2, 3, 5, 7, 10, 49, 100])
	    kind = g % 4
	    if kind == 0:
	        xs = [rnd.choice([0.1, 0.2, 0.3, 0.7, 1e16, -1e16, 3.3]) for _ in range(n)]
	    elif kind == 1:
	        xs = [rnd.uniform(-1, 1) * 10 ** rnd.randint(-5, 20) for _ in range(n)]
	    elif kind == 2:
	        xs = [rnd.randint(-2**62, 2**62) for _ in range(n)]
	    else:
	        xs = [rnd.randint(0, 2**53) + rnd.random() for _ in range(n)]
	    groups.append(xs)
	with open(d + "/in.ndjson", "w") as f:
	    for g, xs in enumerate(groups):
	        for x in xs:
	            f.write(json.dumps({"g": g, "x": x}) + "\n")
	with open(d + "/want", "w") as f:
	    naive = 0
	    for g, xs in enumerate(groups):
	        exact = float(sum(Fraction(x) for x in xs) / len(xs))
	        if exact != float(sum(Fraction(x) for x in xs)) / len(xs):
	            naive += 1
	        f.write("%d %r\n" % (g, exact))
	# The data must hold cases where dividing the rounded sum is wrong.
	assert naive >= 20, naive
	PY
	run bin/aggregate -g g -a mean:x "$BATS_TEST_TMPDIR/in.ndjson"
	[ "$status" -eq 0 ]
	echo "$output" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    if "@ctl" in r:
        continue
    print("%d %r" % (r["g"], float(r["mean_x"])))' | sort -n > "$BATS_TEST_TMPDIR/got"
	sort -n "$BATS_TEST_TMPDIR/want" > "$BATS_TEST_TMPDIR/want.s"
	diff "$BATS_TEST_TMPDIR/want.s" "$BATS_TEST_TMPDIR/got" | head -20
	cmp -s "$BATS_TEST_TMPDIR/want.s" "$BATS_TEST_TMPDIR/got"
}

@test "aggregate: mean rounds the same after --partial and --merge" {
	python3 -c '
import json, random
r = random.Random(3)
for i in range(3000):
    print(json.dumps({"g": i % 30, "x": r.choice([0.1, 0.2, 0.7]) * 10 ** r.randint(0, 17)}))' > "$BATS_TEST_TMPDIR/in.ndjson"
	bin/aggregate -g g -a mean:x "$BATS_TEST_TMPDIR/in.ndjson" | sort > "$BATS_TEST_TMPDIR/one"
	split -n l/3 "$BATS_TEST_TMPDIR/in.ndjson" "$BATS_TEST_TMPDIR/part."
	for p in "$BATS_TEST_TMPDIR"/part.*; do
		bin/aggregate --partial -g g -a mean:x "$p"
	done | bin/aggregate --merge | sort > "$BATS_TEST_TMPDIR/merged"
	[ -s "$BATS_TEST_TMPDIR/one" ]
	cmp "$BATS_TEST_TMPDIR/one" "$BATS_TEST_TMPDIR/merged"
}
