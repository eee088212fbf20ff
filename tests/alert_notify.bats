#!/usr/bin/env bats
# alert_notify.bats -- alert's notifications: --exec and its terminator,
# -r rule options, resolved messages, prev() in values, --exec-batch.

load helpers

T0=1767225600	# 2026-01-01T00:00:00Z

# An event at T0 + $1 seconds with the fields of the JSON object $2.
ev() {
	jq -cn --argjson s "$1" --argjson f "$2" '{"@timestamp": ('"$T0"' + $s | todate)} + $f'
}

@test "alert_notify: --exec without its ';' is a usage error naming it" {
	{ ev 0 '{"v":9}'; ev 1 '{"v":1}'; } > "$BATS_TEST_TMPDIR/in"
	run -2 --separate-stderr alert -r 'big: v > 5' --exec cat --exit-status "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"missing ';' to end --exec"* ]]
	assert_eq "$output" ""
	# Terminated, the options after it are options again.
	run -1 --separate-stderr alert -r 'big: v > 5' --exec true ';' --exit-status "$BATS_TEST_TMPDIR/in"
	assert_eq "$(printf '%s\n' "$output" | jq -r '."@alert".state' | paste -sd,)" "firing,resolved"
	# A ';' as the last word is fine, and a lone --exec still needs a command.
	run -0 --separate-stderr alert -r 'big: v > 5' "$BATS_TEST_TMPDIR/in" --exec true ';'
	run -2 --separate-stderr alert -r 'big: v > 5' --exec ';' "$BATS_TEST_TMPDIR/in"
	[[ "$stderr" == *"--exec needs a command"* ]]
}
