#!/usr/bin/env bash
# Boot PROFILE's real kernel, load the real module, run the TAP selftest and
# 'info --json', and check both: every planned TAP test ran and passed (or
# skipped with a reason), and info names the kernel, page size and walker.
set -u
. "$(dirname "$0")/../lib.sh"
profile=${1:?usage: selftest.sh PROFILE}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The guest loads the module itself here, first with a symbol that does not
# exist required (the load must fail naming it), then checking landing pads
# as a CPU enforcing them would (inject_pads_enforced: x86's kernel seals the
# endbr64 of the functions it never calls indirectly, and QEMU has no IBT to
# trap on them), then normally.
"$root/vm/guest.sh" --kernel "$profile" --no-module --out "$out" -- \
	sh -c 'insmod /lib/modules/pageattr_bench.ko require_extra=pab_no_such_symbol 2> insmod.err;
		echo $? > insmod.rc; dmesg | grep pab_no_such_symbol > insmod.dmesg;
		insmod /lib/modules/pageattr_bench.ko inject_pads_enforced=1 2> pads.err; echo $? > pads.rc
		dmesg | grep pageattr_bench > pads.dmesg; rmmod pageattr_bench 2> /dev/null
		insmod /lib/modules/pageattr_bench.ko || exit 1
		pageattr-bench info --json > info.json && pageattr-bench selftest > selftest.tap; rc=$?; cat selftest.tap; exit $rc'
rc=$?
t_check "load with a missing required symbol fails" bash -c "test \$(cat '$out/insmod.rc') != 0"
t_check "and dmesg names the symbol" grep -q "required kernel symbol pab_no_such_symbol not found" "$out/insmod.dmesg"
# The module never calls kallsyms_lookup_name() (sealed on x86 7.2: an IBT
# CPU would trap on the call): symbols come from kprobes, not from it.
ko=${PAB_BUILD:-$root/build}/kmod/$profile/pageattr_bench.ko
t_check "the module never names kallsyms_lookup_name (it resolves symbols through kprobes)" \
	bash -c "test -s '$ko' && ! grep -aqP '\\x00kallsyms_lookup_name\\x00' '$ko'"
case $profile in
amd64-*)
	# Debian's 7.2 seals flush_tlb_kernel_range, the walkers, set_memory_ro/rw,
	# vmap_pages_range... (seen in this guest): with IBT enforced the module
	# must refuse to load, naming the required one, rather than call it.
	t_check "pads enforced on x86: the load refused ($(head -n 1 "$out/pads.err" 2>/dev/null))" \
		bash -c "test \$(cat '$out/pads.rc') != 0"
	t_check "... naming the sealed required function and why" grep -q \
		"required kernel symbol flush_tlb_kernel_range unusable: flush_tlb_kernel_range has no IBT/BTI landing pad: an indirect call would fault" "$out/pads.dmesg"
	t_check "... and the sealed optional ones, refused rather than called" \
		grep -q "walk_kernel_page_table_range_lockless at .* starts with 0f 1f 40 d6, no landing pad: not used" "$out/pads.dmesg"
	;;
*)
	t_check "pads enforced: the module loads (every function it calls has its landing pad, or the kernel has none)" \
		bash -c "test \$(cat '$out/pads.rc') = 0"
	;;
esac
t_check "guest run succeeded with a clean dmesg (exit $rc)" test "$rc" = 0
tap=$out/selftest.tap
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap" 2>/dev/null)
t_check "TAP plan present" test -n "$plan"
t_check "all $plan planned tests ran" test "$(grep -cE '^(not )?ok ' "$tap")" = "${plan:-x}"
t_check "no test failed" bash -c "! grep -q '^not ok' '$tap'"
t_check "every skip gives a reason" bash -c "! grep -E '# SKIP *$' '$tap'"

krel=$(cat "${PAB_CACHE:-$HOME/.cache/pageattr-bench}/kernels/$profile/krelease")
info=$out/info.json
t_check "info.json is valid JSON" bash -c "jq -e . '$info' >/dev/null"
t_check "info names the kernel ($krel)" test "$(jq -r .kernel.release "$info")" = "$krel"
case $profile in
*-16k) want=16384 ;;
*-64k) want=65536 ;;
*) want=4096 ;;
esac
t_check "info gives the page size ($want)" test "$(jq -r .kernel.page_size "$info")" = "$want"
t_check "info names the resolved walker" test "$(jq -r .kernel.walker "$info")" = walk_kernel_page_table_range
t_done
