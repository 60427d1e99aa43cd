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
# Added later, to a root of STAMP_VER by apt-get in it (its object trees
# stay): vm/build_deb.sh's packaging tools, for 'make bindeb-pkg'.
DEB_PKGS=(dpkg-dev rsync python3)
DEB_STAMP=$STAMP_VER+deb1
if [ -f "$ROOT/.pab-ready" ] && [ "$(cat "$ROOT/.pab-ready")" = "$DEB_STAMP" ]; then
	echo "$ROOT"
	exit 0
fi
[ "$(id -u)" = 0 ] || pab_die "building the module build root needs root (debootstrap, chroot)"
if [ -f "$ROOT/.pab-ready" ] && [ "$(cat "$ROOT/.pab-ready")" = "$STAMP_VER" ]; then
	pab_log "adding ${DEB_PKGS[*]} to the build root (apt-get there; once)"
	cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
	# sid on the mirror is a snapshot past its Valid-Until (signatures still checked).
	if ! pab_inroot "$ROOT" sh -c "apt-get -q -o Acquire::Check-Valid-Until=false update &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${DEB_PKGS[*]} &&
		apt-get clean" >"$PAB_CACHE/buildroot-add.log" 2>&1; then
		pab_die "apt-get install ${DEB_PKGS[*]} in the build root failed: $(pab_last_error "$PAB_CACHE/buildroot-add.log") (log: $PAB_CACHE/buildroot-add.log)"
	fi
	echo "$DEB_STAMP" >"$ROOT/.pab-ready"
	echo "$ROOT"
	exit 0
fi

pab_need debootstrap debootstrap
mirror=$(pab_mirror)
PKGS=make,bc,bison,flex,pahole,libelf-dev,libssl-dev,cpio,kmod,xz-utils,zstd,gcc-16,gcc-16-aarch64-linux-gnu,gcc-14-aarch64-linux-gnu,gcc-14,libc6-dev
PKGS+=,$(IFS=,; echo "${DEB_PKGS[*]}")
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
echo "$DEB_STAMP" >"$ROOT/.pab-ready"
echo "$ROOT"
