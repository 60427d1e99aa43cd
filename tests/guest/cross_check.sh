#!/usr/bin/env bash
# pageattr-bench cross-check in the default guest: hyperfine (Debian's, with
# its libraries in the initramfs) times whole runs of two methods and writes
# its JSON; an unknown method is refused before anything runs.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$root/vm/guest.sh" --out "$out" -- sh -c '
	pageattr-bench cross-check -m apply,walk-lockless --runs 3 --warmup 1 -o hf.json -- -s 2M -n 10 -w 1 > hf.log 2>&1; echo $? > hf.rc
	pageattr-bench cross-check -m apply,frob -o bad.json > bad.log 2>&1; echo $? > bad.rc' >"$out/guest.log" 2>&1
t_check "guest run with a clean dmesg" test $? = 0
t_check "cross-check exits 0" test "$(cat "$out/hf.rc")" = 0
t_check "hyperfine JSON has both methods" \
	bash -c "jq -e '(.results | length) == 2 and (.results[0].command | test(\"run -m apply\")) and (.results[1].command | test(\"run -m walk-lockless\"))' '$out/hf.json' >/dev/null"
t_check "each timed 3 times with a positive mean" \
	bash -c "jq -e '[.results[] | ((.times | length) == 3 and .mean > 0)] | all' '$out/hf.json' >/dev/null"
t_check "unknown method refused (exit 2, names it)" bash -c "test \$(cat '$out/bad.rc') = 2 && grep -q \"method 'frob'\" '$out/bad.log'"
t_done
