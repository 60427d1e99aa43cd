#!/usr/bin/env bash
# usage: vm/dmesg_check.sh DMESG_FILE
# Exit 1 and print the offending lines when a guest's kernel log shows a
# warning, bug, oops, sanitizer or lockdep report: a guest run that produced
# one fails whatever its command returned.
# Lockdep's reports start with WARNING:/BUG:, except the ones matched by their
# own words below; a bare "lockdep" would flag a lockdep kernel's clean boot
# ("rcu: RCU lockdep checking is enabled.").
# A missing, unreadable or empty log is an error (exit 2), never a clean one:
# a guest that left no log has shown nothing.
set -u
if [ ! -r "${1:-}" ] || [ ! -s "$1" ]; then
	echo "dmesg_check: no kernel log to check: ${1:-(none given)} is $( [ -e "${1:-}" ] && echo empty or unreadable || echo missing)"
	exit 2
fi
pattern='WARNING:|BUG:|BUG |Oops|Unable to handle kernel|general protection fault|KASAN|UBSAN|KFENCE|possible circular locking|possible recursive locking|inconsistent lock state|lockdep is turned off|locking correctness validator|trying to register non-static key|Kernel panic|kernel BUG at|detected stalls|soft lockup|hard LOCKUP|refcount_t:|list_add corruption|list_del corruption|invoked oom-killer'
if grep -E "$pattern" "$1" >/dev/null; then
	grep -n -E "$pattern" "$1" | head -n 20
	exit 1
fi
exit 0
