#!/usr/bin/env bats
# validate_schema.bats -- the JSON Schema Test Suite (draft 2020-12), run
# through the validate binary: one run per test group, the group's tests
# as NDJSON lines, and each line's verdict compared with the suite's.

load helpers

SUITE=json-schema-test-suite/tests/draft2020-12

# Keyword files of what is implemented: every case must pass, but for
# the exceptions below.
SUPPORTED="additionalProperties allOf anchor anyOf boolean_schema const
contains content default defs dependentRequired dependentSchemas enum
exclusiveMaximum exclusiveMinimum format if-then-else
infinite-loop-detection items maxContains maxItems maxLength
maxProperties maximum minContains minItems minLength minProperties
minimum multipleOf not oneOf pattern patternProperties prefixItems
properties propertyNames ref required type uniqueItems optional/anchor
optional/bignum optional/dependencies-compatibility
optional/ecmascript-regex optional/float-overflow optional/id
optional/no-schema optional/non-bmp-regex optional/refOfUnknownKeyword
optional/unknownKeyword"

# The formats that are checked, with --format-assert (unknown.json: an
# unknown format name asserts nothing).
FORMATS="date-time date time duration email hostname ipv4 ipv6 uri
uri-reference iri iri-reference uuid json-pointer relative-json-pointer
unknown"

# Files of what is not implemented: every group is refused at start-up,
# with an error naming a refused keyword that the schema holds.
UNSUPPORTED="dynamicRef unevaluatedItems unevaluatedProperties refRemote
vocabulary optional/dynamicRef optional/cross-draft
optional/format-assertion"

# Standard formats that are not checked: asserting them is refused.
UNCHECKED="idn-email idn-hostname uri-template regex ecmascript-regex"

# The exceptions, by name ("file|group" for a group refused at start-up,
# "file|group|case" for one case), with the reason.  A group refused
# must name the keyword given before the ':' of its reason.
declare -gA EXCEPT=(
	["defs.json|validate definition against metaschema"]='$ref: a remote reference (the draft 2020-12 meta-schema)'
	["ref.json|remote ref, containing refs itself"]='$ref: a remote reference (the draft 2020-12 meta-schema)'
	["ref.json|ref creates new scope when adjacent to keywords"]='unevaluatedProperties: not implemented'
	["not.json|collect annotations inside a 'not', even if collection is disabled"]='unevaluatedProperties: not implemented'
	["optional/format/hostname.json|validation of A-label (punycode) host names|Begins with a Spacing Combining Mark"]='needs the Unicode General_Category tables (a label must not start with a combining mark)'
	["optional/format/hostname.json|validation of A-label (punycode) host names|Begins with a Nonspacing Mark"]='needs the Unicode General_Category tables (a label must not start with a combining mark)'
	["optional/format/hostname.json|validation of A-label (punycode) host names|Begins with an Enclosing Mark"]='needs the Unicode General_Category tables (a label must not start with a combining mark)'
)

# suite_run FILE [OPTION...]: run the groups of a suite file and append
# to $RES one line per case, "PASS|FAIL<TAB>file<TAB>group<TAB>case",
# or one per group refused at start-up, "START<TAB>file<TAB>group<TAB>
# error<TAB>cases<TAB>schema" (schema: a copy of it), or
# "CRASH<TAB>file<TAB>group<TAB>status".
suite_run() {
	local f=$1 t i n g rc valid desc j got line keep
	local -A bad
	shift
	t=$BATS_TEST_TMPDIR/suite
	rm -rf "$t"
	mkdir -p "$t" "$BATS_TEST_TMPDIR/refused"
	LC_ALL=C awk -v out="$t" -f "$FIX/validate/suite.awk" "$DATA/$SUITE/$f"
	n=$(wc -l < "$t/groups")
	for ((i = 1; i <= n; i++)); do
		g=$(sed -n "${i}p" "$t/groups")
		g=${g#\"}
		g=${g%\"}
		[ -f "$t/$i.ndjson" ] || : > "$t/$i.ndjson"
		[ -f "$t/$i.expect" ] || : > "$t/$i.expect"
		rc=0
		validate "$@" -s "$t/$i.schema.json" --reject "$t/rej" \
		    "$t/$i.ndjson" > "$t/out" 2> "$t/err" || rc=$?
		if [ "$rc" -eq 2 ]; then
			keep=$BATS_TEST_TMPDIR/refused/${f//\//_}.$i.json
			cp "$t/$i.schema.json" "$keep"
			printf 'START\t%s\t%s\t%s\t%s\t%s\n' "$f" "$g" \
			    "$(head -1 "$t/err")" "$(wc -l < "$t/$i.expect")" \
			    "$keep" >> "$RES"
			continue
		fi
		if [ "$rc" -gt 2 ] || [ -s "$t/err" ]; then
			printf 'CRASH\t%s\t%s\t%s\n' "$f" "$g" "$rc" >> "$RES"
			cat "$t/err" >&2
			continue
		fi
		bad=()
		while read -r line; do
			bad[$line]=1
		done < <(sed -n 's/^{"@error":{"source":"[^"]*","line":\([0-9]*\).*/\1/p' "$t/rej")
		j=0
		while IFS=$'\t' read -r valid desc; do
			j=$((j + 1))
			desc=${desc#\"}
			desc=${desc%\"}
			got=true
			[ -n "${bad[$j]:-}" ] && got=false
			if [ "$got" = "$valid" ]; then
				printf 'PASS\t%s\t%s\t%s\n' "$f" "$g" "$desc" >> "$RES"
			else
				printf 'FAIL\t%s\t%s\t%s\n' "$f" "$g" "$desc" >> "$RES"
			fi
		done < "$t/$i.expect"
	done
}

# check_results WHAT: every FAIL and START in $RES must be a listed
# exception (a START naming its keyword), every exception listed for a
# file that was run must happen, and nothing may crash.  Prints and
# keeps the counts: pass, total, in exceptions.
check_results() {
	local status f g x rest key want problems=0 pass=0 excepted=0
	local -A seen files
	while IFS=$'\t' read -r status f g x rest; do
		files[$f]=1
		case $status in
		PASS)
			pass=$((pass + 1))
			;;
		FAIL)
			key="$f|$g|$x"
			if [ -n "${EXCEPT[$key]:-}" ]; then
				seen[$key]=1
				excepted=$((excepted + 1))
			else
				echo "unexpected verdict: $key" >&2
				problems=$((problems + 1))
			fi
			;;
		START)
			key="$f|$g"
			want=${EXCEPT[$key]:-}
			if [ -z "$want" ]; then
				echo "refused at start-up: $key: $x" >&2
				problems=$((problems + 1))
			elif [[ "$x" != *"${want%%:*}"* ]]; then
				echo "refused for another reason: $key: $x" >&2
				problems=$((problems + 1))
			else
				seen[$key]=1
				excepted=$((excepted + ${rest%%$'\t'*}))
			fi
			;;
		*)
			echo "crash (status $x): $f|$g" >&2
			problems=$((problems + 1))
			;;
		esac
	done < "$RES"
	for key in "${!EXCEPT[@]}"; do
		if [ -n "${files[${key%%|*}]:-}" ] && [ -z "${seen[$key]:-}" ]; then
			echo "listed exception did not happen: $key" >&2
			problems=$((problems + 1))
		fi
	done
	echo "# $1: $pass of $((pass + excepted)) cases pass;" \
	    "$excepted in listed exceptions" >&3
	COUNT="$pass $((pass + excepted)) $excepted"
	[ "$problems" -eq 0 ]
}

@test "validate_schema: every case of the implemented keywords and formats passes" {
	need_data "$SUITE/type.json" "$SUITE/optional/format/date-time.json"
	RES=$BATS_TEST_TMPDIR/keywords
	: > "$RES"
	for k in $SUPPORTED; do
		suite_run "$k.json"
	done
	check_results "keywords"
	read -r p1 n1 x1 <<< "$COUNT"
	RES=$BATS_TEST_TMPDIR/formats
	: > "$RES"
	for k in $FORMATS; do
		suite_run "optional/format/$k.json" --format-assert
	done
	check_results "formats (--format-assert)"
	read -r p2 n2 x2 <<< "$COUNT"
	echo "# all: $((p1 + p2)) of $((n1 + n2)) cases pass;" \
	    "$((x1 + x2)) in listed exceptions" >&3
}

@test "validate_schema: unchecked formats cannot be asserted, and annotate" {
	need_data "$SUITE/optional/format/regex.json"
	RES=$BATS_TEST_TMPDIR/results
	: > "$RES"
	for k in $UNCHECKED; do
		suite_run "optional/format/$k.json" --format-assert
	done
	# Every group refused, naming the format; none run.
	run -0 awk -F'\t' '$1 != "START" || $4 !~ /format "[a-z-]+" cannot be asserted/' "$RES"
	assert_eq "$output" ""
	# Without --format-assert they are annotations: all valid.
	: > "$RES"
	for k in $UNCHECKED; do
		suite_run "optional/format/$k.json"
	done
	run -0 awk -F'\t' '$1 == "START" || $1 == "CRASH"' "$RES"
	assert_eq "$output" ""
}

@test "validate_schema: unimplemented keywords are refused at start-up, by name" {
	need_data "$SUITE/unevaluatedItems.json"
	RES=$BATS_TEST_TMPDIR/results
	: > "$RES"
	groups=0
	for k in $UNSUPPORTED; do
		suite_run "$k.json"
	done
	while IFS=$'\t' read -r status f g x n schema; do
		groups=$((groups + 1))
		if [ "$status" != START ]; then
			echo "not refused: $f|$g" >&2
			return 1
		fi
		# "FILE:L:C: /where: KEYWORD is not supported", a remote $ref
		# or a $schema of another dialect.
		kw=$(printf '%s\n' "$x" | sed -n \
		    -e 's/.*: \([$A-Za-z]*\) is not supported$/\1/p' \
		    -e 's/.*: \$ref ".*remote references are not supported.*/$ref/p' \
		    -e 's/.*: \$schema ".*is not supported.*/$schema/p')
		case $kw in
		'$dynamicRef'|'$dynamicAnchor'|unevaluatedItems|unevaluatedProperties|'$ref'|'$schema')
			;;
		*)
			echo "no refused keyword named: $f|$g: $x" >&2
			return 1
			;;
		esac
		if ! grep -qF "\"$kw\":" "$schema"; then
			echo "$kw is not in the schema: $f|$g" >&2
			return 1
		fi
	done < "$RES"
	echo "# $groups groups of unimplemented keywords refused at start-up" >&3
	[ "$groups" -gt 100 ]
}
