#!/bin/sh
# layers.sh -- check the layer order of lib/ (lib/README): every include
# and every call goes down or sideways within a folder, never up, and no
# two files depend on each other, directly or through others.
#
# usage: tests/layers.sh OBJDIR   (OBJDIR holds lib/*/*.o and cmd/runtime/*.o)
set -eu
cd "$(dirname "$0")/.."
obj=${1:-build/obj}

# The order, lowest first: read from lib/README, the lines "N. name/ ...".
order=$(sed -n 's|^ *[0-9][0-9]*\. \([a-z]*\)/.*|\1|p' lib/README)
[ -n "$order" ] || { echo "layers: no layer list in lib/README" >&2; exit 2; }
rank() {
	i=0
	for l in $order; do
		i=$((i + 1))
		[ "$l" = "$1" ] && { echo $i; return; }
	done
	echo 0
}
ranks=$(for l in $order; do echo "$l $(rank $l)"; done)
fail=0

# 1. Includes: "folder/x.h" from a file in a folder of a lower layer.
for f in lib/*/*.[ch] cmd/runtime/*.[ch]; do
	from=$(basename "$(dirname "$f")")
	for dep in $(sed -n 's|^#include "\([a-z_]*\)/.*|\1|p' "$f" | sort -u); do
		rf=$(rank "$from"); rd=$(rank "$dep")
		if [ "$rd" = 0 ] || [ "$rf" = 0 ]; then
			echo "layers: $f: folder '$dep' or '$from' is not in lib/README"
			fail=1
		elif [ "$rd" -gt "$rf" ]; then
			echo "layers: $f includes $dep/ (layer $rd), above $from/ (layer $rf)"
			fail=1
		fi
	done
	if [ "$from" != runtime ] && grep -q '^#include "runtime/' "$f"; then
		echo "layers: $f: lib/ includes the runtime"
		fail=1
	fi
done

# 2. Calls, from the symbol tables: file A uses a symbol file B defines.
objs=$(find "$obj/lib" "$obj/cmd/runtime" -name '*.o' 2>/dev/null | sort)
[ -n "$objs" ] || { echo "layers: no objects under $obj: build first" >&2; exit 2; }
# shellcheck disable=SC2086
nm -A $objs 2>/dev/null | awk -v obj="$obj/" -v ranks="$ranks" '
function src(p) { sub(/:.*/, "", p); sub(obj, "", p); sub(/\.o$/, ".c", p); return p }
function folder(p,  a, n) { n = split(p, a, "/"); return a[n - 1] }
BEGIN { n = split(ranks, r, /[ \n]/); for (i = 1; i < n; i += 2) rank[r[i]] = r[i + 1] }
NF == 3 && $2 ~ /^[TDBRC]$/ { def[$3] = src($1) }
NF == 3 && $2 == "U" { u[++nu] = src($1); us[nu] = $3 }
END {
	for (i = 1; i <= nu; i++) {
		if (!(us[i] in def) || def[us[i]] == u[i]) continue
		a = u[i]; b = def[us[i]]
		if (!((a, b) in edge)) { edge[a, b] = us[i]; out[a] = out[a] " " b }
	}
	bad = 0
	for (e in edge) {
		split(e, p, SUBSEP)
		if (rank[folder(p[2])] > rank[folder(p[1])]) {
			printf "layers: %s calls %s (%s), a higher layer\n", p[1], edge[e], p[2]
			bad = 1
		}
	}
	# Cycles: a depth-first search from every file.
	for (f in out) if (!(f in color)) bad = dfs(f) || bad
	exit bad
}
function dfs(f,  n, a, i, g, bad) {
	color[f] = 1; stack[++sp] = f
	n = split(out[f], a, " ")
	for (i = 1; i <= n; i++) {
		g = a[i]
		if ((g in color) && color[g] == 1) { print "layers: cycle: " cyc(g) " -> " g; bad = 1 }
		else if (!(g in color)) bad = dfs(g) || bad
	}
	color[f] = 2; sp--
	return bad
}
function cyc(g,  i, s) {
	for (i = sp; i > 0 && stack[i] != g; i--) ;
	s = stack[i]
	for (i++; i <= sp; i++) s = s " -> " stack[i]
	return s
}' || fail=1

[ "$fail" = 0 ] && echo "layers: ok ($(echo $objs | wc -w) objects, $(echo "$order" | wc -w) layers)"
exit $fail
