#!/usr/bin/env bash
# pageattr-bench report on generated result directories: the plots are real
# PNGs drawn by gnuplot, report.md embeds them and the comparison, report.html
# is self-contained (images inline), lkml.txt stays within 72 columns; bad
# input gives one line and exit 2.
set -u
. "$(dirname "$0")/../lib.sh"
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/old" "$tmp/new"
result "$tmp/old/results.json" "walk/2MiB/mixed:pte/runs/lazy=on/tlb=none" 10000 \
	"walk/8MiB/mixed:pte/runs/lazy=on/tlb=none" 40000 "walk/8MiB/mixed:pte/runs/lazy=off/tlb=none" 44000
result "$tmp/new/results.json" "walk/2MiB/mixed:pte/runs/lazy=on/tlb=none" 10000 \
	"walk/8MiB/mixed:pte/runs/lazy=on/tlb=none" 30000 "walk/8MiB/mixed:pte/runs/lazy=off/tlb=none" 44000
command -v gnuplot >/dev/null || t_skip "gnuplot not installed (apt-get install gnuplot-nox; ./run_all.sh deps installs it)"
# LC_ALL=C, as on a minimal server: gnuplot still gets UTF-8 (no "iconv failed" per plot).
out=$(LC_ALL=C "$bin" report "$tmp/new" --compare "$tmp/old" 2>&1)
t_check "report succeeds" grep -q "^report: " <<<"$out"
t_check "under LC_ALL=C no gnuplot encoding warning ($(grep -c iconv <<<"$out"))" bash -c "! grep -q iconv <<<'$(grep iconv <<<"$out" | head -n 1)'"
for png in time_vs_size ns_per_entry_vs_size distributions compare; do
	t_check "$png.png is a PNG" bash -c "head -c 4 '$tmp/new/plots/$png.png' | tail -c 3 | grep -qx PNG"
done
t_check "each plot also comes as SVG" grep -q "<svg" "$tmp/new/plots/time_vs_size.svg"
t_check "report.md embeds the plots" grep -q '!\[Time per call vs range size\](plots/time_vs_size.png)' "$tmp/new/report.md"
t_check "report.md has the comparison with a verdict" grep -q 'walk/8MiB/mixed:pte/runs/lazy=on/tlb=none .* B faster |' "$tmp/new/report.md"
t_check "report.html carries the images inline" grep -q 'src="data:image/png;base64,iVBOR' "$tmp/new/report.html"
t_check "lkml-full.txt lists every configuration" test "$(grep -c '^walk ' "$tmp/new/lkml-full.txt")" = 3
t_check "lkml-full.txt is at most 72 columns wide" awk 'length($0) > 72 { exit 1 }' "$tmp/new/lkml-full.txt"
t_check "lkml.txt is the summary: at most 60 lines" test "$(wc -l < "$tmp/new/lkml.txt")" -le 60
t_check "lkml.txt: what lazy MMU changes, walk at 8M (44000/30000: helps)" grep -qE '^ +8M pte +- +- +1\.4[0-9]\+$' "$tmp/new/lkml.txt"
t_check "report.md: the lazy table, then the plots, then every configuration" bash -c "grep -n -e '^## What lazy MMU batching changes' -e '^## Plots' -e '^## Configurations' '$tmp/new/report.md' | cut -d: -f2 | paste -sd, | grep -qx '## What lazy MMU batching changes,## Plots,## Configurations'"
# A sweep's worth: 12 sizes x (3 component methods x lazy off/on + the two paths):
# the summary stays within 60 lines (the lazy table keeps 10 sizes and says so).
mkdir -p "$tmp/big"
args=()
for k in 4 8 16 32 64 128 256 512 1024 2048 4096 8192; do
	for m in apply walk walk-lockless; do
		args+=("$m/${k}KiB/mixed:pte/runs/lazy=on/tlb=none" $((k * 40)) "$m/${k}KiB/mixed:pte/runs/lazy=off/tlb=none" $((k * 42)))
	done
	args+=("pageattr-apply/${k}KiB/mixed:pte/runs/lazy=native/tlb=none" $((k * 35)) "pageattr-walk/${k}KiB/mixed:pte/runs/lazy=native/tlb=none" $((k * 42)))
done
result "$tmp/big/results.json" "${args[@]}"
"$bin" report "$tmp/big" >/dev/null 2>&1
t_check "a 12-size sweep: lkml.txt within 60 lines ($(wc -l < "$tmp/big/lkml.txt")) and 72 columns" \
	bash -c "test \$(wc -l < '$tmp/big/lkml.txt') -le 60 && awk 'length(\$0) > 72 { exit 1 }' '$tmp/big/lkml.txt'"
t_check "... its lazy table says some sizes are left out" grep -q "left out: see lkml-full.txt" "$tmp/big/lkml.txt"
t_check "... and every configuration is in lkml-full.txt" test "$(grep -cE '^(apply|walk|walk-lockless|pageattr-apply|pageattr-walk) ' "$tmp/big/lkml-full.txt")" = 96
mkdir -p "$tmp/labels"
result "$tmp/labels/results.json" "set-memory-prologue/1MiB/mixed:pte/runs/lazy=native/tlb=none" 8000 \
	"walk-lockless/64MiB/mixed:pte/runs/lazy=batch=512/tlb=none" 90000 \
	"pageattr-apply/16MiB/mixed:pte/runs/lazy=native/tlb=none" 140000
"$bin" report "$tmp/labels" >/dev/null 2>&1
t_check "lkml-full.txt: no label cut (set-memory-prologue, batch=512, 64M whole)" \
	bash -c "grep -qE '^set-memory-prologue +1M +native ' '$tmp/labels/lkml-full.txt' && grep -qE '^walk-lockless +64M +batch=512 ' '$tmp/labels/lkml-full.txt' && grep -qE '^pageattr-apply +16M +native ' '$tmp/labels/lkml-full.txt'"
t_check "lkml.txt is at most 72 columns wide" awk 'length($0) > 72 { exit 1 }' "$tmp/new/lkml.txt"
# UAPI 3 results: net times, the null median and the interrupt hits, said so.
mkdir -p "$tmp/net" "$tmp/netold"
result_net "$tmp/net/results.json" "walk/2MiB/mixed:pte/runs/lazy=on/tlb=none" 12000 3000 25 false
result_net "$tmp/netold/results.json" "walk/2MiB/mixed:pte/runs/lazy=on/tlb=none" 10000 1000 0 false
"$bin" report "$tmp/net" --compare "$tmp/netold" >/dev/null 2>&1
t_check "report.md: net time (12052 - 3003), its null median and the raw median" grep -qE '^\| walk/2MiB/mixed:pte/runs/lazy=on/tlb=none \| 15 \| 9049 \| \[[0-9]+, [0-9]+\] \| 3003 \| 12052 \| 25 of 40, excluded \|' "$tmp/net/report.md"
t_check "report.md says the times are net of the null window" grep -q '^Times net of the null window' "$tmp/net/report.md"
t_check "report.md compares net medians (equal: no difference proven)" grep -qE '^\| walk/2MiB/mixed:pte/runs/lazy=on/tlb=none \| 9044 \| 9049 \| .* no difference proven \| - \| 1003/3003 \|' "$tmp/net/report.md"
t_check "lkml.txt: net time and the null median" grep -qE '^walk +2M +on +9\.05 +[0-9.]+ +17\.7 +3003$' "$tmp/net/lkml-full.txt"
t_check "lkml.txt and lkml-full.txt say the times are net of the null window" grep -q 'net of the null window' "$tmp/net/lkml.txt" "$tmp/net/lkml-full.txt"
t_check "lkml.txt (net) is at most 72 columns wide" awk 'length($0) > 72 { exit 1 }' "$tmp/net/lkml.txt"
t_check "lkml-full.txt marks raw times of older files" grep -qE '^walk .* raw\*$' "$tmp/new/lkml-full.txt"
# The production paths first: pageattr-apply vs pageattr-walk per size, with
# set-memory-nx and its prologue where measured at that size.
mkdir -p "$tmp/paths"
pn() { echo "$1/$2/mixed:pte/runs/lazy=native/tlb=none"; }
pv() { echo "$1/$2/vmalloc:as the kernel maps it/-/lazy=native/tlb=none/toggle=exec"; }
result_net "$tmp/paths/results.json" "$(pn pageattr-apply 2M)" 20000 1000 0 false \
	"$(pn pageattr-walk 2M)" 26000 1000 0 false "$(pv set-memory-nx 2M)" 30000 1000 0 false \
	"$(pv set-memory-prologue 2M)" 4000 1000 0 false "$(pn pageattr-apply 8M)" 80000 1000 0 false \
	"$(pn pageattr-walk 8M)" 80000 1000 0 false "$(pn pageattr-apply 32M)" 320000 1000 0 false \
	"$(pn pageattr-walk 32M)" 250000 1000 0 false "$(pv set-memory-nx 32M)" 340000 1000 0 false
"$bin" report "$tmp/paths" >/dev/null 2>&1
md=$tmp/paths/report.md
t_check "report.md: the production paths come first" bash -c "grep -n '^## ' '$md' | head -n 1 | grep -q 'Production paths: before vs after the pagewalk conversion'"
t_check "report.md: the sign convention next to the table" grep -q '^\*\*Sign: walk/apply > 1: the new path (pageattr-walk, 6.18+) is slower.\*\*$' "$md"
t_check "report.md: 2M, walk 30 % slower, with set-memory-nx and its prologue" grep -qE '^\| 2M \| pte \| 19044 \| 25044 \| 1\.315 \| \[1\.3[0-9]+, 1\.3[0-9]+\] \| walk slower \| 29044 \| 3044 \|$' "$md"
t_check "report.md: equal paths, no difference proven, '-' where not measured" grep -qE '^\| 8M \| pte \| 79044 \| 79044 \| 1\.000 \| .* \| no difference proven \| - \| - \|$' "$md"
t_check "report.md: walk faster at 32M" grep -qE '^\| 32M \| pte \| .* \| walk faster \| 339044 \| - \|$' "$md"
t_check "lkml.txt: the production paths first, with the sign" bash -c "test \$(grep -n '^Production paths' '$tmp/paths/lkml.txt' | cut -d: -f1) -le 6 && grep -q '^walk/apply > 1: the new path' '$tmp/paths/lkml.txt'"
t_check "lkml.txt: 2M row" grep -qE '^ +2M pte +19\.0 +25\.0 +1\.32 1\.3[0-9]-1\.3[0-9] +slower +29\.0 +3\.0$' "$tmp/paths/lkml.txt"
t_check "lkml.txt (paths) is at most 72 columns wide" awk 'length($0) > 72 { exit 1 }' "$tmp/paths/lkml.txt"
t_check "paths: paths_vs_size.png" bash -c "head -c 4 '$tmp/paths/plots/paths_vs_size.png' | tail -c 3 | grep -qx PNG"
t_check "paths: the plot holds apply, walk and set-memory-nx only" grep -q "lmethods='5 6 7'" "$tmp/paths/plots/paths_vs_size.vars"
t_check "report.md without the paths says which methods are missing" grep -qx 'No before/after pair: the results have no ok pageattr-apply and no pageattr-walk record.' "$tmp/new/report.md"
t_check "lkml.txt without the paths says so too" grep -q '^No before/after pair: the results have no ok pageattr-apply and no' "$tmp/new/lkml.txt"
# Times from a QEMU TCG guest say so at the top of every report file.
mkdir -p "$tmp/tcg"
T_EMULATED=true result_net "$tmp/tcg/results.json" "$(pn pageattr-apply 2M)" 20000 1000 0 false \
	"$(pn pageattr-walk 2M)" 26000 1000 0 false
"$bin" report "$tmp/tcg" >/dev/null 2>&1
note="no verdicts: these are QEMU TCG's times without -icount, the emulator's, not a CPU's"
t_check "emulated: report.md says so before any time" bash -c "grep -m1 -n -e '^> \*\*note:\*\*' -e '^## ' '$tmp/tcg/report.md' | grep -qF \"> **note:** \$1\"" _ "$note"
t_check "emulated: no faster, slower, helps or hurts anywhere" bash -c "! grep -qiwE 'faster|slower|helps|hurts' '$tmp/tcg/report.md' '$tmp/tcg/lkml.txt'"
t_check "emulated: the plots are drawn, their titles say so" bash -c "head -c 4 '$tmp/tcg/plots/paths_vs_size.png' | tail -c 3 | grep -qx PNG && grep -q 'QEMU TCG guest: the emulator.s times, no verdict' '$tmp/tcg/plots/paths_vs_size.svg'"
t_check "emulated: report.html carries it" grep -qF "$note" "$tmp/tcg/report.html"
t_check "emulated: lkml.txt says so on top, within 72 columns" bash -c "test \$(grep -n '^note: no verdicts: these are QEMU TCG' '$tmp/tcg/lkml.txt' | cut -d: -f1) -lt \$(grep -n '^Production paths' '$tmp/tcg/lkml.txt' | cut -d: -f1) && ! awk 'length(\$0) > 72 { bad = 1 } END { exit !bad }' '$tmp/tcg/lkml.txt'"
t_check "not emulated (older file): no notice" bash -c "! grep -q 'QEMU TCG' '$tmp/paths/report.md' '$tmp/paths/lkml.txt'"
"$bin" report "$tmp/paths" --compare "$tmp/tcg" >/dev/null 2>&1
t_check "emulated older run only: the notice names it" grep -qF "(clocks differ: the older run emulated, this run host)" "$tmp/paths/report.md"
T_EMULATED=false result_net "$tmp/paths/results.json" "$(pn pageattr-apply 2M)" 20000 1000 0 false
"$bin" report "$tmp/paths" >/dev/null 2>&1
t_check "emulated: false, no notice" bash -c "! grep -q 'QEMU TCG' '$tmp/paths/report.md'"
# A kernel-vs-kernel A/B (./run_all.sh --ab): the two files name different
# kernels, so the report opens with B against A, and lkml.txt with the paths'.
mkdir -p "$tmp/ka" "$tmp/kb"
T_RELEASE=7.2.13-pab result_net "$tmp/ka/results.json" "$(pn pageattr-apply 2M)" 20000 1000 0 false \
	"$(pn pageattr-walk 2M)" 26000 1000 0 false "$(pv set-memory-nx 2M)" 30000 1000 0 false \
	"walk/2MiB/mixed:pte/runs/lazy=on/tlb=none" 9000 1000 0 false
T_RELEASE=7.2.13-pab+no-lazy result_net "$tmp/kb/results.json" "$(pn pageattr-apply 2M)" 20000 1000 0 false \
	"$(pn pageattr-walk 2M)" 26000 1000 0 false "$(pv set-memory-nx 2M)" 36000 1000 0 false \
	"walk/2MiB/mixed:pte/runs/lazy=on/tlb=none" 9000 1000 0 false
"$bin" report "$tmp/kb" --compare "$tmp/ka" >/dev/null 2>&1
md=$tmp/kb/report.md
t_check "A/B of kernels: report.md opens with it" bash -c "grep -n '^## ' '$md' | head -n 1 | grep -q 'A/B: kernel B 7.2.13-pab+no-lazy against kernel A 7.2.13-pab'"
t_check "A/B: set-memory-nx B slower (35044 vs 29044), ns per entry of both" grep -qE '^\| set-memory-nx/2M/.* \| 29044 \| 35044 \| 1\.207 \| .* \| B slower \| .* \| 1003/1003 \| 56\.7/68\.4 \|$' "$md"
t_check "A/B: not repeated at the end" test "$(grep -c '^## .*A/B\|^## Comparison' "$md")" = 1
t_check "A/B: lkml.txt opens with it, B slower for set-memory-nx" bash -c "grep -n -e '^A/B: kernel B 7.2.13-pab+no-lazy' -e '^Production paths' '$tmp/kb/lkml.txt' | cut -d: -f2 | head -n 1 | grep -q '^A/B' && grep -qE '^set-memory-nx +2M +vmalloc +29\.0 +35\.0 +1\.21 +1\.[0-9]+-1\.[0-9]+ +slower$' '$tmp/kb/lkml.txt'"
t_check "A/B: lkml.txt within 72 columns" awk 'length($0) > 72 { exit 1 }' "$tmp/kb/lkml.txt"
t_check "A/B: ab_ratio_vs_size.png, the kernel paths only (set-memory-nx, the two pageattr paths)" \
	bash -c "head -c 4 '$tmp/kb/plots/ab_ratio_vs_size.png' | tail -c 3 | grep -qx PNG && grep -q \"lmethods='5 6 7'\" '$tmp/kb/plots/ab_ratio_vs_size.vars'"
t_check "no A/B plot for two runs on one kernel" test ! -e "$tmp/new/plots/ab_ratio_vs_size.png"
t_check "A/B: the component method stays in report.md only" bash -c "! grep -q '^walk ' '$tmp/kb/lkml.txt'"
# One report across machines (--machines): three generated result trees.
mkdir -p "$tmp/m/g2" "$tmp/m/g3" "$tmp/m/ao"
T_CPU="Arm Neoverse N1" T_RELEASE=7.2.13-aws result_net "$tmp/m/g2/results.json" "$(pn pageattr-apply 2M)" 20000 1000 0 false \
	"$(pn pageattr-walk 2M)" 26000 1000 0 false "$(pn pageattr-apply 32M)" 320000 1000 0 false "$(pn pageattr-walk 32M)" 250000 1000 0 false
T_CPU="Arm Neoverse V1" T_RELEASE=7.2.13-aws result_net "$tmp/m/g3/results.json" "$(pn pageattr-apply 2M)" 15000 1000 0 false \
	"$(pn pageattr-walk 2M)" 15000 1000 0 false "$(pn pageattr-apply 32M)" 240000 1000 0 false "$(pn pageattr-walk 32M)" 200000 1000 0 false
T_CPU="AmpereOne" T_RELEASE=7.3.4 result_net "$tmp/m/ao/results.json" "$(pn pageattr-apply 2M)" 18000 1000 0 false \
	"$(pn pageattr-walk 2M)" 21000 1000 0 false
out=$("$bin" report --machines "$tmp/m/out" "$tmp/m/g2" "$tmp/m/g3" "$tmp/m/ao" 2>&1)
t_check "--machines: the report across three machines ($out)" grep -q "(3 machines)" <<<"$out"
t_check "--machines: report.md, a column group per machine" grep -qE '^\| 2M \| pte \| 19\.04 \| 25\.04 \| 1\.315\+ \[.*\] \| 14\.04 \| 14\.04 \| 1\.000 \[.*\] \| 17\.04 \| 20\.04 \| 1\.176\+ \[.*\] \|$' "$tmp/m/out/report.md"
t_check "--machines: '-' where a machine did not measure" grep -qE '^\| 32M \| pte \| .* \| 0\.781- \[.*\| 0\.833- \[.*\] \| - \| - \| - \|$' "$tmp/m/out/report.md"
t_check "--machines: lkml.txt, walk/apply per machine with the marks" grep -qE '^ +32M pte +0\.78- +0\.83- +-$' "$tmp/m/out/lkml.txt"
t_check "--machines: lkml.txt names each machine" grep -q '^M3: AmpereOne, 7.3.4$' "$tmp/m/out/lkml.txt"
t_check "--machines: lkml.txt within 72 columns" awk 'length($0) > 72 { exit 1 }' "$tmp/m/out/lkml.txt"
t_check "--machines: machines.json, three machines and their rows" \
	bash -c "jq -e '(.machines | length) == 3 and .machines[0].cpu == \"Arm Neoverse N1\" and (.machines[2].paths | length) == 1 and .machines[1].paths[1].verdict != null' '$tmp/m/out/machines.json' >/dev/null"
t_check "--machines: the plot, a line per machine" \
	bash -c "head -c 4 '$tmp/m/out/plots/machines_ratio.png' | tail -c 3 | grep -qx PNG && grep -q \"nseries=3; \" '$tmp/m/out/plots/machines_ratio.vars'"
t_expect_error "--machines with one machine" "--machines needs an output directory and two results directories or more" "$bin" report --machines "$tmp/m/x" "$tmp/m/g2"
t_expect_error "--machines with a directory without results" "$tmp/m/none/results.json" "$bin" report --machines "$tmp/m/x" "$tmp/m/g2" "$tmp/m/none"
mkdir -p "$tmp/half"
result_net "$tmp/half/results.json" "$(pn pageattr-apply 2M)" 20000 1000 0 false
"$bin" report "$tmp/half" >/dev/null 2>&1
t_check "only pageattr-apply: the line names pageattr-walk" grep -qx 'No before/after pair: the results have no ok pageattr-walk record.' "$tmp/half/report.md"
mkdir -p "$tmp/tune"
result "$tmp/tune/results.json" "apply/mix=pte/lazy=on/x" 10000 "walk-lockless/mix=pte/lazy=on/x" 14000 \
	"walk-lockless/mix=pmd=50%,pte=50%/lazy=on/x" 8000 "walk-lockless/mix=pte/lazy=batch=8/x" 15000 \
	"walk-lockless/mix=pte/lazy=batch=64/x" 14000
"$bin" report "$tmp/tune" >/dev/null 2>&1
t_check "batch sweep: batch_tuning.png" bash -c "head -c 4 '$tmp/tune/plots/batch_tuning.png' | tail -c 3 | grep -qx PNG"
t_check "apply vs walker shares: walker_speedup_heatmap.png" bash -c "head -c 4 '$tmp/tune/plots/walker_speedup_heatmap.png' | tail -c 3 | grep -qx PNG"
t_check "the heatmap's data: walker 1.25x at 50 % PMD" grep -qP '^2097152\t50\t1\.2' "$tmp/tune/plots/heatmap.tsv"
# A barriers.json next to results.json (pageattr-bench barriers -o): the
# table of exact counts per call and entry, and the DSB-per-entry plot.
cat >"$tmp/tune/barriers.json" <<'EOF2'
{"source": "test", "runs": [
 {"run": 1, "name": "apply/mix=pte/lazy=on/x", "null_baseline": false, "vcpu": 0, "calls": 40, "exact": true,
  "per_call": {"insns": 9321, "dsb": 2, "dsb_ishst": 1, "dsb_ish": 1, "dmb": 0, "isb": 2, "tlbi": 1, "tlbi_ops": {"RVAALE1IS": 1}}},
 {"run": 2, "name": "apply/mix=pte/lazy=on/x", "null_baseline": true, "vcpu": 0, "calls": 40, "exact": true,
  "per_call": {"insns": 0, "dsb": 0, "dsb_ishst": 0, "dsb_ish": 0, "dmb": 0, "isb": 0, "tlbi": 0, "tlbi_ops": {}}},
 {"run": 3, "name": "walk-lockless/mix=pte/lazy=on/x", "null_baseline": false, "vcpu": 0, "calls": 40, "exact": false,
  "per_call": {"insns": 11250, "dsb": 1, "dsb_ishst": 1, "dsb_ish": 0, "dmb": 0, "isb": 1, "tlbi": 0, "tlbi_ops": {}}},
 {"run": 4, "vcpu": 0, "calls": 5, "exact": true,
  "per_call": {"insns": 5, "dsb": 0, "dsb_ishst": 0, "dsb_ish": 0, "dmb": 0, "isb": 0, "tlbi": 0, "tlbi_ops": {}}}]}
EOF2
"$bin" report "$tmp/tune" >/dev/null 2>&1
t_check "barriers: the table, per call and per entry, null baselines and unnamed runs left out" \
	bash -c "grep -q '^| apply/mix=pte/lazy=on/x | 40 | 9321 | 2 (1/1) | 2 | 1 (RVAALE1IS 1) | 0.004 | 0.004 | yes |\$' '$tmp/tune/report.md' &&
		grep -q '^| walk-lockless/mix=pte/lazy=on/x | 40 | 11250 | 1 (1/0) | 1 | 0 | 0.002 | 0.002 | medians |\$' '$tmp/tune/report.md' &&
		! grep -q '^| apply/mix=pte/lazy=on/x | 40 | 0 |' '$tmp/tune/report.md'"
t_check "barriers: barriers_per_entry.png" bash -c "head -c 4 '$tmp/tune/plots/barriers_per_entry.png' | tail -c 3 | grep -qx PNG"
echo '{"runs": 3}' >"$tmp/tune/barriers.json"
t_expect_error "barriers: a barriers.json that is not one is one line" "barriers.json: no \"runs\" array" "$bin" report "$tmp/tune"
rm "$tmp/tune/barriers.json"
# A concurrency.json next to results.json: the cpa_lock section and its plot.
conc() { # conc LAYOUT METHOD LOCK THREADS CALLS_PER_S LOST
	printf '{"type": "concurrent", "name": "x", "status": "%s", "config": {"layout": "%s", "method": "%s", "lazy": "on", "lock": "%s", "threads": %s, "entries": 64, "iterations": 200, "warmup": 10}, "result": {"wall_ns": 1000000, "calls": 400, "entries_changed": 25600, "calls_per_s": %s, "entries_per_s": 1, "speedup": 1, "lock_wait_share": 0, "lost_updates": %s, "level_changes": 0, "final_checked": 128, "final_mismatched": 0, "final_level_changes": 0, "interrupted": false}, "threads": []}' \
		"$([ "$6" = 0 ] && echo ok || echo corrupt)" "$1" "$2" "$3" "$4" "$5" "$6"
}
conc_file() { # conc_file FILE LOST
	{
		echo '{"schema_version": 1, "results": ['
		conc share-nothing walk-lockless none 1 1000 0; echo ,
		conc share-nothing walk-lockless none 2 1900 "$2"; echo ,
		conc share-nothing walk-lockless mutex 1 950 0; echo ,
		conc share-nothing walk-lockless mutex 2 1000 0; echo ,
		conc pte-table apply none 1 800 0; echo ,
		conc pte-table apply none 2 1500 0
		echo ']}'
	} >"$1"
}
cp "$tmp/new/results.json" "$tmp/tune/"
conc_file "$tmp/tune/concurrency.json" 0
"$bin" report "$tmp/tune" >/dev/null 2>&1
t_check "concurrency: concurrency.png" bash -c "head -c 4 '$tmp/tune/plots/concurrency.png' | tail -c 3 | grep -qx PNG"
t_check "concurrency: one data file per layout" test -s "$tmp/tune/plots/conc_pte-table.tsv"
t_check "concurrency: the cpa_lock verdict in report.md" grep -q "^cpa_lock verdict: not needed for callers that own their ranges, as the walker.s contract requires: 2400 calls by up to 2 concurrent threads over 2 layouts" "$tmp/tune/report.md"
t_check "concurrency: the mutex's cost (1900 -> 1000 calls/s)" grep -q "by -47.4% (walk-lockless, share-nothing, lazy on: 1900 -> 1000 calls/s" "$tmp/tune/report.md"
t_check "concurrency: lkml.txt carries the verdict within 72 columns" bash -c "grep -q '^cpa_lock verdict: not needed' '$tmp/tune/lkml.txt' && ! awk 'length(\$0) > 72 { bad = 1 } END { exit !bad }' '$tmp/tune/lkml.txt'"
conc_file "$tmp/tune/concurrency.json" 3
"$bin" report "$tmp/tune" >/dev/null 2>&1
t_check "concurrency: a lost update turns the verdict" grep -q "^cpa_lock verdict: NEEDED. 1 of 6 configurations corrupted the page tables (3 lost updates" "$tmp/tune/report.md"
# The split race (split-race -o) leads the cpa_lock answer; its control follows it.
split_file() { # FILE RELEASE EXPECT_RACE INCONSISTENCIES VERDICT
	printf '{"schema_version": 1, "machine": {"kernel": {"release": "%s"}, "state": {"bbml2": "on"}}, "results": [{"type": "split_race", "name": "direct-map", "status": "ok", "config": {"caller": "direct-map", "threads": 2, "rounds": 60, "slots": 8, "expect_race": %s}, "result": {"block_bytes": 2097152, "rounds_done": 60, "calls": 1920, "call_errors": 0, "splits": 60, "split_rounds": 60, "probes": true, "overlap_rounds": 55, "overlaps": 400, "wrong_valid": %s, "wrong_pfn": 0, "wrong_perm": 0, "cont_broken": 0, "inconsistencies": %s, "leaked_pages": 0}, "verdict": "%s", "verdict_ok": true}]}\n' \
		"$2" "$3" "$4" "$4" "$5" >"$1"
}
conc_file "$tmp/tune/concurrency.json" 0
split_file "$tmp/tune/split_race.json" 7.2-real false 0 "REAL VERDICT"
"$bin" report "$tmp/tune" >/dev/null 2>&1
t_check "split race: it leads the cpa_lock answer, and the missing control is said" \
	bash -c "sed -n '/^## Concurrent callers/,/^cpa_lock verdict/p' '$tmp/tune/report.md' | grep -q '^Split race, the case a cpa_lock exists for (.*set_direct_map_invalid_noflush().*): REAL VERDICT\.\$' && grep -q '^- pgtable_split_lock itself was not tested in this run: no control kernel' '$tmp/tune/report.md'"
split_file "$tmp/tune/split_race_control.json" 7.2-nolock true 431 "RACE SHOWN HERE"
"$bin" report "$tmp/tune" >/dev/null 2>&1
t_check "split race: the control's line, in report.md and lkml.txt (72 columns)" \
	bash -c "grep -q '^- The positive control, the same without pgtable_split_lock (7.2-nolock): RACE SHOWN HERE\.\$' '$tmp/tune/report.md' && grep -q '^- Control: RACE SHOWN HERE\.\$' '$tmp/tune/lkml.txt' && ! awk 'length(\$0) > 72 { bad = 1 } END { exit !bad }' '$tmp/tune/lkml.txt'"
echo '{"results": [{"type": "run"}]}' >"$tmp/tune/split_race_control.json"
t_expect_error "split race: a file without a split_race record is one line" "split_race_control.json: no split_race record" "$bin" report "$tmp/tune"
rm -f "$tmp/tune/split_race.json" "$tmp/tune/split_race_control.json"
echo '{"results": [{"type": "run"}]}' >"$tmp/tune/concurrency.json"
t_expect_error "concurrency: a corrupt concurrency.json is one line" "concurrency.json: record 0 is not a valid concurrent record" "$bin" report "$tmp/tune"
# The plots of a sweep with several mixes, methods and lazy modes (issue #13):
# every plot as PNG and SVG, the before/after ratio first, at most 6 lines a panel.
mkdir -p "$tmp/multi"
args=()
for size in 64K 2M 8M; do
	b=$(( $(t_bytes "x/$size") / 1024 ))
	args+=("pageattr-apply/$size/mix=pte/lazy=native/x" $((b * 10)) "pageattr-walk/$size/mix=pte/lazy=native/x" $((b * 12)))
	# (set-memory is a whole kernel path, lazy native: it joins the pageattr pair's panel.)
	args+=("set-memory/$size/mix=pte/lazy=native/x" $((b * 13)))
	for mix in pte 'pmd=50%,pte=50%'; do
		for m in apply walk walk-lockless; do
			[ "$m/$mix" = 'apply/pmd=50%,pte=50%' ] && continue
			args+=("$m/$size/mix=$mix/lazy=off/x" $((b * 11)) "$m/$size/mix=$mix/lazy=on/x" $((b * 9)))
		done
	done
	# apply and walk as the kernel runs them make mix pte's primitives 8 lines: a panel split in two.
	args+=("apply/$size/mix=pte/lazy=native/x" $((b * 10)) "walk/$size/mix=pte/lazy=native/x" $((b * 10)))
done
result "$tmp/multi/results.json" "${args[@]}"
"$bin" report "$tmp/multi" >/dev/null 2>&1
for p in ratio_vs_size paths_vs_size time_vs_size ns_per_entry_vs_size lazy_gain walker_speedup_heatmap distributions; do
	t_check "multi: $p.png is a PNG and $p.svg an SVG" bash -c "head -c 4 '$tmp/multi/plots/$p.png' | tail -c 3 | grep -qx PNG && grep -q '<svg' '$tmp/multi/plots/$p.svg'"
done
t_check "multi: the before/after ratio is the first plot of report.md" bash -c "sed -n '/^## Plots/,\$p' '$tmp/multi/report.md' | grep -m1 '^### ' | grep -q '^### Before/after: pageattr-walk / pageattr-apply'"
t_check "multi: the ratio's data is walk/apply (1.2) at each size" bash -c "awk '\$2 > 1.15 && \$2 < 1.25 { n++ } END { exit n != 3 }' '$tmp/multi/plots/ratio_vs_size.tsv'"
# Panels: plastN - pfirstN + 1 lines each, from the variables kept next to the PNG.
panel_lines() { tr ';' '\n' <"$1" | awk -F= '/^ *pfirst[0-9]+=/ { sub(/ *pfirst/, "", $1); f[$1] = $2 }
	/^ *plast[0-9]+=/ { sub(/ *plast/, "", $1); l[$1] = $2 } END { for (p in f) print l[p] - f[p] + 1 }'; }
for p in time_vs_size ns_per_entry_vs_size lazy_gain; do
	lines=$(panel_lines "$tmp/multi/plots/$p.vars")
	t_check "multi: $p: several panels, none of more than 6 lines ($(paste -sd' ' <<<"$lines"))" \
		bash -c "[ \$(wc -l <<<'$lines') -ge 2 ] && ! grep -qvxE '[1-6]' <<<'$lines'"
done
t_check "multi: time_vs_size: a panel of 8 lines split in two" grep -q "ptitle2='mix pte: update primitives'; .*ptitle3='mix pte: update primitives (continued)'" "$tmp/multi/plots/time_vs_size.vars"
t_check "multi: time_vs_size holds every series (15)" grep -q 'nseries=15;' "$tmp/multi/plots/time_vs_size.vars"
t_check "multi: a method's colour is one in every plot (by its value)" bash -c "grep -q \"lmethods='1 2 3 4 5 6'\" '$tmp/multi/plots/time_vs_size.vars' && grep -q \"lmethods='1 2 3'\" '$tmp/multi/plots/lazy_gain.vars'"
# 5 method/mix pairs (apply on pte only) x 3 sizes; set-memory has no lazy modes of its own.
t_check "multi: lazy gain is off/on (11/9) per method, mix and size (15)" bash -c "awk '\$2 > 1.15 && \$2 < 1.3 { n++ } END { exit n != 15 }' '$tmp/multi/plots/lazy_gain.tsv'"
# No pageattr pair: walk-lockless/apply (lazy on) instead, said in the title; neither: a note.
mkdir -p "$tmp/standin" "$tmp/noratio"
result "$tmp/standin/results.json" "apply/64K/mix=pte/lazy=on/x" 1000 "walk-lockless/64K/mix=pte/lazy=on/x" 1500 \
	"apply/2M/mix=pte/lazy=on/x" 10000 "walk-lockless/2M/mix=pte/lazy=on/x" 15000
"$bin" report "$tmp/standin" >/dev/null 2>&1
t_check "stand-in: ratio_vs_size.png drawn, its title says walk-lockless / apply instead" bash -c "head -c 4 '$tmp/standin/plots/ratio_vs_size.png' | tail -c 3 | grep -qx PNG && grep -q 'stand-in (no pageattr pair in the data): walk-lockless / apply, lazy on' '$tmp/standin/plots/ratio_vs_size.svg'"
t_check "stand-in: ratio 1.5 at both sizes" bash -c "awk '\$2 > 1.4 && \$2 < 1.6 { n++ } END { exit n != 2 }' '$tmp/standin/plots/ratio_vs_size.tsv'"
result "$tmp/noratio/results.json" "walk/64K/mix=pte/lazy=on/x" 1000 "walk/2M/mix=pte/lazy=on/x" 10000
"$bin" report "$tmp/noratio" >/dev/null 2>&1
t_check "no pair at all: no ratio plot, report.md says why in one line" bash -c "[ ! -e '$tmp/noratio/plots/ratio_vs_size.png' ] && grep -qx -- '- Before/after ratio plot skipped: no pageattr-walk/pageattr-apply pair and no walk-lockless/apply pair (lazy on) on one configuration.' '$tmp/noratio/report.md'"
# PMU: only the counted events are drawn; those not counted are named.
mkdir -p "$tmp/pmu"
result "$tmp/pmu/results.json" "walk/64K/mix=pte/lazy=on/x" 1000 "walk/2M/mix=pte/lazy=on/x" 10000 \
	"walk/64K/mix=pte/lazy=off/x" 1100 "walk/2M/mix=pte/lazy=off/x" 11000
sed -i 's/"run": {/"events": [{"name": "cycles", "median": 900, "net": 800, "per_entry": 2.5}, {"name": "instructions", "error": "Operation not supported"}, {"name": "r7d", "error": "No such device"}], "run": {/' "$tmp/pmu/results.json"
"$bin" report "$tmp/pmu" >/dev/null 2>&1
t_check "pmu: pmu_per_entry.png and .svg" bash -c "head -c 4 '$tmp/pmu/plots/pmu_per_entry.png' | tail -c 3 | grep -qx PNG && grep -q '<svg' '$tmp/pmu/plots/pmu_per_entry.svg'"
t_check "pmu: panels of the counted event only" bash -c "grep -q \"ptitle1='cycles, mix pte'\" '$tmp/pmu/plots/pmu_per_entry.vars' && ! grep -q 'ptitle2' '$tmp/pmu/plots/pmu_per_entry.vars'"
t_check "pmu: the title names the events not counted" grep -q 'not counted: instructions, r7d' "$tmp/pmu/plots/pmu_per_entry.svg"
t_check "pmu: report.md's caption names them too" grep -q '^### PMU counts per leaf entry.*(not counted: instructions, r7d)$' "$tmp/pmu/report.md"
t_expect_fail "missing directory" "nowhere/results.json" "$bin" report "$tmp/nowhere"
t_expect_fail "usage" "usage: pageattr-bench report" "$bin" report
# Plots with no data in these results: one line naming them all.
t_check "report.md: the plots without data named on one line" \
	grep -qx -- '- Not drawn, no data for them in these results: ab_ratio_vs_size, paths_vs_size, walker_speedup_heatmap, batch_tuning, pmu_per_entry, barriers_per_entry, split_race, concurrency, lost_updates.' "$tmp/new/report.md"
# A plot gnuplot fails on (a copy of plots/ with a broken script) is an
# error: exit 1, one line naming the plot and gnuplot's error line; the other
# plots and the texts are written, and report.md names the failed plot.
cp -r "$(dirname "$0")/../../plots" "$tmp/plots-broken"
printf 'undefined_thing(1)\n' >>"$tmp/plots-broken/lazy_gain.gp"
mkdir -p "$tmp/broken"
cp "$tmp/new/results.json" "$tmp/broken/"
t_expect_error "a plot gnuplot fails on: one line naming it and gnuplot's error" \
	'^pageattr-bench report: plot lazy_gain.png \(script lazy_gain.gp\) not drawn: gnuplot exited with status 1: ".*/plots-broken/lazy_gain.gp" line [0-9]+: invalid command$' \
	env PAB_PLOTS_DIR="$tmp/plots-broken" "$bin" report "$tmp/broken"
PAB_PLOTS_DIR=$tmp/plots-broken "$bin" report "$tmp/broken" >/dev/null 2>&1
rc=$?
t_check "... exit 1 (exit $rc)" test "$rc" = 1
t_check "... the other plots drawn, the texts written" \
	bash -c "head -c 4 '$tmp/broken/plots/time_vs_size.png' | tail -c 3 | grep -qx PNG && test -s '$tmp/broken/report.html' && test -s '$tmp/broken/lkml.txt'"
t_check "... report.md names the failed plot" grep -q '^- plot lazy_gain.png (script lazy_gain.gp) not drawn: gnuplot exited with status 1: .* line [0-9]*: invalid command$' "$tmp/broken/report.md"
# Without gnuplot: one line saying how to get it, exit 3 (the environment).
PATH=/nonexistent "$bin" report "$tmp/broken" >"$tmp/nognuplot.out" 2>"$tmp/nognuplot.err"
rc=$?
t_check "without gnuplot: exit 3, one line naming the package ($(head -n 1 "$tmp/nognuplot.err"))" \
	bash -c "test $rc = 3 && test \$(grep -c '' '$tmp/nognuplot.err') = 1 && grep -q 'cannot run gnuplot: No such file or directory (apt-get install gnuplot-nox)' '$tmp/nognuplot.err' && ! test -s '$tmp/nognuplot.out'"
# pageattr-apply is "6.17's path" only where it is: a kernel before 6.18 (or
# the conversion A/B's pre-conversion variant); on 7.x it is apply_to_page_range
# on that kernel's helpers, and the report says so.
for rel in 6.12.117+deb13-arm64 7.2.13+deb14-arm64 7.2.13-pab+pre-conversion; do
	mkdir -p "$tmp/rel-$rel"
	T_RELEASE=$rel result_net "$tmp/rel-$rel/results.json" "$(pn pageattr-apply 2M)" 20000 1000 0 false \
		"$(pn pageattr-walk 2M)" 26000 1000 0 false
	"$bin" report "$tmp/rel-$rel" >/dev/null 2>&1
	case $rel in
	7.2.13+deb14-arm64) want="pageattr-apply (on 7.2's helpers, not 6.17's)" ;;
	*) want="pageattr-apply (as up to 6.17)" ;;
	esac
	t_check "kernel $rel: lkml.txt calls pageattr-apply '$want'" grep -qF "$want" "$tmp/rel-$rel/lkml.txt"
done
# Cold calls (run --cold) are kept apart: the same hot records with and
# without cold ones give the same hot tables, plots and lkml.txt; report.md's
# "Cold calls" follows the production paths, each cold configuration beside
# its hot twin; under an exact clock one line says cold changes no count.
# The cold pair at 2M would add a production-path row, and the cold walk a
# lazy row, if they were mixed in.
mkdir -p "$tmp/hot" "$tmp/cold" "$tmp/coldx" "$tmp/coldtcg"
hot=("$(pn pageattr-apply 2M)" 20000 1000 0 false "$(pn pageattr-walk 2M)" 26000 1000 0 false
	"walk/2MiB/mixed:pte/runs/lazy=on/tlb=none" 9000 1000 0 false
	"walk/2MiB/mixed:pte/runs/lazy=off/tlb=none" 9500 1000 0 false)
cold=("$(pn pageattr-apply 2M)/cold" 50000 1000 0 false "$(pn pageattr-walk 2M)/cold" 60000 1000 0 false
	"walk/2MiB/mixed:pte/runs/lazy=on/tlb=none/cold" 5000 1000 0 false
	"$(pn pageattr-apply 8M)/cold" 70000 1000 0 false)
result_net "$tmp/hot/results.json" "${hot[@]}"
result_net "$tmp/cold/results.json" "${hot[@]}" "${cold[@]}"
"$bin" report "$tmp/hot" >/dev/null 2>&1
"$bin" report "$tmp/cold" >/dev/null 2>&1
md=$tmp/cold/report.md
t_check "cold: report.md's Cold calls follows the production paths" \
	bash -c "grep '^## ' '$md' | head -n 2 | paste -sd, | grep -qx '## Production paths: before vs after the pagewalk conversion,## Cold calls'"
t_check "cold: walk 2M, hot 25044, cold 59044, cold/hot 2.358" \
	grep -qE '^\| pageattr-walk \| 2M \| pte \| native \| 25044 \| 59044 \| 2\.358 \| \[2\.3[0-9]+, 2\.3[0-9]+\] \|$' "$md"
t_check "cold: apply 2M and walk lazy on beside their hot twins" bash -c \
	"grep -qE '^\| pageattr-apply \| 2M \| pte \| native \| 19044 \| 49044 \| 2\.575 \|' '$md' && grep -qE '^\| walk \| 2M \| pte \| on \| 8044 \| 4044 \| 0\.503 \|' '$md'"
t_check "cold: no hot twin, a dash" grep -qE '^\| pageattr-apply \| 8M \| pte \| native \| - \| 69044 \| - \| - \|$' "$md"
t_check "cold: every configuration listed, 8 ok" bash -c \
	"grep -qx -- '- configurations: 8 (8 ok)' '$md' && test \$(grep -c '^| [a-z-]*/.*/cold | 40 |' '$md') = 4"
# Everything else byte for byte as without the cold records: report.md but the
# count, the cold section and the cold rows; lkml.txt, lkml-full.txt, the plots' data.
strip() { sed -e '/^## Cold calls/,/^## /{/^## Production/!{/^## What/!d}}' -e '/^- configurations:/d' -e '/\/cold |/d' "$1"; }
t_check "cold: report.md's hot tables unchanged" diff <(strip "$tmp/hot/report.md") <(strip "$md")
t_check "cold: lkml.txt and lkml-full.txt unchanged" \
	bash -c "cmp '$tmp/hot/lkml.txt' '$tmp/cold/lkml.txt' && cmp '$tmp/hot/lkml-full.txt' '$tmp/cold/lkml-full.txt'"
t_check "cold: the plots' data and settings unchanged (but their directory)" \
	bash -c "cd '$tmp/hot/plots' && for f in *.tsv *.vars; do sed 's#/cold/plots/#/hot/plots/#g' '$tmp/cold/plots/'\"\$f\" | cmp \"\$f\" - || exit 1; done"
# An exact clock: one line, no table.
sed 's/"machine": {/"machine": {"clock": "icount", /' "$tmp/cold/results.json" >"$tmp/coldx/results.json"
"$bin" report "$tmp/coldx" >/dev/null 2>&1
t_check "cold, exact clock: one line that cold changes no count, no table" bash -c \
	"grep -A2 '^## Cold calls' '$tmp/coldx/report.md' | grep -q '^Cold changes no count: exact mode counts the instructions, barriers and TLBIs inside the window' && ! grep -q '| hot ns | cold ns |' '$tmp/coldx/report.md'"
T_EMULATED=true result_net "$tmp/coldtcg/results.json" "${hot[@]}" "${cold[@]}"
"$bin" report "$tmp/coldtcg" >/dev/null 2>&1
t_check "cold, emulated: the table says a cold call need not look slower there" bash -c \
	"grep -q '^\*\*No verdict:\*\* an emulator.s times (QEMU TCG).*a cold call need not look slower here' '$tmp/coldtcg/report.md' && grep -q '| hot ns | cold ns |' '$tmp/coldtcg/report.md'"
sed -i 's/"cold": true/"cold": "yes"/' "$tmp/coldtcg/results.json"
t_expect_fail "cold: config.cold must be true or false" 'config\.cold.*is not true or false' "$bin" report "$tmp/coldtcg"
t_done
