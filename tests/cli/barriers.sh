#!/usr/bin/env bash
# pageattr-bench barriers on a plugin file written here (the format
# vm/plugin/insn_count.c writes) and a generated result file: the summary per
# run ("all equal", or the undisturbed call's: the fewest instructions), the join with the records (names, per entry,
# the call count checked), the JSON export, and a one-line error for a
# malformed line, a missing file and runs that are not the file's.
set -u
. "$(dirname "$0")/../lib.sh"
bin=${1:?usage: barriers.sh PAGEATTR-BENCH}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	echo "# run vcpu call insns dsb dsb_ishst dsb_ish dmb isb tlbi [OP=count...]"
	for c in $(seq 0 39); do echo "1 0 $c 10727 256 256 0 0 256 0"; done
	for c in $(seq 0 39); do
		if [ "$c" = 7 ]; then echo "2 0 $c 15000 4 2 1 3 3 1 VAALE1IS=1"
		else echo "2 0 $c 11373 2 1 1 0 2 1 RVAALE1IS=1"; fi
	done
} >"$tmp/insns.tsv"
result "$tmp/results.json" "walk-lockless/2MiB/mixed:pte/runs/lazy=off/tlb=none" 10000 \
	"walk-lockless/2MiB/mixed:pte/runs/lazy=on/tlb=none" 9000
out=$("$bin" barriers "$tmp/insns.tsv" "$tmp/results.json" -o "$tmp/b.json" 2>&1)
t_check "exit 0" test $? = 0
t_check "run 1: all equal, named, per call and per entry" \
	grep -q "^barriers: run 1 walk-lockless/2MiB/mixed:pte/runs/lazy=off/tlb=none: 40 calls, all equal; per call 10727 instructions, 256 DSB (256 ishst, 0 ish), 256 ISB, 0 DMB, 0 TLBI (-); per entry 0.5 DSB, 0.5 ISB, 0 TLBI (512 entries)" <<<"$out"
t_check "run 2: one call differs (an interrupt added to it), so the undisturbed call's counts, all from that call" \
	grep -q "^barriers: run 2 .*: 40 calls, 39 undisturbed (the fewest instructions); per call 11373 instructions, 2 DSB (1 ishst, 1 ish), 2 ISB, 0 DMB, 1 TLBI (RVAALE1IS 1)" <<<"$out"
t_check "JSON: two runs, names, exactness, per entry" \
	jq -e '(.runs | length == 2) and .runs[0].exact and (.runs[1].exact | not) and .runs[0].per_call.dsb == 256 and .runs[0].per_entry.isb == 0.5 and .runs[1].undisturbed_calls == 39 and (.runs[1].name | test("lazy=on"))' "$tmp/b.json" >/dev/null
t_check "without the result file: unnamed, per call only" \
	bash -c "'$bin' barriers '$tmp/insns.tsv' | grep -q '^barriers: run 1: 40 calls, all equal; per call 10727 instructions, 256 DSB (256 ishst, 0 ish), 256 ISB, 0 DMB, 0 TLBI (-)\$'"
# Since UAPI 4 records carry their run's number: joined by it, other runs (a
# selftest's, a cross-check's) stay unnamed.
for r in 1 2 3 4; do for c in $(seq 0 39); do echo "$r 0 $c $((100 * r)) $r $r 0 0 $r 0"; done; done >"$tmp/seq.tsv"
awk 'BEGIN { n = 0 } /"completed": 40/ { n++; sub(/"completed": 40/, "\"completed\": 40, \"run_seq\": " (n == 1 ? 2 : 4)) } { print }' \
	"$tmp/results.json" >"$tmp/seq.json"
out=$("$bin" barriers "$tmp/seq.tsv" "$tmp/seq.json" 2>&1)
t_check "by run_seq: runs 2 and 4 named, 1 and 3 not" \
	bash -c "grep -q '^barriers: run 1: ' <<<'$out' && grep -q '^barriers: run 2 walk-lockless/2MiB/mixed:pte/runs/lazy=off/tlb=none: .* 200 instructions' <<<'$out' &&
		grep -q '^barriers: run 3: ' <<<'$out' && grep -q '^barriers: run 4 walk-lockless/2MiB/mixed:pte/runs/lazy=on/tlb=none: .* 400 instructions' <<<'$out'"
result "$tmp/other.json" "walk-lockless/2MiB/mixed:pte/runs/lazy=off/tlb=none" 10000
sed -i 's/"completed": 40/"completed": 39/' "$tmp/other.json"
t_expect_error "runs that are not the file's" "run 1 has 40 counted calls, record walk-lockless/2MiB/mixed:pte/runs/lazy=off/tlb=none 39: not the same runs" \
	"$bin" barriers "$tmp/insns.tsv" "$tmp/other.json"
printf '1 0 0 12 x\n' >"$tmp/bad.tsv"
t_expect_error "malformed line" "bad.tsv:1: not a plugin line" "$bin" barriers "$tmp/bad.tsv"
t_expect_error "missing file" "cannot read $tmp/none.tsv: No such file or directory" "$bin" barriers "$tmp/none.tsv"
t_expect_error "no file" "no counts file given" "$bin" barriers
# A JSON export that cannot be written: exit 1 (the summary on stdout is still printed).
"$bin" barriers "$tmp/insns.tsv" -o /dev/full >/dev/null 2>"$tmp/full.err"
rc=$?
t_check "-o /dev/full: exit 1, one line ($(head -n 1 "$tmp/full.err"))" \
	bash -c "test $rc = 1 && test \$(grep -c '' '$tmp/full.err') = 1 && grep -q 'writing /dev/full failed: No space left on device' '$tmp/full.err'"
t_done
