# shellcheck shell=bash
# The selftest's checks, shared by tests/guest/engine.sh (guest.engine.PROFILE
# runs them first in its own boot: they were guest.selftest.PROFILE, a boot of
# their own per profile) and tests/guest/selftest.sh (the same alone, by hand).
#
# SELFTEST_GUEST: the guest's part, for a guest booted with --no-module: the
# guest loads the module itself, first with a symbol that does not exist
# required (the load must fail naming it), then checking landing pads as a CPU
# enforcing them would (inject_pads_enforced: x86's kernel seals the endbr64 of
# the functions it never calls indirectly, and QEMU has no IBT to trap on
# them), then normally (exit 1 when that fails); then 'info --json' and the
# TAP selftest, whose status goes to selftest.rc.
# shellcheck disable=SC2016,SC2034 # expanded in the guest; used by the sourcing scripts
SELFTEST_GUEST='insmod /lib/modules/pageattr_bench.ko require_extra=pab_no_such_symbol 2> insmod.err;
	echo $? > insmod.rc; dmesg | grep pab_no_such_symbol > insmod.dmesg;
	insmod /lib/modules/pageattr_bench.ko inject_pads_enforced=1 2> pads.err; echo $? > pads.rc
	dmesg | grep pageattr_bench > pads.dmesg; rmmod pageattr_bench 2> /dev/null
	insmod /lib/modules/pageattr_bench.ko || exit 1
	pageattr-bench info --json > info.json && pageattr-bench selftest > selftest.tap; echo $? > selftest.rc'

# selftest_checks PROFILE DIR: the checks on what SELFTEST_GUEST left in DIR
# (t_check lines, each prefixed "selftest: ").
selftest_checks() {
	local profile=$1 out=$2 root ko tap plan krel info want src
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	t_check "selftest: load with a missing required symbol fails" bash -c "test \$(cat '$out/insmod.rc') != 0"
	t_check "selftest: and dmesg names the symbol" grep -q "required kernel symbol pab_no_such_symbol not found" "$out/insmod.dmesg"
	# The module never calls kallsyms_lookup_name() (sealed on x86 7.2: an IBT
	# CPU would trap on the call): symbols come from kprobes, not from it.
	ko=${PAB_BUILD:-$root/build}/kmod/$profile/pageattr_bench.ko
	t_check "selftest: the module never names kallsyms_lookup_name (it resolves symbols through kprobes)" \
		bash -c "test -s '$ko' && ! grep -aqP '\\x00kallsyms_lookup_name\\x00' '$ko'"
	case $profile in
	amd64-*)
		# Debian's 7.2 seals flush_tlb_kernel_range, the walkers, set_memory_ro/rw,
		# vmap_pages_range... (seen in this guest): with IBT enforced the module
		# must refuse to load, naming the required one, rather than call it.
		t_check "selftest: pads enforced on x86: the load refused ($(head -n 1 "$out/pads.err" 2>/dev/null))" \
			bash -c "test \$(cat '$out/pads.rc') != 0"
		t_check "selftest: ... naming the sealed required function and why" grep -q \
			"required kernel symbol flush_tlb_kernel_range unusable: flush_tlb_kernel_range has no IBT/BTI landing pad: an indirect call would fault" "$out/pads.dmesg"
		t_check "selftest: ... and the sealed optional ones, refused rather than called" \
			grep -q "walk_kernel_page_table_range_lockless at .* starts with 0f 1f 40 d6, no landing pad: not used" "$out/pads.dmesg"
		;;
	*)
		t_check "selftest: pads enforced: the module loads (every function it calls has its landing pad, or the kernel has none)" \
			bash -c "test \$(cat '$out/pads.rc') = 0"
		;;
	esac
	t_check "selftest: info and the selftest succeeded (exit $(cat "$out/selftest.rc" 2>/dev/null))" \
		test "$(cat "$out/selftest.rc" 2>/dev/null)" = 0
	tap=$out/selftest.tap
	sed 's/^/# selftest: /' "$tap" 2>/dev/null
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap" 2>/dev/null)
	t_check "selftest: TAP plan present" test -n "$plan"
	t_check "selftest: all $plan planned tests ran" test "$(grep -cE '^(not )?ok ' "$tap" 2>/dev/null)" = "${plan:-x}"
	t_check "selftest: no test failed" bash -c "! grep -q '^not ok' '$tap'"
	t_check "selftest: every skip gives a reason" bash -c "! grep -E '# SKIP *$' '$tap'"

	krel=$(cat "${PAB_CACHE:-$HOME/.cache/pageattr-bench}/kernels/$profile/krelease")
	info=$out/info.json
	t_check "selftest: info.json is valid JSON" bash -c "jq -e . '$info' >/dev/null"
	t_check "selftest: info names the kernel ($krel)" test "$(jq -r .kernel.release "$info" 2>/dev/null)" = "$krel"
	case $profile in
	*-16k) want=16384 ;;
	*-64k) want=65536 ;;
	*) want=4096 ;;
	esac
	t_check "selftest: info gives the page size ($want)" test "$(jq -r .kernel.page_size "$info" 2>/dev/null)" = "$want"
	src=$(jq -r .kernel.walker "$info" 2>/dev/null)
	t_check "selftest: info names the resolved walker ($src)" test "$src" = walk_kernel_page_table_range
}
