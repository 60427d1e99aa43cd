#!/usr/bin/env bash
# Exact barrier and TLBI counts per call from the QEMU plugin (vm/guest.sh
# --count-insns), against what PROFILE's kernel code emits, derived here:
#
#   1 MiB (256 PTEs, 4K pages) at the start of a PTE unit of a mixed region
#   of one PTE and one PMD unit (units are PMD-sized and PMD-aligned): one PTE
#   table, a 2 MiB-aligned start (a vmalloc area may straddle two tables, and
#   neither its start nor a page-only region's need be 64 KiB aligned, and
#   KASLR moves them from boot to boot: both counts below would change),
#   changed by `apply` (apply_to_page_range) and, where the kernel has it,
#   `walk-lockless`.
#   - Every valid kernel PTE write, __set_pte(), ends with dsb(ishst); isb()
#     unless a lazy MMU section defers them (7.2: queue_pte_barriers(), one
#     pair when the outermost section ends, and one when a nested section
#     ends: lazy_mmu_mode_disable() then calls arch_flush_lazy_mmu_mode()).
#     apply_to_page_range() opens its own section per PTE table, inside the
#     harness's: one table, one flush, nothing left for the outer leave.
#     6.12 has no lazy MMU on arm64: one pair per PTE whatever the mode.
#     lazy off: 256 DSB ISHST + 256 ISB.
#     lazy on:  7.2: 1 + 1;  6.12: 256 + 256.
#   - flush_tlb_kernel_range() of 256 pages (TLB included):
#     7.2, with FEAT_TLBIRANGE (QEMU's max CPU): dsb(ishst);
#     __flush_tlb_range_op(vaale1is, ...): scale 3 and 2 give num = (256 >>
#     16) - 1 and (256 >> 11) - 1 < 0, scale 1 gives num = (256 >> 6) - 1 =
#     3, one RVAALE1IS of (3 + 1) << 6 = 256 pages (the start is 64 KiB
#     aligned, so LPA2's per-page lead-in is empty); then
#     __tlbi_sync_s1ish_kernel() (dsb(ish)); isb().
#     6.12 (no range ops in flush_tlb_kernel_range): dsb(ishst); one
#     VAALE1IS per page (256, below MAX_DVM_OPS = 512 pages); dsb(ish); isb().
#     So + 1 DSB ISHST, + 1 DSB ISH, + 1 ISB, and 1 RVAALE1IS (7.2) or 256
#     VAALE1IS (6.12).
#     lazy on + flush: 7.2: 2 ISHST + 1 ISH, 2 ISB; 6.12: 257 + 1, 257.
#   Interrupts are off in the timed window (--irqs-off: a handler's own
#   barriers would count), so every call of a run gives the same counts, and
#   two boots give the same.
#
#   tests/guest/barriers.sh PROFILE    (arm64-7.2, arm64-6.12)
set -u
. "$(dirname "$0")/../lib.sh"
profile=${1:?usage: barriers.sh PROFILE}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cmd='r="--mix pte=50%,pmd=50% --layout runs -s 4M --length 1M"; m=apply; pageattr-bench info | grep -q "^  walk-lockless *available" && m="apply walk-lockless"
	for x in $m; do for z in off on; do
		pageattr-bench run -m $x $r --lazy $z -n 4 -w 1 --irqs-off > /dev/null || exit 1
		done; done
	pageattr-bench run -m apply $r --lazy on --tlb included -n 4 -w 1 --irqs-off > /dev/null || exit 1
	echo "$m" > methods.txt'
for boot in 1 2; do
	"$root/vm/guest.sh" --kernel "$profile" --smp 1 --count-insns --out "$out/$boot" -- sh -c "$cmd" \
		>"$out/$boot.log" 2>&1
	rc=$?
	# Exit 0 only: a kernel warning in the guest (guest.sh's 5) fails the test
	# even when the counts came out.
	t_check "boot $boot: runs under the counting plugin succeed, clean dmesg (exit $rc)" \
		test "$rc" = 0 -a -s "$out/$boot/insns.tsv"
done
b=$out/1.log
methods=$(cat "$out/1/methods.txt" 2>/dev/null)
# LINE-NUMBER DSB ISHST ISH ISB TLBI [OP]: the run's summary line, checked field by field.
expect() {
	local run=$1 what=$2 dsb=$3 ishst=$4 ish=$5 isb=$6 tlbi=$7 op=${8:-}
	local l
	l=$(grep "^barriers: run $run: " "$b")
	t_check "$what: $dsb DSB ($ishst ishst, $ish ish), $isb ISB, $tlbi TLBI${op:+ $op}, every call the same ($l)" \
		bash -c "echo '$l' | grep -q ', all equal; per call [0-9]* instructions, $dsb DSB ($ishst ishst, $ish ish), $isb ISB, 0 DMB, $tlbi TLBI (${op:--})'"
}
case $profile in
*6.12*) on=256 flushop="VAALE1IS 256" flushn=256 ;;
*) on=1 flushop="RVAALE1IS 1" flushn=1 ;;
esac
expect 1 "apply, lazy off" 256 256 0 256 0
expect 2 "apply, lazy on" $on $on 0 $on 0
if [ "$methods" = "apply walk-lockless" ]; then
	expect 3 "walk-lockless, lazy off" 256 256 0 256 0
	expect 4 "walk-lockless, lazy on" $on $on 0 $on 0
	last=5
else
	last=3
fi
expect $last "apply, lazy on, TLB flush included" $((on + 2)) $((on + 1)) 1 $((on + 1)) $flushn "$flushop"
t_check "two boots: the same counts, instructions included" \
	diff <(grep -v '^#' "$out/1/insns.tsv") <(grep -v '^#' "$out/2/insns.tsv")
t_check "the JSON export carries them per run" \
	bash -c "jq -e '.runs | length == $last and all(.exact)' '$out/1/barriers.json' >/dev/null"
t_done
