# shellcheck shell=bash
# Shared helpers for the guest rig. Sourced, never executed.
#
# Everything downloaded or built for guests lives under $PAB_CACHE (outside the
# clone, so a fresh clone reuses it); the system's own apt configuration is only
# ever *read* (for the mirror address), never changed.

PAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PAB_CACHE=${PAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pageattr-bench}
PAB_BUILD=${PAB_BUILD:-$PAB_ROOT/build}
PAB_PROFILES=${PAB_PROFILES:-$PAB_ROOT/vm/profiles.conf}
export PAB_ROOT PAB_CACHE PAB_BUILD
# A CPU identity on the kernel's BBML2_NOABORT allow-list (Neoverse-V3 r0p2:
# the list takes V3 from r0p2), for guests where splits must happen: the
# linear map then keeps its blocks (vm/guest.sh --midr; README "Machine state").
# shellcheck disable=SC2034 # for the scripts that source this file
PAB_BBML2_MIDR=0x410fd842

pab_log()  { printf '%s: %s\n' "${PAB_PROG:-pab}" "$*" >&2; }
pab_die()  { printf '%s: error: %s\n' "${PAB_PROG:-pab}" "$*" >&2; exit "${PAB_DIE_STATUS:-1}"; }

# pab_need CMD PACKAGE: fail with the one line that says how to get CMD.
pab_need() {
	command -v "$1" >/dev/null 2>&1 ||
		pab_die "'$1' not found: install it with 'apt-get install $2' (or run ./run_all.sh deps)"
}

# pab_profile NAME: set PROFILE_* from vm/profiles.conf or die listing the valid names.
# A name BASE+VARIANT is a patched variant of the source-built profile BASE
# (vm/patch_kernel.sh BASE --patch FILE... --name VARIANT): PROFILE_BASE and
# PROFILE_VARIANT say so; its patches are recorded in its cache directory.
pab_profile() {
	local line base=${1%%+*}
	PROFILE_VARIANT=
	[ "$base" = "$1" ] || PROFILE_VARIANT=${1#*+}
	[ -z "$PROFILE_VARIANT" ] || [[ $PROFILE_VARIANT =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] ||
		pab_die "variant name '$PROFILE_VARIANT' of '$1': letters, digits, '.', '_' and '-' only"
	line=$(awk -v n="$base" '!/^#/ && $1 == n' "$PAB_PROFILES")
	[ -n "$line" ] || pab_die "unknown guest profile '$base' (valid: $(pab_profile_names | tr '\n' ' '))"
	# shellcheck disable=SC2034 # consumed by the scripts that source this file
	read -r PROFILE_NAME PROFILE_ARCH PROFILE_SUITE PROFILE_SERIES PROFILE_FLAVOUR PROFILE_DESC <<<"$line"
	PROFILE_BASE=$PROFILE_NAME
	PROFILE_NAME=$1
	# shellcheck disable=SC2034 # the PROFILE_* and KARCH variables are for the callers
	PROFILE_DIR=$PAB_CACHE/kernels/$PROFILE_NAME
	# Flavour "source:NAME[,NAME...]": no Debian image; vm/build_kernel.sh builds
	# one from linux-source-SERIES with the Kconfig fragments
	# vm/kconfig/ARCH-NAME.config, in order (a later line wins).
	# PROFILE_KCONFIG: the first (set means source-built), PROFILE_KCONFIGS: all.
	PROFILE_KCONFIG='' PROFILE_KCONFIGS=()
	case $PROFILE_FLAVOUR in
	source:?*)
		local f
		IFS=, read -r -a f <<<"${PROFILE_FLAVOUR#source:}"
		for f in "${f[@]}"; do PROFILE_KCONFIGS+=("$PAB_ROOT/vm/kconfig/$PROFILE_ARCH-$f.config"); done
		PROFILE_KCONFIG=${PROFILE_KCONFIGS[0]} ;;
	source:) pab_die "profile $1: flavour 'source:' needs a fragment name, e.g. source:debug" ;;
	esac
	[ -z "$PROFILE_VARIANT" ] || [ -n "$PROFILE_KCONFIG" ] ||
		pab_die "profile $1: $PROFILE_BASE is a Debian binary kernel; patches need a source-built base (e.g. arm64-7.2-src)"
	# shellcheck disable=SC2034 # for the callers, as above
	case $PROFILE_ARCH in
	arm64) PROFILE_QEMU=qemu-system-aarch64 PROFILE_TRIPLET=aarch64-linux-gnu KARCH=arm64 ;;
	amd64) PROFILE_QEMU=qemu-system-x86_64 PROFILE_TRIPLET=x86_64-linux-gnu KARCH=x86 ;;
	*) pab_die "profile $1: unsupported arch '$PROFILE_ARCH'" ;;
	esac
}

pab_profile_names() { awk '!/^#/ && NF { print $1 }' "$PAB_PROFILES"; }

# pab_sweep_complete RESULTS.json: whether a sweep's result file says every
# configuration has its record. 'pageattr-bench sweep' rewrites the file with
# "complete": false after each configuration and with true once all are in,
# on a line of its own at the top level, before "results" (read there, not
# through the whole file). No file, an older file without the marker, or
# false: not complete, and ./run_all.sh runs 'sweep --resume'.
pab_sweep_complete() {
	[ -f "$1" ] && awk '/^  "results": / { exit } $0 == "  \"complete\": true," { ok = 1; exit }
		END { exit !ok }' "$1"
}

# pab_run_finished DIR: a main job's results directory that --resume leaves
# alone: its sweep complete and its report written (the last step).
pab_run_finished() {
	[ -f "$1/report.html" ] && pab_sweep_complete "$1/results.json"
}

# The Debian mirror this machine already uses, read from its apt sources at run
# time (no host name is written into the repo). PAB_MIRROR overrides.
pab_mirror() {
	if [ -n "${PAB_MIRROR:-}" ]; then echo "$PAB_MIRROR"; return; fi
	local codename uri
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	uri=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' \
		'Created-By: Packages' 2>/dev/null |
		awk -v c="$codename" '$2 == c && $3 == "main" { print $1; exit }')
	[ -n "$uri" ] || pab_die "no Debian mirror for '$codename' main found in this machine's apt sources; set PAB_MIRROR=URL"
	echo "${uri%/}"
}

# pab_excerpt FILE REGEX [N]: the first N (20) lines of FILE matching REGEX, on
# stderr, before the caller's one-line error. Never fails: under pipefail a
# grep that finds nothing would otherwise end the script before pab_die.
pab_excerpt() {
	grep -E "$2" "$1" 2>/dev/null | head -n "${3:-20}" >&2 || true
}

# pab_last_error LOG: the line that best says why a logged command failed (its
# first "error" line, else its last line), cut to fit in a one-line message.
pab_last_error() {
	# "error:" (compilers), "Error 2" (make), not a file name like pab_error.o.
	{ grep -m1 -E '(^|[^A-Za-z_])[Ee]rror([: ]|$)' "$1" 2>/dev/null || tail -n 1 "$1" 2>/dev/null || true; } |
		head -n 1 | cut -c1-200
}

# pab_inroot ROOT CMD [ARGS...]: run CMD chrooted into ROOT with a /proc
# (x86 objtool and Kbuild read it). Normally in a private mount namespace, so
# the /proc mount vanishes with the command whatever happens to it. Inside a
# chroot or a container, where '/' is not a mount point of its own, 'unshare
# --mount' cannot make the propagation private ("Invalid argument"): then
# /proc is mounted in ROOT for the command and unmounted afterwards. Which one
# ran is said on stderr (the caller's build log) as the first line.
pab_inroot() {
	local root=$1 rc=0
	shift
	if unshare --mount --fork true 2>/dev/null; then
		echo "pab: build root $root: private mount namespace with /proc (unshare --mount)" >&2
		unshare --mount --fork sh -c 'mount -t proc proc "$1/proc" && shift && exec chroot "$@"' \
			sh "$root" "$root" "$@"
		return
	fi
	echo "pab: build root $root: 'unshare --mount' does not work here (chroot or container?): /proc mounted in the build root for this command, unmounted after it" >&2
	mount -t proc proc "$root/proc" || return
	chroot "$root" "$@" || rc=$?
	umount "$root/proc" 2>/dev/null || umount -l "$root/proc" 2>/dev/null || true
	return "$rc"
}

# pab_unpack_linux_source DEB DIR: the kernel tree of a linux-source-X
# package (its ./usr/src/linux-source-X.tar.xz) unpacked into DIR, once:
# DIR/.pab-unpacked marks a whole one, and a half one (an interrupted
# unpack) is made again.
pab_unpack_linux_source() {
	local deb=$1 dir=$2 pkg
	[ ! -f "$dir/.pab-unpacked" ] || return 0
	pkg=$(dpkg-deb -f "$deb" Package)
	pab_log "unpacking $pkg $(dpkg-deb -f "$deb" Version) into $dir"
	rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" |
		tar -xJ --no-same-owner --strip-components=1 -C "$dir.tmp" ||
		pab_die "cannot unpack $pkg.tar.xz from $deb"
	touch "$dir.tmp/.pab-unpacked"
	rm -rf "$dir" && mv "$dir.tmp" "$dir"
}

# pab_build_host [TARGET...]: configure and build the host tools and tests
# into $PAB_BUILD/host (logs beside them), or only the targets named (the
# program alone: --target pageattr-bench); the one error line names the
# first compiler error.
pab_build_host() {
	local t targets=()
	for t in "$@"; do targets+=(--target "$t"); done
	mkdir -p "$PAB_BUILD"
	cmake -S "$PAB_ROOT" -B "$PAB_BUILD/host" -DPAB_TESTS=ON >"$PAB_BUILD/host.configure.log" 2>&1 ||
		pab_die "cmake configure failed (log: $PAB_BUILD/host.configure.log)"
	cmake --build "$PAB_BUILD/host" -j "$(nproc)" "${targets[@]}" >"$PAB_BUILD/host.build.log" 2>&1 ||
		{ pab_excerpt "$PAB_BUILD/host.build.log" error 10; pab_die "build failed (log: $PAB_BUILD/host.build.log)"; }
}

# pab_prepare_guest PROFILE: everything a guest run of PROFILE needs, fetched
# and built (each piece cached; vm/build_kmod.sh decides whether the module
# is current).
pab_prepare_guest() {
	pab_profile "$1"
	"$PAB_ROOT/vm/fetch_kernel.sh" "$1"
	"$PAB_ROOT/vm/build_kmod.sh" "$1" >/dev/null
	"$PAB_ROOT/vm/build_userspace.sh" "$PROFILE_ARCH" >/dev/null
}

# pab_apply_patch TREE FILE WHAT [NAME]: FILE applied to TREE (-p1, no fuzz:
# a hunk whose context moved is refused, as git am refuses it), after a dry
# run, so a patch that does not apply leaves TREE as it was and ends the
# script with one line naming the hunk and the file: "patch NAME does not
# apply to WHAT: hunk #2 FAILED at 120 in mm/foo.c" (NAME: FILE's name).
# vm/patch_kernel.sh and vm/build_deb.sh apply patches with it.
pab_apply_patch() {
	local tree=$1 p=$2 what=$3 out why pname=${4:-$(basename "$2")}
	if ! out=$(patch -p1 -F0 -d "$tree" --dry-run -f --no-backup-if-mismatch <"$p" 2>&1); then
		# "Hunk #2 FAILED at 120." under "checking file F": the one line names both.
		why=$(printf '%s\n' "$out" | awk '
			/^checking file / { f = substr($0, 15) }
			/^\|\+\+\+ / { f = $2; sub(/^b\//, "", f) }
			/^can.t find file to patch/ { nf = 1 }
			nf && /^No file to patch/ { print "it changes " f ", which the tree does not have"; exit }
			/^Hunk #[0-9]+ FAILED/ { sub(/\.$/, "", $0); print tolower(substr($0, 1, 1)) substr($0, 2) " in " f; exit }')
		pab_die "patch $pname does not apply to $what: ${why:-$(printf '%s\n' "$out" | head -n 1)}"
	fi
	patch -p1 -F0 -d "$tree" -f -s --no-backup-if-mismatch <"$p"
}
