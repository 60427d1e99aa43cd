#!/usr/bin/env bash
# What a kernel A/B measures, said where it opens (report.md, report.html,
# lkml.txt), from result directories written here, no guest: two releases
# (Debian 6.12 against Debian 7.2, as ./run_all.sh --ab arm64-6.12 arm64-7.2
# records them) get the whole-kernel lead, pointing to --conversion, with
# the differences the files record; a base against its patched variant (as
# --conversion and --ab BASE --patch FILE record them) does not. Either way
# the configurations one kernel ran and the other did not are named, not paired.
set -u
. "$(dirname "$0")/../lib.sh"
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v jq >/dev/null || t_skip "jq not installed (apt-get install jq; ./run_all.sh deps installs it)"
command -v gnuplot >/dev/null || t_skip "gnuplot not installed (apt-get install gnuplot-nox; ./run_all.sh deps installs it)"

pn() { echo "$1/2MiB/mixed:pte/runs/lazy=${2:-native}/tlb=none"; }
pv() { echo "$1/2MiB/vmalloc:as the kernel maps it/-/lazy=$2/tlb=none${3:+/toggle=$3}"; }
NX=$(pv set-memory-nx native exec) RO=$(pv set-memory on) AP=$(pn pageattr-apply) WK=$(pn pageattr-walk)
WL=$(pn walk-lockless on)

# run DIR RELEASE KERNEL_JSON METHODS_JSON NAME INSNS DSB TLBI...: an exact
# guest run's files: results.json (the icount clock, the kernel's machine
# info as info --json writes it) and barriers.json (the plugin's counts).
run() {
	local dir=$1 rel=$2 kernel=$3 methods=$4 args=() runs='' n=0
	shift 4
	mkdir -p "$dir"
	while [ $# -gt 0 ]; do
		args+=("$1" "$2" 1000 0 false)
		n=$((n + 1))
		runs+="${runs:+,}{\"run\": $n, \"name\": \"$1\", \"null_baseline\": false, \"vcpu\": 0, \"calls\": 40, \"exact\": true, \"per_call\": {\"insns\": $2, \"dsb\": $(($3 + 1)), \"dsb_ishst\": $3, \"dsb_ish\": 1, \"dmb\": 0, \"isb\": $3, \"tlbi\": $4, \"tlbi_ops\": {}}}"
		shift 4
	done
	T_RELEASE=$rel T_EMULATED=true result_net "$dir/results.json.in" "${args[@]}"
	jq --argjson k "$kernel" --argjson m "$methods" \
		'.machine.clock = "icount" | .machine.kernel += $k | .machine.methods = $m' \
		"$dir/results.json.in" >"$dir/results.json"
	rm "$dir/results.json.in"
	echo "{\"source\": \"test\", \"runs\": [$runs]}" >"$dir/barriers.json"
}
lacks='{"name": "walk-lockless", "available": false, "reason": "kernel has no walk_kernel_page_table_range_lockless (added in 6.18)"},
	{"name": "pageattr-walk", "available": false, "reason": "kernel has no walk_kernel_page_table_range_lockless (added in 6.18)"}'
has='{"name": "walk-lockless", "available": true}, {"name": "pageattr-walk", "available": true}'
old='{"walker_api": "walk_kernel_page_table_range", "lazy_mmu_api": "none", "lazy_mmu_pause": false}'
new='{"walker_api": "walk_kernel_page_table_range", "lazy_mmu_api": "lazy_mmu_mode_enable", "lazy_mmu_pause": true}'

# Two releases: 6.12 lacks the lockless walker, so 7.2's pageattr-walk and
# walk-lockless are on one side only.
run "$tmp/r612" 6.12.117+deb13-arm64 "$old" "[$lacks]" "$NX" 23785 513 512 "$RO" 300000 1025 513 "$AP" 16736 513 512
run "$tmp/r72" 7.2.13+deb14-arm64 "$new" "[$has]" "$NX" 30385 2 6 "$RO" 250000 1026 513 "$AP" 18497 3 4 \
	"$WK" 22347 2 6 "$WL" 20000 1 0
"$bin" report "$tmp/r72" --compare "$tmp/r612" >/dev/null 2>&1
md=$tmp/r72/report.md
lead='A whole-kernel comparison, not the conversion alone.'
t_check "releases: report.md opens with the whole-kernel A/B between 6.12.117 and 7.2.13" bash -c \
	"grep -m1 '^## ' '$md' | grep -qx '## Whole-kernel A/B, release 6.12.117 → 7.2.13, in exact counts per call: B 7.2.13+deb14-arm64 against A 6.12.117+deb13-arm64'"
t_check "releases: its lead says what it measures, and where the conversion alone is" bash -c \
	"grep -A2 -m1 '^## ' '$md' | grep -F '**$lead**' | grep -F 'everything that changed between release 6.12.117 and release 7.2.13' | grep -qF '\`./run_all.sh --conversion\`'"
t_check "releases: the lead once (not again at the timed comparison)" test "$(grep -cF "$lead" "$md")" = 1
t_check "releases: what the files record differently" grep -qxF 'What the two files record differently (`machine.kernel`, `machine.methods`): lazy MMU API none → lazy_mmu_mode_enable; lazy MMU pause no → yes; A lacks `walk-lockless`, `pageattr-walk`: kernel has no walk_kernel_page_table_range_lockless (added in 6.18).' "$md"
t_check "releases: the configurations on one side only, named" grep -qxF 'Measured on one side only, so not compared (configurations per method): A only: none; B only: `pageattr-walk` 1, `walk-lockless` 1.' "$md"
t_check "releases: set_memory_x/nx and set_memory_ro/rw paired, per page" bash -c \
	"grep -qE '^\| \`set-memory-nx\` \(set_memory_x/nx\) \| 2M \| 512 \| 0 \| 23785 \| 30385 \| \+6600 \| \+12\.89 \| 513 → 2 \| 1 → 1 \| 513 → 2 \| 512 → 6 \|$' '$md' &&
		grep -qE '^\| \`set-memory\` \(set_memory_ro/rw\) \| 2M \| 512 \| 0 \| 300000 \| 250000 \| -50000 \| -97\.66 \| 1025 → 1026 \| .* \| 513 → 513 \|$' '$md'"
t_check "releases: nothing paired that one kernel did not run" bash -c "! grep -q '^| \`pageattr-walk\`' '$md'"
t_check "releases: report.html carries the lead" grep -qF "$lead" "$tmp/r72/report.html"
lk=$tmp/r72/lkml.txt
t_check "releases: lkml.txt opens with the whole-kernel A/B" grep -qx 'Whole-kernel A/B, release 6.12.117 -> 7.2.13, exact counts per call' "$lk"
t_check "releases: lkml.txt says what it measures, not the conversion alone" bash -c \
	"tr '\n' ' ' <'$lk' | tr -s ' ' | grep -qF 'B - A is everything that changed between release 6.12.117 and release 7.2.13 (lazy MMU nesting, TLB flushing, the pagewalk conversion, the prologue, config, compiler), not the conversion alone: ./run_all.sh --conversion measures that.'"
t_check "releases: lkml.txt names the one-sided configurations" bash -c \
	"tr '\n' ' ' <'$lk' | tr -s ' ' | grep -qF 'A only: none; B only: pageattr-walk 1, walk-lockless 1.'"
t_check "releases: lkml.txt within 72 columns" awk 'length($0) > 72 { exit 1 }' "$lk"

# A base and its patched variant (--conversion, --ab BASE --patch): one release.
build='"build": "linux-source-7.2 7.2.13-1 (sid), allnoconfig + vm/kconfig/arm64-timing.config"'
run "$tmp/base" 7.2.13-pab "${new%\}}, $build}" "[$has]" "$NX" 30385 2 6 "$RO" 250000 1026 513
run "$tmp/var" 7.2.13-pab+pre-conversion "${new%\}}, ${build%\"} + patches: 01-0001-pre.patch\"}" "[$has]" \
	"$NX" 29000 3 6 "$RO" 200000 1027 513
"$bin" report "$tmp/var" --compare "$tmp/base" >/dev/null 2>&1
t_check "variant: report.md opens with the kernel A/B, as before" bash -c \
	"grep -m1 '^## ' '$tmp/var/report.md' | grep -qx '## Kernel A/B in exact counts per call: B 7.2.13-pab+pre-conversion against A 7.2.13-pab'"
t_check "variant: no whole-kernel lead anywhere, no one-sided line" bash -c \
	"! grep -qiE 'whole-kernel|between release|one side only' '$tmp/var/report.md' '$tmp/var/report.html' '$tmp/var/lkml.txt'"
t_check "variant: lkml.txt opens as before" grep -qx 'Kernel A/B, exact counts per call (QEMU plugin, icount guests)' "$tmp/var/lkml.txt"

# Two releases timed (host mode on each kernel: no plugin counts): the same lead.
mkdir -p "$tmp/h612" "$tmp/h72"
T_RELEASE=6.12.117+deb13-arm64 result_net "$tmp/h612/results.json" "$NX" 23000 1000 0 false "$AP" 16000 1000 0 false
T_RELEASE=7.3.4+bpo-arm64 result_net "$tmp/h72/results.json" "$NX" 26000 1000 0 false "$AP" 17000 1000 0 false \
	"$WK" 19000 1000 0 false
"$bin" report "$tmp/h72" --compare "$tmp/h612" >/dev/null 2>&1
t_check "timed releases: report.md opens with the whole-kernel A/B and its lead" bash -c \
	"grep -m1 '^## ' '$tmp/h72/report.md' | grep -qx '## Whole-kernel A/B, release 6.12.117 → 7.3.4, kernel B 7.3.4+bpo-arm64 against kernel A 6.12.117+deb13-arm64' &&
		grep -qF 'everything that changed between release 6.12.117 and release 7.3.4' '$tmp/h72/report.md'"
t_check "timed releases: lkml.txt too, and the one-sided configuration" bash -c \
	"grep -qx 'Whole-kernel A/B, release 6.12.117 -> 7.3.4' '$tmp/h72/lkml.txt' &&
		tr '\n' ' ' <'$tmp/h72/lkml.txt' | tr -s ' ' | grep -qF 'A only: none; B only: pageattr-walk 1.'"
t_done
