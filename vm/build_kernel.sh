#!/usr/bin/env bash
# Build (once) the kernel of a source-built guest profile (flavour "source:NAME"
# in vm/profiles.conf): Debian's linux-source-SERIES from the profile's suite,
# 'make allnoconfig' plus the Kconfig fragment vm/kconfig/ARCH-NAME.config,
# compiled in the sid build root with the compiler Debian uses for that series.
# vm/fetch_kernel.sh hands source-built profiles to this script.
#
# usage: vm/build_kernel.sh PROFILE
# Leaves in $PAB_CACHE/kernels/PROFILE the same files as a Debian profile
# (vmlinuz: the arm64 Image, which QEMU boots with -kernel; config; kver;
# krelease) and, instead of hdr-debs:
#   kdir       the object tree inside the build root (vm/build_kmod.sh's KDIR)
#   srcver     the linux-source package version built
#   key        hash of fragment + srcver + recipe; a change of any rebuilds
#   build.log  the full Kbuild log
# The tree stays in the build root so the module builds against it and a
# changed fragment rebuilds only what the change touches. To pick up a newer
# linux-source, remove $PAB_CACHE/kernels/PROFILE (as for Debian profiles).
set -euo pipefail
PAB_PROG=build-kernel
. "$(dirname "$0")/lib.sh"
. "$PAB_ROOT/vm/apt.sh"

[ $# = 1 ] || pab_die "usage: vm/build_kernel.sh PROFILE"
pab_profile "$1"
[ -z "$PROFILE_VARIANT" ] || exec "$PAB_ROOT/vm/patch_kernel.sh" "$PROFILE_NAME"
[ -n "$PROFILE_KCONFIG" ] ||
	pab_die "profile $PROFILE_NAME uses a Debian kernel package, not a source build: run vm/fetch_kernel.sh $PROFILE_NAME"
for f in "${PROFILE_KCONFIGS[@]}"; do
	[ -f "$f" ] || pab_die "profile $PROFILE_NAME: Kconfig fragment ${f#"$PAB_ROOT"/} is missing"
done
# The fragments in order, as one (KCONFIG_ALLCONFIG takes one file; a later
# line for a symbol wins, in Kconfig and in the check below alike).
fragment=$(printf '%s\n' "${PROFILE_KCONFIGS[@]#"$PAB_ROOT"/}" | paste -sd+ | sed 's/+/ + /g')
mkdir -p "$PAB_CACHE/kernels"
config_all=$PAB_CACHE/kernels/.$PROFILE_NAME.fragment
cat "${PROFILE_KCONFIGS[@]}" >"$config_all"

. "$PAB_ROOT/vm/kbuild.sh"

ROOT=$("$PAB_ROOT/vm/buildroot.sh")
# Object tree (O=) inside the build root, per profile; sources shared per version.
KDIR=/usr/src/pab-$PROFILE_NAME

key() { { cat "$config_all"; echo "linux-source $1, recipe $RECIPE, $cc"; } | sha256sum | cut -c1-16; }

# Built from this fragment (and the source version recorded then), and the tree
# vm/build_kmod.sh needs is still in the build root.
up_to_date() {
	[ -s "$PROFILE_DIR/vmlinuz" ] && [ -s "$PROFILE_DIR/srcver" ] && [ -s "$PROFILE_DIR/key" ] || return 1
	local k
	k=$(cat "$PROFILE_DIR/key")
	[ "$k" = "$(key "$(cat "$PROFILE_DIR/srcver")")" ] && [ "$(cat "$ROOT$KDIR/.pab-key" 2>/dev/null)" = "$k" ] &&
		# The object tree's Makefile includes the sources': module builds need them.
		[ -f "$ROOT/usr/src/pab-linux-source-$(cat "$PROFILE_DIR/srcver")/.pab-unpacked" ]
}
up_to_date && exit 0

[ "$(id -u)" = 0 ] || pab_die "building a kernel needs root (it runs in a chroot of the build root)"
pab_need dpkg-deb dpkg
pab_need xz xz-utils
pab_need unshare util-linux
pab_need flock util-linux
# Several checkouts and guest runs share the cache: one build per profile at a time.
mkdir -p "$PAB_CACHE/kernels"
exec 9>"$PAB_CACHE/kernels/.$PROFILE_NAME.lock"
if ! flock -n 9; then
	pab_log "another build of $PROFILE_NAME is running; waiting for it"
	flock 9
	up_to_date && exit 0
fi

pab_apt_update
deb=$(pab_apt_download "linux-source-$PROFILE_SERIES/$PROFILE_SUITE") || exit 1
srcver=$(dpkg-deb -f "$deb" Version)
k=$(key "$srcver")
SRC=/usr/src/pab-linux-source-$srcver
log=$PAB_CACHE/kernels/$PROFILE_NAME.build.log
: >"$log"

# The sources, in the build root (once per version).
pab_unpack_linux_source "$deb" "$ROOT$SRC"

# Objects compiled from another source version are not reusable.
if [ "$(cat "$ROOT$KDIR/.pab-src" 2>/dev/null)" != "$SRC" ]; then
	rm -rf "${ROOT:?}$KDIR"
fi
mkdir -p "$ROOT$KDIR"
echo "$SRC" >"$ROOT$KDIR/.pab-src"
rm -f "$ROOT$KDIR/.pab-key"
cp "$config_all" "$ROOT$KDIR/pab.config"


if ! pab_kmake "$SRC" "$KDIR" KCONFIG_ALLCONFIG="$KDIR/pab.config" allnoconfig >>"$log" 2>&1; then
	tail -n 15 "$log" >&2
	pab_die "'make allnoconfig' with $fragment failed (full log: $log)"
fi
# Kconfig silently drops what it cannot set (unmet dependencies, hidden
# symbols): every line of the fragment must hold in the final .config.
# "# CONFIG_X is not set" and an absent CONFIG_X both mean n.
if ! bad=$(awk '
	FNR == NR {
		if (match($0, /^CONFIG_[A-Za-z0-9_]+=/)) want[substr($0, 1, RLENGTH - 1)] = substr($0, RLENGTH + 1)
		else if ($0 ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) want[$2] = "n"
		next
	}
	match($0, /^CONFIG_[A-Za-z0-9_]+=/) { got[substr($0, 1, RLENGTH - 1)] = substr($0, RLENGTH + 1) }
	END {
		for (s in want) {
			g = (s in got) ? got[s] : "n"
			if (g != want[s]) { printf "%s: requested %s, got %s\n", s, want[s], g; n++ }
		}
		exit (n > 0)
	}' "$config_all" "$ROOT$KDIR/.config" | sort); then
	echo "$bad" | sed 's/^/  /' >&2
	pab_die "$(echo "$bad" | wc -l) option(s) of $fragment did not land: $(echo "$bad" | cut -d: -f1 | tr '\n' ' ')(unmet dependencies? see $KDIR/.config in the build root)"
fi

t0=$(date +%s)
pab_log "building $PROFILE_NAME: linux-source $srcver, $target + modules_prepare, $(nproc) jobs (from scratch 5 min on 2 idle cores, up to 20 when they are busy); log: $log"
pab_kbuild_ticker "$log"
# 'modules' (there are none) writes Module.symvers, without which modpost
# cannot resolve the external module's symbols.
if ! pab_kmake "$SRC" "$KDIR" -j"$(nproc)" "$target" modules modules_prepare >>"$log" 2>&1; then
	pab_excerpt "$log" 'error|Error'
	pab_die "kernel build for $PROFILE_NAME failed (full log: $log)"
fi
kill "$PAB_TICKER" 2>/dev/null || true
secs=$(($(date +%s) - t0))
pab_kernel_save "$SRC" "$KDIR" "$srcver" "$k" "$log" \
	"linux-source-$PROFILE_SERIES $srcver ($PROFILE_SUITE), allnoconfig + $fragment"
krelease=$(cat "$PROFILE_DIR/krelease")

# Unpacked sources of older versions that no object tree uses any more.
# (Read once, not piped to 'grep -q': under pipefail, grep leaving at the
# first match made cat's next write die of SIGPIPE, and the sources in use
# were removed as soon as two object trees named them.)
used=$(cat "$ROOT"/usr/src/pab-*/.pab-src 2>/dev/null || true)
for d in "$ROOT"/usr/src/pab-linux-source-*; do
	[ -d "$d" ] || continue
	grep -qxF "${d#"$ROOT"}" <<<"$used" || rm -rf "$d"
done
pab_log "built $krelease in $((secs / 60)) min $((secs % 60)) s; tree $KDIR: $(du -sh "$ROOT$KDIR" | cut -f1), sources: $(du -sh "$ROOT$SRC" | cut -f1)"
