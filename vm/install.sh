#!/usr/bin/env bash
# Install what a mode needs and is missing: apt on Debian and Ubuntu, dnf on
# Fedora and Amazon Linux (host mode only: the guest rig needs Debian's
# cross compilers and QEMU builds).
#
# usage: vm/install.sh [host|guest|test|slow|fleet]     (default: test)
#   host   host mode (HOST_MODE_PKGS)         guest  + the guest rig (GUEST_PKGS)
#   test   + the suite's tools (TEST_PKGS)    slow   the slow tests' extras (SLOW_PKGS + FLEET_PKGS)
#   fleet  a fleet A/B's controller: Ansible and the kernel package build (FLEET_PKGS)
# The lists: vm/packages.sh. Logs: $PAB_BUILD/apt.log or dnf.log.
set -euo pipefail
PAB_PROG=install
. "$(dirname "$0")/lib.sh"
. "$PAB_ROOT/vm/packages.sh"

[ $# -le 1 ] || pab_die "usage: vm/install.sh [host|guest|test|slow|fleet]"
mode=${1:-test}
missing=()
pkgs=("${HOST_MODE_PKGS[@]}")
case $mode in
host) ;;
guest) pkgs+=("${GUEST_PKGS[@]}") ;;
test) pkgs+=("${GUEST_PKGS[@]}" "${TEST_PKGS[@]}") ;;
slow) pkgs=("${SLOW_PKGS[@]}" "${FLEET_PKGS[@]}") ;;
fleet) pkgs=("${FLEET_PKGS[@]}") ;;
*) pab_die "deps: unknown set '$mode' (host, guest, test, slow, fleet)" ;;
esac
mkdir -p "$PAB_BUILD"

if ! command -v dpkg-query >/dev/null 2>&1; then
	command -v dnf >/dev/null 2>&1 && [ "$mode" = host ] ||
		pab_die "no apt here: install by hand: ${pkgs[*]} (Debian names; Fedora/Amazon Linux, host mode: dnf install ${HOST_MODE_DNF[*]})"
	for p in "${HOST_MODE_DNF[@]}"; do rpm -q "$p" >/dev/null 2>&1 || missing+=("$p"); done
	[ ${#missing[@]} = 0 ] && exit 0
	[ "$(id -u)" = 0 ] || pab_die "missing packages: ${missing[*]}; run as root or: sudo dnf install ${missing[*]}"
	pab_log "installing ${missing[*]} (dnf)"
	dnf install -y -q "${missing[@]}" >"$PAB_BUILD/dnf.log" 2>&1 ||
		pab_die "dnf install failed (log: $PAB_BUILD/dnf.log): $(pab_last_error "$PAB_BUILD/dnf.log")"
	exit 0
fi
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0
[ "$(id -u)" = 0 ] || pab_die "missing packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}"
pab_log "installing ${missing[*]}"
apt-get update -qq >"$PAB_BUILD/apt.log" 2>&1 ||
	pab_die "apt-get update failed (log: $PAB_BUILD/apt.log): $(pab_last_error "$PAB_BUILD/apt.log")"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$PAB_BUILD/apt.log" 2>&1 ||
	pab_die "apt-get install failed (log: $PAB_BUILD/apt.log): $(pab_last_error "$PAB_BUILD/apt.log")"
