#!/usr/bin/env bash
# usage: vm/dmesg_check.sh DMESG_FILE
# Exit 1 and print the offending lines when a guest's kernel log shows a
# warning, bug, oops, sanitizer or lockdep report: a guest run that produced
# one fails whatever its command returned.
# Lockdep's reports start with WARNING:/BUG:, except the ones matched by their
# own words below; a bare "lockdep" would flag a lockdep kernel's clean boot
# ("rcu: RCU lockdep checking is enabled.").
set -u
pattern='WARNING:|BUG:|BUG |Oops|Unable to handle kernel|general protection fault|KASAN|UBSAN|KFENCE|possible circular locking|possible recursive locking|inconsistent lock state|lockdep is turned off|locking correctness validator|trying to register non-static key|Kernel panic|kernel BUG at|detected stalls|soft lockup|hard LOCKUP|refcount_t:|list_add corruption|list_del corruption|invoked oom-killer'
if grep -E "$pattern" "$1" >/dev/null 2>&1; then
	grep -n -E "$pattern" "$1" | head -n 20
	exit 1
fi
exit 0
