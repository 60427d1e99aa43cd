#!/usr/bin/env bash
# pageattr-bench sweep in the default guest: a small spec gives a valid JSON
# result file and CSV with one record per configuration and plain progress
# lines; Ctrl-C (SIGINT) stops it with the finished part saved and exit 130;
# --resume runs only the rest; malformed specs give one line naming the line.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
spec=$root/tests/guest/sweep_spec.txt
printf 'sizes = 4K\nmethods = apply\nbogus line\n' >"$out/bad_spec.txt"

"$root/vm/guest.sh" --out "$out/g" --in "$spec" --in "$out/bad_spec.txt" -- sh -c '
	pageattr-bench sweep /pab/in/sweep_spec.txt -n > dry.txt
	pageattr-bench sweep /pab/in/sweep_spec.txt -o full.json --progress plain > full.log 2>&1; echo $? > full.rc
	pageattr-bench sweep /pab/in/sweep_spec.txt -D iterations=2000 -o part.json --progress plain > int1.log 2>&1 &
	pid=$!
	# Interrupt once the first configuration is journaled, mid-way through
	# a later one (its region alive), not after a fixed sleep a fast host
	# could outrun.
	alive() { grep -q "\[pageattr_bench\]" /proc/vmallocinfo; }
	n=0; while { [ ! -s part.json.jsonl ] || ! alive; } && [ $n -lt 1200 ]; do sleep 0.05; n=$((n + 1)); done
	kill -INT $pid; wait $pid; echo $? > int1.rc
	cp part.json part-interrupted.json
	pageattr-bench sweep /pab/in/sweep_spec.txt -D iterations=2000 -o part.json --resume --progress plain > int2.log 2>&1; echo $? > int2.rc
	pageattr-bench sweep /pab/in/bad_spec.txt -o bad.json > bad.log 2>&1; echo $? > bad.rc
	true' >"$out/guest.log" 2>&1
t_check "guest run with a clean dmesg" test $? = 0
g=$out/g
n=$(tail -n 1 "$g/dry.txt" | cut -d' ' -f1)
t_check "dry run lists 24 configurations" test "$n" = 24
t_check "full sweep exits 0 (apply on blocks is a refusal, not a failure)" test "$(cat "$g/full.rc")" = 0
t_check "result file is valid JSON with 24 records" test "$(jq '.results | length' "$g/full.json")" = 24
jqt() { jq -e "$1" "$2" >/dev/null; }
t_check "header names kernel, page size, command, schema" \
	jqt '.machine.kernel.release and .machine.kernel.page_size == 4096 and (.command | test("sweep")) and .schema_version == 1' "$g/full.json"
t_check "20 records ok, 4 refused (apply on PMD blocks)" \
	jqt '([.results[] | select(.status == "ok")] | length) == 20 and ([.results[] | select(.status == "error" and (.error | test("block mappings")))] | length) == 4' "$g/full.json"
t_check "every ok record verified every call and has 100 samples" \
	jqt '[.results[] | select(.status == "ok") | (.run.mismatched == 0 and .run.verified_calls == 102 and (.samples.ns | length) == 100)] | all' "$g/full.json"
t_check "TCG guest: the machine is marked emulated" jqt '.machine.cpu.emulated == true' "$g/full.json"
t_check "TCG guest: the sweep's summary carries the notice" grep -q "^note: QEMU TCG guest: times are the emulator's" "$g/full.log"
t_check "CSV: header and 24 rows" test "$(wc -l <"$g/full.csv")" = 25
t_check "plain progress: one line per configuration with ETA" test "$(grep -c '^\[[0-9]*/24\] .*ETA' "$g/full.log")" = 24
done1=$(jq '.results | length' "$g/part-interrupted.json" 2>/dev/null || echo 0)
t_check "SIGINT: exit 130" test "$(cat "$g/int1.rc")" = 130
t_check "SIGINT: partial results kept ($done1 of 24)" bash -c "test $done1 -gt 0 && test $done1 -lt 24"
t_check "SIGINT: says how to resume" grep -q "with --resume to finish" "$g/int1.log"
t_check "--resume finishes with 24 records" test "$(jq '.results | length' "$g/part.json")" = 24
t_check "--resume skipped the $done1 done" grep -q "$done1 already done" "$g/int2.log"
t_check "malformed spec: exit 2" test "$(cat "$g/bad.rc")" = 2
t_check "malformed spec: names file and line" grep -q "bad_spec.txt:3: expected 'key = values'" "$g/bad.log"
t_done
