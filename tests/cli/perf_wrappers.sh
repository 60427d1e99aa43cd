#!/usr/bin/env bash
# 'stat' and 'record' hand a run to perf (on this host the module is absent,
# so the run itself fails fast with its one-line error): perf's own output
# and a perf.data appear.
set -u
. "$(dirname "$0")/../lib.sh"
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v perf >/dev/null || t_skip "perf not installed (apt-get install linux-perf; ./run_all.sh deps installs it)"
out=$("$bin" stat -e task-clock -- -m apply -n 3 2>&1)
t_check "stat runs perf stat around 'run'" grep -q "Performance counter stats for '.*pageattr-bench run -m apply -n 3'" <<<"$out"
t_check "and the run itself ran (here: no module, its one-line error)" grep -q "load the module first" <<<"$out"
(cd "$tmp" && "$bin" record -e task-clock -o "$tmp/perf.data" -- -m walk -n 2 >/dev/null 2>&1)
t_check "record leaves a perf.data" test -s "$tmp/perf.data"
t_check "--help names perf" bash -c "'$bin' stat --help | grep -q 'perf stat'"
t_done
