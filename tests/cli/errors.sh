#!/usr/bin/env bash
# pageattr-bench's bad-input answers on the host (no module needed): one clear
# line and a non-zero exit for each.
set -u
. "$(dirname "$0")/../lib.sh"
bin=$1

t_expect_fail "no command" "usage: pageattr-bench" "$bin"
t_expect_fail "unknown command" "'frobnicate' is not a command" "$bin" frobnicate
t_expect_fail "unknown option to info" "unrecognized option" "$bin" info --bogus
t_expect_fail "stray argument to selftest" "unexpected argument 'x'" "$bin" selftest x
if [ ! -e /dev/pageattr_bench ]; then
	t_expect_fail "info without the module says how to load it" "insmod pageattr_bench.ko" "$bin" info
fi
t_check "--version names the uapi" bash -c "'$bin' --version | grep -q 'uapi 1'"
t_check "--help lists the commands" bash -c "'$bin' --help | grep -q selftest"
t_done
