#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The compiler that built a kernel, as make variables for building a module
# against it: "CC=gcc-14" or "LLVM=1" (with "LLVM=-19" style suffixes). Kbuild
# refuses, or worse, miscompiles, a module built by another compiler than its
# kernel (plugins, flags that differ by version); the first 'gcc' in PATH is
# often not that one (Debian builds 6.12 with gcc-14 and 7.x with gcc-16).
#
# usage: kmod/kernel-cc.sh KDIR [CONFIG]   (CONFIG_CC_VERSION_TEXT of CONFIG,
#        else KDIR/.config, else /boot/config-RELEASE)
# Used by vm/host_kmod.sh and by dkms.conf. One line on stderr and exit 1 when
# the compiler is not installed, naming it and the package to install.
kdir=${1:?usage: kernel-cc.sh KDIR}
config=${2:-$kdir/.config}
[ -f "$config" ] || config=/boot/config-$(basename "$(dirname "$kdir")")
if [ ! -f "$config" ]; then
	echo "kernel-cc: no .config in $kdir (nor $config): cannot tell which compiler built the kernel" >&2
	exit 1
fi
text=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$config")
version=$(echo "$text" | awk '{ print $NF }')
major=${version%%.*}
# A cross-built kernel names its cross compiler; on the machine it runs on
# the native one of the same version builds the module.
prefix=$(sed -n 's/^CONFIG_CROSS_COMPILE="\(.*\)"$/\1/p' "$config")
if grep -q '^CONFIG_CC_IS_CLANG=y' "$config"; then
	for llvm in "-$major" ""; do
		if command -v "clang$llvm" >/dev/null 2>&1; then
			echo "LLVM=${llvm:-1}"
			exit 0
		fi
	done
	echo "kernel-cc: the kernel was built with clang $version: install clang-$major (Debian/Ubuntu: apt-get install clang-$major lld-$major llvm-$major)" >&2
	exit 1
fi
first=$(echo "$text" | awk '{ print $1 }')
for cc in "$first" "${first#*-linux-gnu-}" "${prefix}gcc-$major" "gcc-$major" gcc; do
	[ -n "$cc" ] && command -v "$cc" >/dev/null 2>&1 || continue
	# The same major version, whatever the name says.
	got=$("$cc" -dumpversion 2>/dev/null)
	if [ "${got%%.*}" = "$major" ]; then
		echo "CC=$cc"
		exit 0
	fi
done
echo "kernel-cc: the kernel was built with gcc $version ('$text'), which is not installed: Debian/Ubuntu: apt-get install gcc-$major; Fedora/Amazon Linux: dnf install gcc (the kernel's own gcc release)" >&2
exit 1
