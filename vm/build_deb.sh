#!/usr/bin/env bash
# A kernel for a real arm64 host, as Debian packages: from a source tree
# (Debian's linux-source-X through the project's private apt, vm/apt.sh, or a
# directory), the target host's own configuration (its /boot/config-*, which
# the fleet's kernel A/B fetches) brought to the source by 'make
# olddefconfig', and the given patches (applied as vm/patch_kernel.sh applies
# them: -p1, no fuzz); 'make bindeb-pkg' cross-compiled for arm64 in the
# build root (vm/buildroot.sh: a sid chroot, so root is needed) by the major
# version of gcc that built the host's kernel (its CONFIG_CC_VERSION_TEXT).
#
# usage: vm/build_deb.sh --config FILE [--lsmod FILE] [--patch FILE]... [--out DIR] [--key] SOURCE
#   SOURCE      linux-source-X or linux-source-X/SUITE (fetched), or a kernel
#               source directory (its files are not changed: patched in a copy)
#   --config    the host's configuration (/boot/config-RELEASE)
#   --lsmod     the host's loaded modules (its lsmod or /proc/modules): the
#               configuration trimmed by 'make localmodconfig' to them: the
#               built-in part as the host has it, only the modules it loaded
#               (a distribution config's thousands of modules are most of
#               its build time)
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
# Two changes to the host's configuration, said in the log with every
# difference olddefconfig made (Rust, without the toolchain the source asks
# for): no trusted or revocation key files (Debian's configs name
# certificates under debian/certs that no source tree has) and no debug info
# (a -dbg package of gigabytes, and hours more on 2 cores). Modules are
# signed with a key the build makes, as any self-built kernel's. A full
# distribution configuration takes hours on 2 cores: build on a bigger
# controller, or once (the cache keeps it), or with --lsmod.
set -euo pipefail
PAB_PROG=build-deb
. "$(dirname "$0")/lib.sh"

# Bump when a change here needs existing builds redone.
DEB_RECIPE=2
usage="usage: vm/build_deb.sh --config FILE [--lsmod FILE] [--patch FILE]... [--out DIR] [--key] SOURCE"
config='' lsmod='' out='' src='' key_only=0 patches=()
while [ $# -gt 0 ]; do
	case $1 in
	--config) config=${2:?--config needs a file}; shift ;;
	--config=*) config=${1#*=} ;;
	--lsmod) lsmod=${2:?--lsmod needs a file}; shift ;;
	--lsmod=*) lsmod=${1#*=} ;;
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
# The module names only (lsmod's sizes and users change from boot to boot; the key must not).
modules=''
if [ -n "$lsmod" ]; then
	[ -f "$lsmod" ] || pab_die "--lsmod $lsmod: no such file"
	modules=$(awk '$1 != "Module" && $1 ~ /^[A-Za-z0-9_-]+$/ { print $1 }' "$lsmod" | LC_ALL=C sort -u)
	[ -n "$modules" ] || pab_die "--lsmod $lsmod: no module in it (the host's lsmod or /proc/modules)"
fi
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
# The compiler: the one that built the host's kernel (its major version, as a
# cross compiler in the build root, vm/buildroot.sh: Debian's own for its
# kernels), so that B differs from a distribution A by the patch and not by
# code generation, and the host's own gcc of that version builds the module.
cross=aarch64-linux-gnu-
cc_text=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$config")
[ -n "$cc_text" ] || cc_text="no CONFIG_CC_VERSION_TEXT in it: gcc 16 assumed"
! grep -q '^CONFIG_CC_IS_CLANG=y' "$config" ||
	pab_die "--config $config: the host's kernel was built with clang ($cc_text); the build root has gcc only"
major=$(awk '{ v = $NF; sub(/\..*/, "", v); print v }' <<<"$cc_text")
[[ $major =~ ^[0-9]+$ ]] || major=16
cc=${cross}gcc-$major
# The key names the compiler by its major version (the build root's exact
# version goes into the log and the cached build's description).
key=$({
	echo "build_deb recipe $DEB_RECIPE; $src_id; $cc"
	echo "config:"; cat "$config"
	[ -z "$modules" ] || { echo "localmodconfig:"; echo "$modules"; }
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
# The build root's commands run under unshare (pab_inroot), its making too.
pab_need unshare util-linux
mkdir -p "$PAB_CACHE/debs"
exec 9>"$PAB_CACHE/debs/.$key.lock"
flock 9
[ ! -f "$dir/done" ] || { pab_log "cached: $(cat "$dir/done") ($dir)"; emit; exit 0; }

# Patched here, then moved into the build root (one file system: a rename).
stage=$PAB_CACHE/debs/.work-$key
rm -rf "$stage"
# A stop before the move leaves no half-patched copy behind (the log stays).
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"
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
cp -al "$tree_from" "$stage/src" 2>/dev/null || cp -a "$tree_from" "$stage/src"
for p in "${patches[@]}"; do
	# Its one line on failure goes to the user, not the log.
	pab_apply_patch "$stage/src" "$p" "$what" >>"$log"
	echo "applied $(basename "$p")" >>"$log"
done

# The patches apply (said before anything is compiled); now the build root.
[ "$(id -u)" = 0 ] || pab_die "building a kernel package needs root (it compiles in the build root, a sid chroot with the distribution's compiler)"
broot=$("$PAB_ROOT/vm/buildroot.sh" --deb)
ccv=$(dpkg-query --admindir="$broot/var/lib/dpkg" -W -f '${Version}' "gcc-$major-aarch64-linux-gnu" 2>/dev/null) ||
	pab_die "the host's kernel was built with gcc $major ($cc_text); the build root has no $cc (add gcc-$major-aarch64-linux-gnu to vm/buildroot.sh)"
ccv="$cc $ccv"
# The work tree inside the build root: $broot$work here, $work there. A
# build that failed keeps its objects there: the next attempt with the same
# key (the same inputs) goes on from them, as make does, with the sources
# patched anew (only what a patch touched is newer).
work=/usr/src/pab-deb-$key
[ ! -d "$broot$work/obj" ] || pab_log "going on from the objects of a failed attempt ($broot$work)"
rm -rf "${broot:?}$work/src"
mkdir -p "$broot$work/obj"
mv "$stage/src" "$broot$work/src" 2>/dev/null || cp -a "$stage/src" "$broot$work/src"

# The build root has the build's tools (make, the compilers, flex, bison, bc,
# dpkg-dev, the target's libssl-dev: vm/buildroot.sh --deb).
kmake() {
	pab_inroot "$broot" make -C "$work/src" O="$work/obj" ARCH=arm64 CROSS_COMPILE="$cross" CC="$cc" \
		HOSTCC="gcc-$major" "$@"
}
cp "$config" "$broot$work/obj/.config"
trim=''
[ -z "$modules" ] || trim=", trimmed by localmodconfig to the $(grep -c '' <<<"$modules") modules in $(basename "$lsmod")"
# Each step must succeed (a brace group under || runs on past a failure).
{
	echo "config: $config, brought to $what by olddefconfig$trim; no trusted/revocation key files, no debug info; compiler $ccv (the host's kernel: $cc_text)" &&
		kmake olddefconfig &&
		if [ -n "$modules" ]; then
			echo "$modules" >"$broot$work/lsmod" &&
				# Turning modules off shows options that depended on their
				# absence (GPIO_BT8XX on !PCI_BT8XX...): localmodconfig asks
				# about them; their defaults are the answers olddefconfig gives.
				kmake LSMOD="$work/lsmod" localmodconfig < <(yes '')
		fi &&
		"$broot$work/src/scripts/config" --file "$broot$work/obj/.config" --set-str SYSTEM_TRUSTED_KEYS "" \
			--set-str SYSTEM_REVOCATION_KEYS "" --disable DEBUG_INFO --disable DEBUG_INFO_DWARF4 \
			--disable DEBUG_INFO_DWARF5 --disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT --enable DEBUG_INFO_NONE \
			--disable DEBUG_INFO_BTF &&
		kmake olddefconfig &&
		# What the build's configuration has that the host's has not, and the reverse.
		{ diff <(grep '^CONFIG_' "$config" | LC_ALL=C sort) <(grep '^CONFIG_' "$broot$work/obj/.config" | LC_ALL=C sort) || true; }
} >>"$log" 2>&1 || pab_die "configuring $what with $config failed: $(pab_last_error "$log") (log: $log)"

t0=$(date +%s)
pab_log "building $what + ${#patches[@]} patch(es) with $(basename "$config")$trim as .deb, $(nproc) jobs (a whole distribution config: hours on 2 cores); log: $log"
if ! kmake -j"$(nproc)" LOCALVERSION="-pab-${key:0:8}" KDEB_SOURCENAME="linux-pab" bindeb-pkg >>"$log" 2>&1; then
	pab_die "the build of $what failed: $(pab_last_error "$log") (log: $log; objects kept for the next attempt: $broot$work)"
fi
mkdir -p "$dir"
mv "$broot$work"/*.deb "$dir/" 2>/dev/null || pab_die "make bindeb-pkg left no .deb in $broot$work (log: $log)"
rel=$(cat "$broot$work/obj/include/config/kernel.release")
rm -rf "${broot:?}$work"
echo "$rel: $what, $(basename "$config"), $cc${modules:+ (localmodconfig: $(grep -c '' <<<"$modules") modules)}${patches[*]:+, patches: $(for p in "${patches[@]}"; do basename "$p"; done | paste -sd' ')}, $(( ($(date +%s) - t0) / 60 )) min" >"$dir/done"
pab_log "built $(cat "$dir/done")"
emit
