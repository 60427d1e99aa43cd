#!/usr/bin/env bash
# fleet/site.yml for real, with Debian's Ansible, against the full arm64 test
# machine (vm/hostvm.sh) on 127.0.0.1: two inventory names for it (arm64-a,
# arm64-b: separate trees there, separate keys here), one whose spec does not
# exist (arm64-bad) and one nobody answers at (arm64-down).
#   1. the run: a and b measured and fetched into the store by host, MIDR,
#      kernel and config hash; bad and down named in the summary; exit 2;
#      the report across machines from a and b
#   2. resume: a's run on the machine set back to an interrupted sweep (as
#      a Ctrl-C or a kill after the first configuration leaves it: the
#      journal and the table cut to one configuration, results.json of that
#      one with "complete": false, the later files gone; the store's copy
#      gone): the re-run goes on with that run, keeps the journaled
#      configuration and runs the rest, each configuration once and the
#      file complete
#   3. idempotence: a third run changes nothing and runs nothing
# Slow (ctest -L slow).
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${PAB_FLEET_OUT:-$(mktemp -d /tmp/pab-fleet.XXXXXX)}
mkdir -p "$out"
store=$out/store
command -v ansible-playbook >/dev/null || { echo "ansible-playbook missing: apt-get install ansible"; exit 1; }

vm=$("$root/vm/hostvm.sh" start --state "$out/vm") || { t_fail "the arm64 machine booted"; t_done; exit 1; }
trap '"$root/vm/hostvm.sh" stop "$vm"' EXIT
on() { "$root/vm/hostvm.sh" ssh "$vm" "$@" </dev/null; }
port=$(cat "$vm/port")
key=$(sed -n 's/^ *IdentityFile //p' "$vm/ssh_config")
cat >"$out/inventory" <<EOI
[pab]
arm64-a ansible_port=$port pab_remote_dir=/root/pab-a
arm64-b ansible_port=$port pab_remote_dir=/root/pab-b
arm64-bad ansible_port=$port pab_remote_dir=/root/pab-bad pab_spec=/nonexistent/none.spec
arm64-down ansible_port=1

[pab:vars]
ansible_host=127.0.0.1
ansible_user=root
ansible_become=false
ansible_ssh_private_key_file=$key
ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ServerAliveInterval=30'
pab_spec=$root/tests/fleet/tiny.spec
pab_store=$store
pab_checkout=$root
EOI
# One fork: a and b are the same machine, and one module at a time can load.
play() { ANSIBLE_FORCE_COLOR=0 ansible-playbook -f 1 -i "$out/inventory" "$root/fleet/site.yml" "$@"; }

start=$(date +%s)
play >"$out/run1.log" 2>&1
rc=$?
echo "run 1: exit $rc in $(($(date +%s) - start)) s"
t_check "run 1 fails as a whole (exit 2: a host failed), after finishing the others (exit $rc)" test "$rc" = 2
for h in a b; do
	d=$(dirname "$(find "$store/arm64-$h" -name "done" 2>/dev/null | head -n 1)")
	t_check "arm64-$h measured into the store by host/MIDR/kernel/config hash (${d#"$store"/})" \
		bash -c "[[ '${d#"$store"/}' =~ ^arm64-$h/midr-[0-9a-f]+/[^/]+-arm64/[0-9a-f]{12}\$ ]] &&
			test -s '$d/'\$(cat '$d/done')/report.md"
done
t_check "the summary names the failure and where ($(grep arm64-bad "$store/summary.txt"))" \
	grep -q "^arm64-bad: FAILED at 'The sweep spec" "$store/summary.txt"
t_check "and the host nobody answered at ($(grep arm64-down "$store/summary.txt"))" \
	grep -q '^arm64-down: UNREACHABLE' "$store/summary.txt"
t_check "the report across machines: a and b" bash -c "grep -q '\"machines\"' '$store/report/machines.json' &&
	[ \$(grep -c '\"host\"\\|\"hostname\"\\|\"label\"' '$store/report/machines.json') -ge 2 ] && test -s '$store/report/lkml.txt'"

# 2. An interrupted sweep on arm64-a: its run as it is after a Ctrl-C in the
# sweep once the first configuration finished: the journal and the table hold
# it, results.json holds it and says "complete": false (what the sweep writes
# after each configuration), nothing after the sweep exists.
da=$(dirname "$(find "$store/arm64-a" -name "done" | head -n 1)")
run=$(cat "$da/done")
n=$(on "grep -c '' /root/pab-a/results/$run/results.json.jsonl")
on "cd /root/pab-a/results/$run && head -n 1 results.json.jsonl > j && mv j results.json.jsonl &&
	head -n 2 results.csv > c && mv c results.csv &&
	jq '.complete = false | .results |= .[:1]' results.json > r && mv r results.json &&
	rm -f concurrency.* hyperfine.json report.* lkml.txt lkml-full.txt analysis.txt && rm -rf plots"
rm -rf "$store/arm64-a"
play --limit arm64-a >"$out/run2.log" 2>&1
rc=$?
on "cat /root/pab-a/fleet-run.log" >"$out/run2-remote.log"
t_check "run 2 (arm64-a resumes) succeeds (exit $rc)" test "$rc" = 0
t_check "it went on with the same run ($run), one configuration journaled" \
	grep -q "resume: going on with results/$run (1 sweep configurations journaled)" "$out/run2-remote.log"
t_check "no new run was started there" test "$(on "ls /root/pab-a/results | wc -l")" = 1
da=$(dirname "$(find "$store/arm64-a" -name "done" 2>/dev/null | head -n 1)")
t_check "the journal is whole again ($n configurations) and in the store" \
	test "$(grep -c '' "$da/$run/results.json.jsonl" 2>/dev/null)" = "$n"
t_check "results.json complete again, each of the $n configurations once" \
	jq -e --argjson n "$n" '.complete == true and (.results | length) == $n and ([.results[].name] | unique | length) == $n' "$da/$run/results.json"
t_check "the table too: its header and $n rows, each configuration once" \
	bash -c "test \$(grep -c '' '$da/$run/results.csv') = $((n + 1)) && test \$(tail -n +2 '$da/$run/results.csv' | sed 's/^\(\"[^\"]*\"\).*/\1/' | sort -u | grep -c '') = $n"

# 3. Nothing left to do: nothing runs, nothing changes.
play --limit arm64-a,arm64-b >"$out/run3.log" 2>&1
rc=$?
t_check "run 3 succeeds (exit $rc)" test "$rc" = 0
t_check "both in the store already" bash -c "[ \$(grep -c ': in the store already' '$store/summary.txt') = 2 ]"
t_check "nothing changed ($(grep -E '^arm64-[ab] ' "$out/run3.log" | tr -s ' ' | paste -sd ';'))" \
	bash -c "[ \$(grep -cE '^arm64-[ab] +: ok=[0-9]+ +changed=0 ' '$out/run3.log') = 2 ]"
on dmesg >"$out/dmesg.txt"
t_check "dmesg is clean" "$root/vm/dmesg_check.sh" "$out/dmesg.txt"
echo "logs: $out"
t_done
