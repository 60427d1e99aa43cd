#!/usr/bin/env bash
# Fuzz the module's ioctl interface in PROFILE's real kernel: 100000 random
# and structurally mutated requests (pab-ioctl-fuzz, seeded), each answered
# with success or a documented errno, no module vmalloc area left after the
# close, memory back, and a clean dmesg (guest.sh fails the run otherwise).
set -u
. "$(dirname "$0")/../lib.sh"
profile=${1:?usage: fuzz.sh PROFILE}
inputs=${PAB_FUZZ_INPUTS:-100000}
# A new seed per day covers new ground; the log names it for a replay.
seed=${PAB_FUZZ_SEED:-$(date +%Y%m%d)}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "# seed $seed (replay: PAB_FUZZ_SEED=$seed $0 $profile)"
"$root/vm/guest.sh" --kernel "$profile" --mem 2G --timeout 2400 --out "$out" -- \
	sh -c "pab-ioctl-fuzz -n $inputs -s $seed > fuzz.txt; rc=\$?; grep -v '^# [0-9]*0000 inputs' fuzz.txt; exit \$rc"
rc=$?
t_check "fuzzer passed with a clean dmesg (exit $rc)" test "$rc" = 0
line=$(grep '^inputs ' "$out/fuzz.txt")
t_check "$inputs inputs sent ($line)" grep -q "^inputs $inputs " <<<"$line"
t_check "no unexpected answer" grep -q " unexpected 0 " <<<"$line"
t_check "a fair share accepted, not all refused" \
	awk -v n="$inputs" '/^inputs/ { exit !($4 > n / 10) }' <<<"$line"
t_check "no module vmalloc area left after close" grep -qE "^# module vmalloc areas: ([0-9]+) before, \1 after close" "$out/fuzz.txt"
t_done
