#!/usr/bin/env bash
# vm/build_deb.sh without a kernel build: its bad command lines (one line
# each, non-zero), the cache key (the same inputs the same key; a byte of
# config or patch, the patches' order, the source version, the modules
# --lsmod names: another key; lsmod's sizes and users: the same), a
# patch that does not apply (one line naming the hunk and the file, the source
# tree untouched), one that applies (the source tree still untouched: the
# patched copy is hard links), and a cached build (the .deb paths on stdout,
# "cached" on stderr, --out's copies). The build itself (hours with a
# distribution config on 2 cores) is machine.fleet_ab's.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PAB_CACHE=$tmp/cache
bd=$root/vm/build_deb.sh

# A fake source tree: what the script looks at before building.
src=$tmp/linux
mkdir -p "$src/mm"
printf 'VERSION = 7\nPATCHLEVEL = 2\n' >"$src/Makefile"
printf 'line one\nline two\nline three\n' >"$src/mm/pageattr.c"
printf 'CONFIG_ARM64=y\nCONFIG_LOCALVERSION=""\n' >"$tmp/config"
cat >"$tmp/good.patch" <<'EOF'
--- a/mm/pageattr.c
+++ b/mm/pageattr.c
@@ -1,3 +1,3 @@
 line one
-line two
+line 2
 line three
EOF
sed 's/^ line one$/ line uno/' "$tmp/good.patch" >"$tmp/bad.patch"
echo 'not a diff' >"$tmp/text.patch"

t_expect_error "no source" "no source: usage: vm/build_deb.sh" "$bd" --config "$tmp/config"
t_expect_error "no --config" "no --config: the target host's /boot/config-RELEASE" "$bd" "$src"
t_expect_error "--config missing" "--config $tmp/none: no such file" "$bd" --config "$tmp/none" "$src"
t_expect_error "--config not a kernel config" "--config $tmp/good.patch: no CONFIG_ line in it" "$bd" --config "$tmp/good.patch" "$src"
t_expect_error "--patch missing" "--patch $tmp/none.patch: no such file" "$bd" --config "$tmp/config" --patch "$tmp/none.patch" "$src"
t_expect_error "--patch not a diff" "--patch $tmp/text.patch: no diff in it" "$bd" --config "$tmp/config" --patch "$tmp/text.patch" "$src"
t_expect_error "an unknown option" "unknown option --jobs" "$bd" --jobs 4 --config "$tmp/config" "$src"
t_expect_error "two sources" "one source only" "$bd" --config "$tmp/config" "$src" "$src"
t_expect_error "a source directory that is none" "source $tmp/nodir: no such directory" "$bd" --config "$tmp/config" "$tmp/nodir"
t_expect_error "a directory that is no kernel tree" "source $tmp: not a kernel source tree" "$bd" --config "$tmp/config" "$tmp"
t_expect_error "a package name that is none" "source linux-source-seven: linux-source-X.Y" "$bd" --config "$tmp/config" linux-source-seven

key() { "$bd" --key --config "$tmp/config" "$@" 2>/dev/null; }
k0=$(key --patch "$tmp/good.patch" "$src")
t_check "--key: 16 hex digits ($k0)" bash -c "[[ '$k0' =~ ^[0-9a-f]{16}\$ ]]"
t_check "--key: the same inputs, the same key" test "$(key --patch "$tmp/good.patch" "$src")" = "$k0"
t_check "--key: without the patch, another key" test "$(key "$src")" != "$k0"
cp "$tmp/config" "$tmp/config2" && echo 'CONFIG_HZ_250=y' >>"$tmp/config2"
t_check "--key: a config line more, another key" \
	test "$("$bd" --key --config "$tmp/config2" --patch "$tmp/good.patch" "$src")" != "$k0"
sed 's/line 2/line II/' "$tmp/good.patch" >"$tmp/good2.patch"
t_check "--key: a patch byte changed, another key" test "$(key --patch "$tmp/good2.patch" "$src")" != "$k0"
t_check "--key: the patches' order matters" \
	test "$(key --patch "$tmp/good.patch" --patch "$tmp/good2.patch" "$src")" != "$(key --patch "$tmp/good2.patch" --patch "$tmp/good.patch" "$src")"
touch -d '2001-01-01' "$src/mm/pageattr.c"
t_check "--key: a source file changed (not a git tree: names, sizes, times), another key" \
	test "$(key --patch "$tmp/good.patch" "$src")" != "$k0"
t_check "--key: a package source by version" bash -c \
	"a=\$(PAB_DEB_SRCVER=7.2.13-1 '$bd' --key --config '$tmp/config' linux-source-7.2/sid) &&
		b=\$(PAB_DEB_SRCVER=7.2.14-1 '$bd' --key --config '$tmp/config' linux-source-7.2/sid) && [ \"\$a\" != \"\$b\" ]"
# localmodconfig's input: the module names, not lsmod's sizes and users.
printf 'Module                  Size  Used by\next4                 1003520  1\nvirtio_net             69632  0\n' >"$tmp/lsmod"
printf 'virtio_net 69632 0 - Live 0xffff800079a60000\next4 1003520 2 - Live 0xffff8000795e0000\n' >"$tmp/modules"
printf 'ext4 1 1\n' >"$tmp/lsmod1"
t_expect_error "--lsmod missing" "--lsmod $tmp/none: no such file" "$bd" --config "$tmp/config" --lsmod "$tmp/none" "$src"
t_expect_error "--lsmod without a module" "--lsmod $tmp/config: no module in it" "$bd" --config "$tmp/config" --lsmod "$tmp/config" "$src"
kl=$(key --lsmod "$tmp/lsmod" --patch "$tmp/good.patch" "$src")
t_check "--key: --lsmod, another key than the whole config" test "$kl" != "$(key --patch "$tmp/good.patch" "$src")"
t_check "--key: lsmod and /proc/modules with the same modules (other sizes, users, order), the same key" \
	test "$(key --lsmod "$tmp/modules" --patch "$tmp/good.patch" "$src")" = "$kl"
t_check "--key: a module fewer, another key" test "$(key --lsmod "$tmp/lsmod1" --patch "$tmp/good.patch" "$src")" != "$kl"

sum() { find "$src" -type f -exec sha256sum {} + | sort; }
before=$(sum)
t_expect_error "a patch that does not apply: the hunk and the file named" \
	"patch bad.patch does not apply to $src: hunk #1 FAILED at 1 in mm/pageattr.c" \
	"$bd" --config "$tmp/config" --patch "$tmp/bad.patch" "$src"
t_check "the source tree untouched by the refused patch" test "$(sum)" = "$before"
# One that applies: the build goes on into the build root and stops there (a
# fake root: one with no compiler, its stamp current); the source stays as it was.
mkdir -p "$PAB_CACHE/buildroot-sid/var/lib/dpkg" "$PAB_CACHE/buildroot-sid/proc"
sed -n 's/^STAMP_VER=//p' "$root/vm/buildroot.sh" >"$PAB_CACHE/buildroot-sid/.pab-ready"
sed -n 's/^DEB_VER=//p' "$root/vm/buildroot.sh" >"$PAB_CACHE/buildroot-sid/.pab-deb-ready"
: >"$PAB_CACHE/buildroot-sid/var/lib/dpkg/status"
"$bd" --config "$tmp/config" --patch "$tmp/good.patch" "$src" >/dev/null 2>"$tmp/err"
t_check "a patch that applies, then a stop with one line ($(cat "$tmp/err"))" test "$(grep -c '' "$tmp/err")" = 1
t_check "the source tree untouched by the applied patch (patched in a copy)" test "$(sum)" = "$before"
t_check "no half-built tree left behind" bash -c "! ls -d '$PAB_CACHE'/debs/.work-* 2>/dev/null"

# A cached build: its .deb files printed, copied with --out.
k=$(key --patch "$tmp/good.patch" "$src")
mkdir -p "$PAB_CACHE/debs/$k"
for p in linux-image-7.2.13-pab-x_1_arm64 linux-headers-7.2.13-pab-x_1_arm64 linux-image-7.2.13-pab-x-dbg_1_arm64 linux-libc-dev_1_arm64; do
	: >"$PAB_CACHE/debs/$k/$p.deb"
done
echo "7.2.13-pab-x: test" >"$PAB_CACHE/debs/$k/done"
"$bd" --config "$tmp/config" --patch "$tmp/good.patch" --out "$tmp/out" "$src" >"$tmp/list" 2>"$tmp/err"
t_check "cached: says so" grep -q 'cached: 7.2.13-pab-x: test' "$tmp/err"
t_check "cached: the image and headers, in --out" bash -c \
	"diff <(printf '%s\n' '$tmp/out/linux-image-7.2.13-pab-x_1_arm64.deb' '$tmp/out/linux-headers-7.2.13-pab-x_1_arm64.deb') '$tmp/list' &&
		test -f '$tmp/out/linux-image-7.2.13-pab-x_1_arm64.deb'"
t_done
