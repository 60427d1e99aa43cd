#!/usr/bin/env bash
# vm/dmesg_check.sh flags kernel reports and passes a clean boot log.
set -u
. "$(dirname "$0")/../lib.sh"
check=$(dirname "$0")/../../vm/dmesg_check.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/clean" <<'LOG'
[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x000f0510]
[    1.861510] pageattr_bench: module verification failed: signature and/or required key missing - tainting kernel
[    1.900000] pageattr_bench: 0.1.0 loaded, walker walk_kernel_page_table_range, lazy MMU api 2
[    0.000000] rcu: 	RCU lockdep checking is enabled.
[    0.000000] KernelAddressSanitizer initialized (generic)
[    0.037514] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar
[    0.037634] ... MAX_LOCKDEP_ENTRIES:     32768
[    1.719958] watchdog: NMI not fully supported
LOG
t_check "clean log passes" "$check" "$tmp/clean"
# No log is no evidence: an error (exit 2) with a line, never a pass.
: >"$tmp/empty"
for f in "$tmp/missing" "$tmp/empty"; do
	out=$("$check" "$f") && rc=0 || rc=$?
	t_check "$(basename "$f") log: exit 2, not clean ($rc: $out)" test "$rc" = 2
done
for report in \
	"WARNING: CPU: 0 PID: 1 at mm/memory.c:3012 apply_to_pmd_range+0x1c/0x2a0" \
	"BUG: KASAN: slab-out-of-bounds in pab_change+0x40/0x100" \
	"Unable to handle kernel paging request at virtual address ffff800080000000" \
	"Internal error: Oops: 0000000096000047 [#1] SMP" \
	"WARNING: possible circular locking dependency detected" \
	"BUG: sleeping function called from invalid context at mm/pagewalk.c:600" \
	"kernel BUG at mm/vmalloc.c:123!" \
	"INFO: trying to register non-static key." \
	"turning off the locking correctness validator." \
	"INFO: lockdep is turned off." \
	"pageattr-bench invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0"; do
	{ cat "$tmp/clean"; echo "[    2.000000] $report"; } >"$tmp/dirty"
	out=$("$check" "$tmp/dirty") && rc=0 || rc=$?
	if [ "$rc" != 0 ] && grep -qF -- "$report" <<<"$out"; then
		t_ok "flags: $report"
	else
		t_fail "missed: $report"
	fi
done
t_done
