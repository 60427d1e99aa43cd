# shellcheck shell=bash
# vm/hostimg.sh --uefi's last steps, sourced after lib.sh: GRUB set up in the
# image's root (its removable-media EFI binary, its modules, a first menu,
# grubenv, Debian's update-grub at the first boot) and the GPT disk made of
# an EFI system partition and the root file system, without a loop mount
# (mkfs.vfat -C and mtools for the ESP, mkfs.ext4 -d for the root, sfdisk on
# the disk file, dd into place).

# pab_uefi_grub ROOT KVER LOG: GRUB in the image (chroot under qemu-user).
pab_uefi_grub() {
	local root=$1 kver=$2 log=$3
	# The server's settings: a short menu on the serial console, panic=10 so a
	# kernel that panics reboots (into the default: a one-shot entry is spent).
	cat >>"$root/etc/default/grub" <<-'EOF'

		# pageattr-bench test machine (vm/hostimg.sh --uefi)
		GRUB_TIMEOUT=2
		GRUB_TERMINAL=console
		GRUB_CMDLINE_LINUX="console=ttyAMA0 panic=10"
		GRUB_DISABLE_OS_PROBER=true
	EOF
	printf 'LABEL=pab-arm64\t/\text4\terrors=remount-ro\t0\t1\nLABEL=PAB-ESP\t/boot/efi\tvfat\tumask=0077\t0\t1\n' \
		>"$root/etc/fstab"
	mkdir -p "$root/boot/efi" "$root/boot/grub"
	cp -r "$root/usr/lib/grub/arm64-efi" "$root/boot/grub/"
	# The EFI binary finds the root by its label, then reads /boot/grub/grub.cfg there.
	printf 'search --no-floppy --label pab-arm64 --set=root\nset prefix=($root)/boot/grub\n' >"$root/tmp/early.cfg"
	chroot "$root" grub-mkimage -O arm64-efi -o /tmp/BOOTAA64.EFI -c /tmp/early.cfg -p /boot/grub \
		part_gpt fat ext2 search search_label normal configfile linux loadenv test echo gzio boot \
		>>"$log" 2>&1 || pab_die "grub-mkimage in the arm64 chroot failed (log: $log)"
	chroot "$root" grub-editenv /boot/grub/grubenv create >>"$log" 2>&1 ||
		pab_die "grub-editenv in the arm64 chroot failed (log: $log)"
	# A first menu in Debian's words (grub-mkconfig cannot probe devices in a
	# chroot); the first boot replaces it with update-grub's own.
	cat >"$root/boot/grub/grub.cfg" <<-EOF
		set default="0"
		load_env
		if [ "\${next_entry}" ] ; then
		   set default="\${next_entry}"
		   set next_entry=
		   save_env next_entry
		fi
		set timeout=2
		menuentry 'Debian GNU/Linux' {
		  linux /boot/vmlinuz-$kver root=LABEL=pab-arm64 ro console=ttyAMA0 panic=10
		  initrd /boot/initrd.img-$kver
		}
		submenu 'Advanced options for Debian GNU/Linux' {
		  menuentry 'Debian GNU/Linux, with Linux $kver' {
		    linux /boot/vmlinuz-$kver root=LABEL=pab-arm64 ro console=ttyAMA0 panic=10
		    initrd /boot/initrd.img-$kver
		  }
		}
	EOF
	cat >"$root/etc/systemd/system/pab-update-grub.service" <<-'EOF'
		[Unit]
		Description=GRUB's menu by update-grub, once (pageattr-bench test machine)
		ConditionPathExists=!/var/lib/pab-update-grub.done
		After=local-fs.target
		[Service]
		Type=oneshot
		ExecStart=/bin/sh -c 'update-grub && touch /var/lib/pab-update-grub.done'
		[Install]
		WantedBy=multi-user.target
	EOF
	ln -sf /etc/systemd/system/pab-update-grub.service \
		"$root/etc/systemd/system/multi-user.target.wants/pab-update-grub.service"
}

# pab_uefi_disk ROOT OUT SIZE KVER LOG: OUT/disk.img, GPT: ESP (label PAB-ESP) + root (pab-arm64).
pab_uefi_disk() {
	local root=$1 out=$2 size=$3 kver=$4 log=$5 esp=$2/esp.img rootimg=$2/root.img mb
	pab_uefi_grub "$root" "$kver" "$log"
	pab_log "making the UEFI disk: a ${ESP_MB} MiB EFI system partition and the $size ext4 root"
	mkfs.vfat -F 32 -n PAB-ESP -C "$esp" $((ESP_MB * 1024)) >>"$log" 2>&1 || pab_die "mkfs.vfat failed (log: $log)"
	mmd -i "$esp" ::/EFI ::/EFI/BOOT && mcopy -i "$esp" "$root/tmp/BOOTAA64.EFI" ::/EFI/BOOT/BOOTAA64.EFI ||
		pab_die "mtools could not write the EFI system partition"
	rm -f "$root/tmp/BOOTAA64.EFI" "$root/tmp/early.cfg"
	mkfs.ext4 -q -F -L pab-arm64 -d "$root" "$rootimg" "$size" >>"$log" 2>&1 ||
		pab_die "mkfs.ext4 -d failed (log: $log)"
	mb=$(($(stat -c %s "$rootimg") / 1048576))
	# 1 MiB for the GPT, the ESP, the root, 1 MiB for the backup GPT.
	truncate -s $((1 + ESP_MB + mb + 1))M "$out/disk.img"
	printf 'label: gpt\nstart=1MiB, size=%sMiB, type=U, name=esp\nstart=%sMiB, size=%sMiB, type=L, name=root\n' \
		"$ESP_MB" $((1 + ESP_MB)) "$mb" | sfdisk -q "$out/disk.img" >>"$log" 2>&1 ||
		pab_die "sfdisk could not partition the disk image (log: $log)"
	dd if="$esp" of="$out/disk.img" bs=1M seek=1 conv=notrunc,sparse status=none &&
		dd if="$rootimg" of="$out/disk.img" bs=1M seek=$((1 + ESP_MB)) conv=notrunc,sparse status=none ||
		pab_die "writing the partitions into the disk image failed"
	rm -f "$esp" "$rootimg"
	echo uefi >"$out/boot"
}
