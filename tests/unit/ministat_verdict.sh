#!/usr/bin/env bash
# compare's verdict against FreeBSD's ministat (Student's t at 95 %) on the
# same two sample sets: both must say "difference" or both "no difference
# proven". Inputs where the answer is clear (a 5 % and a 20 % shift, at 40
# calls: the bootstrap interval, and at 2000 and 200 000: the closed form)
# and where it is not (two draws of one distribution; one sample set twice;
# a 0.2 % shift in 300 calls; the draws are seeded, and seeds where the
# t-test has its 5 % false alarm avoided). Skipped (77) without ministat.
#   ministat_verdict.sh PAGEATTR_BENCH PAB_GEN_RESULTS
set -u
. "$(dirname "$0")/../lib.sh"
bin=$(realpath "$1")
gen=$(realpath "$2")
command -v ministat >/dev/null || { echo "SKIP: ministat not installed (apt-get install ministat; ./run_all.sh deps installs it)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ours A.json B.json: "difference" or "none" from compare's one row
ours() {
	local row
	row=$("$bin" compare "$1" "$2" 2>&1 | sed -n 4p)
	case $row in
	*"no difference proven"*) echo none ;;
	*"B slower by"* | *"B faster by"*) echo difference ;;
	*) echo "unparsed: $row" ;;
	esac
}
theirs() {
	case $(ministat -A -c 95 "$1" "$2") in
	*"No difference proven at 95.0% confidence"*) echo none ;;
	*"Difference at 95.0% confidence"*) echo difference ;;
	*) echo unparsed ;;
	esac
}
# agree NAME EXPECTED A.json A.txt B.json B.txt
agree() {
	local o t
	o=$(ours "$3" "$5")
	t=$(theirs "$4" "$6")
	t_check "$1: compare says $o, ministat says $t (expected $2)" test "$o" = "$2" -a "$t" = "$2"
}
# gen NAME SAMPLES SCALE SEED: pab-gen-results' file and its ns samples as text
gen() { "$gen" "$tmp/$1.json" 1 "$2" "$3" "$4" "$tmp/$1.txt"; }

gen a2k 2000 1.0 1; gen b2k 2000 1.05 2; gen c2k 2000 1.0 3
agree "2000 calls, B 5 % slower" difference "$tmp/a2k.json" "$tmp/a2k.txt" "$tmp/b2k.json" "$tmp/b2k.txt"
agree "2000 calls, one distribution drawn twice" none "$tmp/a2k.json" "$tmp/a2k.txt" "$tmp/c2k.json" "$tmp/c2k.txt"
gen a200k 200000 1.0 4; gen b200k 200000 1.05 5; gen c200k 200000 1.0 9
agree "200000 calls, B 5 % slower" difference "$tmp/a200k.json" "$tmp/a200k.txt" "$tmp/b200k.json" "$tmp/b200k.txt"
agree "200000 calls, one distribution drawn twice" none "$tmp/a200k.json" "$tmp/a200k.txt" "$tmp/c200k.json" "$tmp/c200k.txt"
gen a300 300 1.0 7; gen b300 300 1.002 8
agree "300 calls, B 0.2 % slower (within the noise)" none "$tmp/a300.json" "$tmp/a300.txt" "$tmp/b300.json" "$tmp/b300.txt"
# 40 calls (tests/lib.sh result: BASE + (i * 7919) % 97): the bootstrap interval.
result "$tmp/s40.json" x 10000
result "$tmp/t40.json" x 12000
for i in $(seq 0 39); do echo $((10000 + (i * 7919) % 97)); done >"$tmp/s40.txt"
for i in $(seq 0 39); do echo $((12000 + (i * 7919) % 97)); done >"$tmp/t40.txt"
agree "40 calls, B 20 % slower" difference "$tmp/s40.json" "$tmp/s40.txt" "$tmp/t40.json" "$tmp/t40.txt"
agree "40 calls, the same samples twice" none "$tmp/s40.json" "$tmp/s40.txt" "$tmp/s40.json" "$tmp/s40.txt"
t_done
