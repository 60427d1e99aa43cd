#!/usr/bin/env bash
# The kernel A/B play (fleet/ab.yml, roles/kernel_ab) without a machine: both
# playbooks pass Ansible's syntax check and every shell task parses
# (tests/fleet/shell_syntax.py: bash -n; ansible-lint on fleet/ is rig.lint's:
# no finding); and the helper
# that tells which kernel GRUB's default entry boots (files/grub_default.sh)
# reads Debian's grub.cfg, /etc/default/grub and grubenv right: by number,
# "saved", title and id, and says "unknown" where it cannot tell. The play
# itself, booting a machine, is machine.fleet_ab's (slow).
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v ansible-playbook >/dev/null || t_skip "ansible-playbook missing (apt-get install ansible)"

for p in site.yml ab.yml; do
	t_check "ansible-playbook --syntax-check fleet/$p" \
		ansible-playbook --syntax-check -i "$root/fleet/inventory.example" "$root/fleet/$p"
done

cat >"$tmp/grub.cfg" <<'EOG'
menuentry 'Debian GNU/Linux' --class debian $menuentry_id_option 'gnulinux-simple-1234' {
	linux	/boot/vmlinuz-7.2.13+deb14-arm64 root=UUID=1234 ro quiet
}
submenu 'Advanced options for Debian GNU/Linux' $menuentry_id_option 'gnulinux-advanced-1234' {
	menuentry 'Debian GNU/Linux, with Linux 7.2.13+deb14-arm64' --class debian $menuentry_id_option 'gnulinux-7.2.13+deb14-arm64-advanced-1234' {
		linux	/boot/vmlinuz-7.2.13+deb14-arm64 root=UUID=1234 ro quiet
	}
	menuentry 'Debian GNU/Linux, with Linux 6.12.117+deb13-arm64' --class debian $menuentry_id_option 'gnulinux-6.12.117+deb13-arm64-advanced-1234' {
		linux	/boot/vmlinuz-6.12.117+deb13-arm64 root=UUID=1234 ro quiet
	}
}
EOG
echo 'saved_entry=Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.12.117+deb13-arm64' >"$tmp/grubenv"
gd() {
	printf '%s\n' "$1" >"$tmp/default"
	PAB_GRUB_CFG=$tmp/grub.cfg PAB_DEFAULT_GRUB=$tmp/default PAB_GRUBENV=$tmp/grubenv \
		sh "$root/fleet/roles/kernel_ab/files/grub_default.sh" | cut -d'|' -f1
}
# Every shell task parses (a folded YAML block once cut two commands in the middle).
t_check "every shell task in fleet/ parses (bash -n; $(cd "$root" && git ls-files 'fleet/*.yml' | wc -l) files)" \
	bash -c "cd '$root' && tests/fleet/shell_syntax.py \$(git ls-files 'fleet/*.yml')"
t_check "GRUB_DEFAULT=0: the first entry's kernel" test "$(gd GRUB_DEFAULT=0)" = 7.2.13+deb14-arm64
t_check "no GRUB_DEFAULT: 0" test "$(gd '# nothing')" = 7.2.13+deb14-arm64
t_check "GRUB_DEFAULT=saved: grubenv's saved entry by title" test "$(gd GRUB_DEFAULT=saved)" = 6.12.117+deb13-arm64
t_check "GRUB_DEFAULT by id, quoted" \
	test "$(gd 'GRUB_DEFAULT="gnulinux-advanced-1234>gnulinux-6.12.117+deb13-arm64-advanced-1234"')" = 6.12.117+deb13-arm64
t_check "GRUB_DEFAULT by a title it cannot read: unknown" test "$(gd 'GRUB_DEFAULT="My kernel"')" = unknown

# Where a release's configuration is (files/kernel_config.sh, shared by the
# build's fetch, the compilers' note and the store key): /boot first, then
# Debian 6.18's /usr/lib/modules/R/config, then the headers' .config.
kc() { PAB_SYSROOT=$tmp/sys sh "$root/fleet/roles/pageattr_bench/files/kernel_config.sh" "$@"; }
mkdir -p "$tmp/sys/boot" "$tmp/sys/usr/lib/modules/7.3.4+deb14-arm64" "$tmp/sys/lib/modules/7.3.4+deb14-arm64/build" \
	"$tmp/sys/lib/modules/6.12.1-pab/build" "$tmp/sys/proc"
echo 'CONFIG_CC_VERSION_TEXT="gcc (Debian 14.2.0-19) 14.2.0"' >"$tmp/sys/boot/config-6.12.117+deb13-arm64"
echo 'CONFIG_CC_VERSION_TEXT="gcc-16 (Debian 16.2.0-4) 16.2.0"' >"$tmp/sys/usr/lib/modules/7.3.4+deb14-arm64/config"
echo 'CONFIG_CC_VERSION_TEXT="headers"' >"$tmp/sys/lib/modules/7.3.4+deb14-arm64/build/.config"
echo 'CONFIG_CC_VERSION_TEXT="aarch64-linux-gnu-gcc-16 (Debian 16.2.0-3) 16.2.0"' >"$tmp/sys/lib/modules/6.12.1-pab/build/.config"
echo 'root=/dev/vda1 ro' >"$tmp/sys/proc/cmdline"
t_check "kernel_config.sh: /boot/config-R" test "$(kc 6.12.117+deb13-arm64)" = "$tmp/sys/boot/config-6.12.117+deb13-arm64"
t_check "kernel_config.sh: /usr/lib/modules/R/config before the headers' .config" \
	test "$(kc 7.3.4+deb14-arm64)" = "$tmp/sys/usr/lib/modules/7.3.4+deb14-arm64/config"
t_check "kernel_config.sh: none found is exit 1 and one line naming where it looked" \
	bash -c "! PAB_SYSROOT='$tmp/sys' sh '$root/fleet/roles/pageattr_bench/files/kernel_config.sh' 6.1.0-9-arm64 >'$tmp/kc.out' &&
		test \$(wc -l <'$tmp/kc.out') = 1 && grep -q '^no configuration for 6.1.0-9-arm64 (/boot/config-6.1.0-9-arm64, ' '$tmp/kc.out'"
t_check "kernel_config.sh --cc: each release's compiler, unknown where none" test "$(kc --cc 7.3.4+deb14-arm64 6.12.1-pab 6.1.0-9-arm64)" = \
	"$(printf '%s\n' 'gcc-16 (Debian 16.2.0-4) 16.2.0' 'aarch64-linux-gnu-gcc-16 (Debian 16.2.0-3) 16.2.0' unknown)"
t_check "kernel_config.sh --hash R: sha256 of the config and the command line" test "$(kc --hash 6.12.117+deb13-arm64)" = \
	"$(cat "$tmp/sys/boot/config-6.12.117+deb13-arm64" "$tmp/sys/proc/cmdline" | sha256sum | cut -c1-12)"
t_check "kernel_config.sh --hash, no config: the command line's alone" test "$(kc --hash 6.1.0-9-arm64)" = \
	"$(sha256sum <"$tmp/sys/proc/cmdline" | cut -c1-12)"
t_check "kernel_config.sh without a release: usage, exit 2" bash -c "sh '$root/fleet/roles/pageattr_bench/files/kernel_config.sh' 2>/dev/null; test \$? = 2"

# The play against this machine (connection local), as far as it goes without
# rebooting: GRUB's files faked to name the running kernel (or another) as the
# default; no kernel given. Each host's failure in the summary, exit 2.
if [ -z "${PAB_AB_NO_PLAY:-}" ]; then
	sed "s/7\.2\.13+deb14-arm64/$(uname -r)/g" "$tmp/grub.cfg" >"$tmp/grub-here.cfg"
	echo GRUB_DEFAULT=0 >"$tmp/default0"
	cat >"$tmp/inv" <<EOI
[pab]
here ansible_connection=local pab_ab_grub_env='{"PAB_GRUB_CFG": "$tmp/grub-here.cfg", "PAB_DEFAULT_GRUB": "$tmp/default0", "PAB_GRUBENV": "$tmp/grubenv"}'
elsewhere ansible_connection=local pab_ab_grub_env='{"PAB_GRUB_CFG": "$tmp/grub.cfg", "PAB_DEFAULT_GRUB": "$tmp/default0", "PAB_GRUBENV": "$tmp/grubenv"}'

[pab:vars]
ansible_become=false
ansible_python_interpreter=$(command -v python3)
pab_store=$tmp/store
pab_checkout=$root
EOI
	ANSIBLE_FORCE_COLOR=0 ansible-playbook -f 1 -i "$tmp/inv" "$root/fleet/ab.yml" >"$tmp/play.log" 2>&1
	rc=$?
	t_check "the play on this machine, no kernel given: exit 2 after the summary (exit $rc)" test "$rc" = 2
	t_check "summary: the host whose default is running stops at the kernels not given" \
		grep -qF "here: FAILED at 'A kernel is given: A': pab_kernel_a must be one of {apt: PACKAGE}" "$tmp/store/ab-summary.txt"
	t_check "summary: the host running another kernel than its default is told to reboot first" bash -c \
		"grep '^elsewhere: FAILED at .The default kernel is known and is the one running.: ' '$tmp/store/ab-summary.txt' |
			grep -F \"boots '7.2.13+deb14-arm64' but the host runs $(uname -r): reboot it into its default kernel first\" >/dev/null"
	t_check "summary: no report across boots, and why" grep -qF "; no report across boots (2 boots a side needed)" "$tmp/store/ab-summary.txt"
fi
t_done
