#!/usr/bin/env bash
# A kernel A/B across boots: 'report B1 B2 B3 --compare A1 A2 A3', result
# directories written here (one per boot, tests/lib.sh result_net), no guest.
# pageattr-apply is 25 % slower on B in every boot (the boots scatter 1-2 %):
# "B slower"; pageattr-walk differs by 1 % while its boots scatter 11 %: "no
# difference shown" and the warning. report.md leads with the per-boot A/B
# and has no per-call A/B; lkml.txt has it in 72 columns; ab_boots.json
# holds every boot's median. The repeated --compare and -o spellings, the
# bad command lines (one line each), and exact counts (icount: no verdict,
# the difference in instructions).
set -u
. "$(dirname "$0")/../lib.sh"
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v jq >/dev/null || t_skip "jq not installed (apt-get install jq; ./run_all.sh deps installs it)"
command -v gnuplot >/dev/null || t_skip "gnuplot not installed (apt-get install gnuplot-nox; ./run_all.sh deps installs it)"

pn() { echo "$1/2MiB/mixed:pte/runs/lazy=native/tlb=none"; }
AP=$(pn pageattr-apply) WK=$(pn pageattr-walk)

# boots SIDE RELEASE "APPLY WALK"...: a results directory per boot, $tmp/SIDE1, SIDE2, ...
boots() {
	local side=$1 rel=$2 i=0
	shift 2
	for b in "$@"; do
		i=$((i + 1))
		mkdir -p "$tmp/$side$i"
		# shellcheck disable=SC2086 # two numbers, split on purpose
		set -- $b
		T_RELEASE=$rel result_net "$tmp/$side$i/results.json" "$AP" "$1" 1000 0 false "$WK" "$2" 1000 0 false
	done
}
boots a 7.2.13+deb14-arm64 "16000 10000" "16400 11000" "15800 9000"
boots b 7.2.13-pab+nolazy "20000 10100" "20300 11100" "19900 9100"

"$bin" report "$tmp/b1" "$tmp/b2" "$tmp/b3" --compare "$tmp/a1" "$tmp/a2" "$tmp/a3" >"$tmp/out" 2>&1
t_check "report with 3 boots a side exits 0 and names ab_boots.json" grep -qF "$tmp/b1/ab_boots.json" "$tmp/out"
md=$tmp/b1/report.md
t_check "report.md opens with the A/B across boots" bash -c \
	"grep -m1 '^## ' '$md' | grep -qx '## Kernel A/B across boots: kernel B 7.2.13-pab+nolazy (3 boots) against kernel A 7.2.13+deb14-arm64 (3 boots)'"
t_check "report.md: apply slower on B, from 3 boots a side, both spreads" bash -c \
	"grep -F '| $AP | 3/3 |' '$md' | grep -F '| B slower by 26.5% |' | grep -qE '\| 0\.[0-9]/0\.[0-9] \| 2\.0/1\.1 \|$'"
t_check "report.md: walk 1 % apart, boots 11 % apart: no difference shown, marked" bash -c \
	"grep -F '| $WK | 3/3 |' '$md' | grep -qF '| no difference shown (!) |'"
t_check "report.md: the warning names the configuration" bash -c \
	"grep -F '> **warning:** in 1 configuration the boots of one kernel differ among themselves more than the two kernels differ' '$md' | grep -qF '\`$WK\`'"
t_check "report.md: every boot's directory listed" bash -c \
	"grep -qxF -- '- A boot 3: \`$tmp/a3\` (7.2.13+deb14-arm64)' '$md' && grep -qxF -- '- B boot 2: \`$tmp/b2\` (7.2.13-pab+nolazy)' '$md'"
t_check "report.md: no per-call A/B of one pair of boots" bash -c "! grep -q 'p (MWU)' '$md'"
lk=$tmp/b1/lkml.txt
t_check "lkml.txt: the A/B across boots first" bash -c \
	"grep -m1 -v '^pageattr-bench\|^machine\|^  (\|^\$' '$lk' | grep -qx 'Kernel A/B across boots (a median per boot, Welch t on logs)'"
t_check "lkml.txt: apply slower, walk marked and not decided" bash -c \
	"grep -qE '^pageattr-apply +2M pte +15\.1 +19\.1 +1\.26 1\.21-1\.32 +2\.0  slower\$' '$lk' &&
		grep -qE '^pageattr-walk +2M pte +9\.0 +9\.1 +1\.01 0\.79-1\.30 +11\.7! -\$' '$lk'"
t_check "lkml.txt within 72 columns" awk 'length($0) > 72 { exit 1 }' "$lk"
js=$tmp/b1/ab_boots.json
t_check "ab_boots.json: the verdicts, the boots' medians, the warning" bash -c \
	"jq -e '.schema == \"pageattr-bench/ab-boots\" and .basis == \"host-times\" and (.a | length) == 3 and .warnings == 1 and
		.rows[0].verdict == \"b-slower\" and (.rows[0].a_boot_medians_ns | length) == 3 and .rows[0].df > 3 and
		.rows[0].ratio_interval[0] > 1.2 and .rows[1].verdict == \"no-difference-shown\" and
		.rows[1].between_exceeds_difference and .rows[1].ratio_interval[0] < 1' '$js' >/dev/null"
t_check "report.html carries the A/B across boots" grep -qF 'Kernel A/B across boots' "$tmp/b1/report.html"
# The plots draw the same numbers as the tables: compare.tsv's and
# ab_ratio_vs_size.tsv's B/A for pageattr-apply is ab_boots.json's ratio
# across boots (1.26), not one pair of boots' (b1/a1: 20000/16000 = 1.25).
r=$(jq -r '.rows[0].ratio' "$js")
t_check "compare.png's data: apply's B/A across boots ($r), its interval" bash -c \
	"awk -F'\t' -v r=$r '\$2 ~ /pageattr-apply/ { ok = (\$3 - r < 0.0001 && r - \$3 < 0.0001 && \$4 < \$3 && \$5 > \$3) } END { exit !ok }' '$tmp/b1/plots/compare.tsv'"
t_check "ab_ratio_vs_size.png's data: the same B/A" bash -c \
	"grep -q . '$tmp/b1/plots/ab_ratio_vs_size.tsv' && awk -v r=$r '{ for (i = 1; i <= NF; i++) if (\$i - r < 0.0001 && r - \$i < 0.0001) ok = 1 } END { exit !ok }' '$tmp/b1/plots/ab_ratio_vs_size.tsv'"

# The same, --compare repeated, into -o OUT: the same rows; B1 left alone.
rm -f "$tmp/b2/report.md"
"$bin" report "$tmp/b2" "$tmp/b1" "$tmp/b3" --compare "$tmp/a3" --compare "$tmp/a1" --compare "$tmp/a2" -o "$tmp/out2" >/dev/null 2>&1
t_check "repeated --compare and -o: the report in OUT, not in B's first directory" bash -c \
	"test -s '$tmp/out2/report.md' && test -s '$tmp/out2/ab_boots.json' && test ! -e '$tmp/b2/report.md'"
t_check "repeated --compare and -o: the same A/B (boot order does not matter)" bash -c \
	"diff <(jq -c '.rows[] | [.key, .verdict, (.ratio * 1e6 | round)]' '$js') <(jq -c '.rows[] | [.key, .verdict, (.ratio * 1e6 | round)]' '$tmp/out2/ab_boots.json')"

# Across machines: two machines given as their reports across boots (-o dirs,
# as the fleet's A/B writes them) and one as a results directory.
"$bin" report "$tmp/b2" "$tmp/b3" --compare "$tmp/a1" "$tmp/a3" -o "$tmp/out3" >/dev/null 2>&1
"$bin" report --machines "$tmp/mach" "$tmp/out2" "$tmp/out3" "$tmp/b1" >/dev/null 2>&1
t_check "report --machines: each machine's A/B across boots in its column group" bash -c \
	"grep -qx '| configuration | M1 B/A | M1 95% CI | M1 verdict | M2 B/A | M2 95% CI | M2 verdict |' '$tmp/mach/report.md' &&
		grep -F '| $AP | 1.265 | [1.213, 1.318] | slower | 1.281 |' '$tmp/mach/report.md' | grep -q '| slower |\$' &&
		grep -qF '| M2 | \`7.2.13+deb14-arm64\` | \`7.2.13-pab+nolazy\` | 2/2 |' '$tmp/mach/report.md'"
t_check "report --machines: lkml.txt a block per machine, 72 columns" bash -c \
	"grep -qx 'M2: B 7.2.13-pab+nolazy against A 7.2.13+deb14-arm64, 2/2 boots' '$tmp/mach/lkml.txt' &&
		grep -qE '^pageattr-walk +2M pte +1\.01 0\.79-1\.30 +- !\$' '$tmp/mach/lkml.txt' &&
		awk 'length(\$0) > 72 { exit 1 }' '$tmp/mach/lkml.txt'"
t_check "report --machines: machines.json has each A/B, none for the plain directory" bash -c \
	"jq -e '(.machines[0].ab.boots_a == 3) and (.machines[1].ab.rows[0].verdict_text == \"B slower by 28.1%\") and (.machines[2].ab == null)' '$tmp/mach/machines.json' >/dev/null"

# A block/page mix in lkml.txt's 5-column mix: "pmd50" and its legend (cut
# to the column, "pmd=50%,pte=50%" read "pmd=5").
for d in a1 a2 b1 b2; do
	mkdir -p "$tmp/m$d"
	jq '(.results[] | select(.name | startswith("pageattr-walk/"))) |= (.config.mix = "pmd=50%,pte=50%" |
		.name = (.name | sub("mixed:pte"; "mixed:pmd=50%,pte=50%")))' "$tmp/$d/results.json" >"$tmp/m$d/results.json"
done
"$bin" report "$tmp/mb1" "$tmp/mb2" --compare "$tmp/ma1" "$tmp/ma2" >/dev/null 2>&1
t_check "lkml.txt: a 50 % PMD mix is pmd50, with the legend" bash -c \
	"grep -qE '^pageattr-walk +2M pmd50 ' '$tmp/mb1/lkml.txt' && grep -qxF 'mix pmdN: N% of the range in PMD blocks, the rest in PTEs' '$tmp/mb1/lkml.txt' &&
		grep -qF 'mixed:pmd=50%,pte=50%' '$tmp/mb1/report.md' && awk 'length(\$0) > 72 { exit 1 }' '$tmp/mb1/lkml.txt'"
t_check "lkml.txt: no legend where every mix is plain" bash -c "! grep -q '^mix pmdN' '$lk'"

# Bad command lines: one line each, exit 2.
t_expect_error "one boot of A against three of B" "the A/B across boots needs 2 or more results directories a side \\(B 3, A 1\\)" \
	"$bin" report "$tmp/b1" "$tmp/b2" "$tmp/b3" --compare "$tmp/a1"
# One boot given twice (the same directory, or a copy of it) is not two boots.
cp -r "$tmp/a1" "$tmp/a1copy"
t_expect_error "the same run twice on A's side (a copy)" "A's directories 1 and 2 hold the same run" \
	"$bin" report "$tmp/b1" "$tmp/b2" --compare "$tmp/a1" "$tmp/a1copy"
t_expect_error "the same directory twice on B's side" "B's directories 2 and 3 hold the same run" \
	"$bin" report "$tmp/b1" "$tmp/b2" "$tmp/b2" --compare "$tmp/a1" "$tmp/a2"
t_expect_error "--compare without a directory" "--compare needs a results directory" "$bin" report "$tmp/b1" --compare
t_expect_error "an unknown option" "unknown option --boots" "$bin" report "$tmp/b1" --boots 3
t_expect_error "-o without a directory" "-o needs one output directory" "$bin" report "$tmp/b1" -o
t_expect_error "B's boots of two kernels" "B's boots are of different kernels: 7\\.2\\.13-pab\\+nolazy in $tmp/b1, 7\\.2\\.13\\+deb14-arm64 in $tmp/a1" \
	"$bin" report "$tmp/b1" "$tmp/a1" --compare "$tmp/a2" "$tmp/a3"

# Exact counts (icount guests): every boot the same count, the difference stated, no verdict.
for d in a1 a2 b1 b2; do
	jq '.machine.clock = "icount"' "$tmp/$d/results.json" >"$tmp/$d.x" && mkdir -p "$tmp/x$d" && mv "$tmp/$d.x" "$tmp/x$d/results.json"
done
"$bin" report "$tmp/xb1" "$tmp/xb2" --compare "$tmp/xa1" "$tmp/xa2" >/dev/null 2>&1
t_check "exact counts: the A/B across boots, the difference in instructions, no verdict" bash -c \
	"grep -F '| $AP | 2/2 |' '$tmp/xb1/report.md' | grep -qE '\| - \| - \| - \| B - A = \+[0-9]+ ns \(instructions\)' &&
		jq -e '.basis == \"exact-counts\" and .rows[0].verdict == null and .rows[0].p == null' '$tmp/xb1/ab_boots.json' >/dev/null"
t_check "exact counts: lkml.txt says none" bash -c "grep -qE '^pageattr-apply .* none\$' '$tmp/xb1/lkml.txt'"
t_done
