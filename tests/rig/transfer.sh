#!/usr/bin/env bash
# The guest rig end to end, on the default profile, mostly without the module:
# a command's exit status comes back, its output files come back byte for byte
# (several MiB, binary), dmesg.txt always comes back, standard input reaches
# the command, and a kernel warning in
# the guest fails the run even when the command succeeded (exit 5); a module
# that does not load fails the run without running the command (exit 6); a
# barrier summary that fails fails the run (exit 7); a panic while
# booting is retried, one after /init is not.
set -u
. "$(dirname "$0")/../lib.sh"
g=$(dirname "$0")/../../vm/guest.sh
profile=${1:-arm64-7.2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# 6 MiB of pseudo-random bytes from the guest's kernel, with their checksum,
# written by a script on standard input: standard input reaches the guest
# command, as with ssh (a script piped to 'sh -s' runs there; it used to be
# dropped: sh read /dev/null and exited 0), and the command's exit status
# comes back. One boot for both (they were two).
printf '%s\n' 'head -c 6291456 /dev/urandom > blob.bin && sha256sum blob.bin > blob.sha256 || exit 1' \
	'echo "from stdin: $(uname -m)" > stdin.txt' 'exit 9' |
	"$g" --kernel "$profile" --no-module --out "$out/a" -- sh -s >"$out/a.log" 2>&1
rc=$?
t_check "command's exit status (9) comes back" test "$rc" = 9
t_check "6 MiB binary file arrives intact" bash -c "cd '$out/a' && test \$(stat -c %s blob.bin) = 6291456 && sha256sum -c --quiet blob.sha256"
t_check "dmesg.txt comes back" grep -q "Linux version" "$out/a/dmesg.txt"
t_check "a script on stdin runs in the guest (its exit 9 comes back)" test "$rc" = 9
t_check "and leaves its file" grep -q "from stdin: aarch64" "$out/a/stdin.txt"

# -n: the command gets no input (sh -s reads nothing and exits 0, not the
# 5 piped in), its status kept in a file; then a WARN in the guest kernel
# (a fake report written via /dev/kmsg) fails the run even though the
# command succeeded. One boot for both (they were two).
printf 'exit 5\n' | "$g" --kernel "$profile" --no-module -n --out "$out/b" -- \
	sh -c 'sh -s; echo $? > n.rc; echo "WARNING: CPU: 0 PID: 1 at test/injected.c:1 injected_by_pab_test" > /dev/kmsg' \
	>"$out/b.log" 2>&1
rc=$?
t_check "-n: the command gets no input (sh -s reads nothing, exit 0: exit $(cat "$out/b/n.rc" 2>/dev/null))" \
	test "$(cat "$out/b/n.rc" 2>/dev/null)" = 0
t_check "a kernel WARNING in dmesg fails the run (exit 5, not pageattr-bench's 3: exit $rc)" test "$rc" = 5
t_check "and the report names it" grep -q "injected_by_pab_test" "$out/b.log"

# The module refused at /init (a kernel that loads signed modules only; this
# one is not signed): the command does not run, the run fails with one line
# (/init used to print a line and run the command anyway: exit 0).
"$g" --kernel "$profile" --append module.sig_enforce=1 --out "$out/m" -- \
	sh -c 'touch ran' >"$out/m.log" 2>&1
rc=$?
t_check "a module that does not load fails the run (exit 6: exit $rc)" test "$rc" = 6
t_check "... says so in one line with insmod's reason ($(grep -m1 'did not load' "$out/m.log"))" \
	bash -c "test \$(grep -c 'did not load' '$out/m.log') = 1 && grep -q 'guest: the module did not load in the guest, the command did not run: insmod: .*Key was rejected' '$out/m.log'"
t_check "... and the command did not run" test ! -e "$out/m/ran"

# --count-insns: a summary that fails (its result file is not one) fails the
# run with one line (it was '|| true': exit 0).
"$g" --kernel "$profile" --count-insns --out "$out/c" -- \
	sh -c 'echo "{" > results.json' >"$out/c.log" 2>&1
rc=$?
t_check "a barrier summary that fails fails the run (exit 7: exit $rc)" test "$rc" = 7
t_check "... in one line naming why ($(grep -m1 'could not be summarised' "$out/c.log"))" \
	bash -c "test \$(grep -c 'could not be summarised' '$out/c.log') = 1 && grep -q 'could not be summarised (counts in .*insns.tsv): pageattr-bench barriers: .*results.json' '$out/c.log'"

# A kernel that panics while booting, before /init, is booted again (twice at
# most) and then reported; a panic once /init ran (possibly the module's) is
# never retried. rdinit= naming no file makes the kernel panic before /init.
"$g" --kernel "$profile" --no-module --append rdinit=/no-such-init --timeout 120 \
	--out "$out/p" -- true >"$out/p.log" 2>&1
rc=$?
t_check "a panic before /init fails the run (exit 125)" test "$rc" = 125
t_check "after booting three times" grep -q "booting again (3 of 3)" "$out/p.log"
t_check "each failed boot's console kept" test -s "$out/p/console.boot-2.log"
"$g" --kernel "$profile" --no-module --out "$out/q" -- \
	sh -c 'echo c > /proc/sysrq-trigger' >"$out/q.log" 2>&1
rc=$?
t_check "a panic after /init ran fails the run (exit 125)" test "$rc" = 125
t_check "and is not retried" bash -c "! grep -q 'booting again' '$out/q.log'"
t_done
