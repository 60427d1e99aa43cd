#!/usr/bin/env bash
# vm/guest.sh --icount: the deterministic mode (-icount shift=0) boots the
# real kernel and runs the module's selftest, and guest time advances with
# instructions: the same timed call measures within one counter tick across
# two boots.
set -u
. "$(dirname "$0")/../lib.sh"
g=$(dirname "$0")/../../vm/guest.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cmd='pageattr-bench selftest > selftest.tap || exit 1
	pageattr-bench run --mix pte -s 64K -m apply -n 5 -w 2 -c 0 --raw | sed -n "s/^sample [0-9]* \([0-9]*\) ns.*/\1/p" > ns.txt'
for i in 1 2; do
	"$g" --icount --out "$out/$i" -- sh -c "$cmd" >"$out/$i.log" 2>&1
	t_check "icount boot $i: selftest and run succeed" test $? = 0
done
t_check "5 samples per boot" test "$(wc -l <"$out/1/ns.txt")" = 5
# ktime on arm64 ticks with cntvct (62.5 MHz: 16 ns); allow one tick.
t_check "same call, same guest time (±16 ns) across boots" \
	awk 'NR == FNR { a[FNR] = $1; next } { d = $1 - a[FNR]; if (d < -16 || d > 16) exit 1 }' \
	"$out/1/ns.txt" "$out/2/ns.txt"
t_done
