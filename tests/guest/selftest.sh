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
# exist required (the load must fail naming it), then normally.
"$root/vm/guest.sh" --kernel "$profile" --no-module --out "$out" -- \
	sh -c 'insmod /lib/modules/pageattr_bench.ko require_extra=pab_no_such_symbol 2> insmod.err;
		echo $? > insmod.rc; dmesg | grep pab_no_such_symbol > insmod.dmesg;
		insmod /lib/modules/pageattr_bench.ko || exit 1
		pageattr-bench info --json > info.json && pageattr-bench selftest > selftest.tap; rc=$?; cat selftest.tap; exit $rc'
rc=$?
t_check "load with a missing required symbol fails" bash -c "test \$(cat '$out/insmod.rc') != 0"
t_check "and dmesg names the symbol" grep -q "required kernel symbol pab_no_such_symbol not found" "$out/insmod.dmesg"
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
