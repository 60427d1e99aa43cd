#!/usr/bin/env bash
# Build (once) the full arm64 test machine: a real Debian sid arm64 system on
# an ext4 disk image, as a user's Graviton or Ampere server would have it:
# Debian's own arm64 kernel and headers installed by apt, openssh-server,
# systemd, and the packages host mode needs (vm/packages.sh) preinstalled.
#
# How: debootstrap's foreign first stage here, its second stage in a chroot
# under qemu-user (binfmt_misc, the F flag: the interpreter is opened once,
# here, so the chroot needs no copy of it), then apt-get install there (every
# package's maintainer scripts, the kernel's initramfs); the image made with
# 'mkfs.ext4 -d' (no loop mount). Cached under $PAB_CACHE/hostvm/<recipe hash>/: disk.img,
# vmlinuz, initrd.img, the ssh key. vm/hostvm.sh boots it.
#
# usage: vm/hostimg.sh [--uefi] [--print]   (prints the image directory;
#                                   --print: only print where it would be, build nothing)
#
# --uefi: the machine as a server boots, through UEFI firmware (Debian's
# qemu-efi-aarch64, vm/hostvm.sh start --uefi) and GRUB, with reboots, kexec
# and a serial console: disk.img is then a GPT disk, an EFI system partition
# (GRUB's removable-media path, EFI/BOOT/BOOTAA64.EFI, which finds the root by
# its label) and the root file system; grub-efi-arm64 and kexec-tools
# installed (kexec-tools told not to take over plain reboots), GRUB's menu
# made by Debian's update-grub at the first boot, panic=10 on the command
# line (a kernel that panics reboots into the default). Its own recipe and
# cache directory: the direct-boot image machine.arm64_host uses is unchanged.
set -euo pipefail
PAB_PROG=hostimg
. "$(dirname "$0")/lib.sh"
. "$PAB_ROOT/vm/packages.sh"

SUITE=sid
# What goes in besides host mode's own packages: a booting system (systemd,
# udev, networkd), ssh, the kernel and its headers by Debian's metapackages
# (the headers pull the compiler the kernel was built with), DKMS.
SYSTEM_PKGS=(systemd-sysv udev systemd-resolved iproute2 openssh-server ca-certificates
	linux-image-arm64 linux-headers-arm64 initramfs-tools dkms procps)
PKGS=("${SYSTEM_PKGS[@]}" "${HOST_MODE_PKGS[@]}")
SIZE=8G
UEFI=
[ "${1:-}" != --uefi ] || { UEFI=uefi; shift; }
# The UEFI machine's firmware-side packages.
[ -z "$UEFI" ] || PKGS+=(grub-efi-arm64 grub-efi-arm64-bin kexec-tools dosfstools)
ESP_MB=256

# The recipe: its version and the package lists. Bump RECIPE when the steps
# below change what the image holds; a changed list rebuilds by itself.
RECIPE=2
# (The UEFI steps have their own version, UEFI_RECIPE, in the hash only when --uefi.)
UEFI_RECIPE=1
recipe=$(echo "$RECIPE $SUITE $SIZE ${PKGS[*]}${UEFI:+ uefi $UEFI_RECIPE $ESP_MB}" | sha256sum | cut -c1-12)
DIR=$PAB_CACHE/hostvm/$recipe
if [ "${1:-}" = --print ]; then echo "$DIR"; exit 0; fi
if [ -f "$DIR/ready" ]; then echo "$DIR"; exit 0; fi

[ "$(id -u)" = 0 ] || pab_die "building the arm64 test machine needs root (debootstrap, chroot)"
pab_need debootstrap debootstrap
pab_need qemu-aarch64-static qemu-user-static
pab_need mkfs.ext4 e2fsprogs
pab_need ssh-keygen openssh-client
if [ -n "$UEFI" ]; then
	pab_need sfdisk fdisk
	pab_need mkfs.vfat dosfstools
	pab_need mcopy mtools
fi

# binfmt_misc: mounted and qemu-aarch64 registered with F (fix binary).
binfmt=/proc/sys/fs/binfmt_misc
[ -f $binfmt/register ] || mount -t binfmt_misc binfmt_misc $binfmt 2>/dev/null ||
	pab_die "binfmt_misc is not available (mount -t binfmt_misc failed): the arm64 chroot cannot run"
if [ ! -f $binfmt/qemu-aarch64 ]; then
	conf=/usr/lib/binfmt.d/qemu-aarch64.conf
	[ -f "$conf" ] || pab_die "$conf missing: apt-get install qemu-user-static"
	grep -v '^#' "$conf" >$binfmt/register || pab_die "registering qemu-aarch64 with binfmt_misc failed"
fi
grep -q '^flags:.*F' $binfmt/qemu-aarch64 ||
	pab_die "qemu-aarch64 is registered without the F flag: a chroot cannot find its interpreter (re-register from /usr/lib/binfmt.d/qemu-aarch64.conf)"

mirror=$(pab_mirror)
root=$DIR.tmp/root
rm -rf "$DIR.tmp"
mkdir -p "$root"
log=$DIR.tmp/debootstrap.log
started=$(date +%s)
# debootstrap makes the base system (minbase: the required packages and
# apt); apt-get then installs the rest in one transaction. (debootstrap's
# --include would too, but its second stage scans the whole sid Packages file
# once per package, in perl under qemu-user: over an hour.)
pab_log "debootstrap $SUITE arm64, first stage (downloads; 1-3 minutes)"
if ! debootstrap --arch=arm64 --foreign --variant=minbase "$SUITE" "$root" "$mirror" >"$log" 2>&1; then
	pab_excerpt "$log" '^[EW]:' 5
	pab_die "debootstrap (first stage) failed (log: $log)"
fi

# The chroot's pseudo-filesystems, unmounted whatever happens.
umount_all() {
	local m
	for m in dev/pts dev sys proc; do umount -l "$root/$m" 2>/dev/null || true; done
}
trap umount_all EXIT
pab_log "debootstrap second stage in the arm64 chroot under qemu-user (about 10 minutes)"
if ! chroot "$root" /debootstrap/debootstrap --second-stage >>"$log" 2>&1; then
	umount_all
	pab_excerpt "$log" '^[EW]:|error' 8
	pab_die "debootstrap (second stage) failed (log: $log)"
fi

printf 'deb %s %s main\n' "$mirror" "$SUITE" >"$root/etc/apt/sources.list"
# sid on the mirror is a snapshot past its Valid-Until (signatures still checked).
echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99snapshot"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# kexec-tools must not turn a plain reboot into a kexec: GRUB's one-shot entry needs the firmware.
[ -z "$UEFI" ] || echo 'kexec-tools kexec-tools/load_kexec boolean false' >"$root/var/cache/debconf/pab-preseed"
# No service starts in the chroot (policy-rc.d, as Debian's build chroots do).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
umount_all
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
pab_log "apt-get install in the chroot: ${#PKGS[@]} packages and their dependencies (about 20 minutes)"
if [ -n "$UEFI" ] && ! chroot "$root" debconf-set-selections /var/cache/debconf/pab-preseed >>"$log" 2>&1; then
	umount_all
	pab_die "debconf-set-selections in the arm64 chroot failed (log: $log)"
fi
if ! chroot "$root" sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends ${PKGS[*]}" >>"$log" 2>&1; then
	umount_all
	pab_excerpt "$log" '^E:|error' 8
	pab_die "apt-get install in the arm64 chroot failed (log: $log)"
fi
umount_all
rm -f "$root/usr/sbin/policy-rc.d"

# The machine's configuration: what a cloud image's first boot would set.
echo pab-arm64 >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tpab-arm64\n' >"$root/etc/hosts"
printf '/dev/vda\t/\text4\terrors=remount-ro\t0\t1\n' >"$root/etc/fstab"
mkdir -p "$root/etc/systemd/network"
printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=yes\n' >"$root/etc/systemd/network/50-dhcp.network"
ln -sf /lib/systemd/system/systemd-networkd.service \
	"$root/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
ln -sf /lib/systemd/system/ssh.service "$root/etc/systemd/system/multi-user.target.wants/ssh.service"
# Root logs in with the rig's key only; the serial console has a root shell for debugging.
ssh-keygen -q -t ed25519 -N '' -C pab-hostvm -f "$DIR.tmp/id_ed25519"
install -d -m 700 "$root/root/.ssh"
install -m 600 "$DIR.tmp/id_ed25519.pub" "$root/root/.ssh/authorized_keys"
sed -i 's|^root:[^:]*:|root::|' "$root/etc/shadow"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*_Packages "$root/debootstrap"
: >"$root/etc/resolv.conf"

# The kernel and initramfs, booted directly by QEMU (no firmware, no bootloader).
kver=$(basename "$(ls -d "$root"/lib/modules/*/ | sort -V | tail -n 1)")
cp "$root/boot/vmlinuz-$kver" "$DIR.tmp/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$DIR.tmp/initrd.img" ||
	pab_die "no initramfs for $kver in the image (initramfs-tools failed? log: $log)"
echo "$kver" >"$DIR.tmp/krelease"

if [ -n "$UEFI" ]; then
	. "$PAB_ROOT/vm/hostimg_uefi.sh"
	pab_uefi_disk "$root" "$DIR.tmp" "$SIZE" "$kver" "$log"
else
	pab_log "making the $SIZE ext4 image (mkfs.ext4 -d, no loop mount)"
	mkfs.ext4 -q -F -L pab-arm64 -d "$root" "$DIR.tmp/disk.img" "$SIZE" >>"$log" 2>&1 ||
		pab_die "mkfs.ext4 -d failed (log: $log)"
fi
rm -rf "$root"
echo "$(($(date +%s) - started))" >"$DIR.tmp/build-seconds"
rm -rf "$DIR"
mv "$DIR.tmp" "$DIR"
touch "$DIR/ready"
pab_log "arm64 test machine ready: $DIR (kernel $kver, built in $(cat "$DIR/build-seconds")s)"
echo "$DIR"
