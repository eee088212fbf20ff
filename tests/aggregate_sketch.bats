#!/usr/bin/env bats
# aggregate_sketch.bats -- sharded runs equal one run; sketches within
# their documented bounds against exact answers from sort, uniq and awk.

load helpers

# The generator is built in bin/, also when the tools under test are the
# sanitizer build.
GEN=$BATS_TEST_DIRNAME/../bin/sluice-gen

setup_file() {
	command -v parallel >/dev/null || return 0
	[ -x "$GEN" ] || return 0
	# 1,000,000 events (log-normal latency_ms, Zipf-like user_id) and
	# 100,000 of them in 1-minute windows.
	"$GEN" events --count 1000000 --seed 5 >"$BATS_FILE_TMPDIR/big"
	head -100000 "$BATS_FILE_TMPDIR/big" | window --tumbling 1m \
	    >"$BATS_FILE_TMPDIR/win"
}

need_parallel() {
	command -v parallel >/dev/null || skip "GNU parallel not installed"
	[ -x "$GEN" ] || skip "bin/sluice-gen not built (make bin/sluice-gen)"
	B=$BATS_FILE_TMPDIR/big
	W=$BATS_FILE_TMPDIR/win
	T=$BATS_TEST_TMPDIR
}

# The rows of aggregate's output in file $1: the control records (the
# meta record first) dropped.
rows_of() {
	grep -v '"@ctl"' "$1"
}

# Relative error of $1 against $2 is at most $3 (plus rounding).
within() {
	awk -v a="$1" -v b="$2" -v e="$3" 'BEGIN {
		d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b
		if (d > e * m + 1e-12) {
			printf "%s is not within %s of %s\n", a, e, b
			exit 1
		}
	}'
}

@test "aggregate sketch: parallel --pipe shards merge to exactly one run" {
	need_parallel
	spec=count,count:user_id,sum:bytes,sum:latency_ms,min:latency_ms,max:bytes,mean:latency_ms,var:latency_ms,stddev:amount,first:path,last:path,p50:latency_ms,p95:latency_ms,p99.9:bytes,median:amount,distinct:user_id,top3:path,rate,rate:bytes
	aggregate -g host -a "$spec" "$W" >"$T/one"
	# Every group of every window: under the exact limits.
	[ "$(grep -vc '"@ctl"' "$T/one")" -ge 60 ]
	parallel --pipe -N 2000 aggregate --partial -g host -a "$spec" \
	    <"$W" >"$T/states"
	[ "$(grep -c '"@partial"' "$T/states")" -gt "$(grep -vc '"@ctl"' "$T/one")" ]
	aggregate --merge <"$T/states" >"$T/merged"
	sort "$T/one" >"$T/a"
	sort "$T/merged" >"$T/b"
	assert_same_file "$T/a" "$T/b"
	# Shards in another order.
	tac "$T/states" | aggregate --merge | sort | cmp - "$T/a"
	# And the single run agrees with mlr on what mlr computes.
	grep -v '"@ctl"' "$T/one" | jq -r '[."@window".start[11:16], .host,
	    .count, .sum_bytes, .mean_latency_ms, .var_latency_ms] | @tsv' |
	    sort >"$T/ours.tsv"
	mlr --ijsonl --ojsonl put '$m = substr(${@timestamp}, 11, 15)' \
	    then stats1 -a count,sum,mean,var -f bytes,latency_ms -g m,host \
	    "$W" | jq -r '[.m, .host, .bytes_count, .bytes_sum,
	    .latency_ms_mean, .latency_ms_var] | @tsv' | sort >"$T/mlr.tsv"
	assert_eq "$(wc -l <"$T/ours.tsv")" "$(wc -l <"$T/mlr.tsv")"
	paste "$T/ours.tsv" "$T/mlr.tsv" | awk -F'\t' '
	    function rel(a, b) { return (a - b) ^ 2 <= 1e-18 * b ^ 2 }
	    $1 != $7 || $2 != $8 || $3 != $9 || $4 != $10 ||
	    !rel($5, $11) || !rel($6, $12) { print; bad = 1 }
	    END { exit bad }' >&2
}

@test "aggregate sketch: percentiles of 1,000,000 values within 1% of sort -n" {
	need_parallel
	grep -o '"latency_ms":[0-9.e+-]*' "$B" | cut -d: -f2 | sort -g >"$T/lat"
	n=$(wc -l <"$T/lat")
	assert_eq "$n" 1000000
	ps="1 10 25 50 75 90 95 99 99.9 99.99"
	spec=$(for p in $ps; do printf 'p%s:latency_ms,' "$p"; done)
	spec=${spec%,}
	aggregate -a "$spec" "$B" >"$T/one"
	parallel --pipe --block 20M aggregate --partial -a "$spec" <"$B" |
	    aggregate --merge >"$T/merged"
	for p in $ps; do
		rank=$(awk -v p="$p" -v n="$n" 'BEGIN {
		    r = p * n / 100; k = int(r); if (k < r) k++; print k }')
		want=$(sed -n "${rank}p" "$T/lat")
		name=p$(printf '%s' "$p" | tr . _)_latency_ms
		within "$(rows_of "$T/one" | jq ".$name")" "$want" 0.01
		within "$(rows_of "$T/merged" | jq ".$name")" "$want" 0.01
	done
	# p0 and p100 are the exact extremes.
	aggregate -a p0:latency_ms,p100:latency_ms "$B" >"$T/ends"
	assert_eq "$(rows_of "$T/ends" | jq .p0_latency_ms)" "$(head -1 "$T/lat")"
	assert_eq "$(rows_of "$T/ends" | jq .p100_latency_ms)" "$(tail -1 "$T/lat")"
}

@test "aggregate sketch: negative, zero and tiny values keep the bound" {
	T=$BATS_TEST_TMPDIR
	awk 'BEGIN {
		srand(11)
		for (i = 0; i < 200000; i++) {
			r = rand()
			if (r < 0.1) v = 0
			else if (r < 0.4) v = -exp(rand() * 20 - 10)
			else v = exp(rand() * 30 - 15)
			printf "{\"v\":%.17g}\n", v
		}
	}' >"$T/v"
	jq .v "$T/v" | sort -g >"$T/sorted"
	n=$(wc -l <"$T/sorted")
	spec=
	for p in 1 5 10 20 30 35 40 45 50 60 75 90 99 99.9; do
		spec=$spec${spec:+,}p$p:v=p$p
	done
	aggregate --exact-limit 1000 -a "$spec" "$T/v" >"$T/sk"
	out=$(rows_of "$T/sk")
	# The sketch is in use: an exact run differs.
	aggregate --exact-limit 1000000 -a "$spec" "$T/v" >"$T/ex"
	[ "$(rows_of "$T/ex")" != "$out" ]
	for p in 1 5 10 20 30 35 40 45 50 60 75 90 99 99.9; do
		rank=$(awk -v p="$p" -v n="$n" 'BEGIN {
		    r = p * n / 100; k = int(r); if (k < r) k++; print k }')
		want=$(sed -n "${rank}p" "$T/sorted")
		got=$(jq ".[\"p$p\"]" <<<"$out")
		within "$got" "$want" 0.01
		# Zeros come back as 0, exactly.
		if awk -v w="$want" 'BEGIN { exit w != 0 }'; then
			assert_eq "$got" 0
		fi
	done
}

@test "aggregate sketch: HyperLogLog distinct within 4 standard errors" {
	need_parallel
	# user_id: about 20,000 users; latency_ms: many more values.
	grep -o '"user_id":"[^"]*"' "$B" | sort -u | wc -l >"$T/users"
	grep -o '"latency_ms":[0-9.e+-]*' "$B" | sort -u | wc -l >"$T/lats"
	[ "$(cat "$T/users")" -gt 10000 ]
	aggregate -a distinct:user_id,distinct:latency_ms "$B" >"$T/one"
	parallel --pipe --block 20M aggregate --partial \
	    -a distinct:user_id,distinct:latency_ms <"$B" |
	    aggregate --merge >"$T/merged"
	# 1.04 / sqrt(16384) = 0.81%: 4 of them is 3.25%.
	for f in "$T/one" "$T/merged"; do
		within "$(rows_of "$f" | jq .distinct_user_id)" \
		    "$(cat "$T/users")" 0.0325
		within "$(rows_of "$f" | jq .distinct_latency_ms)" \
		    "$(cat "$T/lats")" 0.0325
	done
	# Under the limit, the count is exact.
	aggregate --distinct-limit 100000 -a distinct:user_id "$B" >"$T/ex"
	assert_eq "$(rows_of "$T/ex")" "{\"distinct_user_id\":$(cat "$T/users")}"
}

@test "aggregate sketch: Space-Saving top counts within N/m of uniq -c" {
	need_parallel
	grep -o '"user_id":"[^"]*"' "$B" | cut -d'"' -f4 | sort | uniq -c |
	    sort -k1,1nr -k2,2 >"$T/counts"
	n=$(awk '{ n += $1 } END { print n }' "$T/counts")
	[ "$(wc -l <"$T/counts")" -gt 2000 ]
	# m = 2000 counters for ~20,000 users: approximate.
	aggregate --exact-limit 2000 -a top10:user_id "$B" >"$T/one"
	parallel --pipe --block 20M aggregate --exact-limit 2000 --partial \
	    -a top10:user_id <"$B" | aggregate --exact-limit 2000 --merge \
	    >"$T/merged"
	for f in "$T/one" "$T/merged"; do
		rows_of "$f" | jq -r '.top10_user_id[] | "\(.value) \(.count)"' \
		    >"$T/got"
		assert_eq "$(wc -l <"$T/got")" 10
		# Never below the true count, at most 2N/m above it (N/m for
		# one stream).
		bound=$((2 * n / 2000))
		[ "$f" = "$T/one" ] && bound=$((n / 2000))
		run -0 awk -v b="$bound" 'NR == FNR { c[$2] = $1; next }
		    { d = $2 - c[$1]; if (d < 0 || d > b) { print; bad = 1 } }
		    END { exit bad }' "$T/counts" "$T/got"
		# The true top 5 are there, in order (they are far apart).
		assert_eq "$(head -5 "$T/got" | cut -d' ' -f1)" \
		    "$(head -5 "$T/counts" | awk '{ print $2 }')"
	done
}
