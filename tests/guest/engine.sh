#!/usr/bin/env bash
# Boot PROFILE (6 GiB, so a free 1 GiB block can back PUD mappings; 12 GiB for
# the KASAN kernel), load the module and run the selftest's checks first
# (tests/guest/selftest_lib.sh: they were guest.selftest.PROFILE, a boot of
# their own), then the kernel-engine matrix (tests/guest/engine_matrix.sh) inside it: every method
# x lazy mode x TLB mode on page-only, block-only and mixed regions, a sweep
# from one page to 64 GiB, every call verified, and a clean dmesg.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/selftest_lib.sh"
profile=${1:?usage: engine.sh PROFILE}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# KASAN (the debug kernel) shadows vmalloc space 1:8: a 64 GiB region asks
# for 8 GiB of shadow on top of the rest. Populating that shadow took 390 of
# the debug matrix's 430 s, so there the big regions but the 64 GiB PMD-only
# one are 8 GiB (engine_matrix.sh's argument); every other profile runs them
# at 64 GiB with the same assertions, arm64-7.2 on the same source and module.
mem=6G big=64G
case $profile in *-debug) mem=12G big=8G ;; esac
# 7.3 boots as a Neoverse-V3 r0p2, on the kernel's BBML2 (BBML3) allow-list:
# the machine-state checks then see the other side of the rule (README
# "Machine state"): contiguous groups in place, the linear map's blocks split.
cpu=()
case $profile in arm64-7.3) cpu=(--midr 0x410fd842) ;; esac
"$root/vm/guest.sh" --kernel "$profile" "${cpu[@]}" --mem $mem --timeout 1500 --out "$out" --no-module \
	--in "$root/tests/guest/engine_matrix.sh" --in "$root/tests/guest/guest_probes.sh" -- \
	sh -c "$SELFTEST_GUEST; sh /pab/in/engine_matrix.sh $big > matrix.tap; rc=\$?; cat matrix.tap; exit \$rc"
rc=$?
selftest_checks "$profile" "$out"
tap=$out/matrix.tap
# The plan comes first, counted by engine_matrix.sh's dry pass over its
# checks before any of them runs (it does not count results), so these can
# fail: a guest that dies half way, a check that prints no line or two.
first=$(grep -m 1 -E '^(1\.\.[0-9]+|(not )?ok )' "$tap" 2>/dev/null)
plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' <<<"$first")
numbers=$(sed -n 's/^\(not \)\{0,1\}ok \([0-9]*\) .*/\2/p' "$tap" 2>/dev/null)
t_check "guest run succeeded with a clean dmesg (exit $rc)" test "$rc" = 0
t_check "the TAP plan is the first TAP line (${first:-none})" test -n "$plan"
t_check "one plan only" test "$(grep -c '^1\.\.' "$tap" 2>/dev/null)" = 1
planned_follow() { [ -n "$plan" ] && [ "$numbers" = "$(seq 1 "$plan")" ]; }
t_check "exactly the ${plan:-?} planned results follow it, numbered 1..${plan:-?} in order ($(grep -c . <<<"$numbers") results)" \
	planned_follow
t_check "no run failed" bash -c "! grep -q '^not ok' '$tap'"
t_check "the 64 GiB runs ran" grep -q "^ok .* - 64 GiB PMD-only" "$tap"
t_check "the ${big%G} GiB page-only and mixed runs ran" grep -q "^ok .* - ${big%G} GiB page-only" "$tap"
# A skip is not a pass: each must be one this kernel is known to need, with
# the reason the module or the kernel gives, and nothing else may skip.
# - the lockless walker (walk-lockless, pageattr-walk) arrived in 6.18;
# - pageattr-apply/-walk are arm64's code (x86 has CPA);
# - x86 has no contiguous-PTE level;
# - 6.12 maps a cont_pte region with plain PTEs, and so does vmap with 64K
#   pages (a contiguous group there is 2 MiB, a PMD of 4K pages), and so does
#   the debug kernel (seen in the suite; its debug options, debug_pagealloc
#   on by default among them, are what differs from arm64-7.2).
allowed='^$'
case $profile in
*6.12*) allowed='^(walk-lockless( on [a-z-]+)?|pageattr-walk) # SKIP unavailable: .*added in 6\.18|^range cutting a cont-PTE group refused # SKIP this kernel maps no cont-PTE groups' ;;
amd64-*) allowed="^pageattr-(apply|walk) # SKIP unavailable: arm64's path|^the cont-pte region # SKIP no contiguous-PTE level|^range cutting a cont-PTE group refused # SKIP this kernel maps no cont-PTE groups" ;;
*-64k | *-debug) allowed='^range cutting a cont-PTE group refused # SKIP this kernel maps no cont-PTE groups' ;;
esac
skips=$(grep -E '^ok [0-9]+ - .* # SKIP' "$tap" | sed 's/^ok [0-9]* - //')
unexpected=$(grep -vE "$allowed" <<<"$skips" | grep .)
t_check "$(grep -c . <<<"$skips") skips, each one this kernel is known to need (unexpected: ${unexpected:-none})" \
	test -z "$unexpected"
t_done
