#!/usr/bin/env bash
# Boot PROFILE's real kernel, load the real module, run the TAP selftest and
# 'info --json', and check both (tests/guest/selftest_lib.sh): every planned
# TAP test ran and passed (or skipped with a reason), and info names the
# kernel, page size and walker. Not a ctest of its own: guest.engine.PROFILE
# runs the same checks first in its boot. This is the quick one by hand.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/selftest_lib.sh"
profile=${1:?usage: selftest.sh PROFILE}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$root/vm/guest.sh" --kernel "$profile" --no-module --out "$out" -- \
	sh -c "$SELFTEST_GUEST"'; exit $(cat selftest.rc)'
rc=$?
t_check "guest run succeeded with a clean dmesg (exit $rc)" test "$rc" = 0
selftest_checks "$profile" "$out"
t_done
