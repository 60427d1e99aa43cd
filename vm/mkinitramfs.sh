#!/usr/bin/env bash
# Build the base initramfs (newc cpio) for a guest profile: the guest-arch
# static busybox, /init, the module built for that kernel and the userspace
# programs. vm/guest.sh appends a second small cpio with the run's command.
#
# usage: vm/mkinitramfs.sh PROFILE OUT.cpio
set -euo pipefail
PAB_PROG=mkinitramfs
. "$(dirname "$0")/lib.sh"
. "$PAB_ROOT/vm/apt.sh"

[ $# = 2 ] || pab_die "usage: vm/mkinitramfs.sh PROFILE OUT.cpio"
pab_profile "$1"
out=$2
pab_need cpio cpio

# The guest-arch static busybox, from Debian, once.
bb=$PAB_CACHE/busybox/$PROFILE_ARCH/busybox
if [ ! -x "$bb" ]; then
	pab_apt_update
	deb=$(pab_apt_download "busybox-static:$PROFILE_ARCH")
	rm -rf "$bb.d" && mkdir -p "$bb.d"
	dpkg-deb -x "$deb" "$bb.d"
	install -m 0755 "$bb.d/bin/busybox" "$bb" 2>/dev/null || install -m 0755 "$bb.d/usr/bin/busybox" "$bb"
	rm -rf "$bb.d"
fi

# The module, rebuilt when it is not current (vm/build_kmod.sh decides).
ko=$("$PAB_ROOT/vm/build_kmod.sh" "$PROFILE_NAME" | tail -n 1)
bindir=$("$PAB_ROOT/vm/build_userspace.sh" "$PROFILE_ARCH")

# hyperfine for the end-to-end cross-check: Debian's build for the guest arch
# from this machine's suite, with the glibc and libgcc it links against (the
# cross runtime for arm64, this machine's own for amd64).
hf=$PAB_CACHE/hyperfine/$PROFILE_ARCH/hyperfine
if [ ! -x "$hf" ]; then
	pab_apt_update
	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	deb=$(pab_apt_download "hyperfine:$PROFILE_ARCH/$codename") || exit 1
	rm -rf "$hf.d" && mkdir -p "$hf.d"
	dpkg-deb -x "$deb" "$hf.d"
	install -m 0755 "$hf.d/usr/bin/hyperfine" "$hf"
	rm -rf "$hf.d"
fi
case $PROFILE_ARCH in
arm64) libdir=/usr/aarch64-linux-gnu/lib gnu=aarch64-linux-gnu ld=ld-linux-aarch64.so.1 ;;
amd64) libdir=/lib/x86_64-linux-gnu gnu=x86_64-linux-gnu ld=ld-linux-x86-64.so.2 ;;
esac

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,usr/bin,lib/modules,proc,sys,dev,tmp,pab/out}
install -m 0755 "$bb" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
install -m 0755 "$PAB_ROOT/vm/init.sh" "$stage/init"
install -m 0644 "$ko" "$stage/lib/modules/pageattr_bench.ko"
install -m 0755 "$bindir/pageattr-bench" "$stage/usr/bin/pageattr-bench"
# The guest tests' own tools: ioctl fuzzer (also close-mid-run, fail-nth,
# run-as-user) and the check against the kernel's page-table dump.
install -m 0755 "$bindir/pab-ioctl-fuzz" "$stage/usr/bin/pab-ioctl-fuzz"
install -m 0755 "$bindir/pab-ptdump-check" "$stage/usr/bin/pab-ptdump-check"
install -m 0755 "$hf" "$stage/usr/bin/hyperfine"
mkdir -p "$stage/lib/$gnu" "$stage/lib64"
for lib in $ld libc.so.6 libgcc_s.so.1 libm.so.6; do
	[ -e "$libdir/$lib" ] || pab_die "$libdir/$lib missing (the guest's hyperfine needs it)"
	cp -L "$libdir/$lib" "$stage/lib/$gnu/$lib"
done
# The program interpreter path hyperfine was linked with.
cp -L "$libdir/$ld" "$stage/lib/$ld"
[ "$PROFILE_ARCH" = amd64 ] && cp -L "$libdir/$ld" "$stage/lib64/$ld"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$out"
