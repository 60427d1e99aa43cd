#!/usr/bin/env bash
# The split race (pageattr-bench split-race, README "The split race"): two
# kernel threads own alternate pages of a fresh 2 MiB block per round and
# change them at once through set_direct_map_invalid/default_noflush(),
# which on a BBML2 CPU split the linear map's block first, under
# pgtable_split_lock, then walk locklessly. Three 2-vCPU boots as a
# Neoverse-V3 r0p2 (--midr, on the kernel's BBML2 allow-list):
# Each boot runs both callers: direct-map, and set-memory (set_memory_ro/rw
# on a VM_ALLOC area over each thread's pages, whose alias loop changes each
# page's linear alias: read-only instead of invalid).
# - arm64-7.2-src, the real kernel: every round's block is fresh (held to
#   the end), so each round splits at least the leaf its block was in:
#   splits >= rounds; the two threads' splits and walks are timed by
#   kretprobes, and with 8 calls a thread a phase some overlap is measured
#   (not assumed: the count is the test); 0 inconsistencies.
# - arm64-7.2-src+no-split-lock (vm/patches/0002-..., test only): the same
#   without the lock, with a delay inside each split; one thread's table
#   replaces the other's and takes its change with it: inconsistencies > 0
#   (--expect-race: none there would be exit 1, "not provoked").
# - arm64-7.2-debug (KASAN, lockdep, DEBUG_VM) booted with
#   debug_pagealloc=off (on, it forces a page-mapped linear map: no split):
#   the real kernel's experiment with a clean dmesg.
# Where nothing can split (QEMU's max CPU: no BBML2) guest.concurrent checks
# the verdict says the race was not exercised.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/vm/lib.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rounds=60

control=$("$root/vm/patch_kernel.sh" arm64-7.2-src --name no-split-lock \
	--patch "$root/vm/patches/0002-arm64-mm-split-kernel-leaf-mapping-without-pgtable_split_lock.patch" 2>"$out/build.err")
t_check "the control kernel built (${control:-$(tail -n 1 "$out/build.err")})" test "$control" = arm64-7.2-src+no-split-lock

# boot NAME PROFILE [guest.sh options...] -- split-race options
boot() {
	local name=$1 profile=$2
	shift 2
	local opts=()
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	"$root/vm/guest.sh" -n --kernel "$profile" --smp 2 --midr "$PAB_BBML2_MIDR" "${opts[@]}" \
		--out "$out/$name" -- sh -c "pageattr-bench info > info.txt; pageattr-bench split-race -r $rounds -o race.json $*; echo \$? > race.rc
			pageattr-bench split-race --caller set-memory -r $rounds -o race-sm.json $*; echo \$? > race-sm.rc"
	echo $? >"$out/$name/guest.rc"
}
# res BOOT FIELD [CALLER]: a count from the boot's direct-map file, or set-memory's (sm).
res() { jq -r ".results[0].result.$2" "$out/$1/race${3:+-$3}.json" 2>/dev/null; }

boot real arm64-7.2-src --
t_check "real: guest ended with a clean dmesg, split-race exit 0" \
	test "$(cat "$out/real/guest.rc")/$(cat "$out/real/race.rc" 2>/dev/null)" = 0/0
t_check "real: BBML2 on, the linear map holds blocks" \
	bash -c "grep -q '^bbml2: .* on (' '$out/real/info.txt' && ! grep -q '^linear map: *largest leaf 4K' '$out/real/info.txt'"
t_check "real: all $rounds rounds, the probes armed" test "$(res real rounds_done)/$(res real probes)" = "$rounds/true"
t_check "real: splits ($(res real splits)) >= rounds: each fresh block's leaf split" test "$(res real splits)" -ge "$rounds"
t_check "real: rounds with a split overlapping the other thread's walk, measured ($(res real overlap_rounds))" \
	test "$(res real overlap_rounds)" -gt 0
t_check "real: 0 inconsistencies" test "$(res real inconsistencies)" = 0
verdict() { jq -r '.results[0].verdict' "$out/$1/race.json" 2>/dev/null; }
t_check "real: the verdict says what was shown" \
	grep -q "^7.2.13-pab, BBML2 on, 2 threads: [0-9]* splits, [0-9]* of $rounds rounds with a split overlapping another thread's walk in the same block, 0 inconsistencies" <<<"$(verdict real)"

# set_memory_ro/rw on a VM_ALLOC area over each thread's pages: the alias
# loop (rodata_full) splits and changes each page's linear alias; the same
# expectations, the pages read-only instead of invalid.
t_check "real, set-memory: exit 0, splits ($(res real splits sm)) >= rounds, overlaps ($(res real overlap_rounds sm)) > 0, 0 inconsistencies" \
	bash -c "[ \"\$(cat '$out/real/race-sm.rc')\" = 0 ] && [ '$(res real splits sm)' -ge $rounds ] && [ '$(res real overlap_rounds sm)' -gt 0 ] && [ '$(res real inconsistencies sm)' = 0 ]"

boot control "$control" -- --expect-race
t_check "control: guest exit 0, split-race exit 0 (the race shown, as expected)" \
	test "$(cat "$out/control/guest.rc")/$(cat "$out/control/race.rc" 2>/dev/null)" = 0/0
t_check "control: inconsistencies ($(res control inconsistencies): lost validity changes $(res control wrong_valid)) > 0" \
	test "$(res control inconsistencies)" -gt 0
t_check "control: the verdict says the race was shown without pgtable_split_lock" \
	grep -q "^RACE SHOWN on 7.2.13-pab+no-split-lock (the control, without pgtable_split_lock): [1-9]" <<<"$(verdict control)"
t_check "control: its record says it is the control" test "$(jq -r '.results[0].config.expect_race' "$out/control/race.json")" = true
t_check "control, set-memory: exit 0, inconsistencies ($(res control inconsistencies sm): permissions $(res control wrong_perm sm)) > 0" \
	bash -c "[ \"\$(cat '$out/control/race-sm.rc')\" = 0 ] && [ '$(res control inconsistencies sm)' -gt 0 ]"

boot debug arm64-7.2-debug --mem 4G --timeout 1200 --append debug_pagealloc=off --
t_check "debug kernel: clean dmesg (KASAN, lockdep), split-race exit 0" \
	test "$(cat "$out/debug/guest.rc")/$(cat "$out/debug/race.rc" 2>/dev/null)" = 0/0
t_check "debug kernel: splits ($(res debug splits)) >= rounds, 0 inconsistencies" \
	test "$(res debug splits)" -ge "$rounds" -a "$(res debug inconsistencies)" = 0
t_check "debug kernel, set-memory: exit 0, splits ($(res debug splits sm)) >= rounds, 0 inconsistencies" \
	bash -c "[ \"\$(cat '$out/debug/race-sm.rc')\" = 0 ] && [ '$(res debug splits sm)' -ge $rounds ] && [ '$(res debug inconsistencies sm)' = 0 ]"
t_done
