#!/usr/bin/env bash
# A skip is no pass. (1) Every registered test declares exit 77 a skip
# (SKIP_RETURN_CODE 77), so ctest reports one as skipped. (2) tests/lib.sh:
# t_skip and t_skip_part end a test with 77 and a "SKIP:" line; a failure
# still fails. (3) tests/skips.sh, which ./run_all.sh test ends with, on a
# small ctest project: the count and each skipped test's reason, exit 1,
# and 0 with PAB_ALLOW_SKIPS=1 or without skips. (4) The tests that need a
# tool skip without it (PATH without gnuplot, perf, chromium): exit 77 and
# the reason, where they used to exit 0 as passed.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. ctest runs this in the tests' build directory: every test there.
if json=$(ctest --test-dir "$PWD" --show-only=json-v1 2>/dev/null) && [ -n "$json" ] &&
	n=$(jq '.tests | length' <<<"$json" 2>/dev/null) && [ "${n:-0}" -gt 0 ]; then
	bad=$(jq -r '.tests[] | select(([.properties[]? | select(.name == "SKIP_RETURN_CODE" and .value == 77)] | length) == 0) | .name' <<<"$json")
	t_check "all $n registered tests take exit 77 as a skip${bad:+ (not: $(paste -sd' ' <<<"$bad"))}" test -z "$bad"
else
	t_fail "ctest --show-only in $PWD listed no tests (run this through ctest)"
fi

# 2. The helpers.
lib=$root/tests/lib.sh
bash -c ". '$lib'; t_ok a; t_skip 'no frobnicator'; t_ok never" >"$tmp/s.out" 2>&1
rc=$?
t_check "t_skip: exit 77 at once, with its SKIP: line (exit $rc)" \
	bash -c "test $rc = 77 && grep -qx 'SKIP: no frobnicator' '$tmp/s.out' && ! grep -q never '$tmp/s.out'"
bash -c ". '$lib'; t_ok a; t_skip_part 'part x: no x'; t_ok b; t_done" >"$tmp/p.out" 2>&1
rc=$?
t_check "t_skip_part: the rest runs, then exit 77 with the reason (exit $rc)" \
	bash -c "test $rc = 77 && grep -q '^ok - b' '$tmp/p.out' && grep -qx 'SKIP: 1 part(s) not run: part x: no x' '$tmp/p.out'"
bash -c ". '$lib'; t_skip_part 'no x'; t_fail b; t_done" >/dev/null 2>&1
rc=$?
t_check "a failure with a skipped part still fails (exit $rc)" test "$rc" = 1

# 3. tests/skips.sh on a ctest project with a pass, two skips and (then) none.
mkdir -p "$tmp/p"
cat >"$tmp/p/CMakeLists.txt" <<EOC
cmake_minimum_required(VERSION 3.13)
project(skips NONE)
enable_testing()
add_test(NAME a.pass COMMAND bash -c ". '$lib'; t_ok fine; t_done")
add_test(NAME b.tool COMMAND bash -c ". '$lib'; t_skip 'frob not installed (apt-get install frob)'")
add_test(NAME c.part COMMAND bash -c ". '$lib'; t_ok fine; t_skip_part 'the PMU section: built without libpfm4'; t_done")
get_property(all DIRECTORY PROPERTY TESTS)
set_tests_properties(\${all} PROPERTIES SKIP_RETURN_CODE 77)
EOC
cmake -S "$tmp/p" -B "$tmp/p/b" >/dev/null 2>&1
ctest --test-dir "$tmp/p/b" >"$tmp/ctest.out" 2>&1
rc=$?
t_check "ctest: both skips reported as skipped, not passed (exit $rc)" \
	bash -c "test $rc = 0 && grep -q 'b.tool .*Skipped' '$tmp/ctest.out' && grep -q 'c.part .*Skipped' '$tmp/ctest.out' && grep -q 'a.pass .*Passed' '$tmp/ctest.out'"
PAB_ALLOW_SKIPS=0 "$root/tests/skips.sh" "$tmp/ctest.out" "$tmp/p/b" >"$tmp/skips.out" 2>&1
rc=$?
t_check "skips.sh: exit 1 on skips (exit $rc)" test "$rc" = 1
t_check "skips.sh: the count" grep -qx 'ctest: 2 test(s) skipped' "$tmp/skips.out"
t_check "skips.sh: each skipped test with its reason" \
	bash -c "grep -qx '  b.tool: frob not installed (apt-get install frob)' '$tmp/skips.out' && grep -qx '  c.part: 1 part(s) not run: the PMU section: built without libpfm4' '$tmp/skips.out'"
PAB_ALLOW_SKIPS=1 "$root/tests/skips.sh" "$tmp/ctest.out" "$tmp/p/b" >"$tmp/allow.out" 2>&1
rc=$?
t_check "skips.sh with PAB_ALLOW_SKIPS=1: exit 0, still listed (exit $rc)" \
	bash -c "test $rc = 0 && grep -q '  b.tool: ' '$tmp/allow.out' && grep -q 'PAB_ALLOW_SKIPS=1' '$tmp/allow.out'"
ctest --test-dir "$tmp/p/b" -R a.pass >"$tmp/none.out" 2>&1
"$root/tests/skips.sh" "$tmp/none.out" "$tmp/p/b" >"$tmp/none.txt" 2>&1
rc=$?
t_check "skips.sh without skips: exit 0, count 0 (exit $rc)" \
	bash -c "test $rc = 0 && grep -qx 'ctest: 0 test(s) skipped' '$tmp/none.txt'"
t_check "./run_all.sh test ends with skips.sh and fails on its verdict" \
	bash -c "grep -q 'tests/skips.sh \"\$PAB_BUILD/host/ctest.log\" \"\$PAB_BUILD/host\" || skipped=1' '$root/run_all.sh' && grep -q 'pab_die \"tests were skipped' '$root/run_all.sh'"

# 4. Without their tool: skipped, not passed. A PATH of everything but it.
mkdir -p "$tmp/bin"
for d in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
	for f in "$d"/*; do [ -e "$tmp/bin/${f##*/}" ] || ln -s "$f" "$tmp/bin/${f##*/}" 2>/dev/null; done
done
rm -f "$tmp/bin"/{gnuplot,perf,chromium,chromium-browser}
for t in cli/report.sh:gnuplot cli/report_browser.sh:chromium cli/perf_wrappers.sh:perf; do
	PATH=$tmp/bin "$root/tests/${t%%:*}" /bin/true >"$tmp/t.out" 2>&1
	rc=$?
	t_check "${t%%:*} without ${t#*:}: skipped, exit 77 (exit $rc): $(grep -m1 '^SKIP:' "$tmp/t.out")" \
		bash -c "test $rc = 77 && grep -q '^SKIP: ${t#*:} not installed' '$tmp/t.out'"
done
t_done
