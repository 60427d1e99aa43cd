#!/usr/bin/env bash
# Module builds where users run them:
# - a failing step always ends with its one line: with 'unshare' and 'chroot'
#   failing the way they do in a container (messages without the word
#   "error"), vm/build_kmod.sh used to exit silently (its grep | head of the
#   log failed under pipefail before pab_die ran);
# - a warning is a warning for users and an error for the test suite
#   (PAB_KMOD_WERROR=1);
# - inside a chroot, where '/' is not a mount point and 'unshare --mount'
#   cannot work, the real module still builds, and its build log says which
#   way the build root got its /proc.
# The chroot is a minimal Debian of this machine's release, made once with
# debootstrap and cached under $PAB_CACHE (about 1 minute, 250 MB).
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/vm/lib.sh"
profile=${1:-arm64-7.2}
t=$(mktemp -d)
mounts=()
cleanup() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null; done
	rm -rf "$t"
}
trap cleanup EXIT

# 1. Failures without an "error" line still end with the one line.
mkdir -p "$t/shim"
printf '#!/bin/sh\necho "unshare: cannot change root filesystem propagation: Invalid argument" >&2\nexit 1\n' >"$t/shim/unshare"
printf '#!/bin/sh\necho "chroot: cannot run the command here" >&2\nexit 125\n' >"$t/shim/chroot"
chmod +x "$t/shim/unshare" "$t/shim/chroot"
PATH=$t/shim:$PATH PAB_BUILD=$t/b "$root/vm/build_kmod.sh" "$profile" >"$t/fail.out" 2>"$t/fail.err"
rc=$?
t_check "a build whose chroot fails exits non-zero (exit $rc)" test "$rc" != 0
t_check "and ends with its one line naming the profile and the log" \
	grep -q "^build-kmod: error: module build for $profile failed (full log: .*): chroot: cannot run the command here" "$t/fail.err"
t_check "the build root's /proc was unmounted again" bash -c "! grep -q ' $("$root/vm/buildroot.sh" --print)/proc ' /proc/mounts"

# 2. Warnings: a module whose source warns builds for a user (the warning on
#    stderr) and fails the test suite's build (PAB_KMOD_WERROR=1, which
#    ./run_all.sh test sets), with one line naming the warning.
mkdir -p "$t/warn"
printf 'obj-m := pab_warn.o\n' >"$t/warn/Kbuild"
printf '#include <linux/module.h>\nstatic int __init w_init(void) { int unused; return 0; }\nmodule_init(w_init);\nMODULE_LICENSE("GPL");\n' >"$t/warn/pab_warn.c"
PAB_KMOD_WERROR='' PAB_BUILD=$t/b "$root/vm/build_kmod.sh" "$profile" "$t/warn" >"$t/warn.out" 2>"$t/warn.err"
rc=$?
t_check "a module that warns still builds for a user (exit $rc)" bash -c "test $rc = 0 && grep -q 'pab_warn.ko$' '$t/warn.out'"
t_check "... printing the warning" grep -q "warning: unused variable .unused." "$t/warn.err"
PAB_KMOD_WERROR=1 PAB_BUILD=$t/b "$root/vm/build_kmod.sh" "$profile" "$t/warn" >"$t/werror.out" 2>"$t/werror.err"
rc=$?
t_check "with PAB_KMOD_WERROR=1 the same build fails (exit $rc)" test "$rc" != 0
t_check "... ending with one line naming the warning ($(tail -n 1 "$t/werror.err" | cut -c1-120))" \
	bash -c "tail -n 1 '$t/werror.err' | grep -q \"^build-kmod: error: module build for $profile failed (full log: .*): .*unused variable .unused. \[-Werror=unused-variable\]\""

# 3. A real build from inside a chroot of a minimal Debian.
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
jail=$PAB_CACHE/chroot-$codename
if [ ! -f "$jail/.pab-ready" ]; then
	pab_need debootstrap debootstrap
	rm -rf "$jail"
	debootstrap --variant=minbase "$codename" "$jail" "$(pab_mirror)" >"$t/debootstrap.log" 2>&1 &&
		touch "$jail/.pab-ready" || { tail -n 3 "$t/debootstrap.log"; t_fail "debootstrap $codename failed"; t_done; exit; }
fi
mkdir -p "$jail/src" "$jail/cache" "$jail/proc" "$jail/dev"
bind() { mount --bind "$1" "$2" && mounts+=("$2"); }
bind "$root" "$jail/src" && bind "$PAB_CACHE" "$jail/cache" && bind /dev "$jail/dev" &&
	mount -t proc proc "$jail/proc" && mounts+=("$jail/proc") ||
	{ t_fail "could not set up the chroot's mounts"; t_done; exit; }
t_check "in the chroot, 'unshare --mount' really fails (what this test is about)" \
	bash -c "! chroot '$jail' unshare --mount --fork true 2>/dev/null"
chroot "$jail" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root PAB_CACHE=/cache PAB_BUILD=/tmp/pab-build \
	/src/vm/build_kmod.sh "$profile" >"$t/jail.out" 2>"$t/jail.err"
rc=$?
t_check "the module builds inside the chroot (exit $rc: $(tail -n 1 "$t/jail.err"))" test "$rc" = 0
t_check "the .ko is there" test -s "$jail/tmp/pab-build/kmod/$profile/pageattr_bench.ko"
t_check "the build log says /proc was mounted in the build root instead of a namespace" \
	grep -q "'unshare --mount' does not work here" "$jail/tmp/pab-build/kmod/$profile/build.log"
t_check "and unmounted it afterwards" bash -c "! grep -q '/cache/buildroot-sid/proc ' /proc/mounts"
rm -rf "$jail/tmp/pab-build"
t_done
