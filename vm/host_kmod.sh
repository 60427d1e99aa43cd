#!/usr/bin/env bash
# Host mode: build pageattr_bench.ko for the running kernel (or KDIR) with the
# compiler that built it, after checking what a server needs for it to load,
# each failure one line with its fix; prints the .ko's path.
#
# usage: vm/host_kmod.sh OUTDIR        (KDIR=... to build against another tree)
#        vm/host_kmod.sh --check       the checks only
# Checked, in order: root; the kernel's build tree (headers); modules and
# kprobes in its config; its compiler (kmod/kernel-cc.sh); and, before
# loading, signature enforcement (module.sig_enforce, lockdown): then the
# module is signed with PAB_SIGN_KEY/PAB_SIGN_CERT through the kernel's own
# scripts/sign-file, or the line says how. PAB_HOST_ROOT prefixes /sys,
# /boot and /lib/modules, and PAB_HOST_RELEASE/PAB_HOST_UID stand for uname -r
# and id -u (tests/rig/host_mode.sh).
set -euo pipefail
PAB_PROG=host-kmod
. "$(dirname "$0")/lib.sh"

out=${1:?usage: vm/host_kmod.sh OUTDIR | --check}
hr=${PAB_HOST_ROOT:-}
rel=${PAB_HOST_RELEASE:-$(uname -r)}
uid=${PAB_HOST_UID:-$(id -u)}

# The package manager's words for the fixes.
pkg_hint() {
	if command -v dnf >/dev/null 2>&1 || [ -f "$hr/etc/fedora-release" ] || [ -f "$hr/etc/system-release" ]; then
		echo "dnf install $2"
	else
		echo "apt-get install $1"
	fi
}

[ "$uid" = 0 ] || pab_die "host mode loads a kernel module: run as root (sudo ./run_all.sh --kernel host)"
kdir=${KDIR:-$hr/lib/modules/$rel/build}
[ -f "$kdir/Makefile" ] ||
	pab_die "no build tree for kernel $rel at $kdir: install its headers ($(pkg_hint "linux-headers-$rel" "kernel-devel-$rel")), or set KDIR"
config=$kdir/.config
[ -f "$config" ] || config=$hr/boot/config-$rel
[ -f "$config" ] || pab_die "no .config for kernel $rel ($kdir/.config, $hr/boot/config-$rel): cannot check what it supports"
grep -q '^CONFIG_MODULES=y' "$config" || pab_die "kernel $rel cannot load modules (CONFIG_MODULES is off)"
grep -q '^CONFIG_KPROBES=y' "$config" ||
	pab_die "kernel $rel has no kprobes (CONFIG_KPROBES is off): pageattr_bench finds the kernel's unexported walkers through one; use a kernel built with CONFIG_KPROBES=y"
ccvars=$("$PAB_ROOT/kmod/kernel-cc.sh" "$kdir" "$config" 2>&1) || pab_die "${ccvars#kernel-cc: }"

# Signature enforcement: an unsigned module is refused with a bare EKEYREJECTED.
enforcing=
[ "$(cat "$hr/sys/module/module/parameters/sig_enforce" 2>/dev/null)" = Y ] && enforcing="module.sig_enforce=1"
grep -qE '\[(integrity|confidentiality)\]' "$hr/sys/kernel/security/lockdown" 2>/dev/null &&
	enforcing="${enforcing:+$enforcing, }lockdown $(grep -oE '\[[a-z]+\]' "$hr/sys/kernel/security/lockdown")"
if [ -n "$enforcing" ] && { [ -z "${PAB_SIGN_KEY:-}" ] || [ -z "${PAB_SIGN_CERT:-}" ]; }; then
	pab_die "kernel $rel loads signed modules only ($enforcing): set PAB_SIGN_KEY=key.priv PAB_SIGN_CERT=key.der (a key the kernel trusts: enrolled with 'mokutil --import key.der' and a reboot) to sign with $kdir/scripts/sign-file"
fi
[ "$out" = --check ] && { echo "ok: kernel $rel, $kdir, $ccvars${enforcing:+, signing for $enforcing}"; exit 0; }

mkdir -p "$out"
cp "$PAB_ROOT"/kmod/*.c "$PAB_ROOT"/kmod/*.h "$PAB_ROOT/kmod/Kbuild" "$out/"
log=$out/build.log
# shellcheck disable=SC2086 # ccvars: one make variable, CC=... or LLVM=...
if ! make -C "$kdir" M="$out" $ccvars modules >"$log" 2>&1; then
	pab_excerpt "$log" 'error|Error'
	pab_die "module build for kernel $rel failed (full log: $log): $(pab_last_error "$log")"
fi
if [ -n "$enforcing" ]; then
	"$kdir/scripts/sign-file" sha256 "$PAB_SIGN_KEY" "$PAB_SIGN_CERT" "$out/pageattr_bench.ko" ||
		pab_die "signing with $kdir/scripts/sign-file failed (PAB_SIGN_KEY=$PAB_SIGN_KEY, PAB_SIGN_CERT=$PAB_SIGN_CERT)"
fi
echo "$out/pageattr_bench.ko"
