#!/usr/bin/env bash
# tests/skips.sh CTEST_OUTPUT BUILD_DIR: the tests a ctest run skipped
# (exit 77: SKIP_RETURN_CODE, tests/lib.sh t_skip), each with its reason
# (the "SKIP: ..." line of its output in BUILD_DIR/Testing/Temporary/
# LastTest.log), and their count, always. ctest counts a skip among the
# passed and its log says "Test Passed." for it: only its console output
# (CTEST_OUTPUT: "NAME ... ***Skipped" and the "did not run" list) says which
# were skipped. Exit 1 when any test was skipped, unless PAB_ALLOW_SKIPS=1:
# ./run_all.sh test installs every dependency, so a skip there is a
# missing piece, not a pass.
set -u
[ $# = 2 ] || { echo "usage: tests/skips.sh CTEST_OUTPUT BUILD_DIR" >&2; exit 2; }
out=$1 log=$2/Testing/Temporary/LastTest.log
[ -r "$out" ] || { echo "tests/skips.sh: cannot read ctest's output $out" >&2; exit 2; }
mapfile -t names < <(sed -n 's/^[[:space:]]*[0-9]* - \(.*\) (Skipped)$/\1/p' "$out" | sort -u)
echo "ctest: ${#names[@]} test(s) skipped"
for t in "${names[@]}"; do
	why=$(awk -v t="$t" '$2 == "Test:" && $3 == t { on = 1; next }
		on && /^<end of output>/ { exit }
		on && /^SKIP: / { sub(/^SKIP: /, ""); print; exit }' "$log" 2>/dev/null)
	echo "  $t: ${why:-no reason given (no 'SKIP:' line in its output)}"
done
[ ${#names[@]} = 0 ] && exit 0
if [ "${PAB_ALLOW_SKIPS:-0}" = 1 ]; then
	echo "skips accepted (PAB_ALLOW_SKIPS=1)"
	exit 0
fi
echo "a skipped test is no pass: install what it names (./run_all.sh deps test), or set PAB_ALLOW_SKIPS=1 to accept skips"
exit 1
