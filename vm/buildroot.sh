#!/usr/bin/env bash
# Create (once) the module build root: a minimal debootstrap'ed Debian sid
# (amd64) holding make, the kernel's cross compilers and Kbuild's host
# dependencies. Debian's sid/trixie kernel headers ship Kbuild host programs
# (fixdep, modpost) linked against a newer glibc than the host's bookworm, and
# the kernels were built with gcc-14/gcc-16, so modules are built in here.
#
# usage: vm/buildroot.sh [--print | --deb]
#   --print   only print its path
#   --deb     also what vm/build_deb.sh's 'make bindeb-pkg' needs (added once)
set -euo pipefail
PAB_PROG=buildroot
. "$(dirname "$0")/lib.sh"

ROOT=$PAB_CACHE/buildroot-sid
if [ "${1:-}" = --print ]; then echo "$ROOT"; exit 0; fi

# Bump when the package list changes so old caches are rebuilt.
STAMP_VER=1
# --deb: added by apt-get in the root, once (its object trees stay), only for
# vm/build_deb.sh: the packaging tools and 'make bindeb-pkg's build
# dependencies, among them the target's libssl-dev (arm64, through the root's
# own multiarch: sign-file is rebuilt for the target into the headers
# package) and openssl (the build's module signing key; Debian's lockdown LSM
# selects module signing).
DEB_PKGS=(dpkg-dev build-essential debhelper rsync python3 openssl libdw-dev libssl-dev:arm64 libc6-dev:arm64 gcc-aarch64-linux-gnu)
DEB_VER=3
deb=0
[ "${1:-}" != --deb ] || deb=1

# add_deb_pkgs: DEB_PKGS into the root, then their stamp.
add_deb_pkgs() {
	local log=$PAB_CACHE/buildroot-deb.log
	[ "$(cat "$ROOT/.pab-deb-ready" 2>/dev/null)" != "$DEB_VER" ] || return 0
	[ "$(id -u)" = 0 ] || pab_die "adding to the build root needs root (chroot)"
	pab_log "adding ${DEB_PKGS[*]} to the build root (apt-get there; once)"
	cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
	# sid on the mirror is a snapshot past its Valid-Until (signatures still checked).
	if ! pab_inroot "$ROOT" sh -c "dpkg --add-architecture arm64 &&
		apt-get -q -o Acquire::Check-Valid-Until=false update &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${DEB_PKGS[*]} &&
		apt-get clean" >"$log" 2>&1; then
		pab_die "apt-get install ${DEB_PKGS[*]} in the build root failed: $(pab_last_error "$log") (log: $log)"
	fi
	echo "$DEB_VER" >"$ROOT/.pab-deb-ready"
}
if [ -f "$ROOT/.pab-ready" ] && [ "$(cat "$ROOT/.pab-ready")" = "$STAMP_VER" ]; then
	[ $deb = 0 ] || add_deb_pkgs
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
[ $deb = 0 ] || add_deb_pkgs
echo "$ROOT"
