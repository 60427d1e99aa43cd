#!/usr/bin/env bash
# vm/guest.sh answers bad input with exactly one line on stderr naming the bad
# value, nothing on stdout, and a non-zero exit, before booting anything.
set -u
. "$(dirname "$0")/../lib.sh"
g=$(dirname "$0")/../../vm/guest.sh

t_expect_error "unknown profile names the valid ones" "unknown guest profile 'nope'.*arm64-7.2" "$g" --kernel nope -- true
t_expect_error "unknown profile (--kernel=)" "unknown guest profile 'arm64-9.9'.*amd64-7.2" "$g" --kernel=arm64-9.9 -- true
t_expect_error "--kernel without a profile" "--kernel needs a profile" "$g" --kernel
t_expect_error "no command" "no command given" "$g" --kernel arm64-7.2
t_expect_error "bad --smp" "--smp must be a positive number, not 'zero'" "$g" --smp zero -- true
t_expect_error "bad --mem" "--mem must look like 512M or 2G, not '12'" "$g" --mem 12 -- true
t_expect_error "bad --timeout" "--timeout must be a positive number of seconds, not 'soon'" "$g" --timeout soon -- true
t_expect_error "missing --in file" "--in /nonexistent: no such file" "$g" --in /nonexistent -- true
t_expect_error "unknown option" "unknown option '--frob'" "$g" --frob -- true
t_expect_error "--append without words" "--append needs kernel command-line words" "$g" --append
# vm/patch_kernel.sh and ./run_all.sh --ab: bad patches and bases, before any build.
pk=$(dirname "$0")/../../vm/patch_kernel.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "no diff here" >"$tmp/0001-empty.patch"
printf -- '--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n' >"$tmp/0001-x.patch"
t_expect_error "patch: no base" "usage: vm/patch_kernel.sh BASE" "$pk"
t_expect_error "patch: missing file" "--patch /nonexistent: no such file" "$pk" arm64-7.2-src --patch /nonexistent
t_expect_error "patch: a file with no diff" "no diff in it" "$pk" arm64-7.2-src --patch "$tmp/0001-empty.patch"
t_expect_error "patch: a Debian binary base" "arm64-7.2 is a Debian binary kernel; patches need a source-built base" "$pk" arm64-7.2 --patch "$tmp/0001-x.patch"
t_expect_error "patch: a variant never built" "kernel arm64-7.2-src\+never is not built: vm/patch_kernel.sh arm64-7.2-src --patch FILE... --name never" "$pk" arm64-7.2-src+never
t_expect_error "patch: a bad variant name" "variant name 'a/b' of 'arm64-7.2-src\+a/b': letters, digits" "$pk" arm64-7.2-src --patch "$tmp/0001-x.patch" --name a/b
t_expect_error "guest: a variant never built" "kernel arm64-7.2-src\+never is not built" "$g" --kernel arm64-7.2-src+never -- true
ra=$(dirname "$0")/../../run_all.sh
t_expect_error "--ab with one kernel and no patch" "--ab needs two kernels \(--ab A B\) or one and --patch FILE" "$ra" --ab arm64-7.2-src
t_expect_error "--patch without --ab" "--patch goes with --ab BASE" "$ra" --patch "$tmp/0001-x.patch"
t_expect_error "--ab with --kernel" "--ab names the kernels: drop --kernel" "$ra" --kernel arm64-7.2 --ab arm64-7.2-src arm64-7.2
t_expect_error "--resume on a guest" "--resume goes on with a host-mode run" "$ra" --resume --kernel arm64-7.2
t_expect_error "deps: an unknown set" "deps: unknown set 'nope' \(host, guest, test, slow, fleet\)" "$ra" deps nope
# The full arm64 machine's script: bad commands and options, before booting.
hv=$(dirname "$0")/../../vm/hostvm.sh
t_expect_error "hostvm: unknown command" "unknown command 'boot' \(start, ssh, push, pull, push-checkout, stop, reset, run\)" "$hv" boot
t_expect_error "hostvm: run without a command" "run: no command" "$hv" run --out "$tmp/hv"
t_expect_error "hostvm: start, unknown option" "start: unknown option '--cpu'" "$hv" start --cpu n1
t_check "--list shows every profile" bash -c "'$g' --list | grep -q arm64-7.2-16k && '$g' --list | grep -q amd64-7.2"
# Every "'X' not found: install it with 'apt-get install PKG'" names a package
# that ./run_all.sh deps installs (vm/packages.sh), or one Debian always has:
# the advice must work (GNU patch was in no list).
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=vm/packages.sh
. "$root/vm/packages.sh"
listed=" ${HOST_MODE_PKGS[*]} ${GUEST_PKGS[*]} ${TEST_PKGS[*]} ${SLOW_PKGS[*]} ${FLEET_PKGS[*]} apt dpkg perl-base util-linux "
for pkg in $(grep -hoE '^[[:space:]]*pab_need [^ ]+ [a-z0-9.+-]+' "$root"/vm/*.sh "$root/run_all.sh" | awk '{ print $3 }' | sort -u); do
	t_check "pab_need's advice names a package the deps install: $pkg" grep -q " $pkg " <<<"$listed"
done
t_done
