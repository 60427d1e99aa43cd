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
# And no circle between files: with BUILD (the CMake build tree), each
# object's undefined symbols are resolved (nm) to the object of the tree that
# defines them, and the check fails when a file reaches itself again through
# the calls (A calls B, B calls A). kmod/ is checked the same way from its
# sources (its objects are built in the build root): a call from one .c to a
# function another .c defines.
# usage: tests/rig/layers.sh [ROOT [BUILD]]   (ROOT: the source tree, default
#                                              this one; no BUILD: no object check)
set -u
. "$(dirname "$0")/../lib.sh"
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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

# circles EDGES: the strongly connected sets of more than one file in "A B"
# lines (A calls B), one a line (Tarjan's algorithm; a file calling itself
# is no circle).
circles() {
	awk '
	function visit(v,   i, w) {
		idx[v] = low[v] = ++n; stack[++sp] = v; on[v] = 1
		for (i = 1; i <= deg[v]; i++) {
			w = adj[v, i]
			if (!(w in idx)) { visit(w); if (low[w] < low[v]) low[v] = low[w] }
			else if (on[w] && idx[w] < low[v]) low[v] = idx[w]
		}
		if (low[v] == idx[v]) {
			set = ""; k = 0
			do { w = stack[sp--]; on[w] = 0; set = set " " w; k++ } while (w != v)
			if (k > 1) print substr(set, 2)
		}
	}
	$1 != $2 && !seen[$1, $2]++ { adj[$1, ++deg[$1]] = $2; node[$1]; node[$2] }
	END { for (v in node) if (!(v in idx)) visit(v) }' "$1"
}
if [ -n "$build" ]; then
	: >"$tmp/edges"
	mapfile -t objs < <(find "$build/common" "$build/bench" "$build/analysis" "$build/cli" -name '*.c.o' -path '*CMakeFiles*' 2>/dev/null)
	for o in "${objs[@]}"; do
		nm "$o" 2>/dev/null | awk -v f="$(basename "$o" .c.o)" '$2 ~ /^[TDBR]$/ { print "D", $3, f } $1 == "U" { print "U", $2, f }'
	done >"$tmp/syms"
	awk '$1 == "D" && !($2 in def) { def[$2] = $3 } $1 == "U" { use[++u] = $3 " " $2 }
		END { for (i = 1; i <= u; i++) { split(use[i], p, " "); if (p[2] in def) print p[1], def[p[2]] } }' \
		"$tmp/syms" >"$tmp/edges"
	t_check "the objects are read (${#objs[@]} in common/, bench/, analysis/, cli/; $(wc -l <"$tmp/edges") calls between files)" \
		test "${#objs[@]}" -gt 50
	found=$(circles "$tmp/edges")
	[ -z "$found" ] || printf 'circle: %s\n' "$found"
	t_check "no circle of calls between the userspace files" test -z "$found"
fi
# kmod/: a function a .c defines (not static), called from another .c.
for f in "$root"/kmod/*.c; do
	sed -n '/^static/d; s/^[a-z][a-z0-9_ *]*[ *]\(pab_[a-z0-9_]*\)(.*/\1/p' "$f" | sed "s|^|$(basename "$f" .c) |"
done >"$tmp/kdefs"
: >"$tmp/kedges"
while read -r file fn; do
	for g in "$root"/kmod/*.c; do
		[ "$(basename "$g" .c)" = "$file" ] && continue
		grep -qE "(^|[^a-z0-9_])$fn\(" "$g" && echo "$(basename "$g" .c) $file"
	done
done <"$tmp/kdefs" >"$tmp/kedges"
t_check "kmod/'s calls between files are read ($(wc -l <"$tmp/kedges"))" test "$(wc -l <"$tmp/kedges")" -gt 20
found=$(circles "$tmp/kedges")
[ -z "$found" ] || printf 'circle: %s\n' "$found"
t_check "no circle of calls between kmod/'s files" test -z "$found"
t_done
