#!/usr/bin/env bash
# The main job as a user without an arm64 server runs it: ./run_all.sh in an
# arm64 7.2 guest, exact by default (-icount and the counting plugin), the
# concurrency experiment in a boot of its own with two vCPUs on parallel TCG
# threads. What it must give:
#
# - Only configurations that can exist (bench/config_possible.h), counted
#   from tests/guest/main_job.spec, 2 sizes x 2 mixes x (3 whole paths, lazy
#   native, + 2 components x lazy off/on) = 28 combinations:
#     64K pte: all 7 run (one PTE unit: 16 PTEs);
#     64K pmd: set-memory-nx is no plain vmalloc area (arm64 set_memory_*),
#              the other 6 need a 2 MiB block in 64 KiB;
#     2M pte:  all 7 run;
#     2M pmd:  set-memory-nx again; pageattr-apply and apply (off, on) cannot
#              change a block (apply_to_page_range); pageattr-walk and
#              walk-lockless (off, on) run.
#   So 17 run, all "ok"; not run: 2 (vmalloc), 6 (unit), 3 (blocks).
# - The report leads with exact counts: its first section is the production
#   paths' counts, and neither report.md nor lkml.txt says faster, slower,
#   helps or hurts (an emulator's times give no verdict).
# - The counts follow the code (7.2, see tests/guest/barriers.sh for the
#   derivation): walk-lockless with lazy off writes each PTE through
#   __set_pte(), one dsb(ishst) each, so DSB per call = entries; with one
#   lazy section around the call, queue_pte_barriers() defers them all to
#   the section's end: 1. The flush is outside the window (tlb none): 0 TLBI.
# - lkml.txt at most 60 lines of at most 72 columns.
# - The split race ran in the concurrency boot, whose CPU is one on the
#   kernel's BBML2 allow-list (--midr): its file says BBML2 on, each of its
#   rounds' fresh blocks split (splits >= rounds), 0 inconsistencies; the
#   report's cpa_lock answer leads with it.
# - concurrency.json from the 2-vCPU boot says its clock is "emulated" and
#   results.json's "icount".
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

./run_all.sh --kernel arm64-7.2 --spec tests/guest/main_job.spec >"$log" 2>&1
rc=$?
out=$(sed -n 's/^job: results in \(results\/[^ ]*\)\/; .*/\1/p' "$log" | tail -n 1)
t_check "./run_all.sh --kernel arm64-7.2 succeeded (exit $rc: $(tail -n 1 "$log"))" test "$rc" = 0
if [ -z "$out" ] || [ ! -f "$out/results.json" ]; then
	t_fail "no results directory in the log: $(tail -n 5 "$log")"
	t_done
	exit
fi

t_check "17 configurations ran, every one ok" \
	test "$(jq '[.results[] | select(.status == "ok")] | length' "$out/results.json")/$(jq '.results | length' "$out/results.json")" = 17/17
for want in "2 combinations that cannot exist here: arm64 set_memory_" \
	"6 combinations that cannot exist here: a region size" \
	"3 combinations that cannot exist here: a method that changes PTE mappings only"; do
	t_check "the sweep said: not run: $want" grep -q "not run: $want" "$log"
done
t_check "results.json: clock icount" test "$(jq -r .machine.clock "$out/results.json")" = icount
t_check "concurrency.json: clock emulated (its own 2-vCPU boot)" \
	test "$(jq -r .machine.clock "$out/concurrency.json")" = emulated

first=$(grep -m1 '^## ' "$out/report.md")
t_check "report.md's first section is the exact counts ($first)" \
	grep -q '^## Production paths: .*(exact counts per call)' <<<"$first"
verdicts=$(grep -ciwE 'faster|slower|helps|hurts' "$out/report.md" "$out/lkml.txt" | awk -F: '{ s += $2 } END { print s + 0 }')
t_check "no faster/slower/helps/hurts in report.md and lkml.txt ($verdicts)" test "$verdicts" = 0
t_check "lkml.txt: $(grep -c '' "$out/lkml.txt") lines, 60 at most" test "$(grep -c '' "$out/lkml.txt")" -le 60
t_check "lkml.txt: 72 columns at most" awk 'length > 72 { exit 1 }' "$out/lkml.txt"

sr=$out/split_race.json
t_check "split_race.json: BBML2 on in its boot, splits >= rounds, 0 inconsistencies" \
	jq -e '.machine.state.bbml2 == "on" and .results[0].result.splits >= .results[0].result.rounds_done and .results[0].result.rounds_done > 0 and .results[0].result.inconsistencies == 0' "$sr"
t_check "report.md's cpa_lock answer leads with the split race" \
	bash -c "sed -n '/^## Concurrent callers/,/^## /p' '$out/report.md' | grep -v '^\$' | sed -n 2p | grep -q '^Split race, the case a cpa_lock exists for'"

# The derivation above, on the plugin's per-call counts.
counts() { # NAME FIELD
	jq -r --arg n "$1" --arg f "$2" '.runs[] | select(.name == $n and (.null_baseline | not)) | .per_call[$f]' \
		"$out/barriers.json" | head -n 1
}
for size in 64KiB:16 2MiB:512; do
	s=${size%%:*} n=${size#*:}
	off=walk-lockless/$s/mixed:pte/runs/lazy=off/tlb=none
	on=walk-lockless/$s/mixed:pte/runs/lazy=on/tlb=none
	t_check "walk-lockless $s lazy off: DSB ISHST $n per call ($(counts "$off" dsb_ishst))" \
		test "$(counts "$off" dsb_ishst)" = "$n"
	t_check "walk-lockless $s lazy on: DSB ISHST 1 per call ($(counts "$on" dsb_ishst))" \
		test "$(counts "$on" dsb_ishst)" = 1
	t_check "walk-lockless $s: no TLBI in the window ($(counts "$on" tlbi))" test "$(counts "$on" tlbi)" = 0
done
rm -rf "$out"
t_done
