#!/usr/bin/env bash
# Build kmod/ for a guest profile's kernel inside the sid build root, with the
# compiler that built that kernel (read from its CONFIG_CC_VERSION_TEXT).
#
# usage: vm/build_kmod.sh PROFILE [SRCDIR]
#   -> $PAB_BUILD/kmod/PROFILE/pageattr_bench.ko (SRCDIR: another module's
#      Kbuild directory, e.g. tests/refmod; its .ko files land beside it and
#      their paths are printed, none if it builds nothing for this arch)
# PAB_KMOD_WERROR=1 (./run_all.sh test sets it): a warning fails the build.
#   Users' builds print their warnings and go on.
set -euo pipefail
PAB_PROG=build-kmod
. "$(dirname "$0")/lib.sh"

[ $# = 1 ] || [ $# = 2 ] || pab_die "usage: vm/build_kmod.sh PROFILE [SRCDIR]"
src=${2:-$PAB_ROOT/kmod}
[ -f "$src/Kbuild" ] || pab_die "$src: no Kbuild file there"
pab_profile "$1"
# Current already (kmod/ only; another SRCDIR is always built): the .ko is
# newer than every source file and than the kernel's config (a source-built
# profile rebuilt with another config), and was built under the same warning
# rule. The one place this is decided: vm/mkinitramfs.sh and run_all.sh both
# just call this script.
ko=$PAB_BUILD/kmod/$PROFILE_NAME/pageattr_bench.ko
rule="werror=${PAB_KMOD_WERROR:-0}"
# Decided before anything else runs: every boot asks (vm/mkinitramfs.sh), and
# the kernel's fetch and the build root's checks took seconds a boot.
if [ $# = 1 ] && [ -f "$ko" ] && [ "$(cat "$ko.rule" 2>/dev/null)" = "$rule" ] && [ -f "$PROFILE_DIR/config" ] &&
	[ -z "$(find "$src" -newer "$ko" -type f | head -n 1)" ] && ! [ "$PROFILE_DIR/config" -nt "$ko" ]; then
	echo "$ko"
	exit 0
fi
"$PAB_ROOT/vm/fetch_kernel.sh" "$PROFILE_NAME"
ROOT=$("$PAB_ROOT/vm/buildroot.sh")
krelease=$(cat "$PROFILE_DIR/krelease")

if [ -f "$PROFILE_DIR/kdir" ]; then
	# Source-built kernel (vm/build_kernel.sh): its own object tree.
	KDIR=$(cat "$PROFILE_DIR/kdir")
else
	# Headers, common headers and the host (amd64) kbuild tools go to the paths the
	# packages' absolute symlinks expect, inside the build root.
	if [ ! -f "$ROOT/usr/src/.pab-$krelease" ]; then
		while read -r deb; do dpkg-deb -x "$deb" "$ROOT"; done <"$PROFILE_DIR/hdr-debs"
		touch "$ROOT/usr/src/.pab-$krelease"
	fi
	KDIR=/usr/src/linux-headers-$krelease
fi
[ -f "$ROOT$KDIR/Makefile" ] || pab_die "$KDIR missing in the build root; remove $PROFILE_DIR to refetch"

cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ ]*\) .*/\1/p' "$PROFILE_DIR/config")
[ -x "$ROOT/usr/bin/$cc" ] ||
	pab_die "the kernel was built with '$cc', which the build root lacks (add it to vm/buildroot.sh)"

# A private work dir: several checkouts may share the build root.
work=/pab-build/$PROFILE_NAME.$$
rm -rf "${ROOT:?}$work"
mkdir -p "$ROOT$work"
trap 'rm -rf "${ROOT:?}$work"' EXIT
cp "$src"/*.c "$src"/Kbuild "$ROOT$work/"
cp "$src"/*.h "$ROOT$work/" 2>/dev/null || true
cross=
[ "$PROFILE_ARCH" = amd64 ] || cross=$PROFILE_TRIPLET-
name=build
[ $# = 2 ] && name=build-$(basename "$src")
log=$PAB_BUILD/kmod/$PROFILE_NAME/$name.log
mkdir -p "$(dirname "$log")"
# Warnings as errors: the compiler's by -Werror (KCFLAGS, added to the
# kernel's own flags on every version), the rest (modpost, objtool, kbuild)
# by the check after the build. Not the build root's pahole differing from
# the kernel's: a notice about the environment (BTF), not about the code.
kcflags=${KCFLAGS:-}
[ "${PAB_KMOD_WERROR:-0}" != 1 ] || kcflags="${kcflags:+$kcflags }-Werror"
# objtool (x86) reads /proc: pab_inroot gives the chroot one.
if ! pab_inroot "$ROOT" make -C "$KDIR" M="$work" ARCH="$KARCH" CROSS_COMPILE="$cross" CC="$cc" \
	HOSTCC=gcc-16 KCFLAGS="$kcflags" modules >"$log" 2>&1; then
	pab_excerpt "$log" 'error|Error'
	pab_die "module build for $PROFILE_NAME failed (full log: $log): $(pab_last_error "$log")"
fi
grep -E 'warning:' "$log" >&2 || true
if [ "${PAB_KMOD_WERROR:-0}" = 1 ]; then
	warning=$(grep -E '[Ww]arning:|WARNING:' "$log" | grep -v 'pahole version differs' | head -n 1 | cut -c1-200 || true)
	[ -z "$warning" ] ||
		pab_die "module build for $PROFILE_NAME has a warning, an error under PAB_KMOD_WERROR=1 (full log: $log): $warning"
fi
for built in "$ROOT$work"/*.ko; do
	[ -f "$built" ] || continue
	cp "$built" "$PAB_BUILD/kmod/$PROFILE_NAME/"
	echo "$PAB_BUILD/kmod/$PROFILE_NAME/$(basename "$built")"
done
[ $# = 2 ] || [ -f "$ROOT$work/pageattr_bench.ko" ] ||
	pab_die "module build for $PROFILE_NAME left no pageattr_bench.ko (full log: $log)"
[ $# = 2 ] || echo "$rule" >"$ko.rule"
