# shellcheck shell=bash
# What vm/build_kernel.sh (source profiles) and vm/patch_kernel.sh (their
# patched variants) share: the compiler, the make line, a progress line while
# a build runs, and the files a built kernel leaves in its cache directory.
# Sourced after lib.sh and pab_profile.

# Bump when a change of recipe needs existing builds redone.
# shellcheck disable=SC2034 # read by the scripts that source this file
RECIPE=1
# Debian builds 7.x with gcc-16; the build root has it for both arches.
KGCC=16
# shellcheck disable=SC2034 # target and image: for the scripts that source this file
case $KARCH in
arm64) target=Image image=arch/arm64/boot/Image cross=$PROFILE_TRIPLET- ;;
x86) target=bzImage image=arch/x86/boot/bzImage cross= ;;
esac
cc=${cross}gcc-$KGCC

# pab_kmake SRC KDIR [MAKE ARGS...]: make in the build root ($ROOT), with a /proc.
pab_kmake() {
	local src=$1 kdir=$2
	shift 2
	pab_inroot "$ROOT" make -C "$src" O="$kdir" ARCH="$KARCH" CROSS_COMPILE="$cross" CC="$cc" \
		HOSTCC="gcc-$KGCC" "$@"
}

# pab_kbuild_ticker LOG: a line every few minutes while a build runs, so a
# long one is visibly alive; stopped by the EXIT trap it sets.
pab_kbuild_ticker() {
	local log=$1 t0
	t0=$(date +%s)
	(
		trap 'kill "$s" 2>/dev/null; exit 0' TERM
		while :; do
			sleep "${PAB_PROGRESS_SECS:-180}" & s=$!
			wait "$s"
			pab_log "  $(( ($(date +%s) - t0) / 60 )) min: $(grep -cE '^  (CC|AS) ' "$log") files compiled, last: $(grep -E '^  [A-Z]' "$log" | tail -n 1 | tr -s ' ')"
		done
	) &
	PAB_TICKER=$!
	trap 'kill "$PAB_TICKER" 2>/dev/null || true' EXIT
}

# pab_kernel_save SRC KDIR SRCVER KEY LOG HOW: the built kernel's files into
# $PROFILE_DIR (vmlinuz, config, kver, krelease, kdir, srcver, key, build.log,
# how: one line on how it was built), replaced whole.
pab_kernel_save() {
	local src=$1 kdir=$2 srcver=$3 key=$4 log=$5 how=$6 f
	for f in "$image" Module.symvers include/config/kernel.release; do
		[ -s "$ROOT$kdir/$f" ] || pab_die "the build finished without $kdir/$f (full log: $log)"
	done
	rm -rf "$PROFILE_DIR.tmp"
	mkdir -p "$PROFILE_DIR.tmp"
	cp "$ROOT$kdir/$image" "$PROFILE_DIR.tmp/vmlinuz"
	cp "$ROOT$kdir/.config" "$PROFILE_DIR.tmp/config"
	awk -F' *= *' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 } $1 == "SUBLEVEL" { s = $2 }
		END { print v "." p "." s }' "$ROOT$src/Makefile" >"$PROFILE_DIR.tmp/kver"
	cp "$ROOT$kdir/include/config/kernel.release" "$PROFILE_DIR.tmp/krelease"
	echo "$kdir" >"$PROFILE_DIR.tmp/kdir"
	echo "$srcver" >"$PROFILE_DIR.tmp/srcver"
	echo "$key" >"$PROFILE_DIR.tmp/key"
	echo "$how" >"$PROFILE_DIR.tmp/how"
	cp "$log" "$PROFILE_DIR.tmp/build.log"
	[ -d "$PROFILE_DIR/patches" ] && cp -r "$PROFILE_DIR/patches" "$PROFILE_DIR.tmp/"
	rm -rf "$PROFILE_DIR"
	mv "$PROFILE_DIR.tmp" "$PROFILE_DIR"
	echo "$key" >"$ROOT$kdir/.pab-key"
}
