# shellcheck shell=bash
# A private apt configuration for fetching guest packages (kernels, headers,
# busybox) of other suites and architectures. It has its own sources list,
# lists dir, status file and cache, so the system's apt is never touched and a
# plain 'apt-get install' on the host can never be dragged to sid.
# Sourced after vm/lib.sh.

PAB_APT_DIR=$PAB_CACHE/apt
PAB_DEBS=$PAB_CACHE/debs

# The private configuration's options, defined once for apt-get and
# apt-cache: both read only these sources, lists, status, caches and pins
# (an apt-cache without the Preferences options read the host's pins). The
# binary caches are named explicitly: without them apt-cache rebuilds its
# cache of all four suites' lists on every call (6-7 s each, here).
PAB_APT_OPTS=(
	-o Dir::Etc::SourceList="$PAB_APT_DIR/sources.list"
	-o Dir::Etc::SourceParts="$PAB_APT_DIR/sources.list.d"
	-o Dir::Etc::Preferences="$PAB_APT_DIR/preferences"
	-o Dir::Etc::PreferencesParts="$PAB_APT_DIR/preferences.d"
	-o Dir::State::Lists="$PAB_APT_DIR/lists"
	-o Dir::State::status="$PAB_APT_DIR/status"
	-o Dir::Cache="$PAB_APT_DIR/cache"
	-o Dir::Cache::pkgcache="$PAB_APT_DIR/cache/pkgcache.bin"
	-o Dir::Cache::srcpkgcache="$PAB_APT_DIR/cache/srcpkgcache.bin"
	-o APT::Architecture=amd64
	-o APT::Architectures::=amd64 -o APT::Architectures::=arm64
)

pab_apt() {
	apt-get -q "${PAB_APT_OPTS[@]}" \
		-o Debug::NoLocking=1 \
		-o Acquire::Check-Valid-Until=false \
		"$@"
}

pab_apt_cache() {
	apt-cache "${PAB_APT_OPTS[@]}" "$@"
}

# Refresh the private lists when missing or older than a day (PAB_APT_REFRESH=1 forces;
# so do lists from before the deb-src line).
pab_apt_update() {
	local mirror suites stamp=$PAB_APT_DIR/updated
	if [ -f "$stamp" ] && [ -z "${PAB_APT_REFRESH:-}" ] && grep -q '^deb-src' "$PAB_APT_DIR/sources.list" 2>/dev/null &&
		[ -n "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
		return 0
	fi
	mirror=$(pab_mirror) || exit 1
	mkdir -p "$PAB_APT_DIR"/{lists/partial,sources.list.d,preferences.d,cache/archives/partial} "$PAB_DEBS"
	: >"$PAB_APT_DIR/status"
	: >"$PAB_APT_DIR/preferences"
	# The guest kernels' suites, and this machine's own (userspace libraries for
	# the cross build must match its glibc).
	suites=$( (awk '!/^#/ && NF { print $3 }' "$PAB_PROFILES"; . /etc/os-release && echo "$VERSION_CODENAME") | sort -u)
	for s in $suites; do
		echo "deb [arch=amd64,arm64 signed-by=${PAB_APT_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}] $mirror $s main"
	done >"$PAB_APT_DIR/sources.list"
	# Sources of this machine's own suite: headers Debian does not install
	# (QEMU's qemu-plugin.h, vm/build_plugin.sh) come from the source package
	# of the installed version.
	(. /etc/os-release && echo "deb-src [signed-by=${PAB_APT_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}] $mirror $VERSION_CODENAME main") \
		>>"$PAB_APT_DIR/sources.list"
	pab_log "refreshing private package lists ($(echo $suites)) from $mirror"
	rm -f "$PAB_APT_DIR"/cache/*pkgcache.bin
	# --error-on=any: a suite whose new Release fails its signature check is an
	# error, not a warning that quietly keeps the previous lists.
	pab_apt update --error-on=any >"$PAB_APT_DIR/update.log" 2>&1 ||
		pab_die "private 'apt-get update' failed (see $PAB_APT_DIR/update.log): $(pab_apt_update_error)"
	pab_apt_stale_suites
	touch "$stamp"
}

# The first error line of the last update, for the one-line failure.
pab_apt_update_error() {
	local e
	e=$(grep -m1 -E '^E:' "$PAB_APT_DIR/update.log" | sed 's/^E: *//' | tr -s ' ' | cut -c1-240)
	echo "${e:-is the mirror reachable?}"
}

# The mirror serves suites as snapshots: a Release past its Valid-Until is
# accepted (Acquire::Check-Valid-Until=false above, in the private options
# only; signatures are still checked), but the user hears of it, one line per
# suite, since its kernels are then not the newest Debian has.
pab_apt_stale_suites() {
	local f suite date until now
	now=$(date -u +%s)
	for f in "$PAB_APT_DIR"/lists/*_InRelease "$PAB_APT_DIR"/lists/*_Release; do
		[ -f "$f" ] || continue
		suite=${f##*_dists_} suite=${suite%_InRelease} suite=${suite%_Release}
		date=$(sed -n 's/^Date: //p' "$f" | head -n 1)
		until=$(sed -n 's/^Valid-Until: //p' "$f" | head -n 1)
		[ -n "$until" ] || continue
		[ "$(date -u -d "$until" +%s 2>/dev/null || echo "$now")" -lt "$now" ] || continue
		pab_log "suite $suite: Release of $(date -u -d "$date" +%F 2>/dev/null || echo "$date") expired on $(date -u -d "$until" +%F); using it as a snapshot (signature checked)"
	done
}

# pab_apt_in_suite SUITE ARCH NAME...: the NAMEs that SUITE carries for ARCH.
pab_apt_in_suite() {
	local suite=$1 arch=$2
	shift 2
	[ $# -gt 0 ] || return 0
	pab_apt_cache madison "${@/%/:$arch}" 2>/dev/null |
		awk -v s=" $suite/main $arch " 'index($0, s) { sub(/:.*/, "", $1); print $1 }' | sort -u
}

# pab_apt_newest_in SUITE ARCH REGEX: the newest package name matching REGEX
# (anchored) that SUITE itself carries (not a newer one another suite has).
pab_apt_newest_in() {
	# shellcheck disable=SC2046 # package names have no spaces
	pab_apt_in_suite "$1" "$2" $(pab_apt_cache pkgnames | grep -E "^($3)\$") | sort -V | tail -n 1
}

# pab_apt_download PKG[:ARCH][/SUITE]...: download into $PAB_DEBS (once), print
# the .deb paths. Without a suite, the newest version any suite has.
pab_apt_download() {
	local p name arch ver file suite
	for p in "$@"; do
		suite=
		case $p in */*) suite=${p#*/} p=${p%/*} ;; esac
		name=${p%%:*} arch=amd64
		[ "$name" != "$p" ] && arch=${p#*:}
		if [ -n "$suite" ]; then
			ver=$(pab_apt_cache madison "$name:$arch" 2>/dev/null |
				awk -F'|' -v s=" $suite/" 'index($3, s) { gsub(/ /, "", $2); print $2; exit }')
		else
			ver=$(pab_apt_cache policy "$name:$arch" 2>/dev/null | awk '/Candidate:/ { print $2 }')
		fi
		[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
			pab_die "package $name ($arch) is not available from the configured suites"
		# apt names files NAME_VERSION_ARCH.deb with an epoch's ':' as '%3a'.
		file=$(pab_deb_path "$name" "$ver" "$arch")
		if [ -z "$file" ]; then
			(cd "$PAB_DEBS" && pab_apt download "$name:$arch=$ver" >/dev/null 2>"$PAB_DEBS/download.err") ||
				pab_die "download of $name:$arch=$ver failed: $(tail -n 1 "$PAB_DEBS/download.err")"
			file=$(pab_deb_path "$name" "$ver" "$arch")
			[ -n "$file" ] || pab_die "apt-get download of $name:$arch=$ver left no .deb in $PAB_DEBS"
		fi
		echo "$file"
	done
}

pab_deb_path() {
	local v=${2//:/%3a} a
	for a in "$3" all; do
		if [ -f "$PAB_DEBS/${1}_${v}_$a.deb" ]; then
			echo "$PAB_DEBS/${1}_${v}_$a.deb"
			return
		fi
	done
}

# pab_apt_source_file PKG VERSION MEMBER DEST: the file MEMBER (a path inside
# the upstream tarball, e.g. include/qemu/qemu-plugin.h) of source package
# PKG at VERSION, to DEST. The source is fetched once into $PAB_CACHE/src
# (apt checks it against the signed Sources index) and refused if Debian's
# patches touch MEMBER (the orig tarball's copy would not be the built one).
pab_apt_source_file() {
	local pkg=$1 ver=$2 member=$3 dest=$4 dir=$PAB_CACHE/src/$1_$2 orig debian
	if ! ls "$dir"/*.orig.tar.* >/dev/null 2>&1; then
		mkdir -p "$dir"
		(cd "$dir" && pab_apt source --download-only "$pkg=$ver" >"$dir/fetch.log" 2>&1) ||
			pab_die "fetching the source of $pkg $ver failed: $(grep -m1 -E '^E:' "$dir/fetch.log" | cut -c1-200) (log: $dir/fetch.log)"
	fi
	orig=$(ls "$dir"/*.orig.tar.* | head -n 1)
	debian=$(ls "$dir"/*.debian.tar.* 2>/dev/null | head -n 1)
	if [ -n "$debian" ] && tar -xOf "$debian" --wildcards 'debian/patches/*' 2>/dev/null | grep -q "^+++ .*/$member"; then
		pab_die "Debian's patches of $pkg $ver change $member: take it from the patched tree instead"
	fi
	mkdir -p "$(dirname "$dest")"
	tar -xOf "$orig" --wildcards "*/$member" >"$dest.tmp" 2>/dev/null && [ -s "$dest.tmp" ] ||
		pab_die "$member is not in $(basename "$orig")"
	mv "$dest.tmp" "$dest"
}
