#!/usr/bin/env bats
# early.bats -- aggregate --early (provisional rows) and alert --early.

load helpers

AF=$BATS_TEST_DIRNAME/fixtures/aggregate

# The lines of $1 one at a time, with a pause after each: a slow pipe,
# so that aggregate's input idles between them.
trickle() {
	while IFS= read -r line; do
		printf '%s\n' "$line"
		sleep 0.02
	done <"$1"
}

# final_is_plain OUT PLAIN: the rows of OUT that are not provisional
# are PLAIN byte for byte, and by jq's reading too; OUT's provisional
# rows have "@final":false as their last member and no other member
# that a final row lacks.
final_is_plain() {
	grep -v ',"@final":false}$' "$1" >"$1.final" || true
	cmp "$1.final" "$2"
	diff <(jq -c 'select(.["@final"] != false)' "$1") <(jq -c . "$2")
	[ "$(jq -c 'select(.["@final"] == false)' "$1" | wc -l)" = \
	    "$(grep -c ',"@final":false}$' "$1")" ]
}

@test "aggregate --early: final rows unchanged on the fixtures, input trickled" {
	trickle "$AF/windows.ndjson" |
	    aggregate --early 1h -g h -a count,sum:x,rate >"$BATS_TEST_TMPDIR/e"
	aggregate -g h -a count,sum:x,rate "$AF/windows.ndjson" >"$BATS_TEST_TMPDIR/p"
	final_is_plain "$BATS_TEST_TMPDIR/e" "$BATS_TEST_TMPDIR/p"
	# The pauses gave provisional rows.
	grep -q ',"@final":false}$' "$BATS_TEST_TMPDIR/e"
	trickle "$AF/keys.ndjson" | aggregate --early 1s -g k -a count,max:n \
	    >"$BATS_TEST_TMPDIR/e2"
	aggregate -g k -a count,max:n "$AF/keys.ndjson" >"$BATS_TEST_TMPDIR/p2"
	final_is_plain "$BATS_TEST_TMPDIR/e2" "$BATS_TEST_TMPDIR/p2"
	# Records outside windows: no provisional row.
	! grep -q '"@final"' "$BATS_TEST_TMPDIR/e2"
}

@test "aggregate --early: final rows unchanged on generated streams, every kind of window" {
	T=$BATS_TEST_TMPDIR
	sluice-gen events --count 30000 --seed 7 >"$T/ev"
	window --tumbling 10s "$T/ev" >"$T/tumbling"
	window --tumbling 10s --lateness 5s "$T/ev" >"$T/late"
	window --sliding 30s --every 10s "$T/ev" >"$T/sliding"
	window --session 2s --by host,status "$T/ev" >"$T/session"
	f=count,sum:bytes,p95:latency_ms,distinct:user_id,max:bytes,first:path,last:path,rate
	for w in tumbling late sliding session; do
		aggregate -g host,status -a "$f" "$T/$w" >"$T/$w.p"
		# 1ms: provisional rows at nearly every read of the file.
		aggregate --early 1ms -g host,status -a "$f" --stats "$T/$w" \
		    >"$T/$w.e" 2>"$T/$w.stats"
		final_is_plain "$T/$w.e" "$T/$w.p"
		n=$(grep -c ',"@final":false}$' "$T/$w.e")
		[ "$n" -gt 0 ]
		grep -q " provisional=$n\$" "$T/$w.stats"
	done
	# --where and --by-expr, and no group key at all.
	aggregate --where 'status >= 400' --by-expr 'm=method' -a count,mean:latency_ms "$T/late" >"$T/x.p"
	aggregate --early 1ms --where 'status >= 400' --by-expr 'm=method' -a count,mean:latency_ms "$T/late" >"$T/x.e"
	final_is_plain "$T/x.e" "$T/x.p"
	aggregate -a count "$T/tumbling" >"$T/y.p"
	aggregate --early 1ms -a count "$T/tumbling" >"$T/y.e"
	final_is_plain "$T/y.e" "$T/y.p"
}

@test "aggregate --early: a provisional row only when the result changed, and the last one is the final row" {
	T=$BATS_TEST_TMPDIR
	# Tumbling windows, and sliding ones (by panes: a change to a pane
	# is a change to each open window that holds it).
	for spec in "--tumbling 1h" "--sliding 1h --every 20m"; do
	sluice-gen events --count 3000 --seed 11 | window $spec >"$T/w"
	grep -v '"@ctl"' "$T/w" >"$T/events"
	grep '"@ctl"' "$T/w" >"$T/ctl"
	# The events, a pause (the input idles: everything changed is
	# written), then the close markers.
	{ trickle "$T/events" | head -n 50; sed -n '51,$p' "$T/events";
	  sleep 1; cat "$T/ctl"; } |
	    aggregate --early 1h -g host -a count,max:bytes >"$T/e"
	# The final rows are those of a run without --early.
	aggregate -g host -a count,max:bytes "$T/w" >"$T/plain"
	jq -c 'select(.["@final"] != false and .["@ctl"] == null)' "$T/e" >"$T/final"
	jq -c 'select(.["@ctl"] == null)' "$T/plain" | cmp - "$T/final"
	python3 - "$T/e" <<'EOP'
import json, sys
last = {}
prov_last = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if "@ctl" in r:
        continue
    k = (json.dumps(r.get("@window")), r["host"])
    if r.get("@final") is False:
        del r["@final"]
        # Never twice the same provisional row in a row for a group.
        assert prov_last.get(k) != r, ("repeated", k)
        prov_last[k] = r
    else:
        last[k] = r
assert last and prov_last
# Every window's group got a provisional row before its final one, and
# the last provisional row is the final row (the pause wrote them all).
for k, r in last.items():
    assert prov_last.get(k) == r, (k, prov_last.get(k), r)
EOP
	# max alone does not change on every record: a tumbling window's
	# provisional rows come only when its max has grown; a sliding
	# window's when one of its panes changed, so never with a smaller
	# max.
	{ cat "$T/events"; sleep 1; cat "$T/ctl"; } |
	    aggregate --early 1h -a max:status >"$T/m"
	jq -c 'select(.["@final"] == false)' "$T/m" | python3 -c '
import json, sys
strict = sys.argv[1] == "--tumbling 1h"
last = {}
for line in sys.stdin:
    r = json.loads(line)
    w = json.dumps(r["@window"])
    if w in last:
        assert r["max_status"] > last[w] or (not strict and r["max_status"] == last[w]), (w, last[w], r)
    last[w] = r["max_status"]
assert last' "$spec"
	done
}

@test "aggregate --early: provisional rows of one write come in window and group order" {
	T=$BATS_TEST_TMPDIR
	printf '%s\n' '{"k":"b","@window":{"start":"2026-01-01T00:01:00Z","end":"2026-01-01T00:02:00Z"}}' \
	    '{"k":"c","@window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T00:01:00Z"}}' \
	    '{"k":"a","@window":{"start":"2026-01-01T00:01:00Z","end":"2026-01-01T00:02:00Z"}}' \
	    '{"k":"a","@window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T00:01:00Z"}}' >"$T/in"
	# One write: the four records reach aggregate before it waits.
	{ cat "$T/in"; sleep 1; } | aggregate --early 1h -g k -a count |
	    jq -r 'select(.["@final"] == false) | "\(.["@window"].start[14:16]) \(.k)"' >"$T/order"
	[ "$(cat "$T/order")" = "$(printf '00 a\n00 c\n01 a\n01 b')" ]
}

@test "aggregate --early: batch from a file writes none when DUR is not reached" {
	sluice-gen events --count 20000 --seed 5 | window --tumbling 1m >"$BATS_TEST_TMPDIR/w"
	run -0 --separate-stderr aggregate --early 1h --stats -g host -a count "$BATS_TEST_TMPDIR/w"
	[[ "$stderr" == *" provisional=0" ]]
	! grep -q '"@final"' <<<"$output"
}

@test "aggregate --early: live, a change reaches the output while its window is open" {
	T=$BATS_TEST_TMPDIR
	mkfifo "$T/fifo"
	aggregate --early 10m -g h -a count <"$T/fifo" >"$T/out" &
	pid=$!
	exec 5>"$T/fifo"
	printf '%s\n' '{"h":"a","@window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T01:00:00Z"}}' >&5
	printf '%s\n' '{"h":"a","@window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T01:00:00Z"}}' >&5
	for _ in $(seq 200); do
		grep -q '"count":2,"@final":false}' "$T/out" 2>/dev/null && break
		sleep 0.1
	done
	grep -q '"count":2,"@final":false}' "$T/out"
	# Not closed yet: no final row.
	! grep -q '"count":2}' "$T/out"
	printf '%s\n' '{"@ctl":"close","@window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T01:00:00Z"}}' >&5
	exec 5>&-
	wait "$pid"
	tail -n 2 "$T/out" | head -n 1 | grep -qx '{"@window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T01:00:00Z"},"h":"a","count":2}'
}

@test "aggregate --early: refused with --partial and --merge, bad DUR" {
	run -2 --separate-stderr aggregate --early 1s --partial -a count
	[[ "$stderr" == *"drop --early or --partial"* ]]
	run -2 --separate-stderr aggregate --early 1s --merge
	[[ "$stderr" == *"drop --early or --merge"* ]]
	run -2 --separate-stderr aggregate --early nope -a count
	[[ "$stderr" == *"--early"* ]]
}

# ---- alert ----

# early_synth FILE SEED: windowed rows of generated events in FILE, with
# provisional rows, and FILE.final without them.  The provisional rows
# are made, not timed by aggregate --early: before the final rows of each window, for each row,
# the row with its count at a half, nine tenths and all but one (the
# mean as final), so that where they fall does not depend on the
# machine's speed.
early_synth() {
	sluice-gen events --count 15000 --seed "$2" | window --tumbling 10s |
	    aggregate -g host -a count,mean:latency_ms >"$1.final"
	python3 - "$1.final" >"$1" <<-'PY'
	import re, sys
	rows = [l.rstrip("\n") for l in open(sys.argv[1])]
	def window(l):
	    m = re.match(r'\{"@window":(\{[^}]*\})', l)
	    return m.group(1) if m else None
	i = 0
	while i < len(rows):
	    w = window(rows[i])
	    if w is None:
	        print(rows[i]); i += 1; continue
	    j = i
	    while j < len(rows) and window(rows[j]) == w:
	        j += 1
	    for frac in (0.5, 0.9, None):
	        for l in rows[i:j]:
	            c = int(re.search(r'"count":(\d+)', l).group(1))
	            k = c - 1 if frac is None else int(c * frac)
	            if k > 0:
	                p = re.sub(r'"count":\d+', '"count":%d' % k, l)
	                print(p[:-1] + ',"@final":false}')
	    for l in rows[i:j]:
	        print(l)
	    i = j
	PY
}

# The transitions of alert's output $1, one per line: rule, state,
# host, window start, sorted.
transitions() {
	jq -r 'select(.["@alert"]) | [.["@alert"].rule, .["@alert"].state,
	    .host, (.["@alert"].window.start // "-")] | @tsv' "$1" | sort
}

@test "alert: without --early, provisional rows are not evaluated" {
	T=$BATS_TEST_TMPDIR
	early_synth "$T/s" 3
	rules=(-g host -r 'busy: count > 245' -r 'slow: mean_latency_ms > 52' --for 20s --pending)
	alert "${rules[@]}" "$T/s" >"$T/a"
	alert "${rules[@]}" "$T/s.final" >"$T/b"
	cmp "$T/a" "$T/b"
	[ -s "$T/a" ]
	# --pass still passes them on.
	run -0 --separate-stderr alert --pass --stats "${rules[@]}" "$T/s"
	[ "$(grep -c ',"@final":false}$' <<<"$output")" = "$(grep -c ',"@final":false}$' "$T/s")" ]
	[[ "$stderr" == *" provisional=$(grep -c ',"@final":false}$' "$T/s")" ]]
}

@test "alert --early: the same transitions as without provisional rows, firing earlier" {
	T=$BATS_TEST_TMPDIR
	for seed in 3 4; do
		early_synth "$T/s$seed" "$seed"
		for rule in "busy: count > 245" "jump: count > prev(count) + 8" \
		    "busy2: count >= 255"; do
			for opts in "" "--pending --for 20s" "--renotify 30s" \
			    "--keep-firing-for 15s"; do
				# shellcheck disable=SC2086
				alert --early -g host -r "$rule" $opts "$T/s$seed" >"$T/e"
				# shellcheck disable=SC2086
				alert -g host -r "$rule" $opts "$T/s$seed.final" >"$T/p"
				transitions "$T/e" >"$T/e.t"
				transitions "$T/p" >"$T/p.t"
				[ -s "$T/p.t" ]
				diff "$T/e.t" "$T/p.t"
			done
		done
		# Firing earlier: some firing alert comes before its window's
		# final row (with --pass, the row before it is provisional).
		alert --early --pass -g host -r 'busy: count > 245' "$T/s$seed" >"$T/e"
		grep -B1 '"state":"firing"' "$T/e" | grep -q ',"@final":false}$'
	done
}

@test "alert --early: a threshold on a count fires at the provisional row that crosses it" {
	T=$BATS_TEST_TMPDIR
	W='"@window":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T01:00:00.000Z"}'
	{
		for n in 1 2 3 4 5; do
			printf '{%s,"h":"a","count":%d,"@final":false}\n' "$W" "$n"
		done
		printf '{%s,"h":"a","count":5}\n' "$W"
		printf '{"@ctl":"close",%s}\n' "$W"
	} >"$T/in"
	run -0 alert --early --pass -g h -r 'many: count >= 3' "$T/in"
	# The alert comes right after the row with count 3, once.
	[ "${lines[2]}" = "$(sed -n 3p "$T/in")" ]
	[[ "${lines[2]}" == *'"count":3,"@final":false}' ]]
	[[ "${lines[3]}" == *'"state":"firing"'*'"value":3,'* ]]
	[ "$(grep -c '"@alert"' <<<"$output")" = 1 ]
	# Without --early: at the final row.
	run -0 alert --pass -g h -r 'many: count >= 3' "$T/in"
	[[ "${lines[6]}" == *'"state":"firing"'*'"value":5,'* ]]
}

@test "alert --early: a firing the final row does not confirm is withdrawn; prev() sees final rows" {
	T=$BATS_TEST_TMPDIR
	W1='"@window":{"start":"2026-01-01T00:00:00.000Z","end":"2026-01-01T01:00:00.000Z"}'
	W2='"@window":{"start":"2026-01-01T01:00:00.000Z","end":"2026-01-01T02:00:00.000Z"}'
	{
		printf '{%s,"h":"a","v":10}\n' "$W1"
		printf '{"@ctl":"close",%s}\n' "$W1"
		# v jumps above prev(v) + 5 in a provisional row, then falls.
		printf '{%s,"h":"a","v":12,"@final":false}\n' "$W2"
		printf '{%s,"h":"a","v":16,"@final":false}\n' "$W2"
		printf '{%s,"h":"a","v":30,"@final":false}\n' "$W2"
		printf '{%s,"h":"a","v":14}\n' "$W2"
		printf '{"@ctl":"close",%s}\n' "$W2"
	} >"$T/in"
	run -0 alert --early -g h -r 'jump: v > prev(v) + 5' "$T/in"
	# prev(v) is 10 (the final row of W1) for every provisional row:
	# 16 fires; 14 at the final row is not above 15: withdrawn.
	[ "${#lines[@]}" = 4 ]
	[[ "${lines[1]}" == *'"state":"firing"'*'"value":16,'* ]]
	[[ "${lines[2]}" == *'"state":"resolved"'*'"value":14,'* ]]
	run -0 alert -g h -r 'jump: v > prev(v) + 5' "$T/in"
	! grep -q '"@alert"' <<<"$output"
}
