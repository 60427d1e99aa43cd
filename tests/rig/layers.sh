#!/usr/bin/env bash
# The userspace layers point one way (ARCHITECTURE.md "Layers"):
#   kmod/ (the UAPI header) -> common/ -> bench/ and analysis/ -> cli/
# Every #include "x.h" in a C file of those folders is resolved to the folder
# that holds x.h (a path in the include, e.g. "../kmod/x.h", is resolved from
# the including file's folder), and the check fails when
#   - analysis/ includes a bench/ header, or bench/ an analysis/ one;
#   - common/ includes a bench/, analysis/ or cli/ header;
#   - bench/ or analysis/ includes a cli/ header;
#   - kmod/'s UAPI header includes a userspace header;
#   - a header name is in two of these folders (the include would be ambiguous),
#     or an include names no header of the tree nor of the system.
# usage: tests/rig/layers.sh [ROOT]   (ROOT: the source tree, default this one)
set -u
. "$(dirname "$0")/../lib.sh"
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
folders="kmod common bench analysis cli"

# allowed FROM TO: may a file in FROM include a header of TO?
allowed() {
	[ "$1" = "$2" ] && return 0
	case "$1:$2" in
	common:kmod) return 0 ;;
	bench:kmod | bench:common) return 0 ;;
	analysis:kmod | analysis:common) return 0 ;;
	cli:kmod | cli:common | cli:bench | cli:analysis) return 0 ;;
	esac
	return 1
}

# Where each header lives (folder, by name).
declare -A home
dup=
for d in $folders; do
	for h in "$root/$d"/*.h; do
		[ -e "$h" ] || continue
		n=${h##*/}
		[ -n "${home[$n]:-}" ] && dup+=" $n (${home[$n]}/, $d/)"
		home[$n]=$d
	done
done
t_check "every header name is in one folder${dup:+ (twice:$dup)}" test -z "$dup"

bad='' unknown='' n=0
check_file() { # FILE FOLDER
	local f=$1 from=$2 inc to rel
	while IFS= read -r inc; do
		n=$((n + 1))
		case $inc in
		*/*)	# a path: resolve it from the including file's folder
			rel=$(realpath -m "$(dirname "$f")/$inc")
			to=${rel#"$root"/}
			to=${to%%/*}
			[ -e "$rel" ] || { unknown+=" ${f#"$root"/}:$inc"; continue; } ;;
		*)	to=${home[$inc]:-}
			if [ -z "$to" ]; then
				# A header beside the file only (kmod's private ones), else unknown.
				[ -e "$(dirname "$f")/$inc" ] && continue
				unknown+=" ${f#"$root"/}:$inc"
				continue
			fi ;;
		esac
		allowed "$from" "$to" || bad+=" ${f#"$root"/}->$to/$(basename "$inc")"
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
}
for d in common bench analysis cli; do
	for f in "$root/$d"/*.c "$root/$d"/*.h; do
		[ -e "$f" ] && check_file "$f" "$d"
	done
done
# The UAPI header is the bottom: it includes no userspace header.
check_file "$root/kmod/pageattr_bench_uapi.h" kmod

t_check "the includes are found ($n in common/, bench/, analysis/, cli/)" test "$n" -gt 50
t_check "every include names a header of the tree${unknown:+ (not found:$unknown)}" test -z "$unknown"
t_check "no include across the layers${bad:+ (across:$bad)}" test -z "$bad"
t_done
