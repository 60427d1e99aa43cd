#!/usr/bin/env bash
# The kernel's own page-table dump (CONFIG_PTDUMP_DEBUGFS, the debug kernel)
# as an independent judge of what the module changed: a region alternating
# PMD blocks and PTE tables, changed read-only and back with walk and
# walk-lockless, must show every unit with that permission at its level in
# /sys/kernel/debug/kernel_page_tables. And the judge can fail: apply is
# refused on blocks, so after its "change" the dump must still say RW and the
# check must report it.
set -u
. "$(dirname "$0")/../lib.sh"
profile=${1:?usage: ptdump.sh PROFILE}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$root/vm/guest.sh" --kernel "$profile" --out "$out" -- sh -c '
	pab-ptdump-check 3 > lockless.txt; echo $? > lockless.rc
	pab-ptdump-check 2 > walk.txt; echo $? > walk.rc
	pab-ptdump-check 1 > apply.txt; echo $? > apply.rc
	cat lockless.txt walk.txt apply.txt'
rc=$?
v() { cat "$out/$1" 2>/dev/null; }
t_check "guest run ended with a clean dmesg (exit $rc)" test "$rc" = 0
for m in lockless walk; do
	t_check "$m: read-only then read-write, as the kernel's dump shows it at every level" \
		bash -c "test '$(v $m.rc)' = 0 && test \$(grep -c '^ok - ' '$out/$m.txt') = 7"
done
t_check "apply on blocks refused, and the dump check catches the unchanged table" \
	bash -c "test '$(v apply.rc)' = 1 && grep -q '^not ok - change to read-only' '$out/apply.txt' &&
		grep -q '^not ok - after read-only: ptdump shows all 8 units ro' '$out/apply.txt'"
t_done
