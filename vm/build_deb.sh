#!/usr/bin/env bash
# A kernel for a real arm64 host, as Debian packages: from a source tree
# (Debian's linux-source-X through the project's private apt, vm/apt.sh, or a
# directory), the target host's own configuration (its /boot/config-*, which
# the fleet's kernel A/B fetches) brought to the source by 'make
# olddefconfig', and the given patches (applied as vm/patch_kernel.sh applies
# them: -p1, no fuzz); 'make bindeb-pkg' cross-compiled for arm64 on this
# machine (ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-).
#
# usage: vm/build_deb.sh --config FILE [--patch FILE]... [--out DIR] [--key] SOURCE
#   SOURCE      linux-source-X or linux-source-X/SUITE (fetched), or a kernel
#               source directory (its files are not changed: patched in a copy)
#   --config    the host's configuration (/boot/config-RELEASE)
#   --patch     a patch to apply, in order (repeatable)
#   --out DIR   copy the .deb files into DIR as well
#   --key       print the cache key and exit (nothing fetched or built)
#
# Prints the .deb files' paths on stdout (linux-image-*, linux-headers-*), one
# a line. Cached by source (the package's version, or a directory's git
# commit and changes, else its files' names, sizes and times), config and
# patch bytes, and this recipe: $PAB_CACHE/debs/KEY/; a cached build says
# "cached" on stderr. The release is the source's version with
# "-pab-KEY8" appended (LOCALVERSION): two builds never share a release, and
# none takes a distribution kernel's.
#
# Two changes to the host's configuration, both said in the log: no trusted or
# revocation key files (Debian's configs name certificates under debian/certs
# that no source tree has) and no debug info (a -dbg package of gigabytes,
# and hours more on 2 cores). A full distribution configuration takes hours
# on 2 cores: build on a bigger controller, or once, the cache keeps it.
set -euo pipefail
PAB_PROG=build-deb
. "$(dirname "$0")/lib.sh"

# Bump when a change here needs existing builds redone.
DEB_RECIPE=1
usage="usage: vm/build_deb.sh --config FILE [--patch FILE]... [--out DIR] [--key] SOURCE"
config='' out='' src='' key_only=0 patches=()
while [ $# -gt 0 ]; do
	case $1 in
	--config) config=${2:?--config needs a file}; shift ;;
	--config=*) config=${1#*=} ;;
	--patch) patches+=("${2:?--patch needs a file}"); shift ;;
	--patch=*) patches+=("${1#*=}") ;;
	--out) out=${2:?--out needs a directory}; shift ;;
	--out=*) out=${1#*=} ;;
	--key) key_only=1 ;;
	-h | --help) echo "$usage"; exit 0 ;;
	-*) pab_die "unknown option $1 ($usage)" ;;
	*) [ -z "$src" ] || pab_die "one source only ($src and $1): $usage"; src=$1 ;;
	esac
	shift
done
[ -n "$src" ] || pab_die "no source: $usage"
[ -n "$config" ] || pab_die "no --config: the target host's /boot/config-RELEASE ($usage)"
[ -f "$config" ] || pab_die "--config $config: no such file"
grep -qE '^CONFIG_[A-Z0-9_]+=' "$config" || pab_die "--config $config: no CONFIG_ line in it (a kernel .config?)"
for p in "${patches[@]}"; do
	[ -f "$p" ] || pab_die "--patch $p: no such file"
	grep -qE '^(\+\+\+|---) ' "$p" || pab_die "--patch $p: no diff in it (a git format-patch mail or a unified diff)"
done

# What the source is, in the key's words (and, for a package, its .deb).
src_deb=''
case $src in
linux-source-*)
	[[ $src =~ ^linux-source-[0-9]+\.[0-9]+(/[a-z-]+)?$ ]] || pab_die "source $src: linux-source-X.Y or linux-source-X.Y/SUITE"
	if [ $key_only = 1 ] && [ -n "${PAB_DEB_SRCVER:-}" ]; then
		# Tests: the version a fetch would have found, without apt.
		src_id="package ${src%%/*} $PAB_DEB_SRCVER"
	else
		. "$PAB_ROOT/vm/apt.sh"
		pab_apt_update
		src_deb=$(pab_apt_download "$src") || exit 1
		src_id="package ${src%%/*} $(dpkg-deb -f "$src_deb" Version)"
	fi
	;;
*)
	[ -d "$src" ] || pab_die "source $src: no such directory (or a linux-source-X.Y package name)"
	[ -f "$src/Makefile" ] && grep -q '^VERSION = ' "$src/Makefile" ||
		pab_die "source $src: not a kernel source tree (no top-level Makefile with VERSION =)"
	src=$(cd "$src" && pwd)
	if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
		src_id="git $(git -C "$src" rev-parse HEAD) $(git -C "$src" status --porcelain=v1 -uall | sha256sum | cut -c1-16) $(git -C "$src" diff HEAD | sha256sum | cut -c1-16)"
	else
		src_id="files $(cd "$src" && find . -type f -printf '%P %s %T@\n' | LC_ALL=C sort | sha256sum | cut -c1-16)"
	fi
	;;
esac
cross=aarch64-linux-gnu-
ccv=$({ "${cross}gcc" --version 2>/dev/null || echo "no ${cross}gcc"; } | head -n 1)
key=$({
	echo "build_deb recipe $DEB_RECIPE; $src_id; $ccv"
	echo "config:"; cat "$config"
	for p in "${patches[@]}"; do echo "patch $(basename "$p"):"; cat "$p"; done
} | sha256sum | cut -c1-16)
if [ $key_only = 1 ]; then
	echo "$key"
	exit 0
fi

dir=$PAB_CACHE/debs/$key
# The packages to install on the host: the image and its headers (DKMS builds the module).
emit() {
	local f
	[ -z "$out" ] || mkdir -p "$out"
	for f in "$dir"/linux-image-*.deb "$dir"/linux-headers-*.deb; do
		case $f in *-dbg_*) continue ;; esac
		[ -f "$f" ] || continue
		if [ -n "$out" ]; then cp -f "$f" "$out/" && f=$(cd "$out" && pwd)/$(basename "$f"); fi
		echo "$f"
	done
}
if [ -f "$dir/done" ]; then
	pab_log "cached: $(cat "$dir/done") ($dir)"
	emit
	exit 0
fi

pab_need patch patch
pab_need flock util-linux
mkdir -p "$PAB_CACHE/debs"
exec 9>"$PAB_CACHE/debs/.$key.lock"
flock 9
[ ! -f "$dir/done" ] || { pab_log "cached: $(cat "$dir/done") ($dir)"; emit; exit 0; }

work=$PAB_CACHE/debs/.work-$key
rm -rf "$work"
# A build that stops leaves no half tree behind (the log stays).
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/obj"
log=$PAB_CACHE/debs/$key.build.log
: >"$log"
# The tree: hard links to the source (GNU patch writes each file it changes
# anew, so the source stays as it was); a package's unpacked once per version.
if [ -n "$src_deb" ]; then
	ver=$(dpkg-deb -f "$src_deb" Version)
	unpacked=$PAB_CACHE/debs/src-$ver
	pab_unpack_linux_source "$src_deb" "$unpacked"
	tree_from=$unpacked what="${src%%/*} $ver"
else
	tree_from=$src what=$src
fi
cp -al "$tree_from" "$work/src" 2>/dev/null || cp -a "$tree_from" "$work/src"
for p in "${patches[@]}"; do
	# Its one line on failure goes to the user, not the log.
	pab_apply_patch "$work/src" "$p" "$what" >>"$log"
	echo "applied $(basename "$p")" >>"$log"
done

# The patches apply (said before anything is installed or compiled); now the build's tools.
pab_need make make
pab_need "${cross}gcc" gcc-aarch64-linux-gnu
pab_need dpkg-buildpackage dpkg-dev
pab_need flex flex
pab_need bison bison
pab_need bc bc
kmake() { make -C "$work/src" O="$work/obj" ARCH=arm64 CROSS_COMPILE="$cross" "$@"; }
cp "$config" "$work/obj/.config"
{
	echo "config: $config, brought to $what by olddefconfig; no trusted/revocation key files, no debug info"
	kmake olddefconfig
	"$work/src/scripts/config" --file "$work/obj/.config" --set-str SYSTEM_TRUSTED_KEYS "" \
		--set-str SYSTEM_REVOCATION_KEYS "" --disable DEBUG_INFO --disable DEBUG_INFO_DWARF4 \
		--disable DEBUG_INFO_DWARF5 --disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT --enable DEBUG_INFO_NONE \
		--disable DEBUG_INFO_BTF
	kmake olddefconfig
} >>"$log" 2>&1 || { tail -n 5 "$log" >&2; pab_die "configuring $what with $config failed (log: $log)"; }

t0=$(date +%s)
pab_log "building $what + ${#patches[@]} patch(es) with $(basename "$config") as .deb, $(nproc) jobs (a distribution config: hours on 2 cores); log: $log"
if ! kmake -j"$(nproc)" LOCALVERSION="-pab-${key:0:8}" KDEB_SOURCENAME="linux-pab" bindeb-pkg >>"$log" 2>&1; then
	pab_excerpt "$log" 'error|Error'
	pab_die "the build of $what failed (log: $log)"
fi
mkdir -p "$dir"
mv "$work"/*.deb "$dir/" 2>/dev/null || pab_die "make bindeb-pkg left no .deb in $work (log: $log)"
rel=$(cat "$work/obj/include/config/kernel.release")
rm -rf "$work"
echo "$rel: $what, $(basename "$config")${patches[*]:+, patches: $(for p in "${patches[@]}"; do basename "$p"; done | paste -sd' ')}, $(( ($(date +%s) - t0) / 60 )) min" >"$dir/done"
pab_log "built $(cat "$dir/done")"
emit
