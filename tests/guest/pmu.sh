#!/usr/bin/env bash
# PMU counters per call, through libpfm4 names and kernel counters:
# - in the --icount arm64 guest, instructions per call are exact: two boots
#   give identical counts for apply and walk-lockless, lazy MMU off and on;
# - without icount (instructions unsupported) and on the PMU-less amd64
#   guest, the run still succeeds, time only, with a one-line notice.
# And vm/guest.sh --icount itself (this was rig.icount, with its own two
# boots): the deterministic mode (-icount shift=0) boots the real kernel and
# runs the module's selftest, and guest time advances with instructions: the
# same timed call measures within one counter tick across the two boots.
set -u
. "$(dirname "$0")/../lib.sh"
g=$(dirname "$0")/../../vm/guest.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# run's own status, not sed's: the samples are filtered after it has succeeded.
cmd='pageattr-bench selftest > selftest.tap || exit 1
	pageattr-bench run --mix pte -s 64K -m apply -n 5 -w 2 -c 0 --raw > raw.txt || exit 1
	sed -n "s/^sample [0-9]* \([0-9]*\) ns.*/\1/p" raw.txt > ns.txt
	for m in apply walk-lockless; do for l in off on; do
	pageattr-bench run -m $m --lazy $l -s 2M -e cycles,instructions -n 5 -w 2 -c 0 --irqs-off --raw > $m-$l.txt || exit 1
	done; done'
for i in 1 2; do
	"$g" --kernel arm64-7.2 --icount --out "$out/$i" -- sh -c "$cmd" >"$out/$i.log" 2>&1
	rc=$?
	t_check "icount boot $i: selftest and run succeed" test "$rc" = 0 -a -s "$out/$i/selftest.tap"
	t_check "icount boot $i: 5 samples" test "$(grep -c '' "$out/$i/ns.txt" 2>/dev/null)" = 5
	t_check "icount boot $i: runs with events succeed" test "$rc" = 0
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
# An interrupt landing between the counter reads and the IRQs-off section
# adds its handler's instructions to that one call; the undisturbed calls (the
# minimum of each boot's five) must match exactly.
for f in apply-off apply-on walk-lockless-off walk-lockless-on; do
	a=$(grep -o 'instructions=[0-9]*' "$out/1/$f.txt" | cut -d= -f2 | sort -n | head -n 1)
	b=$(grep -o 'instructions=[0-9]*' "$out/2/$f.txt" | cut -d= -f2 | sort -n | head -n 1)
	t_check "$f: 5 instruction counts per boot" test "$(grep -c 'instructions=' "$out/1/$f.txt")" = 5
	t_check "$f: identical instructions per undisturbed call across boots ($a, $b)" test "$a" = "$b"
	net=$(awk '$1 == "instructions" { print $4 }' "$out/1/$f.txt")
	t_check "$f: net instructions (minus null) positive ($net)" test "${net:-0}" -gt 0
done

"$g" --kernel arm64-7.2 --out "$out/noicount" -- \
	pageattr-bench run -m apply -e instructions,cycles -n 3 >"$out/noicount.log" 2>&1
t_check "without icount the run succeeds" test $? = 0
t_check "and says instructions are not counted here" grep -q "instructions *not counted here" "$out/noicount.log"
"$g" --kernel amd64-7.2 --out "$out/amd64" -- pageattr-bench run -m apply -e cycles -n 3 >"$out/amd64.log" 2>&1
t_check "PMU-less amd64 guest: the run succeeds, time only" test $? = 0
t_check "with a one-line notice" grep -q "cycles *not counted here" "$out/amd64.log"
t_done
