#!/usr/bin/env bash
# Fetch (once) a guest profile's kernel image and module-build packages from
# Debian into $PAB_CACHE/kernels/PROFILE, through the private apt config.
#
# usage: vm/fetch_kernel.sh PROFILE
# Leaves in $PAB_CACHE/kernels/PROFILE:
#   vmlinuz   kernel image        config     its .config
#   kver      e.g. 7.2.13+deb14   krelease   uname -r, e.g. 7.2.13+deb14-arm64
#   hdr-debs  the .debs (headers, common headers, host kbuild) to unpack in the build root
# Profiles with flavour source:NAME go to vm/build_kernel.sh instead, which
# leaves the same first four files and kdir (its object tree) for hdr-debs.
set -euo pipefail
PAB_PROG=fetch-kernel
. "$(dirname "$0")/lib.sh"
. "$PAB_ROOT/vm/apt.sh"

[ $# = 1 ] || pab_die "usage: vm/fetch_kernel.sh PROFILE"
pab_profile "$1"
# Source-built profiles (flavour source:NAME) have no Debian image to fetch.
[ -z "$PROFILE_KCONFIG" ] || exec "$PAB_ROOT/vm/build_kernel.sh" "$PROFILE_NAME"
if [ -s "$PROFILE_DIR/vmlinuz" ] && [ -s "$PROFILE_DIR/hdr-debs" ]; then
	exit 0
fi
pab_need apt-get apt
pab_need dpkg-deb dpkg
pab_apt_update

series=${PROFILE_SERIES//./\\.}
img=$(pab_apt_newest_in "$PROFILE_SUITE" "$PROFILE_ARCH" "linux-image-${series}\.[0-9]+\+deb[0-9]+-${PROFILE_FLAVOUR}")
if [ -z "$img" ]; then
	# Suites move on (sid drops a series when the next one arrives): say what
	# there is instead, so the profile can be pointed at a suite that has it.
	carried=$(pab_apt_cache pkgnames | grep -E "^linux-image-[0-9]+\.[0-9]+\.[0-9]+\+deb[0-9]+-${PROFILE_FLAVOUR}\$" |
		while read -r n; do
			v=${n#linux-image-} v=${v%%+*}
			pab_apt_cache madison "$n:$PROFILE_ARCH" 2>/dev/null |
				awk -F'|' -v s="${v%.*}" '{ split($3, a, " "); split(a[2], b, "/"); print b[1] " " s }'
		done | sort -u | awk '{ c[$1] = c[$1] (c[$1] ? "," : "") $2 } END { for (k in c) printf "%s%s: %s", (n++ ? "; " : ""), k, c[k] }')
	pab_die "profile $PROFILE_NAME: Debian $PROFILE_SUITE no longer carries a $PROFILE_SERIES kernel for $PROFILE_ARCH ($PROFILE_FLAVOUR); the suites carry ${carried:-none}: edit vm/profiles.conf"
fi
krelease=${img#linux-image-}
kver=${krelease%-"$PROFILE_FLAVOUR"}
pab_log "$PROFILE_NAME: kernel $krelease"

pkgs=("$img:$PROFILE_ARCH/$PROFILE_SUITE" "linux-headers-$krelease:$PROFILE_ARCH/$PROFILE_SUITE"
	"linux-headers-$kver-common/$PROFILE_SUITE" "linux-kbuild-$kver:amd64/$PROFILE_SUITE")
# 7.x split the image package: the kernel and modules are in linux-binary-KREL,
# the config in linux-base-KREL. 6.12 has neither.
for split in base binary; do
	if pab_apt_cache show "linux-$split-$krelease:$PROFILE_ARCH" >/dev/null 2>&1; then
		pkgs+=("linux-$split-$krelease:$PROFILE_ARCH/$PROFILE_SUITE")
	fi
done
pab_apt_download "${pkgs[@]}" >"$PAB_DEBS/$PROFILE_NAME.list"
mapfile -t debs <"$PAB_DEBS/$PROFILE_NAME.list"

rm -rf "$PROFILE_DIR.tmp"
mkdir -p "$PROFILE_DIR.tmp/x"
for d in "${debs[@]}"; do
	case $(basename "$d") in
	linux-image-* | linux-base-* | linux-binary-*) dpkg-deb -x "$d" "$PROFILE_DIR.tmp/x" ;;
	esac
done
vmlinuz=$(find "$PROFILE_DIR.tmp/x" -path "*/boot/vmlinu*-$krelease" -o -path "*/modules/$krelease/vmlinu*" | head -n 1)
config=$(find "$PROFILE_DIR.tmp/x" -path "*/boot/config-$krelease" -o -path "*/modules/$krelease/config" | head -n 1)
[ -n "$vmlinuz" ] || pab_die "$img has no kernel image (looked for /boot/vmlinuz-$krelease and /usr/lib/modules/$krelease/vmlinuz)"
[ -n "$config" ] || pab_die "no config-$krelease in $img or linux-base-$krelease"
mv "$vmlinuz" "$PROFILE_DIR.tmp/vmlinuz"
mv "$config" "$PROFILE_DIR.tmp/config"
# Keep the modules tree: the initramfs may need a driver that is not built in.
mods=$(find "$PROFILE_DIR.tmp/x" -maxdepth 4 -type d -path "*/lib/modules/$krelease" | head -n 1)
[ -n "$mods" ] && [ -d "$mods/kernel" ] && mv "$mods" "$PROFILE_DIR.tmp/modules"
echo "$kver" >"$PROFILE_DIR.tmp/kver"
echo "$krelease" >"$PROFILE_DIR.tmp/krelease"
printf '%s\n' "${debs[@]}" | grep -v -e /linux-image- -e /linux-binary- >"$PROFILE_DIR.tmp/hdr-debs"
rm -rf "$PROFILE_DIR.tmp/x" "$PROFILE_DIR"
mv "$PROFILE_DIR.tmp" "$PROFILE_DIR"
