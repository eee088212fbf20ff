#!/usr/bin/env bats
# layout.bats -- the tree reads as the architecture: the layer order of
# lib/README holds, the stream protocol is spelled only in lib/stream/,
# and no file has grown into a god file or a thick command.

load helpers

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)

# The most lines a file of lib/ and a command of cmd/ may have.
LIB_MAX=1500
CMD_MAX=460

@test "layout: make layers passes: no include or call up, no cycle" {
	run env -u MAKEFLAGS -u MAKELEVEL make -s -C "$ROOT" layers
	echo "$output"
	[ "$status" -eq 0 ] && [[ "$output" == *"layers: ok"* ]]
}

# The code of C files, comments removed (strings kept), and each line
# that spells a reserved key as a quoted key: "@window", or \"@window\"
# inside a string.  Prints FILE:LINE: TEXT for each.
reserved_keys() {
	awk '
	FNR == 1 { comment = 0 }
	{
		code = ""; str = 0
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1)
			if (comment) {
				if (substr($0, i, 2) == "*/") { comment = 0; i++ }
				continue
			}
			if (str) {
				code = code c
				if (c == "\\") { code = code substr($0, ++i, 1); continue }
				if (c == q) str = 0
				continue
			}
			if (substr($0, i, 2) == "/*") { comment = 1; i++; continue }
			if (substr($0, i, 2) == "//") break
			if (c == "\"" || c == "'\''") { str = 1; q = c }
			code = code c
		}
		if (code ~ /\\?"@(timestamp|window|ctl|partial|alert|error|record|raw|raw_base64|utf8_repaired)\\?"/)
			print FILENAME ":" FNR ": " $0
	}' "$@"
}

@test "layout: no reserved key is spelled outside lib/stream/" {
	cd "$ROOT"
	run -0 reserved_keys $(find lib cmd -name '*.[ch]' ! -path 'lib/stream/*' | sort)
	if [ -n "$output" ]; then
		echo "reserved keys spelled outside lib/stream/ (use the SK_* macros of stream/stream.h):" >&2
		echo "$output" >&2
		return 1
	fi
}

@test "layout: the reserved-key check finds keys, not comments or messages" {
	cat > "$BATS_TEST_TMPDIR/t.c" <<-'EOF'
	f(r, "@ctl", 4);
	s = "{\"@window\":";
	/* "@alert" */ x = 1; // "@error"
	/*
	 * {"@partial":1}
	 */
	err("@window is not an object");
	g("@windows", '"', "@ctl: ");
	EOF
	run -0 reserved_keys "$BATS_TEST_TMPDIR/t.c"
	assert_eq "$(printf '%s\n' "$output" | cut -d: -f2 | tr '\n' ' ')" "1 2 "
}

@test "layout: no file of lib/ over $LIB_MAX lines, no cmd/*.c over $CMD_MAX" {
	local f n big=
	cd "$ROOT"
	for f in $(find lib -name '*.[ch]' | sort); do
		n=$(wc -l < "$f")
		[ "$n" -le "$LIB_MAX" ] || big="$big $f ($n lines)"
	done
	for f in cmd/*.c; do
		n=$(wc -l < "$f")
		[ "$n" -le "$CMD_MAX" ] || big="$big $f ($n lines)"
	done
	if [ -n "$big" ]; then
		echo "too long:$big" >&2
		return 1
	fi
}
