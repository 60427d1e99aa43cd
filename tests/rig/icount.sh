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
# run's own status, not sed's: the samples are filtered after it has succeeded.
cmd='pageattr-bench selftest > selftest.tap || exit 1
	pageattr-bench run --mix pte -s 64K -m apply -n 5 -w 2 -c 0 --raw > raw.txt || exit 1
	sed -n "s/^sample [0-9]* \([0-9]*\) ns.*/\1/p" raw.txt > ns.txt'
for i in 1 2; do
	"$g" -n --icount --out "$out/$i" -- sh -c "$cmd" >"$out/$i.log" 2>&1
	t_check "icount boot $i: selftest and run succeed" test $? = 0
	t_check "icount boot $i: 5 samples" test "$(grep -c '' "$out/$i/ns.txt" 2>/dev/null)" = 5
done
# ktime on arm64 ticks with cntvct (62.5 MHz: 16 ns): each time is floored to
# a tick whose phase differs between boots, so one call's two readings differ
# by less than one tick. Every line of both boots is compared: a missing or
# empty second boot fails (awk's END sees fewer lines than the first had).
t_check "same call, same guest time (±16 ns) across boots" \
	awk 'NR == FNR { a[FNR] = $1; n = FNR; next }
		{ m = FNR; d = $1 - a[FNR]; if (d < -16 || d > 16) bad = 1 }
		END { exit bad || m != n || n == 0 }' \
	"$out/1/ns.txt" "$out/2/ns.txt"
t_done
