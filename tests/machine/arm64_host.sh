#!/usr/bin/env bash
# The main job as a user runs it on an arm64 server, on a full Debian sid arm64
# machine (vm/hostimg.sh: Debian's kernel and headers installed by apt,
# systemd, ssh; a Neoverse N1 as on Graviton2/Altra), booted under QEMU and
# reached over ssh (vm/hostvm.sh). In it, from a copy of this checkout:
#   ./run_all.sh --quick   host mode picked by itself; the module built there
#                          for the running kernel by the kernel's own compiler,
#                          loaded, selftest passed, report written, module
#                          unloaded, dmesg clean, info on the N1 row
#   headers removed        the one-line hint naming the package to install
#   DKMS                   kmod/dkms.conf: add, build, install, modprobe
# Slow (ctest -L slow): the image takes ~15 minutes once, the run ~25 under TCG.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${PAB_MACHINE_OUT:-$(mktemp -d /tmp/pab-machine.XXXXXX)}
mkdir -p "$out"

vm=$("$root/vm/hostvm.sh" start --state "$out/vm") || { t_fail "the arm64 machine booted"; t_done; exit 1; }
trap '"$root/vm/hostvm.sh" stop "$vm"' EXIT
on() { "$root/vm/hostvm.sh" ssh "$vm" "$@" </dev/null; }
"$root/vm/hostvm.sh" push-checkout "$vm" "$root"
krel=$(on uname -r)
t_check "the machine runs Debian's arm64 kernel ($krel)" bash -c "[[ '$krel' == *-arm64 ]]"
t_check "no module is loaded before the run" bash -c "! '$root/vm/hostvm.sh' ssh '$vm' 'lsmod | grep -q ^pageattr_bench' </dev/null"

# The README's main command, as on a Graviton box.
start=$(date +%s)
on "cd /root/pageattr-bench && ./run_all.sh --quick" >"$out/main.log" 2>&1
rc=$?
echo "main job: exit $rc in $(($(date +%s) - start)) s (TCG)"
t_check "./run_all.sh --quick succeeded in host mode (exit $rc: $(tail -n 1 "$out/main.log"))" test "$rc" = 0
t_check "auto mode picked the host, no guest" bash -c "! grep -q 'running in a QEMU guest' '$out/main.log'"
res=$(on "cd /root/pageattr-bench && ls -d results/*-$krel | tail -n 1")
[ -n "$res" ] && "$root/vm/hostvm.sh" pull "$vm" "/root/pageattr-bench/$res" "$out/results"
on "cd /root/pageattr-bench/build/host/kmod-$krel && modinfo -F vermagic pageattr_bench.ko" >"$out/vermagic" 2>&1
on "strings /root/pageattr-bench/build/host/kmod-$krel/pageattr_bench.ko | grep -m1 '^GCC: '" >"$out/ko-gcc" 2>&1
on "grep '^CONFIG_CC_VERSION_TEXT=' /lib/modules/$krel/build/.config" >"$out/kernel-cc" 2>&1
t_check "the module was built there for $krel ($(cat "$out/vermagic"))" grep -q "^$krel " "$out/vermagic"
# The kernel's compiler text names the program and its version
# ("aarch64-linux-gnu-gcc-16 (Debian 16.2.0-4) 16.2.0"); the module's
# .comment the version ("GCC: (Debian 16.2.0-4) 16.2.0").
kcc=$(sed 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/' "$out/kernel-cc")
t_check "by the kernel's compiler ($kcc; the module's: $(cat "$out/ko-gcc"))" \
	bash -c "[ -n '$kcc' ] && [ 'GCC: ${kcc#* }' = \"\$(cat '$out/ko-gcc')\" ]"
t_check "it was loaded: info read it (module_version in info.json)" grep -q '"module_version"' "$out/results/info.json"
t_check "info matched the Neoverse N1 row" grep -q '^core table: .*Neoverse N1' "$out/main.log"
# A real core's MIDR, but QEMU's virt board without KVM: the times are TCG's, and every report says so.
t_check "info knows the N1 is emulated (QEMU TCG)" grep -q "emulated (QEMU TCG): times are the emulator's" "$out/main.log"
t_check "report.md says the times are the emulator's" grep -qF "QEMU TCG guest: times are the emulator's" "$out/results/report.md"
t_check "lkml.txt too" grep -qi "emulat" "$out/results/lkml.txt"
t_check "selftest passed ($(grep -c '^ok' "$out/results/selftest.tap" 2>/dev/null) ok)" \
	bash -c "grep -q '^1\\.\\.[1-9]' '$out/results/selftest.tap' && ! grep -q '^not ok' '$out/results/selftest.tap'"
for f in results.json report.md report.html lkml.txt; do
	t_check "the report: $f" test -s "$out/results/$f"
done
t_check "the module is unloaded afterwards" bash -c "! '$root/vm/hostvm.sh' ssh '$vm' 'lsmod | grep -q ^pageattr_bench' </dev/null"
on dmesg >"$out/dmesg.txt"
t_check "dmesg is clean" "$root/vm/dmesg_check.sh" "$out/dmesg.txt"
t_check "dmesg shows the module came and went" grep -q pageattr_bench "$out/dmesg.txt"

# A machine without its kernel's headers: the hint, one line, with the package.
on "mv /lib/modules/$krel/build /root/build.away"
on "cd /root/pageattr-bench && ./run_all.sh --quick" >"$out/noheaders.log" 2>&1
rc=$?
on "mv /root/build.away /lib/modules/$krel/build"
t_check "no headers: exit $rc with the package to install ($(grep -m1 'error:' "$out/noheaders.log"))" \
	bash -c "[ $rc != 0 ] && [ \$(grep -c 'error:' '$out/noheaders.log') = 1 ] &&
		grep -q 'error: no build tree for kernel $krel .*apt-get install linux-headers-$krel' '$out/noheaders.log'"

# DKMS, Debian's, for the running kernel: add, build, install, then modprobe finds it.
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$root/kmod/dkms.conf")
on "cp -r /root/pageattr-bench/kmod /usr/src/pageattr-bench-$ver && dkms add pageattr-bench/$ver &&
	dkms build pageattr-bench/$ver -k $krel && dkms install pageattr-bench/$ver -k $krel &&
	dkms status pageattr-bench && modprobe pageattr_bench && lsmod | grep ^pageattr_bench && rmmod pageattr_bench" \
	>"$out/dkms.log" 2>&1
rc=$?
t_check "DKMS: add, build, install, modprobe (exit $rc: $(tail -n 1 "$out/dkms.log"))" test "$rc" = 0
t_check "dkms status: installed" grep -q "^pageattr-bench/$ver, $krel, aarch64: installed" "$out/dkms.log"
on dmesg >"$out/dmesg-end.txt"
t_check "dmesg still clean at the end" "$root/vm/dmesg_check.sh" "$out/dmesg-end.txt"
echo "logs: $out"
t_done
