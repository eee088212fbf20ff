#!/usr/bin/env bats
# aggregate_shard.bats -- --partial's trailer, --merge that fails loudly
# on no shard, a truncated shard or a count that does not add up.

load helpers

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	python3 -c '
import json, random
r = random.Random(5)
for i in range(3000):
    print(json.dumps({"@timestamp": "2026-01-01T%02d:%02d:00Z" % (i // 600, i // 10 % 60),
                      "status": r.choice([200, 200, 301, 404, 500]), "ms": r.randint(1, 900)}))' > in
	window --tumbling 1h in > w
}

@test "aggregate_shard: each --partial run ends with its trailer, whose count jq agrees with" {
	aggregate --partial --by status -a count,p95:ms w > p
	run -0 jq -c 'select(."@ctl" == "shard") | .partials' p
	assert_eq "$output" "$(jq -c 'select(."@partial")' p | wc -l)"
	assert_eq "$(tail -1 p | jq -r '.id')" "$(hostname):$(tail -1 p | jq -r '.id | split(":") | last')"
}

@test "aggregate_shard: the README recipe, with GNU parallel (else xargs -P); a failing shard fails the pipeline" {
	aggregate --by status -a count,p95:ms w > one
	# Four shards by lines, the recipe's way.
	if command -v parallel >/dev/null; then
		run -0 pipeline "set -o pipefail; cat w | parallel --pipe -N 800 --halt now,fail=1 aggregate --partial --by status -a count,p95:ms | aggregate --merge > merged"
	else
		split -n l/4 w shard.
		run -0 pipeline "set -o pipefail; ls shard.* | xargs -P 2 -I{} sh -c 'aggregate --partial --by status -a count,p95:ms {} > {}.out' && cat shard.*.out | aggregate --merge > merged"
	fi
	# Merged rows equal one run's, in any order.
	assert_eq "$(grep -v '"@ctl"' merged | sort)" "$(grep -v '"@ctl"' one | sort)"
	# A shard that fails (aggregate not on its PATH): the pipeline fails.
	if command -v parallel >/dev/null; then
		run ! pipeline "set -o pipefail; cat w | parallel --pipe -N 800 --halt now,fail=1 'if [ {#} = 2 ]; then nosuch-aggregate; else aggregate --partial --by status -a count,p95:ms; fi' | aggregate --merge > merged2"
	else
		run ! pipeline "set -o pipefail; ls shard.* | xargs -P 2 -I{} sh -c 'case {} in *ab) exit 127;; esac; aggregate --partial --by status -a count,p95:ms {} > {}.out' && cat shard.*.out | aggregate --merge > merged2"
	fi
}

@test "aggregate_shard: --merge exits 2 on no shard, a truncated shard, a count that does not add up; names the shard" {
	split -n l/2 w s.
	aggregate --partial --by status -a count s.aa > pa
	aggregate --partial --by status -a count s.ab > pb
	# Zero shards: every job failed before writing a line.
	run -2 --separate-stderr aggregate --merge /dev/null
	assert_eq "$stderr" "aggregate: --merge: no shard: the input holds no partial state and no shard trailer"
	assert_eq "$output" ""
	# The second shard cut short: its last partials and its trailer lost.
	head -n 3 pb > pb.cut
	run -2 --separate-stderr pipeline "cat pa pb.cut | aggregate --merge"
	n=$(($(wc -l < pa) + 2))
	[[ "$stderr" == *"after the last trailer, from line $n on: a shard cut short before its trailer" ]]
	# No row: at most the meta record, flushed if the input paused.
	assert_eq "$(printf '%s\n' "$output" | grep -v '"@ctl"' | grep -c .)" 0
	# A shard whose middle is lost: the trailer names it.
	id=$(tail -1 pb | jq -r .id)
	sed 2d pb > pb.mid
	run -2 --separate-stderr pipeline "cat pa pb.mid | aggregate --merge"
	want=$(jq -s '[.[] | select(."@partial")] | length' pb)
	[[ "$stderr" == *"shard $id wrote $want partial states, $((want - 1)) came before its trailer" ]]
	# In any order, whole shards merge.
	run -0 pipeline "cat pb pa | tac | aggregate --merge | grep -v '\"@ctl\"' | sort"
	assert_eq "$output" "$(aggregate --by status -a count w | grep -v '"@ctl"' | sort)"
}

@test "aggregate_shard: partial states without any trailer (an older aggregate) merge with a warning and exit 1" {
	aggregate --partial --by status -a count w | grep -v '"@ctl":"shard"' > old
	run -1 --separate-stderr aggregate --merge old
	[[ "$stderr" == "aggregate: --merge: no shard trailer: "*" partial states merged unchecked"* ]]
	assert_eq "$(grep -v '"@ctl"' <<< "$output" | sort)" "$(aggregate --by status -a count w | grep -v '"@ctl"' | sort)"
}

@test "aggregate_shard: a var state of thousands of partials merges fast; the result is the documented formula's" {
	# Every pair of partials was multiplied: a state of 3000 values
	# of few bits each took 25 s.  The sums are brought to a few
	# dozen doubles first, exactly.
	state() {
		python3 -c '
import sys
n, span, k = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
fp = ",".join("%d.5e%d" % (i % 9 + 1, i % (2 * span) - span) for i in range(n))
sq = ",".join("%d.25e%d" % (i % 9 + 1, k * (i % (2 * span) - span)) for i in range(n))
print("{\"@partial\":{\"spec\":\"var:x=var_x\",\"state\":[{\"n\":%d,\"sum\":{\"int\":0,\"fp\":[%s],\"real\":true},\"sq\":{\"int\":0,\"fp\":[%s],\"real\":true}}],\"format\":2}}" % (n, fp, sq))' "$@"
	}
	# (n Sxx - Sx Sx) rounded once, then divided: aggregate(1).
	formula() {
		python3 -c '
import json, sys
from fractions import Fraction as F
s = json.loads(open(sys.argv[1]).read())["@partial"]["state"][0]
n = s["n"]
S = sum(F(x) for x in s["sum"]["fp"])
Q = sum(F(x) for x in s["sq"]["fp"])
try:
    v = float(n * Q - S * S) / (n * (n - 1))
    print(repr(v) if v >= 0 and v != float("inf") else None)
except OverflowError:
    print(None)' "$1"
	}
	# Squares of values to 1e150, then values to 1e300 with "squares"
	# as large, whose Sx Sx is past the range of doubles: null.
	for args in '150 2' '300 1'; do
		state 3000 $args > v.json
		run -1 --separate-stderr timeout -k 5 20 aggregate --merge v.json
		got=$(printf '%s\n' "$output" | tail -1 | python3 -c 'import json, sys; print(repr(json.load(sys.stdin)["var_x"]))')
		assert_eq "$got" "$(formula v.json)"
	done
}
