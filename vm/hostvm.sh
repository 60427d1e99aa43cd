#!/usr/bin/env bash
# The full arm64 test machine (vm/hostimg.sh builds its image): boot it under
# QEMU (TCG), reach it over ssh on 127.0.0.1 only, copy a checkout in, run a
# command as a user on a Graviton box would, bring the results back.
#
#   vm/hostvm.sh start [--state DIR] [--mem M] [--smp N] [--uefi]
#                          boot (a qcow2 overlay: the cached image stays as
#                          built), wait for ssh; prints the state directory.
#                          --uefi: the UEFI image (vm/hostimg.sh --uefi)
#                          through Debian's firmware (qemu-efi-aarch64) and
#                          GRUB, reboots allowed, a monitor socket for reset
#   vm/hostvm.sh reset DIR             press reset (a --uefi machine: its monitor)
#   vm/hostvm.sh ssh DIR [CMD...]      a command (or a shell) on it
#   vm/hostvm.sh push DIR SRC DEST     copy the directory SRC to DEST there (tar over ssh)
#   vm/hostvm.sh pull DIR SRC DEST     copy the directory SRC there to DEST here
#   vm/hostvm.sh push-checkout DIR [CHECKOUT]
#                          the tracked files of CHECKOUT (this tree) to /root/pageattr-bench
#   vm/hostvm.sh stop DIR              power off (then kill after 60 s)
#   vm/hostvm.sh run [--out DIR] [--checkout DIR] -- CMD
#                          start, push the checkout (git ls-files: what a clone
#                          has) to /root/pageattr-bench, run CMD there, pull
#                          its results/ and build logs to --out, dmesg too, stop
#
# DIR holds: port, pid, console.log, the overlay, ssh_config (ssh -F DIR/ssh_config pab).
# The CPU is a Neoverse N1 (Graviton2, Ampere Altra): 'info' matches its row.
set -euo pipefail
PAB_PROG=hostvm
. "$(dirname "$0")/lib.sh"

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; }

ssh_to() {
	local dir=$1
	shift
	ssh -F "$dir/ssh_config" pab "$@"
}

cmd_start() {
	local dir='' mem=4G smp=2 img port uefi='' boot fw
	while [ $# -gt 0 ]; do
		case $1 in
		--state) dir=${2:?--state needs a directory}; shift ;;
		--mem) mem=${2:?--mem needs a size}; shift ;;
		--smp) smp=${2:?--smp needs a count}; shift ;;
		--uefi) uefi=--uefi ;;
		*) pab_die "start: unknown option '$1'" ;;
		esac
		shift
	done
	pab_need qemu-system-aarch64 qemu-system-arm
	pab_need qemu-img qemu-utils
	img=$(vm/hostimg.sh $uefi)
	[ -n "$dir" ] || dir=$(mktemp -d /tmp/pab-hostvm.XXXXXX)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	qemu-img create -q -f qcow2 -b "$img/disk.img" -F raw "$dir/overlay.qcow2"
	# A free port on 127.0.0.1 (the kernel picks it; QEMU binds it a moment later).
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	echo "$port" >"$dir/port"
	cat >"$dir/ssh_config" <<-EOF
		Host pab
		  HostName 127.0.0.1
		  Port $port
		  User root
		  IdentityFile $img/id_ed25519
		  IdentitiesOnly yes
		  StrictHostKeyChecking no
		  UserKnownHostsFile /dev/null
		  LogLevel ERROR
		  BatchMode yes
		  ConnectTimeout 10
		  ServerAliveInterval 30
		  ServerAliveCountMax 20
	EOF
	# Direct: QEMU loads the kernel, and a reboot ends QEMU. UEFI: the
	# firmware boots GRUB from the disk, a reboot (or panic=10) boots again,
	# and the monitor's socket presses reset (reset DIR).
	if [ -n "$uefi" ]; then
		fw=/usr/share/qemu-efi-aarch64/QEMU_EFI.fd
		[ -f "$fw" ] || pab_die "$fw missing: apt-get install qemu-efi-aarch64"
		boot=(-bios "$fw" -monitor "unix:$dir/monitor.sock,server,nowait")
	else
		boot=(-no-reboot -kernel "$img/vmlinuz" -initrd "$img/initrd.img"
			-append "root=/dev/vda rw console=ttyAMA0 panic=-1" -monitor none)
	fi
	qemu-system-aarch64 -M virt -cpu neoverse-n1 -smp "$smp" -m "$mem" -nographic "${boot[@]}" \
		-drive "file=$dir/overlay.qcow2,if=virtio,format=qcow2" \
		-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" -device virtio-net-pci,netdev=n0 \
		-serial "file:$dir/console.log" </dev/null >"$dir/qemu.log" 2>&1 &
	echo $! >"$dir/pid"
	pab_log "booting the arm64 machine ($(cat "$img/krelease"), TCG; 1-3 minutes), ssh on 127.0.0.1:$port"
	for _ in $(seq 1 120); do
		kill -0 "$(cat "$dir/pid")" 2>/dev/null ||
			pab_die "QEMU exited during boot: $(tail -n 1 "$dir/qemu.log") (console: $dir/console.log)"
		if ssh_to "$dir" true 2>/dev/null; then
			echo "$dir"
			return 0
		fi
		sleep 5
	done
	cmd_stop "$dir"
	pab_die "no ssh after 10 minutes (console: $dir/console.log)"
}

cmd_stop() {
	local dir=${1:?stop needs the state directory} pid
	[ -f "$dir/pid" ] || return 0
	pid=$(cat "$dir/pid")
	ssh_to "$dir" systemctl poweroff >/dev/null 2>&1 || true
	for _ in $(seq 1 60); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 1
	done
	kill "$pid" 2>/dev/null || true
	rm -f "$dir/pid" "$dir/overlay.qcow2"
}

# reset DIR: the machine's reset button (a --uefi machine's monitor: system_reset).
cmd_reset() {
	local dir=${1:?reset needs the state directory}
	[ -S "$dir/monitor.sock" ] || pab_die "reset: $dir has no monitor socket (start --uefi makes one)"
	python3 - "$dir/monitor.sock" <<-'EOF' || pab_die "reset: the monitor at $dir/monitor.sock did not answer"
		import socket, sys, time
		s = socket.socket(socket.AF_UNIX)
		s.connect(sys.argv[1])
		time.sleep(0.5)
		s.sendall(b"system_reset\n")
		time.sleep(0.5)
		s.close()
	EOF
}

cmd_push() {
	local dir=$1 src=$2 dest=$3
	tar -C "$src" -cf - . | ssh_to "$dir" "mkdir -p '$dest' && tar -C '$dest' -xf -"
}

cmd_pull() {
	local dir=$1 src=$2 dest=$3
	mkdir -p "$dest"
	ssh_to "$dir" "tar -C '$src' -cf - ." | tar -C "$dest" -xf -
}

# push-checkout DIR CHECKOUT: what a clone of CHECKOUT has (its tracked files,
# as they are in the work tree) to /root/pageattr-bench there.
cmd_push_checkout() {
	local dir=$1 checkout=$2 stage
	stage=$(mktemp -d)
	(cd "$checkout" && git ls-files -z | tar --null -T - -cf -) | tar -C "$stage" -xf -
	cmd_push "$dir" "$stage" /root/pageattr-bench
	rm -rf "$stage"
}

cmd_run() {
	local out='' checkout=$PAB_ROOT dir rc
	while [ $# -gt 0 ]; do
		case $1 in
		--out) out=${2:?--out needs a directory}; shift ;;
		--checkout) checkout=${2:?--checkout needs a directory}; shift ;;
		--) shift; break ;;
		*) pab_die "run: unknown option '$1' (the command goes after --)" ;;
		esac
		shift
	done
	[ $# -gt 0 ] || pab_die "run: no command (vm/hostvm.sh run -- CMD)"
	[ -n "$out" ] || out=$(mktemp -d /tmp/pab-hostvm-out.XXXXXX)
	mkdir -p "$out"
	dir=$(cmd_start --state "$out/vm")
	trap 'cmd_stop "$dir"' EXIT
	cmd_push_checkout "$dir" "$checkout"
	rc=0
	ssh_to "$dir" "cd /root/pageattr-bench && $*" </dev/null || rc=$?
	ssh_to "$dir" "cd /root/pageattr-bench && tar -cf - results build/*.log 2>/dev/null" </dev/null |
		tar -C "$out" -xf - 2>/dev/null || true
	ssh_to "$dir" "dmesg" >"$out/dmesg.txt" </dev/null || true
	ssh_to "$dir" "uname -r; lsmod" >"$out/lsmod.txt" </dev/null || true
	echo "$out"
	return "$rc"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
cd "$PAB_ROOT"
case $cmd in
start) cmd_start "$@" ;;
stop) cmd_stop "$@" ;;
reset) cmd_reset "$@" ;;
ssh) d=${1:?ssh needs the state directory}; shift; ssh_to "$d" "$@" ;;
push) [ $# = 3 ] || pab_die "push DIR SRC DEST"; cmd_push "$@" ;;
pull) [ $# = 3 ] || pab_die "pull DIR SRC DEST"; cmd_pull "$@" ;;
push-checkout) [ $# -ge 1 ] && [ $# -le 2 ] || pab_die "push-checkout DIR [CHECKOUT]"; cmd_push_checkout "$1" "${2:-$PAB_ROOT}" ;;
run) cmd_run "$@" ;;
-h | --help | "") usage ;;
*) pab_die "unknown command '$cmd' (start, ssh, push, pull, push-checkout, stop, reset, run)" ;;
esac
