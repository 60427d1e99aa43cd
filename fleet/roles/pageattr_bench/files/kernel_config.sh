#!/bin/sh
# Where a kernel release's configuration is, in the one order every task uses:
# /boot/config-R (most distributions, Debian before 6.18),
# /usr/lib/modules/R/config (Debian since 6.18: linux-base moved it there),
# then the headers' .config (a self-built kernel installed by hand).
#   kernel_config.sh RELEASE        its path; exit 1 with a line saying where
#                                   it looked when there is none
#   kernel_config.sh --cc R...      each release's CONFIG_CC_VERSION_TEXT, one
#                                   line each, "unknown" where not found
#   kernel_config.sh --hash [R]     12 hex digits of sha256 over release R's
#                                   configuration (none: empty; R defaults to
#                                   the running kernel) and /proc/cmdline: the
#                                   store key's last part
# PAB_SYSROOT prefixes every path (tests).
root=${PAB_SYSROOT:-}
config_of() {
	for f in "$root/boot/config-$1" "$root/usr/lib/modules/$1/config" "$root/lib/modules/$1/build/.config"; do
		[ -f "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}
case ${1:-} in
--cc)
	shift
	for r in "$@"; do
		c=
		f=$(config_of "$r") && c=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$f")
		echo "${c:-unknown}"
	done
	;;
--hash)
	f=$(config_of "${2:-$(uname -r)}") || f=/dev/null
	cat "$f" "$root/proc/cmdline" | sha256sum | cut -c1-12
	;;
'' | -*)
	echo "usage: kernel_config.sh RELEASE | --cc RELEASE... | --hash [RELEASE]" >&2
	exit 2
	;;
*)
	config_of "$1" && exit 0
	echo "no configuration for $1 (/boot/config-$1, /usr/lib/modules/$1/config, /lib/modules/$1/build/.config)"
	exit 1
	;;
esac
