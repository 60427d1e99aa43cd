#!/usr/bin/env bash
# A patch under review, end to end: the source-built kernel BASE
# (arm64-7.2-src), its variant BASE+no-lazy built from BASE's objects with
# tests/patches/0001-arm64-mm-pageattr-no-lazy-mmu.patch (no lazy MMU section
# around the walk in update_range_prot()), and the A/B of the kernel's own
# path, set_memory_x/nx (set-memory-nx), under --icount with the counting
# plugin. What the code predicts (the patch's description), checked:
# - barriers per call of 4096 PTEs: B executes 4095 more DSB ISHST and 4095
#   more ISB than A (one pair per PTE instead of one per section);
# - instructions per call, exactly: B - A against what the unpatched
#   kernel's own walk costs outside a lazy section less inside one
#   (walk-lockless --lazy off minus --lazy on, measured on A in the same
#   boot). Counts per call under the plugin are exact; an interrupt in a
#   window only adds to it, so each run's count is its smallest call's.
#
# The numbers, from 7.2's code (arch/arm64/include/asm/pgtable.h
# queue_pte_barriers(), include/linux/pgtable.h lazy_mmu_mode_*()), counted
# in the instructions the kernel (arch/arm64/mm/pageattr.o of BASE and of
# the variant) and the module (pageattr_bench.ko for BASE) execute, with LSE
# atomics (QEMU's -cpu max; the LL/SC alternative is patched out):
# - per PTE, the callback (the kernel's pageattr_pte_entry and the
#   harness's pab_walk_ops_pte compile to the same 22..28 instructions):
#   outside a section, queue_pte_barriers() tests in_interrupt() and
#   enable_count (== 0) and emits dsb(ishst); isb(): 22 instructions; inside
#   one it also tests pause_count and the thread's TIF_LAZY_MMU_PENDING,
#   already set: 24; the first PTE sets it (set_thread_flag: a static-key
#   NOP, mov, stset, b): 28. So off - on = -2 per PTE and -4 once:
#   -2 * 4096 - 4 = -8196 for both B - A and the walk's off - on;
# - the lazy section itself, in A's update_range_prot() (the variant has
#   none): lazy_mmu_mode_enable() inlined, 9 instructions (in_interrupt(),
#   pause_count, enable_count++); lazy_mmu_mode_disable(), 17 (the same
#   tests, --enable_count, then arch_flush_lazy_mmu_mode():
#   test_and_clear_thread_flag() by ldclral, and the flag was set, so one
#   dsb(ishst); isb()). B - A = -8196 - 26 = -8222;
# - the harness's window (pab_call() in kmod/pab_window.c, between its two
#   markers; counted in the arm64-7.2-src module's disassembly) for --lazy
#   on: the mode tests (5), lazy_mmu_mode_enable() inlined (9), the call
#   (4), lazy_mmu_mode_disable() inlined (19: the same tests, --enable_count,
#   the LSE alternative's ldclral clearing TIF_LAZY_MMU_PENDING, set, so one
#   dsb(ishst); isb(), and the branch back), the close (5): 42; for --lazy
#   off: the mode tests (7), lazy_mmu_mode_pause() (10: in_interrupt(),
#   pause_count++, enable_count), the call (4), the mode test (3),
#   _resume() (8 with the branch back), the close (5): 37. So
#   off - on = -8196 + 37 - 42 = -8201;
# - B - A - (off - on) = -26 - (37 - 42) = -21 exactly: what is left is the
#   section's cost in the kernel (26) less the harness's mode dispatch
#   (42 - 37 = 5), and nothing that grows with the range.
# The rest of set_memory_nx (change_memory_common()'s checks,
# find_vm_area(), vm_unmap_aliases(), split_kernel_leaf_mapping(), the walk's
# upper levels, flush_tlb_kernel_range()) is the same code in A and B, so it
# cancels when it takes the same path: same allocation history in two
# boots of one initramfs, hence the same vmalloc layout. The one layout term
# the runs can show is the number of PTE tables a 16 MiB vmalloc area
# spans (its start is only page aligned: 8 tables, or 9), read from each
# run's result file and required equal between the runs compared; a PUD
# boundary crossed by one area and not the other would add the walker's
# PUD step and fail the check (it is not seen here). A new compiler, a
# change to pab_call() or to the callbacks changes -21 and -8201: count
# them again in the disassembly (aarch64-linux-gnu-objdump -d).
# Also: the variant recompiles only what the patch touches; a patch that
# does not apply stops with one line naming it and the hunk.
set -u
. "$(dirname "$0")/../lib.sh"
base=${1:-arm64-7.2-src}
root=$(cd "$(dirname "$0")/../.." && pwd)
patch=$root/tests/patches/0001-arm64-mm-pageattr-no-lazy-mmu.patch
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

variant=$("$root/vm/patch_kernel.sh" "$base" --patch "$patch" --name no-lazy 2>"$out/build.err")
rc=$?
cat "$out/build.err"
t_check "the variant builds (exit $rc) and is named $base+no-lazy" test "$rc/$variant" = "0/$base+no-lazy"
kdir=${PAB_CACHE:-$HOME/.cache/pageattr-bench}/kernels/$base+no-lazy
t_check "its uname -r names it ($(cat "$kdir/krelease" 2>/dev/null))" grep -q '+no-lazy$' "$kdir/krelease"
t_check "its patches are recorded" test -s "$kdir/patches/01-$(basename "$patch")"
# Rebuilt from the base's objects: pageattr.c and what the release string
# reaches (init/version.c and a few more), not the kernel's ~1000 files.
compiled=$(grep -cE '^  (CC|AS) ' "$kdir/build.log" 2>/dev/null)
t_check "incremental: $compiled files compiled (at most 20), pageattr.c among them" \
	bash -c "[ '${compiled:-999}' -le 20 ] && grep -q 'CC .*arch/arm64/mm/pageattr.o' '$kdir/build.log'"
t_check "vm/guest.sh --list shows it with its patch" \
	bash -c "'$root/vm/guest.sh' --list | grep -q '^$base+no-lazy .*patches: 01-$(basename "$patch")'"

# A patch whose context is not in the tree: one line, the patch and the hunk.
# (Context one line off would apply with patch's default fuzz: none is allowed.)
sed 's/^ \tif (WARN_ON_ONCE(ret))$/ \tif (WARN_ON(ret))/' "$patch" >"$out/0002-stale.patch"
grep -q 'WARN_ON(ret)' "$out/0002-stale.patch" || t_fail "the stale patch was not made"
"$root/vm/patch_kernel.sh" "$base" --patch "$out/0002-stale.patch" >"$out/stale.out" 2>"$out/stale.err"
rc=$?
t_check "a stale patch is refused (exit $rc)" test "$rc" != 0
t_check "in one line naming the patch and the hunk ($(cat "$out/stale.err"))" \
	bash -c "[ \$(wc -l < '$out/stale.err') = 1 ] && grep -q 'patch 0002-stale.patch does not apply .*hunk #1 FAILED at [0-9]* in arch/arm64/mm/pageattr.c' '$out/stale.err'"

# The A/B: 4096 PTEs (16 MiB of a vmalloc area), median of 8 calls.
cmd='r="--region vmalloc --toggle exec -s 16M -n 8 -w 2 -c 0"
	pageattr-bench info > info.txt
	pageattr-bench run -m set-memory-nx $r -o nx.json > nx.txt || exit 1
	if [ "$PAB_SIDE" = A ]; then
		for z in off on; do
			pageattr-bench run -m walk-lockless $r --lazy $z --irqs-off -o walk-$z.json > walk-$z.txt || exit 1
		done
	fi'
for side in A B; do
	k=$base
	[ "$side" = B ] && k=$base+no-lazy
	echo "PAB_SIDE=$side; $cmd" >"$out/cmd-$side.sh"
	"$root/vm/guest.sh" -n --kernel "$k" --icount --count-insns --smp 1 --timeout 900 \
		--in "$out/cmd-$side.sh" --out "$out/$side" -- sh "/pab/in/cmd-$side.sh" >"$out/$side.log" 2>&1
	rc=$?
	t_check "$side ($k): the runs succeed with a clean dmesg (exit $rc)" test "$rc" = 0
done
t_check "info says how B was built" grep -q "kernel build: .*patches: 01-$(basename "$patch")" "$out/B/info.txt"
# Per-call medians of run N of a side's plugin counts (barriers.json), for
# the barriers.
field() { jq -r ".runs[$2 - 1].per_call.$3" "$out/$1/barriers.json" 2>/dev/null; }
# Instructions of run N's smallest call (insns.tsv: run vcpu call insns ...):
# the exact count of an undisturbed call (set-memory-nx alternates
# set_memory_x and set_memory_nx: the smaller entry point, the same on both sides).
insns() { awk -v r="$2" '$1 == r && (m == "" || $4 < m) { m = $4 } END { print m }' "$out/$1/insns.tsv" 2>/dev/null; }
# PTE tables the run's region spans (its result file).
tables() { jq -r '.results[0].pte_tables' "$out/$1/$2.json" 2>/dev/null; }
a_dsb_ishst=$(field A 1 dsb_ishst) b_dsb_ishst=$(field B 1 dsb_ishst)
a_isb=$(field A 1 isb) b_isb=$(field B 1 isb)
a_insns=$(insns A 1) b_insns=$(insns B 1) off=$(insns A 2) on=$(insns A 3)
t_nx_a=$(tables A nx) t_nx_b=$(tables B nx) t_off=$(tables A walk-off) t_on=$(tables A walk-on)
printf '  %-22s %10s %10s %8s %7s\n' "" instructions "DSB ISHST" ISB tables >&2
printf '  %-22s %10s %10s %8s %7s\n' "A set-memory-nx" "$a_insns" "$a_dsb_ishst" "$a_isb" "$t_nx_a" \
	"B set-memory-nx" "$b_insns" "$b_dsb_ishst" "$b_isb" "$t_nx_b" >&2
printf '  %-22s %10s %10s %8s %7s\n' "A walk lazy off" "$off" "" "" "$t_off" "A walk lazy on" "$on" "" "" "$t_on" >&2
nums=1
for v in "$a_insns" "$b_insns" "$a_dsb_ishst" "$b_dsb_ishst" "$a_isb" "$b_isb" "$off" "$on" \
	"$t_nx_a" "$t_nx_b" "$t_off" "$t_on"; do
	[[ $v =~ ^[0-9]+$ ]] || nums=0
done
t_check "every count is there" test "$nums" = 1
if [ "$nums" = 1 ]; then
	t_check "B: one barrier pair per PTE (4095 more DSB ISHST than A: $((b_dsb_ishst - a_dsb_ishst)))" \
		test $((b_dsb_ishst - a_dsb_ishst)) = 4095
	t_check "B: 4095 more ISB than A ($((b_isb - a_isb)))" test $((b_isb - a_isb)) = 4095
	# The layout term: equal spans, or the walker's per-table work differs.
	t_check "A's and B's areas span as many PTE tables ($t_nx_a, $t_nx_b)" test "$t_nx_a" = "$t_nx_b"
	t_check "the walk's lazy off and on areas span as many PTE tables ($t_off, $t_on)" test "$t_off" = "$t_on"
	pred=$((off - on)) got=$((b_insns - a_insns))
	t_check "A's walk lazy off - on: $pred instructions per call, as queue_pte_barriers() and the harness's dispatch imply: -2 * 4096 - 4 + 37 - 42 = -8201" \
		test "$pred" = -8201
	t_check "B - A = $got instructions per call ($(awk -v g="$got" 'BEGIN { printf "%+.2f", g / 4096 }') per PTE) = the prediction $pred - 21 (the kernel's lazy section, 26, less the harness's dispatch, 5): $((got - pred))" \
		test $((got - pred)) = -21
fi
t_done
