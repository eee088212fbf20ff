#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh -- run every benchmark in bench/: each bench/*.sh but this one
# and lib.sh, which they source.
#
# usage: sh bench/run.sh
# Runs them in name order, from the repository root, and exits 1 if any
# of them failed.
set -u

cd "$(dirname "$0")/.." || exit 2

rv=0
for f in bench/*.sh; do
	case $f in
	bench/run.sh | bench/lib.sh) continue ;;
	esac
	[ -f "$f" ] || continue
	echo "== $f"
	if ! sh "$f"; then
		echo "run.sh: $f failed" >&2
		rv=1
	fi
	echo
done
exit "$rv"
