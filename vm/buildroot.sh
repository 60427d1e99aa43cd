#!/usr/bin/env bash
# Create (once) the module build root: a minimal debootstrap'ed Debian sid
# (amd64) holding make, the kernel's cross compilers and Kbuild's host
# dependencies. Debian's sid/trixie kernel headers ship Kbuild host programs
# (fixdep, modpost) linked against a newer glibc than the host's bookworm, and
# the kernels were built with gcc-14/gcc-16, so modules are built in here.
#
# usage: vm/buildroot.sh [--print]     (--print: only print its path)
set -euo pipefail
PAB_PROG=buildroot
. "$(dirname "$0")/lib.sh"

ROOT=$PAB_CACHE/buildroot-sid
if [ "${1:-}" = --print ]; then echo "$ROOT"; exit 0; fi

# Bump when the package list changes so old caches are rebuilt.
STAMP_VER=1
if [ -f "$ROOT/.pab-ready" ] && [ "$(cat "$ROOT/.pab-ready")" = "$STAMP_VER" ]; then
	echo "$ROOT"
	exit 0
fi

[ "$(id -u)" = 0 ] || pab_die "building the module build root needs root (debootstrap, chroot)"
pab_need debootstrap debootstrap
mirror=$(pab_mirror)
PKGS=make,bc,bison,flex,pahole,libelf-dev,libssl-dev,cpio,kmod,xz-utils,zstd,gcc-16,gcc-16-aarch64-linux-gnu,gcc-14-aarch64-linux-gnu,gcc-14,libc6-dev
rm -rf "$ROOT.tmp"
pab_log "debootstrap sid into $ROOT (once; about 3-5 minutes)"
if ! debootstrap --variant=minbase --include="$PKGS" sid "$ROOT.tmp" "$mirror" \
	>"$PAB_CACHE/debootstrap.log" 2>&1; then
	tail -n 5 "$PAB_CACHE/debootstrap.log" >&2
	pab_die "debootstrap failed (full log: $PAB_CACHE/debootstrap.log)"
fi
rm -rf "$ROOT"
mv "$ROOT.tmp" "$ROOT"
# Keep the root small: package archives are not needed after installation.
rm -rf "$ROOT"/var/cache/apt/archives/*.deb
echo "$STAMP_VER" >"$ROOT/.pab-ready"
echo "$ROOT"
