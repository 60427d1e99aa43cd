#!/usr/bin/env bash
# analyze, compare and tune on small result files written here: a real difference
# is called, an equal pair is not, one-sided configurations are listed, and a
# corrupt file gives one line with its line:column and exit 2.
set -u
. "$(dirname "$0")/../lib.sh"
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

result "$tmp/a.json" same 10000 shifted 10000 gone 5000
result "$tmp/b.json" same 10000 shifted 12000 new 5000

out=$("$bin" analyze "$tmp/a.json" 2>&1)
t_check "analyze lists each configuration with its median and CI" grep -qE '^same +40 +[0-9]+ \[' <<<"$out"
out=$("$bin" compare "$tmp/a.json" "$tmp/b.json" 2>&1)
t_check "compare: equal samples, no difference proven" grep -qE '^same .*no difference proven' <<<"$out"
t_check "compare: +20 % is called slower" grep -qE '^shifted .*B slower by 19\.[0-9]%|^shifted .*B slower by 20\.[0-9]%' <<<"$out"
t_check "compare lists configurations only in A" grep -q '^only in A: gone' <<<"$out"
t_check "compare lists configurations only in B" grep -q '^only in B: new' <<<"$out"
t_check "compare names its test" grep -q 'Mann-Whitney U' <<<"$out"
result "$tmp/batch.json" "w/lazy=off/x" 25000 "w/lazy=batch=1/x" 30000 "w/lazy=batch=8/x" 20000 \
	"w/lazy=batch=64/x" 10000 "w/lazy=batch=512/x" 10000
out=$("$bin" tune "$tmp/batch.json" 2>&1)
t_check "tune recommends the smallest batch as fast as the fastest (64)" grep -q "recommended lazy MMU batch: 64 leaf entries" <<<"$out"
t_check "tune compares with lazy off (about 60 % faster)" grep -qE "(59\.9|60\.0)% faster than lazy off" <<<"$out"
t_expect_fail "tune without a batch sweep" "has no batch-size sweep" "$bin" tune "$tmp/a.json"
result "$tmp/shares.json" "apply/mix=pte/lazy=on/x" 10000 "walk-lockless/mix=pte/lazy=on/x" 14000 \
	"walk-lockless/mix=pmd=50%,pte=50%/lazy=on/x" 8000
out=$("$bin" tune "$tmp/shares.json" 2>&1)
t_check "tune finds the PMD share from which the walker pays off (50 %)" grep -q "the walker pays off from 50% PMD blocks" <<<"$out"
result "$tmp/methods.json" "apply/2MiB/x" 10000 "walk-lockless/2MiB/x" 13000 "apply/8MiB/x" 40000
out=$("$bin" compare "$tmp/methods.json" --methods apply,walk-lockless 2>&1)
t_check "compare --methods pairs methods within one file" grep -qE '^apply/2MiB/x .*B slower by (29\.[0-9]|30\.[0-9])%' <<<"$out"
t_check "compare --methods lists the unpaired configuration" grep -q '^only in A: apply/8MiB/x' <<<"$out"
t_expect_fail "compare --methods needs two methods" "takes two methods" "$bin" compare "$tmp/methods.json" --methods apply
# Older files spelled a mix as the user did: one configuration, whatever the spelling.
result "$tmp/spelt.json" "walk/2MiB/mixed:pte=100%/runs/lazy=on/tlb=none" 10000
result "$tmp/canon.json" "walk/2MiB/mixed:pte/runs/lazy=on/tlb=none" 12000
out=$("$bin" compare "$tmp/spelt.json" "$tmp/canon.json" 2>&1)
t_check "compare matches --mix pte=100% with --mix pte" grep -qE '^walk/2MiB/mixed:pte=100%/runs/lazy=on/tlb=none .*B slower' <<<"$out"
t_check "compare: no one-sided configuration for two spellings" bash -c "! grep -q '^only in' <<<\"\$1\"" _ "$out"
# UAPI 3 files: null windows and interrupt-hit calls (result_net, tests/lib.sh).
result_net "$tmp/na.json" hit 10000 1000 25 false kept 10000 1000 25 true all 10000 1000 40 false \
	same 10000 1000 0 false cheaper 10000 1000 0 false
out=$("$bin" analyze "$tmp/na.json" 2>&1)
t_check "analyze: interrupt-hit calls left out (15 undisturbed, median 10052, not the raw 30000)" grep -qE '^hit +15 +10052 ' <<<"$out"
t_check "analyze says how many calls were hit and that they are excluded" grep -q '25 of 40 calls hit by an interrupt: excluded (--keep-irq-samples keeps them)' <<<"$out"
t_check "analyze: keep_irq_samples keeps them (40 calls, median 30000)" grep -qE '^kept +40 +30000 ' <<<"$out"
t_check "analyze: every call hit, all kept and said so" grep -q '40 of 40 calls hit by an interrupt: all of them, so all kept' <<<"$out"
t_check "analyze: net = median - null median (10048 - 1003 = 9044 after rounding)" grep -qE '^same +40 +10048 \[ +[0-9]+, +[0-9]+\] +9044 \[ +[0-9]+, +[0-9]+\] +1003 ' <<<"$out"
out=$("$bin" analyze "$tmp/a.json" 2>&1)
t_check "analyze: an older file reads, net marked unavailable" grep -q 'net time unavailable: no null windows in the file' <<<"$out"
# Raw says B slower by 20 %, but all of it is the null window: net, no difference.
# Raw says equal, but B's null window is 3000 ns longer: net, B faster.
result_net "$tmp/nb.json" same 12000 3000 0 false cheaper 10000 4000 0 false hit 10000 1000 0 false
out=$("$bin" compare "$tmp/na.json" "$tmp/nb.json" 2>&1)
t_check "compare: raw +20 % that is all null window: no difference proven" grep -qE '^same .*no difference proven +net of the null window, 1003/3003 ns' <<<"$out"
t_check "compare: equal raw, longer null window in B: B faster by 33 % net" grep -qE '^cheaper .*B faster by 33\.[0-9]% .*net of the null window, 1003/4003 ns' <<<"$out"
t_check "compare: the interrupt-hit calls do not make A slower" grep -qE '^hit .*no difference proven' <<<"$out"
out=$("$bin" compare "$tmp/na.json" "$tmp/b.json" 2>&1)
t_check "compare: against an older file, raw times, said so" grep -qE '^same .*no difference proven +raw: no null window in B' <<<"$out"
# Times from a QEMU TCG guest: analyze and compare say so, once, naming each side's clock
# (tests/cli/verdicts.sh: what they then leave out).
T_EMULATED=true result "$tmp/tcg.json" same 10000
note="no verdicts: these are QEMU TCG's times without -icount, the emulator's, not a CPU's; measure on a real CPU for verdicts, or under --icount for exact instruction counts"
t_check "analyze: the emulated-CPU notice" grep -qxF "note: $note" <<<"$("$bin" analyze "$tmp/tcg.json" 2>&1)"
t_check "analyze: no notice for a file that does not say so" bash -c "! grep -q 'QEMU TCG' <<<\"\$1\"" _ "$("$bin" analyze "$tmp/a.json" 2>&1)"
t_check "compare: the notice names the emulated side" grep -qxF "note: $note (clocks differ: A host, B emulated)" <<<"$("$bin" compare "$tmp/a.json" "$tmp/tcg.json" 2>&1)"
t_check "compare --methods: one file, one notice" grep -qxF "note: $note" <<<"$("$bin" compare "$tmp/tcg.json" --methods same,other 2>&1)"
head -c 200 "$tmp/a.json" >"$tmp/broken.json"
t_expect_fail "corrupt file: line:column, exit 2" "broken.json:[0-9]+:[0-9]+: not valid JSON" "$bin" analyze "$tmp/broken.json"
t_expect_fail "missing file" "nope.json" "$bin" compare "$tmp/a.json" "$tmp/nope.json"
t_expect_fail "usage" "usage: pageattr-bench compare" "$bin" compare "$tmp/a.json"
t_done
