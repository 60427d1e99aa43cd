#!/bin/sh
# /init of the pageattr-bench guest initramfs (busybox sh, run as PID 1).
# Runs the one command in /pab/cmd, then hands back to the host, on the
# console: its exit status, and a base64 tar of /pab/out (the command's
# working directory, plus dmesg.txt), between markers vm/guest.sh looks for.
/bin/busybox --install -s /bin
# The kernel booted: from here on a panic may be this tool's (vm/guest.sh).
echo "@@PAB:INIT"
export PATH=/usr/bin:/bin HOME=/pab/out
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
[ -f /pab/env ] && . /pab/env
mkdir -p /pab/out
cd /pab/out || exit 1

# A module that does not load fails the run, and the command does not run
# (what it would do needs the module): insmod's message goes to vm/guest.sh,
# which says it in one line and exits 6.
insmod_failed=
if [ -f /lib/modules/pageattr_bench.ko ] && [ "${PAB_INSMOD:-1}" = 1 ]; then
	# shellcheck disable=SC2086 # PAB_INSMOD_ARGS: module parameters, word-split on purpose
	if ! err=$(insmod /lib/modules/pageattr_bench.ko ${PAB_INSMOD_ARGS:-} 2>&1); then
		echo "@@PAB:INSMOD-FAILED $(echo "${err:-insmod failed without a message}" | head -n 1)"
		insmod_failed=1
	fi
fi

if [ -n "$insmod_failed" ]; then
	status=6
elif [ -f /pab/stdin ]; then
	sh /pab/cmd </pab/stdin
	status=$?
else
	sh /pab/cmd </dev/null
	status=$?
fi

# Keep kernel messages from interleaving with the archive on the console.
echo 1 >/proc/sys/kernel/printk
dmesg >/pab/out/dmesg.txt
tar -C /pab/out -cf /tmp/out.tar .
sum=$(sha256sum /tmp/out.tar | cut -d' ' -f1)
echo "@@PAB:STATUS $status"
echo "@@PAB:ARCHIVE-BEGIN"
base64 /tmp/out.tar
echo "@@PAB:ARCHIVE-END $sum"
sync
poweroff -f
