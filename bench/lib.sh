# SPDX-License-Identifier: MIT
# lib.sh -- what the benchmarks share: the checks of their arguments, a
# scratch directory, the cases they time, the timing, and the table.
#
# Sourced, not run (bench/run.sh skips it), by a script in bench/ that
# has changed to the repository root:
#
#	. bench/lib.sh
#	bench_init ingest 1000000 "$@"	# N, WARMUP, RUNS, $tmp, $bad
#	bench_need bin/ingest
#	bench_gen events "$tmp/in.ndjson"	# N events, --seed 1
#	bench_group ndjson "$tmp/in.ndjson"
#	bench_add "ingest -f ndjson" "bin/ingest -f ndjson $tmp/in.ndjson"
#	bench_peer jq "jq -c ." "jq -c . $tmp/in.ndjson"
#	bench_run count records		# count NAME FILE prints a column
#	bench_table
#	exit "$bad"
#
# Timing uses hyperfine (--warmup WARMUP --runs RUNS, the JSON of each
# case in bench/out/SCRIPT.CASE.json) when it is installed, else time -p
# in a loop with the same counts. Each case's output is kept in a file
# for the script's checks until the script exits.

# have CMD: true if CMD is on the PATH.
have() {
	command -v "$1" >/dev/null 2>&1
}

# bench_fail MSG: report a failed check on stderr; the script exits 1.
bench_fail() {
	echo "$BENCH.sh: $*" >&2
	bad=1
}

# bench_usage: print the usage line and exit 2.
bench_usage() {
	# shellcheck disable=SC2086 # a list of names
	set -- N WARMUP RUNS ${BENCH_COUNTS:-}
	_l=$1
	shift
	while [ $# -gt 1 ]; do
		_l="$_l, $1"
		shift
	done
	echo "usage: sh bench/$BENCH.sh [N] ($_l and $1 are counts)" >&2
	exit 2
}

# bench_init NAME DEFAULT_N [N]: set BENCH, N (default DEFAULT_N), WARMUP
# (1) and RUNS (3), check that they and the variables named in
# BENCH_COUNTS are counts (exit 2 if not) and that bin/sluice-gen is
# built, make the scratch directory $tmp under bench/out, removed at
# exit, and set bad=0.
bench_init() {
	BENCH=$1
	N=${3:-$2}
	[ $# -le 3 ] || bench_usage
	WARMUP=${WARMUP:-1}
	RUNS=${RUNS:-3}
	for _v in N WARMUP RUNS ${BENCH_COUNTS:-}; do
		eval "_x=\${$_v:-}"
		case $_x in
		'' | *[!0-9]*) bench_usage ;;
		esac
		# Leading zeros would make an octal number in $((...)).
		_x=${_x#"${_x%%[!0]*}"}
		eval "$_v=\${_x:-0}"
	done
	if [ "$RUNS" -lt 1 ]; then
		echo "$BENCH.sh: RUNS must be at least 1" >&2
		exit 2
	fi
	bench_need bin/sluice-gen
	mkdir -p bench/out
	tmp=$(mktemp -d "bench/out/$BENCH.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT TERM
	: >"$tmp/cases"
	: >"$tmp/results"
	_bench_group=
	_bench_size=0
	# shellcheck disable=SC2034 # the script exits with it
	bad=0
}

# bench_need FILE...: exit 2 unless every FILE is an executable.
bench_need() {
	for _b; do
		if [ ! -x "$_b" ]; then
			echo "$BENCH.sh: $_b not found: run make first" \
			    "(make all bin/sluice-gen)" >&2
			exit 2
		fi
	done
}

# bench_gen KIND FILE: write N records of sluice-gen KIND (events or
# csv) with --seed 1 to FILE.
bench_gen() {
	echo "$BENCH.sh: generating: sluice-gen $1 --count $N --seed 1"
	bin/sluice-gen "$1" --count "$N" --seed 1 >"$2"
}

# bench_repeat SRC FILE: write SRC's lines over and over to FILE until
# it has N lines (real samples made a file of benchmark size).
bench_repeat() {
	awk -v n="$N" '{ l[NR] = $0 } END {
		if (NR == 0) exit 1
		for (i = 0; i < n; i++) print l[i % NR + 1]
	}' "$1" >"$2"
}

# bench_valid FILE OUT: write to OUT the events of FILE (sluice-gen
# events) that have a user_id and an amount not below zero, picked from
# the text with awk (the generator writes flat objects, "user_id" only
# as a key, and amount as a bare number), and print four counts: the
# valid events, those without user_id, with a negative amount, and with
# no number amount.
bench_valid() {
	awk -v out="$2" '
	BEGIN { printf "" >out }
	{
		ok = 1
		if (index($0, "\"user_id\":") == 0) {
			miss++
			ok = 0
		}
		if (match($0, /"amount":-?[0-9][0-9.eE+-]*[,}]/)) {
			if (substr($0, RSTART + 9, RLENGTH - 10) + 0 < 0) {
				neg++
				ok = 0
			}
		} else {
			nan++
			ok = 0
		}
		if (ok) {
			print >out
			good++
		}
	}
	END { printf "%d %d %d %d\n", good, miss, neg, nan }' "$1"
}

# bench_split: print the floor of a format's parse, a command line of
# sh to which the file is appended: mawk (awk if there is none)
# splitting each line into fields, written as one object a line
# {"f1":"...",...}, with no time read and no JSON escaping.
bench_split() {
	_awk=mawk
	have mawk || _awk='awk'
	printf '%s %s' "$_awk" "'{ s = \"{\"; for (i = 1; i <= NF; i++) s = s \"\\\"f\" i \"\\\":\\\"\" \$i \"\\\",\"; print s \"}\" }'"
}

# bench_gzip_group LOG FORMAT: gzip -6 LOG to LOG.gz and add the group
# gzip: ingest -f FORMAT reading LOG.gz against zcat piped into it.
bench_gzip_group() {
	gzip -6 -c "$1" >"$1.gz"
	bench_group gzip "$1.gz"
	bench_add "ingest log.gz" "bin/ingest -f $2 $1.gz"
	bench_add "zcat into ingest" "zcat $1.gz | bin/ingest -f $2"
}

# bench_group NAME FILE: the cases added next form the group NAME (may
# be empty) and read FILE, whose size gives their MB/s; the first case
# of a group is the base of its ratios.
bench_group() {
	_bench_group=$1
	_bench_size=$(wc -c <"$2" | tr -d ' ')
}

# bench_slug NAME: print NAME with every run of other than letters and
# digits made one '-', for file names.
bench_slug() {
	printf '%s' "$1" | tr -cs 'A-Za-z0-9' '-' | sed 's/-$//'
}

# bench_add NAME COMMAND: register a case: NAME (unique, no '|') in the
# table, COMMAND a line of sh (newlines and tabs become spaces) that
# writes its result on stdout.
bench_add() {
	printf '%s|%s|%s|%s\n' "$_bench_group" "$_bench_size" "$1" \
	    "$(printf '%s' "$2" | tr '\n\t' '  ')" >>"$tmp/cases"
}

# bench_peer TOOL NAME COMMAND: bench_add NAME COMMAND if TOOL is
# installed, else say that it is skipped.
bench_peer() {
	if have "$1"; then
		bench_add "$2" "$3"
	else
		echo "$BENCH.sh: $1 not installed: skipped"
	fi
}

# bench_out NAME: print the file holding the output of case NAME.
bench_out() {
	printf '%s/out.%s\n' "$tmp" "$(bench_slug "$1")"
}

# bench_hf_secs JSON: print "wall|cpu" from hyperfine's JSON: the mean
# elapsed seconds, and the mean user + system seconds.
bench_hf_secs() {
	awk -F'"' '
		$2 == "mean" || $2 == "user" || $2 == "system" {
			v = $3; gsub(/[ :,]/, "", v); t[$2] = v
		}
		END { printf "%.4f|%.4f\n", t["mean"], t["user"] + t["system"] }
	' "$1"
}

# bench_time_loop COMMAND OUT: run COMMAND WARMUP + RUNS times with the
# time utility and print "wall|cpu", the mean of the last RUNS; the
# output of the last run is left in OUT. Exit 2 if there is no time(1).
bench_time_loop() {
	_k=0
	: >"$tmp/times"
	while [ "$_k" -lt $((WARMUP + RUNS)) ]; do
		_k=$((_k + 1))
		{ time -p sh -c "$1 </dev/null >'$2' 2>/dev/null"; } \
		    2>"$tmp/time" || true
		if ! grep -q '^real ' "$tmp/time"; then
			echo "$BENCH.sh: no hyperfine and no time(1):" \
			    "cannot time" >&2
			exit 2
		fi
		[ "$_k" -gt "$WARMUP" ] && cat "$tmp/time" >>"$tmp/times"
	done
	awk -v n="$RUNS" '
		$1 == "real" { w += $2 }
		$1 == "user" || $1 == "sys" { c += $2 }
		END { printf "%.4f|%.4f\n", w / n, c / n }' "$tmp/times"
}

# bench_records NAME FILE: a bench_run hook: print the count of lines
# in FILE, and flag a count other than $N.
# shellcheck disable=SC2317 # called by bench_run
bench_records() {
	_n=$(wc -l <"$2" | tr -d ' ')
	[ "$_n" = "$N" ] || bench_fail "$1 wrote $_n records, expected $N"
	echo "$_n"
}

# bench_run HOOK HEADING...: time every case in the order added, then
# run "HOOK NAME FILE" in this shell on the file of its output; HOOK
# prints the case's last columns, one per HEADING, joined by '|' (such
# as its records), and may call bench_fail. Appends to $tmp/results
# "group|size|name|wall|cpu|columns" for each case.
bench_run() {
	_hook=$1
	shift
	_bench_heads=$(IFS='|' && printf '%s' "$*")
	# hyperfine can write each run's output to a file from 1.15 on.
	_mode=loop
	if have hyperfine; then
		_mode=old
		if hyperfine --help 2>/dev/null | grep -q -- '--output'; then
			_mode=hyperfine
		fi
	fi
	echo "$BENCH.sh: timing (warmup $WARMUP, runs $RUNS)"
	while IFS='|' read -r _g _size _name _cmd <&3; do
		_out=$(bench_out "$_name")
		_json=bench/out/$BENCH.$(bench_slug "$_name").json
		rm -f "$_out"
		case $_mode in
		hyperfine)
			hyperfine -i --warmup "$WARMUP" --runs "$RUNS" \
			    --style basic --export-json "$_json" \
			    --output "$_out" -n "$_name" "$_cmd" \
			    </dev/null >&2
			_secs=$(bench_hf_secs "$_json")
			;;
		old)
			# The output went to /dev/null: one more run keeps it.
			hyperfine -i --warmup "$WARMUP" --runs "$RUNS" \
			    --style basic --export-json "$_json" \
			    -n "$_name" "$_cmd" </dev/null >&2
			_secs=$(bench_hf_secs "$_json")
			sh -c "$_cmd" </dev/null >"$_out" 2>/dev/null || true
			;;
		*)
			echo "$BENCH.sh: timing $_name" >&2
			_secs=$(bench_time_loop "$_cmd" "$_out" </dev/null)
			;;
		esac
		[ -f "$_out" ] || : >"$_out"
		"$_hook" "$_name" "$_out" </dev/null >"$tmp/hook"
		printf '%s|%s|%s|%s|%s\n' "$_g" "$_size" "$_name" "$_secs" \
		    "$(cat "$tmp/hook")" >>"$tmp/results"
	done 3<"$tmp/cases"
}

# bench_table: print the results, a table per group: the tool, its mean
# elapsed and CPU seconds, MB/s of input, its elapsed time over that of
# the first tool of the group, and the hook's columns; then a legend.
bench_table() {
	awk -F'|' -v heads="$_bench_heads" '
	function title(g) { return g == "" ? "tool" : g ": tool" }
	BEGIN { nh = split(heads, head, "|") }
	NR == FNR {
		if (length(title($1)) > w) w = length(title($1))
		if (length($3) > w) w = length($3)
		for (i = 1; i <= nh; i++) {
			if (cw[i] < 8) cw[i] = 8
			if (length(head[i]) > cw[i]) cw[i] = length(head[i])
			if (length($(5 + i)) > cw[i]) cw[i] = length($(5 + i))
		}
		next
	}
	FNR == 1 || $1 != group {
		group = $1
		base = $4
		printf "\n%-*s %8s %8s %8s %7s", w, title(group), "seconds",
		    "cpu s", "MB/s", "ratio"
		for (i = 1; i <= nh; i++)
			printf " %*s", cw[i], head[i]
		printf "\n"
	}
	{
		printf "%-*s %8.3f %8.3f", w, $3, $4, $5
		if ($4 > 0)
			printf " %8.1f", $2 / 1e6 / $4
		else
			printf " %8s", "-"
		if ($4 > 0 && base > 0)
			printf " %6.1fx", $4 / base
		else
			printf " %7s", "-"
		for (i = 1; i <= nh; i++)
			printf " %*s", cw[i], $(5 + i)
		printf "\n"
	}' "$tmp/results" "$tmp/results"
	echo
	echo "seconds: elapsed; cpu s: user + system; MB/s: input bytes /"
	echo "elapsed; ratio: the tool's elapsed time / that of the first"
	echo "tool of its table (above 1: the first is faster)"
}
