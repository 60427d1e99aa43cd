#!/usr/bin/env bash
# A patch series, patch by patch (vm/series.sh: ./run_all.sh --series and
# --bisect), on a 4-patch series over BASE (arm64-7.2-src) in
# tests/patches/series/:
#   1/4 a comment in arch/arm64/mm/pageattr.c (recompiled, no code change);
#   2/4 a comment in arch/arm64/mm/ioremap.c, a file set_memory_nx does not
#       reach (recompiled);
#   3/4 tests/patches/0001-arm64-mm-pageattr-no-lazy-mmu.patch: no lazy MMU
#       section around the walk in update_range_prot();
#   4/4 a line of Documentation/ (nothing compiled but the release string).
# In as few boots as the search allows: the bisection first (BASE and
# prefixes 4, 2, 3: four boots, the kernels built incrementally), then the
# whole series from one mbox, which boots only prefix 1 (the others'
# measurements are reused: same kernel, same spec, same module and driver),
# then a series whose second patch does not apply (no boot at all).
#
# What the code predicts, per call of N PTEs of a plain vmalloc area (the
# undisturbed call's counts; derived in tests/guest/ab.sh's comment from
# 7.2's queue_pte_barriers() and lazy_mmu_mode_*(), and checked there at
# N = 4096 against the walk's own lazy off - on):
# - patches 1, 2 and 4 change nothing set_memory_x/nx or set_memory_ro/rw
#   execute: every count per call equal to the prefix before, at every
#   size; and the layout too (the areas' PTE tables, T, equal), without
#   which the walker's per-table work could differ (ab.sh's caveat: two
#   boots of one initramfs allocate alike);
# - patch 3, set_memory_nx (set-memory-nx): inside the lazy section each
#   __set_pte() defers its dsb(ishst); isb() and leaving the section emits
#   one pair; without it every PTE emits its own. Before: 1 pair (the
#   section's exit) + the flush's dsb(ishst) and isb() = 2 DSB ISHST, 2 ISB;
#   after: N + 1 each. So +N - 1 DSB ISHST and ISB (+4095 at 4096 PTEs), DSB
#   ISH (the flush's) and TLBI unchanged. Instructions: -2 per PTE (outside
#   a section queue_pte_barriers() emits the pair, 22 instructions; inside it
#   tests and sets the pending flag, 24), -4 once (the first PTE sets
#   TIF_LAZY_MMU_PENDING: 28), and -26 for the section itself
#   (lazy_mmu_mode_enable() 9, lazy_mmu_mode_disable() 17): -2N - 30, i.e.
#   -8222 at 4096 PTEs (ab.sh's B - A);
# - patch 3, set_memory_ro/rw (set-memory): the same range walk, -2N - 30
#   and +N - 1 DSB ISHST and ISB, then under rodata_full one
#   __change_memory_common() per page for the linear alias, each a walk of
#   one PTE in its own section before and none after: -2 - 4 - 26 = -32
#   instructions each and no barrier change (1 pair either way). So
#   -34N - 30 instructions and +N - 1 DSB ISHST and ISB.
# The bisection of 'dsb_ishst set-memory-nx 16M' with threshold 1000
# (patch 3 moves it by 4095) measures BASE and prefix 4 (moved), then 2
# (not), then 3 (moved): patch 3, after 3 kernels.
set -u
. "$(dirname "$0")/../lib.sh"
base=${1:-arm64-7.2-src}
root=$(cd "$(dirname "$0")/../.." && pwd)
P=$root/tests/patches/series
patches=("$P"/0001-*.patch "$P"/0002-*.patch "$P"/0003-*.patch "$P"/0004-*.patch)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Fresh measurements in every run of the test (the kernels stay cached).
export PAB_SERIES_CACHE=$out/measured
# Patch 3 is the A/B demonstration's patch, as mail 3/4.
t_check "patch 3/4 is tests/patches/0001-arm64-mm-pageattr-no-lazy-mmu.patch's diff" \
	cmp -s <(sed -n '/^--- a\//,/^-- $/p' "${patches[2]}") \
	<(sed -n '/^--- a\//,/^-- $/p' "$root/tests/patches/0001-arm64-mm-pageattr-no-lazy-mmu.patch")

# 1. The bisection.
args=()
for p in "${patches[@]}"; do args+=(--patch "$p"); done
"$root/vm/series.sh" --bisect "$base" "${args[@]}" --metric 'dsb_ishst set-memory-nx 16M' --threshold 1000 \
	--out "$out/bisect" >"$out/bisect.out" 2>"$out/bisect.err"
rc=$?
cat "$out/bisect.err"
j=$out/bisect/series.json
t_check "the bisection ends (exit $rc)" test "$rc" = 0
t_check "it names patch 3: $(jq -r .bisect.verdict "$j" 2>/dev/null)" test "$(jq -r .bisect.first "$j" 2>/dev/null)" = 3
needed=$(jq -r .bisect.kernels_needed "$j" 2>/dev/null)
t_check "after at most 3 kernels ($needed needed, $(jq -r .bisect.kernels_built "$j" 2>/dev/null) built in this run)" \
	bash -c "[ '$needed' -le 3 ] 2>/dev/null"
order=$(awk -F'\t' '$1 == "step" { printf "%s%s", s, $2; s = " " }' "$out/bisect/series.tsv" 2>/dev/null)
t_check "measuring BASE, then prefixes 4, 2, 3, as a binary search does ($order)" test "$order" = "0 4 2 3"
t_check "and saying so ($(grep -m1 'bisect: ' "$out/bisect.err"))" grep -q "bisect: first moved at patch 3/4; kernels: $needed needed" "$out/bisect.err"

# 2. The whole series, from one mbox ('git format-patch --stdout').
cat "${patches[@]}" >"$out/series.mbox"
"$root/vm/series.sh" --series "$base" --mbox "$out/series.mbox" --out "$out/series" >"$out/series.out" 2>"$out/series.err"
rc=$?
cat "$out/series.err" "$out/series.out"
j=$out/series/series.json
t_check "the series runs (exit $rc)" test "$rc" = 0
t_check "its mbox gave 4 patches, subjects without [PATCH k/4]" \
	test "$(jq -r '[.patches[].subject | select(startswith("[") | not)] | length' "$j" 2>/dev/null)" = 4
t_check "one boot more than the bisection's: prefix 1 alone measured ($(grep -c 'measuring' "$out/series.err"))" \
	test "$(grep -c 'measuring' "$out/series.err")" = 1
t_check "BASE and 4 prefixes measured" test "$(jq '[.steps[] | select(.status == "ok")] | length' "$j" 2>/dev/null)" = 5
# Prefix k's counts of METHOD at N PTEs: FIELD per call, or its delta.
get() { jq -r --argjson k "$1" --arg m "$2" --argjson n "$3" \
	".steps[] | select(.k == \$k) | .configs[] | select(.method == \$m and .entries == \$n) | .$4" "$j" 2>/dev/null; }
for k in 1 2 4; do
	for m in set-memory-nx set-memory; do
		for n in 1 16 512 4096; do
			d=$(get "$k" "$m" "$n" 'delta_per_call | [.insns, .dsb, .dsb_ishst, .dsb_ish, .dmb, .isb, .tlbi, .pte_tables] | map(tostring) | join(" ")')
			t_check "patch $k/4: $m at $n PTEs, no change (delta insns dsb ishst ish dmb isb tlbi T: $d)" \
				test "$d" = "0 0 0 0 0 0 0 0"
		done
	done
done
for n in 1 16 512 4096; do
	for m in set-memory-nx set-memory; do
		d=$(get 3 "$m" "$n" 'delta_per_call | [.insns, .dsb_ishst, .isb, .dsb_ish, .tlbi, .pte_tables] | map(tostring) | join(" ")')
		if [ "$m" = set-memory-nx ]; then ins=$((-2 * n - 30)); else ins=$((-34 * n - 30)); fi
		t_check "patch 3/4: $m at $n PTEs: insns, DSB ISHST, ISB, DSB ISH, TLBI, T per call $d; predicted $ins $((n - 1)) $((n - 1)) 0 0 0" \
			test "$d" = "$ins $((n - 1)) $((n - 1)) 0 0 0"
	done
done
t_check "set_memory_nx at 4096 PTEs: DSB ISHST per call 2 before patch 3, 4097 after ($(get 2 set-memory-nx 4096 per_call.dsb_ishst) -> $(get 3 set-memory-nx 4096 per_call.dsb_ishst))" \
	test "$(get 2 set-memory-nx 4096 per_call.dsb_ishst) $(get 3 set-memory-nx 4096 per_call.dsb_ishst)" = "2 4097"
# The table on stdout and in series.md; lkml.txt in 72 columns.
t_check "the table has the +4095 row (set-memory-nx 16M, k 3)" \
	grep -qE '^  3 +[0-9]+ +[0-9]+ +[0-9.]+ +4097 .*DSB ISHST 2 -> 4097' "$out/series.out"
lk=$out/series/lkml.txt
cat "$lk"
t_check "lkml.txt: no line over 72 columns" awk 'length > 72 { bad = 1 } END { exit bad }' "$lk"
t_check "lkml.txt: 1/4, 2/4 and 4/4 no change" \
	bash -c "[ \$(grep -A1 -E '^[124]/4 ' '$lk' | grep -c 'no change') = 3 ]"
t_check "lkml.txt: 3/4 set_memory_nx 4096 PTEs, DSB ISHST 2 -> 4097" \
	bash -c "grep -A2 '^3/4 ' '$lk' | tr '\n' ' ' | grep -q 'set_memory_nx 4096 PTEs -2.01 insns/PTE (-8222), DSB ISHST *2 -> 4097'"
t_check "series.png drawn" test -s "$out/series/series.png"
t_check "series.md has the time per patch" grep -q '^| 3 | arm64: mm: pageattr: drop the lazy MMU' "$out/series/series.md"
# Each prefix was built from the one before it (when built in this run: the
# kernels are cached across runs), and incrementally.
for k in 1 2 3 4; do
	prof=$(jq -r ".steps[] | select(.k == $k) | .profile" "$j" 2>/dev/null)
	kd=${PAB_CACHE:-$HOME/.cache/pageattr-bench}/kernels/$prof
	c=$(grep -cE '^  (CC|AS) ' "$kd/build.log" 2>/dev/null)
	t_check "prefix $k ($prof) built incrementally: $c files compiled (at most 20)" \
		bash -c "[ '${c:-999}' -le 20 ]"
	if grep -q "prefix $k/4: .* built from " "$out/series.err"; then
		prev=$(jq -r ".steps[] | select(.k == $((k - 1))) | .profile" "$j")
		t_check "prefix $k built in this run from prefix $((k - 1))'s objects" grep -q "prefix $k/4: $prof built from $prev in" "$out/series.err"
	fi
done
grep -h ' built from ' "$out/bisect.err" "$out/series.err"

# 3. A patch that does not apply: the series stops at it, keeping the rest.
sed 's/^ \tif (last_addr \& ~PHYS_MASK)$/ \tif (last_addr \& ~PHYS_MASK_SHIFTED)/' "${patches[1]}" >"$out/0002-stale.patch"
grep -q 'PHYS_MASK_SHIFTED' "$out/0002-stale.patch" || t_fail "the stale patch was not made"
"$root/vm/series.sh" --series "$base" --patch "${patches[0]}" --patch "$out/0002-stale.patch" --patch "${patches[2]}" \
	--out "$out/stale" >"$out/stale.out" 2>"$out/stale.err"
rc=$?
cat "$out/stale.err"
j=$out/stale/series.json
t_check "a series with a stale patch 2/3 stops (exit $rc)" test "$rc" = 1
t_check "in one error line naming the patch and the hunk" \
	bash -c "[ \$(grep -c 'error' '$out/stale.err') = 1 ] && grep -q '^series: error: stopped at patch 2/3: patch 0002-stale.patch does not apply to linux-source-[0-9.]* [^ ]*: hunk #1 FAILED at [0-9]* in arch/arm64/mm/ioremap.c$' '$out/stale.err'"
t_check "series.json: stopped at 2 with that line ($(jq -r .stopped.reason "$j" 2>/dev/null))" \
	bash -c "[ \"\$(jq -r .stopped.k '$j')\" = 2 ] && jq -r .stopped.reason '$j' | grep -q 'hunk #1 FAILED'"
t_check "what was measured is kept: BASE and prefix 1, nothing after" \
	test "$(jq -r '[.steps[] | select(.status == "ok") | .k] | map(tostring) | join(" ")' "$j" 2>/dev/null)/$(jq '[.steps[] | select(.k == 3)] | length' "$j" 2>/dev/null)" = "0 1/0"
t_check "lkml.txt says 2/3's reason and 3/3 not reached" \
	bash -c "grep -A3 '^2/3 ' '$out/stale/lkml.txt' | grep -q 'FAILED' && grep -A1 '^3/3 ' '$out/stale/lkml.txt' | grep -q 'not reached'"
t_done
