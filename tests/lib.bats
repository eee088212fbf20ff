#!/usr/bin/env bats
# lib.bats -- unit tests of lib/ (tests/unit.c), one per module.

load helpers

@test "lib: time parsing and RFC 3339 formatting" {
	run -0 sluice-unit time
}

@test "lib: durations" {
	run -0 sluice-unit duration
}

@test "lib: shortest round-trip numbers and JSON strings" {
	run -0 sluice-unit numbers
}

@test "lib: field paths" {
	run -0 sluice-unit path
}

@test "lib: JSON scanner and in-place record edits" {
	run -0 sluice-unit scan
}
