#!/usr/bin/env bash
# kmod/dkms.conf with a real DKMS (Debian sid's, in the sid build root) and a
# real kernel's headers (Debian's amd64 7.2, built with gcc-16): dkms add and
# dkms build succeed, the module is built by the kernel's own compiler
# (kmod/kernel-cc.sh on the make line), and dkms.conf's version is Kbuild's.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/vm/lib.sh"
. "$root/vm/apt.sh"
broot=$("$root/vm/buildroot.sh" --print)
hdr=$(cd "$broot/usr/src" 2>/dev/null && ls -d linux-headers-*-amd64 2>/dev/null | head -n 1)
[ -n "$hdr" ] || t_skip "no amd64 headers in the build root (./run_all.sh test fetches them)"
krel=${hdr#linux-headers-}
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$root/kmod/dkms.conf")
t_check "dkms.conf's version ($ver) is the module's (Kbuild)" grep -q "PAB_MODULE_VERSION='\"$ver\"'" "$root/kmod/Kbuild"

# DKMS itself, once: Debian's package unpacked into the build root (a shell
# program; its dependencies are there already, but for dpkg-dev, which
# building needs not).
if [ ! -x "$broot/usr/sbin/dkms" ]; then
	pab_apt_update
	deb=$(pab_apt_download "dkms/sid") || exit 1
	dpkg-deb -x "$deb" "$broot"
fi
src=$broot/usr/src/pageattr-bench-$ver
rm -rf "$src" && cp -r "$root/kmod" "$src"
pab_inroot "$broot" sh -c "dkms remove pageattr-bench/$ver --all >/dev/null 2>&1
	dkms add pageattr-bench/$ver && dkms build pageattr-bench/$ver -k $krel --kernelsourcedir /usr/src/$hdr
	echo \$? > /tmp/pab-dkms.rc; dkms status pageattr-bench > /tmp/pab-dkms.status" >/tmp/pab-dkms.out 2>&1
rc=$(cat "$broot/tmp/pab-dkms.rc" 2>/dev/null)
log=$broot/var/lib/dkms/pageattr-bench/$ver/$krel/x86_64/log/make.log
ko=$broot/var/lib/dkms/pageattr-bench/$ver/$krel/x86_64/module/pageattr_bench.ko
t_check "dkms add + build for $krel succeed (exit ${rc:-none}: $(tail -n 1 /tmp/pab-dkms.out))" test "${rc:-1}" = 0
t_check "dkms status: built ($(cat "$broot/tmp/pab-dkms.status" 2>/dev/null))" \
	grep -q "^pageattr-bench/$ver, $krel, x86_64: built" "$broot/tmp/pab-dkms.status"
t_check "make ran with the kernel's compiler ($(grep -o 'CC=[^ ]*' "$log" 2>/dev/null))" grep -q 'command: make .* CC=x86_64-linux-gnu-gcc-16 modules' "$log"
t_check "the module is gcc 16's ($(strings "$ko" 2>/dev/null | grep -m1 '^GCC: '))" \
	bash -c "strings '$ko' | grep -q '^GCC: .* 16\\.'"
pab_inroot "$broot" dkms remove "pageattr-bench/$ver" --all >/dev/null 2>&1
rm -rf "$src" "$broot/tmp/pab-dkms."* /tmp/pab-dkms.out
t_done
