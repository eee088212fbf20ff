#!/usr/bin/env bats
# ingest_compressed.bats -- gzip and zstd input, known by content: file
# operands and stdin, several members and frames, empty, cut and damaged
# files, --state over a rotated-then-compressed log, -F.  gzip(1),
# zstd(1) and python3's zlib are the oracles.

load helpers

APACHE=access-logs/elastic-examples-apache/apache_logs

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	command -v gzip >/dev/null || skip "gzip not installed"
	command -v zstd >/dev/null || skip "zstd not installed"
}

# ndjson FIRST LAST FILE: records {"n":FIRST} .. {"n":LAST}.
ndjson() {
	seq "$1" "$2" | sed 's/.*/{"n":&}/' > "$3"
}

@test "ingest: a gzip and a zstd file are read by content, not by name" {
	need_data "$APACHE"
	gzip -c "$DATA/$APACHE" > access
	zstd -q -c "$DATA/$APACHE" > access.log.gz
	# A few lines of the sample are not CLF: rejected, exit 1.
	run -1 --separate-stderr ingest -f combined "$DATA/$APACHE"
	printf '%s\n' "$output" > want
	[ "$(wc -l < want)" -gt 9000 ]
	for f in access access.log.gz; do
		run -1 --separate-stderr ingest -f combined "$f"
		printf '%s\n' "$output" > got
		assert_same_file want got
	done
	# Every line zcat gives is read: the counts agree.
	run -1 --separate-stderr ingest -f combined --stats access
	assert_eq "$(stat_of lines_in)" "$(zcat access | wc -l)"
}

@test "ingest: gzip lines are those zcat gives, byte for byte" {
	ndjson 1 50000 plain
	gzip -c plain > z
	zcat z > want
	run -0 --separate-stderr ingest -t none z
	printf '%s\n' "$output" > got
	assert_same_file want got
	assert_eq "$stderr" ""
}

@test "ingest: gzip members one after the other (cat a.gz b.gz)" {
	ndjson 1 3000 a
	ndjson 3001 3500 b
	printf '{"n":"last, no newline"}' > c
	gzip -c a > a.gz
	gzip -9 -c b > b.gz
	gzip -1 -c c > c.gz
	cat a.gz b.gz c.gz > all.gz
	# An empty member in the middle too.
	gzip -c /dev/null > empty.gz
	cat a.gz empty.gz b.gz c.gz > all2.gz
	zcat all.gz > want
	echo >> want
	for f in all.gz all2.gz; do
		run -0 --separate-stderr ingest -t none "$f"
		printf '%s\n' "$output" > got
		assert_same_file want got
	done
	[ "$(wc -l < got)" -eq 3501 ]
}

@test "ingest: zstd frames one after the other" {
	ndjson 1 2000 a
	ndjson 2001 2600 b
	zstd -q -c a > a.zst
	zstd -q -19 -c b > b.zst
	cat a.zst b.zst > all.zst
	zstdcat all.zst > want
	run -0 --separate-stderr ingest -t none all.zst
	printf '%s\n' "$output" > got
	assert_same_file want got
	[ "$(wc -l < got)" -eq 2600 ]
}

@test "ingest: compressed standard input, from a pipe and from a file" {
	ndjson 1 20000 plain
	gzip -c plain > p.gz
	zstd -q -c plain > p.zst
	run -0 pipeline "cat p.gz | ingest -t none > got"
	assert_same_file plain got
	run -0 pipeline "cat p.zst | ingest -t none > got"
	assert_same_file plain got
	run -0 pipeline "ingest -t none < p.gz > got"
	assert_same_file plain got
	run -0 pipeline "ingest -t none - < p.zst > got"
	assert_same_file plain got
}

@test "ingest: text that begins like a magic number is still text" {
	# 0x1f alone, 0x1f 0x8b without 0x08, '(' and '(' 0xb5: no magic.
	printf '\037\n\037\213x\n(\n(\265/x\n' > odd
	run -1 --separate-stderr ingest -t none --stats odd
	assert_eq "$(stat_of lines_in)" 4
	assert_eq "$(stat_of rejected)" 4
	run -1 --separate-stderr pipeline "cat odd | ingest -t none --stats"
	assert_eq "$(stat_of lines_in)" 4
	# A single byte on a pipe, then its end.
	run -1 --separate-stderr pipeline "printf '(' | ingest -t none --stats"
	assert_eq "$(stat_of lines_in)" 1
}

@test "ingest: empty files, compressed or not, give nothing, exit 0" {
	: > empty.gz
	gzip -c /dev/null > nothing.gz
	zstd -q -c < /dev/null > nothing.zst
	for f in empty.gz nothing.gz nothing.zst; do
		run -0 --separate-stderr ingest -t none --stats "$f"
		assert_eq "$output" ""
		assert_eq "$(stat_of lines_in)" 0
	done
	run -0 --separate-stderr pipeline "ingest -t none < nothing.gz"
	assert_eq "$output" ""
}

@test "ingest: a BOM at the start of the content is skipped" {
	printf '\357\273\277{"n":1}\n{"n":2}\n' | gzip -c > bom.gz
	run -0 --separate-stderr ingest -t none bom.gz
	assert_eq "$output" $'{"n":1}\n{"n":2}'
}

@test "ingest: a cut gzip file: the lines before the cut, the offset, exit 2" {
	ndjson 1 40000 plain
	gzip -c plain > full.gz
	size=$(($(stat -c %s full.gz) / 2))
	head -c "$size" full.gz > cut.gz
	# The oracle: what zlib decompresses of the cut file.
	python3 -c '
import sys, zlib
d = zlib.decompressobj(31).decompress(open("cut.gz", "rb").read())
sys.stdout.buffer.write(d)' > want
	n=$(wc -l < want)
	[ "$n" -gt 1000 ]
	run -2 --separate-stderr ingest -t none cut.gz
	printf '%s\n' "$output" > got
	head -n "$n" want > complete
	assert_same_file complete got
	# The cut last line is a line too (here a reject), then the cut.
	assert_eq "$(printf '%s\n' "$stderr" | sed -n 1p | cut -d: -f2,3)" \
	    " cut.gz:$((n + 1))"
	assert_eq "$(printf '%s\n' "$stderr" | sed -n 2p)" \
	    "ingest: cut.gz: truncated gzip data at byte $size"
	# The others still read, the exit status stays 2.
	run -2 --separate-stderr ingest -t none cut.gz plain
	[ "$(printf '%s\n' "$output" | wc -l)" -eq $(($(wc -l < want) + 40000)) ]
}

@test "ingest: a cut zstd file: the lines zstdcat gives before the cut" {
	ndjson 1 40000 plain
	zstd -q -c plain > full.zst
	size=$(($(stat -c %s full.zst) / 2))
	head -c "$size" full.zst > cut.zst
	zstdcat cut.zst > want 2>/dev/null || true
	[ "$(wc -l < want)" -gt 1000 ]
	run -2 --separate-stderr ingest -t none cut.zst
	# The last line zstdcat gives may be cut: the complete ones agree.
	printf '%s\n' "$output" | head -n "$(wc -l < want)" > got
	head -n "$(wc -l < want)" want > want2
	assert_same_file want2 got
	assert_eq "$(printf '%s\n' "$stderr" | tail -1)" \
	    "ingest: cut.zst: truncated zstd data at byte $size"
}

@test "ingest: a damaged member: the members before it kept, its offset said" {
	ndjson 1 5000 a
	ndjson 5001 9000 b
	gzip -c a > a.gz
	gzip -c b > b.gz
	asize=$(stat -c %s a.gz)
	# Damage b.gz past its header: flip the bytes at 100..109.
	python3 -c '
b = bytearray(open("b.gz", "rb").read())
for i in range(100, 110): b[i] ^= 0xff
open("bad.gz", "wb").write(b)'
	cat a.gz bad.gz > both.gz
	run -2 --separate-stderr ingest -t none --stats both.gz
	printf '%s\n' "$output" | head -5000 > got
	assert_same_file a got
	# Anything after a's lines is from b, in order (a prefix of b).
	printf '%s\n' "$output" | sed 1,5000d > rest
	[ "$(head -c "$(stat -c %s rest)" b | cmp - rest && echo same)" = same ] ||
	    [ ! -s rest ]
	at=$(printf '%s\n' "$stderr" | sed -n 's/.*corrupt gzip data at byte \([0-9]*\): .*/\1/p')
	[ -n "$at" ]
	[ "$at" -ge "$asize" ]
	[ "$at" -le "$(stat -c %s both.gz)" ]
	# zcat fails on it too.
	run ! zcat both.gz
}

@test "ingest: a zstd frame of a format before 0.8 is damage, at its offset, from a file or a pipe" {
	ndjson 1 3000 a
	zstd -q -c a > a.zst
	asize=$(stat -c %s a.zst)
	# A frame that zstd 0.7 wrote starts 0xFD2FB527 (27 b5 2f fd).
	python3 -c '
import sys
sys.stdout.buffer.write(open("a.zst", "rb").read() + bytes([0x27, 0xb5, 0x2f, 0xfd]) + bytes(range(64)))' > old.zst
	run -2 --separate-stderr ingest -t none old.zst
	printf '%s\n' "$output" > got
	assert_same_file a got
	[[ "$stderr" == *"corrupt zstd data at byte $asize: a frame of a zstd format before 0.8, not read"* ]]
	# The same through a pipe.
	run -2 --separate-stderr bash -c 'cat old.zst | ingest -t none'
	printf '%s\n' "$output" > got
	assert_same_file a got
	[[ "$stderr" == *"a frame of a zstd format before 0.8, not read"* ]]
}

@test "ingest: trailing bytes that are not a member are damage" {
	ndjson 1 10 a
	gzip -c a > t.gz
	size=$(stat -c %s t.gz)
	printf 'garbage\n' >> t.gz
	run -2 --separate-stderr ingest -t none t.gz
	assert_eq "$output" "$(cat a)"
	at=$(printf '%s\n' "$stderr" | sed -n 's/^ingest: t.gz: corrupt gzip data at byte \([0-9]*\): .*/\1/p')
	[ "$at" -ge "$size" ]
	[ "$at" -le "$(stat -c %s t.gz)" ]
}

@test "ingest: compressed input is decompressed as it streams, in bounded memory" {
	skip_if_sanitized
	# 200 MB of lines, about 0.6 MB of gzip.
	yes '{"n":1,"msg":"the same line again and again"}' |
	    head -n 4000000 | gzip -1 -c > big.gz
	[ "$(stat -c %s big.gz)" -lt 5000000 ]
	/usr/bin/time -f %M -o rss ingest -t none big.gz > /dev/null
	# Kilobytes: far less than the 200 MB of content.
	[ "$(cat rss)" -lt 40000 ]
}

@test "ingest: twelve compressed files merged, more than decompress ahead at once, as zcat gives them" {
	# Each file is read in time order by a thread of its own, up to
	# eight at once; the others are decompressed as they are read.
	for i in $(seq 1 12); do
		seq "$i" 12 6000 | awk '{ printf "{\"@timestamp\":%d,\"n\":%d}\n", 1700000000 + $1, $1 }' > "p$i"
		if [ $((i % 2)) -eq 0 ]; then gzip -c "p$i" > "f$i"; else zstd -q -c "p$i" > "f$i"; fi
	done
	run -0 --separate-stderr ingest --stats f1 f2 f3 f4 f5 f6 f7 f8 f9 f10 f11 f12
	printf '%s\n' "$output" | jq -r .n > got
	seq 1 6000 > want
	assert_same_file want got
	assert_eq "$(stat_of lines_in)" 6000
}

@test "ingest: a compressed file cut short by head or stopped by SIGTERM ends at once" {
	yes '{"n":1,"msg":"the same line again and again"}' |
	    head -n 2000000 | gzip -1 -c > big.gz
	run -0 bash -c 'timeout 20 ingest -t none big.gz | head -1'
	assert_eq "$output" '{"n":1,"msg":"the same line again and again"}'
	# SIGTERM while ingest waits on a full pipe and the thread has
	# decompressed ahead: it ends soon after, with whole lines only.
	ingest -t none big.gz 2> err 3>&- > >(sleep 1; cat > out; touch done) &
	pid=$!
	sleep 0.3
	kill -TERM "$pid"
	run timeout 20 bash -c "while [ ! -e done ]; do sleep 0.1; done"
	assert_eq "$status" 0
	status=0
	wait "$pid" || status=$?
	assert_eq "$status" 143
	[ -s out ]
	[ "$(wc -l < out)" -lt 2000000 ]
	[ "$(tail -c 1 out | od -An -c | tr -d ' ')" = '\n' ]
	assert_eq "$(sort -u out)" '{"n":1,"msg":"the same line again and again"}'
	run cat err
	[[ "$output" != *"Sanitizer"* ]]
}

@test "ingest -F: a compressed file is read to its end, not followed" {
	ndjson 1 100 plain
	gzip -c plain > p.gz
	run -0 --separate-stderr timeout 60 ingest -F -t none p.gz
	printf '%s\n' "$output" > got
	assert_same_file plain got
	assert_eq "$stderr" \
	    "ingest: p.gz: gzip-compressed: read to its end, not followed"
}

@test "ingest --state: a compressed operand, resumed in content bytes" {
	ndjson 1 100 a
	ndjson 101 150 b
	gzip -c a > log.gz
	run -0 ingest -t none --state st log.gz
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 100 ]
	# The position counts bytes of content, not of gzip.
	assert_eq "$(sed -n 3p st | jq .offset)" "$(wc -c < a)"
	run -0 --separate-stderr ingest -t none --state st log.gz
	assert_eq "$output" ""
	assert_eq "$stderr" ""
	# A member appended to the same file: only its lines.
	gzip -c b >> log.gz
	run -0 --separate-stderr ingest -t none --state st log.gz
	printf '%s\n' "$output" > got
	assert_same_file b got
}

@test "ingest --state: rotated, then compressed: its rest once, then the new file" {
	mkdir w
	cd w
	ndjson 1 3 log
	run -0 ingest -t none --state st log
	# An older rotated file that begins otherwise is not taken.
	printf '{"old":1}\n{"old":2}\n{"old":3}\n{"old":4}\n' | gzip -c > log.2.gz
	# logrotate with compress: rename, then gzip makes a new file
	# (a new inode) and removes the old one.  Its last line has no
	# newline: it is the last it will ever have.
	printf '{"n":4}\n{"n":5}\n{"n":6}' >> log
	mv log log.1
	gzip log.1
	ndjson 7 8 log
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" $'{"n":4}\n{"n":5}\n{"n":6}\n{"n":7}\n{"n":8}'
	[[ "$stderr" == *'reading the rest of ./log.1.gz first'* ||
	    "$stderr" == *'reading the rest of log.1.gz first'* ]]
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" ""
	assert_eq "$stderr" ""
	# zstd, and the new file not there yet.
	printf '{"n":9}\n' >> log
	mv log log.1
	zstd -q --rm log.1
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" '{"n":9}'
	[[ "$stderr" == *'not created again yet; reading the rest of'*'log.1.zst'* ]]
	ndjson 10 10 log
	run -0 --separate-stderr ingest -t none --state st log
	assert_eq "$output" '{"n":10}'
}

@test "every tool reads compressed operands" {
	ndjson 1 50 plain
	gzip -c plain > p.gz
	zstd -q -c plain > p.zst
	run -0 pipeline "validate --require n p.gz p.zst | wc -l"
	assert_eq "$output" 100
	run -0 pipeline "validate --require n < p.gz | jq -s 'map(.n) | add'"
	assert_eq "$output" 1275
}
