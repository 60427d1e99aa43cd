#!/usr/bin/env bash
# The newcomer's check, as CI does it: a fresh minimal Debian root of this
# machine's release (debootstrap --variant=minbase), a clean clone of this
# checkout's HEAD in it, and the README's test command run there as root,
# with an empty cache and nothing installed beyond what the command installs
# itself. It takes as long as a cold CI run (about 40 minutes on 2 cores).
#
# usage: sudo tests/fresh_machine.sh [DIR] [-- ARGS for ./run_all.sh test]
#   DIR    where the root goes (default /var/tmp/pab-fresh; emptied first)
# Output: the command's own, and a last line with its exit status and the
# time it took. The root is left in DIR for a look (its log is DIR/test.log).
set -euo pipefail
PAB_PROG=fresh-machine
. "$(dirname "$0")/../vm/lib.sh"

dir=/var/tmp/pab-fresh
if [ $# -gt 0 ] && [ "$1" != -- ]; then dir=$1; shift; fi
[ "${1:-}" != -- ] || shift
[ "$(id -u)" = 0 ] || pab_die "needs root (debootstrap, chroot, and the tests themselves)"
pab_need debootstrap debootstrap
pab_need git git
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
mirror=$(pab_mirror)

mounts=()
cleanup() {
	local i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

for m in proc sys dev/pts dev; do umount -l "$dir/$m" 2>/dev/null || true; done
rm -rf "$dir"
t0=$(date +%s)
pab_log "debootstrap --variant=minbase $codename into $dir"
debootstrap --variant=minbase "$codename" "$dir" "$mirror" >"$dir.debootstrap.log" 2>&1 ||
	{ tail -n 3 "$dir.debootstrap.log" >&2; pab_die "debootstrap failed (log: $dir.debootstrap.log)"; }
# What a machine of CI's kind has from the start besides a minimal Debian is
# not assumed: the test command must install the rest. Only name resolution
# and the mirror (debootstrap wrote sources.list) come from here.
cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
git clone -q "$PAB_ROOT" "$dir/root/pageattr-bench"
mount -t proc proc "$dir/proc" && mounts+=("$dir/proc")
mount -t sysfs sysfs "$dir/sys" && mounts+=("$dir/sys")
mount --bind /dev "$dir/dev" && mounts+=("$dir/dev")
mount --bind /dev/pts "$dir/dev/pts" && mounts+=("$dir/dev/pts")
t1=$(date +%s)
pab_log "root ready in $((t1 - t0)) s; running ./run_all.sh test in it (log: $dir/test.log)"
set +e
chroot "$dir" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	TERM=dumb CI=true bash -c 'cd /root/pageattr-bench && ./run_all.sh test "$@"' sh "$@" </dev/null 2>&1 |
	tee "$dir/test.log"
rc=${PIPESTATUS[0]}
set -e
t2=$(date +%s)
pab_log "exit $rc after $(((t2 - t1) / 60)) min $(((t2 - t1) % 60)) s (debootstrap $((t1 - t0)) s)"
exit "$rc"
