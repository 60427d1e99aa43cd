#!/usr/bin/env bash
# The field's linters on the tree as a clone has it (git ls-files):
# ShellCheck on every shell script (warnings and errors; sources followed
# through .shellcheckrc's source-path), ansible-lint on fleet/ (its default
# profile, every rule). A finding fails the test, listed; a linter missing
# is a skip with its reason (./run_all.sh test installs both: a skip fails
# the suite there).
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
command -v shellcheck >/dev/null || t_skip "shellcheck is not installed (apt-get install shellcheck)"
command -v ansible-lint >/dev/null || t_skip "ansible-lint is not installed (apt-get install ansible-lint)"

mapfile -t scripts < <(git ls-files '*.sh' run_all.sh .ci/run)
t_check "there are shell scripts to check (${#scripts[@]})" test "${#scripts[@]}" -gt 20
findings=$(shellcheck -x -S warning -f gcc "${scripts[@]}" 2>&1)
[ -z "$findings" ] || printf '%s\n' "$findings" | head -n 40
t_check "shellcheck -x -S warning: no finding in ${#scripts[@]} scripts ($(printf '%s' "$findings" | grep -c . ) found)" test -z "$findings"

# ansible-lint writes its cache and its temporary collections under the
# project and HOME: both go to a scratch directory.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$(HOME=$tmp ANSIBLE_LOCAL_TEMP=$tmp ansible-lint --offline --nocolor -p fleet/ 2>&1)
rc=$?
[ "$rc" = 0 ] || printf '%s\n' "$out" | tail -n 30
files=$(printf '%s\n' "$out" | sed -n 's/.* on \([0-9]*\) files\..*/\1/p' | tail -n 1)
t_check "ansible-lint read the playbooks and roles (${files:-no} files)" test "${files:-0}" -ge 5
t_check "ansible-lint on fleet/: no finding (exit $rc)" test "$rc" = 0
t_done
