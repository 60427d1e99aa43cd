#!/usr/bin/env bash
# vm/guest.sh answers bad input with exactly one line on stderr naming the bad
# value, nothing on stdout, and a non-zero exit, before booting anything.
set -u
. "$(dirname "$0")/../lib.sh"
g=$(dirname "$0")/../../vm/guest.sh

t_expect_error "unknown profile names the valid ones" "unknown guest profile 'nope'.*arm64-7.2" "$g" --kernel nope -- true
t_expect_error "unknown profile (--kernel=)" "unknown guest profile 'arm64-9.9'.*amd64-7.2" "$g" --kernel=arm64-9.9 -- true
t_expect_error "--kernel without a profile" "--kernel needs a profile" "$g" --kernel
t_expect_error "no command" "no command given" "$g" --kernel arm64-7.2
t_expect_error "bad --smp" "--smp must be a positive number, not 'zero'" "$g" --smp zero -- true
t_expect_error "bad --mem" "--mem must look like 512M or 2G, not '12'" "$g" --mem 12 -- true
t_expect_error "bad --timeout" "--timeout must be a positive number of seconds, not 'soon'" "$g" --timeout soon -- true
t_expect_error "missing --in file" "--in /nonexistent: no such file" "$g" --in /nonexistent -- true
t_expect_error "unknown option" "unknown option '--frob'" "$g" --frob -- true
t_check "--list shows every profile" bash -c "'$g' --list | grep -q arm64-7.2-16k && '$g' --list | grep -q amd64-7.2"
t_done
