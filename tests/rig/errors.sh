#!/usr/bin/env bash
# vm/guest.sh answers bad input with one clear line and a non-zero exit,
# before booting anything.
set -u
. "$(dirname "$0")/../lib.sh"
g=$(dirname "$0")/../../vm/guest.sh

t_expect_fail "unknown profile names the valid ones" "unknown guest profile 'arm64-9.9'.*arm64-7.2" "$g" --kernel arm64-9.9 -- true
t_expect_fail "no command" "no command given" "$g" --kernel arm64-7.2
t_expect_fail "bad --smp" "--smp must be a positive number" "$g" --smp zero -- true
t_expect_fail "bad --mem" "--mem must look like" "$g" --mem 12 -- true
t_expect_fail "missing --in file" "--in /nonexistent: no such file" "$g" --in /nonexistent -- true
t_expect_fail "unknown option" "unknown option '--frob'" "$g" --frob -- true
t_check "--list shows every profile" bash -c "'$g' --list | grep -q arm64-7.2-16k && '$g' --list | grep -q amd64-7.2"
t_done
