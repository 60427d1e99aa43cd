#!/usr/bin/env bash
# Build a patched variant of a source-built profile: the profile BASE+NAME,
# whose tree is BASE's plus the patches, in order. Built incrementally from
# BASE's objects: the object tree is copied with its time stamps and the
# sources are hard links to BASE's, which 'patch' replaces file by file, so
# make recompiles only what the patches touch (and what includes it).
#
# usage: vm/patch_kernel.sh BASE --patch FILE [--patch FILE]... [--name NAME] [--from PROFILE]
#        vm/patch_kernel.sh BASE+NAME      rebuild from the recorded patches
#                                          (when BASE or the recipe changed)
# --from PROFILE: start from that built variant of BASE (or BASE itself)
# instead of BASE: its sources and objects, its patches first, then these.
# A series' prefixes are built so (vm/series.sh: BASE+P1 from BASE, BASE+P1+P2
# from BASE+P1, ...), each step recompiling only what its own patches touch.
# The variant is the same kernel as one built from BASE with all the patches
# (its key is the base's and every patch's bytes, in order).
# FILE: a 'git format-patch' mail, an mbox of several, or a plain diff, -p1,
# applied without fuzz (as git am does: a hunk whose context moved is refused,
# never applied somewhere near).
# NAME defaults to the first patch's file name without its number and
# suffix (0001-arm64-no-lazy.patch: arm64-no-lazy). With --patch it prints
# the variant's profile name (for --kernel, --ab).
# Leaves in $PAB_CACHE/kernels/BASE+NAME what vm/build_kernel.sh leaves, plus
# patches/ (the patches, numbered in order) and base (BASE's name).
set -euo pipefail
PAB_PROG=patch-kernel
. "$(dirname "$0")/lib.sh"

usage="usage: vm/patch_kernel.sh BASE --patch FILE [--patch FILE]... [--name NAME] [--from PROFILE] | BASE+NAME"
[ $# -ge 1 ] || pab_die "$usage"
profile=$1 name='' from=''
shift
patches=()
while [ $# -gt 0 ]; do
	case $1 in
	--patch) patches+=("${2:?--patch needs a file}"); shift ;;
	--name) name=${2:?--name needs a name}; shift ;;
	--from) from=${2:?--from needs a profile (BASE or a built BASE+NAME)}; shift ;;
	*) pab_die "unknown argument '$1' ($usage)" ;;
	esac
	shift
done
for p in "${patches[@]}"; do
	[ -f "$p" ] || pab_die "--patch $p: no such file"
	grep -qE '^(\+\+\+|---) ' "$p" || pab_die "--patch $p: no diff in it (a git format-patch mail or a unified diff)"
done

# --from: BASE itself or a variant of it, built (and current: rebuilt from
# its recorded patches if BASE changed since).
from_patches=()
if [ -n "$from" ]; then
	[ ${#patches[@]} -gt 0 ] || pab_die "--from $from goes with --patch FILE (the patches to add to it)"
	pab_profile "$from"
	[ "$PROFILE_BASE" = "${profile%%+*}" ] && [ "$profile" = "$PROFILE_BASE" ] ||
		pab_die "--from $from: not the base $profile or a variant of it (give the base first: ${from%%+*} --from $from)"
	if [ -n "$PROFILE_VARIANT" ]; then
		"$PAB_ROOT/vm/patch_kernel.sh" "$from"
		from_patches=("$PROFILE_DIR"/patches/*)
	else
		from=
	fi
fi
pab_profile "$profile"
if [ -n "$PROFILE_VARIANT" ]; then
	[ ${#patches[@]} = 0 ] || pab_die "give the base profile with --patch ($PROFILE_BASE --patch FILE --name $PROFILE_VARIANT), not $PROFILE_NAME"
	[ -d "$PROFILE_DIR/patches" ] ||
		pab_die "kernel $PROFILE_NAME is not built: vm/patch_kernel.sh $PROFILE_BASE --patch FILE... --name $PROFILE_VARIANT"
	stage=$PROFILE_DIR/patches
else
	[ ${#patches[@]} -gt 0 ] || pab_die "$usage"
	if [ -z "$name" ]; then
		name=$(basename "${patches[0]}")
		name=${name%.patch} name=${name%.diff} name=${name%.mbox}
		[[ $name =~ ^[0-9]+-(.+)$ ]] && name=${BASH_REMATCH[1]}
	fi
	# (pab_profile refuses a variant of a Debian binary kernel.)
	pab_profile "$PROFILE_NAME+$name"
	# The patches as given, numbered in order: what the variant is built from.
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' EXIT
	# (--from: its patches first, as recorded, numbered as they were.)
	i=0
	for p in "${from_patches[@]}"; do
		i=$((i + 1))
		cp "$p" "$stage/"
	done
	for p in "${patches[@]}"; do
		i=$((i + 1))
		cp "$p" "$stage/$(printf '%02d' "$i")-$(basename "$p")"
	done
fi
. "$PAB_ROOT/vm/kbuild.sh"

# The base first (built once, cached), then this variant's key: the base's
# key, the recipe and every patch's bytes.
"$PAB_ROOT/vm/build_kernel.sh" "$PROFILE_BASE"
BASE_DIR=$PAB_CACHE/kernels/$PROFILE_BASE
KDIR=$(cat "$BASE_DIR/kdir")
srcver=$(cat "$BASE_DIR/srcver")
SRC=/usr/src/pab-linux-source-$srcver
VKDIR=/usr/src/pab-$PROFILE_NAME
VSRC=$SRC+$PROFILE_VARIANT
# What the variant starts from: BASE's tree, or --from's (its patches are
# in it already: only the rest are applied).
FSRC=$SRC FKDIR=$KDIR skip=0
if [ -n "$from" ]; then
	FKDIR=$(cat "$PAB_CACHE/kernels/$from/kdir")
	FSRC=$SRC+${from#*+}
	skip=${#from_patches[@]}
fi
k=$({ cat "$BASE_DIR/key"; echo "recipe $RECIPE"; cat "$stage"/*; } | sha256sum | cut -c1-16)
ROOT=$("$PAB_ROOT/vm/buildroot.sh")

if [ -s "$PROFILE_DIR/vmlinuz" ] && [ "$(cat "$PROFILE_DIR/key" 2>/dev/null)" = "$k" ] &&
	[ "$(cat "$ROOT$VKDIR/.pab-key" 2>/dev/null)" = "$k" ]; then
	[ ${#patches[@]} = 0 ] || echo "$PROFILE_NAME"
	exit 0
fi
[ "$(id -u)" = 0 ] || pab_die "building a kernel needs root (it runs in a chroot of the build root)"
pab_need patch patch
pab_need perl perl-base
exec 9>"$PAB_CACHE/kernels/.$PROFILE_NAME.lock"
flock 9

log=$PAB_CACHE/kernels/$PROFILE_NAME.build.log
: >"$log"
t0=$(date +%s)
# Sources: hard links to the base's (seconds, no space); GNU patch writes each
# file it changes anew, so the base's copy stays as it was.
rm -rf "${ROOT:?}$VSRC"
cp -al "$ROOT$FSRC" "$ROOT$VSRC"
# A patch that does not apply ends the script (pab_apply_patch): the
# half-made tree and the log go with it.
trap 'rm -rf "${ROOT:?}$VSRC" "$log"; [ "$stage" = "$PROFILE_DIR/patches" ] || rm -rf "$stage"' EXIT
n=0
for p in "$stage"/*; do
	n=$((n + 1))
	[ "$n" -gt "$skip" ] || continue
	pname=$(basename "$p")
	pname=${pname#[0-9][0-9]-}
	pab_apply_patch "$ROOT$VSRC" "$p" "linux-source-$PROFILE_SERIES $srcver" "$pname"
	echo "applied $pname" >>"$log"
done
trap '[ "$stage" = "$PROFILE_DIR/patches" ] || rm -rf "$stage"' EXIT
# Objects: the base's (or --from's) with their time stamps, and every text
# file naming its paths pointed at the variant's (Kbuild compares the recorded
# command lines: a path left unchanged would rebuild everything, never the
# wrong thing).
rm -rf "${ROOT:?}$VKDIR"
cp -a "$ROOT$FKDIR" "$ROOT$VKDIR"
grep -rlIF -e "$FSRC" -e "$FKDIR" "$ROOT$VKDIR" | while read -r f; do
	t=$(stat -c %y "$f")
	A=$FSRC B=$VSRC C=$FKDIR D=$VKDIR perl -pi -e 's/\Q$ENV{A}\E(?=[\/\s"\x27:)]|$)/$ENV{B}/g; s/\Q$ENV{C}\E(?=[\/\s"\x27:)]|$)/$ENV{D}/g' "$f"
	touch -d "$t" "$f"
done
rm -f "$ROOT$VKDIR/.pab-key"
echo "$VSRC" >"$ROOT$VKDIR/.pab-src"

pab_log "building $PROFILE_NAME: $PROFILE_BASE + $(ls "$stage" | wc -l) patch(es), from ${from:-its} objects; log: $log"
pab_kbuild_ticker "$log"
# uname -r carries the variant: 7.2.13-pab+NAME.
if ! pab_kmake "$VSRC" "$VKDIR" -j"$(nproc)" LOCALVERSION="+$PROFILE_VARIANT" \
	"$target" modules modules_prepare >>"$log" 2>&1; then
	pab_excerpt "$log" 'error|Error'
	# The line that failed, in the one line (vm/series.sh names the patch by it).
	pab_die "kernel build for $PROFILE_NAME failed: $(pab_last_error "$log") (full log: $log)"
fi
kill "$PAB_TICKER" 2>/dev/null || true
secs=$(($(date +%s) - t0))
compiled=$(grep -cE '^  (CC|AS) ' "$log" || true)
if [ "$stage" != "$PROFILE_DIR/patches" ]; then
	mkdir -p "$PROFILE_DIR"
	rm -rf "$PROFILE_DIR/patches"
	cp -r "$stage" "$PROFILE_DIR/patches"
	rm -rf "$stage"
fi
pab_kernel_save "$VSRC" "$VKDIR" "$srcver" "$k" "$log" \
	"$(cat "$BASE_DIR/how" 2>/dev/null || echo "$PROFILE_BASE") + patches: $(ls "$PROFILE_DIR/patches" | tr '\n' ' ' | sed 's/ $//')"
echo "$PROFILE_BASE" >"$PROFILE_DIR/base"
pab_log "built $(cat "$PROFILE_DIR/krelease") in $secs s: $compiled files compiled (the base's objects reused)"
[ ${#patches[@]} = 0 ] || echo "$PROFILE_NAME"
