# shellcheck shell=bash
# Helpers for the shell-driven tests: TAP-ish lines and a final tally.
T_PASS=0 T_FAIL=0
t_ok()   { T_PASS=$((T_PASS + 1)); echo "ok - $*"; }
t_fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL - $*"; }
# t_check DESC CMD...: pass when CMD succeeds.
t_check() { local d=$1; shift; if "$@"; then t_ok "$d"; else t_fail "$d"; fi; }
# t_expect_fail DESC PATTERN CMD...: CMD must exit non-zero with PATTERN on stderr+stdout.
t_expect_fail() {
	local d=$1 pat=$2 out rc
	shift 2
	out=$("$@" 2>&1) && rc=0 || rc=$?
	if [ "$rc" != 0 ] && grep -qE -- "$pat" <<<"$out"; then
		t_ok "$d (exit $rc: $(head -n 1 <<<"$out"))"
	else
		t_fail "$d: exit $rc, output: $out"
	fi
}
t_done() { echo "$T_PASS passed, $T_FAIL failed"; [ "$T_FAIL" = 0 ]; }
