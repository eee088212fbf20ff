#!/usr/bin/env bats
# cli.bats -- what every tool shares: help, version, usage errors, files,
# quiet SIGPIPE, and the man page agreeing with --help.

load helpers

# The six tools: every test below runs each of them.
TOOLS="ingest validate window aggregate alert report"

@test "cli: all six tools are built" {
	local t missing=
	for t in $TOOLS; do
		[ -x "$SLUICE_BIN/$t" ] || missing="$missing $t"
	done
	if [ -n "$missing" ]; then
		echo "not built in $SLUICE_BIN:$missing" >&2
		return 1
	fi
}

@test "cli: every tool answers -h and --help on stdout with exit 0" {
	for t in $TOOLS; do
		run -0 --separate-stderr "$t" -h
		[[ "$output" == "usage: $t "* ]]
		assert_eq "$stderr" ""
		run -0 "$t" --help
		[[ "$output" == "usage: $t "* ]]
	done
}

@test "cli: every tool prints its version" {
	for t in $TOOLS; do
		run -0 "$t" --version
		[[ "$output" =~ ^$t\ \(sluice\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
		run -0 "$t" -V
	done
}

@test "cli: an unknown option is exit 2 with the usage on stderr" {
	for t in $TOOLS; do
		run -2 --separate-stderr "$t" --no-such-option
		assert_eq "$output" ""
		[[ "$stderr" == *"usage: $t "* ]]
		run -2 --separate-stderr "$t" -Q
		[[ "$stderr" == *"usage: $t "* ]]
	done
}

@test "cli: an unreadable file is exit 2 naming it; other files still read" {
	printf '{"a":1}\n' > "$BATS_TEST_TMPDIR/ok"
	for t in $TOOLS; do
		run -2 --separate-stderr "$t" $(args_for "$t") "$BATS_TEST_TMPDIR/missing"
		[[ "$stderr" == *"$t: $BATS_TEST_TMPDIR/missing: No such file or directory"* ]]
		run -2 --separate-stderr "$t" $(args_for "$t") "$BATS_TEST_TMPDIR"
		[[ "$stderr" == *"Is a directory"* ]]
	done
	run -2 --separate-stderr ingest -t none "$BATS_TEST_TMPDIR/missing" "$BATS_TEST_TMPDIR/ok"
	assert_eq "$output" '{"a":1}'
}

@test "cli: '| head -1' ends every tool quietly" {
	seq 1 200000 | sed 's/.*/{"n":&,"@timestamp":"2026-01-01T00:00:00.000Z"}/' \
	    > "$BATS_TEST_TMPDIR/big"
	for t in $TOOLS; do
		# Ended by SIGPIPE (141 under pipefail) or done: nothing said.
		run pipeline "$t $(args_for "$t") '$BATS_TEST_TMPDIR/big' 2>'$BATS_TEST_TMPDIR/err' | head -1 >/dev/null"
		[ "$status" -eq 0 ] || [ "$status" -eq 141 ]
		assert_eq "$(cat "$BATS_TEST_TMPDIR/err")" ""
	done
}

@test "cli: a full disk is exit 2 with a message" {
	[ -w /dev/full ] || skip "no /dev/full here"
	printf '{"a":1,"@timestamp":"2026-01-01T00:00:00Z"}\n' > "$BATS_TEST_TMPDIR/in"
	for t in $TOOLS; do
		run -2 --separate-stderr pipeline "$t $(args_for "$t") '$BATS_TEST_TMPDIR/in' > /dev/full"
		[[ "$stderr" == *"No space left on device"* ]]
	done
}

@test "cli: every option in --help is in the man page and the other way round" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	for t in $TOOLS; do
		m=$BATS_TEST_DIRNAME/../man/$t.1
		[ -f "$m" ]
		help=$("$t" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
		# The options the page describes: its ".It Fl ..." items.
		man=$(grep '^\.It Fl' "$m" | grep -o -- 'Fl -[a-z][a-z-]*' |
		    sed 's/^Fl -/--/' | sort -u)
		assert_eq "$man" "$help"
	done
}

@test "cli: the man pages are clean mdoc" {
	command -v mandoc >/dev/null || skip "mandoc not installed"
	run -0 mandoc -Tlint -Wwarning "$BATS_TEST_DIRNAME"/../man/*.1 "$BATS_TEST_DIRNAME"/../man/sluice.7
	assert_eq "$output" ""
}
