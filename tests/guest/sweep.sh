#!/usr/bin/env bash
# pageattr-bench sweep in the default guest: a small spec gives a valid JSON
# result file (saying "complete": true) and CSV with one record per
# configuration and plain progress lines; Ctrl-C (SIGINT) stops it with the
# finished part saved ("complete": false) and exit 130; a SIGKILL mid-sweep,
# and a journal line cut off as a kill mid-write leaves it, lose nothing
# either; --resume runs only the rest, and the resumed file and table hold
# every configuration exactly once; malformed specs give one line naming the
# line; a result file, journal or table that cannot be written stops the
# sweep with one line and exit 1 (run --csv too).
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
spec=$root/tests/guest/sweep_spec.txt
printf 'sizes = 4K\nmethods = apply\nbogus line\n' >"$out/bad_spec.txt"
# One configuration, for the write failures.
printf 'sizes = 4M\nmixes = pte\nmethods = apply\nlazy = on\niterations = 5\nwarmup = 1\n' >"$out/one.spec"

"$root/vm/guest.sh" --out "$out/g" --in "$spec" --in "$out/bad_spec.txt" --in "$out/one.spec" --in "$root/tests/guest/guest_probes.sh" -- sh -c '
	. /pab/in/guest_probes.sh
	pageattr-bench sweep /pab/in/sweep_spec.txt -n > dry.txt
	pageattr-bench sweep /pab/in/sweep_spec.txt -o full.json --progress plain > full.log 2>&1; echo $? > full.rc
	pageattr-bench sweep /pab/in/sweep_spec.txt -D iterations=2000 -o part.json --progress plain > int1.log 2>&1 &
	pid=$!
	# Interrupt once the first configuration is journaled, mid-way through
	# a later one (its region alive), not after a fixed sleep a fast host
	# could outrun.
	pab_wait 1200 0.05 pab_journaled_and_alive part.json.jsonl
	kill -INT $pid; wait $pid; echo $? > int1.rc
	cp part.json part-interrupted.json
	pageattr-bench sweep /pab/in/sweep_spec.txt -D iterations=2000 -o part.json --resume --progress plain > int2.log 2>&1; echo $? > int2.rc
	# SIGKILL: no handler, no last write; the same wait for a later
	# configuration under way.
	pageattr-bench sweep /pab/in/sweep_spec.txt -D iterations=2000 -o kill.json --progress plain > kill1.log 2>&1 &
	pid=$!
	pab_wait 1200 0.05 pab_journaled_and_alive kill.json.jsonl
	kill -KILL $pid; wait $pid; echo $? > kill1.rc
	cp kill.json kill-killed.json 2>/dev/null
	cp kill.json.jsonl kill-killed.jsonl
	# A kill in the middle of writing a journal line leaves the line without
	# its end: the next configuration, cut off.
	next=$(grep -v "^not run:" dry.txt | sed -n "$(($(grep -c "" kill.json.jsonl) + 1))p")
	echo "$next" > kill-cut.name
	printf "{\"name\":\"%s\",\"status\":\"ok\",\"config\":{\"meth" "$next" >> kill.json.jsonl
	pageattr-bench sweep /pab/in/sweep_spec.txt -D iterations=2000 -o kill.json --resume --progress plain > kill2.log 2>&1; echo $? > kill2.rc
	pageattr-bench sweep /pab/in/bad_spec.txt -o bad.json > bad.log 2>&1; echo $? > bad.rc
	# Writes that fail: the result file (its temporary is a directory), the
	# journal and the table (each /dev/full: every write "No space left").
	mkdir save.json.tmp
	pageattr-bench sweep /pab/in/one.spec -o save.json --progress none > save.out 2> save.err; echo $? > save.rc
	ln -s /dev/full jfull.json.jsonl
	pageattr-bench sweep /pab/in/one.spec -o jfull.json --progress none > jfull.out 2> jfull.err; echo $? > jfull.rc
	ln -s /dev/full cfull.csv
	pageattr-bench sweep /pab/in/one.spec -o cfull.json --progress none > cfull.out 2> cfull.err; echo $? > cfull.rc
	pageattr-bench run -m apply -s 4K -n 2 --csv /dev/full > rfull.out 2> rfull.err; echo $? > rfull.rc
	rm -f jfull.json.jsonl cfull.csv
	true' >"$out/guest.log" 2>&1
t_check "guest run with a clean dmesg" test $? = 0
g=$out/g
n=$(tail -n 1 "$g/dry.txt" | cut -d' ' -f1)
# 24 combinations less the 4 of apply (PTE mappings only) on the PMD-block
# mix, which cannot exist and are named, not run (bench/config_possible.c).
t_check "dry run lists 20 configurations" test "$n" = 20
t_check "... and names the 4 combinations that cannot exist" \
	grep -q "^not run: 4 combinations that cannot exist here: a method that changes PTE mappings only, on a region with blocks" "$g/dry.txt"
t_check "full sweep exits 0" test "$(cat "$g/full.rc")" = 0
t_check "result file is valid JSON with 20 records" test "$(jq '.results | length' "$g/full.json")" = 20
jqt() { jq -e "$1" "$2" >/dev/null; }
t_check "header names kernel, page size, command, schema" \
	jqt '.machine.kernel.release and .machine.kernel.page_size == 4096 and (.command | test("sweep")) and .schema_version == 1' "$g/full.json"
t_check "all 20 records ok, none of apply on PMD blocks" \
	jqt '([.results[] | select(.status == "ok")] | length) == 20 and ([.results[] | select(.config.method == "apply" and (.config.mix | test("pmd")))] | length) == 0' "$g/full.json"
t_check "every ok record verified every call and has 100 samples" \
	jqt '[.results[] | select(.status == "ok") | (.run.mismatched == 0 and .run.verified_calls == 102 and (.samples.ns | length) == 100)] | all' "$g/full.json"
t_check "TCG guest: the machine is marked emulated" jqt '.machine.cpu.emulated == true' "$g/full.json"
t_check "TCG guest: the sweep's summary carries the notice" grep -q "^note: QEMU TCG guest: times are the emulator's" "$g/full.log"
t_check "CSV: header and 20 rows" test "$(wc -l <"$g/full.csv")" = 21
t_check "plain progress: one line per configuration with ETA" test "$(grep -c '^\[[0-9]*/20\] .*ETA' "$g/full.log")" = 20
done1=$(jq '.results | length' "$g/part-interrupted.json" 2>/dev/null || echo 0)
t_check "SIGINT: exit 130" test "$(cat "$g/int1.rc")" = 130
t_check "SIGINT: partial results kept ($done1 of 20)" bash -c "test $done1 -gt 0 && test $done1 -lt 20"
t_check "SIGINT: says how to resume" grep -q "with --resume to finish" "$g/int1.log"
t_check "--resume finishes with 20 records" test "$(jq '.results | length' "$g/part.json")" = 20
t_check "--resume skipped the $done1 done" grep -q "$done1 already done" "$g/int2.log"
# Complete: the file says so only once every configuration has its record.
t_check "a whole sweep's file says complete" jqt '.complete == true' "$g/full.json"
t_check "SIGINT: the partial file says not complete" jqt '.complete == false' "$g/part-interrupted.json"
t_check "--resume after SIGINT: complete, exit 0" bash -c "jq -e '.complete == true' '$g/part.json' >/dev/null && test \$(cat '$g/int2.rc') = 0"
# once FILE.json: each of the 20 configurations exactly once in the file and in its table.
once() {
	jq -e '([.results[].name] | length) == 20 and ([.results[].name] | unique | length) == 20' "$1.json" >/dev/null &&
		test "$(grep -c '' "$1.csv")" = 21 &&
		test "$(tail -n +2 "$1.csv" | sed 's/^\("[^"]*"\).*/\1/' | sort -u | grep -c '')" = 20
}
t_check "--resume after SIGINT: each configuration once (file and table)" once "$g/part"
killed=$(grep -c '' "$g/kill-killed.jsonl" 2>/dev/null || echo 0)
t_check "SIGKILL: killed (exit $(cat "$g/kill1.rc")) with $killed of 20 journaled" \
	bash -c "test \$(cat '$g/kill1.rc') = 137 && test $killed -gt 0 && test $killed -lt 20"
t_check "SIGKILL: the file left behind does not say complete" \
	bash -c "! jq -e '.complete == true' '$g/kill-killed.json' >/dev/null 2>&1"
t_check "--resume after SIGKILL and a cut journal line: says it dropped the line" \
	grep -q "its last record was cut off .*: dropped, that configuration runs again" "$g/kill2.log"
t_check "... ran the cut configuration again ($(cat "$g/kill-cut.name"))" \
	grep -qF "$(cat "$g/kill-cut.name"): median" "$g/kill2.log"
t_check "... skipped the $killed journaled, exit 0, complete" \
	bash -c "grep -q '$killed already done' '$g/kill2.log' && test \$(cat '$g/kill2.rc') = 0 && jq -e '.complete == true' '$g/kill.json' >/dev/null"
t_check "... each configuration once (file and table), the journal whole" \
	bash -c "$(declare -f once); once '$g/kill' && test \$(grep -c '' '$g/kill.json.jsonl') = 20 && jq -e . '$g/kill.json.jsonl' >/dev/null"
t_check "malformed spec: exit 2" test "$(cat "$g/bad.rc")" = 2
t_check "malformed spec: names file and line" grep -q "bad_spec.txt:3: expected 'key = values'" "$g/bad.log"
# one_line NAME PATTERN: exit 1 and exactly one line on stderr, matching.
one_line() { test "$(cat "$g/$1.rc")" = 1 && test "$(grep -c '' "$g/$1.err")" = 1 && grep -q -- "$2" "$g/$1.err"; }
t_check "result file not writable: exit 1, one line ($(head -n 1 "$g/save.err"))" \
	one_line save "cannot write save.json.tmp: Is a directory; the journal keeps 1 configurations: fix that, then run the same command with --resume"
t_check "journal not writable: exit 1, one line ($(head -n 1 "$g/jfull.err"))" \
	one_line jfull "writing the journal jfull.json.jsonl failed: No space left on device"
t_check "table not writable: exit 1, one line ($(head -n 1 "$g/cfull.err"))" \
	one_line cfull "writing cfull.csv failed: No space left on device"
t_check "run --csv not writable: exit 1, one line ($(head -n 1 "$g/rfull.err"))" \
	one_line rfull "writing /dev/full failed: No space left on device"
t_done
