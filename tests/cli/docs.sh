#!/usr/bin/env bash
# The docs name everything a user can type or gets, and nothing that does not
# exist: every pageattr-bench subcommand (cli/main.c's table and --help),
# every long option of every subcommand (its --help), every guest profile
# (vm/profiles.conf), every ./run_all.sh option and command (its --help) and
# every result file the main job writes must be mentioned in README.md or
# docs/*.md; every `pageattr-bench WORD` the docs name must be a subcommand.
# usage: tests/cli/docs.sh PATH/TO/pageattr-bench
set -u
. "$(dirname "$0")/../lib.sh"
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

docs=("$root/README.md" "$root"/docs/*.md)
t_check "README.md and docs/*.md exist" test -f "$root/README.md" -a -f "$root/docs/driver.md"
cat "${docs[@]}" >"$tmp/all.md"

# mentioned REGEX: the docs match REGEX (extended).
mentioned() { grep -qE -- "$1" "$tmp/all.md"; }
# re STRING: STRING as a literal in an extended regex.
re() { sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$1"; }

# Subcommands: the table in cli/main.c (every build's), and --help (this build's).
sed -n 's/^[[:space:]]*{ "\([a-z][a-z0-9-]*\)", cmd_.*/\1/p' "$root/cli/main.c" >"$tmp/cmds"
"$bin" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p' >>"$tmp/cmds"
sort -u -o "$tmp/cmds" "$tmp/cmds"
t_check "the command table lists commands ($(wc -l <"$tmp/cmds"))" test "$(wc -l <"$tmp/cmds")" -ge 10
missing=
while read -r c; do
	mentioned "(pageattr-bench |\`)$(re "$c")([^a-z0-9-]|\$)" || missing+=" $c"
done <"$tmp/cmds"
t_check "every subcommand is documented${missing:+ (missing:$missing)}" test -z "$missing"

# Docs naming `pageattr-bench WORD`: WORD is a subcommand, or 'help' (help
# COMMAND), or 'version' (the result files' key "pageattr-bench version").
bad=
for w in $(grep -ohE 'pageattr-bench [a-z][a-z0-9-]*' "$tmp/all.md" | cut -d' ' -f2 | sort -u); do
	case $w in help | version) continue ;; esac
	grep -qx -- "$w" "$tmp/cmds" || bad+=" $w"
done
t_check "the docs name only subcommands that exist${bad:+ (not commands:$bad)}" test -z "$bad"

# Long options of every subcommand, from its own --help.
missing='' nohelp=''
while read -r c; do
	if ! "$bin" "$c" --help >"$tmp/help" 2>&1 || ! grep -q . "$tmp/help"; then
		grep -q "is not a command" "$tmp/help" && { nohelp+=" $c"; continue; }
		missing+=" $c:--help-failed"
		continue
	fi
	for o in $(grep -oE -- '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u); do
		mentioned "$(re "$o")([^a-z0-9-]|\$)" || missing+=" $c:$o"
	done
done <"$tmp/cmds"
t_check "every long option of every subcommand is documented${missing:+ (missing:$missing)}" test -z "$missing"
[ -z "$nohelp" ] || t_skip_part "not in this build, options not checked:$nohelp"

# 'pageattr-bench help CMD' against the docs, both ways. Each long option of
# CMD's help must be said where the docs speak of CMD: a paragraph naming it
# (`CMD`, `pageattr-bench CMD`, `CMD --x`) or a section whose heading does;
# every option a `pageattr-bench CMD ...` line of the docs shows (before a
# '--' that passes options on) must be one of CMD's. And 'help CMD' is
# CMD --help.
awk '/^#/ { h = $0 } { print h "\t" $0 }' "$tmp/all.md" >"$tmp/sections"
missing='' unknown='' differs=''
while read -r c; do
	"$bin" help "$c" >"$tmp/help" 2>&1 || continue
	"$bin" "$c" --help 2>&1 | cmp -s - "$tmp/help" || differs+=" $c"
	pat="(pageattr-bench $(re "$c")([^a-z-]|\$)|\`$(re "$c")\`|\`$(re "$c") |[^a-z-]$(re "$c") --)"
	{
		grep -E -- "$pat" "$tmp/sections" | cut -f2-
		awk -v RS= -v pat="$pat" '$0 ~ pat' "$tmp/all.md"
	} >"$tmp/about"
	for o in $(grep -oE -- '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u); do
		grep -qE -- "$(re "$o")([^a-z0-9-]|\$)" "$tmp/about" || missing+=" $c:$o"
	done
	for o in $(grep -oE -- "pageattr-bench $(re "$c")( [^\`#]*)?" "$tmp/all.md" | sed 's/ -- .*//' |
		grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
		grep -qE -- "$(re "$o")([^a-z0-9-]|\$)" "$tmp/help" || unknown+=" $c:$o"
	done
done <"$tmp/cmds"
t_check "'pageattr-bench help CMD' is CMD --help${differs:+ (differs:$differs)}" test -z "$differs"
t_check "every option of 'help CMD' is documented where the docs speak of CMD${missing:+ (missing:$missing)}" test -z "$missing"
t_check "every option the docs show on a 'pageattr-bench CMD' line is one of CMD's${unknown:+ (not in its help:$unknown)}" test -z "$unknown"

# Guest profiles, as `NAME`.
missing=
for p in $(awk '!/^[[:space:]]*(#|$)/ { print $1 }' "$root/vm/profiles.conf"); do
	grep -qF -- "\`$p\`" "$tmp/all.md" || missing+=" $p"
done
t_check "every guest profile in vm/profiles.conf is documented${missing:+ (missing:$missing)}" test -z "$missing"

# ./run_all.sh: its options and its commands (./run_all.sh WORD), from its --help.
"$root/run_all.sh" --help >"$tmp/run_all" 2>&1
t_check "./run_all.sh --help answers" grep -q -- '--quick' "$tmp/run_all"
missing=
for o in $(grep -oE -- '--[a-z][a-z0-9-]*' "$tmp/run_all" | sort -u); do
	mentioned "$(re "$o")([^a-z0-9-]|\$)" || missing+=" $o"
done
for w in $(grep -oE 'run_all\.sh [a-z][a-z0-9-]*' "$tmp/run_all" | cut -d' ' -f2 | sort -u); do
	mentioned "run_all\.sh $(re "$w")([^a-z0-9-]|\$)" || missing+=" $w"
done
t_check "every ./run_all.sh option and command is documented${missing:+ (missing:$missing)}" test -z "$missing"

# The main job's result files.
missing=
for f in report.md report.html lkml.txt lkml-full.txt results.json results.csv concurrency.json \
	split_race.json split_race_control.json barriers.json insns.tsv hyperfine.json info.json selftest.tap; do
	mentioned "(^|[^A-Za-z0-9_.-])$(re "$f")([^A-Za-z0-9_-]|\$)" || missing+=" $f"
done
t_check "every result file of the main job is documented${missing:+ (missing:$missing)}" test -z "$missing"

# Links between the pages point at files that exist.
missing=
for d in "${docs[@]}"; do
	for l in $(grep -oE '\]\([^)#:]+\.(md|png)(#[^)]*)?\)' "$d" | sed 's/^](//; s/)$//; s/#.*//' | sort -u); do
		[ -e "$(dirname "$d")/$l" ] || missing+=" ${d#"$root"/}:$l"
	done
done
t_check "relative links in the docs point at files${missing:+ (broken:$missing)}" test -z "$missing"
t_done
