#!/usr/bin/env bash
# Build the userspace programs statically for a guest architecture (CMake,
# cross toolchain file for arm64), incrementally.
#
# usage: vm/build_userspace.sh arm64|amd64     -> prints the build's bin dir
set -euo pipefail
PAB_PROG=build-userspace
. "$(dirname "$0")/lib.sh"

. "$PAB_ROOT/vm/apt.sh"

# libpfm4 (static) for arm64: Debian's libpfm4-dev:arm64 from this machine's
# own suite, so it links against the cross glibc of the same release.
pfm_arm64() {
	local root=$PAB_CACHE/sysroot-arm64 codename deb
	if [ ! -f "$root/.pab-pfm" ]; then
		pab_apt_update
		codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
		deb=$(pab_apt_download "libpfm4-dev:arm64/$codename") || exit 1
		rm -rf "$root" && mkdir -p "$root"
		dpkg-deb -x "$deb" "$root" || pab_die "cannot unpack $deb"
		touch "$root/.pab-pfm"
	fi
	echo "$root"
}

case ${1:-} in
arm64) dir=$PAB_BUILD/guest-arm64
	pab_need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
	pfm=$(pfm_arm64) || exit 1
	tc=(-DCMAKE_TOOLCHAIN_FILE="$PAB_ROOT/cmake/toolchain-aarch64-linux-gnu.cmake"
		-DPAB_PFM_ROOT="$pfm") ;;
amd64) dir=$PAB_BUILD/guest-amd64 tc=() ;;
*) pab_die "usage: vm/build_userspace.sh arm64|amd64" ;;
esac
pab_need cmake cmake
if [ ! -f "$dir/CMakeCache.txt" ]; then
	cmake -S "$PAB_ROOT" -B "$dir" "${tc[@]}" -DPAB_STATIC=ON -DPAB_TESTS=OFF \
		-DCMAKE_BUILD_TYPE=Release >"$dir.configure.log" 2>&1 ||
		pab_die "cmake configure for $1 failed (see $dir.configure.log)"
fi
cmake --build "$dir" -j "$(nproc)" >"$dir.build.log" 2>&1 || {
	pab_excerpt "$dir.build.log" 'error'
	pab_die "userspace build for $1 failed (see $dir.build.log)"
}
echo "$dir/bench"
