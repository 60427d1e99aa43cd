#!/usr/bin/env bash
# fleet/ab.yml for real, with Debian's Ansible, against the full arm64 test
# machine booted as a server boots: UEFI firmware (qemu-efi-aarch64) and GRUB,
# reboots allowed (vm/hostvm.sh start --uefi; vm/hostimg.sh --uefi).
#   A: Debian's 7.2 kernel from the archive (apt)
#   B: linux-source-7.2 built here with the machine's own config, trimmed by
#      localmodconfig to the modules it has loaded (the whole of Debian's
#      config takes hours on 2 cores), and the no-lazy demonstration patch, as
#      .deb (vm/build_deb.sh through the play; PAB_AB_B_DEBS="IMAGE.deb
#      HEADERS.deb" gives a build made before)
#   1. 2 rounds through GRUB's one-shot entry: 2 boots of each kernel, uname
#      and the command line checked, the main job's results per boot in the
#      store (round-1, round-2), the report across boots (report.md,
#      lkml.txt, ab_boots.json with 2 boots a side) with no verdict (the
#      times are TCG's, and host mode knows it), the host back on its
#      default kernel, exit 0
#   2. the same through kexec
#   3. a third kernel that panics at boot (the default kernel's image with an
#      initramfs that has no /init: the root by UUID cannot be mounted) as B:
#      marked failed in the summary, the machine reset (hostvm.sh reset: its
#      one-shot entry spent, it boots the default) and back on its default
#      kernel, A's round measured, exit 2
# Under TCG the times mean nothing: the mechanics are checked. Slow (ctest -L
# slow). PAB_FLEET_PLAYS="kexec panic" runs only those plays (a rerun after a
# fix; with PAB_AB_B_DEBS, the debs an earlier run built).
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${PAB_FLEET_OUT:-$(mktemp -d /tmp/pab-fleet-ab.XXXXXX)}
mkdir -p "$out"
command -v ansible-playbook >/dev/null || { echo "ansible-playbook missing: apt-get install ansible"; exit 1; }
kernel_a=${PAB_AB_KERNEL_A:-linux-image-7.2.13+deb14-arm64}

vm=$("$root/vm/hostvm.sh" start --uefi --state "$out/vm") || { t_fail "the UEFI arm64 machine booted"; t_done; exit 1; }
trap '"$root/vm/hostvm.sh" stop "$vm"' EXIT
on() { "$root/vm/hostvm.sh" ssh "$vm" "$@" </dev/null; }
port=$(cat "$vm/port")
key=$(sed -n 's/^ *IdentityFile //p' "$vm/ssh_config")
# The first boot makes GRUB's menu with Debian's update-grub (pab-update-grub.service).
for _ in $(seq 1 60); do on test -e /var/lib/pab-update-grub.done && break; sleep 5; done
# Then one reboot, so the machine runs what its own menu boots, as a server
# does (the image's first menu has root=LABEL, update-grub's root=UUID and
# quiet): the play checks every boot's command line against the default's.
boot_id=$(on cat /proc/sys/kernel/random/boot_id)
on systemctl reboot || true
for _ in $(seq 1 120); do
	sleep 5
	b=$(on cat /proc/sys/kernel/random/boot_id 2>/dev/null) && [ -n "$b" ] && [ "$b" != "$boot_id" ] && break
done
default=$(on uname -r)
t_check "booted through UEFI and GRUB into the default kernel $default" \
	bash -c "'$root/vm/hostvm.sh' ssh '$vm' 'test -d /sys/firmware/efi && grep -q \"Advanced options for Debian GNU/Linux\" /boot/grub/grub.cfg' </dev/null"

# A kernel that panics at boot, as a package made here (the machine has no
# cpio): the default kernel's image, and an initramfs with one file and no
# /init, so the root by UUID is never found. Its postinst only runs
# update-grub, so no hook replaces that initramfs.
panic_rel=7.2.13-pab-panic
panic_deb=$out/panic/linux-image-$panic_rel.deb
pd=$out/panic/deb
rm -rf "$pd" && mkdir -p "$pd/DEBIAN" "$pd/boot" "$out/panic/empty"
on cat "/boot/vmlinuz-$default" >"$pd/boot/vmlinuz-$panic_rel"
echo empty >"$out/panic/empty/README"
(cd "$out/panic/empty" && echo README | cpio -o -H newc --quiet) >"$pd/boot/initrd.img-$panic_rel"
printf 'Package: linux-image-%s\nVersion: 1\nArchitecture: arm64\nMaintainer: pab <pab@localhost>\nDescription: panics at boot (no /init)\n' \
	"$panic_rel" >"$pd/DEBIAN/control"
printf '#!/bin/sh\nupdate-grub\n' >"$pd/DEBIAN/postinst"
chmod 755 "$pd/DEBIAN/postinst"
dpkg-deb -b "$pd" "$panic_deb" >/dev/null
t_check "the panicking kernel's package made ($(stat -c %s "$pd/boot/vmlinuz-$panic_rel") bytes of image)" \
	test -s "$panic_deb" -a -s "$pd/boot/vmlinuz-$panic_rel"

if [ -n "${PAB_AB_B_DEBS:-}" ]; then
	# shellcheck disable=SC2086 # a list of files
	kernel_b=$(printf '"%s",' $PAB_AB_B_DEBS)
	kernel_b="{\"debs\": [${kernel_b%,}]}"
else
	kernel_b="{\"source\": \"linux-source-7.2\", \"localmodconfig\": true, \"patches\": [\"$root/tests/patches/0001-arm64-mm-pageattr-no-lazy-mmu.patch\"]}"
fi
cat >"$out/inventory" <<EOI
[pab]
arm64 ansible_port=$port

[pab:vars]
ansible_host=127.0.0.1
ansible_user=root
ansible_become=false
ansible_ssh_private_key_file=$key
ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ServerAliveInterval=30'
pab_spec=$root/tests/fleet/tiny.spec
pab_checkout=$root
pab_ab_reset_cmd=$root/vm/hostvm.sh reset $vm
pab_ab_boot_timeout=1200
pab_ab_recover_timeout=1200
# sid's newest kernel may sort below a 7.2 built here (GRUB_DEFAULT=0 boots the
# newest): pin the default rather than stop (the summary says so).
pab_ab_keep_default=true
EOI
play() { ANSIBLE_FORCE_COLOR=0 ansible-playbook -i "$out/inventory" "$root/fleet/ab.yml" "$@"; }

# round_checks NAME STORE: what a good A/B left in STORE.
round_checks() {
	local name=$1 store=$2 rep
	t_check "$name: 2 boots of each kernel in the store, by round" bash -c \
		"[ \$(find '$store/arm64' -path '*/round-1/done' | wc -l) = 2 ] && [ \$(find '$store/arm64' -path '*/round-2/done' | wc -l) = 2 ]"
	# Each boot ran its own job: the rounds of one kernel are different runs
	# (a later round once reran nothing and fetched the earlier round's run).
	t_check "$name: each kernel's two rounds are two runs ($(cat "$store"/arm64/*/*/*/round-*/done 2>/dev/null | paste -sd' '))" bash -c \
		"for k in '$store'/arm64/*/*/*/; do [ \"\$(cat \$k/round-1/done)\" != \"\$(cat \$k/round-2/done)\" ] || exit 1; done"
	rep=$(find "$store/arm64" -maxdepth 1 -name 'ab-*-vs-*' | head -n 1)
	t_check "$name: the report across boots (${rep#"$store"/})" bash -c \
		"grep -q '^## .*across boots: kernel B .* (2 boots) against kernel A .* (2 boots)' '$rep/report.md' &&
			awk 'length(\$0) > 72 { exit 1 }' '$rep/lkml.txt' && grep -q '^Kernel A/B across boots' '$rep/lkml.txt' &&
			jq -e '(.a | length) == 2 and (.b | length) == 2 and (.rows | length) > 0' '$rep/ab_boots.json' >/dev/null"
	# The machine is QEMU's virt board under TCG booted by UEFI (ACPI: no device
	# tree, SMBIOS "QEMU Virtual Machine"): host mode knows its times for the
	# emulator's, and no table row says faster or slower.
	t_check "$name: the times are the emulator's, no verdict (basis $(jq -r .basis "$rep/ab_boots.json" 2>/dev/null))" bash -c \
		"jq -e '.basis == \"emulated-times\" and ([.rows[].verdict_text | select(test(\"faster|slower\"))] | length) == 0' \
			'$rep/ab_boots.json' >/dev/null && ! grep '^|' '$rep/report.md' | grep -qE 'faster|slower'"
	t_check "$name: the summary says where the host is ($(head -n 1 "$store/ab-summary.txt" | cut -c1-200))" \
		grep -q "^arm64: A .*: 2 boots, B .*: 2 boots.*back on $default" "$store/ab-summary.txt"
	t_check "$name: the host is on its default kernel $default" test "$(on uname -r)" = "$default"
}

# PAB_FLEET_PLAYS: which of the three plays to run (all by default; a rerun of
# the later ones after a fix takes PAB_AB_B_DEBS, the debs the first built).
plays=${PAB_FLEET_PLAYS:-grub kexec panic}
want() { [[ " $plays " == *" $1 "* ]]; }

if want grub; then
start=$(date +%s)
play -e "{\"pab_store\": \"$out/store-grub\", \"pab_ab_rounds\": 2, \"pab_ab_boot\": \"grub\",
	\"pab_kernel_a\": {\"apt\": \"$kernel_a\"}, \"pab_kernel_b\": $kernel_b}" >"$out/grub.log" 2>&1
rc=$?
echo "GRUB one-shot: exit $rc in $(($(date +%s) - start)) s"
t_check "GRUB one-shot, 2 rounds: exit 0 ($rc)" test "$rc" = 0
round_checks "GRUB one-shot" "$out/store-grub"
# The summary names the compilers exactly when A's and B's differ (B is built
# in the build root by the gcc major that built A; its Debian revision may differ).
cc_of() { "$root/vm/hostvm.sh" ssh "$vm" sh -s -- --cc "$1" <"$root/fleet/roles/pageattr_bench/files/kernel_config.sh"; }
rel_b=$(sed -n 's/^arm64: A [^,]*, B \([^:]*\): .*/\1/p' "$out/store-grub/ab-summary.txt" | head -n 1)
if [ "$(cc_of "$default")" = "$(cc_of "$rel_b")" ]; then
	t_check "GRUB one-shot: A and B by the same compiler ($(cc_of "$default")), no compiler note" \
		bash -c "! grep -q 'the compiler is part of the A/B' '$out/store-grub/ab-summary.txt'"
else
	t_check "GRUB one-shot: A by $(cc_of "$default"), B by $(cc_of "$rel_b"): the summary says so" \
		grep -q "^arm64: .*A built by .*, B by .*: the compiler is part of the A/B" "$out/store-grub/ab-summary.txt"
fi
fi
# The debs the first run built (or was given), for the other runs.
debs=$(find "$out/store-grub/.kernels/debs" -name 'linux-*.deb' 2>/dev/null | grep -v dbg | paste -sd' ')
[ -z "${PAB_AB_B_DEBS:-}" ] || debs=$PAB_AB_B_DEBS
# shellcheck disable=SC2086
kernel_b=$(printf '"%s",' $debs)
kernel_b="{\"debs\": [${kernel_b%,}]}"

if want kexec; then
start=$(date +%s)
play -e "{\"pab_store\": \"$out/store-kexec\", \"pab_ab_rounds\": 2, \"pab_ab_boot\": \"kexec\",
	\"pab_kernel_a\": {\"apt\": \"$kernel_a\"}, \"pab_kernel_b\": $kernel_b}" >"$out/kexec.log" 2>&1
rc=$?
echo "kexec: exit $rc in $(($(date +%s) - start)) s"
t_check "kexec, 2 rounds: exit 0 ($rc)" test "$rc" = 0
round_checks "kexec" "$out/store-kexec"
fi

if want panic; then

start=$(date +%s)
play -e "{\"pab_store\": \"$out/store-panic\", \"pab_ab_rounds\": 1, \"pab_ab_boot\": \"grub\", \"pab_ab_boot_timeout\": 600,
	\"pab_kernel_a\": {\"apt\": \"$kernel_a\"}, \"pab_kernel_b\": {\"debs\": [\"$panic_deb\"]}}" >"$out/panic.log" 2>&1
rc=$?
echo "panicking kernel: exit $rc in $(($(date +%s) - start)) s"
t_check "a kernel that panics: the play fails at the end (exit 2: $rc)" test "$rc" = 2
t_check "the summary names the kernel that did not boot ($(head -n 1 "$out/store-panic/ab-summary.txt" | cut -c1-200))" \
	grep -q "^arm64: .*$panic_rel did not boot in round 1" "$out/store-panic/ab-summary.txt"
# Its package has no configuration: its compiler is not known, not different.
t_check "the summary: the panicking kernel's compiler not known, no compiler difference claimed" bash -c \
	"grep -q 'the compiler of B not known (no configuration of $panic_rel on the host)' '$out/store-panic/ab-summary.txt' &&
		! grep -q 'the compiler is part of the A/B' '$out/store-panic/ab-summary.txt'"
t_check "the host came back on its default kernel $default" test "$(on uname -r)" = "$default"
t_check "the console shows the panic" grep -q 'Kernel panic' "$vm/console.log"
t_check "A's round was measured" bash -c "[ \$(find '$out/store-panic/arm64' -path '*/round-1/done' | wc -l) = 1 ]"
fi
on dmesg >"$out/dmesg.txt"
t_check "dmesg is clean" "$root/vm/dmesg_check.sh" "$out/dmesg.txt"
echo "logs: $out"
t_done
