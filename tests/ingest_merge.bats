#!/usr/bin/env bats
# ingest_merge.bats -- several files merged by @timestamp, and --concat.
#
# The real logs: ../shared/data/syslog/elastic-examples-auth/auth.log,
# split by program (sshd, and the others) into two files of the same
# period, each in time order.

load helpers

AUTH=syslog/elastic-examples-auth/auth.log

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	JOBS=()
}

teardown() {
	kill_jobs
}

# The two halves of auth.log: a.log (sshd) and b.log (the rest).
split_auth() {
	need_data "$AUTH"
	awk '$5 ~ /^sshd/' "$DATA/$AUTH" > a.log
	awk '$5 !~ /^sshd/' "$DATA/$AUTH" > b.log
}

# merged OUT FILE...: the oracle.  The records of each file read alone,
# merged by their @timestamp (a record earlier than the one before it in
# its file, or without a time, keeps that one's time), ties to the
# earlier file: a stable sort.
merged() {
	python3 - "$@" <<'EOF'
import datetime, json, sys

out, files = sys.argv[1], sys.argv[2:]
rows = []
for i, f in enumerate(files):
    last = None
    for j, line in enumerate(open(f, encoding="utf-8")):
        t = json.loads(line).get("@timestamp")
        if t is not None:
            t = datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
            if last is None or t > last:
                last = t
        k = last or datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)
        rows.append((k, i, j, line))
rows.sort(key=lambda r: (r[0], r[1], r[2]))
with open(out, "w", encoding="utf-8") as o:
    o.writelines(r[3] for r in rows)
EOF
}

@test "ingest A B: the records of both, merged by time (real logs)" {
	command -v python3 >/dev/null || skip "python3 not installed"
	split_auth
	ingest -f syslog --year 2023 a.log > a.out
	ingest -f syslog --year 2023 b.log > b.out
	merged want a.out b.out
	run -0 --separate-stderr ingest -f syslog --year 2023 --stats a.log b.log
	printf '%s\n' "$output" > got
	assert_same_file want got
	assert_eq "$(stat_of records_out)" 7121
	assert_eq "$(stat_of lines_in)" 7121
	# Not the order of either file: both are interleaved.
	! cmp -s got a.out
	[ "$(head -n 3 got | grep -c systemd-logind)" -eq 1 ]
}

@test "ingest A B | window: no line is late; with --concat the second file is" {
	split_auth
	run -0 --separate-stderr pipeline "ingest -f syslog --year 2023 a.log b.log |
	    window --tumbling 1m --stats"
	assert_eq "$(stat_of late)" 0
	assert_eq "$(stat_of events)" 7121
	run -1 --separate-stderr pipeline "ingest --concat -f syslog --year 2023 \
	    a.log b.log | window --tumbling 1m --stats"
	[ "$(stat_of late)" -gt 3000 ]
}

@test "ingest --concat: one file after the other, as each file alone" {
	split_auth
	ingest -f syslog --year 2023 a.log > want
	ingest -f syslog --year 2023 b.log >> want
	run -0 ingest --concat -f syslog --year 2023 a.log b.log
	printf '%s\n' "$output" > got
	assert_same_file want got
}

@test "ingest A B: equal times go out in the order of the operands" {
	printf '{"@timestamp":"2024-01-01T00:00:00Z","f":"a1"}\n{"@timestamp":"2024-01-01T00:00:01Z","f":"a2"}\n' > a
	printf '{"@timestamp":"2024-01-01T00:00:00Z","f":"b1"}\n{"@timestamp":"2024-01-01T00:00:01Z","f":"b2"}\n' > b
	run -0 sh -c 'ingest a b | jq -r .f | paste -sd" "'
	assert_eq "$output" "a1 b1 a2 b2"
	run -0 sh -c 'ingest b a | jq -r .f | paste -sd" "'
	assert_eq "$output" "b1 a1 b2 a2"
}

@test "ingest A B: untimed and out-of-order records follow the record before them" {
	cat > a <<'EOF'
{"@timestamp":"2024-01-01T10:00:00Z","f":"a1"}
{"f":"a2 untimed"}
{"@timestamp":"2024-01-01T09:00:00Z","f":"a3 earlier"}
{"@timestamp":"2024-01-01T10:02:00Z","f":"a4"}
EOF
	cat > b <<'EOF'
{"f":"b0 untimed"}
{"@timestamp":"2024-01-01T10:01:00Z","f":"b1"}
EOF
	run -0 sh -c 'ingest a b | jq -r .f | paste -sd,'
	assert_eq "$output" "b0 untimed,a1,a2 untimed,a3 earlier,b1,a4"
}

@test "ingest -f auto A B: each file has its own format, said once each" {
	printf 'time,msg\n2024-01-01T00:00:01Z,c1\n2024-01-01T00:00:03Z,c2\n2024-01-01T00:00:05Z,c3\n' > c.csv
	printf '<13>1 2024-01-01T00:00:02Z h app - - - s1\n<13>1 2024-01-01T00:00:04Z h app - - - s2\n' > s.log
	run -0 --separate-stderr ingest -f auto c.csv s.log
	run -0 sh -c 'ingest -f auto c.csv s.log 2>/dev/null | jq -r ".msg // .message" | paste -sd" "'
	assert_eq "$output" "c1 s1 c2 s2 c3"
	run -0 --separate-stderr ingest -f auto --stats c.csv s.log
	printf '%s\n' "$stderr" | grep -qx 'ingest: c.csv: reading as csv'
	printf '%s\n' "$stderr" | grep -q '^ingest: s.log: reading as syslog'
	printf '%s\n' "$stderr" | grep -q 'format=csv,syslog'
}

@test "ingest A B: rejects name their own file and line" {
	printf '{"@timestamp":"2024-01-01T00:00:01Z"}\nnot json\n{"@timestamp":"2024-01-01T00:00:05Z"}\n' > a
	printf '{"@timestamp":"2024-01-01T00:00:02Z"}\n{"@timestamp":"2024-01-01T00:00:03Z"}\n{"@timestamp":"2024-01-01T00:00:04Z"\n' > b
	run -1 --separate-stderr ingest --reject rej a b
	assert_eq "$(printf '%s\n' "$output" | wc -l | tr -d ' ')" 4
	run -1 --separate-stderr ingest a b
	printf '%s\n' "$stderr" | grep -q '^ingest: a:2: '
	printf '%s\n' "$stderr" | grep -q '^ingest: b:3: '
	run -0 jq -r '"\(.["@error"].source):\(.["@error"].line)"' rej
	assert_eq "$output" $'a:2\nb:3'
}

@test "ingest --state A B: stopped mid-merge, the restart loses and doubles nothing" {
	for f in a b; do
		awk -v f=$f 'BEGIN { for (i = 0; i < 60000; i++)
		    printf "{\"@timestamp\":%d,\"f\":\"%s\",\"i\":%d}\n",
		    1700000000 + 2 * i + (f == "b"), f, i }' > $f
	done
	ingest a b > once
	mkfifo p
	ingest --state st a b > p 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	# The pipe holds the rest back: the stop comes mid-merge.
	{ IFS= read -r first; printf '%s\n' "$first"; kill -TERM "$pid"; cat; } < p > out1
	wait_for "ended $pid" 10
	status=0
	wait "$pid" || status=$?
	assert_eq "$status" 143
	run -0 ingest --state st a b
	printf '%s\n' "$output" > out2
	[ -s out2 ]
	[ "$(wc -l < out1)" -gt 1 ]
	sort out1 out2 > both
	sort once > want
	assert_same_file want both
	run -0 ingest --state st a b
	assert_eq "$output" ""
}

@test "ingest A -: standard input among the files is merged as a file" {
	printf '{"@timestamp":"2024-01-01T00:00:01Z","f":"a1"}\n{"@timestamp":"2024-01-01T00:00:03Z","f":"a3"}\n' > a
	run -0 sh -c 'printf "{\"@timestamp\":\"2024-01-01T00:00:02Z\",\"f\":\"s2\"}\n" | ingest a - | jq -r .f | paste -sd" "'
	assert_eq "$output" "a1 s2 a3"
}

@test "ingest -t none A B: no time to merge by, one file after the other" {
	printf '{"@timestamp":"2024-01-01T00:00:02Z","f":"a"}\n' > a
	printf '{"@timestamp":"2024-01-01T00:00:01Z","f":"b"}\n' > b
	run -0 sh -c 'ingest -t none a b | jq -r .f | paste -sd" "'
	assert_eq "$output" "a b"
	run -0 sh -c 'ingest a b | jq -r .f | paste -sd" "'
	assert_eq "$output" "b a"
}

@test "ingest A B ...: more files than ulimit -n allows, merged; past the hard limit, refused at the start" {
	for i in $(seq 1 300); do
		printf '{"@timestamp":"2024-01-01T00:%02d:%02dZ","f":%d}\n' \
		    $((i % 7)) $((i % 60)) "$i" > "f$i"
	done
	# The oracle: every record, in time order (sort is stable on ties
	# as the merge is, files in the order named).
	for i in $(seq 1 300); do cat "f$i"; done |
	    jq -r '[."@timestamp", .f] | @tsv' | sort -s -k1,1 | cut -f2 > want
	run -0 sh -c 'ulimit -S -n 64 && ingest $(seq -f f%g 1 300) | jq .f > got'
	assert_same_file want got
	# The hard limit too low: refused before a line is read.
	run -2 --separate-stderr sh -c 'ulimit -n 64 && ingest $(seq -f f%g 1 300) > out'
	[ ! -s out ]
	[[ $stderr == *"300 files to merge by time need 332 open at once, but ulimit -n allows 64; --concat reads them one after the other" ]]
	run -0 sh -c 'ulimit -n 64 && ingest --concat $(seq -f f%g 1 300) | wc -l'
	assert_eq "$output" 300
}
