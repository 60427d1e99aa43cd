#!/usr/bin/env bash
# Build the QEMU plugin that counts instructions and barriers per timed call
# (vm/plugin/insn_count.c) against the qemu-plugin.h of the installed QEMU:
# Debian installs neither the header nor the example plugins, so the header
# is taken from the source package of exactly the installed qemu-system-arm
# version (through the private apt configuration), and the plugin checks its
# API version when it compiles. Prints the plugin's path.
#
# usage: vm/build_plugin.sh
set -euo pipefail
PAB_PROG=build-plugin
. "$(dirname "$0")/lib.sh"
. "$PAB_ROOT/vm/apt.sh"

pab_need qemu-system-aarch64 qemu-system-arm
src=$(dpkg-query -W -f='${source:Package}' qemu-system-arm)
ver=$(dpkg-query -W -f='${source:Version}' qemu-system-arm)
hdr=$PAB_CACHE/qemu-plugin/$ver/qemu-plugin.h
so=$PAB_BUILD/plugin/pab_insn_count.so
if [ ! -s "$hdr" ]; then
	pab_apt_update
	pab_log "qemu-plugin.h from the $src $ver source package"
	pab_apt_source_file "$src" "$ver" include/qemu/qemu-plugin.h "$hdr"
fi
mkdir -p "$(dirname "$so")"
srcs=("$PAB_ROOT/vm/plugin/insn_count.c" "$PAB_ROOT/vm/plugin/a64_class.c")
if [ ! -s "$so" ] || [ -n "$(find "${srcs[@]}" "$PAB_ROOT/vm/plugin/a64_class.h" \
	"$PAB_ROOT/kmod/pageattr_bench_uapi.h" "$hdr" -newer "$so" 2>/dev/null)" ]; then
	${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC -I"$(dirname "$hdr")" \
		-I"$PAB_ROOT/vm/plugin" -I"$PAB_ROOT/kmod" "${srcs[@]}" -o "$so.tmp" ||
		pab_die "compiling the plugin against $hdr failed"
	mv "$so.tmp" "$so"
fi
echo "$so"
