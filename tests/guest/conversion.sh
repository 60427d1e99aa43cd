#!/usr/bin/env bash
# The pagewalk conversion as a kernel A/B, end to end: ./run_all.sh
# --conversion builds arm64-7.2-src+pre-conversion (7.2 with
# vm/patches/0001-arm64-mm-pageattr-pre-conversion-change_memory_common.patch:
# __change_memory_common() as in 6.17) from arm64-7.2-src's objects, runs the
# exact job (bench/specs/conversion.spec) on both and reports the A/B in
# counts. What each kernel's code implies, per call, for a plain vmalloc area
# of N pages whose PTEs are in T PTE tables (the record's pte_tables; a
# vmalloc area is only page aligned, so T is N/512 rounded up, or one more):
#
# A, 7.2: __change_memory_common() -> update_range_prot(): the split check
#   (no BBML2 on QEMU's max CPU: returns at once), lazy_mmu_mode_enable(), the
#   lockless walk, whose __set_pte() calls queue_pte_barriers() (inside the
#   section: TIF_LAZY_MMU_PENDING, no barrier), lazy_mmu_mode_disable(): one
#   dsb(ishst); isb(). Then flush_tlb_kernel_range(): dsb(ishst), the TLBIs,
#   dsb(ish), isb(). So DSB ISHST 2, DSB ISH 1, ISB 2, whatever N.
# B, pre-conversion: apply_to_page_range() -> apply_to_pte_range() opens and
#   closes a lazy section around each PTE table it changes (not nested: each
#   close flushes the pending pair): T pairs; the same flush. So DSB ISHST
#   T + 1, DSB ISH 1, ISB T + 1.
# set_memory_x/nx (set-memory-nx): change_memory_common() has no alias loop
#   for it, and vm_unmap_aliases() finds nothing to purge here (no barrier):
#   exactly the above.
# set_memory_ro/rw (set-memory): rodata_full (7.2's default: no Kconfig
#   option, 'rodata=on' unless the command line says otherwise) adds the
#   linear-alias loop: one __change_memory_common(page, PAGE_SIZE) per page,
#   its PTE in one table (the linear map is page-mapped without BBML2):
#   per page 2 DSB ISHST, 1 DSB ISH, 2 ISB on both kernels, and one TLBI
#   (a one-page flush is a single VAALE1IS). So A: 2N + 2, N + 1, 2N + 2;
#   B: 2N + T + 1, N + 1, 2N + T + 1; TLBI: N more than set-memory-nx's.
# The flush is the same code on both: the same TLBI count for the same N
#   (no LPA2 with 48-bit VAs: its count depends on N alone).
# The counts are the undisturbed call's (the fewest instructions: an
# interrupt only adds), so they are exact even where the tick reached some
# calls.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

./run_all.sh --conversion >"$log" 2>&1
rc=$?
t_check "./run_all.sh --conversion succeeded (exit $rc: $(tail -n 1 "$log"))" test "$rc" = 0
b=$(sed -n 's/^run_all: A\/B: .*: \(results\/[^ ]*\)\/report.html (A.s own report: \(results\/[^ ]*\)\/report.html)$/\1/p' "$log")
a=$(sed -n 's/^run_all: A\/B: .*: \(results\/[^ ]*\)\/report.html (A.s own report: \(results\/[^ ]*\)\/report.html)$/\2/p' "$log")
if [ -z "$a" ] || [ -z "$b" ] || [ ! -f "$b/barriers.json" ] || [ ! -f "$a/barriers.json" ]; then
	t_fail "no A/B results in the log: $(tail -n 5 "$log")"
	t_done
	exit
fi
blog=${PAB_CACHE:-$HOME/.cache/pageattr-bench}/kernels/arm64-7.2-src+pre-conversion.build.log
compiled=$(grep -oE '^ +CC +[^ ]+\.o$' "$blog" | awk '{ print $2 }')
t_check "B recompiled pageattr.c ($(grep -c . <<<"$compiled") files: $(paste -sd' ' <<<"$compiled"))" \
	grep -qx arch/arm64/mm/pageattr.o <<<"$compiled"
t_check "... and no other file of arch/arm64/mm or mm/ (the rest embed the release string)" \
	bash -c "! grep -vx arch/arm64/mm/pageattr.o <<<'$compiled' | grep -qE '^(arch/arm64/mm|mm)/'"

# count SIDE METHOD BYTES FIELD: the undisturbed call's count; pte_tables from the record.
count() {
	local dir=$1 name
	name=$(jq -r --arg m "$2" --argjson s "$3" '.results[] | select(.config.method == $m and .config.bytes == $s) | .name' "$dir/results.json")
	if [ "$4" = pte_tables ]; then
		jq -r --arg n "$name" '.results[] | select(.name == $n) | .pte_tables' "$dir/results.json"
	else
		jq -r --arg n "$name" --arg f "$4" '.runs[] | select(.name == $n and (.null_baseline | not)) | .per_call[$f]' "$dir/barriers.json" | head -n 1
	fi
}
for n in 1 16 512 4096; do
	s=$((n * 4096))
	for side in A B; do
		d=$a
		[ "$side" = B ] && d=$b
		t=$(count "$d" set-memory-nx "$s" pte_tables)
		t_check "$side, $n pages: T = $t PTE tables (N/512 rounded up, or one more)" \
			test "$t" -ge $(((n + 511) / 512)) -a "$t" -le $(((n + 511) / 512 + 1))
		if [ "$side" = A ]; then pairs=1; else pairs=$t; fi
		want="$((pairs + 1)) 1 $((pairs + 1))"
		got="$(count "$d" set-memory-nx "$s" dsb_ishst) $(count "$d" set-memory-nx "$s" dsb_ish) $(count "$d" set-memory-nx "$s" isb)"
		t_check "$side set_memory_nx, $n pages: DSB ISHST, DSB ISH, ISB = $want ($got)" test "$got" = "$want"
		t=$(count "$d" set-memory "$s" pte_tables)
		if [ "$side" = A ]; then pairs=1; else pairs=$t; fi
		want="$((2 * n + pairs + 1)) $((n + 1)) $((2 * n + pairs + 1))"
		got="$(count "$d" set-memory "$s" dsb_ishst) $(count "$d" set-memory "$s" dsb_ish) $(count "$d" set-memory "$s" isb)"
		t_check "$side set_memory_ro/rw, $n pages (T = $t): DSB ISHST, DSB ISH, ISB = $want ($got)" test "$got" = "$want"
		nx=$(count "$d" set-memory-nx "$s" tlbi) ro=$(count "$d" set-memory "$s" tlbi)
		t_check "$side, $n pages: the alias loop's TLBIs: set_memory_ro/rw $ro = set_memory_nx $nx + $n" \
			test "$ro" = $((nx + n))
	done
	for m in set-memory-nx set-memory; do
		t_check "$m, $n pages: the same TLBIs on both kernels ($(count "$a" $m "$s" tlbi), $(count "$b" $m "$s" tlbi))" \
			test "$(count "$a" $m "$s" tlbi)" = "$(count "$b" $m "$s" tlbi)"
	done
done
first=$(grep -m1 '^## ' "$b/report.md")
t_check "B's report opens with the A/B in counts ($first)" grep -q '^## Kernel A/B in exact counts per call' <<<"$first"
t_check "lkml.txt opens with it too, within 60 lines and 72 columns" \
	bash -c "grep -q '^Kernel A/B, exact counts per call' '$b/lkml.txt' && test \$(grep -c '' '$b/lkml.txt') -le 60 && awk 'length > 72 { exit 1 }' '$b/lkml.txt'"
rm -rf "$a" "$b"
t_done
