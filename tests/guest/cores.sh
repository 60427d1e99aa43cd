#!/usr/bin/env bash
# The arm64 core table (bench/cores.c) against libpfm4 itself, in an arm64
# guest (the guest's pageattr-bench links Debian's arm64 libpfm4): for each
# row naming a libpfm4 table, its default events must encode in that table
# (forced with LIBPFM_FORCE_PMU, as on the real core), and an event of
# another core's table must not. Also: info names the row QEMU's CPU matched,
# and 'run -e default' counts that row's events.
set -u
. "$(dirname "$0")/../lib.sh"
profile=${1:-arm64-7.2}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$root/vm/guest.sh" -n --kernel "$profile" --out "$out/g" -- sh -c '
	pageattr-bench info > info.txt
	pageattr-bench list-events --cores > cores.txt
	for p in $(awk "\$0 ~ /::/ { for (i = 1; i <= NF; i++) if (\$i ~ /^arm_/) print \$i }" cores.txt); do
		# cycles and instructions are libpfm4 perf:: names, not in a forced table.
		ev=$(grep " $p " cores.txt | awk "{ print \$NF }" | sed "s/^cycles,instructions,//")
		LIBPFM_FORCE_PMU=$p pageattr-bench list-events --check "$ev" > check-$p.txt 2>&1
		echo "$p $?" >> checks.txt
	done
	LIBPFM_FORCE_PMU=arm_n1 pageattr-bench list-events --check arm_v2::DSB_SPEC > foreign.txt 2>&1
	echo $? >> foreign.txt
	pageattr-bench run -s 64K -n 3 -w 1 -e default > run.txt 2>&1'
rc=$?
g=$out/g
t_check "guest run succeeded (exit $rc)" test "$rc" = 0
t_check "four rows name a libpfm4 table (arm_n1 arm_v1 arm_n2 arm_v2)" \
	test "$(cut -d' ' -f1 "$g/checks.txt" 2>/dev/null | paste -sd' ')" = "arm_n1 arm_v1 arm_n2 arm_v2"
while read -r p rc; do
	t_check "$p: the row's events encode in libpfm4's $p table ($(cat "$g/check-$p.txt"))" \
		bash -c "[ '$rc' = 0 ] && grep -q '^ok: 5 events encoded' '$g/check-$p.txt'"
done <"$g/checks.txt"
t_check "an event of another core's table is refused ($(head -n 1 "$g/foreign.txt"))" \
	bash -c "[ \$(tail -n 1 '$g/foreign.txt') != 0 ] && grep -q \"event 'arm_v2::DSB_SPEC': event not found\" '$g/foreign.txt'"
t_check "info names the row QEMU's CPU matched" grep -q '^core table: *QEMU -cpu max (emulated): generic PMUv3' "$g/info.txt"
t_check "--cores marks it" grep -q 'QEMU max .*<- this machine$' "$g/cores.txt"
t_check "run -e default counts that row's events (r7d: DSB_SPEC)" grep -qE '^ +r7d ' "$g/run.txt"
t_done
