#!/usr/bin/env bash
# Verdicts only from evidence, and as JSON: analyze, compare and tune on files
# of each clock (machine.clock host, icount, emulated; an older file with
# machine.cpu.emulated and no clock). Host files keep their verdicts; icount
# files get differences (B - A ns = instructions) and no p or verdict word;
# emulated ones no faster/slower anywhere, text or JSON, and one line saying
# why. --json parses (python3 -m json.tool), is the versioned verdicts schema
# and carries basis and verdict on every row; --export-json FILE writes the
# same; bad inputs give one line and a non-zero exit.
set -u
. "$(dirname "$0")/../lib.sh"
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# clocked FILE CLOCK: FILE with machine.clock CLOCK (t_header writes none).
clocked() { sed -i "s/\"machine\": {/\"machine\": {\"clock\": \"$2\", /" "$1"; }
# parses FILE: valid JSON (python3's json.tool; jq without python3).
parses() {
	if command -v python3 >/dev/null; then python3 -m json.tool "$1" >/dev/null; else jq -e . "$1" >/dev/null; fi
}
jqt() { jq -e "$1" "$2" >/dev/null; }
# no_verdict_words FILE...: no faster, slower, gains, hurts, helps in any of them.
no_verdict_words() { ! grep -qiE 'faster|slower|gains?\b|hurts|helps' "$@"; }

batch=("w/lazy=off/x" 25000 "w/lazy=batch=1/x" 30000 "w/lazy=batch=8/x" 20000
	"w/lazy=batch=64/x" 10000 "w/lazy=batch=512/x" 10000 "apply/mix=pte/lazy=on/x" 10000
	"walk-lockless/mix=pte/lazy=on/x" 14000 "walk-lockless/mix=pmd=50%,pte=50%/lazy=on/x" 8000)
for k in host icount emulated; do
	result "$tmp/$k-a.json" same 10000 shifted 10000 gone 5000
	result "$tmp/$k-b.json" same 10000 shifted 12000 new 5000
	result "$tmp/$k-batch.json" "${batch[@]}"
	clocked "$tmp/$k-a.json" "$k"
	clocked "$tmp/$k-b.json" "$k"
	clocked "$tmp/$k-batch.json" "$k"
done
# Older files: no machine.clock; machine.cpu.emulated decides.
T_EMULATED=true result "$tmp/old-a.json" same 10000 shifted 10000
T_EMULATED=true result "$tmp/old-b.json" same 10000 shifted 12000
T_EMULATED=true result "$tmp/old-batch.json" "${batch[@]}"

# Every command's text and JSON for one clock: $tmp/K.{analyze,compare,tune}.{txt,json}.
for k in host icount emulated old; do
	"$bin" analyze "$tmp/$k-a.json" >"$tmp/$k.analyze.txt" 2>&1
	"$bin" compare "$tmp/$k-a.json" "$tmp/$k-b.json" >"$tmp/$k.compare.txt" 2>&1
	"$bin" tune "$tmp/$k-batch.json" >"$tmp/$k.tune.txt" 2>&1
	"$bin" analyze --json "$tmp/$k-a.json" >"$tmp/$k.analyze.json"
	"$bin" compare "$tmp/$k-a.json" "$tmp/$k-b.json" --json >"$tmp/$k.compare.json"
	"$bin" tune --json "$tmp/$k-batch.json" >"$tmp/$k.tune.json"
	for c in analyze compare tune; do
		t_check "$k: $c --json parses" parses "$tmp/$k.$c.json"
		t_check "$k: $c --json is the verdicts schema, version 1" \
			jqt ".schema == \"pageattr-bench/verdicts\" and .version == 1 and .command == \"$c\"" "$tmp/$k.$c.json"
		t_check "$k: $c --json: every row has its key, basis, p and verdict" \
			jqt '(.rows | length) > 0 and all(.rows[]; has("key") and has("basis") and has("p") and has("verdict") and (has("estimate_ns") or has("a")))' "$tmp/$k.$c.json"
	done
done

# Host: verdicts as before.
t_check "host: compare calls +20 % slower (text)" grep -qE '^shifted .*B slower by (19|20)\.[0-9]%' "$tmp/host.compare.txt"
t_check "host: no note" bash -c "! grep -q '^note:' '$tmp/host.compare.txt' '$tmp/host.analyze.txt' '$tmp/host.tune.txt'"
t_check "host: compare --json: verdicts, p and the basis per row" \
	jqt '.basis == "host-times" and .verdicts and .why == null and ([.rows[] | select(.key == "shifted")][0] | .verdict == "b-slower" and .p < 0.05 and .basis == "host-times" and .ratio_interval[0] > 1) and ([.rows[] | select(.key == "same")][0].verdict == "no-difference-proven") and .only_in_a == ["gone"] and .only_in_b == ["new"]' "$tmp/host.compare.json"
t_check "host: tune recommends 64 (text)" grep -q "recommended lazy MMU batch: 64 leaf entries" "$tmp/host.tune.txt"
t_check "host: tune --json: recommended 64, batch verdicts, the walker pays off from 50 %" \
	jqt '([.groups[] | select(.kind == "lazy-batch")][0].recommended_batch == 64) and ([.rows[] | select(.batch == 64)][0] | .verdict == "fastest" and .recommended) and ([.rows[] | select(.batch == 1)][0].verdict == "slower-than-fastest") and ([.groups[] | select(.kind == "walker-share")][0].pays_off_from_pmd_percent == 50)' "$tmp/host.tune.json"
t_check "host: analyze --json: estimate, interval, per entry; p and verdict null (one file)" \
	jqt 'all(.rows[]; .basis == "host-times" and .p == null and .verdict == null and (.interval_ns | length) == 2 and .per_entry_ns > 0 and .estimate == "median")' "$tmp/host.analyze.json"

# Icount: the difference, no p, no verdict word.
t_check "icount: one note on top, the reason" bash -c "for c in analyze compare tune; do [ \$(grep -c '^note: exact counts, no verdicts: under QEMU -icount shift=0' '$tmp/icount.'\$c.txt) = 1 ] || exit 1; done"
t_check "icount: compare states B - A in ns and per entry" grep -qE '^shifted .* - +B - A = \+2000 ns, \+3\.91/entry' "$tmp/icount.compare.txt"
t_check "icount: compare --json: difference, per entry, no p, no verdict" \
	jqt '.basis == "exact-counts" and (.verdicts | not) and ([.rows[] | select(.key == "shifted")][0] | .difference_ns == 2000 and .difference_per_entry_ns == 3.90625 and .p == null and .verdict == null and .basis == "exact-counts")' "$tmp/icount.compare.json"
t_check "icount: tune gives each batch's difference from lazy off, no recommendation" \
	bash -c "grep -qE '^  64 .* -15000 ns \(-29\.30/entry\)' '$tmp/icount.tune.txt' && ! grep -qE 'recommended|fastest' '$tmp/icount.tune.txt'"
t_check "icount: tune --json: differences, no recommended batch" \
	jqt '([.rows[] | select(.batch == 64)][0] | .difference_ns == -15000 and .verdict == null) and all(.groups[]; .verdict == null) and ([.groups[] | select(.kind == "lazy-batch")][0].recommended_batch == null)' "$tmp/icount.tune.json"
t_check "icount: no faster/slower anywhere" no_verdict_words "$tmp"/icount.*

# Emulated (machine.clock, and older files by machine.cpu.emulated): numbers, never a verdict.
for k in emulated old; do
	t_check "$k: no faster/slower/gains/hurts anywhere, text or JSON" no_verdict_words "$tmp"/$k.*
	t_check "$k: analyze, compare, tune: one note on top, the reason" \
		bash -c "for c in analyze compare tune; do [ \$(grep -c '^note: no verdicts: these are QEMU TCG' '$tmp/$k.'\$c.txt) = 1 ] || exit 1; done"
	t_check "$k: compare's verdict column says no verdict, p is -" grep -qE '^shifted .* - +no verdict \(emulator times\)' "$tmp/$k.compare.txt"
	t_check "$k: tune recommends nothing" bash -c "grep -qx '  lazy MMU batch: no verdict (emulator times)' '$tmp/$k.tune.txt' && ! grep -qE 'recommended|fastest|pays off' '$tmp/$k.tune.txt'"
	for c in analyze compare tune; do
		t_check "$k: $c --json: emulated basis, a reason, no p and no verdict on any row" \
			jqt '.basis == "emulated-times" and (.verdicts | not) and (.why | test("QEMU TCG")) and all(.rows[]; .basis == "emulated-times" and .p == null and .verdict == null)' "$tmp/$k.$c.json"
	done
done
# Two files: the weaker basis wins, and the note names both clocks.
"$bin" compare "$tmp/host-a.json" "$tmp/emulated-b.json" >"$tmp/mixed.txt" 2>&1
"$bin" compare "$tmp/host-a.json" "$tmp/emulated-b.json" --json >"$tmp/mixed.json"
t_check "host vs emulated: no verdict, said once with both clocks" \
	bash -c "no_verdict_words() { ! grep -qiE 'faster|slower' \"\$@\"; }; no_verdict_words '$tmp/mixed.txt' '$tmp/mixed.json' && [ \$(grep -c '^note: .*(clocks differ: A host, B emulated)' '$tmp/mixed.txt') = 1 ]"
t_check "host vs emulated: --json basis emulated-times, files name their clocks" \
	jqt '.basis == "emulated-times" and .files[0].clock == "host" and .files[1].clock == "emulated" and all(.rows[]; .verdict == null)' "$tmp/mixed.json"
"$bin" compare "$tmp/host-a.json" "$tmp/icount-b.json" --json >"$tmp/mixed2.json"
t_check "host vs icount: exact counts (the weaker), no verdict" jqt '.basis == "exact-counts" and all(.rows[]; .verdict == null)' "$tmp/mixed2.json"
result "$tmp/methods.json" "apply/2MiB/x" 10000 "walk-lockless/2MiB/x" 13000
clocked "$tmp/methods.json" emulated
"$bin" compare "$tmp/methods.json" --methods apply,walk-lockless --json >"$tmp/methods.out.json"
t_check "compare --methods --json: one file, its methods, its basis" \
	jqt '.methods == {"A": "apply", "B": "walk-lockless"} and (.files | length) == 1 and .basis == "emulated-times" and (.rows | length) == 1 and .rows[0].verdict == null' "$tmp/methods.out.json"

# --export-json FILE: the text as usual, the same JSON in FILE.
"$bin" compare "$tmp/host-a.json" "$tmp/host-b.json" --export-json "$tmp/export.json" >"$tmp/export.txt"
t_check "--export-json: the text on stdout" grep -q 'B slower by' "$tmp/export.txt"
t_check "--export-json: FILE is what --json prints" cmp -s "$tmp/export.json" "$tmp/host.compare.json"
"$bin" tune "$tmp/emulated-batch.json" --json --export-json "$tmp/export2.json" >"$tmp/export2.out"
t_check "--json with --export-json: the same JSON in both" cmp -s "$tmp/export2.json" "$tmp/export2.out"

# The help texts document the JSON and the clocks.
for c in analyze compare tune; do
	t_check "help $c names the schema and the clocks" bash -c "'$bin' help $c | grep -q 'pageattr-bench/verdicts' && '$bin' help $c | grep -q 'emulated  QEMU TCG without -icount'"
done

# Bad inputs: one line, non-zero.
result "$tmp/sundial.json" same 10000
clocked "$tmp/sundial.json" sundial
t_expect_error "analyze: an unknown machine.clock" "sundial.json: header: field 'machine.clock' is 'sundial', not host, icount or emulated" "$bin" analyze "$tmp/sundial.json" --json
t_expect_error "compare: an unknown machine.clock" "field 'machine.clock' is 'sundial'" "$bin" compare "$tmp/host-a.json" "$tmp/sundial.json"
t_expect_error "tune: an unknown machine.clock" "field 'machine.clock' is 'sundial'" "$bin" tune "$tmp/sundial.json"
t_expect_error "--export-json into a missing directory" "cannot write $tmp/no/such/x.json" "$bin" analyze "$tmp/host-a.json" --export-json "$tmp/no/such/x.json"
t_expect_error "--export-json without a file" "--export-json needs a value" "$bin" compare "$tmp/host-a.json" "$tmp/host-b.json" --export-json
t_expect_error "an unknown option" "unknown option '--jsn'" "$bin" tune "$tmp/host-batch.json" --jsn
t_expect_error "analyze takes one file" "unexpected argument|usage: pageattr-bench analyze" "$bin" analyze "$tmp/host-a.json" "$tmp/host-b.json" --json
t_expect_error "tune: --methods is compare's" "unknown option '--methods'" "$bin" tune "$tmp/host-batch.json" --methods a,b
t_expect_error "compare --methods with two files" "usage: pageattr-bench compare" "$bin" compare "$tmp/host-a.json" "$tmp/host-b.json" --methods apply,walk --json
t_expect_error "tune --json without a batch sweep" "has no batch-size sweep" "$bin" tune "$tmp/host-a.json" --json
t_expect_error "help for no command" "'nope' is not a command" "$bin" help nope
t_done
