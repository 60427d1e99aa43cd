#!/usr/bin/env bash
# What ./run_all.sh --resume decides about a results directory (vm/lib.sh:
# pab_sweep_complete, pab_run_finished), on fake directories: a sweep is
# complete only when its results.json says "complete": true at the top
# level (as 'pageattr-bench sweep' writes it once every configuration has its
# record; unit.results_file checks the writer's line); a partial sweep, an
# older file without the marker or no file at all is run again with
# 'sweep --resume'; a run is finished only with a complete sweep and its
# report (a report.html beside a partial sweep, as runs before the marker
# left them, is not finished).
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/vm/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# sweep_file FILE MARKER: a result file's top as the writer lays it out;
# MARKER is the "complete" line's value, or "" for an older file without one.
sweep_file() {
	{
		printf '{\n  "pageattr-bench version": "0.1.0",\n  "schema_version": 1,\n  "command": "pageattr-bench sweep s -o results.json",\n'
		[ -z "$2" ] || printf '  "complete": %s,\n' "$2"
		printf '  "clock": {\n    "source": "arch_sys_counter"\n  },\n  "results": [\n'
		printf '    {"name":"walk/2MiB/mixed:pte/runs/lazy=on/tlb=none","status":"ok","complete": true,\n'
		printf '  "complete": true,\n'
		printf '    "x":1}\n  ]\n}\n'
	} >"$1"
}
mkdir -p "$tmp"/{none,done,partial,old,finished,stale,nosweep}
sweep_file "$tmp/done/results.json" true
sweep_file "$tmp/partial/results.json" false
sweep_file "$tmp/old/results.json" ""
sweep_file "$tmp/finished/results.json" true
sweep_file "$tmp/stale/results.json" false
touch "$tmp/finished/report.html" "$tmp/stale/report.html" "$tmp/nosweep/report.html"

t_check "a sweep whose file says complete: complete" pab_sweep_complete "$tmp/done/results.json"
t_check "complete: false (interrupted, killed, crashed): not complete" bash -c "! (. '$root/vm/lib.sh'; pab_sweep_complete '$tmp/partial/results.json')"
t_check "an older file without the marker: not complete" bash -c "! (. '$root/vm/lib.sh'; pab_sweep_complete '$tmp/old/results.json')"
t_check "no results.json: not complete" bash -c "! (. '$root/vm/lib.sh'; pab_sweep_complete '$tmp/none/results.json')"
t_check "the marker read at the top level only (not in the records, not after them)" \
	bash -c "! (. '$root/vm/lib.sh'; pab_sweep_complete '$tmp/partial/results.json') && grep -c 'complete\": true' '$tmp/partial/results.json' | grep -qx 2"
t_check "complete sweep and report.html: finished (--resume: nothing to run)" pab_run_finished "$tmp/finished"
t_check "report.html beside a partial sweep: not finished (the sweep goes on)" bash -c "! (. '$root/vm/lib.sh'; pab_run_finished '$tmp/stale')"
t_check "report.html without results.json: not finished" bash -c "! (. '$root/vm/lib.sh'; pab_run_finished '$tmp/nosweep')"
t_check "a complete sweep without its report: not finished (the steps after it run)" bash -c "! (. '$root/vm/lib.sh'; pab_run_finished '$tmp/done')"

# The main job (vm/job.sh) decides with these: a step is skipped only when its
# output is there, the sweep's only when pab_sweep_complete says its file is
# complete, and the sweep runs with --resume.
job=$root/vm/job.sh
t_check "vm/job.sh skips the sweep only when pab_sweep_complete" \
	grep -q 'if \[ "$first" = results.json \]; then pab_sweep_complete "$1/$first"' "$job"
t_check "vm/job.sh's sweep step runs 'sweep --resume' on a host" \
	grep -q 'SPEC=$spec SWEEP_OPTS=--resume sh -c "$cmd"' "$job"
t_check "vm/job.sh --resume calls a run finished only by pab_run_finished" \
	grep -q 'if pab_run_finished "$out"; then' "$job"
t_check "vm/job.sh reports no partial sweep" \
	grep -q '^pab_sweep_complete "$out/results.json" ||' "$job"
t_done
